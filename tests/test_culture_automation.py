"""Automation payback (``sre_lab.culture.automation``) worked by hand, and xkcd 1205.

Oracles: break-even arithmetic done on paper (hours saved a week, build / net
saving), the quantiles of a uniform distribution, and cells of the published
comic "Is It Worth the Time?" (xkcd 1205, https://xkcd.com/1205/) read off the
comic: e.g. 1 minute shaved off a weekly task -> "4 hours" (260 minutes over
five years, as explainxkcd works it out).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl


def test_break_even_by_hand():
    # 12 certificate renewals a week, 40 min each: 8 h a week saved; 30 h to build,
    # 2 h a week upkeep -> 6 h a week net, 30 / 6 = 5 weeks
    p = sl.automation_payback(minutes_saved_per_run=40, runs_per_week=12, build_hours=30,
                              maintenance_hours_per_week=2, start="2026-11-02", horizon_weeks=13)
    assert p.hours_saved_per_week == 8 and p.net_hours_per_week == 6
    assert p.break_even_weeks == 5 and p.break_even == pd.Timedelta(weeks=5)
    assert p.break_even_date == pd.Timestamp("2026-12-07")
    assert p.net_hours == 6 * 13 - 30
    assert p.p_break_even == 1.0
    # the curve: -30 at week 0, +6 a week
    assert p.curve.loc[0, "net_hours"] == -30 and p.curve.loc[5, "net_hours"] == 0
    assert p.curve.loc[13, "net_hours"] == 48 and len(p.curve) == 14
    # no uncertainty given: every draw is the same
    assert p.break_even_weeks_p10 == p.break_even_weeks_p90 == 5


def test_formula_of_the_reference_sheet():
    # ops_facts §5.1: hours saved a year = freq x minutes / 60; payback = build / hours a year
    p = sl.automation_payback(minutes_saved_per_run=15, runs_per_week=4, build_hours=26)
    per_year = 4 * 52 * 15 / 60                      # 52 hours a year
    assert p.break_even_weeks == pytest.approx(26 / per_year * 52)     # half a year: 26 weeks


def test_never_pays_back():
    p = sl.automation_payback(minutes_saved_per_run=10, runs_per_week=6, build_hours=8,
                              maintenance_hours_per_week=1, start="2026-11-02")
    assert p.net_hours_per_week == 0
    assert p.break_even is sl.NEVER and math.isnan(p.break_even_weeks)
    assert p.break_even_date is pd.NaT and p.p_break_even == 0
    assert sl.format_duration(p.break_even) == "never"
    assert p.net_hours == -8


def test_zero_build_breaks_even_at_once():
    p = sl.automation_payback(minutes_saved_per_run=5, runs_per_week=10, build_hours=0)
    assert p.break_even_weeks == 0


def test_uncertain_build_time_spreads_the_break_even():
    # build uniform on 10..60 h, net 4 h a week: break-even = build / 4 is uniform on
    # 2.5..15 weeks; its 10th/90th percentiles 3.75 and 13.75; P(<= 10 weeks) = 30/50
    p = sl.automation_payback(minutes_saved_per_run=30, runs_per_week=10, build_hours=(10, 60),
                              maintenance_hours_per_week=1, horizon_weeks=10, rng=7,
                              n_draws=40_000)
    assert p.break_even_weeks == 35 / 4                         # the range's middle
    assert p.break_even_weeks_p10 == pytest.approx(3.75, abs=0.1)
    assert p.break_even_weeks_p50 == pytest.approx(8.75, abs=0.1)
    assert p.break_even_weeks_p90 == pytest.approx(13.75, abs=0.1)
    assert p.p_break_even == pytest.approx(0.6, abs=0.01)
    assert p.draws["build_hours"].between(10, 60).all()
    # the same seed, the same draws
    again = sl.automation_payback(minutes_saved_per_run=30, runs_per_week=10, build_hours=(10, 60),
                                  maintenance_hours_per_week=1, horizon_weeks=10, rng=7,
                                  n_draws=40_000)
    assert again.draws.equals(p.draws)


def test_triangular_estimate_uses_the_most_likely_value():
    p = sl.automation_payback(minutes_saved_per_run=(10, 20, 60), runs_per_week=6, build_hours=10,
                              rng=1)
    assert p.hours_saved_per_week == 2          # 6 x 20 / 60
    # the mean of a triangular (10, 20, 60) is 30: the draws lean above the mode
    assert p.draws["minutes_saved_per_run"].mean() == pytest.approx(30, abs=0.3)


def test_never_in_some_draws():
    # maintenance 0..4 h a week against 3 h saved: a quarter of the draws never pay back
    p = sl.automation_payback(minutes_saved_per_run=30, runs_per_week=6, build_hours=10,
                              maintenance_hours_per_week=(0, 4), rng=3, n_draws=20_000)
    # within 52 weeks: 10 / (3 - m) <= 52  <=>  m <= 3 - 10/52, a share (3 - 10/52) / 4
    assert p.p_break_even == pytest.approx((3 - 10 / 52) / 4, abs=0.01)
    assert math.isnan(p.break_even_weeks_p90)                    # the top decile never does
    assert np.isinf(p.draws["break_even_weeks"]).mean() == pytest.approx(0.25, abs=0.01)


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(build_hours=-1), ValueError, "build_hours must be a number in [0, 100000], a range (low, high)"),
    (dict(build_hours=(60, 10)), ValueError, "in increasing order; got (60, 10)."),
    (dict(build_hours=(1, 2, 3, 4)), ValueError, "build_hours must be a number in [0, 100000]"),
    (dict(runs_per_week="often"), TypeError, "runs_per_week must be a number in [0, 100000]"),
    (dict(maintenance_hours_per_week=200), ValueError, "maintenance_hours_per_week must be a number in [0, 168]"),
    (dict(horizon_weeks=0), ValueError, "horizon_weeks must be a whole number >= 1 and <= 520; got 0."),
    (dict(start="someday"), TypeError, "start must be a date (e.g. '2026-11-02'); got 'someday'."),
    (dict(start=5), TypeError, "start must be a date"),
    (dict(rng=-1), ValueError, "rng must be None, a whole number >= 0 or a numpy Generator; got -1."),
])
def test_refusals(kwargs, error, text):
    args = dict(minutes_saved_per_run=10, runs_per_week=5, build_hours=4)
    args.update(kwargs)
    with pytest.raises(error) as info:
        sl.automation_payback(**args)
    assert text in str(info.value)


# --------------------------------------------------------------------------- xkcd 1205

def test_worth_the_time_by_hand():
    assert sl.worth_the_time(60, 52) == pd.Timedelta(minutes=260)          # 5 x 52 x 1 min
    assert sl.worth_the_time(1, 50 * 365) == pd.Timedelta(seconds=91_250)  # 25.3 hours
    assert sl.worth_the_time(86400, 1, horizon_years=1) == pd.Timedelta(days=1)
    assert sl.worth_the_time(3600, 50 * 365) is pd.NaT                     # 50 h a day: impossible
    assert sl.worth_the_time(1800, 50 * 365) is pd.NaT                     # 25 h a day
    assert sl.worth_the_time(1800, 5 * 365) == pd.Timedelta(hours=2.5 * 365 * 5)


# Cells of the published comic (row: time shaved off; column: how often).
COMIC = {
    ("1 minute", "weekly"): "4 hours",       # explainxkcd's worked example: 260 min
    ("1 second", "50/day"): "1 day",
    ("1 second", "daily"): "30 minutes",
    ("5 seconds", "daily"): "2 hours",
    ("5 seconds", "weekly"): "21 minutes",
    ("5 minutes", "weekly"): "21 hours",
    ("30 minutes", "monthly"): "1 day",
    ("1 hour", "weekly"): "10 days",
    ("6 hours", "monthly"): "2 weeks",
    ("1 day", "monthly"): "8 weeks",
    ("1 day", "yearly"): "5 days",
}


@pytest.mark.parametrize("cell, label", COMIC.items(), ids=lambda x: str(x))
def test_table_agrees_with_the_comic(cell, label):
    assert sl.worth_the_time_table(as_text=True).loc[cell] == label


def test_table_shape_and_blacked_out_cells():
    t = sl.worth_the_time_table()
    assert t.index.tolist() == list(sl.WORTH_THE_TIME_SHAVED)
    assert t.columns.tolist() == ["50/day", "5/day", "daily", "weekly", "monthly", "yearly"]
    assert t.loc["1 minute", "weekly"] == dt.timedelta(minutes=260)
    blacked = t.isna()
    # a task done 50 times a day cannot shave 30 minutes or more each time
    assert blacked["50/day"].tolist() == [False] * 5 + [True] * 4
    # and 6 hours or 1 day shaved 5 times a day (30 and 120 hours a day)
    assert blacked["5/day"].tolist() == [False] * 7 + [True] * 2 and blacked.sum().sum() == 6
    one_year = sl.worth_the_time_table(horizon_years=1)
    assert one_year.loc["1 minute", "weekly"] == dt.timedelta(minutes=52)
    with pytest.raises(TypeError, match="as_text must be True or False"):
        sl.worth_the_time_table(as_text="yes")
