"""The capstone's quarter model (sre_lab.capstone) against hand calculations and the simulated world.

Every expected value here is worked out independently of the code under test:
the traffic shape from ``sl.SERVICES``' published parameters, the detection
time from the SRE Workbook's closed form (ch. 5), the slow share from the
log-normal by hand with ``math.erf``, the acknowledgement means from the
exponential's rounded-up (geometric) mean, prevention shares from the stated
probabilities with binomial intervals, the lost purchases from
``sl.simulate_traffic`` + ``sl.downtime_cost`` (the world the model claims to
summarise), the gate's power from a Monte Carlo of the same z-test.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.capstone import quarter as q

ROOT = Path(__file__).resolve().parents[1]
SVC = {s.name: s for s in sl.SERVICES}
START = pd.Timestamp("2027-01-04", tz="UTC")      # the quarter: 13 weeks from a Monday
DAYS = 91
GROWTH = 0.4                                       # sl.simulate_traffic's default growth a year
SLOW_MS = 1000                                     # a purchase slower than 1 s is lost


# ---------------------------------------------------------------- hand helpers
def hand_rate(service: str, minutes: pd.DatetimeIndex) -> np.ndarray:
    """Expected requests a minute from the Service's parameters (simulation docstrings)."""
    s = SVC[service]
    hour = minutes.hour + minutes.minute / 60
    daily = 1 + 0.55 * np.cos(2 * np.pi * (np.asarray(hour) - s.peak_hour_utc) / 24)
    weekly = np.where(np.asarray(minutes.day_of_week) >= 5, s.weekend_factor, 1.0)
    years = (minutes - pd.Timestamp("2025-11-02", tz="UTC")) / pd.Timedelta(days=365)
    return s.requests_per_minute * daily * weekly * (1 + GROWTH) ** np.asarray(years)


def quarter_minutes() -> pd.DatetimeIndex:
    return pd.date_range(START, periods=DAYS * 1440, freq="min")


_CACHE: dict = {}


def quarter_requests(service: str = "checkout") -> float:
    if service not in _CACHE:
        _CACHE[service] = float(hand_rate(service, quarter_minutes()).sum())
    return _CACHE[service]


def slow_per_minute(service: str, multiplier: float = 1.0) -> np.ndarray:
    """Requests a minute slower than 1 s, by hand: log-normal latencies whose median grows
    with load as sl.simulate_traffic draws them, median x (1 + 0.15 (load - 1))."""
    from scipy.special import erfc

    s = SVC[service]
    rate = hand_rate(service, quarter_minutes())
    median = s.latency_median_ms * (1 + 0.15 * (rate / s.requests_per_minute - 1)) * multiplier
    z = (np.log(SLOW_MS) - np.log(median)) / s.latency_sigma
    return rate * 0.5 * erfc(z / np.sqrt(2))


_SLOW: dict = {}


def slow_requests(service: str, multiplier: float, first: int, last: int) -> float:
    key = (service, multiplier)
    if key not in _SLOW:
        _SLOW[key] = np.concatenate([[0.0], np.cumsum(slow_per_minute(service, multiplier))])
    cum = _SLOW[key]
    return float(cum[last] - cum[first])


def start_minute(row) -> int:
    return int((row.started - pd.Timestamp(START)) / pd.Timedelta(minutes=1))


def bad_ratio(row) -> float:
    """The share of the service's requests an incident makes bad when it starts (error or slower than 1 s)."""
    if row.kind == "latency":
        m = start_minute(row)
        rate = hand_rate(row.service, quarter_minutes()[m:m + 1])[0]
        extra = (slow_requests(row.service, row.latency_multiplier, m, m + 1)
                 - slow_requests(row.service, 1.0, m, m + 1))
        return extra / rate
    return float(row.error_ratio_added)


def background(service: str) -> float:
    """A quiet quarter's bad requests: baseline errors plus the slow ones."""
    return (quarter_requests(service) * SVC[service].baseline_error_ratio
            + slow_requests(service, 1.0, 0, DAYS * 1440))


def truth(seed: int) -> pd.DataFrame:
    """The seed's ground-truth incidents (the world's input, not the model's output)."""
    return q._incidents(seed).set_index("id")


def pooled(plan, seeds) -> pd.DataFrame:
    frames = []
    for seed in seeds:
        inc = sl.simulate_quarter(plan, seed=seed).incidents.copy()
        inc["seed"] = seed
        frames.append(inc)
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- the world's traffic
def test_expected_requests_follow_the_services_shape():
    cum = q._expected_requests()
    minutes = quarter_minutes()
    for name in SVC:
        mine = hand_rate(name, minutes)
        assert len(cum[name]) == len(minutes) + 1
        np.testing.assert_allclose(np.diff(cum[name]), mine, rtol=1e-9)


def test_expected_requests_agree_with_simulated_traffic_over_a_week():
    week = 7 * 1440
    traffic = sl.simulate_traffic(START, 7, latency=False, rng=20270104)
    minutes = quarter_minutes()[:week]
    sigma_w = 0.06                      # the world's day-to-day wobble: log-normal(0, 0.06) per day
    mean_w = math.exp(sigma_w**2 / 2)
    var_w = (math.exp(sigma_w**2) - 1) * math.exp(sigma_w**2)
    for name in SVC:
        expected = q._window(name, np.array([0]), np.array([week]))[0]
        sim = traffic.loc[traffic["service"] == name, "requests"].to_numpy()
        per_day = hand_rate(name, minutes).reshape(7, 1440).sum(axis=1)
        # the week's total: sum over days of Poisson(wobble x expected day)
        sd = math.sqrt(float((var_w * per_day**2 + mean_w * per_day).sum()))
        assert abs(sim.sum() - mean_w * expected) < 4 * sd, name
        # the within-day shape: given each day's level, hourly counts are Poisson around the shape
        hours = sim.reshape(7, 24, 60).sum(axis=2)
        shape = hand_rate(name, minutes).reshape(7, 24, 60).sum(axis=2)
        level = hours.sum(axis=1, keepdims=True) / shape.sum(axis=1, keepdims=True)
        z2 = (hours - level * shape) ** 2 / (level * shape)
        dof = 7 * 23
        assert abs(z2.sum() / dof - 1) < 4 * math.sqrt(2 / dof), name


# ---------------------------------------------------------------- lost purchases = downtime_cost on the world
def _measured_losses(plan, seed: int):
    """Each incident run alone through sl.simulate_traffic, measured by sl.downtime_cost."""
    result = sl.simulate_quarter(plan, seed=seed)
    world = truth(seed)
    rows = []
    for k, row in enumerate(result.incidents.itertuples(index=False)):
        if row.prevented_by or row.lost_purchases == 0:
            continue
        t = world.loc[row.id]
        started = row.started
        end = started + pd.Timedelta(minutes=float(row.ttr_minutes))
        one = pd.DataFrame({"id": [row.id], "service": [row.service], "started": [started],
                            "mitigated": [end], "resolved": [end],
                            "error_ratio_added": [t.error_ratio_added],
                            "latency_multiplier": [t.latency_multiplier]})
        day0 = started.normalize()
        days = int(math.ceil((end - day0) / pd.Timedelta(days=1)))
        traffic = sl.simulate_traffic(day0, days, incidents=one, rng=1000 * seed + k)
        cost = sl.downtime_cost(one, traffic).iloc[0]
        measured = cost["lost_requests"] * cost["checkout_share"]
        # noise: binomial bad counts (incident and background), and the day's +-6 % wobble
        var = (cost["bad_requests"] * cost["checkout_share"] ** 2 + (0.0601 * measured) ** 2)
        rows.append((row.id, row.service, row.kind, row.lost_purchases, measured, var))
    return pd.DataFrame(rows, columns=["id", "service", "kind", "model", "measured", "var"])


def test_lost_purchases_of_error_incidents_agree_with_downtime_cost():
    # The module docstring: lost purchases are "exactly what sl.downtime_cost measures on
    # simulated traffic, on average".
    d = _measured_losses(sl.PHASES[1], seed=0)
    errors = d[d["kind"] == "errors"]
    assert len(errors) >= 20
    gap = errors["measured"].sum() - errors["model"].sum()
    assert abs(gap) < 4 * math.sqrt(errors["var"].sum())


def test_lost_purchases_of_latency_incidents_agree_with_downtime_cost():
    # Same claim for slowdowns: a checkout request slower than 1 s is a lost purchase.
    frames = [_measured_losses(sl.PHASES[1], seed=s) for s in (0, 1)]
    d = pd.concat(frames, ignore_index=True)
    slow = d[d["kind"] == "latency"]
    assert len(slow) >= 3
    gap = slow["measured"].sum() - slow["model"].sum()
    assert abs(gap) < 4 * math.sqrt(slow["var"].sum()), slow.to_string()


def test_summary_lost_purchases_revenue_and_churn_by_hand():
    r = sl.simulate_quarter(sl.PHASES[1], seed=2)
    lost = r.incidents["lost_purchases"].sum()      # Phase 1: no canary, no game day
    s = r.summary
    assert s["lost_purchases"] == pytest.approx(lost, rel=1e-12)
    assert s["lost_revenue_usd"] == pytest.approx(lost * 0.10, rel=1e-12)
    assert s["customers_lost"] == pytest.approx(lost * 0.055, rel=1e-12)
    # section 5: churn = lost revenue x 5.5 % x 4 purchases a year
    assert s["churn_usd"] == pytest.approx(lost * 0.10 * 0.055 * 4, rel=1e-12)
    assert (r.incidents.loc[r.incidents["service"] == "notifications", "lost_purchases"] == 0).all()
    assert s["incidents"] + s["prevented"] == len(r.incidents)


def test_response_cost_is_a_responders_hands_on_hours():
    # simulate_quarter's docstring: "one responder's hands-on hours, acknowledgement to
    # mitigation" at sl.RESPONDER_USD_PER_HOUR ($100)
    r = sl.simulate_quarter(sl.PHASES[1], seed=2)
    inc = r.incidents.dropna(subset=["ttr_minutes"])
    hours = (inc["ttr_minutes"] - inc["ttd_minutes"] - inc["tta_minutes"]).clip(lower=0).sum() / 60
    assert r.summary["response_usd"] == pytest.approx(hours * 100.0, rel=1e-9)


# ---------------------------------------------------------------- detection
def _page_ttd(bad: float, slo: float = 0.999) -> float:
    """SRE Workbook ch. 5: a constant bad ratio fires a rule after window x burn x (1 - slo) / bad."""
    times = [w * b * (1 - slo) / bad for w, b in ((60, 14.4), (360, 6.0)) if bad > b * (1 - slo)]
    # whole minutes; round away float dust first (0.001 is not exact: 2.16 / 0.01 is 216, not 216.00...03)
    return math.ceil(round(min(times), 9)) if times else math.inf


@pytest.mark.parametrize("seed", [0, 4])
def test_burn_rate_detection_time_by_hand(seed):
    r = sl.simulate_quarter(sl.PHASES[2], seed=seed)
    world = truth(seed)
    by_alert = 0
    for row in r.incidents.itertuples(index=False):
        t = world.loc[row.id]
        hand = _page_ttd(bad_ratio(t))
        if row.detected_by == "alert":
            by_alert += 1
            assert row.ttd_minutes == hand, row.id
        else:                               # users were first: before the page would fire
            assert row.detected_by == "users"
            assert row.ttd_minutes < hand, row.id
    assert by_alert >= 5


def test_threshold_alerting_sees_big_error_spikes_only():
    plan = sl.PHASES[1].replace(name="threshold", alerting="threshold")
    rows = pooled(plan, range(6))
    assert (rows.loc[rows["kind"] == "latency", "detected_by"] == "users").all()
    alert = rows[rows["detected_by"] == "alert"]
    assert len(alert) >= 5
    for row in alert.itertuples(index=False):
        bad = truth(row.seed).loc[row.id, "error_ratio_added"]
        assert bad > 0.05
        assert row.ttd_minutes == math.ceil(5 * 0.05 / bad)   # 5 % over 5 minutes
    small = [r for r in rows[rows["kind"] == "errors"].itertuples(index=False)
             if truth(r.seed).loc[r.id, "error_ratio_added"] <= 0.05]
    assert small and all(r.detected_by == "users" for r in small)


# ---------------------------------------------------------------- response
def test_rotation_acknowledges_in_about_five_minutes():
    rows = pooled(sl.PHASES[2], range(30))
    tta = rows["tta_minutes"].dropna()
    # exponential with mean 5 (SRE book ch. 11's target): standard deviation 5 too
    se = 5.0 / math.sqrt(len(tta))
    assert abs(tta.mean() - 5.0) < 4 * se
    assert len(tta) > 500


def test_best_effort_mixes_office_hours_and_nights():
    rows = pooled(sl.PHASES[1], range(30))
    rows = rows[rows["ttd_minutes"] < 3 * 1440]
    detected = rows["started"] + pd.to_timedelta(rows["ttd_minutes"], unit="min")
    office = ((detected.dt.day_of_week < 5) & (detected.dt.hour >= 9) & (detected.dt.hour < 17))
    for mask, mean in ((office, 15.0), (~office, 120.0)):
        tta = rows.loc[mask, "tta_minutes"]
        assert len(tta) > 100
        assert abs(tta.mean() - mean) < 4 * mean / math.sqrt(len(tta)), mean
    means = np.where(office, 15.0, 120.0)
    se = math.sqrt(np.mean(means ** 2) / len(rows))
    assert abs(rows["tta_minutes"].mean() - means.mean()) < 4 * se


def _repair(world_row) -> float:
    """The world's hands-on repair (acknowledged -> mitigated), at least a minute."""
    return max((world_row.mitigated - world_row.acknowledged) / pd.Timedelta(minutes=1), 1.0)


def test_runbooks_divide_the_repair_by_three_for_the_same_seed():
    seed = 3
    with_ = sl.simulate_quarter(sl.PHASES[2], seed=seed).incidents.set_index("id")
    without = sl.simulate_quarter(sl.PHASES[2].replace(name="no runbooks", runbooks=False),
                                  seed=seed).incidents.set_index("id")
    world = truth(seed)
    pd.testing.assert_series_equal(with_["ttd_minutes"], without["ttd_minutes"])
    pd.testing.assert_series_equal(with_["tta_minutes"], without["tta_minutes"])
    for i, row in with_.iterrows():
        slow = 1 if row["debuggable"] else 2
        r = _repair(world.loc[i]) * slow
        base = row["ttd_minutes"] + row["tta_minutes"]
        assert without.loc[i, "ttr_minutes"] == min(math.ceil(base + r), 3 * 1440), i
        assert row["ttr_minutes"] == min(math.ceil(base + r / 3), 3 * 1440), i


def test_automated_rollback_mitigates_alerted_changes_in_five_minutes():
    plan = sl.PHASES[1].replace(name="rollback", alerting="burn_rate", auto_rollback=True)
    rows = pooled(plan, range(8))
    change = rows["trigger"].isin(["Binary push", "Configuration push"])
    alerted = rows[change & (rows["detected_by"] == "alert")]
    assert len(alerted) >= 10
    five = 0
    for row in alerted.itertuples(index=False):
        r = _repair(truth(row.seed).loc[row.id]) * (1 if row.debuggable else 2)
        assert row.tta_minutes == 0
        assert row.ttr_minutes == row.ttd_minutes + min(math.ceil(r), 5), row.id
        five += row.ttr_minutes == row.ttd_minutes + 5
    assert five >= 0.8 * len(alerted)      # the world's repairs are rarely under 5 minutes
    # a user's report still needs a person, who then rolls back within 5 minutes
    reported = rows[change & (rows["detected_by"] == "users")]
    assert (reported["ttr_minutes"] <= np.ceil(reported["ttd_minutes"] + reported["tta_minutes"] + 5)).all()


# ---------------------------------------------------------------- prevention
def test_reviews_prevent_about_nine_tenths_of_half_the_change_incidents():
    plan = sl.PHASES[1].replace(name="reviews", review_share=0.9)
    rows = pooled(plan, range(40))
    change = rows["trigger"].isin(["Binary push", "Configuration push"])
    assert set(rows.loc[~change, "prevented_by"]) == {""}
    assert set(rows.loc[change, "prevented_by"]) == {"", "review"}
    n = int(change.sum())
    share = (rows.loc[change, "prevented_by"] == "review").mean()
    p = 0.9 * (1 - 0.5)        # reviewed x the review's risk ratio (section 5: 0.5)
    assert abs(share - p) < 4 * math.sqrt(p * (1 - p) / n)


def test_release_gate_only_stops_binary_pushes():
    plan = sl.PHASES[1].replace(name="gate", release_gate=True)
    rows = pooled(plan, range(20))
    caught = rows[rows["prevented_by"] != ""]
    assert set(caught["prevented_by"]) == {"release_gate"}
    assert set(caught["trigger"]) == {"Binary push"}
    # it does catch most of them: a 1,000-request canary sees an added error ratio of >= 1 %
    binary = rows[rows["trigger"] == "Binary push"]
    assert len(caught) > 0.3 * len(binary)


def test_chaos_game_days_find_about_half_the_three_triggers():
    plan = sl.PHASES[1].replace(name="chaos", chaos_game_days=True)
    rows = pooled(plan, range(40))
    kinds = rows["trigger"].isin(["Hardware", "Service provider change", "Capacity management"])
    assert set(rows.loc[~kinds, "prevented_by"]) == {""}
    n = int(kinds.sum())
    share = (rows.loc[kinds, "prevented_by"] == "chaos").mean()
    assert n > 80 and abs(share - 0.5) < 4 * math.sqrt(0.25 / n)


@pytest.mark.parametrize("base, added", [
    (0.0002, 0.002), (0.0002, 0.005), (0.0004, 0.01), (0.0001, 0.02), (0.0002, 0.05)])
def test_error_gate_power_matches_a_monte_carlo_of_fishers_test(base, added):
    # The canary's error check is sl.error_rate_test: one-sided Fisher's exact test at 5 %,
    # 1,000 requests a group. Simulate it: binomial errors, the p-value from scipy's
    # hypergeometric tail P(X >= x1 | t errors in all).
    from scipy.stats import hypergeom

    rng = np.random.default_rng(7)
    n, reps = 1000, 40000
    got = q._fisher_gate_power(base, 1 - (1 - base) * (1 - added), n)
    p1 = 1 - (1 - base) * (1 - added)
    x0 = rng.binomial(n, base, size=reps)
    x1 = rng.binomial(n, p1, size=reps)
    p_value = hypergeom.sf(x1 - 1, 2 * n, x0 + x1, n)
    mc = float((p_value < 0.05).mean())
    assert abs(got - mc) < 4 * math.sqrt(max(mc * (1 - mc), 1e-4) / reps), (got, mc)


def test_fishers_power_agrees_with_the_courses_test_on_a_few_outcomes():
    # the same rule as sl.error_rate_test, outcome by outcome: 2 vs 9 errors blocks, 2 vs 4 does not
    assert sl.error_rate_test(2, 1000, 9, 1000)["higher"]
    assert not sl.error_rate_test(2, 1000, 4, 1000)["higher"]
    assert q._fisher_gate_power(0.0002, 0.0002, 1000) < 0.05      # no regression: at most alpha


# ---------------------------------------------------------------- budget, good share, observability
@pytest.mark.parametrize("plan", [sl.PHASES[1], sl.PHASES[2].replace(name="99.5 %", slo_target=0.995)])
def test_budget_used_and_good_share_by_hand(plan):
    s = sl.simulate_quarter(plan, seed=1).summary
    requests = quarter_requests("checkout")
    bad = background("checkout") + s["lost_purchases"]
    # The world computes its normal tail with Abramowitz-Stegun 7.1.26 (absolute error
    # below 1.5e-7 per request), scipy exactly: up to ~3 of ~19 million requests apart.
    assert s["budget_used"] == pytest.approx(bad / ((1 - plan.slo_target) * requests), rel=1e-4)
    assert s["good_share"] == pytest.approx(1 - bad / requests, rel=1e-7)


def _hand_bill(plan) -> float:
    minutes = quarter_minutes()
    days = pd.date_range("2027-01-04", periods=DAYS, freq="D")
    rows = []
    for name, s in SVC.items():
        per_day = hand_rate(name, minutes).reshape(DAYS, 1440).sum(axis=1)
        rows.append(pd.DataFrame({"date": days, "service": name,
                                  "requests": np.round(per_day).astype(np.int64),
                                  "errors": np.round(per_day * s.baseline_error_ratio).astype(np.int64)}))
    daily = pd.concat(rows, ignore_index=True)
    share = plan.head_sampling
    if plan.tail_sampling:          # tail sampling also keeps every error and slow trace
        odd = sum(background(n) for n in SVC) / sum(quarter_requests(n) for n in SVC)
        share = share + (1 - share) * odd
    volumes = sl.telemetry_volumes(daily, log_levels=plan.log_level, span_share=share)
    retention = {"90d hot": {"hot": 90}, "30d hot": {"hot": 30},
                 "tiered": {"hot": 7, "warm": 23, "cold": 60}}[plan.retention]
    return float(sl.monthly_bill(volumes, retention_days=retention)["usd"].sum())


def test_observability_bill_by_hand_and_phase_3_cheaper():
    one = sl.simulate_quarter(sl.PHASES[1], seed=0).summary["observability_usd"]
    three = sl.simulate_quarter(sl.PHASES[3], seed=0).summary["observability_usd"]
    assert three < one
    assert one == pytest.approx(_hand_bill(sl.PHASES[1]), rel=1e-6)
    assert three == pytest.approx(_hand_bill(sl.PHASES[3]), rel=1e-6)


# ---------------------------------------------------------------- planning
@pytest.mark.parametrize("steps, size, hours", [
    (["automated rollback"], "small", 80 / 4 + 13 * 0.5),                    # 26.5 h
    (["automated rollback"], "large", 80 / 4 + 13 * 0.5),                    # no per-service part
    (["runbooks"], "medium", 8 * 20 / 4 + 13 * 0.25 * 20),                   # 105 h
    (["release gate"], "medium", (40 + 4 * 20) / 4 + 13 * 1),                # 43 h
    (["runbooks", "release gate"], "medium", 105 + 43),
    (["chaos game days"], "large", 24 / 4 + 13 * 4),                         # 58 h
])
def test_lever_cost_by_hand(steps, size, hours):
    assert sl.lever_cost_usd(steps, size) == pytest.approx(hours * 100.0)


def test_quarter_cost_scales_with_size():
    seeds = range(3)
    small = sl.quarter_cost(["runbooks"], "small", seeds=seeds)
    medium = sl.quarter_cost(["runbooks"], "medium", seeds=seeds)
    for key in ("lost_revenue_usd", "churn_usd", "observability_usd"):
        assert medium[key] == pytest.approx(10 * small[key], rel=1e-12)     # 10x the traffic
    assert medium["response_usd"] == pytest.approx(small["response_usd"] * 20 / 4, rel=1e-12)
    assert medium["levers_usd"] == pytest.approx(105 * 100.0)
    parts = ("lost_revenue_usd", "churn_usd", "response_usd", "observability_usd", "levers_usd")
    assert medium["total_usd"] == pytest.approx(sum(medium[k] for k in parts))
    # the means over seeds, by hand
    runs = [sl.simulate_quarter(sl.PHASES[1].replace(runbooks=True), seed=s).summary for s in seeds]
    assert small["lost_revenue_usd"] == pytest.approx(np.mean([r["lost_revenue_usd"] for r in runs]))


@pytest.mark.parametrize("size", ["small", "large"])
def test_roadmap_is_greedy_and_stops_right(size):
    seeds = range(3)
    path = sl.roadmap(size, seeds=seeds)
    assert path["step"].iloc[0] == "Phase 1"
    assert (np.diff(path["total_usd"]) < 0).all()
    taken: list = []
    total = sl.quarter_cost([], size, seeds=seeds)["total_usd"]
    assert path["total_usd"].iloc[0] == pytest.approx(total)
    for row in path.iloc[1:].itertuples(index=False):
        left = [s for s in sl.ROADMAP_STEPS if s not in taken]
        trials = {s: sl.quarter_cost(taken + [s], size, seeds=seeds)["total_usd"] for s in left}
        assert trials[row.step] == pytest.approx(min(trials.values()))     # the best single addition
        assert row.saves_usd == pytest.approx(total - trials[row.step])
        assert row.costs_usd == pytest.approx(sl.lever_cost_usd([row.step], size))
        taken.append(row.step)
        total = trials[row.step]
        assert row.total_usd == pytest.approx(total)
    left = [s for s in sl.ROADMAP_STEPS if s not in taken]
    assert sorted(path.attrs["not_worth_it"]) == sorted(left)
    for s in left:                                      # stopping is right: nothing left pays
        extra = sl.quarter_cost(taken + [s], size, seeds=seeds)["total_usd"] - total
        assert extra >= 0
        assert path.attrs["not_worth_it"][s] == pytest.approx(extra)


# ---------------------------------------------------------------- the outline's claim and the report
def test_outline_claim_by_hand():
    seeds = range(5)                 # odd: a median is one quarter's value
    claim = sl.outline_claim(seeds=seeds)
    assert claim.lost_share_needed == pytest.approx(1 / 6, abs=1e-15)
    gross = quarter_requests("checkout") * 0.10
    assert claim.quarter_revenue_usd == pytest.approx(gross, rel=1e-9)
    table = sl.compare_plans([sl.PHASES[1], sl.PHASES[4]], seeds=seeds)
    lost = table.loc[sl.PHASES[1].name, "lost_revenue_usd"]
    # net = gross - lost - churn, churn = lost x 0.055 x 4; the ceiling removes both
    assert claim.revenue_ceiling == pytest.approx(gross / (gross - lost * 1.22) - 1, rel=1e-9)
    assert claim.revenue_change < claim.revenue_ceiling < 0.2
    assert claim.churn_share_needed == pytest.approx(0.15 / -claim.churn_change)
    # churn from incidents: customers lost = lost purchases x 5.5 %, so the ratio of lost purchases
    ratios = [sl.simulate_quarter(sl.PHASES[4], seed=s).summary["lost_purchases"]
              / sl.simulate_quarter(sl.PHASES[1], seed=s).summary["lost_purchases"] - 1 for s in seeds]
    assert claim.churn_change == pytest.approx(float(np.median(ratios)), rel=1e-9)
    nets = []
    for s in seeds:
        b, a = (sl.simulate_quarter(sl.PHASES[k], seed=s).summary["lost_revenue_usd"] * 1.22
                for k in (1, 4))
        nets.append((gross - a) / (gross - b) - 1)
    assert claim.revenue_change == pytest.approx(float(np.median(nets)), rel=1e-9)


def test_compare_plans_medians_and_ranges_by_hand():
    plans = [sl.PHASES[1], sl.PHASES[3]]
    seeds = range(6)
    table = sl.compare_plans(plans, seeds=seeds)
    assert list(table.index) == [p.name for p in plans]
    for plan in plans:
        values = np.array([sl.simulate_quarter(plan, seed=s).summary["ttr_median_minutes"]
                           for s in seeds])
        ordered = np.sort(values)
        assert table.loc[plan.name, "ttr_median_minutes"] == pytest.approx((ordered[2] + ordered[3]) / 2)
        # the 10 % quantile of 6 values, linear interpolation: 0.5 of the way from the 1st to the 2nd
        assert table.loc[plan.name, "ttr_median_minutes_low"] == pytest.approx(
            ordered[0] + 0.5 * (ordered[1] - ordered[0]))
        assert table.loc[plan.name, "ttr_median_minutes_high"] == pytest.approx(
            ordered[4] + 0.5 * (ordered[5] - ordered[4]))


def _cells(text: str, label: str) -> list:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label} |"))
    return [c.strip() for c in line.strip("|").split("|")[1:]]


def _number(cell: str) -> float:
    head = cell.split(" (")[0]
    return float(re.sub(r"[$,%a-z ]", "", head))


def test_executive_report_numbers_are_the_compare_tables():
    plans = [sl.PHASES[1], sl.PHASES[4]]
    seeds = range(3)
    text = sl.executive_report(plans, seeds=seeds, author="Naomi", date="2027-04-05")
    table = sl.compare_plans(plans, seeds=seeds)
    assert text.splitlines()[0].endswith("(2027-04-05)") and "Prepared by Naomi." in text
    assert not re.search(r"\bnan\b|\binf\b", text, flags=re.IGNORECASE)
    for key, label, scale in (("incidents", "incidents that reached users", 1),
                              ("lost_revenue_usd", "revenue lost to incidents", 1),
                              ("budget_used", "checkout's error budget used", 100),
                              ("observability_usd", "observability bill", 1),
                              ("ttr_median_minutes", "time users were hurt per incident (TTR), median", 1)):
        cells = _cells(text, label)
        assert len(cells) == 2
        for cell, plan in zip(cells, plans):
            expected = round(table.loc[plan.name, key] * scale)
            assert _number(cell) == pytest.approx(expected, abs=0.5), (key, cell)
    low, high = table.loc[plans[0].name, ["lost_revenue_usd_low", "lost_revenue_usd_high"]]
    assert f"(${low:,.0f}–${high:,.0f})" in _cells(text, "revenue lost to incidents")[0]


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(author="a\nb"), TypeError, "author"),
    (dict(author="x" * 81), TypeError, "author"),
    (dict(author=3), TypeError, "author"),
    (dict(date="not a date"), ValueError, "date"),
    (dict(size="huge"), ValueError, "size"),
])
def test_executive_report_refuses_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words):
        sl.executive_report([sl.PHASES[1]], seeds=[0], **kwargs)


# ---------------------------------------------------------------- assumptions, plans, levers
def test_changed_assumptions_restores_even_when_the_body_raises():
    before = sl.simulate_quarter(sl.PHASES[2], seed=1).summary
    with pytest.raises(RuntimeError):
        with sl.changed_assumptions(PLAYBOOK_SPEEDUP=1.5, REPORT_PROBABILITY=0.01):
            assert q.PLAYBOOK_SPEEDUP == 1.5
            changed = sl.simulate_quarter(sl.PHASES[2], seed=1).summary
            raise RuntimeError("boom")
    assert q.PLAYBOOK_SPEEDUP == 3.0 and q.REPORT_PROBABILITY == 0.001
    assert changed["ttr_mean_minutes"] != before["ttr_mean_minutes"]
    assert sl.simulate_quarter(sl.PHASES[2], seed=1).summary == before


def test_changed_assumptions_refuses_unknown_names_and_bad_values():
    with pytest.raises(ValueError, match="PLAYBOOK_SPEED"):
        with sl.changed_assumptions(PLAYBOOK_SPEED=2.0):
            pass
    with pytest.raises(ValueError):
        with sl.changed_assumptions(ACK_MEAN_MINUTES=5.0):     # not a number: not changeable
            pass
    for value in (True, "2"):
        with pytest.raises(TypeError, match="PLAYBOOK_SPEEDUP"):
            with sl.changed_assumptions(PLAYBOOK_SPEEDUP=value):
                pass
    assert q.PLAYBOOK_SPEEDUP == 3.0


@pytest.mark.parametrize("value", [-1.0, math.inf, math.nan])
def test_changed_assumptions_wrong_values_are_value_errors(value):
    # house style: a number of the right kind but the wrong value is a ValueError
    with pytest.raises(ValueError, match="PLAYBOOK_SPEEDUP"):
        with sl.changed_assumptions(PLAYBOOK_SPEEDUP=value):
            pass
    assert q.PLAYBOOK_SPEEDUP == 3.0


def test_quarter_plan_validation():
    with pytest.raises(ValueError, match=r"slo_target.*99\.9.*Write 99\.9 ?% as 0\.999"):
        sl.QuarterPlan(slo_target=99.9)
    with pytest.raises(ValueError, match=r"slo_target.*\[0\.5, 1\)"):
        sl.QuarterPlan(slo_target=0.3)
    with pytest.raises(ValueError, match=r"alerting.*'pagerduty'"):
        sl.QuarterPlan(alerting="pagerduty")
    with pytest.raises(ValueError, match=r"oncall.*Did you mean 'rotation'"):
        sl.QuarterPlan(oncall="Rotation")
    for name in ("runbooks", "tail_sampling", "auto_rollback", "release_gate", "chaos_game_days"):
        with pytest.raises(TypeError, match=name):
            sl.QuarterPlan(**{name: 1})
        assert getattr(sl.QuarterPlan(**{name: np.bool_(True)}), name) is True
    with pytest.raises(ValueError, match="review_share"):
        sl.QuarterPlan(review_share=1.5)
    with pytest.raises(TypeError, match="name"):
        sl.QuarterPlan(name="  ")
    with pytest.raises(TypeError, match="foo"):
        sl.PHASES[1].replace(foo=1)
    with pytest.raises(TypeError, match="plan"):
        sl.simulate_quarter("Phase 1")
    with pytest.raises(ValueError, match="different names"):
        sl.compare_plans([sl.PHASES[1], sl.PHASES[1]], seeds=[0])


def test_levers_name_every_plan_field_and_their_notebooks_exist():
    fields = [f.name for f in dataclasses.fields(sl.QuarterPlan) if f.name != "name"]
    assert list(sl.LEVERS["lever"]) == fields
    for row in sl.LEVERS.itertuples(index=False):
        assert (ROOT / "notebooks" / f"{row.notebook}.ipynb").is_file(), row.notebook
        assert row.notebook.startswith(f"0{row.section}_")


def test_common_random_numbers_same_incidents_for_every_plan():
    seed = 5
    tables = [sl.simulate_quarter(p, seed=seed).incidents for p in sl.PHASES.values()]
    for t in tables[1:]:
        pd.testing.assert_frame_equal(t[["id", "service", "trigger", "kind", "started"]],
                                      tables[0][["id", "service", "trigger", "kind", "started"]])
    # and a run is reproducible
    again = sl.simulate_quarter(sl.PHASES[4], seed=seed)
    pd.testing.assert_frame_equal(again.incidents, tables[-1])
    # Phase 2 prevents nothing, so Phase 1 and 2 see the same incidents reach users
    one, two = (sl.simulate_quarter(sl.PHASES[k], seed=seed).summary for k in (1, 2))
    assert one["incidents"] == two["incidents"] and two["prevented"] == 0
