"""Section 7, the capstone: one quarter of MicroCorp run under the learner's decisions.

==============  ==========================================================
``quarter``     the quarter's world: a plan of levers from every section,
                run through the simulated incidents and measured (TTD, TTR,
                budget, purchases, churn, observability cost); the
                outline's "churn -15 %, revenue +20 %" tested
``planning``    what to do first, by organisation size, from the same model
``report``      the executive report (Markdown)
``takehome``    the templates the learner takes home, written to files
==============  ==========================================================

Notebooks: ``notebooks/07_capstone/``.
"""

from . import planning, quarter, report, takehome
from .planning import *  # noqa: F401,F403
from .quarter import *  # noqa: F401,F403
from .report import *  # noqa: F401,F403
from .takehome import *  # noqa: F401,F403

__all__ = [*quarter.__all__, *planning.__all__, *report.__all__, *takehome.__all__]
