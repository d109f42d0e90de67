"""Tests of sre_lab.plotting: the course style, label formatting and the plot_* views."""

import datetime as dt
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from sre_lab import formatting, plotting  # noqa: E402
from sre_lab.culture import maturity_stage  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def restore_rc():
    saved = matplotlib.rcParams.copy()
    yield
    matplotlib.rcParams.update(saved)


def test_import_sre_lab_loads_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, sre_lab; "
            "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_plot_names_resolve_lazily_from_the_package():
    import sre_lab as sl

    assert sl.plot_budget_burndown is plotting.plot_budget_burndown
    assert sl.use_course_style is plotting.use_course_style


# -- style --------------------------------------------------------------------
def test_course_style_uses_okabe_ito_with_distinct_dashes(restore_rc):
    plotting.use_course_style()
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    # Okabe & Ito (2008): blue #0072B2, vermillion #D55E00, bluish green #009E73, orange #E69F00
    assert [c.upper() for c in cycle["color"][:4]] == ["#0072B2", "#D55E00", "#009E73", "#E69F00"]
    # the first four lines differ by dash pattern too, not only by colour
    assert len({str(s) for s in cycle["linestyle"][:4]}) == 4


def test_nothing_is_styled_on_import(restore_rc):
    before = matplotlib.rcParams["axes.prop_cycle"]
    code = ("import matplotlib; c = matplotlib.rcParams['axes.prop_cycle']; "
            "import sre_lab.plotting, sre_lab.dashboards; "
            "print(matplotlib.rcParams['axes.prop_cycle'] == c)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    assert matplotlib.rcParams["axes.prop_cycle"] == before


# -- formatting lives in sre_lab.formatting (no matplotlib) ---------------------------------
def test_plotting_reexports_formatting_for_old_callers():
    assert plotting.format_percent is formatting.format_percent
    assert plotting.format_duration is formatting.format_duration


@pytest.mark.parametrize(
    "fraction, text",
    [(0.9995, "99.95 %"), (0.999, "99.9 %"), (0.99, "99 %"), (0.9999, "99.99 %"),
     (0.99999, "99.999 %"), (0.5, "50 %"), (0.0, "0 %"), (1.25, "125 %"), (-0.1, "-10 %")],
)
def test_format_percent(fraction, text):
    assert formatting.format_percent(fraction) == text


def test_format_percent_fixed_digits():
    assert formatting.format_percent(0.5, digits=2) == "50.00 %"
    assert formatting.format_percent(0.99951, digits=2) == "99.95 %"


@pytest.mark.parametrize(
    "duration, text",
    [
        # SRE Workbook: 99.9 % over 30 days allows 43.2 minutes
        (dt.timedelta(minutes=43.2), "43 min 12 s"),
        (dt.timedelta(days=15), "15 d"),
        (dt.timedelta(days=3, hours=4, minutes=5), "3 d 4 h"),
        (dt.timedelta(hours=2, minutes=5), "2 h 5 min"),
        (51.84, "52 s"),
        (0, "0 s"),
        (0.4, "0.4 s"),
    ],
)
def test_format_duration(duration, text):
    assert formatting.format_duration(duration) == text


def test_format_duration_rejects_negative():
    with pytest.raises(ValueError, match=r"^duration must be a number >= 0; got -5\.$"):
        formatting.format_duration(-5)


def test_format_percent_rejects_text():
    with pytest.raises(TypeError, match=r"^fraction must be a finite number; got '99\.9'\.$"):
        formatting.format_percent("99.9")


# -- plot_* -------------------------------------------------------------------
DAYS = pd.date_range("2026-10-05", periods=5, freq="D", tz="UTC")


def _labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_plot_sli_draws_targets_as_distinct_lines():
    sli = pd.Series([0.9995, 0.998, 0.9999, 0.9991, 0.9990], index=DAYS)
    ax = plotting.plot_sli(sli, slo_target=0.999, sla_target=0.995)
    assert ax.get_title()
    assert ax.get_ylabel() == "SLI (good / valid events)"
    assert ax.get_xlabel() == "time (UTC)"
    assert _labels(ax) == ["measured SLI", "SLO 99.9 %", "SLA 99.5 %"]
    sli_line, slo_line, sla_line = ax.get_lines()
    np.testing.assert_allclose(sli_line.get_ydata(), sli.to_numpy())
    assert slo_line.get_ydata()[0] == 0.999 and sla_line.get_ydata()[0] == 0.995
    assert len({sli_line.get_linestyle(), slo_line.get_linestyle(), sla_line.get_linestyle()}) == 3


def test_plot_sli_uses_the_given_axes():
    fig, ax = plt.subplots()
    assert plotting.plot_sli(pd.Series([0.99, 0.999]), ax=ax) is ax
    assert len(fig.axes) == 1


def test_plot_sli_rejects_a_list():
    with pytest.raises(TypeError, match=r"^sli must be a pandas Series of fractions; got 'list'\.$"):
        plotting.plot_sli([0.99, 0.999])


def test_plot_sli_rejects_percent_targets():
    with pytest.raises(ValueError, match=r"Write 99\.9% as 0\.999\.$"):
        plotting.plot_sli(pd.Series([0.99]), slo_target=99.9)


def test_plot_budget_burndown_even_spend_and_overspend():
    remaining = pd.Series([1.0, 0.7, 0.2, -0.3, -0.5], index=DAYS)
    ax = plotting.plot_budget_burndown(remaining, decision_time=DAYS[2])
    assert ax.get_ylabel() == "error budget remaining"
    assert ax.get_title() == "Error budget burn-down"
    labels = _labels(ax)
    assert labels[:3] == ["budget remaining", "even spend (burn rate 1)", "budget exhausted"]
    assert "overspent" in labels and "decision" in labels
    even = ax.get_lines()[1]
    # the even-spend line goes from the whole budget at the start to none at the end
    assert list(even.get_ydata()) == [1.0, 0.0]
    # the y range shows the overspend
    assert ax.get_ylim()[0] <= -0.5


def test_plot_budget_burndown_without_overspend_has_no_fill():
    remaining = pd.Series([1.0, 0.9, 0.8, 0.75, 0.7], index=DAYS)
    ax = plotting.plot_budget_burndown(remaining)
    assert "overspent" not in _labels(ax)


def test_plot_maturity_bars_match_the_result():
    result = maturity_stage(["dashboards", "paging", "incident_records", "slos_defined"])
    ax = plotting.plot_maturity(result)
    widths = [p.get_width() for p in ax.patches]
    # first three bars: practices asked (3 each); next three: practices in place
    assert widths == [3, 3, 3, 3, 1, 0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Reactive  ◀ you", "Proactive", "Predictive"]
    assert ax.get_title() == "Self-assessment: Reactive stage"
    # bars in place are hatched, so they differ from "asked" without colour
    assert ax.patches[3].get_hatch() == ".." and ax.patches[0].get_hatch() is None
    assert to_hex(ax.patches[3].get_facecolor()).upper() == "#0072B2"


def test_plot_budget_burndown_window_levels_and_decision_label():
    days = pd.date_range("2026-10-05", periods=10, freq="D", tz="UTC")
    remaining = pd.Series(np.linspace(1.0, 0.4, 10), index=days)
    start, end = days[0], days[0] + pd.Timedelta(days=28)
    ax = plotting.plot_budget_burndown(remaining, window=(start, end), decision_time=days[-1],
                                       decision_label="Friday's decision",
                                       levels={"slow down below 25 %": 0.25})
    even = ax.get_lines()[1]
    # the even pace reaches 0 at the END of the window, not at the end of the data
    assert [matplotlib.dates.num2date(x) for x in matplotlib.dates.date2num(even.get_xdata())] \
        == [start.to_pydatetime(), end.to_pydatetime()]
    assert ax.get_xlim() == tuple(matplotlib.dates.date2num([start, end]))
    labels = _labels(ax)
    assert "slow down below 25 %" in labels and "Friday's decision" in labels


def test_plot_budget_burndown_thins_long_series_but_keeps_the_ends():
    idx = pd.date_range("2026-10-05", periods=40_320, freq="min", tz="UTC")
    remaining = pd.Series(np.linspace(1.0, -0.2, len(idx)), index=idx)
    line = plotting.plot_budget_burndown(remaining).get_lines()[0]
    y = line.get_ydata()
    assert len(y) <= 2001
    assert y[0] == 1.0 and y[-1] == pytest.approx(-0.2)


def test_plot_traffic_shades_each_weekend():
    hours = pd.date_range("2026-10-05", periods=28 * 24, freq="h", tz="UTC")
    ax = plotting.plot_traffic(pd.Series(1000.0, index=hours, name="requests"),
                               title="Checkout: requests per hour")
    # 5 Oct 2026 is a Monday: weekends start on the 10th, 17th, 24th and 31st
    spans = [p for p in ax.patches]
    assert len(spans) == 4
    assert ax.get_ylabel() == "requests per hour" and ax.get_xlabel() == "time (UTC)"
    assert _labels(ax) == ["requests", "weekend"]
    assert ax.get_xticklabels()[0].get_text() == "Mon 05 Oct"


def test_plot_traffic_needs_a_time_index():
    with pytest.raises(TypeError, match=r"^counts must be a pandas Series indexed by time; got 'list'\.$"):
        plotting.plot_traffic([1, 2, 3])


# -- layout of the layers (issue 8 item 8) --------------------------------------------
def _imports(path):
    """``(module, name)`` pairs of every ``from ... import name`` in a file, relative levels kept."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                yield "." * node.level + (node.module or ""), alias.name


def test_layers_import_one_way_and_no_private_core_names():
    """dashboards -> plotting -> core -> _validation/_windows; private names stay in their module."""
    from pathlib import Path

    root = Path(plotting.__file__).parent.parent
    shared = (".._validation", ".._windows")          # the internals every layer may use
    for layer, forbidden in (("plotting", ("..dashboards",)), ("dashboards", ())):
        for path in sorted((root / layer).glob("*.py")):
            for module, name in _imports(path):
                assert module not in forbidden, (path.name, module)
                same_package = module.startswith(".") and not module.startswith("..")
                if name.startswith("_") and not (same_package or module in shared):
                    raise AssertionError(f"{layer}/{path.name} imports {name} from {module}")
    assert list(_imports_of("from ..policy import _check_policy")) == [("..policy", "_check_policy")]


def _imports_of(code):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.py"
        path.write_text(code)
        return list(_imports(path))
