"""A MicroCorp incident's response timeline, rebuilt from telemetry in virtual time.

Four moments make the response: **detected** (the first page of the burn-rate
policy, replayed over the traffic with :func:`sre_lab.evaluate_alerts`),
**acknowledged** (a responder answers the page after a response delay, given
or drawn from a seed), **mitigated** (users stop being hurt) and **resolved**
(the incident is closed), the last two from the incident record
(``sl.load_incidents()``). Between them, the error budget drains: the bad
events of each stage are counted on the traffic by
:func:`sre_lab.incident_budget_shares`, so the cost of slow detection and of a
slow answer are numbers, not impressions.

=======================  ====================================================
``ResponseTimeline``     one incident: its moments, stage costs, TTD/TTA/TTM/TTR
``response_timeline``    rebuild it from traffic, an incident and a policy
``response_times``       one row per incident: time to detect, acknowledge,
                         mitigate, resolve, and the budget of each stage
``RESPONSE_STAGES``      the stage names, in order
=======================  ====================================================

Time to detect is measured from the start of impact, time to acknowledge from
the page, time to mitigate and time to resolve from the start of impact
(Atlassian: say which "MTTR" you mean). Google's on-call chapter gives paging
response targets of 5 minutes for user-facing services and 30 minutes for less
time-critical ones (https://sre.google/sre-book/being-on-call/).
Taught in ``notebooks/03_incidents/1a_severity_and_detection.ipynb``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_real, message
from .._windows import DEFAULT_WINDOW_DAYS, NEVER, check_rng
from ..alerting import AlertRule, evaluate_alerts, workbook_policy
from ..policy import incident_budget_shares
from ..slo import sli_events

__all__ = ["ResponseTimeline", "response_timeline", "response_times", "RESPONSE_STAGES"]

#: The three stages of user impact, in order.
RESPONSE_STAGES = ("until detected", "until acknowledged", "until mitigated")

_EVENTS = ("started", "detected", "acknowledged", "mitigated", "resolved")


@dataclass(frozen=True)
class ResponseTimeline:
    """One incident's response, rebuilt in virtual time.

    Attributes
    ----------
    incident_id, service : str
    events : DataFrame
        One row per moment (``started``, ``detected``, ``acknowledged``,
        ``mitigated``, ``resolved``): ``at`` (UTC, NaT when it never
        happened) and ``minutes`` since the start of impact.
    stages : DataFrame
        One row per stage of :data:`RESPONSE_STAGES`: ``start``, ``end``,
        ``minutes``, ``bad_events``, ``budget_share`` (of the window's
        error budget). A page after mitigation leaves the later stages empty.
    detected_by : str or None
        The alert rule that paged first (None: no page).
    time_to_detect, time_to_acknowledge, time_to_mitigate, time_to_resolve : Timedelta
        Detect from start; acknowledge from the page; mitigate and resolve
        from start. ``sl.NEVER`` (NaT) when there was no page.
    budget_share : float
        Share of the window's error budget spent from start to mitigation.
    sli : str
        What the bad events count: ``"availability"`` (failed requests),
        ``"latency"`` (slow successful requests) or ``"composite"``.
    """

    incident_id: str
    service: str
    events: pd.DataFrame
    stages: pd.DataFrame
    detected_by: str | None
    time_to_detect: pd.Timedelta
    time_to_acknowledge: pd.Timedelta
    time_to_mitigate: pd.Timedelta
    time_to_resolve: pd.Timedelta
    budget_share: float
    sli: str = "availability"


def _incident(incident) -> dict:
    if isinstance(incident, pd.DataFrame):
        if len(incident) != 1:
            raise ValueError(message("incident", "one incident (a row of sl.load_incidents())",
                                     f"a DataFrame with {len(incident)} rows",
                                     "Pick one, e.g. incidents.set_index('id').loc['INC-002']."))
        incident = incident.iloc[0]
    if not isinstance(incident, (pd.Series, dict)):
        raise TypeError(message("incident", "one incident: a row (Series) of sl.load_incidents()",
                                type(incident).__name__))
    row = dict(incident)
    if "id" not in row and isinstance(incident, pd.Series) and incident.name is not None:
        row["id"] = incident.name
    missing = [c for c in ("started", "mitigated", "resolved") if c not in row]
    if missing:
        raise ValueError(message("incident", "a row with 'started', 'mitigated' and 'resolved'",
                                 f"a row without {', '.join(repr(c) for c in missing)}"))
    times = {}
    for column in ("started", "mitigated", "resolved"):
        try:
            value = pd.Timestamp(row[column])
        except (TypeError, ValueError):
            raise ValueError(message(f"incident[{column!r}]", "a timestamp",
                                     row[column])) from None
        if pd.isna(value):
            raise ValueError(message(f"incident[{column!r}]", "a timestamp", row[column]))
        times[column] = value
    if not times["started"] < times["mitigated"] <= times["resolved"]:
        raise ValueError(message("incident", "a row with started < mitigated <= resolved",
                                 f"{times['started']}, {times['mitigated']}, {times['resolved']}"))
    return dict(id=str(row.get("id", "incident")), service=str(row.get("service", "")), **times)


def response_timeline(traffic, incident, *, slo_target, window_days=DEFAULT_WINDOW_DAYS,
                      rules=None, ack_delay_minutes=None, sli="availability",
                      threshold_ms=None, rng=None):
    """Rebuild one incident's response: detect, acknowledge, mitigate, resolve, and their cost.

    Parameters
    ----------
    traffic : pandas.DataFrame
        One service's per-minute counts (``requests``, ``errors``, and the
        latency buckets for ``sli="latency"``) on a regular 1-minute
        DatetimeIndex covering the incident, e.g. ``sl.load_requests(service="checkout")``.
    incident : pandas.Series or one-row DataFrame
        ``started``, ``mitigated``, ``resolved`` (and ``id``, ``service``),
        e.g. ``sl.load_incidents().set_index("id").loc["INC-002"]``.
    slo_target : float
        The objective, a fraction in (0, 1).
    window_days : float, default 30
        The SLO window of the budget and of the policy's burn rates.
    rules : list of AlertRule, optional
        The paging rules; default the page rules of
        ``sl.workbook_policy(slo_target, window_days=window_days)``.
    ack_delay_minutes : float, optional
        Minutes from page to acknowledgement, in [0, 1440]. Default: a draw
        from an exponential with a 5-minute mean (Google's target for
        user-facing services), rounded up to a whole minute, from ``rng``.
    sli : {"availability", "latency", "composite"}, default "availability"
        What counts as a bad event, for the alerts and for the budget.
    threshold_ms : int, optional
        Latency bound for the latency kinds.
    rng : int, numpy Generator or None
        Seed of the response delay.

    Returns
    -------
    ResponseTimeline

    Examples
    --------
    A 10-minute incident: 1,000 requests a minute, 50 % errors; the 14.4x page
    (ratio > 1.44 % over 60 min and 5 min) fires in the first minute, the
    responder answers 3 minutes later.

    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    >>> errors = [500 if 600 <= i < 610 else 0 for i in range(1440)]
    >>> t = pd.DataFrame({"requests": 1000, "errors": errors}, index=idx)
    >>> inc = pd.Series({"id": "INC-1", "started": idx[600], "mitigated": idx[610],
    ...                  "resolved": idx[640]})
    >>> r = response_timeline(t, inc, slo_target=0.999, window_days=1, ack_delay_minutes=3)
    >>> str(r.time_to_detect), str(r.time_to_acknowledge), str(r.time_to_mitigate)
    ('0 days 00:00:00', '0 days 00:03:00', '0 days 00:10:00')
    >>> r.stages["bad_events"].tolist()
    [0.0, 1500.0, 3500.0]
    """
    row = _incident(incident)
    window_days = check_real("window_days", window_days, low=0, low_open=True, high=3650,
                             scalar=True)
    if rules is None:
        rules = [r for r in workbook_policy(slo_target, window_days=window_days, strict=False)
                 if r.severity == "page"]
    elif isinstance(rules, AlertRule):
        rules = [rules]
    if not isinstance(traffic, pd.DataFrame):
        raise TypeError(message("traffic", "a DataFrame of per-minute counts",
                                type(traffic).__name__))
    events = sli_events(traffic, sli=sli, threshold_ms=threshold_ms)
    counts = pd.DataFrame({"requests": events["valid"],
                           "errors": events["valid"] - events["good"]}, index=traffic.index)
    firing = evaluate_alerts(counts, rules, slo_target=slo_target)
    index = firing.index
    try:
        covered = len(index) > 0 and index[0] <= row["started"] and row["mitigated"] <= index[-1]
    except TypeError:
        raise ValueError(message("incident['started']", "comparable with the traffic's times "
                                 "(both tz-aware UTC)", row["started"])) from None
    if not covered:
        raise ValueError(message("traffic", "minutes covering the incident's impact",
                                 f"{index[0] if len(index) else 'no rows'} .. "
                                 f"{index[-1] if len(index) else ''}",
                                 f"The incident runs {row['started']} .. {row['mitigated']}."))

    # detection: the first paging minute in [started, resolved]
    inside = (index >= row["started"]) & (index <= row["resolved"])
    pages = firing.to_numpy()[inside]
    minutes = index[inside]
    any_page = pages.any(axis=1)
    if any_page.any():
        first = int(np.argmax(any_page))
        detected = minutes[first]
        detected_by = str(firing.columns[int(np.argmax(pages[first]))])
    else:
        detected, detected_by = NEVER, None

    if ack_delay_minutes is None:
        delay = float(np.ceil(check_rng(rng).exponential(5.0)))
    else:
        delay = check_real("ack_delay_minutes", ack_delay_minutes, low=0, high=1440, scalar=True,
                           rule="minutes in [0, 1440]")
    acknowledged = NEVER if pd.isna(detected) else detected + pd.Timedelta(minutes=delay)

    # stage bounds clipped to the impact [started, mitigated]
    start, end = row["started"], row["mitigated"]
    b1 = end if pd.isna(detected) else min(max(detected, start), end)
    b2 = end if pd.isna(acknowledged) else min(max(acknowledged, b1), end)
    bounds = [start, b1, b2, end]
    stage_frame = pd.DataFrame({"id": list(RESPONSE_STAGES), "started": bounds[:-1],
                                "mitigated": bounds[1:]})
    if row["service"]:
        stage_frame["service"] = row["service"]
    shares = incident_budget_shares(traffic, stage_frame, slo_target=slo_target,
                                    window_days=window_days, sli=sli, threshold_ms=threshold_ms)
    empty = (stage_frame["mitigated"] <= stage_frame["started"]).to_numpy()
    bad = np.where(empty, 0.0, shares["bad_events"].to_numpy(dtype=float))
    share = np.where(empty, 0.0, shares["budget_share"].to_numpy(dtype=float))
    stages = pd.DataFrame({
        "stage": list(RESPONSE_STAGES),
        "start": bounds[:-1], "end": bounds[1:],
        "minutes": [(b - a) / pd.Timedelta(minutes=1) for a, b in zip(bounds[:-1], bounds[1:])],
        "bad_events": bad, "budget_share": share})

    at = [start, detected, acknowledged, end, row["resolved"]]
    event_frame = pd.DataFrame({"event": list(_EVENTS), "at": pd.to_datetime(at, utc=True)})
    event_frame["minutes"] = (event_frame["at"] - start) / pd.Timedelta(minutes=1)
    return ResponseTimeline(
        incident_id=row["id"], service=row["service"], events=event_frame, stages=stages,
        detected_by=detected_by,
        time_to_detect=NEVER if pd.isna(detected) else detected - start,
        time_to_acknowledge=NEVER if pd.isna(detected) else acknowledged - detected,
        time_to_mitigate=end - start, time_to_resolve=row["resolved"] - start,
        budget_share=float(share.sum()), sli=sli)


def response_times(timelines) -> pd.DataFrame:
    """One row per incident: time to detect, acknowledge, mitigate, resolve, and stage costs.

    Parameters
    ----------
    timelines : ResponseTimeline or list of ResponseTimeline

    Returns
    -------
    DataFrame
        Indexed by ``incident_id``: ``service``, ``time_to_detect``,
        ``time_to_acknowledge``, ``time_to_mitigate``, ``time_to_resolve``
        (Timedelta, NaT when never paged), ``detected_by``, one
        ``budget_<stage>`` column per stage and ``budget_share`` (their sum).
        The mean of a column is its "MTTx"; with few, long-tailed incidents,
        read the medians too.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": 1000, "errors": [500 if 600 <= i < 610 else 0
    ...                                                 for i in range(1440)]}, index=idx)
    >>> inc = pd.Series({"id": "INC-1", "started": idx[600], "mitigated": idx[610],
    ...                  "resolved": idx[640]})
    >>> r = response_timeline(t, inc, slo_target=0.999, window_days=1, ack_delay_minutes=3)
    >>> response_times([r])["time_to_resolve"].tolist()
    [Timedelta('0 days 00:40:00')]
    """
    if isinstance(timelines, ResponseTimeline):
        timelines = [timelines]
    if isinstance(timelines, (str, bytes)) or not hasattr(timelines, "__iter__"):
        raise TypeError(message("timelines", "a list of ResponseTimeline (from "
                                "sl.response_timeline)", type(timelines).__name__))
    timelines = list(timelines)
    for i, t in enumerate(timelines):
        if not isinstance(t, ResponseTimeline):
            raise TypeError(message(f"timelines[{i}]", "a ResponseTimeline", type(t).__name__))
    rows = []
    for t in timelines:
        row = {"incident_id": t.incident_id, "service": t.service,
               "time_to_detect": t.time_to_detect, "time_to_acknowledge": t.time_to_acknowledge,
               "time_to_mitigate": t.time_to_mitigate, "time_to_resolve": t.time_to_resolve,
               "detected_by": t.detected_by}
        for stage, share in zip(t.stages["stage"], t.stages["budget_share"]):
            row["budget_" + stage.replace(" ", "_")] = float(share)
        row["budget_share"] = t.budget_share
        rows.append(row)
    columns = ["incident_id", "service", "time_to_detect", "time_to_acknowledge",
               "time_to_mitigate", "time_to_resolve", "detected_by",
               *("budget_" + s.replace(" ", "_") for s in RESPONSE_STAGES), "budget_share"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[2:6]:   # from the list: a column of NaT alone would read as datetimes
        frame[column] = pd.to_timedelta([row[column] for row in rows]).as_unit("ns")
    return frame.set_index("incident_id")
