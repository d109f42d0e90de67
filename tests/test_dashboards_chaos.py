"""Headless tests of the chaos lab (``sl.chaos_lab_dashboard``, 06_observability_driven_dev/3c).

Every control is driven through ``.value``. ``.state`` and the summary are checked against
runs built here by hand with the core functions (``sl.ChaosExperiment`` + ``sl.run_experiment``,
and ``sl.simulate_requests`` for the budget), and against counting arguments on MicroCorp's
call graph: 30 % of checkout requests call search, 60 % call payment (``sl.DEPENDENCIES``),
420 requests a minute, so a 10-minute fault touches about 4,200 requests; checkout's 30-day
budget at 99.9 % is 0.001 x 420 x 1,440 x 30 = 18,144 failed requests.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.figure  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import traitlets  # noqa: E402

import sre_lab as sl  # noqa: E402
from sre_lab.formatting import format_percent  # noqa: E402

BUDGET_30_DAYS = 0.001 * 420 * 1440 * 30
CONTROLS = ["experiment", "service", "kind", "traffic_share", "added_latency_ms", "timeout_ms",
            "max_attempts", "breaker", "fallback"]


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    assert plt.get_fignums() == []


@pytest.fixture(scope="module")
def lab():
    return sl.chaos_lab_dashboard()


def by_hand(base="search-outage", *, service=None, kind=None, traffic_share=None, added_latency_ms=0.0,
            timeout_ms=1000.0, max_attempts=3, breaker=None, fallback=False, error_ratio=None):
    """The experiment the lab should run, written out with sl.ChaosExperiment (no lab code)."""
    course = sl.chaos_experiment(base)
    fault = dict(course.fault)
    fault.update({k: v for k, v in dict(service=service, kind=kind, traffic_share=traffic_share).items()
                  if v is not None})
    fault["added_latency_ms"] = added_latency_ms
    if error_ratio is not None:
        fault["error_ratio"] = error_ratio
    scenario = {"minutes": 30}
    if fault["service"] in ("payment", "search"):
        scenario["resilience"] = {fault["service"]: {
            "timeout_ms": timeout_ms, "retry": None if max_attempts == 1 else {"max_attempts": max_attempts},
            "breaker": breaker, "fallback": fallback}}
    return sl.ChaosExperiment("by-hand", "By hand", "Written out.", fault=fault, scenario=scenario)


def same_run(state, experiment):
    """The lab's run probe for probe equals ``sl.run_experiment(experiment)``."""
    run = sl.run_experiment(experiment, slo_target=0.999, window_days=30)
    assert [(p.phase, p.name, p.value, p.tolerance_met) for p in state.run.probes] == [
        (p.phase, p.name, p.value, p.tolerance_met) for p in run.probes]
    assert (state.run.deviated, state.run.bad_requests) == (run.deviated, run.bad_requests)
    return run


def added_bad(experiment):
    """Bad requests the fault adds: sl.simulate_requests with and without it, same seed."""
    def bad(faults):
        sli = sl.simulate_requests({**experiment.scenario, "faults": faults}, rng=experiment.seed).sli
        return int(sli["requests"].sum() - sli["good"].sum())
    return max(0, bad([experiment.fault]) - bad([]))


def text(board):
    import re

    return re.sub(r"<[^>]+>", "", board.summary.value)


# -- the starting state -----------------------------------------------------------------------------
def test_the_lab_starts_where_the_course_experiment_is(lab):
    assert lab.error is None and list(lab.controls) == CONTROLS
    s = lab.state
    same_run(s, sl.chaos_experiment("search-outage"))
    assert s.settings == {"experiment": "search-outage", "service": "search", "kind": "outage",
                          "traffic_share": 1.0, "added_latency_ms": 1000.0, "timeout_ms": 1000.0,
                          "max_attempts": 3, "breaker": "off", "fallback": False}
    # 30 % of the ~4,200 requests of the 10 outage minutes fail: about 1,260 of 18,144 allowed
    assert s.run.bad_requests == pytest.approx(0.3 * 4200, rel=0.08)
    assert s.run.budget_spent == pytest.approx(added_bad(sl.chaos_experiment("search-outage")) / BUDGET_30_DAYS)
    after = {p.name: p.value for p in s.run.probes if p.phase == "after"}
    summary = text(lab)
    assert summary.startswith("Weakness found: the steady state deviated.")
    assert f"checkout availability over the 30 minutes was {format_percent(after['checkout-availability'], digits=2)}" in summary
    assert "Fault: search has an outage (connections refused) on every attempt, minutes 10–20." in summary
    assert "Checkout → search: timeout 1000 ms, up to 3 attempts" in summary
    assert (f"Error budget spent: {format_percent(s.run.budget_spent, digits=2)} of checkout's 30-day "
            f"availability budget at 99.9 %: {s.run.bad_requests:,} extra failed requests of 18,144 allowed") in summary
    assert lab.image.value[:4] == b"\x89PNG"
    assert "sre-chaos-lab-dashboard" in lab.widget._dom_classes
    assert all(f"sre-control-{name.replace('_', '-')}" in lab.controls[name]._dom_classes for name in CONTROLS)


@pytest.mark.parametrize("name", ["payment-bad-instance", "search-outage-fallback", "notifications-outage"])
def test_picking_an_experiment_sets_every_control_and_reruns_it_once(name):
    board = sl.chaos_lab_dashboard()
    runs = []
    original = board.update
    board.update = lambda: runs.append(1) or original()   # count the recomputes
    board.controls["experiment"].value = name
    assert len(runs) == 1 and board.error is None
    same_run(board.state, sl.chaos_experiment(name))
    course = sl.chaos_experiment(name)
    assert board.controls["service"].value == course.fault["service"]
    assert board.controls["traffic_share"].value == course.fault["traffic_share"]


def test_a_lab_can_start_from_any_experiment_and_settings():
    board = sl.chaos_lab_dashboard("payment-bad-instance", breaker="polly", max_attempts=1)
    assert board.controls["experiment"].value == "payment-bad-instance"
    same_run(board.state, by_hand("payment-bad-instance", traffic_share=0.2, max_attempts=1, breaker="polly"))
    mine = sl.ChaosExperiment("my-test", "Mine", "A wider window.",
                              fault={"service": "payment", "kind": "outage", "start_minute": 5,
                                     "end_minute": 25})
    board = sl.chaos_lab_dashboard(mine)
    assert board.controls["experiment"].value == "my-test"
    assert "my-test" in board.controls["experiment"].options
    same_run(board.state, mine)


# -- every control ----------------------------------------------------------------------------------
def test_a_fallback_without_retries_is_the_course_fix():
    board = sl.chaos_lab_dashboard()
    board.controls["max_attempts"].value = 1
    board.controls["fallback"].value = True
    same_run(board.state, sl.chaos_experiment("search-outage-fallback"))
    assert text(board).startswith("The steady state held with the fault:")
    assert "1 attempt (no retry)" in text(board) and "a fallback" in text(board)
    assert board.state.run.bad_requests == 0 and "Error budget spent: 0.00 %" in text(board)


def test_a_fallback_behind_retries_of_refused_calls_answers_fast():
    # Every attempt is refused at once (1 ms); the two retries wait full-jitter backoffs of at
    # most 100 and 200 ms, so the fallback answers within ~0.3 s: good and fast.
    board = sl.chaos_lab_dashboard(fallback=True)
    run = same_run(board.state, by_hand(fallback=True))
    after = {p.name: p.value for p in run.probes if p.phase == "after"}
    assert after["checkout-availability"] >= 0.999 and after["checkout-fast-ratio"] >= 0.99
    assert text(board).startswith("The steady state held with the fault:")


def test_a_fallback_behind_a_hanging_dependency_saves_availability_but_answers_late():
    # A lost network path: each attempt hangs until the 1,000 ms timeout, so every search call
    # in minutes 10-20 ends after >= 1 s and its checkout is slow, fallback or not: about 30 %
    # of the requests of 10 of the 30 minutes, 1/10 of all, are slow.
    board = sl.chaos_lab_dashboard(kind="dependency_loss", fallback=True)
    run = same_run(board.state, by_hand(kind="dependency_loss", fallback=True))
    after = {p.name: p.value for p in run.probes if p.phase == "after"}
    assert after["checkout-availability"] >= 0.999
    assert after["checkout-fast-ratio"] == pytest.approx(1 - 0.3 * 10 / 30, abs=0.02)
    assert "the share of fast requests over the 30 minutes was" in text(board)
    assert "(probe checkout-fast-ratio;" in text(board)


@pytest.mark.parametrize("share", [0.05, 0.5])
def test_the_blast_radius_sets_the_share_of_attempts_refused(share):
    board = sl.chaos_lab_dashboard()
    board.controls["traffic_share"].value = share
    run = same_run(board.state, by_hand(traffic_share=share))
    # 3 independent attempts all refused: share**3 of search calls fail in the window
    assert run.bad_requests == pytest.approx(0.3 * 4200 * share**3, abs=4 * (0.3 * 4200 * share**3) ** 0.5 + 3)
    assert f"on {format_percent(share)} of attempts" in text(board)
    assert text(board).startswith("The steady state held" if share == 0.05 else "Weakness found")


def test_each_breaker_is_the_librarys_published_defaults():
    board = sl.chaos_lab_dashboard()
    for library, label in [("resilience4j", "resilience4j"), ("polly", "Polly"), ("hystrix", "Hystrix"),
                           ("pybreaker", "pybreaker")]:
        board.controls["breaker"].value = library
        assert board.error is None
        assert board.state.experiment.scenario["resilience"]["search"]["breaker"]["name"] == library
        same_run(board.state, by_hand(breaker=library))
        assert f"{label}'s breaker" in text(board)
    board.controls["breaker"].value = "off"
    assert "no breaker" in text(board)


def test_a_breaker_opens_on_the_outage_and_rejects_at_once():
    board = sl.chaos_lab_dashboard()
    # no breaker: 1 attempt a call outside the window, all 3 inside it (a third of the run)
    assert board.state.amplification == pytest.approx(2 / 3 * 1 + 1 / 3 * 3, abs=0.05)
    board.controls["breaker"].value = "hystrix"
    # Hystrix opens once 20 calls in 10 s fail half the time: within the outage's first
    # seconds. Open, it rejects attempts at once; every 5 s it lets one probe through.
    sli = board.state.run.sli
    assert sli["search_breaker_open_s"].iloc[10:20].sum() > 9 * 60
    assert sli["search_breaker_open_s"].iloc[:10].sum() == 0
    assert sli["search_rejected"].iloc[11:20].sum() > 0.9 * sli["search_attempts"].iloc[11:20].sum()


def test_a_slow_search_builds_a_backlog_that_outlives_the_fault():
    # +2,000 ms on search (median 70 ms) cuts its throughput to 70 / 2,070 = 3.4 % of its
    # capacity (4 x the normal 2.1 calls a second = 8.4 attempts a second) while every attempt
    # times out at 1 s and is retried: 3 x 2.1 = 6.3 attempts a second keep arriving. The
    # backlog grows by about 6 a second for 600 s (~3,600 attempts); afterwards it drains at
    # only 8.4 - 6.3 = 2.1 a second, ~29 minutes, longer than the 10 minutes left. So every
    # search call from minute 10 to the end fails: 0.3 x 420 x 20 = 2,520 requests.
    board = sl.chaos_lab_dashboard()
    board.controls["kind"].value = "latency"
    board.controls["added_latency_ms"].value = 2000.0
    run = same_run(board.state, by_hand(kind="latency", added_latency_ms=2000.0))
    assert run.bad_requests == pytest.approx(0.3 * 420 * 20, rel=0.08)
    assert run.sli["availability"].iloc[21:30].max() < 0.8       # still failing after the fault
    assert run.sli["search_queue_ms"].iloc[21:30].min() > 1000     # the backlog's wait > the timeout
    assert "search has +2000 ms latency on every attempt" in text(board)


def test_dependency_loss_fails_like_an_outage_but_only_after_the_timeout():
    board = sl.chaos_lab_dashboard(max_attempts=1)
    board.controls["kind"].value = "dependency_loss"
    board.controls["timeout_ms"].value = 500.0
    run = same_run(board.state, by_hand(kind="dependency_loss", timeout_ms=500.0, max_attempts=1))
    assert run.bad_requests == pytest.approx(0.3 * 4200, rel=0.08)
    assert "a lost network path (attempts hang)" in text(board)
    # every lost call waits the full 500 ms on top of checkout's own work (log-normal, median
    # 140 ms, sigma 0.45). The top 1 % of a window minute are the top 1/30 of its 30 % lost
    # calls: own work above its p96.7, 140 x e^(0.45 x 1.84) = 320 ms, so p99 >= ~820 ms.
    assert run.sli["latency_p99_ms"].iloc[11:19].median() == pytest.approx(820, rel=0.1)
    assert run.sli["latency_p99_ms"].iloc[:10].max() < 700


def test_a_timeout_shorter_than_the_dependencys_tail_fails_before_any_fault():
    # search's latency is log-normal, median 70 ms, sigma 0.55 (sl.SERVICES): a 250 ms
    # timeout cuts P(z > ln(250/70)/0.55 = 2.31) = 1 % of search calls, 0.3 % of checkouts,
    # so without retries the 99.9 % steady state does not hold even before the fault.
    board = sl.chaos_lab_dashboard(max_attempts=1, timeout_ms=250.0)
    first = board.state.run.probes[0]
    assert not board.state.run.steady_state_before
    assert 1 - first.value == pytest.approx(0.3 * 0.0104, abs=0.0012)


def test_an_error_fault_fails_the_touched_attempts():
    board = sl.chaos_lab_dashboard(traffic_share=0.5, max_attempts=1)
    board.controls["kind"].value = "error"
    run = same_run(board.state, by_hand(kind="error", traffic_share=0.5, max_attempts=1, error_ratio=1.0))
    assert run.bad_requests == pytest.approx(0.3 * 4200 * 0.5, rel=0.12)
    assert "search has errors on 50 % of attempts" in text(board)


def test_notifications_are_asynchronous_so_the_call_settings_do_not_apply():
    board = sl.chaos_lab_dashboard()
    board.controls["service"].value = "notifications"
    assert board.state.settings_apply is False
    run = same_run(board.state, by_hand(service="notifications"))
    assert run.bad_requests == 0 and not run.deviated
    assert "Checkout sends notifications asynchronously" in text(board)
    before = [p.value for p in board.state.run.probes]
    board.controls["timeout_ms"].value = 100.0     # changes nothing here
    assert [p.value for p in board.state.run.probes] == before


def test_payment_with_a_short_timeout_breaks_the_steady_state_before_any_fault():
    # payment's median latency is 160 ms (sl.SERVICES): a 100 ms timeout fails most calls
    board = sl.chaos_lab_dashboard("payment-bad-instance")
    board.controls["timeout_ms"].value = 100.0
    s = board.state
    assert (s.run.steady_state_before, s.run.sli, s.run.bad_requests, s.run.budget_spent) == (False, None, 0, 0.0)
    assert text(board).startswith("Not run: the steady state did not hold even without the fault")
    assert "Error budget spent" not in text(board) and "attempts per call" not in text(board)
    assert board.error is None and board.image.value[:4] == b"\x89PNG"


# -- the picture (sl.plot_checkout_sli) --------------------------------------------------------------
def test_the_lab_draws_the_run_with_its_fault_window_and_the_steady_state():
    fig = matplotlib.figure.Figure()
    ax = fig.add_subplot()
    run = sl.run_experiment("search-outage")
    sl.plot_checkout_sli(run, ax=ax)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:3] == ["availability without the fault", "availability (good / requests)",
                          "fast (good and ≤ 1000 ms)"]
    assert "hypothesis, whole run:\navailability ≥ 99.9 %" in labels
    # the fault window, hatched and labelled with the blast radius
    fault = ax.patches[0]
    assert fault.get_label() == "fault: search outage\nall attempts, minutes 10–20"
    assert fault.get_hatch() and fault.get_x() == 10
    # the availability line is the run's per-minute table, at the middle of each minute
    line = ax.get_lines()[1]
    assert list(line.get_xdata()) == [m + 0.5 for m in range(30)]
    assert list(line.get_ydata()) == list(run.sli["availability"])
    assert ax.get_xlabel() == "virtual time (minutes)"
    assert "deviated" in ax.get_title()


def test_the_picture_marks_the_minutes_a_breaker_was_open_for_a_plain_simulation():
    fig = matplotlib.figure.Figure()
    ax = fig.add_subplot()
    result = sl.simulate_requests({"minutes": 20, "faults": [
        {"service": "payment", "kind": "error", "start_minute": 5, "end_minute": 10, "traffic_share": 0.5}],
        "resilience": {"payment": {"breaker": "hystrix"}}}, rng=1)
    sl.plot_checkout_sli(result, ax=ax)
    open_minutes = int((result.sli["payment_breaker_open_s"] > 0).sum())
    strips = [p for p in ax.patches if p.get_hatch() == "xx"]
    assert open_minutes > 0 and len(strips) == open_minutes
    assert strips[0].get_label() == "payment breaker open or half-open"
    assert ax.patches[0].get_label() == "fault: payment errors\n50 % of attempts, minutes 5–10"
    assert ax.get_title() == "Checkout per virtual minute"


def test_a_run_that_never_injected_shows_its_steady_state_and_says_so():
    fig = matplotlib.figure.Figure()
    ax = fig.add_subplot()
    strict = sl.ChaosExperiment("strict", "Too strict", "Five nines.", min_availability=0.99999,
                                fault={"service": "search", "kind": "outage", "start_minute": 10,
                                       "end_minute": 20})
    sl.plot_checkout_sli(sl.run_experiment(strict), ax=ax)
    assert "nothing was injected" in ax.texts[0].get_text()
    assert "not run" in ax.get_title()


def test_the_picture_needs_a_run():
    with pytest.raises(TypeError) as info:
        sl.plot_checkout_sli({"availability": 0.99})
    assert str(info.value) == ("result must be an sl.simulate_requests(...) or sl.run_experiment(...) "
                               "result; got 'dict'.")


# -- bounded controls, errors, cache -------------------------------------------------------------
def test_controls_are_bounded_and_never_break_the_lab():
    board = sl.chaos_lab_dashboard()
    board.controls["max_attempts"].value = 9          # clamped to the slider's maximum
    assert board.controls["max_attempts"].value == 5 and board.error is None
    assert board.state.settings["max_attempts"] == 5
    for key, value in [("traffic_share", 0.3), ("timeout_ms", 750.0), ("breaker", "istio"),
                       ("service", "checkout"), ("kind", "crash"), ("experiment", "search")]:
        with pytest.raises(traitlets.TraitError):
            board.controls[key].value = value
    assert board.error is None
    assert None not in [v for _, v in board.controls["breaker"].options]


def test_a_failure_is_shown_in_the_lab_and_the_last_result_kept(monkeypatch):
    from sre_lab.dashboards import chaos as lab_module

    board = sl.chaos_lab_dashboard()
    kept = board.state

    def broken(*args):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(lab_module, "_run", broken)
    board.controls["traffic_share"].value = 0.5
    assert isinstance(board.error, RuntimeError) and board.state is kept
    assert "simulated failure" in board.error_line.value and "Could not update" in board.error_line.value
    monkeypatch.undo()
    board.controls["traffic_share"].value = 0.2
    assert board.error is None and board.error_line.value == ""


def test_a_setting_seen_before_answers_from_the_cache():
    board = sl.chaos_lab_dashboard()
    first = board.state.run
    board.controls["traffic_share"].value = 0.5
    board.controls["traffic_share"].value = 1.0
    assert board.state.run is first
    assert set(board.timings) == {"compute_ms", "draw_ms"} and board.timings["compute_ms"] < 30


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(experiment="search"), ValueError, "experiment must be one of 'payment-bad-instance'"),
    (dict(experiment=3), TypeError, "experiment must be an sl.ChaosExperiment or the name of a course"),
    (dict(service="checkout"), ValueError, "service must be one of 'payment', 'search', 'notifications'"),
    (dict(kind="crash"), ValueError, "kind must be one of 'error', 'latency', 'outage', 'dependency_loss'"),
    (dict(traffic_share=0.3), ValueError, "traffic_share must be one of 0.01, 0.05, 0.1, 0.2, 0.5, 1"),
    (dict(timeout_ms=750), ValueError, "timeout_ms must be one of 100, 250, 500, 1000, 2000, 5000"),
    (dict(added_latency_ms=300), ValueError, "added_latency_ms must be one of 200, 500"),
    (dict(max_attempts=0), ValueError, "max_attempts must be a whole number >= 1 and <= 5"),
    (dict(breaker="istio"), ValueError, "breaker must be one of 'off', 'resilience4j', 'polly'"),
    (dict(fallback="yes"), TypeError, "fallback must be True or False"),
    (dict(experiment=sl.ChaosExperiment("own", "T", "D.", fault={"service": "checkout", "kind": "outage",
                                                                  "start_minute": 1, "end_minute": 2})),
     ValueError, "experiment must be an experiment with its fault on payment, search or notifications"),
])
def test_bad_arguments_name_the_parameter(kwargs, error, message):
    with pytest.raises(error) as info:
        sl.chaos_lab_dashboard(**kwargs)
    assert str(info.value).startswith(message), str(info.value)
