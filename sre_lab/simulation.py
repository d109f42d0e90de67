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
``DELIVERY_PROFILES``      how each team ships: deploy rate, lead time, failures
``simulate_deployments``   the deployment log, a failed deployment behind
                           every change-induced incident (section 5, DORA)
``ENGINEERS``              the engineers of the three teams, ``(name, team)``
``WORK_TASKS``             the task catalogue with the six traits of toil
``simulate_work_log``      the engineers' work, task by task (section 5, toil)
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
    "DELIVERY_PROFILES",
    "ENGINEERS",
    "WORK_TASKS",
    "simulate_deployments",
    "simulate_work_log",
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


# --------------------------------------------------------------------------- deployments
#: How each team ships (the MicroCorp world's delivery practices; course's own
#: numbers, chosen so the three teams land in different DORA clusters):
#: deployments per weekday per service, lead time (commit -> production,
#: log-normal median and sigma), the share of deployments that fail without
#: an incident being declared (caught by a canary or a user report, rolled
#: back or hotfixed), the time to restore such a failure (log-normal median
#: and sigma) and the UTC hours deployments happen in (weekdays only).
DELIVERY_PROFILES = {
    "search": {"deploys_per_weekday": {"search": 6.0}, "lead_time_median_hours": 2.0,
               "lead_time_sigma": 0.9, "failure_ratio": 0.02, "restore_median_minutes": 20.0,
               "restore_sigma": 0.7, "hours_utc": (7, 19)},
    "orders": {"deploys_per_weekday": {"checkout": 0.9, "notifications": 0.3},
               "lead_time_median_hours": 60.0, "lead_time_sigma": 0.7, "failure_ratio": 0.08,
               "restore_median_minutes": 150.0, "restore_sigma": 0.8, "hours_utc": (9, 17)},
    "payments": {"deploys_per_weekday": {"payment": 0.2}, "lead_time_median_hours": 1100.0,
                 "lead_time_sigma": 0.5, "failure_ratio": 0.35, "restore_median_minutes": 2 * 1440.0,
                 "restore_sigma": 0.8, "hours_utc": (10, 16)},
}

#: Share of configuration pushes among change-induced incidents
#: (SRE Workbook App. C: 31 / (37 + 31)); used for deployments too.
_CONFIG_SHARE = TRIGGER_SHARES["Configuration push"] / (
    TRIGGER_SHARES["Binary push"] + TRIGGER_SHARES["Configuration push"])

DEPLOYMENT_COLUMNS = ("deploy_id", "team", "service", "change_kind", "commit_at", "deployed_at",
                      "failed", "restored_at", "incident_id", "caused_incident")


def _team_of(teams) -> dict:
    if teams is None:
        from .cost.chargeback import SERVICE_TEAMS as teams
    rule = "a mapping of every service to its team, such as sl.SERVICE_TEAMS"
    if not hasattr(teams, "keys") or not hasattr(teams, "__getitem__"):
        raise TypeError(message("teams", rule, teams))
    teams = {key: teams[key] for key in teams.keys()}
    for service in SERVICE_NAMES:
        if service not in teams:
            raise ValueError(message("teams", rule, sorted(map(str, teams)), f"Add {service!r}."))
        if teams[service] not in DELIVERY_PROFILES:
            raise ValueError(message("teams", "a mapping to teams of sl.DELIVERY_PROFILES ("
                                     + ", ".join(map(repr, DELIVERY_PROFILES)) + ")", teams[service]))
    return teams


def _weekday_times(start: pd.Timestamp, days: int, rate: float, hours: tuple, rng) -> pd.DatetimeIndex:
    """Poisson counts per weekday at ``rate``, uniform times within ``hours`` (UTC), whole minutes."""
    day0 = start.normalize()
    dates = day0 + pd.to_timedelta(np.arange(days), unit="D")
    weekday = np.asarray(dates.day_of_week) < 5
    counts = rng.poisson(rate, size=days) * weekday
    day_of = np.repeat(np.arange(days), counts)
    minute = rng.uniform(hours[0] * 60, hours[1] * 60, size=day_of.size)
    return day0 + pd.to_timedelta(day_of * 1440 + np.floor(minute), unit="min")


def simulate_deployments(incidents, start, days, *, teams=None, rng=None):
    """Draw MicroCorp's deployment log, with a failed deployment behind every change incident.

    Every incident whose ``trigger`` is ``"Binary push"`` or
    ``"Configuration push"`` is caused by one failed deployment of its
    service, 3-25 minutes before it ``started``, and that deployment is
    restored when the incident is **mitigated** (users stop being hurt; the
    clean-up to ``resolved`` does not count); no other deployment of that
    service falls between the two. The other deployments are a Poisson
    process per service on weekdays in the team's hours; a share
    ``failure_ratio`` of them fail without an incident being declared
    (a canary or a user report; rolled back or hotfixed) and are restored
    after a log-normal time. A failure not restored by the end of the period
    has an empty ``restored_at`` (still open when the log was taken). Each
    team ships as its :data:`DELIVERY_PROFILES` entry says.

    Parameters
    ----------
    incidents : DataFrame
        Ground-truth incidents with ``service``, ``trigger``, ``started``,
        ``mitigated`` and optionally ``id`` (copied into ``incident_id``;
        empty where missing), e.g. ``sl.load_incidents()``. Only those that
        start inside the period are used.
    start : str or Timestamp
        First day of the period (UTC).
    days : int
        Length of the period in days, 1 .. 366.
    teams : mapping, optional
        ``service -> team`` (teams of :data:`DELIVERY_PROFILES`); default
        ``sl.SERVICE_TEAMS``.
    rng : int, numpy Generator or None

    Returns
    -------
    DataFrame
        Columns ``deploy_id`` (``DEP-0001`` ... in order of ``deployed_at``),
        ``team``, ``service``, ``change_kind`` (``binary`` or ``config``),
        ``commit_at``, ``deployed_at``, ``failed``, ``restored_at``,
        ``incident_id``, ``caused_incident`` (bool): the columns of
        ``sl.load_deployments()``.

    Examples
    --------
    >>> log = simulate_deployments(simulate_incidents("2026-01-05", 28, rng=1), "2026-01-05", 28, rng=2)
    >>> bool((log["deployed_at"] >= log["commit_at"]).all())
    True
    >>> bool(log.loc[~log["failed"], "restored_at"].isna().all())
    True
    """
    start = _utc("start", start).normalize()
    days = check_int("days", days, low=1, high=366)
    team_of = _team_of(teams)
    profiles = DELIVERY_PROFILES
    check_columns("incidents", incidents, ["service", "trigger", "started", "mitigated"])
    started_all = _utc_times(incidents, "started", "incidents")
    mitigated_all = _utc_times(incidents, "mitigated", "incidents")
    if (mitigated_all < started_all).any():
        row = int(np.flatnonzero(mitigated_all < started_all)[0])
        raise ValueError(message("incidents['mitigated']", "at or after started", str(mitigated_all[row]),
                                 f"Row {row} starts at {started_all[row]}."))
    for name in incidents["service"]:
        _service(name, "incidents['service']")
    rng = check_rng(rng)
    end = start + pd.Timedelta(days=days)

    frames = []
    for team in sorted(profiles):
        profile = profiles[team]
        for service in sorted(profile["deploys_per_weekday"]):
            rate = profile["deploys_per_weekday"][service]
            deployed = _weekday_times(start, days, rate, profile["hours_utc"], rng)
            n = len(deployed)
            frames.append(pd.DataFrame({
                "team": team, "service": service, "deployed_at": deployed,
                "change_kind": np.where(rng.random(n) < _CONFIG_SHARE, "config", "binary"),
                "failed": rng.random(n) < profile["failure_ratio"],
                "restore_min": np.round(rng.lognormal(np.log(profile["restore_median_minutes"]),
                                                      profile["restore_sigma"], size=n)).clip(1),
                "incident_id": pd.NA, "caused_incident": False,
            }))
    regular = pd.concat(frames, ignore_index=True)

    change = incidents["trigger"].isin(list(_CHANGE_TRIGGERS)).to_numpy() & \
        np.asarray(started_all >= start) & np.asarray(started_all < end)
    caused = incidents.loc[change]
    begins = started_all[change]
    gap = np.round(rng.uniform(3, 25, size=len(caused)))
    linked = pd.DataFrame({
        "team": [team_of[s] for s in caused["service"]],
        "service": caused["service"].to_numpy(),
        "deployed_at": begins - pd.to_timedelta(gap, unit="min"),
        "change_kind": np.where(caused["trigger"].to_numpy() == "Configuration push", "config", "binary"),
        "failed": True,
        "restored_at": mitigated_all[change],
        "incident_id": caused["id"].astype("string").to_numpy() if "id" in caused else pd.NA,
        "caused_incident": True,
    })
    # The linked deployment is the service's last one before the incident starts.
    keep = np.ones(len(regular), dtype=bool)
    for row, begin in zip(linked.itertuples(index=False), begins):
        keep &= ~((regular["service"] == row.service) & (regular["deployed_at"] >= row.deployed_at)
                  & (regular["deployed_at"] <= begin)).to_numpy()
    regular = regular.loc[keep].reset_index(drop=True)
    restored = regular["deployed_at"] + pd.to_timedelta(regular["restore_min"], unit="min")
    regular["restored_at"] = restored.where(regular["failed"] & (restored < end))
    regular = regular.drop(columns="restore_min")

    log = pd.concat([regular, linked], ignore_index=True)
    lead_median = log["team"].map({t: p["lead_time_median_hours"] for t, p in profiles.items()}).to_numpy(float)
    lead_sigma = log["team"].map({t: p["lead_time_sigma"] for t, p in profiles.items()}).to_numpy(float)
    lead_min = np.round(rng.lognormal(np.log(lead_median * 60), lead_sigma)).clip(1)
    log["commit_at"] = log["deployed_at"] - pd.to_timedelta(lead_min, unit="min")
    log = log.sort_values(["deployed_at", "service"], kind="stable").reset_index(drop=True)
    log["deploy_id"] = [f"DEP-{i + 1:04d}" for i in range(len(log))]
    log["failed"] = log["failed"].astype(bool)
    log["caused_incident"] = log["caused_incident"].astype(bool)
    log["incident_id"] = log["incident_id"].astype("string")
    return log[list(DEPLOYMENT_COLUMNS)]


# --------------------------------------------------------------------------- work log
#: MicroCorp's engineers who carry their team's pager, ``(name, team)``.
#: Carlos (orders) says yes to every request (section 5's story).
ENGINEERS = (
    ("Carlos", "orders"), ("Mei", "orders"), ("Tomás", "orders"), ("Grace", "orders"),
    ("Aditi", "payments"), ("Jonas", "payments"), ("Fatima", "payments"),
    ("Kwame", "search"), ("Lena", "search"), ("Yuki", "search"),
)

_TRAITS = ("manual", "repetitive", "automatable", "tactical", "no_enduring_value", "scales_with_service")

#: The catalogue of tasks in the work log, with the six traits of toil the
#: Google SRE book (ch. 5, "Eliminating Toil") names: work that is "manual,
#: repetitive, automatable, tactical, devoid of enduring value, and that
#: scales linearly as a service grows". The book adds that not every toil
#: task has all six, and that overhead (meetings, planning) is not toil.
#: ``typical_minutes`` is the median time one occurrence takes (the log draws
#: around it). Built as a DataFrame indexed by ``task``.
_TASK_ROWS = [
    # task, kind, manual, repetitive, automatable, tactical, no_enduring_value, scales, minutes, what
    ("incident response", "page", True, True, False, True, True, True, 60,
     "respond to a page for a real incident until it is mitigated (diagnosis needs judgement)"),
    ("non-actionable page", "page", True, True, True, True, True, True, 15,
     "acknowledge a page that needed no action (noisy alert)"),
    ("postmortem", "postmortem", True, False, False, False, False, False, 120,
     "write the postmortem of a SEV1-SEV3 incident and file its action items"),
    ("access request", "ticket", True, True, True, True, True, True, 15,
     "grant or revoke access on request"),
    ("restart stuck job", "ticket", True, True, True, True, True, True, 20,
     "restart a stuck batch job or consumer by hand"),
    ("customer report", "ticket", True, False, False, True, True, True, 45,
     "investigate a customer's report (each one different)"),
    ("certificate renewal", "manual task", True, True, True, True, True, True, 40,
     "renew and roll out a TLS certificate by hand"),
    ("capacity change", "manual task", True, True, True, True, True, True, 30,
     "resize instances or quotas by hand"),
    ("release steps", "release", True, True, True, True, True, True, 45,
     "run a deployment's manual steps and checks"),
    ("rollback or hotfix", "release", True, True, True, True, True, True, 60,
     "roll back or hotfix a failed deployment"),
    ("engineering project", "project", False, False, False, False, False, False, 240,
     "automation and reliability engineering (the work that removes toil)"),
    ("team meeting", "meeting", True, True, False, False, False, False, 30,
     "stand-up and weekly planning: overhead, not toil"),
]
WORK_TASKS = pd.DataFrame(
    _TASK_ROWS, columns=["task", "kind", *_TRAITS, "typical_minutes", "description"]).set_index("task")

WORK_LOG_COLUMNS = ("date", "engineer", "team", "kind", "task", "service", "minutes", "incident_id",
                    "deploy_id")

#: Interrupts per engineer per weekday, by team (tickets and manual tasks), and
#: non-actionable pages per team per day; Carlos takes 2.5x his team's tickets.
_INTERRUPTS = {
    "orders": {"access request": 2.5, "restart stuck job": 2.0, "customer report": 1.0,
               "certificate renewal": 0.3, "capacity change": 1.0},
    "payments": {"access request": 1.5, "restart stuck job": 1.5, "customer report": 0.6,
                 "certificate renewal": 0.4, "capacity change": 2.0},
    "search": {"access request": 0.8, "restart stuck job": 0.8, "customer report": 0.3,
               "certificate renewal": 0.1, "capacity change": 0.4},
}
_NOISY_PAGES_PER_DAY = {"orders": 0.4, "payments": 0.3, "search": 0.15}
#: Manual release work per deployment, minutes (search ships by pipeline: none).
_RELEASE_MINUTES = {"orders": 45, "payments": 180, "search": 0}
_YES_FACTOR = {"Carlos": 2.5}
_WORKDAY_MINUTES = 480


def simulate_work_log(incidents, deployments, start, days, *, engineers=ENGINEERS, rng=None):
    """Draw the SRE/ops work of MicroCorp's engineers, task by task, over a period.

    Built from the same world as the other files: every incident of the
    period pages the on-call engineer of the service's team on the day it
    was ``detected`` (``incident response``, minutes from acknowledgement to
    mitigation plus 15 for hand-off notes, at most a working day), and a
    SEV1-SEV3 incident gets a ``postmortem`` from that engineer; each
    deployment of a team with manual release steps costs ``release steps``,
    each failed one a ``rollback or hotfix``. Interrupts (tickets, manual
    tasks, non-actionable pages) are Poisson draws per engineer and weekday
    at the team's rates. On weekdays the rest of a 480-minute day is
    ``engineering project`` work after a 30-minute ``team meeting`` (60 on
    Mondays); weekends hold only pages. The on-call rotation of each team
    hands over on Mondays, members in the order of ``engineers``.

    Parameters
    ----------
    incidents : DataFrame
        ``id`` (optional), ``service``, ``severity``, ``detected``,
        ``acknowledged``, ``mitigated``.
    deployments : DataFrame
        From :func:`simulate_deployments`.
    start : str or Timestamp
    days : int
        1 .. 366.
    engineers : sequence of (name, team), default :data:`ENGINEERS`
        Unique names; teams of ``sl.SERVICE_TEAMS``. A team without
        engineers gets no rows (its pages and releases are left out).
    rng : int, numpy Generator or None

    Returns
    -------
    DataFrame
        One row per task done: ``date`` (UTC day), ``engineer``, ``team``,
        ``kind``, ``task`` (an index of :data:`WORK_TASKS`), ``service``
        (empty for meetings and projects), ``minutes`` (int),
        ``incident_id`` and ``deploy_id`` (the incident or deployment the
        task belongs to, else empty).

    Examples
    --------
    >>> incidents = simulate_incidents("2026-01-05", 14, rng=1)
    >>> deploys = simulate_deployments(incidents, "2026-01-05", 14, rng=2)
    >>> log = simulate_work_log(incidents, deploys, "2026-01-05", 14, rng=3)
    >>> bool(log["task"].isin(WORK_TASKS.index).all())
    True
    """
    start = _utc("start", start).normalize()
    days = check_int("days", days, low=1, high=366)
    engineers = _check_engineers(engineers)
    team_of = _team_of(None)
    check_columns("incidents", incidents, ["service", "severity", "detected", "acknowledged", "mitigated"])
    detected = _utc_times(incidents, "detected", "incidents")
    acknowledged = _utc_times(incidents, "acknowledged", "incidents")
    mitigated = _utc_times(incidents, "mitigated", "incidents")
    for name in incidents["service"]:
        _service(name, "incidents['service']")
    check_columns("deployments", deployments, ["team", "service", "deployed_at", "failed", "deploy_id"])
    deployed = _utc_times(deployments, "deployed_at", "deployments")
    failed = _bool_column(deployments, "failed", "deployments")
    for name in deployments["service"]:
        _service(name, "deployments['service']")
    rng = check_rng(rng)
    end = start + pd.Timedelta(days=days)
    names = [name for name, _ in engineers]
    team_of_engineer = dict(engineers)
    members = {}
    for name, team in engineers:
        members.setdefault(team, []).append(name)
    services_of = {team: [s for s, t in team_of.items() if t == team] for team in set(team_of.values())}
    dates = start + pd.to_timedelta(np.arange(days), unit="D")
    weekday = np.asarray(dates.day_of_week) < 5
    monday0 = start - pd.Timedelta(days=start.day_of_week)
    parts = []

    def part(day, engineer, task, service, minutes, incident_id=None, deploy_id=None):
        n = len(minutes)
        parts.append(pd.DataFrame({
            "date": pd.DatetimeIndex(day), "engineer": np.asarray(engineer, dtype=object).reshape(-1)
            if np.ndim(engineer) else np.full(n, engineer, dtype=object),
            "task": task, "service": pd.array(service, dtype="string") if np.ndim(service) else service,
            "minutes": np.asarray(minutes, dtype=np.int64),
            "incident_id": pd.NA if incident_id is None else pd.array(incident_id, dtype="string"),
            "deploy_id": pd.NA if deploy_id is None else pd.array(deploy_id, dtype="string")}))

    def on_call(team: str, when: pd.DatetimeIndex) -> np.ndarray:
        crew = members.get(team, [])
        week = np.asarray((when.normalize() - monday0).days) // 7
        return np.array([crew[w % len(crew)] for w in week], dtype=object) if crew else np.array([], dtype=object)

    def draw_minutes(task, n, factor=1.0):
        typical = WORK_TASKS.at[task, "typical_minutes"] * factor
        return np.maximum(5, 5 * np.round(rng.lognormal(np.log(typical), 0.5, size=n) / 5))

    # pages and postmortems from the incidents of the period (teams with engineers)
    services = incidents["service"].to_numpy(dtype=object)
    teams = np.array([team_of[str(s)] for s in services], dtype=object)
    staffed = np.isin(teams, list(members)) if len(teams) else np.zeros(0, dtype=bool)
    inside = ((detected >= start) & (detected < end)) & staffed
    ids = (incidents["id"].astype("string").to_numpy() if "id" in incidents.columns
           else np.full(len(incidents), pd.NA, dtype=object))
    if inside.any():
        when = detected[inside]
        person = np.concatenate([on_call(t, when[teams[inside] == t]) for t in dict.fromkeys(teams[inside])])
        order = np.concatenate([np.flatnonzero(teams[inside] == t) for t in dict.fromkeys(teams[inside])])
        who = np.empty(len(when), dtype=object)
        who[order] = person
        work = ((mitigated[inside] - acknowledged[inside]) / pd.Timedelta(minutes=1)).to_numpy()
        minutes = np.clip(np.round(np.nan_to_num(work) + 15), 15, _WORKDAY_MINUTES)
        part(when.normalize(), who, "incident response", services[inside], minutes, ids[inside])
        severe = incidents["severity"].isin(["SEV1", "SEV2", "SEV3"]).to_numpy()[inside]
        later = when.normalize() + pd.Timedelta(days=1)
        later = later + pd.to_timedelta(np.where(later.day_of_week == 5, 2, np.where(later.day_of_week == 6, 1, 0)),
                                        unit="D")
        keep = severe & np.asarray(later < end)
        if keep.any():
            part(later[keep], who[keep], "postmortem", services[inside][keep],
                 draw_minutes("postmortem", int(keep.sum())), ids[inside][keep])
    # non-actionable pages, any day
    for team, rate in _NOISY_PAGES_PER_DAY.items():
        counts = rng.poisson(rate, size=days)
        if team not in members or not counts.any():
            continue
        day = dates[np.repeat(np.arange(days), counts)]
        pick = rng.integers(len(services_of[team]), size=len(day))
        part(day, on_call(team, day), "non-actionable page", np.array(services_of[team], dtype=object)[pick],
             draw_minutes("non-actionable page", len(day)))
    # release work from the deployment log
    inside = np.asarray((deployed >= start) & (deployed < end)) & deployments["team"].isin(list(members)).to_numpy()
    if inside.any():
        dep_team = deployments["team"].to_numpy(dtype=object)[inside]
        crew_pick = rng.random(int(inside.sum()))
        person = np.array([members[t][int(u * len(members[t]))] for t, u in zip(dep_team, crew_pick)], dtype=object)
        day = deployed[inside].normalize()
        dep_service = deployments["service"].to_numpy(dtype=object)[inside]
        dep_id = deployments["deploy_id"].astype("string").to_numpy()[inside]
        factor = np.array([_RELEASE_MINUTES.get(t, 0) / 45 for t in dep_team])
        manual = factor > 0
        if manual.any():
            typical = WORK_TASKS.at["release steps", "typical_minutes"] * factor[manual]
            minutes = np.maximum(5, 5 * np.round(rng.lognormal(np.log(typical), 0.5) / 5))
            part(day[manual], person[manual], "release steps", dep_service[manual], minutes,
                 deploy_id=dep_id[manual])
        bad = failed[inside]
        if bad.any():
            part(day[bad], person[bad], "rollback or hotfix", dep_service[bad],
                 draw_minutes("rollback or hotfix", int(bad.sum())), deploy_id=dep_id[bad])
    # interrupts per engineer and weekday
    for name in names:
        team = team_of_engineer[name]
        for task, rate in _INTERRUPTS.get(team, {}).items():
            counts = rng.poisson(rate * _YES_FACTOR.get(name, 1.0), size=days) * weekday
            day = dates[np.repeat(np.arange(days), counts)]
            pick = rng.integers(len(services_of[team]), size=len(day))
            part(day, name, task, np.array(services_of[team], dtype=object)[pick], draw_minutes(task, len(day)))
    log = pd.concat(parts, ignore_index=True) if parts else None
    # meetings and project work fill each weekday
    work_days = dates[weekday]
    grid = pd.MultiIndex.from_product([names, work_days], names=["engineer", "date"])
    busy = (log.groupby(["engineer", "date"])["minutes"].sum() if log is not None
            else pd.Series(dtype="int64")).reindex(grid, fill_value=0).to_numpy()
    who = grid.get_level_values("engineer").to_numpy(dtype=object)
    day = grid.get_level_values("date")
    meeting = np.where(day.day_of_week == 0, 60, 30)
    part(day, who, "team meeting", np.full(len(day), pd.NA), meeting)
    left = _WORKDAY_MINUTES - meeting - busy
    part(day[left > 0], who[left > 0], "engineering project", np.full(int((left > 0).sum()), pd.NA), left[left > 0])
    log = pd.concat(parts, ignore_index=True)
    log["team"] = log["engineer"].map(team_of_engineer)
    log["kind"] = log["task"].map(WORK_TASKS["kind"])
    order = {name: i for i, name in enumerate(names)}
    task_order = {task: i for i, task in enumerate(WORK_TASKS.index)}
    log = log.assign(_e=log["engineer"].map(order), _t=log["task"].map(task_order))
    log = log.sort_values(["date", "_e", "_t", "minutes"], kind="stable").drop(columns=["_e", "_t"])
    for column in ("service", "incident_id", "deploy_id"):
        log[column] = log[column].astype("string")
    log["minutes"] = log["minutes"].astype("int64")
    return log[list(WORK_LOG_COLUMNS)].reset_index(drop=True)


def _check_engineers(engineers):
    """A non-empty sequence of (name, team) pairs with unique names and known teams."""
    rule = "a non-empty sequence of (name, team) pairs such as sl.ENGINEERS"
    if isinstance(engineers, (str, bytes, dict)) or not hasattr(engineers, "__iter__"):
        raise TypeError(message("engineers", rule, engineers))
    pairs = list(engineers)
    if not pairs:
        raise ValueError(message("engineers", rule, pairs))
    teams = sorted(set(_team_of(None).values()))
    for pair in pairs:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2 or not all(isinstance(p, str) for p in pair):
            raise TypeError(message("engineers", rule, pair, "Each entry is a (name, team) pair of text."))
        if pair[1] not in teams:
            raise ValueError(message("engineers", "pairs whose team is one of " + ", ".join(map(repr, teams)),
                                     tuple(pair)))
    names = [p[0] for p in pairs]
    if len(set(names)) != len(names):
        raise ValueError(message("engineers", "pairs with unique names", names))
    return [tuple(p) for p in pairs]


def _utc_times(frame: pd.DataFrame, column: str, name: str) -> pd.DatetimeIndex:
    """``frame[column]`` as UTC times (naive read as UTC); every row a time."""
    from ._windows import _times

    times = _times(frame, column, name)
    return times.tz_localize("UTC") if times.tz is None else times.tz_convert("UTC")


def _bool_column(frame: pd.DataFrame, column: str, name: str) -> np.ndarray:
    values = frame[column]
    if pd.api.types.is_bool_dtype(values.dtype) and not values.isna().any():
        return values.to_numpy(dtype=bool)
    array = values.to_numpy(dtype=object)
    ok = [isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, np.integer)) and v in (0, 1)) for v in array]
    if not all(ok):
        bad = array[~np.array(ok, dtype=bool)][0]
        raise TypeError(message(f"{name}[{column!r}]", "True or False in every row", bad))
    return array.astype(bool)
