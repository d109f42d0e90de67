"""Numbers as a person reads them: percentages and durations.

Plain text, no matplotlib: notebooks, dashboards, reports and plots all format
with these two functions.

=====================  ====================================================
``format_percent``     ``0.9995 -> '99.95 %'``
``format_duration``    ``timedelta(minutes=43.2) -> '43 min 12 s'``
=====================  ====================================================
"""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np

from ._validation import check_int, check_real, message
from ._windows import NEVER

__all__ = ["format_percent", "format_duration"]


def format_percent(fraction: float, *, digits: int | None = None) -> str:
    """Write a fraction as a percentage a person reads: ``0.9995 -> '99.95 %'``.

    Without ``digits`` the shortest exact form is used (up to 6 significant
    digits), so ``0.999`` reads ``'99.9 %'`` and not ``'99.900 %'``.

    Parameters
    ----------
    fraction : float
        A ratio as a fraction (may be outside [0, 1], e.g. 1.3 for 130 % of a
        budget consumed).
    digits : int, optional
        Fixed number of decimals of the percentage, 0 .. 15.

    Returns
    -------
    str

    Examples
    --------
    >>> format_percent(0.9995)
    '99.95 %'
    >>> format_percent(0.999)
    '99.9 %'
    >>> format_percent(1.2346, digits=1)
    '123.5 %'
    """
    value = check_real("fraction", fraction, scalar=True)
    if digits is not None:
        digits = check_int("digits", digits, low=0, high=15)
        return f"{value * 100:.{digits}f} %"
    return f"{round(value * 100, 10):g} %"


def format_duration(duration: _dt.timedelta | float) -> str:
    """Write a duration the way an on-call engineer says it: ``'43 min 12 s'``.

    Parameters
    ----------
    duration : datetime.timedelta, float or sl.NEVER
        A duration, or a number of seconds (>= 0); ``sl.NEVER`` (``NaT``)
        and infinity read ``"never"``.

    Returns
    -------
    str
        Days, hours, minutes and seconds, largest unit first, at most two units
        (``'3 d 4 h'``, ``'2 h 5 min'``, ``'43 min 12 s'``, ``'52 s'``).

    Examples
    --------
    >>> import datetime as dt
    >>> format_duration(dt.timedelta(minutes=43, seconds=12))
    '43 min 12 s'
    >>> format_duration(dt.timedelta(days=15))
    '15 d'
    >>> format_duration(0.4)
    '0.4 s'
    >>> format_duration(NEVER)
    'never'
    """
    if duration is NEVER or (isinstance(duration, float) and duration == math.inf):
        return "never"
    if isinstance(duration, np.timedelta64):
        if duration != duration:  # numpy NaT
            return "never"
        duration = _dt.timedelta(microseconds=int(duration.astype("timedelta64[us]").astype("int64")))
    if isinstance(duration, _dt.timedelta):
        seconds = duration.total_seconds()
    else:
        seconds = check_real("duration", duration, low=0, scalar=True)
    if seconds < 0 or not math.isfinite(seconds):
        raise ValueError(message("duration", "a duration >= 0", duration))
    if seconds < 1:
        return f"{seconds:.1g} s" if seconds else "0 s"
    total = int(round(seconds))
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
        count, total = divmod(total, size)
        if count:
            parts.append(f"{count} {unit}")
    return " ".join(parts[:2])
