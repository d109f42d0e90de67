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
    real = (datasets.GITHUB_INCIDENTS_FILE, datasets.GITHUB_UPDATES_FILE, datasets.GITHUB_LICENSE_FILE)
    for name in real:  # the real files sit in the folder build writes to, as in datasets/
        (tmp_path / name).write_bytes((datasets.data_dir() / name).read_bytes())
    datasets.build(tmp_path)
    assert set(datasets.GENERATED_FILES) == {"requests_1min.csv.gz", "incidents.csv", "daily_history.csv",
                                             "deployments.csv", "work_log.csv"}
    for name in datasets.GENERATED_FILES:
        assert _sha(tmp_path / name) == _sha(datasets.data_dir() / name), name
    # build neither overwrote nor deleted the real data, and wrote nothing else
    for name in real:
        assert _sha(tmp_path / name) == datasets.GITHUB_SHA256[name], name
    assert {p.name for p in tmp_path.iterdir()} == {*datasets.GENERATED_FILES, *real}


def test_real_github_files_are_the_pinned_upstream_copies():
    # sha256 computed once when the files were copied from mrshu/github-statuses @ becbfc2
    for name, digest in datasets.GITHUB_SHA256.items():
        assert _sha(datasets.data_dir() / name) == digest, name
    assert "MIT License" in (datasets.data_dir() / datasets.GITHUB_LICENSE_FILE).read_text()


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


# --------------------------------------------------------------------------- GitHub's real history

_SHIPPED = datasets.data_dir()  # before any test points SRE_LAB_DATA_DIR elsewhere


def _github_csv(name):
    """The file as plain text cells (the independent oracle for the loaders)."""
    return pd.read_csv(datasets.data_dir() / name, dtype=str, keep_default_na=False)


def test_github_incidents_load_every_row_with_utc_times_and_the_documented_columns():
    incidents = sl.load_github_incidents()
    raw = _github_csv(datasets.GITHUB_INCIDENTS_FILE)
    assert len(incidents) == len(raw) == 819
    assert list(incidents.columns) == ["incident_id", "title", "impact", "maintenance", "components", "started_at",
                                       "resolved_at", "impact_start", "impact_end", "duration", "postmortem", "url"]
    assert incidents["incident_id"].tolist() == raw["incident_id"].tolist()
    for column in ("started_at", "resolved_at", "impact_start", "impact_end"):
        assert str(incidents[column].dt.tz) == "UTC"
    assert incidents["impact"].cat.ordered
    assert list(incidents["impact"].cat.categories) == ["none", "minor", "major", "critical"]
    # the datasheet's impact mix: minor 604, major 138, none 31, critical 28, maintenance 18
    assert raw["impact"].value_counts().to_dict() == {"minor": 604, "major": 138, "none": 31, "critical": 28,
                                                       "maintenance": 18}
    assert incidents["impact"].value_counts().to_dict() == {"minor": 604, "major": 138, "none": 31, "critical": 28}
    assert incidents["maintenance"].sum() == 18 and incidents.loc[incidents["maintenance"], "impact"].isna().all()
    assert (incidents["impact_start"].notna() == (raw["impact_start"] != "")).all()
    assert incidents["impact_start"].notna().sum() == 163 and incidents["postmortem"].notna().sum() == 163
    assert incidents["components"].map(len).sum() == raw["components"].str.split(";").map(
        lambda parts: len([p for p in parts if p])).sum()
    assert incidents.loc[raw["components"] == "", "components"].map(len).eq(0).all()


def test_github_durations_and_time_to_declare_match_the_datasheet():
    raw = _github_csv(datasets.GITHUB_INCIDENTS_FILE)
    incidents = sl.load_github_incidents()
    not_maintenance = raw["impact"] != "maintenance"
    minutes = raw.loc[not_maintenance, "duration_minutes"].astype(int)
    assert len(minutes) == 801 and np.median(minutes) == 73  # the data README's figure
    assert (incidents["duration"].dt.total_seconds() / 60 == raw["duration_minutes"].astype(int)).all()
    stated = raw[raw["impact_start"] != ""]
    gap = (pd.to_datetime(stated["started_at"], utc=True) - pd.to_datetime(stated["impact_start"], utc=True))
    gap_minutes = gap.dt.total_seconds() / 60
    # the data README: impact_start earlier in 151 of 163; median 41 min, p90 351 min (over the 163)
    assert len(gap_minutes) == 163 and (gap_minutes > 0).sum() == 151
    assert np.median(gap_minutes) == 41 and round(np.percentile(gap_minutes, 90)) == 351


def test_github_updates_load_every_row_in_file_order():
    updates = sl.load_github_updates()
    raw = _github_csv(datasets.GITHUB_UPDATES_FILE)
    assert len(updates) == len(raw) == 4570
    assert list(updates.columns) == ["incident_id", "at", "status", "message"]
    assert str(updates["at"].dt.tz) == "UTC"
    assert updates["status"].tolist() == raw["status"].tolist()
    assert (updates["at"] == pd.to_datetime(raw["at"], utc=True)).all()
    assert set(updates["incident_id"]) == set(sl.load_github_incidents()["incident_id"])
    assert updates["status"].value_counts().to_dict() == {"Update": 2860, "Resolved": 801, "Investigating": 779,
                                                          "Monitoring": 76, "Scheduled": 18, "In progress": 18,
                                                          "Completed": 18}


def test_github_loaders_return_copies():
    first = sl.load_github_incidents()
    first.loc[0, "title"] = "changed"
    first.loc[0, "duration"] = pd.Timedelta(0)
    again = sl.load_github_incidents()
    assert again.loc[0, "title"] != "changed" and again.loc[0, "duration"] > pd.Timedelta(0)


def _corrupt(tmp_path, monkeypatch, name, old, new):
    text = (_SHIPPED / name).read_text()
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1))
    monkeypatch.setenv("SRE_LAB_DATA_DIR", str(tmp_path))


def test_a_bad_time_in_the_github_history_names_file_line_and_value(tmp_path, monkeypatch):
    # line 5 of the file (header = line 1) is incident 9632825
    _corrupt(tmp_path, monkeypatch, datasets.GITHUB_INCIDENTS_FILE, "2022-03-26T01:43:00Z", "2022-03-26 1:43")
    with pytest.raises(ValueError) as info:
        sl.load_github_incidents()
    assert str(info.value).startswith("github_status_incidents.csv does not match its datasheet: line 5: "
                                      "started_at must be a UTC time such as '2024-01-28T01:00:00Z'; "
                                      "got '2022-03-26 1:43'.")


def test_an_unknown_status_in_the_updates_names_file_line_and_value(tmp_path, monkeypatch):
    _corrupt(tmp_path, monkeypatch, datasets.GITHUB_UPDATES_FILE, ",In progress,", ",Ongoing,")
    with pytest.raises(ValueError, match=r"github_status_updates.csv does not match its datasheet: line 3: "
                                         r"status must be one of .*; got 'Ongoing'"):
        sl.load_github_updates()


def test_an_unknown_impact_and_a_wrong_duration_are_refused(tmp_path, monkeypatch):
    _corrupt(tmp_path, monkeypatch, datasets.GITHUB_INCIDENTS_FILE, ",minor,Codespaces,", ",severe,Codespaces,")
    with pytest.raises(ValueError, match="line 5: impact must be one of 'none', 'minor', 'major', 'critical', "
                                         "'maintenance'; got 'severe'"):
        sl.load_github_incidents()
    _corrupt(tmp_path, monkeypatch, datasets.GITHUB_INCIDENTS_FILE, "03:35:00Z,112,", "03:35:00Z,113,")
    with pytest.raises(ValueError, match="line 5: duration_minutes must be .*; got '113'"):
        sl.load_github_incidents()


def test_missing_github_file_says_where_it_was_looked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("SRE_LAB_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="github_status_updates.csv was not found"):
        sl.load_github_updates()
