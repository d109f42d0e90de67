"""What to do first, by organisation size: a roadmap computed from the quarter's model.

The outline proposes a tiered roadmap: small organisations start with 2-3
critical SLOs, basic incident response and minimal chaos; medium ones add
formal incident workflows and moderate chaos; large ones run full SRE
frameworks, advanced chaos and integrated cost governance. Here that is a
question for the model: starting from Phase 1, add, one at a time, the lever
that lowers the quarter's total cost the most, and stop when no lever pays
for itself.

The quarter's total cost, in USD
--------------------------------
``lost revenue + churn + response + observability + levers``, where the first
four come from :func:`~sre_lab.simulate_quarter` (averaged over seeds) and
the levers' cost is people's time: :data:`LEVER_COSTS` in hours (set-up
spread over four quarters, plus upkeep every week) at
``sl.RESPONDER_USD_PER_HOUR``. Every hour figure is a course assumption,
stated in the table; change one and rerun.

How a size changes the sums (:data:`ORG_SIZES`)
-----------------------------------------------
MicroCorp's quarter is run once. For a size with ``traffic`` times its
traffic spread over ``services`` services, incidents scale with the services
(each service fails as often as MicroCorp's), each incident hurts its
service's share of the traffic, so the losses scale with ``traffic`` and the
hours of response with ``services / 4``; the observability bill scales with
``traffic``; the levers' per-service hours with ``services``.

Taught in ``notebooks/07_capstone/3_roadmap_and_executive_report.ipynb``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_choice, message
from .quarter import PHASES, QuarterPlan, _run, _seeds

__all__ = ["OrgSize", "ORG_SIZES", "ROADMAP_STEPS", "LEVER_COSTS", "lever_cost_usd",
           "quarter_cost", "roadmap"]


@dataclass(frozen=True)
class OrgSize:
    """An organisation size, relative to MicroCorp (4 services).

    Attributes
    ----------
    name : str
    traffic : float
        Requests (and revenue) as a multiple of MicroCorp's.
    services : int
        Services in production.
    description : str
    """

    name: str
    traffic: float
    services: int
    description: str


ORG_SIZES = {
    "small": OrgSize("small", 1.0, 4, "MicroCorp as it is: one shop, 4 services, ~$25 M a year"),
    "medium": OrgSize("medium", 10.0, 20, "ten times the traffic on 20 services"),
    "large": OrgSize("large", 100.0, 100, "a hundred times the traffic on 100 services"),
}
"""The outline's three sizes, as multiples of MicroCorp."""

_BASE_SERVICES = 4

#: One step of the roadmap per lever: its name and the plan fields it sets.
ROADMAP_STEPS = {
    "burn-rate alerts": {"alerting": "burn_rate"},
    "on-call rotation": {"oncall": "rotation"},
    "runbooks": {"runbooks": True},
    "tail sampling (10 % head)": {"head_sampling": 0.1, "tail_sampling": True},
    "tiered retention": {"retention": "tiered"},
    "readiness reviews": {"review_share": 0.9},
    "automated rollback": {"auto_rollback": True},
    "release gate": {"release_gate": True},
    "chaos game days": {"chaos_game_days": True},
}

LEVER_COSTS = pd.DataFrame(
    [
        ("burn-rate alerts", 0, 16, 0, 0.25, "SLIs, SLO document, rules and a dashboard per service; an hour's review a month"),
        ("on-call rotation", 0, 0, 8, 0.5, "on-call pay of about a day a week per rotation, handovers"),
        ("runbooks", 0, 8, 0, 0.25, "a runbook per service's common failures, kept current"),
        ("tail sampling (10 % head)", 40, 0, 1, 0, "an OpenTelemetry Collector with a tail-sampling policy, run"),
        ("tiered retention", 8, 0, 0, 0, "lifecycle rules for the storage tiers"),
        ("readiness reviews", 0, 16, 0, 0, "a production readiness review per service a quarter"),
        ("automated rollback", 80, 0, 0.5, 0, "rollback on the alert in the deploy pipeline, maintained"),
        ("release gate", 40, 4, 1, 0, "canary analysis in CI; its false alarms investigated"),
        ("chaos game days", 24, 0, 4, 0, "a game day a month: 4 people x 4 hours, prepared"),
    ],
    columns=["step", "setup_hours", "setup_hours_per_service", "hours_per_week",
             "hours_per_week_per_service", "what the time buys"],
).set_index("step")
"""People's time each roadmap step costs (course assumptions, in engineer hours)."""

_QUARTERS_TO_AMORTISE = 4
_WEEKS = 13
_COMPONENTS = ("lost_revenue_usd", "churn_usd", "response_usd", "observability_usd")


def _size(size) -> OrgSize:
    if isinstance(size, OrgSize):
        return size
    return ORG_SIZES[check_choice("size", size, tuple(ORG_SIZES))]


def _steps(steps) -> list:
    """A step's name or a list of them (names of :data:`ROADMAP_STEPS`)."""
    rule = "a step's name or a list of them (names of sl.ROADMAP_STEPS)"
    if isinstance(steps, str):
        return [steps]
    if isinstance(steps, (list, tuple)) and all(isinstance(s, str) for s in steps):
        return list(steps)
    raise TypeError(message("steps", rule, steps, 'e.g. ["runbooks", "release gate"].'))


def lever_cost_usd(steps, size="small") -> float:
    """People's cost of running ``steps`` for one quarter in an organisation of ``size``.

    ``(setup + setup_per_service x services) / 4 + 13 x (per_week +
    per_week_per_service x services)`` hours, at ``sl.RESPONDER_USD_PER_HOUR``.

    Examples
    --------
    Burn-rate alerts at MicroCorp: (16 x 4) / 4 + 13 x 0.25 x 4 = 16 + 13 = 29 hours:

    >>> lever_cost_usd(["burn-rate alerts"], "small")
    2900.0
    """
    from ..culture.business import RESPONDER_USD_PER_HOUR

    org = _size(size)
    steps = _steps(steps)
    unknown = [s for s in steps if s not in LEVER_COSTS.index]
    if unknown:
        raise ValueError(message("steps", f"names of ROADMAP_STEPS ({', '.join(LEVER_COSTS.index)})",
                                 unknown))
    rows = LEVER_COSTS.loc[steps]
    hours = ((rows["setup_hours"] + rows["setup_hours_per_service"] * org.services)
             / _QUARTERS_TO_AMORTISE
             + _WEEKS * (rows["hours_per_week"] + rows["hours_per_week_per_service"] * org.services))
    return float(hours.sum() * RESPONDER_USD_PER_HOUR)


def _plan_of(steps) -> QuarterPlan:
    changes = {}
    for step in steps:
        changes.update(ROADMAP_STEPS[step])
    name = "Phase 1" + "".join(f" + {s}" for s in steps)
    return PHASES[1].replace(name=name, **changes)


def _assumptions() -> tuple:
    """The quarter model's assumptions now, as a cache key: change one, the sums follow."""
    from .quarter import model_assumptions

    return tuple(sorted((k, repr(v)) for k, v in model_assumptions().items()))


@functools.lru_cache(maxsize=4096)
def _means(steps: tuple, seeds: tuple, assumptions: tuple) -> dict:
    plan = _plan_of(steps)
    runs = [_run(plan, s, table=False) for s in seeds]
    return {k: float(np.mean([r[k] for r in runs])) for k in
            (*_COMPONENTS, "ttd_median_minutes", "ttr_median_minutes", "budget_used")}


def quarter_cost(steps=(), size="small", *, seeds=range(20)) -> dict:
    """The quarter's total cost of Phase 1 plus ``steps``, for an organisation of ``size``.

    Returns a dict of USD amounts (means over the seeds): ``lost_revenue_usd``,
    ``churn_usd``, ``response_usd``, ``observability_usd``, ``levers_usd`` and
    their ``total_usd``, plus the medians' means ``ttd_median_minutes``,
    ``ttr_median_minutes`` and ``budget_used`` (which do not scale with size).

    Examples
    --------
    >>> small = quarter_cost([], "small", seeds=range(3))
    >>> large = quarter_cost([], "large", seeds=range(3))
    >>> round(large["lost_revenue_usd"] / small["lost_revenue_usd"], 6)
    100.0
    """
    org = _size(size)
    steps = tuple(_steps(steps))
    bad = [s for s in steps if s not in ROADMAP_STEPS]
    if bad:
        raise ValueError(message("steps", f"names of ROADMAP_STEPS ({', '.join(ROADMAP_STEPS)})", bad))
    m = _means(tuple(sorted(steps)), tuple(_seeds(seeds)), _assumptions())
    out = {
        "lost_revenue_usd": m["lost_revenue_usd"] * org.traffic,
        "churn_usd": m["churn_usd"] * org.traffic,
        "response_usd": m["response_usd"] * org.services / _BASE_SERVICES,
        "observability_usd": m["observability_usd"] * org.traffic,
        "levers_usd": lever_cost_usd(steps, org) if steps else 0.0,
    }
    out["total_usd"] = sum(out.values())
    out.update({k: m[k] for k in ("ttd_median_minutes", "ttr_median_minutes", "budget_used")})
    return out


def roadmap(size="small", *, seeds=range(20)) -> pd.DataFrame:
    """The order in which an organisation of ``size`` should add the levers, by the model.

    Greedy: from Phase 1, add the step of :data:`ROADMAP_STEPS` that lowers
    :func:`quarter_cost`'s ``total_usd`` the most; stop when none lowers it.

    Returns
    -------
    DataFrame
        One row per step taken, in order (the first row, ``"Phase 1"``, is
        the start): ``step``, ``saves_usd`` (total cost before minus after
        the step), ``costs_usd`` (the step's people cost), ``total_usd``,
        ``ttd_median_minutes``, ``ttr_median_minutes``, ``budget_used``. The
        attribute ``.attrs["not_worth_it"]`` lists the steps left out with
        what each would have added to the total.

    Examples
    --------
    >>> plan = roadmap("small", seeds=range(3))
    >>> plan["step"].iloc[0]
    'Phase 1'
    >>> bool(plan["total_usd"].is_monotonic_decreasing)
    True
    """
    org = _size(size)
    seeds = tuple(_seeds(seeds))
    taken: list[str] = []
    current = quarter_cost((), org, seeds=seeds)
    rows = [{"step": "Phase 1", "saves_usd": 0.0, "costs_usd": 0.0, **_row(current)}]
    left = list(ROADMAP_STEPS)
    while left:
        trials = {s: quarter_cost((*taken, s), org, seeds=seeds) for s in left}
        best = min(trials, key=lambda s: trials[s]["total_usd"])
        if trials[best]["total_usd"] >= current["total_usd"]:
            break
        rows.append({"step": best, "saves_usd": current["total_usd"] - trials[best]["total_usd"],
                     "costs_usd": lever_cost_usd([best], org), **_row(trials[best])})
        taken.append(best)
        left.remove(best)
        current = trials[best]
    out = pd.DataFrame(rows)
    out.attrs["size"] = org.name
    out.attrs["not_worth_it"] = {
        s: quarter_cost((*taken, s), org, seeds=seeds)["total_usd"] - current["total_usd"]
        for s in left}
    return out


def _row(cost: dict) -> dict:
    return {k: cost[k] for k in ("total_usd", "ttd_median_minutes", "ttr_median_minutes",
                                 "budget_used")}
