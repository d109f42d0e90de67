"""Views of section 2 (``02_slos``): budgets over time, burn rates, alerts, forecasts.

=================================  ============================================
``plot_budget_over_time``          budget left at every minute, rolling or calendar
``plot_indicators``                SLIs / traffic lines, levels, a hatched incident
``plot_slo_board``                 met / missed board, SLOs x periods
``plot_burn_rates``                burn rates (log axis), alert thresholds, incidents
``plot_sli_dimensions``            bad-event ratio per SLI dimension vs its budget
``plot_alert_timeline``            burn rates + when each alert rule fired + incidents
``plot_budget_forecast``           budget so far + forecast band + P(runs out)
``plot_traffic_forecast``          daily traffic, its forecast and interval, events
``plot_latency_vs_utilisation``    share of fast requests vs utilisation (M/M/c)
``plot_slo_rollup``                executive roll-up, budget consumed + status per service
``plot_forecast_backtest``         naive vs bootstrap intervals against what happened
``plot_release_quarter``           a quarter of release-gate decisions, frozen days shaded
=================================  ============================================
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_fraction, check_real, message
from .._windows import true_runs
from ..formatting import format_percent
from ._style import (
    _CONTRACT,
    _GOOD,
    _NEUTRAL,
    _TARGET,
    COURSE_COLORS,
    COURSE_LINESTYLES,
    _clip_to,
    _date_axis,
    _envelope,
    _legend_above,
    _legend_right,
    _naive_utc,
    _new_axes,
    _percent_axis,
    _thin,
    _window_text,
)

__all__ = [
    "plot_budget_over_time",
    "plot_indicators",
    "plot_slo_board",
    "plot_burn_rates",
    "plot_sli_dimensions",
    "plot_alert_timeline",
    "plot_budget_forecast",
    "plot_traffic_forecast",
    "plot_latency_vs_utilisation",
    "plot_slo_rollup",
    "plot_forecast_backtest",
    "plot_release_quarter",
]


# -- 02_slos/1a-1c (beginner): budget over time, indicators, an SLO board ----------------
def _even_spend(index, *, window: str, window_days: float):
    """Budget left if it were spent at burn rate 1 since the window (or the data) began.

    Rolling: falls from 1 to 0 over the first ``window_days`` of the series, then
    stays at 0 (a full rolling window at burn rate 1 has nothing left).
    Calendar: falls from 1 at the start of each month (or of the data) to 0 at
    the month's end, the way :func:`sre_lab.budget_over_time` projects.
    """
    import pandas as pd

    step = index[1] - index[0] if len(index) > 1 else pd.Timedelta(minutes=1)
    if window == "calendar":
        months = index.year * 12 + index.month
        starts = pd.Series(index, index=index).groupby(months).transform("min")
        elapsed = (index - pd.DatetimeIndex(starts) + step) / pd.Timedelta(days=1)
        length = index.days_in_month.to_numpy(dtype=float)
    else:
        elapsed = (index - index[0] + step) / pd.Timedelta(days=1)
        length = float(window_days)
    return 1.0 - np.minimum(np.asarray(elapsed, dtype=float) / length, 1.0)


def plot_budget_over_time(
    remaining,
    *,
    window: str = "rolling",
    window_days: float = 30,
    ax=None,
    title: str | None = None,
    marks=None,
    floor: float = -1.0,
    label: str = "budget remaining",
):
    """Draw the error budget remaining at every moment, as a rolling or calendar window sees it.

    The SLO tuner's burn-down. Unlike :func:`plot_budget_burndown` (one fixed
    window), the reference here follows the window: for a rolling window the
    "even spend" line falls to 0 over the first ``window_days`` and then stays
    there (a full rolling window burning at exactly 1x has nothing left); for
    calendar months it restarts at 100 % on the 1st of each month, when the
    budget resets.

    Parameters
    ----------
    remaining : pandas.Series or pandas.DataFrame
        Fraction of the window's budget still unspent (1 = untouched, 0 =
        spent, negative = overspent) on a DatetimeIndex, or the frame of
        :func:`sre_lab.budget_over_time` (its ``remaining`` column is used).
    window : {"rolling", "calendar"}
        How the budget window moves (as in :func:`sre_lab.budget_over_time`).
    window_days : float
        Rolling window length in days (ignored for calendar months), > 0;
        default 30, the course's one ``window_days`` default.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    marks : dict[str, timestamp], optional
        Labelled vertical markers, e.g. ``{"INC-004": started}``.
    floor : float, default -1.0
        Lowest value shown (-1.0 = -100 %). A far overspent budget (a latency
        SLO at an impossible target can reach -6,000 %) would squash the
        interesting part; below the floor the line is cut and its lowest
        value is written on the plot.
    label : str
        Legend label of the remaining-budget line.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=4 * 1440, freq="min", tz="UTC")
    >>> ax = plot_budget_over_time(pd.Series(1.0, index=idx), window_days=2)
    >>> ax.get_ylabel(), ax.get_legend_handles_labels()[1][:2]
    ('error budget remaining', ['budget remaining', 'even spend (burn rate 1)'])
    """
    import pandas as pd

    if isinstance(remaining, pd.DataFrame):
        if "remaining" not in remaining.columns:
            raise ValueError(message("remaining", "a Series or a frame with a 'remaining' "
                                     "column (sl.budget_over_time)", list(remaining.columns)))
        remaining = remaining["remaining"]
    if not isinstance(remaining, pd.Series):
        raise TypeError(message("remaining", "a pandas Series of fractions",
                                type(remaining).__name__))
    if not isinstance(remaining.index, pd.DatetimeIndex) or len(remaining) == 0:
        raise ValueError(message("remaining", "a non-empty Series on a DatetimeIndex",
                                 type(remaining.index).__name__))
    if window not in ("rolling", "calendar"):
        raise ValueError(message("window", "'rolling' or 'calendar'", window))
    window_days = check_real("window_days", window_days, low=0, low_open=True)
    floor = check_real("floor", floor, high=0)

    ax = _new_axes(ax)
    shown = _thin(remaining)
    x = shown.index
    xs = _naive_utc(x)   # numpy datetime64: 4x faster for matplotlib than tz-aware pandas
    y = shown.to_numpy(dtype=float)
    lowest = float(np.nanmin(y))
    ax.plot(xs, np.maximum(y, floor), color=_GOOD, linestyle="-", label=label)
    even = _even_spend(remaining.index, window=window, window_days=window_days)
    if window == "rolling":  # once at 0 it would hide the "budget exhausted" line
        even = np.where(np.r_[True, even[:-1] > 0], even, np.nan)
    even = _thin(pd.Series(even, index=remaining.index))
    ax.plot(_naive_utc(even.index), even.to_numpy(), color=_TARGET,
            linestyle="--", linewidth=1.3, label="even spend (burn rate 1)")
    ax.axhline(0.0, color=_CONTRACT, linestyle=":", linewidth=1.2, label="budget exhausted")
    below = y < 0
    if below.any():
        ax.fill_between(xs, np.maximum(y, floor), 0.0, where=below, color=COURSE_COLORS[1],
                        alpha=0.25, hatch="//", label="overspent")
    if window == "calendar":
        full = remaining.index
        firsts = full[(full.day == 1) & (full.hour == 0) & (full.minute == 0)]
        for i, first in enumerate(_naive_utc(firsts[firsts > full[0]])):
            ax.axvline(first, color=_NEUTRAL, linestyle="-", linewidth=0.8,
                       label="new month: budget resets" if i == 0 else None)
    top = 1.08
    bottom = max(floor, min(-0.1, lowest - 0.05)) - 0.02
    span = (x[-1] - x[0]) or pd.Timedelta(minutes=1)
    shown_marks = sorted((pd.Timestamp(w), str(t)) for t, w in (marks or {}).items()
                         if x[0] <= pd.Timestamp(w) <= x[-1])
    for i, (when, text) in enumerate(shown_marks):
        right_half = (when - x[0]) / span > 0.75
        when = _naive_utc(when)
        ax.axvline(when, color=_NEUTRAL, linestyle=(0, (1, 2)), linewidth=1.0)
        ax.text(when, top - 0.01 - (top - bottom) * 0.07 * (i % 3),
                f"{text} " if right_half else f" {text}", fontsize=8, va="top",
                ha="right" if right_half else "left", color="#333333")
    if lowest < floor:
        ax.text(0.01, 0.03, f"line cut at {format_percent(floor, digits=0)}; lowest "
                f"{format_percent(lowest, digits=0)}", transform=ax.transAxes, fontsize=8,
                color="#333333", va="bottom", ha="left",
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1.5))
    ax.set_ylim(bottom, top)
    ax.set_xlim(xs[0], xs[-1])
    _percent_axis(ax)
    ax.set_ylabel("error budget remaining")
    ax.set_xlabel("time (UTC)")
    ax.set_title(title or "Error budget remaining over time")
    _legend_right(ax)
    _date_axis(ax)
    return ax


def plot_indicators(
    series,
    *,
    ax=None,
    title: str | None = None,
    ylabel: str = "",
    percent: bool = False,
    levels=None,
    shade=None,
    shade_label: str = "incident",
):
    """Draw one or several time series (SLIs, traffic) with reference levels and a shaded interval.

    A plain line chart with the course's conventions: every line differs by
    colour *and* dash pattern, levels are labelled lines, an interval (an
    incident) is hatched, not only tinted.

    Parameters
    ----------
    series : pandas.Series or dict[str, pandas.Series]
        The values; a dict draws one line per entry, labelled by its key.
    ax : matplotlib.axes.Axes, optional
    title, ylabel : str
    percent : bool, default False
        Show the y axis as percentages (values are fractions).
    levels : dict[str, float], optional
        Labelled horizontal lines, e.g. ``{"SLO 99.9 %": 0.999}``.
    shade : (start, end), optional
        An interval to hatch, e.g. an incident's ``started`` and ``mitigated``.
    shade_label : str
        Legend label of the interval.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([0.999, 0.98, 0.9995], index=pd.date_range("2026-10-20", periods=3,
    ...               freq="h", tz="UTC"))
    >>> ax = plot_indicators({"availability": s}, percent=True, levels={"SLO 99.9 %": 0.999})
    >>> ax.get_legend_handles_labels()[1]
    ['availability', 'SLO 99.9 %']
    """
    import pandas as pd

    if isinstance(series, pd.Series):
        series = {series.name if series.name is not None else "value": series}
    if not isinstance(series, dict) or not series or not all(
            isinstance(s, pd.Series) for s in series.values()):
        raise TypeError(message("series", "a pandas Series or a non-empty dict of them",
                                type(series).__name__))
    ax = _new_axes(ax)
    for i, (name, s) in enumerate(series.items()):
        shown = _thin(s)
        ax.plot(shown.index, shown.to_numpy(dtype=float), color=COURSE_COLORS[i % 8],
                linestyle=COURSE_LINESTYLES[i % 8], label=str(name))
    # levels in black / grey / purple so they never share a colour with the first lines
    extra = ((0, (6, 3)), "-.", ":", (0, (5, 1, 1, 1)))
    for i, (text, level) in enumerate((levels or {}).items()):
        ax.axhline(float(level), color=(_CONTRACT, _NEUTRAL, COURSE_COLORS[4], "#444444")[i % 4],
                   linestyle=extra[i % 4], linewidth=1.1, label=text)
    if shade is not None:
        start, end = shade
        ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), facecolor=COURSE_COLORS[3],
                   alpha=0.15, hatch="\\\\", edgecolor=COURSE_COLORS[3], label=shade_label)
    if percent:
        _percent_axis(ax)
    ax.set_ylabel(ylabel)
    first = next(iter(series.values()))
    if isinstance(first.index, pd.DatetimeIndex):
        ax.set_xlabel("time (UTC)")
        _date_axis(ax)
    else:
        ax.set_xlabel(str(first.index.name or ""))
    ax.set_title(title or "Indicators over time")
    ax.legend(loc="best")
    return ax


def plot_slo_board(met, *, values=None, ax=None, title: str | None = None):
    """Draw a red/green board: which SLO was met in which period.

    Parameters
    ----------
    met : pandas.DataFrame of bool
        One row per SLO, one column per period (e.g. week); True = met.
    values : pandas.DataFrame, optional
        Same shape: the measured SLIs (fractions), written in the cells.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A missed cell is vermillion, hatched and marked "✗ missed"; a met cell is
    bluish green and marked "✓ met": the verdict never rests on colour alone.

    Examples
    --------
    >>> import pandas as pd
    >>> board = pd.DataFrame({"week 1": [True, False], "week 2": [True, True]},
    ...                      index=["errors", "latency"])
    >>> ax = plot_slo_board(board)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['errors', 'latency']
    """
    import pandas as pd
    from matplotlib.patches import Rectangle

    if not isinstance(met, pd.DataFrame) or met.empty:
        raise TypeError(message("met", "a non-empty DataFrame of booleans (SLOs x periods)",
                                type(met).__name__))
    flags = met.astype(bool).to_numpy()
    rows, cols = flags.shape
    ax = _new_axes(ax, figsize=(1.6 + 1.5 * cols, 0.9 + 0.5 * rows))
    for r in range(rows):
        for c in range(cols):
            ok = bool(flags[r, c])
            ax.add_patch(Rectangle((c, r), 1, 1, facecolor=COURSE_COLORS[2] if ok else
                                   COURSE_COLORS[1], alpha=0.25 if ok else 0.35,
                                   hatch=None if ok else "//", edgecolor="white", linewidth=2))
            text = "✓ met" if ok else "✗ missed"
            if values is not None:
                value = float(values.iloc[r, c])
                shown = format_percent(value, digits=2)
                if value < 1 and shown == "100.00 %":   # 99.999 % is not 100 %
                    shown = format_percent(value, digits=3)
                text += f"\n{shown}"
            ax.text(c + 0.5, r + 0.5, text, ha="center", va="center", fontsize=8)
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_xticks(np.arange(cols) + 0.5, [str(c) for c in met.columns])
    ax.set_yticks(np.arange(rows) + 0.5, [str(i) for i in met.index])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.xaxis.tick_top()
    red = int((~flags).sum())
    ax.set_title(title or f"SLO board: {red} of {flags.size} cells missed", pad=24)
    return ax

# -- 02_slos/2a-2d (intermediate): burn rates, bad-event ratios, alert timelines --------

def _shade_incidents(ax, incidents, *, label_ids: bool, xlim=None) -> None:
    """Hatched spans from ``started`` to ``mitigated``; ids (and "missed") written on top."""
    if incidents is None or len(incidents) == 0:
        return
    import matplotlib.dates as mdates
    import pandas as pd

    starts = mdates.date2num(_naive_utc(incidents["started"]))
    ends = mdates.date2num(_naive_utc(incidents["mitigated"]))
    ids = incidents["id"].tolist() if "id" in incidents.columns else [""] * len(starts)
    detected = (incidents["detected"].tolist() if "detected" in incidents.columns
                and incidents["detected"].dtype == bool else [None] * len(starts))
    low = high = None
    if xlim is not None:
        low, high = (mdates.date2num(_naive_utc(pd.DatetimeIndex([t]))[0]) for t in xlim)
    left, right = ax.get_xlim()
    near = 0.015 * (right - left)       # labels closer than this share one text
    labelled = False
    groups: list[list] = []             # [x, texts] of the id labels
    for a, b, name, hit in sorted(zip(starts, ends, ids, detected), key=lambda r: r[0]):
        if low is not None and (b < low or a > high):
            continue
        ax.axvspan(a, max(b, a + 1 / 1440), facecolor="#999999", alpha=0.25, hatch="///",
                   edgecolor="#555555", linewidth=0.0,
                   label=None if labelled else "ground-truth incident")
        labelled = True
        if label_ids and name:
            text = name if hit is None or hit else f"{name} missed"
            if groups and a - groups[-1][0] < near:
                groups[-1][1].append(text)
            else:
                groups.append([a, [text]])
    for x, texts in groups:
        ax.annotate(", ".join(texts), xy=(max(x, left), 1.0), xycoords=("data", "axes fraction"),
                    xytext=(2, -2), textcoords="offset points", ha="left", va="top",
                    fontsize=8, rotation=90, color="#333333")


def _even_spend_line(ax) -> None:
    """The 1x line, labelled on the plot (not in the legend)."""
    ax.axhline(1.0, color=_CONTRACT, linestyle=":", linewidth=1.0)
    ax.annotate("1× = budget spent exactly by the window's end", xy=(0.0, 1.0),
                xycoords=("axes fraction", "data"), xytext=(3, 2), textcoords="offset points",
                fontsize=7, va="bottom", color="#222222")


def _burn_axes(ax, burn, rules, *, xlim, floor):
    """Burn-rate lines (one per window) on a log axis, with each rule's threshold."""
    import pandas as pd
    from matplotlib.ticker import FuncFormatter, NullLocator

    if isinstance(burn, pd.Series):
        burn = burn.to_frame(burn.name if burn.name is not None else "burn rate")
    if not isinstance(burn, pd.DataFrame) or not isinstance(burn.index, pd.DatetimeIndex):
        raise TypeError(message("burn", "a pandas Series or DataFrame of burn rates on a "
                                "DatetimeIndex", type(burn).__name__))
    import matplotlib.dates as mdates

    shown = _clip_to(burn, xlim)
    styles = {}
    top = floor * 10
    ax.xaxis_date()  # x values below are date numbers: converting 1,000s of tz-aware
    # timestamps one by one would cost more than the rest of the drawing
    for i, column in enumerate(shown.columns):
        colour, style = COURSE_COLORS[i % 6], COURSE_LINESTYLES[i % 6]
        styles[column] = (colour, style)
        line = _envelope(shown[column].astype(float))
        values = line.to_numpy()
        if np.isfinite(values).any():
            top = max(top, float(np.nanmax(values)))
        label = (f"burn rate over {_window_text(column)}"
                 if isinstance(column, (int, np.integer)) else str(column))
        ax.plot(mdates.date2num(_naive_utc(line.index)), np.maximum(values, floor),
                color=colour, linestyle=style, linewidth=1.4, drawstyle="steps-post",
                label=label)
    for rule in rules or ():
        colour, _ = styles.get(rule.long_window_minutes, (_NEUTRAL, "--"))
        ax.axhline(rule.burn_rate, color=colour, linestyle=(0, (4, 2)), linewidth=1.0)
        ax.annotate(f"{rule.name} > {rule.burn_rate:.4g}×", xy=(1.0, rule.burn_rate),
                    xycoords=("axes fraction", "data"), xytext=(3, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=7.5,
                    color="#222222")
        top = max(top, rule.burn_rate)
    ax.set_yscale("log")
    ax.set_ylim(floor, top * 2.5)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
    ax.yaxis.set_minor_locator(NullLocator())  # log minor ticks cost a third of the redraw
    ax.set_ylabel("burn rate (log scale)")
    if xlim is not None:
        ax.set_xlim(*xlim)
    elif len(burn.index):
        ax.set_xlim(burn.index[0], burn.index[-1])
    return ax


def plot_burn_rates(burn, *, rules=None, incidents=None, ax=None, title: str | None = None,
                    xlim=None, floor: float = 0.05):
    """Draw burn rates over time on a log axis, with alert thresholds and incidents.

    A burn-rate graph answers "how fast are we spending the error budget right
    now?": 1× spends it exactly by the end of the window, 14.4× spends 2 % of a
    30-day budget in an hour. The log axis shows a quiet 0.3× and a 900×
    outage on one picture.

    Parameters
    ----------
    burn : pandas.Series or pandas.DataFrame
        Burn rates (error ratio / (1 - slo_target)) on a DatetimeIndex, e.g.
        ``sl.burn_rate(sl.trailing_error_ratio(t, window_minutes=60), 0.999)``.
        DataFrame columns that are integers are read as window lengths in
        minutes and labelled "burn rate over 1 h"; other columns are used as
        labels. Long series are drawn from per-bin maxima, so short spikes stay.
    rules : list of AlertRule, optional
        Each draws a dashed threshold line at its ``burn_rate``, labelled with
        its name, in the colour of the column of its long window.
    incidents : pandas.DataFrame, optional
        ``started``, ``mitigated`` (and ``id``, optionally a boolean
        ``detected``): hatched spans labelled with the id ("missed" when
        ``detected`` is False).
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    xlim : (start, end), optional
        Zoom on this time range (the series is cut to it before drawing).
    floor : float, default 0.05
        Bottom of the log axis; lower values (and zeros) are drawn at it.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=120, freq="min", tz="UTC")
    >>> ax = plot_burn_rates(pd.Series(0.5, index=idx, name="1 h"))
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'burn rate (log scale)')
    """
    import pandas as pd

    floor = check_real("floor", floor, low=0, low_open=True)
    ax = _new_axes(ax, figsize=(9.0, 3.6))
    _burn_axes(ax, burn, rules, xlim=xlim, floor=floor)
    _shade_incidents(ax, incidents, label_ids=True, xlim=xlim)
    _even_spend_line(ax)
    ax.set_xlabel("time (UTC)")
    ax.set_title(title or "Burn rate of the error budget", pad=22)
    _legend_above(ax)
    frame = burn if isinstance(burn, pd.DataFrame) else burn.to_frame()
    if isinstance(frame.index, pd.DatetimeIndex):
        _date_axis(ax)
    return ax


def plot_sli_dimensions(bad_ratios, *, budgets=None, incidents=None, ax=None,
                        title: str | None = None, xlim=None):
    """Draw the bad-event ratio of several SLI dimensions over time, with their budgets.

    The multi-metric view of an SLO dashboard: for each dimension (failed
    requests, slow requests, ...) the share of bad events per interval, next
    to the share its objective allows. Both are fractions of events, so they
    share one (log) axis.

    Parameters
    ----------
    bad_ratios : pandas.DataFrame
        One column per dimension (the column name is the legend label), bad
        events / valid events per interval, on a DatetimeIndex.
    budgets : dict[str, float], optional
        ``{column: allowed bad ratio}`` (``1 - slo_target``): a dashed line in
        the column's colour, labelled with the percentage.
    incidents : pandas.DataFrame, optional
        Hatched spans, as in :func:`plot_burn_rates`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    xlim : (start, end), optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=48, freq="h", tz="UTC")
    >>> bad = pd.DataFrame({"failed": 0.001, "slow": 0.08}, index=idx)
    >>> ax = plot_sli_dimensions(bad, budgets={"failed": 0.005, "slow": 0.1})
    >>> ax.get_ylabel()
    'bad events / valid events (log scale)'
    """
    import pandas as pd
    from matplotlib.ticker import FuncFormatter, NullLocator

    if not isinstance(bad_ratios, pd.DataFrame):
        raise TypeError(message("bad_ratios", "a DataFrame of ratios, one column per "
                                "dimension", type(bad_ratios).__name__))
    budgets = dict(budgets or {})
    unknown = [k for k in budgets if k not in bad_ratios.columns]
    if unknown:
        raise ValueError(message("budgets", "keyed by columns of bad_ratios", unknown[0]))
    ax = _new_axes(ax, figsize=(9.0, 3.6))
    shown = _clip_to(bad_ratios, xlim)
    floor = 1e-4
    dated = isinstance(shown.index, pd.DatetimeIndex)
    if dated:
        import matplotlib.dates as mdates

        ax.xaxis_date()
        x = mdates.date2num(_naive_utc(shown.index))
    else:
        x = shown.index
    for i, column in enumerate(shown.columns):
        colour, style = COURSE_COLORS[i % 6], COURSE_LINESTYLES[i % 6]
        values = shown[column].to_numpy(dtype=float)
        ax.plot(x, np.maximum(values, floor), color=colour, linestyle=style,
                linewidth=1.4, label=str(column))
        if column in budgets:
            level = check_fraction(f"budgets[{column!r}]", budgets[column], closed=True)
            ax.axhline(level, color=colour, linestyle=(0, (6, 2)), linewidth=1.0)
            ax.annotate(f"allowed: {format_percent(level)}", xy=(1.0, level),
                        xycoords=("axes fraction", "data"), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8,
                        color="#222222")
    _shade_incidents(ax, incidents, label_ids=True, xlim=xlim)
    ax.set_yscale("log")
    ax.set_ylim(floor, 1.0)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:g} %"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylabel("bad events / valid events (log scale)")
    ax.set_xlabel("time (UTC)")
    ax.set_title(title or "Bad-event ratio per dimension", pad=22)
    _legend_above(ax)
    if xlim is not None:
        ax.set_xlim(*xlim)
    if isinstance(shown.index, pd.DatetimeIndex):
        _date_axis(ax)
    return ax


def plot_alert_timeline(burn, firing, *, rules=None, incidents=None, ax=None,
                        title: str | None = None, xlim=None, floor: float = 0.05):
    """Draw burn rates, when each alert rule fired, and the ground-truth incidents.

    Two panels sharing the time axis: on top the burn rate over each rule's
    long window with the rule's threshold (log axis); below, one lane per rule
    with a bar for every interval it fired and a ▼ where it was raised (so a
    one-minute alert on a 28-day axis is still visible). Incidents are hatched
    spans in both panels, labelled with their id, "missed" when no alert
    matched. Page lanes are solid, ticket lanes hatched: nothing relies on
    colour alone.

    Parameters
    ----------
    burn : pandas.Series or pandas.DataFrame
        Burn rates on a DatetimeIndex; integer columns are window lengths in
        minutes (see :func:`plot_burn_rates`).
    firing : pandas.DataFrame
        Booleans, one column per rule, as returned by :func:`sre_lab.evaluate_alerts`.
    rules : list of AlertRule, optional
        Threshold lines, and the severity of each lane (by name).
    incidents : pandas.DataFrame, optional
        ``id``, ``started``, ``mitigated`` and optionally ``detected``, e.g.
        ``AlertQuality.incidents``.
    ax : matplotlib.axes.Axes, optional
        The burn-rate panel is drawn here; the lane panel is added below it, in
        the same slot of the figure (``ax``'s slot is split in two).
    title : str, optional
    xlim : (start, end), optional
        Zoom on this time range.
    floor : float, default 0.05
        Bottom of the burn-rate axis.

    Returns
    -------
    matplotlib.axes.Axes
        The burn-rate panel; the lanes are ``ax.figure.axes[-1]``.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=120, freq="min", tz="UTC")
    >>> firing = pd.DataFrame({"page": [False] * 60 + [True] * 10 + [False] * 50}, index=idx)
    >>> ax = plot_alert_timeline(pd.Series(2.0, index=idx), firing)
    >>> [t.get_text() for t in ax.figure.axes[-1].get_yticklabels()]
    ['page']
    """
    import matplotlib.dates as mdates
    import pandas as pd

    if not isinstance(firing, pd.DataFrame) or not isinstance(firing.index, pd.DatetimeIndex):
        raise TypeError(message("firing", "a DataFrame of booleans on a DatetimeIndex "
                                "(sl.evaluate_alerts)", type(firing).__name__))
    floor = check_real("floor", floor, low=0, low_open=True)
    if ax is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(9.5, 5.0), layout="constrained")
        ax = fig.add_subplot()
    fig = ax.figure
    lanes_share = 0.22 + 0.06 * max(len(firing.columns) - 1, 0)
    grid = ax.get_subplotspec().subgridspec(2, 1, height_ratios=[1 - lanes_share, lanes_share],
                                            hspace=0.06)
    ax.set_subplotspec(grid[0])
    lanes = fig.add_subplot(grid[1], sharex=ax)

    _burn_axes(ax, burn, rules, xlim=xlim, floor=floor)
    _shade_incidents(ax, incidents, label_ids=True, xlim=xlim)
    _even_spend_line(ax)
    ax.set_title(title or "Burn-rate alerts against ground-truth incidents", pad=22)
    _legend_above(ax)
    ax.tick_params(labelbottom=False)
    ax.set_xlabel("")

    severity = {r.name: r.severity for r in rules or ()}
    names = list(firing.columns)
    shown = _clip_to(firing, xlim)
    index = firing.index
    step = index[1] - index[0] if len(index) > 1 else pd.Timedelta(minutes=1)
    for row, name in enumerate(names):
        y = len(names) - 1 - row
        first, after = true_runs(shown[name].to_numpy(dtype=bool))
        if len(first):
            starts = mdates.date2num(_naive_utc(shown.index[first]))
            ends = mdates.date2num(_naive_utc(shown.index[after - 1] + step))
            ticket = severity.get(name) == "ticket"
            colour = COURSE_COLORS[1] if not ticket else COURSE_COLORS[0]
            lanes.broken_barh(list(zip(starts, ends - starts)), (y - 0.28, 0.56),
                              facecolors="white" if ticket else colour, edgecolor=colour,
                              hatch="////" if ticket else None, linewidth=1.0)
            lanes.plot(starts, np.full(len(starts), y + 0.36), linestyle="none", marker="v",
                       markersize=5, color="#222222")
    _shade_incidents(lanes, incidents, label_ids=False, xlim=xlim)
    labels = [f"{n}\n({severity[n]})" if n in severity else n for n in names]
    lanes.set_yticks(range(len(names)), labels[::-1], fontsize=8)
    lanes.set_ylim(-0.6, len(names) - 0.2)
    lanes.grid(axis="y", visible=False)
    lanes.set_xlabel("time (UTC)  ·  bar = rule firing, ▼ = alert raised")
    if xlim is not None:
        ax.set_xlim(*xlim)
    _date_axis(lanes)
    return ax


# -- 02_slos/3a-3d (advanced): forecasts, capacity, executive roll-up -----------------
def _band_columns(quantiles) -> tuple[str, str, str]:
    """Names of the low, middle and high quantile columns of a forecast band table."""
    labels = [f"p{q * 100:g}" for q in quantiles]
    middle = "p50" if "p50" in labels else labels[len(labels) // 2]
    return labels[0], middle, labels[-1]


def plot_budget_forecast(forecast, *, ax=None, title: str | None = None):
    """Draw a budget-exhaustion forecast: the window so far, the forecast band, P(run out).

    The solid line is the error budget remaining over the days already
    observed; after "now" the shaded band holds the central share of the
    simulated windows (e.g. p10 to p90) and the dashed line their median.
    Below the dotted 0 % line the budget is exhausted, i.e. the SLO is missed
    for the window. The probability of that is in the title and the legend.

    Parameters
    ----------
    forecast : sre_lab.BudgetForecast
        What :func:`sre_lab.forecast_budget_exhaustion` returned.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Default: ``"Error budget forecast: P(budget runs out by <end>) = 19 %"``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    Three weeks at 1.5x the allowed error ratio, the last 7 days inside a 28-day
    window (19 Oct - 15 Nov): 1,500 x 28 = 42,000 bad requests > a budget of 28,000.

    >>> import pandas as pd, sre_lab as sl
    >>> days = pd.DataFrame({"date": pd.date_range("2026-10-05", periods=21, tz="UTC"),
    ...                      "requests": 1_000_000, "errors": 1_500})
    >>> f = sl.forecast_budget_exhaustion(days, slo_target=0.999, window_days=28,
    ...                                   elapsed_days=7, n_paths=50, rng=0)
    >>> ax = plot_budget_forecast(f)
    >>> ax.get_title()
    'Error budget forecast: P(budget runs out by 15 Nov) = 100 %'
    """
    import pandas as pd

    bands = getattr(forecast, "remaining_bands", None)
    if not isinstance(bands, pd.DataFrame) or not hasattr(forecast, "probability_exhausted"):
        raise TypeError(message("forecast", "a BudgetForecast from sl.forecast_budget_exhaustion",
                                type(forecast).__name__))
    low, mid, high = _band_columns(forecast.quantiles)
    dated = "date" in bands.columns
    if dated:
        x = pd.DatetimeIndex(bands["date"]) + pd.Timedelta(days=1)   # end of each day
        start = pd.Timestamp(forecast.window_start)
        end = x[-1] - pd.Timedelta(days=1)
    else:
        x = pd.Index(bands.index.to_numpy(dtype=float))
        start, end = 0.0, None
    observed = bands["observed"].to_numpy(dtype=bool)
    n_seen = int(observed.sum())
    ax = _new_axes(ax)

    columns = {c: bands[c].to_numpy(dtype=float) for c in (low, mid, high)}
    seen_x = [start, *x[:n_seen]]
    seen_y = [1.0, *columns[mid][:n_seen]]
    if n_seen:
        ax.plot(seen_x, seen_y, color=_GOOD, linestyle="-", label="observed so far")
    ahead_x = [seen_x[-1], *x[n_seen:]]
    ahead = {c: [values[n_seen - 1] if n_seen else 1.0, *values[n_seen:]]
             for c, values in columns.items()}
    if len(ahead_x) > 1:
        share = f"{(forecast.quantiles[-1] - forecast.quantiles[0]) * 100:g} %"
        ax.fill_between(ahead_x, ahead[low], ahead[high], color=COURSE_COLORS[5], alpha=0.4,
                        linewidth=0.0, label=f"middle {share} of simulated\nwindows ({low}–{high})")
        ax.plot(ahead_x, ahead[mid], color=_GOOD, linestyle="--", label=f"median forecast ({mid})")
        ax.axvline(seen_x[-1], color=_NEUTRAL, linestyle="-.", linewidth=1.2,
                   label="now" if n_seen else "now (window starts)")
    ax.axhline(0.0, color=_CONTRACT, linestyle=":", linewidth=1.2, label="budget exhausted")
    p = float(forecast.probability_exhausted)
    end_text = f"{end:%d %b}" if dated else "the window's end"
    ax.plot([], [], " ", label=f"P(budget runs out\nby {end_text}) = {format_percent(p, digits=0)}")
    _percent_axis(ax)
    y_low = min(-0.1, float(np.nanmin(ahead[low] if len(ahead_x) > 1 else seen_y)) - 0.05)
    ax.set_ylim(max(y_low, -1.5), 1.08)
    ax.set_ylabel("error budget remaining")
    ax.set_xlabel("date (UTC, end of day)" if dated else "day of the window")
    ax.set_title(title or f"Error budget forecast: P(budget runs out by {end_text}) = "
                          f"{format_percent(p, digits=0)}")
    _legend_right(ax)
    if dated:
        _date_axis(ax)
    return ax


def plot_traffic_forecast(history, forecast, *, ax=None, title: str | None = None,
                          events=None, column: str = "requests"):
    """Draw daily traffic and its forecast with the prediction interval.

    Parameters
    ----------
    history : pandas.DataFrame or pandas.Series
        Past daily counts: a Series indexed by date, or a frame with a
        ``date`` column (or DatetimeIndex) and ``column``.
    forecast : pandas.DataFrame
        What :func:`sre_lab.forecast_traffic` returned (index ``date``;
        ``requests``, ``lower``, ``upper``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    events : dict[str, date-like], optional
        Labelled days to mark on the history or the forecast, e.g.
        ``{"Black Friday": "2025-11-28"}``.
    column : str
        Column of ``history`` to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, pandas as pd, sre_lab as sl
    >>> days = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=28, tz="UTC"),
    ...                      "requests": 1000 * np.exp(0.01 * np.arange(28)), "errors": 0})
    >>> ax = plot_traffic_forecast(days, sl.forecast_traffic(sl.fit_traffic_growth(days),
    ...                                                      horizon_days=7))
    >>> ax.get_ylabel()
    'requests per day'
    """
    import pandas as pd
    from matplotlib.ticker import FuncFormatter

    if isinstance(history, pd.DataFrame):
        if column not in history.columns:
            raise ValueError(message("column", "a column of history", column))
        index = (history.index if isinstance(history.index, pd.DatetimeIndex)
                 else pd.DatetimeIndex(history["date"]))
        past = pd.Series(history[column].to_numpy(), index=index)
    elif isinstance(history, pd.Series):
        past = history
    else:
        raise TypeError(message("history", "a DataFrame or Series of daily counts",
                                type(history).__name__))
    if not isinstance(forecast, pd.DataFrame) or not {"requests", "lower", "upper"} <= set(
            forecast.columns):
        raise TypeError(message("forecast", "a DataFrame from sl.forecast_traffic",
                                type(forecast).__name__))
    ax = _new_axes(ax)
    ax.plot(past.index, past.to_numpy(dtype=float), color=_GOOD, linestyle="-", linewidth=1.0,
            label="history (daily total)")
    ax.fill_between(forecast.index, forecast["lower"], forecast["upper"], color=COURSE_COLORS[5],
                    alpha=0.35, hatch="..", edgecolor="white", linewidth=0.0,
                    label="prediction interval")
    ax.plot(forecast.index, forecast["requests"], color=_TARGET, linestyle="--",
            label="forecast (median)")
    for i, (text, day) in enumerate((events or {}).items()):
        stamp = pd.Timestamp(day)
        if stamp.tzinfo is None and past.index.tz is not None:
            stamp = stamp.tz_localize(past.index.tz)
        value = float(past.get(stamp, np.nan))
        if not math.isfinite(value):
            value = float(forecast["requests"].get(stamp, np.nan))
        if not math.isfinite(value):
            continue
        ax.plot([stamp], [value], marker="v", color=COURSE_COLORS[3], markersize=7,
                linestyle="none")
        ax.annotate(text, (stamp, value), xytext=(8, -4 - 12 * i), textcoords="offset points",
                    fontsize=9, va="top")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:,.0f}k"))
    ax.set_ylabel("requests per day")
    ax.set_xlabel("date (UTC)")
    ax.set_title(title or "Daily traffic: history and forecast")
    ax.legend(loc="lower center", ncol=3)
    _date_axis(ax)
    return ax


def plot_latency_vs_utilisation(curves, *, observed=None, latency_target: float | None = None,
                                threshold_ms: float | None = None, ax=None,
                                title: str | None = None, ylim=(0.0, 1.02)):
    """Draw the share of fast requests against utilisation, one curve per pool size.

    Parameters
    ----------
    curves : pandas.DataFrame
        Index: utilisation (fractions in [0, 1)); one column per curve (e.g.
        ``"2 workers"``), values: share of requests within the threshold
        (e.g. ``1 - sl.mmc_response_time_tail(...)``).
    observed : pandas.Series, optional
        Measured points (index: utilisation, values: share within the
        threshold), drawn as markers.
    latency_target : float, optional
        The latency SLO's target, drawn as a dashed line.
    threshold_ms : float, optional
        Used in the axis label.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    ylim : (float, float), default (0, 1.02)
        Range of the y axis; zoom in (e.g. ``(0.95, 1.0)``) to see where
        each curve crosses a strict latency target.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> curves = pd.DataFrame({"1 worker": [0.95, 0.9, 0.5]}, index=[0.1, 0.5, 0.9])
    >>> ax = plot_latency_vs_utilisation(curves, latency_target=0.9, threshold_ms=300)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('utilisation (busy share of the workers)', 'requests within 300 ms')
    """
    import pandas as pd

    if not isinstance(curves, pd.DataFrame):
        raise TypeError(message("curves", "a DataFrame (index utilisation, one column per "
                                "curve)", type(curves).__name__))
    ax = _new_axes(ax)
    for i, name in enumerate(curves.columns):
        ax.plot(curves.index, curves[name].to_numpy(dtype=float),
                color=COURSE_COLORS[(i + 2) % 6 if i else 0],
                linestyle=COURSE_LINESTYLES[i % len(COURSE_LINESTYLES)], label=str(name))
    if observed is not None:
        if not isinstance(observed, pd.Series):
            raise TypeError(message("observed", "a pandas Series", type(observed).__name__))
        ax.plot(observed.index, observed.to_numpy(dtype=float), marker="o", markersize=4,
                linestyle="none", color=_CONTRACT, label=str(observed.name or "measured"))
    if latency_target is not None:
        latency_target = check_fraction("latency_target", latency_target)
        ax.axhline(latency_target, color=_TARGET, linestyle="--", linewidth=1.2,
                   label=f"latency SLO {format_percent(latency_target)}")
    _percent_axis(ax)
    _percent_axis(ax, "x")
    ax.set_xlim(0, 1)
    ax.set_ylim(*ylim)
    ax.set_xlabel("utilisation (busy share of the workers)")
    ax.set_ylabel(f"requests within {threshold_ms:g} ms" if threshold_ms is not None
                  else "requests within the threshold")
    ax.set_title(title or "Share of fast requests against utilisation (M/M/c queue)")
    ax.legend(loc="lower left")
    return ax


_STATUS_LOOK = {"go": ("", "healthy"), "slow down": ("//", "at risk"),
                "freeze": ("xx", "budget exhausted")}


def plot_slo_rollup(table, *, ax=None, title: str | None = None,
                    slow_down_at: float | None = 0.75, risk_label: str = "risk ahead",
                    window_label: str | None = None):
    """Executive view: error budget consumed per service, with its status and forecast risk.

    One bar per service: the share of the window's error budget spent (100 %
    = exhausted). The bar's pattern and the text at its end give the status
    (healthy, at risk, budget exhausted), so nothing depends on colour.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by service; columns ``budget_consumed`` (fraction, may exceed
        1), ``status`` (``"go"``, ``"slow down"`` or ``"freeze"``, e.g. a
        policy decision) and optionally ``p_exhausted`` (forecast probability
        of missing the SLO, drawn as text) and ``target``.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    slow_down_at : float or None, default 0.75
        Budget consumed at which a policy slows releases (drawn as a line).
    risk_label : str
        Words after the ``p_exhausted`` percentage, e.g. ``"risk to miss by 15 Nov"``.
        The forecast goes on its own line under the status: the status is about
        the window just measured, the forecast about one ahead.
    window_label : str, optional
        The measured window, written after the status (``"budget exhausted
        (5 Oct-1 Nov)"``), so that the two windows are never read as one.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"budget_consumed": [0.3, 1.2], "status": ["go", "freeze"]},
    ...                  index=["search", "payment"])
    >>> ax = plot_slo_rollup(t)
    >>> ax.get_xlabel()
    'error budget consumed'
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(message("table", "a DataFrame indexed by service", type(table).__name__))
    missing = [c for c in ("budget_consumed", "status") if c not in table.columns]
    if missing:
        raise ValueError(message("table", "a DataFrame with the columns 'budget_consumed' and "
                                 "'status'", list(table.columns)))
    lines = 3 if "p_exhausted" in table.columns else 2
    ax = _new_axes(ax, figsize=(9.0, 1.0 + 0.4 * lines * max(len(table), 2)))
    y = np.arange(len(table))
    consumed = table["budget_consumed"].to_numpy(dtype=float)
    top = max(1.2, float(np.nanmax(consumed)) + 0.05) if len(consumed) else 1.2
    shown, ticks = set(), []
    for yi, (service, row) in zip(y, table.iterrows()):
        hatch, word = _STATUS_LOOK.get(row["status"], ("..", str(row["status"])))
        color = {"go": COURSE_COLORS[2], "slow down": COURSE_COLORS[3],
                 "freeze": COURSE_COLORS[1]}.get(row["status"], _NEUTRAL)
        ax.barh(yi, row["budget_consumed"], color=color, hatch=hatch, edgecolor="black",
                linewidth=0.6, label=None if word in shown else word)
        shown.add(word)
        ax.text(row["budget_consumed"] + top * 0.01, yi, f"{row['budget_consumed'] * 100:.0f} %",
                va="center", fontsize=9, fontweight="bold")
        name = str(service)
        if "target" in table.columns:
            name += f" (SLO {format_percent(row['target'])})"
        detail = f"{word} ({window_label})" if window_label else word
        if "p_exhausted" in table.columns and pd.notna(row["p_exhausted"]):
            detail += f"\n{row['p_exhausted'] * 100:.0f} % {risk_label}"
        ticks.append(f"{name}\n{detail}")
    ax.set_yticks(y, ticks)
    ax.invert_yaxis()
    ax.axvline(1.0, color=_CONTRACT, linestyle=":", linewidth=1.2, label="budget exhausted (100 %)")
    if slow_down_at is not None:
        ax.axvline(slow_down_at, color=_NEUTRAL, linestyle="--", linewidth=1.0,
                   label=f"slow down from {slow_down_at * 100:g} %")
    ax.set_xlim(0, top * 1.1)
    _percent_axis(ax, "x")
    ax.set_xlabel("error budget consumed")
    ax.set_title(title or "SLO roll-up: error budget consumed per service")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_forecast_backtest(result, *, ax=None, title: str | None = None,
                           slo_target: float | None = None):
    """Draw a forecast backtest: what happened vs the naive and the bootstrap intervals.

    Parameters
    ----------
    result : sre_lab.BacktestResult
        What :func:`sre_lab.backtest_budget_forecasts` returned.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Default names the coverage of both intervals.
    slo_target : float, optional
        Draws the error ratio at burn rate 1, ``1 - slo_target``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd, sre_lab as sl
    >>> days = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=40, tz="UTC"),
    ...                      "requests": 1000, "errors": [1, 2] * 20})
    >>> bt = sl.backtest_budget_forecasts(days, slo_target=0.99, train_days=14, n_paths=100,
    ...                                   rng=0)
    >>> ax = plot_forecast_backtest(bt)
    >>> ax.get_ylabel()
    '7-day error ratio'
    """
    import pandas as pd

    table = getattr(result, "forecasts", None)
    if not isinstance(table, pd.DataFrame) or "naive_low" not in table.columns:
        raise TypeError(message("result", "a BacktestResult from sl.backtest_budget_forecasts",
                                type(result).__name__))
    x = table["origin"]
    ax = _new_axes(ax)
    share = f"{result.interval * 100:g} %"
    cover = result.summary["coverage"]
    ax.fill_between(x, table["naive_low"], table["naive_high"], color=COURSE_COLORS[3],
                    alpha=0.25, hatch="\\\\", edgecolor=COURSE_COLORS[3], linewidth=0.0,
                    label=f"naive {share} interval\n(held the truth {cover['naive'] * 100:.0f} %)")
    ax.fill_between(x, table["bootstrap_low"], table["bootstrap_high"], color=COURSE_COLORS[5],
                    alpha=0.45, hatch="..", edgecolor="white", linewidth=0.0,
                    label=f"bootstrap {share} interval\n(held the truth "
                          f"{cover['bootstrap'] * 100:.0f} %)")
    ax.plot(x, table["actual_error_ratio"], color=_CONTRACT, linestyle="-", linewidth=1.0,
            label="what happened")
    if slo_target is not None:
        slo_target = check_fraction("slo_target", slo_target)
        ax.axhline(round(1 - slo_target, 12), color=_TARGET, linestyle="--", linewidth=1.2,
                   label="burn rate 1")
    ax.axhline(0.0, color=_NEUTRAL, linewidth=0.8)
    _percent_axis(ax, decimals=2)
    ax.set_ylabel(f"{result.horizon_days}-day error ratio")
    ax.set_xlabel("first forecast day (UTC)" if isinstance(x.iloc[0], pd.Timestamp)
                  else "forecast origin")
    ax.set_title(title or f"Backtest: {result.horizon_days}-day forecasts against what happened")
    _legend_right(ax)
    if isinstance(x.iloc[0], pd.Timestamp):
        _date_axis(ax)
    return ax


def plot_release_quarter(quarter, *, ax=None, title: str | None = None):
    """Draw a replayed quarter of release decisions: budget each morning, frozen days, blocks.

    Parameters
    ----------
    quarter : sre_lab.ReleaseQuarter
        What :func:`sre_lab.simulate_release_quarter` returned.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Default: how many releases shipped and how many days were frozen.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Frozen days are shaded grey with a cross-hatch, slow-down days light
    with a diagonal hatch, and blocked releases marked with ``x``: nothing
    depends on colour alone.

    Examples
    --------
    >>> import pandas as pd, sre_lab as sl
    >>> dates = pd.date_range("2026-01-05", periods=70, tz="UTC")
    >>> d = pd.DataFrame({"date": dates, "requests": 100_000,
    ...                   "errors": [50] * 56 + [300] * 7 + [50] * 7})
    >>> ax = plot_release_quarter(sl.simulate_release_quarter(d, slo_target=0.999, n_weeks=2))
    >>> ax.get_title()
    'Release gate: 5 of 10 releases shipped, 8 days frozen'
    """
    import pandas as pd

    days = getattr(quarter, "days", None)
    if not isinstance(days, pd.DataFrame) or "remaining_budget" not in days.columns:
        raise TypeError(message("quarter", "a ReleaseQuarter from sl.simulate_release_quarter",
                                type(quarter).__name__))
    ax = _new_axes(ax, figsize=(9.0, 3.6))
    x = pd.DatetimeIndex(days["date"])
    edges = x.append(pd.DatetimeIndex([x[-1] + pd.Timedelta(days=1)]))
    remaining = days["remaining_budget"].to_numpy(dtype=float)
    # the policy's state for an ordinary feature (exempt changes always show "go")
    state = days["decision"].where(days["change_kind"].isin(["none", "feature"]), "go").to_numpy()
    looks = (("freeze", "0.80", "xx", "releases frozen"),
             ("slow down", COURSE_COLORS[3], "//", "slow down"))
    for decision, color, hatch, label in looks:
        for k, (a, b) in enumerate(zip(*true_runs(state == decision))):
            ax.axvspan(edges[a], edges[b], color=color, alpha=0.35, hatch=hatch, linewidth=0.0,
                       label=label if k == 0 else None, zorder=0)
    ax.step(edges, np.append(remaining, remaining[-1]), where="post", color=_GOOD,
            label="budget left each morning")
    policy = quarter.policy
    ax.axhline(0.0, color=_CONTRACT, linestyle=":", linewidth=1.2, label="budget exhausted")
    if policy.slow_down_below_remaining:
        ax.axhline(policy.slow_down_below_remaining, color=COURSE_COLORS[3], linestyle="-.",
                   linewidth=1.0,
                   label=f"slow down below {format_percent(policy.slow_down_below_remaining)}")
    blocked = ((days["change_kind"] != "none") & ~days["shipped"]).to_numpy()
    if blocked.any():
        ax.plot(x[blocked] + pd.Timedelta(hours=12), remaining[blocked], "x",
                color=_CONTRACT, markersize=5, linestyle="none",
                label=f"release blocked ({int(blocked.sum())})")
    _percent_axis(ax)
    low = min(-0.1, float(np.nanmin(remaining)) - 0.1)
    ax.set_ylim(low, 1.08)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylabel(f"budget left (preceding {policy.window_days} days)")
    ax.set_xlabel("morning of (UTC)")
    ax.set_title(title or (f"Release gate: {quarter.releases_shipped} of "
                           f"{quarter.releases_planned} releases shipped, "
                           f"{quarter.freeze_days} days frozen"))
    _legend_right(ax)
    import matplotlib.dates as mdates

    weeks = max(1, int(round(len(days) / 7 / 7)))         # about 7 ticks
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO, interval=weeks))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    return ax
