"""Exercises and quizzes of section 3 (incidents), advanced tier."""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

EXERCISES: list[Exercise] = []

QUIZZES: list[Quiz] = []
