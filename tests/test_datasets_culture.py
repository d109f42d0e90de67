"""Section 5's data files: the deployment log and the work log, one world with the incidents.

Every expected value is computed here with plain pandas on the loaded frames (or
read off the CSV text), never with the library's DORA or toil functions.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl
from sre_lab import datasets

CHANGE_TRIGGERS = ["Binary push", "Configuration push"]
QUARTER = (pd.Timestamp("2026-08-03", tz="UTC"), pd.Timestamp("2026-11-02", tz="UTC"))
SHIPPED = datasets.data_dir()  # the files as shipped (tests below point the loaders elsewhere)


@pytest.fixture(scope="module")
def deployments():
    return sl.load_deployments()


@pytest.fixture(scope="module")
def work():
    return sl.load_work_log()


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rebuild_gives_identical_bytes_for_the_section_5_files(tmp_path):
    datasets.build(tmp_path)
    for name in (datasets.DEPLOYMENTS_FILE, datasets.WORK_LOG_FILE):
        assert _sha(tmp_path / name) == _sha(datasets.data_dir() / name), name
    # the other generated files did not change by adding these two
    for name in (datasets.REQUESTS_FILE, datasets.INCIDENTS_FILE, datasets.HISTORY_FILE):
        assert _sha(tmp_path / name) == _sha(datasets.data_dir() / name), name
    assert set(datasets.GENERATED_FILES) == {p.name for p in tmp_path.iterdir()}


# --------------------------------------------------------------------------- deployments
def test_deployments_schema_and_types(deployments):
    assert list(deployments.columns) == ["deploy_id", "team", "service", "change_kind", "commit_at",
                                         "deployed_at", "failed", "restored_at", "incident_id",
                                         "caused_incident"]
    for column in ("commit_at", "deployed_at", "restored_at"):
        assert str(deployments[column].dt.tz) == "UTC", column
    assert deployments["failed"].dtype == bool and deployments["caused_incident"].dtype == bool
    assert deployments["deploy_id"].tolist() == [f"DEP-{i:04d}" for i in range(1, len(deployments) + 1)]
    assert deployments["deployed_at"].is_monotonic_increasing
    assert set(deployments["change_kind"]) == {"binary", "config"}


def test_deployments_cover_the_quarter_on_weekdays(deployments):
    deployed = deployments["deployed_at"]
    assert deployed.min() >= QUARTER[0] and deployed.max() < QUARTER[1]
    assert (deployed.dt.day_of_week < 5).all()
    # a quarter: every team deploys in August and in the last week of October
    for team, group in deployments.groupby("team"):
        assert group["deployed_at"].min() < pd.Timestamp("2026-09-01", tz="UTC"), team
        assert group["deployed_at"].max() >= pd.Timestamp("2026-10-26", tz="UTC"), team


def test_teams_are_the_service_owners(deployments):
    owners = deployments["service"].map(dict(sl.SERVICE_TEAMS))
    assert (owners == deployments["team"]).all()
    assert sorted(deployments["team"].unique()) == ["orders", "payments", "search"]


def test_order_rules_hold_in_every_row(deployments):
    d = deployments
    assert (d["deployed_at"] >= d["commit_at"]).all()
    failed = d[d["failed"]]
    assert (failed["restored_at"] >= failed["deployed_at"]).all()
    assert d.loc[~d["failed"], "restored_at"].isna().all()
    assert not (d["caused_incident"] & ~d["failed"]).any()


def test_every_change_incident_has_exactly_one_failed_deploy_just_before_it(deployments):
    incidents = sl.load_incidents()
    change = incidents[incidents["trigger"].isin(CHANGE_TRIGGERS)]
    assert change["id"].tolist() == ["INC-001", "INC-005", "INC-010", "INC-012", "INC-014"]
    linked = deployments[deployments["incident_id"].notna()]
    assert sorted(linked["incident_id"]) == change["id"].tolist()  # exactly one each, no other
    for _, inc in change.iterrows():
        dep = linked[linked["incident_id"] == inc["id"]].iloc[0]
        assert dep["service"] == inc["service"] and dep["failed"] and dep["caused_incident"]
        gap = inc["started"] - dep["deployed_at"]
        assert pd.Timedelta(minutes=3) <= gap <= pd.Timedelta(minutes=25), inc["id"]
        # restored when the incident was mitigated (users stop being hurt)
        assert dep["restored_at"] == inc["mitigated"], inc["id"]
        kind = "config" if inc["trigger"] == "Configuration push" else "binary"
        assert dep["change_kind"] == kind
        # no other deployment of that service between the failed one and the incident
        between = deployments[(deployments["service"] == inc["service"])
                              & (deployments["deployed_at"] > dep["deployed_at"])
                              & (deployments["deployed_at"] <= inc["started"])]
        assert between.empty, inc["id"]


def test_planted_bad_release_is_payments_failed_binary_push(deployments):
    dep = deployments.set_index("incident_id").loc["INC-012"]
    assert dep["team"] == "payments" and dep["change_kind"] == "binary"
    assert dep["restored_at"] == pd.Timestamp("2026-10-30 19:00", tz="UTC")


def test_incidents_that_are_not_changes_have_no_deploy(deployments):
    incidents = sl.load_incidents()
    other = set(incidents.loc[~incidents["trigger"].isin(CHANGE_TRIGGERS), "id"])
    assert not other & set(deployments["incident_id"].dropna())


def test_per_team_keys_by_plain_pandas_match_the_datasheet(deployments):
    # The datasheet's table, recomputed without sl.dora_metrics.
    expected = {  # team: (deployments, days, median lead time, failed, median recovery)
        "search": (387, 89, "2h04min", 17, "39min"),
        "orders": (80, 89, "2 days 12h51min30s", 10, "2h03min"),
        "payments": (19, 80, "44 days 01h25min", 8, "1 day 07h20min"),
    }
    for team, (n, days, lead, n_failed, recovery) in expected.items():
        g = deployments[deployments["team"] == team]
        span = (g["deployed_at"].dt.normalize().max() - g["deployed_at"].dt.normalize().min()).days + 1
        assert (len(g), span) == (n, days)
        assert (g["deployed_at"] - g["commit_at"]).median() == pd.Timedelta(lead)
        assert int(g["failed"].sum()) == n_failed
        f = g[g["failed"]]
        assert (f["restored_at"] - f["deployed_at"]).median() == pd.Timedelta(recovery)
        keys = sl.dora_metrics(g)
        assert keys["deployment_frequency"] == pytest.approx(n / days)
        assert keys["change_failure_rate"] == pytest.approx(n_failed / n)
        assert keys["lead_time"] == pd.Timedelta(lead) and keys["recovery_time"] == pd.Timedelta(recovery)


def test_teams_differ_as_the_story_needs(deployments):
    keys = {team: sl.dora_metrics(g) for team, g in deployments.groupby("team")}
    assert keys["search"]["deployment_frequency"] > 1  # several a day
    assert keys["search"]["lead_time"] < pd.Timedelta(days=1)
    assert keys["search"]["change_failure_rate"] < 0.05
    assert keys["search"]["recovery_time"] < pd.Timedelta(hours=1)
    assert keys["payments"]["lead_time"] > pd.Timedelta(days=30)
    assert keys["payments"]["change_failure_rate"] > 0.40


# --------------------------------------------------------------------------- work log
def test_work_log_schema(work):
    assert list(work.columns) == ["date", "engineer", "team", "kind", "task", "service", "minutes",
                                  "incident_id", "deploy_id"]
    assert str(work["date"].dt.tz) == "UTC"
    assert (work["date"] == work["date"].dt.normalize()).all()
    assert work["date"].min() == QUARTER[0] and work["date"].max() == pd.Timestamp("2026-11-01", tz="UTC")
    assert work["minutes"].dtype == np.int64 and (work["minutes"] > 0).all()
    assert work["task"].isin(sl.WORK_TASKS.index).all()
    assert (work["task"].map(sl.WORK_TASKS["kind"]) == work["kind"]).all()


def test_engineers_and_teams(work):
    pairs = set(map(tuple, work[["engineer", "team"]].drop_duplicates().to_numpy()))
    assert pairs == set(sl.ENGINEERS)
    assert len(sl.ENGINEERS) == 10 and ("Carlos", "orders") in pairs


def test_work_tasks_carry_the_six_toil_traits_as_booleans():
    traits = ["manual", "repetitive", "automatable", "tactical", "no_enduring_value", "scales_with_service"]
    tasks = sl.WORK_TASKS
    assert tasks.index.name == "task"
    for trait in traits:
        assert tasks[trait].dtype == bool, trait
    all_six = tasks[traits].all(axis=1)
    assert sorted(tasks.index[all_six]) == sorted([
        "non-actionable page", "access request", "restart stuck job", "certificate renewal",
        "capacity change", "release steps", "rollback or hotfix"])
    # overhead is not toil (SRE book ch. 5): meetings lack automatable/tactical/...
    assert not all_six["team meeting"] and not tasks.loc["engineering project", traits].any()
    assert tasks[traits].sum(axis=1)["incident response"] == 5


def test_weekdays_hold_a_full_day_and_weekends_only_pages(work):
    day = work.groupby(["engineer", "date"])["minutes"].sum().reset_index()
    weekday = day[day["date"].dt.day_of_week < 5]
    # 10 engineers x 65 weekdays, each at least the 480-minute day
    assert len(weekday) == 10 * 65 and (weekday["minutes"] >= 480).all()
    weekend = work[work["date"].dt.day_of_week >= 5]
    assert set(weekend["kind"]) <= {"page"}


def test_every_incident_of_the_28_days_paged_its_team_on_the_day_it_was_detected(work):
    incidents = sl.load_incidents()
    pages = work[work["task"] == "incident response"].dropna(subset=["incident_id"])
    assert sorted(pages["incident_id"]) == incidents["id"].tolist()
    merged = pages.merge(incidents, left_on="incident_id", right_on="id", suffixes=("", "_inc"))
    assert (merged["date"] == merged["detected"].dt.normalize()).all()
    assert (merged["service"] == merged["service_inc"]).all()
    assert (merged["team"] == merged["service"].map(dict(sl.SERVICE_TEAMS))).all()
    expected = ((merged["mitigated"] - merged["acknowledged"]).dt.total_seconds() / 60 + 15).clip(upper=480)
    assert (merged["minutes"] == expected.round().astype(int)).all()


def test_one_on_call_per_team_and_week(work):
    pages = work[work["kind"] == "page"]
    week = (pages["date"] - QUARTER[0]).dt.days // 7
    per_week = pages.assign(week=week).groupby(["team", "week"])["engineer"].nunique()
    assert (per_week == 1).all()


def test_release_work_follows_the_deployment_log(work, deployments):
    releases = work[work["task"] == "release steps"]
    shipped = deployments[deployments["team"].isin(["orders", "payments"])]
    assert sorted(releases["deploy_id"]) == sorted(shipped["deploy_id"])
    rollbacks = work[work["task"] == "rollback or hotfix"]
    assert sorted(rollbacks["deploy_id"]) == sorted(deployments.loc[deployments["failed"], "deploy_id"])
    assert not (releases["team"] == "search").any()


def test_carlos_toils_most_by_the_six_traits(work):
    traits = ["manual", "repetitive", "automatable", "tactical", "no_enduring_value", "scales_with_service"]
    toil = work["task"].map(sl.WORK_TASKS[traits].all(axis=1))
    share = (work["minutes"] * toil).groupby(work["engineer"]).sum() / work.groupby("engineer")["minutes"].sum()
    assert share.idxmax() == "Carlos" and share["Carlos"] > 0.5
    assert share.drop("Carlos").max() < 0.5
    assert share[["Kwame", "Lena", "Yuki"]].max() < share[["Mei", "Tomás", "Grace"]].min()


# --------------------------------------------------------------------------- loaders
def test_loaders_return_copies(deployments):
    first = sl.load_deployments()
    first["failed"] = True
    assert not sl.load_deployments()["failed"].all()
    work = sl.load_work_log()
    work["minutes"] = 0
    assert sl.load_work_log()["minutes"].sum() > 0


def _broken(tmp_path, monkeypatch, name, old, new):
    text = (SHIPPED / name).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setenv("SRE_LAB_DATA_DIR", str(tmp_path))


def test_a_deploy_before_its_commit_is_refused_with_line_and_value(tmp_path, monkeypatch):
    _broken(tmp_path, monkeypatch, datasets.DEPLOYMENTS_FILE,
            "DEP-0001,orders,checkout,config,2026-07-31T12:46:00Z",
            "DEP-0001,orders,checkout,config,2026-09-30T12:46:00Z")
    with pytest.raises(ValueError, match=r"deployments.csv .*line 2: deployed_at must be at or after "
                                         r"commit_at; got '2026-08-03T13:57:00Z'"):
        sl.load_deployments()


def test_a_bad_flag_and_a_bad_time_are_refused(tmp_path, monkeypatch):
    _broken(tmp_path, monkeypatch, datasets.DEPLOYMENTS_FILE, "2026-08-03T13:57:00Z,False", "2026-08-03T13:57:00Z,no")
    with pytest.raises(ValueError, match=r"line 2: failed must be True or False; got 'no'"):
        sl.load_deployments()
    _broken(tmp_path, monkeypatch, datasets.WORK_LOG_FILE, "2026-08-03,Carlos", "2026-13-03,Carlos")
    with pytest.raises(ValueError, match=r"work_log.csv .*line 2: date must be a day such as '2026-10-05'; "
                                         r"got '2026-13-03'"):
        sl.load_work_log()


def test_an_unknown_task_is_refused(tmp_path, monkeypatch):
    _broken(tmp_path, monkeypatch, datasets.WORK_LOG_FILE, "ticket,access request", "ticket,coffee")
    with pytest.raises(ValueError, match=r"line 2: task must be a task of sl.WORK_TASKS; got 'coffee'"):
        sl.load_work_log()


def test_missing_files_say_how_to_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("SRE_LAB_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="python -m sre_lab.datasets build"):
        sl.load_deployments()
    with pytest.raises(FileNotFoundError, match="python -m sre_lab.datasets build"):
        sl.load_work_log()
