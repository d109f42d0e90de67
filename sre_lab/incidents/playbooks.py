"""Symptom-based runbooks as data, and a triage bot that ranks probable causes.

=====================  ==========================================================
``RUNBOOKS``           symptom -> :class:`Runbook` (signals, probable triggers with
                       their published shares, first steps, source)
``Runbook``            one runbook entry
``triage``             rank (service, kind) causes from one incident window's
                       per-service error and latency signals, with the runbook
``triage_incidents``   run :func:`triage` on labelled incidents: the rank of the
                       true cause, top-1 accuracy, precision of confident calls
=====================  ==========================================================

This is the "ChatOps bot" of Priya's story (course outline §3.2): when a page
fires, it posts the most likely faulty service, the symptom, the runbook's
probable triggers and its first steps.

The signals, per service, compare the window with a baseline (the
``baseline_days`` before it):

* **errors**: the error ratio above what the baseline *and the service's
  dependencies* explain. Checkout calls payment for 60 % and search for 30 % of
  its requests (``sl.DEPENDENCIES``), so a payment outage also fails checkout
  requests; the bot subtracts that share before blaming checkout.
* **latency**: the share of successful requests slower than 300 ms.

The score is the *lift*: (window - expected) / expected, "how many times above
normal"; it is comparable across services of very different traffic, unlike
raw counts. A call is *confident* when the top lift is at least ``min_lift``
and its z-score (binomial standard error) at least 3.

Sources: runbook triggers and their shares: SRE Workbook Appendix C "Results of
Postmortem Analysis" (``sl.TRIGGER_SHARES``); "mitigate first" and rollbacks:
SRE Workbook ch. 9 "Incident Response" / SRE book ch. 14; playbooks cut time to
repair about threefold: SRE book ch. 1 ("Hope is not a strategy") and ch. 11;
dependency-first triage: SRE book ch. 12 "Effective Troubleshooting".
Taught in ``notebooks/03_incidents/2a_playbooks_and_triage.ipynb``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._validation import check_int, check_real, message
from ..simulation import DEPENDENCIES, TRIGGER_SHARES

__all__ = ["RUNBOOKS", "Runbook", "triage", "triage_incidents"]

_LATENCY_COLUMN = "latency_le_300ms"
_KINDS = ("errors", "latency")
_Z_MIN = 3.0


@dataclass(frozen=True)
class Runbook:
    """One symptom-based runbook.

    Attributes
    ----------
    symptom : str
        What the on-call sees, in words.
    kind : str
        ``"errors"`` or ``"latency"``: the signal that shows the symptom.
    signals : str
        How to recognise it in the per-service signals.
    causes : tuple of (str, float)
        Probable triggers and their share among triggers that show this
        symptom (SRE Workbook Appendix C shares, renormalised), most likely first.
    first_steps : tuple of str
        What to do first, mitigation before diagnosis.
    source : str
        Where the practice comes from.
    """

    symptom: str
    kind: str
    signals: str
    causes: tuple
    first_steps: tuple
    source: str


def _shares(triggers):
    total = sum(TRIGGER_SHARES[t] for t in triggers)
    pairs = sorted(((t, TRIGGER_SHARES[t] / total) for t in triggers), key=lambda p: -p[1])
    return tuple((t, round(s, 4)) for t, s in pairs)


_LATENCY_TRIGGERS = ("Capacity management", "Performance decay")
_ERROR_TRIGGERS = tuple(t for t in TRIGGER_SHARES if t not in _LATENCY_TRIGGERS)

#: symptom key -> :class:`Runbook`. Keys: ``dependency_errors``,
#: ``service_errors``, ``slow_no_errors``.
RUNBOOKS: Mapping[str, Runbook] = MappingProxyType({
    "dependency_errors": Runbook(
        symptom="a service that others call fails, and its callers fail with it",
        kind="errors",
        signals="error lift on a dependency (payment, search); its callers' errors are "
                "explained by their share of calls to it",
        causes=_shares(("Service provider change", "Binary push", "Configuration push",
                        "Hardware")),
        first_steps=("Page the owner of the failing dependency, not of its callers.",
                     "Check the provider's status page and recent changes of the dependency.",
                     "Mitigate for the callers: fail over, serve degraded (skip the call), "
                     "shed load.",
                     "Roll back the dependency's last change if one is recent."),
        source="SRE book ch. 12 (Effective Troubleshooting); SRE Workbook Appendix C"),
    "service_errors": Runbook(
        symptom="one service returns errors that its dependencies do not explain",
        kind="errors",
        signals="error lift on the service after subtracting its dependencies' share",
        causes=_shares(_ERROR_TRIGGERS),
        first_steps=("Look for a change in the last hours: release, config, flag.",
                     "Roll back first, diagnose later (mitigation before root cause).",
                     "Compare error codes and hosts: one host or all of them?",
                     "Post the status and the next update time in the incident channel."),
        source="SRE Workbook ch. 9 (Incident Response) and Appendix C: binary and "
               "configuration pushes trigger 68 % of incidents"),
    "slow_no_errors": Runbook(
        symptom="requests slow down but do not fail",
        kind="latency",
        signals="latency lift (share of successful requests over 300 ms) without an "
                "error lift",
        causes=_shares(_LATENCY_TRIGGERS),
        first_steps=("Check saturation: CPU, memory, GC pauses, connection pools, queues.",
                     "Memory growing steadily since the last restart? A leak (performance "
                     "decay): restart the instances in turn to buy time, then find it.",
                     "Traffic above the planned peak? Scale out (capacity management).",
                     "Open a ticket to fix the cause: a restart only resets the clock."),
        source="SRE book ch. 11 and 12; SRE Workbook Appendix C (capacity management "
               "and performance decay, 5 % each)"),
})


def _window(name, value):
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(message(name, "a timestamp such as '2026-10-20 12:00'", value)) from None
    if stamp is pd.NaT:
        raise ValueError(message(name, "a timestamp, not NaT", value))
    return stamp.tz_localize("UTC") if stamp.tz is None else stamp.tz_convert("UTC")


_COLUMNS = ("timestamp", "service", "requests", "errors", _LATENCY_COLUMN)


def _sums(traffic, start, end):
    rows = traffic[(traffic["timestamp"] >= start) & (traffic["timestamp"] < end)]
    sums = rows.groupby("service", sort=True)[["requests", "errors", _LATENCY_COLUMN]].sum()
    return sums


def _check_traffic(traffic):
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(message("traffic", "a long-format DataFrame like sl.load_requests()",
                                type(traffic).__name__))
    missing = [c for c in _COLUMNS if c not in traffic.columns]
    if missing:
        raise ValueError(message("traffic", "a frame with columns " + ", ".join(_COLUMNS),
                                 f"missing {missing}", "Use sl.load_requests() (all services)."))
    if not pd.api.types.is_datetime64_any_dtype(traffic["timestamp"]):
        raise TypeError(message("traffic", "a datetime 'timestamp' column",
                                str(traffic["timestamp"].dtype)))
    for column in ("requests", "errors", _LATENCY_COLUMN):
        if not pd.api.types.is_numeric_dtype(traffic[column]) or traffic[column].dtype == bool:
            raise TypeError(message("traffic", f"numeric counts in '{column}'",
                                    str(traffic[column].dtype)))


def triage(traffic, start, end, *, baseline_days=7, min_lift=1.0) -> pd.DataFrame:
    """Rank the probable causes of an incident window, most likely first.

    Parameters
    ----------
    traffic : pandas.DataFrame
        Long format, all services: ``timestamp`` (UTC), ``service``,
        ``requests``, ``errors``, ``latency_le_300ms``, as
        ``sl.load_requests()``.
    start, end : timestamp-like
        The incident window ``[start, end)`` (naive = UTC), e.g. an incident's
        ``started`` and ``mitigated``, or the last 30 minutes before a page.
    baseline_days : int, default 7
        Normal behaviour is the ``baseline_days`` before ``start`` (1 to 28;
        whatever of it the data hold, at least one hour).
    min_lift : float, default 1.0
        Lift (excess over normal, in multiples of normal) a candidate needs to
        be ``confident`` (with a z-score >= 3), 0 to 1,000.

    Returns
    -------
    pandas.DataFrame
        One row per (service, kind), best first, index 1..n (``rank``):
        ``service``, ``kind``, ``lift``, ``z``, ``confident``, ``runbook``
        (a key of :data:`RUNBOOKS`), ``probable_trigger`` (the runbook's most
        likely one) and ``first_step``.

    Raises
    ------
    TypeError, ValueError
        Bad traffic frame, unparseable or empty window, no baseline data.

    Notes
    -----
    Errors: expected ratio for a caller ``1 - (1 - p0) prod(1 - share x excess_dep)``
    with ``p0`` its baseline ratio and ``excess_dep`` each dependency's error
    ratio above its own baseline; the lift is ``(p - expected) / expected``.
    Latency: slow share ``s = 1 - le_300 / (requests - errors)``, lift
    ``(s - s0) / s0``. z-scores use the binomial standard error of the
    expected value. The bot assumes one cause at a time: overlapping incidents
    can make it name the wrong one (see :func:`triage_incidents`).

    Examples
    --------
    INC-004, the payment provider outage: payment is blamed, not checkout,
    although 57 % of checkout's requests failed too.

    >>> import sre_lab as sl
    >>> ranked = triage(sl.load_requests(), "2026-10-14 14:10", "2026-10-14 14:22")
    >>> ranked.loc[1, ["service", "kind", "runbook"]].tolist()
    ['payment', 'errors', 'dependency_errors']
    >>> checkout = ranked[(ranked["service"] == "checkout") & (ranked["kind"] == "errors")]
    >>> bool(ranked.loc[1, "confident"]), bool(checkout["lift"].iloc[0] < 0.1)
    (True, True)
    """
    _check_traffic(traffic)
    start, end = _window("start", start), _window("end", end)
    if not end > start:
        raise ValueError(message("end", f"after start ({start})", str(end)))
    baseline_days = check_int("baseline_days", baseline_days, low=1, high=28)
    min_lift = float(check_real("min_lift", min_lift, low=0, high=1000, scalar=True))
    window = _sums(traffic, start, end)
    base_start = start - pd.Timedelta(days=baseline_days)
    base = _sums(traffic, base_start, start)
    services = window.index.intersection(base.index)
    if len(services) == 0 or window.loc[services, "requests"].sum() == 0:
        raise ValueError(message("start", "a window with traffic (and traffic before it)",
                                 f"{start} .. {end}"))
    if traffic["timestamp"].min() > start - pd.Timedelta(hours=1):
        raise ValueError(message("start", "at least one hour after the first traffic row",
                                 str(start), "The baseline needs data before the window."))
    window, base = window.loc[services].astype(float), base.loc[services].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = window["errors"] / window["requests"]
        p0 = base["errors"] / base["requests"]
        excess = (p - p0).clip(lower=0).fillna(0.0)
        expected = p0.copy()
        for caller, deps in DEPENDENCIES.items():
            if caller in expected.index:
                keep = 1.0
                for dep, share in deps.items():
                    if dep in excess.index:
                        keep = keep * (1 - share * excess[dep])
                expected[caller] = 1 - (1 - p0[caller]) * keep
        ok, ok0 = window["requests"] - window["errors"], base["requests"] - base["errors"]
        s = 1 - window[_LATENCY_COLUMN] / ok
        s0 = 1 - base[_LATENCY_COLUMN] / ok0
        floor_e = 0.5 / base["requests"]   # half an error: a zero baseline still scores
        floor_s = 0.5 / ok0
        e_exp, s_exp = np.maximum(expected, floor_e), np.maximum(s0, floor_s)
        lift_e = (p - e_exp) / e_exp
        lift_s = (s - s_exp) / s_exp
        z_e = (p - e_exp) / np.sqrt(e_exp * (1 - e_exp) / window["requests"])
        z_s = (s - s_exp) / np.sqrt(s_exp * (1 - s_exp) / ok)
    callers_of = {}
    for caller, deps in DEPENDENCIES.items():
        for dep in deps:
            callers_of.setdefault(dep, []).append(caller)
    rows = []
    for service in services:
        for kind, lift, z in (("errors", lift_e[service], z_e[service]),
                              ("latency", lift_s[service], z_s[service])):
            if kind == "latency":
                book = "slow_no_errors"
            else:
                book = "dependency_errors" if service in callers_of else "service_errors"
            lift = float(np.nan_to_num(lift, nan=0.0, posinf=1e9, neginf=-1.0))
            z = float(np.nan_to_num(z, nan=0.0, posinf=1e9, neginf=-1e9))
            rows.append((service, kind, lift, z, bool(lift >= min_lift and z >= _Z_MIN), book,
                         RUNBOOKS[book].causes[0][0], RUNBOOKS[book].first_steps[0]))
    out = pd.DataFrame(rows, columns=["service", "kind", "lift", "z", "confident", "runbook",
                                      "probable_trigger", "first_step"])
    out = out.sort_values(["lift", "z"], ascending=False, kind="stable").reset_index(drop=True)
    out.index = pd.RangeIndex(1, len(out) + 1, name="rank")
    return out


def triage_incidents(traffic, incidents, *, baseline_days=7, min_lift=1.0):
    """Run :func:`triage` on labelled incidents and score it against the truth.

    Parameters
    ----------
    traffic : pandas.DataFrame
        As for :func:`triage` (``sl.load_requests()``).
    incidents : pandas.DataFrame
        ``service``, ``kind``, ``started``, ``mitigated`` (``sl.load_incidents()``);
        each incident's window is ``[started, mitigated)``. At most 1,000 rows.
    baseline_days, min_lift
        As for :func:`triage`.

    Returns
    -------
    pandas.DataFrame
        The incidents plus ``top_service``, ``top_kind``, ``confident``,
        ``correct`` (top-1 service and kind both right), ``rank`` (where the
        true cause came, 1 = top). ``attrs`` holds ``top1_accuracy``
        (correct / all), ``precision`` (correct among confident calls) and
        ``coverage`` (confident calls / all).

    Examples
    --------
    >>> import sre_lab as sl
    >>> scored = triage_incidents(sl.load_requests(), sl.load_incidents())
    >>> int(scored["correct"].sum()), len(scored)
    (14, 16)
    >>> scored.loc[~scored["correct"], "id"].tolist()   # overlapping incidents
    ['INC-013', 'INC-014']
    """
    if not isinstance(incidents, pd.DataFrame):
        raise TypeError(message("incidents", "a DataFrame like sl.load_incidents()",
                                type(incidents).__name__))
    need = ("service", "kind", "started", "mitigated")
    missing = [c for c in need if c not in incidents.columns]
    if missing:
        raise ValueError(message("incidents", "a frame with columns " + ", ".join(need),
                                 f"missing {missing}"))
    if len(incidents) > 1000:
        raise ValueError(message("incidents", "at most 1,000 incidents", len(incidents)))
    _check_traffic(traffic)
    baseline_days = check_int("baseline_days", baseline_days, low=1, high=28)
    min_lift = float(check_real("min_lift", min_lift, low=0, high=1000, scalar=True))
    tops, kinds, confident, ranks = [], [], [], []
    for i, row in enumerate(incidents.itertuples(index=False)):
        try:
            ranked = triage(traffic, row.started, row.mitigated, baseline_days=baseline_days,
                            min_lift=min_lift)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"incidents row {i} (started {row.started}, mitigated "
                            f"{row.mitigated}): {exc}") from None
        hit = ranked.index[(ranked["service"] == row.service) & (ranked["kind"] == row.kind)]
        tops.append(ranked.loc[1, "service"])
        kinds.append(ranked.loc[1, "kind"])
        confident.append(bool(ranked.loc[1, "confident"]))
        ranks.append(int(hit[0]) if len(hit) else len(ranked) + 1)
    out = incidents.copy()
    out["top_service"], out["top_kind"] = tops, kinds
    out["confident"] = confident
    out["correct"] = (out["top_service"] == out["service"]) & (out["top_kind"] == out["kind"])
    out["rank"] = ranks
    n = len(out)
    called = out["confident"]
    out.attrs["top1_accuracy"] = float(out["correct"].mean()) if n else float("nan")
    out.attrs["precision"] = (float((out["correct"] & called).sum() / called.sum())
                              if called.any() else float("nan"))
    out.attrs["coverage"] = float(called.mean()) if n else float("nan")
    return out
