"""Section 6's beginner exercises and quizzes (1a, 1b, 1c) against answers worked out by hand.

Independent oracles: the span and metric-point counts the OpenTelemetry SDK's own in-memory
exporters hold when the instrumented checkout runs under a TracerProvider / MeterProvider built
here (not through ``sl.capture_telemetry``); the gap counts read from the spec's rules (a
missing span or metric is one gap, its attributes are not checked); tracemalloc figures measured
here around the leaky build, compared with the receipt's known size (2,048 characters of ASCII
text in a ``str``, plus a dict entry), never the registry's reference helpers.
"""

from __future__ import annotations

import gc
import tracemalloc

import pytest

import sre_lab as sl
from sre_lab.exercises import s06_odd_beginner as s06b

pytest.importorskip("opentelemetry.sdk")
from opentelemetry.metrics import NoOpMeter  # noqa: E402
from opentelemetry.sdk.metrics import MeterProvider  # noqa: E402
from opentelemetry.sdk.metrics.export import InMemoryMetricReader  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: E402
from opentelemetry.trace import NoOpTracer  # noqa: E402

NOTEBOOKS = {"odd1a": "06_observability_driven_dev/1a_instrument_the_checkout",
             "odd1b": "06_observability_driven_dev/1b_observability_tests",
             "odd1c": "06_observability_driven_dev/1c_catching_it_in_test"}
EXERCISES = {
    "odd1a": ("odd1a.spans_for_ten", "odd1a.order_id_series"),
    "odd1b": ("odd1b.gaps_bare", "odd1b.gaps_build2"),
    "odd1c": ("odd1c.kept_per_1000", "odd1c.orders_to_limit"),
}


def _told_apart(exercise_id, cases):
    for wrong, words in cases:
        result = sl.check(exercise_id, wrong)
        assert not result.correct and words in result.message, (wrong, result.message)


def _run_under_sdk(handler, orders):
    """The SDK set up by hand: spans and metric data points as the exporters hold them."""
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    tracer, meter = tracer_provider.get_tracer("test"), meter_provider.get_meter("test")
    for order in orders:
        handler(order, tracer, meter)
    points = {}
    for rm in reader.get_metrics_data().resource_metrics:
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                points[metric.name] = list(metric.data.data_points)
    spans = exporter.get_finished_spans()
    tracer_provider.shutdown()
    meter_provider.shutdown()
    return spans, points


def test_registry_lists_the_three_parts():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [q.id for q in s06b.QUIZZES] == ["odd1a.prints", "odd1a.status_402", "odd1b.red_first",
                                            "odd1b.what_to_assert", "odd1c.peak_or_kept", "odd1c.budget"]


def test_quiz_letters():
    assert sl.quiz("odd1a.prints", "b").correct
    assert sl.quiz("odd1a.status_402", "b").correct
    assert sl.quiz("odd1b.red_first", "b").correct
    assert sl.quiz("odd1b.what_to_assert", "b").correct
    assert sl.quiz("odd1c.peak_or_kept", "b").correct
    assert sl.quiz("odd1c.budget", "b").correct


# --------------------------------------------------------------------------- 1a

def test_spans_for_ten_orders():
    spans, _ = _run_under_sdk(sl.handle_checkout_instrumented, sl.order_batch(10))
    value = len(spans)
    assert value == 2 * 10                                   # a checkout span + its payment child
    assert sl.check("odd1a.spans_for_ten", value).correct
    assert sl.exercise("odd1a.spans_for_ten").reference() == value
    _told_apart("odd1a.spans_for_ten", [(10, "one span per request"),
                                        (len({s.name for s in spans}), "distinct span names")])


def test_order_id_series():
    _, points = _run_under_sdk(sl.checkout_handler(label_order_id=True), sl.order_batch(1000))
    value = len(points["microcorp.checkout.requests"])
    assert value == 1000                                     # one series per order id
    assert sl.check("odd1a.order_id_series", value).correct
    assert sl.exercise("odd1a.order_id_series").reference() == value
    _, plain = _run_under_sdk(sl.handle_checkout_instrumented, sl.order_batch(1000))
    by_status = len(plain["microcorp.checkout.requests"])
    assert by_status == 2                                    # 200 and 402
    both = value + len(points["microcorp.checkout.duration"])
    _told_apart("odd1a.order_id_series", [(by_status, "status codes only"), (both, "both metrics")])


# --------------------------------------------------------------------------- 1b

def test_gaps_of_the_bare_build():
    spec = sl.CHECKOUT_TELEMETRY
    # no span exists: one gap per required span name, per required event, per required metric
    value = len(spec.span_attributes) + sum(len(e) for e in spec.span_events.values()) + len(spec.metric_units)
    assert value == 2 + 1 + 2
    assert sl.check("odd1b.gaps_bare", value).correct
    assert sl.exercise("odd1b.gaps_bare").reference() == value
    lines = 4 + 2 + 1 + 1 + 2 + 2   # span attributes, parent, event, metric attributes, units
    _told_apart("odd1b.gaps_bare", [(lines, "every line of the spec"), (2, "missing spans only")])


def test_gaps_of_build_two():
    value = len(sl.CHECKOUT_TELEMETRY.metric_units)          # both metrics missing, nothing else
    assert value == 2
    assert sl.check("odd1b.gaps_build2", value).correct
    assert sl.exercise("odd1b.gaps_build2").reference() == value
    _told_apart("odd1b.gaps_build2", [(1, "as one gap"), (5, "the gaps of build 1")])


# --------------------------------------------------------------------------- 1c

@pytest.fixture(scope="module")
def leaky_kept():
    """Bytes the leaky build keeps over 2,000 orders, measured here with tracemalloc."""
    handler = sl.checkout_handler(receipt_cache=True)
    tracer, meter = NoOpTracer(), NoOpMeter("test")
    orders = sl.order_batch(2000)
    handler(sl.Order("warm", (1.0,)), tracer, meter)
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for order in orders:
            handler(order, tracer, meter)
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return after - before


def test_the_leak_is_the_receipts(leaky_kept):
    # A 2,048-character ASCII str takes 2,048 + ~49 bytes; the dict entry and key add some tens.
    per_order = leaky_kept / 2000
    assert 2048 + 49 <= per_order < 2048 + 49 + 100


def test_kept_per_1000(leaky_kept):
    value = leaky_kept / 2
    assert sl.check("odd1c.kept_per_1000", value).correct
    assert sl.exercise("odd1c.kept_per_1000").reference() == pytest.approx(value, rel=1e-3)
    _told_apart("odd1c.kept_per_1000", [(leaky_kept, "divide by 2"), (leaky_kept / 2000, "per order")])


def test_orders_to_limit(leaky_kept):
    per_order = leaky_kept / 2000
    value = 256 * 1_048_576 / per_order
    assert 120_000 < value < 130_000
    assert sl.check("odd1c.orders_to_limit", value).correct
    assert sl.exercise("odd1c.orders_to_limit").reference() == pytest.approx(value, rel=1e-3)
    _told_apart("odd1c.orders_to_limit", [(256 * 1_048_576 / (per_order * 1000), "bytes per 1,000 orders"),
                                          (256e6 / per_order, "1,000,000 bytes")])
