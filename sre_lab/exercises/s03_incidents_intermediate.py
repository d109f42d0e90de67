"""Exercises and quizzes of the 🧩 intermediate incident notebooks (keys ``inc2a``, ``inc2b``).

=========  ==========================================  ===================================
key        notebook (under ``notebooks/03_incidents/``)  what the learner computes
=========  ==========================================  ===================================
inc2a      ``2a_playbooks_and_triage``                 the naive bot's accuracy, the
                                                       triage bot's top-2 rate, a runbook
inc2b      ``2b_oncall_load``                          the smallest rotation, the night
                                                       pages a noisy alert costs
=========  ==========================================  ===================================

References and misconceptions call the core functions the notebooks call
(``sl.load_incidents``, ``sl.triage_incidents``, ``sl.triage``,
``sl.microcorp_pages``, ``sl.simulate_oncall``).
"""

from __future__ import annotations

from ._engine import Exercise
from ._quiz import Quiz

NB_2A = "03_incidents/2a_playbooks_and_triage"
NB_2B = "03_incidents/2b_oncall_load"

#: Priya's memory leak: INC-016, search slows down on Sunday 1 Nov 2026, 05:58-06:28 UTC.
PRIYA = "INC-016"
_START, _DAYS = "2026-10-05", 28


def _incidents():
    from ..datasets import load_incidents

    return load_incidents()


def _pair_counts():
    """The outline's dict count of (service, cause) pairs, as pandas."""
    return _incidents().groupby(["service", "kind"]).size().sort_values(ascending=False)


def _naive_hits(match_kind=True):
    incidents = _incidents()
    service, kind = _pair_counts().index[0]
    hit = incidents["service"] == service
    if match_kind:
        hit &= incidents["kind"] == kind
    return int(hit.sum())


def _scored():
    from ..datasets import load_requests
    from ..incidents.playbooks import triage_incidents

    return triage_incidents(load_requests(), _incidents())


def _priya_ranked():
    from ..datasets import load_requests
    from ..incidents.playbooks import triage

    row = _incidents().set_index("id").loc[PRIYA]
    return triage(load_requests(), row["started"], row["mitigated"])


def _mean_share(people, *, primary_only=False):
    from ..incidents.oncall import microcorp_pages, simulate_oncall

    pages = microcorp_pages(slo_target=0.999, approach=6, window_days=30)
    load = simulate_oncall(pages, people=people, rota_days=7, start=_START, days=_DAYS)
    share = load.people["oncall_share"].mean()
    return share / 2 if primary_only else share


def _smallest_rotation(primary_only=False):
    for people in range(2, 41):
        if _mean_share(people, primary_only=primary_only) <= 0.25 + 1e-12:
            return people
    return float("nan")


def _noisy_load():
    from ..incidents.oncall import microcorp_pages, simulate_oncall

    pages = microcorp_pages(slo_target=0.999, approach=1, window_days=30)
    return simulate_oncall(pages, people=8, rota_days=7, start=_START, days=_DAYS)


EXERCISES: list[Exercise] = [
    Exercise(
        id="inc2a.naive_accuracy",
        notebook=NB_2A,
        prompt=("The outline's 'analytics' counts (service, cause) pairs. A bot built on it "
                "always suggests the most frequent pair. On MicroCorp's 16 labelled incidents, "
                "what share does it get right (service AND kind)? A fraction."),
        kind="number",
        reference=lambda: _naive_hits() / len(_incidents()),
        hint=("Take the top pair of the counts, then compare it with every incident's "
              "service and kind: (incidents['service'] == s) & (incidents['kind'] == k)."),
        solution_code=("incidents = sl.load_incidents()\n"
                       "counts = incidents.groupby(['service', 'kind']).size()"
                       ".sort_values(ascending=False)\n"
                       "s, k = counts.index[0]\n"
                       "answer = ((incidents['service'] == s) & (incidents['kind'] == k)).mean()"),
        rel_tol=0.001,
        misconceptions=[
            ("you match only the service, not the kind of failure",
             lambda: _naive_hits(match_kind=False) / len(_incidents())),
            ("you give the number of hits instead of the share of incidents",
             lambda: float(_naive_hits())),
        ],
    ),
    Exercise(
        id="inc2a.top2_rate",
        notebook=NB_2A,
        prompt=("With `scored = sl.triage_incidents(traffic, incidents)`: in what share of "
                "the 16 incidents is the true cause among the bot's first TWO suggestions? "
                "A fraction."),
        kind="number",
        reference=lambda: float((_scored()["rank"] <= 2).mean()),
        hint="The `rank` column says where the true cause came (1 = top).",
        solution_code=("scored = sl.triage_incidents(sl.load_requests(), sl.load_incidents())\n"
                       "answer = (scored['rank'] <= 2).mean()"),
        rel_tol=0.001,
        misconceptions=[
            ("you count only the first suggestion (top-1), not the first two",
             lambda: float((_scored()["rank"] == 1).mean())),
            ("you count the incidents where the true cause is NOT in the first two",
             lambda: float((_scored()["rank"] > 2).mean())),
        ],
    ),
    Exercise(
        id="inc2a.priya_runbook",
        notebook=NB_2A,
        prompt=("Run `sl.triage` on Priya's incident (INC-016, its started to mitigated "
                "window). Which runbook does the bot open for its top cause?"),
        kind="choice",
        choices=("dependency_errors", "service_errors", "slow_no_errors"),
        reference=lambda: _priya_ranked().loc[1, "runbook"],
        hint="Look at row 1 (rank 1) of the ranking: its kind and its `runbook` column.",
        solution_code=("row = sl.load_incidents().set_index('id').loc['INC-016']\n"
                       "ranked = sl.triage(sl.load_requests(), row['started'], row['mitigated'])\n"
                       "answer = ranked.loc[1, 'runbook']"),
        misconceptions=[
            ("you read search's error signal; search is a dependency of checkout, but the "
             "signal that stands out here is latency",
             lambda: "dependency_errors"),
            ("you expect a crash to show as errors; a leak first shows as slowness",
             lambda: "service_errors"),
        ],
    ),
    Exercise(
        id="inc2b.min_rotation",
        notebook=NB_2B,
        prompt=("Single-site, week-long shifts, a primary AND a secondary. What is the "
                "smallest rotation whose engineers are on call at most 25 % of the time on "
                "average (the SRE book's limit)? Try sizes with `sl.simulate_oncall` and "
                "`load.people['oncall_share'].mean()`."),
        kind="number",
        reference=lambda: float(_smallest_rotation()),
        hint=("Loop over people = 2, 3, ... and stop at the first mean on-call share "
              "<= 0.25. Both pagers count."),
        solution_code=(
            "pages = sl.microcorp_pages(slo_target=0.999, approach=6, window_days=30)\n"
            "for n in range(2, 20):\n"
            "    load = sl.simulate_oncall(pages, people=n, rota_days=7, start='2026-10-05', "
            "days=28)\n"
            "    if load.people['oncall_share'].mean() <= 0.25:\n"
            "        break\n"
            "answer = n"),
        abs_tol=0.0,
        rel_tol=0.0,
        misconceptions=[
            ("you count only the primary's time; the secondary is on call too",
             lambda: float(_smallest_rotation(primary_only=True))),
        ],
    ),
    Exercise(
        id="inc2b.noise_nights",
        notebook=NB_2B,
        prompt=("Approach 1 (error ratio above the SLO for 10 min) on the 28 days, 8 people, "
                "single-site, weekly rota: how many pages that matched NO incident rang at "
                "night (22:00-07:00)?"),
        kind="number",
        reference=lambda: float(_noisy_load().people["night_noise"].sum()),
        hint="`noisy.people['night_noise']` counts them per person; add them up.",
        solution_code=("noisy = sl.simulate_oncall(sl.microcorp_pages(slo_target=0.999, approach=1, "
                       "window_days=30), people=8, rota_days=7, start='2026-10-05', days=28)\n"
                       "answer = noisy.people['night_noise'].sum()"),
        rel_tol=0.0,
        abs_tol=0.5,
        misconceptions=[
            ("you count every night page, the ones for real incidents too",
             lambda: float(_noisy_load().n_night_pages)),
            ("you count every noisy page, day and night",
             lambda: float((~_noisy_load().pages["matched"]).sum())),
        ],
    ),
]

QUIZZES: list[Quiz] = [
    Quiz(
        id="inc2a.overlap",
        notebook=NB_2A,
        question=("The bot's two misses, INC-013 and INC-014, both started while INC-012 "
                  "(payment, +3 % errors) was on. Why did it name payment instead?"),
        options=[
            ("Search and checkout carry too little traffic for a signal.",
             "Wrong: search carries the most traffic of all; its latency lift was large, it "
             "just came second."),
            ("The baseline week before contained an incident that hid the signal.",
             "Wrong: the baseline is the 7 days before; it sets 'normal', and both lifts "
             "were far above 1. The competitor was inside the window, not before it."),
            ("It assumes one cause at a time, and INC-012's payment errors were the largest "
             "lift in both windows.",
             "Right: its ranking is a single list; a second incident in the same window "
             "competes with the first. A human reading rank 2 and 3 would find them."),
            ("The runbooks have no entry for latency.",
             "Wrong: 'slow_no_errors' is the latency runbook; INC-013 was ranked 2nd with it."),
        ],
        answer=2,
    ),
    Quiz(
        id="inc2b.follow_the_sun",
        notebook=NB_2B,
        question="A rotation of 8 moves to follow-the-sun (2 sites of 4). What changes?",
        options=[
            ("Everyone is on call half as much.",
             "Wrong: the pager still needs a primary and a secondary around the clock: 48 "
             "person-hours a day shared by 8 people whatever the sites."),
            ("Night pages drop to zero; each engineer is still on call about 25 % of the "
             "clock, now in 12-hour daytime shifts on more weeks.",
             "Right: the hours on call are the same (two pagers around the clock shared by "
             "8); what changes is when they fall."),
            ("Fewer pages are sent.",
             "Wrong: the alerts do not know about the rota; the same pages arrive, in "
             "daytime for whoever gets them."),
            ("Nothing: the number of pages per shift is what the SRE book limits.",
             "Wrong: the book limits both pages per shift and time on call, and it adds "
             "that night pages hurt most; follow-the-sun removes those."),
        ],
        answer=1,
    ),
]
