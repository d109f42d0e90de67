"""Reliability culture: SRE team models (embedded, central, consulting) as a stated model.

How should a company put its SREs to work: one in every product team, one
central team taking tickets from all, or a few consultants who teach? The
Google Cloud blog (Franco & Brown, "How SRE teams are organized, and how to
get started", 2019) describes six implementations seen at Google, each with
pros and cons: kitchen sink ("everything SRE"), infrastructure, tools,
product/application, embedded, consulting. This module groups them into the
three models of the course outline and turns each into **a small queueing and
learning model with visible parameters**, so the trade-offs are computed, not
asserted. The parameters are the course's assumptions; change them.

=========================  =====================================================
``SRE_IMPLEMENTATIONS``    the blog's six implementations, with the course model
                           each belongs to (data)
``TEAM_MODELS``            the parameters of the three models (a DataFrame to copy
                           and edit)
``team_model_outcomes``    requests per team -> response time, utilisation,
                           knowledge spread and cost of each model
``team_model_sweep``       the same outcomes for a range of headcounts (long
                           format, for plots)
``sre_needed``             the smallest SRE headcount meeting a response target,
                           per model, and its cost
=========================  =====================================================

The model (one paragraph, everything else follows)
---------------------------------------------------
Product teams send the SREs *requests* (a launch to review, an alert to fix, a
capacity question, an incident's follow-up) at ``requests_per_week`` each.
A request takes ``hours_per_request`` of work plus ``ramp_hours`` to learn the
team's context (0 for an SRE who sits in the team). An SRE spends
``ops_share`` of a ``hours_per_week`` week on requests and ``teaching_share``
side by side with developers; the rest is project work.

* **Response time**: requests wait in a queue, M/M/c (Erlang C, the model of
  section 2's capacity notebook). A *pooled* model (central, consulting) has
  one queue served by every SRE; *embedded* has one queue per team served by
  that team's SREs (headcount split as evenly as possible, extra SREs to the
  busiest teams). Response time = mean wait + ``ramp_hours``, in working
  hours. A queue whose work exceeds its capacity never empties: the response
  time is ``sl.NEVER``.
* **Knowledge spread**: developers learn from hours spent with SREs.
  ``contact`` = teaching hours reaching one developer over ``quarters``
  quarters (13 weeks each); the share of the operational know-how they hold
  is ``1 - exp(-contact / learning_hours)`` (a learning curve: after
  ``learning_hours`` of contact, 63 % of the gap is closed).
* **Cost**: SRE headcount x ``sre_cost_usd_per_year``. Models differ in cost
  through the headcount each needs to meet a response target
  (:func:`sre_needed`).

Taught in ``notebooks/05_culture/2a_sre_team_models.ipynb``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._validation import check_int, check_real, message
from .._windows import NEVER, described
from ..forecasting import erlang_c

__all__ = ["SRE_IMPLEMENTATIONS", "TEAM_MODELS", "team_model_outcomes", "team_model_sweep",
           "sre_needed"]

#: The six implementations of the Google Cloud blog (Franco & Brown, 2019), in
#: the blog's order (a common path of evolution), paraphrased, with the course
#: model each is closest to.
SRE_IMPLEMENTATIONS = pd.DataFrame(
    [
        ("kitchen sink", "central",
         "the first and only SRE team, scope 'everything'; no coverage gaps, but "
         "the scope is unbounded and the team risks overload"),
        ("infrastructure", "central",
         "maintains shared infrastructure other teams build on; consistent "
         "practice, far from the product's users"),
        ("tools", "central",
         "builds software that helps developers measure and improve reliability"),
        ("product/application", "central",
         "one SRE team per critical product or business area"),
        ("embedded", "embedded",
         "SREs sit in developer teams, usually one per team, hands-on, often for a "
         "project or a fixed time"),
        ("consulting", "consulting",
         "like embedded but less hands-on: SREs advise many teams and change little "
         "code themselves"),
    ],
    columns=["implementation", "model", "summary"],
).set_index("implementation")

#: Parameters of the three models (the course's assumptions, not measurements).
#: ``pooled``: one queue for all teams (True) or one per team; ``ramp_hours``:
#: context to load per request; ``ops_share`` / ``teaching_share``: shares of
#: SRE time on requests / side by side with developers.
TEAM_MODELS = pd.DataFrame(
    {
        "pooled": [False, True, True],
        "ramp_hours": [0.0, 2.0, 4.0],
        "ops_share": [0.6, 0.6, 0.4],
        "teaching_share": [0.25, 0.05, 0.5],
    },
    index=pd.Index(["embedded", "central", "consulting"], name="model"),
)

_MODEL_COLUMNS = ("pooled", "ramp_hours", "ops_share", "teaching_share")
_WEEKS_PER_QUARTER = 13
_MAX_SRE = 1_000
_MAX_TEAMS = 1_000


def _check_models(models) -> pd.DataFrame:
    if models is None:
        return TEAM_MODELS
    if not isinstance(models, pd.DataFrame):
        raise TypeError(message("models", "a DataFrame like sl.TEAM_MODELS", type(models).__name__))
    missing = [c for c in _MODEL_COLUMNS if c not in models.columns]
    if missing:
        raise ValueError(described("models", "a DataFrame with the columns of sl.TEAM_MODELS",
                                   "a DataFrame without " + ", ".join(repr(c) for c in missing),
                                   "Start from sl.TEAM_MODELS.copy() and change its values."))
    if len(models) == 0 or len(models) > 100:
        raise ValueError(described("models", "1 to 100 rows (one per model)", f"{len(models)} rows"))
    if not models.index.is_unique:
        raise ValueError(described("models", "indexed by unique model names", "a repeated name"))
    pooled = models["pooled"]
    if not pooled.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        raise TypeError(described("models", "a DataFrame whose 'pooled' holds True or False",
                                  "other values"))
    clean = pd.DataFrame({"pooled": pooled.astype(bool)}, index=models.index)
    for column, high in (("ramp_hours", 1000.0), ("ops_share", 1.0), ("teaching_share", 1.0)):
        values = models[column]
        if not values.map(lambda v: isinstance(v, (int, float, np.integer, np.floating))
                          and not isinstance(v, (bool, np.bool_))).all():
            raise TypeError(described("models", f"a DataFrame whose {column!r} holds numbers",
                                      "other values"))
        array = values.to_numpy(dtype=float)
        if not (np.isfinite(array) & (array >= 0) & (array <= high)).all():
            raise ValueError(described("models", f"a DataFrame whose {column!r} lies in [0, {high:g}]",
                                       repr(float(array[~(np.isfinite(array) & (array >= 0) & (array <= high))][0]))))
        clean[column] = array
    if (clean["ops_share"] <= 0).any():
        raise ValueError(described("models", "a DataFrame whose 'ops_share' is > 0 (someone must take "
                                   "requests)", "0"))
    if (clean["ops_share"] + clean["teaching_share"] > 1 + 1e-12).any():
        raise ValueError(described("models", "a DataFrame with ops_share + teaching_share <= 1",
                                   "a row above 1", "Shares are of one SRE's week."))
    return clean


def _check_requests(requests_per_week) -> pd.Series:
    rule = "a mapping {team: requests per week} with 1 to 1,000 teams and rates in [0, 1e6]"
    if isinstance(requests_per_week, pd.Series):
        series = requests_per_week
    elif isinstance(requests_per_week, Mapping):
        series = pd.Series(dict(requests_per_week), dtype=object)
    else:
        raise TypeError(message("requests_per_week", rule, type(requests_per_week).__name__,
                                "E.g. {'orders': 1.25, 'payments': 0.5, 'search': 2.0}."))
    if not 1 <= len(series) <= _MAX_TEAMS:
        raise ValueError(described("requests_per_week", rule, f"{len(series)} teams"))
    if not series.index.is_unique:
        raise ValueError(described("requests_per_week", rule, "a team listed twice"))
    values = check_real("requests_per_week", series.to_numpy(dtype=object).tolist()
                        if series.dtype == object else series.to_numpy(), low=0, high=1e6)
    return pd.Series(np.asarray(values, dtype=float), index=series.index)


def _mean_wait_weeks(servers: int, arrival_per_week: float, service_per_week: float) -> float:
    """Mean wait in an M/M/c queue, in weeks (inf when it never empties)."""
    if arrival_per_week == 0:
        return 0.0
    if servers == 0 or arrival_per_week >= servers * service_per_week:
        return math.inf
    load = arrival_per_week / service_per_week
    return erlang_c(servers, load) / (servers * service_per_week - arrival_per_week)


def _split(n_sre: int, rates: np.ndarray) -> np.ndarray:
    """SREs per team: as even as possible, the extra ones to the busiest teams."""
    base, extra = divmod(n_sre, len(rates))
    counts = np.full(len(rates), base)
    order = np.lexsort((np.arange(len(rates)), -rates))
    counts[order[:extra]] += 1
    return counts


def team_model_outcomes(requests_per_week, *, n_sre, hours_per_request=6.0, models=None,
                        hours_per_week=40.0, devs_per_team=8, quarters=4, learning_hours=40.0,
                        sre_cost_usd_per_year=200_000.0) -> pd.DataFrame:
    """Response time, utilisation, knowledge spread and cost of each SRE team model.

    The same SREs and the same requests, organised three ways (see the module
    docstring for the model in full). Pooling shortens queues; sitting in the
    team saves the ramp-up; teaching spreads know-how but takes time from
    requests.

    Parameters
    ----------
    requests_per_week : dict or pandas.Series
        ``{team: requests per week}`` sent to the SREs, rates >= 0.
    n_sre : int
        SRE headcount, 1 .. 1,000.
    hours_per_request : float, default 6.0
        Hours of work a request takes once started, > 0 (the SRE book, ch. 11,
        puts an incident with its follow-up at about 6 hours).
    models : DataFrame, optional
        Rows like :data:`TEAM_MODELS` (the default): ``pooled``,
        ``ramp_hours``, ``ops_share``, ``teaching_share``.
    hours_per_week : float, default 40.0
        Working hours of an SRE's week, in (0, 168].
    devs_per_team : int, default 8
        Developers per team who can learn from the SREs, 1 .. 10,000.
    quarters : int, default 4
        How long the SREs have been teaching, 0 .. 100 quarters of 13 weeks.
    learning_hours : float, default 40.0
        Contact hours with SREs that close 63 % of a developer's gap, > 0.
    sre_cost_usd_per_year : float, default 200,000
        Fully loaded cost of one SRE per year, >= 0 (an assumption: use yours).

    Returns
    -------
    pandas.DataFrame
        One row per model: ``n_sre``, ``utilisation`` (of the busiest queue),
        ``response_time`` (Timedelta of working time: mean wait + ramp-up,
        averaged over requests, rounded up to the second; ``sl.NEVER`` when
        a queue never empties),
        ``contact_hours`` (per developer over ``quarters``),
        ``knowledge_share`` (fraction), ``cost_usd_per_year``.

    Raises
    ------
    TypeError, ValueError
        Bad rates, headcount or parameters (the message names the parameter).

    See Also
    --------
    sre_needed : the smallest headcount meeting a response target.
    erlang_c : the probability of waiting in an M/M/c queue.

    Notes
    -----
    Per queue with ``c`` SREs and arrival rate ``lambda`` (per week), each
    SRE serves ``mu = ops_share x hours_per_week / (hours_per_request +
    ramp_hours)`` requests a week; the mean wait is
    ``C(c, lambda/mu) / (c mu - lambda)`` weeks (Erlang C), times
    ``hours_per_week`` to read it in working hours. Knowledge:
    ``contact = teaching_share x hours_per_week x 13 x quarters x SREs of
    the team / devs_per_team`` (pooled: ``n_sre / teams`` SREs per team) and
    ``knowledge_share = 1 - exp(-contact / learning_hours)``, averaged over
    developers. Taught in ``notebooks/05_culture/2a_sre_team_models.ipynb``.

    Examples
    --------
    One team sending 2 requests a week to one embedded SRE who has 24 hours a
    week for them: ``mu = 24 / 6 = 4``, utilisation 0.5, wait
    ``0.5 / (4 - 2) = 0.25`` weeks = 10 working hours:

    >>> out = team_model_outcomes({"search": 2.0}, n_sre=1)
    >>> float(out.loc["embedded", "utilisation"])
    0.5
    >>> out.loc["embedded", "response_time"] / pd.Timedelta(hours=1)
    10.0
    >>> round(float(out.loc["embedded", "knowledge_share"]), 3)  # 1 - exp(-65 / 40)
    0.803
    """
    rates = _check_requests(requests_per_week)
    n_sre = check_int("n_sre", n_sre, low=1, high=_MAX_SRE)
    hours_per_request = check_real("hours_per_request", hours_per_request, low=0, low_open=True,
                                   high=10_000, scalar=True)
    models = _check_models(models)
    hours_per_week = check_real("hours_per_week", hours_per_week, low=0, low_open=True, high=168,
                                scalar=True)
    devs_per_team = check_int("devs_per_team", devs_per_team, low=1, high=10_000)
    quarters = check_int("quarters", quarters, low=0, high=100)
    learning_hours = check_real("learning_hours", learning_hours, low=0, low_open=True,
                                high=1e6, scalar=True)
    sre_cost_usd_per_year = check_real("sre_cost_usd_per_year", sre_cost_usd_per_year, low=0,
                                       high=1e9, scalar=True)

    lam = rates.to_numpy()
    total = lam.sum()
    weeks = _WEEKS_PER_QUARTER * quarters
    rows, responses = [], []
    for name, row in models.iterrows():
        service_hours = hours_per_request + row["ramp_hours"]
        mu = row["ops_share"] * hours_per_week / service_hours
        if row["pooled"]:
            sres = np.full(len(lam), n_sre / len(lam))
            wait = _mean_wait_weeks(n_sre, total, mu)
            waits = np.full(len(lam), wait)
            util = total / (n_sre * mu)
        else:
            sres = _split(n_sre, lam)
            waits = np.array([_mean_wait_weeks(int(c), r, mu) for c, r in zip(sres, lam)])
            with np.errstate(divide="ignore", invalid="ignore"):
                utils = np.where(sres > 0, lam / (np.maximum(sres, 1) * mu),
                                 np.where(lam > 0, math.inf, 0.0))
            util = float(utils.max())
        busy = lam > 0
        if not busy.any():
            mean_wait = 0.0
        elif np.isinf(waits[busy]).any():
            mean_wait = math.inf
        else:
            mean_wait = float((waits[busy] * lam[busy]).sum() / lam[busy].sum())
        if math.isinf(mean_wait):
            response = NEVER
        else:
            response = pd.Timedelta(hours=mean_wait * hours_per_week + row["ramp_hours"]).ceil("s")
        contact = row["teaching_share"] * hours_per_week * weeks * sres / devs_per_team
        knowledge = float(np.mean(1 - np.exp(-contact / learning_hours)))
        responses.append(response)
        rows.append({"model": name, "n_sre": n_sre, "utilisation": round(float(util), 12), "contact_hours": round(float(contact.mean()), 9),
                     "knowledge_share": round(knowledge, 12),
                     "cost_usd_per_year": n_sre * sre_cost_usd_per_year})
    result = pd.DataFrame(rows).set_index("model")
    result.insert(2, "response_time", pd.TimedeltaIndex(responses).to_numpy())
    return result


def team_model_sweep(requests_per_week, *, n_sre=range(1, 9), **options) -> pd.DataFrame:
    """:func:`team_model_outcomes` for several headcounts, one row per (headcount, model).

    Parameters
    ----------
    requests_per_week : dict or pandas.Series
        ``{team: requests per week}``.
    n_sre : iterable of int, default range(1, 9)
        Headcounts to try (1 to 100 of them, each 1 .. 1,000).
    **options
        Passed on to :func:`team_model_outcomes`.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``n_sre`` and those of :func:`team_model_outcomes`,
        sorted by headcount then model order.

    Examples
    --------
    >>> sweep = team_model_sweep({"search": 2.0}, n_sre=[1, 2])
    >>> sweep[["model", "n_sre"]].values.tolist()[:3]
    [['embedded', 1], ['central', 1], ['consulting', 1]]
    """
    if isinstance(n_sre, (str, bytes, Mapping)) or not hasattr(n_sre, "__iter__"):
        raise TypeError(message("n_sre", "an iterable of whole numbers (e.g. range(1, 9))", n_sre))
    counts = list(n_sre)
    if not 1 <= len(counts) <= 100:
        raise ValueError(described("n_sre", "1 to 100 headcounts", f"{len(counts)} of them"))
    if "n_sre" in options:
        raise TypeError(message("options", "without n_sre (given as the range)", "n_sre"))
    frames = [team_model_outcomes(requests_per_week, n_sre=n, **options) for n in counts]
    return pd.concat(frames).reset_index()


def sre_needed(requests_per_week, *, response_hours, max_sre=50, **options) -> pd.DataFrame:
    """The smallest SRE headcount with which each model answers within a target.

    Tries ``n_sre = 1, 2, ..., max_sre`` with :func:`team_model_outcomes` and
    keeps, per model, the first whose mean response time is at most
    ``response_hours`` working hours.

    Parameters
    ----------
    requests_per_week : dict or pandas.Series
        ``{team: requests per week}``, as in :func:`team_model_outcomes`.
    response_hours : float
        Target mean response time in working hours, > 0.
    max_sre : int, default 50
        Largest headcount tried, 1 .. 1,000.
    **options
        Passed on to :func:`team_model_outcomes` (``hours_per_request``,
        ``models``, ``sre_cost_usd_per_year``, ...).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`team_model_outcomes` at each model's smallest
        headcount; a model that misses the target even with ``max_sre`` SREs
        keeps that row with ``n_sre`` set to ``pd.NA`` in a nullable column.

    Examples
    --------
    One team, 2 requests a week. Embedded: 1 SRE answers in 10 h, 2 SREs in
    40 min (Erlang C with c = 2, a = 0.5: C = 0.1, wait 0.1 / 6 weeks):

    >>> out = sre_needed({"search": 2.0}, response_hours=8)
    >>> int(out.loc["embedded", "n_sre"])
    2
    """
    response_hours = check_real("response_hours", response_hours, low=0, low_open=True,
                                high=1e6, scalar=True)
    max_sre = check_int("max_sre", max_sre, low=1, high=_MAX_SRE)
    if "n_sre" in options:
        raise TypeError(message("options", "without n_sre (sre_needed searches it)", "n_sre"))
    target = pd.Timedelta(hours=response_hours)
    found: dict = {}
    last = None
    for n in range(1, max_sre + 1):
        out = team_model_outcomes(requests_per_week, n_sre=n, **options)
        last = out
        for name, row in out.iterrows():
            if name not in found and pd.notna(row["response_time"]) and row["response_time"] <= target:
                found[name] = row
        if len(found) == len(out):
            break
    rows = []
    for name in last.index:
        if name in found:
            rows.append(found[name].rename(name))
        else:
            missed = last.loc[name].copy()
            rows.append(missed.rename(name))
    result = pd.DataFrame(rows)
    result.index.name = "model"
    result["n_sre"] = pd.array([int(found[n]["n_sre"]) if n in found else pd.NA for n in result.index],
                               dtype="Int64")
    result["response_time"] = pd.TimedeltaIndex(list(result["response_time"])).to_numpy()
    for column in ("utilisation", "contact_hours", "knowledge_share", "cost_usd_per_year"):
        result[column] = result[column].astype(float)
    return result
