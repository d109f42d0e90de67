"""The completion summary: what a learner did in the course, saved as Markdown.

:func:`completion_summary` puts together, from the progress store (see
:mod:`sre_lab.exercises._progress`) and the output folder (``notebooks/output/``):

* the learner's name (optional) and the date;
* per section: notebooks complete and started, exercises and quizzes correct of
  their totals, and the same over the whole course;
* the artefacts the learner produced: every file under the output folder
  (SLO documents, OpenSLO, Prometheus rules, ``take_home/``...), with its
  relative path, size and modification time. Hidden files and ``__pycache__``
  are skipped; symbolic links are listed only when they point at a file inside
  the folder, and linked folders are never entered;
* what is left: the first notebooks not complete, in course order.

It is saved as ``completion_summary.md`` in the output folder.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .._validation import message

__all__ = ["CompletionSummary", "completion_summary"]

FILENAME = "completion_summary.md"
MAX_NAME_CHARS = 80
#: Notebooks listed under "What is left" (the rest is counted).
LEFT_SHOWN = 5
#: Artefacts listed (the rest is counted): a course produces a few dozen.
ARTEFACTS_SHOWN = 200
_SKIPPED_FOLDERS = {"__pycache__"}


@dataclass(frozen=True)
class Artefact:
    """A file the learner produced.

    Attributes
    ----------
    path : str
        Relative to the output folder, with ``/`` between folders.
    size_bytes : int
    modified : datetime.datetime
        Last modification, in UTC.
    """

    path: str
    size_bytes: int
    modified: _dt.datetime


@dataclass(frozen=True)
class CompletionSummary:
    """What :func:`completion_summary` returns; shows itself as Markdown.

    Attributes
    ----------
    text : str
        The summary as Markdown (what is saved).
    path : pathlib.Path or None
        The file written (None when ``save=False``).
    """

    text: str
    path: Path | None

    def _repr_markdown_(self) -> str:
        note = (f"\n\n*Saved as `{self.path.name}` in `{self.path.parent.name}/`.*"
                if self.path is not None else "")
        return self.text.rstrip("\n") + note

    def __repr__(self) -> str:
        saved = f"Saved to {self.path}" if self.path is not None else "Not saved (save=False)"
        return f"{self.text.rstrip()}\n\n{saved}"

    __str__ = __repr__


def completion_summary(name=None, *, folder=None, save=True) -> CompletionSummary:
    """Summarise what you did in the course, and save it to take home.

    Parameters
    ----------
    name : str, optional
        Your name as it should appear on the summary: one line, at most 80
        characters. Leave it out to stay anonymous.
    folder : str or os.PathLike, optional
        The output folder: where your artefacts are looked for and where the
        summary is saved. Default :func:`sre_lab.output_folder`
        (``notebooks/output/``).
    save : bool, default True
        Write the summary to ``completion_summary.md`` in ``folder``.

    Returns
    -------
    CompletionSummary
        ``.text`` (Markdown) and ``.path`` (the file written, or None).

    Raises
    ------
    TypeError
        If ``name`` is not a string, ``folder`` not a path or ``save`` not a bool.
    ValueError
        If ``name`` is longer than 80 characters or has a line break, or
        ``folder`` is a file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     summary = completion_summary("Ada", folder=tmp)
    ...     print(summary.path.name, summary.text.splitlines()[0])
    ...     print(summary.path.read_text(encoding="utf-8") == summary.text)
    completion_summary.md # SRE Lab: completion summary
    True
    >>> completion_summary("Ada\\nLovelace", save=False)
    Traceback (most recent call last):
    ...
    ValueError: name must be one line of at most 80 characters; got 'Ada\\nLovelace'. ...
    """
    from ._progress import progress

    name = _check_name(name)
    if not isinstance(save, bool):
        raise TypeError(message("save", "True or False", save))
    target = _check_folder(folder)
    report = progress()
    artefacts = list_artefacts(target)
    now = _dt.datetime.now(_dt.timezone.utc)
    text = _markdown(report, artefacts, name=name, folder=target, now=now)
    path = None
    if save:
        from ..templates import save_markdown

        path = save_markdown(text, FILENAME, folder=target)
    return CompletionSummary(text, path)


# --------------------------------------------------------------------------- checks


def _check_name(name) -> str | None:
    rule = f"one line of at most {MAX_NAME_CHARS} characters"
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(message("name", f"a string ({rule}) or None", name))
    if any(ch in name for ch in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
        raise ValueError(message("name", rule, name, "Give your name without line breaks."))
    stripped = " ".join(name.split())
    if len(stripped) > MAX_NAME_CHARS:
        raise ValueError(message("name", rule, name,
                                 f"It has {len(stripped)} characters; shorten it."))
    return stripped or None


def _check_folder(folder) -> Path:
    if folder is None:
        from ..templates import output_folder

        return output_folder()
    if not isinstance(folder, (str, os.PathLike)) or isinstance(folder, bytes):
        raise TypeError(message("folder", "a folder path (str or pathlib.Path)",
                                type(folder).__name__))
    path = os.fspath(folder)
    if not isinstance(path, str) or not path.strip():
        raise ValueError(message("folder", "a folder path", folder))
    target = Path(path).expanduser().absolute()
    if target.exists() and not target.is_dir():
        raise ValueError(message("folder", "a folder (or a path where one can be made)",
                                 folder, "That is a file."))
    return target


# --------------------------------------------------------------------------- artefacts


def list_artefacts(folder) -> list[Artefact]:
    """The files under ``folder`` (recursively), sorted by relative path.

    Skips hidden files and folders (``.ipynb_checkpoints``), ``__pycache__``
    and an earlier ``completion_summary.md`` at the top. Never leaves the
    folder: linked folders are not entered, and a linked file is listed only
    when its target is inside the folder. A missing folder has no artefacts.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "take_home").mkdir()
    ...     _ = Path(tmp, "take_home", "slo.md").write_text("# SLO\\n")
    ...     [(a.path, a.size_bytes) for a in list_artefacts(tmp)]
    [('take_home/slo.md', 6)]
    """
    root = Path(folder)
    try:
        real_root = Path(os.path.realpath(root))
        if not stat.S_ISDIR(os.stat(real_root).st_mode):
            return []
    except OSError:
        return []
    found = []
    for here, folders, files in os.walk(real_root, followlinks=False, onerror=None):
        folders[:] = sorted(f for f in folders
                            if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
        for file in files:
            if file.startswith(".") or file.endswith((".pyc", ".lock")):
                continue
            full = os.path.join(here, file)
            relative = os.path.relpath(full, real_root).replace(os.sep, "/")
            if relative == FILENAME:
                continue
            artefact = _artefact(full, relative, real_root)
            if artefact is not None:
                found.append(artefact)
    return sorted(found, key=lambda a: a.path)


def _artefact(full: str, relative: str, real_root: Path) -> Artefact | None:
    try:
        info = os.lstat(full)
        if stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(full)
            if os.path.commonpath([target, str(real_root)]) != str(real_root):
                return None  # points out of the output folder: not the learner's artefact
            info = os.stat(target)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    modified = _dt.datetime.fromtimestamp(info.st_mtime, tz=_dt.timezone.utc)
    return Artefact(relative, info.st_size, modified)


def _size(size_bytes: int) -> str:
    """``"812 B"``, ``"1.2 kB"``, ``"3.4 MB"`` (powers of 1,000).

    >>> _size(812), _size(1234), _size(3_400_000)
    ('812 B', '1.2 kB', '3.4 MB')
    """
    if size_bytes < 1000:
        return f"{size_bytes} B"
    for unit in ("kB", "MB", "GB"):
        size_bytes /= 1000
        if size_bytes < 1000 or unit == "GB":
            return f"{size_bytes:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- Markdown


def _plain(text: str) -> str:
    """``text`` safe inside Markdown prose and table cells (no HTML, no markup, one line)."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    text = html.escape(text, quote=False)
    for ch in "\\`*_[]|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _code(text: str) -> str:
    """``text`` as an inline code span that is safe inside a table cell."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _percent(share: float) -> str:
    from ._progress import _percent as percent

    return percent(share)


def _markdown(report, artefacts, *, name, folder: Path, now: _dt.datetime) -> str:
    sections = report.sections
    notebooks_complete = sum(r.complete for r in report.rows)
    lines = ["# SRE Lab: completion summary", ""]
    if name:
        lines.append(f"**Learner:** {_plain(name)}  ")
    lines += [f"**Date:** {now:%Y-%m-%d %H:%M} UTC  ",
              f"**Overall:** {report.correct} of {report.total} exercises and "
              f"{report.quizzes_correct} of {report.quizzes_total} quizzes correct "
              f"({_percent(report.share_done)} done); {notebooks_complete} of "
              f"{len(report.rows)} notebooks complete.", ""]
    if report.path is None:
        lines += ["*Progress was kept in memory for this session only, so this summary "
                  "counts only the answers of this session.*", ""]
    lines += ["## What you did, section by section", "",
              "A notebook is complete when every exercise and quiz in it is answered "
              "correctly.", "",
              "| Section | Notebooks complete | Started | Exercises correct "
              "| Quizzes correct | Done |",
              "|---|---:|---:|---:|---:|---:|"]
    for s in sections:
        lines.append(f"| {_plain(s.label)} | {s.notebooks_complete} of {s.notebooks} "
                     f"| {s.notebooks_started} | {s.exercises_correct} of {s.exercises_total} "
                     f"| {s.quizzes_correct} of {s.quizzes_total} | {_percent(s.share_done)} |")
    lines.append(f"| **Whole course** | **{notebooks_complete} of {len(report.rows)}** "
                 f"| **{sum(r.started for r in report.rows)}** "
                 f"| **{report.correct} of {report.total}** "
                 f"| **{report.quizzes_correct} of {report.quizzes_total}** "
                 f"| **{_percent(report.share_done)}** |")
    lines += ["", "## What you produced", ""]
    where = _code(folder.name + "/")
    if artefacts:
        shown = artefacts[:ARTEFACTS_SHOWN]
        lines += [f"{len(artefacts)} file{'s' * (len(artefacts) != 1)} in the output folder "
                  f"{where}:", "",
                  "| File | Size | Modified (UTC) |", "|---|---:|---|"]
        lines += [f"| {_code(a.path)} | {_size(a.size_bytes)} | {a.modified:%Y-%m-%d %H:%M} |"
                  for a in shown]
        if len(artefacts) > len(shown):
            lines += ["", f"... and {len(artefacts) - len(shown)} more."]
    else:
        lines.append(f"No files yet in the output folder {where}. The notebooks save SLO "
                     "documents, alert rules and the take-home kit there.")
    lines += ["", "## What is left", ""]
    left = [r for r in report.rows if not r.complete]
    if not left:
        lines.append("Nothing: every exercise and quiz of the course is answered correctly. "
                     "Well done!")
    else:
        lines += [f"{len(left)} notebook{'s' * (len(left) != 1)} not complete yet. "
                  "The next ones, in course order:", ""]
        for number, r in enumerate(left[:LEFT_SHOWN], 1):
            state = ("not started" if not r.started else
                     f"started: {r.correct} of {r.total} exercises and {r.quizzes_correct} "
                     f"of {r.quizzes_total} quizzes correct")
            lines.append(f"{number}. {_code(r.notebook)}: {state}")
        if len(left) > LEFT_SHOWN:
            lines += ["", f"... and {len(left) - LEFT_SHOWN} more; `sl.progress()` lists "
                      "them all."]
    return "\n".join(lines) + "\n"
