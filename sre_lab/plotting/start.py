"""Views of ``00_start_here``: traffic over time, the maturity self-assessment.

=========================  ====================================================
``plot_traffic``           counts over time (e.g. requests per hour), weekends shaded
``plot_maturity``          self-assessment: practices met per maturity stage
=========================  ====================================================
"""

from __future__ import annotations

import numpy as np

from .._validation import message
from ._style import _GOOD, _NEUTRAL, _date_axis, _legend_right, _new_axes, _thin

__all__ = ["plot_traffic", "plot_maturity"]


def plot_traffic(
    counts,
    *,
    ax=None,
    title: str | None = None,
    ylabel: str = "requests per hour",
    shade_weekends: bool = True,
    label: str | None = None,
):
    """Draw event counts over time (e.g. requests per hour), weekends shaded.

    Parameters
    ----------
    counts : pandas.Series
        Counts indexed by a DatetimeIndex (already aggregated, e.g.
        ``traffic["requests"].resample("1h").sum()``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    ylabel : str
        Axis label with the unit, default ``"requests per hour"``.
    shade_weekends : bool
        Shade Saturdays and Sundays (UTC) in light grey, labelled "weekend".
    label : str, optional
        Legend label of the line (a legend is drawn when given or when
        weekends are shaded).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=14, freq="D", tz="UTC")
    >>> ax = plot_traffic(pd.Series(range(14), index=idx), ylabel="requests per day")
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('requests per day', ['requests', 'weekend'])
    """
    import pandas as pd
    from matplotlib.ticker import StrMethodFormatter

    if not isinstance(counts, pd.Series) or not isinstance(counts.index, pd.DatetimeIndex):
        raise TypeError(message("counts", "a pandas Series indexed by time",
                                type(counts).__name__))
    ax = _new_axes(ax, figsize=(9.0, 3.0))
    shown = _thin(counts)
    ax.plot(shown.index, shown.to_numpy(dtype=float), color=_GOOD, linestyle="-",
            label=label or str(counts.name or "requests"))
    if shade_weekends and len(counts):
        days = pd.date_range(counts.index[0].normalize(), counts.index[-1], freq="D")
        first = True
        for day in days[days.day_of_week == 5]:
            ax.axvspan(day, day + pd.Timedelta(days=2), facecolor="0.88", edgecolor="none",
                       zorder=0, label="weekend" if first else None)
            first = False
    ax.set_xlim(counts.index[0], counts.index[-1])
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_ylabel(ylabel)
    ax.set_xlabel("time (UTC)")
    ax.set_title(title or "Traffic over time")
    if shade_weekends or label:
        _legend_right(ax)
    _date_axis(ax)
    return ax


def plot_maturity(result, *, ax=None, title: str | None = None):
    """Draw a maturity self-assessment: practices met per stage, the reached stage marked.

    Parameters
    ----------
    result : sre_lab.culture.MaturityResult
        What :func:`sre_lab.maturity_stage` returned.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import sre_lab as sl
    >>> from sre_lab.culture import maturity_stage
    >>> ax = plot_maturity(maturity_stage({"alerts_on_symptoms": True}))
    >>> ax.get_xlabel()
    'practices in place'
    """
    ax = _new_axes(ax, figsize=(7.0, 2.8))
    stages = list(result.practices_met)
    met = [result.practices_met[s] for s in stages]
    totals = [result.practices_total[s] for s in stages]
    y = np.arange(len(stages))
    ax.barh(y, totals, color="white", edgecolor=_NEUTRAL, label="practices asked")
    ax.barh(y, met, color=_GOOD, hatch="..", edgecolor="white", label="practices in place")
    for yi, (m, t) in enumerate(zip(met, totals)):
        ax.text(t + 0.05, yi, f"{m} of {t}", va="center", fontsize=9)
    labels = [f"{s}  ◀ you" if s == result.stage else s for s in stages]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(totals) + 0.8)
    ax.set_xticks(range(0, max(totals) + 1))
    ax.set_xlabel("practices in place")
    ax.set_title(title or f"Self-assessment: {result.stage} stage")
    ax.grid(axis="y", visible=False)
    return ax
