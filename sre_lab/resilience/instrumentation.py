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
    from opentelemetry.trace import SpanKind, Status, StatusCode

    order = _check_order(order)
    if not callable(getattr(tracer, "start_as_current_span", None)):
        raise TypeError(message("tracer", "an OpenTelemetry Tracer", tracer,
                                "sl.capture_telemetry passes one to the handler."))
    if not callable(getattr(meter, "create_counter", None)):
        raise TypeError(message("meter", "an OpenTelemetry Meter", meter,
                                "sl.capture_telemetry passes one to the handler."))
    requests = meter.create_counter("microcorp.checkout.requests", unit="{request}",
                                    description="Checkout requests handled")
    duration = meter.create_histogram("microcorp.checkout.duration", unit="ms",
                                      description="Checkout latency (simulated)")
    with tracer.start_as_current_span("POST /checkout", kind=SpanKind.SERVER) as span:
        span.set_attribute("http.request.method", "POST")
        span.set_attribute("http.route", "/checkout")
        span.set_attribute("microcorp.order.item_count", len(order.item_prices_usd))
        total_usd = _price(order)
        span.set_attribute("microcorp.order.total_usd", total_usd)
        with tracer.start_as_current_span("charge payment", kind=SpanKind.CLIENT) as payment:
            payment.set_attribute("microcorp.payment.amount_usd", total_usd)
            approved = _charge(order, total_usd)
            payment.set_attribute("microcorp.payment.outcome", "approved" if approved else "declined")
            if not approved:
                payment.add_event("payment.declined", {"decline_code": "generic_decline"})
                payment.set_status(Status(StatusCode.ERROR, "card declined"))
        status_code = 200 if approved else 402
        span.set_attribute("http.response.status_code", status_code)
    latency_ms = _latency_ms(order)
    attributes = {"http.response.status_code": status_code}
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
