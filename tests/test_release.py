"""Tests of sre_lab.policy.release_gate: the budget at the moment a release is decided.

Expected numbers are worked out by hand from constant synthetic traffic:
budget = (1 - target) x valid events of the 28-day window (SRE Workbook ch. 5),
decisions from the Workbook's Appendix B policy + the course's slow-down rule
(freeze below 0 % remaining; slow down below 25 % or above 1.5x over 7 days).
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sre_lab.policy import workbook_error_budget_policy
from sre_lab.policy import ReleaseGate, release_gate

START = pd.Timestamp("2026-10-05", tz="UTC")


def traffic(days, *, requests=1000, error_ratio=0.0, step="1min"):
    idx = pd.date_range(START, START + pd.Timedelta(days=days), freq=step, inclusive="left")
    return pd.DataFrame({"requests": requests, "errors": int(round(requests * error_ratio))},
                        index=idx)


def test_bad_hour_on_the_last_day():
    t = traffic(28)
    t.loc["2026-11-01 00:00":"2026-11-01 00:59", "errors"] = 300
    g = release_gate(t, slo_target=0.999)
    assert isinstance(g, ReleaseGate)
    # 28 x 1440 x 1000 = 40,320,000 requests; 0.1 % of them = 40,320 allowed failures
    assert g.valid_events == 40_320_000
    assert g.allowed_bad_events == pytest.approx(40_320)
    assert g.bad_events == 60 * 300
    assert g.consumed == pytest.approx(18_000 / 40_320)
    assert g.remaining == pytest.approx(1 - 18_000 / 40_320)
    # last 7 days: 18,000 / 10,080,000 = 0.179 % errors = 1.79x the 0.1 % budget
    assert g.recent_burn_rate == pytest.approx(18_000 / 10_080_000 / 0.001)
    assert g.recent_window_days == 7
    assert g.decision.decision == "slow down" and g.decision.rule == "slow_down_burn"
    assert g.decided_at == START + pd.Timedelta(days=28)
    assert (g.window_start, g.window_end) == (START, START + pd.Timedelta(days=28))


def test_before_the_bad_hour_it_is_go():
    t = traffic(28)
    t.loc["2026-11-01 00:00":"2026-11-01 00:59", "errors"] = 300
    g = release_gate(t, slo_target=0.999, at="2026-11-01")
    assert g.bad_events == 0 and g.remaining == 1.0
    assert g.decision.decision == "go"
    assert g.remaining_over_time.index[-1] == pd.Timestamp("2026-10-31 23:59", tz="UTC")


def test_half_a_window_is_projected_to_the_whole_window():
    # 14 days at 0.05 % errors: half the burn rate, half the window
    g = release_gate(traffic(14, requests=2000, error_ratio=0.0005), slo_target=0.999)
    assert g.valid_events == 14 * 1440 * 2000
    assert g.allowed_bad_events == pytest.approx(0.001 * 28 * 1440 * 2000)  # projected
    assert g.bad_events == 14 * 1440 * 1
    assert g.window_burn_rate == pytest.approx(0.5)
    assert g.consumed == pytest.approx(0.25)
    assert g.window_end == START + pd.Timedelta(days=28)
    assert g.decision.decision == "go"


def test_a_long_series_uses_the_trailing_28_days():
    t = traffic(35)
    t.loc[: "2026-10-11 23:59", "errors"] = 50  # a terrible first week, outside the window
    g = release_gate(t, slo_target=0.999)
    assert g.window_start == START + pd.Timedelta(days=7)
    assert g.window_end == START + pd.Timedelta(days=35)
    assert g.bad_events == 0 and g.decision.decision == "go"


@pytest.mark.parametrize("kind, decision, rule", [
    ("feature", "freeze", "freeze"), ("p0_fix", "go", "exempt"), ("security", "go", "exempt")])
def test_overspent_budget_freezes_features_only(kind, decision, rule):
    # 0.2 % errors all window against 99.9 %: twice the budget, remaining = -1
    g = release_gate(traffic(28, error_ratio=0.002, step="10min"), slo_target=0.999,
                     change_kind=kind)
    assert g.consumed == pytest.approx(2.0)
    assert g.remaining == pytest.approx(-1.0)
    assert (g.decision.decision, g.decision.rule) == (decision, rule)
    assert g.decision.state == "freeze"


def test_workbook_only_policy_has_no_slow_down():
    t = traffic(28, requests=10_000, error_ratio=0.0008, step="10min")  # 80 % spent, 0.8x
    default = release_gate(t, slo_target=0.999)
    strict = release_gate(t, slo_target=0.999, policy=workbook_error_budget_policy(slow_down=False))
    assert default.remaining == pytest.approx(0.2)
    assert default.decision.decision == "slow down"      # below 25 % left
    assert strict.decision.decision == "go"


def test_latency_sli_counts_slow_successes():
    t = traffic(28, step="10min")
    t["latency_le_300ms"] = 990  # 1 % of successful requests slower than 300 ms
    g = release_gate(t, slo_target=0.99, sli="latency", threshold_ms=300)
    assert g.consumed == pytest.approx(1.0)
    assert g.remaining == pytest.approx(0.0, abs=1e-12)
    # exactly at the SLO is not "exceeded" (no freeze), but less than 25 % is left
    assert g.decision.decision == "slow down"
    assert g.decision.rule == "slow_down_budget"


@pytest.mark.parametrize("at, kind, text", [
    ("2026-10-05 00:00", ValueError,
     "at must be a moment between 2026-10-05 00:01:00+00:00 and 2026-11-02 00:00:00+00:00 "
     "(the data's span); got '2026-10-05 00:00:00+00:00'."),
    ("2026-12-01", ValueError,
     "at must be a moment between 2026-10-05 00:01:00+00:00 and 2026-11-02 00:00:00+00:00 "
     "(the data's span); got '2026-12-01 00:00:00+00:00'."),
    ("not a date", TypeError, "at must be a timestamp (e.g. '2026-10-30 09:00'); got 'not a date'."),
])
def test_bad_moments(at, kind, text):
    with pytest.raises(kind) as info:
        release_gate(traffic(28), slo_target=0.999, at=at)
    assert str(info.value) == text


def test_percent_target_gets_the_hint():
    with pytest.raises(ValueError, match=r"Write 99\.9% as 0\.999\.$"):
        release_gate(traffic(2), slo_target=99.9)


def test_unknown_change_kind():
    with pytest.raises(ValueError, match=r"Did you mean 'security'\?$"):
        release_gate(traffic(2), slo_target=0.999, change_kind="Security")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=48, max_size=48),
       st.sampled_from([0.99, 0.995, 0.999]), st.integers(1, 47))
def test_consumed_is_bad_over_allowed(errors_per_hour, target, hours):
    idx = pd.date_range(START, periods=48, freq="1h")
    t = pd.DataFrame({"requests": 5000, "errors": errors_per_hour}, index=idx)
    g = release_gate(t, slo_target=target, at=idx[hours])
    assert g.consumed == pytest.approx(g.bad_events / g.allowed_bad_events, abs=1e-12)
    assert g.remaining == pytest.approx(1 - g.consumed)
    assert g.bad_events == sum(errors_per_hour[:hours])
    assert math.isclose(g.remaining_over_time.iloc[-1], g.remaining)
    assert np.all(np.diff(g.remaining_over_time.index.asi8) > 0)
