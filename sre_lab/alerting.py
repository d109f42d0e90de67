"""Burn-rate alert rules, the SRE Workbook's policies, alert replay and alert quality.

A burn-rate alert asks "are we spending the error budget so fast that a
human must act?". A rule compares the error ratio over a trailing *long*
window (is this significant?) and a *short* window (is it still
happening?) with ``burn_rate x (1 - slo_target)``.

Public names
------------
==========================  ==================================================
**Rules and policies**
``SEVERITIES``              ``("page", "ticket")``
``AlertRule``               one validated multiwindow burn-rate rule
``workbook_policy``         SRE Workbook Table 5-8, scaled to any window
``unreachable_rules``       rules that can never fire at a target
``WORKBOOK_APPROACHES``     titles of the Workbook's six alerting approaches
``workbook_approach``       the rules of approach 1..6
**Replay**
``trailing_error_ratio``    error ratio over a trailing window, per minute
``evaluate_alerts``         which rules fire at each minute of a series
**Judging a policy**
``detection_time``          closed form: time to fire for a constant error ratio
``reset_time``              closed form: time to stop after the errors stop
``AlertQuality``            precision, recall, detection and reset times
``incident_candidates``     incidents that can fail a service's requests
``significant_incidents``   the incidents an alert should catch (ground truth)
``alert_quality``           compare firing minutes with ground-truth incidents
``LowTrafficImpact``        what one failure means for a low-traffic service
``low_traffic_impact``      allowed failures, burn rate, budget share of a failure
==========================  ==================================================

Replay semantics (the contract checked against Prometheus)
----------------------------------------------------------
* The traffic frame holds counts per minute on a regular 1-minute
  DatetimeIndex; row *t* holds the requests and errors of minute *t*.
* A window of W minutes ending at *t* covers rows ``t-W+1 .. t``; its error
  ratio is ``sum(errors) / sum(requests)`` (counts, never averaged ratios).
  At the start of the series a window covers the rows that exist. A window
  with zero requests has no ratio and is **not active**.
* A rule is **active** at *t* when the long-window ratio and the
  short-window ratio are both strictly greater than
  ``burn_rate * (1 - slo_target)``, where ``1 - slo_target`` is tidied to
  12 decimals (``1 - 0.999`` is ``0.001``; see :mod:`sre_lab.slo`).
* A rule **fires** at *t* when it is active at every minute of
  ``[t - for_minutes, t]``: with ``for_minutes=0`` firing = active; with
  ``for_minutes=2`` it must be active at t-2, t-1 and t. Minutes before the
  series do not exist, so nothing fires before row ``for_minutes``. This is
  Prometheus' ``for:`` at a 1-minute evaluation interval (pending at the
  first active evaluation, firing once ``for`` has elapsed, reset by any
  inactive evaluation).

Defaults and shared values (as in every core module, see :mod:`sre_lab.slo`):
``window_days`` defaults to 30; a rule that never fires has a detection time
of ``sl.NEVER`` (``pandas.NaT``); traffic out of order or with repeated
minutes is refused with the one shared message. Alert windows and ``for:``
are at most one year (527,040 minutes), well inside Prometheus' durations.

Sources: Google SRE Workbook ch. 5 "Alerting on SLOs" (Tables 5-4, 5-8,
the six approaches, low-traffic section); Sloth ``google-30d.yaml``.
Taught in ``notebooks/02_slos/2b_burn_rate``, ``2c_alerting_approaches`` and
``2d_alerts_on_marisols_day``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from ._validation import check_choice, check_fraction, check_int, check_real, message
from ._windows import (
    DEFAULT_WINDOW_DAYS,
    budget_fraction,
    check_incidents,
    check_traffic,
    cumulative_sums,
    described,
    to_timedelta,
    trailing_sums,
    true_runs,
)

__all__ = [
    "SEVERITIES",
    "AlertRule",
    "workbook_policy",
    "unreachable_rules",
    "WORKBOOK_APPROACHES",
    "workbook_approach",
    "trailing_error_ratio",
    "evaluate_alerts",
    "detection_time",
    "reset_time",
    "AlertQuality",
    "incident_candidates",
    "significant_incidents",
    "alert_quality",
    "LowTrafficImpact",
    "low_traffic_impact",
]

SEVERITIES = ("page", "ticket")
_MINUTES_PER_DAY = 1440
#: Longest alert window and ``for:`` duration, in minutes: one year. Prometheus
#: parses durations up to about 292 years (int64 nanoseconds, "duration out of
#: range" beyond); a window longer than any SLO window makes no sense anyway.
MAX_RULE_MINUTES = 366 * _MINUTES_PER_DAY
_MAX_WINDOW_DAYS = 3650


def _window_days(window_days):
    return check_real("window_days", window_days, low=0, low_open=True, high=_MAX_WINDOW_DAYS,
                      scalar=True)


def _target(slo_target):
    return check_fraction("slo_target", slo_target, scalar=True)


# --------------------------------------------------------------------------
# rules and policies
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class AlertRule:
    """One multiwindow burn-rate alert rule.

    Active when the error ratio over the trailing long window AND over the
    trailing short window both exceed ``burn_rate x (1 - slo_target)``;
    fires once active for ``for_minutes`` more minutes (see the module
    notes for the exact replay semantics).

    Parameters
    ----------
    name : str
        Non-empty; the column name in :func:`evaluate_alerts` output.
    burn_rate : float
        Burn-rate threshold, ``> 0`` (14.4 in the Workbook's fast page).
    long_window_minutes : int
        Long window, whole minutes in 1 .. 527,040 (one year; 60 for 1 h).
    short_window_minutes : int
        Short window, ``1 <= short <= long`` (the Workbook uses long / 12).
        Equal to the long window for a single-window rule.
    severity : {"page", "ticket"}
        Who is told: a human now, or a ticket for working hours.
    for_minutes : int, default 0
        Extra minutes the rule must stay active before firing (Prometheus
        ``for:``), 0 .. 527,040. The one-year bound keeps exported rule
        files inside what Prometheus accepts.

    Raises
    ------
    TypeError, ValueError
        On an invalid field (message names it, the rule and the value).

    Examples
    --------
    >>> rule = AlertRule("page_1h_5m", 14.4, 60, 5, "page")
    >>> round(rule.error_ratio_threshold(0.999), 6)
    0.0144
    >>> round(rule.budget_consumed(), 6)
    0.02
    """

    name: str
    burn_rate: float
    long_window_minutes: int
    short_window_minutes: int
    severity: str
    for_minutes: int = 0

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(message("name", "a non-empty string", self.name))
        if not self.name.strip():
            raise ValueError(message("name", "a non-empty string", self.name))
        object.__setattr__(self, "burn_rate",
                           check_real("burn_rate", self.burn_rate, low=0, low_open=True,
                                      scalar=True))
        long = check_int("long_window_minutes", self.long_window_minutes, low=1,
                         high=MAX_RULE_MINUTES)
        short = check_int("short_window_minutes", self.short_window_minutes, low=1,
                          high=MAX_RULE_MINUTES)
        if short > long:
            raise ValueError(message(
                "short_window_minutes", f"<= long_window_minutes ({long})", short,
                "The short window checks the burn is still happening; the Workbook uses "
                "long / 12."))
        object.__setattr__(self, "long_window_minutes", long)
        object.__setattr__(self, "short_window_minutes", short)
        check_choice("severity", self.severity, SEVERITIES)
        object.__setattr__(self, "for_minutes", check_int("for_minutes", self.for_minutes, low=0,
                                                          high=MAX_RULE_MINUTES))

    def error_ratio_threshold(self, slo_target) -> float:
        """The error ratio both windows must exceed: ``burn_rate * (1 - slo_target)``."""
        slo_target = _target(slo_target)
        return self.burn_rate * budget_fraction(slo_target)

    def budget_consumed(self, *, window_days=DEFAULT_WINDOW_DAYS) -> float:
        """Budget share spent by the time the long window alone crosses its threshold."""
        window_days = _window_days(window_days)
        return self.burn_rate * self.long_window_minutes / (window_days * _MINUTES_PER_DAY)

    def can_fire(self, slo_target) -> bool:
        """Whether a 100 % error ratio exceeds the threshold at this target."""
        return bool(self.error_ratio_threshold(slo_target) < 1.0)


def _duration_label(minutes: int) -> str:
    if minutes % _MINUTES_PER_DAY == 0:
        return f"{minutes // _MINUTES_PER_DAY}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def _check_rules(rules) -> list[AlertRule]:
    if isinstance(rules, AlertRule):
        rules = [rules]
    rule_text = "an AlertRule or a list of AlertRule"
    if isinstance(rules, (str, bytes)) or not hasattr(rules, "__iter__"):
        raise TypeError(message("rules", rule_text, rules))
    rules = list(rules)
    if not rules:
        raise ValueError(message("rules", "a non-empty list of AlertRule", rules))
    for rule in rules:
        if not isinstance(rule, AlertRule):
            raise TypeError(message("rules", rule_text, rule))
    names = [rule.name for rule in rules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(message("rules", "rules with distinct names", duplicates))
    return rules


def unreachable_rules(rules, *, slo_target) -> list[str]:
    """Return the names of rules that can never fire at ``slo_target``.

    The error ratio cannot exceed 1, so a rule whose threshold
    ``burn_rate x (1 - slo_target)`` is 1 or more can never be active: the
    largest possible burn rate is ``1 / (1 - slo_target)``.

    Parameters
    ----------
    rules : AlertRule or list of AlertRule
    slo_target : float
        The objective, a fraction in (0, 1).

    Returns
    -------
    list of str
        Names in the order given; empty when every rule can fire.

    Notes
    -----
    SRE Workbook ch. 5, "Extreme availability goals": at 90 % a full outage
    for an hour spends 1.4 % of the budget, so a 14.4x rule never fires.
    Any target below 1 - 1/14.4 = 93.06 % has this problem.

    Examples
    --------
    >>> unreachable_rules(workbook_policy(0.9, strict=False), slo_target=0.9)
    ['page_1h_5m']
    """
    rules = _check_rules(rules)
    slo_target = _target(slo_target)
    return [rule.name for rule in rules if not rule.can_fire(slo_target)]


def _strict_check(rules, slo_target, strict, hint="Pass strict=False to build the rules anyway."):
    if not isinstance(strict, (bool, np.bool_)):
        raise TypeError(message("strict", "True or False", strict))
    if not strict:
        return rules
    for rule in rules:
        if not rule.can_fire(slo_target):
            low = 1.0 - 1.0 / rule.burn_rate
            top = 1.0 / budget_fraction(slo_target)
            raise ValueError(message(
                "slo_target",
                f"above {low:.6g} for rule {rule.name!r} (burn rate {rule.burn_rate:g}) "
                "to be able to fire", slo_target,
                f"The largest possible burn rate is 1 / (1 - slo_target) = {top:.6g}. " + hint))
    return rules


# (budget percent, long minutes, short minutes, severity) of Table 5-8 / Sloth google-30d
_TABLE_5_8 = ((2, 60, 5, "page"), (5, 360, 30, "page"), (10, 4320, 360, "ticket"))
_SLOTH_EXTRA = (10, 1440, 120, "ticket")


def _scaled_burn(percent: float, window_days: float, long_minutes: int) -> float:
    """``percent % x period / long window``, in one division (14.4, not 14.399...)."""
    return percent * window_days * _MINUTES_PER_DAY / (100 * long_minutes)


def workbook_policy(slo_target, *, window_days=DEFAULT_WINDOW_DAYS, four_pairs=False,
                    strict=True):
    """Return the SRE Workbook's multiwindow, multi-burn-rate alert rules.

    Table 5-8 for a 30-day window: page when 2 % of the budget goes in 1 h
    (14.4x, 5 min short window) or 5 % in 6 h (6x, 30 min); ticket when
    10 % goes in 3 days (1x, 6 h). For another window the budget shares
    stay and the burn rates scale: ``burn = share x period / long window``.

    Parameters
    ----------
    slo_target : float
        The objective, a fraction in (0, 1).
    window_days : float, default 30
        SLO window in (0, 3650] days; 28 days gives 13.44 / 5.6 / 0.933.
    four_pairs : bool, default False
        Add Sloth's fourth pair (``google-30d.yaml``): ticket when 10 %
        goes in 1 day (3x at 30 days, 2 h short window).
    strict : bool, default True
        Raise ``ValueError`` if a rule can never fire at this target
        (its burn rate is at or above ``1 / (1 - slo_target)``, e.g. 14.4x
        at 90 %). With ``False`` the rules are returned anyway; use
        :func:`unreachable_rules` to list the dead ones.

    Returns
    -------
    list of AlertRule
        Named ``page_1h_5m``, ``page_6h_30m``, (``ticket_1d_2h``),
        ``ticket_3d_6h``; pages first.

    Raises
    ------
    ValueError
        Bad target or window, or (with ``strict``) an unreachable rule.

    Examples
    --------
    >>> [r.burn_rate for r in workbook_policy(0.999)]
    [14.4, 6.0, 1.0]
    >>> [round(r.burn_rate, 4) for r in workbook_policy(0.999, window_days=28, four_pairs=True)]
    [13.44, 5.6, 2.8, 0.9333]
    """
    slo_target = _target(slo_target)
    window_days = _window_days(window_days)
    if not isinstance(four_pairs, (bool, np.bool_)):
        raise TypeError(message("four_pairs", "True or False", four_pairs))
    rows = list(_TABLE_5_8)
    if four_pairs:
        rows.insert(2, _SLOTH_EXTRA)
    rules = [AlertRule(f"{severity}_{_duration_label(long)}_{_duration_label(short)}",
                       _scaled_burn(percent, window_days, long), long, short, severity)
             for percent, long, short, severity in rows]
    return _strict_check(rules, slo_target, strict)


WORKBOOK_APPROACHES = MappingProxyType({
    1: "Target error rate >= SLO threshold",
    2: "Increased alert window",
    3: "Incrementing alert duration",
    4: "Alert on burn rate",
    5: "Multiple burn rate alerts",
    6: "Multiwindow, multi-burn-rate alerts",
})


def workbook_approach(number, slo_target, *, window_days=DEFAULT_WINDOW_DAYS, strict=True):
    """Return the rules of one of the SRE Workbook's six alerting approaches.

    Parameters
    ----------
    number : int
        1 to 6, see :data:`WORKBOOK_APPROACHES`:

        1. error ratio over 10 min above the budget (burn 1);
        2. the same over a window worth 5 % of the budget (36 h at 30 days);
        3. error ratio over 1 min above the budget, ``for: 1h``;
        4. burn rate over 1 h spending 5 % of the budget (36x at 30 days);
        5. three single-window rules: 1 h / 6 h / 3 d at Table 5-8 rates;
        6. :func:`workbook_policy` (multiwindow, multi-burn-rate).
    slo_target : float
        The objective, a fraction in (0, 1).
    window_days : float, default 30
        SLO window in (0, 3650] days; windows and burn rates that are
        budget shares scale.
    strict : bool, default True
        As in :func:`workbook_policy`.

    Returns
    -------
    list of AlertRule

    Notes
    -----
    The Workbook writes approaches 1-3 with ``>=``; replay uses ``>``
    everywhere (like its approaches 4-6), which only matters for a ratio
    exactly on the threshold. Closed-form numbers (99.9 %, 30 days):
    approach 1 detects a full outage in 0.6 s but may fire 144 times a day
    on 0.1 % errors; approach 2 detects in 2 min 10 s but resets after
    36 h; approach 3 needs 1 h whatever the outage (140 % of the budget for
    a full one); approach 4 never fires at 35x, which empties the budget in
    20.5 h, and resets after 58 min; approach 5 sends three notifications
    for one fast incident; approach 6 resets within its short window.

    Examples
    --------
    >>> [(r.name, r.burn_rate, r.long_window_minutes) for r in workbook_approach(4, 0.999)]
    [('burn_rate_1h', 36.0, 60)]
    >>> workbook_approach(3, 0.999)[0].for_minutes
    60
    """
    number = check_int("number", number, low=1, high=6)
    slo_target = _target(slo_target)
    window_days = _window_days(window_days)
    if number == 6:
        return workbook_policy(slo_target, window_days=window_days, strict=strict)
    if number == 1:
        rules = [AlertRule("error_ratio_10m", 1.0, 10, 10, "page")]
    elif number == 2:
        minutes = min(max(int(round(0.05 * window_days * _MINUTES_PER_DAY)), 1),
                      MAX_RULE_MINUTES)
        rules = [AlertRule(f"error_ratio_{_duration_label(minutes)}", 1.0, minutes, minutes,
                           "page")]
    elif number == 3:
        rules = [AlertRule("error_ratio_1m_for_1h", 1.0, 1, 1, "page", for_minutes=60)]
    elif number == 4:
        rules = [AlertRule("burn_rate_1h", _scaled_burn(5, window_days, 60), 60, 60, "page")]
    else:
        rules = [AlertRule(f"burn_rate_{_duration_label(long)}",
                           _scaled_burn(percent, window_days, long), long, long, severity)
                 for percent, long, _short, severity in _TABLE_5_8]
    return _strict_check(rules, slo_target, strict)


# --------------------------------------------------------------------------
# replay
# --------------------------------------------------------------------------

def _window_ratio(cum_requests, cum_errors, window):
    requests = trailing_sums(cum_requests, window)
    errors = trailing_sums(cum_errors, window)
    with np.errstate(invalid="ignore"):  # 0 / 0 -> NaN: an empty window has no ratio
        return errors / requests  # errors <= requests, so x / 0 with x > 0 cannot happen


def _cumulative(traffic, name="traffic"):
    """Cumulative requests and errors of a checked 1-minute frame (exact while they fit)."""
    requests, errors = check_traffic(traffic, name=name, index="minute")
    sums = []
    for column, values in (("requests", requests), ("errors", errors)):
        raw = traffic[column].to_numpy()
        sums.append(cumulative_sums(raw if np.issubdtype(raw.dtype, np.integer) else values))
    return sums[0], sums[1], len(requests)


def trailing_error_ratio(traffic, *, window_minutes):
    """Return the error ratio over the trailing window ending at each minute.

    Parameters
    ----------
    traffic : pandas.DataFrame
        ``requests`` and ``errors`` per minute on a sorted, duplicate-free,
        regular 1-minute DatetimeIndex (rows out of order are refused).
    window_minutes : int
        Window length in minutes, 1 .. 527,040 (one year).

    Returns
    -------
    pandas.Series
        ``sum(errors) / sum(requests)`` over rows ``t-W+1 .. t`` (fewer at
        the start); NaN where the window holds no requests. Divide by
        ``1 - slo_target`` for a burn-rate series.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=3, freq="1min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [100, 100, 0], "errors": [0, 10, 0]}, index=idx)
    >>> trailing_error_ratio(t, window_minutes=2).round(3).tolist()
    [0.0, 0.05, 0.1]
    """
    window_minutes = check_int("window_minutes", window_minutes, low=1, high=MAX_RULE_MINUTES)
    cum_r, cum_e, n = _cumulative(traffic)
    return pd.Series(_window_ratio(cum_r, cum_e, window_minutes), index=traffic.index,
                     name=f"error_ratio_{_duration_label(window_minutes)}")


def evaluate_alerts(traffic, rules, *, slo_target):
    """Replay alert rules over a traffic series: which rules fire at each minute.

    Parameters
    ----------
    traffic : pandas.DataFrame
        ``requests`` and ``errors`` counts per minute (``errors <= requests``)
        on a regular 1-minute DatetimeIndex, e.g.
        ``sl.load_requests(service="checkout")``.
    rules : AlertRule or list of AlertRule
        Distinct names (they become the columns).
    slo_target : float
        The objective, a fraction in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Booleans, one column per rule name (in the order given), same index
        as ``traffic``: ``True`` where the rule fires.

    Raises
    ------
    TypeError, ValueError
        On a bad frame (missing columns, not a sorted, duplicate-free,
        regular 1-minute DatetimeIndex, negative or non-finite counts,
        errors > requests) or bad rules.

    Notes
    -----
    Exactly the module's replay semantics: active at *t* when the error
    ratio over rows ``t-W+1 .. t`` (fewer at the start, none with zero
    requests) is strictly greater than ``burn_rate x (1 - slo_target)`` for
    both windows; firing at *t* when active at every minute of
    ``[t - for_minutes, t]``. Window sums come from cumulative sums (exact
    int64 while the totals fit, float64 beyond 2**62 instead of wrapping
    round to negative sums), so one year of minutes with four rules replays in a few tens of milliseconds;
    rules that cannot fire at this target (:func:`unreachable_rules`)
    simply never fire.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=6, freq="1min", tz="UTC")
    >>> t = pd.DataFrame({"requests": [100] * 6, "errors": [0, 0, 50, 50, 0, 0]}, index=idx)
    >>> rule = AlertRule("fast", 100, 3, 1, "page")   # ratio > 10 % on 3 min and 1 min
    >>> evaluate_alerts(t, [rule], slo_target=0.999)["fast"].tolist()
    [False, False, True, True, False, False]
    """
    slo_target = _target(slo_target)
    rules = _check_rules(rules)
    cum_r, cum_e, n = _cumulative(traffic)
    budget = budget_fraction(slo_target)
    ratios: dict[int, np.ndarray] = {}

    def ratio(window):
        if window not in ratios:
            ratios[window] = _window_ratio(cum_r, cum_e, window)
        return ratios[window]

    position = np.arange(n)
    columns = {}
    for rule in rules:
        threshold = rule.burn_rate * budget
        with np.errstate(invalid="ignore"):
            active = (ratio(rule.long_window_minutes) > threshold) & (
                ratio(rule.short_window_minutes) > threshold)
        if rule.for_minutes:
            last_inactive = np.maximum.accumulate(np.where(active, -1, position))
            active = (position - last_inactive) > rule.for_minutes
        columns[rule.name] = active
    return pd.DataFrame(columns, index=traffic.index)


# --------------------------------------------------------------------------
# judging a policy
# --------------------------------------------------------------------------

def _rule_parameters(rule, burn_rate, window_minutes, which):
    """``(burn, window, for_minutes)`` from a rule or from explicit numbers."""
    if rule is not None:
        if burn_rate is not None or window_minutes is not None:
            raise ValueError("Give either rule or burn_rate and window_minutes, not both; "
                             "got both.")
        if not isinstance(rule, AlertRule):
            raise TypeError(message("rule", "an AlertRule", rule))
        window = rule.long_window_minutes if which == "long" else rule.short_window_minutes
        return rule.burn_rate, float(window), rule.for_minutes
    if burn_rate is None or window_minutes is None:
        raise ValueError("Give either rule or both burn_rate and window_minutes; got neither.")
    burn = check_real("burn_rate", burn_rate, low=0, low_open=True, scalar=True)
    window = check_real("window_minutes", window_minutes, low=0, low_open=True,
                        high=MAX_RULE_MINUTES, scalar=True)
    return burn, window, 0


def detection_time(error_ratio, rule=None, *, slo_target, burn_rate=None, window_minutes=None):
    """Return how long a constant error ratio takes to make a rule fire (closed form).

    After a clean history, the trailing window's ratio grows linearly from 0
    to ``error_ratio``; the rule fires when it crosses the threshold.

    Parameters
    ----------
    error_ratio : float or array-like
        The constant error ratio from the start of the problem, in [0, 1].
    rule : AlertRule, optional
        Uses its long window (the short one crosses first), burn rate and
        ``for_minutes``. Otherwise give ``burn_rate`` and ``window_minutes``.
    slo_target : float
        The objective, a fraction in (0, 1).
    burn_rate : float, optional
        Burn-rate threshold of a single-window rule.
    window_minutes : float, optional
        Its window, in minutes.

    Returns
    -------
    datetime.timedelta or numpy.ndarray
        ``window x burn_rate x (1 - slo_target) / error_ratio + for_minutes``.
        An error ratio at or below the threshold never fires: the result is
        ``sl.NEVER`` (``pandas.NaT``), as a scalar and inside an array.

    Notes
    -----
    SRE Workbook ch. 5: a full outage against 14.4x over 1 h at 99.9 % is
    detected in 0.864 min = 51.8 s; 2.5 % errors in 34.6 min. Replay works
    in whole minutes, so it reports the next minute boundary.

    Examples
    --------
    >>> detection_time(1.0, slo_target=0.999, burn_rate=14.4, window_minutes=60).total_seconds()
    51.84
    >>> round(detection_time(0.025, AlertRule("p", 14.4, 60, 5, "page"),
    ...                      slo_target=0.999).total_seconds() / 60, 2)
    34.56
    """
    burn, window, extra = _rule_parameters(rule, burn_rate, window_minutes, "long")
    slo_target = _target(slo_target)
    error_ratio = check_fraction("error_ratio", error_ratio, closed=True)
    threshold = burn * budget_fraction(slo_target)
    with np.errstate(divide="ignore", invalid="ignore"):
        minutes = np.where(np.asarray(error_ratio) > threshold,
                           window * threshold / np.where(error_ratio > 0, error_ratio, 1.0)
                           + extra, np.inf)
    return to_timedelta(minutes * 60.0)


def reset_time(error_ratio, rule=None, *, slo_target, burn_rate=None, window_minutes=None):
    """Return how long a rule keeps firing after the errors stop (closed form).

    When the errors stop, the trailing window still holds them; the ratio
    falls linearly and the rule resets when it drops to the threshold.

    Parameters
    ----------
    error_ratio : float or array-like
        The error ratio during the problem, in [0, 1]; the problem is
        assumed to have lasted at least the rule's long window.
    rule : AlertRule, optional
        Uses its *short* window: the AND of both windows ends as soon as the
        short one cools down. Otherwise give ``burn_rate`` and ``window_minutes``.
    slo_target : float
        The objective, a fraction in (0, 1).
    burn_rate, window_minutes : float, optional
        A single-window rule.

    Returns
    -------
    datetime.timedelta or numpy.ndarray
        ``window x (1 - burn_rate x (1 - slo_target) / error_ratio)``; zero
        when the ratio never exceeded the threshold.

    Notes
    -----
    SRE Workbook ch. 5: the burn-rate-only alert (36x over 1 h, 99.9 %)
    resets 57.8 min after a full outage ("58 minutes ... still too long");
    Table 5-8's page resets within its 5-minute short window.

    Examples
    --------
    >>> round(reset_time(1.0, slo_target=0.999, burn_rate=36, window_minutes=60)
    ...       .total_seconds() / 60, 2)
    57.84
    """
    burn, window, _extra = _rule_parameters(rule, burn_rate, window_minutes, "short")
    slo_target = _target(slo_target)
    error_ratio = check_fraction("error_ratio", error_ratio, closed=True)
    threshold = burn * budget_fraction(slo_target)
    with np.errstate(divide="ignore", invalid="ignore"):
        minutes = np.where(np.asarray(error_ratio) > threshold,
                           window * (1.0 - threshold / np.where(error_ratio > 0, error_ratio,
                                                                1.0)), 0.0)
    return to_timedelta(minutes * 60.0)


def _ns(index: pd.DatetimeIndex) -> np.ndarray:
    """UTC (or naive) datetime64[ns] values, whatever the index's unit and zone."""
    return index.to_numpy(dtype="datetime64[ns]")


@dataclass(frozen=True, eq=False)
class AlertQuality:
    """How well alerts match ground-truth incidents (SRE Workbook ch. 5).

    An *alert* is one episode of one rule: the rule starts firing, keeps
    firing (quiet gaps of at most ``merge_gap_minutes`` do not end it) and
    stops. An alert *counts for* an incident when it is raised while the
    incident is on (see :func:`alert_quality`).

    Attributes
    ----------
    precision : float
        Alerts that count for an incident / all alerts (NaN if no alert).
    recall : float
        Incidents with at least one alert counting for them / all incidents
        (NaN if no incident).
    detection_time : pandas.Timedelta
        Median over detected incidents of (first alert raised - started).
    reset_time : pandas.Timedelta
        Median over detected incidents of (last of their alerts ended -
        mitigated), zero when those alerts ended before mitigation.
    n_alerts, n_true_alerts, n_incidents, n_detected : int
        Alerts, alerts that count for an incident, incidents, detected incidents.
    alerts : pandas.DataFrame
        One row per alert, in order raised: ``rule`` (the firing column),
        ``raised``, ``ended``, ``matched`` (counts for an incident), ``ongoing``
        (still firing at the end of the data).
    incidents : pandas.DataFrame
        The incidents given, plus ``detected``, ``detection_time``, ``reset_time``.
    """

    precision: float
    recall: float
    detection_time: pd.Timedelta
    reset_time: pd.Timedelta
    n_alerts: int
    n_true_alerts: int
    n_incidents: int
    n_detected: int
    alerts: pd.DataFrame
    incidents: pd.DataFrame


def incident_candidates(incidents, service):
    """The incidents that can fail ``service``'s requests: its own and those of
    the services it calls (``sl.DEPENDENCIES``), of kind ``errors``.

    Without a ``service`` column every incident counts as the service's own;
    without a ``kind`` column every incident counts as failing requests.

    >>> import sre_lab as sl
    >>> sorted(set(incident_candidates(sl.load_incidents(), "checkout")["service"]))
    ['checkout', 'payment', 'search']
    """
    from .simulation import DEPENDENCIES

    if not isinstance(incidents, pd.DataFrame):
        raise TypeError(message("incidents", "a DataFrame of incidents",
                                type(incidents).__name__))
    if not isinstance(service, str):
        raise TypeError(message("service", "a service name (str)", service))
    rows = incidents
    if "service" in rows.columns:
        rows = rows[rows["service"].isin([service, *DEPENDENCIES.get(service, {})])]
    if "kind" in rows.columns:
        rows = rows[rows["kind"] == "errors"]
    return rows


def significant_incidents(traffic, incidents, *, service, slo_target,
                          window_days=DEFAULT_WINDOW_DAYS, min_budget_share=0.01):
    """Return the incidents an alert on ``service`` should catch.

    The SRE Workbook grades alerts against *significant events*: "an event
    that consumes a large fraction of the error budget" (ch. 5). Here an
    incident is significant for ``service`` when it is an error incident of the
    service itself or of a service it calls (``sl.DEPENDENCIES``: a payment
    outage fails checkout's requests too), and the extra failed requests of
    ``service`` between its ``started`` and ``mitigated`` spent at least
    ``min_budget_share`` of the service's budget over ``window_days``.

    Parameters
    ----------
    traffic : pandas.DataFrame
        The service's ``requests`` and ``errors`` per minute, one service
        (e.g. ``sl.load_requests(service="checkout")``), on a sorted,
        duplicate-free DatetimeIndex (rows out of order are refused).
    incidents : pandas.DataFrame
        Ground-truth incidents with ``started`` and ``mitigated``, and
        optionally ``service`` (absent: all are the service's own) and
        ``kind`` (absent: all fail requests); e.g. ``sl.load_incidents()``.
    service : str
        Whose alerts are graded (a MicroCorp service or your own; only
        ``sl.DEPENDENCIES`` callers also collect their dependencies' incidents).
    slo_target : float
        In (0, 1).
    window_days : float, default 30
        The budget's window, in (0, 3650] days.
    min_budget_share : float, default 0.01
        The course's cut-off (1 % of the budget): half the Workbook's fastest
        page (2 % in an hour), so every incident a page should catch counts.

    Returns
    -------
    pandas.DataFrame
        The significant rows of ``incidents`` with a ``budget_share`` column
        (extra failed requests / budget, from
        :func:`sre_lab.incident_budget_shares` with ``excess_only=True``).

    Examples
    --------
    >>> import sre_lab as sl
    >>> checkout = sl.load_requests(service="checkout")
    >>> truth = significant_incidents(checkout, sl.load_incidents(), service="checkout",
    ...                               slo_target=0.999, window_days=28)
    >>> "INC-004" in set(truth["id"])  # the payment outage failed checkout requests
    True
    """
    from .policy import incident_budget_shares

    if not isinstance(service, str):
        raise TypeError(message("service", "a service name (str)", service))
    slo_target = _target(slo_target)
    window_days = _window_days(window_days)
    min_budget_share = check_real("min_budget_share", min_budget_share, low=0, scalar=True)
    check_traffic(traffic, index="sorted")
    check_incidents(incidents, like=traffic.index)
    rows = incident_candidates(incidents, service)
    shares = incident_budget_shares(traffic, rows.drop(columns="service", errors="ignore"),
                                    slo_target=slo_target,
                                    window_days=window_days, excess_only=True)
    rows = rows.assign(budget_share=shares["budget_share"].to_numpy())
    return rows[rows["budget_share"] >= min_budget_share].reset_index(drop=True)


def _alert_episodes(flags, index, merge_gap):
    """``(first, after)`` rows of each alert of one rule: runs of True, with runs
    separated by at most ``merge_gap`` of quiet time joined into one alert."""
    first, after = true_runs(flags)
    if len(first) > 1:
        quiet = index[first[1:]] - index[after[:-1]]  # from the first quiet minute to the next firing
        new = np.concatenate(([True], np.asarray(quiet > merge_gap)))
        starts = np.flatnonzero(new)
        first, after = first[starts], np.append(after[starts[1:] - 1], after[-1])
    return first, after


def alert_quality(firing, incidents, *, grace_minutes=0, merge_gap_minutes=5):
    """Score alerts against ground-truth incidents: precision, recall, detection, reset.

    The SRE Workbook judges an alerting strategy by precision (the share of
    alerts that match a significant event), recall (the share of significant
    events that raise an alert), detection time and reset time (ch. 5).

    Parameters
    ----------
    firing : pandas.Series or pandas.DataFrame
        Booleans on a regular DatetimeIndex, e.g. :func:`evaluate_alerts`'s
        result. Each column is one alerting rule and raises its own alerts,
        as each Prometheus alerting rule does (the Workbook's approach 5 sends
        "three notifications" for one incident). To score several rules as one
        alert, OR them first: ``firing.any(axis=1)``.
    incidents : pandas.DataFrame
        One row per incident with ``started`` and ``mitigated`` timestamps
        (impact lasts from ``started`` to ``mitigated``), e.g. the output of
        :func:`significant_incidents`.
    grace_minutes : int, default 0
        (0 to ``MAX_RULE_MINUTES``, one year)
        Slack around each incident: an alert raised up to this long before
        ``started`` or after ``mitigated`` still counts for it (slow,
        long-window rules fire late; incident logs record times by hand).
    merge_gap_minutes : int, default 5
        Firing runs of one rule separated by at most this many quiet minutes
        are one alert: a flapping rule does not page anew every time its
        window dips under the threshold. 5 minutes is Alertmanager's default
        ``group_interval`` (the least time between two notifications about one
        alert group); Prometheus' ``keep_firing_for`` holds an alert through
        such gaps at the source. 0 counts every flap as an alert.

    Returns
    -------
    AlertQuality

    Notes
    -----
    An alert's state at row *t* uses the data of minute *t*, complete at
    ``t + step``: an alert firing on rows ``a .. b`` is *raised* at
    ``index[a] + step`` and *ends* at ``index[b + 1] + step`` (the end of the
    first minute that no longer fires). So a 14.4x/1 h rule detects a full
    outage in 1 minute (51.8 s in the closed form) and the Workbook's page
    resets 5 minutes after the errors stop (4.9 min in the closed form).

    An alert *counts for* an incident when its first firing minute
    ``index[a]`` lies in ``[started - grace, mitigated + grace)``: it was raised
    because of that incident. An alert that was already firing when the
    incident began (e.g. a 3-day ticket still open from an earlier incident)
    does not detect it; an alert raised during two overlapping incidents
    counts for both. Precision, recall and the times follow (see
    :class:`AlertQuality`); detection time is clipped at 0 when the grace
    lets an alert raised just before the start count.

    Sources: Google SRE Workbook ch. 5 "Alerting on SLOs"; Alertmanager
    configuration (``group_interval``, default 5m) and Prometheus alerting
    rules (``keep_firing_for``), prometheus.io docs. Taught in
    ``notebooks/02_slos/2c_alerting_approaches``.

    Examples
    --------
    Two firing runs 3 quiet minutes apart are one alert; the second alert
    (rows 14-15) comes after the incident and counts for nothing:

    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=20, freq="1min", tz="UTC")
    >>> firing = pd.Series(False, index=idx)
    >>> firing.iloc[[2, 3, 7, 14, 15]] = True
    >>> inc = pd.DataFrame({"started": [idx[1]], "mitigated": [idx[5]]})
    >>> q = alert_quality(firing, inc)
    >>> q.n_alerts, q.precision, q.recall
    (2, 0.5, 1.0)
    >>> str(q.detection_time), str(q.reset_time)  # raised 03:00 - 01:00; ended 09:00 - 05:00
    ('0 days 00:02:00', '0 days 00:04:00')
    >>> alert_quality(firing, inc, merge_gap_minutes=0).n_alerts  # every run counted
    3
    """
    grace_minutes = check_int("grace_minutes", grace_minutes, low=0, high=MAX_RULE_MINUTES)
    merge_gap_minutes = check_int("merge_gap_minutes", merge_gap_minutes, low=0,
                                  high=MAX_RULE_MINUTES)
    if isinstance(firing, pd.Series):
        frame = firing.to_frame("alert" if firing.name is None else firing.name)
    elif isinstance(firing, pd.DataFrame):
        frame = firing
    else:
        raise TypeError(message("firing", "a boolean pandas Series or DataFrame",
                                type(firing).__name__))
    for column in frame.columns:
        if frame[column].dtype != bool:
            raise TypeError(message("firing", "booleans (True where a rule fires)",
                                    str(frame[column].dtype)))
    index = frame.index
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 2:
        raise TypeError("firing must be indexed by a regular DatetimeIndex with at least two "
                        f"rows; got a {type(index).__name__} of length {len(index)}.")
    step = index[1] - index[0]
    started, mitigated = check_incidents(incidents, like=index)
    grace = pd.Timedelta(minutes=grace_minutes)
    merge_gap = pd.Timedelta(minutes=merge_gap_minutes)

    ends_index = index.append(pd.DatetimeIndex([index[-1] + step]))
    rules, first_minute, raised, ended, ongoing = [], [], [], [], []
    for position, column in enumerate(frame.columns):
        first, after = _alert_episodes(frame.iloc[:, position].to_numpy(), index, merge_gap)
        rules += [column] * len(first)
        first_minute.append(_ns(index[first]))
        raised.append(index[first] + step)
        ended.append(ends_index[after] + step)
        ongoing.append(after == len(index))
    alerts = pd.DataFrame({
        "rule": pd.Series(rules, dtype=object),
        "raised": index[:0].append(raised) if raised else index[:0],
        "ended": index[:0].append(ended) if ended else index[:0],
        "ongoing": np.concatenate(ongoing) if ongoing else np.zeros(0, dtype=bool),
    })
    t0 = np.concatenate(first_minute) if first_minute else np.zeros(0, dtype="datetime64[ns]")
    order = np.argsort(t0, kind="stable")
    alerts, t0 = alerts.iloc[order].reset_index(drop=True), t0[order]

    # counts[i, j]: alert i was raised while incident j was on (with the grace around it)
    counts = ((t0[:, None] >= _ns(started - grace)[None, :])
              & (t0[:, None] < _ns(mitigated + grace)[None, :]))
    matched = counts.any(axis=1)
    detected = counts.any(axis=0)
    detection, reset = [], []
    for j in range(len(started)):
        hits = np.flatnonzero(counts[:, j])
        if hits.size:
            detection.append(max(alerts["raised"].iloc[hits].min() - started[j], pd.Timedelta(0)))
            reset.append(max(alerts["ended"].iloc[hits].max() - mitigated[j], pd.Timedelta(0)))
        else:
            detection.append(pd.NaT)
            reset.append(pd.NaT)
    alerts.insert(3, "matched", matched)
    per_incident = incidents.copy()
    per_incident["detected"] = detected
    per_incident["detection_time"] = pd.to_timedelta(detection)
    per_incident["reset_time"] = pd.to_timedelta(reset)
    n_alerts, n_incidents = len(alerts), len(per_incident)
    return AlertQuality(
        precision=float(matched.sum()) / n_alerts if n_alerts else float("nan"),
        recall=float(detected.sum()) / n_incidents if n_incidents else float("nan"),
        detection_time=per_incident["detection_time"].median(),
        reset_time=per_incident["reset_time"].median(),
        n_alerts=n_alerts, n_true_alerts=int(matched.sum()),
        n_incidents=n_incidents, n_detected=int(detected.sum()),
        alerts=alerts, incidents=per_incident)


@dataclass(frozen=True)
class LowTrafficImpact:
    """What failures mean for a service with little traffic.

    Attributes
    ----------
    allowed_failures : float
        Failures the SLO allows over the whole window.
    error_ratio : float
        Error ratio of the alert window holding the failures.
    burn_rate : float
        That error ratio / (1 - slo_target).
    budget_consumed : float
        Share of the window's budget the failures spend.
    """

    allowed_failures: float
    error_ratio: float
    burn_rate: float
    budget_consumed: float


def low_traffic_impact(requests_per_hour, *, slo_target, window_days=DEFAULT_WINDOW_DAYS,
                       failures=1, alert_window_hours=1):
    """Return what a few failures mean when traffic is low.

    Parameters
    ----------
    requests_per_hour : float
        Steady traffic, ``> 0`` (a single number, as are all the options).
    slo_target : float
        The objective, a fraction in (0, 1).
    window_days : float, default 30
        SLO window in (0, 3650] days.
    failures : int, default 1
        Failed requests inside one alert window, ``>= 0`` and at most the
        window's requests.
    alert_window_hours : float, default 1
        The alert window holding them.

    Returns
    -------
    LowTrafficImpact

    Notes
    -----
    SRE Workbook ch. 5: at 10 requests/hour a single failure is a 10 %
    hourly error ratio; at 99.9 % only 7.2 failures are allowed in 30 days,
    so it spends 1/7.2 = 13.9 % of the budget and pages at once. The
    Workbook calls that a "1,000x burn rate"; 10 % / 0.1 % is **100x**
    (the 13.9 % is right). Remedies: synthetic traffic, grouping services,
    client retries, a lower target or a longer window.

    Examples
    --------
    >>> i = low_traffic_impact(10, slo_target=0.999)
    >>> round(i.allowed_failures, 3), round(i.burn_rate, 6), round(i.budget_consumed, 4)
    (7.2, 100.0, 0.1389)
    """
    rate = check_real("requests_per_hour", requests_per_hour, low=0, low_open=True, scalar=True)
    slo_target = _target(slo_target)
    window_days = _window_days(window_days)
    hours = check_real("alert_window_hours", alert_window_hours, low=0, low_open=True,
                       high=24 * _MAX_WINDOW_DAYS, scalar=True)
    failures = check_int("failures", failures, low=0)
    in_window = rate * hours
    if failures > in_window:
        raise ValueError(message("failures", f"<= the alert window's requests ({in_window:g})",
                                 failures))
    budget = budget_fraction(slo_target)
    allowed = budget * rate * 24.0 * window_days
    ratio = failures / in_window
    return LowTrafficImpact(allowed_failures=allowed, error_ratio=ratio,
                            burn_rate=ratio / budget, budget_consumed=failures / allowed)
