"""Compression and roll-ups: storing fewer bytes for the same answers.

Three levers shrink stored telemetry without dropping what SLOs need:

* **compression**: a raw metric point is a 64-bit timestamp and a 64-bit
  float, 16 bytes; time-series databases store it in about 1.37 bytes
  (Gorilla, Pelkonen et al., VLDB 2015: delta-of-delta timestamps and XOR'd
  values) or "around 1-2 bytes per sample" (Prometheus storage docs);
* **roll-ups**: raw points become one point per hour (``rollup``): counts
  add up exactly, so SLIs over hours or months are unchanged, but anything
  shorter than the bucket (a 5-minute burn rate, a minute's peak) is gone;
* **logs -> metrics**: a log line per request becomes a counter per
  service and level, scraped every ``scrape_interval_s`` seconds.

==============================  ================================================
``RAW_POINT_BYTES``             16: a (timestamp, float64) pair uncompressed
``GORILLA_BYTES_PER_POINT``     1.37 (Gorilla paper's average)
``PROMETHEUS_BYTES_PER_SAMPLE`` (1, 2): the Prometheus docs' range
``metric_storage_bytes``        disk for metric series: Prometheus' formula
``rollup``                      counts summed into coarser buckets (raw -> hourly)
``logs_to_metrics``             telemetry volumes with log lines turned into counters
==============================  ================================================

Notebook: ``notebooks/04_cost/2b_compression_and_rollups.ipynb``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, check_real, message
from .._windows import check_traffic, described

__all__ = ["RAW_POINT_BYTES", "GORILLA_BYTES_PER_POINT", "PROMETHEUS_BYTES_PER_SAMPLE",
           "metric_storage_bytes", "rollup", "logs_to_metrics"]

RAW_POINT_BYTES = 16
"""Bytes of one uncompressed metric point: a 64-bit timestamp and a 64-bit float."""

GORILLA_BYTES_PER_POINT = 1.37
"""Average bytes per compressed point in Facebook's Gorilla (Pelkonen et al., VLDB 2015), about 12x."""

PROMETHEUS_BYTES_PER_SAMPLE = (1.0, 2.0)
"""Prometheus docs (storage, "Operational aspects"): "around 1-2 bytes per sample" on average."""

_SECONDS_PER_DAY = 86_400


def metric_storage_bytes(active_series, *, scrape_interval_s, retention_days,
                         bytes_per_sample=GORILLA_BYTES_PER_POINT):
    """Disk taken by metric series kept for ``retention_days``: the Prometheus docs' formula.

    ``retention_time_seconds × ingested_samples_per_second × bytes_per_sample``,
    with ``ingested_samples_per_second = active_series / scrape_interval_s``.
    A roll-up is the same formula with the roll-up's step as the interval.

    Parameters
    ----------
    active_series : float or array_like
        Number of series (unique label combinations) written, >= 0.
    scrape_interval_s : float or array_like
        Seconds between two samples of a series, > 0 (Prometheus' default is
        15 s; 3600 for an hourly roll-up).
    retention_days : float or array_like
        How long samples are kept, days >= 0.
    bytes_per_sample : float or array_like, default 1.37
        Stored bytes per sample, > 0: :data:`GORILLA_BYTES_PER_POINT`,
        1-2 for Prometheus, :data:`RAW_POINT_BYTES` uncompressed.

    Returns
    -------
    float or numpy.ndarray
        Bytes (decimal: divide by 1e9 for GB).

    Raises
    ------
    TypeError, ValueError
        If an argument is not a number or is out of range.

    Notes
    -----
    Source: https://prometheus.io/docs/prometheus/latest/storage/ (the formula
    and "1-2 bytes per sample"). Taught in ``04_cost/2b``.

    Examples
    --------
    10,000 series scraped every 15 s for 15 days at 1.5 bytes a sample:
    10,000 / 15 × 1,296,000 s × 1.5 = 1.296 GB.

    >>> metric_storage_bytes(10_000, scrape_interval_s=15, retention_days=15, bytes_per_sample=1.5) / 1e9
    1.296
    >>> round(metric_storage_bytes(1, scrape_interval_s=3600, retention_days=365, bytes_per_sample=16))
    140160
    """
    series = check_real("active_series", active_series, low=0)
    interval = check_real("scrape_interval_s", scrape_interval_s, low=0, low_open=True)
    days = check_real("retention_days", retention_days, low=0)
    size = check_real("bytes_per_sample", bytes_per_sample, low=0, low_open=True,
                      hint="Use about 1.37 (Gorilla) or 1-2 (Prometheus) compressed, 16 raw.")
    try:
        np.broadcast_shapes(*(np.shape(x) for x in (series, interval, days, size)))
    except ValueError:
        raise ValueError(described("active_series", "the same length as the other array arguments",
                                   f"lengths {[np.size(x) for x in (series, interval, days, size)]}")) from None
    with np.errstate(over="ignore", invalid="ignore"):
        out = days * _SECONDS_PER_DAY * (series / interval) * size
    if not np.all(np.isfinite(out)):
        raise ValueError(message("active_series", "small enough for a finite number of bytes",
                                 series if np.ndim(series) == 0 else "an array"))
    return float(out) if np.ndim(out) == 0 else out


def _every(every) -> pd.Timedelta:
    rule = "a duration of at least 1 minute that divides a day, e.g. '1h' or '15min'"
    if isinstance(every, (bool, np.bool_)) or not isinstance(every, (str, pd.Timedelta, np.timedelta64)) \
            and not hasattr(every, "total_seconds"):
        raise TypeError(message("every", rule, every))
    try:
        step = pd.Timedelta(every)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(message("every", rule, every)) from None
    if pd.isna(step) or step < pd.Timedelta(minutes=1) or pd.Timedelta(days=1) % step != pd.Timedelta(0):
        raise ValueError(message("every", rule, every))
    return step


def rollup(traffic, *, every="1h"):
    """Sum a service's 1-minute counts into coarser buckets (raw -> hourly).

    Counts add up, so a roll-up keeps every total exactly: the error ratio
    of an hour, a day or the month computed from the roll-up is the one
    computed from the minutes. What it cannot keep is anything shorter than
    a bucket: the worst minute of an incident is diluted into its hour, and
    a 5-minute alert window cannot be evaluated any more.

    Parameters
    ----------
    traffic : pandas.DataFrame
        One service's counts on a sorted, duplicate-free 1-minute
        DatetimeIndex (``sl.load_requests(service=...)``), with ``requests``
        and ``errors`` columns; every numeric column is summed.
    every : str or pandas.Timedelta, default "1h"
        Bucket size, at least a minute and dividing a day ("15min", "1h", "1D").

    Returns
    -------
    pandas.DataFrame
        Indexed by each bucket's start (UTC), the summed count columns and
        ``minutes`` (how many 1-minute rows fell in the bucket). Buckets
        without rows are left out.

    Raises
    ------
    TypeError, ValueError
        If ``traffic`` is not such a frame (message as everywhere in the
        course) or ``every`` is not a valid bucket size.

    Notes
    -----
    Error ratio of a bucket = Σ errors / Σ requests, never the mean of the
    minutes' ratios (which weighs a quiet minute like a busy one). Taught in
    ``04_cost/2b``.

    Examples
    --------
    >>> idx = pd.date_range("2026-10-05", periods=120, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": 100, "errors": 0}, index=idx)
    >>> t.iloc[5, 1] = 50            # one bad minute in the first hour
    >>> hourly = rollup(t, every="1h")
    >>> hourly["errors"].tolist(), hourly["requests"].tolist()
    ([50, 0], [6000, 6000])
    >>> round(float(hourly["errors"].iloc[0] / hourly["requests"].iloc[0]), 4)
    0.0083
    """
    step = _every(every)
    check_traffic(traffic, index="minute")
    numeric = [c for c in traffic.columns if pd.api.types.is_numeric_dtype(traffic[c])
               and not pd.api.types.is_bool_dtype(traffic[c])]
    frame = traffic[numeric]
    buckets = frame.index.floor(step)
    out = frame.groupby(buckets).sum()
    out["minutes"] = frame.groupby(buckets).size().to_numpy()
    out.index.name = traffic.index.name or "timestamp"
    return out


def logs_to_metrics(volumes, *, levels=("INFO",), series_per_level=1, profile=None):
    """Telemetry volumes with the log lines of ``levels`` replaced by counters.

    A log line per request ("GET /search 200 in 41 ms") often serves only
    to be counted on a dashboard. A counter per service and level (or a few,
    with labels) answers the same counting questions from a handful of
    metric series, scraped at the profile's interval, whatever the traffic.
    What is lost is the line itself: no search for one user's request.

    Parameters
    ----------
    volumes : DataFrame
        From :func:`sre_lab.telemetry_volumes` (``date``, ``service``,
        ``signal``, ``level``, ``count``, ``bytes``).
    levels : sequence of str, default ("INFO",)
        Log levels turned into counters; their log rows become 0 lines and
        0 bytes.
    series_per_level : int, default 1
        Series each converted level adds per service (1 for a plain counter,
        more with labels such as route x status: the product of their values).
    profile : dict, optional
        A modified copy of ``sl.TELEMETRY_PROFILE``: its ``scrape_interval_s``
        and ``bytes_per_sample`` size the new samples (15 s and 1.5 B).

    Returns
    -------
    DataFrame
        A copy of ``volumes``, same rows and columns: converted log rows at
        0, each (date, service) ``metrics`` row with the counters' samples
        and bytes added (``series_per_level × len(levels) × 86400 /
        scrape_interval_s`` samples a day, × ``bytes_per_sample`` bytes).
        ``sl.monthly_bill`` prices it like any volumes.

    Raises
    ------
    TypeError, ValueError
        ``volumes`` lacks a column, a level is unknown, or
        ``series_per_level`` is not a whole number >= 1.

    Notes
    -----
    Taught in ``04_cost/2b``.

    Examples
    --------
    One day of payment: its INFO lines (gigabytes) become one counter:
    86,400 / 15 = 5,760 samples of 1.5 B, 8,640 bytes.

    >>> from sre_lab.cost.telemetry import telemetry_volumes
    >>> day = pd.DataFrame({"date": pd.to_datetime(["2026-10-05"], utc=True), "service": ["payment"],
    ...                     "requests": [1_000_000], "errors": [0]})
    >>> before = telemetry_volumes(day)
    >>> after = logs_to_metrics(before)
    >>> int(after.loc[after["level"] == "INFO", "bytes"].item())
    0
    >>> int((after.loc[after["signal"] == "metrics", "bytes"] - before.loc[before["signal"] == "metrics", "bytes"]).item())
    8640
    """
    from .telemetry import LOG_LEVELS, TELEMETRY_PROFILE

    check_columns("volumes", volumes, ("date", "service", "signal", "level", "count", "bytes"))
    if isinstance(levels, str):
        levels = (levels,)
    if not isinstance(levels, (list, tuple, set, frozenset)) or not levels:
        raise TypeError(message("levels", "a non-empty list of log levels such as ('INFO',)", levels))
    chosen = []
    for level in levels:
        if not isinstance(level, str) or level not in LOG_LEVELS:
            raise ValueError(message("levels", "log levels among " + ", ".join(LOG_LEVELS), level))
        chosen.append(level)
    if isinstance(series_per_level, (bool, np.bool_)) or not isinstance(series_per_level, (int, np.integer)):
        raise TypeError(message("series_per_level", "a whole number >= 1", series_per_level))
    if not 1 <= int(series_per_level) <= 10**9:
        raise ValueError(message("series_per_level", "a whole number in [1, 10**9]", int(series_per_level)))
    profile = TELEMETRY_PROFILE if profile is None else profile
    if not isinstance(profile, dict):
        raise TypeError(message("profile", "a dict shaped like sl.TELEMETRY_PROFILE", type(profile).__name__))
    interval = check_real("profile['scrape_interval_s']", profile.get("scrape_interval_s"), low=0, low_open=True,
                          scalar=True)
    sample_bytes = check_real("profile['bytes_per_sample']", profile.get("bytes_per_sample"), low=0, scalar=True)
    out = volumes.copy()
    signal = out["signal"].astype(str).to_numpy()
    converted = (signal == "logs") & out["level"].astype(str).isin(chosen).to_numpy()
    out.loc[converted, ["count", "bytes"]] = 0
    metric_rows = signal == "metrics"
    samples = int(series_per_level) * len(set(chosen)) * _SECONDS_PER_DAY / interval
    # one metrics row per (date, service): the new counters' samples go there
    first = ~out.loc[metric_rows, ["date", "service"]].duplicated().to_numpy()
    rows = np.flatnonzero(metric_rows)[first]
    count = out["count"].to_numpy(dtype=float).copy()
    size = out["bytes"].to_numpy(dtype=float).copy()
    count[rows] += samples
    size[rows] += samples * sample_bytes
    out["count"] = np.rint(count).astype(np.int64)
    out["bytes"] = np.rint(size).astype(np.int64)
    return out
