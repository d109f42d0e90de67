"""Tests of sre_lab/cost/benefit.py: MicroCorp's revenue model and the cost of downtime.

Oracles are hand calculations on tiny frames and plain pandas on the course's CSVs.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl


def _minutes(service, start, counts):
    """A 1-minute traffic frame for one service: counts = [(requests, errors, slow), ...]."""
    t = pd.date_range(start, periods=len(counts), freq="1min", tz="UTC")
    req = np.array([c[0] for c in counts])
    err = np.array([c[1] for c in counts])
    slow = np.array([c[2] for c in counts])
    return pd.DataFrame({"timestamp": t, "service": service, "requests": req, "errors": err,
                         "latency_le_1000ms": req - err - slow})


def _incident(id_, service, start, end):
    return pd.DataFrame({"id": [id_], "service": [service],
                         "started": [pd.Timestamp(start, tz="UTC")],
                         "resolved": [pd.Timestamp(end, tz="UTC")]})


def test_revenue_model_is_ten_cents_per_checkout_request():
    assert sl.MICROCORP_REVENUE.usd_per_checkout_request == 0.10
    assert sl.MICROCORP_REVENUE.revenue_service == "checkout"
    assert sl.MICROCORP_REVENUE.slow_ms == 1000
    assert "Assumed" in sl.MICROCORP_REVENUE.assumption


def test_checkout_incident_worked_by_hand():
    # 3 minutes of 1,000 checkout requests; the incident covers minutes 1 and 2 (end excluded
    # at minute 3): 100 errors + 50 slow in each -> 300 bad; background 2,000 x 0.0002 = 0.4
    traffic = _minutes("checkout", "2026-10-05 10:00",
                       [(1000, 7, 0), (1000, 100, 50), (1000, 100, 50), (1000, 9, 0)])
    inc = _incident("X", "checkout", "2026-10-05 10:01", "2026-10-05 10:03")
    row = sl.downtime_cost(inc, traffic).iloc[0]
    assert row["requests"] == 2000 and row["bad_requests"] == 300
    assert row["background_requests"] == pytest.approx(0.4)
    assert row["lost_requests"] == pytest.approx(299.6)
    assert row["checkout_share"] == 1.0
    assert row["lost_revenue_usd"] == pytest.approx(29.96)
    assert row["impact_minutes"] == 2
    assert row["usd_per_minute"] == pytest.approx(14.98)


def test_dependency_is_charged_through_the_checkouts_that_call_it():
    # search: 2,000 requests a minute, 10 % failing; checkout 1,000 a minute, 30 % call search:
    # share = 0.3 x 1,000 / 2,000 = 0.15; background 2,000 x 0.0004 = 0.8 per minute
    traffic = pd.concat([
        _minutes("search", "2026-10-05 10:00", [(2000, 200, 0)]),
        _minutes("checkout", "2026-10-05 10:00", [(1000, 0, 0)])])
    inc = _incident("S", "search", "2026-10-05 10:00", "2026-10-05 10:01")
    row = sl.downtime_cost(inc, traffic).iloc[0]
    assert row["checkout_share"] == pytest.approx(0.15)
    assert row["lost_revenue_usd"] == pytest.approx((200 - 0.8) * 0.15 * 0.10)


def test_notifications_outage_loses_no_revenue():
    traffic = _minutes("notifications", "2026-10-05 10:00", [(30, 30, 0)])
    inc = _incident("N", "notifications", "2026-10-05 10:00", "2026-10-05 10:01")
    assert sl.downtime_cost(inc, traffic)["lost_revenue_usd"].iloc[0] == 0.0


def test_payment_outage_on_the_course_data_matches_plain_pandas():
    inc = sl.load_incidents().set_index("id").loc["INC-004"]
    r = sl.load_requests()
    in_window = (r["timestamp"] >= inc["started"]) & (r["timestamp"] < inc["resolved"])
    pay = r[in_window & (r["service"] == "payment")]
    shop = r[in_window & (r["service"] == "checkout")]
    bad = (pay["requests"] - pay["latency_le_1000ms"]).sum()
    lost = bad - pay["requests"].sum() * 0.0001            # payment's baseline error ratio
    share = min(1.0, 0.6 * shop["requests"].sum() / pay["requests"].sum())
    expected = lost * share * 0.10
    row = sl.downtime_cost().set_index("id").loc["INC-004"]
    assert row["lost_revenue_usd"] == pytest.approx(expected)
    assert row["usd_per_minute"] == pytest.approx(expected / 55)


def test_one_row_per_incident_and_every_one_non_negative():
    cost = sl.downtime_cost()
    assert list(cost["id"]) == list(sl.load_incidents()["id"])
    assert (cost["lost_revenue_usd"] >= 0).all()
    assert cost.loc[cost["service"] == "notifications", "lost_revenue_usd"].eq(0).all()


def test_revenue_scales_with_the_price_per_request():
    base = sl.downtime_cost()["lost_revenue_usd"].sum()
    double = dataclasses.replace(sl.MICROCORP_REVENUE, usd_per_checkout_request=0.20)
    assert sl.downtime_cost(revenue=double)["lost_revenue_usd"].sum() == pytest.approx(2 * base)


def test_daily_revenue_is_successful_checkouts_times_price():
    h = sl.load_daily_history()
    shop = h[h["service"] == "checkout"]
    expected = ((shop["requests"] - shop["errors"]) * 0.10).sum()
    days = sl.daily_revenue()
    assert len(days) == shop["date"].nunique()
    assert days["revenue_usd"].sum() == pytest.approx(expected)


def test_break_even_minutes_by_hand():
    frame = pd.DataFrame({"usd_per_minute": [2.0, 3.0, 5.0]})
    assert sl.break_even_minutes(500.0, frame) == 50.0
    assert math.isinf(sl.break_even_minutes(10.0, pd.DataFrame({"usd_per_minute": [0.0]})))


@pytest.mark.parametrize("call, error, text", [
    (lambda: sl.downtime_cost(revenue=0.1), TypeError, "revenue must be a RevenueModel"),
    (lambda: sl.downtime_cost(traffic=pd.DataFrame({"timestamp": []})), ValueError,
     "traffic must have the columns"),
    (lambda: sl.downtime_cost(incidents="INC-004"), TypeError, "incidents must be a DataFrame"),
    (lambda: dataclasses.replace(sl.MICROCORP_REVENUE, usd_per_checkout_request=-1), ValueError,
     "usd_per_checkout_request must be a number >= 0; got -1."),
    (lambda: dataclasses.replace(sl.MICROCORP_REVENUE, slow_ms=750), ValueError,
     "slow_ms must be one of the latency buckets"),
    (lambda: dataclasses.replace(sl.MICROCORP_REVENUE, revenue_service="shop"), ValueError,
     "revenue_service must be one of"),
    (lambda: sl.break_even_minutes(-5, pd.DataFrame({"usd_per_minute": [1.0]})), ValueError,
     "cost_usd must be a number >= 0; got -5."),
])
def test_errors_name_the_parameter(call, error, text):
    with pytest.raises(error, match=None) as info:
        call()
    assert text in str(info.value)
