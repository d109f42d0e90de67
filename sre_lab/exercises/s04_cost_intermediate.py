"""Exercises and quizzes of the 🧩 intermediate cost notebooks (keys ``cost2a``, ``cost2b``, ``cost2c``).

=========  ==========================================  ===================================
key        notebook (under ``notebooks/04_cost/``)       what the learner computes
=========  ==========================================  ===================================
cost2a     ``2a_tiered_observability``                 search's share of trace bytes, the
                                                       span bill of Lara's plan, incidents
                                                       debuggable under a stricter rule
cost2b     ``2b_compression_and_rollups``              a year of metric storage with
                                                       roll-ups, checkout's worst day
cost2c     ``2c_chargeback_and_showback``              a team's even-split charge, a
                                                       team's share with idle cost spread
=========  ==========================================  ===================================

References and misconceptions call the core functions the notebooks call
(``sl.simulate_traces``, ``sl.tail_sample``, ``sl.kept_share``,
``sl.sampling_tradeoffs``, ``sl.tier_settings``, ``sl.metric_series``,
``sl.metric_storage_bytes``, ``sl.rollup``, ``sl.telemetry_volumes``,
``sl.monthly_bill``, ``sl.allocate_costs``, ``sl.SERVICE_TEAMS``).
"""

from __future__ import annotations

import functools

from ._engine import Exercise
from ._quiz import Quiz

NB_2A = "04_cost/2a_tiered_observability"
NB_2B = "04_cost/2b_compression_and_rollups"
NB_2C = "04_cost/2c_chargeback_and_showback"

#: The seed of the month of traces every 2a cell uses: ``sl.simulate_traces(rng=TRACE_SEED)``.
TRACE_SEED = 2026
#: Lara's plan for MicroCorp: search's ordinary traces at 5 %, everything else in full.
LARA = {"checkout": 1.0, "payment": 1.0, "notifications": 1.0, "search": 0.05}
#: 2a's stricter debugging rule: an incident needs 20 telling traces, not 5.
STRICT_TRACES = 20
SLOW_MS = 1000
#: 2b: raw samples kept 15 days, then hourly roll-ups to the end of a year.
RAW_DAYS, YEAR_DAYS, SCRAPE_S, HOUR_S = 15, 365, 15, 3600
#: 2c's scenario: the observability platform's own cost (shared) and the vendor commitment
#: for the 28 days of data (what MicroCorp pays whatever it uses).
SHARED_USD, COMMITMENT_USD = 45.0, 600.0


@functools.cache
def _traces():
    from ..cost.telemetry import simulate_traces

    return simulate_traces(rng=TRACE_SEED)


def _bytes_share(service="search", *, weighted=True, what="bytes"):
    traces = _traces()
    weight = traces["weight"] if weighted else 1.0
    values = traces["bytes"] * weight if what == "bytes" else traces["weight"]
    per_service = values.groupby(traces["service"]).sum()
    return float(per_service[service] / per_service.sum())


def _tradeoff(plan, column, **kwargs):
    from ..cost.tiering import sampling_tradeoffs

    return float(sampling_tradeoffs(_traces(), {"plan": plan}, **kwargs).loc["plan", column])


def _tier_plan():
    from ..cost.tiering import tier_settings

    settings = tier_settings()
    return dict(base_ratio=settings["base_ratio"].to_dict(), latency_threshold_ms=SLOW_MS,
                log_levels=settings["log_level"].to_dict())


def _series():
    from ..cost.telemetry import metric_series

    return int(metric_series()["series"].sum())


def _storage_mb(*, raw_days=RAW_DAYS, hourly=True, bytes_per_sample=None, raw=True):
    from ..cost.aggregation import GORILLA_BYTES_PER_POINT, metric_storage_bytes

    size = GORILLA_BYTES_PER_POINT if bytes_per_sample is None else bytes_per_sample
    total = 0.0
    if raw:
        total += metric_storage_bytes(_series(), scrape_interval_s=SCRAPE_S, retention_days=raw_days,
                                      bytes_per_sample=size)
    if hourly:
        total += metric_storage_bytes(_series(), scrape_interval_s=HOUR_S, retention_days=YEAR_DAYS - raw_days,
                                      bytes_per_sample=size)
    return total / 1e6


@functools.cache
def _checkout():
    from ..datasets import load_requests

    return load_requests(service="checkout")


def _worst(every="1D"):
    from ..cost.aggregation import rollup

    rolled = rollup(_checkout(), every=every)
    return rolled["errors"] / rolled["requests"]


def _worst_day_mean_of_hours():
    import pandas as pd

    day = _worst("1D").idxmax()
    hourly = _worst("1h")
    return float(hourly.loc[day:day + pd.Timedelta(hours=23)].mean())


@functools.cache
def _usage_by_team():
    from ..cost.chargeback import SERVICE_TEAMS
    from ..cost.prices import monthly_bill
    from ..cost.telemetry import telemetry_volumes
    from ..datasets import load_requests

    bill = monthly_bill(telemetry_volumes(load_requests()))
    bill["team"] = bill["service"].map(SERVICE_TEAMS)
    return bill.groupby("team")["usd"].sum()


def _allocate(**kwargs):
    from ..cost.chargeback import allocate_costs

    return allocate_costs(_usage_by_team(), shared_usd=SHARED_USD, bill_usd=COMMITMENT_USD, **kwargs)


EXERCISES: list[Exercise] = [
    # ------------------------------------------------------------------ 2a
    Exercise(
        id="cost2a.search_bytes_share",
        notebook=NB_2A,
        prompt=("What share of MicroCorp's trace BYTES comes from traces rooted at search? "
                "Each row of `traces` stands for `weight` traces. A fraction."),
        kind="number",
        reference=lambda: _bytes_share("search"),
        hint="Weigh each row's bytes by its weight, sum per service, divide search's sum by the total.",
        solution_code=("traces = sl.simulate_traces(rng=2026)\n"
                       "size = (traces['bytes'] * traces['weight']).groupby(traces['service']).sum()\n"
                       "answer = size['search'] / size.sum()"),
        rel_tol=0.002,
        misconceptions=[
            ("you summed the rows' bytes without their weights (an ordinary row stands for 500 traces)",
             lambda: _bytes_share("search", weighted=False)),
            ("you took search's share of traces, not of bytes (its traces are small)",
             lambda: _bytes_share("search", what="count")),
        ],
    ),
    Exercise(
        id="cost2a.lara_span_bill",
        notebook=NB_2A,
        prompt=("Lara's plan for MicroCorp: keep every error trace, 5 % of search's other traces and "
                "all traces of the other services (`LARA` in the notebook). What do the spans cost "
                "over the 28 days (signal 'spans' of the bill), in USD?"),
        kind="number",
        unit="USD",
        reference=lambda: _tradeoff(dict(base_ratio=LARA), "span_usd"),
        hint=("Same four steps as the worked example: tail_sample with base_ratio=LARA, kept_share, "
              "telemetry_volumes(..., span_share=...), monthly_bill; then sum usd where signal == 'spans'."),
        solution_code=("traces = sl.simulate_traces(rng=2026)\n"
                       "LARA = {'checkout': 1.0, 'payment': 1.0, 'notifications': 1.0, 'search': 0.05}\n"
                       "kept = sl.tail_sample(traces, keep_errors=True, base_ratio=LARA)\n"
                       "share = sl.kept_share(traces, kept)\n"
                       "volumes = sl.telemetry_volumes(sl.load_requests(),\n"
                       "                               span_share=dict(zip(share['service'], share['share_of_bytes'])))\n"
                       "bill = sl.monthly_bill(volumes)\n"
                       "answer = bill.loc[bill['signal'] == 'spans', 'usd'].sum()"),
        rel_tol=0.002,
        misconceptions=[
            ("you priced every span: the volumes were computed without span_share",
             lambda: _tradeoff(dict(base_ratio=1.0), "span_usd")),
            ("you sampled every service at 5 %, not only search",
             lambda: _tradeoff(dict(base_ratio=0.05), "span_usd")),
            ("you priced the whole bill, not only the spans",
             lambda: _tradeoff(dict(base_ratio=LARA), "bill_usd")),
        ],
    ),
    Exercise(
        id="cost2a.strict_debuggable",
        notebook=NB_2A,
        prompt=("The tier plan (`tier_plan`) keeps errors and traces of 1,000 ms or more. An engineer "
                "says 5 telling traces are too few to debug an incident: she wants 20. What share of the "
                "16 incidents stays debuggable then? A fraction."),
        kind="number",
        reference=lambda: _tradeoff(_tier_plan(), "debuggable_share", min_error_traces=STRICT_TRACES),
        hint="sl.sampling_tradeoffs takes min_error_traces=...; read the debuggable_share column.",
        solution_code=("traces = sl.simulate_traces(rng=2026)\n"
                       "settings = sl.tier_settings()\n"
                       "tier_plan = dict(base_ratio=settings['base_ratio'].to_dict(), latency_threshold_ms=1000,\n"
                       "                 log_levels=settings['log_level'].to_dict())\n"
                       "table = sl.sampling_tradeoffs(traces, {'tiers': tier_plan}, min_error_traces=20)\n"
                       "answer = table.loc['tiers', 'debuggable_share']"),
        rel_tol=0.001,
        misconceptions=[
            ("you kept the default rule of 5 telling traces",
             lambda: _tradeoff(_tier_plan(), "debuggable_share")),
            ("you gave the number of debuggable incidents, not their share of the 16",
             lambda: _tradeoff(_tier_plan(), "debuggable", min_error_traces=STRICT_TRACES)),
        ],
    ),
    # ------------------------------------------------------------------ 2b
    Exercise(
        id="cost2b.year_storage_mb",
        notebook=NB_2B,
        prompt=("MicroCorp's metric series (all of `sl.metric_series()`) are scraped every 15 s. Raw "
                "samples are kept 15 days, then only hourly roll-ups until the year (365 days) is over. "
                "At Gorilla's 1.37 bytes a point, how many MB (10**6 bytes) does a year of them take?"),
        kind="number",
        unit="MB",
        reference=lambda: _storage_mb(),
        hint=("Two calls of sl.metric_storage_bytes: 15 days at scrape_interval_s=15, then 350 days at "
              "scrape_interval_s=3600; add them, divide by 1e6."),
        solution_code=("series = sl.metric_series()['series'].sum()\n"
                       "raw = sl.metric_storage_bytes(series, scrape_interval_s=15, retention_days=15)\n"
                       "hourly = sl.metric_storage_bytes(series, scrape_interval_s=3600, retention_days=350)\n"
                       "answer = (raw + hourly) / 1e6"),
        rel_tol=0.002,
        misconceptions=[
            ("you kept raw 15-second samples all year (no roll-up)",
             lambda: _storage_mb(raw_days=YEAR_DAYS, hourly=False)),
            ("you stored 16 uncompressed bytes a point instead of 1.37",
             lambda: _storage_mb(bytes_per_sample=16)),
            ("you counted only the hourly roll-ups and forgot the 15 raw days",
             lambda: _storage_mb(raw=False)),
            ("you kept the raw days and forgot the hourly roll-ups of the rest of the year",
             lambda: _storage_mb(hourly=False)),
            ("you gave bytes, not MB (divide by 1e6)", lambda: _storage_mb() * 1e6),
        ],
    ),
    Exercise(
        id="cost2b.worst_day_ratio",
        notebook=NB_2B,
        prompt=("The long-term store keeps only DAILY roll-ups. From them, what is checkout's worst "
                "daily error ratio in the 28 days? A fraction."),
        kind="number",
        reference=lambda: float(_worst("1D").max()),
        hint="sl.rollup(checkout, every='1D'), then errors / requests per day, then the largest.",
        solution_code=("checkout = sl.load_requests(service='checkout')\n"
                       "daily = sl.rollup(checkout, every='1D')\n"
                       "answer = (daily['errors'] / daily['requests']).max()"),
        rel_tol=0.002,
        misconceptions=[
            ("you averaged the hourly error ratios of that day instead of dividing the day's sums "
             "(a quiet night hour weighs as much as the busy afternoon)",
             lambda: _worst_day_mean_of_hours()),
            ("you took the worst hour, not the worst day", lambda: float(_worst("1h").max())),
            ("you took the worst minute, not the worst day", lambda: float(_worst("1min").max())),
        ],
    ),
    # ------------------------------------------------------------------ 2c
    Exercise(
        id="cost2c.search_even_total",
        notebook=NB_2C,
        prompt=("Split the shared $45 EVENLY between the three teams (idle cost on its own row). "
                "What does the search team pay in total for the 28 days, in USD?"),
        kind="number",
        unit="USD",
        reference=lambda: float(_allocate(method="even").loc["search", "total_usd"]),
        hint="sl.allocate_costs(usage, shared_usd=45, bill_usd=600, method='even'); read search's total_usd.",
        solution_code=("bill = sl.monthly_bill(sl.telemetry_volumes(sl.load_requests()))\n"
                       "bill['team'] = bill['service'].map(sl.SERVICE_TEAMS)\n"
                       "usage = bill.groupby('team')['usd'].sum()\n"
                       "answer = sl.allocate_costs(usage, shared_usd=45, bill_usd=600,\n"
                       "                          method='even').loc['search', 'total_usd']"),
        rel_tol=0.0005,
        misconceptions=[
            ("you split the shared cost in proportion to usage, not evenly",
             lambda: float(_allocate(method="proportional").loc["search", "total_usd"])),
            ("you gave search only its usage and left out its part of the shared cost",
             lambda: float(_usage_by_team()["search"])),
            ("you spread the idle cost over the teams as well",
             lambda: float(_allocate(method="even", idle="share").loc["search", "total_usd"])),
        ],
    ),
    Exercise(
        id="cost2c.orders_share_all_in",
        notebook=NB_2C,
        prompt=("Finance wants every dollar charged: spread the idle cost too (idle='share'), "
                "proportionally to usage like the shared cost. What share of the $600 does the orders "
                "team carry? A fraction."),
        kind="number",
        reference=lambda: float(_allocate(method="proportional", idle="share").loc["orders", "share"]),
        hint="allocate_costs(..., method='proportional', idle='share'); read the orders row's share.",
        solution_code=("bill = sl.monthly_bill(sl.telemetry_volumes(sl.load_requests()))\n"
                       "bill['team'] = bill['service'].map(sl.SERVICE_TEAMS)\n"
                       "usage = bill.groupby('team')['usd'].sum()\n"
                       "answer = sl.allocate_costs(usage, shared_usd=45, bill_usd=600, method='proportional',\n"
                       "                          idle='share').loc['orders', 'share']"),
        rel_tol=0.001,
        misconceptions=[
            ("you left the idle cost on its own row, so orders' share is of a bill it does not fully pay",
             lambda: float(_allocate(method="proportional").loc["orders", "share"])),
            ("you split shared and idle cost evenly, not in proportion to usage",
             lambda: float(_allocate(method="even", idle="share").loc["orders", "share"])),
        ],
    ),
]

QUIZZES: list[Quiz] = [
    Quiz(
        id="cost2a.whole_bill",
        notebook=NB_2A,
        question=("Lara's plan halves what the spans cost, yet MicroCorp's whole bill falls by only "
                  "about an eighth. Why?"),
        options=[
            ("Tail sampling is billed per decision, which eats the saving.",
             "No: the bill here charges nothing per sampling decision (running the collectors is a "
             "real cost, but it is not what keeps the bill high)."),
            ("Per-host licences and metric series do not depend on how many traces are kept, and "
             "they are most of MicroCorp's bill.",
             "Right: sampling acts on spans only. Licences (hosts x $15) and series are fixed "
             "costs; look at the bill by component before choosing what to optimise."),
            ("Error traces are kept in full and they are most of the bytes.",
             "No: error traces are a small share of the bytes; they are kept because they are "
             "what debugging needs, and they cost little."),
            ("Search's traces are the smallest, so sampling them saves little.",
             "No: search is the largest share of the trace bytes; sampling it is what halves "
             "the span bill."),
        ],
        answer=1,
    ),
    Quiz(
        id="cost2b.what_rollup_keeps",
        notebook=NB_2B,
        question="Only hourly roll-ups (sums of requests and errors) are kept. Which can you still compute exactly?",
        options=[
            ("Whether the fast-burn page (1 h and 5 min windows) would have fired.",
             "No: the 5-minute window needs points 5 minutes apart; an hour's sum cannot be split."),
            ("The worst minute of the payment outage (INC-004).",
             "No: the minute's 95 % is averaged into its hour (about 19 %); the peak is gone."),
            ("The month's availability SLI.",
             "Right: sums add up, so Σ good / Σ valid over the month is the same from hours as from minutes."),
            ("The month's 99th-percentile latency, as the mean of the hourly p99s.",
             "No: percentiles do not add or average; keep histogram bucket counts (which do add) instead."),
        ],
        answer=2,
    ),
    Quiz(
        id="cost2b.logs_lost",
        notebook=NB_2B,
        question="INFO lines became a counter per service and level. Which question can you no longer answer?",
        options=[
            ("How many requests search served between 14:00 and 15:00.",
             "No: that is exactly what the counter counts, at its scrape interval."),
            ("Which user's request was slow at 14:07, and its trace id.",
             "Right: the counter keeps how many, not which. Keep the lines you need to read "
             "(WARN, ERROR, a sample of the rest)."),
            ("Whether the error rate rose after a release.",
             "No: a counter per level (or with a status label) shows the rate over time."),
        ],
        answer=1,
    ),
    Quiz(
        id="cost2c.idle_row",
        notebook=NB_2C,
        question="In a showback report, why show idle cost on its own row rather than spread over the teams?",
        options=[
            ("The FinOps Foundation forbids spreading idle cost.",
             "No: spreading it is allowed (chargeback of everything does it); FinOps leaves the method to you."),
            ("Idle cost is always small, so it does not matter where it goes.",
             "No: idle can dwarf usage (OpenCost users report $48.84 idle next to a $0.93 workload)."),
            ("It makes capacity paid for but unused visible to whoever can reduce it, instead of "
             "hiding it in every team's charge.",
             "Right: a team cannot act on idle cost it did not cause; the owner of the commitment can."),
            ("Without it the shares would not add up to the bill.",
             "No: they add up either way; allocate_costs checks that to the cent."),
        ],
        answer=2,
    ),
]
