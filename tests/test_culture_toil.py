"""Toil (``sre_lab.culture.toil``) against hand-worked logs and the SRE book's numbers.

Oracles: the SRE book ch. 5 (toil's six traits, the 50 % cap, the on-call floor
2/6 = 33 % and 2/8 = 25 %), small logs summed by hand, and plain pandas on the
course's work log.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sre_lab as sl

ALL = dict.fromkeys(sl.TOIL_TRAITS, True)
NONE = dict.fromkeys(sl.TOIL_TRAITS, False)


def tasks():
    return {
        "restart": ALL,                                              # 6 traits
        "page": dict(ALL, automatable=False),                        # 5 traits
        "customer report": dict(NONE, manual=True, tactical=True,    # 4 traits
                                no_enduring_value=True, scales_with_service=True),
        "meeting": dict(NONE, manual=True, repetitive=True),         # 2: overhead
        "postmortem": dict(NONE, manual=True),                       # 1
        "project": NONE,                                             # 0
    }


def test_the_six_traits_and_the_published_numbers():
    assert sl.TOIL_TRAITS == ("manual", "repetitive", "automatable", "tactical",
                              "no_enduring_value", "scales_with_service")
    assert sl.TOIL_CAP == 0.5
    assert sl.oncall_toil_floor(6) == pytest.approx(0.33, abs=0.005)   # "2/6 = 33%"
    assert sl.oncall_toil_floor(8) == 0.25                              # "2/8 = 25%"
    assert sl.TOIL_SURVEY_SHARE == pytest.approx(sl.oncall_toil_floor(6), abs=0.005)


def test_classification_counts_traits_against_the_threshold():
    c = sl.classify_toil(tasks())
    assert c["n_traits"].to_dict() == {"restart": 6, "page": 5, "customer report": 4,
                                       "meeting": 2, "postmortem": 1, "project": 0}
    assert set(c.index[c["toil"]]) == {"restart", "page", "customer report"}
    strict = sl.classify_toil(tasks(), min_traits=6)          # every trait: only the restart
    assert set(strict.index[strict["toil"]]) == {"restart"}
    loose = sl.classify_toil(tasks(), min_traits=1)
    assert set(loose.index[~loose["toil"]]) == {"project"}


def test_course_catalogue_reads_as_the_book_says():
    c = sl.classify_toil(sl.WORK_TASKS)
    # overhead and engineering are not toil; the interrupt tickets are (SRE book ch. 5)
    assert not c.loc["team meeting", "toil"] and not c.loc["engineering project", "toil"]
    assert not c.loc["postmortem", "toil"]
    assert c.loc["access request", "toil"] and c.loc["restart stuck job", "toil"]
    assert c.loc["engineering project", "n_traits"] == 0


def test_report_by_hand():
    log = pd.DataFrame({
        "engineer": ["carlos", "carlos", "carlos", "mei", "mei", "mei"],
        "team": ["orders"] * 6,
        "task": ["restart", "page", "project", "customer report", "meeting", "project"],
        "minutes": [120, 60, 60, 30, 30, 180],
    })
    r = sl.toil_report(log, tasks())
    # carlos: 180 toil of 240 = 75 %; mei: 30 of 240 = 12.5 %
    assert r.shares.loc["carlos", "toil_share"] == 0.75
    assert r.shares.loc["mei", "toil_share"] == 0.125
    assert r.shares.index.tolist() == ["carlos", "mei"]            # most toil first
    assert r.shares["over_cap"].tolist() == [True, False] and r.n_over_cap == 1
    assert r.shares.loc["carlos", "team"] == "orders"
    assert r.toil_share == 210 / 480 and r.toil_minutes == 210 and r.total_minutes == 480
    assert r.top_sources["task"].tolist() == ["restart", "page", "customer report"]
    assert r.top_sources["share_of_toil"].tolist() == pytest.approx([120 / 210, 60 / 210, 30 / 210])
    assert r.top_sources["entries"].tolist() == [1, 1, 1]
    top1 = sl.toil_report(log, tasks(), top=1)
    assert top1.top_sources["task"].tolist() == ["restart"]
    team = sl.toil_report(log, tasks(), by="team")
    assert team.shares.loc["orders", "toil_share"] == 210 / 480
    # a stricter reading of toil: the 5-trait page and 4-trait report drop out
    strict = sl.toil_report(log, tasks(), min_traits=6)
    assert strict.shares.loc["carlos", "toil_share"] == 0.5 and not strict.shares.loc["carlos", "over_cap"]


def test_cap_is_strict_and_adjustable():
    log = pd.DataFrame({"engineer": ["a", "a"], "task": ["restart", "project"],
                        "minutes": [60, 60]})
    assert not sl.toil_report(log, tasks()).shares.loc["a", "over_cap"]       # exactly 50 %
    assert sl.toil_report(log, tasks(), cap=0.4).shares.loc["a", "over_cap"]


def test_course_work_log_in_plain_pandas():
    log = sl.load_work_log()
    traits = sl.WORK_TASKS[list(sl.TOIL_TRAITS)].sum(axis=1)
    toil_tasks = set(traits.index[traits >= 4])
    carlos = log[log["engineer"] == "Carlos"]
    by_hand = carlos.loc[carlos["task"].isin(toil_tasks), "minutes"].sum() / carlos["minutes"].sum()
    r = sl.toil_report(log)
    assert r.shares.loc["Carlos", "toil_share"] == pytest.approx(by_hand)
    assert r.shares.index[0] == "Carlos" and r.shares.loc["Carlos", "over_cap"]
    everyone = log.loc[log["task"].isin(toil_tasks), "minutes"].sum() / log["minutes"].sum()
    assert r.toil_share == pytest.approx(everyone)
    biggest = (log[log["task"].isin(toil_tasks)].groupby("task")["minutes"].sum().idxmax())
    assert r.top_sources["task"].iloc[0] == biggest


def test_aliases_and_records():
    renamed = pd.DataFrame([dict(ALL, task="restart")]).rename(
        columns={"no_enduring_value": "devoid_of_enduring_value", "scales_with_service": "scales_linearly"})
    assert sl.classify_toil(renamed).loc["restart", "n_traits"] == 6


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(work_log="log"), TypeError, "work_log must be a DataFrame like sl.load_work_log(); got a str."),
    (dict(work_log=pd.DataFrame({"engineer": ["a"], "minutes": [1]})), ValueError,
     "work_log must be a DataFrame with the columns 'engineer', 'task', 'minutes'; got a DataFrame without 'task'."),
    (dict(work_log=pd.DataFrame({"engineer": ["a"], "task": ["restart"], "minutes": [-5]})), ValueError,
     "work_log['minutes'] must be finite numbers >= 0; got -5.0 at row 0."),
    (dict(work_log=pd.DataFrame({"engineer": ["a"], "task": ["lunch"], "minutes": [5]})), ValueError,
     "work_log['task'] must be a task of the catalogue (tasks); got 'lunch'."),
    (dict(cap=50), ValueError, "cap must be a fraction in (0, 1); got 50. Write 50% as 0.5."),
    (dict(by="person"), ValueError, "by must be one of 'engineer', 'team'; got 'person'."),
    (dict(min_traits=7), ValueError, "min_traits must be a whole number >= 1 and <= 6; got 7."),
])
def test_refusals(kwargs, error, text):
    args = dict(work_log=pd.DataFrame({"engineer": ["a"], "task": ["restart"], "minutes": [5]}),
                tasks=tasks())
    args.update(kwargs)
    log = args.pop("work_log")
    with pytest.raises(error) as info:
        sl.toil_report(log, **args)
    assert str(info.value) == text


def test_catalogue_refusals():
    with pytest.raises(ValueError, match="got no 'repetitive' column"):
        sl.classify_toil(pd.DataFrame({"task": ["x"], "manual": [True]}))
    with pytest.raises(TypeError, match=r"tasks\['manual'\] must be True or False"):
        sl.classify_toil({"x": dict(ALL, manual="yes")})
    with pytest.raises(ValueError, match="by must be 'engineer' for a log without a 'team' column"):
        sl.toil_report(pd.DataFrame({"engineer": ["a"], "task": ["restart"], "minutes": [5]}),
                       tasks(), by="team")
    with pytest.raises(ValueError, match="people must be a whole number >= 2"):
        sl.oncall_toil_floor(1)
