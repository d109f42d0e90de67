"""Shared internals of the core modules: one home for what several topics need.

Nothing here is re-exported except :data:`NEVER` (as ``sl.NEVER``); public
functions validate their inputs with these checks and then call the array
routines with clean numpy arrays. No core module imports a private helper from
another core module: they all come here.

=========================  ===================================================
``NEVER``                  the one value for "never" (``pandas.NaT``)
``DEFAULT_WINDOW_DAYS``    the one ``window_days`` default of every function (30)
``budget_fraction``        ``1 - slo_target`` without float noise
``to_timedelta``           seconds -> ``timedelta`` / ``timedelta64`` (NEVER for inf)
``true_runs``              ``(first, after)`` positions of each run of True
``cumulative_sums``        cumulative sums with a leading 0, exact while they fit
``trailing_sums``          sums over the trailing W rows ending at each row
``check_traffic``          the one check of a traffic frame (order, step, counts)
``traffic_step``           the step of a checked traffic frame
``check_counts``           the one check of per-period counts (daily history)
``check_incidents``        the one check of an incident frame's times
``described``              the message template with a described value
``check_rng``              ``rng=None`` / seed / Generator -> a Generator
=========================  ===================================================
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._validation import check_columns, message

__all__: list[str] = []

#: The one value for "never" (a budget that never runs out, a rule that never
#: fires): ``pandas.NaT``, for scalars and inside ``timedelta64`` arrays alike.
#: Test it with ``pd.isna(x)``; ``sl.format_duration(sl.NEVER)`` reads "never".
NEVER = pd.NaT

#: The one default SLO window of every public function, in days.
DEFAULT_WINDOW_DAYS = 30

_SECONDS_PER_DAY = 86_400
_MAX_SECONDS = 9e15  # within timedelta64[ms] and datetime.timedelta


def check_rng(rng) -> np.random.Generator:
    """``np.random.default_rng(rng)`` after checking the kind of ``rng``.

    >>> check_rng(1.5)
    Traceback (most recent call last):
    ...
    TypeError: rng must be None, a whole number >= 0 or a numpy Generator; got 1.5.
    """
    import numbers

    if isinstance(rng, np.random.Generator) or rng is None:
        return np.random.default_rng(rng)
    rule = "None, a whole number >= 0 or a numpy Generator"
    if isinstance(rng, (bool, np.bool_)) or not isinstance(rng, numbers.Integral):
        raise TypeError(message("rng", rule, rng))
    if rng < 0:
        raise ValueError(message("rng", rule, int(rng)))
    return np.random.default_rng(int(rng))


def described(name: str, rule: str, description: str, hint: str | None = None) -> str:
    """The course's message with a *described* value (not quoted): ``got 60 days.``

    >>> described("history", "at least 14 days long", "9 days")
    'history must be at least 14 days long; got 9 days.'
    """
    text = f"{name} must be {rule}; got {description}."
    return f"{text} {hint}" if hint else text


# --------------------------------------------------------------------------
# budget fraction, durations
# --------------------------------------------------------------------------

def budget_fraction(slo_target):
    """``1 - slo_target`` without the float noise of a decimal target.

    Rounded to 12 decimals unless that would move it by more than a
    billionth of its value (targets with more than ~9 nines keep the raw value).

    >>> budget_fraction(0.999), 1 - 0.999
    (0.001, 0.0010000000000000009)
    """
    raw = 1.0 - np.asarray(slo_target, dtype=float)
    tidy = np.round(raw, 12)
    out = np.where(np.abs(tidy - raw) <= 1e-9 * raw, tidy, raw)
    return float(out) if out.ndim == 0 else out


def to_timedelta(seconds):
    """Seconds -> ``datetime.timedelta`` (scalar) or ``timedelta64[ms]`` array.

    Infinite, NaN or too large values (beyond about 285,000 years) mean
    "never": :data:`NEVER` for a scalar and ``NaT`` in an array.

    >>> to_timedelta(90.0)
    datetime.timedelta(seconds=90)
    >>> to_timedelta(float("inf")) is NEVER
    True
    >>> to_timedelta([60.0, float("inf")]).tolist()
    [datetime.timedelta(seconds=60), None]
    """
    if np.ndim(seconds) == 0:
        seconds = float(seconds)
        if not np.isfinite(seconds) or abs(seconds) >= _MAX_SECONDS:
            return NEVER
        return _dt.timedelta(seconds=seconds)
    seconds = np.asarray(seconds, dtype=float)
    ok = np.isfinite(seconds) & (np.abs(seconds) < _MAX_SECONDS)
    millis = np.zeros(seconds.shape, dtype="int64")
    millis[ok] = np.round(seconds[ok] * 1000.0).astype("int64")
    out = millis.astype("timedelta64[ms]")
    out[~ok] = np.timedelta64("NaT")
    return out


# --------------------------------------------------------------------------
# runs and window sums
# --------------------------------------------------------------------------

def true_runs(flags) -> tuple[np.ndarray, np.ndarray]:
    """``(first, after)`` positions of each run of True: rows ``first .. after - 1``.

    >>> first, after = true_runs([False, True, True, False, True])
    >>> first.tolist(), after.tolist()
    ([1, 4], [3, 5])
    """
    padded = np.concatenate(([False], np.asarray(flags, dtype=bool), [False]))
    change = np.flatnonzero(padded[1:] != padded[:-1])
    return change[::2], change[1::2]


_EXACT_LIMIT = 2.0 ** 62


def cumulative_sums(values) -> np.ndarray:
    """Cumulative sums with a leading 0 (length ``n + 1``).

    Whole-number counts are summed exactly in int64 while the total fits
    (below 2**62); larger totals (counts near 1e16 a minute) are summed in
    float64 instead of overflowing int64 and wrapping round to negative sums.

    >>> cumulative_sums(np.array([1, 2, 3])).tolist()
    [0, 1, 3, 6]
    >>> cumulative_sums(np.array([2**62, 2**62])).tolist()  # would wrap in int64
    [0.0, 4.611686018427388e+18, 9.223372036854776e+18]
    """
    values = np.asarray(values)
    cum = None
    if np.issubdtype(values.dtype, np.integer) and float(values.sum(dtype=np.float64)) < _EXACT_LIMIT:
        cum = np.zeros(values.size + 1, dtype=np.int64)
        np.cumsum(values, dtype=np.int64, out=cum[1:])
    else:
        cum = np.zeros(values.size + 1, dtype=float)
        np.cumsum(values, dtype=float, out=cum[1:])
    return cum


def trailing_sums(cum: np.ndarray, window: int) -> np.ndarray:
    """Float sums over the trailing ``window`` rows ending at each row (fewer at the start).

    ``cum`` comes from :func:`cumulative_sums`; the subtraction happens in its
    own dtype (exact for int64), then the result turns into floats.

    >>> trailing_sums(cumulative_sums(np.array([1, 2, 3, 4])), 2).tolist()
    [1.0, 3.0, 5.0, 7.0]
    """
    n = cum.size - 1
    if window >= n:
        return cum[1:].astype(float)
    sums = np.empty(n, dtype=cum.dtype)
    sums[:window] = cum[1:window + 1]
    np.subtract(cum[window + 1:], cum[1:n - window + 1], out=sums[window:])
    return sums.astype(float, copy=False)


# --------------------------------------------------------------------------
# traffic frames
# --------------------------------------------------------------------------

_INDEX_RULES = {
    "minute": "a sorted, duplicate-free 1-minute DatetimeIndex",
    "regular": "a sorted, duplicate-free DatetimeIndex with a regular step",
    "sorted": "a sorted, duplicate-free DatetimeIndex",
    "any": "a sorted, duplicate-free DatetimeIndex",
}


def _one_service(traffic: pd.DataFrame, name: str) -> None:
    if "service" in traffic.columns:
        services = pd.unique(traffic["service"])
        if len(services) > 1:
            shown = ", ".join(repr(str(s)) for s in services[:4])
            example = (f"sl.load_requests(service={str(services[0])!r})" if name == "traffic"
                       else f"{name}[{name}['service'] == {str(services[0])!r}]")
            raise ValueError(f"{name} must hold one service; got {len(services)} services "
                             f"({shown}). Select one first, e.g. {example}.")


def check_order(index: pd.DatetimeIndex, name: str, rule: str, *, column=None) -> None:
    """Refuse rows out of order and duplicate timestamps, naming the first one.

    ``column``: the times come from that column rather than the index.
    """
    if len(index) < 2:
        return
    values = index.asi8
    gaps = np.diff(values)
    if (gaps > 0).all():
        return
    i = int(np.flatnonzero(gaps <= 0)[0]) + 1
    must = (f"{name} must be indexed by {rule}" if column is None
            else f"{name} must have {rule} in {column!r}")
    if gaps[i - 1] == 0:
        fix = (f"{name}.groupby(level=0).sum()" if column is None
               else f"{name}.groupby({column!r}).sum()")
        raise ValueError(f"{must}; got a duplicate timestamp at row {i} ({index[i]} twice). "
                         f"Keep one row per time, e.g. {fix} to add them up.")
    fix = f"{name}.sort_index()" if column is None else f"{name}.sort_values({column!r})"
    raise ValueError(f"{must}; got rows out of order at row {i} ({index[i]} after "
                     f"{index[i - 1]}). Sort it with {fix}.")


def _check_step(index: pd.DatetimeIndex, name: str, rule: str, step_minutes) -> None:
    if len(index) < 2:
        return
    gaps = np.diff(index.asi8)
    unit = np.timedelta64(1, index.unit)
    expected = (gaps[0] if step_minutes is None
                else int(np.timedelta64(int(step_minutes), "m") / unit))
    bad = gaps != expected
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        gap = pd.Timedelta(int(gaps[i]), unit=index.unit)
        raise ValueError(described(name, f"indexed by {rule}",
                                   f"a step of {gap} after {index[i]}",
                                   "Fill missing minutes with 0 requests, e.g. "
                                   f"{name}.asfreq('min', fill_value=0)."
                                   if step_minutes == 1 else None))
    if step_minutes is None:
        step = pd.Timedelta(int(expected), unit=index.unit)
        per_day = pd.Timedelta(days=1) / step
        if not float(per_day).is_integer():
            raise ValueError(described(name, "indexed by a step that divides a day",
                                       f"a step of {step}"))


def _counts_column(frame: pd.DataFrame, column: str, name: str) -> np.ndarray:
    """One count column as a float array, checked numeric, finite and non-negative."""
    values = frame[column]
    if isinstance(values, pd.DataFrame):
        raise ValueError(described(name, f"one column named {column!r}",
                                   f"{values.shape[1]} columns with that name"))
    values = values.to_numpy()
    if values.dtype == bool or not np.issubdtype(values.dtype, np.number):
        raise TypeError(message(f"{name}[{column!r}]", "numeric counts", str(values.dtype)))
    values = values.astype(float, copy=False)
    if not (values.min() >= 0 and np.isfinite(values.max())):  # fast path, then locate
        bad = ~(np.isfinite(values) & (values >= 0))
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name}[{column!r}] must be finite counts >= 0; got {values[i]:g} "
            f"at {frame.index[i]}.")
    return values


def check_traffic(traffic, *, name="traffic", index="any", step_minutes=None,
                  counts=("requests", "errors")):
    """The one check of a traffic frame; return ``(requests, errors)`` float arrays.

    * ``traffic`` is a DataFrame holding ``counts`` columns and at least one row,
      for one service (a ``service`` column with several names is refused);
    * ``index="minute"``: a sorted, duplicate-free, regular 1-minute
      DatetimeIndex; ``"regular"``: any regular step that divides a day (or
      ``step_minutes``); ``"sorted"``: sorted and duplicate-free, gaps allowed;
      ``"any"``: a DatetimeIndex, when there is one, must be sorted and
      duplicate-free (order-free sums accept any other index);
    * counts are finite, >= 0, and ``errors <= requests`` on every row.

    Rows out of order, reversed, shuffled or repeated are refused, never
    silently reordered, with one message::

        traffic must be indexed by a sorted, duplicate-free 1-minute DatetimeIndex;
        got rows out of order at row 17 (... after ...). Sort it with traffic.sort_index().

    >>> idx = pd.date_range("2026-10-05", periods=3, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [10, 10, 10], "errors": [0, 1, 0]}, index=idx)
    >>> check_traffic(t.iloc[::-1], index="minute")
    Traceback (most recent call last):
    ...
    ValueError: traffic must be indexed by a sorted, duplicate-free 1-minute DatetimeIndex; got rows out of order at row 1 (2026-10-05 00:01:00+00:00 after 2026-10-05 00:02:00+00:00). Sort it with traffic.sort_index().
    """
    check_columns(name, traffic, list(counts))
    _one_service(traffic, name)
    rule = _INDEX_RULES[index] if step_minutes != 1 else _INDEX_RULES["minute"]
    if index == "minute":
        step_minutes = 1
    times = traffic.index
    if isinstance(times, pd.DatetimeIndex):
        check_order(times, name, rule)
    elif index != "any":
        hint = ("Index it by its timestamps, e.g. traffic.set_index('timestamp') for one "
                "service, or use sl.load_requests(service=...)."
                if "timestamp" in traffic.columns else None)
        raise TypeError(described(name, f"indexed by {rule}", f"a {type(times).__name__}", hint))
    if len(traffic) == 0:
        raise ValueError(described(name, "a DataFrame with at least one row",
                                   "an empty DataFrame"))
    if index in ("minute", "regular"):
        _check_step(times, name, rule, step_minutes)
    values = [_counts_column(traffic, c, name) for c in counts]
    if len(counts) == 2:
        requests, errors = values
        over = errors > requests
        if over.any():
            i = int(np.flatnonzero(over)[0])
            raise ValueError(
                f"{name}[{counts[1]!r}] must be <= {name}[{counts[0]!r}] in every row; got "
                f"{errors[i]:g} > {requests[i]:g} at {traffic.index[i]}.")
    return tuple(values)


def traffic_step(traffic) -> pd.Timedelta:
    """The step of a checked, regular traffic frame (1 minute for a single row)."""
    index = traffic.index
    if isinstance(index, pd.DatetimeIndex) and len(index) > 1:
        return pd.Timedelta(index[1] - index[0])
    return pd.Timedelta(minutes=1)


# --------------------------------------------------------------------------
# per-period count frames (daily history and the like)
# --------------------------------------------------------------------------

_DAY = pd.Timedelta(days=1)


class Counts(NamedTuple):
    """Bad and valid events per period, and the periods' start times if known."""

    bad: np.ndarray
    valid: np.ndarray
    dates: pd.DatetimeIndex | None
    periods_per_day: int | None


def check_counts(name: str, frame, *, need_dates: bool = False) -> Counts:
    """The one check of a frame of per-period counts; return bad/valid arrays.

    Accepts the columns ``requests``/``errors`` (as in ``load_daily_history``)
    or ``valid``/``good`` (bad = valid - good). Dates come from a DatetimeIndex
    or a ``date`` / ``timestamp`` column; when present they must be sorted,
    duplicate-free (the traffic order rule) and evenly spaced by a whole
    fraction of a day.
    """
    rule = "a DataFrame with the columns 'requests' and 'errors' (or 'valid' and 'good')"
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(message(name, rule, type(frame).__name__))
    columns = set(frame.columns)
    if {"valid", "good"} <= columns:
        valid, good = check_traffic(frame, name=name, counts=("valid", "good"))
        bad = valid - good
    elif {"requests", "errors"} <= columns:
        valid, bad = check_traffic(frame, name=name)
    else:
        raise ValueError(
            f"{name} must have the columns 'requests' and 'errors' (or 'valid' and 'good'); "
            f"got a DataFrame with columns {[str(c) for c in frame.columns]}.")
    dates, column = None, None
    if isinstance(frame.index, pd.DatetimeIndex):
        dates = frame.index
    elif "date" in columns or "timestamp" in columns:
        column = "date" if "date" in columns else "timestamp"
        try:
            dates = pd.DatetimeIndex(pd.to_datetime(frame[column]))
        except (TypeError, ValueError, OverflowError) as exc:
            raise ValueError(described(f"{name}[{column!r}]", "dates",
                                       f"values pandas cannot read ({exc})")) from None
        if dates.isna().any():
            row = int(np.flatnonzero(dates.isna())[0])
            raise ValueError(described(f"{name}[{column!r}]", "dates on every row",
                                       f"a missing date in row {row}"))
        check_order(dates, name, "sorted, duplicate-free dates", column=column)
    periods_per_day = None
    if dates is None:
        if need_dates:
            raise ValueError(described(
                name, "a DataFrame with a 'date' column or a DatetimeIndex",
                "a DataFrame without dates"))
    elif len(dates) > 1:
        steps = np.diff(dates.asi8)
        if (steps != steps[0]).any():
            row = int(np.flatnonzero(steps != steps[0])[0]) + 1
            raise ValueError(
                f"{name} must have one row per period without gaps; got a step of "
                f"{pd.Timedelta(int(steps[row - 1]), unit=dates.unit)} after {dates[row - 1]}.")
        step = pd.Timedelta(int(steps[0]), unit=dates.unit)
        ratio = _DAY / step
        if ratio < 1 or abs(ratio - round(ratio)) > 1e-9:
            raise ValueError(
                f"{name} must have periods that divide a day (1 day, 1 hour, ...); got {step}.")
        periods_per_day = int(round(ratio))
    return Counts(bad, valid, dates, periods_per_day)


# --------------------------------------------------------------------------
# incident frames
# --------------------------------------------------------------------------

def _times(incidents: pd.DataFrame, column: str, name: str) -> pd.DatetimeIndex:
    where = f"{name}[{column!r}]"
    try:
        times = pd.DatetimeIndex(pd.to_datetime(incidents[column]))
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(described(where, "timestamps", f"values pandas cannot read ({exc})")) \
            from None
    if times.isna().any():
        row = int(np.flatnonzero(times.isna())[0])
        raise ValueError(described(where, "timestamps on every row", f"a missing time in row {row}"))
    return times


def check_incidents(incidents, *, name="incidents", columns=("started", "mitigated"),
                    like=None):
    """The one check of an incident frame; return its ``started`` and ``mitigated`` times.

    ``incidents`` is a DataFrame with ``columns`` (the first two are the start
    and the end of the impact), readable times on every row, end >= start, and
    (with ``like``, a DatetimeIndex of traffic) time-zone aware exactly when the
    traffic is.

    >>> inc = pd.DataFrame({"started": ["2026-10-05 10:00"], "mitigated": ["2026-10-05 09:00"]})
    >>> check_incidents(inc)
    Traceback (most recent call last):
    ...
    ValueError: incidents must have mitigated >= started; got row 0 mitigated 2026-10-05 09:00:00 before started 2026-10-05 10:00:00.
    """
    columns = list(columns)
    if not isinstance(incidents, pd.DataFrame):
        raise TypeError(message(name, "a DataFrame with the columns "
                                + ", ".join(repr(c) for c in columns), type(incidents).__name__))
    check_columns(name, incidents, columns)
    started = _times(incidents, columns[0], name)
    ended = _times(incidents, columns[1], name)
    if like is not None and len(started) and (started.tz is None) != (like.tz is None):
        zone = "time-zone aware (like the traffic's index)" if like.tz is not None else (
            "time-zone naive (like the traffic's index)")
        raise ValueError(described(f"{name}[{columns[0]!r}]", zone,
                                   f"times in {started.tz}" if started.tz else "naive times",
                                   "Use tz-aware UTC times in both, e.g. "
                                   "pd.to_datetime(..., utc=True)."))
    if (ended < started).any():
        row = int(np.flatnonzero(ended < started)[0])
        raise ValueError(f"{name} must have {columns[1]} >= {columns[0]}; got row {row} "
                         f"{columns[1]} {ended[row]} before {columns[0]} {started[row]}.")
    return started, ended
