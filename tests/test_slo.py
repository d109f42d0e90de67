"""Tests for sre_lab.slo.

Expected values are worked out by hand in the comments, or taken from the
SRE Workbook (Tables 5-4 and 5-8), OpenSLO's budgeting-method README and
slo-generator's report fixture; never copied from the code's output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import sre_lab as sl
from sre_lab.slo import (
    SLO,
    SLO_TIERS,
    allowed_downtime,
    availability_sli,
    budget_consumed,
    budget_over_time,
    burn_rate,
    burn_rate_for_budget,
    composite_sli,
    dimension_budgets,
    error_budget,
    latency_sli,
    max_burn_rate,
    parallel_availability,
    ratio_timeslice_sli,
    serial_availability,
    sli_events,
    slo_from_tier,
    time_to_exhaustion,
    timeslice_sli,
)

START = pd.Timestamp("2026-10-05", tz="UTC")
BOUNDS = (100, 200, 300, 500, 1000)


def frame(errors, requests=100, start=START, **buckets):
    errors = np.asarray(errors, dtype=float)
    if np.ndim(requests) == 0:
        requests = np.full(len(errors), float(requests))
    index = pd.date_range(start, periods=len(errors), freq="1min")
    data = {"requests": requests, "errors": errors}
    data.update({f"latency_le_{k[1:]}ms": v for k, v in buckets.items()})
    return pd.DataFrame(data, index=index)


targets = st.floats(0.5, 0.99999)
ratios = st.floats(0, 1)


# --------------------------------------------------------------------------
# the contract oracles (DESIGN §3, QUALITY.md)
# --------------------------------------------------------------------------

def test_99_9_over_30_days_allows_43_2_minutes():
    # 0.001 x 30 d x 1,440 min = 43.2 min = 2,592 s.
    assert allowed_downtime(0.999) == dt.timedelta(minutes=43.2)
    assert allowed_downtime(0.999, window_days=30) == dt.timedelta(seconds=2592)


def test_99_999_allows_26_seconds():
    # 0.00001 x 2,592,000 s = 25.92 s ("26 s", Workbook ch. 5).
    assert allowed_downtime(0.99999).total_seconds() == pytest.approx(25.92)


def test_a_million_requests_at_99_9_allow_1000_failures():
    # 1,000,000 x 0.001 = 1,000.
    assert error_budget(0.999, 1_000_000) == pytest.approx(1000)


def test_burn_rate_1_spends_exactly_the_budget_over_the_window():
    # 1 x 720 h / 720 h = 1 (all of it); time to exhaustion = 30 d / 1 = 30 d.
    assert budget_consumed(1, alert_window_hours=720) == 1.0
    assert time_to_exhaustion(1) == dt.timedelta(days=30)
    # A constant 0.1 % error ratio at 99.9 % is burn rate 1 (Workbook ch. 5).
    assert burn_rate(0.001, 0.999) == pytest.approx(1)


def test_100_failures_in_an_hour_with_1000_allowed_a_month_is_72x():
    # 1,000 allowed failures at 99.9 % means 1,000,000 requests a month, 1,000,000 / 720
    # = 1,388.9 an hour. 100 failures in one hour: 100 / 1,388.9 = 7.2 % errors, and
    # 0.072 / 0.001 = 72x -- the outline's 100 / (1000 / 720) = 72.
    hourly_requests = 1_000_000 / 720
    assert burn_rate(100 / hourly_requests, 0.999) == pytest.approx(100 / (1000 / 720))
    assert burn_rate(100 / hourly_requests, 0.999) == pytest.approx(72)


def test_table_5_8_budget_shares():
    # 14.4 x 1 / 720 = 2 %; 6 x 6 / 720 = 5 %; 1 x 72 / 720 = 10 %.
    assert budget_consumed(14.4, alert_window_hours=1) == pytest.approx(0.02)
    assert budget_consumed(6, alert_window_hours=6) == pytest.approx(0.05)
    assert budget_consumed(1, alert_window_hours=72) == pytest.approx(0.10)
    # ... and back: share x 720 / hours.
    assert burn_rate_for_budget(0.02, alert_window_hours=1) == pytest.approx(14.4)
    assert burn_rate_for_budget(0.05, alert_window_hours=6) == pytest.approx(6)
    assert burn_rate_for_budget(0.10, alert_window_hours=72) == pytest.approx(1)


def test_table_5_4_time_to_exhaustion():
    # 30 d / burn: 1 -> 30 d, 2 -> 15 d, 10 -> 3 d, 1000 -> 43.2 min.
    assert [time_to_exhaustion(b) for b in (1, 2, 10)] == [
        dt.timedelta(days=30), dt.timedelta(days=15), dt.timedelta(days=3)]
    assert time_to_exhaustion(1000) == dt.timedelta(minutes=43.2)
    # Table 5-4's error rates: burn x 0.1 %.
    assert [burn_rate(e, 0.999) for e in (0.001, 0.002, 0.01, 1.0)] == pytest.approx(
        [1, 2, 10, 1000])


def test_time_to_exhaustion_of_burn_zero_is_never():
    assert time_to_exhaustion(0) is sl.NEVER  # was datetime.timedelta.max before sl.NEVER
    times = time_to_exhaustion(np.array([0.0, 10.0]))
    assert np.isnat(times[0])
    assert times[1] == np.timedelta64(3, "D")


def test_max_burn_rate():
    # 1 / (1 - 0.9) = 10 < 14.4: the Workbook's fast page cannot fire at 90 %.
    assert max_burn_rate(0.9) == pytest.approx(10)
    assert max_burn_rate(0.999) == pytest.approx(1000)


def test_slo_generator_report_fixture():
    # slo-generator tests/unit/fixtures/slo_report_v2.json: goal 0.9, good = bad = 3,556
    # over 43,200 s -> SLI 0.5, burn rate 0.5 / 0.1 = 5, budget 0.1 x 720 min = 72 min,
    # spent 5 x 72 = 360 min, remaining 72 - 360 = -288 min.
    assert burn_rate(3556 / 7112, 0.9) == pytest.approx(5)
    budget = allowed_downtime(0.9, window_days=43_200 / 86_400)
    assert budget == dt.timedelta(minutes=72)
    assert (budget - 5 * budget) == dt.timedelta(minutes=-288)


def test_arrays_and_series_keep_their_shape():
    targets_ = np.array([0.99, 0.999])
    assert error_budget(targets_, 1000).tolist() == pytest.approx([10, 1])
    ratio = pd.Series([0.001, 0.002], index=["a", "b"])
    out = burn_rate(ratio, 0.999)
    assert isinstance(out, pd.Series) and out.index.tolist() == ["a", "b"]
    assert out.tolist() == pytest.approx([1, 2])
    downtime = allowed_downtime(targets_)
    assert downtime.dtype.kind == "m" and downtime[1] == np.timedelta64(2592, "s")


def test_tidy_budget_fraction_gives_round_numbers():
    # 1 - 0.999 is 0.0010000000000000009 in floats; the module tidies it to 0.001, so
    # 0.2 % errors are exactly burn rate 2 and 10^6 requests allow exactly 1,000.
    assert burn_rate(0.002, 0.999) == 2.0
    assert error_budget(0.999, 1_000_000) == 1000.0


ERRORS = [
    (lambda: error_budget(99.9, 100), ValueError,
     "slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999."),
    (lambda: error_budget(1, 100), ValueError, "slo_target must be a fraction in (0, 1); got 1."),
    (lambda: error_budget("0.999", 100), TypeError,
     "slo_target must be a fraction in (0, 1); got '0.999'."),
    (lambda: error_budget(0.999, -1), ValueError, "total_events must be a number >= 0; got -1."),
    (lambda: error_budget(0.999, [10, -1]), ValueError,
     "total_events must be a number >= 0; got -1.0 at index 1."),
    (lambda: allowed_downtime(0.999, window_days=0), ValueError,
     "window_days must be a number > 0 and <= 3650; got 0."),
    (lambda: burn_rate(1.5, 0.999), ValueError,
     "error_ratio must be a fraction in [0, 1]; got 1.5. Write 1.5% as 0.015."),
    (lambda: time_to_exhaustion(-1), ValueError, "burn_rate must be a number >= 0; got -1."),
    (lambda: budget_consumed(1, alert_window_hours=0), ValueError,
     "alert_window_hours must be a number > 0; got 0."),
    (lambda: burn_rate_for_budget(2, alert_window_hours=1), ValueError,
     "budget_share must be a fraction in (0, 1]; got 2."),
]


@pytest.mark.parametrize("call, error, text", ERRORS)
def test_error_messages(call, error, text):
    with pytest.raises(error, match=re.escape(text) + "$"):
        call()


def test_budget_consumed_needs_the_alert_window_keyword():
    with pytest.raises(TypeError):
        budget_consumed(14.4, 1)  # noqa: the window must be named


# --------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------

@given(targets, st.floats(0, 1e12))
def test_budget_never_exceeds_the_events(target, events):
    assert 0 <= error_budget(target, events) <= events


@given(targets)
def test_burning_exactly_the_budget_fraction_is_burn_rate_1(target):
    # Equal up to the 1e-12 tidying of 1 - target (see the module notes).
    assert burn_rate(1 - target, target) == pytest.approx(1, rel=1e-9)


@given(ratios, targets, targets)
def test_a_stricter_target_burns_faster(error_ratio, t1, t2):
    assume(t1 < t2 and t2 - t1 > 1e-9)
    low, high = burn_rate(error_ratio, t1), burn_rate(error_ratio, t2)
    assert low <= high
    if error_ratio > 1e-300:  # (subnormal ratios round to the same tiny burn)
        assert low < high


@given(st.floats(1e-3, 1e4), st.floats(1, 365))
def test_exhaustion_time_times_burn_is_the_window(rate, days):
    seconds = time_to_exhaustion(rate, window_days=days).total_seconds()
    assert seconds * rate == pytest.approx(days * 86_400, rel=1e-6)


@given(st.floats(0.001, 1), st.floats(0.1, 200), st.floats(1, 90))
def test_burn_rate_for_budget_inverts_budget_consumed(share, hours, days):
    rate = burn_rate_for_budget(share, alert_window_hours=hours, window_days=days)
    assert budget_consumed(rate, alert_window_hours=hours, window_days=days) == \
        pytest.approx(share)


# --------------------------------------------------------------------------
# SLIs
# --------------------------------------------------------------------------

def test_availability_is_count_based_not_an_average_of_ratios():
    # Busy minute: 0 of 1,000 fail; quiet minute: 10 of 10 fail.
    # Count-based: 1 - 10 / 1,010 = 0.990099; average of ratios would be 0.5.
    traffic = frame([0, 10], requests=[1000, 10])
    assert availability_sli(traffic) == pytest.approx(1000 / 1010)


def test_latency_counts_successful_requests_only_and_composite_multiplies():
    # 100 requests, 20 errors -> 80 successes, 72 of them <= 300 ms.
    # latency = 72 / 80 = 0.9; composite = 72 / 100 = 0.72 = 0.8 x 0.9.
    traffic = frame([20], requests=100, _300=[72], _100=[10])
    assert latency_sli(traffic, threshold_ms=300) == pytest.approx(0.9)
    assert composite_sli(traffic, threshold_ms=300) == pytest.approx(0.72)
    assert composite_sli(traffic, threshold_ms=300) == pytest.approx(
        availability_sli(traffic) * latency_sli(traffic, threshold_ms=300))
    events = sli_events(traffic, sli="composite", threshold_ms=300)
    assert events.to_dict("list") == {"good": [72.0], "valid": [100.0]}


def test_latency_threshold_must_be_a_bucket_bound():
    traffic = frame([0], **{f"_{b}": [100] for b in BOUNDS})
    text = ("threshold_ms must be one of the bucket bounds 100, 200, 300, 500, 1000; got 250. "
            "A latency SLI can only be counted at a histogram bucket bound (le).")
    with pytest.raises(ValueError, match=re.escape(text) + "$"):
        latency_sli(traffic, threshold_ms=250)
    assert latency_sli(traffic, threshold_ms=300.0) == 1.0  # 300.0 is the bound 300


def test_latency_bucket_cannot_exceed_successes():
    traffic = frame([50], requests=100, _300=[60])
    text = ("traffic['latency_le_300ms'] must be <= requests - errors (it counts successful "
            "requests only); got 60 > 50 at 2026-10-05 00:00:00+00:00.")
    with pytest.raises(ValueError, match=re.escape(text) + "$"):
        latency_sli(traffic, threshold_ms=300)


def test_sli_kind_error():
    with pytest.raises(ValueError, match=re.escape(
            "sli must be one of 'availability', 'latency', 'composite'; got 'Latency'. "
            "Did you mean 'latency'?")):
        sli_events(frame([0]), sli="Latency")


def test_timeslices_count_bad_minutes_not_bad_requests():
    # Slices: 1/100 (99 %, good at 95 %), 6/100 (94 %, bad), 0/100 (good), 10/10 (bad).
    traffic = frame([1, 6, 0, 10], requests=[100, 100, 100, 10])
    assert timeslice_sli(traffic, slice_target=0.95) == 0.5
    # Two-minute slices: (7/200 -> 96.5 % good), (10/110 -> 90.9 % bad).
    assert timeslice_sli(traffic, slice_target=0.95, slice_minutes=2) == 0.5
    # Ratio timeslices: mean of 0.99, 0.94, 1, 0 = 2.93 / 4.
    assert ratio_timeslice_sli(traffic) == pytest.approx(2.93 / 4)


def test_timeslices_empty_slices():
    traffic = frame([0, 0, 5], requests=[100, 0, 10])
    # Slices: good, empty, bad (50 %).
    assert timeslice_sli(traffic, slice_target=0.9) == pytest.approx(2 / 3)
    assert timeslice_sli(traffic, slice_target=0.9, empty_slices="bad") == pytest.approx(1 / 3)
    assert timeslice_sli(traffic, slice_target=0.9, empty_slices="ignore") == 0.5
    assert ratio_timeslice_sli(traffic) == pytest.approx(0.75)  # (1 + 0.5) / 2


# OpenSLO examples/budgeting-method/README.md: 2 weeks rolling, 24,000 requests a day,
# 99 % success normally, 95 % objective, a DDoS drops availability to 1 %.

def test_openslo_occurrences_budget():
    # 14 days x 24,000 = 336,000 requests; 5 % of them = 16,800 allowed failures.
    assert error_budget(0.95, 14 * 24_000) == pytest.approx(16_800)
    # The README's "16,632 failed requests" is 99 % of 16,800: the failures among the
    # first 16,800 requests of a 1 %-availability attack (0.99 x 16,800 = 16,632). Strictly
    # the budget needs 16,800 failures; the README counts attack requests, not failures.
    assert round(0.99 * error_budget(0.95, 336_000)) == 16_632


def test_openslo_timeslices_16_hours_48_minutes():
    # 14 x 1,440 = 20,160 one-minute slices; 5 % = 1,008 bad minutes = 16 h 48 min.
    assert allowed_downtime(0.95, window_days=14) == dt.timedelta(hours=16, minutes=48)
    # Replay it: 100 req/min at 1 error (99 %, good slices), attack minutes at 99 errors
    # (1 % availability, bad). 1,008 attack minutes leave the SLI exactly at 95 %
    # (19,152 / 20,160): the budget is spent; one more minute breaks the SLO.
    for attack, expected in ((1008, 19_152 / 20_160), (1009, 19_151 / 20_160)):
        errors = np.ones(20_160)
        errors[:attack] = 99
        assert timeslice_sli(frame(errors), slice_target=0.95) == expected
    assert 19_152 / 20_160 >= 0.95 > 19_151 / 20_160


def test_openslo_ratio_timeslices_about_13_h_45_min():
    # Mean of per-minute ratios: (0.99 (20,160 - x) + 0.01 x) / 20,160 = 0.95
    # -> 0.98 x = 0.04 x 20,160 -> x = 822.86 min = 13 h 43 min ("about 13 h 45 min").
    def sli(attack):
        errors = np.ones(20_160)
        errors[:attack] = 99
        return ratio_timeslice_sli(frame(errors))

    assert sli(822) > 0.95 > sli(823)
    # With a constant 100 req/min the count-based (occurrences) SLI crosses at the same
    # x: bad = 20,160 + 98 x, allowed = 0.05 x 2,016,000 = 100,800 -> x = 822.86.
    errors = np.ones(20_160)
    errors[:823] = 99
    assert availability_sli(frame(errors)) < 0.95


def test_openslo_low_traffic_example_5_min_2_4_s():
    # examples/treat-low-traffic-as-equally-important: 1 week at 99.95 % ->
    # 10,080 min x 0.0005 = 5.04 min = 5 min 2.4 s of bad minutes.
    assert allowed_downtime(0.9995, window_days=7) == dt.timedelta(minutes=5, seconds=2.4)


# --------------------------------------------------------------------------
# budget over time
# --------------------------------------------------------------------------

def three_days_around_month_end():
    # 2026-10-30 00:00 .. 2026-11-02 00:00 (4,320 minutes), 100 req/min.
    # 10 errors/min on rows 60-159 (Oct 30, 1,000 bad) and 5 errors on row 2890 (Nov 1).
    errors = np.zeros(4320)
    errors[60:160] = 10
    errors[2890] = 5
    return frame(errors, start=pd.Timestamp("2026-10-30", tz="UTC"))


def test_calendar_month_budget_by_hand():
    b = budget_over_time(three_days_around_month_end(), slo_target=0.999, window="calendar")
    # October: 2,880 minutes seen of 44,640. Projected valid = 100 x 44,640 = 4,464,000,
    # allowed = 4,464 -> consumed at Oct 31 23:59 = 1,000 / 4,464 = 0.22401.
    assert b["consumed"].iloc[2879] == pytest.approx(1000 / 4464)
    assert b["remaining"].iloc[2879] == pytest.approx(1 - 1000 / 4464)
    # November restarts at 0; by Nov 1 23:59 (1,440 of 43,200 minutes) 5 bad of an
    # allowed 0.001 x 100 x 43,200 = 4,320.
    assert b["consumed"].iloc[2880] == 0
    assert b["consumed"].iloc[4319] == pytest.approx(5 / 4320)
    # Per-step burn: row 60 has 10 / 100 = 10 % errors = 100x.
    assert b["burn_rate"].iloc[60] == pytest.approx(100)


def test_rolling_budget_by_hand():
    b = budget_over_time(three_days_around_month_end(), slo_target=0.999, window_days=1)
    # Row 1439 is the first full day: 1,000 bad of 144,000 -> ratio 0.00694 = 6.94x,
    # consumed = 1,000 / 144 = 6.94 budgets (a full window: consumed == window burn).
    assert b["consumed"].iloc[1439] == pytest.approx(1000 / 144)
    assert b["window_burn_rate"].iloc[1439] == pytest.approx(1000 / 144)
    # Row 4319: window = rows 2880..4319 holds only the 5 bad events: 5 / 144.
    assert b["consumed"].iloc[4319] == pytest.approx(5 / 144)
    # Before the first window is complete the budget is projected: row 159 has seen 160
    # minutes (16,000 requests, 1,000 bad) -> allowed 0.001 x 16,000 x 1,440 / 160 = 144.
    assert b["consumed"].iloc[159] == pytest.approx(1000 / 144)
    assert b["consumed"].iloc[59] == 0


def test_budget_over_time_uses_counts():
    # One quiet bad minute, one busy clean minute (like the availability test).
    traffic = frame([10, 0], requests=[10, 1000])
    b = budget_over_time(traffic, slo_target=0.99, window_days=2 / 1440)
    # Window burn = (10 / 1,010) / 0.01 = 0.990, not the average (1 + 0) / 2 / 0.01 = 50.
    assert b["window_burn_rate"].iloc[1] == pytest.approx(10 / 1010 / 0.01)


def test_budget_over_time_latency_and_columns():
    traffic = frame([0, 0], requests=100, _300=[99, 90])
    b = budget_over_time(traffic, slo_target=0.99, sli="latency", threshold_ms=300,
                         window_days=2 / 1440)
    assert list(b.columns) == ["bad", "valid", "burn_rate", "window_burn_rate", "consumed",
                               "remaining"]
    # 11 slow of 200 successes at 99 %: window burn (11/200) / 0.01 = 5.5.
    assert b["bad"].tolist() == [1, 10]
    assert b["consumed"].iloc[1] == pytest.approx(5.5)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=40),
       st.integers(1, 10))
def test_full_rolling_windows_consume_their_burn_rate(rows, window_minutes):
    requests = [r + e for r, e in rows]
    errors = [e for _, e in rows]
    b = budget_over_time(frame(errors, requests=requests), slo_target=0.99,
                         window_days=window_minutes / 1440)
    for t in range(window_minutes - 1, len(rows)):
        lo = t - window_minutes + 1
        valid = sum(requests[lo:t + 1])
        expected = sum(errors[lo:t + 1]) / (0.01 * valid) if valid else 0.0
        assert b["consumed"].iloc[t] == pytest.approx(expected)


def test_budget_over_time_needs_a_regular_index():
    # Minutes 00:00, 00:01, then 00:03: the first step sets the pace, the gap is named.
    traffic = frame([0, 1, 2, 3]).iloc[[0, 1, 3]]
    with pytest.raises(ValueError, match=re.escape(
            "traffic must be indexed by a sorted, duplicate-free DatetimeIndex with a regular step; "
            "got a step of 0 days 00:02:00 "
            "after 2026-10-05 00:01:00+00:00.")):
        budget_over_time(traffic, slo_target=0.999)


# --------------------------------------------------------------------------
# several dimensions, dependencies
# --------------------------------------------------------------------------

def test_dimension_budgets_by_hand():
    # 10,000 requests, 5 errors, 9,895 of the 9,995 successes <= 300 ms.
    traffic = frame([5], requests=10_000, _300=[9_895])
    d = dimension_budgets(traffic, availability_target=0.999, latency_target=0.99,
                          threshold_ms=300)
    # availability: 5 bad of 10 allowed (0.001 x 10,000) -> 50 %.
    assert d.loc["availability", "consumed"] == pytest.approx(0.5)
    # latency: 100 slow of 99.95 allowed (0.01 x 9,995) -> 100.05 %, missed.
    assert d.loc["latency", "allowed_bad_events"] == pytest.approx(99.95)
    assert not d.loc["latency", "met"]
    # composite target 0.999 x 0.99 = 0.98901: 105 bad of 0.01099 x 10,000 = 109.9 allowed.
    assert d.loc["composite", "target"] == pytest.approx(0.98901)
    assert d.loc["composite", "consumed"] == pytest.approx(105 / 109.9)
    assert d.loc["composite", "met"]


def test_serial_and_parallel_availability():
    # Serial: 0.99 x 0.99 = 0.9801. Parallel: 1 - 0.01 x 0.01 = 0.9999.
    assert serial_availability([0.99, 0.99]) == pytest.approx(0.9801)
    assert parallel_availability([0.99, 0.99]) == pytest.approx(0.9999)
    # Last axis = components: two scenarios at once.
    out = serial_availability(np.array([[0.9, 0.9], [0.5, 1.0]]))
    assert out.tolist() == pytest.approx([0.81, 0.5])
    with pytest.raises(ValueError, match=re.escape(
            "availabilities must be a fraction in [0, 1]; got 99.0 at index 1. "
            "Write 99% as 0.99.")):
        serial_availability([0.99, 99])


# --------------------------------------------------------------------------
# SLO definitions and tiers
# --------------------------------------------------------------------------

def test_tiers_follow_home_depot():
    # Workbook ch. 3, Home Depot: 99.5 / 99.9 / 99.95 / 99.99 %.
    assert {k: t.target for k, t in SLO_TIERS.items()} == {
        "silver": 0.995, "gold": 0.999, "platinum": 0.9995, "infrastructure": 0.9999}
    with pytest.raises(TypeError):
        SLO_TIERS["bronze"] = None  # read-only


def test_slo_from_tier_and_budget():
    slo = slo_from_tier("search-availability", "gold", owner="search")
    assert (slo.target, slo.tier, slo.window_days, slo.owner) == (0.999, "gold", 30, "search")
    assert slo.allowed_downtime() == dt.timedelta(minutes=43.2)
    assert slo.error_budget(1_000_000) == pytest.approx(1000)
    assert "most non-selling" in slo.description
    with pytest.raises(dataclasses.FrozenInstanceError):
        slo.target = 0.99


def test_slo_measures_its_sli():
    slo = SLO("checkout-latency", "latency", 0.9, threshold_ms=300, window_days=28)
    traffic = frame([20], requests=100, _300=[72])
    assert slo.sli_value(traffic) == pytest.approx(0.9)
    assert slo.budget_fraction == pytest.approx(0.1)


SLO_ERRORS = [
    (dict(name="", sli="availability", target=0.99), ValueError,
     "name must be a non-empty string; got ''."),
    (dict(name="a", sli="speed", target=0.99), ValueError,
     "sli must be one of 'availability', 'latency', 'composite'; got 'speed'."),
    (dict(name="a", sli="availability", target=99.5), ValueError,
     "target must be a fraction in (0, 1); got 99.5. Write 99.5% as 0.995."),
    (dict(name="a", sli="availability", target=0.99, window_days=0), ValueError,
     "window_days must be a number > 0 and <= 366; got 0."),
    (dict(name="a", sli="availability", target=0.99, tier="Gold"), ValueError,
     "tier must be one of 'silver', 'gold', 'platinum', 'infrastructure'; got 'Gold'. "
     "Did you mean 'gold'?"),
    (dict(name="a", sli="latency", target=0.99), ValueError,
     "threshold_ms must be a latency in ms for a latency SLO; got None."),
    (dict(name="a", sli="availability", target=0.99, threshold_ms=300), ValueError,
     "threshold_ms must be None for an availability SLO; got 300."),
]


@pytest.mark.parametrize("kwargs, error, text", SLO_ERRORS)
def test_slo_error_messages(kwargs, error, text):
    with pytest.raises(error, match=re.escape(text) + "$"):
        SLO(**kwargs)


def test_module_docstring_lists_every_public_name():
    import sre_lab.slo as module

    for name in module.__all__:
        assert f"``{name}``" in module.__doc__, name
    assert all(hasattr(sl, name) for name in module.__all__)


def _flat_month_with_a_bad_last_hour():
    # 28 days x 1,000 requests a minute; the last hour fails 10 % (100 a minute).
    idx = pd.date_range("2026-10-05", periods=28 * 1440, freq="1min", tz="UTC")
    traffic = pd.DataFrame({"requests": 1000, "errors": 0}, index=idx)
    traffic.loc[idx[-60:], "errors"] = 100
    return traffic


def test_slo_status_rolling_window_by_hand():
    status = sl.slo_status(_flat_month_with_a_bad_last_hour(), slo_target=0.999, window_days=28)
    # budget 0.001 x 40,320,000 = 40,320; 6,000 bad -> 14.88 % spent
    assert status.allowed_bad_events == pytest.approx(40_320)
    assert status.consumed == pytest.approx(6_000 / 40_320)
    assert status.remaining == pytest.approx(1 - 6_000 / 40_320)
    # last 24 h: 6,000 / 1,440,000 = 0.4167 % errors = 4.17x; a full 28-day budget lasts 28 / 4.17 days
    assert status.current_burn_rate == pytest.approx(6_000 / 1_440_000 / 0.001)
    burn = 6_000 / 1_440_000 / 0.001
    assert status.time_to_exhaustion.total_seconds() == pytest.approx(28 * 86400 / burn, rel=1e-6)
    assert status.sli_value == pytest.approx(1 - 6_000 / 40_320_000)


def test_slo_status_calendar_month_in_progress_projects_the_budget():
    status = sl.slo_status(_flat_month_with_a_bad_last_hour(), slo_target=0.999, window="calendar")
    # the last row is 1 Nov: November so far is one day (1,440,000 requests), projected over
    # 30 days = 43,200,000 -> budget 43,200; the 6,000 bad of the last hour are 13.9 % of it.
    assert status.window_days == 30
    assert status.window_start == pd.Timestamp("2026-11-01", tz="UTC")
    assert status.allowed_bad_events == pytest.approx(43_200)
    assert status.consumed == pytest.approx(6_000 / 43_200)
