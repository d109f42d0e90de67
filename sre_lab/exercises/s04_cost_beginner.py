"""Exercises and quizzes of the 04_cost beginner tier: keys "cost1a", "cost1b", "cost1c".

==============================================  ======  ======================================
notebook                                        key     asks
==============================================  ======  ======================================
``04_cost/1a_cost_components``                  cost1a  GB of search's DEBUG lines in October,
                                                        what they add to the ingest charge
``04_cost/1b_cost_against_downtime``            cost1b  revenue lost in the latency incident
                                                        INC-006, break-even minutes of the bill
``04_cost/1c_sampling_and_retention``           cost1c  October's bill with 10 % of DEBUG lines
                                                        kept, a year of storage under Elastic's
                                                        example policy, share of incidents
                                                        debuggable at 0.1 % head sampling
==============================================  ======  ======================================

Liam's DEBUG switch is ``log_levels={"search": "DEBUG"}`` on October 2026's daily
traffic. Reference answers and misconceptions call the functions the notebooks call
(``sl.telemetry_volumes``, ``sl.monthly_bill``, ``sl.downtime_cost``,
``sl.break_even_minutes``, ``sl.storage_bill``, ``sl.head_sample``,
``sl.debuggable_incidents``); nothing is typed in.
"""

from __future__ import annotations

from functools import lru_cache

from ._engine import Exercise
from ._quiz import Quiz

NB_1A = "04_cost/1a_cost_components"
NB_1B = "04_cost/1b_cost_against_downtime"
NB_1C = "04_cost/1c_sampling_and_retention"

LIAM = {"search": "DEBUG"}
TRACE_SEED = 1

# --------------------------------------------------------------------------- reference helpers
# Called lazily (on the first check), so importing the registry loads no data.


@lru_cache(maxsize=1)
def _october():
    from ..datasets import load_daily_history

    daily = load_daily_history()
    return daily[daily["date"].dt.month == 10]


def _volumes(**kwargs):
    from ..cost.telemetry import telemetry_volumes

    return telemetry_volumes(_october(), **kwargs)


def _search_debug(column="bytes"):
    volumes = _volumes(log_levels=LIAM)
    rows = volumes[(volumes["service"] == "search") & (volumes["level"] == "DEBUG")]
    return float(rows[column].sum())


def _search_logs_bytes():
    volumes = _volumes(log_levels=LIAM)
    rows = volumes[(volumes["service"] == "search") & (volumes["signal"] == "logs")]
    return float(rows["bytes"].sum())


def _price(item):
    from ..cost.prices import PRICES

    return float(PRICES.set_index("item").loc[item, "usd"])


def _bill_usd(**kwargs):
    from ..cost.prices import monthly_bill

    return float(monthly_bill(_volumes(**kwargs))["usd"].sum())


@lru_cache(maxsize=1)
def _downtime():
    from ..cost.benefit import downtime_cost

    return downtime_cost()


def _inc6_window():
    from ..datasets import load_incidents, load_requests

    inc = load_incidents().set_index("id").loc["INC-006"]
    checkout = load_requests(service="checkout")
    return checkout[(checkout.index >= inc["started"]) & (checkout.index < inc["resolved"])]


def _inc6(how):
    from ..simulation import SERVICES

    during = _inc6_window()
    baseline = next(s for s in SERVICES if s.name == "checkout").baseline_error_ratio
    background = during["requests"].sum() * baseline
    if how == "errors":
        lost = during["errors"].sum() - background
    elif how == "all":
        lost = during["requests"].sum()
    else:  # users: the record's share of users affected times the requests
        from ..datasets import load_incidents

        share = load_incidents().set_index("id").loc["INC-006", "users_affected"]
        lost = during["requests"].sum() * share
    from ..cost.benefit import MICROCORP_REVENUE

    return float(lost * MICROCORP_REVENUE.usd_per_checkout_request)


def _break_even(how="sum"):
    from ..cost.benefit import break_even_minutes

    bill = _bill_usd()
    downtime = _downtime()
    if how == "lost":
        return bill / float(downtime["lost_revenue_usd"].sum())
    if how == "mean":
        return bill / float(downtime["usd_per_minute"].mean())
    return break_even_minutes(bill, downtime)


@lru_cache(maxsize=1)
def _year():
    from ..cost.telemetry import telemetry_volumes

    return telemetry_volumes(log_levels=LIAM, log_sampling={"DEBUG": 0.1})


def _storage(hot, warm, cold):
    from ..cost.retention import retention_policy, storage_bill

    return float(storage_bill(_year(), retention_policy(hot, warm, cold))["usd"].sum())


@lru_cache(maxsize=1)
def _traces():
    from ..cost.telemetry import simulate_traces

    return simulate_traces(rng=TRACE_SEED)


def _debuggable(ratio, how="share"):
    from ..cost.sampling import debuggable_incidents, head_sample

    traces = _traces()
    kept = head_sample(traces["trace_id"], ratio)
    if how == "traces":
        return float(kept.mean())
    table = debuggable_incidents(traces, kept)
    return float(table["debuggable"].sum() if how == "count" else table["debuggable"].mean())


_OCTOBER_CODE = ("daily = sl.load_daily_history()\n"
                 "october = daily[daily['date'].dt.month == 10]\n")

# --------------------------------------------------------------------------- exercises

EXERCISES: list[Exercise] = [
    # ------------------------------------------ 04_cost/1a_cost_components
    Exercise(
        id="cost1a.debug_gb",
        notebook=NB_1A,
        prompt="With search's logs at DEBUG, how many GB (10**9 bytes) of DEBUG lines does "
               "search write in October 2026?",
        kind="number", unit="GB", rel_tol=0.01,
        reference=lambda: _search_debug() / 1e9,
        misconceptions=[
            ("you divided by 2**30 (a GiB), not by 10**9 (the GB vendors bill)",
             lambda: _search_debug() / 2**30),
            ("you added up the number of lines (the count column), not their bytes",
             lambda: _search_debug("count") / 1e9),
            ("you summed every log level of search, not only the DEBUG lines",
             lambda: _search_logs_bytes() / 1e9),
            ("you left the sum in bytes: divide it by 10**9 for GB",
             lambda: _search_debug()),
        ],
        hint="Sum the bytes column of search_debug and divide by 1e9.",
        solution_code=(_OCTOBER_CODE
                       + "debug = sl.telemetry_volumes(october, log_levels={'search': 'DEBUG'})\n"
                         "search_debug = debug[(debug['service'] == 'search') & "
                         "(debug['level'] == 'DEBUG')]\n"
                         "answer = search_debug['bytes'].sum() / 1e9\n"),
    ),
    Exercise(
        id="cost1a.debug_ingest_usd",
        notebook=NB_1A,
        prompt="What do search's DEBUG lines add to October's ingest charge, in US dollars?",
        kind="number", unit="USD", rel_tol=0.01,
        reference=lambda: _search_debug() / 1e9 * _price("ingest"),
        misconceptions=[
            ("you used the hot storage price per GB-month, not the ingest price per GB",
             lambda: _search_debug() / 1e9 * _price("storage_hot")),
            ("you counted GiB (2**30 bytes) instead of GB (10**9 bytes)",
             lambda: _search_debug() / 2**30 * _price("ingest")),
            ("you priced all of search's log lines, not only the DEBUG ones the switch added",
             lambda: _search_logs_bytes() / 1e9 * _price("ingest")),
        ],
        hint="GB of DEBUG lines (exercise 1) x the 'ingest' price of sl.PRICES ($ per GB).",
        solution_code=(_OCTOBER_CODE
                       + "debug = sl.telemetry_volumes(october, log_levels={'search': 'DEBUG'})\n"
                         "rows = debug[(debug['service'] == 'search') & (debug['level'] == 'DEBUG')]\n"
                         "ingest = sl.PRICES.set_index('item').loc['ingest', 'usd']\n"
                         "answer = rows['bytes'].sum() / 1e9 * ingest\n"),
    ),
    # ------------------------------------------ 04_cost/1b_cost_against_downtime
    Exercise(
        id="cost1b.latency_incident_usd",
        notebook=NB_1B,
        prompt="How much revenue did the latency incident INC-006 cost MicroCorp, in US dollars?",
        kind="number", unit="USD", rel_tol=0.01,
        reference=lambda: float(_downtime().set_index("id").loc["INC-006", "lost_revenue_usd"]),
        misconceptions=[
            ("you counted only the errors: a request slower than 1 s is lost too "
             "(requests - latency_le_1000ms)", lambda: _inc6("errors")),
            ("you charged every request of the window, as if no checkout had succeeded",
             lambda: _inc6("all")),
            ("you multiplied the requests by the record's share of users affected instead of "
             "counting the lost requests", lambda: _inc6("users")),
        ],
        hint="As for INC-010: bad = (during6['requests'] - during6['latency_le_1000ms']).sum(), "
             "minus the background during6['requests'].sum() * baseline, times $0.10.",
        solution_code=(
            "incidents = sl.load_incidents().set_index('id')\n"
            "checkout = sl.load_requests(service='checkout')\n"
            "inc6 = incidents.loc['INC-006']\n"
            "during6 = checkout[(checkout.index >= inc6['started']) & "
            "(checkout.index < inc6['resolved'])]\n"
            "baseline = sl.SERVICES[0].baseline_error_ratio\n"
            "answer = ((during6['requests'] - during6['latency_le_1000ms']).sum()\n"
            "          - during6['requests'].sum() * baseline) * 0.10\n"),
    ),
    Exercise(
        id="cost1b.break_even_minutes",
        notebook=NB_1B,
        prompt="How many minutes shorter must each of the 16 incidents be for October's whole "
               "telemetry bill to pay for itself?",
        kind="number", unit="minutes", rel_tol=0.01,
        reference=_break_even,
        misconceptions=[
            ("you divided the bill by the total revenue lost, not by the revenue lost per "
             "minute of each incident", lambda: _break_even("lost")),
            ("you divided by the average incident's dollars per minute instead of adding the "
             "16 of them up", lambda: _break_even("mean")),
        ],
        hint="sl.break_even_minutes(bill_usd, downtime): the bill over the sum of "
             "downtime['usd_per_minute'].",
        solution_code=(_OCTOBER_CODE
                       + "bill_usd = sl.monthly_bill(sl.telemetry_volumes(october))['usd'].sum()\n"
                         "answer = sl.break_even_minutes(bill_usd, sl.downtime_cost())\n"),
    ),
    # ------------------------------------------ 04_cost/1c_sampling_and_retention
    Exercise(
        id="cost1c.sampled_bill",
        notebook=NB_1C,
        prompt="What is October's whole bill, in US dollars, with search at DEBUG and 10 % of "
               "DEBUG lines kept?",
        kind="number", unit="USD", rel_tol=0.005,
        reference=lambda: _bill_usd(log_levels=LIAM, log_sampling={"DEBUG": 0.1}),
        misconceptions=[
            ("you kept 90 % of the lines (the share dropped) instead of 10 %",
             lambda: _bill_usd(log_levels=LIAM, log_sampling={"DEBUG": 0.9})),
            ("you left every DEBUG line in (log_sampling={'DEBUG': 1.0})",
             lambda: _bill_usd(log_levels=LIAM)),
            ("you switched DEBUG off instead of sampling it", lambda: _bill_usd()),
        ],
        hint="log_sampling takes the share KEPT per level: {'DEBUG': 0.1}.",
        solution_code=(_OCTOBER_CODE
                       + "volumes = sl.telemetry_volumes(october, log_levels={'search': 'DEBUG'},\n"
                         "                               log_sampling={'DEBUG': 0.1})\n"
                         "answer = sl.monthly_bill(volumes)['usd'].sum()\n"),
    ),
    Exercise(
        id="cost1c.ilm_storage_year",
        notebook=NB_1C,
        prompt="What does the year's storage cost, in US dollars, with Elastic's example "
               "policy (30 days hot, 30 warm, 30 cold, then delete)?",
        kind="number", unit="USD", rel_tol=0.01,
        reference=lambda: _storage(30, 30, 30),
        misconceptions=[
            ("you kept all 90 days in the hot tier, at the hot price",
             lambda: _storage(90, 0, 0)),
            ("you counted only the 30 hot days: the warm and cold days are billed too",
             lambda: _storage(30, 0, 0)),
        ],
        hint="sl.storage_bill(year, sl.retention_policy(30, 30, 30)), then sum its usd column.",
        solution_code=("year = sl.telemetry_volumes(log_levels={'search': 'DEBUG'},\n"
                       "                            log_sampling={'DEBUG': 0.1})\n"
                       "answer = sl.storage_bill(year, sl.retention_policy(30, 30, 30))"
                       "['usd'].sum()\n"),
    ),
    Exercise(
        id="cost1c.debuggable_share",
        notebook=NB_1C,
        prompt="At 0.1 % head sampling, what share of the 16 incidents is still debuggable?",
        kind="number", rel_tol=0.01,
        reference=lambda: _debuggable(0.001),
        misconceptions=[
            ("you gave the share of traces kept, not the share of incidents debuggable",
             lambda: _debuggable(0.001, "traces")),
            ("you sampled 1 % (0.01) instead of 0.1 % (0.001)", lambda: _debuggable(0.01)),
            ("you gave the number of debuggable incidents, not their share",
             lambda: _debuggable(0.001, "count")),
        ],
        hint="sl.head_sample(traces['trace_id'], 0.001), then the mean of the 'debuggable' "
             "column of sl.debuggable_incidents.",
        solution_code=("traces = sl.simulate_traces(rng=1)\n"
                       "kept = sl.head_sample(traces['trace_id'], 0.001)\n"
                       "answer = sl.debuggable_incidents(traces, kept)['debuggable'].mean()\n"),
    ),
]

# --------------------------------------------------------------------------- quizzes

QUIZZES: list[Quiz] = [
    Quiz(
        id="cost1a.biggest_lever",
        notebook=NB_1A,
        question="Liam wants to shrink the part of the bill that grows with every log line "
                 "written. Which part is it?",
        options=[
            ("The host licences.",
             "No: a licence is a fixed price per host and month, whatever the volume."),
            ("Ingest.",
             "Yes: every GB is charged once when it arrives, so the charge follows the lines "
             "written one for one; it is the largest part that depends on volume."),
            ("The metric series.",
             "No: series are charged per active series; writing more log lines adds none."),
            ("Storage.",
             "Not the main one: it grows with volume too, but a GB held costs cents a month "
             "against $0.50 once at ingest."),
        ],
        answer=1,
    ),
    Quiz(
        id="cost1b.what_it_leaves_out",
        notebook=NB_1B,
        question="sl.downtime_cost charges an incident for the revenue of its lost requests. "
                 "Which cost of an incident does it leave out?",
        options=[
            ("Checkout requests that failed.",
             "No: they are the lost requests it counts (minus the normal background)."),
            ("Checkout requests slower than 1 s.",
             "No: a request slower than 1,000 ms is counted as lost, like an error."),
            ("The hours of the people responding.",
             "Yes: responders' time (PagerDuty prices a big incident call at about $10,000 an "
             "hour), SLA credits and lost trust are not in it."),
            ("Payment calls that failed.",
             "No: they are charged through the checkouts that made them."),
        ],
        answer=2,
    ),
    Quiz(
        id="cost1c.head_or_tail",
        notebook=NB_1C,
        question="At 0.1 % head sampling most incidents lost their evidence, yet tail sampling "
                 "with the same 0.1 % base ratio keeps all 16 debuggable. Why?",
        options=[
            ("Tail sampling keeps far more traces overall.",
             "No: failed and slow traces are a small share of all traces; the bill barely "
             "moves."),
            ("It decides after a trace has ended, so it can keep every failed and every slow "
             "trace.",
             "Yes: a head sampler decides at the first span, blind to the outcome; a tail "
             "sampler sees the whole trace."),
            ("It uses a different hash of the trace id.",
             "No: its base ratio is decided by the same head_sample on the trace id, so the "
             "two agree on ordinary traces."),
            ("Incidents have no ordinary traces to sample.",
             "No: during an incident most requests still succeed; the failed ones are the "
             "evidence."),
        ],
        answer=1,
    ),
]
