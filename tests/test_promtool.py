"""Prometheus itself agrees with sl.evaluate_alerts, minute for minute.

The same per-minute counts go (a) to ``sl.evaluate_alerts`` and (b) as 1-minute counter
samples to ``promtool test rules`` together with the file written by
``sl.to_prometheus_rules``. promtool checks every alert at every minute against what the
Python replay says, so a single minute of disagreement fails the test and is named in
the message. Alignment and the reasons the rules are written as they are: see
tests/promtool_support.py and the Notes of ``sl.to_prometheus_rules``.

Locally these tests skip without promtool (``apt-get install -y prometheus``); with CI set
they fail instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import promtool_support as ps
import sre_lab as sl

pytestmark = pytest.mark.promtool

SLO = 0.99  # 1 % budget: the thresholds 14.4 %, 6 % and 3 % are easy to build scenarios around


def scaled_policy():
    """Workbook-shaped pairs on short windows, so a scenario of a few hours exercises them."""
    return [
        sl.AlertRule("PageFast", 14.4, 60, 5, "page", for_minutes=2),
        sl.AlertRule("PageSlow", 6, 180, 15, "page"),
        sl.AlertRule("TicketSlow", 3, 360, 30, "ticket", for_minutes=10),
    ]


def _binomial(requests, ratio, seed):
    rng = np.random.default_rng(seed)
    return rng.binomial(np.asarray(requests), np.clip(ratio, 0, 1))


def full_outage():
    """120 req/min, every request fails in minutes 60..79, clean before and after."""
    requests = np.full(240, 120)
    errors = np.zeros(240, dtype=np.int64)
    errors[60:80] = 120
    return ps.traffic_frame(requests, errors)


def slow_burn():
    """Noisy traffic; 4 % errors (4x) from minute 30, 7 % (7x) from 300, clean from 420."""
    rng = np.random.default_rng(11)
    requests = rng.poisson(300, 480)
    ratio = np.full(480, 0.001)
    ratio[30:300], ratio[300:420] = 0.04, 0.07
    return ps.traffic_frame(requests, _binomial(requests, ratio, 12))


def spiky():
    """200 req/min, no background errors, total-failure bursts built around PageFast's edges.

    Bursts (minutes, 100 % errors): 20..27, 79, 140..147, 198..199, 260..265, 300..311.
    Worked out by hand for PageFast (threshold 14.4 %; the 5-min ratio is >= 20 % for five
    minutes after any burst minute, so the 1-h ratio decides), with ``for: 2m``:

    * 20..27 on a 1-h window truncated at the start: 4/24 > 14.4 % at minute 23, active
      until 31 (the 5-min window is clean at 32): fires 25..31;
    * 79: the 1-h window 20..79 holds 8 + 1 = 9 burst minutes (15 %) at 79 only, 8 at 80:
      active one minute, pending, never fires;
    * 140..147 alone: 8/60 = 13.3 %, never active;
    * 198..199: 9, 10 and 9 burst minutes in the windows ending at 198, 199, 200, then 8:
      active 198..200, fires at minute 200 only;
    * 260..265: 6/60, never active;
    * 300..311: the 1-h window still holds 260..265, so 6 + 3 = 9 burst minutes at 302
      (8 at 301): active 302..315, fires 304..315.
    """
    requests = np.full(360, 200)
    errors = np.zeros(360, dtype=np.int64)
    for start, stop in [(20, 28), (79, 80), (140, 148), (198, 200), (260, 266), (300, 312)]:
        errors[start:stop] = 200
    return ps.traffic_frame(requests, errors)


SPIKY_PAGE_FAST_MINUTES = [*range(25, 32), 200, *range(304, 316)]


def low_traffic():
    """About 0.7 req/min (half the minutes have none): 2 % errors, 50 % in minutes 200..229."""
    rng = np.random.default_rng(31)
    requests = rng.poisson(0.7, 480)
    ratio = np.full(480, 0.02)
    ratio[200:230] = 0.5
    return ps.traffic_frame(requests, _binomial(requests, ratio, 32))


def recovery():
    """50 % errors in minutes 60..89, then a linear recovery to 0 over 60 min."""
    rng = np.random.default_rng(41)
    requests = rng.poisson(500, 360)
    ratio = np.zeros(360)
    ratio[60:90] = 0.5
    ratio[90:150] = np.linspace(0.5, 0.0, 60)
    return ps.traffic_frame(requests, _binomial(requests, ratio, 42))


def exact_threshold():
    """1000 req/min with error ratios exactly 14.4 %, 6 % and 3 % in decimal, then 1 above.

    ``14.4 * 0.01`` in float64 is 0.14400000000000002, a hair above 144/1000 = 0.144, so a
    ratio of exactly 144/1000 is *not* strictly above it, in Python nor in Prometheus
    (``6 * 0.01`` and ``3 * 0.01`` are exactly 0.06 and 0.03: not above either).
    """
    requests = np.full(420, 1000)
    errors = np.zeros(420, dtype=np.int64)
    errors[0:120] = 144    # exactly at the 14.4x threshold, from the very first minute
    errors[120:180] = 145  # just above it
    errors[180:300] = 60   # exactly 6x
    errors[300:420] = 30   # exactly 3x
    return ps.traffic_frame(requests, errors)


def hot_start():
    """Errors from the first minute: both sides use the windows truncated at the start."""
    rng = np.random.default_rng(51)
    requests = rng.poisson(100, 180)
    ratio = np.full(180, 0.2)
    ratio[90:] = 0.0
    return ps.traffic_frame(requests, _binomial(requests, ratio, 52))


SCENARIOS = {
    "full_outage": full_outage,
    "slow_burn": slow_burn,
    "spiky": spiky,
    "low_traffic": low_traffic,
    "recovery": recovery,
    "exact_threshold": exact_threshold,
    "hot_start": hot_start,
}


def _compare(rules_text, traffic, firing, tmp_path, rules, slo_target):
    result = ps.promtool_replay(rules_text, traffic, firing, tmp_path)
    if not result.ok:
        failed = result.failed_checks()
        model = ps.spec_model_alerts(traffic, rules, slo_target=slo_target)
        differs = {name: list(np.flatnonzero(model[name].to_numpy() != firing[name].to_numpy()))
                   for name in firing.columns}
        pytest.fail(
            f"promtool and sl.evaluate_alerts disagree at {len(failed)} (alert, minute) "
            f"pairs, first ones: {failed[:10]}. Minutes where evaluate_alerts differs from "
            f"the independent model of DESIGN §3 in promtool_support: "
            f"{ {k: v[:10] for k, v in differs.items()} }.\n{result.output[:3000]}")
    return result


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_promtool_fires_the_same_minutes_as_evaluate_alerts(scenario, tmp_path):
    ps.require_promtool()
    traffic = SCENARIOS[scenario]()
    rules = scaled_policy()
    firing = sl.evaluate_alerts(traffic, rules, slo_target=SLO)
    assert list(firing.columns) == [r.name for r in rules]
    assert len(firing) == len(traffic)
    # the scenario must exercise the alerts: something fires and something stays quiet
    assert firing.to_numpy().any() and not firing.to_numpy().all()
    text = sl.to_prometheus_rules(scenario.replace("_", "-"), slo_target=SLO,
                                  errors_counter=ps.ERRORS_SELECTOR,
                                  total_counter=ps.TOTAL_SELECTOR, rules=rules)
    _compare(text, traffic, firing, tmp_path, rules, SLO)


def test_workbook_policy_over_two_days_agrees_with_promtool(tmp_path):
    """The real SRE Workbook policy (99.9 %: 1 h/5 min, 6 h/30 min, 3 d/6 h) over 2 days.

    Two days keep promtool's run to a few seconds (the 3-day window is read at every
    minute); the 3-day ratio is then the ratio since the start on both sides.
    """
    ps.require_promtool()
    rng = np.random.default_rng(61)
    n = 2 * 1440
    requests = rng.poisson(100, n)
    ratio = np.full(n, 0.0002)
    ratio[1440:] = 0.002            # day 2: burn rate 2
    ratio[2000:2030] = 0.10         # a 30-minute burst at 100x
    ratio[2400:2460] = 0.012        # an hour at 12x
    traffic = ps.traffic_frame(requests, _binomial(requests, ratio, 62))
    rules = sl.workbook_policy(0.999)
    firing = sl.evaluate_alerts(traffic, rules, slo_target=0.999)
    assert firing.to_numpy().any() and not firing.to_numpy().all()
    text = sl.to_prometheus_rules("checkout", slo_target=0.999,
                                  errors_counter=ps.ERRORS_SELECTOR,
                                  total_counter=ps.TOTAL_SELECTOR)
    _compare(text, traffic, firing, tmp_path, rules, 0.999)


@pytest.mark.parametrize("scenario, minutes", [
    ("full_outage", list(range(70, 84))),
    ("spiky", SPIKY_PAGE_FAST_MINUTES),
])
def test_page_fast_fires_in_the_minutes_worked_out_by_hand(scenario, minutes, tmp_path):
    """Independent reasoning for PageFast (14.4 x 1 % = 14.4 %, 1 h / 5 min, for 2 min).

    full_outage: errors fill minutes 60..79 at 100 %. The 5-min ratio is 20 % or more from
    minute 60; the 1-h ratio at minute 60 + k - 1 is k/60, above 0.144 from k = 9 (minute
    68). Active from 68, so firing from 70 (``for: 2m``: the third active evaluation).
    After minute 79 the 5-min window still holds an error minute up to minute 83 (20 %);
    at 84 it is clean. So PageFast fires in minutes 70..83. spiky: see its docstring.
    Prometheus and sl.evaluate_alerts must both say exactly this.
    """
    ps.require_promtool()
    traffic = SCENARIOS[scenario]()
    rules = scaled_policy()[:1]
    expected = pd.DataFrame({"PageFast": np.isin(np.arange(len(traffic)), minutes)},
                            index=traffic.index)
    text = sl.to_prometheus_rules("by-hand", slo_target=SLO, errors_counter=ps.ERRORS_SELECTOR,
                                  total_counter=ps.TOTAL_SELECTOR, rules=rules)
    result = ps.promtool_replay(text, traffic, expected, tmp_path)
    assert result.ok, result.output[:3000]
    pd.testing.assert_frame_equal(sl.evaluate_alerts(traffic, rules, slo_target=SLO), expected)


def test_a_wrong_expectation_is_caught_and_located(tmp_path):
    """Negative control: flip one expected minute; promtool must fail exactly there."""
    ps.require_promtool()
    traffic = full_outage()
    rules = scaled_policy()[:1]
    firing = sl.evaluate_alerts(traffic, rules, slo_target=SLO)
    text = sl.to_prometheus_rules("outage", slo_target=SLO, errors_counter=ps.ERRORS_SELECTOR,
                                  total_counter=ps.TOTAL_SELECTOR, rules=rules)
    result = ps.promtool_replay(text, traffic, firing, tmp_path, flip=("PageFast", 75))
    assert not result.ok
    assert result.failed_checks() == [("PageFast", 75)]


def test_threshold_written_with_a_rounded_budget_fires_on_the_threshold(tmp_path):
    """Why the rules write ``14.4 * 0.001``: another float for the budget moves the boundary.

    Sloth writes the budget of 99.9 % as ``(100 - 99.9) / 100`` = 0.0009999999999999432 in
    float64 (slo_facts §4.1). Then ``14.4 * budget`` is a hair *below* 144/10000, so
    Prometheus fires while the error ratio is exactly 1.44 %, where the replay (and our
    file, whose threshold ``14.4 * 0.001`` = 0.014400000000000001) does not.
    """
    ps.require_promtool()
    requests = np.full(240, 10_000)
    errors = np.zeros(240, dtype=np.int64)
    errors[:120] = 144  # exactly 1.44 % = 14.4 x 0.1 % in decimal, from the first minute
    traffic = ps.traffic_frame(requests, errors)
    rules = scaled_policy()[:1]
    firing = sl.evaluate_alerts(traffic, rules, slo_target=0.999)
    assert not firing.to_numpy().any()
    text = sl.to_prometheus_rules("edge", slo_target=0.999, errors_counter=ps.ERRORS_SELECTOR,
                                  total_counter=ps.TOTAL_SELECTOR, rules=rules)
    assert ps.promtool_replay(text, traffic, firing, tmp_path).ok

    sloth_budget = (100 - 99.9) / 100
    assert 14.4 * sloth_budget < 144 / 10_000 < 14.4 * 0.001
    rounded = text.replace("* 0.001)", f"* {sloth_budget!r})")
    assert rounded != text
    result = ps.promtool_replay(rounded, traffic, firing, tmp_path)
    assert not result.ok
    # both ratios sit at exactly 1.44 % from minute 0, so the rounded rule is active from 0,
    # fires from minute 2 (for: 2m) and stops at 120, when the 5-min ratio drops to 4/5 of it
    assert sorted(m for _, m in result.failed_checks()) == list(range(2, 120))


def test_missing_promtool_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.setenv("PROMTOOL", "/nonexistent/promtool")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="promtool not found"):
        ps.require_promtool()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        ps.require_promtool()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        ps.require_promtool()


@pytest.mark.parametrize("text, minutes", [
    ("5m", 5), ("1h46m", 106), ("1h46m0s", 106), ("1d9h21m", 2001), ("2d", 2880), ("0s", 0)])
def test_promtool_durations_are_read_back_as_minutes(text, minutes):
    """promtool prints eval times in Prometheus' duration format (model.Duration)."""
    assert ps.go_duration_minutes(text) == minutes
