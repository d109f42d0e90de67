"""Dashboards: ipywidgets wiring of core functions (compute) and ``plot_*`` (draw).

A dashboard is a small object. It has no formulas of its own: every number it
shows comes from a core module (``slo``, ``alerting``, ``policy``, ...), every
picture from a ``plot_*`` function of :mod:`sre_lab.plotting`, every number in
its text from :mod:`sre_lab.formatting`.

One module per course section, as in ``plotting/`` and ``exercises/``:

=================  ===========================================================
``_base``          ``Dashboard`` and the shared controls
``start``          ``00_start_here``
``intro``          ``01a_…``, ``01b_…`` (section 1)
``slos``           ``02_slos/`` (all parts)
``incidents``      ``03_incidents/1b_…`` (incident simulator)
``oncall``         ``03_incidents/2b_…`` (on-call load explorer)
``cost``           ``04_cost/`` (cost explorer)
``toil``           ``05_culture/1*`` (toil and automation payback explorer)
``dora``           ``05_culture/`` (DORA explorer)
``chaos``          ``06_…/3*`` (chaos lab)
``capstone``       ``07_capstone/`` (the quarter planner)
=================  ===========================================================

=========================  ====================================================
``Dashboard``              the common object (controls, state, update, display)
``slo_target_slider``      the course's SLO-target control (readout "99.95 %")
``service_dropdown``       pick one MicroCorp service
``maturity_dashboard``     00: self-assessment -> maturity stage and a path
``release_gate_dashboard`` 01: push or hold a release, from the month's budget
``slo_tuner_dashboard``    02: SLI, target, window -> budget, spent, burn-down
``alert_lab_dashboard``    02: alerting approach + target -> alerts vs incidents, graded
``forecast_dashboard``     02: service, target, days left -> P(budget runs out), band
``incident_simulator_dashboard`` 03: inject a fault -> detection, response, budget drain
``oncall_dashboard``       03: rotation, alert approach, follow-the-sun -> load per person
``cost_explorer_dashboard`` 04: sampling, tail policies, retention, log levels -> bill, debuggable
``toil_dashboard``         05: automate one task -> toil per engineer, payback with uncertainty
``dora_dashboard``         05: team, period, edition -> the four keys, trend, DORA cluster
``chaos_lab_dashboard``    06: fault, blast radius, resilience -> verdict, SLI, budget spent
``quarter_planner_dashboard`` 07: every lever of the course -> a quarter against a baseline
=========================  ====================================================

The contract every dashboard keeps
----------------------------------
``d.controls``
    ``dict`` name -> widget. Setting ``d.controls[name].value`` recomputes
    (that is how the tests and learners drive it).
``d.state``
    The last *good* computed result: a frozen dataclass or a DataFrame from a
    core module. After a failed update it still holds the previous result.
``d.error``
    ``None``, or the exception of the last failed update. The message is also
    shown in the dashboard (``.sre-error``), never swallowed, and the controls
    stay usable: fix the value and the dashboard recovers.
``d.update()``
    Recompute from the controls' current values, redraw; returns ``d.state``.
``d.timings``
    ``{"compute_ms": ..., "draw_ms": ...}`` of the last update (for benchmarks).
Display
    The object displays itself in a notebook (``_repr_mimebundle_`` delegates
    to ``d.widget``, a ``VBox``).

Stable CSS classes (for the browser tests)
------------------------------------------
=============================  ===============================================
``sre-dashboard``              the whole dashboard (``VBox``)
``sre-<name>-dashboard``       the same box, per dashboard (e.g.
                               ``sre-release-gate-dashboard``)
``sre-control-<name>``         each control (``_`` in the name becomes ``-``,
                               e.g. ``sre-control-slo-target``)
``sre-summary``                HTML widget with the result in words and numbers
``sre-error``                  HTML widget with the last error (empty when fine)
``sre-plot``                   the figure: an ``Image`` widget (``<img>``)
=============================  ===============================================

Design notes
------------
* Figures are drawn on a fresh ``matplotlib.figure.Figure`` (not pyplot, so
  nothing accumulates in pyplot's figure list), rendered to PNG and shown in an
  ``ipywidgets.Image``. Compared with an ``Output`` widget plus
  ``clear_output(wait=True)`` this never flickers, never leaks figures, does not
  depend on the notebook's matplotlib backend, leaves nothing in the cell
  outputs under ``nbval`` and can be checked headlessly (``d.image.value`` holds
  the PNG bytes).
* Sliders use ``continuous_update=False``: the dashboard recomputes when the
  handle is released (or at each arrow-key press), not at every pixel of a drag.
* SLO targets are chosen from a list of well-known targets with a
  ``SelectionSlider`` whose readout is the percentage (``"99.95 %"``): a
  ``FloatSlider`` would show ``1.00`` with its default format, and float steps
  would produce 0.9995000000000001.
"""

from __future__ import annotations

from . import _base, capstone, chaos, cost, dora, incidents, intro, oncall, slos, start, toil
from ._base import *  # noqa: F401,F403
from .incidents import *  # noqa: F401,F403
from .intro import *  # noqa: F401,F403
from .oncall import *  # noqa: F401,F403
from .cost import *  # noqa: F401,F403
from .toil import *  # noqa: F401,F403
from .dora import *  # noqa: F401,F403
from .capstone import *  # noqa: F401,F403
from .chaos import *  # noqa: F401,F403
from .slos import *  # noqa: F401,F403
from .start import *  # noqa: F401,F403

# One list per section module; this package re-exports them all.
__all__ = [*_base.__all__, *start.__all__, *intro.__all__, *slos.__all__, *incidents.__all__,
           *oncall.__all__,
           *cost.__all__, *toil.__all__, *dora.__all__, *chaos.__all__, *capstone.__all__]
