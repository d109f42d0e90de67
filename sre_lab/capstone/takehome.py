"""The capstone's take-home kit: the outline's four templates, written as files from your plan.

The outline's "Tools and Templates" (section 7) lists four things a team takes
home: an SLO definition template, an incident management checklist, a cost
monitoring template by team and a chaos engineering plan. Here each one is a
file, filled in from the decisions of a :class:`~sre_lab.QuarterPlan` and
built by the functions of the section that taught it, so nothing is retyped:

==========================  ===================================================
``slo_definitions.md``      one SLO document per SLO (:func:`sre_lab.slo_document`,
                            section 2), with its OpenSLO definition appended
``openslo/<slo>.yaml``      the same SLOs for tools (:func:`sre_lab.to_openslo`)
``prometheus/<slo>.yml``    burn-rate alert rules of each availability SLO
                            (:func:`sre_lab.to_prometheus_rules`)
``incident_checklist.md``   severity, response stages and roles, communication,
                            postmortem: Markdown check boxes built from
                            ``sl.SEVERITY_SCALE``, ``sl.RESPONSE_STAGES``, the
                            error budget policy and ``sl.ACTION_TYPES`` (section 3)
``cost_by_team.csv``        the observability bill by month, team, service,
                            signal and component (``sl.telemetry_volumes``,
                            ``sl.monthly_bill``, ``sl.SERVICE_TEAMS``, section 4)
``chaos_plan.md``           a rolling schedule of game days with goals,
                            measurement criteria and fail-safes
                            (``sl.course_experiments``, section 6)
``chaos/<name>.json``       the experiments for Chaos Toolkit
                            (:func:`sre_lab.save_chaostoolkit`)
``README.md``               what each file is and how to use it
==========================  ===================================================

The text and tables are built by pure functions (:func:`incident_checklist`,
:func:`cost_by_team`, :func:`chaos_plan`, and the private Markdown builders);
:func:`take_home_kit` only writes them. Taught in
``notebooks/07_capstone/4_take_home_and_wrap_up.ipynb``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import html
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_int, message

__all__ = ["TakeHomeKit", "take_home_kit", "incident_checklist", "cost_by_team", "chaos_plan"]

#: Days between two game days of the chaos plan (the capstone's "a chaos experiment
#: every month": four weeks, so a game day always falls on the same weekday).
GAME_DAY_EVERY_DAYS = 28
#: The user journey each MicroCorp service serves, for the SLO documents.
JOURNEYS = {
    "checkout": "Buy: put products in the cart, pay, and get an order confirmation.",
    "payment": "Pay: the card is charged once and the order is confirmed.",
    "search": "Find: type what you want and get matching products.",
    "notifications": "Hear back: get the order e-mail or push after buying.",
}
_LATENCY_KINDS = ("latency", "composite")
# Major incidents: updates every 30 minutes. The course's choice (no published figure): adjust it.
_MAJOR_UPDATE_MINUTES = 30
_STAGE_STEPS = {
    "until detected": (
        "Detect",
        ["A page from a burn-rate alert started this (if users reported it first, note the "
         "detection gap: an action item)",
         "Declare an incident if any is true: a second team is needed, users can see it, or it "
         "is unsolved after an hour's analysis (SRE book ch. 14); declaring early is fine",
         "Write down when users started to be hurt: time to detect counts from there"]),
    "until acknowledged": (
        "Acknowledge",
        ["Acknowledge the page within 5 minutes for a user-facing service, 30 minutes for "
         "others (SRE book ch. 11)",
         "Classify the severity with the table above and open the incident channel",
         "Name the roles below; the incident commander coordinates and does not fix"]),
    "until mitigated": (
        "Mitigate",
        ["Stop the bleeding first: if a change is suspect, roll it back (about 70 % of "
         "outages follow a change, SRE book ch. 1)",
         "Follow the service's runbook for this failure",
         "Preserve the evidence: logs, traces, dashboards, the change log"]),
}
_RESOLVE_STEPS = [
    "Resolve once the service has run at its objective for 30 minutes (the exit criterion of "
    "the SRE book's example postmortem)",
    "Hand the timeline to the postmortem owner",
]
_ROLES = (
    ("Incident commander", "single source of truth; coordinates, decides, does not fix"),
    ("Deputy", "hot standby for the incident commander"),
    ("Scribe", "keeps the timeline: time, event, link to the data"),
    ("Subject matter expert", "fixes; reports as Condition, Actions, Needs"),
    ("Internal liaison", "updates stakeholders and executives"),
    ("Customer liaison", "writes the status page and answers support"),
)
_ACTION_MEANING = {
    "mitigate": "makes the next incident of this kind smaller or shorter",
    "prevent": "stops this kind of incident from happening again",
    "process": "changes how people work: a runbook, a review, training",
    "other": "does anything else worth doing",
}


# -- inputs ----------------------------------------------------------------------------------------
def _plan(plan: Any):
    """A QuarterPlan from ``plan`` (None: ``sl.PHASES[4]``; a dict of its fields)."""
    from .quarter import PHASES, QuarterPlan

    if plan is None:
        return PHASES[4]
    if isinstance(plan, QuarterPlan):
        return plan
    fields = [f.name for f in dataclasses.fields(QuarterPlan)]
    if isinstance(plan, dict):
        unknown = sorted(str(k) for k in plan if k not in fields)
        if unknown:
            raise TypeError(message("plan", f"a dict of QuarterPlan's fields ({', '.join(fields)})",
                                    unknown, "Check the spelling of the lever."))
        return QuarterPlan(**plan)
    raise TypeError(message("plan", "an sl.QuarterPlan (for example sl.PHASES[4]), a dict of its "
                            "fields, or None", type(plan).__name__))


def _start(start: Any) -> _dt.date:
    rule = "a date such as '2027-01-04' (YYYY-MM-DD) or a datetime.date"
    if isinstance(start, _dt.datetime):
        day = start.date()
    elif isinstance(start, _dt.date):
        day = start
    elif not isinstance(start, str):
        raise TypeError(message("start", rule, start))
    else:
        try:
            day = _dt.date.fromisoformat(start.strip())
        except ValueError:
            raise ValueError(message("start", rule, start)) from None
    if not 1900 <= day.year <= 2200:    # a plan's last dates must exist too
        raise ValueError(message("start", "a date between 1900 and 2200", start))
    return day


def _weeks(weeks: Any) -> int:
    return check_int("weeks", weeks, low=1, high=104)


def _service_of(name: str) -> str | None:
    from ..simulation import SERVICE_NAMES

    for service in SERVICE_NAMES:
        if name == service or name.startswith(service + "-"):
            return service
    return None


def _slos(slos: Any, slo_target: float) -> list:
    """The SLOs of the kit, checked: each named after a MicroCorp service."""
    from ..cost.benefit import MICROCORP_REVENUE
    from ..simulation import SERVICE_NAMES
    from ..slo import SLO
    from ..cost.chargeback import SERVICE_TEAMS

    if slos is None:
        def team(service):
            return SERVICE_TEAMS[service]
        return [
            SLO("checkout-availability", "availability", slo_target, window_days=30,
                owner=team("checkout"),
                description="Checkout requests that succeed, as the quarter plan's target."),
            SLO("checkout-latency", "latency", slo_target, window_days=30, owner=team("checkout"),
                threshold_ms=int(MICROCORP_REVENUE.slow_ms),
                description=f"Successful checkouts answered within {MICROCORP_REVENUE.slow_ms:,} ms "
                            "(slower ones are lost purchases in the capstone's revenue model)."),
            SLO("payment-availability", "availability", slo_target, window_days=30,
                owner=team("payment"), description="Payment calls that succeed."),
            SLO("search-availability", "availability", slo_target, window_days=30,
                owner=team("search"), description="Search requests that succeed."),
        ]
    rule = "a list of sl.SLO whose names start with a MicroCorp service, e.g. 'checkout-availability'"
    if isinstance(slos, SLO):
        slos = [slos]
    if isinstance(slos, (str, bytes, dict)) or not hasattr(slos, "__iter__"):
        raise TypeError(message("slos", rule, type(slos).__name__))
    slos = list(slos)
    if not slos:
        raise ValueError(message("slos", rule, slos, "Leave slos=None for the default four."))
    names = set()
    for i, slo in enumerate(slos):
        if not isinstance(slo, SLO):
            raise TypeError(message(f"slos[{i}]", "an sl.SLO (sl.SLO or sl.slo_from_tier)",
                                    type(slo).__name__))
        if _service_of(slo.name) is None:
            raise ValueError(message(f"slos[{i}].name", "a name that starts with a MicroCorp "
                                     f"service ({', '.join(SERVICE_NAMES)}) and '-'", slo.name,
                                     "For example 'checkout-availability'."))
        if slo.name in names:
            raise ValueError(message(f"slos[{i}].name", "unique among the SLOs", slo.name))
        if not float(slo.window_days).is_integer():
            raise ValueError(message(f"slos[{i}].window_days", "a whole number of days (OpenSLO)",
                                     slo.window_days))
        names.add(slo.name)
    return slos


# -- 1. SLO definitions ----------------------------------------------------------------------------
def _selectors(service: str, slo) -> dict:
    """PromQL counters of the SLO's SLI (standard OpenTelemetry/Prometheus HTTP metrics)."""
    job = f'job="{service}"'
    if slo.sli == "availability":
        return dict(errors_counter=f'http_requests_total{{{job},code=~"5.."}}',
                    total_counter=f"http_requests_total{{{job}}}")
    le = f"{slo.threshold_ms / 1000:g}"
    ok = ',code!~"5.."' if slo.sli == "latency" else ""
    return dict(good_counter=f'http_request_duration_seconds_bucket{{{job}{ok},le="{le}"}}',
                total_counter=f"http_request_duration_seconds_count{{{job}{ok}}}")


def _daily_valid_events(service: str, sli: str) -> float:
    """Mean valid events a day over MicroCorp's last year (``sl.load_daily_history``)."""
    from ..datasets import load_daily_history

    day = load_daily_history(service)
    valid = day["requests"] - day["errors"] if sli == "latency" else day["requests"]
    return float(valid.mean())


def _months_met(service: str, target: float) -> tuple[int, int]:
    """(full calendar months whose availability met ``target``, full months) of the last year."""
    from ..datasets import load_daily_history

    day = load_daily_history(service)
    month = day["date"].dt.tz_convert("UTC").dt.strftime("%Y-%m")
    per = day.groupby(month).agg(days=("date", "size"), requests=("requests", "sum"),
                                 errors=("errors", "sum"))
    full = per[per["days"] >= 28]
    met = (1 - full["errors"] / full["requests"]) >= target
    return int(met.sum()), int(len(full))


def _openslo(slo) -> str:
    from ..export import to_openslo

    service = _service_of(slo.name)
    return to_openslo(slo.name, slo_target=slo.target, service=service,
                      window_days=int(slo.window_days), description=slo.description or None,
                      **_selectors(service, slo))


def _prometheus(slo) -> str | None:
    """The burn-rate rule file of an availability SLO (None for latency kinds)."""
    from ..export import to_prometheus_rules

    if slo.sli != "availability":
        return None
    return to_prometheus_rules(slo.name, slo_target=slo.target, **_selectors(_service_of(slo.name), slo))


def _slo_definitions_text(slos, plan, review: _dt.date) -> str:
    """``slo_definitions.md``: a short header, then one SLO document per SLO."""
    from ..cost.chargeback import SERVICE_TEAMS
    from ..formatting import format_percent
    from ..templates import slo_document

    parts = [f"# SLO definitions: {plan.name}", "",
             f"{len(slos)} SLOs, one document each (SRE Workbook, Appendix A). The budgets are "
             "computed from MicroCorp's last year of traffic (`sl.load_daily_history()`); "
             "each document ends with the same SLO in OpenSLO v1, also saved under `openslo/`. "
             f"Review them all on {review.isoformat()}, the end of the plan's period.", ""]
    for slo in slos:
        service = _service_of(slo.name)
        events = _daily_valid_events(service, slo.sli) * float(slo.window_days)
        if slo.sli == "availability":
            met, months = _months_met(service, slo.target)
            rationale = (f"The quarter plan \u201c{plan.name}\u201d sets {format_percent(slo.target)}. "
                         f"Over MicroCorp's last year {service} met it in {met} of the {months} "
                         "calendar months the history covers (28 days of data or more each).")
        else:
            rationale = (f"The quarter plan \u201c{plan.name}\u201d sets {format_percent(slo.target)}. "
                         f"{slo.description} Check it on the latency buckets of "
                         f"`sl.load_requests(service=\"{service}\")` before you commit to it.")
        owner = slo.owner or SERVICE_TEAMS.get(service, service)
        parts += ["---", "", slo_document(
            slo, service=service, window_valid_events=events, journey=JOURNEYS[service],
            rationale=rationale, owner=f"{owner} team", review_date=review,
            openslo=_openslo(slo)).rstrip("\n"), ""]
    return "\n".join(parts)


# -- 2. incident checklist -------------------------------------------------------------------------
def _share(value, above=None) -> str:
    """The share column of the severity table (``above``: the next level's share)."""
    from ..formatting import format_percent

    if value is None:
        return "none (no customer impact)"
    if value == 0 and above:
        return f"under {format_percent(above)}"
    return f"at least {format_percent(value)}"


def incident_checklist(*, slo_target=0.999, service="checkout") -> str:
    """The incident management checklist as Markdown check boxes (pure: writes nothing).

    Built from the constants of section 3 so a change there changes the
    checklist: the severity table from ``sl.SEVERITY_SCALE`` (and the one-level
    raise after ``sl.LONG_INCIDENT_MINUTES``), one part per stage of
    ``sl.RESPONSE_STAGES``, the incident roles, communication channels and
    cadence per level, and the postmortem steps: when one is required
    (every major incident; the error budget policy's single-incident rule,
    whose threshold in failed requests is worked out for ``service`` at
    ``slo_target`` with ``sl.postmortem_required``) and one action-item
    prompt per type of ``sl.ACTION_TYPES``.

    Parameters
    ----------
    slo_target : float, default 0.999
        The service's objective, for the postmortem threshold.
    service : str, default "checkout"
        A MicroCorp service; its valid events are the mean of the last year.

    Returns
    -------
    str
        Markdown, ending with a newline.

    Examples
    --------
    >>> text = incident_checklist()
    >>> text.splitlines()[0]
    '# Incident management checklist'
    >>> sum(line.startswith("- [ ] ") for line in text.splitlines()) > 20
    True
    """
    from .._validation import check_fraction, check_choice
    from ..formatting import format_duration, format_percent
    from ..incidents.postmortem import ACTION_TYPES
    from ..incidents.response import RESPONSE_STAGES
    from ..incidents.severity import LONG_INCIDENT_MINUTES, SEVERITY_SCALE
    from ..policy import postmortem_required, workbook_error_budget_policy
    from ..simulation import SERVICE_NAMES
    from ..slo import error_budget

    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    service = check_choice("service", service, SERVICE_NAMES)
    policy = workbook_error_budget_policy()
    levels = [s.level for s in SEVERITY_SCALE]
    major = [s.level for s in SEVERITY_SCALE if s.major]
    by_share = [s for s in SEVERITY_SCALE if s.min_share_affected]
    shares = [s.min_share_affected for s in SEVERITY_SCALE]
    long_impact = format_duration(_dt.timedelta(minutes=LONG_INCIDENT_MINUTES))
    lines = [
        "# Incident management checklist", "",
        "Tick the boxes as you go; copy this file into the incident channel's first message. "
        "Generated from `sl.SEVERITY_SCALE`, `sl.RESPONSE_STAGES`, the error budget policy "
        f"(\u201c{policy.name}\u201d) and `sl.ACTION_TYPES`.", "",
        "## 1. Classify the severity", "",
        "| Level | Criteria | Share of users or requests | Response | Major incident |",
        "|---|---|---|---|---|",
        *[f"| **{s.level}** | {s.criteria} | {_share(s.min_share_affected, above)} | "
          f"{s.response} | {'yes' if s.major else 'no'} |"
          for s, above in zip(SEVERITY_SCALE, [None, *shares])],
        "",
        "- [ ] Measure the share of users affected and the share of requests that failed or were "
        "too slow; the larger one counts",
        "- [ ] Pick the level: " + "; ".join(
            f"{_share(s.min_share_affected)} is {s.level}" for s in by_share)
        + f"; less is {levels[len(by_share)]}",
        f"- [ ] Raise it one level if users have been hurt for {long_impact} or more",
        f"- [ ] {levels[0]} whatever the share if customer data were lost or exposed",
        "- [ ] Unsure between two levels? Take the higher one (PagerDuty)",
        f"- [ ] {' or '.join(major)}: a major incident, page an incident commander now",
        "- [ ] Priority is a separate question: raise it at a peak business time, lower it when "
        "a workaround exists (`sl.incident_priority`)",
        "",
        "## 2. Respond, stage by stage", "",
    ]
    for i, stage in enumerate(RESPONSE_STAGES, start=3):
        title, steps = _STAGE_STEPS.get(stage, (stage.capitalize(), []))
        lines += [f"### {title} ({stage})", ""]
        lines += [f"- [ ] {step}" for step in steps]
        lines += [f"- [ ] Write down the time it was {stage.split()[-1]}", ""]
    lines += ["### Resolve", "", *[f"- [ ] {step}" for step in _RESOLVE_STEPS], "",
              "### Roles (PagerDuty's incident roles)", "",
              *[f"- [ ] **{role}** named: {what}" for role, what in _ROLES], "",
              "## 3. Communicate", "",
              "| Level | Channel | Cadence |", "|---|---|---|"]
    for s in SEVERITY_SCALE:
        if s.major:
            cadence = (f"an update every {_MAJOR_UPDATE_MINUTES} minutes until mitigated, then at "
                       "resolution")
        elif s.min_share_affected is not None:
            cadence = "at the start and at mitigation, in the team's channel"
        else:
            cadence = "in the ticket"
        lines.append(f"| {s.level} | {s.response} | {cadence} |")
    lines += ["",
              "- [ ] Open one incident channel; the incident commander posts the first update "
              "(what users see, what we do, next update at)",
              f"- [ ] {' and '.join(major)}: update stakeholders every {_MAJOR_UPDATE_MINUTES} "
              "minutes (the course's choice: agree on yours) and the status page if users can see it",
              "- [ ] Say when it is mitigated and when it is resolved, in the same channels",
              "", "## 4. After: the postmortem", ""]
    window = policy.window_days
    valid = _daily_valid_events(service, "availability") * window
    budget = float(error_budget(slo_target, valid))
    share = policy.postmortem_budget_share
    if share is not None:
        first = math.floor(share * budget)   # the fewest failed requests that need one
        while not postmortem_required(first, slo_target=slo_target, window_valid_events=valid,
                                      policy=policy).required:
            first += 1
        lines.append(
            f"- [ ] Postmortem required by the budget rule if this one incident spent more than "
            f"{format_percent(share)} of the {window}-day error budget: for {service} at "
            f"{format_percent(slo_target)}, {first:,} failed requests or more of its "
            f"{budget:,.0f} (`sl.postmortem_required`), with at least one P0 action item")
    lines += [
        f"- [ ] Postmortem for every major incident ({', '.join(major)}), a data loss, a rollback "
        "or other on-call intervention, or detection by users instead of monitoring (SRE book "
        "ch. 15)",
        "- [ ] Name its owner; meet within 3 calendar days for SEV1, 5 business days for SEV2 "
        "(PagerDuty)",
        "- [ ] Fill the numbers from the data: `sl.response_timeline(...)` then "
        "`sl.postmortem_document(...)`",
        "- [ ] Blameless: about systems and processes, not people (`sl.blaming_phrases` finds "
        "wording that points at a person)",
        "- [ ] Lessons learned: what went well, what went wrong, where we got lucky",
        *[f"- [ ] **{kind}**: an action item that {_ACTION_MEANING.get(kind, 'is of this type')}? "
          "Give it an owner, a priority and a ticket" for kind in ACTION_TYPES],
        "- [ ] Review the postmortem, share it, and track its action items to done", ""]
    return "\n".join(lines)


# -- 3. cost by team -------------------------------------------------------------------------------
def _bill(plan):
    from ..cost.prices import monthly_bill
    from ..cost.telemetry import telemetry_volumes

    volumes = telemetry_volumes(log_levels=plan.log_level, span_share=plan.span_share())
    return monthly_bill(volumes, retention_days=plan.retention_days)


def cost_by_team(plan=None) -> pd.DataFrame:
    """The observability bill of MicroCorp's last year by month, team, service and signal.

    The cost monitoring template: one row per (month, team, service, signal,
    component) of ``sl.monthly_bill`` for ``sl.telemetry_volumes`` under the
    plan's log level and span sampling (``plan.span_share()``: head sampling
    plus what tail sampling keeps), priced with the plan's retention
    (``plan.retention_days``). Teams come from ``sl.SERVICE_TEAMS``. Amounts
    are whole cents, split from the bill's total by the largest remainder
    (``sl.split_cents``), so they add up to the bill to the cent.

    Parameters
    ----------
    plan : QuarterPlan or dict, optional
        Default ``sl.PHASES[4]``.

    Returns
    -------
    pandas.DataFrame
        Columns ``month`` (``"2026-10"``), ``team``, ``service``, ``signal``
        (``"licence"`` for the hosts' licences), ``component``, ``quantity``,
        ``unit`` and ``usd``.

    Examples
    --------
    >>> import sre_lab as sl
    >>> table = cost_by_team(sl.PHASES[1])
    >>> sorted(table["team"].unique())
    ['orders', 'payments', 'search']
    >>> bill = sl.monthly_bill(sl.telemetry_volumes(), retention_days={"hot": 90})
    >>> round(float(table["usd"].sum()), 2) == round(float(bill["usd"].sum()), 2)
    True
    """
    from ..cost.chargeback import SERVICE_TEAMS, split_cents

    plan = _plan(plan)
    bill = _bill(plan)
    total_cents = int(round(float(bill["usd"].sum()) * 100))
    cents = split_cents(total_cents, bill["usd"].to_numpy(float))
    signal = bill["signal"].astype(str).where(bill["signal"].astype(str) != "", "licence")
    return pd.DataFrame({
        "month": bill["month"].astype(str).to_numpy(),
        "team": bill["service"].astype(str).map(dict(SERVICE_TEAMS)).to_numpy(),
        "service": bill["service"].astype(str).to_numpy(),
        "signal": signal.to_numpy(),
        "component": bill["component"].astype(str).to_numpy(),
        "quantity": bill["quantity"].to_numpy(float).round(6),
        "unit": bill["unit"].astype(str).to_numpy(),
        "usd": cents / 100.0,
    })


# -- 4. chaos plan ---------------------------------------------------------------------------------
def chaos_plan(*, start="2027-01-04", weeks=12) -> pd.DataFrame:
    """A rolling schedule of chaos game days over ``weeks`` weeks, with goals and fail-safes.

    A game day every four weeks from ``start`` (the weeks of the plan hold
    ``ceil(weeks / 4)`` of them). The course's experiments
    (``sl.course_experiments()``) are spread over them in course order: when
    there are more game days than experiments the list starts again (a rerun
    catches a regression), when there are fewer a game day runs several. Each
    row carries the experiment's steady-state hypothesis (its goal), its
    probes and tolerances (the measurement criteria), and its fail-safes: the
    blast radius, the error budget it is expected to spend (``sl.run_experiment``
    in virtual time) against a cap, the rollbacks, and the abort condition.

    The cap is the error budget policy's single-incident share (20 % of the
    budget, ``sl.workbook_error_budget_policy()``): an experiment that spends
    more is itself an incident that needs a postmortem.

    Parameters
    ----------
    start : str or datetime.date, default "2027-01-04"
        The first game day (the capstone's quarter starts on this Monday).
    weeks : int, default 12
        Length of the plan, 1 to 104 weeks.

    Returns
    -------
    pandas.DataFrame
        One row per experiment run: ``game_day`` (1, 2, ...), ``date``
        (``datetime.date``), ``experiment``, ``title``, ``hypothesis``,
        ``probes``, ``blast_radius``, ``expected_budget_share``,
        ``budget_cap_share``, ``budget_cap_requests``, ``expected_outcome``,
        ``rollbacks``, ``abort_if``.

    Examples
    --------
    >>> plan = chaos_plan(start="2027-01-04", weeks=12)
    >>> sorted({d.isoformat() for d in plan["date"]})
    ['2027-01-04', '2027-02-01', '2027-03-01']
    >>> plan["experiment"].tolist()[:2]
    ['payment-bad-instance', 'search-outage']
    """
    from ..formatting import format_percent
    from ..policy import workbook_error_budget_policy
    from ..resilience.chaos import course_experiments, run_experiment, to_chaostoolkit

    first = _start(start)
    weeks = _weeks(weeks)
    days = math.ceil(weeks * 7 / GAME_DAY_EVERY_DAYS)
    experiments = course_experiments()
    if days >= len(experiments):
        slots = [[experiments[i % len(experiments)]] for i in range(days)]
    else:
        slots = [list(part) for part in np.array_split(np.array(experiments, dtype=object), days)]
    cap = workbook_error_budget_policy().postmortem_budget_share
    runs = {e.name: run_experiment(e) for e in experiments}
    rows = []
    for number, chosen in enumerate(slots, start=1):
        date = first + _dt.timedelta(days=GAME_DAY_EVERY_DAYS * (number - 1))
        for experiment in chosen:
            doc = to_chaostoolkit(experiment)
            run = runs[experiment.name]
            fault = experiment.fault
            probes = "; ".join(
                f"{p['name']} in [{p['tolerance']['range'][0]:g}, {p['tolerance']['range'][1]:g}]"
                for p in doc["steady-state-hypothesis"]["probes"])
            radius = (f"{fault['service']} {fault['kind']}, {format_percent(fault['traffic_share'])} "
                      f"of its calls, minutes {fault['start_minute']:g} to {fault['end_minute']:g} "
                      f"of {experiment.scenario['minutes']}")
            rows.append(dict(
                game_day=number, date=date, experiment=experiment.name, title=experiment.title,
                hypothesis=doc["steady-state-hypothesis"]["title"], probes=probes,
                blast_radius=radius, expected_budget_share=float(run.budget_spent),
                budget_cap_share=float(cap), budget_cap_requests=float(cap * run.budget_allowed),
                expected_outcome=("finds a weakness" if run.deviated else "holds"),
                rollbacks=", ".join(r["name"] for r in doc["rollbacks"]),
                abort_if=(f"a steady-state probe leaves its tolerance, checkout's burn-rate page "
                          f"fires, or the experiment spends more than {format_percent(cap)} of the "
                          f"budget ({cap * run.budget_allowed:,.0f} failed checkouts)")))
    return pd.DataFrame(rows)


def _chaos_plan_text(table: pd.DataFrame, plan, weeks: int) -> str:
    from ..formatting import format_percent
    from ..resilience.chaos import BUDGET_SLO_TARGET, BUDGET_WINDOW_DAYS

    first, last = table["date"].min(), table["date"].max()
    lines = [
        "# Chaos engineering plan", "",
        f"A game day every {GAME_DAY_EVERY_DAYS // 7} weeks over {weeks} weeks from "
        f"{first.isoformat()} ({table['game_day'].nunique()} game days, the last on "
        f"{last.isoformat()}). Every experiment states a steady state, injects one fault and "
        "tries to disprove the hypothesis (principlesofchaos.org). Budgets are checkout's "
        f"{BUDGET_WINDOW_DAYS}-day error budget at {format_percent(BUDGET_SLO_TARGET)}, as the "
        "Chaos Toolkit files charge it.", ""]
    if not plan.chaos_game_days:
        lines += [f"> The plan \u201c{plan.name}\u201d has no chaos game days yet: this is the "
                  "schedule to adopt when it does.", ""]
    lines += ["## Schedule", "", "| Game day | Date | Experiment | Goal | Expected |",
              "|---|---|---|---|---|"]
    for row in table.itertuples():
        lines.append(f"| {row.game_day} | {row.date.isoformat()} | `{row.experiment}` | {row.title} "
                     f"| {row.expected_outcome} |")
    lines += ["", "## Before every game day", "",
              "- [ ] The error budget policy says go for checkout (no freeze: "
              "`sl.release_decision(remaining_budget)`); no game day during a freeze",
              "- [ ] No open incident on checkout or the faulted service",
              "- [ ] Everyone who is on call knows the time and the abort condition",
              "- [ ] `chaos validate chaos/<name>.json` passes", ""]
    for row in table.itertuples():
        lines += [
            f"## Game day {row.game_day}, {row.date.isoformat()}: `{row.experiment}`", "",
            f"**Goal (steady-state hypothesis).** {row.hypothesis}.", "",
            f"**Measurement criteria.** Probes and tolerances: {row.probes}. Also recorded, not "
            "judged: retry amplification and the error budget spent.", "",
            "**Fail-safes.**", "",
            f"- [ ] Blast radius: {row.blast_radius}",
            f"- [ ] Error budget: expected {format_percent(row.expected_budget_share, digits=2)} "
            f"(a rehearsal in virtual time, `sl.run_experiment`); cap "
            f"{format_percent(row.budget_cap_share)} ({row.budget_cap_requests:,.0f} failed "
            "checkouts)",
            f"- [ ] Rollbacks: {row.rollbacks} (Chaos Toolkit runs them at the end, whatever "
            "happened)",
            f"- [ ] Abort and roll back at once if {row.abort_if}",
            f"- [ ] Expected: {row.expected_outcome}; write down what you found, and turn a "
            "weakness into an action item", ""]
    return "\n".join(lines)


# -- README and the writer -------------------------------------------------------------------------
_WHAT = {
    "slo_definitions.md": "one SLO document per SLO: SLI, target, window, error budget, owner, "
                          "review date, policy",
    "incident_checklist.md": "severity, response stages and roles, communication, postmortem "
                             "steps as check boxes",
    "cost_by_team.csv": "the observability bill by month, team, service, signal and component",
    "chaos_plan.md": "game days with goals, measurement criteria and fail-safes",
    "README.md": "this index",
}


def _what(path: Path) -> str:
    if path.as_posix() in _WHAT:
        return _WHAT[path.as_posix()]
    folder = path.parts[0]
    return {"openslo": f"OpenSLO v1 definition of {path.stem}",
            "prometheus": f"Prometheus burn-rate rules of {path.stem}",
            "chaos": f"Chaos Toolkit experiment {path.stem}"}.get(folder, "")


def _readme_text(plan, files, team_totals: pd.DataFrame, first_month: str, last_month: str) -> str:
    from ..formatting import format_percent

    sampling = (f"head sampling {format_percent(plan.head_sampling)}"
                + (" plus tail sampling" if plan.tail_sampling else ""))
    listed = "\n".join(f"| `{f.as_posix()}` | {_what(f)} |" for f in files)
    teams = "\n".join(f"| {team} | ${row.total_usd:,.2f} | {format_percent(row.share, digits=1)} |"
                      for team, row in team_totals.iterrows())
    return f"""# Take-home kit: {plan.name}

Generated by `sl.take_home_kit(plan=...)` from the decisions of the plan
\u201c{plan.name}\u201d: SLO target {format_percent(plan.slo_target)}, {sampling},
retention \u201c{plan.retention}\u201d, log level {plan.log_level}.
Rerunning it overwrites these files.

| File | What it is |
|---|---|
{listed}

## How to use each

- **`slo_definitions.md`**: agree on it with each owner team, then keep it next
  to the service's code. Change a target in the notebook and regenerate: never
  retype a budget.
- **`openslo/*.yaml`**: hand them to an OpenSLO tool (Nobl9, Sloth, an OpenSLO
  validator). The selectors assume the usual `http_requests_total` and
  `http_request_duration_seconds` metrics: rename them to yours.
- **`prometheus/*.yml`**: check with `promtool check rules prometheus/<file>`,
  list them under `rule_files:` in `prometheus.yml`, route the `severity` label
  (`page`, `ticket`) in Alertmanager. Latency SLOs have no rule file here (their
  bad events are a difference of two counters).
- **`incident_checklist.md`**: paste it into the incident channel when an
  incident is declared and tick the boxes; the scribe keeps it.
- **`cost_by_team.csv`**: open it in a spreadsheet or BI tool and pivot on
  `team` and `month` (sum of `usd`); the rows add up to the bill to the cent.
  From {first_month} to {last_month}, by team:

| Team | USD | Share |
|---|---|---|
{teams}

- **`chaos_plan.md`**: put the game days in the calendar, run the checklist
  before each one, and record what each experiment found.
- **`chaos/*.json`**: `chaos validate chaos/<name>.json`, then
  `chaos run chaos/<name>.json` (with `sre_lab` installed; add
  `--no-version-check` offline). They run on the simulated MicroCorp in virtual
  time; for real systems, swap the providers for your fault-injection tool's.
"""


def _folder(folder: Any) -> Path:
    from ..templates import output_folder

    if folder is None:
        return output_folder() / "take_home"
    if not isinstance(folder, (str, Path)):
        raise TypeError(message("folder", "a folder path (str or pathlib.Path)", type(folder).__name__))
    return Path(folder).absolute()


def _write(folder: Path, relative: str, text: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return Path(relative)


def _size(nbytes: int) -> str:
    return f"{nbytes:,} B" if nbytes < 1024 else f"{nbytes / 1024:,.1f} KB"


@dataclass(frozen=True)
class TakeHomeKit:
    """The files :func:`take_home_kit` wrote.

    Attributes
    ----------
    folder : pathlib.Path
        Where they are (absolute).
    files : tuple of pathlib.Path
        The files, relative to ``folder``, in the order they were written
        (``folder / file`` is a file's path).
    """

    folder: Path
    files: tuple

    def _rows(self):
        for f in self.files:
            path = self.folder / f
            size = path.stat().st_size if path.exists() else 0
            yield f.as_posix(), _size(size), _what(f)

    def __repr__(self) -> str:
        return f"TakeHomeKit(folder={str(self.folder)!r}, files={len(self.files)})"

    def _repr_markdown_(self) -> str:
        rows = "\n".join(f"| `{name}` | {size} | {what} |" for name, size, what in self._rows())
        return (f"**Take-home kit** in `{self.folder}` ({len(self.files)} files)\n\n"
                f"| File | Size | What it is |\n|---|---:|---|\n{rows}\n")

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td><code>{html.escape(name)}</code></td><td style='text-align:right'>"
                       f"{size}</td><td>{html.escape(what)}</td></tr>"
                       for name, size, what in self._rows())
        return (f"<p><strong>Take-home kit</strong> in <code>{html.escape(str(self.folder))}</code> "
                f"({len(self.files)} files)</p><table><thead><tr><th>File</th><th>Size</th>"
                f"<th>What it is</th></tr></thead><tbody>{rows}</tbody></table>")


def take_home_kit(*, slos=None, plan=None, folder=None, start="2027-01-04", weeks=12) -> TakeHomeKit:
    """Write the outline's four templates as files, filled in from your plan.

    The SLO definitions (Markdown documents, OpenSLO YAML, Prometheus
    burn-rate rules), the incident management checklist, the cost monitoring
    CSV by team and the chaos engineering plan (Markdown and Chaos Toolkit
    JSON), plus a README that indexes them. See the module docstring for the
    file list.

    Parameters
    ----------
    slos : list of SLO, optional
        The SLOs to document, each named after its service
        (``"checkout-availability"``). Default: checkout availability and
        latency (within ``sl.MICROCORP_REVENUE.slow_ms``, 1,000 ms), payment
        and search availability, all at ``plan.slo_target`` over 30 days.
    plan : QuarterPlan or dict, optional
        Your decisions (``sl.QuarterPlan`` or a dict of its fields); default
        ``sl.PHASES[4]``. Its ``slo_target`` sets the default SLOs, its log
        level, ``span_share()`` and ``retention_days`` price the cost CSV.
    folder : str or os.PathLike, optional
        Default ``sl.output_folder() / "take_home"`` (``notebooks/output/take_home/``);
        created if needed. Files of the same names are replaced.
    start : str or datetime.date, default "2027-01-04"
        First day of the plan: the first game day; the SLOs are reviewed
        ``weeks`` weeks later.
    weeks : int, default 12
        Length of the plan, 1 to 104 weeks.

    Returns
    -------
    TakeHomeKit
        ``folder`` and ``files`` (relative paths, in the order written);
        shown as a table of files with sizes in a notebook.

    Raises
    ------
    TypeError
        If ``plan``, ``slos``, ``folder``, ``start`` or ``weeks`` is of the
        wrong kind, or a dict plan names a lever QuarterPlan does not have.
    ValueError
        If ``start`` is not a date, ``weeks`` is outside 1 to 104, or an SLO's
        name does not start with a MicroCorp service.

    Examples
    --------
    >>> import tempfile
    >>> import sre_lab as sl
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     kit = take_home_kit(plan=sl.PHASES[2], folder=tmp)
    ...     names = [f.as_posix() for f in kit.files]
    ...     checklist = (kit.folder / "incident_checklist.md").read_text(encoding="utf-8")
    >>> names[:2]
    ['slo_definitions.md', 'openslo/checkout-availability.yaml']
    >>> names[-1], len(names)
    ('README.md', 16)
    >>> checklist.splitlines()[0]
    '# Incident management checklist'
    """
    from ..resilience.chaos import save_chaostoolkit

    plan = _plan(plan)
    first = _start(start)
    weeks = _weeks(weeks)
    slos = _slos(slos, plan.slo_target)
    target = _folder(folder)

    review = first + _dt.timedelta(weeks=weeks)
    checkout = next((s for s in slos if s.sli == "availability"
                     and _service_of(s.name) == "checkout"), None)
    texts = [("slo_definitions.md", _slo_definitions_text(slos, plan, review))]
    texts += [(f"openslo/{s.name}.yaml", _openslo(s)) for s in slos]
    texts += [(f"prometheus/{s.name}.yml", _prometheus(s)) for s in slos if s.sli == "availability"]
    texts.append(("incident_checklist.md", incident_checklist(
        slo_target=checkout.target if checkout is not None else plan.slo_target)))
    costs = cost_by_team(plan)
    table = chaos_plan(start=first, weeks=weeks)

    target.mkdir(parents=True, exist_ok=True)
    files = [_write(target, name, text) for name, text in texts]
    costs.to_csv(target / "cost_by_team.csv", index=False)
    files.append(Path("cost_by_team.csv"))
    files.append(_write(target, "chaos_plan.md", _chaos_plan_text(table, plan, weeks)))
    for experiment in dict.fromkeys(table["experiment"]):
        path = save_chaostoolkit(experiment, folder=target / "chaos")
        files.append(path.relative_to(target))
    files.append(Path("README.md"))
    from ..cost.chargeback import allocate_costs

    totals = allocate_costs(costs[["team", "usd"]])
    readme = _readme_text(plan, files, totals, costs["month"].min(), costs["month"].max())
    _write(target, "README.md", readme)
    return TakeHomeKit(folder=target, files=tuple(files))
