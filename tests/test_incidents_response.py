"""Response timelines: hand-worked detection, acknowledgement and stage budgets."""

import pandas as pd
import pytest

import sre_lab as sl

FAST = sl.AlertRule("fast", 14.4, 60, 5, "page")   # ratio > 1.44 % on 60 min and 5 min


def _day(errors_per_minute, first, last):
    """One day, 1,000 requests a minute, ``errors_per_minute`` in minutes [first, last)."""
    idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    errors = [errors_per_minute if first <= i < last else 0 for i in range(1440)]
    return pd.DataFrame({"requests": 1000, "errors": errors}, index=idx), idx


def _incident(idx, start, end, resolved):
    return pd.Series({"id": "INC-T", "service": "test", "started": idx[start],
                      "mitigated": idx[end], "resolved": idx[resolved]})


def test_hand_worked_detection_acknowledgement_and_budget():
    # 2 % errors from minute 600: the 60-min window holds 20 (k + 1) errors over
    # 60,000 requests at minute 600 + k; > 1.44 % first when k + 1 = 44, k = 43.
    traffic, idx = _day(20, 600, 660)
    r = sl.response_timeline(traffic, _incident(idx, 600, 660, 700), slo_target=0.999,
                             window_days=30, rules=[FAST], ack_delay_minutes=7)
    assert r.time_to_detect == pd.Timedelta(minutes=43)
    assert r.time_to_acknowledge == pd.Timedelta(minutes=7)
    assert r.time_to_mitigate == pd.Timedelta(minutes=60)
    assert r.time_to_resolve == pd.Timedelta(minutes=100)
    assert r.detected_by == "fast"
    assert r.stages["minutes"].tolist() == [43, 7, 10]
    assert r.stages["bad_events"].tolist() == [860, 140, 200]
    budget = 0.001 * 1000 * 1440 * 30          # 43,200 failed requests in 30 days
    assert r.stages["budget_share"].tolist() == pytest.approx([860 / budget, 140 / budget,
                                                               200 / budget])
    assert r.budget_share == pytest.approx(1200 / budget)
    assert r.events["minutes"].tolist() == [0, 43, 50, 60, 100]


def test_no_page_leaves_detection_and_acknowledgement_never():
    traffic, idx = _day(5, 600, 660)            # 0.5 % never crosses 1.44 %
    r = sl.response_timeline(traffic, _incident(idx, 600, 660, 660), slo_target=0.999,
                             window_days=30, rules=[FAST], ack_delay_minutes=7)
    assert pd.isna(r.time_to_detect) and pd.isna(r.time_to_acknowledge)
    assert r.detected_by is None
    assert r.stages["bad_events"].tolist() == [300, 0, 0]
    assert pd.isna(r.events.set_index("event").loc["acknowledged", "at"])


def test_late_acknowledgement_is_clipped_to_mitigation():
    traffic, idx = _day(20, 600, 660)
    r = sl.response_timeline(traffic, _incident(idx, 600, 660, 700), slo_target=0.999,
                             window_days=30, rules=[FAST], ack_delay_minutes=30)
    assert r.stages["minutes"].tolist() == [43, 17, 0]
    assert r.stages["bad_events"].tolist() == [860, 340, 0]
    assert r.time_to_acknowledge == pd.Timedelta(minutes=30)


def test_seeded_delay_is_reproducible_whole_minutes():
    traffic, idx = _day(20, 600, 660)
    inc = _incident(idx, 600, 660, 700)
    a = sl.response_timeline(traffic, inc, slo_target=0.999, rules=[FAST], rng=3)
    b = sl.response_timeline(traffic, inc, slo_target=0.999, rules=[FAST], rng=3)
    assert a.time_to_acknowledge == b.time_to_acknowledge
    assert a.time_to_acknowledge % pd.Timedelta(minutes=1) == pd.Timedelta(0)


def test_alexs_incident_on_the_course_data_by_plain_pandas():
    incidents = sl.load_incidents().set_index("id")
    inc = incidents.loc["INC-002"]
    checkout = sl.load_requests(service="checkout")
    r = sl.response_timeline(checkout, inc, slo_target=0.999, window_days=28,
                             ack_delay_minutes=4)
    # the stage costs are the errors in the traffic, minute by minute
    detected = inc["started"] + r.time_to_detect
    before = checkout.loc[(checkout.index >= inc["started"]) & (checkout.index < detected),
                          "errors"].sum()
    assert r.stages["bad_events"].iloc[0] == before
    whole = checkout.loc[(checkout.index >= inc["started"]) & (checkout.index < inc["mitigated"]),
                         "errors"].sum()
    assert r.stages["bad_events"].sum() == whole
    budget = 0.001 * checkout["requests"].sum()     # 28 days of traffic, 28-day window
    assert r.budget_share == pytest.approx(whole / budget)
    # detected: the first minute in the incident where the 14.4x page condition holds
    ratio = lambda w: (checkout["errors"].rolling(w, min_periods=1).sum()  # noqa: E731
                       / checkout["requests"].rolling(w, min_periods=1).sum())
    rule = sl.workbook_policy(0.999, window_days=28)[0]
    fires = (ratio(60) > rule.burn_rate * 0.001) & (ratio(5) > rule.burn_rate * 0.001)
    inside = fires[(fires.index >= inc["started"]) & (fires.index <= inc["resolved"])]
    assert detected == inside.index[inside.to_numpy()][0]


def test_response_times_table():
    traffic, idx = _day(20, 600, 660)
    r = sl.response_timeline(traffic, _incident(idx, 600, 660, 700), slo_target=0.999,
                             window_days=30, rules=[FAST], ack_delay_minutes=7)
    table = sl.response_times([r])
    assert table.loc["INC-T", "time_to_detect"] == pd.Timedelta(minutes=43)
    assert table.loc["INC-T", "budget_until_detected"] == pytest.approx(860 / 43_200)
    assert list(table.columns[-4:]) == ["budget_until_detected", "budget_until_acknowledged",
                                        "budget_until_mitigated", "budget_share"]
    with pytest.raises(TypeError, match="timelines"):
        sl.response_times("INC-T")


def test_bad_input_is_named():
    traffic, idx = _day(20, 600, 660)
    inc = _incident(idx, 600, 660, 700)
    two = pd.DataFrame([inc, inc])
    with pytest.raises(ValueError, match="incident"):
        sl.response_timeline(traffic, two, slo_target=0.999)
    with pytest.raises(ValueError, match="traffic"):
        sl.response_timeline(traffic.iloc[:620], inc, slo_target=0.999)
    with pytest.raises(ValueError, match="ack_delay_minutes"):
        sl.response_timeline(traffic, inc, slo_target=0.999, ack_delay_minutes=-1)
    with pytest.raises(ValueError, match="incident"):
        sl.response_timeline(traffic, _incident(idx, 600, 590, 700), slo_target=0.999)
    with pytest.raises(TypeError, match="incident"):
        sl.response_timeline(traffic, "INC-002", slo_target=0.999)
    with pytest.raises(ValueError, match="slo_target"):
        sl.response_timeline(traffic, inc, slo_target=99.9)


def test_plot_response_timeline_labels_and_moments():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    traffic, idx = _day(20, 600, 660)
    r = sl.response_timeline(traffic, _incident(idx, 600, 660, 700), slo_target=0.999,
                             window_days=30, rules=[FAST], ack_delay_minutes=7)
    ax = sl.plotting.plot_response_timeline(r)
    assert "INC-T" in ax.get_title() and "minutes" in ax.get_xlabel() and "%" in ax.get_ylabel()
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["error budget spent", "detected (min 43)", "acknowledged (min 50)",
                      "mitigated (min 60)"]
    assert ax.lines[0].get_ydata()[-1] == pytest.approx(100 * 1200 / 43_200)
    plt.close(ax.figure)


def test_response_times_of_an_incident_that_never_paged():
    traffic, idx = _day(5, 600, 660)
    r = sl.response_timeline(traffic, _incident(idx, 600, 660, 660), slo_target=0.999,
                             window_days=30, rules=[FAST], ack_delay_minutes=7)
    table = sl.response_times([r])
    assert pd.isna(table.loc["INC-T", "time_to_detect"])
    assert str(table["time_to_detect"].dtype).startswith("timedelta64")
    assert table.loc["INC-T", "time_to_mitigate"] == pd.Timedelta(minutes=60)
    assert len(sl.response_times([])) == 0
