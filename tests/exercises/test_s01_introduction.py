"""Section 1's exercises and quizzes (01a, 01b) against answers worked out by hand.

Every value here comes from plain pandas sums over the loaded CSV and the
policy as the notebooks state it (freeze when the budget is exceeded; slow
down below 25 % left or above 1.5x over the last 7 days; a window still in
progress has its requests projected at the pace so far), never from the
registry's reference helpers or ``sl.release_gate``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s01_introduction as s01

PART_A = ("intro.checkout_sli", "intro.checkout_spent", "intro.budget_time")
PART_B = ("gate.strictest_go", "gate.monday_decision")
TARGETS = (0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999)  # the dashboard's slider


def _sums(frame):
    return float(frame["requests"].sum()), float(frame["errors"].sum())


def test_registry_lists_both_parts_in_order():
    assert sl.exercise_ids("01a_slis_slos_and_budgets") == PART_A
    assert sl.exercise_ids("01b_push_or_hold") == PART_B
    assert [q.id for q in s01.QUIZZES] == [
        "intro.sla_vs_slo", "gate.recap_terms", "gate.recap_maturity",
        "gate.recap_push_or_hold"]


def test_slider_and_decisions_match_the_dashboard_and_the_policy():
    from sre_lab.dashboards import COURSE_SLO_TARGETS
    from sre_lab.policy import DECISIONS

    assert s01.SLIDER_TARGETS == tuple(COURSE_SLO_TARGETS) == TARGETS
    assert s01.SLIDER_LABELS == ("95 %", "98 %", "99 %", "99.5 %", "99.9 %", "99.95 %",
                                 "99.99 %")
    assert s01.DECISIONS == tuple(DECISIONS)


# ------------------------------------------------------------------ 01a: intro.checkout_sli

def test_checkout_sli_by_hand(checkout):
    requests, errors = _sums(checkout)
    by_hand = (requests - errors) / requests
    assert 0.999 < by_hand < 0.9992                     # 99.91 %, as the recap quiz says
    assert sl.check("intro.checkout_sli", by_hand).correct
    assert sl.check("intro.checkout_sli", round(by_hand, 4)).correct  # 4 decimals suffice
    assert sl.exercise("intro.checkout_sli").reference() == pytest.approx(by_hand, abs=1e-12)


def test_checkout_sli_slips_are_told_apart(checkout, payment):
    requests, errors = _sums(checkout)
    p_requests, p_errors = _sums(payment)
    averaged = (1 - checkout["errors"] / checkout["requests"]).mean()
    cases = [
        (averaged, "averaged the per-minute success ratios"),
        ((p_requests - p_errors) / p_requests, "reused payment's numbers"),
        (0.999, "gave the SLO target"),
        (errors / requests, "the error ratio"),
        (100 * (requests - errors) / requests, "as a percentage"),
    ]
    for wrong, words in cases:
        result = sl.check("intro.checkout_sli", wrong)
        assert not result.correct and words in result.message, (wrong, result.message)


# ------------------------------------------------------------------ 01a: intro.checkout_spent

def test_checkout_spent_by_hand(checkout):
    requests, errors = _sums(checkout)
    by_hand = errors / (0.001 * requests)
    assert 0.9 < by_hand < 0.91
    assert sl.check("intro.checkout_spent", by_hand).correct
    assert sl.check("intro.checkout_spent", round(by_hand, 3)).correct
    assert sl.exercise("intro.checkout_spent").reference() == pytest.approx(by_hand, rel=1e-12)


def test_checkout_spent_slips_are_told_apart(checkout, payment):
    requests, errors = _sums(checkout)
    p_requests, p_errors = _sums(payment)
    spent = errors / (0.001 * requests)
    cases = [
        (1 - spent, "left instead of the share spent"),
        (p_errors / (0.001 * p_requests), "reused payment's numbers"),
        (errors / (0.001 * p_requests), "payment's budget"),
        (errors / requests, "the error ratio"),
        (100 * spent, "as a percentage"),
        (errors / (0.001 * (requests - errors)), "successful requests"),
    ]
    for wrong, words in cases:
        result = sl.check("intro.checkout_spent", wrong)
        assert not result.correct and words in result.message, (wrong, result.message)


# ------------------------------------------------------------------ 01a: intro.budget_time

def test_budget_time_by_hand():
    by_hand = dt.timedelta(minutes=0.001 * 28 * 24 * 60)       # 40.32 minutes
    assert sl.check("intro.budget_time", by_hand).correct
    assert sl.check("intro.budget_time", pd.Timedelta(minutes=40.32)).correct
    assert sl.exercise("intro.budget_time").reference() == by_hand
    cases = [
        (dt.timedelta(minutes=43.2), "30-day window"),        # the Workbook's example
        (0.999 * dt.timedelta(days=28), "must be up"),
        (0.1 * dt.timedelta(days=28), "0.1 (the percentage)"),
    ]
    for wrong, words in cases:
        result = sl.check("intro.budget_time", wrong)
        assert not result.correct and words in result.message, (wrong, result.message)
    assert not sl.check("intro.budget_time", 40.32).correct   # a plain number has no unit


# ------------------------------------------------------------------ 01b: the release gate

def _decision_by_hand(frame, slo_target, moment, window_days=28):
    """The policy as 01b states it, on plain sums of the data before ``moment``."""
    moment = pd.Timestamp(moment, tz="UTC")
    known = frame.loc[frame.index < moment]
    start = max(known.index[0], moment - pd.Timedelta(days=window_days))
    window = known.loc[known.index >= start]
    days_seen = len(window) / 1440
    valid = window["requests"].sum() * window_days / days_seen   # projected when < 28 days
    remaining = 1 - window["errors"].sum() / ((1 - slo_target) * valid)
    week = known.loc[known.index >= moment - pd.Timedelta(days=7)]
    burn = week["errors"].sum() / week["requests"].sum() / (1 - slo_target)
    if remaining < 0:
        return "freeze", remaining, burn
    if remaining < 0.25 or burn > 1.5:
        return "slow down", remaining, burn
    return "go", remaining, burn


def test_friday_budget_is_projected_from_25_days(checkout):
    known = checkout.loc[checkout.index < pd.Timestamp("2026-10-30", tz="UTC")]
    assert len(known) == 25 * 1440
    decision, remaining, burn = _decision_by_hand(checkout, 0.999, "2026-10-30")
    assert decision == "go"
    assert round(remaining, 3) == 0.275 and 1 < burn < 1.5


def test_strictest_go_by_hand(checkout):
    verdicts = {t: _decision_by_hand(checkout, t, "2026-10-30")[0] for t in TARGETS}
    assert verdicts == {0.95: "go", 0.98: "go", 0.99: "go", 0.995: "go", 0.999: "go",
                        0.9995: "freeze", 0.9999: "freeze"}
    assert sl.check("gate.strictest_go", "99.9 %").correct
    assert sl.exercise("gate.strictest_go").reference() == "99.9 %"
    for label in ("99.95 %", "99.5 %", "99.99 %"):
        result = sl.check("gate.strictest_go", label)
        assert not result.correct
        assert "rounding" not in result.message     # a slider step is a choice, not a number


def test_monday_decision_by_hand(checkout):
    decision, remaining, burn = _decision_by_hand(checkout, 0.999, "2026-11-02")
    assert decision == "slow down"
    assert round(remaining, 3) == 0.095 and burn > 1.5   # both slow-down tests trigger
    assert sl.check("gate.monday_decision", "slow down").correct
    assert sl.exercise("gate.monday_decision").reference() == "slow down"
    for wrong in ("go", "freeze"):
        assert not sl.check("gate.monday_decision", wrong).correct


# ------------------------------------------------------------------ quizzes

@pytest.mark.parametrize("quiz_id, right", [
    ("intro.sla_vs_slo", "a"), ("gate.recap_terms", "a"), ("gate.recap_maturity", "b"),
    ("gate.recap_push_or_hold", "c")])
def test_quiz_right_and_wrong_options(quiz_id, right):
    quiz = next(q for q in s01.QUIZZES if q.id == quiz_id)
    for i, (text, why) in enumerate(quiz.options):
        letter = "abcdef"[i]
        result = sl.quiz(quiz_id, letter)
        assert result.correct is (letter == right), (quiz_id, letter)
        if letter != right:
            assert len(why.split()) >= 6, text    # every wrong option says why


def test_recap_numbers_match_the_data(checkout):
    requests, errors = _sums(checkout)
    assert f"{(requests - errors) / requests:.2%}" == "99.91%"       # gate.recap_terms
    decision, remaining, burn = _decision_by_hand(checkout, 0.999, "2026-11-02")
    assert f"{remaining:.1%}" == "9.5%" and f"{burn:.2f}" == "1.55"  # gate.recap_push_or_hold
