"""Concept quizzes (sre_lab.exercises._quiz): grading, the widget headless, text fallback."""

from __future__ import annotations

import json

import pytest
from exercise_support import (DEMO_EXERCISES, DEMO_QUIZZES, SPENT, WHAT_IS_SLO, WHY_RATIO,
                              install, isolate_progress)

import sre_lab as sl
from sre_lab.exercises import Quiz
from sre_lab.exercises._quiz import QuizView

QUESTION = "Which of these is a service level objective (SLO)?"


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    isolate_progress(monkeypatch, path)
    install(monkeypatch, DEMO_EXERCISES, DEMO_QUIZZES)
    return path


def quiz_row(notebook="demo/notebook"):
    row = next(r for r in sl.progress().rows if r.notebook == notebook)
    return row.quizzes_answered, row.quizzes_correct, row.quizzes_total


# ------------------------------------------------------------------ grading


@pytest.mark.parametrize("answer", ["b", "B", " b ", "b)", "(b)", "b.",
                                    "99.9 % of requests succeed, counted over 30 days.",
                                    "  99.9 %  of requests SUCCEED, counted over 30 days "])
def test_right_answer_by_letter_or_text(answer):
    result = sl.quiz(WHAT_IS_SLO.id, answer)
    assert result.status == "correct"
    assert result.message == ("✅ Correct! b) 99.9 % of requests succeed, counted over 30 "
                              "days. — Yes: a target for an SLI over a window.")


def test_wrong_answer_explains_why():
    assert sl.quiz(WHAT_IS_SLO.id, "a").message == (
        "❌ Not quite: a) The share of requests that succeeded last month. — That is a "
        "measurement: an SLI.")
    assert sl.quiz(WHAT_IS_SLO.id, "Below 99.5 %, customers get a refund").message == (
        "❌ Not quite: c) Below 99.5 %, customers get a refund. — That is an agreement with "
        "consequences: an SLA.")


@pytest.mark.parametrize("answer, text", [
    ("d", "answer with one of the letters a, b, c (or an option's text); got 'd'."),
    ("", "answer with one of the letters a, b, c (or an option's text); got ''."),
    ("an SLO", "answer with one of the letters a, b, c (or an option's text); got 'an SLO'."),
    (2, 'answer with one of the letters a, b, c (or an option\'s text), in quotes: '
        'sl.quiz("demo.what_is_slo", "a"); got 2.'),
    (["b"], 'answer with one of the letters a, b, c (or an option\'s text), in quotes: '
            'sl.quiz("demo.what_is_slo", "a"); got [\'b\'].'),
])
def test_an_answer_that_names_no_option_is_not_graded_nor_recorded(progress_file, answer, text):
    result = sl.quiz(WHAT_IS_SLO.id, answer)
    assert result.status == "not_attempted"
    assert result.message == f"⏳ Not answered: {text}"
    assert quiz_row() == (0, 0, 1)
    assert not progress_file.exists()


def test_answers_are_recorded_and_correct_is_sticky():
    sl.quiz(WHAT_IS_SLO.id, "a")
    assert quiz_row() == (1, 0, 1)
    sl.quiz(WHAT_IS_SLO.id, "b")
    sl.quiz(WHAT_IS_SLO.id, "c")
    assert quiz_row() == (1, 1, 1)


# ------------------------------------------------------------------ the widget, headless


def test_widget_grades_a_click_and_records_it():
    view = sl.quiz(WHAT_IS_SLO.id)
    box = view.widget()
    assert box.children[0].value == f"<strong>❓ {QUESTION}</strong>"
    options, check, feedback = (view.controls[k] for k in ("options", "check", "feedback"))
    assert options.value is None and feedback.value == ""
    assert [label for label, _ in zip(options.options, range(9))][0] == (
        "a) The share of requests that succeeded last month.", "a")

    check.click()                      # nothing picked yet
    assert feedback.value == "<em>Pick an option first, then press Check.</em>"
    assert quiz_row() == (0, 0, 1)

    options.value = "c"
    check.click()
    assert "❌ Not quite: c) Below 99.5 %, customers get a refund. — That is an agreement " \
           "with consequences: an SLA." in feedback.value
    assert view.result.status == "incorrect"
    assert quiz_row() == (1, 0, 1)

    options.value = "b"
    check.click()
    assert "✅ Correct! b) 99.9 % of requests succeed" in feedback.value
    assert "Yes: a target for an SLI over a window." in feedback.value
    assert 'class="sre-lab-correct"' in feedback.value
    assert quiz_row() == (1, 1, 1)


def test_widget_escapes_html():
    item = Quiz(id="demo.html", notebook="demo/notebook", question="<b>bold</b>?",
                options=[("<i>x</i>", "Because <script>."), ("y", "No.")], answer=0)
    view = QuizView(item)
    view.widget()
    view.controls["options"].value = "a"
    view.controls["check"].click()
    assert "<script>" not in view.controls["feedback"].value
    assert "&lt;script&gt;" in view.controls["feedback"].value


def test_mimebundle_has_the_widget_and_the_text():
    view = sl.quiz(WHAT_IS_SLO.id)
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == repr(view)
    assert bundle["text/markdown"] == view._repr_markdown_()


# ------------------------------------------------------------------ text fallback


def test_text_fallback_is_readable():
    assert repr(sl.quiz(WHAT_IS_SLO.id)) == (
        f"❓ {QUESTION}\n"
        "   a) The share of requests that succeeded last month.\n"
        "   b) 99.9 % of requests succeed, counted over 30 days.\n"
        "   c) Below 99.5 %, customers get a refund.\n"
        'Answer in a cell with sl.quiz("demo.what_is_slo", "a") (your letter).')
    markdown = sl.quiz(WHAT_IS_SLO.id)._repr_markdown_()
    assert markdown.startswith(f"**❓ {QUESTION}**\n\n- **a)** The share")
    assert 'sl.quiz("demo.what_is_slo", "a")' in markdown


def test_results_render():
    result = sl.quiz(WHY_RATIO.id, "b")
    assert "Storage has nothing to do with it." in result._repr_html_()
    assert result.message in result._repr_markdown_()


# ------------------------------------------------------------------ look-up


def test_unknown_quiz_suggests_close_ids():
    with pytest.raises(ValueError) as info:
        sl.quiz("demo.what_is_sla")
    assert str(info.value) == ("quiz_id must be a registered quiz id; got 'demo.what_is_sla'. "
                               "Did you mean 'demo.what_is_slo'?")
    with pytest.raises(ValueError, match=r"Did you mean 'demo.what_is_slo'\?$"):
        sl.quiz("Demo.What_Is_SLO ")
    with pytest.raises(ValueError) as info:
        sl.quiz("nothing.like.it")
    assert str(info.value).endswith("; got 'nothing.like.it'. sl.quiz_ids() lists them.")
    with pytest.raises(ValueError) as info:
        sl.quiz(SPENT.id)
    assert str(info.value) == ("quiz_id must be a registered quiz id; got 'demo.spent'. That "
                               "is an exercise: check your answer with "
                               "sl.check('demo.spent', answer).")
    with pytest.raises(TypeError) as info:
        sl.quiz(3)
    assert str(info.value) == "quiz_id must be a registered quiz id (a string); got 3."


def test_quiz_ids():
    assert sl.quiz_ids("demo/other") == (WHY_RATIO.id,)
    assert sl.quiz_ids("demo/notebook.ipynb") == (WHAT_IS_SLO.id,)
    assert set(sl.quiz_ids()) >= {WHAT_IS_SLO.id, WHY_RATIO.id}


def test_duplicate_quiz_ids_are_reported(monkeypatch):
    install(monkeypatch, quizzes=[WHAT_IS_SLO])
    with pytest.raises(ValueError, match="quiz id 'demo.what_is_slo' is registered twice"):
        sl.quiz(WHAT_IS_SLO.id)


@pytest.mark.parametrize("fields, error, text", [
    ({"id": "Q"}, ValueError, "Quiz.id must be '<notebook key>.<slug>' in lower case; "
     "got 'Q'."),
    ({"question": ""}, TypeError, "Quiz.question must be a non-empty string; got ''."),
    ({"options": [("only", "one")]}, ValueError, "Quiz.options must be 2 to 6 (option text, "
     "explanation) pairs; got [('only', 'one')]."),
    ({"options": [("a", "x"), ("b", "")]}, ValueError, "Quiz.options must be 2 to 6 (option "
     "text, explanation) pairs; got [('a', 'x'), ('b', '')]."),
    ({"options": [("A", "x"), ("a ", "y")]}, ValueError, "Quiz.options must be distinct option "
     "texts; got [('A', 'x'), ('a ', 'y')]."),
    ({"answer": 2}, ValueError, "Quiz.answer must be an option position in 0..1; got 2."),
    ({"answer": True}, ValueError, "Quiz.answer must be an option position in 0..1; got True."),
])
def test_malformed_quizzes_are_rejected(fields, error, text):
    base = dict(id="demo.q", notebook="demo", question="?",
                options=[("a", "yes"), ("b", "no")], answer=0)
    with pytest.raises(error) as info:
        Quiz(**{**base, **fields})
    assert str(info.value) == text


def test_quiz_progress_is_stored_apart_from_exercises(progress_file):
    sl.quiz(WHAT_IS_SLO.id, "b")
    data = json.loads(progress_file.read_text(encoding="utf-8"))
    assert data["exercises"] == {}
    assert data["quizzes"][WHAT_IS_SLO.id]["status"] == "correct"
