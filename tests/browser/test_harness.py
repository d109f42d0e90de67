"""The browser harness tested on two tiny notebooks it writes itself.

A passing browser test means something only if the same checks fail on a
broken notebook. ``good`` has a dashboard built like sre_lab's (slider,
checkbox, drop-down, ``.sre-summary``); ``bad`` has an undisplayable widget, a
slider whose readout cannot show its value (``1.00`` for 0.999), a cell that
raises, and a cell after it that Run All never reaches.
"""

from __future__ import annotations

import sys

import nbformat
import pytest

pytestmark = pytest.mark.browser

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

DASHBOARD_CELL = '''\
import ipywidgets as w

def allowed_minutes(slo_target, window_days):
    return round((1 - slo_target) * window_days * 24 * 60, 1)

def make(readout_format):
    target = w.FloatSlider(value=0.999, min=0.99, max=0.9995, step=0.0005,
                           readout_format=readout_format, continuous_update=False,
                           description="SLO target").add_class("sre-control").add_class("sre-control-slo-target")
    days = w.Dropdown(options=[7, 28, 30], value=28, description="window").add_class("sre-control").add_class("sre-control-window-days")
    strict = w.Checkbox(value=False, description="strict").add_class("sre-control").add_class("sre-control-strict")
    summary = w.HTML().add_class("sre-summary")
    error = w.HTML().add_class("sre-error")
    def update(_=None):
        minutes = allowed_minutes(target.value, days.value)
        summary.value = f"Allowed downtime: <b>{minutes} min</b> per {days.value} days" + (" (strict)" if strict.value else "")
    for c in (target, days, strict):
        c.observe(update, "value")
    update()
    return w.VBox([w.HBox([target, days, strict]), summary, error]).add_class("sre-dashboard").add_class("sre-tiny-dashboard")
'''


def _write(path, cells):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [nbformat.v4.new_code_cell(c) if not c.startswith("#") or "\n" in c
                else nbformat.v4.new_markdown_cell(c) for c in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def tiny_oracle(values):
    minutes = round((1 - values["slo-target"]) * values["window-days"] * 24 * 60, 1)
    return [f"Allowed downtime: {minutes} min per {values['window-days']} days"]


def test_harness_passes_what_works_and_catches_what_a_learner_would_see_broken(lab, lab_server):
    # One notebook (one page load, one kernel) keeps this quick: a working
    # dashboard, a second one whose readout cannot show its value, a widget
    # whose model does not exist, a cell that raises, and one Run All never reaches.
    bogus_widget = ("display({'application/vnd.jupyter.widget-view+json': "
                    "{'model_id': 'no-such-model', 'version_major': 2, 'version_minor': 0}, "
                    "'text/plain': 'a widget'}, raw=True)")
    _write(lab_server.root_dir / "_harness" / "harness.ipynb",
           ["# A working dashboard, and broken things", DASHBOARD_CELL, "make('.2%')",
            "make('.2f')", bogus_widget, "1 / 0", "print('never reached')"])
    # The missing model shows "Loading widget..." until the widget manager has
    # asked the kernel, then "Error displaying widget: model not found"; a short
    # wait keeps this test quick and catches either.
    result = lab.run_notebook("_harness/harness.ipynb", widget_timeout_s=2)

    # The kernel is this interpreter (the project's virtual environment).
    assert lab.kernel_eval("import json, sys", "json.dumps(sys.executable)") == sys.executable

    errors = result.error_outputs()
    assert len(errors) == 1 and errors[0].startswith("cell 5: ZeroDivisionError: division by zero")
    assert result.unexecuted_cells() == [6]
    assert any(p.startswith("traceback shown") for p in result.dom_problems)
    assert any(p.startswith(("widgets still", "widget failed")) for p in result.dom_problems), \
        result.dom_problems
    assert result.widget_output_count() == 3
    assert lab.top_widget_views_rendered() == [True, True, False]

    report = lab.exercise_dashboards(result.widget_root_ids(), {"tiny": tiny_oracle})
    assert report["no_oracle"] == []
    # The working dashboard (0): keyboard moves reach the kernel, the summary follows.
    steps = [(s["control"], s["key"], s["value"]) for s in report["steps"][:4]]
    assert steps == [("slo-target", "End", 0.9995), ("slo-target", "ArrowLeft", 0.999),
                     ("window-days", "ArrowDown", 30), ("strict", "Space", True)]
    # 0.1 % of 30 days = 43.2 min (the SRE Workbook's 99.9 % / 30 days figure).
    assert report["steps"][3]["summary"] == "Allowed downtime: 43.2 min per 30 days (strict)"
    # The "1.00" readout of dashboard 1 is caught, and nothing else is.
    assert report["problems"] and all(
        p.startswith("dashboard 1 (tiny)") and "cannot show" in p for p in report["problems"]), \
        report["problems"]
    assert any("readout '1.00' cannot show 0.999 " in p for p in report["problems"])
