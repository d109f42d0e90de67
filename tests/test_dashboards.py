"""Headless tests of sre_lab.dashboards: build without a kernel, set .value, assert on .state.

Expected values are computed here by hand from the inputs (counts, the SRE
Workbook's budget definition), not copied from the dashboards' output.
"""

import struct

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from sre_lab import dashboards  # noqa: E402
from sre_lab.dashboards import Dashboard  # noqa: E402


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    # dashboards draw on pyplot-free Figures: nothing may accumulate in pyplot
    assert plt.get_fignums() == []


def _png_size(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# -- the common object ------------------------------------------------------------------
def _toy(**kwargs):
    """A dashboard whose compute divides 100 by the slider value (fails at 0)."""
    controls = {"divisor": widgets.IntSlider(value=4, min=0, max=10)}

    def compute(divisor):
        if divisor == 0:
            raise ValueError("divisor must be a number > 0; got 0.")
        return {"quotient": 100 / divisor}

    def draw(state, ax):
        ax.bar(["quotient"], [state["quotient"]])
        ax.set_title("toy")

    return Dashboard(controls, compute, lambda s: f"<b>{s['quotient']:g}</b>", draw,
                     name="toy_thing", title="Toy", **kwargs)


def test_contract_controls_state_update_and_display():
    d = _toy()
    assert set(d.controls) == {"divisor"}
    assert d.state == {"quotient": 25.0}
    assert d.summary.value == "<b>25</b>"
    d.controls["divisor"].value = 5
    assert d.state == {"quotient": 20.0}
    assert d.update() == {"quotient": 20.0}
    bundle = d._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert set(d.timings) == {"compute_ms", "draw_ms"}


def test_css_classes_for_browser_tests():
    d = _toy()
    assert {"sre-dashboard", "sre-toy-thing-dashboard"} <= set(d.widget._dom_classes)
    assert "sre-summary" in d.summary._dom_classes
    assert "sre-error" in d.error_line._dom_classes
    assert "sre-plot" in d.image._dom_classes
    assert "sre-control-divisor" in d.controls["divisor"]._dom_classes


def test_figure_is_a_png_in_an_image_widget():
    d = _toy(figsize=(5.0, 2.5))
    width, height = _png_size(d.image.value)
    assert (width, height) == (480, 240)  # 5 x 2.5 inches at 96 dpi
    before = d.image.value
    d.controls["divisor"].value = 1
    assert d.image.value != before


def test_callback_error_is_shown_and_the_dashboard_recovers():
    d = _toy()
    good_png = d.image.value
    d.controls["divisor"].value = 0          # no exception escapes the callback
    assert isinstance(d.error, ValueError)
    assert d.state == {"quotient": 25.0}     # last good result kept
    assert d.image.value == good_png
    assert "Could not update" in d.error_line.value
    assert "divisor = 0" in d.error_line.value
    assert "ValueError: divisor must be a number &gt; 0; got 0." in d.error_line.value
    assert d.error_line.layout.display is None  # visible
    d.controls["divisor"].value = 2          # controls still work
    assert d.error is None
    assert d.state == {"quotient": 50.0}
    assert d.error_line.value == "" and d.error_line.layout.display == "none"


def test_error_in_draw_is_shown_too():
    controls = {"n": widgets.IntSlider(value=1, min=0, max=3)}

    def draw(state, ax):
        if state == 2:
            raise RuntimeError("cannot draw 2")

    d = Dashboard(controls, lambda n: n, str, draw, name="x", title="x")
    d.controls["n"].value = 2
    assert d.state == 1 and "RuntimeError: cannot draw 2" in d.error_line.value


def test_bad_initial_values_raise_like_a_function():
    controls = {"n": widgets.IntSlider(value=0)}

    def compute(n):
        raise ValueError("n must be > 0; got 0.")

    with pytest.raises(ValueError, match="n must be > 0"):
        Dashboard(controls, compute, str, None, name="x", title="x")


# -- shared controls -------------------------------------------------------------------------
def test_slo_target_slider_reads_as_a_percentage():
    s = dashboards.slo_target_slider(0.999)
    assert s.label == "99.9 %"
    labels = [label for label, _ in s.options]
    assert labels == ["95 %", "98 %", "99 %", "99.5 %", "99.9 %", "99.95 %", "99.99 %"]
    s.value = 0.9995                         # a learner can set 99.95 % exactly
    assert s.label == "99.95 %" and s.value == 0.9995
    assert s.continuous_update is False


def test_slo_target_slider_rejects_unknown_and_percent_values():
    with pytest.raises(ValueError, match=r"^value must be one of the offered targets .*; got 0\.97\.$"):
        dashboards.slo_target_slider(0.97)
    with pytest.raises(ValueError, match=r"Write 99\.9% as 0\.999\.$"):
        dashboards.slo_target_slider(99.9)


def test_service_dropdown():
    d = dashboards.service_dropdown("search")
    assert d.options == ("checkout", "payment", "search", "notifications")
    with pytest.raises(ValueError, match=r"Did you mean 'payment'\?$"):
        dashboards.service_dropdown("Payment")


# -- maturity ------------------------------------------------------------------------------
def test_maturity_dashboard_climbs_the_ladder():
    d = dashboards.maturity_dashboard()
    assert list(d.controls) == ["dashboards", "paging", "incident_records", "slos_defined",
                                "alerts_on_symptoms", "budget_decisions", "budget_forecasts",
                                "automated_gates", "chaos_game_days"]
    assert d.state.stage == "Ad Hoc"
    # late practices alone do not lift the stage
    d.controls["automated_gates"].value = True
    d.controls["chaos_game_days"].value = True
    assert d.state.stage == "Ad Hoc"
    d.controls["dashboards"].value = True
    d.controls["paging"].value = True
    assert d.state.stage == "Reactive"
    d.controls["slos_defined"].value = True
    d.controls["budget_decisions"].value = True
    # Reactive 2/3, Proactive 2/3, Predictive 2/3 -> all three stages reached
    assert d.state.stage == "Predictive"
    assert "Your stage: <b>Predictive</b>" in d.summary.value
    assert "sre-maturity-dashboard" in d.widget._dom_classes


def test_maturity_dashboard_initial_answers_tick_the_boxes():
    d = dashboards.maturity_dashboard({"dashboards": True, "paging": True, "slos_defined": False})
    assert d.controls["dashboards"].value and d.controls["paging"].value
    assert not d.controls["slos_defined"].value
    assert d.state.stage == "Reactive"
    assert "🔍 → 🧩" in d.summary.value


def test_maturity_dashboard_rejects_unknown_practice():
    with pytest.raises(ValueError, match=r"Did you mean 'paging'\?$"):
        dashboards.maturity_dashboard(["pagin"])


# -- release gate --------------------------------------------------------------------------
import pandas as pd  # noqa: E402

START = pd.Timestamp("2026-10-05", tz="UTC")


def _frame(days=28, *, requests=1000, errors=0, step="10min"):
    idx = pd.date_range(START, START + pd.Timedelta(days=days), freq=step, inclusive="left")
    return pd.DataFrame({"requests": requests, "errors": errors}, index=idx)


@pytest.fixture
def two_services():
    calm = _frame(errors=0)
    calm.loc["2026-10-19 00:00":"2026-10-19 23:59", "errors"] = 3   # 144 steps x 3 = 432 bad
    busy = _frame(errors=2)                                          # 0.2 % all the time
    return {"calm": calm, "busy": busy}


def test_release_gate_dashboard_controls_and_initial_state(two_services):
    d = dashboards.release_gate_dashboard(two_services, service="calm")
    assert list(d.controls) == ["service", "slo_target", "decision_day", "change_kind"]
    assert d.controls["service"].options == ("calm", "busy")
    days = [v for _, v in d.controls["decision_day"].options]
    assert days[0] == START + pd.Timedelta(days=1) and days[-1] == START + pd.Timedelta(days=28)
    assert d.controls["decision_day"].label == "Mon 2 Nov"
    # calm: 28 days x 144 steps x 1000 = 4,032,000 requests; 0.1 % = 4,032 allowed; 432 spent
    assert d.state.allowed_bad_events == pytest.approx(4032)
    assert d.state.bad_events == 432
    assert d.state.consumed == pytest.approx(432 / 4032)
    assert d.state.decision.decision == "go"
    assert "<span class='sre-decision'>go</span>" in d.summary.value
    assert "sre-release-gate-dashboard" in d.widget._dom_classes


def test_release_gate_dashboard_follows_its_controls(two_services):
    d = dashboards.release_gate_dashboard(two_services, service="calm")
    d.controls["slo_target"].value = 0.9999
    # 0.01 % of 4,032,000 = 403.2 allowed: 432 bad overspends it
    assert d.state.allowed_bad_events == pytest.approx(403.2)
    assert d.state.remaining == pytest.approx(1 - 432 / 403.2)
    assert d.state.decision.decision == "freeze"
    assert "<span class='sre-decision'>freeze</span>" in d.summary.value
    d.controls["change_kind"].value = "security"
    assert d.state.decision.decision == "go" and d.state.decision.rule == "exempt"
    d.controls["change_kind"].value = "feature"
    # before the bad day nothing is spent
    d.controls["decision_day"].value = pd.Timestamp("2026-10-19", tz="UTC")
    assert d.state.bad_events == 0 and d.state.decision.decision == "go"
    assert d.controls["decision_day"].label == "Mon 19 Oct"
    d.controls["service"].value = "busy"
    # busy: 0.2 % errors against the 0.01 % budget of 99.99 %: burn rate 20
    assert d.state.window_burn_rate == pytest.approx(20.0)
    assert d.state.decision.decision == "freeze"
    assert d.error is None


def test_release_gate_dashboard_shows_a_broken_frame(two_services):
    two_services["broken"] = _frame(requests=10, errors=20)  # errors > requests
    d = dashboards.release_gate_dashboard(two_services, service="calm")
    before = d.state
    d.controls["service"].value = "broken"
    assert d.state is before
    assert isinstance(d.error, ValueError)
    assert "service = broken" in d.error_line.value
    assert "must be &lt;= traffic[&#x27;requests&#x27;]" in d.error_line.value
    d.controls["service"].value = "busy"
    assert d.error is None and d.state is not before


def test_release_gate_dashboard_rejects_bad_arguments(two_services):
    with pytest.raises(ValueError, match=r"^decision_day must be a day from 2026-10-06 to "
                                         r"2026-11-02; got '2026-12-25'\.$"):
        dashboards.release_gate_dashboard(two_services, service="calm", decision_day="2026-12-25")
    with pytest.raises(ValueError, match=r"^service must be one of 'calm', 'busy'; got 'checkout'\.$"):
        dashboards.release_gate_dashboard(two_services)
    with pytest.raises(TypeError, match=r"^traffic must be None \(the course data\)"):
        dashboards.release_gate_dashboard([1, 2])


def test_release_gate_dashboard_on_the_course_data():
    import sre_lab as sl

    long = sl.load_requests()
    d = dashboards.release_gate_dashboard(long)
    assert d.controls["service"].options == sl.SERVICE_NAMES
    # independent: plain pandas sums over the whole 28 days for checkout at 99.9 %
    checkout = long[long["service"] == "checkout"]
    allowed = 0.001 * checkout["requests"].sum()
    assert d.state.allowed_bad_events == pytest.approx(allowed)
    assert d.state.consumed == pytest.approx(checkout["errors"].sum() / allowed)
    d.controls["slo_target"].value = 0.9995
    assert d.state.consumed == pytest.approx(checkout["errors"].sum() / (allowed / 2))
    assert d.state.decision.decision == "freeze"
    assert d.timings["compute_ms"] > 0


# -- issue 14: the release gate's robustness cases ---------------------------------------------
def test_release_gate_dashboard_names_slo_target_not_the_sliders_value(two_services):
    # item 11: the slider's own parameter is "value"; the learner passed slo_target
    with pytest.raises(ValueError, match=r"^slo_target must be one of the slider's targets 0\.95, "
                                         r"0\.98, 0\.99, 0\.995, 0\.999, 0\.9995, 0\.9999; "
                                         r"got 0\.9991\.$"):
        dashboards.release_gate_dashboard(two_services, service="calm", slo_target=0.9991)
    with pytest.raises(ValueError, match=r"^slo_target must be a fraction in \(0, 1\); got 99\.9\. "
                                         r"Write 99\.9% as 0\.999\.$"):
        dashboards.release_gate_dashboard(two_services, service="calm", slo_target=99.9)


def test_release_gate_dashboard_decision_day_that_is_not_a_date(two_services):
    # item 12: 'garbage' raised pandas' DateParseError
    with pytest.raises(ValueError, match=r"^decision_day must be a day from 2026-10-06 to "
                                         r"2026-11-02; got 'garbage'\. Write a date as "
                                         r"'YYYY-MM-DD'\.$"):
        dashboards.release_gate_dashboard(two_services, service="calm", decision_day="garbage")
    with pytest.raises(TypeError, match=r"^decision_day must be a day from 2026-10-06 to "
                                        r"2026-11-02 \(a date string or a timestamp\); "
                                        r"got 'list'\.$"):
        dashboards.release_gate_dashboard(two_services, service="calm", decision_day=[2026, 10, 20])
    # a day given without a time zone is read in the data's (UTC)
    d = dashboards.release_gate_dashboard(two_services, service="calm", decision_day="2026-10-19")
    assert d.controls["decision_day"].value == pd.Timestamp("2026-10-19", tz="UTC")


def test_release_gate_dashboard_refuses_reversed_traffic_by_its_order(two_services):
    # item 11: reversed rows were reported as "at least one whole day; got '40320 rows'"
    backwards = two_services["calm"].iloc[::-1]
    with pytest.raises(ValueError, match=r"^traffic of 'calm' must be sorted by time, oldest row "
                                         r"first, each time once; got 2026-11-01 23:40:00\+00:00 "
                                         r"after 2026-11-01 23:50:00\+00:00\. Sort it with "
                                         r"\.sort_index\(\) \(and drop repeated times\)\.$"):
        dashboards.release_gate_dashboard({"calm": backwards}, service="calm")


def test_release_gate_dashboard_on_all_zero_traffic_decides_nothing(two_services):
    # item 15: no requests -> no budget; it showed "burn rate nan×" and decided "go"
    silent = _frame(requests=0, errors=0)
    with pytest.raises(ValueError, match=r"^traffic of 'silent' must have at least one request "
                                         r"in the 28-day window before the decision; got none "
                                         r"from Mon 5 Oct to Mon 2 Nov, so there is no error "
                                         r"budget to decide with\.$"):
        dashboards.release_gate_dashboard({"silent": silent}, service="silent")
    # chosen in the dashboard: the error is shown, no decision is
    two_services["silent"] = silent
    d = dashboards.release_gate_dashboard(two_services, service="calm")
    before = d.state
    d.controls["service"].value = "silent"
    assert d.state is before and isinstance(d.error, ValueError)
    assert "no error budget to decide with" in d.error_line.value


def test_release_gate_dashboard_without_recent_traffic_says_so():
    # 14 days of traffic, then 14 silent days: the 7-day burn rate has no traffic to divide by
    frame = _frame(errors=1)
    frame.loc["2026-10-19":, ["requests", "errors"]] = 0
    d = dashboards.release_gate_dashboard({"x": frame}, service="x")
    assert "burn rate last 7 days <b>no traffic</b>" in d.summary.value
    assert "nan" not in d.summary.value


def test_release_gate_dashboard_policy_is_checked_by_release_gate(two_services):
    # the dashboard no longer imports policy's private checker: release_gate names it
    with pytest.raises(TypeError, match=r"^policy must be an ErrorBudgetPolicy \(or None for the "
                                        r"Workbook's\); got 'str'\.$"):
        dashboards.release_gate_dashboard(two_services, service="calm", policy="strict")
    import sre_lab as sl

    d = dashboards.release_gate_dashboard(two_services, service="calm",
                                          policy=sl.workbook_error_budget_policy(slow_down=False))
    assert d.error is None and d.state.decision.decision == "go"
