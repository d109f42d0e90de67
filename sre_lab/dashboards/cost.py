"""Section 4 dashboard: the cost explorer (notebook ``04_cost/1c_sampling_and_retention``).

=========================  ====================================================
``cost_explorer_dashboard`` head sampling, tail policies, retention days per
                           tier, log level per service -> the month's bill,
                           its breakdown, the incidents still debuggable
``CostExplorerState``      what the explorer computed (its ``.state``)
=========================  ====================================================

Wiring only. Traces: :func:`sre_lab.simulate_traces` (the 28 days of
``sl.load_requests()``, seed 1), decided by :func:`sre_lab.tail_sample`
(``base_ratio`` is the head-sampling ratio, applied with
:func:`sre_lab.head_sample` on the trace id), weighed by
:func:`sre_lab.kept_share` and judged by :func:`sre_lab.debuggable_incidents`.
Volumes: :func:`sre_lab.telemetry_volumes` of October 2026 (a whole calendar
month of ``sl.load_daily_history()``, the month of the incidents) with the
kept share of span bytes; bill: :func:`sre_lab.monthly_bill` with the default
prices :data:`sre_lab.PRICES`. Picture: :func:`sre_lab.plotting.plot_cost_explorer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import pandas as pd

from ..cost.prices import monthly_bill
from ..cost.sampling import debuggable_incidents, kept_share, tail_sample, trace_id_low64
from ..cost.telemetry import LOG_LEVELS, simulate_traces, telemetry_volumes
from ..formatting import format_percent
from ..simulation import SERVICE_NAMES
from ._base import Dashboard

__all__ = ["cost_explorer_dashboard", "CostExplorerState", "HEAD_RATIOS", "SLOW_TRACE_OPTIONS",
           "DEBUG_KEPT_OPTIONS"]

#: Head-sampling ratios the explorer offers (fractions).
HEAD_RATIOS = (0.0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0)
#: Latency policy of the tail sampler: keep traces at or above this (None: off).
SLOW_TRACE_OPTIONS = (None, 500.0, 1000.0)
#: Share of DEBUG lines kept after they are written (Liam's 10 %).
DEBUG_KEPT_OPTIONS = (1.0, 0.1, 0.01)

_MONTH = ("2026-10-01", "2026-10-31")   # October 2026, the month of the incidents
_TRACE_SEED = 1
_MAX_DAYS = {"hot_days": 365, "warm_days": 365, "cold_days": 730}


@dataclass(frozen=True, eq=False)
class CostExplorerState:
    """What the cost explorer shows (all from core functions).

    Attributes
    ----------
    bill : DataFrame
        :func:`sre_lab.monthly_bill` of October 2026 (``service``,
        ``signal``, ``component``, ``usd``, ...).
    total_usd : float
        The month's bill.
    incidents : DataFrame
        :func:`sre_lab.debuggable_incidents` of the kept traces.
    debuggable_share : float
        Share of the incidents still debuggable (``incidents["debuggable"].mean()``).
    traces_kept_share : float
        Share of MicroCorp's traces kept (weighted).
    settings : dict
        The control values it was computed from.
    """

    bill: pd.DataFrame
    total_usd: float
    incidents: pd.DataFrame
    debuggable_share: float
    traces_kept_share: float
    settings: dict

    @property
    def n_debuggable(self) -> int:
        """Incidents still debuggable."""
        return int(self.incidents["debuggable"].sum())

    def usd_by(self, column: str) -> dict:
        """The bill summed by ``column`` (``"signal"``, ``"component"``, ``"service"``)."""
        return self.bill.groupby(column, sort=False)["usd"].sum().to_dict()


@lru_cache(maxsize=1)
def _traces():
    """The month's traces, with two columns stored the way the samplers read them fastest.

    ``trace_id`` holds the id's lower 64 bits, its last 16 hex digits, as
    ``uint64``: the only bits OpenTelemetry's ratio sampler reads, so every
    decision is the same as on the 32-digit ids (a test compares them).
    ``incident_id`` is a plain object column.
    """
    traces = simulate_traces(rng=_TRACE_SEED)
    low = trace_id_low64(traces["trace_id"])
    ids = traces["incident_id"]
    return traces.assign(trace_id=low, incident_id=ids.astype(object).where(ids.notna(), None))


@lru_cache(maxsize=1)
def _in_incidents():
    """``(mask, traces)``: the traces inside an incident's window, all that
    :func:`sre_lab.debuggable_incidents` counts (the same table, a fifth of the rows)."""
    traces = _traces()
    mask = traces["incident_id"].notna().to_numpy()
    return mask, traces[mask].reset_index(drop=True)


@lru_cache(maxsize=1)
def _incidents():
    from ..datasets import load_incidents

    return load_incidents()


@lru_cache(maxsize=1)
def _october():
    from ..datasets import load_daily_history

    daily = load_daily_history()
    days = daily["date"].dt.strftime("%Y-%m-%d")
    return daily[(days >= _MONTH[0]) & (days <= _MONTH[1])].reset_index(drop=True)


@lru_cache(maxsize=64)
def _sampling(head_ratio: float, keep_errors: bool, slow_ms):
    traces = _traces()
    kept = tail_sample(traces, keep_errors=keep_errors, latency_threshold_ms=slow_ms,
                       base_ratio=head_ratio)
    shares = kept_share(traces, kept)
    span_share = dict(zip(shares["service"], shares["share_of_bytes"].astype(float)))
    traces_kept = float(shares["traces_kept"].sum() / shares["traces"].sum())
    mask, inside = _in_incidents()
    table = debuggable_incidents(inside, kept[mask], incidents=_incidents())
    return span_share, traces_kept, table


def _percent(value: float) -> str:
    """Whole percents, one decimal below 1 % (0.1 % head sampling must not read "0 %")."""
    return format_percent(value, digits=1 if 0 < value < 0.01 else 0)


def _usd(value: float) -> str:
    return f"${value:,.0f}"


def cost_explorer_dashboard(*, head_ratio: float = 1.0, keep_errors: bool = False,
                            slow_ms=None, hot_days: int = 30, warm_days: int = 0,
                            cold_days: int = 0, log_levels=None,
                            debug_kept: float = 1.0) -> Dashboard:
    """The cost explorer: what MicroCorp's telemetry costs a month, and what it still shows.

    Every control is bounded (a list of values or a slider's range), so the
    explorer cannot be set to something it cannot compute.

    Parameters
    ----------
    head_ratio : float, default 1.0
        Share of traces kept by head sampling (one of :data:`HEAD_RATIOS`;
        1.0 keeps every trace).
    keep_errors : bool, default False
        Tail policy: also keep every trace with an error.
    slow_ms : float or None, default None
        Tail policy: also keep traces at or above this duration (one of
        :data:`SLOW_TRACE_OPTIONS`; ``None`` is off).
    hot_days, warm_days, cold_days : int
        Retention days per storage tier (hot 1-365, warm 0-365, cold
        0-730); defaults: ``sl.monthly_bill``'s 30 days hot.
    log_levels : str or dict, optional
        Minimum log level per service (default ``"INFO"`` everywhere).
    debug_kept : float, default 1.0
        Share of DEBUG lines kept (one of :data:`DEBUG_KEPT_OPTIONS`).

    Returns
    -------
    Dashboard
        ``state`` is a :class:`CostExplorerState`. CSS class
        ``sre-cost-explorer-dashboard``; the summary (``.sre-summary``)
        reads "October 2026 bill: $... a month (...). Traces kept: ... %.
        Incidents still debuggable: n of 16 (... %)."
    """
    from .._validation import check_choice, check_int, message

    if head_ratio not in HEAD_RATIOS:
        raise ValueError(message("head_ratio", "one of " + ", ".join(f"{r:g}" for r in HEAD_RATIOS),
                                 head_ratio))
    if not isinstance(keep_errors, bool):
        raise TypeError(message("keep_errors", "True or False", keep_errors))
    if slow_ms not in SLOW_TRACE_OPTIONS:
        raise ValueError(message("slow_ms", "None, 500 or 1000", slow_ms))
    if debug_kept not in DEBUG_KEPT_OPTIONS:
        raise ValueError(message("debug_kept", "one of 1, 0.1, 0.01", debug_kept))
    days = {"hot_days": check_int("hot_days", hot_days, low=1, high=_MAX_DAYS["hot_days"]),
            "warm_days": check_int("warm_days", warm_days, low=0, high=_MAX_DAYS["warm_days"]),
            "cold_days": check_int("cold_days", cold_days, low=0, high=_MAX_DAYS["cold_days"])}
    if log_levels is None or isinstance(log_levels, str):
        level = check_choice("log_levels", log_levels or "INFO", LOG_LEVELS)
        levels = {s: level for s in SERVICE_NAMES}
    elif isinstance(log_levels, dict):
        levels = {s: check_choice(f"log_levels[{s!r}]", log_levels.get(s, "INFO"), LOG_LEVELS)
                  for s in SERVICE_NAMES}
    else:
        raise TypeError(message("log_levels", "a level or a dict {service: level}", log_levels))

    wide = {"description_width": "initial"}
    controls = {
        "head_ratio": widgets.SelectionSlider(
            options=[(_percent(r), r) for r in HEAD_RATIOS], value=head_ratio,
            description="head sampling", continuous_update=False, style=wide,
            layout=widgets.Layout(width="300px")),
        "keep_errors": widgets.Checkbox(value=keep_errors, description="tail: keep error traces",
                                        style=wide),
        "slow_ms": widgets.Dropdown(
            # "off" is 0, not None: a Dropdown whose value is None shows no selection at all
            options=[("off", 0.0), ("≥ 500 ms", 500.0), ("≥ 1000 ms", 1000.0)],
            value=0.0 if slow_ms is None else float(slow_ms),
            description="tail: keep slow traces", style=wide,
            layout=widgets.Layout(width="260px")),
    }
    for key, low in (("hot_days", 1), ("warm_days", 0), ("cold_days", 0)):
        controls[key] = widgets.IntSlider(
            value=days[key], min=low, max=_MAX_DAYS[key], step=1,
            description=f"{key.split('_')[0]} days", continuous_update=False, style=wide,
            layout=widgets.Layout(width="300px"))
    for service in SERVICE_NAMES:
        controls[f"level_{service}"] = widgets.Dropdown(
            options=list(LOG_LEVELS), value=levels[service], description=service, style=wide,
            layout=widgets.Layout(width="190px"))
    controls["debug_kept"] = widgets.Dropdown(
        options=[("all", 1.0), ("10 %", 0.1), ("1 %", 0.01)], value=debug_kept,
        description="DEBUG lines kept", style=wide, layout=widgets.Layout(width="200px"))

    def row(label, names):
        return widgets.HBox([widgets.HTML(f"<b>{label}</b>", layout=widgets.Layout(width="90px")),
                             *(controls[n] for n in names)],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="center"))

    layout = widgets.VBox([
        row("traces", ["head_ratio", "keep_errors", "slow_ms"]),
        row("retention", ["hot_days", "warm_days", "cold_days"]),
        row("logs", [f"level_{s}" for s in SERVICE_NAMES] + ["debug_kept"]),
    ])

    def compute(head_ratio, keep_errors, slow_ms, hot_days, warm_days, cold_days, debug_kept,
                **levels):
        span_share, traces_kept, table = _sampling(float(head_ratio), bool(keep_errors),
                                                   float(slow_ms) or None)
        volumes = telemetry_volumes(
            _october(), log_levels={s: levels[f"level_{s}"] for s in SERVICE_NAMES},
            log_sampling={"DEBUG": float(debug_kept)}, span_share=span_share)
        bill = monthly_bill(volumes, retention_days={"hot": hot_days, "warm": warm_days,
                                                     "cold": cold_days})
        settings = dict(head_ratio=head_ratio, keep_errors=keep_errors, slow_ms=slow_ms,
                        hot_days=hot_days, warm_days=warm_days, cold_days=cold_days,
                        debug_kept=debug_kept, **levels)
        return CostExplorerState(bill=bill, total_usd=float(bill["usd"].sum()), incidents=table,
                                 debuggable_share=float(table["debuggable"].mean()),
                                 traces_kept_share=traces_kept, settings=settings)

    def summarize(s: CostExplorerState) -> str:
        signal = s.usd_by("signal")
        component = s.usd_by("component")
        storage = sum(v for k, v in component.items() if k.startswith("storage"))
        return (f"October 2026 bill: <b>{_usd(s.total_usd)}</b> a month "
                f"(logs {_usd(signal.get('logs', 0.0))}, spans {_usd(signal.get('spans', 0.0))}, "
                f"metrics {_usd(signal.get('metrics', 0.0))}, licences {_usd(signal.get('', 0.0))}; "
                f"ingest {_usd(component.get('ingest', 0.0))}, storage {_usd(storage)}). "
                f"Traces kept: {_percent(s.traces_kept_share)}. Incidents still debuggable: "
                f"<b>{s.n_debuggable} of {len(s.incidents)}</b> ({_percent(s.debuggable_share)}).")

    def draw(s, ax):
        from ..plotting.cost import plot_cost_explorer

        plot_cost_explorer(s, ax=ax)

    return Dashboard(controls, compute, summarize, draw, name="cost_explorer",
                     title="Cost explorer (MicroCorp's telemetry, October 2026)",
                     figsize=(8.0, 3.0), controls_layout=layout,
                     margins=dict(left=0.11, right=0.8, bottom=0.17, top=0.88))
