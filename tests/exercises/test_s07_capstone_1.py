"""Exercises and quizzes of the capstone, part 1 (cap1), worked by hand.

The quarter's TTR is rebuilt from the incident table's parts in plain numpy.
The budget is worked from the world's traffic model written out here (checkout's
420 requests a minute, a daily cosine of amplitude 0.55 peaking at 15:00 UTC,
weekends at 0.8, 40 % growth a year from 2025-11-02; no sales event falls in
2027's first quarter), checkout's 0.02 % background errors and its log-normal
latency tail above 1 s (sigma 0.45; a median of 140 ms that grows 15 % per unit
of load above normal, minute by minute), plus the incidents' lost purchases
summed from the table.
The best lever comes from a loop over the 20 seeds, summing each plan's lost
purchases from its own incident table. Then ``sl.check`` must accept each
answer, the reference must agree, and every misconception must be rejected
with its own words.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from tests.exercise_support import assert_correct, assert_misconceptions_rejected

SLO = 0.999
QUARTER_DAYS = 91


@pytest.fixture(scope="module")
def incidents():
    return sl.simulate_quarter(sl.PHASES[1], seed=0).incidents





# ------------------------------------------------------------------ TTR


def test_median_ttr_rebuilt_from_its_parts(incidents):
    parts = incidents[["ttd_minutes", "tta_minutes", "repair_minutes"]].to_numpy()
    ttr = parts.sum(axis=1)
    assert np.allclose(ttr, incidents["ttr_minutes"])        # the model's column agrees
    assert len(ttr) == 32                                    # an even count: the middle two averaged
    middle = np.sort(ttr)[15:17]
    assert_correct("cap1.median_ttr", float(middle.mean()))
    assert_misconceptions_rejected("cap1.median_ttr")


def test_median_ttr_misconceptions_are_the_named_slips(incidents):
    no_ack = np.median(incidents["ttd_minutes"] + incidents["repair_minutes"])
    from_detection = np.median(incidents["tta_minutes"] + incidents["repair_minutes"])
    mean = (incidents["ttd_minutes"] + incidents["tta_minutes"] + incidents["repair_minutes"]).mean()
    for wrong, words in [(no_ack, "acknowledge"), (from_detection, "noticed"), (mean, "mean")]:
        result = sl.check("cap1.median_ttr", float(wrong))
        assert not result.correct and words in result.message


# ------------------------------------------------------------------ budget


def _checkout_rates_by_hand() -> np.ndarray:
    """Checkout's expected requests in each minute of the quarter."""
    minutes = pd.date_range("2027-01-04", periods=QUARTER_DAYS * 1440, freq="min", tz="UTC")
    hour = minutes.hour + minutes.minute / 60
    daily = 1 + 0.55 * np.cos(2 * np.pi * (np.asarray(hour) - 15) / 24)
    weekly = np.where(minutes.day_of_week >= 5, 0.8, 1.0)
    years = (minutes - pd.Timestamp("2025-11-02", tz="UTC")) / pd.Timedelta(days=365)
    return 420 * daily * weekly * 1.4 ** np.asarray(years)


def _background_by_hand(rates: np.ndarray) -> float:
    """Baseline errors plus requests slower than 1 s, minute by minute."""
    median_ms = 140 * (1 + 0.15 * (rates / 420 - 1))
    z = np.log(1000 / median_ms) / 0.45
    slow = 0.5 * np.array([math.erfc(v / math.sqrt(2)) for v in z])
    return float(rates @ (0.0002 + slow))


@pytest.fixture(scope="module")
def traffic():
    rates = _checkout_rates_by_hand()
    return float(rates.sum()), _background_by_hand(rates)


def test_budget_used_by_hand(incidents, traffic):
    requests, background = traffic
    assert 0.00021 < background / requests < 0.00023       # 0.02 % errors and a few slow ones
    lost = incidents["lost_purchases"].sum()                 # Phase 1: no canary, no game day
    used = (background + lost) / ((1 - SLO) * requests)
    assert 1.15 < used < 1.25                                 # the quarter overspent its budget
    assert_correct("cap1.budget_used", used, rel=1e-4)
    assert_misconceptions_rejected("cap1.budget_used")
    # the notebook's route: requests from the revenue at $0.10, background from good_share
    gross = sl.outline_claim(seeds=[0]).quarter_revenue_usd
    assert gross / 0.10 == pytest.approx(requests, rel=1e-6)
    summary = sl.simulate_quarter(sl.PHASES[1], seed=0).summary
    from_share = (1 - summary["good_share"]) * requests - lost
    assert from_share == pytest.approx(background, rel=1e-3)


def test_budget_misconceptions_are_the_named_slips(incidents, traffic):
    requests, background = traffic
    bad = background + incidents["lost_purchases"].sum()
    cases = [
        (bad / ((1 - SLO) * requests * 30 / QUARTER_DAYS), "30-day"),
        (100 * bad / ((1 - SLO) * requests), "percentage"),
        (incidents["lost_purchases"].sum() / ((1 - SLO) * requests), "background"),
        (bad / requests, "all requests"),
    ]
    for wrong, words in cases:
        result = sl.check("cap1.budget_used", float(wrong))
        assert not result.correct and words in result.message, (wrong, result.message)


# ------------------------------------------------------------------ the levers


@pytest.fixture(scope="module")
def lost_by_seed():
    base = sl.PHASES[1]
    plans = {"Phase 1": base,
             "burn-rate alerts": base.replace(alerting="burn_rate"),
             "on-call rotation": base.replace(oncall="rotation"),
             "runbooks": base.replace(runbooks=True),
             "Phase 2": sl.PHASES[2]}
    return {name: np.array([sl.simulate_quarter(plan, seed=s).incidents["lost_purchases"].sum()
                            for s in range(20)])
            for name, plan in plans.items()}


def test_best_lever_by_paired_savings(lost_by_seed):
    levers = ["burn-rate alerts", "on-call rotation", "runbooks"]
    saved = {k: np.median(lost_by_seed["Phase 1"] - lost_by_seed[k]) for k in levers}
    best = max(saved, key=saved.get)
    assert best == "runbooks" and saved["runbooks"] > 1.3 * max(saved["on-call rotation"],
                                                                saved["burn-rate alerts"])
    assert_correct("cap1.best_lever", best)
    assert_misconceptions_rejected("cap1.best_lever")
    # common random numbers: each lever saves purchases in every quarter
    for k in levers + ["Phase 2"]:
        assert (lost_by_seed["Phase 1"] - lost_by_seed[k] > 0).all(), k


def test_best_lever_misconceptions_give_other_levers():
    wrong = {text: fn() for text, fn in sl.exercise("cap1.best_lever").misconceptions}
    assert sorted(wrong.values()) == ["burn-rate alerts", "on-call rotation"]


# ------------------------------------------------------------------ quiz


def test_quiz_facts_and_letter():
    table = sl.compare_plans([sl.PHASES[1], sl.PHASES[2]], seeds=range(20))
    before, after = table.iloc[0], table.iloc[1]
    assert after["ttr_median_minutes"] < before["ttr_median_minutes"] / 2           # "more than halves"
    assert after["ttr_mean_minutes"] > before["ttr_mean_minutes"] / 2               # "the mean far less"
    assert after["lost_purchases"] < before["lost_purchases"] / 2                   # option b's fact
    assert sl.quiz("cap1.median_vs_mean", "a").correct
