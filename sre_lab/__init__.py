"""sre_lab: the helper package behind the SRE Lab course.

Notebooks start with ``import sre_lab as sl`` and call everything qualified
(``sl.error_budget``, ``sl.load_requests``). This file only re-exports: it sets
no seeds, styles or pandas options. ``plot_*`` functions and ``*_dashboard``
objects are imported on first use, so ``import sre_lab`` loads neither
matplotlib nor ipywidgets.

Modules (one per course topic)
------------------------------
=================  ==========================================================
``simulation``     the MicroCorp world: services, traffic, incidents
``datasets``       ``load_*`` for the files in ``datasets/``; ``build``
``slo``            SLIs, error budgets, burn rate, budget over time, tiers
``alerting``       burn-rate alert rules, policies, replay, alert quality
``forecasting``    budget-exhaustion and traffic forecasts, capacity
``policy``         error budget policy, release decisions, the release gate
``culture``        reliability culture: the maturity self-assessment
``export``         OpenSLO documents and Prometheus rule files
``exercises``      ``check``, ``hint``, ``solution``, ``progress``
``plotting``       ``plot_*(..., ax=None)`` views (matplotlib)
``dashboards``     ipywidgets dashboards (wiring only)
=================  ==========================================================

Glossary (one word for one idea, in code and prose)
---------------------------------------------------
SLI
    good events / valid events, a fraction.
SLO target (``slo_target``)
    the objective for an SLI, a fraction such as ``0.999``.
error budget
    ``1 - slo_target`` of the valid events (or minutes) of a window.
error ratio
    bad events / valid events over some interval.
burn rate
    error ratio / (1 - slo_target); 1 spends exactly the budget by the window's end.
window (``window_days``)
    the SLO period the budget is counted over (rolling or calendar).
alert window
    the trailing interval an alert rule averages over (long and short).
incident
    a ground-truth fault in the simulated world, with its timeline.
"""

from __future__ import annotations

import importlib
import warnings

# `python -m sre_lab.datasets build` imports this package first; runpy then warns
# that the module it is about to run is already imported. That is expected here.
warnings.filterwarnings("ignore", message="'sre_lab.datasets' found in sys.modules", category=RuntimeWarning)

from . import datasets, simulation
from .alerting import *  # noqa: F401,F403
from .culture import *  # noqa: F401,F403
from .datasets import *  # noqa: F401,F403
from .exercises import *  # noqa: F401,F403
from .export import *  # noqa: F401,F403
from .forecasting import *  # noqa: F401,F403
from .formatting import *  # noqa: F401,F403
from .policy import *  # noqa: F401,F403
from .simulation import *  # noqa: F401,F403
from .slo import *  # noqa: F401,F403

__version__ = "0.1.0"


def __getattr__(name: str):
    """Load ``plot_*`` and ``*_dashboard`` names (and those modules) on first use."""
    if name in ("plotting", "dashboards"):
        return importlib.import_module(f".{name}", __name__)
    if name.startswith("plot_") or name == "use_course_style":
        return getattr(importlib.import_module(".plotting", __name__), name)
    if name.endswith("_dashboard"):
        return getattr(importlib.import_module(".dashboards", __name__), name)
    raise AttributeError(f"module 'sre_lab' has no attribute {name!r}")
