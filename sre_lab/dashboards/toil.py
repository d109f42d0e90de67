"""Section 5 dashboard: the toil and automation-payback explorer (``05_culture/1c``).

=========================  ====================================================
``toil_dashboard``         team, task to automate, share automated, build
                           hours, upkeep -> toil per engineer before / after
                           against the 50 % cap, and the payback curve
=========================  ====================================================

Wiring only: toil from :func:`sre_lab.toil_report`, the scenario from
:func:`sre_lab.automation_scenario` (MicroCorp's work log, ``sl.load_work_log()``),
pictures from :func:`sre_lab.plotting.plot_toil_shares` and
:func:`sre_lab.plotting.plot_automation_payback`. The build estimate is the
triangular range (build hours, 1.5x, 3x): builds overrun far more often than
they finish early.
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets

from ..culture.automation import automation_candidates, automation_scenario
from ..culture.toil import TOIL_CAP
from ..formatting import format_percent
from .._validation import check_choice, message
from ._base import Dashboard

__all__ = ["toil_dashboard"]

_ALL = "all teams"
_BUILD_HOURS = (4, 8, 16, 24, 40, 60, 80, 120, 160)
_SHARES = (0.25, 0.5, 0.75, 0.9, 1.0)
_UPKEEP = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)
_HORIZON_WEEKS = 26


@lru_cache(maxsize=1)
def _log():
    from ..datasets import load_work_log

    return load_work_log()


@lru_cache(maxsize=8)
def _candidates(team: str):
    log = _log()
    if team != _ALL:
        log = log[log["team"].astype(str) == team]
    return automation_candidates(log)


def toil_dashboard(*, team: str = "orders", task: str | None = None, build_hours: int = 24,
                   share_automated: float = 0.75, maintenance_hours_per_week: float = 0.5) -> Dashboard:
    """The toil and automation-payback explorer: what would automating one task change?

    Parameters
    ----------
    team : str, default "orders"
        A team of MicroCorp's work log, or ``"all teams"``.
    task : str, optional
        The automatable toil task to automate (default: the team's biggest).
    build_hours : int, default 24
        The build estimate's low end, one of 4, 8, 16, 24, 40, 60, 80, 120, 160;
        the estimate is the triangular range (b, 1.5 b, 3 b).
    share_automated : float, default 0.75
        Fraction of the task's minutes the automation removes (0.25 to 1).
    maintenance_hours_per_week : float, default 0.5
        Upkeep (0 to 4 hours a week).

    Returns
    -------
    Dashboard
        ``state`` is an :class:`sre_lab.AutomationScenario` (``before``,
        ``after``: toil reports; ``payback``; ``candidate``).
    """
    teams = (_ALL, *sorted(_log()["team"].astype(str).unique()))
    team = check_choice("team", team, teams)
    options = list(_candidates(team).index)
    task = options[0] if task is None else check_choice("task", task, options)
    if build_hours not in _BUILD_HOURS:
        raise ValueError(message("build_hours", "one of " + ", ".join(map(str, _BUILD_HOURS)),
                                 build_hours))
    if share_automated not in _SHARES:
        raise ValueError(message("share_automated", "one of " + ", ".join(map(str, _SHARES)),
                                 share_automated))
    if maintenance_hours_per_week not in _UPKEEP:
        raise ValueError(message("maintenance_hours_per_week",
                                 "one of " + ", ".join(map(str, _UPKEEP)), maintenance_hours_per_week))
    style = {"description_width": "initial"}
    controls = {
        "team": widgets.Dropdown(options=teams, value=team, description="team", style=style),
        "task": widgets.Dropdown(options=options, value=task, description="automate",
                                 style=style, layout=widgets.Layout(width="260px")),
        "build_hours": widgets.SelectionSlider(
            options=[(f"{b} h", b) for b in _BUILD_HOURS], value=build_hours,
            description="build (at least)", continuous_update=False, style=style),
        "share_automated": widgets.SelectionSlider(
            options=[(format_percent(s), s) for s in _SHARES], value=share_automated,
            description="share automated", continuous_update=False, style=style),
        "maintenance_hours_per_week": widgets.SelectionSlider(
            options=[(f"{u:g} h/week", u) for u in _UPKEEP], value=maintenance_hours_per_week,
            description="upkeep", continuous_update=False, style=style),
    }

    def on_team(change):
        # the task list follows the team; keep the task if the team has it, else its top source
        names = list(_candidates(change["new"]).index)
        current = controls["task"].value
        with controls["task"].hold_trait_notifications():
            controls["task"].options = names
            controls["task"].value = current if current in names else names[0]

    controls["team"].observe(on_team, names="value")

    def compute(team, task, build_hours, share_automated, maintenance_hours_per_week):
        log = _log()
        return automation_scenario(
            log, task=task, team=None if team == _ALL else team,
            build_hours=(build_hours, 1.5 * build_hours, 3 * build_hours),
            share_automated=share_automated,
            maintenance_hours_per_week=maintenance_hours_per_week, horizon_weeks=_HORIZON_WEEKS,
            n_draws=2000, rng=0)

    def summarize(s) -> str:
        p = s.payback
        shares = s.before.shares["toil_share"]
        after = s.after.shares["toil_share"]
        if p.break_even is None or p.break_even_weeks != p.break_even_weeks:
            pays = "<b>never pays back</b> (the upkeep eats the saving)"
        else:
            pays = (f"breaks even after <b>{p.break_even_weeks:.1f} weeks</b> "
                    f"(10-90 %: {_weeks(p.break_even_weeks_p10)} to {_weeks(p.break_even_weeks_p90)})")
        who = "all teams" if s.team is None else f"team {s.team}"
        return (f"{who}: <b>{s.candidate['runs_per_week']:.1f}</b> runs a week of "
                f"<i>{s.task}</i>, {s.candidate['minutes_per_run']:.0f} min each; automating "
                f"{s.share_automated:.0%} frees <b>{s.hours_freed_per_week:.1f} h a week</b>. "
                f"It {pays}; chance within {p.horizon_weeks} weeks {p.p_break_even:.0%}. "
                f"Over the {TOIL_CAP:.0%} cap: <b>{s.before.n_over_cap}</b> of {len(shares)} "
                f"engineers now, <b>{s.after.n_over_cap}</b> after (highest share "
                f"{shares.max():.0%} -> {after.max():.0%}).")

    def draw(s, ax):
        from ..plotting.toil import plot_automation_payback, plot_toil_shares

        from matplotlib.ticker import MaxNLocator

        fig = ax.figure
        ax.set_position([0.10, 0.16, 0.30, 0.70])
        right = fig.add_axes([0.52, 0.16, 0.28, 0.70])
        plot_toil_shares(s.before, after=s.after, ax=ax,
                         title="Toil share: now (wide) → after (thin)")
        ax.get_legend().remove()          # the cap line is labelled on the axes
        plot_automation_payback(s.payback, ax=right, title="Hours gained by the automation")
        right.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        right.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        right.yaxis.set_major_locator(MaxNLocator(5))

    return Dashboard(controls, compute, summarize, draw, name="toil",
                     title="Toil and automation-payback explorer (MicroCorp's work log, 13 weeks)",
                     figsize=(9.5, 3.8))


def _weeks(value: float) -> str:
    return "never" if value != value else f"{value:.1f}"
