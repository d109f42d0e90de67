"""Head sampling against the OpenTelemetry SDK itself, tail sampling, estimates from samples.

Oracles: ``opentelemetry.sdk.trace.sampling.TraceIdRatioBased`` (decisions id
for id), Newcombe (1998) Table II for the Wilson interval, plain pandas on
``sl.load_requests()`` for the simulated traces, hand-built frames for the rest.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import sre_lab as sl

otel = pytest.importorskip("opentelemetry.sdk.trace.sampling")

RATIOS = [0, 0.0, 1, 1.0, 0.5, 0.1, 0.25, 1 / 3, 0.999999999, 1e-12, 2.0**-64, 2.0**-65, 3 * 2.0**-65,
          1 - 2.0**-53, 0.01]


def sdk_decisions(ids, ratio):
    sampler = otel.TraceIdRatioBased(ratio)
    return np.array([sampler.should_sample(None, i, "span").decision.is_sampled() for i in ids])


def edge_ids(ratio):
    """Ids at the SDK's bound +- 1, the ends of the 64-bit range, and upper bits set."""
    bound = round(ratio * 2**64)
    low = [0, 1, 2**63 - 1, 2**63, 2**64 - 1]
    low += [b for b in (bound - 1, bound, bound + 1) if 0 <= b < 2**64]
    high = [(7 << 64) | x for x in low] + [(2**64 - 1) << 64 | x for x in low]
    return low + high + [2**128 - 1]


@pytest.fixture(scope="module")
def random_ids():
    rnd = random.Random(20261203)
    return [rnd.getrandbits(128) for _ in range(12_000)]


@pytest.mark.parametrize("ratio", RATIOS)
def test_head_sample_equals_the_sdk_id_for_id(ratio, random_ids):
    ids = random_ids + edge_ids(ratio)
    expected = sdk_decisions(ids, ratio)
    assert sl.head_sample(ids, ratio).tolist() == expected.tolist()
    assert sl.head_sample([format(i, "032x") for i in ids], ratio).tolist() == expected.tolist()
    assert sl.head_sample([format(i, "032X") for i in ids], ratio).tolist() == expected.tolist()
    lower = np.array([i & (2**64 - 1) for i in ids], dtype=np.uint64)
    assert sl.head_sample(lower, ratio).tolist() == expected.tolist()
    assert sl.head_sample(pd.Series([format(i, "032x") for i in ids]), ratio).tolist() == expected.tolist()


@pytest.mark.parametrize("ratio", RATIOS)
def test_bound_is_the_sdks(ratio):
    assert sl.trace_id_bound(ratio) == otel.TraceIdRatioBased(ratio).bound


def test_ratio_one_keeps_the_largest_id_and_zero_keeps_none():
    # The bound at ratio 1 is 2**64, which does not fit a uint64: every id is kept.
    assert sl.head_sample([2**64 - 1, 2**128 - 1], 1.0).tolist() == [True, True]
    assert sl.head_sample([0, 2**64 - 1], 0.0).tolist() == [False, False]


def test_a_single_id_gives_a_0d_answer_and_empty_input_an_empty_one():
    assert sl.head_sample("00000000000000000000000000000001", 0.5).shape == ()
    assert bool(sl.head_sample(2**63, 0.5)) is False  # 2**63 is the bound: strictly below is kept
    assert sl.head_sample([], 0.5).tolist() == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**128 - 1), min_size=1, max_size=50),
       st.floats(0, 1), st.floats(0, 1))
def test_kept_at_a_ratio_means_kept_at_every_larger_ratio(ids, r1, r2):
    low, high = sorted((r1, r2))
    assert not (sl.head_sample(ids, low) & ~sl.head_sample(ids, high)).any()


@pytest.mark.parametrize("ratio, error, text", [
    (1.5, ValueError, "ratio must be a fraction in [0, 1]; got 1.5. Write 1.5% as 0.015."),
    (-0.1, ValueError, "ratio must be a fraction in [0, 1]; got -0.1."),
    (10, ValueError, "ratio must be a fraction in [0, 1]; got 10. Write 10% as 0.1."),
    ("0.5", TypeError, "ratio must be a fraction in [0, 1]; got '0.5'."),
    (None, TypeError, "ratio must be a fraction in [0, 1]; got None."),
    ([0.1, 0.2], TypeError, "ratio must be a single number, not an array; got [0.1, 0.2]."),
])
def test_ratio_is_checked_like_the_sdk_but_names_the_parameter(ratio, error, text):
    with pytest.raises(error) as info:
        sl.head_sample([1, 2], ratio)
    assert str(info.value) == text
    if isinstance(ratio, (int, float)):  # the SDK refuses the same numbers
        with pytest.raises(ValueError, match=r"Probability must be in range \[0\.0, 1\.0\]"):
            otel.TraceIdRatioBased(ratio)


@pytest.mark.parametrize("ids, error, text", [
    ([-1], ValueError, "trace_ids must be whole numbers in [0, 2**128) or 32-digit hex strings; got -1."),
    ([2**128], ValueError, "trace_ids must be whole numbers in [0, 2**128) or 32-digit hex strings; "
                           "got an integer with 39 digits."),
    ("abc", ValueError, "trace_ids must be whole numbers in [0, 2**128) or 32-digit hex strings; "
                        "got 'abc'. OpenTelemetry writes a trace id as 32 hex digits, "
                        "e.g. '4bf92f3577b34da6a3ce929d0e0e4736'."),
    (["0" * 32, "g" * 32], ValueError, "trace_ids must be whole numbers in [0, 2**128) or 32-digit hex "
                                       "strings; got 'gggggggggggggggggggggggggggggggg' at index 1. OpenTelemetry"),
    ([5, -2], ValueError, "trace_ids must be whole numbers in [0, 2**128) or 32-digit hex strings; got -2 at index 1."),
    ([0.5], TypeError, "trace_ids must be whole numbers"),
    (None, TypeError, "trace_ids must be whole numbers"),
    (np.array([1.0, 2.0]), TypeError, "trace_ids must be whole numbers in [0, 2**128) or 32-digit hex strings; got "
                                      "array([1., 2.]). Floats cannot hold 128-bit ids exactly"),
])
def test_bad_trace_ids_are_named(ids, error, text):
    with pytest.raises(error) as info:
        sl.head_sample(ids, 0.5)
    assert str(info.value).startswith(text)


# --------------------------------------------------------------------------- tail sampling

def small_traces():
    return pd.DataFrame({
        "trace_id": ["0" * 32, "f" * 32, "0" * 31 + "1", "f" * 32, "0" * 16 + "8" + "0" * 15],
        "service": ["search", "search", "checkout", "checkout", "checkout"],
        "duration_ms": [80.0, 1000.0, 90.0, 999.9, 50.0],
        "error": [False, False, True, False, False],
        "spans": [3, 3, 7, 4, 4], "bytes": [1800, 1800, 5700, 2400, 2400],
        "weight": [1.0, 1.0, 1.0, 1.0, 1.0],
    })


def test_tail_sample_keeps_errors_slow_traces_and_a_head_sampled_share():
    traces = small_traces()
    assert sl.tail_sample(traces).tolist() == [False, False, True, False, False]
    # The Collector's latency policy keeps duration >= threshold_ms.
    assert sl.tail_sample(traces, latency_threshold_ms=1000).tolist() == [False, True, True, False, False]
    # base_ratio 0.5 keeps lower 64 bits < 2**63: ids ...000 and ...001, not ...fff or 8000...
    assert sl.tail_sample(traces, keep_errors=False, base_ratio=0.5).tolist() == [True, False, True, False, False]
    per_service = sl.tail_sample(traces, keep_errors=False, base_ratio={"search": 1.0, "checkout": 0.0})
    assert per_service.tolist() == [True, True, False, False, False]


def test_tail_base_ratio_agrees_with_head_sample(random_ids):
    ids = [format(i, "032x") for i in random_ids[:3000]]
    traces = pd.DataFrame({"trace_id": ids, "service": "search", "duration_ms": 10.0, "error": False})
    assert (sl.tail_sample(traces, base_ratio=0.3) == sl.head_sample(ids, 0.3)).all()


def test_tail_sample_messages():
    traces = small_traces()
    with pytest.raises(ValueError, match=r"^base_ratio must be a ratio or a mapping .*Missing: search\.$"):
        sl.tail_sample(traces, base_ratio={"checkout": 0.1})
    with pytest.raises(ValueError, match=r"^latency_threshold_ms must be a number of milliseconds > 0 or None; "
                                         r"got 0\.$"):
        sl.tail_sample(traces, latency_threshold_ms=0)
    with pytest.raises(TypeError, match=r"^keep_errors must be True or False; got 'yes'\.$"):
        sl.tail_sample(traces, keep_errors="yes")
    with pytest.raises(ValueError, match=r"^traces must have the columns 'trace_id', 'service', 'duration_ms', "
                                         r"'error'; got a DataFrame without 'error'\.$"):
        sl.tail_sample(traces.drop(columns="error"))


def test_kept_share_weights_rows():
    traces = small_traces().assign(weight=[500.0, 1.0, 1.0, 1.0, 500.0])
    share = sl.kept_share(traces, np.array([True, False, True, False, False])).set_index("service")
    # search: kept 500 x 1800 of 500 x 1800 + 1800 bytes
    assert share.loc["search", "share_of_bytes"] == pytest.approx(500 * 1800 / (501 * 1800))
    # checkout: kept 5700 of 5700 + 2400 + 500 x 2400
    assert share.loc["checkout", "share_of_bytes"] == pytest.approx(5700 / (5700 + 2400 + 500 * 2400))
    assert share.loc["checkout", "traces"] == 502


def test_debuggable_incidents_counts_the_telling_traces():
    traces = pd.DataFrame({
        "incident_id": ["INC-1", "INC-1", "INC-1", "INC-2", "INC-2", None],
        "error": [True, True, False, False, True, True],
        "duration_ms": [50.0, 60.0, 2000.0, 1500.0, 1200.0, 70.0],
        "weight": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]})
    incidents = pd.DataFrame({"id": ["INC-1", "INC-2", "INC-3"], "service": ["payment", "search", "checkout"],
                              "kind": ["errors", "latency", "errors"]})
    table = sl.debuggable_incidents(traces, np.array([True, False, True, True, True, True]), min_error_traces=2,
                                    incidents=incidents).set_index("incident_id")
    assert table["error_traces_kept"].tolist() == [1, 1, 0]   # INC-1 lost one of its two errors
    assert table["slow_traces_kept"].tolist() == [1, 2, 0]
    assert table["evidence_kept"].tolist() == [1, 2, 0]       # errors for INC-1, slow traces for INC-2
    assert table["debuggable"].tolist() == [False, True, False]
    with pytest.raises(ValueError, match=r"^min_error_traces must be a whole number >= 1; got 0\.$"):
        sl.debuggable_incidents(traces, np.ones(6, bool), min_error_traces=0, incidents=incidents)
    with pytest.raises(ValueError,
                       match=r"^kept must be an array of True/False, one per trace \(6\); got 2 values\. Pass"):
        sl.debuggable_incidents(traces, np.ones(2, bool), incidents=incidents)


# --------------------------------------------------------------------------- simulated traces

@pytest.fixture(scope="module")
def month():
    return sl.simulate_traces(rng=7)


def test_every_error_and_slow_request_of_the_data_is_a_trace(month):
    minutes = sl.load_requests()
    errors = minutes.groupby("service")["errors"].sum()
    slow = (minutes["requests"] - minutes["errors"] - minutes["latency_le_1000ms"]).groupby(minutes["service"]).sum()
    assert month.loc[month["error"]].groupby("service").size().to_dict() == errors.to_dict()
    kept_slow = month.loc[~month["error"] & (month["duration_ms"] > 1000)].groupby("service").size()
    assert kept_slow.to_dict() == slow.to_dict()
    assert set(month.loc[month["weight"] == 1, "error"] | (month.loc[month["weight"] == 1, "duration_ms"] > 1000)) \
        == {True}


def test_weights_estimate_the_requests_of_the_data(month):
    requests = sl.load_requests().groupby("service")["requests"].sum()
    estimate = month.groupby("service")["weight"].sum()
    assert (abs(estimate / requests - 1) < 0.01).all()


def test_traces_fall_in_the_incidents_of_their_service_or_its_dependencies(month):
    incidents = sl.load_incidents().set_index("id")
    tagged = month.dropna(subset=["incident_id"])
    for incident_id, group in tagged.groupby("incident_id"):
        row = incidents.loc[incident_id]
        assert (group["started_at"] >= row["started"].floor("min")).all()
        assert (group["started_at"] < row["mitigated"]).all()
        allowed = {row["service"]} | {c for c, calls in sl.DEPENDENCIES.items() if row["service"] in calls}
        assert set(group["service"]) <= allowed
    # During payment's 95 % outage (INC-004), payment's traces mostly fail; outside incidents almost none do.
    outage = month.loc[(month["incident_id"] == "INC-004") & (month["service"] == "payment")]
    calm = month.loc[month["incident_id"].isna() & (month["service"] == "payment")]
    rate = (outage["error"] * outage["weight"]).sum() / outage["weight"].sum()
    assert rate > 0.9
    assert (calm["error"] * calm["weight"]).sum() / calm["weight"].sum() < 0.001


def test_same_seed_same_traces():
    minutes = sl.load_requests().iloc[:2000]
    a, b = sl.simulate_traces(minutes, rng=3), sl.simulate_traces(minutes, rng=3)
    pd.testing.assert_frame_equal(a, b)
    assert not sl.simulate_traces(minutes, rng=4)["trace_id"].equals(a["trace_id"])


def test_traces_columns_and_ids(month):
    assert list(month.columns) == ["trace_id", "service", "started_at", "duration_ms", "error", "spans", "bytes",
                                   "weight", "incident_id"]
    assert month["trace_id"].str.fullmatch("[0-9a-f]{32}").all()
    assert month["started_at"].is_monotonic_increasing
    assert str(month["started_at"].dt.tz) == "UTC"


def test_tail_sampling_keeps_every_incident_debuggable_and_head_sampling_loses_small_ones(month):
    kept = sl.tail_sample(month, latency_threshold_ms=1000)
    assert sl.debuggable_incidents(month, kept)["debuggable"].all()
    nothing = sl.debuggable_incidents(month, np.zeros(len(month), bool))
    assert not nothing["debuggable"].any()


# --------------------------------------------------------------------------- estimates

@pytest.mark.parametrize("x, n, low, high", [
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score, no continuity correction)
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_newcombes_table(x, n, low, high):
    result = sl.sampled_error_rate(x, n)
    assert (round(result.low, 4), round(result.high, 4)) == (low, high)
    assert result.method == "Wilson score"


def test_zero_errors_upper_end_is_near_the_rule_of_three():
    # z**2 / (n + z**2) with z = 1.959964: 3.8415 / 1003.8415
    result = sl.sampled_error_rate(0, 1000)
    assert result.high == pytest.approx(3.841459 / 1003.841459, rel=1e-5)
    assert result.high == pytest.approx(3 / 1000, rel=0.3)


def test_sampled_error_rate_takes_arrays_and_narrows_with_more_traces():
    result = sl.sampled_error_rate([1, 10, 100], [1_000, 10_000, 100_000])
    widths = result.high - result.low
    assert list(result.error_rate) == [0.001, 0.001, 0.001]
    assert widths[0] > widths[1] > widths[2]


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(errors_kept=5, traces_kept=3), ValueError, "errors_kept must be at most traces_kept; got 5.0. "
                                                    "Only 3 traces were kept."),
    (dict(errors_kept=1, traces_kept=0), ValueError, "traces_kept must be a whole number > 0; got 0."),
    (dict(errors_kept=1.5, traces_kept=10), ValueError, "errors_kept must be a whole number of traces; got 1.5."),
    (dict(errors_kept=1, traces_kept=10, confidence=95), ValueError,
     "confidence must be a fraction in (0, 1); got 95. Write 95% as 0.95."),
])
def test_sampled_error_rate_messages(kwargs, error, text):
    with pytest.raises(error) as info:
        sl.sampled_error_rate(**kwargs)
    assert str(info.value) == text


def test_estimate_total_reweights_by_one_over_p():
    assert sl.estimate_total(37, 0.01) == pytest.approx(3700.0)
    assert sl.estimate_total(np.array([3, 4]), np.array([0.5, 0.25])).tolist() == [6.0, 16.0]
    with pytest.raises(ValueError, match=r"^ratio must be a fraction in \(0, 1\]; got 0\. A ratio of 0 keeps nothing"):
        sl.estimate_total(3, 0)


# --------------------------------------------------------------------------- the trade-off and its views

def test_tradeoff_agrees_with_the_public_steps(month):
    table = sl.head_tail_tradeoff(month, [0.01], min_error_traces=5).set_index("policy")
    kept = sl.tail_sample(month, latency_threshold_ms=1000, base_ratio=0.01)
    share = sl.kept_share(month, kept).set_index("service")["share_of_bytes"].to_dict()
    bill = sl.monthly_bill(sl.telemetry_volumes(sl.load_requests(), span_share=share))
    spans_usd = bill.loc[bill["signal"] == "spans", "usd"].sum() * 30 / 28   # the data hold 28 days
    assert table.loc["tail", "span_usd_per_30_days"] == pytest.approx(spans_usd, rel=1e-9)
    assert table.loc["tail", "debuggable_share"] == sl.debuggable_incidents(month, kept)["debuggable"].mean()
    head = sl.head_sample(month["trace_id"], 0.01)
    assert table.loc["head", "debuggable_share"] == sl.debuggable_incidents(month, head)["debuggable"].mean()


def test_tail_sampling_costs_less_than_head_sampling_for_the_same_debuggability(month):
    table = sl.head_tail_tradeoff(month, [0.0, 1.0])
    tail_none = table.query("policy == 'tail' and ratio == 0").iloc[0]
    head_all = table.query("policy == 'head' and ratio == 1").iloc[0]
    assert tail_none["debuggable_share"] == head_all["debuggable_share"] == 1.0
    assert tail_none["span_usd_per_30_days"] < head_all["span_usd_per_30_days"] / 100
    assert head_all["share_of_bytes"] == 1.0


def test_views_draw_with_labelled_axes(month):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = sl.plot_telemetry_volumes(sl.telemetry_volumes(), by="signal")
    assert ax.get_title() and "GB" in ax.get_ylabel()
    assert any("(1 d)" in t.get_text() for t in ax.get_xticklabels())   # 2026-11 holds one day
    ax = sl.plot_head_tail_tradeoff(sl.head_tail_tradeoff(month, [0.0, 0.01, 1.0]))
    assert "USD" in ax.get_xlabel() and "%" in ax.get_ylabel()
    n = np.array([100, 1000, 10000])
    ax = sl.plot_sampled_error_rate(sl.sampled_error_rate(np.rint(n * 0.01), n), true_rate=0.01)
    assert ax.get_xscale() == "log"
    with pytest.raises(TypeError, match=r"^volumes must be a DataFrame from sl.telemetry_volumes"):
        sl.plot_telemetry_volumes([1, 2])
    with pytest.raises(ValueError, match=r"^by must be one of 'signal', 'level', 'service'; got 'levels'"):
        sl.plot_telemetry_volumes(sl.telemetry_volumes(), by="levels")
    plt.close("all")


def test_chance_to_keep_is_the_binomial_tail():
    from math import comb, exp

    # 10 traces, each an error kept with probability 0.5 x 1: P(at least 2) = 1 - (1 + 10) / 1024
    assert sl.chance_to_keep(0.5, 10, 1.0, at_least=2) == pytest.approx(1 - 11 / 1024, rel=1e-12)
    # ops_facts.md §4.2: 1 - (1 - p e)**N
    assert sl.chance_to_keep(1e-4, 100_000, 0.01) == pytest.approx(1 - (1 - 1e-6) ** 100_000, rel=1e-9)
    assert sl.chance_to_keep(1e-4, 100_000, 0.01) == pytest.approx(1 - exp(-0.1), rel=1e-4)
    n, q = 50, 0.03 * 0.2
    exact = 1 - sum(comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(3))
    assert sl.chance_to_keep(0.03, n, 0.2, at_least=3) == pytest.approx(exact, rel=1e-9)
    assert sl.chance_to_keep(0.0, 1000, 1.0) == 0.0
    assert sl.chance_to_keep(1.0, 3, 1.0, at_least=3) == 1.0
    assert sl.chance_to_keep(1.0, 3, 1.0, at_least=4) == 0.0
    ratios = np.array([0.0, 0.001, 0.01, 0.1, 1.0])
    chances = sl.chance_to_keep(1e-4, 1_000_000, ratios, at_least=5)
    assert chances[0] == 0.0 and (np.diff(chances) > 0).all()
    with pytest.raises(ValueError, match=r"^at_least must be a whole number in \[1, 1000\]; got 0\.$"):
        sl.chance_to_keep(0.1, 10, 0.5, at_least=0)
    with pytest.raises(TypeError, match=r"^n_traces must be a whole number >= 0; got 10\.5\.$"):
        sl.chance_to_keep(0.1, 10.5, 0.5)
