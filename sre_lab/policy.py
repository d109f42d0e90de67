"""Error budget policies as data, and the release decisions they imply.

An error budget only changes behaviour if the organisation agrees in advance
what happens when it runs low. This module writes such agreements down as
frozen dataclasses (the SRE Workbook's example policy, slo-generator's default
steps), and applies them: one release decision, one incident's share of the
budget, a whole quarter of MicroCorp releases replayed day by day.

Public names
------------
===================================  ==================================================
``CHANGE_KINDS``, ``DECISIONS``      ``feature``/``p0_fix``/``security``; ``go``/...
``PolicyStep``                       one slo-generator step (window, burn threshold, message)
``ErrorBudgetPolicy``                a policy as data: freeze, slow down, postmortem rules
``workbook_error_budget_policy``     SRE Workbook Appendix B (+ our "slow down" rule)
``slo_generator_error_budget_policy``  slo-generator's default steps (1 h 9x ... 28 d 1x)
``release_decision``                 go / slow down / freeze for one change, with a reason
``ReleaseDecision``                  its frozen result
``incident_budget_share``            bad events of one incident / the window's budget
``postmortem_required``              the Workbook's 20 % single-incident rule
``PostmortemCheck``                  its frozen result
``incident_budget_shares``           both, for every incident of a traffic frame
``policy_step_report``               slo-generator-style report: burn per step, alert, message
``simulate_release_quarter``         13 weeks of release decisions on daily counts
``ReleaseQuarter``                   its frozen result (day table + summary counts)
``release_gate``                     push or hold now? traffic + target + moment -> verdict
``ReleaseGate``                      its frozen result (budget, burn rates, decision, burn-down)
===================================  ==================================================

Defaults and shared values (as in every core module, see :mod:`sre_lab.slo`):
``window_days`` defaults to 30 (``ErrorBudgetPolicy`` too; the Workbook's
example policy sets its own four weeks, 28 days); traffic out of order or
with repeated minutes is refused with the one shared message; an incident
cannot have more bad events than its window has valid ones.

Sources: SRE Workbook, Appendix B "Example Error Budget Policy"
(https://sre.google/workbook/error-budget-policy/); ``google/slo-generator``
``samples/config.yaml`` (default ``error_budget_policies``). Taught in
``notebooks/02_slos/2e_error_budget_policy.ipynb`` (budget policy), ``01b_push_or_hold``
and ``02_slos/3b_release_gates_and_forecasts`` (the release gate), and the capstone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_choice, check_fraction, check_int, check_real, message
from ._windows import (
    DEFAULT_WINDOW_DAYS,
    check_counts as _counts,
    check_incidents,
    check_order,
    check_traffic,
    described as _got,
    traffic_step,
)
from .slo import budget_over_time, error_budget, sli_events, slo_status

__all__ = [
    "CHANGE_KINDS",
    "DECISIONS",
    "PolicyStep",
    "ErrorBudgetPolicy",
    "workbook_error_budget_policy",
    "slo_generator_error_budget_policy",
    "ReleaseDecision",
    "release_decision",
    "incident_budget_share",
    "PostmortemCheck",
    "postmortem_required",
    "incident_budget_shares",
    "policy_step_report",
    "ReleaseQuarter",
    "simulate_release_quarter",
    "ReleaseGate",
    "release_gate",
]

#: Kinds of change a release decision is asked about.
CHANGE_KINDS = ("feature", "p0_fix", "security")
#: Possible decisions, from least to most restrictive.
DECISIONS = ("go", "slow down", "freeze")

_KIND_PLURALS = {"feature": "features", "p0_fix": "P0 fixes", "security": "security fixes"}

_WORKBOOK_SOURCE = ("SRE Workbook, Appendix B 'Example Error Budget Policy' "
                    "(https://sre.google/workbook/error-budget-policy/)")
_SLO_GENERATOR_SOURCE = "google/slo-generator samples/config.yaml (error_budget_policies.default)"
_OUR_SLOW_DOWN = (
    "sre_lab's own rule (not the Workbook's): slow down when less than 25 % of the budget "
    "remains or the last 7 days burned faster than 1.5x (the threshold of slo-generator's "
    "7-day step)")


# ---------------------------------------------------------------------------
# Policies as data
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PolicyStep:
    """One step of an slo-generator error budget policy.

    Each step checks one trailing window: when the burn rate over it is
    *above* ``burn_rate_threshold`` the step is in alert and its
    ``message_alert`` applies (a page when ``alert`` is true, a consequence
    for the team otherwise).

    Attributes
    ----------
    name : str
        E.g. ``"1 hour"``.
    window_hours : float
        Trailing window, in hours (> 0).
    burn_rate_threshold : float
        Burn rate above which the step is in alert (> 0).
    alert : bool
        Whether the step pages someone.
    message_alert, message_ok : str
        What the step says when in alert / when fine.
    """

    name: str
    window_hours: float
    burn_rate_threshold: float
    alert: bool
    message_alert: str
    message_ok: str = ""

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(message("name", "a non-empty string", self.name))
        object.__setattr__(self, "window_hours", check_real(
            "window_hours", self.window_hours, low=0, low_open=True))
        object.__setattr__(self, "burn_rate_threshold", check_real(
            "burn_rate_threshold", self.burn_rate_threshold, low=0, low_open=True))
        if not isinstance(self.alert, (bool, np.bool_)):
            raise TypeError(message("alert", "True or False", self.alert))
        for attribute in ("message_alert", "message_ok"):
            if not isinstance(getattr(self, attribute), str):
                raise TypeError(message(attribute, "a string", getattr(self, attribute)))


def _optional(name: str, value: Any, **bounds) -> float | None:
    return None if value is None else check_real(name, value, **bounds)


@dataclass(frozen=True)
class ErrorBudgetPolicy:
    """An error budget policy as data.

    Attributes
    ----------
    name : str
        Shown in every decision's reason.
    window_days : int, default 30
        The budget window in whole days, 1 .. 366 (the Workbook's example
        policy, :func:`workbook_error_budget_policy`, sets 28: "the preceding
        four-week window").
    exempt_change_kinds : tuple of str, default ("p0_fix", "security")
        Kinds of change that always go ahead.
    freeze_below_remaining : float or None, default 0.0
        Freeze other changes while the remaining budget fraction is *below*
        this (0: the budget is exceeded, i.e. the SLO is missed over the
        window; exactly 0 left is "at the SLO" and not frozen).
    freeze_text : str
        What a freeze means, quoted in reasons.
    slow_down_below_remaining : float or None, default None
        "Slow down" while the remaining fraction is below this.
    slow_down_burn_rate : float or None, default None
        "Slow down" while the burn rate over ``slow_down_window_days`` is
        above this.
    slow_down_window_days : float, default 7
        Window of that burn rate.
    slow_down_text : str
        What slowing down means, quoted in reasons.
    postmortem_budget_share : float or None, default 0.2
        A single incident spending *more* than this share of the window's
        budget needs a postmortem with at least one P0 action item.
    steps : tuple of PolicyStep, default ()
        slo-generator-style steps (see :func:`policy_step_report`).
    source : str
        Where the rules come from (full citation).
    freeze_source, slow_down_source, postmortem_source : str
        Short attribution of each rule, quoted in reasons (default: ``name``).

    Raises
    ------
    TypeError, ValueError
        On an invalid field.
    """

    name: str
    window_days: int = DEFAULT_WINDOW_DAYS
    exempt_change_kinds: tuple = ("p0_fix", "security")
    freeze_below_remaining: float | None = 0.0
    freeze_text: str = ("halt all changes and releases other than P0 issues or security fixes "
                        "until the service is back within its SLO")
    slow_down_below_remaining: float | None = None
    slow_down_burn_rate: float | None = None
    slow_down_window_days: float = 7
    slow_down_text: str = ("ship small, canaried changes one at a time and put reliability "
                           "work first")
    postmortem_budget_share: float | None = 0.2
    steps: tuple = field(default=())
    source: str = ""
    freeze_source: str = ""
    slow_down_source: str = ""
    postmortem_source: str = ""

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(message("name", "a non-empty string", self.name))
        set_ = object.__setattr__
        set_(self, "window_days", check_int("window_days", self.window_days, low=1, high=366))
        kinds = self.exempt_change_kinds
        if isinstance(kinds, str) or not isinstance(kinds, (tuple, list)):
            raise TypeError(message("exempt_change_kinds", "a tuple of change kinds", kinds))
        set_(self, "exempt_change_kinds",
             tuple(check_choice("exempt_change_kinds", k, CHANGE_KINDS) for k in kinds))
        set_(self, "freeze_below_remaining", _optional(
            "freeze_below_remaining", self.freeze_below_remaining, high=1))
        set_(self, "slow_down_below_remaining", _optional(
            "slow_down_below_remaining", self.slow_down_below_remaining, high=1))
        set_(self, "slow_down_burn_rate", _optional(
            "slow_down_burn_rate", self.slow_down_burn_rate, low=0, low_open=True))
        set_(self, "slow_down_window_days", check_real(
            "slow_down_window_days", self.slow_down_window_days, low=0, low_open=True,
            high=self.window_days))
        set_(self, "postmortem_budget_share", _optional(
            "postmortem_budget_share", self.postmortem_budget_share, low=0, low_open=True))
        steps = self.steps
        if not isinstance(steps, (tuple, list)) or not all(isinstance(s, PolicyStep)
                                                           for s in steps):
            raise TypeError(message("steps", "a tuple of PolicyStep", steps))
        set_(self, "steps", tuple(steps))
        for attribute in ("freeze_text", "slow_down_text", "source", "freeze_source",
                          "slow_down_source", "postmortem_source"):
            if not isinstance(getattr(self, attribute), str):
                raise TypeError(message(attribute, "a string", getattr(self, attribute)))
        for attribute in ("freeze_source", "slow_down_source", "postmortem_source"):
            if not getattr(self, attribute):
                set_(self, attribute, self.name)


def workbook_error_budget_policy(*, slow_down=True) -> ErrorBudgetPolicy:
    """The SRE Workbook's example error budget policy (Appendix B), as data.

    * **Freeze**: "If the service has exceeded its error budget for the
      preceding four-week window, we will halt all changes and releases
      other than P0 issues or security fixes until the service is back
      within its SLO."
    * **Postmortem**: a single incident that consumes more than 20 % of the
      four-week error budget needs a postmortem with at least one P0 action
      item.
    * **Slow down** (only with ``slow_down=True``): *our* addition, not the
      Workbook's, to give the course a middle ground: slow down when less
      than 25 % of the four-week budget remains, or when the last 7 days
      burned faster than 1.5x (the burn threshold of slo-generator's default
      7-day step). Slowing down means shipping small, canaried changes one
      at a time and putting reliability work first.

    Parameters
    ----------
    slow_down : bool, default True
        Include our slow-down rule; ``False`` gives the Workbook's rules only
        (decisions are then just "go" or "freeze").

    Returns
    -------
    ErrorBudgetPolicy

    Examples
    --------
    >>> p = workbook_error_budget_policy()
    >>> p.window_days, p.freeze_below_remaining, p.postmortem_budget_share
    (28, 0.0, 0.2)
    >>> workbook_error_budget_policy(slow_down=False).slow_down_burn_rate is None
    True
    """
    if not isinstance(slow_down, (bool, np.bool_)):
        raise TypeError(message("slow_down", "True or False", slow_down))
    extra = dict(slow_down_below_remaining=0.25, slow_down_burn_rate=1.5,
                 slow_down_window_days=7) if slow_down else {}
    workbook = "the SRE Workbook's example policy (Appendix B)"
    return ErrorBudgetPolicy(
        name="SRE Workbook Appendix B" + (" + sre_lab slow-down rule" if slow_down else ""),
        window_days=28,
        exempt_change_kinds=("p0_fix", "security"),
        freeze_below_remaining=0.0,
        postmortem_budget_share=0.2,
        source=_WORKBOOK_SOURCE + ("; slow down: " + _OUR_SLOW_DOWN if slow_down else ""),
        freeze_source=workbook,
        postmortem_source=workbook,
        slow_down_source="sre_lab's slow-down rule (our choice, not the Workbook's)",
        **extra,
    )


def slo_generator_error_budget_policy() -> ErrorBudgetPolicy:
    """slo-generator's default error budget policy steps, as data.

    From ``google/slo-generator`` ``samples/config.yaml``:

    ========  ===========  =====  ====================================================
    window    burn above   page   message when in alert
    ========  ===========  =====  ====================================================
    1 hour    9            yes    Page to defend the SLO
    12 hours  3            yes    Page to defend the SLO
    7 days    1.5          no     Dev team dedicates 25% of engineers to the
                                  reliability backlog
    28 days   1            no     Freeze release, unless related to reliability or
                                  security
    ========  ===========  =====  ====================================================

    For release decisions the 28-day step is the freeze (burn > 1 over 28
    days is the same as a remaining budget below 0) and the 7-day step is
    read as "slow down" (our mapping). slo-generator rounds burn rates to
    0.1 before comparing; here they are not rounded. It has no postmortem
    rule, so ``postmortem_budget_share`` is ``None``.

    Returns
    -------
    ErrorBudgetPolicy

    Examples
    --------
    >>> [(s.window_hours, s.burn_rate_threshold) for s in slo_generator_error_budget_policy().steps]
    [(1.0, 9.0), (12.0, 3.0), (168.0, 1.5), (672.0, 1.0)]
    """
    page = "Page to defend the SLO"
    steps = (
        PolicyStep("1 hour", 1, 9, True, page),
        PolicyStep("12 hours", 12, 3, True, page),
        PolicyStep("7 days", 7 * 24, 1.5, False,
                   "Dev team dedicates 25% of engineers to the reliability backlog"),
        PolicyStep("28 days", 28 * 24, 1, False,
                   "Freeze release, unless related to reliability or security",
                   "Unfreeze release, per the agreed roll-out policy"),
    )
    return ErrorBudgetPolicy(
        name="slo-generator's default policy",
        window_days=28,
        exempt_change_kinds=("p0_fix", "security"),
        freeze_below_remaining=0.0,
        freeze_text="freeze release, unless related to reliability or security",
        slow_down_below_remaining=None,
        slow_down_burn_rate=1.5,
        slow_down_window_days=7,
        slow_down_text="have the dev team dedicate 25% of engineers to the reliability backlog",
        postmortem_budget_share=None,
        steps=steps,
        source=_SLO_GENERATOR_SOURCE,
        freeze_source="slo-generator's default 28-day step",
        slow_down_source="slo-generator's default 7-day step (read as 'slow down' by sre_lab)",
    )


def _check_policy(policy: Any) -> ErrorBudgetPolicy:
    if policy is None:
        return workbook_error_budget_policy()
    if not isinstance(policy, ErrorBudgetPolicy):
        raise TypeError(message("policy", "an ErrorBudgetPolicy (or None for the Workbook's)",
                                type(policy).__name__))
    return policy


# ---------------------------------------------------------------------------
# One release decision
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ReleaseDecision:
    """Result of :func:`release_decision`.

    Attributes
    ----------
    decision : {"go", "slow down", "freeze"}
        What to do with this change.
    reason : str
        A sentence citing the rule that decided.
    rule : {"exempt", "freeze", "slow_down_budget", "slow_down_burn", "go"}
        Which rule decided.
    state : {"go", "slow down", "freeze"}
        What the policy says for an ordinary feature right now (differs from
        ``decision`` only for exempt changes).
    change_kind : str
    remaining_budget : float
        Fraction of the window's budget left (negative when overspent).
    burn_rate : float or None
        Recent burn rate used for the slow-down rule.
    policy_name : str
    """

    decision: str
    reason: str
    rule: str
    state: str
    change_kind: str
    remaining_budget: float
    burn_rate: float | None
    policy_name: str


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def _decide(remaining: float, burn: float | None, kind: str,
            policy: ErrorBudgetPolicy) -> ReleaseDecision:
    """The decision logic, on already validated inputs."""
    window = f"{policy.window_days}-day"
    freeze = (policy.freeze_below_remaining is not None
              and remaining < policy.freeze_below_remaining)
    low_budget = (policy.slow_down_below_remaining is not None
                  and remaining < policy.slow_down_below_remaining)
    fast_burn = (policy.slow_down_burn_rate is not None and burn is not None
                 and burn > policy.slow_down_burn_rate)
    burn_text = "" if burn is None else (
        f" and the {policy.slow_down_window_days:g}-day burn rate is {burn:.2f}")
    if freeze:
        state, rule = "freeze", "freeze"
        threshold = ("exhausted" if policy.freeze_below_remaining == 0
                     else f"below {_pct(policy.freeze_below_remaining)}")
        reason = (f"Freeze: the error budget of the {policy.window_days}-day window is "
                  f"{threshold} ({_pct(remaining)} remaining); {policy.freeze_source} says "
                  f"to {policy.freeze_text}.")
    elif low_budget:
        state, rule = "slow down", "slow_down_budget"
        reason = (f"Slow down: only {_pct(remaining)} of the {window} error budget remains "
                  f"(below {_pct(policy.slow_down_below_remaining)}); "
                  f"{policy.slow_down_source} says to {policy.slow_down_text}.")
    elif fast_burn:
        state, rule = "slow down", "slow_down_burn"
        reason = (f"Slow down: the last {policy.slow_down_window_days:g} days burned the "
                  f"budget {burn:.2f}x as fast as the SLO allows (above "
                  f"{policy.slow_down_burn_rate:g}x), with {_pct(remaining)} of the {window} "
                  f"budget left; {policy.slow_down_source} says to {policy.slow_down_text}.")
    else:
        state, rule = "go", "go"
        reason = (f"Go: {_pct(remaining)} of the {window} error budget remains{burn_text}; "
                  "releases follow the normal release policy.")
    decision = state
    if kind in policy.exempt_change_kinds:
        decision, rule = "go", "exempt"
        exempt = " and ".join(_KIND_PLURALS[k] for k in policy.exempt_change_kinds)
        reason = (f"Go: {_KIND_PLURALS[kind]} are exempt; under {policy.freeze_source}, "
                  f"{exempt} always ship. A feature would get '{state}' "
                  f"({_pct(remaining)} of the {window} budget left).")
    return ReleaseDecision(decision=decision, reason=reason, rule=rule, state=state,
                           change_kind=kind, remaining_budget=remaining, burn_rate=burn,
                           policy_name=policy.name)


def release_decision(remaining_budget, *, burn_rate=None, change_kind="feature",
                     policy=None) -> ReleaseDecision:
    """Decide whether a change may ship, given the error budget and a policy.

    Parameters
    ----------
    remaining_budget : float
        Fraction of the window's error budget still unspent, <= 1 (negative
        once overspent), e.g. ``budget_over_time(...)["remaining"]`` at the
        end of the preceding window.
    burn_rate : float, optional
        Burn rate over the policy's ``slow_down_window_days`` (>= 0). Without
        it the fast-burn rule is skipped.
    change_kind : {"feature", "p0_fix", "security"}, default "feature"
    policy : ErrorBudgetPolicy, optional
        Default: :func:`workbook_error_budget_policy` (with our slow-down rule).

    Returns
    -------
    ReleaseDecision
        ``decision`` in ``{"go", "slow down", "freeze"}``, ``reason`` (a
        sentence citing the rule), ``rule``, ``state`` and the numbers used.

    Raises
    ------
    TypeError, ValueError
        On invalid numbers, an unknown change kind or a non-policy.

    Notes
    -----
    Order: an exempt change kind always goes; otherwise freeze beats slow
    down beats go. "Slow down" is the course's choice (see
    :func:`workbook_error_budget_policy`); the Workbook only knows "releases
    proceed" and "halt".

    Examples
    --------
    >>> release_decision(-0.12).decision
    'freeze'
    >>> release_decision(-0.12, change_kind="security").decision
    'go'
    >>> release_decision(0.6, burn_rate=0.8).decision
    'go'
    >>> release_decision(0.6, burn_rate=2.0).decision
    'slow down'
    """
    remaining = check_real("remaining_budget", remaining_budget, high=1)
    if not isinstance(remaining, float):
        raise TypeError(message("remaining_budget", "a single number", remaining_budget))
    burn = None
    if burn_rate is not None:
        burn = check_real("burn_rate", burn_rate, low=0)
        if not isinstance(burn, float):
            raise TypeError(message("burn_rate", "a single number", burn_rate))
    kind = check_choice("change_kind", change_kind, CHANGE_KINDS)
    return _decide(remaining, burn, kind, _check_policy(policy))


# ---------------------------------------------------------------------------
# Incidents and the 20 % rule
# ---------------------------------------------------------------------------

def incident_budget_share(bad_events, *, slo_target, window_valid_events):
    """Share of a window's error budget that an incident's bad events spent.

    Parameters
    ----------
    bad_events : float or array-like
        Bad events attributed to the incident(s), >= 0 and at most
        ``window_valid_events`` (more bad events than valid ones cannot happen).
    slo_target : float
        Objective as a fraction in (0, 1).
    window_valid_events : float or array-like
        Valid events of the whole budget window (e.g. four weeks), > 0; an
        array must match ``bad_events`` in length.

    Returns
    -------
    float or numpy.ndarray
        ``bad_events / ((1 - slo_target) x window_valid_events)``; 0.2 means
        the incident spent 20 % of the budget.

    Raises
    ------
    TypeError, ValueError
        Invalid numbers.

    Examples
    --------
    28 days of 1,000,000 requests a day at 99.9 %: the budget is 28,000 bad
    requests, and 6,000 of them are 21.4 %.

    >>> round(incident_budget_share(6_000, slo_target=0.999, window_valid_events=28_000_000), 4)
    0.2143
    """
    bad = check_real("bad_events", bad_events, low=0)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    valid = check_real("window_valid_events", window_valid_events, low=0, low_open=True)
    _check_bad_within_valid(bad, valid)
    share = bad / np.asarray(error_budget(slo_target, valid))
    return float(share) if np.ndim(share) == 0 else share


def _check_bad_within_valid(bad, valid) -> None:
    """Lengths that broadcast, and never more bad events than valid ones."""
    if np.ndim(bad) and np.ndim(valid) and np.shape(bad) != np.shape(valid):
        raise ValueError(_got("window_valid_events",
                              f"a single number or as many values as bad_events ({np.size(bad)})",
                              f"{np.size(valid)} values"))
    over = np.asarray(bad) > np.asarray(valid)
    if over.any():
        i = int(np.flatnonzero(over.ravel())[0]) if over.ndim else 0
        b = float(np.ravel(bad)[i] if np.ndim(bad) else bad)
        v = float(np.ravel(valid)[i] if np.ndim(valid) else valid)
        raise ValueError(message(
            "bad_events", f"at most window_valid_events ({v:g})", b,
            "An incident cannot spend more events than the window holds; pass the valid "
            "events of the whole window, not of the incident."))


@dataclass(frozen=True)
class PostmortemCheck:
    """Result of :func:`postmortem_required`."""

    required: bool
    budget_share: float
    bad_events: float
    budget_events: float
    threshold: float | None
    reason: str


def _postmortem_reason(share: float, bad: float, budget: float, window_days: int,
                       policy: ErrorBudgetPolicy) -> tuple[bool, str]:
    threshold = policy.postmortem_budget_share
    spent = (f"this incident spent {_pct(share)} of the {window_days}-day error budget "
             f"({bad:,.0f} of {budget:,.0f} allowed bad events)")
    if threshold is None:
        return False, (f"No rule: {policy.name} has no single-incident postmortem rule; "
                       f"{spent}.")
    if share > threshold:
        return True, (f"Postmortem required: {spent}, more than the {_pct(threshold)} "
                      f"{policy.postmortem_source} allows for one incident; write a "
                      "postmortem with at least one P0 action item.")
    return False, (f"No postmortem required by the budget rule: {spent}, not more than "
                   f"{_pct(threshold)}.")


def postmortem_required(bad_events, *, slo_target, window_valid_events,
                        policy=None) -> PostmortemCheck:
    """Does one incident need a postmortem under the policy's single-incident rule?

    The SRE Workbook's example policy: "If a single incident consumes more
    than 20 % of error budget over four weeks, then the team must conduct a
    postmortem. The postmortem must contain at least one P0 action to
    address the root cause."

    Parameters
    ----------
    bad_events : float
        Bad events attributed to the incident, >= 0 and at most
        ``window_valid_events``.
    slo_target : float
        Objective as a fraction in (0, 1).
    window_valid_events : float
        Valid events of the policy's window (four weeks), > 0. All three
        are single numbers.
    policy : ErrorBudgetPolicy, optional
        Default: :func:`workbook_error_budget_policy`.

    Returns
    -------
    PostmortemCheck
        ``required``, ``budget_share``, ``budget_events``, ``reason``...

    Raises
    ------
    TypeError, ValueError
        Invalid numbers or policy.

    Examples
    --------
    >>> check = postmortem_required(6_000, slo_target=0.999, window_valid_events=28_000_000)
    >>> check.required, round(check.budget_share, 4), check.budget_events
    (True, 0.2143, 28000.0)
    >>> postmortem_required(5_600, slo_target=0.999, window_valid_events=28e6).required
    False
    """
    policy = _check_policy(policy)
    bad = check_real("bad_events", bad_events, low=0, scalar=True)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    valid = check_real("window_valid_events", window_valid_events, low=0, low_open=True,
                       scalar=True)
    share = incident_budget_share(bad, slo_target=slo_target, window_valid_events=valid)
    budget = float(error_budget(slo_target, valid))
    required, reason = _postmortem_reason(share, bad, budget, policy.window_days, policy)
    return PostmortemCheck(required=required, budget_share=share, bad_events=bad,
                           budget_events=budget, threshold=policy.postmortem_budget_share,
                           reason=reason)


def _minute_frame(traffic: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return a one-service frame indexed by its timestamps."""
    if isinstance(traffic.index, pd.DatetimeIndex):
        return traffic
    if "timestamp" in traffic.columns:
        return traffic.set_index("timestamp")
    raise ValueError(_got(name, "indexed by timestamps (a DatetimeIndex or a 'timestamp' "
                             "column)", "a DataFrame without timestamps"))


def incident_budget_shares(traffic, incidents, *, slo_target, window_days=DEFAULT_WINDOW_DAYS,
                           sli="availability", threshold_ms=None, excess_only=False,
                           policy=None) -> pd.DataFrame:
    """Every incident's share of the four-week error budget, and whether it needs a postmortem.

    An incident's bad events are counted from the traffic in the minutes it
    was hurting users (``started`` to ``mitigated``), then divided by the
    window's budget.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Per-minute counts as from ``sl.load_requests()`` (long, with
        ``service`` and ``timestamp`` columns) or ``sl.load_requests(service=...)``
        (one service, DatetimeIndex). With one service, every incident given
        is measured against it. Each service's minutes must be sorted,
        duplicate-free and regular (rows out of order are refused).
    incidents : pandas.DataFrame
        Columns ``id``, ``started``, ``mitigated`` (tz-aware like the traffic)
        and, for long traffic, ``service``; e.g. ``sl.load_incidents()``.
    slo_target : float
        Objective as a fraction in (0, 1).
    window_days : float, default 30
        The budget window, in (0, 3650] days. The budget is ``(1 - slo_target)`` x the service's
        mean valid events per day in ``traffic`` x ``window_days`` (exact
        when the traffic covers exactly the window, as the course's 28 days do).
    sli : {"availability", "latency", "composite"}, default "availability"
    threshold_ms : int, optional
        Latency bucket bound for the latency kinds (see :func:`sre_lab.sli_events`).
    excess_only : bool, default False
        Count only bad events above the service's normal error ratio (measured
        outside all of its incidents). The budget itself does not know which
        errors an incident caused, so the default counts them all.
    policy : ErrorBudgetPolicy, optional
        Default: :func:`workbook_error_budget_policy`.

    Returns
    -------
    pandas.DataFrame
        One row per incident: ``id``, ``service``, ``started``, ``mitigated``,
        ``bad_events``, ``budget_events``, ``budget_share``,
        ``postmortem_required``, ``reason``.

    Raises
    ------
    TypeError, ValueError
        Bad frames, incidents for services missing from the traffic, or
        several services in incidents for one-service traffic.

    Notes
    -----
    A minute ``[t, t + 1 min)`` counts when it overlaps ``[started, mitigated)``.

    Examples
    --------
    One day of 1,000 requests a minute, 99.9 %, a 1-day window (budget 1,440);
    a 10-minute incident with 50 errors a minute spent 500 / 1,440 = 34.7 %.

    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    >>> errors = [50 if 600 <= i < 610 else 0 for i in range(1440)]
    >>> t = pd.DataFrame({"requests": 1000, "errors": errors}, index=idx)
    >>> inc = pd.DataFrame({"id": ["INC-1"], "started": [idx[600]], "mitigated": [idx[610]]})
    >>> row = incident_budget_shares(t, inc, slo_target=0.999, window_days=1).iloc[0]
    >>> float(row["bad_events"]), round(float(row["budget_share"]), 3), bool(row["postmortem_required"])
    (500.0, 0.347, True)
    """
    policy = _check_policy(policy)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    window_days = check_real("window_days", window_days, low=0, low_open=True, high=3650,
                             scalar=True)
    if not isinstance(excess_only, (bool, np.bool_)):
        raise TypeError(message("excess_only", "True or False", excess_only))
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(message("traffic", "a DataFrame of per-minute counts",
                                type(traffic).__name__))
    if not isinstance(incidents, pd.DataFrame):
        raise TypeError(message("incidents", "a DataFrame of incidents",
                                type(incidents).__name__))
    missing = [c for c in ("id", "started", "mitigated") if c not in incidents.columns]
    if missing:
        raise ValueError(f"incidents must have the columns 'id', 'started', 'mitigated'; "
                         f"got a DataFrame without {', '.join(repr(c) for c in missing)}.")
    long = "service" in traffic.columns
    if long:
        if "service" not in incidents.columns:
            raise ValueError("incidents must have a 'service' column when traffic holds "
                             "several services; got a DataFrame without 'service'.")
        for _, g in traffic.groupby("service", sort=False):
            if "timestamp" in g.columns:
                check_order(pd.DatetimeIndex(g["timestamp"]), "traffic",
                            "sorted, duplicate-free timestamps for each service",
                            column="timestamp")
        groups = {s: _minute_frame(g.drop(columns="service"), "traffic")
                  for s, g in traffic.groupby("service", sort=False)}
        unknown = sorted(set(incidents["service"]) - set(groups))
        if unknown:
            raise ValueError(message("incidents['service']", "services present in traffic",
                                     unknown[0]))
        services = incidents["service"].to_numpy()
    else:
        if "service" in incidents.columns and incidents["service"].nunique() > 1:
            raise ValueError(
                f"incidents must be for one service when traffic is; got "
                f"{incidents['service'].nunique()} services. Filter them or pass "
                "sl.load_requests() with all services.")
        label = (incidents["service"].iloc[0] if "service" in incidents.columns
                 and len(incidents) else "")
        groups = {label: _minute_frame(traffic, "traffic")}
        services = np.full(len(incidents), label, dtype=object)
    for frame in groups.values():
        check_traffic(frame, index="regular")
    started, mitigated = check_incidents(incidents, like=next(iter(groups.values())).index)

    bad_events = np.zeros(len(incidents))
    budgets = np.zeros(len(incidents))
    for service, frame in groups.items():
        rows = np.flatnonzero(services == service)
        if rows.size == 0:
            continue
        events = sli_events(frame, sli=sli, threshold_ms=threshold_ms)
        valid = events["valid"].to_numpy()
        bad = valid - events["good"].to_numpy()
        times = frame.index
        step = times[1] - times[0] if len(times) > 1 else pd.Timedelta(minutes=1)
        try:
            lo = times.searchsorted(started[rows] - step, side="right")
            hi = times.searchsorted(mitigated[rows], side="left")
        except TypeError as exc:
            raise ValueError(_got("incidents['started']", "timestamps comparable with the "
                                     "traffic's (both tz-aware UTC)", str(started.dtype))) from exc
        cum_bad = np.r_[0.0, np.cumsum(bad)]
        cum_valid = np.r_[0.0, np.cumsum(valid)]
        counted = cum_bad[hi] - cum_bad[lo]
        if excess_only:
            inside = np.zeros(len(times) + 1)
            np.add.at(inside, lo, 1)
            np.add.at(inside, hi, -1)
            outside = np.cumsum(inside)[:-1] == 0
            base = bad[outside].sum() / max(valid[outside].sum(), 1e-300)
            counted = np.maximum(counted - base * (cum_valid[hi] - cum_valid[lo]), 0.0)
        days_covered = len(times) * step / pd.Timedelta(days=1)
        budget = float(error_budget(slo_target, valid.sum() / days_covered * window_days))
        bad_events[rows] = counted
        budgets[rows] = budget
    shares = np.divide(bad_events, budgets, out=np.zeros_like(bad_events), where=budgets > 0)
    checks = [_postmortem_reason(s, b, g, int(round(window_days)), policy)
              for s, b, g in zip(shares, bad_events, budgets)]
    return pd.DataFrame({
        "id": incidents["id"].to_numpy(),
        "service": services,
        "started": started,
        "mitigated": mitigated,
        "bad_events": bad_events,
        "budget_events": budgets,
        "budget_share": shares,
        "postmortem_required": [c[0] for c in checks],
        "reason": [c[1] for c in checks],
    })


# ---------------------------------------------------------------------------
# slo-generator-style step report
# ---------------------------------------------------------------------------

def policy_step_report(traffic, *, slo_target, policy=None) -> pd.DataFrame:
    """Evaluate a policy's steps at the end of a traffic frame, like slo-generator.

    For each step: the error ratio and burn rate over its trailing window
    (ending with the last row), whether it is above the step's threshold, and
    the message that applies.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Per-minute (or coarser) counts, ``requests``/``errors``, on a sorted,
        duplicate-free DatetimeIndex with a regular step (rows out of order
        are refused); one service (e.g. ``sl.load_requests(service="payment")``;
        all services at once are refused with a message saying so).
    slo_target : float
        Objective as a fraction in (0, 1).
    policy : ErrorBudgetPolicy, optional
        Default: :func:`slo_generator_error_budget_policy`.

    Returns
    -------
    pandas.DataFrame
        One row per step: ``step``, ``window_hours``, ``error_ratio``,
        ``burn_rate``, ``burn_rate_threshold``, ``in_alert``, ``page``,
        ``message``, ``complete`` (False when the traffic is shorter than
        the window: the ratio is then over the rows available).

    Raises
    ------
    TypeError, ValueError
        Bad frame or policy; a policy without steps.

    Notes
    -----
    slo-generator computes ``burn = round((1 - sli) / (1 - goal), 1)`` and
    alerts when it is ``> threshold``; burn rates here are not rounded.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=60, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": 1000, "errors": 10}, index=idx)  # 1 % errors
    >>> r = policy_step_report(t, slo_target=0.999)
    >>> float(r.loc[0, "burn_rate"]), bool(r.loc[0, "in_alert"]), r.loc[0, "message"]
    (10.0, True, 'Page to defend the SLO')
    """
    policy = slo_generator_error_budget_policy() if policy is None else _check_policy(policy)
    if not policy.steps:
        raise ValueError(message("policy", "a policy with steps", policy.name))
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    if isinstance(traffic, pd.DataFrame):
        check_traffic(traffic, index="any")  # one service, before the index is looked at
        frame = _minute_frame(traffic, "traffic")
    else:
        frame = traffic
    valid, bad = check_traffic(frame, index="regular")
    times = frame.index
    step = traffic_step(frame)
    rows = []
    for s in policy.steps:
        n = int(math.ceil(pd.Timedelta(hours=s.window_hours) / step - 1e-9))
        total = valid[-n:].sum()
        ratio = bad[-n:].sum() / total if total > 0 else math.nan
        burn = ratio / float(error_budget(slo_target, 1.0)) if total > 0 else math.nan
        alert = bool(burn > s.burn_rate_threshold) if total > 0 else False
        rows.append({
            "step": s.name, "window_hours": s.window_hours, "error_ratio": ratio,
            "burn_rate": round(burn, 12), "burn_rate_threshold": s.burn_rate_threshold,
            "in_alert": alert, "page": alert and s.alert,
            "message": s.message_alert if alert else s.message_ok, "complete": n <= len(times),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# A quarter of release decisions
# ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ReleaseQuarter:
    """Result of :func:`simulate_release_quarter`.

    Attributes
    ----------
    days : pandas.DataFrame
        One row per day: ``date``, ``change_kind`` (``"none"`` when nothing
        was scheduled), ``remaining_budget`` (of the preceding window, before
        the day starts), ``burn_rate`` (over the preceding
        ``slow_down_window_days``), ``decision`` (for the scheduled change,
        or for a feature when nothing was scheduled), ``rule``, ``reason``,
        ``shipped``.
    releases_planned, releases_shipped, releases_blocked, releases_slowed : int
        Scheduled changes; those shipped ("go" or "slow down"); those held by
        a freeze; those shipped under "slow down".
    freeze_days, slow_down_days, go_days : int
        Days in each state (for an ordinary feature).
    policy : ErrorBudgetPolicy
    """

    days: pd.DataFrame
    releases_planned: int
    releases_shipped: int
    releases_blocked: int
    releases_slowed: int
    freeze_days: int
    slow_down_days: int
    go_days: int
    policy: ErrorBudgetPolicy


def _release_calendar(releases: Any, dates: pd.DatetimeIndex) -> np.ndarray:
    """Change kind per quarter day ("none" when nothing is scheduled)."""
    if isinstance(releases, str):
        choice = check_choice("releases", releases, ("weekdays", "daily"))
        if choice == "daily":
            return np.full(len(dates), "feature", dtype=object)
        return np.where(dates.day_of_week < 5, "feature", "none").astype(object)
    if not isinstance(releases, pd.Series):
        raise TypeError(message("releases", "'weekdays', 'daily' or a pandas Series of change "
                                "kinds indexed by date", type(releases).__name__))
    index = pd.DatetimeIndex(releases.index)
    if index.tz is None and dates.tz is not None:
        index = index.tz_localize(dates.tz)
    index = index.normalize()
    if index.has_duplicates:
        raise ValueError(message("releases", "one change per date",
                                 str(index[index.duplicated()][0].date())))
    position = dates.normalize().get_indexer(index)
    if (position < 0).any():
        bad = index[position < 0][0]
        raise ValueError(message("releases", f"dates inside the quarter ({dates[0].date()} .. "
                                 f"{dates[-1].date()})", str(bad.date())))
    kinds = np.full(len(dates), "none", dtype=object)
    for p, kind in zip(position, releases.to_numpy()):
        kinds[p] = check_choice("releases", kind, CHANGE_KINDS)
    return kinds


def simulate_release_quarter(daily, *, slo_target, releases="weekdays", start=None,
                             n_weeks=13, policy=None) -> ReleaseQuarter:
    """Replay a quarter of release decisions against the rolling error budget.

    Each morning the policy looks at the preceding window (28 days by
    default) and the last week's burn rate and decides what happens to the
    day's scheduled change. Nothing feeds back: the traffic is what it was
    (a freeze does not prevent the incidents in the data).

    Parameters
    ----------
    daily : pandas.DataFrame
        Daily counts with dates, one service: ``requests``/``errors`` or
        ``valid``/``good``, e.g. ``sl.load_daily_history("checkout")``. It
        must hold ``policy.window_days`` days before the quarter.
    slo_target : float
        Objective as a fraction in (0, 1).
    releases : "weekdays", "daily" or pandas.Series, default "weekdays"
        ``"weekdays"``: a feature release every Monday to Friday;
        ``"daily"``: every day; or a Series of change kinds
        (``"feature"``, ``"p0_fix"``, ``"security"``) indexed by date
        (one per date, all inside the quarter).
    start : date-like, optional
        First day of the quarter (default: the quarter ending with the data).
    n_weeks : int, default 13
        Quarter length in weeks.
    policy : ErrorBudgetPolicy, optional
        Default: :func:`workbook_error_budget_policy`.

    Returns
    -------
    ReleaseQuarter
        ``days`` (one row per day) and summary counts.

    Raises
    ------
    TypeError, ValueError
        Bad frame, too little history before ``start``, a ``start`` not in
        the data, a bad calendar.

    Notes
    -----
    Remaining budget before day ``d`` = ``1 - bad / ((1 - slo_target) x
    valid)`` summed over days ``d - window_days .. d - 1`` (taken from
    :func:`sre_lab.budget_over_time` one day earlier); burn rate = error
    ratio over the last ``slow_down_window_days`` days / (1 - slo_target).
    A "slow down" day still ships its change (carefully); only "freeze"
    holds it.

    Examples
    --------
    Eight weeks of 100,000 requests a day at 0.05 % errors, then a week at
    0.3 %, 99.9 % target: the 28-day budget is 2,800 bad requests and 1,400
    are spent before the quarter. Each bad day adds 250 more than the day
    leaving the window: remaining 50 %, 41 %, 32 %, then 23 % (< 25 %: slow
    down), 14 %, 5 %, and -3.6 % (freeze) on the seventh morning.

    >>> import pandas as pd
    >>> dates = pd.date_range("2026-01-05", periods=70, tz="UTC")
    >>> errors = [50] * 56 + [300] * 7 + [50] * 7
    >>> d = pd.DataFrame({"date": dates, "requests": 100_000, "errors": errors})
    >>> q = simulate_release_quarter(d, slo_target=0.999, n_weeks=2)
    >>> q.days["decision"].tolist()[:7]
    ['go', 'go', 'go', 'slow down', 'slow down', 'slow down', 'freeze']
    >>> q.releases_planned, q.releases_shipped, q.freeze_days
    (10, 5, 8)
    """
    policy = _check_policy(policy)
    slo_target = check_fraction("slo_target", slo_target)
    n_weeks = check_int("n_weeks", n_weeks, low=1, high=520)
    counts = _counts("daily", daily, need_dates=True)
    if counts.periods_per_day != 1 and len(counts.bad) > 1:
        raise ValueError(_got("daily", "daily counts (one row per day)",
                                 f"{counts.periods_per_day} rows per day"))
    dates = counts.dates
    n_days = 7 * n_weeks
    lookback = max(policy.window_days, int(math.ceil(policy.slow_down_window_days)))
    if start is None:
        first = len(dates) - n_days
    else:
        try:
            stamp = pd.Timestamp(start)
        except (TypeError, ValueError):
            raise TypeError(message("start", "a date", start)) from None
        if stamp.tz is None and dates.tz is not None:
            stamp = stamp.tz_localize(dates.tz)
        first = int(dates.get_indexer([stamp])[0])
        if first < 0:
            raise ValueError(message("start", f"a date in daily ({dates[0].date()} .. "
                                     f"{dates[-1].date()})", str(start)))
    if first < lookback or first + n_days > len(dates):
        raise ValueError(
            f"daily must hold {lookback} days before the quarter and all {n_days} days of it; "
            f"got {len(dates)} days with the quarter starting at day {first}.")
    frame = pd.DataFrame({"requests": counts.valid, "errors": counts.bad}, index=dates)
    window = budget_over_time(frame, slo_target=slo_target, window_days=policy.window_days)
    recent = budget_over_time(frame, slo_target=slo_target,
                              window_days=policy.slow_down_window_days)
    quarter = slice(first, first + n_days)
    before = slice(first - 1, first + n_days - 1)          # the day before each quarter day
    remaining = window["remaining"].to_numpy()[before]
    burn = recent["window_burn_rate"].to_numpy()[before]
    q_dates = dates[quarter]
    kinds = _release_calendar(releases, q_dates)
    results = [_decide(float(r), float(b), k if k != "none" else "feature", policy)
               for r, b, k in zip(remaining, burn, kinds)]
    decision = np.array([r.decision for r in results], dtype=object)
    state = np.array([r.state for r in results], dtype=object)
    scheduled = kinds != "none"
    shipped = scheduled & (decision != "freeze")
    table = pd.DataFrame({
        "date": q_dates,
        "change_kind": kinds,
        "remaining_budget": remaining,
        "burn_rate": burn,
        "decision": decision,
        "rule": [r.rule for r in results],
        "reason": [r.reason for r in results],
        "shipped": shipped,
    })
    return ReleaseQuarter(
        days=table,
        releases_planned=int(scheduled.sum()),
        releases_shipped=int(shipped.sum()),
        releases_blocked=int((scheduled & ~shipped).sum()),
        releases_slowed=int((shipped & (decision == "slow down")).sum()),
        freeze_days=int((state == "freeze").sum()),
        slow_down_days=int((state == "slow down").sum()),
        go_days=int((state == "go").sum()),
        policy=policy,
    )


# --------------------------------------------------------------------------
# push or hold: the budget at the moment a release is decided (notebook 01)
# --------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ReleaseGate:
    """The error budget at the moment a release is decided, and the verdict.

    Attributes
    ----------
    slo_target : float
    window_days : float
        The budget window (the policy's, 28 days by default).
    decided_at : pandas.Timestamp
        The moment of the decision; data strictly before it are used.
    window_start, window_end : pandas.Timestamp
        The window the budget belongs to: the ``window_days`` ending at
        ``decided_at`` or, when the data start later, the ``window_days``
        starting with the data (the budget is then projected, see Notes of
        :func:`release_gate`).
    valid_events, bad_events : float
        Valid and bad events in the window so far.
    allowed_bad_events : float
        The window's error budget in events (projected to the whole window).
    consumed, remaining : float
        Fractions of that budget spent / still unspent (``remaining`` < 0 once
        overspent). ``consumed == bad_events / allowed_bad_events``.
    window_burn_rate : float
        Error ratio of the window so far / (1 - slo_target).
    recent_burn_rate : float
        The same over the last ``recent_window_days`` (the policy's slow-down
        window, 7 days by default).
    recent_window_days : float
    decision : sre_lab.policy.ReleaseDecision
        ``decision.decision`` is ``"go"``, ``"slow down"`` or ``"freeze"``;
        ``decision.reason`` says why.
    remaining_over_time : pandas.Series
        Fraction of the budget remaining at every step up to ``decided_at``.
    """

    slo_target: float
    window_days: float
    decided_at: pd.Timestamp
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    valid_events: float
    bad_events: float
    allowed_bad_events: float
    consumed: float
    remaining: float
    window_burn_rate: float
    recent_burn_rate: float
    recent_window_days: float
    decision: ReleaseDecision
    remaining_over_time: pd.Series


def _moment(at, index: pd.DatetimeIndex, step: pd.Timedelta) -> pd.Timestamp:
    """Check the decision moment: a time after the first step, at most the data's end."""
    end = index[-1] + step
    if at is None:
        return end
    try:
        moment = pd.Timestamp(at)
    except (TypeError, ValueError) as exc:
        raise TypeError(message("at", "a timestamp (e.g. '2026-10-30 09:00')", at)) from exc
    if moment is pd.NaT:
        raise TypeError(message("at", "a timestamp (e.g. '2026-10-30 09:00')", at))
    if moment.tzinfo is None and index.tz is not None:
        moment = moment.tz_localize(index.tz)
    elif moment.tzinfo is not None and index.tz is None:
        raise ValueError(message(
            "at", "a time without a time zone, like traffic's index", str(moment),
            "Give traffic a time zone (traffic.tz_localize('UTC')) or drop it from at."))
    if not index[0] + step <= moment <= end:
        raise ValueError(message(
            "at", f"a moment between {index[0] + step} and {end} (the data's span)", str(moment)))
    return moment


def release_gate(traffic, *, slo_target, at=None, change_kind="feature", policy=None,
                 sli="availability", threshold_ms=None) -> ReleaseGate:
    """Measure the error budget at a moment and decide whether a change may ship.

    The error budget turns "Kim is worried" versus "Amina has a deadline" into
    a number both can read: the share of the window's allowed failures still
    unspent. The policy (agreed in advance) then says go, slow down or freeze.

    Parameters
    ----------
    traffic : pandas.DataFrame
        One service's counts (``requests``, ``errors``, and the latency
        buckets for latency SLIs) on a sorted, duplicate-free DatetimeIndex
        with a regular step (rows out of order are refused), e.g.
        ``sl.load_requests(service="checkout")``.
    slo_target : float
        The objective, a fraction in (0, 1), e.g. ``0.999``.
    at : timestamp or str, optional
        When the release is decided; rows strictly before it are used.
        Default: the end of the data.
    change_kind : {"feature", "p0_fix", "security"}, default "feature"
    policy : sre_lab.policy.ErrorBudgetPolicy, optional
        Default :func:`sre_lab.workbook_error_budget_policy` (28-day window;
        freeze when the budget is exceeded; slow down below 25 % left or
        above 1.5x over 7 days).
    sli : {"availability", "latency", "composite"}, default "availability"
    threshold_ms : int, optional
        Bucket bound for latency SLIs.

    Returns
    -------
    ReleaseGate

    Raises
    ------
    TypeError, ValueError
        A bad frame, target, moment, change kind or policy (messages name the
        parameter and the value).

    Notes
    -----
    ``consumed = bad events in the window / ((1 - slo_target) x valid events
    of the window)``. When the decision falls less than ``window_days`` after
    the data start, the window's valid events are not all known yet: they are
    projected at the average rate seen so far (as
    :func:`sre_lab.budget_over_time` does), so a window that began with the
    data is read like a calendar month in progress.

    Examples
    --------
    Four weeks of 1,000 requests a minute, with a bad hour (30 % errors) at
    the start of the last day: 18,000 failures of an allowed 40,320.

    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=28 * 1440, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": 1000, "errors": 0}, index=idx)
    >>> t.loc["2026-11-01 00:00":"2026-11-01 00:59", "errors"] = 300
    >>> g = release_gate(t, slo_target=0.999)
    >>> round(g.allowed_bad_events), round(g.consumed, 4), g.decision.decision
    (40320, 0.4464, 'slow down')
    >>> release_gate(t, slo_target=0.999, at="2026-10-31").decision.decision
    'go'
    """
    policy = _check_policy(policy)
    check_traffic(traffic, index="regular")
    index = traffic.index
    step = traffic_step(traffic)
    moment = _moment(at, index, step)
    status = slo_status(traffic.loc[index < moment], slo_target=slo_target, sli=sli,
                        threshold_ms=threshold_ms, window="rolling", window_days=policy.window_days,
                        current_hours=24 * policy.slow_down_window_days)
    recent_burn = status.current_burn_rate
    decision = release_decision(status.remaining, burn_rate=None if math.isnan(recent_burn)
                                else recent_burn, change_kind=change_kind, policy=policy)
    return ReleaseGate(
        slo_target=status.slo_target,
        window_days=status.window_days,
        decided_at=moment,
        window_start=status.window_start,
        window_end=status.window_start + pd.Timedelta(days=status.window_days),
        valid_events=status.valid_events,
        bad_events=status.bad_events,
        allowed_bad_events=status.allowed_bad_events,
        consumed=status.consumed,
        remaining=status.remaining,
        window_burn_rate=status.window_burn_rate,
        recent_burn_rate=recent_burn,
        recent_window_days=float(policy.slow_down_window_days),
        decision=decision,
        remaining_over_time=status.budget["remaining"],
    )
