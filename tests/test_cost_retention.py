"""Tests of sre_lab/cost/retention.py: retention tiers and the storage bill.

Oracles: GB held and dollars worked by hand on constant daily volumes, and
Elastic ILM's documented example policy (warm at 30 d, cold at 60 d, delete at 90 d).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl

PRICES = {"storage_hot": 0.10, "storage_warm": 0.05, "storage_cold": 0.01}


def _constant(gb_per_day=10.0, days=200, signal="logs", level="INFO"):
    return pd.DataFrame({"date": pd.date_range("2026-01-01", periods=days, tz="UTC"),
                         "service": "search", "signal": signal, "level": level,
                         "bytes": gb_per_day * 1e9})


def test_ilm_example_is_elastics_30_60_90():
    p = sl.retention_policy(**sl.ILM_EXAMPLE)
    assert set(p["delete_after_days"]) == {90}
    assert sl.ILM_EXAMPLE == {"hot_days": 30, "warm_days": 30, "cold_days": 30}


def test_steady_state_holds_gb_per_day_times_days_in_tier():
    held = sl.stored_gb(_constant(), sl.retention_policy(7, 23, 60))
    last = held[held["date"] == held["date"].max()].set_index("tier")["gb"]
    assert last["hot"] == pytest.approx(70.0)
    assert last["warm"] == pytest.approx(230.0)
    assert last["cold"] == pytest.approx(600.0)


def test_storage_ramps_up_from_empty():
    held = sl.stored_gb(_constant(days=10), sl.retention_policy(7, 23, 60))
    hot = held[held["tier"] == "hot"]["gb"].to_numpy()
    warm = held[held["tier"] == "warm"]["gb"].to_numpy()
    # day 1 holds one day, day 7 seven; warm starts on day 8 with the first day
    assert hot[:8].tolist() == pytest.approx([10, 20, 30, 40, 50, 60, 70, 70])
    assert warm[:9].tolist() == pytest.approx([0, 0, 0, 0, 0, 0, 0, 10, 20])


def test_steady_month_bill_by_hand():
    # a steady month holds 70 GB hot, 230 warm, 600 cold all month: 70 x 0.10 + 230 x 0.05 + 600 x 0.01
    bill = sl.storage_bill(_constant(days=365), sl.retention_policy(7, 23, 60), prices=PRICES)
    july = bill[bill["month"] == pd.Timestamp("2026-07-01", tz="UTC")]
    assert july["usd"].sum() == pytest.approx(7.0 + 11.5 + 6.0)
    hot = july.set_index("tier").loc["hot"]
    assert hot["gb_months"] == pytest.approx(70.0)
    assert (july["days"] == 31).all()
    last = bill[bill["month"] == bill["month"].max()]   # 365 days from 1 Jan 2026: December whole
    assert (last["days"] == 31).all() and len(bill["month"].unique()) == 12
    assert hot["usd_per_gb_month"] == 0.10


def test_debug_logs_can_be_kept_shorter_than_the_rest():
    volumes = pd.concat([_constant(level="INFO"), _constant(level="DEBUG", gb_per_day=30.0)])
    policy = sl.retention_policy(7, 23, 60, overrides={"logs:DEBUG": (3, 0, 0)})
    held = sl.stored_gb(volumes, policy)
    last = held[held["date"] == held["date"].max()]
    debug = last[last["level"] == "DEBUG"].set_index("tier")["gb"]
    assert debug.to_dict() == pytest.approx({"hot": 90.0, "warm": 0.0, "cold": 0.0})


def test_a_signal_without_a_rule_is_not_stored():
    held = sl.stored_gb(_constant(signal="spans", level=""), sl.retention_policy(signals=["logs"]))
    assert held["gb"].eq(0).all()


def test_steady_month_agrees_with_monthly_bill():
    # the same storage charge as sl.monthly_bill for a month the policy has run through
    traffic = pd.DataFrame({"date": pd.date_range("2026-01-01", periods=365, tz="UTC"),
                            "service": "payment", "requests": 1_000_000, "errors": 0})
    volumes = sl.telemetry_volumes(traffic)
    mine = sl.storage_bill(volumes, sl.retention_policy(7, 23, 60))
    theirs = sl.monthly_bill(volumes, retention_days={"hot": 7, "warm": 23, "cold": 60})
    july_mine = mine[mine["month"] == pd.Timestamp("2026-07-01", tz="UTC")]
    july_theirs = theirs[(theirs["month"] == "2026-07") & theirs["component"].str.startswith("storage")]
    assert july_mine["usd"].sum() == pytest.approx(july_theirs["usd"].sum())


def test_zero_days_everywhere_costs_nothing():
    bill = sl.storage_bill(_constant(), sl.retention_policy(0, 0, 0), prices=PRICES)
    assert bill["usd"].sum() == 0.0


@pytest.mark.parametrize("call, error, text", [
    (lambda: sl.retention_policy(-1), ValueError, "hot_days must be a whole number >= 0"),
    (lambda: sl.retention_policy(7.5), TypeError, "hot_days must be a whole number"),
    (lambda: sl.retention_policy(signals=["log"]), ValueError, "Did you mean 'logs'?"),
    (lambda: sl.retention_policy(overrides={"spans:DEBUG": (1, 0, 0)}), ValueError,
     "Only logs have levels."),
    (lambda: sl.retention_policy(overrides={"logs": 7}), TypeError,
     "overrides['logs'] must be (hot_days, warm_days, cold_days)"),
    (lambda: sl.stored_gb(pd.DataFrame({"date": []})), ValueError, "volumes must have the columns"),
    (lambda: sl.storage_bill(_constant(), prices={"storage_tepid": 0.1}), ValueError,
     "prices must be a dict whose keys are price items"),
])
def test_errors_name_the_parameter(call, error, text):
    with pytest.raises(error) as info:
        call()
    assert text in str(info.value)


def test_year_of_storage_is_fast():
    import time

    volumes = pd.concat([_constant(days=365, level=lv) for lv in ("DEBUG", "INFO", "WARN", "ERROR")]
                        + [_constant(days=365, signal=s, level="") for s in ("spans", "metrics")])
    start = time.perf_counter()
    sl.storage_bill(volumes, prices=PRICES)
    assert time.perf_counter() - start < 1.0
    assert np.isfinite(sl.storage_bill(volumes, prices=PRICES)["usd"]).all()
