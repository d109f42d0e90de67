"""The exercises and quiz of 00_start_here, against hand-worked answers.

Each value is worked out here without the registry's reference helpers: the
downtime from the minutes of 30 days, the maturity stage from the ladder rule
written in the notebook (two of three practices per stage, stage by stage).
"""

from __future__ import annotations

import pytest

import sre_lab as sl
from sre_lab.exercises import s00_start

EXERCISE_IDS = ("start.downtime_minutes", "start.maturity_stage")


def test_registry_holds_the_notebooks_exercises_in_order():
    assert tuple(e.id for e in s00_start.EXERCISES) == EXERCISE_IDS
    assert sl.exercise_ids("00_start_here") == EXERCISE_IDS
    assert [q.id for q in s00_start.QUIZZES] == ["start.what_is_slo"]


# ------------------------------------------------------------------ start.downtime_minutes

def test_downtime_minutes_by_hand():
    # SRE Workbook (Alerting on SLOs): 99.9 % over 30 days allows 43.2 minutes.
    by_hand = 0.001 * 30 * 24 * 60
    assert by_hand == pytest.approx(43.2)
    assert sl.check("start.downtime_minutes", by_hand).correct
    assert sl.exercise("start.downtime_minutes").reference() == pytest.approx(by_hand, rel=1e-9)


@pytest.mark.parametrize("wrong, words", [
    (0.001 * 28 * 24 * 60, "used 28 days"),             # 40.32: MicroCorp's four weeks
    (0.999 * 30 * 24 * 60, "took 99.9 % of the minutes"),  # 43,156.8: the time it must be up
])
def test_downtime_minutes_names_each_slip(wrong, words):
    result = sl.check("start.downtime_minutes", wrong)
    assert not result.correct
    assert words in result.message


def test_every_downtime_misconception_is_rejected_with_its_text():
    ex = sl.exercise("start.downtime_minutes")
    assert len(ex.misconceptions) >= 1
    for text, wrong in ex.misconceptions:
        result = sl.check(ex.id, wrong())
        assert not result.correct
        assert text in result.message


# ------------------------------------------------------------------ start.maturity_stage

def test_kims_team_is_reactive_by_the_ladder_rule():
    # Kim's team: dashboards and paging (2 of 3 Reactive practices), no SLOs
    # (0 of 3 Proactive practices): the ladder stops at Reactive.
    assert sl.check("start.maturity_stage", "reactive").correct
    assert sl.check("start.maturity_stage", "Reactive").correct
    assert sl.exercise("start.maturity_stage").reference() == "reactive"
    for stage in ("ad hoc", "proactive", "predictive"):
        assert not sl.check("start.maturity_stage", stage).correct


def test_maturity_choices_are_the_outline_stages():
    assert s00_start.MATURITY_STAGES == ("ad hoc", "reactive", "proactive", "predictive")


# ------------------------------------------------------------------ start.what_is_slo

@pytest.mark.parametrize("letter, correct", [("a", False), ("b", True), ("c", False),
                                             ("d", False)])
def test_what_is_slo_quiz(letter, correct):
    result = sl.quiz("start.what_is_slo", letter)
    assert result.correct is correct
    assert result.status == ("correct" if correct else "incorrect")


def test_every_wrong_quiz_option_says_why():
    quiz = s00_start.QUIZZES[0]
    for i, (text, why) in enumerate(quiz.options):
        if i != quiz.answer:
            assert len(why.split()) >= 6, text
