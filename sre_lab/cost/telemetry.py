"""MicroCorp's telemetry: log lines, spans and metric samples per service and day; its traces.

Every request MicroCorp serves writes log lines, spans and (through its
services' metrics) samples. How many, and how big, is a documented profile,
:data:`TELEMETRY_PROFILE`; the volumes follow from the traffic in the data,
so the cost section prices the same world the SLO and incident sections
measure.

Public names
------------
=====================  ========================================================
``TELEMETRY_PROFILE``  volumes per request (log lines per level, spans per trace,
                       bytes per line / span / sample), metric labels, scrape
                       interval and hosts per service, with a source for each
``LOG_LEVELS``         ``("DEBUG", "INFO", "WARN", "ERROR")``, least severe first
``SIGNALS``            ``("logs", "spans", "metrics")``
``telemetry_volumes``  one row per (date, service, signal, level): count and bytes
``metric_series``      cardinality: series per metric (product of label values)
``spans_per_trace``    mean spans of a trace rooted at each service
``simulate_traces``    a month of MicroCorp's traces, tied to its incidents
=====================  ========================================================

The traces are a stratified sample of the 28 days of ``sl.load_requests()``:
every failed request and every request slower than 1,000 ms is a trace, and
0.2 % of the other requests (``ok_share``), so about 310,000 rows stand for
MicroCorp's 112 million requests. Each row's ``weight`` says how many traces it
stands for (1 or 500); weighted sums estimate the real volumes.

Notebooks: ``notebooks/04_cost/`` (1a cost components, 1c sampling and
retention, 2a tiered observability).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_columns, check_fraction, check_real, message
from .._windows import check_rng, described
from ..simulation import DEPENDENCIES, LATENCY_BUCKETS_MS, SERVICE_NAMES

__all__ = [
    "TELEMETRY_PROFILE",
    "LOG_LEVELS",
    "SIGNALS",
    "telemetry_volumes",
    "metric_series",
    "spans_per_trace",
    "simulate_traces",
]

LOG_LEVELS = ("DEBUG", "INFO", "WARN", "ERROR")
SIGNALS = ("logs", "spans", "metrics")

_ASSUMED = ("course assumption (no published typical value; measure your own with the "
            "vendor's usage page)")


def _red_metrics(routes: int, hosts: int) -> dict[str, dict[str, int]]:
    """RED and runtime metrics of one service: {metric: {label: number of values}}."""
    return {
        "http_server_requests_total": {"route": routes, "method": 2, "status_code": 5},
        "http_server_duration_seconds_bucket": {"route": routes, "method": 2, "le": 12},
        "process_cpu_seconds_total": {"instance": hosts},
        "process_resident_memory_bytes": {"instance": hosts},
        "db_client_connections_usage": {"instance": hosts, "state": 2},
    }


_HOSTS = {"checkout": 6, "payment": 4, "search": 10, "notifications": 2}
_ROUTES = {"checkout": 6, "payment": 4, "search": 3, "notifications": 2}

#: What one request of MicroCorp writes, and what its metrics cost. Every
#: function here takes ``profile=`` (a modified ``copy.deepcopy`` of this dict)
#: so a learner can change one number. ``sources`` says where each comes from.
TELEMETRY_PROFILE: dict[str, Any] = {
    # Log lines each request writes at each level (when the level is on) ...
    "log_lines_per_request": {"DEBUG": 20.0, "INFO": 4.0, "WARN": 0.02, "ERROR": 0.0},
    # ... and the extra lines each *failed* request writes.
    "log_lines_per_error": {"DEBUG": 5.0, "INFO": 0.0, "WARN": 1.0, "ERROR": 2.0},
    # Bytes per line: structured JSON with trace and span ids; ERROR lines carry a stack trace.
    "bytes_per_log_line": {"DEBUG": 250.0, "INFO": 300.0, "WARN": 350.0, "ERROR": 1500.0},
    # Spans a service writes per request it serves (its own, without its dependencies').
    "spans_per_request": {"checkout": 4.0, "payment": 3.0, "search": 3.0, "notifications": 2.0},
    # Bytes of one span as sent over OTLP (name, ids, timestamps, ~10 attributes).
    "bytes_per_span": 600.0,
    # Extra bytes of a failed trace: an exception event with a stack trace.
    "bytes_per_error_event": 1500.0,
    # Metric definitions per service: {service: {metric: {label: number of values}}}.
    "metrics": {name: _red_metrics(_ROUTES[name], _HOSTS[name]) for name in SERVICE_NAMES},
    # Prometheus' default scrape interval.
    "scrape_interval_s": 15.0,
    # Stored bytes per sample after compression.
    "bytes_per_sample": 1.5,
    # Hosts (VMs / nodes) each service runs on: per-host licences count them.
    "hosts": dict(_HOSTS),
    "sources": {
        "log_lines_per_request": _ASSUMED,
        "log_lines_per_error": _ASSUMED,
        "bytes_per_log_line": _ASSUMED,
        "spans_per_request": _ASSUMED + "; calls between services follow sl.DEPENDENCIES",
        "bytes_per_span": _ASSUMED,
        "bytes_per_error_event": _ASSUMED,
        "metrics": "series = product of label value counts: every unique label combination is a "
                   "series (Grafana Cloud 'active series'; Datadog custom metrics), ops_facts.md §4.4",
        "scrape_interval_s": "Prometheus default scrape interval 15 s (4 samples per minute); "
                             "Grafana recommends 60 s; ops_facts.md §4.1",
        "bytes_per_sample": "Prometheus storage docs: 'around 1-2 bytes per sample' "
                            "(https://prometheus.io/docs/prometheus/latest/storage/); Gorilla 1.37 B",
        "hosts": "MicroCorp's fleet, a course assumption",
    },
}


# --------------------------------------------------------------------------- profile checks

def _profile(profile) -> dict:
    if profile is None:
        return TELEMETRY_PROFILE
    if not isinstance(profile, dict):
        raise TypeError(described("profile", "a dict shaped like sl.TELEMETRY_PROFILE", f"a {type(profile).__name__}",
                                "Start from copy.deepcopy(sl.TELEMETRY_PROFILE) and change one value."))
    missing = [key for key in TELEMETRY_PROFILE if key != "sources" and key not in profile]
    if missing:
        raise ValueError(described("profile", "a dict with the keys of sl.TELEMETRY_PROFILE",
                                 f"a dict without {', '.join(repr(k) for k in missing)}",
                                 "Start from copy.deepcopy(sl.TELEMETRY_PROFILE) and change one value."))
    return profile


def _per_key(name: str, mapping, keys, *, low=0.0, rule="a number >= 0") -> dict[str, float]:
    """Check ``{key: number}`` holds every key with a number >= low."""
    if not isinstance(mapping, dict):
        raise TypeError(message(name, f"a dict {{key: number}} for {', '.join(keys)}", mapping))
    out = {}
    for key in keys:
        if key not in mapping:
            raise ValueError(message(name, f"a dict with a value for each of {', '.join(keys)}", mapping,
                                     f"Missing: {key!r}."))
        out[key] = check_real(f"{name}[{key!r}]", mapping[key], low=low, scalar=True, rule=rule)
    return out


def _level_of(name: str, value) -> str:
    if isinstance(value, str) and value.upper() in LOG_LEVELS and value != value.upper():
        value = value.upper()
    if isinstance(value, str) and value.upper() == "WARNING":
        value = "WARN"
    return check_choice(name, value, LOG_LEVELS)


def _levels(log_levels, services) -> dict[str, str]:
    """Minimum log level per service."""
    if log_levels is None:
        return {s: "INFO" for s in services}
    if isinstance(log_levels, str):
        level = _level_of("log_levels", log_levels)
        return {s: level for s in services}
    if not isinstance(log_levels, dict):
        raise TypeError(message("log_levels", "a level ('DEBUG', 'INFO', 'WARN', 'ERROR') or a dict "
                                              "{service: level}", log_levels))
    unknown = [s for s in log_levels if s not in services]
    if unknown:
        raise ValueError(message("log_levels", "a dict whose keys are services of the traffic "
                                               f"({', '.join(services)})", unknown[0]))
    return {s: _level_of(f"log_levels[{s!r}]", log_levels.get(s, "INFO")) for s in services}


def _share_per_service(name: str, value, services) -> dict[str, float]:
    if value is None:
        return {s: 1.0 for s in services}
    if isinstance(value, dict):
        unknown = [s for s in value if s not in services]
        if unknown:
            raise ValueError(message(name, f"a dict whose keys are services of the traffic "
                                           f"({', '.join(services)})", unknown[0]))
        return {s: check_fraction(f"{name}[{s!r}]", value.get(s, 1.0), closed=True, scalar=True)
                for s in services}
    share = check_fraction(name, value, closed=True, scalar=True)
    return {s: share for s in services}


def _daily_traffic(traffic) -> pd.DataFrame:
    """Daily requests and errors per service from the daily or the 1-minute frame."""
    if traffic is None:
        from ..datasets import load_daily_history

        traffic = load_daily_history()
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(described("traffic", "a DataFrame like sl.load_daily_history() or sl.load_requests()",
                                  f"a {type(traffic).__name__}"))
    time_column = "date" if "date" in traffic.columns else "timestamp"
    if isinstance(traffic.index, pd.DatetimeIndex) and "service" not in traffic.columns:
        raise ValueError(described("traffic", "a long frame with 'service' and 'date' (or 'timestamp') columns",
                                   "one service's frame indexed by time",
                                   "Pass sl.load_requests() (all services), or name the service: "
                                   "frame.reset_index().assign(service='checkout')."))
    check_columns("traffic", traffic, (time_column, "service", "requests", "errors"))
    times = traffic[time_column]
    if not pd.api.types.is_datetime64_any_dtype(times):
        raise TypeError(described(f"traffic[{time_column!r}]", "timestamps (datetime64, UTC)",
                                  f"a column of {times.dtype}",
                                "Load the data with sl.load_daily_history() or sl.load_requests()."))
    if times.isna().any():
        raise ValueError(described(f"traffic[{time_column!r}]", "a timestamp in every row", "a missing value"))
    if times.dt.tz is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    days = times.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    counts = {}
    for column in ("requests", "errors"):
        counts[column] = check_real(f"traffic[{column!r}]", traffic[column].to_numpy(), low=0,
                                    rule="a count >= 0 in every row")
    if (counts["errors"] > counts["requests"]).any():
        i = int(np.flatnonzero(counts["errors"] > counts["requests"])[0])
        raise ValueError(message("traffic['errors']", "at most traffic['requests'] in every row",
                                 float(counts["errors"][i]), f"(row {i})"))
    services = traffic["service"].astype(str).to_numpy()
    frame = pd.DataFrame({"date": days, "service": services, "requests": counts["requests"],
                          "errors": counts["errors"]})
    frame = frame.groupby(["date", "service"], sort=False, as_index=False)[["requests", "errors"]].sum()
    frame["date"] = pd.DatetimeIndex(frame["date"].to_numpy(dtype="datetime64[ns]")).tz_localize("UTC")
    return frame


def spans_per_trace(*, profile=None) -> dict[str, float]:
    """Mean spans in a trace rooted at each service, its dependencies' spans included.

    A checkout request calls payment on 60 % of requests and search on 30 %
    (``sl.DEPENDENCIES``), so its trace holds checkout's own spans plus, on
    average, 0.6 of payment's and 0.3 of search's.

    Examples
    --------
    >>> spans_per_trace()["checkout"]   # 4 + 0.6 * 3 + 0.3 * 3
    6.7
    >>> spans_per_trace()["search"]
    3.0
    """
    profile = _profile(profile)
    own = _per_key("profile['spans_per_request']", profile["spans_per_request"], SERVICE_NAMES)
    out = {}
    for service in own:
        total = own[service]
        for dependency, share in DEPENDENCIES.get(service, {}).items():
            total += share * own[dependency]
        out[service] = round(total, 10)
    return out


def metric_series(metrics=None) -> pd.DataFrame:
    """Count the time series each metric creates: the product of its label value counts.

    Every unique combination of label values is a separate series, stored and
    billed on its own; one label with many values (a user id, a raw URL
    path) multiplies the bill. That is *cardinality*.

    Parameters
    ----------
    metrics : dict, optional
        ``{metric: {label: number of values}}`` (a list of values counts its
        distinct values), or ``{service: {metric: {label: ...}}}``. Default:
        MicroCorp's metrics, ``TELEMETRY_PROFILE["metrics"]``.

    Returns
    -------
    DataFrame
        One row per metric: ``service`` ("" when not given per service),
        ``metric``, ``labels`` (``"route x method x status_code"``) and
        ``series`` (int).

    Notes
    -----
    MicroCorp's checkout (6 routes, 6 hosts): requests 6 x 2 x 5 = 60, duration
    buckets 6 x 2 x 12 = 144, CPU 6, memory 6, connections 6 x 2 = 12: 228
    series. Payment (4, 4) has 152, search (3, 10) 142, notifications (2, 2) 76.

    Examples
    --------
    >>> table = metric_series({"http_requests_total": {"route": 12, "method": 3, "status": 5}})
    >>> int(table["series"].iloc[0])
    180
    >>> int(metric_series({"logins": {"user_id": ["ana", "bo", "ana"]}})["series"].iloc[0])
    2
    >>> int(metric_series()["series"].sum())   # 228 + 152 + 142 + 76, see Notes
    598
    """
    if metrics is None:
        metrics = TELEMETRY_PROFILE["metrics"]
    rule = "a dict {metric: {label: number of values}} (or {service: that})"
    if not isinstance(metrics, dict):
        raise TypeError(described("metrics", rule, f"a {type(metrics).__name__}"))
    nested = bool(metrics) and all(isinstance(v, dict) and v and all(isinstance(w, dict) for w in v.values())
                                   for v in metrics.values())
    groups = metrics.items() if nested else [("", metrics)]
    rows = []
    for service, table in groups:
        if not isinstance(table, dict):
            raise TypeError(message(f"metrics[{service!r}]", rule, table))
        for metric, labels in table.items():
            where = f"metrics[{service!r}][{metric!r}]" if nested else f"metrics[{metric!r}]"
            if not isinstance(labels, dict):
                raise TypeError(message(where, "a dict {label: number of values}", labels))
            series = 1
            for label, values in labels.items():
                if isinstance(values, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
                    count = len(set(np.asarray(list(values), dtype=object).tolist()))
                elif isinstance(values, numbers.Integral) and not isinstance(values, (bool, np.bool_)):
                    count = int(values)
                else:
                    raise TypeError(message(f"{where}[{label!r}]", "a whole number >= 1 or a list of values",
                                            values))
                if count < 1 or count >= 2**31:
                    raise ValueError(message(f"{where}[{label!r}]", "a whole number in [1, 2**31)", count))
                series *= count
            rows.append((str(service), str(metric), " x ".join(map(str, labels)), series))
    frame = pd.DataFrame(rows, columns=["service", "metric", "labels", "series"])
    frame["series"] = frame["series"].astype(object if (frame["series"] >= 2**63).any() else np.int64)
    return frame


def telemetry_volumes(traffic=None, *, log_levels=None, log_sampling=None, span_share=None,
                      profile=None) -> pd.DataFrame:
    """Compute MicroCorp's telemetry volumes per day, service, signal and log level.

    Logs and spans follow the traffic (lines and spans per request, more for
    failed requests); metric samples do not: they follow the number of series
    and the scrape interval, whatever the load.

    Parameters
    ----------
    traffic : DataFrame, optional
        Daily totals with ``date``, ``service``, ``requests``, ``errors`` (default
        ``sl.load_daily_history()``, a year), or the 1-minute frame of
        ``sl.load_requests()`` (``timestamp`` instead of ``date``), summed per
        UTC day.
    log_levels : str or dict, default "INFO"
        The minimum level each service logs: one of ``"DEBUG"``, ``"INFO"``,
        ``"WARN"``, ``"ERROR"`` for all, or ``{service: level}`` (services not
        named log at INFO). ``"DEBUG"`` turns debug logs on (Liam's chat
        service).
    log_sampling : dict, optional
        Share of lines kept per level after they are written, e.g.
        ``{"DEBUG": 0.1}`` keeps one debug line in ten; levels not named keep all.
    span_share : float or dict, optional
        Share of span volume kept by sampling, overall or ``{service: share}``
        (e.g. ``sl.kept_share(...)`` of a tail-sampling policy); default 1.
    profile : dict, optional
        A modified copy of :data:`TELEMETRY_PROFILE`.

    Returns
    -------
    DataFrame
        One row per (date, service, signal, level): ``date`` (UTC day),
        ``service``, ``signal`` (``"logs"``, ``"spans"``, ``"metrics"``),
        ``level`` (the log level for logs, ``""`` otherwise), ``count`` (log
        lines, spans or metric samples; int) and ``bytes`` (int). Every level
        has a row, with zero counts when it is off.

    Raises
    ------
    TypeError, ValueError
        A frame without the columns, a negative count, an unknown level or
        service, a share outside [0, 1].

    Notes
    -----
    Per service and day, with ``r`` requests and ``e`` errors:
    ``lines(level) = r * per_request[level] + e * per_error[level]`` for levels
    at or above the minimum; ``spans = r * spans_per_trace * span_share``;
    ``samples = series * 86400 / scrape_interval_s``. Bytes multiply by the
    sizes in :data:`TELEMETRY_PROFILE`. Taught in ``04_cost/1a``.

    Examples
    --------
    >>> day = pd.DataFrame({"date": pd.to_datetime(["2026-10-05"], utc=True), "service": ["payment"],
    ...                     "requests": [1_000_000], "errors": [100]})
    >>> v = telemetry_volumes(day)
    >>> v.loc[v["level"] == "INFO", "count"].item()     # 4 lines per request
    4000000
    >>> v.loc[v["signal"] == "spans", "bytes"].item()   # 3 spans x 600 B + 100 x 1,500 B
    1800150000
    >>> debug = telemetry_volumes(day, log_levels="DEBUG", log_sampling={"DEBUG": 0.1})
    >>> debug.loc[debug["level"] == "DEBUG", "count"].item()   # (20 x 1e6 + 5 x 100) / 10
    2000050
    """
    profile = _profile(profile)
    daily = _daily_traffic(traffic)
    known = list(SERVICE_NAMES) + [s for s in profile["spans_per_request"] if s not in SERVICE_NAMES]
    services = [s for s in known if s in set(daily["service"])]
    unknown = sorted(set(daily["service"]) - set(known))
    if unknown:
        raise ValueError(message("traffic['service']", f"a service of the profile ({', '.join(known)})",
                                 unknown[0]))
    levels = _levels(log_levels, services)
    keep = {level: 1.0 for level in LOG_LEVELS}
    if log_sampling is not None:
        if not isinstance(log_sampling, dict):
            raise TypeError(message("log_sampling", "a dict {level: share kept}", log_sampling))
        for level, share in log_sampling.items():
            keep[_level_of("log_sampling", level)] = check_fraction(f"log_sampling[{level!r}]", share,
                                                                    closed=True, scalar=True)
    spans_kept = _share_per_service("span_share", span_share, services)
    per_request = _per_key("profile['log_lines_per_request']", profile["log_lines_per_request"], LOG_LEVELS)
    per_error = _per_key("profile['log_lines_per_error']", profile["log_lines_per_error"], LOG_LEVELS)
    line_bytes = _per_key("profile['bytes_per_log_line']", profile["bytes_per_log_line"], LOG_LEVELS)
    spans = spans_per_trace(profile=profile) if set(services) <= set(SERVICE_NAMES) else None
    if spans is None:
        spans = _per_key("profile['spans_per_request']", profile["spans_per_request"], services)
    span_bytes = check_real("profile['bytes_per_span']", profile["bytes_per_span"], low=0, scalar=True)
    error_bytes = check_real("profile['bytes_per_error_event']", profile["bytes_per_error_event"], low=0,
                             scalar=True)
    interval = check_real("profile['scrape_interval_s']", profile["scrape_interval_s"], low=0, low_open=True,
                          scalar=True)
    sample_bytes = check_real("profile['bytes_per_sample']", profile["bytes_per_sample"], low=0, scalar=True)
    series_table = metric_series(profile["metrics"])
    if (series_table["service"] == "").all():
        series = {s: float(series_table["series"].sum()) for s in services}
    else:
        series = series_table.groupby("service")["series"].sum().astype(float).to_dict()
        series = {s: series.get(s, 0.0) for s in services}

    rank = {name: i for i, name in enumerate(services)}
    daily = daily.assign(_rank=daily["service"].map(rank)).sort_values(["date", "_rank"], kind="stable")
    dates = daily["date"].to_numpy()
    service = daily["service"].to_numpy()
    r = daily["requests"].to_numpy(dtype=float)
    e = daily["errors"].to_numpy(dtype=float)
    n = len(daily)
    minimum = np.array([LOG_LEVELS.index(levels[s]) for s in service]) if n else np.zeros(0, dtype=int)
    blocks = []
    for j, level in enumerate(LOG_LEVELS):
        on = (minimum <= j).astype(float) * keep[level]
        lines = (r * per_request[level] + e * per_error[level]) * on
        blocks.append(("logs", level, lines, lines * line_bytes[level]))
    per_trace = np.array([spans[s] for s in service], dtype=float)
    kept = np.array([spans_kept[s] for s in service], dtype=float)
    blocks.append(("spans", "", r * per_trace * kept, (r * per_trace * span_bytes + e * error_bytes) * kept))
    samples = np.array([series[s] for s in service], dtype=float) * 86400.0 / interval
    blocks.append(("metrics", "", samples, samples * sample_bytes))
    k = len(blocks)
    count = np.empty((n, k))
    size = np.empty((n, k))
    for j, (_, _, c, b) in enumerate(blocks):
        count[:, j], size[:, j] = c, b
    if not (np.isfinite(count).all() and np.isfinite(size).all()) or size.max(initial=0) >= 2**62:
        raise ValueError(described("traffic", "counts small enough to price", "volumes beyond 2**62 bytes"))
    return pd.DataFrame({
        "date": np.repeat(dates, k),
        "service": np.repeat(service, k),
        "signal": np.tile([b[0] for b in blocks], n),
        "level": np.tile([b[1] for b in blocks], n),
        "count": np.rint(count.ravel()).astype(np.int64),
        "bytes": np.rint(size.ravel()).astype(np.int64),
    })


# --------------------------------------------------------------------------- traces

_EDGES_MS = (20.0, *map(float, LATENCY_BUCKETS_MS))  # log-uniform inside each latency bucket
_TRACE_OUT = ["trace_id", "service", "started_at", "duration_ms", "error", "spans", "bytes", "weight",
              "incident_id"]


def _hex_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` random 128-bit trace ids as 32-digit lowercase hex strings (object array)."""
    text = rng.bytes(16 * n).hex()
    return np.array([text[i:i + 32] for i in range(0, 32 * n, 32)], dtype=object)


def _incident_of_rows(times: np.ndarray, services: np.ndarray, incidents: pd.DataFrame) -> np.ndarray:
    """Incident id per (minute, service) row: the service's own incident first, then a dependency's."""
    ids = np.asarray(incidents["id"].astype(str).to_numpy(), dtype=object)
    code = np.full(len(times), -1, dtype=np.int64)
    if not len(incidents):
        return np.append(ids, None)[code]
    order = np.argsort(incidents["started"].to_numpy(), kind="stable")
    own_hit = np.zeros(len(times), dtype=bool)
    callers = {dep: [c for c, calls in DEPENDENCIES.items() if dep in calls] for dep in SERVICE_NAMES}
    starts = incidents["started"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    stops = incidents["mitigated"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    names = incidents["service"].astype(str).to_numpy()
    for own in (False, True):
        for i in order:
            window = (times >= starts[i]) & (times < stops[i])
            if not window.any():
                continue
            if own:
                hit = window & (services == names[i]) & ~own_hit
                own_hit |= hit
            else:
                caller_rows = np.zeros(len(times), dtype=bool)
                for caller in callers.get(names[i], []):
                    caller_rows |= services == caller
                hit = window & caller_rows & (code < 0)
            code[hit] = i
    return np.append(ids, None)[code]


def simulate_traces(traffic=None, *, incidents=None, ok_share=0.002, profile=None, rng=None) -> pd.DataFrame:
    """Simulate MicroCorp's traces for the 28 days of ``sl.load_requests()``.

    The traces follow the per-minute data: every failed request of a minute
    becomes an error trace, every successful request slower than 1,000 ms a
    slow trace, and a share ``ok_share`` of the other successful requests an
    ordinary trace, with durations inside the minute's latency buckets. So the
    error rate rises in traces exactly when it does in the data, during the
    incidents of ``sl.load_incidents()``.

    Because ordinary traces are sampled, each row carries a ``weight``: how
    many of MicroCorp's traces it stands for (1 for error and slow traces,
    ``1 / ok_share`` for the others). Weighted sums estimate MicroCorp's real
    trace counts and bytes (``sl.kept_share`` uses them).

    Parameters
    ----------
    traffic : DataFrame, optional
        The 1-minute frame of ``sl.load_requests()`` (default), or a slice of
        it: ``timestamp``, ``service``, ``requests``, ``errors`` and the
        ``latency_le_*ms`` columns.
    incidents : DataFrame, optional
        Default ``sl.load_incidents()``: ``id``, ``service``, ``started``,
        ``mitigated``. A trace falls in an incident when it starts in
        [started, mitigated) and its root service is the incident's service or
        calls it (``sl.DEPENDENCIES``: checkout's traces count for payment's
        and search's incidents); its own service's incident wins, then the
        first started.
    ok_share : float, default 0.002
        Share of ordinary successful requests simulated, in (0, 1]. The default
        gives about 220,000 ordinary traces plus every error (about 79,000) and
        slow (about 9,600) trace of the 28 days: roughly 310,000 rows.
    profile : dict, optional
        A modified copy of ``sl.TELEMETRY_PROFILE`` (spans and bytes).
    rng : int, numpy Generator or None
        Seed; the same seed gives the same traces.

    Returns
    -------
    DataFrame
        Sorted by ``started_at``: ``trace_id`` (32-digit hex str), ``service``
        (root), ``started_at`` (UTC), ``duration_ms`` (float), ``error``
        (bool), ``spans`` (int), ``bytes`` (int), ``weight`` (float) and
        ``incident_id`` (string, ``<NA>`` outside incidents).

    Notes
    -----
    Durations are log-uniform inside each bucket (20-100, 100-200, 200-300,
    300-500, 500-1,000 ms) and ``1000 * exp(Exp(mean 0.5))`` above; failed
    requests draw their bucket from the minute's mix of successful ones. A
    checkout trace calls payment with probability 0.6 and search with 0.3,
    adding their spans. Taught in ``04_cost/1c`` and ``2a``.

    Examples
    --------
    >>> from sre_lab.datasets import load_requests
    >>> minutes = load_requests().iloc[:400]
    >>> traces = simulate_traces(minutes, rng=1)
    >>> int(traces["error"].sum()) == int(minutes["errors"].sum())
    True
    >>> traces["trace_id"].str.len().unique().tolist()
    [32]
    """
    ok_share = check_real("ok_share", ok_share, low=0, high=1, low_open=True, scalar=True,
                          rule="a fraction in (0, 1]")
    profile = _profile(profile)
    if traffic is None:
        from ..datasets import load_requests

        traffic = load_requests()
    bucket_columns = [f"latency_le_{b}ms" for b in LATENCY_BUCKETS_MS]
    check_columns("traffic", traffic, ["timestamp", "service", "requests", "errors", *bucket_columns])
    if incidents is None:
        from ..datasets import load_incidents

        incidents = load_incidents()
    check_columns("incidents", incidents, ("id", "service", "started", "mitigated"))
    for column in ("started", "mitigated"):
        if not isinstance(incidents[column].dtype, pd.DatetimeTZDtype):
            raise TypeError(described(f"incidents[{column!r}]", "UTC timestamps",
                                      f"a column of {incidents[column].dtype}"))
    rng = check_rng(rng)
    times = traffic["timestamp"]
    if not isinstance(times.dtype, pd.DatetimeTZDtype):
        raise TypeError(described("traffic['timestamp']", "UTC timestamps (tz-aware)", f"a column of {times.dtype}",
                                "Load the data with sl.load_requests()."))
    times = times.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    services = traffic["service"].astype(str).to_numpy()
    unknown = sorted(set(services) - set(SERVICE_NAMES))
    if unknown:
        raise ValueError(message("traffic['service']", f"one of {', '.join(SERVICE_NAMES)}", unknown[0]))
    counts = {c: check_real(f"traffic[{c!r}]", traffic[c].to_numpy(), low=0, rule="a count >= 0 in every row")
              for c in ["requests", "errors", *bucket_columns]}
    requests, errors = counts["requests"], counts["errors"]
    cumulative = np.column_stack([counts[c] for c in bucket_columns])
    ok = requests - errors
    if (ok < 0).any() or (np.diff(cumulative, axis=1) < 0).any() or (cumulative[:, -1] > ok).any():
        raise ValueError(described("traffic", "per-minute counts with errors <= requests and cumulative latency "
                                              "buckets of successful requests", "inconsistent counts",
                                 "Use sl.load_requests()."))
    if requests.sum() > 1e10:
        raise ValueError(message("traffic", "at most 1e10 requests in all", float(requests.sum())))
    bins = np.diff(np.column_stack([np.zeros(len(ok)), cumulative, ok]), axis=1).astype(np.int64)  # 6 bins

    # How many traces of each kind per row: sampled ordinary ones, every slow and every failed request.
    drawn = rng.binomial(bins[:, :5], ok_share)
    n_rows = len(ok)
    per_kind = [drawn[:, j] for j in range(5)] + [bins[:, 5], errors.astype(np.int64)]
    row_index = [np.repeat(np.arange(n_rows), n) for n in per_kind]
    kind = np.concatenate([np.full(len(ix), j) for j, ix in enumerate(row_index)])
    row = np.concatenate(row_index)
    n = len(row)

    # Failed requests take their latency bucket from the minute's successful mix.
    failed = kind == 6
    if failed.any():
        mix = bins[row[failed]].astype(float)
        totals = mix.sum(axis=1, keepdims=True)
        mix = np.where(totals > 0, mix / np.where(totals > 0, totals, 1), np.eye(6)[0])
        u = rng.random(int(failed.sum()))
        bucket = (u[:, None] > np.cumsum(mix, axis=1)[:, :-1]).sum(axis=1)
        kind_bucket = kind.copy()
        kind_bucket[failed] = bucket
    else:
        kind_bucket = kind
    edges = np.log(np.asarray(_EDGES_MS))
    u = rng.random(n)
    inner = kind_bucket < 5
    low_edge = edges[np.minimum(kind_bucket, 4)]
    high_edge = edges[np.minimum(kind_bucket, 4) + 1]
    duration = np.where(inner, np.exp(low_edge + u * (high_edge - low_edge)),
                        1000.0 * np.exp(rng.exponential(0.5, n)))
    started = times[row] + (rng.random(n) * 60e9).astype("timedelta64[ns]")
    service_code, names = pd.factorize(services)
    names = np.asarray(names, dtype=object)
    code = service_code[row]
    service = names[code]

    own = _per_key("profile['spans_per_request']", profile["spans_per_request"], SERVICE_NAMES)
    spans = np.array([own[name] for name in names], dtype=float)[code]
    for caller, calls in DEPENDENCIES.items():
        position = {name: i for i, name in enumerate(names)}
        mine = code == position[caller] if caller in position else np.zeros(n, dtype=bool)
        for dependency, share in calls.items():
            spans = spans + mine * (rng.random(n) < share) * own[dependency]
    spans = np.rint(spans).astype(np.int64)
    span_bytes = check_real("profile['bytes_per_span']", profile["bytes_per_span"], low=0, scalar=True)
    error_bytes = check_real("profile['bytes_per_error_event']", profile["bytes_per_error_event"], low=0,
                             scalar=True)
    size = np.rint(spans * span_bytes + failed * error_bytes).astype(np.int64)
    weight = np.where(kind < 5, 1.0 / ok_share, 1.0)
    incident = _incident_of_rows(times, services, incidents)[row]

    order = np.argsort(started, kind="stable")
    frame = pd.DataFrame({
        "trace_id": _hex_ids(rng, n),
        "service": service[order],
        "started_at": pd.DatetimeIndex(started[order]).tz_localize("UTC"),
        "duration_ms": duration[order],
        "error": failed[order],
        "spans": spans[order],
        "bytes": size[order],
        "weight": weight[order],
        "incident_id": pd.array(incident[order], dtype="string"),
    })
    frame.attrs["ok_share"] = ok_share
    return frame
