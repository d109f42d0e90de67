"""Exercises and quizzes of section 6 (observability-driven development), intermediate tier (keys "odd2a", "odd2b", "odd2c")."""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

EXERCISES: list[Exercise] = []
QUIZZES: list[Quiz] = []
