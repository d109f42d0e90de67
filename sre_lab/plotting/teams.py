"""Views of 05_culture/2* (SRE team models, production readiness reviews).

=========================  ===================================================
``plot_team_models``       mean response time against SRE headcount, one line
                           per team model, the target marked
``plot_readiness``         readiness score per service at its level, with the
                           checks passed and required
``plot_review_effect``     risk ratios reviewed / skipped with intervals (log
                           scale): per team, crude, adjusted
=========================  ===================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import message
from ._style import COURSE_COLORS, COURSE_LINESTYLES, _legend_right, _new_axes, _percent_axis

__all__ = ["plot_team_models", "plot_readiness", "plot_review_effect"]

_MARKERS = ("o", "s", "^", "D", "v", "P")


def plot_team_models(sweep, *, response_hours=None, ax=None, title=None):
    """Mean response time (working hours, log scale) against SRE headcount, per model.

    Headcounts whose queue never empties (``sl.NEVER``) are left out and said
    in the legend.

    Parameters
    ----------
    sweep : pandas.DataFrame
        The result of :func:`sre_lab.team_model_sweep`.
    response_hours : float, optional
        A target to mark as a horizontal line.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_team_models(sl.team_model_sweep({"a": 2.0, "b": 1.0}, n_sre=range(1, 5)))
    >>> ax.get_yscale()
    'log'
    """
    if not isinstance(sweep, pd.DataFrame) or not {"model", "n_sre", "response_time"} <= set(sweep.columns):
        raise TypeError(message("sweep", "the DataFrame of sl.team_model_sweep(...)",
                                type(sweep).__name__))
    ax = _new_axes(ax)
    for i, (model, rows) in enumerate(sweep.groupby("model", sort=False)):
        hours = rows["response_time"] / pd.Timedelta(hours=1)
        ok = hours.notna()
        never = rows.loc[~ok, "n_sre"].tolist()
        label = model if not never else f"{model} (never keeps up at {', '.join(map(str, never))})"
        ax.plot(rows.loc[ok, "n_sre"], hours[ok], color=COURSE_COLORS[i % 8],
                linestyle=COURSE_LINESTYLES[i % 8], marker=_MARKERS[i % 6], label=label)
    if response_hours is not None:
        ax.axhline(response_hours, color=COURSE_COLORS[7], linestyle=":", linewidth=1,
                   label=f"target {response_hours:g} h")
    ax.set_yscale("log")
    ax.set_xticks(sorted(sweep["n_sre"].unique()))
    ax.set_xlabel("SRE headcount (people)")
    ax.set_ylabel("mean response (working hours, log)")
    ax.set_title(title or "Response time of each team model as SREs are added")
    _legend_right(ax)
    return ax


def plot_readiness(scores, *, ax=None, title=None):
    """Horizontal bars of each service's readiness score, with passed / required.

    Parameters
    ----------
    scores : pandas.DataFrame
        The result of :func:`sre_lab.readiness_score` (``by="service"``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_readiness(sl.readiness_score(sl.MICROCORP_PRR, level="B"))
    >>> ax.get_xlabel()
    'required checks passed (share)'
    """
    if not isinstance(scores, pd.DataFrame) or not {"level", "required", "passed", "score"} <= set(scores.columns):
        raise TypeError(message("scores", "the DataFrame of sl.readiness_score(...)",
                                type(scores).__name__))
    ax = _new_axes(ax)
    rows = scores.iloc[::-1]
    labels = [f"{s} (level {lv})" for s, lv in zip(rows.index, rows["level"])]
    bars = ax.barh(labels, rows["score"], color=COURSE_COLORS[0])
    for bar, (passed, required) in zip(bars, zip(rows["passed"], rows["required"])):
        ax.text(min(bar.get_width(), 1.0) - 0.01, bar.get_y() + bar.get_height() / 2,
                f"{passed} of {required}", va="center", ha="right", color="white", fontsize=9)
    ax.set_xlim(0.0, 1.0)
    _percent_axis(ax, "x")
    ax.set_xlabel("required checks passed (share)")
    ax.set_ylabel("service (its level)")
    ax.set_title(title or "Production readiness: required checks passed")
    return ax


def plot_review_effect(effect, *, truth=None, ax=None, title=None):
    """Risk ratios (reviewed / skipped) with their intervals, log scale.

    One row per team, then the crude (pooled) ratio and the team-adjusted
    (Mantel-Haenszel) one. A ratio of 1 means no effect; 0.5 means halved.

    Parameters
    ----------
    effect : ReviewEffect
        The result of :func:`sre_lab.review_effect`.
    truth : float, optional
        The effect built into a simulation, marked for comparison.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_review_effect(sl.review_effect(sl.microcorp_launches()))
    >>> ax.get_xscale()
    'log'
    """
    ratios = getattr(effect, "ratios", None)
    if not isinstance(ratios, pd.DataFrame) or not {"risk_ratio", "low", "high"} <= set(ratios.columns):
        raise TypeError(message("effect", "a ReviewEffect (sl.review_effect(...))",
                                type(effect).__name__))
    ax = _new_axes(ax)
    rows = ratios.iloc[::-1]
    y = np.arange(len(rows))
    for yi, (name, row) in zip(y, rows.iterrows()):
        summary = str(name).startswith(("all", "adjusted"))
        color = COURSE_COLORS[1] if summary else COURSE_COLORS[0]
        if np.isfinite(row["low"]) and np.isfinite(row["high"]):
            ax.plot([row["low"], row["high"]], [yi, yi], color=color, linewidth=2, linestyle="-")
        if np.isfinite(row["risk_ratio"]) and row["risk_ratio"] > 0:
            ax.plot(row["risk_ratio"], yi, marker="D" if summary else "o", color=color,
                    markersize=8 if summary else 6, linestyle="none")
            ax.annotate(f"{row['risk_ratio']:.2f}", (row["risk_ratio"], yi), xytext=(0, 7),
                        textcoords="offset points", ha="center", fontsize=8)
    ax.axvline(1.0, color=COURSE_COLORS[7], linestyle="-", linewidth=1, label="1 = no effect")
    if truth is None or truth != 0.5:
        ax.axvline(0.5, color=COURSE_COLORS[7], linestyle=":", linewidth=1, label="0.5 = halved")
    if truth is not None:
        ax.axvline(truth, color=COURSE_COLORS[2], linestyle="--", linewidth=1.5,
                   label=f"built into the simulation ({truth:g}{' = halved' if truth == 0.5 else ''})")
    ax.set_yticks(y, [str(i) for i in rows.index])
    ax.set_xscale("log")
    finite = pd.concat([rows["low"], rows["high"], rows["risk_ratio"]])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    low = max(min(float(finite.min()) if len(finite) else 0.1, 0.1) / 1.5, 1e-3)
    high = min(max(float(finite.max()) if len(finite) else 10.0, 10.0) * 1.5, 1e3)
    ax.set_xlim(low, high)
    ax.set_xlabel(f"risk ratio, reviewed / skipped launches (log; bars: "
                  f"{effect.confidence:.0%} interval)")
    ax.set_ylabel("team, or all teams")
    ax.set_title(title or "Do reviews cut incidents per launch?")
    _legend_right(ax)
    return ax
