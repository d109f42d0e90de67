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


# -- builds of the handler, for the notebooks' tests (06/1a-1c) -----------------------------------
def test_an_order_batch_cycles_through_one_to_four_items_and_declines_every_fourth():
    batch = sl.order_batch(10)
    assert [len(o.item_prices_usd) for o in batch] == [1, 2, 3, 4, 1, 2, 3, 4, 1, 2]
    assert [o.order_id for o in batch][-1] == "o-1010"
    assert [o.card == "4000 0000 0000 0002" for o in batch] == [False, False, False, True] * 2 + [False, False]
    assert batch[:4] == sl.sample_orders(4)      # the first four are the sample orders
    assert batch[4].item_prices_usd == (10.01,)  # order 5 has 1 item of $10.01, like order 1


@pytest.mark.parametrize("omit, gaps", [
    ([], []),
    (["route"], ["span 'POST /checkout' lacks attribute 'http.route' (4 of 4 spans)"]),
    (["declined_event"], ["no 'payment.declined' event on any 'charge payment' span"]),
    (["payment_span"], ["no span named 'charge payment'",
                        "no 'payment.declined' event on any 'charge payment' span"]),
    (["metrics"], ["no metric named 'microcorp.checkout.requests'",
                   "no metric named 'microcorp.checkout.duration'"]),
])
def test_each_part_left_out_is_exactly_the_gap_the_spec_names(omit, gaps):
    handler = sl.checkout_handler(omit=omit)
    telemetry = sl.capture_telemetry(handler)
    assert sl.telemetry_gaps(telemetry) == gaps
    assert list(telemetry.results) == [sl.handle_checkout(o) for o in sl.sample_orders()]


def test_the_full_build_emits_what_the_worked_solution_emits(full):
    built = sl.capture_telemetry(sl.checkout_handler())
    assert built.span_frame().drop(columns="attributes").equals(full.span_frame().drop(columns="attributes"))
    assert list(built.span_frame()["attributes"]) == list(full.span_frame()["attributes"])
    assert [(p.name, dict(p.attributes), p.value) for p in built.metrics] == \
        [(p.name, dict(p.attributes), p.value) for p in full.metrics]


def test_order_ids_as_labels_make_one_series_per_order():
    labelled = sl.capture_telemetry(sl.checkout_handler(label_order_id=True), sl.order_batch(40))
    points = labelled.points_named("microcorp.checkout.requests")
    assert len(points) == 40 and {p.value for p in points} == {1.0}
    assert len(labelled.points_named("microcorp.checkout.duration")) == 40
    # ... while status codes alone make two
    assert len(sl.capture_telemetry(sl.checkout_handler(), sl.order_batch(40))
               .points_named("microcorp.checkout.requests")) == 2


def test_the_spec_table_has_one_row_per_requirement():
    table = sl.CHECKOUT_TELEMETRY.table()
    # 4 + 2 span attributes, 1 parent, 1 event, 2 metric attributes, 2 units
    assert list(table["item"].value_counts().sort_index().items()) == [
        ("metric attribute", 2), ("metric unit", 2), ("parent span", 1), ("span attribute", 6), ("span event", 1)]
    assert sl.TelemetrySpec().table().empty


# -- memory measured in the test run (06/1c) -------------------------------------------------------
@pytest.fixture(scope="module")
def memory():
    good, leaky = sl.checkout_handler(), sl.checkout_handler(receipt_cache=True)
    return {(name, n): sl.measure_memory(h, n_orders=n, build=name)
            for name, h in (("good", good), ("leaky", leaky)) for n in (500, 1000)}


def test_the_receipt_cache_keeps_one_receipt_per_order(memory):
    # a 2,048-character ASCII str is 2,048 + 49 bytes in CPython; the dict slot and key add tens
    for n in (500, 1000):
        per_order = memory["leaky", n].retained_bytes / n
        assert 2048 + 49 <= per_order < 2048 + 49 + 100
    assert memory["leaky", 1000].retained_bytes / memory["leaky", 500].retained_bytes == pytest.approx(2, rel=0.01)
    assert len(sl.checkout_handler(receipt_cache=True).receipts) == 0


def test_a_good_build_keeps_next_to_nothing_whatever_the_orders(memory):
    assert memory["good", 500].retained_bytes < 1024 and memory["good", 1000].retained_bytes < 1024
    assert memory["good", 1000].peak_bytes < 64 * 1024


def test_the_memory_figures_are_real_opentelemetry_gauges(memory):
    report = memory["leaky", 1000]
    points = {p.name: p for p in report.metrics}
    assert set(points) == {"microcorp.test.memory.retained", "microcorp.test.memory.peak"}
    kept = points["microcorp.test.memory.retained"]
    assert (kept.kind, kept.unit, kept.value) == ("gauge", "By", report.retained_bytes)
    assert dict(kept.attributes) == {"microcorp.build": "leaky", "microcorp.test.orders": 1000}
    assert report.peak_bytes >= report.retained_bytes
    assert report.retained_bytes_per_1000_orders == report.retained_bytes


def test_measuring_leaves_a_running_tracemalloc_running():
    import tracemalloc
    tracemalloc.start()
    try:
        report = sl.measure_memory(sl.checkout_handler(receipt_cache=True), n_orders=100)
        assert tracemalloc.is_tracing()
        assert 2048 * 100 < report.retained_bytes < 2300 * 100
    finally:
        tracemalloc.stop()


def test_the_memory_check_stops_the_leak_and_passes_the_good_build(memory):
    assert sl.assert_memory_within(memory["good", 1000]) is memory["good", 1000]
    with pytest.raises(AssertionError) as exc:
        sl.assert_memory_within(memory["leaky", 1000])
    kib = memory["leaky", 1000].retained_bytes / 1024
    assert str(exc.value) == f"build 'leaky' keeps {kib:,.0f} KiB per 1,000 orders; the budget is 64 KiB"
    # a budget above the leak's rate lets it through: the check is the budget, nothing else
    assert sl.assert_memory_within(memory["leaky", 1000], max_retained_bytes_per_1000_orders=4 * 2**20)


def test_a_ci_folder_has_its_own_pytest_ini_and_can_be_made_twice(tmp_path):
    path = sl.ci_folder("odd_x", folder=tmp_path)
    assert path == tmp_path / "odd_x" and (path / "pytest.ini").read_text().splitlines()[1:] == [
        "[pytest]", "addopts = -p no:cacheprovider"]
    assert sl.ci_folder("odd_x", folder=str(tmp_path)) == path
    assert sl.output_folder(tmp_path / "notebooks" / "06_x") == tmp_path / "notebooks" / "output"


def test_a_test_file_in_a_ci_folder_runs_red_then_green(tmp_path):
    import os
    import subprocess
    import sys
    folder = sl.ci_folder("odd_run", folder=tmp_path)
    (folder / "test_t.py").write_text("import sre_lab as sl\nfrom svc import handle\n\n"
                                      "def test_spec():\n    sl.assert_instrumented(handle)\n")
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
    codes = []
    for build in ("sl.handle_checkout", "sl.checkout_handler()"):
        (folder / "svc.py").write_text(f"import sre_lab as sl\nhandle = {build}\n")
        codes.append(subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=folder, env=env,
                                    capture_output=True, text=True).returncode)
    assert codes == [1, 0]


# -- views ----------------------------------------------------------------------------------------
def test_the_views_draw_what_was_captured(full, memory):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = sl.plot_trace_waterfall(full, trace=4)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["POST /checkout (SERVER)",
                                                           "charge payment (CLIENT, ERROR)"]
    assert any("payment.declined" in t.get_text() for t in ax.texts)
    ax = sl.plot_checkout_metrics(full)
    assert [t.get_text() for t in ax.texts] == ["3 requests\nmean 160 ms", "1 requests\nmean 170 ms"]
    ax = sl.plot_memory_growth(list(memory.values()), budget_bytes_per_1000_orders=65536)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "good", "leaky", "CI budget: 64 KiB per 1,000 orders"]
    plt.close("all")


@pytest.mark.parametrize("call, kind, text", [
    (lambda: sl.checkout_handler(omit=["spans"]), ValueError, "omit must be a list of part names from route"),
    (lambda: sl.checkout_handler(omit=3), TypeError, "omit must be a list of part names"),
    (lambda: sl.checkout_handler(receipt_cache="yes"), TypeError, "receipt_cache must be True or False"),
    (lambda: sl.order_batch(0), ValueError, "n_orders must be a whole number >= 1"),
    (lambda: sl.measure_memory(3), TypeError, "handler must be a function"),
    (lambda: sl.measure_memory(sl.checkout_handler(), n_orders=0), ValueError, "n_orders must be"),
    (lambda: sl.assert_memory_within({}), TypeError, "report must be an sl.MemoryReport"),
    (lambda: sl.ci_folder("../up"), ValueError, "name must be a plain folder name"),
    (lambda: sl.ci_folder(3), TypeError, "name must be a folder name"),
    (lambda: sl.plot_trace_waterfall(sl.capture_telemetry(sl.handle_checkout)), ValueError,
     "telemetry must be a capture with at least one span"),
    (lambda: sl.plot_trace_waterfall(sl.capture_telemetry(sl.handle_checkout_instrumented), trace=5),
     ValueError, "trace must be a whole number"),
    (lambda: sl.plot_checkout_metrics("x"), TypeError, "telemetry must be an sl.Telemetry"),
    (lambda: sl.plot_memory_growth([]), TypeError, "reports must be a non-empty list of sl.MemoryReport"),
])
def test_bad_input_to_the_new_helpers_is_refused_with_a_named_message(call, kind, text):
    with pytest.raises(kind) as exc:
        call()
    assert str(exc.value).startswith(text), str(exc.value)
