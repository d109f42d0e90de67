"""Cost forecasts: growth fitted from history, with seasonality, events and an honest band.

The course outline forecasts next year's observability bill as
``cost x e^(0.02 month)`` and calls it "2 % monthly growth". Continuous growth
of 0.02 a month is ``e^0.02 - 1 = 2.0201 %`` a month (2 % compounding monthly
is ``1.02^m``); the formula also has no weekly cycle, no Black Friday and no
uncertainty. This module shows that formula, then fits growth from MicroCorp's
own history and forecasts calendar months with a prediction band, budget
alerts on the forecast spend, and a backtest.

Public names
------------
===========================  =================================================
``outline_cost_forecast``    the outline's ``cost x e^(rate x month)``, months 1..n
``compound_cost_forecast``   ``cost x (1 + g)^month``: growth of g a month compounding
``MICROCORP_EVENTS``         MicroCorp's traffic events (Black Friday, Cyber Monday)
                             with their dates in 2025 and 2026
``daily_cost``               ``sl.monthly_bill`` spread over the days of each
                             month: fixed (licences, series) and variable USD
``monthly_cost``             daily costs summed to calendar months (complete or not)
``fit_cost_growth``          log-linear growth + weekday cycle + events, fitted by OLS
                             to the variable cost; fixed cost carried forward
``CostGrowthFit``            its frozen result
``forecast_cost``            monthly spend ahead: median, band, P(over budget), alert
``backtest_cost_forecast``   rolling-origin backtest against the outline and a naive rule
===========================  =================================================

What one year of daily costs can and cannot identify
----------------------------------------------------
* **Can:** the growth rate (365 days of trend), the weekday cycle (52 of each
  weekday), the days in each month (the calendar is known, not estimated), and
  the *size* of an event seen in the history, from its single occurrence.
* **Cannot:** an annual seasonal pattern. Each calendar month appears once, so
  a "summer dip" cannot be told from noise or from a bend in the trend. Nor
  can it tell whether a one-off event recurs at the same size, whether growth
  stays exponential beyond the data, or what a new feature adds: those are
  assumptions (``events``) or scenarios (``step_changes``) the forecaster
  states, not things the fit finds.

Notebook ``notebooks/04_cost/3b_cost_forecasts_with_growth_and_seasonality``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_fraction, check_int, check_real, message

__all__ = [
    "outline_cost_forecast",
    "compound_cost_forecast",
    "MICROCORP_EVENTS",
    "daily_cost",
    "monthly_cost",
    "fit_cost_growth",
    "CostGrowthFit",
    "forecast_cost",
    "backtest_cost_forecast",
]

_DAYS_PER_MONTH = 365.25 / 12  # the average month the growth rates are quoted in
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

MICROCORP_EVENTS = pd.DataFrame({
    "event": ["Black Friday", "Cyber Monday", "Black Friday", "Cyber Monday"],
    "date": pd.to_datetime(["2025-11-28", "2025-12-01", "2026-11-27", "2026-11-30"], utc=True),
})
"""MicroCorp's traffic events, one row per occurrence (``event``, ``date`` UTC).

Black Friday is the day after US Thanksgiving (the fourth Thursday of
November); Cyber Monday the Monday after. The 2025 occurrences are in
``sl.load_daily_history()`` (x2.2 and x1.7 on checkout, payment and search,
``datasets/README.md``); the 2026 ones are the future dates a forecast needs.

Examples
--------
>>> MICROCORP_EVENTS["date"].dt.strftime("%a %Y-%m-%d").tolist()
['Fri 2025-11-28', 'Mon 2025-12-01', 'Fri 2026-11-27', 'Mon 2026-11-30']
"""


# --------------------------------------------------------------------------- the outline

def _months(months: Any) -> int:
    return check_int("months", months, low=1, high=1200)


def outline_cost_forecast(initial_cost_usd, growth_rate, *, months=12) -> np.ndarray:
    """Return the course outline's forecast ``initial_cost_usd x e^(growth_rate x m)``, m = 1..months.

    Exactly the outline's loop (``current_cost * math.e ** (growth_rate * month)``),
    vectorized. Kept to be shown and corrected: ``growth_rate`` is a
    *continuous* rate, so the cost grows by ``e^growth_rate - 1`` a month
    (2.0201 % for 0.02, not 2 %), and the result has no seasonality, no events
    and no uncertainty.

    Parameters
    ----------
    initial_cost_usd : float
        This month's cost in USD, ``>= 0``.
    growth_rate : float
        Continuous growth per month (the outline uses 0.02), between -1 and 1.
    months : int, default 12
        Months to forecast (1 .. 1200).

    Returns
    -------
    numpy.ndarray
        ``months`` costs in USD, for months 1..``months`` after now.

    Raises
    ------
    TypeError, ValueError
        A value that is not a number, or out of range.

    See Also
    --------
    compound_cost_forecast : what "2 % a month" means, ``(1 + g)^m``.
    forecast_cost : growth fitted from history, with a band.

    Examples
    --------
    >>> [round(float(x), 2) for x in outline_cost_forecast(5000, 0.02, months=2)]
    [5101.01, 5204.05]
    >>> round(math.exp(0.02) - 1, 6)   # the monthly growth it really is
    0.020201
    """
    cost = check_real("initial_cost_usd", initial_cost_usd, low=0, high=1e15, scalar=True)
    rate = check_real("growth_rate", growth_rate, low=-1, high=1, scalar=True)
    m = np.arange(1, _months(months) + 1)
    return cost * np.exp(rate * m)


def compound_cost_forecast(initial_cost_usd, growth_per_month, *, months=12) -> np.ndarray:
    """Return ``initial_cost_usd x (1 + growth_per_month)^m``, m = 1..months.

    "Grows 2 % a month" means each month is 1.02 times the one before.

    Parameters
    ----------
    initial_cost_usd : float
        This month's cost in USD, ``>= 0``.
    growth_per_month : float
        Relative growth per month as a fraction (0.02 = 2 %), in (-1, 1].
    months : int, default 12

    Returns
    -------
    numpy.ndarray
        ``months`` costs in USD.

    Examples
    --------
    >>> [round(float(x), 2) for x in compound_cost_forecast(5000, 0.02, months=2)]
    [5100.0, 5202.0]
    """
    cost = check_real("initial_cost_usd", initial_cost_usd, low=0, high=1e15, scalar=True)
    growth = check_real("growth_per_month", growth_per_month, low=-1, high=1, low_open=True,
                        scalar=True)
    m = np.arange(1, _months(months) + 1)
    return cost * (1.0 + growth) ** m


# --------------------------------------------------------------------------- inputs

def _daily(name: str, daily: Any, *, min_days: int = 28, column: str = "usd") -> pd.Series:
    """A daily cost frame -> a float Series of USD (``column``) on a UTC daily DatetimeIndex."""
    rule = "a DataFrame with a 'usd' column and one row per day (a 'date' column or a DatetimeIndex)"
    if not isinstance(daily, pd.DataFrame):
        raise TypeError(message(name, rule, type(daily).__name__))
    if "usd" not in daily.columns:
        raise ValueError(message(name, rule, f"a DataFrame with columns {[str(c) for c in daily.columns]}"))
    if isinstance(daily.index, pd.DatetimeIndex):
        dates = daily.index
    elif "date" in daily.columns:
        try:
            dates = pd.DatetimeIndex(pd.to_datetime(daily["date"], utc=True))
        except (TypeError, ValueError, OverflowError):
            raise ValueError(message(f"{name}['date']", "dates", "values pandas cannot read as dates")) from None
    else:
        raise ValueError(message(name, rule, "a DataFrame without dates"))
    if dates.tz is None:
        dates = dates.tz_localize("UTC")
    else:
        dates = dates.tz_convert("UTC")
    if dates.isna().any():
        raise ValueError(message(f"{name} dates", "present on every row", "a missing date"))
    dates = dates.as_unit("ns")
    try:
        usd = pd.to_numeric(daily[column]).to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise TypeError(message(f"{name}[{column!r}]", "numbers", "a column that is not numeric")) from None
    if len(usd) < min_days:
        raise ValueError(message(name, f"at least {min_days} days long", f"{len(usd)} rows"))
    bad = ~np.isfinite(usd) | (usd <= 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(message(f"{name}[{column!r}]", "a positive cost on every day",
                                 f"{usd[row]!r} in row {row}"))
    steps = np.diff(dates.normalize().asi8) if len(dates) > 1 else np.array([])
    day_ns = pd.Timedelta(days=1).value
    if dates.normalize().asi8[0] != dates.asi8[0] or (steps != day_ns).any():
        raise ValueError(message(name, "one row per UTC day, sorted, without gaps or repeats",
                                 "rows out of order, repeated or missing days"))
    return pd.Series(usd, index=pd.DatetimeIndex(dates, name="date"), name="usd")


def _events(events: Any) -> pd.DataFrame:
    if events is None:
        return pd.DataFrame({"event": pd.Series(dtype=object), "date": pd.Series(dtype="datetime64[ns, UTC]")})
    rule = "None or a DataFrame with the columns 'event' and 'date' (like sl.MICROCORP_EVENTS)"
    if not isinstance(events, pd.DataFrame):
        raise TypeError(message("events", rule, type(events).__name__))
    if not {"event", "date"} <= set(events.columns):
        raise ValueError(message("events", rule, f"columns {[str(c) for c in events.columns]}"))
    if not all(isinstance(e, str) and e for e in events["event"]):
        raise ValueError(message("events['event']", "non-empty names", list(events["event"])[:5]))
    try:
        dates = pd.to_datetime(events["date"], utc=True).dt.normalize()
    except (TypeError, ValueError, OverflowError):
        raise ValueError(message("events['date']", "dates", "values pandas cannot read as dates")) from None
    if dates.isna().any():
        raise ValueError(message("events['date']", "a date on every row", "a missing date"))
    return pd.DataFrame({"event": events["event"].astype(str).to_numpy(),
                         "date": pd.DatetimeIndex(dates).as_unit("ns")})


_VARIABLE = ("ingest", "query", "storage_hot", "storage_warm", "storage_cold")


def daily_cost(volumes=None, *, prices=None, retention_days=None) -> pd.DataFrame:
    """Spread each month's bill (``sl.monthly_bill``) over its days: fixed and variable USD.

    ``sl.monthly_bill`` prices whole months. A forecast wants days (the
    weekday cycle and Black Friday live there), so each month's
    volume-driven charges (ingest, queries, storage) are shared among its
    days in proportion to the bytes of logs and spans sent that day, and its
    fixed charges (per-host licences, metric series) evenly. Summing the days
    of a month gives the month's bill back exactly.

    Parameters
    ----------
    volumes : pandas.DataFrame, optional
        From ``sl.telemetry_volumes`` (default: a year of MicroCorp at INFO).
    prices : pandas.DataFrame or dict, optional
        Passed to ``sl.monthly_bill`` (a modified copy of ``sl.PRICES``).
    retention_days : dict, optional
        Passed to ``sl.monthly_bill``.

    Returns
    -------
    pandas.DataFrame
        One row per UTC day: ``date``, ``fixed_usd``, ``variable_usd``, ``usd``.

    Raises
    ------
    TypeError, ValueError
        As ``sl.monthly_bill``.

    Examples
    --------
    >>> d = daily_cost()
    >>> len(d), round(float(d["usd"].sum()), 2) == round(float(
    ...     __import__("sre_lab").monthly_bill(__import__("sre_lab").telemetry_volumes())["usd"].sum()), 2)
    (365, True)
    """
    from .prices import monthly_bill
    from .telemetry import telemetry_volumes

    if volumes is None:
        volumes = telemetry_volumes()
    bill = monthly_bill(volumes, prices=prices, retention_days=retention_days)
    if len(volumes) == 0:
        raise ValueError(message("volumes", "a non-empty DataFrame", "an empty DataFrame"))
    dates = pd.to_datetime(volumes["date"], utc=True).dt.floor("D")
    pushed = volumes["signal"].astype(str).isin(["logs", "spans"]).to_numpy()
    day_bytes = pd.Series(np.where(pushed, volumes["bytes"].to_numpy(dtype=float), 0.0),
                          index=pd.DatetimeIndex(dates)).groupby(level=0).sum()
    day_bytes.index = pd.DatetimeIndex(day_bytes.index).as_unit("ns")
    month_of_day = day_bytes.index.strftime("%Y-%m")
    variable = bill[bill["component"].isin(_VARIABLE)].groupby("month")["usd"].sum()
    fixed = bill[~bill["component"].isin(_VARIABLE)].groupby("month")["usd"].sum()
    month_bytes = day_bytes.groupby(month_of_day).transform("sum").to_numpy()
    month_days = pd.Series(1, index=day_bytes.index).groupby(month_of_day).transform("sum").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(month_bytes > 0, day_bytes.to_numpy() / np.where(month_bytes > 0, month_bytes, 1),
                         1.0 / month_days)
    variable_usd = variable.reindex(month_of_day).fillna(0.0).to_numpy() * share
    fixed_usd = fixed.reindex(month_of_day).fillna(0.0).to_numpy() / month_days
    return pd.DataFrame({"date": day_bytes.index, "fixed_usd": fixed_usd, "variable_usd": variable_usd,
                         "usd": fixed_usd + variable_usd})


def monthly_cost(daily) -> pd.DataFrame:
    """Sum daily costs to calendar months (UTC).

    Parameters
    ----------
    daily : pandas.DataFrame
        One row per UTC day: ``date`` (or a DatetimeIndex) and ``usd``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` (the first day, UTC); columns ``days`` (days with
        data), ``days_in_month``, ``complete`` (every day present) and ``usd``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"date": pd.date_range("2026-01-30", periods=5, tz="UTC"), "usd": 10.0})
    >>> monthly_cost(d)[["days", "complete", "usd"]].values.tolist()
    [[2, False, 20.0], [3, False, 30.0]]
    """
    usd = _daily("daily", daily, min_days=1)
    month = pd.DatetimeIndex(usd.index.tz_localize(None).to_period("M").to_timestamp()).tz_localize("UTC")
    grouped = pd.DataFrame({"usd": usd.to_numpy(), "month": month}).groupby("month", sort=True)
    out = pd.DataFrame({"days": grouped.size(), "usd": grouped["usd"].sum()})
    out.insert(1, "days_in_month", out.index.days_in_month)
    out.insert(2, "complete", out["days"] == out["days_in_month"])
    out.index.name = "month"
    return out


# --------------------------------------------------------------------------- the fit

@dataclass(frozen=True, eq=False)
class CostGrowthFit:
    """Result of :func:`fit_cost_growth`: ``log usd_t = a + b t + s[weekday] + sum e_k event_k + noise``.

    Attributes
    ----------
    start : pandas.Timestamp
        Day ``t = 0`` (the first day of the history).
    end : pandas.Timestamp
        The last day of the history.
    n_days : int
        Days fitted.
    growth_per_day : float
        ``b``, the log-growth per day.
    weekday_factors : dict
        ``{"Mon": ..., "Sun": ...}``, multiplicative, geometric mean 1.
    event_factors : dict
        ``{event: factor}`` for each event seen in the history (estimated from
        its occurrences there: one each in a year).
    residual_std : float
        Standard deviation of the log residuals.
    coefficients : numpy.ndarray
        ``[a, b, s_Mon .. s_Sat, e_1 ..]`` (``s_Sun = -sum`` of the others).
    covariance : numpy.ndarray
        Estimated covariance of the coefficients, ``s^2 (X'X)^-1``.
    events : pandas.DataFrame
        The events table used (its future dates are applied by
        :func:`forecast_cost`).
    fixed_usd_per_month : float
        Fixed charges of a month (licences, series) carried forward unchanged:
        those of the last complete month when ``daily`` splits ``fixed_usd``
        from ``variable_usd``, else 0 (the whole ``usd`` is fitted).
    """

    start: pd.Timestamp
    end: pd.Timestamp
    n_days: int
    growth_per_day: float
    weekday_factors: dict
    event_factors: dict
    residual_std: float
    coefficients: np.ndarray
    covariance: np.ndarray
    events: pd.DataFrame
    fixed_usd_per_month: float = 0.0

    @property
    def growth_per_month(self) -> float:
        """Relative growth per average month (365.25 / 12 days), ``exp(b x 30.44) - 1``."""
        return math.expm1(self.growth_per_day * _DAYS_PER_MONTH)

    @property
    def growth_per_year(self) -> float:
        """Relative growth over 365 days, ``exp(365 b) - 1``."""
        return math.expm1(self.growth_per_day * 365)

    @property
    def growth_per_month_interval(self) -> tuple[float, float]:
        """95 % interval of :attr:`growth_per_month` from the coefficient's standard error."""
        se = math.sqrt(self.covariance[1, 1])
        return (math.expm1((self.growth_per_day - 1.96 * se) * _DAYS_PER_MONTH),
                math.expm1((self.growth_per_day + 1.96 * se) * _DAYS_PER_MONTH))


def _design(days: np.ndarray, dates: pd.DatetimeIndex, names: list[str],
            events: pd.DataFrame) -> np.ndarray:
    weekdays = dates.day_of_week.to_numpy()
    effects = (weekdays[:, None] == np.arange(6)).astype(float)
    effects[weekdays == 6] = -1.0
    columns = [np.ones(len(days)), days.astype(float), effects]
    day_values = dates.normalize().as_unit("ns").asi8
    for name in names:
        stamps = pd.DatetimeIndex(events.loc[events["event"] == name, "date"]).as_unit("ns").asi8
        columns.append(np.isin(day_values, stamps).astype(float))
    return np.column_stack(columns)


def fit_cost_growth(daily, *, events=MICROCORP_EVENTS) -> CostGrowthFit:
    """Fit exponential cost growth with a weekday cycle and one-day events to daily costs.

    Cost grows by a percentage, so the trend is fitted to the logarithm of the
    daily cost; weekday factors absorb the weekly cycle and one indicator per
    event (Black Friday ...) its jump, so neither bends the trend.

    Parameters
    ----------
    daily : pandas.DataFrame
        One row per UTC day, no gaps: ``date`` (or a DatetimeIndex) and ``usd``
        > 0; at least 28 days (a year is better). With ``fixed_usd`` and
        ``variable_usd`` (as :func:`daily_cost` returns), only the variable
        part is fitted and the fixed part of the last complete month is
        carried forward: licences do not grow with traffic.
    events : pandas.DataFrame or None, default :data:`MICROCORP_EVENTS`
        Columns ``event`` and ``date``. Events with a date in the history get
        a factor; their other dates are where :func:`forecast_cost` applies it.

    Returns
    -------
    CostGrowthFit

    Raises
    ------
    TypeError, ValueError
        Not a frame, no ``usd``, gaps, a cost <= 0, fewer than 28 days, a bad
        events table.

    Notes
    -----
    Ordinary least squares on ``log usd_t = a + b t + s_weekday(t) + sum_k e_k
    [t is event k] + eps_t`` with effect-coded weekdays (they sum to 0). An
    event seen once is fitted exactly: its factor is that day's ratio to the
    model, so its uncertainty is that of a single day. Residuals of real costs
    are autocorrelated, so the band is, if anything, too narrow; the backtest
    (:func:`backtest_cost_forecast`) checks it. Hyndman & Athanasopoulos,
    *Forecasting: Principles and Practice* (3rd ed.), ch. 7.

    Examples
    --------
    A cost that grows exactly 1 % a day, with one event day at twice the trend:

    >>> import numpy as np, pandas as pd
    >>> days = pd.date_range("2026-01-05", periods=56, tz="UTC")
    >>> usd = 100 * np.exp(0.01 * np.arange(56))
    >>> usd[30] *= 2
    >>> ev = pd.DataFrame({"event": ["launch"], "date": [days[30]]})
    >>> fit = fit_cost_growth(pd.DataFrame({"date": days, "usd": usd}), events=ev)
    >>> round(fit.growth_per_day, 6), round(fit.event_factors["launch"], 6)
    (0.01, 2.0)
    """
    split = isinstance(daily, pd.DataFrame) and {"fixed_usd", "variable_usd"} <= set(daily.columns)
    usd = _daily("daily", daily, column="variable_usd" if split else "usd")
    fixed_per_month = 0.0
    if split:
        try:
            fixed = pd.to_numeric(daily["fixed_usd"]).to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise TypeError(message("daily['fixed_usd']", "numbers", "a column that is not numeric")) from None
        if not np.isfinite(fixed).all() or (fixed < 0).any():
            raise ValueError(message("daily['fixed_usd']", "a cost >= 0 on every day", "negative or missing"))
        month = usd.index.strftime("%Y-%m")
        per_month = pd.Series(fixed).groupby(month).agg(["sum", "size"])
        full = per_month["size"].to_numpy() == pd.DatetimeIndex(pd.to_datetime(per_month.index)).days_in_month
        fixed_per_month = float(per_month["sum"][full].iloc[-1] if full.any() else
                                per_month["sum"].iloc[-1] / per_month["size"].iloc[-1] * 30)
    table = _events(events)
    dates = usd.index
    day_values = dates.normalize().asi8
    seen = table[np.isin(pd.DatetimeIndex(table["date"]).as_unit("ns").asi8, day_values)]
    names = list(dict.fromkeys(seen["event"]))
    n = len(usd)
    design = _design(np.arange(n), dates, names, table)
    target = np.log(usd.to_numpy())
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    residuals = target - design @ coefficients
    dof = n - np.linalg.matrix_rank(design)
    residual_std = float(np.sqrt(residuals @ residuals / dof)) if dof > 0 else 0.0
    covariance = residual_std ** 2 * np.linalg.pinv(design.T @ design)
    weekday = np.r_[coefficients[2:8], -coefficients[2:8].sum()]
    return CostGrowthFit(
        start=dates[0], end=dates[-1], n_days=n,
        growth_per_day=float(coefficients[1]),
        weekday_factors={d: float(np.exp(e)) for d, e in zip(_WEEKDAYS, weekday)},
        event_factors={name: float(np.exp(c)) for name, c in zip(names, coefficients[8:])},
        residual_std=residual_std, coefficients=coefficients, covariance=covariance,
        events=table, fixed_usd_per_month=fixed_per_month,
    )


# --------------------------------------------------------------------------- forecast

def _step_changes(step_changes: Any) -> list[tuple[pd.Timestamp, float]]:
    if step_changes is None:
        return []
    rule = "None or a dict {date: multiplier > 0} (e.g. {'2027-03-01': 1.15} for a launch)"
    if not isinstance(step_changes, dict):
        raise TypeError(message("step_changes", rule, type(step_changes).__name__))
    out = []
    for day, factor in step_changes.items():
        try:
            stamp = pd.Timestamp(day)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(message("step_changes", rule, step_changes)) from None
        if pd.isna(stamp):
            raise ValueError(message("step_changes", rule, step_changes))
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        out.append((stamp.normalize(),
                    check_real("step_changes", factor, low=0, high=1e6, low_open=True, scalar=True)))
    return out


def _check_fit(fit: Any) -> CostGrowthFit:
    if not isinstance(fit, CostGrowthFit):
        raise TypeError(message("fit", "a CostGrowthFit from sl.fit_cost_growth", type(fit).__name__))
    return fit


def _first_forecast_month(fit: CostGrowthFit) -> pd.Timestamp:
    """The first calendar month after the last complete month of the history."""
    end = fit.end
    next_day = end + pd.Timedelta(days=1)
    first_of_next = pd.Timestamp(year=end.year, month=end.month, day=1, tz="UTC")
    if next_day.month != end.month:              # history ends on a month's last day
        return first_of_next + pd.offsets.MonthBegin(1)
    return first_of_next                          # the month in progress is forecast whole


def _simulate(fit: CostGrowthFit, dates: pd.DatetimeIndex, n_paths: int,
              rng: np.random.Generator) -> np.ndarray:
    """Daily cost paths, shape (n_paths, days): parameter draws + daily noise."""
    names = list(fit.event_factors)
    days = ((dates - fit.start) / pd.Timedelta(days=1)).to_numpy()
    design = _design(days, dates, names, fit.events)
    k = len(fit.coefficients)
    covariance = (fit.covariance + fit.covariance.T) / 2
    eigval, eigvec = np.linalg.eigh(covariance)
    root = eigvec * np.sqrt(np.clip(eigval, 0, None))
    coefficients = fit.coefficients + rng.standard_normal((n_paths, k)) @ root.T
    log_cost = coefficients @ design.T
    log_cost += fit.residual_std * rng.standard_normal(log_cost.shape)
    return np.exp(log_cost)


def forecast_cost(fit, *, horizon_months=12, interval=0.8, budget_usd=None,
                  alert_probability=0.5, step_changes=None, n_paths=2000, rng=0) -> pd.DataFrame:
    """Forecast monthly spend from a :class:`CostGrowthFit`, with a band and budget alerts.

    Daily costs are simulated ``n_paths`` times (the fitted trend, weekday
    cycle and future event dates, with the coefficients' uncertainty and the
    day-to-day noise), summed to calendar months, and summarised.

    Parameters
    ----------
    fit : CostGrowthFit
        From :func:`fit_cost_growth`.
    horizon_months : int, default 12
        Calendar months to forecast (1 .. 60). The first is the month in
        progress at the end of the history (forecast whole) or, if the
        history ends on a month's last day, the next one.
    interval : float, default 0.8
        Central prediction interval, as a fraction.
    budget_usd : float or None
        Monthly budget; adds ``p_over_budget`` (share of paths above it) and
        ``alert`` (``p_over_budget >= alert_probability``).
    alert_probability : float, default 0.5
        How sure the forecast must be that a month overspends to alert.
    step_changes : dict or None
        ``{date: multiplier}``: from that date on, costs are multiplied (a new
        feature, a sampling change). A scenario, not something the fit knows.
    n_paths : int, default 2000
        Simulated paths (100 .. 20,000).
    rng : int, numpy.random.Generator or None, default 0

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` (first day, UTC): ``days``, ``usd`` (median),
        ``lower``, ``upper`` and, with a budget, ``budget_usd``,
        ``p_over_budget``, ``alert``.

    Raises
    ------
    TypeError, ValueError
        Not a fit, or options out of range.

    Notes
    -----
    The band includes the uncertainty of the growth rate, which widens it the
    further ahead the month, and the daily noise (which mostly averages out in
    a month). It does **not** include what a year of data cannot identify: an
    annual seasonal pattern, whether events recur at the size seen once, or
    new features (see the module notes).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> days = pd.date_range("2026-01-01", periods=59, tz="UTC")      # Jan + Feb
    >>> d = pd.DataFrame({"date": days, "usd": 100.0})
    >>> f = forecast_cost(fit_cost_growth(d, events=None), horizon_months=2, budget_usd=3050)
    >>> f.index.strftime("%Y-%m").tolist(), [round(x) for x in f["usd"]], f["alert"].tolist()
    (['2026-03', '2026-04'], [3100, 3000], [True, False])
    """
    fit = _check_fit(fit)
    horizon_months = check_int("horizon_months", horizon_months, low=1, high=60)
    interval = check_fraction("interval", interval, scalar=True)
    n_paths = check_int("n_paths", n_paths, low=100, high=20_000)
    alert_probability = check_fraction("alert_probability", alert_probability, scalar=True)
    if budget_usd is not None:
        budget_usd = check_real("budget_usd", budget_usd, low=0, high=1e15, low_open=True, scalar=True)
    steps = _step_changes(step_changes)
    from .._windows import check_rng

    generator = check_rng(rng)
    first = _first_forecast_month(fit)
    last = first + pd.offsets.MonthBegin(horizon_months)
    dates = pd.date_range(first, last - pd.Timedelta(days=1), freq="D")
    paths = _simulate(fit, dates, n_paths, generator)
    for day, factor in steps:
        paths[:, dates >= day] *= factor
    months = pd.DatetimeIndex(dates.tz_localize(None).to_period("M").to_timestamp()).tz_localize("UTC")
    codes, uniques = pd.factorize(months)
    totals = np.zeros((n_paths, len(uniques)))
    np.add.at(totals.T, codes, paths.T)
    low_q, high_q = (1 - interval) / 2, (1 + interval) / 2
    days_in = np.bincount(codes)
    totals += fit.fixed_usd_per_month * days_in / pd.DatetimeIndex(uniques).days_in_month.to_numpy()
    out = pd.DataFrame({
        "days": days_in,
        "usd": np.median(totals, axis=0),
        "lower": np.quantile(totals, low_q, axis=0),
        "upper": np.quantile(totals, high_q, axis=0),
    }, index=pd.DatetimeIndex(uniques, name="month"))
    if budget_usd is not None:
        out["budget_usd"] = budget_usd
        out["p_over_budget"] = (totals > budget_usd).mean(axis=0)
        out["alert"] = out["p_over_budget"] >= alert_probability
    return out


# --------------------------------------------------------------------------- backtest

def backtest_cost_forecast(daily, *, train_months=6, horizon_months=3, interval=0.8,
                           outline_growth_rate=0.02, events=MICROCORP_EVENTS, n_paths=1000,
                           rng=0) -> pd.DataFrame:
    """Backtest monthly cost forecasts from rolling origins against what happened.

    At the end of each complete month from the ``train_months``-th on, fit on
    the days so far and forecast the next complete months (up to
    ``horizon_months``); compare with the actual monthly sums, with the
    outline's ``last month x e^(rate x m)`` and with a naive "last month's
    cost per day" rule.

    Parameters
    ----------
    daily : pandas.DataFrame
        Daily costs as for :func:`fit_cost_growth`.
    train_months : int, default 6
        Complete months in the first training set (2 .. 60).
    horizon_months : int, default 3
        Months ahead to forecast from each origin (1 .. 12).
    interval : float, default 0.8
    outline_growth_rate : float, default 0.02
        The outline's continuous monthly rate.
    events : pandas.DataFrame or None, default :data:`MICROCORP_EVENTS`
    n_paths : int, default 1000
    rng : int, numpy.random.Generator or None, default 0

    Returns
    -------
    pandas.DataFrame
        One row per (origin, month): ``origin`` (last month trained on),
        ``month``, ``months_ahead``, ``actual_usd``, ``forecast_usd``,
        ``lower``, ``upper``, ``inside`` (actual within the band),
        ``outline_usd``, ``naive_usd``.

    Raises
    ------
    TypeError, ValueError
        As :func:`fit_cost_growth`; or too few complete months.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> days = pd.date_range("2026-01-01", periods=181, tz="UTC")     # Jan .. Jun
    >>> d = pd.DataFrame({"date": days, "usd": 100 * np.exp(0.001 * np.arange(181))})
    >>> bt = backtest_cost_forecast(d, train_months=4, horizon_months=2, events=None)
    >>> bt["months_ahead"].tolist(), round(float(bt["forecast_usd"].iloc[0] / bt["actual_usd"].iloc[0]), 6)
    ([1, 2, 1], 1.0)
    """
    usd = _daily("daily", daily)
    frame = daily.set_index(usd.index) if not isinstance(daily.index, pd.DatetimeIndex) else \
        daily.set_axis(usd.index)
    frame = frame.drop(columns=[c for c in ("date",) if c in frame.columns])
    train_months = check_int("train_months", train_months, low=2, high=60)
    horizon_months = check_int("horizon_months", horizon_months, low=1, high=12)
    interval = check_fraction("interval", interval, scalar=True)
    rate = check_real("outline_growth_rate", outline_growth_rate, low=-1, high=1, scalar=True)
    n_paths = check_int("n_paths", n_paths, low=100, high=20_000)
    table = _events(events)
    from .._windows import check_rng

    generator = check_rng(rng)
    months = monthly_cost(pd.DataFrame({"usd": usd}))
    complete = months[months["complete"]]
    if len(complete) < train_months + 1:
        raise ValueError(message("daily", f"at least {train_months + 1} complete months "
                                          f"(train_months={train_months} + 1 to test)",
                                 f"{len(complete)} complete months"))
    rows = []
    for i in range(train_months - 1, len(complete) - 1):
        origin = complete.index[i]
        end = origin + pd.offsets.MonthBegin(1)
        fit = fit_cost_growth(frame[frame.index < end], events=table)
        forecast = forecast_cost(fit, horizon_months=horizon_months, interval=interval,
                                 n_paths=n_paths, rng=generator)
        last = complete.loc[origin]
        for ahead, (month, row) in enumerate(forecast.iterrows(), start=1):
            if month not in complete.index:
                break
            actual = complete.loc[month]
            rows.append({
                "origin": origin, "month": month, "months_ahead": ahead,
                "actual_usd": float(actual["usd"]), "forecast_usd": float(row["usd"]),
                "lower": float(row["lower"]), "upper": float(row["upper"]),
                "inside": bool(row["lower"] <= actual["usd"] <= row["upper"]),
                "outline_usd": float(last["usd"] * math.exp(rate * ahead)),
                "naive_usd": float(last["usd"] / last["days"] * actual["days"]),
            })
    return pd.DataFrame(rows)
