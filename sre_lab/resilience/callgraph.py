"""Resilience patterns on MicroCorp's call graph, simulated request by request in virtual time.

Entry point (stable API for the chaos experiments)
--------------------------------------------------
``simulate_requests(scenario=None, *, rng=None, keep_requests=False) -> RequestSimulation``

``scenario`` is a :class:`Scenario` (or a plain ``dict`` with the same fields, so
a Chaos Toolkit ``python`` provider can pass JSON arguments; see
:func:`as_scenario`): how long to run (``minutes`` of virtual time), checkout's
arrival rate, the :class:`Fault` s to inject (per service and time window:
``"error"``, ``"latency"``, ``"outage"``, ``"dependency_loss"``) and, per
dependency of checkout (``"payment"``, ``"search"``), the :class:`Resilience`
settings (timeout, :class:`RetryPolicy` with an optional retry budget,
:class:`CircuitBreaker`, bulkhead, fallback, cache). Every checkout request
calls payment and search as ``sl.DEPENDENCIES`` says (60 % and 30 % of requests, in parallel) and, once paid,
sends a notification asynchronously (never felt by the user). Each attempt
draws its latency from the service's log-normal profile in ``sl.SERVICES``, its
error from the baseline error ratio plus the faults, waits in the dependency's
queue when the attempts sent exceed its capacity, and times out. The result
holds ``.sli``, a DataFrame with one row per virtual minute (``requests``,
``good``, ``availability``, ``latency_p50_ms``, ``latency_p99_ms``,
``fast_ratio`` and, per dependency, calls, attempts, requests sent, rejections,
breaker-open seconds, queue wait), plus whole-run figures (``availability``,
``amplification``). A steady-state hypothesis such as "checkout availability
≥ 99.5 % over the experiment" is ``checkout_availability(result) >= 0.995``.
Nothing sleeps: an hour of traffic takes a fraction of a second.

Public names
------------
==========================  ==================================================
``simulate_requests``       run a :class:`Scenario`; per-minute SLIs
``Scenario``                traffic, faults, resilience settings, capacity
``Fault``                   a fault on one service over a time window, on a
                            share of its attempts (blast radius)
``Resilience``              timeout, retry, breaker, bulkhead, fallback, cache
``RetryPolicy``             attempts, exponential backoff, jitter, budget
``CircuitBreaker``          failure-rate window, minimum calls, open wait,
                            half-open probes
``RequestSimulation``       the result (frozen): ``.sli`` per minute, totals
``as_scenario``             a :class:`Scenario` from a dict (JSON arguments)
``checkout_availability``   good / requests over a span of minutes
``expected_attempts``       (1 - p**k) / (1 - p): attempts per call with retries
``retry_amplification``     worst-case load factor k**layers
``backoff_delays_ms``       exponential backoff with none / full / equal jitter
``breaker_states``          the exact per-call state machine of a breaker
``BREAKER_DEFAULTS``        published breaker defaults (resilience4j, Polly,
                            Hystrix, pybreaker) as :class:`CircuitBreaker` s
``RETRY_DEFAULTS``          published retry defaults (resilience4j, Polly)
``breaker_defaults``        the comparison table, with sources
``compare_breakers``        the same fault with each library's defaults
``FAULT_KINDS``             the fault kinds and what each does
==========================  ==================================================

Model (what a learner can check by hand)
----------------------------------------
* Time moves in steps of ``scenario.step_s`` seconds (default 1 s). Everything
  that is *state* — the breaker, the bulkhead's occupancy, the dependency's
  queue — is updated once per step, in a loop over steps; everything per
  request (latencies, errors, timeouts, backoff delays) is drawn as numpy
  arrays. A retry starts when its backoff ends (its latency counts from
  there); its load and its outcome reach the queue and the breaker in the
  step it starts in, or the next step when that is the step being processed.
* Queue: a dependency serves ``capacity_rps`` attempts a second (a latency
  fault of ``+L`` ms on a service with median ``m`` cuts it to
  ``capacity × m / (m + L)``: workers stay busy longer; on a share ``s`` of
  the attempts, to ``capacity × ((1 - s) + s × m / (m + L))``). Attempts beyond it
  wait; the wait is added to their latency. Attempts the caller has already
  given up on (timed out) still use capacity: the server cannot know. This is
  what makes *metastable failure* possible: after a trigger, retries of
  timed-out calls keep the offered load above capacity, so the queue never
  drains even when the trigger is gone (Bronson et al., "Metastable Failures in
  Distributed Systems", HotOS 2021).
* Outage: the service refuses connections; attempts fail at once and use no
  capacity. Dependency loss: the network path from checkout is gone (packets
  dropped, Toxiproxy's ``timeout`` toxic); attempts hang until the caller's
  timeout. Error fault: attempts fail after normal work (``error_ratio``).
* Blast radius: a fault's ``traffic_share`` is the share of attempts it
  touches, each attempt drawn independently (a bad instance among healthy
  ones behind a load balancer; Toxiproxy's ``toxicity``), so a retry may land
  on a healthy instance. ``traffic_share=1`` (the default) touches every
  attempt and draws no extra random numbers.
* Breaker: counts the attempts it let through; time-based windows sum the last
  ``window_size`` seconds of steps, count-based windows the fewest recent
  steps holding ``window_size`` calls. Open rejects at once (no load); after
  ``wait_in_open_s`` it half-opens and lets ``permitted_calls_in_half_open``
  attempts through; their failure rate decides closed or open again.
  :func:`breaker_states` is the same machine call by call, for hand checks.
* Retry budget (optional): a retry is dropped, failing its call at once, when
  retries would exceed ``budget_ratio`` × first attempts over the last 10 s.
* Bulkhead: at most ``max_concurrent_calls`` attempts in flight (Little's law:
  attempts per second × mean attempt duration of the previous step); the
  excess is rejected at once (resilience4j's ``maxWaitDuration = 0``).
* Checkout succeeds when its own work succeeds and every dependency call it
  made succeeded, was answered from the cache, or was replaced by a fallback.
  Its latency is its own work plus the slower of its dependency calls.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._validation import check_choice, check_fraction, check_int, check_real, message
from .._windows import check_rng
from ..simulation import DEPENDENCIES, SERVICE_NAMES, SERVICES

__all__ = [
    "FAULT_KINDS",
    "JITTER_KINDS",
    "BREAKER_DEFAULTS",
    "RETRY_DEFAULTS",
    "RetryPolicy",
    "CircuitBreaker",
    "Resilience",
    "Fault",
    "Scenario",
    "RequestSimulation",
    "as_scenario",
    "simulate_requests",
    "checkout_availability",
    "expected_attempts",
    "retry_amplification",
    "backoff_delays_ms",
    "breaker_states",
    "breaker_defaults",
    "compare_breakers",
]

#: Fault kinds and their effect on the attempts that reach the service.
FAULT_KINDS = {
    "error": "attempts fail with probability error_ratio after normal work",
    "latency": "attempts take added_latency_ms longer; the service's throughput drops with it",
    "outage": "the service refuses connections: attempts fail at once, using no capacity",
    "dependency_loss": "checkout's network path to the service is lost: attempts hang until the "
                       "caller's timeout",
}

JITTER_KINDS = ("none", "full", "equal")

_DEPENDENCIES = tuple(DEPENDENCIES["checkout"])  # ("payment", "search")
_ASYNC = ("notifications",)
_PROFILE = {s.name: s for s in SERVICES}
_CLOSED, _OPEN, _HALF_OPEN = 0, 1, 2
_STATE_NAMES = np.array(["closed", "open", "half_open"])
_BUDGET_WINDOW_S = 10.0  # trailing window of the retry budget (the course's choice)
_MAX_STEPS = 100_000  # state-loop steps in a run (~2 s)
_MAX_REQUESTS = 5_000_000  # expected requests in a run (memory ~ 0.5 GB at most)


# --------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class RetryPolicy:
    """How a caller repeats a failed attempt.

    The delay before retry ``n`` (``n = 1`` for the first retry) is
    ``min(max_delay_ms, base_delay_ms × multiplier**(n - 1))``, then jittered:
    ``"none"`` keeps it, ``"full"`` draws uniformly in ``[0, delay]``,
    ``"equal"`` in ``[delay/2, delay]`` (Brooker, "Exponential Backoff And
    Jitter", AWS Architecture Blog 2015). ``multiplier=1`` is a constant delay.

    Attributes
    ----------
    max_attempts : int, default 3
        Attempts *including* the first (resilience4j's ``maxAttempts``); 1 means
        no retry. 1 .. 20.
    base_delay_ms : float, default 100
    multiplier : float, default 2
        >= 1.
    max_delay_ms : float, default 2000
        Cap of a single delay, >= base_delay_ms.
    jitter : {"full", "equal", "none"}, default "full"
    budget_ratio : float or None, default None
        Retry budget: a retry is made only while retries / first attempts over
        the last 10 s stay within it (the SRE book, ch. 21, retries per client
        while that ratio is below 10 %: ``0.1``); the others fail at once.
        None: no budget. In [0, 100].

    Examples
    --------
    >>> RetryPolicy(max_attempts=4).max_attempts
    4
    >>> RetryPolicy(max_attempts=0)
    Traceback (most recent call last):
    ...
    ValueError: max_attempts must be a whole number >= 1 and <= 20; got 0.
    """

    max_attempts: int = 3
    base_delay_ms: float = 100.0
    multiplier: float = 2.0
    max_delay_ms: float = 2000.0
    jitter: str = "full"
    budget_ratio: float | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "max_attempts", check_int("max_attempts", self.max_attempts, low=1, high=20))
        set_(self, "base_delay_ms", check_real("base_delay_ms", self.base_delay_ms, low=0,
                                               high=600_000, scalar=True))
        set_(self, "multiplier", check_real("multiplier", self.multiplier, low=1, high=100,
                                            scalar=True))
        set_(self, "max_delay_ms", check_real("max_delay_ms", self.max_delay_ms,
                                              low=self.base_delay_ms, high=600_000, scalar=True,
                                              rule=f"a number >= base_delay_ms ({self.base_delay_ms:g}) "
                                                   "and <= 600000"))
        check_choice("jitter", self.jitter, JITTER_KINDS)
        if self.budget_ratio is not None:
            set_(self, "budget_ratio", check_real("budget_ratio", self.budget_ratio, low=0,
                                                  high=100, scalar=True))


@dataclass(frozen=True)
class CircuitBreaker:
    """A circuit breaker's settings (closed / open / half-open).

    Closed, it lets every call through and records the outcomes in a sliding
    window; once the window holds at least ``minimum_calls`` calls and the
    failure rate is ``>= failure_rate_threshold`` it opens. Open, it rejects
    every call at once for ``wait_in_open_s`` seconds, then half-opens: it lets
    ``permitted_calls_in_half_open`` probe calls through and closes (with an
    empty window) if their failure rate is below the threshold, or opens again.

    Attributes
    ----------
    failure_rate_threshold : float, default 0.5
        A fraction in (0, 1].
    window_type : {"count", "time"}, default "count"
        ``"count"``: the last ``window_size`` calls; ``"time"``: the calls of the
        last ``window_size`` seconds.
    window_size : float, default 100
        Calls (a whole number) or seconds.
    minimum_calls : int, default 100
        Calls recorded before the failure rate is looked at. With a count
        window larger than it is, the window size is used (as resilience4j does).
    wait_in_open_s : float, default 60
    permitted_calls_in_half_open : int, default 10
    name : str, default "custom"
        Where the settings come from (see ``BREAKER_DEFAULTS``).

    Examples
    --------
    >>> CircuitBreaker(window_type="time", window_size=10, minimum_calls=20).minimum_calls
    20
    >>> CircuitBreaker(failure_rate_threshold=50)
    Traceback (most recent call last):
    ...
    ValueError: failure_rate_threshold must be a fraction in [0, 1]; got 50. Write 50% as 0.5.
    """

    failure_rate_threshold: float = 0.5
    window_type: str = "count"
    window_size: float = 100
    minimum_calls: int = 100
    wait_in_open_s: float = 60.0
    permitted_calls_in_half_open: int = 10
    name: str = "custom"

    def __post_init__(self):
        set_ = object.__setattr__
        threshold = check_fraction("failure_rate_threshold", self.failure_rate_threshold,
                                   closed=True, scalar=True)
        if threshold == 0:
            raise ValueError(message("failure_rate_threshold", "a fraction in (0, 1]", 0))
        set_(self, "failure_rate_threshold", threshold)
        check_choice("window_type", self.window_type, ("count", "time"))
        if self.window_type == "count":
            set_(self, "window_size", check_int("window_size", self.window_size, low=1,
                                                high=1_000_000))
        else:
            set_(self, "window_size", check_real("window_size", self.window_size, low=0,
                                                 low_open=True, high=86_400, scalar=True))
        set_(self, "minimum_calls", check_int("minimum_calls", self.minimum_calls, low=1,
                                              high=1_000_000))
        set_(self, "wait_in_open_s", check_real("wait_in_open_s", self.wait_in_open_s, low=0,
                                                high=86_400, scalar=True))
        set_(self, "permitted_calls_in_half_open",
             check_int("permitted_calls_in_half_open", self.permitted_calls_in_half_open,
                       low=1, high=1_000_000))
        if not isinstance(self.name, str):
            raise TypeError(message("name", "a string", self.name))

    @property
    def effective_minimum_calls(self) -> int:
        """``minimum_calls``, capped at a count window's size."""
        if self.window_type == "count":
            return min(self.minimum_calls, int(self.window_size))
        return self.minimum_calls


#: Published circuit-breaker defaults, as :class:`CircuitBreaker` settings.
#: Sources: resilience4j ``CircuitBreakerConfig`` and pybreaker (ops_facts §6.4,
#: read from the source code); Hystrix ``HystrixCommandProperties`` (ops_facts
#: Addendum); Polly v8 ``CircuitBreakerConstants`` (App-vNext/Polly,
#: ``src/Polly.Core/CircuitBreaker/CircuitBreakerConstants.cs``: failure ratio
#: 0.1, minimum throughput 100, sampling duration 30 s, break duration 5 s; one
#: probe call when half-open: the "Defaults" table and state diagram of
#: ``docs/strategies/circuit-breaker.md`` say the same; checked against the
#: source at commit 07124ac). pybreaker's "5 consecutive failures" is the same
#: rule as a count window of 5 calls at a 100 % failure rate.
BREAKER_DEFAULTS = {
    "resilience4j": CircuitBreaker(0.5, "count", 100, 100, 60.0, 10, "resilience4j"),
    "polly": CircuitBreaker(0.1, "time", 30.0, 100, 5.0, 1, "polly"),
    "hystrix": CircuitBreaker(0.5, "time", 10.0, 20, 5.0, 1, "hystrix"),
    "pybreaker": CircuitBreaker(1.0, "count", 5, 5, 60.0, 1, "pybreaker"),
}

_BREAKER_SOURCES = {
    "resilience4j": "resilience4j CircuitBreakerConfig (ops_facts §6.4 [P])",
    "polly": "Polly v8 src/Polly.Core/CircuitBreaker/CircuitBreakerConstants.cs (App-vNext/Polly)",
    "hystrix": "Hystrix HystrixCommandProperties (ops_facts Addendum)",
    "pybreaker": "danielfm/pybreaker fail_max=5, reset_timeout=60 s (ops_facts §6.4 [P])",
}

#: Published retry defaults. resilience4j ``Retry``: 3 attempts including the
#: first, 500 ms constant wait (ops_facts §6.4). Polly v8 ``RetryConstants``
#: (``src/Polly.Core/Retry/RetryConstants.cs``): 3 *retries* (4 attempts),
#: 2 s constant delay, no jitter unless asked.
RETRY_DEFAULTS = {
    "resilience4j": RetryPolicy(3, 500.0, 1.0, 500.0, "none"),
    "polly": RetryPolicy(4, 2000.0, 1.0, 2000.0, "none"),
}


def breaker_defaults() -> pd.DataFrame:
    """The published circuit-breaker defaults side by side, with sources.

    Returns
    -------
    DataFrame
        One row per library (``BREAKER_DEFAULTS``); columns
        ``failure_rate_threshold``, ``window``, ``minimum_calls``,
        ``wait_in_open_s``, ``permitted_calls_in_half_open`` and ``source``.

    Examples
    --------
    >>> table = breaker_defaults()
    >>> float(table.loc["resilience4j", "wait_in_open_s"]), float(table.loc["polly", "wait_in_open_s"])
    (60.0, 5.0)
    >>> float(table.loc["polly", "failure_rate_threshold"])
    0.1
    """
    rows = {}
    for name, b in BREAKER_DEFAULTS.items():
        window = (f"last {int(b.window_size)} calls" if b.window_type == "count"
                  else f"last {b.window_size:g} s")
        rows[name] = {
            "failure_rate_threshold": b.failure_rate_threshold,
            "window": window,
            "minimum_calls": b.effective_minimum_calls,
            "wait_in_open_s": b.wait_in_open_s,
            "permitted_calls_in_half_open": b.permitted_calls_in_half_open,
            "source": _BREAKER_SOURCES[name],
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "library"
    return frame


@dataclass(frozen=True)
class Resilience:
    """How checkout calls one dependency.

    Attributes
    ----------
    timeout_ms : float, default 1000
        The caller gives up on an attempt after this long (> 0).
    retry : RetryPolicy or None, default ``RetryPolicy()`` (3 attempts)
        None: one attempt only.
    breaker : CircuitBreaker or None, default None
    max_concurrent_calls : int or None, default None
        Bulkhead size (resilience4j's default is 25); None: no bulkhead.
    fallback : bool, default False
        A failed call is answered by a degraded response (counts as good).
    cache_hit_ratio : float, default 0
        Share of calls answered from checkout's cache without calling.

    Examples
    --------
    >>> Resilience(timeout_ms=250, retry=None).retry is None
    True
    """

    timeout_ms: float = 1000.0
    retry: RetryPolicy | None = field(default_factory=RetryPolicy)
    breaker: CircuitBreaker | None = None
    max_concurrent_calls: int | None = None
    fallback: bool = False
    cache_hit_ratio: float = 0.0

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "timeout_ms", check_real("timeout_ms", self.timeout_ms, low=0, low_open=True,
                                            high=600_000, scalar=True))
        if isinstance(self.retry, Mapping):
            set_(self, "retry", _as(RetryPolicy, "retry", self.retry))
        if self.retry is not None and not isinstance(self.retry, RetryPolicy):
            raise TypeError(message("retry", "a RetryPolicy, a dict of its fields or None",
                                    self.retry))
        if isinstance(self.breaker, str):
            check_choice("breaker", self.breaker, tuple(BREAKER_DEFAULTS))
            set_(self, "breaker", BREAKER_DEFAULTS[self.breaker])
        elif isinstance(self.breaker, Mapping):
            set_(self, "breaker", _as(CircuitBreaker, "breaker", self.breaker))
        if self.breaker is not None and not isinstance(self.breaker, CircuitBreaker):
            raise TypeError(message("breaker", "a CircuitBreaker, a library name from "
                                    "BREAKER_DEFAULTS, a dict of its fields or None", self.breaker))
        if self.max_concurrent_calls is not None:
            set_(self, "max_concurrent_calls",
                 check_int("max_concurrent_calls", self.max_concurrent_calls, low=1,
                           high=1_000_000))
        if not isinstance(self.fallback, (bool, np.bool_)):
            raise TypeError(message("fallback", "True or False", self.fallback))
        set_(self, "cache_hit_ratio", check_fraction("cache_hit_ratio", self.cache_hit_ratio,
                                                     closed=True, scalar=True))


@dataclass(frozen=True)
class Fault:
    """A fault injected into one service from ``start_minute`` (inclusive) to ``end_minute``.

    Attributes
    ----------
    service : str
        One of ``sl.SERVICE_NAMES``. ``"dependency_loss"`` needs a dependency
        of checkout (payment, search) or notifications.
    kind : str
        One of ``FAULT_KINDS``.
    start_minute, end_minute : float
        Virtual minutes from the start of the run, ``0 <= start < end``.
    error_ratio : float, default 1
        For ``"error"``: the share of attempts that fail (added to the baseline).
    added_latency_ms : float, default 0
        For ``"latency"``: extra time per attempt (> 0 for that kind).
    traffic_share : float, default 1
        The blast radius: the share of attempts the fault touches, a fraction
        in (0, 1]. Each attempt meets it independently with this probability,
        as a load balancer spreading attempts over instances of which this
        share is faulty would (one bad instance of five: ``0.2``); a retry
        may land on a healthy instance. Toxiproxy calls the same knob a
        toxic's ``toxicity`` (the probability the toxic applies to a
        connection; ops_facts §6.3). For checkout's own faults it is the
        share of checkout requests touched. Overlapping faults of one kind on
        one service combine as independent draws; overlapping latency faults
        add their milliseconds and touch the larger of their shares.

    Examples
    --------
    >>> Fault("payment", "outage", 10, 15).kind
    'outage'
    >>> Fault("payment", "error", 0, 30, traffic_share=0.2).traffic_share   # one bad instance of five
    0.2
    >>> Fault("payment", "error", 0, 30, traffic_share=20)
    Traceback (most recent call last):
    ...
    ValueError: traffic_share must be a fraction in (0, 1]; got 20. Write 20% as 0.2.
    >>> Fault("checkout", "dependency_loss", 0, 5)
    Traceback (most recent call last):
    ...
    ValueError: service must be one of 'payment', 'search', 'notifications' for a dependency_loss fault; got 'checkout'. Checkout is the entry point: it has no caller to lose.
    """

    service: str
    kind: str
    start_minute: float
    end_minute: float
    error_ratio: float = 1.0
    added_latency_ms: float = 0.0
    traffic_share: float = 1.0

    def __post_init__(self):
        set_ = object.__setattr__
        check_choice("service", self.service, SERVICE_NAMES)
        check_choice("kind", self.kind, tuple(FAULT_KINDS))
        if self.kind == "dependency_loss" and self.service == "checkout":
            raise ValueError(message(
                "service", "one of 'payment', 'search', 'notifications' for a dependency_loss "
                "fault", self.service, "Checkout is the entry point: it has no caller to lose."))
        start = check_real("start_minute", self.start_minute, low=0, high=1e6, scalar=True)
        end = check_real("end_minute", self.end_minute, low=start, low_open=True, high=1e6,
                         scalar=True, rule=f"a number > start_minute ({start:g})")
        set_(self, "start_minute", start)
        set_(self, "end_minute", end)
        set_(self, "error_ratio", check_fraction("error_ratio", self.error_ratio, closed=True,
                                                 scalar=True))
        low_open = self.kind == "latency"
        set_(self, "added_latency_ms", check_real(
            "added_latency_ms", self.added_latency_ms, low=0, low_open=low_open, high=600_000,
            scalar=True))
        set_(self, "traffic_share", _check_share("traffic_share", self.traffic_share))


def _check_share(name, value) -> float:
    """A fraction in (0, 1]: a fault (or blast radius) that touches no traffic is refused."""
    rule = "a fraction in (0, 1]"
    try:
        share = check_fraction(name, value, closed=True, scalar=True)
    except ValueError as exc:
        raise ValueError(str(exc).replace("a fraction in [0, 1]", rule)) from None
    if share == 0:
        raise ValueError(message(name, rule, value,
                                 "A fault that touches no traffic is no fault: leave it out."))
    return share


def _default_resilience():
    return {name: Resilience() for name in _DEPENDENCIES}


@dataclass(frozen=True, eq=False)
class Scenario:
    """What to simulate: traffic, faults, resilience settings and capacities.

    Attributes
    ----------
    minutes : int, default 60
        Virtual minutes of arrivals (1 .. 1,440). Calls still running at the
        end are followed to completion.
    requests_per_minute : float, default 420
        Checkout's Poisson arrival rate (``sl.SERVICES``: 420 a minute); at
        most 5,000,000 requests in all (``minutes × requests_per_minute``).
    faults : sequence of Fault (or dicts), default none
    resilience : mapping of dependency name to Resilience (or dict), default
        ``Resilience()`` for payment and search (1 s timeout, 3 attempts, no
        breaker, no bulkhead, no fallback, no cache). Missing names get the
        default.
    capacity_rps : mapping of dependency name to attempts per second, optional
        Throughput of payment and search. Missing names get ``headroom`` times
        the attempt rate checkout sends them when nothing is wrong.
    headroom : float, default 4
        > 1.
    step_s : float, default 1
        Time step of the state loop (breaker, bulkhead, queue), 0.05 .. 60 s,
        and at most 100,000 steps in a run.
    latency_threshold_ms : float, default 1000
        A request slower than this is not ``fast`` (the latency SLI).

    Examples
    --------
    >>> s = Scenario(minutes=5, faults=[{"service": "payment", "kind": "outage",
    ...                                  "start_minute": 1, "end_minute": 2}])
    >>> s.faults[0].kind, s.resilience["search"].timeout_ms
    ('outage', 1000.0)
    """

    minutes: int = 60
    requests_per_minute: float = 420.0
    faults: tuple = ()
    resilience: Mapping[str, Resilience] = field(default_factory=_default_resilience)
    capacity_rps: Mapping[str, float] | None = None
    headroom: float = 4.0
    step_s: float = 1.0
    latency_threshold_ms: float = 1000.0

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "minutes", check_int("minutes", self.minutes, low=1, high=1440))
        set_(self, "requests_per_minute", check_real(
            "requests_per_minute", self.requests_per_minute, low=0, low_open=True, high=1e7,
            scalar=True))
        faults = self.faults
        if isinstance(faults, (Fault, Mapping)):
            faults = [faults]
        if isinstance(faults, (str, bytes)) or not hasattr(faults, "__iter__"):
            raise TypeError(message("faults", "a list of Fault (or dicts of their fields)", faults))
        set_(self, "faults", tuple(_as(Fault, "faults", f) for f in faults))
        resilience = self.resilience
        if not isinstance(resilience, Mapping):
            raise TypeError(message("resilience", "a dict {dependency: Resilience}", resilience))
        merged = _default_resilience()
        for name, value in resilience.items():
            check_choice("resilience key", name, _DEPENDENCIES)
            merged[name] = _as(Resilience, f"resilience[{name!r}]", value)
        set_(self, "resilience", merged)
        set_(self, "headroom", check_real("headroom", self.headroom, low=1, low_open=True,
                                          high=1e6, scalar=True))
        capacity = {}
        if self.capacity_rps is not None:
            if not isinstance(self.capacity_rps, Mapping):
                raise TypeError(message("capacity_rps", "a dict {dependency: attempts per second}",
                                        self.capacity_rps))
            for name, value in self.capacity_rps.items():
                check_choice("capacity_rps key", name, _DEPENDENCIES)
                capacity[name] = check_real(f"capacity_rps[{name!r}]", value, low=0,
                                            low_open=True, scalar=True)
        for name in _DEPENDENCIES:
            if name not in capacity:
                share = DEPENDENCIES["checkout"][name]
                capacity[name] = self.headroom * share * self.requests_per_minute / 60
        set_(self, "capacity_rps", capacity)
        set_(self, "step_s", check_real("step_s", self.step_s, low=0.05, high=60, scalar=True))
        if self.minutes * 60 / self.step_s > _MAX_STEPS:
            raise ValueError(message(
                "step_s", f"at least minutes × 60 / {_MAX_STEPS:,} = "
                f"{self.minutes * 60 / _MAX_STEPS:g} s for a run of {self.minutes} minutes",
                self.step_s, "The state loop runs once a step; use longer steps for long runs."))
        if self.minutes * self.requests_per_minute > _MAX_REQUESTS:
            raise ValueError(message(
                "requests_per_minute", f"at most {_MAX_REQUESTS:,} requests in all "
                f"(<= {_MAX_REQUESTS / self.minutes:g} a minute for {self.minutes} minutes)",
                self.requests_per_minute))
        set_(self, "latency_threshold_ms", check_real(
            "latency_threshold_ms", self.latency_threshold_ms, low=0, low_open=True, scalar=True))

    def replace(self, **changes) -> "Scenario":
        """A copy with some fields changed (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)


def _as(kind, name, value):
    """``value`` as a ``kind`` dataclass: itself, or built from a dict of its fields."""
    if isinstance(value, kind):
        return value
    rule = f"a {kind.__name__} or a dict of its fields"
    fields = [f.name for f in dataclasses.fields(kind)]
    if isinstance(value, Mapping):
        unknown = [key for key in value if key not in fields]
        required = [f.name for f in dataclasses.fields(kind)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
        missing = [key for key in required if key not in value]
        if unknown or missing:
            what = f"unknown field {unknown[0]!r}" if unknown else f"missing field {missing[0]!r}"
            raise TypeError(message(name, rule, dict(value),
                                    f"It has {what}; the fields are {', '.join(fields)}."))
        return kind(**value)
    raise TypeError(message(name, rule, value))


def as_scenario(scenario=None) -> Scenario:
    """Return ``scenario`` as a :class:`Scenario` (None: the default one; a dict: its fields).

    Nested dicts are accepted for faults, resilience settings, retry policies
    and breakers, and a breaker may be named by library (``"resilience4j"``),
    so the whole scenario can travel as JSON (Chaos Toolkit arguments).

    Examples
    --------
    >>> s = as_scenario({"minutes": 10, "resilience": {"payment": {
    ...     "timeout_ms": 300, "retry": {"max_attempts": 2}, "breaker": "polly"}}})
    >>> s.resilience["payment"].breaker.wait_in_open_s, s.resilience["payment"].retry.max_attempts
    (5.0, 2)
    """
    if scenario is None:
        return Scenario()
    return _as(Scenario, "scenario", scenario)


# --------------------------------------------------------------------------- formulas
def expected_attempts(failure_probability, max_attempts):
    """Mean attempts per call when each fails independently with ``p`` and up to ``k`` are made.

    Attempt ``j`` (1-based) happens when the ``j - 1`` before it failed, with
    probability ``p**(j-1)``; summing, ``1 + p + … + p**(k-1) = (1 - p**k)/(1 - p)``
    (``k`` when ``p = 1``). This is the *retry amplification* of the load on
    the dependency.

    Parameters
    ----------
    failure_probability : float or array, in [0, 1]
    max_attempts : int or array of int, >= 1 (the first attempt included)

    Examples
    --------
    >>> float(expected_attempts(0.5, 3))   # 1 + 0.5 + 0.25
    1.75
    >>> float(expected_attempts(1.0, 3)), float(expected_attempts(0.0, 3))
    (3.0, 1.0)
    """
    p = check_fraction("failure_probability", failure_probability, closed=True)
    k = check_real("max_attempts", max_attempts, low=1, high=1000)
    if not np.all(np.asarray(k) == np.floor(k)):
        raise ValueError(message("max_attempts", "a whole number >= 1", max_attempts))
    p_arr, k_arr = np.broadcast_arrays(np.asarray(p, float), np.asarray(k, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(p_arr < 1, (1 - p_arr ** k_arr) / np.where(p_arr < 1, 1 - p_arr, 1),
                          k_arr)
    return float(result) if result.ndim == 0 else result


def retry_amplification(max_attempts, layers):
    """Worst-case load on the deepest service when ``layers`` layers each try ``max_attempts`` times.

    Every layer multiplies: ``max_attempts ** layers`` (3 tries over 5 layers
    is 243; ops_facts §6.4). It is why the SRE book (ch. 21) retries at one
    layer only.

    Examples
    --------
    >>> retry_amplification(3, 5)
    243
    >>> retry_amplification(3, 1)
    3
    """
    k = check_int("max_attempts", max_attempts, low=1, high=1000)
    layers = check_int("layers", layers, low=1, high=50)
    return k ** layers


def backoff_delays_ms(retry_number, *, retry=None, rng=None):
    """Delay before each retry, in ms: exponential, capped, jittered.

    Parameters
    ----------
    retry_number : int or array of int
        1 for the first retry (the second attempt), 2 for the next, ...
    retry : RetryPolicy, default ``RetryPolicy()``
    rng : int, numpy Generator or None

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> policy = RetryPolicy(base_delay_ms=100, max_delay_ms=1000, jitter="none")
    >>> backoff_delays_ms([1, 2, 3, 4, 5], retry=policy).tolist()
    [100.0, 200.0, 400.0, 800.0, 1000.0]
    >>> full = backoff_delays_ms(np.full(100_000, 3), retry=RetryPolicy(), rng=1)
    >>> round(float(full.mean()) / 400, 1)   # uniform on [0, 400]: mean 200
    0.5
    """
    retry = RetryPolicy() if retry is None else retry
    if not isinstance(retry, RetryPolicy):
        raise TypeError(message("retry", "a RetryPolicy", retry))
    n = check_real("retry_number", retry_number, low=1, high=1000)
    if not np.all(np.asarray(n) == np.floor(n)):
        raise ValueError(message("retry_number", "a whole number >= 1", retry_number))
    rng = check_rng(rng)
    return _backoff(np.asarray(n, float), retry, rng) if np.ndim(n) else float(
        _backoff(np.asarray([n], float), retry, rng)[0])


def _backoff(n, retry: RetryPolicy, rng) -> np.ndarray:
    delay = np.minimum(retry.max_delay_ms, retry.base_delay_ms * retry.multiplier ** (n - 1))
    if retry.jitter == "full":
        return rng.random(n.shape) * delay
    if retry.jitter == "equal":
        return delay / 2 + rng.random(n.shape) * delay / 2
    return delay


# --------------------------------------------------------------------------- exact breaker
def breaker_states(failed, *, breaker, times_s=None) -> pd.DataFrame:
    """Run a circuit breaker over a sequence of calls, one call at a time.

    Parameters
    ----------
    failed : sequence of bool
        What each call *would* return if let through (True: failure).
    breaker : CircuitBreaker
    times_s : sequence of float, optional
        Non-decreasing arrival times; default one call a second (0, 1, 2, ...).

    Returns
    -------
    DataFrame
        One row per call: ``time_s``, ``state`` (the state the call meets:
        ``"closed"``, ``"open"``, ``"half_open"``), ``permitted`` (let
        through), ``failed`` (the recorded outcome, False when rejected) and
        ``state_after``.

    Notes
    -----
    An open breaker half-opens at the first call arriving ``wait_in_open_s``
    or more after it opened (resilience4j without the automatic transition).
    Half-open, it decides once ``permitted_calls_in_half_open`` probes are
    recorded; the window starts empty after every transition.

    Examples
    --------
    Window of the last 4 calls, all 4 needed, 50 %, 3 s open, 2 probes:

    >>> b = CircuitBreaker(0.5, "count", 4, 4, 3.0, 2)
    >>> out = breaker_states([0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0], breaker=b)
    >>> "".join(s[0] for s in out["state"])
    'ccccoohhoohhc'
    """
    if not isinstance(breaker, CircuitBreaker):
        raise TypeError(message("breaker", "a CircuitBreaker", breaker))
    outcomes = np.asarray(failed)
    if outcomes.ndim != 1 or not (outcomes.dtype == bool or np.isin(outcomes, [0, 1]).all()):
        raise ValueError(message("failed", "a 1-d sequence of True/False (or 1/0)", failed))
    outcomes = outcomes.astype(bool)
    n = len(outcomes)
    if times_s is None:
        times = np.arange(n, dtype=float)
    else:
        times = check_real("times_s", times_s, low=0)
        if np.ndim(times) != 1 or len(times) != n:
            raise ValueError(message("times_s", f"a 1-d sequence of {n} times", times_s))
        if np.any(np.diff(times) < 0):
            raise ValueError(message("times_s", "non-decreasing", times_s))
    threshold = breaker.failure_rate_threshold
    minimum = breaker.effective_minimum_calls
    state, opened_at = _CLOSED, 0.0
    window: list[tuple[float, bool]] = []
    probes: list[bool] = []
    states, permitted, recorded, after = [], [], [], []
    for t, fail in zip(times, outcomes):
        if state == _OPEN and t - opened_at >= breaker.wait_in_open_s:
            state, probes = _HALF_OPEN, []
        states.append(state)
        if state == _OPEN:
            permitted.append(False)
            recorded.append(False)
        elif state == _HALF_OPEN:
            permitted.append(True)
            recorded.append(bool(fail))
            probes.append(bool(fail))
            if len(probes) >= breaker.permitted_calls_in_half_open:
                if np.mean(probes) >= threshold:
                    state, opened_at = _OPEN, t
                else:
                    state, window = _CLOSED, []
        else:
            permitted.append(True)
            recorded.append(bool(fail))
            window.append((t, bool(fail)))
            if breaker.window_type == "count":
                window = window[-int(breaker.window_size):]
            else:
                window = [(u, f) for u, f in window if u > t - breaker.window_size]
            if len(window) >= minimum and np.mean([f for _, f in window]) >= threshold:
                state, opened_at, window = _OPEN, t, []
        after.append(state)
    return pd.DataFrame({"time_s": times, "state": _STATE_NAMES[np.array(states, int)],
                         "permitted": permitted, "failed": recorded,
                         "state_after": _STATE_NAMES[np.array(after, int)]})


# --------------------------------------------------------------------------- simulation
@dataclass(frozen=True, eq=False)
class RequestSimulation:
    """Result of :func:`simulate_requests`.

    Attributes
    ----------
    scenario : Scenario
    sli : DataFrame
        One row per virtual minute (index ``minute``, 0-based): ``requests``,
        ``good``, ``availability`` (good / requests, NaN without requests),
        ``fast`` and ``fast_ratio`` (good and at or under
        ``latency_threshold_ms``), ``latency_p50_ms``, ``latency_p99_ms`` (of
        all requests, failed ones at the time they failed) and, for ``d`` in
        payment and search: ``d_calls`` (calls checkout needed),
        ``d_attempts`` (attempts made, retries included, rejected ones too),
        ``d_sent`` (attempts that reached a working service and used its
        capacity: not those rejected, refused by an outage or lost on the
        way), ``d_rejected`` (by breaker or bulkhead; retries a retry budget
        forbids are not attempts and only show in ``d_failed_calls``),
        ``d_failed_calls`` (calls that failed after all attempts),
        ``d_breaker_open_s`` (seconds of the minute the breaker was open or
        half-open), ``d_queue_ms`` (mean wait in the service's queue), and
        ``notifications_sent`` / ``notifications_failed``. Attempts are
        counted in the minute they start (retries after the last minute in
        the last one); requests in the minute they arrive.
    requests : DataFrame or None
        Per request (with ``keep_requests=True``): ``arrival_s``,
        ``latency_ms``, ``good``, and per dependency ``d_attempts`` (0: not
        called or cached) and ``d_ok``.
    """

    scenario: Scenario
    sli: pd.DataFrame
    requests: pd.DataFrame | None = None

    @property
    def n_requests(self) -> int:
        """Requests simulated."""
        return int(self.sli["requests"].sum())

    @property
    def availability(self) -> float:
        """Good requests / requests over the whole run."""
        return checkout_availability(self)

    @property
    def amplification(self) -> dict:
        """Attempts per call, per dependency, over the whole run.

        1 when nothing is retried; below 1 when a cache answers some calls
        (a cache hit needs no attempt); at most ``max_attempts``."""
        out = {}
        for d in _DEPENDENCIES:
            calls = self.sli[f"{d}_calls"].sum()
            out[d] = float(self.sli[f"{d}_attempts"].sum() / calls) if calls else float("nan")
        return out


def checkout_availability(result, *, start_minute=None, end_minute=None) -> float:
    """Good checkout requests / requests over minutes ``[start_minute, end_minute)``.

    The steady-state probe of the chaos experiments: "checkout availability
    ≥ 99.5 % over the experiment" is ``checkout_availability(r) >= 0.995``.

    Parameters
    ----------
    result : RequestSimulation
    start_minute, end_minute : int, optional
        Default: the whole run.

    Returns
    -------
    float
        NaN when no request arrived in the span.

    Examples
    --------
    >>> r = simulate_requests({"minutes": 2}, rng=1)
    >>> checkout_availability(r) > 0.99
    True
    """
    if not isinstance(result, RequestSimulation):
        raise TypeError(message("result", "a RequestSimulation (from simulate_requests)", result))
    sli = result.sli
    lo = 0 if start_minute is None else check_int("start_minute", start_minute, low=0)
    hi = len(sli) if end_minute is None else check_int("end_minute", end_minute, low=lo + 1)
    part = sli.iloc[lo:hi]
    total = part["requests"].sum()
    return float(part["good"].sum() / total) if total else float("nan")


def _fault_steps(faults, service, n_steps, step_s):
    """Per step: added error ratio, added latency (ms) and the share of attempts it touches,
    share of attempts refused (outage) and lost (dependency loss).

    Shares of 0 and 1 need no random draw, so faults touching all traffic draw
    exactly what they drew before blast radii existed."""
    start = np.arange(n_steps) * step_s / 60.0  # step start, in minutes
    error = np.zeros(n_steps)
    latency = np.zeros(n_steps)
    latency_share = np.zeros(n_steps)
    outage = np.zeros(n_steps)
    loss = np.zeros(n_steps)
    for f in faults:
        if f.service != service:
            continue
        on = (start >= f.start_minute) & (start < f.end_minute)
        share = f.traffic_share
        if f.kind == "error":
            error[on] = 1 - (1 - error[on]) * (1 - f.error_ratio * share)
        elif f.kind == "latency":
            latency[on] += f.added_latency_ms
            latency_share[on] = np.maximum(latency_share[on], share)
        elif f.kind == "outage":
            outage[on] = 1 - (1 - outage[on]) * (1 - share)
        else:
            loss[on] = 1 - (1 - loss[on]) * (1 - share)
    return error, latency, latency_share, outage, loss


def _partial(share) -> bool:
    """Whether some share is strictly between 0 and 1 (then attempts need a draw)."""
    share = np.asarray(share)
    return bool(np.any((share > 0) & (share < 1)))


def _simulate_dependency(name, arrival_s, settings: Resilience, capacity_rps, faults,
                         scenario: Scenario, rng):
    """Follow every call from checkout to ``name`` through its attempts.

    Returns per-call ``ok`` (bool), ``end_s`` and ``attempts``, and per-step
    counts."""
    profile = _PROFILE[name]
    step = scenario.step_s
    retry = settings.retry or RetryPolicy(max_attempts=1)
    k = retry.max_attempts
    timeout_s = settings.timeout_ms / 1000
    n = len(arrival_s)
    horizon_s = scenario.minutes * 60 + k * (timeout_s + retry.max_delay_ms / 1000 + 2 * step) + step
    n_steps = int(np.ceil(horizon_s / step)) + 1
    err_add, lat_add, lat_share, outage, loss = _fault_steps(faults, name, n_steps, step)
    base_error = profile.baseline_error_ratio
    median_s = profile.latency_median_ms / 1000
    sigma = profile.latency_sigma
    # per step. A latency fault on a share s of attempts slows that share of the instances:
    # throughput (1 - s) + s × m / (m + L) of capacity, pooled as a least-loaded balancer would.
    capacity = capacity_rps * ((1 - lat_share) + lat_share * median_s / (median_s + lat_add / 1000))

    ok = np.zeros(n, bool)
    end_s = arrival_s.copy()
    attempts = np.zeros(n, np.int16)
    cached = rng.random(n) < settings.cache_hit_ratio if settings.cache_hit_ratio else np.zeros(n, bool)
    ok[cached] = True
    next_start = arrival_s.copy()
    live = np.flatnonzero(~cached)
    first_bounds = np.searchsorted(arrival_s[live], np.arange(n_steps + 1) * step)
    pending: list[list[np.ndarray]] = [[] for _ in range(n_steps)]

    per_step = {key: np.zeros(n_steps) for key in
                ("attempts", "sent", "rejected", "queue_s", "open")}
    budget = retry.budget_ratio
    budget_steps = max(1, int(round(_BUDGET_WINDOW_S / step)))
    cum_first = np.zeros(n_steps + 1)
    cum_retry = np.zeros(n_steps + 1)
    # Running totals of recorded calls and failures: C[b + 1] counts steps 0..b.
    cum_calls = np.zeros(n_steps + 1)
    cum_fails = np.zeros(n_steps + 1)
    breaker = settings.breaker
    state, opened_at, window_start = _CLOSED, 0.0, 0
    probes_calls = probes_fails = 0
    bulkhead = settings.max_concurrent_calls
    mean_duration_s = median_s
    backlog = 0.0
    if breaker is not None:
        minimum = breaker.effective_minimum_calls
        if breaker.window_type == "time":
            window_steps = max(1, int(round(breaker.window_size / step)))

    for b in range(n_steps):
        t0 = b * step
        cum_calls[b + 1] = cum_calls[b]
        cum_fails[b + 1] = cum_fails[b]
        cap_step = capacity[b] * step
        lo, hi = first_bounds[b], first_bounds[b + 1]
        parts = pending[b]
        if lo < hi:
            parts = [live[lo:hi], *parts]
        if breaker is not None and state == _OPEN and t0 - opened_at >= breaker.wait_in_open_s:
            state, probes_calls, probes_fails = _HALF_OPEN, 0, 0
        if breaker is not None and state != _CLOSED:
            per_step["open"][b] = step
        n_retries = sum(part.size for part in pending[b])
        if budget is not None and n_retries:
            # Retry budget: retries / first attempts over the trailing window stay <= budget.
            w0 = max(0, b - budget_steps + 1)
            firsts = cum_first[b] - cum_first[w0] + (hi - lo)
            allowance = max(0, int(budget * firsts - (cum_retry[b] - cum_retry[w0])))
            if n_retries > allowance:
                retries = np.concatenate(pending[b])
                drop = retries[allowance:]
                end_s[drop] = next_start[drop]  # ok stays False: the call fails now
                n_retries = allowance
                parts = ([live[lo:hi]] if lo < hi else []) + ([retries[:allowance]] if allowance else [])
        cum_first[b + 1] = cum_first[b] + (hi - lo)
        cum_retry[b + 1] = cum_retry[b] + n_retries
        if not parts:
            backlog = max(0.0, backlog - cap_step)
            continue
        ids = parts[0] if len(parts) == 1 else np.concatenate(parts)
        m = ids.size
        start = next_start[ids]
        per_step["attempts"][b] = m
        # Gates: breaker, then bulkhead. Rejected attempts fail at once.
        admitted = np.ones(m, bool)
        if breaker is not None:
            if state == _OPEN:
                admitted[:] = False
            elif state == _HALF_OPEN:
                admitted[breaker.permitted_calls_in_half_open - probes_calls:] = False
        if bulkhead is not None:
            in_flight = admitted.sum() / step * mean_duration_s
            if in_flight > bulkhead:
                admitted &= rng.random(m) < bulkhead / in_flight
        n_adm = int(admitted.sum())
        per_step["rejected"][b] = m - n_adm
        duration = np.zeros(m)
        failed = ~admitted
        if n_adm:
            o, lo_ = outage[b], loss[b]
            if o >= 1:
                served = None
                duration[admitted] = 0.001
                failed[admitted] = True
            elif lo_ >= 1 and o == 0:
                served = None
                duration[admitted] = timeout_s
                failed[admitted] = True
            elif o == 0 and lo_ == 0:
                served = admitted
            else:  # a blast radius: some attempts refused or lost, the others served
                where = np.flatnonzero(admitted)
                u = rng.random(n_adm)
                refused = u < o
                lost = ~refused & (u < o + (1 - o) * lo_)
                duration[where[refused]] = 0.001
                duration[where[lost]] = timeout_s
                failed[where[refused | lost]] = True
                served = np.zeros(m, bool)
                served[where[~(refused | lost)]] = True
            n_srv = 0 if served is None else int(served.sum())
            if n_srv:
                per_step["sent"][b] = n_srv
                wait = (backlog + max(0.0, n_srv - cap_step) / 2) / capacity[b]
                backlog = max(0.0, backlog + n_srv - cap_step)
                per_step["queue_s"][b] = wait
                added = lat_add[b] / 1000
                if 0 < lat_share[b] < 1:
                    added = added * (rng.random(n_srv) < lat_share[b])
                work = median_s * np.exp(sigma * rng.standard_normal(n_srv)) + added
                latency = wait + work
                error = rng.random(n_srv) < base_error + (1 - base_error) * err_add[b]
                timed_out = latency > timeout_s
                duration[served] = np.where(timed_out, timeout_s, latency)
                failed[served] = error | timed_out
            else:
                backlog = max(0.0, backlog - cap_step)
            mean_duration_s = float(duration[admitted].mean())
            n_fail = int(failed[admitted].sum())
            if breaker is not None:
                if state == _HALF_OPEN:
                    probes_calls += n_adm
                    probes_fails += n_fail
                    if probes_calls >= breaker.permitted_calls_in_half_open:
                        if probes_fails / probes_calls >= breaker.failure_rate_threshold:
                            state, opened_at = _OPEN, t0 + step
                        else:
                            state, window_start = _CLOSED, b + 1
                elif state == _CLOSED:
                    cum_calls[b + 1] = total_calls = cum_calls[b] + n_adm
                    cum_fails[b + 1] = total_fails = cum_fails[b] + n_fail
                    if breaker.window_type == "time":
                        first = max(window_start, b - window_steps + 1)
                    else:  # the fewest recent steps holding window_size calls
                        first = int(np.searchsorted(cum_calls[:b + 2],
                                                    total_calls - breaker.window_size,
                                                    side="right")) - 1
                        first = max(window_start, first)
                    calls = total_calls - cum_calls[first]
                    fails = total_fails - cum_fails[first]
                    if calls >= minimum and fails / calls >= breaker.failure_rate_threshold:
                        state, opened_at, window_start = _OPEN, t0 + step, b + 1
        else:
            backlog = max(0.0, backlog - cap_step)
        end = start + duration
        attempts[ids] += 1
        again = failed & (attempts[ids] < k)
        done = ~again
        done_ids = ids[done]
        ok[done_ids] = ~failed[done]
        end_s[done_ids] = end[done]
        if again.any():
            retry_ids = ids[again]
            delay = _backoff(attempts[retry_ids].astype(float), retry, rng) / 1000
            when = end[again] + delay   # the retry's real start: its latency counts from here
            next_start[retry_ids] = when
            # Its load and the breaker see it in the step it starts in, or the next one if that
            # step is being processed now (state moves step by step).
            target = np.minimum(np.maximum((when / step).astype(np.int64), b + 1), n_steps - 1)
            if target.min() == target.max():
                pending[int(target[0])].append(retry_ids)
            else:
                order = np.argsort(target, kind="stable")
                target, retry_ids = target[order], retry_ids[order]
                cuts = np.flatnonzero(np.diff(target)) + 1
                for chunk_t, chunk in zip(np.split(target, cuts), np.split(retry_ids, cuts)):
                    pending[int(chunk_t[0])].append(chunk)
        pending[b] = []
    return ok, end_s, attempts, per_step


def simulate_requests(scenario=None, *, rng=None, keep_requests=False) -> RequestSimulation:
    """Simulate checkout requests through payment, search and notifications in virtual time.

    See the module docstring for the model. Arrivals are Poisson at
    ``scenario.requests_per_minute``; each request calls payment (60 %) and
    search (30 %) in parallel with the :class:`Resilience` settings of the
    scenario, and each paid, successful checkout sends one notification
    asynchronously.

    Parameters
    ----------
    scenario : Scenario, dict or None
        None: :class:`Scenario` defaults (an hour at 420 requests a minute,
        no fault).
    rng : int, numpy Generator or None
    keep_requests : bool, default False
        Also return the per-request table (memory: ~60 bytes a request).

    Returns
    -------
    RequestSimulation
        ``.sli`` has one row per virtual minute.

    Examples
    --------
    A payment outage from minute 2 to 4 (no fallback):

    >>> outage = [{"service": "payment", "kind": "outage", "start_minute": 2, "end_minute": 4}]
    >>> r = simulate_requests({"minutes": 6, "faults": outage}, rng=7)
    >>> round(float(r.sli["availability"].iloc[2]), 1)   # 60 % of requests need payment
    0.4
    >>> round(r.amplification["payment"], 2) > 1
    True
    """
    scenario = as_scenario(scenario)
    if not isinstance(keep_requests, (bool, np.bool_)):
        raise TypeError(message("keep_requests", "True or False", keep_requests))
    rng = check_rng(rng)
    horizon_s = scenario.minutes * 60.0
    n = int(rng.poisson(scenario.requests_per_minute * scenario.minutes))
    arrival = np.sort(rng.random(n)) * horizon_s
    minute = np.minimum((arrival // 60).astype(np.int64), scenario.minutes - 1)

    checkout = _PROFILE["checkout"]
    c_error, c_latency, c_latency_share, c_outage, _ = _fault_steps(
        scenario.faults, "checkout", int(np.ceil(horizon_s / scenario.step_s)) + 1, scenario.step_s)
    step_index = (arrival // scenario.step_s).astype(np.int64)
    added_ms = c_latency[step_index]
    if _partial(c_latency_share):
        added_ms = added_ms * (rng.random(n) < c_latency_share[step_index])
    own_ms = (checkout.latency_median_ms * np.exp(checkout.latency_sigma * rng.standard_normal(n))
              + added_ms)
    p_own = checkout.baseline_error_ratio + (1 - checkout.baseline_error_ratio) * c_error[step_index]
    refused = c_outage[step_index] >= 1
    if _partial(c_outage):
        refused = rng.random(n) < c_outage[step_index]
    good = (rng.random(n) >= p_own) & ~refused
    slowest_s = np.zeros(n)
    columns = {}
    per_request = {}
    called = {}
    n_minutes = scenario.minutes
    for d in _DEPENDENCIES:
        settings = scenario.resilience[d]
        called[d] = rng.random(n) < DEPENDENCIES["checkout"][d]
        idx = np.flatnonzero(called[d])
        ok, end_s, attempts, steps = _simulate_dependency(
            d, arrival[idx], settings, scenario.capacity_rps[d], scenario.faults, scenario, rng)
        call_ok = ok | settings.fallback
        good[idx] &= call_ok
        slowest_s[idx] = np.maximum(slowest_s[idx], end_s - arrival[idx])
        step_minute = np.minimum((np.arange(len(steps["attempts"])) * scenario.step_s // 60)
                                 .astype(np.int64), n_minutes - 1)
        columns[f"{d}_calls"] = np.bincount(minute[idx], minlength=n_minutes)
        for key, col in (("attempts", "attempts"), ("sent", "sent"), ("rejected", "rejected")):
            columns[f"{d}_{col}"] = np.bincount(step_minute, steps[key], minlength=n_minutes)
        columns[f"{d}_failed_calls"] = np.bincount(minute[idx], ~ok, minlength=n_minutes)
        columns[f"{d}_breaker_open_s"] = np.bincount(step_minute, steps["open"], minlength=n_minutes)
        sent = columns[f"{d}_sent"]
        waited = np.bincount(step_minute, steps["queue_s"] * steps["sent"], minlength=n_minutes)
        with np.errstate(invalid="ignore", divide="ignore"):
            columns[f"{d}_queue_ms"] = np.where(sent > 0, waited / np.where(sent > 0, sent, 1), 0) * 1000
        if keep_requests:
            a = np.zeros(n, np.int16)
            a[idx] = attempts
            okc = np.ones(n, bool)
            okc[idx] = ok
            per_request[f"{d}_attempts"] = a
            per_request[f"{d}_ok"] = okc

    latency_ms = own_ms + slowest_s * 1000
    # Notifications: sent asynchronously once a paid checkout succeeds.
    notified = good & called["payment"]
    n_error, _, _, n_outage, n_loss = _fault_steps(
        scenario.faults, "notifications", int(np.ceil(horizon_s / scenario.step_s)) + 1,
        scenario.step_s)
    base = _PROFILE["notifications"].baseline_error_ratio
    p_fail = base + (1 - base) * n_error[step_index]
    # refused or lost (a share of attempts each) or failed: one draw per notification
    p_fail = 1 - (1 - p_fail) * (1 - n_outage[step_index]) * (1 - n_loss[step_index])
    fail_note = notified & (rng.random(n) < p_fail)

    threshold = scenario.latency_threshold_ms
    requests = np.bincount(minute, minlength=n_minutes)
    good_count = np.bincount(minute, good, minlength=n_minutes)
    fast = np.bincount(minute, good & (latency_ms <= threshold), minlength=n_minutes)
    p50, p99 = _minute_quantiles(minute, latency_ms, n_minutes, (0.5, 0.99))
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = {
            "requests": requests,
            "good": good_count,
            "availability": np.where(requests > 0, good_count / np.maximum(requests, 1), np.nan),
            "fast": fast,
            "fast_ratio": np.where(requests > 0, fast / np.maximum(requests, 1), np.nan),
            "latency_p50_ms": p50,
            "latency_p99_ms": p99,
        }
    frame.update(columns)
    frame["notifications_sent"] = np.bincount(minute, notified, minlength=n_minutes)
    frame["notifications_failed"] = np.bincount(minute, fail_note, minlength=n_minutes)
    sli = pd.DataFrame(frame, index=pd.RangeIndex(n_minutes, name="minute"))
    int_columns = [c for c in sli.columns if c in ("requests", "good", "fast")
                   or c.endswith(("_calls", "_attempts", "_sent", "_rejected", "_failed_calls",
                                  "_failed"))]
    sli[int_columns] = sli[int_columns].round().astype(np.int64)
    table = None
    if keep_requests:
        table = pd.DataFrame({"arrival_s": arrival, "latency_ms": latency_ms, "good": good,
                              **per_request})
    return RequestSimulation(scenario=scenario, sli=sli, requests=table)


def _minute_quantiles(minute, values, n_minutes, qs):
    """Per-minute quantiles (lower interpolation) by one sort of minute × 1e7 + value."""
    values = np.minimum(values, 1e6)  # latencies in ms stay below 1e7
    counts = np.bincount(minute, minlength=n_minutes)
    sorted_values = np.sort(minute * 1e7 + values) - np.repeat(np.arange(n_minutes) * 1e7, counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    out = []
    for q in qs:
        pos = starts + np.floor(q * np.maximum(counts - 1, 0)).astype(np.int64)
        result = np.full(n_minutes, np.nan)
        has = counts > 0
        result[has] = sorted_values[pos[has]]
        out.append(result)
    return out


def compare_breakers(scenario=None, *, service="payment", breakers=None, rng=None) -> pd.DataFrame:
    """Run one scenario with each library's default breaker on ``service`` (and with none).

    Every run uses the same seed, so the rows differ only by the breaker.

    Parameters
    ----------
    scenario : Scenario, dict or None
        Default: 20 minutes in which ``service`` answers every attempt with an
        error from minute 5 to 10. It must inject at least one fault into
        ``service``.
    service : {"payment", "search"}, default "payment"
    breakers : mapping of label to CircuitBreaker, default ``BREAKER_DEFAULTS``
    rng : int or None
        The seed every run shares (a Generator is not accepted: runs must
        repeat the same draws).

    Returns
    -------
    DataFrame
        One row per breaker plus ``"none"``: ``availability`` (whole run),
        ``sent_during_fault`` (attempts that reached ``service`` in the
        fault's minutes), ``open_s_during_fault`` and ``open_s_after_fault``
        (seconds the breaker spent open or half-open in those minutes and in
        the minutes after: how fast it reacts, how long it keeps users out
        after the service is back).

    Examples
    --------
    >>> table = compare_breakers(rng=1)
    >>> int(table.loc["none", "open_s_during_fault"])
    0
    >>> bool(table.loc["hystrix", "sent_during_fault"] < table.loc["none", "sent_during_fault"] / 10)
    True
    >>> bool(table.loc["polly", "open_s_after_fault"] < table.loc["resilience4j", "open_s_after_fault"])
    True
    """
    check_choice("service", service, _DEPENDENCIES)
    if scenario is None:
        scenario = Scenario(minutes=20, faults=(Fault(service, "error", 5, 10, error_ratio=1.0),))
    scenario = as_scenario(scenario)
    faults = [f for f in scenario.faults if f.service == service]
    if not faults:
        raise ValueError(message("scenario", f"a scenario with a fault on {service!r}",
                                 [f"{f.service} {f.kind}" for f in scenario.faults],
                                 "Add one, e.g. Fault(service, 'outage', 5, 10)."))
    breakers = BREAKER_DEFAULTS if breakers is None else breakers
    if not isinstance(breakers, Mapping) or not all(
            isinstance(b, CircuitBreaker) for b in breakers.values()):
        raise TypeError(message("breakers", "a dict {label: CircuitBreaker}", breakers))
    if rng is not None and not isinstance(rng, (int, np.integer)) or isinstance(rng, bool):
        raise TypeError(message("rng", "None or a whole number >= 0 (every run repeats it)", rng))
    seed = int(check_rng(rng).integers(2**32)) if rng is None else rng
    start = int(np.floor(min(f.start_minute for f in faults)))
    end = int(np.ceil(max(f.end_minute for f in faults)))
    rows = {}
    for label, breaker in {"none": None, **breakers}.items():
        settings = dataclasses.replace(scenario.resilience[service], breaker=breaker)
        result = simulate_requests(scenario.replace(
            resilience={**scenario.resilience, service: settings}), rng=seed)
        sli = result.sli
        rows[label] = {
            "availability": result.availability,
            "sent_during_fault": int(sli[f"{service}_sent"].iloc[start:end].sum()),
            "open_s_during_fault": float(sli[f"{service}_breaker_open_s"].iloc[start:end].sum()),
            "open_s_after_fault": float(sli[f"{service}_breaker_open_s"].iloc[end:].sum()),
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "breaker"
    return frame
