"""Tests for sre_lab.alerting.

Expected values come from hand calculations written next to each assertion,
from the SRE Workbook ch. 5 (Table 5-8, the six approaches), from Sloth's
window catalogs, and from a real promtool 2.42 run (feasibility_notes §5),
never from the code's own output.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sre_lab as sl
from sre_lab.alerting import (
    AlertRule,
    detection_time,
    evaluate_alerts,
    low_traffic_impact,
    reset_time,
    trailing_error_ratio,
    unreachable_rules,
    workbook_approach,
    workbook_policy,
)

START = pd.Timestamp("2026-10-05", tz="UTC")


def frame(errors, requests=100):
    """Per-minute traffic from lists (or a constant number of requests)."""
    errors = np.asarray(errors, dtype=float)
    if np.ndim(requests) == 0:
        requests = np.full(len(errors), float(requests))
    index = pd.date_range(START, periods=len(errors), freq="1min")
    return pd.DataFrame({"requests": requests, "errors": errors}, index=index)


def firing_rows(series):
    return np.flatnonzero(series.to_numpy()).tolist()


PAGE_FAST = AlertRule("page_1h_5m", 14.4, 60, 5, "page")
PAGE_SLOW = AlertRule("page_6h_30m", 6, 360, 30, "page")


# --------------------------------------------------------------------------
# contract names
# --------------------------------------------------------------------------

def test_contract_names_are_exported_at_package_level():
    for name in ("AlertRule", "workbook_policy", "evaluate_alerts", "error_budget",
                 "allowed_downtime", "burn_rate", "time_to_exhaustion", "budget_consumed"):
        assert hasattr(sl, name), name
    assert sl.AlertRule is AlertRule


def test_every_public_name_is_in_the_module_docstring():
    import sre_lab.alerting as module

    for name in module.__all__:
        assert f"``{name}``" in module.__doc__, name


# --------------------------------------------------------------------------
# AlertRule
# --------------------------------------------------------------------------

def test_alert_rule_is_frozen_and_cleans_values():
    rule = AlertRule("r", 6, 360, 30, "ticket")
    assert rule.burn_rate == 6.0 and isinstance(rule.burn_rate, float)
    assert rule.for_minutes == 0
    with pytest.raises(Exception):
        rule.burn_rate = 1  # frozen dataclass


def test_alert_rule_threshold_and_budget_share():
    # 14.4 x (1 - 0.999) = 14.4 x 0.001 = 0.0144; 14.4 x 60 min / 43,200 min = 2 %.
    assert PAGE_FAST.error_ratio_threshold(0.999) == pytest.approx(0.0144, rel=1e-12)
    assert PAGE_FAST.budget_consumed() == pytest.approx(0.02, rel=1e-12)
    # 6 x 360 / 43,200 = 5 %.
    assert PAGE_SLOW.budget_consumed() == pytest.approx(0.05, rel=1e-12)
    assert PAGE_FAST.can_fire(0.999) and not PAGE_FAST.can_fire(0.9)


RULE_ERRORS = [
    (dict(name="", burn_rate=1, long_window_minutes=5, short_window_minutes=1,
          severity="page"), ValueError, "name must be a non-empty string; got ''."),
    (dict(name=3, burn_rate=1, long_window_minutes=5, short_window_minutes=1,
          severity="page"), TypeError, "name must be a non-empty string; got 3."),
    (dict(name="r", burn_rate=0, long_window_minutes=5, short_window_minutes=1,
          severity="page"), ValueError, "burn_rate must be a number > 0; got 0."),
    (dict(name="r", burn_rate=1, long_window_minutes=60.0, short_window_minutes=5,
          severity="page"), TypeError,
     "long_window_minutes must be a whole number >= 1 and <= 527040; got 60.0."),
    (dict(name="r", burn_rate=1, long_window_minutes=60, short_window_minutes=0,
          severity="page"), ValueError, "short_window_minutes must be a whole number >= 1 and <= 527040; got 0."),
    (dict(name="r", burn_rate=1, long_window_minutes=5, short_window_minutes=60,
          severity="page"), ValueError,
     "short_window_minutes must be <= long_window_minutes (5); got 60. The short window "
     "checks the burn is still happening; the Workbook uses long / 12."),
    (dict(name="r", burn_rate=1, long_window_minutes=5, short_window_minutes=1,
          severity="Page"), ValueError,
     "severity must be one of 'page', 'ticket'; got 'Page'. Did you mean 'page'?"),
    (dict(name="r", burn_rate=1, long_window_minutes=5, short_window_minutes=1,
          severity="page", for_minutes=-1), ValueError,
     "for_minutes must be a whole number >= 0 and <= 527040; got -1."),
]


@pytest.mark.parametrize("kwargs, error, text", RULE_ERRORS)
def test_alert_rule_error_messages(kwargs, error, text):
    with pytest.raises(error, match=re.escape(text) + "$"):
        AlertRule(**kwargs)


# --------------------------------------------------------------------------
# workbook_policy (Table 5-8, Sloth catalogs)
# --------------------------------------------------------------------------

def test_workbook_policy_is_table_5_8():
    rules = workbook_policy(0.999)
    table = [(r.name, r.burn_rate, r.long_window_minutes, r.short_window_minutes, r.severity)
             for r in rules]
    assert table == [("page_1h_5m", 14.4, 60, 5, "page"),
                     ("page_6h_30m", 6.0, 360, 30, "page"),
                     ("ticket_3d_6h", 1.0, 4320, 360, "ticket")]
    # Short window = 1/12 of the long one (Workbook).
    assert all(r.long_window_minutes == 12 * r.short_window_minutes for r in rules)


def test_workbook_policy_budget_shares_are_2_5_10_percent():
    shares = [r.budget_consumed(window_days=30) for r in workbook_policy(0.999)]
    assert shares == pytest.approx([0.02, 0.05, 0.10], rel=1e-12)


def test_workbook_policy_scales_to_28_days_like_sloth_google_28d():
    # burn = share x period / window: 0.02 x 672 h / 1 h = 13.44; 0.05 x 672 / 6 = 5.6;
    # 0.10 x 672 / 24 = 2.8; 0.10 x 672 / 72 = 0.9333...
    rules = workbook_policy(0.999, window_days=28, four_pairs=True)
    assert [r.name for r in rules] == ["page_1h_5m", "page_6h_30m", "ticket_1d_2h",
                                       "ticket_3d_6h"]
    assert [r.burn_rate for r in rules] == pytest.approx([13.44, 5.6, 2.8, 0.9333333333])
    assert rules[2].long_window_minutes == 1440 and rules[2].short_window_minutes == 120


def test_workbook_policy_four_pairs_is_sloth_google_30d():
    rules = workbook_policy(0.999, four_pairs=True)
    assert [r.burn_rate for r in rules] == [14.4, 6.0, 3.0, 1.0]
    assert [r.severity for r in rules] == ["page", "page", "ticket", "ticket"]


def test_workbook_policy_7_days_matches_sloth_7d_catalog_page():
    # Sloth examples/windows/7d.yaml: 8 % in 1 h -> 0.08 x 168 = 13.44; our shares keep
    # the 30-day percentages instead: 0.02 x 168 / 1 = 3.36.
    assert workbook_policy(0.999, window_days=7)[0].burn_rate == pytest.approx(3.36)


def test_workbook_policy_refuses_a_rule_that_can_never_fire():
    # At 90 % the largest burn rate is 1 / 0.1 = 10 < 14.4: the fast page is dead.
    # Lowest usable target for 14.4x: 1 - 1/14.4 = 0.930555...
    text = ("slo_target must be above 0.930556 for rule 'page_1h_5m' (burn rate 14.4) to be "
            "able to fire; got 0.9. The largest possible burn rate is 1 / (1 - slo_target) "
            "= 10. Pass strict=False to build the rules anyway.")
    with pytest.raises(ValueError, match=re.escape(text) + "$"):
        workbook_policy(0.9)
    rules = workbook_policy(0.9, strict=False)
    assert unreachable_rules(rules, slo_target=0.9) == ["page_1h_5m"]
    assert unreachable_rules(rules, slo_target=0.95) == []  # max burn 20 > 14.4


def test_workbook_policy_percent_hint():
    with pytest.raises(ValueError, match=re.escape(
            "slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999.")):
        workbook_policy(99.9)


# --------------------------------------------------------------------------
# evaluate_alerts: hand-worked replays (100 requests per minute)
# --------------------------------------------------------------------------

def test_full_outage_fast_page_starts_and_stops_on_the_minute():
    # Rows 0-179 clean, rows 180-239 all failing, then clean again.
    # Start: at row 180 the 1 h window holds 1 failing minute of 60 -> 1/60 = 0.0167 > 0.0144,
    #   the 5 min window 1/5 = 0.2 > 0.0144 -> fires at row 180.
    # Stop: at row 240+j the 5 min window (rows 236+j..240+j) holds 4-j failing minutes:
    #   (4-j)/5 > 0.0144 for j <= 3, 0 at j = 4 -> last firing row 243.
    traffic = frame([0] * 180 + [100] * 60 + [0] * 60)
    out = evaluate_alerts(traffic, [PAGE_FAST, PAGE_SLOW], slo_target=0.999)
    assert firing_rows(out["page_1h_5m"]) == list(range(180, 244))
    # 6x over 6 h / 30 min (threshold 0.006), windows using the minutes that exist:
    # row 180: 6 h window = rows 0..180 (181 minutes), 100 / 18,100 = 0.0055 < 0.006 -> no;
    # row 181: 200 / 18,200 = 0.0110 > 0.006 and 30 min window 200/3,000 -> fires.
    # Stop: at row 240+j the 30 min window holds 29-j failing minutes -> last row 268.
    assert firing_rows(out["page_6h_30m"]) == list(range(181, 269))


def test_output_shape_index_and_dtype():
    traffic = frame([0, 100, 0])
    out = evaluate_alerts(traffic, PAGE_FAST, slo_target=0.999)
    assert list(out.columns) == ["page_1h_5m"]
    assert out.index.equals(traffic.index)
    assert out.dtypes.tolist() == [np.dtype(bool)]


def test_slow_burn_ticket_and_the_exact_threshold_boundary():
    # 1,000 req/min; one clean day (rows 0-1439), then 2 errors/min (0.2 %, burn 2x).
    # 1x ticket over 3 d / 6 h (threshold 0.001). With k+1 burning minutes at row 1440+k
    # the 3-day window holds all rows so far (fewer than 4,320 exist):
    #   ratio = 2(k+1) / (1000 (1440 + k + 1)) > 0.001  <=>  k + 1 > 1440.
    # At k+1 = 1440 (row 2879) the ratio is 2,880 / 2,880,000 = 0.001 exactly: equal is
    # NOT greater, so row 2879 is quiet and the ticket fires from row 2880 on.
    traffic = frame([0] * 1440 + [2] * 1800, requests=1000)
    rules = workbook_policy(0.999, four_pairs=True)
    out = evaluate_alerts(traffic, rules, slo_target=0.999)
    assert firing_rows(out["ticket_3d_6h"]) == list(range(2880, 3240))
    # 0.2 % never reaches 3x (0.003), 6x or 14.4x.
    for name in ("page_1h_5m", "page_6h_30m", "ticket_1d_2h"):
        assert not out[name].any()


def test_spiky_errors_defeat_the_duration_alert_but_not_the_fast_page():
    # Workbook Fig. 5-3: 5 minutes at 100 % every 10 minutes. Approach 3 (1 min window,
    # for: 1h) needs 61 active minutes in a row and never gets more than 5.
    traffic = frame(([100] * 5 + [0] * 5) * 18)
    approach3 = workbook_approach(3, 0.999)
    assert not evaluate_alerts(traffic, approach3, slo_target=0.999).any().any()
    # 14.4x 1 h / 5 m: spikes at rows 10s..10s+4. The 5 min window at row 10s+5+i holds
    # 4-i failing minutes, so it is only quiet at rows 10s+9; the 1 h window is >= 1/2.
    fast = evaluate_alerts(traffic, PAGE_FAST, slo_target=0.999)["page_1h_5m"]
    assert firing_rows(fast) == [t for t in range(180) if t % 10 != 9]
    # Each 5-minute spike spends 5 / 43.2 = 11.6 % ("12 %") of a 30-day budget, three
    # of them 34.7 % ("35 %").
    assert sl.budget_consumed(1000, alert_window_hours=5 / 60) == pytest.approx(5 / 43.2)
    assert round(sl.budget_consumed(1000, alert_window_hours=15 / 60), 2) == 0.35


def test_for_minutes_timer_and_recovery():
    # Rule: 10x (threshold 10 x 0.01 = 0.1 at 99 %), 10 min / 2 min windows, for 3 minutes.
    # 100 req/min; 40 errors/min on rows 20-29 and 33-34.
    # Long window at row 20+k: 40 (k+1) / 1000 > 0.1 <=> k >= 2  -> active from row 22;
    # short window (2 rows) is 40/200 = 0.2 or more from row 20 up to row 30 (holds row 29),
    # 0 at row 31 -> active rows 22..30.
    # Second burst: short window hot on rows 33, 34, 35; long window holds >= 6 failing
    # rows -> active 33..35, only 3 rows in a row.
    # for_minutes=3: firing at t iff active at t-3..t -> rows 25..30 only.
    errors = [0] * 40
    for t in list(range(20, 30)) + [33, 34]:
        errors[t] = 40
    rule = AlertRule("r", 10, 10, 2, "page", for_minutes=3)
    out = evaluate_alerts(frame(errors), [rule], slo_target=0.99)
    assert firing_rows(out["r"]) == list(range(25, 31))
    active = evaluate_alerts(frame(errors), [AlertRule("a", 10, 10, 2, "page")],
                             slo_target=0.99)["a"]
    assert firing_rows(active) == list(range(22, 31)) + [33, 34, 35]


def test_for_minutes_cannot_fire_before_enough_minutes_exist():
    # Failing from row 0: active at every row; for_minutes=2 needs rows t-2..t -> from row 2.
    rule = AlertRule("r", 1, 1, 1, "page", for_minutes=2)
    out = evaluate_alerts(frame([100] * 5), rule, slo_target=0.999)
    assert firing_rows(out["r"]) == [2, 3, 4]


def test_windows_without_requests_are_not_active():
    # Rows 0-2 have no requests: the ratio is undefined, so the rule is not active even
    # though nothing is known to be good. Row 3: 50/100 errors.
    traffic = frame([0, 0, 0, 50, 0], requests=[0, 0, 0, 100, 0])
    out = evaluate_alerts(traffic, AlertRule("r", 1, 1, 1, "page"), slo_target=0.99)
    assert firing_rows(out["r"]) == [3]  # row 4: 1-minute window with 0 requests
    out = evaluate_alerts(traffic, AlertRule("r", 1, 2, 2, "page"), slo_target=0.99)
    assert firing_rows(out["r"]) == [3, 4]  # row 4: 2-minute window still holds row 3


def test_matches_promtool_golden_checks():
    # feasibility_notes §5: promtool 2.42 evaluated the 4-pair 30-day policy on counters
    #   requests: 0+100x4320, errors: '0x1440 0.2+0.2x1439 298+10x29 588.2+0.2x1409'.
    # Per-minute increments: rows 0-1439 -> 0, rows 1440-2879 -> 0.2, rows 2880-2909 -> 10,
    # rows 2910-4319 -> 0.2. Prometheus at eval time T (minutes) sees the counter increase
    # over samples T-W..T, i.e. our rows T-W..T-1: its verdict at T is our row T-1.
    errors = [0.0] * 1440 + [0.2] * 1440 + [10.0] * 30 + [0.2] * 1410
    out = evaluate_alerts(frame(errors), workbook_policy(0.999, four_pairs=True),
                          slo_target=0.999)
    names = {"14x": "page_1h_5m", "6x": "page_6h_30m", "3x": "ticket_1d_2h", "1x": "ticket_3d_6h"}
    checks = [(2000, "1x", False), (2000, "14x", False), (2870, "14x", False),
              (2900, "14x", True), (2930, "14x", False), (2905, "6x", True),
              (2950, "6x", False), (3000, "3x", True), (3060, "3x", False), (4320, "1x", True)]
    for eval_minute, alert, expected in checks:
        assert bool(out[names[alert]].iloc[eval_minute - 1]) is expected, (eval_minute, alert)


TRAFFIC_ERRORS = [
    (lambda: frame([0, 1]).reset_index(drop=True), TypeError,
     "traffic must be indexed by a sorted, duplicate-free 1-minute DatetimeIndex; "
     "got a RangeIndex."),
    (lambda: frame([0, 1, 2]).drop(index=START + pd.Timedelta(minutes=1)), ValueError,
     "traffic must be indexed by a sorted, duplicate-free 1-minute DatetimeIndex; got a step of "
     "0 days 00:02:00 after 2026-10-05 00:00:00+00:00. Fill missing minutes with 0 requests, "
     "e.g. traffic.asfreq('min', fill_value=0)."),
    (lambda: frame([0, 101]), ValueError,
     "traffic['errors'] must be <= traffic['requests'] in every row; got 101 > 100 at "
     "2026-10-05 00:01:00+00:00."),
    (lambda: frame([0, -1]), ValueError,
     "traffic['errors'] must be finite counts >= 0; got -1 at 2026-10-05 00:01:00+00:00."),
    (lambda: frame([0, 1])[["errors"]], ValueError,
     "traffic must have the columns 'requests', 'errors'; got a DataFrame without 'requests'."),
    (lambda: frame([])[:0], ValueError,
     "traffic must be a DataFrame with at least one row; got an empty DataFrame."),
]


@pytest.mark.parametrize("make, error, text", TRAFFIC_ERRORS)
def test_evaluate_alerts_traffic_error_messages(make, error, text):
    with pytest.raises(error, match=re.escape(text) + "$"):
        evaluate_alerts(make(), [PAGE_FAST], slo_target=0.999)


def test_evaluate_alerts_rule_error_messages():
    traffic = frame([0, 1])
    with pytest.raises(ValueError, match=re.escape(
            "rules must be rules with distinct names; got ['page_1h_5m'].")):
        evaluate_alerts(traffic, [PAGE_FAST, PAGE_FAST], slo_target=0.999)
    with pytest.raises(TypeError, match=re.escape(
            "rules must be an AlertRule or a list of AlertRule; got 'page'.")):
        evaluate_alerts(traffic, ["page"], slo_target=0.999)
    with pytest.raises(ValueError, match=re.escape(
            "rules must be a non-empty list of AlertRule; got [].")):
        evaluate_alerts(traffic, [], slo_target=0.999)


def reference_replay(requests, errors, rules, budget):
    """Plain-Python, minute-by-minute reading of the documented semantics."""
    out = {}
    n = len(requests)
    for rule in rules:
        threshold = rule.burn_rate * budget
        active = []
        for t in range(n):
            ok = True
            for window in (rule.long_window_minutes, rule.short_window_minutes):
                lo = max(0, t - window + 1)
                r = sum(requests[lo:t + 1])
                e = sum(errors[lo:t + 1])
                if r == 0 or not e / r > threshold:
                    ok = False
            active.append(ok)
        n_for = rule.for_minutes
        out[rule.name] = [t >= n_for and all(active[t - n_for:t + 1]) for t in range(n)]
    return out


@st.composite
def series_and_rules(draw):
    n = draw(st.integers(1, 60))
    requests = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    errors = [draw(st.integers(0, r)) for r in requests]
    rules = []
    for i in range(draw(st.integers(1, 3))):
        long = draw(st.integers(1, 15))
        short = draw(st.integers(1, long))
        rules.append(AlertRule(f"r{i}", draw(st.sampled_from([0.5, 1, 2, 14.4, 36, 100])),
                               long, short, "page", for_minutes=draw(st.integers(0, 4))))
    target, budget = draw(st.sampled_from([(0.9, 0.1), (0.99, 0.01), (0.999, 0.001)]))
    return requests, errors, rules, target, budget


@settings(max_examples=150, deadline=None)
@given(series_and_rules())
def test_evaluate_alerts_equals_a_plain_python_loop(case):
    requests, errors, rules, target, budget = case
    traffic = frame(errors, requests=requests)
    got = evaluate_alerts(traffic, rules, slo_target=target)
    expected = reference_replay(requests, errors, rules, budget)
    for rule in rules:
        assert got[rule.name].tolist() == expected[rule.name]


def test_trailing_error_ratio_counts_not_averages():
    # Minute 1: 1 error of 10; minute 2: 0 of 990 -> 2-minute ratio 1 / 1,000 = 0.001
    # (averaging the two ratios would give 0.05).
    traffic = frame([1, 0], requests=[10, 990])
    ratio = trailing_error_ratio(traffic, window_minutes=2)
    assert ratio.iloc[1] == pytest.approx(0.001)
    assert np.isnan(trailing_error_ratio(frame([0], requests=[0]), window_minutes=5).iloc[0])


# --------------------------------------------------------------------------
# the six approaches and closed forms (SRE Workbook ch. 5, slo_facts §1.3)
# --------------------------------------------------------------------------

def minutes(td):
    return td.total_seconds() / 60


def test_workbook_numbers_fast_page_detection():
    # 60 min x 14.4 x 0.001 / 1.0 = 0.864 min = 51.84 s ("51.8 s").
    assert detection_time(1.0, PAGE_FAST, slo_target=0.999).total_seconds() == pytest.approx(51.84)
    # 2.5 % errors: 60 x 0.0144 / 0.025 = 34.56 min ("34.6 min").
    assert minutes(detection_time(0.025, PAGE_FAST, slo_target=0.999)) == pytest.approx(34.56)


def test_workbook_numbers_approach_1_and_2():
    # Approach 1: 10 min x 1 x 0.001 / 1.0 = 0.01 min = 0.6 s.
    [rule1] = workbook_approach(1, 0.999)
    assert detection_time(1.0, rule1, slo_target=0.999).total_seconds() == pytest.approx(0.6)
    # 0.1 % errors for 10 min spend 10 / 43,200 = 0.023 % of the budget ("0.02 %"); a
    # 10-minute window allows 1,440 / 10 = 144 alerts a day.
    assert rule1.budget_consumed() == pytest.approx(10 / 43_200)
    assert 24 * 60 // rule1.long_window_minutes == 144
    # Approach 2: 36 h = 2,160 min (5 % of 30 days); 2,160 x 0.001 = 2.16 min = 2 min 9.6 s.
    [rule2] = workbook_approach(2, 0.999)
    assert (rule2.name, rule2.long_window_minutes) == ("error_ratio_36h", 2160)
    assert detection_time(1.0, rule2, slo_target=0.999).total_seconds() == pytest.approx(129.6)
    # ... and it keeps firing for about the whole 36 h after the errors stop.
    assert minutes(reset_time(1.0, rule2, slo_target=0.999)) == pytest.approx(2160 * 0.999)


def test_workbook_numbers_approach_3_duration():
    [rule3] = workbook_approach(3, 0.999)
    # A 100 % outage and a 0.2 % one both alert after about an hour:
    # 1 min x 0.001 / 1.0 + 60 min = 60.001 min; 1 x 0.001 / 0.002 + 60 = 60.5 min.
    assert minutes(detection_time(1.0, rule3, slo_target=0.999)) == pytest.approx(60.001)
    assert minutes(detection_time(0.002, rule3, slo_target=0.999)) == pytest.approx(60.5)
    # A full hour of outage uses 1000 x 1 h / 720 h = 138.9 % of the budget ("140 %").
    assert round(sl.budget_consumed(1000, alert_window_hours=1), 1) == 1.4


def test_workbook_numbers_approach_4_burn_rate_only():
    [rule4] = workbook_approach(4, 0.999)
    # 5 % of 720 h in 1 h -> 0.05 x 720 = 36x.
    assert (rule4.burn_rate, rule4.long_window_minutes) == (36.0, 60)
    # Reset after a full outage: 60 x (1 - 36 x 0.001 / 1) = 57.84 min ("58 minutes").
    assert minutes(reset_time(1.0, rule4, slo_target=0.999)) == pytest.approx(57.84)
    # 35x never fires (35 x 0.001 = 0.035 is not > 0.036) yet empties the budget in
    # 720 h / 35 = 20.57 h ("20.5 hours").
    assert detection_time(0.035, rule4, slo_target=0.999) is sl.NEVER  # was timedelta.max
    assert sl.time_to_exhaustion(35).total_seconds() / 3600 == pytest.approx(20.571, abs=1e-3)


def test_workbook_numbers_approach_5_and_6():
    rules5 = workbook_approach(5, 0.999)
    assert [(r.burn_rate, r.long_window_minutes, r.short_window_minutes, r.severity)
            for r in rules5] == [(14.4, 60, 60, "page"), (6.0, 360, 360, "page"),
                                 (1.0, 4320, 4320, "ticket")]
    rules6 = workbook_approach(6, 0.999)
    assert [r.name for r in rules6] == [r.name for r in workbook_policy(0.999)]
    # Approach 6 resets within its 5-minute short window: 5 x (1 - 0.0144) = 4.928 min.
    assert minutes(reset_time(1.0, rules6[0], slo_target=0.999)) == pytest.approx(4.928)
    # Without the short window the same 1 h rule would hold for 60 x 0.9856 = 59.1 min.
    assert minutes(reset_time(1.0, slo_target=0.999, burn_rate=14.4, window_minutes=60)) == \
        pytest.approx(59.136)


def test_fig_5_6_replay_of_a_short_burst():
    # Workbook Fig. 5-6: 15 % errors for 10 minutes (from a long clean history), 14.4x
    # page. 100 req/min -> 15 errors/min.
    # 5 m window: 15/100... hot from the first minute. 1 h window at burst minute k:
    #   15 (k+1) / 6,000 > 0.0144 <=> k + 1 > 5.76 -> from the 6th burst minute (k = 5).
    # Stop: 5 m window at row end+j holds 4-j burst minutes -> quiet 5 min after the end.
    burst_start = 120
    traffic = frame([0] * burst_start + [15] * 10 + [0] * 30)
    out = evaluate_alerts(traffic, PAGE_FAST, slo_target=0.999)["page_1h_5m"]
    assert firing_rows(out) == list(range(burst_start + 5, burst_start + 14))


def test_closed_forms_with_explicit_numbers_and_arrays():
    times = detection_time(np.array([1.0, 0.0144, 0.0]), slo_target=0.999, burn_rate=14.4,
                           window_minutes=60)
    assert times.dtype.kind == "m"
    assert times[0] == np.timedelta64(51840, "ms")
    assert np.isnat(times[1]) and np.isnat(times[2])  # at or below the threshold: never
    assert reset_time(0.01, slo_target=0.999, burn_rate=14.4, window_minutes=60) == \
        dt.timedelta(0)


def test_closed_form_argument_errors():
    with pytest.raises(ValueError, match=re.escape(
            "Give either rule or both burn_rate and window_minutes; got neither.")):
        detection_time(1.0, slo_target=0.999)
    with pytest.raises(ValueError, match=re.escape(
            "Give either rule or burn_rate and window_minutes, not both; got both.")):
        reset_time(1.0, PAGE_FAST, slo_target=0.999, burn_rate=1, window_minutes=5)
    with pytest.raises(ValueError, match=re.escape("number must be a whole number >= 1 and "
                                                   "<= 6; got 7.")):
        workbook_approach(7, 0.999)


def test_closed_form_detection_agrees_with_replay_to_the_next_minute():
    # Constant 2.5 % errors (25 of 1,000 per minute) after 2 clean hours: the 1 h window
    # at burst minute k holds 25 (k+1) / 60,000 > 0.0144 <=> k + 1 > 34.56 -> row 120+34.
    # The closed form says 34.56 min; replay reports the minute that completes it.
    traffic = frame([0] * 120 + [25] * 60, requests=1000)
    out = evaluate_alerts(traffic, PAGE_FAST, slo_target=0.999)["page_1h_5m"]
    assert firing_rows(out)[0] == 120 + 34


# alert quality: tests/test_alert_quality.py


# --------------------------------------------------------------------------
# low traffic (Workbook ch. 5)
# --------------------------------------------------------------------------

def test_low_traffic_one_failure_at_10_requests_per_hour():
    impact = low_traffic_impact(10, slo_target=0.999)
    # 10 req/h x 720 h = 7,200 requests; 0.1 % of them = 7.2 allowed failures.
    assert impact.allowed_failures == pytest.approx(7.2)
    # One failure in an hour of 10 requests = 10 %; 10 % / 0.1 % = 100x. The Workbook
    # prints "1,000x": that is a slip; its 13.9 % (= 1 / 7.2) is right.
    assert impact.error_ratio == pytest.approx(0.1)
    assert impact.burn_rate == pytest.approx(100)
    assert round(impact.budget_consumed, 3) == 0.139


def test_low_traffic_failures_cannot_exceed_requests():
    with pytest.raises(ValueError, match=re.escape(
            "failures must be <= the alert window's requests (10); got 11.")):
        low_traffic_impact(10, slo_target=0.999, failures=11)


def test_significant_incidents_keeps_error_incidents_of_the_service_and_its_dependencies():
    # 28 days x 1,000 requests/min with a steady 0.01 % baseline (0.1 errors/min, written as
    # 1 error every 10th minute): budget at 99.9 % = 0.001 x 40,320,000 = 40,320 failures.
    idx = pd.date_range("2026-10-05", periods=28 * 1440, freq="1min", tz="UTC")
    errors = np.where(np.arange(len(idx)) % 10 == 0, 1, 0)
    t0 = pd.Timestamp("2026-10-10 12:00", tz="UTC")
    big = (idx >= t0) & (idx < t0 + pd.Timedelta(minutes=60))        # +500 errors/min for 60 min
    errors = np.where(big, errors + 500, errors)
    t1 = pd.Timestamp("2026-10-20 08:00", tz="UTC")
    tiny = (idx >= t1) & (idx < t1 + pd.Timedelta(minutes=2))       # +100 errors/min for 2 min
    errors = np.where(tiny, errors + 100, errors)
    traffic = pd.DataFrame({"requests": 1000, "errors": errors}, index=idx)
    incidents = pd.DataFrame({
        "id": ["A", "B", "C", "D"],
        "service": ["payment", "checkout", "checkout", "search"],
        "kind": ["errors", "errors", "latency", "errors"],
        "started": [t0, t1, t0, t1],
        "mitigated": [t0 + pd.Timedelta(minutes=60), t1 + pd.Timedelta(minutes=2),
                      t0 + pd.Timedelta(minutes=60), t1 + pd.Timedelta(minutes=2)],
    })
    truth = sl.significant_incidents(traffic, incidents, service="checkout", slo_target=0.999,
                                     window_days=28)
    # A (payment, a dependency of checkout): about 30,000 extra failures = 0.744 of the budget.
    # B: about 200 extra failures = 0.005 < 1 %. C is a latency incident (never counted).
    # D is search's (also a dependency of checkout) over B's minutes: 0.005 as well.
    assert list(truth["id"]) == ["A"]
    assert truth.loc[0, "budget_share"] == pytest.approx(30_000 / 40_320, rel=0.01)
    looser = sl.significant_incidents(traffic, incidents, service="checkout", slo_target=0.999,
                                      window_days=28, min_budget_share=0.001)
    assert list(looser["id"]) == ["A", "B", "D"]
