"""Tests for sre_lab.policy.

Budget states, incidents and quarters are hand-built so every expected value
follows from arithmetic written next to it.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sre_lab as sl

WORKBOOK = sl.workbook_error_budget_policy()
WORKBOOK_ONLY = sl.workbook_error_budget_policy(slow_down=False)
SLO_GENERATOR = sl.slo_generator_error_budget_policy()


# ---------------------------------------------------------------------------
# Policies as data
# ---------------------------------------------------------------------------

def test_workbook_policy_numbers():
    assert WORKBOOK.window_days == 28                       # "four-week window"
    assert WORKBOOK.exempt_change_kinds == ("p0_fix", "security")
    assert WORKBOOK.freeze_below_remaining == 0.0
    assert WORKBOOK.postmortem_budget_share == 0.2           # "more than 20 %"
    assert (WORKBOOK.slow_down_below_remaining, WORKBOOK.slow_down_burn_rate) == (0.25, 1.5)
    assert "error-budget-policy" in WORKBOOK.source
    assert "not the Workbook's" in WORKBOOK.slow_down_source
    assert WORKBOOK_ONLY.slow_down_below_remaining is None
    assert WORKBOOK_ONLY.slow_down_burn_rate is None


def test_slo_generator_policy_steps():
    steps = [(s.name, s.window_hours, s.burn_rate_threshold, s.alert)
             for s in SLO_GENERATOR.steps]
    assert steps == [("1 hour", 1, 9, True), ("12 hours", 12, 3, True),
                     ("7 days", 168, 1.5, False), ("28 days", 672, 1, False)]
    assert SLO_GENERATOR.steps[3].message_alert == (
        "Freeze release, unless related to reliability or security")
    assert SLO_GENERATOR.postmortem_budget_share is None


def test_policies_are_frozen_and_validated():
    with pytest.raises(dataclasses.FrozenInstanceError):
        WORKBOOK.window_days = 7
    with pytest.raises(ValueError, match=r"^exempt_change_kinds must be one of 'feature', "
                                         r"'p0_fix', 'security'; got 'hotfix'\.$"):
        sl.ErrorBudgetPolicy("x", exempt_change_kinds=("hotfix",))
    with pytest.raises(ValueError, match=r"^slow_down_window_days must be a number > 0 and "
                                         r"<= 7; got 14\.$"):
        sl.ErrorBudgetPolicy("x", window_days=7, slow_down_window_days=14)
    with pytest.raises(ValueError, match=r"^burn_rate_threshold must be a number > 0; got 0\.$"):
        sl.PolicyStep("1 hour", 1, 0, True, "page")


# ---------------------------------------------------------------------------
# release_decision
# ---------------------------------------------------------------------------

DECISIONS = [
    # remaining, burn, kind, policy, decision, rule
    (-0.12, None, "feature", WORKBOOK, "freeze", "freeze"),          # budget exceeded
    (-0.12, None, "security", WORKBOOK, "go", "exempt"),            # Appendix B exemption
    (-0.12, None, "p0_fix", WORKBOOK, "go", "exempt"),
    (-0.12, None, "feature", WORKBOOK_ONLY, "freeze", "freeze"),
    (0.0, None, "feature", WORKBOOK_ONLY, "go", "go"),              # at the SLO: proceed
    (0.0, None, "feature", WORKBOOK, "slow down", "slow_down_budget"),
    (0.2, 0.5, "feature", WORKBOOK, "slow down", "slow_down_budget"),  # < 25 % left
    (0.25, 0.5, "feature", WORKBOOK, "go", "go"),                   # not below 25 %
    (0.6, 2.0, "feature", WORKBOOK, "slow down", "slow_down_burn"),  # 2.0 > 1.5
    (0.6, 1.5, "feature", WORKBOOK, "go", "go"),                    # not above 1.5
    (0.6, None, "feature", WORKBOOK, "go", "go"),                   # burn unknown: skipped
    (0.2, 0.5, "feature", WORKBOOK_ONLY, "go", "go"),
    (1.0, 0.0, "feature", WORKBOOK, "go", "go"),
    (-0.01, 1.2, "feature", SLO_GENERATOR, "freeze", "freeze"),     # 28 d burn 1.01 > 1
    (0.1, 1.2, "feature", SLO_GENERATOR, "go", "go"),               # no remaining-budget rule
    (0.5, 1.6, "feature", SLO_GENERATOR, "slow down", "slow_down_burn"),
]


@pytest.mark.parametrize("remaining, burn, kind, policy, decision, rule", DECISIONS)
def test_release_decisions(remaining, burn, kind, policy, decision, rule):
    result = sl.release_decision(remaining, burn_rate=burn, change_kind=kind, policy=policy)
    assert (result.decision, result.rule) == (decision, rule)
    assert result.remaining_budget == remaining and result.burn_rate == burn
    assert result.change_kind == kind and result.policy_name == policy.name


def test_default_policy_is_the_workbooks():
    assert sl.release_decision(0.2).policy_name == WORKBOOK.name


def test_reasons_cite_the_rule_and_the_numbers():
    freeze = sl.release_decision(-0.12)
    assert freeze.reason == (
        "Freeze: the error budget of the 28-day window is exhausted (-12.0 % remaining); "
        "the SRE Workbook's example policy (Appendix B) says to halt all changes and releases "
        "other than P0 issues or security fixes until the service is back within its SLO.")
    security = sl.release_decision(-0.12, change_kind="security")
    assert security.state == "freeze"
    assert security.reason == (
        "Go: security fixes are exempt; under the SRE Workbook's example policy (Appendix B), "
        "P0 fixes and security fixes always ship. A feature would get 'freeze' (-12.0 % of the "
        "28-day budget left).")
    slow = sl.release_decision(0.6, burn_rate=2.0)
    assert slow.reason.startswith(
        "Slow down: the last 7 days burned the budget 2.00x as fast as the SLO allows (above "
        "1.5x), with 60.0 % of the 28-day budget left; sre_lab's slow-down rule (our choice, "
        "not the Workbook's)")
    low = sl.release_decision(0.2)
    assert "only 20.0 % of the 28-day error budget remains (below 25.0 %)" in low.reason
    go = sl.release_decision(0.6, burn_rate=0.8)
    assert go.reason == ("Go: 60.0 % of the 28-day error budget remains and the 7-day burn "
                         "rate is 0.80; releases follow the normal release policy.")


@settings(max_examples=200, deadline=None)
@given(remaining=st.floats(-5, 1), drop=st.floats(0, 3), burn=st.floats(0, 50),
       kind=st.sampled_from(sl.CHANGE_KINDS))
def test_less_budget_is_never_less_restrictive(remaining, drop, burn, kind):
    rank = {d: i for i, d in enumerate(sl.DECISIONS)}
    now = sl.release_decision(remaining, burn_rate=burn, change_kind=kind)
    worse = sl.release_decision(remaining - drop, burn_rate=burn * 2, change_kind=kind)
    if kind == "feature":
        assert rank[worse.decision] >= rank[now.decision]
    else:                                   # P0 and security fixes are always exempt
        assert now.decision == worse.decision == "go"


RELEASE_ERRORS = [
    (dict(remaining_budget=1.5), ValueError, "remaining_budget must be a number <= 1; got 1.5."),
    (dict(remaining_budget="0.5"), TypeError, "remaining_budget must be a number <= 1; got '0.5'."),
    (dict(remaining_budget=[0.1, 0.2]), TypeError,
     "remaining_budget must be a single number; got [0.1, 0.2]."),
    (dict(burn_rate=-1), ValueError, "burn_rate must be a number >= 0; got -1."),
    (dict(change_kind="Security"), ValueError,
     "change_kind must be one of 'feature', 'p0_fix', 'security'; got 'Security'. "
     "Did you mean 'security'?"),
    (dict(policy="workbook"), TypeError,
     "policy must be an ErrorBudgetPolicy (or None for the Workbook's); got 'str'."),
]


@pytest.mark.parametrize("change, error, text", RELEASE_ERRORS)
def test_release_decision_error_messages(change, error, text):
    kwargs = dict(remaining_budget=0.5)
    kwargs.update(change)
    with pytest.raises(error) as info:
        sl.release_decision(kwargs.pop("remaining_budget"), **kwargs)
    assert str(info.value) == text


# ---------------------------------------------------------------------------
# The 20 % single-incident rule
# ---------------------------------------------------------------------------

def test_twenty_percent_rule_hand_computed():
    # 28 days x 1,000,000 requests at 99.9 %: budget 28,000 bad requests.
    # 6,000 / 28,000 = 3/14 = 21.4 % > 20 % -> postmortem.
    check = sl.postmortem_required(6_000, slo_target=0.999, window_valid_events=28_000_000)
    assert check.required is True
    assert check.budget_share == pytest.approx(3 / 14)
    assert check.budget_events == 28_000
    assert check.reason == (
        "Postmortem required: this incident spent 21.4 % of the 28-day error budget (6,000 of "
        "28,000 allowed bad events), more than the 20.0 % the SRE Workbook's example policy "
        "(Appendix B) allows for one incident; write a postmortem with at least one P0 action "
        "item.")
    # exactly 20 % (5,600) is not "more than 20 %"
    assert sl.postmortem_required(5_600, slo_target=0.999,
                                  window_valid_events=28_000_000).required is False
    no_rule = sl.postmortem_required(6_000, slo_target=0.999, window_valid_events=28_000_000,
                                     policy=SLO_GENERATOR)
    assert no_rule.required is False and no_rule.reason.startswith("No rule:")


def test_incident_budget_share_vectorises():
    shares = sl.incident_budget_share([0, 2_800, 28_000], slo_target=0.999,
                                      window_valid_events=28_000_000)
    np.testing.assert_allclose(shares, [0.0, 0.1, 1.0])
    with pytest.raises(ValueError, match=r"^window_valid_events must be a number > 0; got 0\.$"):
        sl.incident_budget_share(1, slo_target=0.999, window_valid_events=0)


def minute_traffic(service, errors, requests=1_000, start="2026-10-05"):
    idx = pd.date_range(start, periods=len(errors), freq="min", tz="UTC")
    frame = pd.DataFrame({"timestamp": idx, "service": service, "requests": requests,
                          "errors": errors})
    frame["latency_le_300ms"] = frame["requests"] - frame["errors"]
    return frame


def test_incident_shares_from_minute_traffic():
    # One day of 1,000 requests a minute per service, 99.9 %, a 1-day window:
    # budget = 0.001 x 1,440,000 = 1,440 bad requests.
    # api: 1 error a minute as baseline, 51 a minute for minutes 600..609.
    # db: no errors except 300 in minute 100 (a 1-minute incident).
    api_errors = np.ones(1440)
    api_errors[600:610] = 51
    db_errors = np.zeros(1440)
    db_errors[100] = 300
    traffic = pd.concat([minute_traffic("api", api_errors), minute_traffic("db", db_errors)])
    t0 = pd.Timestamp("2026-10-05", tz="UTC")
    incidents = pd.DataFrame({
        "id": ["A", "B"], "service": ["api", "db"],
        "started": [t0 + pd.Timedelta(minutes=600), t0 + pd.Timedelta(minutes=100, seconds=30)],
        "mitigated": [t0 + pd.Timedelta(minutes=610), t0 + pd.Timedelta(minutes=100, seconds=50)],
    })
    table = sl.incident_budget_shares(traffic, incidents, slo_target=0.999, window_days=1)
    # A: 10 x 51 = 510 bad -> 510 / 1,440 = 35.4 %; B: the minute 100 overlaps -> 300 / 1,440
    assert table["bad_events"].tolist() == [510.0, 300.0]
    assert table["budget_events"].tolist() == pytest.approx([1_440.0, 1_440.0])
    assert table["budget_share"].tolist() == pytest.approx([510 / 1440, 300 / 1440])
    assert table["postmortem_required"].tolist() == [True, True]
    # excess only: the baseline ratio outside incidents is 1,430 / 1,430,000 = 0.1 %,
    # so A's excess is 510 - 0.001 x 10,000 = 500
    excess = sl.incident_budget_shares(traffic, incidents, slo_target=0.999, window_days=1,
                                       excess_only=True)
    assert excess["bad_events"].tolist() == pytest.approx([500.0, 300.0])
    # the 28-day budget of the same traffic rate is 28 times larger (40,320):
    # A = 510 / 40,320 = 1.3 %, B = 300 / 40,320 = 0.7 %: no postmortem for either
    month = sl.incident_budget_shares(traffic, incidents, slo_target=0.999, window_days=28)
    assert month["budget_share"].tolist() == pytest.approx([510 / 40_320, 300 / 40_320])
    assert month["postmortem_required"].tolist() == [False, False]


def test_incident_shares_one_service_and_latency_sli():
    errors = np.zeros(1440)
    traffic = minute_traffic("api", errors).drop(columns="service").set_index("timestamp")
    traffic.iloc[60:70, traffic.columns.get_loc("latency_le_300ms")] = 700  # 300 slow a minute
    t0 = pd.Timestamp("2026-10-05", tz="UTC")
    incidents = pd.DataFrame({"id": ["S"], "started": [t0 + pd.Timedelta(minutes=60)],
                              "mitigated": [t0 + pd.Timedelta(minutes=70)]})
    composite = sl.incident_budget_shares(traffic, incidents, slo_target=0.999, window_days=1,
                                          sli="composite", threshold_ms=300)
    assert composite["bad_events"].iloc[0] == 3_000.0           # 10 minutes x 300 slow
    availability = sl.incident_budget_shares(traffic, incidents, slo_target=0.999,
                                             window_days=1)
    assert availability["bad_events"].iloc[0] == 0.0


def test_incident_shares_errors():
    traffic = minute_traffic("api", np.zeros(10))
    incidents = pd.DataFrame({"id": ["X"], "service": ["web"],
                              "started": [pd.Timestamp("2026-10-05", tz="UTC")],
                              "mitigated": [pd.Timestamp("2026-10-05", tz="UTC")]})
    with pytest.raises(ValueError, match=r"^incidents\['service'\] must be services present "
                                         r"in traffic; got 'web'\.$"):
        sl.incident_budget_shares(traffic, incidents, slo_target=0.999)
    with pytest.raises(ValueError, match=r"^incidents must have the columns 'id', 'started', "
                                         r"'mitigated'; got a DataFrame without 'mitigated'\.$"):
        sl.incident_budget_shares(traffic, incidents.drop(columns="mitigated"), slo_target=0.999)


# ---------------------------------------------------------------------------
# slo-generator step report
# ---------------------------------------------------------------------------

def test_policy_step_report_hand_computed():
    # 28 days of 1,000 requests a minute; errors only in the last hour, 10 a minute (1 %).
    # 1 h: 1 % / 0.1 % = burn 10 > 9 -> page.  12 h: 600 / 720,000 -> burn 0.833.
    # 7 d: 600 / 10,080,000 -> 0.0595.  28 d: 600 / 40,320,000 -> 0.0149.
    n = 28 * 1440
    errors = np.zeros(n)
    errors[-60:] = 10
    idx = pd.date_range("2026-10-05", periods=n, freq="min", tz="UTC")
    traffic = pd.DataFrame({"requests": 1_000, "errors": errors}, index=idx)
    report = sl.policy_step_report(traffic, slo_target=0.999)
    assert report["burn_rate"].tolist() == pytest.approx(
        [10.0, 600 / 720_000 / 0.001, 600 / 10_080_000 / 0.001, 600 / 40_320_000 / 0.001])
    assert report["in_alert"].tolist() == [True, False, False, False]
    assert report["page"].tolist() == [True, False, False, False]
    assert report["message"].tolist() == [
        "Page to defend the SLO", "", "", "Unfreeze release, per the agreed roll-out policy"]
    assert report["complete"].all()


# ---------------------------------------------------------------------------
# A quarter of releases
# ---------------------------------------------------------------------------

def quarter_data():
    """Eight clean weeks (0.05 % errors) then a bad week (0.3 %) then clean again.

    100,000 requests a day; 99.9 % over 28 days -> budget 2,800 bad a window.
    Days 0..55: 50 bad; days 56..62: 300 bad; days 63..69: 50 bad.
    """
    dates = pd.date_range("2026-01-05", periods=70, tz="UTC")      # day 56 = Mon 2026-03-02
    errors = [50] * 56 + [300] * 7 + [50] * 7
    return pd.DataFrame({"date": dates, "service": "checkout", "requests": 100_000,
                         "errors": errors})


def test_quarter_hand_computed():
    q = sl.simulate_release_quarter(quarter_data(), slo_target=0.999, n_weeks=2)
    days = q.days
    assert days["date"].iloc[0] == pd.Timestamp("2026-03-02", tz="UTC")
    # Remaining before day 56 + k: 1 - (1,400 + 250 k) / 2,800 for k = 0..7, then it
    # stays at 1 - 3,150 / 2,800 (bad days still inside the 28-day window).
    expected = [1 - (1_400 + 250 * k) / 2_800 for k in range(8)] + [1 - 3_150 / 2_800] * 6
    assert days["remaining_budget"].tolist() == pytest.approx(expected)
    # 7-day burn before day 57: (6 x 50 + 300) / 700,000 / 0.001 = 0.857
    assert days["burn_rate"].iloc[1] == pytest.approx(600 / 700)
    assert days["decision"].tolist() == (["go"] * 3 + ["slow down"] * 3 + ["freeze"] * 8)
    # weekdays: Mon 2 .. Fri 6, Mon 9 .. Fri 13 -> 10 releases; the Thursday and Friday
    # of week 1 ship slowly, everything from Sunday on is frozen.
    assert days["change_kind"].tolist() == (["feature"] * 5 + ["none"] * 2) * 2
    assert (q.releases_planned, q.releases_shipped, q.releases_blocked, q.releases_slowed) == \
        (10, 5, 5, 2)
    assert (q.go_days, q.slow_down_days, q.freeze_days) == (3, 3, 8)
    assert days["shipped"].tolist() == [True] * 5 + [False] * 9
    assert days["reason"].iloc[-1].startswith("Freeze: the error budget of the 28-day "
                                              "window is exhausted (-12.5 % remaining)")


def test_quarter_with_a_custom_calendar_and_policy():
    calendar = pd.Series({"2026-03-10": "security", "2026-03-11": "feature",
                          "2026-03-03": "p0_fix"})
    q = sl.simulate_release_quarter(quarter_data(), slo_target=0.999, n_weeks=2,
                                    releases=calendar, policy=WORKBOOK_ONLY)
    days = q.days.set_index(q.days["date"].dt.strftime("%m-%d"))
    assert days.loc["03-10", "decision"] == "go" and days.loc["03-10", "rule"] == "exempt"
    assert days.loc["03-11", "decision"] == "freeze" and not days.loc["03-11", "shipped"]
    assert days.loc["03-03", "shipped"]
    assert (q.releases_planned, q.releases_shipped, q.releases_blocked) == (3, 2, 1)
    # without the slow-down rule: go while remaining >= 0 (days 56..61), freeze after
    assert (q.go_days, q.slow_down_days, q.freeze_days) == (6, 0, 8)


def test_quarter_start_and_daily_calendar():
    q = sl.simulate_release_quarter(quarter_data(), slo_target=0.999, n_weeks=1,
                                    start="2026-03-09", releases="daily")
    assert q.days["date"].iloc[0] == pd.Timestamp("2026-03-09", tz="UTC")
    assert q.releases_planned == 7 and q.releases_shipped == 0


def test_quarter_errors():
    data = quarter_data()
    with pytest.raises(ValueError, match=r"^daily must hold 28 days before the quarter and all "
                                         r"91 days of it; got 70 days with the quarter "
                                         r"starting at day -21\.$"):
        sl.simulate_release_quarter(data, slo_target=0.999)
    with pytest.raises(ValueError, match=r"^start must be a date in daily \(2026-01-05 \.\. "
                                         r"2026-03-15\); got '2027-01-01'\.$"):
        sl.simulate_release_quarter(data, slo_target=0.999, n_weeks=1, start="2027-01-01")
    with pytest.raises(ValueError, match=r"^releases must be dates inside the quarter"):
        sl.simulate_release_quarter(data, slo_target=0.999, n_weeks=1,
                                    releases=pd.Series({"2026-01-10": "feature"}))
    with pytest.raises(ValueError, match=r"^releases must be one of 'feature', 'p0_fix', "
                                         r"'security'; got 'hotfix'\.$"):
        sl.simulate_release_quarter(data, slo_target=0.999, n_weeks=1,
                                    releases=pd.Series({"2026-03-10": "hotfix"}))
    with pytest.raises(ValueError, match=r"^releases must be one of 'weekdays', 'daily'; got "
                                         r"'weekly'\. Did you mean 'weekdays'\?$"):
        sl.simulate_release_quarter(data, slo_target=0.999, n_weeks=1, releases="weekly")
