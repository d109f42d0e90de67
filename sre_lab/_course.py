"""The course's notebooks as data: shape, the minutes rule, the course map.

This is a maintainer's tool (the notebooks are not part of the installed
package): tests use it to hold every notebook to the pattern of DESIGN.md, and
the command line rewrites what is derived from the notebooks::

    python -m sre_lab._course notebooks/02_slos/1a_x.ipynb ...   # set their minutes
    python -m sre_lab._course --map      # rewrite the course map in README.md and 00
    python -m sre_lab._course --check    # exit 1 if a map or a minutes value is stale

The minutes rule
----------------
A notebook's stated time is computed, never guessed::

    minutes = ceil(prose_words / 130          # reading technical prose, 130 words a minute
                   + 0.75 × visible code cells # read, run and look at the output
                   + 4 × checked exercises     # sl.check(...)
                   + 1.5 × quizzes             # sl.quiz(...)
                   + 3 × dashboards)           # *_dashboard(...): time to explore

Prose words are the words of Markdown cells outside code blocks and outside the
generated course map (a reference table, and counting it would make the start
notebook's minutes depend on the map that lists them); hidden cells
(``metadata.jupyter.source_hidden``) are not counted: learners do not read them.
Setting the minutes also updates the number in the opening cell's
``**Time**`` line, so the header never disagrees with the metadata.

The course map
--------------
A Markdown table, one row per course notebook in course order (notebook title
linked | tier badge | minutes | the metadata's ``summary``), then "coming" rows
for the sections not built yet. It is written between the markers
``<!-- course-map:start -->`` and ``<!-- course-map:end -->`` in README.md
(links from the repository root) and in a Markdown cell of
``notebooks/00_start_here.ipynb`` (links relative to ``notebooks/``). Only the
text between the markers changes; the rest of each file stays byte-identical.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

WORDS_PER_MINUTE = 130
MINUTES_PER_CODE_CELL = 0.75
MINUTES_PER_EXERCISE = 4.0
MINUTES_PER_QUIZ = 1.5
MINUTES_PER_DASHBOARD = 3.0

#: Tier names of the notebook metadata, with the badge that marks them.
TIERS = {"start": "🧭", "beginner": "🔍", "intermediate": "🧩", "advanced": "💡",
         "capstone": "🎓"}
MAP_START = "<!-- course-map:start -->"
MAP_END = "<!-- course-map:end -->"
START_NOTEBOOK = "00_start_here.ipynb"
#: The sections' names in the start notebook's compact map (one row per section).
SECTION_NAMES = {0: "Start here", 1: "Introduction", 2: "SLOs and error budgets",
                 3: "Incident management", 4: "Observability cost", 5: "Reliability culture",
                 6: "Observability-driven development", 7: "Capstone"}
#: Sections of the outline not built yet: (section, folder, tiers, what the learner does).
#: A section's row disappears from the map once a notebook declares that section.
COMING = (
    (3, "03_incidents/", "🔍 🧩 💡",
     "severity, timelines, postmortems; playbooks, triage, on-call load; analytics and "
     "game days"),
    (4, "04_cost/", "🔍 🧩 💡",
     "cost components, sampling, retention, chargeback, cost forecasts"),
    (5, "05_culture/", "🔍 🧩 💡",
     "toil and automation payback, team models, readiness reviews, maturity and ROI"),
    (6, "06_observability_driven_dev/", "🔍 🧩 💡",
     "shift-left instrumentation, synthetics and release gates, resilience patterns and "
     "chaos"),
    (7, "07_capstone/", "🎓", "one quarter of MicroCorp end to end"),
)

_CODE_BLOCK = re.compile(r"```.*?```", re.S)
_CHECK = re.compile(r"\bsl\.check\(")
_QUIZ = re.compile(r"\bsl\.quiz\(")
_DASHBOARD = re.compile(r"\bsl\.\w+_dashboard\(")
_ASSERT = re.compile(r"^\s*assert\b", re.M)
_TIME = re.compile(r"(\*\*Time\*\*[^0-9\n]*?)(\d+)(\s*min)")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def is_hidden(cell: dict) -> bool:
    """True for a cell whose source is collapsed (kept out of the learner's way)."""
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


# --------------------------------------------------------------------------- shape


@dataclass(frozen=True)
class Shape:
    """What a learner meets in one notebook."""

    words: int
    code_cells: int
    exercises: int
    quizzes: int
    dashboards: int
    assert_cells: int
    hidden_cells: int

    @property
    def minutes(self) -> int:
        """Stated time by the minutes rule (module docstring)."""
        return math.ceil(self.words / WORDS_PER_MINUTE
                         + MINUTES_PER_CODE_CELL * self.code_cells
                         + MINUTES_PER_EXERCISE * self.exercises
                         + MINUTES_PER_QUIZ * self.quizzes
                         + MINUTES_PER_DASHBOARD * self.dashboards)


def shape(notebook: dict) -> Shape:
    """Count the prose words, visible code cells, exercises, quizzes... of a notebook."""
    words = code = exercises = quizzes = dashboards = asserts = hidden = 0
    for cell in notebook["cells"]:
        text = _source(cell)
        if is_hidden(cell):
            hidden += 1
            continue
        if cell["cell_type"] == "markdown":
            words += _words(text)
        elif cell["cell_type"] == "code":
            code += 1
            exercises += len(_CHECK.findall(text))
            quizzes += len(_QUIZ.findall(text))
            dashboards += len(_DASHBOARD.findall(text))
            asserts += bool(_ASSERT.search(text))
    return Shape(words, code, exercises, quizzes, dashboards, asserts, hidden)


def _words(markdown: str) -> int:
    text = _CODE_BLOCK.sub(" ", markdown)
    start, end = text.find(MAP_START), text.find(MAP_END)
    if 0 <= start < end:  # the generated course map is a reference table, not prose to read
        text = text[:start] + " " + text[end + len(MAP_END):]
    return len(text.split())


def cell_minutes(cell: dict) -> float:
    """The minutes one cell adds by the rule (0 for hidden and raw cells)."""
    if is_hidden(cell):
        return 0.0
    text = _source(cell)
    if cell["cell_type"] == "markdown":
        return _words(text) / WORDS_PER_MINUTE
    if cell["cell_type"] != "code":
        return 0.0
    return (MINUTES_PER_CODE_CELL + MINUTES_PER_EXERCISE * len(_CHECK.findall(text))
            + MINUTES_PER_QUIZ * len(_QUIZ.findall(text))
            + MINUTES_PER_DASHBOARD * len(_DASHBOARD.findall(text)))


def is_action(cell: dict) -> bool:
    """True for a visible code cell where the learner does something checked or explored."""
    text = _source(cell)
    return (cell["cell_type"] == "code" and not is_hidden(cell)
            and bool(_CHECK.search(text) or _QUIZ.search(text) or _DASHBOARD.search(text)))


def longest_stretch(notebook: dict) -> tuple[float, int]:
    """The most minutes (by the rule) a learner spends without an action, and where it ends.

    Walks the cells accumulating :func:`cell_minutes`; an action cell
    (:func:`is_action`) ends a stretch. Returns ``(minutes, index)`` where
    ``index`` is the action cell ending the longest stretch, or the number of
    cells when it is the stretch after the last action.
    """
    longest, where, running = 0.0, 0, 0.0
    for index, cell in enumerate(notebook["cells"]):
        if is_action(cell):
            if running > longest:
                longest, where = running, index
            running = 0.0
        else:
            running += cell_minutes(cell)
    if running > longest:
        longest, where = running, len(notebook["cells"])
    return longest, where


# --------------------------------------------------------------------------- files


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def notebooks(root: Path) -> list[Path]:
    """Course notebooks under ``root/notebooks`` in course order (instructor kit excluded)."""
    folder = Path(root) / "notebooks"
    return sorted(p for p in folder.rglob("*.ipynb")
                  if not {".ipynb_checkpoints", "instructor", "output"} & set(
                      p.relative_to(folder).parts))


def set_minutes(path: Path) -> int:
    """Write the rule's minutes into a notebook's metadata and its ``**Time**`` line.

    Returns the minutes. The file is rewritten only when something changes.
    """
    nb = load(path)
    minutes = shape(nb).minutes
    changed = False
    meta = nb.setdefault("metadata", {}).setdefault("sre_lab", {})
    if meta.get("minutes") != minutes:
        meta["minutes"] = minutes
        changed = True
    opening = next((c for c in nb["cells"] if c["cell_type"] == "markdown"), None)
    if opening is not None:
        source = opening["source"]
        lines = source if isinstance(source, list) else [source]
        for i, line in enumerate(lines):
            new = _TIME.sub(lambda m: f"{m.group(1)}{minutes}{m.group(3)}", line, count=1)
            if new != line:
                lines[i] = new
                changed = True
                break
        if not isinstance(source, list):
            opening["source"] = lines[0]
    if changed:
        Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    return minutes


def stated_minutes(notebook: dict) -> int | None:
    """The minutes the opening cell's ``**Time**`` line states (None without one)."""
    opening = next((c for c in notebook["cells"] if c["cell_type"] == "markdown"), None)
    match = _TIME.search(_source(opening)) if opening else None
    return int(match.group(2)) if match else None


# --------------------------------------------------------------------------- course map


@dataclass(frozen=True)
class Entry:
    """One notebook as the course map shows it."""

    path: str        # relative to notebooks/, e.g. "02_slos/1a_slis.ipynb"
    title: str
    section: int
    tier: str
    minutes: int
    summary: str


def title(notebook: dict) -> str:
    """The notebook's title: the first Markdown line, without ``#`` and tier badges."""
    opening = next((c for c in notebook["cells"] if c["cell_type"] == "markdown"), None)
    first = _source(opening).strip().splitlines()[0] if opening else ""
    text = first.lstrip("#").strip()
    for badge in TIERS.values():
        text = text.replace(badge, " ")
    return " ".join(text.split())


def entries(root: Path) -> tuple[list[Entry], list[str]]:
    """The course map's rows from every notebook's metadata, and the notebooks left out.

    A notebook without a complete ``sre_lab`` metadata block (``section``,
    ``tier``, ``minutes``, ``summary``) is left out and named in the second list.
    """
    rows, skipped = [], []
    folder = Path(root) / "notebooks"
    for path in notebooks(root):
        nb = load(path)
        meta = nb.get("metadata", {}).get("sre_lab", {})
        rel = path.relative_to(folder).as_posix()
        ok = (isinstance(meta.get("section"), int) and meta.get("tier") in TIERS
              and isinstance(meta.get("minutes"), int)
              and isinstance(meta.get("summary"), str) and meta["summary"].strip())
        if not ok:
            skipped.append(rel)
            continue
        rows.append(Entry(rel, title(nb), meta["section"], meta["tier"], meta["minutes"],
                          " ".join(meta["summary"].split())))
    return rows, skipped


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|")


def _hours(minutes: int) -> str:
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def _section_rows(rows: list[Entry], prefix: str) -> list[str]:
    """One row per section: its notebooks as short links grouped by tier badge, its time."""
    lines = ["| section | notebooks | time |", "|---|---|---|"]
    sections = sorted({row.section for row in rows})
    for section in sections:
        mine = [row for row in rows if row.section == section]
        groups = []
        for tier in TIERS:
            links = [f"[{Path(row.path).stem.split('_')[0]}]({prefix}{row.path})"
                     for row in mine if row.tier == tier]
            if links:
                groups.append(f"{TIERS[tier]} " + " ".join(links))
        name = SECTION_NAMES.get(section, f"section {section}")
        lines.append(f"| {section} · {name} | {' · '.join(groups)} | "
                     f"{_hours(sum(row.minutes for row in mine))} |")
    for section, folder, tiers, _ in COMING:
        if section not in sections:
            lines.append(f"| {section} · {SECTION_NAMES.get(section, folder)} | {tiers} | coming |")
    return lines


def course_map(rows: list[Entry], *, prefix: str = "", summaries: bool = True) -> str:
    """The course map as a Markdown table (links are ``prefix`` + the notebook's path).

    ``summaries=False`` gives the start notebook's compact map: one row per section,
    its notebooks as short links by tier (it keeps that notebook within its 1,800
    words; README has every notebook with its title and what you do).
    """
    if not summaries:
        total = sum(row.minutes for row in rows)
        return "\n".join(_section_rows(rows, prefix) + [
            "", f"<small>{len(rows)} notebooks, {total // 60} h {total % 60:02d} min in all; "
            "README.md lists each with what you do. Generated by "
            "`python -m sre_lab._course --map`.</small>"])
    lines = ["| notebook | tier | time | what you do |", "|---|---|---|---|"]
    for row in rows:
        link = f"[{_cell_text(row.title)}]({prefix}{row.path})"
        lines.append(f"| {link} | {TIERS[row.tier]} {row.tier} | {row.minutes} min | "
                     f"{_cell_text(row.summary)} |")
    built = {row.section for row in rows}
    for section, folder, tiers, summary in COMING:
        if section not in built:
            lines.append(f"| `{folder}` | {tiers} | coming | {_cell_text(summary)} |")
    total = sum(row.minutes for row in rows)
    lines += ["", f"<small>{len(rows)} notebooks, {total // 60} h {total % 60:02d} min in all. "
              "Generated from the notebooks' metadata by "
              "`python -m sre_lab._course --map`.</small>"]
    return "\n".join(lines)


def _between(text: str, where: str) -> tuple[int, int]:
    """Positions just after the start marker and at the end marker (each exactly once)."""
    if text.count(MAP_START) != 1 or text.count(MAP_END) != 1:
        raise ValueError(f"{where} must hold {MAP_START} and {MAP_END} exactly once each")
    start, end = text.index(MAP_START) + len(MAP_START), text.index(MAP_END)
    if start > end:
        raise ValueError(f"{where}: {MAP_END} comes before {MAP_START}")
    return start, end


def replace_map(text: str, table: str, *, where: str = "text") -> str:
    """``text`` with the part between the markers replaced by ``table``."""
    start, end = _between(text, where)
    return text[:start] + "\n" + table + "\n" + text[end:]


def current_map(text: str, *, where: str = "text") -> str:
    """The part between the markers (without the newlines around it)."""
    start, end = _between(text, where)
    return text[start:end].strip("\n")


def _map_cell(nb: dict, where: str) -> dict:
    cells = [c for c in nb["cells"]
             if c["cell_type"] == "markdown" and MAP_START in _source(c)]
    if len(cells) != 1:
        raise ValueError(f"{where} must have exactly one Markdown cell with {MAP_START}; "
                         f"found {len(cells)}")
    return cells[0]


def notebook_map(path: Path) -> str:
    """The course map currently in the start notebook's map cell."""
    return current_map(_source(_map_cell(load(path), str(path))), where=str(path))


def write_notebook_map(path: Path, table: str) -> bool:
    """Put ``table`` between the markers of the notebook's map cell; True if it changed.

    Only the JSON text of the cell's source between the markers is rewritten,
    so the rest of the file stays byte-identical (whatever wrote it); the
    result is checked by parsing it again.
    """
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    cell = _map_cell(nb, str(path))
    old_source = _source(cell)
    new_source = replace_map(old_source, table, where=str(path))
    if new_source == old_source:
        return False
    start, end = _between(raw, str(path))
    inner = new_source[new_source.index(MAP_START) + len(MAP_START):new_source.index(MAP_END)]
    ascii_only = raw.isascii() and "\\u" in raw

    def encode(text: str) -> str:
        return json.dumps(text, ensure_ascii=ascii_only)[1:-1]

    if isinstance(cell["source"], list):
        line_start = raw.rfind("\n", 0, start) + 1
        indent = raw[line_start:raw.index('"', line_start)]
        separator = '\\n",\n' + indent + '"'
        fragment = separator.join(encode(piece) for piece in inner.split("\n"))
    else:
        fragment = encode(inner)
    updated = raw[:start] + fragment + raw[end:]
    check = json.loads(updated)
    _map_cell(check, str(path))["source"] = cell["source"]
    if check != nb or _source(_map_cell(json.loads(updated), str(path))) != new_source:
        raise RuntimeError(f"{path}: the course map could not be written without changing "
                           "other parts of the file; write it by hand between the markers")
    path.write_text(updated, encoding="utf-8")
    return True


def write_maps(root: Path) -> list[str]:
    """Rewrite the course map in README.md and the start notebook; return what changed."""
    root = Path(root)
    rows, _ = entries(root)
    changed = []
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    updated = replace_map(text, course_map(rows, prefix="notebooks/"), where="README.md")
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
        changed.append("README.md")
    start = root / "notebooks" / START_NOTEBOOK
    if write_notebook_map(start, course_map(rows, summaries=False)):
        changed.append(f"notebooks/{START_NOTEBOOK}")
    return changed


def stale(root: Path) -> list[str]:
    """What ``--map`` and the minutes rule would change (empty when all is up to date)."""
    root = Path(root)
    rows, _ = entries(root)
    problems = []
    readme = (root / "README.md").read_text(encoding="utf-8")
    if current_map(readme, where="README.md") != course_map(rows, prefix="notebooks/"):
        problems.append("README.md: course map is stale (python -m sre_lab._course --map)")
    start = root / "notebooks" / START_NOTEBOOK
    if notebook_map(start) != course_map(rows, summaries=False):
        problems.append(f"notebooks/{START_NOTEBOOK}: course map is stale "
                        "(python -m sre_lab._course --map)")
    for path in notebooks(root):
        nb = load(path)
        minutes = shape(nb).minutes
        meta = nb.get("metadata", {}).get("sre_lab", {})
        if meta.get("minutes") != minutes or stated_minutes(nb) not in (None, minutes):
            problems.append(f"{path.relative_to(root).as_posix()}: minutes should be "
                            f"{minutes} (python -m sre_lab._course {path.relative_to(root)})")
    return problems


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m sre_lab._course",
                                     description="Set notebooks' minutes; write the course map.")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks whose minutes to set")
    parser.add_argument("--map", action="store_true",
                        help="rewrite the course map in README.md and notebooks/00_start_here")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a course map or a notebook's minutes is stale")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the repository (default: the one holding this package)")
    args = parser.parse_args(argv)
    if not (args.paths or args.map or args.check):
        parser.error("give notebook paths, --map or --check")
    for path in args.paths:
        s = shape(load(path))
        print(f"{path}: {set_minutes(path)} min  ({s})")
    if args.map:
        rows, skipped = entries(args.root)
        for rel in skipped:
            print(f"left out of the map (no complete sre_lab metadata): notebooks/{rel}",
                  file=sys.stderr)
        changed = write_maps(args.root)
        print("course map: " + (", ".join(changed) + " rewritten" if changed
                                else "up to date") + f" ({len(rows)} notebooks)")
    if args.check:
        problems = stale(args.root)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":  # pragma: no cover - maintainer's command
    raise SystemExit(main())
