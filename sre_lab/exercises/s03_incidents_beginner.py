"""Exercises and quizzes of the 03_incidents beginner tier: keys "inc1a", "inc1b".

==============================================  =====  =======================================
notebook                                        key    asks
==============================================  =====  =======================================
``03_incidents/1a_severity_and_detection``      inc1a  share of requests that failed in
                                                       Alex's incident, its severity, time to
                                                       detect
``03_incidents/1b_blameless_postmortems``       inc1b  median time to detect of checkout's
                                                       incidents, cost before the page,
                                                       blameless sentences
==============================================  =====  =======================================

Alex's 2 AM page is MicroCorp's incident INC-002 (checkout, 2026-10-09 04:55 UTC,
01:55 on Alex's clock at UTC-3). Reference answers and misconceptions call the
same core functions the notebooks call (``sl.classify_severity``,
``sl.response_timeline``, ``sl.response_times``); nothing is typed in.
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

NB_1A = "03_incidents/1a_severity_and_detection"
NB_1B = "03_incidents/1b_blameless_postmortems"

ALEX_INCIDENT = "INC-002"
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")

#: Sentences for a postmortem's contributing factors: key -> (sentence, blameless?, why).
SENTENCES = {
    "no_severity_table": ("The on-call runbook had no severity table, so every page read as "
                          "critical.", True, "it names a gap in the process anyone would hit"),
    "alex_panicked": ("Alex panicked and wasted twenty minutes in the logs.", False,
                      "it judges a person; ask what the logs and the runbook offered instead"),
    "page_at_31_min": ("The 1-hour burn-rate page fired 31 minutes after the impact began: "
                       "the error ratio was just above its threshold.", True,
                       "it states a measured fact about the alerting"),
    "human_error": ("Root cause: human error in the deploy.", False,
                    "'human error' ends the inquiry where it should start: what let the "
                    "change reach users?"),
    "canary_skipped": ("The deploy pipeline let the change skip the canary stage.", True,
                       "it points at the pipeline, which can be fixed"),
    "should_have_called": ("The engineer should have called the senior engineer sooner.",
                           False, "'should have' is hindsight; say what made escalating hard"),
}

# --------------------------------------------------------------------------- reference helpers
# Called lazily (on the first check), so importing the registry loads no data.


def _alex():
    from ..datasets import load_incidents
    return load_incidents().set_index("id").loc[ALEX_INCIDENT]


def _checkout():
    from ..datasets import load_requests
    return load_requests(service="checkout")


def _during(until="mitigated"):
    alex, traffic = _alex(), _checkout()
    return traffic[(traffic.index >= alex["started"]) & (traffic.index < alex[until])]


def _requests_affected() -> float:
    during = _during()
    return float(during["errors"].sum() / during["requests"].sum())


def _errors_over_window() -> float:
    return float(_during()["errors"].sum() / _checkout()["requests"].sum())


def _errors_over_day() -> float:
    alex, traffic = _alex(), _checkout()
    day = traffic.loc[alex["started"].strftime("%Y-%m-%d")]
    return float(_during()["errors"].sum() / day["requests"].sum())


def _severity() -> str:
    from ..incidents.severity import classify_severity
    alex = _alex()
    minutes = (alex["mitigated"] - alex["started"]).total_seconds() / 60
    return classify_severity(alex["users_affected"], requests_affected=_requests_affected(),
                             duration_minutes=minutes)


def _timeline(ack_delay_minutes=4):
    from ..incidents.response import response_timeline
    return response_timeline(_checkout(), _alex(), slo_target=0.999, window_days=28,
                             ack_delay_minutes=ack_delay_minutes)


def _cost_before_page(by="events") -> float:
    stages = _timeline().stages
    if by == "minutes":
        return float(stages["minutes"].iloc[0] / stages["minutes"].sum())
    if by == "window":
        return float(stages["budget_share"].iloc[0])
    return float(stages["bad_events"].iloc[0] / stages["bad_events"].sum())


def _checkout_times():
    from ..datasets import load_incidents
    from ..incidents.response import response_timeline, response_times
    incidents = load_incidents()
    traffic = _checkout()
    rows = incidents[incidents["service"] == "checkout"]
    return response_times([response_timeline(traffic, row, slo_target=0.999, window_days=28,
                                             rng=1) for _, row in rows.iterrows()])


def _ttd(how="median"):
    import pandas as pd
    ttd = _checkout_times()["time_to_detect"]
    if how == "mean":
        return ttd.mean()
    if how == "zero":
        return ttd.fillna(pd.Timedelta(0)).median()
    return ttd.median()


def _minutes(n):
    import datetime as dt
    return dt.timedelta(minutes=n)


# --------------------------------------------------------------------------- exercises

EXERCISES: list[Exercise] = [
    # ------------------------------------------ 03_incidents/1a_severity_and_detection
    Exercise(
        id="inc1a.requests_affected",
        notebook=NB_1A,
        prompt="What share of checkout's requests failed while Alex's incident hurt users "
               "(from started, inclusive, to mitigated, exclusive)? Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=_requests_affected,
        misconceptions=[
            ("you divided the incident's errors by all 28 days of requests, not by the "
             "requests made during the incident", _errors_over_window),
            ("you divided by the whole day's requests rather than those during the incident",
             _errors_over_day),
            ("you copied the incident record's share of users instead of measuring the "
             "requests", lambda: float(_alex()["users_affected"])),
        ],
        hint="Take the minutes of the incident only (the `during` frame) and divide its "
             "errors by its requests.",
        solution_code=(
            "alex = sl.load_incidents().set_index('id').loc['INC-002']\n"
            "checkout = sl.load_requests(service='checkout')\n"
            "during = checkout[(checkout.index >= alex['started']) & "
            "(checkout.index < alex['mitigated'])]\n"
            "answer = during['errors'].sum() / during['requests'].sum()\n"
        ),
    ),
    Exercise(
        id="inc1a.alex_severity",
        notebook=NB_1A,
        prompt="From the measured impact (users and requests affected, duration), which "
               "severity is Alex's incident on the course's scale?",
        kind="choice", choices=SEVERITIES,
        reference=_severity,
        misconceptions=[
            ("you rated it by how the 2 AM page felt ('everything is critical') rather than "
             "by the share of users hurt", lambda: "SEV1"),
            ("you took the label from the story's senior engineer; MicroCorp's measured "
             "share is far below SEV2's 20 %", lambda: "SEV2"),
            ("you raised it for its duration, but 49 minutes is far below the 4-hour rule, "
             "and 3 % is below SEV3's 5 %", lambda: "SEV3"),
            ("you read 'cosmetic' into a small share: customers did fail to pay", lambda: "SEV5"),
        ],
        hint="Call sl.classify_severity with the share of users, the share of requests you "
             "measured, and the minutes from started to mitigated.",
        solution_code=(
            "alex = sl.load_incidents().set_index('id').loc['INC-002']\n"
            "minutes = (alex['mitigated'] - alex['started']).total_seconds() / 60\n"
            "answer = sl.classify_severity(alex['users_affected'], requests_affected=0.025, "
            "duration_minutes=minutes)\n"
        ),
    ),
    Exercise(
        id="inc1a.time_to_detect",
        notebook=NB_1A,
        prompt="How long after the impact began did the burn-rate policy first page?",
        kind="timedelta", abs_tol=30,
        reference=lambda: _timeline().time_to_detect,
        misconceptions=[
            ("you measured until mitigation (that is the time to mitigate)",
             lambda: _timeline().time_to_mitigate),
            ("you assumed a page on a 1-hour window always takes the whole hour",
             lambda: _minutes(60)),
            ("you measured to the acknowledgement, not to the page",
             lambda: _timeline().time_to_detect + _timeline().time_to_acknowledge),
        ],
        hint="Subtract the incident's start from the first paging minute you found: "
             "first_page - alex['started'].",
        solution_code=(
            "alex = sl.load_incidents().set_index('id').loc['INC-002']\n"
            "checkout = sl.load_requests(service='checkout')\n"
            "pages = [r for r in sl.workbook_policy(0.999, window_days=28) "
            "if r.severity == 'page']\n"
            "paging = sl.evaluate_alerts(checkout, pages, slo_target=0.999).any(axis=1)\n"
            "after_start = paging[paging.index >= alex['started']]\n"
            "first_page = after_start[after_start].index[0]\n"
            "answer = first_page - alex['started']\n"
        ),
    ),
    # ------------------------------------------ 03_incidents/1b_blameless_postmortems
    Exercise(
        id="inc1b.median_ttd",
        notebook=NB_1B,
        prompt="What is the median time to detect of checkout's incidents that paged?",
        kind="timedelta", abs_tol=30,
        reference=_ttd,
        misconceptions=[
            ("you took the mean, which one slow night-time detection pulls up",
             lambda: _ttd("mean")),
            ("you counted the incident that never paged as detected at once (0 minutes)",
             lambda: _ttd("zero")),
        ],
        hint="times['time_to_detect'].median() skips the incident that never paged (NaT).",
        solution_code=(
            "incidents = sl.load_incidents()\n"
            "checkout = sl.load_requests(service='checkout')\n"
            "ours = incidents[incidents['service'] == 'checkout'].set_index('id')\n"
            "times = sl.response_times([sl.response_timeline(checkout, ours.loc[i], "
            "slo_target=0.999,\n"
            "                                                window_days=28, rng=1) "
            "for i in ours.index])\n"
            "answer = times['time_to_detect'].median()\n"
        ),
    ),
    Exercise(
        id="inc1b.cost_before_page",
        notebook=NB_1B,
        prompt="What share of the incident's failed requests happened before anyone was "
               "paged? Answer as a fraction.",
        kind="number", rel_tol=0.01,
        reference=_cost_before_page,
        misconceptions=[
            ("you divided minutes, not failed requests: the traffic is not flat",
             lambda: _cost_before_page("minutes")),
            ("you gave the share of the whole 28-day budget, not of the incident's cost",
             lambda: _cost_before_page("window")),
        ],
        hint="In timeline.stages, divide the first stage's bad_events by the sum of the "
             "column.",
        solution_code=(
            "alex = sl.load_incidents().set_index('id').loc['INC-002']\n"
            "checkout = sl.load_requests(service='checkout')\n"
            "timeline = sl.response_timeline(checkout, alex, slo_target=0.999, window_days=28,\n"
            "                                ack_delay_minutes=4)\n"
            "answer = timeline.stages['bad_events'].iloc[0] / "
            "timeline.stages['bad_events'].sum()\n"
        ),
    ),
    Exercise(
        id="inc1b.blameless",
        notebook=NB_1B,
        prompt="Which sentences are blameless contributing factors? Answer with the set of "
               "their keys.",
        kind="set",
        reference=lambda: {k for k, (_, ok, _) in SENTENCES.items() if ok},
        hint="Blameless sentences describe what the system or the process did, so someone "
             "can change it; blaming ones judge what a person did or should have done.",
        solution_code='answer = {"no_severity_table", "page_at_31_min", "canary_skipped"}\n',
    ),
]

# --------------------------------------------------------------------------- quizzes

QUIZZES: list[Quiz] = [
    Quiz(
        id="inc1a.severity_vs_priority",
        notebook=NB_1A,
        question="A SEV3 on checkout at noon on Black Friday, and a SEV2 on the internal "
                 "reporting service at 3 AM with a working failover. Which do you work on "
                 "first?",
        options=[
            ("The SEV2: a higher severity always comes first.",
             "Not yet: severity measures impact; what to do first is priority, which also "
             "weighs business timing and workarounds."),
            ("The SEV3 on checkout: the business timing raises its priority, and the SEV2 "
             "has a workaround.",
             "Right: sl.incident_priority gives P2 for the Black-Friday SEV3 and P3 for the "
             "SEV2 with a failover; the severities stay as measured."),
            ("Relabel the checkout incident SEV1 so it comes first.",
             "Not yet: inflating severity to get attention breaks the scale everyone "
             "relies on ('everything is critical'); raise the priority instead."),
            ("Neither until morning: it is night for one of them.",
             "Not yet: checkout at noon on Black Friday is losing orders right now."),
        ],
        answer=1,
    ),
    Quiz(
        id="inc1a.naive_rule",
        notebook=NB_1A,
        question="Why does 'every page is a SEV1' fall short?",
        options=[
            ("It does not: pages are rare, so treating each as critical is safe.",
             "Not yet: half of MicroCorp's 16 incidents hurt under 5 % of users; calling an "
             "incident commander for each teaches people to ignore the label."),
            ("A page says the budget burns fast, not how many users are hurt; severity must "
             "come from measured impact.",
             "Right: the page starts the response, the measured share of users or requests "
             "(and duration, data loss, security) sets the severity."),
            ("Because pages only fire for SEV3 incidents.",
             "Not yet: the burn-rate policy pages on the error ratio, whatever the severity; "
             "INC-004 (SEV1) paged at once too."),
        ],
        answer=1,
    ),
    Quiz(
        id="inc1b.never_paged",
        notebook=NB_1B,
        question="INC-006 hurt 40 % of checkout's users for 90 minutes, yet the availability "
                 "page never fired. Why?",
        options=[
            ("It was a latency incident: requests were slow, not failed, so the "
             "availability burn rate never rose.",
             "Right: a policy only sees the SLI it watches; checkout's latency SLO needs its "
             "own burn-rate alerts."),
            ("Because it happened at night.",
             "Not yet: INC-006 started at 12:00 UTC, at peak traffic."),
            ("Because 40 % of users is below the SEV2 line.",
             "Not yet: 40 % is above SEV2's 20 %; and alerts do not look at severity labels."),
            ("Because the on-call engineer silenced it.",
             "Not yet: the replay has no silences; look at what kind of fault it was."),
        ],
        answer=0,
    ),
]
