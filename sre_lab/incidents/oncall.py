"""On-call rotations in virtual time: who gets paged, how often, and at what hour.

=========================  ========================================================
``simulate_oncall``        hand pages to a rotation (single-site or follow-the-sun,
                           escalation to a secondary) -> :class:`OncallLoad`
``OncallLoad``             per page, per shift and per person load, fairness,
                           night pages, the published limits it is judged by
``simulate_pages``         a seeded page process (real incidents + noise) for a year
``microcorp_pages``        the pages MicroCorp's alert replay sends in its 28 days
``tile_pages``             repeat a period's pages back to back (28 days -> a year)
``gini``                   the Gini coefficient of a load (0 = equal shares)
``PAGES_PER_SHIFT_LIMIT``  2 incidents per 12-hour shift (Google SRE book ch. 11)
``ONCALL_SHARE_LIMIT``     at most 25 % of an engineer's time on call (ch. 11)
``NIGHT_HOURS``            (22, 7): local hours when a page costs sleep
=========================  ========================================================

The model (one shift = 12 hours, as in the SRE book's limit):

* Shifts run 07:00-19:00 UTC ("day") and 19:00-07:00 UTC ("night"), clipped to
  the simulated horizon ``[start, start + days)``.
* The primary hands over every ``rota_days`` at 07:00 UTC: person
  ``k mod n`` holds rota period *k*; the secondary is the next person.
* **Single-site**: one site on UTC covers both shifts, so the primary of the
  week is also paged at night. **Follow-the-sun**: two sites of ``people / 2``
  engineers, the second 12 hours ahead of UTC; each covers the 12 hours that
  are its own daytime (07:00-19:00 local), so nobody is paged at night.
* A page is acknowledged by the primary with probability ``ack_probability``;
  otherwise it escalates to the secondary, who handles it (both were paged).

Sources: Google SRE book ch. 11 "Being On-Call" (at most 25 % of time on call,
"the maximum number of incidents per day is 2 per 12-hour on-call shift",
8 engineers single-site, 6 per site dual-site); SRE Workbook ch. 8 "On-Call"
("a maximum of two incidents per on-call shift").
Taught in ``notebooks/03_incidents/2b_oncall_load.ipynb``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_fraction, check_int, message
from .._windows import check_rng

__all__ = [
    "NIGHT_HOURS",
    "ONCALL_SHARE_LIMIT",
    "OncallLoad",
    "PAGES_PER_SHIFT_LIMIT",
    "gini",
    "microcorp_pages",
    "simulate_oncall",
    "simulate_pages",
    "tile_pages",
]

#: Google SRE book ch. 11: "2 per 12-hour on-call shift" (incidents that page).
PAGES_PER_SHIFT_LIMIT = 2
#: Google SRE book ch. 11: of the 50 % operational time, no more than 25 % on call.
ONCALL_SHARE_LIMIT = 0.25
#: Local hours [22:00, 07:00) when a page wakes the engineer.
NIGHT_HOURS = (22, 7)

_HOUR = pd.Timedelta(hours=1)
_SHIFT_HOURS = 12
_DAY_SHIFT_START_HOUR = 7
_SECOND_SITE_OFFSET_HOURS = 12
_MAX_PAGES = 1_000_000
_MAX_DAYS = 3660
_MAX_PEOPLE = 1000


def gini(values) -> float:
    """Gini coefficient of non-negative loads: 0 when everyone carries the same.

    ``sum_i (2i - n - 1) x_(i) / (n sum x)`` over the sorted values (1-based
    *i*); 0 for all zeros; ``(n - 1) / n`` when one person carries everything.

    Examples
    --------
    >>> gini([3, 3, 3, 3])
    0.0
    >>> gini(5)   # one person: nobody to be unfair to
    0.0
    >>> gini([0, 0, 0, 8])   # one of four carries all: (4 - 1) / 4
    0.75
    >>> round(gini([1, 2, 3]), 4)   # (-2*1 + 0*2 + 2*3) / (3 * 6)
    0.2222
    """
    if isinstance(values, (str, bytes)) or np.ndim(values) > 1:
        raise TypeError(message("values", "a 1-d sequence of non-negative numbers", values))
    try:
        x = np.sort(np.atleast_1d(np.asarray(values, dtype=float)))
    except (TypeError, ValueError, OverflowError):
        raise TypeError(message("values", "a 1-d sequence of non-negative numbers",
                                values)) from None
    if x.size == 0 or not np.all(np.isfinite(x)) or x[0] < 0:
        raise ValueError(message("values", "a non-empty sequence of finite numbers >= 0",
                                 values))
    total = x.sum()
    if total == 0:
        return 0.0
    i = np.arange(1, x.size + 1)
    return float(np.sum((2 * i - x.size - 1) * x) / (x.size * total))


@dataclass(frozen=True, eq=False)
class OncallLoad:
    """What a rotation carried (see :func:`simulate_oncall`).

    Attributes
    ----------
    pages : pandas.DataFrame
        One row per page, in time order: ``raised``, ``matched`` (the page
        was for a real incident), ``shift`` (id), ``site``, ``primary``,
        ``secondary``, ``escalated``, ``responder`` (who handled it),
        ``night_primary`` / ``night_secondary`` (it rang at a local night hour
        for that person; the secondary only rings on escalation).
    shifts : pandas.DataFrame
        One row per 12-hour shift: ``start``, ``end`` (clipped to the
        horizon), ``hours``, ``site``, ``primary``, ``secondary``, ``pages``,
        ``over_limit`` (pages > :data:`PAGES_PER_SHIFT_LIMIT`).
    people : pandas.DataFrame
        One row per person (index 0..n-1): ``site``, ``oncall_hours``
        (primary or secondary), ``oncall_share`` (of the horizon),
        ``shifts`` (as primary), ``pages`` (handled), ``max_per_shift``,
        ``shifts_over_limit``, ``escalations`` (handled as secondary),
        ``night_pages`` (pages that rang for them at night, noise included),
        ``night_noise`` (of those, not for a real incident), ``nights_disturbed``
        (night shifts with at least one such page).
    n_pages, n_escalations, n_night_pages : int
        Pages, escalations, night notifications (a page that escalates at night
        wakes two people and counts twice).
    shifts_over_limit : float
        Share of shifts with more pages than the limit.
    gini : float
        Gini coefficient of ``people["pages"]``.
    max_min_ratio : float
        Most pages handled by one person / fewest (``inf`` if someone had none
        while another had some, NaN when nobody had any).
    follow_the_sun : bool
        The rotation's model.
    """

    pages: pd.DataFrame
    shifts: pd.DataFrame
    people: pd.DataFrame
    n_pages: int
    n_escalations: int
    n_night_pages: int
    shifts_over_limit: float
    gini: float
    max_min_ratio: float
    follow_the_sun: bool


def _page_frame(pages) -> pd.DataFrame:
    """``raised`` (UTC, sorted) and ``matched`` from the accepted page inputs."""
    matched = None
    if isinstance(pages, pd.DataFrame):
        if "raised" not in pages.columns:
            raise ValueError(message("pages", "a DataFrame with a 'raised' column (and "
                                     "optionally 'matched')", list(pages.columns),
                                     "Pass AlertQuality.alerts or simulate_pages(...)."))
        times = pages["raised"]
        if "matched" in pages.columns:
            matched = pages["matched"]
            if matched.dtype != bool:
                raise TypeError(message("pages", "a boolean 'matched' column",
                                        str(matched.dtype)))
            matched = matched.to_numpy()
    elif isinstance(pages, (pd.Series, pd.DatetimeIndex, list, tuple, np.ndarray)):
        times = pages
    else:
        raise TypeError(message("pages", "page times (DatetimeIndex, Series, list) or a "
                                "DataFrame with a 'raised' column", type(pages).__name__))
    if len(times) > _MAX_PAGES:
        raise ValueError(message("pages", f"at most {_MAX_PAGES:,} pages", len(times)))
    try:
        if isinstance(times, (pd.Series, pd.DatetimeIndex)) and not (
                pd.api.types.is_datetime64_any_dtype(times) or len(times) == 0):
            raise TypeError
        index = pd.DatetimeIndex(times)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(message("pages", "timestamps", _first(times))) from None
    if index.hasnans:
        raise ValueError(message("pages", "timestamps without NaT", "NaT"))
    index = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
    if matched is None:
        matched = np.ones(len(index), dtype=bool)
    order = np.argsort(index.asi8, kind="stable")
    return pd.DataFrame({"raised": index[order], "matched": matched[order]})


def _first(values):
    try:
        return list(values)[:1]
    except TypeError:
        return values


def _day(name: str, value) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(message(name, "a date such as '2026-10-05'", value)) from None
    if stamp is pd.NaT or not 1900 <= stamp.year <= 2200:
        raise ValueError(message(name, "a date between 1900 and 2200", value))
    stamp = stamp.tz_localize("UTC") if stamp.tz is None else stamp.tz_convert("UTC")
    return stamp.floor("D")


def simulate_oncall(pages, *, people=8, rota_days=7, follow_the_sun=False,
                    ack_probability=1.0, start=None, days=None, rng=None) -> OncallLoad:
    """Hand a list of pages to an on-call rotation and measure the load per person.

    Parameters
    ----------
    pages : pandas.DataFrame, pandas.DatetimeIndex, Series or list
        When each page was sent: a DataFrame with a ``raised`` column and
        optionally a boolean ``matched`` column (``AlertQuality.alerts``,
        :func:`microcorp_pages`, :func:`simulate_pages`), or the times
        themselves (all then count as matched). Naive times are UTC. At most
        1,000,000 pages.
    people : int, default 8
        Engineers in the rotation (2 to 1,000; an even number >= 4 with
        ``follow_the_sun``, half at each site). 8 is the SRE book's minimum
        for a single site.
    rota_days : int, default 7
        Days a primary holds the pager (1 to 366); hand-over at 07:00 UTC.
    follow_the_sun : bool, default False
        Two sites 12 hours apart, each covering its own daytime, instead of
        one site on UTC covering the clock.
    ack_probability : float, default 1.0
        Chance the primary acknowledges a page in time (0 to 1); otherwise it
        escalates to the secondary.
    start : date-like, optional
        First day of the horizon (UTC midnight); default the day of the first
        page (or today's epoch 1970-01-01 when there are none).
    days : int, optional
        Length of the horizon in days (1 to 3,660); default up to the day of
        the last page. Every page must fall inside the horizon.
    rng : None, int or numpy.random.Generator
        Seed for the escalation draws (unused when ``ack_probability`` is 0 or 1).

    Returns
    -------
    OncallLoad

    Raises
    ------
    TypeError, ValueError
        Naming the parameter: pages that are not times or fall outside the
        horizon, a rotation too small for its model, out-of-range options.

    Notes
    -----
    Everything is vectorized (shift and rota indices by integer division of
    the time since ``start``), so a year of pages for 8 people takes a few
    milliseconds. Limits are the SRE book's: at most
    :data:`PAGES_PER_SHIFT_LIMIT` pages per 12-hour shift and at most
    :data:`ONCALL_SHARE_LIMIT` of one's time on call (primary or secondary).

    Examples
    --------
    Four pages on Monday 2026-10-05, a 2-person single-site rotation with
    daily hand-over: the 02:00 page falls in Sunday's night shift (rota period
    -1, person 1, woken at night), the others in Monday's day shift (person 0,
    three pages: over the limit of 2).

    >>> load = simulate_oncall(["2026-10-05 02:00", "2026-10-05 08:00",
    ...                         "2026-10-05 09:00", "2026-10-05 10:00"],
    ...                        people=2, rota_days=1)
    >>> load.people["pages"].tolist(), load.people["night_pages"].tolist()
    ([3, 1], [0, 1])
    >>> int(load.shifts["pages"].max()), load.shifts_over_limit > 0
    (3, True)
    >>> round(load.gini, 4)   # loads 1 and 3: (-1*1 + 1*3) / (2 * 4)
    0.25
    """
    frame = _page_frame(pages)
    people = check_int("people", people, low=2, high=_MAX_PEOPLE)
    rota_days = check_int("rota_days", rota_days, low=1, high=366)
    if not isinstance(follow_the_sun, (bool, np.bool_)):
        raise TypeError(message("follow_the_sun", "True or False", follow_the_sun))
    follow_the_sun = bool(follow_the_sun)
    if follow_the_sun and (people % 2 or people < 4):
        raise ValueError(message("people", "an even number >= 4 with follow_the_sun "
                                 "(two sites of at least 2)", people))
    ack_probability = float(check_fraction("ack_probability", ack_probability, closed=True,
                                           scalar=True))
    times = pd.DatetimeIndex(frame["raised"])
    if start is None:
        start = times[0].floor("D") if len(times) else pd.Timestamp("1970-01-01", tz="UTC")
    else:
        start = _day("start", start)
    if days is None:
        span = (times[-1] - start) / pd.Timedelta(days=1) if len(times) else 0.0
        days = max(int(np.floor(span)) + 1, 1)
        if days > _MAX_DAYS:
            raise ValueError(message("pages", f"within {_MAX_DAYS} days of start",
                                     f"{times[0]} .. {times[-1]}"))
    else:
        days = check_int("days", days, low=1, high=_MAX_DAYS)
    end = start + pd.Timedelta(days=days)
    if len(times) and (times[0] < start or times[-1] >= end):
        bad = times[0] if times[0] < start else times[-1]
        raise ValueError(message("pages", f"times in the horizon [{start}, {end})", str(bad),
                                 "Widen start/days or drop the pages outside."))
    generator = check_rng(rng)

    # --- shifts: 19:00-07:00 (even ids) and 07:00-19:00 (odd ids), clipped ---
    shift_ns = np.int64(_SHIFT_HOURS * 3_600_000_000_000)
    offset_ns = np.int64((24 - _SHIFT_HOURS - _DAY_SHIFT_START_HOUR) * 3_600_000_000_000)  # 5 h
    n_shifts = 2 * days + 1
    shift_ids = np.arange(n_shifts)
    edges = start + pd.to_timedelta(shift_ids * shift_ns - offset_ns, unit="ns")
    shift_start = np.maximum(edges, start)
    shift_end = np.minimum(edges + pd.Timedelta(hours=_SHIFT_HOURS), end)
    hours = (shift_end - shift_start) / _HOUR
    rota_period = np.floor_divide(shift_ids - 1, 2 * rota_days)  # day shift 1 opens period 0
    if follow_the_sun:
        per_site = people // 2
        site = np.where(shift_ids % 2 == 1, 0, 1)
    else:
        per_site = people
        site = np.zeros(n_shifts, dtype=int)
    primary = site * per_site + np.mod(rota_period, per_site)
    secondary = site * per_site + np.mod(rota_period + 1, per_site)

    # --- pages ---
    since = (times.asi8 if times.unit == "ns" else times.as_unit("ns").asi8) - start.value
    page_shift = ((since + offset_ns) // shift_ns).astype(int)
    if 0.0 < ack_probability < 1.0:
        escalated = generator.random(len(times)) >= ack_probability
    else:
        escalated = np.full(len(times), ack_probability == 0.0)
    p_primary, p_secondary = primary[page_shift], secondary[page_shift]
    responder = np.where(escalated, p_secondary, p_primary)
    utc_hour = (since // 3_600_000_000_000 + start.hour) % 24
    local_hour = (utc_hour + site[page_shift] * _SECOND_SITE_OFFSET_HOURS) % 24
    night = (local_hour >= NIGHT_HOURS[0]) | (local_hour < NIGHT_HOURS[1])
    night_secondary = night & escalated
    page_table = frame.assign(shift=page_shift, site=site[page_shift], primary=p_primary,
                              secondary=p_secondary, escalated=escalated, responder=responder,
                              night_primary=night, night_secondary=night_secondary)

    per_shift = np.bincount(page_shift, minlength=n_shifts)
    over = per_shift > PAGES_PER_SHIFT_LIMIT
    shifts = pd.DataFrame({"start": shift_start, "end": shift_end, "hours": hours,
                           "site": site, "primary": primary, "secondary": secondary,
                           "pages": per_shift, "over_limit": over},
                          index=pd.Index(shift_ids, name="shift"))
    shifts = shifts[shifts["hours"] > 0]

    # --- people ---
    def count(who, weights=None):
        return np.bincount(who, weights=weights, minlength=people)

    kept = shifts.index.to_numpy()
    oncall_hours = count(primary[kept], hours[kept]) + count(secondary[kept], hours[kept])
    handled = count(responder).astype(int)
    # pages handled per (person, shift): the max over shifts of each person
    pair = responder.astype(np.int64) * n_shifts + page_shift
    pair_counts = np.bincount(pair, minlength=people * n_shifts).reshape(people, n_shifts)
    ring_who = np.concatenate([p_primary[night], p_secondary[night_secondary]])
    ring_shift = np.concatenate([page_shift[night], page_shift[night_secondary]])
    ring_noise = np.concatenate([~frame["matched"].to_numpy()[night],
                                 ~frame["matched"].to_numpy()[night_secondary]])
    nights = np.zeros((people, n_shifts), dtype=bool)
    nights[ring_who, ring_shift] = True
    people_table = pd.DataFrame({
        "site": np.arange(people) // per_site,
        "oncall_hours": oncall_hours,
        "oncall_share": oncall_hours / (days * 24.0),
        "shifts": count(primary[kept]).astype(int),
        "pages": handled,
        "max_per_shift": pair_counts.max(axis=1),
        "shifts_over_limit": (pair_counts > PAGES_PER_SHIFT_LIMIT).sum(axis=1),
        "escalations": count(responder[escalated]).astype(int),
        "night_pages": count(ring_who).astype(int),
        "night_noise": count(ring_who[ring_noise]).astype(int),
        "nights_disturbed": nights.sum(axis=1),
    }, index=pd.RangeIndex(people, name="person"))
    most, fewest = handled.max(), handled.min()
    ratio = float("nan") if most == 0 else (float("inf") if fewest == 0 else most / fewest)
    return OncallLoad(
        pages=page_table, shifts=shifts, people=people_table,
        n_pages=len(page_table), n_escalations=int(escalated.sum()),
        n_night_pages=int(night.sum() + night_secondary.sum()),
        shifts_over_limit=float(shifts["over_limit"].mean()),
        gini=gini(handled), max_min_ratio=ratio, follow_the_sun=follow_the_sun)


def simulate_pages(incidents_per_day, *, noise_per_day=0.0, days=365, start="2025-11-02",
                   rng=None) -> pd.DataFrame:
    """A seeded page process: real incidents and noisy alerts as Poisson arrivals.

    Parameters
    ----------
    incidents_per_day : float
        Mean pages a day for real incidents (0 to 100), ``matched=True``.
    noise_per_day : float, default 0
        Mean pages a day from alerts that match no incident (0 to 100),
        ``matched=False``: the cost of a noisy alert.
    days : int, default 365
        Horizon in days (1 to 3,660).
    start : date-like, default "2025-11-02"
        First day (UTC midnight); the default is the first day of MicroCorp's
        year of history.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        ``raised`` (UTC, minute resolution, sorted) and ``matched``; pass it to
        :func:`simulate_oncall`.

    Notes
    -----
    Arrivals are uniform over the clock (a homogeneous Poisson process): real
    pages follow traffic and changes more closely, so this overstates night
    pages for change-induced incidents and is a fair model for noise.

    Examples
    --------
    >>> p = simulate_pages(1.0, noise_per_day=2.0, days=365, rng=1)
    >>> 250 < int(p["matched"].sum()) < 480, 600 < int((~p["matched"]).sum()) < 860
    (True, True)
    """
    rates = {}
    for name, value in (("incidents_per_day", incidents_per_day),
                        ("noise_per_day", noise_per_day)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            raise TypeError(message(name, "a number of pages per day", value))
        if not np.isfinite(value) or not 0 <= value <= 100:
            raise ValueError(message(name, "between 0 and 100 pages a day", value))
        rates[name] = float(value)
    days = check_int("days", days, low=1, high=_MAX_DAYS)
    start = _day("start", start)
    generator = check_rng(rng)
    minutes = days * 1440
    parts = []
    for rate, matched in ((rates["incidents_per_day"], True), (rates["noise_per_day"], False)):
        n = int(generator.poisson(rate * days))
        at = np.sort(generator.integers(0, minutes, size=n))
        parts.append(pd.DataFrame({"raised": start + pd.to_timedelta(at, unit="min"),
                                   "matched": np.full(n, matched)}))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values("raised", kind="stable").reset_index(drop=True)


def microcorp_pages(*, slo_target=0.999, approach=6, window_days=30, merge_gap_minutes=5):
    """The pages MicroCorp's alert replay sends over its 28 days, all services.

    For each service: :func:`sl.evaluate_alerts` with
    :func:`sl.workbook_approach` (``approach`` 6 is :func:`sl.workbook_policy`),
    only the rules of severity ``page``; :func:`sl.alert_quality` turns the
    firing minutes into alerts (one page per rule episode) and marks those
    raised during one of the incidents that can fail the service
    (:func:`sl.incident_candidates`).

    Parameters
    ----------
    slo_target : float, default 0.999
        The availability objective of every service, in (0, 1).
    approach : int, default 6
        The SRE Workbook approach, 1 to 6 (``sl.WORKBOOK_APPROACHES``).
    window_days : float, default 30
        SLO window for the policy.
    merge_gap_minutes : int, default 5
        As in :func:`sl.alert_quality` (Alertmanager's ``group_interval``).

    Returns
    -------
    pandas.DataFrame
        One row per page in time order: ``raised``, ``service``, ``rule``,
        ``matched``.

    Examples
    --------
    >>> p = microcorp_pages(slo_target=0.999, approach=6, window_days=30)
    >>> sorted(p.columns), bool(p["raised"].is_monotonic_increasing)
    (['matched', 'raised', 'rule', 'service'], True)
    """
    from ..alerting import alert_quality, evaluate_alerts, incident_candidates, workbook_approach
    from ..datasets import load_incidents, load_requests
    from ..simulation import SERVICE_NAMES

    approach = check_int("approach", approach, low=1, high=6)
    merge_gap_minutes = check_int("merge_gap_minutes", merge_gap_minutes, low=0, high=1440)
    rules = [r for r in workbook_approach(approach, slo_target, window_days=window_days,
                                          strict=False) if r.severity == "page"]
    incidents = load_incidents()
    frames = []
    for service in SERVICE_NAMES:
        traffic = load_requests(service)
        firing = evaluate_alerts(traffic, rules, slo_target=slo_target)
        quality = alert_quality(firing, incident_candidates(incidents, service),
                                merge_gap_minutes=merge_gap_minutes)
        alerts = quality.alerts
        frames.append(pd.DataFrame({"raised": alerts["raised"], "service": service,
                                    "rule": alerts["rule"], "matched": alerts["matched"]}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values("raised", kind="stable").reset_index(drop=True)


def tile_pages(pages, *, period_days, copies):
    """Repeat a period's pages back to back: MicroCorp's 28 days as a 364-day year.

    A rotation of 8 with week-long shifts needs 8 weeks before everyone has
    held the pager once; 28 days of pages cannot show its fairness. Tiling
    keeps the replay's real mix (time of day, bursts, noise) over a longer horizon.

    Parameters
    ----------
    pages : pandas.DataFrame
        With a ``raised`` column (other columns are copied).
    period_days : int
        Length of the period the pages cover, in days (1 to 366); copy *k* is
        shifted by ``k * period_days``.
    copies : int
        How many copies (1 to 100).

    Returns
    -------
    pandas.DataFrame
        ``copies`` x the rows, ``raised`` sorted, plus ``copy`` (0-based).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"raised": pd.to_datetime(["2026-10-05 03:00"], utc=True)})
    >>> tile_pages(p, period_days=28, copies=2)["raised"].dt.strftime("%m-%d").tolist()
    ['10-05', '11-02']
    """
    if not isinstance(pages, pd.DataFrame) or "raised" not in pages.columns:
        raise TypeError(message("pages", "a DataFrame with a 'raised' column",
                                type(pages).__name__))
    period_days = check_int("period_days", period_days, low=1, high=366)
    copies = check_int("copies", copies, low=1, high=100)
    if len(pages) * copies > _MAX_PAGES:
        raise ValueError(message("copies", f"at most {_MAX_PAGES:,} pages in all",
                                 len(pages) * copies))
    parts = [pages.assign(raised=pages["raised"] + pd.Timedelta(days=k * period_days), copy=k)
             for k in range(copies)]
    return pd.concat(parts, ignore_index=True).sort_values(
        "raised", kind="stable").reset_index(drop=True)
