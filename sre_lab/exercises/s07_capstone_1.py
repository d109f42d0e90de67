"""Exercises and quizzes of the capstone, part 1 (key "cap1"): ``07_capstone/1_stabilise_the_quarter``.

The learner runs one quarter of MicroCorp as it is (``sl.PHASES[1]``, seed 0),
rebuilds its time to recover from the incident table, measures the quarter's
error budget by hand, then tries the three Phase 2 levers one at a time on the
same 20 quarters of bad luck (common random numbers). Reference answers and
misconceptions call the same core functions the notebook calls
(``sl.simulate_quarter``, ``sl.quarter_runs``, ``sl.outline_claim``); nothing
is typed in.
"""

from __future__ import annotations

import functools

from ._engine import Exercise
from ._quiz import Quiz

_NB = "07_capstone/1_stabilise_the_quarter"

#: The quarter the notebook reads (seed 0) and the quarters the levers are compared on.
SEED = 0
SEEDS = range(20)
#: Phase 2's levers, one at a time on top of Phase 1: plan name -> the fields it changes.
LEVER_STEPS = {
    "burn-rate alerts": {"alerting": "burn_rate"},
    "on-call rotation": {"oncall": "rotation"},
    "runbooks": {"runbooks": True},
}


def lever_plans() -> list:
    """Phase 1, each Phase 2 lever alone on top of it (named as in ``LEVER_STEPS``), and Phase 2."""
    from ..capstone.quarter import PHASES

    base = PHASES[1]
    return [base, *(base.replace(name=name, **change) for name, change in LEVER_STEPS.items()),
            PHASES[2]]


@functools.cache
def _quarter():
    from ..capstone.quarter import PHASES, simulate_quarter

    return simulate_quarter(PHASES[1], seed=SEED)


def _parts(*columns: str):
    """The sum of some of the incident table's time columns, one value per incident."""
    table = _quarter().incidents
    return sum(table[c] for c in columns)


def _requests() -> float:
    """Checkout's requests in the quarter, as the summary reports them."""
    return float(_quarter().summary["checkout_requests"])


def _allowed(days: float) -> float:
    """Bad requests a 99.9 % objective allows over ``days`` of the quarter's traffic."""
    from ..capstone.quarter import QUARTER_DAYS

    return (1 - _quarter().plan.slo_target) * _requests() * days / QUARTER_DAYS


def _budget_used() -> float:
    return float(_quarter().summary["budget_used"])


def _bad() -> float:
    """Checkout's bad requests of the quarter (background + lost purchases), from the model."""
    from ..capstone.quarter import QUARTER_DAYS

    return _budget_used() * _allowed(QUARTER_DAYS)


@functools.cache
def _runs():
    from ..capstone.quarter import quarter_runs

    return quarter_runs(lever_plans(), seeds=SEEDS)


def _levers(frame):
    return frame[frame["plan"].isin(list(LEVER_STEPS))]


def _best_lever() -> str:
    """The lever with the largest median (over the seeds) of purchases saved against Phase 1."""
    from ..capstone.quarter import PHASES

    lost = _runs().pivot(index="seed", columns="plan", values="lost_purchases")
    saved = lost.rsub(lost[PHASES[1].name], axis=0)[list(LEVER_STEPS)]
    return str(saved.median().idxmax())


def _by_mean_ttr() -> str:
    levers = _levers(_runs())
    return str(levers.groupby("plan")["ttr_mean_minutes"].median().idxmin())


def _by_one_quarter_ttr() -> str:
    levers = _levers(_runs())
    one = levers[levers["seed"] == SEED].set_index("plan")
    return str(one["ttr_median_minutes"].idxmin())


EXERCISES = [
    Exercise(
        id="cap1.median_ttr",
        notebook=_NB,
        prompt="Rebuild every incident's time to recover from its parts (incidents' ttd_minutes, "
               "tta_minutes, repair_minutes) and give the quarter's typical TTR: the median over its "
               "incidents, in minutes.",
        kind="number",
        unit="minutes",
        reference=lambda: float(_quarter().summary["ttr_median_minutes"]),
        misconceptions=[
            ("you left out the time to acknowledge (TTD + repair)",
             lambda: float(_parts("ttd_minutes", "repair_minutes").median())),
            ("you started the clock when someone noticed, not when users started failing "
             "(TTA + repair)",
             lambda: float(_parts("tta_minutes", "repair_minutes").median())),
            ("you took the mean, which a few incidents unreported for hours pull up",
             lambda: float(_parts("ttd_minutes", "tta_minutes", "repair_minutes").mean())),
        ],
        hint="TTR runs from the start of the incident to its mitigation: detect, then acknowledge, "
             "then repair. Add the three columns, then take .median().",
        solution_code=(
            "quarter = sl.simulate_quarter(sl.PHASES[1], seed=0)\n"
            "incidents = quarter.incidents\n"
            "ttr = incidents['ttd_minutes'] + incidents['tta_minutes'] + incidents['repair_minutes']\n"
            "answer = ttr.median()\n"
        ),
    ),
    Exercise(
        id="cap1.budget_used",
        notebook=_NB,
        prompt="What share of checkout's error budget for the whole quarter (99.9 % over 91 days) "
               "did the quarter use? Bad requests are the background of normal errors and slow "
               "requests plus the purchases the incidents lost. Answer as a fraction (1.0 is all of it).",
        kind="number",
        reference=_budget_used,
        misconceptions=[
            ("you used a 30-day budget instead of the quarter's 91 days",
             lambda: _bad() / _allowed(30)),
            ("you wrote the share as a percentage instead of a fraction",
             lambda: 100 * _budget_used()),
            ("you counted only the purchases the incidents lost and forgot the background",
             lambda: float(_quarter().summary["lost_purchases"]) / _allowed(91)),
            ("you divided the bad requests by all requests instead of by the budget "
             "(0.1 % of them)",
             lambda: _bad() / _requests()),
        ],
        hint="budget used = bad requests / allowed bad requests, with bad = background + "
             "lost purchases and allowed = (1 - 0.999) x the quarter's requests.",
        solution_code=(
            "quarter = sl.simulate_quarter(sl.PHASES[1], seed=0)\n"
            "summary = quarter.summary\n"
            "requests = summary['checkout_requests']\n"
            "background = summary['background_requests']\n"
            "answer = (background + summary['lost_purchases']) / ((1 - 0.999) * requests)\n"
        ),
    ),
    Exercise(
        id="cap1.best_lever",
        notebook=_NB,
        prompt="Added alone to Phase 1, which Phase 2 lever saves the most purchases: the "
               "largest median, over the same 20 quarters, of the purchases it saves quarter by "
               "quarter?",
        kind="choice",
        choices=tuple(LEVER_STEPS),
        reference=_best_lever,
        misconceptions=[
            ("you ranked the levers by the mean TTR they leave, which a few days-long "
             "incidents dominate, instead of by the purchases they save",
             _by_mean_ttr),
            ("you judged by one quarter (seed 0) and its median TTR instead of the purchases "
             "saved over 20 quarters",
             _by_one_quarter_ttr),
        ],
        hint="saved = lost['Phase 1: ad hoc'] - lost[lever], seed by seed; then saved.median() "
             "for each lever and take the largest.",
        solution_code=(
            "phase1 = sl.PHASES[1]\n"
            "plans = [phase1,\n"
            "         phase1.replace(name='burn-rate alerts', alerting='burn_rate'),\n"
            "         phase1.replace(name='on-call rotation', oncall='rotation'),\n"
            "         phase1.replace(name='runbooks', runbooks=True)]\n"
            "runs = sl.quarter_runs(plans, seeds=range(20))\n"
            "lost = runs.pivot(index='seed', columns='plan', values='lost_purchases')\n"
            "saved = lost.rsub(lost['Phase 1: ad hoc'], axis=0)\n"
            "answer = saved[['burn-rate alerts', 'on-call rotation', 'runbooks']].median().idxmax()\n"
        ),
    ),
]

QUIZZES = [
    Quiz(
        id="cap1.median_vs_mean",
        notebook=_NB,
        question="Over the same 20 quarters, Phase 2 more than halves the median time to recover, "
                 "but the mean falls far less. What explains the gap, and what should Naomi report?",
        options=[
            ("A few long incidents (small ones no page catches, which users report hours later) "
             "pull the mean up. Report the median for the typical incident, the total lost "
             "purchases for the quarter, and look at the long ones apart.",
             "Right: times to recover have a long tail (section 3). The median tells the typical "
             "incident, totals tell the cost, and the tail is a detection problem of its own."),
            ("The mean is the honest number: the median hides that Phase 2 does not work.",
             "Wrong: the quarter's total lost purchases fall by more than half too; the median "
             "hides nothing. The mean is held up by a few long incidents, not by the typical one."),
            ("Each plan met different incidents, so their means cannot be compared.",
             "Wrong: every plan ran on the same seeds, so the same incidents and the same draws "
             "(common random numbers). The gap is in the incidents themselves."),
            ("Runbooks slow down long repairs, which raises the mean.",
             "Wrong: in the model runbooks divide every repair by 3 (the SRE book's estimate). "
             "The long incidents are long because nobody notices them, not because repair slows."),
        ],
        answer=0,
    ),
]
