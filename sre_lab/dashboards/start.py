"""Dashboard of ``00_start_here``: the maturity self-assessment."""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from .. import plotting as _plotting
from ._base import Dashboard

__all__ = ["maturity_dashboard"]


def maturity_dashboard(answers=None, *, min_practices: int = 2) -> Dashboard:
    """Self-assessment: tick the practices your team has; see your stage and a path.

    Parameters
    ----------
    answers : dict[str, bool] or iterable of str, optional
        Initial ticks (practice ids of ``sl.MATURITY_PRACTICES``).
    min_practices : int
        Passed to :func:`sre_lab.maturity_stage`.

    Returns
    -------
    Dashboard
        Controls: one checkbox per practice id (``dashboards``, ``paging``, ...);
        state: :class:`sre_lab.culture.MaturityResult`.

    Examples
    --------
    >>> d = maturity_dashboard()
    >>> d.state.stage
    'Ad Hoc'
    >>> d.controls["dashboards"].value = True
    >>> d.controls["paging"].value = True
    >>> d.state.stage
    'Reactive'
    """
    from ..culture import MATURITY_PRACTICES, maturity_stage

    answers = {} if answers is None else answers
    maturity_stage(answers, min_practices=min_practices)  # validates the arguments
    ticked = ({k for k, v in answers.items() if v} if isinstance(answers, Mapping)
              else set(answers))

    controls, rows, stage = {}, [], None
    for practice in MATURITY_PRACTICES:
        if practice.stage != stage:
            stage = practice.stage
            rows.append(widgets.HTML(f"<b>{html.escape(stage)}</b>"))
        box = widgets.Checkbox(value=practice.id in ticked, indent=False,
                               description="", layout=widgets.Layout(width="28px"))
        controls[practice.id] = box
        rows.append(widgets.HBox([box, widgets.HTML(html.escape(practice.text))],
                                 layout=widgets.Layout(align_items="center")))

    def compute(**ticks):
        return maturity_stage(ticks, min_practices=min_practices)

    def summarize(result) -> str:
        steps = "".join(f"<li>{html.escape(s)}</li>" for s in result.next_steps)
        nxt = (f"<br>To reach the next stage, work on:<ul style='margin:0'>{steps}</ul>"
               if steps else "")
        return (f"Your stage: <b>{html.escape(result.stage)}</b> (level {result.level} of 4). "
                f"Suggested tiers: <b>{' → '.join(result.suggested_tiers)}</b>. "
                f"{html.escape(result.path)}{nxt}")

    def draw(result, ax):
        _plotting.plot_maturity(result, ax=ax)

    return Dashboard(controls, compute, summarize, draw, name="maturity",
                     title="Where is your team today? Tick what is true.",
                     figsize=(7.0, 2.6), controls_layout=widgets.VBox(rows),
                     margins=dict(left=0.2, right=0.97, bottom=0.2, top=0.86))
