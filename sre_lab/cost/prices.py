"""Prices as data, each with its vendor, source and date; the monthly bill of MicroCorp's telemetry.

An observability bill has four components (the outline's storage, processing
and licences, with ingest split out because hosted vendors charge it first):
**ingest** (per GB sent), **storage** (per GB-month held, cheaper in colder
tiers), **queries** (per GB scanned) and **licences** (per host), plus
metric **series** (per active series and month). :data:`PRICES` is the
course's default price list; :data:`PRICE_CATALOG` holds the list prices of
every vendor the course cites, to swap in.

Public names
------------
=================  ===========================================================
``PRICES``         the course default price list (one row per item)
``PRICE_CATALOG``  list prices of several vendors, same columns
``PRICE_ITEMS``    the items a price list must have
``monthly_bill``   the bill per month, service, signal and component (USD)
=================  ===========================================================

Why this default
----------------
No vendor publishes all components in one list, so the course takes one
charging model that has them all and is the plainest to reason about: AWS's
(pay ingest once per GB, then storage for every GB-month held, queries per GB
scanned), from CloudWatch Logs for ingest, hot storage and queries and from
S3 for the warm and cold tiers. AWS sells no per-host observability licence
and no per-series metric price in the course's notes, so those two come from
Datadog (Infrastructure Pro per host, custom metrics per series). Free
allowances (New Relic 100 GB, Grafana 50 GB) and commitments are left out:
they shift a small bill, not the lesson. Prices are as the course's reference
notes recorded them (``as_of``); vendors change them, so re-check before
quoting. A GB is 10**9 bytes, as New Relic's billing docs define it.

Notebooks: ``notebooks/04_cost/`` (1a cost components).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, check_real, message
from .._windows import described
from .telemetry import SIGNALS, _per_key, _profile

__all__ = ["PRICES", "PRICE_CATALOG", "PRICE_ITEMS", "monthly_bill"]

_AS_OF = "2026-12-02"
_AWS_SOURCE = ("ops_facts.md §4.1 [secondary: c3x.dev, hykell.com]; verify at "
               "https://aws.amazon.com/cloudwatch/pricing/")
_S3_SOURCE = "ops_facts.md §4.1 [secondary: howtogeek.com, go-cloud.io]; verify at https://aws.amazon.com/s3/pricing/"
_DD_SOURCE = ("ops_facts.md §4.1 [secondary: doit.com/blog/datadog-pricing-explained]; verify at "
              "https://www.datadoghq.com/pricing/")

#: The items every price list needs, with their units.
PRICE_ITEMS = {
    "ingest": "GB",
    "storage_hot": "GB-month",
    "storage_warm": "GB-month",
    "storage_cold": "GB-month",
    "query": "GB scanned",
    "metric_series": "series-month",
    "host_licence": "host-month",
}

_COLUMNS = ["item", "unit", "usd", "vendor", "source", "as_of"]

#: The course default price list (why these: see the module docstring).
PRICES = pd.DataFrame(
    [
        ("ingest", "GB", 0.50, "AWS CloudWatch Logs (Standard ingest, us-east-1)", _AWS_SOURCE, _AS_OF),
        ("storage_hot", "GB-month", 0.03, "AWS CloudWatch Logs (storage)", _AWS_SOURCE, _AS_OF),
        ("storage_warm", "GB-month", 0.023, "AWS S3 Standard", _S3_SOURCE, _AS_OF),
        ("storage_cold", "GB-month", 0.0125, "AWS S3 Standard-IA", _S3_SOURCE, _AS_OF),
        ("query", "GB scanned", 0.005, "AWS CloudWatch Logs Insights", _AWS_SOURCE, _AS_OF),
        ("metric_series", "series-month", 0.05, "Datadog custom metrics (beyond the per-host allotment)",
         _DD_SOURCE, _AS_OF),
        ("host_licence", "host-month", 15.0, "Datadog Infrastructure Pro (annual billing)", _DD_SOURCE, _AS_OF),
    ],
    columns=_COLUMNS,
)

_NR_SOURCE = ("newrelic/docs-website, data-ingest-billing.mdx (primary); "
              "https://docs.newrelic.com/docs/accounts/accounts-billing/new-relic-one-pricing-billing/"
              "data-ingest-billing/")
_GRAFANA_SOURCE = ("grafana.com/docs/grafana-cloud/cost-management-and-billing/understand-your-invoice/"
                   "logs-invoice/ (primary)")

#: List prices of the vendors the course cites (ops_facts.md §4.1), to swap into
#: a copy of :data:`PRICES`. ``item`` uses the same names where one applies.
PRICE_CATALOG = pd.DataFrame(
    [
        *PRICES.itertuples(index=False, name=None),
        ("ingest", "GB", 0.25, "AWS CloudWatch Logs (Infrequent Access ingest)", _AWS_SOURCE, _AS_OF),
        ("storage_archive", "GB-month", 0.00099, "AWS S3 Glacier Deep Archive (12-48 h retrieval, "
         "180-day minimum)", _S3_SOURCE, _AS_OF),
        ("ingest", "GB", 0.30, "New Relic (Original data option, US; 100 GB/month free)", _NR_SOURCE, _AS_OF),
        ("ingest", "GB", 0.50, "New Relic (Data Plus, US)", _NR_SOURCE, _AS_OF),
        ("ingest", "GB", 0.40, "Grafana Cloud logs/traces (GB written, 50 GB free, 30 days retention "
         "included)", _GRAFANA_SOURCE, _AS_OF),
        ("storage_hot", "GB-month", 0.10, "Grafana Cloud (each extra 30 days of retention)", _GRAFANA_SOURCE,
         _AS_OF),
        ("ingest", "GB", 0.10, "Datadog logs (ingest; indexing is $1.70 per million events extra)", _DD_SOURCE,
         _AS_OF),
        ("host_licence", "host-month", 23.0, "Datadog Infrastructure Enterprise (annual)", _DD_SOURCE, _AS_OF),
        ("host_licence", "host-month", 31.0, "Datadog APM (per host, low end)", _DD_SOURCE, _AS_OF),
    ],
    columns=_COLUMNS,
)

_TIERS = ("hot", "warm", "cold")
_TIER_DEFAULT = {"hot": 30.0, "warm": 0.0, "cold": 0.0}


def _prices(prices) -> dict[str, float]:
    """``{item: usd}`` from a price list (DataFrame) or ``{item: usd}`` overrides of PRICES."""
    table = dict(zip(PRICES["item"], PRICES["usd"].astype(float)))
    if prices is None:
        return table
    if isinstance(prices, dict):
        unknown = [item for item in prices if item not in PRICE_ITEMS]
        if unknown:
            raise ValueError(message("prices", f"a dict whose keys are price items ({', '.join(PRICE_ITEMS)})",
                                     unknown[0]))
        for item, usd in prices.items():
            table[item] = check_real(f"prices[{item!r}]", usd, low=0, scalar=True, rule="a price in USD >= 0")
        return table
    if not isinstance(prices, pd.DataFrame):
        raise TypeError(described("prices", "a copy of sl.PRICES (a DataFrame) or a dict {item: usd}",
                                  f"a {type(prices).__name__}"))
    check_columns("prices", prices, ("item", "usd"))
    items = prices["item"].astype(str)
    duplicated = items[items.duplicated()]
    if len(duplicated):
        raise ValueError(described("prices", "a list with one row per item", f"two rows for {duplicated.iloc[0]!r}",
                                 "Keep the row you want: prices.drop_duplicates('item', keep='last')."))
    missing = [item for item in PRICE_ITEMS if item not in set(items)]
    if missing:
        raise ValueError(described("prices", "a list with every item of sl.PRICES", f"a list without {missing[0]!r}",
                                 "Start from sl.PRICES.copy() and change a price."))
    usd = check_real("prices['usd']", prices["usd"].to_numpy(), low=0, rule="a price in USD >= 0 in every row")
    return {item: float(u) for item, u in zip(items, usd) if item in PRICE_ITEMS}


def _retention(retention_days) -> dict[str, dict[str, float]]:
    """``{signal: {tier: days}}`` from ``{tier: days}`` or ``{signal: {tier: days}}``."""
    if retention_days is None:
        return {signal: dict(_TIER_DEFAULT) for signal in SIGNALS}
    rule = "a dict {tier: days} with tiers 'hot', 'warm', 'cold', or {signal: {tier: days}}"
    if not isinstance(retention_days, dict):
        raise TypeError(message("retention_days", rule, retention_days))
    per_signal = all(isinstance(v, dict) for v in retention_days.values()) and retention_days
    groups = retention_days if per_signal else {signal: retention_days for signal in SIGNALS}
    out = {}
    for signal in SIGNALS:
        tiers = groups.get(signal, _TIER_DEFAULT)
        where = f"retention_days[{signal!r}]" if per_signal else "retention_days"
        unknown = [t for t in tiers if t not in _TIERS]
        if unknown:
            raise ValueError(message(where, rule, unknown[0], "Deleted data costs nothing: leave it out."))
        out[signal] = {t: check_real(f"{where}[{t!r}]", tiers.get(t, 0.0), low=0, high=36500, scalar=True,
                                     rule="a number of days in [0, 36500]") for t in _TIERS}
    unknown = [s for s in groups if s not in SIGNALS] if per_signal else []
    if unknown:
        raise ValueError(message("retention_days", f"a dict whose keys are signals ({', '.join(SIGNALS)})",
                                 unknown[0]))
    return out


def monthly_bill(volumes, *, prices=None, retention_days=None, query_scan_ratio=1.0, profile=None) -> pd.DataFrame:
    """Price telemetry volumes: the bill per month, service, signal and component, in USD.

    Parameters
    ----------
    volumes : DataFrame
        From :func:`sre_lab.telemetry_volumes`: ``date``, ``service``,
        ``signal``, ``count``, ``bytes``.
    prices : DataFrame or dict, optional
        A modified copy of :data:`PRICES` (one row per item of
        :data:`PRICE_ITEMS`), or ``{item: usd}`` replacing some prices of
        :data:`PRICES`, e.g. ``{"ingest": 0.30}``.
    retention_days : dict, optional
        Days data stay in each storage tier, ``{"hot": 30, "warm": 60, "cold":
        275}``, for every signal, or ``{signal: {tier: days}}``; a tier left
        out holds nothing; after the last tier data are deleted. Default:
        30 days hot, then deleted.
    query_scan_ratio : float, default 1.0
        GB scanned by queries per GB ingested of logs and spans in a month
        (>= 0; a course assumption: dashboards and searches read each GB
        about once).
    profile : dict, optional
        A modified copy of ``sl.TELEMETRY_PROFILE`` (scrape interval and hosts).

    Returns
    -------
    DataFrame
        One row per (month, service, signal, component): ``month``
        (``"2026-10"``), ``service``, ``signal`` (``""`` for licences),
        ``component`` (``"ingest"``, ``"storage_hot"``, ``"storage_warm"``,
        ``"storage_cold"``, ``"query"``, ``"series"``, ``"licence"``),
        ``days`` (days of the month the volumes cover: the first and last
        month of a year of data are partial), ``quantity``, ``unit``,
        ``usd_per_unit`` and ``usd``.

    Notes
    -----
    A month's charges, for the days of it the volumes cover (a month half
    covered pays half its monthly charges):

    * ingest: GB of logs and spans x price (metrics are charged per series);
    * storage per tier: steady state, ``GB per day x days in the tier`` held
      all month (ops_facts.md §4.3), x price per GB-month;
    * query: ``query_scan_ratio x GB ingested`` x price per GB scanned;
    * series: active metric series (``samples per day x scrape interval / 86400``)
      x price per series-month;
    * licence: hosts of the service x price per host-month.

    Taught in ``04_cost/1a``.

    Examples
    --------
    A hand-worked bill: one 30-day month of payment's traffic, 1,000,000
    requests a day, no errors, INFO logs. Logs: 4 INFO lines x 300 B + 0.02
    WARN lines x 350 B = 1,207 B per request; spans 3 x 600 B = 1,800 B; over
    30 million requests 36.21 GB + 54 GB = 90.21 GB, so ingest is
    90.21 x $0.50 = $45.105 and queries 90.21 x $0.005 = $0.451. Storage holds
    30 days of it hot (90.21 GB, plus 0.039 GB of metric samples: 152 series x
    5,760 samples a day x 1.5 B x 30 days) at $0.03: $2.707. Payment's 152
    series cost 152 x $0.05 = $7.60 and its 4 hosts 4 x $15 = $60.

    >>> days = pd.date_range("2026-11-01", periods=30, tz="UTC")
    >>> traffic = pd.DataFrame({"date": days, "service": "payment", "requests": 1_000_000, "errors": 0})
    >>> from sre_lab.cost.telemetry import telemetry_volumes
    >>> bill = monthly_bill(telemetry_volumes(traffic))
    >>> bill.groupby("component")["usd"].sum().round(3).to_dict()
    {'ingest': 45.105, 'licence': 60.0, 'query': 0.451, 'series': 7.6, 'storage_hot': 2.707}
    """
    check_columns("volumes", volumes, ("date", "service", "signal", "count", "bytes"))
    table = _prices(prices)
    tiers = _retention(retention_days)
    scan = check_real("query_scan_ratio", query_scan_ratio, low=0, high=1e6, scalar=True)
    profile = _profile(profile)
    interval = check_real("profile['scrape_interval_s']", profile["scrape_interval_s"], low=0, low_open=True,
                          scalar=True)
    dates = volumes["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise TypeError(described("volumes['date']", "UTC days (datetime64)", f"a column of {dates.dtype}",
                                "Pass what sl.telemetry_volumes returned."))
    if dates.isna().any():
        raise ValueError(described("volumes['date']", "a date in every row", "a missing value"))
    if dates.dt.tz is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    signals = volumes["signal"].astype(str).to_numpy()
    signal_code = np.full(len(signals), -1)
    for i, name in enumerate(SIGNALS):
        signal_code[signals == name] = i
    if (signal_code < 0).any():
        raise ValueError(message("volumes['signal']", f"one of {', '.join(SIGNALS)}",
                                 signals[signal_code < 0][0]))
    size = check_real("volumes['bytes']", volumes["bytes"].to_numpy(), low=0, rule="a number of bytes >= 0")
    count = check_real("volumes['count']", volumes["count"].to_numpy(), low=0, rule="a count >= 0")
    columns = ["month", "service", "signal", "component", "days", "quantity", "unit", "usd_per_unit", "usd"]
    if len(volumes) == 0:
        return pd.DataFrame(columns=columns)
    day = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    services, service_code = np.unique(volumes["service"].astype(str).to_numpy(), return_inverse=True)
    first_seen = {name: i for i, name in enumerate(pd.unique(volumes["service"].astype(str)))}
    month_code = month.astype(np.int64)
    key = (month_code - month_code.min()) * (len(services) * 3) + service_code * 3 + signal_code
    keys, group = np.unique(key, return_inverse=True)
    n = len(keys)
    gb = np.bincount(group, weights=size / 1e9, minlength=n)
    total = np.bincount(group, weights=count, minlength=n)
    day_code = day.astype(np.int64)
    pairs = np.unique(group.astype(np.int64) * (day_code.max() - day_code.min() + 1) + (day_code - day_code.min()))
    days = np.bincount(pairs // (day_code.max() - day_code.min() + 1), minlength=n).astype(float)
    g_month = (keys // (len(services) * 3)) + month_code.min()
    g_service = (keys // 3) % len(services)
    g_signal = keys % 3
    month_start = g_month.astype("datetime64[M]")
    days_in_month = ((month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype(float)
    covered = days / days_in_month
    gb_per_day = gb / days
    is_metric = g_signal == SIGNALS.index("metrics")
    service_names = services[g_service]

    parts = []

    def add(mask, component, quantity, unit, price, signal=None):
        idx = np.flatnonzero(mask)
        parts.append({"g": idx, "component": component, "quantity": np.asarray(quantity, dtype=float)[idx],
                      "unit": unit, "price": price, "signal": signal})

    add(~is_metric, "ingest", gb, PRICE_ITEMS["ingest"], table["ingest"])
    for tier in _TIERS:
        held = np.array([tiers[name][tier] for name in SIGNALS])[g_signal]
        add(held > 0, f"storage_{tier}", gb_per_day * held * covered, PRICE_ITEMS[f"storage_{tier}"],
            table[f"storage_{tier}"])
    add(~is_metric & (scan > 0), "query", gb * scan, PRICE_ITEMS["query"], table["query"])
    add(is_metric, "series", total / days * interval / 86400.0 * covered, PRICE_ITEMS["metric_series"],
        table["metric_series"])
    hosts = profile["hosts"]
    known = [name for name in services if name in hosts]
    host_count = _per_key("profile['hosts']", hosts, known) if known else {}
    # One licence row per month and service: the group of its first signal present that month.
    month_service = g_month * len(services) + g_service
    _, first = np.unique(month_service, return_index=True)
    licensed = np.zeros(n, dtype=bool)
    licensed[first] = True
    licensed &= np.isin(service_names, known)
    per_host = np.array([host_count.get(name, 0.0) for name in service_names])
    add(licensed, "licence", per_host * covered, PRICE_ITEMS["host_licence"], table["host_licence"], signal="")

    g = np.concatenate([p["g"] for p in parts])
    component_rank = np.concatenate([np.full(len(p["g"]), i) for i, p in enumerate(parts)])
    quantity = np.concatenate([p["quantity"] for p in parts])
    price = np.concatenate([np.full(len(p["g"]), p["price"], dtype=float) for p in parts])
    unit = np.concatenate([np.full(len(p["g"]), p["unit"], dtype=object) for p in parts])
    names = np.array([p["component"] for p in parts], dtype=object)
    is_licence = np.concatenate([np.full(len(p["g"]), p["signal"] == "") for p in parts])
    signal_rank = np.where(is_licence, -1, g_signal[g])
    service_rank = np.array([first_seen[name] for name in services])[g_service[g]]
    order = np.lexsort((component_rank, signal_rank, service_rank, g_month[g]))
    g, component_rank, quantity, price, unit, signal_rank = (
        a[order] for a in (g, component_rank, quantity, price, unit, signal_rank))
    signal_names = np.array(["", *SIGNALS], dtype=object)
    return pd.DataFrame({
        "month": np.datetime_as_string(g_month[g].astype("datetime64[M]"), unit="M"),
        "service": service_names[g],
        "signal": signal_names[signal_rank + 1],
        "component": names[component_rank],
        "days": days[g].astype(np.int64),
        "quantity": quantity,
        "unit": unit,
        "usd_per_unit": price,
        "usd": quantity * price,
    })
