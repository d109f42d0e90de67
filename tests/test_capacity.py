"""sre_lab.capacity: queue fit to measured latency, surge scenarios and sizing.

Expected values come from hand calculations (closed-form M/M/1), plain
pandas on the course's minute data, and the values the course stated before
the module existed (checkout: 2 workers of 78 ms; 4 workers for a 2.3x surge).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab import capacity


@pytest.fixture(scope="module")
def checkout():
    return sl.load_requests(service="checkout")


@pytest.fixture(scope="module")
def latency_incidents():
    incidents = sl.load_incidents()
    return incidents[(incidents["service"] == "checkout") & (incidents["kind"] == "latency")]


def _minutes(rps, hours, *, fast=None, errors=0.0):
    """One minute row per (hour, minute) with a constant rate per hour."""
    idx = pd.date_range("2026-10-05", periods=len(hours) * 60, freq="min", tz="UTC")
    rate = np.repeat(rps, 60)
    frame = pd.DataFrame({"requests": rate * 60, "errors": errors}, index=idx)
    if fast is not None:
        frame["latency_le_500ms"] = (rate * 60 - errors) * np.repeat(fast, 60)
    return frame


# ------------------------------------------------------------------ hourly profile

def test_profile_by_hand():
    idx = pd.date_range("2026-10-05 03:00", periods=3, freq="min", tz="UTC")
    t = pd.DataFrame({"requests": [120, 60, 60], "errors": [20, 0, 0],
                      "latency_le_500ms": [90, 60, 30]}, index=idx)
    p = capacity.hourly_latency_profile(t, latency_threshold_ms=500)
    assert p.loc[3, "arrival_rate_rps"] == pytest.approx(240 / 180)
    assert p.loc[3, "within_threshold"] == pytest.approx(180 / 220)    # fast / successful
    assert p.loc[3, "minutes"] == 3


def test_profile_matches_plain_pandas_on_course_data(checkout, latency_incidents):
    start, end = latency_incidents["started"].iloc[0], latency_incidents["mitigated"].iloc[0]
    calm = checkout[(checkout.index < start) | (checkout.index >= end)]
    assert len(calm) == len(checkout) - 90                                 # INC-006: 90 minutes
    afternoon = calm[calm.index.hour == 14]
    p = capacity.hourly_latency_profile(checkout, latency_threshold_ms=500,
                                        exclude=latency_incidents)
    assert p.loc[14, "arrival_rate_rps"] == pytest.approx(afternoon["requests"].sum()
                                                          / (len(afternoon) * 60))
    assert p.loc[14, "within_threshold"] == pytest.approx(
        afternoon["latency_le_500ms"].sum() / (afternoon["requests"] - afternoon["errors"]).sum())
    assert p["minutes"].sum() == len(calm)


# ------------------------------------------------------------------ the fit

def test_fit_recovers_a_known_mm1_queue():
    # M/M/1 by hand: P(T > t) = exp(-(mu - lambda) t); 100 ms service, t = 0.5 s
    rps = np.array([1.0, 2.0, 4.0, 6.0])
    fast = 1 - np.exp(-(10 - rps) * 0.5)
    fit = capacity.fit_queue_model(_minutes(rps, rps, fast=fast), latency_threshold_ms=500,
                                   service_times_ms=range(80, 121, 5), servers=range(1, 4))
    assert (fit.service_time_ms, fit.servers) == (100.0, 1)
    assert fit.rmse < 1e-9
    assert list(fit.profile["model_within"].round(9)) == list(np.round(fast, 9))
    assert fit.profile["utilisation"].tolist() == pytest.approx((rps / 10).tolist())


def test_fit_of_checkout_is_two_workers_of_78_ms(checkout, latency_incidents):
    fit = capacity.fit_queue_model(checkout, latency_threshold_ms=500, exclude=latency_incidents)
    assert (fit.service_time_ms, fit.servers) == (78.0, 2)
    assert fit.rmse < 0.002
    assert fit.grid["rmse"].min() == pytest.approx(fit.rmse)
    assert len(fit.grid) == 101 * 8


def test_fit_without_leaving_out_the_incident_is_worse(checkout, latency_incidents):
    with_incident = capacity.fit_queue_model(checkout, latency_threshold_ms=500)
    calm = capacity.fit_queue_model(checkout, latency_threshold_ms=500, exclude=latency_incidents)
    assert with_incident.rmse > calm.rmse


# ------------------------------------------------------------------ scenarios

def test_scenario_mm1_by_hand():
    idx = pd.date_range("2026-10-05", periods=120, freq="min", tz="UTC")
    t = pd.DataFrame({"requests": [60] * 120, "errors": [6] * 120}, index=idx)
    s = capacity.latency_scenario(t, multiplier=2, servers=1, service_time_ms=100,
                                  latency_threshold_ms=500)
    assert len(s) == 2
    assert s["valid"].iloc[0] == pytest.approx(2 * 54 * 60)
    assert (s["good"] / s["valid"]).iloc[0] == pytest.approx(1 - math.exp(-(10 - 2) * 0.5))


def test_scenario_above_capacity_is_all_slow():
    idx = pd.date_range("2026-10-05", periods=60, freq="min", tz="UTC")
    t = pd.DataFrame({"requests": [600] * 60, "errors": [0] * 60}, index=idx)    # 10 req/s
    s = capacity.latency_scenario(t, multiplier=1, servers=1, service_time_ms=100,
                                  latency_threshold_ms=500)
    assert s["good"].iloc[0] == 0


def test_sizing_and_surge_workers_on_course_data(checkout):
    table = capacity.surge_sizing(checkout, multiplier=2.3, servers=range(2, 6),
                                  service_time_ms=78, latency_threshold_ms=500,
                                  sla_target=0.98, window_days=7)
    assert table.index.tolist() == [2, 3, 4, 5]
    assert table["attainment"].is_monotonic_increasing
    assert table.loc[2, "p_breach"] == 1 and table.loc[4, "p_breach"] < 0.05
    assert capacity.surge_workers(checkout, multiplier=2.3, service_time_ms=78,
                                  latency_threshold_ms=500, sla_target=0.98,
                                  window_days=7) == 4


def test_same_seed_same_answer_and_generators_accepted(checkout):
    kwargs = dict(multiplier=2.0, servers=[3], service_time_ms=78, latency_threshold_ms=500,
                  sla_target=0.98, window_days=7, n_paths=500)
    a = capacity.surge_sizing(checkout, rng=5, **kwargs)
    b = capacity.surge_sizing(checkout, rng=5, **kwargs)
    pd.testing.assert_frame_equal(a, b)
    c = capacity.surge_sizing(checkout, rng=np.random.default_rng(5), **kwargs)
    assert c.loc[3, "p_breach"] == pytest.approx(a.loc[3, "p_breach"], abs=0.1)


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("call, error, text", [
    (lambda m: capacity.hourly_latency_profile(m.reset_index(), latency_threshold_ms=500),
     ValueError, "traffic must be indexed by timestamps"),
    (lambda m: capacity.hourly_latency_profile(m, latency_threshold_ms=400),
     ValueError, "latency_threshold_ms must be a latency bucket of traffic; got 400."),
    (lambda m: capacity.hourly_latency_profile([1, 2], latency_threshold_ms=500),
     TypeError, "traffic must be a DataFrame of per-minute counts; got 'list'."),
    (lambda m: capacity.fit_queue_model(m, latency_threshold_ms=500, servers=[]),
     ValueError, "servers must be a non-empty sequence"),
    (lambda m: capacity.fit_queue_model(m, latency_threshold_ms=500, servers=[1.5]),
     TypeError, "servers must be a whole number >= 1"),
    (lambda m: capacity.fit_queue_model(m, latency_threshold_ms=500, service_times_ms=[0]),
     ValueError, "service_times_ms must be a number > 0; got 0."),
    (lambda m: capacity.hourly_latency_profile(m, latency_threshold_ms=500, exclude="INC-006"),
     TypeError, "exclude must be None or a DataFrame"),
    (lambda m: capacity.latency_scenario(m, multiplier=0, servers=2, service_time_ms=78,
                                         latency_threshold_ms=500),
     ValueError, "multiplier must be a number > 0; got 0."),
    (lambda m: capacity.surge_sizing(m, multiplier=2, servers=[2], service_time_ms=78,
                                     latency_threshold_ms=500, sla_target=98, window_days=7),
     ValueError, "Write 98% as 0.98."),
    (lambda m: capacity.surge_workers(m, multiplier=50, service_time_ms=78,
                                      latency_threshold_ms=500, sla_target=0.98, window_days=7,
                                      max_servers=2, n_paths=100),
     ValueError, "multiplier must be a surge that 2 workers can serve; got 50."),
    (lambda m: capacity.surge_sizing(m, multiplier=2, servers=[2], service_time_ms=78,
                                     latency_threshold_ms=500, sla_target=0.98, window_days=7,
                                     rng="seed"),
     TypeError, "rng must be None, an int seed or a numpy Generator"),
])
def test_errors_name_the_parameter(checkout, call, error, text):
    with pytest.raises(error) as info:
        call(checkout)
    assert text in str(info.value)


def test_counts_that_do_not_add_up_are_refused():
    idx = pd.date_range("2026-10-05", periods=2, freq="min", tz="UTC")
    t = pd.DataFrame({"requests": [10, 10], "errors": [0, 2], "latency_le_500ms": [10, 9]},
                     index=idx)
    with pytest.raises(ValueError, match="latency_le_500ms <= requests - errors"):
        capacity.hourly_latency_profile(t, latency_threshold_ms=500)


# ------------------------------------------- hostile inputs (tests/test_fuzz.py finds)

def _three_days(frame):
    return frame.iloc[: 3 * 1440].copy()


def _times_25e12(frame):
    """Counts near 1e16 (the loader's limit is 2**53): 1.4e14 requests a second."""
    out = frame.copy()
    for column in out.columns:
        out[column] = out[column].astype("int64") * 25 * 10**12
    return out


_SURGE = dict(service_time_ms=78.0, latency_threshold_ms=500, sla_target=0.98, n_paths=200)
_FIT = dict(latency_threshold_ms=500, service_times_ms=range(60, 100, 2), servers=range(1, 6))


@pytest.mark.parametrize("call, error, text", [
    # a grid of a billion service times was listed before its size was checked (MemoryError)
    (lambda m: capacity.fit_queue_model(_three_days(m), latency_threshold_ms=500,
                                        service_times_ms=range(1, 10**9), servers=range(1, 6)),
     ValueError, "service_times_ms must be a sequence of at most 5,000 values; got "
                 "999,999,999 values."),
    (lambda m: capacity.fit_queue_model(_three_days(m), latency_threshold_ms=500,
                                        service_times_ms=range(1, 2001), servers=range(1, 9)),
     ValueError, "service_times_ms must be at most 625 values with 8 candidate servers"),
    (lambda m: capacity.fit_queue_model(_three_days(m), latency_threshold_ms=500,
                                        service_times_ms=range(50, 1050), servers=[900, 1000]),
     ValueError, "servers must be candidates adding up to at most 200 with 1,000 service "
                 "times"),
    (lambda m: capacity.fit_queue_model(_three_days(m), latency_threshold_ms=500,
                                        servers=[36500]),
     ValueError, "servers must be a whole number >= 1 and <= 1000; got 36500."),
    (lambda m: capacity.fit_queue_model(_three_days(m), latency_threshold_ms=500,
                                        service_times_ms=[1e9]),
     ValueError, "service_times_ms must be numbers of ms up to a day (86,400,000); got "
                 "1000000000.0."),
    # object counts reached np.sqrt inside the fit
    (lambda m: capacity.fit_queue_model(_three_days(m).astype(object), **_FIT),
     TypeError, "traffic['requests'] must be numeric counts; got 'object'."),
    # strings reached a subtraction in the profile
    (lambda m: capacity.hourly_latency_profile(
        _three_days(m).astype({"requests": str}), latency_threshold_ms=300),
     TypeError, "traffic['requests'] must be numeric counts; got 'object'."),
    # 1.4e14 requests/s reached the M/M/c function, which named its own arrival_rate_rps
    (lambda m: capacity.fit_queue_model(_times_25e12(_three_days(m)), **_FIT),
     ValueError, "traffic must be at most 1e+09 requests per second in every hour"),
    # two 'errors' columns failed in a pandas reindex
    (lambda m: capacity.fit_queue_model(
        pd.concat([_three_days(m), _three_days(m)[["errors"]]], axis=1), **_FIT),
     ValueError, "traffic must be one column named 'errors'; got 2 columns with that name."),
    (lambda m: capacity.latency_scenario(
        pd.concat([_three_days(m), _three_days(m)[["errors"]]], axis=1), multiplier=1.0,
        servers=4, service_time_ms=78.0, latency_threshold_ms=500),
     ValueError, "traffic must be one column named 'errors'; got 2 columns with that name."),
    (lambda m: capacity.hourly_latency_profile(_three_days(m).iloc[::-1],
                                               latency_threshold_ms=500),
     ValueError, "traffic must be indexed by a sorted, duplicate-free DatetimeIndex; got rows "
                 "out of order at row 1"),
    # 420,892 workers ran the Erlang recursion for minutes
    (lambda m: capacity.latency_scenario(_three_days(m), multiplier=1.0, servers=420892,
                                         service_time_ms=78.0, latency_threshold_ms=500),
     ValueError, "servers must be a whole number >= 1 and <= 1000; got 420892."),
    (lambda m: capacity.latency_scenario(pd.concat([m] * 2).set_axis(pd.date_range(
        m.index[0], periods=2 * len(m), freq="min")), multiplier=1.0, servers=1000,
        service_time_ms=78.0, latency_threshold_ms=500),
     ValueError, "servers must be a whole number <= 620 for traffic of 16,128 buckets of 5 "
                 "minutes"),
    # a huge multiplier took the arrival rate past the M/M/c bound (arrival_rate_rps named)
    (lambda m: capacity.latency_scenario(_three_days(m), multiplier=3.197775299988278e+169,
                                         servers=4, service_time_ms=78.0,
                                         latency_threshold_ms=500),
     ValueError, "multiplier must be a number > 0 and <= 6.01323e+07, so the busiest bucket "
                 "(16.63 requests/s) stays within 1e+09 requests/s; got 3.197775299988278e+169."),
    (lambda m: capacity.latency_scenario(_times_25e12(_three_days(m)), multiplier=1.0,
                                         servers=4, service_time_ms=78.0,
                                         latency_threshold_ms=500),
     ValueError, "traffic must be at most 1e+09 requests per second in every 5-minute bucket"),
    # period '0h' divided by zero inside pandas
    (lambda m: capacity.latency_scenario(_three_days(m), multiplier=2.0, servers=4,
                                         service_time_ms=78.0, latency_threshold_ms=500,
                                         period="0h"),
     ValueError, "period must be a duration of whole 5-minute buckets up to 366 days, such as "
                 "'1h' or '1D'; got '0h'."),
    (lambda m: capacity.latency_scenario(_three_days(m), multiplier=2.0, servers=4,
                                         service_time_ms=78.0, latency_threshold_ms=500,
                                         period="-1h"),
     ValueError, "period must be a duration of whole 5-minute buckets"),
    (lambda m: capacity.latency_scenario(_three_days(m), multiplier=2.0, servers=4,
                                         service_time_ms=78.0, latency_threshold_ms=500,
                                         period="1ME"),
     ValueError, "got '1ME'."),
    (lambda m: capacity.latency_scenario(_three_days(m), multiplier=2.0, servers=4,
                                         service_time_ms=78.0, latency_threshold_ms=500,
                                         period=3),
     TypeError, "period must be a duration of whole 5-minute buckets"),
    # surge_sizing: slow fleets, huge multipliers, short or broken traffic
    (lambda m: capacity.surge_sizing(m, multiplier=2.0, servers=13240, window_days=7,
                                     **_SURGE),
     ValueError, "servers must be a whole number >= 1 and <= 1000; got 13240."),
    (lambda m: capacity.surge_sizing(m, multiplier=2.0, servers=range(900, 1000),
                                     window_days=7, **_SURGE),
     ValueError, "servers must be fleet sizes adding up to at most 1,240 for 672 hours"),
    (lambda m: capacity.surge_sizing(m, multiplier=2.0, servers=range(1, 200),
                                     window_days=7, **_SURGE),
     ValueError, "servers must be a sequence of at most 100 values; got 199 values."),
    (lambda m: capacity.surge_sizing(m, multiplier=33526041564, servers=[2, 4],
                                     window_days=200, **_SURGE),
     ValueError, "multiplier must be a number > 0 and <= 5.88351e+07"),
    (lambda m: capacity.surge_sizing(_three_days(m).iloc[:0], multiplier=1.0, servers=[2, 4],
                                     window_days=1, **_SURGE),
     ValueError, "traffic must be a DataFrame with at least one row; got an empty DataFrame."),
    (lambda m: capacity.surge_sizing(_three_days(m).iloc[::-1], multiplier=1.0,
                                     servers=[2, 4], window_days=7, **_SURGE),
     ValueError, "traffic must be indexed by a sorted, duplicate-free DatetimeIndex"),
    (lambda m: capacity.surge_sizing(_three_days(m), multiplier=1.0, servers=[2, 4],
                                     window_days=7, **_SURGE),
     ValueError, "traffic must be at least 239 hours long (a 3-day block plus 6 days, so a "
                 "replayed block can start on any weekday); got 72 hours."),
    (lambda m: capacity.surge_sizing(m * 0, multiplier=1.0, servers=[2, 4], window_days=7,
                                     **_SURGE),
     ValueError, "traffic must be a frame with some successful requests to replay; got none."),
    (lambda m: capacity.surge_sizing(m, multiplier=1.0, servers=[2, 4], window_days=7,
                                     **{**_SURGE, "n_paths": 10**7}),
     ValueError, "n_paths must be a whole number >= 1 and <= 1000000; got 10000000."),
    (lambda m: capacity.surge_workers(_three_days(m).iloc[:0], multiplier=2.0,
                                      window_days=238, max_servers=10, **_SURGE),
     ValueError, "traffic must be a DataFrame with at least one row; got an empty DataFrame."),
    (lambda m: capacity.surge_workers(_three_days(m).iloc[::-1], multiplier=1.0,
                                      window_days=7, max_servers=10, **_SURGE),
     ValueError, "traffic must be indexed by a sorted, duplicate-free DatetimeIndex"),
    (lambda m: capacity.surge_workers(_three_days(m), multiplier=1.0, window_days=7,
                                      max_servers=10, **_SURGE),
     ValueError, "traffic must be at least 239 hours long"),
    (lambda m: capacity.surge_workers(m, multiplier=2.0, window_days=7, max_servers=100_000,
                                      **_SURGE),
     ValueError, "max_servers must be a whole number >= 1 and <= 1000; got 100000."),
])
def test_hostile_inputs_name_the_parameter(checkout, call, error, text):
    with pytest.raises(error) as info:
        call(checkout)
    assert text in str(info.value)


def test_an_unservable_surge_is_refused_after_a_few_fleet_sizes(checkout):
    """A million-fold surge needs more than 1000 workers: the doubling search stops at once."""
    import time

    start = time.perf_counter()
    with pytest.raises(ValueError, match="multiplier must be a surge that 1000 workers can "
                                         "serve; got 1000000.0."):
        capacity.surge_workers(checkout, multiplier=1e6, window_days=7, max_servers=1000,
                               **_SURGE)
    assert time.perf_counter() - start < 5


def test_surge_workers_search_agrees_with_trying_every_size(checkout):
    """The doubling-and-bisecting search returns the first size surge_sizing passes."""
    kwargs = dict(multiplier=2.3, window_days=7, **_SURGE)
    table = capacity.surge_sizing(checkout, servers=range(1, 9), **kwargs)
    first = int(table.index[table["p_breach"] < 0.05][0])
    assert capacity.surge_workers(checkout, max_servers=8, **kwargs) == first
    assert (np.diff(table["p_breach"].to_numpy()) <= 0).all()  # never rises with the fleet


def test_period_that_is_a_whole_number_of_buckets_is_accepted(checkout):
    day = _three_days(checkout)
    hourly = capacity.latency_scenario(day, multiplier=1.0, servers=4, service_time_ms=78.0,
                                       latency_threshold_ms=500)
    daily = capacity.latency_scenario(day, multiplier=1.0, servers=4, service_time_ms=78.0,
                                      latency_threshold_ms=500, period=np.str_("1D"))
    assert len(daily) == 3
    np.testing.assert_allclose(daily["valid"].sum(), hourly["valid"].sum())
    # every successful request of the three days, by plain pandas
    assert daily["valid"].sum() == (day["requests"] - day["errors"]).sum()
