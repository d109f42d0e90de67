"""Exercises and quizzes of the 🧩 intermediate culture notebooks (keys ``cul2a``, ``cul2b``, ``cul2c``).

=========  ==========================================  ===================================
key        notebook (under ``notebooks/05_culture/``)  what the learner computes
=========  ==========================================  ===================================
cul2a      ``2a_sre_team_models``                      a team's requests per week, the
                                                       embedded headcount for 8 h, the
                                                       consulting headcount with 1 h ramp
cul2b      ``2b_production_readiness_reviews``         a readiness score by hand, the
                                                       score a lowered target buys
cul2c      ``2c_do_reviews_pay_off``                   the crude risk ratio, the ratio
                                                       within one team
=========  ==========================================  ===================================

References and misconceptions call the core functions the notebooks call
(``sl.load_incidents``, ``sl.SERVICE_TEAMS``, ``sl.team_model_outcomes``,
``sl.sre_needed``, ``sl.readiness_score``, ``sl.prr_level``,
``sl.microcorp_launches``, ``sl.review_effect``).
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

NB_2A = "05_culture/2a_sre_team_models"
NB_2B = "05_culture/2b_production_readiness_reviews"
NB_2C = "05_culture/2c_do_reviews_pay_off"

_WEEKS = 4            # the 28 days of sl.load_incidents()
_HOURS = 6.0          # work per request (SRE book ch. 11: an incident with its follow-up)
_TARGET_HOURS = 8.0   # the response target of 2a


# ------------------------------------------------------------------ 2a
def _incidents():
    from ..datasets import load_incidents

    return load_incidents()


def _team_requests(services=None):
    """Requests per week per team: the 28 days' incidents / 4 weeks."""
    from ..cost.chargeback import SERVICE_TEAMS

    incidents = _incidents()
    if services is not None:
        incidents = incidents[incidents["service"].isin(services)]
    return incidents["service"].map(SERVICE_TEAMS).value_counts() / _WEEKS


def _orders_per_week(*, per_days=False, weeks=True, services=None):
    """Orders' incidents (or only those of ``services``) per week, per day or in total."""
    from ..cost.chargeback import SERVICE_TEAMS

    incidents = _incidents()
    if services is None:
        count = float((incidents["service"].map(SERVICE_TEAMS) == "orders").sum())
    else:
        count = float(incidents["service"].isin(services).sum())
    if per_days:
        return count / 28
    return count / _WEEKS if weeks else count


def _needed(model, *, ramp_hours=None, utilisation_only=False):
    from ..culture.teams import TEAM_MODELS, sre_needed, team_model_outcomes

    models = TEAM_MODELS.copy()
    if ramp_hours is not None:
        models.loc[model, "ramp_hours"] = ramp_hours
    requests = _team_requests()
    if utilisation_only:
        for n in range(1, 51):
            out = team_model_outcomes(requests, n_sre=n, hours_per_request=_HOURS, models=models)
            if out.loc[model, "utilisation"] < 1:
                return n
        return float("nan")
    out = sre_needed(requests, response_hours=_TARGET_HOURS, hours_per_request=_HOURS, models=models)
    return int(out.loc[model, "n_sre"])


# ------------------------------------------------------------------ 2b
def _score(service, *, level=None, all_checks=False):
    from ..culture.readiness import (MICROCORP_PRR, MICROCORP_SLO_TARGETS, PRR_CHECKLIST, prr_level,
                                     readiness_score)

    if all_checks:
        return float(MICROCORP_PRR[service].sum() / len(PRR_CHECKLIST))
    level = level or prr_level(MICROCORP_SLO_TARGETS[service])
    return float(readiness_score(MICROCORP_PRR[[service]], level=level).loc[service, "score"])


def _lowered_level():
    from ..culture.readiness import prr_level

    return prr_level(0.985)


# ------------------------------------------------------------------ 2c
def _effect():
    from ..culture.readiness import microcorp_launches, review_effect

    return review_effect(microcorp_launches())


def _risk(team, reviewed):
    table = _effect().table
    return float(table.loc[(team, reviewed), "risk"])


def _count(team, reviewed):
    return float(_effect().table.loc[(team, reviewed), "incidents"])


EXERCISES: list[Exercise] = [
    Exercise(
        id="cul2a.orders_requests",
        notebook=NB_2A,
        prompt=("Count each incident of the 28 days as one request for SRE help from the team "
                "that owns the service (sl.SERVICE_TEAMS). How many requests per week does the "
                "orders team send?"),
        kind="number",
        unit="requests per week",
        reference=lambda: float(_team_requests()["orders"]),
        hint=("Map each incident's service to its team with .map(sl.SERVICE_TEAMS), count the "
              "orders rows, divide by the 4 weeks. Orders owns two services."),
        solution_code=("incidents = sl.load_incidents()\n"
                       "teams = incidents['service'].map(sl.SERVICE_TEAMS)\n"
                       "answer = (teams == 'orders').sum() / 4"),
        rel_tol=0.01,
        misconceptions=[
            ("you counted checkout only; orders also owns notifications",
             lambda: _orders_per_week(services=["checkout"])),
            ("you gave the count over the 28 days, not per week",
             lambda: _orders_per_week(weeks=False)),
            ("you divided by the 28 days: that is per day, not per week",
             lambda: _orders_per_week(per_days=True)),
        ],
    ),
    Exercise(
        id="cul2a.embedded_headcount",
        notebook=NB_2A,
        prompt=("With the default models and 6 hours per request, what is the smallest SRE "
                "headcount for which the EMBEDDED model's mean response time is at most 8 "
                "working hours?"),
        kind="number",
        unit="SREs",
        reference=lambda: float(_needed("embedded")),
        hint=("Loop n = 1, 2, ... with sl.team_model_outcomes(requests, n_sre=n) and stop at the "
              "first whose out.loc['embedded', 'response_time'] <= pd.Timedelta(hours=8)."),
        solution_code=("import pandas as pd\n"
                       "incidents = sl.load_incidents()\n"
                       "requests = incidents['service'].map(sl.SERVICE_TEAMS).value_counts() / 4\n"
                       "for n in range(1, 20):\n"
                       "    out = sl.team_model_outcomes(requests, n_sre=n, hours_per_request=6)\n"
                       "    if out.loc['embedded', 'response_time'] <= pd.Timedelta(hours=8):\n"
                       "        break\n"
                       "answer = n"),
        rel_tol=0.0,
        abs_tol=0.25,
        misconceptions=[
            ("you only asked that every team's queue keeps up (utilisation below 1), not that "
             "answers come within 8 hours",
             lambda: float(_needed("embedded", utilisation_only=True))),
        ],
    ),
    Exercise(
        id="cul2a.consulting_slots",
        notebook=NB_2A,
        prompt=("The twist: consultants keep a standing weekly slot with each team, which cuts "
                "their ramp-up per request from 4 hours to 1. Copy sl.TEAM_MODELS, change "
                "consulting's ramp_hours, and find the smallest consulting headcount with a mean "
                "response of at most 8 working hours."),
        kind="number",
        unit="SREs",
        reference=lambda: float(_needed("consulting", ramp_hours=1.0)),
        hint=("models = sl.TEAM_MODELS.copy(); models.loc['consulting', 'ramp_hours'] = 1.0; then "
              "sl.sre_needed(requests, response_hours=8, hours_per_request=6, models=models)."),
        solution_code=("incidents = sl.load_incidents()\n"
                       "requests = incidents['service'].map(sl.SERVICE_TEAMS).value_counts() / 4\n"
                       "models = sl.TEAM_MODELS.copy()\n"
                       "models.loc['consulting', 'ramp_hours'] = 1.0\n"
                       "needed = sl.sre_needed(requests, response_hours=8, hours_per_request=6, "
                       "models=models)\n"
                       "answer = needed.loc['consulting', 'n_sre']"),
        rel_tol=0.0,
        abs_tol=0.25,
        misconceptions=[
            ("you kept the default ramp-up of 4 hours: change it in your copy and pass "
             "models=... to the function",
             lambda: float(_needed("consulting"))),
        ],
    ),
    Exercise(
        id="cul2b.notifications_score",
        notebook=NB_2B,
        prompt=("By hand, as for checkout: what share of the checks required at its level does "
                "notifications pass? Its target is 99.5 %. A fraction."),
        kind="number",
        reference=lambda: _score("notifications"),
        hint=("Its level is sl.prr_level(0.995). Required = sl.PRR_CHECKLIST['level_' + level."
              "lower()]; passed = sl.MICROCORP_PRR['notifications'] & required."),
        solution_code=("required = sl.PRR_CHECKLIST['level_b']\n"
                       "passed = sl.MICROCORP_PRR['notifications'] & required\n"
                       "answer = passed.sum() / required.sum()"),
        rel_tol=0.001,
        misconceptions=[
            ("you divided by all 20 checks, not by the ones its level requires",
             lambda: _score("notifications", all_checks=True)),
            ("you put notifications at level C; 99.5 % lies between 99 % and 99.9 %, which is "
             "level B",
             lambda: _score("notifications", level="C")),
        ],
    ),
    Exercise(
        id="cul2b.lowered_target",
        notebook=NB_2B,
        prompt=("The twist: search's team proposes to lower search's target to 98.5 %. What "
                "readiness score would search then have? A fraction."),
        kind="number",
        reference=lambda: _score("search", level=_lowered_level()),
        hint="Find the level of 0.985 with sl.prr_level, then score search at that level.",
        solution_code=("level = sl.prr_level(0.985)\n"
                       "answer = sl.readiness_score(sl.MICROCORP_PRR[['search']], "
                       "level=level).loc['search', 'score']"),
        rel_tol=0.001,
        misconceptions=[
            ("you kept level B; 98.5 % is below 99 %, so level C applies",
             lambda: _score("search", level="B")),
            ("you divided by all 20 checks, not by the ones its level requires",
             lambda: _score("search", all_checks=True)),
        ],
    ),
    Exercise(
        id="cul2c.crude_ratio",
        notebook=NB_2C,
        prompt=("All teams together: divide the share of REVIEWED launches that caused an "
                "incident by the share of SKIPPED launches that did (the crude risk ratio)."),
        kind="number",
        reference=lambda: _risk("all", True) / _risk("all", False),
        hint=("launches.groupby('reviewed')['caused_incident'].mean() gives both shares; divide "
              "the True one by the False one."),
        solution_code=("launches = sl.microcorp_launches()\n"
                       "risk = launches.groupby('reviewed')['caused_incident'].mean()\n"
                       "answer = risk[True] / risk[False]"),
        rel_tol=0.005,
        misconceptions=[
            ("you compared counts of incidents, not incidents per launch: far fewer launches "
             "were reviewed",
             lambda: _count("all", True) / _count("all", False)),
            ("you divided the skipped launches' share by the reviewed ones'",
             lambda: _risk("all", False) / _risk("all", True)),
        ],
    ),
    Exercise(
        id="cul2c.orders_ratio",
        notebook=NB_2C,
        prompt=("The twist: compare like with like. The same risk ratio, reviewed / skipped, "
                "within the orders team only."),
        kind="number",
        reference=lambda: float(_effect().ratios.loc["orders", "risk_ratio"]),
        hint="Filter launches[launches['team'] == 'orders'] first, then as in Exercise 1.",
        solution_code=("launches = sl.microcorp_launches()\n"
                       "orders = launches[launches['team'] == 'orders']\n"
                       "risk = orders.groupby('reviewed')['caused_incident'].mean()\n"
                       "answer = risk[True] / risk[False]"),
        rel_tol=0.005,
        misconceptions=[
            ("you used all teams' launches, not only those of orders",
             lambda: _risk("all", True) / _risk("all", False)),
            ("you compared counts of incidents, not incidents per launch",
             lambda: _count("orders", True) / _count("orders", False)),
        ],
    ),
]

QUIZZES: list[Quiz] = [
    Quiz(
        id="cul2a.pooling",
        notebook=NB_2A,
        question=("With the same 3 SREs, the central model answers faster than the embedded one, "
                  "although every central request pays 2 hours of ramp-up. Why, in this model?"),
        options=[
            ("Central SREs work faster once they start.",
             "Wrong: both models take the same 6 hours per request and give the same share "
             "of the week to requests."),
            ("One shared queue: any free SRE takes any team's request, while the embedded SRE "
             "of payments idles as search's queue grows.",
             "Right: pooling. Search sends 4.5 times payments' requests, and a split queue "
             "cannot lend idle hours across teams."),
            ("Embedded SREs need more ramp-up.",
             "Wrong: in this model an embedded SRE needs none; that is their advantage."),
            ("Central SREs spend less time teaching, so they have more hours for requests.",
             "Wrong: they teach less (5 % vs 25 %), but both models give 60 % of the week to "
             "requests; the rest of the central SREs' time goes to projects."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul2b.gaming",
        notebook=NB_2B,
        question=("Lowering search's target to 98.5 % raises its readiness score. What should "
                  "Aditi answer?"),
        options=[
            ("Accept it: a higher score means a readier service.",
             "Wrong: nothing about search changed; only the yardstick did. A score that can be "
             "raised by lowering the bar stops measuring readiness (Goodhart's law)."),
            ("The level follows what users need: set the target from users and the business "
             "first, then read the checklist for that level; a lower target also means a "
             "larger error budget users must accept.",
             "Right: Mercari chooses the level from the SLO, and the SLO comes from what users "
             "need (section 2), never from the score one wants."),
            ("Refuse any change of target after launch.",
             "Wrong: targets may change for good reasons (section 2's SLO reviews), just not to "
             "pass a review."),
            ("Score search on all 20 checks instead.",
             "Wrong: level A checks (a canary, 2-hour restores) may be waste for a level-B "
             "service; the problem is the reason for the change, not the denominator."),
        ],
        answer=1,
    ),
    Quiz(
        id="cul2c.claim",
        notebook=NB_2C,
        question="After one quarter of data, what can Aditi honestly tell the developers?",
        options=[
            ("'Reviews cut firefights by three quarters': 4 incidents after reviewed launches, "
             "15 after skipped ones.",
             "Wrong: counts without exposure. Only 94 of 486 launches were reviewed; per launch "
             "the crude risks are about equal."),
            ("'Reviews do not help': the crude risk ratio is about 1.",
             "Wrong: the crude ratio mixes teams. Payments reviews almost everything and has "
             "the riskiest launches, search reviews little and has the safest."),
            ("'Compared within teams, reviewed launches caused about half as many incidents "
             "(0.48 adjusted for team), but one quarter cannot rule out no effect.'",
             "Right: the team-adjusted ratio is near 0.5 with an interval from about 0.16 to "
             "1.4; more quarters, or randomly chosen reviews, would settle it."),
            ("'Reviews halve incidents: the simulation proves it.'",
             "Wrong: the simulation was built with that effect, to test the method. Real data "
             "carry no such label; here the interval still includes 1."),
        ],
        answer=2,
    ),
]
