"""Exercises and quizzes of 01_introduction (key "intro").

Reference answers call the same core functions the notebook calls.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from .._validation import message
from ._engine import Exercise
from ._quiz import Quiz

# Reference helpers of 01_introduction (called lazily by the entries above).
_INTRO_TARGETS = (0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999)  # the dashboard's slider


def _intro_sli(service: str) -> float:
    from ..datasets import load_requests
    from ..slo import availability_sli

    return availability_sli(load_requests(service=service))


def _intro_budget(service: str, slo_target: float) -> float:
    from ..datasets import load_requests
    from ..slo import error_budget

    return float(error_budget(slo_target, load_requests(service=service)["requests"].sum()))


def _intro_gate(service: str, slo_target: float, day: str):
    import pandas as pd

    from ..datasets import load_requests
    from ..policy import release_gate

    return release_gate(load_requests(service=service), slo_target=slo_target,
                        at=pd.Timestamp(day, tz="UTC"))



EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------ 01_introduction (key "intro")
    Exercise(
        id="intro.checkout_sli",
        notebook="01_introduction",
        prompt="What was checkout's availability SLI over the 28 days, as a fraction "
               "(for example 0.9987)?",
        kind="number", rel_tol=0.0, abs_tol=5e-6,
        reference=lambda: _intro_sli("checkout"),
        hint="Good events are the requests that did not fail: (requests - errors) summed "
             "over all minutes, divided by all requests. Sum first, then divide.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "answer = 1 - checkout[\"errors\"].sum() / checkout[\"requests\"].sum()\n"
        ),
    ),
    Exercise(
        id="intro.checkout_budget",
        notebook="01_introduction",
        prompt="How many failed requests did a 99.9 % availability SLO allow checkout "
               "over these 28 days?",
        kind="number", unit="requests", rel_tol=0.002,
        reference=lambda: _intro_budget("checkout", 0.999),
        hint="The budget is the share (1 - target) of all the requests of the window.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "answer = (1 - 0.999) * checkout[\"requests\"].sum()   # sl.error_budget agrees\n"
        ),
    ),
    Exercise(
        id="intro.checkout_spent",
        notebook="01_introduction",
        prompt="What fraction of that 99.9 % budget had checkout spent by the end of the "
               "28 days (1.0 would be all of it)?",
        kind="number", rel_tol=0.005,
        reference=lambda: _intro_gate("checkout", 0.999, "2026-11-02").consumed,
        hint="Failed requests divided by the failed requests the budget allows.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "allowed = (1 - 0.999) * checkout[\"requests\"].sum()\n"
            "answer = checkout[\"errors\"].sum() / allowed\n"
        ),
    ),
    Exercise(
        id="intro.strictest_go",
        notebook="01_introduction",
        prompt="On the morning of Friday 30 October, what is the strictest SLO target on "
               "the dashboard's slider at which checkout may still ship a new feature "
               "(decision 'go')? Answer with the target as a fraction.",
        kind="number", rel_tol=0.0, abs_tol=1e-9,
        reference=lambda: max(t for t in _INTRO_TARGETS
                              if _intro_gate("checkout", t, "2026-10-30").decision.decision
                              == "go"),
        hint="Set the service to checkout and the day to Fri 30 Oct, then move the SLO "
             "slider up one step at a time and watch the decision.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "before = checkout.loc[:\"2026-10-29 23:59\"]     # what is known that morning\n"
            "last_week = before.loc[\"2026-10-23\":]\n"
            "go = []\n"
            "for target in [0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999]:\n"
            "    left = sl.budget_over_time(before, slo_target=target, window_days=28)\n"
            "    week = sl.budget_over_time(last_week, slo_target=target, window_days=7)\n"
            "    verdict = sl.release_decision(left[\"remaining\"].iloc[-1],\n"
            "                                  burn_rate=week[\"window_burn_rate\"].iloc[-1])\n"
            "    if verdict.decision == \"go\":\n"
            "        go.append(target)\n"
            "answer = max(go)\n"
        ),
    ),
    Exercise(
        id="intro.monday_decision",
        notebook="01_introduction",
        prompt="Keep checkout at 99.9 %, and move the day to Monday 2 November, after "
               "Friday's incidents. What does the policy say for a new feature: 'go', "
               "'slow down' or 'freeze'?",
        kind="choice", choices=("go", "slow down", "freeze"),
        reference=lambda: _intro_gate("checkout", 0.999, "2026-11-02").decision.decision,
        hint="Read the remaining budget and the 7-day burn rate in the dashboard's summary, "
             "then the policy's thresholds: freeze below 0 % left; slow down below 25 % left "
             "or above 1.5x over 7 days.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "left = sl.budget_over_time(checkout, slo_target=0.999, window_days=28)\n"
            "week = sl.budget_over_time(checkout.loc[\"2026-10-26\":], slo_target=0.999,\n"
            "                           window_days=7)\n"
            "answer = sl.release_decision(left[\"remaining\"].iloc[-1],\n"
            "                             burn_rate=week[\"window_burn_rate\"].iloc[-1]).decision\n"
        ),
    ),
]

QUIZZES: list[Quiz] = []
