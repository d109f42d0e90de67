"""Views of 06_observability_driven_dev/3* (sre_lab/plotting/chaos.py): they draw what they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import sre_lab as sl  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def outage_run():
    return sl.simulate_requests({"minutes": 6, "faults": [
        {"service": "payment", "kind": "outage", "start_minute": 2, "end_minute": 4}]}, rng=7)


def test_amplification_lines_are_k_to_the_l_on_a_log_axis():
    table = pd.DataFrame({3: [3, 9, 27]}, index=[1, 2, 3])
    budget = pd.Series([1.1, 1.21, 1.331], index=[1, 2, 3], name="budget")
    ax = sl.plot_retry_amplification(table, budget=budget)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["3 attempts per layer", "budget"]
    assert lines[0].get_ydata().tolist() == [3, 9, 27]
    assert ax.get_yscale() == "log" and ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert lines[0].get_linestyle() != lines[1].get_linestyle()      # not colour alone


def test_retry_arrivals_counts_per_bin_and_names_the_peak():
    # Three retries at 100 ms land in one 50 ms bin; the jittered ones spread out.
    ax = sl.plot_retry_arrivals({"no jitter": [100, 100, 100], "full jitter": [10, 60, 110]}, bin_ms=50)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["no jitter (peak 3 in 50 ms)", "full jitter (peak 1 in 50 ms)"]


def test_breaker_states_marks_each_call_once():
    b = sl.CircuitBreaker(0.5, "count", 4, 4, 3.0, 2)
    states = sl.breaker_states([0, 1, 0, 1, 0, 0, 1, 0, 0], breaker=b)
    ax = sl.plot_breaker_states(states)
    counts = [len(c.get_offsets()) for c in ax.collections]
    assert sum(counts) == len(states)
    # ok, failed, rejected: by hand from the docstring's sequence 'ccccoohhoohhc'[:9]
    assert counts == [int((states.permitted & ~states.failed).sum()),
                      int((states.permitted & states.failed).sum()), int((~states.permitted).sum())]


def test_load_vs_capacity_draws_sent_per_second_the_capacity_and_the_fault(outage_run):
    ax = sl.plot_load_vs_capacity({"plain": outage_run})
    line = ax.get_lines()[0]
    assert np.allclose(line.get_ydata(), outage_run.sli["payment_sent"] / 60)
    assert any(np.allclose(l.get_ydata(), outage_run.scenario.capacity_rps["payment"])
               for l in ax.get_lines()[1:])
    assert any("outage in payment" in t.get_text() for t in ax.get_legend().get_texts())


def test_availability_by_minute_uses_the_given_axes(outage_run):
    _, ax = plt.subplots()
    assert sl.plot_availability_by_minute(outage_run, ax=ax) is ax
    assert np.allclose(ax.get_lines()[0].get_ydata(), outage_run.sli["availability"])


def test_chaos_verdicts_write_held_or_deviated():
    runs = [sl.run_experiment("search-outage"), sl.run_experiment("search-outage-fallback")]
    ax = sl.plot_chaos_verdicts(runs)
    assert [t.get_text() for t in ax.texts] == ["deviated", "held"]


@pytest.mark.parametrize("call", [
    lambda: sl.plot_retry_amplification([1, 2, 3]),
    lambda: sl.plot_retry_arrivals([1, 2]),
    lambda: sl.plot_breaker_states(pd.DataFrame({"x": [1]})),
    lambda: sl.plot_load_vs_capacity({"a": 1}),
    lambda: sl.plot_availability_by_minute(None),
    lambda: sl.plot_chaos_verdicts(["search-outage"]),
])
def test_wrong_input_is_a_type_error(call):
    with pytest.raises(TypeError):
        call()
