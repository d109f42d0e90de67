"""Exercises and quizzes of the capstone, part 2 (key "cap2"): ``07_capstone/2_scale_and_shift_left``.

Phases 3 and 4 of MicroCorp's quarter. Exercise 1 prices the lever that
hurts: Phase 2 with Phase 3's cost governance (10 % head sampling, tail
sampling, tiered retention) against the same plan with 1 % head sampling and
no tail sampler, over the same 20 seeds (``sl.compare_plans``). Exercises 2
and 3 test the outline's "churn -15 %, revenue +20 %" (``sl.outline_claim``):
the share of revenue incidents would have to take for +20 % to be possible,
and the share of all churn incident churn must be for -15 % overall. The
quiz is the mix effect behind Phase 4's higher median time to recover.

Reference answers and misconceptions call the core functions the notebook
calls, with the plans and seeds written once below.
"""

from __future__ import annotations

import functools

from ._engine import Exercise
from ._quiz import Quiz

_NB = "07_capstone/2_scale_and_shift_left"

#: The seeds every comparison of the notebook uses (the quarters of bad luck).
SEEDS = range(20)
#: The outline's Phase 4 claim: all churn down 15 %, revenue up 20 %.
CLAIMED_CHURN_FALL = 0.15
CLAIMED_REVENUE_GROWTH = 0.20
#: Exercise 1: the money the two sampling plans are compared on (USD a quarter).
COST_MEASURES = ("observability_usd", "lost_revenue_usd", "churn_usd", "response_usd")


# --------------------------------------------------------------------------- helpers (lazy)

def governed_plan():
    """Phase 2 plus Phase 3's cost governance: 10 % head sampling, tail sampling, tiered retention."""
    from ..capstone.quarter import PHASES

    return PHASES[2].replace(name="Phase 2 + governance", head_sampling=0.1,
                             tail_sampling=True, retention="tiered")


def thin_plan():
    """The CFO's cut: the governed plan with 1 % head sampling and no tail sampler."""
    return governed_plan().replace(name="1 % head, no tail", head_sampling=0.01,
                                   tail_sampling=False)


@functools.cache
def _sampling_table():
    from ..capstone.quarter import PHASES, compare_plans

    return compare_plans([PHASES[2], governed_plan(), thin_plan()], seeds=SEEDS)


def _extra_cost(base_name: str, measures=COST_MEASURES) -> float:
    """Sum of the median differences (thin plan minus ``base_name``) over ``measures``."""
    table = _sampling_table()
    return float(sum(table.loc[thin_plan().name, m] - table.loc[base_name, m] for m in measures))


def _phase2_name() -> str:
    from ..capstone.quarter import PHASES

    return PHASES[2].name


@functools.cache
def _claim():
    from ..capstone.quarter import outline_claim

    return outline_claim(seeds=SEEDS)


def _churn_fall() -> float:
    """How much incident churn falls from Phase 1 to Phase 4 (0.89 = 89 % fewer customers lost)."""
    return -_claim().churn_change


# --------------------------------------------------------------------------- exercises

EXERCISES = [
    Exercise(
        id="cap2.sampling_trade_off",
        notebook=_NB,
        prompt="The CFO wants the governed plan's sampling cut to 1 % of traces, head only, no "
               "tail sampler. From the medians over the same 20 quarters (the table of "
               "sl.compare_plans), how much MORE does a quarter cost MicroCorp with the cut "
               "(observability bill + lost revenue + churn + response), in USD? Negative if the "
               "cut saves money.",
        kind="number", unit="USD a quarter", rel_tol=0.02,
        reference=lambda: _extra_cost(governed_plan().name),
        misconceptions=[
            ("you counted only the observability bill: the cut also makes incidents longer "
             "(undebuggable ones take twice as long to repair), which costs purchases, churn and "
             "engineers' hours",
             lambda: _extra_cost(governed_plan().name, ("observability_usd",))),
            ("you left out the response cost: an undebuggable incident keeps an engineer busy "
             "twice as long, and at MicroCorp's size hours cost more than lost sales",
             lambda: _extra_cost(governed_plan().name,
                                 ("observability_usd", "lost_revenue_usd", "churn_usd"))),
            ("you compared the cut with Phase 2 (every trace kept, 90 days hot): the CFO's "
             "question is the cut against the governed plan",
             lambda: _extra_cost(_phase2_name())),
        ],
        hint="Take the two rows 'Phase 2 + governance' and '1 % head, no tail' of the table; for "
             "each of the four money columns take (cut − governed), then add the four differences.",
        solution_code=(
            "governed = sl.PHASES[2].replace(name='Phase 2 + governance', head_sampling=0.1,\n"
            "                                tail_sampling=True, retention='tiered')\n"
            "cut = governed.replace(name='1 % head, no tail', head_sampling=0.01, tail_sampling=False)\n"
            "table = sl.compare_plans([governed, cut], seeds=range(20))\n"
            "measures = ['observability_usd', 'lost_revenue_usd', 'churn_usd', 'response_usd']\n"
            "answer = (table.loc[cut.name, measures] - table.loc[governed.name, measures]).sum()\n"),
    ),
    Exercise(
        id="cap2.lost_share_needed",
        notebook=_NB,
        prompt="Reliability work can at most win back what incidents take. What share of its "
               "revenue would MicroCorp have to lose to incidents before the work, for winning "
               "all of it back to grow revenue by 20 %? Answer as a fraction.",
        kind="number", unit="of gross revenue", rel_tol=0.01,
        reference=lambda: _claim().lost_share_needed,
        misconceptions=[
            ("you took the 20 % itself: the growth is measured on the revenue left after the "
             "losses, so losing x leaves 1 − x and winning it back gives 1 / (1 − x) = 1.2",
             lambda: CLAIMED_REVENUE_GROWTH),
            ("you gave the revenue that remains (1 / 1.2), not the share lost",
             lambda: 1 / (1 + CLAIMED_REVENUE_GROWTH)),
        ],
        hint="Before: 1 − x of the gross is earned. After (all losses won back): 1. Solve "
             "1 / (1 − x) = 1.2 for x.",
        solution_code="answer = 1 - 1 / 1.2\n",
    ),
    Exercise(
        id="cap2.churn_share_needed",
        notebook=_NB,
        prompt="The model says Phase 4 cuts the customers lost to incidents by claim.churn_change "
               "(about −89 %). Customers also leave for other reasons (price, a competitor), which "
               "reliability does not touch. What share of ALL churn must incident churn be, for "
               "all churn to fall by the outline's 15 %? Answer as a fraction.",
        kind="number", unit="of all churn", rel_tol=0.01,
        reference=lambda: _claim().churn_share_needed,
        misconceptions=[
            ("you assumed Phase 4 removes all incident churn: it removes about 89 % of it, so "
             "incident churn must be a bit more than 15 % of the total",
             lambda: CLAIMED_CHURN_FALL),
            ("you multiplied the 15 % by the fall instead of dividing: s × 0.89 = 0.15 gives s = "
             "0.15 / 0.89",
             lambda: CLAIMED_CHURN_FALL * _churn_fall()),
            ("you gave the fall of incident churn itself (89 %), not the share of all churn",
             lambda: _churn_fall()),
        ],
        hint="If incident churn is a share s of all churn and falls by 0.89, all churn falls by "
             "s × 0.89. Set that to 0.15 and solve for s (use -claim.churn_change for 0.89).",
        solution_code=("claim = sl.outline_claim(before=sl.PHASES[1], after=sl.PHASES[4], seeds=range(20))\n"
                       "answer = 0.15 / -claim.churn_change\n"),
    ),
]


# --------------------------------------------------------------------------- quizzes

QUIZZES = [
    Quiz(
        id="cap2.mix_effect",
        notebook=_NB,
        question="Phase 4 adds the release gate and chaos game days to Phase 3, and its median time "
                 "to recover RISES above Phase 3's. Naomi's CTO concludes that Phase 4 made "
                 "MicroCorp slower to recover. What do you answer?",
        options=[
            ("He is right: a release gate delays every release, so incidents last longer.",
             "No: the gate acts before an incident; one it lets through is detected and repaired "
             "exactly as in Phase 3 (the same incident has the same time to recover in both "
             "plans, seed by seed)."),
            ("The median moved because the mix of incidents changed: the gate and the game days "
             "removed many incidents, mostly binary pushes that the automated rollback ended in "
             "minutes, so the ones left are the slow kinds. Judge by totals (lost purchases, "
             "budget used) or kind by kind.",
             "Yes: a median over a different set of incidents is not a like-for-like comparison. "
             "Lost purchases and budget used both fell; the incidents that happen in both plans "
             "take exactly as long."),
            ("It is noise: 20 seeds are too few to compare medians.",
             "No: both plans meet the same 20 quarters of bad luck (common random numbers), and "
             "the rise shows in most of them; it has a cause, the mix."),
            ("The game days cause long incidents of their own.",
             "No: a game day costs a small, known number of failed requests (counted in lost "
             "purchases), not an incident in the table."),
        ],
        answer=1,
    ),
]
