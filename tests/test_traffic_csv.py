"""load_traffic_csv: a learner's own CSV in, the course's traffic frame out, or exactly what is wrong.

Expected values come from reading the small files by eye (and from the calendar
for daylight saving time: in 2026 the EU changes clocks on Sunday 29 March at
01:00 UTC and Sunday 25 October at 01:00 UTC), never from the loader's output.
"""

from __future__ import annotations

import datetime
import gzip
import io
import os
import pathlib
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import sre_lab as sl
from sre_lab._traffic_csv import load_traffic_csv

DATA = pathlib.Path(__file__).parent / "data" / "traffic"
HEADER = "timestamp,requests,errors\n"
HEAD = "bad.csv has {k} of problem; nothing was loaded (line numbers count the header as line 1):\n"

# The hints, written out once so every message below is pinned word for word.
MISSING = (
    "Every line needs a timestamp, requests and errors. Write 0 for a step with no traffic; "
    "if a step's counts are unknown, delete its line and pass gaps='nan'."
)
ISO = "Write timestamps in ISO 8601, e.g. '2026-10-05T00:00:00Z' or '2026-10-05 00:00:00+00:00'."
EPOCH = " Unix epoch numbers are not read: convert them first, e.g. pd.to_datetime(seconds, unit='s', utc=True)."
NOT_WHOLE = (
    "Counts are whole numbers of requests per step, e.g. 1520: no decimals, units or "
    "thousands separators."
)
NEGATIVE = (
    "Counts per step cannot be below zero; a raw counter that resets must be turned into "
    "per-step increases first."
)
OVER = (
    "errors counts the failed requests among requests, so it cannot be larger; check that "
    "the two columns are not swapped."
)
DUPLICATES = (
    "Pass duplicates='sum' if several exporters counted the same step (their counts are "
    "added); if the file holds several services, split it first."
)
ORDER = "Pass order='sort' to sort the rows by time."
GAPS = (
    "Pass gaps='nan' to insert the missing steps as unknown (NaN) counts; they are never "
    "filled with zeros."
)
LATER = "\nDuplicates, order, step and gaps are checked once every timestamp can be read."
STEP_RULE = "a duration of whole seconds, at least 1 s, such as '1min', '5min' or '1h' (or None to infer it)"
PATH_RULE = "a path to a CSV file (str or pathlib.Path)"
TZ_RULE = "a time zone name such as 'UTC' or 'Europe/Paris'"


@pytest.fixture
def write(tmp_path, monkeypatch):
    """Write text to ``bad.csv`` in a temporary working directory; return the relative name."""
    monkeypatch.chdir(tmp_path)

    def _write(text: str, name: str = "bad.csv") -> str:
        pathlib.Path(name).write_bytes(text.encode("utf-8"))
        return name

    return _write


def minutes(*stamps: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(list(stamps), utc=True), name="timestamp")


# --------------------------------------------------------------------------- good files


def test_a_clean_one_minute_file_gives_the_shape_evaluate_alerts_takes(write):
    path = write(HEADER + "2026-10-05T00:00:00Z,10,1\n2026-10-05T00:01:00Z,12,0\n2026-10-05T00:02:00Z,9,0\n")
    traffic = load_traffic_csv(path)
    expected = pd.DataFrame(
        {"requests": [10, 12, 9], "errors": [1, 0, 0]},
        index=pd.date_range("2026-10-05", periods=3, freq="min", tz="UTC", name="timestamp"),
    )
    pd.testing.assert_frame_equal(traffic, expected, check_freq=True)
    assert traffic.index.freq == pd.tseries.frequencies.to_offset("1min")
    assert str(traffic.index.tz) == "UTC"
    assert traffic.attrs == {"step": pd.Timedelta(minutes=1), "missing_steps": ()}


def test_the_fixture_file_infers_a_five_minute_step():
    traffic = load_traffic_csv(DATA / "good_5min.csv")
    assert traffic["requests"].tolist() == [1200, 1180, 1310, 1275, 1302, 1250]
    assert traffic["errors"].tolist() == [3, 0, 12, 1, 0, 2]
    assert traffic.attrs["step"] == pd.Timedelta(minutes=5)
    assert str(traffic.index.freq) == "<5 * Minutes>"
    assert str(traffic.index[-1]) == "2026-10-05 00:25:00+00:00"


def test_it_is_reexported_as_sl_load_traffic_csv():
    assert sl.load_traffic_csv is load_traffic_csv
    assert sl.datasets.load_traffic_csv is load_traffic_csv


@pytest.mark.parametrize(
    ("step", "stamps"),
    [
        ("1h", ["2026-10-05T00:00:00Z", "2026-10-05T01:00:00Z", "2026-10-05T02:00:00Z"]),
        (datetime.timedelta(seconds=30), ["2026-10-05T00:00:00Z", "2026-10-05T00:00:30Z", "2026-10-05T00:01:00Z"]),
        (np.timedelta64(1, "D"), ["2026-10-05", "2026-10-06", "2026-10-07"]),
    ],
)
def test_an_explicit_step_is_used_and_checked(write, step, stamps):
    path = write(HEADER + "".join(f"{s},5,1\n" for s in stamps))
    traffic = load_traffic_csv(path, step=step)
    assert traffic.attrs["step"] == pd.Timedelta(step)
    assert len(traffic) == 3


def test_utc_offsets_are_exact_instants_even_across_a_dst_change(write):
    # Paris local clock time with its offset: 02:59 CEST (+02) is 00:59 UTC, then the
    # clock falls back and 02:00 CET (+01) is 01:00 UTC, one minute later.
    path = write(HEADER + "2026-10-25T02:58:00+02:00,1,0\n2026-10-25T02:59:00+02:00,2,0\n"
                 "2026-10-25T02:00:00+01:00,3,0\n2026-10-25T02:01:00+01:00,4,0\n")
    traffic = load_traffic_csv(path)
    assert list(traffic.index) == list(minutes("2026-10-25 00:58", "2026-10-25 00:59",
                                               "2026-10-25 01:00", "2026-10-25 01:01"))
    assert traffic["requests"].tolist() == [1, 2, 3, 4]


def test_naive_timestamps_are_read_in_tz(write):
    # 5 October 2026 is summer time in Paris (UTC+2): 09:00 local is 07:00 UTC.
    path = write(HEADER + "2026-10-05 09:00,1,0\n2026-10-05 09:01,1,0\n")
    traffic = load_traffic_csv(path, tz="Europe/Paris")
    assert list(traffic.index) == list(minutes("2026-10-05 07:00", "2026-10-05 07:01"))
    # The same file read as UTC (the default) is two hours later.
    assert str(load_traffic_csv(path).index[0]) == "2026-10-05 09:00:00+00:00"


def test_tz_is_ignored_for_timestamps_that_carry_an_offset(write):
    path = write(HEADER + "2026-10-05T09:00:00+02:00,1,0\n2026-10-05T09:01:00+02:00,1,0\n")
    assert str(load_traffic_csv(path, tz="America/New_York").index[0]) == "2026-10-05 07:00:00+00:00"


def test_spacing_bom_crlf_quotes_and_extra_columns_are_tolerated(write):
    text = ("\ufefftimestamp, requests ,errors,service\r\n"
            "\"2026-10-05T00:00:00Z\", 10 ,1,checkout\r\n"
            "2026-10-05T00:01:00Z,12,0,checkout\r\n")
    traffic = load_traffic_csv(write(text))
    assert list(traffic.columns) == ["requests", "errors"]
    assert traffic["requests"].tolist() == [10, 12]


def test_whole_numbers_written_as_floats_are_read_exactly(write):
    path = write(HEADER + "2026-10-05T00:00:00Z,12.0,0.0\n2026-10-05T00:01:00Z,1e3,1\n")
    traffic = load_traffic_csv(path)
    assert traffic["requests"].tolist() == [12, 1000]
    assert traffic["requests"].dtype == np.int64


def test_blank_lines_are_skipped_but_keep_their_line_numbers(write):
    path = write(HEADER + "2026-10-05T00:00:00Z,1,0\n\n\n2026-10-05T00:01:00Z,-1,0\n\n")
    with pytest.raises(ValueError) as info:
        load_traffic_csv(path)
    assert "line 5 (requests: '-1')" in str(info.value)
    ok = write(HEADER + "2026-10-05T00:00:00Z,1,0\n\n2026-10-05T00:01:00Z,2,0\n\n", "ok.csv")
    assert load_traffic_csv(ok)["requests"].tolist() == [1, 2]


def test_gzip_files_are_read(write, tmp_path):
    with gzip.open(tmp_path / "traffic.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write(HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,2,1\n")
    assert load_traffic_csv("traffic.csv.gz")["errors"].tolist() == [0, 1]


def test_a_custom_timestamp_column_becomes_the_timestamp_index(write):
    path = write("time,requests,errors\n2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,2,0\n")
    traffic = load_traffic_csv(path, timestamp_column="time")
    assert traffic.index.name == "timestamp"


# --------------------------------------------------------------------------- the options


def test_duplicates_sum_adds_the_counts_of_the_same_step(write):
    path = write(HEADER + "2026-10-05T00:00:00Z,10,1\n2026-10-05T00:00:00Z,5,2\n"
                 "2026-10-05T00:01:00Z,7,0\n2026-10-05T00:01:00Z,3,3\n")
    traffic = load_traffic_csv(path, duplicates="sum")
    assert traffic["requests"].tolist() == [15, 10]
    assert traffic["errors"].tolist() == [3, 3]
    assert traffic["requests"].dtype == np.int64


def test_order_sort_sorts_and_two_concatenated_exports_need_both_options(write):
    # Exporter A then exporter B, each covering the same two minutes.
    text = HEADER + ("2026-10-05T00:00:00Z,10,1\n2026-10-05T00:01:00Z,7,0\n"
                     "2026-10-05T00:00:00Z,5,2\n2026-10-05T00:01:00Z,3,3\n")
    path = write(text)
    with pytest.raises(ValueError) as info:
        load_traffic_csv(path, duplicates="sum")
    assert str(info.value) == HEAD.format(k="1 kind") + (
        "- timestamps out of order, 1 line: line 4 ('2026-10-05T00:00:00Z') is earlier than "
        f"line 3 ('2026-10-05T00:01:00Z'). {ORDER}")
    traffic = load_traffic_csv(path, duplicates="sum", order="sort")
    assert traffic["requests"].tolist() == [15, 10]
    assert traffic["errors"].tolist() == [3, 3]


def test_gaps_nan_inserts_unknown_steps_and_lists_them(write):
    path = write(HEADER + "2026-10-05T00:00:00Z,10,1\n2026-10-05T00:03:00Z,7,0\n2026-10-05T00:04:00Z,8,0\n")
    traffic = load_traffic_csv(path, gaps="nan", step="1min")
    assert list(traffic.index) == list(pd.date_range("2026-10-05", periods=5, freq="min", tz="UTC"))
    assert traffic.index.freq == pd.tseries.frequencies.to_offset("1min")
    assert traffic["requests"].dtype == np.float64
    assert traffic["requests"].isna().tolist() == [False, True, True, False, False]
    assert traffic["requests"].sum() == 25  # the unknown steps are not zeros, they are skipped
    assert [str(t) for t in traffic.attrs["missing_steps"]] == [
        "2026-10-05 00:01:00+00:00", "2026-10-05 00:02:00+00:00"]


def test_gaps_nan_without_gaps_still_gives_float_columns(write):
    path = write(HEADER + "2026-10-05T00:00:00Z,10,1\n2026-10-05T00:01:00Z,7,0\n")
    traffic = load_traffic_csv(path, gaps="nan")
    assert traffic.dtypes.tolist() == [np.float64, np.float64]
    assert traffic.attrs["missing_steps"] == ()


def test_gaps_nan_refuses_to_invent_millions_of_steps(write):
    path = write(HEADER + "2000-01-01T00:00:00Z,1,0\n2026-10-05T00:00:00Z,1,0\n2026-10-05T00:00:01Z,1,0\n")
    with pytest.raises(ValueError) as info:
        load_traffic_csv(path, gaps="nan")
    assert str(info.value) == (
        "bad.csv: gaps='nan' would insert 844,473,599 unknown steps between 3 read ones; "
        "check step= and the first and last timestamps.")


# --------------------------------------------------------------------------- bad files

# (file content after nothing / after the header, options, exact message)
BAD_FILES = [
    pytest.param(
        "Timestamp,requests,errors\n2026-10-05T00:00:00Z,1,0\n", {},
        "bad.csv must have the columns 'timestamp', 'requests', 'errors'; got the columns "
        "'Timestamp', 'requests', 'errors'. Did you mean 'Timestamp' for 'timestamp'? Rename "
        "the column or pass timestamp_column='Timestamp'.",
        id="column-case"),
    pytest.param(
        "time,requests,errors\n2026-10-05T00:00:00Z,1,0\n", {},
        "bad.csv must have the columns 'timestamp', 'requests', 'errors'; got the columns "
        "'time', 'requests', 'errors'. Did you mean 'time' for 'timestamp'? Rename the column "
        "or pass timestamp_column='time'.",
        id="column-time"),
    pytest.param(
        "timestamp,reqs,errs\n2026-10-05T00:00:00Z,1,0\n", {},
        "bad.csv must have the columns 'timestamp', 'requests', 'errors'; got the columns "
        "'timestamp', 'reqs', 'errs'. Did you mean 'reqs' for 'requests'? Rename the column. "
        "Did you mean 'errs' for 'errors'? Rename the column.",
        id="column-abbreviations"),
    pytest.param(
        "date,value\n2026-10-05,1\n", {"timestamp_column": "date"},
        "bad.csv must have the columns 'date', 'requests', 'errors'; got the columns 'date', 'value'.",
        id="column-none-close"),
    pytest.param(
        "timestamp;requests;errors\n2026-10-05T00:00:00Z;1;0\n", {},
        "bad.csv must have the columns 'timestamp', 'requests', 'errors'; got the column "
        "'timestamp;requests;errors'. The file seems to use ';' between fields; save it with commas.",
        id="semicolons"),
    pytest.param(
        "", {},
        "bad.csv must be a CSV file whose first line names the columns; got an empty file.",
        id="empty-file"),
    pytest.param(
        HEADER, {},
        "bad.csv must have at least one data line; got only the header.",
        id="header-only"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,1,0,7\n", {},
        "bad.csv must be a CSV file with as many fields on each line as in the header; got: "
        "Expected 3 fields in line 3, saw 4.",
        id="ragged-line"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n,2,0\n2026-10-05T00:02:00Z,,0\n2026-10-05T00:03:00Z,4,NaN\n",
        {},
        HEAD.format(k="1 kind") + "- empty or missing values, 3 cells: line 3 (timestamp: ''), "
        f"line 4 (requests: ''), line 5 (errors: 'NaN'). {MISSING}"
        + LATER,
        id="empty-cells"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05 00:01:00 UTC,1,0\n05/10/2026 00:02,1,0\n", {},
        HEAD.format(k="1 kind") + "- timestamps that cannot be read, 2 lines: line 3 (timestamp: "
        f"'2026-10-05 00:01:00 UTC'), line 4 (timestamp: '05/10/2026 00:02'). {ISO}"
        + LATER,
        id="unreadable-timestamps"),
    pytest.param(
        HEADER + "1759622400,1,0\n1759622460,1,0\n", {},
        HEAD.format(k="1 kind") + "- timestamps that cannot be read, 2 lines: line 2 (timestamp: "
        f"'1759622400'), line 3 (timestamp: '1759622460'). {ISO}{EPOCH}"
        + LATER,
        id="epoch-seconds"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,1,0\n2026-10-05 00:02:00,1,0\n", {},
        HEAD.format(k="1 kind") + "- a mix of timestamps with and without a UTC offset, 1 line "
        "without one (the other 2 have one): line 4 (timestamp: '2026-10-05 00:02:00'). Give every "
        "timestamp a UTC offset (e.g. 'Z' or '+01:00') or none; timestamps without one are read "
        "as local times in tz='UTC'."
        + LATER,
        id="offset-mix"),
    pytest.param(
        HEADER + "2026-10-05 00:00:00,1,0\n2026-10-05 00:01:00,1,0\n2026-10-05T00:02:00+02:00,1,0\n",
        {"tz": "Europe/Paris"},
        HEAD.format(k="1 kind") + "- a mix of timestamps with and without a UTC offset, 1 line "
        "with one (the other 2 have none): line 4 (timestamp: '2026-10-05T00:02:00+02:00'). Give "
        "every timestamp a UTC offset (e.g. 'Z' or '+01:00') or none; timestamps without one are "
        "read as local times in tz='Europe/Paris'."
        + LATER,
        id="offset-mix-minority-with"),
    pytest.param(
        HEADER + "2026-10-25 01:59,1,0\n2026-10-25 02:00,1,0\n2026-10-25 02:01,1,0\n",
        {"tz": "Europe/Paris"},
        HEAD.format(k="1 kind") + "- ambiguous local times in Europe/Paris (daylight saving time), "
        "2 lines: line 3 (timestamp: '2026-10-25 02:00'), line 4 (timestamp: '2026-10-25 02:01'). "
        "When daylight saving time ends, clocks in Europe/Paris repeat an hour, so these times "
        "happen twice. Export the timestamps in UTC or with their UTC offset (e.g. "
        "'2026-10-25T02:30:00+01:00')."
        + LATER,
        id="dst-ambiguous"),
    pytest.param(
        HEADER + "2026-03-29 01:59,1,0\n2026-03-29 02:00,1,0\n2026-03-29 03:00,1,0\n",
        {"tz": "Europe/Paris", "step": "1min"},
        HEAD.format(k="1 kind") + "- non-existent local times in Europe/Paris (daylight saving "
        "time), 1 line: line 3 (timestamp: '2026-03-29 02:00'). When daylight saving time starts, "
        "clocks in Europe/Paris skip an hour, so these times never happen there. Export the "
        "timestamps in UTC or with their UTC offset, or check that tz is the zone the file was "
        "written in."
        + LATER,
        id="dst-nonexistent"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1.5,0\n2026-10-05T00:01:00Z,abc,0\n"
        "2026-10-05T00:02:00Z,\"1,000\",0\n2026-10-05T00:03:00Z,7,inf\n", {},
        HEAD.format(k="1 kind") + "- counts that are not whole numbers, 4 cells: line 2 "
        "(requests: '1.5'), line 3 (requests: 'abc'), line 4 (requests: '1,000'), line 5 "
        f"(errors: 'inf'). {NOT_WHOLE}",
        id="not-whole"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,-3,0\n2026-10-05T00:01:00Z,5,-1\n", {},
        HEAD.format(k="1 kind") + "- negative counts, 2 cells: line 2 (requests: '-3'), line 3 "
        f"(errors: '-1'). {NEGATIVE}",
        id="negative"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,3,5\n2026-10-05T00:01:00Z,5,5\n", {},
        HEAD.format(k="1 kind") + "- more errors than requests, 1 line: line 2 (requests: '3', "
        f"errors: '5'). {OVER}",
        id="errors-above-requests"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,1,0\n2026-10-05T00:01:00Z,1,0\n"
        "2026-10-05T00:02:00Z,1,0\n", {},
        HEAD.format(k="1 kind") + "- duplicate timestamps, 1 line: line 4 repeats line 3 "
        f"('2026-10-05T00:01:00Z'). {DUPLICATES}",
        id="duplicates"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:02:00Z,1,0\n2026-10-05T00:01:00Z,1,0\n"
        "2026-10-05T00:03:00Z,1,0\n", {},
        HEAD.format(k="1 kind") + "- timestamps out of order, 1 line: line 4 "
        "('2026-10-05T00:01:00Z') is earlier than line 3 ('2026-10-05T00:02:00Z'). " + ORDER,
        id="out-of-order"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,1,0\n2026-10-05T00:04:00Z,1,0\n"
        "2026-10-05T00:05:00Z,1,0\n2026-10-05T00:07:00Z,1,0\n", {},
        HEAD.format(k="1 kind") + "- gaps in the 1-minute steps, 2 gaps (3 missing steps in all): "
        "after line 3 ('2026-10-05T00:01:00Z'): 2 missing steps, after line 5 "
        f"('2026-10-05T00:05:00Z'): 1 missing step. {GAPS}",
        id="gaps"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:05:00Z,1,0\n2026-10-05T00:10:00Z,1,0\n",
        {"step": "1min"},
        HEAD.format(k="1 kind") + "- gaps in the 1-minute steps, 2 gaps (8 missing steps in all): "
        "after line 2 ('2026-10-05T00:00:00Z'): 4 missing steps, after line 3 "
        f"('2026-10-05T00:05:00Z'): 4 missing steps. {GAPS}",
        id="coarser-data-than-step"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,1,0\n2026-10-05T00:02:13Z,1,0\n"
        "2026-10-05T00:03:00Z,1,0\n2026-10-05T00:04:00Z,1,0\n", {},
        HEAD.format(k="1 kind") + "- timestamps off the regular 1-minute step (inferred as the "
        "most common time between timestamps), 1 line: line 4 ('2026-10-05T00:02:13Z'). Every "
        "timestamp must be a whole number of steps from the others: pass step= if the step is "
        "not 1 minute, and round jittery times (such as scrape times) to the step before loading.",
        id="jitter"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,1,0\n2026-10-05T00:02:00Z,1,0\n",
        {"step": "5min"},
        HEAD.format(k="1 kind") + "- timestamps off the regular 5-minute step (the step you "
        "passed), 2 lines: line 3 ('2026-10-05T00:01:00Z'), line 4 ('2026-10-05T00:02:00Z'). Every "
        "timestamp must be a whole number of steps from the others: pass step= if the step is "
        "not 5 minutes, and round jittery times (such as scrape times) to the step before loading.",
        id="finer-data-than-step"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,1,0\n", {},
        HEAD.format(k="1 kind") + "- a step that cannot be inferred, 1 distinct timestamp: line 2 "
        "('2026-10-05T00:00:00Z'). Pass step=, e.g. step='1min'.",
        id="single-row"),
    pytest.param(
        HEADER + "".join(f"2026-10-05T00:0{i}:00Z,-{i + 1},0\n" for i in range(8)), {},
        HEAD.format(k="1 kind") + "- negative counts, 8 cells: line 2 (requests: '-1'), line 3 "
        "(requests: '-2'), line 4 (requests: '-3'), line 5 (requests: '-4'), line 6 (requests: "
        f"'-5'), and 3 more. {NEGATIVE}",
        id="at-most-five-shown"),
    pytest.param(
        HEADER + "2026-10-05T00:00:00Z,=cmd|' /C calc'!A0,0\n@SUM(1+1)*cmd|' /C calc'!A0,1,0\n", {},
        HEAD.format(k="2 kinds") + "- timestamps that cannot be read, 1 line: line 3 (timestamp: "
        f"\"@SUM(1+1)*cmd|' /C calc'!A0\"). {ISO}\n- counts that are not whole numbers, 1 cell: "
        f"line 2 (requests: \"=cmd|' /C calc'!A0\"). {NOT_WHOLE}"
        + LATER,
        id="formula-injection-is-text"),
]


@pytest.mark.parametrize(("text", "options", "expected"), BAD_FILES)
def test_bad_files_are_reported_exactly(write, text, options, expected):
    path = write(text)
    with pytest.raises(ValueError) as info:
        load_traffic_csv(path, **options)
    assert str(info.value) == expected


def test_the_messy_fixture_lists_every_kind_in_one_message(monkeypatch):
    monkeypatch.chdir(DATA)
    with pytest.raises(ValueError) as info:
        load_traffic_csv("messy.csv")
    assert str(info.value) == "\n".join([
        "messy.csv has 6 kinds of problem; nothing was loaded (line numbers count the header as line 1):",
        f"- counts that are not whole numbers, 1 cell: line 7 (requests: '12.5'). {NOT_WHOLE}",
        f"- negative counts, 1 cell: line 4 (errors: '-1'). {NEGATIVE}",
        f"- more errors than requests, 1 line: line 8 (requests: '140', errors: '150'). {OVER}",
        f"- duplicate timestamps, 1 line: line 5 repeats line 4 ('2026-10-05T00:02:00Z'). {DUPLICATES}",
        "- timestamps out of order, 1 line: line 9 ('2026-10-05T00:05:00Z') is earlier than line 8 "
        f"('2026-10-05T00:06:00Z'). {ORDER}",
        "- gaps in the 1-minute steps, 1 gap (1 missing step in all): after line 7 "
        f"('2026-10-05T00:03:00Z'): 1 missing step. {GAPS}",
    ])


def test_a_file_that_is_not_utf8_names_the_line(write, tmp_path):
    (tmp_path / "bad.csv").write_bytes(
        HEADER.encode() + b"2026-10-05T00:00:00Z,1,0\n2026-10-05T00:01:00Z,1,0 \xe9t\xe9\n")
    with pytest.raises(ValueError) as info:
        load_traffic_csv("bad.csv")
    assert str(info.value) == (
        "bad.csv must be UTF-8 text; got bytes that are not UTF-8 on line 3. Save the file as "
        "'CSV UTF-8' (spreadsheets offer it under 'Save as').")


def test_a_pickle_is_never_unpickled(write, tmp_path):
    (tmp_path / "bad.csv").write_bytes(pickle.dumps(pd.DataFrame({"a": [1]})))
    with pytest.raises(ValueError):
        load_traffic_csv("bad.csv")


# --------------------------------------------------------------------------- wrong arguments


@pytest.mark.parametrize(
    ("path", "error", "expected"),
    [
        (io.StringIO(HEADER), TypeError,
         f"path must be {PATH_RULE}; got a StringIO. Pass the file's path, not an open file or a buffer."),
        (b"traffic.csv", TypeError, f"path must be {PATH_RULE}; got a bytes path. Decode the path to str first."),
        (42, TypeError, f"path must be {PATH_RULE}; got 42."),
        (None, TypeError, f"path must be {PATH_RULE}; got None."),
        (pd.DataFrame(), TypeError, f"path must be {PATH_RULE}; got a DataFrame."),
        (HEADER + "2026-10-05T00:00:00Z,1,0\n", ValueError,
         f"path must be {PATH_RULE}; got 'timestamp,requests,errors\\n2026-10-05T...'. This looks like "
         "the CSV text itself: write it to a file and pass the file's path."),
    ],
)
def test_non_paths_are_refused(path, error, expected):
    with pytest.raises(error) as info:
        load_traffic_csv(path)
    assert str(info.value) == expected


def test_a_missing_file_names_the_path_and_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as info:
        load_traffic_csv("nope.csv")
    assert str(info.value) == (
        f"path must be an existing file; got 'nope.csv'. No such file (relative to the working "
        f"directory {os.getcwd()!r}).")
    absolute = str(tmp_path / "nope.csv")
    with pytest.raises(FileNotFoundError) as info:
        load_traffic_csv(pathlib.Path(absolute))
    assert str(info.value) == f"path must be an existing file; got {absolute!r}. No such file."


def test_a_directory_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("folder")
    with pytest.raises(ValueError) as info:
        load_traffic_csv("folder")
    assert str(info.value) == "path must be a file, not a directory; got 'folder'."


@pytest.mark.parametrize(
    ("options", "error", "expected"),
    [
        ({"step": 60}, TypeError, f"step must be {STEP_RULE}; got 60. Write 60 seconds as '60s' or '1min'."),
        ({"step": True}, TypeError, f"step must be {STEP_RULE}; got True. Write 60 seconds as '60s' or '1min'."),
        ({"step": [1]}, TypeError, f"step must be {STEP_RULE}; got a list."),
        ({"step": "5T"}, ValueError, f"step must be {STEP_RULE}; got '5T'."),
        ({"step": "1MS"}, ValueError, f"step must be {STEP_RULE}; got '1MS'."),
        ({"step": "90ms"}, ValueError, f"step must be {STEP_RULE}; got '90ms'."),
        ({"step": "-1min"}, ValueError, f"step must be {STEP_RULE}; got '-1min'."),
        ({"step": "0s"}, ValueError, f"step must be {STEP_RULE}; got '0s'."),
        ({"step": "soon"}, ValueError, f"step must be {STEP_RULE}; got 'soon'."),
        ({"tz": "Europe/Pari"}, ValueError, f"tz must be {TZ_RULE}; got 'Europe/Pari'. Did you mean 'Europe/Paris'?"),
        ({"tz": 1}, TypeError, f"tz must be {TZ_RULE}; got an int."),
        ({"tz": None}, TypeError, f"tz must be {TZ_RULE}; got None."),
        ({"timestamp_column": ""}, TypeError, "timestamp_column must be a column name (a non-empty str); got ''."),
        ({"timestamp_column": 0}, TypeError, "timestamp_column must be a column name (a non-empty str); got 0."),
        ({"duplicates": "drop"}, ValueError, "duplicates must be one of 'error', 'sum'; got 'drop'."),
        ({"duplicates": "Sum"}, ValueError, "duplicates must be one of 'error', 'sum'; got 'Sum'. Did you mean 'sum'?"),
        ({"order": "sorted"}, ValueError, "order must be one of 'error', 'sort'; got 'sorted'. Did you mean 'sort'?"),
        ({"gaps": "keep"}, ValueError, "gaps must be one of 'error', 'nan'; got 'keep'."),
        ({"gaps": "zero"}, ValueError,
         "gaps must be one of 'error', 'nan'; got 'zero'. A missing step is unknown, not a quiet "
         "step: gaps='nan' keeps it as NaN (the Notes of load_traffic_csv say why zeros would "
         "flatter the SLO)."),
        ({"gaps": None}, TypeError, "gaps must be one of 'error', 'nan'; got None."),
    ],
)
def test_bad_options_are_refused_before_the_file_is_read(options, error, expected):
    # A real file, so only the option can be wrong: options are checked before reading.
    with pytest.raises(error) as info:
        load_traffic_csv(__file__, **options)
    assert str(info.value) == expected


# --------------------------------------------------------------------------- properties

STEPS_S = [1, 30, 60, 300, 3600, 86400]


@st.composite
def traffic_tables(draw, min_rows=1, max_rows=40):
    """A valid regular table: start, step, counts with errors <= requests."""
    n = draw(st.integers(min_rows, max_rows))
    step_s = draw(st.sampled_from(STEPS_S))
    start_s = draw(st.integers(946_684_800, 1_893_456_000))  # 2000 .. 2030, whole seconds
    requests = draw(st.lists(st.integers(0, 10**12), min_size=n, max_size=n))
    errors = [draw(st.integers(0, r)) for r in requests]
    style = draw(st.sampled_from(["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S+00:00"]))
    index = pd.date_range(pd.Timestamp(start_s, unit="s", tz="UTC"), periods=n,
                          freq=pd.Timedelta(seconds=step_s), name="timestamp")
    expected = pd.DataFrame({"requests": np.array(requests, dtype=np.int64),
                             "errors": np.array(errors, dtype=np.int64)}, index=index)
    return expected, list(index.strftime(style)), step_s


def csv_text(stamps, frame) -> str:
    rows = (f"{t},{r},{e}\n" for t, r, e in zip(stamps, frame["requests"], frame["errors"]))
    return HEADER + "".join(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=traffic_tables())
def test_a_valid_table_round_trips_exactly(tmp_path, table):
    expected, stamps, step_s = table
    path = tmp_path / "traffic.csv"
    path.write_text(csv_text(stamps, expected))
    step = None if len(expected) > 1 else f"{step_s}s"
    got = load_traffic_csv(path, step=step)
    pd.testing.assert_frame_equal(got, expected, check_freq=True)
    assert got.attrs["step"] == pd.Timedelta(seconds=step_s)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=traffic_tables(min_rows=2), data=st.data())
def test_shuffled_rows_name_the_first_line_that_goes_back_in_time(tmp_path, table, data):
    expected, stamps, _ = table
    order = data.draw(st.permutations(range(len(stamps))))
    assume(list(order) != sorted(order))
    shuffled = expected.iloc[list(order)]
    shown = [stamps[i] for i in order]
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(shown, shuffled))
    # The first row whose time is earlier than the row above it (file line = row + 2).
    first = next(i for i in range(1, len(order)) if order[i] < order[i - 1])
    with pytest.raises(ValueError) as info:
        load_traffic_csv(path)
    lines = str(info.value).splitlines()
    assert lines[0].endswith("has 1 kind of problem; nothing was loaded (line numbers count the header as line 1):")
    assert lines[1].startswith("- timestamps out of order, ")
    assert f"line {first + 2} ('{shown[first]}') is earlier than line {first + 1} ('{shown[first - 1]}')" in lines[1]
    # Asking for the sort gives the original table back.
    pd.testing.assert_frame_equal(load_traffic_csv(path, order="sort"), expected, check_freq=True)


CELL = st.one_of(
    st.text(alphabet="0123456789-+.:eTZ /,x", max_size=12),
    st.sampled_from(["", "NaN", "2026-10-05T00:00:00Z", "2026-10-05 00:01", "2026-10-05T00:02:00+02:00",
                     "7", "-1", "1.5", "1e3", "inf", "=1+1", "2026-13-01"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=8),
       tz=st.sampled_from(["UTC", "Europe/Paris"]),
       options=st.fixed_dictionaries({}, optional={"duplicates": st.just("sum"), "order": st.just("sort"),
                                                   "gaps": st.just("nan"), "step": st.just("1min")}))
def test_any_cells_give_a_frame_or_a_value_error_never_another_exception(tmp_path, rows, tz, options):
    path = tmp_path / "any.csv"
    body = "".join(",".join(f'"{c}"' if "," in c else c for c in row) + "\n" for row in rows)
    path.write_text(HEADER + body)
    try:
        frame = load_traffic_csv(path, tz=tz, **options)
    except ValueError as exc:
        assert str(exc)  # a message, not a bare exception
        return
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert str(frame.index.tz) == "UTC" and frame.index.name == "timestamp"
    assert frame.index.freq is not None
    counts = frame.dropna()
    assert (counts["errors"] <= counts["requests"]).all() and (counts["errors"] >= 0).all()


def test_a_repeated_column_is_refused_rather_than_one_copy_ignored(write):
    path = write("timestamp,requests,errors,errors\n2026-10-05T00:00:00Z,5,1,2\n")
    with pytest.raises(ValueError) as info:
        load_traffic_csv(path)
    assert str(info.value) == (
        "bad.csv must have each of the columns 'timestamp', 'requests', 'errors' once; got 'errors' 2 times.")


def test_a_gz_name_on_a_plain_file_is_refused(write):
    path = write(HEADER + "2026-10-05T00:00:00Z,5,1\n", "traffic.csv.gz")
    with pytest.raises(ValueError) as info:
        load_traffic_csv(path)
    assert str(info.value).startswith(
        "traffic.csv.gz must be a gzip-compressed CSV file, as its name ends in .gz; got a file gzip cannot read (")
