"""Views of section 3's on-call and triage modules (``sl.simulate_oncall``, ``sl.triage``).

=========================  ===================================================
``plot_oncall_load``       pages handled per person, night pages beside them,
                           the fair share marked
``plot_triage``            the triage bot's ranked causes (lift, log scale)
=========================  ===================================================
"""

from __future__ import annotations

import numpy as np

from .._validation import message
from ._style import COURSE_COLORS, _legend_right, _new_axes

__all__ = ["plot_oncall_load", "plot_triage"]


def plot_oncall_load(load, *, ax=None, title=None):
    """Bars of pages handled per person and night pages, against the fair share.

    Parameters
    ----------
    load : OncallLoad
        The result of :func:`sre_lab.simulate_oncall`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> load = sl.simulate_oncall(sl.simulate_pages(1.0, days=28, rng=1), people=4)
    >>> ax = plot_oncall_load(load)
    >>> ax.get_ylabel()
    'pages (count)'
    """
    people = getattr(load, "people", None)
    if people is None or not {"pages", "night_pages"} <= set(people.columns):
        raise TypeError(message("load", "an OncallLoad (sl.simulate_oncall(...))",
                                type(load).__name__))
    ax = _new_axes(ax)
    x = np.arange(len(people))
    ax.bar(x - 0.2, people["pages"], width=0.4, color=COURSE_COLORS[0],
           label="pages handled")
    ax.bar(x + 0.2, people["night_pages"], width=0.4, color=COURSE_COLORS[1], hatch="//",
           edgecolor="white", label="night pages (22-07 h)")
    fair = people["pages"].sum() / max(len(people), 1)
    ax.axhline(fair, color=COURSE_COLORS[7], linestyle="--", linewidth=1,
               label=f"equal share ({fair:.1f})")
    ax.set_xticks(x, [str(p) for p in people.index])
    ax.set_xlabel("engineer (person number)")
    ax.set_ylabel("pages (count)")
    model = "follow-the-sun" if load.follow_the_sun else "single-site"
    ax.set_title(title or f"On-call load per person ({model})\nGini {load.gini:.2f}, "
                          f"{load.shifts_over_limit:.0%} of 12-hour shifts over 2 pages")
    _legend_right(ax)
    return ax


def plot_triage(ranked, *, ax=None, title=None, top=6):
    """Horizontal bars of the triage bot's top causes by lift (log scale).

    Parameters
    ----------
    ranked : pandas.DataFrame
        The result of :func:`sre_lab.triage`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    top : int, default 6
        How many causes to show.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ranked = sl.triage(sl.load_requests(), "2026-11-01 05:58", "2026-11-01 06:28")
    >>> plot_triage(ranked).get_xscale()
    'log'
    """
    import pandas as pd

    if not isinstance(ranked, pd.DataFrame) or not {"service", "kind", "lift",
                                                   "confident"} <= set(ranked.columns):
        raise TypeError(message("ranked", "the DataFrame of sl.triage(...)",
                                type(ranked).__name__))
    ax = _new_axes(ax)
    rows = ranked.head(top).iloc[::-1]
    lift = rows["lift"].clip(lower=0.01)
    colors = [COURSE_COLORS[0] if c else COURSE_COLORS[5] for c in rows["confident"]]
    hatches = ["" if c else "//" for c in rows["confident"]]
    bars = ax.barh([f"{s} · {k}" for s, k in zip(rows["service"], rows["kind"])], lift,
                   color=colors)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    for bar, c in zip(bars, rows["confident"]):
        ax.text(bar.get_width() * 1.1, bar.get_y() + bar.get_height() / 2,
                "confident" if c else "not confident", va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("lift: excess over normal (x normal, log scale)")
    ax.set_ylabel("candidate cause (service · kind)")
    ax.set_title(title or "Triage: probable causes, most likely at the top")
    return ax
