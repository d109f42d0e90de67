"""Exercises and quizzes of 02_slos advanced (slo3a-slo3d), pinned by independent work.

Every answer is worked out here in plain numpy/pandas (hand formulas, an own
M/M/c, the outline's snippet rewritten) rather than through the registry's
reference helpers; then ``sl.check`` must accept it, the reference must agree,
and every registered misconception must be rejected with its own words.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s02_slos_advanced as registry

TARGETS = {"checkout": 0.999, "payment": 0.9995, "search": 0.999, "notifications": 0.995}


# ------------------------------------------------------------------ an own M/M/c

def _erlang_c(c: int, a: float) -> float:
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def _within(t_ms: float, rps: float, service_ms: float, c: int) -> float:
    """Share of requests within t in an M/M/c FCFS queue (Kleinrock), 0 when unstable."""
    mu, t = 1000 / service_ms, t_ms / 1000
    a = rps / mu
    if a >= c:
        return 0.0
    wait, theta = _erlang_c(c, a), c * mu - rps
    tail = (1 - wait) * math.exp(-mu * t) + wait * (
        theta * math.exp(-mu * t) - mu * math.exp(-theta * t)) / (theta - mu)
    return 1 - tail


@pytest.fixture(scope="module")
def minutes():
    return sl.load_requests(service="checkout")


@pytest.fixture(scope="module")
def calm(minutes):
    incidents = sl.load_incidents()
    inc = incidents[(incidents["service"] == "checkout") & (incidents["kind"] == "latency")]
    keep = np.ones(len(minutes), dtype=bool)
    for start, end in zip(inc["started"], inc["mitigated"]):
        keep &= ~((minutes.index >= start) & (minutes.index < end))
    return minutes[keep]


@pytest.fixture(scope="module")
def peak_rps():
    # the forecast peak is an input the notebook takes from the core (18.8 req/s)
    history = sl.load_daily_history("checkout")
    return sl.forecast_peak_rps(sl.fit_traffic_growth(history), horizon_days=90,
                                peak_to_mean_ratio=sl.peak_to_mean_ratio(
                                    sl.load_requests(service="checkout")), quantile=0.9)


def _assert_pinned(exercise_id, value, *, approx=None):
    result = sl.check(exercise_id, value)
    assert result.correct, result.message
    reference = sl.exercise(exercise_id).reference()
    if approx is None:
        assert reference == value
    else:
        assert np.allclose(reference, value, **approx)


def _assert_misconceptions_rejected(exercise_id):
    ex = sl.exercise(exercise_id)
    assert ex.kind not in ("number", "numbers", "timedelta") or ex.misconceptions
    for text, wrong in ex.misconceptions:
        result = sl.check(exercise_id, wrong())
        assert result.status == "incorrect", (exercise_id, text)
        assert text in result.message


# ------------------------------------------------------------------ 3a

def test_page_floor_by_hand():
    burn = 0.02 * 28 * 24 / 1            # 2 % of a 28-day budget in 1 h
    floor = 1 - 1 / burn
    assert round(floor, 4) == 0.9256
    _assert_pinned("slo3a.page_floor", floor, approx=dict(rtol=0, atol=1e-12))
    assert sl.check("slo3a.page_floor", 0.926).correct          # the prose's "about 92.6 %"
    assert not sl.check("slo3a.page_floor", 1 - 1 / 14.4).correct
    _assert_misconceptions_rejected("slo3a.page_floor")


def test_bronze_threshold_by_hand():
    # total outage: the 1 h window's error ratio after m minutes is m / 60;
    # it fires when m / 60 > B x 0.10, so m = 6 B minutes <= 10  ->  B = 10 / 6
    threshold = 10 / (60 * 0.10)
    _assert_pinned("slo3a.bronze_threshold", threshold, approx=dict(rtol=1e-9))
    _assert_misconceptions_rejected("slo3a.bronze_threshold")


# ------------------------------------------------------------------ 3b

def test_negative_days_by_hand():
    daily = sl.load_daily_history("checkout")
    ratios = (daily["errors"] / daily["requests"]).to_numpy()
    days = ratios.mean() + np.random.default_rng(1).standard_normal((10_000, 7)) * ratios.std()
    share = float((days < 0).mean())
    # and the normal distribution says the same: Phi(-mean / std)
    assert share == pytest.approx(0.5 * math.erfc(ratios.mean() / ratios.std() / math.sqrt(2)),
                                  abs=0.01)
    _assert_pinned("slo3b.negative_days", share, approx=dict(rtol=1e-12))
    _assert_misconceptions_rejected("slo3b.negative_days")


def test_payment_window_by_a_plain_bootstrap():
    # 14 observed days (19 Oct - 1 Nov) + 14 days drawn at random from the year
    daily = sl.load_daily_history("payment")
    budget_share = 1 - TARGETS["payment"]
    pick = np.random.default_rng(7).integers(0, len(daily), size=(10_000, 14))
    bad = daily["errors"].iloc[-14:].sum() + daily["errors"].to_numpy()[pick].sum(axis=1)
    valid = daily["requests"].iloc[-14:].sum() + daily["requests"].to_numpy()[pick].sum(axis=1)
    p = float(np.mean(bad > budget_share * valid))
    assert 0.12 < p < 0.17
    _assert_pinned("slo3b.payment_window", p, approx=dict(rtol=0.1))
    _assert_misconceptions_rejected("slo3b.payment_window")
    # the window that ended on 1 November is already lost
    month = daily.iloc[-28:]
    assert month["errors"].sum() / (budget_share * month["requests"].sum()) == pytest.approx(1.51,
                                                                                             abs=0.01)


# ------------------------------------------------------------------ 3c

def test_quiet_hour_by_hand(calm):
    quiet = calm[calm.index.hour == 3]
    rate = quiet["requests"].sum() / (len(quiet) * 60)
    data = quiet["latency_le_100ms"].sum() / (quiet["requests"] - quiet["errors"]).sum()
    model = _within(100, rate, 78, 2)                    # the fitted queue: 2 workers of 78 ms
    assert model - data > 0.4
    _assert_pinned("slo3c.quiet_hour", [model, data], approx=dict(rtol=1e-9))
    _assert_misconceptions_rejected("slo3c.quiet_hour")


def test_workers_at_peak_by_hand(peak_rps):
    workers = 1
    while _within(500, peak_rps, 78, workers) < 0.998:
        workers += 1
    assert workers + 2 == 6
    _assert_pinned("slo3c.workers_at_peak", workers + 2)
    _assert_misconceptions_rejected("slo3c.workers_at_peak")


# ------------------------------------------------------------------ 3d

def test_at_risk_by_hand():
    status = {}
    for service, target in TARGETS.items():
        daily = sl.load_daily_history(service)[["requests", "errors"]]
        month, week = daily.iloc[-28:].sum(), daily.iloc[-7:].sum()
        left = 1 - month["errors"] / ((1 - target) * month["requests"])
        burn = week["errors"] / week["requests"] / (1 - target)
        status[service] = "freeze" if left <= 0 else (
            "slow down" if left < 0.25 or burn > 1.5 else "go")
    assert status == {"checkout": "slow down", "payment": "freeze", "search": "go",
                      "notifications": "go"}
    _assert_pinned("slo3d.at_risk", "checkout")
    for other in ("payment", "search", "notifications"):
        assert not sl.check("slo3d.at_risk", other).correct


def test_surge_workers_by_hand(minutes):
    five = minutes[["requests", "errors"]].resample("5min").sum()
    rps = five["requests"].to_numpy() * 1.8 / 300

    def p_breach(workers):
        fast = np.array([_within(500, r, 78, workers) for r in rps])
        ok = (five["requests"] - five["errors"]) * 1.8
        week = pd.DataFrame({"valid": ok, "good": ok * fast}).resample("1h").sum()
        return sl.forecast_budget_exhaustion(week, slo_target=0.98, window_days=7,
                                             elapsed_days=0, n_paths=2_000,
                                             rng=0).probability_exhausted

    assert p_breach(2) >= 0.05 and p_breach(3) < 0.05
    _assert_pinned("slo3d.surge_workers", 3)
    _assert_misconceptions_rejected("slo3d.surge_workers")


# ------------------------------------------------------------------ the registry as a whole

def test_keys_and_notebooks():
    keys = {ex.key for ex in registry.EXERCISES} | {q.key for q in registry.QUIZZES}
    assert keys == {"slo3a", "slo3b", "slo3c", "slo3d"}
    recap = [q for q in registry.QUIZZES if q.id.startswith("slo3d.recap_")]
    assert len(recap) == 3

