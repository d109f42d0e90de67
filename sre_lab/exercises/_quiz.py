"""Concept quizzes: :class:`Quiz` and :func:`quiz`.

A quiz is a multiple-choice question about an idea (not a computation). In a
notebook ``sl.quiz(id)`` shows it as a widget (radio buttons, a *Check* button,
feedback that explains why the chosen option is right or wrong); where widgets
cannot render, the same call prints the question as text and
``sl.quiz(id, "b")`` answers it. Answers are recorded in ``sl.progress()``.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from typing import Any

from .._validation import message
from ._engine import CheckResult, _box, _normal_text

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
        """Return the verdict on ``choice`` (a letter, the option's text or its position)."""
        position, problem = self._position(choice)
        if problem:
            return CheckResult(self.id, "incorrect", f"❌ Not yet: {problem}")
        text, why = self.options[position]
        if position == self.answer:
            return CheckResult(self.id, "correct", f"✅ Correct! {why}")
        return CheckResult(self.id, "incorrect", f"❌ Not quite: {why}")

    def _position(self, choice: Any) -> tuple[int | None, str | None]:
        letters = ", ".join(LETTERS[: len(self.options)])
        if isinstance(choice, str):
            normal = _normal_text(choice).strip("()").strip()
            if len(normal) == 1 and normal in LETTERS[: len(self.options)]:
                return LETTERS.index(normal), None
            for i, (text, _) in enumerate(self.options):
                if _normal_text(text) == normal:
                    return i, None
        return None, f"answer with one of the letters {letters}; got {choice!r}."


class QuizView:
    """What :func:`quiz` returns without an answer: a widget in JupyterLab, text elsewhere."""

    def __init__(self, item: Quiz):
        self.quiz = item
        self.result: CheckResult | None = None

    def __repr__(self) -> str:
        return self.quiz.text()

    def _repr_markdown_(self) -> str:
        items = "\n".join(f"- **{LETTERS[i]})** {text}"
                          for i, (text, _) in enumerate(self.quiz.options))
        return (f"**❓ {self.quiz.question}**\n\n{items}\n\n"
                f'<small>Answer with `sl.quiz("{self.quiz.id}", "a")` (your letter).</small>')

    def answer(self, choice: Any) -> CheckResult:
        """Grade ``choice``, record it in the progress file and keep it as ``.result``."""
        from ._progress import record

        self.result = self.quiz.grade(choice)
        if not self.result.message.startswith("❌ Not yet"):
            record(self.quiz.id, self.result.status)
        return self.result

    def widget(self):
        """Build the ipywidgets form (radio buttons, Check button, feedback)."""
        import ipywidgets as widgets

        q = self.quiz
        radio = widgets.RadioButtons(
            options=[(f"{LETTERS[i]}) {text}", LETTERS[i]) for i, (text, _) in enumerate(q.options)],
            value=None, layout=widgets.Layout(width="auto"))
        button = widgets.Button(description="Check", button_style="primary", icon="check")
        feedback = widgets.HTML()

        def on_click(_):
            if radio.value is None:
                feedback.value = "<em>Pick an option first.</em>"
                return
            result = self.answer(radio.value)
            feedback.value = _box(result.status, f"quiz {q.id}", f"<div>{html.escape(result.message)}</div>")

        button.on_click(on_click)
        title = widgets.HTML(f"<strong>❓ {html.escape(q.question)}</strong>")
        box = widgets.VBox([title, radio, button, feedback])
        box.add_class("sre-lab-quiz")
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


def _quiz_index() -> dict[str, Quiz]:
    from ._registry import all_quizzes

    return {q.id: q for q in all_quizzes()}


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
        The question to answer, or the verdict with the explanation.

    Raises
    ------
    ValueError, TypeError
        If ``quiz_id`` is not a registered quiz.

    Examples
    --------
    >>> print(quiz("start.what_is_slo", "z").message)
    ❌ Not yet: answer with one of the letters a, b, c; got 'z'.
    """
    import difflib

    index = _quiz_index()
    if not isinstance(quiz_id, str):
        raise TypeError(message("quiz_id", "a registered quiz id (a string)", quiz_id))
    if quiz_id not in index:
        close = difflib.get_close_matches(quiz_id, list(index), n=2, cutoff=0.72)
        hint = ("Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else None
        raise ValueError(message("quiz_id", "a registered quiz id", quiz_id, hint))
    view = QuizView(index[quiz_id])
    return view if answer is None else view.answer(answer)
