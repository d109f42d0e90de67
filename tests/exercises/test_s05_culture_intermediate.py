"""Section 5's intermediate exercises and quizzes (2a, 2b, 2c) against answers worked out by hand.

Every value comes from plain pandas on the loaded data, an M/M/c queue written
out here from its textbook formula, or a count of checklist rows, never from
the registry's reference helpers.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s05_culture_intermediate as s05i

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {
    "cul2a": "05_culture/2a_sre_team_models",
    "cul2b": "05_culture/2b_production_readiness_reviews",
    "cul2c": "05_culture/2c_do_reviews_pay_off",
}
EXERCISES = {
    "cul2a": ("cul2a.orders_requests", "cul2a.embedded_headcount", "cul2a.consulting_slots"),
    "cul2b": ("cul2b.notifications_score", "cul2b.lowered_target"),
    "cul2c": ("cul2c.crude_ratio", "cul2c.orders_ratio"),
}
QUIZ_ANSWERS = {"cul2a.pooling": "b", "cul2b.gaming": "b", "cul2c.claim": "c"}
ALL_IDS = [i for ids in EXERCISES.values() for i in ids]


def accepted(exercise_id, value):
    assert sl.check(exercise_id, value).correct, sl.check(exercise_id, value).message
    assert sl.exercise(exercise_id).reference() == pytest.approx(value, rel=1e-9)


def test_registry_lists_the_parts_in_order():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [e.id for e in s05i.EXERCISES] == ALL_IDS
    assert [q.id for q in s05i.QUIZZES] == list(QUIZ_ANSWERS)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_numeric_misconception_is_clearly_apart_from_the_answer(exercise_id):
    ex = sl.exercise(exercise_id)
    reference = ex.reference()
    for text, wrong in ex.misconceptions:
        assert abs(wrong() - reference) > max(3 * ex.rel_tol * abs(reference), ex.abs_tol), text


@pytest.mark.parametrize("key", list(NOTEBOOKS))
def test_notebook_checks_exactly_its_exercises_and_quizzes(key):
    path = ROOT / "notebooks" / f"{NOTEBOOKS[key]}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert tuple(re.findall(r'sl\.check\("([a-z0-9_.]+)"', code)) == EXERCISES[key]
    quizzes = [q.id for q in s05i.QUIZZES if q.notebook == NOTEBOOKS[key]]
    assert re.findall(r'sl\.quiz\("([a-z0-9_.]+)"', code) == quizzes
    meta = nb["metadata"]["sre_lab"]
    assert (meta["section"], meta["tier"]) == (5, "intermediate") and meta["minutes"] <= 30


# ------------------------------------------------------------------ 2a
def _erlang_c(c, a):
    """Textbook Erlang C: [a^c/c! * c/(c-a)] / [sum_{k<c} a^k/k! + a^c/c! * c/(c-a)]."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def _wait_weeks(c, lam, mu):
    if lam == 0:
        return 0.0
    if c == 0 or lam >= c * mu:
        return math.inf
    return _erlang_c(c, lam / mu) / (c * mu - lam)


def _requests():
    inc = sl.load_incidents()
    owner = {"checkout": "orders", "notifications": "orders", "payment": "payments", "search": "search"}
    return inc["service"].map(owner).value_counts() / 4


def _embedded_hours(n):
    """Mean response of the embedded model by hand: SREs split evenly, extras to the busiest."""
    lam = _requests().sort_values(ascending=False)
    mu = 0.6 * 40 / 6
    sres = [n // 3 + (1 if i < n % 3 else 0) for i in range(3)]
    waits = [_wait_weeks(c, r, mu) for c, r in zip(sres, lam)]
    return sum(w * r for w, r in zip(waits, lam)) / lam.sum() * 40


def _pooled_hours(n, *, ramp, ops_share):
    lam = _requests().sum()
    mu = ops_share * 40 / (6 + ramp)
    return _wait_weeks(n, lam, mu) * 40 + ramp


def test_orders_requests_from_the_csv():
    inc = sl.load_incidents()
    orders = inc["service"].isin(["checkout", "notifications"]).sum()
    assert orders == 5
    accepted("cul2a.orders_requests", orders / 4)
    assert "checkout only" in sl.check("cul2a.orders_requests", 1.0).message
    assert "per day" in sl.check("cul2a.orders_requests", 5 / 28).message


def test_embedded_headcount_by_hand():
    assert _requests().to_dict() == {"search": 2.25, "orders": 1.25, "payments": 0.5}
    assert _embedded_hours(2) == math.inf                 # a team without an SRE
    assert 8 < _embedded_hours(3) < 9                      # 8.83 h
    assert _embedded_hours(4) <= 8                         # search gets the second SRE
    accepted("cul2a.embedded_headcount", 4.0)
    assert "utilisation below 1" in sl.check("cul2a.embedded_headcount", 3.0).message


def test_consulting_slots_by_hand():
    # ramp 1 h, 40 % of 40 h on requests: mu = 16 / 7 a week per SRE, lambda = 4
    assert _pooled_hours(2, ramp=1, ops_share=0.4) > 8
    assert _pooled_hours(3, ramp=1, ops_share=0.4) <= 8    # 5.67 h
    accepted("cul2a.consulting_slots", 3.0)
    # with the default 4 h ramp-up: 5 consultants
    assert _pooled_hours(4, ramp=4, ops_share=0.4) > 8 >= _pooled_hours(5, ramp=4, ops_share=0.4)
    assert "default ramp-up" in sl.check("cul2a.consulting_slots", 5.0).message


# ------------------------------------------------------------------ 2b
def test_notifications_score_by_counting_rows():
    required = sl.PRR_CHECKLIST["level_b"]                 # 99.5 % lies in 99-99.9 %: level B
    passed = sl.MICROCORP_PRR["notifications"] & required
    assert (int(passed.sum()), int(required.sum())) == (9, 16)
    accepted("cul2b.notifications_score", 9 / 16)
    assert "all 20 checks" in sl.check("cul2b.notifications_score", 9 / 20).message
    assert "level C" in sl.check("cul2b.notifications_score", 5 / 6).message


def test_lowered_target_scores_search_at_level_c():
    required = sl.PRR_CHECKLIST["level_c"]                 # 98.5 % lies in 95-99 %: level C
    passed = sl.MICROCORP_PRR["search"] & required
    assert (int(passed.sum()), int(required.sum())) == (6, 6)
    accepted("cul2b.lowered_target", 1.0)
    assert "kept level B" in sl.check("cul2b.lowered_target", 11 / 16).message


# ------------------------------------------------------------------ 2c
def test_crude_ratio_from_the_launches():
    launches = sl.microcorp_launches()
    rev, skip = launches[launches["reviewed"]], launches[~launches["reviewed"]]
    a, n1 = int(rev["caused_incident"].sum()), len(rev)
    b, n0 = int(skip["caused_incident"].sum()), len(skip)
    assert (a, n1, b, n0) == (4, 94, 15, 392)
    assert a + b == int(sl.load_deployments()["caused_incident"].sum())
    accepted("cul2c.crude_ratio", (a / n1) / (b / n0))
    assert "counts of incidents" in sl.check("cul2c.crude_ratio", a / b).message


def test_orders_ratio_from_the_launches():
    launches = sl.microcorp_launches()
    orders = launches[launches["team"] == "orders"]
    rev, skip = orders[orders["reviewed"]], orders[~orders["reviewed"]]
    a, n1, b, n0 = int(rev["caused_incident"].sum()), len(rev), int(skip["caused_incident"].sum()), len(skip)
    assert (a, n1, b, n0) == (2, 45, 4, 35)
    accepted("cul2c.orders_ratio", (2 / 45) / (4 / 35))
    assert "all teams" in sl.check("cul2c.orders_ratio", (4 / 94) / (15 / 392)).message


@pytest.mark.parametrize("quiz_id, right", list(QUIZ_ANSWERS.items()))
def test_quiz_right_letter(quiz_id, right):
    assert sl.quiz(quiz_id, right).correct
