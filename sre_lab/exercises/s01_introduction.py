"""Exercises and quizzes of section 1, the introduction (two beginner parts).

=============================  =====  ==============================================
notebook                       key    what the learner does
=============================  =====  ==============================================
``01a_slis_slos_and_budgets``  intro  measures checkout's SLI, its error budget spent
                                      and its budget as time
``01b_push_or_hold``           gate   reads the release gate on Friday and Monday;
                                      the section's recap quiz
=============================  =====  ==============================================

Reference answers and misconceptions call the same core functions the
notebooks call (``sl.load_requests``, ``sl.availability_sli``,
``sl.ratio_timeslice_sli``, ``sl.error_budget``, ``sl.allowed_downtime``,
``sl.release_gate``); no answer is typed in.
"""

from __future__ import annotations

import functools

from ._engine import Exercise
from ._quiz import Quiz

PART_A = "01a_slis_slos_and_budgets"
PART_B = "01b_push_or_hold"

#: MicroCorp's objective for checkout and payment in section 1 (99.9 % over 28 days).
SLO_TARGET = 0.999
WINDOW_DAYS = 28
#: The targets of the release-gate dashboard's slider
#: (``sre_lab.dashboards.COURSE_SLO_TARGETS``; a test keeps the two equal).
SLIDER_TARGETS = (0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999)
FRIDAY = "2026-10-30"   # Jordan's decision: Friday 30 October, 00:00 UTC
MONDAY = "2026-11-02"   # after the weekend: Monday 2 November, 00:00 UTC


@functools.cache
def _traffic(service: str):
    from ..datasets import load_requests

    return load_requests(service=service)


def _totals(service: str) -> tuple[float, float]:
    """(requests, failed requests) of a service over the 28 days of data."""
    frame = _traffic(service)
    return float(frame["requests"].sum()), float(frame["errors"].sum())


def _sli(service: str) -> float:
    from ..slo import availability_sli

    return availability_sli(_traffic(service))


def _averaged_sli(service: str) -> float:
    """The slip: the mean of the per-minute success ratios (RatioTimeslices)."""
    from ..slo import ratio_timeslice_sli

    return ratio_timeslice_sli(_traffic(service), slice_minutes=1)


def _budget(service: str, slo_target: float = SLO_TARGET) -> float:
    """Failed requests the target allows over the 28 days of data."""
    from ..slo import error_budget

    return float(error_budget(slo_target, _totals(service)[0]))


def _budget_of_successes(service: str, slo_target: float = SLO_TARGET) -> float:
    """The slip: the budget computed on the successful requests only."""
    from ..slo import error_budget

    requests, errors = _totals(service)
    return float(error_budget(slo_target, requests - errors))


def _spent(service: str, *, budget_of: str | None = None) -> float:
    """Failed requests of ``service`` / the budget of ``budget_of`` (default: the same)."""
    return _totals(service)[1] / _budget(budget_of or service)


def _downtime(slo_target: float, window_days: float):
    from ..slo import allowed_downtime

    return allowed_downtime(slo_target, window_days=window_days)


def _gate(slo_target: float, day: str, service: str = "checkout"):
    from ..policy import release_gate

    return release_gate(_traffic(service), slo_target=slo_target, at=day)


def _label(slo_target: float) -> str:
    """A target as the slider writes it: ``0.9995 -> '99.95 %'``."""
    from ..formatting import format_percent

    return format_percent(slo_target)


def _strictest_go(day: str) -> str:
    return _label(max(t for t in SLIDER_TARGETS
                      if _gate(t, day).decision.decision == "go"))


#: The slider's labels, the choices of ``gate.strictest_go`` ("95 %" ... "99.99 %").
SLIDER_LABELS = tuple(_label(t) for t in SLIDER_TARGETS)
#: The policy's decisions (``sre_lab.policy.DECISIONS``; a test keeps the two equal).
DECISIONS = ("go", "slow down", "freeze")


EXERCISES: list[Exercise] = [
    # ------------------------------------------------------- 01a_slis_slos_and_budgets (intro)
    Exercise(
        id="intro.checkout_sli",
        notebook=PART_A,
        prompt="What was checkout's availability SLI over the 28 days, as a fraction "
               "(for example 0.99876)?",
        kind="number", rel_tol=0.0, abs_tol=1e-5,
        reference=lambda: _sli("checkout"),
        misconceptions=[
            ("you averaged the per-minute success ratios instead of summing requests and "
             "errors first and dividing once", lambda: _averaged_sli("checkout")),
            ("you reused payment's numbers from the worked example instead of checkout's",
             lambda: _sli("payment")),
            ("you gave the SLO target (the goal) instead of the SLI measured from the data",
             lambda: SLO_TARGET),
            ("you computed the share of requests that failed (the error ratio) instead of "
             "the share that succeeded", lambda: 1 - _sli("checkout")),
            ("you wrote the SLI as a percentage instead of a fraction",
             lambda: 100 * _sli("checkout")),
        ],
        hint="Sum checkout's requests and errors over all minutes first, then compute "
             "(requests - errors) / requests, as the worked example did for payment.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "requests = checkout[\"requests\"].sum()\n"
            "errors = checkout[\"errors\"].sum()\n"
            "answer = (requests - errors) / requests      # sl.availability_sli(checkout) agrees\n"
        ),
    ),
    Exercise(
        id="intro.checkout_spent",
        notebook=PART_A,
        prompt="At 99.9 %, what fraction of its 28-day error budget did checkout spend "
               "(1.0 would be all of it)?",
        kind="number", rel_tol=0.0006,
        reference=lambda: _spent("checkout"),
        misconceptions=[
            ("you took the budget as 0.1 % of the successful requests instead of all "
             "requests", lambda: _totals("checkout")[1] / _budget_of_successes("checkout")),
            ("you computed the share of the budget that is left instead of the share spent",
             lambda: 1 - _spent("checkout")),
            ("you reused payment's numbers from the worked example instead of checkout's",
             lambda: _spent("payment")),
            ("you divided checkout's failures by payment's budget (the worked example's "
             "`allowed`) instead of checkout's own", lambda: _spent("checkout",
                                                                     budget_of="payment")),
            ("you divided the failures by all requests (that is the error ratio) instead of "
             "by the failures the budget allows", lambda: 1 - _sli("checkout")),
            ("you wrote the share as a percentage instead of a fraction",
             lambda: 100 * _spent("checkout")),
        ],
        hint="First checkout's budget: (1 - 0.999) × checkout's requests. Then its failed "
             "requests divided by that budget.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "allowed = sl.error_budget(0.999, checkout[\"requests\"].sum())  # failures allowed\n"
            "answer = checkout[\"errors\"].sum() / allowed\n"
        ),
    ),
    Exercise(
        id="intro.budget_time",
        notebook=PART_A,
        prompt="MicroCorp's SLO is 99.9 % over 28 days. As time: for how long may checkout "
               "be completely down in its 28-day window? Answer with a datetime.timedelta.",
        kind="timedelta", rel_tol=0.005,
        reference=lambda: _downtime(SLO_TARGET, WINDOW_DAYS),
        misconceptions=[
            ("you used the SRE Workbook's 30-day window instead of MicroCorp's 28 days",
             lambda: _downtime(SLO_TARGET, 30)),
            ("you took the 99.9 % of the window the service must be up instead of the "
             "0.1 % it may be down",
             lambda: _downtime(1 - SLO_TARGET, WINDOW_DAYS)),
            ("you used 0.1 (the percentage) where the fraction 0.001 is meant",
             lambda: _downtime(0.9, WINDOW_DAYS)),
        ],
        hint="Same formula as the table above, (1 - target) × window, but with MicroCorp's "
             "window: window_days=28.",
        solution_code=(
            "answer = sl.allowed_downtime(0.999, window_days=28)\n"
            "# by hand: (1 - 0.999) * datetime.timedelta(days=28)\n"
        ),
    ),
    # ------------------------------------------------------------------ 01b_push_or_hold (gate)
    Exercise(
        id="gate.strictest_go",
        notebook=PART_B,
        prompt="On the morning of Friday 30 October, what is the strictest SLO target on the "
               "dashboard's slider at which checkout may still ship a new feature (decision "
               "'go')? Answer with the slider's label as text, e.g. '99 %'.",
        kind="choice", choices=SLIDER_LABELS,
        reference=lambda: _strictest_go(FRIDAY),
        hint="Keep checkout and Fri 30 Oct, move the SLO slider up one step at a time and "
             "watch the decision: the answer is the last step that still says 'go'.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "go = [t for t in [0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999]\n"
            "      if sl.release_gate(checkout, slo_target=t, at=\"2026-10-30\")"
            ".decision.decision == \"go\"]\n"
            "answer = sl.format_percent(max(go))\n"
        ),
    ),
    Exercise(
        id="gate.monday_decision",
        notebook=PART_B,
        prompt="Keep checkout at 99.9 % and move the day to Monday 2 November, after Friday "
               "afternoon's incidents. What does the policy say for a new feature: 'go', "
               "'slow down' or 'freeze'?",
        kind="choice", choices=DECISIONS,
        reference=lambda: _gate(SLO_TARGET, MONDAY).decision.decision,
        misconceptions=[
            ("you looked only at whether budget is left; the policy also slows down below "
             "25 % left or above 1.5× over the last 7 days", lambda: "go"),
            ("you froze because the budget is nearly gone; a freeze starts only once it is "
             "exceeded (below 0 % left)", lambda: "freeze"),
        ],
        hint="Read 'remaining' and the 7-day burn rate in the dashboard's summary, then apply "
             "the rule: freeze when the budget is exceeded (below 0 % left); slow down below "
             "25 % left or above 1.5x over the last 7 days; otherwise go.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "monday = sl.release_gate(checkout, slo_target=0.999, at=\"2026-11-02\")\n"
            "answer = monday.decision.decision\n"
        ),
    ),
]

QUIZZES: list[Quiz] = [
    # ------------------------------------------------------- 01a_slis_slos_and_budgets (intro)
    Quiz(
        id="intro.sla_vs_slo",
        notebook=PART_A,
        question="Why is MicroCorp's internal SLO (99.9 %) stricter than the SLA in its "
                 "contract with merchants (99.5 %)?",
        options=[
            ("So the team is warned, and changes course, while the contract is still safe.",
             "Yes: payment spent three quarters of its SLO budget but only 15 % of what the "
             "SLA tolerates. The SLO is the early warning; missing the SLA costs money."),
            ("Because customers see the SLO and expect more than the contract says.",
             "Customers see the SLA, the contract. The SLO is internal: a target the team "
             "holds itself to."),
            ("Because the SLA counts fewer requests than the SLO.",
             "Both count the same requests. They differ in the target and in what a miss "
             "means: a missed SLA costs service credits."),
            ("No particular reason: the two numbers are usually equal.",
             "If they were equal, the first warning would arrive when the penalty is already "
             "due."),
        ],
        answer=0,
    ),
    # ------------------------------------------------------------------ 01b_push_or_hold (gate)
    Quiz(
        id="gate.recap_terms",
        notebook=PART_B,
        question="Checkout's availability over the 28 days was 99.91 %. MicroCorp's objective "
                 "is 99.9 %; its merchant contract promises 99.5 %. Which reading is right?",
        options=[
            ("99.91 % is the SLI, 99.9 % the SLO, 99.5 % the SLA; the error budget is the "
             "0.1 % of requests that may fail.",
             "Yes: the SLI is measured, the SLO is the target chosen in advance, the SLA is "
             "the contract with a penalty, and the budget is 1 − SLO of the window's "
             "requests."),
            ("99.91 % is the SLO, because it is what the service achieved.",
             "What the service achieved is a measurement, the SLI. The SLO is the target "
             "agreed before measuring: 99.9 %."),
            ("The error budget is 99.91 % − 99.9 % = 0.01 % of requests.",
             "That difference is what is left of the budget (about a tenth of it). The "
             "budget itself is 1 − SLO: 0.1 % of the window's requests."),
            ("99.5 % is the SLO and 99.9 % the SLA: customers get the stricter number.",
             "It is the other way round: the internal SLO is stricter, so the team is warned "
             "while the looser contract is still safe."),
        ],
        answer=0,
    ),
    Quiz(
        id="gate.recap_maturity",
        notebook=PART_B,
        question="Jordan's team had dashboards and paging (Reactive). What moves it to the "
                 "Proactive stage?",
        options=[
            ("Writing the 99.9 % SLO down in the wiki.",
             "A written SLO that changes nothing is just a number. Proactive needs agreed "
             "SLOs and a budget that changes plans."),
            ("Letting the error budget, under a policy agreed in advance, decide what ships.",
             "Yes: agreed SLOs plus budget decisions are two of the Proactive practices, and "
             "Monday's 'slow down' is one such decision."),
            ("Buying a tool that checks releases automatically.",
             "Automated release checks are a Predictive practice. They rest on agreed SLOs "
             "and budget decisions; without those the team stays Reactive."),
            ("Having fewer incidents than last month.",
             "Maturity is about how the team decides, not about one lucky month. A "
             "Proactive team can have a bad month and know what to do about it."),
        ],
        answer=1,
    ),
    Quiz(
        id="gate.recap_push_or_hold",
        notebook=PART_B,
        question="Monday morning: checkout has 9.5 % of its budget left and burned 1.55× over "
                 "the last 7 days. A new feature and a security fix are waiting. What does "
                 "MicroCorp's policy say?",
        options=[
            ("Both ship as usual: there is still budget left.",
             "Budget left is not the only test: below 25 % left, or above 1.5× over 7 days, "
             "the policy says slow down, and here both are true."),
            ("Freeze both: the budget is nearly gone.",
             "Freeze starts only once the budget is exceeded (below 0 % left), and even then "
             "security fixes are exempt under the SRE Workbook's policy."),
            ("Slow down the feature (small, canaried, reliability work first); the security "
             "fix ships.",
             "Yes: both slow-down tests trigger for the feature, and security fixes always "
             "ship."),
            ("Whoever argues best decides; the numbers are only advice.",
             "The policy was agreed in advance precisely so that nobody has to win an "
             "argument on Monday morning."),
        ],
        answer=2,
    ),
]
