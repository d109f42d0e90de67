"""Sampling traces: head sampling exactly as OpenTelemetry decides, tail sampling, estimates.

A trace is *head-sampled* when its first span decides, before anything is known
about it, from its trace id alone; it is *tail-sampled* when a collector waits
until the trace has ended and keeps it for what it shows (an error, a slow
response). Sampled data answer questions only after re-weighting, and with
an honest interval.

Public names
------------
========================  =====================================================
``head_sample``           OpenTelemetry's ``TraceIdRatioBased`` decision, vectorised
``trace_id_bound``        the bound the SDK compares the trace id's lower 64 bits with
``tail_sample``           keep errors, slow traces and a head-sampled share of the rest
``kept_share``            share of traces and bytes kept, per service (for the bill)
``debuggable_incidents``  per incident: evidence traces kept, and whether enough
``estimate_total``        a count re-weighted by the sampling probability (1 / p)
``sampled_error_rate``    an error rate measured on sampled traces, with its
                          Wilson score interval
``SampledErrorRate``      the result record of ``sampled_error_rate``
``chance_to_keep``        chance a head sampler keeps at least k traces of a rare
                          error: when it becomes invisible
``head_tail_tradeoff``     span bill against the share of incidents debuggable,
                          head and tail sampling at several ratios
========================  =====================================================

Notebooks: ``notebooks/04_cost/`` (1c sampling and retention, 2a tiered
observability).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from .._validation import check_columns, check_fraction, check_real, message
from .._windows import described

__all__ = [
    "head_sample",
    "trace_id_low64",
    "trace_id_bound",
    "tail_sample",
    "kept_share",
    "debuggable_incidents",
    "estimate_total",
    "sampled_error_rate",
    "SampledErrorRate",
    "chance_to_keep",
    "head_tail_tradeoff",
]

#: The SDK's ``TraceIdRatioBased.TRACE_ID_LIMIT``: the mask of the lower 64 bits.
_TRACE_ID_LIMIT = (1 << 64) - 1
_TRACE_ID_RULE = "whole numbers in [0, 2**128) or 32-digit hex strings"
_HEX_HINT = "OpenTelemetry writes a trace id as 32 hex digits, e.g. '4bf92f3577b34da6a3ce929d0e0e4736'."

# Lookup table: ASCII code -> hex digit value, 255 for anything else.


def _bad_id(name: str, value, index=None, hint=None) -> str:
    """The message for one bad trace id, with its index when there are several."""
    text = message(name, _TRACE_ID_RULE, value)
    if index is not None:
        text = text[:-1] + f" at index {index}."
    return f"{text} {hint}" if hint else text


_HEX_VALUES = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate("0123456789abcdef"):
    _HEX_VALUES[ord(_c)] = _i
    _HEX_VALUES[ord(_c.upper())] = _i


def trace_id_bound(ratio) -> int:
    """Return the bound OpenTelemetry's ``TraceIdRatioBased(ratio)`` sampler computes.

    The SDK keeps a trace when the lower 64 bits of its id are strictly below
    ``round(ratio * 2**64)``. At ``ratio = 1`` the bound is ``2**64``, one past
    the largest 64-bit value, so every trace is kept; at ``ratio = 0`` it is 0
    and none is.

    Parameters
    ----------
    ratio : float
        The sampling probability, a fraction in [0, 1].

    Returns
    -------
    int
        A Python int in [0, 2**64] (it does not fit a ``uint64`` at ratio 1).

    Raises
    ------
    TypeError, ValueError
        ``ratio`` is not a single number in [0, 1] (the SDK refuses the same
        values with ``"Probability must be in range [0.0, 1.0]."``).

    Examples
    --------
    >>> trace_id_bound(0.5) == 2**63
    True
    >>> trace_id_bound(1.0) == 2**64
    True
    >>> trace_id_bound(0.0)
    0
    """
    ratio = check_fraction("ratio", ratio, closed=True, scalar=True)
    return round(ratio * (_TRACE_ID_LIMIT + 1))


def _hex_low64(name: str, strings: np.ndarray, original) -> np.ndarray:
    """Lower 64 bits of 32-digit hex strings (a flat ``str_`` array).

    Reads the array's UCS-4 code points directly (no per-string Python work).
    """
    if strings.size == 0:
        return np.zeros(0, dtype=np.uint64)
    width = strings.dtype.itemsize // 4
    digits = None
    if width >= 32:
        codes = np.ascontiguousarray(strings).view(np.uint32).reshape(strings.size, width)
        if codes.max() <= 255 and (width == 32 or codes[:, 32:].max() == 0):
            digits = _HEX_VALUES[codes[:, :32].astype(np.uint8)]  # a NUL (short string) maps to 255
            if digits.max() == 255:
                digits = None
    if digits is None:  # find the first bad id (slow path, only on error)
        i = next(j for j, text in enumerate(strings.tolist())
                 if len(text) != 32 or any(c not in "0123456789abcdefABCDEF" for c in text))
        if strings.size == 1:
            raise ValueError(_bad_id(name, original, None, _HEX_HINT))
        raise ValueError(_bad_id(name, strings[i].item(), i, _HEX_HINT))
    # Pairs of hex digits make bytes; 8 bytes read big-endian are the lower 64 bits.
    pairs = np.ascontiguousarray((digits[:, 16::2] << 4) | digits[:, 17::2])
    return pairs.view(">u8").ravel().astype(np.uint64)


def _int_low64(name: str, values, original) -> np.ndarray:
    """Lower 64 bits of Python (or numpy object) integers in [0, 2**128)."""
    out = np.empty(len(values), dtype=np.uint64)
    for i, value in enumerate(values):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            if len(values) == 1:
                raise TypeError(_bad_id(name, original))
            hint = "Do not mix numbers and strings in one list." if isinstance(value, str) else None
            raise TypeError(_bad_id(name, value, i, hint))
        value = int(value)
        if value < 0 or value >> 128:
            raise ValueError(_bad_id(name, value, None if len(values) == 1 else i))
        out[i] = value & _TRACE_ID_LIMIT
    return out


def _low64(trace_ids, name: str = "trace_ids") -> tuple[np.ndarray, tuple]:
    """Return ``(lower 64 bits as uint64, shape)`` of the trace ids, validated."""
    if isinstance(trace_ids, (pd.Series, pd.Index)):
        values = trace_ids.to_numpy()
    else:
        values = trace_ids
    if isinstance(values, (str, np.str_)):
        return _hex_low64(name, np.asarray([values]), values), ()
    if isinstance(values, numbers.Integral) and not isinstance(values, (bool, np.bool_)):
        return _int_low64(name, [values], values), ()
    if values is None or isinstance(values, (bool, np.bool_, bytes, float, complex, dict, set, frozenset,
                                             numbers.Number)):
        raise TypeError(message(name, _TRACE_ID_RULE, values, _HEX_HINT))
    if not isinstance(values, np.ndarray):
        if not isinstance(values, (list, tuple, range)) and not hasattr(values, "__array__"):
            raise TypeError(message(name, _TRACE_ID_RULE, values))
        if isinstance(values, range):
            values = list(values)
        if isinstance(values, (list, tuple)) and values and all(type(v) is int for v in values):
            try:  # the fast path for plain Python ints
                low = np.fromiter((v & _TRACE_ID_LIMIT for v in values), dtype=np.uint64, count=len(values))
            except TypeError:  # pragma: no cover - defensive
                low = None
            if low is not None:
                if min(values) < 0 or max(values) >> 128:
                    return _int_low64(name, values, trace_ids), (len(values),)
                return low, (len(values),)
        if isinstance(values, (list, tuple)) and values and all(type(v) is str for v in values):
            # 33 characters: a longer (bad) id keeps a 33rd character and is refused
            return _hex_low64(name, np.asarray(values, dtype="U33"), trace_ids), (len(values),)
        try:
            array = np.asarray(values)
        except (ValueError, TypeError) as exc:  # ragged nesting
            raise TypeError(message(name, _TRACE_ID_RULE, values)) from exc
        if array.dtype.kind in "iu" and array.dtype.itemsize > 8:  # pragma: no cover - exotic
            array = array.astype(object)
    else:
        array = values
    shape = array.shape
    if array.ndim > 1:
        raise ValueError(described(name, "a flat list of " + _TRACE_ID_RULE, f"an array of shape {shape}"))
    flat = array.ravel()
    kind = array.dtype.kind
    if kind == "u":
        return flat.astype(np.uint64), shape
    if kind == "i":
        if flat.size and flat.min() < 0:
            i = int(np.flatnonzero(flat < 0)[0])
            raise ValueError(_bad_id(name, int(flat[i]), i))
        return flat.astype(np.uint64), shape
    if kind == "U":
        return _hex_low64(name, flat, trace_ids), shape
    if kind == "O":
        if flat.size and pd.api.types.infer_dtype(flat, skipna=False) == "string":
            # 33 characters: a longer (bad) id keeps a 33rd character and is refused
            return _hex_low64(name, flat.astype("U33"), trace_ids), shape
        return _int_low64(name, flat, trace_ids), shape
    if flat.size == 0:
        return np.zeros(0, dtype=np.uint64), shape
    hint = "Floats cannot hold 128-bit ids exactly; pass ints or hex strings." if kind == "f" else None
    raise TypeError(message(name, _TRACE_ID_RULE, trace_ids, hint))


def trace_id_low64(trace_ids) -> np.ndarray:
    """The lower 64 bits of trace ids, the only bits OpenTelemetry's ratio sampler reads.

    Store a column of ids this way once and every later :func:`head_sample` /
    :func:`tail_sample` decision on it is the same, without parsing hex again.

    Parameters
    ----------
    trace_ids : sequence of int or 32-hex-digit str
        As for :func:`head_sample`.

    Returns
    -------
    numpy.ndarray of uint64

    Examples
    --------
    >>> [int(x) for x in trace_id_low64(["4bf92f3577b34da6a3ce929d0e0e4736"])]
    [11803532876627986230]
    >>> [int(x) for x in trace_id_low64([2**64 + 5, 7])]
    [5, 7]
    """
    low, shape = _low64(trace_ids)
    return low.reshape(shape)


def head_sample(trace_ids, ratio) -> np.ndarray:
    """Decide which traces a head sampler keeps, exactly as OpenTelemetry does.

    OpenTelemetry's ``TraceIdRatioBased(ratio)`` sampler (Python SDK,
    ``opentelemetry.sdk.trace.sampling``) keeps a trace when the lower 64 bits
    of its trace id are strictly below ``round(ratio * 2**64)``. The decision
    depends on the id alone, so every service a trace crosses decides the
    same way, and a trace kept at one ratio is kept at every larger ratio.

    Parameters
    ----------
    trace_ids : int, str or sequence of them
        Trace ids as whole numbers in [0, 2**128), numpy integer arrays
        (unsigned, or signed and non-negative: their value is the lower 64
        bits), or 32-digit hex strings as OpenTelemetry prints them (either
        case). A list, array, Series or Index; a single id gives a 0-d array.
    ratio : float
        Share of traces to keep, a fraction in [0, 1].

    Returns
    -------
    numpy.ndarray of bool
        ``True`` where the trace is kept, in the order (and shape) of
        ``trace_ids``.

    Raises
    ------
    TypeError
        ``trace_ids`` holds something that is not an id (a float, a bool,
        ``None``) or ``ratio`` is not a number.
    ValueError
        An id is negative, 2**128 or more, or not 32 hex digits; ``ratio`` is
        outside [0, 1].

    See Also
    --------
    trace_id_bound : the bound compared with.
    tail_sample : decide after the trace has ended.

    Notes
    -----
    ``kept = (trace_id & (2**64 - 1)) < round(ratio * 2**64)``; at ratio 1 the
    bound is ``2**64`` and everything is kept. The newer OpenTelemetry
    specification (consistent probability sampling, ``th`` in tracestate) uses
    the trailing 56 bits instead; the Python SDK's ``TraceIdRatioBased`` still
    decides as above, and that is what this function reproduces (tested id for
    id against the SDK). Taught in ``04_cost/1c``.

    Examples
    --------
    >>> head_sample([0, 2**63 - 1, 2**63, 2**64 - 1], 0.5).tolist()
    [True, True, False, False]
    >>> head_sample("4bf92f3577b34da6a3ce929d0e0e4736", 0.5).item()
    False
    >>> head_sample([2**64 + 5], 0.25).tolist()   # only the lower 64 bits count
    [True]
    >>> ids = np.random.default_rng(1).integers(0, 2**63, 10_000, dtype=np.uint64) * np.uint64(2)
    >>> round(float(head_sample(ids, 0.1).mean()), 2)
    0.1
    """
    bound = trace_id_bound(ratio)
    low, shape = _low64(trace_ids)
    if bound > _TRACE_ID_LIMIT:
        kept = np.ones(low.shape, dtype=bool)
    else:
        kept = low < np.uint64(bound)
    return kept.reshape(shape)


# --------------------------------------------------------------------------- tail sampling

_TRACE_COLUMNS = ("trace_id", "service", "duration_ms", "error")


def _check_traces(traces, name: str = "traces") -> pd.DataFrame:
    check_columns(name, traces, _TRACE_COLUMNS)
    return traces


def _ratio_per_trace(traces: pd.DataFrame, base_ratio, name: str) -> np.ndarray | float:
    """``base_ratio`` as a scalar, or per trace from a ``{service: ratio}`` mapping."""
    if isinstance(base_ratio, dict):
        services = set(traces["service"].unique())
        ratios = {}
        for service, ratio in base_ratio.items():
            ratios[service] = check_fraction(f"{name}[{service!r}]", ratio, closed=True, scalar=True)
        missing = sorted(str(s) for s in services - set(ratios))
        if missing:
            raise ValueError(message(name, "a ratio or a mapping {service: ratio} naming every service "
                                           "of the traces", base_ratio, f"Missing: {', '.join(missing)}."))
        return ratios
    return check_fraction(name, base_ratio, closed=True, scalar=True)


def tail_sample(traces, *, keep_errors=True, latency_threshold_ms=None, base_ratio=0.0) -> np.ndarray:
    """Decide which ended traces a tail sampler keeps.

    A tail sampler (the OpenTelemetry Collector's ``tailsamplingprocessor``)
    sees a whole trace before deciding. Its policies here: keep every trace
    with an error (``status_code`` policy), every trace at or above a
    latency threshold (``latency`` policy), and a head-sampled share of the
    rest (``probabilistic``). A trace is kept when any policy keeps it.

    Parameters
    ----------
    traces : DataFrame
        With ``trace_id``, ``service``, ``duration_ms`` and ``error``, e.g.
        from :func:`sre_lab.simulate_traces`.
    keep_errors : bool, default True
        Keep every trace that has an error.
    latency_threshold_ms : float or None, default None
        Keep traces with ``duration_ms >= latency_threshold_ms`` (> 0);
        ``None`` switches the latency policy off.
    base_ratio : float or dict, default 0.0
        Share of all traces kept by :func:`head_sample` on their trace id
        (so the decision agrees with a head sampler at the same ratio), a
        fraction in [0, 1]; or ``{service: ratio}`` naming every root service
        of ``traces`` (Lara's per-service rates).

    Returns
    -------
    numpy.ndarray of bool
        ``True`` for each kept trace, in the order of ``traces``.

    Raises
    ------
    TypeError, ValueError
        ``traces`` lacks a column, a flag is not a bool, the threshold is not
        a positive number, or a ratio is outside [0, 1].

    See Also
    --------
    kept_share : what the kept traces weigh (for the bill).
    debuggable_incidents : which incidents the kept traces still explain.

    Notes
    -----
    ``kept = (keep_errors & error) | (duration_ms >= threshold)
    | head_sample(trace_id, base_ratio)``. The Collector compares latency
    as "duration >= threshold_ms" (its ``latency`` policy). Taught in
    ``04_cost/2a``.

    Examples
    --------
    >>> traces = pd.DataFrame({
    ...     "trace_id": ["0" * 32, "f" * 32, "0" * 31 + "1", "f" * 32],
    ...     "service": ["search"] * 4, "duration_ms": [80.0, 1500.0, 90.0, 60.0],
    ...     "error": [False, False, True, False]})
    >>> tail_sample(traces).tolist()
    [False, False, True, False]
    >>> tail_sample(traces, latency_threshold_ms=1000, base_ratio=0.5).tolist()
    [True, True, True, False]
    """
    traces = _check_traces(traces)
    if not isinstance(keep_errors, (bool, np.bool_)):
        raise TypeError(message("keep_errors", "True or False", keep_errors))
    if latency_threshold_ms is not None:
        latency_threshold_ms = check_real("latency_threshold_ms", latency_threshold_ms, low=0, low_open=True,
                                          scalar=True, rule="a number of milliseconds > 0 or None")
    ratio = _ratio_per_trace(traces, base_ratio, "base_ratio")
    n = len(traces)
    if isinstance(ratio, dict):
        kept = np.zeros(n, dtype=bool)
        services = traces["service"].to_numpy()
        low, _ = _low64(traces["trace_id"], "traces['trace_id']")
        for service, r in ratio.items():
            bound = round(r * (_TRACE_ID_LIMIT + 1))
            mine = services == service
            kept[mine] = True if bound > _TRACE_ID_LIMIT else low[mine] < np.uint64(bound)
    elif ratio > 0:
        low, _ = _low64(traces["trace_id"], "traces['trace_id']")
        bound = round(ratio * (_TRACE_ID_LIMIT + 1))
        kept = np.ones(n, dtype=bool) if bound > _TRACE_ID_LIMIT else low < np.uint64(bound)
    else:
        kept = np.zeros(n, dtype=bool)
    if keep_errors:
        kept |= _bool_column(traces, "error")
    if latency_threshold_ms is not None:
        kept |= _float_column(traces, "duration_ms") >= latency_threshold_ms
    return kept


def _bool_column(traces: pd.DataFrame, column: str) -> np.ndarray:
    values = traces[column]
    if values.dtype != bool:
        if values.isna().any() or not set(pd.unique(values)) <= {True, False}:
            raise ValueError(message(f"traces[{column!r}]", "True or False in every row",
                                     values[~values.isin([True, False])].iloc[0]))
    return values.to_numpy(dtype=bool)


def _float_column(traces: pd.DataFrame, column: str) -> np.ndarray:
    return check_real(f"traces[{column!r}]", traces[column].to_numpy(), low=0,
                      rule="a number of milliseconds >= 0 in every row")


def _kept_flags(traces: pd.DataFrame, kept, name: str = "kept") -> np.ndarray:
    if isinstance(kept, pd.Series):
        kept = kept.to_numpy()
    array = np.asarray(kept) if isinstance(kept, (list, tuple, np.ndarray)) else None
    rule = f"an array of True/False, one per trace ({len(traces)})"
    hint = "Pass what tail_sample or head_sample returned."
    if array is None or array.dtype != bool:
        if array is not None and array.size > 10:
            raise TypeError(described(name, rule, f"an array of {array.dtype}", hint))
        raise TypeError(message(name, rule, kept, hint))
    if array.shape != (len(traces),):
        raise ValueError(described(name, rule, f"{array.size} values", hint))
    return array


def _weights(traces: pd.DataFrame) -> np.ndarray:
    if "weight" not in traces.columns:
        return np.ones(len(traces))
    return check_real("traces['weight']", traces["weight"].to_numpy(), low=1,
                      rule="a number >= 1 in every row (traces each row stands for)")


def kept_share(traces, kept) -> pd.DataFrame:
    """Share of traces, spans and bytes kept, per root service.

    The simulated traces are a stratified sample (every error and slow trace,
    a share of the others), so each row carries a ``weight``; the shares
    here are weighted, and estimate what the same policy keeps of MicroCorp's
    real trace volume. Feed ``share_of_bytes`` to
    ``sl.telemetry_volumes(..., span_share=...)`` to price a policy.

    Parameters
    ----------
    traces : DataFrame
        With ``service``, ``spans`` and ``bytes`` (``weight`` optional,
        1 per row if absent), e.g. from :func:`sre_lab.simulate_traces`.
    kept : array of bool
        One decision per trace, e.g. from :func:`tail_sample`.

    Returns
    -------
    DataFrame
        One row per service: ``traces``, ``traces_kept``, ``bytes``,
        ``bytes_kept`` (weighted totals) and ``share_of_traces``,
        ``share_of_bytes`` (fractions in [0, 1]).

    Examples
    --------
    >>> traces = pd.DataFrame({"service": ["a", "a", "b"], "spans": [2, 2, 5],
    ...                        "bytes": [100, 300, 500], "weight": [1.0, 1.0, 1.0]})
    >>> kept_share(traces, np.array([True, False, True]))["share_of_bytes"].tolist()
    [0.25, 1.0]
    """
    check_columns("traces", traces, ("service", "spans", "bytes"))
    flags = _kept_flags(traces, kept)
    weight = _weights(traces)
    size = check_real("traces['bytes']", traces["bytes"].to_numpy(), low=0,
                      rule="a number of bytes >= 0 in every row")
    frame = pd.DataFrame({"service": traces["service"].to_numpy(), "traces": weight,
                          "traces_kept": weight * flags, "bytes": weight * size,
                          "bytes_kept": weight * size * flags})
    out = frame.groupby("service", sort=False).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_of_traces"] = np.where(out["traces"] > 0, out["traces_kept"] / out["traces"], 0.0)
        out["share_of_bytes"] = np.where(out["bytes"] > 0, out["bytes_kept"] / out["bytes"], 0.0)
    return out.reset_index()


#: A latency incident's evidence: kept traces at least this slow (ms), in
#: :func:`debuggable_incidents` and :func:`head_tail_tradeoff` alike.
SLOW_EVIDENCE_MS = 1000.0


def debuggable_incidents(traces, kept, *, min_error_traces=5, incidents=None,
                         slow_ms=SLOW_EVIDENCE_MS) -> pd.DataFrame:
    """For each incident, count the telling traces kept and say if it is still debuggable.

    An engineer debugging an incident needs a few traces that show it: traces
    that failed during an error incident, traces that were slow during a
    latency incident. An incident is *debuggable* when at least
    ``min_error_traces`` such traces were kept.

    Parameters
    ----------
    traces : DataFrame
        From :func:`sre_lab.simulate_traces`: ``incident_id`` (the incident a
        trace falls in, or missing), ``error``, ``duration_ms`` and ``weight``.
    kept : array of bool
        One decision per trace (``tail_sample`` / ``head_sample``).
    min_error_traces : int, default 5
        Telling traces an incident needs to be debuggable (>= 1).
    incidents : DataFrame, optional
        With ``id``, ``service`` and ``kind``; default ``sl.load_incidents()``.
    slow_ms : float, default 1000
        A trace counts as slow at or above this duration (the largest latency
        bucket of the data).

    Returns
    -------
    DataFrame
        One row per incident: ``incident_id``, ``service``, ``kind``,
        ``traces`` (in its window), ``error_traces``, ``error_traces_kept``,
        ``slow_traces``, ``slow_traces_kept``, ``evidence_kept`` (error traces
        kept for an error incident, slow ones for a latency incident) and
        ``debuggable`` (bool). Counts are weighted (each row of the sample
        stands for ``weight`` traces) and rounded to whole traces. The share
        debuggable is ``result["debuggable"].mean()``.

    Examples
    --------
    >>> traces = pd.DataFrame({"incident_id": ["INC-1", "INC-1", None],
    ...                        "error": [True, True, True], "duration_ms": [50.0, 60.0, 70.0]})
    >>> incidents = pd.DataFrame({"id": ["INC-1", "INC-2"], "service": ["payment", "search"],
    ...                           "kind": ["errors", "latency"]})
    >>> table = debuggable_incidents(traces, np.array([True, True, True]), min_error_traces=2,
    ...                              incidents=incidents)
    >>> table[["incident_id", "evidence_kept", "debuggable"]].values.tolist()
    [['INC-1', 2, True], ['INC-2', 0, False]]
    """
    check_columns("traces", traces, ("incident_id", "error", "duration_ms"))
    flags = _kept_flags(traces, kept)
    if isinstance(min_error_traces, (bool, np.bool_)) or not isinstance(min_error_traces, numbers.Integral):
        raise TypeError(message("min_error_traces", "a whole number >= 1", min_error_traces))
    if min_error_traces < 1 or min_error_traces >= 2**53:
        raise ValueError(message("min_error_traces", "a whole number >= 1", int(min_error_traces)))
    slow_ms = check_real("slow_ms", slow_ms, low=0, low_open=True, scalar=True)
    if incidents is None:
        from ..datasets import load_incidents

        incidents = load_incidents()
    check_columns("incidents", incidents, ("id", "service", "kind"))
    weight = _weights(traces)
    error = _bool_column(traces, "error")
    slow = _float_column(traces, "duration_ms") >= slow_ms
    ids = traces["incident_id"].astype(object).where(traces["incident_id"].notna(), None).to_numpy()
    frame = pd.DataFrame({"incident_id": ids, "traces": weight, "error_traces": weight * error,
                          "error_traces_kept": weight * (error & flags), "slow_traces": weight * slow,
                          "slow_traces_kept": weight * (slow & flags)})
    sums = frame.dropna(subset=["incident_id"]).groupby("incident_id").sum()
    table = pd.DataFrame({"incident_id": incidents["id"].astype(str).to_numpy(),
                          "service": incidents["service"].to_numpy(), "kind": incidents["kind"].to_numpy()})
    counts = sums.reindex(table["incident_id"]).fillna(0.0)
    for column in ("traces", "error_traces", "error_traces_kept", "slow_traces", "slow_traces_kept"):
        table[column] = np.rint(counts[column].to_numpy()).astype(np.int64)
    latency = table["kind"].to_numpy() == "latency"
    table["evidence_kept"] = np.where(latency, table["slow_traces_kept"], table["error_traces_kept"])
    table["debuggable"] = table["evidence_kept"].to_numpy() >= min_error_traces
    return table


# --------------------------------------------------------------------------- estimates

def estimate_total(kept_count, ratio):
    """Estimate a total from a sampled count: ``kept_count / ratio``.

    Each trace kept with probability ``p`` stands for ``1 / p`` traces (its
    *adjusted count* in the OpenTelemetry specification), so the count kept
    divided by ``p`` estimates the count before sampling, without bias.

    Parameters
    ----------
    kept_count : float or array-like
        Count (>= 0) of kept items, e.g. error traces kept.
    ratio : float or array-like
        Sampling probability they were kept with, a fraction in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        The estimated total.

    Examples
    --------
    >>> estimate_total(37, 0.01)
    3700.0
    >>> estimate_total([5, 0], 0.5).tolist()
    [10.0, 0.0]
    """
    count = check_real("kept_count", kept_count, low=0)
    ratio = check_real("ratio", ratio, low=0, high=1, low_open=True, rule="a fraction in (0, 1]",
                       hint="A ratio of 0 keeps nothing, so nothing can be re-weighted.")
    if np.ndim(count) and np.ndim(ratio) and np.shape(count) != np.shape(ratio):
        raise ValueError(message("ratio", f"one number or one per kept_count ({np.size(count)})",
                                 f"{np.size(ratio)} values"))
    with np.errstate(over="ignore"):
        total = np.asarray(count) / np.asarray(ratio)
    if not np.isfinite(total).all():
        raise ValueError(message("kept_count", "small enough to re-weight", kept_count,
                                 "kept_count / ratio is beyond the float range."))
    return float(total) if np.ndim(total) == 0 else total


@dataclass(frozen=True, eq=False)
class SampledErrorRate:
    """An error rate measured on sampled traces, with its confidence interval.

    Fields are floats, or arrays when the inputs were arrays.
    """

    error_rate: float
    low: float
    high: float
    errors_kept: float
    traces_kept: float
    confidence: float
    method: str = "Wilson score"


def sampled_error_rate(errors_kept, traces_kept, *, confidence=0.95) -> SampledErrorRate:
    """Estimate an error rate from sampled traces, with an honest interval.

    Head sampling keeps each trace with the same probability, so the error
    rate among kept traces estimates the real one; how precisely depends on
    how many traces were kept, not on how many there were. The interval is
    Wilson's score interval for a binomial proportion, which stays inside
    [0, 1] and is sensible at 0 errors (where ``p ± z·se`` collapses to 0).

    Parameters
    ----------
    errors_kept : int or array-like
        Error traces among the kept ones (whole numbers >= 0).
    traces_kept : int or array-like
        Kept traces (whole numbers >= ``errors_kept``, > 0).
    confidence : float, default 0.95
        Two-sided confidence level, a fraction in (0, 1).

    Returns
    -------
    SampledErrorRate
        ``error_rate`` (errors_kept / traces_kept), ``low``, ``high``,
        the inputs, ``confidence`` and ``method``.

    Notes
    -----
    With ``p = x / n`` and ``z`` the normal quantile of ``(1 + confidence) / 2``::

        centre = (p + z**2 / (2 n)) / (1 + z**2 / n)
        half   = z / (1 + z**2 / n) * sqrt(p (1 - p) / n + z**2 / (4 n**2))

    The course checks it against Newcombe (1998), *Statistics in Medicine*
    17:857-872, Table II (e.g. 81/263 -> 0.2553 to 0.3662). At 0 errors the
    upper end is ``z**2 / (n + z**2)``, close to the "rule of three" 3 / n.
    Taught in ``04_cost/1c``.

    Examples
    --------
    >>> r = sampled_error_rate(81, 263)
    >>> round(r.low, 4), round(r.high, 4)
    (0.2553, 0.3662)
    >>> r = sampled_error_rate(0, 1000)
    >>> r.error_rate, round(r.high, 5)
    (0.0, 0.00383)
    """
    confidence = check_fraction("confidence", confidence, scalar=True)
    x = check_real("errors_kept", errors_kept, low=0, rule="a whole number >= 0")
    n = check_real("traces_kept", traces_kept, low=0, low_open=True, rule="a whole number > 0",
                   hint=None)
    for name, value, original in (("errors_kept", x, errors_kept), ("traces_kept", n, traces_kept)):
        whole = np.equal(np.mod(value, 1), 0)
        if not np.all(whole):
            bad = value if np.ndim(value) == 0 else float(np.asarray(value)[~whole].ravel()[0])
            raise ValueError(message(name, "a whole number of traces", bad))
    if np.ndim(x) and np.ndim(n) and np.shape(x) != np.shape(n):
        raise ValueError(message("traces_kept", f"one number or one per errors_kept ({np.size(x)})",
                                 f"{np.size(n)} values"))
    over = np.asarray(x) > np.asarray(n)
    if over.any():
        xb = np.broadcast_to(np.asarray(x), over.shape)[over].ravel()[0] if over.ndim else x
        nb = np.broadcast_to(np.asarray(n), over.shape)[over].ravel()[0] if over.ndim else n
        raise ValueError(message("errors_kept", "at most traces_kept", float(xb),
                                 f"Only {float(nb):g} traces were kept."))
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    x_arr, n_arr = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    p = x_arr / n_arr
    denominator = 1 + z * z / n_arr
    centre = (p + z * z / (2 * n_arr)) / denominator
    half = z / denominator * np.sqrt(np.maximum(p * (1 - p) / n_arr + z * z / (4 * n_arr * n_arr), 0))
    low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    low = np.where(x_arr == 0, 0.0, low)
    high = np.where(x_arr == n_arr, 1.0, high)
    scalar = np.ndim(p) == 0

    def out(a):
        return float(a) if scalar else np.asarray(a, dtype=float)

    return SampledErrorRate(error_rate=out(p), low=out(low), high=out(high), errors_kept=out(x_arr),
                            traces_kept=out(n_arr), confidence=confidence)


def chance_to_keep(error_rate, n_traces, ratio, *, at_least=1):
    """Chance that head sampling keeps at least ``at_least`` traces of a rare error.

    Each of ``n_traces`` traces has the error with probability ``error_rate``
    and is kept with probability ``ratio``, so the kept error traces are
    binomial with ``n_traces`` trials and probability ``ratio * error_rate``.
    A rare error at a low ratio is easily never seen at all.

    Parameters
    ----------
    error_rate : float or array-like
        Share of traces with the error, in [0, 1].
    n_traces : int
        Traces in the period (whole number >= 0, at most 10**12).
    ratio : float or array-like
        Head-sampling ratio, in [0, 1].
    at_least : int, default 1
        Kept error traces needed (1 to 1000).

    Returns
    -------
    float or numpy.ndarray
        The probability, in [0, 1].

    Notes
    -----
    ``P = 1 - sum_{j < k} C(N, j) q**j (1 - q)**(N - j)`` with ``q = ratio *
    error_rate``; for ``k = 1`` it is ``1 - (1 - q)**N`` (ops_facts.md §4.2).
    Computed in log space, so a million traces is no trouble. Taught in
    ``04_cost/1c``.

    Examples
    --------
    An error in 1 trace of 10,000, over 100,000 traces, sampled at 1 %:
    ``1 - (1 - 1e-6)**100000 = 1 - exp(-0.1)``.

    >>> round(chance_to_keep(1e-4, 100_000, 0.01), 4)
    0.0952

    Keeping everything, at least 5 of the 10 expected error traces are seen
    97 % of the time (Poisson(10) >= 5 gives 0.9707; the binomial is a hair
    higher):

    >>> round(chance_to_keep(1e-4, 100_000, 1.0, at_least=5), 4)
    0.9708
    """
    from math import lgamma

    q_rate = check_fraction("error_rate", error_rate, closed=True)
    q_ratio = check_fraction("ratio", ratio, closed=True)
    if isinstance(n_traces, (bool, np.bool_)) or not isinstance(n_traces, numbers.Integral):
        raise TypeError(message("n_traces", "a whole number >= 0", n_traces))
    if n_traces < 0 or n_traces > 10**12:
        raise ValueError(message("n_traces", "a whole number in [0, 10**12]", int(n_traces)))
    if isinstance(at_least, (bool, np.bool_)) or not isinstance(at_least, numbers.Integral):
        raise TypeError(message("at_least", "a whole number in [1, 1000]", at_least))
    if not 1 <= at_least <= 1000:
        raise ValueError(message("at_least", "a whole number in [1, 1000]", int(at_least)))
    if np.ndim(q_rate) and np.ndim(q_ratio) and np.shape(q_rate) != np.shape(q_ratio):
        raise ValueError(described("ratio", f"one number or one per error_rate ({np.size(q_rate)})",
                                   f"{np.size(q_ratio)} values"))
    n = int(n_traces)
    q = np.asarray(q_rate, dtype=float) * np.asarray(q_ratio, dtype=float)
    below = np.zeros(np.shape(q))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_q = np.log(q)
        log_rest = np.log1p(-q)
        for j in range(min(int(at_least), n + 1)):
            log_term = lgamma(n + 1) - lgamma(j + 1) - lgamma(n - j + 1) + j * log_q + (n - j) * log_rest
            term = np.exp(log_term)
            # q = 0: only j = 0 contributes (probability 1); q = 1: only j = n does.
            term = np.where(q == 0, 1.0 if j == 0 else 0.0, term)
            term = np.where(q == 1, 1.0 if j == n else 0.0, term)
            below = below + term
    chance = np.clip(1.0 - below, 0.0, 1.0)
    return float(chance) if np.ndim(chance) == 0 else chance


# --------------------------------------------------------------------------- the trade-off

def head_tail_tradeoff(traces, ratios=(0.0, 0.001, 0.01, 0.1, 1.0), *, latency_threshold_ms=1000.0,
                      min_error_traces=5, traffic=None, incidents=None, prices=None) -> pd.DataFrame:
    """What head and tail sampling cost and what they leave debuggable, ratio by ratio.

    For each ratio, *head* sampling keeps ``head_sample(trace_id, ratio)``;
    *tail* sampling keeps that plus every error trace and every trace at or
    above ``latency_threshold_ms`` (:func:`tail_sample`). Each policy's kept
    share of span bytes, per service, prices the spans of the traffic
    (``sl.telemetry_volumes`` and ``sl.monthly_bill``: every span charge is
    proportional to the bytes kept), and :func:`debuggable_incidents` says
    which incidents still have enough telling traces.

    Parameters
    ----------
    traces : DataFrame
        From :func:`sre_lab.simulate_traces` (with ``weight`` and
        ``incident_id``).
    ratios : sequence of float, default (0, 0.001, 0.01, 0.1, 1)
        Head-sampling ratios (the base ratio of the tail policy), in [0, 1].
    latency_threshold_ms : float or None, default 1000
        The tail policy's latency threshold; ``None`` keeps errors only.
    min_error_traces : int, default 5
        As in :func:`debuggable_incidents`.
    traffic : DataFrame, optional
        The traffic the traces come from (default ``sl.load_requests()``), to
        price the spans.
    incidents : DataFrame, optional
        Default ``sl.load_incidents()``.
    prices : DataFrame or dict, optional
        As in ``sl.monthly_bill``.

    Returns
    -------
    DataFrame
        One row per (policy, ratio): ``policy`` (``"head"``, ``"tail"``),
        ``ratio``, ``share_of_bytes`` (span bytes kept, all services),
        ``span_usd_per_30_days`` (the span bill of the traffic's days, scaled
        to 30 days) and ``debuggable_share`` (fraction of incidents).

    Examples
    --------
    >>> traces = pd.DataFrame({"trace_id": ["0" * 32, "f" * 32], "service": ["search", "search"],
    ...     "duration_ms": [50.0, 60.0], "error": [False, True], "spans": [3, 3], "bytes": [1800, 3300],
    ...     "weight": [1.0, 1.0], "incident_id": [None, "INC-1"]})
    >>> traffic = pd.DataFrame({"date": pd.to_datetime(["2026-10-05"], utc=True), "service": ["search"],
    ...                         "requests": [2], "errors": [1]})
    >>> incidents = pd.DataFrame({"id": ["INC-1"], "service": ["search"], "kind": ["errors"]})
    >>> t = head_tail_tradeoff(traces, [0.5], min_error_traces=1, traffic=traffic, incidents=incidents)
    >>> t["share_of_bytes"].round(4).tolist()     # head keeps the 1,800 B of 5,100 B
    [0.3529, 1.0]
    >>> t["debuggable_share"].tolist()
    [0.0, 1.0]
    """
    from .prices import monthly_bill
    from .telemetry import telemetry_volumes

    check_columns("traces", traces, ("trace_id", "service", "duration_ms", "error", "bytes", "incident_id"))
    if isinstance(ratios, (str, bytes, dict)) or not hasattr(ratios, "__len__"):
        raise TypeError(message("ratios", "a list of fractions in [0, 1]", ratios))
    if len(ratios) == 0 or len(ratios) > 1000:
        raise ValueError(described("ratios", "a list of 1 to 1000 fractions in [0, 1]", f"{len(ratios)} values"))
    ratio_values = np.atleast_1d(check_fraction("ratios", list(ratios), closed=True))
    if latency_threshold_ms is not None:
        latency_threshold_ms = check_real("latency_threshold_ms", latency_threshold_ms, low=0, low_open=True,
                                          scalar=True, rule="a number of milliseconds > 0 or None")
    if isinstance(min_error_traces, (bool, np.bool_)) or not isinstance(min_error_traces, numbers.Integral):
        raise TypeError(message("min_error_traces", "a whole number >= 1", min_error_traces))
    if min_error_traces < 1 or min_error_traces >= 2**53:
        raise ValueError(message("min_error_traces", "a whole number >= 1", int(min_error_traces)))
    if traffic is None:
        from ..datasets import load_requests

        traffic = load_requests()
    if incidents is None:
        from ..datasets import load_incidents

        incidents = load_incidents()
    check_columns("incidents", incidents, ("id", "service", "kind"))

    low, _ = _low64(traces["trace_id"], "traces['trace_id']")
    weight = _weights(traces)
    size = check_real("traces['bytes']", traces["bytes"].to_numpy(), low=0,
                      rule="a number of bytes >= 0 in every row")
    error = _bool_column(traces, "error")
    duration = _float_column(traces, "duration_ms")
    always = error | (duration >= latency_threshold_ms) if latency_threshold_ms is not None else error
    services, service_code = np.unique(traces["service"].astype(str).to_numpy(), return_inverse=True)
    weighted_bytes = weight * size
    total_bytes = np.bincount(service_code, weights=weighted_bytes, minlength=len(services))

    # Price each service's spans once at full volume: every span charge is proportional to bytes.
    volumes = telemetry_volumes(traffic)
    bill = monthly_bill(volumes, prices=prices)
    spans = bill.loc[bill["signal"] == "spans"]
    full_usd = spans.groupby("service")["usd"].sum().reindex(services).fillna(0.0).to_numpy()
    days = max(int(volumes["date"].nunique()), 1)

    ids = traces["incident_id"].astype(object).where(traces["incident_id"].notna(), None).to_numpy()
    table_ids = incidents["id"].astype(str).to_numpy()
    position = {incident: i for i, incident in enumerate(table_ids)}
    code = np.array([position.get(i, -1) if i is not None else -1 for i in ids], dtype=np.int64)
    inside = code >= 0
    latency_kind = np.append(incidents["kind"].to_numpy() == "latency", False)  # index -1: no incident
    evidence = np.where(latency_kind[code], duration >= SLOW_EVIDENCE_MS, error) & inside

    rows = []
    for ratio in ratio_values:
        head = head_sample(low, float(ratio))
        for policy, kept in (("head", head), ("tail", head | always)):
            kept_bytes = np.bincount(service_code, weights=weighted_bytes * kept, minlength=len(services))
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(total_bytes > 0, kept_bytes / np.where(total_bytes > 0, total_bytes, 1), 0.0)
            usd = float((share * full_usd).sum()) * 30.0 / days
            counts = np.bincount(code[evidence & kept], weights=weight[evidence & kept], minlength=len(table_ids))
            debuggable = np.rint(counts) >= min_error_traces
            overall = float(kept_bytes.sum() / total_bytes.sum()) if total_bytes.sum() else 0.0
            rows.append((policy, float(ratio), overall, usd, float(debuggable.mean()) if len(debuggable) else 0.0))
    return pd.DataFrame(rows, columns=["policy", "ratio", "share_of_bytes", "span_usd_per_30_days",
                                       "debuggable_share"])
