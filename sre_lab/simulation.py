"""The MicroCorp world: four services, their traffic and their incidents.

Every section of the course works on the same simulated company, so numbers
agree from one notebook to the next. The model is small enough to read:

* **traffic**: a Poisson count of requests per minute around a rate with a
  daily cycle, a weekly cycle, slow growth and day-to-day wobble;
* **errors**: a binomial draw from the baseline error ratio plus whatever the
  incidents of that minute add;
* **latency**: cumulative histogram counts of successful requests at
  100/200/300/500/1000 ms from a log-normal latency whose median grows with
  load and with latency incidents;
* **incidents**: Poisson arrivals, long-tailed (log-normal) durations,
  triggers in the proportions of the SRE Workbook's postmortem analysis,
  propagated to the callers of the failing service.

Everything is vectorised over minutes and runs in virtual time: nothing sleeps.

Public names
------------
=========================  ===================================================
``SERVICE_NAMES``          the four services, in display order
``SERVICES``               their :class:`Service` parameters
``DEPENDENCIES``           ``{caller: {dependency: share of calls}}``
``LATENCY_BUCKETS_MS``     the histogram bounds of ``latency_le_*ms`` columns
``TRAFFIC_EVENTS``         one-day surges (Black Friday, Cyber Monday 2025)
``TRIGGER_SHARES``         incident triggers, SRE Workbook Appendix C
``SEVERITY_THRESHOLDS``    share of users affected -> SEV1..SEV4
``Service``                one service's traffic, error and latency profile
``severity_from_users``    the severity label of a share of users affected
``simulate_incidents``     random ground-truth incidents over a period
``simulate_traffic``       per-minute traffic with incidents injected
=========================  ===================================================
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import check_choice, check_columns, check_fraction, check_int, check_real, message
from ._windows import check_incidents, check_rng

__all__ = [
    "SERVICE_NAMES",
    "SERVICES",
    "DEPENDENCIES",
    "LATENCY_BUCKETS_MS",
    "TRAFFIC_EVENTS",
    "TRIGGER_SHARES",
    "SEVERITY_THRESHOLDS",
    "Service",
    "severity_from_users",
    "simulate_incidents",
    "simulate_traffic",
]


@dataclass(frozen=True)
class Service:
    """Traffic, error and latency profile of one MicroCorp service.

    Attributes
    ----------
    name : str
    requests_per_minute : float
        Mean rate over a week at the start of the simulated year.
    baseline_error_ratio : float
        Share of requests that fail when nothing is wrong.
    latency_median_ms : float
        Median latency of a successful request at average load.
    latency_sigma : float
        Spread of log-latency (log-normal shape parameter).
    weekend_factor : float
        Traffic on Saturday and Sunday relative to weekdays.
    peak_hour_utc : float
        Hour of the daily traffic peak.
    """

    name: str
    requests_per_minute: float
    baseline_error_ratio: float
    latency_median_ms: float
    latency_sigma: float
    weekend_factor: float
    peak_hour_utc: float


SERVICES = (
    Service("checkout", 420.0, 0.00020, 140.0, 0.45, 0.80, 15.0),
    Service("payment", 250.0, 0.00010, 160.0, 0.40, 0.80, 15.0),
    Service("search", 1300.0, 0.00040, 70.0, 0.55, 1.10, 14.0),
    Service("notifications", 25.0, 0.00080, 230.0, 0.35, 0.90, 13.0),
)
SERVICE_NAMES = tuple(s.name for s in SERVICES)

#: Synchronous calls: an incident in a dependency fails (or slows) the same
#: share of the caller's requests. Notifications are sent asynchronously, so
#: their failures never reach checkout's users.
DEPENDENCIES = {"checkout": {"payment": 0.6, "search": 0.3}}

LATENCY_BUCKETS_MS = (100, 200, 300, 500, 1000)

#: One-day traffic surges (Black Friday and Cyber Monday 2025) for the
#: shopping services: ``(date, multiplier)``.
TRAFFIC_EVENTS = (("2025-11-28", 2.2), ("2025-12-01", 1.7))
_EVENT_SERVICES = {"checkout", "payment", "search"}

#: Top eight incident triggers in Google's postmortems 2010-2017
#: (SRE Workbook, Appendix C "Results of Postmortem Analysis"). They sum to 1.
TRIGGER_SHARES = {
    "Binary push": 0.37,
    "Configuration push": 0.31,
    "User behavior change": 0.09,
    "Processing pipeline": 0.06,
    "Service provider change": 0.05,
    "Performance decay": 0.05,
    "Capacity management": 0.05,
    "Hardware": 0.02,
}

#: Our metric-driven severity scale (PagerDuty asks for thresholds on the share
#: of users affected but publishes no numbers, so these are the course's own).
SEVERITY_THRESHOLDS = {"SEV1": 0.50, "SEV2": 0.20, "SEV3": 0.05, "SEV4": 0.0}

# Triggers that degrade speed rather than correctness.
_LATENCY_TRIGGERS = {"Performance decay", "Capacity management"}
# Change-induced triggers happen when people deploy: weekdays, working hours.
_CHANGE_TRIGGERS = {"Binary push", "Configuration push"}

INCIDENT_COLUMNS = (
    "id", "service", "severity", "trigger", "kind", "started", "detected",
    "acknowledged", "mitigated", "resolved", "users_affected",
    "error_ratio_added", "latency_multiplier", "planted",
)


def severity_from_users(users_affected):
    """Return the severity label (``"SEV1"`` … ``"SEV4"``) for a share of users affected.

    >>> severity_from_users(0.6), severity_from_users(0.25), severity_from_users(0.01)
    ('SEV1', 'SEV2', 'SEV4')
    """
    users = check_fraction("users_affected", users_affected, closed=True)
    labels = np.array(list(SEVERITY_THRESHOLDS))
    bounds = np.array(list(SEVERITY_THRESHOLDS.values()))
    index = (np.asarray(users)[..., None] < bounds).sum(axis=-1)
    result = labels[index]
    return str(result) if np.ndim(users) == 0 else result


_START_RULE = "a date or timestamp such as '2026-10-05' (between 1900 and 2200)"


def _utc(name: str, value) -> pd.Timestamp:
    """A start moment in UTC; numbers (read as nanoseconds since 1970 by pandas) and
    missing values are refused rather than turned into 1970-01-01 or NaT."""
    if value is None or isinstance(value, (bool, np.bool_, int, float, np.number)):
        raise TypeError(message(name, _START_RULE, value,
                                "Write the date as text, e.g. '2026-10-05'."))
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(message(name, _START_RULE, value)) from exc
    if stamp is pd.NaT or not pd.Timestamp("1900-01-01") <= stamp.tz_localize(None) <= pd.Timestamp("2200-01-01"):
        raise ValueError(message(name, _START_RULE, value))
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _service(name: str, parameter: str = "service") -> Service:
    check_choice(parameter, name, SERVICE_NAMES)
    return SERVICES[SERVICE_NAMES.index(name)]


def simulate_incidents(start, days, *, per_week=2.0, rng=None):
    """Draw random ground-truth incidents over ``days`` days from ``start``.

    Arrivals are Poisson; change-induced incidents (binary and configuration
    pushes) start on weekdays between 09:00 and 17:00 UTC, the rest at any
    time. The time users are hurt (``started`` to ``mitigated``) is
    log-normal with a median of 45 min; clean-up until ``resolved`` adds a
    log-normal median of 50 min, so about half of the incidents are resolved
    within 2 h, as in the VOID 2021 report (53 %). The share of users affected
    is drawn independently of the duration (VOID 2022 found no correlation).

    Parameters
    ----------
    start : str or Timestamp
        First instant of the period (UTC if no time zone is given), between
        1900 and 2200; numbers and ``None`` are refused.
    days : int
        Length of the period, 1 .. 36,500 (a century).
    per_week : float, default 2.0
        Mean number of incidents per week across all services, a single
        number in [0, 1000].
    rng : int, numpy Generator or None
        Seed or generator.

    Returns
    -------
    DataFrame
        One row per incident with the columns of ``sl.load_incidents()``,
        sorted by ``started``; ``id`` is ``"INC-001"``, ``"INC-002"``, ...

    Examples
    --------
    >>> incidents = simulate_incidents("2026-01-05", 28, rng=7)
    >>> list(incidents.columns[:4])
    ['id', 'service', 'severity', 'trigger']
    >>> bool((incidents["mitigated"] > incidents["started"]).all())
    True
    """
    start = _utc("start", start)
    days = check_int("days", days, low=1, high=36_500)
    per_week = check_real("per_week", per_week, low=0, high=1000, scalar=True)
    rng = check_rng(rng)

    n = int(rng.poisson(per_week * days / 7))
    weights = np.array([s.requests_per_minute for s in SERVICES]) ** 0.5
    services = rng.choice(SERVICE_NAMES, size=n, p=weights / weights.sum())
    triggers = rng.choice(list(TRIGGER_SHARES), size=n, p=list(TRIGGER_SHARES.values()))

    # Change-induced incidents start in working hours on a weekday.
    offset_min = rng.uniform(0, days * 1440, size=n)
    is_change = np.isin(triggers, list(_CHANGE_TRIGGERS))
    day = np.floor(offset_min / 1440)
    weekday = (start.day_of_week + day) % 7
    working_day = day - np.where(weekday >= 5, weekday - 4, 0)  # Sat/Sun -> Friday
    working_min = working_day * 1440 + rng.uniform(9 * 60, 17 * 60, size=n)
    offset_min = np.where(is_change & (working_min >= 0), working_min, offset_min)
    started = start + pd.to_timedelta(np.round(offset_min), unit="min")

    impact_min = np.clip(np.round(rng.lognormal(np.log(45), 1.0, size=n)), 3, 24 * 60)
    cleanup_min = np.round(rng.lognormal(np.log(50), 0.8, size=n))
    detect_min = np.minimum(np.round(rng.exponential(6, size=n)), impact_min - 1)
    ack_min = np.minimum(detect_min + np.round(rng.exponential(4, size=n)), impact_min - 1)
    users = np.round(rng.beta(0.6, 8.0, size=n), 3).clip(0.005, 1.0)

    kind = np.where(np.isin(triggers, list(_LATENCY_TRIGGERS)), "latency", "errors")
    error_added = np.where(kind == "errors", np.round(users * rng.uniform(0.3, 0.9, size=n), 4), 0.0)
    latency_mult = np.where(kind == "latency", np.round(1.5 + 6 * users, 2), 1.0)

    minutes = lambda m: pd.to_timedelta(m, unit="min")  # noqa: E731
    frame = pd.DataFrame({
        "service": services,
        "severity": severity_from_users(users) if n else np.array([], dtype=str),
        "trigger": triggers,
        "kind": kind,
        "started": started,
        "detected": started + minutes(detect_min),
        "acknowledged": started + minutes(ack_min),
        "mitigated": started + minutes(impact_min),
        "resolved": started + minutes(impact_min + cleanup_min),
        "users_affected": users,
        "error_ratio_added": error_added,
        "latency_multiplier": latency_mult,
        "planted": False,
    })
    frame = frame.sort_values("started", kind="stable").reset_index(drop=True)
    frame.insert(0, "id", [f"INC-{i + 1:03d}" for i in range(len(frame))])
    return frame


def _rate_shape(service: Service, minutes: pd.DatetimeIndex, growth_per_year: float) -> np.ndarray:
    """Expected requests per minute: daily and weekly cycles and growth."""
    hour = np.asarray(minutes.hour + minutes.minute / 60)
    daily = 1 + 0.55 * np.cos(2 * np.pi * (hour - service.peak_hour_utc) / 24)
    weekly = np.where(np.asarray(minutes.day_of_week) >= 5, service.weekend_factor, 1.0)
    years = (minutes - pd.Timestamp("2025-11-02", tz="UTC")) / pd.Timedelta(days=365)
    event = np.ones(len(minutes))
    if service.name in _EVENT_SERVICES:
        dates = np.asarray(minutes.normalize().tz_localize(None), dtype="datetime64[D]")
        for day, multiplier in TRAFFIC_EVENTS:
            event[dates == np.datetime64(day)] = multiplier
    return service.requests_per_minute * daily * weekly * event * (1 + growth_per_year) ** np.asarray(years)


def _incident_effects(incidents: pd.DataFrame, minutes: pd.DatetimeIndex):
    """Added error ratio and latency multiplier per service and minute."""
    n = len(minutes)
    added = {name: np.zeros(n) for name in SERVICE_NAMES}
    slow = {name: np.ones(n) for name in SERVICE_NAMES}
    step = pd.Timedelta(minutes=1)
    for row in incidents.itertuples(index=False):
        first = int(np.ceil((row.started - minutes[0]) / step))
        last = int(np.ceil((row.mitigated - minutes[0]) / step))  # exclusive
        first, last = max(first, 0), min(last, n)
        if first >= last:
            continue
        hit = slice(first, last)
        added[row.service][hit] = 1 - (1 - added[row.service][hit]) * (1 - row.error_ratio_added)
        slow[row.service][hit] = np.maximum(slow[row.service][hit], row.latency_multiplier)
    return added, slow


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF via the Abramowitz-Stegun 7.1.26 erf (error < 1.5e-7)."""
    z = np.abs(x) / np.sqrt(2)
    t = 1 / (1 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1 - poly * np.exp(-z * z)
    return 0.5 * (1 + np.sign(x) * erf)


def _bucket_probabilities(median_ms: np.ndarray, sigma: float) -> np.ndarray:
    """Probability of each latency bin (<=100, <=200, ..., <=1000, >1000 ms)."""
    bounds = np.log(np.asarray(LATENCY_BUCKETS_MS, dtype=float))
    cdf = _normal_cdf((bounds[None, :] - np.log(median_ms)[:, None]) / sigma)
    return np.diff(np.column_stack([np.zeros(len(median_ms)), cdf, np.ones(len(median_ms))]), axis=1)


def simulate_traffic(start, days, *, incidents=None, services=SERVICE_NAMES,
                     growth_per_year=0.4, latency=True, rng=None):
    """Simulate per-minute requests, errors and latency buckets of MicroCorp.

    Parameters
    ----------
    start : str or Timestamp
        First minute (UTC if no time zone is given), between 1900 and 2200;
        it is floored to a minute. Numbers and ``None`` are refused.
    days : int
        Number of days, 1 .. 366 (a year of minutes for four services is
        about 2 million rows per service).
    incidents : DataFrame, optional
        Incidents to inject (columns ``service``, ``started``, ``mitigated``,
        ``error_ratio_added``, ``latency_multiplier``), e.g. from
        :func:`simulate_incidents`. Each hurts its service from ``started``
        (inclusive) to ``mitigated`` (exclusive) and the services that call it
        for their share of calls (``DEPENDENCIES``).
    services : str or sequence of str, default all four
        Which services to return (at least one).
    growth_per_year : float, default 0.4
        Traffic growth: 0.4 means +40 % a year; in [-0.99, 100].
    latency : bool, default True
        Also draw the latency histogram columns (slower; not needed for
        daily totals).
    rng : int, numpy Generator or None
        Seed or generator.

    Returns
    -------
    DataFrame
        Long format: ``timestamp`` (UTC minute start), ``service``,
        ``requests``, ``errors`` and, with ``latency``, the cumulative counts
        ``latency_le_100ms`` ... ``latency_le_1000ms`` of *successful*
        requests at or under each bound.

    Examples
    --------
    >>> quiet = simulate_traffic("2026-01-05", 1, services=["search"], rng=1)
    >>> len(quiet), bool((quiet["errors"] <= quiet["requests"]).all())
    (1440, True)
    >>> bool((quiet["latency_le_1000ms"] <= quiet["requests"] - quiet["errors"]).all())
    True
    """
    start = _utc("start", start).floor("min")
    days = check_int("days", days, low=1, high=366)
    growth_per_year = check_real("growth_per_year", growth_per_year, low=-0.99, high=100,
                                 scalar=True)
    if isinstance(services, str):
        services = [services]
    rule = "a service name or a non-empty list of them"
    if isinstance(services, (bytes, dict)) or not hasattr(services, "__iter__"):
        raise TypeError(message("services", rule, services))
    wanted = [_service(name, "services").name for name in services]
    if not wanted:
        raise ValueError(message("services", rule, services))
    if not isinstance(latency, (bool, np.bool_)):
        raise TypeError(message("latency", "True or False", latency))
    if incidents is None:
        incidents = pd.DataFrame(columns=["service", "started", "mitigated",
                                          "error_ratio_added", "latency_multiplier"])
    columns = ["service", "started", "mitigated", "error_ratio_added", "latency_multiplier"]
    check_columns("incidents", incidents, columns)
    started, mitigated = check_incidents(incidents)
    if len(incidents):
        utc = [t.tz_localize("UTC") if t.tz is None else t.tz_convert("UTC")
               for t in (started, mitigated)]
        added = check_fraction("incidents['error_ratio_added']",
                               incidents["error_ratio_added"].to_numpy(), closed=True)
        slower = check_real("incidents['latency_multiplier']",
                            incidents["latency_multiplier"].to_numpy(), low=1)
        for name in incidents["service"]:
            _service(name, "incidents['service']")
        incidents = incidents.assign(started=utc[0], mitigated=utc[1],
                                     error_ratio_added=added, latency_multiplier=slower)
    rng = check_rng(rng)

    minutes = pd.date_range(start, periods=days * 1440, freq="min", name="timestamp")
    added, slow = _incident_effects(incidents, minutes)
    # Failures and slowness of a dependency reach its callers' requests.
    for caller, calls in DEPENDENCIES.items():
        for dependency, share in calls.items():
            added[caller] = 1 - (1 - added[caller]) * (1 - share * added[dependency])

    n = len(minutes)
    day_index = np.asarray((minutes - start).days)
    frames = []
    for service in SERVICES:  # draw every service, so a subset gets the same numbers
        rate = _rate_shape(service, minutes, growth_per_year)
        wobble = rng.lognormal(0.0, 0.06, size=days)[day_index]
        requests = rng.poisson(rate * wobble)
        ratio = np.clip(service.baseline_error_ratio * rng.lognormal(0, 0.25, size=n)
                        + added[service.name], 0, 1)
        errors = rng.binomial(requests, ratio)
        columns = {"timestamp": minutes, "service": service.name,
                   "requests": requests.astype(np.int64), "errors": errors.astype(np.int64)}
        if latency:
            load = rate / service.requests_per_minute
            median = service.latency_median_ms * (1 + 0.15 * (load - 1))
            probabilities = _bucket_probabilities(median, service.latency_sigma)
            slow_probabilities = _bucket_probabilities(median * slow[service.name], service.latency_sigma)
            for dependency, share in DEPENDENCIES.get(service.name, {}).items():
                extra = _bucket_probabilities(median * slow[dependency], service.latency_sigma)
                slow_probabilities = slow_probabilities + share * (extra - probabilities)
            slow_probabilities = np.clip(slow_probabilities, 0, None)
            slow_probabilities /= slow_probabilities.sum(axis=1, keepdims=True)
            counts = rng.multinomial(requests - errors, slow_probabilities)
            cumulative = np.cumsum(counts[:, :-1], axis=1)
            for j, bound in enumerate(LATENCY_BUCKETS_MS):
                columns[f"latency_le_{bound}ms"] = cumulative[:, j].astype(np.int64)
        if service.name in wanted:
            frames.append(pd.DataFrame(columns))
    frame = pd.concat(frames, ignore_index=True)
    order = {name: i for i, name in enumerate(wanted)}
    frame = frame.sort_values(["timestamp", "service"], key=lambda c: c.map(order) if c.name == "service" else c,
                              kind="stable").reset_index(drop=True)
    return frame
