"""Without a browser the browser tests skip locally but fail in CI (no browser needed here)."""

from __future__ import annotations

import pytest
from .lab_driver import ci_is_set, find_chromium, unavailable


@pytest.mark.parametrize("value, expected", [
    (None, False), ("", False), ("0", False), ("false", False), ("true", True), ("1", True)])
def test_ci_is_set(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert ci_is_set() is expected


def test_missing_browser_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        unavailable("Chromium not found")


def test_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set, so this is a failure"):
        unavailable("Chromium not found")


def test_explicit_chromium_path_is_the_only_candidate(monkeypatch, tmp_path):
    monkeypatch.setenv("SRE_LAB_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert find_chromium() is None
