"""Issue 14 regressions: each case that once gave a wrong number or a raw traceback.

One test (or a small table) per case of the issue, asserting the new behaviour
exactly: the value worked out independently (plain pandas on the same data, a
hand calculation), or the error type and a message naming the parameter, the
rule and the value. Also the shared conventions of issue 8 item 8: one traffic
order check, one ``window_days`` default, one value for "never".
"""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import promtool_support as ps
import sre_lab as sl

PACKAGE = Path(sl.__file__).parent


@pytest.fixture(scope="module")
def checkout():
    return sl.load_requests(service="checkout")


def raises(error, text, call):
    """``call()`` raises ``error`` with exactly ``text`` (a full message)."""
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == text
    return info


# --------------------------------------------------------------------------
# case 2: wrong numbers on unsorted traffic, row-counted slices, hourly peaks
# --------------------------------------------------------------------------

ORDER = ("traffic must be indexed by a sorted, duplicate-free {what}; got rows out of order at "
         "row {row} ({later} after {earlier}). Sort it with traffic.sort_index().")


def test_case2_policy_step_report_refuses_reversed_traffic_and_is_right_sorted(checkout):
    reversed_ = checkout.iloc[::-1]
    with pytest.raises(ValueError) as info:
        sl.policy_step_report(reversed_, slo_target=0.999)
    assert str(info.value) == ORDER.format(
        what="DatetimeIndex", row=1, later=checkout.index[-2], earlier=checkout.index[-1])
    # the right 7-day burn, by plain pandas: errors / requests of the last 7 x 1440 minutes
    last_week = checkout.iloc[-7 * 1440:]
    burn_7d = last_week["errors"].sum() / last_week["requests"].sum() / 0.001
    report = sl.policy_step_report(checkout, slo_target=0.999).set_index("step")
    assert report.loc["7 days", "burn_rate"] == pytest.approx(burn_7d, rel=1e-9)
    assert report.loc["7 days", "burn_rate"] == pytest.approx(1.55, abs=0.01)  # the 1.55
    assert bool(report.loc["7 days", "in_alert"]) is True                       # 1.55 > 1.5
    whole = checkout["errors"].sum() / checkout["requests"].sum() / 0.001
    assert report.loc["28 days", "burn_rate"] == pytest.approx(whole, rel=1e-9)


def _good_slice_share(frame, minutes, target):
    slices = frame[["requests", "errors"]].resample(f"{minutes}min").sum()
    ratio = 1 - slices["errors"] / slices["requests"]
    return float((ratio >= target).mean())


def test_case2_timeslice_sli_refuses_shuffled_rows_and_counts_minutes(checkout):
    shuffled = checkout.sample(frac=1, random_state=0)
    with pytest.raises(ValueError, match=r"^traffic must be indexed by a sorted, duplicate-free "
                       r"DatetimeIndex with a regular step; got rows out of order at row \d+ "):
        sl.timeslice_sli(shuffled, slice_target=0.999, slice_minutes=5)
    expected = _good_slice_share(checkout, 5, 0.999)
    assert expected == pytest.approx(0.946, abs=0.001)                   # the 0.946
    assert sl.timeslice_sli(checkout, slice_target=0.999, slice_minutes=5) == pytest.approx(expected)
    five = checkout[["requests", "errors"]].resample("5min").sum()
    # 5-minute data with slice_minutes=5: one row per slice (was 25-minute slices)
    assert sl.timeslice_sli(five, slice_target=0.999, slice_minutes=5) == pytest.approx(expected)
    assert sl.timeslice_sli(five, slice_target=0.999, slice_minutes=15) == pytest.approx(
        _good_slice_share(checkout, 15, 0.999))
    raises(ValueError, "slice_minutes must be a whole multiple of the traffic's step "
           "(0 days 00:05:00); got 3. A slice must hold whole rows of the data.",
           lambda: sl.timeslice_sli(five, slice_target=0.999, slice_minutes=3))


def test_case2_peak_to_mean_ratio_on_hourly_data(checkout):
    hourly = checkout[["requests"]].resample("1h").sum()
    raises(ValueError, "bucket_minutes must be a whole multiple of the traffic's step "
           "(0 days 01:00:00); got 5. Pass bucket_minutes=60 or more for this data: a peak "
           "cannot be measured finer than the data.", lambda: sl.peak_to_mean_ratio(hourly))
    by_day = hourly["requests"].groupby(hourly.index.floor("D"))
    expected = float(np.median(by_day.max() / by_day.mean()))
    assert sl.peak_to_mean_ratio(hourly, bucket_minutes=60) == pytest.approx(expected)
    assert 1.4 < expected < 1.59                        # nowhere near the old 18.6
    # and minute data still gives the 1.59 with 5-minute buckets
    assert sl.peak_to_mean_ratio(checkout) == pytest.approx(1.59, abs=0.005)


# --------------------------------------------------------------------------
# case 3: dates that become 1970 or NaT
# --------------------------------------------------------------------------

START_RULE = "start must be a date or timestamp such as '2026-10-05' (between 1900 and 2200)"


@pytest.mark.parametrize("call, shown", [
    (lambda: sl.simulate_traffic(2026, 1), "2026"),
    (lambda: sl.simulate_incidents(None, 7), "None"),
    (lambda: sl.simulate_incidents(float("nan"), 7), "nan"),
    (lambda: sl.simulate_traffic(None, 1), "None"),        # case 12 too
])
def test_case3_numbers_and_missing_values_are_not_dates(call, shown):
    raises(TypeError, f"{START_RULE}; got {shown}. Write the date as text, e.g. '2026-10-05'.",
           call)


def test_case3_out_of_range_start_is_refused():
    raises(ValueError, f"{START_RULE}; got '3026-01-01'.",
           lambda: sl.simulate_incidents("3026-01-01", 7))


# --------------------------------------------------------------------------
# case 4: a year typo in a learner's CSV
# --------------------------------------------------------------------------

@pytest.mark.parametrize("stamp", ["3026-10-05T00:02:00Z", "9999-12-31T00:00:00Z",
                                   "0001-01-01T00:00:00Z", "3026-10-05 00:02"])
def test_case4_csv_year_typo_names_file_line_and_cell(tmp_path, stamp):
    first = "2026-10-05T00:00:00Z" if stamp.endswith("Z") else "2026-10-05 00:00"
    second = "2026-10-05T00:01:00Z" if stamp.endswith("Z") else "2026-10-05 00:01"
    path = tmp_path / "mine.csv"
    path.write_text(f"timestamp,requests,errors\n{first},10,0\n{second},10,0\n{stamp},10,0\n")
    with pytest.raises(ValueError) as info:
        sl.load_traffic_csv(path)
    text = str(info.value)
    assert text.startswith(f"{path} has 1 kind of problem; nothing was loaded")
    assert (f"- timestamps outside the years 1900 .. 2199, 1 line: line 4 "
            f"(timestamp: {stamp!r}). Check the year for a typo (3026 for 2026).") in text


# --------------------------------------------------------------------------
# cases 6 and 7: Prometheus export
# --------------------------------------------------------------------------

@pytest.mark.parametrize("selector", ['http_requests_total{path=~"/(api|v2)/.*"}',
                                      'http_requests_total{path="/a[0]"}'])
def test_case6_brackets_inside_quoted_label_values_are_valid(selector):
    errors = selector[:-1] + ',code=~"5.."}'
    text = sl.to_prometheus_rules("x", slo_target=0.999, errors_counter=errors,
                                  total_counter=selector)
    assert f"sum(increase({errors}[5m])) / sum(increase({selector}[5m]))" in text


def test_case6_brackets_outside_quotes_are_still_refused():
    with pytest.raises(ValueError, match=r"^errors_counter must be a PromQL counter selector .*"
                       r"Give the bare counter, without a range or a function"):
        sl.to_prometheus_rules("x", slo_target=0.999, errors_counter='e{code="5"}[5m]',
                               total_counter="t")


def test_case7_no_advice_to_pass_an_argument_that_does_not_exist():
    with pytest.raises(ValueError) as info:
        sl.to_prometheus_rules("x", slo_target=0.9, errors_counter="e", total_counter="t")
    text = str(info.value)
    assert text.startswith("slo_target must be above 0.930556 for rule 'page_1h_5m'")
    assert "Pass strict=False" not in text
    assert "rules=sl.workbook_policy(slo_target, strict=False)" in text


# --------------------------------------------------------------------------
# case 8: release_gate on broken frames
# --------------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [(None, "NoneType"), (np.zeros(3), "ndarray"),
                                          ([1, 2], "list")])
def test_case8_release_gate_non_frames(value, shown):
    raises(TypeError, f"traffic must be a DataFrame with the columns 'requests', 'errors'; "
           f"got {shown!r}.", lambda: sl.release_gate(value, slo_target=0.999))


def test_case8_release_gate_empty_frames():
    raises(ValueError, "traffic must have the columns 'requests', 'errors'; got a DataFrame "
           "without 'requests', 'errors'.", lambda: sl.release_gate(pd.DataFrame(), slo_target=0.999))
    empty = pd.DataFrame({"requests": [], "errors": []},
                         index=pd.DatetimeIndex([], tz="UTC"))
    raises(ValueError, "traffic must be a DataFrame with at least one row; got an empty DataFrame.",
           lambda: sl.release_gate(empty, slo_target=0.999))


def test_case8_release_gate_shuffled_and_time_zones(checkout):
    shuffled = checkout.sample(frac=1, random_state=0)
    with pytest.raises(ValueError, match=r"^traffic must be indexed by a sorted, duplicate-free "
                       r"DatetimeIndex with a regular step; got rows out of order at row \d+ .* "
                       r"Sort it with traffic\.sort_index\(\)\.$"):
        sl.release_gate(shuffled, slo_target=0.999)
    naive = checkout.tz_localize(None)
    raises(ValueError, "at must be a time without a time zone, like traffic's index; got "
           "'2026-10-20 00:00:00+00:00'. Give traffic a time zone (traffic.tz_localize('UTC')) "
           "or drop it from at.",
           lambda: sl.release_gate(naive, slo_target=0.999, at=pd.Timestamp("2026-10-20", tz="UTC")))
    # a naive moment with a naive index is fine: same budget as the aware pair
    a = sl.release_gate(naive, slo_target=0.999, at="2026-10-20")
    b = sl.release_gate(checkout, slo_target=0.999, at="2026-10-20")
    assert a.consumed == pytest.approx(b.consumed)


# --------------------------------------------------------------------------
# case 10: arrays where one number is meant
# --------------------------------------------------------------------------

def test_case10_slo_definitions_take_single_numbers():
    raises(TypeError, "target must be a single number, not an array; got [0.99, 0.999].",
           lambda: sl.SLO("x", "availability", [0.99, 0.999]))
    raises(TypeError, "window_days must be a single number, not an array; got [30].",
           lambda: sl.SLO("x", "availability", 0.99, window_days=np.array([30])))
    raises(TypeError, "slo_target must be a single number, not an array; got [0.99].",
           lambda: sl.to_openslo("x", slo_target=np.array([0.99]), service="s",
                                 errors_counter="e", total_counter="t"))


# --------------------------------------------------------------------------
# case 11: messages that blamed the wrong parameter
# --------------------------------------------------------------------------

def test_case11_postmortem_blames_the_target():
    raises(TypeError, "slo_target must be a single number, not an array; got [0.99, 0.999].",
           lambda: sl.postmortem_required(100, slo_target=[0.99, 0.999], window_valid_events=1e6))


def test_case11_unsorted_traffic_is_refused_not_blamed_on_totals(checkout):
    reversed_ = checkout.iloc[::-1]
    incidents = sl.load_incidents()
    own = incidents[incidents["service"] == "checkout"]
    expected = ORDER.format(what="DatetimeIndex with a regular step", row=1,
                            later=checkout.index[-2], earlier=checkout.index[-1])
    raises(ValueError, expected,
           lambda: sl.incident_budget_shares(reversed_, own, slo_target=0.999, window_days=28))
    raises(ValueError, ORDER.format(what="DatetimeIndex", row=1, later=checkout.index[-2],
                                    earlier=checkout.index[-1]),
           lambda: sl.significant_incidents(reversed_, incidents, service="checkout",
                                            slo_target=0.999, window_days=28))


def test_case11_all_services_at_once_says_so():
    text = ("traffic must hold one service; got 4 services ('checkout', 'payment', 'search', "
            "'notifications'). Select one first, e.g. sl.load_requests(service='checkout').")
    raises(ValueError, text, lambda: sl.significant_incidents(
        sl.load_requests(), sl.load_incidents(), service="checkout", slo_target=0.999))
    raises(ValueError, text, lambda: sl.policy_step_report(sl.load_requests(), slo_target=0.999))


def test_case11_huge_window_names_the_window():
    raises(ValueError, "window_days must be a number > 0 and <= 3650; got 1e+308.",
           lambda: sl.workbook_policy(0.999, window_days=1e308))


# --------------------------------------------------------------------------
# case 12: raw numpy / pandas errors
# --------------------------------------------------------------------------

SINGLE = "must be a single number, not an array; got [0.99, 0.999]."


@pytest.mark.parametrize("call, name", [
    (lambda: sl.low_traffic_impact(np.array([0.99, 0.999]), slo_target=0.999),
     "requests_per_hour"),
    (lambda: sl.low_traffic_impact(10, slo_target=np.array([0.99, 0.999])), "slo_target"),
    (lambda: sl.workbook_policy(np.array([0.99, 0.999])), "slo_target"),
    (lambda: sl.workbook_approach(4, np.array([0.99, 0.999])), "slo_target"),
    (lambda: sl.unreachable_rules(sl.workbook_policy(0.999),
                                  slo_target=np.array([0.99, 0.999])), "slo_target"),
    (lambda: sl.evaluate_alerts(sl.load_requests(service="payment"), sl.workbook_policy(0.999),
                                slo_target=[0.99, 0.999]), "slo_target"),
])
def test_case12_arrays_for_single_numbers(call, name):
    raises(TypeError, f"{name} {SINGLE}", call)


def test_case12_queue_functions_take_single_numbers():
    raises(TypeError, "service_time_ms must be a single number, not an array; got [100, 200].",
           lambda: sl.capacity_needed(5, service_time_ms=np.array([100, 200]),
                                      latency_threshold_ms=200, latency_target=0.6))
    raises(TypeError, "service_time_ms must be a single number, not an array; got [100, 200].",
           lambda: sl.mmc_metrics(arrival_rate_rps=5, service_time_ms=np.array([100, 200]),
                                  servers=1))
    raises(TypeError, "per_week must be a single number, not an array; got [1, 2].",
           lambda: sl.simulate_incidents("2026-01-01", 7, per_week=np.array([1, 2])))


def test_case12_mismatched_lengths_name_both_parameters():
    raises(ValueError, "total_events must be a single number or the same length as slo_target "
           "(2); got 3 values.", lambda: sl.error_budget([0.99, 0.999], [1, 2, 3]))
    raises(ValueError, "slo_target must be a single number or the same length as error_ratio "
           "(2); got 3 values.", lambda: sl.burn_rate([0.1, 0.2], [0.99, 0.999, 0.9]))
    # arrays of the same length still work element by element: 1 % of 100, 0.1 % of 1,000
    assert sl.error_budget([0.99, 0.999], [100, 1000]).tolist() == pytest.approx([1.0, 1.0])


def test_case12_sizes_that_would_exhaust_memory_or_time():
    raises(ValueError, "days must be a whole number >= 1 and <= 366; got 1000000000.",
           lambda: sl.simulate_traffic("2026-01-01", 10**9))
    raises(ValueError, "per_week must be a number >= 0 and <= 1000; got 1000000000000.0.",
           lambda: sl.simulate_incidents("2026-01-01", 7, per_week=1e12))


# --------------------------------------------------------------------------
# case 16: counts near 1e16 a minute (int64 cumulative sums used to wrap round)
# --------------------------------------------------------------------------

def test_case16_huge_counts_replay_like_the_same_ratios_at_normal_scale():
    small = sl.load_requests(service="payment")[["requests", "errors"]]
    huge = small * 10**13                      # ~2.5e15 a minute; 28-day sums ~1e20 > 2**63
    assert float(huge["requests"].astype(float).sum()) > 2**63
    ratio = sl.trailing_error_ratio(huge, window_minutes=60)
    reference = sl.trailing_error_ratio(small, window_minutes=60)   # exact int64 sums
    assert ratio.between(0, 1).all()
    np.testing.assert_allclose(ratio.to_numpy(), reference.to_numpy(), rtol=1e-9)
    rules = sl.workbook_policy(0.999, window_days=28)
    pd.testing.assert_frame_equal(sl.evaluate_alerts(huge, rules, slo_target=0.999),
                                  sl.evaluate_alerts(small, rules, slo_target=0.999))


# --------------------------------------------------------------------------
# case 17: no upper bounds
# --------------------------------------------------------------------------

def test_case17_forecast_window_is_bounded():
    days = pd.DataFrame({"requests": [1_000_000] * 10, "errors": [1_000] * 10})
    raises(ValueError, "window_days must be a number > 0 and <= 366; got 36500.",
           lambda: sl.forecast_budget_exhaustion(days, slo_target=0.999, window_days=36500))
    raises(ValueError, "n_paths must be at most 20,000,000 / window_days (54,644 for 366 days); "
           "got 100000. More paths would take minutes and gigabytes; 10,000 are plenty.",
           lambda: sl.forecast_budget_exhaustion(days, slo_target=0.999, window_days=366,
                                                 n_paths=100_000))


@pytest.mark.parametrize("kwargs, name, low", [
    (dict(long_window_minutes=10**12), "long_window_minutes", 1),
    (dict(short_window_minutes=10**12), "short_window_minutes", 1),
    (dict(for_minutes=10**12), "for_minutes", 0),
])
def test_case17_alert_rule_durations_are_bounded(kwargs, name, low):
    fields = dict(name="x", burn_rate=1, long_window_minutes=60, short_window_minutes=5,
                  severity="page") | kwargs
    raises(ValueError, f"{name} must be a whole number >= {low} and <= 527040; got 1000000000000.",
           lambda: sl.AlertRule(**fields))


@pytest.mark.promtool
def test_case17_the_longest_rule_allowed_passes_promtool(tmp_path):
    longest = sl.AlertRule("Longest", 1, 366 * 1440, 366 * 1440, "ticket", for_minutes=366 * 1440)
    text = sl.to_prometheus_rules("x", slo_target=0.999, errors_counter="e", total_counter="t",
                                  rules=[longest])
    result = ps.check_rules(text, tmp_path)
    assert result.ok, result.output


# --------------------------------------------------------------------------
# case 18: more bad events than valid ones
# --------------------------------------------------------------------------

def test_case18_more_bad_than_valid_events_is_impossible_input():
    raises(ValueError, "bad_events must be at most window_valid_events (10); got 1000.0. An "
           "incident cannot spend more events than the window holds; pass the valid events of "
           "the whole window, not of the incident.",
           lambda: sl.postmortem_required(1000, slo_target=0.999, window_valid_events=10))
    # all of a window's events bad is the most there can be: 1 / (1 - 0.999) = 1000x the budget
    assert sl.postmortem_required(10, slo_target=0.999,
                                  window_valid_events=10).budget_share == pytest.approx(1000)


# --------------------------------------------------------------------------
# one traffic check: every function that reads traffic refuses disorder alike
# --------------------------------------------------------------------------

def _traffic_readers(frame, reversed_):
    incidents = sl.load_incidents()
    return {
        "availability_sli": lambda t: sl.availability_sli(t),
        "sli_events": lambda t: sl.sli_events(t),
        "timeslice_sli": lambda t: sl.timeslice_sli(t, slice_target=0.99),
        "ratio_timeslice_sli": lambda t: sl.ratio_timeslice_sli(t),
        "budget_over_time": lambda t: sl.budget_over_time(t, slo_target=0.999),
        "slo_status": lambda t: sl.slo_status(t, slo_target=0.999),
        "dimension_budgets": lambda t: sl.dimension_budgets(
            t, availability_target=0.999, latency_target=0.99, threshold_ms=300),
        "trailing_error_ratio": lambda t: sl.trailing_error_ratio(t, window_minutes=5),
        "evaluate_alerts": lambda t: sl.evaluate_alerts(t, sl.workbook_policy(0.999),
                                                        slo_target=0.999),
        "significant_incidents": lambda t: sl.significant_incidents(
            t, incidents, service="checkout", slo_target=0.999),
        "incident_budget_shares": lambda t: sl.incident_budget_shares(
            t, incidents[incidents["service"] == "checkout"], slo_target=0.999),
        "policy_step_report": lambda t: sl.policy_step_report(t, slo_target=0.999),
        "release_gate": lambda t: sl.release_gate(t, slo_target=0.999),
        "peak_to_mean_ratio": lambda t: sl.peak_to_mean_ratio(t),
    }


@pytest.mark.parametrize("disorder", ["reversed", "shuffled", "duplicated"])
def test_every_traffic_reader_refuses_disorder_with_the_shared_message(checkout, disorder):
    day = checkout.iloc[:1440]
    if disorder == "reversed":
        bad = day.iloc[::-1]
        pattern = r"got rows out of order at row 1 \(.*\)\. Sort it with traffic\.sort_index\(\)\.$"
    elif disorder == "shuffled":
        bad = day.sample(frac=1, random_state=3)
        pattern = r"got rows out of order at row \d+ \(.*\)\. Sort it with traffic\.sort_index\(\)\.$"
    else:
        bad = pd.concat([day.iloc[:10], day.iloc[9:]])
        pattern = (r"got a duplicate timestamp at row 10 \(2026-10-05 00:09:00\+00:00 twice\)\. "
                   r"Keep one row per time, e\.g\. traffic\.groupby\(level=0\)\.sum\(\) to add "
                   r"them up\.$")
    for name, read in _traffic_readers(day, bad).items():
        with pytest.raises(ValueError, match=r"^traffic must be indexed by a sorted, "
                           r"duplicate-free .*DatetimeIndex.*; " + pattern):
            read(bad)
        read(day)  # the sorted frame is fine


def test_history_frames_use_the_same_order_rule():
    history = sl.load_daily_history("checkout")
    shuffled = history.iloc[[0, 2, 1, *range(3, len(history))]]
    raises(ValueError, "history must have sorted, duplicate-free dates in 'date'; got rows out "
           f"of order at row 2 ({history['date'][1]} after {history['date'][2]}). Sort it with "
           "history.sort_values('date').",
           lambda: sl.fit_traffic_growth(shuffled))


# --------------------------------------------------------------------------
# one window_days default, one "never"
# --------------------------------------------------------------------------

CORE = ("slo", "alerting", "policy", "forecasting", "capacity", "export", "simulation", "datasets",
        "templates", "formatting")
#: Section packages: every module in them is core too.
SECTION_PACKAGES = ("incidents", "cost", "culture", "resilience")
CORE_MODULES = CORE + tuple(f"{package}.{path.stem}" for package in SECTION_PACKAGES
                            for path in sorted((PACKAGE / package).glob("[!_]*.py")))


def test_every_window_days_default_is_30():
    import importlib

    seen = 0
    for module_name in CORE_MODULES:
        module = importlib.import_module(f"sre_lab.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            targets = [obj] if callable(obj) else []
            if inspect.isclass(obj):
                targets = [obj] + [m for _, m in inspect.getmembers(obj, inspect.isfunction)]
            for target in targets:
                try:
                    parameter = inspect.signature(target).parameters.get("window_days")
                except (TypeError, ValueError):
                    continue
                if parameter is None or parameter.default is inspect.Parameter.empty:
                    continue
                seen += 1
                # to_openslo: None means "rolling 30 days" unless a calendar window is given
                assert parameter.default in (30, None), (module_name, name, parameter.default)
    assert seen >= 15


def test_never_is_one_value_for_scalars_and_arrays():
    assert sl.NEVER is pd.NaT
    assert sl.time_to_exhaustion(0) is sl.NEVER                 # was datetime.timedelta.max
    assert pd.isna(sl.time_to_exhaustion([0, 10])[0])
    assert sl.time_to_exhaustion([0, 10])[1] == np.timedelta64(3, "D")
    never = sl.detection_time(0.035, slo_target=0.999, burn_rate=36, window_minutes=60)
    assert never is sl.NEVER
    assert sl.format_duration(sl.NEVER) == "never"
    assert sl.format_duration(sl.time_to_exhaustion([0])[0]) == "never"
    idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    quiet = pd.DataFrame({"requests": 100, "errors": 0}, index=idx)
    status = sl.slo_status(quiet, slo_target=0.999, window_days=1)
    assert status.time_to_exhaustion is sl.NEVER and status.remaining_time is sl.NEVER
    days = pd.DataFrame({"date": pd.date_range("2026-10-05", periods=10, tz="UTC"),
                         "requests": 1_000_000, "errors": 0})
    forecast = sl.forecast_budget_exhaustion(days, slo_target=0.999, window_days=28,
                                             block_days=1, seasonal=False, n_paths=50, rng=0)
    assert forecast.exhaustion_date(0.5) is sl.NEVER              # was None


# --------------------------------------------------------------------------
# the package: re-exports only, one internal home, the build command
# --------------------------------------------------------------------------

def test_no_private_helper_is_imported_across_core_modules():
    offenders = []
    for module_name in (*CORE_MODULES, "_traffic_csv"):
        tree = ast.parse((PACKAGE / f"{module_name.replace('.', '/')}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # Shared private helpers live in ``_windows`` / ``_validation`` / ``_traffic_csv``;
            # inside a section package, sibling modules (one topic's home) may share theirs.
            if not isinstance(node, ast.ImportFrom):
                continue
            sibling = node.level == 1 and "." in module_name
            if node.level >= 1 and not sibling and node.module not in (
                    "_windows", "_validation", "_traffic_csv"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private:
                    offenders.append((module_name, node.module, private))
    assert offenders == []


def test_package_dir_lists_lazy_names_and_leaks_no_helpers():
    names = dir(sl)
    assert {"plotting", "dashboards", "use_course_style", "NEVER"} <= set(names)
    assert any(n.startswith("plot_") for n in names)
    assert any(n.endswith("_dashboard") for n in names)
    assert "importlib" not in names and "warnings" not in names
    assert not hasattr(sl, "importlib") and not hasattr(sl, "warnings")


def test_import_sets_no_warnings_filter():
    code = ("import warnings; before = list(warnings.filters); import sre_lab; "
            "print([str(f[1]) for f in warnings.filters if f not in before and f[1] is not None "
            "and 'sre_lab' in str(f[1])])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_build_command_shows_no_runpy_warning():
    proc = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-m",
                           "sre_lab.datasets", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "found in sys.modules" not in proc.stderr
    assert "python -m sre_lab.datasets" in proc.stdout


def test_shared_check_message_quoted_in_the_brief():
    idx = pd.date_range("2026-10-05", periods=20, freq="min", tz="UTC")
    t = pd.DataFrame({"requests": 10, "errors": 0}, index=idx[[*range(16), 17, 16, 18, 19]])
    raises(ValueError, "traffic must be indexed by a sorted, duplicate-free 1-minute "
           "DatetimeIndex; got rows out of order at row 17 (2026-10-05 00:16:00+00:00 after "
           "2026-10-05 00:17:00+00:00). Sort it with traffic.sort_index().",
           lambda: sl.evaluate_alerts(t, sl.workbook_policy(0.999), slo_target=0.999))
    assert re.search("rows out of order", inspect.getdoc(sl.slo).split("Traffic order")[1])
