"""Exercises and quizzes of 02_slos advanced (key "slo3").

Reference answers call the same core functions the notebook calls.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from .._validation import message
from ._engine import Exercise
from ._quiz import Quiz

# Reference helpers of 02_slos/3_advanced_enterprise_slos (key "slo3"), called lazily.
#: The notebook's tier for each service (section 1.2).
_SLO3_TIER_OF = {"checkout": "gold", "payment": "platinum", "search": "gold",
                 "notifications": "silver"}


def _slo3_target(service: str) -> float:
    from ..slo import SLO_TIERS

    return SLO_TIERS[_SLO3_TIER_OF[service]].target


def _slo3_page_floor(window_days: int) -> float:
    from ..alerting import workbook_policy

    fastest = max(workbook_policy(0.999, window_days=window_days), key=lambda r: r.burn_rate)
    return 1 - 1 / fastest.burn_rate


def _slo3_quarter(service: str):
    from ..datasets import load_daily_history
    from ..policy import simulate_release_quarter

    return simulate_release_quarter(load_daily_history(service), slo_target=_slo3_target(service))


def _slo3_forecast(service: str):
    from ..datasets import load_daily_history
    from ..forecasting import forecast_budget_exhaustion

    return forecast_budget_exhaustion(load_daily_history(service), slo_target=_slo3_target(service),
                                      window_days=28, elapsed_days=14, n_paths=10_000, rng=0)


def _slo3_statuses() -> dict:
    """Policy status of each service on the morning after the data (section 4's roll-up)."""
    from ..datasets import load_daily_history
    from ..policy import release_decision
    from ..slo import budget_over_time

    status = {}
    for service in _SLO3_TIER_OF:
        counts = load_daily_history(service).set_index("date")[["requests", "errors"]]
        target = _slo3_target(service)
        month = budget_over_time(counts, slo_target=target, window_days=28)
        week = budget_over_time(counts, slo_target=target, window_days=7)
        status[service] = release_decision(float(month["remaining"].iloc[-1]),
                                           burn_rate=float(week["window_burn_rate"].iloc[-1])
                                           ).decision
    return status


_SLO3_FIT: dict = {}


def _slo3_queue_fit() -> tuple[int, int]:
    """(service_time_ms, workers) of the M/M/c queue that best matches checkout's hours (3.3)."""
    if "fit" in _SLO3_FIT:
        return _SLO3_FIT["fit"]
    from ..datasets import load_incidents, load_requests
    from ..forecasting import mmc_response_time_tail

    minutes = load_requests(service="checkout")
    incidents = load_incidents()
    calm = minutes
    for _, incident in incidents[(incidents["service"] == "checkout")
                                 & (incidents["kind"] == "latency")].iterrows():
        calm = calm[(calm.index < incident["started"]) | (calm.index >= incident["mitigated"])]
    hourly = calm.groupby(calm.index.hour)
    rate = (hourly["requests"].sum() / (hourly.size() * 60)).to_numpy()
    fast = (hourly["latency_le_500ms"].sum()
            / (hourly["requests"].sum() - hourly["errors"].sum())).to_numpy()
    fits = []
    for service_time_ms in range(60, 101):
        for workers in range(1, 6):
            model = 1 - mmc_response_time_tail(500, arrival_rate_rps=rate,
                                               service_time_ms=service_time_ms, servers=workers)
            fits.append((float(np.sqrt(np.mean((model - fast) ** 2))), service_time_ms, workers))
    _, service_time_ms, workers = min(fits)
    _SLO3_FIT["fit"] = (service_time_ms, workers)
    return service_time_ms, workers


def _slo3_capacity(latency_target: float):
    from ..datasets import load_daily_history, load_requests
    from ..forecasting import (capacity_needed, fit_traffic_growth, forecast_peak_rps,
                              peak_to_mean_ratio)

    peak = forecast_peak_rps(fit_traffic_growth(load_daily_history("checkout")), horizon_days=90,
                             peak_to_mean_ratio=peak_to_mean_ratio(load_requests(service="checkout")),
                             quantile=0.9)
    service_time_ms, _ = _slo3_queue_fit()
    return capacity_needed(peak, service_time_ms=service_time_ms, latency_threshold_ms=500,
                           latency_target=latency_target, headroom_servers=2)


def _slo3_surge_workers(multiplier: float, *, sla_target: float = 0.98) -> int:
    """Fewest workers with P(weekly latency SLA missed) < 5 % under a traffic surge (section 5)."""
    import pandas as pd

    from ..datasets import load_requests
    from ..forecasting import forecast_budget_exhaustion, mmc_response_time_tail

    service_time_ms, workers_now = _slo3_queue_fit()
    five = load_requests(service="checkout")[["requests", "errors"]].resample("5min").sum()
    successful = (five["requests"] - five["errors"]) * multiplier
    for workers in range(workers_now, 100):
        slow = mmc_response_time_tail(500, arrival_rate_rps=five["requests"].to_numpy()
                                      * multiplier / 300,
                                      service_time_ms=service_time_ms, servers=workers)
        week = pd.DataFrame({"valid": successful, "good": successful * (1 - slow)}
                            ).resample("1h").sum()
        forecast = forecast_budget_exhaustion(week, slo_target=sla_target, window_days=7,
                                              elapsed_days=0, n_paths=2_000, rng=0)
        if forecast.probability_exhausted < 0.05:
            return workers
    raise ValueError(message("multiplier", "a surge that 100 workers can serve", multiplier))


EXERCISES: list[Exercise] = [
    # ------------------------------------- 02_slos/3_advanced_enterprise_slos (key "slo3")
    Exercise(
        id="slo3.page_floor",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="With MicroCorp's 28-day window, what is the lowest SLO target (a fraction) "
               "above which the fastest page of sl.workbook_policy (page_1h_5m) can fire?",
        kind="number", rel_tol=1e-4,
        reference=lambda: _slo3_page_floor(28),
        hint="No service burns faster than when every request fails: the largest burn rate "
             "is 1 / (1 - target). Solve 1 / (1 - target) = the page's burn rate (13.44 for "
             "a 28-day window, not the 14.4 of 30 days).",
        solution_code=(
            "page = sl.workbook_policy(0.999, window_days=28)[0]   # the 1 h / 5 min page\n"
            "answer = 1 - 1 / page.burn_rate                       # 1 / (1 - t) = burn rate\n"
        ),
    ),
    Exercise(
        id="slo3.releases_blocked",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="Replay the quarter with sl.simulate_release_quarter for search at its Gold "
               "target (99.9 %): how many of its planned releases did the gate block?",
        kind="number", unit="releases", rel_tol=0.0,
        reference=lambda: _slo3_quarter("search").releases_blocked,
        hint="sl.simulate_release_quarter(daily counts, slo_target=...) returns a "
             "ReleaseQuarter; its releases_blocked counts the releases held by a freeze.",
        solution_code=(
            "quarter = sl.simulate_release_quarter(sl.load_daily_history(\"search\"),\n"
            "                                      slo_target=sl.SLO_TIERS[\"gold\"].target)\n"
            "answer = quarter.releases_blocked\n"
        ),
    ),
    Exercise(
        id="slo3.p_exhaust",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="With sl.forecast_budget_exhaustion on payment's year of daily history, its "
               "Platinum target, window_days=28, elapsed_days=14, n_paths=10_000 and rng=0: "
               "what is the probability that payment misses its SLO over the 28 days ending "
               "15 November? Answer as a fraction.",
        kind="number", abs_tol=0.02, rel_tol=0.0,
        reference=lambda: _slo3_forecast("payment").probability_exhausted,
        hint="The target is sl.SLO_TIERS['platinum'].target (99.95 %); the answer is the "
             "forecast's probability_exhausted.",
        solution_code=(
            "forecast = sl.forecast_budget_exhaustion(\n"
            "    sl.load_daily_history(\"payment\"), slo_target=sl.SLO_TIERS[\"platinum\"].target,\n"
            "    window_days=28, elapsed_days=14, n_paths=10_000, rng=0)\n"
            "answer = forecast.probability_exhausted\n"
        ),
    ),
    Exercise(
        id="slo3.workers_at_peak",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="If checkout's latency SLO were tightened to 99.8 % of successful requests "
               "within 500 ms, how many workers would it need at the 90-day forecast peak, "
               "including the N+2 headroom (same peak and fitted queue as in section 3)?",
        kind="number", unit="workers", rel_tol=0.0,
        reference=lambda: _slo3_capacity(0.998).servers_with_headroom,
        hint="sl.capacity_needed(peak_rps, service_time_ms=..., latency_threshold_ms=500, "
             "latency_target=0.998, headroom_servers=2).servers_with_headroom",
        solution_code=(
            "history = sl.load_daily_history(\"checkout\")\n"
            "minutes = sl.load_requests(service=\"checkout\")\n"
            "peak_rps = sl.forecast_peak_rps(sl.fit_traffic_growth(history), horizon_days=90,\n"
            "                                peak_to_mean_ratio=sl.peak_to_mean_ratio(minutes),\n"
            "                                quantile=0.9)\n"
            "plan = sl.capacity_needed(peak_rps, service_time_ms=78,   # the queue fitted in 3.3\n"
            "                          latency_threshold_ms=500, latency_target=0.998,\n"
            "                          headroom_servers=2)\n"
            "answer = plan.servers_with_headroom\n"
        ),
    ),
    Exercise(
        id="slo3.at_risk",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="Which service does the executive roll-up flag as at risk (policy status "
               "'slow down')? Answer with its name.",
        kind="choice", choices=("checkout", "payment", "search", "notifications"),
        reference=lambda: next(s for s, d in _slo3_statuses().items() if d == "slow down"),
        hint="Look at the roll-up's status column: 'freeze' means the budget is exhausted, "
             "'slow down' that less than 25 % is left or the last week burned faster than 1.5x.",
        solution_code=(
            "tier_of = {\"checkout\": \"gold\", \"payment\": \"platinum\", \"search\": \"gold\",\n"
            "           \"notifications\": \"silver\"}\n"
            "status = {}\n"
            "for service, tier in tier_of.items():\n"
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
        id="slo3.surge_workers",
        notebook="02_slos/3_advanced_enterprise_slos",
        prompt="Marketing now expects 1.8x normal traffic for the campaign week. What is "
               "the fewest checkout workers for which the re-forecast gives P(SLA breach "
               "next week) < 5 % (SLA: 98 % within 500 ms per week)?",
        kind="number", unit="workers", rel_tol=0.0,
        reference=lambda: _slo3_surge_workers(1.8),
        hint="Reuse the notebook's campaign(multiplier, workers) and sla_week(...) with "
             "multiplier 1.8, for 2, 3, 4... workers, and keep the first with "
             "probability_exhausted < 0.05.",
        solution_code=(
            "import pandas as pd\n"
            "minutes = sl.load_requests(service=\"checkout\")\n"
            "five = minutes[[\"requests\", \"errors\"]].resample(\"5min\").sum()\n"
            "\n"
            "def p_breach(multiplier, workers, service_time_ms=78):   # the queue fitted in 3.3\n"
            "    slow = sl.mmc_response_time_tail(\n"
            "        500, arrival_rate_rps=five[\"requests\"].to_numpy() * multiplier / 300,\n"
            "        service_time_ms=service_time_ms, servers=workers)\n"
            "    ok = (five[\"requests\"] - five[\"errors\"]) * multiplier\n"
            "    week = pd.DataFrame({\"valid\": ok, \"good\": ok * (1 - slow)}).resample(\"1h\").sum()\n"
            "    return sl.forecast_budget_exhaustion(week, slo_target=0.98, window_days=7,\n"
            "                                         elapsed_days=0, n_paths=2_000,\n"
            "                                         rng=0).probability_exhausted\n"
            "\n"
            "answer = next(w for w in range(2, 20) if p_breach(1.8, w) < 0.05)\n"
        ),
    ),
]

QUIZZES: list[Quiz] = []
