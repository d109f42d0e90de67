"""The checking engine (sre_lab.exercises._engine): parsing, comparison, messages.

Messages are pinned on demo exercises (``exercise_support``) whose answers are
worked out by hand there, so these tests do not move when a course registry
changes. The course's own entries are covered by ``test_registry.py``.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from exercise_support import (APPROACH, BUDGET_TIME, DEMO_EXERCISES, DEMO_QUIZZES, DOWNTIME,
                              GARBAGE, LATENCIES, SERVICES, SPENT, STAGE, THIRDS, WEEKLY,
                              install, isolate_progress)
from hypothesis import given, settings
from hypothesis import strategies as st

import sre_lab as sl
from sre_lab.exercises._engine import Exercise, _is_rounding, _roundings


@pytest.fixture(autouse=True)
def demo(tmp_path, monkeypatch):
    isolate_progress(monkeypatch, tmp_path / "progress.json")
    install(monkeypatch, DEMO_EXERCISES, DEMO_QUIZZES)


def message(ex, answer):
    return sl.check(ex.id, answer).message


# ------------------------------------------------------------------ numbers

DOWNTIME_HINT = f" Hint: {DOWNTIME.hint}"


@pytest.mark.parametrize("answer, text", [
    (43.2, "✅ Correct! 43.2 minutes is right."),
    (43, "✅ Correct! 43 minutes is right."),                    # 0.46 % off, within 1 %
    (np.float64(43.2), "✅ Correct! 43.2 minutes is right."),
    (pd.Series([43.2]), "✅ Correct! 43.2 minutes is right."),
    ("43.2", "❌ Not yet: You gave the text '43.2'; remove the quotes so it is a number."),
    ("43.2 %", "❌ Not yet: You gave the text '43.2 %'; give the number itself, without "
               "quotes or %."),
    ("forty", "❌ Not yet: You gave the text 'forty'; give a number of minutes."),
    (None, "❌ Not yet: Your answer is None (did a function return nothing, or an assignment "
           "lose the value?); give a number of minutes."),
    (float("nan"), "❌ Not yet: Your answer is NaN (not a number): a calculation divided 0 "
                   "by 0 or used missing data."),
    (math.inf, "❌ Not yet: Your answer is infinite: did something divide by zero?"),
    (True, "❌ Not yet: True is a yes/no value; give a number of minutes."),
    ([1, 2, 3], "❌ Not yet: You gave a list of 3 values; give one number (their .sum() or "
                ".mean()?)."),
    ([43.2], "❌ Not yet: You gave a list holding one value; give the value itself, not the "
             "list."),
    ([], "❌ Not yet: You gave an empty list; give one number."),
    (object(), "❌ Not yet: You gave an object; give a number of minutes."),
    (dt.timedelta(minutes=43.2), "❌ Not yet: You gave a duration (timedelta); give a number "
     "of minutes, e.g. duration / datetime.timedelta(minutes=1) for minutes."),
    (len, "❌ Not yet: You gave a function; did you forget to call it with ()?"),
    # 28 days: 0.001 × 40,320 = 40.32, the registered misconception; 40 is within 1 % of it
    (40.32, "❌ Not yet: 40.32 minutes is what you get if you counted a 28-day window "
            "instead of 30 days."),
    (40, "❌ Not yet: 40 minutes is what you get if you counted a 28-day window instead of "
         "30 days."),
    (2592, "❌ Not yet: 2592 minutes is 60× too large: check the units."),     # 43.2 × 60
    (0.72, "❌ Not yet: 0.72 minutes is 60× too small: check the units."),     # 43.2 / 60
    (-43.2, "❌ Not yet: -43.2 minutes has the wrong sign."),
    (4320, "❌ Not yet: 4320 minutes is 100× too large: is it a percentage (99.9) where a "
           "fraction (0.999) is meant?"),
    # 42 is near 43.2 but no rounding of it: "too low", never "avoid rounding"
    (42, "❌ Not yet: 42 minutes is too low."),
    (100, "❌ Not yet: 100 minutes is too high."),
    (10, "❌ Not yet: 10 minutes is too low."),
])
def test_number_messages(answer, text):
    result = sl.check(DOWNTIME.id, answer)
    expected = text if text.startswith("✅") else text + DOWNTIME_HINT
    assert result.message == expected
    assert repr(result) == str(result) == expected


@pytest.mark.parametrize("answer, text", [
    (66.7, None),                                   # 200/3 = 66.666..., 0.05 % off
    (67, "67 % is close, but not within 0.1 % of the answer; avoid rounding too early."),
    (70, "70 % is close, but not within 0.1 % of the answer; avoid rounding too early."),
    (66, "66 % is close, but not within 0.1 % of the answer; avoid rounding too early."),
    (66.6, "66.6 % is close, but not within 0.1 % of the answer; avoid rounding too early."),
    (65, "65 % is too low."),
    (68, "68 % is too high."),
    (66.5, "66.5 % is too low."),
    (33.33, "33.33 % is what you get if you took one third instead of two."),
])
def test_rounding_is_named_only_for_a_true_rounding(answer, text):
    result = sl.check(THIRDS.id, answer)
    if text is None:
        assert result.correct
    else:
        assert result.message == f"❌ Not yet: {text} Hint: {THIRDS.hint}"


@pytest.mark.parametrize("want, expected", [
    (43.2, {40.0, 43.0, 43.2}),
    (0.72, {0.7, 0.72}),                            # 1 is coarser than the first digit
    (0.925926, {0.9, 0.92, 0.925, 0.9259, 0.926, 0.93}),
    (1234.5678, {1000.0, 1200.0, 1230.0, 1234.0, 1235.0, 1234.5, 1234.6, 1234.56, 1234.57,
                 1234.567, 1234.568, 1234.5678}),
    (0.0, set()),
    (math.nan, set()),
])
def test_roundings_are_one_to_four_digits_or_decimals(want, expected):
    assert _roundings(want) == expected


def test_is_rounding():
    assert _is_rounding(43.0, 43.2) and _is_rounding(40.0, 43.2)
    assert not _is_rounding(42.0, 43.2)
    assert _is_rounding(0.93, 0.925926) and _is_rounding(0.9259, 0.925926)
    assert not _is_rounding(0.0, 0.3)                # nothing of the answer is left
    assert not _is_rounding(1.0, 0.72)
    assert not _is_rounding(5.0, 0.0)


def test_number_tolerances(monkeypatch):
    ex = Exercise(id="demo.zero", notebook="demo/notebook", prompt="?", kind="number",
                  reference=lambda: 0.0, abs_tol=0.5, rel_tol=0.0, hint="h",
                  solution_code="answer = 0", misconceptions=[("you added two", lambda: 2)])
    install(monkeypatch, [ex])
    assert sl.check(ex.id, 0.4).correct
    assert sl.check(ex.id, -0.5).correct
    assert message(ex, 0.6) == "❌ Not yet: 0.6 is too high. Hint: h"
    assert message(ex, 2.4) == "❌ Not yet: 2.4 is what you get if you added two. Hint: h"


def test_numbers_kind():
    assert sl.check(LATENCIES.id, [100, 200, 300]).correct
    assert sl.check(LATENCIES.id, pd.Series([100.5, 200, 300])).correct
    hint = f" Hint: {LATENCIES.hint}"
    assert message(LATENCIES, [100, 200]) == (
        "❌ Not yet: Your answer has 2 values; 3 are expected." + hint)
    assert message(LATENCIES, [100, 200, 400]) == (
        "❌ Not yet: 2 of 3 values are right; value number 3: 400 ms is too high." + hint)
    assert message(LATENCIES, [0.1, 0.2, 0.3]) == (
        "❌ Not yet: [0.1, 0.2, 0.3] ms is what you get if you gave seconds." + hint)
    assert message(LATENCIES, [100, "200", 300]).startswith(
        "❌ Not yet: Value number 2: you gave the text '200'; remove the quotes")
    assert message(LATENCIES, {100, 200, 300}).startswith(
        "❌ Not yet: A set has no order; give a list of numbers (in ms) in the order asked.")
    assert message(LATENCIES, 100).startswith("❌ Not yet: You gave a single value;")


# ------------------------------------------------------------------ durations


@pytest.mark.parametrize("answer, text", [
    (dt.timedelta(seconds=60.48), None),
    (pd.Timedelta(seconds=60.5), None),
    (np.timedelta64(60480, "ms"), None),
    (np.timedelta64(60_480_000_000, "ns"), None),
    (pd.Series(pd.to_timedelta([60.48], "s")), None),
    (60.48, "You gave the plain number 60.48; give a duration such as "
            "datetime.timedelta(minutes=5), so the unit is clear."),
    (dt.timedelta(hours=1), "60 minutes is 60× too large: check the units."),
    (dt.timedelta(seconds=30), "30 seconds is too short."),
    (dt.timedelta(seconds=259.2), "4.32 minutes is what you get if you used 30 days instead "
                                  "of 7."),
    (dt.datetime(2026, 10, 5), "You gave a point in time; give a duration (the difference "
                               "of two times is one)."),
    (pd.NaT, "Your answer is NaT, a missing value; give a duration such as "
             "datetime.timedelta(minutes=5)."),
])
def test_timedelta_messages(answer, text):
    result = sl.check(WEEKLY.id, answer)
    if text is None:
        assert result.correct, result.message
    else:
        assert result.message == f"❌ Not yet: {text} Hint: {WEEKLY.hint}"


@pytest.mark.parametrize("minutes, text", [
    (43, None),
    (40, "40 minutes is what you get if you used 28 days."),       # within 1 % of 40.32
    (42, "42 minutes is close, but not within 1 % of the answer; avoid rounding too early."),
    (60, "60 minutes is too long."),           # 0.72 h is not "rounded" to 1 h
    (45, "45 minutes is too long."),
])
def test_duration_rounding_in_minutes_or_hours(minutes, text):
    # 43.2 min = 0.72 h; 42 min = 0.7 h is 0.72 h rounded to one digit.
    result = sl.check(BUDGET_TIME.id, dt.timedelta(minutes=minutes))
    if text is None:
        assert result.correct
    else:
        assert result.message == f"❌ Not yet: {text} Hint: {BUDGET_TIME.hint}"


# ------------------------------------------------------------------ choices, sets, bools


@pytest.mark.parametrize("answer, text", [
    ("proactive", "'proactive' is what you get if you looked at the tools the team has, not "
                  "at when it uses them."),
    ("predictive", "'predictive' is not the best answer."),
    ("reactiv", "'reactiv' is not one of the options ('ad hoc', 'reactive', 'proactive', "
                "'predictive'). Did you mean 'reactive'?"),
    (["reactive"], "You gave a list; give the option itself as text: 'ad hoc', 'reactive', "
                   "'proactive', 'predictive'."),
    (2, "You gave 2; give one of the options as text: 'ad hoc', 'reactive', 'proactive', "
        "'predictive'."),
])
def test_choice_messages(answer, text):
    assert message(STAGE, answer) == f"❌ Not yet: {text} Hint: {STAGE.hint}"


def test_choices_ignore_case_and_spaces():
    assert sl.check(STAGE.id, "  Reactive ").correct
    assert sl.check(STAGE.id, "REACTIVE").correct


def test_numbered_choices_take_plain_numbers():
    """Categorical numbers (approach 6, a slider step) are choices the learner may type bare."""
    for answer in (6, "6", 6.0, np.int64(6)):
        assert sl.check(APPROACH.id, answer).correct
    assert message(APPROACH, 1) == (
        "❌ Not yet: '1' is what you get if you counted every flap of one incident as an "
        f"alert. Hint: {APPROACH.hint}")
    assert message(APPROACH, 3) == f"❌ Not yet: '3' is not the best answer. Hint: {APPROACH.hint}"
    assert message(APPROACH, 7) == ("❌ Not yet: 7 is not one of the options ('1', '2', '3', "
                                    f"'4', '5', '6'). Hint: {APPROACH.hint}")


@pytest.mark.parametrize("ex", [STAGE, APPROACH], ids=lambda e: e.id)
def test_choice_feedback_never_talks_about_rounding(ex):
    for answer in [*ex.choices, 0.9995, 5.5, "x"]:
        assert "round" not in message(ex, answer).lower(), answer


def test_set_messages_count_wrong_items_but_never_name_them():
    hint = f" Hint: {SERVICES.hint}"
    assert sl.check(SERVICES.id, ["Search", "checkout ", "payment", "notifications"]).correct
    assert sl.check(SERVICES.id, pd.Index(list(SERVICES.reference()))).correct
    assert sl.check(SERVICES.id, {"search", "checkout", "payment", "notifications"}).correct
    assert message(SERVICES, ["search", "checkout", "ads"]) == (
        "❌ Not yet: 2 of your 3 items are right; 1 does not belong; 2 expected items are "
        "missing." + hint)
    assert message(SERVICES, ["search"]) == (
        "❌ Not yet: Your item is right, but 3 expected items are missing." + hint)
    assert message(SERVICES, ["search", "checkout", "payment"]) == (
        "❌ Not yet: All 3 of your items are right, but 1 expected item is missing." + hint)
    # all seven candidates at once: the count of wrong ones, none of their names
    everything = ["search", "checkout", "payment", "notifications", "ads", "cpu", "uptime"]
    text = message(SERVICES, everything)
    assert text == ("❌ Not yet: 4 of your 7 items are right; 3 do not belong." + hint)
    assert not any(name in text for name in ("ads", "cpu", "uptime"))
    assert message(SERVICES, []) == (
        "❌ Not yet: Your answer is empty; give the items you choose." + hint)
    assert message(SERVICES, "search").startswith(
        "❌ Not yet: You gave the single text 'search'; give a collection of items")
    assert message(SERVICES, [["a"]]).startswith("❌ Not yet: The item ['a'] cannot go")


@pytest.mark.parametrize("answer, text", [
    ("True", "You gave the text 'True'; write True or False without quotes."),
    (1, "You gave the number 1; give True or False."),
    (pd.Series([True, False]), "You gave a Series of 2 values; give a single True or False "
     "(.any() says whether any is true, .all() whether all are)."),
    (np.array([False]), "False is not right."),
    (False, "False is not right."),
])
def test_bool_messages(answer, text):
    assert message(SPENT, answer) == f"❌ Not yet: {text} Hint: {SPENT.hint}"
    assert sl.check(SPENT.id, np.bool_(True)).correct


# ------------------------------------------------------------------ robustness


@pytest.mark.parametrize("ex", DEMO_EXERCISES, ids=lambda e: e.id)
def test_garbage_never_raises(ex):
    for answer in GARBAGE:
        result = sl.check(ex.id, answer)
        assert result.status in ("correct", "incorrect"), answer
        if result.status == "incorrect":
            assert result.message.startswith("❌ Not yet: ")
            assert result.message.endswith(f" Hint: {ex.hint}")


@pytest.mark.parametrize("ex", DEMO_EXERCISES, ids=lambda e: e.id)
def test_ellipsis_is_not_attempted(ex):
    assert sl.check(ex.id, ...).message == (
        "⏳ Not attempted yet: replace the ... with your answer and run the cell again.")
    assert sl.check(ex.id).status == "not_attempted"  # answer left out entirely


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_gets_a_verdict(x):
    result = sl.check(DOWNTIME.id, x)
    assert result.correct == (math.isfinite(x) and math.isclose(x, 43.2, rel_tol=0.01))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gets_a_verdict(text):
    result = sl.check(STAGE.id, text)
    assert result.correct == (" ".join(text.split()).casefold() == "reactive")


def test_reference_is_computed_once(monkeypatch):
    calls = []

    def reference():
        calls.append(1)
        return 2.0

    ex = Exercise(id="demo.once", notebook="demo/notebook", prompt="?", kind="number",
                  reference=reference, hint="h", solution_code="answer = 2")
    install(monkeypatch, [ex])
    assert not calls  # registering does not compute
    sl.check(ex.id, 1)
    sl.check(ex.id, 2)
    sl.solution(ex.id)
    assert len(calls) == 1


def test_broken_reference_is_a_course_bug(monkeypatch):
    base = dict(notebook="demo/notebook", prompt="?", hint="h", solution_code="answer = 1")
    broken = Exercise(id="demo.broken", kind="number", reference=lambda: 1 / 0, **base)
    invalid = Exercise(id="demo.invalid", kind="choice", choices=("a", "b"),
                       reference=lambda: "c", **base)
    install(monkeypatch, [broken, invalid])
    with pytest.raises(RuntimeError, match=r"^The reference answer of exercise 'demo.broken' "
                       r"could not be computed \(ZeroDivisionError: division by zero\)"):
        sl.check(broken.id, 1)
    with pytest.raises(RuntimeError, match="is not a valid 'choice' answer"):
        sl.check(invalid.id, "a")


@pytest.mark.parametrize("fields, error, text", [
    ({"id": "Intro.X"}, ValueError, "Exercise.id must be '<notebook key>.<slug>' in lower "
     "case; got 'Intro.X'. For example 'intro.budget_minutes'."),
    ({"id": "budget"}, ValueError, "Exercise.id must be '<notebook key>.<slug>' in lower "
     "case; got 'budget'. For example 'intro.budget_minutes'."),
    ({"kind": "text"}, ValueError, "Exercise.kind must be one of 'number', 'numbers', "
     "'choice', 'set', 'bool', 'timedelta'; got 'text'."),
    ({"kind": "choice"}, ValueError, "Exercise.choices must be at least two distinct strings "
     "for a 'choice' exercise; got ()."),
    ({"kind": "choice", "choices": ("A", "a ")}, ValueError, "Exercise.choices must be at "
     "least two distinct strings for a 'choice' exercise; got ('A', 'a ')."),
    ({"choices": ("a", "b")}, ValueError, "Exercise.choices must be empty unless kind is "
     "'choice'; got ('a', 'b')."),
    ({"reference": 43.2}, TypeError, "Exercise.reference must be a function of no arguments; "
     "got 43.2."),
    ({"hint": ""}, TypeError, "Exercise.hint must be a non-empty string; got ''."),
    ({"rel_tol": 1.0}, ValueError, "Exercise.rel_tol must be a number in [0, 0.5); got 1.0."),
    ({"abs_tol": -1}, ValueError, "Exercise.abs_tol must be a finite number >= 0; got -1."),
    ({"misconceptions": [("text only",)]}, TypeError, "Exercise.misconceptions must be a "
     "sequence of (text, function) pairs; got ('text only',). The text names the wrong "
     "method: 'divided by all requests'."),
])
def test_malformed_entries_are_rejected(fields, error, text):
    base = dict(id="demo.x", notebook="demo", prompt="?", kind="number",
                reference=lambda: 1, hint="h", solution_code="answer = 1")
    with pytest.raises(error) as info:
        Exercise(**{**base, **fields})
    assert str(info.value) == text


def test_duplicate_ids_are_reported(monkeypatch):
    install(monkeypatch, [DOWNTIME])  # a second time
    with pytest.raises(ValueError, match="'demo.downtime' is registered twice"):
        sl.check(DOWNTIME.id, 1)


# ------------------------------------------------------------------ look-up and notes


def test_unknown_id_messages_are_pinned():
    with pytest.raises(ValueError) as info:
        sl.check("demo.downtim", 43.2)
    assert str(info.value) == ("exercise_id must be a registered exercise id; got "
                               "'demo.downtim'. Did you mean 'demo.downtime'?")
    with pytest.raises(ValueError) as info:
        sl.hint("zzz")
    assert str(info.value) == ("exercise_id must be a registered exercise id; got 'zzz'. "
                               "sl.exercise_ids() lists them.")
    with pytest.raises(TypeError) as info:
        sl.solution(3)
    assert str(info.value) == ("exercise_id must be a registered exercise id (a string); "
                               "got 3.")
    with pytest.raises(ValueError) as info:
        sl.check("demo.what_is_slo", "b")
    assert str(info.value) == ("exercise_id must be a registered exercise id; got "
                               "'demo.what_is_slo'. That is a quiz: ask it with "
                               "sl.quiz('demo.what_is_slo').")


def test_exercise_returns_the_entry():
    ex = sl.exercise(DOWNTIME.id)
    assert ex is DOWNTIME and ex.key == "demo"
    text, wrong = ex.misconceptions[0]
    assert math.isclose(wrong(), 40.32)
    assert text in sl.check(ex.id, wrong()).message


def test_exercise_ids_and_notebook_lookup():
    assert sl.exercise_ids("demo/other") == (APPROACH.id,)
    assert sl.exercise_ids("demo/other.ipynb") == (APPROACH.id,)
    assert set(sl.exercise_ids()) >= {e.id for e in DEMO_EXERCISES}
    with pytest.raises(ValueError, match=r"^notebook must be a notebook with exercises \("
                       r".*'demo/notebook'.*; got 'demo/notebok'. Did you mean "
                       r"'demo/notebook'\?$"):
        sl.exercise_ids("demo/notebok")
    with pytest.raises(TypeError, match="^notebook must be a notebook with exercises"):
        sl.exercise_ids(3)


def test_results_render_as_text_markdown_and_html(monkeypatch):
    ex = Exercise(id="demo.html", notebook="demo/notebook", prompt="?", kind="choice",
                  choices=("<b>x</b>", "y"), reference=lambda: "y", hint="h",
                  solution_code="answer = 'y'")
    install(monkeypatch, [ex])
    result = sl.check(ex.id, "<b>x</b>")
    assert "&lt;b&gt;x&lt;/b&gt;" in result._repr_html_()
    assert "<b>x</b>" not in result._repr_html_()
    assert result.message in result._repr_markdown_()
    assert "demo.html" in result._repr_html_()
    assert result.exercise_id == "demo.html"
    with pytest.raises(AttributeError):
        result.status = "correct"  # frozen


def test_check_prints_nothing(capsys):
    sl.check(DOWNTIME.id, 43.2)
    sl.check(DOWNTIME.id, "x")
    assert capsys.readouterr() == ("", "")


def test_hint_and_solution_notes():
    assert repr(sl.hint(SPENT.id)) == "💡 Hint for demo.spent: Compare with 43.2 minutes."
    solution = sl.solution(DOWNTIME.id)
    assert solution.text == "the answer is 43.2 minutes."
    assert "answer = (1 - 0.999) * 30 * 24 * 60" in solution._repr_markdown_()
    assert "<pre" in solution._repr_html_()
    assert sl.solution(WEEKLY.id).text == "the answer is 60.48 seconds."
    assert sl.solution(BUDGET_TIME.id).text == "the answer is 43.2 minutes."
    assert sl.solution(STAGE.id).text == "the answer is 'reactive'."
    assert sl.solution(SPENT.id).text == "the answer is True."
