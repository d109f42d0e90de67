"""Tests for ``sl.alert_quality`` and ``AlertQuality``: how alerts are counted and matched.

Firing frames and incidents are built by hand, minute by minute; every expected
count and duration is worked out in the comment next to its assertion (an alert
firing on rows a..b is raised at the end of row a and ends at the end of row
b + 1; rows are minutes from START). Course-data tests recount with plain
pandas, never with the code's own output.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.alerting import AlertRule, alert_quality, evaluate_alerts, workbook_policy

START = pd.Timestamp("2026-10-05", tz="UTC")
MIN = pd.Timedelta(minutes=1)


def at(row):
    return START + row * MIN


def firing(length, *runs, name="rule"):
    """A boolean Series of ``length`` minutes, True on each ``(first, last)`` row range."""
    flags = pd.Series(False, index=pd.date_range(START, periods=length, freq="1min"), name=name)
    for first, last in runs:
        flags.iloc[first:last + 1] = True
    return flags


def incidents(*spans):
    """Incidents from ``(started_row, mitigated_row)`` pairs, ids INC-1, INC-2..."""
    return pd.DataFrame({"id": [f"INC-{i + 1}" for i in range(len(spans))],
                         "started": [at(s) for s, _ in spans],
                         "mitigated": [at(m) for _, m in spans]})


def frame(errors, requests=100):
    errors = np.asarray(errors, dtype=float)
    index = pd.date_range(START, periods=len(errors), freq="1min")
    return pd.DataFrame({"requests": float(requests), "errors": errors}, index=index)


# --------------------------------------------------------------------------
# moved from test_alerting.py (same hand calculations)
# --------------------------------------------------------------------------

def test_replayed_outage_and_a_false_alarm():
    # Full outage rows 180-239 (started 03:00, mitigated 04:00) plus a false alarm:
    # a 3-minute 100 % blip at rows 400-402 with no incident recorded.
    errors = [0] * 180 + [100] * 60 + [0] * 160 + [100] * 3 + [0] * 80
    fired = evaluate_alerts(frame(errors), workbook_policy(0.999, window_days=30),
                            slo_target=0.999)
    q = alert_quality(fired[["page_1h_5m"]], incidents((180, 240)))
    # Alerts: rows 180-243 (the 5 m window needs 4 clean minutes after row 239) and rows
    # 400-406, 156 quiet minutes apart. One of two matches -> precision 0.5, recall 1.
    assert (q.n_alerts, q.n_true_alerts, q.precision, q.recall) == (2, 1, 0.5, 1.0)
    # Raised at the end of row 180 -> 1 minute after the start; ended at the end of row
    # 244 (first quiet row) -> 245 - 240 = 5 minutes after mitigation.
    assert q.detection_time == 1 * MIN and q.reset_time == 5 * MIN
    assert q.incidents["detected"].tolist() == [True]


def test_missed_incident_and_no_alerts():
    fired = evaluate_alerts(frame([0] * 30), [AlertRule("page_1h_5m", 14.4, 60, 5, "page")],
                            slo_target=0.999)
    q = alert_quality(fired["page_1h_5m"], incidents((0, 5)))
    assert q.recall == 0.0 and np.isnan(q.precision) and q.n_alerts == 0
    assert pd.isna(q.detection_time) and pd.isna(q.reset_time)


def test_grace_counts_late_alerts():
    alerts = firing(20, (12, 13))
    truth = incidents((2, 5))
    assert alert_quality(alerts, truth).recall == 0.0
    late = alert_quality(alerts, truth, grace_minutes=10)   # row 12 < 5 + 10
    assert late.recall == 1.0 and late.precision == 1.0
    # raised at the end of row 12 = minute 13 -> 13 - 2 = 11 minutes after the start.
    assert late.detection_time == 11 * MIN


# --------------------------------------------------------------------------
# flaps: one alert per episode, short gaps merged
# --------------------------------------------------------------------------

def test_flaps_within_the_merge_gap_are_one_alert():
    # Runs 10-14, 18-20 (3 quiet rows 15-17), 27-29 (6 quiet rows 21-26).
    alerts = firing(40, (10, 14), (18, 20), (27, 29))
    truth = incidents((10, 35))
    default = alert_quality(alerts, truth)                  # gap 5: 3 <= 5 joins, 6 > 5 not
    assert default.n_alerts == 2
    assert default.alerts["raised"].tolist() == [at(11), at(28)]
    assert default.alerts["ended"].tolist() == [at(22), at(31)]  # ends of rows 21 and 30
    assert alert_quality(alerts, truth, merge_gap_minutes=0).n_alerts == 3
    assert alert_quality(alerts, truth, merge_gap_minutes=6).n_alerts == 1
    assert alert_quality(alerts, truth, merge_gap_minutes=2).n_alerts == 3


def test_merging_flaps_changes_precision_not_recall():
    # One long incident (rows 0-99) with a rule flapping every 3 minutes inside it, and two
    # false alarms far apart. Every flap counted: 10 true + 2 false -> precision 10/12.
    # Flaps merged: 1 true + 2 false -> precision 1/3; recall is 1 either way.
    flaps = [(3 * k + 1, 3 * k + 2) for k in range(10)]     # runs 1-2, 4-5, ... 28-29
    alerts = firing(400, *flaps, (200, 201), (300, 301))
    truth = incidents((0, 100))
    every = alert_quality(alerts, truth, merge_gap_minutes=0)
    merged = alert_quality(alerts, truth)
    assert (every.n_alerts, every.n_true_alerts) == (12, 10)
    assert (merged.n_alerts, merged.n_true_alerts) == (3, 1)
    assert merged.precision == pytest.approx(1 / 3) and every.precision == pytest.approx(10 / 12)
    assert every.recall == merged.recall == 1.0


# --------------------------------------------------------------------------
# an alert counts only for an incident it was raised during
# --------------------------------------------------------------------------

def test_an_alert_left_over_from_an_earlier_incident_does_not_detect_the_next():
    # A 3-day-ticket-like rule fires from row 10 to row 300: raised during INC-1 (rows
    # 10-20), still firing when INC-2 (rows 100-120) starts.
    q = alert_quality(firing(400, (10, 300)), incidents((10, 20), (100, 120)))
    assert q.n_alerts == 1 and q.n_true_alerts == 1 and q.recall == 0.5
    assert q.incidents["detected"].tolist() == [True, False]
    # INC-1: raised at the end of row 10 -> 1 minute; ended at the end of row 301 = 302 - 20.
    assert q.detection_time == 1 * MIN and q.reset_time == 282 * MIN


def test_a_new_rule_raised_during_the_next_incident_detects_it():
    # Approach 5 on the course data, in miniature: the ticket still fires from INC-1,
    # but a page rule is raised at row 105, during INC-2 (rows 100-120).
    fired = pd.DataFrame({"ticket": firing(400, (10, 300)).to_numpy(),
                          "page": firing(400, (105, 110)).to_numpy()},
                         index=pd.date_range(START, periods=400, freq="1min"))
    q = alert_quality(fired, incidents((10, 20), (100, 120)))
    assert q.n_alerts == 2 and q.recall == 1.0 and q.precision == 1.0
    per = q.incidents.set_index("id")
    # INC-2: the page is raised at the end of row 105 -> 106 - 100 = 6 minutes; it ends at
    # the end of row 111 (112), before mitigation (120) -> reset 0. The ticket is not INC-2's.
    assert per.loc["INC-2", "detection_time"] == 6 * MIN
    assert per.loc["INC-2", "reset_time"] == pd.Timedelta(0)
    assert q.alerts["rule"].tolist() == ["ticket", "page"]


def test_grace_also_lets_an_alert_raised_just_before_the_start_count():
    # The alert's first firing row is 48; the incident starts at row 50.
    alerts, truth = firing(100, (48, 60)), incidents((50, 70))
    assert alert_quality(alerts, truth).recall == 0.0
    q = alert_quality(alerts, truth, grace_minutes=2)       # 48 >= 50 - 2
    assert q.recall == 1.0
    assert q.detection_time == pd.Timedelta(0)              # raised 49 - 50 -> clipped at 0
    assert alert_quality(alerts, truth, grace_minutes=1).recall == 0.0   # 48 < 49


def test_one_alert_raised_during_two_overlapping_incidents_counts_for_both():
    q = alert_quality(firing(100, (30, 40)), incidents((20, 60), (25, 35)))
    assert q.recall == 1.0 and q.n_alerts == 1 and q.n_true_alerts == 1
    # raised at the end of row 30: 31 - 20 = 11 and 31 - 25 = 6 minutes -> median 8.5
    assert q.detection_time == pd.Timedelta(minutes=8.5)


# --------------------------------------------------------------------------
# each column is its own alert
# --------------------------------------------------------------------------

def test_each_column_raises_its_own_alerts_or_them_for_one_stream():
    index = pd.date_range(START, periods=60, freq="1min")
    fired = pd.DataFrame({"page_1h_5m": firing(60, (10, 20)).to_numpy(),
                          "page_6h_30m": firing(60, (12, 30)).to_numpy()}, index=index)
    truth = incidents((10, 25))
    q = alert_quality(fired, truth)
    assert q.n_alerts == 2 and q.n_true_alerts == 2
    # detection: the first raised (end of row 10) -> 1 minute; reset: the last ended
    # (end of row 31 = 32) - 25 = 7 minutes.
    assert q.detection_time == 1 * MIN and q.reset_time == 7 * MIN
    stream = alert_quality(fired.any(axis=1), truth)
    assert stream.n_alerts == 1 and stream.alerts["rule"].tolist() == ["alert"]
    assert alert_quality(fired.iloc[:, :0], truth).n_alerts == 0


def test_an_alert_still_firing_at_the_end_is_ongoing():
    q = alert_quality(firing(30, (25, 29)), incidents((24, 29)))
    assert q.alerts["ongoing"].tolist() == [True]
    assert q.alerts["ended"].tolist() == [at(31)]          # end of the minute after the data


def test_the_workbook_policy_on_a_burst_one_alert_per_rule():
    # 20 % errors for 30 minutes on 1,000 requests a minute, after a clean day: every rule
    # of Table 5-8 fires once (see test_dashboards_alert_lab for the minute arithmetic).
    errors = [0] * 1440 + [200] * 30 + [0] * 1440
    fired = evaluate_alerts(frame(errors, requests=1000), workbook_policy(0.999, window_days=30),
                            slo_target=0.999)
    q = alert_quality(fired, incidents((1440, 1470)))
    assert q.n_alerts == 3 and q.precision == 1.0 and q.recall == 1.0
    assert sorted(q.alerts["rule"]) == ["page_1h_5m", "page_6h_30m", "ticket_3d_6h"]


# --------------------------------------------------------------------------
# the course data, recounted by hand
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def checkout():
    return sl.load_requests(service="checkout")


def test_approach_1_flaps_on_checkout_are_merged(checkout):
    """Approach 1 (10-minute ratio >= 0.1 %) flaps through long incidents: count by hand."""
    sums = checkout[["requests", "errors"]].rolling(10, min_periods=1).sum()
    flags = (sums["errors"] / sums["requests"] > 0.001).to_numpy()
    starts = np.flatnonzero(flags & ~np.r_[False, flags[:-1]])
    ends = np.flatnonzero(flags & ~np.r_[flags[1:], False]) + 1      # first quiet row
    gaps = starts[1:] - ends[:-1]
    truth = sl.significant_incidents(checkout, sl.load_incidents(), service="checkout",
                                     slo_target=0.999, window_days=28)
    fired = evaluate_alerts(checkout, sl.workbook_approach(1, 0.999, window_days=28),
                            slo_target=0.999)
    assert alert_quality(fired, truth, merge_gap_minutes=0).n_alerts == len(starts)
    assert alert_quality(fired, truth).n_alerts == 1 + int((gaps > 5).sum())
    assert len(starts) > 1 + int((gaps > 5).sum())                   # some flaps were merged


def test_approach_5_ticket_from_inc010_does_not_detect_inc012(checkout):
    """The 3-day rule raised for INC-010 is still firing on 30 October; INC-012 is detected
    by the 1-hour rule raised during it: first minute with 1 h ratio > 13.44 x 0.1 %."""
    truth = sl.significant_incidents(checkout, sl.load_incidents(), service="checkout",
                                     slo_target=0.999, window_days=28)
    fired = evaluate_alerts(checkout, sl.workbook_approach(5, 0.999, window_days=28),
                            slo_target=0.999)
    q = alert_quality(fired, truth)
    hour = checkout[["requests", "errors"]].rolling(60, min_periods=1).sum()
    above = (hour["errors"] / hour["requests"] > 13.44 * 0.001).loc["2026-10-30 16:00":]
    first = above.idxmax()                                 # 16:27 -> raised 16:28
    row = q.incidents.set_index("id").loc["INC-012"]
    assert row["detection_time"] == first + MIN - pd.Timestamp("2026-10-30 16:00", tz="UTC")
    assert row["detection_time"] > pd.Timedelta(minutes=20)   # not the ticket's "0 s"
    ticket = q.alerts[q.alerts["rule"] == "burn_rate_3d"]
    assert ticket["raised"].iloc[-1] < pd.Timestamp("2026-10-30", tz="UTC")


# --------------------------------------------------------------------------
# input errors
# --------------------------------------------------------------------------

def test_input_errors():
    idx = pd.date_range(START, periods=3, freq="1min")
    with pytest.raises(ValueError, match=re.escape(
            "incidents must have the columns 'started', 'mitigated'; got a DataFrame "
            "without 'mitigated'.")):
        alert_quality(pd.Series(False, index=idx), pd.DataFrame({"started": [idx[0]]}))
    with pytest.raises(TypeError, match=re.escape(
            "firing must be booleans (True where a rule fires); got 'int64'.")):
        alert_quality(pd.Series(0, index=idx), pd.DataFrame({"started": [], "mitigated": []}))
    with pytest.raises(TypeError, match=re.escape(
            "firing must be booleans (True where a rule fires); got 'int64'.")):
        alert_quality(pd.DataFrame({"a": [True] * 3, "b": [0] * 3}, index=idx),
                      pd.DataFrame({"started": [], "mitigated": []}))
    with pytest.raises(ValueError, match="merge_gap_minutes"):
        alert_quality(pd.Series(False, index=idx), pd.DataFrame({"started": [], "mitigated": []}),
                      merge_gap_minutes=-1)
    with pytest.raises(TypeError, match="firing must be a boolean pandas Series or DataFrame"):
        alert_quality([True, False], pd.DataFrame({"started": [], "mitigated": []}))
    naive = pd.DataFrame({"started": [idx[0].tz_localize(None)],
                          "mitigated": [idx[1].tz_localize(None)]})
    with pytest.raises(ValueError, match="time-zone"):
        alert_quality(pd.Series(False, index=idx), naive)
