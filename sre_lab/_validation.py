"""Input checks shared by every public function of :mod:`sre_lab`.

Each check returns the cleaned value (a ``float``, ``int``, ``str`` or a float
``numpy.ndarray``) so a public function validates once, at its boundary::

    slo_target = check_fraction("slo_target", slo_target)

Every message follows one template, ``"{name} must be {rule}; got {value!r}."``,
followed by a hint where learners often slip (``99.9`` for ``0.999``).
``TypeError`` is raised for the wrong kind of thing, ``ValueError`` for a
wrong value.

What every numeric check refuses, whatever its range:

* booleans, strings, ``None`` and complex numbers (``TypeError``; a complex
  number is never silently cut to its real part);
* numbers too large for a float, such as ``10**400`` (``ValueError``, never a
  raw ``OverflowError``); :func:`check_int` also refuses whole numbers outside
  the 64-bit range numpy and pandas can hold;
* with ``scalar=True`` (:func:`check_real`, :func:`check_fraction`), arrays,
  lists and Series: ``"<name> must be a single number, not an array; got ..."``
  (``TypeError``). Use it for every parameter that is not vectorized, so a
  learner never meets numpy's "truth value of an array is ambiguous".
"""

from __future__ import annotations

import numbers
from typing import Any, Iterable

import numpy as np

__all__: list[str] = []  # private helpers: nothing is re-exported


def message(name: str, rule: str, value: Any, hint: str | None = None) -> str:
    """Return the course's error message for parameter ``name``.

    >>> message("window_days", "a positive number", -3)
    'window_days must be a positive number; got -3.'
    >>> message("slo_target", "a fraction in (0, 1)", 99.9, "Write 99.9% as 0.999.")
    'slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999.'
    """
    text = f"{name} must be {rule}; got {_repr(value)}."
    return f"{text} {hint}" if hint else text


def _repr(value: Any, limit: int = 300) -> str:
    """``repr(value)``, cut to ``limit`` characters, never raising.

    >>> _repr(list(range(200)), limit=20)
    '[0, 1, 2, 3, 4, ...'
    >>> _repr([10**5000])
    'a list'
    """
    try:
        text = repr(_shown(value))
    except Exception:  # e.g. a list holding an integer of 5,000 digits
        return f"a {type(value).__name__}"
    if len(text) <= limit:
        return text
    return text[: limit - 4] + " ..."


class _Described:
    """A stand-in whose ``repr`` is a plain description (for values too big to print)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _shown(value: Any) -> Any:
    """Return ``value``, or a short description when its ``repr`` would be huge or fail.

    Python refuses to print integers of more than 4,300 digits, and ``10**400``
    would fill the screen, so whole numbers beyond 21 digits are described.

    >>> _shown(10**400)
    an integer with 401 digits
    >>> _shown(-3)
    -3
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**21:
        digits = len(str(abs(value))) if abs(value).bit_length() < 14_000 else None
        if digits is None:  # str() would raise for more than 4,300 digits
            digits = int(abs(value).bit_length() * 0.30102999566398) + 1
            return _Described(f"{'a negative' if value < 0 else 'an'} integer with about {digits} digits")
        return _Described(f"{'a negative' if value < 0 else 'an'} integer with {digits} digits")
    return value


_TOO_LARGE_HINT = "It is too large to compute with (floats end near 1.8e308)."
_COMPLEX_HINT = "Complex numbers are not allowed here; pass the real part if that is what you mean."
_SCALAR_RULE = "a single number, not an array"


def _plain(value: Any) -> Any:
    """Turn numpy scalars (and 0-d arrays) into Python ones so messages read ``0.5``."""
    if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value.item()
    return value


def _as_numbers(name: str, value: Any, rule: str, scalar: bool = False):
    """Return ``(array, is_scalar)`` for a real number or an array-like of them.

    Refuses booleans, strings, ``None`` and complex numbers (``TypeError``),
    numbers beyond the float range (``ValueError``) and, with ``scalar``,
    anything holding more than one number (``TypeError``).
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(message(name, rule, value, "Booleans are not numbers here."))
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:
            raise ValueError(message(name, rule, _plain(value), _TOO_LARGE_HINT)) from None
        return np.asarray(number), True
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(message(name, rule, _plain(value)))
    if isinstance(value, (numbers.Complex, np.complexfloating)):
        raise TypeError(message(name, rule, _plain(value), _COMPLEX_HINT))
    if scalar and not (isinstance(value, np.ndarray) and value.ndim == 0):
        if _looks_like_array(value):
            raise TypeError(message(name, _SCALAR_RULE, _array_shown(value)))
        raise TypeError(message(name, rule, _plain(value)))
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists, exotic objects
        raise TypeError(message(name, rule, value)) from exc
    if array.dtype == object:
        array = _object_numbers(name, value, array, rule)
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.number)):
        raise TypeError(message(name, rule, value))
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(message(name, rule, value, _COMPLEX_HINT))
    if scalar and array.ndim == 0:
        return _as_numbers(name, array.item(), rule)
    return array.astype(float), False


def _looks_like_array(value: Any) -> bool:
    """True for lists, tuples, arrays, Series and other sized iterables."""
    return hasattr(value, "__len__") or hasattr(value, "__array__") or hasattr(value, "__iter__")


def _array_shown(value: Any) -> Any:
    """Show an array-like briefly: short ones as a list, long ones by type and size."""
    if isinstance(value, (list, tuple, set, frozenset)) and len(value) <= 10:
        return value
    try:
        items = np.asarray(value, dtype=object).ravel()
    except Exception:  # pragma: no cover - exotic objects
        return _Described(f"a {type(value).__name__}")
    if items.size <= 10:
        return [_plain(x) for x in items]
    kind = "an array" if isinstance(value, np.ndarray) else f"a {type(value).__name__}"
    return _Described(f"{kind} of {items.size} values")


def _object_numbers(name: str, value: Any, array: np.ndarray, rule: str) -> np.ndarray:
    """Convert an object array of plain numbers (e.g. holding ``10**400``) to floats."""
    flat = array.ravel()
    out = np.empty(flat.shape, dtype=float)
    for i, item in enumerate(flat):
        if isinstance(item, (bool, np.bool_, str, bytes)) or not isinstance(item, numbers.Real):
            if isinstance(item, (numbers.Complex, np.complexfloating)) and not isinstance(item, numbers.Real):
                raise TypeError(message(name, rule, value, _COMPLEX_HINT))
            raise TypeError(message(name, rule, value))
        try:
            out[i] = float(item)
        except OverflowError:
            index = np.unravel_index(i, array.shape) if array.ndim > 1 else i
            text = message(name, rule, _plain(item)).rstrip(".") + f" at index {index}."
            raise ValueError(f"{text} {_TOO_LARGE_HINT}") from None
    return out.reshape(array.shape)


def _first_bad(array: np.ndarray, ok: np.ndarray):
    """Return ``(index, value)`` of the first element where ``ok`` is false."""
    flat = np.flatnonzero(~ok.ravel())[0]
    index = np.unravel_index(flat, array.shape) if array.ndim > 1 else int(flat)
    return index, float(array.ravel()[flat])


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    rule: str | None = None,
    hint: str | None = None,
    scalar: bool = False,
):
    """Check a real number (or an array of them) lies in a range; return it as float(s).

    With ``scalar=True`` only a single number is accepted (a 0-d array
    counts as one); a list, array or Series raises ``TypeError`` saying
    ``"must be a single number, not an array"``. Complex numbers raise
    ``TypeError``; numbers too large for a float (``10**400``) raise
    ``ValueError``.

    >>> check_real("window_days", 30, low=0, low_open=True)
    30.0
    >>> check_real("window_days", 0, low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: window_days must be a number > 0; got 0.
    >>> check_real("window_days", [28, 30], low=0, scalar=True)
    Traceback (most recent call last):
    ...
    TypeError: window_days must be a single number, not an array; got [28, 30].
    >>> check_real("window_days", 10**400, low=0)
    Traceback (most recent call last):
    ...
    ValueError: window_days must be a number >= 0; got an integer with 401 digits. It is too large to compute with (floats end near 1.8e308).
    """
    if rule is None:
        parts = []
        if low is not None:
            parts.append(f"{'>' if low_open else '>='} {low:g}")
        if high is not None:
            parts.append(f"{'<' if high_open else '<='} {high:g}")
        rule = "a number " + " and ".join(parts) if parts else "a finite number"
    array, is_scalar = _as_numbers(name, value, rule, scalar)
    ok = np.isfinite(array)
    if low is not None:
        ok &= (array > low) if low_open else (array >= low)
    if high is not None:
        ok &= (array < high) if high_open else (array <= high)
    if not ok.all():
        if is_scalar:
            raise ValueError(message(name, rule, _plain(value), hint))
        index, bad = _first_bad(array, ok)
        text = message(name, rule, bad, None).rstrip(".") + f" at index {index}."
        raise ValueError(f"{text} {hint}" if hint else text)
    return float(array) if is_scalar else array


def check_fraction(name: str, value: Any, *, closed: bool = False, scalar: bool = False):
    """Check a ratio written as a fraction: in (0, 1), or [0, 1] when ``closed``.

    A value between 1 and 100 is almost always a percentage typed by mistake,
    so the message says how to write it. ``scalar=True`` refuses arrays, as
    in :func:`check_real`.

    >>> check_fraction("slo_target", 0.999)
    0.999
    >>> check_fraction("slo_target", 99.9)
    Traceback (most recent call last):
    ...
    ValueError: slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999.
    """
    rule = "a fraction in [0, 1]" if closed else "a fraction in (0, 1)"
    hint = None
    array, is_scalar = _as_numbers(name, value, rule, scalar)
    looks_like_percent = np.isfinite(array) & (array > 1) & (array <= 100)
    if looks_like_percent.any():
        example = float(array[looks_like_percent].ravel()[0])
        hint = f"Write {example:g}% as {example / 100:g}."
    return check_real(
        name, value, low=0, high=1, low_open=not closed, high_open=not closed,
        rule=rule, hint=hint, scalar=scalar,
    )


def check_int(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Check a whole number (not a bool, not a float) within bounds; return it as ``int``.

    Whatever the bounds, a number outside the 64-bit range numpy and pandas
    compute with (``abs(value) >= 2**63``) raises ``ValueError``.

    >>> check_int("n_days", 28, low=1)
    28
    >>> check_int("n_days", 2.5, low=1)
    Traceback (most recent call last):
    ...
    TypeError: n_days must be a whole number >= 1; got 2.5.
    """
    parts = []
    if low is not None:
        parts.append(f">= {low}")
    if high is not None:
        parts.append(f"<= {high}")
    rule = "a whole number" + (" " + " and ".join(parts) if parts else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(message(name, rule, _plain(value)))
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(message(name, rule, value))
    if abs(value) >= 2**63:
        raise ValueError(message(name, rule, value, "It is too large to compute with (at most 2**63 - 1)."))
    return value


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Check ``value`` is one of ``choices``; suggest the closest spelling.

    >>> check_choice("severity", "page", ["page", "ticket"])
    'page'
    >>> check_choice("severity", "Page", ["page", "ticket"])
    Traceback (most recent call last):
    ...
    ValueError: severity must be one of 'page', 'ticket'; got 'Page'. Did you mean 'page'?
    """
    choices = list(choices)
    rule = "one of " + ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise TypeError(message(name, rule, _plain(value)))
    if value not in choices:
        import difflib

        close = difflib.get_close_matches(value.lower(), [c.lower() for c in choices], n=1)
        hint = None
        if close:
            match = next(c for c in choices if c.lower() == close[0])
            hint = f"Did you mean {match!r}?"
        raise ValueError(message(name, rule, value, hint))
    return value


def check_columns(name: str, frame: Any, required: Iterable[str]):
    """Check ``frame`` is a DataFrame holding every column in ``required``.

    >>> import pandas as pd
    >>> check_columns("traffic", pd.DataFrame({"requests": [1]}), ["requests", "errors"])
    Traceback (most recent call last):
    ...
    ValueError: traffic must have the columns 'requests', 'errors'; got a DataFrame without 'errors'.
    """
    import pandas as pd

    required = list(required)
    rule = "a pandas DataFrame" if not required else (
        "a DataFrame with the columns " + ", ".join(repr(c) for c in required))
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(message(name, rule, type(frame).__name__))
    missing = [c for c in required if c not in frame.columns]
    if missing:
        rule = "have the columns " + ", ".join(repr(c) for c in required)
        got = "a DataFrame without " + ", ".join(repr(c) for c in missing)
        raise ValueError(f"{name} must {rule}; got {got}.")
    return frame
