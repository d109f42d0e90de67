"""Incident analytics done properly: rates per exposure, intervals, Pareto, time to declare.

Counting ``(service, cause)`` pairs ranks whatever gets the most traffic or
has existed longest; a month with 3 incidents after one with 6 may be noise.
These functions divide by exposure and attach Poisson intervals, so a
difference is only read as one when the data support it.

Public names
------------
========================  ====================================================
``time_to_declare``       status-page start minus the real impact start
``poisson_interval``      exact (Garwood) interval for a Poisson count
``incident_rates``        incidents per unit of exposure by a grouping column
                          (service, cause, component) with intervals
``incident_trend``        incidents per month / quarter with intervals
``budget_pareto``         incidents ranked by error budget spent, cumulative
``impact_mix``            incidents and median duration per impact level
``start_time_profile``    incident starts by day of week x hour of day (UTC)
========================  ====================================================

Real data (``sl.load_github_incidents()``) for durations, time to declare,
impact mix, components and start times; MicroCorp (``sl.load_incidents()``)
where ground truth is needed (budgets, causes). Notebooks:
``notebooks/03_incidents/`` (advanced tier).
"""

from __future__ import annotations

import numbers
from statistics import NormalDist

import numpy as np
import pandas as pd

from .._validation import check_choice, check_columns, check_fraction, message
from .._windows import described

__all__ = ["time_to_declare", "poisson_interval", "incident_rates", "incident_trend", "budget_pareto",
           "impact_mix", "start_time_profile"]

_IMPACTS = ("none", "minor", "major", "critical")
_MAX_COUNT = 10**9
_EXACT_UP_TO = 100  # counts solved exactly; Byar's approximation above


def _check_columns(name: str, frame, required) -> None:
    """``check_columns`` plus: each required column appears once (else frame[c] is a DataFrame)."""
    check_columns(name, frame, required)
    for column in required:
        if (frame.columns == column).sum() > 1:
            raise ValueError(described(name, "a DataFrame with one column of each name",
                                       f"the column {column!r} more than once"))


def _utc_column(frame: pd.DataFrame, column: str, name: str) -> pd.Series:
    values = frame[column]
    if not isinstance(values.dtype, pd.DatetimeTZDtype):
        raise TypeError(described(name, f"a DataFrame whose {column!r} holds tz-aware times",
                                f"a column of type {values.dtype}",
                                "Load it with sl.load_github_incidents() or convert with "
                                "pd.to_datetime(..., utc=True)."))
    return values.dt.tz_convert("UTC")


def time_to_declare(incidents) -> pd.Series:
    """How long after users were really hurt the status page said so.

    For every incident whose later report states the real impact window, the
    time to declare is ``started_at - impact_start``: the status page's first
    update minus the start of impact.

    Parameters
    ----------
    incidents : pandas.DataFrame
        Columns ``started_at`` and ``impact_start`` (tz-aware; NaT where no
        window is stated), and optionally ``incident_id``; e.g.
        ``sl.load_github_incidents()``.

    Returns
    -------
    pandas.Series
        Timedeltas named ``time_to_declare``, one per incident with a stated
        impact start (163 on GitHub's history), indexed by ``incident_id``
        when that column exists (else by the frame's index), in the frame's
        order. Zero or negative where the report's window starts at or after
        the first post (kept: the data say so; 12 of 163 on GitHub).

    Raises
    ------
    TypeError, ValueError
        Not a DataFrame, a missing column, or times without a time zone.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "incident_id": ["a", "b", "c"],
    ...     "started_at": pd.to_datetime(["2024-01-01 10:30", "2024-01-02 09:00", "2024-01-03 08:00"], utc=True),
    ...     "impact_start": pd.to_datetime(["2024-01-01 10:00", None, "2024-01-03 08:00"], utc=True)})
    >>> time_to_declare(frame).dt.total_seconds().div(60).to_dict()
    {'a': 30.0, 'c': 0.0}
    """
    _check_columns("incidents", incidents, ["started_at", "impact_start"])
    started = _utc_column(incidents, "started_at", "incidents")
    impact_start = _utc_column(incidents, "impact_start", "incidents")
    stated = impact_start.notna().to_numpy() & started.notna().to_numpy()
    gap = (started - impact_start)[stated]
    if "incident_id" in incidents.columns:
        gap.index = pd.Index(incidents["incident_id"].to_numpy()[stated], name="incident_id")
    return gap.rename("time_to_declare")


def _poisson_cdf(k: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """P(X <= k) for X ~ Poisson(mu), elementwise, for whole k >= 0 up to a few thousand."""
    top = int(k.max()) if k.size else 0
    i = np.arange(top + 1)
    with np.errstate(divide="ignore"):
        log_terms = (-mu[:, None] + i[None, :] * np.log(mu)[:, None]
                     - np.concatenate([[0.0], np.cumsum(np.log(i[1:]))])[None, :])
    log_terms = np.where(i[None, :] <= k[:, None], log_terms, -np.inf)
    peak = log_terms.max(axis=1, keepdims=True)
    return np.minimum(np.exp(peak[:, 0]) * np.exp(log_terms - peak).sum(axis=1), 1.0)


def _solve_mu(k: np.ndarray, target: float, upper: bool) -> np.ndarray:
    """Bisection on mu (log scale) for P(X <= k) = target (upper) or P(X >= k) = target (lower)."""
    low = np.full(k.shape, 1e-12)
    high = np.maximum(k, 1.0) * 4 + 20
    for _ in range(56):  # the log range (about 35) halves each time: ~1e-15 relative
        mid = np.sqrt(low * high)
        if upper:
            too_small = _poisson_cdf(k, mid) > target  # cdf falls as mu grows
        else:
            too_small = 1 - _poisson_cdf(k - 1, mid) < target  # P(X >= k) grows with mu
        low = np.where(too_small, mid, low)
        high = np.where(too_small, high, mid)
    return np.sqrt(low * high)


def poisson_interval(counts, *, confidence=0.95):
    """Exact (Garwood) confidence interval for the mean of a Poisson count.

    Parameters
    ----------
    counts : int or array-like of int
        Observed counts, whole numbers >= 0.
    confidence : float, default 0.95
        A fraction in (0, 1).

    Returns
    -------
    tuple of (float, float) or of numpy arrays
        ``(low, high)``: the means for which seeing ``counts`` is just at the
        ``(1 - confidence) / 2`` edge; ``low`` is 0 for a count of 0.

    Notes
    -----
    ``low`` solves P(X >= k; mu) = alpha / 2 and ``high`` solves
    P(X <= k; mu) = alpha / 2 (Garwood 1936), found by bisection on the
    Poisson CDF for counts up to 100; above that, Byar's approximation
    (relative error below 3e-5 there, and shrinking as counts grow).

    Examples
    --------
    Seeing nothing still allows up to 3.7 events (the "rule of three"):

    >>> low, high = poisson_interval(0)
    >>> low, round(high, 3)
    (0.0, 3.689)
    >>> [round(x, 2) for x in poisson_interval(10)]
    [4.8, 18.39]
    """
    confidence = check_fraction("confidence", confidence, scalar=True)
    scalar = isinstance(counts, numbers.Integral) and not isinstance(counts, (bool, np.bool_))
    k = _count_array("counts", counts)
    alpha = 1 - confidence
    low = np.zeros(k.shape)
    high = np.zeros(k.shape)
    small = k <= _EXACT_UP_TO
    if small.any():  # solved once per distinct count (at most 101 of them)
        distinct, where = np.unique(k[small], return_inverse=True)
        ks = distinct.astype(float)
        highs = _solve_mu(ks, alpha / 2, upper=True)
        positive = ks > 0
        lows = np.zeros(ks.shape)
        if positive.any():
            lows[positive] = _solve_mu(ks[positive], alpha / 2, upper=False)
        high[small] = highs[where]
        low[small] = lows[where]
    if (~small).any():
        z = NormalDist().inv_cdf(1 - alpha / 2)
        kb = k[~small].astype(float)
        low[~small] = kb * (1 - 1 / (9 * kb) - z / (3 * np.sqrt(kb))) ** 3
        high[~small] = (kb + 1) * (1 - 1 / (9 * (kb + 1)) + z / (3 * np.sqrt(kb + 1))) ** 3
    if scalar:
        return float(low[0]), float(high[0])
    return low, high


def _count_array(name: str, counts) -> np.ndarray:
    rule = "a whole number >= 0 or an array of them"
    if isinstance(counts, (bool, np.bool_, str, bytes)) or counts is None:
        raise TypeError(message(name, rule, counts))
    try:
        array = np.atleast_1d(np.asarray(counts))
    except (TypeError, ValueError, OverflowError):
        raise TypeError(message(name, rule, type(counts).__name__)) from None
    if array.ndim != 1:
        raise TypeError(described(name, rule, f"an array of shape {array.shape}"))
    if array.dtype == object:
        if not all(isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)) for v in array):
            raise TypeError(message(name, rule, counts))
        if any(abs(int(v)) > _MAX_COUNT for v in array):
            raise ValueError(message(name, f"whole numbers in [0, {_MAX_COUNT:,}]", counts))
        array = array.astype(np.int64)
    if array.dtype.kind == "f":
        finite = np.isfinite(array)
        if not finite.all() or (array != np.round(array)).any():
            raise ValueError(message(name, rule, counts))
        array = array.astype(np.int64) if (np.abs(array) <= _MAX_COUNT).all() else array
    if array.dtype.kind not in "iu":
        raise TypeError(message(name, rule, counts))
    if (array < 0).any() or (array > _MAX_COUNT).any():
        raise ValueError(message(name, f"whole numbers in [0, {_MAX_COUNT:,}]", counts))
    return array.astype(np.int64)


def incident_rates(incidents, exposure, *, by, per=1.0, confidence=0.95) -> pd.DataFrame:
    """Incidents per unit of exposure for each group, with exact Poisson intervals.

    A raw count ranks the busiest or oldest group first; dividing by exposure
    (hours in service, requests served, deploys) asks how often *per unit*
    each group fails, and the interval shows which differences are noise.

    Parameters
    ----------
    incidents : pandas.DataFrame
        One row per incident with the column ``by``. A cell may hold several
        groups (a list or tuple, like GitHub's ``components``): the incident
        then counts once for each.
    exposure : float or dict or pandas.Series
        Exposure of every group in one unit (e.g. hours, or requests). A
        single number applies to every group seen; a mapping ``group ->
        exposure`` also lists groups with no incident (rate 0), which must
        be counted too. Values > 0.
    by : str
        The grouping column, e.g. ``"service"``, ``"trigger"``, ``"components"``.
    per : float, default 1.0
        Scale of the rate, e.g. ``1_000`` for incidents per 1,000 hours or
        ``1e6`` per million requests.
    confidence : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed by group, sorted by rate (highest first): ``incidents``,
        ``exposure``, ``rate``, ``rate_low``, ``rate_high`` (rates are
        incidents / exposure x ``per``).

    Raises
    ------
    TypeError, ValueError
        A missing column, bad exposure (missing for a group, not > 0),
        bad ``per`` or ``confidence``.

    Examples
    --------
    Two services, 4 vs 1 incidents, but the first served 10x the hours:

    >>> frame = pd.DataFrame({"service": ["a", "a", "a", "a", "b"]})
    >>> rates = incident_rates(frame, {"a": 1000.0, "b": 100.0, "c": 100.0}, by="service", per=1000)
    >>> rates["rate"].to_dict()
    {'b': 10.0, 'a': 4.0, 'c': 0.0}
    >>> round(float(rates.loc["c", "rate_high"]), 1)
    36.9
    """
    if not isinstance(by, str):
        raise TypeError(message("by", "a column name (str)", by))
    _check_columns("incidents", incidents, [by])
    per = _positive("per", per)
    confidence = check_fraction("confidence", confidence, scalar=True)
    column = incidents[by]
    if column.map(lambda v: isinstance(v, (list, tuple, set, np.ndarray))).any():
        column = column.map(lambda v: list(v) if isinstance(v, (list, tuple, set, np.ndarray)) else v).explode()
    column = column.dropna()
    if not column.map(lambda v: isinstance(v, (str, numbers.Integral)) and not isinstance(v, bool)).all():
        raise TypeError(described("incidents", f"a DataFrame whose {by!r} holds group names (text or whole numbers)",
                                "other values"))
    counts = column.value_counts(sort=False)
    if isinstance(exposure, (dict, pd.Series)):
        table = pd.Series(exposure, dtype=object)
        unknown = [g for g in counts.index if g not in table.index]
        if unknown:
            raise ValueError(described("exposure", f"given for every group of {by!r}",
                                     f"no exposure for {unknown[0]!r}"))
        values = _positive_array("exposure", table.to_numpy())
        table = pd.Series(values, index=table.index)
    else:
        value = _positive("exposure", exposure)
        table = pd.Series(value, index=counts.index, dtype=float)
    n = counts.reindex(table.index, fill_value=0).to_numpy(dtype=np.int64)
    low, high = poisson_interval(n, confidence=confidence)
    scale = per / table.to_numpy()
    result = pd.DataFrame({"incidents": n, "exposure": table.to_numpy(), "rate": n * scale,
                           "rate_low": low * scale, "rate_high": high * scale}, index=table.index)
    result.index.name = by
    order = np.lexsort((np.arange(len(result)), -result["rate"].to_numpy()))
    return result.iloc[order]


def _positive(name: str, value) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(message(name, "a number > 0", value))
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(described(name, "a finite number > 0", "a number too large for a float")) from None
    if not (np.isfinite(number) and 0 < number <= 1e300):
        raise ValueError(message(name, "a finite number > 0", number))
    return number


def _positive_array(name: str, values) -> np.ndarray:
    out = np.empty(len(values))
    for i, value in enumerate(values):
        out[i] = _positive(name, value)
    return out


def _time_column(incidents, column):
    """The start column: ``column`` when given, else ``started_at`` (GitHub) or ``started`` (MicroCorp)."""
    if column is None:
        if isinstance(incidents, pd.DataFrame) and "started_at" not in incidents.columns \
                and "started" in incidents.columns:
            return "started"
        return "started_at"
    if not isinstance(column, str):
        raise TypeError(message("column", "a column name (str) or None", column))
    return column


def incident_trend(incidents, *, freq="month", column=None, confidence=0.95) -> pd.DataFrame:
    """Incidents per calendar month or quarter, with exact Poisson intervals.

    Every period from the first to the last incident is listed, empty ones
    included, so a quiet month counts as the zero it is.

    Parameters
    ----------
    incidents : pandas.DataFrame
        One row per incident with a tz-aware time column.
    freq : {"month", "quarter"}, default "month"
    column : str, optional
        The time column. Default: ``started_at`` (``sl.load_github_incidents()``),
        or ``started`` when only that exists (``sl.load_incidents()``).
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period_start`` (UTC): ``incidents``, ``low``, ``high``
        (the interval for the period's underlying rate, in incidents per
        period).

    Examples
    --------
    >>> frame = pd.DataFrame({"started_at": pd.to_datetime(
    ...     ["2024-01-05", "2024-01-20", "2024-03-02"], utc=True)})
    >>> incident_trend(frame)["incidents"].tolist()
    [2, 0, 1]
    """
    freq = check_choice("freq", freq, ["month", "quarter"])
    column = _time_column(incidents, column)
    _check_columns("incidents", incidents, [column])
    confidence = check_fraction("confidence", confidence, scalar=True)
    times = _utc_column(incidents, column, "incidents").dropna()
    if times.empty:
        raise ValueError(described("incidents", f"a DataFrame with at least one time in {column!r}", "none"))
    naive = times.dt.tz_localize(None)
    code = "M" if freq == "month" else "Q"
    periods = naive.dt.to_period(code)
    counts = periods.value_counts()
    span = pd.period_range(periods.min(), periods.max(), freq=code)
    n = counts.reindex(span, fill_value=0).to_numpy(dtype=np.int64)
    low, high = poisson_interval(n, confidence=confidence)
    index = pd.DatetimeIndex(span.to_timestamp(), name="period_start").tz_localize("UTC")
    return pd.DataFrame({"incidents": n, "low": low, "high": high}, index=index)


def budget_pareto(shares) -> pd.DataFrame:
    """Rank incidents by the error budget they spent, with the cumulative share of the total.

    Parameters
    ----------
    shares : pandas.DataFrame
        The result of ``sl.incident_budget_shares(...)`` (columns ``id`` and
        ``budget_share``; others are kept).

    Returns
    -------
    pandas.DataFrame
        Sorted by ``budget_share`` (largest first), with ``rank`` (1 = most),
        ``cumulative_share`` (of all the budget these incidents spent, 0-1)
        and ``incident_fraction`` (rank / number of incidents): "the top 20 %
        of incidents spent x % of the budget".

    Notes
    -----
    Each ``budget_share`` is a share of *its own service's* budget. Across
    several services the cumulative column adds those shares (a payment
    incident at 0.4 and a search incident at 0.1 make 0.5 "budget points");
    for one service's Pareto, filter ``shares`` on ``service`` first.

    Examples
    --------
    >>> shares = pd.DataFrame({"id": ["a", "b", "c", "d"], "budget_share": [0.1, 0.6, 0.2, 0.1]})
    >>> p = budget_pareto(shares)
    >>> p["id"].tolist(), [round(x, 2) for x in p["cumulative_share"]]
    (['b', 'c', 'a', 'd'], [0.6, 0.8, 0.9, 1.0])
    """
    _check_columns("shares", shares, ["id", "budget_share"])
    values = pd.to_numeric(shares["budget_share"], errors="coerce")
    if shares["budget_share"].map(lambda v: isinstance(v, (bool, np.bool_))).any() \
            or values.isna().any() or not np.isfinite(values.to_numpy(dtype=float)).all() \
            or (values < 0).any():
        raise ValueError(described("shares", "a DataFrame whose 'budget_share' holds numbers >= 0",
                                 "missing, negative or non-numeric values"))
    order = np.lexsort((np.arange(len(shares)), -values.to_numpy(dtype=float)))
    result = shares.iloc[order].reset_index(drop=True)
    spent = values.to_numpy(dtype=float)[order]
    total = spent.sum()
    result["rank"] = np.arange(1, len(result) + 1)
    result["cumulative_share"] = np.cumsum(spent) / total if total > 0 else np.zeros(len(spent))
    result["incident_fraction"] = result["rank"] / max(len(result), 1)
    return result


def impact_mix(incidents) -> pd.DataFrame:
    """Incidents per impact level, their share, and the median duration of each.

    Parameters
    ----------
    incidents : pandas.DataFrame
        Columns ``impact`` (none / minor / major / critical, NaN for
        maintenance) and ``duration`` (Timedelta), e.g.
        ``sl.load_github_incidents()``; a ``maintenance`` column, when
        present, adds a ``maintenance`` row.

    Returns
    -------
    pandas.DataFrame
        Indexed by impact (none, minor, major, critical[, maintenance]):
        ``incidents``, ``share`` (of all rows, 0-1), ``median_duration``
        (NaT for a level with no incident).

    Examples
    --------
    >>> frame = pd.DataFrame({"impact": ["minor", "minor", "major"],
    ...                       "duration": pd.to_timedelta([10, 30, 60], unit="min")})
    >>> impact_mix(frame)["incidents"].to_dict()
    {'none': 0, 'minor': 2, 'major': 1, 'critical': 0}
    """
    _check_columns("incidents", incidents, ["impact", "duration"])
    if not pd.api.types.is_timedelta64_dtype(incidents["duration"].dtype):
        raise TypeError(described("incidents", "a DataFrame whose 'duration' holds Timedeltas",
                                f"a column of type {incidents['duration'].dtype}"))
    impact = incidents["impact"].astype(object)
    levels = list(_IMPACTS)
    label = impact.where(impact.notna(), None)
    if "maintenance" in incidents.columns:
        flag = incidents["maintenance"].fillna(False).astype(bool).to_numpy()
        label = label.where(~flag, "maintenance")
        levels.append("maintenance")
    unknown = label.dropna()[~label.dropna().isin(levels)]
    if len(unknown):
        raise ValueError(message("incidents", "a DataFrame whose 'impact' is one of "
                                 + ", ".join(map(repr, _IMPACTS)), unknown.iloc[0]))
    counts = label.value_counts().reindex(levels, fill_value=0)
    medians = incidents["duration"].groupby(label.to_numpy()).median().reindex(levels)
    result = pd.DataFrame({"incidents": counts.to_numpy(dtype=np.int64),
                           "share": counts.to_numpy() / max(len(incidents), 1),
                           "median_duration": medians.to_numpy()}, index=pd.Index(levels, name="impact"))
    return result


def start_time_profile(incidents, *, column=None) -> pd.DataFrame:
    """Count incident starts by day of week (rows) and hour of day (columns), in UTC.

    Parameters
    ----------
    incidents : pandas.DataFrame
        A tz-aware time column, e.g. ``sl.load_github_incidents()``.
    column : str, optional
        The time column; default as in :func:`incident_trend`.

    Returns
    -------
    pandas.DataFrame
        7 rows (``Mon`` ... ``Sun``) x 24 columns (hours 0-23, UTC) of counts.
        UTC hours are not the responders' local hours: read patterns with
        that in mind.

    Examples
    --------
    >>> frame = pd.DataFrame({"started_at": pd.to_datetime(["2024-01-01 09:15", "2024-01-01 09:45"], utc=True)})
    >>> int(start_time_profile(frame).loc["Mon", 9])
    2
    """
    column = _time_column(incidents, column)
    _check_columns("incidents", incidents, [column])
    times = _utc_column(incidents, column, "incidents").dropna()
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    cells = np.zeros((7, 24), dtype=np.int64)
    np.add.at(cells, (times.dt.day_of_week.to_numpy(), times.dt.hour.to_numpy()), 1)
    return pd.DataFrame(cells, index=pd.Index(days, name="weekday"), columns=pd.Index(range(24), name="hour_utc"))
