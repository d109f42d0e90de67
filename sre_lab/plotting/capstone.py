"""Views of ``07_capstone/`` (a quarter's incidents, plans compared, the roadmap).

===========================  ====================================================
``plot_incident_timelines``  one quarter's incidents (``sl.simulate_quarter``), a
                             bar each from its start: detect, acknowledge,
                             repair (log axis, 1 minute to 3 days); who
                             detected it marked; prevented ones marked with
                             the lever that prevented them
``plot_plan_comparison``     ``sl.compare_plans``' table as small multiples: a
                             bar per plan (the median over the seeds) with its
                             10-90 % range as a whisker, values written
``plot_roadmap``             ``sl.roadmap(size)`` as a waterfall: Phase 1's
                             total cost, then each step's losses avoided and
                             its people cost, ending at the final total
===========================  ====================================================

Each draws what a core function computed (``sl.simulate_quarter``,
``sl.compare_plans``, ``sl.roadmap``); nothing the course teaches is computed
here.
"""

from __future__ import annotations

import numpy as np

from .._validation import message
from ._style import COURSE_COLORS, _NEUTRAL, _legend_right, _new_axes, _percent_axis, _window_text

__all__ = ["plot_incident_timelines", "plot_plan_comparison", "plot_roadmap"]

#: Segments of an incident's bar: column, legend label, colour, hatch.
_SEGMENTS = (
    ("ttd_minutes", "detect (TTD)", COURSE_COLORS[3], "///"),
    ("tta_minutes", "acknowledge (TTA)", COURSE_COLORS[5], "..."),
    ("repair_minutes", "repair (to mitigated)", COURSE_COLORS[0], None),
)
_DETECTORS = {"alert": ("^", COURSE_COLORS[7], "detected by an alert"),
              "users": ("o", COURSE_COLORS[1], "reported by users")}
_LEVER_WORDS = {"review": "readiness review", "release_gate": "release gate",
                "chaos": "chaos game day"}
_TICK_MINUTES = (1, 5, 15, 60, 240, 1440, 4320)

#: Measures :func:`plot_plan_comparison` knows: column -> (panel title, axis label, kind).
#: ``kind`` sets how values are written: "min", "share", "usd" or "count".
_MEASURES = {
    "incidents": ("Incidents that reached users", "incidents in the quarter", "count"),
    "prevented": ("Incidents prevented", "incidents in the quarter", "count"),
    "ttd_median_minutes": ("Time to detect (median)", "minutes from start", "min"),
    "ttd_mean_minutes": ("Time to detect (mean)", "minutes from start", "min"),
    "ttr_median_minutes": ("Time to recover (median)", "minutes from start to mitigated", "min"),
    "ttr_mean_minutes": ("Time to recover (mean)", "minutes from start to mitigated", "min"),
    "budget_used": ("Checkout's error budget used", "share of the quarter's budget", "share"),
    "good_share": ("Checkout purchases that went through", "share of requests", "share"),
    "lost_purchases": ("Purchases lost to incidents", "purchases in the quarter", "count"),
    "lost_revenue_usd": ("Revenue lost to incidents", "USD in the quarter", "usd"),
    "customers_lost": ("Customers lost (churn)", "customers", "count"),
    "churn_usd": ("Churn: their next year's purchases", "USD", "usd"),
    "response_usd": ("Responders' time", "USD in the quarter", "usd"),
    "observability_usd": ("Observability bill", "USD in the quarter", "usd"),
}
_DEFAULT_MEASURES = ("ttd_median_minutes", "ttr_median_minutes", "budget_used", "lost_purchases",
                     "churn_usd", "observability_usd")
_HATCHES = (None, "//", "..", "xx", "\\\\", "++", "oo", "--")


def _value_text(value: float, kind: str) -> str:
    if value is None or not np.isfinite(value):
        return "n/a"
    if kind == "min":
        return f"{value:,.0f} min"
    if kind == "share":
        return f"{value:.0%}" if abs(value) < 10 else f"{value:,.0f}x"
    if kind == "usd":
        return f"${value:,.0f}"
    return f"{value:,.0f}"


def _minutes_axis(ax, high: float) -> None:
    """A log minutes axis from 1 minute, ticks read as '5 min', '4 h', '3 d'."""
    ax.set_xscale("log")
    ticks = [t for t in _TICK_MINUTES if t <= max(high, 60) * 1.05]
    ax.set_xticks(ticks, [_window_text(t) for t in ticks])
    ax.minorticks_off()
    ax.set_xlim(1, max(high, 60) * 1.6)


def plot_incident_timelines(result, *, ax=None):
    """One quarter's incidents, a bar each: detect, acknowledge, repair; prevented ones marked.

    Parameters
    ----------
    result : QuarterResult
        From :func:`sre_lab.simulate_quarter`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One row per incident (its id and service), the first to start at
        the top. The x axis is minutes from the incident's start, on a log
        scale (from 1 minute to 3 days, so a 3-minute rollback and a
        3-day-old unnoticed incident both read). Each incident that happened
        has up to three bar segments, told apart by hatch as well as colour:
        detect (start to detected, ``ttd_minutes``), acknowledge
        (``tta_minutes``) and repair (``repair_minutes``); a marker at the
        end of detection says who noticed (``^`` an alert, ``o`` users);
        "no traces" is written beside an incident that was not debuggable.
        A prevented incident has no bar: an ``X`` and the lever that
        prevented it.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> r = sl.simulate_quarter(sl.PHASES[4], seed=0)
    >>> ax = plot_incident_timelines(r)
    >>> len(ax.get_yticks()) == len(r.incidents)
    True
    """
    from ..capstone.quarter import QuarterResult

    if not isinstance(result, QuarterResult):
        raise TypeError(message("result", "an sl.simulate_quarter(...) result", type(result).__name__))
    table = result.incidents.sort_values("started", kind="stable").reset_index(drop=True)
    n = len(table)
    ax = _new_axes(ax, figsize=(9.0, 1.4 + 0.22 * max(n, 1)))
    y = np.arange(n)[::-1].astype(float)           # the first incident at the top
    happened = (table["prevented_by"] == "").to_numpy()
    live = table[happened]
    y_live = y[happened]
    highest = float(np.nanmax(live["ttr_minutes"])) if len(live) else 60.0
    left = np.zeros(len(live))
    for column, label, color, hatch in _SEGMENTS:
        width = live[column].to_numpy(float)
        # the log axis starts at 1 minute: a segment is drawn from its start or 1 minute
        start = np.maximum(left, 1.0)
        end = np.maximum(left + width, 1.0)
        ax.barh(y_live, end - start, left=start, height=0.62, color=color, hatch=hatch,
                edgecolor="white" if hatch is None else "#333333", linewidth=0.4, label=label)
        left = left + width
    for who, (marker, color, label) in _DETECTORS.items():
        mine = (live["detected_by"] == who).to_numpy()
        if mine.any():
            ax.plot(np.maximum(live["ttd_minutes"].to_numpy(float)[mine], 1.0), y_live[mine],
                    linestyle="none", marker=marker, markersize=6, color=color,
                    markeredgecolor="white", markeredgewidth=0.6, label=label)
    for yi, (_, row) in zip(y_live, live.iterrows()):
        notes = []
        if not bool(row["debuggable"]):
            notes.append("no traces")
        end = max(float(row["ttd_minutes"] + row["tta_minutes"] + row["repair_minutes"]), 1.0)
        if notes:
            ax.text(end * 1.08, yi, " " + ", ".join(notes), va="center", fontsize=7)
    gone = table[~happened]
    if len(gone):
        ax.plot(np.full(len(gone), 1.25), y[~happened], linestyle="none", marker="X", markersize=8,
                color=COURSE_COLORS[2], markeredgecolor="black", markeredgewidth=0.5,
                label="prevented (no impact)")
        for yi, lever in zip(y[~happened], gone["prevented_by"]):
            ax.text(1.55, yi, f"prevented by {_LEVER_WORDS.get(lever, lever)}", va="center",
                    fontsize=7, color="#333333")
    ax.set_yticks(y, [f"{i} {s}" for i, s in zip(table["id"], table["service"])], fontsize=7)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="y", visible=False)
    _minutes_axis(ax, highest)
    ax.set_xlabel("minutes from the incident's start (log scale)")
    ax.set_ylabel("incident, in order of start")
    s = result.summary
    ax.set_title(f"{result.plan.name}, seed {result.seed}: {s['incidents']} incidents reached users, "
                 f"{s['prevented']} prevented", fontsize=11)
    handles, labels = ax.get_legend_handles_labels()
    order = [labels.index(t) for t in [seg[1] for seg in _SEGMENTS]
             + [d[2] for d in _DETECTORS.values()] + ["prevented (no impact)"] if t in labels]
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8, frameon=False)
    return ax


def plot_plan_comparison(table, *, measures=None, axes=None):
    """Plans side by side, one small panel per measure: median bars and 10-90 % whiskers.

    Parameters
    ----------
    table : DataFrame
        From :func:`sre_lab.compare_plans`: indexed by plan, a column per
        measure and ``<measure>_low`` / ``<measure>_high``.
    measures : sequence of str, optional
        Columns to draw: any measure of :func:`sre_lab.simulate_quarter`'s
        summary (default: time to detect,
        time to recover, budget used, lost purchases, churn, observability).
    axes : array of matplotlib.axes.Axes, optional
        At least one per measure (extra ones are hidden). Default: a new
        figure with a grid of panels, three a row.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The panels drawn, one per measure in order. In each, a horizontal
        bar per plan (hatched per plan as well as coloured; the plan names on
        the left), its 10-90 % range as a whisker (``|---|``), and the median
        written at the right of the panel. ``budget_used`` has a vertical line
        at 1.0: the whole quarter's budget.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> axes = plot_plan_comparison(sl.compare_plans(sl.PHASES, seeds=range(3)))
    >>> len(axes), axes[0].get_title()
    (6, 'Time to detect (median)')
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame) or table.empty:
        raise TypeError(message("table", "the non-empty DataFrame of sl.compare_plans(...)",
                                type(table).__name__))
    measures = list(_DEFAULT_MEASURES if measures is None else
                    ([measures] if isinstance(measures, str) else measures))
    if not measures:
        raise ValueError(message("measures", "at least one measure", measures))
    for m in measures:
        if m not in _MEASURES:
            raise ValueError(message("measures", "one of ("
                                     + ", ".join(_MEASURES) + ")", m))
        missing = [c for c in (m, f"{m}_low", f"{m}_high") if c not in table.columns]
        if missing:
            raise ValueError(message("table", "a table of sl.compare_plans(...) with the columns "
                                     + ", ".join(missing), list(table.columns)[:4]))
    plans = [str(p) for p in table.index]
    if axes is None:
        import matplotlib.pyplot as plt

        cols = min(3, len(measures))
        rows = -(-len(measures) // cols)
        _, grid = plt.subplots(rows, cols, figsize=(4.0 * cols, 0.9 + (0.45 * len(plans) + 0.9) * rows),
                               layout="constrained", squeeze=False)
        axes = grid
        grid[0, 0].figure.suptitle("Plans compared: bar = median over the simulated quarters, "
                                   "whisker |–| = 10–90 % of them", fontsize=11)
    flat = np.asarray(axes, dtype=object).ravel()
    if len(flat) < len(measures):
        raise ValueError(message("axes", f"at least {len(measures)} Axes (one per measure)", len(flat)))
    shape = np.shape(axes)
    columns = shape[-1] if len(shape) == 2 else len(flat)     # plan names on the first column only
    y = np.arange(len(plans))[::-1].astype(float)
    for k, (ax, m) in enumerate(zip(flat, measures)):
        title, unit, kind = _MEASURES[m]
        med = table[m].to_numpy(float)
        low = table[f"{m}_low"].to_numpy(float)
        high = table[f"{m}_high"].to_numpy(float)
        for i, yi in enumerate(y):
            ax.barh([yi], [0.0 if np.isnan(med[i]) else med[i]], height=0.6,
                    color=COURSE_COLORS[i % 6], alpha=0.85, hatch=_HATCHES[i % len(_HATCHES)],
                    edgecolor="#333333", linewidth=0.4)
        ax.hlines(y, low, high, color="black", linewidth=1.3, label="10-90 % of quarters")
        ax.plot(np.concatenate([low, high]), np.concatenate([y, y]), linestyle="none", marker="|",
                markersize=9, color="black")
        reach = np.nanmax(np.concatenate([high, med, [0.0]]))
        reach = reach if np.isfinite(reach) and reach > 0 else 1.0
        for yi, value, top in zip(y, med, np.fmax(high, med)):
            at = top if np.isfinite(top) else 0.0
            ax.annotate(_value_text(value, kind), (at, yi), xytext=(4, 0), textcoords="offset points",
                        va="center", ha="left", fontsize=8)
        if m == "budget_used":
            ax.axvline(1.0, color=COURSE_COLORS[1], linestyle="--", linewidth=1.2)
            ax.text(1.0, len(plans) - 0.2, "the whole quarter's budget ", va="center", ha="right",
                    fontsize=7, color="#333333")
            ax.set_xlim(0, max(1.05, reach) * 1.35)
            _percent_axis(ax, "x")
        else:
            ax.set_xlim(0, reach * 1.35)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(unit, fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
        ax.grid(axis="y", visible=False)
        if kind == "usd" and m != "budget_used":
            from matplotlib.ticker import StrMethodFormatter

            ax.xaxis.set_major_formatter(StrMethodFormatter("${x:,.0f}"))
        elif kind in ("count", "min"):
            from matplotlib.ticker import StrMethodFormatter

            ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        if k % columns == 0:
            ax.set_yticks(y, plans, fontsize=8)
        else:
            ax.set_yticks(y)
            ax.tick_params(axis="y", left=False, labelleft=False)
        ax.set_ylim(-0.6, len(plans) - (0.0 if m == "budget_used" else 0.4))
    for ax in flat[len(measures):]:
        ax.set_visible(False)
    return flat[:len(measures)]


def plot_roadmap(path, *, ax=None):
    """A roadmap as a waterfall: Phase 1's cost, each step's losses avoided and people cost, the end.

    Parameters
    ----------
    path : DataFrame
        From :func:`sre_lab.roadmap` (``step``, ``saves_usd``, ``costs_usd``,
        ``total_usd``; the first row is Phase 1; ``.attrs["size"]``).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        A solid bar for Phase 1's total cost of the quarter; for each step
        two floating bars: what it removed from the losses (down, hatched
        ``//``) and its people cost (up, hatched ``..``), so the step's net
        saving is the drop from one level to the next (written above it);
        a solid bar for the final total. Dashed lines join the levels.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> path = sl.roadmap("small", seeds=range(3))
    >>> ax = plot_roadmap(path)
    >>> float(ax.patches[-1].get_height()) == float(path["total_usd"].iloc[-1])
    True
    """
    import pandas as pd

    needed = {"step", "saves_usd", "costs_usd", "total_usd"}
    if not isinstance(path, pd.DataFrame) or path.empty or not needed <= set(path.columns):
        raise TypeError(message("path", "the DataFrame of sl.roadmap(size)", type(path).__name__))
    totals = path["total_usd"].to_numpy(float)
    costs = path["costs_usd"].to_numpy(float)
    saves = path["saves_usd"].to_numpy(float)
    steps = list(path["step"])
    n_steps = len(path) - 1
    ax = _new_axes(ax, figsize=(max(8.0, 1.2 * (n_steps + 2) + 3.0), 4.2))
    x_end = n_steps + 1
    ax.bar([0], [totals[0]], width=0.6, color=COURSE_COLORS[7], alpha=0.75,
           label="total cost of the quarter")
    ax.text(0, totals[0], f"${totals[0]:,.0f}", ha="center", va="bottom", fontsize=8)
    for i in range(1, n_steps + 1):
        before, after = totals[i - 1], totals[i]
        floor = after - costs[i]                    # where the losses fell to before the people cost
        ax.bar([i - 0.16], [before - floor], bottom=floor, width=0.3, color=COURSE_COLORS[2],
               hatch="//", edgecolor="#333333", linewidth=0.4,
               label="losses and bills avoided" if i == 1 else None)
        ax.bar([i + 0.16], [costs[i]], bottom=floor, width=0.3, color=COURSE_COLORS[3],
               hatch="..", edgecolor="#333333", linewidth=0.4,
               label="people cost of the step" if i == 1 else None)
        ax.plot([i - 1 + 0.3, i - 0.31], [before, before], color=_NEUTRAL, linestyle="--",
                linewidth=0.9)
        ax.text(i, before, f"saves\n${saves[i]:,.0f} net", ha="center", va="bottom", fontsize=7)
        ax.text(i + 0.16, floor, f"people\n+${costs[i]:,.0f}", ha="center", va="top", fontsize=6)
    ax.plot([n_steps + 0.31, x_end - 0.3], [totals[-1], totals[-1]], color=_NEUTRAL,
            linestyle="--", linewidth=0.9)
    ax.bar([x_end], [totals[-1]], width=0.6, color=COURSE_COLORS[0], alpha=0.85,
           label="total after the roadmap")
    ax.text(x_end, totals[-1], f"${totals[-1]:,.0f}", ha="center", va="bottom", fontsize=8)
    labels = ["Phase 1"] + [_wrap(s) for s in steps[1:]] + ["final total"]
    ax.set_xticks(range(x_end + 1), labels, fontsize=8)
    from matplotlib.ticker import StrMethodFormatter

    ax.yaxis.set_major_formatter(StrMethodFormatter("${x:,.0f}"))
    ax.set_ylim(0, max(totals.max(), (totals[:-1] if n_steps else totals).max()) * 1.18)
    ax.set_ylabel("total cost of the quarter (USD)")
    ax.set_xlabel("roadmap steps, in the order the model adds them")
    size = path.attrs.get("size", "")
    what = f"a {size} organisation" if size else "the organisation"
    ax.set_title(f"Roadmap for {what}:\n${totals[0]:,.0f} → ${totals[-1]:,.0f} a quarter "
                 f"in {n_steps} step{'s' if n_steps != 1 else ''}", fontsize=11, parse_math=False)
    ax.grid(axis="x", visible=False)
    _legend_right(ax)
    return ax


def _wrap(text: str, width: int = 13) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text
