"""sre_lab: the helper package behind the SRE Lab course.

Notebooks start with ``import sre_lab as sl`` and call everything qualified
(``sl.error_budget``, ``sl.load_requests``). This file only re-exports: it sets
no seeds, styles, warnings filters or pandas options. ``plot_*`` functions and
``*_dashboard`` objects are imported on first use, so ``import sre_lab`` loads
neither matplotlib nor ipywidgets; ``dir(sl)`` lists them all the same.

Defaults shared by every module
-------------------------------
* ``window_days`` defaults to **30** days wherever a function has it (the
  course's notebooks pass ``window_days=28`` explicitly for four weeks).
* "Never" (a budget that never runs out, a rule that never fires) is
  ``sl.NEVER``, which is ``pandas.NaT``, for scalars and inside arrays;
  ``sl.format_duration(sl.NEVER)`` reads ``"never"``.
* Traffic frames out of order (reversed, shuffled) or with repeated
  timestamps are refused by every function with one message saying how to
  sort them.

Modules (one per course topic)
------------------------------
=================  ==========================================================
``simulation``     the MicroCorp world: services, traffic, incidents
``datasets``       ``load_*`` for the files in ``datasets/``; ``build``
``slo``            SLIs, error budgets, burn rate, budget over time, tiers
``alerting``       burn-rate alert rules, policies, replay, alert quality
``forecasting``    budget-exhaustion and traffic forecasts, queueing
``capacity``       capacity planning from the data: queue fits, surge sizing
``policy``         error budget policy, release decisions, the release gate
``incidents``      section 3: severity, timelines, on-call, playbooks, game days
``cost``           section 4: telemetry volumes, prices, sampling, retention,
                   chargeback, cost forecasts, governance
``culture``        section 5: maturity, toil, automation payback, DORA, team
                   models, readiness reviews, the business case
``resilience``     section 6: instrumentation tested with OpenTelemetry,
                   synthetic checks, canary release gates, the call graph in
                   virtual time (retries, breakers, faults), chaos experiments
                   for Chaos Toolkit
``export``         OpenSLO documents and Prometheus rule files
``templates``      the SLO document a learner fills in and saves (Markdown)
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

from . import datasets, simulation
from .alerting import *  # noqa: F401,F403
from .capacity import *  # noqa: F401,F403
from .cost import *  # noqa: F401,F403
from .culture import *  # noqa: F401,F403
from .datasets import *  # noqa: F401,F403
from .exercises import *  # noqa: F401,F403
from .export import *  # noqa: F401,F403
from .forecasting import *  # noqa: F401,F403
from .incidents import *  # noqa: F401,F403
from .formatting import *  # noqa: F401,F403
from .policy import *  # noqa: F401,F403
from .resilience import *  # noqa: F401,F403
from .simulation import *  # noqa: F401,F403
from .slo import *  # noqa: F401,F403
from .templates import *  # noqa: F401,F403

__version__ = "0.1.0"

_LAZY_MODULES = ("plotting", "dashboards")


def _lazy_names() -> list[str]:
    """The ``plot_*`` / ``*_dashboard`` names, read from the source without importing it.

    Works whether ``plotting`` and ``dashboards`` are modules or packages.
    """
    import ast
    from pathlib import Path

    here = Path(__file__).parent
    names = set(_LAZY_MODULES) | {"use_course_style"}
    for module in _LAZY_MODULES:
        files = [here / f"{module}.py", *sorted((here / module).glob("*.py"))]
        for path in files:
            if not path.is_file():
                continue
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, ValueError):
                continue
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    name = node.name
                    if name.startswith("plot_") or name.endswith("_dashboard"):
                        names.add(name)
    return sorted(names)


def __getattr__(name: str):
    """Load ``plot_*`` and ``*_dashboard`` names (and those modules) on first use."""
    from importlib import import_module

    if name in _LAZY_MODULES:
        return import_module(f".{name}", __name__)
    if name.startswith("plot_") or name == "use_course_style":
        return getattr(import_module(".plotting", __name__), name)
    if name.endswith("_dashboard"):
        return getattr(import_module(".dashboards", __name__), name)
    raise AttributeError(f"module 'sre_lab' has no attribute {name!r}")


def __dir__() -> list[str]:
    """Everything ``sl.<Tab>`` offers, the lazily loaded plots and dashboards included."""
    return sorted(set(globals()) | set(_lazy_names()))
