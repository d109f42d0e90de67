"""The executive report: one page, written from the quarter's model, never typed in.

Naomi's board does not read notebooks. :func:`executive_report` turns the
learner's plans into Markdown: the headline, the quarter in numbers with
their range over simulated quarters, the outline's claim tested, the roadmap
for the organisation's size, and what the numbers rest on. Every number in
it is computed by :func:`~sre_lab.compare_plans`,
:func:`~sre_lab.outline_claim` and :func:`~sre_lab.roadmap`; save it with
``sl.save_markdown``.

Taught in ``notebooks/07_capstone/3_roadmap_and_executive_report.ipynb``.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from .._validation import message
from . import quarter as _q
from .planning import LEVER_COSTS, _size, roadmap
from .quarter import _plans, _seeds, compare_plans, outline_claim

__all__ = ["REPORT_MEASURES", "executive_report"]

#: The report's rows: measure, label, how to write it.
REPORT_MEASURES = (
    ("incidents", "incidents that reached users", "{:.0f}"),
    ("prevented", "incidents prevented", "{:.0f}"),
    ("ttd_median_minutes", "time to detect, median", "{:.0f} min"),
    ("ttr_median_minutes", "time users were hurt per incident (TTR), median", "{:.0f} min"),
    ("budget_used", "checkout's error budget used", "{:.0%}"),
    ("lost_purchases", "purchases lost to incidents", "{:,.0f}"),
    ("lost_revenue_usd", "revenue lost to incidents", "${:,.0f}"),
    ("customers_lost", "customers lost (churn)", "{:,.0f}"),
    ("churn_usd", "their next year's purchases", "${:,.0f}"),
    ("response_usd", "responders' time", "${:,.0f}"),
    ("observability_usd", "observability bill", "${:,.0f}"),
)

_ASSUMPTIONS = (
    ("INCIDENTS_PER_WEEK", "incidents a week before prevention", "{}"),
    ("REPORT_PROBABILITY", "chance a hurt user contacts support", "{}"),
    ("ESCALATION_MINUTES", "support to engineering", "{} min"),
    ("PLAYBOOK_SPEEDUP", "runbooks' repair speed-up (SRE book ch. 1)", "{}x"),
    ("UNDEBUGGABLE_SLOWDOWN", "repair slow-down without telling traces", "{}x"),
    ("ROLLBACK_MINUTES", "automated rollback", "{} min"),
    ("CHAOS_FIND_PROBABILITY", "flaws a quarter of game days finds", "{}"),
    ("CHURN_PROBABILITY", "customers who leave after a failed purchase (section 5)", "{}"),
)


def _cell(fmt: str, value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and np.isnan(value)) else fmt.format(value)


def executive_report(plans=None, *, seeds=range(20), size="small", author="",
                     date=None) -> str:
    """Write the quarter's executive report (Markdown) from the model.

    Parameters
    ----------
    plans : list of QuarterPlan, default the four ``sl.PHASES``
        The first is "before", the last is what you recommend.
    seeds : iterable of int, default range(20)
        The simulated quarters every plan meets.
    size : {"small", "medium", "large"}, default "small"
        The organisation the roadmap is for (:data:`~sre_lab.ORG_SIZES`).
    author : str
        Printed under the title.
    date : str or datetime.date, optional
        Default today.

    Returns
    -------
    str
        Markdown; save it with ``sl.save_markdown(text, "executive_report.md")``.

    Examples
    --------
    >>> text = executive_report(seeds=range(3), author="Naomi", date="2027-04-05")
    >>> text.splitlines()[0]
    '# MicroCorp reliability: the quarter in review (2027-04-05)'
    >>> "## What the outline claimed" in text and "## Roadmap" in text
    True
    """
    plans = _plans(list(_q.PHASES.values()) if plans is None else plans)
    seeds = _seeds(seeds)
    org = _size(size)
    if not isinstance(author, str) or "\n" in author or len(author) > 80:
        raise TypeError(message("author", "a one-line string of at most 80 characters", author))
    if date is None:
        date = _dt.date.today()
    try:
        day = pd.Timestamp(date).date().isoformat()
    except (TypeError, ValueError):
        raise ValueError(message("date", "a date such as '2027-04-05'", date)) from None

    table = compare_plans(plans, seeds=seeds)
    first, last = plans[0], plans[-1]
    b, a = table.loc[first.name], table.loc[last.name]
    claim = outline_claim(first, last, seeds=seeds) if len(plans) > 1 else None
    path = roadmap(org, seeds=seeds)

    lines = [f"# MicroCorp reliability: the quarter in review ({day})", ""]
    if author:
        lines += [f"Prepared by {author}.", ""]
    lines += [f"Every figure is the median of {len(seeds)} simulated quarters of MicroCorp "
              "(13 weeks each, the same incidents for every plan), from the SRE Lab capstone "
              "model; ranges are the 10th to 90th percentile.", ""]

    change = (a["lost_purchases"] / b["lost_purchases"] - 1) if b["lost_purchases"] else 0.0
    lines += ["## Headline", "",
              f"**{last.name}** against **{first.name}**: purchases lost to incidents "
              f"{b['lost_purchases']:,.0f} → {a['lost_purchases']:,.0f} ({change:+.0%}); "
              f"users hurt for a median {b['ttr_median_minutes']:.0f} → "
              f"{a['ttr_median_minutes']:.0f} minutes per incident; checkout's error budget "
              f"{b['budget_used']:.0%} → {a['budget_used']:.0%} used.", ""]

    header = "| measure | " + " | ".join(p.name for p in plans) + " |"
    lines += ["## The quarter in numbers", "", header,
              "|---|" + "---:|" * len(plans)]
    for key, label, fmt in REPORT_MEASURES:
        cells = []
        for p in plans:
            row = table.loc[p.name]
            lo, hi = row[f"{key}_low"], row[f"{key}_high"]
            cell = _cell(fmt, row[key])
            if np.isfinite(lo) and np.isfinite(hi) and lo != hi:
                cell += f" ({_cell(fmt, lo)}–{_cell(fmt, hi)})"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")

    if claim is not None:
        lines += ["## What the outline claimed", "",
                  "The course outline's MicroCorp story ends with churn down 15 % and revenue up "
                  "20 %. The model says:", "",
                  f"- Customers lost *to incidents* change by **{claim.churn_change:+.0%}**. For "
                  f"total churn to fall 15 %, incident churn would have to be at least "
                  f"{claim.churn_share_needed:.0%} of all churn; the model cannot say whether it is.",
                  f"- Revenue net of incident losses changes by **{claim.revenue_change:+.2%}**. "
                  f"Even removing every incident loss adds only {claim.revenue_ceiling:+.2%}: +20 % "
                  f"would need {first.name} to lose {claim.lost_share_needed:.1%} of its revenue to "
                  "incidents. A 20 % rise has other causes (growth, prices, features); reliability "
                  "cannot claim it.", ""]

    lines += [f"## Roadmap for a {org.name} organisation", "",
              f"{org.description}. Starting from Phase 1, each step is the lever that lowers the "
              "quarter's total cost (losses, churn, responders, observability bill and the "
              "people the lever needs) the most; the roadmap stops when no lever pays for itself.",
              "", "| step | saves a quarter | people's cost | total cost after |",
              "|---|---:|---:|---:|"]
    for row in path.iloc[1:].itertuples():
        lines.append(f"| {row.step} | ${row.saves_usd:,.0f} | ${row.costs_usd:,.0f} | "
                     f"${row.total_usd:,.0f} |")
    if len(path) == 1:
        lines.append("| (no lever pays for itself) | | | |")
    left = path.attrs.get("not_worth_it", {})
    if left:
        lines += ["", "Not worth it yet, in money (what each would add to the quarter's total): "
                  + "; ".join(f"{k} +${v:,.0f}" for k, v in sorted(left.items(), key=lambda kv: kv[1]))
                  + ". Money is not everything: the budget used, nights on call and trust are "
                  "not in these sums."]
    lines.append("")

    lines += ["## What these numbers rest on", "",
              "Course assumptions, each a constant of the model that can be changed and rerun:", ""]
    for name, label, fmt in _ASSUMPTIONS:
        lines.append(f"- {label}: {fmt.format(getattr(_q, name))}")
    lines.append("- people's time: hours per lever in "
                 f"`sl.LEVER_COSTS` ({len(LEVER_COSTS)} levers) at $100 an hour")
    lines.append("")
    return "\n".join(lines)
