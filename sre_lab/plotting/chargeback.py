"""Views of ``04_cost/2*``: sampling plans, roll-ups, chargeback.

===========================  ==================================================
``plot_sampling_tradeoffs``  each plan's cost against the share of incidents
                             still debuggable (a marker per plan)
``plot_rollup``              error ratio per minute against its roll-up (steps)
``plot_allocation``          cost per team: usage, shared and idle stacked,
                             each with its own hatch
===========================  ==================================================

Every figure draws what a core function computed (``sl.sampling_tradeoffs``,
``sl.rollup``, ``sl.allocate_costs``); none computes a quantity the course
teaches.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, message
from ._style import COURSE_COLORS, _date_axis, _legend_right, _naive_utc, _new_axes, _percent_axis

__all__ = ["plot_sampling_tradeoffs", "plot_rollup", "plot_allocation"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def plot_sampling_tradeoffs(tradeoffs, *, x="span_usd", ax=None, title=None):
    """What each sampling plan costs (x) against the share of incidents still debuggable (y).

    One marker shape and colour per plan, named in the legend (so no plan is
    told apart by colour alone).

    Parameters
    ----------
    tradeoffs : DataFrame
        From :func:`sre_lab.sampling_tradeoffs` (``span_usd``, ``bill_usd``,
        ``debuggable_share``, indexed by plan).
    x : {"span_usd", "bill_usd"}, default "span_usd"
        The cost on the x axis: what the spans cost (the part sampling
        changes), or the whole bill.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> table = pd.DataFrame({"span_usd": [130.0, 13.0], "bill_usd": [530.0, 410.0],
    ...                       "debuggable_share": [1.0, 0.8]},
    ...                      index=pd.Index(["keep all", "head 10 %"], name="plan"))
    >>> plot_sampling_tradeoffs(table).get_xlabel()
    'what the spans cost (USD)'
    """
    if x not in ("span_usd", "bill_usd"):
        raise ValueError(message("x", "'span_usd' or 'bill_usd'", x))
    check_columns("tradeoffs", tradeoffs, (x, "debuggable_share"))
    ax = _new_axes(ax)
    for i, (name, row) in enumerate(tradeoffs.iterrows()):
        ax.scatter(row[x], row["debuggable_share"], s=80, marker=_MARKERS[i % len(_MARKERS)],
                   color=COURSE_COLORS[i % len(COURSE_COLORS)], edgecolor="black", linewidth=0.5,
                   label=f"{name}: ${row[x]:,.0f}", zorder=3)
    ax.set_xlabel("what the spans cost (USD)" if x == "span_usd" else "whole bill (USD)")
    ax.set_ylabel("incidents still debuggable")
    _percent_axis(ax)
    low = float(np.nanmin(tradeoffs["debuggable_share"])) if len(tradeoffs) else 0.0
    ax.set_ylim(min(0.5, low - 0.05), 1.05)
    ax.set_xlim(left=0)
    ax.set_title(title or "Sampling plans: cost against debuggable incidents")
    _legend_right(ax)
    return ax


def plot_rollup(traffic, rolled, *, start=None, end=None, ax=None, title=None):
    """Error ratio minute by minute and as its roll-up (a step per bucket).

    Parameters
    ----------
    traffic : DataFrame
        One service's 1-minute counts (``requests``, ``errors``, DatetimeIndex).
    rolled : DataFrame
        ``sl.rollup(traffic, every=...)``.
    start, end : timestamp-like, optional
        The period shown (default: all).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> t = sl.load_requests(service="payment").loc["2026-10-14 12:00":"2026-10-14 17:59"]
    >>> plot_rollup(t, sl.rollup(t)).get_ylabel()
    'error ratio'
    """
    check_columns("traffic", traffic, ("requests", "errors"))
    check_columns("rolled", rolled, ("requests", "errors"))
    minutes = traffic.loc[start:end] if (start is not None or end is not None) else traffic
    buckets = rolled.loc[start:end] if (start is not None or end is not None) else rolled
    ax = _new_axes(ax)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = minutes["errors"] / minutes["requests"]
        rolled_ratio = buckets["errors"] / buckets["requests"]
    ax.plot(_naive_utc(minutes.index), ratio.to_numpy(), color=COURSE_COLORS[5], linewidth=0.8,
            linestyle="-", label="per minute")
    if len(buckets):
        step = (buckets.index[1] - buckets.index[0]) if len(buckets) > 1 else pd.Timedelta(hours=1)
        edges = _naive_utc(buckets.index.append(pd.DatetimeIndex([buckets.index[-1] + step])))
        values = np.append(rolled_ratio.to_numpy(), rolled_ratio.to_numpy()[-1])
        ax.step(edges, values, where="post", color=COURSE_COLORS[1], linewidth=2.2, linestyle="--",
                label="rolled up (Σ errors / Σ requests)")
    ax.set_ylabel("error ratio")
    ax.set_xlabel("time (UTC)")
    _percent_axis(ax)
    _date_axis(ax)
    ax.set_title(title or "A roll-up keeps the totals, not the peaks")
    _legend_right(ax)
    return ax


def plot_allocation(allocation, *, ax=None, title=None):
    """Horizontal stacked bars per team: usage, shared and idle cost (USD).

    Parameters
    ----------
    allocation : DataFrame
        From :func:`sre_lab.allocate_costs` (``usage_usd``, ``shared_usd``,
        ``idle_usd``, ``total_usd``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> out = sl.allocate_costs({"orders": 600, "search": 200}, shared_usd=100, bill_usd=1000)
    >>> plot_allocation(out).get_xlabel()
    'cost (USD)'
    """
    columns = ("usage_usd", "shared_usd", "idle_usd", "total_usd")
    check_columns("allocation", allocation, columns)
    if not len(allocation):
        raise ValueError(message("allocation", "at least one row", "an empty table"))
    ax = _new_axes(ax)
    rows = allocation.iloc[::-1]
    names = [str(t) for t in rows.index]
    left = np.zeros(len(rows))
    styles = [("usage_usd", "usage", COURSE_COLORS[0], ""), ("shared_usd", "shared", COURSE_COLORS[3], "//"),
              ("idle_usd", "idle", COURSE_COLORS[7], "..")]
    for column, label, color, hatch in styles:
        values = rows[column].to_numpy(dtype=float)
        ax.barh(names, values, left=left, color=color, hatch=hatch, edgecolor="white",
                alpha=0.85 if column != "idle_usd" else 0.35, label=label)
        left += values
    for y, total in enumerate(rows["total_usd"].to_numpy(dtype=float)):
        ax.annotate(f"${total:,.0f}", (total, y), textcoords="offset points", xytext=(4, -3), fontsize=8)
    ax.set_xlabel("cost (USD)")
    ax.set_ylabel("team")
    ax.set_xlim(0, float(left.max()) * 1.15 if left.max() > 0 else 1)
    ax.set_title(title or "Who pays for observability")
    _legend_right(ax)
    return ax
