"""Exercises and quizzes of the 05_culture beginner tier: keys "cul1a", "cul1b", "cul1c".

==================================================  =====  ================================
notebook                                            key    asks
==================================================  =====  ================================
``05_culture/1a_balancing_features_and_reliability``  cul1a  Carlos's releases on frozen days,
                                                           checkout's change failure rate,
                                                           INC-014's share of the budget
``05_culture/1b_measuring_toil``                    cul1b  Carlos's toil share, the on-call
                                                           floor of a 4-person rotation, his
                                                           biggest source of toil
``05_culture/1c_automation_payback``                cul1c  hours a week a watchdog saves, its
                                                           break-even, xkcd 1205's cell
==================================================  =====  ================================

Carlos is an engineer of MicroCorp's ``orders`` team (checkout and
notifications, ``sl.SERVICE_TEAMS``). Reference answers and misconceptions
call the core functions the notebooks call (``sl.simulate_release_quarter``,
``sl.dora_metrics``, ``sl.incident_budget_shares``, ``sl.toil_report``,
``sl.oncall_toil_floor``, ``sl.automation_candidates``,
``sl.automation_payback``, ``sl.worth_the_time``); nothing is typed in.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

NB_1A = "05_culture/1a_balancing_features_and_reliability"
NB_1B = "05_culture/1b_measuring_toil"
NB_1C = "05_culture/1c_automation_payback"

CARLOS = "Carlos"
SERVICE = "checkout"
INCIDENT = "INC-014"
ROTATION = 4                 # the orders team's on-call rotation
LOG_WEEKS = 13               # the work log's quarter
WATCHDOG_TASK = "restart stuck job"
WATCHDOG_SHARE = 0.9         # the watchdog removes 90 % of each run's minutes
WATCHDOG_BUILD_HOURS = 40
WATCHDOG_UPKEEP = 1.0        # hours a week
REVIEW_SHAVED_MINUTES = 30   # xkcd exercise: 30 minutes shaved off a weekly task

# --------------------------------------------------------------------------- reference helpers
# Called lazily (on the first check), so importing the registry loads no data.


def _quarter():
    from ..datasets import load_daily_history
    from ..policy import simulate_release_quarter
    return simulate_release_quarter(load_daily_history(SERVICE), slo_target=0.999,
                                    releases="weekdays")


def _deploys(service=SERVICE):
    from ..datasets import load_deployments
    deploys = load_deployments()
    return deploys if service is None else deploys[deploys["service"] == service]


def _cfr(service=SERVICE) -> float:
    from ..culture.dora import dora_metrics
    return float(dora_metrics(_deploys(service))["change_failure_rate"])


def _incident_share(by="budget") -> float:
    from ..datasets import load_incidents, load_requests
    from ..policy import incident_budget_shares
    traffic = load_requests(service=SERVICE)
    incidents = load_incidents()
    one = incidents[incidents["id"] == INCIDENT].drop(columns="service")
    if by == "budget":
        shares = incident_budget_shares(traffic, one, slo_target=0.999, window_days=28)
        return float(shares["budget_share"].iloc[0])
    row = one.iloc[0]
    during = traffic[(traffic.index >= row["started"]) & (traffic.index < row["mitigated"])]
    if by == "all_requests":
        return float(during["errors"].sum() / traffic["requests"].sum())
    return float(during["errors"].sum() / during["requests"].sum())


def _carlos_log():
    from ..datasets import load_work_log
    log = load_work_log()
    return log[log["engineer"] == CARLOS]


def _carlos_share(min_traits=4) -> float:
    from ..culture.toil import toil_report
    return float(toil_report(_carlos_log(), min_traits=min_traits).toil_share)


def _carlos_share_of_contract() -> float:
    from ..culture.toil import toil_report
    report = toil_report(_carlos_log())
    workdays = 5 * LOG_WEEKS
    return float(report.toil_minutes / (480 * workdays))


def _carlos_share_of_rows() -> float:
    from ..culture.toil import classify_toil
    toil = classify_toil()
    log = _carlos_log()
    return float(log["task"].map(toil["toil"]).mean())


def _top_source(by="minutes") -> str:
    from ..culture.toil import toil_report
    report = toil_report(_carlos_log(), top=10)
    if by == "entries":
        return str(report.top_sources.sort_values("entries", ascending=False)["task"].iloc[0])
    return str(report.top_sources["task"].iloc[0])


def _toil_task_names():
    from ..simulation import WORK_TASKS
    return tuple(str(t) for t in WORK_TASKS.index)


def _floor(people=ROTATION) -> float:
    from ..culture.toil import oncall_toil_floor
    return float(oncall_toil_floor(people))


def _watchdog_row():
    from ..culture.automation import automation_candidates
    return automation_candidates(_carlos_log(), weeks=LOG_WEEKS).loc[WATCHDOG_TASK]


def _hours_saved(share=WATCHDOG_SHARE, per="week", minutes=False) -> float:
    row = _watchdog_row()
    runs = row["runs"] if per == "quarter" else row["runs_per_week"]
    saved = runs * row["minutes_per_run"] * share
    return float(saved if minutes else saved / 60)


def _payback(upkeep=WATCHDOG_UPKEEP):
    from ..culture.automation import automation_payback
    row = _watchdog_row()
    return automation_payback(minutes_saved_per_run=float(row["minutes_per_run"]) * WATCHDOG_SHARE,
                              runs_per_week=float(row["runs_per_week"]),
                              build_hours=WATCHDOG_BUILD_HOURS, maintenance_hours_per_week=upkeep)


def _worth(runs_per_year=52, horizon_years=5):
    from ..culture.automation import worth_the_time
    return worth_the_time(REVIEW_SHAVED_MINUTES * 60, runs_per_year, horizon_years=horizon_years)


# --------------------------------------------------------------------------- exercises

EXERCISES: list[Exercise] = [
    # ------------------------------------------ 05_culture/1a_balancing_features_and_reliability
    Exercise(
        id="cul1a.frozen_releases",
        notebook=NB_1A,
        prompt="Carlos ships a checkout feature every weekday of the quarter. On how many of "
               "those release days did the error budget policy say 'freeze'?",
        kind="number", abs_tol=0.0, rel_tol=0.0,
        reference=lambda: _quarter().releases_blocked,
        misconceptions=[
            ("you counted every frozen day, weekends included; Carlos only releases on weekdays",
             lambda: _quarter().freeze_days),
            ("you counted the 'slow down' days too; under 'slow down' a release still ships, "
             "carefully", lambda: _quarter().releases_blocked + _quarter().releases_slowed),
        ],
        hint="Keep the rows where decision is 'freeze' AND change_kind is 'feature', then count "
             "them: ((days['decision'] == 'freeze') & (days['change_kind'] == 'feature')).sum().",
        solution_code=(
            "quarter = sl.simulate_release_quarter(sl.load_daily_history('checkout'), "
            "slo_target=0.999, releases='weekdays')\n"
            "days = quarter.days\n"
            "answer = ((days['decision'] == 'freeze') & (days['change_kind'] == 'feature')).sum()\n"
        ),
    ),
    Exercise(
        id="cul1a.change_failure_rate",
        notebook=NB_1A,
        prompt="What share of checkout's deployments of the quarter failed (the change "
               "failure rate)? Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=_cfr,
        misconceptions=[
            ("you counted only the failed deployments that caused an incident; a rollback "
             "that users barely noticed is a failed change too",
             lambda: float(_deploys()["caused_incident"].mean())),
            ("you used all of MicroCorp's deployments, not checkout's", lambda: _cfr(None)),
        ],
        hint="The `failed` column is True or False; the mean of a True/False column is the "
             "share of True: checkout_deploys['failed'].mean().",
        solution_code=(
            "deploys = sl.load_deployments()\n"
            "checkout_deploys = deploys[deploys['service'] == 'checkout']\n"
            "answer = checkout_deploys['failed'].mean()\n"
        ),
    ),
    Exercise(
        id="cul1a.incident_budget_share",
        notebook=NB_1A,
        prompt="INC-014 followed a failed configuration push on a 'slow down' day. What share "
               "of checkout's 28-day error budget (99.9 %) did it spend?",
        kind="number", rel_tol=0.01,
        reference=_incident_share,
        misconceptions=[
            ("you divided its failed requests by all requests of the 28 days, not by the "
             "budget (0.1 % of them)", lambda: _incident_share("all_requests")),
            ("you computed the error ratio during the incident, not a share of the budget",
             lambda: _incident_share("during")),
        ],
        hint="The budget is sl.error_budget(0.999, total requests of the 28 days); divide the "
             "incident's failed requests by it.",
        solution_code=(
            "checkout = sl.load_requests(service='checkout')\n"
            "inc = sl.load_incidents().set_index('id').loc['INC-014']\n"
            "during = checkout[(checkout.index >= inc['started']) & "
            "(checkout.index < inc['mitigated'])]\n"
            "answer = during['errors'].sum() / sl.error_budget(0.999, checkout['requests'].sum())\n"
        ),
    ),
    # ------------------------------------------ 05_culture/1b_measuring_toil
    Exercise(
        id="cul1b.carlos_toil_share",
        notebook=NB_1B,
        prompt="What share of Carlos's logged time over the quarter was toil (tasks with at "
               "least 4 of the 6 traits)? Answer as a fraction.",
        kind="number", rel_tol=0.005,
        reference=_carlos_share,
        misconceptions=[
            ("you divided by his contracted 8-hour weekdays, not by the time he logged (he "
             "worked longer)", _carlos_share_of_contract),
            ("you counted log entries instead of minutes: a 5-minute access request is not "
             "worth a 4-hour project day", _carlos_share_of_rows),
            ("you demanded all six traits; the SRE book says toil need not have every one",
             lambda: _carlos_share(min_traits=6)),
        ],
        hint="Sum the minutes of the toil rows and divide by the sum of all his minutes: "
             "carlos.loc[is_toil, 'minutes'].sum() / carlos['minutes'].sum().",
        solution_code=(
            "log = sl.load_work_log()\n"
            "carlos = log[log['engineer'] == 'Carlos']\n"
            "classified = sl.classify_toil()\n"
            "is_toil = carlos['task'].isin(classified.index[classified['toil']])\n"
            "answer = carlos.loc[is_toil, 'minutes'].sum() / carlos['minutes'].sum()\n"
        ),
    ),
    Exercise(
        id="cul1b.oncall_floor",
        notebook=NB_1B,
        prompt="The orders team's on-call rotation has 4 engineers. By the SRE book's rule, "
               "what is the least share of each engineer's time that on-call work takes?",
        kind="number", rel_tol=0.01,
        reference=_floor,
        misconceptions=[
            ("you counted only the primary's week; the secondary's week is interrupt work too",
             lambda: 1 / ROTATION),
            ("you used Google's survey average (33 %) instead of this rotation's arithmetic",
             lambda: 0.33),
        ],
        hint="Each engineer is on call two weeks (primary, then secondary) in every N weeks: 2 / N.",
        solution_code="answer = sl.oncall_toil_floor(4)\n",
    ),
    Exercise(
        id="cul1b.top_source",
        notebook=NB_1B,
        prompt="Which task is Carlos's biggest source of toil, in minutes?",
        kind="choice", choices=_toil_task_names(),
        reference=_top_source,
        misconceptions=[
            ("you counted log entries, not minutes: many short requests are fewer minutes",
             lambda: _top_source("entries")),
            ("project work has none of the six traits: it is the work that removes toil",
             lambda: "engineering project"),
            ("meetings are overhead, which the SRE book says is not toil",
             lambda: "team meeting"),
        ],
        hint="Look at sl.toil_report(carlos).top_sources: sorted by minutes, biggest first.",
        solution_code=(
            "log = sl.load_work_log()\n"
            "carlos = log[log['engineer'] == 'Carlos']\n"
            "answer = sl.toil_report(carlos).top_sources['task'].iloc[0]\n"
        ),
    ),
    # ------------------------------------------ 05_culture/1c_automation_payback
    Exercise(
        id="cul1c.hours_saved",
        notebook=NB_1C,
        prompt="A watchdog would restart stuck jobs by itself, removing 90 % of the minutes of "
               "each 'restart stuck job'. How many hours a week would it save Carlos?",
        kind="number", rel_tol=0.01,
        reference=_hours_saved,
        misconceptions=[
            ("you left the saving in minutes; divide by 60 for hours",
             lambda: _hours_saved(minutes=True)),
            ("you assumed the watchdog removes all of the work, not 90 %",
             lambda: _hours_saved(share=1.0)),
            ("you used the quarter's runs, not a week's", lambda: _hours_saved(per="quarter")),
        ],
        hint="runs a week x minutes a run x 0.9, then / 60 for hours.",
        solution_code=(
            "log = sl.load_work_log()\n"
            "carlos = log[log['engineer'] == 'Carlos']\n"
            "row = sl.automation_candidates(carlos, weeks=13).loc['restart stuck job']\n"
            "answer = row['runs_per_week'] * row['minutes_per_run'] * 0.9 / 60\n"
        ),
    ),
    Exercise(
        id="cul1c.break_even_weeks",
        notebook=NB_1C,
        prompt="The watchdog takes 40 hours to build and 1 hour a week to maintain. After how "
               "many weeks in use does it pay back?",
        kind="number", rel_tol=0.01,
        reference=lambda: _payback().break_even_weeks,
        misconceptions=[
            ("you left out the hour a week of upkeep", lambda: _payback(upkeep=0).break_even_weeks),
            ("you divided the weekly saving by the build; it is the other way round",
             lambda: 1 / _payback().break_even_weeks),
        ],
        hint="build hours / (hours saved a week - upkeep hours a week).",
        solution_code=(
            "log = sl.load_work_log()\n"
            "carlos = log[log['engineer'] == 'Carlos']\n"
            "row = sl.automation_candidates(carlos, weeks=13).loc['restart stuck job']\n"
            "saved = row['runs_per_week'] * row['minutes_per_run'] * 0.9 / 60\n"
            "answer = 40 / (saved - 1)\n"
        ),
    ),
    Exercise(
        id="cul1c.worth_the_time",
        notebook=NB_1C,
        prompt="A weekly task could be 30 minutes shorter. Over the comic's five years, how "
               "long could you spend making it so before you lose time?",
        kind="timedelta", abs_tol=60,
        reference=_worth,
        misconceptions=[
            ("you counted one year, not the comic's five", lambda: _worth(horizon_years=1)),
            ("you took the task as daily; it is weekly (52 times a year)",
             lambda: _worth(runs_per_year=365)),
        ],
        hint="30 minutes x 52 runs a year x 5 years: sl.worth_the_time(30 * 60, 52).",
        solution_code="answer = sl.worth_the_time(30 * 60, 52)\n",
    ),
]

# --------------------------------------------------------------------------- quizzes

QUIZZES: list[Quiz] = [
    Quiz(
        id="cul1a.next_feature",
        notebook=NB_1A,
        question="Checkout's budget is exhausted (the policy says 'freeze') and product asks "
                 "Carlos for one more feature this week. What should he say?",
        options=[
            ("Yes: features are what customers pay for, reliability can wait.",
             "Not yet: with the budget gone users already get fewer successful checkouts than "
             "promised, and changes cause most incidents; another release bets with budget "
             "that is not there."),
            ("Not now: reliability work first; the feature ships when the budget recovers. "
             "Security and P0 fixes still go.",
             "Right: the policy was agreed in advance, so the answer is a rule, not a quarrel; "
             "the budget, not Carlos's mood, decides when features resume."),
            ("No, never again: features are too risky.",
             "Not yet: an unspent budget is there to be spent on change; a freeze lasts only "
             "until the budget recovers."),
            ("Yes, behind a feature flag turned on for every user at once.",
             "Not yet: a flag on for everyone is the same release; it only helps if it limits "
             "who is exposed (a canary) and can be switched off fast."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul1a.speed_or_stability",
        notebook=NB_1A,
        question="Does releasing less often make a team more reliable, according to DORA's "
                 "research?",
        options=[
            ("Yes: every release is a risk, so fewer releases mean fewer incidents.",
             "Not yet: DORA's reports find the top performers deploy far more often AND fail "
             "less (2019: 208x more frequent deployments, 7x lower change failure rate than "
             "low performers)."),
            ("No: the best teams ship small changes often and fail less; speed and stability "
             "go together.",
             "Right: small, frequent, reviewed changes are easier to test and to roll back. "
             "The error budget slows releases only while users already suffer."),
            ("It makes no difference either way.",
             "Not yet: DORA measures a large difference between its performance clusters on "
             "both throughput and stability."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul1b.meeting",
        notebook=NB_1B,
        question="Is the orders team's weekly planning meeting toil?",
        options=[
            ("Yes: it is repetitive and takes time every week.",
             "Not yet: repetitive alone is not enough. The SRE book calls meetings overhead, "
             "not toil: they are not automatable, not tactical interrupts, and they do not "
             "grow with the service."),
            ("No: it is overhead. It has only 2 of the 6 traits (manual, repetitive).",
             "Right: overhead is real cost, but reducing it is a different job from "
             "automating toil."),
            ("Yes, if nobody likes it.",
             "Not yet: the SRE book says toil is not 'work I don't like to do'; it is defined "
             "by the traits."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul1c.upkeep",
        notebook=NB_1C,
        question="An automation saves 3 hours a week and needs 3 hours a week of upkeep. When "
                 "does its 20-hour build pay back?",
        options=[
            ("After about 7 weeks (20 / 3).",
             "Not yet: that ignores the upkeep, which eats the whole saving."),
            ("Never: the net saving is 0 hours a week, so the build is never repaid.",
             "Right: sl.automation_payback says break_even is sl.NEVER; cheaper upkeep or a "
             "bigger saving is needed first."),
            ("After 20 weeks.",
             "Not yet: that would need a net saving of 1 hour a week."),
        ],
        answer=1,
    ),
]
