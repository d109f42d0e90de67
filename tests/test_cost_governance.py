"""Tests for sre_lab.cost.governance: cardinality budgets, the log-level policy, the sprawl audit.

Oracles: series counted by hand as products of label values, DEBUG's extra bytes
worked from the profile's lines and sizes on the daily history in plain pandas,
and small audits whose answers are read off by eye.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sre_lab as sl


def test_catalogue_series_are_products_of_label_values():
    catalogue = sl.metric_catalogue().set_index(["service", "metric"])["series"]
    # checkout: requests 6 routes x 2 methods x 5 codes = 60, duration 6 x 2 x 12 = 144,
    # cpu 6, memory 6, connections 6 x 2 = 12 -> 228; plus 12 x 40 + 300 + 25 x 4 x 6 = 1,380
    assert catalogue[("checkout", "http_server_requests_total")] == 60
    assert catalogue.loc["checkout"].sum() == 228 + 480 + 300 + 600
    assert catalogue[("search", "search_query_terms_total")] == 2000
    assert catalogue[("notifications", "notifications_sent_total")] == 3 * 40 * 12
    # payment 40 + 96 + 4 + 4 + 8 = 152, search 142, notifications 20 + 48 + 2 + 2 + 4 = 76
    assert sl.metric_catalogue(sprawl=False)["series"].sum() == 228 + 152 + 142 + 76


def test_cardinality_budget_by_hand():
    series = pd.DataFrame({"service": ["a", "a", "b"], "metric": ["x", "y", "x"], "series": [900, 300, 100]})
    table = sl.cardinality_budget(series, budget_per_service={"a": 1000, "b": 50})
    assert table.loc["a", ["series", "over", "cut_needed", "largest_metric"]].tolist() == [1200, True, 200, "x"]
    assert table.loc["b", "cut_needed"] == 50 and table.loc["b", "share_of_budget"] == 2.0


def test_microcorp_search_is_over_a_2000_series_budget():
    table = sl.cardinality_budget(sl.metric_catalogue(), budget_per_service=2000)
    # search: 30 + 72 + 10 + 10 + 20 = 142 RED/runtime + 2,000 + 640 + 500 = 3,282
    assert table.loc["search", "series"] == 3282 and table.loc["search", "cut_needed"] == 1282
    assert table["over"].sum() == 1


def test_log_level_policy_prices_debug_by_hand():
    history = sl.load_daily_history()
    last = history[history["date"] > history["date"].max() - pd.Timedelta(days=28)]
    search = last[last["service"] == "search"]
    # DEBUG adds 20 lines x 250 B per request and 5 x 250 B per failed request
    extra = (search["requests"].sum() * 20 * 250 + search["errors"].sum() * 5 * 250) / 1e9 / 28
    check = sl.log_level_policy_check({"checkout": "INFO", "payment": "INFO", "search": "DEBUG",
                                       "notifications": "WARN"})
    assert check.loc["search", "extra_gb_per_day"] == pytest.approx(extra, rel=1e-6)
    assert check.loc["search", "reason"] == "DEBUG below INFO without an exemption"
    assert check["allowed"].tolist() == [True, True, False, True]


@pytest.mark.parametrize("window, allowed, reason", [
    (("2026-10-28", "2026-11-03"), True, "exempt until 2026-11-03"),
    (("2026-10-20", "2026-10-27"), False, "exemption expired 2026-10-27"),
    (("2026-10-20", "2026-11-20"), False, "exemption longer than 7 days"),
    (("2026-11-05", "2026-11-06"), False, "exemption starts 2026-11-05"),
])
def test_exemptions_expire(window, allowed, reason):
    check = sl.log_level_policy_check({"checkout": "INFO", "payment": "INFO", "search": "DEBUG",
                                       "notifications": "INFO"}, exemptions={"search": window})
    assert check.loc["search", ["allowed", "reason"]].tolist() == [allowed, reason]


def test_sprawl_audit_by_hand():
    series = pd.DataFrame({"service": ["a"] * 4, "metric": ["w", "x", "y", "z"], "series": [10, 100, 50, 30]})
    usage = pd.DataFrame({"service": ["a"] * 4, "metric": ["w", "x", "y", "z"], "alert_rules": [0, 1, 0, 0],
                          "dashboards": [0, 0, 0, 1], "queries_90d": [0, 0, 3, 0]})
    never = sl.sprawl_audit(series, usage, usd_per_series_month=0.05)
    assert never["metric"].tolist() == ["w"] and never["usd_per_month"].tolist() == [0.5]
    rare = sl.sprawl_audit(series, usage, usd_per_series_month=0.05, min_queries=5)
    assert rare["metric"].tolist() == ["y", "w"]                   # x has a rule, z a dashboard
    assert rare["usd_per_month"].tolist() == pytest.approx([2.5, 0.5])
    assert rare["cumulative_share"].tolist() == pytest.approx([2.5 / 3, 1.0])
    assert len(sl.sprawl_audit(series, usage, usd_per_series_month=0.05, min_queries=5, top=1)) == 1


def test_microcorp_usage_marks_the_sprawl_as_written():
    usage = sl.simulate_metric_usage(sl.metric_catalogue()).set_index("metric")
    assert usage.loc["payment_legacy_gateway_errors_total", ["alert_rules", "dashboards", "queries_90d"]] \
        .tolist() == [0, 0, 0]
    red = usage[usage.index == "http_server_requests_total"]
    assert (red["alert_rules"] > 0).all() and (red["dashboards"] > 0).all()


def test_sprawl_audit_needs_usage_for_every_metric():
    series = pd.DataFrame({"service": ["a", "a"], "metric": ["x", "y"], "series": [1, 2]})
    usage = pd.DataFrame({"service": ["a"], "metric": ["x"], "alert_rules": [0], "dashboards": [0],
                          "queries_90d": [0]})
    with pytest.raises(ValueError, match="usage must be a row for every metric of series; got 'no usage for a/y'"):
        sl.sprawl_audit(series, usage, usd_per_series_month=0.05)


@pytest.mark.parametrize("call, error, text", [
    (lambda: sl.cardinality_budget("x", budget_per_service=1), TypeError, "series must be a DataFrame"),
    (lambda: sl.cardinality_budget(sl.metric_catalogue(), budget_per_service=0), ValueError,
     "budget_per_service must be a number > 0"),
    (lambda: sl.cardinality_budget(sl.metric_catalogue(), budget_per_service={"search": 5}), ValueError,
     "budget_per_service must be a value for every service"),
    (lambda: sl.log_level_policy_check({"search": "LOUD"}), ValueError, r"log_levels\['search'\] must be one of"),
    (lambda: sl.log_level_policy_check({"search": "INFO"}), ValueError, "log_levels must be a level for every"),
    (lambda: sl.sprawl_audit(sl.metric_catalogue(), None, usd_per_series_month=0.05), TypeError,
     "usage must be a DataFrame"),
])
def test_bad_inputs_are_refused(call, error, text):
    with pytest.raises(error, match=text):
        call()
