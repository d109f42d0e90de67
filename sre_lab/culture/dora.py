"""DORA's four keys from a deployment log, and where they sit on the published bands.

=========================  ====================================================
``dora_metrics``           a deployment log -> deployment frequency, lead time,
                           change failure rate, recovery time (a ``dict``)
``dora_trend``             the same four keys per team (or service) and per
                           calendar week / month / quarter: a DataFrame
``DORA_METRICS``           the four keys' names, in DORA's order
``DORA_BANDS``             the published performance clusters as data, one row
                           per report edition, tier and key, with the source
``DORA_EDITIONS``          the report editions ``DORA_BANDS`` holds
``DORA_TIERS``             the clusters, best first: elite, high, medium, low
``BAND_UNITS``             the unit of each key in ``DORA_BANDS``
``dora_band``              place measured keys on one edition's clusters
=========================  ====================================================

Definitions (the ones the code uses; each is pinned by hand-worked tests in
``tests/test_culture_dora.py``):

* **deployment frequency** = deployments / calendar days (UTC) from the day of
  the first deployment to the day of the last, both included (a log of one
  day has 1 day). Per day; multiply by 7 for a week.
* **lead time** (for changes) = median of ``deployed_at - commit_at`` over
  all deployments.
* **change failure rate** = failed deployments / deployments (a fraction).
* **recovery time** (failed deployment recovery time, DORA's name since
  2023; "time to restore service" before) = median of
  ``restored_at - deployed_at`` over the failed deployments **that were
  restored**. A failed deployment that was never restored (``restored_at``
  empty) has no recovery time to take a median of: it is left out of the
  median and counted in ``n_unrestored``, so the median is an optimistic
  lower bound while that count is above 0. With no restored failure the
  recovery time is ``sl.NEVER`` (``NaT``).

Where the bands changed between editions (``DORA_BANDS``; 2019 and 2021 read
from the reports' PDFs in the dora-team/dora.dev repository, 2023 from
third-party tables, ops_facts section 6.5):

* elite lead time: less than one hour (2018, as the 2019 report recalls) ->
  less than one day (2019) -> less than one hour (2021) -> less than one day
  (2023);
* low change failure rate: 46-60 % (2019) -> 16-30 %, shared by high, medium
  and low (2021) -> a typical 64 % (2023, which gives one typical rate per
  cluster, not ranges: 5 %, 10 %, 15 %, 64 %);
* low deployment frequency: once a month to once every six months (2019) ->
  fewer than once per six months (2021); 2023's low tier is quoted two ways
  ("between once per week and once per month", the same as medium, or
  "fewer than once per month"), and its lead time too ("one week to one
  month" or "more than one month"): the sources disagree, so the band kept
  is only what medium leaves;
* high deployment frequency: daily to weekly (2019, 2023) -> weekly to
  monthly (2021), so deploying every other day falls in no 2021 cluster;
* low time to restore: one week to one month (2019) -> more than six months
  (2021) -> one to six months (2023); renamed "failed deployment recovery
  time" in 2023 and limited to failures caused by a change.

The 2022 report had no elite cluster (third-party summaries, e.g. Octopus
Deploy's "The 2023 DevOps performance clusters"), and the 2024 report's table (p. 13)
is not in ``DORA_BANDS``: quote it from the report itself, with its version
(its errata correct the colours of that table in v.2024.2).

Sources: DORA's definitions as implemented in dora-team/fourkeys
(``METRICS.md``: lead time is the median of deploy minus commit time, change
failure rate is failed deployments over deployments, time to restore is a
median) and the State of DevOps / Accelerate State of DevOps reports for the
bands (``DORA_BANDS`` cites the edition of every row).
Taught in ``notebooks/05_culture/3b_*`` (the DORA explorer:
``sl.dora_dashboard()``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_choice, check_columns, message
from .._windows import NEVER, described

__all__ = [
    "DORA_METRICS",
    "DORA_BANDS",
    "DORA_EDITIONS",
    "DORA_TIERS",
    "BAND_UNITS",
    "dora_metrics",
    "dora_trend",
    "dora_band",
]

#: The four keys, in the order DORA lists them (two of throughput, two of stability).
DORA_METRICS = ("deployment_frequency", "lead_time", "change_failure_rate", "recovery_time")
_REQUIRED = ("commit_at", "deployed_at", "failed", "restored_at")
_HINT_TIME = "Convert it with pd.to_datetime(column, utc=True)."


# --------------------------------------------------------------------------- checks
def _utc_column(frame: pd.DataFrame, column: str, *, allow_missing: bool) -> pd.Series:
    """``frame[column]`` as tz-aware UTC times; naive times are read as UTC."""
    values = frame[column]
    name = f"deployments[{column!r}]"
    rule = "times (datetime64, or text such as '2026-10-05 14:00')"
    if isinstance(values, pd.DataFrame):  # a repeated column name
        raise ValueError(described("deployments", "a DataFrame with one column of each name",
                                 f"{values.shape[1]} columns named {column!r}"))
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        times = values
    elif pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_numeric_dtype(values.dtype) and \
            not values.isna().all():
        raise TypeError(described(name, rule, f"a column of {values.dtype}",
                                "Numbers are not times here. " + _HINT_TIME))
    else:
        numbers = [v for v in values.to_numpy(dtype=object)
                   if isinstance(v, (bool, np.bool_, int, float, np.number)) and not pd.isna(v)]
        if numbers:
            first = numbers[0].item() if isinstance(numbers[0], np.generic) else numbers[0]
            raise TypeError(message(name, rule, first, "Numbers are not times here. " + _HINT_TIME))
        try:
            times = pd.to_datetime(values, utc=True, format="ISO8601")
        except (ValueError, TypeError, OverflowError) as exc:
            bad = _first_unparsable(values)
            raise ValueError(message(name, rule, bad, _HINT_TIME)) from exc
    if getattr(times.dt, "tz", None) is None:
        times = times.dt.tz_localize("UTC")
    else:
        times = times.dt.tz_convert("UTC")
    if not allow_missing and times.isna().any():
        row = times.index[times.isna().to_numpy().argmax()]
        raise ValueError(described(name, "a time in every row", f"an empty value in row {row!r}",
                                 "Every deployment needs its time; drop or fill the row."))
    return times


def _first_unparsable(values: pd.Series):
    for index, value in values.items():
        try:
            stamp = pd.to_datetime(value, utc=True, format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            return value
        if stamp is pd.NaT:
            continue
    return values.iloc[0] if len(values) else None


def _failed_column(frame: pd.DataFrame) -> np.ndarray:
    values = frame["failed"]
    name = "deployments['failed']"
    rule = "True or False in every row"
    if isinstance(values, pd.DataFrame):
        raise ValueError(described("deployments", "a DataFrame with one column of each name",
                                 f"{values.shape[1]} columns named 'failed'"))
    if pd.api.types.is_bool_dtype(values.dtype) and not values.isna().any():
        return values.to_numpy(dtype=bool)
    array = values.to_numpy(dtype=object)
    ok = np.array([isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, float, np.integer, np.floating))
                                                      and not pd.isna(v) and v in (0, 1))
                   for v in array], dtype=bool)
    if not ok.all():
        row = int(np.flatnonzero(~ok)[0])
        bad = array[row]
        bad = bad.item() if isinstance(bad, np.generic) else bad
        raise TypeError(message(name, rule, bad, f"Row {values.index[row]!r}: mark a failed deployment True, "
                                "any other False (1/0 also work)."))
    return array.astype(bool)


def _clean_log(deployments) -> pd.DataFrame:
    """The four columns, checked: UTC times, bool ``failed``, the order rules."""
    check_columns("deployments", deployments, _REQUIRED)
    commit = _utc_column(deployments, "commit_at", allow_missing=False)
    deployed = _utc_column(deployments, "deployed_at", allow_missing=False)
    restored = _utc_column(deployments, "restored_at", allow_missing=True)
    failed = _failed_column(deployments)
    if len(deployments) == 0:
        raise ValueError(described("deployments", "a log with at least one deployment",
                                 "an empty DataFrame"))
    early = (deployed < commit).to_numpy()
    if early.any():
        i = int(early.argmax())
        row = deployments.index[i]
        raise ValueError(described(
            "deployments['deployed_at']", "at or after commit_at (a change is deployed after it is committed)",
            f"{deployed.iloc[i]} before commit_at {commit.iloc[i]} in row {row!r}",
            "Check the two columns are not swapped and are in the same time zone."))
    stray = (~failed) & restored.notna().to_numpy()
    if stray.any():
        i = int(stray.argmax())
        raise ValueError(described(
            "deployments['restored_at']", "empty (NaT) where failed is False",
            f"{restored.iloc[i]} for a deployment that did not fail in row {deployments.index[i]!r}",
            "Only failed deployments are restored; set failed=True or clear restored_at."))
    back = (restored < deployed).to_numpy()
    if back.any():
        i = int(back.argmax())
        raise ValueError(described(
            "deployments['restored_at']", "at or after deployed_at (service is restored after the failed deployment)",
            f"{restored.iloc[i]} before deployed_at {deployed.iloc[i]} in row {deployments.index[i]!r}",
            "Check the two columns are not swapped and are in the same time zone."))
    return pd.DataFrame({"commit_at": commit.reset_index(drop=True), "deployed_at": deployed.reset_index(drop=True),
                         "failed": failed, "restored_at": restored.reset_index(drop=True)})


# --------------------------------------------------------------------------- the four keys
def _keys(commit, deployed, failed, restored, days) -> dict:
    """The four keys from clean numpy arrays (datetime64[us] UTC, bool), ``days`` >= 1."""
    n = len(deployed)
    n_failed = int(failed.sum())
    lead = np.median((deployed - commit).astype("int64")) if n else np.nan
    restored_mask = failed & ~np.isnat(restored)
    recovery = (restored[restored_mask] - deployed[restored_mask]).astype("int64")
    return {
        "deployment_frequency": n / days,
        "lead_time": pd.Timedelta(int(round(lead)), unit="us") if n else NEVER,
        "change_failure_rate": n_failed / n if n else float("nan"),
        "recovery_time": pd.Timedelta(int(round(np.median(recovery))), unit="us") if len(recovery) else NEVER,
        "n_deployments": n,
        "n_failed": n_failed,
        "n_unrestored": n_failed - int(restored_mask.sum()),
        "days": int(days),
    }


def dora_metrics(deployments, *, start=None, end=None) -> dict:
    """Return DORA's four keys of a deployment log.

    One deployment per row, in any order. The calendar days are counted in
    UTC, from the day of the first deployment to the day of the last, both
    included (or from ``start`` to ``end`` when they are given).

    Parameters
    ----------
    deployments : pandas.DataFrame
        Columns (others are ignored):

        ``commit_at``
            when the change the deployment ships was committed;
        ``deployed_at``
            when it reached production (at or after ``commit_at``);
        ``failed``
            ``True`` if the deployment caused a failure in production that
            needed a fix (rollback, hotfix, patch); ``1``/``0`` also work;
        ``restored_at``
            when service was restored after a failed deployment (at or after
            ``deployed_at``); empty (``NaT``) for deployments that did not
            fail, and for a failed one that has not been restored.

        Times are ``datetime64`` (tz-aware, or naive read as UTC) or ISO 8601
        text. ``sl.load_deployments()`` has these columns.
    start, end : date-like, optional
        A period of whole UTC days (both included): only the deployments
        made in it count, and the frequency divides by its days (a quiet
        period reads 0 per day, with empty other keys). Without them the
        period is the first to the last deployment's day.

    Returns
    -------
    dict
        ``deployment_frequency`` (float, deployments per day),
        ``lead_time`` (Timedelta, median), ``change_failure_rate`` (float,
        a fraction), ``recovery_time`` (Timedelta, median over the restored
        failed deployments; ``sl.NEVER`` if none was restored or none
        failed), and the counts behind them: ``n_deployments``,
        ``n_failed``, ``n_unrestored`` (failed deployments without
        ``restored_at``, left out of the recovery median), ``days``.

    Raises
    ------
    TypeError
        ``deployments`` is not a DataFrame; ``failed`` holds something other
        than booleans or 0/1; a time column holds numbers.
    ValueError
        A column is missing; the log is empty; a time is empty or not a time;
        a deployment before its commit; ``restored_at`` before
        ``deployed_at``; ``restored_at`` set on a deployment that did not
        fail. The message names the column, the rule, the row and the value.

    See Also
    --------
    dora_trend : the same keys per team and per week / month / quarter.
    dora_band : where the keys sit on DORA's published clusters.

    Notes
    -----
    A median, not a mean, as DORA and fourkeys use for lead time and recovery
    time: both are long-tailed, and one change stuck in review for a quarter
    would otherwise dominate. Two deployments at the same minute count twice
    (ties are deployments too). A failed deployment never restored makes the
    recovery median optimistic: look at ``n_unrestored``.
    Taught in ``notebooks/05_culture/3b_*``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "commit_at": pd.to_datetime(["2026-10-05 09:00", "2026-10-05 10:00",
    ...                                  "2026-10-06 08:00", "2026-10-07 12:00"], utc=True),
    ...     "deployed_at": pd.to_datetime(["2026-10-05 11:00", "2026-10-05 14:00",
    ...                                    "2026-10-06 09:00", "2026-10-08 12:00"], utc=True),
    ...     "failed": [False, True, False, False],
    ...     "restored_at": pd.to_datetime([None, "2026-10-05 14:30", None, None], utc=True),
    ... })
    >>> keys = dora_metrics(log)
    >>> keys["deployment_frequency"], keys["days"]      # 4 deployments over 4 days
    (1.0, 4)
    >>> str(keys["lead_time"])                          # median of 2 h, 4 h, 1 h, 24 h
    '0 days 03:00:00'
    >>> keys["change_failure_rate"], str(keys["recovery_time"])
    (0.25, '0 days 00:30:00')
    """
    log = _clean_log(deployments)
    day = log["deployed_at"].dt.normalize()
    first = day.min() if start is None else _day("start", start)
    last = day.max() if end is None else _day("end", end)
    if last < first:
        raise ValueError(message("end", "on or after start" if start is not None else
                                 "on or after the first deployment's day", str(last.date()),
                                 f"The period starts on {first.date()}."))
    inside = ((day >= first) & (day <= last)).to_numpy()
    commit, deployed, failed, restored = _arrays(log)
    return _keys(commit[inside], deployed[inside], failed[inside], restored[inside], (last - first).days + 1)


def _day(name: str, value) -> pd.Timestamp:
    """A UTC day (midnight) from a date-like value; numbers and booleans refused."""
    rule = "a date such as '2026-10-05'"
    if value is None or isinstance(value, (bool, np.bool_, int, float, np.number)):
        raise TypeError(message(name, rule, value, "Write the date as text, e.g. '2026-10-05'."))
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(message(name, rule, value)) from exc
    if stamp is pd.NaT:
        raise ValueError(message(name, rule, value))
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.normalize()


def _arrays(log: pd.DataFrame):
    # microseconds: any year pandas can hold, and differences that never overflow
    as_us = lambda s: s.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("us").to_numpy("datetime64[us]")  # noqa: E731
    return (as_us(log["commit_at"]), as_us(log["deployed_at"]), log["failed"].to_numpy(bool),
            as_us(log["restored_at"]))


_FREQS = {"week": "W-SUN", "month": "M", "quarter": "Q"}


def dora_trend(deployments, *, period="month", by="team") -> pd.DataFrame:
    """Return the four keys per group (team or service) and per calendar period.

    Each deployment counts in the period (UTC calendar week Monday-Sunday,
    month or quarter) in which it was **deployed**. Unlike
    :func:`dora_metrics`, the deployment frequency divides by every day of
    the period (so a month with two deployments reads 2/31, not 2/1), and
    a period with no deployment of a group is a row with 0 deployments per
    day and empty (NaN/NaT) other keys: a trend must show the quiet months.
    The first and last periods are cut to the days the log covers (from the
    day of its first deployment to the day of its last), so a log that
    starts mid-month does not read as a slow month.

    Parameters
    ----------
    deployments : pandas.DataFrame
        As :func:`dora_metrics`, plus the column ``by`` names.
    period : {"week", "month", "quarter"}, default "month"
    by : str or None, default "team"
        Column to group by (``"team"``, ``"service"`` ...); ``None`` for the
        whole log.

    Returns
    -------
    pandas.DataFrame
        One row per group and period, columns ``by`` (unless ``None``),
        ``period_start``, ``period_end`` (first and last day covered, UTC
        midnights), ``days`` and the keys of :func:`dora_metrics`
        (``deployment_frequency``, ``lead_time``, ``change_failure_rate``,
        ``recovery_time``, ``n_deployments``, ``n_failed``,
        ``n_unrestored``), sorted by group then period.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "team": ["a", "a", "a"],
    ...     "commit_at": pd.to_datetime(["2026-09-30", "2026-10-01", "2026-10-20"], utc=True),
    ...     "deployed_at": pd.to_datetime(["2026-09-30 12:00", "2026-10-02 00:00", "2026-10-31 00:00"], utc=True),
    ...     "failed": [False, True, False],
    ...     "restored_at": pd.to_datetime([None, "2026-10-02 01:00", None], utc=True),
    ... })
    >>> trend = dora_trend(log, period="month")
    >>> trend["days"].tolist(), trend["n_deployments"].tolist()   # Sep 30 only, then Oct 1-31
    ([1, 31], [1, 2])
    >>> [round(f, 4) for f in trend["deployment_frequency"]]
    [1.0, 0.0645]
    """
    period = check_choice("period", period, list(_FREQS))
    if by is not None:
        if not isinstance(by, str):
            raise TypeError(message("by", "a column name (str) or None", by))
        check_columns("deployments", deployments, [*_REQUIRED, by])
    log = _clean_log(deployments)
    groups = (deployments[by].astype(str).to_numpy() if by is not None
              else np.full(len(log), "all", dtype=object))
    day = log["deployed_at"].dt.tz_localize(None).dt.normalize()
    first, last = day.min(), day.max()
    freq = _FREQS[period]
    starts = pd.period_range(first, last, freq=freq)
    commit, deployed, failed, restored = _arrays(log)
    if len(starts) > 2000:
        raise ValueError(described("period", "a step giving at most 2,000 periods over the log",
                                   f"{period!r}: {len(starts)} periods from {first.date()} to {last.date()}",
                                   "Use a longer step ('month' or 'quarter') or a shorter log."))
    period_of = day.dt.to_period(starts.freq).to_numpy()
    rows = []
    for group in sorted(set(groups)):
        in_group = groups == group
        for p in starts:
            begin = max(p.start_time.normalize(), first)
            end = min(p.end_time.normalize(), last)
            days = (end - begin).days + 1
            mask = in_group & (period_of == p)
            keys = _keys(commit[mask], deployed[mask], failed[mask], restored[mask], days)
            row = {} if by is None else {by: group}
            row.update(period_start=begin.tz_localize("UTC"), period_end=end.tz_localize("UTC"))
            row.update(keys)
            rows.append(row)
    columns = ([] if by is None else [by]) + ["period_start", "period_end", "days", *DORA_METRICS,
                                               "n_deployments", "n_failed", "n_unrestored"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- the published bands
#: The four clusters of the reports, best first.
DORA_TIERS = ("elite", "high", "medium", "low")

#: The report editions ``DORA_BANDS`` holds.
DORA_EDITIONS = (2019, 2021, 2023)

# Units of the bands: deployments per day; hours; a fraction. A month is 730 h
# (the 2019 and 2021 reports' own conversion, and fourkeys' bucket edge), six
# months 4,380 h, a year 8,760 h.
_H_DAY, _H_WEEK, _H_MONTH, _H_6M = 24.0, 168.0, 730.0, 4380.0
_PER_DAY, _PER_WEEK, _PER_MONTH, _PER_6M = 1.0, 1 / 7, 24 / 730, 24 / 4380
_INF = float("inf")
BAND_UNITS = {"deployment_frequency": "deployments per day", "lead_time": "hours",
              "change_failure_rate": "fraction", "recovery_time": "hours"}

_S2019 = ("Accelerate State of DevOps Report 2019 (DORA / Google Cloud), table 'Aspect of software "
          "delivery performance', p. 18")
_S2021 = ("Accelerate State of DevOps Report 2021 (DORA / Google Cloud), table 'Software delivery "
          "performance metric' in 'How do we compare?'")
_S2023 = ("Accelerate State of DevOps Report 2023 (DORA / Google Cloud), as quoted in third-party "
          "tables (not checked against the report's PDF)")
_P, _S = "primary", "secondary"

# edition, tier, metric, lower, upper, published wording, source, read from, note
_BAND_ROWS = [
    (2019, "elite", "deployment_frequency", _PER_DAY, _INF, "On-demand (multiple deploys per day)", _S2019, _P, ""),
    (2019, "high", "deployment_frequency", _PER_WEEK, _PER_DAY, "Between once per day and once per week", _S2019, _P, ""),
    (2019, "medium", "deployment_frequency", _PER_MONTH, _PER_WEEK, "Between once per week and once per month",
     _S2019, _P, ""),
    (2019, "low", "deployment_frequency", _PER_6M, _PER_MONTH, "Between once per month and once every six months",
     _S2019, _P, ""),
    (2019, "elite", "lead_time", 0.0, _H_DAY, "Less than one day", _S2019, _P,
     "2018's elite reported less than one hour (2019 report, p. 23)"),
    (2019, "high", "lead_time", _H_DAY, _H_WEEK, "Between one day and one week", _S2019, _P, ""),
    (2019, "medium", "lead_time", _H_WEEK, _H_MONTH, "Between one week and one month", _S2019, _P, ""),
    (2019, "low", "lead_time", _H_MONTH, _H_6M, "Between one month and six months", _S2019, _P, ""),
    (2019, "elite", "recovery_time", 0.0, 1.0, "Less than one hour", _S2019, _P, ""),
    (2019, "high", "recovery_time", 0.0, _H_DAY, "Less than one day", _S2019, _P, "high and medium share the band"),
    (2019, "medium", "recovery_time", 0.0, _H_DAY, "Less than one day", _S2019, _P, "high and medium share the band"),
    (2019, "low", "recovery_time", _H_WEEK, _H_MONTH, "Between one week and one month", _S2019, _P,
     "one day to one week is in no cluster"),
    (2019, "elite", "change_failure_rate", 0.0, 0.16, "0-15%", _S2019, _P, "elite, high and medium share 0-15%"),
    (2019, "high", "change_failure_rate", 0.0, 0.16, "0-15%", _S2019, _P, "elite, high and medium share 0-15%"),
    (2019, "medium", "change_failure_rate", 0.0, 0.16, "0-15%", _S2019, _P, "elite, high and medium share 0-15%"),
    (2019, "low", "change_failure_rate", 0.46, 0.61, "46-60%", _S2019, _P, "16-45% is in no cluster"),
    (2021, "elite", "deployment_frequency", _PER_DAY, _INF, "On-demand (multiple deploys per day)", _S2021, _P, ""),
    (2021, "high", "deployment_frequency", _PER_MONTH, _PER_WEEK, "Between once per week and once per month",
     _S2021, _P, "once a day to once a week is in no 2021 cluster"),
    (2021, "medium", "deployment_frequency", _PER_6M, _PER_MONTH, "Between once per month and once every 6 months",
     _S2021, _P, ""),
    (2021, "low", "deployment_frequency", 0.0, _PER_6M, "Fewer than once per six months", _S2021, _P, ""),
    (2021, "elite", "lead_time", 0.0, 1.0, "Less than one hour", _S2021, _P, "2019: less than one day"),
    (2021, "high", "lead_time", _H_DAY, _H_WEEK, "Between one day and one week", _S2021, _P,
     "one hour to one day is in no 2021 cluster"),
    (2021, "medium", "lead_time", _H_MONTH, _H_6M, "Between one month and six months", _S2021, _P,
     "one week to one month is in no 2021 cluster"),
    (2021, "low", "lead_time", _H_6M, _INF, "More than six months", _S2021, _P, ""),
    (2021, "elite", "recovery_time", 0.0, 1.0, "Less than one hour", _S2021, _P, ""),
    (2021, "high", "recovery_time", 1.0, _H_DAY, "Less than one day", _S2021, _P, ""),
    (2021, "medium", "recovery_time", _H_DAY, _H_WEEK, "Between one day and one week", _S2021, _P, ""),
    (2021, "low", "recovery_time", _H_6M, _INF, "More than six months", _S2021, _P,
     "one week to six months is in no 2021 cluster"),
    (2021, "elite", "change_failure_rate", 0.0, 0.16, "0%-15%", _S2021, _P, ""),
    (2021, "high", "change_failure_rate", 0.16, 0.31, "16%-30%", _S2021, _P, "high, medium and low share 16-30%"),
    (2021, "medium", "change_failure_rate", 0.16, 0.31, "16%-30%", _S2021, _P, "high, medium and low share 16-30%"),
    (2021, "low", "change_failure_rate", 0.16, 0.31, "16%-30%", _S2021, _P,
     "high, medium and low share 16-30%; 2019's low was 46-60%"),
    (2023, "elite", "deployment_frequency", _PER_DAY, _INF, "On demand", _S2023, _S, ""),
    (2023, "high", "deployment_frequency", _PER_WEEK, _PER_DAY, "Between once per day and once per week", _S2023, _S, ""),
    (2023, "medium", "deployment_frequency", _PER_MONTH, _PER_WEEK, "Between once per week and once per month",
     _S2023, _S, ""),
    (2023, "low", "deployment_frequency", 0.0, _PER_MONTH, "sources disagree", _S2023, _S,
     "sources disagree: 'between once per week and once per month' (the same as medium) or "
     "'fewer than once per month'; the band here is what medium leaves"),
    (2023, "elite", "lead_time", 0.0, _H_DAY, "Less than one day", _S2023, _S, ""),
    (2023, "high", "lead_time", _H_DAY, _H_WEEK, "Between one day and one week", _S2023, _S, ""),
    (2023, "medium", "lead_time", _H_WEEK, _H_MONTH, "Between one week and one month", _S2023, _S, ""),
    (2023, "low", "lead_time", _H_MONTH, _INF, "sources disagree", _S2023, _S,
     "sources disagree: 'between one week and one month' (the same as medium) or 'more than one month'; "
     "the band here is what medium leaves"),
    (2023, "elite", "recovery_time", 0.0, 1.0, "Less than one hour", _S2023, _S,
     "failed deployment recovery time (renamed from time to restore service in 2023)"),
    (2023, "high", "recovery_time", 1.0, _H_DAY, "Less than one day", _S2023, _S, ""),
    (2023, "medium", "recovery_time", _H_DAY, _H_WEEK, "Between one day and one week", _S2023, _S, ""),
    (2023, "low", "recovery_time", _H_MONTH, _H_6M, "Between one month and six months", _S2023, _S,
     "one week to one month is in no cluster"),
    (2023, "elite", "change_failure_rate", 0.05, 0.05, "5%", _S2023, _S, "a typical value, not a range"),
    (2023, "high", "change_failure_rate", 0.10, 0.10, "10%", _S2023, _S, "a typical value, not a range"),
    (2023, "medium", "change_failure_rate", 0.15, 0.15, "15%", _S2023, _S, "a typical value, not a range"),
    (2023, "low", "change_failure_rate", 0.64, 0.64, "64%", _S2023, _S, "a typical value, not a range"),
]

DORA_BANDS = pd.DataFrame(_BAND_ROWS, columns=["edition", "tier", "metric", "lower", "upper", "published",
                                               "source", "read_from", "note"])
DORA_BANDS.attrs["units"] = dict(BAND_UNITS)
DORA_BANDS.attrs["about"] = (
    "DORA's performance clusters per report edition. lower is inclusive, upper exclusive, in "
    "BAND_UNITS (deployments per day, hours, a fraction); lower == upper marks a typical value, not a "
    "range (2023's change failure rates). read_from: 'primary' = the report's PDF (dora-team/dora.dev), "
    "'secondary' = third-party tables (ops_facts section 6.5). Bands are the clusters' answers to "
    "survey questions offered in ranges, and they move every year: cite the edition.")


def _value_in_units(metric: str, value):
    name = f"metrics[{metric!r}]"
    if metric in ("lead_time", "recovery_time"):
        if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
            return float("nan")
        if isinstance(value, (pd.Timedelta, np.timedelta64)) or hasattr(value, "total_seconds"):
            return pd.Timedelta(value) / pd.Timedelta(hours=1)
        raise TypeError(message(name, "a duration (pandas Timedelta)", value,
                                "Pass the mapping sl.dora_metrics returns."))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(message(name, "a number", value, "Pass the mapping sl.dora_metrics returns."))
    value = float(value)
    if np.isnan(value):
        return value
    if value < 0 or (metric == "change_failure_rate" and value > 1) or np.isinf(value):
        rule = "a fraction in [0, 1]" if metric == "change_failure_rate" else "a number >= 0 (per day)"
        hint = "Write 15% as 0.15." if metric == "change_failure_rate" and value > 1 else None
        raise ValueError(message(name, rule, value, hint))
    return value


def _higher_is_better(metric: str) -> bool:
    return metric == "deployment_frequency"


def dora_band(metrics, *, edition=2019) -> pd.DataFrame:
    """Place measured keys on one report edition's performance clusters.

    Parameters
    ----------
    metrics : mapping
        The four keys as :func:`dora_metrics` returns them
        (``deployment_frequency`` per day, ``lead_time`` and
        ``recovery_time`` as Timedeltas, ``change_failure_rate`` a fraction).
    edition : {2019, 2021, 2023}, default 2019
        Which report's clusters (``DORA_EDITIONS``). 2019 by default: read
        from the report itself, and the edition dora-team/fourkeys' buckets
        follow; 2023 comes from third-party tables that disagree on the low
        cluster. Pass it explicitly and cite the year.

    Returns
    -------
    pandas.DataFrame
        Indexed by metric (the four keys), columns ``value`` (in
        ``BAND_UNITS``), ``tier`` (the best cluster whose band holds the
        value; ``None`` when no band holds it), ``tiers`` (every cluster
        whose band holds it: bands of some editions overlap),
        ``placement`` (in words: ``"elite"``, ``"elite, high or medium
        (their bands overlap)"``, ``"between high and low (no cluster's band
        holds it)"``, ``"worse than every cluster"``, ``"nearest typical value:
        high (10%)"``), ``published`` (that cluster's wording), ``source``,
        ``read_from`` and ``note``.

    Notes
    -----
    The clusters come from survey answers in ranges, so the bands have gaps
    and overlaps, and they change between editions (``DORA_BANDS`` says
    where). 2023's change failure rates are one typical value per cluster:
    a rate is placed at the nearest of them (our rule, stated in
    ``placement``). A missing value (``NaT``: no failed deployment was
    restored) is placed nowhere. Taught in ``notebooks/05_culture/3b_*``.

    Examples
    --------
    >>> import pandas as pd
    >>> keys = {"deployment_frequency": 3.0, "lead_time": pd.Timedelta(hours=30),
    ...         "change_failure_rate": 0.12, "recovery_time": pd.Timedelta(hours=3)}
    >>> dora_band(keys, edition=2019)["tier"].tolist()
    ['elite', 'high', 'elite', 'high']
    >>> dora_band(keys, edition=2019).loc["change_failure_rate", "placement"]
    'elite, high or medium (their bands overlap)'
    >>> dora_band(keys, edition=2021).loc["deployment_frequency", "tier"]
    'elite'
    """
    if not hasattr(metrics, "keys") or not hasattr(metrics, "__getitem__"):
        raise TypeError(message("metrics", "a mapping with the four keys of sl.dora_metrics", type(metrics).__name__))
    missing = [m for m in DORA_METRICS if m not in metrics]
    if missing:
        raise ValueError(message("metrics", "a mapping with the keys " + ", ".join(map(repr, DORA_METRICS)),
                                 f"a mapping without {', '.join(map(repr, missing))}",
                                 "Pass what sl.dora_metrics returns."))
    if isinstance(edition, (bool, np.bool_)) or not isinstance(edition, (int, np.integer)) \
            or int(edition) not in DORA_EDITIONS:
        raise (ValueError if isinstance(edition, (int, np.integer)) and not isinstance(edition, (bool, np.bool_))
               else TypeError)(message("edition", "one of " + ", ".join(map(str, DORA_EDITIONS)), edition))
    bands = DORA_BANDS[DORA_BANDS["edition"] == int(edition)]
    rows = []
    for metric in DORA_METRICS:
        value = _value_in_units(metric, metrics[metric])
        mine = bands[bands["metric"] == metric].set_index("tier").loc[list(DORA_TIERS)]
        row = {"metric": metric, "value": value, "tier": None, "tiers": (), "placement": "", "published": "",
               "source": mine["source"].iloc[0], "read_from": mine["read_from"].iloc[0], "note": ""}
        if np.isnan(value):
            row["placement"] = "no value to place"
        elif (mine["lower"] == mine["upper"]).all():  # typical values, not ranges
            tier = (mine["lower"] - value).abs().idxmin()
            row.update(tier=tier, tiers=(tier,), published=mine.at[tier, "published"], note=mine.at[tier, "note"],
                       placement=f"nearest typical value: {tier} ({mine.at[tier, 'published']})")
        else:
            hit = mine[(mine["lower"] <= value) & (value < mine["upper"])]
            if len(hit):
                tiers = tuple(hit.index)
                tier = tiers[0]
                words = tier if len(tiers) == 1 else (", ".join(tiers[:-1]) + f" or {tiers[-1]} (their bands overlap)")
                row.update(tier=tier, tiers=tiers, placement=words, published=hit.at[tier, "published"],
                           note=hit.at[tier, "note"])
            else:
                better = _higher_is_better(metric)
                # clusters whose band is better than the value / worse than it
                above = mine[(mine["lower"] > value)] if better else mine[(mine["upper"] <= value)]
                below = mine[(mine["upper"] <= value)] if better else mine[(mine["lower"] > value)]
                if above.empty:
                    row["placement"] = "better than every cluster"
                elif below.empty:
                    row["placement"] = "worse than every cluster"
                else:
                    row["placement"] = (f"between {above.index[-1]} and {below.index[0]} "
                                        "(no cluster's band holds it)")
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("metric")
    frame["tier"] = pd.Series([r["tier"] for r in rows], index=frame.index, dtype=object)
    return frame
