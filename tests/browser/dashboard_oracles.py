"""What each dashboard's summary must say, computed here with sre_lab's core functions.

The browser test moves a dashboard's controls with the keyboard, reads the
controls' new values from the kernel, and looks for these texts in the
summary the page shows. The numbers come from the core modules (never from
``dashboards.py``, which only wires them), so a dashboard that shows a stale or
mis-wired result fails.

``ORACLES[name](values) -> list[str]``: ``name`` is the dashboard's CSS name
(``sre-<name>-dashboard``); ``values`` maps each control's CSS name
(``sre-control-<name>``: ``_`` written ``-``) to its value in the kernel.
Add an entry for every new dashboard; one without an entry is only checked
for changing its summary (and is named in a warning).
"""

from __future__ import annotations

import functools


def _css(name: str) -> str:
    return name.replace("_", "-").lower()


def maturity(values: dict) -> list[str]:
    """``sl.maturity_dashboard()`` (00_start_here): stage, level and tiers.

    Assumes the dashboard's default ``min_practices=2``.
    """
    from sre_lab.culture import MATURITY_PRACTICES, MATURITY_STAGES, maturity_stage

    ids = {_css(p.id): p.id for p in MATURITY_PRACTICES}
    result = maturity_stage({ids[k]: bool(v) for k, v in values.items() if k in ids})
    return [f"stage: {result.stage}", f"level {result.level} of {len(MATURITY_STAGES)}",
            *result.suggested_tiers]


@functools.lru_cache(maxsize=None)
def _course_traffic(service: str):
    from sre_lab.datasets import load_requests

    return load_requests(service=service)


def release_gate(values: dict) -> list[str]:
    """``sl.release_gate_dashboard()`` (01b_push_or_hold): budget, spent, verdict.

    Assumes the dashboard's defaults: the course data (``sl.load_requests``)
    and the SRE Workbook's example policy with the course's slow-down rule.
    Counts are written like the dashboard (``22,469``): the numbers are
    ``release_gate``'s, only the thousands separator is presentation.
    """
    import pandas as pd
    from sre_lab.policy import workbook_error_budget_policy
    from sre_lab.policy import release_gate as gate_of

    gate = gate_of(_course_traffic(values["service"]), slo_target=values["slo-target"],
                   at=pd.Timestamp(values["decision-day"]), change_kind=values["change-kind"],
                   policy=workbook_error_budget_policy())
    return [values["service"],
            f"budget {gate.allowed_bad_events:,.0f} failed requests allowed",
            f"spent {gate.bad_events:,.0f}",
            f"Decision: {gate.decision.decision}"]


_ROLLING_DAYS = {"7d": 7, "28d": 28, "30d": 30}


def slo_tuner(values: dict) -> list[str]:
    """``sl.slo_tuner_dashboard()`` (02_slos/1c): the window's budget and what was spent.

    Computed from first principles plus one core call: good and valid events
    per minute from ``sl.sli_events``, summed over the last ``N`` days of the
    course data (a 30-day window over the 28 days of data is projected:
    valid events × 30/28), budget = ``sl.error_budget(target, valid)``.
    The calendar window is only checked for the service and target.
    """
    import sre_lab as sl

    target, service = values["slo-target"], values["service"]
    expected = [service, f"SLO {sl.format_percent(target)}"]
    days = _ROLLING_DAYS.get(values["window"])
    if days is None:
        return expected
    sli = values["sli"]
    threshold = None if sli == "availability" else int(values["threshold-ms"])
    frame = _course_traffic(service)
    events = sl.sli_events(frame, sli=sli, threshold_ms=threshold)
    last = events.iloc[-min(len(events), days * 1440):]
    valid = float(last["valid"].sum())
    bad = valid - float(last["good"].sum())
    projected = valid * max(days * 1440 / len(last), 1.0)
    allowed = float(sl.error_budget(target, projected))
    return expected + [f"budget {allowed:,.0f} bad events", f"spent {bad:,.0f}"]


def alert_lab(values: dict) -> list[str]:
    """``sl.alert_lab_dashboard()`` (02_slos/2d): how many alerts the approach raises.

    The Workbook approach's rules (``sl.workbook_approach``, 28-day budget,
    the dashboard's default) replayed with ``sl.evaluate_alerts``; alerts
    counted by ``sl.alert_quality`` (alerts do not depend on the incidents).
    A custom rule is only checked for the service and target.
    """
    import sre_lab as sl

    target, service = values["slo-target"], values["service"]
    expected = [service, f"SLO {sl.format_percent(target)}"]
    if values["approach"] == "custom":
        return expected
    rules = sl.workbook_approach(int(values["approach"]), target, window_days=28, strict=False)
    firing = sl.evaluate_alerts(_course_traffic(service), rules, slo_target=target)
    quality = sl.alert_quality(firing, _no_incidents())
    return expected + [f"{quality.n_alerts} alerts ("]


@functools.lru_cache(maxsize=None)
def _no_incidents():
    from sre_lab.datasets import load_incidents

    return load_incidents().iloc[:0]


@functools.lru_cache(maxsize=None)
def _daily_history(service: str):
    from sre_lab.datasets import load_daily_history

    history = load_daily_history()
    return history[history["service"] == service].reset_index(drop=True)


def forecast(values: dict) -> list[str]:
    """``sl.forecast_dashboard()`` (02_slos/3b): probability the budget runs out.

    ``sl.forecast_budget_exhaustion`` on the service's daily history with the
    dashboard's defaults (28-day window, 2,000 paths, seed 0).
    """
    import sre_lab as sl

    target, service = values["slo-target"], values["service"]
    result = sl.forecast_budget_exhaustion(
        _daily_history(service), slo_target=target, window_days=28,
        elapsed_days=28 - int(values["horizon-days"]), lookback_days=int(values["lookback-days"]),
        n_paths=2_000, rng=0)
    pct = sl.format_percent
    return [service, f"SLO {pct(target)}",
            "Probability the budget runs out before the window ends: "
            f"{pct(result.probability_exhausted, digits=0)}"]


def oncall(values: dict) -> list[str]:
    """``sl.oncall_dashboard()`` (03_incidents/2b): pages, noise and night pages.

    MicroCorp's 28 days of pages (``sl.microcorp_pages``, 30-day burn rates,
    the dashboard's default target 99.9 %) repeated 13 times 29 days apart
    (``sl.tile_pages``) and dealt to the rotation by ``sl.simulate_oncall``.
    """
    import sre_lab as sl

    pages = sl.tile_pages(sl.microcorp_pages(slo_target=0.999, approach=int(values["approach"]),
                                             window_days=30), period_days=29, copies=13)
    load = sl.simulate_oncall(pages, people=int(values["people"]), rota_days=int(values["rota-days"]),
                              follow_the_sun=bool(values["follow-the-sun"]), start="2026-10-05",
                              days=29 * 13)
    noise = int((~load.pages["matched"]).sum())
    return [f"{load.n_pages} pages ({noise} for no incident)",
            f"{load.n_night_pages} rang at night"]


def incident_simulator(values: dict) -> list[str]:
    """``sl.incident_simulator_dashboard()`` (03_incidents/1b): severity and budget spent.

    The fault is injected with ``sl.simulate_traffic`` (one service, three days
    from 5 October, the fault on 6 October at the chosen hour) and the response
    rebuilt by ``sl.response_timeline`` with the dashboard's default 30-day
    window; the severity is ``sl.classify_severity`` of the share of users and
    the minutes to mitigation.
    """
    import pandas as pd

    import sre_lab as sl

    service, kind, users = values["service"], values["kind"], float(values["users-affected"])
    started = pd.Timestamp("2026-10-06", tz="UTC") + pd.Timedelta(hours=int(values["start-hour"]))
    mitigated = started + pd.Timedelta(minutes=int(values["duration-minutes"]))
    fault = pd.DataFrame({
        "id": ["SIM-1"], "service": [service], "started": [started], "mitigated": [mitigated],
        "resolved": [mitigated + pd.Timedelta(minutes=30)], "users_affected": [users],
        "error_ratio_added": [users if kind == "errors" else 0.0],
        "latency_multiplier": [1.0 + 6 * users if kind == "latency" else 1.0]})
    traffic = sl.simulate_traffic("2026-10-05", 3, incidents=fault, services=[service],
                                  latency=kind == "latency", rng=int(values["seed"]))
    traffic = traffic.set_index("timestamp").drop(columns="service")
    timeline = sl.response_timeline(
        traffic, fault.iloc[0], slo_target=values["slo-target"], window_days=30,
        ack_delay_minutes=int(values["ack-delay-minutes"]),
        sli="availability" if kind == "errors" else "latency",
        threshold_ms=None if kind == "errors" else 1000)
    severity = sl.classify_severity(users, duration_minutes=int(values["duration-minutes"]))
    return [service, severity,
            f"Budget spent {sl.format_percent(timeline.budget_share, digits=2)}"]


@functools.lru_cache(maxsize=1)
def _month_of_traces():
    import sre_lab as sl

    return sl.simulate_traces(rng=1)          # the explorer's month of traces (seed 1)


def cost_explorer(values: dict) -> list[str]:
    """``sl.cost_explorer_dashboard()`` (04_cost/1c): October's bill and incidents still debuggable.

    Traces kept by ``sl.tail_sample`` (head ratio, error and slow-trace policies), their
    span share per service by ``sl.kept_share``, October 2026 of the daily history turned
    into volumes (``sl.telemetry_volumes`` with the log levels and the DEBUG share kept)
    and priced by ``sl.monthly_bill`` with the retention days; debuggable incidents by
    ``sl.debuggable_incidents``.
    """
    import sre_lab as sl

    traces = _month_of_traces()
    slow = float(values["slow-ms"])          # 0: "off", no slow-trace policy
    kept = sl.tail_sample(traces, keep_errors=bool(values["keep-errors"]),
                          latency_threshold_ms=slow if slow > 0 else None,
                          base_ratio=float(values["head-ratio"]))
    shares = sl.kept_share(traces, kept)
    daily = sl.load_daily_history()
    october = daily[daily["date"].dt.strftime("%Y-%m") == "2026-10"].reset_index(drop=True)
    volumes = sl.telemetry_volumes(
        october, log_levels={s: values[f"level-{s}"] for s in sl.SERVICE_NAMES},
        log_sampling={"DEBUG": float(values["debug-kept"])},
        span_share=dict(zip(shares["service"], shares["share_of_bytes"].astype(float))))
    bill = sl.monthly_bill(volumes, retention_days={"hot": int(values["hot-days"]),
                                                    "warm": int(values["warm-days"]),
                                                    "cold": int(values["cold-days"])})
    table = sl.debuggable_incidents(traces, kept, incidents=sl.load_incidents())
    return [f"October 2026 bill: ${bill['usd'].sum():,.0f} a month",
            f"Incidents still debuggable: {int(table['debuggable'].sum())} of {len(table)}"]


def toil(values: dict) -> list[str]:
    """``sl.toil_dashboard()`` (05_culture/1c): hours freed and engineers over the cap.

    ``sl.automation_scenario`` on the work log, as the dashboard configures it: build
    hours a triangular range (b, 1.5 b, 3 b), 26-week horizon, 2,000 draws, seed 0.
    """
    import sre_lab as sl

    build = float(values["build-hours"])
    team = values["team"]
    s = sl.automation_scenario(sl.load_work_log(), task=values["task"],
                               team=None if team == "all teams" else team,
                               build_hours=(build, 1.5 * build, 3 * build),
                               share_automated=float(values["share-automated"]),
                               maintenance_hours_per_week=float(values["maintenance-hours-per-week"]),
                               horizon_weeks=26, n_draws=2000, rng=0)
    return [values["task"], f"frees {s.hours_freed_per_week:.1f} h a week",
            f"{s.before.n_over_cap} of {len(s.before.shares)} engineers now"]


def dora(values: dict) -> list[str]:
    """``sl.dora_dashboard()`` (05_culture/3b): deployments counted by plain pandas.

    The period's days: the team's first to last deployment day for the whole log;
    a calendar month clipped to the quarter of the log; or its last 28 days.
    """
    import pandas as pd

    from sre_lab.datasets import QUARTER_DAYS, QUARTER_START, load_deployments

    log = load_deployments()
    team, period = values["team"], values["period"]
    if team in set(log["team"].astype(str)):
        log = log[log["team"].astype(str) == team]
    day = pd.to_datetime(log["deployed_at"], utc=True).dt.normalize()
    first, last = QUARTER_START, QUARTER_START + pd.Timedelta(days=QUARTER_DAYS - 1)
    if period == "quarter":
        start, end = day.min(), day.max()
    elif period == "28 days":
        start, end = last - pd.Timedelta(days=27), last
    else:
        month = pd.Period(period, freq="M")
        start = max(month.start_time.tz_localize("UTC"), first)
        end = min(month.end_time.normalize().tz_localize("UTC"), last)
    n = int(((day >= start) & (day <= end)).sum())
    return [team, f"{n} deployments in {(end - start).days + 1} days"]


def chaos_lab(values: dict) -> list[str]:
    """``sl.chaos_lab_dashboard()`` (06_observability_driven_dev/3c): verdict and budget spent.

    The course experiment picked in the ``experiment`` control, its fault replaced by the
    controls' service, kind, blast radius (and added latency for a latency fault) and the
    settings of checkout's call to the faulted service (payment or search) replaced by the
    timeout, attempts, breaker and fallback, written out as an ``sl.ChaosExperiment`` and
    run by ``sl.run_experiment`` (30-day budget at 99.9 %). Assumes the dashboard was built
    from a course experiment.
    """
    import sre_lab as sl

    course = sl.chaos_experiment(values["experiment"])
    service, kind = values["service"], values["kind"]
    fault = {**course.fault, "service": service, "kind": kind,
             "traffic_share": float(values["traffic-share"]),
             "added_latency_ms": float(values["added-latency-ms"]) if kind == "latency" else 0.0,
             "error_ratio": course.fault["error_ratio"] if course.fault["kind"] == "error" else 1.0}
    scenario = {**course.scenario, "resilience": dict(course.scenario["resilience"])}
    if service in ("payment", "search"):
        attempts = int(values["max-attempts"])
        retry = course.scenario["resilience"][service]["retry"] or {}
        scenario["resilience"][service] = {
            **course.scenario["resilience"][service], "timeout_ms": float(values["timeout-ms"]),
            "retry": None if attempts == 1 else {**retry, "max_attempts": attempts},
            "breaker": None if values["breaker"] == "off" else values["breaker"],
            "fallback": bool(values["fallback"])}
    run = sl.run_experiment(sl.ChaosExperiment("oracle", "Oracle", "Written out.", fault=fault,
                                               scenario=scenario, seed=course.seed),
                            slo_target=0.999, window_days=30)
    if not run.steady_state_before:
        return ["Not run: the steady state did not hold even without the fault"]
    verdict = ("Weakness found: the steady state deviated." if run.deviated
               else "The steady state held with the fault")
    return [verdict, f"Error budget spent: {sl.format_percent(run.budget_spent, digits=2)}",
            f"{run.bad_requests:,} extra failed requests"]


def quarter_planner(values: dict) -> list[str]:
    """``sl.quarter_planner_dashboard()`` (07_capstone): the plan vs Phase 1 over seeds 0-9.

    The controls' levers written out as an ``sl.QuarterPlan`` named "your plan" and compared
    with ``sl.PHASES[1]`` by ``sl.compare_plans`` (the dashboard's defaults: seeds=range(10),
    baseline Phase 1). Texts: the medians of TTR and lost purchases as the table writes them.
    """
    import sre_lab as sl

    plan = sl.QuarterPlan(
        "your plan", slo_target=float(values["slo-target"]), alerting=values["alerting"],
        oncall=values["oncall"], runbooks=bool(values["runbooks"]),
        head_sampling=float(values["head-sampling"]), tail_sampling=bool(values["tail-sampling"]),
        log_level=values["log-level"], retention=values["retention"],
        review_share=float(values["review-share"]), auto_rollback=bool(values["auto-rollback"]),
        release_gate=bool(values["release-gate"]), chaos_game_days=bool(values["chaos-game-days"]))
    mine = sl.compare_plans([plan, sl.PHASES[1]], seeds=range(10)).loc["your plan"]
    return [f"{mine['ttr_median_minutes']:,.0f} min", f"{mine['lost_purchases']:,.0f}",
            f"${mine['observability_usd']:,.0f}"]


ORACLES = {
    "quarter-planner": quarter_planner,
    "chaos-lab": chaos_lab,
    "oncall": oncall,
    "incident-simulator": incident_simulator,
    "maturity": maturity,
    "release-gate": release_gate,
    "slo-tuner": slo_tuner,
    "alert-lab": alert_lab,
    "forecast": forecast,
    "cost-explorer": cost_explorer,
    "toil": toil,
    "dora": dora,
}
