"""Chargeback and showback: observability costs allocated to teams.

A bill by service becomes a bill by team in three steps: map each service to
its owner (:data:`SERVICE_TEAMS`), sum the **usage** cost per team, then
split what no single team used (the **shared** cost of the platform itself
and the **idle** cost of capacity paid for but not used) by one of the three
methods the FinOps Foundation's *Shared Cost Management* capability and the
OpenCost specification describe: evenly, in proportion to usage, or by fixed
weights. The shares add up to the bill exactly, to the cent.

=====================  ======================================================
``SERVICE_TEAMS``      the owner team of each MicroCorp service (read-only)
``SPLIT_METHODS``      ``("even", "proportional", "fixed")``
``allocate_costs``     usage + shared + idle cost per team, exact to the cent
``split_cents``        split a whole number of cents by weights (largest
                       remainder), the rounding behind ``allocate_costs``
=====================  ======================================================

Notebook: ``notebooks/04_cost/2c_chargeback_and_showback.ipynb``.

Sources: FinOps Foundation, *Shared Cost Management*
(https://www.finops.org/framework/capabilities/shared-cost-management/): split
proportionally (to direct cost or usage), evenly, or by fixed coefficients that
sum to 100 %; showback reports costs, chargeback bills them. OpenCost
specification (``spec/opencost-specv01.md``): idle cost = asset costs −
workload costs; shared costs are split evenly, in proportion to cost, or by a
custom metric.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._validation import check_choice, check_real, message

__all__ = ["SERVICE_TEAMS", "SPLIT_METHODS", "allocate_costs", "split_cents"]

SERVICE_TEAMS = MappingProxyType({
    "checkout": "orders",
    "notifications": "orders",
    "payment": "payments",
    "search": "search",
})
"""The team that owns each MicroCorp service, ``service -> team`` (read-only).

Three teams: ``orders`` owns checkout and the order e-mails and pushes
(``notifications``), ``payments`` owns payment, ``search`` owns search.
One team owning two services is the usual case, so a bill by service
becomes a bill by team with ``groupby`` (section 4's chargeback); section 5
uses the same mapping for its per-team views (deployments, DORA, toil).

Examples
--------
>>> SERVICE_TEAMS["notifications"]
'orders'
>>> sorted(set(SERVICE_TEAMS.values()))
['orders', 'payments', 'search']
"""

SPLIT_METHODS = ("even", "proportional", "fixed")
"""How shared (and shared idle) cost is split: the FinOps Foundation's three methods."""

IDLE_ROW = "(idle)"
_MAX_CENTS = 10**15  # a quadrillion cents: far beyond any bill, still exact in a float


def split_cents(total_cents, weights):
    """Split a whole number of cents in proportion to ``weights``, exactly.

    The largest-remainder (Hamilton) method: every party first gets the
    whole cents of its exact quota ``total_cents × w / Σw``, then the cents
    left over go one each to the largest fractional remainders (ties to the
    earlier party). The parts add up to ``total_cents`` exactly and none is
    more than one cent from its quota. Arithmetic is done with exact
    fractions, so no float rounding can lose or create a cent.

    Parameters
    ----------
    total_cents : int
        The amount to split, a whole number of cents >= 0.
    weights : sequence of float
        One non-negative weight per party, not all zero.

    Returns
    -------
    numpy.ndarray of int64
        The cents of each party, in the order of ``weights``.

    Raises
    ------
    TypeError
        If ``total_cents`` is not a whole number or a weight is not a number.
    ValueError
        If ``total_cents`` is negative or a weight is negative, not finite, or all are zero.

    Examples
    --------
    A dollar split three ways: 33 + 33 + 33 leaves one cent, which goes to
    the first of the tied remainders.

    >>> split_cents(100, [1, 1, 1]).tolist()
    [34, 33, 33]
    >>> split_cents(1000, [0.5, 0.3, 0.2]).tolist()
    [500, 300, 200]
    >>> split_cents(101, [2, 1]).tolist()
    [67, 34]
    """
    rule = "a whole number of cents >= 0"
    if isinstance(total_cents, (bool, np.bool_)) or not isinstance(total_cents, numbers.Integral):
        raise TypeError(message("total_cents", rule, total_cents, "Round to the cent first: round(usd * 100)."))
    total = int(total_cents)
    if total < 0 or total > _MAX_CENTS:
        raise ValueError(message("total_cents", f"{rule} and <= 10**15", total))
    w = check_real("weights", weights, low=0)
    w = np.atleast_1d(w)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(message("weights", "a non-empty list of numbers", weights))
    if not (w > 0).any():
        raise ValueError(message("weights", "non-negative numbers, not all zero", weights))
    exact = [Fraction(float(x)) for x in w]
    whole = sum(exact)
    quotas = [total * x / whole for x in exact]
    cents = [math.floor(q) for q in quotas]
    left = total - sum(cents)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - cents[i]), i))
    for i in order[:left]:
        cents[i] += 1
    return np.array(cents, dtype=np.int64)


def _usage_by_team(usage):
    """Usage cost per team as a float Series (team -> usd), validated."""
    if isinstance(usage, pd.DataFrame):
        missing = [c for c in ("team", "usd") if c not in usage.columns]
        if missing:
            raise ValueError(
                "usage must be a Series (team -> usd) or a DataFrame with the columns 'team' and 'usd'; "
                f"got a DataFrame without {', '.join(repr(c) for c in missing)}. Map services to teams "
                "first: bill['team'] = bill['service'].map(sl.SERVICE_TEAMS).")
        teams, usd = usage["team"], usage["usd"]
    elif isinstance(usage, pd.Series):
        teams, usd = pd.Series(usage.index, dtype=object), usage
    elif isinstance(usage, dict) or hasattr(usage, "keys"):
        teams, usd = pd.Series(list(usage.keys()), dtype=object), pd.Series(list(usage.values()), dtype=object)
    else:
        raise TypeError(message("usage", "a Series (team -> usd), a dict or a DataFrame with 'team' and 'usd'",
                                type(usage).__name__))
    if len(usd) == 0:
        raise ValueError("usage must be at least one team; got an empty table.")
    names = list(teams)
    bad = [t for t in names if not isinstance(t, str) or not t or t == IDLE_ROW]
    if bad:
        raise ValueError(message("usage", f"keyed by team names (non-empty strings other than {IDLE_ROW!r})",
                                 bad[0]))
    values = check_real("usage", list(usd), low=0, rule="non-negative usd amounts")
    frame = pd.Series(np.atleast_1d(values), index=pd.Index(names, name="team"), dtype=float)
    return frame.groupby(level=0, sort=False).sum()


def _weights(method, weights, usage):
    """The split weight of each team (aligned with ``usage``'s index)."""
    if method == "even":
        return np.ones(len(usage))
    if method == "proportional":
        if not (usage.to_numpy() > 0).any():
            raise ValueError(message("method", "'even' or 'fixed' when no team has any usage", method,
                                     "Proportional split needs some usage to be proportional to."))
        return usage.to_numpy()
    if weights is None:
        raise ValueError(message("weights", "a mapping team -> weight when method='fixed'", None))
    if not hasattr(weights, "keys"):
        raise TypeError(message("weights", "a mapping team -> weight (a dict or Series)", type(weights).__name__))
    unknown = [t for t in weights.keys() if t not in usage.index]
    if unknown:
        raise ValueError(message("weights", "keyed by the teams in usage", unknown[0],
                                 f"Teams: {', '.join(map(str, usage.index))}."))
    w = check_real("weights", [weights.get(t, 0.0) for t in usage.index], low=0,
                   rule="non-negative weights")
    if not math.isclose(float(np.sum(w)), 1.0, rel_tol=0, abs_tol=1e-9):
        raise ValueError(message("weights", "fixed coefficients that add up to 1", round(float(np.sum(w)), 12),
                                 "Write 40% as 0.4; the teams' weights must add up to 1 (100 %)."))
    return np.asarray(w, dtype=float)


def _cents(name, usd):
    value = check_real(name, usd, low=0, scalar=True, high=_MAX_CENTS / 100)
    return int(round(value * 100))


def allocate_costs(usage, *, shared_usd=0.0, bill_usd=None, method="proportional", weights=None,
                   idle="separate"):
    """Allocate an observability bill to teams: usage, shared and idle cost, exact to the cent.

    Each team pays for what it used. What nobody used alone is made explicit:
    **shared** cost (the platform's own collectors, dashboards, the team
    running it) is split by ``method``; **idle** cost (capacity paid for but
    not used, OpenCost's "asset costs − workload costs") is either shown on
    its own row (``idle="separate"``, showback) or split like the shared cost
    (``idle="share"``, chargeback of everything).

    Parameters
    ----------
    usage : pandas.Series, dict or pandas.DataFrame
        Usage cost per team in USD (team -> usd), or a frame with columns
        ``team`` and ``usd`` (summed per team, e.g. a bill by service with a
        team column from :data:`SERVICE_TEAMS`). Amounts >= 0.
    shared_usd : float, default 0
        Shared cost to split between the teams, USD >= 0.
    bill_usd : float, optional
        The whole bill (the invoice). The idle cost is
        ``bill_usd − Σ usage − shared_usd`` and must be >= 0. Default: no idle
        cost (the bill is usage plus shared).
    method : {"proportional", "even", "fixed"}, default "proportional"
        How shared (and shared idle) cost is split: in proportion to each
        team's usage cost, evenly, or by fixed ``weights``.
    weights : mapping, optional
        Team -> coefficient, adding up to 1; only with ``method="fixed"``
        (a team left out gets 0).
    idle : {"separate", "share"}, default "separate"
        Show idle cost on its own row ``"(idle)"``, or split it by ``method``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``team`` (plus ``"(idle)"`` when idle is separate and
        not zero), columns ``usage_usd``, ``shared_usd``, ``idle_usd``,
        ``total_usd``, ``total_cents`` (int) and ``share`` (of the bill, a
        fraction). Every amount is whole cents: each input is rounded to
        the cent, then the shared and idle cents are split by the largest
        remainder (:func:`split_cents`), so ``total_cents`` adds up to the
        bill's cents exactly.

    Raises
    ------
    TypeError
        If ``usage`` is not a Series, dict or DataFrame, or an amount is not a number.
    ValueError
        If an amount is negative, ``bill_usd`` is less than usage plus shared,
        ``method``/``idle`` is unknown, or fixed weights do not add up to 1.

    See Also
    --------
    split_cents : the exact split behind the shared and idle columns.

    Notes
    -----
    The three split methods are the FinOps Foundation's (*Shared Cost
    Management*) and OpenCost's; idle cost is OpenCost's. Taught in
    ``notebooks/04_cost/2c_chargeback_and_showback.ipynb``.

    Examples
    --------
    Two teams used $600 and $200; the platform's own cost is $100 and the
    contract is $1,000, so $100 is idle.

    >>> out = allocate_costs({"orders": 600, "search": 200}, shared_usd=100, bill_usd=1000)
    >>> out["total_usd"].to_dict()
    {'orders': 675.0, 'search': 225.0, '(idle)': 100.0}
    >>> even = allocate_costs({"orders": 600, "search": 200}, shared_usd=100, method="even")
    >>> even["shared_usd"].tolist()
    [50.0, 50.0]
    >>> int(allocate_costs({"a": 1, "b": 1, "c": 1}, shared_usd=1)["total_cents"].sum())
    400
    """
    method = check_choice("method", method, SPLIT_METHODS)
    idle = check_choice("idle", idle, ("separate", "share"))
    if weights is not None and method != "fixed":
        raise ValueError(f"weights must be None unless method='fixed'; got weights with method={method!r}. "
                         "Pass method='fixed' to split by your own weights.")
    used = _usage_by_team(usage)
    used_cents = np.array([_cents("usage", x) for x in used.to_numpy()], dtype=np.int64)
    shared_cents = _cents("shared_usd", shared_usd)
    if bill_usd is None:
        idle_cents = 0
    else:
        bill_cents = _cents("bill_usd", bill_usd)
        idle_cents = bill_cents - int(used_cents.sum()) - shared_cents
        if idle_cents < 0:
            raise ValueError(message(
                "bill_usd", "at least the usage plus the shared cost "
                f"(${(int(used_cents.sum()) + shared_cents) / 100:,.2f})", float(bill_usd),
                "Idle cost is what the bill leaves after usage and shared cost; it cannot be negative."))
    w = _weights(method, weights, used)
    shared_split = split_cents(shared_cents, w)
    frame = pd.DataFrame({"usage_usd": used_cents, "shared_usd": shared_split,
                          "idle_usd": np.zeros(len(used), dtype=np.int64)}, index=used.index)
    if idle_cents and idle == "share":
        frame["idle_usd"] = split_cents(idle_cents, w)
    elif idle_cents:
        frame.loc[IDLE_ROW] = [0, 0, idle_cents]
    frame = frame.astype(np.int64)
    cents = frame["usage_usd"] + frame["shared_usd"] + frame["idle_usd"]
    out = frame / 100.0
    out["total_usd"] = cents / 100.0
    out["total_cents"] = cents.astype(np.int64)
    total = int(cents.sum())
    out["share"] = cents / total if total else 0.0
    out.index.name = "team"
    return out
