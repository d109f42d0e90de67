"""SLIs, error budgets, burn rate, budget over time, composite SLOs and tiers.

An SLO says "this share of events must be good over this window"; the error
budget is the complement, the bad events (or bad minutes) we may spend.
Everything here is a pure function of numbers or of a traffic frame
(``requests``, ``errors``, ``latency_le_<T>ms`` counts per minute), with
budgets always counted from *sums of events*, never from averages of ratios.

Public names
------------
==========================  ==================================================
**Budget arithmetic** (scalars or numpy arrays / pandas Series)
``error_budget``            allowed bad events for a target and an event count
``allowed_downtime``        allowed bad time over a window (``timedelta``)
``burn_rate``               error ratio / (1 - slo_target)
``max_burn_rate``           the largest possible burn rate, 1 / (1 - target)
``time_to_exhaustion``      how long a constant burn rate takes to spend it all
``budget_consumed``         share of the budget a burn rate spends in a window
``burn_rate_for_budget``    the burn rate that spends a budget share in a window
**SLIs from traffic**
``SLI_KINDS``               ``"availability"``, ``"latency"``, ``"composite"``
``sli_events``              good and valid events per row, for one SLI kind
``availability_sli``        successful / all requests
``latency_sli``             fast / successful requests (a bucket bound)
``composite_sli``           fast AND successful / all requests
``timeslice_sli``           share of good slices (OpenSLO ``Timeslices``)
``ratio_timeslice_sli``     mean of per-slice ratios (``RatioTimeslices``)
**Budget over time**
``budget_over_time``        consumed / remaining budget and burn, per step,
                            over a rolling window or calendar months
``slo_status``              where an SLO stands now: budget, spent, burn, time
                            left (the numbers of the SLO tuner)
``SLOStatus``               its frozen result
**Several dimensions, dependencies**
``dimension_budgets``       separate budgets per dimension vs one composite
``serial_availability``     availability of a chain of hard dependencies
``parallel_availability``   availability of redundant replicas (shared fate!)
**SLO definitions as data**
``SLOTier``, ``SLO_TIERS``  Silver / Gold / Platinum / Infrastructure targets
``SLO``                     a validated, frozen SLO definition
``slo_from_tier``           an :class:`SLO` whose target comes from a tier
**Shared values**
``NEVER``                   the one value for "never" (``pandas.NaT``)
``MAX_WINDOW_DAYS``         the longest SLO window accepted (3650 days)
==========================  ==================================================

Conventions
-----------
* Ratios are fractions (``0.999``, never ``99.9``); units live in names.
* **One window default**: every function with a ``window_days`` option
  defaults to 30 days (the SRE Workbook's tables); the course's notebooks
  pass ``window_days=28`` explicitly where they mean four weeks. Windows
  are bounded to (0, 3650] days.
* **One value for "never"**: a budget that never runs out, a rule that never
  fires, is :data:`NEVER` (``pandas.NaT``), as a scalar and inside a
  ``timedelta64`` array alike. Test it with ``pd.isna(x)``;
  ``sl.format_duration(sl.NEVER)`` reads ``"never"``.
* **Traffic order**: every function that reads a traffic frame refuses rows
  out of order (reversed, shuffled) and repeated timestamps with one
  message, ``"traffic must be indexed by a sorted, duplicate-free ...
  DatetimeIndex; got rows out of order at row 17 (... after ...). Sort it
  with traffic.sort_index()."``, instead of silently computing on the wrong
  minutes. Functions that slice time (time slices, windows) need a
  DatetimeIndex with a regular step and count in minutes, not rows.
* The budget fraction ``1 - slo_target`` is tidied to 12 decimal places, so
  ``1 - 0.999`` is ``0.001`` and ``burn_rate(0.002, 0.999)`` is exactly
  ``2.0`` instead of ``1.9999999999999982`` (floating-point noise of the
  decimal target, not a real difference).
* Sources: Google SRE Workbook ch. 2 "Implementing SLOs", ch. 3 (case
  studies) and ch. 5 "Alerting on SLOs"; OpenSLO v1 ``budgetingMethod``.
  Taught in ``notebooks/02_slos/``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_choice, check_fraction, check_int, check_real, message
from ._windows import (
    DEFAULT_WINDOW_DAYS,
    NEVER,
    budget_fraction,
    check_traffic,
    described,
    to_timedelta,
    traffic_step,
)

__all__ = [
    "NEVER",
    "MAX_WINDOW_DAYS",
    "SLOStatus",
    "slo_status",
    "error_budget",
    "allowed_downtime",
    "burn_rate",
    "max_burn_rate",
    "time_to_exhaustion",
    "budget_consumed",
    "burn_rate_for_budget",
    "SLI_KINDS",
    "sli_events",
    "availability_sli",
    "latency_sli",
    "composite_sli",
    "timeslice_sli",
    "ratio_timeslice_sli",
    "budget_over_time",
    "dimension_budgets",
    "serial_availability",
    "parallel_availability",
    "SLOTier",
    "SLO_TIERS",
    "SLO",
    "slo_from_tier",
]

_MINUTES_PER_DAY = 1440
_SECONDS_PER_DAY = 86_400
#: The longest SLO window any function accepts, in days (ten years).
MAX_WINDOW_DAYS = 3650
SLI_KINDS = ("availability", "latency", "composite")
_BUCKET_RE = re.compile(r"^latency_le_(\d+)ms$")


# --------------------------------------------------------------------------
# small private helpers
# --------------------------------------------------------------------------

def _series_index(*values):
    """The index of the first pandas Series among ``values`` (or ``None``)."""
    for value in values:
        if isinstance(value, pd.Series):
            return value.index
    return None


def _like(result, *inputs):
    """Return ``result`` as a float, an array, or a Series shaped like the inputs."""
    index = _series_index(*inputs)
    if np.ndim(result) == 0:
        if index is not None:  # Series broadcast with scalars stays a Series
            return pd.Series(np.full(len(index), float(result)), index=index)
        return float(result)
    if index is not None and np.shape(result) == (len(index),):
        return pd.Series(result, index=index)
    return result


def _window_days(window_days):
    return check_real("window_days", window_days, low=0, low_open=True, high=MAX_WINDOW_DAYS,
                      scalar=True)


def _broadcast(*pairs):
    """Refuse arrays that do not broadcast together, naming both parameters."""
    shaped = [(name, np.shape(value)) for name, value in pairs if np.ndim(value) > 0]
    for (name_a, shape_a), (name_b, shape_b) in zip(shaped, shaped[1:]):
        try:
            np.broadcast_shapes(shape_a, shape_b)
        except ValueError:
            raise ValueError(described(
                name_b, f"a single number or the same length as {name_a} ({shape_a[-1]})",
                f"{shape_b[-1]} values")) from None


# --------------------------------------------------------------------------
# budget arithmetic (DESIGN §3 contract)
# --------------------------------------------------------------------------

def error_budget(slo_target, total_events):
    """Return the number of bad events an SLO allows among ``total_events``.

    The error budget is the complement of the target: at 99.9 %, one event
    in a thousand may go wrong.

    Parameters
    ----------
    slo_target : float or array-like
        The objective as a fraction in (0, 1), e.g. ``0.999``.
    total_events : float or array-like
        Valid events in the window (requests, or minutes for a time budget),
        ``>= 0``.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``(1 - slo_target) * total_events``, not rounded: 7.2 allowed
        failures means the 8th one breaks the SLO.

    Raises
    ------
    TypeError
        If an input is not a number or an array of numbers.
    ValueError
        If ``slo_target`` is outside (0, 1) or ``total_events`` is negative.

    Notes
    -----
    SRE Workbook ch. 5: "The error budget gives the number of allowed bad
    events". Notebook ``02_slos/1b_targets_and_error_budgets``.

    Examples
    --------
    >>> error_budget(0.999, 1_000_000)
    1000.0
    >>> error_budget(0.999, [7_200, 43_200]).round(1).tolist()
    [7.2, 43.2]
    """
    target = check_fraction("slo_target", slo_target)
    events = check_real("total_events", total_events, low=0)
    _broadcast(("slo_target", target), ("total_events", events))
    return _like(budget_fraction(target) * events, slo_target, total_events)


def allowed_downtime(slo_target, *, window_days=30):
    """Return the bad time an SLO allows over a window, as a ``timedelta``.

    A time-based reading of the budget: the share ``1 - slo_target`` of the
    window's minutes may be bad.

    Parameters
    ----------
    slo_target : float or array-like
        The objective as a fraction in (0, 1).
    window_days : float, default 30
        Length of the SLO window in days, ``> 0``.

    Returns
    -------
    datetime.timedelta or numpy.ndarray
        A ``timedelta`` for a scalar target; a ``timedelta64[ms]`` array for
        an array of targets.

    Raises
    ------
    ValueError
        If ``slo_target`` is outside (0, 1) or ``window_days <= 0``.

    Notes
    -----
    ``(1 - slo_target) * window_days * 24 h``. 99.9 % over 30 days allows
    43.2 min; 99.999 % allows 26 s, "smaller than the metric collection
    interval of many monitoring services" (SRE Workbook ch. 5).

    Examples
    --------
    >>> allowed_downtime(0.999)
    datetime.timedelta(seconds=2592)
    >>> allowed_downtime(0.999).total_seconds() / 60
    43.2
    >>> str(allowed_downtime(0.95, window_days=14))
    '16:48:00'
    """
    slo_target = check_fraction("slo_target", slo_target)
    window_days = _window_days(window_days)
    return to_timedelta(budget_fraction(slo_target) * window_days * _SECONDS_PER_DAY)


def burn_rate(error_ratio, slo_target):
    """Return how fast an error ratio spends the budget, relative to the SLO.

    Burn rate 1 spends exactly the whole budget by the end of the window;
    burn rate 10 spends it in a tenth of the window.

    Parameters
    ----------
    error_ratio : float or array-like
        Bad events / valid events over some interval, a fraction in [0, 1].
    slo_target : float or array-like
        The objective as a fraction in (0, 1).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``error_ratio / (1 - slo_target)``, in [0, ``max_burn_rate``].

    Raises
    ------
    ValueError
        If ``error_ratio`` is outside [0, 1] or ``slo_target`` outside (0, 1).

    Notes
    -----
    SRE Workbook ch. 5, Table 5-4 (99.9 %): 0.1 % errors is burn rate 1,
    1 % is 10, 100 % is 1000. Equivalently, burn rate = budget share
    consumed x SLO window / alert window.

    Examples
    --------
    >>> burn_rate(0.001, 0.999)
    1.0
    >>> burn_rate(0.01, 0.999)
    10.0
    >>> round(100 / (1000 / 720), 6)  # 100 failures in 1 h, 1,000 allowed a month
    72.0
    """
    ratio = check_fraction("error_ratio", error_ratio, closed=True)
    target = check_fraction("slo_target", slo_target)
    _broadcast(("error_ratio", ratio), ("slo_target", target))
    return _like(ratio / budget_fraction(target), error_ratio, slo_target)


def max_burn_rate(slo_target):
    """Return the largest burn rate a target allows: a 100 % error ratio.

    A rule whose burn rate is at or above this can never fire.

    Parameters
    ----------
    slo_target : float or array-like
        The objective as a fraction in (0, 1).

    Returns
    -------
    float or numpy.ndarray
        ``1 / (1 - slo_target)``.

    Notes
    -----
    SRE Workbook ch. 5 ("Extreme availability goals"): at 90 % the largest
    burn is 10, so a 14.4x page can never fire. Datadog enforces this cap.

    Examples
    --------
    >>> max_burn_rate(0.999)
    1000.0
    >>> max_burn_rate(0.9)
    10.0
    """
    target = check_fraction("slo_target", slo_target)
    return _like(1.0 / budget_fraction(target), slo_target)


def time_to_exhaustion(burn_rate, *, window_days=30):
    """Return how long a constant burn rate takes to spend a whole budget.

    Parameters
    ----------
    burn_rate : float or array-like
        Burn rate(s), ``>= 0``.
    window_days : float, default 30
        The SLO window the budget belongs to, in days.

    Returns
    -------
    datetime.timedelta or numpy.ndarray
        ``window_days / burn_rate`` as a ``timedelta`` (scalar input) or a
        ``timedelta64[ms]`` array. Burn rate 0 never exhausts the budget:
        the result is :data:`NEVER` (``pandas.NaT``, "not a time"), for a
        scalar and inside an array; test it with ``pd.isna``.

    Raises
    ------
    ValueError
        If ``burn_rate < 0`` or ``window_days <= 0``.

    Notes
    -----
    SRE Workbook Table 5-4 (30 days): burn 1 -> 30 d, 2 -> 15 d,
    10 -> 3 d, 1000 -> 43 min. A 35x burn empties it in 20.5 h.

    Examples
    --------
    >>> time_to_exhaustion(10)
    datetime.timedelta(days=3)
    >>> str(time_to_exhaustion(1000))
    '0:43:12'
    >>> time_to_exhaustion(0) is NEVER
    True
    """
    rate = check_real("burn_rate", burn_rate, low=0)
    window_days = _window_days(window_days)
    with np.errstate(divide="ignore"):
        seconds = np.divide(window_days * _SECONDS_PER_DAY, rate)
    return to_timedelta(seconds)


def budget_consumed(burn_rate, *, alert_window_hours, window_days=30):
    """Return the share of a window's budget a burn rate spends in a while.

    Parameters
    ----------
    burn_rate : float or array-like
        Burn rate(s) sustained over the alert window, ``>= 0``.
    alert_window_hours : float or array-like
        How long the burn lasts, in hours, ``> 0``.
    window_days : float, default 30
        The SLO window, in days.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``burn_rate * alert_window_hours / (24 * window_days)``; 1.0 is the
        whole budget (values above 1 overspend it).

    Raises
    ------
    ValueError
        If ``burn_rate < 0``, ``alert_window_hours <= 0`` or ``window_days <= 0``.

    Notes
    -----
    SRE Workbook Table 5-8 (30 days): 14.4x over 1 h spends 2 %, 6x over
    6 h 5 %, 1x over 3 d 10 %.

    Examples
    --------
    >>> budget_consumed(14.4, alert_window_hours=1)
    0.02
    >>> round(budget_consumed(6, alert_window_hours=6), 6)
    0.05
    >>> budget_consumed(1, alert_window_hours=720)
    1.0
    """
    rate = check_real("burn_rate", burn_rate, low=0)
    hours = check_real("alert_window_hours", alert_window_hours, low=0, low_open=True)
    _broadcast(("burn_rate", rate), ("alert_window_hours", hours))
    window_days = _window_days(window_days)
    return _like(rate * hours / (24.0 * window_days), burn_rate, alert_window_hours)


def burn_rate_for_budget(budget_share, *, alert_window_hours, window_days=30):
    """Return the burn rate that spends ``budget_share`` of the budget in a window.

    The inverse of :func:`budget_consumed`; how alert thresholds are chosen.

    Parameters
    ----------
    budget_share : float or array-like
        Share of the window's budget, a fraction in (0, 1].
    alert_window_hours : float or array-like
        The alert window, in hours, ``> 0``.
    window_days : float, default 30
        The SLO window, in days.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``budget_share * 24 * window_days / alert_window_hours``.

    Notes
    -----
    SRE Workbook ch. 5: 2 % x 720 h / 1 h = 14.4; 5 % x 720 / 6 = 6;
    10 % x 720 / 72 = 1. Sloth computes its factors the same way
    (``internal/alert/window.go``).

    Examples
    --------
    >>> round(burn_rate_for_budget(0.02, alert_window_hours=1), 10)
    14.4
    >>> round(burn_rate_for_budget(0.02, alert_window_hours=1, window_days=28), 10)
    13.44
    """
    share = check_real("budget_share", budget_share, low=0, high=1, low_open=True,
                       rule="a fraction in (0, 1]")
    hours = check_real("alert_window_hours", alert_window_hours, low=0, low_open=True)
    _broadcast(("budget_share", share), ("alert_window_hours", hours))
    window_days = _window_days(window_days)
    return _like(share * 24.0 * window_days / hours, budget_share, alert_window_hours)


# --------------------------------------------------------------------------
# traffic frames and SLIs
# --------------------------------------------------------------------------

def _bucket_bounds(traffic) -> list[int]:
    return sorted(int(m.group(1)) for c in traffic.columns
                  if isinstance(c, str) and (m := _BUCKET_RE.match(c)))


def _bucket_column(traffic, threshold_ms, name="threshold_ms") -> str:
    """The ``latency_le_<T>ms`` column for a threshold, or a clear error."""
    bounds = _bucket_bounds(traffic)
    listing = ", ".join(str(b) for b in bounds) if bounds else "(none: no latency_le_<T>ms columns)"
    if threshold_ms is None:
        raise ValueError(message(name, f"one of the bucket bounds {listing}", None,
                                 "Latency SLIs need a threshold."))
    value = check_real(name, threshold_ms, low=0, low_open=True)
    if not (np.ndim(value) == 0 and float(value).is_integer() and int(value) in bounds):
        raise ValueError(message(
            name, f"one of the bucket bounds {listing}", threshold_ms,
            "A latency SLI can only be counted at a histogram bucket bound (le)."))
    return f"latency_le_{int(value)}ms"


def sli_events(traffic, *, sli="availability", threshold_ms=None):
    """Return good and valid events per row for one SLI kind.

    The building block of every SLI here: an SLI is ``sum(good) / sum(valid)``
    over whatever rows (minutes) you pick.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts per row: ``requests``, ``errors`` and, for latency kinds,
        ``latency_le_<T>ms`` (cumulative counts of *successful* requests at
        most T ms long).
    sli : {"availability", "latency", "composite"}, default "availability"
        * ``availability``: good = requests - errors, valid = requests;
        * ``latency``: good = le_T, valid = requests - errors (only
          successful requests have a meaningful latency);
        * ``composite``: good = le_T ("fast AND successful"),
          valid = requests.
    threshold_ms : int, optional
        The latency threshold; must be one of the frame's bucket bounds.

    Returns
    -------
    pandas.DataFrame
        Columns ``good`` and ``valid`` (floats), same index as ``traffic``.

    Raises
    ------
    ValueError
        On missing columns, negative counts, errors > requests, a
        DatetimeIndex out of order or with repeated timestamps (see the
        module notes), or a threshold that is not a bucket bound (the message
        lists them).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"requests": [100, 50], "errors": [10, 0],
    ...                   "latency_le_300ms": [80, 45]})
    >>> sli_events(t, sli="latency", threshold_ms=300).to_dict("list")
    {'good': [80.0, 45.0], 'valid': [90.0, 50.0]}
    """
    sli = check_choice("sli", sli, SLI_KINDS)
    return _sli_events(traffic, sli, threshold_ms, index="any")


def _sli_events(traffic, sli, threshold_ms, *, index, step_minutes=None):
    """:func:`sli_events` after the one traffic check with the index rule given."""
    requests, errors = check_traffic(traffic, index=index, step_minutes=step_minutes)
    if sli == "availability":
        good, valid = requests - errors, requests
    else:
        column = _bucket_column(traffic, threshold_ms)
        (fast,) = check_traffic(traffic, index="any", counts=(column,))
        ok = requests - errors
        if (fast > ok).any():
            i = int(np.flatnonzero(fast > ok)[0])
            raise ValueError(
                f"traffic[{column!r}] must be <= requests - errors (it counts successful "
                f"requests only); got {fast[i]:g} > {ok[i]:g} at {traffic.index[i]}.")
        good, valid = (fast, ok) if sli == "latency" else (fast, requests)
    return pd.DataFrame({"good": good, "valid": valid}, index=traffic.index)


def _ratio(good, valid) -> float:
    total = float(np.sum(valid))
    return float(np.sum(good)) / total if total > 0 else float("nan")


def availability_sli(traffic):
    """Return the availability SLI: successful requests / all requests.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts with ``requests`` and ``errors``.

    Returns
    -------
    float
        ``1 - sum(errors) / sum(requests)``; NaN when there are no requests.

    Notes
    -----
    Count-based ("Occurrences" in OpenSLO): a busy minute weighs more than a
    quiet one, as users experience it. Averaging per-minute ratios instead
    would let a quiet night hide a busy-hour outage.

    Examples
    --------
    >>> import pandas as pd
    >>> availability_sli(pd.DataFrame({"requests": [1000, 10], "errors": [0, 10]}))
    0.9900990099009901
    """
    events = sli_events(traffic, sli="availability")
    return _ratio(events["good"], events["valid"])


def latency_sli(traffic, *, threshold_ms):
    """Return the latency SLI: successful requests at most ``threshold_ms`` long / successful.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts with ``requests``, ``errors`` and ``latency_le_<T>ms``.
    threshold_ms : int
        One of the frame's histogram bucket bounds (e.g. 100, 200, 300, 500,
        1000); any other value raises, listing the bounds.

    Returns
    -------
    float
        ``sum(le_T) / sum(requests - errors)``; NaN with no successes.

    Notes
    -----
    A histogram only knows counts at its bucket bounds (Prometheus
    ``le``), so the threshold must be one of them; interpolating between
    bounds would invent data. Failed requests are left out: their latency
    says nothing about speed and they already spend the availability budget.
    See :func:`composite_sli` for one budget covering both.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"requests": [100], "errors": [20], "latency_le_300ms": [72]})
    >>> latency_sli(t, threshold_ms=300)
    0.9
    """
    events = sli_events(traffic, sli="latency", threshold_ms=threshold_ms)
    return _ratio(events["good"], events["valid"])


def composite_sli(traffic, *, threshold_ms):
    """Return the composite SLI: requests that were fast AND successful / all requests.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts with ``requests``, ``errors`` and ``latency_le_<T>ms``.
    threshold_ms : int
        One of the frame's bucket bounds.

    Returns
    -------
    float
        ``sum(le_T) / sum(requests)``.

    Notes
    -----
    One budget for "did the user get a good answer in time". Simpler to
    alert on, but it hides *which* dimension failed; separate availability
    and latency budgets say that (see :func:`dimension_budgets`).
    ``composite = availability x latency`` when computed over the same rows.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"requests": [100], "errors": [20], "latency_le_300ms": [72]})
    >>> composite_sli(t, threshold_ms=300)
    0.72
    """
    events = sli_events(traffic, sli="composite", threshold_ms=threshold_ms)
    return _ratio(events["good"], events["valid"])


def _slices(traffic, slice_minutes, sli, threshold_ms):
    """Good and valid sums per time slice of ``slice_minutes`` minutes.

    Slices are counted in time, from the first timestamp: 5-minute data with
    ``slice_minutes=5`` gives one row per slice, 1-minute data five rows.
    """
    slice_minutes = check_int("slice_minutes", slice_minutes, low=1, high=_MINUTES_PER_DAY)
    sli = check_choice("sli", sli, SLI_KINDS)
    events = _sli_events(traffic, sli, threshold_ms, index="regular")
    step = traffic_step(traffic)
    size = pd.Timedelta(minutes=slice_minutes)
    rows = size / step
    if rows < 1 or not float(rows).is_integer():
        raise ValueError(message(
            "slice_minutes", f"a whole multiple of the traffic's step ({step})",
            slice_minutes, "A slice must hold whole rows of the data."))
    starts = np.arange(0, len(events), int(rows))
    good = events["good"].to_numpy()
    valid = events["valid"].to_numpy()
    return np.add.reduceat(good, starts), np.add.reduceat(valid, starts)


def timeslice_sli(traffic, *, slice_target, slice_minutes=1, sli="availability",
                  threshold_ms=None, empty_slices="good"):
    """Return the share of good time slices (OpenSLO ``Timeslices``).

    Each slice of ``slice_minutes`` rows is good when its own good/valid
    ratio is at least ``slice_target``; the SLI is good slices / all slices.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts (``requests``, ``errors``, buckets as needed) on a sorted,
        duplicate-free DatetimeIndex with a regular step (1 minute in the
        course); rows out of order are refused.
    slice_target : float
        Ratio a slice needs to count as good, a fraction in (0, 1]
        (OpenSLO ``timeSliceTarget``).
    slice_minutes : int, default 1
        Slice length in minutes (OpenSLO ``timeSliceWindow``), 1 .. 1440, a
        whole multiple of the data's step (5-minute data with
        ``slice_minutes=5`` makes 5-minute slices, not 25-minute ones); a
        last, shorter slice counts as one slice.
    sli : {"availability", "latency", "composite"}, default "availability"
    threshold_ms : int, optional
        Bucket bound for latency kinds.
    empty_slices : {"good", "bad", "ignore"}, default "good"
        What a slice without valid events is: nothing went wrong ("good"),
        no proof of service ("bad"), or left out of both counts ("ignore").

    Returns
    -------
    float
        Good slices / counted slices (NaN if none are counted).

    Notes
    -----
    Time-based SLIs read like contracts ("available 99 % of the minutes")
    and treat a quiet minute like a busy one, so a burst of failures during
    a traffic spike costs one bad minute, not thousands of bad requests.
    That is their strength against DDoS-like spikes and their weakness for
    users: a minute at 94 % and one at 0 % cost the same. OpenSLO
    ``examples/budgeting-method/README.md``: 2 weeks have 20,160 one-minute
    slices; at 95 % a DDoS must last 16 h 48 min (1,008 bad minutes) to
    spend the budget.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=4, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [100, 100, 100, 10], "errors": [1, 6, 0, 10]}, index=idx)
    >>> timeslice_sli(t, slice_target=0.95)
    0.5
    """
    slice_target = check_real("slice_target", slice_target, low=0, high=1, low_open=True,
                              rule="a fraction in (0, 1]", scalar=True)
    empty_slices = check_choice("empty_slices", empty_slices, ("good", "bad", "ignore"))
    good, valid = _slices(traffic, slice_minutes, sli, threshold_ms)
    empty = valid <= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(empty, 0.0, good / np.where(empty, 1.0, valid))
    good_slice = (ratio >= slice_target) & ~empty
    if empty_slices == "good":
        good_slice |= empty
        counted = len(valid)
    elif empty_slices == "bad":
        counted = len(valid)
    else:
        counted = int((~empty).sum())
    return float(good_slice.sum()) / counted if counted else float("nan")


def ratio_timeslice_sli(traffic, *, slice_minutes=1, sli="availability", threshold_ms=None):
    """Return the mean of per-slice ratios (OpenSLO ``RatioTimeslices``).

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts on a sorted, duplicate-free DatetimeIndex with a regular step.
    slice_minutes : int, default 1
        Slice length in minutes, a whole multiple of the data's step.
    sli : {"availability", "latency", "composite"}, default "availability"
    threshold_ms : int, optional
        Bucket bound for latency kinds.

    Returns
    -------
    float
        Unweighted mean of good/valid over slices that have valid events.

    Notes
    -----
    Between occurrences and timeslices: a slice at 1 % costs more than one
    at 94 %, but a minute's weight does not grow with its traffic. That is
    an *average of ratios*, on purpose here; never use it for a
    count-based budget (the bias Sloth's 30-day rule has, sloth#332).
    OpenSLO's README gives "about 13 h 45 min" of a 1 %-availability DDoS
    to spend a 95 % two-week budget from a 99 % baseline
    (exactly 0.04 x 20,160 / 0.98 = 822.9 min = 13 h 43 min).

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=2, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [1000, 10], "errors": [0, 10]}, index=idx)
    >>> ratio_timeslice_sli(t)
    0.5
    """
    good, valid = _slices(traffic, slice_minutes, sli, threshold_ms)
    keep = valid > 0
    return float(np.mean(good[keep] / valid[keep])) if keep.any() else float("nan")


# --------------------------------------------------------------------------
# budget over time
# --------------------------------------------------------------------------

def budget_over_time(traffic, *, slo_target, window_days=30, window="rolling",
                     sli="availability", threshold_ms=None):
    """Return consumed and remaining budget, and burn rates, at every step.

    Replays a frame step by step: at each row, how much of the window's
    budget has been spent so far, counted from event sums (bad / allowed),
    never from averages of per-minute ratios.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts per step on a sorted, duplicate-free DatetimeIndex with a
        regular step (1 minute in the course; any step that divides a day
        works).
    slo_target : float
        The objective, a fraction in (0, 1).
    window_days : float, default 30
        Rolling window length in days (ignored for ``window="calendar"``).
    window : {"rolling", "calendar"}, default "rolling"
        ``rolling``: the trailing ``window_days``; ``calendar``: the calendar
        month (in the index's time zone) the step belongs to.
    sli : {"availability", "latency", "composite"}, default "availability"
    threshold_ms : int, optional
        Bucket bound for latency kinds.

    Returns
    -------
    pandas.DataFrame
        Same index as ``traffic``, columns:

        * ``bad``, ``valid``: events in this step;
        * ``burn_rate``: this step's error ratio / (1 - slo_target)
          (NaN for a step without valid events);
        * ``window_burn_rate``: bad / valid over the window so far,
          divided by (1 - slo_target);
        * ``consumed``: bad events in the window so far / allowed bad
          events of the whole window (can exceed 1);
        * ``remaining``: ``1 - consumed`` (negative once overspent).

    Raises
    ------
    ValueError
        On a bad frame (see :func:`sli_events`), an irregular index, or a
        step that does not divide a day.

    Notes
    -----
    The allowed bad events of a window are ``(1 - slo_target)`` x its valid
    events. Until a window is complete (a calendar month in progress, or the
    first ``window_days`` of a series) its valid events are unknown, so they
    are *projected* from the steps seen so far at the same average rate:
    ``allowed = (1 - target) x valid_so_far x window_steps / steps_so_far``.
    Hence ``consumed = window_burn_rate x steps_so_far / window_steps``: a
    calendar month starts each month at 0 and ends at its true count-based
    consumption; a full rolling window gives ``consumed == window_burn_rate``.
    Steps missing from the frame (a series starting mid-month) are assumed
    to carry the observed average traffic and no errors. Cumulative sums make
    this O(n): a 28-day x 1-minute frame takes a few milliseconds.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-01", periods=4, freq="1min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [1000] * 4, "errors": [0, 2, 0, 0]}, index=idx)
    >>> b = budget_over_time(t, slo_target=0.999, window_days=4 / 1440)
    >>> [round(x, 3) for x in b["consumed"]]
    [0.0, 0.5, 0.5, 0.5]
    >>> [round(x, 3) for x in b["burn_rate"]]
    [0.0, 2.0, 0.0, 0.0]
    """
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    window = check_choice("window", window, ("rolling", "calendar"))
    sli = check_choice("sli", sli, SLI_KINDS)
    events = _sli_events(traffic, sli, threshold_ms, index="regular")
    index = traffic.index
    n = len(index)
    steps_per_day = int(pd.Timedelta(days=1) / traffic_step(traffic))
    budget = budget_fraction(slo_target)

    valid = events["valid"].to_numpy()
    bad = valid - events["good"].to_numpy()
    cum_bad = np.concatenate(([0.0], np.cumsum(bad)))
    cum_valid = np.concatenate(([0.0], np.cumsum(valid)))
    position = np.arange(n)

    if window == "rolling":
        window_days = _window_days(window_days)
        window_steps = max(window_days * steps_per_day, 1.0)
        span = int(np.ceil(window_steps - 1e-9))  # steps kept in the trailing window
        start = np.maximum(position + 1 - span, 0)
        window_len = np.full(n, window_steps)
    else:
        months = index.year.to_numpy() * 12 + index.month.to_numpy()
        new = np.concatenate(([True], months[1:] != months[:-1]))
        start = np.maximum.accumulate(np.where(new, position, 0))
        window_len = (index.days_in_month.to_numpy() * steps_per_day).astype(float)

    seen = (position + 1 - start).astype(float)
    bad_w = cum_bad[position + 1] - cum_bad[start]
    valid_w = cum_valid[position + 1] - cum_valid[start]
    with np.errstate(invalid="ignore", divide="ignore"):
        step_burn = np.where(valid > 0, bad / np.where(valid > 0, valid, 1) / budget, np.nan)
        window_burn = np.where(valid_w > 0, bad_w / np.where(valid_w > 0, valid_w, 1) / budget,
                               np.nan)
    consumed = np.where(valid_w > 0, window_burn * np.minimum(seen / window_len, 1.0), 0.0)
    return pd.DataFrame(
        {"bad": bad, "valid": valid, "burn_rate": step_burn,
         "window_burn_rate": window_burn, "consumed": consumed, "remaining": 1.0 - consumed},
        index=index)


# --------------------------------------------------------------------------
# several dimensions, dependencies
# --------------------------------------------------------------------------

def dimension_budgets(traffic, *, availability_target, latency_target, threshold_ms,
                      composite_target=None):
    """Compare separate availability and latency budgets with one composite budget.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts with ``requests``, ``errors`` and ``latency_le_<T>ms``.
    availability_target, latency_target : float
        Targets for successful / all and fast / successful, fractions in (0, 1).
    threshold_ms : int
        Latency threshold, one of the bucket bounds.
    composite_target : float, optional
        Target for fast-and-successful / all. Default
        ``availability_target x latency_target``, which allows exactly the
        bad events of both budgets when they are spent independently:
        ``1 - a*l = (1 - a) + a*(1 - l)``.

    Returns
    -------
    pandas.DataFrame
        Index ``availability``, ``latency``, ``composite``; columns ``sli``,
        ``target``, ``valid_events``, ``bad_events``, ``allowed_bad_events``,
        ``consumed`` (share of budget), ``remaining`` and ``met`` (bool).

    Notes
    -----
    Separate budgets tell you *what* broke and let each dimension have its
    own target (SRE Workbook ch. 2 recommends few SLIs, one per thing users
    notice); a composite budget is one number for "the request worked", at
    the price of mixing causes. OpenSLO composite SLOs burn when any
    objective burns.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"requests": [10_000], "errors": [5], "latency_le_300ms": [9_895]})
    >>> d = dimension_budgets(t, availability_target=0.999, latency_target=0.99,
    ...                       threshold_ms=300)
    >>> d["met"].tolist()  # latency alone is (just) over budget; the composite is not
    [True, False, True]
    >>> [round(x, 3) for x in d["consumed"]]
    [0.5, 1.001, 0.955]
    """
    availability_target = check_fraction("availability_target", availability_target, scalar=True)
    latency_target = check_fraction("latency_target", latency_target, scalar=True)
    if composite_target is None:
        composite_target = availability_target * latency_target
    composite_target = check_fraction("composite_target", composite_target, scalar=True)
    rows = {}
    for kind, target in (("availability", availability_target),
                         ("latency", latency_target), ("composite", composite_target)):
        events = sli_events(traffic, sli=kind, threshold_ms=threshold_ms)
        valid = float(events["valid"].sum())
        bad = valid - float(events["good"].sum())
        allowed = budget_fraction(target) * valid
        consumed = bad / allowed if allowed > 0 else float("nan")
        rows[kind] = {"sli": 1 - bad / valid if valid else float("nan"), "target": target,
                      "valid_events": valid, "bad_events": bad, "allowed_bad_events": allowed,
                      "consumed": consumed, "remaining": 1 - consumed,
                      "met": bool(bad <= allowed)}
    return pd.DataFrame.from_dict(rows, orient="index")


def _availabilities(availabilities):
    values = check_fraction("availabilities", availabilities, closed=True)
    values = np.atleast_1d(values)
    if values.shape[-1] == 0:
        raise ValueError("availabilities must hold at least one value; got an empty sequence.")
    return values


def serial_availability(availabilities):
    """Return the availability of a chain of hard dependencies: their product.

    A request that needs every component succeeds only if all of them do.

    Parameters
    ----------
    availabilities : sequence of float or array
        Each component's availability in [0, 1] (last axis = components).

    Returns
    -------
    float or numpy.ndarray
        ``prod(a)``, assuming independent failures.

    Notes
    -----
    Five 99.9 % dependencies give about 99.5 %: a service cannot promise more
    than its critical dependencies (SRE Workbook ch. 2, "a critical
    dependency's reliability guarantee should be at least as high as the
    dependent action's").

    Examples
    --------
    >>> round(serial_availability([0.999] * 5), 5)
    0.99501
    """
    values = _availabilities(availabilities)
    out = np.prod(values, axis=-1)
    return float(out) if np.ndim(out) == 0 else out


def parallel_availability(availabilities):
    """Return the availability of redundant replicas: ``1 - prod(1 - a)``.

    The service is down only when every replica is down *at the same time*.

    Parameters
    ----------
    availabilities : sequence of float or array
        Each replica's availability in [0, 1] (last axis = replicas).

    Returns
    -------
    float or numpy.ndarray
        ``1 - prod(1 - a)``, valid only for **independent** failures.

    Notes
    -----
    Shared fate breaks the formula: two 99.9 % zones "give" 99.9999 %, a
    reasoning the SRE Workbook (ch. 2, modelling dependencies) calls
    deceptive, because the same bad config push, shared load balancer or
    region-wide outage takes both down together. Treat the result as an
    upper bound.

    Examples
    --------
    >>> round(parallel_availability([0.999, 0.999]), 6)
    0.999999
    """
    values = _availabilities(availabilities)
    out = 1.0 - np.prod(1.0 - values, axis=-1)
    return float(out) if np.ndim(out) == 0 else out


# --------------------------------------------------------------------------
# SLO definitions as data
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class SLOTier:
    """A named reliability tier: one shared target for many services.

    Attributes
    ----------
    name : str
        Tier key in :data:`SLO_TIERS`.
    target : float
        Availability target, a fraction.
    intended_for : str
        Which services belong there (the Home Depot wording).
    """

    name: str
    target: float
    intended_for: str


SLO_TIERS = MappingProxyType({
    "silver": SLOTier("silver", 0.995, "internal tools, apps not used by store associates, MVPs"),
    "gold": SLOTier("gold", 0.999, "most non-selling production systems"),
    "platinum": SLOTier("platinum", 0.9995, "selling (revenue) systems"),
    "infrastructure": SLOTier("infrastructure", 0.9999, "shared infrastructure others depend on"),
})
"""Reliability tiers, ``name -> SLOTier`` (read-only).

Targets from the Home Depot case study (SRE Workbook ch. 3, secondary
source): 99.5 % for apps not used by store associates or MVPs, 99.9 % for
most non-selling systems, 99.95 % for selling systems, 99.99 % for shared
infrastructure. The Workbook's Table 5-10 makes the same move for alerting
at scale: a few request buckets (CRITICAL, HIGH_FAST, HIGH_SLOW, LOW,
NO_SLO) with shared targets instead of per-service tuning.
"""


@dataclass(frozen=True)
class SLO:
    """An SLO definition as data: what is measured, the target, the window, who owns it.

    Parameters
    ----------
    name : str
        A non-empty identifier, e.g. ``"checkout-availability"``.
    sli : {"availability", "latency", "composite"}
        What counts as a good event (see :func:`sli_events`).
    target : float
        The objective, a fraction in (0, 1).
    window_days : float, default 30
        SLO window in days, in (0, 366]. This and the fields below are
        keyword-only.
    owner : str, default ""
        Team accountable for it.
    tier : str, optional
        A key of :data:`SLO_TIERS`.
    description : str, default ""
        One sentence a user would understand.
    threshold_ms : int, optional
        Latency threshold; required for ``latency`` and ``composite``,
        forbidden for ``availability``.

    Raises
    ------
    TypeError, ValueError
        On any invalid field, with the course's message template.

    Examples
    --------
    >>> slo = SLO("checkout-latency", "latency", 0.99, threshold_ms=300)
    >>> slo.budget_fraction, slo.window_days
    (0.01, 30)
    >>> str(slo.allowed_downtime())
    '7:12:00'
    """

    name: str
    sli: str
    target: float
    window_days: float = field(default=30, kw_only=True)
    owner: str = field(default="", kw_only=True)
    tier: str | None = field(default=None, kw_only=True)
    description: str = field(default="", kw_only=True)
    threshold_ms: int | None = field(default=None, kw_only=True)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise (TypeError if not isinstance(self.name, str) else ValueError)(
                message("name", "a non-empty string", self.name))
        check_choice("sli", self.sli, SLI_KINDS)
        object.__setattr__(self, "target", check_fraction("target", self.target, scalar=True))
        days = check_real("window_days", self.window_days, low=0, high=366, low_open=True,
                          scalar=True)
        object.__setattr__(self, "window_days", int(days) if days.is_integer() else days)
        for attr in ("owner", "description"):
            if not isinstance(getattr(self, attr), str):
                raise TypeError(message(attr, "a string", getattr(self, attr)))
        if self.tier is not None:
            check_choice("tier", self.tier, SLO_TIERS)
        if self.sli == "availability":
            if self.threshold_ms is not None:
                raise ValueError(message("threshold_ms", "None for an availability SLO",
                                         self.threshold_ms))
        else:
            if self.threshold_ms is None:
                raise ValueError(message("threshold_ms", f"a latency in ms for a {self.sli} SLO",
                                         None))
            ms = check_real("threshold_ms", self.threshold_ms, low=0, low_open=True, scalar=True)
            object.__setattr__(self, "threshold_ms", int(ms) if ms.is_integer() else ms)

    @property
    def budget_fraction(self) -> float:
        """``1 - target``: the share of events (or time) that may be bad."""
        return budget_fraction(self.target)

    def allowed_downtime(self) -> _dt.timedelta:
        """The budget as time over the SLO's window (see :func:`allowed_downtime`)."""
        return allowed_downtime(self.target, window_days=self.window_days)

    def error_budget(self, total_events):
        """Allowed bad events among ``total_events`` (see :func:`error_budget`)."""
        return error_budget(self.target, total_events)

    def sli_value(self, traffic) -> float:
        """This SLO's SLI measured over a traffic frame (count-based)."""
        events = sli_events(traffic, sli=self.sli, threshold_ms=self.threshold_ms)
        return _ratio(events["good"], events["valid"])


def slo_from_tier(name, tier, *, sli="availability", threshold_ms=None, window_days=30,
                  owner="", description=""):
    """Return an :class:`SLO` whose target comes from a tier of :data:`SLO_TIERS`.

    Parameters
    ----------
    name : str
        The SLO's name.
    tier : {"silver", "gold", "platinum", "infrastructure"}
        The tier; its target becomes the SLO's target.
    sli, threshold_ms, window_days, owner, description
        As in :class:`SLO`. An empty description is filled from the tier.

    Returns
    -------
    SLO

    Examples
    --------
    >>> slo = slo_from_tier("payment-availability", "platinum", owner="payments")
    >>> slo.target, slo.tier
    (0.9995, 'platinum')
    """
    tier = check_choice("tier", tier, SLO_TIERS)
    spec = SLO_TIERS[tier]
    if not description:
        description = (f"{spec.name.capitalize()} tier ({spec.target * 100:g} %): "
                       f"{spec.intended_for}.")
    return SLO(name, sli, spec.target, window_days=window_days, owner=owner, tier=tier,
               description=description, threshold_ms=threshold_ms)


# --------------------------------------------------------------------------
# the status of an SLO (what an SLO dashboard shows)
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SLOStatus:
    """Where an SLO stands at the end of the data: budget, spent, burn, time left.

    Attributes
    ----------
    service, sli : str
    threshold_ms : int or None
        The latency bucket bound (``None`` for availability).
    slo_target : float
    window : {"rolling", "calendar"}
    window_days : float
        Rolling length, or the days of the calendar month in progress.
    window_start, window_end : pandas.Timestamp
        The budget window the numbers belong to (``window_end`` may lie past
        the data: the window is then still in progress).
    as_of : pandas.Timestamp
        End of the data (the moment the numbers describe).
    valid_events, bad_events : float
        Events of the window so far (bad = valid - good).
    sli_value : float
        Good / valid events of the window so far.
    allowed_bad_events : float
        The window's error budget in events (``sl.error_budget``); projected
        to the whole window at the traffic seen so far when the window is in
        progress, like ``sl.budget_over_time``.
    allowed_downtime : datetime.timedelta
        The same budget as minutes of full outage (``sl.allowed_downtime``).
    consumed, remaining : float
        Fractions of the budget spent / unspent (``remaining < 0``: overspent).
    window_burn_rate : float
        Error ratio of the window so far / (1 - target).
    current_burn_rate : float
        The same over the last ``current_hours`` (NaN without traffic).
    current_hours : float
    time_to_exhaustion : datetime.timedelta or NEVER
        How long a *full* budget lasts at the current burn
        (``sl.time_to_exhaustion``; :data:`NEVER` without burn).
    remaining_time : datetime.timedelta or NEVER
        How long the *remaining* budget lasts at the current burn (0 when it
        is already spent, :data:`NEVER` without burn) - a linear
        extrapolation, like Nobl9's "remaining budget would be exhausted in".
    budget : pandas.DataFrame
        ``sl.budget_over_time`` for the whole data (the burn-down).
    """

    service: str
    sli: str
    threshold_ms: int | None
    slo_target: float
    window: str
    window_days: float
    window_start: Any
    window_end: Any
    as_of: Any
    valid_events: float
    bad_events: float
    sli_value: float
    allowed_bad_events: float
    allowed_downtime: Any
    consumed: float
    remaining: float
    window_burn_rate: float
    current_burn_rate: float
    current_hours: float
    time_to_exhaustion: Any
    remaining_time: Any
    budget: Any


def slo_status(traffic, *, slo_target, sli="availability", threshold_ms=None, window="rolling",
               window_days=DEFAULT_WINDOW_DAYS, current_hours=24, service=""):
    """Where an SLO stands at the end of ``traffic``: the numbers of an SLO dashboard.

    The budget window is the last ``window_days`` of the data (``"rolling"``)
    or the calendar month of the last row (``"calendar"``). A window still in
    progress gets its budget projected to the whole window at the traffic seen
    so far, as in :func:`budget_over_time`. The current burn rate is measured
    over the last ``current_hours``; how long the budget lasts at that pace is
    a linear extrapolation (like Nobl9's "remaining budget would be exhausted
    in").

    Parameters
    ----------
    traffic : pandas.DataFrame
        Per-minute (or any regular step) counts, as for :func:`budget_over_time`.
    slo_target : float
        In (0, 1).
    sli : {"availability", "latency", "composite"}
    threshold_ms : int, optional
        Latency bucket bound, for the latency and composite SLIs.
    window : {"rolling", "calendar"}
    window_days : float, default 30
        Length of a rolling window, in (0, 3650] days (ignored for
        ``"calendar"``).
    current_hours : float, default 24
        Look-back of the current burn rate, in (0, 24 x 3650] hours.
    service : str, optional
        A label carried into the result.

    Returns
    -------
    SLOStatus

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=28 * 1440, freq="1min", tz="UTC")
    >>> flat = pd.DataFrame({"requests": 1000, "errors": 0}, index=idx)
    >>> flat.loc[idx[-60:], "errors"] = 100   # the last hour: 10 % errors
    >>> status = slo_status(flat, slo_target=0.999, window_days=28)
    >>> round(status.consumed, 4)             # 6,000 bad of a 40,320 budget
    0.1488
    >>> round(status.current_burn_rate, 2)    # 6,000 / 1,440,000 / 0.001
    4.17
    """
    check_choice("window", window, ("rolling", "calendar"))
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    current_hours = check_real("current_hours", current_hours, low=0, low_open=True,
                               high=24 * MAX_WINDOW_DAYS, scalar=True)
    days = None if window == "calendar" else _window_days(window_days)
    if not isinstance(service, str):
        raise TypeError(message("service", "a string", service))
    budget = budget_over_time(traffic, slo_target=slo_target, window=window,
                              window_days=days or DEFAULT_WINDOW_DAYS, sli=sli,
                              threshold_ms=threshold_ms)
    index = budget.index
    step = traffic_step(traffic)
    steps_per_day = pd.Timedelta(days=1) / step
    last = index[-1]
    if window == "calendar":
        days = float(last.days_in_month)
        month_start = last.normalize() - pd.Timedelta(days=last.day - 1)
        first = max(int(index.searchsorted(month_start)), 0)
        window_start = month_start
        window_end = month_start + pd.Timedelta(days=days)
    else:
        span = int(np.ceil(days * steps_per_day - 1e-9))
        first = max(len(index) - span, 0)
        window_start = index[first] if first > 0 else index[0]
        window_end = (last + step) if first > 0 else index[0] + pd.Timedelta(days=days)
    rows = budget.iloc[first:]
    valid = float(rows["valid"].sum())
    bad = float(rows["bad"].sum())
    projected_valid = valid * max(days * steps_per_day / len(rows), 1.0)
    sli_fn = {"availability": availability_sli,
              "latency": lambda t: latency_sli(t, threshold_ms=threshold_ms),
              "composite": lambda t: composite_sli(t, threshold_ms=threshold_ms)}[sli]
    final = budget.iloc[-1]
    n_recent = max(int(round(current_hours / 24 * steps_per_day)), 1)
    recent = budget_over_time(traffic.iloc[-n_recent:], slo_target=slo_target,
                              window_days=n_recent / steps_per_day, sli=sli, threshold_ms=threshold_ms)
    current = float(recent["window_burn_rate"].iloc[-1])
    remaining = float(final["remaining"])
    if np.isnan(current):
        full_time = remaining_time = NEVER
    else:
        full_time = time_to_exhaustion(current, window_days=days)
        remaining_time = (time_to_exhaustion(current, window_days=days * remaining)
                          if remaining > 0 else _dt.timedelta(0))
    return SLOStatus(
        service=service, sli=sli, threshold_ms=threshold_ms, slo_target=float(slo_target),
        window=window, window_days=days, window_start=window_start, window_end=window_end,
        as_of=last + step, valid_events=valid, bad_events=bad,
        sli_value=sli_fn(traffic.iloc[first:]),
        allowed_bad_events=float(error_budget(slo_target, projected_valid)),
        allowed_downtime=allowed_downtime(slo_target, window_days=days),
        consumed=float(final["consumed"]), remaining=remaining,
        window_burn_rate=float(final["window_burn_rate"]), current_burn_rate=current,
        current_hours=float(current_hours), time_to_exhaustion=full_time,
        remaining_time=remaining_time, budget=budget)
