"""Forecasts with honest uncertainty: error budget exhaustion, traffic growth, capacity.

A forecast worth acting on says how sure it is. This module simulates the rest
of an SLO window many times from what the service has really done (a seasonal
block bootstrap), shows why the course outline's "mean + noise" snippet
misleads, fits traffic growth, and turns a peak-traffic forecast into a number
of servers through a queueing model (M/M/c, Erlang C).

Public names
------------
==================================  ===================================================
``forecast_budget_exhaustion``      Monte Carlo forecast: P(budget runs out), when, bands
``BudgetForecast``                  its frozen result
``naive_error_rate_forecast``       the outline's ``mean + randn * std`` snippet, seeded
``naive_forecast_flaws``            a table contrasting the naive model with the bootstrap
``backtest_budget_forecasts``       rolling-origin backtest scoring both on held-out days
``BacktestResult``                  its frozen result
``fit_traffic_growth``              log-linear trend + day-of-week factors on daily totals
``TrafficGrowthFit``                its frozen result
``forecast_traffic``                daily traffic forecast with a prediction interval
``forecast_peak_rps``               peak requests per second over a horizon
``peak_to_mean_ratio``              intraday peak rate / daily mean rate, from minute data
``erlang_c``                        probability of waiting in an M/M/c queue
``mmc_response_time_tail``          P(response time > t) in an M/M/c FCFS queue
``mmc_metrics`` / ``QueueMetrics``  utilisation, P(wait), mean wait and response time
``capacity_needed`` / ``CapacityPlan``  fewest servers meeting a latency SLO (+ N+k)
==================================  ===================================================

Defaults and shared values (as in every core module, see :mod:`sre_lab.slo`):
``window_days`` defaults to 30 and is at most 366 for a forecast; a budget
that lasts the window has ``exhaustion_date`` ``sl.NEVER`` (``pandas.NaT``)
and ``exhaustion_day`` ``inf`` (a day count is a float); history and traffic
out of order or with repeated dates are refused with the one shared message.

Taught in ``notebooks/02_slos/3b_release_gates_and_forecasts.ipynb`` (forecasting) and
``3c_capacity_planning.ipynb`` (capacity).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_fraction, check_int, check_real, message
from ._windows import (
    DEFAULT_WINDOW_DAYS,
    NEVER,
    check_counts as _counts,
    check_rng,
    check_traffic,
    described as _got,
    traffic_step,
)
from .slo import error_budget

__all__ = [
    "BudgetForecast",
    "forecast_budget_exhaustion",
    "naive_error_rate_forecast",
    "naive_forecast_flaws",
    "BacktestResult",
    "backtest_budget_forecasts",
    "TrafficGrowthFit",
    "fit_traffic_growth",
    "forecast_traffic",
    "forecast_peak_rps",
    "peak_to_mean_ratio",
    "erlang_c",
    "mmc_response_time_tail",
    "QueueMetrics",
    "mmc_metrics",
    "CapacityPlan",
    "capacity_needed",
]

_DAY = pd.Timedelta(days=1)
_SECONDS_PER_DAY = 86_400.0
#: Largest number of (path, period) cells simulated at once; bounds memory for hourly data.
_CHUNK_CELLS = 2_000_000
#: Largest ``n_paths x window_days`` of a budget forecast (memory and time bound).
_MAX_PATH_DAYS = 20_000_000
#: Queueing inputs beyond any real service: a billion requests a second, a
#: request served for longer than a day (bounds keep the arithmetic finite).
_MAX_RPS = 1e9
_MAX_SERVICE_MS = 86_400_000.0


# ---------------------------------------------------------------------------
# Input handling shared with :mod:`sre_lab.policy`
# ---------------------------------------------------------------------------

def _periods(name: str, days: float, periods_per_day: int) -> int:
    """Convert a duration in days into a whole number of periods."""
    periods = days * periods_per_day
    if abs(periods - round(periods)) > 1e-9:
        rule = ("a whole number of days" if periods_per_day == 1
                else f"a whole number of periods (1/{periods_per_day} day each)")
        raise ValueError(message(name, rule, days))
    return int(round(periods))


def _resolve_periods_per_day(counts, periods_per_day: Any) -> int:
    if periods_per_day is None:
        return counts.periods_per_day or 1
    value = check_int("periods_per_day", periods_per_day, low=1, high=1440)
    if counts.periods_per_day is not None and value != counts.periods_per_day:
        raise ValueError(message(
            "periods_per_day", f"{counts.periods_per_day} (the spacing of history's dates)",
            value, "Leave it as None when history has dates."))
    return value


def _check_quantiles(quantiles: Any) -> tuple[float, ...]:
    """Check a non-empty, strictly increasing sequence of fractions in (0, 1)."""
    rule = "a sequence of increasing fractions in (0, 1)"
    if isinstance(quantiles, (str, bytes)) or not hasattr(quantiles, "__iter__"):
        raise TypeError(message("quantiles", rule, quantiles))
    values = list(quantiles)
    if not values:
        raise ValueError(message("quantiles", rule, quantiles))
    array = np.atleast_1d(check_fraction("quantiles", values))
    if (np.diff(array) <= 0).any():
        raise ValueError(message("quantiles", rule, tuple(values)))
    return tuple(float(v) for v in array)


_rng = check_rng


def _quantile_label(q: float) -> str:
    return f"p{q * 100:g}"


# ---------------------------------------------------------------------------
# The resampling engine: a seasonal moving-block bootstrap
# ---------------------------------------------------------------------------

def _block_starts(lo: int, hi: int, first: int, n_sim: int, block: int, season: int,
                  n_paths: int, rng: np.random.Generator) -> np.ndarray:
    """Random block start positions, shape ``(n_paths, n_blocks)``.

    Reference periods are positions ``lo .. hi-1``; simulated periods are
    ``first .. first+n_sim-1``. A block that will cover simulated positions
    ``p .. p+block-1`` starts at a reference position ``g`` with ``g + block <= hi``
    and ``g = p (mod season)``, so a Monday is replaced by a past Monday.
    The caller guarantees ``hi - lo - block + 1 >= season``.
    """
    n_blocks = -(-n_sim // block)
    block_first = first + block * np.arange(n_blocks)
    g0 = lo + (block_first - lo) % season
    count = (hi - block - g0) // season + 1
    return g0 + rng.integers(0, count, size=(n_paths, n_blocks)) * season


def _gather(starts: np.ndarray, block: int, n_sim: int) -> np.ndarray:
    """Expand block starts into period indices, shape ``(len(starts), n_sim)``."""
    index = starts[:, :, None] + np.arange(block)
    return index.reshape(len(starts), -1)[:, :n_sim]


def _check_reference(length: int, block: int, season: int) -> None:
    """Enough reference periods that every block can start on the right weekday."""
    need = block + season - 1
    if length < need:
        why = ("a block, plus 6 days so a block can start on any weekday" if season > 1
               else "one block")
        raise ValueError(
            f"history must have at least {need} periods to resample from ({why}); "
            f"got {length}. Use more history, a shorter block_days"
            f"{' or seasonal=False' if season > 1 else ''}.")


# ---------------------------------------------------------------------------
# Budget exhaustion forecast
# ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class BudgetForecast:
    """Result of :func:`forecast_budget_exhaustion`.

    Attributes
    ----------
    slo_target, window_days, elapsed_days : float
        The SLO and how far into its window the forecast was made.
    periods_per_day : int
        1 for daily history, 24 for hourly...
    probability_exhausted : float
        Share of simulated windows in which bad events exceed the window's
        error budget before the window ends (= the SLO is missed).
    exhaustion_days : numpy.ndarray
        Per simulated path, the day (counted from the window start, ``1`` =
        the first day) during which the budget ran out; ``inf`` if it did not.
    remaining_bands : pandas.DataFrame
        One row per day of the window (index ``day``, 1..window_days, remaining
        budget at the end of that day): ``observed`` (bool), one column per
        quantile (``p10``, ``p50``, ``p90``...) of the remaining budget
        fraction, and ``date`` (the calendar day) when the history had dates.
    quantiles : tuple of float
        The quantiles in ``remaining_bands`` and the default interval.
    budget_events : numpy.ndarray
        Per path, the window's error budget in events (``(1 - slo_target)`` x
        all valid events of the window, observed plus simulated).
    observed_bad_events, observed_valid_events : float
        Totals over the elapsed part of the window.
    window_start : pandas.Timestamp or None
        Start of the window, when the history had dates.
    """

    slo_target: float
    window_days: float
    elapsed_days: float
    periods_per_day: int
    probability_exhausted: float
    exhaustion_days: np.ndarray
    remaining_bands: pd.DataFrame
    quantiles: tuple
    budget_events: np.ndarray
    observed_bad_events: float
    observed_valid_events: float
    window_start: pd.Timestamp | None = None

    @property
    def n_paths(self) -> int:
        """Number of simulated windows."""
        return len(self.exhaustion_days)

    def exhaustion_day(self, quantile: float = 0.5) -> float:
        """The ``quantile`` of the exhaustion day over all paths (``inf``: not in this window).

        ``exhaustion_day(0.5)`` is the median; ``inf`` means that in at least
        half of the simulated windows the budget lasts to the end.
        """
        quantile = check_fraction("quantile", quantile)
        return float(np.quantile(self.exhaustion_days, quantile, method="inverted_cdf"))

    @property
    def exhaustion_interval_days(self) -> tuple[float, float]:
        """(low, high) exhaustion days at the first and last of ``quantiles``."""
        return (self.exhaustion_day(self.quantiles[0]), self.exhaustion_day(self.quantiles[-1]))

    def exhaustion_date(self, quantile: float = 0.5) -> pd.Timestamp | None:
        """Calendar start of the period in which the budget runs out at ``quantile``.

        ``sl.NEVER`` (``pandas.NaT``) when the budget lasts the window at
        that quantile; ``None`` when the history had no dates.
        """
        day = self.exhaustion_day(quantile)
        if self.window_start is None:
            return None
        if not math.isfinite(day):
            return NEVER
        return self.window_start + pd.Timedelta(days=day - 1 / self.periods_per_day)

    def probability_exhausted_by(self, day: float) -> float:
        """Share of paths whose budget ran out by the end of ``day`` (1 = first day)."""
        day = check_real("day", day, low=0)
        return float(np.mean(self.exhaustion_days <= day + 1e-9))



def forecast_budget_exhaustion(
    history,
    *,
    slo_target,
    window_days=DEFAULT_WINDOW_DAYS,
    elapsed_days=None,
    lookback_days=None,
    block_days=3,
    seasonal=True,
    n_paths=10_000,
    quantiles=(0.1, 0.5, 0.9),
    periods_per_day=None,
    rng=None,
) -> BudgetForecast:
    """Forecast whether, and when, the error budget runs out before the window ends.

    The rest of the window is simulated ``n_paths`` times by replaying whole
    past weeks (bad events *and* traffic together, Monday for Monday), and
    the running total of bad events is compared with the window's budget.
    Because the budget is a running sum, a good forecast is about cumulative
    bad events, not about tomorrow's error ratio.

    Parameters
    ----------
    history : pandas.DataFrame
        Per-period counts (daily, or hourly etc.), oldest first, ending "now":
        columns ``requests`` and ``errors`` (bad = errors, as in
        ``sl.load_daily_history(service)``) or ``valid`` and ``good``
        (bad = valid - good; use this for latency or composite SLIs).
        Optional dates (``date``/``timestamp`` column or DatetimeIndex) set
        the period length and label the result. One service only.
    slo_target : float
        Objective as a fraction in (0, 1), e.g. ``0.999``.
    window_days : int, default 30
        Length of the SLO window in whole days, 1 .. 366. With ``n_paths``
        it bounds the work: ``n_paths x window_days`` may be at most
        20,000,000 (10,000 paths of 366 days take about 1 s).
    elapsed_days : float, optional
        How many of the last days of ``history`` belong to the current window
        (0 <= elapsed < window_days). Default: all of ``history`` (which must
        then be shorter than the window).
    lookback_days : float, optional
        Resample only from the last ``lookback_days`` of ``history``
        (default: all of it, including the elapsed days).
    block_days : float, default 3
        Length of the resampled blocks; longer blocks keep more of the
        day-to-day dependence (incidents that span days, bad weeks) but,
        being aligned to weekdays, leave fewer distinct blocks to draw from
        (a 28-day lookback holds only four blocks per weekday); 3 days did
        best in the course's backtests.
    seasonal : bool, default True
        Start every block on the same weekday (and hour) as the period it
        replaces, so weekly seasonality is kept.
    n_paths : int, default 10000
        Number of simulated windows (1 .. 10**6).
    quantiles : sequence of float, default (0.1, 0.5, 0.9)
        Quantiles for the remaining-budget bands and the exhaustion interval.
    periods_per_day : int, optional
        Periods per day when ``history`` has no dates (default 1). Inferred
        from the dates otherwise.
    rng : None, int or numpy.random.Generator
        Seed or generator; the same seed gives the same forecast.

    Returns
    -------
    BudgetForecast
        ``probability_exhausted``, ``exhaustion_day(q)``, ``exhaustion_date(q)``,
        ``exhaustion_interval_days``, ``remaining_bands`` (for plotting)...

    Raises
    ------
    TypeError
        ``history`` is not a DataFrame, or an option has the wrong type.
    ValueError
        Missing columns, negative counts, more bad than valid events, gaps in
        the dates, several services, a window already over, or too little
        history to resample whole weeks from.

    See Also
    --------
    naive_error_rate_forecast : the outline's snippet this replaces.
    backtest_budget_forecasts : how well both are calibrated on held-out days.

    Notes
    -----
    The window's error budget is ``(1 - slo_target) x V`` where ``V`` counts
    all valid events of the window (observed so far plus simulated), so
    "the budget runs out before the window ends" (cumulative bad events
    ``> budget``) is the same event as "the SLO is missed for this window".
    A remaining budget of exactly 0 is not exhausted, as in the SRE Workbook's
    example policy ("at or above its SLO").

    Resampling is a moving-block bootstrap (Kunsch 1989, *Ann. Statist.*
    17(3)) with blocks aligned to the weekly cycle (a seasonal block
    bootstrap). It assumes the future resembles the resampled past: a kind of
    failure never seen in the lookback cannot appear, and a traffic trend is
    not extrapolated (pass a recent ``lookback_days`` if traffic grows fast).

    Examples
    --------
    Ten days of 1,000,000 requests with 1,500 errors each, 99.9 % over 28
    days: the budget is 28,000 bad requests and 1,500 x 19 = 28,500 is the
    first running total above it, so the budget runs out on day 19.

    >>> import pandas as pd
    >>> days = pd.DataFrame({"requests": [1_000_000] * 10, "errors": [1_500] * 10})
    >>> f = forecast_budget_exhaustion(days, slo_target=0.999, window_days=28, block_days=1,
    ...                                seasonal=False, n_paths=100, rng=1)
    >>> float(f.probability_exhausted), f.exhaustion_day(0.5)
    (1.0, 19.0)
    """
    counts = _counts("history", history)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    ppd = _resolve_periods_per_day(counts, periods_per_day)
    window_days = check_real("window_days", window_days, low=0, low_open=True, high=366,
                             scalar=True)
    n_window = _periods("window_days", window_days, 1) * ppd
    n = len(counts.bad)
    if elapsed_days is None:
        if n >= n_window:
            raise ValueError(message(
                "elapsed_days", "given when history is as long as the window or longer",
                None, f"Pass how many of history's {n / ppd:g} days (the last ones) belong to "
                "the current window."))
        n_elapsed = n
    else:
        elapsed_days = check_real("elapsed_days", elapsed_days, low=0,
                                  high=window_days, high_open=True)
        n_elapsed = _periods("elapsed_days", elapsed_days, ppd)
        if n_elapsed > n:
            raise ValueError(message(
                "elapsed_days", f"at most the length of history ({n / ppd:g} days)",
                elapsed_days))
    if lookback_days is None:
        n_lookback = n
    else:
        lookback_days = check_real("lookback_days", lookback_days, low=0, low_open=True)
        n_lookback = _periods("lookback_days", lookback_days, ppd)
        if n_lookback > n:
            raise ValueError(message(
                "lookback_days", f"at most the length of history ({n / ppd:g} days)",
                lookback_days))
    block_days = check_real("block_days", block_days, low=0, low_open=True)
    block = _periods("block_days", block_days, ppd)
    if not isinstance(seasonal, (bool, np.bool_)):
        raise TypeError(message("seasonal", "True or False", seasonal))
    season = 7 * ppd if seasonal else 1
    n_paths = check_int("n_paths", n_paths, low=1, high=1_000_000)
    if n_paths * window_days > _MAX_PATH_DAYS:
        raise ValueError(message(
            "n_paths", f"at most {_MAX_PATH_DAYS:,} / window_days "
            f"({int(_MAX_PATH_DAYS // window_days):,} for {window_days:g} days)", n_paths,
            "More paths would take minutes and gigabytes; 10,000 are plenty."))
    quantiles = _check_quantiles(quantiles)
    generator = _rng(rng)
    _check_reference(n_lookback, block, season)
    if counts.valid[n - n_lookback:].sum() <= 0:
        raise ValueError(_got("history", "a frame with some valid events to resample",
                                 "only zero counts in the lookback"))

    observed_bad = counts.bad[n - n_elapsed:]
    observed_valid = counts.valid[n - n_elapsed:]
    n_sim = n_window - n_elapsed
    starts = _block_starts(n - n_lookback, n, n, n_sim, block, season, n_paths, generator)

    observed_cum = np.cumsum(observed_bad)
    day_ends = np.arange(ppd - 1, n_window, ppd)            # last period of each day
    chunk = max(1, _CHUNK_CELLS // n_sim)
    exhaustion = np.empty(n_paths)
    budgets = np.empty(n_paths)
    remaining_daily = np.empty((n_paths, len(day_ends)))
    for begin in range(0, n_paths, chunk):
        rows = slice(begin, min(begin + chunk, n_paths))
        index = _gather(starts[rows], block, n_sim)
        budget = error_budget(slo_target, observed_valid.sum() + counts.valid[index].sum(axis=1))
        cumulative = np.concatenate(
            [np.broadcast_to(observed_cum, (len(index), n_elapsed)),
             observed_bad.sum() + np.cumsum(counts.bad[index], axis=1)], axis=1)
        over = cumulative > budget[:, None]
        first = over.argmax(axis=1)
        exhaustion[rows] = np.where(over[:, -1], (first + 1) / ppd, np.inf)
        budgets[rows] = budget
        spent = np.divide(cumulative[:, day_ends], budget[:, None],
                          out=np.zeros((len(index), len(day_ends))), where=budget[:, None] > 0)
        remaining_daily[rows] = 1 - spent

    days = np.arange(1, len(day_ends) + 1)
    table = pd.DataFrame({"observed": day_ends < n_elapsed}, index=pd.Index(days, name="day"))
    for q, band in zip(quantiles, np.quantile(remaining_daily, quantiles, axis=0)):
        table[_quantile_label(q)] = band
    window_start = None
    if counts.dates is not None:
        window_start = (counts.dates[n - n_elapsed] if n_elapsed
                        else counts.dates[-1] + _DAY / ppd)
        table["date"] = window_start + (days - 1) * _DAY
    return BudgetForecast(
        slo_target=slo_target,
        window_days=window_days,
        elapsed_days=n_elapsed / ppd,
        periods_per_day=ppd,
        probability_exhausted=float(np.mean(np.isfinite(exhaustion))),
        exhaustion_days=exhaustion,
        remaining_bands=table,
        quantiles=quantiles,
        budget_events=budgets,
        observed_bad_events=float(observed_bad.sum()),
        observed_valid_events=float(observed_valid.sum()),
        window_start=window_start,
    )


# ---------------------------------------------------------------------------
# The outline's naive forecast, and why it misleads
# ---------------------------------------------------------------------------

def _daily_ratios(name: str, history: Any) -> np.ndarray:
    """Daily error ratios from a counts frame or from an array-like of fractions."""
    if isinstance(history, pd.DataFrame):
        counts = _counts(name, history)
        if (counts.valid <= 0).any():
            row = int(np.flatnonzero(counts.valid <= 0)[0])
            raise ValueError(
                f"{name} must have valid events on every day to form error ratios; "
                f"got 0 at row {row}.")
        return counts.bad / counts.valid
    if isinstance(history, pd.Series):
        history = history.to_numpy()
    ratios = np.atleast_1d(check_fraction(name, history, closed=True))
    if ratios.ndim != 1 or ratios.size == 0:
        raise ValueError(_got(name, "a non-empty 1-D sequence of error ratios",
                                 f"shape {ratios.shape}"))
    return ratios


def naive_error_rate_forecast(history, days_ahead=7, *, n_paths=None, rng=None) -> np.ndarray:
    """The course outline's forecast: ``mean + randn(days_ahead) * std`` of past daily ratios.

    Kept, seeded, so notebooks can show what it gets wrong (see
    :func:`naive_forecast_flaws`). Do not use it to make decisions.

    Parameters
    ----------
    history : array-like of float or pandas.DataFrame
        Past daily error ratios (fractions in [0, 1], as in the outline's
        ``[0.001, 0.0008, 0.0012, 0.0009]``), or a counts frame with
        ``requests``/``errors`` (ratios = errors / requests, unweighted).
    days_ahead : int, default 7
        Days to forecast (1 .. 3650).
    n_paths : int, optional
        Draw this many independent forecasts at once (for backtests),
        1 .. 10**6, and ``n_paths x days_ahead`` at most 20,000,000 (a bound on
        memory and time, as in :func:`forecast_budget_exhaustion`).
    rng : None, int or numpy.random.Generator
        The outline used the global ``np.random.randn``; here randomness is
        seeded so the same seed gives the same numbers.

    Returns
    -------
    numpy.ndarray
        Shape ``(days_ahead,)``, or ``(n_paths, days_ahead)``: forecast daily
        error ratios (which can be negative; that is one of its flaws).

    Raises
    ------
    TypeError, ValueError
        Non-numeric or out-of-range ratios, bad ``days_ahead``/``n_paths``.

    Notes
    -----
    Exactly ``mean(r) + Z * std(r)`` with ``Z ~ N(0, 1)`` independent per day
    and ``std`` the population standard deviation (``np.std``, ddof=0), as in
    the outline's snippet.

    Examples
    --------
    >>> r = naive_error_rate_forecast([0.001, 0.0008, 0.0012, 0.0009], 7, rng=3)
    >>> r.shape
    (7,)
    >>> bool((naive_error_rate_forecast([0.001] * 4, 3, rng=3) == 0.001).all())
    True
    """
    ratios = _daily_ratios("history", history)
    days_ahead = check_int("days_ahead", days_ahead, low=1, high=3650)
    shape: tuple[int, ...] = (days_ahead,)
    if n_paths is not None:
        n_paths = check_int("n_paths", n_paths, low=1, high=1_000_000)
        if n_paths * days_ahead > _MAX_PATH_DAYS:
            raise ValueError(message(
                "n_paths", f"at most {_MAX_PATH_DAYS:,} / days_ahead "
                f"({_MAX_PATH_DAYS // days_ahead:,} for {days_ahead} days)", n_paths,
                "More paths would take seconds and gigabytes; 10,000 are plenty."))
        shape = (n_paths, days_ahead)
    generator = _rng(rng)
    return ratios.mean() + generator.standard_normal(shape) * ratios.std()


def _skewness(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float).ravel()
    sd = x.std()
    return float(np.mean((x - x.mean()) ** 3) / sd**3) if sd > 0 else 0.0


def _bad_day_persistence(ratios: np.ndarray, threshold: float) -> float:
    """P(next day's ratio > threshold | today's ratio > threshold), pooled over rows."""
    x = np.atleast_2d(ratios) > threshold
    today, tomorrow = x[:, :-1], x[:, 1:]
    n_bad = today.sum()
    return float((today & tomorrow).sum() / n_bad) if n_bad else math.nan


def naive_forecast_flaws(history, *, slo_target, days_ahead=7, n_paths=10_000,
                         block_days=3, interval=0.8, rng=None) -> pd.DataFrame:
    """Contrast the outline's naive forecast with the seasonal block bootstrap, row by flaw.

    The outline draws each future day's error ratio as ``mean + randn * std``.
    That misleads in five ways, each a row of the returned table (with what
    the history itself did, as the referee):

    1. **Error ratios go negative**: a normal around a small mean with a large
       spread puts many days below zero, which is impossible.
    2. **It ignores traffic weighting**: the budget counts bad *events*; the
       mean of daily ratios weighs a quiet Sunday like a busy Monday.
    3. **It assumes normality**: real daily error ratios are a low baseline
       plus rare incident days (strong right skew); a symmetric bell both
       invents moderately bad days and misses the very bad ones.
    4. **It assumes independent days**: incidents and bad weeks cluster; the
       naive model has no memory, so its multi-day totals are too narrow.
    5. **It ignores that the budget is a running sum**: the snippet prints
       per-day rates, but the decision ("will we run out?") depends on the
       cumulative error ratio over the horizon, which the last rows report.
       It also treats the historical mean as known: with four days of history
       (the outline's example) the mean itself is very uncertain
       (standard error ``std / sqrt(n)``), and neither model adds that.

    Parameters
    ----------
    history : pandas.DataFrame
        Daily counts, ``requests``/``errors`` or ``valid``/``good`` (one service).
    slo_target : float
        Objective as a fraction in (0, 1), for the burn-rate row.
    days_ahead : int, default 7
        Horizon of the cumulative rows (1 .. 366, shorter than history).
    n_paths : int, default 10000
        Simulated paths per model.
    block_days : int, default 3
        Block length of the bootstrap.
    interval : float, default 0.8
        Central interval reported for the ``days_ahead`` error ratio.
    rng : None, int or numpy.random.Generator
        Seed or generator.

    Returns
    -------
    pandas.DataFrame
        Columns ``flaw`` (a short label), ``naive``, ``bootstrap``, ``history``
        (the same statistic measured on the past days / rolling windows) and
        ``why``.

    Raises
    ------
    TypeError, ValueError
        As :func:`forecast_budget_exhaustion` and :func:`naive_error_rate_forecast`.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.DataFrame({"requests": [1000] * 28, "errors": [1] * 27 + [200]})
    >>> table = naive_forecast_flaws(days, slo_target=0.99, n_paths=2000, rng=0)
    >>> float(table.set_index("flaw").loc["share of days with a negative error ratio", "bootstrap"])
    0.0
    """
    counts = _counts("history", history)
    ratios = _daily_ratios("history", history)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    n = len(ratios)
    days_ahead = check_int("days_ahead", days_ahead, low=1, high=max(1, min(366, n)))
    n_paths = check_int("n_paths", n_paths, low=1, high=1_000_000)
    block = check_int("block_days", block_days, low=1, high=n)
    interval = check_fraction("interval", interval, scalar=True)
    generator = _rng(rng)
    _check_reference(n, block, 7)
    lo_q, hi_q = (1 - interval) / 2, (1 + interval) / 2

    naive = naive_error_rate_forecast(ratios, days_ahead, n_paths=n_paths, rng=generator)
    index = _gather(_block_starts(0, n, n, days_ahead, block, 7, n_paths, generator),
                    block, days_ahead)
    boot_bad, boot_valid = counts.bad[index], counts.valid[index]
    boot_daily = boot_bad / boot_valid
    naive_total = naive.mean(axis=1)
    boot_total = boot_bad.sum(axis=1) / boot_valid.sum(axis=1)
    windows = np.lib.stride_tricks.sliding_window_view
    past_total = windows(counts.bad, days_ahead).sum(1) / windows(counts.valid, days_ahead).sum(1)
    budget_ratio = error_budget(slo_target, 1.0)
    label = f"{days_ahead}-day error ratio"
    rows = [
        ("share of days with a negative error ratio",
         float(np.mean(naive < 0)), float(np.mean(boot_daily < 0)), float(np.mean(ratios < 0)),
         "an error ratio cannot be below 0; the normal model produces such days"),
        ("mean error ratio (naive: of daily ratios; others: traffic-weighted)",
         float(ratios.mean()), float(boot_total.mean()),
         float(counts.bad.sum() / counts.valid.sum()),
         "the budget counts bad events, so busy days must weigh more"),
        ("skewness of daily error ratios",
         _skewness(naive), _skewness(boot_daily), _skewness(ratios),
         "incident days make the distribution strongly right-skewed, not normal"),
        ("P(day's burn rate > 1)",
         float(np.mean(naive > budget_ratio)), float(np.mean(boot_daily > budget_ratio)),
         float(np.mean(ratios > budget_ratio)),
         "how often a single day overspends"),
        ("P(next day's burn rate > 1 | today's > 1)",
         _bad_day_persistence(naive, budget_ratio), _bad_day_persistence(boot_daily, budget_ratio),
         _bad_day_persistence(ratios, budget_ratio),
         "bad days come in runs; independent draws understate multi-day risk (nan: no bad day)"),
        (f"{label}: {lo_q:.0%} quantile",
         float(np.quantile(naive_total, lo_q)), float(np.quantile(boot_total, lo_q)),
         float(np.quantile(past_total, lo_q)),
         "the budget is a running sum: what matters is the total over the horizon"),
        (f"{label}: {hi_q:.0%} quantile",
         float(np.quantile(naive_total, hi_q)), float(np.quantile(boot_total, hi_q)),
         float(np.quantile(past_total, hi_q)),
         "the upper end decides whether the budget survives"),
        (f"P(burn rate over {days_ahead} days > 1)",
         float(np.mean(naive_total > budget_ratio)), float(np.mean(boot_total > budget_ratio)),
         float(np.mean(past_total > budget_ratio)),
         "the question a release decision actually asks"),
    ]
    return pd.DataFrame(rows, columns=["flaw", "naive", "bootstrap", "history", "why"])


@dataclass(frozen=True, eq=False)
class BacktestResult:
    """Result of :func:`backtest_budget_forecasts`.

    Attributes
    ----------
    forecasts : pandas.DataFrame
        One row per forecast origin: ``origin`` (date or position of the first
        held-out day), ``actual_error_ratio`` (traffic-weighted, over the
        horizon), ``naive_low``/``naive_high`` and ``bootstrap_low``/
        ``bootstrap_high`` (the central interval), ``naive_p_burn`` and
        ``bootstrap_p_burn`` (forecast P(burn rate > 1)), ``actual_burn_over_1``.
    summary : pandas.DataFrame
        Index ``naive``, ``bootstrap``; columns ``coverage`` (share of origins
        whose actual value fell inside the interval; ideal = ``interval``),
        ``share_above``, ``share_below``, ``mean_width``,
        ``share_negative_low`` (intervals reaching below 0, impossible for a
        ratio), ``interval_score`` and ``brier_score`` (both proper scores:
        lower is better).
    interval, horizon_days, train_days : float, int, int
        The settings used.
    """

    forecasts: pd.DataFrame
    summary: pd.DataFrame
    interval: float
    horizon_days: int
    train_days: int


def backtest_budget_forecasts(history, *, slo_target, horizon_days=7, train_days=91,
                              interval=0.8, step_days=1, n_paths=2_000, block_days=3,
                              seasonal=True, rng=None) -> BacktestResult:
    """Score the naive and the bootstrap forecast on days they did not see.

    At every origin (a rolling split), both models see only the previous
    ``train_days`` days and forecast the traffic-weighted error ratio of the
    next ``horizon_days`` days; the held-out truth then tells whether each
    central ``interval`` covered it, and how good each model's P(burn > 1)
    was. A calibrated 80 % interval covers about 80 % of the origins.

    Parameters
    ----------
    history : pandas.DataFrame
        Daily counts (one service), e.g. ``sl.load_daily_history("checkout")``.
    slo_target : float
        Objective as a fraction in (0, 1).
    horizon_days : int, default 7
        Days forecast at each origin.
    train_days : int, default 91
        Days each model may learn from (at least ``block_days + 6`` for the
        seasonal bootstrap). Longer training gives the bootstrap more weeks to
        draw from; 28 days hold only four of each weekday.
    interval : float, default 0.8
        Central interval to score, as a fraction.
    step_days : int, default 1
        Days between origins.
    n_paths : int, default 2000
        Simulated paths per model and origin.
    block_days : int, default 3
    seasonal : bool, default True
        Bootstrap settings, as in :func:`forecast_budget_exhaustion`.
    rng : None, int or numpy.random.Generator
        Seed or generator.

    Returns
    -------
    BacktestResult

    Raises
    ------
    TypeError, ValueError
        Invalid history or options, or history shorter than
        ``train_days + horizon_days``.

    Notes
    -----
    The naive model's horizon error ratio is the mean of its daily draws (it
    knows nothing of traffic); the bootstrap's is bad / valid summed over the
    resampled days. The Brier score is ``mean((p - y)**2)`` with ``y = 1``
    when the held-out burn rate exceeded 1 (Brier 1950). The interval score
    of a central ``(1 - alpha)`` interval ``[l, u]`` is
    ``(u - l) + 2/alpha (l - x)+ + 2/alpha (x - u)+`` (Gneiting & Raftery
    2007, *JASA* 102(477), eq. 43): it rewards narrow intervals and punishes
    misses, so an interval cannot look good by being uselessly wide.

    Coverage alone flatters the naive model: incident days inflate its
    standard deviation, so its intervals are wide (and reach below 0). The
    scores above, and the decision-relevant P(burn > 1), tell them apart.
    With few training days every method struggles: incidents are rare and a
    month may hold none.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.DataFrame({"requests": [1000] * 60, "errors": [1] * 60})
    >>> bt = backtest_budget_forecasts(days, slo_target=0.99, train_days=14,
    ...                                n_paths=200, rng=0)
    >>> float(bt.summary.loc["bootstrap", "coverage"])
    1.0
    """
    counts = _counts("history", history)
    ratios = _daily_ratios("history", history)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    if counts.periods_per_day not in (None, 1):
        raise ValueError(_got("history", "daily counts (one row per day)",
                                 f"{counts.periods_per_day} rows per day"))
    n = len(ratios)
    horizon_days = check_int("horizon_days", horizon_days, low=1, high=366)
    train_days = check_int("train_days", train_days, low=2)
    interval = check_fraction("interval", interval, scalar=True)
    step_days = check_int("step_days", step_days, low=1)
    n_paths = check_int("n_paths", n_paths, low=1, high=1_000_000)
    block = check_int("block_days", block_days, low=1)
    if not isinstance(seasonal, (bool, np.bool_)):
        raise TypeError(message("seasonal", "True or False", seasonal))
    season = 7 if seasonal else 1
    _check_reference(train_days, block, season)
    if n < train_days + horizon_days:
        raise ValueError(_got(
            "history", f"at least train_days + horizon_days = {train_days + horizon_days} days",
            f"{n} days"))
    generator = _rng(rng)
    lo_q, hi_q = (1 - interval) / 2, (1 + interval) / 2
    budget_ratio = error_budget(slo_target, 1.0)
    origins = np.arange(train_days, n - horizon_days + 1, step_days)
    out = np.empty((len(origins), 7))
    for i, origin in enumerate(origins):
        train = slice(origin - train_days, origin)
        naive = naive_error_rate_forecast(ratios[train], horizon_days, n_paths=n_paths,
                                          rng=generator).mean(axis=1)
        index = _gather(_block_starts(origin - train_days, origin, origin, horizon_days,
                                      block, season, n_paths, generator), block, horizon_days)
        boot = counts.bad[index].sum(axis=1) / counts.valid[index].sum(axis=1)
        test = slice(origin, origin + horizon_days)
        actual = counts.bad[test].sum() / counts.valid[test].sum()
        out[i] = (actual, *np.quantile(naive, [lo_q, hi_q]), *np.quantile(boot, [lo_q, hi_q]),
                  np.mean(naive > budget_ratio), np.mean(boot > budget_ratio))
    labels = (counts.dates[origins] if counts.dates is not None else origins)
    forecasts = pd.DataFrame(out, columns=["actual_error_ratio", "naive_low", "naive_high",
                                           "bootstrap_low", "bootstrap_high", "naive_p_burn",
                                           "bootstrap_p_burn"])
    forecasts.insert(0, "origin", labels)
    forecasts["actual_burn_over_1"] = forecasts["actual_error_ratio"] > budget_ratio
    actual = forecasts["actual_error_ratio"]
    y = forecasts["actual_burn_over_1"].astype(float)
    alpha = 1 - interval
    summary = {}
    for model in ("naive", "bootstrap"):
        low, high = forecasts[f"{model}_low"], forecasts[f"{model}_high"]
        summary[model] = {
            "coverage": float(((actual >= low) & (actual <= high)).mean()),
            "share_above": float((actual > high).mean()),
            "share_below": float((actual < low).mean()),
            "mean_width": float((high - low).mean()),
            "share_negative_low": float((low < 0).mean()),
            "interval_score": float((
                (high - low) + (2 / alpha) * np.maximum(low - actual, 0)
                + (2 / alpha) * np.maximum(actual - high, 0)).mean()),
            "brier_score": float(((forecasts[f"{model}_p_burn"] - y) ** 2).mean()),
        }
    return BacktestResult(forecasts=forecasts, summary=pd.DataFrame(summary).T,
                          interval=interval, horizon_days=horizon_days, train_days=train_days)


# ---------------------------------------------------------------------------
# Traffic growth
# ---------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, eq=False)
class TrafficGrowthFit:
    """Result of :func:`fit_traffic_growth`: ``log(requests) = a + b*t + s[weekday] + e``.

    Attributes
    ----------
    start : pandas.Timestamp
        Date of day ``t = 0`` (the first day of the history).
    n_days : int
        Days fitted.
    level : float
        ``exp(a)``: typical daily requests on day 0, averaged over weekdays
        (geometric mean).
    growth_per_day : float
        ``b``, the log-growth per day (0.001 is about +0.1 % per day).
    weekday_factors : dict
        ``{"Mon": ..., ..., "Sun": ...}``: multiplicative day-of-week
        factors ``exp(s)``, geometric mean 1.
    residual_std : float
        Standard deviation of the log residuals (about the relative day-to-day
        noise).
    coefficients : numpy.ndarray
        ``[a, b, s_Mon .. s_Sat]`` (``s_Sun = -sum`` of the others).
    covariance_unscaled : numpy.ndarray
        ``(X'X)^-1`` of the design, for prediction intervals.
    """

    start: pd.Timestamp
    n_days: int
    level: float
    growth_per_day: float
    weekday_factors: dict
    residual_std: float
    coefficients: np.ndarray
    covariance_unscaled: np.ndarray

    @property
    def growth_per_year(self) -> float:
        """Relative growth over 365 days, ``exp(365 b) - 1`` (0.3 = +30 %)."""
        return math.exp(365 * self.growth_per_day) - 1

    @property
    def doubling_days(self) -> float:
        """Days for traffic to double, ``ln 2 / b`` (``inf`` if not growing)."""
        return math.log(2) / self.growth_per_day if self.growth_per_day > 0 else math.inf


def _traffic_design(days: np.ndarray, weekdays: np.ndarray) -> np.ndarray:
    """Design matrix: intercept, trend (days), effect-coded weekday (Sunday = -1 row)."""
    effects = (weekdays[:, None] == np.arange(6)).astype(float)
    effects[weekdays == 6] = -1.0
    return np.column_stack([np.ones(len(days)), days.astype(float), effects])


def fit_traffic_growth(history) -> TrafficGrowthFit:
    """Fit exponential traffic growth with day-of-week seasonality to daily totals.

    Traffic tends to grow by a percentage, not by a fixed amount, so the trend
    is fitted to the logarithm of daily requests; weekday factors absorb the
    weekly cycle (weekends are quieter).

    Parameters
    ----------
    history : pandas.DataFrame
        Daily counts with dates: ``date`` column or DatetimeIndex, and
        ``requests`` (or ``valid``) > 0 on every day; one service; at least
        14 days (a year is better).

    Returns
    -------
    TrafficGrowthFit
        ``growth_per_year``, ``doubling_days``, ``weekday_factors``... Use
        :func:`forecast_traffic` and :func:`forecast_peak_rps` to project.

    Raises
    ------
    TypeError, ValueError
        Not a DataFrame, no dates, not daily, fewer than 14 days, a day
        without traffic.

    Notes
    -----
    Ordinary least squares on ``log y_t = a + b t + s_{weekday(t)} + e_t``
    with effect coding (the seven ``s`` sum to 0). Forecasts use the median
    ``exp(a + b t + s)`` and the normal prediction interval of ``log y``,
    ``+- z sqrt(sigma^2 (1 + x'(X'X)^-1 x))``. Residuals of real traffic are
    autocorrelated and holidays are not modelled, so the interval is, if
    anything, too narrow. See Hyndman & Athanasopoulos, *Forecasting:
    Principles and Practice* (3rd ed.), ch. 7 (trend and seasonal dummies).

    Examples
    --------
    Traffic that grows exactly 1 % per day with no weekly cycle:

    >>> import numpy as np, pandas as pd
    >>> days = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=28, tz="UTC"),
    ...                      "requests": 1000 * np.exp(0.01 * np.arange(28)),
    ...                      "errors": 0})
    >>> fit = fit_traffic_growth(days)
    >>> round(fit.growth_per_day, 6), round(fit.level, 3), round(fit.weekday_factors["Sun"], 6)
    (0.01, 1000.0, 1.0)
    """
    counts = _counts("history", history, need_dates=True)
    if counts.periods_per_day not in (None, 1):
        raise ValueError(_got("history", "daily counts (one row per day)",
                                 f"{counts.periods_per_day} rows per day"))
    n = len(counts.valid)
    if n < 14:
        raise ValueError(_got("history", "at least 14 days long", f"{n} days"))
    if (counts.valid <= 0).any():
        row = int(np.flatnonzero(counts.valid <= 0)[0])
        raise ValueError(f"history must have requests > 0 on every day; got 0 at row {row}.")
    days = np.arange(n)
    design = _traffic_design(days, counts.dates.day_of_week.to_numpy())
    target = np.log(counts.valid)
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    residuals = target - design @ coefficients
    residual_std = float(np.sqrt(residuals @ residuals / (n - design.shape[1])))
    effects = np.r_[coefficients[2:], -coefficients[2:].sum()]
    return TrafficGrowthFit(
        start=counts.dates[0],
        n_days=n,
        level=float(np.exp(coefficients[0])),
        growth_per_day=float(coefficients[1]),
        weekday_factors={d: float(np.exp(e)) for d, e in zip(_WEEKDAYS, effects)},
        residual_std=residual_std,
        coefficients=coefficients,
        covariance_unscaled=np.linalg.pinv(design.T @ design),
    )


def _check_fit(fit: Any) -> TrafficGrowthFit:
    if not isinstance(fit, TrafficGrowthFit):
        raise TypeError(message("fit", "a TrafficGrowthFit from fit_traffic_growth",
                                type(fit).__name__))
    return fit


def _log_forecast(fit: TrafficGrowthFit, horizon_days: int):
    """Dates, mean and standard deviation of log daily requests for the next days."""
    days = np.arange(fit.n_days, fit.n_days + horizon_days)
    dates = pd.DatetimeIndex(fit.start + days * _DAY)
    design = _traffic_design(days, dates.day_of_week.to_numpy())
    mean = design @ fit.coefficients
    leverage = np.einsum("ij,jk,ik->i", design, fit.covariance_unscaled, design)
    sd = fit.residual_std * np.sqrt(1 + leverage)
    return days, dates, mean, sd


def forecast_traffic(fit, *, horizon_days=90, interval=0.8) -> pd.DataFrame:
    """Daily traffic forecast, with a prediction interval, for the days after the fit.

    Parameters
    ----------
    fit : TrafficGrowthFit
        From :func:`fit_traffic_growth`.
    horizon_days : int, default 90
        Days to forecast (1 .. 3650), starting the day after the history.
    interval : float, default 0.8
        Central prediction interval, as a fraction.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``date``; columns ``day`` (days since ``fit.start``),
        ``requests`` (median forecast), ``lower``, ``upper``.

    Raises
    ------
    TypeError, ValueError
        Not a fit, or a bad horizon or interval.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> days = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=28, tz="UTC"),
    ...                      "requests": 1000 * np.exp(0.01 * np.arange(28)), "errors": 0})
    >>> table = forecast_traffic(fit_traffic_growth(days), horizon_days=2)
    >>> [round(float(x), 1) for x in table["requests"]]
    [1323.1, 1336.4]
    """
    fit = _check_fit(fit)
    horizon_days = check_int("horizon_days", horizon_days, low=1, high=3650)
    interval = check_fraction("interval", interval, scalar=True)
    z = NormalDist().inv_cdf((1 + interval) / 2)
    days, dates, mean, sd = _log_forecast(fit, horizon_days)
    return pd.DataFrame({"day": days, "requests": np.exp(mean), "lower": np.exp(mean - z * sd),
                         "upper": np.exp(mean + z * sd)}, index=pd.DatetimeIndex(dates, name="date"))


def forecast_peak_rps(fit, *, horizon_days=90, peak_to_mean_ratio=1.0, quantile=0.9) -> float:
    """Peak requests per second to plan for over the next ``horizon_days``.

    The busiest forecast day (at the upper ``quantile`` of its prediction
    distribution) is turned into a per-second rate and multiplied by the
    intraday peak-to-mean ratio (see :func:`peak_to_mean_ratio`).

    Parameters
    ----------
    fit : TrafficGrowthFit
        From :func:`fit_traffic_growth`.
    horizon_days : int, default 90
        Planning horizon in days.
    peak_to_mean_ratio : float, default 1.0
        Busiest-minutes rate / the day's mean rate (>= 1).
    quantile : float, default 0.9
        How pessimistic the daily forecast is (0.5 = median day).

    Returns
    -------
    float
        Requests per second.

    Raises
    ------
    TypeError, ValueError
        Not a fit, or options out of range.

    Notes
    -----
    ``max_t exp(mu_t + z_q sd_t) / 86400 x peak_to_mean_ratio``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> days = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=28, tz="UTC"),
    ...                      "requests": [864_000.0] * 28, "errors": 0})
    >>> forecast_peak_rps(fit_traffic_growth(days), horizon_days=7, peak_to_mean_ratio=2.0,
    ...                   quantile=0.5)
    20.0
    """
    fit = _check_fit(fit)
    horizon_days = check_int("horizon_days", horizon_days, low=1, high=3650)
    peak_to_mean_ratio = check_real("peak_to_mean_ratio", peak_to_mean_ratio, low=1,
                                    scalar=True)
    quantile = check_fraction("quantile", quantile, scalar=True)
    z = NormalDist().inv_cdf(quantile)
    _, _, mean, sd = _log_forecast(fit, horizon_days)
    return round(float(np.max(np.exp(mean + z * sd))) / _SECONDS_PER_DAY * peak_to_mean_ratio, 12)


def peak_to_mean_ratio(traffic, *, column="requests", bucket_minutes=5, quantile=0.5) -> float:
    """Intraday peak factor: busiest ``bucket_minutes`` rate / the day's mean rate.

    Daily totals hide the daily cycle; capacity must cover the busiest
    minutes. This measures, for every day of fine-grained traffic, how much
    higher the busiest bucket's rate is than that day's average, and returns
    the ``quantile`` of that over days.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Counts on a regular step (1 minute, 5 minutes, 1 hour...) with a
        sorted, duplicate-free DatetimeIndex or ``timestamp`` column, e.g.
        ``sl.load_requests(service="checkout")``; one service.
    column : str, default "requests"
        Column to measure.
    bucket_minutes : int, default 5
        Bucket width in minutes (1 .. 1440), a whole multiple of the data's
        step (hourly data needs 60 or more: the peak of a day cannot be
        measured finer than its data); wider buckets smooth Poisson noise of
        low traffic.
    quantile : float, default 0.5
        Over days; 0.5 is a typical day, 1.0 the worst day seen.

    Returns
    -------
    float
        A ratio >= 1.

    Raises
    ------
    TypeError, ValueError
        Not a DataFrame, no timestamps, missing column, several services.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    >>> flat = pd.DataFrame({"requests": [10] * 1440}, index=idx)
    >>> peak_to_mean_ratio(flat)
    1.0
    """
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(message("traffic", "a DataFrame of per-minute counts",
                                type(traffic).__name__))
    if not isinstance(column, str) or column not in traffic.columns:
        raise ValueError(message("column", "a column of traffic", column))
    if "service" in traffic.columns and traffic["service"].nunique() > 1:
        raise ValueError(_got("traffic", "counts for one service",
                                 f"{traffic['service'].nunique()} services"))
    if not isinstance(traffic.index, pd.DatetimeIndex):
        if "timestamp" not in traffic.columns:
            raise ValueError(_got("traffic", "a DataFrame with a DatetimeIndex or a 'timestamp' "
                                  "column", "a DataFrame without timestamps"))
        traffic = traffic.set_index("timestamp")
    (counts,) = check_traffic(traffic, index="regular", counts=(column,))
    bucket_minutes = check_int("bucket_minutes", bucket_minutes, low=1, high=1440)
    quantile = check_fraction("quantile", quantile, closed=True, scalar=True)
    step = traffic_step(traffic)
    per_bucket = pd.Timedelta(minutes=bucket_minutes) / step
    if per_bucket < 1 or not float(per_bucket).is_integer():
        raise ValueError(message(
            "bucket_minutes", f"a whole multiple of the traffic's step ({step})",
            bucket_minutes, f"Pass bucket_minutes={int(step / pd.Timedelta(minutes=1)) or 1} "
            "or more for this data: a peak cannot be measured finer than the data."))
    values = pd.Series(counts, index=traffic.index)
    buckets = values.resample(f"{bucket_minutes}min").sum()
    by_day = buckets.groupby(buckets.index.floor("D"))
    daily_mean = by_day.mean()
    ratio = (by_day.max() / daily_mean)[daily_mean > 0]
    if ratio.empty:
        raise ValueError(_got("traffic", "a frame with some traffic", "only zeros"))
    return round(float(np.quantile(ratio.to_numpy(), quantile)), 12)


# ---------------------------------------------------------------------------
# Queueing: M/M/c with Erlang C
# ---------------------------------------------------------------------------

def _erlang_c_scalar(servers: int, load: float) -> float:
    """Erlang C via the Erlang B recursion (numerically stable for large c)."""
    if load >= servers:
        return 1.0
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return servers * b / (servers - load * (1 - b))


def erlang_c(servers, offered_load):
    """Probability that an arriving request has to wait in an M/M/c queue (Erlang C).

    With ``c`` servers and offered load ``a = lambda / mu`` (arrival rate x
    mean service time, in erlangs), this is the share of requests that find
    every server busy.

    Parameters
    ----------
    servers : int
        Number of servers ``c`` (1 .. 10**6).
    offered_load : float or array-like
        ``a = lambda / mu`` in erlangs, >= 0. When ``a >= c`` the queue is
        unstable and every request waits: the result is 1.

    Returns
    -------
    float or numpy.ndarray
        ``C(c, a)`` in [0, 1].

    Raises
    ------
    TypeError, ValueError
        ``servers`` not a whole number >= 1, ``offered_load`` negative or not finite.

    Notes
    -----
    ``C(c, a) = [a^c/c! . c/(c-a)] / [sum_{k<c} a^k/k! + a^c/c! . c/(c-a)]``,
    computed through the Erlang B recursion ``B(0) = 1``,
    ``B(k) = a B(k-1) / (k + a B(k-1))`` and ``C = c B / (c - a (1 - B))``
    (Kleinrock, *Queueing Systems* vol. 1, 1975, sec. 3.5). For ``c = 1``,
    ``C = a`` (= utilisation ``rho``).

    Examples
    --------
    Two servers at half utilisation (a = 1): ``(1/2 . 2) / (1 + 1 + 1) = 1/3``.

    >>> round(erlang_c(2, 1.0), 6)
    0.333333
    >>> erlang_c(1, 0.7)
    0.7
    """
    servers = check_int("servers", servers, low=1, high=1_000_000)
    load = check_real("offered_load", offered_load, low=0)
    if isinstance(load, float):
        return round(_erlang_c_scalar(servers, load), 15)
    return np.vectorize(lambda a: _erlang_c_scalar(servers, float(a)), otypes=[float])(load)


def _hypoexponential_tail(rate_1, rate_2, t):
    """P(X1 + X2 > t) for independent exponentials, stable when the rates are close."""
    low = np.minimum(rate_1, rate_2)
    gap = (np.maximum(rate_1, rate_2) - low) * t
    phi = np.where(gap > 1e-12, -np.expm1(-gap) / np.where(gap > 1e-12, gap, 1.0), 1.0)
    return np.exp(-low * t) * (1 + low * t * phi)


def _queue_inputs(arrival_rate_rps, service_time_ms, servers):
    servers = check_int("servers", servers, low=1, high=1_000_000)
    arrival = check_real("arrival_rate_rps", arrival_rate_rps, low=0, high=_MAX_RPS)
    service_time_ms = check_real("service_time_ms", service_time_ms, low=0, low_open=True,
                                 high=_MAX_SERVICE_MS, scalar=True)
    return arrival, service_time_ms, servers


def mmc_response_time_tail(latency_ms, *, arrival_rate_rps, service_time_ms, servers):
    """P(response time > ``latency_ms``) in an M/M/c first-come-first-served queue.

    The response time is the wait for a free server (zero with probability
    ``1 - C``, else exponential with rate ``c mu - lambda``) plus an
    exponential service time with rate ``mu``. ``1 -`` this is the share of
    requests a latency SLO with threshold ``latency_ms`` counts as good.

    Parameters
    ----------
    latency_ms : float or array-like
        Threshold(s) ``t`` in milliseconds, >= 0.
    arrival_rate_rps : float or array-like
        Arrival rate ``lambda`` in requests per second, in [0, 1e9] (broadcasts
        with ``latency_ms``: a single number or as many values).
    service_time_ms : float
        Mean service time ``1/mu`` of one server in milliseconds, in
        (0, 86,400,000] (a day).
    servers : int
        Number of servers ``c``, 1 .. 10**6.

    Returns
    -------
    float or numpy.ndarray
        Probabilities in [0, 1]; 1 where the queue is unstable
        (``lambda >= c mu``).

    Raises
    ------
    TypeError, ValueError
        Negative or non-finite inputs, ``servers`` not a whole number >= 1.

    Notes
    -----
    With ``theta = c mu - lambda`` and ``C = C(c, lambda/mu)``::

        P(T > t) = (1 - C) e^{-mu t} + C (theta e^{-mu t} - mu e^{-theta t}) / (theta - mu)

    (the second term is the tail of the sum of two exponentials; its limit
    for ``theta = mu`` is ``(1 + mu t) e^{-mu t}``). For ``c = 1`` it reduces
    to ``e^{-(mu - lambda) t}``: the M/M/1 response time is exponential
    (Kleinrock 1975, sec. 3.2; Harchol-Balter, *Performance Modeling and
    Design of Computer Systems*, 2013, ch. 14).

    Examples
    --------
    M/M/1 with 100 ms service and 5 req/s (rho = 0.5): ``e^{-(10-5) x 0.2} = e^-1``.

    >>> round(float(mmc_response_time_tail(200, arrival_rate_rps=5, service_time_ms=100,
    ...                                    servers=1)), 6)
    0.367879
    """
    arrival, service_time_ms, servers = _queue_inputs(arrival_rate_rps, service_time_ms,
                                                      servers)
    t = check_real("latency_ms", latency_ms, low=0) / 1000.0          # seconds
    if np.ndim(t) and np.ndim(arrival) and np.shape(t) != np.shape(arrival):
        raise ValueError(_got("arrival_rate_rps", "a single number or as many values as "
                              f"latency_ms ({np.size(t)})", f"{np.size(arrival)} values"))
    mu = 1000.0 / service_time_ms
    load = np.asarray(arrival) / mu
    wait = np.asarray(erlang_c(servers, load))
    theta = servers * mu - np.asarray(arrival)
    stable = theta > 0
    theta_safe = np.where(stable, theta, 1.0)
    tail = (1 - wait) * np.exp(-mu * t) + wait * _hypoexponential_tail(theta_safe, mu, t)
    tail = np.clip(np.where(stable, tail, 1.0), 0.0, 1.0)
    return float(tail) if np.ndim(tail) == 0 else tail


@dataclass(frozen=True)
class QueueMetrics:
    """Result of :func:`mmc_metrics` (all times in milliseconds).

    ``utilisation`` = lambda / (c mu); ``erlang_c`` = P(wait > 0);
    ``mean_wait_ms`` = C / (c mu - lambda); ``mean_response_ms`` = wait +
    service. Unstable queues (utilisation >= 1) report ``inf`` times.
    """

    servers: int
    arrival_rate_rps: float
    service_time_ms: float
    utilisation: float
    erlang_c: float
    mean_wait_ms: float
    mean_response_ms: float


def mmc_metrics(*, arrival_rate_rps, service_time_ms, servers) -> QueueMetrics:
    """Utilisation, probability of waiting and mean latencies of an M/M/c queue.

    Parameters
    ----------
    arrival_rate_rps : float
        Arrival rate in requests per second, in [0, 1e9].
    service_time_ms : float
        Mean service time per request on one server, in milliseconds, in
        (0, 86,400,000].
    servers : int
        Number of servers, 1 .. 10**6.

    Returns
    -------
    QueueMetrics

    Raises
    ------
    TypeError, ValueError
        As :func:`mmc_response_time_tail`.

    Notes
    -----
    ``E[W] = C(c, a) / (c mu - lambda)``; for M/M/1 this is
    ``rho / (mu - lambda)``.

    Examples
    --------
    M/M/1, 5 req/s, 100 ms service: rho = 0.5, E[W] = 0.5 / (10 - 5) s = 100 ms.

    >>> m = mmc_metrics(arrival_rate_rps=5, service_time_ms=100, servers=1)
    >>> m.utilisation, round(m.mean_wait_ms, 9), round(m.mean_response_ms, 9)
    (0.5, 100.0, 200.0)
    """
    arrival, service_time_ms, servers = _queue_inputs(arrival_rate_rps, service_time_ms,
                                                      servers)
    check_real("arrival_rate_rps", arrival_rate_rps, scalar=True)
    mu = 1000.0 / service_time_ms
    utilisation = arrival / (servers * mu)
    wait = erlang_c(servers, arrival / mu)
    mean_wait_ms = (1000.0 * wait / (servers * mu - arrival) if utilisation < 1 else math.inf)
    return QueueMetrics(servers=servers, arrival_rate_rps=arrival,
                        service_time_ms=service_time_ms, utilisation=round(utilisation, 15),
                        erlang_c=wait, mean_wait_ms=mean_wait_ms,
                        mean_response_ms=mean_wait_ms + service_time_ms)


@dataclass(frozen=True)
class CapacityPlan:
    """Result of :func:`capacity_needed`.

    Attributes
    ----------
    servers : int
        Fewest servers meeting the latency SLO at ``arrival_rate_rps`` (N).
    servers_with_headroom : int
        ``servers + headroom_servers`` (N+2 survives one planned and one
        unplanned loss of a server).
    headroom_servers : int
    arrival_rate_rps, service_time_ms, latency_threshold_ms, latency_target : float
        The inputs.
    offered_load_erlangs : float
        ``lambda x mean service time``.
    utilisation : float
        At ``servers``.
    latency_attainment : float
        Share of requests under the threshold at ``servers`` (>= target).
    latency_attainment_with_one_less : float or None
        The same with ``servers - 1`` (below target, or unstable); ``None``
        when ``servers == 1``.
    """

    servers: int
    servers_with_headroom: int
    headroom_servers: int
    arrival_rate_rps: float
    service_time_ms: float
    latency_threshold_ms: float
    latency_target: float
    offered_load_erlangs: float
    utilisation: float
    latency_attainment: float
    latency_attainment_with_one_less: float | None


def capacity_needed(arrival_rate_rps, *, service_time_ms, latency_threshold_ms,
                    latency_target, headroom_servers=0, max_servers=1_000_000) -> CapacityPlan:
    """Fewest servers that keep a latency SLO at a given (peak) arrival rate.

    Adds servers to an M/M/c model until the share of requests answered
    within ``latency_threshold_ms`` reaches ``latency_target``; then adds
    ``headroom_servers`` (2 for the N+2 rule).

    Parameters
    ----------
    arrival_rate_rps : float
        Peak arrival rate to plan for, in requests per second, in [0, 1e9],
        e.g. from :func:`forecast_peak_rps`.
    service_time_ms : float
        Mean service time of one request on one server, in ms, in
        (0, 86,400,000] (a day).
    latency_threshold_ms : float
        The latency SLO's threshold, in ms, in (0, 86,400,000].
    latency_target : float
        Required share of requests under the threshold, a fraction in (0, 1).
    headroom_servers : int, default 0
        Extra servers on top (N+2: ``headroom_servers=2``).
    max_servers : int, default 1000000
        Give up above this many.

    Returns
    -------
    CapacityPlan

    Raises
    ------
    TypeError, ValueError
        Invalid inputs; a target that no number of servers can reach (even
        without queueing only ``1 - exp(-t/s)`` of requests finish within
        ``t`` when the mean service time is ``s``); or more than
        ``max_servers`` needed.

    Notes
    -----
    The attainment ``1 - P(T > t)`` (:func:`mmc_response_time_tail`) grows
    with every added server, so the first ``c`` that reaches the target is
    the answer; the search walks the Erlang B recursion once (``O(c)``).
    Real services are not exactly M/M/c (service times are not exponential;
    load balancing is not one shared queue), so validate against a load test.
    The N+2 rule is from *Site Reliability Engineering* (2016), ch. 18
    (Auxon: "this service must be N + 2 per continent").

    Examples
    --------
    M/M/1 at 5 req/s with 100 ms service meets "63 % under 200 ms" (1 - e^-1 = 0.632):

    >>> plan = capacity_needed(5, service_time_ms=100, latency_threshold_ms=200,
    ...                        latency_target=0.63)
    >>> plan.servers, plan.servers_with_headroom
    (1, 1)
    >>> capacity_needed(5, service_time_ms=100, latency_threshold_ms=200,
    ...                 latency_target=0.63, headroom_servers=2).servers_with_headroom
    3
    """
    arrival = check_real("arrival_rate_rps", arrival_rate_rps, low=0, high=_MAX_RPS,
                         scalar=True)
    service_time_ms = check_real("service_time_ms", service_time_ms, low=0, low_open=True,
                                 high=_MAX_SERVICE_MS, scalar=True)
    threshold_ms = check_real("latency_threshold_ms", latency_threshold_ms, low=0,
                              low_open=True, high=_MAX_SERVICE_MS, scalar=True)
    target = check_fraction("latency_target", latency_target, scalar=True)
    headroom = check_int("headroom_servers", headroom_servers, low=0, high=1_000_000)
    max_servers = check_int("max_servers", max_servers, low=1, high=100_000_000)
    mu = 1000.0 / service_time_ms
    t = threshold_ms / 1000.0
    best = -math.expm1(-mu * t)
    if best <= target:
        raise ValueError(
            f"latency_target must be below {best:.6g}, the share of requests that finish "
            f"within {threshold_ms:g} ms even with no queueing (mean service time "
            f"{service_time_ms:g} ms); got {target!r}. Lower the target, raise the threshold "
            "or make requests faster.")
    load = arrival / mu

    def attainment(c: int, b: float) -> float:
        if load >= c:
            return 0.0
        wait = c * b / (c - load * (1 - b))
        return 1 - ((1 - wait) * math.exp(-mu * t)
                    + wait * float(_hypoexponential_tail(c * mu - arrival, mu, t)))

    b, previous = 1.0, None
    for c in range(1, max_servers + 1):
        b = load * b / (c + load * b)
        current = attainment(c, b)
        if current >= target:
            return CapacityPlan(
                servers=c, servers_with_headroom=c + headroom, headroom_servers=headroom,
                arrival_rate_rps=arrival, service_time_ms=service_time_ms,
                latency_threshold_ms=threshold_ms, latency_target=target,
                offered_load_erlangs=load, utilisation=load / c, latency_attainment=current,
                latency_attainment_with_one_less=previous)
        previous = current
    raise ValueError(message("max_servers", f"enough for the load ({load:.6g} erlangs)",
                             max_servers, "Raise max_servers or check the units."))
