"""Tests of maturity scoring across teams (sre_lab.culture.maturity, notebook 05_culture/3a).

The self-assessment ladder is tested in tests/test_culture.py. Here: the
outline's score and why its ranking depends on units (hand arithmetic), the
normalised score worked by hand, the weight sweep and rank shares on teams
whose answers are obvious, and the budget-breach count checked against plain
pandas on the daily history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sre_lab as sl


def teams(**columns):
    base = {"prr_coverage": [0.9, 0.6], "toil_share": [0.25, 0.6], "incidents_per_shift": [0.5, 1.0],
            "budget_breaches": [0, 6], "slo_windows": [12, 12], "dora_band": ["high", "low"]}
    base.update(columns)
    n = len(next(iter(base.values())))
    return pd.DataFrame(base, index=[f"t{i}" for i in range(n)])


# --------------------------------------------------------------------------- the outline's score

def test_outline_score_on_the_outlines_teams():
    # Payments 8 - 1 - 3/2 = 5.5; Checkout 7 - 2 - 5/2 = 2.5; Notifications 9 - 0 - 2/2 = 8
    out = sl.outline_maturity_score([8, 7, 9], [1, 2, 0], [3, 5, 2])
    assert out.tolist() == [5.5, 2.5, 8.0]
    assert sl.outline_maturity_score(8, 1, 3) == 5.5


def test_outline_score_ranking_flips_with_a_unit():
    # Two teams. A: readiness 0.9 (of 1), 2 breaches, 1 page a week.
    #            B: readiness 0.6,        0 breaches, 4 pages a week.
    # As fractions: A = 0.9 - 2 - 0.5 = -1.6, B = 0.6 - 0 - 2 = -1.4 -> B first.
    # Readiness in percent: A = 90 - 2 - 0.5 = 87.5, B = 60 - 0 - 2 = 58 -> A first.
    fraction = sl.outline_maturity_score([0.9, 0.6], [2, 0], [1, 4])
    percent = sl.outline_maturity_score([90, 60], [2, 0], [1, 4])
    assert fraction.tolist() == pytest.approx([-1.6, -1.4])
    assert percent.tolist() == pytest.approx([87.5, 58.0])
    assert np.argmax(fraction) == 1 and np.argmax(percent) == 0


def test_outline_score_keeps_a_series_index():
    idx = ["orders", "payments"]
    out = sl.outline_maturity_score(pd.Series([8, 7], index=idx), pd.Series([1, 2], index=idx),
                                    pd.Series([3, 5], index=idx))
    assert list(out.index) == idx and out.tolist() == [5.5, 2.5]


def test_outline_score_refuses_text():
    with pytest.raises(TypeError, match=r"^readiness must be a finite number"):
        sl.outline_maturity_score("8", 1, 3)


# --------------------------------------------------------------------------- maturity_score

def test_score_by_hand():
    s = sl.maturity_score(teams())
    # t0: prr 0.9, toil 1 - 0.25/0.5 = 0.5, oncall 1 - 0.5/2 = 0.75, budget 1, dora high 2/3
    assert s.loc["t0", ["prr", "toil", "oncall", "budget", "dora"]].tolist() == pytest.approx(
        [0.9, 0.5, 0.75, 1.0, 2 / 3])
    assert s.loc["t0", "score"] == pytest.approx((0.9 + 0.5 + 0.75 + 1 + 2 / 3) / 5)
    # t1: prr 0.6, toil over the cap -> 0, oncall 0.5, budget 1 - 6/12, dora low 0
    assert s.loc["t1", "score"] == pytest.approx((0.6 + 0 + 0.5 + 0.5 + 0) / 5)
    assert s.loc["t0", "stage"] == "Predictive" and s.loc["t1", "stage"] == "Reactive"
    assert s["rank"].tolist() == [1, 2] and list(s.index) == ["t0", "t1"]


def test_reference_points_are_the_published_limits():
    assert sl.TOIL_CAP == 0.5 and sl.PAGES_PER_SHIFT_LIMIT == 2
    s = sl.maturity_score(teams(toil_share=[0.5, 0.0], incidents_per_shift=[2.0, 3.0]))
    assert s.loc["t0", "toil"] == 0.0 and s.loc["t1", "toil"] == 1.0
    assert s.loc["t0", "oncall"] == 0.0 and s.loc["t1", "oncall"] == 0.0   # beyond the limit: 0


def test_weights_are_normalised_shown_and_missing_ones_weigh_zero():
    equal = sl.maturity_score(teams())
    doubled = sl.maturity_score(teams(), weights={k: 2 for k in sl.MATURITY_WEIGHTS})
    pd.testing.assert_series_equal(equal["score"], doubled["score"])
    assert equal.attrs["weights"] == pytest.approx({k: 0.2 for k in sl.MATURITY_INDICATORS.index})
    only_prr = sl.maturity_score(teams(), weights={"prr": 3})
    assert only_prr.attrs["weights"] == {"prr": 1.0, "toil": 0.0, "oncall": 0.0, "budget": 0.0, "dora": 0.0}
    assert only_prr["score"].to_dict() == pytest.approx({"t0": 0.9, "t1": 0.6})
    # prr 1/4, budget 3/4: t0 = 0.25 x 0.9 + 0.75 x 1 = 0.975
    mixed = sl.maturity_score(teams(), weights={"prr": 1, "budget": 3})
    assert mixed.loc["t0", "score"] == pytest.approx(0.975)


@pytest.mark.parametrize("score, stage", [(0.0, "Ad Hoc"), (0.2499, "Ad Hoc"), (0.25, "Reactive"),
                                          (0.5, "Proactive"), (0.7499, "Proactive"), (0.75, "Predictive"),
                                          (1.0, "Predictive")])
def test_stage_cut_points(score, stage):
    # only PRR weighs, so the score is the PRR coverage itself
    s = sl.maturity_score(teams(prr_coverage=[score, 0.0]), weights={"prr": 1})
    assert s.loc["t0", "stage"] == stage
    assert sl.MATURITY_STAGE_CUTS == (0.25, 0.5, 0.75)


def test_ties_share_the_better_rank():
    s = sl.maturity_score(teams(prr_coverage=[0.5, 0.5], toil_share=[0.1, 0.1], incidents_per_shift=[1, 1],
                                budget_breaches=[1, 1], dora_band=["medium", "Medium"]))
    assert s["rank"].tolist() == [1, 1]


def test_the_normalised_score_does_not_depend_on_how_many_windows_are_counted():
    # 1 breach in 12 monthly windows = 13 in 156 weekly windows... only the share counts
    a = sl.maturity_score(teams(budget_breaches=[1, 6], slo_windows=[12, 12]))
    b = sl.maturity_score(teams(budget_breaches=[13, 78], slo_windows=[156, 156]))
    pd.testing.assert_series_equal(a["score"], b["score"])


@pytest.mark.parametrize("change, kind, text", [
    (dict(dora_band=["great", "low"]), ValueError, "indicators['dora_band'] must be one of 'elite', 'high', "
                                                   "'medium', 'low'; got 'great'."),
    (dict(budget_breaches=[13, 0]), ValueError, "indicators must be budget_breaches <= slo_windows on every row; "
                                                "got 'more breaches than windows'."),
    (dict(toil_share=[45.0, 0.1]), ValueError, "indicators['toil_share'] must be a fraction in [0, 1]; got 45.0 "
                                               "at index 0."),
    (dict(slo_windows=[0, 12]), ValueError, "indicators['slo_windows'] must be a number > 0 and <= 1e+09; got 0.0 "
                                            "at index 0."),
])
def test_maturity_score_refuses_bad_indicators(change, kind, text):
    with pytest.raises(kind) as info:
        sl.maturity_score(teams(**change))
    assert str(info.value) == text


def test_maturity_score_refuses_missing_columns_and_bad_weights():
    with pytest.raises(ValueError, match=r"^indicators must have the columns"):
        sl.maturity_score(teams().drop(columns="dora_band"))
    with pytest.raises(ValueError, match=r"^weights key must be one of 'prr', 'toil', 'oncall', 'budget', "
                                         r"'dora'; got 'tool'\. Did you mean 'toil'\?$"):
        sl.maturity_score(teams(), weights={"tool": 1})
    with pytest.raises(ValueError, match=r"^weights must be weights >= 0 with a positive, finite sum"):
        sl.maturity_score(teams(), weights={"prr": 0})
    with pytest.raises(ValueError, match=r"^weights\['prr'\] must be a number >= 0"):
        sl.maturity_score(teams(), weights={"prr": -1})
    with pytest.raises(TypeError, match=r"^weights must be a dict"):
        sl.maturity_score(teams(), weights=[0.2] * 5)


frac = st.floats(0, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(frac, frac, st.floats(0, 5), st.integers(0, 12),
                          st.sampled_from(["elite", "high", "medium", "low"])), min_size=1, max_size=5),
       st.lists(st.floats(0, 10), min_size=5, max_size=5).filter(lambda w: sum(w) > 0.01))
def test_scores_are_unit_free_fractions_and_monotone(rows, w):
    frame = pd.DataFrame(rows, columns=["prr_coverage", "toil_share", "incidents_per_shift",
                                        "budget_breaches", "dora_band"])
    frame["slo_windows"] = 12
    weights = dict(zip(sl.MATURITY_INDICATORS.index, w))
    s = sl.maturity_score(frame, weights=weights)
    assert s["score"].between(-1e-12, 1 + 1e-12).all()
    better = frame.copy()
    better["prr_coverage"] = np.minimum(frame["prr_coverage"] + 0.1, 1.0)
    better["toil_share"] = frame["toil_share"] / 2
    assert (sl.maturity_score(better, weights=weights)["score"].reindex(s.index)
            >= s["score"] - 1e-12).all()


# --------------------------------------------------------------------------- weight sweep, rank shares

def test_weight_sweep_by_hand():
    frame = teams(prr_coverage=[1.0, 0.0], toil_share=[0.5, 0.0], incidents_per_shift=[0, 0],
                  budget_breaches=[0, 0], slo_windows=[1, 1], dora_band=["low", "low"])
    sweep = sl.maturity_weight_sweep(frame, indicator="prr", steps=3)
    # weight 0: the other four share 1/4 each -> t0 (0 + 1 + 1 + 0)/4 = 0.5, t1 (1 + 1 + 1 + 0)/4 = 0.75
    # weight 1: the PRR coverage itself -> 1 and 0
    assert sweep.index.tolist() == [0.0, 0.5, 1.0]
    assert sweep["t0"].tolist() == pytest.approx([0.5, 0.75, 1.0])
    assert sweep["t1"].tolist() == pytest.approx([0.75, 0.375, 0.0])
    assert sweep["leader"].tolist() == ["t1", "t0", "t0"]


def test_weight_sweep_at_the_base_weight_equals_the_score():
    frame = teams()
    sweep = sl.maturity_weight_sweep(frame, indicator="dora", steps=6)        # 0, 0.2, ..., 1
    score = sl.maturity_score(frame)["score"]
    assert sweep.loc[0.2, "t0"] == pytest.approx(score["t0"])
    assert sweep.loc[0.2, "t1"] == pytest.approx(score["t1"])


def test_rank_shares_dominance_and_sums():
    frame = teams()                          # t0 is better than t1 on every indicator
    shares = sl.maturity_rank_shares(frame, rng=0)
    assert shares.loc["t0", 1] == 1.0 and shares.loc["t1", 2] == 1.0
    assert shares["same_as_base"].tolist() == [1.0, 1.0]
    assert np.allclose(shares[[1, 2]].sum(axis=1), 1.0)


def test_rank_shares_split_when_teams_trade_off():
    # t0 is best on PRR only, t1 on toil only, equal elsewhere: with weights drawn uniformly
    # over the simplex, each leads when its indicator weighs more: half the draws each.
    frame = teams(prr_coverage=[1.0, 0.0], toil_share=[0.5, 0.0], incidents_per_shift=[1, 1],
                  budget_breaches=[0, 0], dora_band=["medium", "medium"])
    shares = sl.maturity_rank_shares(frame, n_samples=20_000, rng=1)
    assert shares.loc["t0", 1] == pytest.approx(0.5, abs=0.02)
    # concentrated draws around weights that favour PRR: t0 leads nearly always
    tight = sl.maturity_rank_shares(frame, weights={"prr": 0.6, "toil": 0.1, "oncall": 0.1,
                                                    "budget": 0.1, "dora": 0.1},
                                    concentration=100, n_samples=5_000, rng=1)
    assert tight.loc["t0", 1] > 0.99


def test_rank_shares_with_one_weight_are_certain_and_reproducible():
    a = sl.maturity_rank_shares(teams(), weights={"budget": 1}, rng=3)
    b = sl.maturity_rank_shares(teams(), weights={"budget": 1}, rng=3)
    pd.testing.assert_frame_equal(a, b)
    assert a.loc["t0", 1] == 1.0


# --------------------------------------------------------------------------- budget_breaches

def test_budget_breaches_by_hand():
    days = pd.date_range("2026-10-01", periods=5, tz="UTC")
    h = pd.DataFrame({"date": days, "service": "api", "requests": 1000, "errors": [2, 1, 0, 1, 9]})
    b = sl.budget_breaches(h, slo_target=0.999, window_days=2)
    # windows {1-2 Oct: 3 errors of a 2-error budget}, {3-4 Oct: 1 of 2}; 5 Oct incomplete: left out
    assert b.loc["api"].tolist() == [2, 1, 1.5]


def test_budget_breaches_match_plain_pandas_on_the_daily_history():
    history = sl.load_daily_history()
    out = sl.budget_breaches(history, slo_target=0.999, window_days=30)
    first = history["date"].min()
    frame = history.assign(block=(history["date"] - first).dt.days // 30)
    frame = frame[frame["block"] < 12]                       # 365 days hold 12 whole windows
    sums = frame.groupby(["service", "block"])[["requests", "errors"]].sum()
    breached = (sums["errors"] > 0.001 * sums["requests"]).groupby("service").sum()
    assert out["slo_windows"].tolist() == [12, 12, 12, 12]
    assert out["budget_breaches"].to_dict() == breached.to_dict()


def test_budget_breaches_refuses_bad_history():
    with pytest.raises(ValueError, match=r"^history must have the columns 'date', 'service', 'requests', 'errors'"):
        sl.budget_breaches(pd.DataFrame({"date": []}), slo_target=0.999)
    days = pd.date_range("2026-10-01", periods=2, tz="UTC")
    with pytest.raises(ValueError, match=r"^history must be errors <= requests on every row"):
        sl.budget_breaches(pd.DataFrame({"date": days, "service": "a", "requests": 1, "errors": 2}),
                           slo_target=0.999)
    with pytest.raises(ValueError, match=r"^slo_target must be a fraction in \(0, 1\); got 99\.9\."):
        sl.budget_breaches(sl.load_daily_history(), slo_target=99.9)


# --------------------------------------------------------------------------- maturity_indicators

@pytest.fixture(scope="module")
def microcorp():
    return sl.maturity_indicators(edition=2023, window_days=30)


def test_indicators_come_from_the_functions_that_own_them(microcorp):
    toil = sl.toil_report(sl.load_work_log(), by="team").shares["toil_share"]
    assert microcorp["toil_share"].to_dict() == pytest.approx(toil.to_dict())
    pages = sl.microcorp_pages(slo_target=0.999, approach=6, window_days=30)
    counts = pages["service"].map(sl.SERVICE_TEAMS).value_counts()
    assert microcorp["pages"].to_dict() == counts.to_dict()
    # 28 days from Monday 00:00 in 12-hour shifts changing at 07:00 and 19:00: 2 x 28 + 1 = 57
    assert microcorp["incidents_per_shift"].to_dict() == pytest.approx((counts / 57).to_dict())
    assert microcorp["pages_per_week"].to_dict() == pytest.approx((counts / 4).to_dict())


def test_a_teams_dora_band_is_its_weakest_key(microcorp):
    deploys = sl.load_deployments()
    order = ["elite", "high", "medium", "low"]
    for team in microcorp.index:
        tiers = sl.dora_band(sl.dora_metrics(deploys[deploys["team"] == team]), edition=2023)["tier"]
        worst = max(order.index(t) if t in order else 3 for t in tiers)
        assert microcorp.loc[team, "dora_band"] == order[worst]
    assert microcorp["dora_band"].to_dict() == {"orders": "high", "payments": "low", "search": "elite"}


def test_maturity_indicators_refuses_an_unknown_edition():
    with pytest.raises(ValueError, match=r"^edition must be one of 2019, 2021, 2023; got 2020\.$"):
        sl.maturity_indicators(edition=2020)
