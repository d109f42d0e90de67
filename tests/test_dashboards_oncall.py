"""Headless tests of the on-call load explorer (``sl.oncall_dashboard``, 03_incidents/2b).

Controls are driven through ``.value``; ``.state`` is checked against counts made
with plain pandas on the replay's pages and against the SRE book's rotation arithmetic.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import sre_lab as sl  # noqa: E402


@pytest.fixture(autouse=True)
def _no_open_figures():
    yield
    assert plt.get_fignums() == []


def test_default_board_counts_the_replay_thirteen_times():
    d = sl.oncall_dashboard()
    pages = sl.microcorp_pages(slo_target=0.999, approach=6, window_days=30)
    assert d.error is None
    assert d.state.n_pages == 13 * len(pages)
    # 8 people single-site: on call 2/8 of the time on average (SRE book ch. 11)
    assert d.state.people["oncall_share"].mean() == pytest.approx(0.25, abs=0.01)
    assert d.image.value[:4] == b"\x89PNG"


def test_noisy_approach_and_follow_the_sun():
    d = sl.oncall_dashboard()
    d.controls["approach"].value = 1
    noisy = sl.microcorp_pages(slo_target=0.999, approach=1, window_days=30)
    night = noisy["raised"].dt.hour
    at_night = ((night >= 22) | (night < 7)).sum()
    assert d.state.n_night_pages == 13 * at_night       # primary acks everything
    assert (~d.state.pages["matched"]).sum() == 13 * (~noisy["matched"]).sum()
    d.controls["follow_the_sun"].value = True
    assert d.state.n_night_pages == 0 and d.state.follow_the_sun
    d.controls["people"].value = 4
    # 2 per site: each is primary or secondary whenever their site is on: 12 h a day
    assert d.state.people["oncall_share"].mean() == pytest.approx(0.5, abs=0.01)
    assert "on call 50%" in d.summary.value
    assert d.error is None
