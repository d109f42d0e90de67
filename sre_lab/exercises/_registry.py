"""Collects the per-section registries, in course order.

Each section has a module ``sNN_<topic>[_<tier>].py`` with two lists,
``EXERCISES`` (checked with :func:`sre_lab.check`) and ``QUIZZES`` (asked with
:func:`sre_lab.quiz`). A new section adds its module name to ``SECTIONS``.
"""

from __future__ import annotations

import functools
import importlib

SECTIONS = (
    "s00_start",
    "s01_introduction",
    "s02_slos_beginner",
    "s02_slos_intermediate",
    "s02_slos_advanced",
)


@functools.cache
def _modules():
    return tuple(importlib.import_module(f"{__package__}.{name}") for name in SECTIONS)


def all_exercises() -> list:
    """Every registered exercise, in course order."""
    return [e for module in _modules() for e in module.EXERCISES]


def all_quizzes() -> list:
    """Every registered quiz, in course order."""
    return [q for module in _modules() for q in getattr(module, "QUIZZES", [])]
