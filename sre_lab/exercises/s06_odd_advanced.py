"""Exercises and quizzes of section 6 (observability-driven development), advanced tier (keys "odd3a", "odd3b", "odd3c")."""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

EXERCISES: list[Exercise] = []
QUIZZES: list[Quiz] = []
