"""Section 4's intermediate exercises and quizzes (2a, 2b, 2c) against answers worked out by hand.

Every value comes from plain pandas on the loaded data, the trace ids read as
OpenTelemetry reads them, the price list's numbers and the allocation rule
written out by hand: never from the registry's reference helpers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import sre_lab as sl
from sre_lab.exercises import s04_cost_intermediate as s04i

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {
    "cost2a": "04_cost/2a_tiered_observability",
    "cost2b": "04_cost/2b_compression_and_rollups",
    "cost2c": "04_cost/2c_chargeback_and_showback",
}
EXERCISES = {
    "cost2a": ("cost2a.search_bytes_share", "cost2a.lara_span_bill", "cost2a.strict_debuggable"),
    "cost2b": ("cost2b.year_storage_mb", "cost2b.worst_day_ratio"),
    "cost2c": ("cost2c.search_even_total", "cost2c.orders_share_all_in"),
}
QUIZ_ANSWERS = {"cost2a.whole_bill": "b", "cost2b.what_rollup_keeps": "c", "cost2b.logs_lost": "b",
                "cost2c.idle_row": "c"}
ALL_IDS = [i for ids in EXERCISES.values() for i in ids]

# MicroCorp's telemetry profile (input data): own spans per request, plus the spans of the calls
# checkout makes (payment on 60 % of requests, search on 30 %: sl.DEPENDENCIES), bytes a span,
# bytes of an error event.
_OWN = sl.TELEMETRY_PROFILE["spans_per_request"]
SPANS_PER_TRACE = {s: _OWN[s] + sum(share * _OWN[d] for d, share in sl.DEPENDENCIES.get(s, {}).items())
                   for s in _OWN}
SPAN_BYTES = sl.TELEMETRY_PROFILE["bytes_per_span"]
ERROR_BYTES = sl.TELEMETRY_PROFILE["bytes_per_error_event"]
# The default price list: ingest per GB, queries per GB scanned (each GB read once), hot storage
# per GB-month, data held 30 days.
_PRICE = sl.PRICES.set_index("item")["usd"]
INGEST, QUERY, HOT, HOT_DAYS = _PRICE["ingest"], _PRICE["query"], _PRICE["storage_hot"], 30


def accepted(exercise_id, value, rel=1e-9):
    result = sl.check(exercise_id, value)
    assert result.correct, result.message
    assert sl.exercise(exercise_id).reference() == pytest.approx(value, rel=rel)


def rejected(exercise_id, wrong, words):
    result = sl.check(exercise_id, wrong)
    assert not result.correct and words in result.message, result.message


@pytest.fixture(scope="module")
def traces():
    return sl.simulate_traces(rng=2026)


def test_registry_lists_the_parts_in_order():
    for key, notebook in NOTEBOOKS.items():
        assert sl.exercise_ids(notebook) == EXERCISES[key]
    assert [e.id for e in s04i.EXERCISES] == ALL_IDS
    assert [q.id for q in s04i.QUIZZES] == list(QUIZ_ANSWERS)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_numeric_misconception_is_clearly_apart_from_the_answer(exercise_id):
    # tests/test_registry.py checks that each is rejected and named; here: at least 3 tolerances away
    ex = sl.exercise(exercise_id)
    reference = ex.reference()
    for text, wrong in ex.misconceptions:
        assert abs(wrong() - reference) > max(3 * ex.rel_tol * abs(reference), ex.abs_tol), text


@pytest.mark.parametrize("key", list(NOTEBOOKS))
def test_notebook_checks_exactly_its_exercises_and_quizzes(key):
    path = ROOT / "notebooks" / f"{NOTEBOOKS[key]}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert tuple(re.findall(r'sl\.check\("([a-z0-9_.]+)"', code)) == EXERCISES[key]
    quizzes = [q.id for q in s04i.QUIZZES if q.notebook == NOTEBOOKS[key]]
    assert re.findall(r'sl\.quiz\("([a-z0-9_.]+)"', code) == quizzes
    meta = nb["metadata"]["sre_lab"]
    assert (meta["section"], meta["tier"]) == (4, "intermediate") and meta["minutes"] <= 30


# ------------------------------------------------------------------ 2a

def test_search_bytes_share_by_weighted_sums(traces):
    size = (traces["bytes"] * traces["weight"]).groupby(traces["service"]).sum()
    share = size["search"] / size.sum()
    accepted("cost2a.search_bytes_share", float(share))
    # and it is what the CSV predicts from the profile: requests x spans x 600 B + errors x 1,500 B
    minutes = sl.load_requests()
    totals = minutes.groupby("service")[["requests", "errors"]].sum()
    expected = totals["requests"] * pd.Series(SPANS_PER_TRACE) * SPAN_BYTES + totals["errors"] * ERROR_BYTES
    assert share == pytest.approx(expected["search"] / expected.sum(), rel=0.01)
    rejected("cost2a.search_bytes_share", float(traces.groupby("service")["bytes"].sum()["search"]
                                                 / traces["bytes"].sum()), "without their weights")


def _span_gb_per_month(minutes):
    """GB of spans per (month, service) from the per-minute CSV, by the profile."""
    day = minutes["timestamp"].dt.floor("D")
    daily = minutes.groupby([day, "service"])[["requests", "errors"]].sum().reset_index()
    daily["gb"] = (daily["requests"] * daily["service"].map(SPANS_PER_TRACE) * SPAN_BYTES
                   + daily["errors"] * ERROR_BYTES) / 1e9
    daily["month"] = daily["timestamp"].dt.strftime("%Y-%m")
    return daily.groupby(["month", "service"])["gb"].sum()


def test_lara_span_bill_priced_by_hand(traces):
    # Lara's decision, trace by trace: errors, every non-search trace, and search traces whose
    # lower 64 id bits are below round(0.05 x 2**64) (OpenTelemetry's TraceIdRatioBased rule)
    low64 = traces["trace_id"].map(lambda t: int(t[16:], 16))
    bound = round(0.05 * 2**64)
    kept = traces["error"] | (traces["service"] != "search") | (low64 < bound)
    size = traces["bytes"] * traces["weight"]
    share = (size * kept).groupby(traces["service"]).sum() / size.groupby(traces["service"]).sum()
    assert share.drop("search").eq(1.0).all() and 0.05 < share["search"] < 0.055
    gb = _span_gb_per_month(sl.load_requests())
    # per (month, service): share x GB x (ingest + query + hot storage held 30 days of the month's days)
    days_in_month = {"2026-10": 31, "2026-11": 30}
    usd = sum(share[service] * value * (INGEST + QUERY + HOT * HOT_DAYS / days_in_month[month])
              for (month, service), value in gb.items())
    accepted("cost2a.lara_span_bill", usd, rel=1e-6)
    every = sum(value * (INGEST + QUERY + HOT * HOT_DAYS / days_in_month[month]) for (month, _), value in gb.items())
    assert 0.45 < usd / every < 0.55                        # Lara halves the span bill
    rejected("cost2a.lara_span_bill", every, "priced every span")


def test_strict_debuggable_by_counting_evidence(traces):
    # the tier plan keeps every error trace and every trace of 1,000 ms or more, so an incident's
    # evidence is all its failed traces (error incident) or all its slow ones (latency incident)
    incidents = sl.load_incidents().set_index("id")
    mine = traces[traces["incident_id"].notna()]
    errors = mine[mine["error"]].groupby("incident_id").size()
    slow = mine[mine["duration_ms"] >= 1000].groupby("incident_id").size()
    evidence = pd.Series({i: (slow if kind == "latency" else errors).get(i, 0)
                          for i, kind in incidents["kind"].items()})
    assert evidence[evidence < 20].index.tolist() == ["INC-011"]    # 7 slow traces
    accepted("cost2a.strict_debuggable", float((evidence >= 20).mean()))
    assert (evidence >= 20).mean() == 15 / 16
    rejected("cost2a.strict_debuggable", float((evidence >= 5).mean()), "default rule of 5")


# ------------------------------------------------------------------ 2b

def test_year_storage_by_the_prometheus_formula():
    # 598 series: products of label value counts over MicroCorp's metrics (datasheet)
    profile = sl.TELEMETRY_PROFILE["metrics"]
    series = 0
    for metrics in profile.values():
        for labels in metrics.values():
            product = 1
            for count in labels.values():
                product *= count
            series += product
    assert series == 598
    raw = 15 * 86_400 * series / 15 * 1.37           # 15 days at one sample per 15 s
    hourly = 350 * 86_400 * series / 3600 * 1.37     # 350 days at one point per hour
    accepted("cost2b.year_storage_mb", (raw + hourly) / 1e6)
    assert round((raw + hourly) / 1e6, 1) == 77.7
    rejected("cost2b.year_storage_mb", 365 * 86_400 * series / 15 * 1.37 / 1e6, "no roll-up")
    rejected("cost2b.year_storage_mb", (raw + hourly) / 1.37 * 16 / 1e6, "uncompressed")


def test_worst_day_by_plain_resample(checkout):
    daily = checkout[["requests", "errors"]].resample("1D").sum()
    ratio = daily["errors"] / daily["requests"]
    accepted("cost2b.worst_day_ratio", float(ratio.max()))
    day = ratio.idxmax()
    assert day == pd.Timestamp("2026-10-14", tz="UTC")      # the payment outage day (INC-004)
    hours = checkout.loc[day: day + pd.Timedelta(hours=23, minutes=59), ["requests", "errors"]].resample("1h").sum()
    rejected("cost2b.worst_day_ratio", float((hours["errors"] / hours["requests"]).mean()),
             "averaged the hourly error ratios")


# ------------------------------------------------------------------ 2c

@pytest.fixture(scope="module")
def usage_cents():
    """Usage per team in cents: the bill by service (the input data), mapped to teams by hand."""
    bill = sl.monthly_bill(sl.telemetry_volumes(sl.load_requests()))
    teams = {"checkout": "orders", "notifications": "orders", "payment": "payments", "search": "search"}
    per_team = bill.groupby(bill["service"].map(teams))["usd"].sum()
    return {team: round(usd * 100) for team, usd in per_team.items()}


def test_search_even_total_by_hand(usage_cents):
    # $45 evenly over three teams: 4,500 cents / 3 = 1,500 each, no cent left over
    total = (usage_cents["search"] + 1500) / 100
    accepted("cost2c.search_even_total", total)
    rejected("cost2c.search_even_total", usage_cents["search"] / 100, "only its usage")


def test_orders_share_with_idle_spread_by_hand(usage_cents):
    used = sum(usage_cents.values())
    idle = 60_000 - used - 4_500
    orders = usage_cents["orders"] * (1 + (4_500 + idle) / used)   # usage + its part of shared and idle
    share = orders / 60_000
    assert sl.check("cost2c.orders_share_all_in", share).correct
    assert sl.exercise("cost2c.orders_share_all_in").reference() == pytest.approx(share, abs=2e-5)  # a cent
    separate = (usage_cents["orders"] * (1 + 4_500 / used)) / 60_000
    rejected("cost2c.orders_share_all_in", separate, "own row")


@pytest.mark.parametrize("quiz_id, right", list(QUIZ_ANSWERS.items()))
def test_quiz_right_and_wrong_options(quiz_id, right):
    quiz = next(q for q in s04i.QUIZZES if q.id == quiz_id)
    for i, (_text, why) in enumerate(quiz.options):
        letter = "abcdef"[i]
        result = sl.quiz(quiz_id, letter)
        assert result.correct is (letter == right), (quiz_id, letter)
        assert why in result.message
