"""Chargeback and showback (sl.allocate_costs, sl.split_cents, sl.SERVICE_TEAMS).

Oracles are worked by hand: the largest-remainder method on small splits, the
OpenCost specification's normalisation example, a three-team bill with shared
and idle cost split the FinOps Foundation's three ways. A hypothesis property
checks that the shares add up to the bill exactly, to the cent, whatever the
amounts and the method.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import sre_lab as sl


def test_service_teams_cover_every_microcorp_service():
    assert set(sl.SERVICE_TEAMS) == {s.name for s in sl.SERVICES}
    assert dict(sl.SERVICE_TEAMS) == {"checkout": "orders", "notifications": "orders",
                                      "payment": "payments", "search": "search"}
    with pytest.raises(TypeError):
        sl.SERVICE_TEAMS["search"] = "x"            # read-only


# ---------------------------------------------------------------- split_cents by hand

def test_largest_remainder_by_hand():
    # 100 / 3 = 33.33 each: floors 33+33+33 = 99, one cent left -> the first of the ties
    assert sl.split_cents(100, [1, 1, 1]).tolist() == [34, 33, 33]
    # 101 x 2/3 = 67.33, 101 x 1/3 = 33.67: floors 67 + 33 = 100, the cent goes to .67
    assert sl.split_cents(101, [2, 1]).tolist() == [67, 34]
    # quotas 5.5 / 4.5: floors 5 + 4, one cent left, equal remainders -> the first
    assert sl.split_cents(10, [0.55, 0.45]).tolist() == [6, 4]
    # 7 cents by 0.1 / 0.2 / 0.7 -> quotas 0.7, 1.4, 4.9: floors 0, 1, 4; two cents left
    # to the largest remainders .9 (third) and .7 (first)
    assert sl.split_cents(7, [0.1, 0.2, 0.7]).tolist() == [1, 1, 5]
    assert sl.split_cents(0, [1, 2]).tolist() == [0, 0]
    assert sl.split_cents(5, [0, 1]).tolist() == [0, 5]


def test_opencost_normalisation_example():
    # OpenCost spec: a $35 node, base prices GPU $30, CPU $30, RAM $10 -> $15 / $15 / $5
    assert sl.split_cents(3500, [30, 30, 10]).tolist() == [1500, 1500, 500]


def test_float_weights_that_do_not_add_up_in_binary():
    # 0.1 + 0.2 + 0.7 is not 1.0 in floats; the split still uses every cent once
    parts = sl.split_cents(10**12 + 1, [0.1, 0.2, 0.7])
    assert int(parts.sum()) == 10**12 + 1


# ---------------------------------------------------------------- allocate_costs by hand

USAGE = {"orders": 600.0, "search": 200.0, "payments": 0.0}


def test_proportional_split_with_idle_on_its_own_row():
    # shared $100 split 600:200:0 -> 75 / 25 / 0; idle = 1000 - 800 - 100 = 100
    out = sl.allocate_costs(USAGE, shared_usd=100, bill_usd=1000)
    assert out.index.tolist() == ["orders", "search", "payments", "(idle)"]
    assert out["shared_usd"].tolist() == [75.0, 25.0, 0.0, 0.0]
    assert out["idle_usd"].tolist() == [0.0, 0.0, 0.0, 100.0]
    assert out["total_usd"].tolist() == [675.0, 225.0, 0.0, 100.0]
    assert out["total_cents"].tolist() == [67500, 22500, 0, 10000]
    assert out["share"].tolist() == pytest.approx([0.675, 0.225, 0.0, 0.1])


def test_even_split_charges_a_team_with_no_usage():
    out = sl.allocate_costs(USAGE, shared_usd=100, method="even")
    # $100 / 3 = 33.33: the extra cent goes to the first team
    assert out["shared_usd"].tolist() == [33.34, 33.33, 33.33]
    assert out["total_usd"].tolist() == [633.34, 233.33, 33.33]
    assert "(idle)" not in out.index


def test_fixed_weights_and_idle_shared_the_same_way():
    weights = {"orders": 0.5, "search": 0.3, "payments": 0.2}
    out = sl.allocate_costs(USAGE, shared_usd=100, bill_usd=1100, method="fixed", weights=weights,
                            idle="share")
    # idle = 1100 - 800 - 100 = 200, split 100 / 60 / 40 like the shared 50 / 30 / 20
    assert out["shared_usd"].tolist() == [50.0, 30.0, 20.0]
    assert out["idle_usd"].tolist() == [100.0, 60.0, 40.0]
    assert out["total_usd"].tolist() == [750.0, 290.0, 60.0]
    assert out["total_cents"].sum() == 110_000


def test_a_bill_by_service_becomes_a_bill_by_team():
    bill = pd.DataFrame({"service": ["checkout", "notifications", "payment", "search"],
                         "usd": [300.0, 50.0, 150.0, 500.0]})
    bill["team"] = bill["service"].map(sl.SERVICE_TEAMS)
    out = sl.allocate_costs(bill)
    assert out["usage_usd"].to_dict() == {"orders": 350.0, "payments": 150.0, "search": 500.0}
    series = sl.allocate_costs(pd.Series({"orders": 350.0, "payments": 150.0, "search": 500.0}))
    pd.testing.assert_frame_equal(out, series)


def test_amounts_are_rounded_to_the_cent_first():
    out = sl.allocate_costs({"a": 0.004, "b": 0.006}, shared_usd=0.015)
    # usage rounds to 0 and 1 cent; shared 0.015 -> 2 cents (round half even of 1.5), all to b
    assert out["usage_usd"].tolist() == [0.0, 0.01]
    assert out["total_cents"].sum() == 1 + round(1.5)


# ---------------------------------------------------------------- property: exact to the cent

amounts = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(usage=st.lists(amounts, min_size=1, max_size=12), shared=amounts, idle=amounts,
       method=st.sampled_from(["even", "proportional", "fixed"]), idle_mode=st.sampled_from(["separate", "share"]),
       raw_weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=12, max_size=12))
def test_shares_add_up_to_the_bill_exactly(usage, shared, idle, method, idle_mode, raw_weights):
    teams = [f"team{i}" for i in range(len(usage))]
    cents = [round(x * 100) for x in usage]
    if method == "proportional" and sum(cents) == 0:
        method = "even"
    weights = None
    if method == "fixed":
        w = raw_weights[: len(teams)]
        if sum(w) == 0:
            w = [1] * len(teams)
        # weights adding up to 1 exactly in floats: the last takes the rest
        weights = {t: x / sum(w) for t, x in zip(teams, w)}
        weights[teams[-1]] = 1.0 - sum(list(weights.values())[:-1])
        if weights[teams[-1]] < 0:
            weights[teams[-1]] = 0.0
        if abs(sum(weights.values()) - 1) > 1e-9:
            return
    shared_c, idle_c = round(shared * 100), round(idle * 100)
    bill_cents = sum(cents) + shared_c + idle_c
    out = sl.allocate_costs(dict(zip(teams, usage)), shared_usd=shared, bill_usd=bill_cents / 100,
                            method=method, weights=weights, idle=idle_mode)
    # the shares add up to the bill, to the cent, and every column to its own total
    assert int(out["total_cents"].sum()) == bill_cents
    assert round(out["shared_usd"].sum() * 100) == shared_c
    assert round(out["idle_usd"].sum() * 100) == idle_c
    parts = np.rint(out[["usage_usd", "shared_usd", "idle_usd"]].to_numpy() * 100).astype(np.int64)
    assert (parts.sum(axis=1) == out["total_cents"].to_numpy()).all()
    assert (out["total_cents"] >= 0).all()
    # and each team's shared cents are within one cent of its exact quota
    basis = {"even": [1] * len(teams), "proportional": cents,
             "fixed": [Fraction(weights[t]) if weights else 0 for t in teams]}[method]
    total_w = sum(Fraction(x) for x in basis)
    for team, b in zip(teams, basis):
        quota = Fraction(shared_c) * Fraction(b) / total_w
        assert abs(round(out.loc[team, "shared_usd"] * 100) - quota) < 1


# ---------------------------------------------------------------- refusals (messages are API)

@pytest.mark.parametrize("kwargs, error, text", [
    (dict(usage=[1, 2]), TypeError, "usage must be a Series (team -> usd), a dict or a DataFrame"),
    (dict(usage={}), ValueError, "usage must be at least one team; got an empty table."),
    (dict(usage={"a": -1}), ValueError, "usage must be non-negative usd amounts; got -1.0 at index 0."),
    (dict(usage=pd.DataFrame({"service": ["a"], "usd": [1]})), ValueError,
     "got a DataFrame without 'team'. Map services to teams first"),
    (dict(usage={"a": 1}, bill_usd=0.5), ValueError,
     "bill_usd must be at least the usage plus the shared cost ($1.00); got 0.5."),
    (dict(usage={"a": 1, "b": 2}, method="fixed", weights={"a": 0.5, "b": 0.4}), ValueError,
     "weights must be fixed coefficients that add up to 1; got 0.9."),
    (dict(usage={"a": 1, "b": 2}, method="fixed", weights={"a": 0.5, "c": 0.5}), ValueError,
     "weights must be keyed by the teams in usage; got 'c'."),
    (dict(usage={"a": 1, "b": 2}, method="fixed"), ValueError, "weights must be a mapping"),
    (dict(usage={"a": 1}, weights={"a": 1}), ValueError, "weights must be None unless method='fixed'"),
    (dict(usage={"a": 0}, shared_usd=5), ValueError, "method must be 'even' or 'fixed' when no team has any usage"),
    (dict(usage={"a": 1}, method="Even"), ValueError, "Did you mean 'even'?"),
    (dict(usage={"a": 1}, idle="hide"), ValueError, "idle must be one of 'separate', 'share'"),
    (dict(usage={"a": 1}, shared_usd=float("nan")), ValueError, "shared_usd must be"),
    (dict(usage={"(idle)": 1}), ValueError, "usage must be keyed by team names"),
])
def test_refusals(kwargs, error, text):
    usage = kwargs.pop("usage")
    with pytest.raises(error) as info:
        sl.allocate_costs(usage, **kwargs)
    assert text in str(info.value)


def test_split_cents_refusals():
    with pytest.raises(TypeError, match="total_cents must be a whole number of cents"):
        sl.split_cents(1.5, [1])
    with pytest.raises(ValueError, match="not all zero"):
        sl.split_cents(10, [0, 0])
    with pytest.raises(ValueError, match="weights must be"):
        sl.split_cents(10, [1, -1])
