"""Chaos engineering on the simulated MicroCorp, as Chaos Toolkit experiments.

A chaos experiment states a *steady state* as measurable output (checkout's
availability and share of fast requests), hypothesises that it holds while a
real-world fault is injected (a payment instance failing, search down), and
tries to disprove it (principlesofchaos.org). The course's experiments run on
the request-level simulation of :mod:`sre_lab.resilience.callgraph` in **virtual time**:
a probe simulates a window of checkout traffic (no sleeping, no network), an
action injects the fault, a rollback removes it.

The experiments are real Chaos Toolkit experiments: :func:`to_chaostoolkit`
gives the JSON document (``version``, ``title``, ``description``,
``steady-state-hypothesis`` with tolerances, ``method``, ``rollbacks``) whose
probes and actions are Chaos Toolkit ``python`` providers into this module, so
``chaos validate`` accepts it and ``chaos run`` runs it; the course's tests
check that ``chaos run`` reaches the same verdict as :func:`run_experiment`.

=============================  ====================================================
:class:`ChaosExperiment`       one experiment: the fault, the scenario (traffic and
                               resilience settings), steady-state tolerances
:func:`course_experiments`     the course's experiments (two find a weakness, two hold)
:func:`chaos_experiment`       one of them, by name
:func:`to_chaostoolkit`        the Chaos Toolkit experiment document (a dict)
:func:`save_chaostoolkit`      write it as ``<name>.json`` (``notebooks/output/``) for
                               ``chaos validate`` / ``chaos run``
:func:`run_experiment`         run it in-process: steady state before, method,
                               steady state after, rollbacks; the verdict and
                               the error budget the fault spent
:class:`ChaosRun`              what a run found (``deviated``, probe values, SLIs,
                               ``bad_requests``, ``budget_spent``)
=============================  ====================================================

Chaos Toolkit entry points (``"provider": {"type": "python", "module":
"sre_lab.resilience.chaos", ...}``), not re-exported by ``sre_lab``: the probes
:func:`probe_availability`, :func:`probe_fast_ratio`,
:func:`probe_amplification` (arguments ``scenario``, ``seed``) and
:func:`probe_budget_spent` (also ``slo_target``, ``window_days``), the action
:func:`inject_fault` and the rollback :func:`remove_fault` (argument
``fault``). Arguments are plain JSON. An injected fault lives in this process
only (each ``chaos run`` is a new process); :func:`run_experiment` always
rolls back what it injected.

How a probe measures (the adapter to the simulation, :func:`_simulate`):
``sl.simulate_requests`` runs the experiment's scenario, with the faults
injected at that moment, for ``scenario["minutes"]`` virtual minutes and the
experiment's seed; the probe reads the whole run: availability = good /
requests, fast ratio = good requests at or under the scenario's latency
threshold / requests, amplification = attempts / calls to one dependency.

Blast radius and budget spent
-----------------------------
A fault's ``traffic_share`` (:class:`sre_lab.resilience.callgraph.Fault`) is its
blast radius: the share of attempts it touches (one bad instance of five:
0.2; Toxiproxy's ``toxicity``). Minimising the blast radius is one of the
advanced principles of chaos engineering (principlesofchaos.org; ops_facts
§6.3): start small, widen once the small experiment holds. What the
experiment costs is read in error budget: ``budget_spent`` is the share of
checkout's error budget (default: 30 days at 99.9 %) spent by the bad
requests the fault *added*, that is the bad requests of the run with the
fault minus those of the same traffic (same seed) without it, never below
zero. Traffic assumption: the scenario's arrival rate holds for the whole SLO
window, so 30 days at 420 requests a minute are 18,144,000 checkout requests
and 99.9 % allows 18,144 of them to fail (``sl.error_budget``).

Notebooks: ``notebooks/06_observability_driven_dev/`` (Chen's part).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from . import callgraph
from .._validation import check_choice, check_fraction, check_int, check_real, message
from ..formatting import format_percent
from ..slo import error_budget

__all__ = ["ChaosExperiment", "ChaosRun", "ProbeOutcome", "course_experiments", "chaos_experiment",
           "to_chaostoolkit", "save_chaostoolkit", "run_experiment"]

_MODULE = "sre_lab.resilience.chaos"
_DEPENDENCIES = ("payment", "search")
#: The budget the experiments are charged to: checkout's 30-day error budget at 99.9 %.
BUDGET_SLO_TARGET = 0.999
BUDGET_WINDOW_DAYS = 30

# Faults injected by inject_fault and not yet removed (this process only), as JSON objects.
_ACTIVE_FAULTS: list[dict] = []


def _plain(value: Any) -> Any:
    """A JSON round trip: tuples become lists, numpy numbers plain floats."""
    return json.loads(json.dumps(value))


def _fault_dict(fault: Any) -> dict:
    if isinstance(fault, callgraph.Fault):
        return _plain(dataclasses.asdict(fault))
    if not isinstance(fault, Mapping):
        raise TypeError(message("fault", "an sl.Fault or a dict of its fields", fault,
                                'For example {"service": "search", "kind": "outage", '
                                '"start_minute": 10, "end_minute": 20}.'))
    try:
        built = callgraph.Fault(**dict(fault))
    except TypeError as exc:
        if "unexpected keyword" in str(exc) or "missing" in str(exc):
            fields = ", ".join(f.name for f in dataclasses.fields(callgraph.Fault))
            raise TypeError(message("fault", f"a dict of sl.Fault's fields ({fields})", dict(fault))) from None
        raise
    return _plain(dataclasses.asdict(built))


def _scenario_dict(scenario: Any) -> dict:
    if isinstance(scenario, Mapping):
        if "faults" in scenario and scenario["faults"]:
            raise ValueError(message("scenario", "a scenario without faults", dict(scenario),
                                     "The experiment injects its fault itself: pass it as fault=."))
        built = callgraph.as_scenario(dict(scenario))
    elif isinstance(scenario, callgraph.Scenario):
        if scenario.faults:
            raise ValueError(message("scenario", "a scenario without faults", scenario,
                                     "The experiment injects its fault itself: pass it as fault=."))
        built = scenario
    else:
        raise TypeError(message("scenario", "an sl.Scenario or a dict of its fields", scenario))
    if built.minutes > 240:
        raise ValueError(message("scenario minutes", "at most 240 (each probe simulates the whole run)",
                                 built.minutes))
    expected = built.minutes * built.requests_per_minute
    if expected > 1_000_000:
        raise ValueError(message("scenario", "at most 1,000,000 requests (minutes × requests_per_minute)",
                                 f"{expected:,.0f} requests", "Shorten the run or lower the rate."))
    return _plain(dataclasses.asdict(built))


@dataclass(frozen=True)
class ChaosExperiment:
    """One chaos experiment on MicroCorp's checkout (checkout -> payment, search; notifications async).

    Parameters
    ----------
    name : str
        A slug (lower-case letters, digits and hyphens), e.g. ``"payment-bad-instance"``.
    title, description : str
        What the experiment asks and why (Chaos Toolkit's ``title`` and ``description``).
    fault : sl.Fault or dict
        The fault the method injects (service, kind, ``start_minute``,
        ``end_minute``, ...), as :class:`sre_lab.resilience.callgraph.Fault`. Stored as
        a plain dict (JSON).
    scenario : sl.Scenario or dict, default ``{"minutes": 30}``
        Traffic, resilience settings and capacities, without faults, as
        :class:`sre_lab.resilience.callgraph.Scenario`; at most 240 virtual minutes and
        1,000,000 requests.
        Stored as a plain dict with every field spelt out.
    min_availability : float, default 0.999
        Steady state: checkout availability over the run must be in [this, 1].
    min_fast_ratio : float, default 0.99
        Steady state: the share of requests that are good and at or under the
        scenario's ``latency_threshold_ms`` must be in [this, 1].
    seed : int, default 6
        Seed of the simulated traffic: every probe of a run sees the same requests.

    Examples
    --------
    >>> e = ChaosExperiment("demo", "Demo", "A demo.",
    ...                     fault={"service": "search", "kind": "outage", "start_minute": 10, "end_minute": 20})
    >>> e.fault["kind"], e.scenario["minutes"], e.min_availability
    ('outage', 30, 0.999)
    """

    name: str
    title: str
    description: str
    fault: Any
    scenario: Any = dataclasses.field(default_factory=lambda: {"minutes": 30})
    min_availability: float = 0.999
    min_fast_ratio: float = 0.99
    seed: int = 6

    def __post_init__(self):
        for key in ("name", "title", "description"):
            value = getattr(self, key)
            if not isinstance(value, str):
                raise TypeError(message(key, "a string", value))
            if not value.strip():
                raise ValueError(message(key, "a non-empty string", value))
        if not (self.name[0].isalnum() and all(c.isdigit() or c == "-" or "a" <= c <= "z" for c in self.name)):
            raise ValueError(message("name", "a slug of lower-case letters, digits and hyphens", self.name,
                                     'For example "payment-bad-instance".'))
        set_ = object.__setattr__
        set_(self, "fault", _fault_dict(self.fault))
        set_(self, "scenario", _scenario_dict(self.scenario))
        minutes = self.scenario["minutes"]
        if self.fault["end_minute"] > minutes:
            raise ValueError(message("fault end_minute", f"at most the scenario's minutes ({minutes})",
                                     self.fault["end_minute"], "The fault must end within the simulated run."))
        set_(self, "min_availability", check_real("min_availability", self.min_availability, low=0.0,
                                                  high=1.0, hint="Write 99.9% as 0.999.", scalar=True))
        set_(self, "min_fast_ratio", check_real("min_fast_ratio", self.min_fast_ratio, low=0.0,
                                                high=1.0, hint="Write 99% as 0.99.", scalar=True))
        set_(self, "seed", check_int("seed", self.seed, low=0, high=2**32 - 1))


@dataclass(frozen=True)
class ProbeOutcome:
    """One probe of a run (a result record).

    ``phase`` is ``"before"``, ``"method"`` or ``"after"``; ``value`` what the
    probe returned; ``tolerance`` its ``(low, high)`` range (``None`` for the
    method's probe, which has none) and ``tolerance_met`` whether the value was
    in it.
    """

    phase: str
    name: str
    value: float
    tolerance: tuple | None
    tolerance_met: bool | None


@dataclass(frozen=True, eq=False)
class ChaosRun:
    """What :func:`run_experiment` found (a result record).

    ``status`` is ``"completed"`` when the run reached its end (as in Chaos
    Toolkit's journal); ``steady_state_before`` / ``steady_state_after`` say
    whether the hypothesis held (``after`` is ``None`` when the run stopped
    because it did not hold even before the fault); ``deviated`` is True when
    it failed after the method: the experiment **found a weakness**. ``sli``
    is the per-minute SLI table (``sl.simulate_requests``' ``.sli``) of the
    run with the fault, ``None`` if the fault was never injected.

    ``bad_requests`` is the number of checkout requests the fault made fail
    (bad requests with the fault minus bad requests of the same traffic
    without it, at least 0) and ``budget_spent`` their share of checkout's
    error budget over ``window_days`` at ``slo_target`` (see the module
    docstring for the traffic assumption); both 0 when nothing was
    injected. ``budget_allowed`` is that budget in requests, ``fault`` the
    injected fault (a dict of :class:`sre_lab.resilience.callgraph.Fault`'s
    fields) and ``min_availability`` / ``min_fast_ratio`` the hypothesis'
    tolerances. ``baseline_sli`` is the per-minute SLI table of the same
    traffic (same seed) without the fault: what the steady state looked like;
    ``scenario`` the experiment's scenario (a dict of
    :class:`sre_lab.resilience.callgraph.Scenario`'s fields).
    """

    experiment: str
    status: str
    steady_state_before: bool
    steady_state_after: bool | None
    deviated: bool
    probes: tuple
    finding: str
    sli: Any = None
    bad_requests: int = 0
    budget_spent: float = 0.0
    budget_allowed: float = float("nan")
    slo_target: float = BUDGET_SLO_TARGET
    window_days: int = BUDGET_WINDOW_DAYS
    fault: Any = None
    min_availability: float = float("nan")
    min_fast_ratio: float = float("nan")
    baseline_sli: Any = None
    scenario: Any = None


# -- the adapter to the simulation ---------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _simulation(key: str):
    scenario, faults, seed = json.loads(key)
    return callgraph.simulate_requests({**scenario, "faults": faults}, rng=seed)


def _simulate(scenario: dict, seed: int):
    """The simulated run a probe measures: ``scenario`` with the faults active now, ``seed``."""
    return _simulation(json.dumps([scenario, _ACTIVE_FAULTS, seed], sort_keys=True))


def _check_probe_args(scenario: Any, seed: Any) -> tuple[dict, int]:
    return _scenario_dict(scenario), check_int("seed", seed, low=0, high=2**32 - 1)


def _check_budget_args(slo_target: Any, window_days: Any) -> tuple[float, int]:
    return (check_fraction("slo_target", slo_target, scalar=True),
            check_int("window_days", window_days, low=1, high=3660))


def _budget(scenario: dict, seed: int, slo_target: float, window_days: int) -> tuple[int, float]:
    """``(bad requests the active faults add, requests the budget allows)``.

    Added: bad requests of the run with the faults active now minus those of
    the same traffic (same seed) without faults, at least 0. Allowed:
    ``sl.error_budget(slo_target, requests_per_minute × 1,440 × window_days)``.
    """
    faulted = _simulate(scenario, seed).sli
    clean = _simulation(json.dumps([scenario, [], seed], sort_keys=True)).sli
    bad = int(faulted["requests"].sum() - faulted["good"].sum())
    bad_clean = int(clean["requests"].sum() - clean["good"].sum())
    allowed = float(error_budget(slo_target, scenario["requests_per_minute"] * 1440 * window_days))
    return max(0, bad - bad_clean), allowed


# -- Chaos Toolkit entry points (python providers) ----------------------------------------------
def probe_availability(scenario: dict, seed: int) -> float:
    """Probe: checkout availability (good / requests) over the simulated run.

    >>> probe_availability({"minutes": 30}, 6) > 0.999   # no fault injected: the steady state
    True
    """
    scenario, seed = _check_probe_args(scenario, seed)
    return _simulate(scenario, seed).availability


def probe_fast_ratio(scenario: dict, seed: int) -> float:
    """Probe: share of checkout requests that are good and at or under the latency threshold."""
    scenario, seed = _check_probe_args(scenario, seed)
    sli = _simulate(scenario, seed).sli
    total = float(sli["requests"].sum())
    return float(sli["fast"].sum()) / total if total else float("nan")


def probe_amplification(scenario: dict, seed: int, dependency: str = "payment") -> float:
    """Probe: attempts per call checkout made to ``dependency`` (1.0 = no retries)."""
    scenario, seed = _check_probe_args(scenario, seed)
    dependency = check_choice("dependency", dependency, _DEPENDENCIES)
    return float(_simulate(scenario, seed).amplification[dependency])


def probe_budget_spent(scenario: dict, seed: int, slo_target: float = BUDGET_SLO_TARGET,
                       window_days: int = BUDGET_WINDOW_DAYS) -> float:
    """Probe: share of checkout's error budget the faults active now spend.

    The bad requests the faults add to the simulated run (compared with the
    same traffic without faults) over the budget of ``window_days`` at the
    scenario's arrival rate and ``slo_target`` (module docstring).

    >>> probe_budget_spent({"minutes": 30}, 6)   # nothing injected: nothing spent
    0.0
    """
    scenario, seed = _check_probe_args(scenario, seed)
    slo_target, window_days = _check_budget_args(slo_target, window_days)
    added, allowed = _budget(scenario, seed, slo_target, window_days)
    return added / allowed


def inject_fault(fault: dict) -> dict:
    """Action: inject ``fault`` into the simulated MicroCorp (this process only)."""
    fault = _fault_dict(fault)
    _ACTIVE_FAULTS.append(fault)
    return {"injected": fault, "active_faults": len(_ACTIVE_FAULTS)}


def remove_fault(fault: dict) -> dict:
    """Rollback: remove one injected copy of ``fault`` (harmless when it is not injected)."""
    fault = _fault_dict(fault)
    if fault in _ACTIVE_FAULTS:
        _ACTIVE_FAULTS.remove(fault)
    return {"removed": fault, "active_faults": len(_ACTIVE_FAULTS)}


# -- the course's experiments --------------------------------------------------------------------
def course_experiments() -> list[ChaosExperiment]:
    """The course's chaos experiments on MicroCorp's checkout (30 virtual minutes each).

    ==========================  ==========================================================
    ``payment-bad-instance``    one payment instance of five fails every call for the
                                whole run (``traffic_share`` 0.2: 20 % of attempts);
                                checkout retries up to 3
                                times. Even independent retries leave 0.6 × 0.2**3 ≈
                                0.5 % of checkouts failing: **finds a weakness**
    ``search-outage``           search refuses connections for 10 minutes; checkout
                                retries and has no fallback: 30 % of requests need
                                search, so ≈ 10 % fail: **finds a weakness**
    ``search-outage-fallback``  the same outage with a fallback (degraded results) and
                                no retries (fail fast): **holds**
    ``notifications-outage``    notifications down for 10 minutes; checkout sends them
                                asynchronously: **holds**
    ==========================  ==========================================================

    Returns
    -------
    list of ChaosExperiment

    Examples
    --------
    >>> [e.name for e in course_experiments()]
    ['payment-bad-instance', 'search-outage', 'search-outage-fallback', 'notifications-outage']
    """
    window = {"start_minute": 10, "end_minute": 20}
    return [
        ChaosExperiment(
            "payment-bad-instance",
            "Do retries hide one failing payment instance?",
            "One of payment's five instances fails every call for the whole run (blast radius: "
            "20 % of attempts). Checkout retries each payment call up to 3 times with jittered "
            "exponential backoff. Hypothesis: checkout keeps 99.9 % availability and 99 % fast "
            "requests.",
            fault={"service": "payment", "kind": "error", "error_ratio": 1.0, "traffic_share": 0.2,
                   "start_minute": 0, "end_minute": 30}),
        ChaosExperiment(
            "search-outage",
            "Does checkout survive a 10-minute search outage?",
            "Search refuses connections from minute 10 to 20. Checkout retries search calls up to "
            "3 times and has no fallback. Hypothesis: checkout keeps 99.9 % availability and 99 % "
            "fast requests over the 30 minutes.",
            fault={"service": "search", "kind": "outage", **window}),
        ChaosExperiment(
            "search-outage-fallback",
            "Does a fallback for search keep checkout within its objectives?",
            "The same search outage. Checkout now answers with degraded results (a fallback) and "
            "does not retry search (fail fast). Hypothesis: checkout keeps 99.9 % availability and "
            "99 % fast requests.",
            fault={"service": "search", "kind": "outage", **window},
            scenario={"minutes": 30, "resilience": {"search": {"fallback": True, "retry": None}}}),
        ChaosExperiment(
            "notifications-outage",
            "Does checkout survive a notifications outage?",
            "Notifications refuses connections from minute 10 to 20. Checkout sends order "
            "confirmations asynchronously. Hypothesis: checkout keeps 99.9 % availability and 99 % "
            "fast requests.",
            fault={"service": "notifications", "kind": "outage", **window}),
    ]


def chaos_experiment(name: str) -> ChaosExperiment:
    """The course experiment called ``name`` (see :func:`course_experiments`).

    Examples
    --------
    >>> chaos_experiment("search-outage").fault["service"]
    'search'
    """
    experiments = course_experiments()
    names = [e.name for e in experiments]
    return experiments[names.index(check_choice("name", name, names))]


def _check_experiment(experiment: Any) -> ChaosExperiment:
    if isinstance(experiment, str):
        names = [e.name for e in course_experiments()]
        return chaos_experiment(check_choice("experiment", experiment, names))
    if not isinstance(experiment, ChaosExperiment):
        raise TypeError(message("experiment", "an sl.ChaosExperiment or the name of a course experiment",
                                experiment, "See sl.course_experiments()."))
    return experiment


def _provider(func: str, **arguments) -> dict:
    return {"type": "python", "module": _MODULE, "func": func, "arguments": arguments}


def _hypothesis(experiment: ChaosExperiment) -> list[tuple[str, str, tuple[float, float]]]:
    """(probe name, provider function, tolerance) in the order Chaos Toolkit runs them."""
    return [("checkout-availability", "probe_availability", (experiment.min_availability, 1.0)),
            ("checkout-fast-ratio", "probe_fast_ratio", (experiment.min_fast_ratio, 1.0))]


def _amplified(experiment: ChaosExperiment) -> str:
    service = experiment.fault["service"]
    return service if service in _DEPENDENCIES else "payment"


def to_chaostoolkit(experiment: ChaosExperiment | str, *, slo_target: float = BUDGET_SLO_TARGET,
                    window_days: int = BUDGET_WINDOW_DAYS) -> dict:
    """The Chaos Toolkit experiment document for ``experiment`` (a JSON-ready dict).

    Follows the Chaos Toolkit experiment format: ``version``, ``title``,
    ``description``, ``tags``, ``contributions``, a ``steady-state-hypothesis``
    whose probes carry ``{"type": "range", "range": [low, high]}`` tolerances,
    a ``method`` (inject the fault, then measure the retry amplification and
    the error budget the fault spends: both recorded in ``chaos run``'s
    journal, neither judged) and ``rollbacks`` (remove the fault). Every probe and action is a ``python``
    provider into ``sre_lab.resilience.chaos`` with JSON arguments. Save it with
    ``json.dump`` and run ``chaos validate <file>`` / ``chaos run <file>``.

    Parameters
    ----------
    experiment : ChaosExperiment or str
        An experiment, or the name of one of :func:`course_experiments`.
    slo_target : float, default 0.999
        Of the budget the ``checkout-budget-spent`` probe charges.
    window_days : int, default 30

    Returns
    -------
    dict

    Examples
    --------
    >>> doc = to_chaostoolkit("search-outage")
    >>> doc["version"], [p["name"] for p in doc["steady-state-hypothesis"]["probes"]]
    ('1.0.0', ['checkout-availability', 'checkout-fast-ratio'])
    >>> doc["steady-state-hypothesis"]["probes"][0]["tolerance"]
    {'type': 'range', 'range': [0.999, 1.0]}
    >>> [a["name"] for a in doc["method"]], [a["name"] for a in doc["rollbacks"]]
    (['inject-outage-into-search', 'search-amplification', 'checkout-budget-spent'], ['remove-outage-from-search'])
    >>> provider = doc["method"][0]["provider"]
    >>> provider["type"], provider["module"], provider["func"], provider["arguments"]["fault"]["end_minute"]
    ('python', 'sre_lab.resilience.chaos', 'inject_fault', 20.0)
    """
    experiment = _check_experiment(experiment)
    slo_target, window_days = _check_budget_args(slo_target, window_days)
    fault, scenario, seed = experiment.fault, experiment.scenario, experiment.seed
    kind, service = fault["kind"], fault["service"]
    dependency = _amplified(experiment)
    return {
        "version": "1.0.0",
        "title": experiment.title,
        "description": experiment.description,
        "tags": ["sre-lab", "microcorp", "virtual-time", service, kind],
        "contributions": {"reliability": "high", "availability": "high", "performance": "medium"},
        "steady-state-hypothesis": {
            "title": f"Checkout keeps availability >= {experiment.min_availability:g} and "
                     f"fast ratio >= {experiment.min_fast_ratio:g}",
            "probes": [{"type": "probe", "name": name, "tolerance": {"type": "range", "range": list(bounds)},
                        "provider": _provider(func, scenario=scenario, seed=seed)}
                       for name, func, bounds in _hypothesis(experiment)],
        },
        "method": [
            {"type": "action", "name": f"inject-{kind}-into-{service}",
             "provider": _provider("inject_fault", fault=fault)},
            {"type": "probe", "name": f"{dependency}-amplification",
             "provider": _provider("probe_amplification", scenario=scenario, seed=seed, dependency=dependency)},
            {"type": "probe", "name": "checkout-budget-spent",
             "provider": _provider("probe_budget_spent", scenario=scenario, seed=seed,
                                   slo_target=slo_target, window_days=window_days)},
        ],
        "rollbacks": [
            {"type": "action", "name": f"remove-{kind}-from-{service}",
             "provider": _provider("remove_fault", fault=fault)},
        ],
    }


def save_chaostoolkit(experiment: ChaosExperiment | str, *, folder: Any = None) -> Path:
    """Write :func:`to_chaostoolkit`'s document to ``folder/<name>.json``; return the path.

    Replaces an older file of the same name (running a notebook twice leaves
    one file). Then, in a terminal or a ``!`` cell: ``chaos validate <path>``
    and ``chaos run <path>`` (add ``--no-version-check`` offline).

    Parameters
    ----------
    experiment : ChaosExperiment or str
        An experiment, or the name of one of :func:`course_experiments`.
    folder : str or os.PathLike, optional
        Default ``sl.output_folder()`` (``notebooks/output/``); created if needed.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_chaostoolkit("search-outage", folder=tmp)
    ...     print(path.name, json.loads(path.read_text(encoding="utf-8"))["version"])
    search-outage.json 1.0.0
    """
    from ..templates import output_folder

    experiment = _check_experiment(experiment)
    if folder is None:
        target = output_folder()
    elif isinstance(folder, (str, Path)):
        target = Path(folder).absolute()
    else:
        raise TypeError(message("folder", "a folder path (str or pathlib.Path)", type(folder).__name__))
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{experiment.name}.json"
    path.write_text(json.dumps(to_chaostoolkit(experiment), indent=2) + "\n", encoding="utf-8")
    return path


def _steady_state(experiment: ChaosExperiment, phase: str, outcomes: list) -> bool:
    """Chaos Toolkit's rule: probes in order, stop at the first one outside its tolerance."""
    funcs = {"probe_availability": probe_availability, "probe_fast_ratio": probe_fast_ratio}
    for name, func, (low, high) in _hypothesis(experiment):
        value = funcs[func](experiment.scenario, experiment.seed)
        met = bool(low <= value <= high)  # NaN is outside every range, as in Chaos Toolkit
        outcomes.append(ProbeOutcome(phase, name, value, (low, high), met))
        if not met:
            return False
    return True


def run_experiment(experiment: ChaosExperiment | str, *, slo_target: float = BUDGET_SLO_TARGET,
                   window_days: int = BUDGET_WINDOW_DAYS) -> ChaosRun:
    """Run ``experiment`` in this process as ``chaos run`` would; report whether it deviated.

    The steps of a Chaos Toolkit run: the steady-state hypothesis before the
    method (if it does not hold, the run stops: there is nothing to learn from
    a fault injected into a system already outside its objectives), the method
    (inject the fault; measure the retry amplification and the error budget the
    fault spends), the hypothesis again
    with the fault active, then the rollbacks (always, so no fault outlives the
    call). Probes simulate the scenario in virtual time with the experiment's
    seed: the same verdict in a notebook and under ``chaos run``.

    Parameters
    ----------
    experiment : ChaosExperiment or str
        An experiment, or the name of one of :func:`course_experiments`.
    slo_target : float, default 0.999
        Target of the error budget ``budget_spent`` is a share of.
    window_days : int, default 30
        Window of that budget (at the scenario's arrival rate: module docstring).

    Returns
    -------
    ChaosRun
        ``deviated`` True means the experiment found a weakness;
        ``budget_spent`` what it cost.

    Examples
    --------
    >>> run = run_experiment("search-outage")
    >>> run.deviated, run.steady_state_before, run.status
    (True, True, 'completed')
    >>> [(p.phase, p.name) for p in run.probes][-3:]
    [('method', 'search-amplification'), ('method', 'checkout-budget-spent'), ('after', 'checkout-availability')]
    >>> run_experiment("search-outage-fallback").deviated
    False
    >>> run.bad_requests > 1000, round(run.budget_spent, 2)   # 1,2xx of 18,144 allowed
    (True, 0.07)
    """
    experiment = _check_experiment(experiment)
    slo_target, window_days = _check_budget_args(slo_target, window_days)
    outcomes: list[ProbeOutcome] = []
    after: bool | None = None
    sli = None
    injected = False
    added, allowed = 0, float(error_budget(
        slo_target, experiment.scenario["requests_per_minute"] * 1440 * window_days))
    try:
        before = _steady_state(experiment, "before", outcomes)
        baseline_sli = _simulate(experiment.scenario, experiment.seed).sli.copy()  # no fault yet
        if before:
            inject_fault(experiment.fault)
            injected = True
            dependency = _amplified(experiment)
            value = probe_amplification(experiment.scenario, experiment.seed, dependency)
            outcomes.append(ProbeOutcome("method", f"{dependency}-amplification", value, None, None))
            added, allowed = _budget(experiment.scenario, experiment.seed, slo_target, window_days)
            outcomes.append(ProbeOutcome("method", "checkout-budget-spent", added / allowed, None, None))
            after = _steady_state(experiment, "after", outcomes)
            sli = _simulate(experiment.scenario, experiment.seed).sli.copy()
    finally:  # the rollbacks run whatever happened (Chaos Toolkit's default strategy does too)
        if injected:
            remove_fault(experiment.fault)
    deviated = after is False
    kind, service = experiment.fault["kind"], experiment.fault["service"]
    if not before:
        bad = outcomes[-1]
        finding = (f"the steady state did not hold before any fault ({bad.name} was {bad.value:.4g}): "
                   "fix that first; nothing was injected")
    elif deviated:
        bad = outcomes[-1]
        finding = (f"weakness found: with {kind} in {service}, {bad.name} was {bad.value:.4g}, "
                   f"outside [{bad.tolerance[0]:g}, {bad.tolerance[1]:g}]")
    else:
        finding = f"the steady state held with {kind} in {service}"
    if injected:
        finding += (f"; the fault made {added:,} checkout requests fail, "
                    f"{format_percent(added / allowed, digits=2)} of the {window_days}-day error budget "
                    f"at {format_percent(slo_target)}")
    return ChaosRun(experiment.name, "completed", before, after, deviated, tuple(outcomes), finding, sli,
                    bad_requests=added, budget_spent=added / allowed, budget_allowed=allowed,
                    slo_target=slo_target, window_days=window_days, fault=dict(experiment.fault),
                    min_availability=experiment.min_availability,
                    min_fast_ratio=experiment.min_fast_ratio, baseline_sli=baseline_sli,
                    scenario=experiment.scenario)
