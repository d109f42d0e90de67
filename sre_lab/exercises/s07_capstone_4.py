"""Exercises and quizzes of the capstone, part 4 (key "cap4"): ``07_capstone/4_take_home_and_wrap_up``."""

from __future__ import annotations

from ._engine import Exercise  # noqa: F401
from ._quiz import Quiz  # noqa: F401

_NB = "07_capstone/4_take_home_and_wrap_up"

EXERCISES: list = []
QUIZZES: list = []
