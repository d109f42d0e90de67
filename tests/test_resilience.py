"""sre_lab.resilience.callgraph: request-level simulation of MicroCorp's call graph.

Expected values come from hand calculations (geometric sums for retries, a
breaker's state sequence walked call by call, Little's law for the bulkhead,
counting arguments for outages), from the libraries' published defaults as
quoted in ops_facts §6.4 / Addendum (resilience4j, Hystrix, pybreaker) and
Polly's source (CircuitBreakerConstants.cs, RetryConstants.cs), never from the
simulation's own output copied back.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import sre_lab as sl
from sre_lab.resilience import callgraph as resilience

FAULT_FREE_BASELINE = 1 - (1 - 0.0002) * (1 - 0.6 * 0.0001) * (1 - 0.3 * 0.0004)


# --------------------------------------------------------------------------- formulas
@pytest.mark.parametrize("p, k, expected", [
    (0.5, 3, 1 + 0.5 + 0.25),          # 1.75
    (0.1, 3, 1 + 0.1 + 0.01),          # 1.11
    (0.2, 2, 1.2),
    (1.0, 4, 4.0),                     # every attempt fails: all k are made
    (0.0, 5, 1.0),
    (0.9, 3, 1 + 0.9 + 0.81),          # 2.71
])
def test_expected_attempts_is_the_geometric_sum(p, k, expected):
    assert sl.expected_attempts(p, k) == pytest.approx(expected)


def test_expected_attempts_vectorised():
    got = sl.expected_attempts(np.array([0.5, 1.0]), 3)
    assert got.tolist() == pytest.approx([1.75, 3.0])


def test_retry_amplification_multiplies_over_layers():
    assert sl.retry_amplification(3, 5) == 243     # ops_facts §6.4
    assert sl.retry_amplification(2, 3) == 8


def test_backoff_without_jitter_doubles_then_caps():
    policy = sl.RetryPolicy(base_delay_ms=50, multiplier=2, max_delay_ms=300, jitter="none")
    assert sl.backoff_delays_ms([1, 2, 3, 4, 5], retry=policy).tolist() == [50, 100, 200, 300, 300]
    assert sl.backoff_delays_ms(2, retry=policy) == 100.0


def test_backoff_jitter_ranges():
    full = sl.RetryPolicy(base_delay_ms=100, max_delay_ms=10_000, jitter="full")
    equal = sl.RetryPolicy(base_delay_ms=100, max_delay_ms=10_000, jitter="equal")
    n = np.full(50_000, 3)  # un-jittered delay 400 ms
    f = sl.backoff_delays_ms(n, retry=full, rng=1)
    e = sl.backoff_delays_ms(n, retry=equal, rng=1)
    assert f.min() >= 0 and f.max() <= 400
    assert e.min() >= 200 and e.max() <= 400
    # means of U(0, 400) and U(200, 400); standard error ~0.5 ms
    assert f.mean() == pytest.approx(200, abs=3)
    assert e.mean() == pytest.approx(300, abs=2)


def test_constant_delay_policies_of_the_libraries():
    r4j, polly = sl.RETRY_DEFAULTS["resilience4j"], sl.RETRY_DEFAULTS["polly"]
    assert (r4j.max_attempts, r4j.base_delay_ms) == (3, 500)     # ops_facts §6.4
    assert (polly.max_attempts, polly.base_delay_ms) == (4, 2000)  # 3 retries + first, 2 s
    assert sl.backoff_delays_ms([1, 2, 3], retry=r4j).tolist() == [500, 500, 500]


# --------------------------------------------------------------------------- breaker by hand
def _letters(frame, column="state"):
    return "".join({"closed": "c", "open": "o", "half_open": "h"}[s] for s in frame[column])


def test_breaker_state_sequence_count_window_by_hand():
    # Window: last 4 calls, all 4 needed, opens at >= 50 % failures, waits 3 s,
    # 2 probes. One call a second.
    #  t0 S, t1 F, t2 S  -> closed (fewer than 4 calls recorded)
    #  t3 F              -> 2/4 = 50 % >= 50 %: opens at t=3
    #  t4, t5            -> open (3 - 1 and 3 - 2 s since opening < 3 s): rejected
    #  t6 F              -> 3 s passed: half-open probe 1 (fails)
    #  t7 S              -> probe 2; probes 1/2 = 50 % >= 50 %: opens again at t=7
    #  t8, t9            -> open; t10 S, t11 S -> probes 0/2: closes
    #  t12               -> closed
    b = sl.CircuitBreaker(0.5, "count", 4, 4, 3.0, 2)
    failed = [0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    out = sl.breaker_states(failed, breaker=b)
    assert _letters(out) == "ccccoohhoohhc"
    assert _letters(out, "state_after") == "cccooohooohcc"
    assert out["permitted"].tolist() == [True] * 4 + [False] * 2 + [True] * 2 + [False] * 2 + [True] * 3
    # Rejected calls are not recorded: t4 and t5 would have succeeded, t8 and t9 too.
    assert out["failed"].tolist() == [False, True, False, True, False, False, True,
                                      False, False, False, False, False, False]


def test_breaker_below_minimum_calls_never_opens():
    # 100 % failures but only 3 calls recorded of the 4 needed.
    b = sl.CircuitBreaker(0.5, "count", 10, 4, 3.0, 2)
    assert _letters(sl.breaker_states([1, 1, 1], breaker=b), "state_after") == "ccc"
    # The 4th failure reaches the minimum: opens.
    assert _letters(sl.breaker_states([1, 1, 1, 1], breaker=b), "state_after") == "ccco"


def test_breaker_time_window_forgets_old_failures():
    # Time window of 2 s (calls with u > t - 2), minimum 2 calls, 100 % threshold.
    b = sl.CircuitBreaker(1.0, "time", 2.0, 2, 10.0, 1)
    # t=0 F, t=5 F: the t=0 failure is 5 s old, out of the window -> 1 call only.
    out = sl.breaker_states([1, 1], breaker=b, times_s=[0, 5])
    assert _letters(out, "state_after") == "cc"
    # t=0 F, t=1 F: both in the window (0 > 1 - 2) -> 2/2 failures: opens.
    out = sl.breaker_states([1, 1], breaker=b, times_s=[0, 1])
    assert _letters(out, "state_after") == "co"


def test_pybreaker_defaults_open_after_five_consecutive_failures():
    b = sl.BREAKER_DEFAULTS["pybreaker"]
    # 4 failures, a success (resets pybreaker's counter), 5 failures -> opens at the 10th call.
    out = sl.breaker_states([1, 1, 1, 1, 0, 1, 1, 1, 1, 1], breaker=b)
    assert _letters(out, "state_after") == "c" * 9 + "o"
    # One probe after 60 s: it succeeds and closes the breaker.
    out = sl.breaker_states([1] * 5 + [0, 0], breaker=b, times_s=[0, 1, 2, 3, 4, 30, 64])
    assert _letters(out) == "cccccoh"
    assert out["state_after"].iloc[-1] == "closed"


def test_resilience4j_minimum_is_capped_at_a_smaller_count_window():
    b = sl.CircuitBreaker(0.5, "count", 10, 100, 60.0, 10)
    assert b.effective_minimum_calls == 10
    assert sl.BREAKER_DEFAULTS["resilience4j"].effective_minimum_calls == 100


def test_published_breaker_defaults_are_the_cited_values():
    table = sl.breaker_defaults()
    r4j = table.loc["resilience4j"]  # ops_facts §6.4
    assert (r4j["failure_rate_threshold"], r4j["minimum_calls"], r4j["wait_in_open_s"],
            r4j["permitted_calls_in_half_open"], r4j["window"]) == (0.5, 100, 60.0, 10,
                                                                    "last 100 calls")
    polly = table.loc["polly"]  # Polly v8 CircuitBreakerConstants.cs
    assert (polly["failure_rate_threshold"], polly["minimum_calls"], polly["wait_in_open_s"],
            polly["window"]) == (0.1, 100, 5.0, "last 30 s")
    hystrix = table.loc["hystrix"]  # ops_facts Addendum
    assert (hystrix["failure_rate_threshold"], hystrix["minimum_calls"],
            hystrix["wait_in_open_s"], hystrix["window"]) == (0.5, 20, 5.0, "last 10 s")
    assert table["source"].str.len().min() > 10


def test_polly_opens_on_fewer_failures_than_resilience4j():
    # 100 calls, 20 % failing (every 5th): Polly (10 %) opens, resilience4j (50 %) does not.
    failed = [(i % 5) == 4 for i in range(100)]
    times = np.arange(100) * 0.1  # 10 calls a second: all within Polly's 30 s window
    polly = sl.breaker_states(failed, breaker=sl.BREAKER_DEFAULTS["polly"], times_s=times)
    r4j = sl.breaker_states(failed, breaker=sl.BREAKER_DEFAULTS["resilience4j"], times_s=times)
    assert polly["state_after"].iloc[-1] == "open"
    assert (r4j["state_after"] == "closed").all()


# --------------------------------------------------------------------------- simulation
@pytest.fixture(scope="module")
def quiet():
    return sl.simulate_requests({"minutes": 30}, rng=11, keep_requests=True)


def test_sli_frame_shape_and_counts(quiet):
    sli = quiet.sli
    assert list(sli.index) == list(range(30)) and sli.index.name == "minute"
    assert (sli["good"] <= sli["requests"]).all() and (sli["fast"] <= sli["good"]).all()
    assert np.allclose(sli["availability"], sli["good"] / sli["requests"])
    # Poisson arrivals at 420 a minute over 30 minutes: 12,600 ± 3 sd (3 × 112)
    assert abs(quiet.n_requests - 12_600) < 340
    assert len(quiet.requests) == quiet.n_requests
    for d, share in (("payment", 0.6), ("search", 0.3)):
        calls = sli[f"{d}_calls"].sum()
        assert calls / quiet.n_requests == pytest.approx(share, abs=0.015)
        assert ((quiet.requests[f"{d}_attempts"] > 0).sum()) == calls


def test_fault_free_run_fails_at_the_baseline_error_ratios(quiet):
    # checkout 0.02 %, payment 0.01 % x 0.6, search 0.04 % x 0.3 (sl.SERVICES), and
    # a retry hides most dependency errors: at most the baseline, at least checkout's own.
    failed = 1 - quiet.availability
    assert failed <= FAULT_FREE_BASELINE + 4e-4
    assert quiet.amplification["payment"] == pytest.approx(1.0, abs=0.002)


def test_latency_is_own_work_plus_the_slower_dependency(quiet):
    # Median of a quiet checkout: its own log-normal work (median 140 ms) plus,
    # for 72 % of requests (1 - 0.4 x 0.7 call someone), a dependency call
    # of median 70-160 ms. So the median lies between 140 and 140 + 160 ms.
    p50 = quiet.sli["latency_p50_ms"].median()
    assert 140 < p50 < 300
    assert (quiet.sli["latency_p99_ms"] >= quiet.sli["latency_p50_ms"]).all()


def test_same_seed_same_world():
    a = sl.simulate_requests({"minutes": 3}, rng=5)
    b = sl.simulate_requests({"minutes": 3}, rng=5)
    pd.testing.assert_frame_equal(a.sli, b.sli)


def test_retry_amplification_matches_the_formula_in_the_simulation():
    # Payment fails half its attempts (error fault 0.5, baseline negligible) for the
    # whole run; 3 attempts: 1.75 attempts per call, and a call fails when all 3
    # fail: 0.5**3 = 12.5 % of payment calls.
    fault = sl.Fault("payment", "error", 0, 60, error_ratio=0.5)
    r = sl.simulate_requests(sl.Scenario(minutes=60, faults=[fault]), rng=2)
    calls = r.sli["payment_calls"].sum()  # ~15,000: sd of the mean attempts ~0.006
    assert r.amplification["payment"] == pytest.approx(1.75, abs=0.03)
    assert r.sli["payment_failed_calls"].sum() / calls == pytest.approx(0.125, abs=0.01)
    # Search is untouched.
    assert r.amplification["search"] == pytest.approx(1.0, abs=0.002)


def test_retry_storm_under_an_outage_triples_the_attempts():
    # Minutes 5-9 payment is down: every call makes all 3 attempts, so the
    # attempts of a minute deep inside the outage are 3 x the calls (retries of
    # a minute's calls spill at most ~2 s into the next minute, so +/- 5 %).
    outage = sl.Fault("payment", "outage", 5, 10)
    r = sl.simulate_requests(sl.Scenario(minutes=12, faults=[outage]), rng=4)
    inside = r.sli.loc[6:8]
    ratio = inside["payment_attempts"] / inside["payment_calls"]
    assert np.allclose(ratio, 3.0, atol=0.15)
    assert (inside["payment_failed_calls"] == inside["payment_calls"]).all()
    # 60 % of requests need payment: availability 40 % (+/- 3 sd of a binomial of ~420).
    assert np.allclose(inside["availability"], 0.4, atol=0.08)
    # Without retries: one attempt per call.
    no_retry = sl.Scenario(minutes=12, faults=[outage],
                           resilience={"payment": sl.Resilience(retry=None)})
    r1 = sl.simulate_requests(no_retry, rng=4)
    assert (r1.sli["payment_attempts"] == r1.sli["payment_calls"]).all()


def test_breaker_sheds_load_from_a_failing_dependency():
    # Payment answers every request with an error from minute 2 to 10.
    fault = sl.Fault("payment", "error", 2, 10, error_ratio=1.0)
    plain = sl.simulate_requests(sl.Scenario(minutes=10, faults=[fault]), rng=8)
    # Hystrix-like breaker: 10 s window, 20 calls, 50 %, 5 s open, 1 probe.
    guarded = sl.simulate_requests(sl.Scenario(
        minutes=10, faults=[fault],
        resilience={"payment": sl.Resilience(breaker="hystrix")}), rng=8)
    minutes = slice(4, 9)
    # Without a breaker payment receives every attempt: 3 per call.
    sent_plain = plain.sli.loc[minutes, "payment_sent"]
    assert np.allclose(sent_plain / plain.sli.loc[minutes, "payment_calls"], 3.0, atol=0.15)
    # With it, open 5 s, then 1 probe (fails, reopens): about 60 / 6 = 10 probes a
    # minute, at most 12 (one per 5 s), plus a step's stragglers.
    sent = guarded.sli.loc[minutes, "payment_sent"]
    assert (sent <= 15).all()
    assert (guarded.sli.loc[minutes, "payment_breaker_open_s"] >= 55).all()
    # Nothing changes for users here (payment fails either way), but they fail fast.
    assert (guarded.sli.loc[minutes, "latency_p50_ms"]
            < plain.sli.loc[minutes, "latency_p50_ms"]).all()


def test_breaker_closes_again_after_the_fault():
    fault = sl.Fault("payment", "outage", 1, 3)
    r = sl.simulate_requests(sl.Scenario(
        minutes=6, faults=[fault], resilience={"payment": sl.Resilience(breaker="hystrix")}),
        rng=9)
    assert r.sli.loc[2, "payment_breaker_open_s"] > 50
    # 5 s after the outage ends a probe succeeds: closed within the first seconds of minute 3.
    assert r.sli.loc[3, "payment_breaker_open_s"] <= 6
    assert r.sli.loc[4:5, "payment_breaker_open_s"].sum() == 0
    assert r.sli.loc[4:5, "availability"].min() > 0.99


def test_metastable_failure_persists_with_retries_and_recovers_without():
    # Payment runs hot: capacity 2.5x its normal load (headroom 2.5), so with 3
    # attempts the offered load in the bad state is 3 / 2.5 = 1.2x capacity.
    # Trigger: +400 ms latency for 2 minutes (capacity drops to 160/560 of itself,
    # the queue grows past the 1 s timeout, every attempt times out).
    trigger = [sl.Fault("payment", "latency", 10, 12, added_latency_ms=400)]
    hot = dict(minutes=40, faults=trigger, headroom=2.5)
    with_retries = sl.simulate_requests(sl.Scenario(**hot), rng=3)
    without = sl.simulate_requests(sl.Scenario(
        **hot, resilience={"payment": sl.Resilience(retry=None)}), rng=3)
    before = slice(0, 9)
    after = slice(25, 39)  # long after the trigger ended
    for r in (with_retries, without):
        assert r.sli.loc[before, "availability"].min() > 0.99
    # With retries: still failing long after the trigger, and payment's load stays ~3x.
    sli = with_retries.sli.loc[after]
    assert sli["availability"].max() < 0.6
    assert (sli["payment_sent"] / sli["payment_calls"]).min() > 2.5
    # Without: load is 1x capacity / 2.5, the queue drains and availability returns.
    sli = without.sli.loc[after]
    assert sli["availability"].min() > 0.99
    assert (sli["payment_sent"] == sli["payment_calls"]).all()


@pytest.mark.parametrize("settings", [
    sl.Resilience(retry=sl.RetryPolicy(budget_ratio=0.1)),   # SRE book ch. 21: 10 % budget
    sl.Resilience(breaker=sl.CircuitBreaker(0.5, "time", 10, 20, 5.0, 5)),
], ids=["retry budget", "breaker"])
def test_retry_budget_or_breaker_prevents_the_metastable_state(settings):
    # Same trigger and hot service as above, retries kept. A 10 % budget caps the
    # offered load at 1.1 / 2.5 = 0.44 of capacity; a breaker stops sending while
    # open. Either way the queue drains once the trigger ends.
    trigger = [sl.Fault("payment", "latency", 10, 12, added_latency_ms=400)]
    r = sl.simulate_requests(sl.Scenario(minutes=40, faults=trigger, headroom=2.5,
                                         resilience={"payment": settings}), rng=3)
    assert r.sli.loc[10:11, "availability"].max() < 0.6   # the trigger hurts
    assert r.sli.loc[20:39, "availability"].min() > 0.99  # and is over


def test_fallback_and_cache_protect_checkout_from_search():
    outage = [sl.Fault("search", "outage", 0, 5)]
    bare = sl.simulate_requests(sl.Scenario(minutes=5, faults=outage), rng=1)
    # 30 % of requests call search: availability ~70 %.
    assert bare.availability == pytest.approx(0.7, abs=0.03)
    fallback = sl.simulate_requests(sl.Scenario(
        minutes=5, faults=outage, resilience={"search": sl.Resilience(fallback=True)}), rng=1)
    assert fallback.availability > 0.999
    cached = sl.simulate_requests(sl.Scenario(
        minutes=5, faults=outage, resilience={"search": sl.Resilience(cache_hit_ratio=1.0)}),
        rng=1)
    assert cached.sli["search_attempts"].sum() == 0 and cached.availability > 0.999


def test_dependency_loss_hangs_until_the_timeout():
    # Search unreachable; one attempt, 300 ms timeout, fallback on: every search
    # call takes exactly 300 ms, so the requests calling search are >= 300 ms.
    loss = [sl.Fault("search", "dependency_loss", 0, 3)]
    settings = {"search": sl.Resilience(timeout_ms=300, retry=None, fallback=True)}
    r = sl.simulate_requests(sl.Scenario(minutes=3, faults=loss, resilience=settings),
                             rng=6, keep_requests=True)
    table = r.requests
    searched = table["search_attempts"] > 0
    assert (table.loc[searched, "latency_ms"] >= 300).all()
    assert not table.loc[searched, "search_ok"].any()
    assert r.availability > 0.999  # the fallback answered
    assert r.sli["search_sent"].sum() == 0  # nothing reached search


def test_latency_fault_adds_exactly_its_milliseconds():
    # Same seed, search +300 ms, capacity far above the load (no queue): a request that
    # calls search and not payment takes its own work + search's attempt, so it is
    # exactly 300 ms slower (none of them reaches the 1 s timeout: 70 ms median + 300).
    big = {"search": 10_000, "payment": 10_000}
    base = sl.simulate_requests(sl.Scenario(minutes=3, capacity_rps=big), rng=5,
                                keep_requests=True).requests
    slow = sl.simulate_requests(sl.Scenario(
        minutes=3, capacity_rps=big,
        faults=[sl.Fault("search", "latency", 0, 3, added_latency_ms=300)]), rng=5,
        keep_requests=True).requests
    only_search = (base["search_attempts"] == 1) & (base["payment_attempts"] == 0)
    diff = slow.loc[only_search, "latency_ms"] - base.loc[only_search, "latency_ms"]
    assert len(diff) > 100
    assert np.allclose(diff, 300.0)


def test_outage_fails_fast_but_dependency_loss_waits_for_the_timeout():
    one_try = {"search": sl.Resilience(timeout_ms=500, retry=None)}
    results = {}
    for kind in ("outage", "dependency_loss"):
        r = sl.simulate_requests(sl.Scenario(minutes=2, resilience=one_try,
                                             faults=[sl.Fault("search", kind, 0, 2)]),
                                 rng=1, keep_requests=True).requests
        results[kind] = r.loc[(r["search_attempts"] == 1) & (r["payment_attempts"] == 0), "latency_ms"]
    # Outage: refused at once (1 ms), so only checkout's own work (median 140 ms).
    assert results["outage"].median() == pytest.approx(141, abs=25)  # ~3 sd of ~100 draws
    # Loss: each call hangs for the whole 500 ms timeout.
    assert (results["dependency_loss"] >= 500).all()


def test_bulkhead_rejects_the_excess_by_littles_law():
    # Payment +2 s latency, 3 s timeout, no retries: ~4.2 calls/s x ~2.16 s in flight
    # ~ 9 concurrent calls (Little's law); a bulkhead of 5 rejects ~1 - 5/9 ~ 45 %.
    fault = [sl.Fault("payment", "latency", 0, 20, added_latency_ms=2000)]
    settings = {"payment": sl.Resilience(timeout_ms=3000, retry=None, max_concurrent_calls=5)}
    r = sl.simulate_requests(sl.Scenario(minutes=20, faults=fault, resilience=settings,
                                         capacity_rps={"payment": 1000}), rng=2)
    share = r.sli["payment_rejected"].sum() / r.sli["payment_attempts"].sum()
    assert 0.30 < share < 0.60
    quiet = sl.simulate_requests(sl.Scenario(minutes=5, resilience=settings), rng=2)
    assert quiet.sli["payment_rejected"].sum() == 0  # ~0.7 in flight: never full


def test_notifications_are_async():
    outage = [sl.Fault("notifications", "outage", 0, 4)]
    r = sl.simulate_requests(sl.Scenario(minutes=4, faults=outage), rng=3)
    assert r.availability > 0.999
    assert (r.sli["notifications_failed"] == r.sli["notifications_sent"]).all()
    assert r.sli["notifications_sent"].sum() > 0


def test_checkout_outage_fails_every_request():
    r = sl.simulate_requests(sl.Scenario(minutes=4, faults=[sl.Fault("checkout", "outage", 1, 3)]),
                             rng=3)
    assert (r.sli.loc[1:2, "good"] == 0).all()
    assert sl.checkout_availability(r, start_minute=1, end_minute=3) == 0.0
    assert sl.checkout_availability(r, start_minute=3) > 0.99


def test_steady_state_probe_over_a_span(quiet):
    sli = quiet.sli
    expected = sli["good"].iloc[5:10].sum() / sli["requests"].iloc[5:10].sum()
    assert sl.checkout_availability(quiet, start_minute=5, end_minute=10) == expected
    assert sl.checkout_availability(quiet) == sli["good"].sum() / sli["requests"].sum()


def test_scenario_travels_as_json():
    doc = {"minutes": 3, "requests_per_minute": 100,
           "faults": [{"service": "payment", "kind": "latency", "start_minute": 1,
                       "end_minute": 2, "added_latency_ms": 50}],
           "resilience": {"payment": {"timeout_ms": 500, "retry": {"max_attempts": 2},
                                      "breaker": "resilience4j", "max_concurrent_calls": 25}}}
    scenario = sl.as_scenario(json.loads(json.dumps(doc)))
    assert scenario.resilience["payment"].breaker is sl.BREAKER_DEFAULTS["resilience4j"]
    assert scenario.resilience["search"].timeout_ms == 1000
    assert scenario.capacity_rps["payment"] == pytest.approx(4 * 0.6 * 100 / 60)
    r = sl.simulate_requests(doc, rng=1)
    assert isinstance(r, sl.RequestSimulation) and len(r.sli) == 3


def test_compare_breakers_on_a_failing_dependency():
    # Payment fails every attempt in minutes 5-9 (default scenario).
    table = sl.compare_breakers(rng=2)
    assert list(table.index) == ["none", "resilience4j", "polly", "hystrix", "pybreaker"]
    # No breaker: 3 attempts a call reach payment, ~0.6 x 420 calls a minute for 5 minutes.
    assert table.loc["none", "sent_during_fault"] == pytest.approx(3 * 0.6 * 420 * 5, rel=0.06)
    for name in sl.BREAKER_DEFAULTS:
        assert table.loc[name, "sent_during_fault"] < 0.15 * table.loc["none", "sent_during_fault"]
        assert table.loc[name, "open_s_during_fault"] > 250  # of 300 s
    # After the fault, a breaker stays open for at most its wait (+ a step to probe):
    # Polly and Hystrix 5 s, resilience4j and pybreaker 60 s.
    assert table.loc["polly", "open_s_after_fault"] <= 6
    assert table.loc["hystrix", "open_s_after_fault"] <= 6
    assert table.loc["resilience4j", "open_s_after_fault"] <= 61
    assert table.loc["pybreaker", "open_s_after_fault"] <= 61


def test_polly_threshold_trips_on_a_partial_failure_retries_would_mask():
    # 30 % of payment's attempts fail. With 3 attempts a call fails 0.3**3 = 2.7 % of
    # the time. resilience4j (50 %) never opens: the attempts it records fail 30 % < 50 %.
    # Polly (10 %, 100 calls in 30 s; ~6 attempts/s gives ~180) opens and rejects
    # calls retries would have saved: availability drops below the no-breaker run.
    fault = {"service": "payment", "kind": "error", "start_minute": 5, "end_minute": 10,
             "error_ratio": 0.3}
    table = sl.compare_breakers({"minutes": 15, "faults": [fault]}, rng=2)
    assert table.loc["resilience4j", "open_s_during_fault"] == 0
    assert table.loc["resilience4j", "availability"] == table.loc["none", "availability"]
    assert table.loc["polly", "open_s_during_fault"] > 0
    assert table.loc["polly", "availability"] < table.loc["none", "availability"] - 0.01


# --------------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.integers(1, 10))
def test_expected_attempts_between_one_and_k_and_grows_with_p(p, q, k):
    low, high = sorted((p, q))
    a, b = sl.expected_attempts(low, k), sl.expected_attempts(high, k)
    assert 1 - 1e-12 <= a <= b + 1e-12 <= k + 1e-9


@settings(max_examples=80, deadline=None)
@given(st.lists(st.booleans(), max_size=60), st.sampled_from(["count", "time"]),
       st.integers(1, 6), st.integers(1, 6), st.floats(0.1, 1.0), st.integers(0, 5),
       st.integers(1, 3))
def test_breaker_rejects_exactly_when_open(failed, window_type, size, minimum, threshold,
                                           wait_s, probes):
    b = sl.CircuitBreaker(threshold, window_type, size, minimum, float(wait_s), probes)
    out = sl.breaker_states(failed, breaker=b)
    assert (out["permitted"] == (out["state"] != "open")).all()
    assert not (out["failed"] & ~out["permitted"]).any()
    # Each call meets the state the previous one left, except open -> half-open by time.
    before, after = out["state"].iloc[1:].to_numpy(), out["state_after"].iloc[:-1].to_numpy()
    assert ((before == after) | ((after == "open") & (before == "half_open"))).all()
    if not any(failed):
        assert (out["state"] == "closed").all()


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**31), st.sampled_from(list(sl.FAULT_KINDS)),
       st.sampled_from(["payment", "search"]), st.integers(1, 4),
       st.sampled_from([None, "hystrix", "polly"]), st.booleans())
def test_simulation_counts_are_consistent(seed, kind, service, attempts, breaker, fallback):
    fault = sl.Fault(service, kind, 1, 2, error_ratio=0.7, added_latency_ms=500)
    settings_ = sl.Resilience(retry=sl.RetryPolicy(max_attempts=attempts), breaker=breaker,
                              fallback=fallback, max_concurrent_calls=3)
    r = sl.simulate_requests(sl.Scenario(minutes=3, requests_per_minute=200, faults=[fault],
                                         resilience={service: settings_}), rng=seed)
    sli = r.sli
    assert (sli["good"] <= sli["requests"]).all() and (sli["fast"] <= sli["good"]).all()
    for d in ("payment", "search"):
        assert (sli[f"{d}_failed_calls"] <= sli[f"{d}_calls"]).all()
        assert (sli[f"{d}_sent"] + sli[f"{d}_rejected"] <= sli[f"{d}_attempts"]).all()
        assert sli[f"{d}_attempts"].sum() <= 4 * sli[f"{d}_calls"].sum()
    assert 1 <= r.amplification[service] <= attempts
    if fallback:  # whatever the fault, a fallback answers: only baseline failures are left
        assert r.availability >= 0.99


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize("build, kind, text", [
    (lambda: sl.RetryPolicy(max_attempts=0), ValueError,
     "max_attempts must be a whole number >= 1 and <= 20; got 0."),
    (lambda: sl.RetryPolicy(jitter="random"), ValueError,
     "jitter must be one of 'none', 'full', 'equal'; got 'random'."),
    (lambda: sl.RetryPolicy(base_delay_ms=500, max_delay_ms=100), ValueError,
     "max_delay_ms must be a number >= base_delay_ms (500) and <= 600000; got 100."),
    (lambda: sl.RetryPolicy(budget_ratio=-0.1), ValueError,
     "budget_ratio must be a number >= 0 and <= 100; got -0.1."),
    (lambda: sl.Resilience(retry={"attempts": 2}), TypeError,
     "retry must be a RetryPolicy or a dict of its fields; got {'attempts': 2}. It has unknown "
     "field 'attempts'; the fields are max_attempts, base_delay_ms, multiplier, max_delay_ms, "
     "jitter, budget_ratio."),
    (lambda: sl.Scenario(faults=[{"service": "payment", "kind": "outage"}]), TypeError,
     "faults must be a Fault or a dict of its fields; got {'service': 'payment', 'kind': 'outage'}. "
     "It has missing field 'start_minute'"),
    (lambda: sl.Scenario(minutes=1440, step_s=0.5), ValueError,
     "step_s must be at least minutes × 60 / 100,000 = 0.864 s for a run of 1440 minutes; got 0.5."),
    (lambda: sl.Scenario(minutes=60, requests_per_minute=1e6), ValueError,
     "requests_per_minute must be at most 5,000,000 requests in all (<= 83333.3 a minute for 60 "
     "minutes); got 1000000.0."),
    (lambda: sl.CircuitBreaker(failure_rate_threshold=50), ValueError,
     "failure_rate_threshold must be a fraction in [0, 1]; got 50. Write 50% as 0.5."),
    (lambda: sl.CircuitBreaker(failure_rate_threshold=0), ValueError,
     "failure_rate_threshold must be a fraction in (0, 1]; got 0."),
    (lambda: sl.CircuitBreaker(window_type="sliding"), ValueError,
     "window_type must be one of 'count', 'time'; got 'sliding'."),
    (lambda: sl.CircuitBreaker(window_size=2.5), TypeError,
     "window_size must be a whole number >= 1 and <= 1000000; got 2.5."),
    (lambda: sl.Resilience(timeout_ms=0), ValueError,
     "timeout_ms must be a number > 0 and <= 600000; got 0."),
    (lambda: sl.Resilience(breaker="hystrics"), ValueError,
     "breaker must be one of 'resilience4j', 'polly', 'hystrix', 'pybreaker'; got 'hystrics'. "
     "Did you mean 'hystrix'?"),
    (lambda: sl.Resilience(retry=3), TypeError,
     "retry must be a RetryPolicy, a dict of its fields or None; got 3."),
    (lambda: sl.Resilience(cache_hit_ratio=80), ValueError,
     "cache_hit_ratio must be a fraction in [0, 1]; got 80. Write 80% as 0.8."),
    (lambda: sl.Fault("payments", "outage", 0, 1), ValueError,
     "service must be one of 'checkout', 'payment', 'search', 'notifications'; got 'payments'. "
     "Did you mean 'payment'?"),
    (lambda: sl.Fault("payment", "crash", 0, 1), ValueError,
     "kind must be one of 'error', 'latency', 'outage', 'dependency_loss'; got 'crash'."),
    (lambda: sl.Fault("payment", "outage", 5, 5), ValueError,
     "end_minute must be a number > start_minute (5); got 5."),
    (lambda: sl.Fault("payment", "latency", 0, 1), ValueError,
     "added_latency_ms must be a number > 0 and <= 600000; got 0."),
    (lambda: sl.Scenario(minutes=0), ValueError,
     "minutes must be a whole number >= 1 and <= 1440; got 0."),
    (lambda: sl.Scenario(resilience={"notifications": {}}), ValueError,
     "resilience key must be one of 'payment', 'search'; got 'notifications'."),
    (lambda: sl.Scenario(faults="outage"), TypeError,
     "faults must be a list of Fault (or dicts of their fields); got 'outage'."),
    (lambda: sl.as_scenario({"minute": 5}), TypeError,
     "scenario must be a Scenario or a dict of its fields"),
    (lambda: sl.simulate_requests(5), TypeError,
     "scenario must be a Scenario or a dict of its fields; got 5."),
    (lambda: sl.simulate_requests({"minutes": 1}, rng=1.5), TypeError,
     "rng must be None, a whole number >= 0 or a numpy Generator; got 1.5."),
    (lambda: sl.expected_attempts(1.5, 3), ValueError,
     "failure_probability must be a fraction in [0, 1]; got 1.5."),
    (lambda: sl.expected_attempts(0.5, 2.5), ValueError,
     "max_attempts must be a whole number >= 1; got 2.5."),
    (lambda: sl.breaker_states([0, 2], breaker=sl.CircuitBreaker()), ValueError,
     "failed must be a 1-d sequence of True/False (or 1/0); got [0, 2]."),
    (lambda: sl.breaker_states([0, 1], breaker=sl.CircuitBreaker(), times_s=[1, 0]), ValueError,
     "times_s must be non-decreasing; got [1, 0]."),
    (lambda: sl.breaker_states([0], breaker="polly"), TypeError,
     "breaker must be a CircuitBreaker; got 'polly'."),
    (lambda: sl.compare_breakers({"minutes": 5}), ValueError,
     "scenario must be a scenario with a fault on 'payment'; got []."),
    (lambda: sl.compare_breakers(service="notifications"), ValueError,
     "service must be one of 'payment', 'search'; got 'notifications'."),
    (lambda: sl.compare_breakers(rng=np.random.default_rng(1)), TypeError,
     "rng must be None or a whole number >= 0 (every run repeats it)"),
    (lambda: sl.checkout_availability("result"), TypeError,
     "result must be a RequestSimulation (from simulate_requests); got 'result'."),
])
def test_error_messages(build, kind, text):
    with pytest.raises(kind) as info:
        build()
    assert str(info.value).startswith(text)


# --------------------------------------------------------------------------- blast radius
# A fault's traffic_share is the share of attempts it touches, each drawn independently
# (Toxiproxy's "toxicity"). The expected values below are counting arguments: 30 % of
# checkout requests call search, 60 % call payment (sl.DEPENDENCIES), 420 requests a minute.
def _window_failures(result, start, end):
    part = result.sli.iloc[start:end]
    return 1 - part["good"].sum() / part["requests"].sum()


def test_an_outage_on_half_the_attempts_fails_half_the_calls_without_retries():
    # 1 attempt, half refused: 0.3 x 0.5 = 15 % of requests fail in the window
    # (binomial sd over ~4,200 requests: 0.55 %; baseline errors < 0.05 %).
    fault = sl.Fault("search", "outage", 10, 20, traffic_share=0.5)
    r = sl.simulate_requests(sl.Scenario(minutes=30, faults=[fault],
                                         resilience={"search": sl.Resilience(retry=None)}), rng=3)
    assert _window_failures(r, 10, 20) == pytest.approx(0.3 * 0.5, abs=0.02)
    assert _window_failures(r, 0, 10) < 0.002
    # refused attempts use no capacity: about half the window's search attempts were served
    part = r.sli.iloc[10:20]
    assert part["search_sent"].sum() / part["search_attempts"].sum() == pytest.approx(0.5, abs=0.03)


def test_retries_land_on_healthy_instances_when_the_blast_radius_is_partial():
    # 3 independent attempts, each refused with 0.5: a call fails with 0.5**3 = 12.5 %;
    # 0.3 x 0.125 = 3.75 % of requests in the window; attempts per call 1 + 0.5 + 0.25.
    fault = sl.Fault("search", "outage", 0, 30, traffic_share=0.5)
    r = sl.simulate_requests(sl.Scenario(minutes=30, faults=[fault]), rng=3)
    assert _window_failures(r, 0, 30) == pytest.approx(0.3 * 0.5**3, abs=0.006)
    assert r.amplification["search"] == pytest.approx(1.75, abs=0.04)


def test_a_bad_instance_as_blast_radius_is_an_error_ratio_of_the_same_size():
    # error on every attempt of 20 % of the traffic = error on 20 % of every attempt
    share = sl.Fault("payment", "error", 0, 30, error_ratio=1.0, traffic_share=0.2)
    ratio = sl.Fault("payment", "error", 0, 30, error_ratio=0.2)
    a = sl.simulate_requests(sl.Scenario(minutes=30, faults=[share]), rng=8)
    b = sl.simulate_requests(sl.Scenario(minutes=30, faults=[ratio]), rng=8)
    pd.testing.assert_frame_equal(a.sli, b.sli)
    # and half of the instances failing half their calls: 0.5 x 0.5 = 25 % of attempts
    quarter = sl.Fault("payment", "error", 0, 30, error_ratio=0.5, traffic_share=0.5)
    r = sl.simulate_requests(sl.Scenario(minutes=30, faults=[quarter]), rng=8)
    assert r.amplification["payment"] == pytest.approx(1 + 0.25 + 0.0625, abs=0.03)


def test_dependency_loss_on_a_share_hangs_that_share_until_the_timeout():
    # 1 attempt, 20 % of them lost: 0.3 x 0.2 = 6 % of requests fail, each after the 400 ms timeout
    fault = sl.Fault("search", "dependency_loss", 0, 30, traffic_share=0.2)
    r = sl.simulate_requests(sl.Scenario(minutes=30, faults=[fault], resilience={
        "search": sl.Resilience(timeout_ms=400, retry=None)}), rng=5, keep_requests=True)
    assert _window_failures(r, 0, 30) == pytest.approx(0.3 * 0.2, abs=0.01)
    lost = r.requests[(r.requests["search_attempts"] == 1) & ~r.requests["search_ok"]]
    # a lost call ends at the timeout: checkout's latency is its own work + at least 400 ms
    # (all but the few calls that failed fast at search's baseline 0.04 % error ratio)
    assert (lost["latency_ms"] < 400).sum() <= 5 and len(lost) > 500


def test_a_slow_share_of_attempts_times_out_without_overloading_the_rest():
    # 10 % of search attempts take 2 s more; timeout 1 s, no retry: 0.3 x 0.1 = 3 % of
    # requests fail. Throughput stays 0.9 + 0.1 x m / (m + 2000) of capacity (> 90 %), far
    # above the load (headroom 4): no queue builds.
    fault = sl.Fault("search", "latency", 0, 30, added_latency_ms=2000, traffic_share=0.1)
    r = sl.simulate_requests(sl.Scenario(minutes=30, faults=[fault], resilience={
        "search": sl.Resilience(retry=None)}), rng=5)
    assert _window_failures(r, 0, 30) == pytest.approx(0.3 * 0.1, abs=0.008)
    assert r.sli["search_queue_ms"].max() < 1.0


def test_checkout_and_notification_faults_touch_their_share():
    # 10 % of checkout requests refused for 10 minutes; half the notifications lost
    faults = [sl.Fault("checkout", "outage", 10, 20, traffic_share=0.1),
              sl.Fault("notifications", "outage", 0, 30, traffic_share=0.5)]
    r = sl.simulate_requests(sl.Scenario(minutes=30, faults=faults), rng=9)
    assert _window_failures(r, 10, 20) == pytest.approx(0.1, abs=0.015)
    sent = r.sli["notifications_sent"].sum()
    assert r.sli["notifications_failed"].sum() / sent == pytest.approx(0.5, abs=0.03)


def test_blast_radius_travels_as_json():
    scenario = sl.as_scenario(json.loads(json.dumps({"minutes": 5, "faults": [
        {"service": "search", "kind": "outage", "start_minute": 1, "end_minute": 2,
         "traffic_share": 0.25}]})))
    assert scenario.faults[0].traffic_share == 0.25
    assert sl.Fault("search", "outage", 1, 2).traffic_share == 1.0


@pytest.mark.parametrize("share, kind, text", [
    (0, ValueError, "traffic_share must be a fraction in (0, 1]; got 0. A fault that touches no "
                    "traffic is no fault: leave it out."),
    (20, ValueError, "traffic_share must be a fraction in (0, 1]; got 20. Write 20% as 0.2."),
    (1.5, ValueError, "traffic_share must be a fraction in (0, 1]; got 1.5."),
    (-0.1, ValueError, "traffic_share must be a fraction in (0, 1]; got -0.1."),
    ("half", TypeError, "traffic_share must be a fraction in [0, 1]; got 'half'."),
])
def test_traffic_share_is_validated(share, kind, text):
    with pytest.raises(kind) as info:
        sl.Fault("search", "outage", 1, 2, traffic_share=share)
    assert str(info.value).startswith(text), str(info.value)


def test_settings_are_frozen():
    with pytest.raises(Exception):
        sl.RetryPolicy().max_attempts = 5
    with pytest.raises(Exception):
        sl.Scenario().minutes = 5


def test_public_names_exported():
    for name in resilience.__all__:
        assert getattr(sl, name) is getattr(resilience, name)
