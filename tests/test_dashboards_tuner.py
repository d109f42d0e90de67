"""Headless tests of the SLO tuner (sl.slo_tuner_dashboard) and its plot functions.

The dashboard is built without a kernel, driven by setting its controls'
``.value``, and its ``.state`` is compared with numbers computed here by hand
from the raw counts (pandas sums and the SRE Workbook's definitions: budget =
(1 - target) x valid events, burn rate = error ratio / (1 - target), a budget
lasts window / burn rate), never through ``sl.budget_over_time``.
"""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import ipywidgets  # noqa: E402
import traitlets  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import sre_lab as sl  # noqa: E402
from sre_lab import dashboards, plotting  # noqa: E402
from sre_lab.dashboards import slos as dashboard_slos  # noqa: E402


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    assert plt.get_fignums() == []


@pytest.fixture(scope="module")
def course():
    """The course data, one frame per service (loaded once)."""
    return {name: sl.load_requests(service=name) for name in sl.SERVICE_NAMES}


@pytest.fixture
def tuner(course):
    return sl.slo_tuner_dashboard(course, service="checkout")


def _ax():
    return Figure(figsize=(8, 3)).add_subplot()


# -- numbers against hand calculations ----------------------------------------------------
def test_default_is_checkout_availability_999_over_the_28_days(tuner, course):
    t = course["checkout"]
    requests, errors = float(t["requests"].sum()), float(t["errors"].sum())
    s = tuner.state
    assert (s.service, s.sli, s.threshold_ms, s.slo_target, s.window, s.window_days) == (
        "checkout", "availability", None, 0.999, "rolling", 28.0)
    assert s.valid_events == requests and s.bad_events == errors
    assert s.allowed_bad_events == pytest.approx(0.001 * requests)
    assert s.consumed == pytest.approx(errors / (0.001 * requests))
    assert s.remaining == pytest.approx(1 - errors / (0.001 * requests))
    assert s.sli_value == pytest.approx(1 - errors / requests)
    assert s.window_burn_rate == pytest.approx(errors / requests / 0.001)
    # 28 days x 1,440 min x 0.1 % = 40.32 min of full outage
    assert s.allowed_downtime == dt.timedelta(minutes=40.32)
    assert s.window_start == pd.Timestamp("2026-10-05", tz="UTC")
    assert s.window_end == s.as_of == pd.Timestamp("2026-11-02", tz="UTC")
    assert s.budget.index.equals(t.index)


def test_current_burn_and_time_to_exhaustion(tuner, course):
    last_day = course["checkout"].iloc[-1440:]
    burn = last_day["errors"].sum() / last_day["requests"].sum() / 0.001
    s = tuner.state
    assert s.current_hours == 24
    assert s.current_burn_rate == pytest.approx(burn)
    # a full 28-day budget lasts 28 days / burn rate; the remaining part proportionally less
    assert s.time_to_exhaustion.total_seconds() == pytest.approx(28 * 86400 / burn, rel=1e-6)
    assert s.remaining_time.total_seconds() == pytest.approx(
        s.remaining * 28 * 86400 / burn, rel=1e-6)


def test_moving_the_target_to_9999_drains_the_budget_in_days(tuner, course):
    t = course["checkout"]
    requests, errors = t["requests"].sum(), t["errors"].sum()
    tuner.controls["slo_target"].value = 0.9999
    s = tuner.state
    assert s.allowed_bad_events == pytest.approx(0.0001 * requests)
    assert s.consumed == pytest.approx(errors / (0.0001 * requests))
    assert s.remaining < 0 and s.remaining_time == dt.timedelta(0)
    last_day = t.iloc[-1440:]
    burn = last_day["errors"].sum() / last_day["requests"].sum() / 0.0001
    assert s.time_to_exhaustion.total_seconds() == pytest.approx(28 * 86400 / burn, rel=1e-6)
    assert s.time_to_exhaustion < dt.timedelta(days=28)
    assert s.allowed_downtime == dt.timedelta(minutes=4.032)
    assert "⛔ budget exhausted" in tuner.summary.value


def test_latency_sli_counts_successful_requests_only(tuner, course):
    t = course["checkout"]
    tuner.controls["sli"].value = "latency"
    tuner.controls["threshold_ms"].value = 500
    tuner.controls["slo_target"].value = 0.99
    s = tuner.state
    valid = float((t["requests"] - t["errors"]).sum())
    bad = valid - float(t["latency_le_500ms"].sum())
    assert (s.sli, s.threshold_ms) == ("latency", 500)
    assert s.valid_events == valid and s.bad_events == bad
    assert s.allowed_bad_events == pytest.approx(0.01 * valid)
    assert s.consumed == pytest.approx(bad / (0.01 * valid))
    assert s.sli_value == pytest.approx(1 - bad / valid)
    assert "successful requests ≤ 500 ms / successful requests" in tuner.summary.value
    assert "of every request slow" in tuner.summary.value   # the budget read as time


def test_composite_sli_is_fast_and_successful_over_all(tuner, course):
    t = course["checkout"]
    tuner.controls["sli"].value = "composite"
    tuner.controls["threshold_ms"].value = 1000
    tuner.controls["slo_target"].value = 0.995
    s = tuner.state
    valid = float(t["requests"].sum())
    bad = valid - float(t["latency_le_1000ms"].sum())
    assert (s.valid_events, s.bad_events) == (valid, bad)
    assert s.consumed == pytest.approx(bad / (0.005 * valid))


def test_threshold_is_disabled_for_availability(tuner):
    threshold = tuner.controls["threshold_ms"]
    assert threshold.disabled
    tuner.controls["sli"].value = "latency"
    assert not threshold.disabled
    tuner.controls["sli"].value = "availability"
    assert threshold.disabled
    # the threshold does not change an availability SLO
    before = tuner.state
    threshold.value = 200
    assert tuner.state is before


def test_seven_day_window_uses_the_last_seven_days(tuner, course):
    week = course["checkout"].loc["2026-10-26":]
    assert len(week) == 7 * 1440
    tuner.controls["window"].value = "7d"
    s = tuner.state
    assert (s.window, s.window_days) == ("rolling", 7.0)
    assert s.valid_events == week["requests"].sum() and s.bad_events == week["errors"].sum()
    assert s.allowed_bad_events == pytest.approx(0.001 * week["requests"].sum())
    assert s.window_start == pd.Timestamp("2026-10-26", tz="UTC")
    assert s.allowed_downtime == dt.timedelta(minutes=10.08)


def test_thirty_day_window_projects_the_traffic_it_has_not_seen(tuner, course):
    t = course["checkout"]
    tuner.controls["window"].value = "30d"
    s = tuner.state
    projected = t["requests"].sum() * 30 / 28
    assert s.allowed_bad_events == pytest.approx(0.001 * projected)
    assert s.consumed == pytest.approx(t["errors"].sum() / (0.001 * projected))
    assert s.window_end == pd.Timestamp("2026-11-04", tz="UTC")
    assert "projected" in tuner.summary.value
    assert s.allowed_downtime == dt.timedelta(minutes=43.2)  # SRE Workbook: 99.9 %, 30 d


def test_calendar_month_restarts_on_the_first(tuner, course):
    november = course["checkout"].loc["2026-11-01":]
    tuner.controls["window"].value = "calendar"
    s = tuner.state
    assert (s.window, s.window_days) == ("calendar", 30.0)
    assert s.window_start == pd.Timestamp("2026-11-01", tz="UTC")
    assert s.window_end == pd.Timestamp("2026-12-01", tz="UTC")
    assert s.valid_events == november["requests"].sum()
    # one day seen of thirty: the month's budget is projected from that day's traffic
    assert s.allowed_bad_events == pytest.approx(0.001 * november["requests"].sum() * 30)
    assert s.consumed == pytest.approx(november["errors"].sum()
                                       / (0.001 * november["requests"].sum() * 30))
    # on 31 October the October budget was far from fresh; on 1 November it resets
    october_end = s.budget.loc["2026-10-31 23:59", "remaining"]
    assert october_end < 0.5 < s.budget.loc["2026-11-01 00:00", "remaining"]
    assert "calendar month November 2026" in tuner.summary.value


def test_other_service(tuner, course):
    t = course["payment"]
    tuner.controls["service"].value = "payment"
    s = tuner.state
    assert s.service == "payment"
    assert s.consumed == pytest.approx(t["errors"].sum() / (0.001 * t["requests"].sum()))
    assert "<b>payment</b>" in tuner.summary.value


def test_summary_states_the_numbers_and_follows_the_slider(tuner, course):
    t = course["checkout"]
    text = tuner.summary.value
    assert f"budget <b>{0.001 * t['requests'].sum():,.0f}</b> bad events" in text
    assert f"spent <b>{t['errors'].sum():,.0f}</b>" in text
    assert "99.9 %" in text and "40 min 19 s" in text
    tuner.controls["slo_target"].value = 0.9995
    assert tuner.summary.value != text
    assert f"budget <b>{0.0005 * t['requests'].sum():,.0f}</b> bad events" in tuner.summary.value


def test_controls_are_bounded(tuner):
    slider = tuner.controls["slo_target"]
    assert isinstance(slider, ipywidgets.SelectionSlider)
    assert [v for _, v in slider.options] == list(dashboards.TUNER_SLO_TARGETS)
    assert slider.label == "99.9 %"
    before = tuner.state
    with pytest.raises(traitlets.TraitError):
        slider.value = 0.97
    with pytest.raises(traitlets.TraitError):
        tuner.controls["window"].value = "14d"
    with pytest.raises(traitlets.TraitError):
        tuner.controls["threshold_ms"].value = 250
    assert tuner.state is before and tuner.error is None


def test_revisiting_a_setting_reuses_its_result(tuner):
    first = tuner.state
    tuner.controls["slo_target"].value = 0.99
    tuner.controls["slo_target"].value = 0.999
    assert tuner.state is first


def test_css_classes_and_png(tuner):
    assert "sre-slo-tuner-dashboard" in tuner.widget._dom_classes
    assert "sre-control-slo-target" in tuner.controls["slo_target"]._dom_classes
    assert "sre-control-threshold-ms" in tuner.controls["threshold_ms"]._dom_classes
    assert tuner.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    before = tuner.image.value
    tuner.controls["slo_target"].value = 0.9999
    assert tuner.image.value != before


# -- small synthetic worlds ------------------------------------------------------------------
def _flat(days=28, requests=100, errors=0, fast=None):
    idx = pd.date_range("2026-10-05", periods=days * 1440, freq="min", tz="UTC")
    frame = pd.DataFrame({"requests": requests, "errors": errors}, index=idx)
    frame["latency_le_500ms"] = requests - errors if fast is None else fast
    return frame


def test_hand_example_half_the_budget():
    t = _flat()
    t.iloc[:2016, 1] = 1   # 2,016 failures; 99.9 % of 4,032,000 requests allows 4,032
    t.iloc[:2016, 2] = 99
    d = sl.slo_tuner_dashboard({"shop": t}, service="shop")
    assert d.state.allowed_bad_events == pytest.approx(4032)
    assert d.state.consumed == pytest.approx(0.5)
    assert d.state.window_burn_rate == pytest.approx(0.5)
    # the last day was clean: nothing burns, the budget never runs out
    assert d.state.current_burn_rate == 0
    assert d.state.time_to_exhaustion is sl.NEVER
    assert "never (no bad events)" in d.summary.value


def test_long_frame_is_accepted():
    a, b = _flat(days=2), _flat(days=2, errors=1)
    long = pd.concat([a.assign(service="a"), b.assign(service="b")]).rename_axis(
        "timestamp").reset_index()
    d = sl.slo_tuner_dashboard(long, service="b", window="7d", slo_target=0.99)
    # 1 % errors at a 99 % target: burn rate exactly 1; two days of a 7-day window spent
    assert d.state.window_burn_rate == pytest.approx(1.0)
    assert d.state.consumed == pytest.approx(2 / 7)
    assert d.state.allowed_bad_events == pytest.approx(0.01 * 100 * 2 * 1440 * 7 / 2)


def test_traffic_without_latency_buckets_is_offered_availability_only():
    """Issue 14 item 5: latency/composite on bucket-less traffic ended in int(None)."""
    plain = _flat(days=2).drop(columns="latency_le_500ms")   # no latency buckets
    d = sl.slo_tuner_dashboard({"legacy": plain}, service="legacy")
    assert [v for _, v in d.controls["sli"].options] == ["availability"]
    assert d.controls["threshold_ms"].disabled and d.controls["threshold_ms"].value is None
    with pytest.raises(traitlets.TraitError):        # the widget refuses what it does not offer
        d.controls["sli"].value = "latency"
    assert d.error is None and d.state.sli == "availability"
    with pytest.raises(ValueError, match=r"^sli must be 'availability' for traffic of 'legacy', "
                                         r"which has no latency_le_<T>ms columns; got 'latency'\.$"):
        sl.slo_tuner_dashboard({"legacy": plain}, service="legacy", sli="latency")


def test_switching_to_a_service_without_buckets_falls_back_to_availability():
    plain = _flat(days=2).drop(columns="latency_le_500ms")
    d = sl.slo_tuner_dashboard({"shop": _flat(days=2), "legacy": plain}, service="shop")
    d.controls["sli"].value = "latency"
    assert d.state.sli == "latency" and not d.controls["threshold_ms"].disabled
    d.controls["service"].value = "legacy"
    assert d.error is None
    assert d.state.service == "legacy" and d.state.sli == "availability"
    assert [v for _, v in d.controls["sli"].options] == ["availability"]
    assert d.controls["threshold_ms"].disabled
    d.controls["service"].value = "shop"             # the choices come back with the buckets
    assert [v for _, v in d.controls["sli"].options] == ["availability", "latency", "composite"]
    assert d.controls["threshold_ms"].value == 500
    d.controls["sli"].value = "composite"
    assert d.error is None and d.state.sli == "composite" and d.state.threshold_ms == 500


def test_all_zero_traffic_says_there_is_nothing_to_measure():
    """Issue 14 item 11: it said "fraction must be a finite number; got nan"."""
    silent = _flat(days=2)
    silent[:] = 0
    with pytest.raises(ValueError, match=r"^traffic of 'quiet' must have at least one request in "
                                         r"the window; got none from Mon 5 Oct to Wed 7 Oct, so "
                                         r"the SLI and its budget are undefined\. Choose another "
                                         r"service or window\.$"):
        sl.slo_tuner_dashboard({"quiet": silent}, service="quiet")
    # picked in the dashboard: shown, and the last good result stays
    d = sl.slo_tuner_dashboard({"shop": _flat(days=2), "quiet": silent}, service="shop")
    good = d.state
    d.controls["service"].value = "quiet"
    assert isinstance(d.error, ValueError) and d.state is good
    assert "the SLI and its budget are undefined" in d.error_line.value
    d.controls["service"].value = "shop"
    assert d.error is None


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(sli="speed"), ValueError, "sli must be one of 'availability', 'latency', "
                                    "'composite'; got 'speed'"),
    (dict(window="14d"), ValueError, "window must be one of '7d', '28d', '30d', "
                                     "'calendar'; got '14d'"),
    (dict(threshold_ms=250), ValueError, "threshold_ms must be one of the bucket bounds "
                                         "500; got 250."),
    (dict(slo_target=0.97), ValueError, "slo_target must be one of the slider's targets 0.9, "
                                        "0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999; got 0.97."),
    (dict(slo_target=99.9), ValueError, "Write 99.9% as 0.999."),
    (dict(current_hours=0), ValueError, "current_hours must be a number > 0 and <= 672; "
                                        "got 0."),
    (dict(service="billing"), ValueError, "service must be one of 'shop'; got 'billing'"),
])
def test_bad_arguments_raise_with_clear_messages(kwargs, error, text):
    with pytest.raises(error) as info:
        sl.slo_tuner_dashboard({"shop": _flat(days=1)}, **{"service": "shop", **kwargs})
    assert text in str(info.value)


def test_bad_traffic_is_a_type_error():
    with pytest.raises(TypeError, match="traffic must be None"):
        sl.slo_tuner_dashboard([1, 2, 3])


# -- the plot functions ------------------------------------------------------------------------
def test_tuner_marks_own_incidents_and_planted_ones_of_callees():
    incidents = sl.load_incidents()
    marks = dashboard_slos._tuner_marks(incidents, "checkout")
    assert {"INC-002", "INC-006", "INC-010", "INC-014", "INC-004 (payment)",
            "INC-007 (search)", "INC-012 (payment)"} == set(marks)
    assert set(dashboard_slos._tuner_marks(incidents, "payment")) == {"INC-004", "INC-012"}


def test_plot_budget_over_time_labels_and_reference():
    idx = pd.date_range("2026-10-30", periods=4 * 1440, freq="min", tz="UTC")
    remaining = pd.Series(np.linspace(1, -3, len(idx)), index=idx)
    ax = sl.plot_budget_over_time(remaining, window="calendar", ax=_ax(),
                                  marks={"INC-1": idx[100]})
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["budget remaining", "even spend (burn rate 1)", "budget exhausted",
                      "overspent", "new month: budget resets"]
    texts = [t.get_text() for t in ax.texts]
    assert " INC-1" in texts
    assert "line cut at -100 %; lowest -300 %" in texts
    assert ax.get_ylabel() == "error budget remaining"
    even = ax.get_lines()[1].get_ydata()
    # calendar: 1 Nov 00:00 starts a fresh month, the reference is back near 100 %
    assert even.max() == pytest.approx(1.0, abs=0.01) and even.min() < 0.95


def test_plot_budget_over_time_rolling_reference_stops_at_zero():
    idx = pd.date_range("2026-10-05", periods=3 * 1440, freq="min", tz="UTC")
    ax = sl.plot_budget_over_time(pd.Series(0.5, index=idx), window_days=1, ax=_ax())
    even = np.asarray(ax.get_lines()[1].get_ydata(), dtype=float)
    assert even[0] == pytest.approx(1 - 1 / 1440)
    assert np.nanmin(even) == pytest.approx(0.0, abs=3 / 1440)  # thinned to 2,000 points
    assert np.isnan(even[-1])   # after one full window it would sit on the 0 line


@pytest.mark.parametrize("bad, error, text", [
    ([1, 2], TypeError, "remaining must be a pandas Series of fractions; got 'list'."),
    (pd.Series([1.0, 0.5]), ValueError, "remaining must be a non-empty Series on a "
                                        "DatetimeIndex"),
    (pd.DataFrame({"x": [1]}), ValueError, "a frame with a 'remaining' column"),
])
def test_plot_budget_over_time_rejects_bad_input(bad, error, text):
    with pytest.raises(error) as info:
        sl.plot_budget_over_time(bad, ax=_ax())
    assert text in str(info.value)


def test_plot_indicators_and_board():
    idx = pd.date_range("2026-10-20 10:00", periods=3, freq="h", tz="UTC")
    ax = sl.plot_indicators({"availability": pd.Series([0.9995, 0.9, 0.999], index=idx)},
                            percent=True, levels={"SLO 99.9 %": 0.999},
                            shade=(idx[1], idx[2]), ax=_ax(), title="t", ylabel="SLI")
    assert ax.get_legend_handles_labels()[1] == ["availability", "SLO 99.9 %", "incident"]
    assert (ax.get_title(), ax.get_ylabel(), ax.get_xlabel()) == ("t", "SLI", "time (UTC)")
    board = pd.DataFrame({"week 1": [True, False]}, index=["errors", "latency"])
    values = pd.DataFrame({"week 1": [0.9995, 0.98]}, index=board.index)
    ax = sl.plot_slo_board(board, values=values, ax=_ax())
    assert [t.get_text() for t in ax.texts] == ["✓ met\n99.95 %", "✗ missed\n98.00 %"]
    assert ax.get_title() == "SLO board: 1 of 2 cells missed"
    with pytest.raises(TypeError, match="series must be a pandas Series"):
        sl.plot_indicators([1, 2])
    with pytest.raises(TypeError, match="met must be a non-empty DataFrame"):
        sl.plot_slo_board(pd.DataFrame())


def test_format_helpers_used_by_the_summary():
    assert dashboard_slos._lasts(sl.NEVER) == "never (no bad events)"
    assert dashboard_slos._lasts(dt.timedelta.max) == "never (no bad events)"
    assert dashboard_slos._lasts(dt.timedelta(days=5000)) == "more than 3 years"
    assert dashboard_slos._lasts(dt.timedelta(days=3, hours=2, minutes=13)) == "3 d 2 h"
    assert sl.format_duration(dt.timedelta(minutes=40.32)) == "40 min 19 s"


def test_the_cache_of_settings_is_bounded(tuner, monkeypatch):
    """Each kept setting holds a 28-day frame; exploring every setting must not fill memory."""
    assert dashboard_slos._TUNER_CACHE_SIZE == 24
    monkeypatch.setattr(dashboard_slos, "_TUNER_CACHE_SIZE", 2)
    first = tuner.state
    for target in (0.99, 0.995, 0.9995):            # three new settings push the first out
        tuner.controls["slo_target"].value = target
    tuner.controls["slo_target"].value = 0.999
    again = tuner.state
    assert again is not first                       # evicted, computed afresh
    assert again.consumed == first.consumed         # ... to the same numbers
    tuner.controls["slo_target"].value = 0.9995
    tuner.controls["slo_target"].value = 0.999
    assert tuner.state is again                     # the most recent ones are kept
