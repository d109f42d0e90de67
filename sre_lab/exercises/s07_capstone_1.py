"""Exercises and quizzes of the capstone, part 1 (key "cap1"): ``07_capstone/1_stabilise_the_quarter``."""

from __future__ import annotations

from ._engine import Exercise  # noqa: F401
from ._quiz import Quiz  # noqa: F401

_NB = "07_capstone/1_stabilise_the_quarter"

EXERCISES: list = []
QUIZZES: list = []
