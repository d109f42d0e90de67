"""Progress storage: which exercises and quizzes a learner has answered.

Where progress is kept
----------------------
=============================  ==================================================
``SRE_LAB_PROGRESS`` unset     ``progress.json`` in the user data folder
                               (:func:`platformdirs.user_data_path` of
                               ``"sre-lab"``: ``~/.local/share/sre-lab`` on
                               Linux, ``~/Library/Application Support/sre-lab``
                               on macOS, ``%LOCALAPPDATA%\\sre-lab`` on Windows)
``SRE_LAB_PROGRESS=<file>``    that file (``~`` is expanded)
``SRE_LAB_PROGRESS=off``       in memory, for this session only (also ``none``,
                               ``false``, ``0``)
=============================  ==================================================

What the store promises
-----------------------
* **Only ever a regular file.** Symbolic links are followed to their target. A
  device (``/dev/null``), a FIFO, a socket or a directory is refused with one
  :class:`ProgressWarning`; progress is then kept in memory and nothing is
  opened for writing, renamed or created there.
* **Concurrent kernels lose nothing.** Every write is read, merge, write under
  a lock (the ``filelock`` package, ``<file>.lock`` beside the file); the new
  content goes to a temporary file that replaces the old one atomically, so the
  file is never half-written. Entries merge by id: attempt counts add up,
  ``correct`` is sticky, the first attempt stays the first.
* **Nothing is thrown away.** An unreadable file is moved aside to
  ``progress.json.corrupt``, then ``.corrupt.1``, ``.corrupt.2``..., never
  over an earlier backup. When the file cannot be written, answers stay in
  memory and are merged in at the next successful write.
* UTF-8 with or without a byte-order mark reads fine.

The file (``"version": 1``) holds ``{"format": "sre-lab-progress", "version": 1,
"exercises": {id: entry}, "quizzes": {id: entry}}``; an entry is
``{"attempts": int, "status": "correct" | "incorrect", "first_attempt": iso,
"last_attempt": iso, "correct_at": iso}`` (times in UTC).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import html
import json
import math
import os
import re
import stat
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._engine import _box, _notebook

__all__ = ["ProgressWarning", "progress", "reset_progress"]

_FORMAT = "sre-lab-progress"
_KINDS = ("exercises", "quizzes")
_OFF = ("off", "none", "false", "0")
_LOCK_TIMEOUT_S = 15.0       # a write holds the lock for milliseconds
_MAX_BYTES = 32 * 2**20      # a progress file is a few kB; anything this big is not ours
_MAX_BACKUPS = 1000


class ProgressWarning(UserWarning):
    """The progress file could not be read or written (checking still works)."""


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class NotebookProgress:
    """Progress in one notebook.

    Attributes
    ----------
    notebook : str
    attempted, correct, total : int
        Exercises answered at least once, answered correctly, registered.
    quizzes_answered, quizzes_correct, quizzes_total : int
        The same for the notebook's quizzes.
    """

    notebook: str
    attempted: int
    correct: int
    total: int
    quizzes_answered: int = 0
    quizzes_correct: int = 0
    quizzes_total: int = 0

    @property
    def section(self) -> int | None:
        """The course section, from the folder prefix (``02_slos/...`` is 2); None without one."""
        return section_of(self.notebook)

    @property
    def started(self) -> bool:
        """True once any exercise or quiz of the notebook has been answered."""
        return self.attempted + self.quizzes_answered > 0

    @property
    def complete(self) -> bool:
        """True when every exercise and quiz of the notebook is answered correctly."""
        return (self.total + self.quizzes_total > 0 and self.correct == self.total
                and self.quizzes_correct == self.quizzes_total)


def section_of(notebook: str) -> int | None:
    """The section a notebook belongs to, read from its path's two-digit prefix.

    The registries name notebooks by their path under ``notebooks/`` (the folder
    of sections 2 onwards, the file name of sections 0 and 1), so no notebook
    file is opened.

    Examples
    --------
    >>> section_of("02_slos/2b_burn_rate"), section_of("01b_push_or_hold")
    (2, 1)
    >>> section_of("demo/notebook") is None
    True
    """
    match = _SECTION_PREFIX.match(notebook)
    return int(match.group(1)) if match else None


_SECTION_PREFIX = re.compile(r"(\d\d)(?![0-9])")
_OTHER = "other"  # the section row of notebooks whose path has no section number


@dataclass(frozen=True)
class SectionProgress:
    """Progress in one course section (one row of :meth:`ProgressReport.by_section`).

    Attributes
    ----------
    section : int or str
        The section number (``"other"`` for notebooks outside the numbered sections).
    name : str
        The section's name (``sre_lab._course.SECTION_NAMES``).
    notebooks, notebooks_started, notebooks_complete : int
        Notebooks with exercises or quizzes; with at least one answered; with
        every exercise and quiz correct.
    exercises_correct, exercises_total, quizzes_correct, quizzes_total : int
    """

    section: int | str
    name: str
    notebooks: int
    notebooks_started: int
    notebooks_complete: int
    exercises_correct: int
    exercises_total: int
    quizzes_correct: int
    quizzes_total: int

    @property
    def share_done(self) -> float:
        """Exercises and quizzes correct as a fraction of all of them (NaN when there are none)."""
        items = self.exercises_total + self.quizzes_total
        return (self.exercises_correct + self.quizzes_correct) / items if items else math.nan

    @property
    def label(self) -> str:
        """``"2 SLOs and error budgets"``: number and name, as the report shows them."""
        return self.name if self.section == _OTHER else f"{self.section} {self.name}"


_COLUMNS = ("attempted", "correct", "total", "quizzes_answered", "quizzes_correct",
            "quizzes_total")
_SECTION_COLUMNS = ("name", "notebooks", "notebooks_started", "notebooks_complete",
                    "exercises_correct", "exercises_total", "quizzes_correct", "quizzes_total",
                    "share_done")


def _sections(rows) -> tuple[SectionProgress, ...]:
    """Rows grouped by section: every named section (empty ones with 0 totals), in order."""
    from .._course import SECTION_NAMES

    groups: dict[int | str, list[NotebookProgress]] = {n: [] for n in sorted(SECTION_NAMES)}
    for row in rows:
        section = row.section
        groups.setdefault(_OTHER if section is None else section, []).append(row)
    numbered = sorted(k for k in groups if k != _OTHER)
    order = [*numbered, *([_OTHER] if _OTHER in groups else [])]
    result = []
    for key in order:
        members = groups[key]
        name = ("notebooks outside the sections" if key == _OTHER
                else SECTION_NAMES.get(key, f"Section {key}"))
        result.append(SectionProgress(
            key, name, len(members), sum(r.started for r in members),
            sum(r.complete for r in members), sum(r.correct for r in members),
            sum(r.total for r in members), sum(r.quizzes_correct for r in members),
            sum(r.quizzes_total for r in members)))
    return tuple(result)


def _percent(share: float) -> str:
    """``"48 %"``, or ``"-"`` when there is nothing to do (NaN)."""
    return "-" if math.isnan(share) else f"{math.floor(share * 100)} %"


@dataclass(frozen=True)
class ProgressReport:
    """What :func:`progress` returns: one row per notebook, plus where it is stored.

    Shows a compact summary per course section first (:meth:`by_section`), then
    the notebook table.

    Attributes
    ----------
    rows : tuple of NotebookProgress
        In course order.
    path : str or None
        The progress file (None when progress is kept in memory).
    """

    rows: tuple[NotebookProgress, ...]
    path: str | None

    def _sum(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.rows)

    @property
    def attempted(self) -> int:
        """Exercises answered at least once, over the whole course."""
        return self._sum("attempted")

    @property
    def correct(self) -> int:
        """Exercises answered correctly, over the whole course."""
        return self._sum("correct")

    @property
    def total(self) -> int:
        """Registered exercises."""
        return self._sum("total")

    @property
    def quizzes_answered(self) -> int:
        return self._sum("quizzes_answered")

    @property
    def quizzes_correct(self) -> int:
        return self._sum("quizzes_correct")

    @property
    def quizzes_total(self) -> int:
        return self._sum("quizzes_total")

    @property
    def share_done(self) -> float:
        """Exercises and quizzes correct as a fraction of all registered (NaN if none)."""
        items = self.total + self.quizzes_total
        return (self.correct + self.quizzes_correct) / items if items else math.nan

    @property
    def sections(self) -> tuple[SectionProgress, ...]:
        """One :class:`SectionProgress` per course section, in course order.

        Every section of ``sre_lab._course.SECTION_NAMES`` is there, with 0
        totals while it has no registered exercise or quiz.
        """
        return _sections(self.rows)

    def by_section(self):
        """Return the progress per course section as a DataFrame indexed by section.

        Returns
        -------
        pandas.DataFrame
            Index ``section`` (0 Start here ... 7 Capstone); columns ``name``,
            ``notebooks``, ``notebooks_started``, ``notebooks_complete`` (every
            exercise and quiz correct), ``exercises_correct``,
            ``exercises_total``, ``quizzes_correct``, ``quizzes_total`` and
            ``share_done`` (exercises and quizzes correct as a fraction of all
            of them; NaN for a section with none registered yet).
        """
        import pandas as pd

        frame = pd.DataFrame(
            [{"section": s.section, **{c: getattr(s, c) for c in _SECTION_COLUMNS}}
             for s in self.sections], columns=["section", *_SECTION_COLUMNS])
        return frame.set_index("section")

    def _all(self) -> NotebookProgress:
        return NotebookProgress("all", *(self._sum(c) for c in _COLUMNS))

    def to_frame(self):
        """Return the rows as a pandas DataFrame indexed by notebook."""
        import pandas as pd

        return pd.DataFrame([dataclasses.asdict(r) for r in self.rows],
                            columns=["notebook", *_COLUMNS]).set_index("notebook")

    def _where(self) -> str:
        return (f"saved in {self.path}" if self.path
                else "kept in memory for this session only")

    def _title(self) -> str:
        return (f"SRE Lab progress: {self.correct} of {self.total} exercises and "
                f"{self.quizzes_correct} of {self.quizzes_total} quizzes correct")

    def _section_lines(self) -> list[str]:
        sections = self.sections
        width = max(len("section"), *(len(s.label) for s in sections))
        lines = [f"{'section':<{width}}  notebooks  started  complete  exercises   quizzes  "
                 "done"]
        for s in sections:
            lines.append(f"{s.label:<{width}}  {s.notebooks:>9}  {s.notebooks_started:>7}  "
                         f"{s.notebooks_complete:>8}  "
                         f"{f'{s.exercises_correct}/{s.exercises_total}':>9}  "
                         f"{f'{s.quizzes_correct}/{s.quizzes_total}':>8}  "
                         f"{_percent(s.share_done):>4}")
        return lines

    def __repr__(self) -> str:
        rows = (*self.rows, self._all())
        width = max(len("notebook"), *(len(r.notebook) for r in rows))
        lines = [f"{self._title()} ({self._where()})", *self._section_lines(), "",
                 f"{'':<{width}}  {'exercises':^25}  {'quizzes':^24}".rstrip(),
                 f"{'notebook':<{width}}  attempted  correct  total  answered  correct  total"]
        for r in rows:
            lines.append(f"{r.notebook:<{width}}  {r.attempted:>9}  {r.correct:>7}  "
                         f"{r.total:>5}  {r.quizzes_answered:>8}  {r.quizzes_correct:>7}  "
                         f"{r.quizzes_total:>5}")
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        lines = [f"**{self._title()}** <small>({self._where()})</small>", "",
                 "| section | notebooks | started | complete | exercises correct "
                 "| quizzes correct | done |",
                 "|---|---:|---:|---:|---:|---:|---:|"]
        for s in self.sections:
            lines.append(f"| {s.label} | {s.notebooks} | {s.notebooks_started} "
                         f"| {s.notebooks_complete} | {s.exercises_correct} of "
                         f"{s.exercises_total} | {s.quizzes_correct} of {s.quizzes_total} "
                         f"| {_percent(s.share_done)} |")
        lines += ["",
                  "| notebook | exercises attempted | correct | total "
                  "| quizzes answered | correct | total |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for r in self.rows:
            lines.append(f"| {r.notebook} | {r.attempted} | {r.correct} | {r.total} "
                         f"| {r.quizzes_answered} | {r.quizzes_correct} | {r.quizzes_total} |")
        a = self._all()
        lines.append(f"| **all** | **{a.attempted}** | **{a.correct}** | **{a.total}** "
                     f"| **{a.quizzes_answered}** | **{a.quizzes_correct}** "
                     f"| **{a.quizzes_total}** |")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cell = 'style="text-align: right; padding: 0 0.8em;"'

        def row(r: NotebookProgress, tag: str) -> str:
            values = "".join(f"<{tag} {cell}>{getattr(r, c)}</{tag}>" for c in _COLUMNS)
            return f"<tr><{tag}>{html.escape(r.notebook)}</{tag}>{values}</tr>"

        def section_row(s: SectionProgress) -> str:
            values = (s.notebooks, s.notebooks_started, s.notebooks_complete,
                      f"{s.exercises_correct} of {s.exercises_total}",
                      f"{s.quizzes_correct} of {s.quizzes_total}", _percent(s.share_done))
            cells = "".join(f"<td {cell}>{html.escape(str(v))}</td>" for v in values)
            return f"<tr><td>{html.escape(s.label)}</td>{cells}</tr>"

        sections = ("<table><thead><tr><th>section</th><th>notebooks</th><th>started</th>"
                    "<th>complete</th><th>exercises correct</th><th>quizzes correct</th>"
                    "<th>done</th></tr></thead><tbody>"
                    + "".join(section_row(s) for s in self.sections) + "</tbody></table>")
        body = "".join(row(r, "td") for r in self.rows) + row(self._all(), "th")
        head = ('<tr><th></th><th colspan="3">exercises</th><th colspan="3">quizzes</th></tr>'
                "<tr><th>notebook</th><th>attempted</th><th>correct</th><th>total</th>"
                "<th>answered</th><th>correct</th><th>total</th></tr>")
        table = f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"
        return _box("solution", self._where(),
                    f"<div><strong>{html.escape(self._title())}</strong></div>{sections}"
                    f"<div style=\"margin-top: 0.6em;\">By notebook:</div>{table}")


def progress() -> ProgressReport:
    """Show how much of the course you have done, section by section and notebook by notebook.

    First one line per course section (0 Start here ... 7 Capstone): notebooks
    started and complete (every exercise and quiz correct), exercises and
    quizzes correct of their totals, and the share done. Then for each
    notebook: exercises attempted / correct / total and quizzes answered /
    correct / total. An exercise counts as attempted after any
    checked answer other than ``...``, and as correct once it has been
    answered correctly (a later wrong try does not undo that); the same for
    quizzes.

    Returns
    -------
    ProgressReport
        One row per notebook, in course order; renders itself as tables.
        ``.by_section()`` and ``.to_frame()`` give DataFrames.

    Notes
    -----
    Where the progress is stored, and why two kernels answering at once lose
    nothing, is explained in :mod:`sre_lab.exercises._progress`.

    Examples
    --------
    >>> report = progress()
    >>> report.total >= 4 and report.correct <= report.attempted <= report.total
    True
    >>> sections = report.by_section()
    >>> sections.loc[2, "name"], int(sections.loc[2, "exercises_total"]) > 0
    ('SLOs and error budgets', True)
    """
    from ._registry import all_exercises, all_quizzes, notebooks

    with _THREAD_LOCK:
        path = _target()
        stored = _view(path)
    rows = []
    for notebook in notebooks():
        counts = []
        for kind, items in (("exercises", all_exercises()), ("quizzes", all_quizzes())):
            ids = [item.id for item in items if item.notebook == notebook]
            entries = [stored[kind][i] for i in ids if i in stored[kind]]
            counts += [len(entries), sum(e["status"] == "correct" for e in entries), len(ids)]
        rows.append(NotebookProgress(notebook, *counts))
    return ProgressReport(tuple(rows), None if path is None else str(path))


def reset_progress(notebook: str | None = None) -> ProgressReport:
    """Forget the stored progress of every exercise and quiz, or of one notebook's.

    Parameters
    ----------
    notebook : str, optional
        A notebook (``"00_start_here"``) or its key (``"start"``); all when None.

    Returns
    -------
    ProgressReport
        The progress after the reset.

    Raises
    ------
    ValueError, TypeError
        If ``notebook`` has no registered exercises or quizzes.
    """
    from ._registry import all_exercises, all_quizzes

    ids = None
    if notebook is not None:
        wanted = _notebook(notebook)
        ids = {item.id for item in [*all_exercises(), *all_quizzes()] if item.notebook == wanted}

    def forget(store: dict) -> dict:
        if ids is None:
            return _empty()
        return {kind: {k: v for k, v in store[kind].items() if k not in ids} for kind in _KINDS}

    with _THREAD_LOCK:
        path = _target()
        key = _key(path)
        _PENDING[key] = forget(_pending(path))
        if path is not None:
            _write_locked(path, forget, "reset")
    return progress()


def record(item_id: str, status: str, *, kind: str = "exercises") -> None:
    """Count an attempt (``kind`` ``"exercises"`` or ``"quizzes"``); never fails the learner.

    ``status`` other than ``"correct"`` / ``"incorrect"`` (a placeholder answer,
    an invalid quiz letter) is not an attempt and is not recorded.
    """
    if status not in ("correct", "incorrect") or kind not in _KINDS:
        return
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    attempt = {"attempts": 1, "status": status, "first_attempt": now, "last_attempt": now}
    if status == "correct":
        attempt["correct_at"] = now
    path = None
    try:
        with _THREAD_LOCK:
            path = _target()
            pending = _pending(path)
            pending[kind][item_id] = _merge_entry(pending[kind].get(item_id), attempt)
            if path is not None:
                _write_locked(path, lambda store: store, "write")
    except Exception as exc:  # pragma: no cover - belt and braces around the learner's check
        _warn_once(_key(path), "record", f"SRE Lab could not record your progress "
                   f"({type(exc).__name__}: {exc}); answers are still checked.")


# --------------------------------------------------------------------------- location


_THREAD_LOCK = threading.RLock()  # kernels may check from threads (widgets' callbacks)
_PENDING: dict[str, dict] = {}    # storage key -> answers not yet on disk (all of them in memory)
_REPORTED: set[tuple[str, str]] = set()


def _empty() -> dict:
    return {kind: {} for kind in _KINDS}


def _key(path: Path | None) -> str:
    return "<memory>" if path is None else str(path)


def _pending(path: Path | None) -> dict:
    return _PENDING.setdefault(_key(path), _empty())


def _warn_once(key: str, what: str, text: str) -> None:
    if (key, what) in _REPORTED:
        return
    _REPORTED.add((key, what))
    warnings.warn(ProgressWarning(text), stacklevel=_caller_level())


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the learner's code, not at sre_lab."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _progress_path() -> Path | None:
    """Where progress should be stored (None: in memory), before any safety check."""
    env = os.environ.get("SRE_LAB_PROGRESS", "").strip()
    if env.lower() in _OFF:
        return None
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("sre-lab", appauthor=False) / "progress.json"


_FILE_TYPES = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
               (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


def _file_type(mode: int) -> str:
    for test, name in _FILE_TYPES:
        if test(mode):
            return name
    return "not a regular file"


def _refuse(path: Path, why: str) -> None:
    _warn_once(str(path), "refused", f"SRE Lab will not keep your progress in {path}: {why}. "
               "Your answers are still checked and progress is kept in memory for this "
               "session. Set SRE_LAB_PROGRESS to a file path, or to 'off'.")


def _target() -> Path | None:
    """The regular file progress goes to (symlinks resolved), or None for memory.

    Refusing a path (a device, FIFO, socket, directory) warns once.
    """
    path = _progress_path()
    if path is None:
        return None
    if not path.is_absolute():
        path = Path.cwd() / path
        if "~" in path.parts:  # no home directory to expand
            _refuse(path, "there is no home directory to put it in")
            return None
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except FileNotFoundError:
        return Path(os.path.realpath(path))  # created on the first write
    except NotADirectoryError:
        return path  # a parent is a file: writing fails and says so
    except OSError as exc:
        _refuse(path, f"it cannot be examined ({exc.strerror or exc})")
        return None
    if not stat.S_ISREG(mode):
        _refuse(path, f"it is {_file_type(mode)}, not a regular file")
        return None
    return Path(os.path.realpath(path))


# --------------------------------------------------------------------------- reading


class _Corrupt(ValueError):
    """The file exists but is not an SRE Lab progress file."""


class _Unsafe(OSError):
    """The file turned out not to be a regular file (swapped since it was examined)."""


def _read(path: Path) -> dict:
    """The stored progress, or empty if there is no file; raises _Corrupt or OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO never hangs
    except (FileNotFoundError, NotADirectoryError):  # nothing stored yet
        return _empty()
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Unsafe(f"it is {_file_type(info.st_mode)}, not a regular file")
        if info.st_size > _MAX_BYTES:
            raise _Corrupt(f"{info.st_size} bytes, far too large for a progress file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            if sum(map(len, chunks)) > _MAX_BYTES:
                raise _Corrupt("far too large for a progress file")
    finally:
        os.close(fd)
    return _parse(b"".join(chunks))


def _parse(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # a byte-order mark is fine
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise _Corrupt(_shorten(exc)) from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT \
            or not isinstance(data.get("exercises"), dict):
        raise _Corrupt("not an SRE Lab progress file")
    store = _empty()
    for kind in _KINDS:
        section = data.get(kind)
        if not isinstance(section, dict):
            continue
        for item_id, entry in section.items():
            clean = _clean_entry(entry)
            if isinstance(item_id, str) and clean is not None:
                store[kind][item_id] = clean
    return store


def _shorten(exc: BaseException, limit: int = 80) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _clean_entry(entry: Any) -> dict | None:
    """A stored entry with sane fields, or None when it cannot be one."""
    if not isinstance(entry, dict) or entry.get("status") not in ("correct", "incorrect"):
        return None
    clean = {"status": entry["status"]}
    attempts = entry.get("attempts")
    clean["attempts"] = (attempts if isinstance(attempts, int) and not isinstance(attempts, bool)
                         and attempts >= 1 else 1)
    for name in ("first_attempt", "last_attempt", "correct_at"):
        if isinstance(entry.get(name), str):
            clean[name] = entry[name]
    return clean


def _merge_entry(old: dict | None, new: dict) -> dict:
    """One id's entries from two places: attempts add up, ``correct`` is sticky."""
    if not old:
        return dict(new)
    merged = {"attempts": old["attempts"] + new["attempts"],
              "status": "correct" if "correct" in (old["status"], new["status"]) else "incorrect"}
    for name, pick in (("first_attempt", min), ("last_attempt", max), ("correct_at", min)):
        values = [e[name] for e in (old, new) if name in e]
        if values:
            merged[name] = pick(values)
    return merged


def _merge(stored: dict, pending: dict) -> dict:
    merged = {kind: dict(stored[kind]) for kind in _KINDS}
    for kind in _KINDS:
        for item_id, entry in pending[kind].items():
            merged[kind][item_id] = _merge_entry(merged[kind].get(item_id), entry)
    return merged


def _view(path: Path | None) -> dict:
    """What is stored plus what is not saved yet (read-only unless the file is corrupt)."""
    pending = _pending(path)
    if path is None:
        return _merge(_empty(), pending)
    try:
        stored = _read(path)
    except _Corrupt:
        _write_locked(path, lambda store: store, "write")  # moves it aside, starts afresh
        return _view_after_repair(path)
    except _Unsafe as exc:
        _refuse(path, str(exc))
        stored = _empty()
    except OSError as exc:
        _warn_once(str(path), "read", f"SRE Lab could not read your progress file {path} "
                   f"({_os_reason(exc)}); answers are still checked.")
        stored = _empty()
    return _merge(stored, pending)


def _view_after_repair(path: Path) -> dict:
    with contextlib.suppress(_Corrupt, OSError):
        return _merge(_read(path), _pending(path))
    return _merge(_empty(), _pending(path))


def _os_reason(exc: OSError) -> str:
    return exc.strerror or _shorten(exc)


# --------------------------------------------------------------------------- writing


def _lock(path: Path):
    """The inter-process lock of ``path`` (``<file>.lock``, a regular file of ours)."""
    import filelock

    lock_path = path.with_name(path.name + ".lock")
    with contextlib.suppress(FileNotFoundError):
        info = os.lstat(lock_path)
        if not stat.S_ISREG(info.st_mode):
            raise _Unsafe(f"its lock file {lock_path.name} is {_file_type(info.st_mode)}")
    return filelock.FileLock(str(lock_path), timeout=_LOCK_TIMEOUT_S)


def _write_locked(path: Path, change, what: str) -> None:
    """Under the lock: read the file, apply ``change``, merge what is pending, write.

    On success the pending answers are on disk and forgotten from memory; on any
    failure they stay in memory and the learner is told once.
    """
    import filelock

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path):
            try:
                stored = _read(path)
            except _Corrupt as exc:
                backup = _move_aside(path)
                _warn_once(str(backup), "corrupt", f"SRE Lab's progress file {path} was "
                           f"unreadable ({exc}); it was kept as {backup.name} and a new one "
                           "was started.")
                stored = _empty()
            _write(path, _merge(change(stored), _pending(path)))
        _PENDING[_key(path)] = _empty()
    except filelock.Timeout:
        _warn_once(str(path), "busy", f"SRE Lab could not save your progress to {path}: "
                   "another program has held its lock for a long time. Answers are still "
                   "checked and kept in memory until the file can be written.")
    except _Unsafe as exc:
        _refuse(path, str(exc))
    except OSError as exc:
        _warn_once(str(path), what, f"SRE Lab could not save your progress to {path} "
                   f"({_os_reason(exc)}); answers are still checked and kept in memory "
                   "for this session. Set SRE_LAB_PROGRESS to a writable file.")


def _move_aside(path: Path) -> Path:
    """Rename an unreadable file to the first free ``<name>.corrupt[.N]``; never overwrite."""
    for n in range(_MAX_BACKUPS):
        backup = path.with_name(path.name + ".corrupt" + (f".{n}" if n else ""))
        if os.path.lexists(backup):
            continue
        try:
            os.link(path, backup)  # fails if the name exists: never replaces a backup
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system: rename (we hold the lock)
            if os.path.lexists(backup):
                continue
            os.rename(path, backup)
            return backup
        os.unlink(path)
        return backup
    raise OSError(f"there are already {_MAX_BACKUPS} backups of it; delete some")


def _write(path: Path, store: dict) -> None:
    """Replace ``path`` atomically with ``store`` (a temporary file, then os.replace)."""
    payload = {"format": _FORMAT, "version": 1, **store}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, indent=1, sort_keys=True)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):  # swapped for something else since we looked
                raise _Unsafe(f"it is {_file_type(mode)}, not a regular file")
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
