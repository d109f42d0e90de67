"""Exercise and quizzes of 07_capstone/4_take_home_and_wrap_up (cap4), worked by hand.

The exercise's answer is summed here from section 4's bill itself
(``sl.monthly_bill`` of ``sl.telemetry_volumes`` under Phase 4's log level,
span share and tiered retention, with the orders team's two services written
out by hand), not from the registry's helper or ``sl.cost_by_team``; then it is
checked again on the CSV the kit really writes. The facts the final quiz states
(a 26-second budget at five nines, a burn rate of 5 that pages on neither of
the Workbook's page rules and spends about 4 % of the budget) are worked out by
hand too. The per-misconception loops are in tests/test_registry.py.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import sre_lab as sl

QUARTER = ["2026-08", "2026-09", "2026-10"]
ORDERS = ["checkout", "notifications"]          # section 4's chargeback: orders owns both


@pytest.fixture(scope="module")
def bill():
    """Phase 4's observability bill over MicroCorp's last year, by hand from section 4's model."""
    # Phase 4: INFO logs, 10 % head sampling plus tail sampling (span_share), tiered
    # retention of 7 days hot, 23 warm, 60 cold.
    assert sl.PHASES[4].log_level == "INFO" and sl.PHASES[4].retention == "tiered"
    volumes = sl.telemetry_volumes(log_levels="INFO", span_share=sl.PHASES[4].span_share())
    table = sl.monthly_bill(volumes, retention_days={"hot": 7, "warm": 23, "cold": 60})
    return table.assign(month=table["month"].astype(str))


def _sum(table, *, months=QUARTER, services=ORDERS, licences=True):
    keep = pd.Series(True, index=table.index)
    if months is not None:
        keep &= table["month"].isin(months)
    if services is not None:
        keep &= table["service"].isin(services)
    if not licences:
        keep &= table["signal"] != ""          # the bill's licence rows have no signal
    return float(table.loc[keep, "usd"].sum())


def _assert_named(exercise_id, wrong, words):
    result = sl.check(exercise_id, wrong)
    assert result.status == "incorrect", (exercise_id, wrong)
    assert words in result.message, result.message


def test_orders_quarter_cost_from_the_bill(bill):
    value = _sum(bill)
    # Three months of 2 services: licences alone are 3 months x $120 (8 hosts at $15) here.
    licences = _sum(bill) - _sum(bill, licences=False)
    assert licences == pytest.approx(360.0)
    result = sl.check("cap4.orders_quarter_cost", value)
    assert result.correct, result.message
    # The kit rounds every row to whole cents (largest remainder over the year's bill), so
    # the quarter's 90 rows of orders may differ from the raw bill by a few cents.
    assert sl.exercise("cap4.orders_quarter_cost").reference() == pytest.approx(value, abs=0.10)


def test_orders_quarter_cost_misconceptions_named(bill):
    ex = "cap4.orders_quarter_cost"
    _assert_named(ex, _sum(bill, services=["checkout"]), "notifications")
    _assert_named(ex, _sum(bill, services=None), "every team")
    _assert_named(ex, _sum(bill, months=None), "whole file")
    _assert_named(ex, _sum(bill, licences=False), "licences")
    _assert_named(ex, _sum(bill, months=["2026-10"]), "October only")
    _assert_named(ex, _sum(bill, months=[*QUARTER, "2026-11"]), "one-day last month")


def test_the_kit_csv_gives_the_same_answer(tmp_path, bill):
    kit = sl.take_home_kit(plan=sl.PHASES[4], folder=tmp_path)
    costs = pd.read_csv(kit.folder / "cost_by_team.csv")
    quarter = costs[costs["month"].isin(QUARTER) & (costs["team"] == "orders")]
    assert sorted(quarter["service"].unique()) == ORDERS
    assert quarter["usd"].sum() == pytest.approx(_sum(bill), abs=0.10)   # whole cents per row
    assert sl.check("cap4.orders_quarter_cost", quarter["usd"].sum()).correct


# ------------------------------------------------------------------ the final quiz's facts

def test_five_nines_leaves_26_seconds_a_month():
    # 30 days x 86,400 s x 0.00001 = 25.92 s
    assert sl.allowed_downtime(0.99999, window_days=30) == dt.timedelta(seconds=25.92)


def test_a_burn_rate_of_5_pages_on_neither_workbook_rule():
    # 0.5 % failing at 99.9 %: burn rate 0.005 / 0.001 = 5, below 14.4 and 6.
    assert sl.burn_rate(0.005, 0.999) == pytest.approx(5.0)
    pages = [r for r in sl.workbook_policy(0.999, window_days=30) if r.severity == "page"]
    assert sorted(r.burn_rate for r in pages) == [6.0, 14.4]
    for rule in pages:
        assert pd.isna(sl.detection_time(0.005, rule, slo_target=0.999))
    # 6 hours at 5x: 5 x 6 / 720 = 1/24, about 4 % of the 30-day budget.
    spent = sl.budget_consumed(5.0, alert_window_hours=6, window_days=30)
    assert spent == pytest.approx(5 * 6 / 720) and round(spent, 2) == 0.04


@pytest.mark.parametrize("quiz_id, letter", [
    ("cap4.final_s1_targets", "b"),
    ("cap4.final_s2_burn_rate", "c"),
    ("cap4.final_s3_postmortem", "a"),
    ("cap4.final_s4_sampling", "d"),
    ("cap4.final_s5_business_case", "b"),
    ("cap4.final_s6_chaos", "c"),
])
def test_quiz_letters(quiz_id, letter):
    assert sl.quiz(quiz_id, letter).correct


def test_one_final_quiz_per_section():
    from sre_lab.exercises import s07_capstone_4 as registry

    ids = [q.id for q in registry.QUIZZES]
    assert [i.split(".")[1].split("_")[1] for i in ids] == ["s1", "s2", "s3", "s4", "s5", "s6"]
