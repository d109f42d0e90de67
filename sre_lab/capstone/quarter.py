"""One quarter of MicroCorp, run under a plan of decisions: the capstone's world.

The outline's "MicroCorp Transformation" is four phases of decisions. Here a
phase is a :class:`QuarterPlan`, one field per lever the course taught, and
:func:`simulate_quarter` runs 13 weeks of MicroCorp under it and measures what
the outline asks: time to detect, time to recover, error budget used, users
served well, customers lost to churn, observability cost.

How a quarter is run (every step reuses the section that taught it)
--------------------------------------------------------------------
1. **What goes wrong.** ``sl.simulate_incidents`` draws the quarter's
   ground-truth incidents (2 a week; triggers from Google's postmortem
   shares). A seed fixes them, so two plans run on the *same* bad luck
   (common random numbers): a difference between plans is the levers', not
   the dice's.
2. **Prevention.** A readiness review (section 5) stops a reviewed change
   incident with probability ``1 - sl.REVIEW_RISK_RATIO``; a canary gate
   (section 6) catches a surviving binary push's incident with the power of its
   test on 1,000 requests per group (``sl.mann_whitney_power`` for slowdowns,
   a one-sided two-proportion test for errors), and then only the canary's
   5 % of traffic is hurt, for 30 minutes; chaos game days (section 6) find
   the flaw behind a hardware, provider or capacity incident before it bites
   with probability :data:`CHAOS_FIND_PROBABILITY`.
3. **Detection** (sections 2, 6). With burn-rate alerts, the incident's bad
   ratio fires the Workbook's page rules after ``sl.detection_time`` (closed
   form); a 5 % error threshold sees errors only; users report at a rate
   proportional to the requests that fail them (:data:`REPORT_PROBABILITY`
   each) and support escalates :data:`ESCALATION_MINUTES` later, so a small
   incident can go unreported for hours. The first to notice wins.
4. **Response** (section 3). A rotation acknowledges in an exponential
   5 minutes on average (the SRE book's target for user-facing services);
   best effort takes 15 minutes in office hours and 2 hours outside them.
   The hands-on repair (acknowledged to mitigated) is the world's own draw;
   runbooks divide it by 3 (the SRE book's "roughly a 3x improvement in
   MTTR"); an incident whose telling traces were sampled away (section 4,
   ``sl.chance_to_keep``: at least 5 error traces kept in its first
   15 minutes) takes twice as long -- even keeping every trace, an incident
   too small to fail 5 requests in 15 minutes is one of them; automated rollback mitigates a change
   incident 5 minutes after its alert (after the acknowledgement when users
   reported it).
5. **Measures.** Requests per minute are the world's expected rates
   (``sl.simulate_traffic``'s daily and weekly shape, without noise), so
   each incident's lost purchases are its bad share x the requests of its
   window, seen through checkout (a payment incident fails 60 % of the
   purchases it overlaps: ``sl.DEPENDENCIES``), exactly what
   ``sl.downtime_cost`` measures on simulated traffic, on average (a test
   checks it). Revenue is section 4's ``sl.MICROCORP_REVENUE``; churn is
   section 5's ``sl.churn_cost``; the observability bill is section 4's
   ``sl.telemetry_volumes`` and ``sl.monthly_bill`` for the quarter's
   traffic under the plan's sampling, log level and retention.

Every number that is a course assumption rather than a measurement is a
named constant below, with its source or the word *assumption*; change one
and rerun to see how much a conclusion leans on it.

Taught in ``notebooks/07_capstone/``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_choice, check_fraction, check_int, message

__all__ = [
    "QUARTER_START", "QUARTER_DAYS", "INCIDENTS_PER_WEEK", "REPORT_PROBABILITY", "ESCALATION_MINUTES",
    "ACK_MEAN_MINUTES", "PLAYBOOK_SPEEDUP", "UNDEBUGGABLE_SLOWDOWN", "ROLLBACK_MINUTES",
    "CANARY_REQUESTS", "CANARY_SHARE", "CANARY_MINUTES", "CANARIED_TRIGGERS", "CHAOS_FIND_PROBABILITY",
    "CHAOS_TRIGGERS", "CHURN_PROBABILITY", "PURCHASES_PER_YEAR", "ALERTING_CHOICES",
    "ONCALL_CHOICES", "RETENTION_CHOICES", "QuarterPlan", "PHASES", "LEVERS", "QuarterResult",
    "SUMMARY_KEYS", "simulate_quarter", "quarter_runs", "compare_plans", "OutlineClaim", "outline_claim", "changed_assumptions", "model_assumptions",
]

#: The quarter: 13 weeks from a Monday.
QUARTER_START = "2027-01-04"
QUARTER_DAYS = 91
#: Ground-truth incidents a week across the four services (``sl.simulate_incidents``' default).
INCIDENTS_PER_WEEK = 2.0
#: Without an alert, users tell you: each failed (or slow) request makes its user
#: contact support with this probability, and support escalates to engineering this
#: many minutes after the first contact. Assumptions: no public figure; vary them.
REPORT_PROBABILITY = 0.001
ESCALATION_MINUTES = 15.0
#: Mean minutes to acknowledge (exponential). "rotation": the SRE book ch. 11's
#: 5-minute target for user-facing services. "best_effort": assumption, 15 in office
#: hours (Mon-Fri 09-17 UTC) and 120 outside them.
ACK_MEAN_MINUTES = {"rotation": (5.0, 5.0), "best_effort": (15.0, 120.0)}
#: Runbooks divide the hands-on repair time: SRE book ch. 1, playbooks give "roughly a
#: 3x improvement in MTTR as compared to the strategy of 'winging it'".
PLAYBOOK_SPEEDUP = 3.0
#: Repair takes this many times longer when the incident's telling traces were
#: sampled away (assumption).
UNDEBUGGABLE_SLOWDOWN = 2.0
#: Automated rollback mitigates a change incident this many minutes after an alert
#: (or after the acknowledgement of a user's report) (assumption).
ROLLBACK_MINUTES = 5.0
#: The canary gate of section 6: requests per group, share of traffic and bake time.
CANARY_REQUESTS = 1000
CANARY_SHARE = 0.05
CANARY_MINUTES = 30
#: Changes that go through the canary: binary pushes. Configuration pushes usually
#: reach every server at once, which is why they trigger so many of Google's
#: incidents (SRE Workbook, Appendix C; "Canarying Releases", Workbook ch. 16).
CANARIED_TRIGGERS = ("Binary push",)
#: Chance that a quarter of monthly chaos game days finds the flaw behind an incident
#: of the kinds fault injection reproduces, before it bites (assumption).
CHAOS_FIND_PROBABILITY = 0.5
CHAOS_TRIGGERS = ("Hardware", "Service provider change", "Capacity management")
#: Section 5's churn model: the middle of its range (1 %-10 %) and 4 purchases a year.
CHURN_PROBABILITY = 0.055
PURCHASES_PER_YEAR = 4

ALERTING_CHOICES = ("users", "threshold", "burn_rate")
ONCALL_CHOICES = ("best_effort", "rotation")
#: Retention choices: days in each storage tier (``sl.monthly_bill``'s ``retention_days``).
RETENTION_CHOICES = {
    "90d hot": {"hot": 90},
    "30d hot": {"hot": 30},
    "tiered": {"hot": 7, "warm": 23, "cold": 60},
}
_CHANGE_TRIGGERS = ("Binary push", "Configuration push")
_THRESHOLD_ERROR_RATIO = 0.05      # the naive "errors above 5 % for 5 minutes" page
_THRESHOLD_WINDOW_MINUTES = 5
_DEBUG_TRACES = 5                  # telling traces needed (sl.debuggable_incidents' default)
_DEBUG_WINDOW_MINUTES = 15
_MAX_TTR_MINUTES = 3 * 1440


@dataclass(frozen=True)
class QuarterPlan:
    """The decisions for one quarter: one field per lever of the course.

    Parameters
    ----------
    name : str
        Shown in tables and the report.
    slo_target : float, default 0.999
        Checkout's objective: the budget the quarter is measured against and
        the burn rates of the alerts.
    alerting : {"users", "threshold", "burn_rate"}
        Who notices first: users' reports only; a page on errors above 5 % for
        5 minutes; the SRE Workbook's multiwindow burn-rate pages on an
        availability and a latency SLO (section 2).
    oncall : {"best_effort", "rotation"}
        Who answers (section 3).
    runbooks : bool
        Runbooks for the services' common failures (section 3).
    head_sampling : float in [0, 1]
        Share of traces kept at random (section 4).
    tail_sampling : bool
        Also keep every trace with an error or a slow request (section 4).
    log_level : {"DEBUG", "INFO", "WARN", "ERROR"}
        Lowest level logged (section 4).
    retention : {"90d hot", "30d hot", "tiered"}
        Storage tiers, see :data:`RETENTION_CHOICES` (section 4).
    review_share : float in [0, 1]
        Share of launches given a production readiness review (section 5).
    auto_rollback : bool
        A failed change rolls itself back on the alert (section 5's automation).
    release_gate : bool
        Canary analysis blocks bad releases (section 6).
    chaos_game_days : bool
        A chaos experiment every month (section 6).

    Examples
    --------
    >>> plan = QuarterPlan("mine", alerting="burn_rate", oncall="rotation")
    >>> plan.alerting, plan.runbooks
    ('burn_rate', False)
    >>> plan.replace(runbooks=True).runbooks
    True
    """

    name: str = "plan"
    slo_target: float = 0.999
    alerting: str = "users"
    oncall: str = "best_effort"
    runbooks: bool = False
    head_sampling: float = 1.0
    tail_sampling: bool = False
    log_level: str = "INFO"
    retention: str = "90d hot"
    review_share: float = 0.0
    auto_rollback: bool = False
    release_gate: bool = False
    chaos_game_days: bool = False

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise TypeError(message("name", "a non-empty string", self.name))
        object.__setattr__(self, "slo_target", check_fraction("slo_target", self.slo_target,
                                                              scalar=True))
        if not 0.5 <= self.slo_target < 1:
            raise ValueError(message("slo_target", "a fraction in [0.5, 1)", self.slo_target,
                                     "Objectives are 0.99, 0.999, ...: below 0.5 is a typo."))
        check_choice("alerting", self.alerting, ALERTING_CHOICES)
        check_choice("oncall", self.oncall, ONCALL_CHOICES)
        check_choice("log_level", self.log_level, ("DEBUG", "INFO", "WARN", "ERROR"))
        check_choice("retention", self.retention, tuple(RETENTION_CHOICES))
        for name in ("runbooks", "tail_sampling", "auto_rollback", "release_gate",
                     "chaos_game_days"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(message(name, "True or False", getattr(self, name)))
            object.__setattr__(self, name, bool(getattr(self, name)))
        for name in ("head_sampling", "review_share"):
            object.__setattr__(self, name, check_fraction(name, getattr(self, name),
                                                          closed=True, scalar=True))

    def replace(self, **changes) -> "QuarterPlan":
        """A copy with some levers changed (``plan.replace(runbooks=True)``)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise TypeError(message("changes", "names of QuarterPlan's levers "
                                    f"({', '.join(f.name for f in dataclasses.fields(self))})",
                                    unknown))
        return dataclasses.replace(self, **changes)

    @property
    def retention_days(self) -> dict:
        """Days in each storage tier, as ``sl.monthly_bill(retention_days=...)`` takes them."""
        return dict(RETENTION_CHOICES[self.retention])

    def span_share(self) -> float:
        """Share of span volume kept: head sampling, plus the errors and slow ones tail sampling keeps.

        With tail sampling a trace is kept if it is sampled at random or it
        has an error or a slow request (above ``sl.MICROCORP_REVENUE.slow_ms``),
        so ``h + (1 - h) x interesting``, where ``interesting`` is the
        traffic-weighted share of such requests in normal operation.

        >>> QuarterPlan().span_share()
        1.0
        >>> round(QuarterPlan(head_sampling=0.1).span_share(), 3)
        0.1
        """
        h = self.head_sampling
        return float(h + (1 - h) * _interesting_share()) if self.tail_sampling else float(h)


PHASES = {
    1: QuarterPlan("Phase 1: ad hoc"),
    2: QuarterPlan("Phase 2: SLOs and on-call", alerting="burn_rate", oncall="rotation",
                   runbooks=True),
    3: QuarterPlan("Phase 3: scale and govern", alerting="burn_rate", oncall="rotation",
                   runbooks=True, head_sampling=0.1, tail_sampling=True, retention="tiered",
                   review_share=0.9, auto_rollback=True),
    4: QuarterPlan("Phase 4: shift left", alerting="burn_rate", oncall="rotation",
                   runbooks=True, head_sampling=0.1, tail_sampling=True, retention="tiered",
                   review_share=0.9, auto_rollback=True, release_gate=True,
                   chaos_game_days=True),
}
"""The outline's four phases of the MicroCorp Transformation as plans."""

LEVERS = pd.DataFrame(
    [
        ("slo_target", 2, "02_slos/1b_targets_and_error_budgets", "the budget everything is measured against"),
        ("alerting", 2, "02_slos/2b_burn_rate", "time to detect"),
        ("oncall", 3, "03_incidents/2b_oncall_load", "time to acknowledge"),
        ("runbooks", 3, "03_incidents/2a_playbooks_and_triage", "repair time"),
        ("head_sampling", 4, "04_cost/1c_sampling_and_retention", "observability cost; which incidents stay debuggable"),
        ("tail_sampling", 4, "04_cost/1c_sampling_and_retention", "keeps errors and slow traces at a small cost"),
        ("log_level", 4, "04_cost/1a_cost_components", "observability cost"),
        ("retention", 4, "04_cost/1c_sampling_and_retention", "observability cost"),
        ("review_share", 5, "05_culture/2b_production_readiness_reviews", "change incidents prevented"),
        ("auto_rollback", 5, "05_culture/1c_automation_payback", "repair time of change incidents"),
        ("release_gate", 6, "06_observability_driven_dev/2b_canary_analysis", "bad releases caught on 5 % of traffic"),
        ("chaos_game_days", 6, "06_observability_driven_dev/3c_chaos_experiments", "hidden flaws found before they bite"),
    ],
    columns=["lever", "section", "notebook", "what it changes"],
)
"""The levers of :class:`QuarterPlan`, the section and notebook that taught each, what it changes."""


# --------------------------------------------------------------------------- the world, cached


@functools.cache
def _minutes() -> pd.DatetimeIndex:
    start = pd.Timestamp(QUARTER_START, tz="UTC")
    return pd.date_range(start, periods=QUARTER_DAYS * 1440, freq="min")


@functools.cache
def _expected_requests() -> dict[str, np.ndarray]:
    """Expected requests per minute of each service over the quarter, and their running sums."""
    from ..simulation import SERVICES, _rate_shape

    minutes = _minutes()
    rates = {s.name: _rate_shape(s, minutes, 0.4) for s in SERVICES}
    return {name: np.concatenate([[0.0], np.cumsum(r)]) for name, r in rates.items()}


def _window(service: str, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Expected requests of ``service`` in minutes [first, last)."""
    cum = _expected_requests()[service]
    n = len(cum) - 1
    return cum[np.clip(last, 0, n)] - cum[np.clip(first, 0, n)]


@functools.cache
def _medians(service: str) -> np.ndarray:
    """Median latency each minute: it grows with load, as in ``sl.simulate_traffic``."""
    from ..simulation import SERVICES

    s = next(x for x in SERVICES if x.name == service)
    load = np.diff(_expected_requests()[service]) / s.requests_per_minute
    return s.latency_median_ms * (1 + 0.15 * (load - 1))


@functools.lru_cache(maxsize=65536)
def _slow_requests(service: str, first: int, last: int, multiplier: float = 1.0) -> float:
    """Expected requests of ``service`` in minutes [first, last) slower than ``slow_ms``.

    Log-normal latencies with that minute's median (times ``multiplier``):
    ``P(latency > slow_ms) = 1 - Phi((ln slow_ms - ln median) / sigma)``.
    """
    from ..cost.benefit import MICROCORP_REVENUE
    from ..simulation import SERVICES, _normal_cdf

    s = next(x for x in SERVICES if x.name == service)
    first, last = max(int(first), 0), min(int(last), QUARTER_DAYS * 1440)
    if last <= first:
        return 0.0
    median = _medians(service)[first:last] * multiplier
    z = (np.log(MICROCORP_REVENUE.slow_ms) - np.log(median)) / s.latency_sigma
    rates = np.diff(_expected_requests()[service][first:last + 1])
    return float(rates @ (1 - _normal_cdf(z)))


def _latency_lost(service: str, first: int, last: int, multiplier: float) -> float:
    """Requests a slowdown of ``multiplier`` pushes over ``slow_ms`` in minutes [first, last)."""
    return max(0.0, _slow_requests(service, first, last, multiplier)
               - _slow_requests(service, first, last, 1.0))


@functools.cache
def _background(service: str) -> float:
    """Expected bad requests of a quiet quarter: baseline errors plus slow requests."""
    from ..simulation import SERVICES

    s = next(x for x in SERVICES if x.name == service)
    return float(_expected_requests()[service][-1] * s.baseline_error_ratio
                 + _slow_requests(service, 0, QUARTER_DAYS * 1440))


@functools.cache
def _interesting_share() -> float:
    """Share of all requests with an error or slower than ``slow_ms`` in a quiet quarter."""
    from ..simulation import SERVICE_NAMES

    total = sum(_expected_requests()[name][-1] for name in SERVICE_NAMES)
    return float(sum(_background(name) for name in SERVICE_NAMES) / total)


def _incidents(seed: int) -> pd.DataFrame:
    """The seed's ground truth plus its own uniform draws, one per decision (common random numbers)."""
    return _incidents_at(seed, INCIDENTS_PER_WEEK)


@functools.lru_cache(maxsize=256)
def _incidents_at(seed: int, per_week: float) -> pd.DataFrame:
    from ..simulation import simulate_incidents

    rng = np.random.default_rng([seed, 2027])
    incidents = simulate_incidents(QUARTER_START, QUARTER_DAYS, per_week=per_week, rng=rng)
    n = len(incidents)
    draws = rng.random((n, 7))
    for i, name in enumerate(("u_review", "u_gate", "u_chaos", "u_report", "u_ack",
                              "u_debug", "u_spare")):
        incidents[name] = draws[:, i]
    return incidents


@functools.cache
def _bill_usd(log_level: str, span_share: float, retention: str) -> float:
    """The quarter's observability bill (section 4's model) for the expected traffic."""
    from ..cost.prices import monthly_bill
    from ..cost.telemetry import telemetry_volumes
    from ..simulation import SERVICES

    minutes = _minutes()
    days = minutes[::1440]
    rows = []
    for s in SERVICES:
        cum = _expected_requests()[s.name]
        per_day = np.diff(cum[::1440])
        rows.append(pd.DataFrame({"date": days.tz_localize(None).normalize(), "service": s.name,
                                  "requests": np.round(per_day).astype(np.int64),
                                  "errors": np.round(per_day * s.baseline_error_ratio).astype(np.int64)}))
    daily = pd.concat(rows, ignore_index=True)
    volumes = telemetry_volumes(daily, log_levels=log_level, span_share=span_share)
    bill = monthly_bill(volumes, retention_days=RETENTION_CHOICES[retention])
    return float(bill["usd"].sum())


@functools.cache
def _chaos_lost_purchases() -> float:
    """Checkout requests a game day costs: section 6's payment-bad-instance experiment."""
    from ..resilience.chaos import course_experiments, run_experiment

    experiment = next(e for e in course_experiments() if e.name == "payment-bad-instance")
    return float(run_experiment(experiment).bad_requests)


@functools.lru_cache(maxsize=4096)
def _fisher_gate_power(p0: float, p1: float, n: int, alpha: float = 0.05) -> float:
    """Power of the canary's error check: ``sl.error_rate_test``'s one-sided Fisher test.

    Baseline and canary get ``n`` requests each; their errors are binomial
    with ratios ``p0`` and ``p1``. Given ``t`` errors in all, Fisher's test
    blocks when ``P(X >= x1 | t) < alpha`` under the hypergeometric law of the
    canary's share ``X``. The power is summed exactly over the outcomes
    (errors beyond the 1e-12 tail of either binomial are left out).
    """
    from ..culture.readiness import _log_factorials

    # Far beyond the test's reach (more than 8 standard errors), the power is 1 to
    # within 1e-15; summing would only cost time.
    spread = math.sqrt(p0 * (1 - p0) / n + p1 * (1 - p1) / n)
    if spread > 0 and (p1 - p0) / spread > 8 + 2 * 1.6449:
        return 1.0
    lf = _log_factorials(2 * n)

    def log_choose(a, b):
        return lf[a] - lf[b] - lf[a - b]

    top = int(min(n, n * p1 + 12 * math.sqrt(n * p1 + 1) + 20))
    k = np.arange(top + 1)

    def pmf(p):
        if p <= 0:
            return (k == 0).astype(float)
        return np.exp(log_choose(n, k) + k * np.log(p) + (n - k) * np.log1p(-p))

    pmf0, pmf1 = pmf(p0), pmf(p1)
    t = np.arange(2 * top + 1)[:, None]           # errors in both groups
    x1 = np.arange(2 * top + 1)[None, :]          # of which in the canary
    valid = (x1 <= t) & (x1 <= n) & (t - x1 <= n)
    a, b = np.where(valid, x1, 0), np.where(valid, t - x1, 0)
    w = np.where(valid, np.exp(log_choose(n, a) + log_choose(n, b) - log_choose(2 * n, t)), 0.0)
    tail = np.cumsum(w[:, ::-1], axis=1)[:, ::-1]  # P(X >= x1 | t)
    hit = valid & (tail < alpha) & (x1 <= top) & (t - x1 <= top)
    rows, cols = np.nonzero(hit)
    power = float(pmf1[cols] @ pmf0[rows - cols])
    return min(power, 1.0)


@functools.lru_cache(maxsize=256)
def _prepared(seed: int, per_week: float) -> dict:
    """Everything about a seed's incidents that no lever changes (numpy arrays)."""
    truth = _incidents_at(seed, per_week)
    services = truth["service"].to_numpy()
    t0 = _minutes()[0]
    start_min = ((truth["started"] - t0) / pd.Timedelta(minutes=1)).to_numpy().astype(np.int64)
    is_latency = (truth["kind"] == "latency").to_numpy()
    mult = truth["latency_multiplier"].to_numpy(float)
    # The bad share of the service's requests when the incident starts.
    bad = truth["error_ratio_added"].to_numpy(dtype=float).copy()
    for i in np.flatnonzero(is_latency):
        first = int(start_min[i])
        bad[i] = _latency_lost(services[i], first, first + 1, float(mult[i])) \
            / max(_window(services[i], np.array([first]), np.array([first + 1]))[0], 1e-12)
    prepared = {
        "truth": truth, "n": len(truth), "services": services, "start_min": start_min,
        "is_change": truth["trigger"].isin(_CHANGE_TRIGGERS).to_numpy(),
        "canaried": truth["trigger"].isin(CANARIED_TRIGGERS).to_numpy(),
        "chaos_kind": truth["trigger"].isin(CHAOS_TRIGGERS).to_numpy(),
        "is_latency": is_latency, "mult": mult, "bad": np.clip(bad, 0.0, 1.0),
        "per_minute": _window_for(services, start_min, start_min + 1),
        "first_traces": np.round(_window_for(services, start_min,
                                             start_min + _DEBUG_WINDOW_MINUTES)).astype(np.int64),
        # The hands-on part of the world's own response: acknowledged to mitigated.
        "repair": np.maximum(((truth["mitigated"] - truth["acknowledged"]) / pd.Timedelta(minutes=1))
                             .to_numpy(float), 1.0),
    }
    for name in ("u_review", "u_gate", "u_chaos", "u_report", "u_ack", "u_debug"):
        prepared[name] = truth[name].to_numpy()
    return prepared


@functools.lru_cache(maxsize=256)
def _gate_power(seed: int, per_week: float) -> np.ndarray:
    """The canary gate's chance to block each canaried incident of a seed (0 for the others)."""
    from ..resilience.release import mann_whitney_power
    from ..simulation import SERVICES

    w = _prepared(seed, per_week)
    base = {s.name: s.baseline_error_ratio for s in SERVICES}
    power = np.zeros(w["n"])
    for i in np.flatnonzero(w["canaried"]):
        s = w["services"][i]
        if w["is_latency"][i]:
            power[i] = float(mann_whitney_power(regression=float(w["mult"][i]) - 1,
                                                n_requests=CANARY_REQUESTS, service=s))
        else:
            p1 = round(1 - (1 - base[s]) * (1 - float(w["bad"][i])), 9)
            power[i] = _fisher_gate_power(base[s], p1, CANARY_REQUESTS)
    return power


@functools.lru_cache(maxsize=65536)
def _debug_chance(bad: float, traces: int, head_sampling: float) -> float:
    """Chance that head sampling keeps enough telling traces of an incident's first minutes."""
    from ..cost.sampling import chance_to_keep

    return float(chance_to_keep(float(bad), int(traces), float(head_sampling),
                                at_least=_DEBUG_TRACES))


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class QuarterResult:
    """What :func:`simulate_quarter` returns.

    Attributes
    ----------
    plan : QuarterPlan
    seed : int
    incidents : DataFrame
        One row per ground-truth incident: ``id``, ``service``, ``trigger``,
        ``kind``, ``severity``, ``started``, ``prevented_by`` (``""``,
        ``"review"``, ``"release_gate"``, ``"chaos"``), ``detected_by``
        (``"alert"``, ``"users"``; ``""`` when prevented), ``ttd_minutes``,
        ``tta_minutes`` (detection to acknowledgement), ``repair_minutes``,
        ``ttr_minutes`` (started to mitigated: how long users were hurt),
        ``debuggable`` (at least 5 telling traces kept from its first 15
        minutes; for a prevented incident, whether it would have been),
        ``lost_purchases`` (checkout purchases lost, beyond
        the background), ``lost_revenue_usd``.
    summary : dict
        The quarter's measures (see :func:`simulate_quarter`).
    """

    plan: QuarterPlan
    seed: int
    incidents: pd.DataFrame
    summary: dict

    def __repr__(self) -> str:
        s = self.summary
        return (f"QuarterResult({self.plan.name!r}, seed={self.seed}: {s['incidents']} incidents, "
                f"{s['prevented']} prevented, TTD median {s['ttd_median_minutes']:.0f} min, "
                f"TTR median {s['ttr_median_minutes']:.0f} min, budget used {s['budget_used']:.0%}, "
                f"lost ${s['lost_revenue_usd']:,.0f}, churn ${s['churn_usd']:,.0f}, "
                f"observability ${s['observability_usd']:,.0f})")

    def _repr_markdown_(self) -> str:
        rows = "\n".join(f"| {k} | {_fmt(v)} |" for k, v in self.summary.items())
        return f"**{self.plan.name}** (seed {self.seed})\n\n| measure | value |\n|---|---:|\n{rows}"


def _fmt(value) -> str:
    if isinstance(value, (int, np.integer)):
        return f"{value:,}"
    if isinstance(value, float) and abs(value) < 1 and value != 0:
        return f"{value:.4f}"
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


SUMMARY_KEYS = ("incidents", "prevented", "ttd_median_minutes", "ttd_mean_minutes",
                "ttr_median_minutes", "ttr_mean_minutes", "budget_used", "good_share",
                "lost_purchases", "lost_revenue_usd", "customers_lost", "churn_usd",
                "response_usd", "observability_usd")


def _check_seed(seed) -> int:
    return check_int("seed", seed, low=0, high=2**31 - 1)


def simulate_quarter(plan: QuarterPlan | None = None, *, seed: int = 0) -> QuarterResult:
    """Run one quarter (13 weeks) of MicroCorp under a plan and measure it.

    Parameters
    ----------
    plan : QuarterPlan, optional
        The decisions; default ``PHASES[1]`` (MicroCorp as it is).
    seed : int, default 0
        Which quarter of bad luck: the same seed gives the same incidents and
        draws to every plan.

    Returns
    -------
    QuarterResult
        ``summary`` holds: ``incidents`` (that happened; prevented ones not
        counted), ``prevented``, ``ttd_median_minutes`` / ``ttd_mean_minutes``
        (started to detected), ``ttr_median_minutes`` / ``ttr_mean_minutes``
        (started to mitigated), ``budget_used`` (checkout's bad requests --
        failed or slower than 1 s -- over its quarter budget,
        ``(1 - slo_target) x requests``; 1.0 is all of it), ``good_share``
        (share of checkout requests that went through), ``lost_purchases``,
        ``lost_revenue_usd``, ``customers_lost`` (lost purchases x
        :data:`CHURN_PROBABILITY`), ``churn_usd`` (``sl.churn_cost``: their
        next year's purchases), ``response_usd`` (one responder's hands-on hours,
        acknowledgement to mitigation, at ``sl.RESPONDER_USD_PER_HOUR``),
        ``observability_usd`` (the quarter's bill); and the two figures the
        budget is computed from, ``checkout_requests`` (expected in the
        quarter) and ``background_requests`` (those a quiet quarter fails or
        slows past 1 s anyway).
        Medians and means are NaN when no incident happened.

    Examples
    --------
    >>> before = simulate_quarter(PHASES[1], seed=3)
    >>> after = simulate_quarter(PHASES[2], seed=3)
    >>> bool(after.summary["ttr_median_minutes"] < before.summary["ttr_median_minutes"])
    True
    >>> before.summary["incidents"] == after.summary["incidents"]   # same bad luck, no prevention yet
    True
    """
    plan = PHASES[1] if plan is None else plan
    if not isinstance(plan, QuarterPlan):
        raise TypeError(message("plan", "a QuarterPlan (e.g. sl.PHASES[1] or sl.QuarterPlan(...))",
                                plan))
    return _run(plan, _check_seed(seed), table=True)


def _run(plan: QuarterPlan, seed: int, *, table: bool):
    """The quarter's arithmetic: the summary dict, or a QuarterResult when ``table``."""
    from ..alerting import AlertRule, detection_time, workbook_policy
    from ..cost.benefit import MICROCORP_REVENUE
    from ..culture.business import RESPONDER_USD_PER_HOUR, churn_cost
    from ..culture.readiness import REVIEW_RISK_RATIO
    from ..simulation import DEPENDENCIES

    w = _prepared(seed, INCIDENTS_PER_WEEK)
    truth, n, services, start_min = w["truth"], w["n"], w["services"], w["start_min"]
    is_change, is_latency, bad, mult = w["is_change"], w["is_latency"], w["bad"], w["mult"]

    # 2. Prevention.
    prevented = np.full(n, "", dtype=object)
    reviewed_out = is_change & (w["u_review"] < plan.review_share * (1 - REVIEW_RISK_RATIO))
    prevented[reviewed_out] = "review"
    canary_lost = 0.0
    if plan.release_gate:
        canaried = w["canaried"]
        caught = (prevented == "") & canaried & (w["u_gate"] < _gate_power(seed, INCIDENTS_PER_WEEK))
        prevented[caught] = "release_gate"
        for i in np.flatnonzero(caught):
            a, b = int(start_min[i]), int(start_min[i]) + CANARY_MINUTES
            canary_lost += _purchases(services[i], a, b,
                                      CANARY_SHARE * _lost_requests(services[i], a, b, float(bad[i]),
                                                                    float(mult[i]),
                                                                    bool(is_latency[i])),
                                      DEPENDENCIES)
    if plan.chaos_game_days:
        found = (prevented == "") & w["chaos_kind"] & (w["u_chaos"] < CHAOS_FIND_PROBABILITY)
        prevented[found] = "chaos"
    happened = prevented == ""

    # 3. Detection: the first of the alert and the users' report.
    report_rate = REPORT_PROBABILITY * bad * w["per_minute"]       # reports a minute
    with np.errstate(divide="ignore"):
        first_report = -np.log1p(-w["u_report"]) / report_rate
    report = np.where(report_rate > 0, first_report + ESCALATION_MINUTES, np.inf)
    alert = np.full(n, np.inf)
    if plan.alerting == "burn_rate":
        rules = [r for r in workbook_policy(plan.slo_target, window_days=30) if r.severity == "page"]
        for rule in rules:
            t = detection_time(np.maximum(bad, 1e-12), rule, slo_target=plan.slo_target)
            alert = np.minimum(alert, _minutes_or_inf(t))
    elif plan.alerting == "threshold":
        rule = AlertRule("errors above 5 %", _THRESHOLD_ERROR_RATIO / (1 - plan.slo_target),
                         _THRESHOLD_WINDOW_MINUTES, _THRESHOLD_WINDOW_MINUTES, "page")
        t = detection_time(np.where(is_latency, 1e-12, np.maximum(bad, 1e-12)), rule,
                           slo_target=plan.slo_target)
        alert = _minutes_or_inf(t)
    alert = np.ceil(alert)     # replay works in whole minutes
    ttd = np.minimum(alert, report)
    detected_by = np.where(alert <= report, "alert", "users")

    # 4. Response.
    # The quarter starts on a Monday at 00:00 UTC: minute m is day m // 1440 of the week.
    detected_min = start_min + np.minimum(ttd, _MAX_TTR_MINUTES)
    office = ((detected_min // 1440) % 7 < 5) & ((detected_min % 1440) >= 9 * 60) \
        & ((detected_min % 1440) < 17 * 60)
    in_hours, off_hours = ACK_MEAN_MINUTES[plan.oncall]
    ack_mean = np.where(office, in_hours, off_hours)
    tta = -ack_mean * np.log1p(-w["u_ack"])
    repair = w["repair"]
    if plan.runbooks:
        repair = repair / PLAYBOOK_SPEEDUP
    p_debug = np.ones(n) if plan.tail_sampling else np.array(
        [_debug_chance(b, f, plan.head_sampling) for b, f in zip(bad, w["first_traces"])])
    debuggable = w["u_debug"] < p_debug
    repair = np.where(debuggable, repair, repair * UNDEBUGGABLE_SLOWDOWN)
    if plan.auto_rollback:
        # An alert rolls the change back by itself; a user's report still needs a person,
        # who then rolls back in one step instead of repairing.
        repair = np.where(is_change, np.minimum(repair, ROLLBACK_MINUTES), repair)
        by_alert = is_change & (detected_by == "alert")
        tta = np.where(by_alert, 0.0, tta)
    mitigate_after_detect = tta + repair
    ttd = np.minimum(ttd, _MAX_TTR_MINUTES)
    ttr = np.minimum(np.ceil(ttd + mitigate_after_detect), _MAX_TTR_MINUTES)

    # 5. Measures.
    lost = np.zeros(n)
    for i in np.flatnonzero(happened):
        s, a, b = services[i], int(start_min[i]), int(start_min[i]) + int(ttr[i])
        lost[i] = _purchases(s, a, b, _lost_requests(s, a, b, float(bad[i]), float(mult[i]),
                                                     bool(is_latency[i])),
                             DEPENDENCIES)
    chaos_lost = 3 * _chaos_lost_purchases() if plan.chaos_game_days else 0.0
    lost_purchases = float(lost.sum() + canary_lost + chaos_lost)
    usd = MICROCORP_REVENUE.usd_per_checkout_request
    requests = float(_expected_requests()["checkout"][-1])
    background = _background("checkout")
    budget = (1 - plan.slo_target) * requests
    lost_revenue = lost_purchases * usd
    churn = float(churn_cost(lost_revenue, churn_probability=CHURN_PROBABILITY,
                             purchases_per_year=PURCHASES_PER_YEAR))

    nan = np.where(happened, 1.0, np.nan)
    summary = {
        "incidents": int(happened.sum()),
        "prevented": int((~happened).sum()),
        "ttd_median_minutes": _stat(ttd[happened], "median"),
        "ttd_mean_minutes": _stat(ttd[happened], "mean"),
        "ttr_median_minutes": _stat(ttr[happened], "median"),
        "ttr_mean_minutes": _stat(ttr[happened], "mean"),
        "budget_used": float((background + lost_purchases) / budget),
        "good_share": float(1 - (background + lost_purchases) / requests),
        "lost_purchases": lost_purchases,
        "lost_revenue_usd": float(lost_revenue),
        "customers_lost": float(lost_purchases * CHURN_PROBABILITY),
        "churn_usd": churn,
        "response_usd": float(np.nansum((ttr - ttd - tta).clip(min=0) * nan) / 60
                              * RESPONDER_USD_PER_HOUR),
        "checkout_requests": requests,
        "background_requests": float(background),
        "observability_usd": _bill_usd(plan.log_level, round(plan.span_share(), 6), plan.retention),
    }
    if not table:
        return summary
    table = truth[["id", "service", "trigger", "kind", "severity", "started"]].copy()
    table["prevented_by"] = prevented
    table["detected_by"] = np.where(happened, detected_by, "")
    table["ttd_minutes"] = ttd * nan
    table["tta_minutes"] = tta * nan
    table["repair_minutes"] = (ttr - ttd - tta).clip(min=0) * nan
    table["ttr_minutes"] = ttr * nan
    table["debuggable"] = debuggable
    table["lost_purchases"] = lost
    table["lost_revenue_usd"] = lost * usd
    return QuarterResult(plan, seed, table.reset_index(drop=True), summary)


def _minutes_or_inf(t) -> np.ndarray:
    """``sl.detection_time``'s result in minutes; never (NaT) is infinity."""
    t = pd.to_timedelta(pd.Series(np.atleast_1d(t)))
    return np.where(t.isna(), np.inf, t.dt.total_seconds().to_numpy() / 60)


def _window_for(services: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Expected requests of each incident's service in its minutes [first, last)."""
    out = np.zeros(len(services))
    for name in set(services):
        hit = services == name
        out[hit] = _window(name, first[hit], last[hit])
    return out


def _purchases(service: str, first: int, last: int, lost_requests: float, dependencies) -> float:
    """Checkout purchases lost when ``service`` loses ``lost_requests`` in minutes [first, last).

    As ``sl.downtime_cost``: checkout's own requests count one for one; a
    dependency's lost requests count at checkout's share of its callers,
    ``min(1, calls_per_checkout x checkout requests / service requests)``;
    an asynchronous service (notifications) loses no purchase.
    """
    if service == "checkout":
        return float(lost_requests)
    calls = dependencies.get("checkout", {})
    if service not in calls:
        return 0.0
    own = _window(service, np.array([first]), np.array([last]))[0]
    shop = _window("checkout", np.array([first]), np.array([last]))[0]
    return float(lost_requests * min(1.0, calls[service] * shop / own)) if own > 0 else 0.0


def _lost_requests(service: str, first: int, last: int, bad: float, multiplier: float,
                   latency: bool) -> float:
    """Requests an incident spoils in minutes [first, last): its errors, or the requests it slows past ``slow_ms``."""
    if latency:
        return _latency_lost(service, first, last, multiplier)
    return float(_window(service, np.array([first]), np.array([last]))[0] * bad)


def _stat(values: np.ndarray, how: str) -> float:
    return float(getattr(np, how)(values)) if len(values) else float("nan")


# --------------------------------------------------------------------------- many quarters


def _plans(plans) -> list:
    if isinstance(plans, QuarterPlan):
        plans = [plans]
    if isinstance(plans, dict):
        plans = list(plans.values())
    try:
        plans = list(plans)
    except TypeError:
        raise TypeError(message("plans", "a list of QuarterPlan", plans)) from None
    if not plans or not all(isinstance(p, QuarterPlan) for p in plans):
        raise TypeError(message("plans", "a non-empty list of QuarterPlan", plans,
                                "e.g. list(sl.PHASES.values())."))
    names = [p.name for p in plans]
    if len(set(names)) < len(names):
        raise ValueError(message("plans", "plans with different names", names,
                                 "Give each its own name: plan.replace(name=...)."))
    return plans


def _seeds(seeds) -> list[int]:
    rule = "whole numbers from 0 to 2**31 - 1 (e.g. range(20))"
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        seeds = [seeds]
    if isinstance(seeds, (str, bytes, dict)) or not hasattr(seeds, "__iter__"):
        raise TypeError(message("seeds", rule, seeds))
    seeds = list(seeds)
    for s in seeds:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise TypeError(message("seeds", rule, s))
        if not 0 <= s <= 2**31 - 1:
            raise ValueError(message("seeds", rule, s))
    seeds = [int(s) for s in seeds]
    if not 1 <= len(seeds) <= 1000:
        raise ValueError(message("seeds", "1 to 1,000 seeds", len(seeds)))
    return seeds


def quarter_runs(plans, *, seeds=range(20)) -> pd.DataFrame:
    """Every plan over every seed: one row per (plan, seed) with the summary's measures.

    Examples
    --------
    >>> runs = quarter_runs([PHASES[1], PHASES[2]], seeds=[0, 1])
    >>> runs.shape[0], list(runs.columns[:3])
    (4, ['plan', 'seed', 'incidents'])
    """
    plans, seeds = _plans(plans), _seeds(seeds)
    rows = [{"plan": p.name, "seed": s, **_run(p, s, table=False)} for p in plans for s in seeds]
    return pd.DataFrame(rows)


def compare_plans(plans, *, seeds=range(20), low=0.1, high=0.9) -> pd.DataFrame:
    """Compare plans over the same seeds: the median of each measure and its 10-90 % range.

    Parameters
    ----------
    plans : list of QuarterPlan (or dict, e.g. ``sl.PHASES``)
    seeds : iterable of int, default range(20)
        The quarters of bad luck every plan meets (1 to 1,000).
    low, high : float
        Quantiles of the range.

    Returns
    -------
    DataFrame
        Indexed by plan name in the order given; for each measure of
        :func:`simulate_quarter` a column with its median over the seeds,
        and ``<measure>_low`` / ``<measure>_high`` with the quantiles.

    Examples
    --------
    >>> table = compare_plans(PHASES, seeds=range(3))
    >>> list(table.index) == [p.name for p in PHASES.values()]
    True
    >>> bool(table["ttr_median_minutes"].iloc[-1] < table["ttr_median_minutes"].iloc[0])
    True
    """
    low = check_fraction("low", low, scalar=True)
    high = check_fraction("high", high, scalar=True)
    if low >= high:
        raise ValueError(message("low", f"below high ({high})", low))
    runs = quarter_runs(plans, seeds=seeds)
    order = list(dict.fromkeys(runs["plan"]))
    grouped = runs.drop(columns="seed").groupby("plan", sort=False)
    medians = grouped.median()
    out = {}
    for key in SUMMARY_KEYS:
        out[key] = medians[key]
        out[f"{key}_low"] = grouped[key].quantile(low)
        out[f"{key}_high"] = grouped[key].quantile(high)
    return pd.DataFrame(out).loc[order]


# --------------------------------------------------------------------------- the outline's claim


@dataclass(frozen=True)
class OutlineClaim:
    """The outline's "churn fell 15 %, revenue grew 20 %" against the model.

    Attributes
    ----------
    churn_change : float
        Relative change of customers lost to incidents, after vs before
        (-0.8 = 80 % fewer), median over the seeds.
    revenue_change : float
        Relative change of the quarter's revenue net of incident losses
        (lost purchases now, and the next year's purchases of the churned
        customers), median over the seeds.
    revenue_ceiling : float
        The most any reliability work could add: every incident loss of
        ``before`` removed, as a share of its net revenue.
    lost_share_needed : float
        The share of revenue ``before`` would have to lose to incidents for
        +20 % to be possible (1/6: losing a sixth leaves 5/6, and 6/5 is +20 %).
    churn_share_needed : float
        The share of *all* churn that incident churn must be for a total fall
        of 15 %, given the model's ``churn_change``.
    quarter_revenue_usd : float
        Checkout's gross revenue in the quarter (every purchase went through).
    """

    churn_change: float
    revenue_change: float
    revenue_ceiling: float
    lost_share_needed: float
    churn_share_needed: float
    quarter_revenue_usd: float

    def __repr__(self) -> str:
        return (f"OutlineClaim(churn from incidents {self.churn_change:+.0%} (claim -15 % of all churn: "
                f"needs incident churn to be {self.churn_share_needed:.0%} of it), revenue "
                f"{self.revenue_change:+.2%} (claim +20 %; ceiling {self.revenue_ceiling:+.2%}))")


def outline_claim(before: QuarterPlan | None = None, after: QuarterPlan | None = None, *,
                  seeds=range(20)) -> OutlineClaim:
    """Test the outline's Phase 4 claim ("churn decreased by 15 %, revenue grew by 20 %").

    The model counts only what reliability moves: purchases lost during
    incidents, and the churn they cause (section 5's model). Revenue net of
    those losses is ``gross - lost - churn``; the claim's +20 % would need
    ``before`` to lose a sixth of its revenue to incidents.

    Examples
    --------
    >>> claim = outline_claim(seeds=range(3))
    >>> bool(claim.churn_change < -0.15), bool(claim.revenue_change < 0.20)
    (True, True)
    >>> round(claim.lost_share_needed, 4)
    0.1667
    """
    from ..cost.benefit import MICROCORP_REVENUE

    before = PHASES[1] if before is None else before
    after = PHASES[4] if after is None else after
    for name, value in (("before", before), ("after", after)):
        if not isinstance(value, QuarterPlan):
            raise TypeError(message(name, "a QuarterPlan (e.g. sl.PHASES[1])", value))
    if before.name == after.name:
        after = after.replace(name=after.name + " (after)")
    runs = quarter_runs([before, after], seeds=seeds)
    b = runs[runs["plan"] == before.name].set_index("seed")
    a = runs[runs["plan"] == after.name].set_index("seed")
    gross = float(_expected_requests()["checkout"][-1]) * MICROCORP_REVENUE.usd_per_checkout_request
    net_b = gross - b["lost_revenue_usd"] - b["churn_usd"]
    net_a = gross - a["lost_revenue_usd"] - a["churn_usd"]
    with np.errstate(divide="ignore", invalid="ignore"):
        churn_change = float(np.nanmedian(a["customers_lost"] / b["customers_lost"] - 1))
    ceiling = float(np.median(gross / net_b - 1))
    return OutlineClaim(
        churn_change=churn_change,
        revenue_change=float(np.median(net_a / net_b - 1)),
        revenue_ceiling=ceiling,
        lost_share_needed=1 - 1 / 1.2,
        churn_share_needed=float(0.15 / -churn_change) if churn_change < 0 else float("inf"),
        quarter_revenue_usd=gross,
    )


def model_assumptions() -> dict:
    """The quarter model's numeric assumptions as they are now: ``{name: value}``.

    The names :func:`changed_assumptions` accepts; a cache keyed on this
    dict's items recomputes when an assumption changes.

    Examples
    --------
    >>> model_assumptions()["PLAYBOOK_SPEEDUP"]
    3.0
    >>> with changed_assumptions(PLAYBOOK_SPEEDUP=1.5):
    ...     model_assumptions()["PLAYBOOK_SPEEDUP"]
    1.5
    """
    module = globals()
    return {n: module[n] for n in __all__ if n.isupper() and isinstance(module[n], (int, float))
            and not isinstance(module[n], bool)}


@contextlib.contextmanager
def changed_assumptions(**changes):
    """Run the quarter's model with some of its assumptions changed, then put them back.

    The names are the model's upper-case constants (``REPORT_PROBABILITY``,
    ``PLAYBOOK_SPEEDUP``, ...); numbers only, and the same type of number.

    Examples
    --------
    >>> with changed_assumptions(PLAYBOOK_SPEEDUP=1.5):
    ...     slower = simulate_quarter(PHASES[2], seed=1).summary["ttr_median_minutes"]
    >>> faster = simulate_quarter(PHASES[2], seed=1).summary["ttr_median_minutes"]
    >>> bool(slower > faster), PLAYBOOK_SPEEDUP
    (True, 3.0)
    """
    module = globals()
    names = sorted(model_assumptions())
    for name, value in changes.items():
        if name not in names:
            raise ValueError(message("a changed assumption", f"one of {', '.join(names)}", name))
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(message(name, "a number", value))
        if not math.isfinite(value) or value < 0:
            raise ValueError(message(name, "a finite number >= 0", value))
    saved = {name: module[name] for name in changes}
    try:
        for name, value in changes.items():
            module[name] = type(saved[name])(value)
        yield
    finally:
        module.update(saved)
