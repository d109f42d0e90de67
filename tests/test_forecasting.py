"""Tests for sre_lab.forecasting.

Expected values come from hand calculations written next to them, from the
closed forms of queueing theory (M/M/1, Erlang C by its factorial formula),
or from properties that must hold whatever the data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sre_lab as sl
from sre_lab import forecasting as fc


def constant_days(n, requests=1_000_000, errors=1_500, start="2026-10-05"):
    """n days of identical counts, with dates (2026-10-05 is a Monday)."""
    return pd.DataFrame({
        "date": pd.date_range(start, periods=n, tz="UTC"),
        "requests": [requests] * n,
        "errors": [errors] * n,
    })


def incident_days(n=120, seed=0):
    """A low baseline with rare bad days: shaped like real daily error ratios."""
    rng = np.random.default_rng(seed)
    requests = rng.integers(800_000, 1_200_000, n)
    errors = rng.binomial(requests, 0.0003)
    bad = rng.random(n) < 0.08
    errors[bad] += rng.integers(2_000, 30_000, bad.sum())
    return pd.DataFrame({"date": pd.date_range("2026-01-05", periods=n, tz="UTC"),
                         "requests": requests, "errors": errors})


# ---------------------------------------------------------------------------
# forecast_budget_exhaustion: closed forms
# ---------------------------------------------------------------------------

def test_constant_burn_exhausts_on_the_hand_computed_day():
    # 99.9 % over 28 days of 1,000,000 requests: budget = 0.001 * 28e6 = 28,000.
    # 1,500 bad a day: 1,500 * 18 = 27,000 <= 28,000 < 28,500 = 1,500 * 19 -> day 19.
    f = sl.forecast_budget_exhaustion(constant_days(10), window_days=28, slo_target=0.999, n_paths=500, rng=0)
    assert f.probability_exhausted == 1.0
    assert f.exhaustion_day(0.1) == f.exhaustion_day(0.5) == f.exhaustion_day(0.9) == 19.0
    assert f.exhaustion_interval_days == (19.0, 19.0)
    assert np.all(f.budget_events == pytest.approx(28_000))
    # remaining after day d = 1 - 1,500 d / 28,000; day 10 -> 13/28; day 28 -> -1/2
    bands = f.remaining_bands
    assert list(bands.index) == list(range(1, 29))
    assert bands.loc[10, "p50"] == pytest.approx(13 / 28)
    assert bands.loc[28, "p10"] == pytest.approx(1 - 42_000 / 28_000)
    assert bands["observed"].tolist() == [True] * 10 + [False] * 18
    # the day the budget runs out is the 19th calendar day: 2026-10-05 + 18 days
    assert f.window_start == pd.Timestamp("2026-10-05", tz="UTC")
    assert f.exhaustion_date(0.5) == pd.Timestamp("2026-10-23", tz="UTC")
    assert bands.loc[19, "date"] == pd.Timestamp("2026-10-23", tz="UTC")
    assert f.probability_exhausted_by(18) == 0.0
    assert f.probability_exhausted_by(19) == 1.0


def test_burn_below_one_never_exhausts_and_ends_with_the_unspent_share():
    # 500 bad a day -> 28 * 500 = 14,000 of 28,000: half the budget is left.
    f = sl.forecast_budget_exhaustion(constant_days(10, errors=500), window_days=28, slo_target=0.999,
                                      n_paths=200, rng=0)
    assert f.probability_exhausted == 0.0
    assert math.isinf(f.exhaustion_day(0.5))
    assert f.exhaustion_date(0.5) is sl.NEVER  # was None before sl.NEVER
    assert f.remaining_bands.loc[28, "p50"] == pytest.approx(0.5)


def test_exactly_spending_the_budget_is_not_exhaustion():
    # 1,000 bad a day for 28 days = 28,000 = the budget: at the SLO, not below it.
    f = sl.forecast_budget_exhaustion(constant_days(10, errors=1_000), window_days=28, slo_target=0.999,
                                      n_paths=50, rng=0)
    assert f.probability_exhausted == 0.0
    assert f.remaining_bands.loc[28, "p50"] == pytest.approx(0.0, abs=1e-12)


def test_budget_already_exhausted_in_the_observed_days():
    # 28 clean days then 3 days of 10,000 bad; the window's budget is 28,000
    # (constant traffic), 30,000 > 28,000 after the 3rd day whatever comes next.
    history = constant_days(31, errors=100)
    history.loc[28:, "errors"] = 10_000
    f = sl.forecast_budget_exhaustion(history, window_days=28, slo_target=0.999, elapsed_days=3,
                                      n_paths=300, rng=1)
    assert f.elapsed_days == 3.0
    assert f.observed_bad_events == 30_000
    assert f.probability_exhausted == 1.0
    assert set(f.exhaustion_days) == {3.0}
    assert f.window_start == pd.Timestamp("2026-11-02", tz="UTC")


def test_seasonal_blocks_replay_weekdays_exactly():
    # Errors 1,000 x (weekday position + 1): a week spends 28,000 = the whole
    # 28-day budget of 28e6 requests. Seasonal blocks put Mondays on Mondays,
    # so every path repeats the pattern: 28,000 after day 7 is not over the
    # budget, 29,000 after day 8 is. Every path exhausts on day 8.
    history = constant_days(14)
    history["errors"] = [1_000 * (i % 7 + 1) for i in range(14)]
    f = sl.forecast_budget_exhaustion(history, window_days=28, slo_target=0.999, elapsed_days=0,
                                      n_paths=1_000, rng=3)
    assert f.window_start == pd.Timestamp("2026-10-19", tz="UTC")
    assert set(f.exhaustion_days) == {8.0}
    # without seasonal alignment the same blocks land on other weekdays
    g = sl.forecast_budget_exhaustion(history, window_days=28, slo_target=0.999, elapsed_days=0,
                                      seasonal=False, n_paths=1_000, rng=3)
    assert len(set(g.exhaustion_days)) > 1


def test_hourly_history_exhausts_in_the_hand_computed_hour():
    # 1,000 requests an hour, no errors, then 400 bad an hour from hour 100.
    # 28-day budget = 0.001 * 28 * 24 * 1,000 = 672: 400 after hour 100,
    # 800 > 672 after hour 101 -> day (101 + 1) / 24 = 4.25, period starting
    # 2026-10-05 + 4 days 5 hours.
    idx = pd.date_range("2026-10-05", periods=24 * 20, freq="h", tz="UTC")
    errors = np.zeros(len(idx))
    errors[100:110] = 400
    hourly = pd.DataFrame({"requests": 1_000, "errors": errors}, index=idx)
    f = sl.forecast_budget_exhaustion(hourly, window_days=28, slo_target=0.999, n_paths=200, rng=0)
    assert f.periods_per_day == 24
    assert f.elapsed_days == 20.0
    assert set(f.exhaustion_days) == {4.25}
    assert f.exhaustion_date() == pd.Timestamp("2026-10-09 05:00", tz="UTC")
    assert len(f.remaining_bands) == 28


def test_valid_good_columns_mean_bad_is_valid_minus_good():
    days = pd.DataFrame({"valid": [1_000_000] * 10, "good": [998_500] * 10})
    f = sl.forecast_budget_exhaustion(days, window_days=28, slo_target=0.999, n_paths=50, rng=0)
    assert f.exhaustion_day() == 19.0          # same numbers as the 1,500-errors case


def test_same_seed_same_forecast_and_different_seed_differs():
    history = incident_days()
    kwargs = dict(slo_target=0.999, window_days=28, elapsed_days=10, n_paths=2_000)
    a = sl.forecast_budget_exhaustion(history, rng=42, **kwargs)
    b = sl.forecast_budget_exhaustion(history, rng=42, **kwargs)
    c = sl.forecast_budget_exhaustion(history, rng=43, **kwargs)
    np.testing.assert_array_equal(a.exhaustion_days, b.exhaustion_days)
    pd.testing.assert_frame_equal(a.remaining_bands, b.remaining_bands)
    assert not np.array_equal(a.budget_events, c.budget_events)


def test_generator_is_accepted_and_advanced():
    history = incident_days()
    generator = np.random.default_rng(7)
    a = sl.forecast_budget_exhaustion(history, window_days=28, slo_target=0.999, elapsed_days=5,
                                      n_paths=500, rng=generator)
    b = sl.forecast_budget_exhaustion(history, window_days=28, slo_target=0.999, elapsed_days=5,
                                      n_paths=500, rng=generator)
    assert not np.array_equal(a.budget_events, b.budget_events)


def test_custom_quantiles_name_the_band_columns():
    f = sl.forecast_budget_exhaustion(incident_days(), window_days=28, slo_target=0.999, elapsed_days=3,
                                      n_paths=300, quantiles=(0.025, 0.5, 0.975), rng=0)
    assert [c for c in f.remaining_bands.columns if c.startswith("p")] == ["p2.5", "p50",
                                                                            "p97.5"]


@settings(max_examples=25, deadline=None)
@given(elapsed=st.integers(0, 27), seed=st.integers(0, 2**32 - 1),
       target=st.sampled_from([0.99, 0.995, 0.999]))
def test_forecast_invariants(elapsed, seed, target):
    history = incident_days(60, seed=seed % 1000)
    f = sl.forecast_budget_exhaustion(history, window_days=28, slo_target=target, elapsed_days=elapsed,
                                      n_paths=300, rng=seed)
    finite = f.exhaustion_days[np.isfinite(f.exhaustion_days)]
    assert np.all((finite >= 1) & (finite <= 28) & (finite == np.round(finite)))
    assert f.probability_exhausted == pytest.approx(finite.size / f.n_paths)
    # each path's remaining budget only falls, so every quantile band falls too
    for column in ("p10", "p50", "p90"):
        assert np.all(np.diff(f.remaining_bands[column]) <= 1e-12)
    assert np.all(f.remaining_bands["p10"] <= f.remaining_bands["p90"] + 1e-12)
    # a stricter target (same paths: the resampling ignores the target) runs out sooner
    g = sl.forecast_budget_exhaustion(history, window_days=28, slo_target=1 - (1 - target) / 2,
                                      elapsed_days=elapsed, n_paths=300, rng=seed)
    assert np.all(g.exhaustion_days <= f.exhaustion_days)
    assert g.probability_exhausted >= f.probability_exhausted


@settings(max_examples=50, deadline=None)
@given(lo=st.integers(0, 20), length=st.integers(14, 60), block=st.integers(1, 7),
       n_sim=st.integers(1, 40), seed=st.integers(0, 10_000))
def test_block_starts_match_the_weekday_and_stay_inside_the_reference(lo, length, block,
                                                                      n_sim, seed):
    hi = lo + length
    starts = fc._block_starts(lo, hi, hi, n_sim, block, 7, 50, np.random.default_rng(seed))
    index = fc._gather(starts, block, n_sim)
    positions = hi + np.arange(n_sim)
    assert np.all((index - positions) % 7 == 0)
    assert index.min() >= lo and index.max() < hi


# ---------------------------------------------------------------------------
# forecast_budget_exhaustion: errors
# ---------------------------------------------------------------------------

ERRORS = [
    (dict(history=[1, 2]), TypeError,
     "history must be a DataFrame with the columns 'requests' and 'errors' (or 'valid' and "
     "'good'); got 'list'."),
    (dict(history=pd.DataFrame({"requests": [1]})), ValueError,
     "history must have the columns 'requests' and 'errors' (or 'valid' and 'good'); got a "
     "DataFrame with columns ['requests']."),
    (dict(history=pd.DataFrame({"requests": [10, 10], "errors": [1, 11]})), ValueError,
     "history['errors'] must be <= history['requests'] in every row; got 11 > 10 at 1."),
    (dict(history=pd.DataFrame({"requests": [10, -1], "errors": [1, 0]})), ValueError,
     "history['requests'] must be finite counts >= 0; got -1 at 1."),
    (dict(slo_target=99.9), ValueError,
     "slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999."),
    (dict(window_days=27.5), ValueError, "window_days must be a whole number of days; got 27.5."),
    (dict(elapsed_days=28), ValueError,
     "elapsed_days must be a number >= 0 and < 28; got 28."),
    (dict(elapsed_days=11), ValueError,
     "elapsed_days must be at most the length of history (10 days); got 11.0."),
    (dict(n_paths=0), ValueError, "n_paths must be a whole number >= 1 and <= 1000000; got 0."),
    (dict(n_paths=10.0), TypeError,
     "n_paths must be a whole number >= 1 and <= 1000000; got 10.0."),
    (dict(quantiles=(0.9, 0.1)), ValueError,
     "quantiles must be a sequence of increasing fractions in (0, 1); got (0.9, 0.1)."),
    (dict(quantiles=0.5), TypeError,
     "quantiles must be a sequence of increasing fractions in (0, 1); got 0.5."),
    (dict(seasonal="yes"), TypeError, "seasonal must be True or False; got 'yes'."),
    (dict(rng="seed"), TypeError,
     "rng must be None, a whole number >= 0 or a numpy Generator; got 'seed'."),
    (dict(block_days=5), ValueError,
     "history must have at least 11 periods to resample from (a block, plus 6 days so a block "
     "can start on any weekday); got 10. Use more history, a shorter block_days or "
     "seasonal=False."),
]


@pytest.mark.parametrize("change, error, text", ERRORS)
def test_forecast_error_messages(change, error, text):
    kwargs = dict(history=constant_days(10), window_days=28, slo_target=0.999, n_paths=10, rng=0)
    kwargs.update(change)
    with pytest.raises(error) as info:
        sl.forecast_budget_exhaustion(kwargs.pop("history"), **kwargs)
    assert str(info.value) == text


def test_history_as_long_as_the_window_needs_elapsed_days():
    with pytest.raises(ValueError, match=r"^elapsed_days must be given when history is as "
                                         r"long as the window or longer; got None\. Pass how "
                                         r"many of history's 28 days \(the last ones\) "
                                         r"belong to the current window\.$"):
        sl.forecast_budget_exhaustion(constant_days(28), window_days=28, slo_target=0.999)


def test_gaps_and_several_services_are_refused():
    gappy = constant_days(10).drop(index=4)
    with pytest.raises(ValueError, match=r"^history must have one row per period without "
                                         r"gaps; got a step of 2 days"):
        sl.forecast_budget_exhaustion(gappy, window_days=28, slo_target=0.999)
    two = pd.concat([constant_days(10).assign(service="a"), constant_days(10).assign(service="b")])
    with pytest.raises(ValueError, match=r"^history must hold one service; got 2 services "
                                         r"\('a', 'b'\)"):
        sl.forecast_budget_exhaustion(two, window_days=28, slo_target=0.999)


# ---------------------------------------------------------------------------
# The naive forecast and why it misleads
# ---------------------------------------------------------------------------

def test_naive_forecast_is_the_outlines_formula_with_a_seeded_generator():
    history = [0.001, 0.0008, 0.0012, 0.0009]                      # the outline's numbers
    mean = 0.0039 / 4                                               # = 0.000975
    # population std by hand: deviations 25e-6, -175e-6, 225e-6, -75e-6;
    # squares 0.625e-9 + 30.625e-9 + 50.625e-9 + 5.625e-9 = 8.75e-8, / 4
    std = math.sqrt(8.75e-8 / 4)
    z = np.random.default_rng(5).standard_normal(7)
    np.testing.assert_allclose(sl.naive_error_rate_forecast(history, 7, rng=5), mean + z * std)
    assert sl.naive_error_rate_forecast(history, 3, n_paths=4, rng=1).shape == (4, 3)


def test_naive_forecast_goes_negative_on_skewed_history():
    # 27 days at 0.1 %, one day at 20 %: mean 0.81 %, std ~3.7 % -> many draws < 0.
    history = [0.001] * 27 + [0.2]
    draws = sl.naive_error_rate_forecast(history, 7, n_paths=1_000, rng=0)
    assert (draws < 0).mean() > 0.3


def test_naive_forecast_errors():
    with pytest.raises(ValueError, match=r"^history must be a fraction in \[0, 1\]; got 5\.0 "
                                         r"at index 1\. Write 5% as 0\.05\.$"):
        sl.naive_error_rate_forecast([0.01, 5], 3)
    with pytest.raises(TypeError, match=r"^days_ahead must be a whole number >= 1"):
        sl.naive_error_rate_forecast([0.01], 2.5)


def test_naive_forecast_bounds_the_number_of_paths():
    """6,875,700 paths took seconds and half a gigabyte (tests/test_fuzz.py)."""
    with pytest.raises(ValueError, match=r"^n_paths must be a whole number >= 1 and <= 1000000; "
                                         r"got 6875700\.$"):
        sl.naive_error_rate_forecast([0.001, 0.002], n_paths=6_875_700)
    with pytest.raises(ValueError, match=r"^n_paths must be at most 20,000,000 / days_ahead "
                                         r"\(5,479 for 3650 days\); got 1000000\. "):
        sl.naive_error_rate_forecast([0.001, 0.002], 3650, n_paths=1_000_000)
    # the largest allowed call still works: 10**6 paths of 7 days
    assert sl.naive_error_rate_forecast([0.001, 0.002], 7, n_paths=10**6, rng=0).shape == (
        10**6, 7)


def test_naive_forecast_flaws_table():
    days = pd.DataFrame({"requests": [2_000] * 7 * 4 + [1_000] * 7 * 4,
                         "errors": [2] * 27 + [400] + [1] * 28})
    table = sl.naive_forecast_flaws(days, slo_target=0.99, n_paths=5_000, rng=0).set_index("flaw")
    assert list(table.columns) == ["naive", "bootstrap", "history", "why"]
    negative = table.loc["share of days with a negative error ratio"]
    assert negative["bootstrap"] == 0.0 and negative["history"] == 0.0
    assert negative["naive"] > 0.3
    means = table.loc["mean error ratio (naive: of daily ratios; others: traffic-weighted)"]
    # unweighted: (27 * 0.001 + 0.2 + 28 * 0.001) / 56; weighted: (54 + 400 + 28) / 84,000
    assert means["naive"] == pytest.approx((55 * 0.001 + 0.2) / 56)
    assert means["history"] == pytest.approx(482 / 84_000)
    assert abs(table.loc["skewness of daily error ratios", "naive"]) < 0.1
    assert table.loc["skewness of daily error ratios", "history"] > 5


def test_backtest_scores_both_models():
    history = incident_days(200, seed=4)
    bt = sl.backtest_budget_forecasts(history, slo_target=0.999, horizon_days=7,
                                      train_days=56, step_days=5, n_paths=300, rng=0)
    # origins 56, 61, ..., up to 200 - 7 = 193 -> (193 - 56) // 5 + 1 = 28
    assert len(bt.forecasts) == 28
    assert bt.forecasts["origin"].iloc[0] == pd.Timestamp("2026-01-05", tz="UTC") + \
        pd.Timedelta(days=56)
    assert list(bt.summary.index) == ["naive", "bootstrap"]
    for model in ("naive", "bootstrap"):
        row = bt.summary.loc[model]
        assert 0 <= row["coverage"] <= 1
        assert row["coverage"] + row["share_above"] + row["share_below"] == pytest.approx(1)
        assert 0 <= row["brier_score"] <= 1
        assert row["interval_score"] >= row["mean_width"]
    assert bt.summary.loc["bootstrap", "share_negative_low"] == 0.0
    assert bt.summary.loc["naive", "share_negative_low"] > 0.5
    again = sl.backtest_budget_forecasts(history, slo_target=0.999, train_days=56,
                                         step_days=5, n_paths=300, rng=0)
    pd.testing.assert_frame_equal(bt.forecasts, again.forecasts)


def test_backtest_needs_enough_history():
    with pytest.raises(ValueError, match=r"^history must be at least train_days \+ "
                                         r"horizon_days = 98 days; got 60 days\.$"):
        sl.backtest_budget_forecasts(constant_days(60), slo_target=0.999)


# ---------------------------------------------------------------------------
# Traffic growth
# ---------------------------------------------------------------------------

WEEKLY = np.array([1.1, 1.1, 1.1, 1.1, 1.1, 0.8, 0.8])


def exact_traffic(n=70, growth=0.002, level=500_000.0):
    dates = pd.date_range("2026-01-05", periods=n, tz="UTC")       # a Monday
    factors = WEEKLY / np.exp(np.log(WEEKLY).mean())                # geometric mean 1
    requests = level * np.exp(growth * np.arange(n)) * factors[dates.day_of_week]
    return pd.DataFrame({"date": dates, "requests": requests, "errors": 0}), factors


def test_traffic_fit_recovers_a_noise_free_trend_and_weekly_cycle():
    history, factors = exact_traffic()
    fit = sl.fit_traffic_growth(history)
    assert fit.growth_per_day == pytest.approx(0.002, abs=1e-12)
    assert fit.level == pytest.approx(500_000.0, rel=1e-9)
    assert list(fit.weekday_factors.values()) == pytest.approx(list(factors), rel=1e-9)
    assert fit.growth_per_year == pytest.approx(math.exp(0.73) - 1)
    assert fit.doubling_days == pytest.approx(math.log(2) / 0.002)
    assert fit.residual_std == pytest.approx(0.0, abs=1e-9)
    table = sl.forecast_traffic(fit, horizon_days=7)
    # day 70 is a Monday (70 = 10 weeks): 500,000 e^{0.14} x Monday factor
    assert table.index[0] == pd.Timestamp("2026-03-16", tz="UTC")
    assert table["day"].iloc[0] == 70
    assert table["requests"].iloc[0] == pytest.approx(500_000 * math.exp(0.14) * factors[0])
    np.testing.assert_allclose(table["lower"], table["requests"], rtol=1e-6)


def test_traffic_prediction_interval_widens_with_noise_and_interval():
    history, _ = exact_traffic(365)
    noise = np.random.default_rng(0).normal(0, 0.05, 365)
    history["requests"] *= np.exp(noise)
    fit = sl.fit_traffic_growth(history)
    assert fit.residual_std == pytest.approx(0.05, rel=0.15)
    narrow = sl.forecast_traffic(fit, horizon_days=30, interval=0.5)
    wide = sl.forecast_traffic(fit, horizon_days=30, interval=0.95)
    assert np.all(wide["upper"] > narrow["upper"])
    assert np.all(wide["lower"] < narrow["lower"])
    assert np.all(narrow["lower"] < narrow["requests"])
    # the uncertainty of the trend grows with the horizon
    width = np.log(wide["upper"] / wide["lower"]).to_numpy()
    assert width[-1] > width[0]


def test_peak_rps_from_a_flat_forecast():
    # 864,000 requests a day = 10 per second; x 2 for the daily peak = 20.
    fit = sl.fit_traffic_growth(constant_days(28, requests=864_000, errors=0))
    assert sl.forecast_peak_rps(fit, horizon_days=30, peak_to_mean_ratio=2.0,
                                quantile=0.5) == pytest.approx(20.0)


def test_peak_to_mean_ratio_by_hand():
    # one day of 10 requests a minute, 5 minutes at 20: busiest 5-minute
    # bucket = 100; mean bucket = (1,435 x 10 + 5 x 20) / 288 = 14,450 / 288.
    idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    requests = np.full(1440, 10)
    requests[600:605] = 20
    traffic = pd.DataFrame({"requests": requests}, index=idx)
    assert sl.peak_to_mean_ratio(traffic) == pytest.approx(100 * 288 / 14_450)


def test_traffic_errors():
    with pytest.raises(ValueError, match=r"^history must be a DataFrame with a 'date' column "
                                         r"or a DatetimeIndex; got a DataFrame without "
                                         r"dates\.$"):
        sl.fit_traffic_growth(pd.DataFrame({"requests": [1] * 20, "errors": 0}))
    with pytest.raises(ValueError, match=r"^history must be at least 14 days long; got "
                                         r"10 days\.$"):
        sl.fit_traffic_growth(constant_days(10))
    with pytest.raises(TypeError, match=r"^fit must be a TrafficGrowthFit"):
        sl.forecast_traffic({"level": 1})


# ---------------------------------------------------------------------------
# Queueing
# ---------------------------------------------------------------------------

def erlang_c_by_factorials(c, a):
    """The textbook formula, written independently of the module's recursion."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def test_erlang_c_hand_computed_values():
    # c = 2, a = 1: top = 1/2 * 2/1 = 1; sum_{k<2} = 1 + 1 = 2 -> C = 1/3
    assert sl.erlang_c(2, 1.0) == pytest.approx(1 / 3)
    # c = 3, a = 2: top = 8/6 * 3/1 = 4; sum_{k<3} = 1 + 2 + 2 = 5 -> C = 4/9
    assert sl.erlang_c(3, 2.0) == pytest.approx(4 / 9)
    # M/M/1: C(1, rho) = rho
    assert sl.erlang_c(1, 0.7) == pytest.approx(0.7)
    assert sl.erlang_c(4, 0.0) == 0.0
    assert sl.erlang_c(2, 2.0) == 1.0 and sl.erlang_c(2, 5.0) == 1.0     # unstable
    np.testing.assert_allclose(sl.erlang_c(2, [1.0, 0.0, 3.0]), [1 / 3, 0.0, 1.0])


@settings(max_examples=200, deadline=None)
@given(c=st.integers(1, 60), utilisation=st.floats(0.0, 0.99))
def test_erlang_c_matches_the_factorial_formula(c, utilisation):
    a = utilisation * c
    assert sl.erlang_c(c, a) == pytest.approx(erlang_c_by_factorials(c, a), rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(c=st.integers(1, 200), a=st.floats(0.0, 150.0))
def test_erlang_c_falls_with_servers_and_rises_with_load(c, a):
    value = sl.erlang_c(c, a)
    assert 0.0 <= value <= 1.0
    assert sl.erlang_c(c + 1, a) <= value + 1e-12
    assert sl.erlang_c(c, a * 1.1 + 0.01) >= value - 1e-12


@settings(max_examples=100, deadline=None)
@given(service_ms=st.floats(1.0, 1_000.0), rho=st.floats(0.0, 0.98),
       t_ms=st.floats(0.0, 5_000.0))
def test_mm1_response_time_is_exponential(service_ms, rho, t_ms):
    mu = 1_000 / service_ms                    # per second
    lam = rho * mu
    expected = math.exp(-(mu - lam) * t_ms / 1_000)
    got = sl.mmc_response_time_tail(t_ms, arrival_rate_rps=lam, service_time_ms=service_ms,
                                    servers=1)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_mmc_tail_when_the_two_rates_are_equal():
    # c = 2, mu = 10/s, lambda = 10/s: theta = 2mu - lambda = mu; a = 1, C = 1/3.
    # P(T > t) = (1 - C) e^{-mu t} + C (1 + mu t) e^{-mu t}; mu t = 1 -> (4/3) e^-1.
    got = sl.mmc_response_time_tail(100, arrival_rate_rps=10, service_time_ms=100, servers=2)
    assert got == pytest.approx(4 / 3 * math.exp(-1))
    # and nearly equal rates give nearly that (no cancellation blow-up)
    near = sl.mmc_response_time_tail(100, arrival_rate_rps=10 + 1e-9, service_time_ms=100,
                                     servers=2)
    assert near == pytest.approx(4 / 3 * math.exp(-1), rel=1e-6)


def test_mmc_tail_hand_computed_two_servers():
    # c = 2, mu = 10/s, lambda = 5/s -> a = 0.5:
    # C = (0.25/2 * 2/1.5) / (1 + 0.5 + 0.25/2 * 2/1.5) = (1/6) / (5/3) = 0.1
    # theta = 20 - 5 = 15/s; t = 0.2 s:
    # P(T > t) = 0.9 e^-2 + 0.1 (15 e^-2 - 10 e^-3) / 5
    expected = 0.9 * math.exp(-2) + 0.1 * (15 * math.exp(-2) - 10 * math.exp(-3)) / 5
    got = sl.mmc_response_time_tail(200, arrival_rate_rps=5, service_time_ms=100, servers=2)
    assert got == pytest.approx(expected)
    assert sl.mmc_response_time_tail(200, arrival_rate_rps=20, service_time_ms=100,
                                     servers=2) == 1.0                      # unstable
    np.testing.assert_allclose(
        sl.mmc_response_time_tail([0, 200], arrival_rate_rps=5, service_time_ms=100, servers=2),
        [1.0, expected])


@settings(max_examples=100, deadline=None)
@given(c=st.integers(1, 30), rho=st.floats(0.01, 0.95), t_ms=st.floats(0.0, 2_000.0),
       service_ms=st.floats(5.0, 500.0))
def test_mmc_tail_properties(c, rho, t_ms, service_ms):
    lam = rho * c * 1_000 / service_ms
    kwargs = dict(arrival_rate_rps=lam, service_time_ms=service_ms)
    tail = sl.mmc_response_time_tail(t_ms, servers=c, **kwargs)
    assert 0.0 <= tail <= 1.0
    assert sl.mmc_response_time_tail(t_ms, servers=c + 1, **kwargs) <= tail + 1e-12
    assert sl.mmc_response_time_tail(t_ms * 1.5 + 1, servers=c, **kwargs) <= tail + 1e-12
    # never better than service alone: P(T > t) >= P(S > t) = e^{-t/s}
    assert tail >= math.exp(-t_ms / service_ms) - 1e-12


def test_mmc_metrics_mm1_closed_form():
    # rho = 0.5, E[W] = rho / (mu - lambda) = 0.5 / 5 s = 100 ms
    m = sl.mmc_metrics(arrival_rate_rps=5, service_time_ms=100, servers=1)
    assert m.utilisation == 0.5 and m.erlang_c == 0.5
    assert m.mean_wait_ms == pytest.approx(100.0)
    assert m.mean_response_ms == pytest.approx(200.0)
    # c = 2, a = 1: C = 1/3, E[W] = C / (2mu - lambda) = (1/3) / 10 s = 33.3 ms
    m2 = sl.mmc_metrics(arrival_rate_rps=10, service_time_ms=100, servers=2)
    assert m2.mean_wait_ms == pytest.approx(100 / 3)
    unstable = sl.mmc_metrics(arrival_rate_rps=30, service_time_ms=100, servers=2)
    assert unstable.utilisation == 1.5 and math.isinf(unstable.mean_wait_ms)


def test_capacity_needed_hand_computed():
    # one server: P(T <= 200 ms) = 1 - e^{-(10 - 5) 0.2} = 1 - e^-1 = 0.632
    kwargs = dict(service_time_ms=100, latency_threshold_ms=200)
    one = sl.capacity_needed(5, latency_target=0.63, **kwargs)
    assert (one.servers, one.servers_with_headroom) == (1, 1)
    assert one.latency_attainment == pytest.approx(1 - math.exp(-1))
    assert one.latency_attainment_with_one_less is None
    # two servers: 1 - 0.152445 = 0.847555 (hand computation above) >= 0.7 and 0.84
    for target in (0.7, 0.84):
        plan = sl.capacity_needed(5, latency_target=target, headroom_servers=2, **kwargs)
        assert (plan.servers, plan.servers_with_headroom) == (2, 4)
        assert plan.latency_attainment_with_one_less == pytest.approx(1 - math.exp(-1))
        assert plan.utilisation == pytest.approx(0.25)
    # no number of servers beats the service time alone: 1 - e^{-2} = 0.8647
    with pytest.raises(ValueError, match=r"^latency_target must be below 0\.864665, the share "
                                         r"of requests that finish within 200 ms even with no "
                                         r"queueing \(mean service time 100 ms\); got 0\.87\."):
        sl.capacity_needed(5, latency_target=0.87, **kwargs)


def test_capacity_for_a_large_load_is_just_above_the_offered_load():
    plan = sl.capacity_needed(50_000, service_time_ms=20, latency_threshold_ms=100,
                              latency_target=0.99)
    # offered load = 50,000/s x 0.02 s = 1,000 erlangs; needs > 1,000 servers
    assert plan.offered_load_erlangs == pytest.approx(1_000)
    assert 1_000 < plan.servers < 1_100
    assert plan.latency_attainment >= 0.99 > plan.latency_attainment_with_one_less


@settings(max_examples=60, deadline=None)
@given(rps=st.floats(0.0, 2_000.0), service_ms=st.floats(1.0, 200.0),
       target=st.floats(0.5, 0.99), extra=st.floats(1.0, 3.0))
def test_capacity_is_monotone(rps, service_ms, target, extra):
    threshold_ms = service_ms * 8          # 1 - e^-8 = 0.99966 > any target drawn
    kwargs = dict(service_time_ms=service_ms, latency_threshold_ms=threshold_ms)
    plan = sl.capacity_needed(rps, latency_target=target, **kwargs)
    assert plan.latency_attainment >= target
    if plan.latency_attainment_with_one_less is not None:
        assert plan.latency_attainment_with_one_less < target
    assert plan.servers >= math.floor(plan.offered_load_erlangs) + (rps > 0)
    assert sl.capacity_needed(rps * extra, latency_target=target, **kwargs).servers >= \
        plan.servers
    stricter = min(0.995, target + (1 - target) / 2)
    assert sl.capacity_needed(rps, latency_target=stricter, **kwargs).servers >= plan.servers


QUEUE_ERRORS = [
    (lambda: sl.erlang_c(0, 1.0), ValueError,
     "servers must be a whole number >= 1 and <= 1000000; got 0."),
    (lambda: sl.erlang_c(2, -1.0), ValueError, "offered_load must be a number >= 0; got -1.0."),
    (lambda: sl.mmc_metrics(arrival_rate_rps=1, service_time_ms=0, servers=1), ValueError,
     "service_time_ms must be a number > 0 and <= 8.64e+07; got 0."),
    (lambda: sl.capacity_needed(-5, service_time_ms=10, latency_threshold_ms=50,
                                latency_target=0.9), ValueError,
     "arrival_rate_rps must be a number >= 0 and <= 1e+09; got -5."),
    (lambda: sl.capacity_needed(5, service_time_ms=10, latency_threshold_ms=50,
                                latency_target=99), ValueError,
     "latency_target must be a fraction in (0, 1); got 99. Write 99% as 0.99."),
    (lambda: sl.capacity_needed(5000, service_time_ms=10, latency_threshold_ms=50,
                                latency_target=0.9, max_servers=10), ValueError,
     "max_servers must be enough for the load (50 erlangs); got 10. Raise max_servers or "
     "check the units."),
]


@pytest.mark.parametrize("call, error, text", QUEUE_ERRORS)
def test_queue_error_messages(call, error, text):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == text
