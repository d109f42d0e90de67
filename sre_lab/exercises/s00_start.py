"""Exercises and quizzes of 00_start_here (key "start").

Reference answers call the same core functions the notebook calls.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from .._validation import message
from ._engine import Exercise
from ._quiz import Quiz

#: The outline's four organizational maturity stages (course outline §1).
MATURITY_STAGES = ("ad hoc", "reactive", "proactive", "predictive")


def _minutes_allowed(slo_target: float, *, window_days: float) -> float:
    """Minutes of full downtime an SLO target allows over a window."""
    from ..slo import allowed_downtime

    return allowed_downtime(slo_target, window_days=window_days) / _dt.timedelta(minutes=1)



EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------ 00_start_here (key "start")
    Exercise(
        id="start.downtime_minutes",
        notebook="00_start_here",
        prompt="A service promises 99.9 % availability over 30 days. How many minutes "
               "may it be completely down in that window?",
        kind="number", unit="minutes",
        reference=lambda: _minutes_allowed(0.999, window_days=30),
        hint="The error budget is the share (1 - target) of all the minutes in the window.",
        solution_code=(
            "slo_target = 0.999\n"
            "window_minutes = 30 * 24 * 60      # 43,200 minutes in 30 days\n"
            "answer = (1 - slo_target) * window_minutes\n"
        ),
    ),
    Exercise(
        id="start.maturity_stage",
        notebook="00_start_here",
        prompt="Kim's team has dashboards and alerts, but looks at them mostly after "
               "customers complain, and has no SLOs yet. Which maturity stage describes "
               "the team: 'ad hoc', 'reactive', 'proactive' or 'predictive'?",
        kind="choice", choices=MATURITY_STAGES,
        reference=lambda: MATURITY_STAGES[1],
        hint="Ask two questions: is there observability at all, and is it used before or "
             "after things break?",
        solution_code=(
            "# Observability exists (so not 'ad hoc') but is used after the fact,\n"
            "# and there are no SLOs or error budgets to plan with (so not 'proactive').\n"
            "answer = \"reactive\"\n"
        ),
    ),
    Exercise(
        id="start.weekly_downtime",
        notebook="00_start_here",
        prompt="Give your answer as a datetime.timedelta: how much downtime does a "
               "99.99 % target allow over 7 days?",
        kind="timedelta",
        reference=lambda: _dt.timedelta(minutes=_minutes_allowed(0.9999, window_days=7)),
        hint="Same idea as 99.9 % over 30 days: (1 - target) × window; "
             "datetime.timedelta(days=7) * fraction is a duration.",
        solution_code=(
            "import datetime\n"
            "answer = (1 - 0.9999) * datetime.timedelta(days=7)   # about one minute\n"
        ),
    ),
    Exercise(
        id="start.budget_spent",
        notebook="00_start_here",
        prompt="A service with a 99.9 % target over 30 days was down for 50 minutes this "
               "window. Is its error budget spent? Answer True or False.",
        kind="bool",
        reference=lambda: 50 > _minutes_allowed(0.999, window_days=30),
        hint="Compare the 50 minutes with the budget from the first exercise.",
        solution_code=(
            "budget_minutes = (1 - 0.999) * 30 * 24 * 60   # 43.2 minutes\n"
            "answer = 50 > budget_minutes\n"
        ),
    ),
]

QUIZZES: list[Quiz] = [
    Quiz(
        id="start.what_is_slo",
        notebook="00_start_here",
        question="Which of these is a service level objective (SLO)?",
        options=[
            ("The share of checkout requests that succeeded last month.",
             "That is a measurement: a service level indicator (SLI)."),
            ("99.9 % of checkout requests succeed, counted over 30 days.",
             "Yes: a target for an SLI over a window. The team chooses it."),
            ("If availability falls below 99.5 %, customers get a 10 % refund.",
             "That is an agreement with consequences: a service level agreement (SLA)."),
        ],
        answer=1,
    ),
]
