"""Progress storage."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import decimal
import difflib
import html
import json
import math
import numbers
import os
import re
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .._validation import message
from ._engine import _box, _notebook, _short, exercise_ids


class ProgressWarning(UserWarning):
    """The progress file could not be read or written (checking still works)."""


def _all_exercises():
    from ._registry import all_exercises

    return all_exercises()
@dataclass(frozen=True)
class NotebookProgress:
    """Progress in one notebook: exercises attempted, correct, and in total."""

    notebook: str
    attempted: int
    correct: int
    total: int


@dataclass(frozen=True)
class ProgressReport:
    """What :func:`progress` returns: one row per notebook, plus where it is stored.

    Attributes
    ----------
    rows : tuple of NotebookProgress
        In course order.
    path : str or None
        The progress file (None when ``SRE_LAB_PROGRESS=off``).
    """

    rows: tuple[NotebookProgress, ...]
    path: str | None

    @property
    def attempted(self) -> int:
        return sum(r.attempted for r in self.rows)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.rows)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    def to_frame(self):
        """Return the rows as a pandas DataFrame indexed by notebook."""
        import pandas as pd

        return pd.DataFrame([dataclasses.asdict(r) for r in self.rows],
                            columns=["notebook", "attempted", "correct", "total"]
                            ).set_index("notebook")

    def _where(self) -> str:
        return (f"saved in {self.path}" if self.path
                else "kept for this session only (SRE_LAB_PROGRESS=off)")

    def __repr__(self) -> str:
        width = max([len("notebook"), len("all")] + [len(r.notebook) for r in self.rows])
        lines = [f"SRE Lab progress: {self.correct} of {self.total} exercises correct "
                 f"({self._where()})",
                 f"{'notebook':<{width}}  attempted  correct  total"]
        for r in self.rows + (NotebookProgress("all", self.attempted, self.correct, self.total),):
            lines.append(f"{r.notebook:<{width}}  {r.attempted:>9}  {r.correct:>7}  {r.total:>5}")
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        lines = [f"**SRE Lab progress:** {self.correct} of {self.total} exercises correct "
                 f"<small>({self._where()})</small>", "",
                 "| notebook | attempted | correct | total |", "|---|---:|---:|---:|"]
        for r in self.rows:
            lines.append(f"| {r.notebook} | {r.attempted} | {r.correct} | {r.total} |")
        lines.append(f"| **all** | **{self.attempted}** | **{self.correct}** | **{self.total}** |")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cell = 'style="text-align: right; padding: 0 0.8em;"'
        rows = "".join(
            f"<tr><td>{html.escape(r.notebook)}</td><td {cell}>{r.attempted}</td>"
            f"<td {cell}>{r.correct}</td><td {cell}>{r.total}</td></tr>" for r in self.rows)
        rows += (f"<tr><th>all</th><th {cell}>{self.attempted}</th>"
                 f"<th {cell}>{self.correct}</th><th {cell}>{self.total}</th></tr>")
        table = ("<table><thead><tr><th>notebook</th><th>attempted</th><th>correct</th>"
                 f"<th>total</th></tr></thead><tbody>{rows}</tbody></table>")
        title = f"SRE Lab progress: {self.correct} of {self.total} exercises correct"
        return _box("solution", self._where(), f"<div><strong>{html.escape(title)}</strong>"
                    f"</div>{table}")


def progress() -> ProgressReport:
    """Show how much of the course you have done: per notebook, attempted / correct / total.

    An exercise counts as attempted after any checked answer other than
    ``...``, and as correct once it has been answered correctly (a later
    wrong try does not undo that).

    Returns
    -------
    ProgressReport
        One row per notebook with exercises, in course order; renders itself
        as a table. ``.to_frame()`` gives a DataFrame.

    Notes
    -----
    The file is replaced atomically, so it is never left half-written; two
    kernels checking at the same instant may lose one attempt's count.

    Examples
    --------
    >>> report = progress()
    >>> report.total >= 4 and report.correct <= report.attempted <= report.total
    True
    """
    path = _progress_path()
    stored = _load(path)
    rows = []
    for notebook in dict.fromkeys(e.notebook for e in _all_exercises()):
        ids = [e.id for e in _all_exercises() if e.notebook == notebook]
        entries = [stored[i] for i in ids if i in stored]
        rows.append(NotebookProgress(
            notebook, attempted=len(entries),
            correct=sum(entry.get("status") == "correct" for entry in entries), total=len(ids)))
    return ProgressReport(tuple(rows), None if path is None else str(path))


def reset_progress(notebook: str | None = None) -> ProgressReport:
    """Forget the stored progress of every exercise, or of one notebook's.

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
        If ``notebook`` has no registered exercises.
    """
    path = _progress_path()
    if notebook is None:
        _save(path, {})
    else:
        ids = set(exercise_ids(notebook))
        _save(path, {k: v for k, v in _load(path).items() if k not in ids})
    return progress()


# --------------------------------------------------------------------------- progress store


_SESSION: dict[str, dict] = {}  # used when SRE_LAB_PROGRESS=off
_REPORTED: set[tuple[str, str]] = set()
_FORMAT = "sre-lab-progress"


def _progress_path() -> Path | None:
    """Where progress is stored (None: in memory only)."""
    env = os.environ.get("SRE_LAB_PROGRESS", "").strip()
    if env.lower() in ("off", "none", "false", "0"):
        return None
    if env:
        return Path(env).expanduser()
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no home directory: keep progress in memory
        return None
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        root = Path(base) if base else home / "AppData" / "Local"
    elif sys.platform == "darwin":
        root = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        root = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return root / "sre-lab" / "progress.json"


def _warn_once(path: Path, what: str, text: str) -> None:
    if (str(path), what) in _REPORTED:
        return
    _REPORTED.add((str(path), what))
    warnings.warn(ProgressWarning(text), stacklevel=3)


def _parse(data: Any) -> dict[str, dict]:
    if not isinstance(data, dict) or data.get("format") != _FORMAT \
            or not isinstance(data.get("exercises"), dict):
        raise ValueError("not an SRE Lab progress file")
    return {k: v for k, v in data["exercises"].items()
            if isinstance(k, str) and isinstance(v, dict)
            and v.get("status") in ("correct", "incorrect")}


def _load(path: Path | None) -> dict[str, dict]:
    if path is None:
        return dict(_SESSION)
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # nothing stored yet (saving reports)
        return {}
    except OSError as exc:
        _warn_once(path, "read", f"SRE Lab could not read your progress file {path} "
                   f"({exc}); answers are still checked, progress starts afresh.")
        return {}
    try:
        return _parse(json.loads(raw.decode("utf-8")))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        backup = path.with_name(path.name + ".corrupt")
        try:
            os.replace(path, backup)
            kept = f"it was kept as {backup.name}"
        except OSError:
            kept = "it could not be moved aside"
        _warn_once(path, "corrupt", f"SRE Lab's progress file {path} was unreadable "
                   f"({_short(exc, 80)}); {kept} and a new one was started.")
        return {}


def _save(path: Path | None, exercises: dict[str, dict]) -> None:
    if path is None:
        _SESSION.clear()
        _SESSION.update(exercises)
        return
    payload = {"format": _FORMAT, "version": 1, "exercises": exercises}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(payload, stream, indent=1, sort_keys=True)
                stream.write("\n")
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        _warn_once(path, "write", f"SRE Lab could not save your progress to {path} ({exc}); "
                   "answers are still checked but not remembered. Set SRE_LAB_PROGRESS to "
                   "a writable file.")


def record(exercise_id: str, status: str) -> None:
    """Count an attempt in the progress file; never fails the learner's check."""
    if status == "not_attempted":
        return
    path = _progress_path()
    try:
        stored = _load(path)
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        entry = dict(stored.get(exercise_id, {}))
        attempts = entry.get("attempts")
        entry["attempts"] = (attempts if isinstance(attempts, int) else 0) + 1
        entry.setdefault("first_attempt", now)
        entry["last_attempt"] = now
        if status == "correct" or entry.get("status") == "correct":
            entry["status"] = "correct"
            entry.setdefault("correct_at", now)
        else:
            entry["status"] = "incorrect"
        stored[exercise_id] = entry
        _save(path, stored)
    except Exception as exc:  # pragma: no cover - belt and braces around the learner's check
        _warn_once(path or Path("<memory>"), "record",
                   f"SRE Lab could not record your progress ({type(exc).__name__}: {exc}).")


