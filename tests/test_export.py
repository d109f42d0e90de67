"""sl.to_prometheus_rules and sl.to_openslo: content, determinism, error messages.

Expected texts below are written by hand from the Prometheus rule-file format and the
OpenSLO v1 README (field names, enums, duration shorthand), not copied from the output.
The ``promtool``-marked tests run ``promtool check rules`` on exported files (skip
locally without promtool, fail in CI).
"""

from __future__ import annotations

import re

import hypothesis.strategies as st
import pytest
import yaml
from hypothesis import given, settings

import promtool_support as ps
import sre_lab as sl

ERR = 'http_requests_total{job="checkout",code=~"5.."}'
TOT = 'http_requests_total{job="checkout"}'


def policy():
    return [
        sl.AlertRule("FastBurn", 14.4, 60, 5, "page", for_minutes=2),
        sl.AlertRule("SlowBurn", 6, 360, 30, "page"),
        sl.AlertRule("Ticket", 1, 4320, 360, "ticket", for_minutes=60),
    ]


def export(slo_name="checkout", **overrides):
    kwargs = dict(slo_target=0.999, errors_counter=ERR, total_counter=TOT, rules=policy())
    kwargs.update(overrides)
    return sl.to_prometheus_rules(slo_name, **kwargs)


def group_of(text):
    document = yaml.safe_load(text)
    assert list(document) == ["groups"] and len(document["groups"]) == 1
    return document["groups"][0]


# --------------------------------------------------------------------------- Prometheus


def test_rule_file_has_one_group_evaluated_every_minute():
    group = group_of(export())
    assert group["name"] == "sre-lab-checkout"
    assert group["interval"] == "1m"


def test_one_recording_rule_per_distinct_window_shortest_first():
    rules = group_of(export())["rules"]
    records = [r["record"] for r in rules if "record" in r]
    # windows of the policy: 5m, 30m, 1h, 6h (long of SlowBurn and short of Ticket), 3d
    assert records == ["slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate30m",
                       "slo:sli_error:ratio_rate1h", "slo:sli_error:ratio_rate6h",
                       "slo:sli_error:ratio_rate3d"]
    assert all(r["labels"] == {"slo": "checkout"} for r in rules if "record" in r)


def test_recording_rule_is_ratio_of_summed_increases():
    rule = group_of(export())["rules"][3]
    assert rule["expr"] == ('sum(increase(http_requests_total{job="checkout",code=~"5.."}[6h]))'
                            ' / sum(increase(http_requests_total{job="checkout"}[6h]))')


def test_alert_rules_follow_the_records_in_policy_order():
    rules = group_of(export())["rules"]
    assert [r.get("alert") for r in rules[5:]] == ["FastBurn", "SlowBurn", "Ticket"]
    assert all("record" in r for r in rules[:5])


def test_alert_expression_ands_long_and_short_window_against_burn_times_budget():
    fast, slow, ticket = group_of(export())["rules"][5:]
    assert fast["expr"] == ('(slo:sli_error:ratio_rate1h{slo="checkout"} > 14.4 * 0.001)'
                            ' and (slo:sli_error:ratio_rate5m{slo="checkout"} > 14.4 * 0.001)')
    assert slow["expr"] == ('(slo:sli_error:ratio_rate6h{slo="checkout"} > 6 * 0.001)'
                            ' and (slo:sli_error:ratio_rate30m{slo="checkout"} > 6 * 0.001)')
    assert ticket["expr"] == ('(slo:sli_error:ratio_rate3d{slo="checkout"} > 1 * 0.001)'
                              ' and (slo:sli_error:ratio_rate6h{slo="checkout"} > 1 * 0.001)')


def test_for_clause_only_when_for_minutes_is_positive():
    fast, slow, ticket = group_of(export())["rules"][5:]
    assert fast["for"] == "2m" and "for" not in slow and ticket["for"] == "1h"


def test_alert_labels_are_severity_and_slo():
    fast, slow, ticket = group_of(export())["rules"][5:]
    assert fast["labels"] == {"severity": "page", "slo": "checkout"}
    assert ticket["labels"] == {"severity": "ticket", "slo": "checkout"}
    assert set(fast["annotations"]) == {"summary", "description"}


@pytest.mark.parametrize("target, budget", [
    (0.999, "0.001"), (0.99, "0.01"), (0.9995, "0.0005"), (0.95, "0.05"),
    (0.99999, "1e-05"), (0.5, "0.5")])
def test_budget_is_written_as_the_tidy_decimal_of_one_minus_target(target, budget):
    """``1 - 0.999`` is 0.0010000000000000009 in float64; the file says 0.001, as the
    replay does (sl.evaluate_alerts tidies the budget to 12 decimals)."""
    rules = [FakeRule("A", 2, 60, 5, "page")]
    expr = group_of(export(slo_target=target, rules=rules))["rules"][-1]["expr"]
    assert expr.count(f"> 2 * {budget})") == 2


def test_threshold_literal_parses_to_the_float_the_replay_compares_against():
    """PromQL multiplies the two float64 literals, as Python does: same threshold bits."""
    fast = group_of(export())["rules"][5]
    burn, budget = re.search(r"> ([0-9.e-]+) \* ([0-9.e-]+)\)", fast["expr"]).groups()
    assert float(burn) * float(budget) == 14.4 * 0.001
    assert 14.4 * 0.001 != 14.4 * (1 - 0.999)  # the untidied budget would move the threshold


@pytest.mark.parametrize("minutes, text", [
    (1, "1m"), (5, "5m"), (90, "90m"), (60, "1h"), (120, "2h"), (1500, "25h"),
    (1440, "1d"), (4320, "3d"),
])
def test_window_names_use_the_largest_whole_unit(minutes, text):
    rules = [FakeRule("A", 2, minutes, 1, "ticket")]
    records = [r["record"] for r in group_of(export(rules=rules))["rules"] if "record" in r]
    assert f"slo:sli_error:ratio_rate{text}" in records


def test_default_rules_are_the_workbook_policy():
    text = sl.to_prometheus_rules("checkout", slo_target=0.999, errors_counter=ERR,
                                  total_counter=TOT)
    alerts = [r["alert"] for r in group_of(text)["rules"] if "alert" in r]
    assert alerts == [r.name for r in sl.workbook_policy(0.999)]


def test_export_is_deterministic_and_starts_with_a_comment_header():
    first, second = export(), export()
    assert first == second
    assert first.startswith("# Prometheus rules for the SLO 'checkout' (target 0.999)")


def test_selector_spaces_are_trimmed():
    rules = group_of(export(errors_counter=f"  {ERR} "))["rules"]
    assert "increase(http_requests_total{job=\"checkout\",code=~\"5..\"}[5m])" in rules[0]["expr"]


names = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
rules_strategy = st.lists(
    st.tuples(st.sampled_from([1, 2, 3, 6, 10, 14.4]), st.integers(1, 5000),
              st.integers(1, 500), st.sampled_from(["page", "ticket"]), st.integers(0, 120)),
    min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(name=names, target=st.sampled_from([0.9, 0.99, 0.995, 0.999, 0.9995]),
       raw_rules=rules_strategy)
def test_every_alert_reads_recorded_windows_and_every_record_is_used(name, target, raw_rules):
    rules = [sl.AlertRule(f"Rule{i}", b, lw, min(sw, lw), sev, for_minutes=f)
             for i, (b, lw, sw, sev, f) in enumerate(raw_rules)]
    group = group_of(sl.to_prometheus_rules(name, slo_target=target, errors_counter=ERR,
                                            total_counter=TOT, rules=rules))
    records = {r["record"] for r in group["rules"] if "record" in r}
    alerts = [r for r in group["rules"] if "alert" in r]
    used = {m for a in alerts for m in re.findall(r"slo:sli_error:ratio_rate\w+", a["expr"])}
    assert used == records
    windows = {m for r in rules for m in (r.long_window_minutes, r.short_window_minutes)}
    assert len(records) == len(windows)
    assert [a["alert"] for a in alerts] == [r.name for r in rules]
    assert all(a["labels"]["slo"] == name for a in alerts)


@pytest.mark.promtool
def test_promtool_accepts_exported_files(tmp_path):
    texts = [
        export(),
        sl.to_prometheus_rules("checkout", slo_target=0.999, errors_counter=ERR,
                               total_counter=TOT),
        export(slo_name="a", errors_counter='{__name__="errors_total",path!~"/health.*"}',
               total_counter='requests_total{path!~"/health.*", method=~`GET|POST`,}'),
        export(slo_name="api-99-9", errors_counter="x:errors:total{le='0.3',q=\"a\\\"b\"}",
               total_counter="x:requests:total"),
        export(slo_name="braces", errors_counter='e_total{path="/a{b}"}', total_counter="t_total",
               slo_target=0.99999, rules=[sl.AlertRule("Slow", 13.44, 40320, 4320, "ticket")]),
    ]
    for text in texts:
        result = ps.check_rules(text, tmp_path)
        assert result.ok, result.output
        assert f"SUCCESS: {len(group_of(text)['rules'])} rules found" in result.output


# ------------------------------------------------------------------------------ OpenSLO

DURATION = re.compile(r"[1-9][0-9]*[mhdwMQY]")  # OpenSLO duration-shorthand


def openslo(slo_name="checkout-availability", **overrides):
    kwargs = dict(slo_target=0.999, service="checkout", errors_counter=ERR, total_counter=TOT)
    kwargs.update(overrides)
    return sl.to_openslo(slo_name, **kwargs)


def check_openslo_v1_slo(document):
    """The v1 README's rules for kind SLO with an inline ratio SLI."""
    assert document["apiVersion"] == "openslo/v1" and document["kind"] == "SLO"
    assert re.fullmatch(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", document["metadata"]["name"])
    spec = document["spec"]
    assert set(spec) <= {"description", "service", "indicator", "indicatorRef", "timeWindow",
                         "budgetingMethod", "objectives", "alertPolicies"}
    ratio = spec["indicator"]["spec"]["ratioMetric"]
    assert ratio["counter"] is True and "total" in ratio
    assert ("good" in ratio) != ("bad" in ratio)
    for part in ("good", "bad", "total"):
        if part in ratio:
            source = ratio[part]["metricSource"]
            assert source["type"] == "Prometheus" and isinstance(source["spec"]["query"], str)
    (window,) = spec["timeWindow"]
    assert DURATION.fullmatch(window["duration"])
    if window["isRolling"]:
        assert "calendar" not in window
    else:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", window["calendar"]["startTime"])
    assert spec["budgetingMethod"] in ("Occurrences", "Timeslices")
    for objective in spec["objectives"]:
        assert 0 <= objective["target"] < 1
        if spec["budgetingMethod"] == "Timeslices":
            assert 0 < objective["timeSliceTarget"] <= 1
            assert DURATION.fullmatch(objective["timeSliceWindow"])


def test_openslo_rolling_occurrences_document():
    document = yaml.safe_load(openslo(window_days=28, description="Checkout succeeds."))
    check_openslo_v1_slo(document)
    assert document == {
        "apiVersion": "openslo/v1",
        "kind": "SLO",
        "metadata": {"name": "checkout-availability"},
        "spec": {
            "description": "Checkout succeeds.",
            "service": "checkout",
            "indicator": {
                "metadata": {"name": "checkout-availability"},
                "spec": {"ratioMetric": {
                    "counter": True,
                    "bad": {"metricSource": {"type": "Prometheus", "spec": {
                        "query": 'sum(http_requests_total{job="checkout",code=~"5.."})'}}},
                    "total": {"metricSource": {"type": "Prometheus", "spec": {
                        "query": 'sum(http_requests_total{job="checkout"})'}}},
                }},
            },
            "timeWindow": [{"duration": "28d", "isRolling": True}],
            "budgetingMethod": "Occurrences",
            "objectives": [{"displayName": "checkout-availability", "target": 0.999}],
        },
    }


def test_openslo_default_window_is_rolling_30_days_and_keys_keep_spec_order():
    text = openslo()
    assert yaml.safe_load(text)["spec"]["timeWindow"] == [{"duration": "30d", "isRolling": True}]
    top = [line.split(":")[0] for line in text.splitlines() if not line.startswith(" ")]
    assert top == ["apiVersion", "kind", "metadata", "spec"]
    assert "alertPolicies" not in text  # v1 cannot hold a multiwindow pair (OpenSLO#218)


@pytest.mark.parametrize("calendar, duration", [
    ("week", "1w"), ("month", "1M"), ("quarter", "1Q"), ("year", "1Y")])
def test_openslo_calendar_windows_use_case_sensitive_shorthand(calendar, duration):
    document = yaml.safe_load(openslo(calendar=calendar, time_zone="America/New_York",
                                      calendar_start="2026-10-01"))
    check_openslo_v1_slo(document)
    assert document["spec"]["timeWindow"] == [{
        "duration": duration, "isRolling": False,
        "calendar": {"startTime": "2026-10-01 00:00:00", "timeZone": "America/New_York"}}]


def test_openslo_calendar_start_stays_a_string_after_loading():
    text = openslo(calendar="month")
    assert "startTime: '2024-01-01 00:00:00'" in text  # quoted: YAML would read a timestamp


def test_openslo_timeslices_with_good_counter():
    document = yaml.safe_load(openslo(
        errors_counter=None, good_counter='http_requests_total{job="checkout",code!~"5.."}',
        budgeting_method="Timeslices", time_slice_target=0.95, time_slice_window_minutes=5))
    check_openslo_v1_slo(document)
    ratio = document["spec"]["indicator"]["spec"]["ratioMetric"]
    assert list(ratio) == ["counter", "good", "total"]
    assert document["spec"]["objectives"] == [{
        "displayName": "checkout-availability", "target": 0.999,
        "timeSliceTarget": 0.95, "timeSliceWindow": "5m"}]


def test_openslo_time_slice_target_may_be_one():
    document = yaml.safe_load(openslo(budgeting_method="Timeslices", time_slice_target=1))
    assert document["spec"]["objectives"][0]["timeSliceTarget"] == 1.0
    assert document["spec"]["objectives"][0]["timeSliceWindow"] == "1m"


def test_openslo_is_deterministic():
    assert openslo(calendar="quarter") == openslo(calendar="quarter")


@settings(max_examples=60, deadline=None)
@given(name=names, service=names, target=st.floats(0.5, 0.99999),
       days=st.integers(1, 3650), method=st.sampled_from(["Occurrences", "Timeslices"]))
def test_openslo_documents_follow_the_v1_rules(name, service, target, days, method):
    extra = {"time_slice_target": 0.9} if method == "Timeslices" else {}
    document = yaml.safe_load(sl.to_openslo(
        name, slo_target=target, service=service, errors_counter=ERR, total_counter=TOT,
        window_days=days, budgeting_method=method, **extra))
    check_openslo_v1_slo(document)
    assert document["spec"]["objectives"][0]["target"] == target


# ------------------------------------------------------------------------ error messages

SEL_RULE = "a PromQL counter selector such as 'http_requests_total{code=~\"5..\"}'"
NAME_RULE = ("a lowercase name of letters, digits and '-' that starts and ends with a letter "
             "or digit, at most 63 characters (an OpenSLO / Kubernetes name)")


@pytest.mark.parametrize("overrides, error, text", [
    ({"slo_name": "Checkout API"}, ValueError,
     f"slo_name must be {NAME_RULE}; got 'Checkout API'. Try 'checkout-api'."),
    ({"slo_name": "-x"}, ValueError, f"slo_name must be {NAME_RULE}; got '-x'. Try 'x'."),
    ({"slo_name": "a" * 64}, ValueError,
     f"slo_name must be {NAME_RULE}; got '{'a' * 64}'. Try '{'a' * 63}'."),
    ({"slo_name": "???"}, ValueError, f"slo_name must be {NAME_RULE}; got '???'."),
    ({"slo_name": 3}, TypeError, f"slo_name must be {NAME_RULE}; got 3."),
    ({"slo_target": 99.9}, ValueError,
     "slo_target must be a fraction in (0, 1); got 99.9. Write 99.9% as 0.999."),
    ({"slo_target": 1}, ValueError, "slo_target must be a fraction in (0, 1); got 1."),
    ({"slo_target": 0}, ValueError, "slo_target must be a fraction in (0, 1); got 0."),
    ({"errors_counter": 'http_requests_total{code=~"5.."'}, ValueError,
     f"errors_counter must be {SEL_RULE}; got 'http_requests_total{{code=~\"5..\"'. "
     "Its braces are unbalanced: a '{' is never closed."),
    ({"errors_counter": 'http_requests_total}'}, ValueError,
     f"errors_counter must be {SEL_RULE}; got 'http_requests_total}}'. "
     "Its braces are unbalanced: a '}' comes before its '{'."),
    ({"total_counter": 'http_requests_total{code="5..}'}, ValueError,
     f"total_counter must be {SEL_RULE}; got 'http_requests_total{{code=\"5..}}'. "
     "A label value opened with \" is never closed (unbalanced quotes)."),
    ({"total_counter": "rate(http_requests_total[5m])"}, ValueError,
     f"total_counter must be {SEL_RULE}; got 'rate(http_requests_total[5m])'. Give the bare "
     "counter, without a range or a function: the rules add increase(...[window]) themselves."),
    ({"total_counter": "http_requests_total{code 5}"}, ValueError,
     f"total_counter must be {SEL_RULE}; got 'http_requests_total{{code 5}}'. Write it as "
     "metric_name{label=\"value\", ...} with the matchers =, !=, =~ or !~ and quoted values."),
    ({"total_counter": "http_requests_total offset 5m"}, ValueError,
     f"total_counter must be {SEL_RULE}; got 'http_requests_total offset 5m'. Write it as "
     "metric_name{label=\"value\", ...} with the matchers =, !=, =~ or !~ and quoted values."),
    ({"total_counter": "a{x=\"1\"}{y=\"2\"}"}, ValueError,
     f"total_counter must be {SEL_RULE}; got 'a{{x=\"1\"}}{{y=\"2\"}}'. Give one selector: "
     "a metric name and at most one {...} of label matchers."),
    ({"total_counter": "  "}, ValueError,
     f"total_counter must be {SEL_RULE}; got '  '. It is empty."),
    ({"total_counter": "{}"}, ValueError,
     f"total_counter must be {SEL_RULE}; got '{{}}'. It selects nothing: give a metric name "
     "or label matchers."),
    ({"total_counter": None}, TypeError, f"total_counter must be {SEL_RULE}; got None."),
    ({"errors_counter": TOT}, ValueError,
     f"errors_counter must be a different selector from total_counter; got '{TOT}'. "
     "Select only the bad events, e.g. add code=~\"5..\"."),
    ({"rules": []}, ValueError,
     "rules must be a non-empty list of sl.AlertRule; got []. "
     "Pass sl.workbook_policy(slo_target) or leave rules=None."),
    ({"rules": "FastBurn"}, TypeError,
     "rules must be a non-empty list of sl.AlertRule; got 'str'."),
    ({"rules": [("FastBurn", 14.4)]}, TypeError,
     "rules[0] must be an sl.AlertRule; got ('FastBurn', 14.4). It has no name, burn_rate, "
     "long_window_minutes, short_window_minutes, severity, for_minutes."),
])
def test_prometheus_error_messages(overrides, error, text):
    with pytest.raises(error) as info:
        export(**overrides)
    assert str(info.value) == text


class FakeRule:
    """Looks like an AlertRule but skips its checks (a rule built or edited by hand)."""

    def __init__(self, name="R", burn_rate=2.0, long=60, short=5, severity="page", for_=0):
        self.name, self.burn_rate = name, burn_rate
        self.long_window_minutes, self.short_window_minutes = long, short
        self.severity, self.for_minutes = severity, for_


@pytest.mark.parametrize("rule, error, text", [
    (FakeRule(severity="critical"), ValueError,
     "rules[1].severity must be one of 'page', 'ticket'; got 'critical'."),
    (FakeRule(severity="Page"), ValueError,
     "rules[1].severity must be one of 'page', 'ticket'; got 'Page'. Did you mean 'page'?"),
    (FakeRule(name="FastBurn"), ValueError,
     "rules[1].name must be unique within rules; got 'FastBurn'. "
     "Two alerts with one name cannot be told apart."),
    (FakeRule(name=""), ValueError, "rules[1].name must be a non-empty printable name; got ''."),
    (FakeRule(name="a\nb"), ValueError,
     "rules[1].name must be a non-empty printable name; got 'a\\nb'."),
    (FakeRule(burn_rate=0), ValueError, "rules[1].burn_rate must be a number > 0; got 0."),
    (FakeRule(burn_rate=float("nan")), ValueError,
     "rules[1].burn_rate must be a number > 0; got nan."),
    (FakeRule(burn_rate="14.4"), TypeError, "rules[1].burn_rate must be a number > 0; got '14.4'."),
    (FakeRule(long=0), ValueError,
     "rules[1].long_window_minutes must be a whole number >= 1 and <= 527040; got 0."),
    (FakeRule(short=2.5), TypeError,
     "rules[1].short_window_minutes must be a whole number >= 1 and <= 527040; got 2.5."),
    (FakeRule(for_=-1), ValueError, "rules[1].for_minutes must be a whole number >= 0 and <= 527040; got -1."),
])
def test_prometheus_error_messages_for_bad_rules(rule, error, text):
    with pytest.raises(error) as info:
        export(rules=[policy()[0], rule])
    assert str(info.value) == text


@pytest.mark.parametrize("overrides, error, text", [
    ({"slo_name": "Checkout"}, ValueError,
     f"slo_name must be {NAME_RULE}; got 'Checkout'. Try 'checkout'."),
    ({"service": "check_out"}, ValueError,
     f"service must be {NAME_RULE}; got 'check_out'. Try 'check-out'."),
    ({"slo_target": 99.5}, ValueError,
     "slo_target must be a fraction in (0, 1); got 99.5. Write 99.5% as 0.995."),
    ({"good_counter": TOT.replace("}", ',code!~"5.."}')}, ValueError,
     "errors_counter must be given when good_counter is not (exactly one of the two); got "
     "'http_requests_total{job=\"checkout\",code=~\"5..\"}'. Pass errors_counter for bad "
     "events or good_counter for good ones."),
    ({"errors_counter": None}, ValueError,
     "errors_counter must be given when good_counter is not (exactly one of the two); got "
     "None. Pass errors_counter for bad events or good_counter for good ones."),
    ({"errors_counter": "x{"}, ValueError,
     f"errors_counter must be {SEL_RULE}; got 'x{{'. Its braces are unbalanced: a '{{' is "
     "never closed."),
    ({"window_days": 0}, ValueError, "window_days must be a whole number >= 1 and <= 3650; got 0."),
    ({"window_days": 7.5}, TypeError,
     "window_days must be a whole number >= 1 and <= 3650; got 7.5."),
    ({"calendar": "Month"}, ValueError,
     "calendar must be one of 'week', 'month', 'quarter', 'year'; got 'Month'. "
     "Did you mean 'month'?"),
    ({"calendar": "month", "window_days": 30}, ValueError,
     "window_days must be left out when calendar is given; got 30. "
     "A calendar window's length is the calendar period."),
    ({"calendar": "month", "calendar_start": "first of May"}, ValueError,
     "calendar_start must be a date or a 'YYYY-MM-DD HH:MM:SS' string without a time zone; "
     "got 'first of May'."),
    ({"calendar": "month", "calendar_start": "2026-05-01T00:00:00+02:00"}, ValueError,
     "calendar_start must be a date or a 'YYYY-MM-DD HH:MM:SS' string without a time zone; "
     "got '2026-05-01T00:00:00+02:00'. Give the wall-clock time and pass time_zone separately."),
    ({"calendar": "month", "time_zone": "Mars/Olympus"}, ValueError,
     "time_zone must be an IANA time zone name such as 'UTC' or 'Europe/Paris'; "
     "got 'Mars/Olympus'."),
    ({"budgeting_method": "occurrences"}, ValueError,
     "budgeting_method must be one of 'Occurrences', 'Timeslices'; got 'occurrences'. "
     "Did you mean 'Occurrences'?"),
    ({"budgeting_method": "Timeslices"}, ValueError,
     "time_slice_target must be a fraction in (0, 1] when budgeting_method is 'Timeslices'; "
     "got None."),
    ({"budgeting_method": "Timeslices", "time_slice_target": 95}, ValueError,
     "time_slice_target must be a fraction in (0, 1]; got 95. Write 95% as 0.95."),
    ({"budgeting_method": "Timeslices", "time_slice_target": 0.9,
      "time_slice_window_minutes": 0}, ValueError,
     "time_slice_window_minutes must be a whole number >= 1 and <= 1440; got 0."),
    ({"time_slice_target": 0.9}, ValueError,
     "time_slice_target must be left out when budgeting_method is 'Occurrences'; got 0.9. "
     "Pass budgeting_method='Timeslices' to count time slices."),
    ({"description": "x" * 1051}, ValueError,
     f"description must be a string of at most 1050 characters; got '{'x' * 40}...'."),
])
def test_openslo_error_messages(overrides, error, text):
    with pytest.raises(error) as info:
        openslo(**overrides)
    assert str(info.value) == text


def test_string_subclasses_such_as_numpy_strings_are_written_as_plain_strings():
    """np.str_ arguments reached yaml, which cannot represent them (tests/test_fuzz.py)."""
    import numpy as np

    text = openslo(np.str_("checkout-availability"), service=np.str_("checkout"),
                   total_counter=np.str_(TOT), errors_counter=np.str_(ERR),
                   calendar=np.str_("month"), time_zone=np.str_("UTC"),
                   budgeting_method=np.str_("Timeslices"), time_slice_target=0.99,
                   description=np.str_("Checkout availability."))
    assert text == openslo("checkout-availability", service="checkout", total_counter=TOT,
                           errors_counter=ERR, calendar="month", time_zone="UTC",
                           budgeting_method="Timeslices", time_slice_target=0.99,
                           description="Checkout availability.")
    document = yaml.safe_load(text)
    assert document["spec"]["service"] == "checkout"
    assert document["spec"]["timeWindow"][0]["calendar"]["timeZone"] == "UTC"
    rules = export(np.str_("checkout"), errors_counter=np.str_(ERR), total_counter=np.str_(TOT))
    assert rules == export("checkout")
