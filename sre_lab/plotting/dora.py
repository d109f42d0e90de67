"""Views of section 5's DORA module (``sl.dora_trend``, ``sl.DORA_BANDS``).

=========================  ===================================================
``plot_dora_trend``        one key per week / month (a line per team), the
                           chosen edition's cluster bands behind it
=========================  ===================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_choice, message
from ..culture.dora import DORA_BANDS, DORA_EDITIONS, DORA_METRICS, DORA_TIERS
from ._style import COURSE_COLORS, COURSE_LINESTYLES, _naive_utc, _new_axes

__all__ = ["plot_dora_trend"]

_LABELS = {
    "deployment_frequency": ("Deployment frequency", "deployments (log scale)"),
    "lead_time": ("Lead time for changes (median)", "commit to production (log scale)"),
    "change_failure_rate": ("Change failure rate", "failed deployments (% of deployments)"),
    "recovery_time": ("Failed deployment recovery time (median)", "time to restore (log scale)"),
}
# Tier shading: light Okabe-Ito tints, best to worst; labels carry the meaning, not colour.
_TIER_COLORS = dict(zip(DORA_TIERS, (COURSE_COLORS[2], COURSE_COLORS[5], COURSE_COLORS[3], COURSE_COLORS[1])))
_MARKERS = ("o", "s", "^", "D", "v", "P")
# Log-axis ticks at the durations and rates the reports' bands are written in.
_HOUR_TICKS = ((1 / 6, "10 min"), (1.0, "1 hour"), (24.0, "1 day"), (168.0, "1 week"), (730.0, "1 month"),
               (4380.0, "6 months"), (8760.0, "1 year"))
_RATE_TICKS = ((1 / 182.5, "1 / 6 months"), (1 / 30.4, "1 / month"), (1 / 7, "1 / week"),
               (1.0, "1 / day"), (10.0, "10 / day"), (100.0, "100 / day"))


def _in_units(metric: str, values: pd.Series) -> np.ndarray:
    if metric in ("lead_time", "recovery_time"):
        return (pd.to_timedelta(values) / pd.Timedelta(hours=1)).to_numpy(dtype=float)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def plot_dora_trend(trend, *, metric="lead_time", edition=None, highlight=None, ax=None, title=None):
    """Draw one of the four keys per period, with one edition's DORA cluster bands behind it.

    Parameters
    ----------
    trend : pandas.DataFrame
        The result of :func:`sre_lab.dora_trend` (one line per group when it
        has a group column such as ``team``).
    metric : str, default "lead_time"
        One of ``sl.DORA_METRICS``.
    edition : {2019, 2021, 2023}, optional
        Shade that report's clusters (labelled at the right edge); ``None``
        draws no bands.
    highlight : (start, end), optional
        A period to shade (e.g. the dashboard's chosen month).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Periods without a deployment have no lead time, failure rate or
    recovery time: the line has a gap there (and a frequency of 0, drawn at
    the bottom edge of the log axis as an open marker). Bands overlap or
    leave gaps where the report's do; 2023's change failure rates are
    typical values, drawn as dotted lines.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> trend = sl.dora_trend(sl.load_deployments(), period="month")
    >>> ax = plot_dora_trend(trend, metric="lead_time", edition=2019)
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'commit to production (log scale)')
    >>> [t.get_text() for t in ax.get_yticklabels() if t.get_text()][:3]
    ['10 min', '1 hour', '1 day']
    """
    if not isinstance(trend, pd.DataFrame) or not {"period_start", "period_end", *DORA_METRICS} <= set(trend.columns):
        raise TypeError(message("trend", "the DataFrame of sl.dora_trend(...)", type(trend).__name__))
    metric = check_choice("metric", metric, DORA_METRICS)
    if edition is not None and (isinstance(edition, bool) or edition not in DORA_EDITIONS):
        raise ValueError(message("edition", "None or one of " + ", ".join(map(str, DORA_EDITIONS)), edition))
    ax = _new_axes(ax)
    name, ylabel = _LABELS[metric]
    log_scale = metric != "change_failure_rate"
    scale = 100.0 if metric == "change_failure_rate" else 1.0
    group_columns = [c for c in trend.columns if c not in
                     {"period_start", "period_end", "days", *DORA_METRICS, "n_deployments", "n_failed", "n_unrestored"}]
    groups = trend.groupby(group_columns[0], sort=False) if group_columns else [("all", trend)]
    found = []
    for i, (group, rows) in enumerate(groups):
        start = _naive_utc(rows["period_start"])
        end = _naive_utc(rows["period_end"])
        middle = start + (end - start) / 2
        values = _in_units(metric, rows[metric]) * scale
        shown = np.where(values > 0, values, np.nan) if log_scale else values
        ax.plot(middle, shown, color=COURSE_COLORS[i % 8], linestyle=COURSE_LINESTYLES[i % 8],
                marker=_MARKERS[i % len(_MARKERS)], label=str(group))
        found.append(shown[np.isfinite(shown)])
    data = np.concatenate(found) if found else np.array([])
    if log_scale:
        from matplotlib.ticker import NullFormatter

        from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

        ax.set_yscale("log")
        ticks = _RATE_TICKS if metric == "deployment_frequency" else _HOUR_TICKS
        edges = np.array([t for t, _ in ticks])
        lo, hi = (np.nanmin(data), np.nanmax(data)) if data.size else (1.0, 1.0)
        # from the tick edge below the data to the one above it, so at least two labels show
        low = edges[edges <= lo / 1.2].max() / 1.5 if (edges <= lo / 1.2).any() else lo / 3
        high = edges[edges >= hi * 1.2].min() * 1.5 if (edges >= hi * 1.2).any() else hi * 3
        ax.yaxis.set_major_locator(FixedLocator(edges))
        ax.yaxis.set_major_formatter(FixedFormatter([label for _, label in ticks]))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        low, high = 0.0, max(np.nanmax(data) * 1.2 if data.size else 0.0, 20.0)
    ax.set_ylim(low, high)
    if log_scale:  # periods with no deployment: an open marker on the bottom edge
        for i, (group, rows) in enumerate(groups):
            zero = (_in_units(metric, rows[metric]) == 0) & (metric == "deployment_frequency")
            if zero.any():
                start = _naive_utc(rows["period_start"][zero])
                end = _naive_utc(rows["period_end"][zero])
                ax.plot(start + (end - start) / 2, np.full(int(zero.sum()), low * 1.05), linestyle="none",
                        marker=_MARKERS[i % len(_MARKERS)], markerfacecolor="white",
                        color=COURSE_COLORS[i % 8], clip_on=False)
    if highlight is not None:
        first, last = (_naive_utc(pd.Timestamp(t)) for t in highlight)
        ax.axvspan(first, last + np.timedelta64(1, "D"), color="#999999", alpha=0.15, lw=0,
                   label="chosen period")
    if edition is not None:
        _draw_bands(ax, metric, int(edition), scale, low, high)
    ax.set_xlabel("period (UTC), points at mid-period")
    ax.set_ylabel(ylabel)
    ax.set_title(title or name + (f" against DORA {edition} clusters" if edition else ""))
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(ax.get_legend_handles_labels()[0]):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8)
    return ax


def _draw_bands(ax, metric: str, edition: int, scale: float, low: float, high: float) -> None:
    bands = DORA_BANDS[(DORA_BANDS["edition"] == edition) & (DORA_BANDS["metric"] == metric)]
    transform = ax.get_yaxis_transform()
    label = dict(transform=transform, ha="right", fontsize=7, color="#222222", clip_on=True,
                 bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.7))
    # clusters that share one band (the reports' overlaps) get one shading and one label
    for (lower, upper), same in bands.groupby(["lower", "upper"], sort=False):
        lower, upper = lower * scale, upper * scale
        tiers = " = ".join(same["tier"])
        color = _TIER_COLORS[same["tier"].iloc[-1]]
        if lower == upper:  # a typical value, not a range
            ax.axhline(lower, color=color, linestyle=":", linewidth=1.5)
            if low <= lower <= high:
                ax.text(0.995, lower, f"{tiers} ≈ {same['published'].iloc[0]}", va="bottom", **label)
            continue
        ax.axhspan(max(lower, low * 0.5 if low > 0 else lower), min(upper, high * 2), color=color,
                   alpha=0.12, lw=0)
        shown_low, shown_high = max(lower, low), min(upper, high)
        if shown_low < shown_high:
            where = np.sqrt(shown_low * shown_high) if ax.get_yscale() == "log" and shown_low > 0 \
                else (shown_low + shown_high) / 2
            ax.text(0.995, where, tiers, va="center", **label)
