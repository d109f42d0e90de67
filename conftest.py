"""Shared test set-up.

Notebook kernels started by nbval inherit ``IPYTHONDIR``; we point it at a
temporary profile whose start-up file refuses network connections to anything
but the loopback interface, so a notebook that reaches the network fails its
test instead of quietly depending on it. The guard raises before any packet
is sent.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

NO_NETWORK_STARTUP = Path(__file__).parent / "tests" / "no_network_startup.ipy"


def pytest_configure(config):
    ipython_dir = Path(tempfile.mkdtemp(prefix="sre-lab-ipython-"))
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    shutil.copy(NO_NETWORK_STARTUP, startup / "00-no-network.ipy")
    config._sre_lab_ipython_dir = ipython_dir
    os.environ["IPYTHONDIR"] = str(ipython_dir)
    # Learner progress written by notebooks under test goes to a throwaway file.
    os.environ.setdefault("SRE_LAB_PROGRESS", str(ipython_dir / "progress.json"))
    os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_unconfigure(config):
    ipython_dir = getattr(config, "_sre_lab_ipython_dir", None)
    if ipython_dir is not None:
        shutil.rmtree(ipython_dir, ignore_errors=True)


def pytest_runtest_teardown(item, nextitem):
    """Close the figures a test or a plotting doctest opened (pyplot keeps them all)."""
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def pytest_collection_modifyitems(config, items):
    """Keep together what must not run at the same time when pytest-xdist spreads the suite.

    With ``-n`` and ``--dist loadgroup`` (the default options in pyproject.toml)
    every test runs on one of the workers; tests marked with the same
    ``xdist_group`` run one after another on one worker:

    * a notebook's cells (nbval): they share one kernel, in order;
    * the answer-leak check: its fixture executes every notebook it was given,
      two kernels at a time, once per worker that would run any of its tests;
    * the browser tests: one JupyterLab server and one Chromium for all.

    Everything else is spread freely. Without xdist the marks do nothing.
    """
    import pytest

    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb":
            group = f"nbval:{path.name}:{path.parent.name}"
        elif path.name == "test_answers_not_leaked.py":
            group = "answers-not-leaked"
        elif "browser" in path.parts and path.parent.name == "browser":
            group = "browser"
        else:
            continue
        item.add_marker(pytest.mark.xdist_group(name=group))
