"""Tests of sre_lab.culture: the four-stage self-assessment ladder."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sre_lab.culture import (
    MATURITY_PRACTICES,
    MATURITY_STAGES,
    MaturityResult,
    maturity_stage,
)

IDS = [p.id for p in MATURITY_PRACTICES]
BY_STAGE = {s: [p.id for p in MATURITY_PRACTICES if p.stage == s] for s in MATURITY_STAGES}


def test_stages_are_the_outlines_four_in_order():
    assert MATURITY_STAGES == ("Ad Hoc", "Reactive", "Proactive", "Predictive")


def test_three_unique_practices_per_stage_above_ad_hoc():
    assert len(set(IDS)) == len(IDS) == 9
    assert BY_STAGE["Ad Hoc"] == []
    for stage in MATURITY_STAGES[1:]:
        assert len(BY_STAGE[stage]) == 3
    assert all(p.text.endswith(".") for p in MATURITY_PRACTICES)


def test_nothing_in_place_is_ad_hoc():
    r = maturity_stage({})
    assert (r.stage, r.level) == ("Ad Hoc", 1)
    assert r.suggested_tiers == ("🔍",)
    assert len(r.next_steps) == 3  # all three Reactive practices


def test_everything_in_place_is_predictive():
    r = maturity_stage(IDS)
    assert (r.stage, r.level) == ("Predictive", 4)
    assert r.next_steps == ()
    assert r.suggested_tiers == ("💡",)
    assert r.practices_met == {"Reactive": 3, "Proactive": 3, "Predictive": 3}


@pytest.mark.parametrize(
    "in_place, stage",
    [
        # two of three Reactive practices are enough to reach Reactive
        (["dashboards", "paging"], "Reactive"),
        # one is not
        (["dashboards"], "Ad Hoc"),
        # late practices do not lift a team that lacks the basics (ladder, not a sum)
        (["automated_gates", "chaos_game_days", "budget_forecasts", "slos_defined",
          "budget_decisions"], "Ad Hoc"),
        (["dashboards", "paging", "slos_defined", "budget_decisions"], "Proactive"),
        (["dashboards", "incident_records", "slos_defined", "alerts_on_symptoms",
          "automated_gates"], "Proactive"),
        (["paging", "incident_records", "alerts_on_symptoms", "budget_decisions",
          "automated_gates", "chaos_game_days"], "Predictive"),
    ],
)
def test_ladder_examples(in_place, stage):
    assert maturity_stage(in_place).stage == stage
    # a mapping with explicit False for the rest gives the same answer
    assert maturity_stage({i: i in in_place for i in IDS}).stage == stage


def test_min_practices_changes_the_bar():
    some = ["dashboards", "slos_defined", "automated_gates"]
    assert maturity_stage(some, min_practices=1).stage == "Predictive"
    assert maturity_stage(some, min_practices=2).stage == "Ad Hoc"
    assert maturity_stage(BY_STAGE["Reactive"][:2], min_practices=3).stage == "Ad Hoc"


def test_next_steps_name_the_missing_practices_of_the_next_stage():
    r = maturity_stage(["dashboards", "paging", "slos_defined"])
    texts = {p.id: p.text for p in MATURITY_PRACTICES}
    assert r.stage == "Reactive"
    assert r.next_steps == (texts["alerts_on_symptoms"], texts["budget_decisions"])


def test_result_is_frozen():
    r = maturity_stage({})
    assert isinstance(r, MaturityResult)
    with pytest.raises(AttributeError):
        r.stage = "Predictive"


@pytest.mark.parametrize(
    "answers, kind, text",
    [
        ({"pagin": True}, ValueError,
         "answers key must be one of 'dashboards', 'paging', 'incident_records', "
         "'slos_defined', 'alerts_on_symptoms', 'budget_decisions', 'budget_forecasts', "
         "'automated_gates', 'chaos_game_days'; got 'pagin'. Did you mean 'paging'?"),
        ({"paging": "yes"}, TypeError, "answers['paging'] must be True or False; got 'yes'."),
        ({"paging": 1}, TypeError, "answers['paging'] must be True or False; got 1."),
        ("paging", TypeError,
         "answers must be a dict {practice id: bool} or a collection of practice ids; "
         "got 'paging'."),
        (3, TypeError,
         "answers must be a dict {practice id: bool} or a collection of practice ids; got 3."),
    ],
)
def test_error_messages(answers, kind, text):
    with pytest.raises(kind) as info:
        maturity_stage(answers)
    assert str(info.value) == text


def test_min_practices_is_checked():
    with pytest.raises(ValueError, match=r"^min_practices must be a whole number >= 1 and <= 3; got 4\.$"):
        maturity_stage({}, min_practices=4)


@given(st.sets(st.sampled_from(IDS)), st.sampled_from(IDS))
def test_adding_a_practice_never_lowers_the_stage(chosen, extra):
    assert maturity_stage(chosen | {extra}).level >= maturity_stage(chosen).level


@given(st.sets(st.sampled_from(IDS)))
def test_level_matches_stage_and_counts(chosen):
    r = maturity_stage(chosen)
    assert MATURITY_STAGES[r.level - 1] == r.stage
    assert sum(r.practices_met.values()) == len(chosen)
    # every stage up to the reached one has >= 2 practices in place
    for stage in MATURITY_STAGES[1:r.level]:
        assert r.practices_met[stage] >= 2
