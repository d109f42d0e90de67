"""Progress storage (sre_lab.exercises._progress): where, how safely, what it reports.

Issue 14 items 1 and 9: only ever a regular file (``/dev/null`` stays a device),
concurrent kernels lose no attempt, backups never overwrite backups, a BOM is
fine.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import multiprocessing
import os
import socket
import stat
import sys
import threading
import warnings
from pathlib import Path

import numpy as np
import pytest
from exercise_support import (APPROACH, DEMO_EXERCISES, DEMO_QUIZZES, DOWNTIME, SPENT, STAGE,
                              THIRDS, WEEKLY, WHAT_IS_SLO, WHY_RATIO, hammer, install,
                              isolate_progress)

import sre_lab as sl
from sre_lab.exercises import ProgressWarning, _progress

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file types")


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Every test stores progress in its own temporary file, never in $HOME."""
    path = tmp_path / "progress.json"
    isolate_progress(monkeypatch, path)
    install(monkeypatch, DEMO_EXERCISES, DEMO_QUIZZES)
    return path


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def demo_row(report, notebook="demo/notebook"):
    return next(r for r in report.rows if r.notebook == notebook)


def siblings(path: Path) -> list[str]:
    """Files beside ``path`` other than the lock file filelock may leave."""
    return sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock"))


# ------------------------------------------------------------------ what is stored


def test_round_trip_of_exercises_and_quizzes(progress_file):
    assert not progress_file.exists()
    sl.check(DOWNTIME.id, ...)
    assert not progress_file.exists(), "placeholders are not attempts"
    sl.check(DOWNTIME.id, 10)
    sl.check(DOWNTIME.id, 43.2)
    sl.check(DOWNTIME.id, 10)  # a later slip does not undo "correct"
    sl.check(STAGE.id, "ad hoc")
    sl.quiz(WHAT_IS_SLO.id, "a")
    sl.quiz(WHAT_IS_SLO.id, "b")
    sl.quiz(WHY_RATIO.id, "z")  # names no option: not an attempt
    data = stored(progress_file)
    assert data["format"] == "sre-lab-progress" and data["version"] == 1
    entry = data["exercises"][DOWNTIME.id]
    assert entry["status"] == "correct" and entry["attempts"] == 3
    assert entry["first_attempt"] <= entry["correct_at"] <= entry["last_attempt"]
    assert data["exercises"][STAGE.id]["status"] == "incorrect"
    assert data["quizzes"] == {WHAT_IS_SLO.id: {**data["quizzes"][WHAT_IS_SLO.id],
                                                "attempts": 2, "status": "correct"}}
    assert siblings(progress_file) == ["progress.json"]  # no temporary file left


def test_report_counts_exercises_and_quizzes_per_notebook(progress_file):
    sl.check(DOWNTIME.id, 43.2)
    sl.check(STAGE.id, "ad hoc")
    sl.quiz(WHAT_IS_SLO.id, "a")
    sl.quiz(WHY_RATIO.id, "a")
    report = sl.progress()
    # demo/notebook: 8 demo exercises, 1 quiz; demo/other: 1 exercise, 1 quiz
    row = demo_row(report)
    assert (row.attempted, row.correct, row.total) == (2, 1, 8)
    assert (row.quizzes_answered, row.quizzes_correct, row.quizzes_total) == (1, 0, 1)
    other = demo_row(report, "demo/other")
    assert (other.attempted, other.total, other.quizzes_answered, other.quizzes_correct) == (
        0, 1, 1, 1)
    assert report.path == str(progress_file)
    assert report.correct == 1 and report.quizzes_correct == 1
    lines = repr(report).splitlines()
    assert lines[0] == (f"SRE Lab progress: 1 of {report.total} exercises and 1 of "
                        f"{report.quizzes_total} quizzes correct (saved in {progress_file})")
    # the section summary comes first (tested below); the notebook table follows a blank line
    header = lines.index("") + 2
    assert lines[header].split() == ["notebook", "attempted", "correct", "total", "answered",
                                     "correct", "total"]
    assert [line.split() for line in lines if line.startswith("demo/notebook")] == [
        ["demo/notebook", "2", "1", "8", "1", "0", "1"]]
    assert "| demo/notebook | 2 | 1 | 8 | 1 | 0 | 1 |" in report._repr_markdown_()
    assert "<table>" in report._repr_html_() and "quizzes" in report._repr_html_()
    frame = report.to_frame()
    assert frame.loc["demo/other", "quizzes_correct"] == 1
    assert list(frame.columns) == ["attempted", "correct", "total", "quizzes_answered",
                                   "quizzes_correct", "quizzes_total"]


def test_progress_survives_a_new_session(progress_file, monkeypatch):
    sl.check(SPENT.id, True)
    monkeypatch.setattr(_progress, "_PENDING", {})  # as in a fresh kernel
    assert demo_row(sl.progress()).correct == 1


def test_reset_progress(progress_file):
    sl.check(SPENT.id, True)
    sl.quiz(WHAT_IS_SLO.id, "b")
    sl.quiz(WHY_RATIO.id, "a")
    report = sl.reset_progress("demo/notebook")
    assert demo_row(report).correct == 0 and demo_row(report).quizzes_answered == 0
    assert demo_row(report, "demo/other").quizzes_correct == 1  # the other notebook is kept
    assert sl.reset_progress().quizzes_answered == 0
    assert stored(progress_file)["exercises"] == stored(progress_file)["quizzes"] == {}
    with pytest.raises(ValueError, match="notebook must be a notebook with exercises"):
        sl.reset_progress("nope")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout")
def test_default_location_is_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SRE_LAB_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert _progress._progress_path() == tmp_path / ".local" / "share" / "sre-lab" / "progress.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert _progress._progress_path() == tmp_path / "data" / "sre-lab" / "progress.json"
    sl.check(SPENT.id, True)
    assert stored(tmp_path / "data" / "sre-lab" / "progress.json")["exercises"][SPENT.id]


def test_tilde_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SRE_LAB_PROGRESS", "~/course/progress.json")
    sl.check(SPENT.id, True)
    assert (tmp_path / "course" / "progress.json").is_file()


@pytest.mark.parametrize("word", ["off", "OFF", " none ", "false", "0"])
def test_off_keeps_progress_in_memory(tmp_path, monkeypatch, word):
    monkeypatch.setenv("SRE_LAB_PROGRESS", word)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sl.check(SPENT.id, True)
        sl.quiz(WHAT_IS_SLO.id, "b")
        report = sl.progress()
    assert report.path is None and demo_row(report).correct == 1
    assert demo_row(report).quizzes_correct == 1
    assert "kept in memory for this session only" in repr(report)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ reading


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8 with BOM"])
def test_utf8_with_or_without_bom_reads(progress_file, prefix):
    content = {"format": "sre-lab-progress", "version": 1,
               "exercises": {SPENT.id: {"attempts": 2, "status": "correct"}},
               "quizzes": {WHAT_IS_SLO.id: {"attempts": 1, "status": "incorrect"}}}
    progress_file.write_bytes(prefix + json.dumps(content, ensure_ascii=False).encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not "unreadable"
        row = demo_row(sl.progress())
        assert (row.correct, row.quizzes_answered) == (1, 1)
        sl.check(SPENT.id, False)
    assert stored(progress_file)["exercises"][SPENT.id]["attempts"] == 3
    assert siblings(progress_file) == ["progress.json"]  # no backup of a good file


def test_malformed_entries_are_dropped_not_the_file(progress_file):
    content = {"format": "sre-lab-progress", "version": 1, "exercises": {
        SPENT.id: {"attempts": "many", "status": "correct"},   # attempts repaired to 1
        STAGE.id: {"status": "maybe"},                          # dropped
        "x": [1, 2]}}
    progress_file.write_text(json.dumps(content), encoding="utf-8")
    sl.check(SPENT.id, False)
    data = stored(progress_file)["exercises"]
    assert data[SPENT.id]["attempts"] == 2 and data[SPENT.id]["status"] == "correct"
    assert set(data) == {SPENT.id}


def test_corrupt_file_is_kept_and_backups_never_overwritten(progress_file):
    progress_file.write_text("{not json", encoding="utf-8")
    with pytest.warns(ProgressWarning, match=r"was unreadable .*kept as progress\.json\.corrupt "
                      r"and a new one was started"):
        assert sl.check(SPENT.id, True).correct
    first = progress_file.with_name("progress.json.corrupt")
    assert first.read_text(encoding="utf-8") == "{not json"
    assert stored(progress_file)["exercises"][SPENT.id]["attempts"] == 1
    # a second corruption (valid JSON, wrong shape) gets the next name
    progress_file.write_text("[1, 2]", encoding="utf-8")
    with pytest.warns(ProgressWarning, match=r"kept as progress\.json\.corrupt\.1"):
        assert sl.check(SPENT.id, True).correct
    assert first.read_text(encoding="utf-8") == "{not json"
    assert progress_file.with_name("progress.json.corrupt.1").read_text() == "[1, 2]"
    progress_file.write_bytes(b"\xff\xfe garbage")
    with pytest.warns(ProgressWarning, match=r"kept as progress\.json\.corrupt\.2"):
        sl.progress()  # reading finds it too
    assert siblings(progress_file) == ["progress.json", "progress.json.corrupt",
                                       "progress.json.corrupt.1", "progress.json.corrupt.2"]
    assert first.read_text(encoding="utf-8") == "{not json"


def test_a_backup_name_taken_by_something_else_is_skipped(progress_file):
    progress_file.with_name("progress.json.corrupt").mkdir()   # not even a file
    progress_file.write_text("{not json", encoding="utf-8")
    with pytest.warns(ProgressWarning, match=r"kept as progress\.json\.corrupt\.1"):
        sl.check(SPENT.id, True)
    assert progress_file.with_name("progress.json.corrupt").is_dir()


# ------------------------------------------------------------------ only a regular file


def assert_memory_only(report):
    assert report.path is None
    assert demo_row(report).correct == 1


@POSIX
def test_dev_null_is_never_touched(monkeypatch):
    before = os.stat("/dev/null")
    monkeypatch.setenv("SRE_LAB_PROGRESS", "/dev/null")
    with pytest.warns(ProgressWarning) as caught:
        assert sl.check(SPENT.id, True).correct
        assert sl.check(STAGE.id, "ad hoc").status == "incorrect"
        report = sl.progress()
    texts = [str(w.message) for w in caught if issubclass(w.category, ProgressWarning)]
    assert texts == ["SRE Lab will not keep your progress in /dev/null: it is a character "
                     "device, not a regular file. Your answers are still checked and progress "
                     "is kept in memory for this session. Set SRE_LAB_PROGRESS to a file "
                     "path, or to 'off'."]
    assert_memory_only(report)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    assert not any(os.path.lexists(f"/dev/null{suffix}")
                   for suffix in (".corrupt", ".lock", ".corrupt.1"))
    assert not [n for n in os.listdir("/dev") if n.startswith("null.")]
    with open("/dev/null", "w") as sink:   # still works as /dev/null
        sink.write("x")
    assert Path("/dev/null").read_bytes() == b""


@POSIX
def test_symlink_to_dev_null_is_refused_and_left_alone(tmp_path, monkeypatch):
    link = tmp_path / "progress.json"
    link.symlink_to("/dev/null")
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(link))
    with pytest.warns(ProgressWarning, match="it is a character device"):
        sl.check(SPENT.id, True)
    assert_memory_only(sl.progress())
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


@POSIX
def test_fifo_is_refused_without_blocking(tmp_path, monkeypatch):
    fifo = tmp_path / "progress.json"
    os.mkfifo(fifo)
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(fifo))
    with pytest.warns(ProgressWarning, match=r"it is a FIFO \(named pipe\), not a regular file"):
        sl.check(SPENT.id, True)
    assert_memory_only(sl.progress())
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


def test_directory_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "folder"
    folder.mkdir()
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(folder))
    with pytest.warns(ProgressWarning, match="it is a directory, not a regular file"):
        sl.check(SPENT.id, True)
    assert_memory_only(sl.progress())
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


@POSIX
def test_socket_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        monkeypatch.setenv("SRE_LAB_PROGRESS", str(path))
        with pytest.warns(ProgressWarning, match="it is a socket"):
            sl.check(SPENT.id, True)
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


@POSIX
def test_refusal_is_reported_once(monkeypatch):
    monkeypatch.setenv("SRE_LAB_PROGRESS", "/dev/null")
    with pytest.warns(ProgressWarning):
        sl.check(SPENT.id, True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sl.check(SPENT.id, True)
        sl.quiz(WHAT_IS_SLO.id, "b")
        sl.progress()


@POSIX
def test_symlink_to_a_regular_file_writes_the_target(tmp_path, monkeypatch):
    target = tmp_path / "real" / "progress.json"
    target.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(target)
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(link))
    sl.check(SPENT.id, True)
    sl.check(SPENT.id, True)
    assert link.is_symlink()
    assert stored(target)["exercises"][SPENT.id]["attempts"] == 2


@POSIX
def test_lock_file_that_is_not_a_file_is_refused(progress_file):
    progress_file.with_name("progress.json.lock").symlink_to("/dev/null")
    with pytest.warns(ProgressWarning, match="its lock file progress.json.lock is a symbolic "
                      "link"):
        assert sl.check(SPENT.id, True).correct
    assert not progress_file.exists()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# ------------------------------------------------------------------ failures keep answers


def test_unwritable_location_still_checks_and_remembers(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setenv("SRE_LAB_PROGRESS", str(blocker / "progress.json"))
    with pytest.warns(ProgressWarning, match="could not save your progress"):
        assert sl.check(SPENT.id, True).correct
    assert demo_row(sl.progress()).correct == 1   # kept in memory
    assert blocker.read_text() == "x"


def test_failed_replace_keeps_the_old_file_and_the_answer(progress_file, monkeypatch):
    sl.check(DOWNTIME.id, 43.2)
    before = progress_file.read_bytes()
    real_replace = os.replace

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_progress.os, "replace", broken_replace)
    with pytest.warns(ProgressWarning, match="No space left on device"):
        assert sl.check(SPENT.id, True).correct
    assert progress_file.read_bytes() == before
    assert siblings(progress_file) == ["progress.json"]
    assert demo_row(sl.progress()).correct == 2       # the answer waits in memory
    monkeypatch.setattr(_progress.os, "replace", real_replace)
    sl.check(STAGE.id, "reactive")                     # the next write saves all of it
    data = stored(progress_file)["exercises"]
    assert {k: v["attempts"] for k, v in data.items()} == {
        DOWNTIME.id: 1, SPENT.id: 1, STAGE.id: 1}


def test_unreadable_file_is_not_overwritten(progress_file, monkeypatch):
    sl.check(SPENT.id, True)
    before = progress_file.read_bytes()

    def unreadable(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_progress, "_read", unreadable)
    with pytest.warns(ProgressWarning):
        assert sl.check(STAGE.id, "reactive").correct
    assert progress_file.read_bytes() == before


# ------------------------------------------------------------------ concurrency


def test_two_processes_lose_no_attempt(progress_file):
    """Two kernels hammering check() and quiz() at once (issue 14 item 9: lost 15-18 %)."""
    rounds = 40
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=hammer, args=(str(progress_file), worker, rounds))
               for worker in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=240)
    assert [w.exitcode for w in workers] == [0, 0]
    data = stored(progress_file)
    for kind, item_id in (("exercises", SPENT.id), ("exercises", STAGE.id),
                          ("quizzes", WHAT_IS_SLO.id)):
        entry = data[kind][item_id]
        assert entry["attempts"] == 2 * rounds, (item_id, entry)
        assert entry["status"] == "correct", (item_id, entry)   # the one right answer stays


def test_threads_lose_no_attempt(progress_file):
    def work():
        for _ in range(25):
            sl.check(SPENT.id, False)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert stored(progress_file)["exercises"][SPENT.id]["attempts"] == 100


def test_merge_adds_attempts_and_keeps_correct():
    a = {"attempts": 2, "status": "correct", "first_attempt": "2026-01-02T00:00:00+00:00",
         "last_attempt": "2026-01-03T00:00:00+00:00", "correct_at": "2026-01-02T00:00:00+00:00"}
    b = {"attempts": 3, "status": "incorrect", "first_attempt": "2026-01-01T00:00:00+00:00",
         "last_attempt": "2026-01-04T00:00:00+00:00"}
    assert _progress._merge_entry(a, b) == {
        "attempts": 5, "status": "correct", "first_attempt": "2026-01-01T00:00:00+00:00",
        "last_attempt": "2026-01-04T00:00:00+00:00", "correct_at": "2026-01-02T00:00:00+00:00"}
    assert _progress._merge_entry(None, b) == b


# ------------------------------------------------------------------ per course section
#
# A small course, counted by hand: notebooks in sections 0, 2 (two notebooks) and 3, one
# outside the numbered sections, none in 1 or 7 (section 7's registries are being written).

MINI_START = dataclasses.replace(SPENT, id="start.spent", notebook="00_start_here")
MINI_DOWNTIME = dataclasses.replace(DOWNTIME, id="slo1a.downtime", notebook="02_slos/1a_demo")
MINI_STAGE = dataclasses.replace(STAGE, id="slo1a.stage", notebook="02_slos/1a_demo")
MINI_WEEKLY = dataclasses.replace(WEEKLY, id="slo2a.weekly", notebook="02_slos/2a_demo")
MINI_APPROACH = dataclasses.replace(APPROACH, id="inc1a.approach",
                                    notebook="03_incidents/1a_demo")
MINI_OTHER = dataclasses.replace(THIRDS, id="scratch.thirds", notebook="scratch/notebook")
MINI_QUIZ_START = dataclasses.replace(WHAT_IS_SLO, id="start.what_is_slo",
                                      notebook="00_start_here")
MINI_QUIZ_SLO = dataclasses.replace(WHY_RATIO, id="slo1a.why_ratio", notebook="02_slos/1a_demo")


def mini_course(monkeypatch):
    """Replace the course's registries by the small course above (for one test)."""
    from sre_lab.exercises import _registry

    monkeypatch.setattr(_registry, "all_exercises", lambda: [
        MINI_START, MINI_DOWNTIME, MINI_STAGE, MINI_WEEKLY, MINI_APPROACH, MINI_OTHER])
    monkeypatch.setattr(_registry, "all_quizzes", lambda: [MINI_QUIZ_START, MINI_QUIZ_SLO])


def answer_mini_course():
    """00 complete; 02_slos/1a started (1 of 2 right, quiz open); 02_slos/2a complete."""
    assert sl.check("start.spent", True).correct                     # 50 min > 43.2 min
    assert sl.quiz("start.what_is_slo", "b").correct                  # the SLO is option b
    assert sl.check("slo1a.downtime", 43.2).correct                   # 0.001 x 43,200 min
    assert not sl.check("slo1a.stage", "ad hoc").correct              # reference: reactive
    assert sl.check("slo2a.weekly", datetime.timedelta(seconds=60.48)).correct  # 0.0001 x 7 d
    assert not sl.check("inc1a.approach", ...).correct                # a placeholder: no try


def test_by_section_counts_a_small_course_by_hand(monkeypatch):
    mini_course(monkeypatch)
    answer_mini_course()
    report = sl.progress()
    frame = report.by_section()
    assert frame.index.name == "section"
    assert list(frame.columns) == ["name", "notebooks", "notebooks_started",
                                   "notebooks_complete", "exercises_correct", "exercises_total",
                                   "quizzes_correct", "quizzes_total", "share_done"]
    assert list(frame.index) == [0, 1, 2, 3, 4, 5, 6, 7, "other"]
    assert list(frame["name"])[:3] == ["Start here", "Introduction", "SLOs and error budgets"]
    assert frame.loc[7, "name"] == "Capstone"
    counts = ["notebooks", "notebooks_started", "notebooks_complete", "exercises_correct",
              "exercises_total", "quizzes_correct", "quizzes_total"]
    assert list(frame.loc[0, counts]) == [1, 1, 1, 1, 1, 1, 1]
    # section 2: two notebooks, both started, 2a complete; 2 of 3 exercises; quiz unanswered
    assert list(frame.loc[2, counts]) == [2, 2, 1, 2, 3, 0, 1]
    assert list(frame.loc[3, counts]) == [1, 0, 0, 0, 1, 0, 0]       # the placeholder is no try
    assert list(frame.loc["other", counts]) == [1, 0, 0, 0, 1, 0, 0]
    for empty in (1, 4, 5, 6, 7):                                      # nothing registered yet
        assert list(frame.loc[empty, counts]) == [0] * 7
        assert np.isnan(frame.loc[empty, "share_done"])
    assert frame.loc[0, "share_done"] == 1.0
    assert frame.loc[2, "share_done"] == 0.5                          # (2 + 0) / (3 + 1)
    assert frame.loc[3, "share_done"] == 0.0
    assert report.share_done == 4 / 8                                  # 3 + 1 right of 6 + 2
    assert frame[counts].sum().tolist() == [5, 3, 2, 3, 6, 1, 2]


def test_report_shows_the_sections_first(monkeypatch, progress_file):
    mini_course(monkeypatch)
    answer_mini_course()
    report = sl.progress()
    lines = repr(report).splitlines()
    assert lines[0] == ("SRE Lab progress: 3 of 6 exercises and 1 of 2 quizzes correct "
                        f"(saved in {progress_file})")
    assert lines[1].split() == ["section", "notebooks", "started", "complete", "exercises",
                                "quizzes", "done"]
    assert [line.split() for line in lines[2:11]] == [
        ["0", "Start", "here", "1", "1", "1", "1/1", "1/1", "100", "%"],
        ["1", "Introduction", "0", "0", "0", "0/0", "0/0", "-"],
        ["2", "SLOs", "and", "error", "budgets", "2", "2", "1", "2/3", "0/1", "50", "%"],
        ["3", "Incident", "management", "1", "0", "0", "0/1", "0/0", "0", "%"],
        ["4", "Observability", "cost", "0", "0", "0", "0/0", "0/0", "-"],
        ["5", "Reliability", "culture", "0", "0", "0", "0/0", "0/0", "-"],
        ["6", "Observability-driven", "development", "0", "0", "0", "0/0", "0/0", "-"],
        ["7", "Capstone", "0", "0", "0", "0/0", "0/0", "-"],
        ["notebooks", "outside", "the", "sections", "1", "0", "0", "0/1", "0/0", "0", "%"]]
    assert lines[11] == ""  # then the notebook table, as before
    assert lines[13].split()[0] == "notebook"
    assert lines[14].split() == ["00_start_here", "1", "1", "1", "1", "1", "1"]
    markdown = report._repr_markdown_()
    assert markdown.index("| section |") < markdown.index("| notebook |")
    assert "| 2 SLOs and error budgets | 2 | 2 | 1 | 2 of 3 | 0 of 1 | 50 % |" in markdown
    assert "| 7 Capstone | 0 | 0 | 0 | 0 of 0 | 0 of 0 | - |" in markdown
    page = report._repr_html_()
    assert page.index("<th>section</th>") < page.index("<th>notebook</th>")
    assert "<td>2 SLOs and error budgets</td>" in page


def test_share_done_never_rounds_up_to_done(monkeypatch):
    mini_course(monkeypatch)
    sl.check("start.spent", True)  # 1 of the section's 2 items; 2 of 3 would read 66 %, not 67
    assert sl.progress().sections[0].share_done == 0.5
    assert _progress._percent(2 / 3) == "66 %" and _progress._percent(0.999) == "99 %"
    assert _progress._percent(1.0) == "100 %" and _progress._percent(float("nan")) == "-"


def test_sections_of_the_real_course_add_up_to_the_whole(progress_file):
    # the section of a notebook is the two digits its registered path starts with
    report = sl.progress()
    frame = report.by_section()
    assert list(frame.index) == [0, 1, 2, 3, 4, 5, 6, 7, "other"]
    assert frame.loc["other", "notebooks"] == 2  # demo/notebook and demo/other (the fixture's)
    items = [*_registry_items()]
    for section, folder in ((2, "02_slos/"), (3, "03_incidents/"), (7, "07_capstone/")):
        exercises = [i for kind, i in items if kind == "exercise" and i.notebook.startswith(folder)]
        quizzes = [i for kind, i in items if kind == "quiz" and i.notebook.startswith(folder)]
        assert frame.loc[section, "exercises_total"] == len(exercises)
        assert frame.loc[section, "quizzes_total"] == len(quizzes)
        assert frame.loc[section, "notebooks"] == len({i.notebook for _, i in items
                                                       if i.notebook.startswith(folder)})
    assert frame.loc[0, "notebooks"] == 1                       # 00_start_here
    assert frame.loc[1, "notebooks"] >= 1                       # 01a_..., 01b_...
    assert frame["exercises_total"].sum() == report.total
    assert frame["quizzes_total"].sum() == report.quizzes_total


def _registry_items():
    from sre_lab.exercises import _registry

    for module in _registry._modules():
        for item in module.EXERCISES:
            yield "exercise", item
        for item in getattr(module, "QUIZZES", []):
            yield "quiz", item
