"""Compression and roll-ups (sl.metric_storage_bytes, sl.rollup, sl.logs_to_metrics).

Oracles: the Prometheus storage formula worked by hand, Gorilla's published
1.37 bytes a point against 16 raw bytes, roll-ups checked against plain pandas
``resample`` sums on the CSV data and against tiny hand-made frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl


# ---------------------------------------------------------------- compression constants and disk

def test_published_constants():
    assert sl.RAW_POINT_BYTES == 8 + 8                 # int64 timestamp + float64 value
    assert sl.GORILLA_BYTES_PER_POINT == 1.37          # Pelkonen et al. 2015
    assert sl.PROMETHEUS_BYTES_PER_SAMPLE == (1.0, 2.0)
    assert round(16 / 1.37, 1) == 11.7                  # "about 12x"


def test_prometheus_formula_by_hand():
    # retention 15 d = 1,296,000 s; 10,000 series / 15 s = 666.67 samples/s; x 1.5 B
    assert sl.metric_storage_bytes(10_000, scrape_interval_s=15, retention_days=15,
                                   bytes_per_sample=1.5) == pytest.approx(1_296_000_000)
    # one series, hourly points for a year, uncompressed: 8,760 points x 16 B
    assert sl.metric_storage_bytes(1, scrape_interval_s=3600, retention_days=365,
                                   bytes_per_sample=16) == pytest.approx(140_160)
    # scrape 15 s -> 60 s is 4x fewer samples (Grafana's DPM advice)
    a = sl.metric_storage_bytes(500, scrape_interval_s=15, retention_days=30)
    b = sl.metric_storage_bytes(500, scrape_interval_s=60, retention_days=30)
    assert a / b == pytest.approx(4.0)
    # vectorised over series
    out = sl.metric_storage_bytes(np.array([0, 1, 2]), scrape_interval_s=86_400, retention_days=1,
                                  bytes_per_sample=16)
    assert out.tolist() == [0.0, 16.0, 32.0]


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(active_series=-1), ValueError, "active_series must be a number >= 0; got -1."),
    (dict(scrape_interval_s=0), ValueError, "scrape_interval_s must be a number > 0; got 0."),
    (dict(retention_days="30"), TypeError, "retention_days must be"),
    (dict(bytes_per_sample=0), ValueError, "Use about 1.37 (Gorilla)"),
    (dict(active_series=[1, 2], retention_days=[1, 2, 3]), ValueError, "the same length"),
    (dict(active_series=1e308, bytes_per_sample=16, retention_days=365), ValueError,
     "small enough for a finite number of bytes"),
])
def test_storage_refusals(kwargs, error, text):
    args = dict(active_series=10, scrape_interval_s=15, retention_days=15) | kwargs
    with pytest.raises(error) as info:
        sl.metric_storage_bytes(args.pop("active_series"), **args)
    assert text in str(info.value)


# ---------------------------------------------------------------- roll-ups

def _tiny():
    idx = pd.date_range("2026-10-05", periods=180, freq="min", tz="UTC")
    t = pd.DataFrame({"requests": 100, "errors": 0}, index=idx)
    t.iloc[:60, 0] = 10                # a quiet first hour: 10 requests a minute
    t.iloc[:10, 1] = 6                 # 6 errors a minute for 10 minutes: 60 in the first hour
    t.iloc[70, 1] = 30                 # 30 in the second
    return t


def test_rollup_by_hand():
    hourly = sl.rollup(_tiny(), every="1h")
    assert hourly.index.tolist() == list(pd.date_range("2026-10-05", periods=3, freq="h", tz="UTC"))
    assert hourly["requests"].tolist() == [600, 6000, 6000]
    assert hourly["errors"].tolist() == [60, 30, 0]
    assert hourly["minutes"].tolist() == [60, 60, 60]
    # the whole period's ratio is the same from minutes and from hours: 90 / 12,600
    assert hourly["errors"].sum() / hourly["requests"].sum() == pytest.approx(90 / 12_600)
    # ... but the mean of the hourly ratios is not: (0.1 + 0.005 + 0) / 3
    assert (hourly["errors"] / hourly["requests"]).mean() == pytest.approx(0.035)


def test_rollup_of_a_partial_bucket_and_15_minutes():
    t = _tiny().iloc[30:100]                          # 00:30 .. 01:39
    out = sl.rollup(t, every="1h")
    assert out["minutes"].tolist() == [30, 40]
    q = sl.rollup(_tiny(), every="15min")
    assert len(q) == 12 and q["errors"].iloc[0] == 60 and q["errors"].iloc[4] == 30


def test_rollup_equals_plain_pandas_on_the_data():
    traffic = sl.load_requests(service="payment")
    hourly = sl.rollup(traffic, every="1h")
    plain = traffic.resample("1h").sum()
    pd.testing.assert_frame_equal(hourly.drop(columns="minutes"), plain, check_freq=False,
                                  check_dtype=False)
    assert len(hourly) == 28 * 24 and (hourly["minutes"] == 60).all()
    # the month's totals are untouched by the roll-up
    assert hourly["errors"].sum() == traffic["errors"].sum()
    # INC-004 (payment, 14:10-14:22 on 14 October): the worst minute loses 95 % of its
    # requests; its hour, by plain sums, far less
    minute = (traffic["errors"] / traffic["requests"]).max()
    hour = traffic.loc["2026-10-14 14:00":"2026-10-14 14:59", ["requests", "errors"]].sum()
    assert minute > 0.9
    assert hourly.loc["2026-10-14 14:00", "errors"] / hourly.loc["2026-10-14 14:00", "requests"] \
        == pytest.approx(hour["errors"] / hour["requests"])
    assert 0.15 < hour["errors"] / hour["requests"] < 0.25


@pytest.mark.parametrize("every, error", [
    ("30s", ValueError), ("7h", ValueError), ("soon", ValueError), (3600, TypeError), (None, TypeError),
])
def test_rollup_refuses_bad_buckets(every, error):
    with pytest.raises(error, match="every must be a duration of at least 1 minute that divides a day"):
        sl.rollup(_tiny(), every=every)


def test_rollup_refuses_unsorted_traffic():
    with pytest.raises(ValueError, match="Sort it with traffic.sort_index()"):
        sl.rollup(_tiny().iloc[::-1])
    with pytest.raises(ValueError, match="must hold one service"):
        sl.rollup(sl.load_requests().set_index("timestamp"))
