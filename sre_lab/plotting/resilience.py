"""Views for section 6 (resilience): checkout's SLI over virtual time, for runs and chaos lab.

=========================  ====================================================
``plot_checkout_sli``      checkout's availability and share of fast requests
                           per virtual minute, the fault window(s) shaded and
                           labelled, the minutes a breaker was open marked;
                           for a chaos run also the steady state without the
                           fault and the hypothesis' tolerances
=========================  ====================================================

It draws what :func:`sre_lab.simulate_requests` (a ``RequestSimulation``) or
:func:`sre_lab.run_experiment` (a ``ChaosRun``) computed; nothing the course
teaches is computed here. The chaos lab (``sl.chaos_lab_dashboard``) draws
with it. More views of the call graph (retry amplification, breaker states,
load against capacity, verdicts) are in :mod:`sre_lab.plotting.chaos`.
"""

from __future__ import annotations

import numpy as np

from .._validation import message
from ..formatting import format_percent
from ..resilience.callgraph import RequestSimulation
from ..resilience.chaos import ChaosRun
from ._style import COURSE_COLORS, _NEUTRAL, _new_axes, _percent_axis

__all__ = ["plot_checkout_sli"]

_DEPENDENCIES = ("payment", "search")
_FAULT_WORDS = {"error": "errors", "latency": "slow", "outage": "outage",
                "dependency_loss": "network path lost"}
_FAULT_HATCHES = ("//", "\\\\", "..", "++")
_BREAKER_HATCH = {"payment": "xx", "search": "||"}


def _fault_label(fault: dict) -> str:
    """``"fault: search outage\n50 % of attempts, minutes 10–20"`` (two lines)."""
    share = fault.get("traffic_share", 1.0)
    what = f"{fault['service']} {_FAULT_WORDS.get(fault['kind'], fault['kind'])}"
    if fault["kind"] == "latency":
        what += f" +{fault['added_latency_ms']:g} ms"
    elif fault["kind"] == "error" and fault.get("error_ratio", 1.0) < 1:
        what += f" ({format_percent(fault['error_ratio'])} of calls)"
    radius = "all attempts" if share >= 1 else f"{format_percent(share)} of attempts"
    return f"fault: {what}\n{radius}, minutes {fault['start_minute']:g}–{fault['end_minute']:g}"


def _parts(result):
    """``(sli, baseline_sli or None, faults as dicts, run or None)`` of either result type."""
    if isinstance(result, ChaosRun):
        faults = [result.fault] if result.fault is not None else []
        return result.sli, result.baseline_sli, faults, result
    if isinstance(result, RequestSimulation):
        faults = [{"service": f.service, "kind": f.kind, "start_minute": f.start_minute,
                   "end_minute": f.end_minute, "error_ratio": f.error_ratio,
                   "added_latency_ms": f.added_latency_ms, "traffic_share": f.traffic_share}
                  for f in result.scenario.faults]
        return result.sli, None, faults, None
    raise TypeError(message("result", "an sl.simulate_requests(...) or sl.run_experiment(...) result",
                            type(result).__name__))


def plot_checkout_sli(result, *, ax=None, title=None):
    """Checkout's availability and share of fast requests per virtual minute, faults shaded.

    Parameters
    ----------
    result : RequestSimulation or ChaosRun
        From :func:`sre_lab.simulate_requests` or :func:`sre_lab.run_experiment`.
        For a chaos run the run *with* the fault is drawn, the same traffic
        without it as a thin grey line, and the hypothesis' tolerances as
        dotted lines (they hold over the whole run, not minute by minute). A
        run stopped before any fault (the steady state did not hold) shows
        the run without the fault and says so.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Each fault window is a hatched span labelled with the service, the
        kind, the blast radius (share of attempts) and the minutes; minutes in
        which a dependency's circuit breaker was open or half-open are marked
        by a hatched strip along the bottom.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_checkout_sli(sl.run_experiment("search-outage"))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('virtual time (minutes)', 'share of checkout requests')
    >>> [t.get_label() for t in ax.patches][:1]
    ['fault: search outage\\nall attempts, minutes 10–20']
    """
    sli, baseline, faults, run = _parts(result)
    ax = _new_axes(ax, figsize=(8.5, 3.6))
    shown = sli if sli is not None else baseline
    lows = []
    for i, fault in enumerate(faults):
        ax.axvspan(fault["start_minute"], fault["end_minute"], color=_NEUTRAL, alpha=0.15,
                   hatch=_FAULT_HATCHES[i % len(_FAULT_HATCHES)], label=_fault_label(fault),
                   zorder=0)
    x = shown.index.to_numpy() + 0.5
    every = max(1, len(shown) // 15)
    if baseline is not None and sli is not None:
        ax.plot(x, baseline["availability"], color=_NEUTRAL, linewidth=1.0, linestyle="-",
                label="availability without the fault", zorder=1)
    ax.plot(x, shown["availability"], color=COURSE_COLORS[0], linestyle="-", marker="o",
            markersize=3.5, markevery=every, label="availability (good / requests)", zorder=2)
    # on top, dashed: where both are equal the solid line shows between the dashes
    ax.plot(x, shown["fast_ratio"], color=COURSE_COLORS[3], linestyle="--", marker="s",
            markersize=3.5, markevery=every,
            label=f"fast (good and ≤ {_threshold_ms(result):g} ms)", zorder=3)
    lows += [np.nanmin(shown["availability"]), np.nanmin(shown["fast_ratio"])]
    if run is not None:
        for value, style, what in ((run.min_availability, ":", "availability"),
                                   (run.min_fast_ratio, (0, (1, 3)), "fast")):
            if np.isfinite(value):
                ax.axhline(value, color=COURSE_COLORS[1], linestyle=style, linewidth=1.2,
                           label=f"hypothesis, whole run:\n{what} ≥ {format_percent(value)}")
                lows.append(value)
    low = float(np.nanmin(lows)) if lows else 0.0
    span = max(1.0 - low, 0.002)
    bottom = max(-0.02, low - 0.18 * span)
    ax.set_ylim(bottom, 1.0 + 0.04 * span)
    strip_top = 0.06  # breaker strip, in axes coordinates
    for d in _DEPENDENCIES:
        column = f"{d}_breaker_open_s"
        if column not in shown or not (shown[column] > 0).any():
            continue
        labelled = False
        for minute in shown.index[shown[column] > 0]:
            ax.axvspan(minute, minute + 1, ymin=0.0, ymax=strip_top, facecolor="white",
                       edgecolor=COURSE_COLORS[4], hatch=_BREAKER_HATCH[d], linewidth=0,
                       label=None if labelled else f"{d} breaker open or half-open", zorder=4)
            labelled = True
    if run is not None and sli is None:
        ax.text(0.5, 0.5, "steady state not met before the fault:\nnothing was injected",
                transform=ax.transAxes, ha="center", va="center", fontsize=10,
                bbox=dict(facecolor="white", edgecolor=_NEUTRAL))
    ax.set_xlim(0, len(shown))
    ax.set_xlabel("virtual time (minutes)")
    ax.set_ylabel("share of checkout requests")
    _percent_axis(ax, decimals=None)
    if title is None:
        if run is None:
            title = "Checkout per virtual minute"
        elif run.sli is None:
            title = f"Chaos experiment {run.experiment!r}: not run (steady state not met)"
        else:
            title = (f"Chaos experiment {run.experiment!r}: steady state "
                     f"{'deviated' if run.deviated else 'held'}")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8,
              frameon=False)
    return ax


def _threshold_ms(result) -> float:
    if isinstance(result, RequestSimulation):
        return result.scenario.latency_threshold_ms
    return float((result.scenario or {}).get("latency_threshold_ms", 1000.0))
