"""Run exported rule files through Prometheus' ``promtool`` and compare minute by minute.

Used by tests/test_promtool.py and tests/test_export.py (imported as a plain module:
tests/ has no __init__.py, pytest puts this folder on sys.path).

Alignment between a per-minute traffic frame and Prometheus (worked out in
sre_lab/export.py, Notes of ``to_prometheus_rules``):

* minute ``i`` of the frame (0-based) holds ``requests[i]`` / ``errors[i]`` events;
* each counter gets a sample ``0`` at promtool time 0 (the process starts) and the
  cumulative count through minute ``i`` at time ``i + 1`` minutes;
* so at evaluation time ``T = i + 1`` minutes, ``increase(c[w])`` over Prometheus 2.x's
  closed range ``[T - w, T]`` is exactly the count of minutes ``i - w/1m + 1 .. i``
  (fewer at the start, where the counter's first sample is 0 and extrapolation stops at
  zero): the trailing window "ending at and including minute i" of sl.evaluate_alerts.

An alert is compared at every evaluation time ``T = 1m .. len(frame) m`` with an
``alert_rule_test`` entry whose expected alerts are what the Python side says fires at
minute ``T/1m - 1``; promtool reports every (alert, time) pair where it disagrees.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

#: Series names fed to promtool; the exported rules select them with these selectors.
ERRORS_SERIES = 'http_requests_total{job="sre-lab",code="500"}'
GOOD_SERIES = 'http_requests_total{job="sre-lab",code="200"}'
ERRORS_SELECTOR = 'http_requests_total{job="sre-lab",code=~"5.."}'
TOTAL_SELECTOR = 'http_requests_total{job="sre-lab"}'


def in_ci() -> bool:
    """True when the environment says this is a CI run (CI=true, as GitHub/GitLab set it)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def promtool_path() -> str | None:
    """Path of promtool: $PROMTOOL if set, else the one on PATH, else None."""
    explicit = os.environ.get("PROMTOOL")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("promtool")


_VERSIONS: dict[str, str] = {}


def promtool_version(path: str) -> str:
    """The version promtool reports, e.g. '2.42.0+ds' (cached per path)."""
    if path not in _VERSIONS:
        proc = subprocess.run([path, "--version"], capture_output=True, text=True,
                              timeout=30, check=False)
        found = re.search(r"version (\S+)", proc.stdout + proc.stderr)
        _VERSIONS[path] = found.group(1) if found else "unknown"
    return _VERSIONS[path]


def require_promtool() -> str:
    """Return promtool's path; skip the test locally, fail it in CI, when it is unusable.

    Unusable: missing, or not Prometheus 2.x. The minute-exact alignment relies on 2.x's
    closed range ``[t - w, t]``; 3.x made ranges left-open (one sample fewer per window).
    """
    path = promtool_path()
    reason = None
    if path is None:
        reason = ("promtool not found (install Prometheus' tools: "
                  "`apt-get install -y prometheus`, or set PROMTOOL=/path/to/promtool)")
    elif not promtool_version(path).startswith("2."):
        reason = (f"promtool {promtool_version(path)} at {path} is not Prometheus 2.x, whose "
                  "closed range selectors the minute-for-minute comparison is built on "
                  "(Debian bookworm's `prometheus` package has 2.42)")
    if reason:
        if in_ci():
            pytest.fail(f"{reason}; CI is set, so the Prometheus cross-check must run.")
        pytest.skip(reason)
    return path


@dataclass
class PromtoolResult:
    """Outcome of one ``promtool`` call."""

    returncode: int
    output: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failed_checks(self) -> list[tuple[str, int]]:
        """(alertname, minute of the frame) of every alert_rule_test promtool reported failed."""
        return [(name, go_duration_minutes(when) - 1)
                for name, when in re.findall(r"alertname: ([^,\s]+), time: ([0-9ywdhms.]+)",
                                             self.output)]


_UNIT_MINUTES = {"y": 525600, "w": 10080, "d": 1440, "h": 60, "m": 1, "s": 1 / 60, "ms": 1 / 60000}


def go_duration_minutes(text: str) -> int:
    """Whole minutes of a duration as promtool prints it: '1h46m' -> 106, '1d2h' -> 1560."""
    pairs = re.findall(r"([0-9.]+)(ms|[ywdhms])", text)
    return int(round(sum(float(number) * _UNIT_MINUTES[unit] for number, unit in pairs)))


def run_promtool(args: list[str], cwd: Path, *, timeout: float = 120) -> PromtoolResult:
    """Run ``promtool <args>`` in ``cwd``; return code, combined output, wall seconds."""
    start = time.perf_counter()
    proc = subprocess.run([require_promtool(), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, check=False)
    return PromtoolResult(proc.returncode, proc.stdout + proc.stderr,
                          time.perf_counter() - start)


def check_rules(rules_text: str, tmp_path: Path) -> PromtoolResult:
    """``promtool check rules`` on ``rules_text`` written to a file in ``tmp_path``."""
    path = tmp_path / "rules.yml"
    path.write_text(rules_text)
    return run_promtool(["check", "rules", path.name], tmp_path)


def counter_values(counts) -> str:
    """promtool ``values`` string: 0, then the running total after each minute."""
    counts = np.asarray(counts, dtype=np.int64)
    cumulative = np.concatenate([[0], np.cumsum(counts)])
    return " ".join(str(int(v)) for v in cumulative)


def _labels_and_annotations(rules_text: str) -> dict[str, dict]:
    """alert name -> {"labels": ..., "annotations": ...} from an exported rule file."""
    found = {}
    for group in yaml.safe_load(rules_text)["groups"]:
        for rule in group["rules"]:
            if "alert" in rule:
                found[rule["alert"]] = {"labels": dict(rule.get("labels", {})),
                                        "annotations": dict(rule.get("annotations", {}))}
    return found


def promtool_test_document(rules_file: str, rules_text: str, traffic: pd.DataFrame,
                           firing: pd.DataFrame, *, flip: tuple[str, int] | None = None) -> dict:
    """The ``promtool test rules`` document checking ``firing`` at every minute.

    ``firing`` has one bool column per alert name, one row per minute of ``traffic``.
    ``flip=(alertname, minute)`` inverts one expectation (a negative control).
    """
    meta = _labels_and_annotations(rules_text)
    requests = traffic["requests"].to_numpy(dtype=np.int64)
    errors = traffic["errors"].to_numpy(dtype=np.int64)
    checks = []
    for name in firing.columns:
        column = firing[name].to_numpy(dtype=bool).copy()
        if flip is not None and flip[0] == name:
            column[flip[1]] = not column[flip[1]]
        expected = [{"exp_labels": meta[name]["labels"],
                     "exp_annotations": meta[name]["annotations"]}]
        for minute, fires in enumerate(column):
            checks.append({"eval_time": f"{minute + 1}m", "alertname": name,
                           "exp_alerts": expected if fires else []})
    return {
        "rule_files": [rules_file],
        "evaluation_interval": "1m",
        "tests": [{
            "interval": "1m",
            "input_series": [
                {"series": GOOD_SERIES, "values": counter_values(requests - errors)},
                {"series": ERRORS_SERIES, "values": counter_values(errors)},
            ],
            "alert_rule_test": checks,
        }],
    }


def promtool_replay(rules_text: str, traffic: pd.DataFrame, firing: pd.DataFrame,
                    tmp_path: Path, *, flip: tuple[str, int] | None = None) -> PromtoolResult:
    """Write rules + test file to ``tmp_path`` and run ``promtool test rules`` on them."""
    (tmp_path / "rules.yml").write_text(rules_text)
    document = promtool_test_document("rules.yml", rules_text, traffic, firing, flip=flip)
    # JSON is YAML (and 100x faster to write than yaml.safe_dump for 10,000 checks)
    (tmp_path / "test.yml").write_text(json.dumps(document, indent=1))
    return run_promtool(["test", "rules", "test.yml"], tmp_path, timeout=300)


def minute_index(n_minutes: int, start: str = "2026-10-05 00:00") -> pd.DatetimeIndex:
    """A regular 1-minute tz-aware (UTC) index named ``timestamp``."""
    return pd.date_range(start, periods=n_minutes, freq="1min", tz="UTC", name="timestamp")


def traffic_frame(requests, errors) -> pd.DataFrame:
    """Per-minute ``requests`` / ``errors`` (int64) on a 1-minute UTC index."""
    requests = np.asarray(requests, dtype=np.int64)
    errors = np.asarray(errors, dtype=np.int64)
    assert requests.shape == errors.shape and (errors <= requests).all() and (errors >= 0).all()
    return pd.DataFrame({"requests": requests, "errors": errors},
                        index=minute_index(len(requests)))


def spec_model_alerts(traffic: pd.DataFrame, rules, *, slo_target: float) -> pd.DataFrame:
    """An independent 20-line model of the DESIGN §3 semantics (a second opinion).

    Active at minute t: errors/requests over the trailing long window and over the
    trailing short window (both ending at and including t, truncated at the first
    minute) are each strictly greater than ``burn_rate * (1 - slo_target)``.
    Fires at t when active at every minute t - for_minutes .. t (Prometheus' ``for``).
    """
    requests = np.concatenate([[0], np.cumsum(traffic["requests"].to_numpy(np.int64))])
    errors = np.concatenate([[0], np.cumsum(traffic["errors"].to_numpy(np.int64))])
    n = len(traffic)
    ends = np.arange(1, n + 1)

    def ratio(minutes: int) -> np.ndarray:
        starts = np.maximum(ends - minutes, 0)
        bad = (errors[ends] - errors[starts]).astype(float)
        total = (requests[ends] - requests[starts]).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return bad / total

    out = {}
    for rule in rules:
        threshold = rule.burn_rate * (1 - slo_target)
        active = (ratio(rule.long_window_minutes) > threshold) & (
            ratio(rule.short_window_minutes) > threshold)
        run = np.zeros(n, dtype=np.int64)  # consecutive active minutes ending at t
        for t in range(n):
            run[t] = (run[t - 1] + 1 if t else 1) if active[t] else 0
        out[rule.name] = run >= rule.for_minutes + 1
    return pd.DataFrame(out, index=traffic.index)
