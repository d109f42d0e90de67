"""SLO-driven capacity: fit a queue to measured latency, size a fleet for a traffic surge.

The queueing maths (M/M/c, Erlang C, :func:`~sre_lab.forecasting.capacity_needed`)
lives in :mod:`sre_lab.forecasting`; this module connects it to the course's
minute data. It answers two questions a capacity planner asks of an SLO:

* *What queue is this service?* :func:`fit_queue_model` finds the mean
  service time and number of workers whose M/M/c model best reproduces the
  measured share of fast requests at each hour of the day.
* *How many workers survive a surge?* :func:`latency_scenario` replays the
  measured traffic multiplied by a surge factor through the fitted queue;
  :func:`surge_sizing` forecasts, for several fleet sizes, the chance that a
  latency SLA window is missed; :func:`surge_workers` returns the fewest
  workers that keep that chance low.

Public names
------------
========================  ==========================================================
``hourly_latency_profile``  arrival rate and share of fast requests per hour of day
``fit_queue_model``         grid fit of (service time, workers) of an M/M/c queue
``QueueFit``                its frozen result
``latency_scenario``        valid/good latency events per period under a surge
``surge_sizing``            P(SLA window missed) for several fleet sizes
``surge_workers``           fewest workers with P(SLA window missed) below a bound
========================  ==========================================================

Taught in ``notebooks/02_slos/3c_capacity_planning.ipynb`` and
``3d_executive_rollup_and_surge.ipynb``.

Conventions: ``window_days`` is always passed explicitly here (no default);
latency thresholds are in milliseconds and must be a bucket of the traffic
(a ``latency_le_<t>ms`` column); shares are fractions.
"""

from __future__ import annotations

import itertools
import numbers
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_fraction, check_int, check_real, message
from ._windows import check_traffic, described
from .forecasting import forecast_budget_exhaustion, mmc_response_time_tail

__all__ = [
    "hourly_latency_profile",
    "QueueFit",
    "fit_queue_model",
    "latency_scenario",
    "surge_sizing",
    "surge_workers",
]

_SECONDS_PER_MINUTE = 60.0

# Bounds that keep every call within about a second and a few MB. The M/M/c
# functions of sre_lab.forecasting accept at most 1e9 requests/s and service
# times up to a day; their Erlang C recursion costs one step per worker, so
# the work of a call grows with (workers x arrival rates evaluated).
_MAX_RPS = 1e9
_MAX_SERVICE_MS = 86_400_000.0
_MAX_SERVERS = 1_000            # workers of one queue (a course model, not a data centre)
_MAX_GRID = 5_000               # (service time, workers) pairs tried by fit_queue_model
_MAX_FIT_WORK = 200_000         # len(service_times_ms) x sum(servers) in fit_queue_model
_MAX_QUEUE_WORK = 10_000_000    # buckets x workers of the scenarios behind one call
_MAX_FLEETS = 100               # fleet sizes compared by one surge_sizing call
# surge_sizing replays hourly blocks of 3 days starting on any weekday (the
# defaults of forecast_budget_exhaustion): it needs 3 + 6 days of hours.
_REPLAY_HOURS = 3 * 24 + 7 * 24 - 1


# ---------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------

def _minute_traffic(traffic: Any, latency_threshold_ms: Any) -> tuple[pd.DataFrame, float, str]:
    """Check per-minute counts of one service with a latency bucket; return them cleaned."""
    threshold = check_real("latency_threshold_ms", latency_threshold_ms, low=0, low_open=True,
                           scalar=True)
    column = f"latency_le_{threshold:g}ms"
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(message("traffic", "a DataFrame of per-minute counts",
                                type(traffic).__name__,
                                'For example sl.load_requests(service="checkout").'))
    if not isinstance(traffic.index, pd.DatetimeIndex):
        raise ValueError(message("traffic", "indexed by timestamps (a DatetimeIndex)",
                                 type(traffic.index).__name__))
    # one service, sorted and duplicate-free, numeric counts, errors <= requests
    requests, errors = check_traffic(traffic, index="sorted")
    if column not in traffic.columns:
        buckets = [str(c) for c in traffic.columns if str(c).startswith("latency_le_")]
        raise ValueError(message("latency_threshold_ms", "a latency bucket of traffic",
                                 latency_threshold_ms,
                                 f"traffic has {', '.join(buckets) or 'no latency buckets'}."))
    (fast,) = check_traffic(traffic, index="sorted", counts=(column,))
    successful = requests - errors
    if (fast > successful).any():
        raise ValueError(f"traffic must have {column} <= requests - errors (fast requests "
                         "are counted among the successful ones); got "
                         f"{int((fast > successful).sum())} minutes with more.")
    clean = pd.DataFrame({"requests": requests, "errors": errors, column: fast},
                         index=traffic.index)
    return clean, threshold, column


def _grid(name: str, values: Any, *, integer: bool, max_len: int) -> np.ndarray:
    """A non-empty 1-d grid of at most ``max_len`` positive numbers.

    Whole numbers 1 .. ``_MAX_SERVERS`` when ``integer``, else numbers in
    (0, ``_MAX_SERVICE_MS``]. The length is checked before the values are
    listed, so ``range(1, 10**9)`` is refused at once.
    """
    if isinstance(values, (numbers.Real, np.generic)) and not isinstance(values, bool):
        values = [values]
    try:
        items = list(itertools.islice(iter(values), max_len + 1))
    except TypeError:
        raise TypeError(message(name, "a sequence of numbers, e.g. range(1, 6)",
                                type(values).__name__)) from None
    if not items:
        raise ValueError(message(name, "a non-empty sequence", items))
    if len(items) > max_len:
        size = f"{len(values):,} values" if hasattr(values, "__len__") else (
            f"more than {max_len:,} values")
        raise ValueError(described(name, f"a sequence of at most {max_len:,} values", size,
                                   "Use a coarser grid, e.g. range(50, 151, 5)."))
    if integer:
        return np.array([check_int(name, v, low=1, high=_MAX_SERVERS) for v in items])
    times = np.array([check_real(name, v, low=0, low_open=True, scalar=True) for v in items])
    if times.max() > _MAX_SERVICE_MS:
        raise ValueError(message(name, "numbers of ms up to a day (86,400,000)",
                                 float(times.max())))
    return times


def _exclude_mask(index: pd.DatetimeIndex, exclude: Any) -> np.ndarray:
    """True for minutes inside any [started, mitigated) interval of ``exclude``."""
    keep_out = np.zeros(len(index), dtype=bool)
    if exclude is None:
        return keep_out
    if not isinstance(exclude, pd.DataFrame):
        raise TypeError(message("exclude", "None or a DataFrame with 'started' and "
                                "'mitigated' columns (e.g. incidents)", type(exclude).__name__))
    missing = [c for c in ("started", "mitigated") if c not in exclude.columns]
    if missing:
        raise ValueError(message("exclude", "a DataFrame with the columns 'started' and "
                                 "'mitigated'", list(exclude.columns)))
    for start, end in zip(exclude["started"], exclude["mitigated"]):
        keep_out |= np.asarray((index >= pd.Timestamp(start)) & (index < pd.Timestamp(end)))
    return keep_out


# ---------------------------------------------------------------------------
# the hourly profile and the grid fit
# ---------------------------------------------------------------------------

def hourly_latency_profile(traffic, *, latency_threshold_ms, exclude=None) -> pd.DataFrame:
    """Arrival rate and share of fast successful requests for each hour of the day.

    Averaging every Monday 14:00, Tuesday 14:00... together shows how latency
    reacts to load: quiet hours have short queues, busy hours long ones.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Per-minute counts of one service with a DatetimeIndex and the columns
        ``requests``, ``errors`` and ``latency_le_<threshold>ms``, e.g.
        ``sl.load_requests(service="checkout")``.
    latency_threshold_ms : float
        The latency SLO's threshold; must be one of the traffic's buckets.
    exclude : pandas.DataFrame, optional
        Intervals to leave out (columns ``started`` and ``mitigated``, e.g.
        the latency incidents of ``sl.load_incidents()``): an incident is not
        everyday load.

    Returns
    -------
    pandas.DataFrame
        Index ``hour`` (0-23, UTC, the hours present); columns
        ``arrival_rate_rps`` (all requests per second), ``within_threshold``
        (fast / successful requests, a fraction) and ``minutes`` (minutes
        averaged).

    Raises
    ------
    TypeError, ValueError
        Not a DataFrame of minutes, rows out of order or repeated (never
        silently sorted), counts that are not numbers or do not add up, no
        such bucket, everything excluded.

    Examples
    --------
    Two minutes at 03:00, 120 and 60 requests, all successful, 90 and 60 fast:

    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05 03:00", periods=2, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [120, 60], "errors": [0, 0],
    ...                   "latency_le_500ms": [90, 60]}, index=idx)
    >>> p = hourly_latency_profile(t, latency_threshold_ms=500)
    >>> float(p.loc[3, "arrival_rate_rps"]), round(float(p.loc[3, "within_threshold"]), 4)
    (1.5, 0.8333)
    """
    traffic, _, column = _minute_traffic(traffic, latency_threshold_ms)
    keep = ~_exclude_mask(traffic.index, exclude)
    if not keep.any():
        raise ValueError("exclude must leave some minutes of traffic; got intervals that "
                         "cover all of it.")
    calm = traffic.loc[keep]
    hours = calm.index.hour
    requests = calm["requests"].groupby(hours).sum()
    successful = (calm["requests"] - calm["errors"]).groupby(hours).sum()
    minutes = calm["requests"].groupby(hours).size()
    profile = pd.DataFrame({
        "arrival_rate_rps": requests / (minutes * _SECONDS_PER_MINUTE),
        "within_threshold": calm[column].groupby(hours).sum() / successful.where(successful > 0),
        "minutes": minutes,
    })
    profile.index.name = "hour"
    return profile


@dataclass(frozen=True, eq=False)
class QueueFit:
    """Result of :func:`fit_queue_model`.

    Attributes
    ----------
    service_time_ms : float
        Best mean service time of one request on one worker.
    servers : int
        Best number of workers (one-request-at-a-time slots).
    rmse : float
        Root mean square of (model - measured) share within the threshold over
        the hours, a fraction (0.001 = 0.1 percentage point).
    latency_threshold_ms : float
        The threshold the fit matched.
    profile : pandas.DataFrame
        :func:`hourly_latency_profile` plus ``model_within`` (the fitted
        queue's share within the threshold) and ``utilisation``.
    grid : pandas.DataFrame
        ``rmse`` of every (service_time_ms, servers) tried, indexed by both.
    """

    service_time_ms: float
    servers: int
    rmse: float
    latency_threshold_ms: float
    profile: pd.DataFrame
    grid: pd.DataFrame


def fit_queue_model(traffic, *, latency_threshold_ms, service_times_ms=range(50, 151),
                    servers=range(1, 9), exclude=None) -> QueueFit:
    """Find the M/M/c queue that best reproduces a service's hourly latency.

    Two numbers are unknown when a service is modelled as ``c`` workers
    sharing one queue: the mean service time and ``c``. The data pin them
    down: at 3 a.m. hardly any request waits, in the afternoon many do, and
    the share of requests within the threshold falls accordingly. Every pair
    of the grid is tried (vectorized over service times and hours) and the
    pair with the smallest root mean square error over the hours wins.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Per-minute counts of one service (see :func:`hourly_latency_profile`).
    latency_threshold_ms : float
        Threshold whose hourly share is matched; a bucket of ``traffic``.
    service_times_ms : sequence of float, default range(50, 151)
        Candidate mean service times in ms (> 0 and at most a day,
        86,400,000 ms).
    servers : sequence of int, default range(1, 9)
        Candidate numbers of workers (1 .. 1000).
    exclude : pandas.DataFrame, optional
        Intervals to leave out (``started``/``mitigated``), e.g. latency
        incidents.

    Returns
    -------
    QueueFit

    Raises
    ------
    TypeError, ValueError
        As :func:`hourly_latency_profile`; empty or non-positive grids; grids
        too large to fit in about a second (more than 5,000 pairs, or
        ``len(service_times_ms) x sum(servers)`` above 200,000: the queue's
        cost grows with its workers); hours busier than 1e9 requests per
        second (the M/M/c functions' bound).

    Notes
    -----
    The share within ``t`` is ``1 - P(T > t)`` of
    :func:`sre_lab.forecasting.mmc_response_time_tail`. Ties are broken
    towards fewer workers, then shorter service times. The fit matches one
    threshold only: the model's *shape* (exponential service times) is an
    assumption the data can refute at other thresholds (taught in
    ``3c_capacity_planning``). Grid edges are not extended: a best pair on
    the edge of the grid means the grid was too small.

    Examples
    --------
    Data made by a known queue (2 workers, 80 ms) are fitted back exactly:

    >>> import numpy as np, pandas as pd
    >>> from sre_lab.forecasting import mmc_response_time_tail
    >>> idx = pd.date_range("2026-10-05", periods=24 * 60, freq="min", tz="UTC")
    >>> rps = 5 + 10 * np.sin(np.pi * idx.hour / 24)            # quiet night, busy afternoon
    >>> fast = 1 - mmc_response_time_tail(500, arrival_rate_rps=rps, service_time_ms=80,
    ...                                   servers=2)
    >>> t = pd.DataFrame({"requests": rps * 60, "errors": 0.0,
    ...                   "latency_le_500ms": rps * 60 * fast}, index=idx)
    >>> fit = fit_queue_model(t, latency_threshold_ms=500)
    >>> fit.service_time_ms, fit.servers, fit.rmse < 1e-9
    (80.0, 2, True)
    """
    profile = hourly_latency_profile(traffic, latency_threshold_ms=latency_threshold_ms,
                                     exclude=exclude)
    threshold = float(latency_threshold_ms)
    times = _grid("service_times_ms", service_times_ms, integer=False, max_len=_MAX_GRID)
    counts = _grid("servers", servers, integer=True, max_len=_MAX_GRID)
    if len(times) * len(counts) > _MAX_GRID:
        raise ValueError(described(
            "service_times_ms", f"at most {_MAX_GRID // len(counts):,} values with "
            f"{len(counts)} candidate servers (at most {_MAX_GRID:,} pairs are tried)",
            f"{len(times):,} values", "Use a coarser grid, e.g. range(50, 151, 5)."))
    if len(times) * int(counts.sum()) > _MAX_FIT_WORK:
        raise ValueError(described(
            "servers", f"candidates adding up to at most {_MAX_FIT_WORK // len(times):,} "
            f"with {len(times):,} service times (the queue's cost grows with its workers)",
            f"candidates adding up to {int(counts.sum()):,}",
            "Try fewer or smaller worker counts, or fewer service times."))
    profile = profile[profile["within_threshold"].notna()]
    if profile.empty:
        raise ValueError(described("traffic", "a frame with some successful requests to fit",
                                   "none in the minutes kept"))
    rate = profile["arrival_rate_rps"].to_numpy()
    if rate.max() > _MAX_RPS:
        busiest = profile.index[int(np.argmax(rate))]
        raise ValueError(described(
            "traffic", f"at most {_MAX_RPS:g} requests per second in every hour (the "
            "queue model's bound)", f"{rate.max():.4g} requests per second at hour {busiest}",
            "Check the units of the counts: one row per minute."))
    observed = profile["within_threshold"].to_numpy()
    rmse = np.empty((len(times), len(counts)))
    for j, c in enumerate(counts):
        tail = np.stack([mmc_response_time_tail(threshold, arrival_rate_rps=rate,
                                                service_time_ms=s, servers=int(c))
                         for s in times])                          # (service times, hours)
        rmse[:, j] = np.sqrt(np.mean((1 - tail - observed) ** 2, axis=1))
    # smallest rmse; ties -> fewer workers, then shorter service time
    order = np.lexsort((np.repeat(times, len(counts)), np.tile(counts, len(times)),
                        np.round(rmse.ravel(), 12)))
    best = order[0]
    i, j = divmod(best, len(counts))
    service_time_ms, workers = float(times[i]), int(counts[j])
    model = 1 - np.asarray(mmc_response_time_tail(threshold, arrival_rate_rps=rate,
                                                  service_time_ms=service_time_ms,
                                                  servers=workers))
    profile = profile.assign(model_within=model,
                             utilisation=rate * service_time_ms / 1000.0 / workers)
    grid = pd.DataFrame({"rmse": rmse.ravel()},
                        index=pd.MultiIndex.from_product([times, counts],
                                                         names=["service_time_ms", "servers"]))
    return QueueFit(service_time_ms=service_time_ms, servers=workers,
                    rmse=float(rmse[i, j]), latency_threshold_ms=threshold,
                    profile=profile, grid=grid)


# ---------------------------------------------------------------------------
# surges
# ---------------------------------------------------------------------------

def latency_scenario(traffic, *, multiplier, servers, service_time_ms, latency_threshold_ms,
                     bucket_minutes=5, period="1h") -> pd.DataFrame:
    """Latency SLI events per period if the measured traffic were ``multiplier`` times larger.

    The traffic is summed into ``bucket_minutes`` buckets, multiplied, and
    each bucket's arrival rate goes through an M/M/c queue of ``servers``
    workers: the model's share of requests slower than the threshold turns
    the bucket's successful requests into valid and good latency events.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Per-minute counts of one service (``requests``, ``errors``), indexed by
        a sorted, duplicate-free DatetimeIndex.
    multiplier : float
        Traffic factor (> 0), e.g. 2.3 for Black-Friday-level traffic. The
        busiest bucket times ``multiplier`` must stay within 1e9 requests per
        second (the M/M/c functions' bound).
    servers : int
        Workers in the queue (1 .. 1000), and ``servers`` times the number of
        buckets at most 10,000,000 (the queue's cost grows with both).
    service_time_ms : float
        Mean service time, e.g. a :class:`QueueFit`'s (> 0, at most a day).
    latency_threshold_ms : float
        The SLO/SLA threshold in ms (> 0). Need not be a bucket of the traffic:
        only the model decides what is fast.
    bucket_minutes : int, default 5
        Width over which the arrival rate is taken as constant (1-60).
    period : str, default "1h"
        Output period: a fixed duration written as a pandas offset, such as
        ``"1h"`` or ``"1D"``, a whole number of buckets and at most 366 days.

    Returns
    -------
    pandas.DataFrame
        Indexed by period start; columns ``valid`` (successful requests) and
        ``good`` (those within the threshold), ready for
        ``sl.forecast_budget_exhaustion``.

    Raises
    ------
    TypeError, ValueError
        Bad traffic or parameters, naming the parameter: traffic checked as
        in :func:`hourly_latency_profile`; a ``multiplier``, ``servers`` or
        ``period`` outside the bounds above.

    Notes
    -----
    Errors scale with the traffic (the error ratio is unchanged); only
    latency reacts to load. Above 100 % utilisation the model calls every
    request slow.

    Examples
    --------
    One quiet hour on one 100 ms worker (M/M/1, 1 req/s): the share within
    500 ms is ``1 - exp(-(10 - 1) x 0.5) = 0.98889``:

    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=60, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [60] * 60, "errors": [0] * 60}, index=idx)
    >>> s = latency_scenario(t, multiplier=1, servers=1, service_time_ms=100,
    ...                      latency_threshold_ms=500)
    >>> float(s["valid"].iloc[0]), round(float(s["good"].iloc[0] / s["valid"].iloc[0]), 5)
    (3600.0, 0.98889)
    """
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(message("traffic", "a DataFrame of per-minute counts",
                                type(traffic).__name__))
    if not isinstance(traffic.index, pd.DatetimeIndex):
        raise ValueError(message("traffic", "indexed by timestamps (a DatetimeIndex)",
                                 type(traffic.index).__name__))
    # one service, sorted and duplicate-free, numeric counts, errors <= requests
    requests, errors = check_traffic(traffic, index="sorted")
    multiplier = check_real("multiplier", multiplier, low=0, low_open=True, scalar=True)
    servers = check_int("servers", servers, low=1, high=_MAX_SERVERS)
    service_time_ms = check_real("service_time_ms", service_time_ms, low=0, low_open=True,
                                 high=_MAX_SERVICE_MS, scalar=True)
    threshold = check_real("latency_threshold_ms", latency_threshold_ms, low=0, low_open=True,
                           scalar=True)
    bucket_minutes = check_int("bucket_minutes", bucket_minutes, low=1, high=60)
    period = _check_period(period, bucket_minutes)
    counts = pd.DataFrame({"requests": requests, "errors": errors}, index=traffic.index)
    buckets = counts.resample(f"{bucket_minutes}min").sum()
    _check_work(servers, len(buckets), bucket_minutes)
    base_rps = buckets["requests"].to_numpy() / (bucket_minutes * _SECONDS_PER_MINUTE)
    _check_rate(float(base_rps.max()), multiplier, bucket_minutes)
    slow = mmc_response_time_tail(threshold, arrival_rate_rps=base_rps * multiplier,
                                  service_time_ms=service_time_ms, servers=servers)
    valid = (buckets["requests"] - buckets["errors"]) * multiplier
    return pd.DataFrame({"valid": valid, "good": valid * (1 - slow)}).resample(period).sum()


def _check_period(period: Any, bucket_minutes: int) -> str:
    """A fixed output period, a whole number of buckets, at most 366 days."""
    rule = (f"a duration of whole {bucket_minutes}-minute buckets up to 366 days, "
            "such as '1h' or '1D'")
    if not isinstance(period, str):
        raise TypeError(message("period", rule, period))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a deprecated alias is refused, not warned about
            step = pd.Timedelta(pd.tseries.frequencies.to_offset(period))
    except (ValueError, TypeError, OverflowError, Warning):
        raise ValueError(message("period", rule, period)) from None
    bucket = pd.Timedelta(minutes=bucket_minutes)
    if pd.isna(step) or step < bucket or step > pd.Timedelta(days=366) or step % bucket:
        raise ValueError(message("period", rule, period))
    return str(period)


def _check_work(servers: int, n_buckets: int, bucket_minutes: int) -> None:
    """Refuse a scenario whose queue maths would take more than about a second."""
    if servers * n_buckets > _MAX_QUEUE_WORK:
        most = max(_MAX_QUEUE_WORK // max(n_buckets, 1), 1)
        raise ValueError(message(
            "servers", f"a whole number <= {most:,} for traffic of {n_buckets:,} buckets of "
            f"{bucket_minutes} minutes (the queue's cost grows with both)", servers,
            "Use fewer workers, fewer weeks of traffic or a wider bucket_minutes."))


def _check_rate(base_rps: float, multiplier: float, bucket_minutes: int) -> None:
    """The busiest bucket, multiplied, within the M/M/c functions' 1e9 requests/s."""
    if base_rps > _MAX_RPS:
        raise ValueError(described(
            "traffic", f"at most {_MAX_RPS:g} requests per second in every "
            f"{bucket_minutes}-minute bucket (the queue model's bound)",
            f"{base_rps:.4g} requests per second", "Check the units: one row per minute."))
    if base_rps * multiplier > _MAX_RPS:
        most = _MAX_RPS / base_rps
        raise ValueError(message(
            "multiplier", f"a number > 0 and <= {most:.6g}, so the busiest bucket "
            f"({base_rps:.4g} requests/s) stays within {_MAX_RPS:g} requests/s", multiplier,
            "Check the units: 2.3 means 2.3 times the traffic."))


def _seed(rng: Any) -> int | None:
    """One seed used for every fleet size (common random numbers)."""
    if rng is None or isinstance(rng, (numbers.Integral, np.integer)) and not isinstance(rng, bool):
        return None if rng is None else int(rng)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**32))
    raise TypeError(message("rng", "None, an int seed or a numpy Generator", rng))


def surge_sizing(traffic, *, multiplier, servers, service_time_ms, latency_threshold_ms,
                 sla_target, window_days, n_paths=2_000, rng=0) -> pd.DataFrame:
    """Chance of missing a latency SLA window under a surge, for several fleet sizes.

    For each fleet size, :func:`latency_scenario` turns the measured weeks
    into "what they would look like at ``multiplier`` times the traffic",
    and ``sl.forecast_budget_exhaustion`` replays them (hourly, weekday for
    weekday) into a coming SLA window with nothing observed yet.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Per-minute counts of one service, several weeks (the replay draws
        blocks of 3 days starting on the same weekday: at least 239 hours,
        10 days, are needed), with some successful requests.
    multiplier : float
        Surge factor (> 0), as in :func:`latency_scenario`.
    servers : sequence of int
        Fleet sizes to compare, e.g. ``range(2, 9)``: at most 100 sizes of
        1 .. 1000 workers, their sum times the number of 5-minute buckets at
        most 10,000,000.
    service_time_ms : float
        Mean service time of the fitted queue.
    latency_threshold_ms : float
        The SLA's latency threshold, ms.
    sla_target : float
        Share of successful requests that must be within the threshold over
        the SLA window, a fraction in (0, 1).
    window_days : int
        The SLA window (e.g. 7 for a calendar week). Always given explicitly.
    n_paths : int, default 2000
        Simulated windows per fleet size (1 .. 10**6, and ``n_paths x
        window_days`` at most 20,000,000, as in ``sl.forecast_budget_exhaustion``).
    rng : None, int or numpy.random.Generator, default 0
        The same seed is used for every fleet size, so sizes are compared on
        the same simulated windows.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``servers``; columns ``attainment`` (share within the
        threshold over the replayed weeks), ``p_breach`` (probability the SLA
        window is missed) and ``remaining_p50`` (median SLA budget left at
        the window's end, a fraction; negative = overspent).

    Raises
    ------
    TypeError, ValueError
        Bad inputs (see :func:`latency_scenario` and
        ``sl.forecast_budget_exhaustion``).

    Examples
    --------
    >>> import sre_lab as sl
    >>> minutes = sl.load_requests(service="checkout")
    >>> table = surge_sizing(minutes, multiplier=1.0, servers=[2], service_time_ms=78,
    ...                      latency_threshold_ms=500, sla_target=0.98, window_days=7)
    >>> float(table.loc[2, "p_breach"])
    0.0
    """
    counts = _grid("servers", servers, integer=True, max_len=_MAX_FLEETS)
    sla_target = check_fraction("sla_target", sla_target, scalar=True)
    window_days = check_int("window_days", window_days, low=1, high=366)
    n_paths = check_int("n_paths", n_paths, low=1, high=1_000_000)
    seed = _seed(rng)
    rows = {}
    for k, c in enumerate(counts):
        scenario = latency_scenario(traffic, multiplier=multiplier, servers=int(c),
                                    service_time_ms=service_time_ms,
                                    latency_threshold_ms=latency_threshold_ms)
        if k == 0:
            _check_replay(scenario, counts)
        try:
            week = forecast_budget_exhaustion(scenario, slo_target=sla_target,
                                              window_days=window_days, elapsed_days=0,
                                              n_paths=n_paths, rng=seed)
        except ValueError as error:  # prevented above; never blame a parameter we lack
            text = str(error)
            if text.startswith("history"):
                raise ValueError("traffic (replayed hourly)" + text[len("history"):]) \
                    from None
            raise
        rows[int(c)] = {"attainment": float(scenario["good"].sum() / scenario["valid"].sum()),
                        "p_breach": float(week.probability_exhausted),
                        "remaining_p50": float(week.remaining_bands["p50"].iloc[-1])}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "servers"
    return table


def _check_replay(scenario: pd.DataFrame, counts: np.ndarray) -> None:
    """Enough hours with successful requests for the replay, and bounded work."""
    hours = len(scenario)
    if hours < _REPLAY_HOURS:
        raise ValueError(described(
            "traffic", f"at least {_REPLAY_HOURS} hours long (a 3-day block plus 6 days, so "
            "a replayed block can start on any weekday)", f"{hours} hours",
            "Use more weeks of traffic, e.g. sl.load_requests(service=...) in full."))
    if not scenario["valid"].sum() > 0:
        raise ValueError(described("traffic", "a frame with some successful requests to replay",
                                   "none"))
    n_buckets = hours * 12  # 5-minute buckets behind each hour, about
    if int(counts.sum()) * n_buckets > _MAX_QUEUE_WORK:
        raise ValueError(described(
            "servers", f"fleet sizes adding up to at most {_MAX_QUEUE_WORK // n_buckets:,} "
            f"for {hours:,} hours of traffic (the queue's cost grows with both)",
            f"sizes adding up to {int(counts.sum()):,}",
            "Compare fewer or smaller fleets, or use fewer weeks of traffic."))


def surge_workers(traffic, *, multiplier, service_time_ms, latency_threshold_ms, sla_target,
                  window_days, max_probability=0.05, min_servers=1, max_servers=100,
                  n_paths=2_000, rng=0) -> int:
    """Fewest workers whose chance of missing the latency SLA window stays below a bound.

    Returns the smallest fleet size from ``min_servers`` up with
    ``p_breach < max_probability`` in :func:`surge_sizing`. Every size is
    simulated on the same windows (one seed) and more workers only make
    requests faster, so ``p_breach`` never rises with the fleet: the search
    doubles the step from ``min_servers`` until a size passes, then bisects,
    and finds the same size as trying ``min_servers``, ``min_servers + 1``...
    in turn, with a few calls.

    Parameters
    ----------
    traffic, multiplier, service_time_ms, latency_threshold_ms, sla_target, window_days, n_paths, rng
        As in :func:`surge_sizing`.
    max_probability : float, default 0.05
        Acceptable chance of missing the SLA window, a fraction in (0, 1).
    min_servers, max_servers : int, default 1 and 100
        Search range, 1 .. 1000.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        When even ``max_servers`` workers miss too often (check the units of
        ``multiplier`` and ``service_time_ms``), or on bad inputs.

    Notes
    -----
    This sizes for the SLA's *window* (a week's share of fast requests), not
    for the busiest minute: a fleet that passes here can still be slow in
    the peak minutes. ``sl.capacity_needed`` at the surge peak sizes for
    those; the two answers differ, and the notebook compares them.

    Examples
    --------
    >>> import sre_lab as sl
    >>> minutes = sl.load_requests(service="checkout")
    >>> surge_workers(minutes, multiplier=1.0, service_time_ms=78, latency_threshold_ms=500,
    ...               sla_target=0.98, window_days=7, min_servers=2)
    2
    """
    max_probability = check_fraction("max_probability", max_probability, scalar=True)
    min_servers = check_int("min_servers", min_servers, low=1, high=_MAX_SERVERS)
    max_servers = check_int("max_servers", max_servers, low=min_servers, high=_MAX_SERVERS)
    seed = _seed(rng)

    def passes(c: int) -> bool:
        table = surge_sizing(traffic, multiplier=multiplier, servers=[c],
                             service_time_ms=service_time_ms,
                             latency_threshold_ms=latency_threshold_ms, sla_target=sla_target,
                             window_days=window_days, n_paths=n_paths, rng=seed)
        return bool(table.loc[c, "p_breach"] < max_probability)

    if passes(min_servers):
        return min_servers
    failing, step = min_servers, 1          # the largest size known to miss too often
    while True:
        c = min(failing + step, max_servers)
        if c == failing:
            raise ValueError(message("multiplier", f"a surge that {max_servers} workers can "
                                     "serve", multiplier, "Raise max_servers or check the units."))
        if passes(c):
            break
        failing, step = c, step * 2
    passing = c
    while passing - failing > 1:            # bisect: failing misses, passing passes
        middle = (failing + passing) // 2
        if passes(middle):
            passing = middle
        else:
            failing = middle
    return passing
