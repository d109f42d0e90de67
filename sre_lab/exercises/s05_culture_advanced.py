"""Exercises and quizzes of section 5 (reliability culture), advanced tier (keys "cul3a", "cul3b", "cul3c").

The advanced tier asks for design and critique: why the outline's maturity
score ranks teams by their units and how a normalised score's ranking depends
on its weights (3a), where MicroCorp's teams sit on DORA's published clusters
and why the edition matters (3b), and what reliability is worth to the
business, as an interval (3c). Reference answers and misconceptions call the
same core functions the notebooks call (``sl.outline_maturity_score``,
``sl.maturity_score``, ``sl.dora_metrics``, ``sl.dora_band``,
``sl.downtime_cost``, ``sl.reliability_roi`` ...); nothing is typed in.
3c ends the section with its three recap quizzes.
"""

from __future__ import annotations

import functools

from ._engine import Exercise
from ._quiz import Quiz

_NB_A = "05_culture/3a_scaling_sre_and_maturity"
_NB_B = "05_culture/3b_dora_four_keys"
_NB_C = "05_culture/3c_the_business_case"

#: Naomi's case in 3c: the observed period, the ranges she states, the seed.
PERIOD_DAYS = 28
INVESTMENT_USD = (25_000, 35_000)
REDUCTION = (0.25, 0.60)
CHURN_PROBABILITY = (0.01, 0.10)
PURCHASES_PER_YEAR = 4
SEED = 2026


#: 3a: the DORA edition, the SLO window and the error-budget-first weights of Exercise 2.
DORA_EDITION = 2023
WINDOW_DAYS = 30
BUDGET_FIRST = {"prr": 1, "toil": 1, "oncall": 1, "budget": 3, "dora": 1}


# --------------------------------------------------------------------------- 3a helpers (lazy)

@functools.cache
def _indicators():
    from ..culture.maturity import maturity_indicators

    return maturity_indicators(edition=DORA_EDITION, window_days=WINDOW_DAYS)


def _outline_leader(readiness_scale: float) -> str:
    """The team the outline's score ranks first, readiness written on a 0-``scale`` scale."""
    from ..culture.maturity import outline_maturity_score

    ind = _indicators()
    score = outline_maturity_score(ind["prr_coverage"] * readiness_scale, ind["budget_breaches"],
                                   ind["pages_per_week"])
    return str(score.idxmax())


def _score(team: str, weights=None, indicators=None) -> float:
    from ..culture.maturity import maturity_score

    return float(maturity_score(_indicators() if indicators is None else indicators,
                                weights=weights).loc[team, "score"])


def _unnormalised_weights_score(team: str) -> float:
    """Weights used as they are (a weighted sum, not divided by their total)."""
    return _score(team, BUDGET_FIRST) * sum(BUDGET_FIRST.values())


def _raw_breaches_score(team: str) -> float:
    """The budget indicator replaced by the raw breach count (1 - breaches, not 1 - share)."""
    ind = _indicators().copy()
    ind["slo_windows"] = 1
    ind["budget_breaches"] = 0
    base = _score(team, BUDGET_FIRST, ind)                  # budget indicator = 1
    raw = 1 - float(_indicators().loc[team, "budget_breaches"])
    weight = BUDGET_FIRST["budget"] / sum(BUDGET_FIRST.values())
    return base + weight * (raw - 1)


# --------------------------------------------------------------------------- 3b helpers (lazy)

def _team_log(team: str | None = None):
    from ..datasets import load_deployments

    log = load_deployments()
    return log if team is None else log[log["team"] == team]


def _cfr(team: str | None = None) -> float:
    from ..culture.dora import dora_metrics

    return float(dora_metrics(_team_log(team))["change_failure_rate"])


def _failed_over_successful(team: str) -> float:
    from ..culture.dora import dora_metrics

    keys = dora_metrics(_team_log(team))
    return keys["n_failed"] / (keys["n_deployments"] - keys["n_failed"])


def _incident_share(team: str) -> float:
    """Deployments that caused an incident / deployments (a failure that hurt users)."""
    log = _team_log(team)
    return float(log["caused_incident"].sum() / len(log))


def _lead_tier(team: str, edition: int) -> str:
    from ..culture.dora import dora_band, dora_metrics

    return str(dora_band(dora_metrics(_team_log(team)), edition=edition).loc["lead_time", "tier"])


# --------------------------------------------------------------------------- 3c helpers (lazy)

@functools.cache
def _cost():
    from ..cost.benefit import downtime_cost

    return downtime_cost()


@functools.cache
def _response():
    from ..culture.business import response_cost
    from ..datasets import load_work_log

    people = response_cost(load_work_log())
    return _cost()["id"].map(people).fillna(0.0)


def _roi(*, with_response=True):
    from ..culture.business import reliability_roi

    return reliability_roi(
        _cost()["lost_revenue_usd"], response_cost_usd=_response() if with_response else None,
        period_days=PERIOD_DAYS, investment_usd=INVESTMENT_USD, reduction=REDUCTION,
        churn_probability=CHURN_PROBABILITY, purchases_per_year=PURCHASES_PER_YEAR,
        n_samples=200, rng=SEED)


def _annual_lost_revenue(scale: float = 365 / PERIOD_DAYS) -> float:
    return float(_cost()["lost_revenue_usd"].sum() * scale)


def _slide_loss_per_year() -> float:
    """The slide: revenue per hour x incident hours, scaled to a year."""
    from ..cost.benefit import daily_revenue

    per_hour = daily_revenue()["revenue_usd"].sum() / (365 * 24)
    return float(per_hour * _cost()["impact_minutes"].sum() / 60 * 365 / PERIOD_DAYS)


def _mean_investment() -> float:
    return sum(INVESTMENT_USD) / 2


EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------------ 3a
    Exercise(
        id="cul3a.outline_leader",
        notebook=_NB_A,
        prompt="Write each team's readiness as a fraction (0 to 1) instead of points out of 10, "
               "and keep the rest of the outline's score as it is. Which team does it rank first "
               "now: 'orders', 'payments' or 'search'?",
        kind="choice", choices=("orders", "payments", "search"),
        reference=lambda: _outline_leader(1.0),
        misconceptions=[
            ("you kept readiness out of 10: the question changes only its unit",
             lambda: _outline_leader(10.0)),
        ],
        hint="sl.outline_maturity_score(ind['prr_coverage'], ind['budget_breaches'], "
             "ind['pages_per_week']) and take the team with the highest score (.idxmax()).",
        solution_code=(
            "ind = sl.maturity_indicators(edition=2023, window_days=30)\n"
            "score = sl.outline_maturity_score(ind['prr_coverage'], ind['budget_breaches'],\n"
            "                                  ind['pages_per_week'])\n"
            "answer = score.idxmax()\n"
        ),
    ),
    Exercise(
        id="cul3a.budget_first_score",
        notebook=_NB_A,
        prompt="The reliability lead wants error budgets to count three times as much as each other "
               "indicator (weights prr 1, toil 1, oncall 1, budget 3, dora 1). What is the orders "
               "team's maturity score with these weights (a number from 0 to 1)?",
        kind="number", unit="", rel_tol=0.005,
        reference=lambda: _score("orders", BUDGET_FIRST),
        misconceptions=[
            ("you kept the default equal weights", lambda: _score("orders")),
            ("you added the weighted indicators without dividing by the sum of the weights (7): "
             "a weighted mean divides", lambda: _unnormalised_weights_score("orders")),
            ("you used 1 − the raw breach count instead of 1 − the share of SLO windows breached",
             lambda: _raw_breaches_score("orders")),
        ],
        hint="sl.maturity_score(ind, weights={...}) normalises the weights itself; read the "
             "'score' of the row 'orders'.",
        solution_code=(
            "ind = sl.maturity_indicators(edition=2023, window_days=30)\n"
            "weights = {'prr': 1, 'toil': 1, 'oncall': 1, 'budget': 3, 'dora': 1}\n"
            "answer = sl.maturity_score(ind, weights=weights).loc['orders', 'score']\n"
        ),
    ),
    # ------------------------------------------------------------------ 3b
    Exercise(
        id="cul3b.payments_cfr",
        notebook=_NB_B,
        prompt="What is the change failure rate of the payments team over the quarter of "
               "sl.load_deployments(), as a fraction?",
        kind="number", unit="", rel_tol=0.01,
        reference=lambda: _cfr("payments"),
        misconceptions=[
            ("you divided the failed deployments by the successful ones instead of by all "
             "deployments", lambda: _failed_over_successful("payments")),
            ("you counted only the failed deployments that caused an incident; a failure "
             "restored before it became an incident still counts", lambda: _incident_share("payments")),
            ("you took the rate over every team's deployments, not payments' alone",
             lambda: _cfr(None)),
        ],
        hint="Select deploys['team'] == 'payments' and pass it to sl.dora_metrics; or divide "
             "the failed deployments by all of them.",
        solution_code=(
            "deploys = sl.load_deployments()\n"
            "answer = sl.dora_metrics(deploys[deploys['team'] == 'payments'])['change_failure_rate']\n"
        ),
    ),
    Exercise(
        id="cul3b.payments_lead_2021",
        notebook=_NB_B,
        prompt="In the 2021 edition of the Accelerate State of DevOps report, which cluster holds "
               "the payments team's lead time for changes: 'elite', 'high', 'medium' or 'low'?",
        kind="choice", choices=("elite", "high", "medium", "low"),
        reference=lambda: _lead_tier("payments", 2021),
        misconceptions=[
            ("you used the 2019 or 2023 clusters, where one to six months is 'low'; 2021 moved "
             "it up to 'medium'", lambda: _lead_tier("payments", 2023)),
        ],
        hint="sl.dora_band(sl.dora_metrics(payments), edition=2021) and read the 'tier' of "
             "'lead_time'.",
        solution_code=(
            "deploys = sl.load_deployments()\n"
            "keys = sl.dora_metrics(deploys[deploys['team'] == 'payments'])\n"
            "answer = sl.dora_band(keys, edition=2021).loc['lead_time', 'tier']\n"
        ),
    ),
    # ------------------------------------------------------------------ 3c
    Exercise(
        id="cul3c.annual_loss",
        notebook=_NB_C,
        prompt="At the rate of MicroCorp's 28 days of incidents, how much revenue do incidents "
               "cost in a year, in US dollars (sl.downtime_cost's lost_revenue_usd)?",
        kind="number", unit="USD", rel_tol=0.01,
        reference=_annual_lost_revenue,
        misconceptions=[
            ("you scaled four weeks to a year by 12 (28 days are not a month: a year holds "
             "365 / 28 = 13.04 of them)", lambda: _annual_lost_revenue(12)),
            ("you gave the 28 days' loss, not a year's", lambda: _annual_lost_revenue(1)),
            ("you priced every incident hour at the average revenue per hour, as if each "
             "incident stopped all sales (the slide's method)", _slide_loss_per_year),
        ],
        hint="Sum cost['lost_revenue_usd'] (28 days of incidents) and scale it to 365 days.",
        solution_code=(
            "cost = sl.downtime_cost()\n"
            "answer = cost['lost_revenue_usd'].sum() * 365 / 28\n"
        ),
    ),
    Exercise(
        id="cul3c.break_even",
        notebook=_NB_C,
        prompt="With the middle of every range (investment $30,000, churn probability 5.5 %, "
               "4 purchases a year), by what share must Naomi's investment cut the yearly cost "
               "of incidents (lost revenue + churn + response) to pay for itself exactly?",
        kind="number", unit="", rel_tol=0.01,
        reference=lambda: _roi().break_even_reduction,
        misconceptions=[
            ("you left out the response cost (the engineers' hours): lost revenue and churn "
             "alone", lambda: _roi(with_response=False).break_even_reduction),
            ("you compared a year's investment with the 28 days' cost of incidents",
             lambda: _mean_investment() / (_roi().expected_loss_usd * PERIOD_DAYS / 365)),
            ("you divided the yearly cost of incidents by the investment (the other way round)",
             lambda: _roi().expected_loss_usd / _mean_investment()),
        ],
        hint="Yearly cost = (lost revenue × (1 + 0.055 × 4) + response cost) × 365 / 28; the "
             "break-even reduction is the investment divided by it. sl.reliability_roi gives "
             "it as .break_even_reduction.",
        solution_code=(
            "cost = sl.downtime_cost()\n"
            "response = cost['id'].map(sl.response_cost(sl.load_work_log())).fillna(0)\n"
            "yearly = (cost['lost_revenue_usd'].sum() * (1 + 0.055 * 4) + response.sum()) * 365 / 28\n"
            "answer = 30_000 / yearly\n"
        ),
    ),
]

QUIZZES: list[Quiz] = [
    # ------------------------------------------------------------------ 3a
    Quiz(
        id="cul3a.what_the_flip_shows",
        notebook=_NB_A,
        question="Changing only the unit of readiness (points out of 10 to a fraction) moved "
                 "payments from first to last. What does that show?",
        options=[
            ("Payments' readiness reviews are worse than they looked.",
             "No: no team changed; payments still passes 18 of its 20 checks. Only the unit "
             "changed."),
            ("The score adds quantities in different units, so whichever term has the biggest "
             "numbers decides the ranking.",
             "Yes: out of 10, readiness dominates; as a fraction, the breach count does. The "
             "ranking measures the units chosen."),
            ("Readiness should always be written as a fraction.",
             "No: any fixed unit makes the same mistake with a different winner; the fix is to "
             "make every term unit-free first."),
            ("The on-call term should be divided by 4 instead of 2.",
             "No: that is another arbitrary scale; it moves the problem, it does not remove it."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul3a.sensitivity",
        notebook=_NB_A,
        question="Across random weightings, search ranks first in about nine of ten, while orders "
                 "and payments swap second place in about a third. What should Naomi's quarterly "
                 "review say?",
        options=[
            ("Orders is second, because it is second with equal weights.",
             "No: equal weights are one choice among many; a ranking that flips with plausible "
             "weights is not a finding."),
            ("Search is ahead; orders and payments cannot be told apart by this score, so compare "
             "them indicator by indicator (toil for orders, DORA for payments).",
             "Yes: report only the ranking the weights do not change, and act on the indicators "
             "that differ."),
            ("The score is useless, so drop it.",
             "No: it does separate search from the others, and its indicators say what to work on."),
            ("Pick the weights that make the ranking stable.",
             "No: choosing weights to get an answer is deciding first and measuring after."),
        ],
        answer=1,
    ),
    # ------------------------------------------------------------------ 3b
    Quiz(
        id="cul3b.what_bands_are",
        notebook=_NB_B,
        question="What are DORA's elite / high / medium / low clusters?",
        options=[
            ("Targets every team should reach, fixed by DORA.",
             "No: they are not targets and not fixed; they change between editions (payments' lead "
             "time is low in 2019 and 2023, medium in 2021)."),
            ("Groups found in one year's survey answers, given in ranges: useful to place a team "
             "for that edition, with gaps, overlaps and changes from year to year.",
             "Yes: cite the edition, expect gaps and overlaps, and compare a team with itself "
             "over time first."),
            ("A maturity score: the higher the cluster, the more reliable the service.",
             "No: they measure software delivery, not whether users get the service their SLO "
             "promises; a team can be elite and still break its SLO."),
            ("Percentiles of all companies' deployment logs.",
             "No: DORA's clusters come from survey respondents' answers in ranges, not from "
             "measured logs; MicroCorp's are measured, so the comparison is approximate."),
        ],
        answer=1,
    ),
    # ------------------------------------------------------------------ 3c
    Quiz(
        id="cul3c.board_sentence",
        notebook=_NB_C,
        question="Which sentence should Naomi put on the board's slide?",
        options=[
            ("\"The programme returns 27 %.\"",
             "That is the point estimate: it hides a 90 % range from about −24 % to +91 % and a "
             "one-in-four chance of losing money, which is what a board weighs."),
            ("\"A typical year returns about +25 % (90 % range −24 % to +91 %); about one year in "
             "four it does not pay back; the reduction we achieve decides it.\"",
             "Yes: the centre, the spread, the chance of loss and the assumption to watch."),
            ("\"Each hour of downtime costs us $2,847, so every incident hour we avoid is "
             "$2,847 saved.\"",
             "That prices every incident hour as a total outage; the traffic shows MicroCorp's "
             "incidents cost about 80 times less."),
            ("\"The return is uncertain, so we cannot say anything.\"",
             "Uncertain is not unknown: the simulation gives a range and a probability, which "
             "is enough to decide and to say what to measure next."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul3c.recap_toil",
        notebook=_NB_C,
        question="Recap (1a-1c). Carlos spends 60 % of his week on tickets, pages and manual "
                 "releases. What does section 5 say about it?",
        options=[
            ("It is above the 50 % cap on toil (Google SRE book ch. 5): automate the largest "
             "sources first, where the payback is shortest.",
             "Yes: classify by the traits, compare with the cap, rank the sources, and check "
             "the automation's break-even before building it."),
            ("Everything operational is toil, so meetings count too.",
             "No: the SRE book leaves overhead (meetings, HR) out of toil; toil is manual, "
             "repetitive, automatable, tactical, without enduring value and grows with the "
             "service."),
            ("Toil is fine as long as the SLOs are met.",
             "No: toil crowds out the engineering that keeps SLOs met next quarter; the cap is "
             "there because toil grows with the service."),
            ("Automate everything that repeats, whatever it costs to build.",
             "No: an automation that takes longer to build and maintain than it saves never "
             "pays back; compute the break-even first (1c)."),
        ],
        answer=0,
    ),
    Quiz(
        id="cul3c.recap_prr",
        notebook=_NB_C,
        question="Recap (2b-2c). Launches that skipped the readiness review had twice as many "
                 "incidents as reviewed ones. What makes that comparison honest?",
        options=[
            ("Nothing: twice as many incidents proves the review works.",
             "No: if the riskier launches skipped the review (or the other way round), the "
             "difference measures the selection, not the review."),
            ("Compare like with like (incidents per launch within each team, with an "
             "interval) and ask who chose to skip the review.",
             "Yes: rates per launch with their uncertainty, comparable groups, and a look at "
             "how the groups were formed."),
            ("Count incidents only, not launches.",
             "No: more launches make more incidents; compare incidents per launch."),
            ("Only look at the reviewed launches.",
             "No: without the other group there is nothing to compare with."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul3c.recap_score",
        notebook=_NB_C,
        question="Recap (3a-3b). Why did the outline's score readiness − breaches − on-call "
                 "load / 2 rank MicroCorp's teams wrongly?",
        options=[
            ("Its weights are wrong; with better weights it would work.",
             "No: the weights are not the first problem. It subtracts a checklist score, a "
             "count and a rate, so changing one unit changes the ranking, whatever the weights."),
            ("It subtracts quantities in different units, so the ranking depends on the units "
             "chosen; normalise each indicator against a reference point first, then weigh "
             "them openly.",
             "Yes: unit-free indicators (toil vs the 50 % cap, incidents per shift vs 2, a "
             "DORA band with its edition), visible weights, and a check of how the ranking "
             "moves with them."),
            ("It uses too few indicators; adding DORA's four keys would fix it.",
             "No: more indicators in mixed units make the same mistake more often."),
            ("Maturity cannot be measured, so teams should not be compared.",
             "No: it can be measured with stated reference points; what a score cannot do is "
             "rank teams more finely than its sensitivity to the weights allows."),
        ],
        answer=1,
    ),
]
