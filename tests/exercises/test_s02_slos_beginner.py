"""Section 2's beginner exercises and quizzes (1a, 1b, 1c) against answers worked out by hand.

Every number here comes from plain pandas / numpy sums over the loaded data and
the formulas as the notebooks state them (SLI = good / valid events; budget =
(1 - target) × valid events; a budget lasts window / burn rate), never from the
registry's reference helpers or from ``sl.slo_status``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s02_slos_beginner as s02b

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {
    "slo1a": "02_slos/1a_slis_and_user_journeys",
    "slo1b": "02_slos/1b_targets_and_error_budgets",
    "slo1c": "02_slos/1c_slo_tuner_and_document",
}
EXERCISES = {
    "slo1a": ("slo1a.critical_steps", "slo1a.email_sli", "slo1a.good_slis"),
    "slo1b": ("slo1b.realistic_share", "slo1b.latency_budget"),
    "slo1c": ("slo1c.exhaustion_9995", "slo1c.spike_budget_share"),
}
ALL_IDS = [i for ids in EXERCISES.values() for i in ids]


@pytest.fixture(scope="module")
def daily():
    return sl.load_daily_history("checkout").set_index("date")


def _told_apart(exercise_id, cases):
    """Each (wrong answer, words) is rejected and the message names the slip."""
    for wrong, words in cases:
        result = sl.check(exercise_id, wrong)
        assert not result.correct and words in result.message, (wrong, result.message)


# ------------------------------------------------------------------ the registry

def test_registry_lists_the_three_parts_in_order():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [e.id for e in s02b.EXERCISES] == ALL_IDS
    assert [q.id for q in s02b.QUIZZES] == [
        "slo1a.where_measured", "slo1b.budget_from_events", "slo1c.too_many_slos"]
    assert {q.notebook for q in s02b.QUIZZES} == set(NOTEBOOKS.values())


@pytest.mark.parametrize("key", NOTEBOOKS)
def test_notebook_checks_exactly_its_exercises_and_quizzes(key):
    path = ROOT / "notebooks" / f"{NOTEBOOKS[key]}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert tuple(re.findall(r'sl\.check\("([a-z0-9_.]+)"', code)) == EXERCISES[key]
    quizzes = [q.id for q in s02b.QUIZZES if q.notebook == NOTEBOOKS[key]]
    assert re.findall(r'sl\.quiz\("([a-z0-9_.]+)"', code) == quizzes
    assert nb["metadata"]["sre_lab"]["section"] == 2
    assert nb["metadata"]["sre_lab"]["tier"] == "beginner"


@pytest.mark.parametrize("table", ["JOURNEY_STEPS", "EMAIL_SLIS", "SLI_CANDIDATES"])
def test_notebook_tables_list_the_registry_keys(table):
    """The Markdown tables a learner answers from show exactly the registry's keys."""
    nb = json.loads((ROOT / "notebooks" / f"{NOTEBOOKS['slo1a']}.ipynb").read_text("utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| ([^|]+) \|", text, re.M)}
    for key, (what, *_) in getattr(s02b, table).items():
        assert rows.get(key, "").strip() == what, key


# ------------------------------------------------------------------ 1a: set and choice

def test_critical_steps_by_the_rule():
    # A step is critical when the shopper cannot finish buying if it fails: find, cart, pay.
    assert sl.check("slo1a.critical_steps", {"search", "cart", "pay"}).correct
    assert sl.check("slo1a.critical_steps", ["Pay", " cart", "SEARCH"]).correct
    result = sl.check("slo1a.critical_steps", {"search", "cart", "pay", "confirmation_email"})
    assert not result.correct
    assert "1 does not belong" in result.message and "confirmation_email" not in result.message


def test_email_sli_is_the_end_to_end_freshness_one():
    assert sl.check("slo1a.email_sli", "delivered_within_10_min").correct
    for wrong in ("send_call_succeeds", "send_call_fast", "emails_per_day"):
        result = sl.check("slo1a.email_sli", wrong)
        assert not result.correct and "rounding" not in result.message


def test_good_slis_are_the_ratios_users_feel():
    right = {"success_ratio", "fast_ratio", "good_minutes"}
    assert sl.check("slo1a.good_slis", right).correct
    # trial and error learns how many are wrong, never which
    result = sl.check("slo1a.good_slis", set(s02b.SLI_CANDIDATES))
    assert not result.correct and "4 do not belong" in result.message
    assert not any(k in result.message for k in s02b.SLI_CANDIDATES)


# ------------------------------------------------------------------ 1b: realistic_share

def test_realistic_share_by_hand(daily):
    requests = daily["requests"].to_numpy(float)
    errors = daily["errors"].to_numpy(float)
    # sums over every 28 consecutive days, by differences of cumulative sums
    r = np.cumsum(np.r_[0, requests])
    e = np.cumsum(np.r_[0, errors])
    window_requests = r[28:] - r[:-28]
    window_errors = e[28:] - e[:-28]
    assert len(window_requests) == 338                      # 365 - 27 full windows
    met = 1 - window_errors / window_requests >= 0.999
    by_hand = met.mean()
    assert 0.82 < by_hand < 0.84                            # "about 83 %"
    assert sl.check("slo1b.realistic_share", by_hand).correct
    assert sl.check("slo1b.realistic_share", round(by_hand, 2)).correct
    assert sl.exercise("slo1b.realistic_share").reference() == pytest.approx(by_hand, rel=1e-12)

    day_sli = 1 - errors / requests
    mean_of_days = np.convolve(day_sli, np.ones(28) / 28, mode="valid")
    _told_apart("slo1b.realistic_share", [
        ((day_sli >= 0.999).mean(), "single days"),
        (met.sum() / 365, "first 27 days"),
        ((mean_of_days >= 0.999).mean(), "averaged the daily availabilities"),
        (100 * by_hand, "percentage"),
    ])


# ------------------------------------------------------------------ 1b: latency_budget

def test_latency_budget_by_hand(checkout):
    requests = float(checkout["requests"].sum())
    successful = requests - float(checkout["errors"].sum())
    fast = float(checkout["latency_le_500ms"].sum())
    by_hand = 0.01 * successful
    assert 224_400 < by_hand < 224_500
    assert sl.check("slo1b.latency_budget", by_hand).correct
    assert sl.check("slo1b.latency_budget", round(by_hand)).correct
    assert sl.exercise("slo1b.latency_budget").reference() == pytest.approx(by_hand, rel=1e-12)
    # 1 % of all requests is only ~0.09 % away: the tolerance must tell them apart
    assert abs(0.01 * requests - by_hand) / by_hand < 0.001
    _told_apart("slo1b.latency_budget", [
        (0.01 * requests, "1 % of all requests"),
        (0.001 * successful, "availability target 99.9 %"),
        (successful - fast, "slow requests the 28 days actually had"),
    ])


# ------------------------------------------------------------------ 1c: exhaustion_9995

def test_exhaustion_9995_by_hand(checkout):
    ratio = checkout["errors"].sum() / checkout["requests"].sum()      # all 28 days
    burn = ratio / 0.0005
    by_hand = dt.timedelta(days=28 / burn)
    assert dt.timedelta(days=15) < by_hand < dt.timedelta(days=16)    # "about two weeks"
    assert sl.check("slo1c.exhaustion_9995", by_hand).correct
    assert sl.check("slo1c.exhaustion_9995", pd.Timedelta(days=28 / burn)).correct
    reference = sl.exercise("slo1c.exhaustion_9995").reference()
    assert abs((reference - by_hand).total_seconds()) < 1

    last_day = checkout.iloc[-1440:]
    current = last_day["errors"].sum() / last_day["requests"].sum() / 0.0005
    _told_apart("slo1c.exhaustion_9995", [
        (dt.timedelta(days=28 / current), "current burn rate"),
        (dt.timedelta(days=30 / burn), "30-day window"),
        (dt.timedelta(days=28 / (ratio / 0.0001)), "99.99 %"),
    ])
    assert not sl.check("slo1c.exhaustion_9995", 28 / burn).correct    # a number has no unit


# ------------------------------------------------------------------ 1c: spike_budget_share

def _errors_between(frame, start, end):
    return float(frame.loc[(frame.index >= start) & (frame.index < end), "errors"].sum())


def test_spike_budget_share_by_hand(checkout):
    week = checkout.loc["2026-10-26":]
    hourly = week[["requests", "errors"]].groupby(week.index.floor("h")).sum()
    worst = (hourly["errors"] / hourly["requests"]).idxmax()
    assert worst == pd.Timestamp("2026-10-29 11:00", tz="UTC")
    incidents = sl.load_incidents().set_index("id")
    mine = incidents[(incidents["service"] == "checkout")
                     & (incidents["started"] < worst + pd.Timedelta(hours=1))
                     & (incidents["mitigated"] > worst)]
    assert list(mine.index) == ["INC-010"]
    budget = 0.001 * float(checkout["requests"].sum())

    def share(incident_id):
        row = incidents.loc[incident_id]
        return _errors_between(checkout, row["started"], row["mitigated"]) / budget

    by_hand = share("INC-010")
    assert 0.18 < by_hand < 0.19                          # under the 20 % postmortem line
    assert sl.check("slo1c.spike_budget_share", by_hand).correct
    assert sl.exercise("slo1c.spike_budget_share").reference() == pytest.approx(by_hand, rel=1e-12)

    spike = incidents.loc["INC-010"]
    bad = _errors_between(checkout, spike["started"], spike["mitigated"])
    during_requests = float(checkout.loc[(checkout.index >= spike["started"])
                                         & (checkout.index < spike["mitigated"]),
                                         "requests"].sum())
    whole_day = float(checkout.loc["2026-10-29", "errors"].sum()) / budget
    _told_apart("slo1c.spike_budget_share", [
        (share("INC-004"), "kept INC-004"),
        (share("INC-014"), "INC-014"),
        (share("INC-012"), "payment's INC-012"),
        (whole_day, "whole day"),
        (bad / during_requests, "requests during the incident"),
        (bad / float(checkout["requests"].sum()), "all requests of the 28 days"),
        (100 * by_hand, "percentage"),
    ])


# ------------------------------------------------------------------ quizzes

@pytest.mark.parametrize("quiz_id, right", [
    ("slo1a.where_measured", "b"), ("slo1b.budget_from_events", "b"),
    ("slo1c.too_many_slos", "c"),
])
def test_quiz_right_and_wrong_options(quiz_id, right):
    quiz = next(q for q in s02b.QUIZZES if q.id == quiz_id)
    for i, (_text, why) in enumerate(quiz.options):
        letter = "abcdef"[i]
        result = sl.quiz(quiz_id, letter)
        assert result.correct is (letter == right), (quiz_id, letter)
        assert why in result.message


def test_budget_quiz_arithmetic():
    # the quiz's numbers: 0.1 % of the 1,300,000 requests that arrived
    assert sl.error_budget(0.999, 1_300_000) == pytest.approx(1300)
    assert 1_300_000 * 0.999 == pytest.approx(1_298_700)
