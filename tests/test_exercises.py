"""Tests of sre_lab.exercises: checking, hints, solutions, progress file.

The registry tests are parametrised over ``EXERCISES``, so every exercise any
notebook adds is covered: its reference passes, a wrong answer fails, garbage
never raises, its solution code computes its answer.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sre_lab as sl
from sre_lab import exercises as exm
from sre_lab.exercises import Exercise, ProgressWarning

REGISTRY = list(exm.EXERCISES)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Every test stores progress in its own temporary file, never in $HOME."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(path))
    monkeypatch.setattr(exm, "_REPORTED", set())
    monkeypatch.setattr(exm, "_SESSION", {})
    return path


def wrong_answer(ex: Exercise):
    """A deliberately wrong answer of the right kind, derived from the reference."""
    ref = ex.reference()
    if ex.kind == "number":
        return ref * 1.5 + 1
    if ex.kind == "numbers":
        return [v * 1.5 + 1 for v in ref]
    if ex.kind == "choice":
        return next(c for c in ex.choices if c.strip().casefold() != ref.strip().casefold())
    if ex.kind == "set":
        return set(list(ref)[1:]) if ref else {"not-an-item"}
    if ex.kind == "bool":
        return not ref
    if ex.kind == "timedelta":
        return ref * 1.5 + dt.timedelta(minutes=1)
    raise AssertionError(ex.kind)


def add_exercise(monkeypatch, **fields):
    """Register a temporary exercise (for testing each kind of comparison)."""
    base = dict(id="demo.x", notebook="demo", prompt="?", hint="Think.",
                solution_code="answer = 1")
    ex = Exercise(**{**base, **fields})
    monkeypatch.setattr(exm, "EXERCISES", [*exm.EXERCISES, ex])
    return ex


class Evil:
    """An object whose every protocol method raises."""

    def __repr__(self):
        raise RuntimeError("no repr")

    def __eq__(self, other):
        raise RuntimeError("no eq")

    def __hash__(self):
        raise RuntimeError("no hash")

    def __float__(self):
        raise RuntimeError("no float")

    def __len__(self):
        raise RuntimeError("no len")

    def __iter__(self):
        raise RuntimeError("no iter")

    def __bool__(self):
        raise RuntimeError("no bool")


GARBAGE = [
    None, "", "abc", "43.2", "12 %", "True", float("nan"), float("inf"), -float("inf"),
    1e308, -1, 0, 3 + 4j, b"bytes", [], [1, 2, 3], ["reactive"], [None], [[1, 2]], (1,),
    {}, {"a": 1}, set(), {1, 2}, object(), lambda: 1, print, Evil(), [Evil()],
    np.array([]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.float64("nan"), np.int64(7),
    pd.NA, pd.NaT, pd.Series([1.0, 2.0]), pd.Series([True, False]), pd.DataFrame({"a": [1]}),
    pd.DataFrame({"a": [1, 2], "b": [3, 4]}), dt.timedelta(0), np.timedelta64("NaT"),
    dt.datetime(2026, 10, 5), decimal.Decimal("NaN"), fractions.Fraction(1, 3), range(5),
    [dt.timedelta(1)], Ellipsis.__class__, type, {"reactive"},
]


# ------------------------------------------------------------------ the whole registry


def test_registry_ids_are_unique_and_keys_map_to_one_notebook():
    ids = [e.id for e in REGISTRY]
    assert len(ids) == len(set(ids))
    key_to_notebook = {}
    for ex in REGISTRY:
        assert key_to_notebook.setdefault(ex.key, ex.notebook) == ex.notebook, ex.id
    notebooks = list(key_to_notebook.values())
    assert len(notebooks) == len(set(notebooks)), "two keys for one notebook"


def test_registry_lists_notebooks_in_blocks():
    """Entries of one notebook are contiguous (the registry is grouped by notebook)."""
    order = [e.notebook for e in REGISTRY]
    blocks = [n for i, n in enumerate(order) if i == 0 or order[i - 1] != n]
    assert len(blocks) == len(set(blocks))


@pytest.mark.parametrize("ex", REGISTRY, ids=lambda e: e.id)
def test_reference_answer_is_correct(ex):
    result = sl.check(ex.id, ex.reference())
    assert result.status == "correct", result.message
    assert result.message.startswith("✅ Correct! ")


@pytest.mark.parametrize("ex", REGISTRY, ids=lambda e: e.id)
def test_wrong_answer_is_not_yet_with_hint(ex):
    result = sl.check(ex.id, wrong_answer(ex))
    assert result.status == "incorrect"
    assert result.message.startswith("❌ Not yet: ")
    assert result.message.endswith(f" Hint: {ex.hint}")


@pytest.mark.parametrize("ex", REGISTRY, ids=lambda e: e.id)
def test_ellipsis_is_not_attempted(ex):
    result = sl.check(ex.id, ...)
    assert result.status == "not_attempted"
    assert result.message.startswith("⏳ Not attempted yet")
    assert sl.check(ex.id).status == "not_attempted"  # answer left out entirely


@pytest.mark.parametrize("ex", REGISTRY, ids=lambda e: e.id)
def test_garbage_never_raises(ex):
    for answer in GARBAGE:
        result = sl.check(ex.id, answer)
        assert result.status in ("correct", "incorrect"), answer
        if result.status == "incorrect":
            assert result.message.startswith("❌ Not yet: ")
            assert result.message.endswith(f" Hint: {ex.hint}")


@pytest.mark.parametrize("ex", REGISTRY, ids=lambda e: e.id)
def test_solution_code_computes_the_reference(ex):
    namespace = {}
    exec(compile("import sre_lab as sl\n" + ex.solution_code, ex.id, "exec"), namespace)
    assert "answer" in namespace, "solution_code must assign `answer`"
    assert sl.check(ex.id, namespace["answer"]).status == "correct"
    note = sl.solution(ex.id)
    assert ex.solution_code.strip() in repr(note)
    assert note.text.startswith("the answer is ")


@pytest.mark.parametrize("ex", REGISTRY, ids=lambda e: e.id)
def test_notebook_uses_its_exercises(ex):
    """A registered exercise that its notebook never checks would skew progress totals."""
    path = ROOT / "notebooks" / f"{ex.notebook}.ipynb"
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    text = path.read_text(encoding="utf-8").replace('\\"', '"')
    assert f'"{ex.id}"' in text or f"'{ex.id}'" in text, f"{ex.id} not checked in {path.name}"


# ------------------------------------------------------------------ the start exercises


def test_downtime_minutes_matches_the_sre_workbook():
    # SRE Workbook: 99.9 % over 30 days allows 43.2 minutes; hand: 0.001 * 43,200.
    assert sl.check("start.downtime_minutes", 43.2).correct
    assert sl.check("start.downtime_minutes", 43).correct  # within 1 %
    assert not sl.check("start.downtime_minutes", 42).correct


def test_weekly_downtime_is_about_a_minute():
    # 7 days = 604,800 s; 0.0001 of it is 60.48 s.
    assert sl.check("start.weekly_downtime", dt.timedelta(seconds=60.48)).correct
    assert sl.check("start.weekly_downtime", pd.Timedelta(seconds=60.5)).correct
    assert sl.check("start.weekly_downtime", np.timedelta64(60480, "ms")).correct
    assert sl.check("start.weekly_downtime", np.timedelta64(60_480_000_000, "ns")).correct
    assert sl.check("start.weekly_downtime", pd.Series(pd.to_timedelta([60.48], "s"))).correct
    assert not sl.check("start.weekly_downtime", dt.timedelta(minutes=10)).correct


def test_budget_spent_and_maturity_stage():
    assert sl.check("start.budget_spent", True).correct
    assert sl.check("start.budget_spent", np.bool_(True)).correct
    assert sl.check("start.maturity_stage", "  Reactive ").correct
    assert sl.check("start.maturity_stage", "REACTIVE").correct


# ------------------------------------------------------------------ messages (pinned)

HINT = " Hint: The error budget is the share (1 - target) of all the minutes in the window."


@pytest.mark.parametrize("answer, text", [
    (43.2, "✅ Correct! 43.2 minutes is right."),
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
    (2592, "❌ Not yet: 2592 minutes is 60× too large: check the units."),
    (0.72, "❌ Not yet: 0.72 minutes is 60× too small: check the units."),
    (-43.2, "❌ Not yet: -43.2 minutes has the wrong sign."),
    (4320, "❌ Not yet: 4320 minutes is 100× too large: is it a percentage (99.9) where a "
           "fraction (0.999) is meant?"),
    (42, "❌ Not yet: 42 minutes is close, but not within 1 % of the answer; avoid rounding "
         "too early."),
    (100, "❌ Not yet: 100 minutes is too high."),
    (10, "❌ Not yet: 10 minutes is too low."),
])
def test_number_messages(answer, text):
    result = sl.check("start.downtime_minutes", answer)
    expected = text if text.startswith("✅") else text + HINT
    assert result.message == expected
    assert repr(result) == str(result) == expected


@pytest.mark.parametrize("answer, text", [
    ("proactive", "'proactive' is not the best answer."),
    ("reactiv", "'reactiv' is not one of the options ('ad hoc', 'reactive', 'proactive', "
                "'predictive'). Did you mean 'reactive'?"),
    (["reactive"], "You gave a list; give the option itself as text: 'ad hoc', 'reactive', "
                   "'proactive', 'predictive'."),
    (2, "You gave 2; give one of the options as text: 'ad hoc', 'reactive', 'proactive', "
        "'predictive'."),
])
def test_choice_messages(answer, text):
    ex = exm._lookup("start.maturity_stage")
    assert sl.check(ex.id, answer).message == f"❌ Not yet: {text} Hint: {ex.hint}"


@pytest.mark.parametrize("answer, text", [
    ("True", "You gave the text 'True'; write True or False without quotes."),
    (1, "You gave the number 1; give True or False."),
    (pd.Series([True, False]), "You gave a Series of 2 values; give a single True or False (.any() says "
                               "whether any is true, .all() whether all are)."),
    (np.array([False]), "False is not right."),
    (False, "False is not right."),
])
def test_bool_messages(answer, text):
    ex = exm._lookup("start.budget_spent")
    assert sl.check(ex.id, answer).message == f"❌ Not yet: {text} Hint: {ex.hint}"


@pytest.mark.parametrize("answer, text", [
    (60.48, "You gave the plain number 60.48; give a duration such as "
            "datetime.timedelta(minutes=5), so the unit is clear."),
    (dt.timedelta(hours=1), "60 minutes is 60× too large: check the units."),
    (dt.timedelta(seconds=30), "30 seconds is too short."),
    (dt.datetime(2026, 10, 5), "You gave a point in time; give a duration (the difference "
                               "of two times is one)."),
    (pd.NaT, "Your answer is NaT, a missing value; give a duration such as "
             "datetime.timedelta(minutes=5)."),
])
def test_timedelta_messages(answer, text):
    ex = exm._lookup("start.weekly_downtime")
    assert sl.check(ex.id, answer).message == f"❌ Not yet: {text} Hint: {ex.hint}"


def test_unknown_id_messages_are_pinned():
    with pytest.raises(ValueError) as info:
        sl.check("start.downtime_minute", 43.2)
    assert str(info.value) == ("exercise_id must be a registered exercise id; got "
                               "'start.downtime_minute'. Did you mean 'start.downtime_minutes'?")
    with pytest.raises(ValueError) as info:
        sl.hint("zzz")
    assert str(info.value) == ("exercise_id must be a registered exercise id; got 'zzz'. "
                               "sl.exercise_ids() lists them.")
    with pytest.raises(TypeError) as info:
        sl.solution(3)
    assert str(info.value) == ("exercise_id must be a registered exercise id (a string); "
                               "got 3.")


# ------------------------------------------------------------------ each kind, in isolation


def test_set_kind(monkeypatch):
    ex = add_exercise(monkeypatch, kind="set", reference=lambda: sl.SERVICE_NAMES)
    assert sl.check(ex.id, ["Search", "checkout ", "payment", "notifications"]).correct
    assert sl.check(ex.id, pd.Index(sl.SERVICE_NAMES)).correct
    assert sl.check(ex.id, {"search", "checkout", "payment", "notifications", "search"}).correct
    assert sl.check(ex.id, ["search", "checkout", "ads"]).message.startswith(
        "❌ Not yet: 2 of your 3 items are right; 2 expected items are missing; "
        "not expected: 'ads'. Hint: ")
    assert sl.check(ex.id, "search").message.startswith(
        "❌ Not yet: You gave the single text 'search'; give a collection of items")
    assert sl.check(ex.id, [["a"]]).message.startswith("❌ Not yet: The item ['a'] cannot go")


def test_numbers_kind(monkeypatch):
    ex = add_exercise(monkeypatch, kind="numbers", unit="ms",
                      reference=lambda: np.array([100.0, 200.0, 300.0]))
    assert sl.check(ex.id, [100, 200, 300]).correct
    assert sl.check(ex.id, pd.Series([100.5, 200, 300])).correct
    assert sl.check(ex.id, [100, 200]).message.startswith(
        "❌ Not yet: Your answer has 2 values; 3 are expected. Hint:")
    assert sl.check(ex.id, [100, 200, 400]).message.startswith(
        "❌ Not yet: 2 of 3 values are right; value number 3: 400 ms is too high. Hint:")
    assert sl.check(ex.id, [100, "200", 300]).message.startswith(
        "❌ Not yet: Value number 2: you gave the text '200'; remove the quotes")
    assert sl.check(ex.id, {100, 200, 300}).message.startswith(
        "❌ Not yet: A set has no order; give a list of numbers (in ms) in the order asked.")
    assert sl.check(ex.id, 100).message.startswith("❌ Not yet: You gave a single value;")


def test_number_tolerances(monkeypatch):
    ex = add_exercise(monkeypatch, kind="number", reference=lambda: 0.0, abs_tol=0.5,
                      rel_tol=0.0)
    assert sl.check(ex.id, 0.4).correct
    assert sl.check(ex.id, -0.5).correct
    assert sl.check(ex.id, 0.6).message.startswith("❌ Not yet: 0.6 is too high.")


def test_reference_is_computed_once(monkeypatch):
    calls = []

    def reference():
        calls.append(1)
        return 2.0

    ex = add_exercise(monkeypatch, kind="number", reference=reference)
    assert not calls  # registering does not compute
    sl.check(ex.id, 1)
    sl.check(ex.id, 2)
    sl.solution(ex.id)
    assert len(calls) == 1


def test_broken_reference_is_a_course_bug(monkeypatch):
    ex = add_exercise(monkeypatch, kind="number", reference=lambda: 1 / 0)
    with pytest.raises(RuntimeError, match=r"^The reference answer of exercise 'demo.x' could "
                       r"not be computed \(ZeroDivisionError: division by zero\)"):
        sl.check(ex.id, 1)
    ex = add_exercise(monkeypatch, id="demo.y", kind="choice", choices=("a", "b"),
                      reference=lambda: "c")
    with pytest.raises(RuntimeError, match="is not a valid 'choice' answer"):
        sl.check(ex.id, "a")


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
])
def test_malformed_entries_are_rejected(fields, error, text):
    base = dict(id="demo.x", notebook="demo", prompt="?", kind="number",
                reference=lambda: 1, hint="h", solution_code="answer = 1")
    with pytest.raises(error) as info:
        Exercise(**{**base, **fields})
    assert str(info.value) == text


def test_duplicate_ids_are_reported(monkeypatch):
    monkeypatch.setattr(exm, "EXERCISES", [*exm.EXERCISES, exm.EXERCISES[0]])
    with pytest.raises(ValueError, match="is registered twice"):
        sl.check("start.downtime_minutes", 1)


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_gets_a_verdict(x):
    result = sl.check("start.downtime_minutes", x)
    assert result.correct == (math.isfinite(x) and math.isclose(x, 43.2, rel_tol=0.01))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gets_a_verdict(text):
    result = sl.check("start.maturity_stage", text)
    assert result.correct == (" ".join(text.split()).casefold() == "reactive")


# ------------------------------------------------------------------ rendering


def test_results_render_as_text_markdown_and_html(monkeypatch):
    ex = add_exercise(monkeypatch, kind="choice", choices=("<b>x</b>", "y"),
                      reference=lambda: "y")
    result = sl.check(ex.id, "<b>x</b>")
    assert "&lt;b&gt;x&lt;/b&gt;" in result._repr_html_()
    assert "<b>x</b>" not in result._repr_html_()
    assert result.message in result._repr_markdown_()
    assert "demo.x" in result._repr_html_()
    assert result.exercise_id == "demo.x"
    with pytest.raises(AttributeError):
        result.status = "correct"  # frozen


def test_check_prints_nothing(capsys):
    sl.check("start.downtime_minutes", 43.2)
    sl.check("start.downtime_minutes", "x")
    assert capsys.readouterr() == ("", "")


def test_hint_and_solution_notes():
    note = sl.hint("start.budget_spent")
    assert repr(note) == ("💡 Hint for start.budget_spent: Compare the 50 minutes with the "
                          "budget from the first exercise.")
    solution = sl.solution("start.downtime_minutes")
    assert solution.text == "the answer is 43.2 minutes."
    assert "answer = (1 - slo_target) * window_minutes" in solution._repr_markdown_()
    assert "<pre" in solution._repr_html_()
    assert sl.solution("start.weekly_downtime").text == "the answer is 60.48 seconds."
    assert sl.solution("start.maturity_stage").text == "the answer is 'reactive'."
    assert sl.solution("start.budget_spent").text == "the answer is True."


def test_exercise_ids_and_notebook_lookup():
    assert sl.exercise_ids("start") == sl.exercise_ids("00_start_here") == (
        "start.downtime_minutes", "start.maturity_stage", "start.weekly_downtime",
        "start.budget_spent")
    assert set(sl.exercise_ids()) == {e.id for e in exm.EXERCISES}
    with pytest.raises(ValueError, match=r"^notebook must be a notebook with exercises \("
                       r"'00_start_here'.*; got '00_start'. Did you mean '00_start_here'\?$"):
        sl.exercise_ids("00_start")


# ------------------------------------------------------------------ progress file


def test_progress_round_trip(progress_file):
    assert not progress_file.exists()
    sl.check("start.downtime_minutes", ...)
    assert not progress_file.exists(), "placeholders are not attempts"
    sl.check("start.downtime_minutes", 10)
    sl.check("start.downtime_minutes", 43.2)
    sl.check("start.downtime_minutes", 10)  # a later slip does not undo "correct"
    sl.check("start.maturity_stage", "ad hoc")
    data = json.loads(progress_file.read_text(encoding="utf-8"))
    assert data["format"] == "sre-lab-progress" and data["version"] == 1
    entry = data["exercises"]["start.downtime_minutes"]
    assert entry["status"] == "correct" and entry["attempts"] == 3
    assert data["exercises"]["start.maturity_stage"]["status"] == "incorrect"
    report = sl.progress()
    row = next(r for r in report.rows if r.notebook == "00_start_here")
    assert (row.attempted, row.correct, row.total) == (2, 1, 4)
    assert report.path == str(progress_file)
    assert repr(report).splitlines()[0] == (
        f"SRE Lab progress: 1 of {len(exm.EXERCISES)} exercises correct (saved in "
        f"{progress_file})")
    assert "| 00_start_here | 2 | 1 | 4 |" in report._repr_markdown_()
    assert "<table>" in report._repr_html_()
    assert report.to_frame().loc["00_start_here", "correct"] == 1
    assert [p.name for p in progress_file.parent.iterdir()] == ["progress.json"]  # no temp left


def test_progress_survives_a_new_session(progress_file, monkeypatch):
    sl.check("start.budget_spent", True)
    monkeypatch.setattr(exm, "_REFERENCES", {})  # as in a fresh kernel
    assert sl.progress().correct == 1


def test_corrupt_file_is_reported_once_and_replaced(progress_file):
    progress_file.write_text("{not json", encoding="utf-8")
    with pytest.warns(ProgressWarning, match="was unreadable"):
        assert sl.check("start.budget_spent", True).correct
    backup = progress_file.with_name("progress.json.corrupt")
    assert backup.read_text(encoding="utf-8") == "{not json"
    assert json.loads(progress_file.read_text())["exercises"]["start.budget_spent"]["attempts"] == 1
    progress_file.write_text("[1, 2]", encoding="utf-8")  # valid JSON, wrong shape
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second report in one session would raise here
        assert sl.check("start.budget_spent", True).correct
    assert sl.progress().attempted == 1


def test_unwritable_location_still_checks(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(blocker / "progress.json"))
    with pytest.warns(ProgressWarning, match="could not save your progress"):
        result = sl.check("start.downtime_minutes", 43.2)
    assert result.correct


def test_failed_replace_keeps_the_old_file(progress_file, monkeypatch):
    sl.check("start.downtime_minutes", 43.2)
    before = progress_file.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(exm.os, "replace", broken_replace)
    with pytest.warns(ProgressWarning, match="disk full"):
        assert sl.check("start.budget_spent", True).correct
    assert progress_file.read_bytes() == before
    assert [p.name for p in progress_file.parent.iterdir()] == ["progress.json"]


def test_progress_off_keeps_it_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("SRE_LAB_PROGRESS", "off")
    sl.check("start.budget_spent", True)
    report = sl.progress()
    assert report.path is None and report.correct == 1
    assert "session only" in repr(report)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout")
def test_default_location_is_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SRE_LAB_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert exm._progress_path() == tmp_path / ".local" / "share" / "sre-lab" / "progress.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert exm._progress_path() == tmp_path / "data" / "sre-lab" / "progress.json"


def test_reset_progress(progress_file, monkeypatch):
    ex = add_exercise(monkeypatch, kind="bool", reference=lambda: True)
    sl.check("start.budget_spent", True)
    sl.check(ex.id, True)
    report = sl.reset_progress("start")
    assert report.correct == 1  # demo.x kept
    assert sl.reset_progress().attempted == 0
    assert json.loads(progress_file.read_text())["exercises"] == {}
    with pytest.raises(ValueError, match="notebook must be a notebook with exercises"):
        sl.reset_progress("nope")

