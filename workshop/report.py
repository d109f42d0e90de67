"""The pure parts of the workshop load test: notebook cells in, report figures out.

Nothing here starts a process or opens a socket, and nothing imports JupyterHub, httpx,
websockets or psutil, so the normal test suite checks it (``tests/test_workshop.py``)
without the workshop environment. The driver (``workshop/loadtest.py``) measures; this
module turns its measurements into the figures an instructor reads.

Contents
--------
read_code_cells         the code cells of a notebook, in order, as the kernel will run them
LearnerResult           what one learner measured (time to a ready server, notebook times, ...)
Assumptions             the stated assumptions behind the capacity estimates
learners_by_memory      how many learners fit in a machine's memory
learners_by_cpu         how many learners the cores serve when the room runs a notebook at once
learners_at_pace        the same at each learner's own pace (for comparison, not a limit)
capacity_table          both estimates for a few machine sizes
summary_line            the last line the load test prints: ``N learners: F failed, ...``
format_report           the whole printed report
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024
GB = 1024 * MB

#: Machine sizes the report prints estimates for (cores, memory in GiB): common small cloud VMs.
MACHINE_SIZES = ((2, 8), (4, 16), (8, 32), (16, 64))


@dataclass(frozen=True)
class Cell:
    """One code cell: its source and whether the notebook expects it to raise.

    nbval's ``raises-exception`` tag marks a cell whose error is the lesson; an error there
    is not a failure.
    """

    source: str
    expect_error: bool = False


def read_code_cells(path: str | Path) -> list[Cell]:
    """Return the code cells of the notebook at ``path``, in order, skipping empty ones.

    Sources stored as a list of lines (the usual ``.ipynb`` form) are joined; cells tagged
    ``raises-exception`` are marked ``expect_error``. Markdown and raw cells are left out.

    Raises
    ------
    ValueError
        If the file is not an nbformat 4 notebook.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
    ...     {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
    ...     {"cell_type": "code", "metadata": {}, "source": ["x = 1\\n", "x + 1"]},
    ...     {"cell_type": "code", "metadata": {}, "source": "   \\n"},
    ...     {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "source": "1 / 0"}]}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.ipynb"
    >>> _ = path.write_text(json.dumps(nb))
    >>> read_code_cells(path)
    [Cell(source='x = 1\\nx + 1', expect_error=False), Cell(source='1 / 0', expect_error=True)]
    """
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(notebook, dict) or notebook.get("nbformat") != 4 or "cells" not in notebook:
        raise ValueError(f"path must be an nbformat 4 notebook; got {str(path)!r}.")
    cells = []
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if not source.strip():
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        cells.append(Cell(source, "raises-exception" in tags))
    return cells


@dataclass
class LearnerResult:
    """What one learner measured.

    ``peak_rss_bytes`` is the largest sampled sum of the resident memory of the learner's
    server and all its kernels (sampled together, so it is a real moment, not a sum of
    separate peaks). ``start_cpu_s`` is the server's CPU time until it was ready;
    ``cpu_s`` is the CPU time of the server and its kernels over the whole run.
    ``server_rss_bytes`` and ``kernel_rss_bytes`` are the peaks of the server alone and of
    the largest single kernel.
    """

    name: str
    ready_s: float | None = None
    notebook_s: dict[str, float] = field(default_factory=dict)
    peak_rss_bytes: int = 0
    server_rss_bytes: int = 0
    kernel_rss_bytes: int = 0
    start_cpu_s: float = 0.0
    cpu_s: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    @property
    def work_cpu_s(self) -> float:
        """CPU seconds spent after the server was ready: kernels and the server serving them."""
        return max(self.cpu_s - self.start_cpu_s, 0.0)


@dataclass(frozen=True)
class Assumptions:
    """The assumptions behind the capacity estimates, printed with them.

    Parameters
    ----------
    os_reserve_bytes : int
        Memory kept for the operating system and page cache, on top of the hub and proxy.
    burst_seconds : float
        The worst moment for the CPU is the instructor saying "run the notebook now": every
        learner starts the same notebook with a fresh kernel at once. The room is served when
        all those runs finish within ``burst_seconds`` (default 30 s: the course promises a
        notebook in 20 s on an idle machine).
    pace_minutes : float
        Shown for comparison, not a limit: learners working at their own pace, each running
        a notebook top to bottom every ``pace_minutes`` (about three runs in a 30-minute
        notebook, with re-runs and slider moves), spread out over time.
    """

    os_reserve_bytes: int = 1 * GB
    burst_seconds: float = 30.0
    pace_minutes: float = 10.0

    def lines(self) -> list[str]:
        return [
            f"memory-bound: usable RAM = machine RAM - {self.os_reserve_bytes / GB:g} GiB for the "
            "OS - hub - proxy; per learner = the largest measured peak of server + kernels "
            "sampled together, with every notebook's kernel kept open (JupyterLab does not shut "
            "a kernel down when its tab closes).",
            "CPU-bound: the whole room runs the same notebook at the same moment, and every run "
            f"must finish within {self.burst_seconds:g} s: learners = cores x "
            f"{self.burst_seconds:g} s / CPU-seconds per run (CPU per run = measured CPU of "
            "server + kernels after the server was ready / notebooks run, incl. kernel start).",
            f"own pace (for comparison, not a limit): each learner runs a notebook every "
            f"{self.pace_minutes:g} min, spread out: learners = cores x {self.pace_minutes:g} "
            "min / CPU-seconds per run.",
            "logins: a server start costs the measured server-start CPU-seconds; if everyone "
            "logs in at the same moment the last server is ready after about learners x that / "
            "cores. Memory is the machine's physical RAM; no swap is counted.",
        ]


def learners_by_memory(ram_bytes: float, per_learner_bytes: float, *, hub_bytes: float = 0,
                       proxy_bytes: float = 0, os_reserve_bytes: float = 1 * GB) -> int:
    """How many learners fit in ``ram_bytes`` of memory, at ``per_learner_bytes`` each.

    usable = RAM - OS reserve - hub - proxy; learners = floor(usable / per learner), never
    below 0.

    Examples
    --------
    A 16 GiB machine, 280 MiB per learner, a 125 MiB hub and a 60 MiB proxy: 15 GiB less
    185 MiB is 15175 MiB, and 15175 / 280 = 54.2, so 54 learners.

    >>> learners_by_memory(16 * GB, 280 * MB, hub_bytes=125 * MB, proxy_bytes=60 * MB)
    54
    >>> learners_by_memory(1 * GB, 280 * MB)
    0
    """
    if per_learner_bytes <= 0:
        raise ValueError(f"per_learner_bytes must be > 0; got {per_learner_bytes!r}.")
    usable = ram_bytes - os_reserve_bytes - hub_bytes - proxy_bytes
    return max(math.floor(usable / per_learner_bytes), 0)


def learners_by_cpu(cores: float, cpu_s_per_run: float, *, burst_seconds: float = 30.0) -> int:
    """How many learners can run a notebook at the same moment and all finish in ``burst_seconds``.

    N learners starting together need ``N * cpu_s_per_run`` CPU-seconds; ``cores`` give
    ``cores * burst_seconds`` of them in the time allowed, so N = floor(that / per run).

    Examples
    --------
    Two cores give 60 CPU-seconds in 30 s; at 2.5 CPU-seconds per run, 24 learners.

    >>> learners_by_cpu(2, 2.5)
    24
    >>> learners_by_cpu(2, 2.5, burst_seconds=60)
    48
    """
    if cpu_s_per_run <= 0:
        raise ValueError(f"cpu_s_per_run must be > 0; got {cpu_s_per_run!r}.")
    if burst_seconds <= 0:
        raise ValueError(f"burst_seconds must be > 0; got {burst_seconds!r}.")
    return max(math.floor(cores * burst_seconds / cpu_s_per_run), 0)


@dataclass(frozen=True)
class Figures:
    """The run's key figures, computed once from the learners' results."""

    n_learners: int
    n_failed: int
    ready_median_s: float | None
    ready_max_s: float | None
    notebook_max_s: dict[str, float]
    peak_rss_max_bytes: int
    peak_rss_median_bytes: float
    server_rss_max_bytes: int
    kernel_rss_max_bytes: int
    cpu_s_per_run: float | None
    start_cpu_s: float | None
    hub_bytes: int
    proxy_bytes: int
    hub_cpu_s: float = 0.0
    proxy_cpu_s: float = 0.0


def figures(results: list[LearnerResult], *, hub_bytes: int, proxy_bytes: int,
            hub_cpu_s: float = 0.0, proxy_cpu_s: float = 0.0) -> Figures:
    """Summarise the learners' results: medians and maxima over learners that got that far.

    Examples
    --------
    >>> a = LearnerResult("a", ready_s=3.0, notebook_s={"x": 4.0, "y": 6.0},
    ...                   peak_rss_bytes=300 * MB, start_cpu_s=2.0, cpu_s=12.0)
    >>> b = LearnerResult("b", ready_s=5.0, notebook_s={"x": 5.0}, peak_rss_bytes=200 * MB,
    ...                   start_cpu_s=2.0, cpu_s=8.0, failures=["y: cell 3 raised KeyError"])
    >>> f = figures([a, b], hub_bytes=100 * MB, proxy_bytes=50 * MB)
    >>> f.n_failed, f.ready_median_s, f.ready_max_s, f.notebook_max_s
    (1, 4.0, 5.0, {'x': 5.0, 'y': 6.0})
    >>> f.peak_rss_max_bytes // MB, f.cpu_s_per_run
    (300, 5.0)
    """
    ready = [r.ready_s for r in results if r.ready_s is not None]
    notebook_max: dict[str, float] = {}
    for r in results:
        for name, seconds in r.notebook_s.items():
            notebook_max[name] = max(notebook_max.get(name, 0.0), seconds)
    peaks = [r.peak_rss_bytes for r in results if r.peak_rss_bytes > 0]
    # CPU per run from learners that ran every notebook: a failed run's CPU is not a run's.
    complete = [r for r in results if not r.failed and r.notebook_s]
    per_run = [r.work_cpu_s / len(r.notebook_s) for r in complete]
    starts = [r.start_cpu_s for r in results if r.ready_s is not None]
    return Figures(
        n_learners=len(results),
        n_failed=sum(r.failed for r in results),
        ready_median_s=statistics.median(ready) if ready else None,
        ready_max_s=max(ready) if ready else None,
        notebook_max_s=notebook_max,
        peak_rss_max_bytes=max(peaks, default=0),
        peak_rss_median_bytes=statistics.median(peaks) if peaks else 0.0,
        server_rss_max_bytes=max((r.server_rss_bytes for r in results), default=0),
        kernel_rss_max_bytes=max((r.kernel_rss_bytes for r in results), default=0),
        cpu_s_per_run=statistics.mean(per_run) if per_run else None,
        start_cpu_s=statistics.mean(starts) if starts else None,
        hub_bytes=hub_bytes,
        proxy_bytes=proxy_bytes,
        hub_cpu_s=hub_cpu_s,
        proxy_cpu_s=proxy_cpu_s,
    )


def capacity(f: Figures, *, cores: float, ram_bytes: float,
             assumptions: Assumptions = Assumptions()) -> tuple[int | None, int | None]:
    """(memory-bound, CPU-bound) learners for one machine; None where nothing was measured."""
    memory = cpu = None
    if f.peak_rss_max_bytes > 0:
        memory = learners_by_memory(ram_bytes, f.peak_rss_max_bytes, hub_bytes=f.hub_bytes,
                                    proxy_bytes=f.proxy_bytes,
                                    os_reserve_bytes=assumptions.os_reserve_bytes)
    if f.cpu_s_per_run:
        cpu = learners_by_cpu(cores, f.cpu_s_per_run, burst_seconds=assumptions.burst_seconds)
    return memory, cpu


def capacity_table(f: Figures, *, machines, assumptions: Assumptions = Assumptions()) -> list[str]:
    """Lines of a table: for each (label, cores, RAM bytes) machine, both estimates and the lower.

    Examples
    --------
    >>> f = Figures(8, 0, 3.0, 16.0, {}, 280 * MB, 280 * MB, 130 * MB, 150 * MB, 2.5, 2.0,
    ...             125 * MB, 60 * MB)
    >>> print("\\n".join(capacity_table(f, machines=[("4 cores, 16 GiB", 4, 16 * GB)])))
    | machine | memory-bound | CPU-bound | learners |
    |---|---|---|---|
    | 4 cores, 16 GiB | 54 | 48 | 48 |
    """
    rows = ["| machine | memory-bound | CPU-bound | learners |", "|---|---|---|---|"]
    for label, cores, ram in machines:
        memory, cpu = capacity(f, cores=cores, ram_bytes=ram, assumptions=assumptions)
        known = [n for n in (memory, cpu) if n is not None]
        both = min(known) if known else None
        rows.append(f"| {label} | {_n(memory)} | {_n(cpu)} | {_n(both)} |")
    return rows


def learners_at_pace(cores: float, cpu_s_per_run: float, *, pace_minutes: float = 10.0) -> int:
    """Learners the cores carry when each runs a notebook every ``pace_minutes``, spread out.

    Examples
    --------
    Two cores give 1200 CPU-seconds in 10 minutes; at 2.5 per run, 480 learners.

    >>> learners_at_pace(2, 2.5)
    480
    """
    if cpu_s_per_run <= 0:
        raise ValueError(f"cpu_s_per_run must be > 0; got {cpu_s_per_run!r}.")
    return max(math.floor(cores * pace_minutes * 60 / cpu_s_per_run), 0)


def _n(value) -> str:
    return "?" if value is None else str(value)


def _s(seconds: float | None) -> str:
    return "?" if seconds is None else f"{seconds:.1f} s"


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / MB:.0f} MB"


def summary_line(f: Figures, *, cores: float, ram_bytes: float,
                 assumptions: Assumptions = Assumptions()) -> str:
    """The last line the load test prints: ``N learners: F failed, ...`` and the key figures.

    Examples
    --------
    >>> f = Figures(8, 0, 12.5, 16.2, {"00_start_here": 9.1, "1b": 14.3}, 290 * MB, 280 * MB,
    ...             130 * MB, 150 * MB, 2.5, 2.0, 125 * MB, 60 * MB)
    >>> summary_line(f, cores=2, ram_bytes=24 * GB)  # doctest: +NORMALIZE_WHITESPACE
    '8 learners: 0 failed, ready server median 12.5 s / max 16.2 s, slowest notebook 14.3 s,
     peak 290 MB per learner, hub+proxy 185 MB; this machine (2 cores, 24 GiB) serves about 24
     learners (memory 80, CPU 24)'
    """
    memory, cpu = capacity(f, cores=cores, ram_bytes=ram_bytes, assumptions=assumptions)
    known = [n for n in (memory, cpu) if n is not None]
    slowest = max(f.notebook_max_s.values(), default=None)
    return (f"{f.n_learners} learners: {f.n_failed} failed, "
            f"ready server median {_s(f.ready_median_s)} / max {_s(f.ready_max_s)}, "
            f"slowest notebook {_s(slowest)}, peak {_mb(f.peak_rss_max_bytes)} per learner, "
            f"hub+proxy {_mb(f.hub_bytes + f.proxy_bytes)}; this machine "
            f"({cores:g} cores, {ram_bytes / GB:.0f} GiB) serves about "
            f"{_n(min(known) if known else None)} learners (memory {_n(memory)}, CPU {_n(cpu)})")


def format_report(results: list[LearnerResult], f: Figures, *, cores: float, ram_bytes: float,
                  assumptions: Assumptions = Assumptions(), proxy_label: str = "") -> str:
    """The whole report: a row per learner, the overall figures, the estimates and assumptions."""
    names = sorted({name for r in results for name in r.notebook_s})
    head = ["learner", "ready server"] + names + ["peak RSS", "CPU time", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [r.name, _s(r.ready_s)] + [_s(r.notebook_s.get(n)) for n in names]
        cells += [_mb(r.peak_rss_bytes), f"{r.cpu_s:.1f} s",
                  "; ".join(r.failures) if r.failures else "ok"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"failures: {f.n_failed} of {f.n_learners} learners",
        f"time to a ready server: median {_s(f.ready_median_s)}, max {_s(f.ready_max_s)} "
        f"({f.n_learners} started at once)",
        "notebook run time (max over learners): "
        + (", ".join(f"{n} {_s(s)}" for n, s in sorted(f.notebook_max_s.items())) or "?"),
        f"peak memory per learner (server + kernels): median {_mb(f.peak_rss_median_bytes)}, "
        f"max {_mb(f.peak_rss_max_bytes)}; server alone {_mb(f.server_rss_max_bytes)}, largest "
        f"kernel {_mb(f.kernel_rss_max_bytes)} (each further kernel a learner keeps open adds "
        "about that)",
        f"hub {_mb(f.hub_bytes)}, proxy {_mb(f.proxy_bytes)}"
        + (f" ({proxy_label})" if proxy_label else "")
        + f"; CPU over the run: hub {_s(f.hub_cpu_s)}, proxy {_s(f.proxy_cpu_s)}",
        f"CPU per learner: server start {_s(f.start_cpu_s)}, one notebook run "
        f"{_s(f.cpu_s_per_run)} (CPU-seconds)",
        f"logins at once: {f.n_learners} server starts x {_s(f.start_cpu_s)} CPU / {cores:g} "
        f"cores = {_s(f.n_learners * f.start_cpu_s / cores if f.start_cpu_s else None)} of the "
        f"whole machine (measured to the last ready server: {_s(f.ready_max_s)})",
        "",
        "Learners a machine serves (estimates; the lower bound wins):",
    ]
    machines = [(f"this machine ({cores:g} cores, {ram_bytes / GB:.0f} GiB)", cores, ram_bytes)]
    machines += [(f"{c} cores, {g} GiB", c, g * GB) for c, g in MACHINE_SIZES]
    lines += capacity_table(f, machines=machines, assumptions=assumptions)
    if f.cpu_s_per_run:
        pace = assumptions.pace_minutes
        carried = learners_at_pace(cores, f.cpu_s_per_run, pace_minutes=pace)
        lines.append(f"(at their own pace, a notebook every {pace:g} min each, this machine's "
                     f"cores would carry {carried} learners: the shared moments set the limit, "
                     "not the average)")
    lines += ["", "Assumptions:"] + [f"- {line}" for line in assumptions.lines()]
    return "\n".join(lines)
