"""Automation payback: time saved against time to build and maintain, with uncertainty.

Carlos (outline §5.1) invests in "a small automation to reduce repetitive
tasks". Is it worth it, and when does it pay back? This module answers with the
plain arithmetic of time, then with the estimates given as ranges, because
nobody knows in advance how long a build takes.

==============================  ====================================================
``automation_payback``          estimates (numbers or ranges) -> :class:`AutomationPayback`:
                                hours saved per week, break-even (weeks, date),
                                net hours at a horizon, their spread over draws
``AutomationPayback``           its frozen result
``WORTH_THE_TIME_SHAVED``       the comic's rows: time shaved off, in seconds
``WORTH_THE_TIME_FREQUENCIES``  the comic's columns: how often, in runs a year
``worth_the_time``              time you may spend automating before you lose time
``worth_the_time_table``        xkcd 1205 "Is It Worth the Time?" computed
``automation_candidates``       work log -> each toil task's runs and hours a week
``automation_scenario``         automate (part of) one task: toil before and after,
                                and its payback (:class:`AutomationScenario`)
``AutomationScenario``          its frozen result
==============================  ====================================================

The arithmetic (``ops_facts.md`` §5.1)::

    hours saved a week  = runs a week x minutes saved per run / 60
    net hours a week    = hours saved a week - maintenance hours a week
    break-even (weeks)  = build hours / net hours a week     (never if net <= 0)
    net hours at week w = net hours a week x w - build hours

Assumptions, stated: savings start when the automation is in use (the build is
counted as time spent, not as a delay), runs and savings are steady, an hour of
toil saved is worth an hour of building. The comic (Randall Munroe, xkcd 1205,
https://xkcd.com/1205/, CC BY-NC 2.5) makes the same trade over five years:
time shaved x runs a year x 5.

Taught in ``notebooks/05_culture/1c_automation_payback``.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_int, check_real, message
from .._windows import NEVER, check_rng, described
from .toil import ToilReport, _check_log, _report, classify_toil

__all__ = ["AutomationPayback", "automation_payback", "WORTH_THE_TIME_SHAVED",
           "WORTH_THE_TIME_FREQUENCIES", "worth_the_time", "worth_the_time_table",
           "automation_candidates", "AutomationScenario", "automation_scenario"]

#: The rows of xkcd 1205: how much time you shave off each run, in seconds.
WORTH_THE_TIME_SHAVED = {
    "1 second": 1, "5 seconds": 5, "30 seconds": 30, "1 minute": 60, "5 minutes": 300,
    "30 minutes": 1800, "1 hour": 3600, "6 hours": 6 * 3600, "1 day": 86400,
}

#: The columns of xkcd 1205: how often you do the task, in runs a year
#: (365 days, 52 weeks, 12 months a year).
WORTH_THE_TIME_FREQUENCIES = {
    "50/day": 50 * 365, "5/day": 5 * 365, "daily": 365, "weekly": 52, "monthly": 12,
    "yearly": 1,
}

_ESTIMATES = ("minutes_saved_per_run", "runs_per_week", "build_hours",
              "maintenance_hours_per_week")


# ---------------------------------------------------------------------------
# Estimates with uncertainty
# ---------------------------------------------------------------------------

#: Upper bounds of the estimates: beyond them an estimate is a typo, not a plan.
_LIMITS = {"minutes_saved_per_run": 10_080.0,       # a week of minutes
           "runs_per_week": 100_000.0,
           "build_hours": 100_000.0,
           "maintenance_hours_per_week": 168.0}     # every hour of the week


def _estimate(name: str, value, *, positive: bool = False):
    """``(central, sampler)`` for a number, a (low, high) or a (low, likely, high) range."""
    top = _LIMITS[name]
    rule = (f"a number in [0, {top:g}], a range (low, high) or (low, most_likely, high) of such "
            "numbers" + (" with high > 0" if positive else ""))
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim == 1):
        values = list(value)
        if len(values) not in (2, 3):
            raise ValueError(message(name, rule, value))
        parts = [check_real(f"{name}", v, low=0, high=top, rule=rule, scalar=True) for v in values]
        if any(b < a for a, b in zip(parts, parts[1:])):
            raise ValueError(message(name, rule + ", in increasing order", value))
        if positive and parts[-1] <= 0:
            raise ValueError(message(name, rule, value))
        if len(parts) == 2:
            low, high = parts
            return (low + high) / 2, lambda rng, n: rng.uniform(low, high, n) if high > low else np.full(n, low)
        low, mode, high = parts
        if high == low:
            return mode, lambda rng, n: np.full(n, low)
        return mode, lambda rng, n: rng.triangular(low, mode, high, n)
    number = check_real(name, value, low=0, high=top, rule=rule, scalar=True)
    if positive and number <= 0:
        raise ValueError(message(name, rule, value))
    return number, lambda rng, n: np.full(n, number)


def _break_even_weeks(build, net):
    """Weeks to break even (inf when the net saving is not positive)."""
    build = np.asarray(build, dtype=float)
    net = np.asarray(net, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        weeks = np.where(net > 0, build / np.where(net > 0, net, 1.0), np.inf)
    return np.where((build == 0) & (net >= 0), 0.0, weeks)


@dataclass(frozen=True, eq=False)
class AutomationPayback:
    """Result of :func:`automation_payback`.

    Central values come from the central estimates (a number itself, the
    middle of a ``(low, high)`` range, the most likely value of a triple);
    the ``_p10`` / ``_p90`` values and ``p_break_even`` from the draws.

    Attributes
    ----------
    hours_saved_per_week, net_hours_per_week : float
        Toil hours saved a week; minus the maintenance hours.
    build_hours : float
    break_even_weeks : float
        Weeks of use until the hours saved repay the build (NaN when it
        never does: ``break_even`` is then ``sl.NEVER``).
    break_even : pandas.Timedelta or sl.NEVER
    break_even_date : pandas.Timestamp or NaT
        ``start + break_even`` (NaT without ``start`` or when never).
    net_hours : float
        Hours gained (negative: lost) at the horizon.
    horizon_weeks : int
    p_break_even : float
        Share of the draws that break even within the horizon.
    break_even_weeks_p10, break_even_weeks_p50, break_even_weeks_p90 : float
        Quantiles of the draws' break-even (NaN where the quantile never
        breaks even).
    net_hours_p10, net_hours_p90 : float
    curve : pandas.DataFrame
        Index ``week`` 0..horizon: ``net_hours`` (central), ``p10``, ``p50``,
        ``p90`` (cumulative net hours of the draws).
    draws : pandas.DataFrame
        One row per draw: the four estimates, ``net_hours_per_week``,
        ``break_even_weeks`` (inf when never), ``net_hours``.
    start : pandas.Timestamp or NaT
    """

    hours_saved_per_week: float
    net_hours_per_week: float
    build_hours: float
    break_even_weeks: float
    break_even: object
    break_even_date: object
    net_hours: float
    horizon_weeks: int
    p_break_even: float
    break_even_weeks_p10: float
    break_even_weeks_p50: float
    break_even_weeks_p90: float
    net_hours_p10: float
    net_hours_p90: float
    curve: pd.DataFrame
    draws: pd.DataFrame
    start: object


def _finite_or_nan(x: float) -> float:
    return float(x) if math.isfinite(x) else math.nan


def automation_payback(*, minutes_saved_per_run, runs_per_week, build_hours,
                       maintenance_hours_per_week=0.0, horizon_weeks=52, start=None,
                       n_draws=10_000, rng=None) -> AutomationPayback:
    """When does an automation pay back the time spent building and maintaining it?

    Every estimate may be a number, a range ``(low, high)`` (drawn uniformly)
    or ``(low, most_likely, high)`` (drawn from a triangular distribution):
    write what you know, and the spread of the answer shows what you do not.

    Parameters
    ----------
    minutes_saved_per_run : float or range
        Toil minutes one run no longer costs (0 to 10,080, a week).
    runs_per_week : float or range
        How often the task comes up (0 to 100,000).
    build_hours : float or range
        Hours to build the automation (0 to 100,000).
    maintenance_hours_per_week : float or range, default 0
        Hours a week to keep it working (0 to 168).
    horizon_weeks : int, default 52
        How far to look ahead, 1 to 520 weeks.
    start : date-like, optional
        When the automation goes into use; gives ``break_even_date``.
    n_draws : int, default 10,000
        Draws of the estimates (1 to 200,000).
    rng : None, int or numpy.random.Generator
        Seed or generator for the draws.

    Returns
    -------
    AutomationPayback

    Raises
    ------
    TypeError, ValueError
        A negative or non-numeric estimate, a range not in increasing order
        or of the wrong length, a bad horizon, start or seed.

    Notes
    -----
    ``break-even = build_hours / (runs_per_week x minutes_saved_per_run / 60
    - maintenance_hours_per_week)`` weeks, never when the denominator is
    <= 0. Taught in ``05_culture/1c``.

    Examples
    --------
    A task run 10 times a week, 30 minutes saved each time: 5 hours a week.
    A 20-hour build with 1 hour a week of upkeep breaks even after 5 weeks:

    >>> p = automation_payback(minutes_saved_per_run=30, runs_per_week=10, build_hours=20,
    ...                        maintenance_hours_per_week=1, start="2026-11-02")
    >>> p.hours_saved_per_week, p.break_even_weeks, str(p.break_even_date.date())
    (5.0, 5.0, '2026-12-07')
    >>> p.net_hours                     # 4 hours a week x 52 weeks - 20
    188.0

    The build could take 10 to 60 hours instead (uniformly): the central
    35 hours break even after 8.75 weeks, the 10th and 90th percentiles of
    the build (15 and 55 hours) after about 3.75 and 13.75 weeks:

    >>> q = automation_payback(minutes_saved_per_run=30, runs_per_week=10,
    ...                        build_hours=(10, 60), maintenance_hours_per_week=1, rng=1)
    >>> q.break_even_weeks, round(q.break_even_weeks_p10), round(q.break_even_weeks_p90)
    (8.75, 4, 14)
    """
    horizon_weeks = check_int("horizon_weeks", horizon_weeks, low=1, high=520)
    n_draws = check_int("n_draws", n_draws, low=1, high=200_000)
    generator = check_rng(rng)
    central, samplers = {}, {}
    for name, value in (("minutes_saved_per_run", minutes_saved_per_run),
                        ("runs_per_week", runs_per_week), ("build_hours", build_hours),
                        ("maintenance_hours_per_week", maintenance_hours_per_week)):
        central[name], samplers[name] = _estimate(name, value)
    if start is None:
        stamp = pd.NaT
    else:
        if isinstance(start, (bool, np.bool_)) or isinstance(start, numbers.Number):
            raise TypeError(message("start", "a date (e.g. '2026-11-02')", start))
        try:
            stamp = pd.Timestamp(start)
        except (TypeError, ValueError):
            raise TypeError(message("start", "a date (e.g. '2026-11-02')", start)) from None
        if stamp is pd.NaT or not (pd.Timestamp("1900-01-01", tz=stamp.tz) <= stamp
                                   <= pd.Timestamp("2200-01-01", tz=stamp.tz)):
            raise ValueError(message("start", "a date between 1900 and 2200", str(start)))

    saved = central["runs_per_week"] * central["minutes_saved_per_run"] / 60
    net = saved - central["maintenance_hours_per_week"]
    weeks = float(_break_even_weeks(central["build_hours"], net))
    if math.isfinite(weeks):
        break_even = pd.Timedelta(weeks=weeks)
        date = stamp + break_even if stamp is not pd.NaT else pd.NaT
    else:
        break_even, date = NEVER, pd.NaT

    draws = pd.DataFrame({name: samplers[name](generator, n_draws) for name in _ESTIMATES})
    draws["net_hours_per_week"] = (draws["runs_per_week"] * draws["minutes_saved_per_run"] / 60
                                   - draws["maintenance_hours_per_week"])
    draws["break_even_weeks"] = _break_even_weeks(draws["build_hours"], draws["net_hours_per_week"])
    draws["net_hours"] = draws["net_hours_per_week"] * horizon_weeks - draws["build_hours"]

    week = np.arange(horizon_weeks + 1)
    paths = (draws["net_hours_per_week"].to_numpy()[:, None] * week[None, :]
             - draws["build_hours"].to_numpy()[:, None])
    low, middle, high = np.quantile(paths, [0.1, 0.5, 0.9], axis=0)
    curve = pd.DataFrame({"net_hours": net * week - central["build_hours"], "p10": low,
                          "p50": middle, "p90": high}, index=pd.Index(week, name="week"))
    # no interpolation: "never" (inf) draws must not be averaged with finite ones
    q10, q50, q90 = np.quantile(draws["break_even_weeks"].to_numpy(), [0.1, 0.5, 0.9],
                                method="inverted_cdf")
    n10, n90 = np.quantile(draws["net_hours"].to_numpy(), [0.1, 0.9])
    return AutomationPayback(
        hours_saved_per_week=float(saved),
        net_hours_per_week=float(net),
        build_hours=float(central["build_hours"]),
        break_even_weeks=_finite_or_nan(weeks),
        break_even=break_even,
        break_even_date=date,
        net_hours=float(net * horizon_weeks - central["build_hours"]),
        horizon_weeks=horizon_weeks,
        p_break_even=float((draws["break_even_weeks"] <= horizon_weeks).mean()),
        break_even_weeks_p10=_finite_or_nan(q10),
        break_even_weeks_p50=_finite_or_nan(q50),
        break_even_weeks_p90=_finite_or_nan(q90),
        net_hours_p10=float(n10),
        net_hours_p90=float(n90),
        curve=curve,
        draws=draws,
        start=stamp,
    )


# ---------------------------------------------------------------------------
# xkcd 1205
# ---------------------------------------------------------------------------

def worth_the_time(shaved_seconds, runs_per_year, *, horizon_years=5):
    """How long you may work on a shortcut before it costs more time than it saves.

    ``shaved_seconds x runs_per_year x horizon_years``: the cells of xkcd 1205
    ("Is It Worth the Time?", across five years). A task cannot shave more
    time a day than a day holds, so where ``shaved_seconds x runs a day``
    exceeds 24 hours the answer is NaT (the comic's blacked-out cells).

    Parameters
    ----------
    shaved_seconds : float or array
        Time saved per run, seconds (> 0, at most a year).
    runs_per_year : float or array
        How often the task comes up, runs a year (> 0, at most 1e8).
    horizon_years : float, default 5
        The comic's five years (0 < years <= 100); a year is 365 days.

    Returns
    -------
    pandas.Timedelta or numpy.ndarray of timedelta64
        The time you can spend (an array for array input); NaT where
        impossible.

    Examples
    --------
    One minute saved on a weekly task: 260 minutes over five years.

    >>> worth_the_time(60, 52)
    Timedelta('0 days 04:20:00')
    >>> worth_the_time(3600, 50 * 365) is pd.NaT       # 50 hours saved a day
    True
    """
    shaved = check_real("shaved_seconds", shaved_seconds, low=0, high=365 * 86400, low_open=True)
    runs = check_real("runs_per_year", runs_per_year, low=0, high=1e8, low_open=True)
    years = check_real("horizon_years", horizon_years, low=0, high=100, low_open=True, scalar=True)
    try:
        shaved_b, runs_b = np.broadcast_arrays(np.asarray(shaved), np.asarray(runs))
    except ValueError:
        raise ValueError(message("runs_per_year", "a number or an array as long as shaved_seconds",
                                 f"{np.size(runs)} values for {np.size(shaved)}")) from None
    seconds = shaved_b * runs_b * years
    possible = shaved_b * runs_b / 365 <= 86400
    limit = 9e9  # seconds (about 285 years): Timedeltas end near 292 years
    seconds = np.where(possible & (seconds <= limit), seconds, np.nan)
    if np.ndim(seconds) == 0:
        value = float(seconds)
        return pd.NaT if math.isnan(value) else pd.Timedelta(seconds=round(value, 6))
    nanoseconds = np.where(np.isnan(seconds), 0, np.round(seconds * 1e9))
    out = nanoseconds.astype("int64").astype("timedelta64[ns]")
    out[np.isnan(seconds)] = np.timedelta64("NaT")
    return out


_UNITS = (("year", 365 * 86400), ("month", 365 / 12 * 86400), ("week", 7 * 86400),
          ("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def _as_comic_text(delta) -> str:
    """Round down to the largest sensible unit, as the comic writes its cells."""
    if delta is pd.NaT or pd.isna(delta):
        return ""
    seconds = delta.total_seconds()
    # days up to two weeks, weeks up to two months, months up to a year
    if seconds >= 365 * 86400:
        unit, size = _UNITS[0]
    elif seconds >= 2 * _UNITS[1][1]:
        unit, size = _UNITS[1]
    elif seconds >= 14 * 86400:
        unit, size = _UNITS[2]
    elif seconds >= 86400:
        unit, size = _UNITS[3]
    elif seconds >= 3600:
        unit, size = _UNITS[4]
    elif seconds >= 60:
        unit, size = _UNITS[5]
    else:
        unit, size = _UNITS[6]
    count = int(math.floor(seconds / size + 1e-9))
    return f"{count} {unit}" + ("" if count == 1 else "s")


def worth_the_time_table(*, horizon_years=5, as_text=False) -> pd.DataFrame:
    """The xkcd 1205 table, computed: rows time shaved, columns how often.

    Parameters
    ----------
    horizon_years : float, default 5
        The comic's horizon (0 < years <= 100).
    as_text : bool, default False
        ``True``: cells written as the comic writes them, rounded down to one
        unit (``"4 hours"``, ``"2 months"``; empty where impossible).
        ``False``: ``Timedelta`` cells (NaT where impossible).

    Returns
    -------
    pandas.DataFrame
        Index: :data:`WORTH_THE_TIME_SHAVED` labels (``"1 second"`` ...
        ``"1 day"``); columns: :data:`WORTH_THE_TIME_FREQUENCIES` labels
        (``"50/day"`` ... ``"yearly"``).

    Notes
    -----
    The comic also greys out a few possible cells where the saving is so
    large that almost any effort pays (6 hours a day, for example); this
    table fills them in. Taught in ``05_culture/1c``.

    Examples
    --------
    >>> t = worth_the_time_table(as_text=True)
    >>> t.loc["1 minute", "weekly"], t.loc["1 second", "50/day"], t.loc["1 day", "yearly"]
    ('4 hours', '1 day', '5 days')
    >>> t.loc["1 hour", "50/day"]
    ''
    """
    if not isinstance(as_text, (bool, np.bool_)):
        raise TypeError(message("as_text", "True or False", as_text))
    shaved = np.array(list(WORTH_THE_TIME_SHAVED.values()), dtype=float)
    runs = np.array(list(WORTH_THE_TIME_FREQUENCIES.values()), dtype=float)
    cells = worth_the_time(shaved[:, None], runs[None, :], horizon_years=horizon_years)
    values = np.asarray(cells).reshape(len(shaved), len(runs))
    table = pd.DataFrame(values, index=pd.Index(list(WORTH_THE_TIME_SHAVED), name="time shaved off"),
                         columns=pd.Index(list(WORTH_THE_TIME_FREQUENCIES), name="how often"))
    table = table.apply(pd.to_timedelta)
    if as_text:
        return table.apply(lambda column: column.map(_as_comic_text))
    return table


# ---------------------------------------------------------------------------
# From the work log: what to automate, and what it would change
# ---------------------------------------------------------------------------

def _log_weeks(log: pd.DataFrame) -> float:
    """Weeks the log covers: first to last ``date`` inclusive, / 7 (1 day without dates)."""
    if "date" not in log.columns:
        return 1 / 7
    dates = pd.to_datetime(log["date"], utc=True, errors="coerce")
    if dates.isna().all():
        return 1 / 7
    days = (dates.max().normalize() - dates.min().normalize()).days + 1
    return days / 7


def automation_candidates(work_log=None, tasks=None, *, min_traits=4, weeks=None) -> pd.DataFrame:
    """Each automatable toil task of a work log: how often it came up and what it cost a week.

    Only toil with the *automatable* trait is a candidate: toil that needs
    judgement (responding to a real incident, a customer's unusual report)
    is reduced in other ways (better alerts, fewer incidents, self-service).

    Parameters
    ----------
    work_log : pandas.DataFrame, optional
        As for :func:`sre_lab.toil_report` (default ``sl.load_work_log()``),
        with a ``date`` column to count weeks (first to last date inclusive).
    tasks : DataFrame or dict, optional
        The catalogue (default ``sl.WORK_TASKS``).
    min_traits : int, default 4
        Traits a task needs to count as toil.
    weeks : float, optional
        Weeks the log covers (0 < weeks <= 5,200). Default: from its first to
        its last ``date``, inclusive. Give it when one person's rows start or
        end on a quiet day (MicroCorp's log covers 13 weeks).

    Returns
    -------
    pandas.DataFrame
        Indexed by automatable toil task, most hours first: ``runs``, ``minutes``,
        ``runs_per_week``, ``minutes_per_run`` (mean), ``hours_per_week``,
        ``share_of_toil``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sre_lab.culture.toil import TOIL_TRAITS
    >>> tasks = {"restart": dict.fromkeys(TOIL_TRAITS, True),
    ...          "project": dict.fromkeys(TOIL_TRAITS, False)}
    >>> log = pd.DataFrame({"date": pd.to_datetime(["2026-11-02", "2026-11-04", "2026-11-15"]),
    ...                     "engineer": "carlos", "task": ["restart", "restart", "project"],
    ...                     "minutes": [20, 40, 300]})
    >>> c = automation_candidates(log, tasks)           # two weeks of log
    >>> c.loc["restart", ["runs_per_week", "minutes_per_run", "hours_per_week"]].tolist()
    [1.0, 30.0, 0.5]
    """
    log = _check_log(work_log)
    catalogue = classify_toil(tasks, min_traits=min_traits)
    if weeks is not None:
        weeks = check_real("weeks", weeks, low=0, high=5200, low_open=True, scalar=True)
    return _candidates(log, catalogue, weeks)


def _candidates(log: pd.DataFrame, catalogue: pd.DataFrame, weeks=None) -> pd.DataFrame:
    """:func:`automation_candidates` on a checked log and a classified catalogue."""
    if weeks is None:
        weeks = _log_weeks(log)
    toil = set(catalogue.index[catalogue["toil"] & catalogue["automatable"]])
    names = log["task"].to_numpy(dtype=object)
    inside = np.fromiter((str(t) in toil for t in names), dtype=bool, count=len(names))
    if not inside.any():
        raise ValueError(described("work_log", "a log with at least one automatable toil task",
                                   "none"))
    codes, uniques = pd.factorize(names[inside])
    minutes = log["minutes"].to_numpy(dtype=float)[inside]
    table = pd.DataFrame({"runs": np.bincount(codes),
                          "minutes": np.bincount(codes, weights=minutes)},
                         index=[str(u) for u in uniques])
    table = table.sort_index()
    table["runs_per_week"] = table["runs"] / weeks
    table["minutes_per_run"] = table["minutes"] / table["runs"]
    table["hours_per_week"] = table["minutes"] / 60 / weeks
    total = table["minutes"].sum()
    table["share_of_toil"] = table["minutes"] / total if total > 0 else 0.0
    table.index.name = "task"
    return table.sort_values("minutes", ascending=False, kind="stable")


@dataclass(frozen=True, eq=False)
class AutomationScenario:
    """Result of :func:`automation_scenario`.

    Attributes
    ----------
    task : str
    team : str or None
    candidate : pandas.Series
        The task's row of :func:`automation_candidates` (runs a week, minutes
        a run, hours a week).
    share_automated : float
    before, after : ToilReport
        Toil per engineer now, and with ``share_automated`` of the task's
        minutes gone (the freed time logged as non-toil work, so each
        engineer's total stays the same).
    payback : AutomationPayback
        Build (with its uncertainty) against the hours saved.
    hours_freed_per_week : float
    """

    task: str
    team: object
    candidate: pd.Series
    share_automated: float
    before: ToilReport
    after: ToilReport
    payback: AutomationPayback
    hours_freed_per_week: float


def automation_scenario(work_log=None, tasks=None, *, task, build_hours, share_automated=1.0,
                        maintenance_hours_per_week=0.0, team=None, min_traits=4, cap=0.5,
                        horizon_weeks=52, n_draws=2000, rng=0) -> AutomationScenario:
    """Automate (part of) one toil task: toil per engineer before and after, and the payback.

    Parameters
    ----------
    work_log : pandas.DataFrame, optional
        Default ``sl.load_work_log()``.
    tasks : DataFrame or dict, optional
        Default ``sl.WORK_TASKS``.
    task : str
        An automatable toil task of the log (see :func:`automation_candidates`).
    build_hours : float or range
        As for :func:`automation_payback` (e.g. ``(20, 30, 60)``).
    share_automated : float, default 1
        Fraction of the task's minutes the automation removes, in (0, 1].
    maintenance_hours_per_week : float or range, default 0
    team : str, optional
        Only this team's log (a value of the log's ``team`` column). Weeks are
        counted over the whole log.
    min_traits, cap, horizon_weeks, n_draws, rng
        As for :func:`sre_lab.toil_report` and :func:`automation_payback`.

    Returns
    -------
    AutomationScenario

    Raises
    ------
    TypeError, ValueError
        Bad log, a task that is not toil or never logged, an unknown team,
        bad estimates.

    Examples
    --------
    >>> import pandas as pd
    >>> from sre_lab.culture.toil import TOIL_TRAITS
    >>> tasks = {"restart": dict.fromkeys(TOIL_TRAITS, True),
    ...          "project": dict.fromkeys(TOIL_TRAITS, False)}
    >>> log = pd.DataFrame({"date": pd.to_datetime(["2026-11-02"] * 2 + ["2026-11-15"]),
    ...                     "engineer": "carlos", "task": ["restart", "restart", "project"],
    ...                     "minutes": [60, 60, 120]})
    >>> s = automation_scenario(log, tasks, task="restart", build_hours=2, share_automated=0.5)
    >>> shares = [float(r.shares.loc["carlos", "toil_share"]) for r in (s.before, s.after)]
    >>> shares                      # 120 of 240 minutes toil; then 60 of them freed
    [0.5, 0.25]
    >>> s.hours_freed_per_week, s.payback.break_even_weeks
    (0.5, 4.0)
    """
    log = _check_log(work_log)
    weeks = _log_weeks(log)                  # the whole log's span, before any filter
    share = check_real("share_automated", share_automated, low=0, high=1, low_open=True,
                       scalar=True)
    if team is not None:
        if "team" not in log.columns:
            raise ValueError(message("team", "None for a log without a 'team' column", team))
        teams = sorted(log["team"].astype(str).unique())
        if not isinstance(team, str):
            raise TypeError(message("team", "None or one of " + ", ".join(map(repr, teams)), team))
        if team not in teams:
            raise ValueError(message("team", "None or one of " + ", ".join(map(repr, teams)), team))
        log = log[log["team"].astype(str) == team]
    cap = check_real("cap", cap, low=0, high=1, low_open=True, high_open=True, scalar=True)
    catalogue = classify_toil(tasks, min_traits=min_traits)
    if not isinstance(task, str):
        raise TypeError(message("task", "the name of an automatable toil task in the log", task))
    candidates = _candidates(log, catalogue, weeks) if len(log) else pd.DataFrame(index=[])
    if task not in candidates.index:
        names = ", ".join(repr(t) for t in candidates.index[:12])
        raise ValueError(described("task", f"an automatable toil task in the log ({names})",
                                   repr(task)))
    row = candidates.loc[task]
    freed_task = catalogue.index[catalogue["n_traits"] == catalogue["n_traits"].min()][0]
    if catalogue.loc[freed_task, "toil"]:
        raise ValueError(described("tasks", "a catalogue with at least one task that is not toil "
                                   "(to log the freed time)", "only toil tasks"))
    before = _report(log, catalogue, cap=cap, by="engineer", top=10, min_traits=int(min_traits))
    mask = (log["task"].to_numpy(dtype=object) == task)
    minutes = log["minutes"].to_numpy(dtype=float)
    kept = np.where(mask, minutes * (1 - share), minutes)
    columns = {"engineer": np.concatenate([log["engineer"].to_numpy(dtype=object),
                                           log["engineer"].to_numpy(dtype=object)[mask]]),
               "task": np.concatenate([log["task"].to_numpy(dtype=object),
                                       np.full(int(mask.sum()), freed_task, dtype=object)]),
               "minutes": np.concatenate([kept, minutes[mask] * share])}
    if "team" in log.columns:
        teams_column = log["team"].to_numpy(dtype=object)
        columns["team"] = np.concatenate([teams_column, teams_column[mask]])
    after = _report(pd.DataFrame(columns), catalogue, cap=cap, by="engineer", top=10,
                    min_traits=int(min_traits))
    payback = automation_payback(minutes_saved_per_run=float(row["minutes_per_run"]) * share,
                                 runs_per_week=float(row["runs_per_week"]), build_hours=build_hours,
                                 maintenance_hours_per_week=maintenance_hours_per_week,
                                 horizon_weeks=horizon_weeks, n_draws=n_draws, rng=rng)
    return AutomationScenario(task=task, team=team, candidate=row, share_automated=share,
                              before=before, after=after, payback=payback,
                              hours_freed_per_week=float(row["hours_per_week"]) * share)
