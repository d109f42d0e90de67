"""The instructor kit (``notebooks/instructor/``) is complete and agrees with the course.

The generated pages (agenda, answer key, the kit's README) must equal what
``python -m sre_lab._instructor build`` writes now, so a new notebook, a changed
``minutes`` or a new exercise fails here until ``make instructor-kit`` is run.
The pages are built once per test session (computing every reference answer
takes seconds); the agenda's arithmetic is checked on the committed file itself,
independently of the generator's own bookkeeping.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
import yaml

from sre_lab import _course, _instructor
from sre_lab.exercises._registry import all_exercises, all_quizzes

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "notebooks" / "instructor"
ROWS, _ = _course.entries(ROOT)
REGEN = "run `make instructor-kit` (python -m sre_lab._instructor build) and commit the result"


@pytest.fixture(scope="module")
def pages():
    return _instructor.build(ROOT)


def read(name: str) -> str:
    return (KIT / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ freshness


@pytest.mark.parametrize("name", _instructor.GENERATED)
def test_generated_page_is_up_to_date(pages, name):
    assert (KIT / name).is_file(), f"notebooks/instructor/{name} is missing: {REGEN}"
    assert read(name) == pages[name], f"notebooks/instructor/{name} is stale: {REGEN}"


def test_stale_names_a_page_that_differs(tmp_path, pages):
    kit = tmp_path / "notebooks" / "instructor"
    kit.mkdir(parents=True)
    for name, text in pages.items():
        (kit / name).write_text(text, encoding="utf-8")
    assert _instructor.stale(tmp_path, pages) == []
    (kit / "agenda.md").write_text(pages["agenda.md"].replace("09:", "10:", 1), encoding="utf-8")
    assert _instructor.stale(tmp_path, pages) == ["agenda.md"]


# ------------------------------------------------------------------ the agenda adds up

_ROW = re.compile(r"^\| (\d\d):(\d\d)–(\d\d):(\d\d) \| (\d+) \| (.*?) \|", re.M)


def _path_sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## Path: (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_agenda_has_every_path():
    sections = _path_sections(read("agenda.md"))
    assert list(sections) == [audience.name for audience in _instructor.PATHS]


@pytest.mark.parametrize("audience", _instructor.PATHS, ids=lambda a: a.key)
def test_agenda_times_fill_the_day_without_gaps(audience):
    rows = _ROW.findall(_path_sections(read("agenda.md"))[audience.name])
    assert rows, "no timed rows"
    starts = [int(h1) * 60 + int(m1) for h1, m1, *_ in rows]
    ends = [int(h2) * 60 + int(m2) for _, _, h2, m2, *_ in rows]
    assert starts[0] == 9 * 60 and ends[-1] == 17 * 60
    assert starts[1:] == ends[:-1], "every slot starts when the previous one ends"
    for start, end, (*_, minutes, _what) in zip(starts, ends, rows):
        assert end - start == int(minutes) > 0
    assert sum(int(r[4]) for r in rows) == 8 * 60


@pytest.mark.parametrize("audience", _instructor.PATHS, ids=lambda a: a.key)
def test_agenda_slots_are_the_notebooks_metadata_minutes(audience):
    metadata = {}
    for path in _course.notebooks(ROOT):
        meta = _course.load(path)["metadata"]["sre_lab"]
        metadata[path.relative_to(ROOT / "notebooks").as_posix()] = meta["minutes"]
    rows = _ROW.findall(_path_sections(read("agenda.md"))[audience.name])
    notebook_rows = [r for r in rows if "](../" in r[5]]
    assert notebook_rows
    for *_, minutes, what in notebook_rows:
        target = re.search(r"\]\(\.\./([^)]+\.ipynb)\)", what).group(1)
        assert int(minutes) == metadata[target], target


@pytest.mark.parametrize("audience", _instructor.PATHS, ids=lambda a: a.key)
def test_agenda_keeps_breaks_and_a_buffer_in_every_block(audience):
    rows = _ROW.findall(_path_sections(read("agenda.md"))[audience.name])
    kinds = ["break" if "Coffee" in r[5] or "Lunch" in r[5]
             else "buffer" if "Buffer" in r[5] else "other" for r in rows]
    assert kinds.count("break") == 3
    assert any("Lunch" in r[5] and int(r[4]) >= 45 for r in rows)
    buffers = [int(r[4]) for r, k in zip(rows, kinds) if k == "buffer"]
    assert len(buffers) == 4 and min(buffers) >= _instructor.MIN_BLOCK_BUFFER


def test_every_path_and_self_study_cover_the_paths_candidates():
    for audience in _instructor.PATHS:
        plan = _instructor.plan(ROWS, audience)
        chosen = [row.path for row in plan.notebooks]
        left = [row.path for row in plan.self_study]
        wanted = [row.path for row in _instructor.candidates(ROWS, audience)]
        assert sorted(chosen + left) == sorted(wanted)
        assert not set(chosen) & set(left)
        order = [row.path for row in ROWS]
        assert chosen == sorted(chosen, key=order.index), "a day follows course order"
        assert chosen[0] == _course.START_NOTEBOOK


# ------------------------------------------------------------------ the selection rule


def entry(path, section, tier, minutes=30):
    return _course.Entry(path, path, section, tier, minutes, "summary")


def test_part_letter_of_notebook_paths():
    assert _instructor.part(entry("00_start_here.ipynb", 0, "start")) == ""
    assert _instructor.part(entry("01b_push_or_hold.ipynb", 1, "beginner")) == "b"
    assert _instructor.part(entry("02_slos/3c_capacity.ipynb", 2, "advanced")) == "c"


def test_rule_goes_breadth_first_and_leaves_what_does_not_fit():
    rows = [entry("00_start_here.ipynb", 0, "start")]
    for section in (2, 3, 4, 5, 6):
        for letter in "abc":
            rows.append(entry(f"0{section}_x/1{letter}_n.ipynb", section, "beginner"))
    audience = _instructor.Audience("t", "T", "", (_instructor.START,
                                                   _instructor.Round(("beginner",))))
    plan = _instructor.plan(rows, audience)
    chosen = [row.path for row in plan.notebooks]
    # Every section's part a is taken before any part b.
    assert {f"0{s}_x/1a_n.ipynb" for s in (2, 3, 4, 5, 6)} <= set(chosen)
    assert len(chosen) + len(plan.self_study) == len(rows)
    assert all(_instructor.part(row) in "bc" for row in plan.self_study)


def test_a_new_section_is_picked_up_by_the_rule():
    extra = entry("09_new/1a_new_topic.ipynb", 9, "beginner", minutes=20)
    new = _instructor.PATHS[0]
    ranked = [row.path for row in _instructor.candidates([*ROWS, extra], new)]
    assert extra.path in ranked
    first_b = next(i for i, p in enumerate(ranked) if _instructor.part(
        next(r for r in [*ROWS, extra] if r.path == p)) == "b")
    assert ranked.index(extra.path) < first_b, "a new section's part a comes before b parts"


def test_managers_take_the_culture_sections_advanced_tier():
    plan = _instructor.plan(ROWS, next(a for a in _instructor.PATHS if a.key == "managers"))
    taken = {(row.section, row.tier) for row in plan.notebooks}
    assert (5, "advanced") in taken and (5, "beginner") in taken


def test_capstone_is_in_no_path():
    rows = [*ROWS, entry("07_capstone/1a_quarter.ipynb", 7, "capstone", minutes=10)]
    for audience in _instructor.PATHS:
        plan = _instructor.plan(rows, audience)
        assert all(row.tier != "capstone" for row in plan.notebooks + list(plan.self_study))


# ------------------------------------------------------------------ notes and the kit's README


def test_every_notebook_has_facilitator_notes_and_the_readme_links_them():
    readme = read("README.md")
    for row in ROWS:
        note = _instructor.note_name(row.path)
        assert (KIT / note).is_file(), f"missing facilitator notes notebooks/instructor/{note}"
        assert f"]({note})" in readme, f"README.md does not link {note}"
        assert f"](../{row.path})" in readme


def test_every_facilitator_note_has_discussion_prompts():
    for row in ROWS:
        note = KIT / _instructor.note_name(row.path)
        assert _instructor.discussion_prompts(note), f"{note.name}: no '## Discussion prompts' items"


def test_discussion_prompts_are_the_sections_bullets(tmp_path):
    note = tmp_path / "n.md"
    note.write_text("# N\n\n- not this\n\n## Discussion prompts\n\n- one\n- two\n  more\n\n"
                    "## If short on time\n\n- not this either\n", encoding="utf-8")
    assert _instructor.discussion_prompts(note) == ["one", "two"]
    assert _instructor.discussion_prompts(tmp_path / "missing.md") == []


def test_readme_links_the_kits_pages_and_every_local_link_resolves():
    readme = read("README.md")
    for name in ("agenda.md", "answer_key.md", *_instructor.HAND_WRITTEN):
        assert (KIT / name).is_file(), name
        assert f"]({name})" in readme, name
    for name in ("README.md", "agenda.md", *_instructor.HAND_WRITTEN):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", read(name)):
            if "://" in target:
                continue
            assert (KIT / target).resolve().exists(), f"{name}: broken link {target}"


# ------------------------------------------------------------------ the answer key


def test_answer_key_has_one_entry_per_exercise_and_quiz():
    text = read("answer_key.md")
    exercises = re.findall(r"^#### Exercise `([^`]+)`$", text, flags=re.M)
    quizzes = re.findall(r"^#### Quiz `([^`]+)`$", text, flags=re.M)
    assert exercises == [ex.id for ex in all_exercises()]  # registry order within notebooks
    assert sorted(quizzes) == sorted(q.id for q in all_quizzes())
    assert len(set(quizzes)) == len(quizzes)


def test_answer_key_gives_every_quizs_right_letter():
    text = read("answer_key.md")
    for quiz in all_quizzes():
        block = text.split(f"#### Quiz `{quiz.id}`", 1)[1].split("####", 1)[0]
        assert f"**Answer: {quiz.letter})**" in block, quiz.id


def test_answer_key_names_every_misconception():
    text = read("answer_key.md")
    for ex in all_exercises():
        block = text.split(f"#### Exercise `{ex.id}`", 1)[1].split("####", 1)[0]
        assert "**Reference answer.**" in block and "```python" in block, ex.id
        for words, _ in ex.misconceptions:
            assert _instructor._dollars(" ".join(words.split())) in block, (ex.id, words)


# ------------------------------------------------------------------ logistics files


def test_nbgitpuller_link_round_trips():
    link = _instructor.nbgitpuller_link("https://hub.example.org/",
                                        repo_url="https://github.com/org/course.git",
                                        branch="v1")
    parsed = urllib.parse.urlparse(link)
    assert parsed.path == "/hub/user-redirect/git-pull"
    query = dict(urllib.parse.parse_qsl(parsed.query))
    assert query == {"repo": "https://github.com/org/course.git", "branch": "v1",
                     "targetPath": "sre-lab",
                     "urlpath": "lab/tree/sre-lab/notebooks/00_start_here.ipynb"}


def test_link_command_prints_the_link(capsys):
    assert _instructor.main(["link", "--hub", "https://hub.example.org"]) == 0
    assert capsys.readouterr().out.strip() == _instructor.nbgitpuller_link(
        "https://hub.example.org")


def test_workshop_configs_parse_and_name_the_repository_once():
    config = yaml.safe_load((ROOT / "workshop" / "z2jh" / "config.yaml").read_text())
    single = config["singleuser"]
    assert single["extraEnv"]["COURSE_REPO_URL"] == _instructor.COURSE_REPO_URL
    pull = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "gitpuller" in pull and pull.rstrip("| true").endswith(_instructor.COURSE_FOLDER)
    assert single["defaultUrl"] == f"/lab/tree/{_instructor.COURSE_FOLDER}/{_instructor.START_PATH}"
    install = (ROOT / "workshop" / "tljh" / "install.sh").read_text()
    assert install.count(f'COURSE_REPO_URL="{_instructor.COURSE_REPO_URL}"') == 1


#: Absolute paths of a particular machine: a developer's work folder, a home other than
#: JupyterHub's standard one, macOS and Windows user folders.
MACHINE_PATHS = "(" + "|".join(["/" + "work" + "/", r"/home/(?!jovyan)\w", "/Users/", r"C:\\\\"]) + ")"


def test_kit_holds_no_path_of_a_particular_machine():
    files = [*KIT.glob("*.md"), *(ROOT / "workshop").rglob("*")]
    for path in files:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(MACHINE_PATHS, text), path
