"""The instructor kit's generated pages: the agenda, the answer key, the kit's index.

A maintainer's tool, like :mod:`sre_lab._course` (whose notebook metadata it
reads). Everything in ``notebooks/instructor/`` that can be derived is derived
here, never typed in::

    python -m sre_lab._instructor build    # write agenda.md, answer_key.md, README.md
    python -m sre_lab._instructor check    # exit 1 if one of them is stale
    python -m sre_lab._instructor link --hub https://hub.example.org   # nbgitpuller link

``make instructor-kit`` runs ``build``; ``tests/test_instructor_kit.py`` fails
until a new notebook, a changed ``minutes`` or a new exercise is rebuilt.
``troubleshooting.md``, ``logistics.md`` and the per-notebook facilitator
notes are written by hand.

The day
-------
One day, 09:00-17:00, in a fixed frame (``FRAME``): a 10-minute opening,
four teaching blocks (100, 85, 100 and 80 minutes: room for three, two or three,
three and two notebooks of the course's usual 25-30 minutes, with buffer),
coffee at 10:50 and 15:10 (15 minutes each), lunch 12:30-13:30, and a
15-minute close. Breaks are at fixed times because rooms and catering are. A notebook's slot is its ``minutes`` metadata (the course's
minutes rule, see :mod:`sre_lab._course`); notebooks are never split across a
break. What a block does not fill is its buffer (questions, the discussion
prompts of the facilitator notes, catching up); every block keeps at least
``MIN_BLOCK_BUFFER`` minutes of it.

The paths and the selection rule
--------------------------------
A path (``PATHS``) is a list of *rounds*; a round names tiers, optionally
sections and part letters (the letter of ``1a_...``: ``a``). The candidates
are the notebooks of the rounds, in round order; inside a round, every
section's part ``a`` comes before any part ``b`` (breadth before depth), then
the round's tier order, then course order. Candidates are taken in that order
while the day has room: a candidate is kept when the kept notebooks, laid out
in course order, still fit the blocks with their buffers; otherwise it is left
for self-study and the next candidate is tried. Capstone notebooks are in no
path's day: they are the follow-up for everyone. A new section's notebooks are
picked up by the same rule when the pages are rebuilt.
"""

from __future__ import annotations

import re
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _course

# --------------------------------------------------------------------------- the day

#: The day's frame: (start, end, kind, what). Kind "block" is teaching time.
FRAME = (
    ("09:00", "09:10", "opening",
     "Welcome; everyone opens the launch link ([logistics](logistics.md)) and runs the "
     "first cell"),
    ("09:10", "10:50", "block", "Morning, first block"),
    ("10:50", "11:05", "break", "☕ Coffee"),
    ("11:05", "12:30", "block", "Morning, second block"),
    ("12:30", "13:30", "break", "🍽 Lunch"),
    ("13:30", "15:10", "block", "Afternoon, first block"),
    ("15:10", "15:25", "break", "☕ Coffee"),
    ("15:25", "16:45", "block", "Afternoon, second block"),
    ("16:45", "17:00", "closing",
     "Wrap-up: key points, what to study next, feedback; remind Binder users to download"),
)
#: Minutes every teaching block keeps free for questions and discussion.
MIN_BLOCK_BUFFER = 10


def _minute(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class Round:
    """One step of a path's selection rule."""

    tiers: tuple[str, ...]
    sections: tuple[int, ...] | None = None   # None: every section
    parts: tuple[str, ...] | None = None      # None: every part letter

    def matches(self, entry: _course.Entry) -> bool:
        return (entry.tier in self.tiers
                and (self.sections is None or entry.section in self.sections)
                and (self.parts is None or part(entry) in self.parts))

    def describe(self) -> str:
        text = " and ".join(f"{_course.TIERS[t]} {t}" for t in self.tiers)
        if self.sections is not None:
            text += " of section" + ("s " if len(self.sections) > 1 else " ") + ", ".join(
                str(s) for s in self.sections)
        if self.parts is not None:
            text += ", part" + ("s " if len(self.parts) > 1 else " ") + ", ".join(
                f"*{p}*" for p in self.parts) + " only"
        return text


@dataclass(frozen=True)
class Audience:
    """A path through the course for one audience."""

    key: str
    name: str
    who: str
    rounds: tuple[Round, ...]


START = Round(("start",))
PATHS = (
    Audience("new", "New to SRE",
             "Developers, operators and students who have not run SLOs or on-call yet.",
             (START, Round(("beginner",)))),
    Audience("practising", "Practising SRE",
             "Engineers who already run SLOs, alerts or on-call and want the quantitative "
             "tools: alert design, on-call load, sampling, forecasts, reviews.",
             (START, Round(("intermediate", "advanced")))),
    Audience("managers", "Engineering managers",
             "People who decide on targets, staffing and budgets: every section's first "
             "beginner part for the vocabulary, then the culture section's advanced tier "
             "(maturity, DORA, the business case), then more beginner parts.",
             (START, Round(("beginner",), parts=("a",)), Round(("advanced",), sections=(5,)),
              Round(("beginner",)))),
)

_PART = re.compile(r"^\d*([a-z])_")


def part(entry: _course.Entry) -> str:
    """The part letter of a notebook (``"02_slos/1b_x.ipynb"`` -> ``"b"``; ``""`` if none)."""
    match = _PART.match(Path(entry.path).name)
    return match.group(1) if match else ""


def candidates(rows: list[_course.Entry], audience: Audience) -> list[_course.Entry]:
    """The path's notebooks in the order the selection rule tries them (module docstring)."""
    order = {row.path: i for i, row in enumerate(rows)}
    seen, ranked = set(), []
    for round_ in audience.rounds:
        mine = [row for row in rows if round_.matches(row) and row.path not in seen]
        mine.sort(key=lambda row: (part(row), round_.tiers.index(row.tier), order[row.path]))
        ranked += mine
        seen.update(row.path for row in mine)
    return ranked


@dataclass(frozen=True)
class Slot:
    """One line of the agenda."""

    start: int          # minutes after midnight
    end: int
    kind: str           # "opening", "notebook", "buffer", "break", "closing"
    what: str
    entry: _course.Entry | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Plan:
    """A path's day: its slots in time order and what is left for self-study."""

    audience: Audience
    slots: tuple[Slot, ...]
    self_study: tuple[_course.Entry, ...]

    @property
    def notebooks(self) -> list[_course.Entry]:
        return [slot.entry for slot in self.slots if slot.kind == "notebook"]

    def minutes(self, kind: str) -> int:
        return sum(slot.minutes for slot in self.slots if slot.kind == kind)


def _layout(chosen: list[_course.Entry], order: dict[str, int]) -> list[Slot] | None:
    """The day's slots with ``chosen`` in course order, or None if they do not fit."""
    queue = sorted(chosen, key=lambda row: order[row.path])
    slots = []
    for start, end, kind, what in FRAME:
        start, end = _minute(start), _minute(end)
        if kind != "block":
            slots.append(Slot(start, end, kind, what))
            continue
        now = start
        while queue and now + queue[0].minutes <= end - MIN_BLOCK_BUFFER:
            row = queue.pop(0)
            slots.append(Slot(now, now + row.minutes, "notebook", row.title, row))
            now += row.minutes
        slots.append(Slot(now, end, "buffer",
                          "Buffer: questions, discussion prompts, catching up"))
    return None if queue else slots


def plan(rows: list[_course.Entry], audience: Audience) -> Plan:
    """Apply the selection rule (module docstring) and lay out the day."""
    order = {row.path: i for i, row in enumerate(rows)}
    chosen, left = [], []
    slots = _layout([], order)
    for row in candidates(rows, audience):
        trial = _layout(chosen + [row], order)
        if trial is None:
            left.append(row)
        else:
            chosen.append(row)
            slots = trial
    left.sort(key=lambda row: order[row.path])
    return Plan(audience, tuple(slots), tuple(left))


# --------------------------------------------------------------------------- pages

GENERATED = ("agenda.md", "answer_key.md", "README.md")
HAND_WRITTEN = ("troubleshooting.md", "logistics.md")


def _banner(what: str) -> str:
    return (f"<!-- Generated by `python -m sre_lab._instructor build` ({what}); "
            "do not edit by hand: `make instructor-kit` rewrites it. -->")


def note_name(entry_path: str) -> str:
    """Facilitator notes' file name of a notebook: ``02_slos/1a_x.ipynb`` -> ``02_slos__1a_x.md``."""
    return entry_path.removesuffix(".ipynb").replace("/", "__") + ".md"


def _anchor(kind: str, ident: str) -> str:
    return f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")


def _hours(minutes: int) -> str:
    return _course._hours(minutes)


def _dollars(text: str) -> str:
    """Escape ``$`` outside code spans (JupyterLab would read ``$...$`` as maths)."""
    pieces = re.split(r"(`[^`]*`)", text)
    return "".join(p if p.startswith("`") else re.sub(r"(?<!\\)\$", r"\\$", p) for p in pieces)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def agenda_md(rows: list[_course.Entry]) -> str:
    """The one-day agenda for every path (``agenda.md``)."""
    plans = [plan(rows, audience) for audience in PATHS]
    capstone = [row for row in rows if row.tier == "capstone"]
    day = _minute(FRAME[-1][1]) - _minute(FRAME[0][0])
    breaks = sum(_minute(e) - _minute(s) for s, e, k, _ in FRAME if k == "break")
    lines = [
        _banner("from the notebooks' metadata"),
        "",
        "# One-day workshop agenda",
        "",
        f"A day of {_hours(day)}, {FRAME[0][0]}–{FRAME[-1][1]}, for three audiences. Every "
        "notebook's slot is its stated time (the course's minutes rule, "
        "`sre_lab/_course.py`); notebooks are never split across a break, and every "
        f"teaching block keeps at least {MIN_BLOCK_BUFFER} minutes of buffer for questions, "
        "the discussion prompts of the facilitator notes and catching up. Breaks are at "
        f"fixed times ({_hours(breaks)} in all) so the room and catering can plan on them.",
        "",
        "Run the whole room on one path, or split the room by path: the frame (opening, "
        "breaks, close) is the same for all three.",
        "",
        "## How each path is chosen",
        "",
        "A rule, not a hand-picked list, so a new notebook finds its place when the kit is "
        "rebuilt. Each path names rounds of tiers (and, for some rounds, sections or part "
        "letters: the *b* of `1b_…`). The candidates are the rounds' notebooks in round "
        "order; inside a round every section's part *a* comes before any part *b* "
        "(breadth before depth), then the round's tier order, then course order. A "
        "candidate is kept if the kept notebooks, in course order, still fit the day's "
        "blocks with their buffers; otherwise it is left for self-study and the next "
        "candidate is tried. The start notebook opens every path: it teaches how the "
        "exercises, quizzes and dashboards work.",
        "",
        "| path | for | rounds, in order |",
        "|---|---|---|",
    ]
    for audience in PATHS:
        rounds = " → ".join(f"({i}) {r.describe()}" for i, r in enumerate(audience.rounds, 1))
        lines.append(f"| **{audience.name}** | {audience.who} | {rounds} |")
    lines += ["", "Capstone notebooks are in no path's day: they are everyone's follow-up.",
              "", "## At a glance", "",
              "| path | notebooks | notebook time | buffer | breaks | left for self-study |",
              "|---|---:|---:|---:|---:|---:|"]
    for p in plans:
        lines.append(f"| [{p.audience.name}](#{_anchor('path', p.audience.key)}) | "
                     f"{len(p.notebooks)} | {_hours(p.minutes('notebook'))} | "
                     f"{_hours(p.minutes('buffer'))} | {_hours(p.minutes('break'))} | "
                     f"{len(p.self_study)} notebooks |")
    for p in plans:
        lines += ["", f'<a id="{_anchor("path", p.audience.key)}"></a>', "",
                  f"## Path: {p.audience.name}", "", p.audience.who, "",
                  "| time | minutes | what | facilitator notes |", "|---|---:|---|---|"]
        for slot in p.slots:
            when = f"{_clock(slot.start)}–{_clock(slot.end)}"
            if slot.kind == "notebook":
                row = slot.entry
                what = (f"{_course.TIERS[row.tier]} [{_course._cell_text(row.title)}]"
                        f"(../{row.path})")
                notes = f"[notes]({note_name(row.path)})"
            elif slot.kind == "buffer":
                what, notes = f"*{slot.what}*", ""
            else:
                what, notes = f"**{slot.what}**", ""
            lines.append(f"| {when} | {slot.minutes} | {what} | {notes} |")
        lines += ["", f"Notebooks {_hours(p.minutes('notebook'))}, buffer "
                      f"{_hours(p.minutes('buffer'))}, breaks {_hours(p.minutes('break'))}, "
                      f"opening and close "
                      f"{_hours(p.minutes('opening') + p.minutes('closing'))}.", ""]
        if p.self_study:
            lines.append("**Left for self-study** (the path's other notebooks, in course "
                         "order):")
            lines.append("")
            lines += [f"- {_course.TIERS[row.tier]} [{_course._cell_text(row.title)}]"
                      f"(../{row.path}) ({row.minutes} min)" for row in p.self_study]
        else:
            lines.append("Nothing of this path is left for self-study.")
        if capstone:
            lines += ["", "Then the capstone: " + ", ".join(
                f"[{_course._cell_text(row.title)}](../{row.path}) ({row.minutes} min)"
                for row in capstone) + "."]
    return "\n".join(lines) + "\n"


def _format_value(ex, value) -> str:
    """The reference as the key prints it. An answer accepted within 1 % or more is shown to
    3 significant digits: the key is then the same on every machine even where the reference
    is measured (section 6's retained memory varies by a few bytes between processes)."""
    from .exercises import _engine

    if ex.kind == "number" and (ex.rel_tol or 0) >= 0.01 and value and np.isfinite(value):
        digits = 2 - int(np.floor(np.log10(abs(value))))
        value = float(round(float(value), digits))
    return _engine._shown(ex, value)


def _exercise_block(ex) -> list[str]:
    from .exercises import _engine

    answer = _engine._reference(ex)
    unit = f" {ex.unit}" if ex.unit else ""
    lines = [f'<a id="{_anchor("ex", ex.id)}"></a>', "",
             f"#### Exercise `{ex.id}`", "",
             f"**Prompt.** {_dollars(_one_line(ex.prompt))}", ""]
    if ex.kind == "choice":
        lines += ["**Options.** " + ", ".join(f"`{c}`" for c in ex.choices), ""]
    tolerance = ""
    if ex.kind in ("number", "numbers", "timedelta"):
        tol_unit = " s" if ex.kind == "timedelta" else unit
        tolerance = f" (accepted within {_engine._tolerance_text(ex, tol_unit)})"
    lines += [f"**Reference answer.** `{_format_value(ex, answer)}`{tolerance}", "",
              "**Solution code.**", "", "```python", ex.solution_code.strip("\n"), "```", "",
              f"**Hint.** {_dollars(_one_line(ex.hint))}", ""]
    if ex.misconceptions:
        lines += ["**Named slips** (the answer each wrong method gives; the check names it):",
                  ""]
        values = dict(_engine._misconception_values(ex))   # cached, as sl.check computes them
        for text, _ in ex.misconceptions:
            shown = f"`{_format_value(ex, values[text])}`" if text in values else "(no value)"
            lines.append(f"- {shown}: {_dollars(_one_line(text))}")
        lines.append("")
    return lines


def _quiz_block(quiz) -> list[str]:
    from .exercises._quiz import LETTERS

    lines = [f'<a id="{_anchor("quiz", quiz.id)}"></a>', "",
             f"#### Quiz `{quiz.id}`", "",
             f"**Question.** {_dollars(_one_line(quiz.question))}", ""]
    for i, (text, why) in enumerate(quiz.options):
        mark = "✅" if i == quiz.answer else "✗"
        lines.append(f"- {mark} **{LETTERS[i]})** {_dollars(_one_line(text))}: "
                     f"*{_dollars(_one_line(why))}*")
    why = quiz.options[quiz.answer][1]
    lines += ["", f"**Answer: {quiz.letter})**. Why: {_dollars(_one_line(why))}", ""]
    return lines


def answer_key_md(rows: list[_course.Entry]) -> str:
    """Every exercise and quiz, by notebook, from the registry (``answer_key.md``)."""
    from .exercises._engine import Exercise
    from .exercises._registry import all_exercises, all_quizzes

    exercises, quizzes = all_exercises(), all_quizzes()
    by_notebook: dict[str, list] = {}
    for item in [*exercises, *quizzes]:
        by_notebook.setdefault(item.notebook, []).append(item)
    titles = {row.path.removesuffix(".ipynb"): row for row in rows}
    order = [row.path.removesuffix(".ipynb") for row in rows]
    order += [nb for nb in by_notebook if nb not in titles]   # registered, notebook not yet built
    lines = [
        _banner("from the exercise registry, `sre_lab/exercises/`"),
        "",
        "# Answer key",
        "",
        f"Every checked exercise ({len(exercises)}) and concept quiz ({len(quizzes)}) of the "
        "course, by notebook. Reference answers are computed by the same registry "
        "functions `sl.check` and `sl.solution` use (from the course's data, never typed "
        "in), shown as `sl.solution` shows them; the named slips are the wrong methods "
        "each check recognises and names to the learner. Learners can see any answer with "
        "`sl.solution(\"<id>\")`; this page is for preparing and for the room.",
        "",
        "| notebook | exercises | quizzes |",
        "|---|---|---|",
    ]
    for nb in order:
        items = by_notebook.get(nb, [])
        exs = [i for i in items if isinstance(i, Exercise)]
        qzs = [i for i in items if not isinstance(i, Exercise)]
        name = titles[nb].title if nb in titles else f"`{nb}` (notebook not built yet)"
        lines.append(f"| [{_course._cell_text(name)}](#{_anchor('nb', nb)}) | "
                     + ", ".join(f"[`{e.id}`](#{_anchor('ex', e.id)})" for e in exs) + " | "
                     + ", ".join(f"[`{q.id}`](#{_anchor('quiz', q.id)})" for q in qzs) + " |")
    for nb in order:
        items = by_notebook.get(nb, [])
        lines += ["", f'<a id="{_anchor("nb", nb)}"></a>', ""]
        if nb in titles:
            row = titles[nb]
            lines += [f"## {_course.TIERS[row.tier]} {row.title}", "",
                      f"[notebook](../{row.path}) · [facilitator notes]({note_name(row.path)})"
                      f" · {row.minutes} min", ""]
        else:
            lines += [f"## `{nb}` (notebook not built yet)", ""]
        if not items:
            lines += ["No checked exercises or quizzes.", ""]
            continue
        exs = [i for i in items if isinstance(i, Exercise)]
        qzs = [i for i in items if not isinstance(i, Exercise)]
        if exs:
            lines += ["### Exercises", ""]
            for ex in exs:
                lines += _exercise_block(ex)
        if qzs:
            lines += ["### Quizzes", ""]
            for quiz in qzs:
                lines += _quiz_block(quiz)
    return "\n".join(lines).rstrip("\n") + "\n"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "zes" if word.endswith("quiz") else "s")


def discussion_prompts(note: Path) -> list[str]:
    """The bullet points of a facilitator note's ``## Discussion prompts`` section."""
    if not note.is_file():
        return []
    text = note.read_text(encoding="utf-8")
    match = re.search(r"^## Discussion prompts\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    return re.findall(r"^- (.+)$", match.group(1), flags=re.M) if match else []


def readme_md(rows: list[_course.Entry], root: Path) -> str:
    """The kit's index (``README.md``)."""
    from .exercises._registry import all_exercises, all_quizzes

    counts: dict[str, list[int]] = {}
    for item in all_exercises():
        counts.setdefault(item.notebook, [0, 0])[0] += 1
    for item in all_quizzes():
        counts.setdefault(item.notebook, [0, 0])[1] += 1
    total = sum(row.minutes for row in rows)
    lines = [
        _banner("from the notebooks' metadata and the exercise registry"),
        "",
        "# Instructor kit",
        "",
        "Everything to run SRE Lab as a one-day workshop. The agenda, the answer key and "
        "this index are generated from the notebooks and the exercise registry "
        "(`make instructor-kit`), so they never disagree with the course; the "
        "troubleshooting and logistics pages and each notebook's facilitator notes are "
        "written by hand.",
        "",
        "| page | what it is for |",
        "|---|---|",
        "| [Agenda](agenda.md) | the day, 09:00–17:00, for three paths: new to SRE, "
        "practising SRE, engineering managers; what each leaves for self-study |",
        "| [Answer key](answer_key.md) | every exercise's reference answer, solution code, "
        "hint and named slips; every quiz's right letter and why |",
        "| [Troubleshooting](troubleshooting.md) | what goes wrong in a room and the fix |",
        "| [Logistics](logistics.md) | where learners run the notebooks: Binder, The "
        "Littlest JupyterHub, Zero to JupyterHub; sizing; launch links. Ready configuration "
        "in the repository's `workshop/` folder (`tljh/install.sh`, `z2jh/config.yaml`, "
        "`z2jh/Dockerfile`) |",
        "",
        "## How to use the kit",
        "",
        "**A week before.** Pick the path (or paths) for your room in the [agenda]"
        "(agenda.md) and the place learners will run the notebooks from "
        "[logistics](logistics.md). Send learners the launch link and the "
        "self-assessment of the start notebook.",
        "",
        "**The day before.** Open the launch link yourself (it builds or pulls the image "
        "so the first learner does not wait). Run every notebook of your path top to "
        "bottom. Read each one's facilitator notes: timing per part, expected answers, "
        "the common slips and what to say, discussion prompts, what to skip when short "
        "of time.",
        "",
        "**On the day.** Keep the [answer key](answer_key.md) and "
        "[troubleshooting](troubleshooting.md) open. Each notebook checks learners' "
        "answers itself (`sl.check`), so your time goes to the discussion prompts "
        "during the buffers.",
        "",
        "**After.** Tell Binder users to download their notebooks (File → Download) "
        "before they leave; point everyone to what their path left for self-study and "
        "to the capstone.",
        "",
        "## Facilitator notes, one per notebook",
        "",
        f"{len(rows)} notebooks, {_hours(total)} in all.",
        "",
        "| notebook | tier | time | checks | facilitator notes | answers |",
        "|---|---|---:|---:|---|---|",
    ]
    prompts_total = 0
    for row in rows:
        nb = row.path.removesuffix(".ipynb")
        ex, qz = counts.get(nb, [0, 0])
        answers = f"[answer key](answer_key.md#{_anchor('nb', nb)})" if ex or qz else ""
        prompts = discussion_prompts(root / "notebooks" / "instructor" / note_name(row.path))
        prompts_total += len(prompts)
        lines.append(f"| [{_course._cell_text(row.title)}](../{row.path}) | "
                     f"{_course.TIERS[row.tier]} {row.tier} | {row.minutes} min | "
                     f"{_count(ex, 'exercise')}, {_count(qz, 'quiz')} | [notes]({note_name(row.path)}) "
                     f"({_count(len(prompts), 'discussion prompt')}) | {answers} |")
    lines += ["", f"Every note has *Discussion prompts* ({prompts_total} in all): questions "
                  "for the room, for the agenda's buffers."]
    return "\n".join(lines) + "\n"


def build(root: Path) -> dict[str, str]:
    """The generated pages' text, by file name in ``notebooks/instructor/``."""
    rows, _ = _course.entries(Path(root))
    return {"agenda.md": agenda_md(rows), "answer_key.md": answer_key_md(rows),
            "README.md": readme_md(rows, Path(root))}


def folder(root: Path) -> Path:
    return Path(root) / "notebooks" / "instructor"


def write(root: Path) -> list[str]:
    """Write the generated pages; return the names of those that changed."""
    changed = []
    for name, text in build(root).items():
        path = folder(root) / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale(root: Path, pages: dict[str, str] | None = None) -> list[str]:
    """Generated pages that differ from what :func:`build` gives now."""
    pages = build(root) if pages is None else pages
    return [name for name, text in pages.items()
            if not (folder(root) / name).is_file()
            or (folder(root) / name).read_text(encoding="utf-8") != text]


# --------------------------------------------------------------------------- launch links

#: The course repository; workshop/ files hold the same placeholder (COURSE_REPO_URL).
COURSE_REPO_URL = "https://github.com/sre-lab/sre-lab"
#: The folder of the learner's home the course is pulled into (as workshop/z2jh/config.yaml).
COURSE_FOLDER = "sre-lab"
START_PATH = "notebooks/00_start_here.ipynb"


def nbgitpuller_link(hub_url: str, *, repo_url: str = COURSE_REPO_URL, branch: str = "main",
                     app: str = "lab") -> str:
    """The link that pulls the course into a hub user's home and opens the start notebook.

    nbgitpuller clones ``repo_url`` into ``~/sre-lab`` (``targetPath``, the same
    folder whatever the fork is called) and opens ``urlpath``; a later click
    merges the course's updates without overwriting the learner's edits.

    Examples
    --------
    >>> link = nbgitpuller_link("https://hub.example.org/")
    >>> print(link.replace("&", "\\n&"))
    https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fsre-lab%2Fsre-lab
    &branch=main
    &targetPath=sre-lab
    &urlpath=lab%2Ftree%2Fsre-lab%2Fnotebooks%2F00_start_here.ipynb
    """
    query = urllib.parse.urlencode({"repo": repo_url, "branch": branch,
                                    "targetPath": COURSE_FOLDER,
                                    "urlpath": f"{app}/tree/{COURSE_FOLDER}/{START_PATH}"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sre_lab._instructor",
                                     description="Generate the instructor kit's pages.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the repository (default: the one holding this package)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="write agenda.md, answer_key.md and README.md")
    sub.add_parser("check", help="exit 1 if a generated page is stale")
    link = sub.add_parser("link", help="print the nbgitpuller link for a JupyterHub")
    link.add_argument("--hub", required=True, help="the hub's address, https://hub.example.org")
    link.add_argument("--repo", default=COURSE_REPO_URL, help="the course repository")
    link.add_argument("--branch", default="main")
    args = parser.parse_args(argv)
    if args.command == "link":
        print(nbgitpuller_link(args.hub, repo_url=args.repo, branch=args.branch))
        return 0
    started = time.perf_counter()
    if args.command == "build":
        rows, skipped = _course.entries(args.root)
        for rel in skipped:
            print(f"left out (no complete sre_lab metadata): notebooks/{rel}", file=sys.stderr)
        changed = write(args.root)
        print("instructor kit: " + (", ".join(changed) + " rewritten" if changed
                                    else "up to date")
              + f" ({len(rows)} notebooks, {time.perf_counter() - started:.1f} s)")
        return 0
    problems = stale(args.root)
    for name in problems:
        print(f"notebooks/instructor/{name} is stale (make instructor-kit)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover - maintainer's command
    raise SystemExit(main())
