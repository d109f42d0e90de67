"""Real-browser fixtures: JupyterLab served from a temporary copy of ``notebooks/``,
driven by Debian's Chromium through Playwright (what a learner really sees).

Recipe (``feasibility_notes.md`` §4): ``--allow-root`` when root, the identity
token instead of the deprecated ``ServerApp.token``, the "Run All Cells" menu
item is ``runmenu:run-all``, and the news toast is silenced by settings
overrides. Everything the server writes (config, data, runtime, workspaces,
settings, checkpoints, saved notebooks) goes to temporary folders; nothing is
written into the repository except the artefacts in ``output/browser/``
(git-ignored): a full-page screenshot per notebook, one per dashboard, and
``timings.json``. The fixtures are package-scoped: the server and Playwright
(whose sync API leaves an event loop set, breaking ``asyncio.run``) stop as
soon as the browser tests are done.

Without Chromium (or Playwright) the tests skip with the reason; when the
environment variable ``CI`` is set they fail instead (a missing browser in CI
is a defect, ``.ci/run`` installs it).

Environment variables
---------------------
``SRE_LAB_CHROMIUM``
    Path of the Chromium executable (default: Debian's
    ``/usr/lib/chromium/chromium`` or ``/usr/bin/chromium``).
``SRE_LAB_BROWSER_OUTPUT``
    Folder for screenshots and timings (default ``output/browser``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .lab_driver import CHROMIUM_ARGS, NOTEBOOKS, OUTPUT, find_chromium, unavailable

#: JupyterLab settings overrides: no news/update toast over the notebook, every
#: cell kept in the DOM (no virtual scrolling) so the checks and the full-page
#: screenshot see the whole notebook, no autosave racing the tests.
LAB_SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": False,
    },
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}

SERVER_START_TIMEOUT_S = 90.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """A running JupyterLab server (URL, token, folders) with small REST helpers."""

    def __init__(self, *, base_url, token, root_dir, runtime_dir, log_path, process):
        self.base_url = base_url
        self.token = token
        self.root_dir = Path(root_dir)
        self.runtime_dir = Path(runtime_dir)
        self.log_path = Path(log_path)
        self.process = process

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method,
            headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def lab_url(self, notebook_path: str, *, workspace: str) -> str:
        quoted = urllib.parse.quote(notebook_path)
        return (f"{self.base_url}/lab/workspaces/{workspace}/tree/{quoted}"
                f"?token={self.token}")

    def connection_file(self, notebook_path: str) -> Path:
        """The kernel connection file of the session running ``notebook_path``."""
        for session in self.api("/api/sessions"):
            if session.get("path") == notebook_path and session.get("kernel"):
                return self.runtime_dir / f"kernel-{session['kernel']['id']}.json"
        raise LookupError(f"no kernel session for {notebook_path!r}")

    def shutdown_sessions(self) -> None:
        for session in self.api("/api/sessions"):
            try:
                self.api(f"/api/sessions/{session['id']}", method="DELETE")
            except urllib.error.URLError:
                pass

    def log_tail(self, n_chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n_chars:]
        except OSError:
            return "(no server log)"


def _copy_notebooks(destination: Path) -> None:
    if NOTEBOOKS.is_dir():
        shutil.copytree(NOTEBOOKS, destination,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    else:
        destination.mkdir(parents=True)


@pytest.fixture(scope="package")
def chromium_executable() -> str:
    """Debian's Chromium, and Playwright to drive it (skip/fail when missing)."""
    if importlib.util.find_spec("playwright") is None:
        unavailable("Playwright for Python is not installed (pip install -e '.[browser]')")
    path = find_chromium()
    if path is None:
        where = os.environ.get("SRE_LAB_CHROMIUM") or "/usr/lib/chromium, /usr/bin, PATH"
        unavailable(f"Chromium not found ({where}); apt-get install chromium, "
                    "or set SRE_LAB_CHROMIUM")
    return path


@pytest.fixture(scope="package")
def lab_server(chromium_executable, tmp_path_factory) -> LabServer:
    """JupyterLab on a free localhost port, random token, temporary everything.

    The server's root is a temporary copy of ``notebooks/``; the kernel is this
    interpreter's ipykernel (the project's virtual environment).
    """
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "notebooks"
    _copy_notebooks(root)
    dirs = {name: base / name for name in
            ("config", "data", "runtime", "settings", "ipython", "workspaces", "user-settings")}
    for folder in dirs.values():
        folder.mkdir()
    (dirs["settings"] / "overrides.json").write_text(json.dumps(LAB_SETTINGS_OVERRIDES, indent=1))
    kernel_dir = dirs["data"] / "kernels" / "python3"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"debugger": True},
    }, indent=1))

    env = dict(os.environ)
    for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "MPLBACKEND", "JUPYTER_TOKEN"):
        env.pop(name, None)
    env.update({
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTER_PREFER_ENV_PATH": "0",         # our kernelspec above wins
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["user-settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    token = secrets.token_hex(24)
    port = _free_port()
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.app_settings_dir={dirs['settings']}",
        "--LabApp.expose_app_in_browser=True",   # lets the test read the notebook model
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = base / "jupyterlab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LabServer(base_url=f"http://127.0.0.1:{port}", token=token, root_dir=root,
                       runtime_dir=dirs["runtime"], log_path=log_path, process=process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {process.returncode}:\n"
                            f"{server.log_tail()}", pytrace=False)
            try:
                server.api("/api/status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT_S:.0f} s:"
                                f"\n{server.log_tail()}", pytrace=False)
                time.sleep(0.25)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="package")
def browser(chromium_executable):
    """Headless Chromium (one per session)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # present but broken: a defect, not a skip
            pytest.fail(f"Chromium at {chromium_executable} did not start: {exc}", pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def browser_output() -> Path:
    """``output/browser/`` (git-ignored): screenshots and ``timings.json``."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="package")
def timings(browser_output):
    """Per-notebook time to interactive, written to ``timings.json`` at the end."""
    path = browser_output / "timings.json"
    try:
        previous = json.loads(path.read_text())
    except (OSError, ValueError):
        previous = {}
    records: dict = {}
    yield records
    if records:
        merged = {**previous.get("notebooks", {}), **records}
        path.write_text(json.dumps({
            "description": "seconds from page.goto to all cells executed and kernel idle "
                           "(Run > Run All Cells, headless Chromium, JupyterLab)",
            "python": sys.version.split()[0],
            "notebooks": dict(sorted(merged.items())),
        }, indent=2) + "\n")


@pytest.fixture(scope="package")
def browser_context(browser):
    """One browser context for the session: JupyterLab's scripts load from its cache
    after the first notebook (each test still gets a new page, app and kernel)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  device_scale_factor=1)
    yield context
    context.close()


@pytest.fixture()
def lab(lab_server, browser_context):
    """A new JupyterLab page (its own workspace); its kernels shut down afterwards."""
    from .lab_driver import LabPage

    page = browser_context.new_page()
    driver = LabPage(lab_server, page, workspace=f"w{secrets.token_hex(4)}")
    try:
        yield driver
    finally:
        driver.close()
        page.close()
        try:
            lab_server.shutdown_sessions()
        except (urllib.error.URLError, OSError):
            pass
