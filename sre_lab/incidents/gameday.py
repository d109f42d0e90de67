"""Wheel-of-Misfortune game days in virtual time (section 3, advanced tier).

A game day is an incident injected on purpose, with a known start ``t0``: the
team's time to detect, acknowledge and mitigate can be measured against it
(ops_facts §3.8; Google's DiRT, Krishnan 2012; the Wheel of Misfortune role
play, dastergon/wheel-of-misfortune, which has no scoring: this module adds it).

The game is a few pure functions over small frozen records, so a notebook cell,
a test and a widget all call the same core::

    scenario = sl.game_day_scenario(seed=7)          # the scripted incident
    state = sl.game_day_start(scenario)              # the page has just fired
    print(sl.game_day_situation(state))              # what the responder sees
    state = sl.game_day_step(state, "acknowledge")   # choice -> consequences
    result = sl.run_game_day(["acknowledge", ...], seed=7)   # the whole game at once

How time and budget move (all in virtual minutes after ``t0``):

* the fault starts at minute 0 with ``error_fraction`` of requests failing;
  the page fires at ``detect_minutes`` (the Workbook's fastest rule, 14.4x
  over 1 h, via :func:`sre_lab.detection_time`), where the game starts;
* every choice takes its minutes (:data:`GAME_DAY_CHOICES`); its
  consequence lands when it ends;
* if the fault is still there at ``spread_minutes`` it spreads: the error
  fraction is multiplied by ``spread_factor`` (at most 1);
* failed requests = requests per minute x error fraction x minutes, and the
  budget spent is their share of the window's error budget
  (:func:`sre_lab.incident_budget_share`);
* the right fix (``scenario.fix``) mitigates at the end of its minutes; the
  others cost time and are logged as not helping.

The score is the course's rubric, four criteria of 25 points each
(:data:`GAME_DAY_RUBRIC`): page acknowledged within 5 minutes (the SRE book's
paging target for user-facing services, ch. 11); mitigated within 30 minutes
of the page (the ops_facts §3.8 game-day targets); a status posted within 15
minutes of the page (a course choice, not a published target); and the
incident spending at most 20 % of the window's budget (the SRE Workbook's
single-incident postmortem rule, :func:`sre_lab.postmortem_required`).

=======================  ====================================================
``GAME_DAY_CHOICES``     choice -> (minutes, what the responder does)
``GAME_DAY_FAULTS``      the scripted faults a seed picks from
``GAME_DAY_RUBRIC``      criterion -> (points, rule) of the score
``GameDayScenario``      one scripted incident (frozen)
``GameDayState``         where the game stands (frozen)
``GameDayResult``        the scored end of a game (frozen)
``game_day_scenario``    seed -> a scenario (replayable)
``game_day_start``       scenario -> the state at the page
``game_day_situation``   state -> what the responder sees (text)
``game_day_step``        state, choice -> the next state
``run_game_day``         choices -> scored timeline, metrics and score
``GAME_DAY_RUNBOOK``     a symptom-based runbook as data: clue -> plan
``replay_game_days``     a responder policy played over many seeds: one row each
``game_day_traffic``     result -> per-minute traffic + incident row, the input
                         of ``sl.response_timeline`` and so of
                         ``sl.postmortem_document`` (the postmortem data)
=======================  ====================================================
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_choice, check_int, check_real, message
from .._windows import NEVER

__all__ = ["GAME_DAY_CHOICES", "GAME_DAY_FAULTS", "GAME_DAY_RUBRIC", "GameDayScenario",
           "GameDayState", "GameDayResult", "game_day_scenario", "game_day_start",
           "game_day_situation", "game_day_step", "run_game_day", "game_day_traffic",
           "GAME_DAY_RUNBOOK", "replay_game_days"]

#: choice -> (minutes it takes, what the responder does).
GAME_DAY_CHOICES: dict[str, tuple[float, str]] = {
    "acknowledge": (1.0, "acknowledge the page: the pager stops escalating, you own it"),
    "check_dashboards": (5.0, "read the SLO dashboard and the service graphs"),
    "check_deploys": (3.0, "read the deploy log for changes just before the errors"),
    "post_status": (3.0, "declare the incident and post a status update"),
    "roll_back": (10.0, "roll back the last deploy"),
    "page_db_owner": (15.0, "page the database owner, who fails the database over"),
    "restart_service": (5.0, "rolling restart of the failing service"),
    "wait": (10.0, "wait and watch the graphs"),
}

#: fault -> (service, title, the fix, clue per investigating choice).
GAME_DAY_FAULTS: dict[str, dict] = {
    "bad_config_push": {
        "service": "checkout",
        "title": "Checkout errors after a configuration push",
        "fix": "roll_back",
        "clues": {
            "check_dashboards": "checkout 5xx started in one step, all pods at once; "
                                "database and payment look healthy",
            "check_deploys": "a checkout config push (pool size 50 -> 5) landed "
                             "2 minutes before the first errors",
        },
        "spread": "checkout retries now overload payment: errors spread",
    },
    "db_connection_severed": {
        "service": "payment",
        "title": "Payment loses its database connection",
        "fix": "page_db_owner",
        "clues": {
            "check_dashboards": "payment errors are 'connection refused' to the primary "
                                "database; its replica is healthy",
            "check_deploys": "no deploy in the last 24 hours",
        },
        "spread": "checkout now times out waiting for payment: errors spread",
    },
    "memory_leak": {
        "service": "search",
        "title": "Search pods run out of memory",
        "fix": "restart_service",
        "clues": {
            "check_dashboards": "search pods' memory climbs to the limit, then they are "
                                "OOM-killed one after another",
            "check_deploys": "last search deploy 3 days ago (the leak grew since)",
        },
        "spread": "more search pods are OOM-killed at once: errors spread",
    },
}

#: criterion -> (points, rule). See the module docstring for the sources.
GAME_DAY_RUBRIC: dict[str, tuple[int, str]] = {
    "acknowledged": (25, "page acknowledged within 5 min of the page"),
    "mitigated": (25, "fault mitigated within 30 min of the page"),
    "communicated": (25, "status posted within 15 min of the page"),
    "budget": (25, "fault mitigated having spent at most 20 % of the window's error budget"),
}
_ACK_LIMIT, _MITIGATE_LIMIT, _COMMUNICATE_LIMIT, _BUDGET_LIMIT = 5.0, 30.0, 15.0, 0.20
_MAX_CHOICES = 200
_ERROR_FRACTIONS = (0.05, 0.1, 0.2, 0.4)
_REQUESTS_PER_MINUTE = (600, 1000, 1500)


@dataclass(frozen=True)
class GameDayScenario:
    """One scripted incident. Minutes are virtual, counted from the fault (``t0``).

    ``fault`` is a key of :data:`GAME_DAY_FAULTS`; ``detect_minutes`` is when
    the page fires, ``spread_minutes`` when an unmitigated fault spreads
    (error fraction x ``spread_factor``, at most 1).
    """

    seed: int | None
    fault: str
    error_fraction: float
    detect_minutes: float
    spread_minutes: float
    spread_factor: float = 2.0
    requests_per_minute: float = 1000.0
    slo_target: float = 0.999
    window_days: int = 30

    @property
    def service(self) -> str:
        return GAME_DAY_FAULTS[self.fault]["service"]

    @property
    def title(self) -> str:
        return GAME_DAY_FAULTS[self.fault]["title"]

    @property
    def fix(self) -> str:
        return GAME_DAY_FAULTS[self.fault]["fix"]


@dataclass(frozen=True)
class GameDayState:
    """Where the game stands after some choices (minutes since ``t0``).

    ``events`` is a tuple of ``(minute, actor, event)`` rows; ``clues`` the
    texts found so far; times never reached are ``None``.
    """

    scenario: GameDayScenario
    minute: float
    failed_requests: float
    acknowledged_at: float | None = None
    communicated_at: float | None = None
    mitigated_at: float | None = None
    spread: bool = False
    wrong_fixes: int = 0
    clues: tuple[str, ...] = ()
    events: tuple[tuple[float, str, str], ...] = ()

    @property
    def done(self) -> bool:
        """True once the fault is mitigated: later choices are ignored."""
        return self.mitigated_at is not None

    @property
    def error_fraction(self) -> float:
        """Share of requests failing right now."""
        return _error_fraction(self.scenario, self.minute, self.mitigated_at)

    @property
    def budget_spent(self) -> float:
        """Share of the window's error budget spent so far."""
        return _budget_share(self.scenario, self.failed_requests)


@dataclass(frozen=True)
class GameDayResult:
    """The scored end of a game.

    ``timeline``: one row per event (``minute`` since t0, ``at`` as Timedelta,
    ``actor``, ``event``, ``budget_spent`` by then as a fraction of the
    window's budget; the budget grows linearly between rows). ``metrics``: time to detect (t0 -> page), to
    acknowledge and to communicate (page -> ...), to mitigate (t0 -> fix), as
    Timedelta (``sl.NEVER`` when never), ``budget_spent`` (fraction) and
    ``failed_requests``. ``rubric``: one row per criterion with ``points``,
    ``met`` and ``rule``; ``score`` is the points met out of 100.
    """

    scenario: GameDayScenario
    state: GameDayState
    timeline: pd.DataFrame
    metrics: dict
    rubric: pd.DataFrame
    score: int
    ignored_choices: tuple[str, ...]


# --------------------------------------------------------------------------- the model

def _error_fraction(scenario: GameDayScenario, minute: float, mitigated_at) -> float:
    if mitigated_at is not None and minute >= mitigated_at:
        return 0.0
    if minute >= scenario.spread_minutes:
        return min(1.0, scenario.error_fraction * scenario.spread_factor)
    return scenario.error_fraction


def _failed_between(scenario: GameDayScenario, start: float, end: float) -> float:
    """Failed requests from minute ``start`` to ``end`` of an unmitigated fault."""
    split = min(max(scenario.spread_minutes, start), end)
    before = (split - start) * scenario.error_fraction
    after = (end - split) * min(1.0, scenario.error_fraction * scenario.spread_factor)
    return scenario.requests_per_minute * (before + after)


def _budget_share(scenario: GameDayScenario, failed: float) -> float:
    from ..policy import incident_budget_share

    valid = scenario.requests_per_minute * scenario.window_days * 24 * 60
    return incident_budget_share(min(failed, valid), slo_target=scenario.slo_target,
                                 window_valid_events=valid)


def _check_scenario(scenario) -> GameDayScenario:
    if not isinstance(scenario, GameDayScenario):
        raise TypeError(message("scenario", "a GameDayScenario (from sl.game_day_scenario)",
                                scenario))
    from .._validation import check_fraction

    check_choice("scenario.fault", scenario.fault, GAME_DAY_FAULTS)
    for name, high in (("error_fraction", 1.0), ("detect_minutes", 10_000.0),
                       ("spread_minutes", 10_000.0), ("spread_factor", 100.0),
                       ("requests_per_minute", 1e9)):
        check_real(f"scenario.{name}", getattr(scenario, name), low=0, high=high, scalar=True)
    check_fraction("scenario.slo_target", scenario.slo_target, scalar=True)
    check_int("scenario.window_days", scenario.window_days, low=1, high=365)
    return scenario


def _check_state(state) -> GameDayState:
    if not isinstance(state, GameDayState):
        raise TypeError(message("state", "a GameDayState (from sl.game_day_start)", state))
    _check_scenario(state.scenario)
    check_real("state.minute", state.minute, low=0, high=1e6, scalar=True)
    check_real("state.failed_requests", state.failed_requests, low=0, scalar=True)
    return state


def game_day_scenario(seed=None, *, slo_target=0.999, window_days=30) -> GameDayScenario:
    """Draw a scripted MicroCorp incident; the same seed gives the same incident.

    The seed picks the fault (:data:`GAME_DAY_FAULTS`), its error fraction
    (5, 10, 20 or 40 %), the traffic (600, 1,000 or 1,500 requests a minute)
    and when an unmitigated fault spreads (minute 25 to 45). The page fires
    when the Workbook's fastest rule (14.4x over 1 h) does, from
    :func:`sre_lab.detection_time`, as the minute in which it fires (rounded
    down, as the per-minute replay of :func:`sre_lab.response_timeline` finds).

    Parameters
    ----------
    seed : int, optional
        0 <= seed < 2**32; ``None`` draws a fresh incident.
    slo_target : float
        The objective, a fraction in (0, 1).
    window_days : int
        The budget window, 1 to 365 days.

    Returns
    -------
    GameDayScenario

    Raises
    ------
    TypeError, ValueError
        Invalid seed, target or window.

    Examples
    --------
    >>> s = game_day_scenario(3)
    >>> s == game_day_scenario(3)
    True
    >>> s.fault in GAME_DAY_FAULTS and 25 <= s.spread_minutes <= 45
    True
    """
    from ..alerting import detection_time
    from .._validation import check_fraction

    if seed is not None:
        seed = check_int("seed", seed, low=0, high=2**32 - 1)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    window_days = check_int("window_days", window_days, low=1, high=365)
    rng = np.random.default_rng(seed)
    fault = list(GAME_DAY_FAULTS)[int(rng.integers(len(GAME_DAY_FAULTS)))]
    error_fraction = float(rng.choice(_ERROR_FRACTIONS))
    rpm = float(rng.choice(_REQUESTS_PER_MINUTE))
    spread = float(rng.integers(25, 46))
    detect = detection_time(error_fraction, slo_target=slo_target, burn_rate=14.4,
                            window_minutes=60)
    if pd.isna(detect):  # an error fraction below the page threshold: found by the next alert
        detect_minutes = 60.0
    else:
        detect_minutes = float(np.floor(detect.total_seconds() / 60))
    return GameDayScenario(seed=seed, fault=fault, error_fraction=error_fraction,
                           detect_minutes=detect_minutes, spread_minutes=spread,
                           requests_per_minute=rpm, slo_target=slo_target,
                           window_days=window_days)


def game_day_start(scenario) -> GameDayState:
    """The state when the page fires: failed requests from ``t0`` to the page.

    Examples
    --------
    >>> s = GameDayScenario(None, "memory_leak", 0.1, detect_minutes=10, spread_minutes=30)
    >>> state = game_day_start(s)
    >>> state.minute, state.failed_requests
    (10, 1000.0)
    """
    scenario = _check_scenario(scenario)
    minute = scenario.detect_minutes
    events = ((0.0, "system", f"fault starts: {scenario.title.lower()}"),
              (float(minute), "system", f"page fires: {scenario.service} burn-rate alert"))
    return GameDayState(scenario=scenario, minute=minute,
                        failed_requests=_failed_between(scenario, 0.0, minute), events=events)


def game_day_situation(state) -> str:
    """What the responder sees now: time, error rate, budget, pages and clues.

    Examples
    --------
    >>> s = GameDayScenario(None, "memory_leak", 0.1, detect_minutes=10, spread_minutes=30)
    >>> print(game_day_situation(game_day_start(s)).splitlines()[0])
    Minute 10 after the fault (0 since the page): search failing 10% of requests.
    """
    state = _check_state(state)
    sc = state.scenario
    lines = [f"Minute {state.minute:g} after the fault ({state.minute - sc.detect_minutes:g} "
             f"since the page): {sc.service} failing {state.error_fraction:.0%} of requests."]
    lines.append(f"Error budget spent by this incident: {state.budget_spent:.1%} of the "
                 f"{sc.window_days}-day budget.")
    if state.done:
        lines.append(f"Mitigated at minute {state.mitigated_at:g}. The game is over.")
        return "\n".join(lines)
    if state.acknowledged_at is None:
        lines.append("The page is unacknowledged and escalating to the secondary.")
    if state.spread:
        lines.append("Pages from other services: " + GAME_DAY_FAULTS[sc.fault]["spread"] + ".")
    if state.communicated_at is None:
        lines.append("Support asks in chat: 'customers report errors, is there an incident?'")
    for clue in state.clues:
        lines.append(f"Found: {clue}.")
    lines.append("Choices: " + ", ".join(GAME_DAY_CHOICES))
    return "\n".join(lines)


def game_day_step(state, choice) -> GameDayState:
    """Apply one choice: time passes, the budget drains, the fault spreads or is fixed.

    Parameters
    ----------
    state : GameDayState
        From :func:`game_day_start` or a previous step.
    choice : str
        A key of :data:`GAME_DAY_CHOICES`.

    Returns
    -------
    GameDayState
        A new state (the old one is unchanged). Once ``state.done``, the
        state is returned as it is.

    Raises
    ------
    TypeError, ValueError
        Not a state, or an unknown choice.

    Examples
    --------
    A 10 % fault paged at minute 10 that spreads (x2) at minute 30: acknowledge
    (1 min), then a wrong fix (roll back, 10 min), then the right one
    (restart, 5 min): mitigated at minute 26, before the spread.

    >>> s = GameDayScenario(None, "memory_leak", 0.1, detect_minutes=10, spread_minutes=30)
    >>> state = game_day_start(s)
    >>> for choice in ["acknowledge", "roll_back", "restart_service"]:
    ...     state = game_day_step(state, choice)
    >>> state.mitigated_at, state.failed_requests, state.wrong_fixes
    (26.0, 2600.0, 1)
    """
    state = _check_state(state)
    choice = check_choice("choice", choice, GAME_DAY_CHOICES)
    if state.done:
        return state
    sc = state.scenario
    minutes, _ = GAME_DAY_CHOICES[choice]
    start, end = state.minute, state.minute + minutes
    failed = state.failed_requests + _failed_between(sc, start, end)
    events = list(state.events)
    changes: dict = {}
    if not state.spread and end >= sc.spread_minutes > start:
        changes["spread"] = True
        events.append((float(sc.spread_minutes), "system", GAME_DAY_FAULTS[sc.fault]["spread"]))
    elif not state.spread and start >= sc.spread_minutes:
        changes["spread"] = True
    clues = list(state.clues)
    text = f"{choice}: {GAME_DAY_CHOICES[choice][1]}"
    if choice == "acknowledge" and state.acknowledged_at is None:
        changes["acknowledged_at"] = end
    elif choice == "post_status" and state.communicated_at is None:
        changes["communicated_at"] = end
    elif choice in GAME_DAY_FAULTS[sc.fault]["clues"]:
        clue = GAME_DAY_FAULTS[sc.fault]["clues"][choice]
        if clue not in clues:
            clues.append(clue)
        text += f" -> {clue}"
    if choice in ("roll_back", "page_db_owner", "restart_service"):
        if choice == sc.fix:
            changes["mitigated_at"] = end
            text += " -> errors stop: mitigated"
        else:
            changes["wrong_fixes"] = state.wrong_fixes + 1
            text += " -> no change: not this fault's fix"
    events.append((float(end), "responder", text))
    return dataclasses.replace(state, minute=end, failed_requests=failed, clues=tuple(clues),
                               events=tuple(events), **changes)


def _since(value, origin) -> pd.Timedelta:
    return NEVER if value is None else pd.Timedelta(minutes=float(value) - float(origin))


def run_game_day(choices, *, seed=None, scenario=None) -> GameDayResult:
    """Play a whole game day from a list of choices and score it.

    Parameters
    ----------
    choices : sequence of str
        Keys of :data:`GAME_DAY_CHOICES`, in order (at most 200). Choices
        after the fault is mitigated are ignored (listed in
        ``ignored_choices``); a game whose choices run out before the fix
        is scored as it stands (time to mitigate ``sl.NEVER``).
    seed : int, optional
        Picks the scenario (:func:`game_day_scenario`); replay another seed
        to meet another incident.
    scenario : GameDayScenario, optional
        A given scenario instead of a seeded one (``seed`` is then ignored).

    Returns
    -------
    GameDayResult
        ``timeline``, ``metrics``, ``rubric``, ``score`` (out of 100).

    Raises
    ------
    TypeError, ValueError
        Choices not a list of known names, an invalid seed or scenario.

    Examples
    --------
    A 20 % fault paged at minute 4 that would spread at minute 40: acknowledge
    at 5, post status at 8, roll back (the fix) at 18. Failed: 1,000/min x
    20 % x 18 min = 3,600 of a 30-day budget of 43,200 -> 8.3 %; all four
    criteria met.

    >>> s = GameDayScenario(None, "bad_config_push", 0.2, detect_minutes=4, spread_minutes=40)
    >>> r = run_game_day(["acknowledge", "post_status", "roll_back"], scenario=s)
    >>> r.score, round(r.metrics["budget_spent"], 4), str(r.metrics["time_to_mitigate"])
    (100, 0.0833, '0 days 00:18:00')
    """
    if isinstance(choices, str) or not hasattr(choices, "__iter__"):
        raise TypeError(message("choices", "a list of choice names such as "
                                "['acknowledge', 'check_dashboards']", choices))
    choices = list(itertools.islice(choices, _MAX_CHOICES + 1))
    if len(choices) > _MAX_CHOICES:
        raise ValueError(message("choices", f"at most {_MAX_CHOICES} choices",
                                 f"more than {_MAX_CHOICES} choices"))
    for choice in choices:
        check_choice("choices", choice, GAME_DAY_CHOICES)
    if scenario is None:
        scenario = game_day_scenario(seed)
    state = game_day_start(scenario)
    ignored = []
    for choice in choices:
        if state.done:
            ignored.append(choice)
        state = game_day_step(state, choice)
    return _score(state, tuple(ignored))


def _score(state: GameDayState, ignored: tuple[str, ...]) -> GameDayResult:
    sc = state.scenario
    page = sc.detect_minutes
    metrics = {
        "time_to_detect": pd.Timedelta(minutes=float(page)),
        "time_to_acknowledge": _since(state.acknowledged_at, page),
        "time_to_communicate": _since(state.communicated_at, page),
        "time_to_mitigate": _since(state.mitigated_at, 0.0),
        "failed_requests": float(state.failed_requests),
        "budget_spent": float(state.budget_spent),
        "wrong_fixes": int(state.wrong_fixes),
    }
    met = {
        "acknowledged": state.acknowledged_at is not None
        and state.acknowledged_at - page <= _ACK_LIMIT,
        "mitigated": state.mitigated_at is not None
        and state.mitigated_at - page <= _MITIGATE_LIMIT,
        "communicated": state.communicated_at is not None
        and state.communicated_at - page <= _COMMUNICATE_LIMIT,
        "budget": state.mitigated_at is not None and metrics["budget_spent"] <= _BUDGET_LIMIT,
    }
    rubric = pd.DataFrame(
        [{"criterion": k, "points": pts, "met": bool(met[k]), "rule": rule}
         for k, (pts, rule) in GAME_DAY_RUBRIC.items()]).set_index("criterion")
    score = int(rubric.loc[rubric["met"], "points"].sum())
    rows = sorted(state.events, key=lambda e: e[0])
    timeline = pd.DataFrame(rows, columns=["minute", "actor", "event"])
    timeline.insert(1, "at", pd.to_timedelta(timeline["minute"], unit="min"))
    end = np.inf if state.mitigated_at is None else state.mitigated_at
    timeline["budget_spent"] = [_budget_share(sc, _failed_between(sc, 0.0, min(m, end)))
                                for m in timeline["minute"]]
    return GameDayResult(scenario=sc, state=state, timeline=timeline, metrics=metrics,
                         rubric=rubric, score=score, ignored_choices=ignored)


def game_day_traffic(result, *, start="2026-10-05 02:00"):
    """A mitigated game as telemetry: per-minute traffic and the incident's row.

    Feed them to :func:`sre_lab.response_timeline` and then
    :func:`sre_lab.postmortem_document`, the same path a real MicroCorp
    incident takes, so the game's postmortem is written by the course's
    postmortem code (nothing here duplicates it).

    Parameters
    ----------
    result : GameDayResult
        From :func:`run_game_day`; the fault must have been mitigated.
    start : str or Timestamp, default "2026-10-05 02:00"
        Wall-clock time of ``t0`` (UTC); the traffic covers 10 hours before
        and after it, one row a minute.

    Returns
    -------
    (pandas.DataFrame, pandas.Series)
        ``requests`` and ``errors`` per minute (errors rounded to whole
        requests), and ``id``, ``service``, ``started``, ``mitigated``,
        ``resolved`` (30 minutes of nominal performance after mitigation,
        the SRE book's exit criterion).

    Examples
    --------
    >>> s = GameDayScenario(None, "memory_leak", 0.1, detect_minutes=10, spread_minutes=30)
    >>> traffic, incident = game_day_traffic(run_game_day(["restart_service"], scenario=s))
    >>> int(traffic["errors"].sum()), str(incident["mitigated"] - incident["started"])
    (1500, '0 days 00:15:00')
    """
    if not isinstance(result, GameDayResult):
        raise TypeError(message("result", "a GameDayResult (from sl.run_game_day)", result))
    if result.state.mitigated_at is None:
        raise ValueError(message("result", "a game whose fault was mitigated",
                                 "a game still burning",
                                 "Add the fix to the choices; a postmortem needs an end."))
    try:
        t0 = pd.Timestamp(start)
    except (TypeError, ValueError):
        raise ValueError(message("start", "a date and time such as '2026-10-05 02:00'",
                                 start)) from None
    if pd.isna(t0):
        raise ValueError(message("start", "a date and time such as '2026-10-05 02:00'", start))
    t0 = t0.tz_localize("UTC") if t0.tzinfo is None else t0.tz_convert("UTC")
    if not 1970 <= t0.year <= 2200:
        raise ValueError(message("start", "a time between the years 1970 and 2200", start))
    t0 = t0.floor("min")
    sc = result.scenario
    minutes = np.arange(-600, 600)
    idx = t0 + pd.to_timedelta(minutes, unit="min")
    mitigated = result.state.mitigated_at
    fraction = np.where(minutes < 0, 0.0,
                        np.where(minutes >= sc.spread_minutes,
                                 min(1.0, sc.error_fraction * sc.spread_factor),
                                 sc.error_fraction))
    fraction = np.where(minutes >= mitigated, 0.0, fraction)
    rpm = sc.requests_per_minute
    traffic = pd.DataFrame({"requests": np.full(minutes.size, int(round(rpm))),
                            "errors": np.round(rpm * fraction).astype(int)}, index=idx)
    incident = pd.Series({"id": f"GAMEDAY-{sc.seed if sc.seed is not None else 'x'}",
                          "service": sc.service, "started": t0,
                          "mitigated": t0 + pd.Timedelta(minutes=float(mitigated)),
                          "resolved": t0 + pd.Timedelta(minutes=float(mitigated) + 30)})
    return traffic, incident


#: A symptom-based runbook as data: a phrase seen on the dashboards -> the plan.
#: Read top to bottom; the first phrase found in a clue wins.
GAME_DAY_RUNBOOK: dict[str, tuple[str, ...]] = {
    "connection refused": ("page_db_owner",),
    "out of memory": ("restart_service",),
    "oom-killed": ("restart_service",),
    "in one step": ("check_deploys", "roll_back"),
}
_FIXES_BY_HABIT = ("roll_back", "restart_service", "page_db_owner")
_MAX_STEPS = 50


def _taken(state: GameDayState) -> list[str]:
    return [text.split(":", 1)[0] for _, actor, text in state.events if actor == "responder"]


def _runbook_policy(state: GameDayState) -> str:
    """Acknowledge, post status, read the dashboards, then follow GAME_DAY_RUNBOOK."""
    if state.acknowledged_at is None:
        return "acknowledge"
    if state.communicated_at is None:
        return "post_status"
    if not state.clues:
        return "check_dashboards"
    taken = _taken(state)
    for phrase, plan in GAME_DAY_RUNBOOK.items():
        if any(phrase in clue.lower() for clue in state.clues):
            for choice in plan:
                if choice not in taken:
                    return choice
    return "wait"


def _habit_policy(state: GameDayState) -> str:
    """Acknowledge, post status, then try the usual fixes in turn (roll back first)."""
    if state.acknowledged_at is None:
        return "acknowledge"
    if state.communicated_at is None:
        return "post_status"
    taken = _taken(state)
    return next((fix for fix in _FIXES_BY_HABIT if fix not in taken), "wait")


_POLICIES = {"runbook": _runbook_policy, "habit": _habit_policy}


def replay_game_days(policy, *, seeds=range(30)) -> pd.DataFrame:
    """Play one responder policy over many seeded game days: did the practice work?

    One game proves little (the fault, its size and its spread are drawn);
    a change of practice -- a runbook, an action item -- is judged over
    many replays, on medians.

    Parameters
    ----------
    policy : {"runbook", "habit"} or callable
        ``"runbook"``: acknowledge, post status, read the dashboards, then
        the plan of :data:`GAME_DAY_RUNBOOK` for the clue found.
        ``"habit"``: acknowledge, post status, then roll back, restart and
        page the database owner in turn until one works. A callable gets
        the :class:`GameDayState` and returns the next choice's name.
        A game stops at the fix or after 50 choices.
    seeds : iterable of int
        The scenarios (:func:`game_day_scenario`), at most 1,000.

    Returns
    -------
    pandas.DataFrame
        One row per seed (index ``seed``): ``fault``, ``minutes_to_mitigate``
        (from the page; NaN when never), ``budget_spent`` (fraction),
        ``wrong_fixes``, ``score``.

    Raises
    ------
    TypeError, ValueError
        Unknown policy, a callable returning no valid choice, bad seeds.

    Examples
    --------
    >>> runs = replay_game_days("habit", seeds=[11])    # a bad config push
    >>> runs.loc[11, "fault"], float(runs.loc[11, "minutes_to_mitigate"])
    ('bad_config_push', 14.0)
    """
    if isinstance(policy, str):
        policy_fn = _POLICIES[check_choice("policy", policy, _POLICIES)]
    elif callable(policy):
        policy_fn = policy
    else:
        raise TypeError(message("policy", "'runbook', 'habit' or a function state -> choice",
                                policy))
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(message("seeds", "an iterable of seeds such as range(30)", seeds))
    seeds = list(itertools.islice(seeds, 1001))
    if len(seeds) > 1000:
        raise ValueError(message("seeds", "at most 1,000 seeds", "more than 1,000 seeds"))
    if not seeds:
        raise ValueError(message("seeds", "at least one seed", "[]"))
    seeds = [check_int("seeds", seed, low=0, high=2**32 - 1) for seed in seeds]
    rows = []
    for seed in seeds:
        state = game_day_start(game_day_scenario(seed))
        for _ in range(_MAX_STEPS):
            if state.done:
                break
            try:
                choice = policy_fn(state)
            except (TypeError, ValueError):
                raise
            except Exception as error:  # a learner's policy that crashes
                raise ValueError(message("policy", "a function that returns a choice",
                                         f"{type(error).__name__}: {error}")) from None
            if not isinstance(choice, str) or choice not in GAME_DAY_CHOICES:
                raise ValueError(message("policy", "a function returning one of "
                                         + ", ".join(GAME_DAY_CHOICES), choice))
            state = game_day_step(state, choice)
        result = _score(state, ())
        page = state.scenario.detect_minutes
        rows.append({"seed": seed, "fault": state.scenario.fault,
                     "minutes_to_mitigate": (np.nan if state.mitigated_at is None
                                             else float(state.mitigated_at - page)),
                     "budget_spent": result.metrics["budget_spent"],
                     "wrong_fixes": state.wrong_fixes, "score": result.score})
    return pd.DataFrame(rows).set_index("seed")
