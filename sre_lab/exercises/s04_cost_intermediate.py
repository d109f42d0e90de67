"""Exercises and quizzes of section 4 (observability cost), intermediate tier (notebooks in ``notebooks/04_cost/``)."""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

EXERCISES: list[Exercise] = []

QUIZZES: list[Quiz] = []
