"""Views of 06_observability_driven_dev/1* (the instrumented checkout, Emma's memory check).

===========================  =========================================================
``plot_trace_waterfall``     one trace's spans as a waterfall (start and end as the
                             SDK measured them), events marked, errors hatched
``plot_checkout_metrics``    the request counter per status code, with the mean
                             duration from the histogram
``plot_memory_growth``       bytes a build keeps against orders handled, per build,
                             with the CI budget as a line
===========================  =========================================================

Each draws what :func:`sre_lab.capture_telemetry` / :func:`sre_lab.measure_memory`
produced; nothing is computed here beyond unit conversions.
"""

from __future__ import annotations

from .._validation import check_int, message
from ._style import COURSE_COLORS, COURSE_LINESTYLES, _legend_right, _new_axes

__all__ = ["plot_trace_waterfall", "plot_checkout_metrics", "plot_memory_growth"]

_MARKERS = ("o", "s", "^", "D", "v", "P")


def _check_telemetry(telemetry):
    from ..resilience.instrumentation import Telemetry

    if not isinstance(telemetry, Telemetry):
        raise TypeError(message("telemetry", "an sl.Telemetry from sl.capture_telemetry",
                                type(telemetry).__name__))
    return telemetry


def plot_trace_waterfall(telemetry, *, trace: int = 1, ax=None, title=None):
    """One trace as a waterfall: a bar per span from its start to its end.

    Times are the span timestamps the OpenTelemetry SDK recorded (this
    machine's clock, in microseconds since the trace's first span started):
    they show nesting and order, not the checkout's simulated latency.
    Span events are marked with a diamond and their name; spans with status
    ERROR are hatched and say so in their label.

    Parameters
    ----------
    telemetry : Telemetry
        From :func:`sre_lab.capture_telemetry`.
    trace : int, default 1
        Which trace, numbered 1, 2, ... in order of appearance (as in
        ``telemetry.span_frame()``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_trace_waterfall(sl.capture_telemetry(sl.handle_checkout_instrumented), trace=4)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['POST /checkout (SERVER)', 'charge payment (CLIENT, ERROR)']
    """
    telemetry = _check_telemetry(telemetry)
    ids = list(dict.fromkeys(s.context.trace_id for s in telemetry.spans))
    if not ids:
        raise ValueError(message("telemetry", "a capture with at least one span", "no spans",
                                 "The handler emitted no spans: instrument it first."))
    trace = check_int("trace", trace, low=1, high=len(ids))
    spans = sorted((s for s in telemetry.spans if s.context.trace_id == ids[trace - 1]),
                   key=lambda s: (s.start_time, -s.end_time))
    t0 = spans[0].start_time
    ax = _new_axes(ax, figsize=(8.0, 0.9 + 0.7 * len(spans)))
    labels = []
    for row, span in enumerate(spans):
        start_us = (span.start_time - t0) / 1e3
        width_us = max((span.end_time - span.start_time) / 1e3, 1e-3)
        error = span.status.status_code.name == "ERROR"
        ax.barh(row, width_us, left=start_us, height=0.55, color=COURSE_COLORS[1 if error else 0],
                edgecolor="black", linewidth=0.6, hatch="//" if error else "")
        labels.append(f"{span.name} ({span.kind.name}{', ERROR' if error else ''})")
        for event in span.events:
            at_us = (event.timestamp - t0) / 1e3
            ax.plot(at_us, row, marker="D", color="black", markersize=7, zorder=3)
            ax.annotate(f"event: {event.name}", (at_us, row), xytext=(0, 13), textcoords="offset points",
                        fontsize=9, ha="center", va="bottom",
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})
    ax.set_yticks(range(len(spans)), labels)
    ax.invert_yaxis()
    ax.set_ylim(len(spans) - 0.4, -1.0)
    ax.set_xlabel("time since the trace started (µs, measured by the SDK on this machine)")
    ax.set_title(title or f"Trace {trace}: {spans[0].name} and its child spans")
    return ax


def plot_checkout_metrics(telemetry, *, ax=None, title=None):
    """Bars: checkout requests per HTTP status code, labelled with count and mean duration.

    Reads the counter ``microcorp.checkout.requests`` and the histogram
    ``microcorp.checkout.duration`` (sum / count of each status code's point).

    Parameters
    ----------
    telemetry : Telemetry
        From :func:`sre_lab.capture_telemetry` with an instrumented handler.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_checkout_metrics(sl.capture_telemetry(sl.handle_checkout_instrumented))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['200', '402']
    """
    telemetry = _check_telemetry(telemetry)
    counts = {p.attributes.get("http.response.status_code"): 0.0
              for p in telemetry.points_named("microcorp.checkout.requests")}
    if not counts:
        raise ValueError(message("telemetry", "a capture with the counter 'microcorp.checkout.requests'",
                                 "no such metric", "Capture an instrumented handler."))
    for p in telemetry.points_named("microcorp.checkout.requests"):
        counts[p.attributes.get("http.response.status_code")] += p.value
    durations = {}
    for p in telemetry.points_named("microcorp.checkout.duration"):
        code = p.attributes.get("http.response.status_code")
        total, n = durations.get(code, (0.0, 0))
        durations[code] = (total + p.value, n + (p.count or 0))
    codes = sorted(counts, key=str)
    ax = _new_axes(ax, figsize=(6.0, 3.4))
    bars = ax.bar([str(c) for c in codes], [counts[c] for c in codes],
                  color=[COURSE_COLORS[1] if str(c).startswith(("4", "5")) else COURSE_COLORS[0] for c in codes],
                  edgecolor="black", linewidth=0.6)
    for bar, code in zip(bars, codes):
        total, n = durations.get(code, (0.0, 0))
        text = f"{counts[code]:,.0f} requests" + (f"\nmean {total / n:,.0f} ms" if n else "")
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, max(counts.values()) * 1.35)
    ax.set_xlabel("HTTP status code (attribute http.response.status_code)")
    ax.set_ylabel("requests (counter value)")
    ax.set_title(title or "microcorp.checkout.requests by status code")
    return ax


def plot_memory_growth(reports, *, budget_bytes_per_1000_orders=None, log: bool = True, ax=None, title=None):
    """Lines: bytes each build keeps against the orders it handled, with the CI budget.

    Parameters
    ----------
    reports : list of MemoryReport
        From :func:`sre_lab.measure_memory`, several ``n_orders`` per build;
        reports with the same ``build`` label make one line.
    budget_bytes_per_1000_orders : float, optional
        The CI budget, drawn as a dashed line rising with the orders.
    log : bool, default True
        A logarithmic memory axis, so a good build's few hundred bytes and a
        leak's megabytes show on one chart.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> good = sl.checkout_handler()
    >>> reports = [sl.measure_memory(good, n_orders=n, build="v1") for n in (100, 200)]
    >>> plot_memory_growth(reports, budget_bytes_per_1000_orders=65536).get_ylabel()
    'memory kept after the run (KiB, log scale)'
    """
    from ..resilience.instrumentation import MemoryReport

    if isinstance(reports, MemoryReport):
        reports = [reports]
    if isinstance(reports, (str, bytes)) or not hasattr(reports, "__iter__"):
        raise TypeError(message("reports", "a list of sl.MemoryReport", type(reports).__name__))
    reports = list(reports)
    if not reports or not all(isinstance(r, MemoryReport) for r in reports):
        raise TypeError(message("reports", "a non-empty list of sl.MemoryReport", reports))
    ax = _new_axes(ax)
    builds = list(dict.fromkeys(r.build for r in reports))
    most = max(r.n_orders for r in reports)
    for i, build in enumerate(builds):
        mine = sorted((r for r in reports if r.build == build), key=lambda r: r.n_orders)
        ax.plot([r.n_orders for r in mine], [r.retained_bytes / 1024 for r in mine],
                color=COURSE_COLORS[i % len(COURSE_COLORS)], linestyle=COURSE_LINESTYLES[i % len(COURSE_LINESTYLES)],
                marker=_MARKERS[i % len(_MARKERS)], label=build or "(unnamed build)")
    if budget_bytes_per_1000_orders is not None:
        budget = float(budget_bytes_per_1000_orders)
        sizes = sorted({r.n_orders for r in reports} | {most})
        ax.plot(sizes, [budget * n / 1000 / 1024 for n in sizes], color=COURSE_COLORS[7], linestyle="--",
                linewidth=1.2, label=f"CI budget: {budget / 1024:,.0f} KiB per 1,000 orders")
    ax.set_xlim(0, most * 1.05)
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel("orders handled in the test run")
    ax.set_ylabel("memory kept after the run (KiB" + (", log scale)" if log else ")"))
    ax.set_title(title or "Memory each build keeps (tracemalloc, after garbage collection)")
    _legend_right(ax)
    return ax
