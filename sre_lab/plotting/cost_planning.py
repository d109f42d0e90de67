"""Views of 04_cost/3* (platform SLO, cost forecasts, governance).

==============================  ================================================
``plot_platform_ingest``        the hub's records in per hour against its
                                capacity, rejected and throttled, events marked
``plot_cost_forecast``          monthly bills, the fitted forecast and its band,
                                the outline's curve, the budget and alert months
``plot_cardinality_budget``     active series per service against the budget
``plot_sprawl_audit``           the costliest unused metrics, cumulative share
==============================  ================================================

Each draws a result computed by :mod:`sre_lab.cost` (``simulate_platform``,
``forecast_cost``, ``cardinality_budget``, ``sprawl_audit``).
"""

from __future__ import annotations

import numpy as np

from .._validation import message
from ._style import COURSE_COLORS, _date_axis, _new_axes

__all__ = ["plot_platform_ingest", "plot_cost_forecast", "plot_cardinality_budget",
           "plot_sprawl_audit"]


def plot_platform_ingest(platform, *, events=None, ax=None, title=None):
    """Draw the hub's telemetry records per hour against the indexer's capacity.

    Parameters
    ----------
    platform : PlatformTraffic
        From ``sl.simulate_platform``.
    events : pandas.DataFrame, optional
        Rows with ``id``, ``started``, ``ended`` to shade and label (default
        ``sl.PLATFORM_EVENTS``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import sre_lab as sl
    >>> ax = plot_platform_ingest(sl.simulate_platform())
    >>> ax.get_ylabel()
    'records per minute (hourly mean)'
    """
    from ..cost.platform import PLATFORM_EVENTS, PlatformTraffic

    if not isinstance(platform, PlatformTraffic):
        raise TypeError(message("platform", "a PlatformTraffic from sl.simulate_platform",
                                type(platform).__name__))
    events = PLATFORM_EVENTS if events is None else events
    ax = _new_axes(ax, figsize=(9.0, 3.6))
    hourly = platform.ingest[["requests", "errors", "throttled"]].resample("60min").mean()
    sent = hourly["requests"] + hourly["throttled"]
    ax.plot(sent.index, sent.to_numpy(), color=COURSE_COLORS[0], linewidth=1.0, linestyle="-",
            label="records sent")
    ax.fill_between(hourly.index, 0, hourly["errors"].to_numpy(), color=COURSE_COLORS[1], alpha=0.9,
                    hatch="xx", edgecolor="white", linewidth=0.0, step="mid", label="rejected by the hub")
    worst = hourly["errors"].idxmax()
    if hourly["errors"].max() > 0:
        ax.annotate(f"up to {hourly['errors'].max():,.0f} rejected a minute (hourly mean)",
                    (worst, hourly["errors"].max()), xytext=(25, 30), textcoords="offset points",
                    fontsize=8, arrowprops={"arrowstyle": "->", "color": COURSE_COLORS[1]})
    if hourly["throttled"].sum() > 0:
        ax.fill_between(hourly.index, hourly["requests"].to_numpy(), sent.to_numpy(),
                        color=COURSE_COLORS[3], alpha=0.5, hatch="//", linewidth=0.0,
                        label="throttled (over quota)")
    ax.axhline(platform.capacity_records_per_minute, color="#000000", linestyle="--", linewidth=1.0,
               label="indexer capacity")
    top = float(max(sent.max(), platform.capacity_records_per_minute))
    for i, (_, row) in enumerate(events.iterrows()):
        ax.axvspan(row["started"], row["ended"], color="#999999", alpha=0.25, linewidth=0)
        ax.annotate(row["id"], (row["started"], top * (1.02 - 0.08 * (i % 2))), fontsize=8,
                    ha="right", va="bottom")
    from matplotlib.ticker import FuncFormatter

    ax.set_ylim(0, top * 1.12)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:,.0f}k"))
    ax.set_ylabel("records per minute (hourly mean)")
    ax.set_xlabel("date (UTC)")
    ax.set_title(title or "The hub's ingest: records sent per minute against capacity")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    _date_axis(ax)
    return ax


def plot_cost_forecast(history, forecast, *, outline=None, ax=None, title=None):
    """Draw monthly bills, the fitted forecast with its band, the outline's curve and the budget.

    Parameters
    ----------
    history : pandas.DataFrame
        ``sl.monthly_cost(...)``: index ``month``, columns ``usd`` and
        ``complete`` (incomplete months are drawn hollow).
    forecast : pandas.DataFrame
        ``sl.forecast_cost(...)``: ``usd``, ``lower``, ``upper`` and, with a
        budget, ``budget_usd`` and ``alert``.
    outline : array-like, optional
        The outline's forecast for the same months (``sl.outline_cost_forecast``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, pandas as pd, sre_lab as sl
    >>> d = pd.DataFrame({"date": pd.date_range("2026-01-01", periods=90, tz="UTC"), "usd": 100.0})
    >>> f = sl.forecast_cost(sl.fit_cost_growth(d, events=None), horizon_months=3)
    >>> plot_cost_forecast(sl.monthly_cost(d), f).get_ylabel()
    'USD per month'
    """
    import pandas as pd
    from matplotlib.ticker import FuncFormatter

    if not isinstance(history, pd.DataFrame) or not {"usd", "complete"} <= set(history.columns):
        raise TypeError(message("history", "a DataFrame from sl.monthly_cost", type(history).__name__))
    if not isinstance(forecast, pd.DataFrame) or not {"usd", "lower", "upper"} <= set(forecast.columns):
        raise TypeError(message("forecast", "a DataFrame from sl.forecast_cost", type(forecast).__name__))
    ax = _new_axes(ax, figsize=(9.0, 3.8))
    full = history[history["complete"]]
    part = history[~history["complete"]]
    if "days" in history.columns and "days_in_month" in history.columns:   # a 1-day month misleads
        part = part[part["days"] * 2 >= part["days_in_month"]]
    ax.plot(full.index, full["usd"], marker="o", color=COURSE_COLORS[0], linestyle="-",
            label="bill (complete month)")
    if len(part):
        ax.plot(part.index, part["usd"], marker="o", markerfacecolor="white", color=COURSE_COLORS[0],
                linestyle="none", label="bill (partial month, at least half)")
    ax.fill_between(forecast.index, forecast["lower"], forecast["upper"], color=COURSE_COLORS[5],
                    alpha=0.35, hatch="..", edgecolor="white", linewidth=0.0, label="forecast band")
    ax.plot(forecast.index, forecast["usd"], color=COURSE_COLORS[2], linestyle="--", marker="s",
            markersize=4, label="forecast (median)")
    if outline is not None:
        values = np.asarray(outline, dtype=float)
        if values.shape != (len(forecast),):
            raise ValueError(message("outline", f"{len(forecast)} values, one per forecast month",
                                     f"{values.shape}"))
        ax.plot(forecast.index, values, color=COURSE_COLORS[1], linestyle=":", marker="^",
                markersize=4, label="outline: bill x e^(0.02 m)")
    if "budget_usd" in forecast.columns:
        ax.axhline(float(forecast["budget_usd"].iloc[0]), color="#000000", linestyle="-.", linewidth=1.0,
                   label="monthly budget")
        alerts = forecast[forecast["alert"]]
        ax.plot(alerts.index, alerts["usd"], marker="X", markersize=9, color=COURSE_COLORS[1],
                linestyle="none", label="budget alert")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"${v:,.0f}"))
    ax.set_ylabel("USD per month")
    ax.set_xlabel("month")
    ax.set_title(title or "Observability bill: history, forecast and budget")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    return ax


def plot_cardinality_budget(table, *, ax=None, title=None):
    """Draw active series per service against each service's budget (horizontal bars).

    Parameters
    ----------
    table : pandas.DataFrame
        ``sl.cardinality_budget(...)``: index service; ``series``, ``budget``,
        ``over``, ``largest_metric``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd, sre_lab as sl
    >>> s = pd.DataFrame({"service": ["a", "b"], "metric": ["x", "y"], "series": [900, 100]})
    >>> plot_cardinality_budget(sl.cardinality_budget(s, budget_per_service=500)).get_xlabel()
    'active series'
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame) or not {"series", "budget", "over"} <= set(table.columns):
        raise TypeError(message("table", "a DataFrame from sl.cardinality_budget", type(table).__name__))
    ax = _new_axes(ax, figsize=(8.0, 0.6 + 0.55 * len(table)))
    y = np.arange(len(table))
    over = table["over"].to_numpy()
    ax.barh(y[~over], table["series"][~over], color=COURSE_COLORS[0], label="within budget")
    ax.barh(y[over], table["series"][over], color=COURSE_COLORS[1], hatch="//", label="over budget")
    ax.scatter(table["budget"], y, marker="|", s=400, color="#000000", label="budget", zorder=3)
    for i, (_, row) in enumerate(table.iterrows()):
        note = f"{row['series']:,.0f}" + (" OVER" if row["over"] else "")
        if "largest_metric" in table.columns:
            note += f"  (largest: {row['largest_metric']})"
        ax.annotate(note, (max(row["series"], row["budget"]), i), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, table.index.astype(str))
    ax.set_xlim(0, float(max(table["series"].max(), table["budget"].max())) * 1.9)
    ax.set_xlabel("active series")
    ax.set_title(title or "Cardinality budget per service")
    ax.legend(loc="lower right")
    return ax


def plot_sprawl_audit(audit, *, ax=None, title=None):
    """Draw the costliest unused metrics (USD per month), with the cumulative share.

    Parameters
    ----------
    audit : pandas.DataFrame
        ``sl.sprawl_audit(...)``: ``service``, ``metric``, ``usd_per_month``,
        ``cumulative_share``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"service": ["a"], "metric": ["x"], "usd_per_month": [5.0],
    ...                   "cumulative_share": [1.0]})
    >>> plot_sprawl_audit(a).get_xlabel()
    'USD per month'
    """
    import pandas as pd

    need = {"service", "metric", "usd_per_month", "cumulative_share"}
    if not isinstance(audit, pd.DataFrame) or not need <= set(audit.columns):
        raise TypeError(message("audit", "a DataFrame from sl.sprawl_audit", type(audit).__name__))
    ax = _new_axes(ax, figsize=(8.0, 0.8 + 0.4 * len(audit)))
    y = np.arange(len(audit))[::-1]
    ax.barh(y, audit["usd_per_month"], color=COURSE_COLORS[3], hatch="..", edgecolor="white")
    for yi, (_, row) in zip(y, audit.iterrows()):
        ax.annotate(f"${row['usd_per_month']:,.0f}  (cumulative {row['cumulative_share']:.0%})",
                    (row["usd_per_month"], yi), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_yticks(y, [f"{s} / {m}" for s, m in zip(audit["service"], audit["metric"])])
    ax.set_xlim(0, float(audit["usd_per_month"].max()) * 1.6 if len(audit) else 1)
    ax.set_xlabel("USD per month")
    ax.set_title(title or "Costliest unused metrics")
    return ax
