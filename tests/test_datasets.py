"""The generated files: schemas, one consistent world, byte-identical rebuilds."""

import hashlib

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab import datasets


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rebuild_gives_identical_bytes(tmp_path):
    datasets.build(tmp_path)
    for name in (datasets.REQUESTS_FILE, datasets.INCIDENTS_FILE, datasets.HISTORY_FILE):
        assert _sha(tmp_path / name) == _sha(datasets.data_dir() / name), name


def test_total_size_is_under_20_mb():
    total = sum(p.stat().st_size for p in datasets.data_dir().iterdir() if p.is_file())
    assert total < 20e6


def test_requests_cover_every_minute_of_28_days_for_each_service():
    traffic = sl.load_requests()
    assert len(traffic) == 28 * 1440 * 4
    assert str(traffic["timestamp"].dt.tz) == "UTC"
    assert traffic["timestamp"].min() == pd.Timestamp("2026-10-05", tz="UTC")
    assert traffic["timestamp"].max() == pd.Timestamp("2026-11-01 23:59", tz="UTC")
    assert traffic.groupby("service").size().to_dict() == {s: 40320 for s in sl.SERVICE_NAMES}


def test_one_service_has_a_regular_minute_index():
    payment = sl.load_requests("payment")
    assert isinstance(payment.index, pd.DatetimeIndex)
    assert (payment.index.to_series().diff().iloc[1:] == pd.Timedelta(minutes=1)).all()
    assert list(payment.columns) == ["requests", "errors", "latency_le_100ms", "latency_le_200ms",
                                     "latency_le_300ms", "latency_le_500ms", "latency_le_1000ms"]


def test_loaders_return_copies():
    first = sl.load_requests("search")
    first["requests"] = 0
    assert sl.load_requests("search")["requests"].sum() > 0


def test_daily_history_ends_with_the_daily_sums_of_the_minute_data():
    history = sl.load_daily_history()
    traffic = sl.load_requests()
    daily = (traffic.assign(date=traffic["timestamp"].dt.normalize())
             .groupby(["date", "service"])[["requests", "errors"]].sum().reset_index())
    merged = history.merge(daily, on=["date", "service"], suffixes=("", "_minutes"))
    assert len(merged) == 28 * 4
    assert (merged["requests"] == merged["requests_minutes"]).all()
    assert (merged["errors"] == merged["errors_minutes"]).all()
    assert len(history) == 365 * 4


def test_black_friday_2025_stands_out_in_the_history():
    checkout = sl.load_daily_history("checkout").set_index("date")["requests"]
    friday = checkout.loc[pd.Timestamp("2025-11-28", tz="UTC")]
    week_before = checkout.loc[pd.Timestamp("2025-11-21", tz="UTC")]
    assert friday / week_before == pytest.approx(2.2, rel=0.15)


def test_incidents_are_the_error_bursts_in_the_traffic():
    incidents = sl.load_incidents()
    payment = sl.load_requests("payment")
    outage = incidents[(incidents["service"] == "payment") & (incidents["error_ratio_added"] > 0.9)].iloc[0]
    during = payment.loc[outage["started"]:outage["mitigated"] - pd.Timedelta(minutes=1)]
    before = payment.loc[outage["started"] - pd.Timedelta(hours=2):outage["started"] - pd.Timedelta(minutes=1)]
    assert during["errors"].sum() / during["requests"].sum() == pytest.approx(0.95, abs=0.01)
    assert before["errors"].sum() / before["requests"].sum() < 0.001


def test_planted_events_are_present_as_documented():
    incidents = sl.load_incidents().set_index("id")
    planted = incidents[incidents["planted"]]
    assert planted["service"].tolist() == ["payment", "checkout", "search", "notifications", "payment"]
    assert planted.loc["INC-004", "started"] == pd.Timestamp("2026-10-14 14:10", tz="UTC")
    assert planted.loc["INC-004", "severity"] == "SEV1"
    assert planted.loc["INC-006", "kind"] == "latency"


def test_incident_ids_follow_start_order():
    incidents = sl.load_incidents()
    assert incidents["started"].is_monotonic_increasing
    assert incidents["id"].tolist() == [f"INC-{i:03d}" for i in range(1, len(incidents) + 1)]


def test_missing_file_says_how_to_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("SRE_LAB_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="python -m sre_lab.datasets build"):
        sl.load_incidents()


def test_corrupted_file_is_reported_not_loaded(tmp_path, monkeypatch):
    for name in (datasets.INCIDENTS_FILE,):
        text = (datasets.data_dir() / name).read_text().replace("started", "begun", 1)
        (tmp_path / name).write_text(text)
    monkeypatch.setenv("SRE_LAB_DATA_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="incidents.csv does not match its datasheet: columns are"):
        sl.load_incidents()


def test_unknown_service_gets_a_suggestion():
    with pytest.raises(ValueError) as info:
        sl.load_requests("Checkout")
    assert str(info.value) == ("service must be one of 'checkout', 'payment', 'search', 'notifications'; "
                               "got 'Checkout'. Did you mean 'checkout'?")
