"""Game day core (sre_lab/incidents/gameday.py): hand-worked oracles.

Every expected value below is worked by hand from the rules in the module
docstring (choice minutes, spread at ``spread_minutes``, budget = failed /
(rpm x window minutes x (1 - target))), not copied from the code's output.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sre_lab as sl

# A payment database fault: 20 % errors, page at minute 4, spreads (x2) at minute 20,
# 1,000 requests a minute, 99.9 % over 30 days -> budget 1000 x 43,200 x 0.001 = 43,200.
DB = sl.GameDayScenario(seed=None, fault="db_connection_severed", error_fraction=0.2,
                        detect_minutes=4, spread_minutes=20, requests_per_minute=1000)


def test_a_slow_game_by_hand():
    # check_dashboards 4->9, acknowledge 9->10, roll_back (wrong) 10->20 (spread at 20),
    # post_status 20->23, page_db_owner 23->38 (the fix), wait: ignored.
    r = sl.run_game_day(["check_dashboards", "acknowledge", "roll_back", "post_status",
                         "page_db_owner", "wait"], scenario=DB)
    # failed: 20 min x 0.2 + 18 min x 0.4 = 11.2 bad minutes x 1000 = 11,200
    assert r.metrics["failed_requests"] == pytest.approx(11_200)
    assert r.metrics["budget_spent"] == pytest.approx(11_200 / 43_200)
    assert r.metrics["time_to_detect"] == pd.Timedelta(minutes=4)
    assert r.metrics["time_to_acknowledge"] == pd.Timedelta(minutes=6)
    assert r.metrics["time_to_communicate"] == pd.Timedelta(minutes=19)
    assert r.metrics["time_to_mitigate"] == pd.Timedelta(minutes=38)
    assert r.metrics["wrong_fixes"] == 1
    assert r.ignored_choices == ("wait",)
    # TTA 6 > 5, mitigated 34 min after the page > 30, status 19 > 15, budget 25.9 % > 20 %
    assert r.rubric["met"].tolist() == [False, False, False, False]
    assert r.score == 0
    assert r.timeline["minute"].tolist() == [0, 4, 9, 10, 20, 20, 23, 38]
    assert "spread" in r.timeline["event"].iloc[4]
    assert "no change" in r.timeline["event"].iloc[5]
    assert r.timeline["budget_spent"].iloc[-1] == pytest.approx(11_200 / 43_200)
    # at minute 10: 10 x 0.2 x 1000 = 2,000 failed
    assert r.timeline["budget_spent"].iloc[3] == pytest.approx(2_000 / 43_200)


def test_a_good_game_by_hand():
    # acknowledge 4->5, post_status 5->8, check_dashboards 8->13, page_db_owner 13->28;
    # the fault spread at 20: 20 x 0.2 + 8 x 0.4 = 7.2 bad minutes -> 7,200 (16.7 % <= 20 %)
    r = sl.run_game_day(["acknowledge", "post_status", "check_dashboards", "page_db_owner"],
                        scenario=DB)
    assert r.metrics["failed_requests"] == pytest.approx(7_200)
    assert r.metrics["budget_spent"] == pytest.approx(7_200 / 43_200)
    assert r.score == 100
    assert r.state.spread
    assert r.state.clues == (sl.GAME_DAY_FAULTS["db_connection_severed"]["clues"]
                             ["check_dashboards"],)


def test_choices_that_run_out_before_the_fix():
    r = sl.run_game_day(["acknowledge", "wait"], scenario=DB)
    assert pd.isna(r.metrics["time_to_mitigate"])
    assert r.metrics["failed_requests"] == pytest.approx(15 * 0.2 * 1000)
    assert r.score == 25          # only the acknowledgement (1 min after the page)
    with pytest.raises(ValueError, match="result"):
        sl.game_day_traffic(r)


def test_steps_are_pure_and_stop_at_the_fix():
    start = sl.game_day_start(DB)
    assert start.failed_requests == pytest.approx(800)        # 4 min x 0.2 x 1000
    nxt = sl.game_day_step(start, "page_db_owner")
    assert start.minute == 4 and start.mitigated_at is None   # unchanged
    assert nxt.done and nxt.mitigated_at == 19
    assert sl.game_day_step(nxt, "wait") is nxt
    assert "Mitigated at minute 19" in sl.game_day_situation(nxt)


def test_spread_caps_at_one():
    s = sl.GameDayScenario(None, "memory_leak", 0.6, detect_minutes=1, spread_minutes=2)
    state = sl.game_day_step(sl.game_day_start(s), "wait")     # 1 -> 11
    assert state.error_fraction == 1.0
    assert state.failed_requests == pytest.approx(1000 * (2 * 0.6 + 9 * 1.0))


def test_seeds_replay_and_differ():
    assert sl.game_day_scenario(5) == sl.game_day_scenario(5)
    faults = {sl.game_day_scenario(seed).fault for seed in range(30)}
    assert faults == set(sl.GAME_DAY_FAULTS)
    s = sl.game_day_scenario(5)
    # the page is the minute the 14.4x/1 h rule fires: 60 x 14.4 x 0.001 / e, rounded down
    assert s.detect_minutes == int(60 * 14.4 * 0.001 / s.error_fraction)


def test_postmortem_data_through_the_course_path():
    r = sl.run_game_day(["acknowledge", "post_status", "check_dashboards", "page_db_owner"],
                        scenario=DB)
    traffic, incident = sl.game_day_traffic(r)
    assert int(traffic["errors"].sum()) == 7_200
    rt = sl.response_timeline(traffic, incident, slo_target=0.999, window_days=30,
                              ack_delay_minutes=1)
    assert rt.time_to_detect == pd.Timedelta(minutes=4)
    assert rt.time_to_mitigate == pd.Timedelta(minutes=28)
    assert rt.budget_share == pytest.approx(7_200 / 43_200)


@pytest.mark.parametrize("call, exc, name", [
    (lambda: sl.run_game_day("acknowledge", seed=1), TypeError, "choices"),
    (lambda: sl.run_game_day(["acknowlege"], seed=1), ValueError, "choices"),
    (lambda: sl.run_game_day(["wait"] * 201, seed=1), ValueError, "choices"),
    (lambda: sl.game_day_scenario(-1), ValueError, "seed"),
    (lambda: sl.game_day_scenario(1, slo_target=99.9), ValueError, "slo_target"),
    (lambda: sl.game_day_step("state", "wait"), TypeError, "state"),
    (lambda: sl.game_day_start(None), TypeError, "scenario"),
])
def test_bad_input_names_the_parameter(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


def test_plot_game_day():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    r = sl.run_game_day(["check_dashboards", "acknowledge", "roll_back", "post_status",
                         "page_db_owner"], scenario=DB)
    ax = sl.plot_game_day(r)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("fault spreads" in t for t in labels) and any("mitigated (min 38)" in t
                                                             for t in labels)
    assert ax.get_title().endswith("(score 0/100)")
    plt.close(ax.figure)


def test_replay_policies_by_hand():
    # seed 11: a bad config push, 5 % errors, page at minute 17 (60 x 14.4 x 0.001 / 0.05 = 17.3)
    assert sl.game_day_scenario(11).fault == "bad_config_push"
    habit = sl.replay_game_days("habit", seeds=[11])
    # acknowledge 1 + post_status 3 + roll_back 10 = 14 minutes after the page
    assert habit.loc[11, "minutes_to_mitigate"] == 14
    runbook = sl.replay_game_days("runbook", seeds=[11])
    # acknowledge 1 + post_status 3 + dashboards 5 + deploys 3 + roll_back 10 = 22
    assert runbook.loc[11, "minutes_to_mitigate"] == 22
    assert runbook.loc[11, "wrong_fixes"] == 0 == habit.loc[11, "wrong_fixes"]


def test_replay_with_a_learners_policy():
    waits = sl.replay_game_days(lambda state: "wait", seeds=[0, 1])
    assert waits["minutes_to_mitigate"].isna().all() and (waits["score"] == 0).all()
    with pytest.raises(ValueError, match="policy"):
        sl.replay_game_days(lambda state: "panic", seeds=[0])
    with pytest.raises(ValueError, match="policy"):
        sl.replay_game_days("hope", seeds=[0])
    with pytest.raises(ValueError, match="seeds"):
        sl.replay_game_days("runbook", seeds=[])
