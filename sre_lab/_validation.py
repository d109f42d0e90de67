"""Input checks shared by every public function of :mod:`sre_lab`.

Each check returns the cleaned value (a ``float``, ``int``, ``str`` or a float
``numpy.ndarray``) so a public function validates once, at its boundary::

    slo_target = check_fraction("slo_target", slo_target)

Every message follows one template, ``"{name} must be {rule}; got {value!r}."``,
followed by a hint where learners often slip (``99.9`` for ``0.999``).
``TypeError`` is raised for the wrong kind of thing, ``ValueError`` for a
wrong value.
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
    text = f"{name} must be {rule}; got {value!r}."
    return f"{text} {hint}" if hint else text


def _plain(value: Any) -> Any:
    """Turn numpy scalars into Python ones so messages read ``0.5``, not ``np.float64(0.5)``."""
    return value.item() if isinstance(value, np.generic) else value


def _as_numbers(name: str, value: Any, rule: str):
    """Return ``(array, is_scalar)`` for a real number or an array-like of them."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(message(name, rule, value, "Booleans are not numbers here."))
    if isinstance(value, numbers.Real):
        return np.asarray(float(value)), True
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(message(name, rule, _plain(value)))
    try:
        array = np.asarray(value)
    except Exception as exc:  # pragma: no cover - exotic objects
        raise TypeError(message(name, rule, value)) from exc
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.number)):
        raise TypeError(message(name, rule, value))
    return array.astype(float), False


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
):
    """Check a real number (or an array of them) lies in a range; return it as float(s).

    >>> check_real("window_days", 30, low=0, low_open=True)
    30.0
    >>> check_real("window_days", 0, low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: window_days must be a number > 0; got 0.
    """
    if rule is None:
        parts = []
        if low is not None:
            parts.append(f"{'>' if low_open else '>='} {low:g}")
        if high is not None:
            parts.append(f"{'<' if high_open else '<='} {high:g}")
        rule = "a number " + " and ".join(parts) if parts else "a finite number"
    array, is_scalar = _as_numbers(name, value, rule)
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


def check_fraction(name: str, value: Any, *, closed: bool = False):
    """Check a ratio written as a fraction: in (0, 1), or [0, 1] when ``closed``.

    A value between 1 and 100 is almost always a percentage typed by mistake,
    so the message says how to write it.

    >>> check_fraction("slo_target", 0.999)
    0.999
    >>> check_fraction("slo_target", 99.9)
    Traceback (most recent call last):
    ...
    ValueError: slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999.
    """
    rule = "a fraction in [0, 1]" if closed else "a fraction in (0, 1)"
    hint = None
    array, is_scalar = _as_numbers(name, value, rule)
    looks_like_percent = np.isfinite(array) & (array > 1) & (array <= 100)
    if looks_like_percent.any():
        example = float(array[looks_like_percent].ravel()[0])
        hint = f"Write {example:g}% as {example / 100:g}."
    return check_real(
        name, value, low=0, high=1, low_open=not closed, high_open=not closed,
        rule=rule, hint=hint,
    )


def check_int(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Check a whole number (not a bool, not a float) within bounds; return it as ``int``.

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
