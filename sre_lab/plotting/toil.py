"""Views of 05_culture/1* (toil, automation payback).

===========================  =====================================================
``plot_toil_shares``         toil share per engineer (or team) against the 50 % cap,
                             bars over the cap hatched; an "after" set beside them
``plot_toil_sources``        hours of the top sources of toil
``plot_automation_payback``  cumulative hours gained over weeks, the 10-90 % band,
                             break-even marked
===========================  =====================================================

Each draws what :func:`sre_lab.toil_report` / :func:`sre_lab.automation_payback`
computed; nothing is computed here.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import message
from ._style import COURSE_COLORS, _legend_right, _new_axes, _percent_axis

__all__ = ["plot_toil_shares", "plot_toil_sources", "plot_automation_payback"]


def _check_report(report, name="report"):
    shares = getattr(report, "shares", None)
    if shares is None or "toil_share" not in getattr(shares, "columns", ()):
        raise TypeError(message(name, "a ToilReport (sl.toil_report(...))", type(report).__name__))
    return shares


def plot_toil_shares(report, *, after=None, floor=None, ax=None, title=None):
    """Horizontal bars: each engineer's toil share against the cap.

    Parameters
    ----------
    report : ToilReport
        From :func:`sre_lab.toil_report`.
    after : ToilReport, optional
        The same people after a change (e.g. ``automation_scenario(...).after``):
        drawn as thin dark bars inside the first.
    floor : float, optional
        An on-call floor to mark (e.g. ``sl.oncall_toil_floor(4)``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd, sre_lab as sl
    >>> tasks = {"restart": dict.fromkeys(sl.TOIL_TRAITS, True),
    ...          "project": dict.fromkeys(sl.TOIL_TRAITS, False)}
    >>> log = pd.DataFrame({"engineer": ["a", "a", "b"], "task": ["restart", "project", "project"],
    ...                     "minutes": [300, 100, 400]})
    >>> ax = plot_toil_shares(sl.toil_report(log, tasks))
    >>> ax.get_xlabel()
    'toil share of logged time (%)'
    """
    shares = _check_report(report)
    ax = _new_axes(ax)
    order = shares.sort_values("toil_share", kind="stable")
    y = np.arange(len(order))
    over = order["over_cap"].to_numpy()
    colors = [COURSE_COLORS[1] if o else COURSE_COLORS[0] for o in over]
    hatches = ["//" if o else "" for o in over]
    bars = ax.barh(y, order["toil_share"], color=colors, edgecolor="white", height=0.7,
                   label="toil share")
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    later = None
    if after is not None:
        later = _check_report(after, "after").reindex(order.index)["toil_share"].to_numpy()
        ax.barh(y, later, color=COURSE_COLORS[7], height=0.25, label="after the change")
    ax.axvline(report.cap, color=COURSE_COLORS[7], linestyle="--", linewidth=1.2,
               label=f"cap {report.cap:.0%} (SRE book)")
    ax.text(report.cap, 0.01, f" cap {report.cap:.0%}", transform=ax.get_xaxis_transform(),
            ha="left", va="bottom", fontsize=7)
    if floor is not None:
        ax.axvline(floor, color=COURSE_COLORS[2], linestyle=":", linewidth=1.5,
                   label=f"on-call floor {floor:.0%}")
    ax.set_yticks(y, [str(name) for name in order.index])
    for i, (yi, value) in enumerate(zip(y, order["toil_share"])):
        text = f"{value:.0%}" if later is None else f"{value:.0%} → {later[i]:.0%}"
        if over[i]:
            text += " (over cap)"
        ax.text(value + 0.015, yi, text, va="center", fontsize=8)
    ax.set_xlim(0, max(1.0, float(order["toil_share"].max()) + 0.45))
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    _percent_axis(ax, "x")
    ax.set_xlabel("toil share of logged time (%)")
    ax.set_ylabel(report.by)
    ax.set_title(title or f"Toil share per {report.by} against the {report.cap:.0%} cap")
    _legend_right(ax)
    return ax


def plot_toil_sources(report, *, ax=None, title=None, weeks=None):
    """Horizontal bars: hours of each top source of toil.

    Parameters
    ----------
    report : ToilReport
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    weeks : float, optional
        Divide by this many weeks to show hours a week.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_report(report)
    sources = report.top_sources.iloc[::-1]
    ax = _new_axes(ax)
    hours = sources["minutes"].to_numpy(dtype=float) / 60
    unit = "hours"
    if weeks:
        hours = hours / weeks
        unit = "hours a week"
    y = np.arange(len(sources))
    ax.barh(y, hours, color=COURSE_COLORS[0], height=0.7)
    ax.set_yticks(y, [str(t) for t in sources["task"]])
    for yi, h, s in zip(y, hours, sources["share_of_toil"]):
        ax.text(h, yi, f" {h:,.1f} h ({s:.0%})" if weeks else f" {h:,.0f} h ({s:.0%})",
                va="center", fontsize=8)
    ax.set_xlim(0, (hours.max() if len(hours) else 1) * 1.3)
    ax.set_xlabel(f"toil ({unit})")
    ax.set_ylabel("task")
    ax.set_title(title or "Top sources of toil (share of all toil)")
    return ax


def plot_automation_payback(payback, *, ax=None, title=None):
    """Cumulative hours gained by an automation, week by week, with the 10-90 % band.

    Parameters
    ----------
    payback : AutomationPayback
        From :func:`sre_lab.automation_payback`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> p = sl.automation_payback(minutes_saved_per_run=30, runs_per_week=10, build_hours=(10, 60))
    >>> plot_automation_payback(p).get_ylabel()
    'net time gained (hours)'
    """
    curve = getattr(payback, "curve", None)
    if curve is None or "net_hours" not in getattr(curve, "columns", ()):
        raise TypeError(message("payback", "an AutomationPayback (sl.automation_payback(...))",
                                type(payback).__name__))
    ax = _new_axes(ax)
    weeks = curve.index.to_numpy()
    ax.fill_between(weeks, curve["p10"], curve["p90"], color="#BBE1F7", linewidth=0,
                    label="10-90 % of the estimates")
    ax.plot(weeks, curve["net_hours"], color=COURSE_COLORS[0], linewidth=2,
            label="most likely values")
    if "p50" in curve.columns and not np.allclose(curve["p50"], curve["net_hours"]):
        ax.plot(weeks, curve["p50"], color=COURSE_COLORS[4], linewidth=1.5, linestyle="-.",
                label="median of the draws")
    ax.axhline(0, color=COURSE_COLORS[7], linewidth=1, linestyle="--", label="break-even line")
    be = payback.break_even_weeks
    if not math.isnan(be) and be <= weeks[-1]:
        ax.plot([be], [0], marker="o", markersize=8, color=COURSE_COLORS[1], linestyle="none",
                label=f"break-even: week {be:.1f}")
    ax.set_xlabel("weeks in use")
    ax.set_ylabel("net time gained (hours)")
    verdict = ("never pays back (most likely values)" if math.isnan(be)
               else f"break-even {be:.1f} weeks (most likely values)")
    ax.set_title(title or f"Automation payback: {verdict}; "
                          f"P(within {payback.horizon_weeks} weeks) {payback.p_break_even:.0%}")
    _legend_right(ax)
    return ax
