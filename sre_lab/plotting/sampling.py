"""Views of 04_cost/: telemetry volumes, the sampling trade-off, error rates measured on samples.

=============================  ================================================
``plot_telemetry_volumes``     GB per month, stacked by signal or by log level
``plot_head_tail_tradeoff``     span bill against the share of incidents
                               debuggable, head vs tail sampling
``plot_sampled_error_rate``    an error rate's interval as the sample grows
=============================  ================================================

Each draws a result computed by :mod:`sre_lab.cost` (``sl.telemetry_volumes``,
``sl.head_tail_tradeoff``, ``sl.sampled_error_rate``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_choice, message
from ._style import COURSE_COLORS, COURSE_LINESTYLES, _legend_right, _new_axes, _percent_axis

__all__ = ["plot_telemetry_volumes", "plot_head_tail_tradeoff", "plot_sampled_error_rate"]

_HATCHES = ("", "//", "..", "xx", "\\\\", "++")


def plot_telemetry_volumes(volumes, *, by="signal", ax=None, title=None):
    """Stacked bars of telemetry volume per month, by signal or by log level.

    Parameters
    ----------
    volumes : DataFrame
        From :func:`sre_lab.telemetry_volumes` (``date``, ``signal``,
        ``level``, ``bytes``).
    by : {"signal", "level", "service"}, default "signal"
        What the stacks show; ``"level"`` shows log lines only.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_telemetry_volumes(sl.telemetry_volumes(log_levels="DEBUG"), by="level")
    >>> ax.get_ylabel()
    'volume (GB per month)'
    """
    if not isinstance(volumes, pd.DataFrame) or not {"date", "signal", "level", "bytes"} <= set(volumes.columns):
        raise TypeError(message("volumes", "a DataFrame from sl.telemetry_volumes(...)", type(volumes).__name__))
    by = check_choice("by", by, ["signal", "level", "service"])
    frame = volumes if by != "level" else volumes.loc[volumes["signal"] == "logs"]
    month = frame["date"].dt.strftime("%Y-%m")
    table = (frame.assign(month=month, gb=frame["bytes"] / 1e9)
             .pivot_table(index="month", columns=by, values="gb", aggfunc="sum", fill_value=0.0, sort=False))
    if by == "level":
        table = table[[c for c in ("DEBUG", "INFO", "WARN", "ERROR") if c in table.columns]]
    elif by == "signal":
        table = table[[c for c in ("logs", "spans", "metrics") if c in table.columns]]
    ax = _new_axes(ax, figsize=(8.5, 3.8))
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for i, column in enumerate(table.columns):
        values = table[column].to_numpy()
        ax.bar(x, values, bottom=bottom, width=0.75, color=COURSE_COLORS[i % len(COURSE_COLORS)],
               hatch=_HATCHES[i % len(_HATCHES)], edgecolor="white", label=str(column))
        bottom += values
    days = frame.assign(month=month).groupby("month", sort=False)["date"].nunique().reindex(table.index)
    full = pd.to_datetime(pd.Series(table.index) + "-01").dt.days_in_month.to_numpy()
    labels = [m if d >= f else f"{m} ({d} d)" for m, d, f in zip(table.index, days.to_numpy(), full)]
    ax.set_xticks(x, labels, rotation=45, ha="right")
    ax.set_xlabel("month (UTC); partial months show their days")
    ax.set_ylabel("volume (GB per month)")
    what = {"signal": "signal", "level": "log level (log lines only)", "service": "service"}[by]
    ax.set_title(title or f"Telemetry volume per month, by {what}")
    _legend_right(ax)
    return ax


def plot_head_tail_tradeoff(tradeoff, *, ax=None, title=None):
    """The span bill against the share of incidents still debuggable, one line per policy.

    Parameters
    ----------
    tradeoff : DataFrame
        From :func:`sre_lab.head_tail_tradeoff` (``policy``, ``ratio``,
        ``span_usd_per_30_days``, ``debuggable_share``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> traces = sl.simulate_traces(rng=1)
    >>> ax = plot_head_tail_tradeoff(sl.head_tail_tradeoff(traces))
    >>> ax.get_xlabel()
    'span bill (USD per 30 days, log scale)'
    """
    needed = {"policy", "ratio", "span_usd_per_30_days", "debuggable_share"}
    if not isinstance(tradeoff, pd.DataFrame) or not needed <= set(tradeoff.columns):
        raise TypeError(message("tradeoff", "a DataFrame from sl.head_tail_tradeoff(...)", type(tradeoff).__name__))
    ax = _new_axes(ax, figsize=(8.0, 4.0))
    markers = {"head": "o", "tail": "s"}
    names = {"head": "head sampling (ratio only)", "tail": "tail sampling (errors + slow + ratio)"}
    positive = tradeoff.loc[tradeoff["span_usd_per_30_days"] > 0, "span_usd_per_30_days"]
    floor = positive.min() / 3 if len(positive) else 0.01
    for i, (policy, group) in enumerate(tradeoff.groupby("policy", sort=False)):
        group = group.sort_values("ratio")
        x = np.maximum(group["span_usd_per_30_days"].to_numpy(), floor)
        y = group["debuggable_share"].to_numpy()
        ax.plot(x, y, marker=markers.get(policy, "^"), color=COURSE_COLORS[i], linestyle=COURSE_LINESTYLES[i],
                label=names.get(policy, str(policy)))
        for xi, yi, ratio in zip(x, y, group["ratio"]):
            offset = (4, -12) if policy == "head" else (4, 6)
            ax.annotate(f"{ratio:g}", (xi, yi), textcoords="offset points", xytext=offset, fontsize=8,
                        color=COURSE_COLORS[i])
    ax.set_xscale("log")
    ax.set_ylim(-0.05, 1.08)
    _percent_axis(ax, "y")
    if (tradeoff["span_usd_per_30_days"] <= 0).any():
        ax.axvline(floor, color="#777777", linewidth=0.8, linestyle=":")
        ax.annotate("$0 (nothing kept)", (floor, 0.5), rotation=90, fontsize=8, color="#777777",
                    xytext=(-10, 0), textcoords="offset points", va="center")
    ax.set_xlabel("span bill (USD per 30 days, log scale)")
    ax.set_ylabel("incidents still debuggable (%)")
    ax.set_title(title or "What sampling saves and what it costs in debuggability\n(labels: sampling ratio)")
    _legend_right(ax)
    return ax


def plot_sampled_error_rate(result, *, true_rate=None, ax=None, title=None):
    """An error rate measured on more and more kept traces, with its interval.

    Parameters
    ----------
    result : SampledErrorRate
        From :func:`sre_lab.sampled_error_rate` called with arrays (one entry
        per sample size).
    true_rate : float, optional
        The real error rate, drawn as a line.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np, sre_lab as sl
    >>> n = np.array([100, 1_000, 10_000, 100_000])
    >>> ax = plot_sampled_error_rate(sl.sampled_error_rate(np.rint(n * 0.002), n), true_rate=0.002)
    >>> ax.get_xlabel()
    'traces kept (log scale)'
    """
    fields = ("error_rate", "low", "high", "traces_kept", "confidence")
    if not all(hasattr(result, f) for f in fields):
        raise TypeError(message("result", "a SampledErrorRate (sl.sampled_error_rate(...))", type(result).__name__))
    n = np.atleast_1d(np.asarray(result.traces_kept, dtype=float))
    rate = np.broadcast_to(np.atleast_1d(result.error_rate), n.shape)
    low = np.broadcast_to(np.atleast_1d(result.low), n.shape)
    high = np.broadcast_to(np.atleast_1d(result.high), n.shape)
    order = np.argsort(n)
    n, rate, low, high = n[order], rate[order], low[order], high[order]
    ax = _new_axes(ax, figsize=(8.0, 3.8))
    ax.fill_between(n, low, high, color=COURSE_COLORS[0], alpha=0.25, hatch="//", edgecolor=COURSE_COLORS[0],
                    label=f"{result.confidence:.0%} interval ({getattr(result, 'method', 'Wilson score')})")
    ax.plot(n, rate, marker="o", color=COURSE_COLORS[0], label="measured on the kept traces")
    if true_rate is not None:
        ax.axhline(float(true_rate), color=COURSE_COLORS[1], linestyle="--", linewidth=1.2,
                   label=f"real error rate ({float(true_rate):.3%})")
    ax.set_xscale("log")
    _percent_axis(ax, "y")
    ax.set_xlabel("traces kept (log scale)")
    ax.set_ylabel("error rate (%)")
    ax.set_title(title or "An error rate measured on sampled traces: the interval shrinks as 1/sqrt(n)")
    _legend_right(ax)
    return ax
