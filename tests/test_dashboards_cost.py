"""Headless tests of the cost explorer (``sl.cost_explorer_dashboard``, 04_cost/1c).

Controls are driven through ``.value``; ``.state`` is checked against bills worked by hand
(22 hosts x $15 of licences; GB x $0.50 ingest; GB per day x days held x price per GB-month)
and against what the tail-sampling policies keep by construction.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import traitlets  # noqa: E402

import sre_lab as sl  # noqa: E402


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    assert plt.get_fignums() == []


@pytest.fixture(scope="module")
def october():
    daily = sl.load_daily_history()
    return daily[daily["date"].dt.month == 10]


@pytest.fixture(scope="module")
def board():
    return sl.cost_explorer_dashboard()


def test_default_board_keeps_everything_and_prices_the_month(board, october):
    s = board.state
    assert board.error is None
    # 6 + 4 + 10 + 2 hosts at Datadog's $15 per host-month
    assert s.usd_by("signal")[""] == pytest.approx(22 * 15.0)
    # every trace kept: the same bill as pricing October's volumes directly
    direct = sl.monthly_bill(sl.telemetry_volumes(october))["usd"].sum()
    assert s.total_usd == pytest.approx(direct)
    assert s.traces_kept_share == pytest.approx(1.0)
    assert s.n_debuggable == 16 and s.debuggable_share == 1.0
    assert board.image.value[:4] == b"\x89PNG"
    assert "October 2026 bill: <b>$" in board.summary.value
    assert "Incidents still debuggable: <b>16 of 16</b> (100 %)" in board.summary.value
    assert "sre-cost-explorer-dashboard" in board.widget._dom_classes


def test_no_head_sampling_drops_span_ingest_and_tail_policies_bring_incidents_back():
    d = sl.cost_explorer_dashboard()
    d.controls["head_ratio"].value = 0.0
    parts = d.state.bill.groupby(["signal", "component"])["usd"].sum()
    assert parts[("spans", "ingest")] == 0.0
    assert d.state.n_debuggable < 16
    d.controls["keep_errors"].value = True
    d.controls["slow_ms"].value = 1000.0
    # every failed and every slow trace kept: every incident has its evidence
    assert d.state.n_debuggable == 16
    assert 0 < d.state.traces_kept_share < 0.01
    assert d.error is None


def test_debug_on_search_adds_its_lines_at_ingest_query_and_storage_prices(october):
    d = sl.cost_explorer_dashboard()
    before = d.state.usd_by("signal")["logs"]
    d.controls["level_search"].value = "DEBUG"
    p = sl.TELEMETRY_PROFILE
    search = october[october["service"] == "search"]
    gb = (search["requests"].sum() * p["log_lines_per_request"]["DEBUG"]
          + search["errors"].sum() * p["log_lines_per_error"]["DEBUG"]) \
        * p["bytes_per_log_line"]["DEBUG"] / 1e9
    # ingest $0.50 + one scan $0.005 + 30 of 31 days held hot at $0.03 per GB-month
    per_gb = 0.50 + 0.005 + 30 / 31 * 0.03
    assert d.state.usd_by("signal")["logs"] - before == pytest.approx(gb * per_gb)
    d.controls["debug_kept"].value = 0.1
    assert d.state.usd_by("signal")["logs"] - before == pytest.approx(0.1 * gb * per_gb)


def test_warm_days_price_the_logs_held_there(october):
    d = sl.cost_explorer_dashboard()
    d.controls["warm_days"].value = 30
    logs_gb = sl.telemetry_volumes(october).query("signal == 'logs'")["bytes"].sum() / 1e9
    warm = d.state.bill.query("signal == 'logs' and component == 'storage_warm'")["usd"].sum()
    assert warm == pytest.approx(logs_gb / 31 * 30 * 0.023)


def test_controls_are_bounded_and_never_break_the_board():
    d = sl.cost_explorer_dashboard()
    total = d.state.total_usd
    d.controls["hot_days"].value = 10_000          # clamped to the slider's maximum
    assert d.controls["hot_days"].value == d.controls["hot_days"].max == 365
    assert d.error is None and d.state.settings["hot_days"] == 365
    with pytest.raises(traitlets.TraitError):
        d.controls["head_ratio"].value = 0.3        # not one of the offered ratios
    with pytest.raises(traitlets.TraitError):
        d.controls["level_search"].value = "TRACE"
    assert d.error is None and d.state.settings["head_ratio"] == 1.0
    d.controls["hot_days"].value = 30
    assert d.state.total_usd == pytest.approx(total)


def test_the_explorers_trace_ids_decide_as_the_hex_ids():
    from sre_lab.dashboards.cost import _traces

    hex_ids = sl.simulate_traces(rng=1)["trace_id"]
    for ratio in (0.001, 0.1, 0.5):
        assert (sl.head_sample(_traces()["trace_id"], ratio)
                == sl.head_sample(hex_ids, ratio)).all()


def test_the_debuggable_table_is_the_one_of_all_traces():
    d = sl.cost_explorer_dashboard()
    d.controls["head_ratio"].value = 0.01
    traces = sl.simulate_traces(rng=1)
    kept = sl.head_sample(traces["trace_id"], 0.01)
    expected = sl.debuggable_incidents(traces, kept)
    assert d.state.incidents.equals(expected)
    assert d.state.n_debuggable == expected["debuggable"].sum()


def test_timings_are_recorded():
    d = sl.cost_explorer_dashboard()
    d.controls["cold_days"].value = 60
    assert set(d.timings) == {"compute_ms", "draw_ms"}
    assert d.timings["compute_ms"] > 0


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(head_ratio=0.3), ValueError, "head_ratio must be one of 0, 0.001"),
    (dict(slow_ms=750), ValueError, "slow_ms must be None, 500 or 1000"),
    (dict(hot_days=0), ValueError, "hot_days must be a whole number >= 1"),
    (dict(log_levels={"search": "TRACE"}), ValueError, "log_levels['search'] must be one of"),
    (dict(keep_errors="yes"), TypeError, "keep_errors must be True or False"),
    (dict(debug_kept=0.5), ValueError, "debug_kept must be one of 1, 0.1, 0.01"),
])
def test_bad_arguments_name_the_parameter(kwargs, error, text):
    with pytest.raises(error) as info:
        sl.cost_explorer_dashboard(**kwargs)
    assert text in str(info.value)
