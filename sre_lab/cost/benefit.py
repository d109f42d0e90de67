"""Observability spend against the cost of downtime (notebook ``04_cost/1b_…``).

=========================  ====================================================
``RevenueModel``           how MicroCorp earns money: dollars per successful
                           checkout request, and what counts as a lost request
``MICROCORP_REVENUE``      the course's revenue model (the one every section uses)
``daily_revenue``          revenue per day from daily traffic (a year by default)
``downtime_cost``          one row per incident: requests lost, revenue lost
``break_even_minutes``     minutes of shorter incidents that pay for a bill
=========================  ====================================================

The revenue model (an assumption, stated once)
----------------------------------------------
MicroCorp earns money only when a **checkout** request succeeds. Every
successful checkout request is worth ``usd_per_checkout_request`` = **$0.10**
of revenue. That figure is an assumption of the course, not data: it is chosen
so that MicroCorp, whose checkout service answers about 680,000 requests a
day (``sl.load_daily_history()``), is a small online shop of about $25 million
a year. Swap in your own figure with ``dataclasses.replace``::

    my_model = dataclasses.replace(sl.MICROCORP_REVENUE, usd_per_checkout_request=0.25)

A request is **lost** when it fails (an error) or is slower than
``slow_ms`` = 1,000 ms (the buyer gives up): in the traffic data that is
``requests - latency_le_1000ms`` (errors are not counted in the latency
buckets). The normal background of failures (``baseline_error_ratio`` of
:data:`sre_lab.SERVICES`) is subtracted: it happens with or without the
incident.

Other services cost revenue only through the checkouts that call them
(:data:`sre_lab.DEPENDENCIES`: 60 % of checkout requests call payment, 30 %
call search). The share of a service's requests that come from checkout is
measured on the incident's own window::

    checkout_share = min(1, calls_per_checkout × checkout_requests / service_requests)

which is about 1 for payment (nearly all its traffic comes from checkout) and
about 0.1 for search (most searches come from browsing). A failed
notifications request loses no revenue: the order is already placed.
Two incidents that overlap in time are each charged in full (no attempt is
made to split a checkout that failed for two reasons).
"""

from __future__ import annotations

import dataclasses
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_choice, check_columns, check_real, message
from .._windows import (_counts_column, check_counts, check_incidents, check_traffic,
                        described)

__all__ = ["RevenueModel", "MICROCORP_REVENUE", "daily_revenue", "downtime_cost",
           "break_even_minutes"]


@dataclass(frozen=True)
class RevenueModel:
    """How a business earns from its traffic (see the module docstring).

    Parameters
    ----------
    usd_per_checkout_request : float
        Revenue of one successful request of ``revenue_service``, in US dollars.
    revenue_service : str
        The service whose successful requests earn money.
    slow_ms : int
        A request slower than this is lost (the buyer gives up); one of the
        traffic's latency buckets (100, 200, 300, 500, 1000).
    assumption : str
        Where the figure comes from, in words.

    Examples
    --------
    >>> MICROCORP_REVENUE.usd_per_checkout_request
    0.1
    >>> dataclasses.replace(MICROCORP_REVENUE, usd_per_checkout_request=0.25).usd_per_checkout_request
    0.25
    """

    usd_per_checkout_request: float = 0.10
    revenue_service: str = "checkout"
    slow_ms: int = 1000
    assumption: str = ("Assumed, not measured: $0.10 of revenue per successful checkout request, "
                       "so MicroCorp's ~680,000 checkout requests a day make a shop of about "
                       "$25 million a year. A request that fails or takes longer than 1,000 ms "
                       "is lost.")

    def __post_init__(self):
        check_real("usd_per_checkout_request", self.usd_per_checkout_request, low=0,
                   scalar=True)
        from ..simulation import LATENCY_BUCKETS_MS, SERVICE_NAMES

        check_choice("revenue_service", self.revenue_service, SERVICE_NAMES)
        rule = "one of the latency buckets " + ", ".join(str(b) for b in LATENCY_BUCKETS_MS)
        if isinstance(self.slow_ms, (bool, np.bool_)) or not isinstance(self.slow_ms, numbers.Real):
            raise TypeError(message("slow_ms", rule, self.slow_ms))
        if self.slow_ms not in LATENCY_BUCKETS_MS:
            raise ValueError(message("slow_ms", rule, self.slow_ms))
        if not isinstance(self.assumption, str):
            raise TypeError(message("assumption", "a str (where the figure comes from)",
                                    type(self.assumption).__name__))


#: The course's revenue model for MicroCorp (every section uses this one).
MICROCORP_REVENUE = RevenueModel()


def _revenue(revenue) -> RevenueModel:
    if revenue is None:
        return MICROCORP_REVENUE
    if not isinstance(revenue, RevenueModel):
        raise TypeError(message("revenue", "a RevenueModel (e.g. sl.MICROCORP_REVENUE)",
                                type(revenue).__name__,
                                "Change one figure with dataclasses.replace(sl.MICROCORP_REVENUE, "
                                "usd_per_checkout_request=...)."))
    return revenue


def daily_revenue(traffic=None, *, revenue=None) -> pd.DataFrame:
    """Revenue per day: successful checkout requests x dollars per request.

    Parameters
    ----------
    traffic : DataFrame, optional
        Daily traffic with ``date``, ``service``, ``requests``, ``errors``
        (default ``sl.load_daily_history()``, a year of MicroCorp).
    revenue : RevenueModel, optional
        Default :data:`MICROCORP_REVENUE`.

    Returns
    -------
    DataFrame
        One row per day: ``date``, ``successful_requests`` (of the revenue
        service: requests - errors), ``revenue_usd``.

    Notes
    -----
    Daily history has no latency buckets, so slow requests are not
    subtracted here (they are in :func:`downtime_cost`).

    Examples
    --------
    >>> days = daily_revenue()
    >>> len(days)
    365
    >>> round(float(days["revenue_usd"].sum()) / 1e6, 1)  # a year, million dollars
    24.9
    """
    revenue = _revenue(revenue)
    if traffic is None:
        from ..datasets import load_daily_history

        traffic = load_daily_history()
    check_columns("traffic", traffic, ["date", "service", "requests", "errors"])
    shop = traffic[traffic["service"] == revenue.revenue_service]
    if shop.empty:
        raise ValueError(message("traffic", f"a frame with rows of {revenue.revenue_service!r}",
                                 "a frame without them"))
    counts = check_counts("traffic", shop.reset_index(drop=True), need_dates=True)
    ok = counts.valid - counts.bad
    return pd.DataFrame({"date": shop["date"].to_numpy(), "successful_requests": ok,
                         "revenue_usd": ok * revenue.usd_per_checkout_request})


def downtime_cost(incidents=None, traffic=None, *, revenue=None) -> pd.DataFrame:
    """Revenue each incident cost MicroCorp, measured on the traffic it hit.

    For every incident the requests of its service between ``started``
    (included) and ``resolved`` (excluded) are counted; the lost ones
    (errors and requests slower than ``revenue.slow_ms``) minus the normal
    background are the incident's lost requests; each costs one checkout's
    revenue, times the share of that service's requests made by checkout.

    Parameters
    ----------
    incidents : DataFrame, optional
        ``id``, ``service``, ``started``, ``resolved`` (and any other columns,
        kept); default ``sl.load_incidents()``.
    traffic : DataFrame, optional
        1-minute traffic in the long form of ``sl.load_requests()`` (columns
        ``timestamp``, ``service``, ``requests``, ``errors``,
        ``latency_le_<slow_ms>ms``); default ``sl.load_requests()``.
    revenue : RevenueModel, optional
        Default :data:`MICROCORP_REVENUE`.

    Returns
    -------
    DataFrame
        One row per incident, in the incidents' order: ``id``, ``service``,
        ``severity``, ``kind`` (when given), ``started``, ``resolved``,
        ``impact_minutes`` (started -> resolved), ``requests`` (of the
        service in the window), ``bad_requests`` (errors + slow),
        ``background_requests`` (what a normal window loses:
        ``requests x baseline_error_ratio``), ``lost_requests`` (bad minus
        background, never below 0), ``checkout_share`` (1 for checkout),
        ``lost_revenue_usd`` and ``usd_per_minute`` (lost revenue /
        impact minutes).

    Raises
    ------
    TypeError, ValueError
        Frames without the needed columns, a ``revenue`` that is not a
        :class:`RevenueModel`.

    Notes
    -----
    ``lost_revenue_usd = lost_requests x checkout_share x usd_per_checkout_request``
    (module docstring). Taught in ``04_cost/1b_…``.

    Examples
    --------
    >>> cost = downtime_cost()
    >>> len(cost), cost["id"].iloc[0]
    (16, 'INC-001')
    >>> row = cost.set_index("id").loc["INC-004"]     # payment down for 55 minutes
    >>> row["service"], int(row["impact_minutes"]), round(float(row["checkout_share"]), 2)
    ('payment', 55, 1.0)
    >>> round(float(row["lost_revenue_usd"]))
    583
    """
    revenue = _revenue(revenue)
    if incidents is None:
        from ..datasets import load_incidents

        incidents = load_incidents()
    if traffic is None:
        from ..datasets import load_requests

        traffic = load_requests()
    slow_column = f"latency_le_{revenue.slow_ms}ms"
    sums = _window_sums(traffic, slow_column)
    check_columns("incidents", incidents, ["id", "service", "started", "resolved"])
    like = next(iter(sums.values()))[3] if sums else None
    started, resolved = check_incidents(incidents, columns=("started", "resolved"), like=like)
    from ..simulation import DEPENDENCIES, SERVICES

    baseline = {s.name: s.baseline_error_ratio for s in SERVICES}
    calls = DEPENDENCIES.get(revenue.revenue_service, {})

    def window(name, start, end):
        if name not in sums:
            return 0.0, 0.0
        t, cr, cb, _ = sums[name]
        lo, hi = np.searchsorted(t, start), np.searchsorted(t, end)
        return float(cr[hi] - cr[lo]), float(cb[hi] - cb[lo])

    started = pd.Series(started)
    resolved = pd.Series(resolved)
    rows = []
    for service, s, e in zip(incidents["service"].astype(str), _naive_ns(started),
                             _naive_ns(resolved)):
        n, bad = window(service, s, e)
        background = n * baseline.get(service, 0.0)
        lost = max(0.0, bad - background)
        if service == revenue.revenue_service:
            share = 1.0
        elif service in calls:
            shop, _ = window(revenue.revenue_service, s, e)
            share = min(1.0, calls[service] * shop / n) if n else 0.0
        else:
            share = 0.0
        rows.append((n, bad, background, lost, share))
    n, bad, background, lost, share = (np.array(c, dtype=float) for c in zip(*rows)) \
        if rows else (np.array([]),) * 5
    keep = [c for c in ("id", "service", "severity", "kind") if c in incidents.columns]
    out = incidents[keep].reset_index(drop=True).copy()
    out["started"] = started.to_numpy()
    out["resolved"] = resolved.to_numpy()
    minutes = ((resolved - started).dt.total_seconds() / 60).to_numpy()
    out["impact_minutes"] = minutes
    out["requests"] = n
    out["bad_requests"] = bad
    out["background_requests"] = background
    out["lost_requests"] = lost
    out["checkout_share"] = share
    out["lost_revenue_usd"] = lost * share * revenue.usd_per_checkout_request
    with np.errstate(divide="ignore", invalid="ignore"):
        out["usd_per_minute"] = np.where(minutes > 0, out["lost_revenue_usd"] / minutes, 0.0)
    return out


def _naive_ns(times) -> np.ndarray:
    """Times (aware: in UTC) as a plain ``datetime64[ns]`` array for ``searchsorted``."""
    times = pd.DatetimeIndex(times)
    if times.tz is not None:
        times = times.tz_convert(None)
    return times.to_numpy(dtype="datetime64[ns]")


def _window_sums(traffic, slow_column: str) -> dict:
    """``{service: (times, cumulative requests, cumulative lost, DatetimeIndex)}``, checked."""
    check_columns("traffic", traffic, ["timestamp", "service", "requests", "errors", slow_column])
    try:
        times = pd.DatetimeIndex(pd.to_datetime(traffic["timestamp"]))
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(described("traffic['timestamp']", "timestamps",
                                   f"values pandas cannot read ({exc})")) from None
    if times.isna().any():
        row = int(np.flatnonzero(times.isna())[0])
        raise ValueError(described("traffic['timestamp']", "a timestamp on every row",
                                   f"a missing time in row {row}"))
    sums = {}
    frame = traffic.set_axis(times, axis=0)
    for name, part in frame.groupby("service", sort=False):
        requests, errors = check_traffic(part.drop(columns=["timestamp", "service"]),
                                         name="traffic", index="sorted")
        fast = _counts_column(part, slow_column, "traffic")
        over = fast > requests - errors
        if over.any():
            i = int(np.flatnonzero(over)[0])
            raise ValueError(f"traffic[{slow_column!r}] must be <= requests - errors in every "
                             f"row (errors are not in the latency buckets); got {fast[i]:g} > "
                             f"{requests[i]:g} - {errors[i]:g} at {part.index[i]}.")
        sums[name] = (_naive_ns(part.index), np.concatenate([[0.0], np.cumsum(requests)]),
                      np.concatenate([[0.0], np.cumsum(requests - fast)]), part.index)
    return sums


def break_even_minutes(cost_usd, downtime) -> float:
    """Minutes each incident must be shortened for a spend to pay for itself.

    If better telemetry (say, the debug logs a team keeps) ends every incident
    ``m`` minutes sooner, it saves ``m x usd_per_minute`` per incident. The
    spend pays back when that adds up to its cost::

        m = cost_usd / sum(usd_per_minute)

    Parameters
    ----------
    cost_usd : float
        The spend over the period ``downtime`` covers (e.g. a month's bill of
        telemetry for the 28 days of incidents), >= 0.
    downtime : DataFrame
        The output of :func:`downtime_cost` (column ``usd_per_minute``).

    Returns
    -------
    float
        Minutes per incident; ``inf`` when the incidents lose no revenue.

    Examples
    --------
    >>> import pandas as pd
    >>> break_even_minutes(300.0, pd.DataFrame({"usd_per_minute": [10.0, 20.0]}))
    10.0
    """
    cost_usd = check_real("cost_usd", cost_usd, low=0, scalar=True)
    check_columns("downtime", downtime, ["usd_per_minute"])
    per_minute = float(downtime["usd_per_minute"].sum())
    if per_minute <= 0:
        return float("inf")
    return cost_usd / per_minute


# keep dataclasses importable for the docstring examples
_ = dataclasses
