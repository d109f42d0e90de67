"""Exercises and quizzes of ``00_start_here`` (key ``"start"``).

The start notebook teaches how the course works, so its two exercises are
about the mechanics (a number, a choice) and its quiz about the vocabulary.
Reference answers and misconceptions call the same core functions the
notebook calls (:func:`sre_lab.allowed_downtime`, :func:`sre_lab.maturity_stage`).
"""

from __future__ import annotations

import datetime as _dt

from ._engine import Exercise
from ._quiz import Quiz

NOTEBOOK = "00_start_here"


def _stages() -> tuple[str, ...]:
    """The outline's four maturity stages, in lower case (the exercise's choices)."""
    from ..culture import MATURITY_STAGES

    return tuple(stage.lower() for stage in MATURITY_STAGES)


#: The outline's four organizational maturity stages (course outline §1), lower case.
MATURITY_STAGES = _stages()


def _minutes_allowed(slo_target: float, *, window_days: float) -> float:
    """Minutes of full downtime an SLO target allows over a window."""
    from ..slo import allowed_downtime

    return allowed_downtime(slo_target, window_days=window_days) / _dt.timedelta(minutes=1)


def _kims_stage() -> str:
    """Kim's team: dashboards and paging in place, nothing of the Proactive stage."""
    from ..culture import maturity_stage

    return maturity_stage({"dashboards": True, "paging": True}).stage.lower()


EXERCISES: list[Exercise] = [
    Exercise(
        id="start.downtime_minutes",
        notebook=NOTEBOOK,
        prompt="A service promises 99.9 % availability over 30 days. How many minutes "
               "may it be completely down in that window?",
        kind="number", unit="minutes",
        reference=lambda: _minutes_allowed(0.999, window_days=30),
        misconceptions=[
            ("you used 28 days (the four weeks of MicroCorp's data) instead of the "
             "30 days asked",
             lambda: _minutes_allowed(0.999, window_days=28)),
            ("you took 99.9 % of the minutes (the time the service must be up) instead "
             "of the 0.1 % it may be down",
             lambda: 30 * 24 * 60 - _minutes_allowed(0.999, window_days=30)),
        ],
        hint="The error budget is the share (1 - target) of all the minutes in the window.",
        solution_code=(
            "slo_target = 0.999\n"
            "window_minutes = 30 * 24 * 60      # 43,200 minutes in 30 days\n"
            "answer = (1 - slo_target) * window_minutes\n"
        ),
    ),
    Exercise(
        id="start.maturity_stage",
        notebook=NOTEBOOK,
        prompt="Kim's team has dashboards and alerts, but looks at them mostly after "
               "customers complain, and has no SLOs yet. Which maturity stage describes "
               "the team: 'ad hoc', 'reactive', 'proactive' or 'predictive'?",
        kind="choice", choices=MATURITY_STAGES,
        reference=_kims_stage,
        hint="Ask two questions: is there observability at all, and is it used before or "
             "after things break?",
        solution_code=(
            "# Observability exists (so not 'ad hoc') but is used after the fact,\n"
            "# and there are no SLOs or error budgets to plan with (so not 'proactive').\n"
            "answer = \"reactive\"\n"
        ),
    ),
]

QUIZZES: list[Quiz] = [
    Quiz(
        id="start.what_is_slo",
        notebook=NOTEBOOK,
        question="Which of these is a service level objective (SLO)?",
        options=[
            ("The share of checkout requests that succeeded last month.",
             "That is a measurement, not a goal: a service level indicator (SLI)."),
            ("99.9 % of checkout requests succeed, counted over 30 days.",
             "Yes: a target for an SLI over a window. The team chooses it."),
            ("If availability falls below 99.5 %, customers get a 10 % refund.",
             "That is a promise with a penalty attached: a service level agreement (SLA)."),
            ("The 0.1 % of checkout requests that may fail in those 30 days.",
             "That is the error budget: the room for failure that an SLO leaves, not the "
             "objective itself."),
        ],
        answer=1,
    ),
]
