"""Course tooling (sre_lab._course): the minutes rule, the course map, the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sre_lab import _course

ROOT = Path(__file__).resolve().parent.parent


def md(text, **metadata):
    return {"cell_type": "markdown", "metadata": metadata, "source": text}


def code(text, **metadata):
    return {"cell_type": "code", "metadata": metadata, "source": text, "outputs": [],
            "execution_count": None}


HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["pin"]}


def words(n):
    return " ".join(["word"] * n)


def notebook(cells, **sre_lab):
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}, "sre_lab": sre_lab},
            "nbformat": 4, "nbformat_minor": 5}


def write_nb(path: Path, nb: dict, **dump) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    dump = {"indent": 1, "ensure_ascii": False, **dump}
    path.write_text(json.dumps(nb, **dump) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ the minutes rule


def test_minutes_rule_by_hand():
    nb = notebook([
        md(f"# Title\n{words(258)}"),                          # 2 + 258 = 260 words
        md(f"```python\n{words(500)}\n```"),                     # a code block: not prose
        code("import sre_lab as sl"),
        code('answer = ...\nsl.check("x.a", answer)'),
        code('sl.quiz("x.q")'),
        code("sl.release_gate_dashboard()"),
        code("assert 1 == 1", **HIDDEN),                         # hidden: not counted
        md(words(1000), **{"jupyter": {"source_hidden": True}}),
    ])
    s = _course.shape(nb)
    assert (s.words, s.code_cells, s.exercises, s.quizzes, s.dashboards, s.hidden_cells) == (
        260, 4, 1, 1, 1, 2)
    # 260/130 = 2, 4 × 0.75 = 3, 4 + 1.5 + 3 = 8.5  ->  13.5  ->  14
    assert s.minutes == 14
    assert sum(_course.cell_minutes(c) for c in nb["cells"]) == pytest.approx(13.5)


def test_the_generated_course_map_is_not_prose():
    table = "| notebook | tier |\n|---|---|\n" + "| x | y |\n" * 50
    nb = notebook([md(f"Two words\n{_course.MAP_START}\n{table}{_course.MAP_END}\nthree more words")])
    assert _course.shape(nb).words == 5


def test_longest_stretch_resets_at_each_action():
    nb = notebook([
        md(words(130 * 5)),                 # 5 min
        code("x = 1"),                      # 0.75
        code('sl.quiz("x.q")'),             # action: the stretch before it is 5.75
        md(words(130 * 9)),                 # 9 min
        code("y = 2"),                      # 0.75
        code('answer = ...\nsl.check("x.a", answer)'),   # action after 9.75
        md(words(130 * 2)),                 # 2 min to the end
    ])
    assert _course.longest_stretch(nb) == (pytest.approx(9.75), 5)
    nb["cells"].append(md(words(130 * 11)))
    assert _course.longest_stretch(nb) == (pytest.approx(13.0), len(nb["cells"]))


def test_set_minutes_writes_metadata_and_the_time_line(tmp_path):
    nb = notebook([md("# 🔍 T\n\n| **Time** | 3 minutes |\n" + words(124)), code("x = 1")],
                  section=1, tier="beginner", minutes=3, summary="do things")
    path = write_nb(tmp_path / "n.ipynb", nb)
    # 130 words -> 1 min, one code cell 0.75 -> ceil(1.75) = 2
    assert _course.set_minutes(path) == 2
    saved = _course.load(path)
    assert saved["metadata"]["sre_lab"]["minutes"] == 2
    assert _course.stated_minutes(saved) == 2
    assert "| **Time** | 2 minutes |" in saved["cells"][0]["source"]
    before = path.read_bytes()
    assert _course.set_minutes(path) == 2
    assert path.read_bytes() == before  # nothing to change: not rewritten


def test_title_drops_hash_and_badges():
    nb = notebook([md("# 🔍 02 · 1a · SLIs: measure what users feel\n\nmore")])
    assert _course.title(nb) == "02 · 1a · SLIs: measure what users feel"


# ------------------------------------------------------------------ the course map


def course_tree(root: Path) -> None:
    """A small repository: README with markers, 00 with a map cell, two section notebooks."""
    (root / "README.md").write_text(
        f"# Course\n\n## Course map\n\n{_course.MAP_START}\nold table\n{_course.MAP_END}\n\n"
        "## After\n", encoding="utf-8")
    start = notebook([
        md("# 🧭 Start here\n\n**Time** | 5 min"),
        code("import sre_lab as sl"),
        md(["## The map\n", "\n", "Pick a path:\n", "\n", f"{_course.MAP_START}\n",
            "*(generated here)*\n", f"{_course.MAP_END}\n", "\n", "**Which path?** Yours."]),
        md("## Key points\n\n**Next:** [a](01a.ipynb)"),
    ], section=0, tier="start", minutes=5, summary="learn how it works")
    write_nb(root / "notebooks" / "00_start_here.ipynb", start)
    write_nb(root / "notebooks" / "01a.ipynb", notebook(
        [md("# 🔍 01a · Budgets | money")], section=1, tier="beginner", minutes=20,
        summary="turn a target into a budget"))
    write_nb(root / "notebooks" / "02_slos" / "3a_x.ipynb", notebook(
        [md("# 💡 Enterprise")], section=2, tier="advanced", minutes=25,
        summary="design tiers"))
    write_nb(root / "notebooks" / "instructor" / "ignored.ipynb", notebook([md("# x")]))
    write_nb(root / "notebooks" / "02_slos" / "old.ipynb", notebook([md("# 🔍 old")]))


EXPECTED_ROWS = [
    "| notebook | tier | time | what you do |",
    "|---|---|---|---|",
    "| [Start here](PREFIX00_start_here.ipynb) | 🧭 start | 5 min | learn how it works |",
    "| [01a · Budgets \\| money](PREFIX01a.ipynb) | 🔍 beginner | 20 min | turn a target into "
    "a budget |",
    "| [Enterprise](PREFIX02_slos/3a_x.ipynb) | 💡 advanced | 25 min | design tiers |",
    "| `03_incidents/` | 🔍 🧩 💡 | coming | severity, timelines, postmortems; playbooks, "
    "triage, on-call load; analytics and game days |",
]


def test_course_map_rows(tmp_path):
    course_tree(tmp_path)
    rows, skipped = _course.entries(tmp_path)
    assert skipped == ["02_slos/old.ipynb"]      # no metadata: left out, and said so
    table = _course.course_map(rows, prefix="notebooks/")
    lines = table.splitlines()
    assert lines[:6] == [r.replace("PREFIX", "notebooks/") for r in EXPECTED_ROWS]
    assert [line.split(" | ")[0] for line in lines[6:10]] == [
        "| `04_cost/`", "| `05_culture/`", "| `06_observability_driven_dev/`",
        "| `07_capstone/`"]
    assert lines[-1].startswith("<small>3 notebooks, 0 h 50 min in all.")
    # a built section replaces its "coming" row
    write_nb(tmp_path / "notebooks" / "03_incidents" / "1a.ipynb", notebook(
        [md("# 🔍 Severity")], section=3, tier="beginner", minutes=10, summary="grade"))
    table = _course.course_map(_course.entries(tmp_path)[0])
    assert "`03_incidents/`" not in table and "[Severity](03_incidents/1a.ipynb)" in table


@pytest.mark.parametrize("dump", [
    {},                                            # nbformat's own layout
    {"indent": 2},                                 # another writer's
    {"indent": 1, "ensure_ascii": True},           # escaped emoji
], ids=["nbformat", "indent-2", "ascii"])
def test_write_maps_touches_only_the_text_between_the_markers(tmp_path, dump):
    course_tree(tmp_path)
    start = tmp_path / "notebooks" / "00_start_here.ipynb"
    write_nb(start, _course.load(start), **dump)
    raw_before = start.read_text(encoding="utf-8")
    readme_before = (tmp_path / "README.md").read_text(encoding="utf-8")

    assert _course.write_maps(tmp_path) == ["README.md", "notebooks/00_start_here.ipynb"]

    raw_after = start.read_text(encoding="utf-8")
    head = raw_before[:raw_before.index(_course.MAP_START) + len(_course.MAP_START)]
    tail = raw_before[raw_before.index(_course.MAP_END):]
    assert raw_after.startswith(head) and raw_after.endswith(tail)
    rows = _course.entries(tmp_path)[0]
    assert _course.notebook_map(start) == _course.course_map(rows, summaries=False)
    cell = _course.load(start)["cells"][2]
    text = "".join(cell["source"])
    assert text.startswith("## The map\n\nPick a path:\n\n" + _course.MAP_START + "\n| section |")
    assert text.endswith(_course.MAP_END + "\n\n**Which path?** Yours.")
    assert all(line.endswith("\n") for line in cell["source"][:-1])  # one line per item
    assert "| 0 · Start here | 🧭 [00](00_start_here.ipynb) | 5 min |" in text   # relative to notebooks/
    assert "| 2 · SLOs and error budgets | 💡 [3a](02_slos/3a_x.ipynb) | 25 min |" in text
    assert "| 7 · Capstone | 🎓 | coming |" in text

    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(readme_before[:readme_before.index(_course.MAP_START)])
    assert readme.endswith(_course.MAP_END + "\n\n## After\n")
    assert "[Start here](notebooks/00_start_here.ipynb)" in readme

    assert _course.write_maps(tmp_path) == []           # idempotent
    assert start.read_text(encoding="utf-8") == raw_after


def test_map_cell_as_one_string(tmp_path):
    course_tree(tmp_path)
    start = tmp_path / "notebooks" / "00_start_here.ipynb"
    nb = _course.load(start)
    nb["cells"][2]["source"] = "".join(nb["cells"][2]["source"])
    write_nb(start, nb)
    _course.write_maps(tmp_path)
    assert _course.notebook_map(start) == _course.course_map(_course.entries(tmp_path)[0],
                                                            summaries=False)


def test_markers_must_be_there_once(tmp_path):
    course_tree(tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text("no markers", encoding="utf-8")
    with pytest.raises(ValueError, match="README.md must hold <!-- course-map:start --> and "
                       "<!-- course-map:end --> exactly once each"):
        _course.write_maps(tmp_path)


def test_check_reports_what_is_stale(tmp_path, capsys):
    course_tree(tmp_path)
    assert _course.main(["--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "README.md: course map is stale" in err
    assert "notebooks/00_start_here.ipynb: course map is stale" in err
    assert _course.main(["--map", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "course map: README.md, notebooks/00_start_here.ipynb rewritten (3 notebooks)" \
        in out.out
    assert "left out of the map (no complete sre_lab metadata): notebooks/02_slos/old.ipynb" \
        in out.err
    problems = _course.stale(tmp_path)
    assert not [p for p in problems if "course map" in p]


# ------------------------------------------------------------------ the real course


def test_readme_and_start_notebook_maps_are_up_to_date():
    rows, _ = _course.entries(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _course.current_map(readme) == _course.course_map(rows, prefix="notebooks/"), (
        "README.md's course map is stale: python -m sre_lab._course --map")
    start = ROOT / "notebooks" / _course.START_NOTEBOOK
    assert _course.notebook_map(start) == _course.course_map(rows, summaries=False), (
        "00_start_here's course map is stale: python -m sre_lab._course --map")


def test_every_section_of_the_outline_is_built_in_all_its_tiers():
    """Issue 13: the course map has no "coming" row; sections 2-6 have all three tiers, 7 its capstone."""
    rows, _ = _course.entries(ROOT)
    tiers = {}
    for row in rows:
        tiers.setdefault(row.section, set()).add(row.tier)
    assert set(tiers) == set(range(8))
    for section in range(2, 7):
        assert {"beginner", "intermediate", "advanced"} <= tiers[section], section
    assert tiers[7] == {"capstone"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    course_map = readme[readme.index(_course.MAP_START):readme.index(_course.MAP_END)]
    assert "| coming |" not in course_map
