"""Headless tests of the toil and automation-payback explorer (``sl.toil_dashboard``, 05_culture/1c).

Controls are driven through ``.value``; ``.state`` is checked against sums made
with plain pandas on MicroCorp's work log and the break-even arithmetic done by
hand (build / (runs a week x minutes saved / 60 - upkeep)).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import sre_lab as sl  # noqa: E402

TOIL = ["manual", "repetitive", "automatable", "tactical", "no_enduring_value", "scales_with_service"]


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    assert plt.get_fignums() == []


@pytest.fixture(scope="module")
def log():
    return sl.load_work_log()


def _by_hand(log, team, task):
    """Runs a week and minutes a run of one task, by plain pandas."""
    rows = log if team is None else log[log["team"] == team]
    weeks = ((log["date"].max() - log["date"].min()).days + 1) / 7      # the whole log: 13 weeks
    assert weeks == 13
    own = rows[rows["task"] == task]
    return len(own) / weeks, own["minutes"].mean()


def test_default_board_is_orders_biggest_automatable_toil(log):
    d = sl.toil_dashboard()
    assert d.error is None and d.image.value[:4] == b"\x89PNG"
    orders = log[log["team"] == "orders"]
    traits = sl.WORK_TASKS[TOIL].sum(axis=1)
    automatable = set(traits.index[(traits >= 4) & sl.WORK_TASKS["automatable"]])
    biggest = orders[orders["task"].isin(automatable)].groupby("task")["minutes"].sum().idxmax()
    assert d.state.task == biggest == d.controls["task"].value
    runs, minutes = _by_hand(log, "orders", biggest)
    assert d.state.candidate["runs_per_week"] == pytest.approx(runs)
    saved = runs * minutes * 0.75 / 60                                   # 75 % automated
    assert d.state.hours_freed_per_week == pytest.approx(saved)
    # build (24, 36, 72) h: the central 36 h over the net saving
    assert d.state.payback.break_even_weeks == pytest.approx(36 / (saved - 0.5))
    # Carlos is over the 50 % cap before (his toil share by plain pandas)
    carlos = orders[orders["engineer"] == "Carlos"]
    toil_tasks = set(traits.index[traits >= 4])
    share = carlos.loc[carlos["task"].isin(toil_tasks), "minutes"].sum() / carlos["minutes"].sum()
    assert d.state.before.shares.loc["Carlos", "toil_share"] == pytest.approx(share)
    assert share > 0.5 and "Over the 50% cap" in d.summary.value


def test_team_switch_changes_the_task_list_and_never_breaks(log):
    d = sl.toil_dashboard()
    d.controls["team"].value = "search"
    assert d.error is None
    assert set(d.controls["task"].options) <= set(log.loc[log["team"] == "search", "task"])
    assert d.state.task == d.controls["task"].value
    assert set(d.state.before.shares.index) == set(log.loc[log["team"] == "search", "engineer"])
    d.controls["team"].value = "all teams"
    assert d.error is None and len(d.state.before.shares) == log["engineer"].nunique()


def test_upkeep_above_the_saving_never_pays_back():
    d = sl.toil_dashboard(team="search")
    d.controls["share_automated"].value = 0.25
    d.controls["maintenance_hours_per_week"].value = 4.0
    assert d.state.hours_freed_per_week < 4
    assert d.state.payback.break_even is sl.NEVER
    assert "never pays back" in d.summary.value and d.error is None


def test_every_control_value_gives_a_state():
    d = sl.toil_dashboard()
    for name in ("build_hours", "share_automated", "maintenance_hours_per_week", "task"):
        control = d.controls[name]
        for option in (control.options[-1], control.options[0]):      # both ends of each range
            control.value = option[1] if isinstance(option, tuple) else option
            assert d.error is None, (name, option, d.error)
    assert d.state.payback.p_break_even >= 0


def test_bad_arguments_fail_at_once():
    with pytest.raises(ValueError, match="team must be one of"):
        sl.toil_dashboard(team="billing")
    with pytest.raises(ValueError, match="build_hours must be one of"):
        sl.toil_dashboard(build_hours=7)
    with pytest.raises(ValueError, match="task must be one of"):
        sl.toil_dashboard(task="team meeting")
