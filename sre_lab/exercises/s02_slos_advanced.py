"""Exercises and quizzes of 02_slos, advanced tier (keys "slo3a" .. "slo3d").

The advanced tier asks for design and critique: the learner decides (a
Bronze tier's page, which window a forecast answers, what the queue model
gets wrong) and the check tests the number the decision produces. Reference
answers and misconceptions call the same core functions the notebooks call
(``sl.detection_time``, ``sl.forecast_budget_exhaustion``,
``sl.fit_queue_model``, ``sl.surge_workers``...); nothing is typed in.

Targets used in these parts (the SRE hub's tiers, ``sl.SLO_TIERS``): payment
is Platinum (99.95 %), checkout and search Gold (99.9 %), notifications
Silver (99.5 %), all over a 28-day rolling window.
"""

from __future__ import annotations

import functools
import math

from ._engine import Exercise
from ._quiz import Quiz

_NB_A = "02_slos/3a_tiers_and_alert_design"
_NB_B = "02_slos/3b_release_gates_and_forecasts"
_NB_C = "02_slos/3c_capacity_planning"
_NB_D = "02_slos/3d_executive_rollup_and_surge"

#: The SRE hub's tier of each service (3a); targets come from sl.SLO_TIERS.
TIER_OF = {"checkout": "gold", "payment": "platinum", "search": "gold",
           "notifications": "silver"}
WINDOW_DAYS = 28          # MicroCorp's rolling SLO window (four weeks)
SLA_TARGET = 0.98         # the campaign SLA: 98 % of successful checkouts within 500 ms a week
SLA_WINDOW_DAYS = 7
BRONZE_TARGET = 0.90      # the proposed Bronze tier of 3a


# --------------------------------------------------------------------------- helpers (lazy)

def _target(service: str) -> float:
    from ..slo import SLO_TIERS

    return SLO_TIERS[TIER_OF[service]].target


def _page_floor(window_days: float) -> float:
    """Lowest target at which the fastest page of the Workbook policy can fire."""
    from ..alerting import workbook_policy

    fastest = max(workbook_policy(0.999, window_days=window_days), key=lambda r: r.burn_rate)
    return 1 - 1 / fastest.burn_rate


def _bronze_threshold(*, slo_target=BRONZE_TARGET, window_minutes=60, within_minutes=10) -> float:
    """Highest burn-rate threshold whose rule pages a total outage within ``within_minutes``.

    Detection time of a total outage is linear in the threshold, so one call
    with burn rate 1 gives the minutes per unit of threshold.
    """
    from ..alerting import detection_time

    per_unit = detection_time(1.0, slo_target=slo_target, burn_rate=1.0,
                              window_minutes=window_minutes)
    return within_minutes / (per_unit.total_seconds() / 60)


def _payment_forecast(*, slo_target=None, elapsed_days=14):
    from ..datasets import load_daily_history
    from ..forecasting import forecast_budget_exhaustion

    return forecast_budget_exhaustion(
        load_daily_history("payment"),
        slo_target=_target("payment") if slo_target is None else slo_target,
        window_days=WINDOW_DAYS, elapsed_days=elapsed_days, n_paths=10_000, rng=0)


def _naive_days(history=None):
    import numpy as np

    from ..datasets import load_daily_history
    from ..forecasting import naive_error_rate_forecast

    data = load_daily_history("checkout") if history is None else history
    return np.asarray(naive_error_rate_forecast(data, 7, n_paths=10_000, rng=1))


@functools.cache
def _checkout_fit():
    """The queue fitted to checkout's hours (3c), latency incidents left out."""
    from ..capacity import fit_queue_model
    from ..datasets import load_incidents, load_requests

    incidents = load_incidents()
    latency = incidents[(incidents["service"] == "checkout") & (incidents["kind"] == "latency")]
    return fit_queue_model(load_requests(service="checkout"), latency_threshold_ms=500,
                           exclude=latency)


def _quiet_hour(threshold_ms: int = 100) -> list:
    """[model, data] share within ``threshold_ms`` at 03:00-04:00 UTC (fitted queue vs data)."""
    from ..capacity import hourly_latency_profile
    from ..datasets import load_incidents, load_requests
    from ..forecasting import mmc_response_time_tail

    fit = _checkout_fit()
    incidents = load_incidents()
    latency = incidents[(incidents["service"] == "checkout") & (incidents["kind"] == "latency")]
    profile = hourly_latency_profile(load_requests(service="checkout"),
                                     latency_threshold_ms=threshold_ms, exclude=latency)
    rate = float(profile.loc[3, "arrival_rate_rps"])
    model = 1 - float(mmc_response_time_tail(threshold_ms, arrival_rate_rps=rate,
                                              service_time_ms=fit.service_time_ms,
                                              servers=fit.servers))
    return [model, float(profile.loc[3, "within_threshold"])]


@functools.cache
def _checkout_peak_rps() -> float:
    from ..datasets import load_daily_history, load_requests
    from ..forecasting import fit_traffic_growth, forecast_peak_rps, peak_to_mean_ratio

    return forecast_peak_rps(fit_traffic_growth(load_daily_history("checkout")), horizon_days=90,
                             peak_to_mean_ratio=peak_to_mean_ratio(load_requests(service="checkout")),
                             quantile=0.9)


def _plan(latency_target: float, *, multiplier: float = 1.0):
    from ..forecasting import capacity_needed

    return capacity_needed(_checkout_peak_rps() * multiplier,
                           service_time_ms=_checkout_fit().service_time_ms,
                           latency_threshold_ms=500, latency_target=latency_target,
                           headroom_servers=2)


def _surge_workers(multiplier: float) -> int:
    from ..capacity import surge_workers
    from ..datasets import load_requests

    return surge_workers(load_requests(service="checkout"), multiplier=multiplier,
                         service_time_ms=_checkout_fit().service_time_ms,
                         latency_threshold_ms=500, sla_target=SLA_TARGET,
                         window_days=SLA_WINDOW_DAYS, min_servers=1)


def _statuses() -> dict:
    """Policy status of each service on the morning of 2 November (3d's roll-up)."""
    from ..datasets import load_daily_history
    from ..policy import release_decision
    from ..slo import budget_over_time

    status = {}
    for service in TIER_OF:
        counts = load_daily_history(service).set_index("date")[["requests", "errors"]]
        target = _target(service)
        month = budget_over_time(counts, slo_target=target, window_days=WINDOW_DAYS)
        week = budget_over_time(counts, slo_target=target, window_days=7)
        status[service] = release_decision(float(month["remaining"].iloc[-1]),
                                           burn_rate=float(week["window_burn_rate"].iloc[-1])
                                           ).decision
    return status


# --------------------------------------------------------------------------- exercises

EXERCISES: list[Exercise] = [
    # ------------------------------------------------ 3a: tiers and alert design
    Exercise(
        id="slo3a.page_floor",
        notebook=_NB_A,
        prompt="With MicroCorp's 28-day window, below which SLO target (a fraction) can the "
               "fastest page of the Workbook policy never fire?",
        kind="number", rel_tol=0.0006,          # 0.926 (the prose's "about 92.6 %") passes
        reference=lambda: _page_floor(WINDOW_DAYS),
        misconceptions=[
            ("you used the 30-day window's 14.4x instead of the burn rate of the 28-day "
             "window's page", lambda: _page_floor(30)),
            ("you wrote the largest budget fraction 1 / burn rate instead of the target "
             "1 - 1 / burn rate", lambda: 1 - _page_floor(WINDOW_DAYS)),
            ("you took the Bronze tier's target from the story; the edge is where the largest "
             "possible burn rate equals the page's threshold", lambda: BRONZE_TARGET),
        ],
        hint="No service burns faster than when every request fails. Find that largest "
             "burn rate as a function of the target, and set it equal to the page's "
             "threshold for MicroCorp's window (not the Workbook's 30 days).",
        solution_code=(
            "page = sl.workbook_policy(0.999, window_days=28)[0]   # the 1 h / 5 min page\n"
            "answer = 1 - 1 / page.burn_rate                       # 1 / (1 - t) = burn rate\n"
        ),
    ),
    Exercise(
        id="slo3a.bronze_threshold",
        notebook=_NB_A,
        prompt="Design Bronze's page (target 90 %, a 1 h long and a 5 min short window): "
               "what is the highest burn-rate threshold that still pages a total outage "
               "within 10 minutes?",
        kind="number", unit="x", rel_tol=0.01,
        reference=lambda: _bronze_threshold(),
        misconceptions=[
            ("you timed the 5-minute short window; the rule needs both windows above the "
             "threshold and the 1-hour window fills last",
             lambda: _bronze_threshold(window_minutes=5)),
            ("you left out the budget fraction: the threshold is on the burn rate, which "
             "is the error ratio divided by (1 - target)",
             lambda: _bronze_threshold() * (1 - BRONZE_TARGET)),
            ("you used Gold's 99.9 % budget instead of Bronze's 10 %",
             lambda: _bronze_threshold(slo_target=0.999)),
            ("you rounded up to a whole burn rate; with that threshold a total outage pages "
             "after more than 10 minutes", lambda: math.ceil(_bronze_threshold())),
        ],
        hint="During a total outage the long window's error ratio grows by 1/60 each "
             "minute. The rule fires when that ratio passes threshold x (1 - target).",
        solution_code=(
            "per_unit = sl.detection_time(1.0, slo_target=0.90, burn_rate=1.0,\n"
            "                             window_minutes=60)     # outage paged at threshold 1\n"
            "answer = 10 / (per_unit.total_seconds() / 60)       # detection time is linear\n"
        ),
    ),
    # ------------------------------------------------ 3b: release gates and forecasts
    Exercise(
        id="slo3b.negative_days",
        notebook=_NB_B,
        prompt="Critique the outline's forecast: run it on checkout's year of daily history "
               "(7 days ahead, 10,000 paths, rng=1). What share of the simulated days have "
               "a negative error ratio?",
        kind="number", rel_tol=0.03,
        reference=lambda: float((_naive_days() < 0).mean()),
        misconceptions=[
            ("you ran it on the outline's four sample ratios, not on checkout's year",
             lambda: float((_naive_days([0.001, 0.0008, 0.0012, 0.0009]) < 0).mean())),
            ("you counted simulated weeks with at least one negative day, not days",
             lambda: float((_naive_days() < 0).any(axis=1).mean())),
        ],
        hint="sl.naive_error_rate_forecast returns one row per simulated week and one "
             "column per day; the share of a boolean array is its mean.",
        solution_code=(
            "days = sl.naive_error_rate_forecast(sl.load_daily_history(\"checkout\"), 7,\n"
            "                                    n_paths=10_000, rng=1)\n"
            "answer = float((days < 0).mean())\n"
        ),
    ),
    Exercise(
        id="slo3b.payment_window",
        notebook=_NB_B,
        prompt="Payment spent 151 % of its Platinum budget over 5 Oct - 1 Nov. What is the "
               "probability that the 28 days ending Sunday 15 November miss its SLO too "
               "(10,000 paths, rng=0)? Answer as a fraction.",
        kind="number", rel_tol=0.1,             # Monte Carlo: another seed or method moves it
        reference=lambda: _payment_forecast().probability_exhausted,
        misconceptions=[
            ("you used 99.9 %, the target payment's own team chose in the intermediate "
             "parts, not its Platinum tier's 99.95 %",
             lambda: _payment_forecast(slo_target=0.999).probability_exhausted),
            ("you forecast a fresh window (nothing observed) instead of the 28 days ending "
             "15 November, 14 of which have happened",
             lambda: _payment_forecast(elapsed_days=0).probability_exhausted),
            ("you answered for the window that ended on 1 November (already exhausted)",
             lambda: 1.0),
        ],
        hint="Decide how many days of the window ending 15 November lie in the data "
             "(it ends on 1 November), and which target payment's tier sets.",
        solution_code=(
            "forecast = sl.forecast_budget_exhaustion(\n"
            "    sl.load_daily_history(\"payment\"), slo_target=sl.SLO_TIERS[\"platinum\"].target,\n"
            "    window_days=28, elapsed_days=14, n_paths=10_000, rng=0)\n"
            "answer = forecast.probability_exhausted\n"
        ),
    ),
    # ------------------------------------------------ 3c: capacity planning
    Exercise(
        id="slo3c.quiet_hour",
        notebook=_NB_C,
        prompt="Test the fitted queue where it was not fitted: at 03:00-04:00 UTC, what share "
               "of successful checkout requests finish within 100 ms according to the "
               "model, and according to the data? Answer [model, data] as fractions.",
        kind="numbers", rel_tol=0.01,
        reference=lambda: _quiet_hour(100),
        misconceptions=[
            ("you swapped the two: the model's share comes first, the data's second",
             lambda: _quiet_hour(100)[::-1]),
            ("you compared at 500 ms, the threshold the queue was fitted to; there model and "
             "data agree by construction", lambda: _quiet_hour(500)),
        ],
        hint="The model is the fitted queue's 1 - tail at 100 ms for that hour's arrival "
             "rate; the data is that hour's latency_le_100ms over successful requests, "
             "with the latency incident left out.",
        solution_code=(
            "minutes = sl.load_requests(service=\"checkout\")\n"
            "incidents = sl.load_incidents()\n"
            "latency = incidents[(incidents[\"service\"] == \"checkout\")\n"
            "                    & (incidents[\"kind\"] == \"latency\")]\n"
            "fit = sl.fit_queue_model(minutes, latency_threshold_ms=500, exclude=latency)\n"
            "hour = sl.hourly_latency_profile(minutes, latency_threshold_ms=100,\n"
            "                                 exclude=latency).loc[3]\n"
            "model = 1 - sl.mmc_response_time_tail(100, arrival_rate_rps=hour[\"arrival_rate_rps\"],\n"
            "                                      service_time_ms=fit.service_time_ms,\n"
            "                                      servers=fit.servers)\n"
            "answer = [model, hour[\"within_threshold\"]]\n"
        ),
    ),
    Exercise(
        id="slo3c.workers_at_peak",
        notebook=_NB_C,
        prompt="Product asks for 99.8 % of successful checkouts within 500 ms. How many "
               "workers does checkout need at the 90-day forecast peak, N+2 included?",
        kind="number", unit="workers", rel_tol=0.0,
        reference=lambda: _plan(0.998).servers_with_headroom,
        misconceptions=[
            ("you left out the N+2 headroom", lambda: _plan(0.998).servers),
            ("you kept the 99 % target", lambda: _plan(0.99).servers_with_headroom),
        ],
        hint="Same peak and same fitted queue as the worked example; only the share "
             "required within 500 ms changes, and the headroom rule stays.",
        solution_code=(
            "history = sl.load_daily_history(\"checkout\")\n"
            "minutes = sl.load_requests(service=\"checkout\")\n"
            "peak_rps = sl.forecast_peak_rps(sl.fit_traffic_growth(history), horizon_days=90,\n"
            "                                peak_to_mean_ratio=sl.peak_to_mean_ratio(minutes),\n"
            "                                quantile=0.9)\n"
            "plan = sl.capacity_needed(peak_rps, service_time_ms=78,   # the fitted queue\n"
            "                          latency_threshold_ms=500, latency_target=0.998,\n"
            "                          headroom_servers=2)\n"
            "answer = plan.servers_with_headroom\n"
        ),
    ),
    # ------------------------------------------------ 3d: roll-up and surge
    Exercise(
        id="slo3d.at_risk",
        notebook=_NB_D,
        prompt="Apply MicroCorp's budget policy to the roll-up's numbers: which service is "
               "'slow down' (still within its SLO, but close to the edge)?",
        kind="choice", choices=("checkout", "payment", "search", "notifications"),
        reference=lambda: next(s for s, d in _statuses().items() if d == "slow down"),
        hint="Freeze when no budget is left; slow down when less than 25 % is left or the "
             "last 7 days burned faster than 1.5x; otherwise go.",
        solution_code=(
            "status = {}\n"
            "for service, tier in {\"checkout\": \"gold\", \"payment\": \"platinum\",\n"
            "                      \"search\": \"gold\", \"notifications\": \"silver\"}.items():\n"
            "    target = sl.SLO_TIERS[tier].target\n"
            "    daily = sl.load_daily_history(service)\n"
            "    month, week = daily.iloc[-28:], daily.iloc[-7:]\n"
            "    left = 1 - month[\"errors\"].sum() / ((1 - target) * month[\"requests\"].sum())\n"
            "    burn = week[\"errors\"].sum() / week[\"requests\"].sum() / (1 - target)\n"
            "    status[service] = sl.release_decision(left, burn_rate=burn).decision\n"
            "answer = next(s for s, d in status.items() if d == \"slow down\")\n"
        ),
    ),
    Exercise(
        id="slo3d.surge_workers",
        notebook=_NB_D,
        prompt="Marketing now expects 1.8x normal traffic for the campaign week. What is the "
               "fewest checkout workers for which P(SLA week missed) < 5 %?",
        kind="number", unit="workers", rel_tol=0.0,
        reference=lambda: _surge_workers(1.8),
        misconceptions=[
            ("you sized the campaign's peak minute for the SLA with sl.capacity_needed; the "
             "SLA counts a whole week, not the busiest minute",
             lambda: _plan(SLA_TARGET, multiplier=1.8).servers),
            ("you sized the campaign's peak minute and added N+2; that is the safe fleet, "
             "not the fewest that keeps the SLA",
             lambda: _plan(SLA_TARGET, multiplier=1.8).servers_with_headroom),
        ],
        hint="Re-run the worked example's sizing with the new multiplier and read the "
             "first fleet size whose breach probability is below 5 %.",
        solution_code=(
            "minutes = sl.load_requests(service=\"checkout\")\n"
            "answer = sl.surge_workers(minutes, multiplier=1.8, service_time_ms=78,\n"
            "                          latency_threshold_ms=500, sla_target=0.98,\n"
            "                          window_days=7)\n"
        ),
    ),
]


# --------------------------------------------------------------------------- quizzes

QUIZZES: list[Quiz] = [
    Quiz(
        id="slo3a.dependency_ceiling",
        notebook=_NB_A,
        question="Checkout sells, so the tier rule says Platinum (99.95 %), yet MicroCorp keeps "
                 "it at Gold (99.9 %). Why?",
        options=[
            ("Gold is cheaper to run, and checkout's revenue does not justify Platinum.",
             "Cost matters, but the numbers here say something stronger: Platinum is not "
             "reachable while checkout's dependencies promise what they promise."),
            ("Checkout missed 99.95 % last month, so it is demoted for a quarter.",
             "Tiers are not a punishment; the budget policy handles misses. The reason is "
             "the dependency ceiling."),
            ("Its hard dependencies at their own SLOs already fail 0.06 % of checkouts, so "
             "99.95 % could be missed with no failure of checkout's own.",
             "Right: a tier must be reachable. 60 % x 0.05 % + 30 % x 0.1 % = 0.06 % of "
             "checkout's requests fail through payment and search alone."),
            ("A Platinum page could never fire for checkout.",
             "Pages stop being able to fire at low targets (below about 92.6 %), not high ones."),
        ],
        answer=2,
    ),
    Quiz(
        id="slo3b.backtest_coverage",
        notebook=_NB_B,
        question="In the backtest the naive 80 % interval covered the real week 85 % of the "
                 "time, the bootstrap's 77 %. Which forecast deserves more trust?",
        options=[
            ("The naive one: its coverage is closer to or above 80 %.",
             "Coverage alone rewards wide intervals. The naive interval reaches below zero "
             "in most forecasts, so it says little; the proper scores punish that."),
            ("The bootstrap: it is sharper, never impossible, and wins both proper scores; "
             "its small under-coverage comes from the few incidents a year holds.",
             "Right: a proper score (interval score, Brier score) rewards being sharp and "
             "right at once, and the bootstrap wins both."),
            ("Neither: forecasts of error budgets cannot be tested.",
             "They can: a rolling-origin backtest asks each method about weeks it did not "
             "see and scores the answers."),
            ("Both equally: 85 % and 77 % are both close to 80 %.",
             "Closeness of coverage is not the whole story: an interval that is also "
             "impossible (below zero) should lose, and the scores say it does."),
        ],
        answer=1,
    ),
    Quiz(
        id="slo3c.cliff",
        notebook=_NB_C,
        question="In the M/M/c model a pool of 8 workers keeps 99 % within 500 ms up to 88 % "
                 "utilisation, one worker only up to 28 %. Why can bigger pools run hotter?",
        options=[
            ("Bigger pools have faster workers.",
             "Every worker has the same mean service time in the model; only the pooling "
             "changes."),
            ("With many workers, an arriving request rarely finds all of them busy at once, "
             "so it rarely waits.",
             "Right: Erlang C (the chance that every worker is busy) falls quickly as the "
             "pool grows at the same utilisation."),
            ("Utilisation is measured differently for bigger pools.",
             "It is the same busy share of the workers for every pool size."),
            ("Bigger pools drop the slow requests.",
             "Nothing is dropped in an M/M/c queue; slow requests wait."),
        ],
        answer=1,
    ),
    Quiz(
        id="slo3d.recap_budget",
        notebook=_NB_D,
        question="Recap (SLIs, targets, budgets): over 28 days checkout served 22.5 million "
                 "requests at a 99.9 % target. What is its error budget?",
        options=[
            ("40 minutes of downtime, whatever the traffic.",
             "That is the budget of a time-based SLI (0.1 % of 28 days is 40.3 minutes); a "
             "request-based SLO counts requests."),
            ("About 22,500 failed requests: 0.1 % of the valid requests of the window.",
             "Right: the budget is (1 - target) x valid events, counted, not averaged."),
            ("0.1 % of the requests of each day, so a bad day cannot borrow from a good one.",
             "The budget belongs to the whole window: a bad day spends what good days saved."),
            ("99.9 % of 22.5 million requests.",
             "That is the number that must succeed, not the number that may fail."),
        ],
        answer=1,
    ),
    Quiz(
        id="slo3d.recap_alerting",
        notebook=_NB_D,
        question="Recap (burn-rate alerting): why does the Workbook's page ask for a high burn "
                 "over 1 hour AND over 5 minutes?",
        options=[
            ("Two windows page twice as fast.",
             "The AND makes the rule fire when the slower (long) window crosses; the short "
             "window is about the reset."),
            ("The 5-minute window catches incidents the hour misses.",
             "With AND, the rule fires only when both are above the threshold; it never "
             "fires on the short window alone."),
            ("Prometheus cannot average over an hour without a shorter window.",
             "It can; the pair is a design choice of the Workbook, not a tool limit."),
            ("The hour makes the page significant (2 % of the budget spent); the 5 minutes "
             "make it stop soon after the errors stop.",
             "Right: the long window gives precision, the short window a short reset time."),
        ],
        answer=3,
    ),
    Quiz(
        id="slo3d.recap_policy",
        notebook=_NB_D,
        question="Recap (policy and forecasting): checkout has 9.5 % of its budget left and a "
                 "one-in-five chance to miss by 15 November. What does the policy do, and "
                 "what does the forecast add?",
        options=[
            ("The policy slows feature releases now (less than 25 % left); the forecast says "
             "how likely a freeze is, so the team can act before it.",
             "Right: the policy reacts to budget spent, mechanically; the forecast looks "
             "ahead with its uncertainty."),
            ("The policy freezes checkout; the forecast lifts the freeze if the risk is low.",
             "The freeze starts only when the budget is gone, and a forecast never overrides "
             "the policy."),
            ("Nothing until the budget is exhausted; forecasts are for executives only.",
             "The slow-down step exists so the team acts before the budget is gone."),
            ("The policy pages the on-call engineer.",
             "Pages come from burn-rate alerts; the budget policy governs releases."),
        ],
        answer=0,
    ),
]
