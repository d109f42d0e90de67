"""Drive one JupyterLab notebook page like a learner, and inspect what it shows.

Used by the browser tests through the ``lab`` fixture (``conftest.py``). The
learner's actions go through the real UI: the *Run* menu's "Run All Cells"
(``runmenu:run-all``) and the keyboard on the dashboards' controls. What the
page shows is read from the DOM; *why* is read from JupyterLab's own notebook
model (exposed with ``--LabApp.expose_app_in_browser``) and, for the widgets'
true values, from the kernel itself through a second client on the same
kernel (silent executions: no new cells, no execution counts, no outputs).
It also holds what the fixtures and tests share: paths, Chromium flags, and
the skip-or-fail rule. Playwright is imported by the fixtures, never here, so
importing this module (e.g. under ``--doctest-modules``) needs no browser.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# -- where things are, and what to do without a browser -------------------------------------
REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
OUTPUT = Path(os.environ.get("SRE_LAB_BROWSER_OUTPUT") or REPO / "output" / "browser")

#: Chromium flags of the recipe: no sandbox (root in containers), no GPU, no
#: background traffic (updates, sync, field trials): the test runs offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
]


def ci_is_set() -> bool:
    """True when the ``CI`` environment variable is set to a true-ish value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Skip with ``reason`` locally; fail when ``CI`` is set."""
    if ci_is_set():
        pytest.fail(f"{reason}. CI is set, so this is a failure, not a skip: "
                    "the browser tests must run in CI (.ci/run installs chromium).",
                    pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """Path of a Chromium executable, or ``None``.

    ``SRE_LAB_CHROMIUM``, when set, is the only candidate (so a wrong path is
    reported instead of silently replaced).
    """
    if os.environ.get("SRE_LAB_CHROMIUM"):
        candidates = [os.environ["SRE_LAB_CHROMIUM"]]
    else:
        candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# -- JavaScript run in the page ---------------------------------------------------------
_JS_PANEL = "const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;"

#: Counts execute requests sent and replies received on the notebook's kernel.
_JS_COUNT_EXECUTIONS = _JS_PANEL + """
const kernel = panel.sessionContext.session.kernel;
window.__sreExec = {sent: 0, replies: 0};
kernel.anyMessage.connect((_, args) => {
  const type = args.msg.header.msg_type;
  if (args.direction === 'send' && type === 'execute_request') window.__sreExec.sent++;
  if (args.direction === 'recv' && type === 'execute_reply') window.__sreExec.replies++;
});
return true;
"""

_JS_KERNEL_IDLE = "() => {" + _JS_PANEL + """
  if (!panel || !panel.sessionContext || !panel.content || !panel.content.model) return false;
  const session = panel.sessionContext.session;
  return !!(session && session.kernel && session.kernel.status === 'idle'
            && panel.content.widgets.length > 0);
}"""

#: True once Run All has finished: every request answered (ipykernel answers
#: the requests queued behind a failing cell with "aborted"), no "[*]" prompt
#: left, kernel idle.
_JS_RUN_FINISHED = "() => {" + _JS_PANEL + """
  const exec = window.__sreExec;
  if (!panel || !exec || exec.sent === 0 || exec.replies < exec.sent) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const prompts = panel.node.querySelectorAll('.jp-InputArea-prompt');
  return ![...prompts].some(p => p.textContent.includes('*'));
}"""

#: Widget outputs of the cells (not those inside Output widgets): the widget
#: renderer is the output without a ``data-mime-type`` (every other renderer
#: has one); it says "Loading widget..." until the view exists.
_JS_WIDGET_OUTPUTS = """
const widgetOutputs = [...panel.node.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])')]
  .filter(v => !v.parentElement.closest('.widget-output'));
"""

_JS_WIDGETS_SETTLED = "() => {" + _JS_PANEL + _JS_WIDGET_OUTPUTS + """
  if (widgetOutputs.some(v => /^\\s*Loading widget/.test(v.textContent))) return false;
  return [...panel.node.querySelectorAll('img')].every(img => img.complete);
}"""

#: The notebook as JupyterLab holds it: cells, execution counts, outputs.
_JS_NOTEBOOK_MODEL = _JS_PANEL + """
return panel.content.widgets.map((cell, index) => {
  const model = cell.model;
  const item = {index, type: model.type, source: model.sharedModel.getSource(),
                execution_count: model.type === 'code' ? model.executionCount : null,
                outputs: []};
  if (model.type === 'code') {
    for (let i = 0; i < model.outputs.length; i++) item.outputs.push(model.outputs.get(i).toJSON());
  }
  return item;
});
"""

#: What the learner sees that signals a failure, read from the DOM.
_JS_DOM_PROBLEMS = _JS_PANEL + """
const problems = [];
const text = el => (el.innerText || el.textContent || '').trim();
for (const el of panel.node.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
  if (/Traceback|Error:/.test(text(el))) problems.push('traceback shown: ' + text(el).slice(0, 400));
}
for (const el of panel.node.querySelectorAll('.jp-OutputArea-output')) {
  const t = text(el);
  if (/Error displaying widget|model not found/i.test(t)) problems.push('widget failed: ' + t.slice(0, 200));
}
for (const el of panel.node.querySelectorAll('.sre-error')) {
  if (el.offsetParent !== null && text(el)) problems.push('dashboard error line: ' + text(el).slice(0, 400));
}
return problems;
"""

_JS_TOP_WIDGET_VIEWS = _JS_PANEL + _JS_WIDGET_OUTPUTS + """
return widgetOutputs.map(v => !!v.querySelector('.jupyter-widgets')
                              && !/Error displaying widget|Loading widget/.test(v.textContent));
"""

_JS_SCROLL_HEIGHT = _JS_PANEL + """
const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
const rect = outer.getBoundingClientRect();
return {top: rect.top, scrollHeight: outer.scrollHeight, clientHeight: outer.clientHeight};
"""

# -- code run (silently) in the kernel ------------------------------------------------------
_KERNEL_PROBE_DEF = r'''
def __sre_browser_probe(root_ids):
    """Dashboards under the displayed widgets, in display order (JSON text)."""
    import json
    try:
        from ipywidgets.widgets.widget import _instances
    except ImportError:  # older ipywidgets
        from ipywidgets import Widget
        _instances = Widget.widgets

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()) or ():
            yield from walk(child)

    def plain(value):
        if isinstance(value, (bool, int, float, str)) or value is None:
            return value
        if isinstance(value, (tuple, list)):
            return [plain(v) for v in value]
        if hasattr(value, "isoformat"):   # dates, pandas Timestamps
            return value.isoformat()
        return repr(value)

    found = []
    for model_id in root_ids:
        root = _instances.get(model_id)
        if root is None:
            continue
        for widget in walk(root):
            classes = list(getattr(widget, "_dom_classes", ()))
            if "sre-dashboard" not in classes:
                continue
            controls, summary, error = [], None, None
            for part in walk(widget):
                part_classes = list(getattr(part, "_dom_classes", ()))
                if "sre-summary" in part_classes and summary is None:
                    summary = part.value
                elif "sre-error" in part_classes and error is None:
                    error = part.value
                names = [c[len("sre-control-"):] for c in part_classes
                         if c.startswith("sre-control-")]
                if names:
                    info = {"name": names[0], "model": part._model_name,
                            "description": getattr(part, "description", ""),
                            "value": plain(part.value), "disabled": bool(getattr(part, "disabled", False))}
                    for key in ("min", "max", "step", "readout_format", "index", "label"):
                        if hasattr(part, key):
                            info[key] = plain(getattr(part, key))
                    if hasattr(part, "options"):
                        info["options"] = [plain(getattr(part, "_options_values", part.options)[i])
                                           for i in range(len(part.options))]
                        info["labels"] = list(getattr(part, "_options_labels", ()))
                    controls.append(info)
            found.append({"classes": classes, "controls": controls,
                          "summary": summary, "error": error})
    return json.dumps(found)
'''


def strip_ansi(text: str) -> str:
    """Text without terminal colour codes (tracebacks carry them).

    >>> strip_ansi("\\x1b[0;31mZeroDivisionError\\x1b[0m: division by zero")
    'ZeroDivisionError: division by zero'
    """
    return _ANSI.sub("", text)


def parse_readout(text: str) -> tuple[float, float] | None:
    """The number a slider readout shows, as a fraction when it ends in ``%``, and
    the resolution (one unit of its last digit, same scale); ``None`` if no number.

    >>> parse_readout("99.95 %")
    (0.9995, 0.0001)
    >>> parse_readout("1.00")
    (1.0, 0.01)
    >>> parse_readout("30")
    (30.0, 1.0)
    >>> parse_readout("fast") is None
    True
    """
    match = re.search(r"[-+]?\d[\d,]*(?:\.(\d+))?", text)
    if match is None:
        return None
    number = float(match.group(0).replace(",", ""))
    resolution = 10.0 ** -len(match.group(1) or "")
    if "%" in text[match.end():]:
        number, resolution = number / 100.0, resolution / 100.0
    return round(number, 12), round(resolution, 12)


def readout_problem(readout: str, control: dict) -> str | None:
    """Why a slider's readout does not tell the learner its value, or ``None``.

    The readout must show the control's value (a selection slider: its label,
    which must itself state the value when the options are numbers) with a
    resolution fine enough that neighbouring settings read differently.

    >>> readout_problem("1.00", {"model": "FloatSliderModel", "value": 0.999, "step": 0.0005})
    "readout '1.00' cannot show 0.999 (resolution 0.01 > step 0.0005)"
    >>> readout_problem("99.90 %", {"model": "FloatSliderModel", "value": 0.999, "step": 0.0005}) is None
    True
    >>> readout_problem("99.95 %", {"model": "SelectionSliderModel", "value": 0.9995,
    ...                             "label": "99.95 %", "options": [0.999, 0.9995]}) is None
    True
    """
    shown = readout.strip()
    if control["model"] == "SelectionSliderModel":
        if shown != str(control.get("label", "")).strip():
            return f"readout {shown!r} differs from the selected label {control.get('label')!r}"
        value = control["value"]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parsed = parse_readout(shown)
            if parsed is None or abs(parsed[0] - value) > parsed[1] / 2 + 1e-12:
                return f"readout {shown!r} does not state the value {value!r}"
        return None
    value, step = control["value"], control.get("step")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None  # range sliders etc.: not checked here
    parsed = parse_readout(shown)
    if parsed is None:
        return f"readout {shown!r} shows no number for the value {value!r}"
    number, resolution = parsed
    if abs(number - value) > resolution / 2 + 1e-9 * max(1.0, abs(value)):
        return f"readout {shown!r} does not show the value {value!r}"
    if step and resolution > step * (1 + 1e-9):
        return (f"readout {shown!r} cannot show {value!r} "
                f"(resolution {resolution:g} > step {step:g})")
    return None


# -- keyboard on the dashboards -------------------------------------------------------------
SLIDER_MODELS = ("FloatSliderModel", "IntSliderModel", "SelectionSliderModel")


def _normal(text: str) -> str:
    return " ".join((text or "").replace("\xa0", " ").split())


def html_text(markup: str | None) -> str:
    """An HTML widget's text as the DOM's ``textContent`` has it, whitespace collapsed.

    >>> html_text("Budget: <b>43.2&nbsp;min</b> <i>left</i>")
    'Budget: 43.2 min left'
    """
    text = html.unescape(re.sub(r"<[^>]*>", "", markup or ""))
    return _normal(text.replace("\xa0", " "))


def dashboard_name(classes: list[str]) -> str:
    """``"release-gate"`` from the classes ``["sre-dashboard", "sre-release-gate-dashboard"]``.

    >>> dashboard_name(["widget-vbox", "sre-dashboard", "sre-release-gate-dashboard"])
    'release-gate'
    """
    for css in classes:
        if css != "sre-dashboard" and css.startswith("sre-") and css.endswith("-dashboard"):
            return css[len("sre-"):-len("-dashboard")]
    return "?"


def expected_after_key(control: dict, key: str):
    """The value a control must take after ``key`` (``None``: not predictable).

    >>> expected_after_key({"model": "IntSliderModel", "value": 5, "min": 0, "max": 10, "step": 2}, "End")
    10
    >>> expected_after_key({"model": "SelectionSliderModel", "value": 0.99, "index": 2,
    ...                     "options": [0.9, 0.95, 0.99, 0.999]}, "ArrowLeft")
    0.95
    >>> expected_after_key({"model": "CheckboxModel", "value": False}, " ")
    True
    """
    model, value = control["model"], control["value"]
    if model == "CheckboxModel":
        return not value
    if model in ("SelectionSliderModel", "DropdownModel", "ToggleButtonsModel"):
        options, index = control["options"], control["index"]
        if model == "ToggleButtonsModel":   # Enter on the next button (wrapping)
            return options[(index + 1) % len(options)]
        target = {"End": len(options) - 1, "Home": 0, "ArrowRight": index + 1,
                  "ArrowLeft": index - 1, "ArrowDown": index + 1, "ArrowUp": index - 1}[key]
        return options[min(max(target, 0), len(options) - 1)]
    if model in ("FloatSliderModel", "IntSliderModel"):
        low, high, step = control["min"], control["max"], control["step"]
        target = {"End": high, "Home": low, "ArrowRight": value + step,
                  "ArrowLeft": value - step}[key]
        return min(max(target, low), high)
    return None


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    return a == b


def _exercise_plan(controls: list[dict], max_checkboxes: int) -> list[tuple[dict, str]]:
    plan, boxes = [], 0
    for control in controls:
        if control["disabled"]:
            continue
        if control["model"] in SLIDER_MODELS:
            plan += [(control, "End"), (control, "ArrowLeft")]
        elif control["model"] == "CheckboxModel" and boxes < max_checkboxes:
            plan.append((control, " "))
            boxes += 1
        elif control["model"] == "DropdownModel":
            last = control["index"] == len(control["options"]) - 1
            plan.append((control, "ArrowUp" if last else "ArrowDown"))
        elif control["model"] == "ToggleButtonsModel" and len(control["options"]) > 1:
            plan.append((control, "Enter"))
    return plan


def _focus_target(root, control: dict):
    css = f".sre-control-{control['name']}"
    if control["model"] in SLIDER_MODELS:
        return root.locator(f"{css} .noUi-handle").first
    if control["model"] == "CheckboxModel":
        return root.locator(f"{css} input[type=checkbox]").first
    if control["model"] == "ToggleButtonsModel":
        following = (control["index"] + 1) % len(control["options"])
        return root.locator(f"{css} button").nth(following)
    return root.locator(f"{css} select").first



@dataclass
class RunResult:
    """What Run All produced in one notebook."""

    path: str
    page_ready_s: float
    executed_s: float
    time_to_interactive_s: float
    cells: list = field(default_factory=list)
    dom_problems: list = field(default_factory=list)

    def error_outputs(self) -> list[str]:
        """``"cell 3: ZeroDivisionError: division by zero"`` per error output."""
        found = []
        for cell in self.cells:
            for output in cell["outputs"]:
                if output.get("output_type") == "error":
                    tb = strip_ansi("\n".join(output.get("traceback", [])))
                    found.append(f"cell {cell['index']}: {output.get('ename')}: "
                                 f"{output.get('evalue')}\n{tb[-1500:]}")
        return found

    def unexecuted_cells(self) -> list[int]:
        return [c["index"] for c in self.cells if c["type"] == "code"
                and c["source"].strip() and c["execution_count"] is None]

    def widget_output_count(self) -> int:
        return sum(WIDGET_MIME in output.get("data", {})
                   for cell in self.cells for output in cell["outputs"])

    def widget_root_ids(self) -> list[str]:
        return [output["data"][WIDGET_MIME]["model_id"]
                for cell in self.cells for output in cell["outputs"]
                if WIDGET_MIME in output.get("data", {})]

    def stderr_texts(self) -> list[str]:
        return ["".join(output.get("text", "")) if isinstance(output.get("text"), list)
                else output.get("text", "")
                for cell in self.cells for output in cell["outputs"]
                if output.get("output_type") == "stream" and output.get("name") == "stderr"]


class LabPage:
    """One notebook page of JupyterLab in a Playwright ``page``."""

    def __init__(self, server, page, *, workspace: str):
        self.server = server
        self.page = page
        self.workspace = workspace
        self.path: str | None = None
        self._client = None
        self._probe_defined = False
        self.console_errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text[:300]))
        page.on("pageerror", lambda e: self.console_errors.append(f"page error: {e}"[:300]))

    # -- learner actions ------------------------------------------------------------------
    def run_notebook(self, path: str, *, timeout_s: float = 90.0,
                     widget_timeout_s: float = 20.0) -> RunResult:
        """Open ``path`` (relative to the server root), Run All Cells, wait until done.

        Done: every cell ran (or Run All stopped at an error), the kernel is
        idle, and every widget output shows its view, an error, or still
        "Loading widget..." after ``widget_timeout_s`` (reported as a problem).
        """
        self.path = path
        start = time.monotonic()
        self.page.goto(self.server.lab_url(path, workspace=self.workspace),
                       wait_until="domcontentloaded", timeout=timeout_s * 1e3)
        self._wait("() => !!document.querySelector('.jp-NotebookPanel .jp-Cell')",
                   timeout_s, "the notebook to render")
        self._wait(_JS_KERNEL_IDLE, timeout_s - (time.monotonic() - start), "the kernel to be idle")
        page_ready = time.monotonic() - start
        self.page.evaluate("() => {" + _JS_COUNT_EXECUTIONS + "}")
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        self._wait(_JS_RUN_FINISHED, timeout_s - (time.monotonic() - start),
                   "Run All Cells to finish")
        executed = time.monotonic() - start
        problems = []
        try:
            self.page.wait_for_function(_JS_WIDGETS_SETTLED, timeout=widget_timeout_s * 1e3,
                                        polling=100)
        except Exception:  # playwright's TimeoutError
            problems.append(f"widgets still 'Loading widget...' {widget_timeout_s:g} s "
                            "after the last cell ran")
        interactive = time.monotonic() - start
        return RunResult(path=path, page_ready_s=round(page_ready, 2),
                         executed_s=round(executed, 2),
                         time_to_interactive_s=round(interactive, 2),
                         cells=self.notebook_model(), dom_problems=problems + self.dom_problems())

    def _wait(self, js: str, timeout_s: float, what: str) -> None:
        """``page.wait_for_function`` that says what the page showed when it gives up."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(js, timeout=max(1.0, timeout_s) * 1e3, polling=100)
        except PlaywrightTimeout:
            dialog = self.page.locator(".jp-Dialog")
            shown = dialog.first.inner_text()[:500] if dialog.count() else "(no dialog)"
            raise AssertionError(
                f"{self.path}: gave up waiting for {what}. Dialog: {shown}\n"
                f"Browser console errors: {self.console_errors[-5:]}\n"
                f"Server log (end):\n{self.server.log_tail(2000)}") from None

    def notebook_model(self) -> list[dict]:
        return self.page.evaluate("() => {" + _JS_NOTEBOOK_MODEL + "}")

    def dom_problems(self) -> list[str]:
        return self.page.evaluate("() => {" + _JS_DOM_PROBLEMS + "}")

    def top_widget_views_rendered(self) -> list[bool]:
        return self.page.evaluate("() => {" + _JS_TOP_WIDGET_VIEWS + "}")

    def dashboards(self):
        """Locators of the dashboards the notebook shows (outside Output widgets), in order."""
        panel = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        return panel.locator(".sre-dashboard:not(.widget-output .sre-dashboard)")

    def screenshot(self, path: Path, *, max_height_px: int = 60000) -> Path:
        """Full-notebook screenshot: grow the viewport to the notebook's height first."""
        # Scroll the notebook to its top first: after Run All it shows the last cell,
        # and growing the viewport alone keeps that offset.
        self.page.evaluate("() => {" + _JS_PANEL + """
            const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer')
                          || panel.content.node;
            outer.scrollTop = 0; outer.dispatchEvent(new Event('scroll'));}""")
        self.page.wait_for_timeout(300)
        geometry = self.page.evaluate("() => {" + _JS_SCROLL_HEIGHT + "}")
        viewport = self.page.viewport_size
        extra = viewport["height"] - geometry["clientHeight"]
        height = int(min(max_height_px, geometry["scrollHeight"] + extra + 8))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.page.set_viewport_size({"width": viewport["width"], "height": max(height, 400)})
            self.page.wait_for_timeout(400)   # relayout
            self.page.wait_for_function(
                "() => [...document.querySelectorAll('img')].every(i => i.complete)", timeout=10_000)
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(viewport)
        return path

    # -- the kernel's view -----------------------------------------------------------------
    def _kernel_client(self):
        if self._client is None:
            from jupyter_client import BlockingKernelClient

            client = BlockingKernelClient()
            client.load_connection_file(str(self.server.connection_file(self.path)))
            client.start_channels(shell=True, iopub=False, stdin=False, hb=False)
            self._client = client
        return self._client

    def kernel_eval(self, code: str, expression: str, *, timeout_s: float = 20.0):
        """Run ``code`` silently in the notebook's kernel; return ``expression``'s value
        (a JSON string in the kernel, decoded here)."""
        client = self._kernel_client()
        msg_id = client.execute(code, silent=True, store_history=False,
                                user_expressions={"result": expression})
        deadline = time.monotonic() + timeout_s
        while True:
            reply = client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError(f"kernel probe failed: {content.get('ename')}: {content.get('evalue')}")
        result = content["user_expressions"]["result"]
        if result["status"] != "ok":
            raise RuntimeError(f"kernel probe failed: {result.get('ename')}: {result.get('evalue')}")
        return json.loads(ast.literal_eval(result["data"]["text/plain"]))

    def kernel_dashboards(self, root_ids: list[str]) -> list[dict]:
        """Controls, summary and error line of every dashboard, from the kernel."""
        code = "" if self._probe_defined else _KERNEL_PROBE_DEF
        found = self.kernel_eval(code, f"__sre_browser_probe({list(root_ids)!r})")
        self._probe_defined = True
        return found

    # -- keyboard on the dashboards -----------------------------------------------------
    def exercise_dashboards(self, root_ids: list[str], oracles: dict, *, max_checkboxes: int = 2,
                            drive: bool = True, timeout_s: float = 15.0) -> dict:
        """Check every dashboard's readouts, then drive its controls with the keyboard.

        Sliders: focus the handle, press End, then ArrowLeft; checkboxes (at most
        ``max_checkboxes``): Space; toggle buttons: Enter on the next button;
        drop-downs: pick the next option (headless Chromium's closed
        ``<select>`` ignores arrow keys). After each key the
        kernel must hold the value the key means, and the summary in the page must
        show what ``oracles[name](values)`` computes with sre_lab (a list of texts
        it must contain), or, for a dashboard without an oracle, change at least
        once. ``drive=False`` only checks the readouts and the first summary.
        Returns ``{"problems": [...], "steps": [...], "no_oracle": [...]}``.
        """
        report = {"problems": [], "steps": [], "no_oracle": []}
        problems = report["problems"]
        kernel = self.kernel_dashboards(root_ids)
        roots = self.dashboards()
        if roots.count() != len(kernel):
            problems.append(f"{roots.count()} dashboards in the page but {len(kernel)} in the kernel")
            return report
        for k, info in enumerate(kernel):
            name = dashboard_name(info["classes"])
            root = roots.nth(k)
            root.scroll_into_view_if_needed()
            label = f"dashboard {k} ({name})"
            if info["summary"] is None:
                problems.append(f"{label}: no .sre-summary widget")
                continue
            summary = root.locator(".sre-summary").first
            oracle = oracles.get(name)
            if oracle is None:
                report["no_oracle"].append(name)

            def values_of(dashboard):
                return {c["name"]: c["value"] for c in dashboard["controls"]}

            def check_summary(dashboard, what):
                """Wait for the page's summary to show sre_lab's result for the controls'
                values, and to equal the kernel's summary; return (text, last probe).

                The kernel may answer a probe while a dashboard is still
                recomputing (the control already holds its new value, the
                summary not yet), so both conditions are polled.
                """
                values = values_of(dashboard)
                wanted = [_normal(t) for t in oracle(values)] if oracle is not None else []
                deadline = time.monotonic() + timeout_s
                while True:
                    shown = _normal(summary.text_content())
                    missing = [t for t in wanted if t not in shown]
                    if not missing:
                        dashboard = self.kernel_dashboards(root_ids)[k]
                        in_kernel = html_text(dashboard["summary"])
                        if shown == in_kernel:
                            return shown, dashboard
                    if time.monotonic() > deadline:
                        if missing:
                            problems.append(f"{label}, {what}: summary should contain {missing} "
                                            f"(sre_lab for {values}); it shows {shown!r}")
                        else:
                            problems.append(f"{label}, {what}: the page shows {shown!r}, "
                                            f"the kernel's summary is {in_kernel!r}")
                        return shown, dashboard
                    self.page.wait_for_timeout(100)

            for control in info["controls"]:
                if control["model"] in SLIDER_MODELS:
                    readout = root.locator(f".sre-control-{control['name']} .widget-readout").first
                    issue = readout_problem(readout.inner_text(), control)
                    if issue:
                        problems.append(f"{label}, slider {control['name']!r}: {issue}")
            first_text, _ = check_summary(info, "as first shown")
            texts = {first_text}
            current = info
            plan = _exercise_plan(info["controls"], max_checkboxes) if drive else []
            for control, key in plan:
                name_c = control["name"]
                control = next(c for c in current["controls"] if c["name"] == name_c)
                expected = expected_after_key(control, key)
                key_name = "Space" if key == " " else key
                target = _focus_target(root, control)
                if target.count() == 0:
                    problems.append(f"{label}: no keyboard-focusable element in .sre-control-{name_c}")
                    continue
                if control["model"] == "DropdownModel":   # a closed <select> ignores arrows
                    target.select_option(index=control["options"].index(expected))
                else:
                    target.focus()
                    self.page.keyboard.press(key_name)
                deadline = time.monotonic() + timeout_s
                while True:
                    current = self.kernel_dashboards(root_ids)[k]
                    now = next(c for c in current["controls"] if c["name"] == name_c)
                    if expected is None or _same(now["value"], expected):
                        break
                    if time.monotonic() > deadline:
                        problems.append(f"{label}: {key_name} on {name_c!r} should set {expected!r}, "
                                        f"the kernel holds {now['value']!r}")
                        break
                    self.page.wait_for_timeout(100)
                what = f"after {key_name} on {name_c!r} (= {now['value']!r})"
                shown, current = check_summary(current, what)
                texts.add(shown)
                if current["error"]:
                    problems.append(f"{label}, {what}: error line shows {current['error'][:300]!r}")
                if now["model"] in SLIDER_MODELS:
                    readout = root.locator(f".sre-control-{name_c} .widget-readout").first
                    issue = readout_problem(readout.inner_text(), now)
                    if issue:
                        problems.append(f"{label}, slider {name_c!r} {what}: {issue}")
                report["steps"].append({"dashboard": name, "control": name_c, "key": key_name,
                                        "value": now["value"], "summary": shown[:200]})
            if plan and len(texts) < 2:
                problems.append(f"{label}: the summary never changed while the controls moved "
                                f"(always {first_text[:200]!r})")
        return report

    def close(self) -> None:
        if self._client is not None:
            self._client.stop_channels()
            self._client = None
