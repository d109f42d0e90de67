"""Observability as an internal service: the telemetry platform's own SLOs and data budgets.

Emma's "Observability Hub" collects every team's logs and traces. It is a
service like any other, with users (the teams), SLIs and an error budget, and
a shared resource that one team's flood of DEBUG logs can exhaust for all.
This module simulates the hub for MicroCorp's 28 days and measures it with the
course's own SLO functions (``sl.sli_events``, ``sl.error_budget``,
``sl.burn_rate``, ``sl.budget_over_time``); nothing about budgets is
recomputed here.

Public names
------------
=========================  ===================================================
``PLATFORM_EVENTS``        the planted platform events of the 28 days
``PLATFORM_SLOS``          the hub's three SLOs: ingestion availability, data
                           freshness, query latency (targets and thresholds)
``HUB_DATA_BUDGETS_GB_PER_DAY``  Emma's data budget per team (GB a day)
``PlatformTraffic``        what :func:`simulate_platform` returns
``simulate_platform``      the hub's minutes: telemetry records in, accepted,
                           throttled, rejected, how fresh; queries and latency
``platform_slo_report``    each platform SLO's SLI, budget spent, worst 1-hour
                           burn rate, from the course's SLO functions
``team_data_budgets``      GB a day per team against its data budget
=========================  ===================================================

The model (documented so a platform team can argue with it)
-----------------------------------------------------------
* **Records in.** Each minute, each service sends log lines and spans in
  proportion to its requests (``sl.load_requests()``); the records and bytes
  per request come from ``sl.telemetry_volumes`` at the service's log level
  (c4-core's profile), so DEBUG on multiplies them exactly as the bill does.
  Metric samples are scraped, not pushed, and are left out.
* **Quotas (optional).** A team's daily data budget becomes a rate limit at the
  gateway: ``budget_gb_per_day / 1440 x burst`` per minute. Records above it are
  *throttled* (HTTP 429, the client's over-quota, like a 4xx): they are not
  valid events of the platform's SLO.
* **Indexer.** Accepted records queue for an indexer that writes
  ``capacity_records_per_minute``; the queue holds ``buffer_minutes`` of
  capacity, and records that do not fit are *rejected* (a platform failure,
  bad events of the ingestion SLO). Data freshness: records written within T
  of arriving; the lag of a minute is its queue / capacity plus a pipeline
  delay (log-normal, median 5 s, sigma 1).
* **Queries.** Alert-rule evaluations (constant) plus people's dashboard
  queries (working hours, x5 during MicroCorp's incidents: the hub is needed
  most when the services are failing); latency log-normal, median 350 ms.

Notebook ``notebooks/04_cost/3a_observability_as_a_service``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_real, message

__all__ = [
    "PLATFORM_EVENTS",
    "PLATFORM_SLOS",
    "HUB_DATA_BUDGETS_GB_PER_DAY",
    "PlatformTraffic",
    "simulate_platform",
    "platform_slo_report",
    "team_data_budgets",
]

FRESHNESS_BUCKETS_MS = (10_000, 60_000, 300_000, 900_000)
QUERY_BUCKETS_MS = (500, 1000, 2000, 5000)

PLATFORM_EVENTS = pd.DataFrame({
    "id": ["PLT-1", "PLT-2", "PLT-3"],
    "component": ["ingest", "ingest", "query"],
    "started": pd.to_datetime(["2026-10-13 03:10", "2026-10-16 10:00", "2026-10-26 09:30"], utc=True),
    "ended": pd.to_datetime(["2026-10-13 03:40", "2026-10-16 16:00", "2026-10-26 11:30"], utc=True),
    "what": [
        "indexer storage node lost: 40 % of records rejected for 30 min",
        "search turns DEBUG logging on for a release and forgets it for 6 h",
        "index compaction at peak: queries 6x slower, 2 % time out for 2 h",
    ],
})
"""The hub's planted events in MicroCorp's 28 days (times UTC, ``started`` inclusive,
``ended`` exclusive). PLT-2 is the noisy neighbour: one team's flood fills the
shared queue, so every team's data arrives late and some is rejected.

Examples
--------
>>> PLATFORM_EVENTS["id"].tolist()
['PLT-1', 'PLT-2', 'PLT-3']
"""

PLATFORM_SLOS = pd.DataFrame({
    "slo": ["ingestion availability", "data freshness", "query latency"],
    "frame": ["ingest", "ingest", "queries"],
    "sli": ["availability", "latency", "composite"],
    "threshold_ms": [np.nan, 60_000.0, 2_000.0],
    "target": [0.999, 0.99, 0.99],
    "good_event": [
        "a record sent within its team's quota is accepted",
        "an accepted record is queryable within 60 s",
        "a query succeeds within 2 s",
    ],
}).set_index("slo")
"""The hub's SLOs (the course's choice, argued in notebook 3a): one table row each.

``frame`` names the :class:`PlatformTraffic` frame, ``sli`` the kind passed to
``sl.sli_events`` (``latency`` = good among *accepted* records, ``composite`` =
fast and successful among all queries), ``threshold_ms`` its bucket bound.

Examples
--------
>>> PLATFORM_SLOS["target"].tolist()
[0.999, 0.99, 0.99]
"""


HUB_DATA_BUDGETS_GB_PER_DAY = MappingProxyType({"orders": 6.0, "payments": 2.0, "search": 10.0})
"""Emma's data budget per team, GB of logs and spans a day (read-only; a course scenario).

Each is the team's busiest day of MicroCorp's 28 days at INFO (orders 4.9,
payments 1.7, search 9.1 GB, from ``sl.telemetry_volumes``) rounded up with
some headroom: enough for a normal peak, not for DEBUG left on.

Examples
--------
>>> dict(HUB_DATA_BUDGETS_GB_PER_DAY)
{'orders': 6.0, 'payments': 2.0, 'search': 10.0}
"""


@dataclass(frozen=True, eq=False)
class PlatformTraffic:
    """What :func:`simulate_platform` returns.

    Attributes
    ----------
    ingest : pandas.DataFrame
        One row a minute (``timestamp`` index, UTC): ``requests`` (records
        sent within quota, the valid events), ``errors`` (rejected by the
        platform), ``throttled`` (over a team's quota, not valid events),
        ``lag_s`` (queue delay), ``latency_le_<T>ms`` (accepted records
        queryable within T: 10 s, 1 min, 5 min, 15 min) and ``bytes`` sent.
    queries : pandas.DataFrame
        One row a minute: ``requests`` (queries), ``errors`` (failed or timed
        out), ``latency_le_<T>ms`` (successful queries within 0.5, 1, 2, 5 s).
    teams : pandas.DataFrame
        One row per (minute, team): ``records``, ``bytes``, ``throttled``.
    capacity_records_per_minute : float
        The indexer's throughput.
    """

    ingest: pd.DataFrame
    queries: pd.DataFrame
    teams: pd.DataFrame
    capacity_records_per_minute: float


# --------------------------------------------------------------------------- helpers

def _teams(teams: Any) -> dict:
    if teams is None:
        from .chargeback import SERVICE_TEAMS

        return dict(SERVICE_TEAMS)
    if not hasattr(teams, "items") or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in teams.items()):
        raise TypeError(message("teams", "None or a mapping service -> team name (like sl.SERVICE_TEAMS)",
                                type(teams).__name__))
    return dict(teams)


def _per_request(level: str) -> pd.DataFrame:
    """Records (log lines + spans) and bytes per request, per service, at a log level.

    Read from ``sl.telemetry_volumes`` on one synthetic day of a million
    requests per service (the profile is per request, so any day works).
    """
    from ..simulation import SERVICES
    from .telemetry import telemetry_volumes

    names = [s.name for s in SERVICES]
    n = 1_000_000
    day = pd.DataFrame({"date": pd.to_datetime(["2026-10-05"] * len(names), utc=True),
                        "service": names, "requests": n, "errors": 0})
    volumes = telemetry_volumes(day, log_levels=level)
    pushed = volumes[volumes["signal"].isin(["logs", "spans"])]
    per = pushed.groupby("service")[["count", "bytes"]].sum() / n
    return per.reindex(names)


def _minute_traffic(traffic: Any) -> pd.DataFrame:
    """Requests per minute, one column per service (timestamp index)."""
    if traffic is None:
        from ..datasets import load_requests

        traffic = load_requests()
    rule = "None or a long DataFrame of sl.load_requests() (columns timestamp, service, requests)"
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(message("traffic", rule, type(traffic).__name__))
    if not {"timestamp", "service", "requests"} <= set(traffic.columns):
        raise ValueError(message("traffic", rule, f"columns {[str(c) for c in traffic.columns]}"))
    if len(traffic) == 0:
        raise ValueError(message("traffic", "a non-empty DataFrame", "an empty DataFrame"))
    try:
        wide = traffic.pivot(index="timestamp", columns="service", values="requests")
    except ValueError:
        raise ValueError(message("traffic", "one row per (timestamp, service)", "repeated rows")) from None
    try:
        index = pd.DatetimeIndex(wide.index)
    except (TypeError, ValueError):
        raise ValueError(message("traffic['timestamp']", "times", "values that are not times")) from None
    if index.tz is None or not index.is_monotonic_increasing or len(index) < 2 \
            or (np.diff(index.asi8) != np.diff(index.asi8)[0]).any() \
            or index[1] - index[0] != pd.Timedelta(minutes=1):
        raise ValueError(message("traffic", "one UTC minute per row per service, without gaps",
                                 "times that are not consecutive UTC minutes"))
    values = wide.to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(message("traffic['requests']", "counts >= 0 for every minute and service",
                                 "negative, missing or non-finite counts"))
    return wide.fillna(0.0)


def _levels(log_levels: Any, services: list[str]) -> dict:
    allowed = ("DEBUG", "INFO", "WARN", "ERROR")
    if isinstance(log_levels, str):
        level = check_choice("log_levels", log_levels, allowed)
        return {s: level for s in services}
    if not hasattr(log_levels, "items"):
        raise TypeError(message("log_levels", "a level ('INFO') or a mapping service -> level",
                                type(log_levels).__name__))
    out = {s: "INFO" for s in services}
    for service, level in log_levels.items():
        check_choice("log_levels service", service, services)
        out[service] = check_choice(f"log_levels[{service!r}]", level, allowed)
    return out


def _in_window(index: pd.DatetimeIndex, event: str) -> np.ndarray:
    row = PLATFORM_EVENTS.set_index("id").loc[event]
    return np.asarray((index >= row["started"]) & (index < row["ended"]))


def _buckets(counts: np.ndarray, lag_s: np.ndarray, bounds_ms, median_s: float,
             sigma: float) -> dict:
    """Cumulative counts within each bound: each minute's lag plus a log-normal pipeline delay."""
    out = {}
    previous = np.zeros(len(counts), dtype=np.int64)
    for bound in bounds_ms:
        room = bound / 1000.0 - lag_s
        z = np.where(room > 0, (np.log(np.maximum(room, 1e-12)) - math.log(median_s)) / sigma, -np.inf)
        share = 0.5 * (1 + _erf(z / math.sqrt(2)))
        current = np.maximum(previous, np.minimum(np.floor(counts * share + 0.5).astype(np.int64), counts))
        out[f"latency_le_{bound}ms"] = current
        previous = current
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    """Vectorized erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7), inf-safe."""
    x = np.asarray(x, dtype=float)
    sign = np.sign(x)
    a = np.abs(np.where(np.isfinite(x), x, 40.0))
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


# --------------------------------------------------------------------------- the simulation

def simulate_platform(traffic=None, *, log_levels="INFO", data_budgets_gb_per_day=None, burst=1.5,
                      capacity_factor=2.0, buffer_minutes=20.0, teams=None, rng=0) -> PlatformTraffic:
    """Simulate Emma's observability hub over MicroCorp's traffic, minute by minute.

    Parameters
    ----------
    traffic : pandas.DataFrame, optional
        The long frame of ``sl.load_requests()`` (default: the course's 28 days).
    log_levels : str or mapping, default "INFO"
        Minimum log level per service outside :data:`PLATFORM_EVENTS` (one
        level for all, or ``{service: level}``); PLT-2 turns search to DEBUG
        for its 6 hours whatever this says.
    data_budgets_gb_per_day : mapping or None
        ``{team: GB per day}``; enforced as a per-minute quota at the gateway
        (see ``burst``). ``None``: no quotas (the hub without Emma's budgets).
    burst : float, default 1.5
        How far above its average rate (budget / 1440 a minute) a team may
        send in one minute before it is throttled (1 .. 100).
    capacity_factor : float, default 2.0
        The indexer's throughput as a multiple of the 28 days' busiest hour
        of records at INFO (0.1 .. 100).
    buffer_minutes : float, default 20
        Queue size, in minutes of indexer throughput (0 .. 1440).
    teams : mapping, optional
        ``service -> team``; default ``sl.SERVICE_TEAMS``.
    rng : int, numpy.random.Generator or None, default 0

    Returns
    -------
    PlatformTraffic
        ``ingest`` and ``queries`` frames in the course's traffic format
        (``requests``, ``errors``, ``latency_le_<T>ms`` per minute), so every
        SLO function of section 2 reads them; and ``teams``.

    Raises
    ------
    TypeError, ValueError
        A bad traffic frame, level, budget or option.

    Notes
    -----
    Queue: ``q_t = min(B, max(0, q_{t-1} + in_t - C))``; rejected
    ``max(0, q_{t-1} + in_t - C - B)``; lag ``q_t / C`` minutes. PLT-1 rejects
    40 % of the records that reach the indexer; PLT-3 slows queries 6x and
    fails 2 %. Deterministic for a seed.

    Examples
    --------
    >>> hub = simulate_platform()
    >>> len(hub.ingest), list(hub.ingest.columns[:3])
    (40320, ['requests', 'errors', 'throttled'])
    """
    wide = _minute_traffic(traffic)
    services = [str(c) for c in wide.columns]
    team_of = _teams(teams)
    missing = [s for s in services if s not in team_of]
    if missing:
        raise ValueError(message("teams", "a team for every service of traffic", f"no team for {missing}"))
    levels = _levels(log_levels, services)
    burst = check_real("burst", burst, low=1, high=100, scalar=True)
    capacity_factor = check_real("capacity_factor", capacity_factor, low=0.1, high=100, scalar=True)
    buffer_minutes = check_real("buffer_minutes", buffer_minutes, low=0, high=1440, scalar=True)
    budgets = None
    if data_budgets_gb_per_day is not None:
        if not hasattr(data_budgets_gb_per_day, "items"):
            raise TypeError(message("data_budgets_gb_per_day", "None or a mapping team -> GB per day",
                                    type(data_budgets_gb_per_day).__name__))
        known = sorted(set(team_of[s] for s in services))
        budgets = {}
        for team, gb in data_budgets_gb_per_day.items():
            check_choice("data_budgets_gb_per_day team", team, known)
            budgets[team] = check_real(f"data_budgets_gb_per_day[{team!r}]", gb, low=0, high=1e9,
                                       low_open=True, scalar=True)
    from .._windows import check_rng

    generator = check_rng(rng)
    index = pd.DatetimeIndex(wide.index, name="timestamp")
    requests = wide.to_numpy(dtype=float)                       # minutes x services

    per = {level: _per_request(level) for level in set(levels.values()) | {"INFO", "DEBUG"}}
    records_pr = np.array([per[levels[s]].loc[s, "count"] for s in services])
    bytes_pr = np.array([per[levels[s]].loc[s, "bytes"] for s in services])
    records = requests * records_pr
    sent_bytes = requests * bytes_pr
    flood = _in_window(index, "PLT-2")
    if "search" in services:
        j = services.index("search")
        records[flood, j] = requests[flood, j] * per["DEBUG"].loc["search", "count"]
        sent_bytes[flood, j] = requests[flood, j] * per["DEBUG"].loc["search", "bytes"]

    # quotas at the gateway, per team and minute
    team_names = sorted(set(team_of[s] for s in services))
    throttled = np.zeros_like(records)
    if budgets:
        for team, gb in budgets.items():
            cols = [i for i, s in enumerate(services) if team_of[s] == team]
            team_bytes = sent_bytes[:, cols].sum(axis=1)
            limit = gb * 1e9 / 1440 * burst
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.where(team_bytes > limit, 1 - limit / np.where(team_bytes > 0, team_bytes, 1), 0.0)
            throttled[:, cols] = records[:, cols] * share[:, None]
    admitted = records - throttled

    # indexer queue
    info_records = requests * np.array([per["INFO"].loc[s, "count"] for s in services])
    hourly = pd.Series(info_records.sum(axis=1), index=index).resample("60min").mean()
    capacity = float(capacity_factor * hourly.max())
    buffer = buffer_minutes * capacity
    incoming = admitted.sum(axis=1)
    queue = np.empty(len(index))
    rejected = np.empty(len(index))
    q = 0.0
    for t, x in enumerate(incoming.tolist()):       # 40,320 steps: a few ms
        level = q + x - capacity
        over = level - buffer
        rejected[t] = over if over > 0 else 0.0
        q = buffer if over > 0 else (level if level > 0 else 0.0)
        queue[t] = q
    valid = np.round(incoming).astype(np.int64)
    outage = _in_window(index, "PLT-1")
    base_bad = generator.binomial(valid, 2e-5)
    errors = np.round(rejected).astype(np.int64) + base_bad
    errors[outage] = np.maximum(errors[outage], np.round(0.4 * valid[outage]).astype(np.int64))
    errors = np.minimum(errors, valid)
    lag_s = queue / capacity * 60.0 if capacity > 0 else np.zeros(len(index))
    ingest = pd.DataFrame({"requests": valid, "errors": errors,
                           "throttled": np.round(throttled.sum(axis=1)).astype(np.int64),
                           "lag_s": lag_s,
                           "bytes": sent_bytes.sum(axis=1) - (throttled * (sent_bytes / np.where(records > 0, records, 1))).sum(axis=1)},
                          index=index)
    for name, counts in _buckets(valid - errors, lag_s, FRESHNESS_BUCKETS_MS, 5.0, 1.0).items():
        ingest[name] = counts

    # queries: alert evaluations + people (working hours, x5 during incidents)
    from ..datasets import load_incidents

    hours = index.hour.to_numpy() + index.minute.to_numpy() / 60
    weekday = index.day_of_week.to_numpy() < 5
    people = np.where(weekday & (hours >= 8) & (hours < 18), 12.0, 1.5)
    busy = np.zeros(len(index), dtype=bool)
    for _, row in load_incidents().iterrows():
        busy |= np.asarray((index >= row["started"]) & (index < row["resolved"]))
    people = np.where(busy, people * 5 + 20, people)
    n_queries = generator.poisson(60.0 + people)
    slow = _in_window(index, "PLT-3")
    q_errors = generator.binomial(n_queries, np.where(slow, 0.02, 5e-4))
    median = np.where(slow, 350.0 * 6, 350.0) * (1 + np.minimum(lag_s / 600.0, 1.0))
    ok = n_queries - q_errors
    queries = pd.DataFrame({"requests": n_queries, "errors": q_errors}, index=index)
    prev = np.zeros(len(index), dtype=np.int64)
    for bound in QUERY_BUCKETS_MS:
        z = (np.log(bound) - np.log(median)) / 0.7
        p = 0.5 * (1 + _erf(z / math.sqrt(2)))
        prev = np.maximum(prev, np.minimum(generator.binomial(ok, p), ok))
        queries[f"latency_le_{bound}ms"] = prev
    # cumulative buckets drawn independently: make them nested by construction
    teams_frame = pd.DataFrame({
        "timestamp": np.repeat(index, len(team_names)),
        "team": np.tile(team_names, len(index)),
        "records": np.column_stack([records[:, [i for i, s in enumerate(services) if team_of[s] == t]].sum(axis=1)
                                    for t in team_names]).ravel(),
        "bytes": np.column_stack([sent_bytes[:, [i for i, s in enumerate(services) if team_of[s] == t]].sum(axis=1)
                                  for t in team_names]).ravel(),
        "throttled": np.column_stack([throttled[:, [i for i, s in enumerate(services) if team_of[s] == t]].sum(axis=1)
                                      for t in team_names]).ravel(),
    })
    return PlatformTraffic(ingest=ingest, queries=queries, teams=teams_frame,
                           capacity_records_per_minute=capacity)


# --------------------------------------------------------------------------- the report

def platform_slo_report(platform, *, slos=PLATFORM_SLOS, window_days=None) -> pd.DataFrame:
    """Measure each platform SLO with the course's SLO functions.

    Parameters
    ----------
    platform : PlatformTraffic
        From :func:`simulate_platform`.
    slos : pandas.DataFrame, default :data:`PLATFORM_SLOS`
        Same columns; change a target or threshold to explore.
    window_days : float, optional
        The SLO window (its last ``window_days`` of the frames; an hour at
        least); the frames must cover it. ``None`` (default) takes every day
        the platform covers (28 for :func:`simulate_platform`'s default).

    Returns
    -------
    pandas.DataFrame
        One row per SLO: ``target``, ``sli`` (measured, ``good / valid``),
        ``valid``, ``bad``, ``allowed_bad`` (``sl.error_budget``),
        ``budget_consumed`` (``bad / allowed_bad``), ``burn_rate``
        (``sl.burn_rate`` of the window's error ratio) and
        ``worst_hour_burn_rate`` (the largest trailing-hour burn rate,
        ``sl.budget_over_time`` with a 1-hour window).

    Raises
    ------
    TypeError, ValueError
        Not a platform, a bad SLO table, or a window the frames do not cover.

    Examples
    --------
    >>> report = platform_slo_report(simulate_platform())
    >>> report.index.tolist()
    ['ingestion availability', 'data freshness', 'query latency']
    """
    from ..slo import budget_over_time, burn_rate, error_budget, sli_events

    if not isinstance(platform, PlatformTraffic):
        raise TypeError(message("platform", "a PlatformTraffic from sl.simulate_platform",
                                type(platform).__name__))
    need = {"frame", "sli", "threshold_ms", "target"}
    if not isinstance(slos, pd.DataFrame) or not need <= set(slos.columns):
        raise TypeError(message("slos", f"a DataFrame with the columns {sorted(need)} (like sl.PLATFORM_SLOS)",
                                type(slos).__name__))
    if window_days is not None:
        window_days = check_real("window_days", window_days, low=1 / 24, high=3650, scalar=True,
                                 rule="a number of days >= 1/24 (an hour) and <= 3650")
    rows = {}
    for name, slo in slos.iterrows():
        frame_name = check_choice("slos['frame']", slo["frame"], ("ingest", "queries"))
        frame = getattr(platform, frame_name)
        covered = (frame.index[-1] - frame.index[0] + pd.Timedelta(minutes=1)) / pd.Timedelta(days=1)
        days = covered if window_days is None else window_days
        if days > covered + 1e-9:
            raise ValueError(message("window_days", f"at most the {covered:g} days the platform covers",
                                     window_days))
        frame = frame[frame.index >= frame.index[-1] - pd.Timedelta(days=days) + pd.Timedelta(minutes=1)]
        threshold = None if pd.isna(slo["threshold_ms"]) else int(slo["threshold_ms"])
        events = sli_events(frame, sli=slo["sli"], threshold_ms=threshold)
        valid = float(events["valid"].sum())
        bad = valid - float(events["good"].sum())
        allowed = float(error_budget(slo["target"], valid))
        ratio = bad / valid if valid > 0 else 0.0
        hourly = budget_over_time(frame, slo_target=slo["target"], window_days=1 / 24,
                                  sli=slo["sli"], threshold_ms=threshold)
        rows[name] = {
            "target": float(slo["target"]), "sli": 1 - ratio if valid > 0 else float("nan"),
            "valid": valid, "bad": bad, "allowed_bad": allowed,
            "budget_consumed": bad / allowed if allowed > 0 else float("nan"),
            "burn_rate": float(burn_rate(ratio, slo["target"])),
            "worst_hour_burn_rate": float(np.nanmax(hourly["window_burn_rate"].to_numpy()))
            if hourly["window_burn_rate"].notna().any() else float("nan"),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "slo"
    return out


def team_data_budgets(volumes, *, budget_gb_per_day, teams=None) -> pd.DataFrame:
    """Each team's daily telemetry (GB) against its data budget.

    Parameters
    ----------
    volumes : pandas.DataFrame
        From ``sl.telemetry_volumes`` (``date``, ``service``, ``bytes``, ...).
    budget_gb_per_day : mapping
        ``{team: GB per day}`` (GB = 1e9 bytes), a budget for every team.
    teams : mapping, optional
        ``service -> team``; default ``sl.SERVICE_TEAMS``.

    Returns
    -------
    pandas.DataFrame
        One row per team: ``budget_gb_per_day``, ``mean_gb_per_day``,
        ``max_gb_per_day``, ``days``, ``days_over`` (days above the budget),
        ``share_of_budget`` (mean / budget).

    Raises
    ------
    TypeError, ValueError
        A bad volumes frame or a budget missing or not positive.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2026-10-05", "2026-10-06"] * 2, utc=True),
    ...                   "service": ["search", "search", "payment", "payment"],
    ...                   "bytes": [3e9, 5e9, 1e9, 1e9]})
    >>> t = team_data_budgets(v, budget_gb_per_day={"search": 4, "payments": 2})
    >>> float(t.loc["search", "mean_gb_per_day"]), int(t.loc["search", "days_over"])
    (4.0, 1)
    """
    rule = "a DataFrame from sl.telemetry_volumes (columns date, service, bytes)"
    if not isinstance(volumes, pd.DataFrame):
        raise TypeError(message("volumes", rule, type(volumes).__name__))
    if not {"date", "service", "bytes"} <= set(volumes.columns) or len(volumes) == 0:
        raise ValueError(message("volumes", rule, f"columns {[str(c) for c in volumes.columns]}"
                                 if len(volumes) else "an empty DataFrame"))
    team_of = _teams(teams)
    if not hasattr(budget_gb_per_day, "items"):
        raise TypeError(message("budget_gb_per_day", "a mapping team -> GB per day",
                                type(budget_gb_per_day).__name__))
    services = sorted(set(map(str, volumes["service"])))
    unknown = [s for s in services if s not in team_of]
    if unknown:
        raise ValueError(message("teams", "a team for every service of volumes", f"no team for {unknown}"))
    present = sorted(set(team_of[s] for s in services))
    budgets = {}
    for team in present:
        if team not in budget_gb_per_day:
            raise ValueError(message("budget_gb_per_day", f"a budget for every team ({present})",
                                     dict(budget_gb_per_day)))
        budgets[team] = check_real(f"budget_gb_per_day[{team!r}]", budget_gb_per_day[team], low=0,
                                   high=1e12, low_open=True, scalar=True)
    try:
        size = pd.to_numeric(volumes["bytes"]).to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise TypeError(message("volumes['bytes']", "numbers", "a column that is not numeric")) from None
    if not np.isfinite(size).all() or (size < 0).any():
        raise ValueError(message("volumes['bytes']", "finite and >= 0", "negative or missing values"))
    frame = pd.DataFrame({"date": volumes["date"].to_numpy(),
                          "team": [team_of[str(s)] for s in volumes["service"]], "gb": size / 1e9})
    daily = frame.groupby(["team", "date"])["gb"].sum()
    out = pd.DataFrame({
        "budget_gb_per_day": pd.Series(budgets),
        "mean_gb_per_day": daily.groupby("team").mean(),
        "max_gb_per_day": daily.groupby("team").max(),
        "days": daily.groupby("team").size(),
        "days_over": (daily > daily.index.get_level_values("team").map(budgets).to_numpy()).groupby("team").sum(),
    })
    out["share_of_budget"] = out["mean_gb_per_day"] / out["budget_gb_per_day"]
    out.index.name = "team"
    return out
