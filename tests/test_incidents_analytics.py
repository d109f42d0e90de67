"""Incident analytics: time to declare, Poisson intervals, rates per exposure, trends, Pareto."""

import math

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab import datasets


def _raw_github():
    """The incidents CSV as plain text cells: the independent oracle."""
    return pd.read_csv(datasets.data_dir() / datasets.GITHUB_INCIDENTS_FILE, dtype=str, keep_default_na=False)


# --------------------------------------------------------------------------- time to declare

def test_time_to_declare_by_hand():
    frame = pd.DataFrame({
        "incident_id": ["a", "b", "c", "d"],
        "started_at": pd.to_datetime(["2024-01-01 10:30", "2024-01-02 09:00", "2024-01-03 08:00",
                                      "2024-01-04 12:00"], utc=True),
        "impact_start": pd.to_datetime(["2024-01-01 10:00", None, "2024-01-03 08:00", "2024-01-04 12:05"],
                                       utc=True)})
    gap = sl.time_to_declare(frame)
    assert gap.name == "time_to_declare" and gap.index.name == "incident_id"
    assert gap.to_dict() == {"a": pd.Timedelta(minutes=30), "c": pd.Timedelta(0), "d": pd.Timedelta(minutes=-5)}


def test_time_to_declare_on_the_real_history_matches_the_data_readme():
    raw = _raw_github()
    stated = raw[raw["impact_start"] != ""]
    minutes = (pd.to_datetime(stated["started_at"], utc=True)
               - pd.to_datetime(stated["impact_start"], utc=True)).dt.total_seconds() / 60
    gap = sl.time_to_declare(sl.load_github_incidents())
    assert len(gap) == len(minutes) == 163
    assert gap.index.tolist() == stated["incident_id"].tolist()
    assert (gap.dt.total_seconds().to_numpy() / 60 == minutes.to_numpy()).all()
    # the data README: earlier in 151 of 163; median 41 min, p90 351 min
    assert (gap > pd.Timedelta(0)).sum() == 151
    s = sl.duration_summary(gap, rng=0)
    assert s.median == pd.Timedelta(minutes=41)
    assert s.p90 == pd.Timedelta(minutes=351.4)  # rank 0.9 x 162 = 145.8, linear between two minutes
    # three reports with a wrong month or year drag the mean to days: the mean misleads
    assert s.mean > pd.Timedelta(days=4) and s.median_high < pd.Timedelta(hours=1)


def test_time_to_declare_refuses_frames_without_the_columns_or_times_without_zone():
    with pytest.raises(ValueError, match="incidents must have the columns 'started_at', 'impact_start'"):
        sl.time_to_declare(sl.load_incidents())
    naive = pd.DataFrame({"started_at": pd.to_datetime(["2024-01-01"]), "impact_start": pd.to_datetime(["2024-01-01"])})
    with pytest.raises(TypeError, match="incidents must be a DataFrame whose 'started_at' holds tz-aware times"):
        sl.time_to_declare(naive)


# --------------------------------------------------------------------------- Poisson intervals

@pytest.mark.parametrize("count, low, high", [
    # Garwood's exact 95 % limits, as tabulated (e.g. Ulm 1990; Sahai & Khurshid 1993)
    (0, 0.0, 3.689), (1, 0.0253, 5.572), (2, 0.2422, 7.225), (5, 1.624, 11.668), (10, 4.795, 18.390),
    (100, 81.364, 121.627),
])
def test_poisson_interval_matches_the_published_table(count, low, high):
    got_low, got_high = sl.poisson_interval(count)
    assert got_low == pytest.approx(low, abs=1e-3) and got_high == pytest.approx(high, abs=1e-3)


def test_poisson_interval_edges_have_the_stated_tail_probabilities():
    # plain Poisson sums: P(X <= k; high) = 2.5 %, P(X >= k; low) = 2.5 %
    def cdf(k, mu):
        return sum(math.exp(-mu) * mu**i / math.factorial(i) for i in range(k + 1))
    for k in (1, 3, 7, 20):
        low, high = sl.poisson_interval(k)
        assert cdf(k, high) == pytest.approx(0.025, abs=1e-9)
        assert 1 - cdf(k - 1, low) == pytest.approx(0.025, abs=1e-9)
    assert sl.poisson_interval(0, confidence=0.9)[1] == pytest.approx(-math.log(0.05))


def test_poisson_interval_is_vectorized_and_continuous_where_the_method_changes():
    low, high = sl.poisson_interval(np.array([99, 100, 101, 102]))
    assert np.all(np.diff(low) > 0.9) and np.all(np.diff(low) < 1.1)
    assert np.all(np.diff(high) > 0.9) and np.all(np.diff(high) < 1.1)


@pytest.mark.parametrize("bad, kind", [(-1, ValueError), (1.5, ValueError), ("3", TypeError), (True, TypeError),
                                       (None, TypeError), ([1, np.nan], ValueError)])
def test_poisson_interval_refuses_what_is_not_a_count(bad, kind):
    with pytest.raises(kind, match="counts must be"):
        sl.poisson_interval(bad)


# --------------------------------------------------------------------------- rates per exposure

def test_rates_divide_by_exposure_and_list_groups_without_incidents():
    frame = pd.DataFrame({"service": ["a", "a", "a", "a", "b"]})
    rates = sl.incident_rates(frame, {"a": 1000.0, "b": 100.0, "c": 100.0}, by="service", per=1000)
    # a: 4 / 1000 h = 4 per 1,000 h; b: 1 / 100 h = 10; c: 0 (upper 3.689 / 100 h = 36.9)
    assert rates.index.tolist() == ["b", "a", "c"]
    assert rates["incidents"].tolist() == [1, 4, 0]
    assert rates["rate"].tolist() == [10.0, 4.0, 0.0]
    assert rates.loc["c", "rate_high"] == pytest.approx(36.89, abs=0.01)
    assert rates.loc["b", "rate_low"] == pytest.approx(0.253, abs=0.001)


def test_rates_count_an_incident_once_per_component_it_names():
    frame = pd.DataFrame({"components": [("Actions", "Pages"), ("Actions",), ()]})
    rates = sl.incident_rates(frame, 10.0, by="components")
    assert rates["incidents"].to_dict() == {"Actions": 2, "Pages": 1}
    assert rates["rate"].to_dict() == {"Actions": 0.2, "Pages": 0.1}


def test_microcorp_rates_per_million_requests_match_plain_pandas():
    incidents = sl.load_incidents()
    requests = sl.load_requests().groupby("service")["requests"].sum()
    rates = sl.incident_rates(incidents, requests, by="service", per=1e6)
    expected = incidents["service"].value_counts().reindex(requests.index, fill_value=0) / requests * 1e6
    for service, rate in expected.items():
        assert rates.loc[service, "rate"] == pytest.approx(rate)
    assert set(rates.index) == set(sl.SERVICE_NAMES)
    # the raw count and the rate disagree: search has the most incidents but the lowest rate
    assert incidents["service"].value_counts().idxmax() == expected.idxmin() == "search"
    assert rates.index[-1] == "search"
    # and with 1-9 incidents the intervals overlap: the ranking is not established
    assert rates["rate_low"].max() < rates["rate_high"].min()


def test_rates_refuse_a_group_without_exposure_and_bad_exposure():
    frame = pd.DataFrame({"service": ["a", "b"]})
    with pytest.raises(ValueError, match="exposure must be given for every group of 'service'; got no exposure for 'b'"):
        sl.incident_rates(frame, {"a": 1.0}, by="service")
    with pytest.raises(ValueError, match="exposure must be a finite number > 0; got 0.0"):
        sl.incident_rates(frame, 0, by="service")
    with pytest.raises(ValueError, match="incidents must have the columns 'cause'"):
        sl.incident_rates(frame, 1.0, by="cause")


# --------------------------------------------------------------------------- trend

def test_trend_lists_empty_months_and_gives_poisson_intervals():
    frame = pd.DataFrame({"started_at": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-02"], utc=True)})
    trend = sl.incident_trend(frame)
    assert trend.index.tolist() == [pd.Timestamp(d, tz="UTC") for d in ("2024-01-01", "2024-02-01", "2024-03-01")]
    assert trend["incidents"].tolist() == [2, 0, 1]
    assert trend.loc[pd.Timestamp("2024-02-01", tz="UTC"), "high"] == pytest.approx(3.689, abs=1e-3)
    quarterly = sl.incident_trend(frame, freq="quarter")
    assert quarterly["incidents"].tolist() == [3]


def test_trend_of_the_real_history_covers_every_month():
    raw = _raw_github()
    raw = raw[raw["impact"] != "maintenance"]
    months = pd.to_datetime(raw["started_at"], utc=True).dt.strftime("%Y-%m").value_counts()
    incidents = sl.load_github_incidents()
    trend = sl.incident_trend(incidents[~incidents["maintenance"]])
    assert len(trend) == 54  # 2022-03 .. 2026-08
    assert trend["incidents"].sum() == 801
    by_month = dict(zip(trend.index.strftime("%Y-%m"), trend["incidents"]))
    assert all(by_month[m] == n for m, n in months.items())
    assert (trend["low"] <= trend["incidents"]).all() and (trend["incidents"] <= trend["high"]).all()


def test_trend_and_profile_find_microcorp_s_start_column():
    incidents = sl.load_incidents()
    pd.testing.assert_frame_equal(sl.incident_trend(incidents), sl.incident_trend(incidents, column="started"))
    assert sl.incident_trend(incidents)["incidents"].sum() == len(incidents)
    assert sl.start_time_profile(incidents).to_numpy().sum() == len(incidents)


# --------------------------------------------------------------------------- Pareto of budget spent

def test_pareto_by_hand():
    shares = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "budget_share": [0.1, 0.6, 0.2, 0.1, 0.0]})
    p = sl.budget_pareto(shares)
    assert p["id"].tolist() == ["b", "c", "a", "d", "e"]
    assert p["cumulative_share"].round(6).tolist() == [0.6, 0.8, 0.9, 1.0, 1.0]
    assert p["incident_fraction"].tolist() == [0.2, 0.4, 0.6, 0.8, 1.0]
    assert p["rank"].tolist() == [1, 2, 3, 4, 5]


def test_pareto_of_microcorp_reuses_the_budget_shares():
    shares = sl.incident_budget_shares(sl.load_requests(), sl.load_incidents(), slo_target=0.999, window_days=28)
    p = sl.budget_pareto(shares)
    assert len(p) == len(shares)
    assert p.loc[0, "id"] == shares.loc[shares["budget_share"].idxmax(), "id"]
    assert p["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert p.loc[0, "cumulative_share"] == pytest.approx(shares["budget_share"].max() / shares["budget_share"].sum())


def test_pareto_refuses_missing_or_negative_shares():
    with pytest.raises(ValueError, match="shares must be a DataFrame whose 'budget_share' holds numbers >= 0"):
        sl.budget_pareto(pd.DataFrame({"id": ["a"], "budget_share": [-0.1]}))
    with pytest.raises(ValueError, match="shares must have the columns 'id', 'budget_share'"):
        sl.budget_pareto(pd.DataFrame({"id": ["a"]}))


# --------------------------------------------------------------------------- impact mix, start times

def test_impact_mix_of_the_real_history():
    raw = _raw_github()
    mix = sl.impact_mix(sl.load_github_incidents())
    assert mix.index.tolist() == ["none", "minor", "major", "critical", "maintenance"]
    assert mix["incidents"].to_dict() == raw["impact"].value_counts().reindex(mix.index).to_dict()
    assert mix["share"].sum() == pytest.approx(1.0)
    for level in mix.index:
        minutes = raw.loc[raw["impact"] == level, "duration_minutes"].astype(int)
        assert mix.loc[level, "median_duration"] == pd.Timedelta(minutes=np.median(minutes))


def test_impact_mix_by_hand_without_maintenance_column():
    frame = pd.DataFrame({"impact": ["minor", "minor", "major"],
                          "duration": pd.to_timedelta([10, 30, 60], unit="min")})
    mix = sl.impact_mix(frame)
    assert mix.index.tolist() == ["none", "minor", "major", "critical"]
    assert mix.loc["minor", "median_duration"] == pd.Timedelta(minutes=20)
    assert pd.isna(mix.loc["critical", "median_duration"])


def test_start_time_profile_counts_every_start_in_utc():
    raw = _raw_github()
    started = pd.to_datetime(raw["started_at"], utc=True)
    profile = sl.start_time_profile(sl.load_github_incidents())
    assert profile.shape == (7, 24) and profile.to_numpy().sum() == 819
    assert profile.loc["Mon"].sum() == (started.dt.day_name() == "Monday").sum()
    assert profile[14].sum() == (started.dt.hour == 14).sum()


# --------------------------------------------------------------------------- views

def test_every_view_draws_titles_and_labelled_axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    incidents = sl.load_github_incidents()
    real = incidents[~incidents["maintenance"]]
    gaps = sl.time_to_declare(incidents)
    shares = sl.incident_budget_shares(sl.load_requests(), sl.load_incidents(), slo_target=0.999, window_days=28)
    axes = [
        sl.plot_duration_distribution(real["duration"], sl.duration_summary(real["duration"], rng=0)),
        sl.plot_time_to_declare(gaps, sl.duration_summary(gaps, rng=0)),
        sl.plot_incident_trend(sl.incident_trend(real, freq="quarter")),
        sl.plot_incident_rates(sl.incident_rates(real, 1.0, by="components"), unit="over the history"),
        sl.plot_budget_pareto(sl.budget_pareto(shares)),
        sl.plot_start_time_profile(sl.start_time_profile(incidents)),
    ]
    for ax in axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    # median, p90 and mean are labelled with their values (not told apart by colour alone)
    labels = axes[1].get_legend_handles_labels()[1]
    assert "median: 41 min" in labels and any(label.startswith("mean: 4.5 days") for label in labels)
    assert any("12 at or below 0 min not shown" in label for label in labels)
    plt.close("all")
