"""Views of section 1 (``01a_…``, ``01b_…``): an SLI against its objective, a budget burn-down.

=========================  ====================================================
``plot_sli``               an SLI series against its SLO (and SLA) lines
``plot_budget_burndown``   remaining error budget across a window
=========================  ====================================================
"""

from __future__ import annotations

import numpy as np

from .._validation import check_fraction, message
from ..formatting import format_percent
from ._style import (
    _CONTRACT,
    _GOOD,
    _NEUTRAL,
    _TARGET,
    COURSE_COLORS,
    _date_axis,
    _legend_right,
    _new_axes,
    _percent_axis,
    _thin,
)

__all__ = ["plot_sli", "plot_budget_burndown"]


def plot_sli(
    sli,
    *,
    slo_target: float | None = None,
    sla_target: float | None = None,
    ax=None,
    title: str | None = None,
    label: str = "measured SLI",
):
    """Draw an SLI series (e.g. daily availability) against its SLO and SLA lines.

    Parameters
    ----------
    sli : pandas.Series
        SLI values as fractions in [0, 1], indexed by time (or any ordered
        label such as a day number).
    slo_target, sla_target : float, optional
        Horizontal reference lines (fractions in (0, 1)). The SLA line is
        dotted and black, the SLO line dashed: they differ without colour.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    label : str
        Legend label of the SLI line.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> ax = plot_sli(pd.Series([0.9995, 0.998, 0.9999]), slo_target=0.999)
    >>> ax.get_ylabel()
    'SLI (good / valid events)'
    """
    import pandas as pd

    if not isinstance(sli, pd.Series):
        raise TypeError(message("sli", "a pandas Series of fractions", type(sli).__name__))
    if slo_target is not None:
        slo_target = check_fraction("slo_target", slo_target)
    if sla_target is not None:
        sla_target = check_fraction("sla_target", sla_target)
    ax = _new_axes(ax)
    ax.plot(sli.index, sli.to_numpy(), color=_GOOD, linestyle="-", marker="o",
            markersize=3, label=label)
    if slo_target is not None:
        ax.axhline(slo_target, color=_TARGET, linestyle="--",
                   label=f"SLO {format_percent(slo_target)}")
    if sla_target is not None:
        ax.axhline(sla_target, color=_CONTRACT, linestyle=":",
                   label=f"SLA {format_percent(sla_target)}")
    _percent_axis(ax, decimals=2)
    ax.set_ylabel("SLI (good / valid events)")
    ax.set_xlabel("time (UTC)" if isinstance(sli.index, pd.DatetimeIndex) else str(sli.index.name or ""))
    ax.set_title(title or "Service level indicator against its objective")
    ax.legend(loc="lower left")
    if isinstance(sli.index, pd.DatetimeIndex):
        _date_axis(ax)
    return ax


def plot_budget_burndown(
    remaining,
    *,
    ax=None,
    title: str | None = None,
    decision_time=None,
    window=None,
    levels=None,
    label: str = "budget remaining",
    decision_label: str = "decision",
):
    """Draw the error budget remaining across a window, with the "even spend" line.

    A budget that is spent evenly goes from 100 % at the start of the window to
    0 % at its end (burn rate 1): the dashed diagonal. Above it, the service is
    spending slower than it may; below it, faster. Below 0 the SLO is missed.

    Parameters
    ----------
    remaining : pandas.Series
        Fraction of the window's error budget still unspent (1 = untouched,
        0 = spent, negative = overspent), indexed by time.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    decision_time : timestamp, optional
        Draws a vertical marker (e.g. when a release is being decided).
    window : (start, end), optional
        The budget window: the even-spend line runs from 100 % at ``start``
        to 0 % at ``end`` and the x axis spans it (default: the series' span).
    levels : dict[str, float], optional
        Extra labelled horizontal lines, e.g. ``{"slow down below 25 %": 0.25}``.
    label : str
        Legend label of the remaining-budget line.
    decision_label : str
        Legend label of the ``decision_time`` marker.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A series longer than 2,000 points is drawn from every k-th point plus the
    last one (28 days of minutes: one point every 21 minutes), which looks the
    same at screen resolution and draws in a fraction of the time.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.date_range("2026-10-05", periods=4, freq="D", tz="UTC")
    >>> ax = plot_budget_burndown(pd.Series([1.0, 0.8, 0.3, -0.1], index=days))
    >>> ax.get_ylabel()
    'error budget remaining'
    """
    import pandas as pd

    if not isinstance(remaining, pd.Series):
        raise TypeError(message("remaining", "a pandas Series of fractions",
                                type(remaining).__name__))
    ax = _new_axes(ax)
    shown = _thin(remaining)
    x = shown.index
    y = shown.to_numpy(dtype=float)
    ax.plot(x, y, color=_GOOD, linestyle="-", label=label)
    start, end = (x[0], x[-1]) if window is None else window
    if window is not None or len(x) >= 2:
        ax.plot([start, end], [1.0, 0.0], color=_TARGET, linestyle="--",
                label="even spend (burn rate 1)")
    if window is not None:
        ax.set_xlim(start, end)
    ax.axhline(0.0, color=_CONTRACT, linestyle=":", linewidth=1.2, label="budget exhausted")
    styles = ((0, (6, 2, 1, 2)), (0, (2, 2)), (0, (8, 2)))
    for i, (text, level) in enumerate((levels or {}).items()):
        ax.axhline(level, color=COURSE_COLORS[3 + i % 3], linestyle=styles[i % 3],
                   linewidth=1.2, label=text)
    below = y < 0
    if below.any():
        ax.fill_between(x, y, 0.0, where=below, color=COURSE_COLORS[1], alpha=0.25,
                        hatch="//", label="overspent")
    if decision_time is not None:
        ax.axvline(decision_time, color=_NEUTRAL, linestyle="-.", linewidth=1.2,
                   label=decision_label)
    _percent_axis(ax)
    ax.set_ylabel("error budget remaining")
    ax.set_xlabel("time (UTC)" if isinstance(x, pd.DatetimeIndex) else str(x.name or ""))
    low = min(-0.1, float(np.nanmin(y)) - 0.05) if len(y) else -0.1
    ax.set_ylim(low, 1.08)
    ax.set_title(title or "Error budget burn-down")
    _legend_right(ax)
    if isinstance(x, pd.DatetimeIndex):
        _date_axis(ax)
    return ax
