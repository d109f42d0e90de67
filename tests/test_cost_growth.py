"""Tests for sre_lab.cost.growth: the outline's formula, the fit, the forecast, the backtest.

Oracles: the corrected growth formula worked by hand (e^0.02 - 1 = 2.0201 %, 1.02^m),
synthetic costs built from a known growth rate, weekday cycle and event (the fit must
recover them), months summed by hand, and ``sl.monthly_bill`` itself for the spreading
of a month's bill over its days.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl


def costs(n=120, start="2026-01-01", growth_per_day=0.001, level=100.0, noise=0.0, seed=0, **columns):
    days = pd.date_range(start, periods=n, tz="UTC")
    rng = np.random.default_rng(seed)
    usd = level * np.exp(growth_per_day * np.arange(n) + noise * rng.standard_normal(n))
    return pd.DataFrame({"date": days, "usd": usd, **columns})


# --------------------------------------------------------------------------- the outline

def test_the_outline_grows_2_0201_percent_a_month_not_2():
    outline = sl.outline_cost_forecast(5000, 0.02, months=12)
    assert outline[1] / outline[0] - 1 == pytest.approx(0.0202013400, abs=1e-10)   # e^0.02 - 1
    assert outline[0] == pytest.approx(5101.006700, abs=1e-6)                       # 5000 e^0.02


def test_the_outline_function_equals_the_outlines_loop():
    loop = [5000 * (math.e ** (0.02 * month)) for month in range(1, 13)]
    assert sl.outline_cost_forecast(5000, 0.02).tolist() == pytest.approx(loop, rel=1e-14)


def test_two_percent_a_month_compounding_is_1_02_to_the_m():
    assert sl.compound_cost_forecast(5000, 0.02, months=3).tolist() == pytest.approx([5100, 5202, 5306.04])
    # after a year: 5000 (e^0.24 - 1.02^12) = 5000 (1.271249 - 1.268242) = $15.04
    gap = sl.outline_cost_forecast(5000, 0.02)[-1] - sl.compound_cost_forecast(5000, 0.02)[-1]
    assert gap == pytest.approx(15.04, abs=0.01)


@pytest.mark.parametrize("bad, error, text", [
    (dict(initial_cost_usd=-1, growth_rate=0.02), ValueError, "initial_cost_usd must be a number >= 0"),
    (dict(initial_cost_usd=5000, growth_rate=2), ValueError, "growth_rate must be a number >= -1 and <= 1"),
    (dict(initial_cost_usd="5000", growth_rate=0.02), TypeError, "initial_cost_usd"),
    (dict(initial_cost_usd=5000, growth_rate=0.02, months=0), ValueError, "months must be a whole number >= 1"),
])
def test_outline_inputs_are_checked(bad, error, text):
    with pytest.raises(error, match=text):
        sl.outline_cost_forecast(**bad)


# --------------------------------------------------------------------------- months

def test_monthly_cost_sums_days_by_calendar_month():
    frame = pd.DataFrame({"date": pd.date_range("2026-02-27", periods=4, tz="UTC"), "usd": [1.0, 2, 3, 4]})
    months = sl.monthly_cost(frame)
    assert months["usd"].tolist() == [3.0, 7.0]          # 27+28 Feb, 1+2 Mar
    assert months["days_in_month"].tolist() == [28, 31]
    assert months["complete"].tolist() == [False, False]


def test_daily_cost_gives_each_months_bill_back():
    volumes = sl.telemetry_volumes()
    bill = sl.monthly_bill(volumes).groupby("month")["usd"].sum()
    daily = sl.daily_cost(volumes)
    by_month = daily.groupby(daily["date"].dt.strftime("%Y-%m"))["usd"].sum()
    assert by_month.to_numpy() == pytest.approx(bill.reindex(by_month.index).to_numpy(), rel=1e-12)
    assert len(daily) == 365 and (daily["fixed_usd"] > 0).all()
    # fixed charges (licences, series) are October's bill for them, spread evenly over 31 days
    full = sl.monthly_bill(volumes)
    fixed = full[full["component"].isin(["licence", "series"]) & (full["month"] == "2026-10")]["usd"].sum()
    october = daily[daily["date"].dt.strftime("%Y-%m") == "2026-10"]
    assert october["fixed_usd"].to_numpy() == pytest.approx(np.full(31, fixed / 31))
    assert fixed == pytest.approx(sum(sl.TELEMETRY_PROFILE["hosts"].values()) * 15 + 29.9, abs=15)


# --------------------------------------------------------------------------- the fit

def test_fit_recovers_growth_weekday_cycle_and_an_event():
    days = pd.date_range("2026-01-05", periods=140, tz="UTC")     # a Monday, 20 weeks
    weekday = np.where(days.day_of_week >= 5, 0.8, 1.0)
    usd = 100 * np.exp(0.002 * np.arange(140)) * weekday
    usd[60] *= 2.5
    events = pd.DataFrame({"event": ["launch"], "date": [days[60]]})
    fit = sl.fit_cost_growth(pd.DataFrame({"date": days, "usd": usd}), events=events)
    assert fit.growth_per_day == pytest.approx(0.002, abs=1e-12)
    assert fit.event_factors["launch"] == pytest.approx(2.5, rel=1e-9)
    # geometric mean of the weekday factors is 1: (0.8^2)^(1/7) scales them
    scale = 0.8 ** (2 / 7)
    assert fit.weekday_factors["Sat"] == pytest.approx(0.8 / scale, rel=1e-9)
    assert fit.weekday_factors["Mon"] == pytest.approx(1 / scale, rel=1e-9)
    assert fit.growth_per_month == pytest.approx(math.exp(0.002 * 365.25 / 12) - 1, rel=1e-9)


def test_fit_of_microcorp_finds_the_40_percent_a_year_the_data_were_built_with():
    fit = sl.fit_cost_growth(sl.daily_cost())
    assert fit.growth_per_year == pytest.approx(0.40, abs=0.02)     # datasets/README.md: +40 % a year
    low, high = fit.growth_per_month_interval
    assert low < fit.growth_per_month < high
    assert fit.event_factors["Black Friday"] > fit.event_factors["Cyber Monday"] > 1.3


def test_fixed_cost_is_carried_and_not_grown():
    frame = costs(n=59, growth_per_day=0.0, level=10.0, fixed_usd=5.0, variable_usd=10.0)  # Jan + Feb
    fit = sl.fit_cost_growth(frame, events=None)
    assert fit.fixed_usd_per_month == pytest.approx(5.0 * 28)        # February's fixed charges
    forecast = sl.forecast_cost(fit, horizon_months=2, n_paths=100)
    # March: 31 x $10 variable + $140 fixed; April: 30 x $10 + $140
    assert forecast["usd"].tolist() == pytest.approx([450.0, 440.0])


# --------------------------------------------------------------------------- forecast

def test_forecast_of_a_flat_cost_is_days_times_cost_and_alerts_on_budget():
    frame = costs(n=59, growth_per_day=0.0)            # $100 a day, Jan + Feb 2026
    forecast = sl.forecast_cost(sl.fit_cost_growth(frame, events=None), horizon_months=3, budget_usd=3050)
    assert forecast.index.strftime("%Y-%m").tolist() == ["2026-03", "2026-04", "2026-05"]
    assert forecast["usd"].tolist() == pytest.approx([3100, 3000, 3100])
    assert forecast["alert"].tolist() == [True, False, True]
    assert (forecast["lower"] <= forecast["usd"]).all() and (forecast["usd"] <= forecast["upper"]).all()


def test_a_history_in_mid_month_forecasts_that_month_whole():
    frame = costs(n=45, growth_per_day=0.0)            # 1 Jan .. 14 Feb
    forecast = sl.forecast_cost(sl.fit_cost_growth(frame, events=None), horizon_months=1)
    assert forecast.index[0].strftime("%Y-%m") == "2026-02" and forecast["days"].iloc[0] == 28


def test_the_band_widens_with_the_horizon_and_holds_in_a_noisy_world():
    frame = costs(n=365, growth_per_day=0.001, noise=0.05, seed=3)
    forecast = sl.forecast_cost(sl.fit_cost_growth(frame, events=None), horizon_months=12, rng=1)
    width = (forecast["upper"] - forecast["lower"]) / forecast["usd"]
    assert width.iloc[-1] > width.iloc[0]


def test_step_changes_multiply_costs_from_their_date():
    frame = costs(n=59, growth_per_day=0.0)
    fit = sl.fit_cost_growth(frame, events=None)
    forecast = sl.forecast_cost(fit, horizon_months=2, step_changes={"2026-04-01": 1.5})
    assert forecast["usd"].tolist() == pytest.approx([3100, 4500])


def test_future_events_are_applied_on_their_dates():
    days = pd.date_range("2026-01-01", periods=59, tz="UTC")
    usd = np.full(59, 100.0)
    usd[10] = 300.0
    events = pd.DataFrame({"event": ["sale", "sale"], "date": [days[10], pd.Timestamp("2026-03-05", tz="UTC")]})
    fit = sl.fit_cost_growth(pd.DataFrame({"date": days, "usd": usd}), events=events)
    forecast = sl.forecast_cost(fit, horizon_months=1, n_paths=100)
    assert forecast["usd"].iloc[0] == pytest.approx(30 * 100 + 300)


def test_forecast_is_deterministic_for_a_seed():
    fit = sl.fit_cost_growth(costs(n=120, noise=0.05))
    a = sl.forecast_cost(fit, rng=7)
    b = sl.forecast_cost(fit, rng=7)
    pd.testing.assert_frame_equal(a, b)


# --------------------------------------------------------------------------- backtest

def test_backtest_rows_and_the_outline_and_naive_columns():
    frame = costs(n=181, growth_per_day=0.001, noise=0.02)           # Jan .. Jun 2026
    bt = sl.backtest_cost_forecast(frame, train_months=4, horizon_months=2, events=None)
    assert bt["months_ahead"].tolist() == [1, 2, 1]
    months = sl.monthly_cost(frame)["usd"]
    april, may = months.iloc[3], months.iloc[4]
    assert bt["outline_usd"].iloc[0] == pytest.approx(april * math.exp(0.02))
    assert bt["outline_usd"].iloc[1] == pytest.approx(april * math.exp(0.04))
    assert bt["naive_usd"].iloc[0] == pytest.approx(april / 30 * 31)
    assert bt["actual_usd"].iloc[2] == pytest.approx(months.iloc[5])
    assert bt["naive_usd"].iloc[2] == pytest.approx(may / 31 * 30)


def test_backtest_needs_enough_complete_months():
    with pytest.raises(ValueError, match="daily must be at least 7 complete months"):
        sl.backtest_cost_forecast(costs(n=150), train_months=6)


# --------------------------------------------------------------------------- errors

@pytest.mark.parametrize("frame, error, text", [
    (None, TypeError, "daily must be a DataFrame with a 'usd' column"),
    (pd.DataFrame({"date": pd.date_range("2026-01-01", periods=30, tz="UTC")}), ValueError, "usd"),
    (costs(n=10), ValueError, "daily must be at least 28 days long"),
    (costs(n=40).drop(index=5), ValueError, "without gaps"),
    (costs(n=40).iloc[::-1], ValueError, "sorted"),
    (costs(n=40).assign(usd=0.0), ValueError, r"daily\['usd'\] must be a positive cost on every day"),
])
def test_bad_daily_frames_are_refused(frame, error, text):
    with pytest.raises(error, match=text):
        sl.fit_cost_growth(frame)


def test_forecast_options_are_checked():
    fit = sl.fit_cost_growth(costs(n=59), events=None)
    with pytest.raises(TypeError, match="fit must be a CostGrowthFit"):
        sl.forecast_cost("fit")
    with pytest.raises(ValueError, match="horizon_months must be a whole number >= 1 and <= 60"):
        sl.forecast_cost(fit, horizon_months=0)
    with pytest.raises(ValueError, match="interval must be a fraction in"):
        sl.forecast_cost(fit, interval=80)
    with pytest.raises(TypeError, match="step_changes must be None or a dict"):
        sl.forecast_cost(fit, step_changes=[1.5])
