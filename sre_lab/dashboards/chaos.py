"""Section 6 dashboard: the chaos lab (notebook ``06_observability_driven_dev/3c_chaos_experiments``).

========================  =====================================================
``chaos_lab_dashboard``   a fault (service, kind, blast radius) and checkout's
                          call settings (timeout, attempts, breaker, fallback)
                          -> the steady-state verdict, checkout's SLI over
                          virtual time, the error budget the fault spends
``ChaosLabState``         what the lab computed (its ``.state``)
========================  =====================================================

Wiring only. The ``experiment`` control picks one of ``sl.course_experiments()``
(or the ``sl.ChaosExperiment`` given to the factory): it gives the fault's
window, the traffic, the steady-state hypothesis and the seed, and choosing
it sets the other controls to its fault and call settings (one recompute).
The lab replaces the experiment's fault and the settings of checkout's call to
the faulted service by the controls' values and runs the result with
:func:`sre_lab.run_experiment` (steady state before, inject, steady state
after, rollback; ``budget_spent`` of checkout's 30-day budget at 99.9 %).
Picture: :func:`sre_lab.plotting.plot_checkout_sli`.

Speed: a run simulates the experiment's 30 virtual minutes without and with
the fault (the run without the fault is shared by settings that change only
the fault): about 0.15-0.4 s on a 2-core machine (``benchmarks/run.py``:
median 0.36 s with the machine shared by other jobs), far above the 30 ms
target of the course's other dashboards, which a request-level simulation
cannot meet. Runs are cached (the last 128 settings, and the simulations
inside ``run_experiment``), so a setting seen before answers in well under a
millisecond; the redraw takes 0.1-0.3 s.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ipywidgets as widgets

from .._validation import check_choice, check_int, message
from ..formatting import format_percent
from ..resilience.callgraph import BREAKER_DEFAULTS, FAULT_KINDS, RetryPolicy
from ..resilience.chaos import (BUDGET_SLO_TARGET, BUDGET_WINDOW_DAYS, ChaosExperiment, ChaosRun,
                                course_experiments, run_experiment)
from ._base import Dashboard

__all__ = ["chaos_lab_dashboard", "ChaosLabState", "LAB_SERVICES", "LAB_TRAFFIC_SHARES",
           "LAB_TIMEOUTS_MS", "LAB_ADDED_LATENCY_MS", "LAB_BREAKERS"]

#: Services the lab can inject a fault into: checkout's dependencies and its asynchronous one.
LAB_SERVICES = ("payment", "search", "notifications")
#: Blast radii offered (share of attempts the fault touches).
LAB_TRAFFIC_SHARES = (0.01, 0.05, 0.1, 0.2, 0.5, 1.0)
#: Timeouts of checkout's call to the faulted service, in ms.
LAB_TIMEOUTS_MS = (100.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0)
#: Added latency of a ``"latency"`` fault, in ms.
LAB_ADDED_LATENCY_MS = (200.0, 500.0, 1000.0, 2000.0, 5000.0)
#: Breaker choices: "off" or a library whose published defaults are used (``sl.BREAKER_DEFAULTS``).
LAB_BREAKERS = ("off", *BREAKER_DEFAULTS)
_BREAKER_LABELS = {"off": "off", "resilience4j": "resilience4j", "polly": "Polly",
                   "hystrix": "Hystrix", "pybreaker": "pybreaker"}
_MAX_ATTEMPTS = 5
_CALLED = ("payment", "search")  # the services checkout calls and waits for


class _PresetDashboard(Dashboard):
    """A :class:`Dashboard` with one control that sets the others (a preset) and recomputes once.

    The preset's observer is registered before the dashboard's own, so when
    the preset control changes, the other controls take their new values
    first (without recomputing each time) and the dashboard then recomputes
    once, from all of them.
    """

    def __init__(self, controls, compute, summarize, draw=None, *, preset: str, apply_preset, **kwargs):
        self._holding = False
        self._apply_preset = apply_preset
        controls[preset].observe(self._on_preset, names="value")
        super().__init__(controls, compute, summarize, draw, **kwargs)

    def _on_preset(self, change) -> None:
        self._holding = True
        try:
            self._apply_preset(change["new"])
        finally:
            self._holding = False

    def _on_change(self, change) -> None:
        if not self._holding:
            self.update()


@dataclass(frozen=True, eq=False)
class ChaosLabState:
    """What the chaos lab shows (all from :func:`sre_lab.run_experiment`).

    Attributes
    ----------
    run : ChaosRun
        The run: verdict, probes, per-minute SLI, ``budget_spent``.
    experiment : ChaosExperiment
        The experiment the controls describe (the one that was run).
    settings : dict
        The control values it was computed from.
    settings_apply : bool
        Whether the call settings touch the faulted service (False for
        notifications: checkout sends them asynchronously, without waiting).
    """

    run: ChaosRun
    experiment: ChaosExperiment
    settings: dict
    settings_apply: bool

    @property
    def amplification(self) -> float:
        """Attempts per call to the faulted service (the method's probe); NaN when not run."""
        probes = [p for p in self.run.probes if p.phase == "method" and p.name.endswith("-amplification")]
        return probes[0].value if probes else float("nan")


def _lab_experiment(base: ChaosExperiment, *, service: str, kind: str, traffic_share: float,
                    added_latency_ms: float, timeout_ms: float, max_attempts: int, breaker: str,
                    fallback: bool) -> ChaosExperiment:
    """The experiment the lab's controls describe: ``base`` with its fault and call settings replaced.

    The fault keeps ``base``'s window (and error ratio, for an error fault);
    the settings of checkout's call to ``service`` (payment or search) become
    ``timeout_ms``, ``max_attempts`` (1: no retry; other retry fields kept),
    ``breaker`` ("off" or a library name) and ``fallback``. A fault on
    notifications leaves the call settings as they are.
    """
    fault = {**base.fault, "service": service, "kind": kind, "traffic_share": float(traffic_share),
             "added_latency_ms": float(added_latency_ms) if kind == "latency" else 0.0,
             "error_ratio": base.fault["error_ratio"] if base.fault["kind"] == "error" else 1.0}
    scenario = json.loads(json.dumps(base.scenario))
    if service in _CALLED:
        call = scenario["resilience"][service]
        retry = call["retry"] or dataclasses.asdict(RetryPolicy())
        call.update(timeout_ms=float(timeout_ms),
                    retry=None if max_attempts == 1 else {**retry, "max_attempts": int(max_attempts)},
                    breaker=None if breaker == "off" else breaker, fallback=bool(fallback))
    return ChaosExperiment(
        "chaos-lab", f"Chaos lab: {kind} in {service}",
        f"{base.title} (the chaos lab's variant of {base.name!r})", fault=fault, scenario=scenario,
        min_availability=base.min_availability, min_fast_ratio=base.min_fast_ratio, seed=base.seed)


@lru_cache(maxsize=128)
def _run(base_json: str, settings: tuple) -> tuple:
    fields = json.loads(base_json)
    base = ChaosExperiment(**fields)
    experiment = _lab_experiment(base, **dict(settings))
    return experiment, run_experiment(experiment, slo_target=BUDGET_SLO_TARGET,
                                      window_days=BUDGET_WINDOW_DAYS)


def _initial(base: ChaosExperiment) -> dict:
    """The control values that reproduce ``base`` (its fault and its call settings)."""
    fault = base.fault
    called = fault["service"] if fault["service"] in _CALLED else "payment"
    call = base.scenario["resilience"][called]
    breaker = call["breaker"]
    return {"service": fault["service"], "kind": fault["kind"],
            "traffic_share": fault["traffic_share"],
            "added_latency_ms": fault["added_latency_ms"] if fault["kind"] == "latency" else 1000.0,
            "timeout_ms": call["timeout_ms"],
            "max_attempts": 1 if call["retry"] is None else call["retry"]["max_attempts"],
            "breaker": "off" if breaker is None else breaker["name"],
            "fallback": call["fallback"]}


def _pct(value: float) -> str:
    return format_percent(value, digits=2)


def _fault_words(fault: dict) -> str:
    what = {"error": "errors", "latency": f"+{fault['added_latency_ms']:g} ms latency",
            "outage": "an outage (connections refused)",
            "dependency_loss": "a lost network path (attempts hang)"}[fault["kind"]]
    share = fault["traffic_share"]
    radius = "every attempt" if share >= 1 else f"{format_percent(share)} of attempts"
    return (f"{fault['service']} has {what} on {radius}, minutes "
            f"{fault['start_minute']:g}–{fault['end_minute']:g}")


def _verdict(run: ChaosRun) -> str:
    after = {p.name: p for p in run.probes if p.phase == "after"}
    before = {p.name: p for p in run.probes if p.phase == "before"}
    words = {"checkout-availability": "checkout availability",
             "checkout-fast-ratio": "the share of fast requests"}
    if not run.steady_state_before:
        bad = run.probes[-1]
        return (f"<b>Not run:</b> the steady state did not hold even without the fault "
                f"({words[bad.name]} {_pct(bad.value)}, below {format_percent(bad.tolerance[0])}), "
                "so nothing was injected. Fix the steady state first (e.g. a longer timeout).")
    if run.deviated:
        bad = run.probes[-1]
        return (f"<b>Weakness found: the steady state deviated.</b> With the fault, "
                f"{words[bad.name]} over the {len(run.sli)} minutes was <b>{_pct(bad.value)}</b>, "
                f"below the hypothesis' {format_percent(bad.tolerance[0])} "
                f"(probe {bad.name}; {_pct(before[bad.name].value)} without the fault).")
    parts = [f"{words[name]} {_pct(p.value)} ≥ {format_percent(p.tolerance[0])}"
             for name, p in after.items()]
    return f"<b>The steady state held</b> with the fault: {' and '.join(parts)}."


def _settings_words(state: ChaosLabState) -> str:
    s = state.settings
    if not state.settings_apply:
        return ("Checkout sends notifications asynchronously, without waiting: the call settings "
                "(timeout, attempts, breaker, fallback: for payment and search calls) change nothing here.")
    attempts = "1 attempt (no retry)" if s["max_attempts"] == 1 else f"up to {s['max_attempts']} attempts"
    if state.run.steady_state_before:
        attempts += f" ({state.amplification:.2f} attempts per call)"
    breaker = "no breaker" if s["breaker"] == "off" else f"{_BREAKER_LABELS[s['breaker']]}'s breaker"
    fallback = "a fallback" if s["fallback"] else "no fallback"
    return f"Checkout → {s['service']}: timeout {s['timeout_ms']:g} ms, {attempts}, {breaker}, {fallback}."


def _budget_words(run: ChaosRun) -> str:
    if not run.steady_state_before:
        return ""
    return (f" <br>Error budget spent: <b>{_pct(run.budget_spent)}</b> of checkout's "
            f"{run.window_days}-day availability budget at {format_percent(run.slo_target)}: "
            f"{run.bad_requests:,} extra failed requests of {run.budget_allowed:,.0f} allowed "
            f"(at {run.scenario['requests_per_minute']:g} requests a minute all month).")


def chaos_lab_dashboard(experiment="search-outage", *, service=None, kind=None, traffic_share=None,
                        added_latency_ms=None, timeout_ms=None, max_attempts=None, breaker=None,
                        fallback=None) -> Dashboard:
    """The chaos lab: inject a fault into simulated MicroCorp, see whether checkout's steady state holds.

    Every control is bounded (a list of values or a slider's range), so the
    lab cannot be set to something it cannot run. It starts where
    ``experiment`` is: without other arguments the lab's first run is
    exactly ``sl.run_experiment(experiment)``, and so is the run right after
    picking an experiment in the ``experiment`` control.

    Parameters
    ----------
    experiment : str or ChaosExperiment, default "search-outage"
        A course experiment's name (``sl.course_experiments()``) or an
        experiment whose fault is on payment, search or notifications (it is
        offered in the ``experiment`` control beside the course's, replacing
        a course experiment of the same name). It gives the fault's window,
        the traffic, the steady-state hypothesis, the seed, and the starting
        values of the other controls.
    service : {"payment", "search", "notifications"}, optional
        The faulted service (default: the experiment's).
    kind : {"error", "latency", "outage", "dependency_loss"}, optional
    traffic_share : float, optional
        Blast radius, one of :data:`LAB_TRAFFIC_SHARES`.
    added_latency_ms : float, optional
        For a latency fault, one of :data:`LAB_ADDED_LATENCY_MS` (default 1000).
    timeout_ms : float, optional
        Of checkout's call to the faulted service, one of :data:`LAB_TIMEOUTS_MS`.
    max_attempts : int, optional
        Attempts per call including the first, 1-5 (1: no retry).
    breaker : str, optional
        ``"off"`` or a library of :data:`LAB_BREAKERS` (its published defaults).
    fallback : bool, optional

    Returns
    -------
    Dashboard
        ``state`` is a :class:`ChaosLabState`. CSS class
        ``sre-chaos-lab-dashboard``; the summary (``.sre-summary``) gives the
        verdict ("Weakness found: the steady state deviated." or "The steady
        state held"), the fault, the call settings and "Error budget spent:
        ... % of checkout's 30-day budget at 99.9 %".
    """
    experiments = {e.name: e for e in course_experiments()}
    if isinstance(experiment, str):
        base = experiments[check_choice("experiment", experiment, tuple(experiments))]
    elif isinstance(experiment, ChaosExperiment):
        base = experiment
    else:
        raise TypeError(message("experiment", "an sl.ChaosExperiment or the name of a course experiment",
                                experiment, "See sl.course_experiments()."))
    if base.fault["service"] not in LAB_SERVICES:
        raise ValueError(message("experiment", "an experiment with its fault on payment, search or "
                                 "notifications", base.name,
                                 "The lab varies checkout's calls to the faulted service."))
    experiments[base.name] = base
    start = _initial(base)
    given = dict(service=service, kind=kind, traffic_share=traffic_share,
                 added_latency_ms=added_latency_ms, timeout_ms=timeout_ms,
                 max_attempts=max_attempts, breaker=breaker, fallback=fallback)
    start.update({k: v for k, v in given.items() if v is not None})
    check_choice("service", start["service"], LAB_SERVICES)
    check_choice("kind", start["kind"], tuple(FAULT_KINDS))
    check_choice("breaker", start["breaker"], LAB_BREAKERS)
    start["max_attempts"] = check_int("max_attempts", start["max_attempts"], low=1, high=_MAX_ATTEMPTS)
    for key, options in (("traffic_share", LAB_TRAFFIC_SHARES), ("timeout_ms", LAB_TIMEOUTS_MS),
                         ("added_latency_ms", LAB_ADDED_LATENCY_MS)):
        if start[key] not in options:
            raise ValueError(message(key, "one of " + ", ".join(f"{v:g}" for v in options), start[key]))
        start[key] = float(start[key])
    if not isinstance(start["fallback"], bool):
        raise TypeError(message("fallback", "True or False", start["fallback"]))

    wide = {"description_width": "initial"}
    controls = {
        "experiment": widgets.Dropdown(options=list(experiments), value=base.name,
                                       description="experiment", style=wide,
                                       layout=widgets.Layout(width="330px")),
        "service": widgets.Dropdown(options=list(LAB_SERVICES), value=start["service"],
                                    description="fault in", style=wide,
                                    layout=widgets.Layout(width="210px")),
        "kind": widgets.Dropdown(options=[("error", "error"), ("latency", "latency"),
                                          ("outage", "outage"), ("dependency loss", "dependency_loss")],
                                 value=start["kind"], description="kind", style=wide,
                                 layout=widgets.Layout(width="210px")),
        "traffic_share": widgets.SelectionSlider(
            options=[(format_percent(v), v) for v in LAB_TRAFFIC_SHARES], value=start["traffic_share"],
            description="blast radius (share of attempts)", continuous_update=False, style=wide,
            layout=widgets.Layout(width="360px")),
        "added_latency_ms": widgets.SelectionSlider(
            options=[(f"{v:g} ms", v) for v in LAB_ADDED_LATENCY_MS], value=start["added_latency_ms"],
            description="added latency (latency faults)", continuous_update=False, style=wide,
            layout=widgets.Layout(width="360px")),
        "timeout_ms": widgets.SelectionSlider(
            options=[(f"{v:g} ms", v) for v in LAB_TIMEOUTS_MS], value=start["timeout_ms"],
            description="timeout", continuous_update=False, style=wide,
            layout=widgets.Layout(width="300px")),
        "max_attempts": widgets.IntSlider(
            value=start["max_attempts"], min=1, max=_MAX_ATTEMPTS, step=1,
            description="attempts per call (1 = no retry)", continuous_update=False, style=wide,
            layout=widgets.Layout(width="360px")),
        # "off", not None: a Dropdown whose value is None shows no selection at all
        "breaker": widgets.Dropdown(options=[(_BREAKER_LABELS[b], b) for b in LAB_BREAKERS],
                                    value=start["breaker"], description="circuit breaker",
                                    style=wide, layout=widgets.Layout(width="250px")),
        "fallback": widgets.Checkbox(value=start["fallback"], description="fallback (degraded answer)",
                                     style=wide),
    }

    def row(label, names):
        return widgets.HBox([widgets.HTML(f"<b>{label}</b>", layout=widgets.Layout(width="120px")),
                             *(controls[n] for n in names)],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="center"))

    layout = widgets.VBox([
        row("start from", ["experiment"]),
        row("fault", ["service", "kind"]),
        row("fault size", ["traffic_share", "added_latency_ms"]),
        row("checkout's call", ["timeout_ms", "max_attempts"]),
        row("", ["breaker", "fallback"]),
    ])
    as_json = {name: json.dumps(dataclasses.asdict(e), sort_keys=True) for name, e in experiments.items()}

    def apply_preset(name):
        for key, value in _initial(experiments[name]).items():
            controls[key].value = value

    def compute(experiment, **values):
        settings = {k: values[k] for k in controls if k != "experiment"}
        settings["max_attempts"] = int(settings["max_attempts"])
        settings["fallback"] = bool(settings["fallback"])
        lab, run = _run(as_json[experiment], tuple(sorted(settings.items())))
        return ChaosLabState(run=run, experiment=lab, settings={"experiment": experiment, **settings},
                             settings_apply=settings["service"] in _CALLED)

    def summarize(s: ChaosLabState) -> str:
        return (f"{_verdict(s.run)} <br>Fault: {_fault_words(s.experiment.fault)}. "
                f"<br>{_settings_words(s)}{_budget_words(s.run)}")

    def draw(s, ax):
        from ..plotting.resilience import plot_checkout_sli

        plot_checkout_sli(s.run, ax=ax, title=(
            f"Checkout with {s.experiment.fault['kind'].replace('_', ' ')} in "
            f"{s.experiment.fault['service']}: "
            + ("not run" if not s.run.steady_state_before
               else "steady state deviated" if s.run.deviated else "steady state held")))

    return _PresetDashboard(controls, compute, summarize, draw, preset="experiment",
                            apply_preset=apply_preset, name="chaos_lab",
                            title="Chaos lab: inject a fault into MicroCorp in virtual time",
                            figsize=(9.0, 3.6), controls_layout=layout,
                            margins=dict(left=0.11, right=0.68, bottom=0.14, top=0.9))
