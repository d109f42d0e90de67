"""Exercises and quizzes of 04_cost advanced (cost3a, cost3b, cost3c), pinned by independent work.

Each answer is worked here in plain numpy/pandas from the data the notebook loads
(the hub's minutes from ``sl.simulate_platform``, the daily bills of ``sl.daily_cost``,
the metric catalogue, the daily history), not through the registry's helpers nor the
report / fit / audit functions. Then ``sl.check`` must accept it, the reference must
agree, and every misconception must be rejected with its own words.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s04_cost_advanced as registry


def _assert_correct(exercise_id, value, rel=1e-6):
    assert sl.check(exercise_id, value).correct, (exercise_id, value)
    assert sl.exercise(exercise_id).reference() == pytest.approx(value, rel=rel)


def _assert_misconceptions_named(exercise_id):
    for text, wrong in sl.exercise(exercise_id).misconceptions:
        result = sl.check(exercise_id, wrong())
        assert result.status == "incorrect" and text in result.message, (exercise_id, text)


# ------------------------------------------------------------------ 3a

def test_ingest_budget_by_hand():
    ingest = sl.simulate_platform().ingest
    spent = ingest["errors"].to_numpy().sum() / ((1 - 0.999) * ingest["requests"].to_numpy().sum())
    assert 1.5 < spent < 2.5                     # overspent: the flood
    _assert_correct("cost3a.ingest_budget", spent)
    _assert_misconceptions_named("cost3a.ingest_budget")
    averaged = (ingest["errors"] / ingest["requests"]).mean() / 0.001
    assert "averaged the per-minute" in sl.check("cost3a.ingest_budget", averaged).message


def test_quota_budget_by_hand():
    hub = sl.simulate_platform(data_budgets_gb_per_day={"orders": 6, "payments": 2, "search": 10})
    assert dict(sl.HUB_DATA_BUDGETS_GB_PER_DAY) == {"orders": 6, "payments": 2, "search": 10}
    ingest = hub.ingest
    spent = ingest["errors"].sum() / (0.001 * ingest["requests"].sum())
    assert spent < 0.2
    _assert_correct("cost3a.quota_budget", spent)
    _assert_misconceptions_named("cost3a.quota_budget")
    as_bad = (ingest["errors"].sum() + ingest["throttled"].sum()) / (
        0.001 * (ingest["requests"].sum() + ingest["throttled"].sum()))
    assert "throttled" in sl.check("cost3a.quota_budget", as_bad).message


# ------------------------------------------------------------------ 3b

def test_outline_rate_by_hand():
    _assert_correct("cost3b.outline_rate", math.exp(0.02) - 1, rel=1e-9)   # 0.0202013
    _assert_misconceptions_named("cost3b.outline_rate")
    assert "exponent" in sl.check("cost3b.outline_rate", 0.02).message


def _ols_growth(daily):
    """log variable cost on [1, t, weekday dummies, Black Friday, Cyber Monday], numpy only."""
    dates = pd.DatetimeIndex(daily["date"])
    y = np.log(daily["variable_usd"].to_numpy())
    t = np.arange(len(y), dtype=float)
    weekday = np.eye(7)[dates.day_of_week][:, 1:]          # Monday is the base
    bf = (dates.strftime("%Y-%m-%d") == "2025-11-28").astype(float)
    cm = (dates.strftime("%Y-%m-%d") == "2025-12-01").astype(float)
    x = np.column_stack([np.ones_like(t), t, weekday, bf, cm])
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    sigma = np.sqrt(np.sum((y - x @ beta) ** 2) / (len(y) - x.shape[1]))
    return beta, sigma, x


def test_fitted_growth_by_hand():
    daily = sl.daily_cost()
    beta, _, _ = _ols_growth(daily)
    growth = math.exp(beta[1] * 365.25 / 12) - 1
    assert growth == pytest.approx(0.0283, abs=0.001)       # 40 % a year: datasets/README.md
    _assert_correct("cost3b.fitted_growth", growth, rel=1e-9)
    _assert_misconceptions_named("cost3b.fitted_growth")


def test_first_alert_by_hand():
    """Expected monthly cost: fixed charges + sum of each day's expected variable cost.

    With a narrow band, P(month > budget) >= 0.5 is the month whose centre is above the
    budget: checked with margins on the months either side.
    """
    daily = sl.daily_cost()
    beta, sigma, _ = _ols_growth(daily)
    days = pd.date_range("2026-11-01", "2027-10-31", tz="UTC")
    t = ((days - pd.Timestamp("2025-11-02", tz="UTC")).days).to_numpy(dtype=float)
    weekday = np.eye(7)[days.day_of_week][:, 1:]
    bf = (days.strftime("%Y-%m-%d") == "2026-11-27").astype(float)
    cm = (days.strftime("%Y-%m-%d") == "2026-11-30").astype(float)
    x = np.column_stack([np.ones_like(t), t, weekday, bf, cm])
    variable = np.exp(x @ beta + sigma**2 / 2)
    october = daily[daily["date"].dt.strftime("%Y-%m") == "2026-10"]
    fixed = october["fixed_usd"].sum()
    months = pd.Series(variable, index=days.strftime("%Y-%m")).groupby(level=0).sum() + fixed
    over = months[months > 650]
    first = over.index[0]
    assert first == "2027-07" and months["2027-06"] < 648 and months["2027-08"] > 652
    _assert_correct_choice = sl.check("cost3b.first_alert", first)
    assert _assert_correct_choice.correct
    assert sl.exercise("cost3b.first_alert").reference() == first
    # the outline from October's bill: 587 e^(0.02 m) crosses $650 after 6 months -> 2027-04
    bill = daily[daily["date"].dt.strftime("%Y-%m") == "2026-10"]["usd"].sum()
    outline_month = next(m for m in range(1, 13) if bill * math.exp(0.02 * m) > 650)
    assert outline_month == 6
    assert "outline" in sl.check("cost3b.first_alert", "2027-04").message
    assert registry.FORECAST_MONTHS[outline_month - 1] == "2027-04"


# ------------------------------------------------------------------ 3c

def test_path_label_cut_by_hand():
    catalogue = sl.metric_catalogue()
    checkout = catalogue[catalogue["service"] == "checkout"]
    old = checkout.loc[checkout["metric"] == "http_server_requests_total", "series"].item()
    total = checkout["series"].sum() - old + 2500 * 2 * 5
    assert total == 1608 - 60 + 25_000
    _assert_correct("cost3c.path_label_cut", total - 2000)                     # 24,548
    _assert_misconceptions_named("cost3c.path_label_cut")


def test_debug_cost_by_hand():
    history = sl.load_daily_history()
    last = history[history["date"] > history["date"].max() - pd.Timedelta(days=28)]
    search = last[last["service"] == "search"]
    extra_gb_per_day = (search["requests"].sum() * 20 * 250 + search["errors"].sum() * 5 * 250) / 1e9 / 28
    price = sl.PRICES.loc[sl.PRICES["item"] == "ingest", "usd"].item()
    assert price == 0.5
    _assert_correct("cost3c.debug_cost", extra_gb_per_day * 30 * price)
    _assert_misconceptions_named("cost3c.debug_cost")


def test_sprawl_usd_by_hand():
    catalogue = sl.metric_catalogue()
    usage = sl.simulate_metric_usage(catalogue)
    both = catalogue.merge(usage, on=["service", "metric"])
    unused = both[(both["alert_rules"] == 0) & (both["dashboards"] == 0) & (both["queries_90d"] < 5)]
    assert sorted(unused["metric"]) == sorted([
        "search_query_terms_total", "checkout_ab_variant_total", "search_cache_hits_total",
        "checkout_promo_code_hits_total", "payment_legacy_gateway_errors_total",
        "notifications_debug_queue_depth"])
    usd = unused["series"].sum() * 0.05                   # (2000 + 600 + 500 + 300 + 240 + 40) x $0.05
    assert usd == pytest.approx(184.0)
    _assert_correct("cost3c.sprawl_usd", usd)
    _assert_misconceptions_named("cost3c.sprawl_usd")


# ------------------------------------------------------------------ quizzes

@pytest.mark.parametrize("quiz_id, right", [
    ("cost3a.quota_429", "b"), ("cost3b.identify", "c"), ("cost3c.recap_components", "b"),
    ("cost3c.recap_chargeback", "c"), ("cost3c.recap_forecast", "b")])
def test_quiz_right_letter(quiz_id, right):
    assert sl.quiz(quiz_id, right).correct
