"""Concept quizzes: :class:`Quiz`, :func:`quiz` and :func:`quiz_ids`.

A quiz is a multiple-choice question about an idea (not a computation). In a
notebook ``sl.quiz(id)`` shows it as a widget (radio buttons, a *Check* button,
feedback that explains why the chosen option is right or wrong); where widgets
cannot render, the same call shows the question as text and
``sl.quiz(id, "b")`` answers it (a letter, or the option's text). Answers are
recorded in ``sl.progress()``; an answer that names no option (``"z"``) is not
an attempt and is not recorded.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from typing import Any

from .._validation import message
from ._engine import CheckResult, _box, _normal_text, _notebook, _short

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*$")
LETTERS = string.ascii_lowercase


@dataclass(frozen=True, kw_only=True)
class Quiz:
    """One concept question (an entry of a registry's ``QUIZZES``).

    Parameters
    ----------
    id : str
        ``"<notebook key>.<slug>"``, e.g. ``"slo1.why_ratio"``; unique among
        exercises and quizzes.
    notebook : str
        The notebook's path under ``notebooks/`` without ``.ipynb``.
    question : str
        The question, one or two sentences.
    options : sequence of (str, str)
        ``(option text, why it is right or wrong)``: the explanation is shown
        when the learner picks that option, so every wrong option says why it
        is wrong. Two to six options.
    answer : int
        Position (0-based) of the right option.

    Examples
    --------
    >>> q = Quiz(id="demo.q", notebook="demo", question="2 + 2?",
    ...          options=[("4", "Yes."), ("5", "One too many.")], answer=0)
    >>> q.letter
    'a'
    """

    id: str
    notebook: str
    question: str
    options: tuple[tuple[str, str], ...]
    answer: int

    def __post_init__(self):
        if not isinstance(self.id, str) or not _ID_PATTERN.match(self.id):
            raise ValueError(message("Quiz.id", "'<notebook key>.<slug>' in lower case", self.id))
        for name in ("notebook", "question"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise TypeError(message(f"Quiz.{name}", "a non-empty string", getattr(self, name)))
        options = tuple(tuple(o) for o in self.options)
        if not 2 <= len(options) <= 6 or any(
                len(o) != 2 or not all(isinstance(t, str) and t.strip() for t in o)
                for o in options):
            raise ValueError(message("Quiz.options", "2 to 6 (option text, explanation) pairs",
                                     self.options))
        if len({_normal_text(o[0]) for o in options}) != len(options):
            raise ValueError(message("Quiz.options", "distinct option texts", self.options))
        object.__setattr__(self, "options", options)
        if isinstance(self.answer, bool) or not isinstance(self.answer, int) \
                or not 0 <= self.answer < len(options):
            raise ValueError(message("Quiz.answer", f"an option position in 0..{len(options) - 1}",
                                     self.answer))

    @property
    def key(self) -> str:
        """The notebook key: the part of ``id`` before the dot."""
        return self.id.split(".", 1)[0]

    @property
    def letter(self) -> str:
        """The right option's letter (``"a"``, ``"b"``...)."""
        return LETTERS[self.answer]

    def text(self) -> str:
        """The question and its lettered options as plain text."""
        lines = [f"❓ {self.question}"]
        lines += [f"   {LETTERS[i]}) {text}" for i, (text, _) in enumerate(self.options)]
        lines.append(f'Answer in a cell with sl.quiz("{self.id}", "a") (your letter).')
        return "\n".join(lines)

    def grade(self, choice: Any) -> CheckResult:
        """Return the verdict on ``choice`` (a letter such as ``"b"`` or the option's text).

        An answer that names no option has status ``"not_attempted"``: it is
        not graded and not recorded.

        Examples
        --------
        >>> q = Quiz(id="demo.q", notebook="demo", question="2 + 2?",
        ...          options=[("4", "Yes: two and two."), ("5", "One too many.")], answer=0)
        >>> print(q.grade("B").message)
        ❌ Not quite: b) 5 — One too many.
        >>> print(q.grade(" 4 ").message)
        ✅ Correct! a) 4 — Yes: two and two.
        >>> q.grade("c").status
        'not_attempted'
        """
        position, problem = self._position(choice)
        if problem:
            return CheckResult(self.id, "not_attempted", f"⏳ Not answered: {problem}")
        text, why = self.options[position]
        picked = f"{LETTERS[position]}) {text} — {why}"
        if position == self.answer:
            return CheckResult(self.id, "correct", f"✅ Correct! {picked}")
        return CheckResult(self.id, "incorrect", f"❌ Not quite: {picked}")

    def _position(self, choice: Any) -> tuple[int | None, str | None]:
        letters = ", ".join(LETTERS[: len(self.options)])
        wanted = f"answer with one of the letters {letters} (or an option's text)"
        if not isinstance(choice, str):
            return None, (f'{wanted}, in quotes: sl.quiz("{self.id}", "{LETTERS[0]}"); '
                          f"got {_short(choice)}.")
        normal = _normal_text(choice)
        letter = normal.strip("()").rstrip(").").strip()
        if len(letter) == 1 and letter in LETTERS[: len(self.options)]:
            return LETTERS.index(letter), None
        for i, (text, _) in enumerate(self.options):
            if _normal_text(text) == normal or _normal_text(text).rstrip(".") == normal.rstrip("."):
                return i, None
        return None, f"{wanted}; got {_short(choice)}."


class QuizView:
    """What :func:`quiz` returns without an answer: a widget in JupyterLab, text elsewhere."""

    def __init__(self, item: Quiz):
        self.quiz = item
        self.result: CheckResult | None = None
        self.controls: dict = {}

    def __repr__(self) -> str:
        return self.quiz.text()

    def _repr_markdown_(self) -> str:
        items = "\n".join(f"- **{LETTERS[i]})** {text}"
                          for i, (text, _) in enumerate(self.quiz.options))
        return (f"**❓ {self.quiz.question}**\n\n{items}\n\n"
                f'<small>Answer with `sl.quiz("{self.quiz.id}", "a")` (your letter).</small>')

    def answer(self, choice: Any) -> CheckResult:
        """Grade ``choice``, record it in the progress and keep it as ``.result``."""
        from ._progress import record

        self.result = self.quiz.grade(choice)
        record(self.quiz.id, self.result.status, kind="quizzes")  # not_attempted is skipped
        return self.result

    def widget(self):
        """Build the ipywidgets form: radio buttons, a *Check* button, the feedback.

        The parts are also kept in ``.controls`` (``"options"``, ``"check"``,
        ``"feedback"``), so a test can pick an option and press the button
        without a browser::

            box = view.widget()
            view.controls["options"].value = "b"
            view.controls["check"].click()
            view.controls["feedback"].value   # HTML with the verdict
        """
        import ipywidgets as widgets

        q = self.quiz
        radio = widgets.RadioButtons(
            options=[(f"{LETTERS[i]}) {text}", LETTERS[i])
                     for i, (text, _) in enumerate(q.options)],
            value=None, layout=widgets.Layout(width="auto"))
        button = widgets.Button(description="Check", button_style="primary", icon="check",
                                tooltip="Check your answer")
        feedback = widgets.HTML()

        def on_click(_):
            if radio.value is None:
                feedback.value = "<em>Pick an option first, then press Check.</em>"
                return
            result = self.answer(radio.value)
            feedback.value = _box(result.status, f"quiz {q.id}",
                                  f"<div>{html.escape(result.message)}</div>")

        button.on_click(on_click)
        title = widgets.HTML(f"<strong>❓ {html.escape(q.question)}</strong>")
        box = widgets.VBox([title, radio, button, feedback])
        box.add_class("sre-lab-quiz")
        self.controls = {"options": radio, "check": button, "feedback": feedback}
        return box

    def _repr_mimebundle_(self, **kwargs):
        try:
            bundle = self.widget()._repr_mimebundle_(**kwargs)
        except Exception:  # no ipywidgets or no kernel comm: text only
            bundle = None
        data = {"text/plain": repr(self), "text/markdown": self._repr_markdown_()}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        if isinstance(bundle, dict):
            data.update({k: v for k, v in bundle.items() if k not in ("text/plain",)})
        return data


def _lookup(quiz_id: Any) -> Quiz:
    from ._registry import lookup

    return lookup("quiz", "quiz_id", quiz_id)


def quiz_ids(notebook: str | None = None) -> tuple[str, ...]:
    """Return the registered quiz ids in course order, optionally of one notebook.

    Parameters
    ----------
    notebook : str, optional
        A notebook (``"00_start_here"``) or its key (``"start"``).

    Examples
    --------
    >>> quiz_ids("start")[:1]
    ('start.what_is_slo',)
    """
    from ._registry import all_quizzes

    wanted = None if notebook is None else _notebook(notebook)
    return tuple(q.id for q in all_quizzes() if wanted is None or q.notebook == wanted)


def quiz(quiz_id: str, answer: Any = None):
    """Ask a concept quiz; with ``answer`` (a letter), grade it and say why.

    Parameters
    ----------
    quiz_id : str
        The quiz's id as the notebook gives it.
    answer : str, optional
        Your choice: a letter (``"b"``) or the option's text. Without it the
        quiz shows itself (a widget in JupyterLab, text elsewhere).

    Returns
    -------
    QuizView or CheckResult
        The question to answer, or the verdict with the explanation. Both
        render themselves in a notebook.

    Raises
    ------
    ValueError, TypeError
        If ``quiz_id`` is not a registered quiz (the message suggests close ids).

    Examples
    --------
    >>> print(quiz("start.what_is_slo", "z").message)
    ⏳ Not answered: answer with one of the letters a, b, ... (or an option's text); got 'z'.
    >>> quiz("start.what_is_sla")
    Traceback (most recent call last):
    ...
    ValueError: quiz_id must be a registered quiz id; got 'start.what_is_sla'. Did you mean 'start.what_is_slo'?
    """
    view = QuizView(_lookup(quiz_id))
    return view if answer is None else view.answer(answer)
