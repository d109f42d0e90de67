"""Exercises and quizzes of section 6 (observability-driven development), beginner tier: keys "odd1a", "odd1b", "odd1c".

=========================================================  =====  ====================================
notebook                                                   key    asks
=========================================================  =====  ====================================
``06_observability_driven_dev/1a_instrument_the_checkout``  odd1a  spans for ten orders; the counter's
                                                                  time series with order ids as labels
``06_observability_driven_dev/1b_observability_tests``     odd1b  gaps the observability test lists for
                                                                  the bare build and for build 2
``06_observability_driven_dev/1c_catching_it_in_test``     odd1c  bytes the leaky build keeps per
                                                                  1,000 orders; orders until the limit
=========================================================  =====  ====================================

Emma is a junior developer on MicroCorp's checkout. Reference answers and
misconceptions call the core functions the notebooks call
(``sl.capture_telemetry``, ``sl.checkout_handler``, ``sl.order_batch``,
``sl.telemetry_gaps``, ``sl.CHECKOUT_TELEMETRY``, ``sl.measure_memory``);
nothing is typed in.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

NB_1A = "06_observability_driven_dev/1a_instrument_the_checkout"
NB_1B = "06_observability_driven_dev/1b_observability_tests"
NB_1C = "06_observability_driven_dev/1c_catching_it_in_test"

TEN_ORDERS = 10
LABELLED_ORDERS = 1000
COUNTER = "microcorp.checkout.requests"
LEAK_ORDERS = 2000            # 1c: the leaky build is measured on 2,000 orders
HEADROOM_MIB = 256            # 1c: memory the pod has left for growth, in MiB (2**20 bytes)

# --------------------------------------------------------------------------- reference helpers
# Imported lazily: importing the registry loads neither OpenTelemetry nor data.


def _capture(handler, orders):
    from ..resilience.instrumentation import capture_telemetry
    return capture_telemetry(handler, orders)


def _batch(n):
    from ..resilience.instrumentation import order_batch
    return order_batch(n)


def _ten(count="spans") -> int:
    from ..resilience.instrumentation import handle_checkout_instrumented
    telemetry = _capture(handle_checkout_instrumented, _batch(TEN_ORDERS))
    if count == "names":
        return len(telemetry.span_names())
    if count == "server":
        return len(telemetry.spans_named("POST /checkout"))
    return len(telemetry.spans)


def _series(label_order_id=True, metrics=(COUNTER,)) -> int:
    from ..resilience.instrumentation import checkout_handler
    telemetry = _capture(checkout_handler(label_order_id=label_order_id), _batch(LABELLED_ORDERS))
    return sum(len(telemetry.points_named(name)) for name in metrics)


def _gaps(omit=None) -> int:
    from ..resilience.instrumentation import checkout_handler, handle_checkout, telemetry_gaps
    handler = handle_checkout if omit is None else checkout_handler(omit=omit)
    return len(telemetry_gaps(_capture(handler, None)))


def _spec_lines() -> int:
    """Every line of the checkout spec's table: each attribute, parent, event, metric attribute and unit."""
    from ..resilience.instrumentation import CHECKOUT_TELEMETRY
    return len(CHECKOUT_TELEMETRY.table())


def _spans_in_spec() -> int:
    from ..resilience.instrumentation import CHECKOUT_TELEMETRY as spec
    return len(spec.span_attributes)


def _leaky():
    from ..resilience.instrumentation import checkout_handler, measure_memory
    return measure_memory(checkout_handler(receipt_cache=True), n_orders=LEAK_ORDERS, build="v1.5")


def _per_1000(by="thousands") -> float:
    report = _leaky()
    if by == "total":
        return float(report.retained_bytes)
    if by == "order":
        return float(report.retained_bytes / LEAK_ORDERS)
    return float(report.retained_bytes / (LEAK_ORDERS / 1000))


def _orders_to_limit(megabyte=2 ** 20, per="order") -> float:
    report = _leaky()
    per_order = report.retained_bytes / LEAK_ORDERS
    if per == "thousand":
        per_order = report.retained_bytes / (LEAK_ORDERS / 1000)
    return float(HEADROOM_MIB * megabyte / per_order)


# --------------------------------------------------------------------------- exercises

EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------------- 1a
    Exercise(
        id="odd1a.spans_for_ten",
        notebook=NB_1A,
        prompt="Run the instrumented checkout on ten orders (sl.order_batch(10)). How many spans "
               "does the SDK's in-memory exporter hold?",
        kind="number", rel_tol=0.0, abs_tol=0.0, unit="spans",
        reference=_ten,
        misconceptions=[
            ("you counted one span per request; the payment call is a span of its own, a child "
             "of the checkout span", lambda: _ten("server")),
            ("you counted the distinct span names, not the spans", lambda: _ten("names")),
        ],
        hint="Every request makes a trace of two spans: 'POST /checkout' and its child 'charge "
             "payment'. len(ten.spans) counts them.",
        solution_code=(
            "ten = sl.capture_telemetry(sl.handle_checkout_instrumented, sl.order_batch(10))\n"
            "answer = len(ten.spans)\n"
        ),
    ),
    Exercise(
        id="odd1a.order_id_series",
        notebook=NB_1A,
        prompt="A colleague adds the order id as an attribute of the request counter. After "
               "1,000 orders, how many data points (time series) does the counter "
               "microcorp.checkout.requests export?",
        kind="number", rel_tol=0.0, abs_tol=0.0, unit="series",
        reference=_series,
        misconceptions=[
            ("you counted the status codes only; with the order id as a label every order "
             "makes a series of its own", lambda: _series(label_order_id=False)),
            ("you counted the series of both metrics (the counter and the duration "
             "histogram); the question asks the counter's",
             lambda: _series(metrics=(COUNTER, "microcorp.checkout.duration"))),
        ],
        hint="One point per distinct combination of attribute values: len(labelled.points_named("
             "'microcorp.checkout.requests')).",
        solution_code=(
            "labelled = sl.capture_telemetry(sl.checkout_handler(label_order_id=True), "
            "sl.order_batch(1000))\n"
            "answer = len(labelled.points_named('microcorp.checkout.requests'))\n"
        ),
    ),
    # ------------------------------------------------------------------- 1b
    Exercise(
        id="odd1b.gaps_bare",
        notebook=NB_1B,
        prompt="Build 1 is the checkout without any telemetry. How many gaps will "
               "sl.assert_instrumented list against sl.CHECKOUT_TELEMETRY?",
        kind="number", rel_tol=0.0, abs_tol=0.0, unit="gaps",
        reference=_gaps,
        misconceptions=[
            ("you counted every line of the spec (each attribute, parent, event, unit); a span "
             "or metric that is missing is reported once, not once per attribute it would "
             "carry", _spec_lines),
            ("you counted the missing spans only; the declined-payment event and the two "
             "metrics are gaps too", _spans_in_spec),
        ],
        hint="Read the spec from the top: which spans, events and metrics must exist? A "
             "missing span is one gap; its attributes are not checked until it exists.",
        solution_code=(
            "bare = sl.capture_telemetry(sl.handle_checkout)\n"
            "answer = len(sl.telemetry_gaps(bare))\n"
        ),
    ),
    Exercise(
        id="odd1b.gaps_build2",
        notebook=NB_1B,
        prompt="Build 2 emits both spans with their attributes and the declined event, but no "
               "metrics yet. How many gaps will the observability test list?",
        kind="number", rel_tol=0.0, abs_tol=0.0, unit="gaps",
        reference=lambda: _gaps(["metrics"]),
        misconceptions=[
            ("you counted 'the metrics' as one gap; each missing metric is a gap of its own",
             lambda: 1),
            ("you counted the gaps of build 1; build 2 closed the span and event gaps",
             _gaps),
        ],
        hint="Build 2 lacks exactly what the spec's metric_units lists: one gap per missing "
             "metric.",
        solution_code=(
            "build2 = sl.capture_telemetry(sl.checkout_handler(omit=['metrics']))\n"
            "answer = len(sl.telemetry_gaps(build2))\n"
        ),
    ),
    # ------------------------------------------------------------------- 1c
    Exercise(
        id="odd1c.kept_per_1000",
        notebook=NB_1C,
        prompt="The leaky build v1.5 handled 2,000 orders. How many bytes does it keep per "
               "1,000 orders?",
        kind="number", rel_tol=0.01, unit="bytes",
        reference=_per_1000,
        misconceptions=[
            ("you took the whole run's retained bytes; the run had 2,000 orders, so divide "
             "by 2", lambda: _per_1000("total")),
            ("you divided by 2,000 and got bytes per order, not per 1,000 orders",
             lambda: _per_1000("order")),
        ],
        hint="2,000 orders are 2 thousands: leaky.retained_bytes / 2.",
        solution_code=(
            "leaky = sl.measure_memory(sl.checkout_handler(receipt_cache=True), n_orders=2000, "
            "build='v1.5')\n"
            "answer = leaky.retained_bytes / 2\n"
        ),
    ),
    Exercise(
        id="odd1c.orders_to_limit",
        notebook=NB_1C,
        prompt="The checkout pod has 256 MiB of memory left for growth (1 MiB = 2**20 bytes). "
               "How many orders does v1.5 handle before its receipts fill it?",
        kind="number", rel_tol=0.01, unit="orders",
        reference=_orders_to_limit,
        misconceptions=[
            ("you divided by the bytes per 1,000 orders, as if they were the bytes per order",
             lambda: _orders_to_limit(per="thousand")),
            ("you took 1 MiB as 1,000,000 bytes; a mebibyte is 2**20 = 1,048,576 bytes",
             lambda: _orders_to_limit(megabyte=1_000_000)),
        ],
        hint="Headroom in bytes over bytes kept per order: 256 * 2**20 / (leaky.retained_bytes "
             "/ 2000).",
        solution_code=(
            "leaky = sl.measure_memory(sl.checkout_handler(receipt_cache=True), n_orders=2000, "
            "build='v1.5')\n"
            "answer = 256 * 2**20 / (leaky.retained_bytes / 2000)\n"
        ),
    ),
]

# --------------------------------------------------------------------------- quizzes

QUIZZES: list[Quiz] = [
    Quiz(
        id="odd1a.prints",
        notebook=NB_1A,
        question="Emma's print line says 'o-1004 declined'. What does the span of the same request "
                 "give her that the print line does not?",
        options=[
            ("Nothing: both say the card was declined.",
             "Both say it, but only the span says it in a form a program can query and test: "
             "named attributes, a parent, a start and an end."),
            ("A place in a trace: which request it belongs to, its parent span, when it started "
             "and ended, and named attributes a test or a query can read.",
             "Right. A span is structured: it joins the payment call to its checkout request and "
             "carries typed attributes, so tools (and tests) can read it without parsing text."),
            ("Faster code: spans cost less than printing.",
             "Not the point, and not true in general: both cost a little. The gain is structure, "
             "not speed."),
            ("It sends an alert when a card is declined.",
             "A span records what happened; alerting is a separate decision made on metrics "
             "(sections 2 and 3)."),
        ],
        answer=1,
    ),
    Quiz(
        id="odd1a.status_402",
        notebook=NB_1A,
        question="For the declined card the checkout answers 402. Why does the server span "
                 "'POST /checkout' keep its status UNSET while the payment span is ERROR?",
        options=[
            ("Because the SDK cannot set a status on a server span.",
             "It can: span.set_status works on any span. Leaving it unset is a choice."),
            ("Because a 4xx answer is the client's problem, not a server failure: OpenTelemetry's "
             "HTTP conventions leave a server span's status unset for 4xx, while the payment call "
             "itself failed.",
             "Right. An error status on the server span would count declined cards as server "
             "errors and burn the checkout's error budget for customers' typos."),
            ("Because the span ended before the payment was declined.",
             "The server span ends last: the payment span is its child and ends inside it."),
        ],
        answer=1,
    ),
    Quiz(
        id="odd1b.red_first",
        notebook=NB_1B,
        question="Why run a new observability test before writing the instrumentation, when you "
                 "know it will fail?",
        options=[
            ("To make CI slower, so that people review more carefully.",
             "Speed is not the point: a red run takes about a second."),
            ("To see that the test CAN fail: a test that passes on code without any telemetry "
             "tests nothing (like `assert ...`).",
             "Right. The red run proves the test detects the missing span; only then does green "
             "mean the telemetry is there."),
            ("Because pytest refuses to run a test that has never failed.",
             "pytest has no such rule; the discipline is yours."),
        ],
        answer=1,
    ),
    Quiz(
        id="odd1b.what_to_assert",
        notebook=NB_1B,
        question="Which assertion makes a good observability test for the checkout?",
        options=[
            ("The 'POST /checkout' span lasts less than 1 ms.",
             "Durations depend on the machine and its load: the test would fail at random "
             "(a flaky test). Check timing with a benchmark or a budget, not an exact span test."),
            ("Every 'POST /checkout' span has http.route == '/checkout'.",
             "Right. Names and attributes are the contract dashboards and alerts rely on, and "
             "they are the same on every run."),
            ("The service printed exactly 4 lines.",
             "Print output is not telemetry; counting lines tests the log format, not what the "
             "dashboards need."),
        ],
        answer=1,
    ),
    Quiz(
        id="odd1c.peak_or_kept",
        notebook=NB_1C,
        question="A build's peak memory during the run is 5 MB, but after the run and a garbage "
                 "collection it keeps 0.1 KB, whatever the number of orders. What is it?",
        options=[
            ("A leak: 5 MB is a lot.",
             "A leak is memory kept that grows with the work. This memory is given back."),
            ("A spike: memory used for a while and given back. Worth a look if 5 MB is too much "
             "for the pod, but it does not grow with the orders.",
             "Right. Peak and kept memory answer different questions: a spike can hit a limit "
             "once; a leak always reaches it given enough orders."),
            ("Nothing to learn: tracemalloc figures are random.",
             "They are not: allocation sizes are exact; only a few hundred bytes of interpreter "
             "caches vary between Python versions."),
        ],
        answer=1,
    ),
    Quiz(
        id="odd1c.budget",
        notebook=NB_1C,
        question="Why does Emma's CI check compare bytes kept per 1,000 orders with a budget of "
                 "64 KiB, instead of asserting the exact number of bytes v1.4 keeps?",
        options=[
            ("An exact number is fine: tracemalloc is deterministic.",
             "Sizes of Python objects and interpreter caches change between Python versions and "
             "libraries: an exact pin would break on the next upgrade, for no real regression."),
            ("Because the budget sits far from both builds (v1.4 keeps a few hundred bytes, v1.5 "
             "over 2,000 KiB per 1,000 orders), noise of a few KiB cannot flip the verdict; a leak "
             "grows with the orders and crosses any fixed rate.",
             "Right. Pin ratios or thresholds with a wide margin on both sides, and say why."),
            ("Because 64 KiB is the size of a receipt.",
             "A receipt is about 2 KiB; 64 KiB is a margin, chosen far from both builds."),
        ],
        answer=1,
    ),
]
