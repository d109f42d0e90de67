"""Section 4's beginner exercises and quizzes (1a, 1b, 1c) against answers worked out by hand.

Every number here comes from plain pandas on the loaded data and the rules as the notebooks
state them (lines per request x bytes per line; GB = 10**9 bytes; a lost request is
requests - latency_le_1000ms, minus the baseline background, x $0.10; a GB-month is a GB held
for a whole month; an incident is debuggable with >= 5 telling traces kept), not from the
registry's reference helpers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s04_cost_beginner as s04b

NOTEBOOKS = {"cost1a": "04_cost/1a_cost_components",
             "cost1b": "04_cost/1b_cost_against_downtime",
             "cost1c": "04_cost/1c_sampling_and_retention"}
EXERCISES = {
    "cost1a": ("cost1a.debug_gb", "cost1a.debug_ingest_usd"),
    "cost1b": ("cost1b.latency_incident_usd", "cost1b.break_even_minutes"),
    "cost1c": ("cost1c.sampled_bill", "cost1c.ilm_storage_year", "cost1c.debuggable_share"),
}


@pytest.fixture(scope="module")
def october():
    daily = sl.load_daily_history()
    return daily[daily["date"].dt.month == 10]


@pytest.fixture(scope="module")
def debug_gb(october):
    p = sl.TELEMETRY_PROFILE
    search = october[october["service"] == "search"]
    lines = (search["requests"].sum() * p["log_lines_per_request"]["DEBUG"]
             + search["errors"].sum() * p["log_lines_per_error"]["DEBUG"])
    return lines * p["bytes_per_log_line"]["DEBUG"] / 1e9


def _agrees(exercise_id, value, rel=1e-6):
    assert sl.check(exercise_id, value).correct
    assert sl.exercise(exercise_id).reference() == pytest.approx(value, rel=rel)


def test_registry_lists_the_three_parts():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [q.id for q in s04b.QUIZZES] == ["cost1a.biggest_lever", "cost1b.what_it_leaves_out",
                                             "cost1c.head_or_tail"]


# ------------------------------------------------------------------ 1a
def test_debug_gb_by_hand(debug_gb):
    _agrees("cost1a.debug_gb", debug_gb)
    wrong = sl.check("cost1a.debug_gb", debug_gb * 1e9 / 2**30)
    assert not wrong.correct and "2**30" in wrong.message


def test_debug_ingest_by_hand(debug_gb):
    ingest = float(sl.PRICES.loc[sl.PRICES["item"] == "ingest", "usd"].iloc[0])
    assert ingest == 0.50
    _agrees("cost1a.debug_ingest_usd", debug_gb * 0.50)
    wrong = sl.check("cost1a.debug_ingest_usd", debug_gb * 0.03)
    assert not wrong.correct and "storage price" in wrong.message


# ------------------------------------------------------------------ 1b
def test_latency_incident_by_hand():
    inc = sl.load_incidents().set_index("id").loc["INC-006"]
    checkout = sl.load_requests(service="checkout")
    during = checkout[(checkout.index >= inc["started"]) & (checkout.index < inc["resolved"])]
    lost = (during["requests"] - during["latency_le_1000ms"]).sum() - during["requests"].sum() * 0.0002
    _agrees("cost1b.latency_incident_usd", lost * 0.10)
    only_errors = (during["errors"].sum() - during["requests"].sum() * 0.0002) * 0.10
    wrong = sl.check("cost1b.latency_incident_usd", only_errors)
    assert not wrong.correct and "only the errors" in wrong.message


def test_break_even_by_hand(october):
    bill = sl.monthly_bill(sl.telemetry_volumes(october))["usd"].sum()
    downtime = sl.downtime_cost()
    per_minute = (downtime["lost_revenue_usd"] / downtime["impact_minutes"]).sum()
    _agrees("cost1b.break_even_minutes", bill / per_minute)
    wrong = sl.check("cost1b.break_even_minutes", bill / (per_minute / 16))
    assert not wrong.correct and "average incident" in wrong.message


# ------------------------------------------------------------------ 1c
def test_sampled_bill_by_hand(october, debug_gb):
    # dropping 90 % of the DEBUG GB removes their ingest ($0.50), query (1 scan x $0.005) and
    # hot storage (GB per day x 30 days held x $0.03 for the 31-day October) charges
    full = sl.monthly_bill(sl.telemetry_volumes(october, log_levels={"search": "DEBUG"}))["usd"].sum()
    per_gb = 0.50 + 0.005 + 30 / 31 * 0.03
    _agrees("cost1c.sampled_bill", full - 0.9 * debug_gb * per_gb, rel=1e-4)
    wrong = sl.check("cost1c.sampled_bill", full)
    assert not wrong.correct and "every DEBUG line" in wrong.message


def test_ilm_storage_year_by_hand():
    year = sl.telemetry_volumes(log_levels={"search": "DEBUG"}, log_sampling={"DEBUG": 0.1})
    gb = year.groupby("date")["bytes"].sum() / 1e9          # every signal and level: 30/30/30
    days = pd.date_range(gb.index.min(), gb.index.max(), freq="D")
    gb = gb.reindex(days, fill_value=0.0)
    held_hot = gb.rolling(30, min_periods=1).sum()
    held_60 = gb.rolling(60, min_periods=1).sum()
    held_90 = gb.rolling(90, min_periods=1).sum()
    usd_per_day = (held_hot * 0.03 + (held_60 - held_hot) * 0.023 + (held_90 - held_60) * 0.0125) \
        / days.days_in_month
    _agrees("cost1c.ilm_storage_year", float(usd_per_day.sum()))


def test_debuggable_share_by_hand():
    traces = sl.simulate_traces(rng=1)
    kept = sl.head_sample(traces["trace_id"], 0.001)
    incidents = sl.load_incidents().set_index("id")
    slow = traces["duration_ms"] >= 1000
    telling = np.where(traces["incident_id"].map(incidents["kind"]).eq("latency"), slow,
                       traces["error"])
    evidence = (traces["weight"] * (telling & kept)).groupby(traces["incident_id"]).sum()
    evidence = evidence.reindex(incidents.index, fill_value=0.0).round()
    share = float((evidence >= 5).mean())
    _agrees("cost1c.debuggable_share", share)
    wrong = sl.check("cost1c.debuggable_share", float(kept.mean()))
    assert not wrong.correct and "share of traces kept" in wrong.message


# ------------------------------------------------------------------ quizzes
def test_quiz_letters_by_hand():
    assert sl.quiz("cost1a.biggest_lever", "b").correct
    assert sl.quiz("cost1b.what_it_leaves_out", "c").correct
    assert sl.quiz("cost1c.head_or_tail", "b").correct
