"""The MicroCorp world: shapes, invariants and calibration against published figures."""

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab import simulation


def test_triggers_are_the_workbook_appendix_c_shares():
    # SRE Workbook, Appendix C: 37, 31, 9, 6, 5, 5, 5, 2 per cent.
    assert sorted(sl.TRIGGER_SHARES.values(), reverse=True) == [0.37, 0.31, 0.09, 0.06, 0.05, 0.05, 0.05, 0.02]
    assert sl.TRIGGER_SHARES["Binary push"] == 0.37
    assert sum(sl.TRIGGER_SHARES.values()) == pytest.approx(1.0)


def test_severity_scale_boundaries():
    assert sl.severity_from_users(0.5) == "SEV1"
    assert sl.severity_from_users(0.4999) == "SEV2"
    assert sl.severity_from_users(0.2) == "SEV2"
    assert sl.severity_from_users(0.05) == "SEV3"
    assert sl.severity_from_users(0.0) == "SEV4"
    assert list(sl.severity_from_users(np.array([1.0, 0.1]))) == ["SEV1", "SEV3"]


def test_about_half_of_incidents_resolve_within_two_hours():
    # VOID 2021: 53 % resolved within 2 h. 4,000 incidents give a standard error of ~0.8 %.
    incidents = sl.simulate_incidents("2020-01-06", 7 * 2000, per_week=2.0, rng=3)
    within = ((incidents["resolved"] - incidents["started"]) <= pd.Timedelta(hours=2)).mean()
    assert 0.48 < within < 0.58


def test_trigger_mix_matches_published_shares_in_a_long_run():
    incidents = sl.simulate_incidents("2020-01-06", 7 * 2000, per_week=2.0, rng=4)
    shares = incidents["trigger"].value_counts(normalize=True)
    for trigger, expected in sl.TRIGGER_SHARES.items():
        # binomial standard error with n ~ 4,000 is below 0.008
        assert shares[trigger] == pytest.approx(expected, abs=0.025)


def test_change_induced_incidents_start_in_weekday_working_hours():
    incidents = sl.simulate_incidents("2026-01-05", 700, rng=5)
    pushes = incidents[incidents["trigger"].isin(["Binary push", "Configuration push"])]
    assert len(pushes) > 50
    assert (pushes["started"].dt.day_of_week < 5).all()
    hours = pushes["started"].dt.hour + pushes["started"].dt.minute / 60
    assert ((hours >= 9) & (hours <= 17)).all()


def test_incident_timeline_is_ordered():
    incidents = sl.simulate_incidents("2026-01-05", 365, rng=6)
    times = incidents[["started", "detected", "acknowledged", "mitigated", "resolved"]].to_numpy()
    assert (times[:, :-1] <= times[:, 1:]).all()
    assert (incidents["started"] < incidents["mitigated"]).all()


def test_same_seed_same_world_and_different_seed_different_world():
    a = sl.simulate_traffic("2026-01-05", 1, rng=11)
    b = sl.simulate_traffic("2026-01-05", 1, rng=11)
    c = sl.simulate_traffic("2026-01-05", 1, rng=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["requests"].equals(c["requests"])


def test_subset_of_services_gets_the_same_numbers():
    everything = sl.simulate_traffic("2026-01-05", 1, rng=8)
    search = sl.simulate_traffic("2026-01-05", 1, services=["search"], rng=8)
    expected = everything[everything["service"] == "search"].reset_index(drop=True)
    pd.testing.assert_frame_equal(search, expected)


def test_daily_cycle_peaks_in_the_afternoon_and_weekends_are_quieter():
    # 10 weeks without growth: the mean of 20 weekend days has a wobble of about 1.5 %
    traffic = sl.simulate_traffic("2026-01-05", 70, services=["checkout"], latency=False,
                                  growth_per_year=0, rng=9)
    by_hour = traffic.groupby(traffic["timestamp"].dt.hour)["requests"].mean()
    assert by_hour.idxmax() in (14, 15, 16)
    assert by_hour.idxmin() in (2, 3, 4)
    weekend = traffic["timestamp"].dt.day_of_week >= 5
    ratio = traffic.loc[weekend, "requests"].mean() / traffic.loc[~weekend, "requests"].mean()
    assert ratio == pytest.approx(0.80, abs=0.03)  # weekend_factor of checkout


def test_full_outage_fails_the_service_and_its_caller_for_exactly_the_incident_minutes():
    outage = pd.DataFrame({
        "service": ["payment"], "started": [pd.Timestamp("2026-01-05 10:00", tz="UTC")],
        "mitigated": [pd.Timestamp("2026-01-05 10:30", tz="UTC")],
        "error_ratio_added": [1.0], "latency_multiplier": [1.0]})
    traffic = sl.simulate_traffic("2026-01-05", 1, incidents=outage, rng=10)
    payment = traffic[traffic["service"] == "payment"].set_index("timestamp")
    during = payment.loc["2026-01-05 10:00":"2026-01-05 10:29"]
    assert len(during) == 30 and (during["errors"] == during["requests"]).all()
    assert payment.loc["2026-01-05 10:30", "errors"] < 0.01 * payment.loc["2026-01-05 10:30", "requests"]
    checkout = traffic[traffic["service"] == "checkout"].set_index("timestamp")
    ratio = checkout.loc["2026-01-05 10:00":"2026-01-05 10:29", ["errors", "requests"]].sum()
    assert ratio["errors"] / ratio["requests"] == pytest.approx(0.6, abs=0.03)  # 60 % of checkout calls payment


def test_latency_incident_moves_requests_out_of_the_fast_buckets():
    slow = pd.DataFrame({
        "service": ["search"], "started": [pd.Timestamp("2026-01-05 12:00", tz="UTC")],
        "mitigated": [pd.Timestamp("2026-01-05 13:00", tz="UTC")],
        "error_ratio_added": [0.0], "latency_multiplier": [4.0]})
    traffic = sl.simulate_traffic("2026-01-05", 1, incidents=slow, services=["search"], rng=12).set_index("timestamp")
    share = traffic["latency_le_100ms"] / (traffic["requests"] - traffic["errors"])
    # median 70 ms x load: P(<=100 ms) is about 0.7 normally, about 0.1 when four times slower
    assert share.loc["2026-01-05 12:00":"2026-01-05 12:59"].mean() < 0.2
    assert share.loc["2026-01-05 14:00":"2026-01-05 15:00"].mean() > 0.5


def test_latency_buckets_are_cumulative_counts_of_successful_requests():
    traffic = sl.simulate_traffic("2026-01-05", 1, rng=13)
    buckets = traffic[[f"latency_le_{b}ms" for b in sl.LATENCY_BUCKETS_MS]].to_numpy()
    assert (np.diff(buckets, axis=1) >= 0).all()
    assert (buckets[:, -1] <= traffic["requests"] - traffic["errors"]).all()


def test_normal_cdf_matches_known_values():
    # Phi(0) = 0.5, Phi(1.96) = 0.9750 and Phi(-1) = 0.1587 (standard normal tables)
    values = simulation._normal_cdf(np.array([0.0, 1.96, -1.0]))
    assert values == pytest.approx([0.5, 0.9750, 0.1587], abs=1e-4)


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (lambda: sl.simulate_traffic("2026-01-05", 0), ValueError, "days must be a whole number >= 1 and <= 366; got 0."),
        (lambda: sl.simulate_traffic("2026-01-05", 1.5), TypeError, "days must be a whole number >= 1 and <= 366; got 1.5."),
        (lambda: sl.simulate_traffic("2026-01-05", 1, services=["shop"]), ValueError,
         "services must be one of 'checkout', 'payment', 'search', 'notifications'; got 'shop'."),
        (lambda: sl.simulate_traffic("not a date", 1), ValueError, "start must be a date or timestamp such as '2026-10-05' (between 1900 and 2200); got 'not a date'."),
        (lambda: sl.simulate_incidents("2026-01-05", 7, per_week=-1), ValueError, "per_week must be a number >= 0 and <= 1000; got -1."),
        (lambda: sl.simulate_traffic("2026-01-05", 1, incidents=pd.DataFrame({"service": []})), ValueError,
         "incidents must have the columns 'service', 'started', 'mitigated', 'error_ratio_added', "
         "'latency_multiplier'; got a DataFrame without 'started', 'mitigated', 'error_ratio_added', "
         "'latency_multiplier'."),
        (lambda: sl.severity_from_users(20), ValueError,
         "users_affected must be a fraction in [0, 1]; got 20. Write 20% as 0.2."),
    ],
)
def test_error_messages(call, error, text):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == text


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), service=st.sampled_from(sl.SERVICE_NAMES),
       error_ratio=st.floats(0, 1), latency_multiplier=st.floats(1, 10))
def test_any_world_keeps_the_count_invariants(seed, service, error_ratio, latency_multiplier):
    incident = pd.DataFrame({
        "service": [service], "started": [pd.Timestamp("2026-01-05 06:00", tz="UTC")],
        "mitigated": [pd.Timestamp("2026-01-05 07:00", tz="UTC")],
        "error_ratio_added": [error_ratio], "latency_multiplier": [latency_multiplier]})
    traffic = sl.simulate_traffic("2026-01-05", 1, incidents=incident, rng=seed)
    buckets = traffic[[f"latency_le_{b}ms" for b in sl.LATENCY_BUCKETS_MS]].to_numpy()
    assert (traffic["errors"] >= 0).all() and (traffic["errors"] <= traffic["requests"]).all()
    assert (np.diff(buckets, axis=1) >= 0).all() and (buckets >= 0).all()
    assert (buckets[:, -1] <= traffic["requests"] - traffic["errors"]).all()
    pd.testing.assert_frame_equal(traffic, sl.simulate_traffic("2026-01-05", 1, incidents=incident, rng=seed))
