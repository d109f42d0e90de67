"""The course's notebooks as data: shape, the minutes rule, the course map.

This is a maintainer's tool (the notebooks are not part of the installed
package): tests use it to hold every notebook to the pattern of DESIGN.md, and
``python -m sre_lab._course`` rewrites each notebook's ``minutes`` and the
course maps (README and ``00_start_here``) from the notebooks' metadata.

The minutes rule
----------------
A notebook's stated time is computed, never guessed::

    minutes = ceil(prose_words / 130          # reading technical prose, 130 words a minute
                   + 0.75 × visible code cells # read, run and look at the output
                   + 4 × checked exercises     # sl.check(...)
                   + 1.5 × quizzes             # sl.quiz(...)
                   + 3 × dashboards)           # *_dashboard(...): time to explore

Prose words are the words of Markdown cells outside code blocks; hidden cells
(``metadata.jupyter.source_hidden``) are not counted: learners do not read them.
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

_CODE_BLOCK = re.compile(r"```.*?```", re.S)
_CHECK = re.compile(r"\bsl\.check\(")
_QUIZ = re.compile(r"\bsl\.quiz\(")
_DASHBOARD = re.compile(r"\bsl\.\w+_dashboard\(")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def is_hidden(cell: dict) -> bool:
    """True for a cell whose source is collapsed (kept out of the learner's way)."""
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


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
            words += len(_CODE_BLOCK.sub(" ", text).split())
        elif cell["cell_type"] == "code":
            code += 1
            exercises += len(_CHECK.findall(text))
            quizzes += len(_QUIZ.findall(text))
            dashboards += len(_DASHBOARD.findall(text))
            asserts += bool(re.search(r"^\s*assert\b", text, re.M))
    return Shape(words, code, exercises, quizzes, dashboards, asserts, hidden)


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def notebooks(root: Path) -> list[Path]:
    """Course notebooks under ``root/notebooks`` in course order (instructor kit excluded)."""
    folder = Path(root) / "notebooks"
    return sorted(p for p in folder.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "instructor" not in p.parts)


def set_minutes(path: Path) -> int:
    """Write the rule's minutes into a notebook's ``sre_lab`` metadata; return them."""
    nb = load(path)
    minutes = shape(nb).minutes
    meta = nb.setdefault("metadata", {}).setdefault("sre_lab", {})
    if meta.get("minutes") != minutes:
        meta["minutes"] = minutes
        Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return minutes


if __name__ == "__main__":  # pragma: no cover - maintainer's command
    import sys

    # python -m sre_lab._course notebooks/02_slos/1a_x.ipynb ...: set those notebooks' minutes
    for p in map(Path, sys.argv[1:]):
        s = shape(load(p))
        print(f"{p}: {set_minutes(p)} min  ({s})")
