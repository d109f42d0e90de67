"""Exercises and quizzes of 03_incidents advanced (inc3a, inc3b), pinned by independent work.

3a's answers are computed here in plain pandas straight from the shipped CSV
(``datasets/github_status_incidents.csv``), not through the loaders or the
analytics functions; 3b's are worked by hand from the game's rules (choice
minutes, the fault's numbers) and, for the replay, by a plain re-implementation
of the two policies. Then ``sl.check`` must accept each answer, the reference
must agree, and every misconception must be rejected with its own words.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s03_incidents_advanced as registry

CSV = Path(__file__).resolve().parents[2] / "datasets" / "github_status_incidents.csv"


@pytest.fixture(scope="module")
def github():
    frame = pd.read_csv(CSV)
    for column in ("started_at", "impact_start"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _assert_correct(exercise_id, value, rel=1e-9):
    assert sl.check(exercise_id, value).correct, (exercise_id, value)
    assert sl.exercise(exercise_id).reference() == pytest.approx(value, rel=rel)


def _assert_misconceptions_rejected(exercise_id):
    ex = sl.exercise(exercise_id)
    assert ex.misconceptions
    for text, wrong in ex.misconceptions:
        result = sl.check(exercise_id, wrong())
        assert result.status == "incorrect", (exercise_id, text)
        assert text in result.message


# ------------------------------------------------------------------ 3a

def test_median_rise_in_plain_pandas(github):
    real = github[github["impact"] != "maintenance"]
    year = real["started_at"].dt.year
    median = {y: real.loc[year == y, "duration_minutes"].median() for y in (2023, 2025, 2026)}
    mean = {y: real.loc[year == y, "duration_minutes"].mean() for y in (2023, 2026)}
    assert median[2023] == 52 and median[2026] == 87.5
    _assert_correct("inc3a.median_rise", median[2026] - median[2023])        # 35.5 min
    _assert_misconceptions_rejected("inc3a.median_rise")
    assert not sl.check("inc3a.median_rise", mean[2026] - mean[2023]).correct
    assert "compared means" in sl.check("inc3a.median_rise", mean[2026] - mean[2023]).message
    assert "2025 with 2026" in sl.check("inc3a.median_rise",
                                        median[2026] - median[2025]).message


def test_declare_median_in_plain_pandas(github):
    stated = github.dropna(subset=["impact_start"])
    gaps = (stated["started_at"] - stated["impact_start"]).dt.total_seconds() / 60
    assert len(gaps) == 163 and (gaps <= 0).sum() == 12
    assert gaps.median() == 41
    _assert_correct("inc3a.declare_median", gaps.median())
    _assert_misconceptions_rejected("inc3a.declare_median")
    assert "mean" in sl.check("inc3a.declare_median", gaps.mean()).message
    assert "other way round" in sl.check("inc3a.declare_median", -gaps.median()).message
    assert "dropped the 12" in sl.check("inc3a.declare_median", gaps[gaps > 0].median()).message


# ------------------------------------------------------------------ 3b

# Seed 1, as the Game Master's sheet shows it (checked below): 20 % errors, page at minute 4
# (14.4 x 60 x 0.001 / 0.2 = 4.32 -> minute 4), spread at 44, 1,500 requests a minute,
# 99.9 % over 30 days: a budget of 1,500 x 43,200 x 0.001 = 64,800 failed requests.

def test_seed_one_sheet():
    s = sl.game_day_scenario(1)
    assert (s.fault, s.error_fraction, s.detect_minutes, s.spread_minutes,
            s.requests_per_minute) == ("db_connection_severed", 0.2, 4, 44, 1500)


def test_volunteer_budget_by_hand():
    # check_dashboards 4->9, acknowledge ->10, roll_back ->20 (no change), post_status ->23,
    # page_db_owner ->38: mitigated at 38 < 44, no spread. Failed = 1500 x 0.2 x 38 = 11,400.
    _assert_correct("inc3b.volunteer_budget", 11_400 / 64_800)               # 0.1759
    _assert_misconceptions_rejected("inc3b.volunteer_budget")
    assert "from the page" in sl.check("inc3b.volunteer_budget",
                                       1500 * 0.2 * 34 / 64_800).message
    assert "rollback" in sl.check("inc3b.volunteer_budget", 1500 * 0.2 * 20 / 64_800).message
    assert "28-day" in sl.check("inc3b.volunteer_budget",
                                11_400 / (1500 * 28 * 1440 * 0.001)).message


MINUTES = {"acknowledge": 1, "check_dashboards": 5, "check_deploys": 3, "post_status": 3,
           "roll_back": 10, "page_db_owner": 15, "restart_service": 5}
FIX = {"bad_config_push": "roll_back", "db_connection_severed": "page_db_owner",
       "memory_leak": "restart_service"}


def _plain_minutes(fault, policy):
    """Minutes from page to fix, by adding up the moves each policy makes."""
    if policy == "runbook":
        moves = ["acknowledge", "post_status", "check_dashboards"]
        moves += ["check_deploys", "roll_back"] if fault == "bad_config_push" else [FIX[fault]]
    else:
        moves = ["acknowledge", "post_status"]
        for fix in ("roll_back", "restart_service", "page_db_owner"):
            moves.append(fix)
            if fix == FIX[fault]:
                break
    return sum(MINUTES[m] for m in moves)


def test_runbook_gain_by_adding_minutes():
    faults = [sl.game_day_scenario(seed).fault for seed in range(30)]
    habit = np.median([_plain_minutes(f, "habit") for f in faults])
    runbook = np.median([_plain_minutes(f, "runbook") for f in faults])
    assert (habit, runbook) == (19, 14)
    _assert_correct("inc3b.runbook_gain", habit - runbook)                   # 5 min
    _assert_misconceptions_rejected("inc3b.runbook_gain")
    mean_gain = (np.mean([_plain_minutes(f, "habit") for f in faults])
                 - np.mean([_plain_minutes(f, "runbook") for f in faults]))
    assert "compared means" in sl.check("inc3b.runbook_gain", mean_gain).message


# ------------------------------------------------------------------ the registry as a whole

def test_keys_and_recap():
    keys = {ex.key for ex in registry.EXERCISES} | {q.key for q in registry.QUIZZES}
    assert keys == {"inc3a", "inc3b"}
    assert len([q for q in registry.QUIZZES if q.id.startswith("inc3b.recap_")]) == 3

