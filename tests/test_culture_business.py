"""Tests of sre_lab.culture.business: churn, response cost, the return on a reliability investment.

Oracles are worked by hand (the churn formula on round numbers, minutes times
an hourly rate) or come from an independent calculation: the chance of a loss
when every incident costs the same is a Poisson tail probability, summed here
with ``math`` term by term.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sre_lab as sl


# --------------------------------------------------------------------------- churn_cost

def test_churn_cost_by_hand():
    # $1,000 of failed purchases, 5 % leave, 12 purchases a year: 1,000 x 0.05 x 12
    assert sl.churn_cost(1000.0, churn_probability=0.05, purchases_per_year=12) == pytest.approx(600.0)
    assert sl.churn_cost(0.0, churn_probability=0.5, purchases_per_year=12) == 0.0
    assert sl.churn_cost(250.0, churn_probability=0.0, purchases_per_year=12) == 0.0


def test_churn_cost_keeps_a_series_index_and_array_shape():
    lost = pd.Series([100.0, 0.0, 50.0], index=["INC-1", "INC-2", "INC-3"])
    out = sl.churn_cost(lost, churn_probability=0.1, purchases_per_year=4)
    assert list(out.index) == ["INC-1", "INC-2", "INC-3"]
    assert out.tolist() == pytest.approx([40.0, 0.0, 20.0])
    assert sl.churn_cost(np.array([10.0, 20.0]), churn_probability=0.5,
                         purchases_per_year=2).tolist() == pytest.approx([10.0, 20.0])


@pytest.mark.parametrize("kwargs, kind, text", [
    (dict(lost_revenue_usd=1.0, churn_probability=5, purchases_per_year=12), ValueError,
     "churn_probability must be a fraction in [0, 1]; got 5. Write 5% as 0.05."),
    (dict(lost_revenue_usd=-1.0, churn_probability=0.1, purchases_per_year=12), ValueError,
     "lost_revenue_usd must be a number >= 0; got -1.0."),
    (dict(lost_revenue_usd=1.0, churn_probability=0.1, purchases_per_year=-2), ValueError,
     "purchases_per_year must be a number >= 0 and <= 1e+06; got -2."),
    (dict(lost_revenue_usd=pd.DataFrame({"a": [1.0]}), churn_probability=0.1, purchases_per_year=1),
     TypeError, "lost_revenue_usd must be a 1-d sequence of amounts in USD (a Series or array); "
                "got 'a DataFrame'. Pick the column, e.g. downtime['lost_revenue_usd']."),
])
def test_churn_cost_refuses_bad_input(kwargs, kind, text):
    with pytest.raises(kind) as info:
        sl.churn_cost(**kwargs)
    assert str(info.value) == text


# --------------------------------------------------------------------------- response_cost

def test_response_cost_prices_logged_minutes():
    log = pd.DataFrame({"incident_id": ["INC-1", None, "INC-2", "INC-1", pd.NA],
                        "minutes": [90, 480, 15, 30, 60]})
    out = sl.response_cost(log)                         # $100 an hour by default
    assert out.to_dict() == {"INC-1": pytest.approx(200.0), "INC-2": pytest.approx(25.0)}
    assert out.name == "response_cost_usd"
    assert sl.response_cost(log, usd_per_hour=60).to_dict() == {"INC-1": 120.0, "INC-2": 15.0}


def test_responder_rate_is_pagerdutys_hundred_dollars():
    assert sl.RESPONDER_USD_PER_HOUR == 100.0


def test_response_cost_on_microcorp_matches_plain_pandas():
    log = sl.load_work_log()
    caused = log[log["incident_id"].notna()]
    by_hand = caused.groupby("incident_id")["minutes"].sum() / 60 * 100
    out = sl.response_cost(log)
    assert set(out.index) == set(by_hand.index)
    assert out.sort_index().to_numpy() == pytest.approx(by_hand.sort_index().to_numpy())
    # every incident of the 28 days was worked on by someone
    assert set(sl.load_incidents()["id"]) <= set(out.index)


def test_response_cost_refuses_negative_minutes():
    with pytest.raises(ValueError, match=r"^work_log must be minutes >= 0 in every row"):
        sl.response_cost(pd.DataFrame({"incident_id": ["a"], "minutes": [-5]}))
    with pytest.raises(ValueError, match=r"^work_log must have the columns 'incident_id', 'minutes'"):
        sl.response_cost(pd.DataFrame({"minutes": [5]}))


# --------------------------------------------------------------------------- reliability_roi

def _poisson_cdf(k: int, lam: float) -> float:
    """P(N <= k) for N ~ Poisson(lam), summed term by term."""
    term, total = math.exp(-lam), 0.0
    for i in range(k + 1):
        total += term
        term *= lam / (i + 1)
    return total


def test_point_estimate_and_break_even_by_hand():
    # 4 incidents of $1,000 in 28 days -> 4 x 1,000 x 365 / 28 = $52,142.86 a year.
    r = sl.reliability_roi([1000.0] * 4, period_days=28, investment_usd=10_000, reduction=0.5, rng=1)
    assert r.expected_loss_usd == pytest.approx(4 * 1000 * 365 / 28)
    assert r.point_roi == pytest.approx((0.5 * 4000 * 365 / 28 - 10_000) / 10_000)
    assert r.break_even_reduction == pytest.approx(10_000 / (4000 * 365 / 28))
    assert r.years == 1.0


def test_churn_and_response_enter_the_expected_loss_as_stated():
    # lost 300 + churn 300 x 0.1 x 4 = 120, response 80: (300 + 120 + 80) per 10 days
    r = sl.reliability_roi([100.0, 200.0], response_cost_usd=[50.0, 30.0], period_days=10,
                           investment_usd=(1000, 3000), reduction=(0.2, 0.4),
                           churn_probability=(0.05, 0.15), purchases_per_year=4, years=2, rng=0)
    expected = 500.0 * 365 * 2 / 10
    assert r.expected_loss_usd == pytest.approx(expected)
    assert r.point_roi == pytest.approx((0.3 * expected - 2000) / 2000)
    assert r.break_even_reduction == pytest.approx(2000 / expected)


def test_chance_of_loss_is_a_poisson_tail_when_incidents_cost_the_same():
    # Each incident $1,000, half avoided: $500 saved each. $20,000 invested is a loss when
    # fewer than 40 incidents happen; the count is Poisson(4 x 365 / 28).
    lam = 4 * 365 / 28
    r = sl.reliability_roi([1000.0] * 4, period_days=28, investment_usd=20_000, reduction=0.5,
                           n_samples=200_000, rng=7)
    assert r.probability_loss == pytest.approx(_poisson_cdf(39, lam), abs=0.004)
    # and the samples hold the counts: mean and variance both lam
    assert r.samples["incidents"].mean() == pytest.approx(lam, rel=0.01)
    assert r.samples["incidents"].var() == pytest.approx(lam, rel=0.02)


def test_sample_mean_agrees_with_the_point_estimate():
    r = sl.reliability_roi([10.0, 500.0, 2000.0, 40.0], response_cost_usd=[5.0, 10.0, 60.0, 0.0],
                           period_days=28, investment_usd=(20_000, 30_000), reduction=(0.3, 0.5),
                           churn_probability=(0.0, 0.1), purchases_per_year=6, n_samples=100_000, rng=3)
    # investment is random too, so E[roi] = E[avoided] E[1/I] - 1: compare avoided and net instead
    assert r.samples["avoided_usd"].mean() == pytest.approx(0.4 * r.expected_loss_usd, rel=0.02)
    assert r.samples["loss_usd"].mean() == pytest.approx(r.expected_loss_usd, rel=0.02)


def test_interval_and_median_are_quantiles_of_the_samples():
    r = sl.reliability_roi([300.0, 900.0, 50.0], period_days=28, investment_usd=5_000,
                           reduction=(0.2, 0.7), interval=0.8, rng=11)
    roi = r.samples["roi"].to_numpy()
    assert (r.roi_low, r.roi_median, r.roi_high) == pytest.approx(tuple(np.quantile(roi, [0.1, 0.5, 0.9])))
    assert r.probability_loss == pytest.approx(np.mean(roi < 0))
    inside = np.mean((roi >= r.roi_low) & (roi <= r.roi_high))
    assert inside == pytest.approx(0.8, abs=0.01)


def test_columns_add_up():
    r = sl.reliability_roi([300.0, 900.0], response_cost_usd=[20.0, 40.0], period_days=28,
                           investment_usd=(4_000, 6_000), reduction=(0.2, 0.7),
                           churn_probability=(0.0, 0.2), purchases_per_year=3, n_samples=500, rng=2)
    s = r.samples
    assert np.allclose(s["churn_usd"], s["lost_revenue_usd"] * s["churn_probability"] * 3)
    assert np.allclose(s["loss_usd"], s["lost_revenue_usd"] + s["churn_usd"] + s["response_cost_usd"])
    assert np.allclose(s["avoided_usd"], s["reduction"] * s["loss_usd"])
    assert np.allclose(s["roi"], (s["avoided_usd"] - s["investment_usd"]) / s["investment_usd"])
    assert s["reduction"].between(0.2, 0.7).all() and s["investment_usd"].between(4_000, 6_000).all()


def test_seeded_and_reproducible():
    kwargs = dict(period_days=28, investment_usd=1_000, reduction=(0.1, 0.9))
    a = sl.reliability_roi([5.0, 50.0], rng=42, **kwargs)
    b = sl.reliability_roi([5.0, 50.0], rng=42, **kwargs)
    c = sl.reliability_roi([5.0, 50.0], rng=43, **kwargs)
    pd.testing.assert_frame_equal(a.samples, b.samples)
    assert not a.samples["roi"].equals(c.samples["roi"])


def test_no_incidents_means_the_investment_is_lost():
    r = sl.reliability_roi([], period_days=28, investment_usd=1_000, reduction=0.5, rng=0)
    assert (r.samples["roi"] == -1).all() and r.probability_loss == 1.0
    assert r.break_even_reduction == float("inf") and r.expected_loss_usd == 0.0


def test_inputs_are_not_modified():
    lost = pd.Series([10.0, 20.0])
    before = lost.copy()
    sl.reliability_roi(lost, period_days=28, investment_usd=100, reduction=0.5, rng=0)
    pd.testing.assert_series_equal(lost, before)


@pytest.mark.parametrize("kwargs, kind, text", [
    (dict(response_cost_usd=[1.0]), ValueError,
     "response_cost_usd must be one amount per incident of lost_revenue_usd; got '1 amounts for 2 incidents'."),
    (dict(investment_usd=0), ValueError, "investment_usd must be a cost > 0 (USD); got 0."),
    (dict(reduction=(0.6, 0.2)), ValueError, "reduction must be a (low, high) pair with low <= high; got (0.6, 0.2)."),
    (dict(reduction=(0.1, 0.2, 0.3)), ValueError, "reduction must be a number or a (low, high) pair; got (0.1, 0.2, 0.3)."),
    (dict(reduction=50), ValueError, "reduction must be a fraction in [0, 1]; got 50. Write 50% as 0.5."),
    (dict(n_samples=10), ValueError, "n_samples must be a whole number >= 100 and <= 1000000; got 10."),
    (dict(period_days=0), ValueError, "period_days must be a number > 0 and <= 36500; got 0."),
    (dict(years=20), ValueError, "years must be a number > 0 and <= 10; got 20."),
])
def test_reliability_roi_refuses_bad_input(kwargs, kind, text):
    base = dict(period_days=28, investment_usd=1_000, reduction=0.5, rng=0)
    with pytest.raises(kind) as info:
        sl.reliability_roi([10.0, 20.0], **(base | kwargs))
    assert str(info.value) == text


def test_an_absurd_rate_is_refused_before_drawing():
    with pytest.raises(ValueError, match=r"^period_days must be long enough"):
        sl.reliability_roi([1.0] * 1000, period_days=0.001, investment_usd=1, reduction=0.5)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 1e5), max_size=8), st.floats(0, 1), st.floats(1, 1e5))
def test_more_reduction_never_lowers_the_return(amounts, reduction, investment):
    low = sl.reliability_roi(amounts, period_days=28, investment_usd=investment,
                             reduction=reduction * 0.5, n_samples=200, rng=5)
    high = sl.reliability_roi(amounts, period_days=28, investment_usd=investment,
                              reduction=reduction, n_samples=200, rng=5)
    assert high.point_roi >= low.point_roi - 1e-12
    assert (high.samples["roi"].to_numpy() >= low.samples["roi"].to_numpy() - 1e-9).all()
