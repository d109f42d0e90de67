"""Synthetic monitoring (sre_lab.resilience.synthetics): checks, n-of-N alerts, detection, uptime.

Oracles (independent of the code under test):
* hand-built traffic where every step's error ratio is 0, 1 or a constant, so
  a run's outcome follows from probability by hand (independent steps:
  P(success) = Π (1 − e_s));
* Datadog's rule "fails for X minutes from n of N locations", worked run by
  run on small failure tables in the comments;
* Grafana's definitions of uptime and reachability on a 3-probe example, and
  the independence formula 1 − Π p_i for the at-least-one uptime;
* MicroCorp's payment outage INC-004 (``error_ratio_added`` 1.0 on payment):
  every probe fails every run of it, whatever the seed, so a 2-of-3 /
  2-consecutive rule fires exactly one minute after it starts.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import sre_lab as sl

BUCKETS = ["latency_le_100ms", "latency_le_200ms", "latency_le_300ms", "latency_le_500ms", "latency_le_1000ms"]
T0 = pd.Timestamp("2026-10-05 00:00", tz="UTC")
MIN = pd.Timedelta(minutes=1)


def traffic(minutes, ratios, *, requests=1000, bucket="latency_le_100ms"):
    """Per-minute traffic of several services: ``ratios`` maps service -> error ratio (scalar or per minute).

    Every success lands in ``bucket`` and the buckets above it (cumulative
    counts); ``bucket=None`` puts every success above 1,000 ms.
    """
    stamps = pd.date_range(T0, periods=minutes, freq="min")
    frames = []
    for service, ratio in ratios.items():
        errors = np.round(np.broadcast_to(np.asarray(ratio, dtype=float), (minutes,)) * requests).astype(np.int64)
        good = requests - errors
        columns = {"timestamp": stamps, "service": service, "requests": requests, "errors": errors}
        reached = bucket is not None and False
        for name in BUCKETS:
            reached = reached or (bucket is not None and name == bucket)
            columns[name] = good if reached else 0
        frames.append(pd.DataFrame(columns))
    return pd.concat(frames, ignore_index=True)


def checks_table(fails, *, step_minutes=1):
    """A checks frame from ``{location: [1 = failed, 0 = passed, None = no report]}``."""
    rows = []
    for loc, flags in fails.items():
        for i, flag in enumerate(flags):
            if flag is not None:
                rows.append({"timestamp": T0 + i * step_minutes * MIN, "location": loc, "success": not flag})
    return pd.DataFrame(rows).sort_values(["timestamp", "location"], ignore_index=True)


def episodes(alerts):
    return [((a.start - T0) // MIN, (a.end - T0) // MIN, a.runs) for a in alerts.itertuples()]


# --------------------------------------------------------------------------- journeys and checks
def test_journeys_name_the_services_in_the_order_a_shopper_meets_them():
    assert sl.JOURNEYS["checkout"] == ("search", "checkout", "payment")
    assert sl.JOURNEYS["browse"] == ("search",)
    assert all(set(steps) <= set(sl.SERVICE_NAMES) for steps in sl.JOURNEYS.values())
    assert "notifications" not in sl.JOURNEYS["checkout"]  # sent asynchronously: nobody waits for it
    with pytest.raises(TypeError):
        sl.JOURNEYS["new"] = ("search",)  # a shared constant cannot be changed by accident


def test_one_row_per_run_and_location_in_time_then_location_order():
    checks = sl.synthetic_checks(traffic(10, {"search": 0.0}), journey="browse", interval_min=3, locations=2, rng=1)
    # runs at minutes 0, 3, 6, 9 (starting at the first minute), two locations each
    assert list(checks.columns) == ["timestamp", "location", "success", "latency_ms", "failed_step"]
    assert [(t - T0) // MIN for t in checks["timestamp"]] == [0, 0, 3, 3, 6, 6, 9, 9]
    assert checks["location"].tolist() == ["Frankfurt", "NewYork"] * 4
    assert checks["success"].dtype == bool


def test_locations_may_be_named():
    checks = sl.synthetic_checks(traffic(2, {"search": 0.0}), journey="browse", locations=["Here", "There"], rng=1)
    assert checks["location"].tolist() == ["Here", "There", "Here", "There"]


def test_a_dead_step_fails_every_run_and_names_itself_while_a_clean_minute_passes_them_all():
    # search healthy, checkout dead in minute 1 only, payment healthy; no probe trouble
    data = traffic(3, {"search": 0.0, "checkout": [0.0, 1.0, 0.0], "payment": 0.0})
    checks = sl.synthetic_checks(data, locations=3, probe_failure_ratio=0, rng=4)
    by_minute = checks.groupby((checks["timestamp"] - T0) // MIN)
    assert by_minute["success"].sum().tolist() == [3, 0, 3]
    assert checks.loc[~checks["success"], "failed_step"].unique().tolist() == ["checkout"]
    assert (checks.loc[checks["success"], "failed_step"] == "").all()


def test_steps_fail_independently_and_a_run_stops_at_its_first_failure():
    # Error ratios 0.1 (search), 0.2 (checkout), 0.3 (payment) in every minute.
    # By hand: P(success) = 0.9 * 0.8 * 0.7 = 0.504; the run fails at
    # search 0.1, at checkout 0.9 * 0.2 = 0.18, at payment 0.9 * 0.8 * 0.3 = 0.216.
    data = traffic(2000, {"search": 0.1, "checkout": 0.2, "payment": 0.3})
    checks = sl.synthetic_checks(data, locations=10, probe_failure_ratio=0, rng=7)
    n = len(checks)  # 20,000 runs
    for step, p in {"": 0.504, "search": 0.1, "checkout": 0.18, "payment": 0.216}.items():
        share = (checks["failed_step"] == step).mean()
        assert abs(share - p) < 5 * math.sqrt(p * (1 - p) / n), (step, share, p)


def test_probe_failures_come_on_top_at_the_stated_ratio():
    data = traffic(5000, {"search": 0.0})
    checks = sl.synthetic_checks(data, journey="browse", locations=4, probe_failure_ratio=0.01, rng=3)
    n, p = len(checks), 0.01
    share = (~checks["success"]).mean()
    assert abs(share - p) < 5 * math.sqrt(p * (1 - p) / n)
    assert set(checks.loc[~checks["success"], "failed_step"]) == {"probe"}


def test_latency_interpolates_inside_the_histogram_bucket_like_histogram_quantile():
    # Every success between 100 and 200 ms: histogram_quantile(u) = 100 + 100 u,
    # uniform on [100, 200], mean 150, sd 100 / sqrt(12) = 28.9 ms.
    data = traffic(2000, {"search": 0.0}, bucket="latency_le_200ms")
    latency = sl.synthetic_checks(data, journey="browse", locations=2, probe_failure_ratio=0, rng=2)["latency_ms"]
    assert latency.between(100, 200).all()
    assert abs(latency.mean() - 150) < 5 * (100 / math.sqrt(12)) / math.sqrt(len(latency))
    # Three steps each uniform on [100, 200]: the journey takes their sum, 300 .. 600 ms, mean 450.
    data = traffic(2000, {"search": 0.0, "checkout": 0.0, "payment": 0.0}, bucket="latency_le_200ms")
    latency = sl.synthetic_checks(data, locations=2, probe_failure_ratio=0, rng=2)["latency_ms"]
    assert latency.between(300, 600).all() and abs(latency.mean() - 450) < 3


def test_a_latency_in_the_open_top_bucket_reads_as_its_lower_bound_and_can_fail_an_assertion():
    data = traffic(5, {"search": 0.0}, bucket=None)  # every success slower than 1,000 ms
    checks = sl.synthetic_checks(data, journey="browse", locations=1, probe_failure_ratio=0, rng=1)
    assert checks["latency_ms"].tolist() == [1000.0] * 5
    slow = sl.synthetic_checks(data, journey="browse", locations=1, probe_failure_ratio=0, max_latency_ms=800, rng=1)
    assert not slow["success"].any() and set(slow["failed_step"]) == {"latency"}


def test_same_seed_same_checks_and_another_seed_other_checks():
    data = traffic(50, {"search": 0.2})
    a = sl.synthetic_checks(data, journey="browse", rng=11)
    pd.testing.assert_frame_equal(a, sl.synthetic_checks(data, journey="browse", rng=11))
    assert not a["latency_ms"].equals(sl.synthetic_checks(data, journey="browse", rng=12)["latency_ms"])


def test_the_requests_frame_is_not_modified():
    data = traffic(5, {"search": 0.1})
    copy = data.copy()
    sl.synthetic_checks(data, journey="browse", rng=1)
    pd.testing.assert_frame_equal(data, copy)


# --------------------------------------------------------------------------- n-of-N alerts
def test_n_of_n_episodes_on_a_hand_worked_failure_table():
    # x = failed run (1-minute interval). With n = 2 locations and X = 2 runs:
    #
    #   run        0  1  2  3  4  5  6  7  8  9
    #   A          x  x  x  .  x  x  x  x  .  x
    #   B          .  x  x  x  x  .  x  x  x  x
    #   C          .  .  x  x  .  .  x  x  x  x
    #
    # A failing (2 in a row) at 1, 2, 5, 6, 7; B at 2, 3, 4, 7, 8, 9; C at 3, 7, 8, 9.
    # Locations failing at once:   run 0:0 1:1 2:2 3:2 4:1 5:1 6:1 7:3 8:2 9:2
    # -> fires at 2, 3 (episode 2 -> 4) and 7, 8, 9 (still firing at the end:
    #    ends one interval after the last run, 10).
    fails = {"A": [1, 1, 1, 0, 1, 1, 1, 1, 0, 1],
             "B": [0, 1, 1, 1, 1, 0, 1, 1, 1, 1],
             "C": [0, 0, 1, 1, 0, 0, 1, 1, 1, 1]}
    alerts = sl.synthetic_alerts(checks_table(fails), min_locations=2, consecutive_runs=2)
    assert episodes(alerts) == [(2, 4, 2), (7, 10, 3)]
    assert alerts["duration"].tolist() == [2 * MIN, 3 * MIN]
    # One location, one run: every run with any failure fires (runs 0-9 except none: all have one).
    assert episodes(sl.synthetic_alerts(checks_table(fails), min_locations=1, consecutive_runs=1)) == [(0, 10, 10)]
    # All three for 2 runs: only run 7 (A, B and C all failing there).
    assert episodes(sl.synthetic_alerts(checks_table(fails), min_locations=3, consecutive_runs=2)) == [(7, 8, 1)]


def test_runs_five_minutes_apart_count_as_runs_not_minutes():
    fails = {"A": [0, 1, 1, 1, 0], "B": [0, 1, 1, 0, 0]}
    alerts = sl.synthetic_alerts(checks_table(fails, step_minutes=5), min_locations=2, consecutive_runs=2)
    # both failing for 2 runs only at run 2 (minute 10); cleared at run 3 (minute 15)
    assert episodes(alerts) == [(10, 15, 1)]


def test_a_location_that_did_not_report_is_not_failing():
    # C misses run 1, so it has no 2-run streak until run 3.
    fails = {"A": [0, 0, 0, 0], "B": [1, 1, 1, 1], "C": [1, None, 1, 1]}
    alerts = sl.synthetic_alerts(checks_table(fails), min_locations=2, consecutive_runs=2)
    assert episodes(alerts) == [(3, 4, 1)]


def test_no_failures_no_episodes_with_the_same_columns():
    alerts = sl.synthetic_alerts(checks_table({"A": [0, 0], "B": [0, 0]}), min_locations=1, consecutive_runs=1)
    assert alerts.empty and list(alerts.columns) == ["start", "end", "duration", "runs"]


def test_more_locations_than_exist_is_refused_with_the_reason():
    with pytest.raises(ValueError) as error:
        sl.synthetic_alerts(checks_table({"A": [0], "B": [1], "C": [1]}), min_locations=4)
    assert str(error.value) == ("min_locations must be at most the 3 locations in checks; got 4. "
                                "Otherwise the alert can never fire.")


# --------------------------------------------------------------------------- detection and false alarms
def test_detection_and_false_alarms_on_hand_placed_episodes():
    # Incidents (started, mitigated), minutes after T0:
    #   I1 search    10 .. 30  — episode 5 .. 12 was already firing: detected at 10, TTD 0
    #   I2 payment   40 .. 50  — episode 45 .. 47 overlaps:            detected at 45, TTD 5
    #   I3 checkout  60 .. 70  — episode 70 .. 75 starts at mitigation: not overlapping, missed
    #   I4 notifications 80 .. 90 — episode 85 .. 86, but filtered out by service
    # False alarms: 70 .. 75 (nothing overlapping), and 85 .. 86 only when I4 is filtered out.
    alerts = pd.DataFrame({"start": [T0 + m * MIN for m in (5, 45, 70, 85)],
                           "end": [T0 + m * MIN for m in (12, 47, 75, 86)]})
    incidents = pd.DataFrame({
        "id": ["I1", "I2", "I3", "I4"], "service": ["search", "payment", "checkout", "notifications"],
        "started": [T0 + m * MIN for m in (10, 40, 60, 80)],
        "mitigated": [T0 + m * MIN for m in (30, 50, 70, 90)],
        "detected": [T0 + m * MIN for m in (12, 41, 65, 80)]})
    found = sl.synthetic_detection(alerts, incidents, service=sl.JOURNEYS["checkout"])
    assert found["incident_id"].tolist() == ["I1", "I2", "I3"]
    assert found["time_to_detect"].tolist()[:2] == [0 * MIN, 5 * MIN]
    assert pd.isna(found["time_to_detect"].iloc[2]) and pd.isna(found["detected_at"].iloc[2])
    assert found["time_to_detect_real"].tolist() == [2 * MIN, 1 * MIN, 5 * MIN]
    every = sl.synthetic_detection(alerts, incidents)
    assert every["time_to_detect"].iloc[3] == 5 * MIN
    false = sl.synthetic_false_alarms(alerts, incidents)
    assert [(s - T0) // MIN for s in false["start"]] == [70]
    false = sl.synthetic_false_alarms(alerts, incidents, service=sl.JOURNEYS["checkout"])
    assert [(s - T0) // MIN for s in false["start"]] == [70, 85]


def test_microcorp_payment_outage_is_caught_one_minute_in_whatever_the_seed():
    # INC-004 sets payment's error ratio to 1 from 14:10: every probe fails at
    # 14:10 and 14:11, so a 2-of-3 / 2-consecutive rule fires at 14:11.
    requests, incidents = sl.load_requests(), sl.load_incidents()
    start = pd.Timestamp("2026-10-14 13:00", tz="UTC")
    day = requests[(requests["timestamp"] >= start) & (requests["timestamp"] < start + pd.Timedelta(hours=3))]
    for seed in (1, 2, 3):
        checks = sl.synthetic_checks(day, rng=seed)
        alerts = sl.synthetic_alerts(checks, min_locations=2, consecutive_runs=2)
        found = sl.synthetic_detection(alerts, incidents[incidents["id"] == "INC-004"])
        assert found["time_to_detect"].tolist() == [pd.Timedelta(minutes=1)]


def test_a_strict_rule_raises_no_false_alarm_in_microcorps_month():
    # Outside incidents a run fails with about 0.002 (probe) + 0.0007 (three
    # services' baseline errors); 2 of 3 locations twice in a row is then about
    # (3 * 0.0027**2)**2 = 5e-10 a minute: no false alarm expected in 40,320 minutes.
    requests, incidents = sl.load_requests(), sl.load_incidents()
    checks = sl.synthetic_checks(requests, rng=5)
    alerts = sl.synthetic_alerts(checks, min_locations=2, consecutive_runs=2)
    assert sl.synthetic_false_alarms(alerts, incidents).empty
    # ... while the loosest rule (any location, one run) pages many times a day:
    # 3 locations x ~0.0027 x 1,440 minutes ~ 12 runs with a failure a day.
    loose = sl.synthetic_false_alarms(sl.synthetic_alerts(checks, min_locations=1, consecutive_runs=1), incidents)
    assert 5 * 28 < len(loose) < 20 * 28


# --------------------------------------------------------------------------- uptime
def test_grafana_uptime_and_reachability_on_three_probes():
    # Four time points, three probes (x = failed):
    #   t0: . . .  -> point up,   3 successes
    #   t1: x . .  -> point up,   2
    #   t2: x x .  -> point up,   1
    #   t3: x x x  -> point down, 0
    # uptime = 3 / 4 = 0.75; reachability = 6 / 12 = 0.5
    fails = {"A": [0, 1, 1, 1], "B": [0, 0, 1, 1], "C": [0, 0, 0, 1]}
    result = sl.synthetic_uptime(checks_table(fails))
    assert result == {"uptime": 0.75, "reachability": 0.5, "time_points": 4, "checks": 12}


def test_the_at_least_one_uptime_of_independent_probes_is_one_minus_the_product():
    assert sl.expected_uptime([0.1, 0.2, 0.5]) == pytest.approx(1 - 0.1 * 0.2 * 0.5)
    assert sl.expected_uptime(0.25) == pytest.approx(0.75)
    # Simulated: three probes failing 20 % of runs each on a healthy service;
    # uptime -> 1 - 0.2**3 = 0.992, reachability -> 0.8.
    data = traffic(20_000, {"search": 0.0})
    result = sl.synthetic_uptime(sl.synthetic_checks(data, journey="browse", probe_failure_ratio=0.2, rng=9))
    p = sl.expected_uptime([0.2] * 3)
    assert abs(result["uptime"] - p) < 5 * math.sqrt(p * (1 - p) / 20_000)
    assert abs(result["reachability"] - 0.8) < 5 * math.sqrt(0.16 / 60_000)


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize("call, kind, text", [
    (lambda d: sl.synthetic_checks(d, journey="shop"), ValueError,
     "journey must be one of 'checkout', 'browse' or a list of service names; got 'shop'."),
    (lambda d: sl.synthetic_checks(d, journey="browse", locations=0), ValueError,
     "locations must be a whole number >= 1 and <= 20; got 0."),
    (lambda d: sl.synthetic_checks(d, journey="browse", probe_failure_ratio=2), ValueError,
     "probe_failure_ratio must be a fraction in [0, 1); got 2."),
    (lambda d: sl.synthetic_checks(d, journey="browse", interval_min=0), ValueError,
     "interval_min must be a whole number >= 1 and <= 1440; got 0."),
    (lambda d: sl.synthetic_checks(d), ValueError,
     "requests must be a frame holding every service of the journey; got a frame without 'checkout'."),
    (lambda d: sl.synthetic_checks(d.drop(columns="errors"), journey="browse"), ValueError,
     "requests must have the columns"),
    (lambda d: sl.synthetic_alerts(d), ValueError, "checks must have the columns"),
    (lambda d: sl.synthetic_uptime("checks"), TypeError, "checks must be a DataFrame with the columns"),
])
def test_bad_input_is_refused_with_a_message_naming_the_parameter(call, kind, text):
    with pytest.raises(kind) as error:
        call(traffic(3, {"search": 0.0}))
    assert str(error.value).startswith(text)


def test_rule_tradeoff_counts_what_each_rule_catches_and_its_false_alarms_per_week():
    # Two locations over 7 days of one-minute runs (10,080 runs); failures by hand:
    #   run 100-101: A and B fail (inside incident I1, minutes 100 .. 110)
    #   run 5000:    A fails alone (no incident): a false alarm for "1 of 2, 1 run" only
    #   run 9000-9001: A fails twice (no incident): false alarm for 1-of-2 with 1 or 2 runs
    runs = 7 * 1440
    fails = {"A": [0] * runs, "B": [0] * runs}
    for i in (100, 101, 5000, 9000, 9001):
        fails["A"][i] = 1
    for i in (100, 101):
        fails["B"][i] = 1
    incidents = pd.DataFrame({"id": ["I1"], "service": ["search"], "started": [T0 + 100 * MIN],
                              "mitigated": [T0 + 110 * MIN]})
    table = sl.synthetic_rule_tradeoff(checks_table(fails), incidents, rules=[(1, 1), (1, 2), (2, 2)])
    assert table["rule"].tolist() == ["1 of 2, 1 run", "1 of 2, 2 runs", "2 of 2, 2 runs"]
    assert table["detected"].tolist() == [1, 1, 1]
    # detected at run 100 (1 run), at run 101 (2 runs in a row)
    assert table["median_time_to_detect"].tolist() == [0 * MIN, 1 * MIN, 1 * MIN]
    assert table["false_alarms"].tolist() == [2, 1, 0]
    assert table["false_alarms_per_week"].tolist() == [2.0, 1.0, 0.0]  # the checks span exactly 7 days
    # Chance: "1 of 2, 1 run" raises 2 false alarms in 10,080 minutes, lasting 1 and 2 minutes
    # (mean 1.5); the 10-minute incident overlaps one by luck with 1 - exp(-2 / 10080 * 11.5) = 0.00228.
    # "1 of 2, 2 runs": 1 alarm of 1 minute (run 9001): 1 - exp(-1 / 10080 * 11) = 0.00109.
    assert table["chance_detections"].tolist() == pytest.approx(
        [1 - math.exp(-2 / 10080 * 11.5), 1 - math.exp(-1 / 10080 * 11), 0.0])
    with pytest.raises(ValueError) as error:
        sl.synthetic_rule_tradeoff(checks_table(fails), incidents, rules=[(3, 1)])
    assert str(error.value).startswith("rules must be a list of (min_locations, consecutive_runs) pairs")


# --------------------------------------------------------------------------- properties

@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=12, max_size=12), min_size=3, max_size=3),
       st.integers(1, 3), st.integers(1, 4))
def test_a_stricter_rule_fires_only_where_a_looser_one_does(table, n, k):
    checks = checks_table({loc: [int(f) for f in row] for loc, row in zip("ABC", table)})

    def firing(n, k):
        minutes = set()
        for a in sl.synthetic_alerts(checks, min_locations=n, consecutive_runs=k).itertuples():
            minutes |= set(range((a.start - T0) // MIN, (a.end - T0) // MIN))
        return minutes

    assert firing(min(n + 1, 3), k) <= firing(n, k)
    assert firing(n, k + 1) <= firing(n, k)


def test_a_stale_episode_of_a_sparse_check_detects_nothing():
    # A daily check (1 of 3 locations, 1 run) failed by the probe's own fault at 00:00: the
    # episode lasts until the next run (00:00 the day after) but the rule held only at 00:00.
    # An incident from 10:25 to 11:00 that day is not detected by it, and the episode is a false alarm.
    day = pd.Timestamp("2026-10-29", tz="UTC")
    alerts = pd.DataFrame({"start": [day], "end": [day + pd.Timedelta(days=1)],
                           "duration": [pd.Timedelta(days=1)], "runs": [1]})
    incidents = pd.DataFrame({"id": ["INC-010"], "service": ["payment"],
                              "started": [day + pd.Timedelta(hours=10, minutes=25)],
                              "mitigated": [day + pd.Timedelta(hours=11)]})
    found = sl.synthetic_detection(alerts, incidents)
    assert pd.isna(found["detected_at"].iloc[0]) and pd.isna(found["time_to_detect"].iloc[0])
    assert len(sl.synthetic_false_alarms(alerts, incidents)) == 1


def test_an_episode_already_firing_detects_at_its_next_failing_run():
    # Hourly runs: the rule holds at 10:00, 11:00 and 12:00 (3 runs), clears at 13:00.
    t = pd.Timestamp("2026-10-20 10:00", tz="UTC")
    h = pd.Timedelta(hours=1)
    alerts = pd.DataFrame({"start": [t], "end": [t + 3 * h], "duration": [3 * h], "runs": [3]})
    incidents = pd.DataFrame({
        "id": ["A", "B", "C"], "service": ["search"] * 3,
        # A: 10:30-12:30 -> first holding run at or after 10:30 is 11:00 (30 min to detect).
        # B: 12:10-12:50 -> the rule last held at 12:00: missed.
        # C: 09:00-10:00 -> ends as the episode starts: missed.
        "started": [t + h / 2, t + 2 * h + pd.Timedelta(minutes=10), t - h],
        "mitigated": [t + 2.5 * h, t + 2 * h + pd.Timedelta(minutes=50), t]})
    found = sl.synthetic_detection(alerts, incidents)
    assert found["time_to_detect"].iloc[0] == pd.Timedelta(minutes=30)
    assert found["detected_at"].iloc[0] == t + h
    assert found["detected_at"].iloc[1:].isna().all()
    assert len(sl.synthetic_false_alarms(alerts, incidents)) == 0   # it overlaps A
