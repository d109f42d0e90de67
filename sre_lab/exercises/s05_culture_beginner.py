"""Exercises and quizzes of section 5 (reliability culture), beginner tier (notebooks in ``notebooks/05_culture/``)."""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

EXERCISES: list[Exercise] = []

QUIZZES: list[Quiz] = []
