"""The checking engine: :class:`Exercise`, :func:`check`, :func:`hint`, :func:`solution`.

A wrong answer of any kind (a string, ``None``, NaN, a list of the wrong length)
is a learner's slip, so it becomes a friendly "not yet", never an exception;
only an unknown exercise id (a bug in the course) raises. An answer that equals
what a known wrong method gives (a *misconception* registered with the exercise)
is told which method that is.

Reference answers are computed from the course's data and functions on the
first check (then cached), never typed in. Registries live in one module per
course section (``sre_lab/exercises/s*.py``); :mod:`._registry` collects them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import decimal
import difflib
import html
import math
import numbers
import re
import sys
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .._validation import message

__all__ = [
    "check",
    "hint",
    "solution",
    "exercise",
    "exercise_ids",
    "Exercise",
    "CheckResult",
]

KINDS = ("number", "numbers", "choice", "set", "bool", "timedelta")
STATUSES = ("correct", "incorrect", "not_attempted")
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*$")
_MAX_ITEMS = 100_000  # longer collections are not answers to our questions


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
        e.g. ``"00_start_here"`` or ``"02_slos/1a_slis_and_user_journeys"``.
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
    misconceptions : sequence of (str, callable), optional
        Known wrong methods: each callable (no arguments) returns the answer that
        method gives, and the text names the method ("you divided by all
        requests, not the successful ones"). :func:`check` tells a learner whose
        answer matches one which slip it is. Every ``number``, ``numbers`` and
        ``timedelta`` exercise registers at least one (a test checks). For a
        ``choice`` exercise a misconception is a wrong option and the text says
        what reasoning leads there ("you looked only at the budget left").
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
    misconceptions: tuple[tuple[str, Callable[[], Any]], ...] = ()

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
        misconceptions = tuple(tuple(m) for m in self.misconceptions)
        object.__setattr__(self, "misconceptions", misconceptions)
        for entry in misconceptions:
            if (len(entry) != 2 or not isinstance(entry[0], str) or not entry[0].strip()
                    or not callable(entry[1])):
                raise TypeError(message(
                    "Exercise.misconceptions", "a sequence of (text, function) pairs", entry,
                    "The text names the wrong method: 'divided by all requests'."))
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
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        # Categorical numbers (an approach number, a slider step) are choices:
        # the learner may type them without quotes.
        numeric = {}
        for choice in ex.choices:
            with contextlib.suppress(ValueError, OverflowError, TypeError):
                numeric[choice] = float(choice.replace(",", ""))
        for choice, number in numeric.items():
            with contextlib.suppress(ValueError, OverflowError, TypeError):
                if number == float(value):
                    return choice, None
        if numeric and len(numeric) == len(ex.choices):
            return None, f"{_short(value)} is not one of the options ({options})."
    if not isinstance(value, str):
        if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], str):
            return None, f"you gave a list; give the option itself as text: {options}."
        problem = _collection_problem(value, wanted)
        return None, problem or f"you gave {_short(value)}; give {wanted}."
    normal = _normal_text(value)
    lookup = {_normal_text(c): c for c in ex.choices}
    if normal in lookup:
        return lookup[normal], None
    compact = {k.replace(" ", ""): c for k, c in lookup.items()}  # "99.9%" is "99.9 %"
    if len(compact) == len(lookup) and normal.replace(" ", "") in compact:
        return compact[normal.replace(" ", "")], None
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
        return "{" + ", ".join(sorted(repr(v) for v in value)) + "}" if value else "an empty set"
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


_DURATION_UNITS = (1.0, 60.0, 3600.0, 86400.0)  # a duration may be rounded in s, min, h or d
_ROUNDING_MODES = (decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN)


def _roundings(want: float) -> set[float]:
    """What ``want`` becomes when rounded (or cut) to 1-4 significant digits or 0-4 decimals.

    >>> sorted(_roundings(43.2))
    [40.0, 43.0, 43.2]
    """
    if not math.isfinite(want) or want == 0:
        return set()
    values = set()
    with decimal.localcontext() as context:
        context.prec = 80
        exact = decimal.Decimal(repr(float(want)))
        leading = exact.adjusted()  # 10**leading is the place of the first significant digit
        # 0-4 decimals, but never coarser than the first significant digit (0.72 -> 1 is
        # not a rounding of 0.72 a learner makes), and 1-4 significant digits.
        steps = [decimal.Decimal(1).scaleb(-places) for places in range(5) if -places <= leading]
        steps += [decimal.Decimal(1).scaleb(leading - digits + 1) for digits in range(1, 5)]
        for step in steps:
            for mode in _ROUNDING_MODES:
                try:
                    values.add(float(exact.quantize(step, rounding=mode)))
                except decimal.InvalidOperation:  # pragma: no cover - beyond 80 digits
                    continue
    return values


def _is_rounding(got: float, want: float) -> bool:
    """True when ``got`` is ``want`` rounded too early (and still has a digit of it right).

    Only then does a learner read "avoid rounding too early"; an answer that is
    merely near the reference is told "too high" or "too low".

    >>> _is_rounding(43.0, 43.2), _is_rounding(40.0, 43.2), _is_rounding(42.0, 43.2)
    (True, True, False)
    >>> _is_rounding(0.926, 0.925926), _is_rounding(0.0, 0.3)
    (True, False)
    """
    if not (math.isfinite(got) and math.isfinite(want)) or want == 0:
        return False
    return any(r != 0 and abs(r - want) <= 0.5 * abs(want)
               and math.isclose(got, r, rel_tol=1e-9, abs_tol=1e-12)
               for r in _roundings(want))


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
    if any(_is_rounding(got / factor, want / factor) for factor in (_DURATION_UNITS if long
                                                                     else (1.0,))):
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
        # Say how many are wrong, never which: naming them would let trial and error solve it.
        right, missing, extra = got & want, want - got, got - want
        if not got:
            return "your answer is empty; give the items you choose."
        if not extra:
            mine = "your item is" if len(got) == 1 else f"all {len(got)} of your items are"
            return (f"{mine} right, but {len(missing)} expected "
                    f"{'item is' if len(missing) == 1 else 'items are'} missing.")
        parts = [f"{len(right)} of your {_count_text(len(got), 'item')} "
                 f"{'is' if len(right) == 1 else 'are'} right"]
        if extra:
            parts.append(f"{len(extra)} {'does' if len(extra) == 1 else 'do'} not belong")
        if missing:
            parts.append(f"{len(missing)} expected {'item is' if len(missing) == 1 else 'items are'}"
                         " missing")
        return "; ".join(parts) + "."
    if ex.kind == "choice":
        return None if got == want else f"{got!r} is not the best answer."
    # bool
    return None if got == want else f"{got} is not right."


# --------------------------------------------------------------------------- registry access


def _all_exercises() -> list[Exercise]:
    from ._registry import all_exercises

    return all_exercises()


def _lookup(exercise_id: Any) -> Exercise:
    from ._registry import lookup

    return lookup("exercise", "exercise_id", exercise_id)


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


_MISCONCEPTIONS: dict[Exercise, tuple] = {}


def _misconception_values(ex: Exercise) -> tuple:
    """``(text, parsed wrong answer)`` of each registered misconception (computed once)."""
    if ex not in _MISCONCEPTIONS:
        values = []
        for text, wrong in ex.misconceptions:
            try:
                value, problem = _PARSERS[ex.kind](wrong(), ex)
            except Exception as exc:
                raise RuntimeError(f"Misconception {text!r} of exercise {ex.id!r} could not be "
                                   f"computed ({type(exc).__name__}: {exc}). This is a bug in "
                                   "the course.") from exc
            if problem is None:
                values.append((text, value))
        _MISCONCEPTIONS[ex] = tuple(values)
    return _MISCONCEPTIONS[ex]


def _misconception(ex: Exercise, got: Any) -> str | None:
    """The sentence naming the known wrong method ``got`` matches, or None."""
    for text, value in _misconception_values(ex):
        if _compare(ex, got, value) is None:
            return f"{_shown(ex, got)} is what you get if {text}."
    return None


def exercise(exercise_id: str) -> Exercise:
    """Return the registry entry of an exercise.

    Its ``reference()`` computes the answer from the course's data (the same core
    functions the notebook calls) and ``misconceptions`` lists the known wrong
    methods as ``(text, function)`` pairs, each function returning the answer
    that method gives.

    Raises
    ------
    ValueError, TypeError
        If ``exercise_id`` is not a registered exercise id.

    Examples
    --------
    >>> ex = exercise("start.downtime_minutes")
    >>> round(ex.reference(), 1)
    43.2
    >>> text, wrong = ex.misconceptions[0]
    >>> check("start.downtime_minutes", wrong()).correct
    False
    """
    return _lookup(exercise_id)


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
    return tuple(e.id for e in _all_exercises() if wanted is None or e.notebook == wanted)


def _notebook(name: Any) -> str:
    from ._registry import find_notebook

    return find_notebook(name)


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
            if problem is not None:
                problem = _misconception(ex, got) or problem
    except Exception as exc:  # an exotic object broke comparison: still the learner's answer
        got, problem = None, (f"your answer {_short(answer)} could not be compared "
                              f"({type(exc).__name__}: {_short(exc)}).")
    if problem is None:
        result = CheckResult(ex.id, "correct", f"✅ Correct! {_shown(ex, got)} is right.")
    else:
        problem = problem[0].upper() + problem[1:] if problem else problem
        result = CheckResult(ex.id, "incorrect", f"❌ Not yet: {problem} Hint: {ex.hint}")
    from ._progress import record

    record(ex.id, result.status, kind="exercises")
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


