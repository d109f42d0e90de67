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
import os
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


_COLUMNS = ("attempted", "correct", "total", "quizzes_answered", "quizzes_correct",
            "quizzes_total")


@dataclass(frozen=True)
class ProgressReport:
    """What :func:`progress` returns: one row per notebook, plus where it is stored.

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

    def __repr__(self) -> str:
        rows = (*self.rows, self._all())
        width = max(len("notebook"), *(len(r.notebook) for r in rows))
        lines = [f"{self._title()} ({self._where()})",
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

        body = "".join(row(r, "td") for r in self.rows) + row(self._all(), "th")
        head = ('<tr><th></th><th colspan="3">exercises</th><th colspan="3">quizzes</th></tr>'
                "<tr><th>notebook</th><th>attempted</th><th>correct</th><th>total</th>"
                "<th>answered</th><th>correct</th><th>total</th></tr>")
        table = f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"
        return _box("solution", self._where(),
                    f"<div><strong>{html.escape(self._title())}</strong></div>{table}")


def progress() -> ProgressReport:
    """Show how much of the course you have done, notebook by notebook.

    For each notebook: exercises attempted / correct / total and quizzes
    answered / correct / total. An exercise counts as attempted after any
    checked answer other than ``...``, and as correct once it has been
    answered correctly (a later wrong try does not undo that); the same for
    quizzes.

    Returns
    -------
    ProgressReport
        One row per notebook, in course order; renders itself as a table.
        ``.to_frame()`` gives a DataFrame.

    Notes
    -----
    Where the progress is stored, and why two kernels answering at once lose
    nothing, is explained in :mod:`sre_lab.exercises._progress`.

    Examples
    --------
    >>> report = progress()
    >>> report.total >= 4 and report.correct <= report.attempted <= report.total
    True
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
