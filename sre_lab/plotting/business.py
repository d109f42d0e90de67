"""Views of 05_culture/3a and 3c: maturity scores, their sensitivity, the business case.

=========================  ===================================================
``plot_maturity_scores``   each team's score as stacked weighted contributions
                           of the five indicators, stage cut points marked
``plot_weight_sweep``      each team's score as one weight goes from 0 to 1;
                           crossings are where the ranking flips
``plot_roi``               the distribution of a reliability investment's
                           return: interval, point estimate, break-even
=========================  ===================================================

They draw what :func:`sre_lab.maturity_score`,
:func:`sre_lab.maturity_weight_sweep` and :func:`sre_lab.reliability_roi`
computed; nothing is computed here.
"""

from __future__ import annotations

import numpy as np

from .._validation import message
from ._style import COURSE_COLORS, COURSE_LINESTYLES, _legend_right, _new_axes, _percent_axis

__all__ = ["plot_maturity_scores", "plot_weight_sweep", "plot_roi"]

_INDICATOR_LABELS = {"prr": "readiness (PRR)", "toil": "toil headroom", "oncall": "on-call headroom",
                     "budget": "budgets kept", "dora": "DORA band"}
_HATCHES = ("", "//", "..", "xx", "\\\\")


def plot_maturity_scores(scores, *, ax=None, title=None):
    """Stacked bars: each indicator's weighted contribution to each team's score.

    Parameters
    ----------
    scores : pandas.DataFrame
        The result of :func:`sre_lab.maturity_score` (its ``attrs["weights"]``
        give the weights).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd, sre_lab as sl
    >>> teams = pd.DataFrame({"prr_coverage": [0.9, 0.6], "toil_share": [0.2, 0.6],
    ...     "incidents_per_shift": [0.5, 1.0], "budget_breaches": [0, 6],
    ...     "slo_windows": [12, 12], "dora_band": ["high", "low"]}, index=["a", "b"])
    >>> plot_maturity_scores(sl.maturity_score(teams)).get_xlabel()
    'maturity score (0 = worst, 1 = best; unit-free)'
    """
    from ..culture.maturity import MATURITY_STAGE_CUTS, MATURITY_STAGES

    weights = getattr(scores, "attrs", {}).get("weights") if hasattr(scores, "columns") else None
    if weights is None or "score" not in scores.columns:
        raise TypeError(message("scores", "the DataFrame of sl.maturity_score(...)",
                                type(scores).__name__))
    ax = _new_axes(ax, figsize=(8.0, 0.8 + 0.6 * len(scores)))
    rows = scores.iloc[::-1]
    left = np.zeros(len(rows))
    y = np.arange(len(rows))
    for i, (name, weight) in enumerate(weights.items()):
        part = rows[name].to_numpy(dtype=float) * weight
        ax.barh(y, part, left=left, color=COURSE_COLORS[i % len(COURSE_COLORS)],
                hatch=_HATCHES[i % len(_HATCHES)], edgecolor="white",
                label=f"{_INDICATOR_LABELS.get(name, name)} (weight {weight:.2f})")
        left += part
    for yi, (score, stage) in enumerate(zip(rows["score"], rows["stage"])):
        ax.text(score + 0.01, yi, f"{score:.2f} · {stage}", va="center", fontsize=9)
    edges = (0.0, *MATURITY_STAGE_CUTS, 1.0)
    for cut in MATURITY_STAGE_CUTS:
        ax.axvline(cut, color=COURSE_COLORS[7], linestyle=":", linewidth=1)
    for stage, lo, hi in zip(MATURITY_STAGES, edges[:-1], edges[1:]):
        ax.text((lo + hi) / 2, len(rows) - 0.45, stage, ha="center", va="bottom", fontsize=8,
                color="#555555")
    ax.set_yticks(y, [str(t) for t in rows.index])
    ax.set_xlim(0, 1.22)                      # room for the labels right of a full bar
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_ylim(-0.6, len(rows) - 0.1)
    ax.set_xlabel("maturity score (0 = worst, 1 = best; unit-free)")
    ax.set_ylabel("team")
    ax.set_title(title or "Maturity score per team: weighted, normalised indicators")
    _legend_right(ax)
    return ax


def plot_weight_sweep(sweep, *, ax=None, title=None, indicator=None, weight=None):
    """Lines of each team's score against the weight of one indicator.

    Parameters
    ----------
    sweep : pandas.DataFrame
        The result of :func:`sre_lab.maturity_weight_sweep`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    indicator : str, optional
        The swept indicator's name, for the axis label.
    weight : float, optional
        The indicator's base weight, marked with a dashed line.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd, sre_lab as sl
    >>> teams = pd.DataFrame({"prr_coverage": [1.0, 0.0], "toil_share": [0.5, 0.0],
    ...     "incidents_per_shift": [0.0, 0.0], "budget_breaches": [0, 0],
    ...     "slo_windows": [1, 1], "dora_band": ["low", "low"]}, index=["a", "b"])
    >>> sweep = sl.maturity_weight_sweep(teams, indicator="prr")
    >>> plot_weight_sweep(sweep, indicator="prr").get_ylabel()
    'maturity score (0-1)'
    """
    if not hasattr(sweep, "columns") or "leader" not in sweep.columns:
        raise TypeError(message("sweep", "the DataFrame of sl.maturity_weight_sweep(...)",
                                type(sweep).__name__))
    ax = _new_axes(ax)
    teams = [c for c in sweep.columns if c not in ("leader", "ranking")]
    x = sweep.index.to_numpy(dtype=float)
    for i, team in enumerate(teams):
        ax.plot(x, sweep[team], color=COURSE_COLORS[i % len(COURSE_COLORS)],
                linestyle=COURSE_LINESTYLES[i % len(COURSE_LINESTYLES)], label=str(team))
    ax.set_ylim(0, 1.08)
    order = sweep["ranking"].to_numpy() if "ranking" in sweep.columns else sweep["leader"].to_numpy()
    flips = np.flatnonzero(order[1:] != order[:-1])
    for j, k in enumerate(flips):
        at = (x[k] + x[k + 1]) / 2
        ax.axvline(at, color=COURSE_COLORS[7], linestyle=":", linewidth=1)
        ax.text(at, 1.07 - 0.09 * (j % 3), f" order changes near {at:.2f}", va="top", fontsize=8)
    if weight is not None:
        ax.axvline(weight, color="#777777", linestyle=(0, (2, 2)), linewidth=1.2,
                   label=f"base weight {weight:.2f}")
    name = _INDICATOR_LABELS.get(indicator, indicator) if indicator else "the swept indicator"
    ax.set_xlabel(f"weight of {name} (0-1; the others share the rest)")
    ax.set_ylabel("maturity score (0-1)")
    ax.set_title(title or f"How the ranking depends on the weight of {name}\n"
                          "(dotted: where the order of the teams changes)")
    _legend_right(ax)
    return ax


def plot_roi(result, *, ax=None, title=None, bins=60):
    """Histogram of the simulated returns, with the interval, point estimate and break-even.

    Parameters
    ----------
    result : ReliabilityROI
        The result of :func:`sre_lab.reliability_roi`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    bins : int, default 60

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> r = sl.reliability_roi([1000.0] * 4, period_days=28, investment_usd=10_000,
    ...                        reduction=(0.2, 0.6), rng=1)
    >>> plot_roi(r).get_xlabel()
    'return on investment (% of the money invested; 0 = break-even)'
    """
    samples = getattr(result, "samples", None)
    if samples is None or "roi" not in getattr(samples, "columns", ()):
        raise TypeError(message("result", "a ReliabilityROI (sl.reliability_roi(...))",
                                type(result).__name__))
    ax = _new_axes(ax)
    roi = samples["roi"].to_numpy(dtype=float)
    lo, hi = np.quantile(roi, [0.005, 0.995])
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    ax.hist(roi, bins=bins, range=(lo, hi), color=COURSE_COLORS[5], edgecolor="white",
            label="simulated futures (middle 99 %)")
    ax.axvspan(result.roi_low, result.roi_high, color=COURSE_COLORS[0], alpha=0.12,
               label=f"{result.interval:.0%} interval ({result.roi_low:+.0%} to {result.roi_high:+.0%})")
    ax.axvline(0, color=COURSE_COLORS[1], linestyle="--", linewidth=1.5,
               label=f"break-even (P(loss) = {result.probability_loss:.0%})")
    ax.axvline(result.point_roi, color=COURSE_COLORS[7], linestyle=":", linewidth=1.5,
               label=f"point estimate {result.point_roi:+.0%}")
    ax.axvline(result.roi_median, color=COURSE_COLORS[0], linestyle="-", linewidth=1.5,
               label=f"median {result.roi_median:+.0%}")
    _percent_axis(ax, "x")
    ax.set_xlabel("return on investment (% of the money invested; 0 = break-even)")
    ax.set_ylabel("simulated futures (count)")
    years = f"{result.years:g} year" + ("" if result.years == 1 else "s")
    ax.set_title(title or f"Return on the reliability investment over {years}")
    _legend_right(ax)
    return ax
