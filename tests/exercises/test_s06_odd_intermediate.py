"""Section 6's intermediate exercises and quizzes (2a, 2b, 2c) against answers worked out by hand.

Values come from plain pandas / numpy on the data the notebooks load (the
synthetic checks' rows, the deployment log), from the Mann–Whitney statistic
written out from ranks, from the normal approximation of its power, and from
Monte Carlo draws of the services' log-normal profiles made here with numpy:
never from the registry's reference helpers.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s06_odd_intermediate as s06i

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {
    "odd2a": "06_observability_driven_dev/2a_synthetic_monitoring",
    "odd2b": "06_observability_driven_dev/2b_canary_analysis",
    "odd2c": "06_observability_driven_dev/2c_release_gates_in_ci",
}
EXERCISES = {
    "odd2a": ("odd2a.uptime", "odd2a.eager_false_alarms", "odd2a.twenty_locations"),
    "odd2b": ("odd2b.daily_p_value", "odd2b.p99_false_positives", "odd2b.search_power"),
    "odd2c": ("odd2c.blocked_good", "odd2c.false_block_share", "odd2c.daily_false_block_share"),
}
QUIZ_ANSWERS = {"odd2a.why_missed": "b", "odd2b.error_counts": "c", "odd2c.two_metrics": "b"}
ALL_IDS = [i for ids in EXERCISES.values() for i in ids]
JOURNEY = ["search", "checkout", "payment"]        # the checkout journey (input: the notebook's story)
PROFILE = {s.name: s for s in sl.SERVICES}


def accepted(exercise_id, value, rel=1e-9):
    result = sl.check(exercise_id, value)
    assert result.correct, result.message
    assert sl.exercise(exercise_id).reference() == pytest.approx(value, rel=rel)


def rejected(exercise_id, wrong, words):
    result = sl.check(exercise_id, wrong)
    assert not result.correct and words in result.message, result.message


def normal_sf(z):
    return 0.5 * math.erfc(z / math.sqrt(2))


def mann_whitney_power(sigma, *, regression, n, alpha=0.05):
    """Normal approximation: P(canary > baseline) = Φ(ln(1 + r) / (σ√2)); U/n² ~ N(p, 1/(6n))."""
    p = 1 - normal_sf(math.log1p(regression) / (sigma * math.sqrt(2)))
    z_alpha = 1.6448536269514722  # Φ⁻¹(0.95)
    return normal_sf(z_alpha - (p - 0.5) * math.sqrt(6 * n))


@pytest.fixture(scope="module")
def checks():
    return sl.synthetic_checks(sl.load_requests(), journey=JOURNEY, interval_min=1, locations=3, rng=2026)


@pytest.fixture(scope="module")
def incidents():
    frame = sl.load_incidents()
    return frame[frame["service"].isin(JOURNEY)]


@pytest.fixture(scope="module")
def deployments():
    return sl.load_deployments()


def test_registry_lists_the_parts_in_order():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [e.id for e in s06i.EXERCISES] == ALL_IDS
    assert [q.id for q in s06i.QUIZZES] == list(QUIZ_ANSWERS)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_misconception_is_clearly_apart_from_the_answer(exercise_id):
    # tests/test_registry.py checks that each is rejected and named; here: at least 3 tolerances away
    ex = sl.exercise(exercise_id)
    reference = ex.reference()
    for text, wrong in ex.misconceptions:
        assert abs(wrong() - reference) > max(3 * ex.rel_tol * abs(reference), ex.abs_tol), text


@pytest.mark.parametrize("key", list(NOTEBOOKS))
def test_notebook_checks_exactly_its_exercises_and_quizzes(key):
    path = ROOT / "notebooks" / f"{NOTEBOOKS[key]}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert tuple(re.findall(r'sl\.check\("([a-z0-9_.]+)"', code)) == EXERCISES[key]
    quizzes = [q.id for q in s06i.QUIZZES if q.notebook == NOTEBOOKS[key]]
    assert re.findall(r'sl\.quiz\("([a-z0-9_.]+)"', code) == quizzes
    meta = nb["metadata"]["sre_lab"]
    assert (meta["section"], meta["tier"]) == (6, "intermediate") and meta["minutes"] <= 30


# ------------------------------------------------------------------ 2a

def test_uptime_is_the_share_of_minutes_with_any_success(checks):
    by_minute = checks.pivot(index="timestamp", columns="location", values="success")
    assert by_minute.shape == (40320, 3)
    uptime = by_minute.any(axis=1).mean()
    accepted("odd2a.uptime", float(uptime))
    # the minutes with no success at all are the payment outage, INC-004 (14:10 to its mitigation)
    down = by_minute.index[~by_minute.any(axis=1)]
    assert len(down) == 12
    assert down.min() == pd.Timestamp("2026-10-14 14:10", tz="UTC")
    assert down.max() == pd.Timestamp("2026-10-14 14:21", tz="UTC")
    rejected("odd2a.uptime", float(checks["success"].mean()), "reachability")
    rejected("odd2a.uptime", float(by_minute.all(axis=1).mean()), "ALL locations")


def _firing_minutes(checks, min_locations, consecutive_runs=1):
    failed = ~checks.pivot(index="timestamp", columns="location", values="success")
    streak = failed.rolling(consecutive_runs, min_periods=consecutive_runs).sum() == consecutive_runs
    return streak.sum(axis=1) >= min_locations


def _episodes(firing):
    """(start, end) of each run of firing minutes; end = the first minute no longer firing."""
    values = firing.to_numpy()
    edges = np.diff(np.concatenate([[0], values.astype(int), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    index = firing.index.append(pd.DatetimeIndex([firing.index[-1] + pd.Timedelta(minutes=1)]))
    return list(zip(index[starts], index[ends]))


def test_eager_rule_false_alarms_by_hand(checks, incidents):
    episodes = _episodes(_firing_minutes(checks, 1))
    overlaps = [((start < incidents["mitigated"]) & (end > incidents["started"])).any() for start, end in episodes]
    false_alarms = len(episodes) - sum(overlaps)
    assert false_alarms == 300
    accepted("odd2a.eager_false_alarms", false_alarms)
    rejected("odd2a.eager_false_alarms", len(episodes), "every alert episode")
    rejected("odd2a.eager_false_alarms", int((~checks["success"]).sum()), "failed runs")
    everything = sl.load_incidents()
    overlaps_all = [((start < everything["mitigated"]) & (end > everything["started"])).any()
                    for start, end in episodes]
    rejected("odd2a.eager_false_alarms", len(episodes) - sum(overlaps_all), "all 16 incidents")
    rejected("odd2a.eager_false_alarms", 0, "Ravi's first rule")


def test_twenty_locations_share_by_hand(incidents):
    checks20 = sl.synthetic_checks(sl.load_requests(), journey=JOURNEY, locations=20, rng=2026)
    firing = _firing_minutes(checks20, 3)
    times = firing.index[firing.to_numpy()]
    # detected when the rule fires in some minute between the start and the mitigation
    detected = [((times >= start) & (times < end)).any()
                for start, end in zip(incidents["started"], incidents["mitigated"])]
    assert len(detected) == 15 and sum(detected) == 7
    accepted("odd2a.twenty_locations", sum(detected) / 15)
    rejected("odd2a.twenty_locations", sum(detected) / 16, "all 16 incidents")
    rejected("odd2a.twenty_locations", sum(detected), "number of incidents")


# ------------------------------------------------------------------ 2b

def _groups(n, seed, regression=0.05):
    release = sl.simulate_release_latencies(service="checkout", regression=regression, n_requests=n, rng=seed)
    return (release.loc[release["group"] == "baseline", "latency_ms"].to_numpy(),
            release.loc[release["group"] == "canary", "latency_ms"].to_numpy())


def test_daily_p_value_from_ranks():
    baseline, canary = _groups(24, 7)
    ranks = pd.Series(np.concatenate([baseline, canary])).rank().to_numpy()
    n = 24
    u = ranks[n:].sum() - n * (n + 1) / 2
    # no ties among continuous draws; continuity correction 0.5 as scipy's asymptotic method
    z = (u - n * n / 2 - 0.5) / math.sqrt(n * n * (2 * n + 1) / 12)
    p = normal_sf(z)
    assert 0.1 < p < 0.3                       # a 5 % slower build, and no verdict from 24 requests
    accepted("odd2b.daily_p_value", p, rel=1e-6)
    z_swapped = (n * n - u - n * n / 2 - 0.5) / math.sqrt(n * n * (2 * n + 1) / 12)
    rejected("odd2b.daily_p_value", normal_sf(z_swapped), "swapped the groups")
    rejected("odd2b.daily_p_value", 2 * p, "two-sided")


def test_p99_rule_false_positive_rate_against_our_own_monte_carlo():
    rate = sl.gate_error_rates(regression=0.0, n_requests=1000, runs=1000, method="p99-ratio", max_ratio=1.05,
                               rng=5)["false_positive_rate"]
    accepted("odd2b.p99_false_positives", rate)
    # independent draws of checkout's log-normal profile: p99 of 1,000 vs p99 of 1,000, ratio > 1.05
    rng = np.random.default_rng(12345)
    mu, sigma = math.log(PROFILE["checkout"].latency_median_ms), PROFILE["checkout"].latency_sigma
    a = np.exp(rng.normal(mu, sigma, (2000, 1000)))
    b = np.exp(rng.normal(mu, sigma, (2000, 1000)))
    ours = (np.quantile(b, 0.99, axis=1) > 1.05 * np.quantile(a, 0.99, axis=1)).mean()
    assert 0.18 < ours < 0.30
    assert abs(rate - ours) < 4 * math.sqrt(ours * (1 - ours) * (1 / 1000 + 1 / 2000))
    rejected("odd2b.p99_false_positives", 0.05, "alpha")


def test_search_power_against_the_normal_approximation():
    power = sl.gate_error_rates(regression=0.05, n_requests=1000, runs=1000, service="search", rng=2)["power"]
    accepted("odd2b.search_power", power)
    expected = mann_whitney_power(PROFILE["search"].latency_sigma, regression=0.05, n=1000)
    assert expected == pytest.approx(0.615, abs=0.005)          # worked by hand: Φ(0.293)
    assert abs(power - expected) < 3 * math.sqrt(expected * (1 - expected) / 1000)
    checkout = mann_whitney_power(PROFILE["checkout"].latency_sigma, regression=0.05, n=1000)
    assert checkout == pytest.approx(0.765, abs=0.005)
    rejected("odd2b.search_power",
             sl.gate_error_rates(regression=0.05, n_requests=1000, runs=1000, rng=2)["power"], "checkout's profile")


# ------------------------------------------------------------------ 2c

def test_blocked_good_releases_by_hand(deployments):
    good = int((~deployments["failed"]).sum())
    assert (good, len(deployments)) == (451, 486)
    accepted("odd2c.blocked_good", good * 0.05)                 # 22.55
    rejected("odd2c.blocked_good", 486 * 0.05, "all 486 deployments")


def test_false_block_share_by_hand(deployments):
    good, bad = int((~deployments["failed"]).sum()), int(deployments["failed"].sum())
    power = sl.gate_error_rates(regression=0.05, n_requests=1000, runs=1000, rng=2)["power"]
    assert abs(power - mann_whitney_power(0.45, regression=0.05, n=1000)) < 0.04
    share = good * 0.05 / (good * 0.05 + bad * power)
    accepted("odd2c.false_block_share", share)
    rejected("odd2c.false_block_share", 0.05, "share of GOOD releases")
    rejected("odd2c.false_block_share", 1 - power, "1 - power")
    rejected("odd2c.false_block_share", good * 0.05 / len(deployments), "all 486 deployments")


def test_daily_test_false_block_share_by_hand(deployments):
    good, bad = int((~deployments["failed"]).sum()), int(deployments["failed"].sum())
    power24 = sl.gate_error_rates(regression=0.05, n_requests=24, runs=1000, rng=2)["power"]
    # the normal approximation is rough at n = 24, but says the same: barely above alpha
    assert 0.05 < power24 < 0.15 and mann_whitney_power(0.45, regression=0.05, n=24) < 0.15
    share = good * 0.05 / (good * 0.05 + bad * power24)
    assert share > 0.85
    accepted("odd2c.daily_false_block_share", share)
    power = sl.gate_error_rates(regression=0.05, n_requests=1000, runs=1000, rng=2)["power"]
    rejected("odd2c.daily_false_block_share", good * 0.05 / (good * 0.05 + bad * power), "1,000-request gate")
    rejected("odd2c.daily_false_block_share", power24, "daily test's power")
    rejected("odd2c.daily_false_block_share", 1 - share, "REAL regressions")


# ------------------------------------------------------------------ quizzes

@pytest.mark.parametrize("quiz_id, right", list(QUIZ_ANSWERS.items()))
def test_quiz_right_option(quiz_id, right):
    assert sl.quiz(quiz_id, right).correct
    quiz = next(q for q in s06i.QUIZZES if q.id == quiz_id)
    assert "abcdef"[quiz.answer] == right


def test_two_metrics_quiz_number_is_the_familywise_rate():
    assert sl.familywise_false_positive_rate(0.05, 2) == pytest.approx(1 - 0.95 ** 2)
    assert round(1 - 0.95 ** 2, 4) == 0.0975
