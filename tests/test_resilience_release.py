"""Release gates (sre_lab.resilience.release): canary tests, their error rates and their cost.

Oracles (independent of the code under test):
* Mann–Whitney U and Fisher's exact test worked by hand on small samples (the
  arithmetic is in the comments), and ``scipy.stats`` on many random samples
  when scipy is installed (it is in the ``test`` extra: a test oracle only);
* the normal approximation of the Mann–Whitney test's power for a log-normal
  latency shifted by a factor (worked in the comments), against simulation;
* binomial bounds: an A/A test at ``alpha`` blocks about ``alpha`` of runs;
* plain pandas on ``sl.load_deployments()`` for the quarter's good and bad
  releases.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import sre_lab as sl

try:
    import scipy.stats as scipy_stats
except ImportError:  # pragma: no cover - scipy is in the test extra
    scipy_stats = None
needs_scipy = pytest.mark.skipif(scipy_stats is None, reason="scipy (test oracle) not installed")


def normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


# --------------------------------------------------------------------------- Mann–Whitney
def test_mann_whitney_on_a_hand_worked_example_without_ties():
    # baseline 110 120 130 140, canary 125 150 160 170.
    # Pairs (canary, baseline) with the canary slower: 125 beats 110 and 120 (2);
    # 150, 160 and 170 beat all four (12): U = 14 of 16 pairs.
    # mu = n1 n2 / 2 = 8; sigma^2 = n1 n2 (n + 1) / 12 = 16 * 9 / 12 = 12;
    # z = (14 - 8 - 0.5) / sqrt(12) = 5.5 / 3.4641 = 1.58771;
    # p = P(Z >= 1.58771) = 0.05618 -> not slower at 5 %, slower at 10 %.
    result = sl.canary_test([110, 120, 130, 140], [125, 150, 160, 170])
    assert result["u"] == 14
    assert result["z"] == pytest.approx(5.5 / math.sqrt(12))
    assert result["p_value"] == pytest.approx(1 - normal_cdf(5.5 / math.sqrt(12)))
    assert result["p_value"] == pytest.approx(0.05618, abs=5e-5)
    assert result["slower"] is False
    assert sl.canary_test([110, 120, 130, 140], [125, 150, 160, 170], alpha=0.10)["slower"] is True
    assert result["ratio_of_medians"] == pytest.approx(155 / 125)  # medians 155 and 125


def test_mann_whitney_on_a_hand_worked_example_with_ties():
    # baseline 1 2 2 3, canary 2 3 3 4. Sorted together: 1 | 2 2 2 | 3 3 3 | 4,
    # average ranks 1 | 3 3 3 | 6 6 6 | 8. Canary ranks 3 + 6 + 6 + 8 = 23,
    # U = 23 - 4 * 5 / 2 = 13 (by pairs: 2 -> 1 + 2 * 0.5 = 2; each 3 -> 3 + 0.5; 4 -> 4).
    # Tie groups of 3 and 3: sum(t^3 - t) = 24 + 24 = 48, n = 8:
    # sigma^2 = 16 / 12 * (9 - 48 / 56) = 10.857143; z = (13 - 8 - 0.5) / 3.295018 = 1.365698;
    # p = 0.08601.
    result = sl.canary_test([1, 2, 2, 3], [2, 3, 3, 4])
    assert result["u"] == 13
    assert result["z"] == pytest.approx(4.5 / math.sqrt(16 / 12 * (9 - 48 / 56)))
    assert result["p_value"] == pytest.approx(0.08601, abs=5e-5)


def test_identical_samples_give_no_evidence():
    result = sl.canary_test([100, 100, 100], [100, 100])
    assert result["p_value"] == 1.0 and result["slower"] is False


def test_a_faster_canary_is_never_called_slower():
    result = sl.canary_test([200, 210, 220, 230, 240], [100, 110, 120, 130, 140])
    assert result["u"] == 0 and result["p_value"] > 0.99


@needs_scipy
def test_mann_whitney_agrees_with_scipy_on_random_samples_with_and_without_ties():
    rng = np.random.default_rng(42)
    for n1, n2, decimals in [(5, 7, 3), (30, 20, 0), (200, 300, -1), (1000, 1000, 6), (3, 1, 0)]:
        for shift in (1.0, 1.05, 0.95):
            base = np.round(rng.lognormal(5, 0.5, n1), decimals)
            canary = np.round(rng.lognormal(5, 0.5, n2) * shift, decimals)
            ours = sl.canary_test(base, canary)
            ref = scipy_stats.mannwhitneyu(canary, base, alternative="greater", method="asymptotic")
            assert ours["u"] == pytest.approx(float(ref.statistic))
            assert ours["p_value"] == pytest.approx(float(ref.pvalue), rel=1e-9, abs=1e-12)


# --------------------------------------------------------------------------- Fisher
def test_fisher_on_hand_worked_tables():
    # 0/10 vs 3/10: all K = 3 errors of N = 20 requests fall among the canary's
    # n = 10: C(10, 3) C(10, 0) / C(20, 3) = 120 / 1140.
    assert sl.error_rate_test(0, 10, 3, 10)["p_value"] == pytest.approx(120 / 1140)
    # 1/5 vs 4/5: N = 10, K = 5, n = 5; P(X >= 4) = [C(5,4) C(5,1) + C(5,5) C(5,0)] / C(10,5) = 26 / 252.
    result = sl.error_rate_test(1, 5, 4, 5)
    assert result["p_value"] == pytest.approx(26 / 252)
    assert (result["baseline_ratio"], result["canary_ratio"], result["higher"]) == (0.2, 0.8, False)
    # No canary error at all: P(X >= 0) = 1.
    assert sl.error_rate_test(5, 1000, 0, 1000)["p_value"] == 1.0


def test_a_canary_failing_far_more_often_is_caught():
    # checkout fails 2 in 10,000; a canary failing 1 % of 10,000 requests is obvious.
    result = sl.error_rate_test(2, 10_000, 100, 10_000)
    assert result["higher"] is True and result["p_value"] < 1e-20


@needs_scipy
def test_fisher_agrees_with_scipy():
    cases = [(0, 10, 3, 10), (2, 1000, 5, 1000), (20, 100_000, 31, 100_000), (300, 5000, 340, 5000),
             (7, 50, 2, 40), (0, 1, 1, 1), (1500, 200_000, 1620, 180_000)]
    for b_err, b_req, c_err, c_req in cases:
        ours = sl.error_rate_test(b_err, b_req, c_err, c_req)["p_value"]
        ref = scipy_stats.fisher_exact([[c_err, c_req - c_err], [b_err, b_req - b_err]], alternative="greater")
        assert ours == pytest.approx(float(ref.pvalue), rel=1e-7, abs=1e-14), (b_err, b_req, c_err, c_req)


# --------------------------------------------------------------------------- simulation and error rates
def test_release_latencies_follow_the_service_profile_and_the_regression_scales_the_canary():
    frame = sl.simulate_release_latencies(n_requests=50_000, rng=3)
    assert frame["group"].value_counts().to_dict() == {"baseline": 50_000, "canary": 50_000}
    checkout = next(s for s in sl.SERVICES if s.name == "checkout")
    # median of a log-normal = exp(mu): 140 ms for checkout; sd of log = 0.45
    logs = np.log(frame.loc[frame["group"] == "baseline", "latency_ms"])
    assert abs(np.exp(logs.median()) - checkout.latency_median_ms) < 0.02 * checkout.latency_median_ms
    assert abs(logs.std() - checkout.latency_sigma) < 0.01
    slower = sl.simulate_release_latencies(regression=0.05, n_requests=1000, rng=8)
    same = sl.simulate_release_latencies(regression=0.0, n_requests=1000, rng=8)
    np.testing.assert_allclose(slower["latency_ms"].to_numpy()[1000:], 1.05 * same["latency_ms"].to_numpy()[1000:])
    np.testing.assert_array_equal(slower["latency_ms"].to_numpy()[:1000], same["latency_ms"].to_numpy()[:1000])


def test_the_gate_blocks_exactly_the_releases_canary_test_calls_slower():
    # gate_error_rates ranks all runs at once; replay its draws one release at a time.
    from sre_lab.resilience import release

    baseline, canary = release._draw("checkout", 0.02, 300, 40, np.random.default_rng(6))
    one_by_one = [sl.canary_test(b, c)["p_value"] for b, c in zip(baseline, canary)]
    np.testing.assert_allclose(release._mann_whitney_continuous(baseline, canary), one_by_one, rtol=1e-12)
    blocked = sum(p < 0.05 for p in one_by_one)
    rates = sl.gate_error_rates(regression=0.02, n_requests=300, runs=40, rng=6)
    assert rates["blocked_share"] == blocked / 40


def test_an_a_a_gate_blocks_about_alpha_of_good_releases():
    result = sl.gate_error_rates(regression=0.0, n_requests=200, runs=4000, alpha=0.05, rng=21)
    assert math.isnan(result["power"])
    assert abs(result["false_positive_rate"] - 0.05) < 5 * math.sqrt(0.05 * 0.95 / 4000)
    strict = sl.gate_error_rates(regression=0.0, n_requests=200, runs=4000, alpha=0.01, rng=21)
    assert abs(strict["false_positive_rate"] - 0.01) < 5 * math.sqrt(0.01 * 0.99 / 4000)
    assert result["standard_error"] == pytest.approx(
        math.sqrt(result["blocked_share"] * (1 - result["blocked_share"]) / 4000))


@pytest.mark.parametrize("n, runs", [(100, 2000), (1000, 1000)])
def test_power_against_ravis_five_percent_regression_matches_the_normal_approximation(n, runs):
    # Log-latency ~ N(mu, 0.45^2) for checkout; the canary's is shifted by d = ln 1.05.
    # P(canary request slower than a baseline one) = theta = Phi(d / (0.45 sqrt 2)).
    # U has mean n^2 theta and (about) sd s0 = sqrt(n^2 (2n + 1) / 12), so the
    # one-sided test at 5 % rejects with power ~ Phi(n^2 (theta - 1/2) / s0 - 1.6449):
    #   n = 100:  theta = 0.530557, z = 3055.7 / 408.25 = 0.748 -> power ~ Phi(-0.896) = 0.185
    #   n = 1000: z = 30557 / 12913 = 2.366 -> power ~ Phi(0.722) = 0.765
    theta = normal_cdf(math.log(1.05) / (0.45 * math.sqrt(2)))
    s0 = math.sqrt(n * n * (2 * n + 1) / 12)
    expected = normal_cdf(n * n * (theta - 0.5) / s0 - 1.6448536)
    result = sl.gate_error_rates(regression=0.05, n_requests=n, runs=runs, rng=5)
    assert math.isnan(result["false_positive_rate"])
    assert abs(result["power"] - expected) < 5 * math.sqrt(expected * (1 - expected) / runs)


def test_a_ratio_threshold_at_the_regression_itself_catches_only_half():
    # Canary median vs 1.05 x baseline median when the canary is exactly 5 % slower:
    # the two sample medians are equally likely to come out either way.
    result = sl.gate_error_rates(regression=0.05, n_requests=999, runs=1000, method="median-ratio",
                                 max_ratio=1.05, rng=2)
    assert abs(result["power"] - 0.5) < 5 * math.sqrt(0.25 / 1000)


def test_the_p99_threshold_gate_blocks_many_good_releases_on_small_samples():
    # p99 of 100 requests is the 99th value: noisy. A 5 % margin is crossed by
    # chance far more often than a 5 % test would allow.
    result = sl.gate_error_rates(regression=0.0, n_requests=100, runs=1000, method="p99-ratio", rng=4)
    assert result["false_positive_rate"] > 0.2


def test_same_seed_same_rates():
    a = sl.gate_error_rates(regression=0.03, n_requests=200, runs=200, rng=9)
    assert a == sl.gate_error_rates(regression=0.03, n_requests=200, runs=200, rng=9)


def test_too_big_a_simulation_is_refused_before_drawing():
    with pytest.raises(ValueError) as error:
        sl.gate_error_rates(n_requests=10_000, runs=1000)
    assert str(error.value) == ("runs must be at most 1,000,000 / n_requests = 100 for n_requests=10,000; "
                                "got 1000. Use fewer runs for large samples.")


def test_power_formula_agrees_with_the_hand_worked_values_and_with_simulation():
    # Same normal approximation as worked above, continuity correction included
    # (n = 1000: (30557 - 0.5) / 12913 - 1.6449 = 0.7214 -> 0.765).
    assert sl.mann_whitney_power(regression=0.05, n_requests=1000) == pytest.approx(0.765, abs=0.002)
    assert sl.mann_whitney_power(regression=0.05, n_requests=100) == pytest.approx(0.185, abs=0.002)
    assert sl.mann_whitney_power(regression=0.0, n_requests=500) < 0.05  # no regression: at most alpha
    simulated = sl.gate_error_rates(regression=0.03, n_requests=2000, runs=500, rng=12)["power"]
    formula = sl.mann_whitney_power(regression=0.03, n_requests=2000)
    assert abs(simulated - formula) < 5 * math.sqrt(formula * (1 - formula) / 500)


def test_requests_for_power_solves_the_formula_for_n():
    # 80 % power at 5 %: n (theta - 1/2) sqrt(12 / (2n + 1)) = z_0.95 + z_0.8 = 1.6449 + 0.8416,
    # so n ~ (2.4865 / 0.030557)^2 / 6 = 1103.6 (plus a little for the continuity correction).
    n = sl.requests_for_power(regression=0.05, power=0.8)
    assert 1100 <= n <= 1110
    assert sl.mann_whitney_power(regression=0.05, n_requests=n) >= 0.8 > sl.mann_whitney_power(
        regression=0.05, n_requests=n - 1)
    assert sl.requests_for_power(regression=0.10) < n < sl.requests_for_power(regression=0.05, alpha=0.01)
    with pytest.raises(ValueError) as error:
        sl.requests_for_power(regression=0.0)
    assert str(error.value) == ("regression must be a number > 0 and <= 10; got 0.0. "
                                "A release that is not slower cannot be caught.")


# --------------------------------------------------------------------------- cost
def test_gate_cost_on_a_hand_worked_log():
    # 100 releases, 10 bad; fpr 5 %, power 80 %: 90 x 0.05 = 4.5 good blocked,
    # 10 x 0.8 = 8 bad caught, 2 missed; 4.5 / 12.5 = 36 % of blocks are false.
    log = pd.DataFrame({"failed": [True] * 10 + [False] * 90})
    cost = sl.gate_cost(log, false_positive_rate=0.05, power=0.8)
    assert cost["deployments"] == 100 and (cost["bad"], cost["good"]) == (10, 90)
    assert cost["blocked_good"] == pytest.approx(4.5) and cost["caught_bad"] == pytest.approx(8)
    assert cost["missed_bad"] == pytest.approx(2) and cost["blocked"] == pytest.approx(12.5)
    assert cost["false_block_share"] == pytest.approx(0.36)
    assert cost["any_false_block"] == pytest.approx(1 - 0.95 ** 90)
    assumed = sl.gate_cost(log, false_positive_rate=0.05, power=0.8, regressed_share=0.2)
    assert (assumed["bad"], assumed["blocked_good"]) == (pytest.approx(20), pytest.approx(80 * 0.05))


def test_gate_cost_over_microcorps_quarter():
    deployments = sl.load_deployments()
    good = int((~deployments["failed"]).sum())
    bad = int(deployments["failed"].sum())
    cost = sl.gate_cost(deployments, false_positive_rate=0.05, power=0.77)
    assert (cost["deployments"], cost["good"], cost["bad"]) == (len(deployments), good, bad)
    assert cost["blocked_good"] == pytest.approx(0.05 * good)
    by_team = sl.gate_cost(deployments, false_positive_rate=0.05, power=0.77, by="team")
    counts = deployments.groupby("team")["failed"].agg(["size", "sum"])
    assert by_team["deployments"].tolist() == counts["size"].tolist()
    assert by_team["bad"].tolist() == counts["sum"].astype(float).tolist()
    assert by_team["blocked_good"].sum() == pytest.approx(cost["blocked_good"])


def test_familywise_false_positive_rate():
    # two metrics at 5 %: 1 - 0.95^2 = 0.0975; a quarter of 451 good releases: ~1
    assert sl.familywise_false_positive_rate(0.05, 2) == pytest.approx(0.0975)
    assert sl.familywise_false_positive_rate(0.05, 0) == 0
    np.testing.assert_allclose(sl.familywise_false_positive_rate(0.05, [1, 3]), [0.05, 1 - 0.95 ** 3])


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize("call, kind, text", [
    (lambda: sl.canary_test([], [1.0]), ValueError, "baseline_ms must be a non-empty list or array"),
    (lambda: sl.canary_test([1.0, float("nan")], [1.0]), ValueError, "baseline_ms must be a non-empty list"),
    (lambda: sl.canary_test(5, [1.0]), TypeError, "baseline_ms must be a non-empty list"),
    (lambda: sl.canary_test([1.0], [2.0], alpha=5), ValueError,
     "alpha must be a fraction in (0, 1); got 5. Write 5% as 0.05."),
    (lambda: sl.error_rate_test(11, 10, 0, 10), ValueError,
     "baseline_errors must be at most baseline_requests (10); got 11."),
    (lambda: sl.error_rate_test(0, 0, 0, 10), ValueError, "baseline_requests must be a whole number >= 1; got 0."),
    (lambda: sl.error_rate_test(0.5, 10, 0, 10), TypeError, "baseline_errors must be a whole number >= 0"),
    (lambda: sl.simulate_release_latencies(regression=5.0 * 10), ValueError,
     "regression must be a number >= -0.9 and <= 10; got 50.0. Write a 5 % regression as 0.05."),
    (lambda: sl.simulate_release_latencies(service="cart"), ValueError, "service must be one of 'checkout'"),
    (lambda: sl.gate_error_rates(method="t-test"), ValueError, "method must be one of 'mann-whitney'"),
    (lambda: sl.gate_cost(pd.DataFrame({"x": [1]}), false_positive_rate=0.05, power=0.8), ValueError,
     "deployments must have the columns 'failed'"),
    (lambda: sl.gate_cost(pd.DataFrame({"failed": [True]}), false_positive_rate=0.05, power=80), ValueError,
     "power must be a fraction in [0, 1]; got 80."),
])
def test_bad_input_is_refused_with_a_message_naming_the_parameter(call, kind, text):
    with pytest.raises(kind) as error:
        call()
    assert str(error.value).startswith(text)


# --------------------------------------------------------------------------- properties
latencies = st.lists(st.integers(1, 30).map(float), min_size=1, max_size=25)


@settings(max_examples=200, deadline=None)
@given(latencies, latencies)
def test_swapping_the_groups_gives_the_other_u_and_the_p_values_bracket_one(a, b):
    # U(canary > baseline) + U(baseline > canary) = n1 n2 (every pair counted once, ties half each way)
    forward, backward = sl.canary_test(a, b), sl.canary_test(b, a)
    assert forward["u"] + backward["u"] == pytest.approx(len(a) * len(b))
    assert 0 <= forward["p_value"] <= 1
    # with the continuity correction the two one-sided p-values sum to at least 1
    assert forward["p_value"] + backward["p_value"] >= 1 - 1e-12


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40), st.integers(1, 40), st.integers(1, 40))
def test_more_canary_errors_never_lower_the_evidence(b_err, c_err, b_extra, c_extra):
    b_req, c_req = b_err + b_extra, c_err + c_extra
    p = sl.error_rate_test(b_err, b_req, c_err, c_req)["p_value"]
    assert 0 <= p <= 1
    if c_err + 1 <= c_req:
        assert sl.error_rate_test(b_err, b_req, c_err + 1, c_req)["p_value"] <= p + 1e-12
