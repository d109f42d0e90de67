"""Section 3's intermediate exercises and quizzes (2a, 2b) against answers worked out by hand.

Every value comes from plain pandas on the loaded data or from the SRE book's
rotation arithmetic, never from the registry's reference helpers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s03_incidents_intermediate as s03i

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {
    "inc2a": "03_incidents/2a_playbooks_and_triage",
    "inc2b": "03_incidents/2b_oncall_load",
}
EXERCISES = {
    "inc2a": ("inc2a.naive_accuracy", "inc2a.top2_rate", "inc2a.priya_runbook"),
    "inc2b": ("inc2b.min_rotation", "inc2b.noise_nights"),
}
QUIZ_ANSWERS = {"inc2a.overlap": "c", "inc2b.follow_the_sun": "b"}
ALL_IDS = [i for ids in EXERCISES.values() for i in ids]


def accepted(exercise_id, value):
    assert sl.check(exercise_id, value).correct, sl.check(exercise_id, value).message
    reference = sl.exercise(exercise_id).reference()
    if isinstance(value, float):
        assert reference == pytest.approx(value, rel=1e-9)
    else:
        assert reference == value


def test_registry_lists_the_parts_in_order():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [e.id for e in s03i.EXERCISES] == ALL_IDS
    assert [q.id for q in s03i.QUIZZES] == list(QUIZ_ANSWERS)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_numeric_misconception_is_clearly_apart_from_the_answer(exercise_id):
    # tests/test_registry.py checks that each is rejected and named; here: at least 3 tolerances away
    ex = sl.exercise(exercise_id)
    reference = ex.reference()
    for text, wrong in ex.misconceptions:
        if ex.kind == "number":
            assert abs(wrong() - reference) > max(3 * ex.rel_tol * abs(reference), ex.abs_tol), text


@pytest.mark.parametrize("key", list(NOTEBOOKS))
def test_notebook_checks_exactly_its_exercises_and_quizzes(key):
    path = ROOT / "notebooks" / f"{NOTEBOOKS[key]}.ipynb"
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert tuple(re.findall(r'sl\.check\("([a-z0-9_.]+)"', code)) == EXERCISES[key]
    quizzes = [q.id for q in s03i.QUIZZES if q.notebook == NOTEBOOKS[key]]
    assert re.findall(r'sl\.quiz\("([a-z0-9_.]+)"', code) == quizzes
    meta = nb["metadata"]["sre_lab"]
    assert (meta["section"], meta["tier"]) == (3, "intermediate") and meta["minutes"] <= 30


# ------------------------------------------------------------------ 2a

def test_naive_accuracy_from_the_csv():
    inc = sl.load_incidents()
    pairs = (inc["service"] + "/" + inc["kind"]).value_counts()
    assert pairs.index[0] == "search/errors" and pairs.iloc[0] == 5
    accepted("inc2a.naive_accuracy", 5 / 16)
    assert "only the service" in sl.check("inc2a.naive_accuracy", 9 / 16).message


def _lifts(traffic, start, end):
    """Plain pandas: per (service, kind) lift over the 7 days before, dependencies subtracted."""
    cols = ["requests", "errors", "latency_le_300ms"]
    w = traffic[(traffic.timestamp >= start) & (traffic.timestamp < end)].groupby("service")[cols].sum()
    b = traffic[(traffic.timestamp >= start - pd.Timedelta(days=7))
                & (traffic.timestamp < start)].groupby("service")[cols].sum()
    p, p0 = w.errors / w.requests, b.errors / b.requests
    exc = (p - p0).clip(lower=0)
    exp = p0.copy()
    exp["checkout"] = 1 - (1 - p0["checkout"]) * (1 - 0.6 * exc["payment"]) * (1 - 0.3 * exc["search"])
    s = 1 - w.latency_le_300ms / (w.requests - w.errors)
    s0 = 1 - b.latency_le_300ms / (b.requests - b.errors)
    out = {(sv, "errors"): (p[sv] - exp[sv]) / exp[sv] for sv in w.index}
    out.update({(sv, "latency"): (s[sv] - s0[sv]) / s0[sv] for sv in w.index})
    return pd.Series(out).sort_values(ascending=False)


def test_top2_rate_by_plain_pandas():
    traffic, inc = sl.load_requests(), sl.load_incidents()
    in_top2 = []
    for row in inc.itertuples():
        lifts = _lifts(traffic, row.started, row.mitigated)
        in_top2.append((row.service, row.kind) in list(lifts.index[:2]))
    assert sum(in_top2) == 15                         # INC-014 comes third
    accepted("inc2a.top2_rate", 15 / 16)
    assert "top-1" in sl.check("inc2a.top2_rate", 14 / 16).message


def test_priya_runbook_is_the_latency_one():
    traffic, inc = sl.load_requests(), sl.load_incidents().set_index("id")
    row = inc.loc["INC-016"]
    lifts = _lifts(traffic, row["started"], row["mitigated"])
    assert lifts.index[0] == ("search", "latency")
    accepted("inc2a.priya_runbook", "slow_no_errors")
    assert "slowness" in sl.check("inc2a.priya_runbook", "service_errors").message


# ------------------------------------------------------------------ 2b

def test_min_rotation_is_the_books_eight():
    # two pagers around the clock shared by n people: share = 2 / n <= 0.25 -> n = 8
    n = next(n for n in range(2, 40) if 2 / n <= 0.25)
    assert n == 8
    accepted("inc2b.min_rotation", 8.0)
    assert "only the primary" in sl.check("inc2b.min_rotation", 4.0).message


def test_noise_nights_by_hour_of_day():
    pages = sl.microcorp_pages(slo_target=0.999, approach=1, window_days=30)
    hour = pages["raised"].dt.hour
    night = (hour >= 22) | (hour < 7)
    # single-site on UTC, every page acknowledged by the primary: one ring per page
    noisy_nights = int((night & ~pages["matched"]).sum())
    accepted("inc2b.noise_nights", float(noisy_nights))
    assert "real incidents too" in sl.check("inc2b.noise_nights", float(night.sum())).message


@pytest.mark.parametrize("quiz_id, right", list(QUIZ_ANSWERS.items()))
def test_quiz_right_and_wrong_options(quiz_id, right):
    quiz = next(q for q in s03i.QUIZZES if q.id == quiz_id)
    for i, (_text, why) in enumerate(quiz.options):
        letter = "abcdef"[i]
        result = sl.quiz(quiz_id, letter)
        assert result.correct is (letter == right), (quiz_id, letter)
        assert why in result.message
