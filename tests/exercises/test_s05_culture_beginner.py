"""Section 5's beginner exercises and quizzes (1a, 1b, 1c) against answers worked out by hand.

Every number here comes from plain pandas over the loaded data and the rules as the notebooks
state them (the policy's decisions from the day table; change failure rate = failed / all
deployments; budget = 0.1 % of the 28 days' requests; toil = at least 4 of the 6 traits, share
= toil minutes / logged minutes; floor = 2 / N; hours saved = runs a week x minutes a run x 0.9
/ 60; break-even = build / (saved - upkeep); xkcd cell = shaved x runs a year x 5), never from the
registry's reference helpers.
"""

from __future__ import annotations

import datetime as dt

import pytest

import sre_lab as sl
from sre_lab.exercises import s05_culture_beginner as s05b

NOTEBOOKS = {"cul1a": "05_culture/1a_balancing_features_and_reliability",
             "cul1b": "05_culture/1b_measuring_toil",
             "cul1c": "05_culture/1c_automation_payback"}
EXERCISES = {
    "cul1a": ("cul1a.frozen_releases", "cul1a.change_failure_rate", "cul1a.incident_budget_share"),
    "cul1b": ("cul1b.carlos_toil_share", "cul1b.oncall_floor", "cul1b.top_source"),
    "cul1c": ("cul1c.hours_saved", "cul1c.break_even_weeks", "cul1c.worth_the_time"),
}
TRAITS = ["manual", "repetitive", "automatable", "tactical", "no_enduring_value", "scales_with_service"]


def _told_apart(exercise_id, cases):
    for wrong, words in cases:
        result = sl.check(exercise_id, wrong)
        assert not result.correct and words in result.message, (wrong, result.message)


@pytest.fixture(scope="module")
def log():
    return sl.load_work_log()


@pytest.fixture(scope="module")
def carlos(log):
    return log[log["engineer"] == "Carlos"]


@pytest.fixture(scope="module")
def toil_tasks():
    traits = sl.WORK_TASKS[TRAITS].sum(axis=1)
    return set(traits.index[traits >= 4])


def test_registry_lists_the_three_parts():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [q.id for q in s05b.QUIZZES] == ["cul1a.next_feature", "cul1a.speed_or_stability",
                                            "cul1b.meeting", "cul1c.upkeep"]


# --------------------------------------------------------------------------- 1a

def test_frozen_releases():
    days = sl.simulate_release_quarter(sl.load_daily_history("checkout"), slo_target=0.999).days
    weekday = days["date"].dt.day_of_week < 5
    frozen = days["decision"] == "freeze"
    value = int((frozen & weekday).sum())
    assert value == 3 and frozen.sum() == 5                 # 7-11 August: Fri, Sat, Sun, Mon, Tue
    assert sl.check("cul1a.frozen_releases", value).correct
    assert sl.exercise("cul1a.frozen_releases").reference() == value
    slowed = int(((days["decision"] == "slow down") & weekday).sum())
    _told_apart("cul1a.frozen_releases", [(int(frozen.sum()), "weekends included"),
                                          (value + slowed, "'slow down' days too")])


def test_change_failure_rate():
    deploys = sl.load_deployments()
    mine = deploys[deploys["service"] == "checkout"]
    value = mine["failed"].sum() / len(mine)
    assert sl.check("cul1a.change_failure_rate", value).correct
    assert sl.exercise("cul1a.change_failure_rate").reference() == pytest.approx(value)
    _told_apart("cul1a.change_failure_rate", [
        (mine["caused_incident"].sum() / len(mine), "caused an incident"),
        (deploys["failed"].sum() / len(deploys), "all of MicroCorp's deployments"),
    ])


def test_incident_budget_share(checkout):
    inc = sl.load_incidents().set_index("id").loc["INC-014"]
    during = checkout[(checkout.index >= inc["started"]) & (checkout.index < inc["mitigated"])]
    budget = 0.001 * checkout["requests"].sum()
    value = during["errors"].sum() / budget
    assert 0.04 < value < 0.05
    assert sl.check("cul1a.incident_budget_share", value).correct
    assert sl.exercise("cul1a.incident_budget_share").reference() == pytest.approx(value)
    _told_apart("cul1a.incident_budget_share", [
        (during["errors"].sum() / checkout["requests"].sum(), "not by the budget"),
        (during["errors"].sum() / during["requests"].sum(), "error ratio during the incident"),
    ])


# --------------------------------------------------------------------------- 1b

def test_carlos_toil_share(carlos, toil_tasks):
    toil = carlos["task"].isin(toil_tasks)
    value = carlos.loc[toil, "minutes"].sum() / carlos["minutes"].sum()
    assert value > 0.5
    assert sl.check("cul1b.carlos_toil_share", value).correct
    assert sl.exercise("cul1b.carlos_toil_share").reference() == pytest.approx(value)
    six = sl.WORK_TASKS.index[sl.WORK_TASKS[TRAITS].all(axis=1)]
    _told_apart("cul1b.carlos_toil_share", [
        (carlos.loc[toil, "minutes"].sum() / (13 * 5 * 480), "contracted 8-hour weekdays"),
        (toil.mean(), "log entries instead of minutes"),
        (carlos.loc[carlos["task"].isin(six), "minutes"].sum() / carlos["minutes"].sum(),
         "all six traits"),
    ])


def test_oncall_floor():
    value = 2 / 4                 # primary and secondary: two weeks in every four
    assert sl.check("cul1b.oncall_floor", value).correct
    assert sl.exercise("cul1b.oncall_floor").reference() == value
    _told_apart("cul1b.oncall_floor", [(1 / 4, "only the primary's week"), (0.33, "survey average")])


def test_top_source(carlos, toil_tasks):
    toil = carlos[carlos["task"].isin(toil_tasks)]
    value = toil.groupby("task")["minutes"].sum().idxmax()
    assert sl.check("cul1b.top_source", value).correct
    assert sl.exercise("cul1b.top_source").reference() == value
    most_entries = toil["task"].value_counts().idxmax()
    assert most_entries != value
    _told_apart("cul1b.top_source", [(most_entries, "log entries, not minutes"),
                                     ("engineering project", "none of the six traits"),
                                     ("team meeting", "overhead")])


# --------------------------------------------------------------------------- 1c

def _watchdog(carlos):
    rows = carlos[carlos["task"] == "restart stuck job"]
    return len(rows) / 13, rows["minutes"].mean()          # runs a week, minutes a run


def test_hours_saved(carlos):
    runs, minutes = _watchdog(carlos)
    value = runs * minutes * 0.9 / 60
    assert sl.check("cul1c.hours_saved", value).correct
    assert sl.exercise("cul1c.hours_saved").reference() == pytest.approx(value)
    _told_apart("cul1c.hours_saved", [(runs * minutes * 0.9, "in minutes"),
                                      (runs * minutes / 60, "all of the work"),
                                      (runs * 13 * minutes * 0.9 / 60, "quarter's runs")])


def test_break_even_weeks(carlos):
    runs, minutes = _watchdog(carlos)
    saved = runs * minutes * 0.9 / 60
    value = 40 / (saved - 1)
    assert 5 < value < 7
    assert sl.check("cul1c.break_even_weeks", value).correct
    assert sl.exercise("cul1c.break_even_weeks").reference() == pytest.approx(value)
    _told_apart("cul1c.break_even_weeks", [(40 / saved, "upkeep"),
                                           ((saved - 1) / 40, "other way round")])


def test_worth_the_time():
    value = dt.timedelta(minutes=30 * 52 * 5)          # 130 hours: the comic's cell reads "5 days"
    assert sl.check("cul1c.worth_the_time", value).correct
    assert sl.exercise("cul1c.worth_the_time").reference() == value
    _told_apart("cul1c.worth_the_time", [(dt.timedelta(minutes=30 * 52), "one year"),
                                         (dt.timedelta(minutes=30 * 365 * 5), "daily")])


# --------------------------------------------------------------------------- quizzes

@pytest.mark.parametrize("quiz_id, letter", [
    ("cul1a.next_feature", "b"),          # not now: the policy freezes features, fixes still go
    ("cul1a.speed_or_stability", "b"),    # DORA: speed and stability together
    ("cul1b.meeting", "b"),               # overhead, 2 of 6 traits
    ("cul1c.upkeep", "b"),                # net 0 h a week: never
])
def test_quiz_letters(quiz_id, letter):
    assert sl.quiz(quiz_id, letter).correct
