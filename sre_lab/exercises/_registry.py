"""Collects the per-section registries, in course order.

Each section has a module ``sNN_<topic>[_<tier>].py`` with two lists,
``EXERCISES`` (checked with :func:`sre_lab.check`) and ``QUIZZES`` (asked with
:func:`sre_lab.quiz`). A new section adds its module name to ``SECTIONS``.

Ids are unique across exercises *and* quizzes, and each notebook has one key
(the part of the id before the dot); the tests in ``tests/test_registry.py``
hold every entry to that.
"""

from __future__ import annotations

import difflib
import functools
import importlib
from typing import Any

from .._validation import message

SECTIONS = (
    "s00_start",
    "s01_introduction",
    "s02_slos_beginner",
    "s02_slos_intermediate",
    "s02_slos_advanced",
    "s03_incidents_beginner",
    "s03_incidents_intermediate",
    "s03_incidents_advanced",
    "s04_cost_beginner",
    "s04_cost_intermediate",
    "s04_cost_advanced",
    "s05_culture_beginner",
    "s05_culture_intermediate",
    "s05_culture_advanced",
    "s06_odd_beginner",
    "s06_odd_intermediate",
    "s06_odd_advanced",
    "s07_capstone_1",
    "s07_capstone_2",
    "s07_capstone_3",
    "s07_capstone_4",
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


def notebooks() -> list[str]:
    """Notebooks with exercises or quizzes, in course order (as registered)."""
    return list(dict.fromkeys(item.notebook for item in [*all_exercises(), *all_quizzes()]))


def find_notebook(name: Any) -> str:
    """Return the notebook ``name`` means: its path (``"00_start_here"``) or its key (``"start"``).

    Raises
    ------
    TypeError, ValueError
        If no registered exercise or quiz belongs to such a notebook (the
        message suggests a close name).
    """
    items = [*all_exercises(), *all_quizzes()]
    known = notebooks()
    keys = {item.key: item.notebook for item in items}
    if isinstance(name, str):
        stripped = name.strip().removesuffix(".ipynb")
        if stripped in known:
            return stripped
        if stripped in keys:
            return keys[stripped]
    rule = "a notebook with exercises (" + ", ".join(repr(n) for n in known) + ")"
    if not isinstance(name, str):
        raise TypeError(message("notebook", rule, name))
    close = (difflib.get_close_matches(name, known, n=1)
             or [keys[k] for k in difflib.get_close_matches(name, list(keys), n=1)])
    raise ValueError(message("notebook", rule, name,
                             f"Did you mean {close[0]!r}?" if close else None))


def _indexes() -> dict[str, dict]:
    """``{"exercise": {id: entry}, "quiz": {id: entry}}``; an id registered twice is a bug."""
    tables: dict[str, dict] = {"exercise": {}, "quiz": {}}
    for kind, entries in (("exercise", all_exercises()), ("quiz", all_quizzes())):
        for entry in entries:
            if entry.id in tables["exercise"] or entry.id in tables["quiz"]:
                raise ValueError(f"{kind} id {entry.id!r} is registered twice; exercise and "
                                 "quiz ids must be unique.")
            tables[kind][entry.id] = entry
    return tables


#: How the learner reaches each kind: the other kind's id gets this as a hint.
_HOW = {"exercise": "That is an exercise: check your answer with sl.check({id!r}, answer).",
        "quiz": "That is a quiz: ask it with sl.quiz({id!r})."}


def lookup(kind: str, name: str, value: Any):
    """Return the ``kind`` ("exercise" or "quiz") registered as ``value``.

    Raises the course's message naming parameter ``name``, suggesting close ids
    or the right function when ``value`` is the other kind's id.
    """
    rule = f"a registered {kind} id"
    if not isinstance(value, str):
        raise TypeError(message(name, rule + " (a string)", value))
    tables = _indexes()
    if value in tables[kind]:
        return tables[kind][value]
    wanted = value.strip().lower()
    other = "quiz" if kind == "exercise" else "exercise"
    if wanted in tables[other]:
        raise ValueError(message(name, rule, value, _HOW[other].format(id=wanted)))
    close = ([wanted] if wanted in tables[kind]
             else difflib.get_close_matches(wanted, list(tables[kind]), n=3, cutoff=0.72))
    hint = ("Did you mean " + " or ".join(repr(c) for c in close) + "?" if close
            else f"sl.{kind}_ids() lists them.")
    raise ValueError(message(name, rule, value, hint))
