"""Exercises and quizzes of the capstone, part 3 (key "cap3"): ``07_capstone/3_roadmap_and_executive_report``.

The learner turns the outline's tiered roadmap into a question for the
quarter's model: what a lever costs in people's time (``sl.lever_cost_usd``),
which levers pay for themselves by organisation size (``sl.roadmap``), how
sure that answer is over simulated quarters, what money leaves out (the error
budget, checked with ``sl.quarter_runs``) and which assumption decides
"burn-rate alerts don't pay" (``sl.changed_assumptions``). Reference answers
and misconceptions call the same core functions the notebook calls; nothing
is typed in.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

_NB = "07_capstone/3_roadmap_and_executive_report"

#: Exercise 1: the lever and the organisation size whose quarterly people's cost is asked.
LEVER = "release gate"
SIZE = "large"
#: Exercise 2: the small organisation's roadmap (Phase 1 + automated rollback) over 20 quarters.
SEEDS = range(20)
ROLLBACK_PLAN_NAME = "Phase 1 + automated rollback"


# --------------------------------------------------------------------------- helpers (lazy)

def _lever_cost(*, quarters: float = 4, weeks: float = 13, services: int | None = None,
                per_service: bool = True, in_dollars: bool = True) -> float:
    """A lever's quarterly cost by the formula of ``sl.lever_cost_usd``, with one slip at a time.

    Only the misconceptions use it; the reference is ``sl.lever_cost_usd`` itself.
    """
    from ..capstone.planning import LEVER_COSTS, ORG_SIZES
    from ..culture.business import RESPONDER_USD_PER_HOUR

    row = LEVER_COSTS.loc[LEVER]
    n = ORG_SIZES[SIZE].services if services is None else services
    k = 1.0 if per_service else 0.0
    hours = ((row["setup_hours"] + k * row["setup_hours_per_service"] * n) / quarters
             + weeks * (row["hours_per_week"] + k * row["hours_per_week_per_service"] * n))
    return float(hours * (RESPONDER_USD_PER_HOUR if in_dollars else 1.0))


def _reference_cost() -> float:
    from ..capstone.planning import lever_cost_usd

    return lever_cost_usd([LEVER], SIZE)


def _rollback_plan():
    from ..capstone.quarter import PHASES

    return PHASES[1].replace(name=ROLLBACK_PLAN_NAME, auto_rollback=True)


def _over_budget(*plans, share: bool = False) -> float:
    """Quarters (of SEEDS) in which a plan spends more than checkout's whole error budget."""
    from ..capstone.quarter import quarter_runs

    runs = quarter_runs(list(plans), seeds=SEEDS)
    over = int((runs["budget_used"] > 1).sum())
    return over / len(runs) if share else float(over)


def _phase1():
    from ..capstone.quarter import PHASES

    return PHASES[1]


EXERCISES: list[Exercise] = [
    Exercise(
        id="cap3.lever_cost",
        notebook=_NB,
        prompt="What does the release gate cost a large organisation (100 services) in one quarter "
               "of people's time, in US dollars? Use the release gate's row of sl.LEVER_COSTS: "
               "set-up spread over four quarters, upkeep for 13 weeks, $100 an hour.",
        kind="number", unit="USD", rel_tol=0.01,
        reference=_reference_cost,
        misconceptions=[
            ("you charged the whole set-up to one quarter instead of spreading it over four",
             lambda: _lever_cost(quarters=1)),
            ("you left out the per-service hours (4 hours of set-up for each of the 100 services)",
             lambda: _lever_cost(per_service=False)),
            ("you counted a year of upkeep (52 weeks) instead of a quarter's 13",
             lambda: _lever_cost(weeks=52)),
            ("you used MicroCorp's 4 services instead of the large organisation's 100",
             lambda: _lever_cost(services=4)),
            ("you gave the hours, not dollars (multiply by $100 an hour)",
             lambda: _lever_cost(in_dollars=False)),
        ],
        hint="(setup_hours + setup_hours_per_service × services) / 4 + 13 × (hours_per_week + "
             "hours_per_week_per_service × services), in hours; then × $100. "
             "sl.lever_cost_usd gives the same.",
        solution_code=(
            "row = sl.LEVER_COSTS.loc['release gate']\n"
            "services = sl.ORG_SIZES['large'].services\n"
            "hours = ((row['setup_hours'] + row['setup_hours_per_service'] * services) / 4\n"
            "         + 13 * (row['hours_per_week'] + row['hours_per_week_per_service'] * services))\n"
            "answer = hours * sl.RESPONDER_USD_PER_HOUR      # = sl.lever_cost_usd(['release gate'], 'large')\n"
        ),
    ),
    Exercise(
        id="cap3.budget_breaches",
        notebook=_NB,
        prompt="The small organisation's roadmap is Phase 1 + automated rollback. In how many of the "
               "20 simulated quarters (seeds 0-19) does that plan spend more than checkout's whole "
               "error budget (budget_used above 1)?",
        kind="number", unit="quarters", rel_tol=0.01,
        reference=lambda: _over_budget(_rollback_plan()),
        misconceptions=[
            ("you counted Phase 1's quarters, before the rollback", lambda: _over_budget(_phase1())),
            ("you counted the quarters of both plans together (select the plan's rows first)",
             lambda: _over_budget(_phase1(), _rollback_plan())),
            ("you gave the share of the quarters, not how many there are",
             lambda: _over_budget(_rollback_plan(), share=True)),
        ],
        hint="runs = sl.quarter_runs([plan], seeds=range(20)); count the rows whose "
             "budget_used is above 1: (runs['budget_used'] > 1).sum().",
        solution_code=(
            "plan = sl.PHASES[1].replace(name='Phase 1 + automated rollback', auto_rollback=True)\n"
            "runs = sl.quarter_runs([plan], seeds=range(20))\n"
            "answer = (runs['budget_used'] > 1).sum()\n"
        ),
    ),
]

QUIZZES: list[Quiz] = [
    Quiz(
        id="cap3.why_size",
        notebook=_NB,
        question="The model adds the on-call rotation to a large organisation's roadmap (100 times "
                 "MicroCorp's traffic on 100 services) but not to a small one's. Why?",
        options=[
            ("Each service of a large organisation fails more often.",
             "No: in the model every service fails as often as MicroCorp's; incidents grow with "
             "the number of services, not faster."),
            ("The rotation costs hours per service (8 a week plus half an hour per service), while "
             "what it saves grows with the traffic an incident hurts: the large organisation has "
             "four times MicroCorp's traffic per service.",
             "Yes: a lever priced per service pays where each service carries more traffic. "
             "100 times the traffic on 25 times the services makes every minute saved worth "
             "four times as much per service."),
            ("Engineers' hours are cheaper in a large organisation.",
             "No: the model prices every hour at the same $100 (sl.RESPONDER_USD_PER_HOUR) "
             "whatever the size."),
            ("Large organisations must answer pages within 5 minutes by contract.",
             "No: the model contains no SLA or contract; the roadmap counts money only, which is "
             "exactly why it must be read with the budget and people in mind."),
        ],
        answer=1,
    ),
    Quiz(
        id="cap3.roadmap_noise",
        notebook=_NB,
        question="From 5 simulated quarters, the small organisation's roadmap names other levers "
                 "than from 20; from 20 it is automated rollback alone, which pays back in 13 of "
                 "them. What should Naomi tell the board?",
        options=[
            ("\"Automated rollback is the best first step: the model proves it.\"",
             "No: it wins on the mean of 20 quarters by less than the quarter-to-quarter spread, "
             "and loses money in 7 of them; that is a lean, not a proof."),
            ("\"At our size no lever clearly pays for itself in money: the candidates differ by "
             "less than one quarter's luck. We choose on the budget and on people, and say so.\"",
             "Yes: report the spread with the ranking, and let what money leaves out decide when "
             "money cannot."),
            ("\"Use 5 quarters: it is faster, and the answer that comes up most often is the "
             "right one.\"",
             "No: 5 quarters and 20 already disagree, and other batches of 5 disagree again; "
             "fewer quarters make the noise larger, not the answer surer."),
            ("\"The model is unreliable, so the roadmap should follow the outline.\"",
             "No: the outline's tiers come with no evidence at all; the model at least says how "
             "sure it is, and where it is sure (large organisations) it is clear."),
        ],
        answer=1,
    ),
    Quiz(
        id="cap3.which_assumption",
        notebook=_NB,
        question="For the small organisation, burn-rate alerts added after automated rollback do "
                 "not pay for themselves. Which ONE change of a course assumption makes them pay?",
        options=[
            ("Churn twice as likely: CHURN_PROBABILITY=0.11.",
             "No: churn is a small part of what an incident costs; doubling it adds a few hundred "
             "dollars of value to the alerts, not enough to cover their $2,900."),
            ("Users five times less likely to report a failure: REPORT_PROBABILITY=0.0002.",
             "Yes: an alert is worth the time between the page and the first user's report "
             "reaching engineering. With fewer reports, small incidents run for hours and the "
             "alerts more than pay for themselves. The assumption has no public figure: the conclusion "
             "leans on a guess."),
            ("Runbooks half as effective: PLAYBOOK_SPEEDUP=1.5.",
             "No: this plan has no runbooks, so the assumption changes nothing in either sum."),
            ("Automated rollback three times slower: ROLLBACK_MINUTES=15.",
             "No: rollback acts on the alert or on the acknowledged report alike; the alerts' "
             "value barely moves."),
        ],
        answer=1,
    ),
]
