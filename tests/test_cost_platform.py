"""Tests for sre_lab.cost.platform: the telemetry hub as a service.

Oracles: records per request worked by hand from ``sl.TELEMETRY_PROFILE`` (log lines
at INFO and WARN plus the spans of the trace, ``sl.DEPENDENCIES``), the queue worked
minute by minute on a tiny traffic, budgets counted in plain numpy from the frames,
and a quota worked by hand from its GB a day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl

# Records (log lines + spans) per request, by hand from the profile:
# INFO on: 4 INFO + 0.02 WARN lines; spans of the trace rooted at the service
# (checkout 4 + 0.6 x 3 payment + 0.3 x 3 search = 6.7). DEBUG adds 20 lines.
INFO_RECORDS = {"checkout": 4.02 + 6.7, "payment": 4.02 + 3, "search": 4.02 + 3, "notifications": 4.02 + 2}
DEBUG_EXTRA = 20.0


@pytest.fixture(scope="module")
def hub():
    return sl.simulate_platform()


@pytest.fixture(scope="module")
def quota_hub():
    return sl.simulate_platform(data_budgets_gb_per_day=dict(sl.HUB_DATA_BUDGETS_GB_PER_DAY))


@pytest.fixture(scope="module")
def requests():
    return sl.load_requests().pivot(index="timestamp", columns="service", values="requests")


def window(index, event):
    row = sl.PLATFORM_EVENTS.set_index("id").loc[event]
    return np.asarray((index >= row["started"]) & (index < row["ended"]))


def test_records_sent_follow_the_profile_with_search_on_debug_in_plt2(hub, requests):
    profile = sl.TELEMETRY_PROFILE
    assert profile["log_lines_per_request"]["INFO"] == 4.0 and profile["log_lines_per_request"]["DEBUG"] == 20.0
    per = pd.Series(INFO_RECORDS)
    records = requests.mul(per, axis=1)
    flood = window(requests.index, "PLT-2")
    records.loc[flood, "search"] = requests.loc[flood, "search"] * (INFO_RECORDS["search"] + DEBUG_EXTRA)
    expected = records.sum(axis=1).to_numpy()
    assert np.abs(hub.ingest["requests"].to_numpy() - expected).max() <= 0.5 + 1e-6   # rounded to records
    assert (hub.ingest["throttled"] == 0).all()


def test_capacity_is_twice_the_busiest_hour_at_info(hub, requests):
    info = requests.mul(pd.Series(INFO_RECORDS), axis=1).sum(axis=1)
    assert hub.capacity_records_per_minute == pytest.approx(2.0 * info.resample("60min").mean().max())


def test_the_queue_worked_by_hand_on_four_minutes():
    # checkout only: 10.72 records a request; 100, 100, 100, 700 requests -> 1072, 1072, 1072, 7504
    # records; capacity 2 x mean of the hour = 2 x 2680 = 5360; buffer 0.1 min = 536 records.
    # Minute 4: 7504 - 5360 = 2144 above capacity, 536 fit the buffer, 1608 are rejected;
    # the queue holds 536 records = 536 / 5360 min = 6 s.
    times = pd.date_range("2026-01-05 10:00", periods=4, freq="min", tz="UTC")
    traffic = pd.DataFrame({"timestamp": times, "service": "checkout", "requests": [100, 100, 100, 700]})
    small = sl.simulate_platform(traffic, buffer_minutes=0.1)
    assert small.capacity_records_per_minute == pytest.approx(5360.0)
    assert small.ingest["requests"].tolist() == [1072, 1072, 1072, 7504]
    assert small.ingest["lag_s"].tolist() == pytest.approx([0, 0, 0, 6.0])
    assert 1608 <= small.ingest["errors"].iloc[3] <= 1610          # + a rare baseline loss (2e-5)
    assert small.ingest["errors"].iloc[:3].sum() <= 2


def test_plt1_rejects_at_least_40_percent(hub):
    during = window(hub.ingest.index, "PLT-1")
    ingest = hub.ingest[during]
    assert (ingest["errors"] >= np.round(0.4 * ingest["requests"]) - 1).all()
    assert during.sum() == 30


def test_freshness_buckets_are_cumulative_counts_of_accepted_records(hub):
    ingest = hub.ingest
    accepted = ingest["requests"] - ingest["errors"]
    columns = ["latency_le_10000ms", "latency_le_60000ms", "latency_le_300000ms", "latency_le_900000ms"]
    buckets = ingest[columns].to_numpy()
    assert (np.diff(buckets, axis=1) >= 0).all() and (buckets[:, -1] <= accepted.to_numpy()).all()
    # a full 20-minute queue (1,200 s of lag) leaves nothing fresh within 60 s
    full = ingest["lag_s"] >= 1199
    assert full.any() and (ingest.loc[full, "latency_le_60000ms"] == 0).all()


def test_report_equals_budgets_counted_by_hand(hub):
    report = sl.platform_slo_report(hub, window_days=28)
    ingest, queries = hub.ingest, hub.queries
    bad = ingest["errors"].sum()
    assert report.loc["ingestion availability", "budget_consumed"] == pytest.approx(
        bad / (0.001 * ingest["requests"].sum()))
    accepted = (ingest["requests"] - ingest["errors"]).sum()
    stale = accepted - ingest["latency_le_60000ms"].sum()
    assert report.loc["data freshness", "budget_consumed"] == pytest.approx(stale / (0.01 * accepted))
    slow_or_failed = queries["requests"].sum() - queries["latency_le_2000ms"].sum()
    assert report.loc["query latency", "budget_consumed"] == pytest.approx(
        slow_or_failed / (0.01 * queries["requests"].sum()))
    assert report.loc["data freshness", "worst_hour_burn_rate"] == pytest.approx(100.0)   # 1 / (1 - 0.99)


def test_quotas_throttle_only_the_flood_and_protect_the_slos(hub, quota_hub):
    throttled = quota_hub.teams.pivot(index="timestamp", columns="team", values="throttled")
    flood = window(throttled.index, "PLT-2")
    assert throttled.loc[~flood].to_numpy().sum() == 0
    assert throttled.loc[flood, "search"].sum() > 0 and throttled[["orders", "payments"]].to_numpy().sum() == 0
    before = sl.platform_slo_report(hub, window_days=28)["budget_consumed"]
    after = sl.platform_slo_report(quota_hub, window_days=28)["budget_consumed"]
    assert before["ingestion availability"] > 1 > 0.2 > after["ingestion availability"]
    assert before["data freshness"] > 1 > after["data freshness"]


def test_a_quota_worked_by_hand():
    # search alone, 1,000 requests a minute at INFO: 3,007 bytes a request (4 x 300 + 0.02 x 350
    # + 3 x 600) = 3.007 MB a minute. A budget of 2.88 GB a day with burst 1.5 allows
    # 2.88e9 / 1440 x 1.5 = 3.0e6 bytes a minute: 7,000 of 3,007,000 bytes (0.2328 %) are throttled.
    times = pd.date_range("2026-01-05 10:00", periods=3, freq="min", tz="UTC")
    traffic = pd.DataFrame({"timestamp": times, "service": "search", "requests": 1000})
    small = sl.simulate_platform(traffic, data_budgets_gb_per_day={"search": 2.88})
    share = 1 - 3.0e6 / 3.007e6
    assert small.teams["throttled"].to_numpy() == pytest.approx(np.full(3, 7020 * share))
    assert small.ingest["requests"].tolist() == [round(7020 * (1 - share))] * 3


def test_team_data_budgets_by_hand():
    volumes = pd.DataFrame({"date": pd.to_datetime(["2026-10-05", "2026-10-06"] * 3, utc=True),
                            "service": ["search", "search", "checkout", "checkout", "notifications",
                                        "notifications"],
                            "bytes": [3e9, 5e9, 1e9, 2e9, 1e9, 1e9]})
    table = sl.team_data_budgets(volumes, budget_gb_per_day={"search": 4, "orders": 2.5})
    assert table.loc["orders", ["mean_gb_per_day", "max_gb_per_day", "days_over"]].tolist() == [2.5, 3.0, 1]
    assert table.loc["search", "share_of_budget"] == pytest.approx(1.0)


def test_microcorp_budgets_fit_every_normal_day():
    volumes = sl.telemetry_volumes(sl.load_requests())
    table = sl.team_data_budgets(volumes, budget_gb_per_day=sl.HUB_DATA_BUDGETS_GB_PER_DAY)
    assert (table["days_over"] == 0).all()
    pushed = volumes[volumes["signal"].isin(["logs", "spans"])]
    busiest = pushed.assign(team=pushed["service"].map(sl.SERVICE_TEAMS)).groupby(["team", "date"])["bytes"] \
        .sum().groupby("team").max() / 1e9
    assert busiest.round(1).to_dict() == {"orders": 4.9, "payments": 1.7, "search": 9.1}   # the docstring


def test_deterministic_for_a_seed():
    a = sl.simulate_platform(rng=3)
    b = sl.simulate_platform(rng=3)
    pd.testing.assert_frame_equal(a.ingest, b.ingest)
    pd.testing.assert_frame_equal(a.queries, b.queries)


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(traffic=3), TypeError, "traffic must be None or a long DataFrame"),
    (dict(log_levels="LOUD"), ValueError, "log_levels must be one of 'DEBUG'"),
    (dict(data_budgets_gb_per_day={"nope": 3}), ValueError, "data_budgets_gb_per_day team must be one of"),
    (dict(data_budgets_gb_per_day={"search": 0}), ValueError, r"data_budgets_gb_per_day\['search'\] must be"),
    (dict(burst=0.5), ValueError, "burst must be a number >= 1"),
    (dict(capacity_factor=0), ValueError, "capacity_factor must be a number >= 0.1"),
])
def test_bad_options_are_refused(kwargs, error, text):
    with pytest.raises(error, match=text):
        sl.simulate_platform(**kwargs)


def test_report_refuses_what_is_not_a_platform_or_a_longer_window(hub):
    with pytest.raises(TypeError, match="platform must be a PlatformTraffic"):
        sl.platform_slo_report("hub")
    with pytest.raises(ValueError, match="window_days must be at most the 28 days"):
        sl.platform_slo_report(hub, window_days=30)
