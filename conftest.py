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

