"""Peak kernel memory and run time of each notebook, each in a fresh kernel.

Binder guarantees 1 GB per session (``jupyter_course_notes.md`` §2.4); the
course's target is a peak kernel RSS of at most 400 MB per notebook
(``QUALITY.md``). This runs every notebook top to bottom with nbclient in a new
kernel (the project's interpreter), in a temporary copy of ``notebooks/`` (so
nothing is written into the repository), and reads the kernel process's peak
resident set size from Linux's ``/proc/<pid>/status`` (``VmHWM``, the
high-water mark the kernel keeps) after each cell. The first row is the
reference measured in the same run: an empty notebook (ipykernel alone).

Usage::

    .venv/bin/python benchmarks/notebook_memory.py            # all notebooks
    .venv/bin/python benchmarks/notebook_memory.py notebooks/00_start_here.ipynb
    .venv/bin/python benchmarks/notebook_memory.py --limit-mb 400   # exit 1 above it

Prints a table (notebook, seconds, peak MB, ratio to the empty kernel) and
writes ``benchmarks/results/notebook_memory.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
RESULTS = REPO / "benchmarks" / "results" / "notebook_memory.json"
BINDER_GUARANTEE_MB = 1024
TARGET_MB = 400


def strip_ansi(text: str) -> str:
    """Text without terminal colour codes (tracebacks carry them)."""
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size in MiB (Linux ``VmHWM``), or ``None``."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0   # kB
    except OSError:
        return None
    return None


def run_notebook(path: Path, *, cwd: Path, timeout_s: int = 600) -> dict:
    """Execute ``path`` in a fresh python3 kernel; seconds, peak MB, first error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout_s, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    peak = {"mb": None}

    def measure(**_):
        pid = client.km.provisioner.pid if client.km and client.km.provisioner else None
        mb = peak_rss_mb(pid) if pid else None
        if mb is not None:
            peak["mb"] = max(mb, peak["mb"] or 0.0)

    client.on_cell_executed = measure
    client.on_cell_error = measure
    error = None
    start = time.perf_counter()
    try:
        # The kernel's own log (e.g. its "running over TCP" warning) would break the table.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        lines = strip_ansi(str(exc)).strip().splitlines()
        error = lines[-1][:200] if lines else repr(exc)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2),
            "peak_mb": None if peak["mb"] is None else round(peak["mb"], 1),
            "error": error}


def _empty_notebook(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3",
                                                           "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell("pass")]
    path = folder / "_empty_kernel.ipynb"
    nbformat.write(nb, path)
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebook under notebooks/)")
    parser.add_argument("--limit-mb", type=float, default=None,
                        help=f"exit with status 1 if a notebook's peak exceeds this (target {TARGET_MB})")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("peak RSS is read from /proc: Linux only", file=sys.stderr)
        return 2

    chosen = [p.resolve() for p in args.notebooks] or sorted(
        p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sre-lab-memory-") as tmp:
        copy = Path(tmp) / "notebooks"
        shutil.copytree(NOTEBOOKS, copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        baseline = run_notebook(_empty_notebook(Path(tmp)), cwd=Path(tmp))
        rows.append({"notebook": "(empty kernel: reference)", **baseline})
        for original in chosen:
            relative = original.relative_to(NOTEBOOKS)
            target = copy / relative
            rows.append({"notebook": f"notebooks/{relative.as_posix()}",
                         **run_notebook(target, cwd=target.parent)})

    base_mb = rows[0]["peak_mb"] or float("nan")
    width = max(len(r["notebook"]) for r in rows)
    print(f"{'notebook':<{width}}  {'seconds':>8}  {'peak MB':>8}  {'x empty':>7}  note")
    for row in rows:
        mb = row["peak_mb"]
        ratio = f"{mb / base_mb:7.1f}" if mb else "      -"
        note = row["error"] or ("" if mb is None or mb <= TARGET_MB else f"> {TARGET_MB} MB target")
        print(f"{row['notebook']:<{width}}  {row['seconds']:8.2f}  "
              f"{(f'{mb:8.1f}' if mb else '       -')}  {ratio}  {note}")
    print(f"(peak = kernel VmHWM; target <= {TARGET_MB} MB, Binder guarantees "
          f"{BINDER_GUARANTEE_MB} MB)")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "description": "peak resident memory (VmHWM) of a fresh kernel running each notebook",
        "python": platform.python_version(), "machine": platform.machine(),
        "target_mb": TARGET_MB, "rows": rows}, indent=2) + "\n")

    failed = [r for r in rows[1:] if r["error"]]
    over = [r for r in rows[1:] if args.limit_mb and (r["peak_mb"] or 0) > args.limit_mb]
    return 1 if failed or over else 0


if __name__ == "__main__":
    sys.exit(main())
