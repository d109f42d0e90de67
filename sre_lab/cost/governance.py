"""Governance: cardinality budgets, a log-level policy check, an observability-sprawl audit.

Emma's hub stays affordable because its rules are written down and checked
by code, not by goodwill: every service has a budget of active metric series;
DEBUG logging in production needs a dated exemption; and a routine audit lists
the series nobody uses, costliest first.

Public names
------------
===========================  =================================================
``SPRAWL_METRICS``           metrics MicroCorp's teams added over the years,
                             beyond the RED metrics of ``sl.TELEMETRY_PROFILE``
``metric_catalogue``         every metric in the hub's Prometheus with its
                             series (``sl.metric_series`` of both)
``cardinality_budget``       active series per service against its budget,
                             with the metric to cut first
``LOG_LEVEL_POLICY``         the course's policy: INFO or above in production,
                             DEBUG only with an exemption that expires
``log_level_policy_check``   each service's configured level against the
                             policy, and the GB a day a violation adds
``simulate_metric_usage``    who uses each metric: alert rules, dashboards,
                             ad-hoc queries in the last 90 days (MicroCorp)
``sprawl_audit``             the costliest *unused* series
===========================  =================================================

How "unused" is known
---------------------
A metric is *used* when an alert or recording rule reads it, a dashboard
panel queries it, or someone queried it ad hoc in the lookback window (the
query log). Grafana Mimir's ``mimirtool analyze`` does the first two by
parsing rule files and dashboards (``analyze ruler`` / ``analyze grafana``)
and then lists the metrics in Prometheus that neither uses (``analyze
prometheus``); the query log (Prometheus ``query_log_file``) supplies the
third. A metric nobody has read in 90 days is a candidate, not a verdict: the
audit lists it with its cost, and its owner decides (drop it, aggregate it,
or keep it with a reason). Notebook ``notebooks/04_cost/3c_governance_and_audits``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_int, check_real, message

__all__ = [
    "SPRAWL_METRICS",
    "metric_catalogue",
    "cardinality_budget",
    "LOG_LEVEL_POLICY",
    "log_level_policy_check",
    "simulate_metric_usage",
    "sprawl_audit",
]

_LEVELS = ("DEBUG", "INFO", "WARN", "ERROR")

LOG_LEVEL_POLICY = MappingProxyType({
    "minimum_level": "INFO",
    "exemption_max_days": 7,
})
"""The course's log-level policy (read-only): services log at ``INFO`` or above
in production; ``DEBUG`` needs an exemption with an expiry at most 7 days
after it was granted (a debugging session, not a setting).

Examples
--------
>>> LOG_LEVEL_POLICY["minimum_level"]
'INFO'
"""


SPRAWL_METRICS = MappingProxyType({
    "checkout": {
        "checkout_items_per_cart_bucket": {"le": 12, "country": 40},
        "checkout_promo_code_hits_total": {"promo_code": 300},
        "checkout_ab_variant_total": {"experiment": 25, "variant": 4, "route": 6},
    },
    "payment": {
        "payment_gateway_latency_seconds_bucket": {"gateway": 3, "le": 12, "region": 4},
        "payment_legacy_gateway_errors_total": {"v1_error_code": 60, "region": 4},
    },
    "search": {
        "search_query_terms_total": {"term": 2000},
        "search_shard_documents": {"shard": 64, "instance": 10},
        "search_cache_hits_total": {"cache_key_prefix": 500},
    },
    "notifications": {
        "notifications_sent_total": {"channel": 3, "template": 40, "locale": 12},
        "notifications_debug_queue_depth": {"instance": 2, "queue": 20},
    },
})
"""Metrics MicroCorp's teams added beyond the RED and runtime metrics of
``sl.TELEMETRY_PROFILE["metrics"]``, as ``{service: {metric: {label: values}}}``
(read-only; a course scenario). Some answer real questions (gateway latency,
notifications sent); some outlived theirs (a retired v1 gateway, a promotion
that ended, a debug gauge); one labels by free text (``term``).

Examples
--------
>>> sorted(SPRAWL_METRICS)
['checkout', 'notifications', 'payment', 'search']
"""

_USAGE = {  # (alert_rules, dashboards, queries_90d) of the metrics in SPRAWL_METRICS
    "checkout_items_per_cart_bucket": (0, 1, 14),
    "checkout_promo_code_hits_total": (0, 0, 0),
    "checkout_ab_variant_total": (0, 0, 3),
    "payment_gateway_latency_seconds_bucket": (1, 2, 41),
    "payment_legacy_gateway_errors_total": (0, 0, 0),
    "search_query_terms_total": (0, 0, 1),
    "search_shard_documents": (0, 1, 6),
    "search_cache_hits_total": (0, 0, 0),
    "notifications_sent_total": (1, 1, 22),
    "notifications_debug_queue_depth": (0, 0, 0),
}


def metric_catalogue(*, sprawl=True) -> pd.DataFrame:
    """Every metric in the hub's Prometheus with its active series.

    Parameters
    ----------
    sprawl : bool, default True
        Add :data:`SPRAWL_METRICS` to the RED and runtime metrics of
        ``sl.TELEMETRY_PROFILE["metrics"]``.

    Returns
    -------
    pandas.DataFrame
        ``sl.metric_series`` of the merged ``{service: {metric: labels}}``:
        ``service``, ``metric``, ``labels``, ``series``.

    Examples
    --------
    >>> int(metric_catalogue()["series"].sum() - metric_catalogue(sprawl=False)["series"].sum())
    6384
    """
    from .telemetry import TELEMETRY_PROFILE, metric_series

    if not isinstance(sprawl, (bool, np.bool_)):
        raise TypeError(message("sprawl", "True or False", sprawl))
    merged = {service: dict(metrics) for service, metrics in TELEMETRY_PROFILE["metrics"].items()}
    if sprawl:
        for service, metrics in SPRAWL_METRICS.items():
            merged.setdefault(service, {}).update(metrics)
    return metric_series(merged)


def _series_table(name: str, series: Any) -> pd.DataFrame:
    rule = "a DataFrame from sl.metric_series (columns service, metric, series)"
    if not isinstance(series, pd.DataFrame):
        raise TypeError(message(name, rule, type(series).__name__))
    if not {"service", "metric", "series"} <= set(series.columns):
        raise ValueError(message(name, rule, f"columns {[str(c) for c in series.columns]}"))
    if len(series) == 0:
        raise ValueError(message(name, "a non-empty DataFrame", "an empty DataFrame"))
    try:
        counts = pd.to_numeric(series["series"]).to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise TypeError(message(f"{name}['series']", "numbers", "a column that is not numeric")) from None
    if not np.isfinite(counts).all() or (counts < 0).any():
        raise ValueError(message(f"{name}['series']", "counts >= 0", "negative or missing counts"))
    out = pd.DataFrame({"service": series["service"].astype(str).to_numpy(),
                        "metric": series["metric"].astype(str).to_numpy(), "series": counts})
    if out.duplicated(["service", "metric"]).any():
        raise ValueError(message(name, "one row per (service, metric)", "repeated rows"))
    return out


def _per_service(name: str, value: Any, services: list[str], *, low=0.0) -> dict:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = check_real(name, value, low=low, high=1e15, low_open=True, scalar=True)
        return {s: number for s in services}
    if not hasattr(value, "items"):
        raise TypeError(message(name, "a number or a mapping service -> number", type(value).__name__))
    out = {}
    for s in services:
        if s not in value:
            raise ValueError(message(name, f"a value for every service ({services})", dict(value)))
        out[s] = check_real(f"{name}[{s!r}]", value[s], low=low, high=1e15, low_open=True, scalar=True)
    return out


# --------------------------------------------------------------------------- cardinality

def cardinality_budget(series, *, budget_per_service) -> pd.DataFrame:
    """Active series per service against a cardinality budget.

    Every unique combination of label values is one series, stored and billed
    on its own (Prometheus stores each; Grafana Cloud bills active series,
    Datadog each tag combination of a custom metric). A budget per service
    makes the owner of a label-value explosion see it first.

    Parameters
    ----------
    series : pandas.DataFrame
        One row per (service, metric): ``service``, ``metric``, ``series``
        (active series), as ``sl.metric_series`` returns.
    budget_per_service : float or mapping
        Active series each service may have: one number for all, or
        ``{service: budget}``.

    Returns
    -------
    pandas.DataFrame
        One row per service: ``series``, ``budget``, ``share_of_budget``,
        ``over`` (bool), ``largest_metric``, ``largest_metric_series`` and
        ``cut_needed`` (series to remove to fit, 0 if within budget).

    Raises
    ------
    TypeError, ValueError
        A bad table or budget.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"service": ["a", "a", "b"], "metric": ["x", "y", "x"],
    ...                   "series": [900, 300, 100]})
    >>> cardinality_budget(s, budget_per_service=1000)[["series", "over", "cut_needed"]].values.tolist()
    [[1200.0, True, 200.0], [100.0, False, 0.0]]
    """
    table = _series_table("series", series)
    services = sorted(table["service"].unique())
    budgets = _per_service("budget_per_service", budget_per_service, services)
    total = table.groupby("service")["series"].sum()
    top = table.sort_values(["series", "metric"], ascending=[False, True]).groupby("service").head(1) \
        .set_index("service")
    out = pd.DataFrame({"series": total, "budget": pd.Series(budgets)})
    out["share_of_budget"] = out["series"] / out["budget"]
    out["over"] = out["series"] > out["budget"]
    out["largest_metric"] = top["metric"]
    out["largest_metric_series"] = top["series"]
    out["cut_needed"] = np.maximum(out["series"] - out["budget"], 0.0)
    out.index.name = "service"
    return out


# --------------------------------------------------------------------------- log levels

def log_level_policy_check(log_levels, *, exemptions=None, on_date=None, traffic=None,
                           policy=LOG_LEVEL_POLICY) -> pd.DataFrame:
    """Check each service's log level against the policy, and price a violation in GB a day.

    Parameters
    ----------
    log_levels : mapping
        ``{service: level}`` as configured in production (DEBUG, INFO, WARN,
        ERROR); every MicroCorp service.
    exemptions : mapping, optional
        ``{service: (granted, expires)}`` dates: DEBUG allowed from ``granted``
        to ``expires`` if that is at most ``policy["exemption_max_days"]``.
    on_date : date-like, optional
        The day of the check (default: the last day of ``traffic``).
    traffic : pandas.DataFrame, optional
        Daily requests per service (``sl.load_daily_history()``, the default);
        its last 28 days give the GB a day of each level.
    policy : mapping, default :data:`LOG_LEVEL_POLICY`

    Returns
    -------
    pandas.DataFrame
        One row per service: ``level``, ``allowed`` (bool), ``reason``,
        ``gb_per_day`` (logs at the configured level), ``policy_gb_per_day``
        (at the policy's minimum level) and ``extra_gb_per_day``.

    Raises
    ------
    TypeError, ValueError
        Unknown service or level, a bad exemption.

    Notes
    -----
    Volumes come from ``sl.telemetry_volumes`` (the course's telemetry
    profile), so the GB match the bills of notebooks 1a-1c.

    Examples
    --------
    >>> check = log_level_policy_check({"checkout": "INFO", "payment": "INFO",
    ...                                 "search": "DEBUG", "notifications": "WARN"})
    >>> check["allowed"].to_dict()
    {'checkout': True, 'payment': True, 'search': False, 'notifications': True}
    """
    from ..datasets import load_daily_history
    from ..simulation import SERVICES
    from .telemetry import telemetry_volumes

    if not hasattr(policy, "get") or policy.get("minimum_level") not in _LEVELS:
        raise TypeError(message("policy", "a mapping like sl.LOG_LEVEL_POLICY", type(policy).__name__))
    minimum = policy["minimum_level"]
    max_days = check_int("policy['exemption_max_days']", policy.get("exemption_max_days", 7), low=0, high=365)
    if traffic is None:
        traffic = load_daily_history()
    if not isinstance(traffic, pd.DataFrame) or not {"date", "service", "requests"} <= set(traffic.columns):
        raise TypeError(message("traffic", "a daily DataFrame like sl.load_daily_history()",
                                type(traffic).__name__))
    if len(traffic) == 0:
        raise ValueError(message("traffic", "a non-empty DataFrame", "an empty DataFrame"))
    names = [s.name for s in SERVICES]
    if not hasattr(log_levels, "items"):
        raise TypeError(message("log_levels", "a mapping service -> level", type(log_levels).__name__))
    levels = {}
    for service, level in log_levels.items():
        check_choice("log_levels service", service, names)
        levels[service] = check_choice(f"log_levels[{service!r}]", level, _LEVELS)
    missing = [s for s in names if s not in levels]
    if missing:
        raise ValueError(message("log_levels", f"a level for every service ({names})", dict(log_levels)))
    try:
        dates = pd.DatetimeIndex(pd.to_datetime(traffic["date"], utc=True))
    except (TypeError, ValueError, OverflowError):
        raise ValueError(message("traffic['date']", "dates", "values pandas cannot read")) from None
    day = dates.max() if on_date is None else _utc_day("on_date", on_date)
    exempt = {}
    if exemptions is not None and not isinstance(exemptions, dict):
        raise TypeError(message("exemptions", "None or a dict service -> (granted, expires)",
                                type(exemptions).__name__))
    for service, window in (exemptions or {}).items():
        check_choice("exemptions service", service, names)
        if not isinstance(window, (tuple, list)) or len(window) != 2:
            raise TypeError(message(f"exemptions[{service!r}]", "a pair (granted, expires) of dates", window))
        granted, expires = _utc_day("exemptions granted", window[0]), _utc_day("exemptions expires", window[1])
        if expires < granted:
            raise ValueError(message(f"exemptions[{service!r}]", "granted on or before it expires", window))
        exempt[service] = (granted, expires)

    recent = traffic[dates >= dates.max() - pd.Timedelta(days=27)]
    gb = {}
    for level in set(levels.values()) | {minimum}:
        volumes = telemetry_volumes(recent, log_levels=level)
        logs = volumes[volumes["signal"] == "logs"]
        gb[level] = logs.groupby("service")["bytes"].sum() / 1e9 / recent["date"].nunique()
    rows = {}
    rank = {lvl: i for i, lvl in enumerate(_LEVELS)}
    for service in names:
        level = levels[service]
        if rank[level] >= rank[minimum]:
            allowed, reason = True, f"{level} is at or above {minimum}"
        elif service in exempt:
            granted, expires = exempt[service]
            if (expires - granted).days > max_days:
                allowed, reason = False, f"exemption longer than {max_days} days"
            elif not granted <= day <= expires:
                allowed, reason = False, f"exemption expired {expires.date()}" if day > expires \
                    else f"exemption starts {granted.date()}"
            else:
                allowed, reason = True, f"exempt until {expires.date()}"
        else:
            allowed, reason = False, f"{level} below {minimum} without an exemption"
        now = float(gb[level].get(service, 0.0))
        base = float(gb[minimum].get(service, 0.0))
        rows[service] = {"level": level, "allowed": allowed, "reason": reason, "gb_per_day": now,
                         "policy_gb_per_day": base, "extra_gb_per_day": max(now - base, 0.0)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "service"
    return out


def _utc_day(name: str, value: Any) -> pd.Timestamp:
    if isinstance(value, (bool, int, float)) or value is None:
        raise TypeError(message(name, "a date", value))
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(message(name, "a date", value)) from None
    if pd.isna(stamp):
        raise ValueError(message(name, "a date", value))
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.normalize()


# --------------------------------------------------------------------------- sprawl

def simulate_metric_usage(series, *, rng=0) -> pd.DataFrame:
    """Who reads each metric: alert rules, dashboards and ad-hoc queries in 90 days.

    MicroCorp's usage, for the audit. The RED metrics (requests, durations)
    feed the SLO alert rules and the service dashboards; runtime metrics
    (CPU, memory, connections) sit on dashboards; the metrics of
    :data:`SPRAWL_METRICS` have the usage written in this module (some none).
    Any other metric gets a random draw (seeded).

    Parameters
    ----------
    series : pandas.DataFrame
        One row per (service, metric), as ``sl.metric_series`` returns.
    rng : int, numpy.random.Generator or None, default 0

    Returns
    -------
    pandas.DataFrame
        One row per (service, metric): ``alert_rules`` and ``dashboards``
        (how many reference it) and ``queries_90d`` (ad-hoc queries in the
        query log over the last 90 days).

    Examples
    --------
    >>> u = simulate_metric_usage(metric_catalogue())
    >>> u.loc[u["metric"] == "payment_legacy_gateway_errors_total", "queries_90d"].item()
    0
    """
    from .._windows import check_rng

    table = _series_table("series", series)
    generator = check_rng(rng)
    n = len(table)
    metric = table["metric"]
    red = metric.str.startswith("http_server_").to_numpy()
    runtime = metric.str.match(r"^(process_|db_client_)").to_numpy()
    draw = generator.random(n)
    queries = generator.poisson(30, n)
    alert_rules = np.where(red, 2, np.where(draw < 0.15, 1, 0))
    dashboards = np.where(red, 3, np.where(runtime, 1, np.where(draw < 0.45, 1, 0)))
    queries = np.where(red | runtime | (draw < 0.45), queries, np.where(draw < 0.7, queries // 10, 0))
    for i, name in enumerate(metric):
        if name in _USAGE:
            alert_rules[i], dashboards[i], queries[i] = _USAGE[name]
    return pd.DataFrame({"service": table["service"], "metric": table["metric"],
                         "alert_rules": alert_rules.astype(int), "dashboards": dashboards.astype(int),
                         "queries_90d": queries.astype(int)})


def sprawl_audit(series, usage, *, usd_per_series_month, min_queries=1, top=10) -> pd.DataFrame:
    """List the costliest unused metrics: no rule, no dashboard, (almost) no queries.

    Parameters
    ----------
    series : pandas.DataFrame
        One row per (service, metric) with ``series`` (active series).
    usage : pandas.DataFrame
        One row per (service, metric): ``alert_rules``, ``dashboards``,
        ``queries_90d`` (as :func:`simulate_metric_usage` returns).
    usd_per_series_month : float
        Price of one active series for a month (read it from ``sl.PRICES``).
    min_queries : int, default 1
        A metric queried fewer times than this in 90 days, and read by no
        rule and no dashboard, is *unused*.
    top : int, default 10
        Rows to return (1 .. 10,000).

    Returns
    -------
    pandas.DataFrame
        The unused metrics, costliest first: ``service``, ``metric``,
        ``series``, ``queries_90d``, ``usd_per_month``,
        ``cumulative_share`` (of all unused spend).

    Raises
    ------
    TypeError, ValueError
        Bad tables (usage must cover every metric), price or options.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"service": ["a", "a", "b"], "metric": ["x", "y", "z"], "series": [100, 50, 10]})
    >>> u = pd.DataFrame({"service": ["a", "a", "b"], "metric": ["x", "y", "z"],
    ...                   "alert_rules": [1, 0, 0], "dashboards": [0, 0, 0], "queries_90d": [0, 0, 0]})
    >>> sprawl_audit(s, u, usd_per_series_month=0.05)[["metric", "usd_per_month"]].values.tolist()
    [['y', 2.5], ['z', 0.5]]
    """
    table = _series_table("series", series)
    rule = "a DataFrame with the columns service, metric, alert_rules, dashboards, queries_90d"
    if not isinstance(usage, pd.DataFrame):
        raise TypeError(message("usage", rule, type(usage).__name__))
    need = ["service", "metric", "alert_rules", "dashboards", "queries_90d"]
    if not set(need) <= set(usage.columns):
        raise ValueError(message("usage", rule, f"columns {[str(c) for c in usage.columns]}"))
    price = check_real("usd_per_series_month", usd_per_series_month, low=0, high=1e6, scalar=True)
    min_queries = check_int("min_queries", min_queries, low=0, high=10**9)
    top = check_int("top", top, low=1, high=10_000)
    used = usage[need].copy()
    used["service"] = used["service"].astype(str)
    used["metric"] = used["metric"].astype(str)
    if used.duplicated(["service", "metric"]).any():
        raise ValueError(message("usage", "one row per (service, metric)", "repeated rows"))
    for column in need[2:]:
        try:
            values = pd.to_numeric(used[column]).to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise TypeError(message(f"usage[{column!r}]", "counts", "a column that is not numeric")) from None
        if not np.isfinite(values).all() or (values < 0).any():
            raise ValueError(message(f"usage[{column!r}]", "counts >= 0", "negative or missing counts"))
        used[column] = values
    merged = table.merge(used, on=["service", "metric"], how="left", indicator=True)
    if (merged["_merge"] != "both").any():
        row = merged[merged["_merge"] != "both"].iloc[0]
        raise ValueError(message("usage", "a row for every metric of series",
                                 f"no usage for {row['service']}/{row['metric']}"))
    unused = merged[(merged["alert_rules"] == 0) & (merged["dashboards"] == 0)
                    & (merged["queries_90d"] < min_queries)].copy()
    unused["usd_per_month"] = unused["series"] * price
    unused = unused.sort_values(["usd_per_month", "service", "metric"], ascending=[False, True, True])
    total = unused["usd_per_month"].sum()
    unused["cumulative_share"] = unused["usd_per_month"].cumsum() / total if total > 0 else 0.0
    columns = ["service", "metric", "series", "queries_90d", "usd_per_month", "cumulative_share"]
    return unused[columns].head(top).reset_index(drop=True)
