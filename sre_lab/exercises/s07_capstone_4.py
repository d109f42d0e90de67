"""Exercises and quizzes of the capstone, part 4 (key "cap4"): ``07_capstone/4_take_home_and_wrap_up``.

The learner writes the take-home kit (``sl.take_home_kit``), reads its cost
CSV by team with pandas (one exercise: the orders team's cost over the file's
last full quarter), then answers the course's final quiz: one question per
section 1-6, each needing that section's central idea applied to MicroCorp's
quarter. The exercise's reference and misconceptions call
``sl.cost_by_team``, the pure function whose table the kit saves as
``cost_by_team.csv``; nothing is typed in.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

_NB = "07_capstone/4_take_home_and_wrap_up"

#: The file's last three full months (its first and last months are partial):
#: "the last full quarter" of the cost CSV.
QUARTER_MONTHS = ("2026-08", "2026-09", "2026-10")


def _costs():
    """The table ``sl.take_home_kit(plan=sl.PHASES[4])`` saves as ``cost_by_team.csv``."""
    from ..capstone.quarter import PHASES
    from ..capstone.takehome import cost_by_team

    return cost_by_team(PHASES[4])


def _usd(*, months=QUARTER_MONTHS, teams=("orders",), services=None, licences=True) -> float:
    """Sum of the ``usd`` column over some months, teams and services."""
    costs = _costs()
    keep = costs["team"].isin(teams) if teams is not None else costs["usd"].notna()
    if months is not None:
        keep &= costs["month"].isin(months)
    if services is not None:
        keep &= costs["service"].isin(services)
    if not licences:
        keep &= costs["signal"] != "licence"
    return float(costs.loc[keep, "usd"].sum())


EXERCISES: list = [
    Exercise(
        id="cap4.orders_quarter_cost",
        notebook=_NB,
        prompt="In the kit of Phase 4, what did the orders team's observability cost over the "
               "cost CSV's last full quarter, the months 2026-08, 2026-09 and 2026-10? Answer in "
               "US dollars.",
        kind="number",
        unit="USD",
        reference=lambda: _usd(),
        rel_tol=0.001,
        hint="Keep the rows whose month is one of the three and whose team is 'orders' (it owns "
             "two services), then sum the usd column: every signal, licences included.",
        solution_code=(
            "import pandas as pd\n"
            "costs = sl.cost_by_team(sl.PHASES[4])   # the table of cost_by_team.csv "
            "(pd.read_csv(kit.folder / \"cost_by_team.csv\") reads the same)\n"
            "quarter = costs[costs[\"month\"].isin([\"2026-08\", \"2026-09\", \"2026-10\"])]\n"
            "answer = quarter.loc[quarter[\"team\"] == \"orders\", \"usd\"].sum()"),
        misconceptions=[
            ("you keep only the checkout service's rows: the orders team also owns notifications",
             lambda: _usd(teams=None, services=("checkout",))),
            ("you sum every team, not only orders", lambda: _usd(teams=None)),
            ("you sum the whole file (a year), not the three months", lambda: _usd(months=None)),
            ("you leave out the host licences (signal \"licence\"), which are most of the bill",
             lambda: _usd(licences=False)),
            ("you take October only: one month instead of three",
             lambda: _usd(months=("2026-10",))),
            ("you also keep 2026-11, the file's one-day last month (a filter like month >= "
             "\"2026-08\")", lambda: _usd(months=(*QUARTER_MONTHS, "2026-11"))),
        ],
    ),
]


QUIZZES: list = [
    Quiz(
        id="cap4.final_s1_targets",
        notebook=_NB,
        question="Final quiz, section 1 (SLIs, SLOs, error budgets). After the bad quarter "
                 "MicroCorp's CEO asks for checkout at 99.999 %, \"so that it never fails "
                 "again\". What does section 1's idea of an SLO answer?",
        options=[
            ("Agree: a higher target is always safer; the error budget only matters for the SLA.",
             "No: the budget is the room the team spends on change. At 99.999 % a 30-day budget "
             "is 26 seconds: every release and experiment would breach it, and users' own "
             "networks fail more often than that."),
            ("Set the target from what users need and notice on the checkout journey, and treat "
             "what is left, the error budget, as the room to ship changes: each extra nine "
             "divides that room by ten.",
             "Yes: an SLO states the reliability users need, no more; the budget it leaves is "
             "what makes the push-or-hold decision a number instead of an argument."),
            ("Set the SLO equal to the SLA (99.5 %), so that the team is never blamed for a miss.",
             "No: with no margin below the contract, the first sign of trouble is a penalty. The "
             "internal objective is stricter than the SLA so that the team acts before "
             "merchants are owed anything."),
            ("Targets do not matter once burn-rate alerts are in place.",
             "No: the alerts are built from the target (a burn rate is the error ratio over "
             "1 - SLO); change the target and every alert changes with it."),
        ],
        answer=1,
    ),
    Quiz(
        id="cap4.final_s2_burn_rate",
        notebook=_NB,
        question="Final quiz, section 2 (burn-rate alerting). Checkout's SLO is 99.9 % over 30 "
                 "days and it pages on the SRE Workbook's two page rules (14.4x over 1 h and "
                 "5 min; 6x over 6 h and 30 min). A bad configuration makes 0.5 % of checkouts "
                 "fail for 6 hours, until the next routine push replaces it. What does the "
                 "on-call engineer get?",
        options=[
            ("A page within minutes: 0.5 % is five times the 0.1 % the SLO allows.",
             "No: the fast page needs a burn rate of 14.4 over both 1 hour and 5 minutes; five "
             "times the allowed ratio is a burn rate of 5, below it."),
            ("A page after about six hours, from the 6-hour rule.",
             "No: that rule needs a burn rate of 6 over 6 hours and over 30 minutes; a burn rate "
             "of 5 never reaches it, however long it lasts."),
            ("No page: the burn rate is 0.005 / 0.001 = 5, below both page thresholds; six hours "
             "of it spend 5 x 6 / 720, about 4 % of the 30-day budget, a slow burn to fix in "
             "working hours.",
             "Yes: the burn rate ties the page to the budget spent; an incident that spends 4 % "
             "of a month's budget is worth a ticket, not a night."),
            ("A page at once: the SLO is breached while 0.5 % of checkouts fail.",
             "No: the SLO is measured over 30 days; six hours at 5x spend about 4 % of its "
             "budget, far from a breach."),
        ],
        answer=2,
    ),
    Quiz(
        id="cap4.final_s3_postmortem",
        notebook=_NB,
        question="Final quiz, section 3 (incident management). In the quarter's worst incident a "
                 "configuration push reached every server at once and checkout failed for 40 "
                 "minutes. The postmortem draft's root cause reads \"Sam pushed a bad config\". "
                 "What does section 3 ask for?",
        options=[
            ("Rewrite it about the system: why could one push reach every server with no canary "
             "and no automatic rollback? Then action items (prevent, mitigate, process), each "
             "with an owner and a priority.",
             "Yes: a blameless postmortem asks what let the failure through; configuration "
             "pushes trigger so many incidents because they often skip the canary (SRE "
             "Workbook, Appendix C)."),
            ("Keep it: naming who did it makes people careful.",
             "No: blame makes people hide their mistakes, so the next postmortem learns less; "
             "the same push could have come from anyone."),
            ("Skip the postmortem: the cause is known and the config is reverted.",
             "No: the revert fixes this incident, not the next; a user-visible incident of this "
             "size needs a postmortem with tracked action items."),
            ("Require a second approval for Sam's pushes.",
             "No: it targets a person, not the path that let any push reach every server at "
             "once; the next bad push comes from someone else."),
        ],
        answer=0,
    ),
    Quiz(
        id="cap4.final_s4_sampling",
        notebook=_NB,
        question="Final quiz, section 4 (observability cost). To cut the span bill, someone "
                 "proposes keeping 1 % of traces at random (head sampling) and nothing else. "
                 "What is the catch, and the course's fix?",
        options=[
            ("No catch: 1 % of a large traffic is still plenty of traces.",
             "No: the traces you need are the rare failing ones; at 1 % a small incident can "
             "leave fewer than a handful of error traces in its first minutes, and repair "
             "without them takes longer (Part 2 counted such undebuggable incidents)."),
            ("Sample logs at random instead: the traces stay complete.",
             "No: logs are priced by volume like spans, and a random share of logs loses the "
             "rare error lines in the same way."),
            ("Keep every trace and cut retention to one day.",
             "No: retention cuts storage, not ingestion, and one day leaves nothing for a "
             "postmortem or for a trend a week later."),
            ("Rare error and slow traces are dropped with the rest, so incidents become hard to "
             "debug; keep a small random share and tail-sample every trace with an error or a "
             "slow request, which costs little because such traces are rare.",
             "Yes: head sampling decides before it knows what the trace holds; tail sampling "
             "decides after, and keeps what an incident needs."),
        ],
        answer=3,
    ),
    Quiz(
        id="cap4.final_s5_business_case",
        notebook=_NB,
        question="Final quiz, section 5 (culture and the business case). The board asks Naomi "
                 "whether the quarter's reliability work paid off. Which answer is section 5's?",
        options=[
            ("\"Churn fell 15 % and revenue grew 20 %\", as the outline's MicroCorp says.",
             "No: Part 2 tested that claim. In the model, incident losses are a tiny share of "
             "revenue, so removing them all cannot add 20 %; a number from a story is not a "
             "measurement."),
            ("The median over many simulated quarters with its 10-90 % range and the chance that "
             "it did not pay, naming the assumption that decides it and what the model leaves "
             "out.",
             "Yes: a return is a distribution, not a point; the deciding assumption and the "
             "model's blind spots are what the board should challenge."),
            ("The best of the simulated quarters: it shows what is possible.",
             "No: choosing the luckiest seed is cherry-picking; the board needs to know what a "
             "typical quarter and a bad one look like."),
            ("The number of incidents: fewer incidents is the return.",
             "No: count and cost differ; one long checkout outage outweighs many small ones. "
             "Price them: lost purchases, churn, people's hours."),
        ],
        answer=1,
    ),
    Quiz(
        id="cap4.final_s6_chaos",
        notebook=_NB,
        question="Final quiz, section 6 (observability-driven development). The first game day "
                 "of your chaos plan is next month. Which plan is a chaos experiment in section "
                 "6's sense?",
        options=[
            ("Kill random servers on Friday afternoon and see what happens.",
             "No: with no steady state measured and no hypothesis, nothing can be disproved; "
             "and a Friday afternoon with few people around is the worst time for it."),
            ("Run it in a test environment only, for ever: production is too risky.",
             "No: a rehearsal in staging is where to start, but the real system's traffic, "
             "configuration and dependencies are what the experiment must test; a small blast "
             "radius and an abort condition make production safe enough."),
            ("State checkout's steady state (availability of 99.9 % over 30 minutes, measured by "
             "a probe), hypothesise that it holds while half of search's instances fail for 5 % "
             "of the traffic, and abort and roll back if a probe leaves its tolerance or the "
             "experiment spends more than its cap of the error budget.",
             "Yes: steady state, hypothesis, a real-world fault, a small blast radius, an abort "
             "condition and a budget cap: what your kit's chaos plan lists for each game day."),
            ("Inject the fault into all the traffic, so that the result is certain.",
             "No: the whole traffic turns the experiment into an outage; a small blast radius "
             "is enough to disprove the hypothesis and keeps the cost within the budget."),
        ],
        answer=2,
    ),
]
