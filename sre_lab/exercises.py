"""Checked exercises: ``check``, ``hint``, ``solution`` and ``progress``.

Every notebook ends its sections with small questions the learner answers in a
cell such as ``answer = ...`` followed by ``sl.check("intro.budget_minutes",
answer)``. The check says ✅ correct, ❌ not yet (with a hint), or ⏳ not
attempted while the answer is still the literal ``...``. A wrong answer of any
kind (a string, ``None``, NaN, a list of the wrong length) is a learner's
slip, so it becomes a friendly "not yet", never an exception; only an unknown
exercise id (a bug in the course) raises.

Reference answers are *computed* from the course's data and functions on the
first check (then cached), never typed in, so they follow the data when it is
rebuilt. Progress is kept in a small JSON file outside the repository.

Public names
------------
=====================  ========================================================
``check``              verdict on an answer: a :class:`CheckResult`
``hint``               the exercise's hint
``solution``           the reference answer and the code that computes it
``progress``           attempted / correct / total per notebook
``reset_progress``     forget the stored progress (all, or one notebook)
``exercise_ids``       the registered ids, in course order
``Exercise``           one registry entry (a frozen dataclass)
``CheckResult``        what ``check`` returns (status + message)
=====================  ========================================================

Adding an exercise
------------------
Append an :class:`Exercise` to ``EXERCISES`` below, in its notebook's block::

    Exercise(
        id="intro.budget_minutes",          # "<notebook key>.<slug>"
        notebook="01_introduction",         # the notebook's path without .ipynb
        prompt="How many minutes of downtime does 99.5 % allow over 28 days?",
        kind="number", unit="minutes",      # number, numbers, choice, set, bool, timedelta
        reference=lambda: _minutes_allowed(0.995, window_days=28),
        hint="The budget is (1 - target) of the window's minutes.",
        solution_code="answer = (1 - 0.995) * 28 * 24 * 60",
    ),

``reference`` is called with no arguments; ``solution_code`` is shown by
``sl.solution`` and must assign ``answer`` when run after ``import sre_lab as
sl`` (a test runs it and checks it). The tests check every registered entry
automatically: the reference passes, a deliberately wrong answer fails,
garbage never raises.

Progress file
-------------
``$SRE_LAB_PROGRESS`` if set (``off`` keeps progress in memory only), else
``~/.local/share/sre-lab/progress.json`` (``$XDG_DATA_HOME`` respected),
``~/Library/Application Support/sre-lab/`` on macOS, ``%LOCALAPPDATA%\\sre-lab\\``
on Windows. Writes are atomic (a temporary file, then :func:`os.replace`); an
unreadable file is reported once (a :class:`ProgressWarning`), kept as
``progress.json.corrupt`` and started afresh.
"""

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

from ._validation import message

__all__ = [
    "check",
    "hint",
    "solution",
    "progress",
    "reset_progress",
    "exercise_ids",
    "Exercise",
    "CheckResult",
]

KINDS = ("number", "numbers", "choice", "set", "bool", "timedelta")
STATUSES = ("correct", "incorrect", "not_attempted")
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*$")
_MAX_ITEMS = 100_000  # longer collections are not answers to our questions


class ProgressWarning(UserWarning):
    """The progress file could not be read or written (checking still works)."""


# --------------------------------------------------------------------------- registry entry


@dataclass(frozen=True, kw_only=True)
class Exercise:
    """One checked exercise of the course (an entry of ``EXERCISES``).

    Parameters
    ----------
    id : str
        ``"<notebook key>.<slug>"`` in lower case, e.g. ``"intro.budget_minutes"``.
        Every exercise of a notebook uses the same key.
    notebook : str
        The notebook's path under ``notebooks/`` without ``.ipynb``,
        e.g. ``"00_start_here"`` or ``"02_slos/1_beginner_slis"``.
    prompt : str
        The question, as the notebook asks it.
    kind : str
        How answers are compared: ``"number"`` (within ``rel_tol``/``abs_tol``),
        ``"numbers"`` (an ordered list, element by element), ``"choice"`` (one of
        ``choices``, ignoring case and spaces), ``"set"`` (a collection, order and
        case ignored), ``"bool"`` or ``"timedelta"`` (a duration, tolerances in
        seconds).
    reference : callable
        Called with no arguments, returns the reference answer computed from the
        course's data and functions (not a typed-in number). Called once, lazily.
    hint : str
        A nudge shown with every "not yet" and by :func:`hint`.
    solution_code : str
        Code that computes the answer and assigns it to ``answer`` (runs after
        ``import sre_lab as sl``); shown by :func:`solution`.
    choices : tuple of str, optional
        The options of a ``"choice"`` exercise (at least two).
    unit : str, optional
        Unit of a ``"number"`` / ``"numbers"`` answer, used in messages.
    rel_tol, abs_tol : float, optional
        Tolerances for numbers and durations (``math.isclose`` semantics);
        ``rel_tol`` in [0, 0.5), default 0.01 (1 %); ``abs_tol`` >= 0, in the
        answer's unit (seconds for durations), default 0.

    Raises
    ------
    TypeError, ValueError
        When the entry is malformed (a bug in the course, found at import).

    Examples
    --------
    >>> ex = Exercise(id="demo.two", notebook="demo", prompt="1 + 1?", kind="number",
    ...               reference=lambda: 1 + 1, hint="Count.", solution_code="answer = 1 + 1")
    >>> ex.key
    'demo'
    """

    id: str
    notebook: str
    prompt: str
    kind: str
    reference: Callable[[], Any]
    hint: str
    solution_code: str
    choices: tuple[str, ...] = ()
    unit: str = ""
    rel_tol: float = 0.01
    abs_tol: float = 0.0

    def __post_init__(self):
        if not isinstance(self.id, str) or not _ID_PATTERN.match(self.id):
            raise ValueError(message(
                "Exercise.id", "'<notebook key>.<slug>' in lower case", self.id,
                "For example 'intro.budget_minutes'."))
        for name in ("notebook", "prompt", "hint", "solution_code", "unit"):
            value = getattr(self, name)
            if not isinstance(value, str) or (name != "unit" and not value.strip()):
                raise TypeError(message(f"Exercise.{name}", "a non-empty string", value))
        if self.kind not in KINDS:
            raise ValueError(message(
                "Exercise.kind", "one of " + ", ".join(repr(k) for k in KINDS), self.kind))
        if not callable(self.reference):
            raise TypeError(message("Exercise.reference", "a function of no arguments",
                                    self.reference))
        choices = tuple(self.choices)
        object.__setattr__(self, "choices", choices)
        if self.kind == "choice":
            normal = [_normal_text(c) if isinstance(c, str) else None for c in choices]
            if len(choices) < 2 or None in normal or len(set(normal)) != len(normal):
                raise ValueError(message(
                    "Exercise.choices", "at least two distinct strings for a 'choice' exercise",
                    choices))
        elif choices:
            raise ValueError(message("Exercise.choices", "empty unless kind is 'choice'", choices))
        for name, high in (("rel_tol", 0.5), ("abs_tol", math.inf)):
            value = getattr(self, name)
            if (isinstance(value, bool) or not isinstance(value, numbers.Real)
                    or not 0 <= value < high or math.isnan(value)):
                rule = "a number in [0, 0.5)" if name == "rel_tol" else "a finite number >= 0"
                raise ValueError(message(f"Exercise.{name}", rule, value))

    @property
    def key(self) -> str:
        """The notebook key: the part of ``id`` before the dot."""
        return self.id.split(".", 1)[0]


# --------------------------------------------------------------------------- results


_STYLE = {  # Okabe-Ito colours; the icon and the words carry the meaning too
    "correct": ("✅", "#009E73"),
    "incorrect": ("❌", "#D55E00"),
    "not_attempted": ("⏳", "#0072B2"),
    "hint": ("💡", "#E69F00"),
    "solution": ("📖", "#56B4E9"),
}


def _box(kind: str, title: str, body_html: str) -> str:
    colour = _STYLE[kind][1]
    return (f'<div class="sre-lab-{kind.replace("_", "-")}" style="border-left: 4px solid '
            f'{colour}; padding: 0.3em 0.8em; margin: 0.3em 0;">'
            f'<div style="font-size: 0.8em; opacity: 0.7;">{html.escape(title)}</div>'
            f'{body_html}</div>')


@dataclass(frozen=True)
class CheckResult:
    """The verdict of :func:`check`; shows itself as text, Markdown or HTML.

    Attributes
    ----------
    exercise_id : str
    status : str
        ``"correct"``, ``"incorrect"`` or ``"not_attempted"``.
    message : str
        The sentence the learner sees, starting with ✅, ❌ or ⏳.
    """

    exercise_id: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        """True when the answer was right."""
        return self.status == "correct"

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        return f"{self.message}\n\n<small>exercise `{self.exercise_id}`</small>"

    def _repr_html_(self) -> str:
        return _box(self.status, f"exercise {self.exercise_id}",
                    f"<div>{html.escape(self.message)}</div>")


@dataclass(frozen=True)
class Note:
    """A hint or a solution, as returned by :func:`hint` and :func:`solution`."""

    exercise_id: str
    kind: str  # "hint" or "solution"
    text: str
    code: str = ""

    def __repr__(self) -> str:
        title = "Hint" if self.kind == "hint" else "Solution"
        text = f"{_STYLE[self.kind][0]} {title} for {self.exercise_id}: {self.text}"
        if self.code:
            text += "\n\n" + self.code.strip("\n")
        return text

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        title = "Hint" if self.kind == "hint" else "Solution"
        text = f"**{_STYLE[self.kind][0]} {title}** for `{self.exercise_id}`: {self.text}"
        if self.code:
            text += "\n\n```python\n" + self.code.strip("\n") + "\n```"
        return text

    def _repr_html_(self) -> str:
        title = "Hint" if self.kind == "hint" else "Solution"
        body = f"<div><strong>{title}:</strong> {html.escape(self.text)}</div>"
        if self.code:
            body += (f'<pre style="margin: 0.4em 0;"><code>'
                     f"{html.escape(self.code.strip(chr(10)))}</code></pre>")
        return _box(self.kind, f"exercise {self.exercise_id}", body)


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


# --------------------------------------------------------------------------- answer parsing
# Each ``_to_<kind>`` turns an answer into a comparable value and returns
# ``(value, None)``, or ``(None, problem)`` with a sentence for the learner.
# They never raise on any input; ``check`` also guards them.


def _normal_text(text: str) -> str:
    """Lower case, single spaces, no spaces at the ends."""
    return " ".join(str(text).split()).casefold()


def _short(value: Any, limit: int = 60) -> str:
    """A one-line description of a value for messages (never raises)."""
    if _is_container(value):
        size = _size(value)
        return _type_name(value) + ("" if size is None else f" of {_count_text(size, 'value')}")
    try:
        text = " ".join(repr(value).split())
    except Exception:
        text = _type_name(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_TYPE_NAMES = {"ndarray": "a NumPy array", "bytes": "a bytes value", "type": "a class",
               "complex": "a complex number"}


def _type_name(value: Any) -> str:
    """``"a list"``, ``"an object"``, ``"a NumPy array"``..."""
    name = type(value).__name__
    if name in _TYPE_NAMES:
        return _TYPE_NAMES[name]
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def _is_container(value: Any) -> bool:
    """A numpy/pandas object holding values (not a numpy scalar)."""
    return (type(value).__module__.split(".")[0] in ("numpy", "pandas")
            and hasattr(value, "shape") and not isinstance(value, np.generic))


def _collection_problem(value: Any, wanted: str, advice: str = "") -> str | None:
    """A collection given where one value is wanted: say so, or None if not a collection."""
    size = _size(value)
    if size is None:
        return None
    what = _type_name(value)
    if size == 0:
        return f"you gave an empty {what.split(' ', 1)[1]}; give {wanted}."
    if size == 1:
        return (f"you gave {what} holding one value; give the value itself, "
                f"not the {what.split(' ', 1)[1]}.")
    return f"you gave {what} of {size} values; give {wanted}{advice}."


def _fmt(x: float) -> str:
    if math.isfinite(x) and float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _plain_scalar(value: Any) -> Any:
    """numpy scalars to Python ones; size-1 numpy/pandas objects to their item."""
    if isinstance(value, (np.timedelta64, np.datetime64)):
        return value  # .item() would turn nanoseconds into a bare int
    if isinstance(value, np.generic):
        return value.item()
    if _is_container(value):
        array = np.asarray(value)
        if array.size == 1:
            return _plain_scalar(array.reshape(-1)[0])
    return value


def _common_problem(value: Any, wanted: str) -> str | None:
    """Slips that read the same for every kind of question."""
    if value is None:
        return (f"your answer is None (did a function return nothing, or an assignment "
                f"lose the value?); give {wanted}.")
    if _is_missing(value):
        return f"your answer is {_short(value)}, a missing value; give {wanted}."
    if callable(value) and not isinstance(value, type):
        return "you gave a function; did you forget to call it with ()?"
    return None


def _is_missing(value: Any) -> bool:
    pd = sys.modules.get("pandas")
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return True
    return isinstance(value, (np.datetime64, np.timedelta64)) and bool(np.isnat(value))


def _count_text(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _to_number(value: Any, ex: Exercise) -> tuple[float | None, str | None]:
    unit = f" of {ex.unit}" if ex.unit else ""
    wanted = f"a number{unit}"
    problem = _common_problem(value, wanted)
    if problem:
        return None, problem
    value = _plain_scalar(value)
    if isinstance(value, bool):
        return None, f"{value} is a yes/no value; give {wanted}."
    if isinstance(value, str):
        text = value.strip().replace(",", "").removesuffix("%").strip()
        try:
            float(text)
        except ValueError:
            return None, f"you gave the text {_short(value)}; give {wanted}."
        if value.strip().endswith("%"):
            return None, (f"you gave the text {_short(value)}; give the number itself, "
                          "without quotes or %.")
        return None, f"you gave the text {_short(value)}; remove the quotes so it is a number."
    if isinstance(value, (_dt.timedelta, np.timedelta64)):
        return None, (f"you gave a duration (timedelta); give {wanted}, e.g. "
                      "duration / datetime.timedelta(minutes=1) for minutes.")
    if isinstance(value, complex):
        return None, f"you gave the complex number {_short(value)}; give {wanted}."
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        try:
            x = float(value)
        except (ValueError, OverflowError, TypeError):
            return None, f"{_short(value)} cannot be read as a number; give {wanted}."
        if math.isnan(x):
            return None, ("your answer is NaN (not a number): a calculation divided 0 by 0 "
                          "or used missing data.")
        if math.isinf(x):
            return None, "your answer is infinite: did something divide by zero?"
        return x, None
    problem = _collection_problem(value, "one number", " (their .sum() or .mean()?)")
    return None, problem or f"you gave {_type_name(value)}; give {wanted}."


def _size(value: Any) -> int | None:
    """Number of items of a collection, or None for anything else (never raises)."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        if hasattr(value, "shape") and hasattr(value, "size"):
            return int(value.size)
        if hasattr(value, "__len__") and hasattr(value, "__iter__"):
            return len(value)
    except Exception:
        return None
    return None


def _items(value: Any, wanted: str) -> tuple[list | None, str | None]:
    """Turn a collection answer into a flat list of items."""
    problem = _common_problem(value, wanted)
    if problem:
        return None, problem
    if isinstance(value, (str, bytes)):
        return None, f"you gave the single text {_short(value)}; give {wanted}."
    if isinstance(value, dict):
        return None, (f"you gave a dict; give {wanted} (e.g. list(d) for its keys, "
                      "list(d.values()) for its values).")
    if hasattr(value, "shape") and hasattr(value, "size"):
        array = np.asarray(value)
        if array.ndim > 1 and sum(n > 1 for n in array.shape) > 1:
            return None, f"you gave a table of shape {array.shape}; give {wanted}."
        if array.size > _MAX_ITEMS:
            return None, f"you gave {array.size} values; give {wanted}."
        return [_plain_scalar(v) for v in array.reshape(-1)], None
    if not hasattr(value, "__iter__"):
        return None, f"you gave {_type_name(value)}, not a collection; give {wanted}."
    size = _size(value)
    if size is not None and size > _MAX_ITEMS:
        return None, f"you gave {size} values; give {wanted}."
    items = []
    for item in value:
        items.append(_plain_scalar(item))
        if len(items) > _MAX_ITEMS:
            return None, f"you gave more than {_MAX_ITEMS} values; give {wanted}."
    return items, None


def _to_numbers(value: Any, ex: Exercise) -> tuple[tuple | None, str | None]:
    wanted = "a list of numbers" + (f" (in {ex.unit})" if ex.unit else "")
    if isinstance(value, (set, frozenset)):
        return None, f"a set has no order; give {wanted} in the order asked."
    if isinstance(value, (numbers.Number, np.generic)) and not isinstance(value, np.ndarray):
        return None, f"you gave a single value; give {wanted}."
    items, problem = _items(value, wanted)
    if problem:
        return None, problem
    out = []
    for position, item in enumerate(items, start=1):
        x, problem = _to_number(item, dataclasses.replace(ex, unit=""))
        if problem:
            return None, f"value number {position}: {problem}"
        out.append(x)
    return tuple(out), None


def _to_choice(value: Any, ex: Exercise) -> tuple[str | None, str | None]:
    options = ", ".join(repr(c) for c in ex.choices)
    wanted = f"one of the options as text: {options}"
    problem = _common_problem(value, wanted)
    if problem:
        return None, problem
    value = _plain_scalar(value)
    if not isinstance(value, str):
        if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], str):
            return None, f"you gave a list; give the option itself as text: {options}."
        problem = _collection_problem(value, wanted)
        return None, problem or f"you gave {_short(value)}; give {wanted}."
    normal = _normal_text(value)
    lookup = {_normal_text(c): c for c in ex.choices}
    if normal in lookup:
        return lookup[normal], None
    close = difflib.get_close_matches(normal, list(lookup), n=1)
    suggestion = f" Did you mean {lookup[close[0]]!r}?" if close else ""
    return None, f"{_short(value)} is not one of the options ({options}).{suggestion}"


def _to_set(value: Any, ex: Exercise) -> tuple[frozenset | None, str | None]:
    wanted = "a collection of items, e.g. {'a', 'b'} or ['a', 'b']"
    if isinstance(value, (numbers.Number, np.generic, bool)) and not isinstance(value, np.ndarray):
        return None, f"you gave a single value, {_short(value)}; give {wanted}."
    items, problem = _items(value, wanted)
    if problem:
        return None, problem
    out = set()
    for item in items:
        if isinstance(item, str):
            item = _normal_text(item)
        try:
            out.add(item)
        except TypeError:
            return None, f"the item {_short(item)} cannot go in a set; give {wanted}."
    return frozenset(out), None


def _to_bool(value: Any, ex: Exercise) -> tuple[bool | None, str | None]:
    wanted = "True or False"
    problem = _common_problem(value, wanted)
    if problem:
        return None, problem
    value = _plain_scalar(value)
    if isinstance(value, bool):
        return value, None
    if isinstance(value, str):
        if _normal_text(value) in ("true", "false", "yes", "no"):
            return None, f"you gave the text {_short(value)}; write True or False without quotes."
        return None, f"you gave the text {_short(value)}; give {wanted}."
    if isinstance(value, numbers.Number):
        return None, f"you gave the number {_short(value)}; give {wanted}."
    problem = _collection_problem(
        value, "a single True or False",
        " (.any() says whether any is true, .all() whether all are)")
    return None, problem or f"you gave {_type_name(value)}; give {wanted}."


def _to_seconds(value: Any, ex: Exercise) -> tuple[float | None, str | None]:
    wanted = "a duration such as datetime.timedelta(minutes=5)"
    problem = _common_problem(value, wanted)
    if problem:
        return None, problem
    value = _plain_scalar(value)
    if isinstance(value, np.timedelta64):
        seconds = float(value / np.timedelta64(1, "ns")) / 1e9
    elif isinstance(value, _dt.timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (_dt.datetime, _dt.date, np.datetime64)):
        return None, ("you gave a point in time; give a duration (the difference of two "
                      "times is one).")
    elif isinstance(value, (numbers.Real, decimal.Decimal)) and not isinstance(value, bool):
        return None, (f"you gave the plain number {_short(value)}; give {wanted}, "
                      "so the unit is clear.")
    elif isinstance(value, str):
        return None, f"you gave the text {_short(value)}; give {wanted}."
    else:
        problem = _collection_problem(value, "one duration")
        return None, problem or f"you gave {_type_name(value)}; give {wanted}."
    if not math.isfinite(seconds):
        return None, f"your answer {_short(value)} is not a finite duration."
    return seconds, None


_PARSERS: dict[str, Callable[[Any, Exercise], tuple[Any, str | None]]] = {
    "number": _to_number,
    "numbers": _to_numbers,
    "choice": _to_choice,
    "set": _to_set,
    "bool": _to_bool,
    "timedelta": _to_seconds,
}


# --------------------------------------------------------------------------- comparison


def _fmt_seconds(seconds: float) -> str:
    magnitude = abs(seconds)
    if magnitude < 120:
        return f"{_fmt(seconds)} seconds"
    if magnitude < 2 * 3600:
        return f"{_fmt(seconds / 60)} minutes"
    if magnitude < 2 * 86400:
        return f"{_fmt(seconds / 3600)} hours"
    return f"{_fmt(seconds / 86400)} days"


def _shown(ex: Exercise, value: Any) -> str:
    """A parsed answer as the learner should read it."""
    unit = f" {ex.unit}" if ex.unit else ""
    if ex.kind == "number":
        return _fmt(value) + unit
    if ex.kind == "numbers":
        return "[" + ", ".join(_fmt(v) for v in value) + "]" + unit
    if ex.kind == "set":
        return "{" + ", ".join(sorted(repr(v) for v in value)) + "}" if value else "set()"
    if ex.kind == "timedelta":
        return _fmt_seconds(value)
    return repr(value)


def _tolerance_text(ex: Exercise, unit: str) -> str:
    parts = []
    if ex.rel_tol:
        parts.append(f"{ex.rel_tol * 100:g} %")
    if ex.abs_tol:
        parts.append(f"{_fmt(ex.abs_tol)}{unit}")
    return " or ".join(parts) if parts else "exactly"


_UNIT_FACTORS = (100.0, 60.0, 24.0, 1440.0, 3600.0, 1000.0, 7.0, 30.0, 86400.0)


def _number_detail(ex: Exercise, got: float, want: float, *, unit: str, long: bool) -> str:
    """Why ``got`` is not ``want`` (assumes it is not close)."""
    def close(a, b):
        return math.isclose(a, b, rel_tol=ex.rel_tol, abs_tol=ex.abs_tol)

    shown = _fmt_seconds(got) if long else _fmt(got) + unit
    if want != 0 and close(-got, want):
        return f"{shown} has the wrong sign."
    for factor in _UNIT_FACTORS:
        if want != 0 and close(got, want * factor):
            if factor == 100 and not long:
                return (f"{shown} is 100× too large: is it a percentage (99.9) where a "
                        "fraction (0.999) is meant?")
            return f"{shown} is {_fmt(factor)}× too large: check the units."
        if got != 0 and close(got * factor, want):
            if factor == 100 and not long:
                return (f"{shown} is 100× too small: is it a fraction (0.999) where a "
                        "percentage (99.9) is meant?")
            return f"{shown} is {_fmt(factor)}× too small: check the units."
    if want != 0 and abs(got - want) <= 0.1 * abs(want):
        return (f"{shown} is close, but not within {_tolerance_text(ex, unit)} of the answer; "
                "avoid rounding too early.")
    if long:
        return f"{shown} is too {'long' if got > want else 'short'}."
    return f"{shown} is too {'high' if got > want else 'low'}."


def _compare(ex: Exercise, got: Any, want: Any) -> str | None:
    """Return None when ``got`` matches ``want``, else why not (a sentence)."""
    unit = f" {ex.unit}" if ex.unit else ""

    def close(a, b):
        return math.isclose(a, b, rel_tol=ex.rel_tol, abs_tol=ex.abs_tol)

    if ex.kind in ("number", "timedelta"):
        if close(got, want):
            return None
        return _number_detail(ex, got, want, unit=unit, long=ex.kind == "timedelta")
    if ex.kind == "numbers":
        if len(got) != len(want):
            return (f"your answer has {_count_text(len(got), 'value')}; "
                    f"{len(want)} are expected.")
        wrong = [i for i, (g, w) in enumerate(zip(got, want), start=1) if not close(g, w)]
        if not wrong:
            return None
        first = wrong[0]
        detail = _number_detail(ex, got[first - 1], want[first - 1], unit=unit, long=False)
        return (f"{len(want) - len(wrong)} of {len(want)} values are right; "
                f"value number {first}: {detail}")
    if ex.kind == "set":
        if got == want:
            return None
        right, missing, extra = got & want, want - got, got - want
        parts = [f"{len(right)} of your {_count_text(len(got), 'item')} "
                 f"{'is' if len(right) == 1 else 'are'} right"]
        if missing:
            parts.append(f"{len(missing)} expected {'item is' if len(missing) == 1 else 'items are'}"
                         " missing")
        if extra:
            shown = ", ".join(sorted(_short(v, 30) for v in extra)[:5])
            parts.append(f"not expected: {shown}")
        return "; ".join(parts) + "."
    if ex.kind == "choice":
        return None if got == want else f"{got!r} is not the best answer."
    # bool
    return None if got == want else f"{got} is not right."


# --------------------------------------------------------------------------- registry access


def _index() -> dict[str, Exercise]:
    index: dict[str, Exercise] = {}
    for exercise in EXERCISES:
        if exercise.id in index:
            raise ValueError(f"exercise id {exercise.id!r} is registered twice; ids must be unique.")
        index[exercise.id] = exercise
    return index


def _lookup(exercise_id: Any) -> Exercise:
    rule = "a registered exercise id"
    if not isinstance(exercise_id, str):
        raise TypeError(message("exercise_id", rule + " (a string)", exercise_id))
    index = _index()
    if exercise_id in index:
        return index[exercise_id]
    close = difflib.get_close_matches(exercise_id.strip().lower(), list(index), n=3, cutoff=0.72)
    if close:
        hint_text = "Did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        hint_text = "sl.exercise_ids() lists them."
    raise ValueError(message("exercise_id", rule, exercise_id, hint_text))


_REFERENCES: dict[Exercise, Any] = {}


def _reference(ex: Exercise) -> Any:
    """The parsed reference answer of ``ex`` (computed once, then cached)."""
    if ex in _REFERENCES:
        return _REFERENCES[ex]
    try:
        raw = ex.reference()
    except Exception as exc:
        raise RuntimeError(
            f"The reference answer of exercise {ex.id!r} could not be computed "
            f"({type(exc).__name__}: {exc}). This is a bug in the course, not in your "
            "answer; please report it.") from exc
    value, problem = _PARSERS[ex.kind](raw, ex)
    if problem:
        raise RuntimeError(f"The reference answer of exercise {ex.id!r} is not a valid "
                           f"{ex.kind!r} answer: {problem} This is a bug in the course.")
    _REFERENCES[ex] = value
    return value


def exercise_ids(notebook: str | None = None) -> tuple[str, ...]:
    """Return the registered exercise ids in course order, optionally of one notebook.

    Parameters
    ----------
    notebook : str, optional
        A notebook (``"00_start_here"``) or its key (``"start"``).

    Examples
    --------
    >>> exercise_ids("start")[:2]
    ('start.downtime_minutes', 'start.maturity_stage')
    """
    wanted = None if notebook is None else _notebook(notebook)
    return tuple(e.id for e in EXERCISES if wanted is None or e.notebook == wanted)


def _notebook(name: Any) -> str:
    notebooks = list(dict.fromkeys(e.notebook for e in EXERCISES))
    keys = {e.key: e.notebook for e in EXERCISES}
    if isinstance(name, str) and name.removesuffix(".ipynb") in notebooks:
        return name.removesuffix(".ipynb")
    if isinstance(name, str) and name in keys:
        return keys[name]
    rule = "a notebook with exercises (" + ", ".join(repr(n) for n in notebooks) + ")"
    if not isinstance(name, str):
        raise TypeError(message("notebook", rule, name))
    close = (difflib.get_close_matches(name, notebooks, n=1)
             or [keys[k] for k in difflib.get_close_matches(name, list(keys), n=1)])
    raise ValueError(message("notebook", rule, name,
                             f"Did you mean {close[0]!r}?" if close else None))


# --------------------------------------------------------------------------- public API


def check(exercise_id: str, answer: Any = ...) -> CheckResult:
    """Check an answer and say whether it is right, with a hint when it is not.

    Wrong answers never raise: a string, ``None``, NaN or a list of the wrong
    length gets a "not yet" that says what was expected. The literal ``...``
    (the notebooks' placeholder) means "not attempted". Attempts are recorded
    in the progress file (see :func:`progress`).

    Parameters
    ----------
    exercise_id : str
        The exercise's id as the notebook gives it, e.g. ``"start.downtime_minutes"``.
    answer : object
        Your answer; its kind (number, text, set, ``True``/``False``, duration)
        is given by the exercise's prompt.

    Returns
    -------
    CheckResult
        ``status`` is ``"correct"``, ``"incorrect"`` or ``"not_attempted"``;
        ``message`` starts with ✅, ❌ or ⏳. It renders itself in a notebook.

    Raises
    ------
    ValueError
        If ``exercise_id`` is not a registered exercise (the message suggests
        close ids); TypeError if it is not a string.
    RuntimeError
        If the reference answer cannot be computed (a bug in the course).

    Notes
    -----
    Numbers and durations are compared with :func:`math.isclose` and the
    exercise's tolerances; choices and set items ignore case and extra spaces.

    Examples
    --------
    >>> check("start.downtime_minutes", ...)
    ⏳ Not attempted yet: replace the ... with your answer and run the cell again.
    >>> check("start.downtime_minute", 43.2)
    Traceback (most recent call last):
    ...
    ValueError: exercise_id must be a registered exercise id; got 'start.downtime_minute'. Did you mean 'start.downtime_minutes'?
    """
    ex = _lookup(exercise_id)
    if answer is ...:
        return CheckResult(ex.id, "not_attempted", "⏳ Not attempted yet: replace the ... "
                           "with your answer and run the cell again.")
    want = _reference(ex)
    try:
        got, problem = _PARSERS[ex.kind](answer, ex)
        if problem is None:
            problem = _compare(ex, got, want)
    except Exception as exc:  # an exotic object broke comparison: still the learner's answer
        got, problem = None, (f"your answer {_short(answer)} could not be compared "
                              f"({type(exc).__name__}: {_short(exc)}).")
    if problem is None:
        result = CheckResult(ex.id, "correct", f"✅ Correct! {_shown(ex, got)} is right.")
    else:
        problem = problem[0].upper() + problem[1:] if problem else problem
        result = CheckResult(ex.id, "incorrect", f"❌ Not yet: {problem} Hint: {ex.hint}")
    _record(ex.id, result.status)
    return result


def hint(exercise_id: str) -> Note:
    """Return the hint of an exercise (it renders itself in a notebook).

    Raises
    ------
    ValueError, TypeError
        If ``exercise_id`` is not a registered exercise id.

    Examples
    --------
    >>> print(hint("start.downtime_minutes").text)
    The error budget is the share (1 - target) of all the minutes in the window.
    """
    ex = _lookup(exercise_id)
    return Note(ex.id, "hint", ex.hint)


def solution(exercise_id: str) -> Note:
    """Return the reference answer of an exercise and the code that computes it.

    The answer is computed from the course's data and functions, the same way
    :func:`check` computes it.

    Raises
    ------
    ValueError, TypeError
        If ``exercise_id`` is not a registered exercise id.
    RuntimeError
        If the reference answer cannot be computed (a bug in the course).

    Examples
    --------
    >>> print(solution("start.downtime_minutes").text)
    the answer is 43.2 minutes.
    """
    ex = _lookup(exercise_id)
    return Note(ex.id, "solution", f"the answer is {_shown(ex, _reference(ex))}.",
                ex.solution_code)


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
    for notebook in dict.fromkeys(e.notebook for e in EXERCISES):
        ids = [e.id for e in EXERCISES if e.notebook == notebook]
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


def _record(exercise_id: str, status: str) -> None:
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


# =========================================================================== the registry
# One block per notebook, in course order. Ids are "<notebook key>.<slug>"; every
# exercise of a notebook shares its key. Reference answers are computed from the
# course's data and functions (lazily, once), never typed in.


def _minutes_allowed(slo_target: float, *, window_days: float) -> float:
    """Minutes of full downtime an SLO target allows over a window."""
    # sl.allowed_downtime (slo.py) is the course's function for this; use it once it
    # exists and fall back to its formula, (1 - target) x window, until then.
    from . import slo

    if hasattr(slo, "allowed_downtime"):
        return slo.allowed_downtime(slo_target, window_days=window_days) / _dt.timedelta(minutes=1)
    return (1 - slo_target) * window_days * 24 * 60


#: The outline's four organizational maturity stages (course outline §1).
MATURITY_STAGES = ("ad hoc", "reactive", "proactive", "predictive")

EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------ 00_start_here (key "start")
    Exercise(
        id="start.downtime_minutes",
        notebook="00_start_here",
        prompt="A service promises 99.9 % availability over 30 days. How many minutes "
               "may it be completely down in that window?",
        kind="number", unit="minutes",
        reference=lambda: _minutes_allowed(0.999, window_days=30),
        hint="The error budget is the share (1 - target) of all the minutes in the window.",
        solution_code=(
            "slo_target = 0.999\n"
            "window_minutes = 30 * 24 * 60      # 43,200 minutes in 30 days\n"
            "answer = (1 - slo_target) * window_minutes\n"
        ),
    ),
    Exercise(
        id="start.maturity_stage",
        notebook="00_start_here",
        prompt="Kim's team has dashboards and alerts, but looks at them mostly after "
               "customers complain, and has no SLOs yet. Which maturity stage describes "
               "the team: 'ad hoc', 'reactive', 'proactive' or 'predictive'?",
        kind="choice", choices=MATURITY_STAGES,
        reference=lambda: MATURITY_STAGES[1],
        hint="Ask two questions: is there observability at all, and is it used before or "
             "after things break?",
        solution_code=(
            "# Observability exists (so not 'ad hoc') but is used after the fact,\n"
            "# and there are no SLOs or error budgets to plan with (so not 'proactive').\n"
            "answer = \"reactive\"\n"
        ),
    ),
    Exercise(
        id="start.weekly_downtime",
        notebook="00_start_here",
        prompt="Give your answer as a datetime.timedelta: how much downtime does a "
               "99.99 % target allow over 7 days?",
        kind="timedelta",
        reference=lambda: _dt.timedelta(minutes=_minutes_allowed(0.9999, window_days=7)),
        hint="Same idea as 99.9 % over 30 days: (1 - target) × window; "
             "datetime.timedelta(days=7) * fraction is a duration.",
        solution_code=(
            "import datetime\n"
            "answer = (1 - 0.9999) * datetime.timedelta(days=7)   # about one minute\n"
        ),
    ),
    Exercise(
        id="start.budget_spent",
        notebook="00_start_here",
        prompt="A service with a 99.9 % target over 30 days was down for 50 minutes this "
               "window. Is its error budget spent? Answer True or False.",
        kind="bool",
        reference=lambda: 50 > _minutes_allowed(0.999, window_days=30),
        hint="Compare the 50 minutes with the budget from the first exercise.",
        solution_code=(
            "budget_minutes = (1 - 0.999) * 30 * 24 * 60   # 43.2 minutes\n"
            "answer = 50 > budget_minutes\n"
        ),
    ),
    # ------------------------------------------------------------ 01_introduction (key "intro")
    # (exercises of 01_introduction go here)
]
