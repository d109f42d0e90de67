"""Production readiness reviews (sre_lab.culture.readiness) against hand counts and published values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.culture.readiness import _clopper_pearson


# ---------------------------------------------------------------- the checklist
def test_axes_are_the_six_of_the_sre_book():
    # SRE book ch. 32: architecture/dependencies, instrumentation/monitoring, emergency
    # response, capacity planning, change management, performance
    assert len(sl.PRR_AXES) == 6
    assert set(sl.PRR_CHECKLIST["axis"]) == set(sl.PRR_AXES)


def test_levels_nest_and_count():
    c, b, a = (sl.PRR_CHECKLIST[f"level_{x}"] for x in "cba")
    assert (c <= b).all() and (b <= a).all()            # what C needs, B and A need too
    assert (int(c.sum()), int(b.sum()), int(a.sum())) == (6, 16, 20)
    # from Mercari's table: a canary (gradual deploy) and playbooks are level A only
    assert not b["gradual_deploy"] and a["gradual_deploy"] and not b["playbooks"]


@pytest.mark.parametrize("target, level", [(0.9999, "A"), (0.9995, "A"), (0.999, "B"), (0.995, "B"),
                                           (0.99, "B"), (0.9899, "C"), (0.97, "C"), (0.95, "C")])
def test_prr_level_follows_mercaris_slo_bands(target, level):
    # A > 99.9 %, B 99 % ~ 99.9 %, C 95 % ~ 99 % (production-readiness-level.md)
    assert sl.prr_level(target) == level


def test_prr_level_arrays_and_refusals():
    assert sl.prr_level(np.array([0.9995, 0.98])).tolist() == ["A", "C"]
    with pytest.raises(ValueError, match="at least 0.95"):
        sl.prr_level(0.9)
    with pytest.raises(ValueError, match=r"Write 99.9% as 0.999"):
        sl.prr_level(99.9)


# ---------------------------------------------------------------- scores
def test_microcorp_scores_by_hand():
    # missing required checks (level B unless said): checkout graceful_degradation, capacity_plan,
    # automated_rollback, profiling (4 of 16); payment (A) gradual_deploy, fast_recovery (2 of 20);
    # search capacity_plan, autoscaling, automated_rollback, profiling, backup_recovery (5 of 16);
    # notifications slo_dashboard, alert_routing, oncall_rotation, timeouts, backup_recovery,
    # autoscaling, profiling (7 of 16)
    levels = {s: sl.prr_level(t) for s, t in sl.MICROCORP_SLO_TARGETS.items()}
    scores = sl.readiness_score(sl.MICROCORP_PRR, level=levels)
    assert scores["score"].to_dict() == {"checkout": 12 / 16, "payment": 18 / 20, "search": 11 / 16,
                                         "notifications": 9 / 16}
    assert scores.loc["payment", "missing"] == ("fast_recovery", "gradual_deploy")


def test_score_of_a_dict_and_unanswered_checks():
    row = sl.readiness_score({"design_doc": True, "tracing": True}, level="C").loc["service"]
    assert (row["required"], row["passed"]) == (6, 2)
    named = sl.readiness_score(pd.Series({"design_doc": True}, name="api"), level="C")
    assert list(named.index) == ["api"]


def test_checks_the_level_does_not_require_do_not_count():
    only_a = {c: bool(sl.PRR_CHECKLIST.loc[c, "level_a"] and not sl.PRR_CHECKLIST.loc[c, "level_b"])
              for c in sl.PRR_CHECKLIST.index}
    assert sl.readiness_score(only_a, level="B").loc["service", "score"] == 0.0


def test_by_axis():
    table = sl.readiness_score(sl.MICROCORP_PRR[["search"]], level="C", by="axis")
    # level C requires nothing on capacity or emergency response
    assert math.isnan(table.loc[("search", "capacity"), "score"])
    assert table.loc[("search", "monitoring"), "required"] == 3        # tracing, dashboard, alerts
    assert table["required"].sum() == 6


@pytest.mark.parametrize("answers, level, error, text", [
    ({"tracin": True}, "C", ValueError, "Did you mean 'tracing'"),
    ({"tracing": "yes"}, "C", TypeError, "True or False"),
    ("tracing", "C", TypeError, "answers must be a DataFrame"),
    ({"tracing": True}, "D", ValueError, "level must be one of 'A', 'B', 'C'"),
    ({"tracing": True}, 0.999, TypeError, "sl.prr_level"),
    (pd.DataFrame({"x": [True]}, index=["tracing"]), {"y": "B"}, ValueError, "nothing for 'x'"),
])
def test_score_refusals(answers, level, error, text):
    with pytest.raises(error, match=text):
        sl.readiness_score(answers, level=level)


# ---------------------------------------------------------------- intervals
def test_clopper_pearson_published_values():
    low, high = _clopper_pearson([0, 1, 5], [10, 10, 10], 0.95)
    # exact binomial 95 % intervals (e.g. Clopper & Pearson 1934; any statistics table)
    assert high[0] == pytest.approx(0.3085, abs=1e-4) and low[0] == 0
    assert (low[1], high[1]) == pytest.approx((0.0025, 0.4450), abs=1e-4)
    assert (low[2], high[2]) == pytest.approx((0.1871, 0.8129), abs=1e-4)


# ---------------------------------------------------------------- review effect
def _table_log(cells):
    """cells: [(team, reviewed, launches, incidents)] -> one row per launch."""
    rows = []
    for team, reviewed, n, k in cells:
        rows += [(team, reviewed, i < k) for i in range(n)]
    return pd.DataFrame(rows, columns=["team", "reviewed", "caused_incident"])


def test_review_effect_crude_and_mantel_haenszel_by_hand():
    log = _table_log([("x", True, 80, 8), ("x", False, 20, 4), ("y", True, 20, 1), ("y", False, 80, 8)])
    effect = sl.review_effect(log)
    # crude: (9/100) / (12/100) = 0.75; MH: (8*20/100 + 1*80/100) / (4*80/100 + 8*20/100) = 2.4/4.8
    assert effect.crude == pytest.approx(0.75) and effect.adjusted == pytest.approx(0.5)
    # Greenland-Robins: sum (n1 n0 M - a b N) / N^2 = (1600*12 - 32*100)/1e4 + (1600*9 - 8*100)/1e4 = 2.96
    se = math.sqrt(2.96 / (2.4 * 4.8))
    z = 1.959963984540054
    assert effect.ratios.loc["adjusted (MH)", "low"] == pytest.approx(0.5 * math.exp(-z * se))
    # Katz interval of the crude ratio: sqrt(1/9 - 1/100 + 1/12 - 1/100)
    se_crude = math.sqrt(1 / 9 - 1 / 100 + 1 / 12 - 1 / 100)
    assert effect.ratios.loc["all (crude)", "high"] == pytest.approx(0.75 * math.exp(z * se_crude))
    assert effect.ratios.loc["x", "risk_ratio"] == pytest.approx(0.5)
    assert effect.table.loc[("all", True), "launches"] == 100


def test_review_effect_zero_cells():
    log = _table_log([("x", True, 10, 0), ("x", False, 10, 2)])
    effect = sl.review_effect(log)
    assert effect.crude == 0.0 and math.isnan(effect.ratios.loc["x", "low"])
    assert effect.table.loc[("x", True), "risk_high"] == pytest.approx(0.3085, abs=1e-4)


@pytest.mark.parametrize("launches, error, text", [
    (pd.DataFrame({"team": ["x"], "reviewed": [True]}), ValueError, "caused_incident"),
    (pd.DataFrame({"team": ["x"], "reviewed": [1], "caused_incident": [True]}), TypeError, "True or False"),
    (pd.DataFrame({"team": [], "reviewed": [], "caused_incident": []}), ValueError, "at least one launch"),
    ("log.csv", TypeError, "launches must be"),
])
def test_review_effect_refusals(launches, error, text):
    with pytest.raises(error, match=text):
        sl.review_effect(launches)


# ---------------------------------------------------------------- the review model
def test_simulated_reviews_follow_the_stated_model():
    # one team, 200,000 launches, 10 % with an incident, half reviewed, a review halves the risk:
    # p0 = 0.1 / 0.75; reviewed launches should show risk 0.5 * p0 and skipped p0
    rng = np.random.default_rng(1)
    log = pd.DataFrame({"team": "t", "caused_incident": rng.random(200_000) < 0.1})
    out = sl.simulate_reviews(log, review_shares={"t": 0.5}, risk_ratio=0.5, rng=2)
    assert out["reviewed"].mean() == pytest.approx(0.5, abs=0.01)
    risk = out.groupby("reviewed")["caused_incident"].mean()
    assert risk[True] / risk[False] == pytest.approx(0.5, abs=0.03)
    assert "reviewed" not in log.columns                           # the input is not modified


def test_simulate_reviews_edges_and_refusals():
    log = pd.DataFrame({"team": ["a", "a", "b"], "caused_incident": [True, False, False]})
    out = sl.simulate_reviews(log, review_shares={"a": 0.0, "b": 1.0}, rng=0)
    assert out["reviewed"].tolist() == [False, False, True]
    with pytest.raises(ValueError, match="nothing for 'b'"):
        sl.simulate_reviews(log, review_shares={"a": 0.5})
    with pytest.raises(ValueError, match="review_shares\\['a'\\] must be a fraction"):
        sl.simulate_reviews(log, review_shares={"a": 50, "b": 0.5})


def test_microcorp_launches_are_the_deployment_log_plus_reviews():
    deployments = sl.load_deployments()
    launches = sl.microcorp_launches()
    assert list(launches.columns) == [*deployments.columns, "reviewed"]
    pd.testing.assert_frame_equal(launches.drop(columns="reviewed"), deployments)
    shares = launches.groupby("team")["reviewed"].mean()
    assert shares["payments"] > shares["orders"] > shares["search"]     # 0.9, 0.5, 0.1 stated
