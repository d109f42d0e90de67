"""Section 3's beginner exercises and quizzes (1a, 1b) against answers worked out by hand.

Every number here comes from plain pandas sums over the loaded data and the rules as the
notebooks state them (share = errors / requests during the incident; the page fires when
the 60-minute and 5-minute error ratios both exceed 13.44 x 0.1 %; SEV thresholds 50 / 20 /
5 %), never from the registry's reference helpers or from ``sl.response_timeline``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s03_incidents_beginner as s03b

NOTEBOOKS = {"inc1a": "03_incidents/1a_severity_and_detection",
             "inc1b": "03_incidents/1b_blameless_postmortems"}
EXERCISES = {
    "inc1a": ("inc1a.requests_affected", "inc1a.alex_severity", "inc1a.time_to_detect"),
    "inc1b": ("inc1b.median_ttd", "inc1b.cost_before_page", "inc1b.blameless"),
}


@pytest.fixture(scope="module")
def incidents():
    return sl.load_incidents().set_index("id")


def _during(traffic, inc):
    return traffic[(traffic.index >= inc["started"]) & (traffic.index < inc["mitigated"])]


def _first_page(traffic, inc):
    """First minute in [started, resolved] where the 1-hour page condition holds (by hand)."""
    threshold = 13.44 * 0.001       # 14.4 x 28 / 30: the 28-day window's 1-hour burn rate
    def ratio(w):
        return (traffic["errors"].rolling(w, min_periods=1).sum()
                / traffic["requests"].rolling(w, min_periods=1).sum())
    fires = (ratio(60) > threshold) & (ratio(5) > threshold)
    inside = fires[(fires.index >= inc["started"]) & (fires.index <= inc["resolved"])]
    hits = inside.index[inside.to_numpy()]
    return hits[0] if len(hits) else None


def _told_apart(exercise_id, cases):
    for wrong, words in cases:
        result = sl.check(exercise_id, wrong)
        assert not result.correct and words in result.message, (wrong, result.message)


def test_registry_lists_the_two_parts():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [q.id for q in s03b.QUIZZES] == ["inc1a.severity_vs_priority", "inc1a.naive_rule",
                                            "inc1b.never_paged"]


def test_requests_affected(checkout, incidents):
    alex = incidents.loc["INC-002"]
    during = _during(checkout, alex)
    value = during["errors"].sum() / during["requests"].sum()
    assert sl.check("inc1a.requests_affected", value).correct
    assert sl.exercise("inc1a.requests_affected").reference() == pytest.approx(value)
    day = checkout.loc["2026-10-09"]
    _told_apart("inc1a.requests_affected", [
        (during["errors"].sum() / checkout["requests"].sum(), "all 28 days of requests"),
        (during["errors"].sum() / day["requests"].sum(), "whole day's requests"),
        (0.031, "share of users"),
    ])


def test_alex_severity(checkout, incidents):
    alex = incidents.loc["INC-002"]
    during = _during(checkout, alex)
    share = max(alex["users_affected"], during["errors"].sum() / during["requests"].sum())
    assert share < 0.05 and len(during) < 240       # below SEV3's 5 %, under 4 hours
    assert sl.check("inc1a.alex_severity", "SEV4").correct
    assert sl.exercise("inc1a.alex_severity").reference() == "SEV4"
    _told_apart("inc1a.alex_severity", [("SEV1", "how the 2 AM page felt"),
                                        ("SEV2", "senior engineer"), ("SEV3", "4-hour rule"),
                                        ("SEV5", "cosmetic")])


def test_time_to_detect(checkout, incidents):
    alex = incidents.loc["INC-002"]
    ttd = _first_page(checkout, alex) - alex["started"]
    assert ttd == pd.Timedelta(minutes=31)
    assert sl.check("inc1a.time_to_detect", ttd).correct
    assert sl.check("inc1a.time_to_detect", dt.timedelta(minutes=31)).correct
    assert sl.exercise("inc1a.time_to_detect").reference() == ttd
    _told_apart("inc1a.time_to_detect", [
        (alex["mitigated"] - alex["started"], "until mitigation"),
        (dt.timedelta(hours=1), "whole hour"),
        (ttd + dt.timedelta(minutes=4), "acknowledgement"),
    ])


def test_cost_before_page(checkout, incidents):
    alex = incidents.loc["INC-002"]
    page = _first_page(checkout, alex)
    during = _during(checkout, alex)
    before = during.loc[during.index < page, "errors"].sum()
    value = before / during["errors"].sum()
    assert sl.check("inc1b.cost_before_page", value).correct
    assert sl.exercise("inc1b.cost_before_page").reference() == pytest.approx(value)
    minutes_share = (page - alex["started"]) / (alex["mitigated"] - alex["started"])
    window_share = before / (0.001 * checkout["requests"].sum())
    _told_apart("inc1b.cost_before_page", [(minutes_share, "divided minutes"),
                                           (window_share, "whole 28-day budget")])


def test_median_ttd(checkout, incidents):
    ours = incidents[incidents["service"] == "checkout"]
    ttds = []
    for iid in ours.index:
        page = _first_page(checkout, ours.loc[iid])
        ttds.append(None if page is None else page - ours.loc[iid, "started"])
    paged = sorted(t for t in ttds if t is not None)
    assert len(paged) == 3 and ttds.count(None) == 1          # INC-006 (latency) never paged
    median = paged[1]
    assert sl.check("inc1b.median_ttd", median).correct
    assert sl.exercise("inc1b.median_ttd").reference() == median
    mean = sum(paged, pd.Timedelta(0)) / 3
    with_zero = sorted([*paged, pd.Timedelta(0)])
    _told_apart("inc1b.median_ttd", [(mean, "mean"),
                                     ((with_zero[1] + with_zero[2]) / 2, "never paged")])


def test_blameless_sentences():
    right = {"no_severity_table", "page_at_31_min", "canary_skipped"}
    assert sl.check("inc1b.blameless", right).correct
    assert not sl.check("inc1b.blameless", right | {"human_error"}).correct
    assert not sl.check("inc1b.blameless", {"no_severity_table"}).correct
    # the sentences the notebook shows agree with the blaming-phrase finder where it can tell
    for key in ("human_error", "should_have_called"):
        assert sl.blaming_phrases(s03b.SENTENCES[key][0])
    for key in right:
        assert not sl.blaming_phrases(s03b.SENTENCES[key][0])

