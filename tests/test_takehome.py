"""The capstone's take-home kit (sre_lab.capstone.takehome): the four templates as files.

Oracles:
* hand calculations: 0.1 % of 30 days is 43.2 minutes (43 min 12 s), 0.05 % is
  21.6 minutes (21 min 36 s); budgets in requests from plain pandas on the daily
  history CSV; game days 28 days apart from Monday 2027-01-04 (2027-02-01,
  2027-03-01, 2027-03-29, 2027-04-26); the chaos budget cap 20 % x 0.1 % x 420
  requests a minute x 1,440 x 30 days = 3,628.8 failed checkouts;
* yaml.safe_load for the OpenSLO and Prometheus files, pandas for the CSV;
* the bill priced independently with sl.telemetry_volumes + sl.monthly_bill;
* the real Chaos Toolkit CLI: ``chaos validate`` on every written experiment
  (the helper of tests/test_chaos.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import pandas as pd
import pytest
import yaml

import sre_lab as sl
from sre_lab.capstone.quarter import PHASES, QuarterPlan
from sre_lab.capstone.takehome import (TakeHomeKit, chaos_plan, cost_by_team, incident_checklist,
                                       take_home_kit)
from sre_lab.cost.chargeback import SERVICE_TEAMS
from test_chaos import _chaos

EXPERIMENTS = ["payment-bad-instance", "search-outage", "search-outage-fallback",
               "notifications-outage"]
DEFAULT_SLOS = ["checkout-availability", "checkout-latency", "payment-availability",
                "search-availability"]


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return take_home_kit(plan=PHASES[4], folder=tmp_path_factory.mktemp("kit") / "take_home")


def _read(kit, name):
    return (kit.folder / name).read_text(encoding="utf-8")


# -- the files ---------------------------------------------------------------------------------------
def test_every_file_is_written_non_empty_and_listed_in_order(kit):
    expected = (["slo_definitions.md"] + [f"openslo/{n}.yaml" for n in DEFAULT_SLOS]
                + [f"prometheus/{n}.yml" for n in DEFAULT_SLOS if n.endswith("availability")]
                + ["incident_checklist.md", "cost_by_team.csv", "chaos_plan.md"]
                + [f"chaos/{n}.json" for n in EXPERIMENTS] + ["README.md"])
    assert [f.as_posix() for f in kit.files] == expected
    on_disk = sorted(p.relative_to(kit.folder).as_posix() for p in kit.folder.rglob("*") if p.is_file())
    assert on_disk == sorted(expected)
    for name in expected:
        assert (kit.folder / name).stat().st_size > 0, name
    assert kit.folder.is_absolute()


def test_the_readme_indexes_every_file(kit):
    readme = _read(kit, "README.md")
    for f in kit.files:
        assert f"`{f.as_posix()}`" in readme
    assert "chaos validate" in readme and "promtool check rules" in readme


def test_a_rerun_overwrites_with_the_same_bytes(kit):
    before = {f: (kit.folder / f).read_bytes() for f in kit.files}
    again = take_home_kit(plan=PHASES[4], folder=kit.folder)
    assert again.files == kit.files
    assert {f: (kit.folder / f).read_bytes() for f in again.files} == before


def test_the_kit_shows_its_files_with_sizes(kit):
    assert repr(kit) == f"TakeHomeKit(folder={str(kit.folder)!r}, files=16)"
    markdown, page = kit._repr_markdown_(), kit._repr_html_()
    size = (kit.folder / "chaos_plan.md").stat().st_size
    assert f"`chaos_plan.md` | {size / 1024:,.1f} KB |" in markdown
    for f in kit.files:
        assert f"`{f.as_posix()}`" in markdown
        assert f"<code>{f.as_posix()}</code>" in page
    assert isinstance(kit, TakeHomeKit)
    with pytest.raises(dataclasses.FrozenInstanceError):
        kit.folder = None


# -- 1. SLO definitions -------------------------------------------------------------------------------
def test_the_slo_documents_state_the_budget_worked_out_by_hand(kit):
    text = _read(kit, "slo_definitions.md")
    assert text.count("# SLO: ") == 4
    assert "# SLO: checkout availability" in text and "# SLO: checkout latency ≤ 1000 ms" in text
    # 0.1 % of 30 days = 0.001 x 43,200 min = 43.2 min = 43 min 12 s, for every one of the four
    assert text.count("43 min 12 s") == 4
    # checkout's budget in requests: 0.1 % of 30 mean days of the last year (plain pandas)
    history = sl.load_daily_history()
    checkout = history.loc[history["service"] == "checkout", "requests"].mean()
    assert f"{0.001 * 30 * checkout:,.0f} failed requests per window" in text
    assert "| **Owner** | orders team |" in text and "| **Owner** | payments team |" in text
    assert "| **Review date** | 2027-03-29 |" in text      # 2027-01-04 + 12 weeks


def test_the_openslo_files_parse_with_the_plans_target(kit):
    for name in DEFAULT_SLOS:
        doc = yaml.safe_load(_read(kit, f"openslo/{name}.yaml"))
        assert (doc["apiVersion"], doc["kind"], doc["metadata"]["name"]) == ("openslo/v1", "SLO", name)
        assert doc["spec"]["objectives"][0]["target"] == 0.999
        assert doc["spec"]["timeWindow"] == [{"duration": "30d", "isRolling": True}]
        assert doc["spec"]["service"] == name.split("-")[0]
    latency = yaml.safe_load(_read(kit, "openslo/checkout-latency.yaml"))
    good = latency["spec"]["indicator"]["spec"]["ratioMetric"]["good"]["metricSource"]["spec"]["query"]
    assert 'le="1"' in good      # 1,000 ms, the capstone's slow_ms, in seconds


def test_the_prometheus_rules_page_on_the_workbooks_burn_rates(kit):
    for name in ("checkout-availability", "payment-availability", "search-availability"):
        doc = yaml.safe_load(_read(kit, f"prometheus/{name}.yml"))
        alerts = [r for g in doc["groups"] for r in g["rules"] if "alert" in r]
        # the Workbook's three rules at 99.9 %: burn rates 14.4, 6 and 1 times 0.1 %
        assert [a["expr"].count(f"> {rate} * 0.001") for a, rate in zip(alerts, ("14.4", "6", "1"))] \
            == [2, 2, 2]
        records = [r["expr"] for g in doc["groups"] for r in g["rules"] if "record" in r]
        assert all(f'job="{name.split("-")[0]}"' in expr for expr in records)
    assert not (kit.folder / "prometheus" / "checkout-latency.yml").exists()


def test_your_own_slos_and_target_fill_the_documents(tmp_path):
    plan = QuarterPlan("Stricter", slo_target=0.9995)
    mine = take_home_kit(plan=plan, folder=tmp_path,
                         slos=[sl.SLO("checkout-availability", "availability", 0.9995)])
    text = _read(mine, "slo_definitions.md")
    assert text.count("# SLO: ") == 1
    assert "21 min 36 s" in text         # 0.05 % of 43,200 minutes = 21.6 minutes
    doc = yaml.safe_load(_read(mine, "openslo/checkout-availability.yaml"))
    assert doc["spec"]["objectives"][0]["target"] == 0.9995
    assert "Stricter" in _read(mine, "README.md")


def test_default_slos_follow_the_plans_target(tmp_path):
    mine = take_home_kit(plan={"name": "Relaxed", "slo_target": 0.995}, folder=tmp_path)
    doc = yaml.safe_load(_read(mine, "openslo/search-availability.yaml"))
    assert doc["spec"]["objectives"][0]["target"] == 0.995
    assert "3 h 36 min" in _read(mine, "slo_definitions.md")   # 0.5 % of 43,200 min = 216 min


# -- 2. incident checklist ----------------------------------------------------------------------------
def test_the_checklist_names_every_severity_level_and_ticks_every_step(kit):
    text = _read(kit, "incident_checklist.md")
    assert text == incident_checklist(slo_target=0.999)
    for level in ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5"):
        assert f"| **{level}** |" in text
    assert "at least 50 % is SEV1; at least 20 % is SEV2; at least 5 % is SEV3; less is SEV4" in text
    sections = text.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == [
        "1. Classify the severity", "2. Respond, stage by stage", "3. Communicate",
        "4. After: the postmortem"]
    for section in sections:
        items = [line for line in section.splitlines() if line.startswith("- ")]
        assert items and all(line.startswith("- [ ] ") for line in items), section[:40]
    for stage in ("Detect (until detected)", "Acknowledge (until acknowledged)",
                  "Mitigate (until mitigated)", "Resolve"):
        part = text.split(f"### {stage}\n")[1].split("###")[0]
        assert part.count("- [ ] ") >= 2, stage
    for kind in ("mitigate", "prevent", "process", "other"):
        assert f"- [ ] **{kind}**: an action item" in text
    for role in ("Incident commander", "Scribe", "Subject matter expert"):
        assert f"- [ ] **{role}** named" in text


def test_the_checklist_states_the_postmortem_threshold_worked_out_by_hand():
    # 28 days of checkout's mean daily requests; 0.1 % of them is the budget; 20 % of
    # that budget, and the first whole request beyond it needs a postmortem.
    history = sl.load_daily_history()
    valid = history.loc[history["service"] == "checkout", "requests"].mean() * 28
    budget = 0.001 * valid
    first = math.floor(0.2 * budget) + 1
    text = incident_checklist(slo_target=0.999)
    assert f"{first:,} failed requests or more of its {budget:,.0f}" in text


def test_a_change_in_the_section_3_constants_changes_the_checklist(monkeypatch):
    from sre_lab.incidents import response, severity

    monkeypatch.setattr(response, "RESPONSE_STAGES", (*response.RESPONSE_STAGES, "until verified"))
    first = severity.SEVERITY_SCALE[0]
    renamed = type(first)(**{**first.__dict__, "level": "SEV0"})
    monkeypatch.setattr(severity, "SEVERITY_SCALE", (renamed, *severity.SEVERITY_SCALE[1:]))
    text = incident_checklist()
    assert "### Until verified (until verified)" in text
    assert "- [ ] Write down the time it was verified" in text
    assert "| **SEV0** |" in text and "| **SEV1** |" not in text


# -- 3. cost by team -----------------------------------------------------------------------------------
def test_the_cost_csv_adds_up_to_the_bill_to_the_cent(kit):
    table = pd.read_csv(kit.folder / "cost_by_team.csv")
    assert list(table.columns) == ["month", "team", "service", "signal", "component", "quantity",
                                   "unit", "usd"]
    # Phase 4: INFO logs, 10 % head sampling plus tail sampling, 7 d hot / 23 d warm / 60 d cold
    volumes = sl.telemetry_volumes(log_levels="INFO", span_share=PHASES[4].span_share())
    bill = sl.monthly_bill(volumes, retention_days={"hot": 7, "warm": 23, "cold": 60})
    assert round(table["usd"].sum() * 100) == round(bill["usd"].sum() * 100)
    assert ((table["usd"] * 100).round(6) % 1 == 0).all()       # whole cents
    assert set(table["team"]) == set(SERVICE_TEAMS.values())
    assert (table["service"].map(dict(SERVICE_TEAMS)) == table["team"]).all()
    assert table["month"].iloc[0] == "2025-11" and table["month"].iloc[-1] == "2026-11"


def test_the_cost_csv_follows_the_plans_sampling_and_retention():
    phase1 = cost_by_team(PHASES[1])       # every trace kept, 90 days hot
    bill = sl.monthly_bill(sl.telemetry_volumes(), retention_days={"hot": 90})
    assert round(phase1["usd"].sum() * 100) == round(bill["usd"].sum() * 100)
    spans1 = phase1.loc[phase1["signal"] == "spans", "usd"].sum()
    spans4 = cost_by_team(PHASES[4]).query("signal == 'spans'")["usd"].sum()
    assert spans4 < 0.5 * spans1


def test_the_readme_shows_the_team_totals_of_the_csv(kit):
    table = pd.read_csv(kit.folder / "cost_by_team.csv")
    readme = _read(kit, "README.md")
    for team, usd in table.groupby("team")["usd"].sum().items():
        assert f"| {team} | ${usd:,.2f} |" in readme


# -- 4. chaos plan -------------------------------------------------------------------------------------
def test_the_chaos_plan_lists_each_experiment_on_game_days_four_weeks_apart(kit):
    text = _read(kit, "chaos_plan.md")
    schedule = {"payment-bad-instance": "2027-01-04", "search-outage": "2027-01-04",
                "search-outage-fallback": "2027-02-01", "notifications-outage": "2027-03-01"}
    for name, date in schedule.items():
        assert f"| {date} | `{name}` |" in text
        assert f", {date}: `{name}`" in text
    assert "3,629 failed checkouts" in text          # 0.2 x 0.001 x 420 x 1,440 x 30
    for item in ("Blast radius", "Error budget", "Rollbacks", "Abort and roll back"):
        assert text.count(f"- [ ] {item}") == 4
    assert "payment error, 20 % of its calls" in text


def test_a_longer_plan_reruns_the_experiments_in_turn():
    table = chaos_plan(start=dt.date(2027, 1, 4), weeks=20)
    assert [d.isoformat() for d in table["date"]] == [
        "2027-01-04", "2027-02-01", "2027-03-01", "2027-03-29", "2027-04-26"]
    assert table["experiment"].tolist() == EXPERIMENTS + ["payment-bad-instance"]
    assert table.loc[table["experiment"] == "search-outage", "expected_outcome"].item() == \
        "finds a weakness"
    assert table.loc[table["experiment"] == "notifications-outage", "expected_outcome"].item() == "holds"


def test_a_short_plan_still_runs_every_experiment():
    table = chaos_plan(start="2027-01-04", weeks=1)
    assert table["experiment"].tolist() == EXPERIMENTS
    assert set(table["date"]) == {dt.date(2027, 1, 4)}


def test_the_chaos_files_are_the_course_experiments(kit):
    for name in EXPERIMENTS:
        doc = json.loads(_read(kit, f"chaos/{name}.json"))
        assert doc == sl.to_chaostoolkit(name)


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_chaos_validate_accepts_every_written_experiment(kit, name, tmp_path):
    done = _chaos(tmp_path, "validate", str(kit.folder / "chaos" / f"{name}.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "experiment syntax and semantic look valid" in done.stdout + done.stderr


# -- bad input -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, kind, text", [
    (dict(plan="Phase 4"), TypeError, "plan must be an sl.QuarterPlan"),
    (dict(plan={"slo_targt": 0.999}), TypeError, "plan must be a dict of QuarterPlan's fields"),
    (dict(plan={"slo_target": 99.9}), ValueError, "slo_target must be"),
    (dict(start="04/01/2027"), ValueError, "start must be a date such as '2027-01-04'"),
    (dict(start=20270104), TypeError, "start must be a date"),
    (dict(weeks=0), ValueError, "weeks must be"),
    (dict(weeks=2.5), TypeError, "weeks must be"),
    (dict(folder=3), TypeError, "folder must be a folder path"),
    (dict(slos="checkout"), TypeError, "slos must be a list of sl.SLO"),
    (dict(slos=[]), ValueError, "slos must be a list of sl.SLO"),
    (dict(slos=[1]), TypeError, "slos[0] must be an sl.SLO"),
    (dict(slos=[sl.SLO("cart-availability", "availability", 0.999)]), ValueError,
     "slos[0].name must be a name that starts with a MicroCorp service"),
    (dict(slos=[sl.SLO("search-a", "availability", 0.99), sl.SLO("search-a", "availability", 0.9)]),
     ValueError, "slos[1].name must be unique"),
])
def test_bad_input_is_refused_with_a_message_naming_the_parameter(kwargs, kind, text, tmp_path):
    folder = kwargs.pop("folder", tmp_path / "kit")
    with pytest.raises(kind) as error:
        take_home_kit(folder=folder, **kwargs)
    assert text in str(error.value)
    if isinstance(folder, type(tmp_path)):
        assert not folder.exists()        # nothing written before the inputs are checked


def test_the_unknown_lever_is_named():
    with pytest.raises(TypeError, match="slo_targt"):
        take_home_kit(plan={"slo_targt": 0.999})


def test_the_default_folder_is_take_home_in_the_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)          # no notebooks/ above: output/ under the current folder
    kit = take_home_kit(plan=PHASES[1], weeks=4)
    assert kit.folder == tmp_path / "output" / "take_home"
    assert (kit.folder / "README.md").is_file()
    assert [f.as_posix() for f in kit.files if f.parts[0] == "chaos"] == [
        f"chaos/{name}.json" for name in EXPERIMENTS]
    assert "has no chaos game days yet" in _read(kit, "chaos_plan.md")
