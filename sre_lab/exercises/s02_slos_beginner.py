"""Exercises and quizzes of 02_slos beginner (key "slo1").

Reference answers call the same core functions the notebook calls.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from .._validation import message
from ._engine import Exercise
from ._quiz import Quiz


# Reference helpers of 02_slos/1_beginner_slo_foundations (key "slo1"), called lazily.
#: Candidate metrics for checkout's SLIs: key -> (what it measures, good SLI?, why).
#: The notebook shows the keys and descriptions; the verdicts are the exercise's answer.
SLI_CANDIDATES = {
    "requests_served": ("checkout requests served per day", False,
                        "volume, not quality: it stayed normal through INC-006 while "
                        "users waited"),
    "cpu": ("CPU utilisation of the checkout hosts", False,
            "a cause to investigate, not what users feel: busy CPUs with fast answers "
            "hurt nobody"),
    "success_ratio": ("successful checkout requests / all checkout requests", True,
                      "availability: good events / valid events, as users see them"),
    "fast_ratio": ("successful requests answered within 500 ms / successful requests", True,
                   "latency against a threshold users notice"),
    "pod_uptime": ("share of time the checkout processes were running", False,
                   "a process can be up and still fail or crawl"),
    "good_minutes": ("share of minutes in which at least 99 % of requests succeeded", True,
                     "a time-slice SLI: good minutes / all minutes"),
    "mean_latency": ("average response time of all requests", False,
                     "not a good/valid ratio, and a mean hides the slow tail users "
                     "complain about"),
}


def _slo1_share_of_windows_met(service: str, slo_target: float) -> float:
    from ..datasets import load_daily_history
    from ..slo import availability_sli

    daily = load_daily_history(service).set_index("date")[["requests", "errors"]]
    met = [availability_sli(daily.iloc[i - 28:i]) >= slo_target
           for i in range(28, len(daily) + 1)]
    return float(np.mean(met))


def _slo1_latency_budget(service: str, slo_target: float) -> float:
    from ..datasets import load_requests
    from ..slo import error_budget, sli_events

    valid = sli_events(load_requests(service=service), sli="latency", threshold_ms=500)["valid"]
    return float(error_budget(slo_target, valid.sum()))


def _slo1_exhaustion(service: str, slo_target: float, window_days: float):
    from ..datasets import load_requests
    from ..slo import budget_over_time, time_to_exhaustion

    budget = budget_over_time(load_requests(service=service), slo_target=slo_target,
                              window_days=window_days)
    return time_to_exhaustion(float(budget["window_burn_rate"].iloc[-1]),
                              window_days=window_days)


def _slo1_spike_share(service: str, slo_target: float, *, since: str) -> float:
    import pandas as pd

    from ..datasets import load_incidents, load_requests
    from ..policy import incident_budget_shares

    traffic = load_requests(service=service)
    hourly = traffic.loc[since:, ["requests", "errors"]].resample("1h").sum()
    peak = (hourly["errors"] / hourly["requests"]).idxmax()
    incidents = load_incidents()
    running = incidents[(incidents["service"] == service)
                        & (incidents["started"] < peak + pd.Timedelta(hours=1))
                        & (incidents["mitigated"] > peak)]
    shares = incident_budget_shares(traffic, running.iloc[:1], slo_target=slo_target,
                                    window_days=28)
    return float(shares["budget_share"].iloc[0])



EXERCISES: list[Exercise] = [
    # ------------------------------------------ 02_slos/1_beginner_slo_foundations (key "slo1")
    Exercise(
        id="slo1.good_slis",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="Which of the candidate metrics in sl.exercises.SLI_CANDIDATES are good SLIs "
               "for checkout? Answer with the set of their keys.",
        kind="set",
        reference=lambda: {k for k, (_, good, _) in SLI_CANDIDATES.items() if good},
        hint="A good SLI is a ratio of good events to valid events that users feel: it must "
             "drop when users are hurt (INC-006!) and stay high when they are not.",
        solution_code=(
            "# ratios of good to valid events, seen from the user's side:\n"
            "answer = {\"success_ratio\", \"fast_ratio\", \"good_minutes\"}\n"
        ),
    ),
    Exercise(
        id="slo1.realistic_share",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="In what share of the past year's 28-day windows (every 28 consecutive days "
               "of sl.load_daily_history('checkout')) did checkout's availability meet "
               "99.9 %? Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=lambda: _slo1_share_of_windows_met("checkout", 0.999),
        hint="Sum requests and errors over each 28 consecutive days (.rolling(28).sum()), "
             "drop the incomplete first windows, compute 1 - errors/requests per window, "
             "then take the mean of (availability >= 0.999).",
        solution_code=(
            "daily = sl.load_daily_history(\"checkout\").set_index(\"date\")\n"
            "windows = daily[[\"requests\", \"errors\"]].rolling(28).sum().dropna()\n"
            "availability = 1 - windows[\"errors\"] / windows[\"requests\"]\n"
            "answer = (availability >= 0.999).mean()\n"
        ),
    ),
    Exercise(
        id="slo1.latency_budget",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="Checkout's latency SLO: 99 % of successful requests within 500 ms, over the "
               "28 days of data. How many slow requests does its error budget allow?",
        kind="number", unit="slow requests", rel_tol=0.002,
        reference=lambda: _slo1_latency_budget("checkout", 0.99),
        hint="The valid events of a latency SLI are the successful requests "
             "(requests - errors), not all requests; the budget is (1 - target) of them.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "successful = (checkout[\"requests\"] - checkout[\"errors\"]).sum()\n"
            "answer = sl.error_budget(0.99, successful)\n"
        ),
    ),
    Exercise(
        id="slo1.exhaustion_9995",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="One step down from 99.99 %: set checkout's availability target to 99.95 % "
               "over 28 days. At the burn rate of those 28 days, how long would a whole "
               "28-day error budget last? Answer with a datetime.timedelta.",
        kind="timedelta", rel_tol=0.01,
        reference=lambda: _slo1_exhaustion("checkout", 0.9995, 28),
        hint="Burn rate = error ratio of the 28 days / (1 - target); a budget lasts "
             "window / burn rate (sl.time_to_exhaustion(burn, window_days=28)). The tuner "
             "shows the burn rate over the window.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "burn = sl.burn_rate(1 - sl.availability_sli(checkout), 0.9995)\n"
            "answer = sl.time_to_exhaustion(burn, window_days=28)\n"
        ),
    ),
    Exercise(
        id="slo1.spike_budget_share",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="Sam's error spike: in checkout's last week (from Monday 26 October), find the "
               "clock hour with the highest error ratio and the checkout incident running "
               "in that hour. What share of checkout's 28-day 99.9 % error budget did the "
               "failed requests between that incident's started and mitigated times spend? "
               "Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=lambda: _slo1_spike_share("checkout", 0.999, since="2026-10-26"),
        hint="Resample the last week to hours and take (errors / requests).idxmax(); keep the "
             "checkout incident with started < hour + 1 h and mitigated > hour; sum the "
             "errors from started (inclusive) to mitigated (exclusive) and divide by "
             "sl.error_budget(0.999, all 28 days of requests).",
        solution_code=(
            "import pandas as pd\n"
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "hourly = checkout.loc[\"2026-10-26\":, [\"requests\", \"errors\"]].resample(\"1h\").sum()\n"
            "peak = (hourly[\"errors\"] / hourly[\"requests\"]).idxmax()\n"
            "inc = sl.load_incidents()\n"
            "mine = inc[(inc[\"service\"] == \"checkout\") & (inc[\"started\"] < peak + pd.Timedelta(\"1h\"))\n"
            "           & (inc[\"mitigated\"] > peak)].iloc[0]\n"
            "during = checkout[(checkout.index >= mine[\"started\"])\n"
            "                  & (checkout.index < mine[\"mitigated\"])]\n"
            "answer = during[\"errors\"].sum() / sl.error_budget(0.999, checkout[\"requests\"].sum())\n"
        ),
    ),
]

QUIZZES: list[Quiz] = []
