"""What a learner really sees: each course notebook run in JupyterLab in Chromium.

For every notebook matched by ``BROWSER_NOTEBOOKS`` (globbed, so new notebooks
are covered as they appear): open it in JupyterLab, Run > Run All Cells, wait
until every cell ran and the kernel is idle, then check

* no cell shows an error (JupyterLab's notebook model has no ``error`` output,
  and no stderr output in the page shows a traceback), every cell ran;
* every widget output rendered (no "Error displaying widget" / "model not
  found", none stuck at "Loading widget...");
* every dashboard (``.sre-dashboard``): slider readouts state the value they
  stand for (an SLO target reads "99.95 %", not "1.00"); moving each slider
  with the keyboard (focus the handle, End, ArrowLeft) and ticking checkboxes
  with Space changes the value in the kernel, and the summary in the page then
  shows what sre_lab's core functions compute for the new setting
  (``dashboard_oracles.py``).

Artefacts (git-ignored), in ``output/browser/``: ``<notebook>.png`` (the whole
notebook after Run All), ``<notebook>__dashboard<k>.png`` (each dashboard after
the keyboard moves) and ``timings.json`` (time to interactive).
"""

from __future__ import annotations

import time
import warnings

import pytest
from .lab_driver import NOTEBOOKS, unavailable
from .dashboard_oracles import ORACLES

pytestmark = pytest.mark.browser

#: Notebooks run in the browser, relative to ``notebooks/`` (glob patterns).
#: Extend this as sections arrive; each costs about 10 s on a 2-core machine.
#: Every course notebook: those at the top and those of every numbered section folder.
BROWSER_NOTEBOOKS = ("[0-9]*.ipynb", "[0-9]*/*.ipynb")


def browser_notebooks() -> list[str]:
    found = []
    for pattern in BROWSER_NOTEBOOKS:
        found += sorted(p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.glob(pattern)
                        if ".ipynb_checkpoints" not in p.parts)
    return found


def _artefact_name(path: str) -> str:
    return path.removesuffix(".ipynb").replace("/", "__")


@pytest.mark.parametrize("path", browser_notebooks() or [None])
def test_notebook_in_browser(path, lab, browser_output, timings):
    if path is None:
        unavailable(f"no notebook matches {BROWSER_NOTEBOOKS} in notebooks/")
    result = lab.run_notebook(path)
    shot = lab.screenshot(browser_output / f"{_artefact_name(path)}.png")
    timings[path] = {
        "time_to_interactive_s": result.time_to_interactive_s,
        "page_ready_s": result.page_ready_s,
        "run_all_s": round(result.executed_s - result.page_ready_s, 2),
        "screenshot": shot.name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }

    # Collect every failure (a learner sees them all at once), then fail once.
    failures = []
    errors = result.error_outputs()
    if errors:
        failures.append("cells raised errors:\n" + "\n\n".join(errors))
    if result.unexecuted_cells():
        failures.append(f"cells Run All did not reach: {result.unexecuted_cells()}")
    if result.dom_problems:
        failures.append("the page shows failures:\n" + "\n".join(result.dom_problems))
    rendered = lab.top_widget_views_rendered()
    if len(rendered) != result.widget_output_count() or not all(rendered):
        failures.append(f"{result.widget_output_count()} widget outputs in the notebook; "
                        f"views in the page rendered: {rendered}")

    report = lab.exercise_dashboards(result.widget_root_ids(), ORACLES)
    timings[path]["keyboard_steps"] = len(report["steps"])
    dashboards = lab.dashboards()
    for k in range(dashboards.count()):   # each dashboard after the keyboard moves
        dashboards.nth(k).screenshot(
            path=str(browser_output / f"{_artefact_name(path)}__dashboard{k}.png"))
    if report["problems"]:
        failures.append("dashboards misbehave:\n" + "\n".join(report["problems"]))
    if report["no_oracle"]:
        warnings.warn(f"{path}: no oracle in tests/browser/dashboard_oracles.py for "
                      f"dashboards {sorted(set(report['no_oracle']))}: only checked that "
                      "their summary changes", stacklevel=1)
    stderr = [t for t in result.stderr_texts() if t.strip()]
    if stderr:
        warnings.warn(f"{path}: stderr shown to the learner: {stderr[0][:300]!r}", stacklevel=1)
    if failures:
        pytest.fail(f"{path} in JupyterLab (screenshot {shot}):\n\n" + "\n\n".join(failures),
                    pytrace=False)
