"""Every registered exercise and quiz of the course, held to the rules of the engine.

Parametrised over the registries (``sre_lab/exercises/s*.py``), so an entry a
notebook adds is covered the moment it is registered: its reference passes, its
solution code computes a passing answer, its misconceptions are told apart from
the answer and named when given, garbage never raises, every quiz option grades
as it should. Values are pinned by hand in ``tests/exercises/`` (one file per
registry module); here only the rules are checked.
"""

from __future__ import annotations

import math

import pytest
from exercise_support import GARBAGE, isolate_progress

import sre_lab as sl
from sre_lab.exercises import _engine
from sre_lab.exercises._quiz import LETTERS
from sre_lab.exercises._registry import all_exercises, all_quizzes

EXERCISES = all_exercises()
QUIZZES = all_quizzes()
NUMERIC = ("number", "numbers", "timedelta")


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    isolate_progress(monkeypatch, tmp_path / "progress.json")


def by_id(items):
    return pytest.mark.parametrize("item", items, ids=lambda i: i.id)


def parsed(ex, value):
    got, problem = _engine._PARSERS[ex.kind](value, ex)
    assert problem is None, f"{ex.id}: not a valid {ex.kind!r} answer: {problem}"
    return got


# ------------------------------------------------------------------ the registry as a whole


def test_ids_are_unique_across_exercises_and_quizzes():
    ids = [item.id for item in [*EXERCISES, *QUIZZES]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_each_key_belongs_to_one_notebook_and_back():
    key_to_notebook, notebook_to_key = {}, {}
    for item in [*EXERCISES, *QUIZZES]:
        assert key_to_notebook.setdefault(item.key, item.notebook) == item.notebook, item.id
        assert notebook_to_key.setdefault(item.notebook, item.key) == item.key, item.id


def test_entries_of_a_notebook_are_contiguous():
    for items in (EXERCISES, QUIZZES):
        order = [i.notebook for i in items]
        blocks = [n for i, n in enumerate(order) if i == 0 or order[i - 1] != n]
        assert len(blocks) == len(set(blocks)), blocks


# ------------------------------------------------------------------ every exercise


@by_id(EXERCISES)
def test_reference_answer_is_correct(item):
    result = sl.check(item.id, item.reference())
    assert result.status == "correct", result.message
    assert result.message.startswith("✅ Correct! ")


@by_id(EXERCISES)
def test_solution_code_assigns_a_passing_answer(item):
    namespace: dict = {}
    exec(compile("import sre_lab as sl\n" + item.solution_code, f"<{item.id}>", "exec"),
         namespace)
    assert "answer" in namespace, "solution_code must assign `answer`"
    result = sl.check(item.id, namespace["answer"])
    assert result.correct, result.message
    note = sl.solution(item.id)
    assert item.solution_code.strip() in repr(note)
    assert note.text.startswith("the answer is ")


@by_id([e for e in EXERCISES if e.kind in NUMERIC])
def test_numeric_exercise_has_a_misconception(item):
    assert len(item.misconceptions) >= 1


@by_id([e for e in EXERCISES if e.misconceptions])
def test_misconceptions_are_told_apart_and_named(item):
    want = _engine._reference(item)
    for text, wrong in item.misconceptions:
        value = wrong()
        got = parsed(item, value)
        assert _engine._compare(item, got, want) is not None, (
            f"misconception {text!r} gives {value!r}, within tolerance of the reference: "
            "tighten rel_tol/abs_tol or drop it")
        result = sl.check(item.id, value)
        assert result.status == "incorrect", (text, result.message)
        assert text in result.message, (text, result.message)
        assert f"is what you get if {text}." in result.message
        assert not text.endswith("."), f"{text!r}: the sentence adds its own full stop"
        assert not text.lower().startswith("if "), f"{text!r}: completes 'what you get if ...'"


@by_id(EXERCISES)
def test_garbage_never_raises(item):
    for answer in [None, "abc", [], math.nan, {}, *GARBAGE]:
        result = sl.check(item.id, answer)
        assert result.status in ("correct", "incorrect"), answer
        if result.status == "incorrect":
            assert result.message.startswith("❌ Not yet: ")
            assert result.message.endswith(f" Hint: {item.hint}")


@by_id(EXERCISES)
def test_placeholder_is_not_attempted(item):
    assert sl.check(item.id, ...).status == "not_attempted"


@by_id([e for e in EXERCISES if e.kind in ("choice", "bool", "set")])
def test_categorical_feedback_never_talks_about_rounding(item):
    answers = list(item.choices) + [True, False, 0.9995, 3, "x", ["x"]]
    for answer in answers:
        text = sl.check(item.id, answer).message
        assert "avoid rounding" not in text and "is close, but not within" not in text, answer
        assert "too high" not in text and "too low" not in text, answer


@by_id([e for e in EXERCISES if e.kind == "choice"])
def test_choice_reference_is_one_of_the_choices(item):
    assert parsed(item, item.reference()) in item.choices


# ------------------------------------------------------------------ every quiz


@by_id(QUIZZES)
def test_right_letter_grades_correct(item):
    result = sl.quiz(item.id, LETTERS[item.answer])
    assert result.status == "correct", result.message
    assert item.options[item.answer][1] in result.message


@by_id(QUIZZES)
def test_every_wrong_letter_is_incorrect_with_its_explanation(item):
    for position, (text, why) in enumerate(item.options):
        if position == item.answer:
            continue
        result = sl.quiz(item.id, LETTERS[position])
        assert result.status == "incorrect", (position, result.message)
        assert why in result.message
        assert sl.quiz(item.id, text).status == "incorrect"   # by the option's text too


@by_id(QUIZZES)
def test_quiz_shows_as_text(item):
    text = repr(sl.quiz(item.id))
    assert item.question in text
    assert all(f"{LETTERS[i]}) {option}" in text for i, (option, _) in enumerate(item.options))
