"""sre_lab: the helper package behind the SRE Lab course.

Notebooks start with ``import sre_lab as sl`` and call everything qualified
(``sl.error_budget``, ``sl.load_requests``). This file only re-exports: it sets
no seeds, styles, warnings filters or pandas options. ``plot_*`` functions and
``*_dashboard`` objects are imported on first use, so ``import sre_lab`` loads
neither matplotlib nor ipywidgets; ``dir(sl)`` lists them all the same. The
section packages (``incidents``, ``cost``, ``culture``, ``resilience``,
``capstone``) load
the same way, on first use of one of their names (``sl.downtime_cost`` imports
``sre_lab.cost``), so a notebook pays only for the sections it uses.

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
``capstone``       section 7: one quarter of MicroCorp under a plan of levers,
                   measured; the roadmap by size; the executive report; the
                   take-home templates
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

import functools as _functools

from . import datasets, simulation
from .alerting import *  # noqa: F401,F403
from .capacity import *  # noqa: F401,F403
from .datasets import *  # noqa: F401,F403
from .exercises import *  # noqa: F401,F403
from .export import *  # noqa: F401,F403
from .forecasting import *  # noqa: F401,F403
from .formatting import *  # noqa: F401,F403
from .policy import *  # noqa: F401,F403
from .simulation import *  # noqa: F401,F403
from .slo import *  # noqa: F401,F403
from .templates import *  # noqa: F401,F403

__version__ = "0.1.0"

#: Views: their ``plot_*`` / ``*_dashboard`` names load matplotlib / ipywidgets on first use.
_LAZY_MODULES = ("plotting", "dashboards")
#: Section packages: every name in their modules' ``__all__`` loads the package on first use.
_SECTION_PACKAGES = ("incidents", "cost", "culture", "resilience", "capstone")


def _literal_all(tree) -> list[str]:
    """The strings of a module's literal ``__all__ = [...]`` (empty when it has none)."""
    import ast

    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "__all__" and isinstance(node.value, (ast.List, ast.Tuple)):
            return [e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


@_functools.cache
def _lazy_index() -> dict[str, str]:
    """Name -> the module that provides it, for everything loaded on first use.

    Read from the source (``ast``) without importing anything: the section
    packages' public names (their modules' literal ``__all__``), and the
    ``plot_*`` / ``*_dashboard`` names of the views. Works whether ``plotting``
    and ``dashboards`` are modules or packages.
    """
    import ast
    from pathlib import Path

    here = Path(__file__).parent
    index = {name: f".{name}" for name in (*_LAZY_MODULES, *_SECTION_PACKAGES)}
    index["use_course_style"] = ".plotting"
    for package in _SECTION_PACKAGES:
        for path in sorted((here / package).glob("[!_]*.py")):
            for name in _literal_all(ast.parse(path.read_text(encoding="utf-8"))):
                index.setdefault(name, f".{package}")
    for module in _LAZY_MODULES:
        for path in [here / f"{module}.py", *sorted((here / module).glob("*.py"))]:
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
                        index.setdefault(name, f".{module}")
    return index


def _lazy_names() -> list[str]:
    """The names loaded on first use (views and section packages), without importing them."""
    return sorted(_lazy_index())


def __getattr__(name: str):
    """Load a section package, ``plot_*`` or ``*_dashboard`` name (and its module) on first use."""
    from importlib import import_module

    module = _lazy_index().get(name)
    if module is None and (name.startswith("plot_") or name.endswith("_dashboard")):
        module = ".plotting" if name.startswith("plot_") else ".dashboards"
    if module is None:
        raise AttributeError(f"module 'sre_lab' has no attribute {name!r}")
    loaded = import_module(module, __name__)
    if module == f".{name}":
        return loaded
    value = getattr(loaded, name)
    if module.lstrip(".") in _SECTION_PACKAGES:
        globals()[name] = value   # the package is loaded: next time is a plain lookup
    return value


def __dir__() -> list[str]:
    """Everything ``sl.<Tab>`` offers, the lazily loaded sections, plots and dashboards included."""
    return sorted(set(globals()) | set(_lazy_names()))
