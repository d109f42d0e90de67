"""Helpers shared by the exercise tests (engine, progress, quizzes, registry).

``registry`` registers demo exercises and quizzes next to the course's, so the
engine's messages are pinned on entries whose answers are worked out by hand
here, independent of the course registries (which their notebooks' authors
change). ``hammer`` is the worker of the two-process progress test (it lives in
a plain module so ``multiprocessing`` can import it in a fresh interpreter).
``assert_correct`` and ``assert_misconceptions_rejected`` are the two checks every
registry test makes of an exercise against a value found by hand.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import os

import numpy as np
import pandas as pd

from sre_lab.exercises import _engine, _progress, _registry
from sre_lab.exercises._engine import Exercise
from sre_lab.exercises._quiz import Quiz

MATURITY = ("ad hoc", "reactive", "proactive", "predictive")

#: 99.9 % over 30 days: 0.001 × 43,200 minutes = 43.2 minutes (SRE Workbook).
DOWNTIME = Exercise(
    id="demo.downtime", notebook="demo/notebook",
    prompt="How many minutes may a 99.9 % service be down in 30 days?",
    kind="number", unit="minutes", reference=lambda: 43.2,
    misconceptions=[("you counted a 28-day window instead of 30 days",
                     lambda: 0.001 * 28 * 24 * 60)],          # 40.32
    hint="The error budget is the share (1 - target) of all the minutes in the window.",
    solution_code="answer = (1 - 0.999) * 30 * 24 * 60",
)
#: Two thirds as a percentage, 66.666...; tolerance 0.1 %.
THIRDS = Exercise(
    id="demo.thirds", notebook="demo/notebook", prompt="2/3 as a percentage?",
    kind="number", unit="%", reference=lambda: 200 / 3, rel_tol=0.001,
    misconceptions=[("you took one third instead of two", lambda: 100 / 3)],
    hint="Multiply by 100.", solution_code="answer = 2 / 3 * 100",
)
STAGE = Exercise(
    id="demo.stage", notebook="demo/notebook", prompt="Which stage?", kind="choice",
    choices=MATURITY, reference=lambda: "reactive",
    misconceptions=[("you looked at the tools the team has, not at when it uses them",
                     lambda: "proactive")],
    hint="Is observability used before or after things break?",
    solution_code='answer = "reactive"',
)
#: 99.99 % over 7 days: 0.0001 × 604,800 s = 60.48 s.
WEEKLY = Exercise(
    id="demo.weekly", notebook="demo/notebook", prompt="Downtime allowed in 7 days?",
    kind="timedelta", reference=lambda: dt.timedelta(seconds=60.48),
    misconceptions=[("you used 30 days instead of 7",
                     lambda: dt.timedelta(seconds=0.0001 * 30 * 86400))],   # 259.2 s
    hint="(1 - target) × window.", solution_code="answer = 0.0001 * datetime.timedelta(days=7)",
)
#: 43.2 minutes as a duration (2,592 s), for rounding in minutes.
BUDGET_TIME = Exercise(
    id="demo.budget_time", notebook="demo/notebook", prompt="The budget as a duration?",
    kind="timedelta", reference=lambda: dt.timedelta(minutes=43.2),
    misconceptions=[("you used 28 days", lambda: dt.timedelta(minutes=40.32))],
    hint="(1 - target) × window.", solution_code="answer = 0.001 * datetime.timedelta(days=30)",
)
SPENT = Exercise(
    id="demo.spent", notebook="demo/notebook", prompt="Is the budget spent?", kind="bool",
    reference=lambda: 50 > 43.2, hint="Compare with 43.2 minutes.",
    solution_code="answer = 50 > 43.2",
)
SERVICES = Exercise(
    id="demo.services", notebook="demo/notebook", prompt="Which services?", kind="set",
    reference=lambda: ("search", "checkout", "payment", "notifications"),
    hint="There are four.",
    solution_code='answer = ["search", "checkout", "payment", "notifications"]',
)
LATENCIES = Exercise(
    id="demo.latencies", notebook="demo/notebook", prompt="Three thresholds?", kind="numbers",
    unit="ms", reference=lambda: np.array([100.0, 200.0, 300.0]),
    misconceptions=[("you gave seconds", lambda: [0.1, 0.2, 0.3])],
    hint="Milliseconds.", solution_code="answer = [100, 200, 300]",
)
APPROACH = Exercise(
    id="demo.approach", notebook="demo/other", prompt="Which approach (1-6)?", kind="choice",
    choices=("1", "2", "3", "4", "5", "6"), reference=lambda: "6",
    misconceptions=[("you counted every flap of one incident as an alert", lambda: "1")],
    hint="Recall first.", solution_code="answer = 6",
)
DEMO_EXERCISES = [DOWNTIME, THIRDS, STAGE, WEEKLY, BUDGET_TIME, SPENT, SERVICES, LATENCIES,
                  APPROACH]

WHAT_IS_SLO = Quiz(
    id="demo.what_is_slo", notebook="demo/notebook",
    question="Which of these is a service level objective (SLO)?",
    options=[("The share of requests that succeeded last month.",
              "That is a measurement: an SLI."),
             ("99.9 % of requests succeed, counted over 30 days.",
              "Yes: a target for an SLI over a window."),
             ("Below 99.5 %, customers get a refund.",
              "That is an agreement with consequences: an SLA.")],
    answer=1,
)
WHY_RATIO = Quiz(
    id="demo.why_ratio", notebook="demo/other",
    question="Why is an SLI a ratio of good to valid events?",
    options=[("It reads the same at any traffic volume.", "Right: 99 % means the same at "
              "night and at peak."),
             ("It is easier to store.", "Storage has nothing to do with it.")],
    answer=0,
)
DEMO_QUIZZES = [WHAT_IS_SLO, WHY_RATIO]


def install(monkeypatch, exercises=(), quizzes=()):
    """Register ``exercises`` and ``quizzes`` after the course's (for one test)."""
    course_exercises, course_quizzes = _registry.all_exercises, _registry.all_quizzes
    monkeypatch.setattr(_registry, "all_exercises", lambda: [*course_exercises(), *exercises])
    monkeypatch.setattr(_registry, "all_quizzes", lambda: [*course_quizzes(), *quizzes])


def isolate_progress(monkeypatch, path):
    """Progress goes to ``path``; the in-memory store and the warn-once memory start empty."""
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(path))
    monkeypatch.setattr(_progress, "_REPORTED", set())
    monkeypatch.setattr(_progress, "_PENDING", {})
    monkeypatch.setattr(_engine, "_REFERENCES", {})
    monkeypatch.setattr(_engine, "_MISCONCEPTIONS", {})


class Evil:
    """An object whose every protocol method raises."""

    def __repr__(self):
        raise RuntimeError("no repr")

    def __eq__(self, other):
        raise RuntimeError("no eq")

    def __hash__(self):
        raise RuntimeError("no hash")

    def __float__(self):
        raise RuntimeError("no float")

    def __len__(self):
        raise RuntimeError("no len")

    def __iter__(self):
        raise RuntimeError("no iter")

    def __bool__(self):
        raise RuntimeError("no bool")


GARBAGE = [
    None, "", "abc", "43.2", "12 %", "True", float("nan"), float("inf"), -float("inf"),
    1e308, -1, 0, 3 + 4j, b"bytes", [], [1, 2, 3], ["reactive"], [None], [[1, 2]], (1,),
    {}, {"a": 1}, set(), {1, 2}, object(), lambda: 1, print, Evil(), [Evil()],
    np.array([]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.float64("nan"), np.int64(7),
    pd.NA, pd.NaT, pd.Series([1.0, 2.0]), pd.Series([True, False]), pd.DataFrame({"a": [1]}),
    pd.DataFrame({"a": [1, 2], "b": [3, 4]}), dt.timedelta(0), np.timedelta64("NaT"),
    dt.datetime(2026, 10, 5), decimal.Decimal("NaN"), fractions.Fraction(1, 3), range(5),
    [dt.timedelta(1)], Ellipsis.__class__, type, {"reactive"}, 10**400, [float("nan")],
]


def hammer(path: str, worker: int, rounds: int) -> None:
    """Answer the demo exercises and a quiz ``rounds`` times into ``path`` (a child process).

    Worker 0 answers each exactly once correctly, in the middle; every other
    answer is wrong, so a lost write shows as a missing attempt or a vanished
    ``correct``.
    """
    import warnings

    os.environ["SRE_LAB_PROGRESS"] = path
    import sre_lab as sl

    _registry.all_exercises = lambda: list(DEMO_EXERCISES)
    _registry.all_quizzes = lambda: list(DEMO_QUIZZES)
    warnings.simplefilter("error")  # any ProgressWarning fails the worker
    for round_ in range(rounds):
        right = worker == 0 and round_ == rounds // 2
        sl.check(SPENT.id, right)                       # reference: True
        sl.check(STAGE.id, "reactive" if right else "ad hoc")
        sl.quiz(WHAT_IS_SLO.id, "b" if right else "a")


def assert_correct(exercise_id: str, value, rel: float = 1e-9) -> None:
    """``sl.check`` accepts the hand-found ``value`` and the registry's reference agrees with it."""
    import pytest

    import sre_lab as sl

    assert sl.check(exercise_id, value).correct, (exercise_id, value)
    reference = sl.exercise(exercise_id).reference()
    if isinstance(value, str):
        assert reference == value
    else:
        assert reference == pytest.approx(value, rel=rel)


def assert_misconceptions_rejected(exercise_id: str) -> None:
    """Every registered misconception's value is rejected, and the message names it."""
    import sre_lab as sl

    ex = sl.exercise(exercise_id)
    assert ex.misconceptions
    for text, wrong in ex.misconceptions:
        result = sl.check(exercise_id, wrong())
        assert result.status == "incorrect", (exercise_id, text)
        assert text in result.message
