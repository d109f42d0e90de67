"""Checked exercises and concept quizzes.

Every notebook asks small questions the learner answers in a cell such as
``answer = ...`` followed by ``sl.check("intro.budget_minutes", answer)``. The
check says ✅ correct, ❌ not yet (naming the slip when the answer matches a known
wrong method, with a hint), or ⏳ not attempted while the answer is still ``...``.
Concept questions are quizzes: ``sl.quiz("slo1.why_ratio")`` shows a widget;
``sl.quiz("slo1.why_ratio", "b")`` answers one in text.

Public names
------------
========================  ========================================================
``check``                 verdict on an answer: a :class:`CheckResult`
``hint``                  the exercise's hint
``solution``              the reference answer and the code that computes it
``exercise``              the registry entry (``.reference()``, ``.misconceptions``)
``quiz``                  a multiple-choice concept question (widget or text)
``quiz_ids``              the registered quiz ids, in course order
``progress``              exercises and quizzes correct per section and notebook
``reset_progress``        forget the stored progress (all, or one notebook)
``completion_summary``    what the learner did and produced, saved as Markdown
``exercise_ids``          the registered ids, in course order
``Exercise``, ``Quiz``    registry entries (frozen dataclasses)
``CheckResult``           what ``check`` returns (status + message)
``CompletionSummary``     what ``completion_summary`` returns (text + path)
``ProgressWarning``       warned when the progress file cannot be used (once)
========================  ========================================================

How answers are judged
----------------------
* ``number``/``numbers``/``timedelta``: within ``rel_tol``/``abs_tol``. A wrong
  answer is named as a registered misconception when it matches one; else as a
  unit slip (60×, 100×...), a wrong sign, "avoid rounding too early" only when
  it *is* the answer rounded (1-4 significant digits or 0-4 decimals), else
  "too high" / "too low".
* ``choice``: one of ``choices`` (case and spaces ignored; numbered options may
  be typed as plain numbers). Never feedback about rounding or size.
* ``set``: says how many items are right, wrong and missing, never which.
* ``bool``: ``True``/``False``.

Layout
------
``_engine``   answer parsing, comparison, misconceptions, ``check``
``_progress`` the progress file (where it lives, locking, merging, backups)
              and the report per notebook and per section
``_completion`` the completion summary
``_quiz``     quizzes
``_registry`` collects the per-section registries (``s00_start``,
              ``s01_introduction``, ``s02_slos_*``...), each with ``EXERCISES``
              and ``QUIZZES``; ids are unique across both.

Adding an exercise
------------------
Append an :class:`Exercise` to its section module's ``EXERCISES``::

    Exercise(
        id="intro.budget_minutes", notebook="01a_slis_slos_and_budgets",
        prompt="How many minutes of downtime does 99.5 % allow over 28 days?",
        kind="number", unit="minutes",
        reference=lambda: sl.allowed_downtime(0.995, window_days=28) / MINUTE,
        misconceptions=[("you used 30 days instead of the 28-day window",
                         lambda: sl.allowed_downtime(0.995, window_days=30) / MINUTE)],
        hint="The budget is (1 - target) of the window's minutes.",
        solution_code="answer = (1 - 0.995) * 28 * 24 * 60",
    )

``reference`` and each misconception call the same core functions the notebook
uses; no answer is typed in.
"""

from ._completion import CompletionSummary, completion_summary
from ._engine import CheckResult, Exercise, check, exercise, exercise_ids, hint, solution
from ._progress import ProgressWarning, progress, reset_progress
from ._quiz import Quiz, quiz, quiz_ids

__all__ = [
    "check",
    "hint",
    "solution",
    "exercise",
    "quiz",
    "quiz_ids",
    "progress",
    "reset_progress",
    "completion_summary",
    "exercise_ids",
    "Exercise",
    "Quiz",
    "CheckResult",
    "ProgressWarning",
    "CompletionSummary",
]
