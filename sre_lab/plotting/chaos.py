"""Views of ``06_observability_driven_dev/3*`` (retries, breakers, metastable failure, chaos).

===============================  ====================================================
``plot_retry_amplification``     worst-case attempts at the deepest service against
                                 the number of retrying layers (log axis), one line
                                 per attempts-per-layer, a retry-budget line
``plot_retry_arrivals``          when retries reach a service after a failure:
                                 synchronised spikes without jitter, a spread with it
``plot_breaker_states``          a circuit breaker's state call by call
                                 (``sl.breaker_states``), outcomes marked
``plot_load_vs_capacity``        attempts a dependency receives per second against
                                 its capacity, over virtual minutes, trigger shaded:
                                 the metastable state is load staying above the line
``plot_availability_by_minute``  checkout availability per virtual minute for several
                                 runs (fixes side by side), trigger shaded
``plot_chaos_verdicts``          each chaos experiment's steady-state probes against
                                 their tolerances: held or deviated
===============================  ====================================================

Each draws what a core function computed (``sl.retry_amplification``,
``sl.backoff_delays_ms``, ``sl.breaker_states``, ``sl.simulate_requests``,
``sl.run_experiment``); nothing the course teaches is computed here.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .._validation import message
from ..resilience.callgraph import RequestSimulation
from ..resilience.chaos import ChaosRun
from ._style import COURSE_COLORS, COURSE_LINESTYLES, _NEUTRAL, _legend_right, _new_axes, _percent_axis

__all__ = ["plot_retry_amplification", "plot_retry_arrivals", "plot_breaker_states",
           "plot_load_vs_capacity", "plot_availability_by_minute", "plot_chaos_verdicts"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _as_runs(results, name="results") -> dict:
    """``results`` as ``{label: RequestSimulation}`` (one result gets the label "run")."""
    if isinstance(results, RequestSimulation):
        return {"run": results}
    if isinstance(results, Mapping) and results and all(
            isinstance(r, RequestSimulation) for r in results.values()):
        return {str(k): v for k, v in results.items()}
    raise TypeError(message(name, "an sl.simulate_requests result or a non-empty dict "
                            "{label: result}", type(results).__name__))


def _shade_faults(ax, faults, *, service=None) -> None:
    """Shade each fault window (on ``service``, or all), labelled once, hatched (not colour alone)."""
    labelled = False
    for f in faults:
        if service is not None and f.service != service:
            continue
        ax.axvspan(f.start_minute, f.end_minute, color=_NEUTRAL, alpha=0.18, hatch="//",
                   label=None if labelled else f"fault: {f.kind} in {f.service}")
        labelled = True


def plot_retry_amplification(table, *, budget=None, ax=None, title=None):
    """Worst-case attempts at the deepest service against the number of retrying layers.

    Parameters
    ----------
    table : DataFrame
        Index: layers that retry (1, 2, ...); one column per attempts-per-layer
        ``k``; values: attempts reaching the deepest service per user request,
        e.g. ``sl.retry_amplification(k, layers)``.
    budget : Series, optional
        The same for callers under a retry budget (index: layers), drawn black
        and dotted.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd, sre_lab as sl
    >>> t = pd.DataFrame({k: [sl.retry_amplification(k, n) for n in (1, 2, 3)] for k in (2, 3)},
    ...                  index=[1, 2, 3])
    >>> ax = plot_retry_amplification(t)
    >>> [line.get_label() for line in ax.get_lines()]
    ['2 attempts per layer', '3 attempts per layer']
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame) or table.empty:
        raise TypeError(message("table", "a non-empty DataFrame (index: layers, one column per "
                                "attempts-per-layer)", type(table).__name__))
    ax = _new_axes(ax)
    layers = np.asarray(table.index, dtype=float)
    for i, column in enumerate(table.columns):
        ax.plot(layers, table[column].to_numpy(dtype=float), marker=_MARKERS[i % len(_MARKERS)],
                color=COURSE_COLORS[i % 6], linestyle=COURSE_LINESTYLES[i % 6],
                label=f"{column} attempts per layer")
        ax.annotate(f"{table[column].iloc[-1]:,.0f}", (layers[-1], float(table[column].iloc[-1])),
                    textcoords="offset points", xytext=(6, 0), va="center", fontsize=8)
    if budget is not None:
        ax.plot(np.asarray(budget.index, dtype=float), np.asarray(budget, dtype=float),
                color=COURSE_COLORS[7], linestyle=":", marker="x",
                label=str(getattr(budget, "name", None) or "with a retry budget"))
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.margins(x=0.12)
    ax.set_xlabel("layers of the call chain that retry")
    ax.set_ylabel("attempts at the deepest service\nper user request (log scale)")
    ax.set_title(title or "Retries multiply across layers: k attempts at L layers is k^L")
    _legend_right(ax)
    return ax


def plot_retry_arrivals(times_ms, *, bin_ms=50.0, ax=None, title=None):
    """When retries reach a service after many callers failed at the same moment.

    Parameters
    ----------
    times_ms : mapping of label to array
        For each retry policy, the start times (ms after the failure) of every
        retry, e.g. cumulative sums of ``sl.backoff_delays_ms``.
    bin_ms : float, default 50
        Width of a histogram bin.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_retry_arrivals({"no jitter": [100, 100, 300], "full jitter": [20, 70, 250]})
    >>> len(ax.get_legend().get_texts())
    2
    """
    if not isinstance(times_ms, Mapping) or not times_ms:
        raise TypeError(message("times_ms", "a non-empty dict {label: retry times in ms}",
                                type(times_ms).__name__))
    if not (isinstance(bin_ms, (int, float)) and bin_ms > 0):
        raise ValueError(message("bin_ms", "a number > 0", bin_ms))
    ax = _new_axes(ax)
    arrays = {str(k): np.asarray(v, dtype=float) for k, v in times_ms.items()}
    high = max(float(a.max()) for a in arrays.values() if a.size) if any(
        a.size for a in arrays.values()) else bin_ms
    edges = np.arange(0.0, high + 2 * bin_ms, bin_ms)
    for i, (label, values) in enumerate(arrays.items()):
        counts, _ = np.histogram(values, bins=edges)
        ax.stairs(counts, edges, color=COURSE_COLORS[i % 6], linestyle=COURSE_LINESTYLES[i % 6],
                  linewidth=1.8, label=f"{label} (peak {counts.max():,} in {bin_ms:g} ms)")
    ax.set_xlabel("time after the failure (ms)")
    ax.set_ylabel(f"retries arriving per {bin_ms:g} ms")
    ax.set_title(title or "Jitter spreads the retries of callers that failed together")
    _legend_right(ax)
    return ax


def plot_breaker_states(states, *, ax=None, title=None):
    """A circuit breaker's state at every call, with each call's outcome.

    Parameters
    ----------
    states : DataFrame
        From :func:`sre_lab.breaker_states` (``time_s``, ``state``,
        ``permitted``, ``failed``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> b = sl.CircuitBreaker(0.5, "count", 4, 4, 3.0, 2)
    >>> ax = plot_breaker_states(sl.breaker_states([0, 1, 0, 1, 0, 0, 1, 0, 0], breaker=b))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['closed', 'half-open', 'open']
    """
    import pandas as pd

    needed = {"time_s", "state", "permitted", "failed"}
    if not isinstance(states, pd.DataFrame) or not needed <= set(states.columns):
        raise TypeError(message("states", "the DataFrame of sl.breaker_states(...)",
                                type(states).__name__))
    ax = _new_axes(ax, figsize=(8.0, 3.0))
    level = {"closed": 0, "half_open": 1, "open": 2}
    t = states["time_s"].to_numpy(dtype=float)
    y = states["state"].map(level).to_numpy(dtype=float)
    ax.step(t, y, where="post", color=COURSE_COLORS[0], linewidth=1.5, label="state the call meets")
    permitted = states["permitted"].to_numpy(bool)
    failed = states["failed"].to_numpy(bool)
    ok = permitted & ~failed
    bad = permitted & failed
    ax.scatter(t[ok], y[ok] - 0.25, marker="o", s=14, color=COURSE_COLORS[2],
               label="let through, succeeded")
    ax.scatter(t[bad], y[bad] - 0.25, marker="x", s=18, color=COURSE_COLORS[1],
               label="let through, failed")
    ax.scatter(t[~permitted], y[~permitted] - 0.25, marker="|", s=18, color=_NEUTRAL,
               label="rejected at once")
    ax.set_yticks([0, 1, 2], ["closed", "half-open", "open"])
    ax.set_ylim(-0.6, 2.4)
    ax.set_xlabel("call arrival time (s)")
    ax.set_ylabel("breaker state")
    ax.set_title(title or "Circuit breaker state, call by call")
    _legend_right(ax)
    return ax


def plot_load_vs_capacity(results, *, dependency="payment", ax=None, title=None):
    """Attempts reaching ``dependency`` per second against its capacity, per virtual minute.

    A metastable failure shows as load that stays above the capacity line long
    after the trigger (shaded) is gone.

    Parameters
    ----------
    results : RequestSimulation or mapping of label to RequestSimulation
        From :func:`sre_lab.simulate_requests`.
    dependency : {"payment", "search"}, default "payment"
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> r = sl.simulate_requests({"minutes": 3}, rng=1)
    >>> ax = plot_load_vs_capacity(r)
    >>> ax.get_ylabel()
    'attempts reaching payment per second'
    """
    runs = _as_runs(results)
    if dependency not in ("payment", "search"):
        raise ValueError(message("dependency", "'payment' or 'search'", dependency))
    ax = _new_axes(ax)
    first = next(iter(runs.values()))
    _shade_faults(ax, first.scenario.faults, service=dependency)
    capacities = []
    for i, (label, run) in enumerate(runs.items()):
        sli = run.sli
        ax.plot(sli.index + 0.5, sli[f"{dependency}_sent"] / 60.0, color=COURSE_COLORS[i % 6],
                linestyle=COURSE_LINESTYLES[i % 6], marker=_MARKERS[i % len(_MARKERS)],
                markevery=max(1, len(sli) // 12), markersize=4, label=label)
        capacities.append(run.scenario.capacity_rps[dependency])
    for cap in sorted(set(capacities)):
        ax.axhline(cap, color=COURSE_COLORS[7], linestyle="--", linewidth=1.2,
                   label=f"capacity {cap:.1f} attempts/s\n(lower during a latency fault)")
    ax.set_xlabel("virtual time (minutes)")
    ax.set_ylabel(f"attempts reaching {dependency} per second")
    ax.set_ylim(bottom=0)
    ax.set_title(title or f"Load on {dependency} against its capacity")
    _legend_right(ax)
    return ax


def plot_availability_by_minute(results, *, ax=None, title=None):
    """Checkout availability per virtual minute for one or several runs.

    Parameters
    ----------
    results : RequestSimulation or mapping of label to RequestSimulation
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_availability_by_minute({"calm": sl.simulate_requests({"minutes": 3}, rng=1)})
    >>> ax.get_ylabel()
    'checkout availability'
    """
    runs = _as_runs(results)
    ax = _new_axes(ax)
    first = next(iter(runs.values()))
    _shade_faults(ax, first.scenario.faults)
    for i, (label, run) in enumerate(runs.items()):
        sli = run.sli
        ax.plot(sli.index + 0.5, sli["availability"], color=COURSE_COLORS[i % 6],
                linestyle=COURSE_LINESTYLES[i % 6], marker=_MARKERS[i % len(_MARKERS)],
                markevery=max(1, len(sli) // 12), markersize=4, label=label)
    ax.set_xlabel("virtual time (minutes)")
    ax.set_ylabel("checkout availability")
    ax.set_ylim(-0.02, 1.02)
    _percent_axis(ax)
    ax.set_title(title or "Checkout availability per minute")
    _legend_right(ax)
    return ax


def plot_chaos_verdicts(runs, *, ax=None, title=None):
    """Each experiment's steady-state probes after the fault, against their tolerance.

    Parameters
    ----------
    runs : sequence of ChaosRun
        From :func:`sre_lab.run_experiment`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One row per experiment and probe: the value measured with the fault
        active (marker), the tolerance's lower bound (a bar), and the verdict
        written at the right ("held" / "deviated").

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sre_lab as sl
    >>> ax = plot_chaos_verdicts([sl.run_experiment("search-outage-fallback")])
    >>> [t.get_text() for t in ax.texts]
    ['held']
    """
    runs = list(runs) if not isinstance(runs, ChaosRun) else [runs]
    if not runs or not all(isinstance(r, ChaosRun) for r in runs):
        raise TypeError(message("runs", "a list of sl.run_experiment(...) results",
                                type(runs).__name__))
    ax = _new_axes(ax, figsize=(8.0, 0.9 + 0.55 * sum(2 for _ in runs)))
    rows, labels = [], []
    for run in runs:
        after = [p for p in run.probes if p.phase == "after"]
        for p in after:
            rows.append((run, p))
            labels.append(f"{run.experiment}\n{p.name}")
    y = np.arange(len(rows))[::-1]
    for yi, (run, p) in zip(y, rows):
        low = p.tolerance[0]
        ax.plot([low, 1.0], [yi, yi], color=_NEUTRAL, linestyle="-", linewidth=9, alpha=0.4,
                solid_capstyle="butt")
        ax.plot([low], [yi], marker="|", markersize=16, markeredgewidth=2, color=COURSE_COLORS[7],
                linestyle="none")
        marker, color = ("o", COURSE_COLORS[2]) if p.tolerance_met else ("X", COURSE_COLORS[1])
        ax.plot([p.value], [yi], marker=marker, color=color, markersize=9, linestyle="none")
    for run in runs:
        after = [i for i, (r, _) in enumerate(rows) if r is run]
        ax.text(1.002, float(np.mean(y[after])), "deviated" if run.deviated else "held",
                transform=ax.get_yaxis_transform(), va="center", fontsize=9,
                fontweight="bold" if run.deviated else "normal")
    ax.set_yticks(y, labels, fontsize=8)
    lows = [p.tolerance[0] for _, p in rows] + [p.value for _, p in rows]
    ax.set_xlim(max(0.0, min(lows) - 0.02), 1.005)
    _percent_axis(ax, "x", decimals=1)
    ax.set_xlabel("probe value with the fault active (grey bar from | to 100 %: the tolerance)")
    ax.set_title(title or "Steady-state hypothesis after the fault: held (o) or deviated (X)")
    return ax
