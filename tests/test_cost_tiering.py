"""Tiered observability (sl.OBSERVABILITY_TIERS, sl.SERVICE_TIERS, sl.tier_settings, sl.sampling_tradeoffs).

Oracles: a four-trace, one-day world priced by hand with the default price list
(ingest $0.50/GB, queries $0.005/GB, hot storage $0.03 per GB-month held 30 days),
and the section 2 SLO tiers the observability tiers follow.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sre_lab as sl


def test_tiers_follow_the_slo_tiers_of_section_2():
    # 02_slos/3a: payment Platinum, checkout and search Gold, notifications Silver
    slo_tier = {"payment": "platinum", "checkout": "gold", "search": "gold", "notifications": "silver"}
    to_obs = {"platinum": "critical", "gold": "standard", "silver": "low"}
    assert dict(sl.SERVICE_TIERS) == {s: to_obs[t] for s, t in slo_tier.items()}
    assert set(sl.SERVICE_TIERS) == {s.name for s in sl.SERVICES}


def test_tier_settings_by_hand():
    settings = sl.tier_settings()
    assert settings.index.tolist() == ["payment", "checkout", "search", "notifications"]
    assert settings["base_ratio"].to_dict() == {"payment": 1.0, "checkout": 0.1, "search": 0.1,
                                                "notifications": 0.01}
    assert settings["log_level"].to_dict() == {"payment": "INFO", "checkout": "INFO", "search": "INFO",
                                               "notifications": "WARN"}
    custom = sl.OBSERVABILITY_TIERS.copy()
    custom.loc["low", "base_ratio"] = 0.0
    assert sl.tier_settings({"search": "low"}, tiers=custom).loc["search", "base_ratio"] == 0.0


@pytest.mark.parametrize("args, kwargs, error, text", [
    (({"search": "gold"},), {}, ValueError, "service_tiers['search'] must be one of 'critical', 'standard', 'low'"),
    ((["search"],), {}, TypeError, "service_tiers must be a mapping"),
    (({},), {}, ValueError, "service_tiers must name at least one service"),
    ((), {"tiers": {"low": 1}}, TypeError, "tiers must be a DataFrame like sl.OBSERVABILITY_TIERS"),
    ((), {"tiers": sl.OBSERVABILITY_TIERS.drop(columns="log_level")}, ValueError, "without 'log_level'"),
    ((), {"tiers": sl.OBSERVABILITY_TIERS.assign(base_ratio=[1.0, 10.0, 0.01])}, ValueError,
     "tiers.loc['standard', 'base_ratio'] must be a fraction in [0, 1]; got 10.0."),
    ((), {"tiers": sl.OBSERVABILITY_TIERS.assign(log_level=["INFO", "info", "WARN"])}, ValueError,
     "Did you mean 'INFO'?"),
])
def test_tier_settings_refusals(args, kwargs, error, text):
    with pytest.raises(error) as info:
        sl.tier_settings(*args, **kwargs)
    assert text in str(info.value)


# ---------------------------------------------------------------- a tiny world priced by hand

DAY = pd.DataFrame({"date": pd.to_datetime(["2026-10-05"], utc=True), "service": ["payment"],
                    "requests": [1_000_000], "errors": [0]})
TRACES = pd.DataFrame({
    "trace_id": ["f" * 32, "e" * 32, "0" * 32, "1" * 32],      # lower 64 bits: high, high, 0, low
    "service": ["payment"] * 4, "duration_ms": [80.0, 90.0, 100.0, 1500.0],
    "error": [True, False, False, False], "spans": [3] * 4, "bytes": [1800] * 4, "weight": [1.0] * 4,
    "incident_id": pd.array(["INC-1", None, None, "INC-2"], dtype="string"),
})
INCIDENTS = pd.DataFrame({"id": ["INC-1", "INC-2"], "service": ["payment", "payment"],
                          "kind": ["errors", "latency"]})
# one day of payment: 1e6 requests x 3 spans x 600 B = 1.8 GB of spans (the profile's numbers,
# checked below); one October day holds
# 30 days of hot storage for 1/31 of the month: $ per GB = 0.50 + 0.005 + 0.03 x 30 / 31
USD_PER_GB = 0.50 + 0.005 + 0.03 * 30 / 31


def test_sampling_tradeoffs_priced_by_hand():
    assert sl.TELEMETRY_PROFILE["spans_per_request"]["payment"] == 3 and sl.TELEMETRY_PROFILE["bytes_per_span"] == 600
    prices = sl.PRICES.set_index("item")["usd"]
    assert (prices["ingest"], prices["query"], prices["storage_hot"]) == (0.50, 0.005, 0.03)
    plans = {"errors only": dict(base_ratio=0.0),
             "errors + slow": dict(base_ratio=0.0, latency_threshold_ms=1000),
             "errors + half": dict(base_ratio=0.5),
             "everything": dict(base_ratio=1.0)}
    out = sl.sampling_tradeoffs(TRACES, plans, traffic=DAY, min_error_traces=1, incidents=INCIDENTS)
    # kept: the error trace; + the 1,500 ms one; + ids below 2**63 ("0...", "1..."); all
    assert out["traces_kept_share"].tolist() == [0.25, 0.5, 0.75, 1.0]
    assert out["bytes_kept_share"].tolist() == [0.25, 0.5, 0.75, 1.0]
    assert out["span_usd"].tolist() == pytest.approx([1.8 * s * USD_PER_GB for s in (0.25, 0.5, 0.75, 1.0)])
    # INC-1 (errors) has its failed trace in every plan; INC-2 (latency) needs its slow trace kept
    assert out["debuggable"].tolist() == [1, 2, 2, 2] and (out["incidents"] == 2).all()
    assert out["debuggable_share"].tolist() == [0.5, 1.0, 1.0, 1.0]
    # the rest of the bill (logs, metric series, 4 hosts' licences) does not move with sampling
    rest = out["bill_usd"] - out["span_usd"]
    assert rest.max() - rest.min() == pytest.approx(0.0, abs=1e-9)


def test_log_levels_in_a_plan_change_only_the_logs():
    plans = {"info": dict(base_ratio=1.0), "warn": dict(base_ratio=1.0, log_levels="WARN")}
    out = sl.sampling_tradeoffs(TRACES, plans, traffic=DAY, min_error_traces=1, incidents=INCIDENTS)
    assert out.loc["info", "span_usd"] == out.loc["warn", "span_usd"]
    # INFO off: the profile's INFO lines per request x bytes per line x 1e6 requests, same $ per GB
    profile = sl.TELEMETRY_PROFILE
    gb = 1e6 * profile["log_lines_per_request"]["INFO"] * profile["bytes_per_log_line"]["INFO"] / 1e9
    assert out.loc["info", "bill_usd"] - out.loc["warn", "bill_usd"] == pytest.approx(gb * USD_PER_GB)


def test_sampling_tradeoffs_equals_the_four_steps_on_the_data():
    traces = sl.simulate_traces(rng=7)
    plan = dict(base_ratio={"checkout": 1.0, "payment": 1.0, "notifications": 1.0, "search": 0.05})
    out = sl.sampling_tradeoffs(traces, {"lara": plan})
    kept = sl.tail_sample(traces, **plan)
    share = sl.kept_share(traces, kept)
    volumes = sl.telemetry_volumes(sl.load_requests(),
                                   span_share=dict(zip(share["service"], share["share_of_bytes"])))
    bill = sl.monthly_bill(volumes)
    assert out.loc["lara", "span_usd"] == pytest.approx(bill.loc[bill["signal"] == "spans", "usd"].sum(), rel=1e-9)
    assert out.loc["lara", "bill_usd"] == pytest.approx(bill["usd"].sum(), rel=1e-9)
    table = sl.debuggable_incidents(traces, kept)
    assert out.loc["lara", "debuggable"] == table["debuggable"].sum()


@pytest.mark.parametrize("plans, error, text", [
    ([("a", {})], TypeError, "plans must be a dict {name: plan}"),
    ({}, ValueError, "plans must hold at least one plan"),
    ({"a": 0.1}, TypeError, "plans['a'] must be a dict of tail_sample arguments"),
    ({"a": {"ratio": 0.1}}, ValueError, "plans['a'] must be a dict with keys among keep_errors"),
    ({"a": {"base_ratio": 10}}, ValueError, "base_ratio must be a fraction in [0, 1]"),
])
def test_sampling_tradeoffs_refusals(plans, error, text):
    with pytest.raises(error) as info:
        sl.sampling_tradeoffs(TRACES, plans, traffic=DAY, incidents=INCIDENTS)
    assert text in str(info.value)
