"""The incident simulator dashboard, driven headless."""

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from sre_lab.dashboards import incident_simulator_dashboard  # noqa: E402


def test_defaults_page_and_drain():
    d = incident_simulator_dashboard()
    s = d.state
    assert d.error is None
    assert s.detected_by is not None
    assert s.time_to_acknowledge == pd.Timedelta(minutes=5)
    assert s.time_to_mitigate == pd.Timedelta(minutes=60)
    assert s.budget_share > 0
    assert d.image.value[:4] == b"\x89PNG"
    assert "SEV3" in d.summary.value


def test_bigger_fault_pages_sooner_and_costs_more():
    d = incident_simulator_dashboard(users_affected=0.05)
    small = d.state
    d.controls["users_affected"].value = 1.0
    big = d.state
    assert big.time_to_detect <= small.time_to_detect
    assert big.budget_share > 5 * small.budget_share
    assert "SEV1" in d.summary.value


def test_slower_answer_costs_more_budget():
    d = incident_simulator_dashboard(users_affected=0.2, ack_delay_minutes=0)
    quick = d.state
    d.controls["ack_delay_minutes"].value = 30
    slow = d.state
    assert slow.time_to_acknowledge == pd.Timedelta(minutes=30)
    assert slow.stages["budget_share"].iloc[1] > quick.stages["budget_share"].iloc[1]
    # the total drain is the fault's, whoever answers: only its split changes
    assert slow.budget_share == pytest.approx(quick.budget_share)


def test_small_latency_fault_is_not_paged():
    d = incident_simulator_dashboard(kind="latency", users_affected=0.01)
    assert d.state.detected_by is None
    assert "no page fired" in d.summary.value


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(service="billing"), ValueError, "service"),
    (dict(users_affected=0.07), ValueError, "users_affected"),
    (dict(start_hour=24), ValueError, "start_hour"),
    (dict(duration_minutes=1.5), TypeError, "duration_minutes"),
    (dict(kind="cpu"), ValueError, "kind"),
])
def test_bad_arguments_are_named(kwargs, error, name):
    with pytest.raises(error, match=name):
        incident_simulator_dashboard(**kwargs)
