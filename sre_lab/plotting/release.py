"""Views of ``06_observability_driven_dev/2*``: synthetic checks, canary analysis, release gates.

=========================  ===================================================
``plot_synthetic_checks``  failed runs per probe location over a time span,
                           alert episodes and incidents shaded (hatched)
``plot_synthetic_rules``   per alert rule: false alarms (x) against incidents
                           detected (y), each point named
``plot_canary_latencies``  baseline and canary latency distributions (ECDFs,
                           log axis), medians and p99 marked
``plot_gate_power``        share of releases a gate blocks against the sample
                           size, one line per regression (0 = A/A)
``plot_gate_quarter``      a quarter of gate decisions: each deployment on a
                           timeline, in one of four outcome rows
=========================  ===================================================

Every figure draws what a core function computed (``sl.synthetic_checks``,
``sl.synthetic_alerts``, ``sl.synthetic_detection``,
``sl.simulate_release_latencies``, ``sl.gate_error_rates``, ``sl.canary_test``);
none computes a quantity the course teaches.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, message
from ._style import COURSE_COLORS, COURSE_LINESTYLES, _legend_right, _naive_utc, _new_axes, _percent_axis

__all__ = ["plot_synthetic_checks", "plot_synthetic_rules", "plot_canary_latencies", "plot_gate_power",
           "plot_gate_quarter"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _frame(name, value, columns):
    return check_columns(name, value, list(columns))


def _plain_log_axis(ax, axis: str = "x") -> None:
    """Log-scale ticks at 1-2-5 steps written as plain numbers (50, 100, 1,000), not 10^2."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    target.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    target.set_minor_formatter(NullFormatter())


def _time_axis(ax, span: pd.Timedelta) -> None:
    import matplotlib.dates as mdates

    if span <= pd.Timedelta(hours=6):
        locator = mdates.MinuteLocator(byminute=range(0, 60, 15 if span <= pd.Timedelta(hours=2) else 30))
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# --------------------------------------------------------------------------- synthetic checks
def plot_synthetic_checks(checks, *, alerts=None, incidents=None, start=None, end=None, ax=None, title=None):
    """Failed synthetic runs per probe location over a time span, with alerts and incidents.

    One row per location; a marker at every failed run, its shape saying
    why the run failed (a MicroCorp service failed, or the probe itself).
    Alert episodes are shaded in blue, incidents hatched and labelled with
    their id, so the three layers differ without colour.

    Parameters
    ----------
    checks : DataFrame
        From :func:`sre_lab.synthetic_checks` (``timestamp``, ``location``,
        ``success``, ``failed_step``).
    alerts : DataFrame, optional
        From :func:`sre_lab.synthetic_alerts` (``start``, ``end``).
    incidents : DataFrame, optional
        Incidents (``sl.load_incidents()``: ``id``, ``started``, and
        ``mitigated`` or ``resolved``).
    start, end : timestamp-like, optional
        The span to draw (default: all of ``checks``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> times = pd.date_range("2026-10-05", periods=3, freq="min", tz="UTC")
    >>> checks = pd.DataFrame({"timestamp": times.repeat(2), "location": ["Frankfurt", "NewYork"] * 3,
    ...                        "success": [True, True, False, True, True, False],
    ...                        "failed_step": ["", "", "payment", "", "", "probe"]})
    >>> ax = plot_synthetic_checks(checks)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Frankfurt', 'NewYork']
    >>> ax.get_ylabel()
    'probe location'
    """
    checks = _frame("checks", checks, ("timestamp", "location", "success", "failed_step"))
    times = pd.DatetimeIndex(checks["timestamp"])
    first = pd.Timestamp(start) if start is not None else times.min()
    last = pd.Timestamp(end) if end is not None else times.max()
    if first.tzinfo is None and times.tz is not None:
        first, last = first.tz_localize("UTC"), last.tz_localize("UTC")
    if not first < last:
        raise ValueError(message("end", "after start", end))
    ax = _new_axes(ax, figsize=(8.0, 3.0))
    shown = checks[(times >= first) & (times <= last)]
    names = list(dict.fromkeys(checks["location"]))
    row = {name: i for i, name in enumerate(names)}
    failed = shown[~shown["success"].astype(bool)]
    probe = failed["failed_step"] == "probe"
    for mask, marker, color, label in ((~probe, "x", COURSE_COLORS[1], "run failed: a MicroCorp step"),
                                       (probe, "o", COURSE_COLORS[7], "run failed: the probe itself")):
        part = failed[mask]
        ax.plot(_naive_utc(part["timestamp"]), part["location"].map(row).to_numpy(dtype=float),
                linestyle="none", marker=marker, markersize=6, color=color, markerfacecolor="none",
                label=f"{label} ({len(part)})")
    if alerts is not None:
        alerts = _frame("alerts", alerts, ("start", "end"))
        labelled = False
        for a_start, a_end in zip(alerts["start"], alerts["end"]):
            if a_end < first or a_start > last:
                continue
            ax.axvspan(_naive_utc(max(a_start, first)), _naive_utc(min(a_end, last)), color=COURSE_COLORS[0],
                       alpha=0.25, lw=0, label=None if labelled else "synthetic alert firing")
            labelled = True
    lanes = []
    if incidents is not None:
        end_column = "mitigated" if "mitigated" in incidents.columns else "resolved"
        incidents = _frame("incidents", incidents, ("id", "started", end_column))
        for name, i_start, i_end in zip(incidents["id"], incidents["started"], incidents[end_column]):
            if i_end < first or i_start > last:
                continue
            lanes.append((name, max(i_start, first), min(i_end, last)))
    # incidents: one hatched bar each, in lanes above the locations, labelled with their id
    for lane, (name, i_start, i_end) in enumerate(lanes):
        y = len(names) + 0.1 + 0.55 * lane
        ax.broken_barh([(_naive_utc(i_start), _naive_utc(i_end) - _naive_utc(i_start))], (y, 0.4),
                       facecolors="white", edgecolors="#444444", hatch="///", linewidth=0.8,
                       label="incident (start to mitigation)" if lane == 0 else None)
        ax.text(_naive_utc(i_start), y + 0.2, f" {name}", fontsize=7, va="center", ha="left", clip_on=True,
                bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none"))
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(-0.6, len(names) + 0.2 + 0.55 * len(lanes) if lanes else len(names) - 0.4)
    ax.set_xlim(_naive_utc(first), _naive_utc(last))
    ax.set_ylabel("probe location")
    ax.set_xlabel("time (UTC)")
    ax.grid(axis="y", alpha=0.0)
    _time_axis(ax, last - first)
    ax.set_title(title or "Failed synthetic runs by location")
    _legend_right(ax)
    return ax


def plot_synthetic_rules(table, *, ax=None, title=None, incidents_total=None):
    """Each alert rule's false alarms (x) against the incidents it detected (y).

    A point per rule (its own marker and colour), named in the legend with
    its median time to detect: the upper left is the good corner (many
    incidents, few false alarms).

    Parameters
    ----------
    table : DataFrame
        One row per rule, indexed by the rule's name, with ``false_alarms``
        (alert episodes overlapping no incident), ``detected`` (incidents
        detected) and optionally ``median_time_to_detect`` (Timedelta).
    incidents_total : int, optional
        How many incidents could be detected: drawn as a dotted line.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The x axis is symmetric-log (0, 1, 10, 100 ...) so a rule with no false
    alarm stays on the plot next to one with hundreds.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> rules = pd.DataFrame({"false_alarms": [322, 0], "detected": [11, 1],
    ...                       "median_time_to_detect": pd.to_timedelta([0, 1], unit="min")},
    ...                      index=["1 of 3, 1 run", "2 of 3, 2 runs"])
    >>> ax = plot_synthetic_rules(rules, incidents_total=15)
    >>> ax.get_xscale(), ax.get_ylabel()
    ('symlog', 'incidents detected')
    """
    table = _frame("table", table, ("false_alarms", "detected"))
    ax = _new_axes(ax, figsize=(7.5, 3.8))
    x = pd.to_numeric(table["false_alarms"]).to_numpy(dtype=float)
    y = pd.to_numeric(table["detected"]).to_numpy(dtype=float)
    median = table["median_time_to_detect"] if "median_time_to_detect" in table.columns else None
    for i, name in enumerate(table.index):
        text = str(name)
        if median is not None and not pd.isna(median.iloc[i]):
            text += f": median {pd.Timedelta(median.iloc[i]) / pd.Timedelta(minutes=1):.0f} min to detect"
        ax.plot(x[i], y[i], linestyle="none", marker=_MARKERS[i % len(_MARKERS)], markersize=9,
                color=COURSE_COLORS[i % 8], label=text)
    if incidents_total is not None:
        ax.axhline(incidents_total, color="#555555", linestyle=":", linewidth=1.2)
        ax.text(0.0, incidents_total, " all incidents the journey could see", fontsize=8, va="bottom",
                transform=ax.get_yaxis_transform())
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlim(-0.5, max(10.0, np.nanmax(x) * 8) if len(x) else 10.0)
    high = max(np.nanmax(y) if len(y) else 1.0, incidents_total or 0)
    ax.set_ylim(0, high * 1.15 + 0.5)
    ax.set_xlabel("false alarms (alert episodes with no incident)")
    ax.set_ylabel("incidents detected")
    ax.set_title(title or "Synthetic alert rules: detection against false alarms")
    _legend_right(ax)
    return ax


# --------------------------------------------------------------------------- canary analysis
def plot_canary_latencies(latencies, *, ax=None, title=None):
    """Baseline and canary latency distributions as ECDFs on a log axis, medians and p99 marked.

    Parameters
    ----------
    latencies : DataFrame
        From :func:`sre_lab.simulate_release_latencies` (``group`` "baseline"
        or "canary", ``latency_ms``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    An ECDF (share of requests at most x ms) shows the whole distribution,
    so a shift anywhere, not only at the median, is visible. The groups
    differ by colour and dash pattern and are named in the legend.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> lat = pd.DataFrame({"group": ["baseline"] * 3 + ["canary"] * 3,
    ...                     "latency_ms": [100.0, 120.0, 140.0, 110.0, 130.0, 150.0]})
    >>> ax = plot_canary_latencies(lat)
    >>> ax.get_xscale(), ax.get_ylabel()
    ('log', 'share of requests at most x')
    """
    latencies = _frame("latencies", latencies, ("group", "latency_ms"))
    ax = _new_axes(ax)
    for i, (group, rows) in enumerate(latencies.groupby("group", sort=True)):
        values = np.sort(pd.to_numeric(rows["latency_ms"]).to_numpy(dtype=float))
        share = np.arange(1, len(values) + 1) / len(values)
        color, style = COURSE_COLORS[i % 8], COURSE_LINESTYLES[i % 8]
        median, p99 = np.quantile(values, [0.5, 0.99])
        ax.step(values, share, where="post", color=color, linestyle=style,
                label=f"{group}: median {median:,.0f} ms, p99 {p99:,.0f} ms (n = {len(values):,})")
        ax.plot([median], [0.5], marker="o", color=color, linestyle="none")
        ax.plot([p99], [0.99], marker="^", color=color, linestyle="none")
    ax.set_xscale("log")
    _plain_log_axis(ax)
    _percent_axis(ax)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("latency (ms, log scale); ● median, ▲ p99")
    ax.set_ylabel("share of requests at most x")
    ax.set_title(title or "Canary against baseline: latency distributions")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_gate_power(table, *, alpha=None, target_power=0.8, ax=None, title=None):
    """Share of simulated releases a gate blocks, against the requests per group.

    Parameters
    ----------
    table : DataFrame
        One row per sample size: column ``n_requests`` and one column per
        line to draw, named for it (e.g. ``"A/A (no change)"``,
        ``"5 % slower"``), holding the blocked share of
        :func:`sre_lab.gate_error_rates`.
    alpha : float, optional
        The gate's significance level: a dotted line (the A/A line should
        sit on it).
    target_power : float or None, default 0.8
        A dashed line at the power one wants (None: none).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> table = pd.DataFrame({"n_requests": [100, 1000], "A/A": [0.05, 0.05], "5 % slower": [0.2, 0.8]})
    >>> ax = plot_gate_power(table, alpha=0.05)
    >>> ax.get_xscale(), ax.get_xlabel()
    ('log', 'requests per group (log scale)')
    """
    table = _frame("table", table, ("n_requests",))
    lines = [c for c in table.columns if c != "n_requests"]
    if not lines:
        raise ValueError(message("table", "a DataFrame with at least one column besides n_requests",
                                 list(table.columns)))
    ax = _new_axes(ax)
    n = pd.to_numeric(table["n_requests"]).to_numpy(dtype=float)
    for i, column in enumerate(lines):
        ax.plot(n, pd.to_numeric(table[column]).to_numpy(dtype=float), color=COURSE_COLORS[i % 8],
                linestyle=COURSE_LINESTYLES[i % 8], marker=_MARKERS[i % len(_MARKERS)], label=str(column))
    if target_power is not None:
        ax.axhline(target_power, color="#555555", linestyle="--", linewidth=1.0)
        ax.text(0.995, target_power, f"power {target_power:.0%}", ha="right", va="bottom", fontsize=8,
                transform=ax.get_yaxis_transform())
    if alpha is not None:
        ax.axhline(alpha, color="#555555", linestyle=":", linewidth=1.0)
        ax.text(0.995, alpha, f"alpha {alpha:.0%}", ha="right", va="bottom", fontsize=8,
                transform=ax.get_yaxis_transform())
    ax.set_xscale("log")
    _plain_log_axis(ax)
    ax.set_ylim(0, 1.02)
    _percent_axis(ax)
    ax.set_xlabel("requests per group (log scale)")
    ax.set_ylabel("releases blocked")
    ax.set_title(title or "How often the gate blocks, by sample size")
    _legend_right(ax)
    return ax


_OUTCOMES = (  # (failed, blocked) -> row label, marker, colour
    ((False, False), "good, passed", "o", COURSE_COLORS[2]),
    ((False, True), "good, BLOCKED (false alarm)", "X", COURSE_COLORS[1]),
    ((True, True), "bad, blocked (caught)", "s", COURSE_COLORS[0]),
    ((True, False), "bad, PASSED (missed)", "D", COURSE_COLORS[3]),
)


def plot_gate_quarter(decisions, *, ax=None, title=None):
    """A quarter of gate decisions: every deployment on a timeline, in its outcome row.

    Parameters
    ----------
    decisions : DataFrame
        One row per deployment: ``deployed_at`` (time), ``failed`` (bool: the
        release carried the regression) and ``blocked`` (bool: the gate
        stopped it), e.g. ``sl.load_deployments()`` with a ``blocked``
        column added from the gate's verdicts.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Four rows, each with its own marker and its count in the label:
    good releases passed, good releases blocked (false alarms), bad
    releases blocked, bad releases passed (missed).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> log = pd.DataFrame({"deployed_at": pd.date_range("2026-08-03", periods=4, freq="D", tz="UTC"),
    ...                     "failed": [False, False, True, True], "blocked": [False, True, True, False]})
    >>> ax = plot_gate_quarter(log)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['good, passed (1)', 'good, BLOCKED (false alarm) (1)', 'bad, blocked (caught) (1)', 'bad, PASSED (missed) (1)']
    """
    decisions = _frame("decisions", decisions, ("deployed_at", "failed", "blocked"))
    for column in ("failed", "blocked"):
        if not pd.api.types.is_bool_dtype(decisions[column]):
            raise TypeError(message(f"decisions[{column!r}]", "booleans", str(decisions[column].dtype)))
    ax = _new_axes(ax, figsize=(8.0, 3.0))
    labels = []
    for row, ((failed, blocked), label, marker, color) in enumerate(_OUTCOMES):
        part = decisions[(decisions["failed"] == failed) & (decisions["blocked"] == blocked)]
        ax.plot(_naive_utc(part["deployed_at"]), np.full(len(part), row, dtype=float), linestyle="none",
                marker=marker, markersize=5 if row == 0 else 7, color=color, alpha=0.5 if row == 0 else 0.9)
        labels.append(f"{label} ({len(part)})")
    ax.set_yticks(range(len(_OUTCOMES)), labels)
    ax.set_ylim(len(_OUTCOMES) - 0.5, -0.5)
    ax.grid(axis="y", alpha=0.0)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("deployed at (UTC)")
    ax.set_title(title or f"A quarter of release-gate decisions ({len(decisions)} deployments)")
    return ax
