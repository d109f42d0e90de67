"""Headless tests of sl.forecast_dashboard and the plots of 02_slos/3b_release_gates_and_forecasts.

The dashboard is built without a kernel; tests set a control's ``.value`` and
assert on ``.state``. Expected values come from hand calculations on synthetic
histories (constant days whose running sum of failures crosses the budget on a
day we can count) or from a different route through the course data (the
minute-level traffic instead of the daily history), never from the
dashboard's own output.
"""

import struct

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import sre_lab as sl  # noqa: E402
from sre_lab import dashboards, plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _no_figures_left():
    yield
    plt.close("all")


def days(n=40, *, requests=1_000_000, errors=1_500, start="2026-01-05"):
    """``n`` identical days of counts (``errors`` may be a list)."""
    return pd.DataFrame({"date": pd.date_range(start, periods=n, tz="UTC"),
                         "requests": requests, "errors": errors})


def _png_size(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# -- the forecast on hand-computable histories ---------------------------------------------
def test_constant_burn_runs_out_on_the_hand_counted_day():
    # 99.9 % of 28 days x 1,000,000 requests allows 28,000 failures; 1,500 a day first
    # exceeds it on day 19 (28,500). 40 days end on Fri 13 Feb; 10 days left means the
    # window started 17 days before that, on Tue 27 Jan, so day 19 is Sat 14 Feb.
    d = dashboards.forecast_dashboard(days(), service="shop", horizon_days=10)
    f = d.state
    assert f.probability_exhausted == 1.0
    assert f.exhaustion_day(0.5) == 19.0
    assert f.exhaustion_date(0.5) == pd.Timestamp("2026-02-14", tz="UTC")
    assert f.window_start == pd.Timestamp("2026-01-27", tz="UTC")
    assert f.observed_bad_events == 18 * 1_500
    assert d.error is None


def test_looser_target_keeps_the_hand_computed_share_of_the_budget():
    # 99.5 %: budget 0.005 x 28,000,000 = 140,000; the window spends 28 x 1,500 = 42,000,
    # so 70 % is left at the end in every simulated window.
    d = dashboards.forecast_dashboard(days(), service="shop", horizon_days=10)
    d.controls["slo_target"].value = 0.995
    assert d.state.probability_exhausted == 0.0
    end = d.state.remaining_bands.iloc[-1]
    assert end[["p10", "p50", "p90"]].tolist() == pytest.approx([0.7, 0.7, 0.7])
    assert "<span class='sre-probability'>0 %</span>" in d.summary.value


def test_days_left_slider_moves_the_window_and_the_summary():
    d = dashboards.forecast_dashboard(days(), service="shop", horizon_days=10)
    before = d.summary.value
    d.controls["horizon_days"].value = 27          # only the last day is observed
    assert d.state.elapsed_days == 1
    assert d.state.window_start == pd.Timestamp("2026-02-13", tz="UTC")
    assert d.state.observed_bad_events == 1_500
    assert d.state.exhaustion_day(0.5) == 19.0     # constant days: same day, new dates
    assert d.summary.value != before
    assert "27 ahead" in d.summary.value


def test_lookback_decides_which_past_is_replayed():
    # 372 bad days (3,000 failures each) then 28 clean days. Replaying the last 4 weeks,
    # the future is clean and so are the 14 observed days: nothing is spent. Replaying the
    # year, the budget (28,000) is exceeded as soon as 10 of the 14 future days are bad
    # days (30,000), and 336 of the 364 replayable days are.
    history = days(400, errors=[3_000] * 372 + [0] * 28, start="2025-09-01")
    d = dashboards.forecast_dashboard(history, service="shop", lookback_days=28,
                                      horizon_days=14)
    assert d.state.probability_exhausted == 0.0
    assert d.state.remaining_bands["p50"].iloc[-1] == pytest.approx(1.0)
    d.controls["lookback_days"].value = 364
    assert d.state.probability_exhausted > 0.9
    assert "last 52 weeks" in d.summary.value


def test_same_settings_give_the_same_numbers():
    history = days(120, errors=np.r_[np.full(100, 10), np.full(20, 2_000)], start="2026-01-05")
    d = dashboards.forecast_dashboard(history, service="shop", lookback_days=91)
    first = d.state.probability_exhausted
    d.controls["horizon_days"].value = 3
    d.controls["horizon_days"].value = 14
    assert d.state.probability_exhausted == first
    assert d.state.n_paths == 2_000


def test_service_dropdown_switches_history():
    d = dashboards.forecast_dashboard({"calm": days(errors=0), "burning": days()},
                                      service="calm")
    assert d.state.probability_exhausted == 0.0
    d.controls["service"].value = "burning"
    assert d.state.probability_exhausted == 1.0
    assert "<b>burning</b>" in d.summary.value


# -- the course data, through a different route --------------------------------------------
def test_course_data_default_agrees_with_the_minute_traffic():
    d = sl.forecast_dashboard()
    f = d.state
    # default: checkout, 99.9 %, the 28 days ending 14 days after the data (15 Nov)
    assert d.values() == {"service": "checkout", "slo_target": 0.999, "horizon_days": 14,
                          "lookback_days": 364}
    minutes = sl.load_requests(service="checkout").loc["2026-10-19":]
    assert f.window_start == pd.Timestamp("2026-10-19", tz="UTC")
    assert f.observed_bad_events == minutes["errors"].sum()
    assert f.observed_valid_events == minutes["requests"].sum()
    # observed part: remaining after 14 days = 1 - failures / (0.001 x window's requests),
    # which is near 1 - 11,097 / 23,000-ish for checkout's traffic
    assert 0.4 < f.remaining_bands.loc[14, "p50"] < 0.55
    assert f.remaining_bands["observed"].sum() == 14
    pct = sl.format_percent(f.probability_exhausted, digits=0)
    assert f"<span class='sre-probability'>{pct}</span>" in d.summary.value
    assert "Mon 19 Oct → Sun 15 Nov" in d.summary.value


def test_notifications_incident_makes_the_miss_certain():
    # INC-009 (datasheet): notifications failed every request for 40 min on 28 Oct, inside
    # the window. Bound every simulated window by hand: each replayed day has at least the
    # year's fewest daily failures and at most its most requests; even then the failures
    # exceed 0.1 % of the window's requests, so every path misses the SLO.
    d = sl.forecast_dashboard(service="notifications")
    minutes = sl.load_requests(service="notifications").loc["2026-10-19":]
    year = sl.load_daily_history("notifications")
    fewest_failures = minutes["errors"].sum() + 14 * year["errors"].min()
    most_allowed = 0.001 * (minutes["requests"].sum() + 14 * year["requests"].max())
    assert fewest_failures > most_allowed
    assert d.state.probability_exhausted == 1.0


# -- contract: controls, bounds, errors, display ---------------------------------------------
def test_controls_are_bounded_by_the_history():
    d = dashboards.forecast_dashboard(days(20), service="shop")
    horizon = d.controls["horizon_days"]
    assert (horizon.min, horizon.max) == (8, 27)     # at most 20 observed days of 28
    assert d.controls["lookback_days"].options == (("all 20 days", 20),)
    horizon.value = 8
    assert d.state.elapsed_days == 20
    horizon.value = 1                                  # clamped by the widget, never invalid
    assert horizon.value == 8 and d.error is None


def test_build_errors_name_the_parameter():
    with pytest.raises(ValueError, match="service must be one of 'shop'; got 'shoq'"):
        dashboards.forecast_dashboard({"shop": days()}, service="shoq")
    with pytest.raises(ValueError, match="horizon_days must be"):
        dashboards.forecast_dashboard(days(), service="shop", horizon_days=28)
    with pytest.raises(ValueError, match=r"lookback_days must be one of 28 \(days\); got 91."):
        dashboards.forecast_dashboard(days(), service="shop", lookback_days=91)
    with pytest.raises(TypeError, match="rng must be a whole number"):
        dashboards.forecast_dashboard(days(), service="shop", lookback_days=28, rng=True)
    with pytest.raises(TypeError, match="history must be None"):
        dashboards.forecast_dashboard([1, 2, 3])
    with pytest.raises(ValueError, match="slo_target must be one of the slider's targets 0.95, "):
        dashboards.forecast_dashboard(days(), service="shop", lookback_days=28, slo_target=0.97)


def test_a_failing_update_is_shown_and_the_dashboard_recovers():
    d = dashboards.forecast_dashboard({"ok": days(), "silent": days(requests=0, errors=0)},
                                      service="ok")
    good = d.state
    d.controls["service"].value = "silent"             # no traffic to replay
    assert d.error is not None and d.state is good
    assert "some valid events" in d.error_line.value
    assert d.error_line.layout.display is None
    d.controls["service"].value = "ok"
    assert d.error is None and d.error_line.value == ""


def test_css_classes_figure_and_timings():
    d = dashboards.forecast_dashboard(days(), service="shop")
    assert {"sre-dashboard", "sre-forecast-dashboard"} <= set(d.widget._dom_classes)
    for name in ("service", "slo-target", "horizon-days", "lookback-days"):
        control = d.controls[name.replace("-", "_")]
        assert f"sre-control-{name}" in control._dom_classes
    assert "sre-summary" in d.summary._dom_classes
    assert _png_size(d.image.value) == (864, 345)     # 9 x 3.6 inches at 96 dpi
    assert set(d.timings) == {"compute_ms", "draw_ms"}
    assert plt.get_fignums() == []                     # drawn without pyplot
    assert sl.forecast_dashboard is dashboards.forecast_dashboard


# -- the plots -------------------------------------------------------------------------------
def test_plot_budget_forecast_states_the_probability():
    f = sl.forecast_budget_exhaustion(days(21, start="2026-10-05"), slo_target=0.999,
                                      window_days=28, elapsed_days=7, n_paths=50, rng=0)
    ax = plotting.plot_budget_forecast(f)
    labels = ax.get_legend_handles_labels()[1]
    assert "observed so far" in labels
    assert any("P(budget runs out\nby 15 Nov) = 100 %" == label for label in labels)
    assert ax.get_ylabel() == "error budget remaining"
    with pytest.raises(TypeError, match="forecast must be a BudgetForecast"):
        plotting.plot_budget_forecast(pd.DataFrame())


def test_plot_budget_forecast_without_observed_days_or_dates():
    f = sl.forecast_budget_exhaustion(pd.DataFrame({"requests": [1000] * 10, "errors": [0] * 10}),
                                      slo_target=0.99, window_days=7, elapsed_days=0,
                                      block_days=1, seasonal=False, n_paths=20, rng=0)
    ax = plotting.plot_budget_forecast(f)
    labels = ax.get_legend_handles_labels()[1]
    assert "observed so far" not in labels and "now (window starts)" in labels
    assert ax.get_xlabel() == "day of the window"


def test_plot_release_quarter_marks_blocked_releases():
    history = days(70, requests=100_000, errors=[50] * 56 + [300] * 7 + [50] * 7)
    quarter = sl.simulate_release_quarter(history, slo_target=0.999, n_weeks=2)
    ax = plotting.plot_release_quarter(quarter)
    labels = ax.get_legend_handles_labels()[1]
    assert f"release blocked ({quarter.releases_blocked})" in labels
    assert "releases frozen" in labels and "slow down" in labels
    with pytest.raises(TypeError, match="quarter must be a ReleaseQuarter"):
        plotting.plot_release_quarter(history)


def test_plot_slo_rollup_writes_status_and_risk_in_words():
    table = pd.DataFrame({"target": [0.9995, 0.999], "budget_consumed": [1.5, 0.3],
                          "status": ["freeze", "go"], "p_exhausted": [0.15, 0.0]},
                         index=["payment", "search"])
    ax = plotting.plot_slo_rollup(table, risk_label="risk")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["payment (SLO 99.95 %)\nbudget exhausted\n15 % risk",
                     "search (SLO 99.9 %)\nhealthy\n0 % risk"]
    # the measured window goes with the status, the forecast stays on its own line
    ax = plotting.plot_slo_rollup(table, risk_label="risk", window_label="5 Oct-1 Nov")
    assert [t.get_text() for t in ax.get_yticklabels()][0] == \
        "payment (SLO 99.95 %)\nbudget exhausted (5 Oct-1 Nov)\n15 % risk"
    assert {"150 %", "30 %"} <= {t.get_text() for t in ax.texts}
    with pytest.raises(ValueError, match="table must be a DataFrame with the columns"):
        plotting.plot_slo_rollup(table.drop(columns="status"))


def test_plot_traffic_forecast_and_latency_curves_and_backtest():
    history = days(28, requests=1000 * np.exp(0.01 * np.arange(28)), errors=0)
    forecast = sl.forecast_traffic(sl.fit_traffic_growth(history), horizon_days=14)
    ax = plotting.plot_traffic_forecast(history, forecast, events={"launch": "2026-01-10",
                                                                   "next": "2026-02-05"})
    assert [t.get_text() for t in ax.texts] == ["launch", "next"]   # history and forecast
    curves = pd.DataFrame({"2 workers": [0.99, 0.9]}, index=[0.2, 0.8])
    ax = plotting.plot_latency_vs_utilisation(curves, latency_target=0.99, threshold_ms=500,
                                              ylim=(0.8, 1.0))
    assert ax.get_ylim() == (0.8, 1.0)
    bt = sl.backtest_budget_forecasts(days(40, requests=1000, errors=[1, 2] * 20),
                                      slo_target=0.99, train_days=14, n_paths=50, rng=0)
    ax = plotting.plot_forecast_backtest(bt, slo_target=0.99)
    assert ax.get_ylabel() == "7-day error ratio"
