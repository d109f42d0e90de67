"""DORA's four keys (``sl.dora_metrics``, ``sl.dora_trend``) and the published bands (``sl.dora_band``).

Every expected value is worked by hand in the comment next to it; bands are checked
against the wording of the reports (2019 and 2021 read from the PDFs in
dora-team/dora.dev; 2023 from the third-party tables in ops_facts §6.5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl


def T(text):
    return pd.Timestamp(text, tz="UTC")


def log(rows, **extra):
    """rows: (commit_at, deployed_at, failed, restored_at or None)."""
    frame = pd.DataFrame(rows, columns=["commit_at", "deployed_at", "failed", "restored_at"])
    for column in ("commit_at", "deployed_at", "restored_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    for key, values in extra.items():
        frame[key] = values
    return frame


# A hand-worked week: five deployments over Mon 5 .. Fri 9 October 2026.
#   lead times: 2 h, 30 min, 26 h, 1 h, 3 h  -> sorted 0.5, 1, 2, 3, 26 -> median 2 h
#   failed: rows 2 and 4 -> 2 / 5 = 0.4
#   recovery: row 2 restored 45 min after, row 4 restored 3 h 15 min after -> median 2 h
#   calendar days: Mon 5 .. Fri 9 = 5 days -> 5 / 5 = 1.0 per day
WEEK = [
    ("2026-10-05 08:00", "2026-10-05 10:00", False, None),
    ("2026-10-06 09:00", "2026-10-06 09:30", True, "2026-10-06 10:15"),
    ("2026-10-06 12:00", "2026-10-07 14:00", False, None),
    ("2026-10-08 15:00", "2026-10-08 16:00", True, "2026-10-08 19:15"),
    ("2026-10-09 06:00", "2026-10-09 09:00", False, None),
]


def test_a_hand_worked_week():
    keys = sl.dora_metrics(log(WEEK))
    assert keys["deployment_frequency"] == 1.0 and keys["days"] == 5
    assert keys["lead_time"] == pd.Timedelta(hours=2)
    assert keys["change_failure_rate"] == 0.4
    assert keys["recovery_time"] == pd.Timedelta(hours=2)
    assert (keys["n_deployments"], keys["n_failed"], keys["n_unrestored"]) == (5, 2, 0)
    assert list(keys)[:4] == list(sl.DORA_METRICS)


def test_unsorted_rows_give_the_same_keys():
    shuffled = log(WEEK).iloc[[3, 0, 4, 2, 1]]
    reversed_ = log(WEEK).iloc[::-1].reset_index(drop=True)
    expected = sl.dora_metrics(log(WEEK))
    assert sl.dora_metrics(shuffled) == expected
    assert sl.dora_metrics(reversed_) == expected


def test_a_failed_deployment_never_restored_is_left_out_of_the_recovery_median_and_counted():
    rows = [list(r) for r in WEEK]
    rows[3][3] = None  # the 3 h 15 min failure was never restored
    keys = sl.dora_metrics(log(rows))
    # still 2 failures of 5, but only the 45-minute one has a recovery time
    assert keys["change_failure_rate"] == 0.4
    assert keys["recovery_time"] == pd.Timedelta(minutes=45)
    assert keys["n_unrestored"] == 1 and keys["n_failed"] == 2


def test_only_unrestored_failures_give_never():
    keys = sl.dora_metrics(log([("2026-10-05 08:00", "2026-10-05 09:00", True, None)]))
    assert keys["recovery_time"] is sl.NEVER and keys["n_unrestored"] == 1
    assert keys["change_failure_rate"] == 1.0


def test_no_failure_gives_never_recovery_and_zero_rate():
    keys = sl.dora_metrics(log(WEEK[:1] + WEEK[2:3]))
    assert keys["change_failure_rate"] == 0.0 and keys["recovery_time"] is sl.NEVER


def test_ties_count_every_deployment():
    # three deployments at the same minute, one of them failed; lead times 1 h, 1 h, 4 h
    rows = [("2026-10-05 09:00", "2026-10-05 10:00", False, None),
            ("2026-10-05 09:00", "2026-10-05 10:00", True, "2026-10-05 10:30"),
            ("2026-10-05 06:00", "2026-10-05 10:00", False, None)]
    keys = sl.dora_metrics(log(rows))
    assert keys["deployment_frequency"] == 3.0  # one calendar day
    assert keys["lead_time"] == pd.Timedelta(hours=1)  # median of 1, 1, 4
    assert keys["change_failure_rate"] == pytest.approx(1 / 3)
    assert keys["recovery_time"] == pd.Timedelta(minutes=30)


def test_an_even_count_takes_the_middle_of_the_two_central_values():
    # lead times 1 h and 4 h -> median 2 h 30 min; recovery 10 min and 50 min -> 30 min
    rows = [("2026-10-05 09:00", "2026-10-05 10:00", True, "2026-10-05 10:10"),
            ("2026-10-05 06:00", "2026-10-05 10:00", True, "2026-10-05 10:50")]
    keys = sl.dora_metrics(log(rows))
    assert keys["lead_time"] == pd.Timedelta(minutes=150)
    assert keys["recovery_time"] == pd.Timedelta(minutes=30)


def test_one_day_counts_as_one_day_whatever_the_hours():
    # 00:00 and 23:59 of the same UTC day: 2 deployments / 1 day
    rows = [("2026-10-05 00:00", "2026-10-05 00:00", False, None),
            ("2026-10-05 23:00", "2026-10-05 23:59", False, None)]
    keys = sl.dora_metrics(log(rows))
    assert keys["days"] == 1 and keys["deployment_frequency"] == 2.0
    assert keys["lead_time"] == pd.Timedelta(seconds=29 * 60 + 30)  # median of 0 and 59 min


def test_days_are_utc_calendar_days_even_for_other_time_zones():
    # 23:30 in New York on Oct 5 is 03:30 UTC on Oct 6; the next is Oct 7 10:00 UTC -> 2 days
    frame = pd.DataFrame({
        "commit_at": pd.to_datetime(["2026-10-05 20:00", "2026-10-07 05:00"]).tz_localize("America/New_York"),
        "deployed_at": pd.to_datetime(["2026-10-05 23:30", "2026-10-07 06:00"]).tz_localize("America/New_York"),
        "failed": [False, False], "restored_at": pd.NaT})
    keys = sl.dora_metrics(frame)
    assert keys["days"] == 2 and keys["deployment_frequency"] == 1.0


def test_text_times_naive_times_and_zero_one_flags_are_accepted():
    frame = pd.DataFrame({"commit_at": ["2026-10-05 08:00", "2026-10-06 08:00"],
                          "deployed_at": ["2026-10-05T10:00:00Z", "2026-10-06T09:00:00Z"],
                          "failed": [0, 1], "restored_at": [None, "2026-10-06 09:20"]})
    keys = sl.dora_metrics(frame)
    assert keys["lead_time"] == pd.Timedelta(minutes=90)  # median of 2 h and 1 h
    assert keys["recovery_time"] == pd.Timedelta(minutes=20)
    assert keys["days"] == 2


def test_the_input_is_not_modified():
    frame = log(WEEK).iloc[::-1]
    before = frame.copy()
    sl.dora_metrics(frame)
    pd.testing.assert_frame_equal(frame, before)


# --------------------------------------------------------------------------- refusals
def test_refuses_a_missing_column():
    with pytest.raises(ValueError, match=r"^deployments must have the columns 'commit_at', 'deployed_at', "
                                         r"'failed', 'restored_at'; got a DataFrame without 'restored_at'\.$"):
        sl.dora_metrics(log(WEEK).drop(columns="restored_at"))
    with pytest.raises(TypeError, match=r"^deployments must be a DataFrame"):
        sl.dora_metrics([1, 2, 3])


def test_refuses_a_deploy_before_its_commit_naming_column_rule_row_value_and_hint():
    rows = [list(r) for r in WEEK]
    rows[2][0], rows[2][1] = rows[2][1], rows[2][0]  # swapped by mistake
    with pytest.raises(ValueError) as info:
        sl.dora_metrics(log(rows))
    assert str(info.value) == (
        "deployments['deployed_at'] must be at or after commit_at (a change is deployed after it is "
        "committed); got 2026-10-06 12:00:00+00:00 before commit_at 2026-10-07 14:00:00+00:00 in row 2. "
        "Check the two columns are not swapped and are in the same time zone.")


def test_refuses_restored_before_deployed():
    rows = [list(r) for r in WEEK]
    rows[1][3] = "2026-10-06 09:00"  # 30 min before its deployment
    with pytest.raises(ValueError, match=r"^deployments\['restored_at'\] must be at or after deployed_at .*"
                                         r"got 2026-10-06 09:00:00\+00:00 before deployed_at "
                                         r"2026-10-06 09:30:00\+00:00 in row 1\. Check the two columns"):
        sl.dora_metrics(log(rows))


def test_refuses_restored_at_on_a_deployment_that_did_not_fail():
    rows = [list(r) for r in WEEK]
    rows[0][3] = "2026-10-05 11:00"
    with pytest.raises(ValueError, match=r"^deployments\['restored_at'\] must be empty \(NaT\) where failed is "
                                         r"False; got .* in row 0\. Only failed deployments are restored"):
        sl.dora_metrics(log(rows))


def test_refuses_an_empty_log_bad_flags_and_bad_times():
    with pytest.raises(ValueError, match=r"^deployments must be a log with at least one deployment"):
        sl.dora_metrics(log([]))
    with pytest.raises(TypeError, match=r"^deployments\['failed'\] must be True or False in every row; "
                                        r"got 'no'\. Row 0: mark a failed deployment True"):
        sl.dora_metrics(log(WEEK, failed=["no", "yes", "no", "no", "no"]))
    with pytest.raises(ValueError, match=r"^deployments\['commit_at'\] must be times .*; got 'yesterday'\. "
                                         r"Convert it with pd.to_datetime"):
        sl.dora_metrics(log(WEEK).assign(commit_at=["yesterday"] * 5))
    with pytest.raises(ValueError, match=r"^deployments\['deployed_at'\] must be a time in every row; "
                                         r"got an empty value in row 3\."):
        sl.dora_metrics(log(WEEK).assign(deployed_at=lambda f: f["deployed_at"].where(f.index != 3)))
    with pytest.raises(TypeError, match=r"^deployments\['deployed_at'\] must be times .* got a column of int64\."):
        sl.dora_metrics(log(WEEK).assign(deployed_at=[1, 2, 3, 4, 5]))


# --------------------------------------------------------------------------- trend
def test_trend_per_month_counts_every_day_of_the_month_and_shows_quiet_months():
    # team a: Aug 31 and Oct 1, Oct 2 (Sep has none); team b: Sep 15 only
    frame = log([("2026-08-31 08:00", "2026-08-31 10:00", False, None),
                 ("2026-10-01 08:00", "2026-10-01 09:00", True, "2026-10-01 11:00"),
                 ("2026-10-02 08:00", "2026-10-02 12:00", False, None),
                 ("2026-09-15 08:00", "2026-09-15 08:30", False, None)],
                team=["a", "a", "a", "b"])
    trend = sl.dora_trend(frame, period="month", by="team")
    # the log covers Aug 31 .. Oct 2: August is 1 day, September 30, October 2
    a = trend[trend["team"] == "a"]
    assert a["days"].tolist() == [1, 30, 2]
    assert a["n_deployments"].tolist() == [1, 0, 2]
    assert a["deployment_frequency"].tolist() == [1.0, 0.0, 1.0]
    assert a["lead_time"].iloc[0] == pd.Timedelta(hours=2) and a["lead_time"].iloc[1] is pd.NaT
    assert a["lead_time"].iloc[2] == pd.Timedelta(hours=2.5)  # median of 1 h and 4 h
    assert np.isnan(a["change_failure_rate"].iloc[1]) and a["change_failure_rate"].iloc[2] == 0.5
    assert a["recovery_time"].iloc[2] == pd.Timedelta(hours=2)
    b = trend[trend["team"] == "b"]
    assert b["n_deployments"].tolist() == [0, 1, 0]
    assert b["deployment_frequency"].iloc[1] == pytest.approx(1 / 30)
    assert trend["period_start"].iloc[1] == T("2026-09-01") and trend["period_end"].iloc[1] == T("2026-09-30")


def test_trend_weeks_run_monday_to_sunday():
    # Sun Oct 4 and Mon Oct 5 fall in two ISO weeks
    frame = log([("2026-10-04 08:00", "2026-10-04 09:00", False, None),
                 ("2026-10-05 08:00", "2026-10-05 09:00", False, None)])
    trend = sl.dora_trend(frame, period="week", by=None)
    assert trend["n_deployments"].tolist() == [1, 1]
    assert trend["period_start"].tolist() == [T("2026-10-04"), T("2026-10-05")]
    assert trend["days"].tolist() == [1, 1]
    assert "team" not in trend.columns


def test_trend_of_a_whole_quarter_agrees_with_the_keys_of_the_quarter():
    deployments = sl.load_deployments()
    search = deployments[deployments["team"] == "search"]
    trend = sl.dora_trend(search, period="quarter", by=None)
    # Aug 3 .. Sep 30 in Q3 and Oct 1 .. Oct 30 in Q4: the two rows add up to the log
    assert trend["n_deployments"].sum() == len(search)
    assert trend["days"].sum() == sl.dora_metrics(search)["days"]


def test_trend_refuses_unknown_period_and_missing_group_column():
    with pytest.raises(ValueError, match=r"^period must be one of 'week', 'month', 'quarter'; got 'year'"):
        sl.dora_trend(log(WEEK), period="year", by=None)
    with pytest.raises(ValueError, match=r"got a DataFrame without 'team'"):
        sl.dora_trend(log(WEEK))


# --------------------------------------------------------------------------- bands
def test_bands_hold_every_edition_tier_and_metric_once_with_a_source():
    bands = sl.DORA_BANDS
    assert set(bands["edition"]) == set(sl.DORA_EDITIONS) == {2019, 2021, 2023}
    assert len(bands) == 3 * 4 * 4
    assert not bands.duplicated(["edition", "tier", "metric"]).any()
    assert bands["source"].str.contains("State of DevOps Report").all()
    assert all(str(edition) in source for edition, source in zip(bands["edition"], bands["source"]))
    assert (bands["lower"] <= bands["upper"]).all()
    assert set(bands.loc[bands["edition"] < 2023, "read_from"]) == {"primary"}


def test_bands_quote_the_2019_report():
    b = sl.DORA_BANDS.set_index(["edition", "tier", "metric"])
    # 2019 report p. 18: elite on-demand, lead time < 1 day, restore < 1 hour, CFR 0-15 %; low CFR 46-60 %
    assert b.loc[(2019, "elite", "lead_time"), "upper"] == 24
    assert b.loc[(2019, "elite", "recovery_time"), "upper"] == 1
    assert b.loc[(2019, "low", "change_failure_rate"), "published"] == "46-60%"
    assert b.loc[(2019, "low", "lead_time"), ["lower", "upper"]].tolist() == [730, 4380]
    assert b.loc[(2019, "high", "deployment_frequency"), ["lower", "upper"]].tolist() == [1 / 7, 1.0]


def test_bands_record_the_changes_between_editions():
    b = sl.DORA_BANDS.set_index(["edition", "tier", "metric"])
    # elite lead time: less than one day (2019) -> less than one hour (2021)
    assert b.loc[(2021, "elite", "lead_time"), "upper"] == 1
    # low change failure rate: 46-60 % (2019) -> 16-30 % (2021) -> a typical 64 % (2023)
    assert b.loc[(2021, "low", "change_failure_rate"), "published"] == "16%-30%"
    assert b.loc[(2023, "low", "change_failure_rate"), "lower"] == 0.64
    # low deploy frequency: once a month..six months (2019) -> fewer than once per six months (2021)
    assert b.loc[(2021, "low", "deployment_frequency"), "upper"] == pytest.approx(24 / 4380)
    # the 2023 low tier is disputed between sources, and says so
    assert "disagree" in b.loc[(2023, "low", "deployment_frequency"), "note"]
    assert "disagree" in b.loc[(2023, "low", "lead_time"), "note"]


def test_band_placement_by_hand():
    keys = {"deployment_frequency": 0.5, "lead_time": pd.Timedelta(days=3),
            "change_failure_rate": 0.3, "recovery_time": pd.Timedelta(days=3)}
    # 2019: every other day -> high (daily..weekly); 3 days lead -> high; 30 % -> no band (16-45 %);
    # 3 days recovery -> between medium (< 1 day) and low (1 week .. 1 month)
    b2019 = sl.dora_band(keys, edition=2019)
    assert b2019["tier"].tolist() == ["high", "high", None, None]
    assert b2019.loc["change_failure_rate", "placement"] == "between medium and low (no cluster's band holds it)"
    assert b2019.loc["recovery_time", "placement"] == "between medium and low (no cluster's band holds it)"
    # 2021: every other day is in no band (elite multiple a day, high weekly..monthly); 30 % -> high, medium or low
    b2021 = sl.dora_band(keys, edition=2021)
    assert b2021.loc["deployment_frequency", "placement"] == "between elite and high (no cluster's band holds it)"
    assert b2021.loc["change_failure_rate", "tiers"] == ("high", "medium", "low")
    assert b2021.loc["recovery_time", "tier"] == "medium"  # one day .. one week
    # 2023: 30 % is nearer 15 % (medium) than 64 % (low)
    b2023 = sl.dora_band(keys, edition=2023)
    assert b2023.loc["change_failure_rate", "placement"] == "nearest typical value: medium (15%)"
    assert b2023.loc["recovery_time", "tier"] == "medium"


def test_band_edges_lower_inclusive_upper_exclusive_and_worse_than_all():
    keys = {"deployment_frequency": 1.0, "lead_time": pd.Timedelta(hours=24),
            "change_failure_rate": 0.0, "recovery_time": pd.Timedelta(days=400)}
    b = sl.dora_band(keys, edition=2019)
    assert b.loc["deployment_frequency", "tier"] == "elite"  # once a day: the edge, counted elite
    assert b.loc["lead_time", "tier"] == "high"  # exactly one day is no longer "less than one day"
    assert b.loc["recovery_time", "placement"] == "worse than every cluster"


def test_band_refusals():
    keys = {"deployment_frequency": 1.0, "lead_time": pd.Timedelta(hours=1),
            "change_failure_rate": 0.1, "recovery_time": pd.Timedelta(hours=1)}
    with pytest.raises(ValueError, match=r"^edition must be one of 2019, 2021, 2023; got 2020"):
        sl.dora_band(keys, edition=2020)
    with pytest.raises(ValueError, match=r"change_failure_rate'\] must be a fraction in \[0, 1\]; got 15.0\. "
                                         r"Write 15% as 0.15"):
        sl.dora_band({**keys, "change_failure_rate": 15.0})
    with pytest.raises(TypeError, match=r"lead_time'\] must be a duration"):
        sl.dora_band({**keys, "lead_time": 3.0})
    with pytest.raises(ValueError, match=r"without 'recovery_time'"):
        sl.dora_band({k: v for k, v in keys.items() if k != "recovery_time"})


def test_microcorp_teams_land_where_the_story_needs():
    deployments = sl.load_deployments()
    tiers = {team: sl.dora_band(sl.dora_metrics(g), edition=2019)["tier"].tolist()
             for team, g in deployments.groupby("team")}
    assert tiers["search"] == ["elite"] * 4
    assert tiers["orders"] == ["high", "high", "elite", "high"]  # 12.5 % CFR is in the shared 0-15 % band
    assert tiers["payments"][:2] == ["high", "low"] and tiers["payments"][2:] == [None, None]


# --------------------------------------------------------------------------- a chosen period
def test_a_chosen_period_keeps_its_deployments_and_divides_by_its_days():
    # Tue 6 .. Thu 8 Oct: rows 1, 2 (deployed Wed 7) and 3 -> 3 deployments / 3 days
    keys = sl.dora_metrics(log(WEEK), start="2026-10-06", end="2026-10-08")
    assert (keys["n_deployments"], keys["days"], keys["deployment_frequency"]) == (3, 3, 1.0)
    assert keys["lead_time"] == pd.Timedelta(hours=1)  # median of 30 min, 26 h, 1 h
    assert keys["change_failure_rate"] == pytest.approx(2 / 3)
    # a whole week around the log: 5 deployments / 7 days
    keys = sl.dora_metrics(log(WEEK), start="2026-10-05", end="2026-10-11")
    assert keys["deployment_frequency"] == pytest.approx(5 / 7)


def test_a_quiet_period_is_zero_per_day_with_empty_keys():
    keys = sl.dora_metrics(log(WEEK), start="2026-10-10", end="2026-10-11")
    assert keys["deployment_frequency"] == 0.0 and keys["days"] == 2 and keys["n_deployments"] == 0
    assert keys["lead_time"] is sl.NEVER and np.isnan(keys["change_failure_rate"])


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match=r"^end must be on or after start; got '2026-10-04'\. "
                                         r"The period starts on 2026-10-05\."):
        sl.dora_metrics(log(WEEK), start="2026-10-05", end="2026-10-04")
    with pytest.raises(TypeError, match=r"^start must be a date such as '2026-10-05'; got 5"):
        sl.dora_metrics(log(WEEK), start=5)


# --------------------------------------------------------------------------- properties
from hypothesis import given, settings, strategies as st  # noqa: E402

_rows = st.lists(
    st.tuples(st.integers(0, 60 * 24 * 90),   # commit minute within a quarter
              st.integers(0, 60 * 24 * 30),   # lead time, minutes
              st.booleans(),
              st.one_of(st.none(), st.integers(0, 60 * 24 * 10))),  # recovery, minutes (None: never)
    min_size=1, max_size=40)


def _frame(rows):
    base = pd.Timestamp("2026-08-03", tz="UTC")
    minutes = lambda m: pd.Timedelta(minutes=m)  # noqa: E731
    return pd.DataFrame({
        "commit_at": [base + minutes(c) for c, _, _, _ in rows],
        "deployed_at": [base + minutes(c + lead) for c, lead, _, _ in rows],
        "failed": [f for _, _, f, _ in rows],
        "restored_at": pd.to_datetime([base + minutes(c + lead + r) if f and r is not None else None
                                       for c, lead, f, r in rows], utc=True),
    })


@settings(max_examples=60, deadline=None)
@given(_rows, st.randoms())
def test_keys_do_not_depend_on_row_order_and_stay_in_range(rows, random):
    frame = _frame(rows)
    keys = sl.dora_metrics(frame)
    shuffled = frame.sample(frac=1, random_state=random.randint(0, 2**31))
    assert sl.dora_metrics(shuffled) == keys
    assert keys["deployment_frequency"] == len(rows) / keys["days"]
    assert 0 <= keys["change_failure_rate"] <= 1
    assert keys["n_failed"] == sum(f for _, _, f, _ in rows)
    assert keys["lead_time"] >= pd.Timedelta(0)
    leads = sorted(lead for _, lead, _, _ in rows)
    assert leads[0] <= keys["lead_time"] / pd.Timedelta(minutes=1) <= leads[-1]
    restored = [r for _, _, f, r in rows if f and r is not None]
    assert keys["n_unrestored"] == keys["n_failed"] - len(restored)
    if restored:
        assert min(restored) <= keys["recovery_time"] / pd.Timedelta(minutes=1) <= max(restored)
    else:
        assert keys["recovery_time"] is sl.NEVER


@settings(max_examples=30, deadline=None)
@given(_rows)
def test_monthly_trend_adds_up_to_the_log(rows):
    frame = _frame(rows)
    trend = sl.dora_trend(frame, period="month", by=None)
    keys = sl.dora_metrics(frame)
    assert trend["n_deployments"].sum() == keys["n_deployments"]
    assert trend["n_failed"].sum() == keys["n_failed"]
    assert trend["days"].sum() == keys["days"]


def test_float_flags_are_read_and_a_missing_flag_is_refused_with_its_row():
    frame = log(WEEK).assign(failed=[0.0, 1.0, 0.0, 1.0, 0.0])
    assert sl.dora_metrics(frame)["change_failure_rate"] == 0.4
    with pytest.raises(TypeError, match=r"got nan\. Row 3: mark a failed deployment True"):
        sl.dora_metrics(frame.assign(failed=[0.0, 1.0, 0.0, np.nan, 0.0]))
    with pytest.raises(TypeError, match=r"^deployments\['commit_at'\] must be times .*; got 1\. Numbers are not times"):
        sl.dora_metrics(frame.assign(commit_at=[1, "2026-10-06 09:00", "2026-10-06 12:00", "2026-10-08 15:00",
                                                "2026-10-09 06:00"]))
