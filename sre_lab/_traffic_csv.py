"""Read a learner's own traffic CSV (``timestamp, requests, errors``) and say exactly what is wrong.

The public function, :func:`load_traffic_csv`, is re-exported by
:mod:`sre_lab.datasets` (``sl.load_traffic_csv``). It turns a plain CSV file of
per-step counts (one row every minute, five minutes, hour...) into the frame the
rest of ``sre_lab`` takes: a regular, tz-aware UTC ``DatetimeIndex`` named
``timestamp`` and int64 columns ``requests`` and ``errors``.

Messy real files are the rule, so every problem is reported at once, by kind,
with the line numbers a learner sees in an editor (the header is line 1).
Nothing is dropped, merged, reordered or invented unless an option, documented
below, asks for it.

==========================  ================================================
``load_traffic_csv``        read and check a traffic CSV; return the frame
==========================  ================================================
"""

from __future__ import annotations

import datetime
import math
import numbers
import os
import warnings

import numpy as np
import pandas as pd

from ._validation import check_choice, message

__all__ = ["load_traffic_csv"]

#: How many offenders of one kind a message shows before "and N more".
MAX_SHOWN = 5

_REQUIRED = ("requests", "errors")
_NA_TOKENS = frozenset({"", "nan", "na", "n/a", "null", "none", "nat", "-"})
_LARGEST_COUNT = 2**53  # counts above this cannot be told apart as floats
_OK, _MISSING, _NOT_WHOLE, _NEGATIVE = 0, 1, 2, 3

# Names people give these columns; used only to suggest a rename.
_SYNONYMS = {
    "timestamp": ("time", "ts", "date", "datetime", "date_time", "minute", "period", "t"),
    "requests": ("request", "count", "total", "requests_total", "reqs", "hits", "calls", "n"),
    "errors": ("error", "failures", "failed", "errors_total", "fails", "5xx", "bad"),
}

# gaps= values that would invent data; refused with an explanation.
_FILL_WORDS = frozenset({"zero", "zeros", "0", "fill", "ffill", "bfill", "pad", "interpolate"})

_STEP_RULE = "a duration of whole seconds, at least 1 s, such as '1min', '5min' or '1h' (or None to infer it)"

_HINTS = {
    "missing": (
        "Every line needs a timestamp, requests and errors. Write 0 for a step with no "
        "traffic; if a step's counts are unknown, delete its line and pass gaps='nan'."
    ),
    "timestamp": (
        "Write timestamps in ISO 8601, e.g. '2026-10-05T00:00:00Z' or "
        "'2026-10-05 00:00:00+00:00'."
    ),
    "epoch": (
        " Unix epoch numbers are not read: convert them first, e.g. "
        "pd.to_datetime(seconds, unit='s', utc=True)."
    ),
    "not_whole": (
        "Counts are whole numbers of requests per step, e.g. 1520: no decimals, units "
        "or thousands separators."
    ),
    "negative": (
        "Counts per step cannot be below zero; a raw counter that resets must be turned "
        "into per-step increases first."
    ),
    "errors_gt_requests": (
        "errors counts the failed requests among requests, so it cannot be larger; "
        "check that the two columns are not swapped."
    ),
    "duplicates": (
        "Pass duplicates='sum' if several exporters counted the same step (their counts "
        "are added); if the file holds several services, split it first."
    ),
    "order": "Pass order='sort' to sort the rows by time.",
    "gaps": (
        "Pass gaps='nan' to insert the missing steps as unknown (NaN) counts; they are "
        "never filled with zeros."
    ),
}


# --------------------------------------------------------------------------- options


class _Kind(str):
    """A type name that a message shows as 'a StringIO' instead of quoting it."""

    def __repr__(self) -> str:
        return ("an " if self[:1].lower() in "aeiou" else "a ") + str(self)


def _check_path(path) -> str:
    """Return ``path`` as a ``str``; raise TypeError/ValueError/FileNotFoundError."""
    rule = "a path to a CSV file (str or pathlib.Path)"
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        kind = type(path).__name__
        hint = None
        if hasattr(path, "read"):
            hint = "Pass the file's path, not an open file or a buffer."
        elif isinstance(path, (bytes, bytearray)):
            hint = "Decode the path to str first."
        if isinstance(path, (bytes, bytearray)):
            kind = "bytes path"
        value = path if path is None or isinstance(path, numbers.Number) else _Kind(kind)
        raise TypeError(message("path", rule, value, hint))
    if "\n" in path:
        raise ValueError(message(
            "path", rule, _shorten(path),
            "This looks like the CSV text itself: write it to a file and pass the file's path.",
        ))
    if not os.path.exists(path):
        where = "" if os.path.isabs(path) else f" (relative to the working directory {os.getcwd()!r})"
        raise FileNotFoundError(message("path", "an existing file", path, f"No such file{where}."))
    if not os.path.isfile(path):
        raise ValueError(message("path", "a file, not a directory", path))
    return path


def _check_step(step) -> pd.Timedelta | None:
    """Return ``step`` as a positive ``Timedelta`` of whole seconds (or None)."""
    if step is None:
        return None
    if isinstance(step, (bool, np.bool_)) or (
        isinstance(step, numbers.Number) and not isinstance(step, np.timedelta64)
    ):
        raise TypeError(message("step", _STEP_RULE, step, "Write 60 seconds as '60s' or '1min'."))
    if not isinstance(step, (str, datetime.timedelta, np.timedelta64)):
        raise TypeError(message("step", _STEP_RULE, _Kind(type(step).__name__)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # deprecated spellings ('1MS' = 1 ms!) are refused
            value = pd.Timedelta(step)
    except (ValueError, TypeError, Warning):
        raise ValueError(message("step", _STEP_RULE, step)) from None
    if value is pd.NaT or value.value <= 0 or value.value % 10**9:
        raise ValueError(message("step", _STEP_RULE, step))
    return value


def _check_tz(tz):
    """Return ``tz`` if pandas can localize to it."""
    rule = "a time zone name such as 'UTC' or 'Europe/Paris'"
    if not isinstance(tz, (str, datetime.tzinfo)):
        raise TypeError(message("tz", rule, tz if tz is None else _Kind(type(tz).__name__)))
    try:
        pd.Timestamp("2000-01-01").tz_localize(tz)
    except Exception:  # pandas raises several kinds for unknown zones
        hint = None
        if isinstance(tz, str):
            import difflib
            import zoneinfo

            names = {n.lower(): n for n in zoneinfo.available_timezones()}
            close = difflib.get_close_matches(tz.lower(), list(names), n=1)
            if close:
                hint = f"Did you mean {names[close[0]]!r}?"
        raise ValueError(message("tz", rule, tz, hint)) from None
    return tz


# --------------------------------------------------------------------------- reading


def _shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _read(path: str, shown: str) -> pd.DataFrame:
    """Read every cell as text; blank lines are kept so row i is line i + 2."""
    if path.endswith(".gz"):
        import gzip

        opener = gzip.open
    else:
        opener = open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            return pd.read_csv(
                handle, dtype=object, keep_default_na=False, na_filter=False,
                skip_blank_lines=False, skipinitialspace=True, engine="c",
            )
    except pd.errors.EmptyDataError:
        raise ValueError(message(
            shown, "a CSV file whose first line names the columns", "an empty file",
        ).replace("got 'an empty file'", "got an empty file")) from None
    except UnicodeDecodeError:
        raise ValueError(
            f"{shown} must be UTF-8 text; got bytes that are not UTF-8 on line "
            f"{_first_undecodable_line(path, opener)}. Save the file as 'CSV UTF-8' "
            "(spreadsheets offer it under 'Save as')."
        ) from None
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().split("C error: ")[-1].rstrip(".")
        raise ValueError(
            f"{shown} must be a CSV file with as many fields on each line as in the "
            f"header; got: {detail}."
        ) from None
    except (OSError, EOFError) as exc:  # a .gz file that is not gzip, or cut short
        if opener is open:
            raise
        raise ValueError(
            f"{shown} must be a gzip-compressed CSV file, as its name ends in .gz; got a file "
            f"gzip cannot read ({exc})."
        ) from None


def _first_undecodable_line(path: str, opener) -> int:
    """1-based number of the first line that is not UTF-8 (error path only)."""
    with opener(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1  # pragma: no cover - the decoder failed, so some line fails


def _suggest(wanted: str, found: list[str]) -> str | None:
    """Name the found column that most likely means ``wanted``."""
    import difflib

    taken = {"timestamp", *_REQUIRED}
    lowered = {c.lower(): c for c in found if c not in taken}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    for synonym in _SYNONYMS.get(wanted, ()):
        if synonym in lowered:
            return lowered[synonym]
    close = difflib.get_close_matches(wanted.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _check_header(frame: pd.DataFrame, shown: str, timestamp_column: str) -> None:
    found = list(frame.columns)
    wanted = (timestamp_column, *_REQUIRED)
    for column in wanted:  # pandas renames a repeated header "errors" to "errors.1"
        copies = [c for c in found if c.startswith(column + ".") and c[len(column) + 1:].isdigit()]
        if column in found and copies:
            raise ValueError(
                f"{shown} must have each of the columns " + ", ".join(repr(c) for c in wanted)
                + f" once; got {column!r} {len(copies) + 1} times."
            )
    missing = [c for c in wanted if c not in found]
    if not missing:
        return
    listed = ", ".join(repr(c) for c in found[:10]) + (", ..." if len(found) > 10 else "")
    text = (
        f"{shown} must have the columns " + ", ".join(repr(c) for c in wanted)
        + f"; got the column{'s' if len(found) != 1 else ''} {listed}."
    )
    hints = []
    if len(found) == 1 and (";" in found[0] or "\t" in found[0]):
        sep = "';'" if ";" in found[0] else "tabs"
        hints.append(f"The file seems to use {sep} between fields; save it with commas.")
    else:
        for column in missing:
            match = _suggest(column, [c for c in found if c not in wanted])
            if match is None:
                continue
            if column == timestamp_column:
                hints.append(
                    f"Did you mean {match!r} for {column!r}? Rename the column or pass "
                    f"timestamp_column={match!r}."
                )
            else:
                hints.append(f"Did you mean {match!r} for {column!r}? Rename the column.")
    raise ValueError(" ".join([text, *hints]))


# --------------------------------------------------------------------------- reporting

# Kinds of problem, in the order a message lists them.
_KINDS = (
    "missing", "unreadable", "out_of_range", "offset_mix", "ambiguous", "nonexistent", "not_whole",
    "negative", "errors_gt_requests", "duplicates", "order", "no_step", "off_step", "gaps",
)


class _Report:
    """Collects one entry per kind of problem and raises them together."""

    def __init__(self, shown: str):
        self.shown = shown
        self.entries: dict[str, str] = {}
        self.note: str | None = None

    def add(self, key: str, kind: str, count: str, items: list[str], n_items: int, hint: str | None):
        text = f"- {kind}, {count}: " + ", ".join(items[:MAX_SHOWN])
        if n_items > MAX_SHOWN:
            text += f", and {n_items - MAX_SHOWN:,} more"
        text += "."
        if hint:
            text += " " + hint
        self.entries[key] = text

    def raise_if_any(self) -> None:
        if not self.entries:
            return
        k = len(self.entries)
        head = (
            f"{self.shown} has {k} kind{'s' if k > 1 else ''} of problem; nothing was loaded "
            "(line numbers count the header as line 1):"
        )
        body = [self.entries[key] for key in _KINDS if key in self.entries]
        if self.note:
            body.append(self.note)
        raise ValueError("\n".join([head, *body]))


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _cell(text) -> str:
    """A cell's text as a message shows it: stripped, shortened, quoted."""
    return repr(_shorten(str(text).strip()))


def _line_items(lines, text, column, where) -> list[str]:
    return [f"line {lines[i]} ({column}: {_cell(text[i])})" for i in where[:MAX_SHOWN]]


def _cell_items(lines, columns, texts, masks):
    """First offending cells over several columns, in file order: (items, total)."""
    picks, total = [], 0
    for order, (column, text, mask) in enumerate(zip(columns, texts, masks)):
        where = np.flatnonzero(mask)
        total += where.size
        picks += [(int(lines[i]), order, column, text[i]) for i in where[:MAX_SHOWN]]
    picks.sort(key=lambda p: p[:2])
    items = [f"line {line} ({column}: {_cell(t)})" for line, _, column, t in picks]
    return items[:MAX_SHOWN], total


def _step_words(step_ns: int) -> str:
    """'1 minute', '5 minutes', '1 hour', '90 seconds' for a step in nanoseconds."""
    for unit_ns, word in ((86_400 * 10**9, "day"), (3_600 * 10**9, "hour"), (60 * 10**9, "minute")):
        if step_ns % unit_ns == 0:
            return _plural(step_ns // unit_ns, word)
    return _plural(step_ns // 10**9, "second")


# --------------------------------------------------------------------------- cells


def _classify_count(text):
    """(status, value) of one count cell; the exact path for cells numpy refused."""
    s = str(text).strip()
    if s.lower() in _NA_TOKENS:
        return _MISSING, 0
    try:
        value = int(s)
    except ValueError:
        try:
            number = float(s)
        except ValueError:
            return _NOT_WHOLE, 0
        if not math.isfinite(number) or number != math.floor(number) or abs(number) > _LARGEST_COUNT:
            return _NOT_WHOLE, 0
        value = int(number)
    if value < 0:
        return _NEGATIVE, 0
    if value > _LARGEST_COUNT:
        return _NOT_WHOLE, 0
    return _OK, value


def _parse_counts(text: np.ndarray):
    """Return (int64 values, int8 status) for a column of count cells (0 where not OK)."""
    try:  # fast path: every cell is an integer literal
        values = text.astype(np.int64)
    except (ValueError, OverflowError, TypeError):
        pass
    else:
        status = np.where(values < 0, _NEGATIVE, _OK).astype(np.int8)
        status[values > _LARGEST_COUNT] = _NOT_WHOLE
        return np.where(status == _OK, values, 0), status
    number = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        safe = np.isfinite(number) & (np.abs(number) <= _LARGEST_COUNT) & (number == np.floor(number))
    values = np.where(safe & (number >= 0), number, 0).astype(np.int64)
    status = np.where(safe, np.where(number < 0, _NEGATIVE, _OK), _NOT_WHOLE).astype(np.int8)
    for i in np.flatnonzero(~safe):  # a few cells: decide each one exactly
        status[i], values[i] = _classify_count(text[i])
    values[status != _OK] = 0
    return values, status


_NAT = np.iinfo(np.int64).min


def _to_ns(stamps) -> np.ndarray:
    """UTC nanoseconds of a tz-aware Series/Index (NaT -> int64 min)."""
    return pd.DatetimeIndex(stamps).tz_convert("UTC").as_unit("ns").asi8


def _localize(naive: pd.DatetimeIndex, tz, report: _Report, lines, text, column) -> np.ndarray:
    """Naive local times -> UTC ns; report ambiguous and non-existent local times."""
    if str(tz) == "UTC":
        return naive.as_unit("ns").asi8.copy()
    local = naive.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    bad = np.asarray(local.isna()) & ~np.asarray(naive.isna())
    if bad.any():
        flagged = np.flatnonzero(bad)
        probe = naive[flagged].tz_localize(tz, ambiguous=np.ones(flagged.size, bool), nonexistent="NaT")
        gone = np.asarray(probe.isna())
        for key, where, hint in (
            ("ambiguous", flagged[~gone],
             f"When daylight saving time ends, clocks in {tz} repeat an hour, so these times "
             "happen twice. Export the timestamps in UTC or with their UTC offset (e.g. "
             "'2026-10-25T02:30:00+01:00')."),
            ("nonexistent", flagged[gone],
             f"When daylight saving time starts, clocks in {tz} skip an hour, so these times "
             "never happen there. Export the timestamps in UTC or with their UTC offset, or "
             "check that tz is the zone the file was written in."),
        ):
            if where.size:
                word = "ambiguous" if key == "ambiguous" else "non-existent"
                report.add(key, f"{word} local times in {tz} (daylight saving time)",
                           _plural(where.size, "line"), _line_items(lines, text, column, where),
                           where.size, hint)
    return _to_ns(local)


def _iso(series: pd.Series, **options):
    return pd.to_datetime(series, format="ISO8601", errors="coerce", **options)


#: Timestamps a traffic file may hold: years 1900 .. 2199 (inside pandas'
#: nanosecond range, 1677 .. 2262; a year such as 3026 is a typo).
_EARLIEST, _LATEST = pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01")


def _out_of_range(stamps: pd.Series, report: _Report, lines, text, column) -> pd.Series:
    """Report timestamps outside 1900 .. 2199 (line and cell) and blank them out."""
    wall = stamps.dt.tz_localize(None) if stamps.dt.tz is not None else stamps
    bad = np.asarray((wall < _EARLIEST) | (wall >= _LATEST))
    if bad.any():
        where = np.flatnonzero(bad)
        report.add("out_of_range", "timestamps outside the years 1900 .. 2199",
                   _plural(where.size, "line"), _line_items(lines, text, column, where),
                   where.size, "Check the year for a typo (3026 for 2026).")
        stamps = stamps.mask(bad)
    return stamps


def _offset_of(text):
    """True/False: does this cell carry a UTC offset? None if it is not a timestamp."""
    try:
        return pd.Timestamp(pd.to_datetime(text, format="ISO8601")).tzinfo is not None
    except (ValueError, TypeError):
        return None


def _offset_mask(text: np.ndarray) -> np.ndarray:
    """Which cells carry a UTC offset, decided once per distinct ending of the text.

    Whether a timestamp has an offset shows in its last characters ('Z', '+01:00'),
    so cells are grouped by their last 9 characters and one readable cell of each
    group is asked (a few tens of groups, not a pass of Python over every cell).
    """
    tails = np.array([str(t)[-9:] for t in text], dtype=object)
    codes, _ = pd.factorize(tails)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    ends = np.r_[starts[1:], order.size]
    flags = np.zeros(starts.size, dtype=bool)
    for group, (a, b) in enumerate(zip(starts, ends)):
        for i in order[a:min(b, a + 3)]:
            verdict = _offset_of(text[i])
            if verdict is not None:
                flags[group] = verdict
                break
    return flags[codes]


def _parse_timestamps(text: np.ndarray, tz, report: _Report, lines, column):
    """Return (UTC ns, usable mask, unread mask); report offset mixes and DST problems.

    ``unread`` marks the cells that are neither a timestamp nor reported otherwise
    (the caller tells empty cells from unreadable text).
    """
    n = text.size
    series = pd.Series(text, dtype=object)
    utc_ns = np.full(n, _NAT, dtype=np.int64)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # pandas 2.x warns on mixed offsets
            stamps = _iso(series)
    except ValueError:  # a mix of UTC offsets, or of offsets and none
        stamps = None
    if stamps is not None and not pd.api.types.is_datetime64_any_dtype(stamps.dtype):
        stamps = None  # pandas 2.x returns objects for mixed offsets instead of raising
    if stamps is not None:
        read = ~np.asarray(stamps.isna())
        stamps = _out_of_range(stamps, report, lines, text, column)
        if stamps.dt.tz is not None:  # every timestamp has the same offset
            utc_ns = _to_ns(stamps)
        elif read.any():
            utc_ns = _localize(pd.DatetimeIndex(stamps), tz, report, lines, text, column)
        return utc_ns, utc_ns != _NAT, ~read

    aware = _offset_mask(text)
    try:
        naive = _iso(series[~aware])
    except ValueError:
        naive = None
    if naive is None or naive.dt.tz is not None:  # a group was judged wrongly: ask every cell
        rest = np.flatnonzero(~aware)
        aware[rest[np.fromiter((bool(_offset_of(t)) for t in text[rest]), bool, rest.size)]] = True
        naive = _iso(series[~aware])
    offset = _iso(series[aware], utc=True)
    read = np.zeros(n, dtype=bool)
    read[aware] = ~np.asarray(offset.isna())
    read[~aware] = ~np.asarray(naive.isna())
    offset = _out_of_range(offset, report, lines[aware], text[aware], column)
    naive = _out_of_range(naive, report, lines[~aware], text[~aware], column)
    n_with, n_without = int((read & aware).sum()), int((read & ~aware).sum())
    if n_with and n_without:
        minority = ~aware if n_without <= n_with else aware
        where = np.flatnonzero(read & minority)
        if n_without <= n_with:
            count = f"{_plural(n_without, 'line')} without one (the other {n_with:,} have one)"
        else:
            count = f"{_plural(n_with, 'line')} with one (the other {n_without:,} have none)"
        report.add(
            "offset_mix", "a mix of timestamps with and without a UTC offset", count,
            _line_items(lines, text, column, where), where.size,
            "Give every timestamp a UTC offset (e.g. 'Z' or '+01:00') or none; "
            f"timestamps without one are read as local times in tz={str(tz)!r}.",
        )
        return utc_ns, np.zeros(n, dtype=bool), ~read
    if n_with:
        utc_ns[aware] = _to_ns(offset)
    elif n_without:
        utc_ns[~aware] = _localize(
            pd.DatetimeIndex(naive), tz, report, lines[~aware], text[~aware], column)
    return utc_ns, utc_ns != _NAT, ~read


# --------------------------------------------------------------------------- timeline


def _check_timeline(utc_ns, text, lines, step, duplicates, order, gaps, report, column):
    """Report duplicates, order, off-step timestamps and gaps; return the step in ns."""
    n = utc_ns.size
    if duplicates == "error":
        codes, _ = pd.factorize(utc_ns)
        _, first = np.unique(codes, return_index=True)
        repeat = np.flatnonzero(first[codes] != np.arange(n))
        if repeat.size:
            items = [f"line {lines[i]} repeats line {lines[first[codes[i]]]} ({_cell(text[i])})"
                     for i in repeat[:MAX_SHOWN]]
            report.add("duplicates", "duplicate timestamps", _plural(repeat.size, "line"),
                       items, repeat.size, _HINTS["duplicates"])
    if order == "error":
        back = np.flatnonzero(utc_ns[1:] < utc_ns[:-1]) + 1
        if back.size:
            items = [f"line {lines[i]} ({_cell(text[i])}) is earlier than line {lines[i - 1]} "
                     f"({_cell(text[i - 1])})" for i in back[:MAX_SHOWN]]
            report.add("order", "timestamps out of order", _plural(back.size, "line"), items,
                       back.size, _HINTS["order"])

    # Distinct instants in time order, each with the row it first appears on.
    sorter = np.argsort(utc_ns, kind="stable")
    ordered = utc_ns[sorter]
    first_of_run = np.r_[True, ordered[1:] != ordered[:-1]]
    times, rows = ordered[first_of_run], sorter[first_of_run]
    inferred = step is None
    if inferred:
        if times.size < 2:
            report.add("no_step", "a step that cannot be inferred", "1 distinct timestamp",
                       [f"line {lines[rows[0]]} ({_cell(text[rows[0]])})"], 1,
                       "Pass step=, e.g. step='1min'.")
            return None
        step_ns = _infer_step(times)
    else:
        step_ns = int(step.value)
    words = _step_words(step_ns)
    adjective = words.replace(" ", "-").removesuffix("s")
    off = _off_grid(times, step_ns)
    if off.any():
        where = np.flatnonzero(off)
        how = ("inferred as the most common time between timestamps" if inferred
               else "the step you passed")
        items = [f"line {lines[rows[i]]} ({_cell(text[rows[i]])})" for i in where[:MAX_SHOWN]]
        report.add(
            "off_step", f"timestamps off the regular {adjective} step ({how})",
            _plural(where.size, "line"), items, where.size,
            "Every timestamp must be a whole number of steps from the others: pass step= if "
            "the step is not " + words + ", and round jittery times (such as scrape times) "
            "to the step before loading.",
        )
    if gaps == "error" and not off.any():  # off-step times may be the "missing" steps
        on_grid, on_rows = times, rows
        jumps = np.diff(on_grid) // step_ns - 1
        gap_at = np.flatnonzero(jumps > 0)
        if gap_at.size:
            n_missing = int(jumps[gap_at].sum())
            items = [f"after line {lines[on_rows[i]]} ({_cell(text[on_rows[i]])}): "
                     f"{_plural(int(jumps[i]), 'missing step')}" for i in gap_at[:MAX_SHOWN]]
            report.add(
                "gaps", f"gaps in the {adjective} steps",
                f"{_plural(gap_at.size, 'gap')} ({_plural(n_missing, 'missing step')} in all)",
                items, gap_at.size, _HINTS["gaps"],
            )
    return step_ns


def _off_grid(times: np.ndarray, step_ns: int) -> np.ndarray:
    """Mask of instants off the step grid that most instants share."""
    phase = times % step_ns
    phases, counts = np.unique(phase, return_counts=True)
    return phase != phases[np.argmax(counts)]


def _infer_step(times: np.ndarray) -> int:
    """The most common time between consecutive distinct instants, in ns.

    Ties (a short or jittery file) go to the candidate that puts the most instants
    on one grid, then to the shorter one.
    """
    diffs, counts = np.unique(np.diff(times), return_counts=True)
    tied = diffs[counts == counts.max()][:20]
    if tied.size == 1:
        return int(tied[0])
    on_grid = [int((~_off_grid(times, int(d))).sum()) for d in tied]
    return int(tied[int(np.argmax(on_grid))])


def _assemble(utc_ns, requests, errors, step_ns, gaps, shown) -> pd.DataFrame:
    """Sort, add duplicates, insert NaN steps: the checks above allowed each of these."""
    sorter = np.argsort(utc_ns, kind="stable")
    times, requests, errors = utc_ns[sorter], requests[sorter], errors[sorter]
    starts = np.flatnonzero(np.r_[True, times[1:] != times[:-1]])
    if starts.size < times.size:  # duplicates="sum"
        requests = np.add.reduceat(requests, starts)
        errors = np.add.reduceat(errors, starts)
        times = times[starts]
    positions = (times - times[0]) // step_ns
    n_steps = int(positions[-1]) + 1
    missing = ()
    if gaps == "nan":
        n_inserted = n_steps - times.size
        if n_inserted > 10_000_000 and n_inserted > 100 * times.size:
            raise ValueError(
                f"{shown}: gaps='nan' would insert {n_inserted:,} unknown steps between "
                f"{times.size:,} read ones; check step= and the first and last timestamps."
            )
        full_requests = np.full(n_steps, np.nan)
        full_errors = np.full(n_steps, np.nan)
        full_requests[positions] = requests
        full_errors[positions] = errors
        requests, errors = full_requests, full_errors
        present = np.zeros(n_steps, dtype=bool)
        present[positions] = True
        times = times[0] + np.arange(n_steps, dtype=np.int64) * step_ns
    index = pd.to_datetime(times, unit="ns", utc=True)
    if not (times % 1000).any():
        index = index.as_unit("us")  # pandas' default resolution
    freq = pd.tseries.frequencies.to_offset(pd.Timedelta(step_ns, unit="ns"))
    index = pd.DatetimeIndex(index, freq=freq, name="timestamp")
    if gaps == "nan":
        missing = tuple(index[~present])
    frame = pd.DataFrame({"requests": requests, "errors": errors}, index=index)
    frame.attrs["step"] = pd.Timedelta(step_ns, unit="ns")
    frame.attrs["missing_steps"] = missing
    return frame


# --------------------------------------------------------------------------- the loader


def load_traffic_csv(
    path,
    *,
    step=None,
    tz="UTC",
    timestamp_column: str = "timestamp",
    duplicates: str = "error",
    order: str = "error",
    gaps: str = "error",
) -> pd.DataFrame:
    """Load your own traffic CSV (timestamp, requests, errors per step) and check it.

    Real exports are messy: a missing minute, a duplicated row, local clock
    times around a daylight-saving change. This loader reads the file as plain
    text, checks every cell and the timeline, and either returns a clean frame
    or tells you every kind of problem at once with the line numbers your
    editor shows. It never drops, merges, reorders or invents rows unless you
    ask for it with an option.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV file (``.csv``, or gzip-compressed ``.csv.gz``), UTF-8 text, commas
        between fields, a header line naming at least the columns
        ``timestamp``, ``requests`` and ``errors`` (other columns are ignored).
        One row per step: ``requests`` counts the requests that arrived during
        the step starting at ``timestamp``, ``errors`` how many of them failed
        (whole numbers, ``0 <= errors <= requests``; ``12.0`` reads as 12).
        Empty cells and ``NaN``, ``NA``, ``null``, ``None``, ``-`` are reported
        as missing values. Blank lines are skipped; spaces around cells and a
        UTF-8 byte-order mark are ignored.
    step : str, datetime.timedelta, numpy.timedelta64 or None, default None
        The time between rows, a whole number of seconds >= 1 s, e.g. ``"1min"``,
        ``"5min"``, ``"1h"``. ``None`` infers it as the most common time between
        consecutive timestamps (on a tie, the candidate that puts the most
        timestamps on one grid, then the shorter). Give it when a file could be
        read more than one way (every other minute missing looks like a
        2-minute step). Every timestamp must be a whole number of steps from
        the others.
    tz : str or datetime.tzinfo, default "UTC"
        The time zone of timestamps written *without* a UTC offset
        (``2026-10-05 09:00``), e.g. ``"Europe/Paris"``. Timestamps with an
        offset (``Z``, ``+01:00``) are exact instants and ignore it.
    timestamp_column : str, default "timestamp"
        The header of the time column, if yours is called ``time`` or
        ``Timestamp``. The result's index is always named ``timestamp``.
    duplicates : {"error", "sum"}, default "error"
        Rows with the same timestamp. ``"error"`` reports them; ``"sum"`` adds
        their requests and errors (two exporters that each counted part of the
        traffic; each row is checked before the sum).
    order : {"error", "sort"}, default "error"
        Rows whose timestamp is earlier than the row above. ``"error"`` reports
        them; ``"sort"`` sorts the rows by time (stable). Two exports pasted one
        after the other need ``order="sort", duplicates="sum"``.
    gaps : {"error", "nan"}, default "error"
        Steps missing between the first and last timestamp. ``"error"``
        reports them; ``"nan"`` inserts them with unknown (NaN) counts, so the
        columns become float64, and lists them in ``attrs["missing_steps"]``.

    Returns
    -------
    pandas.DataFrame
        Columns ``requests`` and ``errors`` (int64; float64 with ``gaps="nan"``),
        indexed by a regular ``DatetimeIndex`` named ``timestamp``, tz-aware
        UTC, ``freq`` equal to the step, sorted, one row per step from the first
        to the last timestamp. ``attrs["step"]`` holds the step
        (``pandas.Timedelta``), ``attrs["missing_steps"]`` a tuple of the
        ``Timestamp`` s inserted as NaN (empty unless ``gaps="nan"``). With a
        1-minute step this is the shape :func:`sre_lab.evaluate_alerts` takes.

    Raises
    ------
    TypeError
        ``path`` is not a path (an open file, a buffer, bytes), or an option has
        the wrong type.
    FileNotFoundError
        No file at ``path``.
    ValueError
        A bad option value (``gaps="zero"`` is refused with the reason), a file
        that is not UTF-8 CSV (or not gzip for ``.gz``), lines with too many
        fields, missing or repeated columns (with the columns found and the
        likely rename), an empty file, or problems in the data. Data
        problems come in one message headed by the file name, one line per kind:
        empty or missing values, timestamps that cannot be read, a mix of
        timestamps with and without a UTC offset, ambiguous or non-existent
        local times (daylight saving time), counts that are not whole numbers,
        negative counts, more errors than requests, duplicate timestamps,
        timestamps out of order, timestamps off a regular step, gaps. Each
        shows the first few offending lines and the total count.

    See Also
    --------
    sre_lab.load_requests : the course's own traffic, in the same shape.

    Notes
    -----
    Why gaps are never zeros: a row of zeros says "no requests, no errors", a
    quiet and healthy step. But steps go missing mostly when the exporter or
    the service itself was down, the very moments that were bad. Zeros would
    raise a time-based SLI (good minutes / minutes), make alert windows over
    the gap look calm, and shrink the request count the error budget is
    computed from. Unknown steps stay unknown (NaN), and each analysis decides
    how to treat them.

    Time zones: timestamps without an offset are local times in ``tz`` (UTC by
    default). In a zone with daylight saving time, clocks repeat an hour in
    autumn and skip one in spring; such ambiguous or non-existent local times
    are reported, not guessed. Write UTC or include offsets to avoid them. All
    timestamps must be ISO 8601 (``2026-10-05T00:00:00Z``, ``2026-10-05
    00:00:00+01:00``, ``2026-10-05 00:00``); all with an offset or all without.

    Safety: the file is parsed as plain text (``pandas.read_csv`` with every
    cell as a string, then numbers and dates parsed here). Nothing in it is
    executed or evaluated: no pickle, no ``eval``, no spreadsheet formulas, no
    URLs fetched. Line numbers assume one record per line (no line breaks
    inside quoted fields).

    Validation is vectorised (numpy/pandas over whole columns); Python loops
    run only over the few offending cells.

    Examples
    --------
    Write a tiny 5-minute file and load it:

    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "my_traffic.csv"
    >>> _ = path.write_text(
    ...     "timestamp,requests,errors\\n"
    ...     "2026-10-05T00:00:00Z,120,0\\n"
    ...     "2026-10-05T00:05:00Z,118,2\\n"
    ...     "2026-10-05T00:10:00Z,131,1\\n"
    ... )
    >>> traffic = load_traffic_csv(path)
    >>> traffic["requests"].tolist(), traffic["errors"].tolist()
    ([120, 118, 131], [0, 2, 1])
    >>> str(traffic.index[0]), traffic.index.name, str(traffic.attrs["step"])
    ('2026-10-05 00:00:00+00:00', 'timestamp', '0 days 00:05:00')

    A missing step is reported with its line, unless you ask for NaN rows:

    >>> _ = path.write_text(
    ...     "timestamp,requests,errors\\n"
    ...     "2026-10-05T00:00:00Z,120,0\\n"
    ...     "2026-10-05T00:10:00Z,131,1\\n"
    ...     "2026-10-05T00:15:00Z,140,0\\n"
    ... )
    >>> load_traffic_csv(path)
    Traceback (most recent call last):
    ...
    ValueError: ...my_traffic.csv has 1 kind of problem; nothing was loaded (...):
    - gaps in the 5-minute steps, 1 gap (1 missing step in all): after line 2 (...): 1 missing step. ...
    >>> filled = load_traffic_csv(path, gaps="nan")
    >>> filled["requests"].tolist()
    [120.0, nan, 131.0, 140.0]
    >>> [str(t) for t in filled.attrs["missing_steps"]]
    ['2026-10-05 00:05:00+00:00']
    >>> folder.cleanup()
    """
    path = _check_path(path)
    step = _check_step(step)
    tz = _check_tz(tz)
    if not isinstance(timestamp_column, str) or not timestamp_column.strip():
        raise TypeError(message("timestamp_column", "a column name (a non-empty str)", timestamp_column))
    timestamp_column = timestamp_column.strip()
    duplicates = check_choice("duplicates", duplicates, ("error", "sum"))
    order = check_choice("order", order, ("error", "sort"))
    if isinstance(gaps, str) and gaps.lower() in _FILL_WORDS:
        raise ValueError(message(
            "gaps", "one of 'error', 'nan'", gaps,
            "A missing step is unknown, not a quiet step: gaps='nan' keeps it as NaN "
            "(the Notes of load_traffic_csv say why zeros would flatter the SLO).",
        ))
    gaps = check_choice("gaps", gaps, ("error", "nan"))

    shown = path
    frame = _read(path, shown)
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_header(frame, shown, timestamp_column)

    ts_text = frame[timestamp_column].to_numpy(dtype=object)
    req_text = frame["requests"].to_numpy(dtype=object)
    err_text = frame["errors"].to_numpy(dtype=object)
    lines = np.arange(len(frame), dtype=np.int64) + 2  # the header is line 1
    blank = (ts_text == "") & (req_text == "") & (err_text == "")
    if blank.any():  # blank lines hold no data; the other rows keep their line numbers
        candidates = np.flatnonzero(blank)
        others = frame.drop(columns=[timestamp_column, *_REQUIRED]).to_numpy(dtype=object)
        if others.shape[1]:
            blank[candidates] = (others[candidates] == "").all(axis=1)
        keep = ~blank
        ts_text, req_text, err_text, lines = ts_text[keep], req_text[keep], err_text[keep], lines[keep]
    if ts_text.size == 0:
        raise ValueError(f"{shown} must have at least one data line; got only the header.")

    report = _Report(shown)
    columns = [timestamp_column, "requests", "errors"]
    texts = [ts_text, req_text, err_text]
    requests, req_status = _parse_counts(req_text)
    errors, err_status = _parse_counts(err_text)
    utc_ns, usable, unread = _parse_timestamps(ts_text, tz, report, lines, timestamp_column)
    ts_missing = np.zeros(ts_text.size, dtype=bool)
    for i in np.flatnonzero(unread):
        ts_missing[i] = str(ts_text[i]).strip().lower() in _NA_TOKENS

    zero = np.zeros(ts_text.size, dtype=bool)
    for key, kind, ts_mask, status in (
        ("missing", "empty or missing values", ts_missing, _MISSING),
        ("not_whole", "counts that are not whole numbers", zero, _NOT_WHOLE),
        ("negative", "negative counts", zero, _NEGATIVE),
    ):
        masks = [ts_mask, req_status == status, err_status == status]
        items, total = _cell_items(lines, columns, texts, masks)
        if total:
            report.add(key, kind, _plural(total, "cell"), items, total, _HINTS[key])
    unreadable = np.flatnonzero(unread & ~ts_missing)
    if unreadable.size:
        hint = _HINTS["timestamp"]
        if any(str(ts_text[i]).strip().isdigit() for i in unreadable[:MAX_SHOWN]):
            hint += _HINTS["epoch"]
        report.add("unreadable", "timestamps that cannot be read", _plural(unreadable.size, "line"),
                   _line_items(lines, ts_text, timestamp_column, unreadable), unreadable.size, hint)
    over = np.flatnonzero((req_status == _OK) & (err_status == _OK) & (errors > requests))
    if over.size:
        items = [f"line {lines[i]} (requests: {_cell(req_text[i])}, errors: {_cell(err_text[i])})"
                 for i in over[:MAX_SHOWN]]
        report.add("errors_gt_requests", "more errors than requests", _plural(over.size, "line"),
                   items, over.size, _HINTS["errors_gt_requests"])

    step_ns = None
    if usable.all():  # the timeline is checked once every timestamp is known
        step_ns = _check_timeline(utc_ns, ts_text, lines, step, duplicates, order, gaps,
                                  report, timestamp_column)
    else:
        report.note = ("Duplicates, order, step and gaps are checked once every timestamp "
                       "can be read.")
    report.raise_if_any()
    return _assemble(utc_ns, requests, errors, step_ns, gaps, shown)
