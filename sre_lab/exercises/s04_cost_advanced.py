"""Exercises and quizzes of section 4 (observability cost), advanced tier (keys "cost3a", "cost3b", "cost3c").

The advanced tier asks for design and critique: what the telemetry hub's own
SLOs say and whether quotas protect them (3a), what the outline's growth
formula really says and what a fitted forecast with a band adds (3b), and
which governance rules pay (3c, with the section's recap quiz). Reference
answers and misconceptions call the same core functions the notebooks call
(``sl.simulate_platform``, ``sl.platform_slo_report``, ``sl.fit_cost_growth``,
``sl.forecast_cost``, ``sl.cardinality_budget``, ``sl.sprawl_audit`` ...);
nothing is typed in.
"""

from __future__ import annotations

import functools

from ._engine import Exercise
from ._quiz import Quiz

_NB_A = "04_cost/3a_observability_as_a_service"
_NB_B = "04_cost/3b_cost_forecasts_with_growth_and_seasonality"
_NB_C = "04_cost/3c_governance_and_audits"

#: 3b: the monthly budget Emma's finance partner sets (USD).
MONTHLY_BUDGET_USD = 650.0
#: 3b: the twelve months the forecast covers (the calendar after the history, not an answer).
FORECAST_MONTHS = tuple(f"{2026 + (10 + i) // 12}-{(10 + i) % 12 + 1:02d}" for i in range(12))
#: 3c: the checkout change that labels requests by raw URL path.
RAW_PATHS = 2500
#: 3c: every service's cardinality budget (active series).
SERIES_BUDGET = 2000
#: 3c: a metric queried fewer times than this in 90 days, in no rule or dashboard, is unused.
MIN_QUERIES = 5


# --------------------------------------------------------------------------- helpers (lazy, cached)

@functools.cache
def _hub(quotas: bool):
    from ..cost.platform import HUB_DATA_BUDGETS_GB_PER_DAY, simulate_platform

    return simulate_platform(data_budgets_gb_per_day=dict(HUB_DATA_BUDGETS_GB_PER_DAY) if quotas else None)


def _report(quotas: bool):
    from ..cost.platform import platform_slo_report

    return platform_slo_report(_hub(quotas), window_days=28)


def _ingest_consumed(quotas: bool) -> float:
    return float(_report(quotas).loc["ingestion availability", "budget_consumed"])


def _mean_minute_ratio_consumed() -> float:
    ingest = _hub(False).ingest
    ratio = (ingest["errors"] / ingest["requests"]).mean()
    return float(ratio / (1 - 0.999))


def _outage_only_consumed() -> float:
    import numpy as np

    from ..cost.platform import PLATFORM_EVENTS

    ingest = _hub(False).ingest
    row = PLATFORM_EVENTS.set_index("id").loc["PLT-1"]
    during = np.asarray((ingest.index >= row["started"]) & (ingest.index < row["ended"]))
    return float(ingest["errors"][during].sum() / _report(False).loc["ingestion availability", "allowed_bad"])


def _throttled_as_bad() -> float:
    ingest = _hub(True).ingest
    valid = ingest["requests"].sum() + ingest["throttled"].sum()
    bad = ingest["errors"].sum() + ingest["throttled"].sum()
    return float(bad / ((1 - 0.999) * valid))


@functools.cache
def _daily():
    from ..cost.growth import daily_cost

    return daily_cost()


@functools.cache
def _fit():
    from ..cost.growth import fit_cost_growth

    return fit_cost_growth(_daily())


def _whole_bill_growth() -> float:
    from ..cost.growth import fit_cost_growth

    return fit_cost_growth(_daily()[["date", "usd"]]).growth_per_month


def _bill_ratio_growth() -> float:
    from ..cost.growth import monthly_cost

    months = monthly_cost(_daily())
    full = months[months["complete"]]
    return float((full["usd"].iloc[-1] / full["usd"].iloc[0]) ** (1 / (len(full) - 1)) - 1)


@functools.cache
def _forecast():
    from ..cost.growth import forecast_cost

    return forecast_cost(_fit(), horizon_months=12, budget_usd=MONTHLY_BUDGET_USD)


def _month_names() -> tuple[str, ...]:
    return tuple(_forecast().index.strftime("%Y-%m"))


def _first_alert() -> str:
    forecast = _forecast()
    return forecast.index[forecast["alert"]][0].strftime("%Y-%m")


def _outline_first_alert() -> str:
    from ..cost.growth import monthly_cost, outline_cost_forecast

    months = monthly_cost(_daily())
    last = months[months["complete"]]["usd"].iloc[-1]
    outline = outline_cost_forecast(last, 0.02, months=12)
    names = _month_names()
    return next(name for name, usd in zip(names, outline) if usd > MONTHLY_BUDGET_USD)


def _path_series(labels: dict) -> float:
    from ..cost.telemetry import metric_series

    return float(metric_series({"http_server_requests_total": labels})["series"].iloc[0])


def _checkout_after(labels: dict, column: str = "cut_needed") -> float:
    from ..cost.governance import cardinality_budget, metric_catalogue

    changed = metric_catalogue().copy()
    mask = (changed["service"] == "checkout") & (changed["metric"] == "http_server_requests_total")
    changed.loc[mask, "series"] = _path_series(labels)
    return float(cardinality_budget(changed, budget_per_service=SERIES_BUDGET).loc["checkout", column])


def _checkout_cut(labels: dict) -> float:
    return _checkout_after(labels)


def _policy():
    from ..cost.governance import log_level_policy_check

    return log_level_policy_check({"checkout": "INFO", "payment": "INFO", "search": "DEBUG",
                                   "notifications": "WARN"},
                                  exemptions={"search": ("2026-10-20", "2026-10-27")})


def _ingest_price() -> float:
    from ..cost.prices import PRICES

    return float(PRICES.set_index("item").loc["ingest", "usd"])


def _series_price() -> float:
    from ..cost.prices import PRICES

    return float(PRICES.set_index("item").loc["metric_series", "usd"])


def _unused_usd(min_queries: int) -> float:
    from ..cost.governance import metric_catalogue, simulate_metric_usage, sprawl_audit

    catalogue = metric_catalogue()
    audit = sprawl_audit(catalogue, simulate_metric_usage(catalogue),
                         usd_per_series_month=_series_price(), min_queries=min_queries, top=10_000)
    return float(audit["usd_per_month"].sum())


def _unused_metric_count_usd(min_queries: int) -> float:
    from ..cost.governance import metric_catalogue, simulate_metric_usage, sprawl_audit

    catalogue = metric_catalogue()
    audit = sprawl_audit(catalogue, simulate_metric_usage(catalogue),
                         usd_per_series_month=_series_price(), min_queries=min_queries, top=10_000)
    return float(len(audit) * _series_price())


def _all_series_usd() -> float:
    from ..cost.governance import metric_catalogue

    return float(metric_catalogue()["series"].sum() * _series_price())


EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------------ 3a
    Exercise(
        id="cost3a.ingest_budget",
        notebook=_NB_A,
        prompt="The hub without quotas (sl.simulate_platform()): what share of the ingestion-"
               "availability SLO's 28-day error budget (99.9 % of records accepted) did it spend? "
               "A fraction: 1.0 is the whole budget.",
        kind="number", rel_tol=0.01,
        reference=lambda: _ingest_consumed(False),
        misconceptions=[
            ("you averaged the per-minute error ratios instead of dividing the sums (a quiet "
             "minute then weighs as much as a busy one)", _mean_minute_ratio_consumed),
            ("you gave the SLI (the share of records accepted), not the share of the budget spent",
             lambda: float(_report(False).loc["ingestion availability", "sli"])),
            ("you counted only the storage-node outage PLT-1; the DEBUG flood rejected records too",
             _outage_only_consumed),
        ],
        hint="Bad events = rejected records (ingest['errors']); allowed = sl.error_budget(0.999, "
             "valid records). Budget spent = bad / allowed; sl.platform_slo_report does it per SLO.",
        solution_code=(
            "hub = sl.simulate_platform()\n"
            "report = sl.platform_slo_report(hub, window_days=28)\n"
            "answer = report.loc['ingestion availability', 'budget_consumed']\n"
        ),
    ),
    Exercise(
        id="cost3a.quota_budget",
        notebook=_NB_A,
        prompt="Now enforce Emma's data budgets as quotas (sl.HUB_DATA_BUDGETS_GB_PER_DAY): what "
               "share of the ingestion budget do the 28 days spend?",
        kind="number", rel_tol=0.01,
        reference=lambda: _ingest_consumed(True),
        misconceptions=[
            ("you counted the throttled (over-quota) records as platform failures; a 429 for a "
             "team over its quota is the client's limit, like a 4xx", _throttled_as_bad),
            ("you ran the hub without the quotas", lambda: _ingest_consumed(False)),
        ],
        hint="sl.simulate_platform(data_budgets_gb_per_day=dict(sl.HUB_DATA_BUDGETS_GB_PER_DAY)), "
             "then the same report. Throttled records are not valid events of the SLO.",
        solution_code=(
            "hub = sl.simulate_platform(data_budgets_gb_per_day=dict(sl.HUB_DATA_BUDGETS_GB_PER_DAY))\n"
            "answer = sl.platform_slo_report(hub, window_days=28).loc['ingestion availability', "
            "'budget_consumed']\n"
        ),
    ),
    # ------------------------------------------------------------------ 3b
    Exercise(
        id="cost3b.outline_rate",
        notebook=_NB_B,
        prompt="The outline forecasts cost x e^(0.02 x month) and calls it '2 % monthly growth'. "
               "By what fraction does its cost really grow from one month to the next?",
        kind="number", rel_tol=0.0005,
        reference=lambda: float(__import__("sre_lab").outline_cost_forecast(1.0, 0.02, months=1)[0] - 1),
        misconceptions=[
            ("you read the 0.02 in the exponent as the monthly growth, but e^0.02 is 1.0202 and not 1.02",
             lambda: 0.02),
            ("you gave the growth over 12 months, not over one",
             lambda: float(__import__("sre_lab").outline_cost_forecast(1.0, 0.02, months=12)[-1] - 1)),
        ],
        hint="Month m+1 divided by month m is e^(0.02(m+1)) / e^(0.02 m) = e^0.02. Subtract 1.",
        solution_code="import math\nanswer = math.exp(0.02) - 1\n",
    ),
    Exercise(
        id="cost3b.fitted_growth",
        notebook=_NB_B,
        prompt="Fit growth to MicroCorp's year of daily costs with sl.fit_cost_growth(sl.daily_cost()). "
               "What is the fitted growth per month of the variable cost (a fraction)?",
        kind="number", rel_tol=0.005,
        reference=lambda: _fit().growth_per_month,
        misconceptions=[
            ("you fitted the whole bill: the licences do not grow with traffic and dilute the rate",
             _whole_bill_growth),
            ("you took the ratio of the last to the first complete monthly bill (licences "
             "included, one noisy month at each end)", _bill_ratio_growth),
            ("you multiplied the daily log-growth by 30 instead of compounding it over an average "
             "month (exp(b x 30.44) - 1)", lambda: _fit().growth_per_day * 30),
        ],
        hint="fit = sl.fit_cost_growth(sl.daily_cost()); read fit.growth_per_month.",
        solution_code="answer = sl.fit_cost_growth(sl.daily_cost()).growth_per_month\n",
    ),
    Exercise(
        id="cost3b.first_alert",
        notebook=_NB_B,
        prompt="The finance partner sets a monthly budget of $650 and wants an alert when the "
               "forecast says a month is more likely than not to overspend. Which month (YYYY-MM) "
               "raises the first alert?",
        kind="choice",
        choices=FORECAST_MONTHS,
        reference=_first_alert,
        misconceptions=[
            ("you used the outline's last bill x e^(0.02 m), which also grows the fixed licences",
             _outline_first_alert),
        ],
        hint="sl.forecast_cost(fit, horizon_months=12, budget_usd=650) has an 'alert' column "
             "(P(over budget) >= 0.5); take the first month where it is True.",
        solution_code=(
            "fit = sl.fit_cost_growth(sl.daily_cost())\n"
            "forecast = sl.forecast_cost(fit, horizon_months=12, budget_usd=650)\n"
            "answer = forecast.index[forecast['alert']][0].strftime('%Y-%m')\n"
        ),
    ),
    # ------------------------------------------------------------------ 3c
    Exercise(
        id="cost3c.path_label_cut",
        notebook=_NB_C,
        prompt="A checkout developer labels http_server_requests_total by the raw URL path "
               "(2,500 distinct paths a day) instead of the route, keeping method (2 values) and "
               "status_code (5). With a budget of 2,000 series per service, how many series must "
               "checkout cut?",
        kind="number", rel_tol=0.001,
        reference=lambda: _checkout_cut({"path": RAW_PATHS, "method": 2, "status_code": 5}),
        misconceptions=[
            ("you kept the route label and added the path on top of it",
             lambda: _checkout_cut({"route": 6, "path": RAW_PATHS, "method": 2, "status_code": 5})),
            ("you counted the paths alone; every path multiplies with each method and status code",
             lambda: _checkout_cut({"path": RAW_PATHS})),
            ("you gave the changed metric's series, not what checkout must cut to fit its budget",
             lambda: _path_series({"path": RAW_PATHS, "method": 2, "status_code": 5})),
            ("you gave checkout's new total, not the part above the 2,000-series budget",
             lambda: _checkout_after({"path": RAW_PATHS, "method": 2, "status_code": 5}, "series")),
        ],
        hint="Series of a metric = product of its labels' value counts; replace that metric's row "
             "in sl.metric_catalogue() and run sl.cardinality_budget(..., budget_per_service=2000).",
        solution_code=(
            "catalogue = sl.metric_catalogue()\n"
            "new = sl.metric_series({'http_server_requests_total': {'path': 2500, 'method': 2, "
            "'status_code': 5}})['series'].iloc[0]\n"
            "row = (catalogue['service'] == 'checkout') & (catalogue['metric'] == "
            "'http_server_requests_total')\n"
            "catalogue.loc[row, 'series'] = new\n"
            "answer = sl.cardinality_budget(catalogue, budget_per_service=2000).loc['checkout', "
            "'cut_needed']\n"
        ),
    ),
    Exercise(
        id="cost3c.debug_cost",
        notebook=_NB_C,
        prompt="Search's DEBUG exemption expired on 2026-10-27 but DEBUG is still on. What does "
               "the violation add to the ingest bill over 30 days, in USD, at sl.PRICES' ingest "
               "price?",
        kind="number", rel_tol=0.01,
        reference=lambda: float(_policy().loc["search", "extra_gb_per_day"] * 30 * _ingest_price()),
        misconceptions=[
            ("you priced all of search's log GB, not only what DEBUG adds over INFO",
             lambda: float(_policy().loc["search", "gb_per_day"] * 30 * _ingest_price())),
            ("you priced one day, not 30",
             lambda: float(_policy().loc["search", "extra_gb_per_day"] * _ingest_price())),
        ],
        hint="sl.log_level_policy_check(...) gives extra_gb_per_day; multiply by 30 days and the "
             "'ingest' price of sl.PRICES (USD per GB).",
        solution_code=(
            "check = sl.log_level_policy_check({'checkout': 'INFO', 'payment': 'INFO', 'search': "
            "'DEBUG', 'notifications': 'WARN'}, exemptions={'search': ('2026-10-20', '2026-10-27')})\n"
            "price = sl.PRICES.set_index('item').loc['ingest', 'usd']\n"
            "answer = check.loc['search', 'extra_gb_per_day'] * 30 * price\n"
        ),
    ),
    Exercise(
        id="cost3c.sprawl_usd",
        notebook=_NB_C,
        prompt="Call a metric unused when no alert rule and no dashboard reads it and it was "
               "queried fewer than 5 times in 90 days. What do the unused metrics cost per month, "
               "in USD, at sl.PRICES' price per series?",
        kind="number", rel_tol=0.001,
        reference=lambda: _unused_usd(MIN_QUERIES),
        misconceptions=[
            ("you kept the default min_queries=1, so a metric queried once or twice counts as used",
             lambda: _unused_usd(1)),
            ("you priced metrics instead of series: each unused metric costs its series x the price",
             lambda: _unused_metric_count_usd(MIN_QUERIES)),
            ("you priced every series in the catalogue, used or not", _all_series_usd),
        ],
        hint="sl.sprawl_audit(catalogue, sl.simulate_metric_usage(catalogue), "
             "usd_per_series_month=..., min_queries=5, top=100); sum 'usd_per_month'.",
        solution_code=(
            "catalogue = sl.metric_catalogue()\n"
            "price = sl.PRICES.set_index('item').loc['metric_series', 'usd']\n"
            "audit = sl.sprawl_audit(catalogue, sl.simulate_metric_usage(catalogue), "
            "usd_per_series_month=price, min_queries=5, top=100)\n"
            "answer = audit['usd_per_month'].sum()\n"
        ),
    ),
]

QUIZZES: list[Quiz] = [
    # ------------------------------------------------------------------ 3a
    Quiz(
        id="cost3a.quota_429",
        notebook=_NB_A,
        question="The hub throttles (HTTP 429) search's records above its data budget. How should "
                 "the hub's ingestion SLO treat them?",
        options=[
            ("As bad events: a record the hub did not store is a failure of the hub.",
             "The hub refused them on purpose, by a published rule the team agreed to; counting "
             "them would make the platform team pay for another team's flood."),
            ("Not as valid events, like a 4xx; report them to the team as its own quota signal.",
             "Right: the SLO measures what the platform controls; throttling is the team's limit, "
             "shown to the team (and to Emma) as its own metric."),
            ("Ignore them entirely: nobody needs to know.",
             "The team must know its data is being dropped, or it debugs with holes in its logs."),
            ("Raise the quota whenever a team hits it, so nothing is ever throttled.",
             "Then the budget protects nobody: the shared queue fills and every team's data "
             "arrives late (PLT-2)."),
        ],
        answer=1,
    ),
    # ------------------------------------------------------------------ 3b
    Quiz(
        id="cost3b.identify",
        notebook=_NB_B,
        question="MicroCorp has one year of daily bills. Which of these can the fit NOT find from "
                 "that year alone?",
        options=[
            ("The growth rate of the variable cost.",
             "It can: 365 days of trend give a tight interval for it."),
            ("How much cheaper a Sunday is than a Monday.",
             "It can: the year holds 52 of each weekday."),
            ("Whether November is seasonally expensive every year, apart from Black Friday.",
             "Right: each calendar month appears once, so a month effect cannot be told from "
             "noise or from a bend in the trend. It needs more years, or an assumption you state."),
            ("How much Black Friday 2025 added.",
             "It can, from that one day (no interval worth the name): whether it recurs at the "
             "same size is the assumption."),
        ],
        answer=2,
    ),
    # ------------------------------------------------------------------ 3c
    Quiz(
        id="cost3c.recap_components",
        notebook=_NB_C,
        question="Recap (cost components, sampling, retention). Liam's chat service writes "
                 "gigabytes of DEBUG logs a day. Which change cuts a hosted log bill the most, "
                 "while keeping incidents debuggable?",
        options=[
            ("Keep everything but shorten retention from 30 to 7 days.",
             "Hosted log bills are dominated by ingest, paid once per GB; retention is the "
             "smaller, second-order part."),
            ("Stop writing DEBUG by default (or sample it) and keep errors and the traces of "
             "failed requests in full.",
             "Right: ingest is paid per GB sent, so volume at the source is the lever; tail "
             "sampling keeps what incidents need."),
            ("Move the logs to a cheaper cold tier on day 1.",
             "Cold storage saves storage, not ingest, and makes the logs slow to query in an "
             "incident."),
            ("Turn all logging off; metrics are enough.",
             "Then the next incident cannot be debugged; the downtime costs more than the logs."),
        ],
        answer=1,
    ),
    Quiz(
        id="cost3c.recap_chargeback",
        notebook=_NB_C,
        question="Recap (tiering, aggregation, chargeback). The hub's bill is allocated to teams "
                 "by usage. What must the allocation get right?",
        options=[
            ("Only direct usage is charged; idle and shared costs are left out to keep it simple.",
             "Then the shares do not add up to the bill, and someone pays for the gap in silence."),
            ("Every team pays the same, whatever it sends.",
             "An even split removes the incentive to send less; it is one way to split *shared* "
             "cost, not usage."),
            ("Shares add up to the bill exactly, with idle and shared costs shown and split by a "
             "stated rule (even, proportional or fixed weights).",
             "Right: that is the FinOps / OpenCost practice the intermediate tier built."),
            ("Teams are charged for the data they query, not what they send.",
             "Queries are one component; ingest and storage follow what is sent."),
        ],
        answer=2,
    ),
    Quiz(
        id="cost3c.recap_forecast",
        notebook=_NB_C,
        question="Recap (the advanced tier). Emma must tell finance what observability will cost "
                 "next year. Which statement is hers?",
        options=[
            ("'Cost grows 2 % a month: multiply by e^(0.02 m).'",
             "That is 2.02 % a month, grows the fixed licences too, and has no band."),
            ("'Variable cost grows about 2.8 % a month (interval from the fit); licences stay flat "
             "unless hosts change; November carries Black Friday; the band held in a backtest; "
             "we alert when a month is more likely than not to overspend.'",
             "Right: a fitted rate with its interval, a fixed/variable split, events, a tested "
             "band and an alert rule stated in advance."),
            ("'Next year costs exactly what this year did.'",
             "The backtest shows the naive rule misses by the growth."),
            ("'We cannot forecast: one year is too little data.'",
             "A year identifies the trend, the weekly cycle and the events; state what it cannot "
             "(annual seasonality) instead of giving up."),
        ],
        answer=1,
    ),
]
