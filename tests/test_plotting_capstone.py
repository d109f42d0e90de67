"""The capstone's views (``sre_lab/plotting/capstone.py``): what each figure holds.

Counts are taken from the core's own tables with plain pandas (incidents per detector,
per preventing lever), the whiskers from ``sl.compare_plans``' quantile columns, the
waterfall's levels from ``sl.roadmap``'s totals: the figure must show those, no more.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.figure  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import sre_lab as sl  # noqa: E402


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    plt.close("all")


def new_ax():
    return matplotlib.figure.Figure(figsize=(9, 8)).add_subplot()


@pytest.fixture(scope="module")
def phase4():
    return sl.simulate_quarter(sl.PHASES[4], seed=0)


@pytest.fixture(scope="module")
def table():
    return sl.compare_plans([sl.PHASES[1], sl.PHASES[2], sl.PHASES[4]], seeds=range(5))


# -- plot_incident_timelines ---------------------------------------------------------------
def test_one_row_per_incident_in_order_of_start_first_at_the_top(phase4):
    ax = sl.plot_incident_timelines(phase4, ax=new_ax())
    by_start = phase4.incidents.sort_values("started")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ticks = list(ax.get_yticks())
    top_down = [label for _, label in sorted(zip(ticks, labels), reverse=True)]
    assert top_down == [f"{i} {s}" for i, s in zip(by_start["id"], by_start["service"])]
    assert len(top_down) == len(phase4.incidents)


def test_three_segments_for_each_incident_that_happened(phase4):
    from sre_lab.plotting.capstone import _SEGMENTS

    ax = sl.plot_incident_timelines(phase4, ax=new_ax())
    happened = phase4.incidents[phase4.incidents["prevented_by"] == ""]
    for column, label, color, hatch in _SEGMENTS:
        mine = [p for p in ax.patches if matplotlib.colors.same_color(p.get_facecolor()[:3], color)
                and p.get_hatch() == hatch]
        assert len(mine) == len(happened)
    # the detect segment runs from the start (1 minute on the log axis) to the detection
    detect = sorted([p for p in ax.patches if p.get_hatch() == "///"], key=lambda p: -p.get_y())
    expected = happened.sort_values("started")["ttd_minutes"].to_numpy()
    assert [p.get_x() + p.get_width() for p in detect] == pytest.approx(np.maximum(expected, 1.0))


def test_who_detected_and_what_prevented_are_marked_as_counted_in_the_table(phase4):
    ax = sl.plot_incident_timelines(phase4, ax=new_ax())
    incidents = phase4.incidents
    counts = incidents["detected_by"].value_counts()
    lines = {line.get_label(): len(line.get_xdata()) for line in ax.get_lines()}
    assert lines["detected by an alert"] == counts.get("alert", 0)
    assert lines["reported by users"] == counts.get("users", 0)
    prevented = incidents["prevented_by"][incidents["prevented_by"] != ""].value_counts()
    assert lines["prevented (no impact)"] == prevented.sum()
    texts = pd.Series([t.get_text() for t in ax.texts])
    words = {"review": "prevented by readiness review", "release_gate": "prevented by release gate",
             "chaos": "prevented by chaos game day"}
    for lever, n in prevented.items():
        assert (texts == words[lever]).sum() == n
    # shape and hatch tell the parts apart, not only colour; the legend names them all
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["detect (TTD)", "acknowledge (TTA)", "repair (to mitigated)",
                      "detected by an alert", "reported by users", "prevented (no impact)"]


def test_the_timeline_reads_from_one_minute_to_three_days_on_a_log_axis():
    result = sl.simulate_quarter(sl.PHASES[1], seed=1)
    ax = sl.plot_incident_timelines(result, ax=new_ax())
    assert ax.get_xscale() == "log" and ax.get_xlim()[0] == 1
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["1 min", "5 min", "15 min", "1 h", "4 h", "1 d", "3 d"][:len(ticks)]
    longest = result.incidents["ttr_minutes"].max()        # the axis reaches the longest incident
    assert ax.get_xlim()[1] > longest and len(ticks) >= 4
    assert ax.get_xlabel() == "minutes from the incident's start (log scale)"
    happened = int((result.incidents["prevented_by"] == "").sum())
    assert happened == len(result.incidents)          # Phase 1 prevents nothing
    assert ax.get_title() == f"Phase 1: ad hoc, seed 1: {happened} incidents reached users, 0 prevented"
    # incidents whose traces were sampled away say so
    undebuggable = (~result.incidents["debuggable"]).sum()
    assert sum(t.get_text().strip() == "no traces" for t in ax.texts) == undebuggable


def test_the_timeline_needs_a_quarter():
    with pytest.raises(TypeError, match="result must be an sl.simulate_quarter"):
        sl.plot_incident_timelines(pd.DataFrame())


# -- plot_plan_comparison ------------------------------------------------------------------
def test_six_panels_a_bar_per_plan_and_the_medians_written(table):
    axes = sl.plot_plan_comparison(table)
    assert [ax.get_title() for ax in axes] == [
        "Time to detect (median)", "Time to recover (median)", "Checkout's error budget used",
        "Purchases lost to incidents", "Churn: their next year's purchases", "Observability bill"]
    for ax, measure in zip(axes, ["ttd_median_minutes", "ttr_median_minutes", "budget_used",
                                  "lost_purchases", "churn_usd", "observability_usd"]):
        assert len(ax.patches) == 3
        widths = sorted((p.get_y(), p.get_width()) for p in ax.patches)[::-1]   # top (first plan) first
        assert [w for _, w in widths] == pytest.approx(list(table[measure]))
        assert ax.get_xlabel()
    texts = [t.get_text() for t in axes[1].texts]
    assert texts == [f"{v:,.0f} min" for v in table["ttr_median_minutes"]]
    assert [t.get_text() for t in axes[4].texts] == [f"${v:,.0f}" for v in table["churn_usd"]]
    assert [t.get_text() for t in axes[0].get_yticklabels()] == list(table.index)


def test_whiskers_are_the_tables_10_to_90_percent_range(table):
    axes = sl.plot_plan_comparison(table, measures=["ttr_median_minutes", "budget_used"])
    for ax, measure in zip(axes, ["ttr_median_minutes", "budget_used"]):
        whiskers = ax.collections[0].get_segments()
        lows = [seg[0][0] for seg in whiskers]
        highs = [seg[1][0] for seg in whiskers]
        assert lows == pytest.approx(list(table[f"{measure}_low"]))
        assert highs == pytest.approx(list(table[f"{measure}_high"]))


def test_the_budget_panel_marks_the_whole_quarters_budget(table):
    ax = sl.plot_plan_comparison(table, measures=["budget_used"])[0]
    one = [line for line in ax.get_lines() if list(line.get_xdata()) == [1.0, 1.0]]
    assert len(one) == 1
    assert any(t.get_text().strip() == "the whole quarter's budget" for t in ax.texts)
    assert [t.get_text() for t in ax.texts if "%" in t.get_text()] == [
        f"{v:.0%}" for v in table["budget_used"]]


def test_the_comparison_draws_into_given_axes_and_checks_its_input(table):
    fig = matplotlib.figure.Figure()
    grid = fig.subplots(2, 2)
    drawn = sl.plot_plan_comparison(table, measures=["incidents", "prevented", "churn_usd"], axes=grid)
    assert len(drawn) == 3 and not grid[1, 1].get_visible()
    with pytest.raises(ValueError, match="measures must be one of"):
        sl.plot_plan_comparison(table, measures=["uptime"])
    with pytest.raises(ValueError, match="axes must be at least 3 Axes"):
        sl.plot_plan_comparison(table, measures=["incidents", "prevented", "churn_usd"], axes=grid[0])
    with pytest.raises(TypeError, match="table must be the non-empty DataFrame"):
        sl.plot_plan_comparison({"incidents": 3})
    with pytest.raises(ValueError, match="table must be a table of sl.compare_plans"):
        sl.plot_plan_comparison(table[["incidents"]], measures=["incidents"])


# -- plot_roadmap --------------------------------------------------------------------------
@pytest.mark.parametrize("size", ["small", "medium"])
def test_the_waterfall_starts_at_phase_1_and_ends_at_the_paths_last_total(size):
    path = sl.roadmap(size, seeds=range(3))
    ax = sl.plot_roadmap(path, ax=new_ax())
    steps = len(path) - 1
    # a bar for Phase 1, two for each step (losses avoided, people cost), one for the end
    assert len(ax.patches) == 2 + 2 * steps
    assert ax.patches[0].get_height() == pytest.approx(path["total_usd"].iloc[0])
    assert ax.patches[-1].get_height() == pytest.approx(path["total_usd"].iloc[-1])
    for i in range(1, steps + 1):
        avoided, people = ax.patches[2 * i - 1], ax.patches[2 * i]
        # the drop starts at the level before the step; the people cost ends at the level after
        assert avoided.get_y() + avoided.get_height() == pytest.approx(path["total_usd"].iloc[i - 1])
        assert people.get_y() + people.get_height() == pytest.approx(path["total_usd"].iloc[i])
        assert people.get_height() == pytest.approx(path["costs_usd"].iloc[i])
        assert avoided.get_hatch() == "//" and people.get_hatch() == ".."
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "Phase 1" and labels[-1] == "final total"
    assert [l.replace("\n", " ") for l in labels[1:-1]] == list(path["step"].iloc[1:])
    assert ax.get_title() == (f"Roadmap for a {size} organisation:\n${path['total_usd'].iloc[0]:,.0f} → "
                              f"${path['total_usd'].iloc[-1]:,.0f} a quarter in {steps} steps")
    assert ax.get_ylabel() == "total cost of the quarter (USD)"


def test_the_roadmap_needs_a_roadmap():
    with pytest.raises(TypeError, match="path must be the DataFrame of sl.roadmap"):
        sl.plot_roadmap(pd.DataFrame({"step": ["Phase 1"]}))


def test_views_on_new_figures_use_pyplot_and_close_cleanly(phase4, table):
    ax = sl.plot_incident_timelines(phase4)
    axes = sl.plot_plan_comparison(table)
    assert ax.figure is not axes[0].figure and len(plt.get_fignums()) == 2
