"""House rules every course notebook keeps (DESIGN §2), checked on the stored files.

Executing the notebooks is nbval's job (``pytest --nbval-lax notebooks/``); this
file checks how they are *stored and built*: no outputs, the ``python3`` kernel,
the header, the first import, checked exercises that exist in the registry,
at least one dashboard, assert cells, key takeaways and a working "Next" link.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import sre_lab as sl

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
IDS = [p.relative_to(NOTEBOOK_DIR).as_posix() for p in NOTEBOOKS]
BADGES = ("🔍", "🧩", "💡", "🧭")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _sources(nb: dict, kind: str) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == kind]


def _key(path: Path) -> str:
    return path.relative_to(NOTEBOOK_DIR).with_suffix("").as_posix()


def test_the_two_opening_notebooks_exist():
    assert {"00_start_here.ipynb", "01_introduction.ipynb"} <= set(IDS)


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def notebook(request):
    return request.param, _load(request.param)


def test_stored_without_outputs(notebook):
    path, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {i} of {path.name} has outputs"
            assert cell.get("execution_count") is None, f"cell {i} of {path.name} has a count"
    assert "widgets" not in nb.get("metadata", {}), "saved widget state: clear it"


def test_kernel_is_python3(notebook):
    _, nb = notebook
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["nbformat"] == 4


def test_header_title_badge_learn_need_time(notebook):
    path, nb = notebook
    first = _sources(nb, "markdown")[0]
    title = first.splitlines()[0]
    assert title.startswith("# "), f"{path.name}: the first cell must start with a # title"
    assert any(b in title for b in BADGES), f"{path.name}: the title needs a tier badge"
    for part in ("You will learn", "You need", "Time"):
        assert f"**{part}**" in first, f"{path.name}: header lacks '{part}'"
    minutes = re.search(r"\*\*Time\*\*\s*[|:]?\s*(\d+)\s*min", first)
    assert minutes and 5 <= int(minutes.group(1)) <= 90


def test_first_code_cell_imports_sre_lab_as_sl(notebook):
    _, nb = notebook
    codes = _sources(nb, "code")
    assert "import sre_lab as sl" in codes[0]
    assert not any("from sre_lab import *" in c for c in codes)


def test_checked_exercises_are_registered_and_all_used(notebook):
    path, nb = notebook
    code = "\n".join(_sources(nb, "code"))
    used = re.findall(r"sl\.check\(\s*[\"']([a-z0-9_.]+)[\"']", code)
    assert len(used) >= 2, f"{path.name}: at least two checked exercises"
    assert len(used) == len(set(used)), f"{path.name}: an exercise is checked twice"
    registered = set(sl.exercise_ids(_key(path)))
    assert set(used) == registered, (
        f"{path.name}: checks {sorted(set(used))} but the registry has {sorted(registered)}")
    # every check cell starts from the placeholder, not from the answer
    for cell in _sources(nb, "code"):
        if "sl.check(" in cell:
            assert re.search(r"^answer = \.\.\.", cell, re.M), cell


def test_has_a_dashboard_asserts_and_takeaways(notebook):
    path, nb = notebook
    code = "\n".join(_sources(nb, "code"))
    text = "\n".join(_sources(nb, "markdown"))
    assert re.search(r"sl\.\w+_dashboard\(", code), f"{path.name}: no dashboard"
    assert re.search(r"^assert ", code, re.M), f"{path.name}: no assert pinning a number"
    assert "## Key takeaways" in text


def test_next_link_and_relative_links_resolve(notebook):
    path, nb = notebook
    text = "\n".join(_sources(nb, "markdown"))
    assert re.search(r"\*\*Next:\*\*\s*\[", text), f"{path.name}: no 'Next:' link"
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        assert (path.parent / target.split("#")[0]).exists(), f"{path.name}: broken link {target}"


def test_no_absolute_paths_or_network_in_code(notebook):
    path, nb = notebook
    code = "\n".join(_sources(nb, "code"))
    assert not re.search(r"['\"]/(work|home|root|tmp|Users)/", code), path.name
    assert not re.search(r"https?://", code), f"{path.name}: no network at run time"
    assert "read_csv(" not in code, f"{path.name}: load data with sl.load_*()"
