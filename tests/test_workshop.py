"""The workshop load test's pure parts (workshop/report.py) and its configuration.

The load test itself needs JupyterHub and runs with `make workshop-test`; nothing here
imports JupyterHub, httpx, websockets or psutil.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = ROOT / "workshop"
MB = 1024 * 1024
GB = 1024 * MB


def load_report():
    spec = importlib.util.spec_from_file_location("workshop_report", WORKSHOP / "report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


report = load_report()


def write_notebook(path: Path, cells: list[dict], **top) -> Path:
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells, **top}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_report_doctests_pass():
    assert doctest.testmod(report, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_importing_the_report_pulls_in_no_workshop_dependency():
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import report; "
            "print(sorted(m for m in ('jupyterhub', 'httpx', 'websockets', 'psutil') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(WORKSHOP)], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- notebook -> cells

def test_code_cells_come_in_order_with_joined_lines_and_no_markdown_or_blank_cells(tmp_path):
    path = write_notebook(tmp_path / "n.ipynb", [
        {"cell_type": "markdown", "metadata": {}, "source": ["# A title\n"]},
        {"cell_type": "code", "metadata": {}, "source": ["import sre_lab as sl\n", "x = 1"]},
        {"cell_type": "raw", "metadata": {}, "source": "not code"},
        {"cell_type": "code", "metadata": {}, "source": ""},
        {"cell_type": "code", "metadata": {"tags": ["pin"]}, "source": "assert x == 1"},
    ])
    cells = report.read_code_cells(path)
    assert [c.source for c in cells] == ["import sre_lab as sl\nx = 1", "assert x == 1"]
    assert not any(c.expect_error for c in cells)


def test_a_raises_exception_cell_is_expected_to_error(tmp_path):
    path = write_notebook(tmp_path / "n.ipynb", [
        {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "source": "1 / 0"}])
    assert report.read_code_cells(path) == [report.Cell("1 / 0", expect_error=True)]


def test_a_file_that_is_not_an_nbformat_4_notebook_is_refused(tmp_path):
    path = write_notebook(tmp_path / "old.ipynb", [], nbformat=3)
    message = r"path must be an nbformat 4 notebook; got '.*old\.ipynb'\."
    with pytest.raises(ValueError, match=message):
        report.read_code_cells(path)


def test_the_default_notebooks_open_with_the_course_import():
    for notebook in ("notebooks/00_start_here.ipynb",
                     "notebooks/02_slos/1b_targets_and_error_budgets.ipynb"):
        cells = report.read_code_cells(ROOT / notebook)
        assert cells and cells[0].source.startswith("import sre_lab as sl"), notebook


# ---------------------------------------------------------------- arithmetic

def test_memory_bound_is_usable_ram_over_the_peak_per_learner():
    # 8 GiB - 1 GiB - 100 MiB hub - 60 MiB proxy = 7008 MiB; / 500 MiB = 14.016 -> 14.
    assert report.learners_by_memory(8 * GB, 500 * MB, hub_bytes=100 * MB,
                                     proxy_bytes=60 * MB) == 14
    # Exactly filling the memory still counts the last learner.
    assert report.learners_by_memory(3 * GB, 1 * GB, os_reserve_bytes=1 * GB) == 2
    assert report.learners_by_memory(512 * MB, 100 * MB) == 0


def test_cpu_bound_is_the_cores_work_in_the_burst_over_the_cpu_per_run():
    # 4 cores x 30 s = 120 CPU-seconds; 120 / 7 = 17.1 -> 17 learners.
    assert report.learners_by_cpu(4, 7.0) == 17
    # Twice the time allowed, twice the learners; twice the CPU per run, half.
    assert report.learners_by_cpu(4, 7.0, burst_seconds=60) == 34
    assert report.learners_by_cpu(4, 14.0, burst_seconds=60) == 17


@pytest.mark.parametrize("call, message", [
    (lambda: report.learners_by_memory(GB, 0), "per_learner_bytes must be > 0; got 0."),
    (lambda: report.learners_by_cpu(2, -1.0), "cpu_s_per_run must be > 0; got -1.0."),
    (lambda: report.learners_by_cpu(2, 1.0, burst_seconds=0),
     "burst_seconds must be > 0; got 0."),
])
def test_estimates_refuse_impossible_inputs_with_named_messages(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def learner(name, **kw):
    return report.LearnerResult(name, **kw)


def test_figures_take_medians_and_maxima_and_cpu_per_run_from_complete_learners_only():
    results = [
        learner("a", ready_s=2.0, notebook_s={"x": 3.0, "y": 4.0}, peak_rss_bytes=400 * MB,
                server_rss_bytes=130 * MB, kernel_rss_bytes=150 * MB, start_cpu_s=3.0,
                cpu_s=9.0),
        learner("b", ready_s=4.0, notebook_s={"x": 5.0, "y": 2.0}, peak_rss_bytes=500 * MB,
                server_rss_bytes=140 * MB, kernel_rss_bytes=170 * MB, start_cpu_s=3.0,
                cpu_s=11.0),
        learner("c", ready_s=9.0, notebook_s={"x": 6.0}, peak_rss_bytes=300 * MB,
                start_cpu_s=3.0, cpu_s=50.0, failures=["y: code cell 2: KeyError: 'k'"]),
        learner("d", failures=["server start: HTTP 500"]),
    ]
    f = report.figures(results, hub_bytes=120 * MB, proxy_bytes=60 * MB)
    assert (f.n_learners, f.n_failed) == (4, 2)
    assert (f.ready_median_s, f.ready_max_s) == (4.0, 9.0)
    assert f.notebook_max_s == {"x": 6.0, "y": 4.0}
    assert (f.peak_rss_max_bytes, f.peak_rss_median_bytes) == (500 * MB, 400 * MB)
    assert (f.server_rss_max_bytes, f.kernel_rss_max_bytes) == (140 * MB, 170 * MB)
    # a: (9 - 3) / 2 = 3; b: (11 - 3) / 2 = 4; c failed and d never started: left out.
    assert f.cpu_s_per_run == 3.5
    assert f.start_cpu_s == 3.0


def test_summary_line_is_n_learners_f_failed_then_the_key_figures():
    results = [learner("a", ready_s=3.0, notebook_s={"x": 4.0}, peak_rss_bytes=500 * MB,
                       start_cpu_s=2.0, cpu_s=5.0),
               learner("b", failures=["interrupted"])]
    f = report.figures(results, hub_bytes=124 * MB, proxy_bytes=60 * MB)
    line = report.summary_line(f, cores=2, ram_bytes=8 * GB)
    assert line.startswith("2 learners: 1 failed, ")
    # memory: (8192 - 1024 - 184) / 500 = 13.97 -> 13; CPU: 2 x 30 / 3 = 20; the lower wins.
    assert line.endswith("serves about 13 learners (memory 13, CPU 20)")
    assert "hub+proxy 184 MB" in line


def test_the_report_states_its_assumptions_and_a_row_per_learner():
    results = [learner("learner01", ready_s=3.0, notebook_s={"x": 4.0}, peak_rss_bytes=500 * MB,
                       start_cpu_s=2.0, cpu_s=5.0)]
    f = report.figures(results, hub_bytes=124 * MB, proxy_bytes=60 * MB)
    text = report.format_report(results, f, cores=2, ram_bytes=8 * GB)
    assert "| learner01 | 3.0 s | 4.0 s | 500 MB | 5.0 s | ok |" in text
    assert "Assumptions:" in text and "30 s" in text and "1 GiB for the OS" in text
    assert "| 2 cores, 8 GiB | 13 | 20 | 13 |" in text


def test_a_run_with_nothing_measured_still_reports_without_dividing_by_zero():
    f = report.figures([learner("a", failures=["no hub"])], hub_bytes=0, proxy_bytes=0)
    assert report.summary_line(f, cores=2, ram_bytes=8 * GB).startswith("1 learners: 1 failed, ")


# ---------------------------------------------------------------- configuration and build

def hub_config(tmp_path, monkeypatch, *, root: bool) -> Config:
    settings = {"tmp": str(tmp_path), "hub_port": 18000, "hub_api_port": 18001,
                "proxy_api_port": 18002, "proxy_command": "configurable-http-proxy",
                "proxy_token": "p" * 64, "password": "a-long-password", "service_token": "s" * 64,
                "singleuser": "jupyterhub-singleuser", "root": root}
    (tmp_path / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    monkeypatch.setenv("SRE_LAB_WORKSHOP_SETTINGS", str(tmp_path / "settings.json"))
    config = Config()
    source = (WORKSHOP / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(compile(source, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    return config


def test_the_hub_listens_on_loopback_only_and_keeps_its_files_in_the_temp_folder(tmp_path,
                                                                                   monkeypatch):
    c = hub_config(tmp_path, monkeypatch, root=False)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:18000/"
    assert c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:18002"
    for path in (c.JupyterHub.cookie_secret_file, c.JupyterHub.pid_file,
                 c.ConfigurableHTTPProxy.pid_file, c.SimpleLocalProcessSpawner.home_dir_template,
                 c.JupyterHub.db_url.removeprefix("sqlite:///")):
        assert Path(path).is_relative_to(tmp_path), path
    assert c.JupyterHub.cleanup_servers and c.JupyterHub.cleanup_proxy
    assert c.Spawner.args == []


def test_the_servers_allow_root_only_when_running_as_root(tmp_path, monkeypatch):
    assert hub_config(tmp_path, monkeypatch, root=True).Spawner.args == ["--allow-root"]


def test_the_driver_token_has_only_the_scopes_it_needs(tmp_path, monkeypatch):
    c = hub_config(tmp_path, monkeypatch, root=False)
    (role,) = c.JupyterHub.load_roles
    assert set(role["scopes"]) == {"admin:users", "admin:servers", "access:servers",
                                   "list:users", "read:users", "read:hub"}
    assert role["services"] == [c.JupyterHub.services[0]["name"]]


def test_learners_never_install_jupyterhub_and_the_workshop_env_is_git_ignored():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    learner_deps = project["dependencies"] + sum(project["optional-dependencies"].values(), [])
    assert not [d for d in learner_deps if d.lower().startswith(("jupyterhub", "configurable"))]
    assert "jupyterhub>=6,<7" in (WORKSHOP / "requirements.txt").read_text(encoding="utf-8")
    assert ".venv-workshop/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "LEARNERS ?= 8" in makefile and "workshop-test:" in makefile


def test_own_pace_figure_is_the_cores_work_in_the_pace_over_the_cpu_per_run():
    # 4 cores x 600 s = 2400 CPU-seconds in 10 minutes; / 8 per run = 300 learners.
    assert report.learners_at_pace(4, 8.0) == 300
    assert report.learners_at_pace(4, 8.0, pace_minutes=5) == 150
