"""Exercises and quizzes of the capstone, part 3 (key "cap3"): ``07_capstone/3_roadmap_and_executive_report``."""

from __future__ import annotations

from ._engine import Exercise  # noqa: F401
from ._quiz import Quiz  # noqa: F401

_NB = "07_capstone/3_roadmap_and_executive_report"

EXERCISES: list = []
QUIZZES: list = []
