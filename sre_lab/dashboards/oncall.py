"""Section 3 dashboard: the on-call load explorer (notebook ``03_incidents/2b_oncall_load``).

=========================  ====================================================
``oncall_dashboard``       rotation size, alerting approach, follow-the-sun,
                           rota length -> pages per person, night pages, limits
=========================  ====================================================

Wiring only: pages from :func:`sre_lab.microcorp_pages` (MicroCorp's 28-day
alert replay, repeated 13 times by :func:`sre_lab.tile_pages`, 29 days apart so
the weekly rota does not meet the same week of the replay every time), load from :func:`sre_lab.simulate_oncall`, picture from
:func:`sre_lab.plotting.plot_oncall_load`.
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets

from ..alerting import WORKBOOK_APPROACHES
from ..incidents.oncall import (
    ONCALL_SHARE_LIMIT, PAGES_PER_SHIFT_LIMIT, microcorp_pages, simulate_oncall, tile_pages)
from ._base import Dashboard

__all__ = ["oncall_dashboard"]

_START, _PERIOD, _COPIES = "2026-10-05", 29, 13


@lru_cache(maxsize=16)
def _pages(approach: int, slo_target: float):
    pages = microcorp_pages(slo_target=slo_target, approach=approach, window_days=30)
    return tile_pages(pages, period_days=_PERIOD, copies=_COPIES)


def oncall_dashboard(*, people: int = 8, approach: int = 6, follow_the_sun: bool = False,
                     rota_days: int = 7, slo_target: float = 0.999) -> Dashboard:
    """The on-call load explorer: who would MicroCorp's pages have woken?

    Parameters
    ----------
    people : int, default 8
        Engineers in the rotation (4 to 16, even).
    approach : int, default 6
        SRE Workbook alerting approach (1 to 6) that sends the pages.
    follow_the_sun : bool, default False
        Two sites 12 hours apart instead of one on UTC.
    rota_days : int, default 7
        Days a primary holds the pager (1, 3 or 7).
    slo_target : float, default 0.999
        Availability objective of every service.

    Returns
    -------
    Dashboard
        ``state`` is an :class:`sre_lab.OncallLoad` with the page table of the
        28 days (``state.pages``, with ``service`` and ``rule``).
    """
    controls = {
        "people": widgets.IntSlider(value=people, min=4, max=16, step=2,
                                    description="people", continuous_update=False),
        "approach": widgets.Dropdown(
            options=[(f"{n}. {name}", n) for n, name in WORKBOOK_APPROACHES.items()],
            value=approach, description="alerting"),
        "follow_the_sun": widgets.Checkbox(value=follow_the_sun,
                                           description="follow-the-sun (2 sites)"),
        "rota_days": widgets.Dropdown(options=[1, 3, 7], value=rota_days,
                                      description="rota days"),
    }

    def compute(people, approach, follow_the_sun, rota_days):
        pages = _pages(int(approach), float(slo_target))
        load = simulate_oncall(pages, people=people, rota_days=rota_days,
                               follow_the_sun=follow_the_sun, start=_START,
                               days=_PERIOD * _COPIES)
        load.pages["service"] = pages["service"].to_numpy()
        load.pages["rule"] = pages["rule"].to_numpy()
        return load

    def summarize(s) -> str:
        noise = int((~s.pages["matched"]).sum())
        share = s.people["oncall_share"].mean()
        flag = "over" if share > ONCALL_SHARE_LIMIT + 1e-9 else "within"
        return (f"377 days (the 28 days x 13): <b>{s.n_pages}</b> pages ({noise} for no "
                f"incident); <b>{s.n_night_pages}</b> rang at night; "
                f"{s.shifts_over_limit:.1%} of 12-hour shifts had more than "
                f"{PAGES_PER_SHIFT_LIMIT} pages; an engineer is on call "
                f"{share:.0%} of the time on average ({flag} the 25 % limit); "
                f"Gini of pages per person {s.gini:.2f}.")

    def draw(s, ax):
        from ..plotting.oncall import plot_oncall_load

        plot_oncall_load(s, ax=ax)

    return Dashboard(controls, compute, summarize, draw, name="oncall",
                     title="On-call load explorer (MicroCorp's 28 days of pages x 13)",
                     figsize=(8.0, 3.4),
                     margins=dict(right=0.68))
