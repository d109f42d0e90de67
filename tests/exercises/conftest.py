"""Shared set-up of the per-section exercise tests: progress in memory, the course's traffic."""

from __future__ import annotations

import pytest

import sre_lab as sl


@pytest.fixture(autouse=True)
def _progress_in_memory(monkeypatch):
    """Checks in these tests never touch the learner's progress file."""
    monkeypatch.setenv("SRE_LAB_PROGRESS", "off")


@pytest.fixture(scope="session")
def checkout():
    return sl.load_requests(service="checkout")


@pytest.fixture(scope="session")
def payment():
    return sl.load_requests(service="payment")
