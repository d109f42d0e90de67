"""Observability-driven development (sre_lab.resilience.instrumentation) against the real OpenTelemetry SDK.

Oracles: the spans and metric points the SDK's own in-memory exporters hold
(``InMemorySpanExporter``, ``InMemoryMetricReader``), compared with values
worked out by hand from the handler's stated rules (order k has k items of
$10 + k cents; latency 30 ms + 5 ms per item + 120 ms for payment; every
fourth order is declined).
"""

from __future__ import annotations

import pytest

import sre_lab as sl

trace = pytest.importorskip("opentelemetry.trace")
from opentelemetry.trace import SpanKind, StatusCode  # noqa: E402

SERVER, PAYMENT = "POST /checkout", "charge payment"


@pytest.fixture(scope="module")
def full():
    return sl.capture_telemetry(sl.handle_checkout_instrumented)


# -- the red / green cycle of observability TDD --------------------------------------------------
def test_the_uninstrumented_handler_fails_the_observability_test_naming_every_gap():
    with pytest.raises(AssertionError) as exc:
        sl.assert_instrumented(sl.handle_checkout)
    assert str(exc.value).splitlines() == [
        "5 telemetry gaps:",
        "- no span named 'POST /checkout'",
        "- no span named 'charge payment'",
        "- no 'payment.declined' event on any 'charge payment' span",
        "- no metric named 'microcorp.checkout.requests'",
        "- no metric named 'microcorp.checkout.duration'",
    ]


def _partial_handler(*, with_route: bool):
    """A learner's first attempt: spans and metrics, but the route only if asked."""
    def handler(order, tracer, meter):
        requests = meter.create_counter("microcorp.checkout.requests", unit="{request}")
        duration = meter.create_histogram("microcorp.checkout.duration", unit="ms")
        with tracer.start_as_current_span(SERVER, kind=SpanKind.SERVER) as span:
            span.set_attribute("http.request.method", "POST")
            if with_route:
                span.set_attribute("http.route", "/checkout")
            span.set_attribute("microcorp.order.item_count", len(order.item_prices_usd))
            with tracer.start_as_current_span(PAYMENT, kind=SpanKind.CLIENT) as payment:
                result = sl.handle_checkout(order)
                payment.set_attribute("microcorp.payment.amount_usd", result.total_usd)
                outcome = "approved" if result.status_code == 200 else "declined"
                payment.set_attribute("microcorp.payment.outcome", outcome)
                if outcome == "declined":
                    payment.add_event("payment.declined")
            span.set_attribute("http.response.status_code", result.status_code)
        requests.add(1, {"http.response.status_code": result.status_code})
        duration.record(result.latency_ms, {"http.response.status_code": result.status_code})
        return result
    return handler


def test_a_missing_attribute_fails_the_test_and_adding_it_makes_it_pass():
    with pytest.raises(AssertionError) as exc:
        sl.assert_instrumented(_partial_handler(with_route=False))
    assert str(exc.value) == ("1 telemetry gap:\n"
                              "- span 'POST /checkout' lacks attribute 'http.route' (4 of 4 spans)")
    telemetry = sl.assert_instrumented(_partial_handler(with_route=True))
    assert len(telemetry.spans) == 8


def test_a_child_span_outside_its_parent_is_a_gap():
    def handler(order, tracer, meter):
        with tracer.start_as_current_span(PAYMENT):
            pass  # started before, not inside, the server span
        with tracer.start_as_current_span(SERVER):
            pass
        return sl.handle_checkout(order)

    spec = sl.TelemetrySpec(span_parents={PAYMENT: SERVER})
    telemetry = sl.capture_telemetry(handler, sl.sample_orders(2))
    assert sl.telemetry_gaps(telemetry, spec) == [
        "span 'charge payment' is not a child of 'POST /checkout' (2 of 2 spans)"]


def test_instrumentation_that_changes_the_answer_fails_the_test():
    def handler(order, tracer, meter):
        sl.handle_checkout_instrumented(order, tracer, meter)
        return sl.handle_checkout(sl.Order(order.order_id, (1.0,)))  # a different total

    with pytest.raises(AssertionError, match="results differ from sl.handle_checkout's"):
        sl.assert_instrumented(handler)


def test_a_wrong_unit_is_named():
    def handler(order, tracer, meter):
        meter.create_histogram("microcorp.checkout.duration", unit="s").record(0.155)
        return sl.handle_checkout(order)

    spec = sl.TelemetrySpec(metric_units={"microcorp.checkout.duration": "ms"})
    gaps = sl.telemetry_gaps(sl.capture_telemetry(handler, sl.sample_orders(1)), spec)
    assert gaps == ["metric 'microcorp.checkout.duration' has unit 's'; expected 'ms'"]


# -- what the reference instrumentation emits (hand-worked values) -------------------------------
def test_the_reference_handler_meets_the_checkout_spec(full):
    assert sl.telemetry_gaps(full) == []
    assert len(full.spans) == 8  # 4 orders x (server + payment)


def test_server_spans_carry_http_semantic_convention_attributes(full):
    servers = full.spans_named(SERVER)
    assert [s.kind for s in servers] == [SpanKind.SERVER] * 4
    assert [s.attributes["microcorp.order.item_count"] for s in servers] == [1, 2, 3, 4]
    # order k: k items at 10 + k/100 dollars
    assert [s.attributes["microcorp.order.total_usd"] for s in servers] == [10.01, 20.04, 30.09, 40.16]
    assert [s.attributes["http.response.status_code"] for s in servers] == [200, 200, 200, 402]
    assert {s.attributes["http.route"] for s in servers} == {"/checkout"}
    # a 402 is the client's error: the server span's status stays unset
    assert {s.status.status_code for s in servers} == {StatusCode.UNSET}


def test_the_declined_payment_has_an_event_and_an_error_status(full):
    payments = full.spans_named(PAYMENT)
    assert [s.kind for s in payments] == [SpanKind.CLIENT] * 4
    assert [s.status.status_code for s in payments] == [StatusCode.UNSET] * 3 + [StatusCode.ERROR]
    assert [[e.name for e in s.events] for s in payments] == [[], [], [], ["payment.declined"]]
    assert payments[3].events[0].attributes["decline_code"] == "generic_decline"


def test_every_payment_span_is_a_child_of_its_checkout_span_in_the_same_trace(full):
    servers = {s.context.span_id: s for s in full.spans_named(SERVER)}
    for payment in full.spans_named(PAYMENT):
        parent = servers[payment.parent.span_id]
        assert parent.context.trace_id == payment.context.trace_id
    assert len({s.context.trace_id for s in servers.values()}) == 4  # one trace per request


def test_the_span_table_shows_one_row_per_span_with_its_parent(full):
    frame = full.span_frame()
    assert list(frame["trace"]) == [1, 1, 2, 2, 3, 3, 4, 4]
    assert list(frame["span"]) == [PAYMENT, SERVER] * 4  # a child ends before its parent
    assert list(frame["parent"]) == [SERVER, ""] * 4
    assert list(frame["events"]) == ["", ""] * 3 + ["payment.declined", ""]
    assert frame["attributes"].iloc[1]["http.route"] == "/checkout"


def test_metric_points_match_a_hand_count(full):
    points = {(p.name, p.attributes["http.response.status_code"]): p for p in full.metrics}
    assert points["microcorp.checkout.requests", 200].value == 3
    assert points["microcorp.checkout.requests", 402].value == 1
    assert points["microcorp.checkout.requests", 200].unit == "{request}"
    # latency of order k = 30 + 5k + 120 ms: 155 + 160 + 165 for the paid ones, 170 declined
    ok = points["microcorp.checkout.duration", 200]
    assert (ok.kind, ok.unit, ok.count, ok.value) == ("histogram", "ms", 3, 480.0)
    assert points["microcorp.checkout.duration", 402].value == 170.0


def test_the_business_result_is_the_same_with_and_without_instrumentation(full):
    assert list(full.results) == [sl.handle_checkout(o) for o in sl.sample_orders()]
    assert [r.latency_ms for r in full.results] == [155.0, 160.0, 165.0, 170.0]


# -- independence: no global provider, nothing shared between calls -----------------------------
def test_each_capture_has_its_own_providers_and_leaves_the_global_ones_alone():
    before = type(trace.get_tracer_provider()).__name__
    one = sl.capture_telemetry(sl.handle_checkout_instrumented, sl.sample_orders(1))
    two = sl.capture_telemetry(sl.handle_checkout_instrumented, sl.sample_orders(1))
    assert len(one.spans) == len(two.spans) == 2
    assert [p.value for p in two.metrics if p.name == "microcorp.checkout.requests"] == [1.0]
    assert type(trace.get_tracer_provider()).__name__ == before


def test_a_handler_error_propagates():
    def broken(order, tracer, meter):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        sl.capture_telemetry(broken)


# -- validation -------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, kind, text", [
    (lambda: sl.handle_checkout("o-1"), TypeError, "order must be an sl.Order; got 'o-1'. Build one with"),
    (lambda: sl.capture_telemetry(3), TypeError,
     "handler must be a function handler(order, tracer, meter); got 3. Pass the function itself"),
    (lambda: sl.capture_telemetry(sl.handle_checkout, []), ValueError, "orders must be a non-empty list"),
    (lambda: sl.capture_telemetry(sl.handle_checkout, ["o-1"]), TypeError, "orders must be a list of sl.Order"),
    (lambda: sl.telemetry_gaps("spans"), TypeError, "telemetry must be an sl.Telemetry"),
    (lambda: sl.assert_instrumented(sl.handle_checkout, spec={}), TypeError, "spec must be an sl.TelemetrySpec"),
    (lambda: sl.Order("o-1", 19.99), TypeError, "item_prices_usd must be a tuple of prices in USD; got 19.99. "
                                                "Write one item as (19.99,)."),
    (lambda: sl.Order("o-1", ()), ValueError, "item_prices_usd must be at least one price"),
    (lambda: sl.Order("o-1", (-1.0,)), ValueError, "item_prices_usd must be"),
    (lambda: sl.Order("", (1.0,)), ValueError, "order_id must be a non-empty string"),
    (lambda: sl.sample_orders(0), ValueError, "n_orders must be a whole number >= 1"),
    (lambda: sl.TelemetrySpec(span_attributes={"x": [1]}), TypeError, "span_attributes['x'] must be a tuple"),
    (lambda: sl.TelemetrySpec(metric_units={"x": 1}), TypeError,
     "metric_units must be a dict of non-empty strings"),
])
def test_bad_input_is_refused_with_a_named_message(call, kind, text):
    with pytest.raises(kind) as exc:
        call()
    assert str(exc.value).startswith(text) or text in str(exc.value)
