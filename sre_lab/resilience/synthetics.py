"""Synthetic monitoring: scripted user journeys on a schedule, judged against the real-user SLI.

A synthetic check is a robot user: every ``interval_min`` minutes, from each of
a few probe locations, it walks a journey (search → checkout → payment) and
records success and latency. Here the robot walks MicroCorp's *recorded*
month (``sl.load_requests()``): each step of a run at minute *t* fails with the
probability real users met in that minute (the service's ``errors /
requests``) and takes a latency drawn from that minute's latency histogram, so
a probe sees the same incidents users saw — but only as a small sample of
them. On top, each run can fail for reasons of its own (the probe's network,
an expired test account): ``probe_failure_ratio``, the source of false alarms.

Public names
------------
===========================  =================================================
``JOURNEYS``                 journey name -> the services it calls, in order
``PROBE_LOCATIONS``          probe location names (different continents first)
``synthetic_checks``         one row per (run, location): success, latency
``synthetic_alerts``         alert episodes of Datadog's "n of N locations for
                             X consecutive runs" rule
``synthetic_detection``      per incident: when the synthetic alert caught it
``synthetic_false_alarms``   alert episodes that overlap no incident
``synthetic_rule_tradeoff``  several n-of-N rules side by side: incidents
                             caught, time to detect, false alarms a week
``synthetic_uptime``         Grafana's uptime and reachability of the checks
``expected_uptime``          1 − Π p_fail: uptime of independent probes
===========================  =================================================

Definitions (cited)
-------------------
* Alerting rule, Datadog Synthetic Monitoring: "an alert is triggered if any
  assertion fails for X minutes from any n of N locations"; the shortest test
  frequency is one minute. Here X minutes are ``consecutive_runs`` runs: a
  location *is failing* at run *t* when its last ``consecutive_runs`` runs all
  failed, and the alert fires at every run where at least ``min_locations``
  locations are failing (``synthetic_alerts``).
* Uptime and reachability, Grafana Cloud Synthetic Monitoring
  ("Uptime and reachability",
  https://grafana.com/docs/grafana-cloud/testing/synthetic-monitoring/analyze-results/uptime-and-reachability):
  a *time point* is one run of the check (all its probes); it succeeds when at
  least one probe succeeded. **Uptime** = successful time points / reported
  time points; **reachability** = successful checks / all checks (single probe
  executions). If probes fail independently with ratios p_i, a time point
  fails only when all fail, so the expected uptime is 1 − Π p_i
  (``expected_uptime``).
* Latency of a step: ``histogram_quantile(u, that minute's histogram)`` with
  ``u`` uniform in (0, 1). Prometheus' ``histogram_quantile`` "interpolates
  quantile values by assuming a linear distribution within a bucket"; the
  lowest bucket starts at 0, and a quantile in the open top bucket reads as
  "the upper bound of the second highest bucket" — 1,000 ms here, so a probe
  slower than a second is recorded as 1,000 ms (a lower bound)
  (https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile).
* A minute missing for a service counts as a minute without requests: no
  failures, latency from the service's profile (``sl.SERVICES``). So does a
  minute without a successful request, for its latency.

Notebook: ``notebooks/06_observability_driven_dev/2a_synthetic_monitoring.ipynb``.
"""

from __future__ import annotations

import numbers
from types import MappingProxyType

import numpy as np
import pandas as pd

from ..simulation import LATENCY_BUCKETS_MS, SERVICE_NAMES, SERVICES
from .._validation import check_columns, check_int, check_real, message
from .._windows import check_rng, described, true_runs

__all__ = [
    "JOURNEYS",
    "PROBE_LOCATIONS",
    "synthetic_checks",
    "synthetic_alerts",
    "synthetic_detection",
    "synthetic_false_alarms",
    "synthetic_rule_tradeoff",
    "synthetic_uptime",
    "expected_uptime",
]

#: The scripted user journeys: name -> the services a run calls, in order.
#: ``"checkout"`` is a shopper's path (find a product, check out, pay);
#: ``"browse"`` only searches. Notifications are sent asynchronously after a
#: payment, so no user (and no probe) waits for them.
JOURNEYS = MappingProxyType({
    "checkout": ("search", "checkout", "payment"),
    "browse": ("search",),
})

#: Probe locations, spread over continents first (Grafana recommends at least
#: three probes on different continents). ``locations=3`` uses the first three.
PROBE_LOCATIONS = (
    "Frankfurt", "NewYork", "Singapore", "SaoPaulo", "Sydney", "Tokyo", "London",
    "SanFrancisco", "Mumbai", "CapeTown", "Paris", "Seoul", "Toronto", "Atlanta",
    "Amsterdam", "Bangalore", "Dallas", "HongKong", "Stockholm", "Zurich",
)

_LATENCY_COLUMNS = tuple(f"latency_le_{b}ms" for b in LATENCY_BUCKETS_MS)
_PROFILE = {s.name: s for s in SERVICES}


# --------------------------------------------------------------------------- checks
def _locations(locations) -> tuple[str, ...]:
    rule = f"a whole number in 1 .. {len(PROBE_LOCATIONS)} or a list of distinct location names"
    if isinstance(locations, numbers.Integral) and not isinstance(locations, (bool, np.bool_)):
        n = check_int("locations", locations, low=1, high=len(PROBE_LOCATIONS))
        return PROBE_LOCATIONS[:n]
    if isinstance(locations, (str, bytes, dict)) or not hasattr(locations, "__iter__"):
        raise TypeError(message("locations", rule, locations))
    names = list(locations)
    if not names or not all(isinstance(n, str) and n for n in names):
        raise (ValueError if all(isinstance(n, str) for n in names) else TypeError)(
            message("locations", rule, locations))
    if len(set(names)) != len(names) or len(names) > len(PROBE_LOCATIONS):
        raise ValueError(message("locations", rule, locations))
    return tuple(names)


def _journey(journey) -> tuple[str, ...]:
    rule = "one of " + ", ".join(repr(j) for j in JOURNEYS) + " or a list of service names"
    if isinstance(journey, str):
        if journey not in JOURNEYS:
            raise ValueError(message("journey", rule, journey))
        return JOURNEYS[journey]
    if isinstance(journey, (bytes, dict)) or not hasattr(journey, "__iter__"):
        raise TypeError(message("journey", rule, journey))
    steps = list(journey)
    if not steps or not all(isinstance(s, str) and s in SERVICE_NAMES for s in steps):
        raise ValueError(message("journey", rule, journey))
    return tuple(steps)


def _minute_tables(requests: pd.DataFrame, steps: tuple[str, ...]):
    """Per step: (minutes, error ratio, cumulative bucket fractions) from a requests frame."""
    check_columns("requests", requests, ["timestamp", "service", "requests", "errors", *_LATENCY_COLUMNS])
    if len(requests) == 0:
        raise ValueError(described("requests", "a non-empty DataFrame like sl.load_requests()",
                                 "an empty DataFrame"))
    stamps = requests["timestamp"]
    if not isinstance(stamps.dtype, pd.DatetimeTZDtype):
        raise TypeError(described("requests['timestamp']", "tz-aware datetimes (UTC)", str(stamps.dtype),
                                "Load the data with sl.load_requests()."))
    missing = [s for s in steps if not (requests["service"] == s).any()]
    if missing:
        raise ValueError(described("requests", "a frame holding every service of the journey",
                                 f"a frame without {missing[0]!r}"))
    counts = ["requests", "errors", *_LATENCY_COLUMNS]
    for column in counts:
        values = requests[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise TypeError(described(f"requests[{column!r}]", "counts (whole numbers >= 0)", str(values.dtype)))
        check_real(f"requests[{column!r}]", values.to_numpy(dtype=float), low=0, high=1e15)
    part = requests.loc[requests["service"].isin(steps), ["timestamp", "service", *counts]]
    if part.duplicated(["timestamp", "service"]).any():
        raise ValueError(described("requests", "one row per (timestamp, service)",
                                 "a frame with duplicated (timestamp, service) rows"))
    table = part.pivot(index="timestamp", columns="service").sort_index().fillna(0)
    minutes = table.index
    total = table["requests"].to_numpy(dtype=float)
    errors = table["errors"].to_numpy(dtype=float)
    if (errors > total).any():
        raise ValueError(described("requests['errors']", "at most requests in each row",
                                 "more errors than requests"))
    order = [list(table["requests"].columns).index(s) for s in steps]
    good = total - errors
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total > 0, errors / np.where(total > 0, total, 1), 0.0)
        cumulative = np.stack([table[c].to_numpy(dtype=float) for c in _LATENCY_COLUMNS], axis=-1)
        fractions = np.where(good[..., None] > 0, cumulative / np.where(good > 0, good, 1)[..., None], np.nan)
    if (np.diff(np.nan_to_num(fractions), axis=-1) < -1e-12).any() or (np.nan_to_num(fractions) > 1 + 1e-12).any():
        raise ValueError(described("requests", "cumulative latency counts (non-decreasing, at most the successes)",
                                 "latency_le_* columns that decrease or exceed requests - errors"))
    return minutes, ratio[:, order], fractions[:, order, :]


def _profile_fractions(service: str) -> np.ndarray:
    """Cumulative bucket fractions of a service's log-normal profile (used when a minute has no success)."""
    import math

    profile = _PROFILE[service]
    z = [(math.log(b) - math.log(profile.latency_median_ms)) / profile.latency_sigma for b in LATENCY_BUCKETS_MS]
    return np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in z])


def _histogram_quantile(u: np.ndarray, fractions: np.ndarray) -> np.ndarray:
    """Prometheus' histogram_quantile(u) for each row: linear inside buckets, first bucket from 0."""
    bounds = np.asarray(LATENCY_BUCKETS_MS, dtype=float)
    cdf = np.concatenate([np.zeros(fractions.shape[:-1] + (1,)), fractions], axis=-1)
    upper = np.concatenate([[0.0], bounds])
    k = (u[..., None] > cdf[..., 1:]).sum(axis=-1)  # bucket index 0..len(bounds); len = open top bucket
    top = k >= len(bounds)
    kk = np.minimum(k, len(bounds) - 1)
    lo_cdf = np.take_along_axis(cdf, kk[..., None], axis=-1)[..., 0]
    hi_cdf = np.take_along_axis(cdf, kk[..., None] + 1, axis=-1)[..., 0]
    lo, hi = upper[kk], upper[kk + 1]
    width = hi_cdf - lo_cdf
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = np.where(width > 0, (u - lo_cdf) / np.where(width > 0, width, 1), 1.0)
    value = lo + (hi - lo) * np.clip(inside, 0, 1)
    return np.where(top, bounds[-1], value)


def synthetic_checks(requests, *, journey="checkout", interval_min=1, locations=3,
                     probe_failure_ratio=0.002, max_latency_ms=None, rng=None):
    """Run a scripted journey on a schedule from several probe locations against recorded traffic.

    Each run replays what real users met in that minute: a step fails with the
    minute's real-user error ratio of its service and takes a latency drawn
    from the minute's latency histogram; the run also fails on its own with
    ``probe_failure_ratio`` (the probe's network). A run stops at its first
    failed step.

    Parameters
    ----------
    requests : DataFrame
        Per-minute traffic in ``sl.load_requests()`` format: ``timestamp``
        (tz-aware), ``service``, ``requests``, ``errors`` and the cumulative
        ``latency_le_100ms`` ... ``latency_le_1000ms`` counts of successes.
    journey : str or sequence of str, default "checkout"
        A key of :data:`JOURNEYS` or the services to call, in order.
    interval_min : int, default 1
        Minutes between runs (the check's frequency), 1 .. 1440. Runs start at
        the first minute of ``requests``.
    locations : int or sequence of str, default 3
        How many probe locations (the first of :data:`PROBE_LOCATIONS`) or
        their names.
    probe_failure_ratio : float, default 0.002
        Chance that a run fails for the probe's own reasons, in [0, 1).
    max_latency_ms : float, optional
        A response-time assertion: a run whose journey latency exceeds it
        fails (``failed_step`` "latency"). ``None``: no latency assertion.
    rng : int, numpy Generator or None
        Seed or generator.

    Returns
    -------
    DataFrame
        One row per (run, location), ordered by time then location:
        ``timestamp``, ``location``, ``success`` (bool), ``latency_ms`` (sum of
        the latencies of the steps run) and ``failed_step`` (the service that
        failed, ``"probe"`` (which wins when both failed), ``"latency"``, or
        ``""`` for a success).

    Raises
    ------
    TypeError, ValueError
        For a frame without the columns above or a parameter out of range.

    See Also
    --------
    synthetic_alerts, synthetic_uptime

    Notes
    -----
    With independent steps a run fails with probability
    1 − (1 − p_probe) · Π_s (1 − e_s(t)), e_s(t) being service *s*'s error
    ratio in minute *t*. Latencies follow the histogram as Prometheus'
    ``histogram_quantile`` reads it (see the module notes).

    Examples
    --------
    >>> import pandas as pd
    >>> minutes = pd.date_range("2026-10-05", periods=4, freq="min", tz="UTC")
    >>> traffic = pd.DataFrame({"timestamp": minutes, "service": "search",
    ...     "requests": 100, "errors": [0, 0, 100, 0], "latency_le_100ms": [100, 100, 0, 100],
    ...     "latency_le_200ms": [100, 100, 0, 100], "latency_le_300ms": [100, 100, 0, 100],
    ...     "latency_le_500ms": [100, 100, 0, 100], "latency_le_1000ms": [100, 100, 0, 100]})
    >>> checks = synthetic_checks(traffic, journey="browse", locations=2, probe_failure_ratio=0, rng=1)
    >>> checks["success"].tolist()
    [True, True, True, True, False, False, True, True]
    >>> checks["failed_step"].tolist()[4]
    'search'
    >>> bool(checks.loc[checks["success"], "latency_ms"].between(0, 100).all())
    True
    """
    steps = _journey(journey)
    interval_min = check_int("interval_min", interval_min, low=1, high=1440)
    names = _locations(locations)
    probe_failure_ratio = check_real("probe_failure_ratio", probe_failure_ratio, low=0, high=1, high_open=True,
                                     rule="a fraction in [0, 1)", scalar=True)
    if max_latency_ms is not None:
        max_latency_ms = check_real("max_latency_ms", max_latency_ms, low=0, low_open=True, scalar=True)
    minutes, ratio, fractions = _minute_tables(requests, steps)
    rng = check_rng(rng)

    runs = np.arange(0, len(minutes), interval_min)
    step_minutes = (minutes[runs] - minutes[0]) / pd.Timedelta(minutes=1)
    if len(runs) > 1 and not np.allclose(np.diff(step_minutes), interval_min):
        raise ValueError(described("requests", "a regular 1-minute series per service",
                                 "timestamps with gaps or another step"))
    ratio, fractions = ratio[runs], fractions[runs]
    for j, service in enumerate(steps):  # a minute without a success: the service's profile
        empty = np.isnan(fractions[:, j, 0])
        if empty.any():
            fractions[empty, j, :] = _profile_fractions(service)
    n_runs, n_loc, n_steps = len(runs), len(names), len(steps)
    u_fail = rng.random((n_runs, n_loc, n_steps))
    u_latency = rng.random((n_runs, n_loc, n_steps))
    u_probe = rng.random((n_runs, n_loc))

    failed = u_fail < ratio[:, None, :]
    latency = np.empty((n_runs, n_loc, n_steps))
    for loc in range(n_loc):  # one location at a time: 20 locations x 28 days stay small in memory
        latency[:, loc, :] = _histogram_quantile(u_latency[:, loc, :], fractions)
    any_failed = failed.any(axis=-1)
    first = np.where(any_failed, failed.argmax(axis=-1), n_steps - 1)
    ran = np.arange(n_steps) <= first[..., None]  # a run stops at its first failed step
    total_ms = (latency * ran).sum(axis=-1)
    probe = u_probe < probe_failure_ratio
    slow = np.zeros_like(probe) if max_latency_ms is None else (~any_failed & (total_ms > max_latency_ms))
    success = ~(any_failed | probe | slow)
    failed_step = np.full((n_runs, n_loc), "", dtype=object)
    failed_step[slow] = "latency"
    step_names = np.array(steps, dtype=object)
    failed_step[any_failed] = step_names[first[any_failed]]
    failed_step[probe] = "probe"

    return pd.DataFrame({
        "timestamp": np.repeat(minutes[runs], n_loc),
        "location": np.tile(np.array(names, dtype=object), n_runs),
        "success": success.ravel(),
        "latency_ms": total_ms.ravel(),
        "failed_step": failed_step.ravel(),
    })


# --------------------------------------------------------------------------- alerts
def _check_checks(checks, name="checks"):
    check_columns(name, checks, ["timestamp", "location", "success"])
    if not isinstance(checks["timestamp"].dtype, pd.DatetimeTZDtype):
        raise TypeError(described(f"{name}['timestamp']", "tz-aware datetimes (UTC)", str(checks["timestamp"].dtype),
                                "Build the frame with sl.synthetic_checks()."))
    if checks["timestamp"].isna().any():
        raise ValueError(described(f"{name}['timestamp']", "free of missing times", "NaT"))
    if not pd.api.types.is_bool_dtype(checks["success"]):
        raise TypeError(described(f"{name}['success']", "booleans (True for a passing run)",
                                str(checks["success"].dtype)))
    if checks["success"].isna().any():
        raise ValueError(described(f"{name}['success']", "True or False in every row", "missing values"))
    if checks.duplicated(["timestamp", "location"]).any():
        raise ValueError(described(name, "one row per (timestamp, location)",
                                 "a frame with duplicated (timestamp, location) rows"))


def _run_step(times: pd.DatetimeIndex) -> pd.Timedelta:
    """The check's interval: the smallest gap between runs (1 minute for a single run)."""
    if len(times) < 2:
        return pd.Timedelta(minutes=1)
    return pd.Timedelta(np.diff(times.as_unit("ns").asi8).min(), unit="ns")


def synthetic_alerts(checks, *, min_locations=2, consecutive_runs=2):
    """Alert episodes of the rule "failing for X consecutive runs from at least n of N locations".

    Datadog's synthetic alerting: "an alert is triggered if any assertion fails
    for X minutes from any n of N locations". Requiring several locations
    filters one probe's network trouble; requiring consecutive runs filters a
    single unlucky run. Both delay detection.

    Parameters
    ----------
    checks : DataFrame
        From :func:`synthetic_checks`: ``timestamp``, ``location``, ``success``.
    min_locations : int, default 2
        n: how many locations must be failing at once, 1 .. the number of
        locations in ``checks``.
    consecutive_runs : int, default 2
        X in runs: a location is failing at run *t* when its runs *t − X + 1*
        .. *t* all failed. At a 1-minute interval, runs are minutes.

    Returns
    -------
    DataFrame
        One row per episode: ``start`` (the run at which it fires),
        ``end`` (the first run at which it no longer holds, or the last run +
        one interval if it still holds at the end), ``duration``, ``runs``
        (firing runs). Empty (same columns) when it never fires.

    Raises
    ------
    TypeError, ValueError
        For a frame without those columns or parameters out of range.

    See Also
    --------
    synthetic_checks, synthetic_detection, synthetic_false_alarms

    Notes
    -----
    A location that did not report at a run counts as not failing then.
    Source: Datadog Synthetic Monitoring, "Alerting conditions" (ops_facts §6.1).

    Examples
    --------
    Three locations A, B, C over six one-minute runs (``x`` = failed)::

        run   0  1  2  3  4  5
        A     x  x  x  .  .  .
        B     .  x  x  x  .  .
        C     .  .  .  x  x  .

    With n = 2 and X = 2: A is failing at runs 1, 2; B at 2, 3; C at 4. Two
    locations fail together only at run 2, so one episode from run 2 to run 3.

    >>> import pandas as pd
    >>> t = pd.date_range("2026-10-05", periods=6, freq="min", tz="UTC")
    >>> fails = {"A": [1, 1, 1, 0, 0, 0], "B": [0, 1, 1, 1, 0, 0], "C": [0, 0, 0, 1, 1, 0]}
    >>> checks = pd.DataFrame([{"timestamp": t[i], "location": loc, "success": not f[i]}
    ...                        for i in range(6) for loc, f in fails.items()])
    >>> alerts = synthetic_alerts(checks, min_locations=2, consecutive_runs=2)
    >>> [(str(a.start.time()), str(a.end.time()), a.runs) for a in alerts.itertuples()]
    [('00:02:00', '00:03:00', 1)]
    """
    _check_checks(checks)
    n_locations = int(checks["location"].nunique())
    min_locations = check_int("min_locations", min_locations, low=1)
    if n_locations and min_locations > n_locations:
        raise ValueError(message("min_locations", f"at most the {n_locations} locations in checks", min_locations,
                                 "Otherwise the alert can never fire."))
    consecutive_runs = check_int("consecutive_runs", consecutive_runs, low=1, high=10_000)
    empty = pd.DataFrame({"start": pd.Series([], dtype="datetime64[ns, UTC]"),
                          "end": pd.Series([], dtype="datetime64[ns, UTC]"),
                          "duration": pd.Series([], dtype="timedelta64[ns]"),
                          "runs": pd.Series([], dtype=np.int64)})
    if len(checks) == 0:
        return empty
    failed = ~checks["success"].to_numpy(dtype=bool)
    run, times = pd.factorize(checks["timestamp"], sort=True)
    where, _names = pd.factorize(checks["location"])
    times = pd.DatetimeIndex(times)
    fails = np.zeros((len(times), len(_names)), dtype=np.int64)  # a missing report counts as passing
    fails[run, where] = failed
    cum = np.vstack([np.zeros((1, fails.shape[1]), dtype=np.int64), np.cumsum(fails, axis=0)])
    k = consecutive_runs
    streak = np.zeros_like(fails, dtype=bool)
    if k <= len(times):
        streak[k - 1:] = (cum[k:] - cum[:-k]) == k
    firing = streak.sum(axis=1) >= min_locations
    first, after = true_runs(firing)
    if len(first) == 0:
        return empty
    step = _run_step(times)
    ends = np.array([times[a] if a < len(times) else times[-1] + step for a in after], dtype=object)
    start = pd.DatetimeIndex(times[first])
    end = pd.DatetimeIndex(list(ends))
    return pd.DataFrame({"start": start, "end": end, "duration": end - start,
                         "runs": (after - first).astype(np.int64)})


# --------------------------------------------------------------------------- detection
def _check_alerts(alerts):
    check_columns("alerts", alerts, ["start", "end"])
    for column in ("start", "end"):
        if not isinstance(alerts[column].dtype, pd.DatetimeTZDtype):
            raise TypeError(described(f"alerts[{column!r}]", "tz-aware datetimes (UTC)", str(alerts[column].dtype),
                                    "Build the frame with sl.synthetic_alerts()."))
        if alerts[column].isna().any():
            raise ValueError(described(f"alerts[{column!r}]", "free of missing times", "NaT"))
    if (alerts["end"] < alerts["start"]).any():
        raise ValueError(described("alerts", "episodes whose end is not before their start",
                                 "an episode ending before it starts"))
    return alerts.sort_values("start", kind="stable").reset_index(drop=True)


def _incident_frame(incidents, service):
    check_columns("incidents", incidents, ["started", "service"])
    end_column = "mitigated" if "mitigated" in incidents.columns else "resolved"
    check_columns("incidents", incidents, ["started", "service", end_column])
    for column in ("started", end_column):
        if not isinstance(incidents[column].dtype, pd.DatetimeTZDtype):
            raise TypeError(described(f"incidents[{column!r}]", "tz-aware datetimes (UTC)",
                                    str(incidents[column].dtype), "Load them with sl.load_incidents()."))
        if incidents[column].isna().any():
            raise ValueError(described(f"incidents[{column!r}]", "free of missing times", "NaT"))
    if "detected" in incidents.columns and not isinstance(incidents["detected"].dtype, pd.DatetimeTZDtype):
        raise TypeError(described("incidents['detected']", "tz-aware datetimes (UTC)",
                                  str(incidents["detected"].dtype), "Load them with sl.load_incidents()."))
    if (incidents[end_column] < incidents["started"]).any():
        raise ValueError(described("incidents", f"incidents whose {end_column} is not before started",
                                 f"an incident with {end_column} < started"))
    if service is not None:
        rule = "None, a service name or a list of them (e.g. sl.JOURNEYS['checkout'])"
        wanted = [service] if isinstance(service, str) else service
        if isinstance(wanted, (bytes, dict)) or not hasattr(wanted, "__iter__"):
            raise TypeError(message("service", rule, service))
        wanted = list(wanted)
        if not all(isinstance(s, str) and s in SERVICE_NAMES for s in wanted):
            raise ValueError(message("service", rule, service))
        incidents = incidents[incidents["service"].isin(wanted)]
    return incidents, end_column


def _held_runs(alerts):
    """Each episode's first run, the run interval and the end of the time its rule held (ns, exclusive).

    An episode's ``end`` is the first run at which the rule no longer holds,
    so with checks an hour or a day apart the episode spans a long quiet
    stretch after its last failing run. With ``runs`` (from
    :func:`synthetic_alerts`) the rule is taken to hold at the runs
    ``start, start + interval, …`` up to the last one, where ``interval =
    (end - start) / runs``; without it, for the whole of [start, end).
    """
    start = pd.DatetimeIndex(alerts["start"]).as_unit("ns").asi8
    end = pd.DatetimeIndex(alerts["end"]).as_unit("ns").asi8
    if "runs" not in alerts.columns or not len(alerts):
        return start, np.zeros(len(start), dtype=np.int64), end
    runs = np.maximum(alerts["runs"].to_numpy(dtype=np.int64), 1)
    interval = (end - start) // runs
    return start, interval, start + interval * (runs - 1) + 1


def synthetic_detection(alerts, incidents, *, service=None):
    """When (and whether) the synthetic alert caught each incident.

    Parameters
    ----------
    alerts : DataFrame
        From :func:`synthetic_alerts` (``start``, ``end``).
    incidents : DataFrame
        Ground truth, e.g. ``sl.load_incidents()``: ``started``, ``service``
        and ``mitigated`` (the end of user impact; ``resolved`` if absent);
        ``id`` and ``detected`` are used when present.
    service : str or sequence of str, optional
        Keep only incidents of these services (e.g. ``sl.JOURNEYS["checkout"]``
        for the services the journey calls). ``None``: all incidents.

    Returns
    -------
    DataFrame
        One row per incident, in the order given: ``incident_id``,
        ``service``, ``started``, ``detected_at`` (the first run in
        [started, mitigated) at which the alert's rule holds — an episode
        that began earlier counts from its next run that still fails, so a
        daily check's stale alert detects nothing; NaT if none), ``time_to_detect`` (``detected_at − started``, or
        ``sl.NEVER``) and, when ``incidents`` has ``detected``, the real
        ``time_to_detect_real`` (``detected − started``) for comparison.

    See Also
    --------
    synthetic_false_alarms

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Timestamp("2026-10-05 10:00", tz="UTC")
    >>> m = pd.Timedelta(minutes=1)
    >>> alerts = pd.DataFrame({"start": [t + 3 * m, t + 60 * m], "end": [t + 9 * m, t + 61 * m]})
    >>> incidents = pd.DataFrame({"id": ["INC-1", "INC-2"], "service": ["search", "payment"],
    ...     "started": [t, t + 30 * m], "mitigated": [t + 10 * m, t + 40 * m]})
    >>> found = synthetic_detection(alerts, incidents)
    >>> [str(x) for x in found["time_to_detect"]]
    ['0 days 00:03:00', 'NaT']
    """
    alerts = _check_alerts(alerts)
    incidents, end_column = _incident_frame(incidents, service)
    started = pd.DatetimeIndex(incidents["started"])
    ended = pd.DatetimeIndex(incidents[end_column])
    s_ns, e_ns = started.as_unit("ns").asi8, ended.as_unit("ns").asi8
    a_start, interval, held_end = _held_runs(alerts)
    # Episodes of one rule never overlap, so the ends of their held runs grow with their starts.
    running_end = np.maximum.accumulate(held_end) if len(held_end) else held_end
    i = np.searchsorted(running_end, s_ns, side="right")
    has = i < len(a_start)
    ii = np.minimum(i, max(len(a_start) - 1, 0))
    first_start = a_start[ii] if len(a_start) else np.zeros(len(i), dtype=np.int64)
    step = interval[ii] if len(a_start) else np.zeros(len(i), dtype=np.int64)
    # Detected at the first run, at or after the incident's start, at which the rule holds.
    behind = np.maximum(s_ns - first_start, 0)
    runs_later = np.where(step > 0, -(-behind // np.maximum(step, 1)), 0)
    at = np.where(step > 0, first_start + runs_later * step, np.maximum(first_start, s_ns))
    hit = has & (at < e_ns) if len(a_start) else np.zeros(len(i), dtype=bool)
    detected_at = pd.DatetimeIndex(np.where(hit, at, 0).astype("datetime64[ns]")).tz_localize("UTC")
    detected_at = detected_at.where(hit, pd.NaT)  # missed: NaT, so time_to_detect is sl.NEVER
    ids = incidents["id"].to_numpy() if "id" in incidents.columns else incidents.index.to_numpy()
    frame = pd.DataFrame({
        "incident_id": ids,
        "service": incidents["service"].to_numpy(),
        "started": started,
        "detected_at": detected_at,
        "time_to_detect": detected_at - started,
    })
    if "detected" in incidents.columns:
        frame["time_to_detect_real"] = pd.DatetimeIndex(incidents["detected"]) - started
    return frame


def synthetic_false_alarms(alerts, incidents, *, service=None):
    """Alert episodes that overlap no incident: pages with nothing behind them.

    Parameters
    ----------
    alerts, incidents, service
        As in :func:`synthetic_detection`.

    Returns
    -------
    DataFrame
        The rows of ``alerts`` (sorted by ``start``) that overlap no
        incident's [started, mitigated).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Timestamp("2026-10-05 10:00", tz="UTC")
    >>> m = pd.Timedelta(minutes=1)
    >>> alerts = pd.DataFrame({"start": [t + 3 * m, t + 60 * m], "end": [t + 9 * m, t + 61 * m]})
    >>> incidents = pd.DataFrame({"service": ["search"], "started": [t], "mitigated": [t + 10 * m]})
    >>> [str(s.time()) for s in synthetic_false_alarms(alerts, incidents)["start"]]
    ['11:00:00']
    """
    alerts = _check_alerts(alerts)
    incidents, end_column = _incident_frame(incidents, service)
    a_start, _, held_end = _held_runs(alerts)
    i_start = pd.DatetimeIndex(incidents["started"]).as_unit("ns").asi8
    i_end = pd.DatetimeIndex(incidents[end_column]).as_unit("ns").asi8
    overlaps = (a_start[:, None] < i_end[None, :]) & (held_end[:, None] > i_start[None, :])
    return alerts[~overlaps.any(axis=1)].reset_index(drop=True)


def synthetic_rule_tradeoff(checks, incidents, *, rules=((1, 1), (1, 2), (2, 1), (2, 2)), service=None):
    """Several alerting rules on the same checks: what each catches, how fast, and how often it cries wolf.

    Parameters
    ----------
    checks : DataFrame
        From :func:`synthetic_checks`.
    incidents : DataFrame
        Ground truth, as in :func:`synthetic_detection`.
    rules : sequence of (int, int), default ((1, 1), (1, 2), (2, 1), (2, 2))
        ``(min_locations, consecutive_runs)`` pairs (1 to 20 of them), as in
        :func:`synthetic_alerts`.
    service : str or sequence of str, optional
        Keep only incidents of these services, as in :func:`synthetic_detection`.

    Returns
    -------
    DataFrame
        One row per rule, in the order given: ``rule`` (e.g. "2 of 3, 2 runs"),
        ``min_locations``, ``consecutive_runs``, ``incidents``, ``detected``,
        ``median_time_to_detect`` (of the detected ones; NaT if none),
        ``false_alarms`` and ``false_alarms_per_week`` (over the span of the
        checks, first run to last run + one interval) and
        ``chance_detections``: how many of the incidents the rule's false
        alarms alone would be expected to "detect" (see Notes).

    Notes
    -----
    A loose rule also "detects" incidents by luck: a false alarm that happens
    to fall inside an incident counts as a detection. If false alarms start
    at random at the rate λ the rule shows outside incidents (per minute)
    and last e minutes on average, an incident of d minutes overlaps at
    least one with probability 1 − exp(−λ (d + e)); ``chance_detections`` is
    that sum over the incidents. Detections well above it are real.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.date_range("2026-10-05", periods=4, freq="min", tz="UTC")
    >>> fails = {"A": [1, 1, 0, 1], "B": [0, 1, 0, 0]}
    >>> checks = pd.DataFrame([{"timestamp": t[i], "location": loc, "success": not f[i]}
    ...                        for i in range(4) for loc, f in fails.items()])
    >>> incidents = pd.DataFrame({"service": ["search"], "started": [t[1]], "mitigated": [t[2]]})
    >>> table = synthetic_rule_tradeoff(checks, incidents, rules=[(1, 1), (2, 1)])
    >>> table[["rule", "detected", "false_alarms"]].values.tolist()
    [['1 of 2, 1 run', 1, 1], ['2 of 2, 1 run', 1, 0]]
    """
    _check_checks(checks)
    rule_text = "a list of (min_locations, consecutive_runs) pairs of whole numbers >= 1"
    if isinstance(rules, (str, bytes, dict)) or not hasattr(rules, "__iter__"):
        raise TypeError(message("rules", rule_text, rules))
    pairs = list(rules)
    if not pairs or len(pairs) > 20:
        raise ValueError(message("rules", rule_text + " (1 to 20 of them)", rules))
    n_locations = int(checks["location"].nunique())
    for pair in pairs:
        if isinstance(pair, (str, bytes, dict)) or not hasattr(pair, "__len__") or len(pair) != 2 or not all(
                isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)) for v in pair):
            raise TypeError(message("rules", rule_text, rules))
        if pair[0] < 1 or pair[1] < 1 or pair[1] > 10_000 or (n_locations and pair[0] > n_locations):
            raise ValueError(message("rules", rule_text + f" (at most {n_locations} locations, 10,000 runs)",
                                     rules))
    incidents_kept, end_column = _incident_frame(incidents, service)
    times = pd.DatetimeIndex(checks["timestamp"].unique()).sort_values()
    span = (times[-1] - times[0] + _run_step(times)) if len(times) else pd.Timedelta(0)
    weeks = span / pd.Timedelta(days=7)
    span_minutes = span / pd.Timedelta(minutes=1)
    incident_minutes = ((incidents_kept[end_column] - incidents_kept["started"]) / pd.Timedelta(minutes=1)).to_numpy(
        dtype=float)
    rows = []
    for n, k in ((int(a), int(b)) for a, b in pairs):
        alerts = synthetic_alerts(checks, min_locations=n, consecutive_runs=k)
        found = synthetic_detection(alerts, incidents, service=service)
        false = synthetic_false_alarms(alerts, incidents, service=service)
        caught = found["time_to_detect"].dropna()
        rate = len(false) / span_minutes if span_minutes > 0 else 0.0
        episode = float(false["duration"].mean() / pd.Timedelta(minutes=1)) if len(false) else 0.0
        rows.append({
            "rule": f"{n} of {n_locations}, {k} run{'s' if k != 1 else ''}",
            "min_locations": int(n), "consecutive_runs": int(k),
            "incidents": len(incidents_kept), "detected": int(len(caught)),
            "median_time_to_detect": caught.median() if len(caught) else pd.NaT,
            "false_alarms": int(len(false)),
            "false_alarms_per_week": len(false) / weeks if weeks > 0 else float("nan"),
            "chance_detections": float(np.sum(1 - np.exp(-rate * (incident_minutes + episode)))),
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- uptime
def synthetic_uptime(checks):
    """Grafana's uptime and reachability of synthetic checks.

    Parameters
    ----------
    checks : DataFrame
        From :func:`synthetic_checks`: ``timestamp``, ``location``, ``success``.

    Returns
    -------
    dict
        ``uptime`` (successful time points / time points; a time point
        succeeds when at least one location succeeded), ``reachability``
        (successful checks / checks), ``time_points`` and ``checks`` (counts).

    Notes
    -----
    Definitions of Grafana Cloud Synthetic Monitoring, "Uptime and
    reachability" (ops_facts §6.1). Uptime forgives one failing probe;
    reachability counts every failed execution.

    Examples
    --------
    Three probes, two runs: at 10:00 one probe fails, at 10:01 all fail.

    >>> import pandas as pd
    >>> t = pd.to_datetime(["2026-10-05 10:00"] * 3 + ["2026-10-05 10:01"] * 3, utc=True)
    >>> checks = pd.DataFrame({"timestamp": t, "location": ["A", "B", "C"] * 2,
    ...                        "success": [True, False, True, False, False, False]})
    >>> result = synthetic_uptime(checks)
    >>> result["uptime"], round(result["reachability"], 4)
    (0.5, 0.3333)
    """
    _check_checks(checks)
    if len(checks) == 0:
        raise ValueError(described("checks", "a non-empty DataFrame of check results", "an empty DataFrame"))
    ok = checks["success"].astype(bool)
    points = ok.groupby(checks["timestamp"].to_numpy()).any()
    return {"uptime": float(points.mean()), "reachability": float(ok.mean()),
            "time_points": int(len(points)), "checks": int(len(checks))}


def expected_uptime(failure_ratios):
    """Expected uptime of probes that fail independently: 1 − Π p_i.

    Parameters
    ----------
    failure_ratios : float or array-like of float
        Each probe's chance of failing a run, in [0, 1]. A single number is
        one probe.

    Returns
    -------
    float
        The chance that at least one probe succeeds.

    Examples
    --------
    Three probes that each fail 10 % of runs: a time point fails only when all
    three do, 0.1³ = 0.001.

    >>> round(expected_uptime([0.1, 0.1, 0.1]), 6)
    0.999
    """
    p = check_real("failure_ratios", failure_ratios, low=0, high=1, rule="fractions in [0, 1]")
    p = np.atleast_1d(p)
    if p.size == 0:
        raise ValueError(described("failure_ratios", "at least one fraction in [0, 1]", "an empty list"))
    return float(1 - np.prod(p))
