"""Views of section 3's incident modules (``notebooks/03_incidents/``).

``plot_response_timeline`` (1b), ``plot_duration_distribution``,
``plot_time_to_declare``, ``plot_incident_trend``, ``plot_incident_rates``,
``plot_budget_pareto``, ``plot_start_time_profile`` (3a) and ``plot_game_day``
(3b). Each draws a result computed by :mod:`sre_lab.incidents` on an ``ax``.
"""

from __future__ import annotations

__all__: list[str] = []


# --------------------------------------------------------------------------- game day (s3-advanced)

def plot_game_day(result, *, ax=None):
    """Scored timeline of a game day: budget spent over virtual minutes, with the moments.

    ``result`` is a :class:`sre_lab.GameDayResult` (``sl.run_game_day``). The
    line is the budget spent by the incident (fraction of the window's budget,
    linear between events); vertical lines mark the page, the acknowledgement,
    the status post, the spread and the mitigation (each with its own line
    style and label, so colour is not needed); the dotted horizontal line is the
    Workbook's 20 % single-incident postmortem rule.
    """
    import matplotlib.pyplot as plt

    from ._style import COURSE_COLORS, COURSE_LINESTYLES

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    tl = result.timeline
    ax.plot(tl["minute"], 100 * tl["budget_spent"], color=COURSE_COLORS[0], marker="o",
            label="budget spent by the incident")
    ax.axhline(20, color=COURSE_COLORS[7], linestyle=":", label="20 % rule (postmortem)")
    m, sc = result.metrics, result.scenario
    moments = [("page", sc.detect_minutes),
               ("acknowledged", _gd_minutes(m["time_to_acknowledge"], sc.detect_minutes)),
               ("status posted", _gd_minutes(m["time_to_communicate"], sc.detect_minutes)),
               ("mitigated", _gd_minutes(m["time_to_mitigate"], 0.0))]
    if result.state.spread:
        moments.insert(1, ("fault spreads", sc.spread_minutes))
    for i, (label, minute) in enumerate(moments):
        if minute is None:
            continue
        ax.axvline(minute, color=COURSE_COLORS[(i + 1) % 7],
                   linestyle=COURSE_LINESTYLES[(i + 1) % len(COURSE_LINESTYLES)],
                   label=f"{label} (min {minute:g})")
    ax.set_xlabel("minutes since the fault started (virtual time)")
    ax.set_ylabel("error budget spent (% of window)")
    ax.set_title(f"Game day: {sc.title} (score {result.score}/100)")
    ax.set_ylim(0, max(25.0, 110 * float(tl["budget_spent"].max())))
    ax.legend(fontsize=8, loc="upper left")
    return ax


def _gd_minutes(delta, origin):
    import pandas as pd

    return None if pd.isna(delta) else origin + delta.total_seconds() / 60


__all__ += ["plot_game_day"]


# --------------------------------------------------------------------------- response (s3-beginner)

def plot_response_timeline(result, *, ax=None):
    """Budget drained by one incident, stage by stage, with the response moments.

    ``result`` is a :class:`sre_lab.ResponseTimeline` (``sl.response_timeline``).
    The line is the error budget spent since the start of impact (linear within
    each stage, exact at the stage ends); vertical lines mark the page, the
    acknowledgement and the mitigation, each with its own line style and label.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    from ._style import COURSE_COLORS, COURSE_LINESTYLES

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    stages = result.stages
    minutes = np.concatenate([[0.0], np.cumsum(stages["minutes"].to_numpy(dtype=float))])
    spent = np.concatenate([[0.0], np.cumsum(stages["budget_share"].to_numpy(dtype=float))])
    ax.plot(minutes, 100 * spent, color=COURSE_COLORS[0], marker="o",
            label="error budget spent")
    events = result.events.set_index("event")["minutes"]
    for i, name in enumerate(("detected", "acknowledged", "mitigated")):
        minute = events[name]
        if pd.isna(minute):
            continue
        ax.axvline(minute, color=COURSE_COLORS[i + 1], linestyle=COURSE_LINESTYLES[i + 1],
                   label=f"{name} (min {minute:g})")
    if pd.isna(events["detected"]):
        ax.text(0.02, 0.9, "no page fired", transform=ax.transAxes)
    ax.set_xlabel("minutes since the impact started")
    ax.set_ylabel("error budget spent (% of window)")
    ax.set_title(f"{result.incident_id} ({result.service}): budget spent while responding")
    ax.set_ylim(0, max(1.0, 115 * float(spent[-1])))
    ax.legend(fontsize=8, loc="upper left")
    return ax


__all__ += ["plot_response_timeline"]


# --------------------------------------------------------------------------- timelines & analytics (s3-data)

def _tl_as_minutes(values):
    """Minutes as floats from Timedeltas or numbers (already minutes); missing ones dropped."""
    import numpy as np
    import pandas as pd

    series = pd.Series(values)
    if pd.api.types.is_timedelta64_dtype(series.dtype) or (
            series.dtype == object and series.map(lambda v: isinstance(v, pd.Timedelta)).any()):
        series = pd.to_timedelta(series).dt.total_seconds() / 60
    minutes = series.to_numpy(dtype=float, na_value=np.nan)
    return minutes[np.isfinite(minutes)]


def _tl_summary_minutes(value):
    import pandas as pd

    return value.total_seconds() / 60 if isinstance(value, pd.Timedelta) else float(value)


def _tl_log_histogram(ax, minutes, summary, *, what, color):
    """Histogram on log-spaced bins with median, p90, mean and the median's interval marked."""
    import numpy as np

    from ._style import COURSE_COLORS, COURSE_LINESTYLES, _legend_right

    shown = minutes[minutes > 0]
    hidden = minutes.size - shown.size
    low, high = (shown.min(), shown.max()) if shown.size else (1.0, 10.0)
    bins = np.geomspace(max(low, 0.5) / 1.05, high * 1.05 if high > low else low * 2, 30)
    ax.hist(shown, bins=bins, color=color, alpha=0.55, edgecolor="white", label=f"{what} ({shown.size:,})")
    ax.set_xscale("log")
    if summary is not None:
        band = (_tl_summary_minutes(summary.median_low), _tl_summary_minutes(summary.median_high))
        ax.axvspan(max(band[0], bins[0]), max(band[1], bins[0]), color=COURSE_COLORS[5], alpha=0.25,
                   hatch="//", label=f"{summary.confidence:.0%} interval of the median")
        marks = (("median", summary.median, COURSE_COLORS[7], COURSE_LINESTYLES[0]),
                 ("p90", summary.p90, COURSE_COLORS[1], COURSE_LINESTYLES[1]),
                 ("mean", summary.mean, COURSE_COLORS[4], COURSE_LINESTYLES[2]))
        for label, value, mark_color, style in marks:
            minutes_value = _tl_summary_minutes(value)
            if minutes_value > 0:
                ax.axvline(minutes_value, color=mark_color, linestyle=style, linewidth=2,
                           label=f"{label}: {_tl_minutes_text(minutes_value)}")
    if hidden:
        ax.plot([], [], " ", label=f"({hidden} at or below 0 min not shown: log axis)")
    ax.set_ylabel("incidents")
    _legend_right(ax)


def _tl_minutes_text(minutes):
    if minutes >= 2 * 1440:
        return f"{minutes / 1440:.1f} days"
    if minutes >= 120:
        return f"{minutes / 60:.1f} h"
    return f"{minutes:.0f} min"


def plot_duration_distribution(durations, summary=None, *, ax=None, title=None):
    """Long-tailed incident durations on a log axis, with median, p90 and mean marked.

    ``durations`` are Timedeltas (or numbers of minutes), e.g.
    ``timelines["duration"]``; ``summary`` is ``sl.duration_summary(durations)``
    (its median, p90, mean and the interval of the median are drawn; each
    line has its own dash pattern and a labelled value). The gap between the
    median and the mean shows why "MTTR" as a mean misleads.
    """
    import matplotlib.pyplot as plt

    from ._style import COURSE_COLORS

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    _tl_log_histogram(ax, _tl_as_minutes(durations), summary, what="incidents", color=COURSE_COLORS[0])
    ax.set_xlabel("duration (minutes, log scale)")
    ax.set_title(title or "How long incidents last: a long tail")
    return ax


def plot_time_to_declare(gaps, summary=None, *, ax=None, title=None):
    """Time from the real impact start to the first status post, on a log axis.

    ``gaps`` is ``sl.time_to_declare(incidents)``; ``summary`` is
    ``sl.duration_summary(gaps)``. Gaps at or below zero cannot sit on a log
    axis: their number is written on the plot.
    """
    import matplotlib.pyplot as plt

    from ._style import COURSE_COLORS

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    _tl_log_histogram(ax, _tl_as_minutes(gaps), summary, what="incidents with a stated impact start",
                   color=COURSE_COLORS[2])
    ax.set_xlabel("time to declare: first status post − impact start (minutes, log scale)")
    ax.set_title(title or "Users were hurt before the status page said so")
    return ax


def plot_incident_trend(trend, *, ax=None, title=None):
    """Incidents per period with their Poisson intervals (``sl.incident_trend``).

    Each period's count is a marker; the whisker is the exact 95 % interval
    of the underlying rate, so a rise is only a rise when the whiskers part.
    """
    import matplotlib.pyplot as plt

    from ._style import COURSE_COLORS, _legend_right

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    x = trend.index
    counts = trend["incidents"].to_numpy(dtype=float)
    below = counts - trend["low"].to_numpy(dtype=float)
    above = trend["high"].to_numpy(dtype=float) - counts
    ax.errorbar(x, counts, yerr=[below, above], fmt="o", color=COURSE_COLORS[0], ecolor=COURSE_COLORS[5],
                elinewidth=2, capsize=2, markersize=4, label="incidents (95 % Poisson interval)")
    ax.axhline(counts.mean(), color=COURSE_COLORS[7], linestyle="--", linewidth=1,
               label=f"average: {counts.mean():.1f} per period")
    ax.set_xlabel("period start (UTC)")
    ax.set_ylabel("incidents per period")
    ax.set_ylim(bottom=0)
    ax.set_title(title or "Incidents over time, with the noise a count carries")
    _legend_right(ax)
    return ax


def plot_incident_rates(rates, *, ax=None, title=None, unit="per unit of exposure"):
    """Rates per exposure by group with their intervals (``sl.incident_rates``), highest on top.

    ``unit`` names the rate in the axis label, e.g. ``"per 1,000 hours"``. The
    raw count is written next to each point.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from ._style import COURSE_COLORS

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.9 + 0.35 * max(len(rates), 3)))
    y = np.arange(len(rates))[::-1]
    rate = rates["rate"].to_numpy(dtype=float)
    ax.errorbar(rate, y, xerr=[rate - rates["rate_low"].to_numpy(dtype=float),
                               rates["rate_high"].to_numpy(dtype=float) - rate],
                fmt="o", color=COURSE_COLORS[0], ecolor=COURSE_COLORS[5], elinewidth=2, capsize=3,
                label="rate (95 % Poisson interval)")
    for yi, hi, n in zip(y, rates["rate_high"].to_numpy(dtype=float), rates["incidents"]):
        ax.text(hi, yi, f"  n={n}", va="center", fontsize=8)
    ax.set_yticks(y, [str(i) for i in rates.index])
    ax.set_ylabel(str(rates.index.name or "group"))
    ax.set_xlabel(f"incidents {unit}")
    ax.set_xlim(left=0)
    ax.set_title(title or f"Incident rate by {rates.index.name or 'group'}")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def plot_budget_pareto(pareto, *, ax=None, title=None):
    """Pareto chart of error budget spent by incident (``sl.budget_pareto``).

    Bars: each incident's share of the window's budget (left axis); line with
    markers: cumulative share of all the budget the incidents spent (right
    axis, 0-100 %). Returns the left axes.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from ._style import COURSE_COLORS

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    x = np.arange(len(pareto))
    ax.bar(x, 100 * pareto["budget_share"].to_numpy(dtype=float), color=COURSE_COLORS[0], alpha=0.75,
           label="budget spent by the incident")
    ax.set_xticks(x, [str(i) for i in pareto["id"]], rotation=60, ha="right", fontsize=8)
    ax.set_xlabel("incident (most budget first)")
    ax.set_ylabel("error budget spent (% of window)")
    right = ax.twinx()
    right.plot(x, 100 * pareto["cumulative_share"].to_numpy(dtype=float), color=COURSE_COLORS[1],
               linestyle="--", marker="o", markersize=3, label="cumulative share of all spent")
    right.set_ylim(0, 105)
    right.set_ylabel("cumulative share (%)")
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], fontsize=8, loc="upper left", bbox_to_anchor=(1.12, 1.0),
              borderaxespad=0.0)
    ax.set_title(title or "A few incidents spend most of the budget")
    return ax


def plot_start_time_profile(profile, *, ax=None, title=None):
    """Incident starts by weekday and UTC hour (``sl.start_time_profile``) as a grid of counts.

    The colour (cividis, readable with colour-vision deficiencies) is backed
    by the count written in each non-empty cell.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.4))
    values = profile.to_numpy()
    image = ax.imshow(values, aspect="auto", cmap="cividis")
    for (row, col), count in ((rc, values[rc]) for rc in
                              ((r, c) for r in range(values.shape[0]) for c in range(values.shape[1]))):
        if count:
            ax.text(col, row, str(count), ha="center", va="center", fontsize=6,
                    color="white" if count < values.max() * 0.6 else "black")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in profile.columns], fontsize=7)
    ax.set_yticks(range(values.shape[0]), [str(i) for i in profile.index])
    ax.set_xlabel("hour of day (UTC)")
    ax.set_ylabel("weekday")
    ax.figure.colorbar(image, ax=ax, label="incidents started")
    ax.set_title(title or "When incidents start (UTC)")
    ax.grid(False)
    return ax


__all__ += ["plot_duration_distribution", "plot_time_to_declare", "plot_incident_trend", "plot_incident_rates",
            "plot_budget_pareto", "plot_start_time_profile"]
