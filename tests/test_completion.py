"""The completion summary (sre_lab.exercises._completion): counts, artefacts, file, names.

The course is the small one of tests/test_progress.py (counted by hand there):
00_start_here complete, 02_slos/1a_demo started (1 of 2 exercises, quiz open),
02_slos/2a_demo complete, 03_incidents/1a_demo and scratch/notebook not started.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from exercise_support import isolate_progress
from test_progress import answer_mini_course, mini_course

import sre_lab as sl
from sre_lab.exercises import _completion

#: 2026-01-02 03:04:05 UTC, for the modification times of the artefacts.
WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc).timestamp()


@pytest.fixture(autouse=True)
def course(tmp_path, monkeypatch):
    isolate_progress(monkeypatch, tmp_path / "progress.json")
    mini_course(monkeypatch)


@pytest.fixture
def output(tmp_path):
    """An output folder with what a learner leaves there, and things that are not artefacts."""
    out = tmp_path / "notebooks" / "output"
    (out / "take_home").mkdir(parents=True)
    (out / "checkout-slo.md").write_text("# SLO\n", encoding="utf-8")             # 6 bytes
    (out / "take_home" / "costs.csv").write_bytes(b"x" * 2500)                    # 2.5 kB
    (out / ".ipynb_checkpoints").mkdir()
    (out / ".ipynb_checkpoints" / "checkout-slo-checkpoint.md").write_text("old")
    (out / "__pycache__").mkdir()
    (out / "__pycache__" / "test_slo.cpython-312.pyc").write_bytes(b"\0")
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "id_rsa").write_text("private")
    for path in (out / "checkout-slo.md", out / "take_home" / "costs.csv"):
        os.utime(path, (WHEN, WHEN))
    if os.name == "posix":
        (out / "take_home" / "leak").symlink_to(outside / "id_rsa")        # a file outside
        (out / "take_home" / "elsewhere").symlink_to(outside)              # a folder outside
        (out / "take_home" / "same-slo.md").symlink_to(out / "checkout-slo.md")  # inside
    return out


def test_summary_counts_sections_and_lists_what_is_left(output):
    answer_mini_course()
    summary = sl.completion_summary("Ada Lovelace", folder=output)
    lines = summary.text.splitlines()
    assert lines[0] == "# SRE Lab: completion summary"
    assert "**Learner:** Ada Lovelace  " in lines
    date = next(line for line in lines if line.startswith("**Date:**"))
    assert re.fullmatch(r"\*\*Date:\*\* \d{4}-\d\d-\d\d \d\d:\d\d UTC  ", date)
    assert date[10:20] == dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
    # 3 of 6 exercises and 1 of 2 quizzes: 4 of 8 items; 00 and 02_slos/2a complete
    assert ("**Overall:** 3 of 6 exercises and 1 of 2 quizzes correct (50 % done); "
            "2 of 5 notebooks complete.") in lines
    assert "| 0 Start here | 1 of 1 | 1 | 1 of 1 | 1 of 1 | 100 % |" in lines
    assert "| 1 Introduction | 0 of 0 | 0 | 0 of 0 | 0 of 0 | - |" in lines
    assert "| 2 SLOs and error budgets | 1 of 2 | 2 | 2 of 3 | 0 of 1 | 50 % |" in lines
    assert "| 3 Incident management | 0 of 1 | 0 | 0 of 1 | 0 of 0 | 0 % |" in lines
    assert "| 7 Capstone | 0 of 0 | 0 | 0 of 0 | 0 of 0 | - |" in lines  # not registered yet
    assert ("| **Whole course** | **2 of 5** | **3** | **3 of 6** | **1 of 2** | **50 %** |"
            in lines)
    left = summary.text.split("## What is left")[1]
    assert "3 notebooks not complete yet" in left
    assert re.findall(r"^\d\. .*$", left, re.M) == [
        "1. `02_slos/1a_demo`: started: 1 of 2 exercises and 0 of 1 quizzes correct",
        "2. `03_incidents/1a_demo`: not started",
        "3. `scratch/notebook`: not started"]
    assert "*Progress was kept in memory" not in summary.text


def test_artefacts_are_listed_without_leaving_the_folder(output):
    summary = sl.completion_summary(folder=output)
    produced = summary.text.split("## What you produced")[1].split("## What is left")[0]
    rows = [line for line in produced.splitlines() if line.startswith("| `")]
    expected = ["| `checkout-slo.md` | 6 B | 2026-01-02 03:04 |",
                "| `take_home/costs.csv` | 2.5 kB | 2026-01-02 03:04 |"]
    if os.name == "posix":  # the link to a file inside is listed; links out are not followed
        expected.append("| `take_home/same-slo.md` | 6 B | 2026-01-02 03:04 |")
    assert rows == expected
    assert f"{len(expected)} files in the output folder `output/`:" in produced
    for never in ("id_rsa", "leak", "elsewhere", "checkpoint", "pycache", "completion_summary"):
        assert never not in produced
    assert str(output.parent) not in summary.text  # no machine paths in what is shared


def test_the_summary_is_saved_and_a_rerun_does_not_list_itself(output):
    first = sl.completion_summary("Ada", folder=output)
    assert first.path == output / "completion_summary.md"
    assert first.path.read_text(encoding="utf-8") == first.text
    second = sl.completion_summary("Ada", folder=output)
    assert second.path == first.path and "completion_summary" not in second.text
    assert second.path.read_text(encoding="utf-8") == second.text
    assert sorted(p.name for p in output.iterdir() if p.is_file()) == [
        "checkout-slo.md", "completion_summary.md"]
    assert first._repr_markdown_().startswith(first.text.rstrip())
    assert "Saved as `completion_summary.md` in `output/`" in first._repr_markdown_()
    assert repr(first).endswith(f"Saved to {first.path}")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "changed"


def test_save_false_writes_nothing_and_an_empty_folder_says_so(tmp_path):
    missing = tmp_path / "notebooks" / "output"
    summary = sl.completion_summary(folder=missing, save=False)
    assert summary.path is None and not missing.exists()
    assert "No files yet in the output folder `output/`." in summary.text
    assert "**Learner:**" not in summary.text
    # nothing answered: every notebook is left, the first five are named
    assert "5 notebooks not complete yet" in summary.text
    assert "1. `00_start_here`: not started" in summary.text


def test_default_folder_is_the_course_output_folder(tmp_path, monkeypatch):
    notebooks = tmp_path / "course" / "notebooks" / "02_slos"
    notebooks.mkdir(parents=True)
    monkeypatch.chdir(notebooks)  # a notebook's working directory
    summary = sl.completion_summary()
    assert summary.path == tmp_path / "course" / "notebooks" / "output" / "completion_summary.md"
    assert summary.path.is_file()


def test_progress_kept_in_memory_is_said(monkeypatch, tmp_path):
    monkeypatch.setenv("SRE_LAB_PROGRESS", "off")
    sl.check("start.spent", True)
    summary = sl.completion_summary(folder=tmp_path, save=False)
    assert "*Progress was kept in memory for this session only" in summary.text
    assert "| 0 Start here | 0 of 1 | 1 | 1 of 1 | 0 of 1 | 50 % |" in summary.text


def test_everything_done_says_so(tmp_path):
    answer_mini_course()
    for item, answer in (("slo1a.stage", "reactive"), ("inc1a.approach", "6"),
                         ("scratch.thirds", 200 / 3)):
        assert sl.check(item, answer).correct
    assert sl.quiz("slo1a.why_ratio", "a").correct
    summary = sl.completion_summary(folder=tmp_path, save=False)
    assert "5 of 5 notebooks complete" in summary.text
    assert "Nothing: every exercise and quiz of the course is answered correctly." in summary.text


def test_names_are_checked_and_made_safe(tmp_path):
    for bad in ("Ada\nLovelace", "Ada\r", "x\u2028y"):
        with pytest.raises(ValueError, match=r"^name must be one line of at most 80 characters;"
                           r" got .*Give your name without line breaks\."):
            sl.completion_summary(bad, folder=tmp_path, save=False)
    with pytest.raises(ValueError, match=r"It has 81 characters; shorten it\."):
        sl.completion_summary("a" * 81, folder=tmp_path, save=False)
    for wrong_kind in (42, b"Ada", ["Ada"]):
        with pytest.raises(TypeError, match=r"^name must be a string"):
            sl.completion_summary(wrong_kind, folder=tmp_path, save=False)
    assert f"**Learner:** {'a' * 80}  " in sl.completion_summary(
        "a" * 80, folder=tmp_path, save=False).text
    assert "**Learner:**" not in sl.completion_summary("   ", folder=tmp_path, save=False).text
    text = sl.completion_summary("  <b>Ada</b> | *x*  ", folder=tmp_path, save=False).text
    assert r"**Learner:** &lt;b&gt;Ada&lt;/b&gt; \| \*x\*  " in text.splitlines()
    with pytest.raises(TypeError, match=r"^save must be True or False"):
        sl.completion_summary(folder=tmp_path, save="yes")
    with pytest.raises(TypeError, match=r"^folder must be a folder path"):
        sl.completion_summary(folder=3)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ValueError, match=r"^folder must be a folder .*That is a file\."):
        sl.completion_summary(folder=tmp_path / "a-file")


def test_sizes_read_in_powers_of_a_thousand():
    assert [_completion._size(n) for n in (0, 999, 1000, 2500, 3_400_000, 5 * 10**12)] == [
        "0 B", "999 B", "1.0 kB", "2.5 kB", "3.4 MB", "5000.0 GB"]


def test_exported_and_import_stays_light():
    assert sl.completion_summary is _completion.completion_summary
    assert sl.CompletionSummary is _completion.CompletionSummary
    assert {"completion_summary", "CompletionSummary"} <= set(sl.exercises.__all__)
    code = ("import sys, sre_lab as sl; sl.completion_summary; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120, cwd=Path(__file__).parent)
    assert out.stdout.strip() == "[]"
