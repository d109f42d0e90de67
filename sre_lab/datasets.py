"""The course's data files: loaders with schema checks, and ``build``.

The MicroCorp files in ``datasets/`` are generated from
:mod:`sre_lab.simulation` with fixed seeds; ``python -m sre_lab.datasets build``
writes byte-identical files every time. The GitHub status history files are
real data, shipped unchanged (MIT, ``LICENSE-github-statuses``): ``build``
never writes or deletes them. ``datasets/README.md`` is the datasheet.

Public names
------------
=========================  ===================================================
``load_requests``          28 days x 1 minute x 4 services of traffic
``load_incidents``         the ground-truth incidents of those 28 days
``load_daily_history``     one year of daily totals per service
``load_traffic_csv``       a learner's own traffic CSV, checked line by line
``load_github_incidents``  GitHub's public status history: 819 real incidents
``load_github_updates``    their 4,570 status-page updates
``load_deployments``       the quarter's deployment log of MicroCorp's three teams
``load_work_log``          the quarter's SRE/ops work of MicroCorp's engineers
``PLANTED_INCIDENTS``      the teaching events named in the datasheet
``build``                  regenerate every file (``python -m sre_lab.datasets build``)
``data_dir``               where the files are read from
=========================  ===================================================
"""

from __future__ import annotations

import functools
import gzip
import io
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from . import simulation
from ._traffic_csv import load_traffic_csv
from ._validation import check_choice, message
from .simulation import INCIDENT_COLUMNS, LATENCY_BUCKETS_MS, SERVICE_NAMES


def _quiet_runpy_in_build_command() -> None:
    """Silence runpy's "found in sys.modules" warning, in ``python -m sre_lab.datasets`` only.

    That command imports the package ``sre_lab`` first (which imports this
    module), then runs this module as ``__main__``; runpy warns that the
    module was already imported. Expected and harmless there, so the filter is
    set only in the process started by that exact command, never on a plain
    ``import sre_lab``.
    """
    argv = list(getattr(sys, "orig_argv", []))
    if "-m" in argv and argv[argv.index("-m") + 1:argv.index("-m") + 2] == [__name__]:
        warnings.filterwarnings("ignore", message=f"'{__name__}' found in sys.modules",
                                category=RuntimeWarning)


_quiet_runpy_in_build_command()

__all__ = [
    "load_requests",
    "load_incidents",
    "load_daily_history",
    "load_traffic_csv",
    "load_github_incidents",
    "load_github_updates",
    "load_deployments",
    "load_work_log",
    "PLANTED_INCIDENTS",
    "build",
    "data_dir",
]

REQUESTS_FILE = "requests_1min.csv.gz"
INCIDENTS_FILE = "incidents.csv"
HISTORY_FILE = "daily_history.csv"
DEPLOYMENTS_FILE = "deployments.csv"
WORK_LOG_FILE = "work_log.csv"
#: Every file ``build`` writes, in the order it writes them.
GENERATED_FILES = (REQUESTS_FILE, INCIDENTS_FILE, HISTORY_FILE, DEPLOYMENTS_FILE, WORK_LOG_FILE)
#: Real data (not generated; ``build`` leaves them alone): GitHub's status page
#: history via mrshu/github-statuses at commit becbfc2 (MIT licence).
GITHUB_INCIDENTS_FILE = "github_status_incidents.csv"
GITHUB_UPDATES_FILE = "github_status_updates.csv"
GITHUB_LICENSE_FILE = "LICENSE-github-statuses"
#: sha256 of the shipped real files, computed once when they were copied in.
GITHUB_SHA256 = {
    GITHUB_INCIDENTS_FILE: "8d33b262f255b4f736521624f40d26c69b92e203ab9c80604798f75daa393ee0",
    GITHUB_UPDATES_FILE: "ad33709c34cbb5c178c4c01895dd54a0c5a35dc41df868d8d428f96e553f852e",
    GITHUB_LICENSE_FILE: "d328b0f2a6c3df7bee8fa2a8ede39763f94a811b880a0b366baf02b48c821743",
}

#: The 28-day window of ``requests_1min.csv.gz`` (end exclusive) and the year
#: of ``daily_history.csv`` that ends with it.
WINDOW_START = pd.Timestamp("2026-10-05", tz="UTC")  # a Monday
WINDOW_DAYS = 28
HISTORY_START = pd.Timestamp("2025-11-02", tz="UTC")
HISTORY_DAYS = 365
SEED = 20261011
#: The quarter of ``deployments.csv`` and ``work_log.csv``: 13 weeks from
#: Monday 2026-08-03 to Sunday 2026-11-01, ending with the 28 days.
QUARTER_START = pd.Timestamp("2026-08-03", tz="UTC")
QUARTER_DAYS = 91
#: Seeds of the section-5 files (separate from ``SEED``'s streams, so adding
#: them changed none of the other files).
CULTURE_SEED = (SEED, 5)

_BUCKET_COLUMNS = [f"latency_le_{b}ms" for b in LATENCY_BUCKETS_MS]
_REQUEST_COLUMNS = ["timestamp", "service", "requests", "errors", *_BUCKET_COLUMNS]
_HISTORY_COLUMNS = ["date", "service", "requests", "errors"]
_TIME_COLUMNS = ["started", "detected", "acknowledged", "mitigated", "resolved"]

#: Teaching events planted in the 28 days (times UTC). Each is described in
#: ``datasets/README.md`` and used by a notebook.
PLANTED_INCIDENTS = pd.DataFrame(
    [
        # service, trigger, kind, started, detected, acknowledged, mitigated, resolved,
        # users_affected, error_ratio_added, latency_multiplier
        ("payment", "Service provider change", "errors", "2026-10-14 14:10", "2026-10-14 14:12",
         "2026-10-14 14:15", "2026-10-14 14:22", "2026-10-14 15:05", 1.0, 0.95, 1.0),
        ("checkout", "Capacity management", "latency", "2026-10-20 12:00", "2026-10-20 12:09",
         "2026-10-20 12:13", "2026-10-20 13:30", "2026-10-20 14:30", 0.4, 0.0, 3.5),
        ("search", "Processing pipeline", "errors", "2026-10-22 20:00", "2026-10-23 09:40",
         "2026-10-23 09:55", "2026-10-24 02:00", "2026-10-24 03:00", 0.01, 0.0025, 1.0),
        ("notifications", "Hardware", "errors", "2026-10-28 03:00", "2026-10-28 03:31",
         "2026-10-28 03:36", "2026-10-28 03:40", "2026-10-28 04:30", 1.0, 1.0, 1.0),
        ("payment", "Binary push", "errors", "2026-10-30 16:00", "2026-10-30 16:06",
         "2026-10-30 16:09", "2026-10-30 19:00", "2026-10-30 19:45", 0.05, 0.03, 1.0),
    ],
    columns=["service", "trigger", "kind", *_TIME_COLUMNS, "users_affected",
             "error_ratio_added", "latency_multiplier"],
)


def data_dir() -> Path:
    """Return the folder the data files are read from.

    ``SRE_LAB_DATA_DIR`` wins when set; then the repository's ``datasets/``
    folder next to the ``sre_lab`` package (a source checkout or an editable
    install); otherwise the copy installed with the package (``sre_lab._data``).
    """
    override = os.environ.get("SRE_LAB_DATA_DIR")
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parent.parent / "datasets"
    if (checkout / REQUESTS_FILE).exists():
        return checkout
    installed = Path(__file__).resolve().parent / "_data"
    return installed if installed.is_dir() else checkout


def _path(name: str) -> Path:
    path = data_dir() / name
    if not path.exists():
        raise FileNotFoundError(
            f"{name} was not found in {path.parent}. Rebuild the data with "
            "`python -m sre_lab.datasets build` from the repository root, or set "
            "SRE_LAB_DATA_DIR to the folder that holds it."
        )
    return path


def _schema_error(file: str, problem: str) -> ValueError:
    return ValueError(f"{file} does not match its datasheet: {problem}. "
                      "Rebuild it with `python -m sre_lab.datasets build`.")


def _check_columns(file: str, frame: pd.DataFrame, expected: list[str]) -> None:
    if list(frame.columns) != expected:
        raise _schema_error(file, f"columns are {list(frame.columns)}, expected {expected}")
    if frame.isna().any().any():
        column = frame.columns[frame.isna().any()][0]
        raise _schema_error(file, f"column {column!r} has empty cells")


@functools.lru_cache(maxsize=1)
def _requests_frame() -> pd.DataFrame:
    frame = pd.read_csv(_path(REQUESTS_FILE), dtype={c: "int64" for c in _REQUEST_COLUMNS[2:]}
                        | {"service": "string"})
    _check_columns(REQUESTS_FILE, frame, _REQUEST_COLUMNS)
    # Each minute appears once per service: parse the distinct stamps only (4x fewer).
    codes, stamps = pd.factorize(frame["timestamp"])
    frame["timestamp"] = pd.to_datetime(stamps, format="ISO8601", utc=True)[codes]
    frame["service"] = frame["service"].astype(str)
    counts = frame[_REQUEST_COLUMNS[2:]].to_numpy()
    if (counts < 0).any():
        raise _schema_error(REQUESTS_FILE, "negative counts")
    successful = counts[:, 0] - counts[:, 1]
    if (successful < 0).any():
        raise _schema_error(REQUESTS_FILE, "errors exceed requests")
    buckets = counts[:, 2:]
    if (np.diff(buckets, axis=1) < 0).any() or (buckets[:, -1] > successful).any():
        raise _schema_error(REQUESTS_FILE, "latency buckets are not cumulative counts of successful requests")
    expected_rows = WINDOW_DAYS * 1440 * len(SERVICE_NAMES)
    if len(frame) != expected_rows or set(frame["service"].unique()) != set(SERVICE_NAMES):
        raise _schema_error(REQUESTS_FILE, f"{len(frame)} rows, expected {expected_rows} (every minute, 4 services)")
    return frame


def load_requests(service: str | None = None) -> pd.DataFrame:
    """Load 28 days of per-minute MicroCorp traffic (2026-10-05 to 2026-11-01, UTC).

    Parameters
    ----------
    service : {"checkout", "payment", "search", "notifications"}, optional
        Without it, all services in long format. With it, that service's
        minutes indexed by a regular 1-minute ``DatetimeIndex`` named
        ``timestamp`` (the shape ``sl.evaluate_alerts`` takes).

    Returns
    -------
    DataFrame
        ``requests`` and ``errors`` per minute, and ``latency_le_100ms`` …
        ``latency_le_1000ms``: how many *successful* requests took at most
        that long (cumulative counts).

    Examples
    --------
    >>> checkout = load_requests("checkout")
    >>> len(checkout), str(checkout.index.freq), str(checkout.index.tz)
    (40320, '<Minute>', 'UTC')
    >>> bool((checkout["latency_le_1000ms"] <= checkout["requests"] - checkout["errors"]).all())
    True
    """
    frame = _requests_frame()
    if service is None:
        return frame.copy()
    check_choice("service", service, SERVICE_NAMES)
    one = frame.loc[frame["service"] == service].drop(columns="service").set_index("timestamp")
    one.index.freq = "min"
    return one.copy()


def load_incidents() -> pd.DataFrame:
    """Load the ground-truth incidents of the 28 days of :func:`load_requests`.

    Users are hurt from ``started`` (inclusive) to ``mitigated`` (exclusive):
    those minutes carry the incident's extra errors or latency in the traffic,
    for the service and for the services that call it.

    Examples
    --------
    >>> incidents = load_incidents()
    >>> bool((incidents["started"] < incidents["mitigated"]).all())
    True
    >>> incidents.loc[incidents["planted"], "service"].tolist()[:2]
    ['payment', 'checkout']
    """
    frame = pd.read_csv(_path(INCIDENTS_FILE), dtype={"id": str, "service": str, "severity": str,
                                                       "trigger": str, "kind": str})
    _check_columns(INCIDENTS_FILE, frame, list(INCIDENT_COLUMNS))
    for column in _TIME_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%dT%H:%M:%SZ", utc=True)
    frame["planted"] = frame["planted"].astype(bool)
    order = frame[_TIME_COLUMNS].to_numpy()
    if not (order[:, :-1] <= order[:, 1:]).all():
        raise _schema_error(INCIDENTS_FILE, "timeline out of order (started <= detected <= ... <= resolved)")
    return frame


def load_daily_history(service: str | None = None) -> pd.DataFrame:
    """Load one year of daily request and error totals per service.

    The year runs from 2025-11-02 to 2026-11-01; its last 28 days are the
    daily sums of :func:`load_requests`, so both files tell one story.

    Examples
    --------
    >>> history = load_daily_history("checkout")
    >>> len(history), str(history["date"].iloc[-1].date())
    (365, '2026-11-01')
    """
    frame = pd.read_csv(_path(HISTORY_FILE), dtype={"service": str, "requests": "int64", "errors": "int64"})
    _check_columns(HISTORY_FILE, frame, _HISTORY_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d", utc=True)
    if service is None:
        return frame
    check_choice("service", service, SERVICE_NAMES)
    return frame.loc[frame["service"] == service].reset_index(drop=True)


# --------------------------------------------------------------------------- GitHub history

#: Impact levels of GitHub's status page, least to most severe.
GITHUB_IMPACTS = ("none", "minor", "major", "critical")
#: Every status an update may carry (compared case-insensitively).
GITHUB_STATUSES = ("investigating", "identified", "update", "monitoring", "resolved", "postmortem",
                   "scheduled", "in progress", "verifying", "completed")
_GITHUB_INCIDENT_COLUMNS = ["incident_id", "title", "impact", "components", "started_at", "resolved_at",
                            "duration_minutes", "impact_start", "impact_end", "postmortem", "url"]
_GITHUB_UPDATE_COLUMNS = ["incident_id", "at", "status", "message"]
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def _read_text_table(path: str, name: str, columns: list[str]) -> pd.DataFrame:
    """Every cell as text ('' where empty): row i of the frame is line i + 2 of the file.

    (The shipped files have no line break inside a cell, so records and lines agree.)
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    if list(frame.columns) != columns:
        raise _github_error(name, f"columns are {list(frame.columns)}, expected {columns}")
    return frame


def _cache_key(name: str) -> tuple[str, int]:
    """(path, modification time): a changed or relocated file is read again."""
    path = _path(name)
    return str(path), path.stat().st_mtime_ns


def _github_error(file: str, problem: str) -> ValueError:
    return ValueError(f"{file} does not match its datasheet: {problem}. It is real data shipped "
                      "unchanged (datasets/README.md); restore it from the repository.")


def _bad_line(file: str, frame: pd.DataFrame, bad, column: str, rule: str) -> ValueError:
    row = int(np.flatnonzero(np.asarray(bad))[0])
    return _github_error(file, f"line {row + 2}: {column} must be {rule}; got {frame[column].iloc[row]!r}")


def _utc_column(file: str, frame: pd.DataFrame, column: str, *, required: bool) -> pd.Series:
    text = frame[column]
    empty = text == ""
    if required and empty.any():
        raise _bad_line(file, frame, empty, column, "a UTC time such as '2024-01-28T01:00:00Z'")
    parsed = pd.to_datetime(text.where(~empty), format=_UTC_FORMAT, utc=True, errors="coerce")
    if (parsed.isna() & ~empty).any():
        raise _bad_line(file, frame, parsed.isna() & ~empty, column,
                        "a UTC time such as '2024-01-28T01:00:00Z'")
    return parsed


@functools.lru_cache(maxsize=2)
def _github_incidents_frame(path: str, mtime_ns: int) -> pd.DataFrame:
    name = GITHUB_INCIDENTS_FILE
    raw = _read_text_table(path, name, _GITHUB_INCIDENT_COLUMNS)
    ids = raw["incident_id"]
    if not ids.str.fullmatch(r"[0-9A-Za-z]+").all():
        raise _bad_line(name, raw, ~ids.str.fullmatch(r"[0-9A-Za-z]+"), "incident_id", "a non-empty id")
    if ids.duplicated().any():
        raise _bad_line(name, raw, ids.duplicated(), "incident_id", "unique")
    impact = raw["impact"]
    allowed = [*GITHUB_IMPACTS, "maintenance"]
    if not impact.isin(allowed).all():
        raise _bad_line(name, raw, ~impact.isin(allowed), "impact", "one of " + ", ".join(map(repr, allowed)))
    started = _utc_column(name, raw, "started_at", required=True)
    resolved = _utc_column(name, raw, "resolved_at", required=True)
    impact_start = _utc_column(name, raw, "impact_start", required=False)
    impact_end = _utc_column(name, raw, "impact_end", required=False)
    if (resolved < started).any():
        raise _bad_line(name, raw, resolved < started, "resolved_at", "at or after started_at")
    if (impact_start.isna() != impact_end.isna()).any():
        raise _bad_line(name, raw, impact_start.isna() != impact_end.isna(), "impact_end",
                        "given exactly when impact_start is")
    if (impact_end < impact_start).any():
        raise _bad_line(name, raw, impact_end < impact_start, "impact_end", "at or after impact_start")
    # Upstream's duration: the reported impact window where there is one, else the status page's span.
    minutes = pd.to_numeric(raw["duration_minutes"], errors="coerce")
    duration = (impact_end - impact_start).fillna(resolved - started)
    if not (minutes == duration.dt.total_seconds() / 60).all():
        raise _bad_line(name, raw, ~(minutes == duration.dt.total_seconds() / 60), "duration_minutes",
                        "impact_end - impact_start (where given, else resolved_at - started_at) in minutes")
    components = [tuple(text.split(";")) if text else () for text in raw["components"]]
    return pd.DataFrame({
        "incident_id": ids.astype(object),
        "title": raw["title"].astype(object),
        "impact": pd.Categorical(impact.where(impact != "maintenance"), categories=list(GITHUB_IMPACTS),
                                 ordered=True),
        "maintenance": (impact == "maintenance").to_numpy(),
        "components": pd.Series(components, dtype=object),
        "started_at": started,
        "resolved_at": resolved,
        "impact_start": impact_start,
        "impact_end": impact_end,
        "duration": duration,
        "postmortem": raw["postmortem"].where(raw["postmortem"] != "").astype(object),
        "url": raw["url"].astype(object),
    })


def load_github_incidents() -> pd.DataFrame:
    """Load GitHub's public status history, 2022-03 to 2026-08: one row per incident (819).

    Real data, shipped unchanged: GitHub's status page as reconstructed by the
    open-source project mrshu/github-statuses (commit becbfc2, MIT licence;
    see ``datasets/README.md``). Every row of the file is kept; maintenance
    windows (scheduled work, not incidents) are flagged, not dropped.

    Returns
    -------
    pandas.DataFrame
        In file order (by ``started_at``), a ``RangeIndex``, columns:

        ``incident_id`` (str), ``title`` (str);
        ``impact``: ordered categorical ``none < minor < major < critical``,
        **missing (NaN) for the 18 maintenance windows**, which have
        ``maintenance == True`` instead;
        ``maintenance`` (bool);
        ``components``: a tuple of component names (``()`` where the page
        named none; ``df.explode("components")`` gives one row per component);
        ``started_at`` / ``resolved_at``: first and last status update
        (tz-aware UTC; for maintenance the "Completed" update);
        ``impact_start`` / ``impact_end``: the window in which users were
        really affected, as a later incident report states it (163 incidents;
        NaT elsewhere);
        ``duration`` (Timedelta): the file's ``duration_minutes``, as the
        upstream project defines it: ``impact_end - impact_start`` where an
        incident report gives the window (163 incidents), else
        ``resolved_at - started_at``. The status page's own span is
        ``resolved_at - started_at`` (what :func:`sre_lab.incident_timelines`
        measures from the updates);
        ``postmortem``: that report's text (NaN where none); ``url``.

    Raises
    ------
    FileNotFoundError
        The file is missing.
    ValueError
        The file does not match its datasheet; the message names the file,
        the line (the header is line 1), the column and the value.

    Examples
    --------
    >>> incidents = load_github_incidents()
    >>> len(incidents), int(incidents["maintenance"].sum()), str(incidents["started_at"].dt.tz)
    (819, 18, 'UTC')
    >>> incidents["impact"].value_counts().to_dict()
    {'minor': 604, 'major': 138, 'none': 31, 'critical': 28}
    >>> int(incidents["impact_start"].notna().sum())
    163
    >>> incidents.loc[~incidents["maintenance"], "duration"].median()
    Timedelta('0 days 01:13:00')
    """
    return _github_incidents_frame(*_cache_key(GITHUB_INCIDENTS_FILE)).copy()  # tuples: nothing shared to change


@functools.lru_cache(maxsize=2)
def _github_updates_frame(path: str, mtime_ns: int) -> pd.DataFrame:
    name = GITHUB_UPDATES_FILE
    raw = _read_text_table(path, name, _GITHUB_UPDATE_COLUMNS)
    if (raw["incident_id"] == "").any():
        raise _bad_line(name, raw, raw["incident_id"] == "", "incident_id", "a non-empty id")
    at = _utc_column(name, raw, "at", required=True)
    status = raw["status"]
    known = status.str.lower().isin(GITHUB_STATUSES)
    if not known.all():
        raise _bad_line(name, raw, ~known, "status", "one of " + ", ".join(map(repr, GITHUB_STATUSES))
                        + " (any case)")
    return pd.DataFrame({"incident_id": raw["incident_id"].astype(object), "at": at,
                         "status": status.astype(object), "message": raw["message"].astype(object)})


def load_github_updates() -> pd.DataFrame:
    """Load every status-page update of :func:`load_github_incidents` (4,570 rows).

    Returns
    -------
    pandas.DataFrame
        In file order (by incident, then time), columns ``incident_id`` (str),
        ``at`` (tz-aware UTC), ``status`` as published (``Investigating``,
        ``Update``, ``Monitoring``, ``Resolved``; ``Scheduled``,
        ``In progress``, ``Completed`` for maintenance) and ``message`` (str).
        Feed it to :func:`sre_lab.incident_timelines`.

    Raises
    ------
    FileNotFoundError, ValueError
        As :func:`load_github_incidents` (file, line, column and value named).

    Examples
    --------
    >>> updates = load_github_updates()
    >>> len(updates), updates["incident_id"].nunique(), str(updates["at"].dt.tz)
    (4570, 819, 'UTC')
    >>> updates["status"].value_counts().head(3).to_dict()
    {'Update': 2860, 'Resolved': 801, 'Investigating': 779}
    """
    return _github_updates_frame(*_cache_key(GITHUB_UPDATES_FILE)).copy()


# --------------------------------------------------------------------------- section 5: deployments, work

_DEPLOYMENT_COLUMNS = list(simulation.DEPLOYMENT_COLUMNS)
_WORK_LOG_COLUMNS = list(simulation.WORK_LOG_COLUMNS)
_TEXT = {"dtype": str, "keep_default_na": False, "na_filter": False}


def _bad_row(file: str, frame: pd.DataFrame, bad, column: str, rule: str) -> ValueError:
    row = int(np.flatnonzero(np.asarray(bad))[0])
    return _schema_error(file, f"line {row + 2}: {column} must be {rule}; got {frame[column].iloc[row]!r}")


def _times(file: str, raw: pd.DataFrame, column: str, *, required: bool, fmt: str = _UTC_FORMAT) -> pd.Series:
    text = raw[column]
    empty = text == ""
    rule = "a UTC time such as '2026-10-05T14:00:00Z'" if fmt == _UTC_FORMAT else "a day such as '2026-10-05'"
    if required and empty.any():
        raise _bad_row(file, raw, empty, column, rule)
    parsed = pd.to_datetime(text.where(~empty), format=fmt, utc=True, errors="coerce")
    if (parsed.isna() & ~empty).any():
        raise _bad_row(file, raw, parsed.isna() & ~empty, column, rule)
    return parsed


def _flags(file: str, raw: pd.DataFrame, column: str) -> np.ndarray:
    text = raw[column]
    if not text.isin(["True", "False"]).all():
        raise _bad_row(file, raw, ~text.isin(["True", "False"]), column, "True or False")
    return (text == "True").to_numpy()


def _optional_text(raw: pd.DataFrame, column: str) -> pd.Series:
    return raw[column].where(raw[column] != "").astype("string")


@functools.lru_cache(maxsize=2)
def _deployments_frame(path: str, mtime_ns: int) -> pd.DataFrame:
    name = DEPLOYMENTS_FILE
    raw = pd.read_csv(path, **_TEXT)
    if list(raw.columns) != _DEPLOYMENT_COLUMNS:
        raise _schema_error(name, f"columns are {list(raw.columns)}, expected {_DEPLOYMENT_COLUMNS}")
    for column in ("deploy_id", "team", "service", "change_kind"):
        if (raw[column] == "").any():
            raise _bad_row(name, raw, raw[column] == "", column, "filled in every row")
    if raw["deploy_id"].duplicated().any():
        raise _bad_row(name, raw, raw["deploy_id"].duplicated(), "deploy_id", "unique")
    if not raw["service"].isin(SERVICE_NAMES).all():
        raise _bad_row(name, raw, ~raw["service"].isin(SERVICE_NAMES), "service",
                       "one of " + ", ".join(map(repr, SERVICE_NAMES)))
    if not raw["change_kind"].isin(["binary", "config"]).all():
        raise _bad_row(name, raw, ~raw["change_kind"].isin(["binary", "config"]), "change_kind",
                       "'binary' or 'config'")
    commit = _times(name, raw, "commit_at", required=True)
    deployed = _times(name, raw, "deployed_at", required=True)
    restored = _times(name, raw, "restored_at", required=False)
    failed = _flags(name, raw, "failed")
    caused = _flags(name, raw, "caused_incident")
    if (deployed < commit).any():
        raise _bad_row(name, raw, deployed < commit, "deployed_at", "at or after commit_at")
    if (restored < deployed).any():
        raise _bad_row(name, raw, restored < deployed, "restored_at", "at or after deployed_at")
    if (restored.notna().to_numpy() & ~failed).any():
        raise _bad_row(name, raw, restored.notna().to_numpy() & ~failed, "restored_at",
                       "empty where failed is False")
    if (caused & ~failed).any():
        raise _bad_row(name, raw, caused & ~failed, "caused_incident", "False where failed is False")
    if ((raw["incident_id"] != "").to_numpy() & ~caused).any():
        raise _bad_row(name, raw, (raw["incident_id"] != "").to_numpy() & ~caused, "incident_id",
                       "empty where caused_incident is False")
    return pd.DataFrame({
        "deploy_id": raw["deploy_id"].astype(object), "team": raw["team"].astype(object),
        "service": raw["service"].astype(object), "change_kind": raw["change_kind"].astype(object),
        "commit_at": commit, "deployed_at": deployed, "failed": failed, "restored_at": restored,
        "incident_id": _optional_text(raw, "incident_id"), "caused_incident": caused,
    })


def load_deployments() -> pd.DataFrame:
    """Load MicroCorp's deployment log: every production deployment of one quarter.

    13 weeks, Monday 2026-08-03 to Sunday 2026-11-01 (UTC), ending with the
    28 days of :func:`load_requests`. Three teams (``sl.SERVICE_TEAMS``)
    that ship very differently: ``search`` deploys many times a day through
    a pipeline, ``orders`` (checkout and notifications) about daily after a
    review of a few days, ``payments`` about weekly in large batches. Feed it
    (or one team's rows) to :func:`sre_lab.dora_metrics`.

    Same world as :func:`load_incidents`: every incident of the 28 days
    triggered by a "Binary push" or a "Configuration push" was caused by
    exactly one failed deployment of that service a few minutes before it
    ``started`` (its ``incident_id``), restored when the incident was
    **mitigated**. Earlier in the quarter, change incidents of the simulated
    year (not in ``incidents.csv``) are linked the same way
    (``caused_incident`` True, ``incident_id`` empty). Other failed
    deployments were caught by a canary or a user report and rolled back or
    hotfixed without an incident being declared.

    Returns
    -------
    pandas.DataFrame
        In order of ``deployed_at``: ``deploy_id`` (``DEP-0001`` ...),
        ``team``, ``service``, ``change_kind`` (``binary`` / ``config``),
        ``commit_at``, ``deployed_at`` (tz-aware UTC), ``failed`` (bool),
        ``restored_at`` (UTC, ``NaT`` unless failed), ``incident_id`` (the
        ``sl.load_incidents()`` id, ``<NA>`` elsewhere), ``caused_incident``
        (bool).

    Raises
    ------
    FileNotFoundError
        The file is missing (rebuild it with ``python -m sre_lab.datasets build``).
    ValueError
        The file does not match its datasheet (file, line, column, value named).

    Examples
    --------
    >>> deployments = load_deployments()
    >>> str(deployments["deployed_at"].dt.tz), sorted(deployments["team"].unique())
    ('UTC', ['orders', 'payments', 'search'])
    >>> deployments.loc[deployments["incident_id"].notna(), "incident_id"].tolist()
    ['INC-001', 'INC-005', 'INC-010', 'INC-012', 'INC-014']
    """
    return _deployments_frame(*_cache_key(DEPLOYMENTS_FILE)).copy()


@functools.lru_cache(maxsize=2)
def _work_log_frame(path: str, mtime_ns: int) -> pd.DataFrame:
    name = WORK_LOG_FILE
    raw = pd.read_csv(path, **_TEXT)
    if list(raw.columns) != _WORK_LOG_COLUMNS:
        raise _schema_error(name, f"columns are {list(raw.columns)}, expected {_WORK_LOG_COLUMNS}")
    date = _times(name, raw, "date", required=True, fmt="%Y-%m-%d")
    tasks = simulation.WORK_TASKS
    if not raw["task"].isin(tasks.index).all():
        raise _bad_row(name, raw, ~raw["task"].isin(tasks.index), "task", "a task of sl.WORK_TASKS")
    kinds = raw["task"].map(tasks["kind"])
    if not (kinds == raw["kind"]).all():
        raise _bad_row(name, raw, kinds != raw["kind"], "kind", "the kind of its task in sl.WORK_TASKS")
    for column in ("engineer", "team"):
        if (raw[column] == "").any():
            raise _bad_row(name, raw, raw[column] == "", column, "filled in every row")
    minutes = pd.to_numeric(raw["minutes"], errors="coerce")
    good = minutes.notna() & (minutes == minutes.round()) & (minutes > 0) & (minutes <= 1440)
    if not good.all():
        raise _bad_row(name, raw, ~good, "minutes", "a whole number of minutes in 1 .. 1440")
    service = _optional_text(raw, "service")
    if not (service.isna() | service.isin(SERVICE_NAMES)).all():
        raise _bad_row(name, raw, ~(service.isna() | service.isin(SERVICE_NAMES)), "service",
                       "empty or one of " + ", ".join(map(repr, SERVICE_NAMES)))
    return pd.DataFrame({
        "date": date, "engineer": raw["engineer"].astype(object), "team": raw["team"].astype(object),
        "kind": raw["kind"].astype(object), "task": raw["task"].astype(object), "service": service,
        "minutes": minutes.astype("int64"), "incident_id": _optional_text(raw, "incident_id"),
        "deploy_id": _optional_text(raw, "deploy_id"),
    })


def load_work_log() -> pd.DataFrame:
    """Load the SRE/ops work of MicroCorp's ten engineers over the quarter, task by task.

    Same quarter as :func:`load_deployments` (2026-08-03 to 2026-11-01).
    One row per task done: pages (every incident of the quarter pages the
    on-call engineer of its team; the 28 days' pages carry their
    ``incident_id``), postmortems, tickets, manual tasks, release work (each
    ``deploy_id`` of a team with manual release steps, each rollback or
    hotfix of a failed deployment), meetings and engineering project work
    filling each 480-minute weekday. ``sl.WORK_TASKS`` describes every task
    with the six traits of toil of the Google SRE book (ch. 5), so toil is
    classified from the traits, not from a label.

    Returns
    -------
    pandas.DataFrame
        ``date`` (UTC midnight of the day), ``engineer``, ``team``, ``kind``
        (``page``, ``postmortem``, ``ticket``, ``manual task``, ``release``,
        ``project``, ``meeting``), ``task`` (an index of ``sl.WORK_TASKS``),
        ``service`` (``<NA>`` for meetings and projects), ``minutes`` (int),
        ``incident_id`` and ``deploy_id`` (``<NA>`` unless the task belongs
        to one), sorted by date and engineer.

    Raises
    ------
    FileNotFoundError, ValueError
        As :func:`load_deployments`.

    Examples
    --------
    >>> work = load_work_log()
    >>> sorted(work["team"].unique()), work["engineer"].nunique()
    (['orders', 'payments', 'search'], 10)
    >>> str(work["date"].min().date()), str(work["date"].max().date())
    ('2026-08-03', '2026-11-01')
    """
    return _work_log_frame(*_cache_key(WORK_LOG_FILE)).copy()


# --------------------------------------------------------------------------- build

def _all_incidents() -> pd.DataFrame:
    """Every incident of the simulated year (random draws and planted events), by ``started``."""
    seeds = np.random.SeedSequence(SEED).spawn(3)
    random_incidents = simulation.simulate_incidents(HISTORY_START, HISTORY_DAYS, rng=np.random.default_rng(seeds[0]))
    planted = PLANTED_INCIDENTS.copy()
    for column in _TIME_COLUMNS:
        planted[column] = pd.to_datetime(planted[column], utc=True)
    planted["severity"] = simulation.severity_from_users(planted["users_affected"].to_numpy())
    planted["planted"] = True
    all_incidents = pd.concat([random_incidents.drop(columns="id"), planted], ignore_index=True)
    return all_incidents.sort_values("started", kind="stable").reset_index(drop=True)


def _world():
    """Generate the three tables from the fixed seed."""
    seeds = np.random.SeedSequence(SEED).spawn(3)
    all_incidents = _all_incidents()

    window_end = WINDOW_START + pd.Timedelta(days=WINDOW_DAYS)
    before_days = (WINDOW_START - HISTORY_START).days
    earlier = simulation.simulate_traffic(HISTORY_START, before_days, incidents=all_incidents,
                                          latency=False, rng=np.random.default_rng(seeds[1]))
    requests = simulation.simulate_traffic(WINDOW_START, WINDOW_DAYS, incidents=all_incidents,
                                           rng=np.random.default_rng(seeds[2]))

    daily = pd.concat([earlier, requests[["timestamp", "service", "requests", "errors"]]])
    daily["date"] = daily["timestamp"].dt.strftime("%Y-%m-%d")
    order = {name: i for i, name in enumerate(SERVICE_NAMES)}
    history = (daily.groupby(["date", "service"], sort=False)[["requests", "errors"]].sum().reset_index()
               .sort_values(["date", "service"], key=lambda c: c.map(order) if c.name == "service" else c)
               .reset_index(drop=True))

    in_window = (all_incidents["started"] < window_end) & (all_incidents["mitigated"] > WINDOW_START)
    incidents = all_incidents.loc[in_window].reset_index(drop=True)
    incidents.insert(0, "id", [f"INC-{i + 1:03d}" for i in range(len(incidents))])
    return requests, incidents[list(INCIDENT_COLUMNS)], history


def _culture_world(incidents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quarter's deployment log and work log, from the year's incidents.

    ``incidents`` are the 28 days' incidents with their ``INC-`` ids; the
    year's other incidents (before the 28 days) take part without an id.
    """
    from .cost.chargeback import SERVICE_TEAMS

    year = _all_incidents()
    ids = incidents[["service", "started", "id"]]
    year = year.merge(ids, on=["service", "started"], how="left", validate="one_to_one")
    seeds = np.random.SeedSequence(list(CULTURE_SEED)).spawn(2)
    deployments = simulation.simulate_deployments(year, QUARTER_START, QUARTER_DAYS, teams=SERVICE_TEAMS,
                                                  rng=np.random.default_rng(seeds[0]))
    work = simulation.simulate_work_log(year, deployments, QUARTER_START, QUARTER_DAYS,
                                        rng=np.random.default_rng(seeds[1]))
    work["date"] = work["date"].dt.strftime("%Y-%m-%d")
    return deployments, work


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%dT%H:%M:%SZ").encode()


def build(directory: str | os.PathLike | None = None) -> dict[str, int]:
    """Regenerate every data file into ``directory`` (default: :func:`data_dir`).

    The output is byte-identical on every run: fixed seeds, fixed formatting
    and a gzip header without a time stamp or file name. Only the five
    generated MicroCorp files (``GENERATED_FILES``) are written; the real GitHub history files
    (``github_status_*.csv`` and their licence) are neither written nor
    deleted.

    Returns
    -------
    dict
        File name -> size in bytes (the five of ``GENERATED_FILES``).
    """
    if directory is not None and not isinstance(directory, (str, os.PathLike)):
        raise TypeError(message("directory", "a folder path (str or pathlib.Path)", directory))
    target = Path(directory) if directory is not None else data_dir()
    if target.exists() and not target.is_dir():
        raise ValueError(message("directory", "a folder (or a path where one can be created)",
                                 str(target), "It is an existing file."))
    target.mkdir(parents=True, exist_ok=True)
    requests, incidents, history = _world()
    deployments, work = _culture_world(incidents)
    files = {
        REQUESTS_FILE: gzip.compress(_csv_bytes(requests), compresslevel=9, mtime=0),
        INCIDENTS_FILE: _csv_bytes(incidents),
        HISTORY_FILE: _csv_bytes(history),
        DEPLOYMENTS_FILE: _csv_bytes(deployments),
        WORK_LOG_FILE: _csv_bytes(work),
    }
    for name, payload in files.items():
        (target / name).write_bytes(payload)
    _requests_frame.cache_clear()
    _deployments_frame.cache_clear()
    _work_log_frame.cache_clear()
    return {name: len(payload) for name, payload in files.items()}


def _main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sre_lab.datasets",
                                     description="Regenerate the SRE Lab data files.")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--out", default=None, help="folder to write to (default: the repository's datasets/)")
    args = parser.parse_args(argv)
    sizes = build(args.out)
    for name, size in sizes.items():
        print(f"{name:24s} {size / 1e6:6.2f} MB")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
