"""Headless tests of the DORA explorer (``sl.dora_dashboard``, 05_culture/3b).

Controls are driven through ``.value``; ``.state`` and the summary text are checked
against counts made with plain pandas on ``sl.load_deployments()`` and against the
wording of the reports' clusters.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import sre_lab as sl  # noqa: E402


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    assert plt.get_fignums() == []


@pytest.fixture(scope="module")
def deployments():
    return sl.load_deployments()


def test_default_board_shows_payments_over_its_whole_log(deployments):
    d = sl.dora_dashboard()
    assert d.error is None and d.image.value[:4] == b"\x89PNG"
    s = d.state
    payments = deployments[deployments["team"] == "payments"]
    days = (payments["deployed_at"].max().normalize() - payments["deployed_at"].min().normalize()).days + 1
    assert (s.team, s.period, s.edition, s.metric) == ("payments", "quarter", 2019, "lead_time")
    assert s.keys["n_deployments"] == len(payments) == 19 and s.keys["days"] == days == 80
    assert s.keys["change_failure_rate"] == payments["failed"].mean()
    assert s.keys["lead_time"] == (payments["deployed_at"] - payments["commit_at"]).median()
    # the same numbers as sl.dora_metrics of the team's rows (what the notebooks compute)
    assert s.keys == sl.dora_metrics(payments)
    assert "sre-dora-dashboard" in d.widget._dom_classes
    # the quarter, its three months (1 Nov alone is no month to trend), the 28 days of traffic
    assert [key for _, key in d.controls["period"].options] == ["quarter", "2026-08", "2026-09", "2026-10",
                                                                "28 days"]
    text = d.summary.value
    assert "<b>payments</b>" in text and "12 Aug – 30 Oct 2026 (80 days)" in text
    assert "19 deployments in 80 days: 1.7 a week" in text
    assert "42.1 % (8 of 19 failed)" in text
    assert "Accelerate State of DevOps Report 2019" in text


def test_a_month_counts_every_day_of_that_month(deployments):
    d = sl.dora_dashboard(team="orders")
    d.controls["period"].value = "2026-09"
    orders = deployments[(deployments["team"] == "orders")
                         & (deployments["deployed_at"].dt.month == 9)]
    assert d.state.keys["days"] == 30 and d.state.keys["n_deployments"] == len(orders)
    assert d.state.keys["deployment_frequency"] == pytest.approx(len(orders) / 30)
    assert d.state.start == pd.Timestamp("2026-09-01", tz="UTC")
    assert d.state.end == pd.Timestamp("2026-09-30", tz="UTC")
    assert "September 2026" in d.summary.value and "(30 days)" in d.summary.value


def test_the_last_28_days_are_the_traffic_window(deployments):
    d = sl.dora_dashboard(team="search", period="28 days")
    # the days of the traffic and incident data: Mon 5 Oct .. Sun 1 Nov
    assert (d.state.start, d.state.end) == (pd.Timestamp("2026-10-05", tz="UTC"),
                                            pd.Timestamp("2026-11-01", tz="UTC"))
    assert d.state.keys["days"] == 28
    inside = deployments[(deployments["team"] == "search")
                         & (deployments["deployed_at"] >= d.state.start)]
    assert d.state.keys["n_deployments"] == len(inside)


def test_edition_changes_the_cluster_and_the_wording():
    d = sl.dora_dashboard(team="search")
    assert d.state.placement["tier"].tolist() == ["elite"] * 4  # 2019
    d.controls["edition"].value = 2021
    # 2021 elite lead time is "less than one hour": search's 2 h falls between elite and high
    assert d.state.placement.loc["lead_time", "placement"] == "between elite and high (no cluster's band holds it)"
    assert "between elite and high" in d.summary.value
    d.controls["edition"].value = 2023
    assert "nearest typical value: elite (5%)" in d.summary.value
    assert "third-party tables" in d.summary.value


def test_all_teams_and_every_control_value_update_without_error():
    d = sl.dora_dashboard()
    for team in d.controls["team"].options:
        d.controls["team"].value = team
        for _, key in d.controls["period"].options:
            d.controls["period"].value = key
            assert d.error is None, (team, key, d.error)
    for _, metric in d.controls["metric"].options:
        for _, edition in d.controls["edition"].options:
            d.controls["metric"].value = metric
            d.controls["edition"].value = edition
            assert d.error is None, (metric, edition, d.error)
    d.controls["step"].value = "month"
    assert d.error is None and set(d.state.trend["team"]) == {"orders", "payments", "search"}


def test_trend_is_the_team_per_week(deployments):
    d = sl.dora_dashboard(team="orders")
    trend = d.state.trend
    assert set(trend["team"]) == {"orders"}
    assert trend["n_deployments"].sum() == (deployments["team"] == "orders").sum()
    assert (trend["period_start"].dt.day_of_week[1:] == 0).all()  # weeks start on Mondays


def test_a_quiet_period_reads_zero_and_no_values():
    log = pd.DataFrame({"team": ["a", "a"],
                        "commit_at": pd.to_datetime(["2026-08-03", "2026-10-01"], utc=True),
                        "deployed_at": pd.to_datetime(["2026-08-04", "2026-10-02"], utc=True),
                        "failed": [False, False], "restored_at": pd.NaT})
    d = sl.dora_dashboard(team="a", deployments=log, period="2026-09")
    assert d.state.keys["n_deployments"] == 0 and d.state.keys["deployment_frequency"] == 0
    assert "0 deployments in 30 days" in d.summary.value and "no deployment" in d.summary.value
    assert d.error is None


def test_bad_arguments_fail_at_once():
    with pytest.raises(ValueError, match=r"^team must be one of 'orders', 'payments', 'search', 'all teams'; "
                                         r"got 'payment'\. Did you mean 'payments'\?"):
        sl.dora_dashboard(team="payment")
    with pytest.raises(ValueError, match=r"^edition must be one of 2019, 2021, 2023; got 2024"):
        sl.dora_dashboard(edition=2024)
    with pytest.raises(ValueError, match=r"^deployments must have the columns 'team'"):
        sl.dora_dashboard(deployments=pd.DataFrame({"x": [1]}))
