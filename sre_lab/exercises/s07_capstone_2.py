"""Exercises and quizzes of the capstone, part 2 (key "cap2"): ``07_capstone/2_scale_and_shift_left``."""

from __future__ import annotations

from ._engine import Exercise  # noqa: F401
from ._quiz import Quiz  # noqa: F401

_NB = "07_capstone/2_scale_and_shift_left"

EXERCISES: list = []
QUIZZES: list = []
