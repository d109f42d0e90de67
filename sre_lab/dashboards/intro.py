"""Dashboard of section 1 (``01b_push_or_hold``): push or hold a release, from the error budget."""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from .. import plotting as _plotting
from .._validation import check_choice, message
from ..formatting import format_percent
from ._base import (
    COURSE_SLO_TARGETS,
    Dashboard,
    _check_target,
    _day_label,
    _split_services,
    _traffic_name,
    service_dropdown,
    slo_target_slider,
)

__all__ = ["release_gate_dashboard"]

_CHANGE_LABELS = (("new feature", "feature"), ("P0 fix", "p0_fix"), ("security fix", "security"))
_DECISION_ICONS = {"go": "✅", "slow down": "⚠️", "freeze": "⛔"}  # the word is shown too

def _check_day(decision_day, days):
    """``decision_day`` as one of ``days`` (midnights), or an error naming ``decision_day``."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    rule = f"a day from {days[0].date()} to {days[-1].date()}"
    if not isinstance(decision_day, (str, dt.date, np.datetime64)):
        raise TypeError(message("decision_day", f"{rule} (a date string or a timestamp)",
                                type(decision_day).__name__))
    try:
        day = pd.Timestamp(decision_day)
    except (ValueError, OverflowError):   # pandas' DateParseError is a ValueError
        raise ValueError(message("decision_day", rule, str(decision_day),
                                 "Write a date as 'YYYY-MM-DD'.")) from None
    if day is pd.NaT:
        raise ValueError(message("decision_day", rule, str(decision_day)))
    if day.tzinfo is None and days.tz is not None:
        day = day.tz_localize(days.tz)
    elif day.tzinfo is not None and days.tz is None:
        day = day.tz_convert(None)
    if day not in days:
        raise ValueError(message("decision_day", rule, str(decision_day)))
    return day


def release_gate_dashboard(traffic=None, *, service: str = "checkout",
                           slo_target: float = 0.999, decision_day=None,
                           change_kind: str = "feature", policy=None) -> Dashboard:
    """Push or hold? Pick a service, a target and a day; see what the error budget allows.

    Jordan's question from the introduction: Amina wants to ship a feature,
    Kim wants a freeze after repeated incidents. The dashboard shows the
    error budget of the 28-day window on the morning of the chosen day (how
    much was allowed, how much is spent), a burn-down plot, and the verdict
    of the error budget policy (:func:`sre_lab.release_gate`).

    Parameters
    ----------
    traffic : None, dict or DataFrame, optional
        ``None`` loads the course data (``sl.load_requests``); or
        ``{service: one-service frame}``; or the long frame with ``service``
        and ``timestamp`` columns.
    service : str
        Initially selected service.
    slo_target : float
        Initial target; one of :data:`COURSE_SLO_TARGETS`.
    decision_day : date-like, optional
        Initial day (the decision is taken at 00:00 UTC of that day, with the
        data before it). Default: the day after the data end.
    change_kind : {"feature", "p0_fix", "security"}
    policy : sre_lab.policy.ErrorBudgetPolicy, optional
        Default: the SRE Workbook's example policy with the course's
        slow-down rule.

    Returns
    -------
    Dashboard
        Controls ``service``, ``slo_target``, ``decision_day``, ``change_kind``;
        state: :class:`sre_lab.policy.ReleaseGate`. The summary holds the
        verdict in ``<span class="sre-decision">go|slow down|freeze</span>``.

    Raises
    ------
    TypeError, ValueError
        Bad arguments, named: ``slo_target`` outside the slider's targets,
        ``decision_day`` not a date or outside the data, a ``policy`` that is
        not an ``ErrorBudgetPolicy``, traffic not sorted by time, or a window
        without a single request (no budget, so no decision: never "go").
        After the dashboard is built, the same failures are shown in it.
    """
    import pandas as pd

    from ..policy import release_gate, workbook_error_budget_policy

    frames = _split_services(traffic)
    service = check_choice("service", service, tuple(frames))
    slo_target = _check_target(slo_target, COURSE_SLO_TARGETS)
    # release_gate checks the policy (TypeError naming it) when the dashboard is built
    shown_policy = workbook_error_budget_policy() if policy is None else policy
    index = frames[service].index
    step = index[1] - index[0] if len(index) > 1 else pd.Timedelta(minutes=1)
    days = pd.date_range(index[0].normalize() + pd.Timedelta(days=1),
                         (index[-1] + step).normalize(), freq="D")
    if len(days) == 0:
        raise ValueError(f"{_traffic_name(service)} must cover at least one whole day (the "
                         f"decision is taken at midnight, with the data before it); got "
                         f"{index[0]} to {index[-1]}.")
    day = days[-1] if decision_day is None else _check_day(decision_day, days)
    kinds = [k for _, k in _CHANGE_LABELS]
    check_choice("change_kind", change_kind, kinds)

    controls = {
        "service": service_dropdown(service, services=tuple(frames)),
        "slo_target": slo_target_slider(slo_target),
        "decision_day": widgets.SelectionSlider(
            options=[(_day_label(d), d) for d in days], value=day,
            description="decide on the morning of", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="460px")),
        "change_kind": widgets.Dropdown(
            options=_CHANGE_LABELS, value=change_kind, description="change",
            style={"description_width": "initial"}, layout=widgets.Layout(width="220px")),
    }

    def compute(service, slo_target, decision_day, change_kind):
        gate = release_gate(frames[service], slo_target=slo_target, at=decision_day,
                            change_kind=change_kind, policy=policy)
        if not gate.valid_events > 0:
            raise ValueError(
                f"{_traffic_name(service)} must have at least one request in the "
                f"{gate.window_days:g}-day window before the decision; got none from "
                f"{_day_label(gate.window_start)} to {_day_label(gate.decided_at)}, so there is "
                f"no error budget to decide with.")
        return gate

    def summarize(gate) -> str:
        d = gate.decision
        icon = _DECISION_ICONS[d.decision]
        values = {k: c.value for k, c in controls.items()}
        pct = format_percent
        seen_days = (gate.decided_at - gate.window_start).total_seconds() / 86400
        projected = ("" if gate.window_end <= gate.decided_at else
                     f" (projected: {seen_days:g} of {gate.window_days:g} days seen)")
        recent = ("no traffic" if math.isnan(gate.recent_burn_rate)
                  else f"{gate.recent_burn_rate:.2f}×")
        return (
            f"<b>{html.escape(values['service'])}</b> at SLO <b>{pct(gate.slo_target)}</b>, "
            f"{gate.window_days:g}-day window {_day_label(gate.window_start)} → "
            f"{_day_label(gate.window_end)}, morning of {_day_label(gate.decided_at)}:<br>"
            f"budget <b>{gate.allowed_bad_events:,.0f}</b> failed requests allowed{projected} · "
            f"spent <b>{gate.bad_events:,.0f}</b> ({pct(gate.consumed, digits=1)}) · "
            f"remaining <b>{pct(gate.remaining, digits=1)}</b> · burn rate last "
            f"{gate.recent_window_days:g} days <b>{recent}</b><br>"
            f"{icon} <b>Decision: <span class='sre-decision'>{html.escape(d.decision)}</span>"
            f"</b>. {html.escape(d.reason)}")

    def draw(gate, ax):
        levels = ({f"slow down below {format_percent(shown_policy.slow_down_below_remaining)}":
                   shown_policy.slow_down_below_remaining}
                  if shown_policy.slow_down_below_remaining else None)
        name = controls["service"].value
        _plotting.plot_budget_burndown(
            gate.remaining_over_time, ax=ax, window=(gate.window_start, gate.window_end),
            decision_time=gate.decided_at, levels=levels,
            title=f"{name}: error budget of the {gate.window_days:g}-day window at "
                  f"{format_percent(gate.slo_target)}")

    rows = widgets.VBox([widgets.HBox([controls["service"], controls["slo_target"]]),
                         widgets.HBox([controls["decision_day"], controls["change_kind"]])])
    return Dashboard(controls, compute, summarize, draw, name="release_gate",
                     title="Push or hold? The error budget decides", figsize=(9.0, 3.6),
                     controls_layout=rows,
                     margins=dict(left=0.08, right=0.74, bottom=0.15, top=0.9))
