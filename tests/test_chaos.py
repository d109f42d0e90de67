"""Chaos experiments (sre_lab.resilience.chaos), checked by Chaos Toolkit itself.

Oracles:
* the real ``chaos`` CLI (chaostoolkit, from this environment's bin folder):
  ``chaos validate`` accepts every exported experiment (and rejects a broken
  one), ``chaos run`` reaches the same verdict as ``sl.run_experiment``, probe
  for probe, read from the journal it writes;
* hand reasoning on the simulated MicroCorp (``sl.DEPENDENCIES``: 60 % of
  checkout requests call payment, 30 % call search): a fault's expected cost
  is worked out below from the shares and the fault's window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sre_lab as sl
from sre_lab.resilience import chaos

REPO = Path(__file__).resolve().parents[1]
CHAOS = Path(sys.executable).with_name("chaos")
NAMES = ["payment-bad-instance", "search-outage", "search-outage-fallback", "notifications-outage"]


def strict_experiment():
    """A steady state MicroCorp cannot meet even before a fault (99.999 %)."""
    return sl.ChaosExperiment(
        "strict-objective", "An objective too strict", "Five nines over half an hour.",
        fault={"service": "search", "kind": "outage", "start_minute": 10, "end_minute": 20},
        min_availability=0.99999)


@pytest.fixture(scope="module")
def runs():
    return {name: sl.run_experiment(name) for name in NAMES}


# -- the course's experiments and their verdicts ---------------------------------------------------
def test_the_course_has_experiments_that_find_a_weakness_and_experiments_that_hold(runs):
    assert [e.name for e in sl.course_experiments()] == NAMES
    assert {name: run.deviated for name, run in runs.items()} == {
        "payment-bad-instance": True, "search-outage": True,
        "search-outage-fallback": False, "notifications-outage": False}
    assert all(run.steady_state_before and run.status == "completed" for run in runs.values())


def test_retries_leave_a_bad_payment_instance_visible(runs):
    # 20 % of payment attempts fail; 3 independent tries fail together with 0.2**3;
    # 60 % of checkouts call payment: about 0.6 * 0.008 = 0.48 % of checkouts fail.
    after = {p.name: p.value for p in runs["payment-bad-instance"].probes if p.phase == "after"}
    assert after["checkout-availability"] == pytest.approx(1 - 0.6 * 0.2**3, abs=0.0015)
    # attempts per call with 3 tries at p = 0.2: 1 + 0.2 + 0.04 = 1.24
    method = [p for p in runs["payment-bad-instance"].probes if p.phase == "method"]
    assert method[0].name == "payment-amplification"
    assert method[0].value == pytest.approx(1.24, abs=0.02)


def test_a_search_outage_without_fallback_costs_its_share_of_requests(runs):
    # 30 % of checkouts call search, down for 10 of the 30 minutes: about 10 % fail.
    run = runs["search-outage"]
    assert run.probes[-1].name == "checkout-availability"
    assert run.probes[-1].value == pytest.approx(1 - 0.3 * 10 / 30, abs=0.01)
    assert not run.probes[-1].tolerance_met
    assert run.finding.startswith("weakness found: with outage in search, checkout-availability was 0.9")


def test_the_fallback_and_the_asynchronous_notification_keep_the_steady_state(runs):
    for name in ("search-outage-fallback", "notifications-outage"):
        run = runs[name]
        assert run.steady_state_after is True
        assert [p.phase for p in run.probes] == ["before", "before", "method", "method", "after",
                                                 "after"]
        before = [p.value for p in run.probes if p.phase == "before"]
        after = [p.value for p in run.probes if p.phase == "after"]
        assert after[0] == pytest.approx(before[0], abs=0.0005)  # the fault costs (almost) nothing
    assert runs["search-outage-fallback"].probes[2].value == 1.0  # no retries: one attempt per call


def test_the_hypothesis_stops_at_the_first_probe_outside_its_tolerance_and_nothing_is_injected():
    run = sl.run_experiment(strict_experiment())
    assert (run.steady_state_before, run.steady_state_after, run.deviated) == (False, None, False)
    assert [(p.phase, p.name, p.tolerance_met) for p in run.probes] == [
        ("before", "checkout-availability", False)]
    assert run.sli is None
    assert run.finding.startswith("the steady state did not hold before any fault")


def test_a_run_leaves_no_fault_behind_and_repeats_exactly(runs):
    assert chaos._ACTIVE_FAULTS == []
    again = sl.run_experiment(sl.chaos_experiment("search-outage"))
    assert [p.value for p in again.probes] == [p.value for p in runs["search-outage"].probes]
    assert chaos._ACTIVE_FAULTS == []


def test_the_run_keeps_the_per_minute_sli_of_the_faulted_window(runs):
    sli = runs["search-outage"].sli
    assert len(sli) == 30
    during = sli["availability"].iloc[11:19].mean()  # inside the 10-20 outage
    outside = sli["availability"].iloc[:10].mean()
    assert during == pytest.approx(0.7, abs=0.05)  # the 30 % that need search fail
    assert outside > 0.99


# -- blast radius and error budget spent ------------------------------------------------------------
# Checkout's 30-day budget at 99.9 %, at the experiments' 420 requests a minute:
# 420 x 1,440 x 30 = 18,144,000 requests, of which 0.1 % = 18,144 may fail.
BUDGET_30_DAYS = 0.001 * 420 * 1440 * 30


def _added_bad_requests(experiment):
    """Bad requests with the fault minus without it, same seed, by sl.simulate_requests itself."""
    def bad(faults):
        sli = sl.simulate_requests({**experiment.scenario, "faults": faults}, rng=experiment.seed).sli
        return int(sli["requests"].sum() - sli["good"].sum())
    return max(0, bad([experiment.fault]) - bad([]))


def test_the_budget_spent_is_the_bad_requests_the_fault_added(runs):
    for name, run in runs.items():
        expected = _added_bad_requests(sl.chaos_experiment(name))
        assert run.bad_requests == expected
        assert run.budget_allowed == pytest.approx(BUDGET_30_DAYS)
        assert run.budget_spent == pytest.approx(expected / BUDGET_30_DAYS)
        method = {p.name: p.value for p in run.probes if p.phase == "method"}
        assert method["checkout-budget-spent"] == run.budget_spent


def test_a_search_outage_spends_its_share_of_the_monthly_budget(runs):
    # 30 % of 420 requests a minute fail for 10 minutes: 1,260 of 18,144 allowed, 6.9 %
    run = runs["search-outage"]
    assert run.bad_requests == pytest.approx(0.3 * 420 * 10, rel=0.08)
    assert run.budget_spent == pytest.approx(0.3 * 420 * 10 / BUDGET_30_DAYS, rel=0.08)
    assert "of the 30-day error budget at 99.9 %" in run.finding
    # a bad payment instance for 30 minutes: 0.6 x 0.2**3 of 12,600 requests, about 60
    bad_instance = runs["payment-bad-instance"]
    assert bad_instance.bad_requests == pytest.approx(0.6 * 0.2**3 * 12_600, abs=25)
    # asynchronous notifications: the same checkout requests fail with and without the fault
    assert runs["notifications-outage"].bad_requests == 0
    assert runs["notifications-outage"].budget_spent == 0.0


def test_the_budget_scales_with_the_target_and_the_window(runs):
    # 99 % allows ten times the failures of 99.9 %; 7 days allow 7/30 of 30 days'
    looser = sl.run_experiment("search-outage", slo_target=0.99, window_days=30)
    week = sl.run_experiment("search-outage", slo_target=0.999, window_days=7)
    base = runs["search-outage"]
    assert looser.bad_requests == week.bad_requests == base.bad_requests
    assert looser.budget_spent == pytest.approx(base.budget_spent / 10)
    assert week.budget_spent == pytest.approx(base.budget_spent * 30 / 7)
    assert sl.to_chaostoolkit("search-outage", slo_target=0.99, window_days=7)["method"][2][
        "provider"]["arguments"] == {"scenario": sl.chaos_experiment("search-outage").scenario,
                                     "seed": 6, "slo_target": 0.99, "window_days": 7}


def test_nothing_injected_nothing_spent():
    run = sl.run_experiment(strict_experiment())
    assert (run.bad_requests, run.budget_spent) == (0, 0.0)
    assert chaos.probe_budget_spent({"minutes": 30}, 6) == 0.0


def test_a_smaller_blast_radius_spends_less_and_can_let_the_steady_state_hold():
    # the search outage on 1 attempt in 20: 3 attempts all refused with 0.05**3, so
    # 0.3 x 1.25e-4 of the window's requests: under 1 request; availability holds.
    def experiment(share):
        return sl.ChaosExperiment("search-partial", "Partial", "A partial outage.",
                                  fault={**OUTAGE, "traffic_share": share})
    full, small = sl.run_experiment(experiment(1.0)), sl.run_experiment(experiment(0.05))
    assert full.deviated and not small.deviated
    assert small.budget_spent < full.budget_spent / 100
    assert small.fault["traffic_share"] == 0.05
    assert sl.to_chaostoolkit(experiment(0.05))["method"][0]["provider"]["arguments"]["fault"][
        "traffic_share"] == 0.05


# -- the Chaos Toolkit document ----------------------------------------------------------------------
def test_the_document_has_the_fields_the_format_requires():
    import inspect

    for experiment in sl.course_experiments():
        doc = sl.to_chaostoolkit(experiment)
        assert {"version", "title", "description", "method"} <= set(doc)
        assert {"steady-state-hypothesis", "rollbacks"} <= set(doc)
        assert json.loads(json.dumps(doc)) == doc  # plain JSON
        probes = doc["steady-state-hypothesis"]["probes"]
        assert all(p["tolerance"]["type"] == "range" for p in probes)
        activities = probes + doc["method"] + doc["rollbacks"]
        for activity in activities:
            provider = activity["provider"]
            assert (provider["type"], provider["module"]) == ("python", "sre_lab.resilience.chaos")
            func = getattr(chaos, provider["func"])
            inspect.signature(func).bind(**provider["arguments"])  # the arguments fit
        assert [a["type"] for a in doc["method"]] == ["action", "probe", "probe"]


def test_the_steady_state_tolerances_come_from_the_experiment():
    experiment = sl.ChaosExperiment("t", "T", "D.", fault={"service": "payment", "kind": "latency",
                                                           "added_latency_ms": 200, "start_minute": 5,
                                                           "end_minute": 10},
                                    min_availability=0.995, min_fast_ratio=0.9)
    probes = sl.to_chaostoolkit(experiment)["steady-state-hypothesis"]["probes"]
    assert [p["tolerance"]["range"] for p in probes] == [[0.995, 1.0], [0.9, 1.0]]


# -- the real Chaos Toolkit CLI ----------------------------------------------------------------------
def _chaos(tmp_path, *args):
    if not CHAOS.exists():
        pytest.fail(f"the chaos CLI is missing next to {sys.executable}: install chaostoolkit")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
           "HOME": str(tmp_path)}
    return subprocess.run([str(CHAOS), "--no-version-check", "--no-log-file",
                           "--settings", str(tmp_path / "settings.yaml"), *args],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def _write(tmp_path, doc, name="experiment.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", NAMES)
def test_chaos_validate_accepts_every_course_experiment(name, tmp_path):
    path = sl.save_chaostoolkit(name, folder=tmp_path / "output")
    assert path == tmp_path / "output" / f"{name}.json"
    assert json.loads(path.read_text(encoding="utf-8")) == sl.to_chaostoolkit(name)
    done = _chaos(tmp_path, "validate", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "experiment syntax and semantic look valid" in done.stdout + done.stderr


def test_chaos_validate_rejects_a_provider_that_does_not_exist(tmp_path):
    doc = sl.to_chaostoolkit("search-outage")
    doc["method"][0]["provider"]["func"] = "inject_faults"  # a typo
    done = _chaos(tmp_path, "validate", str(_write(tmp_path, doc)))
    assert done.returncode != 0


@pytest.mark.parametrize("experiment", [*NAMES, "strict"])
def test_chaos_run_reaches_the_same_verdict_as_run_experiment(experiment, tmp_path):
    experiment = strict_experiment() if experiment == "strict" else sl.chaos_experiment(experiment)
    ours = sl.run_experiment(experiment)
    done = _chaos(tmp_path, "run", "--journal-path", str(tmp_path / "journal.json"),
                  str(_write(tmp_path, sl.to_chaostoolkit(experiment))))
    journal = json.loads((tmp_path / "journal.json").read_text(encoding="utf-8"))
    assert journal["status"] == ours.status == "completed", done.stdout + done.stderr
    assert journal["deviated"] is ours.deviated
    assert done.returncode == (1 if ours.deviated else 0)  # chaos run exits 1 when it deviated
    states = journal["steady_states"]
    assert states["before"]["steady_state_met"] is ours.steady_state_before
    assert (states["after"] or {}).get("steady_state_met") is ours.steady_state_after
    # probe for probe: same names, same values (same seed, same model), same tolerance verdicts
    theirs = [("before", p) for p in states["before"]["probes"]]
    theirs += [("method", r) for r in journal["run"] if r["activity"]["type"] == "probe"]
    theirs += [("after", p) for p in (states["after"] or {}).get("probes", [])]
    assert [(phase, r["activity"]["name"], r["output"], r.get("tolerance_met")) for phase, r in theirs] == [
        (p.phase, p.name, p.value, p.tolerance_met) for p in ours.probes]
    assert [r["status"] for r in journal["rollbacks"]] == ["succeeded"]


# -- validation ---------------------------------------------------------------------------------------
OUTAGE = {"service": "search", "kind": "outage", "start_minute": 10, "end_minute": 20}


@pytest.mark.parametrize("call, kind, text", [
    (lambda: sl.run_experiment(3), TypeError,
     "experiment must be an sl.ChaosExperiment or the name of a course experiment; got 3. "
     "See sl.course_experiments()."),
    (lambda: sl.to_chaostoolkit("search-outages"), ValueError,
     "experiment must be one of 'payment-bad-instance', 'search-outage', 'search-outage-fallback', "
     "'notifications-outage'; got 'search-outages'. Did you mean 'search-outage'?"),
    (lambda: sl.chaos_experiment("payment"), ValueError, "name must be one of 'payment-bad-instance'"),
    (lambda: sl.ChaosExperiment("Bad Name", "T", "D.", fault=OUTAGE), ValueError,
     "name must be a slug of lower-case letters, digits and hyphens; got 'Bad Name'."),
    (lambda: sl.ChaosExperiment("x", "", "D.", fault=OUTAGE), ValueError, "title must be a non-empty string"),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault="outage"), TypeError,
     "fault must be an sl.Fault or a dict of its fields; got 'outage'."),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault={"service": "search"}), TypeError,
     "fault must be a dict of sl.Fault's fields"),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault={**OUTAGE, "end_minute": 45}), ValueError,
     "fault end_minute must be at most the scenario's minutes (30); got 45.0."),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault=OUTAGE, scenario={"minutes": 30, "faults": [OUTAGE]}),
     ValueError, "scenario must be a scenario without faults"),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault=OUTAGE, scenario={"minutes": 241}), ValueError,
     "scenario minutes must be at most 240"),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault=OUTAGE,
                                scenario={"minutes": 60, "requests_per_minute": 20_000}), ValueError,
     "scenario must be at most 1,000,000 requests (minutes × requests_per_minute); got '1,200,000 requests'."),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault=OUTAGE, scenario=[30]), TypeError,
     "scenario must be an sl.Scenario or a dict of its fields"),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault=OUTAGE, min_availability=99.9), ValueError,
     "min_availability must be"),
    (lambda: chaos.probe_availability({"minutes": 30}, -1), ValueError, "seed must be a whole number >= 0"),
    (lambda: chaos.probe_amplification({"minutes": 30}, 6, "checkout"), ValueError,
     "dependency must be one of 'payment', 'search'"),
    (lambda: chaos.inject_fault("outage"), TypeError, "fault must be an sl.Fault or a dict of its fields"),
    (lambda: sl.ChaosExperiment("x", "T", "D.", fault={**OUTAGE, "traffic_share": 0}), ValueError,
     "traffic_share must be a fraction in (0, 1]; got 0."),
    (lambda: sl.run_experiment("search-outage", slo_target=99.9), ValueError,
     "slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999."),
    (lambda: sl.run_experiment("search-outage", window_days=0), ValueError,
     "window_days must be a whole number >= 1"),
    (lambda: chaos.probe_budget_spent({"minutes": 30}, 6, slo_target=1), ValueError,
     "slo_target must be a fraction in (0, 1); got 1."),
    (lambda: sl.save_chaostoolkit("search-outage", folder=3), TypeError,
     "folder must be a folder path (str or pathlib.Path); got 'int'."),
])
def test_bad_input_is_refused_with_a_named_message(call, kind, text):
    with pytest.raises(kind) as exc:
        call()
    assert str(exc.value).startswith(text), str(exc.value)
    assert chaos._ACTIVE_FAULTS == []
