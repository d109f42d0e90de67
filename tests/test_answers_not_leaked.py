"""No exercise's answer is shown by a cell the learner runs before its check (issue 8 item 3).

Each course notebook is executed once, as a learner would run it (a copy in a
temporary folder, kernel ``python3``, progress kept in memory). Then, for every
``sl.check("<id>", ...)`` cell, the outputs of all EARLIER cells are searched
for the exercise's reference answer written the ways a learner would read it.

What counts as "shown"
----------------------
Only ``number``, ``numbers`` and ``timedelta`` exercises are checked: a choice,
set or yes/no answer is a word that also appears in every question about it,
so a text search cannot tell a giveaway from the setting (those are left to
review). A number in the outputs gives the answer away when it *reads as* the
reference:

* equal to the reference rounded to the number's own decimals (``43.2``,
  ``224490.0``, ``224,490``), or to the reference rounded to 3 or 4
  significant digits (``224,500``, ``0.9259``);
* a percentage (``92.6 %``, ``92.59%``) equal to 100 × the reference, so
  fractions are caught as the percentages notebooks print;
* for durations, the same in seconds, minutes, hours or days, and the
  reference as ``sl.format_duration`` or ``str(timedelta)`` writes it
  (``43 min 12 s``, ``0:43:12``) when that has two units.

Numbers with fewer than 3 significant digits (2 for percentages) are ignored:
too many small numbers appear for other reasons. Outputs searched: stream text,
``text/plain``, ``text/markdown``, ``text/html`` (tags stripped) and the text of
widgets (HTML/Label values, Output widgets) a cell displays; images are not
read.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import sre_lab as sl
from sre_lab import _course
from sre_lab.exercises import _engine
from sre_lab.exercises._registry import all_exercises

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = _course.notebooks(ROOT)
IDS = [p.relative_to(NOTEBOOK_DIR).as_posix() for p in NOTEBOOKS]
CHECKED_KINDS = ("number", "numbers", "timedelta")
_CHECK_ID = re.compile(r"\bsl\.check\(\s*[\"']([^\"']+)[\"']")
_NUMBER = re.compile(r"(?<![\w.,])(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)"
                     r"(?![\w])([ \u00a0\u202f]?%)?")
_TAG = re.compile(r"<[^>]+>")
_UNITS_S = (1.0, 60.0, 3600.0, 86400.0)


# ------------------------------------------------------------------ running the course


PARALLEL_KERNELS = 2   # the course runs on 2 cores; two kernels keep both busy


async def _execute_all(jobs: list[tuple[Path, nbformat.NotebookNode]]) -> None:
    import asyncio

    gate = asyncio.Semaphore(PARALLEL_KERNELS)

    async def one(folder: Path, nb) -> None:
        async with gate:
            client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                                    resources={"metadata": {"path": str(folder)}})
            await client.async_execute()

    await asyncio.gather(*(one(copy.parent, nb) for copy, nb in jobs))


@pytest.fixture(scope="module")
def executed(request, tmp_path_factory):
    """The executed course: each selected notebook run once, two kernels at a time.

    Runs in a copy of notebooks/ (outputs the notebooks write stay there), with
    ``SRE_LAB_PROGRESS=off`` so no progress file is touched.
    """
    import asyncio

    wanted = [item.callspec.params["path"] for item in request.session.items
              if getattr(item, "module", None) is request.module and hasattr(item, "callspec")
              and "path" in item.callspec.params]
    folder = tmp_path_factory.mktemp("course") / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, folder, ignore=shutil.ignore_patterns(
        "instructor", "output", ".ipynb_checkpoints"))
    saved = os.environ.get("SRE_LAB_PROGRESS")
    os.environ["SRE_LAB_PROGRESS"] = "off"   # the kernels inherit it
    try:
        jobs = [(folder / p.relative_to(NOTEBOOK_DIR),
                 nbformat.read(folder / p.relative_to(NOTEBOOK_DIR), as_version=4))
                for p in dict.fromkeys(wanted)]
        asyncio.run(_execute_all(jobs))
    finally:
        if saved is None:
            os.environ.pop("SRE_LAB_PROGRESS", None)
        else:
            os.environ["SRE_LAB_PROGRESS"] = saved
    return {p: nb for p, (_, nb) in zip(dict.fromkeys(wanted), jobs)}


# ------------------------------------------------------------------ what a cell shows


def _widget_texts(model_id: str, state: dict, seen: set) -> list[str]:
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id].get("state", {})
    texts = []
    for name in ("value", "description", "placeholder"):
        if isinstance(model.get(name), str):
            texts.append(model[name])
    for output in model.get("outputs", []) or []:
        texts += _output_texts(output, state, seen)
    for child in model.get("children", []) or []:
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            texts += _widget_texts(child.removeprefix("IPY_MODEL_"), state, seen)
    return texts


def _output_texts(output: dict, state: dict, seen: set) -> list[str]:
    texts = []
    if output.get("output_type") == "stream":
        texts.append(output.get("text", ""))
    data = output.get("data", {})
    for mime in ("text/plain", "text/markdown"):
        if mime in data:
            texts.append("".join(data[mime]) if isinstance(data[mime], list) else data[mime])
    if "text/html" in data:
        page = "".join(data["text/html"]) if isinstance(data["text/html"], list) \
            else data["text/html"]
        texts.append(html.unescape(_TAG.sub(" ", page)))
    view = data.get("application/vnd.jupyter.widget-view+json")
    if isinstance(view, dict) and "model_id" in view:
        texts += _widget_texts(view["model_id"], state, seen)
    return texts


def shown(nb, index: int) -> list[str]:
    """The text a learner can read in the outputs of cell ``index``."""
    state = (nb.metadata.get("widgets", {})
             .get("application/vnd.jupyter.widget-state+json", {}).get("state", {}))
    cell = nb.cells[index]
    texts = []
    for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
        texts += _output_texts(output, state, set())
    return texts


# ------------------------------------------------------------------ reading a number


def _significant_digits(token: str) -> int:
    digits = token.replace(",", "").replace("-", "").replace(".", "")
    return len(digits.lstrip("0"))


def _round_sig(x: float, digits: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def reads_as(token: str, percent: bool, references: list[float]) -> bool:
    """True when the printed ``token`` is one of ``references`` as a learner reads it."""
    if _significant_digits(token) < (2 if percent else 3):
        return False
    x = float(token.replace(",", ""))
    decimals = len(token.split(".")[1]) if "." in token else 0
    for reference in references:
        for value in ((reference * 100, reference) if percent else (reference,)):
            if _same(x, round(value, decimals)):
                return True
            if any(_same(x, _round_sig(value, k)) for k in (3, 4)):
                return True
    return False


def _duration_strings(seconds: float) -> list[str]:
    texts = []
    with_units = sl.format_duration(dt.timedelta(seconds=seconds))
    if len(with_units.split()) >= 4:         # two units: '43 min 12 s'
        texts.append(with_units)
    clock = str(dt.timedelta(seconds=round(seconds)))
    if len(clock) >= 7:                      # '0:43:12', '4 days, 3:12:00'
        texts.append(clock)
    return texts


def giveaways(ex, text: str) -> list[str]:
    """The places in ``text`` that read as the answer of exercise ``ex``."""
    want = _engine._reference(ex)
    if ex.kind == "timedelta":
        references = [want / unit for unit in _UNITS_S]
        strings = _duration_strings(want)
    else:
        references = list(want) if ex.kind == "numbers" else [want]
        strings = []
    found = [s for s in strings
             if re.search(r"(?<![\w.:])" + re.escape(s) + r"(?![\w:])", text)]
    for match in _NUMBER.finditer(text):
        token, percent = match.group(1), bool(match.group(2))
        if token.lstrip("-").startswith("0") and not token.lstrip("-").startswith("0."):
            if token.lstrip("-") != "0":
                continue                     # '006' of INC-006, '05' of a date
        if reads_as(token, percent, references):
            found.append(match.group(0))
    return found


def _context(text: str, needle: str) -> str:
    for line in text.splitlines():
        if needle in line:
            line = " ".join(line.split())
            return line if len(line) <= 120 else line[:117] + "..."
    return needle


# ------------------------------------------------------------------ the test


def test_reads_as_by_hand():
    assert reads_as("43.2", False, [43.2]) and reads_as("43.20", False, [43.2])
    assert reads_as("224,490", False, [224490.3]) and reads_as("224490.0", False, [224490.0])
    assert reads_as("224,500", False, [224490.3])            # 4 significant digits
    assert reads_as("92.6", True, [0.925926]) and reads_as("93", True, [0.925926])
    assert not reads_as("93", False, [0.925926])             # a bare 93 is not 0.93
    assert not reads_as("43", False, [43.2])                 # 2 digits: ignored
    assert not reads_as("43.3", False, [43.2])
    assert not reads_as("0.926", False, [0.9255])


def test_giveaways_by_hand():
    from sre_lab.exercises import Exercise

    base = dict(notebook="demo", prompt="?", hint="h", solution_code="answer = 1")
    minutes = Exercise(id="demo.minutes", kind="number", reference=lambda: 43.2, **base)
    share = Exercise(id="demo.share", kind="number", reference=lambda: 25 / 27, **base)
    duration = Exercise(id="demo.duration", kind="timedelta",
                        reference=lambda: dt.timedelta(minutes=43.2), **base)
    assert giveaways(minutes, "budget: 43.2 minutes, 43.20 min") == ["43.2", "43.20"]
    assert giveaways(minutes, "4320 requests, 143.2 s, 43.25, v43.2, INC-043") == []
    assert giveaways(share, "92.59 % of windows | 0.926 | 93%") == ["92.59 %", "0.926", "93%"]
    assert giveaways(share, "share 92 %, 0.92") == []
    assert giveaways(duration, "exhausted after 43 min 12 s") == ["43 min 12 s"]
    assert giveaways(duration, "at 0:43:12 | 2592 s | 0.720 h | 0.72 h") == ["0:43:12", "2592",
                                                                            "0.720"]
    assert giveaways(duration, "at 10:43:12 on 2026-10-29") == []


def test_shown_reads_html_and_widgets():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="printed 1\n"),
        nbformat.v4.new_output("display_data", data={
            "text/html": "<b>92.6&nbsp;%</b>",
            "application/vnd.jupyter.widget-view+json": {"model_id": "box"}})])]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
        "box": {"state": {"children": ["IPY_MODEL_label", "IPY_MODEL_out"]}},
        "label": {"state": {"value": "<p>burn 5.93×</p>"}},
        "out": {"state": {"outputs": [{"output_type": "stream", "text": "inside"}]}}}}}
    assert shown(nb, 0) == ["printed 1\n", " 92.6\u00a0% ", "<p>burn 5.93×</p>", "inside"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_answer_is_shown_before_its_check(path, executed):
    nb = executed[path]
    exercises = {e.id: e for e in all_exercises()}
    leaks = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or _course.is_hidden(cell):
            continue
        for exercise_id in _CHECK_ID.findall(cell.source):
            ex = exercises.get(exercise_id)
            if ex is None or ex.kind not in CHECKED_KINDS:
                continue
            for earlier in range(index):
                for text in shown(nb, earlier):
                    for needle in dict.fromkeys(giveaways(ex, text)):
                        leaks.append(f"{exercise_id} (checked in cell {index}): cell {earlier} "
                                     f"shows {needle!r} in {_context(text, needle)!r}")
    assert not leaks, "answers shown before their check:\n" + "\n".join(dict.fromkeys(leaks))
