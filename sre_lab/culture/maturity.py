"""Reliability culture: the maturity self-assessment and maturity scoring.

Which stage is a team at, and where should it start?

The course outline names four organisational stages. They are a way to talk
about where a team is, not a measurement standard: no single authoritative SRE
maturity model exists (vendors each publish their own 4-5 levels; see
``ops_facts.md`` §5.4 in the course's references). So this module keeps the
rule small and visible, and the notebooks say so.

============================  ==================================================
``MATURITY_STAGES``           ``("Ad Hoc", "Reactive", "Proactive",
                              "Predictive")``
``MATURITY_PRACTICES``        the self-assessment statements, three per stage
                              above Ad Hoc, each a :class:`Practice` (``id``,
                              ``stage``, ``text``)
``maturity_stage``            answers -> :class:`MaturityResult` (stage,
                              practices met per stage, what to work on next,
                              suggested course tiers)
``outline_maturity_score``    the outline's ``readiness - breaches - load / 2``
                              (kept to show why it ranks teams wrongly)
``MATURITY_INDICATORS``       the five unit-free indicators: raw column,
                              normalisation, source of the reference point
``MATURITY_WEIGHTS``          the default weights (equal), shown and changeable
``MATURITY_STAGE_CUTS``       score cut points onto the four stages (a
                              convention)
``budget_breaches``           SLO windows whose error budget ran out, per
                              service
``maturity_indicators``       MicroCorp's raw indicators per team, from the
                              other section-5 functions (readiness, toil,
                              on-call, DORA)
``maturity_score``            indicators -> normalised scores, weighted score,
                              rank, stage (weights in ``.attrs["weights"]``)
``maturity_weight_sweep``     each team's score as one weight goes from 0 to 1
``maturity_rank_shares``      how often each team holds each rank when the
                              weights are drawn at random (Dirichlet)
============================  ==================================================

The rule (Guttman-style ladder): everyone starts at *Ad Hoc*; you reach a stage
when at least ``min_practices`` (default 2) of its 3 practices are in place
**and** you reached the stage before it. A team with automated release gates
but no SLOs is therefore still *Reactive*: the later practice rests on the
earlier ones.

Taught in ``notebooks/00_start_here.ipynb`` (self-assessment) and
``notebooks/01a_slis_slos_and_budgets.ipynb`` (the stages).

Maturity scoring across teams (``notebooks/05_culture/3a_…``)
--------------------------------------------------------------
The outline's score, ``readiness - breaches - on-call load / 2``, subtracts a
checklist score, a count of SLO windows and a rate of pages: quantities in
different units, so changing one unit (readiness out of 10 or in percent,
pages per week or per shift) changes the ranking. :func:`maturity_score`
first turns each raw indicator into a unit-free number in [0, 1] (1 = best)
against a published reference point, then takes a weighted mean with weights
that are shown and can be changed:

==========  =====================  ==========================================
indicator   raw column(s)          normalised (1 = best)
==========  =====================  ==========================================
``prr``     ``prr_coverage``       the share of the readiness checklist passed
``toil``    ``toil_share``         ``1 - min(toil / 0.5, 1)``: 0 at the 50 %
                                   cap (Google SRE book ch. 5)
``oncall``  ``incidents_per_shift`` ``1 - min(x / 2, 1)``: 0 at 2 incidents
                                   per 12-hour shift (SRE book ch. 11)
``budget``  ``budget_breaches``,   ``1 - breaches / windows``: the share of
            ``slo_windows``        SLO windows that kept their error budget
``dora``    ``dora_band``          elite 1, high 2/3, medium 1/3, low 0 (the
                                   DORA report's clusters, edition stated)
==========  =====================  ==========================================

The score maps onto the outline's four stages by :data:`MATURITY_STAGE_CUTS`
(0.25, 0.5, 0.75): a course convention, like the ladder above. No single
authoritative SRE maturity model exists (``ops_facts.md`` §5.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._validation import check_choice, check_columns, check_fraction, check_int, check_real, message
from .._windows import check_rng

__all__ = ["MATURITY_STAGES", "MATURITY_PRACTICES", "Practice", "MaturityResult", "maturity_stage",
           "MATURITY_INDICATORS", "MATURITY_WEIGHTS", "MATURITY_STAGE_CUTS", "outline_maturity_score",
           "budget_breaches", "maturity_indicators", "maturity_score", "maturity_weight_sweep",
           "maturity_rank_shares"]

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


# ---------------------------------------------------------------------------
# Maturity scoring across teams (05_culture/3a)
# ---------------------------------------------------------------------------


#: The five indicators of :func:`maturity_score` (a DataFrame indexed by
#: indicator): the raw column(s) each is computed from, how it is normalised
#: against its reference point, and the source of that point.
MATURITY_INDICATORS = pd.DataFrame(
    [("prr_coverage", "share of the production readiness checklist passed (0-1)",
      "Google SRE book ch. 32; Mercari's production-readiness-checklist"),
     ("toil_share", "1 - min(toil share / 0.5, 1): 0 at the 50 % toil cap",
      "Google SRE book ch. 5 'Eliminating Toil'"),
     ("incidents_per_shift", "1 - min(incidents per 12-h shift / 2, 1): 0 at the limit",
      "Google SRE book ch. 11 'Being On-Call'"),
     ("budget_breaches / slo_windows", "1 - breaches / windows: share of SLO windows that kept "
      "their error budget", "SRE Workbook ch. 2 and 4 (error budget policy)"),
     ("dora_band", "elite 1, high 2/3, medium 1/3, low 0",
      "DORA, Accelerate State of DevOps report (edition stated with the band)")],
    index=pd.Index(["prr", "toil", "oncall", "budget", "dora"], name="indicator"),
    columns=["raw", "normalised", "source"])
_NAMES = ("prr", "toil", "oncall", "budget", "dora")

#: Default weights of :func:`maturity_score`: equal. Pass your own to change them.
MATURITY_WEIGHTS = MappingProxyType({name: 0.2 for name in _NAMES})

#: Score cut points onto :data:`MATURITY_STAGES`: below 0.25 Ad Hoc, below 0.5
#: Reactive, below 0.75 Proactive, else Predictive (a course convention).
MATURITY_STAGE_CUTS = (0.25, 0.5, 0.75)

_BANDS = {"elite": 1.0, "high": 2 / 3, "medium": 1 / 3, "low": 0.0}
_RAW = ("prr_coverage", "toil_share", "incidents_per_shift", "budget_breaches", "slo_windows",
        "dora_band")


def outline_maturity_score(readiness, breaches, oncall_load):
    """The course outline's maturity score: ``readiness - breaches - oncall_load / 2``.

    Kept to be criticised, not used: it subtracts a checklist score, a count
    of error-budget breaches and a rate of pages, so its ranking depends on
    the units each is written in. Use :func:`maturity_score`.

    Parameters
    ----------
    readiness, breaches, oncall_load : float, array or pandas.Series
        In whatever units the caller chose (that is the problem). Finite numbers.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Same shape as the inputs (a Series keeps its index).

    Examples
    --------
    The outline's three teams (Payments, Checkout, Notifications):

    >>> outline_maturity_score([8, 7, 9], [1, 2, 0], [3, 5, 2]).tolist()
    [5.5, 2.5, 8.0]

    The same readiness in percent (80, 70, 90) changes nothing about the teams
    but multiplies one term by ten; the same on-call load per day instead of
    per week divides another by seven. A formula whose ranking depends on
    such choices measures the units, not the teams.
    """
    index = next((v.index for v in (readiness, breaches, oncall_load)
                  if isinstance(v, pd.Series)), None)
    r = check_real("readiness", _values(readiness))
    b = check_real("breaches", _values(breaches))
    load = check_real("oncall_load", _values(oncall_load))
    try:
        out = np.asarray(r, dtype=float) - np.asarray(b, dtype=float) - np.asarray(load, dtype=float) / 2
    except ValueError:
        raise ValueError(message("oncall_load", "the same length as readiness and breaches",
                                 f"lengths {np.size(r)}, {np.size(b)}, {np.size(load)}")) from None
    if out.ndim == 0:
        return float(out)
    if index is not None and len(index) == out.size:
        return pd.Series(out, index=index, name="outline_score")
    return out


def _values(value):
    return value.to_numpy(dtype=float) if isinstance(value, pd.Series) and \
        pd.api.types.is_numeric_dtype(value.dtype) and not pd.api.types.is_bool_dtype(value.dtype) \
        else value


def budget_breaches(history, *, slo_target, window_days=30):
    """Count the SLO windows whose error budget ran out, per service.

    The history is cut into consecutive windows of ``window_days`` from its
    first day (a last, incomplete window is left out); a window is breached
    when its errors exceed its error budget, ``(1 - slo_target) × requests``.

    Parameters
    ----------
    history : pandas.DataFrame
        Daily counts with ``date``, ``service``, ``requests``, ``errors``
        (``sl.load_daily_history()``).
    slo_target : float
        Availability objective, in (0, 1).
    window_days : int, default 30
        Length of each window, 1 to 366 days.

    Returns
    -------
    pandas.DataFrame
        One row per service (index ``service``): ``slo_windows``,
        ``budget_breaches``, ``worst_consumed`` (the largest share of a
        window's budget spent).

    Examples
    --------
    Two 2-day windows; the first spends 3 errors of a 2-error budget:

    >>> import pandas as pd
    >>> days = pd.date_range("2026-10-01", periods=4, tz="UTC")
    >>> h = pd.DataFrame({"date": days, "service": "api", "requests": 1000,
    ...                   "errors": [2, 1, 0, 1]})
    >>> b = budget_breaches(h, slo_target=0.999, window_days=2)
    >>> b.loc["api", ["slo_windows", "budget_breaches"]].tolist()
    [2, 1]
    >>> float(b.loc["api", "worst_consumed"])
    1.5
    """
    from ..slo import error_budget

    check_columns("history", history, ["date", "service", "requests", "errors"])
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    window_days = check_int("window_days", window_days, low=1, high=366)
    if not pd.api.types.is_datetime64_any_dtype(history["date"]):
        raise TypeError(message("history", "a 'date' column of timestamps", str(history["date"].dtype)))
    for column in ("requests", "errors"):
        values = history[column]
        if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
            raise TypeError(message("history", f"a numeric '{column}' column", str(values.dtype)))
        if values.isna().any() or not np.isfinite(values.to_numpy(dtype=float)).all() or (values < 0).any():
            raise ValueError(message("history", f"counts >= 0 in '{column}'", "a negative, NaN or infinite count"))
    if history["date"].isna().any():
        raise ValueError(message("history", "dates without NaT", "NaT"))
    if (history["errors"] > history["requests"]).any():
        raise ValueError(message("history", "errors <= requests on every row", "more errors than requests"))
    if history.empty:
        return pd.DataFrame({"slo_windows": pd.Series(dtype=int), "budget_breaches": pd.Series(dtype=int),
                             "worst_consumed": pd.Series(dtype=float)}).rename_axis("service")
    dates = history["date"].dt.normalize()
    day = ((dates - dates.min()) // pd.Timedelta(days=1)).to_numpy()
    complete = (day.max() + 1) // window_days
    window = day // window_days
    keep = window < complete
    frame = pd.DataFrame({"service": history["service"].to_numpy()[keep], "window": window[keep],
                          "requests": history["requests"].to_numpy(dtype=float)[keep],
                          "errors": history["errors"].to_numpy(dtype=float)[keep]})
    sums = frame.groupby(["service", "window"], sort=False)[["requests", "errors"]].sum()
    budget = np.asarray(error_budget(slo_target, sums["requests"].to_numpy()), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        consumed = np.where(budget > 0, sums["errors"].to_numpy() / budget,
                            np.where(sums["errors"].to_numpy() > 0, np.inf, 0.0))
    sums["consumed"] = consumed
    sums["breached"] = consumed > 1
    by = sums.groupby(level="service", sort=False)
    services = list(dict.fromkeys(history["service"]))
    out = pd.DataFrame({"slo_windows": by.size(), "budget_breaches": by["breached"].sum().astype(int),
                        "worst_consumed": by["consumed"].max()}).reindex(services)
    out["slo_windows"] = out["slo_windows"].fillna(0).astype(int)
    out["budget_breaches"] = out["budget_breaches"].fillna(0).astype(int)
    return out.rename_axis("service")


def _team_band(tiers: Mapping) -> str:
    """A team's DORA band: the tier of its weakest key; a key in no cluster counts as low."""
    order = ("elite", "high", "medium", "low")
    worst = 0
    for tier in tiers.values():
        worst = max(worst, order.index(tier) if tier in order else len(order) - 1)
    return order[worst]


def maturity_indicators(*, edition=2023, window_days=30) -> pd.DataFrame:
    """MicroCorp's raw maturity indicators per team, from the section's own functions.

    Nothing is recomputed here: each column comes from the function that
    owns the quantity, per team of ``sl.SERVICE_TEAMS``:

    * readiness: ``sl.readiness_score(sl.MICROCORP_PRR, level=...)`` at each
      service's level (``sl.prr_level`` of ``sl.MICROCORP_SLO_TARGETS``),
      passed and required checks summed over the team's services;
    * toil: ``sl.toil_report(by="team")`` on the quarter's work log;
    * on-call: ``sl.microcorp_pages()`` (the SRE Workbook policy at 99.9 %)
      handed to each team's rotation by ``sl.simulate_oncall`` over the 28
      days of incidents;
    * error budgets: :func:`budget_breaches` over the year of
      ``sl.load_daily_history()``, each service at its own target;
    * DORA: ``sl.dora_metrics`` of the team's deployments placed by
      ``sl.dora_band`` on the chosen edition's clusters; the team's band is
      the tier of its weakest key (a key in no cluster counts as low).

    Parameters
    ----------
    edition : int, default 2023
        DORA report edition (``sl.DORA_EDITIONS``).
    window_days : int, default 30
        SLO window for the breach count.

    Returns
    -------
    pandas.DataFrame
        Index ``team``; columns ``prr_passed``, ``prr_required``,
        ``prr_coverage``, ``toil_share``, ``pages`` (28 days),
        ``pages_per_week``, ``incidents_per_shift`` (mean over the team's
        12-hour shifts), ``budget_breaches``, ``slo_windows``, ``dora_band``,
        and one column per DORA key's tier (``dora_<key>``).

    Examples
    --------
    >>> ind = maturity_indicators(edition=2023, window_days=30)
    >>> sorted(ind.index)
    ['orders', 'payments', 'search']
    >>> int(ind.loc["payments", "prr_required"]), int(ind.loc["payments", "prr_passed"])
    (20, 18)
    """
    from ..cost.chargeback import SERVICE_TEAMS
    from ..datasets import load_daily_history, load_deployments, load_work_log
    from ..incidents.oncall import microcorp_pages, simulate_oncall
    from ..simulation import ENGINEERS
    from .dora import DORA_EDITIONS, dora_band, dora_metrics
    from .readiness import MICROCORP_PRR, MICROCORP_SLO_TARGETS, prr_level, readiness_score
    from .toil import toil_report

    if isinstance(edition, bool) or not isinstance(edition, (int, np.integer)) or int(edition) not in DORA_EDITIONS:
        raise ValueError(message("edition", "one of " + ", ".join(str(e) for e in DORA_EDITIONS), edition))
    window_days = check_int("window_days", window_days, low=1, high=366)
    teams = list(dict.fromkeys(SERVICE_TEAMS.values()))
    team_of = dict(SERVICE_TEAMS)

    prr = readiness_score(MICROCORP_PRR, level={s: prr_level(t) for s, t in MICROCORP_SLO_TARGETS.items()})
    prr = prr.groupby(prr.index.map(team_of))[["passed", "required"]].sum()

    toil = toil_report(load_work_log(), by="team").shares["toil_share"]

    pages = microcorp_pages(slo_target=0.999, approach=6, window_days=30)
    team_pages, per_shift = {}, {}
    for team in teams:
        mine = pages[pages["service"].map(team_of) == team]
        people = sum(1 for _, t in ENGINEERS if t == team)
        load = simulate_oncall(mine[["raised", "matched"]], people=max(people, 2), rota_days=7,
                               start="2026-10-05", days=28)
        team_pages[team] = len(mine)
        per_shift[team] = float(load.shifts["pages"].mean())

    history = load_daily_history()
    breaches = pd.concat([budget_breaches(history[history["service"] == s], slo_target=t,
                                          window_days=window_days)
                          for s, t in MICROCORP_SLO_TARGETS.items()])
    breaches = breaches.groupby(breaches.index.map(team_of))[["budget_breaches", "slo_windows"]].sum()

    deployments = load_deployments()
    tiers = {team: dict(dora_band(dora_metrics(deployments[deployments["team"] == team]),
                                  edition=int(edition))["tier"])
             for team in teams}

    out = pd.DataFrame(index=pd.Index(teams, name="team"))
    out["prr_passed"] = prr["passed"].reindex(teams).astype(int)
    out["prr_required"] = prr["required"].reindex(teams).astype(int)
    out["prr_coverage"] = out["prr_passed"] / out["prr_required"]
    out["toil_share"] = toil.reindex(teams).astype(float)
    out["pages"] = pd.Series(team_pages).reindex(teams).astype(int)
    out["pages_per_week"] = out["pages"] / 4
    out["incidents_per_shift"] = pd.Series(per_shift).reindex(teams)
    out["budget_breaches"] = breaches["budget_breaches"].reindex(teams).astype(int)
    out["slo_windows"] = breaches["slo_windows"].reindex(teams).astype(int)
    out["dora_band"] = [_team_band(tiers[t]) for t in teams]
    for key in next(iter(tiers.values())):
        out[f"dora_{key}"] = [tiers[t][key] for t in teams]
    return out


def _weights(weights) -> pd.Series:
    """Weights over the five indicators, checked, normalised to sum 1."""
    if weights is None:
        weights = MATURITY_WEIGHTS
    if not isinstance(weights, Mapping):
        raise TypeError(message("weights", "a dict {indicator: weight} over "
                                + ", ".join(repr(k) for k in _NAMES), weights))
    values = {}
    for key, value in weights.items():
        check_choice("weights key", key, _NAMES)
        values[key] = check_real(f"weights[{key!r}]", value, low=0, scalar=True)
    series = pd.Series({k: values.get(k, 0.0) for k in _NAMES}, dtype=float)
    total = float(series.sum())
    if not total > 0 or not np.isfinite(total):
        raise ValueError(message("weights", "weights >= 0 with a positive, finite sum", dict(weights)))
    return series / total


def _normalised(indicators) -> pd.DataFrame:
    """Raw indicators -> the five unit-free columns in [0, 1] (1 = best)."""
    check_columns("indicators", indicators, _RAW)
    if indicators.empty:
        raise ValueError(message("indicators", "a DataFrame with one row per team", "an empty DataFrame"))
    if indicators.index.has_duplicates:
        raise ValueError(message("indicators", "one row per team (a unique index)",
                                 "a repeated team", "Set the team names as the index."))

    def column(name, **bounds):
        values = indicators[name]
        if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
            raise TypeError(message("indicators", f"numbers in column {name!r}", str(values.dtype)))
        return check_real(f"indicators[{name!r}]", values.to_numpy(dtype=float), **bounds)

    prr = column("prr_coverage", low=0, high=1, rule="a fraction in [0, 1]")
    toil = column("toil_share", low=0, high=1, rule="a fraction in [0, 1]")
    shift = column("incidents_per_shift", low=0, high=1e6)
    breaches = column("budget_breaches", low=0, high=1e9)
    windows = column("slo_windows", low=0, low_open=True, high=1e9)
    if (breaches > windows).any():
        raise ValueError(message("indicators", "budget_breaches <= slo_windows on every row",
                                 "more breaches than windows"))
    bands = indicators["dora_band"]
    for band in bands:
        if not isinstance(band, str):
            raise TypeError(message("indicators['dora_band']", "one of " + ", ".join(map(repr, _BANDS)), band))
        check_choice("indicators['dora_band']", band.lower(), tuple(_BANDS))
    from ..incidents.oncall import PAGES_PER_SHIFT_LIMIT
    from .toil import TOIL_CAP

    return pd.DataFrame({
        "prr": prr,
        "toil": 1 - np.minimum(toil / TOIL_CAP, 1.0),
        "oncall": 1 - np.minimum(shift / PAGES_PER_SHIFT_LIMIT, 1.0),
        "budget": 1 - breaches / windows,
        "dora": [_BANDS[b.lower()] for b in bands],
    }, index=indicators.index)


def _stage(scores) -> list[str]:
    return [MATURITY_STAGES[int(np.searchsorted(MATURITY_STAGE_CUTS, s, side="right"))] for s in scores]


def maturity_score(indicators, *, weights=None) -> pd.DataFrame:
    """Score teams on unit-free indicators with visible weights; rank and stage them.

    Each raw indicator becomes a number in [0, 1] (1 = best) against its
    published reference point (:data:`MATURITY_INDICATORS`); the score is
    their weighted mean, so it is in [0, 1] whatever units the raw data came
    in, and each weight says how much that indicator may move it.

    Parameters
    ----------
    indicators : pandas.DataFrame
        One row per team (index: team), columns ``prr_coverage`` (0-1),
        ``toil_share`` (0-1), ``incidents_per_shift`` (>= 0),
        ``budget_breaches`` and ``slo_windows`` (counts, breaches <= windows,
        windows > 0), ``dora_band`` (``"elite"``, ``"high"``, ``"medium"``,
        ``"low"``). :func:`maturity_indicators` builds MicroCorp's.
    weights : dict, optional
        ``{indicator: weight >= 0}`` over ``"prr"``, ``"toil"``, ``"oncall"``,
        ``"budget"``, ``"dora"``; missing ones weigh 0; normalised to sum 1.
        Default :data:`MATURITY_WEIGHTS` (equal).

    Returns
    -------
    pandas.DataFrame
        Per team: the five normalised indicators, ``score`` (weighted mean),
        ``rank`` (1 = highest score; ties share the better rank) and
        ``stage`` (:data:`MATURITY_STAGE_CUTS`), sorted by rank. The weights
        used are in ``result.attrs["weights"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> teams = pd.DataFrame({
    ...     "prr_coverage": [0.9, 0.6], "toil_share": [0.25, 0.6],
    ...     "incidents_per_shift": [0.5, 1.0], "budget_breaches": [0, 6],
    ...     "slo_windows": [12, 12], "dora_band": ["high", "low"]}, index=["a", "b"])
    >>> s = maturity_score(teams)
    >>> s.loc["a", ["prr", "toil", "oncall", "budget", "dora"]].round(4).tolist()
    [0.9, 0.5, 0.75, 1.0, 0.6667]
    >>> round(float(s.loc["a", "score"]), 4), s.loc["a", "stage"]   # (0.9+0.5+0.75+1+2/3)/5
    (0.7633, 'Predictive')
    >>> round(float(s.loc["b", "score"]), 4), s.loc["b", "stage"]   # (0.6+0+0.5+0.5+0)/5
    (0.32, 'Reactive')
    >>> s.attrs["weights"]["prr"]
    0.2
    """
    w = _weights(weights)
    table = _normalised(indicators)
    table["score"] = table[list(w.index)].to_numpy() @ w.to_numpy()
    table["rank"] = table["score"].rank(ascending=False, method="min").astype(int)
    table["stage"] = _stage(table["score"])
    table = table.sort_values(["rank"], kind="stable")
    table.attrs["weights"] = {k: float(v) for k, v in w.items()}
    return table


def maturity_weight_sweep(indicators, *, indicator, weights=None, steps=21) -> pd.DataFrame:
    """Each team's score as the weight of one indicator goes from 0 to 1.

    The other weights keep their proportions and share the rest, so every
    row is a valid weighting. Where two teams' lines cross, their ranking
    flips: the sweep shows how far the weights can move before it does.

    Parameters
    ----------
    indicators : pandas.DataFrame
        As for :func:`maturity_score`.
    indicator : str
        One of ``"prr"``, ``"toil"``, ``"oncall"``, ``"budget"``, ``"dora"``.
    weights : dict, optional
        Base weights (default equal).
    steps : int, default 21
        Weights evaluated, evenly from 0 to 1 (2 to 1,001).

    Returns
    -------
    pandas.DataFrame
        Index ``weight`` (of ``indicator``), one column per team (its score),
        plus ``leader`` (the team ranked first; the first in table order on a
        tie) and ``ranking`` (all teams, best first, e.g. ``"a > b"``).

    Examples
    --------
    >>> import pandas as pd
    >>> teams = pd.DataFrame({
    ...     "prr_coverage": [1.0, 0.0], "toil_share": [0.5, 0.0],
    ...     "incidents_per_shift": [0.0, 0.0], "budget_breaches": [0, 0],
    ...     "slo_windows": [1, 1], "dora_band": ["low", "low"]}, index=["a", "b"])
    >>> sweep = maturity_weight_sweep(teams, indicator="prr", steps=3)
    >>> sweep["a"].round(3).tolist(), sweep["b"].round(3).tolist()
    ([0.5, 0.75, 1.0], [0.75, 0.375, 0.0])
    >>> sweep["leader"].tolist()
    ['b', 'a', 'a']
    >>> sweep["ranking"].iloc[0]
    'b > a'
    """
    check_choice("indicator", indicator, _NAMES)
    steps = check_int("steps", steps, low=2, high=1001)
    base = _weights(weights)
    table = _normalised(indicators)
    others = base.drop(indicator)
    if others.sum() == 0:
        others[:] = 1.0
    others = others / others.sum()
    grid = np.linspace(0.0, 1.0, steps)
    matrix = np.zeros((steps, len(_NAMES)))
    names = list(_NAMES)
    for j, name in enumerate(names):
        matrix[:, j] = grid if name == indicator else (1 - grid) * others[name]
    scores = matrix @ table[names].to_numpy().T
    out = pd.DataFrame(scores, index=pd.Index(grid, name="weight"), columns=table.index)
    teams = np.asarray(table.index)
    out["leader"] = teams[np.argmax(scores, axis=1)]
    order = np.argsort(-scores, axis=1, kind="stable")
    out["ranking"] = [" > ".join(str(t) for t in teams[row]) for row in order]
    return out


def maturity_rank_shares(indicators, *, weights=None, concentration=1.0, n_samples=2000,
                         rng=None) -> pd.DataFrame:
    """How often each team holds each rank when the weights are drawn at random.

    Weightings are drawn from a Dirichlet distribution centred on ``weights``
    (``alpha = 5 × concentration × weights``; with equal weights and
    concentration 1 that is ``alpha = 1`` for each indicator: every weighting
    equally likely). A ranking that holds in most draws does not depend on
    the weights; one that flips often does.

    Parameters
    ----------
    indicators : pandas.DataFrame
        As for :func:`maturity_score`.
    weights : dict, optional
        Centre of the draws (default equal). Indicators weighing 0 stay at 0.
    concentration : float, default 1.0
        How tightly draws gather around ``weights`` (0.01 to 1,000; larger =
        closer).
    n_samples : int, default 2000
        Weightings drawn (100 to 200,000).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        Index team (in the order of the scores with ``weights``), columns
        ``1``, ``2``, ... (share of draws holding that rank), and
        ``same_as_base`` (share of draws that give the team the rank it has
        with ``weights``).

    Examples
    --------
    A team better on every indicator is first in every weighting:

    >>> import pandas as pd
    >>> teams = pd.DataFrame({
    ...     "prr_coverage": [0.9, 0.5], "toil_share": [0.1, 0.4],
    ...     "incidents_per_shift": [0.1, 1.0], "budget_breaches": [0, 3],
    ...     "slo_windows": [12, 12], "dora_band": ["elite", "medium"]}, index=["a", "b"])
    >>> shares = maturity_rank_shares(teams, rng=0)
    >>> float(shares.loc["a", 1]), float(shares.loc["b", 2])
    (1.0, 1.0)
    """
    base = _weights(weights)
    concentration = check_real("concentration", concentration, low=0.01, high=1000, scalar=True)
    n_samples = check_int("n_samples", n_samples, low=100, high=200_000)
    generator = check_rng(rng)
    table = _normalised(indicators)
    names = list(_NAMES)
    active = [n for n in names if base[n] > 0]
    alpha = 5 * concentration * base[active].to_numpy()
    draws = np.zeros((n_samples, len(names)))
    draws[:, [names.index(n) for n in active]] = generator.dirichlet(alpha, size=n_samples)
    scores = draws @ table[names].to_numpy().T            # samples x teams
    ranks = (-scores).argsort(axis=1, kind="stable").argsort(axis=1, kind="stable") + 1
    reference = maturity_score(indicators, weights=dict(base))
    order = list(reference.index)
    position = {team: i for i, team in enumerate(table.index)}
    n_teams = len(order)
    out = pd.DataFrame(index=pd.Index(order, name=table.index.name))
    for k in range(1, n_teams + 1):
        out[k] = [float(np.mean(ranks[:, position[t]] == k)) for t in order]
    out["same_as_base"] = [float(np.mean(ranks[:, position[t]] == reference.loc[t, "rank"]))
                           for t in order]
    return out
