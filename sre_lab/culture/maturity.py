"""Reliability culture: the maturity self-assessment and maturity scoring.

Which stage is a team at, and where should it start?

The course outline names four organisational stages. They are a way to talk
about where a team is, not a measurement standard: no single authoritative SRE
maturity model exists (vendors each publish their own 4-5 levels; see
``ops_facts.md`` §5.4 in the course's references). So this module keeps the
rule small and visible, and the notebooks say so.

=====================  =======================================================
``MATURITY_STAGES``    ``("Ad Hoc", "Reactive", "Proactive", "Predictive")``
``MATURITY_PRACTICES`` the self-assessment statements, three per stage above
                       Ad Hoc, each a :class:`Practice` (``id``, ``stage``,
                       ``text``)
``maturity_stage``     answers -> :class:`MaturityResult` (stage, practices met
                       per stage, what to work on next, suggested course tiers)
=====================  =======================================================

The rule (Guttman-style ladder): everyone starts at *Ad Hoc*; you reach a stage
when at least ``min_practices`` (default 2) of its 3 practices are in place
**and** you reached the stage before it. A team with automated release gates
but no SLOs is therefore still *Reactive*: the later practice rests on the
earlier ones.

Taught in ``notebooks/00_start_here.ipynb`` (self-assessment) and
``notebooks/01a_slis_slos_and_budgets.ipynb`` (the stages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .._validation import check_choice, check_int, message

__all__ = ["MATURITY_STAGES", "MATURITY_PRACTICES", "Practice", "MaturityResult", "maturity_stage"]

#: The four stages of the course outline, least to most mature.
MATURITY_STAGES = ("Ad Hoc", "Reactive", "Proactive", "Predictive")


@dataclass(frozen=True)
class Practice:
    """One self-assessment statement: answer True if it is true of your team."""

    id: str
    stage: str
    text: str


#: Three practices per stage above Ad Hoc, in ladder order.
MATURITY_PRACTICES = (
    Practice("dashboards", "Reactive",
             "Each service has dashboards of its traffic, errors and latency that "
             "responders open during an incident."),
    Practice("paging", "Reactive",
             "An outage pages someone automatically: you rarely hear about it from "
             "customers first."),
    Practice("incident_records", "Reactive",
             "Incidents are written down: what happened, when, and how it was fixed."),
    Practice("slos_defined", "Proactive",
             "User-facing services have written SLOs (an SLI and a target) that product "
             "and engineering agreed on."),
    Practice("alerts_on_symptoms", "Proactive",
             "Pages fire on what users feel (errors, slowness, budget burn), not on "
             "causes such as high CPU."),
    Practice("budget_decisions", "Proactive",
             "The error budget changes plans: when it is spent, feature releases pause "
             "for reliability work."),
    Practice("budget_forecasts", "Predictive",
             "You forecast budget and capacity ('at this rate the budget runs out on the "
             "20th') and act before it happens."),
    Practice("automated_gates", "Predictive",
             "Releases are checked automatically against SLO signals (canary analysis, "
             "automatic rollback)."),
    Practice("chaos_game_days", "Predictive",
             "You run chaos experiments or game days to find weaknesses before users do."),
)

_IDS = tuple(p.id for p in MATURITY_PRACTICES)

# Suggested route through the course's tiers for each stage (badges as in the notebooks).
_PATHS = {
    "Ad Hoc": (("🔍",), "Start with the 🔍 beginner notebooks of every section, in order: "
               "they build the vocabulary (SLI, SLO, error budget) and the habits "
               "(incident records, dashboards) the later tiers assume."),
    "Reactive": (("🔍", "🧩"), "Skim the 🔍 notebooks, then spend your time on 🧩: turn the "
                 "monitoring you have into SLOs, burn-rate alerts and a budget policy."),
    "Proactive": (("🧩", "💡"), "Check yourself on the 🧩 exercises, then go deep in 💡: "
                  "forecasting, release gates, chaos experiments, cost governance."),
    "Predictive": (("💡",), "Go straight to the 💡 notebooks and the capstone; use the "
                   "🔍/🧩 ones as material for coaching other teams."),
}


@dataclass(frozen=True)
class MaturityResult:
    """Outcome of a self-assessment.

    Attributes
    ----------
    stage : str
        The stage reached, one of :data:`MATURITY_STAGES`.
    level : int
        1 (Ad Hoc) to 4 (Predictive).
    practices_met, practices_total : dict[str, int]
        Per stage above Ad Hoc: practices answered True, practices asked.
    next_steps : tuple[str, ...]
        Texts of the practices still missing at the next stage (empty at Predictive).
    suggested_tiers : tuple[str, ...]
        Tier badges to focus on (``'🔍'``, ``'🧩'``, ``'💡'``).
    path : str
        One or two sentences: how to go through the course.
    """

    stage: str
    level: int
    practices_met: dict = field(default_factory=dict)
    practices_total: dict = field(default_factory=dict)
    next_steps: tuple = ()
    suggested_tiers: tuple = ()
    path: str = ""


def _in_place(answers) -> set[str]:
    """Return the set of practice ids answered True, after checking the answers."""
    if isinstance(answers, Mapping):
        chosen = set()
        for key, value in answers.items():
            check_choice("answers key", key, _IDS)
            if not isinstance(value, bool):
                raise TypeError(message(f"answers[{key!r}]", "True or False", value))
            if value:
                chosen.add(key)
        return chosen
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Iterable):
        raise TypeError(message(
            "answers", "a dict {practice id: bool} or a collection of practice ids",
            answers))
    return {check_choice("answers item", item, _IDS) for item in answers}


def maturity_stage(answers, *, min_practices: int = 2) -> MaturityResult:
    """Place a team on the four-stage maturity ladder from yes/no answers.

    You climb one stage at a time: a stage is reached when at least
    ``min_practices`` of its three practices are in place and the stage below
    was reached. Unanswered practices count as "not in place".

    Parameters
    ----------
    answers : dict[str, bool] or iterable of str
        ``{practice id: True/False}`` or the ids of the practices in place.
        Ids are those of :data:`MATURITY_PRACTICES`.
    min_practices : int, default 2
        Practices (of 3) needed to reach a stage, 1 to 3.

    Returns
    -------
    MaturityResult

    Raises
    ------
    TypeError
        If ``answers`` is not a mapping or collection, or a value is not a bool.
    ValueError
        If a practice id is unknown (the message suggests the closest id).

    Notes
    -----
    A ladder, not a weighted score: the outline's example adds weighted points,
    which lets a team "buy" a high stage with late practices while missing the
    basics. The threshold is a convention of this course, not an industry
    standard (there is none; ``ops_facts.md`` §5.4).

    Examples
    --------
    >>> r = maturity_stage({"dashboards": True, "paging": True, "slos_defined": True})
    >>> r.stage, r.level
    ('Reactive', 2)
    >>> r.suggested_tiers
    ('🔍', '🧩')
    >>> maturity_stage(["automated_gates", "chaos_game_days"]).stage
    'Ad Hoc'
    >>> maturity_stage({"pagin": True})
    Traceback (most recent call last):
    ...
    ValueError: answers key must be one of 'dashboards', 'paging', 'incident_records', \
'slos_defined', 'alerts_on_symptoms', 'budget_decisions', 'budget_forecasts', \
'automated_gates', 'chaos_game_days'; got 'pagin'. Did you mean 'paging'?
    """
    min_practices = check_int("min_practices", min_practices, low=1, high=3)
    chosen = _in_place(answers)
    met, total = {}, {}
    for stage in MATURITY_STAGES[1:]:
        ids = [p.id for p in MATURITY_PRACTICES if p.stage == stage]
        total[stage] = len(ids)
        met[stage] = sum(i in chosen for i in ids)
    level = 1
    for stage in MATURITY_STAGES[1:]:
        if met[stage] < min_practices:
            break
        level += 1
    stage = MATURITY_STAGES[level - 1]
    if level < len(MATURITY_STAGES):
        nxt = MATURITY_STAGES[level]
        next_steps = tuple(p.text for p in MATURITY_PRACTICES
                           if p.stage == nxt and p.id not in chosen)
    else:
        next_steps = ()
    tiers, path = _PATHS[stage]
    return MaturityResult(stage=stage, level=level, practices_met=met,
                          practices_total=total, next_steps=next_steps,
                          suggested_tiers=tiers, path=path)
