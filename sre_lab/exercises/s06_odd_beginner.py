"""Exercises and quizzes of section 6 (observability-driven development), beginner tier (keys "odd1a", "odd1b", "odd1c")."""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

EXERCISES: list[Exercise] = []
QUIZZES: list[Quiz] = []
