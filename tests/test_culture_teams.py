"""SRE team models (sre_lab.culture.teams) against queue and learning-curve values worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl

HOUR = pd.Timedelta(hours=1)


def hours(out, model):
    return out.loc[model, "response_time"] / HOUR


def test_six_implementations_of_the_blog_in_its_order():
    # Franco & Brown, Google Cloud blog, 2019
    assert list(sl.SRE_IMPLEMENTATIONS.index) == ["kitchen sink", "infrastructure", "tools",
                                                  "product/application", "embedded", "consulting"]
    assert set(sl.SRE_IMPLEMENTATIONS["model"]) == set(sl.TEAM_MODELS.index)


def test_embedded_single_team_is_mm1():
    # mu = 0.6 * 40 / 6 = 4 a week, lambda = 2: rho 0.5, wait 0.5 / 2 weeks = 10 working hours
    out = sl.team_model_outcomes({"search": 2.0}, n_sre=1)
    assert out.loc["embedded", "utilisation"] == 0.5
    assert hours(out, "embedded") == pytest.approx(10.0)


def test_central_single_server_pays_ramp_up_in_service_and_response():
    # service 6 + 2 = 8 h, mu = 24 / 8 = 3, lambda = 2: wait (2/3) / (3 - 2) weeks = 26.67 h, + 2 h
    out = sl.team_model_outcomes({"search": 2.0}, n_sre=1)
    assert hours(out, "central") == pytest.approx(2 / 3 * 40 + 2, abs=1 / 3600)


def test_central_two_servers_erlang_c_one_third():
    # c = 2, a = lambda / mu = 3 / 3 = 1: C = 1/3 (Kleinrock); wait (1/3) / (6 - 3) weeks = 4.44 h
    out = sl.team_model_outcomes({"a": 3.0}, n_sre=2)
    assert hours(out, "central") == pytest.approx(40 / 9 + 2, abs=1 / 3600)


def test_embedded_split_gives_extra_sres_to_the_busiest_team():
    # 4 SREs, 3 teams: 1 each and the fourth to 'a' (the busiest); contact hours per developer
    # over 4 quarters: 0.25 * 40 * 52 * SREs / 8 = 65 per SRE -> a: 130, b and c: 65
    out = sl.team_model_outcomes({"b": 1.0, "a": 3.0, "c": 0.5}, n_sre=4)
    expected = np.mean([1 - math.exp(-130 / 40), 1 - math.exp(-65 / 40), 1 - math.exp(-65 / 40)])
    assert out.loc["embedded", "knowledge_share"] == pytest.approx(expected)
    assert out.loc["embedded", "contact_hours"] == pytest.approx((130 + 65 + 65) / 3)
    # 'a' has 2 SREs: utilisation 3 / (2 * 4) = 0.375; 'b': 1 / 4 = 0.25 -> busiest 0.375
    assert out.loc["embedded", "utilisation"] == pytest.approx(0.375)


def test_knowledge_curve_and_cost():
    out = sl.team_model_outcomes({"a": 1.0}, n_sre=2, quarters=2, learning_hours=20,
                                 sre_cost_usd_per_year=150_000)
    # consulting: 0.5 * 40 * 26 weeks * 2 SREs / 8 devs = 130 h -> 1 - exp(-130 / 20)
    assert out.loc["consulting", "knowledge_share"] == pytest.approx(1 - math.exp(-6.5))
    assert (out["cost_usd_per_year"] == 300_000).all()
    none = sl.team_model_outcomes({"a": 1.0}, n_sre=2, quarters=0)
    assert (none["knowledge_share"] == 0).all()


def test_saturated_queue_never_answers():
    # lambda = mu = 4: the queue never empties
    out = sl.team_model_outcomes({"a": 4.0}, n_sre=1)
    assert out.loc["embedded", "response_time"] is pd.NaT or pd.isna(out.loc["embedded", "response_time"])
    assert out.loc["embedded", "utilisation"] == 1.0
    assert sl.format_duration(sl.NEVER) == "never"


def test_team_without_an_sre_never_answers():
    out = sl.team_model_outcomes({"a": 1.0, "b": 1.0, "c": 0.1}, n_sre=2)
    assert pd.isna(out.loc["embedded", "response_time"])
    assert out.loc["embedded", "utilisation"] == math.inf
    assert pd.notna(out.loc["central", "response_time"])


def test_no_requests_means_only_the_ramp_up():
    out = sl.team_model_outcomes({"a": 0.0}, n_sre=1)
    assert (out["response_time"] / HOUR).tolist() == [0.0, 2.0, 4.0]


def test_response_time_column_is_timedelta_even_when_all_never():
    out = sl.team_model_outcomes({"a": 100.0}, n_sre=1)
    assert out["response_time"].dtype.kind == "m" and out["response_time"].isna().all()


def test_changed_models_are_used():
    models = sl.TEAM_MODELS.copy()
    models.loc["consulting", "ramp_hours"] = 0.0
    models.loc["consulting", "ops_share"] = 0.6
    models.loc["consulting", "teaching_share"] = 0.25
    models.loc["consulting", "pooled"] = False
    out = sl.team_model_outcomes({"a": 2.0}, n_sre=1, models=models)
    assert hours(out, "consulting") == pytest.approx(hours(out, "embedded"))
    assert sl.TEAM_MODELS.loc["consulting", "ramp_hours"] == 4.0     # the default is untouched


def test_sre_needed_by_hand():
    # one team, lambda = 2. Embedded: 1 SRE 10 h, 2 SREs C(2, 0.5) = 0.1 -> 0.67 h.
    # Central: 1 SRE 28.7 h; 2 SREs C(2, 2/3) = 1/6 -> (1/6) / 4 weeks = 1.67 h + 2 h.
    out = sl.sre_needed({"a": 2.0}, response_hours=8)
    assert int(out.loc["embedded", "n_sre"]) == 2
    assert int(out.loc["central", "n_sre"]) == 2
    assert hours(out, "central") == pytest.approx(40 / 24 + 2, abs=1 / 3600)


def test_sre_needed_unreachable_target_is_na():
    out = sl.sre_needed({"a": 2.0}, response_hours=3, max_sre=10)   # consulting's ramp-up is 4 h
    assert pd.isna(out.loc["consulting", "n_sre"]) and out["n_sre"].dtype == "Int64"


def test_sweep_rows():
    sweep = sl.team_model_sweep({"a": 1.0}, n_sre=[1, 3])
    assert sweep[["model", "n_sre"]].values.tolist() == [
        ["embedded", 1], ["central", 1], ["consulting", 1], ["embedded", 3], ["central", 3], ["consulting", 3]]


@pytest.mark.parametrize("kwargs, error, text", [
    ({"requests_per_week": [1.0, 2.0]}, TypeError, "requests_per_week must be a mapping"),
    ({"requests_per_week": {"a": -1.0}}, ValueError, "requests_per_week must be"),
    ({"requests_per_week": {}}, ValueError, "1 to 1,000 teams"),
    ({"n_sre": 0}, ValueError, "n_sre must be a whole number >= 1"),
    ({"n_sre": 2.5}, TypeError, "n_sre must be a whole number"),
    ({"hours_per_request": 0}, ValueError, "hours_per_request must be a number > 0"),
    ({"models": "central"}, TypeError, "models must be a DataFrame like sl.TEAM_MODELS"),
    ({"models": sl.TEAM_MODELS.drop(columns="ramp_hours")}, ValueError, "without 'ramp_hours'"),
    ({"models": sl.TEAM_MODELS.assign(teaching_share=0.5)}, ValueError, "ops_share + teaching_share <= 1"),
    ({"models": sl.TEAM_MODELS.assign(pooled=1)}, TypeError, "'pooled' holds True or False"),
    ({"models": sl.TEAM_MODELS.assign(ops_share=0.0)}, ValueError, "'ops_share' is > 0"),
])
def test_refusals(kwargs, error, text):
    call = {"requests_per_week": {"a": 1.0}, "n_sre": 2, **kwargs}
    with pytest.raises(error, match=text.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        sl.team_model_outcomes(**call)


def test_sre_needed_refuses_n_sre():
    with pytest.raises(TypeError, match="without n_sre"):
        sl.sre_needed({"a": 1.0}, response_hours=8, n_sre=3)
