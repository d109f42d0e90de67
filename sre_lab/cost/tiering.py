"""Tiered observability: how much to trace and log, by how much a service matters.

Mission-critical services get full tracing and logging, less critical ones a
sample (course outline §4.2). A *tier* is a row of settings (the share of
ordinary traces kept, the minimum log level); every tier keeps the traces
that explain incidents (errors, slow traces) through tail sampling. Whether a
plan is good is measured, never assumed: the monthly bill it leads to
against the share of MicroCorp's incidents it leaves debuggable.

=========================  ====================================================
``OBSERVABILITY_TIERS``    the tiers' settings: ``base_ratio``, ``log_level``
``SERVICE_TIERS``          MicroCorp's services in those tiers (from their SLO tiers)
``tier_settings``          per service: its tier, trace ratio and log level
``sampling_tradeoffs``     per sampling plan: bytes kept, monthly bill, incidents
                           still debuggable
=========================  ====================================================

Notebook: ``notebooks/04_cost/2a_tiered_observability.ipynb`` (Lara's lean
tracing). Sampling decisions come from :func:`sre_lab.tail_sample`, bytes
from :func:`sre_lab.kept_share` and :func:`sre_lab.telemetry_volumes`, the
bill from :func:`sre_lab.monthly_bill`, debuggability from
:func:`sre_lab.debuggable_incidents`: this module only combines them.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from .._validation import check_choice, check_columns, message

__all__ = ["OBSERVABILITY_TIERS", "SERVICE_TIERS", "tier_settings", "sampling_tradeoffs"]

_TIER_NAMES = ("critical", "standard", "low")
_LOG_LEVELS = ("DEBUG", "INFO", "WARN", "ERROR")

OBSERVABILITY_TIERS = pd.DataFrame(
    {"base_ratio": [1.0, 0.10, 0.01],
     "log_level": ["INFO", "INFO", "WARN"],
     "meaning": ["full tracing and logging (revenue, shared infrastructure)",
                 "a tenth of ordinary traces, INFO logs",
                 "one ordinary trace in a hundred, WARN logs and above"]},
    index=pd.Index(list(_TIER_NAMES), name="tier"))
"""Observability tiers: the share of *ordinary* traces kept and the minimum log level.

A course design, not a published standard: the outline says only "full
tracing/logging" for mission-critical services and "partial coverage" for
the rest. Every tier also keeps all error traces and, when a plan sets a
latency threshold, all slow traces (tail sampling), so the ratios apply to
healthy traffic only. Change a copy and pass it as ``tiers=``.
"""

SERVICE_TIERS = MappingProxyType({
    "payment": "critical",
    "checkout": "standard",
    "search": "standard",
    "notifications": "low",
})
"""MicroCorp's services in the observability tiers, by criticality (read-only).

Follows the SLO tiers the SRE hub gives them in section 2, part 3a:
payment Platinum -> ``critical``; checkout and search Gold -> ``standard``;
notifications Silver -> ``low``.
"""

_PLAN_KEYS = ("keep_errors", "latency_threshold_ms", "base_ratio", "log_levels")


def _tiers(tiers) -> pd.DataFrame:
    if tiers is None:
        return OBSERVABILITY_TIERS
    if not isinstance(tiers, pd.DataFrame):
        raise TypeError(message("tiers", "a DataFrame like sl.OBSERVABILITY_TIERS", type(tiers).__name__,
                                "Start from sl.OBSERVABILITY_TIERS.copy()."))
    missing = [c for c in ("base_ratio", "log_level") if c not in tiers.columns]
    if missing:
        raise ValueError(f"tiers must have the columns 'base_ratio' and 'log_level'; got a DataFrame without "
                         f"{', '.join(repr(c) for c in missing)}.")
    return tiers


def tier_settings(service_tiers=None, *, tiers=None):
    """Settings per service from its observability tier.

    Parameters
    ----------
    service_tiers : mapping, optional
        ``{service: tier}``; default :data:`SERVICE_TIERS`.
    tiers : DataFrame, optional
        Indexed by tier, with ``base_ratio`` (fraction of ordinary traces
        kept) and ``log_level``; default :data:`OBSERVABILITY_TIERS`.

    Returns
    -------
    DataFrame
        Indexed by ``service``: ``tier``, ``base_ratio``, ``log_level``. Pass
        ``["base_ratio"].to_dict()`` to :func:`sre_lab.tail_sample` and
        ``["log_level"].to_dict()`` to :func:`sre_lab.telemetry_volumes`.

    Raises
    ------
    TypeError, ValueError
        ``service_tiers`` is not a mapping, names an unknown tier, or a tier's
        ratio is not a fraction in [0, 1] or its log level is unknown.

    Examples
    --------
    >>> settings = tier_settings()
    >>> float(settings.loc["payment", "base_ratio"]), settings.loc["notifications", "log_level"]
    (1.0, 'WARN')
    >>> tier_settings({"search": "low"})["base_ratio"].to_dict()
    {'search': 0.01}
    """
    table = _tiers(tiers)
    if service_tiers is None:
        service_tiers = SERVICE_TIERS
    if not hasattr(service_tiers, "items") or isinstance(service_tiers, pd.DataFrame):
        raise TypeError(message("service_tiers", "a mapping {service: tier}", type(service_tiers).__name__))
    if not len(service_tiers):
        raise ValueError("service_tiers must name at least one service; got an empty mapping.")
    names = [str(t) for t in table.index]
    rows = []
    for service, tier in service_tiers.items():
        tier = check_choice(f"service_tiers[{service!r}]", tier, names)
        ratio = table.loc[tier, "base_ratio"]
        if isinstance(ratio, (bool, np.bool_)) or not isinstance(ratio, (int, float, np.number)) \
                or not 0 <= float(ratio) <= 1:
            shown = float(ratio) if isinstance(ratio, (int, float, np.number)) else ratio
            raise ValueError(message(f"tiers.loc[{tier!r}, 'base_ratio']", "a fraction in [0, 1]", shown))
        level = check_choice(f"tiers.loc[{tier!r}, 'log_level']", table.loc[tier, "log_level"], _LOG_LEVELS)
        rows.append((service, tier, float(ratio), level))
    out = pd.DataFrame(rows, columns=["service", "tier", "base_ratio", "log_level"]).set_index("service")
    return out


def _plan(name, plan) -> dict:
    if not isinstance(plan, dict):
        raise TypeError(message(f"plans[{name!r}]", "a dict of tail_sample arguments "
                                "(keep_errors, latency_threshold_ms, base_ratio) and log_levels", plan))
    unknown = [k for k in plan if k not in _PLAN_KEYS]
    if unknown:
        raise ValueError(message(f"plans[{name!r}]", "a dict with keys among " + ", ".join(_PLAN_KEYS),
                                 unknown[0]))
    return plan


def _daily(traffic):
    """The 1-minute frame of ``sl.load_requests()`` as daily totals (``rollup`` per service), else as is.

    ``telemetry_volumes`` sums minutes per day itself; doing it once here
    instead of once per plan makes a comparison of five plans 40x cheaper.
    """
    from .aggregation import rollup

    if not isinstance(traffic, pd.DataFrame) or "timestamp" not in traffic.columns \
            or "service" not in traffic.columns:
        return traffic
    check_columns("traffic", traffic, ("timestamp", "service", "requests", "errors"))
    parts = []
    for service, group in traffic.groupby("service", sort=False):
        daily = rollup(group.set_index("timestamp")[["requests", "errors"]], every="1D")
        parts.append(pd.DataFrame({"date": daily.index, "service": service,
                                   "requests": daily["requests"].to_numpy(),
                                   "errors": daily["errors"].to_numpy()}))
    return pd.concat(parts, ignore_index=True) if parts else traffic


def sampling_tradeoffs(traces, plans, *, traffic=None, min_error_traces=5, incidents=None, prices=None):
    """Compare sampling plans: what each keeps, what it costs, what stays debuggable.

    For every plan: decide which traces are kept (:func:`sre_lab.tail_sample`),
    weigh the kept bytes per service (:func:`sre_lab.kept_share`), turn them
    into telemetry volumes (:func:`sre_lab.telemetry_volumes` with
    ``span_share``, and the plan's ``log_levels``) and a bill
    (:func:`sre_lab.monthly_bill`), and count the incidents that keep at
    least ``min_error_traces`` telling traces
    (:func:`sre_lab.debuggable_incidents`).

    Parameters
    ----------
    traces : DataFrame
        From :func:`sre_lab.simulate_traces`.
    plans : dict
        ``{name: plan}``; a plan is a dict with any of ``keep_errors``,
        ``latency_threshold_ms``, ``base_ratio`` (a fraction or
        ``{service: fraction}``, as :func:`sre_lab.tail_sample` takes them)
        and ``log_levels`` (as :func:`sre_lab.telemetry_volumes` takes it).
    traffic : DataFrame, optional
        The traffic the volumes are computed from; default
        ``sl.load_requests()`` (the same 28 days as the traces).
    min_error_traces : int, default 5
        Telling traces an incident needs to be debuggable.
    incidents : DataFrame, optional
        Default ``sl.load_incidents()``.
    prices : DataFrame, optional
        A modified copy of ``sl.PRICES``.

    Returns
    -------
    DataFrame
        Indexed by ``plan``: ``traces_kept_share`` and ``bytes_kept_share``
        (of all traces, weighted), ``span_usd`` and ``bill_usd`` (monthly:
        spans alone, and every signal), ``debuggable`` (incidents),
        ``incidents`` and ``debuggable_share``.

    Raises
    ------
    TypeError, ValueError
        A plan is not a dict or has an unknown key; otherwise as the
        functions it calls.

    Notes
    -----
    Taught in ``04_cost/2a`` (Lara's lean tracing).
    """
    from .prices import monthly_bill
    from .sampling import debuggable_incidents, kept_share, tail_sample
    from .telemetry import telemetry_volumes

    if not isinstance(plans, dict):
        raise TypeError(message("plans", "a dict {name: plan}", type(plans).__name__))
    if not plans:
        raise ValueError("plans must hold at least one plan; got an empty dict.")
    if traffic is None:
        from ..datasets import load_requests

        traffic = load_requests()
    traffic = _daily(traffic)
    rows = []
    for name, plan in plans.items():
        plan = _plan(name, plan)
        sample = {k: v for k, v in plan.items() if k != "log_levels"}
        kept = tail_sample(traces, **sample)
        share = kept_share(traces, kept)
        volumes = telemetry_volumes(traffic, log_levels=plan.get("log_levels"),
                                    span_share=dict(zip(share["service"], share["share_of_bytes"])))
        bill = monthly_bill(volumes, prices=prices)
        table = debuggable_incidents(traces, kept, min_error_traces=min_error_traces, incidents=incidents)
        rows.append({
            "plan": name,
            "traces_kept_share": float(share["traces_kept"].sum() / share["traces"].sum()),
            "bytes_kept_share": float(share["bytes_kept"].sum() / share["bytes"].sum()),
            "span_usd": float(bill.loc[bill["signal"] == "spans", "usd"].sum()),
            "bill_usd": float(bill["usd"].sum()),
            "debuggable": int(table["debuggable"].sum()),
            "incidents": len(table),
            "debuggable_share": float(table["debuggable"].mean()) if len(table) else float("nan"),
        })
    return pd.DataFrame(rows).set_index("plan")
