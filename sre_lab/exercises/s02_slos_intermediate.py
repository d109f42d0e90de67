"""Exercises and quizzes of 02_slos intermediate (key "slo2").

Reference answers call the same core functions the notebook calls.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from .._validation import message
from ._engine import Exercise
from ._quiz import Quiz


# Reference helpers of 02_slos/2_intermediate_burn_rate_alerting (key "slo2"), called lazily.
def _slo2_incident(incident_id: str):
    from ..datasets import load_incidents

    incidents = load_incidents()
    return incidents[incidents["id"] == incident_id].iloc[0]


def _slo2_worst_hour_burn(slo_target: float) -> float:
    from ..datasets import load_requests
    from ..slo import burn_rate

    inc = _slo2_incident("INC-012")
    payment = load_requests(service="payment")
    during = payment[(payment.index >= inc["started"]) & (payment.index < inc["mitigated"])]
    hours = during[["requests", "errors"]].resample("1h").sum()
    return float(burn_rate(hours["errors"] / hours["requests"], slo_target).max())


def _slo2_detection(error_ratio: float, slo_target: float):
    from ..alerting import detection_time, workbook_policy

    page_6h = next(r for r in workbook_policy(slo_target) if r.long_window_minutes == 360)
    return detection_time(error_ratio, page_6h, slo_target=slo_target)


def _slo2_significant(service: str, slo_target: float, *, window_days: float = 28,
                      min_budget_share: float = 0.01):
    """(traffic, significant incidents): the notebook's ground truth for alert grading."""
    from ..alerting import significant_incidents
    from ..datasets import load_incidents, load_requests

    traffic = load_requests(service=service)
    return traffic, significant_incidents(traffic, load_incidents(), service=service,
                                          slo_target=slo_target, window_days=window_days,
                                          min_budget_share=min_budget_share)


def _slo2_best_recall(service: str, slo_target: float) -> int:
    from ..alerting import alert_quality, evaluate_alerts, workbook_approach

    traffic, significant = _slo2_significant(service, slo_target)
    recall = {n: alert_quality(evaluate_alerts(traffic, workbook_approach(
        n, slo_target, window_days=28), slo_target=slo_target), significant).recall
        for n in range(1, 7)}
    best = max(recall.values())
    winners = [n for n, r in recall.items() if r == best]
    if len(winners) != 1:  # the question assumes one winner; a rebuilt dataset must keep it
        raise ValueError(f"several approaches share the best recall {best}: {winners}")
    return winners[0]


def _slo2_first_rule(service: str, incident_id: str, slo_target: float) -> str:
    from ..alerting import evaluate_alerts, workbook_policy
    from ..datasets import load_requests

    inc = _slo2_incident(incident_id)
    traffic = load_requests(service=service)
    firing = evaluate_alerts(traffic, workbook_policy(slo_target, window_days=28),
                             slo_target=slo_target)
    during = firing[(firing.index >= inc["started"]) & (firing.index < inc["mitigated"])]
    first = {c: during.index[during[c].to_numpy()][0] for c in during if during[c].any()}
    return min(first, key=first.get)


def _slo2_postmortems(service: str, slo_target: float) -> set:
    from ..datasets import load_incidents, load_requests
    from ..policy import incident_budget_shares

    incidents = load_incidents()
    own = incidents[incidents["service"] == service].drop(columns="service")
    shares = incident_budget_shares(load_requests(service=service), own, slo_target=slo_target)
    return set(shares.loc[shares["postmortem_required"], "id"])




EXERCISES: list[Exercise] = [
    # ------------------------------ 02_slos/2_intermediate_burn_rate_alerting (key "slo2")
    Exercise(
        id="slo2.worst_hour_burn",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="Marisol's error-rate objective is 0.5 % (an SLO of 99.5 %). Split payment's "
               "traffic during INC-012 (started 16:00, mitigated 19:00 UTC on 30 October) into "
               "its three clock hours. What was the highest hourly burn rate?",
        kind="number", unit="× (burn rate)", rel_tol=0.01,
        reference=lambda: _slo2_worst_hour_burn(0.995),
        hint="Per hour: burn rate = (errors / requests) / (1 - 0.995). Sum requests and "
             "errors per hour first (.resample('1h').sum()), never average minute ratios.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "hours = payment.loc[\"2026-10-30 16:00\":\"2026-10-30 18:59\", "
            "[\"requests\", \"errors\"]].resample(\"1h\").sum()\n"
            "answer = sl.burn_rate(hours[\"errors\"] / hours[\"requests\"], 0.995).max()\n"
        ),
    ),
    Exercise(
        id="slo2.detection_minutes",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="After a clean history, payment starts failing 2 % of its requests and keeps "
               "doing so. At 99.9 % with the Workbook's 30-day thresholds, how long does the "
               "6 h / 30 min page (burn rate 6) take to fire? Answer with a datetime.timedelta.",
        kind="timedelta", rel_tol=0.01,
        reference=lambda: _slo2_detection(0.02, 0.999),
        hint="The 6-hour ratio grows linearly from 0 to 2 %; the rule fires when it passes "
             "6 x (1 - 0.999). Time = window x threshold / error ratio "
             "(sl.detection_time).",
        solution_code=(
            "page_6h = sl.workbook_policy(0.999)[1]          # 6x over 6 h and 30 min\n"
            "answer = sl.detection_time(0.02, page_6h, slo_target=0.999)\n"
        ),
    ),
    Exercise(
        id="slo2.best_recall",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="Grade the Workbook's six approaches on checkout at 99.9 % (28-day rules, "
               "significant incidents as defined in the notebook). Which approach had the "
               "best recall? Answer with its number, 1 to 6.",
        kind="number", unit="(approach number)", rel_tol=0.0, abs_tol=0.1,
        reference=lambda: _slo2_best_recall("checkout", 0.999),
        hint="Build each approach with sl.workbook_approach(n, 0.999, window_days=28), replay "
             "it with sl.evaluate_alerts and score it with sl.alert_quality against the "
             "significant incidents; compare the .recall values (the table in the notebook).",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "inc = sl.load_incidents()\n"
            "hits = inc[inc[\"service\"].isin([\"checkout\", *sl.DEPENDENCIES[\"checkout\"]])\n"
            "           & (inc[\"kind\"] == \"errors\")]\n"
            "shares = sl.incident_budget_shares(checkout, hits.drop(columns=\"service\"),\n"
            "                                   slo_target=0.999, excess_only=True)\n"
            "significant = hits[shares[\"budget_share\"].to_numpy() >= 0.01]\n"
            "recall = {n: sl.alert_quality(sl.evaluate_alerts(\n"
            "              checkout, sl.workbook_approach(n, 0.999, window_days=28),\n"
            "              slo_target=0.999), significant).recall for n in range(1, 7)}\n"
            "answer = max(recall, key=recall.get)\n"
        ),
    ),
    Exercise(
        id="slo2.first_page",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="Replay sl.workbook_policy(0.999, window_days=28) over payment. Which rule "
               "fired first during INC-012: 'page_1h_5m', 'page_6h_30m' or 'ticket_3d_6h'?",
        kind="choice", choices=("page_1h_5m", "page_6h_30m", "ticket_3d_6h"),
        reference=lambda: _slo2_first_rule("payment", "INC-012", 0.999),
        hint="Cut the firing table to the incident's minutes and take each column's first "
             "True (.idxmax() on a column that has one); the earliest wins.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "firing = sl.evaluate_alerts(payment, sl.workbook_policy(0.999, window_days=28),\n"
            "                            slo_target=0.999)\n"
            "during = firing.loc[\"2026-10-30 16:00\":\"2026-10-30 18:59\"]\n"
            "answer = min(during.columns[during.any()], key=lambda c: during[c].idxmax())\n"
        ),
    ),
    Exercise(
        id="slo2.postmortems",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="At 99.9 % over the 28 days, which payment incidents need a postmortem under "
               "the Workbook's rule (one incident spending more than 20 % of the four-week "
               "budget)? Answer with the set of incident ids.",
        kind="set",
        reference=lambda: _slo2_postmortems("payment", 0.999),
        hint="sl.incident_budget_shares(traffic, incidents, slo_target=...) counts each "
             "incident's failed requests against the 28-day budget and says which need one.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "inc = sl.load_incidents()\n"
            "own = inc[inc[\"service\"] == \"payment\"].drop(columns=\"service\")\n"
            "shares = sl.incident_budget_shares(payment, own, slo_target=0.999)\n"
            "answer = set(shares.loc[shares[\"postmortem_required\"], \"id\"])\n"
        ),
    ),
]

QUIZZES: list[Quiz] = []
