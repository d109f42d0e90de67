"""Incident timelines from status-page updates, and honest duration summaries.

A status page posts updates (*investigating*, *identified*, *monitoring*,
*resolved* ...). Put in time order per incident, they give each incident's
timeline; the durations of many incidents are long-tailed, so they are
summarised by the median and p90 with a bootstrap interval, not by a mean.

Public names
------------
=======================  =====================================================
``incident_timelines``   updates log -> one row per incident: started,
                         identified, monitoring, resolved, duration
``duration_summary``     count, median, p90, mean and a bootstrap interval
                         for the median of durations (Timedeltas or numbers)
``DurationSummary``      the record ``duration_summary`` returns
``TIMELINE_STATUSES``    the statuses an update may carry (any case)
=======================  =====================================================

Notebooks: ``notebooks/03_incidents/`` (the analytics notebooks of the
advanced tier use both functions on GitHub's real status history,
``sl.load_github_updates()``).
"""

from __future__ import annotations

import numbers
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import _plain, check_fraction, check_int, message
from .._windows import check_rng, described

__all__ = ["incident_timelines", "duration_summary", "DurationSummary", "TIMELINE_STATUSES"]

#: Statuses of Statuspage-style updates, compared case-insensitively:
#: incidents (investigating ... postmortem) and maintenance windows
#: (scheduled, in progress, verifying, completed).
TIMELINE_STATUSES = ("investigating", "identified", "update", "monitoring", "resolved", "postmortem",
                     "scheduled", "in progress", "verifying", "completed")
_RESOLVING = ("resolved", "completed")
_MAINTENANCE = ("scheduled", "in progress", "verifying", "completed")
_COLUMNS = ("incident_id", "at", "status")
_UPDATES_RULE = "a DataFrame or a CSV path with columns 'incident_id', 'at', 'status'"


def _read_updates(updates):
    """Return (frame, where) with ``where(i)`` naming row i for messages."""
    if isinstance(updates, (str, os.PathLike)):
        path = os.fspath(updates)
        if not os.path.isfile(path):
            raise ValueError(message("updates", "a DataFrame or the path of an existing CSV file", path))
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise ValueError(message("updates", "a readable UTF-8 CSV file", path,
                                     f"Reading it failed: {str(error)[:200]}")) from None
        name = os.path.basename(path)
        return frame, (lambda i: f"{name} line {_first_line_of_record(path, i)}")
    if not isinstance(updates, pd.DataFrame):
        raise TypeError(message("updates", _UPDATES_RULE, type(updates).__name__))
    return updates, (lambda i: f"row {updates.index[i]!r}")


def _first_line_of_record(path: str, row: int) -> int:
    """The line (header = line 1) where data row ``row`` starts; quoted cells may span lines."""
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        end_of_previous = 0
        for record, _ in enumerate(reader):
            if record == row + 1:
                return end_of_previous + 1
            end_of_previous = reader.line_num
    return row + 2  # pragma: no cover - the row was read by pandas, so it exists


def incident_timelines(updates) -> pd.DataFrame:
    """Turn a status-page updates log into one timeline per incident.

    Each incident starts with its first update, whatever it says; the
    *identified* and *monitoring* stages are the first update of that status;
    it ends with its **last** *resolved* update (an incident can be resolved,
    reopened and resolved again).

    Parameters
    ----------
    updates : pandas.DataFrame or str or path
        One row per update with columns ``incident_id``, ``at`` (a time) and
        ``status`` (other columns are ignored), e.g.
        ``sl.load_github_updates()``; or the path of a CSV file with those
        columns (read as text, never executed). Rows may come in any order.
        ``status`` is compared case-insensitively and must be one of
        :data:`TIMELINE_STATUSES`. ``at`` may be times with an offset or
        naive times, which are read as UTC.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``incident_id``, ordered by ``started_at`` (then id):
        ``started_at``, ``identified_at``, ``monitoring_at``, ``resolved_at``
        (tz-aware UTC; NaT where the stage was never posted),
        ``duration`` (``resolved_at - started_at``; NaT when never resolved),
        ``n_updates`` and ``maintenance`` (True when the incident carries a
        maintenance status: scheduled, in progress, verifying, completed).

    Raises
    ------
    TypeError
        ``updates`` is neither a DataFrame nor a path.
    ValueError
        A missing column, or a row with an empty id, a time that cannot be
        read, or an unknown status; the message names the row (the index
        label, or the CSV line with the header as line 1) and the value.

    Notes
    -----
    Maintenance windows end at *completed* the way incidents end at
    *resolved*: ``resolved_at`` is the last update whose status is
    *resolved* or *completed*. On GitHub's history this reproduces the
    ``resolved_at`` of every one of the 819 incidents, maintenance included;
    drop maintenance with ``~timelines["maintenance"]`` before summarising
    incident durations. *Update* and *postmortem* updates only count towards
    ``started_at``.

    Examples
    --------
    Rows out of order, mixed case, no *identified* stage, resolved twice:

    >>> log = pd.DataFrame({
    ...     "incident_id": ["A", "A", "A", "A", "B"],
    ...     "at": ["2024-05-01T10:40Z", "2024-05-01T10:00Z", "2024-05-01T10:25Z",
    ...            "2024-05-01T11:30Z", "2024-05-02T08:00Z"],
    ...     "status": ["Resolved", "investigating", "MONITORING", "resolved", "Investigating"]})
    >>> t = incident_timelines(log)
    >>> t.loc["A", "duration"], t.loc["A", "identified_at"]
    (Timedelta('0 days 01:30:00'), NaT)
    >>> t.loc["B", "resolved_at"], int(t.loc["A", "n_updates"])
    (NaT, 4)
    """
    frame, where = _read_updates(updates)
    missing = [c for c in _COLUMNS if c not in frame.columns]
    repeated = [c for c in _COLUMNS if c in frame.columns and (frame.columns == c).sum() > 1]
    if repeated:
        raise ValueError(described("updates", "a log with one column of each name",
                                   f"the column {repeated[0]!r} more than once"))
    if missing:
        raise ValueError(f"updates must have the columns 'incident_id', 'at', 'status'; got "
                         f"{'a CSV file' if frame is not updates else 'a DataFrame'} without "
                         + ", ".join(repr(c) for c in missing) + ".")
    ids = frame["incident_id"]
    empty_id = ids.isna().to_numpy() | (ids.astype(str).str.strip() == "").to_numpy()
    if empty_id.any():
        i = int(np.flatnonzero(empty_id)[0])
        raise ValueError(message("updates", "a log whose every row names its incident_id",
                                 ids.iloc[i], f"The id is missing in {where(i)}."))
    if ids.dtype == object:
        plain = ids.map(lambda v: isinstance(v, (str, numbers.Integral))).to_numpy()
        if not plain.all():
            i = int(np.flatnonzero(~plain)[0])
            raise TypeError(message("updates", "a log whose incident_id values are text or whole numbers",
                                    ids.iloc[i], f"See {where(i)}."))
        if ids.map(type).nunique() > 1:
            ids = ids.astype(str)
    elif not (pd.api.types.is_integer_dtype(ids.dtype) or pd.api.types.is_string_dtype(ids.dtype)):
        raise TypeError(described("updates", "a log whose incident_id values are text or whole numbers",
                                f"values of type {ids.dtype}"))

    status = frame["status"]
    status_text = status.map(lambda v: v.strip().lower() if isinstance(v, str) else None)
    known = status_text.isin(TIMELINE_STATUSES).to_numpy()
    if not known.all():
        i = int(np.flatnonzero(~known)[0])
        raise ValueError(message("updates", "a log whose status is one of "
                                 + ", ".join(repr(s) for s in TIMELINE_STATUSES) + " (any case)",
                                 _plain(status.iloc[i]), f"See {where(i)}."))

    at = _parse_times(frame["at"], where)

    data = pd.DataFrame({"incident_id": ids.to_numpy(), "at": at, "status": status_text.to_numpy()})
    by_id = data.groupby("incident_id", sort=False)["at"]
    timeline = pd.DataFrame({"started_at": by_id.min()})
    for column, mask in (("identified_at", data["status"] == "identified"),
                         ("monitoring_at", data["status"] == "monitoring")):
        timeline[column] = data["at"].where(mask).groupby(data["incident_id"], sort=False).min()
    timeline["resolved_at"] = (data["at"].where(data["status"].isin(_RESOLVING))
                               .groupby(data["incident_id"], sort=False).max())
    timeline["duration"] = timeline["resolved_at"] - timeline["started_at"]
    timeline["n_updates"] = by_id.size().astype("int64")
    timeline["maintenance"] = (data["status"].isin(_MAINTENANCE)
                               .groupby(data["incident_id"], sort=False).any().astype(bool))
    timeline.index.name = "incident_id"
    order = np.lexsort((np.arange(len(timeline)), timeline["started_at"].to_numpy()))
    return timeline.iloc[order]


def _parse_times(column: pd.Series, where) -> pd.Series:
    """Times as tz-aware UTC; naive times are read as UTC; unreadable ones are named."""
    values = column.to_numpy()
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        parsed = column.dt.tz_convert("UTC")
    elif pd.api.types.is_datetime64_dtype(column.dtype):
        parsed = column.dt.tz_localize("UTC")
    else:
        text_like = np.array([isinstance(v, (str, pd.Timestamp)) or v is None or v is pd.NaT
                              or (isinstance(v, float) and np.isnan(v)) or hasattr(v, "tzinfo")
                              for v in values], dtype=bool)
        if not text_like.all():
            i = int(np.flatnonzero(~text_like)[0])
            raise ValueError(message("updates", "a log whose 'at' holds times (e.g. '2024-05-01T10:00Z')",
                                     _plain(values[i]), f"See {where(i)}."))
        try:
            parsed = pd.to_datetime(column, utc=True, format="ISO8601", errors="coerce")
        except (ValueError, TypeError, OverflowError):
            parsed = pd.Series([_one_time(v) for v in values], index=column.index, dtype="datetime64[ns, UTC]")
    bad = parsed.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        if pd.isna(values[i]) or (isinstance(values[i], str) and not values[i].strip()):
            raise ValueError(described("updates", "a log whose 'at' holds a time in every row",
                                       "an empty cell", f"See {where(i)}."))
        raise ValueError(message("updates", "a log whose 'at' holds readable times (e.g. '2024-05-01T10:00Z')",
                                 _plain(values[i]), f"See {where(i)}."))
    return parsed.reset_index(drop=True)


def _one_time(value):
    try:
        return pd.to_datetime(value, utc=True, format="ISO8601")
    except (ValueError, TypeError, OverflowError):
        return pd.NaT


@dataclass(frozen=True)
class DurationSummary:
    """What :func:`duration_summary` returns.

    ``count`` durations were summarised (``missing`` more were NaT/NaN and
    left out); ``median``, ``p90``, ``mean``; ``median_low`` and
    ``median_high`` bound the median with the stated ``confidence``
    (percentile bootstrap). Timedeltas when the input was Timedeltas,
    floats (the input's unit) otherwise.
    """

    count: int
    median: object
    p90: object
    mean: object
    median_low: object
    median_high: object
    missing: int = 0
    confidence: float = 0.95


def _bootstrap_medians(sorted_values: np.ndarray, n_resamples: int, generator) -> np.ndarray:
    """Medians of ``n_resamples`` resamples (with replacement) of ``sorted_values``.

    A resample draws ``n`` positions ``floor(n * U)`` with ``U`` uniform; its
    median only needs the two middle ones. The ``k``-th smallest of ``n``
    uniforms is ``Beta(k, n + 1 - k)``, and the next one lies a
    ``Beta(1, n - k)`` share of the way from it to 1, so both are drawn
    directly: the same bootstrap distribution as materialising the
    ``n_resamples x n`` resamples, in O(n_resamples) time and memory.
    """
    n = sorted_values.size
    k = (n + 1) // 2  # 1-based rank of the lower middle position
    lower = generator.beta(k, n + 1 - k, size=n_resamples)
    if n % 2:
        upper = lower
    else:
        upper = lower + (1 - lower) * generator.beta(1, n - k, size=n_resamples)
    first = np.minimum(np.floor(n * lower).astype(np.int64), n - 1)
    second = np.minimum(np.floor(n * upper).astype(np.int64), n - 1)
    return (sorted_values[first] + sorted_values[second]) / 2


def _duration_values(durations):
    """Return (float array, is_timedelta) from Timedeltas or numbers; NaT/NaN kept as nan."""
    rule = "a list, array or Series of Timedeltas or of numbers"
    if isinstance(durations, (str, bytes, dict)) or durations is None or np.isscalar(durations) \
            or isinstance(durations, (pd.Timedelta, pd.DataFrame, numbers.Number)):
        if isinstance(durations, pd.DataFrame):
            raise TypeError(described("durations", rule, "a DataFrame",
                                      "Pick one column, e.g. timelines['duration']."))
        raise TypeError(message("durations", rule, durations))
    try:
        series = pd.Series(durations) if not isinstance(durations, pd.Series) else durations
    except (TypeError, ValueError):
        raise TypeError(message("durations", rule, type(durations).__name__)) from None
    if series.ndim != 1:
        raise TypeError(described("durations", rule, "a nested sequence"))
    if pd.api.types.is_timedelta64_dtype(series.dtype):
        ns = series.to_numpy(dtype="timedelta64[ns]").astype("int64")
        values = np.where(series.isna().to_numpy(), np.nan, ns / 1e9)
        return values, True
    if pd.api.types.is_bool_dtype(series.dtype):
        raise TypeError(described("durations", rule, "booleans"))
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_complex_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan), False
    if series.dtype == object and len(series):
        kinds = series.map(lambda v: "missing" if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v))
                           else "timedelta" if isinstance(v, (pd.Timedelta, np.timedelta64))
                           or type(v).__name__ == "timedelta"
                           else "number" if isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
                           else "other")
        if (kinds == "other").any():
            bad = series[kinds == "other"].iloc[0]
            raise TypeError(message("durations", rule, bad))
        if (kinds == "timedelta").any() and (kinds == "number").any():
            raise TypeError(described("durations", rule, "a mix of Timedeltas and numbers",
                                      "Convert the numbers with pd.to_timedelta(x, unit='min')."))
        if (kinds == "timedelta").any():
            return _duration_values(pd.to_timedelta(series))
        try:
            return np.array([np.nan if k == "missing" else float(v) for v, k in zip(series, kinds)]), False
        except OverflowError:
            raise ValueError(described("durations", "finite numbers", "a number too large for a float")) from None
    if series.dtype == object or len(series) == 0:
        return np.array([], dtype=float), False
    raise TypeError(described("durations", rule, f"values of type {series.dtype}"))


def duration_summary(durations, *, confidence=0.95, n_resamples=10_000, rng=None) -> DurationSummary:
    """Summarise long-tailed durations: median, p90, mean and a bootstrap interval for the median.

    Incident durations have a long right tail: a few very long incidents pull
    the mean (the usual "MTTR") far above what a typical incident lasts, and
    one more outlier moves it a lot. The median and p90 describe the
    distribution; the interval says how sure the median is.

    Parameters
    ----------
    durations : sequence of Timedelta, or of numbers
        E.g. ``timelines["duration"]``. Numbers are in any unit you choose
        (the results are in the same unit). Negative values are allowed
        (e.g. a time to declare). NaT/NaN (an incident never resolved) are
        left out and counted in ``missing``.
    confidence : float, default 0.95
        Coverage of the interval for the median, a fraction in (0, 1).
    n_resamples : int, default 10,000
        Bootstrap resamples, in [100, 1,000,000].
    rng : None, int or numpy.random.Generator
        Seed of the bootstrap (same seed, same interval).

    Returns
    -------
    DurationSummary
        ``count``, ``median``, ``p90`` (numpy's default linear
        interpolation), ``mean``, ``median_low``, ``median_high``,
        ``missing``, ``confidence``. Timedeltas when given Timedeltas.

    Raises
    ------
    TypeError
        ``durations`` is not a sequence of Timedeltas or of numbers.
    ValueError
        No duration left once missing ones are left out, infinite values,
        or bad ``confidence`` / ``n_resamples``.

    Notes
    -----
    Percentile bootstrap: take ``n_resamples`` samples of ``count`` values
    with replacement, each one's median, and report the
    ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` percentiles of
    those medians (linear interpolation). The resamples are not built one
    by one: a resample's median depends only on its two middle order
    statistics, which are drawn directly from their Beta distributions
    (exactly the distribution of resampling ``count`` values, in
    O(``n_resamples``) time). A plain loop ``np.median(rng.choice(x,
    x.size))`` gives the same interval up to Monte Carlo noise. Taught in
    ``notebooks/03_incidents/`` (analytics).

    Examples
    --------
    Nine incidents, one of them very long: the mean is twice the median.

    >>> minutes = [10, 20, 30, 40, 50, 60, 70, 80, 900]
    >>> s = duration_summary(minutes, rng=1)
    >>> s.count, s.median, round(s.p90, 1), round(s.mean, 1)
    (9, 50.0, 244.0, 140.0)
    >>> s.median_low <= s.median <= s.median_high
    True
    >>> t = duration_summary(pd.to_timedelta([30, 90, None], unit="min"), rng=1)
    >>> t.median, t.missing
    (Timedelta('0 days 01:00:00'), 1)
    """
    values, is_timedelta = _duration_values(durations)
    confidence = check_fraction("confidence", confidence, scalar=True)
    n_resamples = check_int("n_resamples", n_resamples, low=100, high=1_000_000)
    generator = check_rng(rng)
    too_big = np.abs(np.nan_to_num(values, nan=0.0, posinf=np.inf, neginf=np.inf)) > 1e15
    if too_big.any():
        raise ValueError(message("durations", "finite numbers of at most 1e15 in size (NaT/NaN are allowed "
                                 "and counted as missing)", float(values[too_big][0])))
    missing = int(np.isnan(values).sum())
    kept = np.sort(values[~np.isnan(values)])
    count = int(kept.size)
    if count == 0:
        raise ValueError(described("durations", "at least one duration that is not missing",
                                   f"{missing} missing and none other" if missing else "an empty sequence"))
    medians = _bootstrap_medians(kept, n_resamples, generator)
    alpha = 1 - confidence
    low, high = np.percentile(medians, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    median, p90 = np.percentile(kept, [50, 90])
    mean = float(kept.mean())
    numbers_out = [float(median), float(p90), mean, float(low), float(high)]
    if is_timedelta:
        numbers_out = [pd.Timedelta(round(x * 1e6), unit="us") for x in numbers_out]
    return DurationSummary(count, *numbers_out, missing=missing, confidence=confidence)
