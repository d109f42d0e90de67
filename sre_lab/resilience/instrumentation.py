"""Observability-driven development: instrument MicroCorp's checkout and test the telemetry.

"Shift left" for observability means the telemetry a service must emit is
written down as a test *before* the instrumentation exists: the test fails
while a span, an attribute, a span event or a metric is missing and passes
once the code emits it. This module gives the course a small checkout request
handler to instrument and a test helper that runs any handler under the real
OpenTelemetry SDK with its in-memory exporters (``InMemorySpanExporter``
behind a ``SimpleSpanProcessor``, and ``InMemoryMetricReader``): no collector,
no network, and a fresh ``TracerProvider`` / ``MeterProvider`` for every call
(the global providers are never touched, so notebooks and tests stay
independent).

====================================  ==========================================================
:class:`Order`                        one checkout order (item prices, card)
:func:`sample_orders`                 the course's orders (every fourth card is declined)
:func:`handle_checkout`               the handler as it ships: business logic, no telemetry
:func:`handle_checkout_instrumented`  the same handler, instrumented (the worked solution)
:func:`capture_telemetry`             run a handler under the SDK; spans, metric points, results
:class:`Telemetry`                    what a capture holds; ``span_frame()`` shows the spans
:class:`TelemetrySpec`                the telemetry a handler must emit, as data
``CHECKOUT_TELEMETRY``                the spec for MicroCorp's checkout
:func:`telemetry_gaps`                what a capture lacks, one sentence per gap
:func:`assert_instrumented`           the observability test: AssertionError listing the gaps
:func:`order_batch`                   many orders for load and memory tests (1-4 items each)
:func:`checkout_handler`              builds of the handler: parts left out, order ids as a
                                      metric label, a receipt cache that never forgets (a leak)
:func:`measure_memory`                tracemalloc's retained and peak bytes of a handler's run,
                                      recorded as OpenTelemetry metrics
:class:`MemoryReport`                 what :func:`measure_memory` found
:func:`assert_memory_within`          the CI memory check: AssertionError above a budget
:func:`ci_folder`                     a folder under ``notebooks/output/`` for a pytest run
``TelemetrySpec.table()``              the spec as a table, one row per requirement
``Telemetry.points_named(name)``      a metric's points: one per time series (its cardinality)
====================================  ==========================================================

A handler is any function ``handler(order, tracer, meter) -> CheckoutResult``:
``tracer`` and ``meter`` are the OpenTelemetry API objects it instruments with
(``tracer.start_as_current_span(...)``, ``meter.create_counter(...)``).

The OpenTelemetry SDK is imported on first use, so ``import sre_lab`` stays fast.

Notebooks: ``notebooks/06_observability_driven_dev/`` (Emma's shift-left part).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .._validation import check_int, check_real, message

__all__ = [
    "Order", "CheckoutResult", "MetricPoint", "Telemetry", "TelemetrySpec", "CHECKOUT_TELEMETRY",
    "sample_orders", "handle_checkout", "handle_checkout_instrumented", "capture_telemetry",
    "telemetry_gaps", "assert_instrumented",
    "order_batch", "checkout_handler", "INSTRUMENTATION_PARTS", "MemoryReport", "measure_memory",
    "assert_memory_within", "ci_folder",
]

#: Stripe's documented test card for a generic decline; every other card is approved.
DECLINED_CARD = "4000 0000 0000 0002"
APPROVED_CARD = "4242 4242 4242 4242"

# The simulated (virtual) latency of one checkout: no clock is read, so results repeat.
_BASE_LATENCY_MS = 30.0
_PER_ITEM_LATENCY_MS = 5.0
_PAYMENT_LATENCY_MS = 120.0
_INSTRUMENTATION_SCOPE = "microcorp.checkout"


@dataclass(frozen=True)
class Order:
    """One checkout order.

    Parameters
    ----------
    order_id : str
        A non-empty identifier, e.g. ``"o-1001"``.
    item_prices_usd : tuple of float
        The price of each item in the cart, in US dollars (at least one item,
        each price >= 0).
    card : str, default ``"4242 4242 4242 4242"``
        The card number. ``"4000 0000 0000 0002"`` (Stripe's generic-decline
        test card) is declined; every other card is approved.

    Examples
    --------
    >>> order = Order("o-1", (19.99, 5.01))
    >>> len(order.item_prices_usd), order.card
    (2, '4242 4242 4242 4242')
    """

    order_id: str
    item_prices_usd: tuple
    card: str = APPROVED_CARD

    def __post_init__(self):
        if not isinstance(self.order_id, str):
            raise TypeError(message("order_id", "a string", self.order_id))
        if not self.order_id.strip():
            raise ValueError(message("order_id", "a non-empty string", self.order_id))
        prices = self.item_prices_usd
        if isinstance(prices, (str, bytes)) or not isinstance(prices, (tuple, list)):
            raise TypeError(message("item_prices_usd", "a tuple of prices in USD", prices,
                                    "Write one item as (19.99,)."))
        if len(prices) == 0:
            raise ValueError(message("item_prices_usd", "at least one price", prices))
        if len(prices) > 10_000:
            raise ValueError(message("item_prices_usd", "at most 10,000 prices", f"{len(prices)} prices"))
        cleaned = tuple(check_real("item_prices_usd", p, low=0.0, high=1e9, scalar=True) for p in prices)
        object.__setattr__(self, "item_prices_usd", cleaned)
        if not isinstance(self.card, str):
            raise TypeError(message("card", "a card number as a string", self.card))


@dataclass(frozen=True)
class CheckoutResult:
    """What the checkout handler returns (a result record).

    ``status_code`` is the HTTP status (200 paid, 402 declined), ``total_usd``
    the amount charged or refused, ``latency_ms`` the simulated latency.
    """

    order_id: str
    status_code: int
    total_usd: float
    latency_ms: float


def _digits(card: str) -> str:
    return "".join(ch for ch in card if ch.isdigit())


def _price(order: Order) -> float:
    return round(sum(order.item_prices_usd), 2)


def _charge(order: Order, total_usd: float) -> bool:
    """The payment provider's answer: True when approved."""
    return _digits(order.card) != _digits(DECLINED_CARD)


def _latency_ms(order: Order) -> float:
    return _BASE_LATENCY_MS + _PER_ITEM_LATENCY_MS * len(order.item_prices_usd) + _PAYMENT_LATENCY_MS


def _check_order(order: Any) -> Order:
    if not isinstance(order, Order):
        raise TypeError(message("order", "an sl.Order", order, 'Build one with sl.Order("o-1", (19.99,)).'))
    return order


def sample_orders(n_orders: int = 4) -> list[Order]:
    """The course's checkout orders: ``n_orders`` orders, every fourth one declined.

    Parameters
    ----------
    n_orders : int, default 4
        How many orders (1 to 10,000). Order ``k`` (from 1) has ``k`` items of
        $10.00 + k cents each; orders 4, 8, ... use the declined test card.

    Returns
    -------
    list of Order

    Examples
    --------
    >>> orders = sample_orders()
    >>> [o.order_id for o in orders]
    ['o-1001', 'o-1002', 'o-1003', 'o-1004']
    >>> [o.card == DECLINED_CARD for o in orders]
    [False, False, False, True]
    >>> orders[1].item_prices_usd
    (10.02, 10.02)
    """
    n_orders = check_int("n_orders", n_orders, low=1, high=10_000)
    return [Order(f"o-{1000 + k}", (round(10.0 + k / 100, 2),) * k,
                  DECLINED_CARD if k % 4 == 0 else APPROVED_CARD)
            for k in range(1, n_orders + 1)]


def handle_checkout(order: Order, tracer: Any = None, meter: Any = None) -> CheckoutResult:
    """MicroCorp's checkout handler as it ships: correct, but it emits no telemetry.

    It prices the cart, charges the card and answers 200 (paid) or 402
    (declined). ``tracer`` and ``meter`` are accepted, so it has the handler
    signature :func:`capture_telemetry` calls, and ignored: this is the code the
    learner instruments.

    Parameters
    ----------
    order : Order
    tracer, meter : OpenTelemetry Tracer and Meter, optional
        Ignored.

    Returns
    -------
    CheckoutResult
        Latency is simulated: 30 ms + 5 ms per item + 120 ms for the payment
        call (no clock is read).

    Examples
    --------
    >>> result = handle_checkout(Order("o-1", (19.99, 5.01)))
    >>> result.status_code, result.total_usd, result.latency_ms
    (200, 25.0, 160.0)
    >>> handle_checkout(Order("o-2", (5.0,), card=DECLINED_CARD)).status_code
    402
    """
    order = _check_order(order)
    total_usd = _price(order)
    approved = _charge(order, total_usd)
    return CheckoutResult(order.order_id, 200 if approved else 402, total_usd, _latency_ms(order))


def handle_checkout_instrumented(order: Order, tracer: Any, meter: Any) -> CheckoutResult:
    """The checkout handler instrumented with OpenTelemetry (the worked solution).

    Same business result as :func:`handle_checkout`, plus:

    * a SERVER span ``"POST /checkout"`` (HTTP semantic conventions: span name
      ``"{method} {route}"``) with ``http.request.method``, ``http.route``,
      ``http.response.status_code``, ``microcorp.order.item_count`` and
      ``microcorp.order.total_usd``; its status stays unset on a 402 (a client
      error is not a server error);
    * a CLIENT child span ``"charge payment"`` with ``microcorp.payment.amount_usd``
      and ``microcorp.payment.outcome``; on a decline, a ``"payment.declined"``
      span event (``decline_code``) and status ERROR;
    * a counter ``microcorp.checkout.requests`` (unit ``{request}``) and a
      histogram ``microcorp.checkout.duration`` (unit ``ms``, the simulated
      latency), both with the attribute ``http.response.status_code``.

    Parameters
    ----------
    order : Order
    tracer : opentelemetry.trace.Tracer
    meter : opentelemetry.metrics.Meter

    Returns
    -------
    CheckoutResult

    Examples
    --------
    >>> telemetry = capture_telemetry(handle_checkout_instrumented)
    >>> telemetry_gaps(telemetry)
    []
    """
    order = _check_order(order)
    _check_api(tracer, meter)
    return _instrumented(order, tracer, meter)


def _check_api(tracer: Any, meter: Any) -> None:
    if not callable(getattr(tracer, "start_as_current_span", None)):
        raise TypeError(message("tracer", "an OpenTelemetry Tracer", tracer,
                                "sl.capture_telemetry passes one to the handler."))
    if not callable(getattr(meter, "create_counter", None)):
        raise TypeError(message("meter", "an OpenTelemetry Meter", meter,
                                "sl.capture_telemetry passes one to the handler."))


def _instrumented(order: Order, tracer: Any, meter: Any, omit: frozenset = frozenset(),
                  label_order_id: bool = False) -> CheckoutResult:
    """The instrumented checkout; ``omit`` leaves parts out (see :func:`checkout_handler`)."""
    from opentelemetry.trace import SpanKind, Status, StatusCode

    if "metrics" not in omit:
        requests = meter.create_counter("microcorp.checkout.requests", unit="{request}",
                                        description="Checkout requests handled")
        duration = meter.create_histogram("microcorp.checkout.duration", unit="ms",
                                          description="Checkout latency (simulated)")
    with tracer.start_as_current_span("POST /checkout", kind=SpanKind.SERVER) as span:
        span.set_attribute("http.request.method", "POST")
        if "route" not in omit:
            span.set_attribute("http.route", "/checkout")
        span.set_attribute("microcorp.order.item_count", len(order.item_prices_usd))
        total_usd = _price(order)
        span.set_attribute("microcorp.order.total_usd", total_usd)
        if "payment_span" in omit:
            approved = _charge(order, total_usd)
        else:
            with tracer.start_as_current_span("charge payment", kind=SpanKind.CLIENT) as payment:
                payment.set_attribute("microcorp.payment.amount_usd", total_usd)
                approved = _charge(order, total_usd)
                payment.set_attribute("microcorp.payment.outcome", "approved" if approved else "declined")
                if not approved and "declined_event" not in omit:
                    payment.add_event("payment.declined", {"decline_code": "generic_decline"})
                if not approved:
                    payment.set_status(Status(StatusCode.ERROR, "card declined"))
        status_code = 200 if approved else 402
        span.set_attribute("http.response.status_code", status_code)
    latency_ms = _latency_ms(order)
    if "metrics" not in omit:
        attributes = {"http.response.status_code": status_code}
        if label_order_id:
            attributes["microcorp.order.id"] = order.order_id
        requests.add(1, attributes)
        duration.record(latency_ms, attributes)
    return CheckoutResult(order.order_id, status_code, total_usd, latency_ms)


@dataclass(frozen=True)
class MetricPoint:
    """One data point read by the ``InMemoryMetricReader`` (a result record).

    ``value`` is the sum for a counter and the sum of the recorded values for a
    histogram; ``count`` is the number of recorded values for a histogram
    (``None`` for a counter).
    """

    name: str
    unit: str
    kind: str
    attributes: Mapping[str, Any]
    value: float
    count: int | None = None


@dataclass(frozen=True, eq=False)
class Telemetry:
    """What a handler emitted under :func:`capture_telemetry` (a result record).

    ``spans`` are the SDK's own finished spans (``ReadableSpan``: ``.name``,
    ``.kind``, ``.attributes``, ``.events``, ``.status``, ``.parent``), in the
    order they ended; ``metrics`` the metric points; ``results`` what the
    handler returned for each order.
    """

    spans: tuple
    metrics: tuple
    results: tuple

    def span_names(self) -> list[str]:
        """Distinct span names, in the order first seen."""
        return list(dict.fromkeys(s.name for s in self.spans))

    def spans_named(self, name: str) -> list:
        """The finished spans called ``name``."""
        return [s for s in self.spans if s.name == name]

    def metric_names(self) -> list[str]:
        """Distinct metric names, in the order first seen."""
        return list(dict.fromkeys(p.name for p in self.metrics))

    def points_named(self, name: str) -> list:
        """The metric points of the metric called ``name``: one per distinct set of attributes.

        Each point is one *time series* a metrics backend stores, so
        ``len(telemetry.points_named(...))`` is that metric's cardinality.
        """
        return [p for p in self.metrics if p.name == name]

    def span_frame(self):
        """The spans as a table: one row per span, in the order they ended.

        Columns ``trace`` (1, 2, ... in order of appearance), ``span``, ``kind``,
        ``parent`` (the parent span's name, empty for a root), ``status``,
        ``events`` (names, comma-separated) and ``attributes`` (a dict).

        Examples
        --------
        >>> frame = capture_telemetry(handle_checkout_instrumented).span_frame()
        >>> print(frame[["trace", "span", "kind", "parent", "status", "events"]].tail(2).to_string(index=False))
         trace           span   kind         parent status           events
             4 charge payment CLIENT POST /checkout  ERROR payment.declined
             4 POST /checkout SERVER                 UNSET
        """
        import pandas as pd

        traces: dict[int, int] = {}
        names = {s.context.span_id: s.name for s in self.spans}
        rows = []
        for s in self.spans:
            trace = traces.setdefault(s.context.trace_id, len(traces) + 1)
            rows.append({"trace": trace, "span": s.name, "kind": s.kind.name,
                         "parent": names.get(s.parent.span_id, "?") if s.parent else "",
                         "status": s.status.status_code.name,
                         "events": ", ".join(e.name for e in s.events),
                         "attributes": dict(s.attributes or {})})
        columns = ["trace", "span", "kind", "parent", "status", "events", "attributes"]
        return pd.DataFrame(rows, columns=columns)


def _freeze(mapping: Mapping | None, name: str) -> Mapping[str, tuple]:
    if mapping is None:
        return MappingProxyType({})
    if not isinstance(mapping, Mapping):
        raise TypeError(message(name, "a dict", mapping))
    frozen = {}
    for key, values in mapping.items():
        if not isinstance(key, str) or not key:
            raise TypeError(message(name, "a dict with non-empty string keys", key))
        if isinstance(values, str):
            values = (values,)
        if not isinstance(values, (tuple, list)) or not all(isinstance(v, str) and v for v in values):
            raise TypeError(message(f"{name}[{key!r}]", "a tuple of non-empty strings", values))
        frozen[key] = tuple(values)
    return MappingProxyType(frozen)


@dataclass(frozen=True)
class TelemetrySpec:
    """The telemetry a handler must emit, written down before the code (as data).

    Parameters
    ----------
    span_attributes : dict of str to tuple of str
        Span name -> attribute keys every span of that name must carry. A span
        name listed here must occur at least once.
    span_parents : dict of str to str
        Child span name -> the name of the span every one of them must be a
        direct child of.
    span_events : dict of str to tuple of str
        Span name -> event names that must occur on at least one span of that
        name (e.g. an event only a declined payment emits).
    metric_attributes : dict of str to tuple of str
        Metric name -> attribute keys every point must carry. A metric listed
        here must occur.
    metric_units : dict of str to str
        Metric name -> its unit (UCUM, as OpenTelemetry uses: ``"ms"``,
        ``"{request}"``).

    Examples
    --------
    >>> spec = TelemetrySpec(span_attributes={"POST /checkout": ("http.route",)})
    >>> dict(spec.span_attributes)
    {'POST /checkout': ('http.route',)}
    """

    span_attributes: Mapping = field(default_factory=dict)
    span_parents: Mapping = field(default_factory=dict)
    span_events: Mapping = field(default_factory=dict)
    metric_attributes: Mapping = field(default_factory=dict)
    metric_units: Mapping = field(default_factory=dict)

    def __post_init__(self):
        for name in ("span_attributes", "span_events", "metric_attributes"):
            object.__setattr__(self, name, _freeze(getattr(self, name), name))
        for name in ("span_parents", "metric_units"):
            mapping = getattr(self, name)
            if not isinstance(mapping, Mapping):
                raise TypeError(message(name, "a dict of strings", mapping))
            for key, value in mapping.items():
                if not (isinstance(key, str) and key and isinstance(value, str) and value):
                    raise TypeError(message(name, "a dict of non-empty strings", {key: value}))
            object.__setattr__(self, name, MappingProxyType(dict(mapping)))

    def table(self):
        """The spec as a table: one row per requirement (``item``, ``name``, ``requires``).

        Examples
        --------
        >>> print(CHECKOUT_TELEMETRY.table().tail(3).to_string(index=False))
                    item                        name                  requires
        metric attribute microcorp.checkout.duration http.response.status_code
             metric unit microcorp.checkout.requests                 {request}
             metric unit microcorp.checkout.duration                        ms
        """
        import pandas as pd

        rows = [("span attribute", name, key) for name, keys in self.span_attributes.items() for key in keys]
        rows += [("parent span", child, parent) for child, parent in self.span_parents.items()]
        rows += [("span event", name, event) for name, events in self.span_events.items() for event in events]
        rows += [("metric attribute", name, key) for name, keys in self.metric_attributes.items() for key in keys]
        rows += [("metric unit", name, unit) for name, unit in self.metric_units.items()]
        return pd.DataFrame(rows, columns=["item", "name", "requires"])


#: What MicroCorp's checkout must emit (the spec :func:`handle_checkout_instrumented` meets).
CHECKOUT_TELEMETRY = TelemetrySpec(
    span_attributes={
        "POST /checkout": ("http.request.method", "http.route", "http.response.status_code",
                           "microcorp.order.item_count"),
        "charge payment": ("microcorp.payment.amount_usd", "microcorp.payment.outcome"),
    },
    span_parents={"charge payment": "POST /checkout"},
    span_events={"charge payment": ("payment.declined",)},
    metric_attributes={"microcorp.checkout.requests": ("http.response.status_code",),
                       "microcorp.checkout.duration": ("http.response.status_code",)},
    metric_units={"microcorp.checkout.requests": "{request}", "microcorp.checkout.duration": "ms"},
)


def _check_handler(handler: Any) -> Callable:
    if not callable(handler):
        raise TypeError(message("handler", "a function handler(order, tracer, meter)", handler,
                                "Pass the function itself, without calling it."))
    return handler


def _check_orders(orders: Any) -> list[Order]:
    if orders is None:
        return sample_orders()
    if isinstance(orders, Order):
        return [orders]
    if isinstance(orders, (str, bytes)) or not isinstance(orders, (list, tuple)):
        raise TypeError(message("orders", "a list of sl.Order", orders))
    if not orders:
        raise ValueError(message("orders", "a non-empty list of sl.Order", orders))
    if len(orders) > 10_000:
        raise ValueError(message("orders", "at most 10,000 orders", f"{len(orders)} orders"))
    for order in orders:
        if not isinstance(order, Order):
            raise TypeError(message("orders", "a list of sl.Order", order))
    return list(orders)


def _metric_points(reader: Any) -> tuple:
    data = reader.get_metrics_data()
    points = []
    for resource_metrics in getattr(data, "resource_metrics", None) or ():
        for scope_metrics in resource_metrics.scope_metrics:
            for metric in scope_metrics.metrics:
                kind = type(metric.data).__name__.lower()  # "sum", "histogram", "gauge"
                for point in metric.data.data_points:
                    count = getattr(point, "count", None)
                    value = point.sum if count is not None else point.value
                    points.append(MetricPoint(metric.name, metric.unit or "", kind,
                                              MappingProxyType(dict(point.attributes or {})),
                                              float(value), None if count is None else int(count)))
    return tuple(points)


def capture_telemetry(handler: Callable, orders: list[Order] | None = None) -> Telemetry:
    """Run ``handler`` on ``orders`` under the OpenTelemetry SDK; return what it emitted.

    Every call builds its own ``TracerProvider`` (with a ``SimpleSpanProcessor``
    into an ``InMemorySpanExporter``) and ``MeterProvider`` (with an
    ``InMemoryMetricReader``), hands their tracer and meter to the handler,
    then shuts both down. Nothing is global and nothing leaves the process.

    Parameters
    ----------
    handler : callable
        ``handler(order, tracer, meter) -> CheckoutResult``.
    orders : list of Order, optional
        Defaults to :func:`sample_orders` (four orders, one declined).

    Returns
    -------
    Telemetry
        Spans, metric points and the handler's results. An exception raised by
        the handler propagates (after the providers are shut down).

    Examples
    --------
    >>> bare = capture_telemetry(handle_checkout)
    >>> len(bare.spans), len(bare.metrics), [r.status_code for r in bare.results]
    (0, 0, [200, 200, 200, 402])
    >>> full = capture_telemetry(handle_checkout_instrumented)
    >>> full.span_names()
    ['charge payment', 'POST /checkout']
    >>> [(p.name, p.attributes["http.response.status_code"], p.value) for p in full.metrics][:2]
    [('microcorp.checkout.requests', 200, 3.0), ('microcorp.checkout.requests', 402, 1.0)]
    """
    handler = _check_handler(handler)
    orders = _check_orders(orders)
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider(shutdown_on_exit=False)
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader], shutdown_on_exit=False)
    tracer = tracer_provider.get_tracer(_INSTRUMENTATION_SCOPE)
    meter = meter_provider.get_meter(_INSTRUMENTATION_SCOPE)
    try:
        results = tuple(handler(order, tracer, meter) for order in orders)
        metrics = _metric_points(reader)
        spans = tuple(exporter.get_finished_spans())
    finally:
        tracer_provider.shutdown()
        meter_provider.shutdown()
    return Telemetry(spans=spans, metrics=metrics, results=results)


def _check_spec(spec: Any) -> TelemetrySpec:
    if not isinstance(spec, TelemetrySpec):
        raise TypeError(message("spec", "an sl.TelemetrySpec", spec))
    return spec


def telemetry_gaps(telemetry: Telemetry, spec: TelemetrySpec = CHECKOUT_TELEMETRY) -> list[str]:
    """What ``telemetry`` lacks against ``spec``: one sentence per gap, ``[]`` when complete.

    Parameters
    ----------
    telemetry : Telemetry
        From :func:`capture_telemetry`.
    spec : TelemetrySpec, default ``CHECKOUT_TELEMETRY``

    Returns
    -------
    list of str
        In the order of the spec: missing spans, missing span attributes (with
        how many spans lack them), wrong parents, missing events, missing
        metrics, wrong units, missing metric attributes.

    Examples
    --------
    >>> telemetry_gaps(capture_telemetry(handle_checkout))[:2]
    ["no span named 'POST /checkout'", "no span named 'charge payment'"]
    >>> telemetry_gaps(capture_telemetry(handle_checkout_instrumented))
    []
    """
    if not isinstance(telemetry, Telemetry):
        raise TypeError(message("telemetry", "an sl.Telemetry from sl.capture_telemetry", telemetry))
    spec = _check_spec(spec)
    gaps = []
    by_id = {s.context.span_id: s for s in telemetry.spans}
    for name, keys in spec.span_attributes.items():
        spans = telemetry.spans_named(name)
        if not spans:
            gaps.append(f"no span named {name!r}")
            continue
        for key in keys:
            lacking = sum(key not in (s.attributes or {}) for s in spans)
            if lacking:
                gaps.append(f"span {name!r} lacks attribute {key!r} ({lacking} of {len(spans)} spans)")
    for child, parent in spec.span_parents.items():
        spans = telemetry.spans_named(child)
        if not spans:
            if child not in spec.span_attributes:
                gaps.append(f"no span named {child!r}")
            continue
        orphans = sum(s.parent is None or getattr(by_id.get(s.parent.span_id), "name", None) != parent
                      for s in spans)
        if orphans:
            gaps.append(f"span {child!r} is not a child of {parent!r} ({orphans} of {len(spans)} spans)")
    for name, events in spec.span_events.items():
        spans = telemetry.spans_named(name)
        seen = {e.name for s in spans for e in s.events}
        for event in events:
            if event not in seen:
                gaps.append(f"no {event!r} event on any {name!r} span")
    metric_names = set(telemetry.metric_names())
    for name in dict.fromkeys([*spec.metric_attributes, *spec.metric_units]):
        points = [p for p in telemetry.metrics if p.name == name]
        if name not in metric_names:
            gaps.append(f"no metric named {name!r}")
            continue
        unit = spec.metric_units.get(name)
        if unit is not None and points[0].unit != unit:
            gaps.append(f"metric {name!r} has unit {points[0].unit!r}; expected {unit!r}")
        for key in spec.metric_attributes.get(name, ()):
            if any(key not in p.attributes for p in points):
                gaps.append(f"metric {name!r} lacks attribute {key!r}")
    return gaps


def assert_instrumented(handler: Callable, orders: list[Order] | None = None, *,
                        spec: TelemetrySpec = CHECKOUT_TELEMETRY) -> Telemetry:
    """The observability test: fail while ``handler`` misses telemetry ``spec`` requires.

    Runs :func:`capture_telemetry` and raises ``AssertionError`` listing every
    gap from :func:`telemetry_gaps`, so a pytest test is one line
    (``sl.assert_instrumented(my_handler)``): red before the instrumentation,
    green once it is there. It also fails when the instrumented handler
    answers differently from :func:`handle_checkout` (instrumentation must not
    change behaviour) when ``spec`` is the checkout's.

    Parameters
    ----------
    handler : callable
        ``handler(order, tracer, meter) -> CheckoutResult``.
    orders : list of Order, optional
        Defaults to :func:`sample_orders`.
    spec : TelemetrySpec, default ``CHECKOUT_TELEMETRY``

    Returns
    -------
    Telemetry
        The capture, when nothing is missing.

    Raises
    ------
    AssertionError
        Listing the gaps.

    Examples
    --------
    >>> assert_instrumented(handle_checkout)
    Traceback (most recent call last):
    ...
    AssertionError: 5 telemetry gaps:
    - no span named 'POST /checkout'
    - no span named 'charge payment'
    - no 'payment.declined' event on any 'charge payment' span
    - no metric named 'microcorp.checkout.requests'
    - no metric named 'microcorp.checkout.duration'
    >>> len(assert_instrumented(handle_checkout_instrumented).spans)
    8
    """
    handler = _check_handler(handler)
    orders = _check_orders(orders)
    spec = _check_spec(spec)
    telemetry = capture_telemetry(handler, orders)
    gaps = telemetry_gaps(telemetry, spec)
    if spec is CHECKOUT_TELEMETRY:
        expected = [handle_checkout(order) for order in orders]
        if list(telemetry.results) != expected:
            gaps.append("the handler's results differ from sl.handle_checkout's "
                        "(instrumentation must not change what the service answers)")
    if gaps:
        noun = "gap" if len(gaps) == 1 else "gaps"
        raise AssertionError(f"{len(gaps)} telemetry {noun}:\n" + "\n".join(f"- {g}" for g in gaps))
    return telemetry


# --------------------------------------------------------------------------- builds, memory, CI

#: The parts of the instrumentation :func:`checkout_handler` can leave out.
INSTRUMENTATION_PARTS = ("route", "payment_span", "declined_event", "metrics")

#: Size of one rendered receipt the leaky build keeps (bytes of text, before Python's overhead).
RECEIPT_CHARS = 2048


def order_batch(n_orders: int = 1000) -> list[Order]:
    """``n_orders`` checkout orders for load and memory tests, cycling through 1 to 4 items.

    Order ``k`` (from 1) has ``(k - 1) % 4 + 1`` items, every fourth order uses
    the declined test card, ids run ``o-1001``, ``o-1002``, ... The first four
    are :func:`sample_orders`'s four; unlike :func:`sample_orders`, carts stay
    small, so a batch of 10,000 builds in a blink.

    Parameters
    ----------
    n_orders : int, default 1000
        1 to 20,000.

    Returns
    -------
    list of Order

    Examples
    --------
    >>> batch = order_batch(8)
    >>> [len(o.item_prices_usd) for o in batch]
    [1, 2, 3, 4, 1, 2, 3, 4]
    >>> batch[:4] == sample_orders(4), batch[-1].order_id, batch[-1].card == DECLINED_CARD
    (True, 'o-1008', True)
    """
    n_orders = check_int("n_orders", n_orders, low=1, high=20_000)
    carts = {j: (round(10.0 + j / 100, 2),) * j for j in range(1, 5)}
    return [Order(f"o-{1000 + k}", carts[(k - 1) % 4 + 1],
                  DECLINED_CARD if k % 4 == 0 else APPROVED_CARD)
            for k in range(1, n_orders + 1)]


def _render_receipt(order: Order, result: CheckoutResult) -> str:
    head = f"MicroCorp receipt {order.order_id}: {result.total_usd:.2f} USD, status {result.status_code}"
    return head.ljust(RECEIPT_CHARS, " ")


def checkout_handler(*, omit=(), label_order_id: bool = False, receipt_cache: bool = False) -> Callable:
    """A build of the checkout handler: the instrumented one, with parts left out or a flaw added.

    Every build answers exactly like :func:`handle_checkout`; they differ in
    the telemetry they emit and in the memory they keep. Each call returns a
    new handler with its own state, so measurements do not leak into each other.

    Parameters
    ----------
    omit : sequence of str, default ()
        Parts of :func:`handle_checkout_instrumented`'s telemetry to leave out,
        from ``INSTRUMENTATION_PARTS``: ``"route"`` (the ``http.route``
        attribute), ``"payment_span"`` (the child span, and with it the decline
        event), ``"declined_event"``, ``"metrics"`` (both metrics).
    label_order_id : bool, default False
        Also label both metrics with ``microcorp.order.id``: one time series
        per order (the classic cardinality explosion: OpenTelemetry's HTTP
        conventions ask for low-cardinality attributes such as ``http.route``).
    receipt_cache : bool, default False
        Keep every order's rendered receipt (``RECEIPT_CHARS`` characters) in a
        dict that is never emptied, "for the resend-receipt button": a memory
        leak that grows with every order.

    Returns
    -------
    callable
        ``handler(order, tracer, meter) -> CheckoutResult``; its attribute
        ``receipts`` is the receipt cache (empty unless ``receipt_cache``).

    Examples
    --------
    >>> telemetry_gaps(capture_telemetry(checkout_handler(omit=["metrics"])))
    ["no metric named 'microcorp.checkout.requests'", "no metric named 'microcorp.checkout.duration'"]
    >>> labelled = capture_telemetry(checkout_handler(label_order_id=True), order_batch(100))
    >>> len(labelled.points_named("microcorp.checkout.requests"))
    100
    """
    if isinstance(omit, str):
        omit = (omit,)
    if not isinstance(omit, (tuple, list, set, frozenset)):
        raise TypeError(message("omit", "a list of part names", omit,
                                "Parts: " + ", ".join(INSTRUMENTATION_PARTS) + "."))
    for part in omit:
        if part not in INSTRUMENTATION_PARTS:
            raise ValueError(message("omit", "a list of part names from " + ", ".join(INSTRUMENTATION_PARTS),
                                     part))
    for name, value in (("label_order_id", label_order_id), ("receipt_cache", receipt_cache)):
        if not isinstance(value, bool):
            raise TypeError(message(name, "True or False", value))
    left_out = frozenset(omit)
    receipts: dict[str, str] = {}

    def handler(order: Order, tracer: Any, meter: Any) -> CheckoutResult:
        order = _check_order(order)
        _check_api(tracer, meter)
        result = _instrumented(order, tracer, meter, left_out, label_order_id)
        if receipt_cache:
            receipts[order.order_id] = _render_receipt(order, result)
        return result

    parts = [f"without {', '.join(sorted(left_out))}"] if left_out else []
    parts += ["order ids as metric labels"] if label_order_id else []
    parts += ["a receipt cache that never forgets"] if receipt_cache else []
    handler.__name__ = "handle_checkout"
    handler.__doc__ = "The instrumented checkout" + (": " + "; ".join(parts) if parts else "") + "."
    handler.receipts = receipts
    return handler


@dataclass(frozen=True, eq=False)
class MemoryReport:
    """What :func:`measure_memory` measured (a result record).

    ``retained_bytes``: memory the run allocated and still holds at its end
    (after a garbage collection); ``peak_bytes``: the most it held at any
    moment, above the starting point. Both from :mod:`tracemalloc` (Python
    objects only). ``metrics``: the same figures as OpenTelemetry metric
    points (gauges ``microcorp.test.memory.retained`` and
    ``microcorp.test.memory.peak``, unit ``By``), read by the SDK's
    ``InMemoryMetricReader``.
    """

    build: str
    n_orders: int
    retained_bytes: int
    peak_bytes: int
    metrics: tuple

    @property
    def retained_bytes_per_1000_orders(self) -> float:
        """Retained bytes scaled to 1,000 orders (a leak's rate)."""
        return self.retained_bytes * 1000 / self.n_orders

    @property
    def peak_bytes_per_1000_orders(self) -> float:
        """Peak bytes scaled to 1,000 orders."""
        return self.peak_bytes * 1000 / self.n_orders


def _record_memory(build: str, n_orders: int, retained: int, peak: int) -> tuple:
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader

    reader = InMemoryMetricReader()
    provider = MeterProvider(metric_readers=[reader], shutdown_on_exit=False)
    try:
        meter = provider.get_meter("microcorp.test")
        attributes = {"microcorp.build": build, "microcorp.test.orders": n_orders}
        meter.create_gauge("microcorp.test.memory.retained", unit="By",
                           description="Bytes a test run allocated and still holds").set(retained, attributes)
        meter.create_gauge("microcorp.test.memory.peak", unit="By",
                           description="Most bytes a test run held at once").set(peak, attributes)
        return _metric_points(reader)
    finally:
        provider.shutdown()


def measure_memory(handler: Callable, *, n_orders: int = 1000, build: str = "") -> MemoryReport:
    """Run ``handler`` on :func:`order_batch` orders under :mod:`tracemalloc`; report its memory.

    This is the measurement Emma adds to the test run. The orders are built
    and one warm-up order is handled before tracing starts (imports, caches of
    the first call), the handler's answers are dropped as soon as they come
    (a test would check and drop them), and a garbage collection runs before
    reading, so ``retained_bytes`` is what the handler itself keeps. The
    handler gets OpenTelemetry's no-op tracer and meter: the telemetry
    pipeline's own buffers are not the code under test. The figures are
    recorded as OpenTelemetry gauges (:class:`MemoryReport`).

    Parameters
    ----------
    handler : callable
        ``handler(order, tracer, meter)``, e.g. from :func:`checkout_handler`.
    n_orders : int, default 1000
        1 to 5,000 orders (a test run: the figure is a rate, more orders add time, not
        precision).
    build : str, default ""
        A label for the build (the gauges' ``microcorp.build`` attribute).

    Returns
    -------
    MemoryReport

    Notes
    -----
    Allocation sizes are exact, but the interpreter's own small caches (free
    lists, interned strings) add a few hundred bytes that vary between Python
    versions, and tracemalloc counts every thread (in a notebook the kernel's
    own threads may add up to about a kilobyte); compare builds by bytes *per
    1,000 orders* against a budget far from both (a leak's figure grows with
    every order, a good build's does not).

    Examples
    --------
    >>> good = measure_memory(checkout_handler(), n_orders=1000)
    >>> leaky = measure_memory(checkout_handler(receipt_cache=True), n_orders=1000)
    >>> good.retained_bytes_per_1000_orders < 20_000
    True
    >>> 2_000_000 < leaky.retained_bytes_per_1000_orders < 2_400_000   # about 2 KiB a receipt
    True
    >>> sorted(p.name for p in leaky.metrics)
    ['microcorp.test.memory.peak', 'microcorp.test.memory.retained']
    """
    import gc
    import tracemalloc

    from opentelemetry.metrics import NoOpMeter
    from opentelemetry.trace import NoOpTracer

    handler = _check_handler(handler)
    n_orders = check_int("n_orders", n_orders, low=1, high=5_000)
    if not isinstance(build, str):
        raise TypeError(message("build", "a string", build))
    orders = order_batch(n_orders)
    tracer, meter = NoOpTracer(), NoOpMeter("microcorp.test")
    handler(Order("o-warm-up", (1.0,)), tracer, meter)
    gc.collect()
    already = tracemalloc.is_tracing()
    if not already:
        tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for order in orders:
            handler(order, tracer, meter)
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        if not already:
            tracemalloc.stop()
    retained, peak = max(current - start, 0), max(peak - start, 0)
    return MemoryReport(build=build, n_orders=n_orders, retained_bytes=int(retained), peak_bytes=int(peak),
                        metrics=_record_memory(build, n_orders, int(retained), int(peak)))


def assert_memory_within(report: MemoryReport, *, max_retained_bytes_per_1000_orders: float = 65_536
                         ) -> MemoryReport:
    """The CI memory check: fail when a build keeps more than its budget per 1,000 orders.

    Parameters
    ----------
    report : MemoryReport
        From :func:`measure_memory`.
    max_retained_bytes_per_1000_orders : float, default 65,536 (64 KiB)
        The budget. The default sits far from both sides: a good checkout
        keeps a few hundred bytes per 1,000 orders, the leaky build over 30
        times the budget, so noise of a few kilobytes cannot flip the verdict.

    Returns
    -------
    MemoryReport
        The report, when within budget.

    Raises
    ------
    AssertionError
        Naming the build, its figure and the budget.

    Examples
    --------
    >>> assert_memory_within(measure_memory(checkout_handler(), build="v1")).build
    'v1'
    >>> assert_memory_within(measure_memory(checkout_handler(receipt_cache=True), build="v2"))
    Traceback (most recent call last):
    ...
    AssertionError: build 'v2' keeps ... KiB per 1,000 orders; the budget is 64 KiB
    """
    if not isinstance(report, MemoryReport):
        raise TypeError(message("report", "an sl.MemoryReport from sl.measure_memory", report))
    budget = check_real("max_retained_bytes_per_1000_orders", max_retained_bytes_per_1000_orders,
                        low=0.0, high=1e12, scalar=True)
    rate = report.retained_bytes_per_1000_orders
    if rate > budget:
        raise AssertionError(f"build {report.build or '(unnamed)'!r} keeps {rate / 1024:,.0f} KiB per "
                             f"1,000 orders; the budget is {budget / 1024:,.0f} KiB")
    return report


_PYTEST_INI = """\
# Written by sl.ci_folder: this folder's tests run on their own, without the course's pytest settings.
[pytest]
addopts = -p no:cacheprovider
"""


def ci_folder(name: str, *, folder=None):
    """A folder for a test suite a notebook writes and runs with pytest, as a CI job would.

    Creates ``folder/name/`` (default ``notebooks/output/<name>/``) with a
    ``pytest.ini``, so pytest run inside it ignores the course's own settings.
    Running it twice is harmless.

    Parameters
    ----------
    name : str
        A plain folder name: letters, digits, ``_`` and ``-``.
    folder : str or os.PathLike, optional
        Default ``sl.output_folder()``.

    Returns
    -------
    pathlib.Path
        The absolute path of the folder.

    Examples
    --------
    >>> import tempfile
    >>> path = ci_folder("odd_demo", folder=tempfile.mkdtemp())
    >>> path.name, sorted(p.name for p in path.iterdir())
    ('odd_demo', ['pytest.ini'])
    """
    import re
    from pathlib import Path

    from ..templates import output_folder

    if not isinstance(name, str):
        raise TypeError(message("name", "a folder name (str)", name))
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", name):
        raise ValueError(message("name", "a plain folder name (letters, digits, _ and -)", name))
    if folder is None:
        folder = output_folder()
    elif not isinstance(folder, (str, Path)):
        raise TypeError(message("folder", "a folder path (str or pathlib.Path)", folder))
    path = Path(folder).absolute() / name
    path.mkdir(parents=True, exist_ok=True)
    (path / "pytest.ini").write_text(_PYTEST_INI, encoding="utf-8")
    return path
