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
    Exercise(
        id="intro.checkout_sli",
        notebook="01_introduction",
        prompt="What was checkout's availability SLI over the 28 days, as a fraction "
               "(for example 0.9987)?",
        kind="number", rel_tol=0.0, abs_tol=5e-6,
        reference=lambda: _intro_sli("checkout"),
        hint="Good events are the requests that did not fail: (requests - errors) summed "
             "over all minutes, divided by all requests. Sum first, then divide.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "answer = 1 - checkout[\"errors\"].sum() / checkout[\"requests\"].sum()\n"
        ),
    ),
    Exercise(
        id="intro.checkout_budget",
        notebook="01_introduction",
        prompt="How many failed requests did a 99.9 % availability SLO allow checkout "
               "over these 28 days?",
        kind="number", unit="requests", rel_tol=0.002,
        reference=lambda: _intro_budget("checkout", 0.999),
        hint="The budget is the share (1 - target) of all the requests of the window.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "answer = (1 - 0.999) * checkout[\"requests\"].sum()   # sl.error_budget agrees\n"
        ),
    ),
    Exercise(
        id="intro.checkout_spent",
        notebook="01_introduction",
        prompt="What fraction of that 99.9 % budget had checkout spent by the end of the "
               "28 days (1.0 would be all of it)?",
        kind="number", rel_tol=0.005,
        reference=lambda: _intro_gate("checkout", 0.999, "2026-11-02").consumed,
        hint="Failed requests divided by the failed requests the budget allows.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "allowed = (1 - 0.999) * checkout[\"requests\"].sum()\n"
            "answer = checkout[\"errors\"].sum() / allowed\n"
        ),
    ),
    Exercise(
        id="intro.strictest_go",
        notebook="01_introduction",
        prompt="On the morning of Friday 30 October, what is the strictest SLO target on "
               "the dashboard's slider at which checkout may still ship a new feature "
               "(decision 'go')? Answer with the target as a fraction.",
        kind="number", rel_tol=0.0, abs_tol=1e-9,
        reference=lambda: max(t for t in _INTRO_TARGETS
                              if _intro_gate("checkout", t, "2026-10-30").decision.decision
                              == "go"),
        hint="Set the service to checkout and the day to Fri 30 Oct, then move the SLO "
             "slider up one step at a time and watch the decision.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "before = checkout.loc[:\"2026-10-29 23:59\"]     # what is known that morning\n"
            "last_week = before.loc[\"2026-10-23\":]\n"
            "go = []\n"
            "for target in [0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999]:\n"
            "    left = sl.budget_over_time(before, slo_target=target, window_days=28)\n"
            "    week = sl.budget_over_time(last_week, slo_target=target, window_days=7)\n"
            "    verdict = sl.release_decision(left[\"remaining\"].iloc[-1],\n"
            "                                  burn_rate=week[\"window_burn_rate\"].iloc[-1])\n"
            "    if verdict.decision == \"go\":\n"
            "        go.append(target)\n"
            "answer = max(go)\n"
        ),
    ),
    Exercise(
        id="intro.monday_decision",
        notebook="01_introduction",
        prompt="Keep checkout at 99.9 %, and move the day to Monday 2 November, after "
               "Friday's incidents. What does the policy say for a new feature: 'go', "
               "'slow down' or 'freeze'?",
        kind="choice", choices=("go", "slow down", "freeze"),
        reference=lambda: _intro_gate("checkout", 0.999, "2026-11-02").decision.decision,
        hint="Read the remaining budget and the 7-day burn rate in the dashboard's summary, "
             "then the policy's thresholds: freeze below 0 % left; slow down below 25 % left "
             "or above 1.5x over 7 days.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "left = sl.budget_over_time(checkout, slo_target=0.999, window_days=28)\n"
            "week = sl.budget_over_time(checkout.loc[\"2026-10-26\":], slo_target=0.999,\n"
            "                           window_days=7)\n"
            "answer = sl.release_decision(left[\"remaining\"].iloc[-1],\n"
            "                             burn_rate=week[\"window_burn_rate\"].iloc[-1]).decision\n"
        ),
    ),
    # ------------------------------------------ 02_slos/1_beginner_slo_foundations (key "slo1")
    Exercise(
        id="slo1.good_slis",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="Which of the candidate metrics in sl.exercises.SLI_CANDIDATES are good SLIs "
               "for checkout? Answer with the set of their keys.",
        kind="set",
        reference=lambda: {k for k, (_, good, _) in SLI_CANDIDATES.items() if good},
        hint="A good SLI is a ratio of good events to valid events that users feel: it must "
             "drop when users are hurt (INC-006!) and stay high when they are not.",
        solution_code=(
            "# ratios of good to valid events, seen from the user's side:\n"
            "answer = {\"success_ratio\", \"fast_ratio\", \"good_minutes\"}\n"
        ),
    ),
    Exercise(
        id="slo1.realistic_share",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="In what share of the past year's 28-day windows (every 28 consecutive days "
               "of sl.load_daily_history('checkout')) did checkout's availability meet "
               "99.9 %? Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=lambda: _slo1_share_of_windows_met("checkout", 0.999),
        hint="Sum requests and errors over each 28 consecutive days (.rolling(28).sum()), "
             "drop the incomplete first windows, compute 1 - errors/requests per window, "
             "then take the mean of (availability >= 0.999).",
        solution_code=(
            "daily = sl.load_daily_history(\"checkout\").set_index(\"date\")\n"
            "windows = daily[[\"requests\", \"errors\"]].rolling(28).sum().dropna()\n"
            "availability = 1 - windows[\"errors\"] / windows[\"requests\"]\n"
            "answer = (availability >= 0.999).mean()\n"
        ),
    ),
    Exercise(
        id="slo1.latency_budget",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="Checkout's latency SLO: 99 % of successful requests within 500 ms, over the "
               "28 days of data. How many slow requests does its error budget allow?",
        kind="number", unit="slow requests", rel_tol=0.002,
        reference=lambda: _slo1_latency_budget("checkout", 0.99),
        hint="The valid events of a latency SLI are the successful requests "
             "(requests - errors), not all requests; the budget is (1 - target) of them.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "successful = (checkout[\"requests\"] - checkout[\"errors\"]).sum()\n"
            "answer = sl.error_budget(0.99, successful)\n"
        ),
    ),
    Exercise(
        id="slo1.exhaustion_9995",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="One step down from 99.99 %: set checkout's availability target to 99.95 % "
               "over 28 days. At the burn rate of those 28 days, how long would a whole "
               "28-day error budget last? Answer with a datetime.timedelta.",
        kind="timedelta", rel_tol=0.01,
        reference=lambda: _slo1_exhaustion("checkout", 0.9995, 28),
        hint="Burn rate = error ratio of the 28 days / (1 - target); a budget lasts "
             "window / burn rate (sl.time_to_exhaustion(burn, window_days=28)). The tuner "
             "shows the burn rate over the window.",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "burn = sl.burn_rate(1 - sl.availability_sli(checkout), 0.9995)\n"
            "answer = sl.time_to_exhaustion(burn, window_days=28)\n"
        ),
    ),
    Exercise(
        id="slo1.spike_budget_share",
        notebook="02_slos/1_beginner_slo_foundations",
        prompt="Sam's error spike: in checkout's last week (from Monday 26 October), find the "
               "clock hour with the highest error ratio and the checkout incident running "
               "in that hour. What share of checkout's 28-day 99.9 % error budget did the "
               "failed requests between that incident's started and mitigated times spend? "
               "Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=lambda: _slo1_spike_share("checkout", 0.999, since="2026-10-26"),
        hint="Resample the last week to hours and take (errors / requests).idxmax(); keep the "
             "checkout incident with started < hour + 1 h and mitigated > hour; sum the "
             "errors from started (inclusive) to mitigated (exclusive) and divide by "
             "sl.error_budget(0.999, all 28 days of requests).",
        solution_code=(
            "import pandas as pd\n"
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "hourly = checkout.loc[\"2026-10-26\":, [\"requests\", \"errors\"]].resample(\"1h\").sum()\n"
            "peak = (hourly[\"errors\"] / hourly[\"requests\"]).idxmax()\n"
            "inc = sl.load_incidents()\n"
            "mine = inc[(inc[\"service\"] == \"checkout\") & (inc[\"started\"] < peak + pd.Timedelta(\"1h\"))\n"
            "           & (inc[\"mitigated\"] > peak)].iloc[0]\n"
            "during = checkout[(checkout.index >= mine[\"started\"])\n"
            "                  & (checkout.index < mine[\"mitigated\"])]\n"
            "answer = during[\"errors\"].sum() / sl.error_budget(0.999, checkout[\"requests\"].sum())\n"
        ),
    ),
    # ------------------------------ 02_slos/2_intermediate_burn_rate_alerting (key "slo2")
    Exercise(
        id="slo2.worst_hour_burn",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="Marisol's error-rate objective is 0.5 % (an SLO of 99.5 %). Split payment's "
               "traffic during INC-012 (started 16:00, mitigated 19:00 UTC on 30 October) into "
               "its three clock hours. What was the highest hourly burn rate?",
        kind="number", unit="× (burn rate)", rel_tol=0.01,
        reference=lambda: _slo2_worst_hour_burn(0.995),
        hint="Per hour: burn rate = (errors / requests) / (1 - 0.995). Sum requests and "
             "errors per hour first (.resample('1h').sum()), never average minute ratios.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "hours = payment.loc[\"2026-10-30 16:00\":\"2026-10-30 18:59\", "
            "[\"requests\", \"errors\"]].resample(\"1h\").sum()\n"
            "answer = sl.burn_rate(hours[\"errors\"] / hours[\"requests\"], 0.995).max()\n"
        ),
    ),
    Exercise(
        id="slo2.detection_minutes",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="After a clean history, payment starts failing 2 % of its requests and keeps "
               "doing so. At 99.9 % with the Workbook's 30-day thresholds, how long does the "
               "6 h / 30 min page (burn rate 6) take to fire? Answer with a datetime.timedelta.",
        kind="timedelta", rel_tol=0.01,
        reference=lambda: _slo2_detection(0.02, 0.999),
        hint="The 6-hour ratio grows linearly from 0 to 2 %; the rule fires when it passes "
             "6 x (1 - 0.999). Time = window x threshold / error ratio "
             "(sl.detection_time).",
        solution_code=(
            "page_6h = sl.workbook_policy(0.999)[1]          # 6x over 6 h and 30 min\n"
            "answer = sl.detection_time(0.02, page_6h, slo_target=0.999)\n"
        ),
    ),
    Exercise(
        id="slo2.best_recall",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="Grade the Workbook's six approaches on checkout at 99.9 % (28-day rules, "
               "significant incidents as defined in the notebook). Which approach had the "
               "best recall? Answer with its number, 1 to 6.",
        kind="number", unit="(approach number)", rel_tol=0.0, abs_tol=0.1,
        reference=lambda: _slo2_best_recall("checkout", 0.999),
        hint="Build each approach with sl.workbook_approach(n, 0.999, window_days=28), replay "
             "it with sl.evaluate_alerts and score it with sl.alert_quality against the "
             "significant incidents; compare the .recall values (the table in the notebook).",
        solution_code=(
            "checkout = sl.load_requests(service=\"checkout\")\n"
            "inc = sl.load_incidents()\n"
            "hits = inc[inc[\"service\"].isin([\"checkout\", *sl.DEPENDENCIES[\"checkout\"]])\n"
            "           & (inc[\"kind\"] == \"errors\")]\n"
            "shares = sl.incident_budget_shares(checkout, hits.drop(columns=\"service\"),\n"
            "                                   slo_target=0.999, excess_only=True)\n"
            "significant = hits[shares[\"budget_share\"].to_numpy() >= 0.01]\n"
            "recall = {n: sl.alert_quality(sl.evaluate_alerts(\n"
            "              checkout, sl.workbook_approach(n, 0.999, window_days=28),\n"
            "              slo_target=0.999), significant).recall for n in range(1, 7)}\n"
            "answer = max(recall, key=recall.get)\n"
        ),
    ),
    Exercise(
        id="slo2.first_page",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="Replay sl.workbook_policy(0.999, window_days=28) over payment. Which rule "
               "fired first during INC-012: 'page_1h_5m', 'page_6h_30m' or 'ticket_3d_6h'?",
        kind="choice", choices=("page_1h_5m", "page_6h_30m", "ticket_3d_6h"),
        reference=lambda: _slo2_first_rule("payment", "INC-012", 0.999),
        hint="Cut the firing table to the incident's minutes and take each column's first "
             "True (.idxmax() on a column that has one); the earliest wins.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "firing = sl.evaluate_alerts(payment, sl.workbook_policy(0.999, window_days=28),\n"
            "                            slo_target=0.999)\n"
            "during = firing.loc[\"2026-10-30 16:00\":\"2026-10-30 18:59\"]\n"
            "answer = min(during.columns[during.any()], key=lambda c: during[c].idxmax())\n"
        ),
    ),
    Exercise(
        id="slo2.postmortems",
        notebook="02_slos/2_intermediate_burn_rate_alerting",
        prompt="At 99.9 % over the 28 days, which payment incidents need a postmortem under "
               "the Workbook's rule (one incident spending more than 20 % of the four-week "
               "budget)? Answer with the set of incident ids.",
        kind="set",
        reference=lambda: _slo2_postmortems("payment", 0.999),
        hint="sl.incident_budget_shares(traffic, incidents, slo_target=...) counts each "
             "incident's failed requests against the 28-day budget and says which need one.",
        solution_code=(
            "payment = sl.load_requests(service=\"payment\")\n"
            "inc = sl.load_incidents()\n"
            "own = inc[inc[\"service\"] == \"payment\"].drop(columns=\"service\")\n"
            "shares = sl.incident_budget_shares(payment, own, slo_target=0.999)\n"
            "answer = set(shares.loc[shares[\"postmortem_required\"], \"id\"])\n"
        ),
    ),
    # ------------------------------------- 02_slos/3_advanced_enterprise_slos (key "slo3")
    Exercise(
        id="slo3.page_floor",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="With MicroCorp's 28-day window, what is the lowest SLO target (a fraction) "
               "above which the fastest page of sl.workbook_policy (page_1h_5m) can fire?",
        kind="number", rel_tol=1e-4,
        reference=lambda: _slo3_page_floor(28),
        hint="No service burns faster than when every request fails: the largest burn rate "
             "is 1 / (1 - target). Solve 1 / (1 - target) = the page's burn rate (13.44 for "
             "a 28-day window, not the 14.4 of 30 days).",
        solution_code=(
            "page = sl.workbook_policy(0.999, window_days=28)[0]   # the 1 h / 5 min page\n"
            "answer = 1 - 1 / page.burn_rate                       # 1 / (1 - t) = burn rate\n"
        ),
    ),
    Exercise(
        id="slo3.releases_blocked",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="Replay the quarter with sl.simulate_release_quarter for search at its Gold "
               "target (99.9 %): how many of its planned releases did the gate block?",
        kind="number", unit="releases", rel_tol=0.0,
        reference=lambda: _slo3_quarter("search").releases_blocked,
        hint="sl.simulate_release_quarter(daily counts, slo_target=...) returns a "
             "ReleaseQuarter; its releases_blocked counts the releases held by a freeze.",
        solution_code=(
            "quarter = sl.simulate_release_quarter(sl.load_daily_history(\"search\"),\n"
            "                                      slo_target=sl.SLO_TIERS[\"gold\"].target)\n"
            "answer = quarter.releases_blocked\n"
        ),
    ),
    Exercise(
        id="slo3.p_exhaust",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="With sl.forecast_budget_exhaustion on payment's year of daily history, its "
               "Platinum target, window_days=28, elapsed_days=14, n_paths=10_000 and rng=0: "
               "what is the probability that payment misses its SLO over the 28 days ending "
               "15 November? Answer as a fraction.",
        kind="number", abs_tol=0.02, rel_tol=0.0,
        reference=lambda: _slo3_forecast("payment").probability_exhausted,
        hint="The target is sl.SLO_TIERS['platinum'].target (99.95 %); the answer is the "
             "forecast's probability_exhausted.",
        solution_code=(
            "forecast = sl.forecast_budget_exhaustion(\n"
            "    sl.load_daily_history(\"payment\"), slo_target=sl.SLO_TIERS[\"platinum\"].target,\n"
            "    window_days=28, elapsed_days=14, n_paths=10_000, rng=0)\n"
            "answer = forecast.probability_exhausted\n"
        ),
    ),
    Exercise(
        id="slo3.workers_at_peak",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="If checkout's latency SLO were tightened to 99.8 % of successful requests "
               "within 500 ms, how many workers would it need at the 90-day forecast peak, "
               "including the N+2 headroom (same peak and fitted queue as in section 3)?",
        kind="number", unit="workers", rel_tol=0.0,
        reference=lambda: _slo3_capacity(0.998).servers_with_headroom,
        hint="sl.capacity_needed(peak_rps, service_time_ms=..., latency_threshold_ms=500, "
             "latency_target=0.998, headroom_servers=2).servers_with_headroom",
        solution_code=(
            "history = sl.load_daily_history(\"checkout\")\n"
            "minutes = sl.load_requests(service=\"checkout\")\n"
            "peak_rps = sl.forecast_peak_rps(sl.fit_traffic_growth(history), horizon_days=90,\n"
            "                                peak_to_mean_ratio=sl.peak_to_mean_ratio(minutes),\n"
            "                                quantile=0.9)\n"
            "plan = sl.capacity_needed(peak_rps, service_time_ms=78,   # the queue fitted in 3.3\n"
            "                          latency_threshold_ms=500, latency_target=0.998,\n"
            "                          headroom_servers=2)\n"
            "answer = plan.servers_with_headroom\n"
        ),
    ),
    Exercise(
        id="slo3.at_risk",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="Which service does the executive roll-up flag as at risk (policy status "
               "'slow down')? Answer with its name.",
        kind="choice", choices=("checkout", "payment", "search", "notifications"),
        reference=lambda: next(s for s, d in _slo3_statuses().items() if d == "slow down"),
        hint="Look at the roll-up's status column: 'freeze' means the budget is exhausted, "
             "'slow down' that less than 25 % is left or the last week burned faster than 1.5x.",
        solution_code=(
            "tier_of = {\"checkout\": \"gold\", \"payment\": \"platinum\", \"search\": \"gold\",\n"
            "           \"notifications\": \"silver\"}\n"
            "status = {}\n"
            "for service, tier in tier_of.items():\n"
            "    target = sl.SLO_TIERS[tier].target\n"
            "    daily = sl.load_daily_history(service)\n"
            "    month, week = daily.iloc[-28:], daily.iloc[-7:]\n"
            "    left = 1 - month[\"errors\"].sum() / ((1 - target) * month[\"requests\"].sum())\n"
            "    burn = week[\"errors\"].sum() / week[\"requests\"].sum() / (1 - target)\n"
            "    status[service] = sl.release_decision(left, burn_rate=burn).decision\n"
            "answer = next(s for s, d in status.items() if d == \"slow down\")\n"
        ),
    ),
    Exercise(
        id="slo3.surge_workers",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="Marketing now expects 1.8x normal traffic for the campaign week. What is "
               "the fewest checkout workers for which the re-forecast gives P(SLA breach "
               "next week) < 5 % (SLA: 98 % within 500 ms per week)?",
        kind="number", unit="workers", rel_tol=0.0,
        reference=lambda: _slo3_surge_workers(1.8),
        hint="Reuse the notebook's campaign(multiplier, workers) and sla_week(...) with "
             "multiplier 1.8, for 2, 3, 4... workers, and keep the first with "
             "probability_exhausted < 0.05.",
        solution_code=(
            "import pandas as pd\n"
            "minutes = sl.load_requests(service=\"checkout\")\n"
            "five = minutes[[\"requests\", \"errors\"]].resample(\"5min\").sum()\n"
            "\n"
            "def p_breach(multiplier, workers, service_time_ms=78):   # the queue fitted in 3.3\n"
            "    slow = sl.mmc_response_time_tail(\n"
            "        500, arrival_rate_rps=five[\"requests\"].to_numpy() * multiplier / 300,\n"
            "        service_time_ms=service_time_ms, servers=workers)\n"
            "    ok = (five[\"requests\"] - five[\"errors\"]) * multiplier\n"
            "    week = pd.DataFrame({\"valid\": ok, \"good\": ok * (1 - slow)}).resample(\"1h\").sum()\n"
            "    return sl.forecast_budget_exhaustion(week, slo_target=0.98, window_days=7,\n"
            "                                         elapsed_days=0, n_paths=2_000,\n"
            "                                         rng=0).probability_exhausted\n"
            "\n"
            "answer = next(w for w in range(2, 20) if p_breach(1.8, w) < 0.05)\n"
        ),
    ),
]

# Reference helpers of 01_introduction (called lazily by the entries above).
_INTRO_TARGETS = (0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999)  # the dashboard's slider


def _intro_sli(service: str) -> float:
    from .datasets import load_requests
    from .slo import availability_sli

    return availability_sli(load_requests(service=service))


def _intro_budget(service: str, slo_target: float) -> float:
    from .datasets import load_requests
    from .slo import error_budget

    return float(error_budget(slo_target, load_requests(service=service)["requests"].sum()))


def _intro_gate(service: str, slo_target: float, day: str):
    import pandas as pd

    from .datasets import load_requests
    from .policy import release_gate

    return release_gate(load_requests(service=service), slo_target=slo_target,
                        at=pd.Timestamp(day, tz="UTC"))


# Reference helpers of 02_slos/1_beginner_slo_foundations (key "slo1"), called lazily.
#: Candidate metrics for checkout's SLIs: key -> (what it measures, good SLI?, why).
#: The notebook shows the keys and descriptions; the verdicts are the exercise's answer.
SLI_CANDIDATES = {
    "requests_served": ("checkout requests served per day", False,
                        "volume, not quality: it stayed normal through INC-006 while "
                        "users waited"),
    "cpu": ("CPU utilisation of the checkout hosts", False,
            "a cause to investigate, not what users feel: busy CPUs with fast answers "
            "hurt nobody"),
    "success_ratio": ("successful checkout requests / all checkout requests", True,
                      "availability: good events / valid events, as users see them"),
    "fast_ratio": ("successful requests answered within 500 ms / successful requests", True,
                   "latency against a threshold users notice"),
    "pod_uptime": ("share of time the checkout processes were running", False,
                   "a process can be up and still fail or crawl"),
    "good_minutes": ("share of minutes in which at least 99 % of requests succeeded", True,
                     "a time-slice SLI: good minutes / all minutes"),
    "mean_latency": ("average response time of all requests", False,
                     "not a good/valid ratio, and a mean hides the slow tail users "
                     "complain about"),
}


def _slo1_share_of_windows_met(service: str, slo_target: float) -> float:
    from .datasets import load_daily_history
    from .slo import availability_sli

    daily = load_daily_history(service).set_index("date")[["requests", "errors"]]
    met = [availability_sli(daily.iloc[i - 28:i]) >= slo_target
           for i in range(28, len(daily) + 1)]
    return float(np.mean(met))


def _slo1_latency_budget(service: str, slo_target: float) -> float:
    from .datasets import load_requests
    from .slo import error_budget, sli_events

    valid = sli_events(load_requests(service=service), sli="latency", threshold_ms=500)["valid"]
    return float(error_budget(slo_target, valid.sum()))


def _slo1_exhaustion(service: str, slo_target: float, window_days: float):
    from .datasets import load_requests
    from .slo import budget_over_time, time_to_exhaustion

    budget = budget_over_time(load_requests(service=service), slo_target=slo_target,
                              window_days=window_days)
    return time_to_exhaustion(float(budget["window_burn_rate"].iloc[-1]),
                              window_days=window_days)


def _slo1_spike_share(service: str, slo_target: float, *, since: str) -> float:
    import pandas as pd

    from .datasets import load_incidents, load_requests
    from .policy import incident_budget_shares

    traffic = load_requests(service=service)
    hourly = traffic.loc[since:, ["requests", "errors"]].resample("1h").sum()
    peak = (hourly["errors"] / hourly["requests"]).idxmax()
    incidents = load_incidents()
    running = incidents[(incidents["service"] == service)
                        & (incidents["started"] < peak + pd.Timedelta(hours=1))
                        & (incidents["mitigated"] > peak)]
    shares = incident_budget_shares(traffic, running.iloc[:1], slo_target=slo_target,
                                    window_days=28)
    return float(shares["budget_share"].iloc[0])


# Reference helpers of 02_slos/2_intermediate_burn_rate_alerting (key "slo2"), called lazily.
def _slo2_incident(incident_id: str):
    from .datasets import load_incidents

    incidents = load_incidents()
    return incidents[incidents["id"] == incident_id].iloc[0]


def _slo2_worst_hour_burn(slo_target: float) -> float:
    from .datasets import load_requests
    from .slo import burn_rate

    inc = _slo2_incident("INC-012")
    payment = load_requests(service="payment")
    during = payment[(payment.index >= inc["started"]) & (payment.index < inc["mitigated"])]
    hours = during[["requests", "errors"]].resample("1h").sum()
    return float(burn_rate(hours["errors"] / hours["requests"], slo_target).max())


def _slo2_detection(error_ratio: float, slo_target: float):
    from .alerting import detection_time, workbook_policy

    page_6h = next(r for r in workbook_policy(slo_target) if r.long_window_minutes == 360)
    return detection_time(error_ratio, page_6h, slo_target=slo_target)


def _slo2_significant(service: str, slo_target: float, *, window_days: float = 28,
                      min_budget_share: float = 0.01):
    """(traffic, significant incidents): the notebook's ground truth for alert grading."""
    from .alerting import significant_incidents
    from .datasets import load_incidents, load_requests

    traffic = load_requests(service=service)
    return traffic, significant_incidents(traffic, load_incidents(), service=service,
                                          slo_target=slo_target, window_days=window_days,
                                          min_budget_share=min_budget_share)


def _slo2_best_recall(service: str, slo_target: float) -> int:
    from .alerting import alert_quality, evaluate_alerts, workbook_approach

    traffic, significant = _slo2_significant(service, slo_target)
    recall = {n: alert_quality(evaluate_alerts(traffic, workbook_approach(
        n, slo_target, window_days=28), slo_target=slo_target), significant).recall
        for n in range(1, 7)}
    best = max(recall.values())
    winners = [n for n, r in recall.items() if r == best]
    if len(winners) != 1:  # the question assumes one winner; a rebuilt dataset must keep it
        raise ValueError(f"several approaches share the best recall {best}: {winners}")
    return winners[0]


def _slo2_first_rule(service: str, incident_id: str, slo_target: float) -> str:
    from .alerting import evaluate_alerts, workbook_policy
    from .datasets import load_requests

    inc = _slo2_incident(incident_id)
    traffic = load_requests(service=service)
    firing = evaluate_alerts(traffic, workbook_policy(slo_target, window_days=28),
                             slo_target=slo_target)
    during = firing[(firing.index >= inc["started"]) & (firing.index < inc["mitigated"])]
    first = {c: during.index[during[c].to_numpy()][0] for c in during if during[c].any()}
    return min(first, key=first.get)


def _slo2_postmortems(service: str, slo_target: float) -> set:
    from .datasets import load_incidents, load_requests
    from .policy import incident_budget_shares

    incidents = load_incidents()
    own = incidents[incidents["service"] == service].drop(columns="service")
    shares = incident_budget_shares(load_requests(service=service), own, slo_target=slo_target)
    return set(shares.loc[shares["postmortem_required"], "id"])


# Reference helpers of 02_slos/3_advanced_enterprise_slos (key "slo3"), called lazily.
#: The notebook's tier for each service (section 1.2).
_SLO3_TIER_OF = {"checkout": "gold", "payment": "platinum", "search": "gold",
                 "notifications": "silver"}


def _slo3_target(service: str) -> float:
    from .slo import SLO_TIERS

    return SLO_TIERS[_SLO3_TIER_OF[service]].target


def _slo3_page_floor(window_days: int) -> float:
    from .alerting import workbook_policy

    fastest = max(workbook_policy(0.999, window_days=window_days), key=lambda r: r.burn_rate)
    return 1 - 1 / fastest.burn_rate


def _slo3_quarter(service: str):
    from .datasets import load_daily_history
    from .policy import simulate_release_quarter

    return simulate_release_quarter(load_daily_history(service), slo_target=_slo3_target(service))


def _slo3_forecast(service: str):
    from .datasets import load_daily_history
    from .forecasting import forecast_budget_exhaustion

    return forecast_budget_exhaustion(load_daily_history(service), slo_target=_slo3_target(service),
                                      window_days=28, elapsed_days=14, n_paths=10_000, rng=0)


def _slo3_statuses() -> dict:
    """Policy status of each service on the morning after the data (section 4's roll-up)."""
    from .datasets import load_daily_history
    from .policy import release_decision
    from .slo import budget_over_time

    status = {}
    for service in _SLO3_TIER_OF:
        counts = load_daily_history(service).set_index("date")[["requests", "errors"]]
        target = _slo3_target(service)
        month = budget_over_time(counts, slo_target=target, window_days=28)
        week = budget_over_time(counts, slo_target=target, window_days=7)
        status[service] = release_decision(float(month["remaining"].iloc[-1]),
                                           burn_rate=float(week["window_burn_rate"].iloc[-1])
                                           ).decision
    return status


_SLO3_FIT: dict = {}


def _slo3_queue_fit() -> tuple[int, int]:
    """(service_time_ms, workers) of the M/M/c queue that best matches checkout's hours (3.3)."""
    if "fit" in _SLO3_FIT:
        return _SLO3_FIT["fit"]
    from .datasets import load_incidents, load_requests
    from .forecasting import mmc_response_time_tail

    minutes = load_requests(service="checkout")
    incidents = load_incidents()
    calm = minutes
    for _, incident in incidents[(incidents["service"] == "checkout")
                                 & (incidents["kind"] == "latency")].iterrows():
        calm = calm[(calm.index < incident["started"]) | (calm.index >= incident["mitigated"])]
    hourly = calm.groupby(calm.index.hour)
    rate = (hourly["requests"].sum() / (hourly.size() * 60)).to_numpy()
    fast = (hourly["latency_le_500ms"].sum()
            / (hourly["requests"].sum() - hourly["errors"].sum())).to_numpy()
    fits = []
    for service_time_ms in range(60, 101):
        for workers in range(1, 6):
            model = 1 - mmc_response_time_tail(500, arrival_rate_rps=rate,
                                               service_time_ms=service_time_ms, servers=workers)
            fits.append((float(np.sqrt(np.mean((model - fast) ** 2))), service_time_ms, workers))
    _, service_time_ms, workers = min(fits)
    _SLO3_FIT["fit"] = (service_time_ms, workers)
    return service_time_ms, workers


def _slo3_capacity(latency_target: float):
    from .datasets import load_daily_history, load_requests
    from .forecasting import (capacity_needed, fit_traffic_growth, forecast_peak_rps,
                              peak_to_mean_ratio)

    peak = forecast_peak_rps(fit_traffic_growth(load_daily_history("checkout")), horizon_days=90,
                             peak_to_mean_ratio=peak_to_mean_ratio(load_requests(service="checkout")),
                             quantile=0.9)
    service_time_ms, _ = _slo3_queue_fit()
    return capacity_needed(peak, service_time_ms=service_time_ms, latency_threshold_ms=500,
                           latency_target=latency_target, headroom_servers=2)


def _slo3_surge_workers(multiplier: float, *, sla_target: float = 0.98) -> int:
    """Fewest workers with P(weekly latency SLA missed) < 5 % under a traffic surge (section 5)."""
    import pandas as pd

    from .datasets import load_requests
    from .forecasting import forecast_budget_exhaustion, mmc_response_time_tail

    service_time_ms, workers_now = _slo3_queue_fit()
    five = load_requests(service="checkout")[["requests", "errors"]].resample("5min").sum()
    successful = (five["requests"] - five["errors"]) * multiplier
    for workers in range(workers_now, 100):
        slow = mmc_response_time_tail(500, arrival_rate_rps=five["requests"].to_numpy()
                                      * multiplier / 300,
                                      service_time_ms=service_time_ms, servers=workers)
        week = pd.DataFrame({"valid": successful, "good": successful * (1 - slow)}
                            ).resample("1h").sum()
        forecast = forecast_budget_exhaustion(week, slo_target=sla_target, window_days=7,
                                              elapsed_days=0, n_paths=2_000, rng=0)
        if forecast.probability_exhausted < 0.05:
            return workers
    raise ValueError(message("multiplier", "a surge that 100 workers can serve", multiplier))
