"""Dashboards of section 2 (``02_slos``): the SLO tuner, the alert lab, the forecast.

=========================  ====================================================
``slo_tuner_dashboard``    SLI, target, window -> budget, spent, burn-down
``alert_lab_dashboard``    alerting approach + target -> alerts vs incidents, graded
``forecast_dashboard``     service, target, days left -> P(budget runs out), band
=========================  ====================================================
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import plotting as _plotting
from .._validation import check_choice, check_int, check_real, message
from ..formatting import format_duration, format_percent
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

__all__ = [
    "TUNER_SLO_TARGETS",
    "slo_tuner_dashboard",
    "ALERT_LAB_BURN_RATES",
    "ALERT_LAB_WINDOWS",
    "AlertLabState",
    "alert_lab_dashboard",
    "FORECAST_LOOKBACKS",
    "forecast_dashboard",
]


# -- 02_slos/1c: the SLO tuner -----------------------------------------------------------
#: SLO targets offered by :func:`slo_tuner_dashboard` (latency SLOs need 90 %).
TUNER_SLO_TARGETS = (0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999)
_TUNER_SLIS = (("availability", "availability"), ("latency", "latency"),
               ("composite", "composite"))
_TUNER_CACHE_SIZE = 24
_TUNER_WINDOWS = (("7 days rolling", "7d"), ("28 days rolling", "28d"),
                  ("30 days rolling", "30d"), ("calendar month", "calendar"))
_BUDGET_AS_TIME = {"availability": "of full outage", "latency": "of every request slow",
                   "composite": "of every request failed or slow"}
_SLI_WORDS = {
    "availability": "successful / all requests",
    "latency": "successful requests ≤ {t} ms / successful requests",
    "composite": "requests fast (≤ {t} ms) and successful / all requests",
}


def _latency_bounds(frame) -> tuple[int, ...]:
    """The bucket bounds (ms) of a frame's ``latency_le_<T>ms`` columns, in increasing order."""
    found = (re.fullmatch(r"latency_le_(\d+)ms", c) for c in frame.columns if isinstance(c, str))
    return tuple(sorted(int(m.group(1)) for m in found if m))


def _tuner_slis(bounds) -> tuple:
    """The SLIs the tuner offers: latency and composite only with latency buckets."""
    return _TUNER_SLIS if bounds else _TUNER_SLIS[:1]


def _tuner_window(window: str) -> tuple[str, float | None]:
    return ("calendar", None) if window == "calendar" else ("rolling", float(window[:-1]))


def _slo_tuner_state(frame, *, service, sli, threshold_ms, slo_target, window,
                     current_hours):
    """One tuner setting -> its :class:`sre_lab.SLOStatus` (computed in ``sl.slo_status``)."""
    from ..slo import slo_status

    kind, days = _tuner_window(window)
    return slo_status(frame, slo_target=slo_target, sli=sli,
                      threshold_ms=None if sli == "availability" else int(threshold_ms),
                      window=kind, window_days=days or 30, current_hours=current_hours,
                      service=service)


def _tuner_marks(incidents, service: str) -> dict:
    """The service's incidents and the planted ones of the services it calls: label -> start."""
    if incidents is None or len(incidents) == 0:
        return {}
    from ..simulation import DEPENDENCIES

    own = incidents["service"] == service
    calls = incidents["service"].isin(list(DEPENDENCIES.get(service, {})))
    if "planted" in incidents.columns:  # callees' incidents: only the datasheet's stories
        calls &= incidents["planted"].astype(bool)
    rows = incidents[own | calls]
    return {(r.id if r.service == service else f"{r.id} ({r.service})"): r.started
            for r in rows.itertuples()}


def _lasts(duration) -> str:
    """How long a budget lasts, in words: ``sl.NEVER`` (NaT) reads "never (no bad events)"."""
    import datetime as dt

    import pandas as pd

    if pd.isna(duration) or duration >= dt.timedelta.max - dt.timedelta(days=1):
        return "never (no bad events)"
    if duration.total_seconds() > 3 * 365 * 86400:
        return "more than 3 years"
    return format_duration(duration)


def slo_tuner_dashboard(traffic=None, *, service: str = "checkout", sli: str = "availability",
                        threshold_ms: int = 500, slo_target: float = 0.999,
                        window: str = "28d", incidents=None,
                        current_hours: float = 24) -> Dashboard:
    """Tune an SLO and see its error budget: spent, left, and how long it lasts.

    Pick a service, what "good" means (the SLI), a target and a window; the
    dashboard shows the error budget in failed events and in minutes of full
    outage, how much of it the data spent, the remaining budget over the
    28 days (a burn-down), and how long the budget lasts at the current burn
    rate. Move the target to 99.99 % and watch the budget vanish in days.

    Parameters
    ----------
    traffic : None, dict or DataFrame, optional
        ``None`` loads the course data (``sl.load_requests``); or
        ``{service: one-service frame}``; or the long frame with ``service``
        and ``timestamp`` columns.
    service : str
        Initially selected service.
    sli : {"availability", "latency", "composite"}
        ``availability``: successful / all; ``latency``: successful requests at
        most ``threshold_ms`` long / successful; ``composite``: fast and
        successful / all (see :func:`sre_lab.sli_events`). Latency and
        composite are offered only for a service whose traffic has
        ``latency_le_<T>ms`` columns; switching to one without them selects
        availability.
    threshold_ms : int
        Latency threshold, one of the histogram bucket bounds (100, 200, 300,
        500, 1000 in the course data); ignored for availability.
    slo_target : float
        Initial target, one of :data:`TUNER_SLO_TARGETS` (90 % ... 99.99 %).
    window : {"7d", "28d", "30d", "calendar"}
        Rolling 7, 28 or 30 days, or the calendar month in progress.
    incidents : DataFrame, optional
        Incidents to mark on the burn-down: all of the service's own, and
        the planted ones (datasheet stories) of the services it calls.
        Default: the course's incidents when ``traffic`` is None, else none.
    current_hours : float, default 24
        The trailing period whose burn rate counts as "current".

    Returns
    -------
    Dashboard
        Controls ``service``, ``sli``, ``threshold_ms``, ``slo_target``,
        ``window``; state: :class:`sre_lab.SLOStatus`.

    Raises
    ------
    TypeError, ValueError
        Bad arguments, named (``slo_target`` outside :data:`TUNER_SLO_TARGETS`,
        ``sli`` a latency SLI for traffic without buckets, traffic not sorted by
        time, or without a single request in the window). After the dashboard
        is built, the same failures are shown in it, never raised.

    Notes
    -----
    Every number comes from :mod:`sre_lab.slo`: ``budget_over_time`` (one
    O(n) pass of cumulative sums, a few ms for 28 days of minutes),
    ``error_budget``, ``allowed_downtime``, ``time_to_exhaustion`` and the
    SLI functions. The results of the last 24 settings are kept (about
    2 MB each), so going back to a setting answers at once. Taught in
    ``notebooks/02_slos/1c_slo_tuner_and_document``.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=28 * 1440, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": 100, "errors": 0, "latency_le_500ms": 100}, index=idx)
    >>> t.iloc[:2016, 1] = 1                 # 1 % errors for the first 2,016 minutes
    >>> t.iloc[:2016, 2] = 99
    >>> d = slo_tuner_dashboard({"shop": t}, service="shop")
    >>> round(d.state.allowed_bad_events), round(d.state.consumed, 2)
    (4032, 0.5)
    >>> d.controls["slo_target"].value = 0.99
    >>> round(d.state.consumed, 2)
    0.05
    """
    import pandas as pd

    from ..slo import SLI_KINDS

    frames = _split_services(traffic)
    if incidents is None and traffic is None:
        from ..datasets import load_incidents

        incidents = load_incidents()
    current_hours = check_real("current_hours", current_hours, low=0, high=24 * 28,
                               low_open=True)
    sli = check_choice("sli", sli, SLI_KINDS)
    window = check_choice("window", window, [w for _, w in _TUNER_WINDOWS])
    service = check_choice("service", service, tuple(frames))
    slo_target = _check_target(slo_target, TUNER_SLO_TARGETS)
    bounds = {name: _latency_bounds(frame) for name, frame in frames.items()}
    if sli != "availability" and not bounds[service]:
        raise ValueError(message("sli", f"'availability' for {_traffic_name(service)}, which has "
                                 "no latency_le_<T>ms columns", sli))
    if bounds[service] and threshold_ms not in bounds[service]:
        raise ValueError(message("threshold_ms", "one of the bucket bounds "
                                 + ", ".join(str(b) for b in bounds[service]), threshold_ms))

    threshold = widgets.Dropdown(
        options=[(f"{b} ms", b) for b in bounds[service]] or [("—", None)],
        value=threshold_ms if bounds[service] else None, description="latency threshold",
        disabled=sli == "availability", style={"description_width": "initial"},
        layout=widgets.Layout(width="210px"))
    slis = _tuner_slis(bounds[service])
    controls = {
        "service": service_dropdown(service, services=tuple(frames)),
        "sli": widgets.ToggleButtons(options=slis, value=sli, description="SLI",
                                     tooltips=[_SLI_WORDS[k].format(t="threshold")
                                               for _, k in slis],
                                     style={"description_width": "initial",
                                            "button_width": "100px"},
                                     layout=widgets.Layout(display="flex", flex_flow="row",
                                                           align_items="center", width="auto")),
        "threshold_ms": threshold,
        "slo_target": slo_target_slider(slo_target, targets=TUNER_SLO_TARGETS),
        "window": widgets.Dropdown(options=_TUNER_WINDOWS, value=window, description="window",
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="230px")),
    }

    # Registered before the Dashboard's observers, so they run first: the SLI
    # buttons and the thresholds fit the new service before anything recomputes.
    def _on_service(change):
        offered = bounds[change["new"]]
        buttons = controls["sli"]
        if offered != bounds[change["old"]]:
            slis = _tuner_slis(offered)
            if buttons.value not in [k for _, k in slis]:
                buttons.value = "availability"
            buttons.tooltips = [_SLI_WORDS[k].format(t="threshold") for _, k in slis]
            buttons.options = slis
            old = threshold.value
            threshold.options = [(f"{b} ms", b) for b in offered] or [("—", None)]
            threshold.value = (None if not offered else old if old in offered
                               else min(offered, key=lambda b: abs(b - (old or 0))))
        threshold.disabled = buttons.value == "availability"

    def _toggle_threshold(change):
        threshold.disabled = change["new"] == "availability"

    controls["service"].observe(_on_service, names="value")
    controls["sli"].observe(_toggle_threshold, names="value")
    cache: dict = {}   # the last few settings (each holds a 28-day frame: ~2 MB)

    def compute(service, sli, threshold_ms, slo_target, window):
        key = (service, sli, None if sli == "availability" else threshold_ms, slo_target,
               window)
        if key in cache:
            cache[key] = cache.pop(key)          # most recently used goes last
        else:
            cache[key] = _slo_tuner_state(frames[service], service=service, sli=sli,
                                          threshold_ms=threshold_ms, slo_target=slo_target,
                                          window=window, current_hours=current_hours)
            while len(cache) > _TUNER_CACHE_SIZE:
                cache.pop(next(iter(cache)))
        state = cache[key]
        if not state.valid_events > 0:
            what = "request" if sli == "availability" else "successful request"
            raise ValueError(f"{_traffic_name(service)} must have at least one {what} in the "
                             f"window; got none from {_day_label(state.window_start)} to "
                             f"{_day_label(state.as_of)}, so the SLI and its budget are "
                             f"undefined. Choose another service or window.")
        return state

    pct = format_percent

    def _window_text(s) -> str:
        span = f"{_day_label(s.window_start)} → {_day_label(s.window_end)}"
        if s.window == "calendar":
            return f"calendar month {s.window_start:%B %Y} ({span})"
        return f"{s.window_days:g}-day rolling window ({span})"

    def summarize(s) -> str:
        words = _SLI_WORDS[s.sli].format(t=s.threshold_ms)
        in_progress = " (projected: window in progress)" if s.window_end > s.as_of else ""
        verdict = ("✅ within budget" if s.remaining >= 0 else "⛔ budget exhausted: SLO missed")
        current = ("no traffic" if np.isnan(s.current_burn_rate)
                   else f"{s.current_burn_rate:.2f}×")
        left = ("already spent" if s.remaining <= 0 else f"{_lasts(s.remaining_time)}")
        return (
            f"<b>{html.escape(s.service)}</b> · {html.escape(s.sli)} SLI = "
            f"{html.escape(words)} · SLO <b>{pct(s.slo_target)}</b> · "
            f"{html.escape(_window_text(s))}<br>"
            f"SLI so far <b>{pct(s.sli_value, digits=3)}</b> · budget <b>{s.allowed_bad_events:,.0f}"
            f"</b> bad events{in_progress} ≈ <b>{format_duration(s.allowed_downtime)}</b>"
            f" {_BUDGET_AS_TIME[s.sli]} · spent <b>{s.bad_events:,.0f}</b> ({pct(s.consumed, digits=1)})"
            f" · remaining <b>{pct(s.remaining, digits=1)}</b> {verdict}<br>"
            f"Burn rate: <b>{s.window_burn_rate:.2f}×</b> over the window, <b>{current}</b> over "
            f"the last {s.current_hours:g} h. At the current burn a full budget lasts "
            f"<b>{_lasts(s.time_to_exhaustion)}</b>; the remaining budget: <b>{left}</b>.")

    def draw(s, ax):
        label = s.sli if s.sli == "availability" else f"{s.sli} ≤ {s.threshold_ms} ms"
        _plotting.plot_budget_over_time(
            s.budget, window=s.window, window_days=s.window_days, ax=ax,
            marks=_tuner_marks(incidents, s.service),
            title=f"{s.service}, {label} at {pct(s.slo_target)}: budget left "
                  f"({'calendar month' if s.window == 'calendar' else f'{s.window_days:g}-day rolling'})")

    return Dashboard(controls, compute, summarize, draw, name="slo_tuner",
                     title="SLO tuner: choose an SLI, a target and a window",
                     figsize=(9.5, 3.6),
                     margins=dict(left=0.08, right=0.74, bottom=0.15, top=0.9))


# -- 02_slos/2d: the alert lab -----------------------------------------------------------
#: Burn-rate thresholds offered for a custom rule (Workbook 30 d and 28 d values among them).
ALERT_LAB_BURN_RATES = (1.0, 1.5, 2.0, 3.0, 5.6, 6.0, 10.0, 13.44, 14.4, 20.0, 36.0, 100.0)
#: Windows offered for a custom rule: label -> minutes.
ALERT_LAB_WINDOWS = (("1 min", 1), ("5 min", 5), ("10 min", 10), ("30 min", 30), ("1 h", 60),
                     ("2 h", 120), ("6 h", 360), ("12 h", 720), ("1 d", 1440), ("3 d", 4320))
_WINDOW_MINUTES = dict(ALERT_LAB_WINDOWS)
_WINDOW_LABELS = {m: label for label, m in ALERT_LAB_WINDOWS}
_WHOLE_PERIOD = "all"


@dataclass(frozen=True, eq=False)
class AlertLabState:
    """What :func:`alert_lab_dashboard` shows for one setting (all from :mod:`sre_lab.alerting`).

    Attributes
    ----------
    service : str
    slo_target : float
    window_days : float
        The SLO window the rules' budget shares refer to.
    approach : int or "custom"
        The SRE Workbook approach (1-6) or a custom rule.
    approach_title : str
    rules : tuple of AlertRule
    unreachable : tuple of str
        Rules that can never fire at this target (``sl.unreachable_rules``).
    firing : pandas.DataFrame
        ``sl.evaluate_alerts`` of the rules over the traffic.
    burn : pandas.DataFrame
        Burn rate over each distinct long window (columns: minutes).
    significant : pandas.DataFrame
        The ground truth: incidents of the service and of the services it
        calls that spent at least ``min_budget_share`` of its budget.
    quality : AlertQuality
        ``sl.alert_quality(firing, significant)``: precision, recall,
        detection and reset times; ``quality.incidents`` has one row per
        significant incident with ``detected``, ``detection_time``, ``reset_time``.
    min_budget_share : float
    focus : str
        ``"all"`` or the incident id the time axis zooms on.
    xlim : (Timestamp, Timestamp) or None
    """

    service: str
    slo_target: float
    window_days: float
    approach: Any
    approach_title: str
    rules: tuple
    unreachable: tuple
    firing: Any
    burn: Any
    significant: Any
    quality: Any
    min_budget_share: float
    focus: str
    xlim: Any


def _alert_candidates(incidents, service: str):
    """``sl.incident_candidates``, tolerating no incidents at all."""
    from ..alerting import incident_candidates

    if incidents is None or len(incidents) == 0:
        return incidents.iloc[:0] if incidents is not None else None
    return incident_candidates(incidents, service)


def _alert_ground_truth(frame, incidents, service: str, *, slo_target: float,
                        window_days: float, min_budget_share: float):
    """The significant incidents for one service (``sl.significant_incidents``)."""
    from ..alerting import significant_incidents

    if incidents is None or len(incidents) == 0:
        return incidents
    return significant_incidents(frame, incidents, service=service, slo_target=slo_target,
                                 window_days=window_days, min_budget_share=min_budget_share)


def _focus_options(incidents, service: str) -> list:
    rows = _alert_candidates(incidents, service)
    options = [("whole period", _WHOLE_PERIOD)]
    if rows is not None:
        for r in rows.sort_values("started").itertuples():
            owner = getattr(r, "service", service)
            who = "" if owner == service else f" ({owner})"
            options.append((f"{r.id}{who} · {r.started:%a %d %b %H:%M}", r.id))
    return options


def _focus_range(incidents, focus: str):
    """A few hours around the focused incident (more for a long one)."""
    import pandas as pd

    if focus == _WHOLE_PERIOD:
        return None
    row = incidents[incidents["id"] == focus].iloc[0]
    started, mitigated = pd.Timestamp(row["started"]), pd.Timestamp(row["mitigated"])
    pad = max(pd.Timedelta(hours=2), (mitigated - started) / 2)
    return started - pad, mitigated + 2 * pad


def _minutes_text(minutes) -> str:
    """``60 -> '1 h'``, ``4320 -> '3 d'``, ``5 -> '5 min'`` (``sl.format_duration``)."""
    return format_duration(60 * int(minutes))


def _rules_text(rules) -> str:
    parts = []
    for r in rules:
        windows = (_minutes_text(r.long_window_minutes)
                   if r.short_window_minutes == r.long_window_minutes else
                   f"{_minutes_text(r.long_window_minutes)} and "
                   f"{_minutes_text(r.short_window_minutes)}")
        extra = f", for {_minutes_text(r.for_minutes)}" if r.for_minutes else ""
        parts.append(f"{html.escape(r.name)} ({r.severity}: burn &gt; {r.burn_rate:.4g}× over "
                     f"{windows}{extra})")
    return "; ".join(parts)


def alert_lab_dashboard(traffic=None, *, service: str = "checkout", slo_target: float = 0.999,
                        approach=6, burn_rate: float = 14.4, long_window_minutes: int = 60,
                        short_window_minutes: int = 5, window_days: float = 28,
                        incidents=None, min_budget_share: float = 0.01,
                        grace_minutes: int = 0, focus: str = _WHOLE_PERIOD) -> Dashboard:
    """Alert lab: pick an alerting approach and a target; see it fire over a month of incidents.

    Replays the SRE Workbook's six alerting approaches (or a rule of your own)
    over a service's traffic, draws when each rule fired over the burn rates
    and the ground-truth incidents, and grades the alerts like the Workbook
    does: precision, recall, detection time and reset time.

    Parameters
    ----------
    traffic : None, dict or DataFrame, optional
        ``None`` loads the course data (``sl.load_requests``); or
        ``{service: one-service frame}``; or the long frame with ``service``
        and ``timestamp`` columns. Frames need ``requests`` and ``errors`` on a
        regular 1-minute DatetimeIndex.
    service : str
        Initially selected service.
    slo_target : float
        Initial availability target, one of :data:`COURSE_SLO_TARGETS`.
    approach : int or "custom", default 6
        1-6: ``sl.workbook_approach(approach, slo_target, window_days=...)``
        (6 is the multiwindow, multi-burn-rate policy); ``"custom"``: one page
        rule from the three controls below.
    burn_rate : float, default 14.4
        Custom rule's burn-rate threshold, one of :data:`ALERT_LAB_BURN_RATES`.
    long_window_minutes, short_window_minutes : int, default 60 and 5
        Custom rule's windows, from :data:`ALERT_LAB_WINDOWS`; short <= long
        (the short-window control only offers windows up to the long one).
    window_days : float, default 28
        SLO window the Workbook's budget shares refer to (28: the course's
        four weeks; 30 gives the Workbook's 14.4 / 6 / 1).
    incidents : DataFrame, optional
        Ground-truth incidents (``id``, ``started``, ``mitigated``, and
        ``service``/``kind`` to select them); default: ``sl.load_incidents()``
        when ``traffic`` is None, else none.
    min_budget_share : float, default 0.01
        An incident is *significant* (an alert should match it) when its
        extra bad events spent at least this share of the service's budget
        over ``window_days`` (``sl.incident_budget_shares(..., excess_only=True)``).
        1 % is the course's choice: half of what the Workbook's fastest page
        waits for (2 % in an hour). Incidents of the services it calls count
        too: a payment outage fails checkout's requests.
    grace_minutes : int, default 0
        Passed to ``sl.alert_quality``: an alert raised this long after an
        incident's mitigation still counts for it.
    focus : str, default "all"
        ``"all"`` or an incident id to zoom the time axis on.

    Returns
    -------
    Dashboard
        Controls ``service``, ``slo_target``, ``approach``, ``burn_rate``,
        ``long_window``, ``short_window``, ``focus``; state:
        :class:`AlertLabState`. The custom-rule controls are disabled unless
        the approach is "custom".

    Notes
    -----
    Every number comes from :mod:`sre_lab.alerting` (``workbook_approach``,
    ``evaluate_alerts``, ``alert_quality``, ``trailing_error_ratio``,
    ``unreachable_rules``), :func:`sre_lab.burn_rate` and
    :func:`sre_lab.incident_budget_shares` (significance, cached per service
    and target). Replay uses cumulative sums: a setting answers in a few ms.
    Taught in ``notebooks/02_slos/2d_alerts_on_marisols_day``.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=3 * 1440, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": 1000, "errors": 0}, index=idx)
    >>> t.iloc[1500:1530, 1] = 200          # 20 % errors for 30 minutes on day 2
    >>> inc = pd.DataFrame({"id": ["INC-1"], "started": [idx[1500]], "mitigated": [idx[1530]]})
    >>> d = alert_lab_dashboard({"shop": t}, service="shop", incidents=inc, window_days=3)
    >>> d.state.quality.recall, d.state.quality.n_alerts    # each of the 3 rules fired once
    (1.0, 3)
    >>> d.controls["approach"].value = 3      # error ratio over 1 min, for: 1 h
    >>> d.state.quality.recall
    0.0
    """
    import pandas as pd

    from ..alerting import (
        WORKBOOK_APPROACHES,
        AlertRule,
        alert_quality,
        evaluate_alerts,
        trailing_error_ratio,
        unreachable_rules,
        workbook_approach,
    )
    from ..slo import burn_rate as _burn_rate
    from ..slo import max_burn_rate

    frames = _split_services(traffic)
    if incidents is None and traffic is None:
        from ..datasets import load_incidents

        incidents = load_incidents()
    if incidents is not None and not isinstance(incidents, pd.DataFrame):
        raise TypeError(message("incidents", "a DataFrame of incidents (or None)",
                                type(incidents).__name__))
    if incidents is not None:
        missing = [c for c in ("id", "started", "mitigated") if c not in incidents.columns]
        if missing:
            raise ValueError(message("incidents", "a DataFrame with 'id', 'started' and "
                                     "'mitigated'", f"a DataFrame without {missing[0]!r}"))
    service = check_choice("service", service, tuple(frames))
    slo_target = _check_target(slo_target, COURSE_SLO_TARGETS)
    if incidents is None:   # none given: an empty table in the traffic's time zone (or naive)
        tz = frames[service].index.tz
        incidents = pd.DataFrame({"id": pd.Series(dtype=object),
                                  "started": pd.DatetimeIndex([], tz=tz),
                                  "mitigated": pd.DatetimeIndex([], tz=tz)})
    window_days = check_real("window_days", window_days, low=0, low_open=True, high=366)
    min_budget_share = check_real("min_budget_share", min_budget_share, low=0, high=1,
                                  low_open=True, rule="a fraction in (0, 1]")
    grace_minutes = check_int("grace_minutes", grace_minutes, low=0)
    approaches = [*WORKBOOK_APPROACHES, "custom"]
    if isinstance(approach, bool) or approach not in approaches:
        raise ValueError(message("approach", "1, 2, 3, 4, 5, 6 or 'custom'", approach))
    if burn_rate not in ALERT_LAB_BURN_RATES:
        raise ValueError(message("burn_rate", "one of " + ", ".join(
            f"{b:g}" for b in ALERT_LAB_BURN_RATES), burn_rate))
    for name, value in (("long_window_minutes", long_window_minutes),
                        ("short_window_minutes", short_window_minutes)):
        if value not in _WINDOW_LABELS:
            raise ValueError(message(name, "one of " + ", ".join(
                str(m) for _, m in ALERT_LAB_WINDOWS), value))
    if short_window_minutes > long_window_minutes:
        raise ValueError(message("short_window_minutes", f"<= long_window_minutes "
                                 f"({long_window_minutes})", short_window_minutes))
    focus_options = _focus_options(incidents, service)
    if focus not in [v for _, v in focus_options]:
        raise ValueError(message("focus", "'all' or the id of one of the service's incidents",
                                 focus))

    wide = {"description_width": "initial"}
    custom = approach == "custom"
    controls = {
        "service": service_dropdown(service, services=tuple(frames)),
        "slo_target": slo_target_slider(slo_target),
        "approach": widgets.Dropdown(
            options=[(f"{n} · {t}", n) for n, t in WORKBOOK_APPROACHES.items()]
            + [("custom rule (below)", "custom")],
            value=approach, description="approach", style=wide,
            layout=widgets.Layout(width="420px")),
        "burn_rate": widgets.SelectionSlider(
            options=[(f"{b:g}×", b) for b in ALERT_LAB_BURN_RATES], value=burn_rate,
            description="custom rule: burn rate >", continuous_update=False, disabled=not custom,
            style=wide, layout=widgets.Layout(width="380px")),
        "long_window": widgets.SelectionSlider(
            options=[label for label, _ in ALERT_LAB_WINDOWS],
            value=_WINDOW_LABELS[long_window_minutes], description="long window",
            continuous_update=False, disabled=not custom, style=wide,
            layout=widgets.Layout(width="300px")),
        "short_window": widgets.SelectionSlider(
            options=[label for label, m in ALERT_LAB_WINDOWS if m <= long_window_minutes],
            value=_WINDOW_LABELS[short_window_minutes], description="short window",
            continuous_update=False, disabled=not custom, style=wide,
            layout=widgets.Layout(width="300px")),
        "focus": widgets.Dropdown(options=focus_options, value=focus, description="zoom on",
                                  style=wide, layout=widgets.Layout(width="360px")),
    }

    # These observers are registered before the Dashboard's, so they run first: the
    # short-window choices and the zoom list are consistent before any recompute.
    def _on_approach(change):
        for name in ("burn_rate", "long_window", "short_window"):
            controls[name].disabled = change["new"] != "custom"

    def _on_long(change):
        short = controls["short_window"]
        allowed = [label for label, m in ALERT_LAB_WINDOWS if m <= _WINDOW_MINUTES[change["new"]]]
        keep = short.value if short.value in allowed else allowed[-1]
        short.options = allowed
        short.value = keep

    def _on_service(change):
        options = _focus_options(incidents, change["new"])
        focus_control = controls["focus"]
        focus_control.options = options
        focus_control.value = _WHOLE_PERIOD

    controls["approach"].observe(_on_approach, names="value")
    controls["long_window"].observe(_on_long, names="value")
    controls["service"].observe(_on_service, names="value")

    truth_cache: dict = {}

    def compute(service, slo_target, approach, burn_rate, long_window, short_window, focus):
        frame = frames[service]
        if approach == "custom":
            long, short = _WINDOW_MINUTES[long_window], _WINDOW_MINUTES[short_window]
            rules = [AlertRule(f"custom_{_minutes_text(long).replace(' ', '')}_"
                               f"{_minutes_text(short).replace(' ', '')}",
                               burn_rate, long, short, "page")]
            title = "custom rule"
        else:
            rules = workbook_approach(approach, slo_target, window_days=window_days,
                                      strict=False)
            title = f"{approach} · {WORKBOOK_APPROACHES[approach]}"
        firing = evaluate_alerts(frame, rules, slo_target=slo_target)
        burn = {}
        for minutes in sorted({r.long_window_minutes for r in rules}):
            ratio = trailing_error_ratio(frame, window_minutes=minutes)
            burn[minutes] = _burn_rate(ratio.fillna(0.0), slo_target).where(ratio.notna())
        key = (service, slo_target)
        if key not in truth_cache:
            truth_cache[key] = _alert_ground_truth(
                frame, incidents, service, slo_target=slo_target, window_days=window_days,
                min_budget_share=min_budget_share)
        significant = truth_cache[key]
        quality = alert_quality(firing, significant, grace_minutes=grace_minutes)
        return AlertLabState(
            service=service, slo_target=float(slo_target), window_days=float(window_days),
            approach=approach, approach_title=title, rules=tuple(rules),
            unreachable=tuple(unreachable_rules(rules, slo_target=slo_target)),
            firing=firing, burn=pd.DataFrame(burn, index=frame.index), significant=significant,
            quality=quality,
            min_budget_share=float(min_budget_share), focus=focus,
            xlim=_focus_range(incidents, focus))

    pct = format_percent

    def _when(value) -> str:
        return "—" if pd.isna(value) else format_duration(value.to_pytimedelta())

    def summarize(s) -> str:
        q = s.quality
        if q.n_alerts:
            precision = (f"precision <b>{pct(q.precision, digits=0)}</b> ({q.n_true_alerts} of "
                         f"{q.n_alerts} alerts during a significant incident)")
        else:
            precision = "precision <b>—</b> (no alert raised)"
        if q.n_incidents:
            recall = (f"recall <b>{pct(q.recall, digits=0)}</b> ({q.n_detected} of "
                      f"{q.n_incidents} significant incidents alerted)")
        else:
            recall = "recall <b>—</b> (no significant incident)"
        lines = [
            f"<b>{html.escape(s.service)}</b> at SLO <b>{pct(s.slo_target)}</b> "
            f"({s.window_days:g}-day budget), approach <b>{html.escape(s.approach_title)}</b>: "
            f"{_rules_text(s.rules)}",
            f"<b>{q.n_alerts}</b> alerts (each rule counted on its own) · "
            f"{precision} · {recall} · median detection <b>{_when(q.detection_time)}</b> · "
            f"median reset <b>{_when(q.reset_time)}</b>",
        ]
        if q.n_incidents:
            parts = []
            for r in q.incidents.itertuples():
                owner = getattr(r, "service", s.service)
                who = "" if owner == s.service else f" ({html.escape(str(owner))})"
                verdict = (f"alerted after {_when(r.detection_time)}" if r.detected
                           else "<b>missed</b>")
                parts.append(f"{html.escape(str(r.id))}{who} {pct(r.budget_share, digits=1)} "
                             f"of budget: {verdict}")
            lines.append(f"Significant incidents (≥ {pct(s.min_budget_share)} of the budget, "
                         f"own or of called services): " + "; ".join(parts))
        if s.unreachable:
            top = max_burn_rate(s.slo_target)
            lines.append(f"⚠ {', '.join(html.escape(n) for n in s.unreachable)} can never fire "
                         f"at {pct(s.slo_target)}: the largest possible burn rate is "
                         f"{top:.4g}× (100 % errors).")
        return "<br>".join(lines)

    def draw(s, ax):
        _plotting.plot_alert_timeline(
            s.burn, s.firing, rules=list(s.rules), incidents=s.quality.incidents, ax=ax,
            xlim=s.xlim,
            title=f"{s.service} at {pct(s.slo_target)}: {s.approach_title}")

    return Dashboard(controls, compute, summarize, draw, name="alert_lab",
                     title="Alert lab: which alerts fire, and do they match the incidents?",
                     figsize=(9.5, 5.0),
                     controls_layout=widgets.VBox([
                         widgets.HBox([controls["service"], controls["slo_target"]]),
                         widgets.HBox([controls["approach"], controls["focus"]]),
                         widgets.HBox([controls["burn_rate"], controls["long_window"],
                                       controls["short_window"]]),
                     ]),
                     margins=dict(left=0.14, right=0.8, bottom=0.1, top=0.88))


# -- 02_slos/3b: will the budget last the window? -----------------------------------------
#: ``(label, days)`` offered by the forecast dashboard's "learn from" control.
FORECAST_LOOKBACKS = (("last 4 weeks", 28), ("last 13 weeks", 91), ("last 52 weeks", 364))


def _split_daily(history, service: str) -> dict:
    """``{service: daily frame}`` from None (the course data), a dict, a long or a one-service frame."""
    import pandas as pd

    if history is None:
        from ..datasets import load_daily_history

        history = load_daily_history()
    if isinstance(history, Mapping):
        if not history or not all(isinstance(f, pd.DataFrame) for f in history.values()):
            raise TypeError(message("history", "a dict {service: DataFrame}", history))
        return dict(history)
    if isinstance(history, pd.DataFrame):
        if "service" in history.columns:
            return {str(name): group.reset_index(drop=True)
                    for name, group in history.groupby("service", sort=False)}
        return {service: history}
    raise TypeError(message(
        "history", "None (the course data), a dict {service: DataFrame} or a DataFrame of "
        "daily counts", type(history).__name__))


def forecast_dashboard(history=None, *, service: str = "checkout", slo_target: float = 0.999,
                       horizon_days: int = 14, window_days: int = 28,
                       lookback_days: int | None = None, n_paths: int = 2_000,
                       rng: int = 0) -> Dashboard:
    """Will the error budget last the window? A Monte Carlo forecast you can steer.

    Pick a service, an SLO target and how far ahead the current window ends;
    the dashboard replays the rest of the window ``n_paths`` times from the
    service's own past days (:func:`sre_lab.forecast_budget_exhaustion`, a
    seasonal block bootstrap) and shows the budget so far, the forecast band
    and the probability that the budget runs out before the window ends
    (= the SLO is missed for that window).

    Parameters
    ----------
    history : None, dict or DataFrame, optional
        Daily counts (``date``, ``requests``, ``errors``). ``None`` loads the
        course data (``sl.load_daily_history()``, a year of the four
        services); or ``{service: frame}``; or a long frame with a
        ``service`` column; or one service's frame (named ``service``).
    service : str
        Initially selected service.
    slo_target : float
        Initial target; one of :data:`COURSE_SLO_TARGETS`.
    horizon_days : int, default 14
        Initial days ahead: the window is the ``window_days`` ending
        ``horizon_days`` after the data (its first ``window_days -
        horizon_days`` days are observed).
    window_days : int, default 28
        SLO window (fixed for the dashboard).
    lookback_days : {28, 91, 364}, optional
        Initial "learn from" period: the bootstrap resamples only these last
        days of history (see :data:`FORECAST_LOOKBACKS`; periods longer than
        the shortest history are not offered, and a history shorter than 28
        days offers just "all of it"). Default: the longest offered.
    n_paths : int, default 2000
        Simulated windows per update. 2,000 keep an update near 10 ms on a
        laptop (10,000 take about 50 ms); the probability then carries about
        ±1 percentage point of Monte Carlo noise at 20 %.
    rng : int, default 0
        Seed used for every update, so the same settings always show the
        same numbers.

    Returns
    -------
    Dashboard
        Controls ``service``, ``slo_target``, ``horizon_days`` (an
        ``IntSlider``), ``lookback_days``; state:
        :class:`sre_lab.BudgetForecast`. The summary holds the probability in
        ``<span class="sre-probability">19 %</span>``.

    Raises
    ------
    TypeError, ValueError
        Bad ``history`` or options, or too little history to forecast from.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=40, tz="UTC"),
    ...                      "requests": 1_000_000, "errors": 1_500})
    >>> d = forecast_dashboard(days, service="shop", horizon_days=10)
    >>> d.state.probability_exhausted, d.state.exhaustion_day(0.5)
    (1.0, 19.0)
    >>> d.controls["slo_target"].value = 0.995
    >>> d.state.probability_exhausted
    0.0
    """
    import pandas as pd

    from ..forecasting import forecast_budget_exhaustion

    frames = _split_daily(history, service)
    service = check_choice("service", service, tuple(frames))
    slo_target = _check_target(slo_target, COURSE_SLO_TARGETS)
    window_days = check_int("window_days", window_days, low=2, high=366)
    n_paths = check_int("n_paths", n_paths, low=1, high=100_000)
    if isinstance(rng, bool) or not isinstance(rng, int):
        raise TypeError(message("rng", "a whole number (a seed)", rng))
    rng = check_int("rng", rng, low=0)
    shortest = min(len(frame) for frame in frames.values())
    lowest_horizon = max(1, window_days - shortest)
    if lowest_horizon > window_days - 1:
        raise ValueError(message("history", "at least one day per service",
                                 f"{shortest} rows"))
    horizon_days = check_int("horizon_days", horizon_days, low=lowest_horizon,
                             high=window_days - 1)
    lookbacks = [(label, days) for label, days in FORECAST_LOOKBACKS if days <= shortest]
    if not lookbacks:
        lookbacks = [(f"all {shortest} days", shortest)]
    if lookback_days is None:
        lookback_days = lookbacks[-1][1]
    lookback_days = check_int("lookback_days", lookback_days, low=1)
    if lookback_days not in [days for _, days in lookbacks]:
        raise ValueError(message("lookback_days", "one of " + ", ".join(
            str(days) for _, days in lookbacks) + " (days)", lookback_days))

    controls = {
        "service": service_dropdown(service, services=tuple(frames)),
        "slo_target": slo_target_slider(slo_target),
        "horizon_days": widgets.IntSlider(
            value=horizon_days, min=lowest_horizon, max=window_days - 1, step=1,
            description="days left in the window", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px")),
        "lookback_days": widgets.ToggleButtons(
            options=lookbacks, value=lookback_days, description="learn from",
            style={"description_width": "initial", "button_width": "110px"}),
    }

    def compute(service, slo_target, horizon_days, lookback_days):
        return forecast_budget_exhaustion(
            frames[service], slo_target=slo_target, window_days=window_days,
            elapsed_days=window_days - horizon_days, lookback_days=lookback_days,
            n_paths=n_paths, rng=rng)

    def _when(stamp) -> str:
        return _day_label(stamp) if stamp is not None else ""

    def summarize(f) -> str:
        pct = format_percent
        values = {k: c.value for k, c in controls.items()}
        bands = f.remaining_bands
        quantile_columns = [c for c in bands.columns if c not in ("observed", "date")]
        low, high = quantile_columns[0], quantile_columns[-1]
        mid = "p50" if "p50" in quantile_columns else quantile_columns[len(quantile_columns) // 2]
        dated = "date" in bands.columns
        span = (f"{_day_label(bands['date'].iloc[0])} → {_day_label(bands['date'].iloc[-1])}"
                if dated else f"{f.window_days:g} days")
        observed = bands.loc[bands["observed"]]
        now = (f"<b>{pct(observed[mid].iloc[-1], digits=0)}</b> of the window's budget "
               f"left ({f.observed_bad_events:,.0f} failed requests so far)"
               if len(observed) else "nothing observed yet")
        worst = f.exhaustion_date(f.quantiles[0]) if dated else None   # sl.NEVER: lasts
        tail = (f" In the worst {pct(f.quantiles[0], digits=0)} of simulated windows it is "
                f"gone by <b>{_when(worst)}</b>." if worst is not None and not pd.isna(worst)
                else "")
        label = dict((days, text) for text, days in lookbacks)[values["lookback_days"]]
        return (
            f"<b>{html.escape(values['service'])}</b> at SLO <b>{pct(f.slo_target)}</b>, "
            f"{f.window_days:g}-day window {span}: {f.elapsed_days:g} days observed, "
            f"{values['horizon_days']} ahead, replayed from the {html.escape(label)}.<br>"
            f"Now: {now}. Left at the window's end: median ({mid}) "
            f"{pct(bands[mid].iloc[-1], digits=0)}, {low} {pct(bands[low].iloc[-1], digits=0)}, "
            f"{high} {pct(bands[high].iloc[-1], digits=0)}."
            f"<br><b>Probability the budget runs out before the window ends: "
            f"<span class='sre-probability'>{pct(f.probability_exhausted, digits=0)}</span></b> "
            f"({f.n_paths:,} simulated windows, seed {rng}).{tail}")

    def draw(f, ax):
        name = controls["service"].value
        end = f.remaining_bands["date"].iloc[-1] if "date" in f.remaining_bands else None
        by = f"{end:%d %b}" if end is not None else "the window's end"
        _plotting.plot_budget_forecast(
            f, ax=ax, title=f"{name} at {format_percent(f.slo_target)}: "
                            f"P(budget runs out by {by}) = "
                            f"{format_percent(f.probability_exhausted, digits=0)}")

    return Dashboard(controls, compute, summarize, draw, name="forecast",
                     title="Will the error budget last the window? (Monte Carlo forecast)",
                     figsize=(9.0, 3.6),
                     margins=dict(left=0.1, right=0.72, bottom=0.16, top=0.9))
