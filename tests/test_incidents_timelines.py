"""Incident timelines from status updates, and duration summaries: hand-worked oracles."""

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab import datasets

UTC = "UTC"


def _t(text):
    return pd.Timestamp(text, tz=UTC)


def _log(rows):
    return pd.DataFrame(rows, columns=["incident_id", "at", "status"])


# A hand-made log: rows shuffled, mixed case, stages missing, resolved twice, maintenance.
LOG = _log([
    ("A", "2024-05-01T10:40:00Z", "Resolved"),
    ("B", "2024-05-02T08:00:00Z", "Investigating"),
    ("A", "2024-05-01T10:00:00Z", "investigating"),
    ("C", "2024-05-03T12:00:00Z", "Scheduled"),
    ("A", "2024-05-01T10:25:00Z", "MONITORING"),
    ("A", "2024-05-01T11:30:00Z", " resolved "),
    ("A", "2024-05-01T10:10:00Z", "Identified"),
    ("A", "2024-05-01T10:20:00Z", "identified"),
    ("C", "2024-05-04T09:00:00Z", "In progress"),
    ("C", "2024-05-04T11:15:00Z", "Completed"),
    ("B", "2024-05-02T08:05:00Z", "Update"),
    ("D", "2024-05-01T09:00:00Z", "Resolved"),  # posted only once, already resolved
    ("A", "2024-05-03T09:00:00Z", "Postmortem"),
])


def test_each_stage_is_worked_out_by_hand_from_a_shuffled_log():
    t = sl.incident_timelines(LOG)
    # A: first update 10:00; first identified 10:10; monitoring 10:25; LAST resolved 11:30
    assert t.loc["A", "started_at"] == _t("2024-05-01 10:00")
    assert t.loc["A", "identified_at"] == _t("2024-05-01 10:10")
    assert t.loc["A", "monitoring_at"] == _t("2024-05-01 10:25")
    assert t.loc["A", "resolved_at"] == _t("2024-05-01 11:30")
    assert t.loc["A", "duration"] == pd.Timedelta(minutes=90)
    assert t.loc["A", "n_updates"] == 7  # the postmortem update counts too


def test_stages_never_posted_are_nat_and_an_open_incident_has_no_duration():
    t = sl.incident_timelines(LOG)
    assert pd.isna(t.loc["B", "identified_at"]) and pd.isna(t.loc["B", "monitoring_at"])
    assert pd.isna(t.loc["B", "resolved_at"]) and pd.isna(t.loc["B", "duration"])
    # D was posted once, as resolved: it starts and ends at that update
    assert t.loc["D", "started_at"] == t.loc["D", "resolved_at"] == _t("2024-05-01 09:00")
    assert t.loc["D", "duration"] == pd.Timedelta(0)


def test_maintenance_ends_at_completed_and_is_flagged():
    t = sl.incident_timelines(LOG)
    assert t.loc["C", "started_at"] == _t("2024-05-03 12:00")
    assert t.loc["C", "resolved_at"] == _t("2024-05-04 11:15")
    assert t.loc["C", "duration"] == pd.Timedelta(hours=23, minutes=15)
    assert t["maintenance"].to_dict() == {"D": False, "A": False, "B": False, "C": True}


def test_result_is_indexed_by_incident_in_start_order_with_utc_times():
    t = sl.incident_timelines(LOG)
    assert t.index.name == "incident_id"
    assert t.index.tolist() == ["D", "A", "B", "C"]
    assert list(t.columns) == ["started_at", "identified_at", "monitoring_at", "resolved_at", "duration",
                               "n_updates", "maintenance"]
    for column in ("started_at", "identified_at", "monitoring_at", "resolved_at"):
        assert str(t[column].dt.tz) == UTC


def test_row_order_does_not_matter():
    shuffled = LOG.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(sl.incident_timelines(shuffled), sl.incident_timelines(LOG))


def test_times_with_offsets_are_converted_and_naive_times_read_as_utc():
    log = _log([("x", "2024-05-01T12:00:00+02:00", "investigating"), ("x", "2024-05-01T11:00:00", "resolved")])
    t = sl.incident_timelines(log)
    assert t.loc["x", "started_at"] == _t("2024-05-01 10:00")
    assert t.loc["x", "duration"] == pd.Timedelta(hours=1)
    aware = log.assign(at=pd.to_datetime(["2024-05-01 10:00", "2024-05-01 11:00"]).tz_localize("Europe/Paris"))
    assert sl.incident_timelines(aware).loc["x", "started_at"] == _t("2024-05-01 08:00")


def test_a_csv_path_gives_the_same_timelines(tmp_path):
    path = tmp_path / "log.csv"
    LOG.to_csv(path, index=False)
    pd.testing.assert_frame_equal(sl.incident_timelines(path), sl.incident_timelines(LOG))
    pd.testing.assert_frame_equal(sl.incident_timelines(str(path)), sl.incident_timelines(LOG))


def test_an_unknown_status_names_the_row_and_the_value():
    bad = LOG.copy()
    bad.loc[4, "status"] = "Mitigated"
    with pytest.raises(ValueError) as info:
        sl.incident_timelines(bad)
    assert str(info.value).startswith("updates must be a log whose status is one of 'investigating'")
    assert str(info.value).endswith("got 'Mitigated'. See row 4.")


def test_an_unreadable_time_in_a_csv_names_the_line(tmp_path):
    bad = LOG.copy()
    bad.loc[2, "at"] = "yesterday"
    path = tmp_path / "log.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"updates must be a log whose 'at' holds readable times .*; "
                                         r"got 'yesterday'. See log.csv line 4."):
        sl.incident_timelines(path)


def test_missing_columns_and_wrong_kinds_are_refused():
    with pytest.raises(ValueError, match="updates must have the columns 'incident_id', 'at', 'status'; "
                                         "got a DataFrame without 'status'."):
        sl.incident_timelines(LOG.drop(columns="status"))
    with pytest.raises(TypeError, match="updates must be a DataFrame or a CSV path"):
        sl.incident_timelines([("A", "2024-05-01", "resolved")])
    with pytest.raises(ValueError, match="updates must be a DataFrame or the path of an existing CSV file"):
        sl.incident_timelines("no_such_file.csv")
    missing_id = LOG.copy()
    missing_id.loc[1, "incident_id"] = None
    with pytest.raises(ValueError, match="The id is missing in row 1."):
        sl.incident_timelines(missing_id)


def test_the_real_history_rebuilds_every_start_and_end_of_the_incidents_file():
    timelines = sl.incident_timelines(sl.load_github_updates())
    raw = pd.read_csv(datasets.data_dir() / datasets.GITHUB_INCIDENTS_FILE, dtype=str,
                      keep_default_na=False).set_index("incident_id")
    assert len(timelines) == 819
    aligned = timelines.reindex(raw.index)
    assert (aligned["started_at"] == pd.to_datetime(raw["started_at"], utc=True)).all()
    assert (aligned["resolved_at"] == pd.to_datetime(raw["resolved_at"], utc=True)).all()
    assert aligned["maintenance"].sum() == (raw["impact"] == "maintenance").sum() == 18


# --------------------------------------------------------------------------- duration_summary

def test_median_and_p90_by_hand_on_nine_values():
    # sorted 10..80, 900: median = 5th value = 50; p90 at rank 0.9 * 8 = 7.2:
    # 80 + 0.2 * (900 - 80) = 244; mean = (360 + 900) / 9 = 140
    s = sl.duration_summary([900, 10, 20, 30, 40, 50, 60, 70, 80], rng=0)
    assert (s.count, s.median, s.p90, s.mean, s.missing) == (9, 50.0, pytest.approx(244.0), 140.0, 0)


def test_even_count_median_is_the_mean_of_the_middle_two_and_p90_interpolates():
    # 1, 2, 3, 4: median 2.5; p90 rank 0.9 * 3 = 2.7 -> 3 + 0.7 * 1 = 3.7
    s = sl.duration_summary([4, 1, 3, 2], rng=0)
    assert s.median == 2.5 and s.p90 == pytest.approx(3.7) and s.mean == 2.5


def test_timedeltas_in_give_timedeltas_out_and_missing_ones_are_counted():
    durations = pd.to_timedelta([10, None, 30, 50, None], unit="min")
    s = sl.duration_summary(durations, rng=0)
    assert (s.count, s.missing) == (3, 2)
    assert s.median == pd.Timedelta(minutes=30) and s.mean == pd.Timedelta(minutes=30)
    assert s.p90 == pd.Timedelta(minutes=46)  # rank 1.8: 30 + 0.8 * 20
    assert isinstance(s.median_low, pd.Timedelta) and isinstance(s.median_high, pd.Timedelta)
    with_nan = sl.duration_summary([1.0, np.nan, 3.0], rng=0)
    assert (with_nan.count, with_nan.missing, with_nan.median) == (2, 1, 2.0)


def test_bootstrap_interval_brackets_the_median_and_is_reproducible():
    rng = np.random.default_rng(5)
    minutes = rng.lognormal(4, 1, 300)
    first = sl.duration_summary(minutes, rng=11)
    assert first == sl.duration_summary(minutes, rng=11)
    assert first.median_low < first.median < first.median_high
    narrower = sl.duration_summary(minutes, confidence=0.5, rng=11)
    assert first.median_low <= narrower.median_low and narrower.median_high <= first.median_high


def test_bootstrap_interval_agrees_with_plain_resampling():
    # the plain percentile bootstrap, written out: resample, take medians, take percentiles
    rng = np.random.default_rng(2)
    minutes = np.round(rng.lognormal(4, 1.2, 200))
    resamples = minutes[rng.integers(0, minutes.size, size=(20_000, minutes.size))]
    plain_low, plain_high = np.percentile(np.median(resamples, axis=1), [2.5, 97.5])
    s = sl.duration_summary(minutes, n_resamples=20_000, rng=3)
    spread = plain_high - plain_low
    assert s.median_low == pytest.approx(plain_low, abs=0.1 * spread)
    assert s.median_high == pytest.approx(plain_high, abs=0.1 * spread)


def test_a_single_value_has_a_zero_width_interval():
    s = sl.duration_summary([pd.Timedelta(minutes=7)], rng=0)
    assert s.median == s.median_low == s.median_high == s.p90 == pd.Timedelta(minutes=7)


def test_on_the_real_history_the_mean_is_about_twice_the_median():
    # plain pandas on the CSV: status-page span of the 801 incidents that are not maintenance
    raw = pd.read_csv(datasets.data_dir() / datasets.GITHUB_INCIDENTS_FILE, dtype=str, keep_default_na=False)
    raw = raw[raw["impact"] != "maintenance"]
    span = (pd.to_datetime(raw["resolved_at"], utc=True) - pd.to_datetime(raw["started_at"], utc=True))
    minutes = span.dt.total_seconds() / 60
    timelines = sl.incident_timelines(sl.load_github_updates())
    s = sl.duration_summary(timelines.loc[~timelines["maintenance"], "duration"], rng=0)
    assert s.count == 801
    assert s.median == pd.Timedelta(minutes=np.median(minutes)) == pd.Timedelta(minutes=65)
    assert s.p90 == pd.Timedelta(minutes=np.percentile(minutes, 90))
    assert s.mean.total_seconds() / 60 == pytest.approx(minutes.mean())
    assert s.mean > 1.9 * s.median
    # the upstream duration column (impact window where reported): median 73 min as the data README says
    upstream = sl.duration_summary(sl.load_github_incidents().query("~maintenance")["duration"], rng=0)
    assert upstream.median == pd.Timedelta(minutes=73)


@pytest.mark.parametrize("bad, kind, text", [
    ("10 minutes", TypeError, "durations must be a list, array or Series of Timedeltas or of numbers"),
    ([], ValueError, "durations must be at least one duration that is not missing; got an empty sequence."),
    ([np.nan, None], ValueError, "durations must be at least one duration that is not missing; got 2 missing"),
    ([1, "a"], TypeError, "got 'a'"),
    ([1, pd.Timedelta("1h")], TypeError, "got a mix of Timedeltas and numbers"),
    ([1.0, np.inf], ValueError, "durations must be finite numbers"),
    ([True, False], TypeError, "durations must be"),
])
def test_bad_durations_are_named(bad, kind, text):
    with pytest.raises(kind, match=text.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        sl.duration_summary(bad)


def test_bad_options_are_named():
    with pytest.raises(ValueError, match="confidence must be"):
        sl.duration_summary([1, 2], confidence=95)
    with pytest.raises(ValueError, match="n_resamples must be"):
        sl.duration_summary([1, 2], n_resamples=10)
    with pytest.raises(TypeError, match="rng must be"):
        sl.duration_summary([1, 2], rng="seed")


def test_line_numbers_count_line_breaks_inside_quoted_messages(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text('incident_id,at,status,message\n'
                    'A,2024-05-01T10:00:00Z,Investigating,"first line\nsecond line"\n'
                    'A,2024-05-01T10:30:00Z,Resolvd,done\n')
    with pytest.raises(ValueError, match="got 'Resolvd'. See log.csv line 4."):
        sl.incident_timelines(path)
