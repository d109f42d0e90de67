"""Exercises and quizzes of section 6 (observability-driven development), advanced tier (keys "odd3a", "odd3b", "odd3c").

Chen's design review of MicroCorp's checkout. 3a: what retries cost (expected
attempts per call, amplification across layers) and when a circuit breaker
opens (resilience4j's minimum number of calls). 3b: why a hot service stays
down after its trigger is gone (offered load in the bad state against
capacity) and what a retry budget changes. 3c: chaos experiments in virtual
time (the error budget a partial outage spends, by hand) and the
section's three recap quizzes.

Reference answers and misconceptions call the core functions the notebooks
call (``sl.expected_attempts``, ``sl.retry_amplification``,
``sl.breaker_states``, ``sl.BREAKER_DEFAULTS``, ``sl.RETRY_DEFAULTS``,
``sl.run_experiment`` ...), with the settings of each exercise written once
below.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

_NB_A = "06_observability_driven_dev/3a_retries_and_circuit_breakers"
_NB_B = "06_observability_driven_dev/3b_metastable_failure_and_bulkheads"
_NB_C = "06_observability_driven_dev/3c_chaos_experiments"

#: 3a, Exercise 1: payment fails 40 % of attempts; Polly's default retry (3 retries).
PARTIAL_FAILURE = 0.4
#: 3a, Exercise 2: the layers of the call chain that each retry (resilience4j: 3 attempts).
LAYERS = 4
#: 3a, Exercise 3: payment answers the first 40 calls, then fails every call; one call a second.
GOOD_CALLS = 40
FAILING_CALLS = 160
RECOVERED_CALLS = 100
#: 3b: payment's capacity as a multiple of its normal load (sl.Scenario's headroom).
HEADROOM = 2.5
#: 3b: the retry budget of the SRE book, ch. 21 (retries below 10 % of requests).
BUDGET_RATIO = 0.1
#: 3c: the blast radius of the partial search outage, checkout's SLO and its window.
BLAST_RADIUS = 0.5
SLO_TARGET = 0.999
WINDOW_DAYS = 30


# --------------------------------------------------------------------------- helpers (lazy)

def _polly_attempts() -> int:
    from ..resilience.callgraph import RETRY_DEFAULTS

    return RETRY_DEFAULTS["polly"].max_attempts


def _r4j_attempts() -> int:
    from ..resilience.callgraph import RETRY_DEFAULTS

    return RETRY_DEFAULTS["resilience4j"].max_attempts


def _expected(p: float, k: int) -> float:
    from ..resilience.callgraph import expected_attempts

    return float(expected_attempts(p, k))


def _amplification(k: int, layers: int) -> int:
    from ..resilience.callgraph import retry_amplification

    return int(retry_amplification(k, layers))


def breaker_outcomes():
    """3a, Exercise 3: what each call would return (True = failure), one call a second."""
    import numpy as np

    return np.r_[np.zeros(GOOD_CALLS, bool), np.ones(FAILING_CALLS, bool),
                 np.zeros(RECOVERED_CALLS, bool)]


def _failing_calls_before_open(breaker) -> float:
    """Failing calls ``breaker`` lets through up to and including the call that opens it."""
    import numpy as np

    from ..resilience.callgraph import breaker_states

    states = breaker_states(breaker_outcomes(), breaker=breaker)
    opened = np.flatnonzero(states["state_after"].to_numpy() == "open")
    last = int(opened[0]) if opened.size else len(states) - 1
    upto = states.iloc[:last + 1]
    return float((upto["permitted"] & upto["failed"]).sum())


def _fifty_failures() -> float:
    """The threshold read as a count: 50 % of a 100-call window."""
    b = _r4j()
    return float(b.failure_rate_threshold * b.window_size)


def _r4j(**changes):
    import dataclasses

    from ..resilience.callgraph import BREAKER_DEFAULTS

    return dataclasses.replace(BREAKER_DEFAULTS["resilience4j"], **changes)


def _pybreaker():
    from ..resilience.callgraph import BREAKER_DEFAULTS

    return BREAKER_DEFAULTS["pybreaker"]


def _normal_error_ratio() -> float:
    from ..simulation import SERVICES

    return float({s.name: s for s in SERVICES}["payment"].baseline_error_ratio)


def _bad_state_load(attempts_per_call: float) -> float:
    """Offered load on payment in the bad state, as a multiple of its capacity."""
    return attempts_per_call / HEADROOM


def _partial_budget(*, share: float = BLAST_RADIUS, attempts: int | None = None,
                    callers: float | None = None) -> float:
    """3c: the hand model of a partial search outage's error-budget spend.

    Calls to search during the fault × share**attempts (a call fails when all its
    attempts land on a bad instance) / the 30-day budget at SLO_TARGET, with the
    settings of the course experiment ``search-outage`` (rate, fault window, retries)."""
    from ..resilience.chaos import chaos_experiment
    from ..simulation import DEPENDENCIES
    from ..slo import error_budget

    e = chaos_experiment("search-outage")
    rate = e.scenario["requests_per_minute"]
    minutes = e.fault["end_minute"] - e.fault["start_minute"]
    k = e.scenario["resilience"]["search"]["retry"]["max_attempts"] if attempts is None else attempts
    callers = DEPENDENCIES["checkout"]["search"] if callers is None else callers
    bad = rate * minutes * callers * share ** k
    return float(bad / error_budget(SLO_TARGET, rate * 1440 * WINDOW_DAYS))


EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------------ 3a
    Exercise(
        id="odd3a.expected_attempts",
        notebook=_NB_A,
        prompt="During a partial failure payment fails 40 % of attempts, independently. Checkout "
               "uses Polly's default retry (3 retries after the first attempt). How many attempts "
               "per call does payment receive on average?",
        kind="number", unit="attempts per call", rel_tol=0.005,
        reference=lambda: _expected(PARTIAL_FAILURE, _polly_attempts()),
        misconceptions=[
            ("you assumed every call makes all its attempts: only a failed attempt is retried",
             lambda: _expected(1.0, _polly_attempts())),
            ("you gave every retry the probability p: the third attempt needs two failures "
             "(p²), the fourth three (p³)",
             lambda: 1 + PARTIAL_FAILURE * (_polly_attempts() - 1)),
            ("you let the retries go on for ever (1 / (1 − p)); Polly stops after 4 attempts",
             lambda: 1 / (1 - PARTIAL_FAILURE)),
            ("you read Polly's 3 retries as 3 attempts: the first attempt comes on top",
             lambda: _expected(PARTIAL_FAILURE, _polly_attempts() - 1)),
        ],
        hint="Attempt j happens only when the j − 1 before it failed: 1 + p + p² + p³, which is "
             "(1 − p**k) / (1 − p) with k = 4 attempts (sl.expected_attempts).",
        solution_code="answer = sl.expected_attempts(0.4, sl.RETRY_DEFAULTS['polly'].max_attempts)\n",
    ),
    Exercise(
        id="odd3a.layer_amplification",
        notebook=_NB_A,
        prompt="A click goes through 4 layers that each retry with resilience4j's default (3 "
               "attempts, the first included): browser app → API gateway → checkout → payment "
               "client. Payment is down. How many attempts reach payment for one click, at most?",
        kind="number", unit="attempts", rel_tol=0.0, abs_tol=0.5,
        reference=lambda: _amplification(_r4j_attempts(), LAYERS),
        misconceptions=[
            ("you added the layers' attempts (k × L): each layer repeats everything below it, so "
             "they multiply (k^L)", lambda: _r4j_attempts() * LAYERS),
            ("you added up only the retries each layer makes (1 + (k − 1) × L): a retry at one "
             "layer starts a whole new round of attempts below it",
             lambda: 1 + (_r4j_attempts() - 1) * LAYERS),
            ("you used the 5 layers of the quoted example; this chain has 4",
             lambda: _amplification(_r4j_attempts(), 5)),
            ("you left out a layer: all 4 retry, the payment client included",
             lambda: _amplification(_r4j_attempts(), LAYERS - 1)),
        ],
        hint="One attempt of the top layer causes up to 3 at the next, each of those up to 3 at "
             "the next... sl.retry_amplification(k, layers).",
        solution_code="answer = sl.retry_amplification(sl.RETRY_DEFAULTS['resilience4j'].max_attempts, 4)\n",
    ),
    Exercise(
        id="odd3a.breaker_failures",
        notebook=_NB_A,
        prompt="Calls come one a second to a fresh breaker with resilience4j's defaults (50 %, "
               "count window of 100 calls, minimum 100 calls). Payment answers the first 40 calls, "
               "then fails every call. How many failing calls reach payment before the breaker "
               "opens (the call after which it opens included)?",
        kind="number", unit="failing calls", rel_tol=0.0, abs_tol=0.5,
        reference=lambda: _failing_calls_before_open(_r4j()),
        misconceptions=[
            ("you ignored minimumNumberOfCalls: resilience4j computes no failure rate before 100 "
             "calls are recorded", lambda: _failing_calls_before_open(_r4j(minimum_calls=1))),
            ("you waited for 50 failed calls; the rule is a 50 % failure rate over the window, "
             "once it holds 100 calls", _fifty_failures),
            ("you used pybreaker's rule (5 consecutive failures), not resilience4j's",
             lambda: _failing_calls_before_open(_pybreaker())),
            ("you left out the call after which it opens: that call reached payment too",
             lambda: _failing_calls_before_open(_r4j()) - 1),
            ("you gave the number of the call after which it opens; count only the failing "
             "calls (from call 41)", lambda: GOOD_CALLS + _failing_calls_before_open(_r4j())),
        ],
        hint="Until 100 calls are recorded the breaker does not look at the failure rate. When "
             "does it look first, and how many of those 100 calls failed? "
             "sl.breaker_states(failed, breaker=...) replays it call by call.",
        solution_code=(
            "import numpy as np\n"
            "failed = np.r_[np.zeros(40, bool), np.ones(160, bool), np.zeros(100, bool)]\n"
            "states = sl.breaker_states(failed, breaker=sl.BREAKER_DEFAULTS['resilience4j'])\n"
            "first_open = int(np.flatnonzero(states['state_after'] == 'open')[0])\n"
            "upto = states.iloc[:first_open + 1]\n"
            "answer = int((upto['permitted'] & upto['failed']).sum())\n"
        ),
    ),
    # ------------------------------------------------------------------ 3b
    Exercise(
        id="odd3b.bad_state_load",
        notebook=_NB_B,
        prompt="Payment's capacity is 2.5 times its normal load. Chen's team wants Polly's default "
               "retry (3 retries after the first attempt). In the bad state every attempt times "
               "out. What is the load offered to payment then, as a multiple of its capacity?",
        kind="number", unit="× capacity", rel_tol=0.005,
        reference=lambda: _bad_state_load(_expected(1.0, _polly_attempts())),
        misconceptions=[
            ("you used the attempts per call of normal times; in the bad state every attempt "
             "fails, so every call makes all 4",
             lambda: _bad_state_load(_expected(_normal_error_ratio(), _polly_attempts()))),
            ("you read Polly's 3 retries as 3 attempts: the first attempt comes on top",
             lambda: _bad_state_load(_expected(1.0, _polly_attempts() - 1))),
            ("you divided capacity by load; the question asks load / capacity",
             lambda: HEADROOM / _expected(1.0, _polly_attempts())),
            ("you gave the attempts per call; divide by the headroom (capacity is 2.5 times the "
             "normal load)", lambda: _expected(1.0, _polly_attempts())),
        ],
        hint="Normal load is 1 / 2.5 of capacity. In the bad state each call sends all its "
             "attempts: sl.expected_attempts(1.0, k) per call.",
        solution_code="answer = sl.expected_attempts(1.0, sl.RETRY_DEFAULTS['polly'].max_attempts) / 2.5\n",
    ),
    Exercise(
        id="odd3b.budget_load",
        notebook=_NB_B,
        prompt="Same service and retries, now with the SRE book's retry budget: retries may be at "
               "most 10 % of first attempts. What is the most load the bad state can offer to "
               "payment, as a multiple of its capacity?",
        kind="number", unit="× capacity", rel_tol=0.005,
        reference=lambda: _bad_state_load(1 + BUDGET_RATIO),
        misconceptions=[
            ("you ignored the budget: it caps retries at 10 % of first attempts, whatever "
             "max_attempts says", lambda: _bad_state_load(_expected(1.0, _polly_attempts()))),
            ("you counted only the retries; the first attempts reach payment too",
             lambda: _bad_state_load(BUDGET_RATIO)),
            ("you allowed 10 % of each call's 3 retries; the budget caps all retries at 10 % of "
             "first attempts", lambda: _bad_state_load(1 + BUDGET_RATIO * (_polly_attempts() - 1))),
            ("you gave the attempts per call (1.1); divide by the headroom (capacity is 2.5 times "
             "the normal load)", lambda: 1 + BUDGET_RATIO),
        ],
        hint="Per first attempt: 1 attempt plus at most 0.1 retries, over a capacity of 2.5 times "
             "the normal load.",
        solution_code="answer = (1 + 0.1) / 2.5\n",
    ),
    # ------------------------------------------------------------------ 3c
    Exercise(
        id="odd3c.partial_budget",
        notebook=_NB_C,
        prompt="Half of search's instances refuse connections from minute 10 to 20 (traffic_share "
               "0.5: each attempt lands on a bad instance with probability 0.5). Checkout makes up "
               "to 3 attempts per search call and has no fallback; 420 checkouts a minute, 30 % call "
               "search. By the hand model, what share of checkout's 30-day error budget at 99.9 % "
               "(420 requests a minute all month) does the experiment spend (a fraction)?",
        kind="number", unit="of the budget", rel_tol=0.01,
        reference=lambda: _partial_budget(),
        misconceptions=[
            ("you ignored the retries: a call fails only when all 3 attempts land on a bad "
             "instance (0.5³)", lambda: _partial_budget(attempts=1)),
            ("you ignored the blast radius: only half the instances refuse",
             lambda: _partial_budget(share=1.0)),
            ("you counted every checkout request; only the 30 % that call search can fail",
             lambda: _partial_budget(callers=1.0)),
            ("you divided by all the month's requests; the budget is 0.1 % of them",
             lambda: _partial_budget() * (1 - SLO_TARGET)),
            ("you wrote a percentage; write 0.87 % as 0.0087",
             lambda: 100 * _partial_budget()),
        ],
        hint="Bad requests = calls to search in the 10 minutes × 0.5**3; the budget is "
             "sl.error_budget(0.999, 420 × 1440 × 30). Divide.",
        solution_code=(
            "bad = 420 * 10 * 0.3 * 0.5 ** 3\n"
            "answer = bad / sl.error_budget(0.999, 420 * 1440 * 30)\n"
        ),
    ),
]


QUIZZES: list[Quiz] = [
    # ------------------------------------------------------------------ 3a
    Quiz(
        id="odd3a.quiet_breakers",
        notebook=_NB_A,
        question="On the same call sequence (one call a second), Polly's and Hystrix's default "
                 "breakers never opened, although payment failed 160 calls in a row. Why?",
        options=[
            ("Their failure-rate thresholds are higher than resilience4j's.",
             "No: Polly's threshold is 10 %, Hystrix's 50 %; every window here was 100 % failures."),
            ("Their windows are time-based: 30 s and 10 s hold only 30 and 10 calls at one call a "
             "second, below their minimum throughput (100 and 20 calls), so no failure rate is "
             "ever computed.",
             "Yes: a minimum throughput per time window protects busy services from noise but "
             "switches the breaker off for quiet ones. Size it to the traffic you have."),
            ("They open only on timeouts, not on errors.",
             "No: both count failed calls of any kind (exceptions or handled faults)."),
            ("They need the automatic transition to half-open enabled.",
             "No: that setting decides when an open breaker probes again, not whether a closed "
             "one opens."),
        ],
        answer=1,
    ),
    # ------------------------------------------------------------------ 3b
    Quiz(
        id="odd3b.what_sustains",
        notebook=_NB_B,
        question="Payment's 2-minute slowdown ended at minute 12, yet checkout still fails at "
                 "minute 35. What keeps it down?",
        options=[
            ("The slowdown: it must still be going on somewhere.",
             "No: the trigger ended at minute 12; the simulation removes it completely."),
            ("Payment's capacity dropped for good.",
             "No: capacity is back at its normal value after the trigger; it is the load that "
             "stays high."),
            ("A feedback loop: timed-out calls are retried, the retries keep the offered load "
             "above capacity, so the queue never drains and the next attempts time out too.",
             "Yes: the sustaining effect is the work the failure itself creates. It outlives "
             "the trigger until something breaks the loop (fewer retries, shed load)."),
            ("Too little traffic reaches payment.",
             "No: the opposite: three times the normal number of attempts reaches it."),
        ],
        answer=2,
    ),
    Quiz(
        id="odd3b.fallback_hides",
        notebook=_NB_B,
        question="With a fallback (\"order accepted, charged later\"), checkout stayed near 100 % "
                 "through the trigger and after it. What should Chen's team conclude?",
        options=[
            ("The fallback fixed the metastable failure.",
             "No: payment still receives about 1.2 times its capacity until the end of the run; "
             "the bad state goes on behind the fallback."),
            ("Fallbacks are dangerous and should be removed.",
             "No: they are what keeps users served during the trigger; they need the load fixes "
             "and an alert beside them."),
            ("A bulkhead of 25 would have ended it too.",
             "No: in the bad state about 13 attempts are in flight (Little's law), so a bulkhead "
             "of 25 never fills."),
            ("Users are protected, but payment is still overloaded and orders pile up unpaid: "
             "keep the fallback, cut the load (budget, breaker or bulkhead) and alert on the "
             "unpaid backlog.",
             "Yes: a fallback changes what users see, not the load that sustains the failure; "
             "what it hides needs its own signal."),
        ],
        answer=3,
    ),
    # ------------------------------------------------------------------ 3c
    Quiz(
        id="odd3c.naive_snippet",
        notebook=_NB_C,
        question="The outline's chaos_test picks kill / slow / normal at random and prints what "
                 "happened. What is the most important thing it lacks?",
        options=[
            ("More kinds of fault to pick from.",
             "No: more faults picked at random still test nothing: without a hypothesis no "
             "outcome can fail the experiment."),
            ("A measured steady state and a hypothesis about it: without them nothing can be "
             "concluded, whichever fault it draws.",
             "Yes: an experiment predicts that a measured output (availability, fast requests) "
             "stays within tolerances, then tries to disprove it (principlesofchaos.org)."),
            ("A longer sleep, so the slowdown is realistic.",
             "No: sleeping wastes real time and still measures nothing; the course's "
             "experiments run in virtual time."),
            ("A try/except around the call.",
             "No: it has one, and catching the exception only hides the failure from "
             "everything but the printout."),
        ],
        answer=1,
    ),
    Quiz(
        id="odd3c.recap_telemetry_tests",
        notebook=_NB_C,
        question="Recap (1a–1c, Emma). What makes a test of instrumentation worth having in CI?",
        options=[
            ("It fails while the span, attribute or metric it asks for is missing, and passes "
             "once the code emits it, read from the SDK's in-memory exporter.",
             "Yes: observability test-driven development: red while the telemetry is missing, "
             "green once it is there, with no collector or network."),
            ("It prints the telemetry so a reviewer can read it.",
             "No: a printout never fails a build; a test must assert."),
            ("It runs against the production collector.",
             "No: a CI test must run offline and fast; the SDK's in-memory exporters give the "
             "same spans and metrics."),
            ("It checks that the code runs without exceptions.",
             "No: code without any instrumentation passes that test too."),
        ],
        answer=0,
    ),
    Quiz(
        id="odd3c.recap_release_gates",
        notebook=_NB_C,
        question="Recap (2a–2c, Ravi). A release gate compares a canary's latencies with the "
                 "baseline's with a stated test at alpha = 0.05. What does alpha tell Ravi?",
        options=[
            ("The share of regressions the gate catches.",
             "No: that is the power, which depends on the size of the regression and the number "
             "of requests compared."),
            ("The probability that a blocked release really is slower.",
             "No: that depends on how many releases regress at all, not only on alpha."),
            ("The share of good releases the gate blocks when nothing regressed (its false-"
             "positive rate, measured by A/A runs).",
             "Yes: alpha is the false-positive rate; its cost is good releases held back, and "
             "the power says how often a real 5 % regression is caught."),
            ("The latency regression the gate allows.",
             "No: alpha is a probability, not a size; the size comes from the test's power."),
        ],
        answer=2,
    ),
    Quiz(
        id="odd3c.recap_resilience",
        notebook=_NB_C,
        question="Recap (3a–3c, Chen). What did Chen's design review add to checkout so that a "
                 "chaos experiment on search holds?",
        options=[
            ("More retries on every layer.",
             "No: retries multiply across layers (k^L) and keep a failing service down; they "
             "cannot answer while search is out."),
            ("A fallback (degraded results) for search, no retries on it (fail fast), breakers "
             "and a retry budget where retries stay, and an experiment that tests it.",
             "Yes: the experiment search-outage-fallback holds; its hypothesis was stated and "
             "measured, so the result is evidence, not hope."),
            ("A longer timeout for search.",
             "No: a longer timeout makes users wait longer for the same failure."),
            ("Nothing: chaos experiments only find weaknesses, they do not prevent them.",
             "No: a weakness found in an experiment is fixed by design, and the experiment is "
             "run again to show the fix holds."),
        ],
        answer=1,
    ),
]
