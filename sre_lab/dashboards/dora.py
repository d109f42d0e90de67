"""Section 5 dashboard: the DORA explorer (notebook ``05_culture/3b_*``).

=========================  ====================================================
``dora_dashboard``         team, period, trend step, key, report edition ->
                           the four keys, their cluster, the key's trend
``DoraView``               what the explorer shows (its ``state``)
=========================  ====================================================

Wiring only: keys from :func:`sre_lab.dora_metrics`, placement from
:func:`sre_lab.dora_band`, trend from :func:`sre_lab.dora_trend`, picture from
:func:`sre_lab.plotting.plot_dora_trend`, words from :mod:`sre_lab.formatting`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from .._validation import check_choice, check_columns, message
from ..culture.dora import DORA_BANDS, DORA_EDITIONS, DORA_METRICS, dora_band, dora_metrics, dora_trend
from ..formatting import format_duration, format_percent
from ._base import Dashboard

__all__ = ["DoraView", "dora_dashboard"]

ALL_TEAMS = "all teams"
_KEY_NAMES = {
    "deployment_frequency": "deployment frequency",
    "lead_time": "lead time for changes (median)",
    "change_failure_rate": "change failure rate",
    "recovery_time": "failed deployment recovery time (median)",
}
_EDITION_LABELS = {2019: "2019 report", 2021: "2021 report", 2023: "2023 (third-party tables)"}


@dataclass(frozen=True, eq=False)
class DoraView:
    """What the DORA explorer shows: one team's keys over one period, placed on one edition.

    Attributes
    ----------
    team : str
        A team, or ``"all teams"``.
    period : str
        The chosen period's key (``"quarter"``, ``"2026-09"``, ``"28 days"``).
    start, end : pandas.Timestamp
        First and last UTC day of the period (both included).
    keys : dict
        :func:`sre_lab.dora_metrics` of the team's deployments in the period.
    placement : pandas.DataFrame
        :func:`sre_lab.dora_band` of ``keys`` for ``edition``.
    trend : pandas.DataFrame
        :func:`sre_lab.dora_trend` of the team (every team for ``"all teams"``)
        over the whole log, per ``step``.
    step : str
        ``"week"`` or ``"month"``.
    metric : str
        The key drawn.
    edition : int
        The report edition placed on.
    """

    team: str
    period: str
    start: pd.Timestamp
    end: pd.Timestamp
    keys: dict
    placement: pd.DataFrame
    trend: pd.DataFrame
    step: str
    metric: str
    edition: int


def _periods(first: pd.Timestamp, end_of_log: pd.Timestamp) -> dict:
    """``{key: (label, name, first day, last day)}``: the whole log, each month, the last 28 days.

    Months the log covers for less than a week are left out (a one-day
    "month" would read as a trend).
    """
    periods = {"quarter": ("whole log (each team: first to last deployment)", "whole log", first, end_of_log)}
    for month in pd.period_range(first.tz_localize(None), end_of_log.tz_localize(None), freq="M"):
        begin = max(month.start_time.tz_localize("UTC"), first)
        end = min(month.end_time.normalize().tz_localize("UTC"), end_of_log)
        if (end - begin).days + 1 >= 7:
            periods[str(month)] = (f"{month.start_time:%B %Y} ({begin:%d %b} – {end:%d %b})",
                                   f"{month.start_time:%B %Y}", begin, end)
    begin = max(end_of_log - pd.Timedelta(days=27), first)
    periods["28 days"] = (f"last 28 days ({begin:%d %b} – {end_of_log:%d %b})", "last 28 days", begin, end_of_log)
    return periods


def _frequency_text(per_day: float) -> str:
    if per_day >= 1:
        return f"{per_day:.2f} a day"
    if per_day * 7 >= 1:
        return f"{per_day * 7:.1f} a week"
    return f"{per_day * 30.4:.1f} a month"


def _value_text(metric: str, keys: dict) -> str:
    value = keys[metric]
    if metric == "deployment_frequency":
        return f"{keys['n_deployments']} deployments in {keys['days']} days: {_frequency_text(value)}"
    if metric == "change_failure_rate":
        if keys["n_deployments"] == 0:
            return "no deployment"
        return f"{format_percent(value, digits=1)} ({keys['n_failed']} of {keys['n_deployments']} failed)"
    if value is pd.NaT or pd.isna(value):
        return "no deployment" if metric == "lead_time" else "no failure restored"
    return format_duration(value)


def dora_dashboard(*, team: str = "payments", period: str = "quarter", step: str = "week",
                   metric: str = "lead_time", edition: int = 2019, deployments=None) -> Dashboard:
    """The DORA explorer: pick a team and a period; see the four keys, their trend and their cluster.

    Parameters
    ----------
    team : str, default "payments"
        A team of the log, or ``"all teams"``.
    period : str, default "quarter"
        ``"quarter"`` (the team's whole log, first to last deployment, as
        :func:`sre_lab.dora_metrics` counts it), a month ``"2026-09"`` or
        ``"28 days"`` (the last 28 days: for MicroCorp 5 Oct - 1 Nov 2026,
        the days of ``sl.load_requests()`` and ``sl.load_incidents()``).
    step : {"week", "month"}, default "week"
        The trend's step.
    metric : str, default "lead_time"
        The key whose trend is drawn (one of ``sl.DORA_METRICS``).
    edition : {2019, 2021, 2023}, default 2019
        Whose clusters to place the keys on: 2019 is the edition fourkeys'
        buckets follow, and (like 2021) read from the report itself; 2023
        comes from third-party tables that disagree on the low cluster.
    deployments : pandas.DataFrame, optional
        A log with a ``team`` column and the columns of
        :func:`sre_lab.dora_metrics`; default ``sl.load_deployments()``.

    Returns
    -------
    Dashboard
        ``state`` is a :class:`DoraView`.
    """
    bounds = None
    if deployments is None:
        from ..datasets import QUARTER_DAYS, QUARTER_START, load_deployments

        deployments = load_deployments()
        # MicroCorp's quarter: its last 28 days are the 28 days of traffic and incidents
        bounds = (QUARTER_START, QUARTER_START + pd.Timedelta(days=QUARTER_DAYS - 1))
    check_columns("deployments", deployments, ["team", "commit_at", "deployed_at", "failed", "restored_at"])
    teams = sorted(map(str, deployments["team"].unique())) if len(deployments) else []
    if not teams:
        raise ValueError(message("deployments", "a log with at least one deployment", "an empty DataFrame"))
    options = [*teams, ALL_TEAMS]
    team = check_choice("team", team, options)
    dora_metrics(deployments)  # refuses a bad log at once, with the column and row named
    deployed = pd.to_datetime(deployments["deployed_at"], utc=True).dt.normalize()
    periods = _periods(*(bounds or (deployed.min(), deployed.max())))
    period = check_choice("period", period, list(periods))
    step = check_choice("step", step, ["week", "month"])
    metric = check_choice("metric", metric, DORA_METRICS)
    if isinstance(edition, bool) or edition not in DORA_EDITIONS:
        raise ValueError(message("edition", "one of " + ", ".join(map(str, DORA_EDITIONS)), edition))

    frames = {name: deployments[deployments["team"].astype(str) == name] for name in teams}
    frames[ALL_TEAMS] = deployments
    trends, results = {}, {}

    def trend_of(name: str, step_: str) -> pd.DataFrame:
        if (name, step_) not in trends:
            trend = dora_trend(frames[name], period=step_, by="team")
            trends[(name, step_)] = trend
        return trends[(name, step_)]

    controls = {
        "team": widgets.Dropdown(options=options, value=team, description="team"),
        "period": widgets.Dropdown(options=[(label, key) for key, (label, _, _, _) in periods.items()],
                                   value=period, description="period",
                                   layout=widgets.Layout(width="330px")),
        "step": widgets.ToggleButtons(options=[("weekly", "week"), ("monthly", "month")], value=step,
                                      description="trend", style={"button_width": "70px"}),
        "metric": widgets.Dropdown(options=[(_KEY_NAMES[m], m) for m in DORA_METRICS], value=metric,
                                   description="draw", layout=widgets.Layout(width="360px")),
        "edition": widgets.Dropdown(options=[(_EDITION_LABELS[e], e) for e in DORA_EDITIONS],
                                    value=edition, description="clusters"),
    }

    def keys_of(team: str, period: str, edition: int):
        """The keys and their placement (cached: the log does not change under the dashboard)."""
        if (team, period, edition) not in results:
            if period == "quarter":  # the team's own first to last deployment, as dora_metrics counts
                day = pd.to_datetime(frames[team]["deployed_at"], utc=True).dt.normalize()
                start, end = day.min(), day.max()
            else:
                _, _, start, end = periods[period]
            keys = dora_metrics(frames[team], start=start, end=end)
            results[(team, period, edition)] = (start, end, keys, dora_band(keys, edition=edition))
        return results[(team, period, edition)]

    def compute(team, period, step, metric, edition):
        start, end, keys, placement = keys_of(team, period, edition)
        return DoraView(team=team, period=period, start=start, end=end, keys=keys, placement=placement,
                        trend=trend_of(team, step), step=step, metric=metric, edition=edition)

    def summarize(s: DoraView) -> str:
        label = periods[s.period][1]
        rows = []
        for key in DORA_METRICS:
            place = s.placement.loc[key, "placement"] if s.keys["n_deployments"] else "—"
            rows.append(f"<tr><td>{_KEY_NAMES[key]}</td><td><b>{html.escape(_value_text(key, s.keys))}</b></td>"
                        f"<td>{html.escape(place)}</td></tr>")
        unrestored = (f" {s.keys['n_unrestored']} failed deployment(s) not restored: the recovery "
                      "median leaves them out." if s.keys["n_unrestored"] else "")
        source = DORA_BANDS.loc[DORA_BANDS["edition"] == s.edition, "source"].iloc[0]
        return (f"<b>{html.escape(s.team)}</b>, {html.escape(label)}, {s.start:%d %b} – {s.end:%d %b %Y} "
                f"({s.keys['days']} days):"
                "<table class='sre-dora-keys' style='border-collapse:collapse'>"
                "<tr><th style='text-align:left'>key</th><th style='text-align:left'>value</th>"
                f"<th style='text-align:left'>DORA {s.edition} cluster</th></tr>"
                + "".join(rows) + "</table>"
                f"<small>Clusters: {html.escape(source)}. They change between editions; "
                f"cite the year.{html.escape(unrestored)}</small>")

    def draw(s: DoraView, ax):
        from ..plotting.dora import plot_dora_trend

        plot_dora_trend(s.trend, metric=s.metric, edition=s.edition, highlight=(s.start, s.end), ax=ax,
                        title=f"{s.team}: {_KEY_NAMES[s.metric]} per {s.step}, DORA {s.edition} clusters")

    return Dashboard(controls, compute, summarize, draw, name="dora",
                     title="DORA explorer: MicroCorp's four keys against the published clusters",
                     figsize=(8.4, 3.6), margins=dict(left=0.14, right=0.8, bottom=0.16, top=0.88))
