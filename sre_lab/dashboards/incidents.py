"""Section 3 dashboard (``03_incidents/1b_…``): the incident simulator.

Inject a fault into MicroCorp's simulated traffic (its kind, size, start and
duration), replay the burn-rate page policy over it, let a responder answer
after a delay, and watch the error budget drain stage by stage. Wiring only:
:func:`sre_lab.simulate_traffic` makes the traffic,
:func:`sre_lab.response_timeline` the timeline and its costs,
:func:`sre_lab.classify_severity` the severity, and
:func:`sre_lab.plotting.plot_response_timeline` the figure.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import plotting as _plotting
from .._validation import check_choice, check_int, message
from ..formatting import format_duration, format_percent
from ._base import COURSE_SLO_TARGETS, Dashboard, _check_target, service_dropdown, slo_target_slider

__all__ = ["incident_simulator_dashboard"]

_KINDS = (("errors (requests fail)", "errors"), ("latency (requests slow)", "latency"))
_SIZES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0)
_DAY = "2026-10-06"          # the fault day; the day before gives the alert windows history
_LATENCY_THRESHOLD_MS = 1000


def _size_label(size):
    return format_percent(size)


def incident_simulator_dashboard(*, service="checkout", slo_target=0.999, kind="errors",
                                 users_affected=0.05, start_hour=2, duration_minutes=60,
                                 ack_delay_minutes=5, seed=1, window_days=30):
    """Inject a fault into MicroCorp, watch the page, the responder and the budget drain.

    Parameters
    ----------
    service : str
        One of ``sl.SERVICE_NAMES``.
    slo_target : float
        One of :data:`COURSE_SLO_TARGETS`.
    kind : {"errors", "latency"}
        Errors: that share of the service's requests fail (the availability
        SLI). Latency: the affected users' requests get slower, judged by a
        1,000 ms latency SLI.
    users_affected : float
        Share of users hurt; one of 1 %, 2 %, 5 %, 10 %, 20 %, 30 %, 50 %, 80 %, 100 %.
    start_hour : int
        Hour of day (UTC) the fault starts, 0 .. 23 (night traffic is low).
    duration_minutes : int
        How long until the fault is mitigated, 5 .. 480.
    ack_delay_minutes : int
        Minutes from page to acknowledgement, 0 .. 60.
    seed : int
        Seed of the simulated traffic, 0 .. 1000.
    window_days : int, default 30
        The SLO window of the budget and of the policy's burn rates.

    Returns
    -------
    Dashboard
        Controls ``service``, ``slo_target``, ``kind``, ``users_affected``,
        ``start_hour``, ``duration_minutes``, ``ack_delay_minutes``, ``seed``;
        state: :class:`sre_lab.ResponseTimeline`.
    """
    import pandas as pd

    from ..incidents.response import response_timeline
    from ..incidents.severity import classify_severity
    from ..simulation import SERVICE_NAMES, simulate_traffic

    service = check_choice("service", service, SERVICE_NAMES)
    slo_target = _check_target(slo_target, COURSE_SLO_TARGETS)
    kind = check_choice("kind", kind, [k for _, k in _KINDS])
    if users_affected not in _SIZES:
        raise ValueError(message("users_affected", "one of " + ", ".join(map(str, _SIZES)),
                                 users_affected))
    start_hour = check_int("start_hour", start_hour, low=0, high=23)
    duration_minutes = check_int("duration_minutes", duration_minutes, low=5, high=480)
    ack_delay_minutes = check_int("ack_delay_minutes", ack_delay_minutes, low=0, high=60)
    seed = check_int("seed", seed, low=0, high=1000)
    window_days = check_int("window_days", window_days, low=1, high=90)

    def slider(value, low, high, step, description, width="300px"):
        return widgets.IntSlider(value=value, min=low, max=high, step=step,
                                 description=description, continuous_update=False,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width=width))

    controls = {
        "service": service_dropdown(service),
        "slo_target": slo_target_slider(slo_target),
        "kind": widgets.Dropdown(options=_KINDS, value=kind, description="fault",
                                 layout=widgets.Layout(width="260px")),
        "users_affected": widgets.SelectionSlider(
            options=[(_size_label(s), s) for s in _SIZES], value=users_affected,
            description="users affected", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="300px")),
        "start_hour": slider(start_hour, 0, 23, 1, "starts at hour (UTC)"),
        "duration_minutes": slider(duration_minutes, 5, 480, 5, "lasts (min)"),
        "ack_delay_minutes": slider(ack_delay_minutes, 0, 60, 1, "answer delay (min)"),
        "seed": slider(seed, 0, 1000, 1, "traffic seed"),
    }

    def compute(service, slo_target, kind, users_affected, start_hour, duration_minutes,
                ack_delay_minutes, seed):
        started = pd.Timestamp(_DAY, tz="UTC") + pd.Timedelta(hours=start_hour)
        mitigated = started + pd.Timedelta(minutes=duration_minutes)
        fault = pd.DataFrame({
            "id": ["SIM-1"], "service": [service], "started": [started],
            "mitigated": [mitigated], "resolved": [mitigated + pd.Timedelta(minutes=30)],
            "users_affected": [users_affected],
            "error_ratio_added": [users_affected if kind == "errors" else 0.0],
            "latency_multiplier": [1.0 + 6 * users_affected if kind == "latency" else 1.0]})
        traffic = simulate_traffic("2026-10-05", 3, incidents=fault, services=[service],
                                   latency=kind == "latency", rng=seed)
        traffic = traffic.set_index("timestamp").drop(columns="service")
        return response_timeline(
            traffic, fault.iloc[0], slo_target=slo_target, window_days=window_days,
            ack_delay_minutes=ack_delay_minutes,
            sli="availability" if kind == "errors" else "latency",
            threshold_ms=None if kind == "errors" else _LATENCY_THRESHOLD_MS)

    def summarize(timeline) -> str:
        values = {k: c.value for k, c in controls.items()}
        minutes = timeline.time_to_mitigate / pd.Timedelta(minutes=1)
        severity = classify_severity(values["users_affected"], duration_minutes=minutes)
        if pd.isna(timeline.time_to_detect):
            detection = ("⚠️ <b>no page fired</b>: nobody was woken, users were hurt until "
                         "mitigation")
        else:
            detection = (f"📟 page <b>{html.escape(timeline.detected_by)}</b> after "
                         f"<b>{format_duration(timeline.time_to_detect)}</b>, answered after "
                         f"<b>{format_duration(timeline.time_to_acknowledge)}</b>")
        stages = " · ".join(f"{s.stage}: {format_percent(s.budget_share, digits=2)}"
                            for s in timeline.stages.itertuples())
        return (f"<b>{html.escape(values['service'])}</b>, {severity} "
                f"({format_percent(values['users_affected'])} of users, "
                f"{format_duration(timeline.time_to_mitigate)}): {detection}.<br>"
                f"Budget spent <b>{format_percent(timeline.budget_share, digits=2)}</b> of the "
                f"{window_days}-day budget ({stages}).")

    def draw(timeline, ax):
        _plotting.plot_response_timeline(timeline, ax=ax)

    rows = widgets.VBox([
        widgets.HBox([controls["service"], controls["slo_target"], controls["kind"]]),
        widgets.HBox([controls["users_affected"], controls["start_hour"],
                      controls["duration_minutes"]]),
        widgets.HBox([controls["ack_delay_minutes"], controls["seed"]])])
    return Dashboard(controls, compute, summarize, draw, name="incident_simulator",
                     title="Incident simulator: inject a fault, watch the response",
                     figsize=(9.0, 3.6), controls_layout=rows,
                     margins=dict(left=0.08, right=0.98, bottom=0.15, top=0.9))
