"""On-call simulation (sl.simulate_oncall, sl.simulate_pages, sl.tile_pages, sl.gini).

Oracles are worked out by hand from tiny page lists: which shift (07-19 / 19-07 UTC)
and rota period each page falls in, who holds the pager, who is woken at night.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

import sre_lab as sl

# Monday 2026-10-05. Rotation of 3, daily hand-over at 07:00 UTC.
#   Mon 02:00 -> Sunday's night shift (19:00 Sun - 07:00 Mon), rota period -1 -> person 2
#   Mon 08:00, 09:00, 18:59 -> Monday's day shift, period 0 -> person 0 (3 pages: over 2)
#   Mon 23:30 -> Monday's night shift, period 0 -> person 0, at night
#   Tue 07:00 -> Tuesday's day shift, period 1 -> person 1
#   Wed 06:59 -> Tuesday's night shift, period 1 -> person 1, at night
PAGES = pd.DataFrame({
    "raised": pd.to_datetime(["2026-10-05 09:00", "2026-10-05 02:00", "2026-10-05 08:00",
                              "2026-10-05 18:59", "2026-10-05 23:30", "2026-10-06 07:00",
                              "2026-10-07 06:59"], utc=True),   # out of order on purpose
    "matched": [True, True, True, False, False, True, True],
})


def test_hand_worked_single_site_loads():
    load = sl.simulate_oncall(PAGES, people=3, rota_days=1, start="2026-10-05", days=3)
    people = load.people
    assert people["pages"].tolist() == [4, 2, 1]
    assert people["night_pages"].tolist() == [1, 1, 1]
    assert people["night_noise"].tolist() == [1, 0, 0]          # the 23:30 page was noise
    assert people["max_per_shift"].tolist() == [3, 1, 1]
    assert people["shifts_over_limit"].tolist() == [1, 0, 0]
    assert load.n_pages == 7 and load.n_escalations == 0 and load.n_night_pages == 3
    # pages come back sorted, the 02:00 page first
    assert load.pages["raised"].iloc[0] == pd.Timestamp("2026-10-05 02:00", tz="UTC")
    # Gini of (1, 2, 4): sum (2i - 4) x_i = -2*1 + 0*2 + 2*4 = 6; / (3 * 7)
    assert load.gini == pytest.approx(6 / 21)
    assert load.max_min_ratio == pytest.approx(4.0)
    # 7 shifts in 3 days: 00-07 (7 h), then 12 h each, last 19-24 (5 h); one over the limit
    assert len(load.shifts) == 7 and load.shifts["hours"].sum() == 72
    assert load.shifts_over_limit == pytest.approx(1 / 7)


def test_on_call_hours_primary_plus_secondary():
    # 3 people, daily rota, 3 days: person p is primary in period p and secondary in
    # period p - 1. Period -1 = Mon 00-07 (7 h): primary 2, secondary 0.
    load = sl.simulate_oncall(PAGES, people=3, rota_days=1, start="2026-10-05", days=3)
    hours = load.people["oncall_hours"].tolist()
    # periods: -1 = Mon 00-07 (7 h), 0 and 1 = 24 h, 2 = Wed 07 - Thu 00 (17 h)
    # person 0: secondary 7 (p -1) + primary 24 (p 0) + secondary 17 (p 2) = 48
    # person 1: secondary 24 (p 0) + primary 24 (p 1) = 48
    # person 2: primary 7 (p -1) + secondary 24 (p 1) + primary 17 (p 2) = 48
    assert hours == [48.0, 48.0, 48.0]
    assert load.people["oncall_share"].sum() == pytest.approx(2.0)  # two pagers at all times


def test_every_page_escalates_to_the_secondary():
    load = sl.simulate_oncall(PAGES, people=3, rota_days=1, start="2026-10-05", days=3,
                              ack_probability=0.0)
    # secondary = next person: 2->0, 0->1, 1->2
    assert load.people["pages"].tolist() == [1, 4, 2]
    assert load.n_escalations == 7
    # a night page wakes both: 3 night pages -> 6 notifications
    assert load.n_night_pages == 6


def test_follow_the_sun_has_no_night_pages_and_splits_sites():
    load = sl.simulate_oncall(PAGES, people=4, rota_days=1, follow_the_sun=True,
                              start="2026-10-05", days=3)
    assert load.n_night_pages == 0
    # day shifts (07-19 UTC) go to site 0 (people 0, 1), night shifts to site 1 (2, 3)
    day = load.pages["raised"].dt.hour.between(7, 18)
    assert set(load.pages.loc[day, "responder"]) <= {0, 1}
    assert set(load.pages.loc[~day, "responder"]) <= {2, 3}


def test_book_rotation_of_eight_is_on_call_a_quarter_of_the_time():
    # SRE book ch. 11: 8 engineers single-site, primary + secondary -> 2/8 = 25 %
    pages = sl.simulate_pages(0.5, days=56, start="2026-01-05", rng=3)
    load = sl.simulate_oncall(pages, people=8, rota_days=7, start="2026-01-05", days=56)
    shares = load.people["oncall_share"]
    assert shares.mean() == pytest.approx(0.25)
    assert sl.ONCALL_SHARE_LIMIT == 0.25 and sl.PAGES_PER_SHIFT_LIMIT == 2


def test_gini_published_values():
    assert sl.gini([5, 5, 5]) == 0.0
    assert sl.gini([0, 0, 0, 0, 10]) == pytest.approx(4 / 5)
    assert sl.gini([0, 0]) == 0.0


def test_simulate_pages_rates_and_seed():
    a = sl.simulate_pages(2.0, noise_per_day=3.0, days=365, rng=7)
    b = sl.simulate_pages(2.0, noise_per_day=3.0, days=365, rng=7)
    pd.testing.assert_frame_equal(a, b)
    # Poisson counts: mean 730 and 1095, sd ~27 and ~33
    assert abs(int(a["matched"].sum()) - 730) < 5 * 27
    assert abs(int((~a["matched"]).sum()) - 1095) < 5 * 33
    assert a["raised"].is_monotonic_increasing


def test_tile_pages_shifts_each_copy():
    tiled = sl.tile_pages(PAGES, period_days=28, copies=3)
    assert len(tiled) == 21 and tiled["copy"].tolist().count(2) == 7
    assert tiled["raised"].iloc[-1] == pd.Timestamp("2026-10-07 06:59", tz="UTC") + pd.Timedelta(days=56)


def test_pages_outside_the_horizon_name_the_parameter():
    with pytest.raises(ValueError, match="pages"):
        sl.simulate_oncall(PAGES, people=3, start="2026-10-06", days=3)
    with pytest.raises(ValueError, match="people"):
        sl.simulate_oncall(PAGES, people=5, follow_the_sun=True)
    with pytest.raises(TypeError, match="pages"):
        sl.simulate_oncall(["not a time"], people=3)
    with pytest.raises(ValueError, match="ack_probability"):
        sl.simulate_oncall(PAGES, ack_probability=1.5)


def test_a_year_for_eight_people_is_fast():
    pages = sl.simulate_pages(1.0, noise_per_day=2.0, days=365, rng=1)
    sl.simulate_oncall(pages, people=8, ack_probability=0.9, rng=1)
    best = min(_timed(lambda: sl.simulate_oncall(pages, people=8, ack_probability=0.9, rng=1))
               for _ in range(3))
    assert best < 0.2


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_microcorp_replay_pages_match_the_incidents():
    pages = sl.microcorp_pages(slo_target=0.999, approach=6, window_days=30)
    assert pages["matched"].all()            # the Workbook policy pages only for incidents
    noisy = sl.microcorp_pages(slo_target=0.999, approach=1, window_days=30)
    assert (~noisy["matched"]).sum() > 10 * len(pages)
    assert noisy["raised"].is_monotonic_increasing
