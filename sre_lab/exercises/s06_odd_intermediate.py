"""Exercises and quizzes of the 🧩 intermediate section-6 notebooks (keys ``odd2a``, ``odd2b``, ``odd2c``).

=========  ============================================  ===================================
key        notebook (under                               what the learner computes
           ``notebooks/06_observability_driven_dev/``)
=========  ============================================  ===================================
odd2a      ``2a_synthetic_monitoring``                   Grafana's uptime of Ravi's check,
                                                         the eager rule's false alarms, the
                                                         share of incidents 20 probes detect
odd2b      ``2b_canary_analysis``                        the p-value of a 24-request
                                                         comparison, the A/A false-positive
                                                         rate of a p99 threshold, power on
                                                         search
odd2c      ``2c_release_gates_in_ci``                    good releases the gate blocks in a
                                                         quarter, the share of its blocks
                                                         that are false, the same for a
                                                         24-request daily test
=========  ============================================  ===================================

References and misconceptions call the core functions the notebooks call
(``sl.synthetic_checks``, ``sl.synthetic_alerts``, ``sl.synthetic_detection``,
``sl.synthetic_false_alarms``, ``sl.synthetic_uptime``,
``sl.simulate_release_latencies``, ``sl.canary_test``, ``sl.gate_error_rates``,
``sl.gate_cost``) with the seeds the notebooks use.
"""

from __future__ import annotations

import functools

from ._engine import Exercise
from ._quiz import Quiz

_FOLDER = "06_observability_driven_dev/"
NB_2A = _FOLDER + "2a_synthetic_monitoring"
NB_2B = _FOLDER + "2b_canary_analysis"
NB_2C = _FOLDER + "2c_release_gates_in_ci"

#: Seed of every synthetic check in 2a: ``sl.synthetic_checks(..., rng=CHECK_SEED)``.
CHECK_SEED = 2026
#: 2b: the seed of the small (24 requests a group) comparison, of the A/A runs, of the power runs.
SMALL_SEED, AA_SEED, POWER_SEED = 7, 5, 2
#: Ravi's daily staging test: 24 requests per build (three locations, eight runs).
DAILY_REQUESTS = 24
#: The CI gate's load test: requests per group.
GATE_REQUESTS = 1000
#: Ravi's regression: the new build is 5 % slower.
REGRESSION = 0.05
ALPHA = 0.05
RUNS = 1000


# ------------------------------------------------------------------ 2a helpers
def _journey():
    from ..resilience.synthetics import JOURNEYS

    return list(JOURNEYS["checkout"])


@functools.cache
def _checks(locations=3):
    from ..datasets import load_requests
    from ..resilience.synthetics import synthetic_checks

    return synthetic_checks(load_requests(), journey=_journey(), interval_min=1, locations=locations,
                            rng=CHECK_SEED)


def _uptime(key):
    from ..resilience.synthetics import synthetic_uptime

    return float(synthetic_uptime(_checks())[key])


def _all_locations_up():
    return float(_checks().groupby("timestamp")["success"].all().mean())


def _alerts(min_locations, consecutive_runs, locations=3):
    from ..resilience.synthetics import synthetic_alerts

    return synthetic_alerts(_checks(locations), min_locations=min_locations, consecutive_runs=consecutive_runs)


def _incidents():
    from ..datasets import load_incidents

    return load_incidents()


def _false_alarms(min_locations, consecutive_runs, *, journey_only=True):
    from ..resilience.synthetics import synthetic_false_alarms

    service = _journey() if journey_only else None
    return float(len(synthetic_false_alarms(_alerts(min_locations, consecutive_runs), _incidents(),
                                            service=service)))


def _detected(min_locations, consecutive_runs, locations, *, how="share"):
    from ..resilience.synthetics import synthetic_detection

    found = synthetic_detection(_alerts(min_locations, consecutive_runs, locations), _incidents(),
                                service=_journey())
    hits = float(found["detected_at"].notna().sum())
    if how == "count":
        return hits
    if how == "of_all":
        return hits / len(_incidents())
    return hits / len(found)


# ------------------------------------------------------------------ 2b helpers
def _groups(n_requests, seed, regression=REGRESSION):
    from ..resilience.release import simulate_release_latencies

    release = simulate_release_latencies(service="checkout", regression=regression, n_requests=n_requests,
                                         rng=seed)
    baseline = release.loc[release["group"] == "baseline", "latency_ms"]
    canary = release.loc[release["group"] == "canary", "latency_ms"]
    return baseline, canary


def _small_p(*, swapped=False, two_sided=False):
    from ..resilience.release import canary_test

    baseline, canary = _groups(DAILY_REQUESTS, SMALL_SEED)
    p = canary_test(canary, baseline)["p_value"] if swapped else canary_test(baseline, canary)["p_value"]
    return float(min(1.0, 2 * p) if two_sided else p)


@functools.cache
def _rate(regression, n_requests, method="mann-whitney", service="checkout", seed=None):
    from ..resilience.release import gate_error_rates

    seed = (AA_SEED if regression == 0 else POWER_SEED) if seed is None else seed
    return float(gate_error_rates(regression=regression, n_requests=n_requests, runs=RUNS, alpha=ALPHA,
                                  service=service, method=method, rng=seed)["blocked_share"])


# ------------------------------------------------------------------ 2c helpers
def _cost(power, key, *, false_positive_rate=ALPHA, regressed_share=None):
    from ..datasets import load_deployments
    from ..resilience.release import gate_cost

    return float(gate_cost(load_deployments(), false_positive_rate=false_positive_rate, power=power,
                           regressed_share=regressed_share)[key])


def _all_deployments_times_alpha():
    from ..datasets import load_deployments

    return float(len(load_deployments()) * ALPHA)


EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------------ 2a
    Exercise(
        id="odd2a.uptime",
        notebook=NB_2A,
        prompt=("Grafana's uptime of Ravi's check: the share of time points (runs, all locations together) "
                "in which at least one location succeeded. Compute it from `checks`, as a fraction."),
        kind="number",
        reference=lambda: _uptime("uptime"),
        hint=("Group the rows by timestamp and ask whether ANY location succeeded: "
              "checks.groupby('timestamp')['success'].any(); then the mean of that."),
        solution_code=("checks = sl.synthetic_checks(sl.load_requests(), journey=list(sl.JOURNEYS['checkout']),\n"
                       "                             interval_min=1, locations=3, rng=2026)\n"
                       "answer = checks.groupby('timestamp')['success'].any().mean()"),
        rel_tol=0.0005,
        misconceptions=[
            ("you took the share of successful checks over all rows (that is Grafana's reachability: "
             "every probe's run counts)", lambda: _uptime("reachability")),
            ("you required ALL locations to succeed in a time point (uptime needs only one)",
             _all_locations_up),
        ],
    ),
    Exercise(
        id="odd2a.eager_false_alarms",
        notebook=NB_2A,
        prompt=("With the eager rule, 1 of 3 locations failing 1 run, on the same `checks`: how many false "
                "alarms (alert episodes overlapping no incident of the journey's services) in the 28 days?"),
        kind="number",
        unit="false alarms",
        reference=lambda: _false_alarms(1, 1),
        hint=("sl.synthetic_alerts(checks, min_locations=1, consecutive_runs=1), then "
              "sl.synthetic_false_alarms(those alerts, incidents, service=journey), and len() of it."),
        solution_code=("journey = list(sl.JOURNEYS['checkout'])\n"
                       "checks = sl.synthetic_checks(sl.load_requests(), journey=journey, interval_min=1,\n"
                       "                             locations=3, rng=2026)\n"
                       "eager = sl.synthetic_alerts(checks, min_locations=1, consecutive_runs=1)\n"
                       "answer = len(sl.synthetic_false_alarms(eager, sl.load_incidents(), service=journey))"),
        rel_tol=0.001,
        misconceptions=[
            ("you counted every alert episode, also those that overlap an incident (those are detections)",
             lambda: float(len(_alerts(1, 1)))),
            ("you counted failed runs, not alert episodes (failures in consecutive minutes make one episode)",
             lambda: float((~_checks()["success"]).sum())),
            ("you compared with all 16 incidents: an episode during notifications' INC-009, a service the "
             "journey never calls, is still a false alarm for this check (pass service=journey)",
             lambda: _false_alarms(1, 1, journey_only=False)),
            ("you kept Ravi's first rule (2 of 3 locations, 2 runs), not the eager one",
             lambda: _false_alarms(2, 2)),
        ],
    ),
    Exercise(
        id="odd2a.twenty_locations",
        notebook=NB_2A,
        prompt=("Run the journey from 20 locations (locations=20, rng=2026) and alert when 3 of 20 locations "
                "fail 1 run. What share of the journey's 15 incidents does it detect? A fraction."),
        kind="number",
        reference=lambda: _detected(3, 1, 20),
        hint=("sl.synthetic_checks(requests, journey=journey, locations=20, rng=2026); "
              "sl.synthetic_alerts(..., min_locations=3, consecutive_runs=1); "
              "sl.synthetic_detection(..., incidents, service=journey); the share of rows whose "
              "detected_at is not NaT."),
        solution_code=("requests, incidents = sl.load_requests(), sl.load_incidents()\n"
                       "journey = list(sl.JOURNEYS['checkout'])\n"
                       "checks20 = sl.synthetic_checks(requests, journey=journey, locations=20, rng=2026)\n"
                       "alerts20 = sl.synthetic_alerts(checks20, min_locations=3, consecutive_runs=1)\n"
                       "found = sl.synthetic_detection(alerts20, incidents, service=journey)\n"
                       "answer = found['detected_at'].notna().mean()"),
        rel_tol=0.01,
        misconceptions=[
            ("you divided by all 16 incidents; the journey cannot see notifications' INC-009, so the "
             "share is of its 15", lambda: _detected(3, 1, 20, how="of_all")),
            ("you gave the number of incidents detected, not their share", lambda: _detected(3, 1, 20, how="count")),
            ("you kept 3 locations (3 of 3 failing), not 20", lambda: _detected(3, 1, 3)),
            ("you kept Ravi's rule of 2 locations for 2 runs in a row", lambda: _detected(2, 2, 20)),
        ],
    ),
    # ------------------------------------------------------------------ 2b
    Exercise(
        id="odd2b.daily_p_value",
        notebook=NB_2B,
        prompt=("Ravi's daily staging test compares only 24 requests per build. For the 5 % slower build "
                "(simulate_release_latencies(regression=0.05, n_requests=24, rng=7)), what p-value does the "
                "one-sided Mann-Whitney test give (is the canary slower)?"),
        kind="number",
        reference=lambda: _small_p(),
        hint=("Split the frame by group and call sl.canary_test(baseline, canary): baseline FIRST, then "
              "the canary; read 'p_value'."),
        solution_code=("small = sl.simulate_release_latencies(service='checkout', regression=0.05, n_requests=24, rng=7)\n"
                       "baseline = small.loc[small['group'] == 'baseline', 'latency_ms']\n"
                       "canary = small.loc[small['group'] == 'canary', 'latency_ms']\n"
                       "answer = sl.canary_test(baseline, canary)['p_value']"),
        rel_tol=0.001,
        misconceptions=[
            ("you swapped the groups: that tests whether the BASELINE is slower (baseline first, then the canary)",
             lambda: _small_p(swapped=True)),
            ("you took a two-sided p-value (doubled); the gate asks one thing only: is the canary slower?",
             lambda: _small_p(two_sided=True)),
        ],
    ),
    Exercise(
        id="odd2b.p99_false_positives",
        notebook=NB_2B,
        prompt=("A threshold gate blocks when the canary's p99 is more than 5 % above the baseline's "
                "(method='p99-ratio', max_ratio=1.05). With 1,000 requests per group, what share of GOOD "
                "releases does it block? Run 1,000 A/A releases with rng=5."),
        kind="number",
        reference=lambda: _rate(0.0, GATE_REQUESTS, "p99-ratio"),
        hint=("An A/A run has no regression: sl.gate_error_rates(regression=0.0, n_requests=1000, runs=1000, "
              "method='p99-ratio', max_ratio=1.05, rng=5)['false_positive_rate']."),
        solution_code=("aa = sl.gate_error_rates(regression=0.0, n_requests=1000, runs=1000, method='p99-ratio',\n"
                       "                         max_ratio=1.05, rng=5)\n"
                       "answer = aa['false_positive_rate']"),
        rel_tol=0.01,
        misconceptions=[
            ("you assumed the rule blocks alpha = 5 % of good releases; a threshold rule has no alpha, "
             "only an A/A run tells its rate", lambda: ALPHA),
            ("you simulated a 5 % slower canary (that is the rule's power), not an A/A run",
             lambda: _rate(REGRESSION, GATE_REQUESTS, "p99-ratio", seed=AA_SEED)),
            ("you ran the median rule (method='median-ratio'), not the p99 one",
             lambda: _rate(0.0, GATE_REQUESTS, "median-ratio")),
            ("you ran the Mann-Whitney gate (the default method), not the p99 rule",
             lambda: _rate(0.0, GATE_REQUESTS)),
        ],
    ),
    Exercise(
        id="odd2b.search_power",
        notebook=NB_2B,
        prompt=("Most of MicroCorp's releases are search's. Its latencies spread more (sigma 0.55 against "
                "checkout's 0.45). With 1,000 requests per group, what share of 5 % slower SEARCH releases "
                "does the Mann-Whitney gate block? Run 1,000 releases with rng=2."),
        kind="number",
        reference=lambda: _rate(REGRESSION, GATE_REQUESTS, service="search"),
        hint=("sl.gate_error_rates(regression=0.05, n_requests=1000, runs=1000, service='search', rng=2)"
              "['power']."),
        solution_code=("answer = sl.gate_error_rates(regression=0.05, n_requests=1000, runs=1000,\n"
                       "                             service='search', rng=2)['power']"),
        rel_tol=0.01,
        misconceptions=[
            ("you kept checkout's profile (service='checkout' is the default)",
             lambda: _rate(REGRESSION, GATE_REQUESTS)),
            ("you ran an A/A test (regression=0): that is the false-positive rate, not the power",
             lambda: _rate(0.0, GATE_REQUESTS, service="search", seed=POWER_SEED)),
        ],
    ),
    # ------------------------------------------------------------------ 2c
    Exercise(
        id="odd2c.blocked_good",
        notebook=NB_2C,
        prompt=("The bad releases of the quarter are the deployments that failed; the rest are good. "
                "A gate at alpha = 0.05 blocks that share of good releases. How many good releases does it "
                "block in the quarter, in expectation?"),
        kind="number",
        unit="releases",
        reference=lambda: _cost(_rate(REGRESSION, GATE_REQUESTS), "blocked_good"),
        hint="Count the good releases ((~deployments['failed']).sum()) and multiply by the false-positive rate, 0.05.",
        solution_code=("deployments = sl.load_deployments()\n"
                       "answer = (~deployments['failed']).sum() * 0.05"),
        rel_tol=0.01,
        misconceptions=[
            ("you applied the false-positive rate to all 486 deployments; only good releases can be blocked "
             "by mistake", _all_deployments_times_alpha),
            ("you counted the bad releases that get through (missed), not the good ones blocked",
             lambda: _cost(_rate(REGRESSION, GATE_REQUESTS), "missed_bad")),
            ("you counted every block, bad releases caught included",
             lambda: _cost(_rate(REGRESSION, GATE_REQUESTS), "blocked")),
        ],
    ),
    Exercise(
        id="odd2c.false_block_share",
        notebook=NB_2C,
        prompt=("With the gate's power `power` (1,000 requests a group, 5 % regression) and alpha = 0.05: "
                "when the gate goes red, how often is the release actually good? The share of all its blocks "
                "that are good releases, a fraction."),
        kind="number",
        reference=lambda: _cost(_rate(REGRESSION, GATE_REQUESTS), "false_block_share"),
        hint=("Blocks of good releases: good x 0.05. Blocks of bad ones: bad x power. The share is the first "
              "over their sum."),
        solution_code=("deployments = sl.load_deployments()\n"
                       "power = sl.gate_error_rates(regression=0.05, n_requests=1000, runs=1000, rng=2)['power']\n"
                       "good, bad = (~deployments['failed']).sum(), deployments['failed'].sum()\n"
                       "answer = good * 0.05 / (good * 0.05 + bad * power)"),
        rel_tol=0.01,
        misconceptions=[
            ("you took the false-positive rate, a share of GOOD releases, for a share of BLOCKS",
             lambda: ALPHA),
            ("you took the share of bad releases that get through (1 - power)",
             lambda: 1 - _rate(REGRESSION, GATE_REQUESTS)),
            ("you divided the blocked good releases by all 486 deployments, not by the blocks",
             lambda: _cost(_rate(REGRESSION, GATE_REQUESTS), "blocked_good")
             / _cost(_rate(REGRESSION, GATE_REQUESTS), "deployments")),
        ],
    ),
    Exercise(
        id="odd2c.daily_false_block_share",
        notebook=NB_2C,
        prompt=("Now Ravi's daily staging test as the gate: 24 requests per build, alpha = 0.05. Its power "
                "against a 5 % regression comes from 1,000 simulated releases (rng=2). Over the quarter, what "
                "share of its red lights would be good releases? A fraction."),
        kind="number",
        reference=lambda: _cost(_rate(REGRESSION, DAILY_REQUESTS), "false_block_share"),
        hint=("Same as before with the power at n_requests=24: sl.gate_error_rates(regression=0.05, "
              "n_requests=24, runs=1000, rng=2)['power'], then sl.gate_cost(...)['false_block_share']."),
        solution_code=("deployments = sl.load_deployments()\n"
                       "power24 = sl.gate_error_rates(regression=0.05, n_requests=24, runs=1000, rng=2)['power']\n"
                       "answer = sl.gate_cost(deployments, false_positive_rate=0.05,\n"
                       "                      power=power24)['false_block_share']"),
        rel_tol=0.005,
        misconceptions=[
            ("you kept the power of the 1,000-request gate",
             lambda: _cost(_rate(REGRESSION, GATE_REQUESTS), "false_block_share")),
            ("you gave the daily test's power (a share of bad releases blocked), not a share of its blocks",
             lambda: _rate(REGRESSION, DAILY_REQUESTS)),
            ("you gave the share of its blocks that are REAL regressions (1 minus the answer)",
             lambda: 1 - _cost(_rate(REGRESSION, DAILY_REQUESTS), "false_block_share")),
        ],
    ),
]

QUIZZES: list[Quiz] = [
    Quiz(
        id="odd2a.why_missed",
        notebook=NB_2A,
        question=("Real-user alerting caught all 15 of the journey's incidents; Ravi's 2-of-3-locations, "
                  "2-runs rule caught only the payment outage. Why?"),
        options=[
            ("The probes ran from the wrong cities: the incidents were regional.",
             "No: here every location meets the same error ratio (MicroCorp's incidents hit all users). "
             "Spreading probes over continents guards against the probes' own network, not this."),
            ("Each run is a single request. An incident that fails 3 % of requests fails about 3 runs in "
             "100, so two locations failing twice in a row almost never happens: probes see outages, not "
             "partial failures.",
             "Right: a synthetic check is a tiny sample (3 requests a minute against hundreds of real ones). "
             "Only a near-total failure makes several probes fail together."),
            ("The probes' own failures (0.2 % of runs) hide MicroCorp's failures.",
             "No: a probe's own failure can only add failed runs (false alarms); it never turns a failed "
             "step into a success."),
            ("Synthetic checks run against staging, so they cannot see production incidents.",
             "No: these robots replay production's recorded month; where a check runs is a choice."),
        ],
        answer=1,
    ),
    Quiz(
        id="odd2b.error_counts",
        notebook=NB_2B,
        question=("During the canary, the baseline served 1,000 requests with 1 error, the canary 1,000 with "
                  "4 errors. Fisher's exact test (one-sided) gives p = 0.19. What do you conclude?"),
        options=[
            ("The canary's error ratio is fine: the test found no difference.",
             "No: a large p-value is not evidence of no difference. With so few errors the test could not "
             "have seen even a fourfold rise reliably."),
            ("The canary is four times worse: 4 errors against 1.",
             "No: four against one is well within chance at these counts (p = 0.19); a ratio of tiny counts "
             "says little."),
            ("The counts cannot tell: keep the canary running (more requests) before deciding, or judge a "
             "signal with more events, such as latency.",
             "Right: error ratios near 0.1 % need many thousands of requests per group before a test can "
             "tell a real rise from chance."),
            ("Use a t-test on the error flags instead; Fisher's test is too strict.",
             "No: on the same counts the alternatives give the same verdict; the problem is how little "
             "data there is, not the test."),
        ],
        answer=2,
    ),
    Quiz(
        id="odd2c.two_metrics",
        notebook=NB_2C,
        question=("The team adds a second check to the gate: the error ratio, also tested at alpha = 5 %. "
                  "The release is blocked if EITHER test fails. About what share of good releases is now "
                  "blocked (tests independent)?"),
        options=[
            ("5 %: each test is still at 5 %.",
             "No: a good release now has two chances to be blocked by mistake."),
            ("About 9.75 %: 1 - 0.95 x 0.95.",
             "Right: the familywise rate 1 - (1 - alpha)^m (sl.familywise_false_positive_rate). Every judge of "
             "many metrics faces this: test each at a smaller alpha, or let only a few critical metrics block."),
            ("0.25 %: 0.05 x 0.05, both tests must go wrong together.",
             "No: that is a rule that blocks only when BOTH fail; this one blocks when either does."),
            ("Exactly 10 %: the two rates add.",
             "Close, but a release that fails both tests would be counted twice: 1 - (1 - 0.05)^2 = 0.0975."),
        ],
        answer=1,
    ),
]
