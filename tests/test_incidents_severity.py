"""Severity scale and classifier: published levels, hand-worked boundaries, severity vs priority."""

import numpy as np
import pytest

import sre_lab as sl


def test_scale_is_pagerdutys_five_levels_with_the_major_rule():
    levels = [s.level for s in sl.SEVERITY_SCALE]
    assert levels == ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]
    # "Anything above a SEV-3 is automatically considered a major incident"
    assert [s.major for s in sl.SEVERITY_SCALE] == [True, True, False, False, False]
    assert all("PagerDuty" in s.source for s in sl.SEVERITY_SCALE)
    assert [s.min_share_affected for s in sl.SEVERITY_SCALE] == [0.5, 0.2, 0.05, 0.0, None]


@pytest.mark.parametrize("share, level", [
    (1.0, "SEV1"), (0.5, "SEV1"), (0.4999, "SEV2"), (0.2, "SEV2"), (0.1999, "SEV3"),
    (0.05, "SEV3"), (0.0499, "SEV4"), (0.031, "SEV4"), (0.0, "SEV4")])
def test_share_boundaries(share, level):
    assert sl.classify_severity(share) == level


def test_the_larger_share_of_users_or_requests_counts():
    assert sl.classify_severity(0.03, requests_affected=0.25) == "SEV2"
    assert sl.classify_severity(0.25, requests_affected=0.03) == "SEV2"


def test_long_impact_raises_one_level_and_sev1_stays():
    assert sl.classify_severity(0.031, duration_minutes=239) == "SEV4"
    assert sl.classify_severity(0.031, duration_minutes=240) == "SEV3"
    assert sl.classify_severity(0.3, duration_minutes=600) == "SEV1"
    assert sl.classify_severity(0.9, duration_minutes=600) == "SEV1"
    assert sl.classify_severity(0.031, duration_minutes=60, long_minutes=30) == "SEV3"


def test_data_loss_or_security_is_sev1_whatever_the_share():
    assert sl.classify_severity(0.0, data_loss=True) == "SEV1"
    assert sl.classify_severity(0.01, security=True) == "SEV1"


def test_vectorised_and_agrees_with_the_course_data_labels():
    incidents = sl.load_incidents()
    got = sl.classify_severity(incidents["users_affected"].to_numpy())
    assert list(got) == incidents["severity"].tolist()
    both = sl.classify_severity([0.6, 0.01], data_loss=np.array([False, True]))
    assert both.tolist() == ["SEV1", "SEV1"]


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(users_affected=5), ValueError, "users_affected"),
    (dict(users_affected="a lot"), TypeError, "users_affected"),
    (dict(users_affected=0.1, duration_minutes=-1), ValueError, "duration_minutes"),
    (dict(users_affected=0.1, data_loss=1), TypeError, "data_loss"),
    (dict(users_affected=0.1, security="yes"), TypeError, "security"),
    (dict(users_affected=0.1, requests_affected=1.5), ValueError, "requests_affected"),
    (dict(users_affected=0.1, long_minutes=0), ValueError, "long_minutes"),
    (dict(users_affected=[0.1, 0.2], duration_minutes=[1, 2, 3]), ValueError, "duration_minutes"),
])
def test_bad_input_names_the_parameter(kwargs, error, name):
    with pytest.raises(error, match=name):
        sl.classify_severity(**kwargs)


def test_priority_weighs_business_timing_severity_does_not_change():
    assert sl.incident_priority("SEV3") == "P3"
    assert sl.incident_priority("SEV3", peak_business_time=True) == "P2"
    assert sl.incident_priority("SEV2", workaround=True) == "P3"
    assert sl.incident_priority("SEV1", peak_business_time=True) == "P1"
    assert sl.incident_priority("SEV5", workaround=True) == "P5"
    assert sl.incident_priority("SEV4", peak_business_time=True, workaround=True) == "P4"
    with pytest.raises(ValueError, match="severity"):
        sl.incident_priority("sev2")
    with pytest.raises(TypeError, match="peak_business_time"):
        sl.incident_priority("SEV2", peak_business_time="no")
