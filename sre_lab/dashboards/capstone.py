"""Section 7 dashboard: the quarter planner (notebooks ``07_capstone/``).

==============================  ===============================================
``quarter_planner_dashboard``   one control per lever of ``sl.QuarterPlan``
                                (and a phase preset) -> the plan against a
                                baseline over simulated quarters: a table of
                                medians and the measures side by side
``QuarterPlannerState``         what the planner computed (its ``.state``)
==============================  ===============================================

Wiring only. The controls describe a :class:`sre_lab.QuarterPlan` named
``"your plan"``; the table is ``sl.compare_plans([plan, baseline],
seeds=seeds)`` (medians and the 10-90 % range over the seeds); the picture is
:func:`sre_lab.plotting.plot_plan_comparison` of :data:`PLANNER_MEASURES`. Choosing a phase in the
``phase`` control sets every lever to that phase of ``sl.PHASES`` (one
recompute); changing a lever by hand afterwards shows "custom" there.

Speed: a quarter takes about 5-10 ms a seed, so a new plan over 10 seeds is
~0.1 s; each plan's row is cached (by the plan, the seeds and the model's
assumption constants), so the baseline is computed once and a plan seen
before answers at once (its picture is cached too). The redraw of the four panels
takes ~0.15 s.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import pandas as pd

from .._validation import message
from ..capstone.quarter import (PHASES, RETENTION_CHOICES, QuarterPlan, compare_plans,
                                model_assumptions, quarter_runs)
from ..formatting import format_percent
from ._base import Dashboard

__all__ = ["quarter_planner_dashboard", "QuarterPlannerState", "PLANNER_MEASURES", "PLANNER_SLO_TARGETS",
           "PLANNER_HEAD_SAMPLING", "PLANNER_REVIEW_SHARES"]

#: SLO targets the planner offers.
PLANNER_SLO_TARGETS = (0.99, 0.995, 0.999, 0.9995)
#: Head-sampling shares the planner offers (fractions of traces kept at random).
PLANNER_HEAD_SAMPLING = (0.0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0)
#: Shares of launches given a readiness review.
PLANNER_REVIEW_SHARES = (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)
#: The measures drawn (the table has them all): recovery, budget, business, cost. Four
#: panels, not six, keep a change under 300 ms (a panel costs ~30 ms to draw).
PLANNER_MEASURES = ("ttr_median_minutes", "budget_used", "churn_usd", "observability_usd")

PLAN_NAME = "your plan"
_CUSTOM = 0          # the phase control's value when the levers match no phase
_LEVERS = tuple(f.name for f in dataclasses.fields(QuarterPlan) if f.name != "name")
#: The table's rows: measure, words, how to write it.
_ROWS = (
    ("incidents", "incidents that reached users", "{:.0f}"),
    ("prevented", "incidents prevented", "{:.0f}"),
    ("ttd_median_minutes", "time to detect, median", "{:,.0f} min"),
    ("ttr_median_minutes", "time to recover (start to mitigated), median", "{:,.0f} min"),
    ("budget_used", "checkout's error budget used", "pct"),
    ("lost_purchases", "purchases lost to incidents", "{:,.0f}"),
    ("lost_revenue_usd", "revenue lost to incidents", "${:,.0f}"),
    ("churn_usd", "churn: the lost customers' next year", "${:,.0f}"),
    ("response_usd", "responders' time", "${:,.0f}"),
    ("observability_usd", "observability bill", "${:,.0f}"),
)
_LOWER_IS_BETTER = {m for m, _, _ in _ROWS} - {"prevented"}


@dataclass(frozen=True, eq=False)
class QuarterPlannerState:
    """What the quarter planner shows.

    Attributes
    ----------
    plan : QuarterPlan
        The plan the controls describe (named ``"your plan"``).
    baseline : QuarterPlan
    seeds : tuple of int
    table : DataFrame
        ``sl.compare_plans([plan, baseline], seeds=seeds)``: two rows.
    phase : int
        The phase of ``sl.PHASES`` the levers match, or 0 ("custom").
    """

    plan: QuarterPlan
    baseline: QuarterPlan
    seeds: tuple
    table: pd.DataFrame
    phase: int


def _assumptions() -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in model_assumptions().items()))


@lru_cache(maxsize=512)
def _row(plan: QuarterPlan, seeds: tuple, assumptions: tuple) -> pd.DataFrame:
    """``sl.compare_plans([plan], seeds=seeds)``: one plan's row, cached."""
    return compare_plans([plan], seeds=seeds)


def _table(plan: QuarterPlan, baseline: QuarterPlan, seeds: tuple) -> pd.DataFrame:
    """``sl.compare_plans([plan, baseline], seeds)`` from cached rows (each row is per plan)."""
    key = _assumptions()
    return pd.concat([_row(plan, seeds, key), _row(baseline, seeds, key)])


def _phase_of(values: dict) -> int:
    for number, phase in PHASES.items():
        if all(getattr(phase, k) == values[k] for k in _LEVERS):
            return number
    return _CUSTOM


def _cell(fmt: str, value: float) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    return format_percent(value, digits=0) if fmt == "pct" else fmt.format(value)


def _compare_words(measure: str, mine: float, theirs: float) -> str:
    if pd.isna(mine) or pd.isna(theirs):
        return ""
    if mine == theirs:
        return "same"
    lower = mine < theirs
    better = lower if measure in _LOWER_IS_BETTER else not lower
    return ("▼ lower" if lower else "▲ higher") + (" (better)" if better else " (worse)")


def _rows(s: QuarterPlannerState):
    mine, base = s.table.iloc[0], s.table.iloc[1]
    for measure, words, fmt in _ROWS:
        yield (words, _cell(fmt, base[measure]), _cell(fmt, mine[measure]),
               _compare_words(measure, mine[measure], base[measure]))


def _summary_html(s: QuarterPlannerState) -> str:
    head = ("<tr><th style='text-align:left'>median over "
            f"{len(s.seeds)} quarters</th><th style='text-align:right'>{html.escape(s.baseline.name)}"
            f"</th><th style='text-align:right'>{html.escape(PLAN_NAME)}</th><th></th></tr>")
    body = "".join(
        f"<tr><td>{html.escape(w)}</td><td style='text-align:right'>{html.escape(b)}</td>"
        f"<td style='text-align:right'><b>{html.escape(m)}</b></td><td>{html.escape(c)}</td></tr>"
        for w, b, m, c in _rows(s))
    phase = (f"the levers of {html.escape(PHASES[s.phase].name)}" if s.phase
             else "custom levers")
    return (f"Your plan ({phase}) against <b>{html.escape(s.baseline.name)}</b>, the same "
            f"{len(s.seeds)} simulated quarters of bad luck for both:"
            f"<table class='sre-planner-table' style='border-collapse:collapse'>{head}{body}</table>")


def _summary_text(s: QuarterPlannerState) -> str:
    rows = [("median over %d quarters" % len(s.seeds), s.baseline.name, PLAN_NAME, ""), *_rows(s)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip()
             for r in rows]
    return "\n".join(lines)


class _PlannerDashboard(Dashboard):
    """A :class:`Dashboard` whose ``phase`` control sets the levers (one recompute), and back."""

    def __init__(self, controls, compute, summarize, draw=None, **kwargs):
        self._holding = False
        self._pictures: dict = {}       # PNG of each state seen, newest last
        controls["phase"].observe(self._on_phase, names="value")
        super().__init__(controls, compute, summarize, draw, **kwargs)

    def _on_phase(self, change) -> None:
        if self._holding or change["new"] == _CUSTOM:
            return
        self._holding = True
        try:
            phase = PHASES[change["new"]]
            for key in _LEVERS:
                self.controls[key].value = getattr(phase, key)
        finally:
            self._holding = False

    def _on_change(self, change) -> None:
        if self._holding:
            return
        if change["owner"] is not self.controls["phase"]:
            self._holding = True     # show "custom" (or the phase the levers now match), no recompute
            try:
                self.controls["phase"].value = _phase_of(self.values())
            finally:
                self._holding = False
        self.update()

    def _render(self, state) -> bytes:
        key = (state.plan, state.baseline, state.seeds, _assumptions())
        if key not in self._pictures:
            if len(self._pictures) >= 64:
                self._pictures.pop(next(iter(self._pictures)))
            self._pictures[key] = self._draw_png(state)
        return self._pictures[key]

    def _draw_png(self, state) -> bytes:
        import io

        from matplotlib.figure import Figure

        from ..plotting.capstone import plot_plan_comparison

        fig = Figure(figsize=self.figsize, dpi=72)
        fig.subplots_adjust(**self.margins)
        axes = fig.subplots(1, len(PLANNER_MEASURES))
        plot_plan_comparison(state.table, measures=PLANNER_MEASURES, axes=axes)
        fig.suptitle(f"{PLAN_NAME} against {state.baseline.name}: bar = median of "
                     f"{len(state.seeds)} quarters, whisker |–| = 10–90 % of them", fontsize=10)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        """The widget, and the table as text where widgets do not render."""
        data = {"text/plain": (f"Quarter planner: {PLAN_NAME} against {self.state.baseline.name}\n"
                               + _summary_text(self.state)) if self.state is not None else repr(self)}
        try:
            bundle = self.widget._repr_mimebundle_(**kwargs)
        except Exception:  # no kernel comm: text only
            bundle = None
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        if isinstance(bundle, dict):
            data.update({k: v for k, v in bundle.items() if k != "text/plain"})
        return data


def quarter_planner_dashboard(*, seeds=range(10), baseline=None, plan=None) -> Dashboard:
    """The quarter planner: every lever of the course, one quarter of MicroCorp measured.

    Parameters
    ----------
    seeds : iterable of int, default range(10)
        The simulated quarters (bad luck) every plan meets; 1 to 1,000 seeds
        (each costs ~10 ms per new plan).
    baseline : QuarterPlan, optional
        What the plan is compared with (default ``sl.PHASES[1]``, MicroCorp
        as it is).
    plan : QuarterPlan or int, optional
        Where the levers start: a plan or a phase number (default 2,
        ``sl.PHASES[2]``). Its values must be ones the controls offer.

    Returns
    -------
    Dashboard
        Controls: ``phase`` (0 = custom, 1-4 = ``sl.PHASES``) and one per
        lever of :class:`sre_lab.QuarterPlan` (``slo_target``, ``alerting``,
        ``oncall``, ``runbooks``, ``head_sampling``, ``tail_sampling``,
        ``log_level``, ``retention``, ``review_share``, ``auto_rollback``,
        ``release_gate``, ``chaos_game_days``). ``state`` is a
        :class:`QuarterPlannerState` (``state.table`` is
        ``sl.compare_plans([plan, baseline], seeds=seeds)``). CSS class
        ``sre-quarter-planner-dashboard``; the summary holds the table
        (``table.sre-planner-table``).

    Examples
    --------
    >>> import sre_lab as sl
    >>> d = sl.quarter_planner_dashboard(seeds=range(2))
    >>> d.controls["phase"].value = 3
    >>> d.state.plan.review_share, list(d.state.table.index)
    (0.9, ['your plan', 'Phase 1: ad hoc'])
    """
    # quarter_runs checks the seeds (a message naming them) and gives them back as ints
    seeds = tuple(int(x) for x in quarter_runs([PHASES[1]], seeds=seeds)["seed"])
    baseline = PHASES[1] if baseline is None else baseline
    if not isinstance(baseline, QuarterPlan):
        raise TypeError(message("baseline", "a QuarterPlan (e.g. sl.PHASES[1])", baseline))
    if baseline.name == PLAN_NAME:
        raise ValueError(message("baseline", f"a plan not named {PLAN_NAME!r}", baseline.name,
                                 "Rename it: baseline.replace(name='baseline')."))
    plan = 2 if plan is None else plan
    if isinstance(plan, int) and not isinstance(plan, bool):
        if plan not in PHASES:
            raise ValueError(message("plan", "a phase number 1-4 or a QuarterPlan", plan))
        plan = PHASES[plan]
    if not isinstance(plan, QuarterPlan):
        raise TypeError(message("plan", "a QuarterPlan or a phase number 1-4", plan))
    for key, options in (("slo_target", PLANNER_SLO_TARGETS), ("head_sampling", PLANNER_HEAD_SAMPLING),
                         ("review_share", PLANNER_REVIEW_SHARES)):
        if getattr(plan, key) not in options:
            raise ValueError(message(f"plan.{key}", "one of " + ", ".join(f"{v:g}" for v in options),
                                     getattr(plan, key)))

    wide = {"description_width": "initial"}

    def dropdown(key, options, description, width="230px"):
        return widgets.Dropdown(options=options, value=getattr(plan, key), description=description,
                                style=wide, layout=widgets.Layout(width=width))

    def checkbox(key, description):
        return widgets.Checkbox(value=getattr(plan, key), description=description, style=wide,
                                indent=False, layout=widgets.Layout(width="auto"))

    def selection(key, options, description):
        # index, not value: ipywidgets leaves the label empty for a first value of 0
        return widgets.SelectionSlider(options=[(format_percent(v), v) for v in options],
                                       index=list(options).index(getattr(plan, key)),
                                       description=description,
                                       continuous_update=False, style=wide,
                                       layout=widgets.Layout(width="330px"))

    controls = {
        "phase": widgets.Dropdown(options=[("custom", _CUSTOM)]
                                  + [(p.name, k) for k, p in PHASES.items()],
                                  value=_phase_of(dataclasses.asdict(plan)), description="start from",
                                  style=wide, layout=widgets.Layout(width="330px")),
        "slo_target": dropdown("slo_target", [(format_percent(t), t) for t in PLANNER_SLO_TARGETS],
                               "SLO target (checkout)", "220px"),
        "alerting": dropdown("alerting", [("users report it", "users"),
                                          ("errors above 5 %", "threshold"),
                                          ("burn-rate pages", "burn_rate")], "alerting"),
        "oncall": dropdown("oncall", [("best effort", "best_effort"), ("rotation", "rotation")],
                           "on-call"),
        "runbooks": checkbox("runbooks", "runbooks"),
        "head_sampling": selection("head_sampling", PLANNER_HEAD_SAMPLING, "head sampling (traces kept)"),
        "tail_sampling": checkbox("tail_sampling", "tail sampling (keep errors, slow)"),
        "log_level": dropdown("log_level", ["DEBUG", "INFO", "WARN", "ERROR"], "log level", "180px"),
        "retention": dropdown("retention", list(RETENTION_CHOICES), "retention", "200px"),
        "review_share": selection("review_share", PLANNER_REVIEW_SHARES, "readiness reviews (launches)"),
        "auto_rollback": checkbox("auto_rollback", "automated rollback"),
        "release_gate": checkbox("release_gate", "release gate (canary)"),
        "chaos_game_days": checkbox("chaos_game_days", "chaos game days"),
    }

    def row(label, names):
        return widgets.HBox([widgets.HTML(f"<b>{label}</b>", layout=widgets.Layout(width="150px")),
                             *(controls[n] for n in names)],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="center"))

    layout = widgets.VBox([
        row("start from", ["phase"]),
        row("SLOs (s2), incidents (s3)", ["slo_target", "alerting", "oncall", "runbooks"]),
        row("cost (s4)", ["head_sampling", "tail_sampling", "log_level", "retention"]),
        row("culture (s5), ODD (s6)", ["review_share", "auto_rollback", "release_gate",
                                       "chaos_game_days"]),
    ])

    # The phases' rows now, not on the learner's first click (Phase 4's first quarter also
    # runs section 6's chaos experiment once, ~0.25 s).
    for phase in PHASES.values():
        _row(phase.replace(name=PLAN_NAME), seeds, _assumptions())

    def compute(phase, **levers):
        mine = QuarterPlan(PLAN_NAME, **levers)
        return QuarterPlannerState(plan=mine, baseline=baseline, seeds=seeds,
                                   table=_table(mine, baseline, seeds), phase=_phase_of(levers))

    return _PlannerDashboard(controls, compute, _summary_html, draw=lambda s, ax: None,
                             name="quarter_planner",
                             title="Quarter planner: pull the course's levers, measure a quarter of "
                                   "MicroCorp",
                             figsize=(11.0, 2.9), controls_layout=layout,
                             margins=dict(left=0.1, right=0.97, bottom=0.2, top=0.76,
                                          wspace=0.3))
