"""Retention tiers per signal and the storage bill over a year (notebook ``04_cost/1c_…``).

Telemetry ages through storage tiers. Elastic's index lifecycle management
(ILM) names the phases: **hot** (written and queried), **warm** (no more
writes, still queried), **cold** (rarely queried, slower is fine), frozen
(left out here) and **delete**. Its documentation's example policy rolls
indices over in hot, moves them to warm at 30 days, to cold at 60 days and
deletes them at 90 days
(https://www.elastic.co/guide/en/elasticsearch/reference/current/ilm-index-lifecycle.html).

A retention policy here says, per signal (and per log level, when logs of
different levels are kept differently), how many days data stay in each
tier; after ``hot_days + warm_days + cold_days`` days they are deleted.

=========================  ====================================================
``TIERS``                  ``("hot", "warm", "cold")``, the tiers that cost money
``ILM_EXAMPLE``            Elastic's example policy as days per tier (30/30/30)
``retention_policy``       a policy table: days per tier, per signal (and level)
``stored_gb``              GB held in each tier on each day
``storage_bill``           what holding them costs, per month, signal and tier
=========================  ====================================================

How the bill is computed
------------------------
On day ``d`` the hot tier holds what was ingested in the last ``hot_days``
days, warm the ``warm_days`` before that, and so on (a running sum of the
daily ingest). A GB held for one day of a month costs ``usd_per_gb_month / days in that month``
(a GB-month is a GB held for a whole month, as ``sl.monthly_bill`` counts it). Storage
starts empty on the first day of the volumes, as for a new policy: the bill
climbs until the oldest data reach ``delete`` and then follows the traffic.
In the steady state a tier holds ``GB per day x days in tier``.

Ingest (paid once per GB written) is not in this bill: see
``sl.monthly_bill``. Prices per tier come from ``sl.PRICES``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, check_int, message
from .._windows import described

__all__ = ["TIERS", "ILM_EXAMPLE", "retention_policy", "stored_gb", "storage_bill"]

#: Storage tiers that cost money, youngest first (then: delete).
TIERS = ("hot", "warm", "cold")

#: Elastic ILM's example policy as days per tier (warm at 30 d, cold at 60 d, delete at 90 d).
ILM_EXAMPLE = {"hot_days": 30, "warm_days": 30, "cold_days": 30}

_SIGNALS = ("logs", "spans", "metrics")
_LEVELS = ("DEBUG", "INFO", "WARN", "ERROR")
_MAX_DAYS = 3650
_GB = 1e9  # vendors bill decimal gigabytes (New Relic: "GB = 1e9 bytes")


def _days(name, value) -> int:
    return check_int(name, value, low=0, high=_MAX_DAYS)


def retention_policy(hot_days=30, warm_days=30, cold_days=30, *, signals=_SIGNALS,
                     overrides=None) -> pd.DataFrame:
    """A retention policy: days in each tier, per signal (and per log level).

    Parameters
    ----------
    hot_days, warm_days, cold_days : int
        Days data stay in each tier (0 to 3,650), for every signal in
        ``signals``. Defaults: Elastic ILM's example (30 / 30 / 30, deleted
        at 90 days).
    signals : sequence of str
        Signals the days apply to (``"logs"``, ``"spans"``, ``"metrics"``).
    overrides : dict, optional
        Different days for some signals or log levels:
        ``{"spans": (7, 0, 0), "logs:DEBUG": (3, 0, 0)}``; a key is a signal
        or ``"logs:<LEVEL>"``, a value ``(hot_days, warm_days, cold_days)``.

    Returns
    -------
    DataFrame
        One row per rule: ``signal``, ``level`` (``""``: every level),
        ``hot_days``, ``warm_days``, ``cold_days``, ``delete_after_days``.

    Examples
    --------
    >>> p = retention_policy(7, 23, 60, overrides={"logs:DEBUG": (3, 0, 0)})
    >>> p[["signal", "level", "delete_after_days"]].values.tolist()
    [['logs', '', 90], ['spans', '', 90], ['metrics', '', 90], ['logs', 'DEBUG', 3]]
    """
    days = (_days("hot_days", hot_days), _days("warm_days", warm_days),
            _days("cold_days", cold_days))
    if isinstance(signals, str) or not hasattr(signals, "__iter__"):
        raise TypeError(message("signals", "a sequence of signal names such as "
                                "('logs', 'spans')", signals))
    rows = [(_choice("signals item", s, _SIGNALS), "", *days) for s in signals]
    if overrides is not None:
        if not isinstance(overrides, dict):
            raise TypeError(message("overrides", "a dict such as {'logs:DEBUG': (3, 0, 0)}",
                                    type(overrides).__name__))
        for key, value in overrides.items():
            if not isinstance(key, str):
                raise TypeError(message("overrides key", "a signal or 'logs:<LEVEL>'", key))
            signal, _, level = key.partition(":")
            signal = _choice("overrides key", signal, _SIGNALS)
            if level:
                if signal != "logs":
                    raise ValueError(message("overrides key", "a signal or 'logs:<LEVEL>'", key,
                                             "Only logs have levels."))
                level = _choice("overrides key level", level, _LEVELS)
            if (not isinstance(value, (tuple, list)) or len(value) != 3):
                raise TypeError(message(f"overrides[{key!r}]", "(hot_days, warm_days, cold_days)",
                                        value))
            new = (signal, level, *(_days(f"overrides[{key!r}] {t}_days", v)
                                    for t, v in zip(TIERS, value)))
            rows = [r for r in rows if (r[0], r[1]) != (signal, level)] + [new]
    frame = pd.DataFrame(rows, columns=["signal", "level", "hot_days", "warm_days", "cold_days"])
    frame["delete_after_days"] = frame[["hot_days", "warm_days", "cold_days"]].sum(axis=1)
    return frame


def _choice(name, value, choices):
    from .._validation import check_choice

    return check_choice(name, value, choices)


def _check_policy(policy) -> pd.DataFrame:
    if policy is None:
        return retention_policy(**ILM_EXAMPLE)
    columns = ["signal", "level", "hot_days", "warm_days", "cold_days"]
    check_columns("policy", policy, columns)
    for column in columns[2:]:
        values = policy[column].to_numpy()
        if values.dtype == bool or not np.issubdtype(values.dtype, np.integer) \
                or (values < 0).any() or (values > _MAX_DAYS).any():
            raise ValueError(described(f"policy[{column!r}]",
                                       f"whole numbers of days in [0, {_MAX_DAYS}]",
                                       f"values {values[:5].tolist()}",
                                       "Build it with sl.retention_policy(...)."))
    keys = list(zip(policy["signal"], policy["level"]))
    if len(set(keys)) != len(keys):
        raise ValueError(described("policy", "one row per (signal, level)",
                                   "a repeated rule", "Build it with sl.retention_policy(...)."))
    return policy


def _daily_gb(volumes) -> pd.DataFrame:
    """GB ingested per (date, signal, level), every day of the span present (0 if none)."""
    check_columns("volumes", volumes, ["date", "signal", "level", "bytes"])
    if len(volumes) == 0:
        raise ValueError(described("volumes", "a frame with at least one row",
                                   "an empty DataFrame"))
    size = volumes["bytes"].to_numpy()
    if size.dtype == bool or not np.issubdtype(size.dtype, np.number) \
            or not (np.isfinite(size) & (size >= 0)).all():
        raise ValueError(described("volumes['bytes']", "finite byte counts >= 0",
                                   "other values", "Use sl.telemetry_volumes(...)."))
    try:
        dates = pd.DatetimeIndex(pd.to_datetime(volumes["date"])).floor("D")
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(described("volumes['date']", "dates",
                                   f"values pandas cannot read ({exc})")) from None
    if dates.isna().any():
        raise ValueError(described("volumes['date']", "a date on every row", "a missing date"))
    frame = pd.DataFrame({"date": dates, "signal": volumes["signal"].astype(str).to_numpy(),
                          "level": volumes["level"].fillna("").astype(str).to_numpy(),
                          "gb": size / _GB})
    table = frame.pivot_table(index="date", columns=["signal", "level"], values="gb",
                              aggfunc="sum", fill_value=0.0)
    days = pd.date_range(table.index.min(), table.index.max(), freq="D")
    return table.reindex(days, fill_value=0.0)


def _rule(policy: pd.DataFrame, signal: str, level: str):
    exact = policy[(policy["signal"] == signal) & (policy["level"] == level)]
    if len(exact):
        return exact.iloc[0]
    anyone = policy[(policy["signal"] == signal) & (policy["level"] == "")]
    if len(anyone):
        return anyone.iloc[0]
    return None


def stored_gb(volumes, policy=None) -> pd.DataFrame:
    """GB held in each tier on each day, per signal and level.

    Parameters
    ----------
    volumes : DataFrame
        From ``sl.telemetry_volumes`` (``date``, ``signal``, ``level``,
        ``bytes``; other columns such as ``service`` are summed over).
    policy : DataFrame, optional
        From :func:`retention_policy`; default Elastic's example (30/30/30).
        A signal (or level) without a rule is not stored at all.

    Returns
    -------
    DataFrame
        One row per (date, signal, level, tier): ``date``, ``signal``,
        ``level``, ``tier``, ``gb`` (held at the end of that day).

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"date": pd.date_range("2026-01-01", periods=5, tz="UTC"),
    ...                   "signal": "logs", "level": "INFO", "bytes": 1e9})
    >>> s = stored_gb(v, retention_policy(2, 1, 0))
    >>> s[s["date"] == s["date"].max()].set_index("tier")["gb"].to_dict()
    {'hot': 2.0, 'warm': 1.0, 'cold': 0.0}
    """
    policy = _check_policy(policy)
    table = _daily_gb(volumes)
    n = len(table)
    parts = []
    for (signal, level), column in table.items():
        rule = _rule(policy, signal, level)
        cum = np.concatenate([[0.0], np.cumsum(column.to_numpy())])
        end = np.arange(1, n + 1)
        age = 0
        for tier in TIERS:
            days = 0 if rule is None else int(rule[f"{tier}_days"])
            # ages [age, age + days): ingest of days d - age - days + 1 .. d - age
            hi = np.clip(end - age, 0, None)
            lo = np.clip(end - age - days, 0, None)
            parts.append(pd.DataFrame({"date": table.index, "signal": signal, "level": level,
                                       "tier": tier, "gb": cum[hi] - cum[lo]}))
            age += days
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["date", "signal", "level"], kind="stable").reset_index(drop=True)


def _tier_prices(prices) -> dict:
    """``{tier: usd per GB-month}`` from a price list, read as ``sl.monthly_bill`` reads it."""
    from .prices import _prices

    table = _prices(prices)
    return {tier: table[f"storage_{tier}"] for tier in TIERS}


def storage_bill(volumes, policy=None, *, prices=None) -> pd.DataFrame:
    """What storing telemetry costs, per month, signal and tier.

    Parameters
    ----------
    volumes : DataFrame
        From ``sl.telemetry_volumes`` (a year by default there).
    policy : DataFrame, optional
        From :func:`retention_policy`; default Elastic's example (30/30/30).
    prices : DataFrame or dict, optional
        A modified copy of ``sl.PRICES`` or ``{item: usd}`` replacing some
        of its prices, as ``sl.monthly_bill`` takes them; the items
        ``storage_hot``, ``storage_warm``, ``storage_cold`` (US dollars per
        GB-month) are used.

    Returns
    -------
    DataFrame
        One row per (month, signal, tier): ``month`` (first day, UTC),
        ``signal``, ``tier``, ``days`` (days of the month the volumes cover),
        ``gb_months`` (GB held each day / days in the
        month, summed over the month's days), ``usd_per_gb_month`` and ``usd``.

    Notes
    -----
    ``usd = sum over the month's days of GB held / days in month x
    usd_per_gb_month`` (module docstring). A month in the steady state
    costs ``GB per day x days in tier x usd_per_gb_month``, the storage
    charge of ``sl.monthly_bill``. Taught in ``04_cost/1c_…``.

    Examples
    --------
    10 GB a day kept 7 days hot: 70 GB held all of June costs 70 x $0.03.

    >>> v = pd.DataFrame({"date": pd.date_range("2026-05-01", periods=61, tz="UTC"),
    ...                   "signal": "logs", "level": "INFO", "bytes": 10e9})
    >>> bill = storage_bill(v, retention_policy(7, 0, 0))
    >>> june = bill[bill["month"] == pd.Timestamp("2026-06-01", tz="UTC")]
    >>> round(float(june["usd"].sum()), 4)
    2.1
    """
    tier_usd = _tier_prices(prices)
    held = stored_gb(volumes, policy)
    dates = pd.DatetimeIndex(held["date"])
    naive = dates.tz_convert(None) if dates.tz is not None else dates
    first = naive.to_period("M").to_timestamp()
    held = held.assign(month=first.tz_localize("UTC") if dates.tz is not None else first,
                       days_in_month=naive.days_in_month.to_numpy())
    held["gb_months"] = held["gb"] / held["days_in_month"]
    out = held.groupby(["month", "signal", "tier"], sort=False).agg(
        days=("date", "nunique"), gb_months=("gb_months", "sum")).reset_index()
    out["usd_per_gb_month"] = out["tier"].map(tier_usd)
    out["usd"] = out["gb_months"] * out["usd_per_gb_month"]
    rank = {t: i for i, t in enumerate(TIERS)}
    out = out.sort_values(["month", "signal", "tier"], kind="stable",
                          key=lambda c: c.map(rank) if c.name == "tier" else c)
    return out.reset_index(drop=True)
