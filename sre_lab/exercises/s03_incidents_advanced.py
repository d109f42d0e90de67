"""Exercises and quizzes of section 3 (incidents), advanced tier (keys "inc3a", "inc3b").

The advanced tier asks for design and critique: which summary of a long-tailed
history to trust (3a), which moves of a game day cost the budget and whether
a runbook is worth writing (3b). Reference answers and misconceptions call the
same core functions the notebooks call (``sl.duration_summary``,
``sl.time_to_declare``, ``sl.run_game_day``, ``sl.replay_game_days`` ...);
nothing is typed in.

3b's game is seed 1 (payment loses its database connection); the
Wheel-of-Misfortune volunteer's moves are :data:`VOLUNTEER`.
"""

from __future__ import annotations

import dataclasses

from ._engine import Exercise
from ._quiz import Quiz

_NB_A = "03_incidents/3a_incident_analytics_on_real_history"
_NB_B = "03_incidents/3b_game_days_and_learning"

GAME_SEED = 1
#: The volunteer's moves in 3b: look first, acknowledge late, try the habit fix first.
VOLUNTEER = ("check_dashboards", "acknowledge", "roll_back", "post_status", "page_db_owner")
REPLAY_SEEDS = range(30)


# --------------------------------------------------------------------------- helpers (lazy)

def _real_incidents():
    """GitHub's incidents without the maintenance windows."""
    from ..datasets import load_github_incidents

    incidents = load_github_incidents()
    return incidents[~incidents["maintenance"]]


def _year_minutes(year: int, stat: str = "median") -> float:
    from ..incidents.timelines import duration_summary

    real = _real_incidents()
    summary = duration_summary(real.loc[real["started_at"].dt.year == year, "duration"],
                               n_resamples=200, rng=0)
    return _to_minutes(getattr(summary, stat))


def _declare_minutes():
    from ..datasets import load_github_incidents
    from ..incidents.analytics import time_to_declare

    return _to_minutes(time_to_declare(load_github_incidents()))


def _to_minutes(value):
    """Timedelta(s) -> minutes (float or Series of floats)."""
    import pandas as pd

    return value / pd.Timedelta(minutes=1)


def _game(choices, *, window_days=None):
    from ..incidents.gameday import game_day_scenario, run_game_day

    scenario = game_day_scenario(GAME_SEED)
    if window_days is not None:
        scenario = dataclasses.replace(scenario, window_days=window_days)
    return run_game_day(list(choices), scenario=scenario)


def _budget(choices, **kwargs) -> float:
    return _game(choices, **kwargs).metrics["budget_spent"]


def _budget_after_page(choices) -> float:
    from ..incidents.gameday import game_day_scenario, game_day_start

    return _budget(choices) - game_day_start(game_day_scenario(GAME_SEED)).budget_spent


def _budget_at_first_fix(choices) -> float:
    """Budget spent when the first fix attempt ended (as if it had worked)."""
    timeline = _game(choices).timeline
    row = timeline[timeline["event"].str.startswith("roll_back")].iloc[0]
    return float(row["budget_spent"])


def _replay_minutes(policy, stat="median") -> float:
    from ..incidents.gameday import replay_game_days

    minutes = replay_game_days(policy, seeds=REPLAY_SEEDS)["minutes_to_mitigate"]
    return float(getattr(minutes, stat)())


def _runbook_gain(stat="median") -> float:
    return _replay_minutes("habit", stat) - _replay_minutes("runbook", stat)


EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------------ 3a
    Exercise(
        id="inc3a.median_rise",
        notebook=_NB_A,
        prompt="GitHub's incidents (maintenance excluded), by the year they started: by how "
               "many minutes did the median duration rise from 2023 to 2026?",
        kind="number", unit="min", rel_tol=0.01,
        reference=lambda: _year_minutes(2026) - _year_minutes(2023),
        misconceptions=[
            ("you compared means (the usual MTTR), which the long tail inflates",
             lambda: _year_minutes(2026, "mean") - _year_minutes(2023, "mean")),
            ("you gave the ratio of the two medians instead of their difference in minutes",
             lambda: _year_minutes(2026) / _year_minutes(2023)),
            ("you compared 2025 with 2026 instead of 2023 with 2026",
             lambda: _year_minutes(2026) - _year_minutes(2025)),
        ],
        hint="Select each year with incidents['started_at'].dt.year, take the median of "
             "'duration' (sl.duration_summary gives it with an interval), subtract, and "
             "divide by pd.Timedelta(minutes=1).",
        solution_code=(
            "import pandas as pd\n"
            "incidents = sl.load_github_incidents()\n"
            "real = incidents[~incidents['maintenance']]\n"
            "year = real['started_at'].dt.year\n"
            "median = {y: sl.duration_summary(real.loc[year == y, 'duration'], rng=0).median\n"
            "          for y in (2023, 2026)}\n"
            "answer = (median[2026] - median[2023]) / pd.Timedelta(minutes=1)\n"
        ),
    ),
    Exercise(
        id="inc3a.declare_median",
        notebook=_NB_A,
        prompt="For the GitHub incidents whose report states the real impact window, what is "
               "the median time from the real impact start to the status page's first post, "
               "in minutes?",
        kind="number", unit="min", rel_tol=0.01,
        reference=lambda: float(_declare_minutes().median()),
        misconceptions=[
            ("you took the mean, which three reports with a start a half or whole year too "
             "early blow up to days", lambda: float(_declare_minutes().mean())),
            ("you subtracted the other way round (impact start minus the first post)",
             lambda: -float(_declare_minutes().median())),
            ("you dropped the 12 reports whose window starts at or after the first post; "
             "they are data too", lambda: float(_declare_minutes()[lambda m: m > 0].median())),
        ],
        hint="sl.time_to_declare(incidents) gives one Timedelta per incident with a stated "
             "impact start; take the median and convert it to minutes.",
        solution_code=(
            "import pandas as pd\n"
            "gaps = sl.time_to_declare(sl.load_github_incidents())\n"
            "answer = gaps.median() / pd.Timedelta(minutes=1)\n"
        ),
    ),
    # ------------------------------------------------------------------ 3b
    Exercise(
        id="inc3b.volunteer_budget",
        notebook=_NB_B,
        prompt="Seed 1's game: the volunteer chose check_dashboards, acknowledge, roll_back, "
               "post_status, page_db_owner. What share of the 30-day error budget did the "
               "incident spend by the fix (a fraction)?",
        kind="number", rel_tol=0.01,
        reference=lambda: _budget(VOLUNTEER),
        misconceptions=[
            ("you counted the minutes from the page instead of from the fault: users failed "
             "before anyone was paged", lambda: _budget_after_page(VOLUNTEER)),
            ("you stopped the clock at the rollback; it did not help, the failover did",
             lambda: _budget_at_first_fix(VOLUNTEER)),
            ("you used a 28-day budget instead of the 30-day one",
             lambda: _budget(VOLUNTEER, window_days=28)),
        ],
        hint="Add the choices' minutes to the page's minute to find when the fix lands; "
             "failed requests = requests a minute x error fraction x minutes since the fault "
             "(did the fault spread before then?). The budget is (1 - target) x the "
             "window's requests.",
        solution_code=(
            "moves = ['check_dashboards', 'acknowledge', 'roll_back', 'post_status', "
            "'page_db_owner']\n"
            "answer = sl.run_game_day(moves, seed=1).metrics['budget_spent']\n"
        ),
    ),
    Exercise(
        id="inc3b.runbook_gain",
        notebook=_NB_B,
        prompt="Over seeds 0-29, by how many minutes does the runbook cut the median time "
               "from page to mitigation compared with the habit (habit - runbook)?",
        kind="number", unit="min", rel_tol=0.01,
        reference=lambda: _runbook_gain("median"),
        misconceptions=[
            ("you compared means; on a skewed, small sample the median is the summary the "
             "section uses", lambda: _runbook_gain("mean")),
            ("you subtracted the other way round (runbook - habit)",
             lambda: -_runbook_gain("median")),
        ],
        hint="Replay both policies with sl.replay_game_days over range(30) and compare the "
             "medians of minutes_to_mitigate.",
        solution_code=(
            "habit = sl.replay_game_days('habit', seeds=range(30))\n"
            "runbook = sl.replay_game_days('runbook', seeds=range(30))\n"
            "answer = (habit['minutes_to_mitigate'].median()\n"
            "          - runbook['minutes_to_mitigate'].median())\n"
        ),
    ),
]

QUIZZES: list[Quiz] = [
    # ------------------------------------------------------------------ 3a
    Quiz(
        id="inc3a.mttr_report",
        notebook=_NB_A,
        question="GitHub's 801 incidents (maintenance excluded): mean duration 2 h 21 min, "
                 "median 1 h 13 min (95 % interval 1 h 07 to 1 h 20), p90 5 h 10 min. Which "
                 "line belongs in Zara's review?",
        options=[
            ("'MTTR: 2 h 21 min', because the mean counts every minute of every incident.",
             "It does, which is the problem: a few multi-day incidents pull it far above "
             "what a typical incident takes, and one more such incident moves it a lot."),
            ("'Half of the incidents end within 1 h 13 min (1 h 07 to 1 h 20); one in ten "
             "lasts over 5 h 10 min.'",
             "Right: the median with its interval for the typical incident, p90 for the "
             "tail; say which MTTR you mean (Atlassian lists four)."),
            ("'Incidents last 1 h 13 min.'",
             "The median without its interval or the tail hides both the uncertainty and "
             "the long incidents that hurt most."),
            ("'Longest incident: 2 days 14 h.'",
             "One incident is an anecdote, not a summary; it belongs in a postmortem."),
        ],
        answer=1,
    ),
    # ------------------------------------------------------------------ 3b
    Quiz(
        id="inc3b.recap_severity",
        notebook=_NB_B,
        question="Recap (severity and detection). At 2 AM Alex is paged: 4 % of checkout "
                 "requests fail. What decides the incident's severity?",
        options=[
            ("How loud the alert is: a page means SEV1.",
             "The alert's routing says how urgently a human must look, not how bad the "
             "impact is; severity comes from measured impact."),
            ("The priority the product owner gives the fix.",
             "That is priority, which is told apart from severity: a SEV3 can be P1 and "
             "the other way round."),
            ("The measured impact on users: the share affected, for how long, data loss "
             "or security, against the published scale.",
             "Right: severity is read from impact with a written scale, so nobody has to "
             "guess at 2 AM; priority (what to work on first) is a separate call."),
            ("Whether a postmortem will be written.",
             "Postmortem triggers follow from severity and budget (e.g. the 20 % rule), "
             "not the other way round."),
        ],
        answer=2,
    ),
    Quiz(
        id="inc3b.recap_oncall",
        notebook=_NB_B,
        question="Recap (playbooks, triage, on-call). Priya's rotation of 8 averages 3 "
                 "incidents per 12-hour shift. What does the SRE book say?",
        options=[
            ("Overloaded: an incident takes about 6 hours of work, so at most 2 per 12-hour "
             "shift; cut pages (playbooks, fewer noisy alerts) or add people.",
             "Right: SRE book ch. 11, at most 2 incidents per 12-hour shift."),
            ("Fine: 8 people is the minimum rotation, so any load is shared fairly.",
             "Rotation size and load are separate limits; the load limit is per shift."),
            ("Fine as long as each page is acknowledged within 5 minutes.",
             "The 5-minute target is about response time; it says nothing about how many "
             "incidents a person can handle."),
            ("Overloaded only if more than 25 % of the shift is at night.",
             "The 25 % in the book is the share of an SRE's time spent on-call, not a "
             "night-time rule."),
        ],
        answer=0,
    ),
    Quiz(
        id="inc3b.recap_analytics",
        notebook=_NB_B,
        question="Recap (analytics and game days). A quarterly report says 'MTTR rose from "
                 "2.1 h to 2.9 h and component X had the most incidents'. What is the best "
                 "critique?",
        options=[
            ("Nothing to critique: the mean and the count are the standard metrics.",
             "On long-tailed durations one long incident moves a mean; and counts ignore "
             "how much each component is used."),
            ("Use the maximum instead: the worst incident is what users remember.",
             "The maximum is one incident; it is even more fragile than the mean."),
            ("Drop incidents without a postmortem: they are not real.",
             "Dropping them biases the data toward big incidents."),
            ("Report medians with an interval (and p90) instead of a mean, and rates per "
             "exposure instead of raw counts, before calling anything a trend.",
             "Right: that is 3a's method; a game-day replay over many seeds applies the "
             "same idea to practices."),
        ],
        answer=3,
    ),
]
