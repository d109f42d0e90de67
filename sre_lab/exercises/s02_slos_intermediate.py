"""Exercises and quizzes of the 🧩 intermediate SLO notebooks (keys ``slo2a`` .. ``slo2e``).

=========  ==========================================  ===================================
key        notebook (under ``notebooks/02_slos/``)      what the learner computes
=========  ==========================================  ===================================
slo2a      ``2a_multi_dimensional_slos``               composite budget, dependency budget
slo2b      ``2b_burn_rate``                            a day's burn rate, an incident's spend
slo2c      ``2c_alerting_approaches``                  best recall, closed-form detection
slo2d      ``2d_alerts_on_marisols_day``               a 6-hour burn, the first page
slo2e      ``2e_error_budget_policy``                  postmortems, a release decision
=========  ==========================================  ===================================

Reference answers and misconceptions call the same core functions the notebooks
call (``sl.dimension_budgets``, ``sl.burn_rate``, ``sl.incident_budget_shares``,
``sl.alert_quality``, ``sl.detection_time``, ``sl.trailing_error_ratio``,
``sl.release_gate`` ...). Every budget is over the data's 28 days (the SRE
Workbook's four-week window), always passed as ``window_days=28``.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

WINDOW_DAYS = 28  # the data hold exactly four weeks: 5 Oct - 1 Nov 2026

NB_2A = "02_slos/2a_multi_dimensional_slos"
NB_2B = "02_slos/2b_burn_rate"
NB_2C = "02_slos/2c_alerting_approaches"
NB_2D = "02_slos/2d_alerts_on_marisols_day"
NB_2E = "02_slos/2e_error_budget_policy"

#: Marisol's first error objective (the outline's "error rate under 0.5 %").
DRAFT_TARGET = 0.995
#: MicroCorp's objective for checkout and payment (01a/01b), where 2d lands.
COMPANY_TARGET = 0.999
#: INC-012, Marisol's bad release: 30 October 2026, 16:00 to 19:00 UTC.
FRIDAY = "2026-10-30"
INCIDENT = "INC-012"


# ----------------------------------------------------------------------------- data


def _payment():
    from ..datasets import load_requests

    return load_requests(service="payment")


def _incident(incident_id: str = INCIDENT):
    """The incident's row as a one-row frame (what the notebooks pass around)."""
    from ..datasets import load_incidents

    incidents = load_incidents()
    return incidents[incidents["id"] == incident_id]


def _during(traffic, incident):
    """The minutes of ``traffic`` in the incident's [started, mitigated)."""
    row = incident.iloc[0]
    return traffic[(traffic.index >= row["started"]) & (traffic.index < row["mitigated"])]


# ----------------------------------------------------------------------------- 2a


def _dimensions():
    from ..slo import dimension_budgets

    return dimension_budgets(_payment(), availability_target=DRAFT_TARGET,
                             latency_target=0.90, threshold_ms=300)


def _consumed(row: str) -> float:
    return float(_dimensions().loc[row, "consumed"])


def _composite_with_target(target: float) -> float:
    """Composite budget consumed against ``target`` (the misconception: 99.5 %)."""
    payment = _payment()
    requests = payment["requests"].sum()
    bad = requests - payment["latency_le_300ms"].sum()
    return float(bad / ((1 - target) * requests))


def _payment_share_of_checkout(payment_target: float, *, call_share=None) -> float:
    """Share of checkout's requests payment may fail at ``payment_target``."""
    from ..simulation import DEPENDENCIES
    from ..slo import serial_availability

    share = DEPENDENCIES["checkout"]["payment"] if call_share is None else call_share
    return 1.0 - float(serial_availability([1.0 - share * (1.0 - payment_target)]))


def _budget_multiple(payment_target: float, checkout_target: float, *, call_share=None) -> float:
    return (_payment_share_of_checkout(payment_target, call_share=call_share)
            / (1.0 - checkout_target))


# ----------------------------------------------------------------------------- 2b


def _friday():
    return _payment().loc[FRIDAY]


def _day_burn(slo_target: float) -> float:
    from ..slo import burn_rate

    day = _friday()
    return float(burn_rate(day["errors"].sum() / day["requests"].sum(), slo_target))


def _mean_hourly_burn(slo_target: float) -> float:
    from ..slo import burn_rate

    hours = _friday()[["requests", "errors"]].resample("1h").sum()
    return float(burn_rate(hours["errors"] / hours["requests"], slo_target).mean())


def _incident_burn(slo_target: float) -> float:
    from ..slo import burn_rate

    during = _during(_payment(), _incident())
    return float(burn_rate(during["errors"].sum() / during["requests"].sum(), slo_target))


def _incident_share(slo_target: float, *, window_days: float = WINDOW_DAYS) -> float:
    from ..policy import incident_budget_shares

    shares = incident_budget_shares(_payment(), _incident().drop(columns="service"),
                                    slo_target=slo_target, window_days=window_days)
    return float(shares["budget_share"].iloc[0])


def _hours_formula_share(slo_target: float, *, window_days: float) -> float:
    """burn × hours / window: the share an *average* stretch of 3 hours would spend."""
    from ..slo import budget_consumed

    during = _during(_payment(), _incident())
    hours = len(during) / 60
    return float(budget_consumed(_incident_burn(slo_target), alert_window_hours=hours,
                                 window_days=window_days))


# ----------------------------------------------------------------------------- 2c


def _checkout_grading():
    """{approach: AlertQuality} on checkout at 99.9 %, 28-day rules, the notebook's truth."""
    from ..alerting import (WORKBOOK_APPROACHES, alert_quality, evaluate_alerts,
                            significant_incidents, workbook_approach)
    from ..datasets import load_incidents, load_requests

    checkout = load_requests(service="checkout")
    truth = significant_incidents(checkout, load_incidents(), service="checkout",
                                  slo_target=COMPANY_TARGET, window_days=WINDOW_DAYS)
    return {n: alert_quality(evaluate_alerts(checkout, workbook_approach(
        n, COMPANY_TARGET, window_days=WINDOW_DAYS), slo_target=COMPANY_TARGET), truth)
        for n in WORKBOOK_APPROACHES}


def _best_recall() -> str:
    from ..alerting import WORKBOOK_APPROACHES

    recall = {n: q.recall for n, q in _checkout_grading().items()}
    best = max(recall.values())
    winners = [n for n, r in recall.items() if r == best]
    if len(winners) != 1:  # the question assumes one winner; a rebuilt dataset must keep it
        raise ValueError(f"several approaches share the best recall {best}: {winners}")
    return WORKBOOK_APPROACHES[winners[0]]


def _approach_title(number: int) -> str:
    from ..alerting import WORKBOOK_APPROACHES

    return WORKBOOK_APPROACHES[number]


def _approach_titles() -> tuple[str, ...]:
    from ..alerting import WORKBOOK_APPROACHES

    return tuple(WORKBOOK_APPROACHES.values())


def _detection(error_ratio: float, slo_target: float, *, long_minutes: int,
               window_days: float = 30):
    """Time for the Workbook rule with this long window to fire at a constant error ratio."""
    from ..alerting import detection_time, workbook_policy

    rule = next(r for r in workbook_policy(slo_target, window_days=window_days)
                if r.long_window_minutes == long_minutes)
    return detection_time(error_ratio, rule, slo_target=slo_target)


def _detection_on_short_window(error_ratio: float, slo_target: float):
    from ..alerting import detection_time, workbook_policy

    rule = next(r for r in workbook_policy(slo_target, window_days=30)
                if r.long_window_minutes == 360)
    return detection_time(error_ratio, slo_target=slo_target, burn_rate=rule.burn_rate,
                          window_minutes=rule.short_window_minutes)


def _exhaustion(error_ratio: float, slo_target: float):
    from ..slo import burn_rate, time_to_exhaustion

    return time_to_exhaustion(burn_rate(error_ratio, slo_target), window_days=30)


# ----------------------------------------------------------------------------- 2d


def _peak_burn(window_minutes: int, slo_target: float) -> float:
    """Highest burn over a trailing window ending on Friday 30 October (as alert rules see it)."""
    from ..alerting import trailing_error_ratio
    from ..slo import burn_rate

    ratio = trailing_error_ratio(_payment(), window_minutes=window_minutes)
    return float(burn_rate(ratio.loc[FRIDAY], slo_target).max())


def _fixed_block_peak(hours: int, slo_target: float) -> float:
    from ..slo import burn_rate

    blocks = _friday()[["requests", "errors"]].resample(f"{hours}h").sum()
    return float(burn_rate(blocks["errors"] / blocks["requests"], slo_target).max())


def _mean_minute_burn_peak(window_minutes: int, slo_target: float) -> float:
    """Averaging minute burn rates over the window (the wrong way to aggregate)."""
    from ..slo import burn_rate

    payment = _payment()
    minute = burn_rate(payment["errors"] / payment["requests"], slo_target)
    return float(minute.rolling(window_minutes, min_periods=1).mean().loc[FRIDAY].max())


def _first_rule(slo_target: float) -> str:
    from ..alerting import evaluate_alerts, workbook_policy

    firing = evaluate_alerts(_payment(), workbook_policy(slo_target, window_days=WINDOW_DAYS),
                             slo_target=slo_target)
    during = _during(firing, _incident())
    first = {c: during.index[during[c].to_numpy()][0] for c in during if during[c].any()}
    return min(first, key=first.get)


# ----------------------------------------------------------------------------- 2e


def _postmortems(slo_target: float, *, window_days: float = WINDOW_DAYS) -> set:
    from ..datasets import load_incidents
    from ..policy import incident_budget_shares

    incidents = load_incidents()
    own = incidents[incidents["service"] == "payment"].drop(columns="service")
    shares = incident_budget_shares(_payment(), own, slo_target=slo_target,
                                    window_days=window_days)
    return set(shares.loc[shares["postmortem_required"], "id"])


def _decision(day: str, slo_target: float) -> str:
    from ..policy import release_gate

    return release_gate(_payment(), slo_target=slo_target, at=day).decision.decision


# ----------------------------------------------------------------------------- exercises

EXERCISES: list[Exercise] = [
    # ------------------------------------------------ 2a: composite SLOs, dependencies
    Exercise(
        id="slo2a.composite_consumed",
        notebook=NB_2A,
        prompt="Payment's composite objective counts a request as good only when it "
               "succeeded within 300 ms; its target is 99.5 % × 90 % = 89.55 %. What share "
               "of the composite error budget did the 28 days consume? Answer as a "
               "fraction (0.5 for half).",
        kind="number", unit="(share of the budget)", rel_tol=0.01,
        reference=lambda: _consumed("composite"),
        misconceptions=[
            ("you added the availability and latency shares: shares of budgets of "
             "different sizes do not add up",
             lambda: _consumed("availability") + _consumed("latency")),
            ("you averaged the two shares, as if both budgets were the same size (the "
             "latency budget is twenty times the error budget)",
             lambda: (_consumed("availability") + _consumed("latency")) / 2),
            ("you took the larger of the two shares (latency's); the composite mixes both, "
             "each weighted by the size of its budget",
             lambda: max(_consumed("availability"), _consumed("latency"))),
            ("you used 99.5 % as the composite target instead of 99.5 % × 90 %",
             lambda: _composite_with_target(DRAFT_TARGET)),
        ],
        hint="Composite: good = latency_le_300ms, valid = requests. Bad = valid - good; "
             "allowed bad = (1 - 0.995 * 0.90) × valid; consumed = bad / allowed.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "valid = payment[\"requests\"].sum()\n"
            "bad = valid - payment[\"latency_le_300ms\"].sum()\n"
            "answer = bad / ((1 - 0.995 * 0.90) * valid)\n"
        ),
    ),
    Exercise(
        id="slo2a.dependency_budget",
        notebook=NB_2A,
        prompt="Checkout promises 99.9 %. 60 % of its requests call payment, whose SLO is "
               "99.5 %, and a failed payment call fails the checkout request. If payment "
               "fails exactly as often as its SLO allows (independently of everything "
               "else), how many times checkout's whole error budget do payment's failures "
               "alone spend?",
        kind="number", unit="× checkout's budget", rel_tol=0.01,
        reference=lambda: _budget_multiple(DRAFT_TARGET, COMPANY_TARGET),
        misconceptions=[
            ("you let every checkout request call payment; only 60 % do",
             lambda: _budget_multiple(DRAFT_TARGET, COMPANY_TARGET, call_share=1.0)),
            ("you gave the share of checkout's requests that payment may fail, not how many "
             "times it fits into checkout's 0.1 % budget",
             lambda: _payment_share_of_checkout(DRAFT_TARGET)),
            ("you divided the other way round: checkout's budget by payment's share",
             lambda: 1 / _budget_multiple(DRAFT_TARGET, COMPANY_TARGET)),
        ],
        hint="Payment may fail 0.5 % of its calls; 60 % of checkout's requests make one, "
             "so 0.6 × 0.5 % of checkout's requests may fail through payment "
             "(1 - sl.serial_availability([1 - 0.6 * 0.005])). Divide by checkout's "
             "budget, 1 - 0.999.",
        solution_code=(
            "through_payment = 1 - 0.6 * (1 - 0.995)   # checkout's success through payment\n"
            "may_fail = 1 - sl.serial_availability([through_payment])\n"
            "answer = may_fail / (1 - 0.999)\n"
        ),
    ),
    # ------------------------------------------------ 2b: burn rate
    Exercise(
        id="slo2b.day_burn",
        notebook=NB_2B,
        prompt="At Marisol's 99.5 %, what was payment's burn rate over the whole of "
               "Friday 30 October (00:00-24:00 UTC)?",
        kind="number", unit="× (burn rate)", rel_tol=0.01,
        reference=lambda: _day_burn(DRAFT_TARGET),
        misconceptions=[
            ("you averaged hourly (or minute) burn rates: quiet night hours then weigh as "
             "much as the busy hours of the incident. Sum the day's errors and requests "
             "first, then divide",
             lambda: _mean_hourly_burn(DRAFT_TARGET)),
            ("you measured only the incident's hours (16:00-19:00) or its worst hour, not "
             "the whole day",
             lambda: _incident_burn(DRAFT_TARGET)),
            ("you used 99.9 % instead of Marisol's 99.5 %",
             lambda: _day_burn(COMPANY_TARGET)),
            ("you divided the error ratio by the SLO (0.995) instead of by the error ratio it "
             "allows, 1 - 0.995",
             lambda: _day_burn(DRAFT_TARGET) * (1 - DRAFT_TARGET) / DRAFT_TARGET),
        ],
        hint="One day, one ratio: day = payment.loc[\"2026-10-30\"]; burn = "
             "(errors summed / requests summed) / (1 - 0.995), i.e. sl.burn_rate(ratio, 0.995).",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "day = payment.loc[\"2026-10-30\"]\n"
            "answer = sl.burn_rate(day[\"errors\"].sum() / day[\"requests\"].sum(), 0.995)\n"
        ),
    ),
    Exercise(
        id="slo2b.incident_budget_share",
        notebook=NB_2B,
        prompt="INC-012 lasted from 16:00 to 19:00 UTC on 30 October. What share of "
               "payment's 28-day error budget at 99.5 % did it spend? Count every failed "
               "request from started (inclusive) to mitigated (exclusive); the budget is "
               "0.5 % of the 28 days' requests. Answer as a fraction.",
        kind="number", unit="(share of the budget)", rel_tol=0.01,
        reference=lambda: _incident_share(DRAFT_TARGET),
        misconceptions=[
            ("you used burn rate × 3 h ÷ 672 h (sl.budget_consumed). That formula assumes "
             "the three hours carried an average share of the month's requests; busy "
             "afternoon hours carry more, so they spend more",
             lambda: _hours_formula_share(DRAFT_TARGET, window_days=WINDOW_DAYS)),
            ("you used burn rate × 3 h ÷ 720 h: a 30-day window, and the average-hour "
             "formula",
             lambda: _hours_formula_share(DRAFT_TARGET, window_days=30)),
            ("you used 99.9 % instead of Marisol's 99.5 %",
             lambda: _incident_share(COMPANY_TARGET)),
            ("you gave the incident's burn rate, not the share of the budget it spent",
             lambda: _incident_burn(DRAFT_TARGET)),
        ],
        hint="Failed requests during the incident / (0.005 × all requests of the 28 days). "
             "sl.incident_budget_shares(payment, incident, slo_target=0.995, "
             "window_days=28) does the same.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "during = payment.loc[\"2026-10-30 16:00\":\"2026-10-30 18:59\"]\n"
            "answer = during[\"errors\"].sum() / ((1 - 0.995) * payment[\"requests\"].sum())\n"
        ),
    ),
    # ------------------------------------------------ 2c: the six approaches
    Exercise(
        id="slo2c.best_recall",
        notebook=NB_2C,
        prompt="Grade the Workbook's six approaches on checkout at 99.9 % (rules for a "
               "28-day window, the significant incidents of this notebook, "
               "sl.alert_quality's defaults). Which approach had the best recall? Answer "
               "with its title, e.g. sl.WORKBOOK_APPROACHES[4].",
        kind="choice", choices=_approach_titles(),
        reference=_best_recall,
        misconceptions=[
            ("you picked the Workbook's recommendation: it is the best balance of all four "
             "attributes, not the best at recall alone",
             lambda: _approach_title(6)),
            ("you picked the 36-hour window: its alert raised for one incident was still "
             "firing when the next ones began, so it did not detect them",
             lambda: _approach_title(2)),
        ],
        hint="For n in 1..6: rules = sl.workbook_approach(n, 0.999, window_days=28); "
             "q = sl.alert_quality(sl.evaluate_alerts(checkout, rules, slo_target=0.999), "
             "significant); compare q.recall.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "significant = sl.significant_incidents(checkout, sl.load_incidents(),\n"
            "                                       service=\"checkout\", slo_target=0.999,\n"
            "                                       window_days=28)\n"
            "recall = {}\n"
            "for n, title in sl.WORKBOOK_APPROACHES.items():\n"
            "    rules = sl.workbook_approach(n, 0.999, window_days=28)\n"
            "    firing = sl.evaluate_alerts(checkout, rules, slo_target=0.999)\n"
            "    recall[title] = sl.alert_quality(firing, significant).recall\n"
            "answer = max(recall, key=recall.get)\n"
        ),
    ),
    Exercise(
        id="slo2c.detection_time",
        notebook=NB_2C,
        prompt="After a clean history, payment starts failing 2 % of its requests and keeps "
               "doing so. At 99.9 % with the Workbook's 30-day thresholds "
               "(sl.workbook_policy(0.999, window_days=30)), how long does the 6 h / 30 min "
               "page (burn rate 6) take to fire? Answer with a datetime.timedelta.",
        kind="timedelta", rel_tol=0.01,
        reference=lambda: _detection(0.02, COMPANY_TARGET, long_minutes=360),
        misconceptions=[
            ("you used the 1-hour page (14.4× over 1 h) instead of the 6-hour one",
             lambda: _detection(0.02, COMPANY_TARGET, long_minutes=60)),
            ("you filled the 30-minute short window; the long window is the one that needs "
             "time to fill",
             lambda: _detection_on_short_window(0.02, COMPANY_TARGET)),
            ("you used the 28-day thresholds (5.6×); the question asks for the Workbook's "
             "30-day table (6×)",
             lambda: _detection(0.02, COMPANY_TARGET, long_minutes=360, window_days=28)),
            ("you computed how long the whole budget lasts at this burn (time to "
             "exhaustion), not when the alert fires",
             lambda: _exhaustion(0.02, COMPANY_TARGET)),
        ],
        hint="The 6-hour ratio grows linearly from 0 to 2 %; the rule fires when it passes "
             "6 × (1 - 0.999). Time = window × threshold / error ratio "
             "(sl.detection_time(0.02, rule, slo_target=0.999)).",
        solution_code=(
            "page_6h = sl.workbook_policy(0.999, window_days=30)[1]   # 6× over 6 h and 30 min\n"
            "answer = sl.detection_time(0.02, page_6h, slo_target=0.999)\n"
        ),
    ),
    # ------------------------------------------------ 2d: Marisol's day
    Exercise(
        id="slo2d.six_hour_peak",
        notebook=NB_2D,
        prompt="At 99.5 %, what was the highest burn rate over a trailing 6-hour window "
               "(as the 6 h / 30 min page computes it, minute by minute) among the windows "
               "ending on Friday 30 October?",
        kind="number", unit="× (burn rate)", rel_tol=0.01,
        reference=lambda: _peak_burn(360, DRAFT_TARGET),
        misconceptions=[
            ("you measured the burn over the incident's own three hours; the rule's window "
             "is six hours long, so it also holds hours without the incident",
             lambda: _incident_burn(DRAFT_TARGET)),
            ("you cut the day into fixed 6-hour blocks (resample('6h')); the rule's window "
             "slides minute by minute",
             lambda: _fixed_block_peak(6, DRAFT_TARGET)),
            ("you used the 1-hour window (window_minutes=60) instead of the 6-hour one",
             lambda: _peak_burn(60, DRAFT_TARGET)),
            ("you averaged minute burn rates over the window instead of dividing the "
             "window's summed errors by its summed requests",
             lambda: _mean_minute_burn_peak(360, DRAFT_TARGET)),
            ("you used 99.9 % instead of Marisol's 99.5 %",
             lambda: _peak_burn(360, COMPANY_TARGET)),
        ],
        hint="ratio = sl.trailing_error_ratio(payment, window_minutes=360); take "
             "sl.burn_rate(ratio, 0.995) on the rows of 2026-10-30 and its .max().",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "ratio_6h = sl.trailing_error_ratio(payment, window_minutes=360)\n"
            "answer = sl.burn_rate(ratio_6h, 0.995).loc[\"2026-10-30\"].max()\n"
        ),
    ),
    Exercise(
        id="slo2d.first_page",
        notebook=NB_2D,
        prompt="Replay sl.workbook_policy(0.999, window_days=28) over payment. Which rule "
               "fired first during INC-012: 'page_1h_5m', 'page_6h_30m' or 'ticket_3d_6h'?",
        kind="choice", choices=("page_1h_5m", "page_6h_30m", "ticket_3d_6h"),
        reference=lambda: _first_rule(COMPANY_TARGET),
        misconceptions=[
            ("you matched a three-hour burn to the six-hour page; at 99.9 % the same errors "
             "burn about five times faster than at 99.5 %, fast enough for the 1-hour page",
             lambda: "page_6h_30m"),
            ("you reasoned that a slow, 1× ticket trips first; it needs the 3-day and "
             "6-hour windows above 1×, and those fill more slowly than the hour",
             lambda: "ticket_3d_6h"),
        ],
        hint="Cut the firing table to the incident's minutes and find each column's first "
             "True (.idxmax() on a column that has one); the earliest wins.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "firing = sl.evaluate_alerts(payment, sl.workbook_policy(0.999, window_days=28),\n"
            "                            slo_target=0.999)\n"
            "during = firing.loc[\"2026-10-30 16:00\":\"2026-10-30 18:59\"]\n"
            "answer = min(during.columns[during.any()], key=lambda c: during[c].idxmax())\n"
        ),
    ),
    # ------------------------------------------------ 2e: error budget policy
    Exercise(
        id="slo2e.postmortems",
        notebook=NB_2E,
        prompt="At 99.9 % over the 28 days, which payment incidents need a postmortem under "
               "the Workbook's rule (one incident spending more than 20 % of the four-week "
               "budget)? Answer with the set of incident ids.",
        kind="set",
        reference=lambda: _postmortems(COMPANY_TARGET),
        misconceptions=[
            ("you measured against a 30-day budget; the data and the policy use four weeks "
             "(28 days), whose budget is smaller",
             lambda: _postmortems(COMPANY_TARGET, window_days=30)),
        ],
        hint="sl.incident_budget_shares(payment, own_incidents, slo_target=0.999, "
             "window_days=28) gives each incident's budget_share; keep those above 0.20.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "incidents = sl.load_incidents()\n"
            "own = incidents[incidents[\"service\"] == \"payment\"].drop(columns=\"service\")\n"
            "shares = sl.incident_budget_shares(payment, own, slo_target=0.999, window_days=28)\n"
            "answer = set(shares.loc[shares[\"budget_share\"] > 0.20, \"id\"])\n"
        ),
    ),
    Exercise(
        id="slo2e.monday_decision",
        notebook=NB_2E,
        prompt="At 99.9 %, what does the error budget policy say on the morning of Monday "
               "2 November (data up to Sunday 23:59) about Marisol's feature release: "
               "'go', 'slow down' or 'freeze'?",
        kind="choice", choices=("go", "slow down", "freeze"),
        reference=lambda: _decision("2026-11-02", COMPANY_TARGET),
        misconceptions=[
            ("you read Saturday's numbers (two more days of ordinary traffic spent budget "
             "too) or used Marisol's old 99.5 %, whose budget is five times larger",
             lambda: _decision("2026-10-31", COMPANY_TARGET)),
            ("you took the budget for exhausted: a freeze needs nothing left (or less), and "
             "some budget remains",
             lambda: "freeze"),
        ],
        hint="sl.release_gate(payment, slo_target=0.999, at=\"2026-11-02\") reads the "
             "28 days before that morning and applies the policy; or compute the budget left "
             "and the 7-day burn yourself and call sl.release_decision.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "gate = sl.release_gate(payment, slo_target=0.999, at=\"2026-11-02\")\n"
            "answer = gate.decision.decision\n"
        ),
    ),
]


# ----------------------------------------------------------------------------- quizzes

QUIZZES: list[Quiz] = [
    Quiz(
        id="slo2a.composite_alerting",
        notebook=NB_2A,
        question="On Friday afternoon payment's error budget burned at about 6× while the "
                 "composite (fast and successful) budget burned at about 1.3×. Why should "
                 "Marisol alert on the error budget rather than on the composite?",
        options=[
            ("The composite is computed wrongly: it should be availability × latency.",
             "It is computed right (over the same requests it equals that product). The "
             "problem is the size of its budget, not the arithmetic."),
            ("The composite's budget is mostly latency budget (10 % of requests against "
             "0.5 %), so a burst of failures barely moves it; the error budget sees it at "
             "once.",
             "Right: the bigger budget drowns the smaller one. Keep one budget per dimension "
             "for alerting and diagnosis; use the composite as a summary."),
            ("The SRE Workbook forbids composite SLOs.",
             "It does not; OpenSLO even defines them. They are a fair summary of 'a good "
             "answer in time', but a poor alerting signal when budgets differ in size."),
            ("Latency does not matter to payment's users.",
             "It does, which is why it has its own objective. The point is to keep it on its "
             "own budget, not to drop it."),
        ],
        answer=1,
    ),
    Quiz(
        id="slo2b.night_or_peak",
        notebook=NB_2B,
        question="The same 100 payments fail once in the quietest night hour (about 6,500 "
                 "requests) and once in the busiest afternoon hour (about 36,000). Which "
                 "statement is right?",
        options=[
            ("The night hour has the higher burn rate, but both spend the same share of the "
             "month's budget.",
             "Right: the burn rate is the hour's error ratio over the allowed one, and 100 "
             "of 6,500 is a bigger ratio; the budget counts failed requests, and 100 are "
             "100 at any hour."),
            ("The night hour has the higher burn rate and spends more of the budget.",
             "The budget is a number of failed requests: 100 failures spend the same share "
             "whenever they happen. Only the ratio, and so the burn rate, depends on the "
             "hour's traffic."),
            ("Both hours burn at the same rate: 100 failures an hour.",
             "That is the naive snippet's reading: it compares with an average hour's "
             "allowance and ignores how many requests the hour carried."),
            ("The afternoon hour burns faster, because more users are online.",
             "More requests make the same 100 failures a smaller error ratio, so a lower "
             "burn rate."),
        ],
        answer=0,
    ),
    Quiz(
        id="slo2c.suppression",
        notebook=NB_2C,
        question="Approach 6 raised 10 alerts for the 5 incidents it detected on checkout: "
                 "most incidents trip both pages and the ticket. What does the SRE Workbook "
                 "suggest?",
        options=[
            ("Drop the ticket rule: it only repeats the pages.",
             "The ticket is the only rule that catches slow burns, which never reach a "
             "page's burn rate."),
            ("Raise the burn-rate thresholds until each incident trips one rule.",
             "Higher thresholds lower recall: the smaller significant incidents would go "
             "unnoticed."),
            ("Alert suppression: send the rules of one SLO as one notification and let a "
             "firing page hold back the slower rules (Alertmanager's grouping and "
             "inhibit_rules do this).",
             "Right: the rules stay (each catches burns the others miss); the on-call hears "
             "about one incident once."),
            ("Add 'for: 1h' to every rule.",
             "That is approach 3's flaw: detection after an hour at best, and a flapping "
             "burn never fires."),
        ],
        answer=2,
    ),
    Quiz(
        id="slo2d.plain_threshold_noise",
        notebook=NB_2D,
        question="'Page when more than 1 % of requests fail over 5 minutes' paged "
                 "notifications' on-call over 180 times in four weeks, mostly at night, for "
                 "one real incident. Why?",
        options=[
            ("Notifications has many incidents at night.",
             "It had one incident in the four weeks (INC-009); the other pages matched "
             "nothing significant."),
            ("At night a 5-minute window holds so few requests that one or two failures "
             "cross 1 %, and 1 % for 5 minutes spends a tiny share of the budget.",
             "Right: the rule ignores the budget. The policy's long window asks for a burn "
             "that matters; its short window only checks it is still going on."),
            ("1 % is too high a threshold for a 99.9 % service.",
             "A lower threshold would page even more often; the problem is the tiny window, "
             "not the level."),
            ("Alertmanager repeats the page every few minutes.",
             "Each of those is a new alert: the rule stopped firing and started again "
             "after more than 5 quiet minutes."),
        ],
        answer=1,
    ),
    Quiz(
        id="slo2e.slow_burns",
        notebook=NB_2E,
        question="The recommended alerting policy missed two slow search incidents that "
                 "spent 2–4 % of checkout's budget each. What should catch burns like these?",
        options=[
            ("A ticket rule with a lower burn rate, say 0.5× over 3 days.",
             "Below 1× the service is inside its SLO pace: such a rule fires on normal "
             "noise (notifications' ticket flaps all month at 1×)."),
            ("A page on any increase of the error ratio.",
             "That is approach 1: the noisiest of the six, and most of its pages match "
             "nothing significant."),
            ("Nothing: burns that small never matter.",
             "They add up: several small burns can empty a budget, and the policy counts "
             "them when it decides on releases."),
            ("The regular budget review and the error budget policy: they spend budget, "
             "but too slowly to be worth waking anyone.",
             "Right: alerts are for burns that threaten the budget now; the policy and the "
             "weekly review account for everything else."),
        ],
        answer=3,
    ),
]
