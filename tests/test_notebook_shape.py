"""Every course notebook keeps the notebook pattern v2 (issue 8 item 1, DESIGN §2).

Checked on the stored files (executing them is nbval's job; what their outputs
give away is ``test_answers_not_leaked.py``'s): metadata and the minutes rule,
size limits, the opening and closing cells, exercises and quizzes that exist
and belong to the notebook, facilitator notes, clean storage, something to do
at least every ~12 minutes, a recap quiz closing each section.

The counts come from ``sre_lab._course`` (the same rule that sets ``minutes``).
Notebooks under ``notebooks/instructor/`` are not course notebooks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

import sre_lab as sl
from sre_lab import _course
from sre_lab.exercises._registry import all_exercises, all_quizzes

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = _course.notebooks(ROOT)
IDS = [p.relative_to(NOTEBOOK_DIR).as_posix() for p in NOTEBOOKS]
LOADED = {p: _course.load(p) for p in NOTEBOOKS}

MAX_MINUTES = 30
MAX_WORDS = 1800
MAX_CODE_CELLS = 30
MAX_ASSERT_CELLS = 2
MAX_MINUTES_WITHOUT_ACTION = 12   # "something to do every ~10 minutes"
RECAP_QUIZZES = 3

_CHECK_ID = re.compile(r"\bsl\.check\(\s*[\"']([^\"']+)[\"']")
_QUIZ_ID = re.compile(r"\bsl\.quiz\(\s*[\"']([^\"']+)[\"']")
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def key(path: Path) -> str:
    """The registry's name of a notebook: its path under notebooks/ without .ipynb."""
    return path.relative_to(NOTEBOOK_DIR).with_suffix("").as_posix()


def sources(nb: dict, kind: str, *, visible_only: bool = False) -> list[str]:
    return [_course._source(c) for c in nb["cells"]
            if c["cell_type"] == kind and not (visible_only and _course.is_hidden(c))]


def meta(nb: dict) -> dict:
    return nb.get("metadata", {}).get("sre_lab", {})


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def notebook(request):
    return request.param, LOADED[request.param]


def test_the_opening_notebook_exists():
    assert "00_start_here.ipynb" in IDS


# ------------------------------------------------------------------ metadata and time


def test_metadata_is_complete(notebook):
    path, nb = notebook
    m = meta(nb)
    assert m, f"{path.name}: no 'sre_lab' notebook metadata"
    assert isinstance(m.get("section"), int) and not isinstance(m["section"], bool) \
        and m["section"] >= 0, m
    assert m.get("tier") in _course.TIERS, m
    assert isinstance(m.get("minutes"), int), m
    summary = m.get("summary")
    assert isinstance(summary, str) and summary.strip(), "metadata needs a 'summary'"
    assert "\n" not in summary and len(summary) <= 200, "the summary is one line"


def test_minutes_follow_the_rule(notebook):
    path, nb = notebook
    minutes = _course.shape(nb).minutes
    assert meta(nb).get("minutes") == minutes, (
        f"run: python -m sre_lab._course {path.relative_to(ROOT)}")
    assert minutes <= MAX_MINUTES, f"{minutes} minutes by the rule: split the notebook"
    assert _course.stated_minutes(nb) == minutes, "the **Time** line must state the minutes"


def test_size_limits(notebook):
    _, nb = notebook
    s = _course.shape(nb)
    assert s.words <= MAX_WORDS, f"{s.words} words of prose"
    assert s.code_cells <= MAX_CODE_CELLS, f"{s.code_cells} visible code cells"
    assert s.assert_cells <= MAX_ASSERT_CELLS, (
        f"{s.assert_cells} visible cells with assert: pin numbers in hidden cells")


def test_something_to_do_at_least_every_12_minutes(notebook):
    _, nb = notebook
    minutes, where = _course.longest_stretch(nb)
    ending = "the end" if where == len(nb["cells"]) else f"cell {where}"
    assert minutes <= MAX_MINUTES_WITHOUT_ACTION, (
        f"{minutes:.1f} minutes (by the rule) without a check, quiz or dashboard before "
        f"{ending}")


def test_hidden_code_cells_are_pins(notebook):
    _, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and _course.is_hidden(cell):
            assert "pin" in cell.get("metadata", {}).get("tags", []), (
                f"cell {i} is hidden but not tagged 'pin'")


# ------------------------------------------------------------------ opening and closing


def test_opening_cell_has_title_badge_learn_need_time(notebook):
    _, nb = notebook
    assert nb["cells"][0]["cell_type"] == "markdown", "open with a Markdown cell"
    first = _course._source(nb["cells"][0])
    title = first.strip().splitlines()[0]
    assert title.startswith("# "), "the first cell starts with a # title"
    badge = _course.TIERS.get(meta(nb).get("tier"), "")
    assert badge and badge in first, f"the opening cell needs the tier badge {badge}"
    for part in ("You will learn", "You need", "Time"):
        assert f"**{part}**" in first, f"the opening cell lacks **{part}**"


def test_first_code_cell_imports_sre_lab_as_sl(notebook):
    _, nb = notebook
    codes = sources(nb, "code")
    assert codes and codes[0].lstrip().startswith("import sre_lab as sl")
    assert not any("from sre_lab import *" in c for c in codes)


def test_ends_with_key_points_and_a_next_link(notebook):
    path, nb = notebook
    last = nb["cells"][-3:]
    assert any(c["cell_type"] == "markdown" and "## Key points" in _course._source(c)
               for c in last), "a '## Key points' cell among the last cells"
    closing = _course._source(next(c for c in reversed(nb["cells"])
                                   if c["cell_type"] == "markdown"))
    match = re.search(r"\*\*Next:?\*\*:?\s*\[[^\]]*\]\(([^)\s]+\.ipynb)\)", closing)
    if path == NOTEBOOKS[-1] and match is None:
        assert re.search(r"\bend of the course\b", closing, re.I), (
            "the last notebook links **Next:** to another notebook or says it is the end")
        return
    assert match, "the last Markdown cell needs a **Next:** link to a notebook"
    target = (path.parent / match.group(1)).resolve()
    assert target.is_file(), f"**Next:** links to a missing notebook {match.group(1)}"
    assert target != path.resolve(), "**Next:** links to itself"


def test_relative_links_resolve(notebook):
    path, nb = notebook
    for text in sources(nb, "markdown"):
        for target in _LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            assert (path.parent / target.split("#")[0]).exists(), f"broken link {target}"


# ------------------------------------------------------------------ exercises and quizzes


def test_has_a_quiz(notebook):
    _, nb = notebook
    assert _course.shape(nb).quizzes >= 1, "at least one sl.quiz(...) cell"


def test_checks_and_quizzes_exist_and_belong_here(notebook):
    path, nb = notebook
    code = "\n".join(sources(nb, "code", visible_only=True))
    exercises = {e.id: e for e in all_exercises()}
    quizzes = {q.id: q for q in all_quizzes()}
    for used, registry, what in ((_CHECK_ID.findall(code), exercises, "exercise"),
                                 (_QUIZ_ID.findall(code), quizzes, "quiz")):
        for item_id in used:
            assert item_id in registry, f"{what} {item_id!r} is not registered"
            assert registry[item_id].notebook == key(path), (
                f"{what} {item_id!r} is registered for {registry[item_id].notebook!r}")


def test_every_registered_item_is_used_once(notebook):
    path, nb = notebook
    code = "\n".join(sources(nb, "code", visible_only=True))
    checks, quizzes = _CHECK_ID.findall(code), _QUIZ_ID.findall(code)
    assert sorted(set(checks)) == sorted(e.id for e in all_exercises()
                                         if e.notebook == key(path)), "registered exercises"
    assert sorted(set(quizzes)) == sorted(q.id for q in all_quizzes()
                                          if q.notebook == key(path)), "registered quizzes"
    twice = sorted({i for i in checks + quizzes if (checks + quizzes).count(i) > 1})
    assert twice == [], f"asked twice: {twice}"


def test_check_cells_start_from_the_placeholder(notebook):
    _, nb = notebook
    for cell in sources(nb, "code", visible_only=True):
        if _CHECK_ID.search(cell):
            assert re.search(r"=\s*\.\.\.|,\s*\.\.\.\s*\)", cell), (
                f"a check cell must hand the learner a ... placeholder:\n{cell}")


SECTIONS: dict[int, list[Path]] = defaultdict(list)
for _path in NOTEBOOKS:
    _m = meta(LOADED[_path])
    if isinstance(_m.get("section"), int) and _m.get("tier") != "start":
        SECTIONS[_m["section"]].append(_path)
SECTION_ENDS = [paths[-1] for _, paths in sorted(SECTIONS.items())]


@pytest.mark.parametrize("path", SECTION_ENDS, ids=lambda p: p.relative_to(NOTEBOOK_DIR).as_posix())
def test_a_section_ends_with_a_recap_quiz(path):
    assert _course.shape(LOADED[path]).quizzes >= RECAP_QUIZZES, (
        f"the last notebook of section {meta(LOADED[path])['section']} closes with a "
        f"{RECAP_QUIZZES}-question recap quiz")


# ------------------------------------------------------------------ storage and the kit


def test_stored_without_outputs_or_widget_state(notebook):
    _, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {i} has outputs"
            assert cell.get("execution_count") is None, f"cell {i} has an execution count"
    assert "widgets" not in nb.get("metadata", {}), "saved widget state: clear it"


def test_kernel_is_python3_nbformat_4(notebook):
    _, nb = notebook
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["nbformat"] == 4


def test_facilitator_notes_exist(notebook):
    path, _ = notebook
    note = NOTEBOOK_DIR / "instructor" / (key(path).replace("/", "__") + ".md")
    assert note.is_file(), f"missing facilitator notes {note.relative_to(ROOT)}"


def _unescaped_dollars(markdown: str) -> int:
    """``$`` signs outside code that JupyterLab's MathJax would pair up as inline maths."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    return len(re.findall(r"(?<!\\)\$", text))


def test_unescaped_dollar_pairs_in_markdown():
    assert _unescaped_dollars("costs $45 and $600") == 2
    assert _unescaped_dollars("costs \\$45 and \\$600, `x = '$'`") == 0


def test_money_is_not_typeset_as_maths(notebook):
    """Two ``$`` in one Markdown cell read as LaTeX in JupyterLab ("$600 ... $100" becomes
    italic maths): write ``\\$600``."""
    path, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            assert _unescaped_dollars("".join(cell["source"])) < 2, f"{path.name}: cell {i}"


def test_no_absolute_paths_network_or_private_helpers(notebook):
    _, nb = notebook
    code = "\n".join(sources(nb, "code"))
    assert not re.search(r"['\"]/(work|home|root|tmp|Users)/", code), "an absolute path"
    assert not re.search(r"https?://", code), "no network at run time"
    # Course data come through sl.load_*(); a file the learner's own kit just wrote
    # (07_capstone/4: kit.folder / "cost_by_team.csv") is read like any CSV they take home.
    assert not re.search(r"read_csv\((?!kit\.folder)", code), "load data with sl.load_*()"
    assert "sl.plotting.format_" not in code, "use sl.format_duration / sl.format_percent"


def test_registry_notebooks_exist():
    """Every notebook a registry entry names is a course notebook."""
    named = {item.notebook for item in [*all_exercises(), *all_quizzes()]}
    missing = sorted(n for n in named if not (NOTEBOOK_DIR / f"{n}.ipynb").is_file())
    assert missing == []


def test_exercise_api_is_public():
    assert callable(sl.check) and callable(sl.quiz) and callable(sl.exercise)
