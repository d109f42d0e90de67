"""The course's data files: loaders with schema checks, and ``build``.

All files in ``datasets/`` are generated from :mod:`sre_lab.simulation` with
fixed seeds; ``python -m sre_lab.datasets build`` writes byte-identical files
every time. ``datasets/README.md`` is the datasheet.

Public names
------------
=========================  ===================================================
``load_requests``          28 days x 1 minute x 4 services of traffic
``load_incidents``         the ground-truth incidents of those 28 days
``load_daily_history``     one year of daily totals per service
``load_traffic_csv``       a learner's own traffic CSV, checked line by line
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
    "PLANTED_INCIDENTS",
    "build",
    "data_dir",
]

REQUESTS_FILE = "requests_1min.csv.gz"
INCIDENTS_FILE = "incidents.csv"
HISTORY_FILE = "daily_history.csv"

#: The 28-day window of ``requests_1min.csv.gz`` (end exclusive) and the year
#: of ``daily_history.csv`` that ends with it.
WINDOW_START = pd.Timestamp("2026-10-05", tz="UTC")  # a Monday
WINDOW_DAYS = 28
HISTORY_START = pd.Timestamp("2025-11-02", tz="UTC")
HISTORY_DAYS = 365
SEED = 20261011

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
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], format="%Y-%m-%dT%H:%M:%SZ", utc=True)
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
    if len(frame) != expected_rows or set(frame["service"]) != set(SERVICE_NAMES):
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


# --------------------------------------------------------------------------- build

def _world():
    """Generate the three tables from the fixed seed."""
    seeds = np.random.SeedSequence(SEED).spawn(3)
    random_incidents = simulation.simulate_incidents(HISTORY_START, HISTORY_DAYS, rng=np.random.default_rng(seeds[0]))
    planted = PLANTED_INCIDENTS.copy()
    for column in _TIME_COLUMNS:
        planted[column] = pd.to_datetime(planted[column], utc=True)
    planted["severity"] = simulation.severity_from_users(planted["users_affected"].to_numpy())
    planted["planted"] = True
    all_incidents = pd.concat([random_incidents.drop(columns="id"), planted], ignore_index=True)
    all_incidents = all_incidents.sort_values("started", kind="stable").reset_index(drop=True)

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


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%dT%H:%M:%SZ").encode()


def build(directory: str | os.PathLike | None = None) -> dict[str, int]:
    """Regenerate every data file into ``directory`` (default: :func:`data_dir`).

    The output is byte-identical on every run: fixed seeds, fixed formatting
    and a gzip header without a time stamp or file name.

    Returns
    -------
    dict
        File name -> size in bytes.
    """
    if directory is not None and not isinstance(directory, (str, os.PathLike)):
        raise TypeError(message("directory", "a folder path (str or pathlib.Path)", directory))
    target = Path(directory) if directory is not None else data_dir()
    if target.exists() and not target.is_dir():
        raise ValueError(message("directory", "a folder (or a path where one can be created)",
                                 str(target), "It is an existing file."))
    target.mkdir(parents=True, exist_ok=True)
    requests, incidents, history = _world()
    files = {
        REQUESTS_FILE: gzip.compress(_csv_bytes(requests), compresslevel=9, mtime=0),
        INCIDENTS_FILE: _csv_bytes(incidents),
        HISTORY_FILE: _csv_bytes(history),
    }
    for name, payload in files.items():
        (target / name).write_bytes(payload)
    _requests_frame.cache_clear()
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
