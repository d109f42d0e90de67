"""Telemetry volumes and metric cardinality: hand-worked oracles and the data's own sums."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

import sre_lab as sl


def one_day(service="checkout", requests=1_000_000, errors=1_000, date="2026-10-05"):
    return pd.DataFrame({"date": pd.to_datetime([date], utc=True), "service": [service],
                         "requests": [requests], "errors": [errors]})


def pick(volumes, signal, level=""):
    row = volumes.loc[(volumes["signal"] == signal) & (volumes["level"] == level)]
    assert len(row) == 1
    return int(row["count"].iloc[0]), int(row["bytes"].iloc[0])


def test_a_hand_worked_day_of_checkout():
    v = sl.telemetry_volumes(one_day())
    # INFO: 4 lines x 1e6 requests, 300 B each; errors add no INFO lines.
    assert pick(v, "logs", "INFO") == (4_000_000, 1_200_000_000)
    # WARN: 0.02 x 1e6 + 1 x 1,000 errors = 21,000 lines of 350 B.
    assert pick(v, "logs", "WARN") == (21_000, 7_350_000)
    # ERROR: 2 lines per failed request, 1,500 B each.
    assert pick(v, "logs", "ERROR") == (2_000, 3_000_000)
    # DEBUG is off at the default INFO level.
    assert pick(v, "logs", "DEBUG") == (0, 0)
    # Spans: checkout 4 + 0.6 x payment 3 + 0.3 x search 3 = 6.7 per trace, 600 B each,
    # plus a 1,500 B exception event per failed trace.
    assert pick(v, "spans") == (6_700_000, 6_700_000 * 600 + 1_000 * 1_500)
    # Metrics: 228 series scraped every 15 s = 5,760 samples a day each, 1.5 B per sample.
    assert pick(v, "metrics") == (228 * 5_760, 228 * 5_760 * 1.5)


def test_debug_on_is_one_argument_and_sampling_debug_lines_keeps_a_tenth():
    on = sl.telemetry_volumes(one_day(), log_levels="DEBUG")
    # 20 per request + 5 per failed request.
    assert pick(on, "logs", "DEBUG") == (20_005_000, 20_005_000 * 250)
    tenth = sl.telemetry_volumes(one_day(), log_levels={"checkout": "debug"}, log_sampling={"DEBUG": 0.1})
    assert pick(tenth, "logs", "DEBUG") == (2_000_500, 2_000_500 * 250)
    assert pick(tenth, "logs", "INFO") == pick(on, "logs", "INFO")


def test_warn_level_drops_info_lines_and_error_level_keeps_only_errors():
    warn = sl.telemetry_volumes(one_day(), log_levels="WARN")
    assert pick(warn, "logs", "INFO") == (0, 0)
    assert pick(warn, "logs", "WARN")[0] == 21_000
    error = sl.telemetry_volumes(one_day(), log_levels="ERROR")
    assert pick(error, "logs", "WARN") == (0, 0)
    assert pick(error, "logs", "ERROR")[0] == 2_000


def test_span_share_scales_spans_only():
    half = sl.telemetry_volumes(one_day(), span_share={"checkout": 0.5})
    full = sl.telemetry_volumes(one_day())
    assert pick(half, "spans")[1] == pick(full, "spans")[1] / 2
    assert pick(half, "logs", "INFO") == pick(full, "logs", "INFO")


def test_a_year_has_a_row_per_day_service_signal_and_level():
    v = sl.telemetry_volumes()
    assert len(v) == 365 * 4 * 6
    assert list(v.columns) == ["date", "service", "signal", "level", "count", "bytes"]
    assert set(v["signal"]) == {"logs", "spans", "metrics"}
    assert str(v["date"].dt.tz) == "UTC"
    assert v["count"].dtype == np.int64 and v["bytes"].dtype == np.int64


def test_the_minute_data_give_the_volumes_of_the_last_28_days():
    minutes = sl.telemetry_volumes(sl.load_requests())
    daily = sl.telemetry_volumes()
    daily = daily.loc[daily["date"] >= minutes["date"].min()].reset_index(drop=True)
    pd.testing.assert_frame_equal(minutes, daily)


def test_volumes_follow_the_data_by_plain_pandas():
    history = sl.load_daily_history()
    v = sl.telemetry_volumes(history)
    info = v.loc[v["level"] == "INFO"].groupby("service")["count"].sum()
    assert info.to_dict() == (history.groupby("service")["requests"].sum() * 4).to_dict()


def test_a_modified_profile_changes_one_number():
    profile = copy.deepcopy(sl.TELEMETRY_PROFILE)
    profile["bytes_per_span"] = 1_200.0
    v = sl.telemetry_volumes(one_day(errors=0), profile=profile)
    assert pick(v, "spans")[1] == 6_700_000 * 1_200
    assert sl.TELEMETRY_PROFILE["bytes_per_span"] == 600.0


def test_every_profile_entry_has_a_source():
    profile = sl.TELEMETRY_PROFILE
    assert set(profile["sources"]) == set(profile) - {"sources"}
    assert "prometheus.io" in profile["sources"]["bytes_per_sample"]


def test_metric_series_is_the_product_of_label_values():
    table = sl.metric_series({"http_requests_total": {"route": 12, "method": 3, "status_code": 5},
                              "logins": {"user_id": ["ana", "bo", "ana", "cy"]}})
    assert table["series"].tolist() == [180, 3]
    assert table["labels"].tolist() == ["route x method x status_code", "user_id"]
    default = sl.metric_series()
    # checkout 228, payment 152, search 142, notifications 76 (see the docstring's hand count)
    assert default.groupby("service")["series"].sum().to_dict() == {
        "checkout": 228, "payment": 152, "search": 142, "notifications": 76}


def test_spans_per_trace_adds_the_dependencies():
    assert sl.spans_per_trace() == {"checkout": 6.7, "payment": 3.0, "search": 3.0, "notifications": 2.0}


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(log_levels="VERBOSE"), ValueError,
     "log_levels must be one of 'DEBUG', 'INFO', 'WARN', 'ERROR'; got 'VERBOSE'."),
    (dict(log_levels={"chat": "DEBUG"}), ValueError,
     "log_levels must be a dict whose keys are services of the traffic (checkout); got 'chat'."),
    (dict(log_sampling={"DEBUG": 10}), ValueError,
     "log_sampling['DEBUG'] must be a fraction in [0, 1]; got 10. Write 10% as 0.1."),
    (dict(span_share=1.5), ValueError, "span_share must be a fraction in [0, 1]; got 1.5. Write 1.5% as 0.015."),
    (dict(profile={"bytes_per_span": 1}), ValueError, "profile must be a dict with the keys of sl.TELEMETRY_PROFILE"),
])
def test_volume_messages(kwargs, error, text):
    with pytest.raises(error) as info:
        sl.telemetry_volumes(one_day(), **kwargs)
    assert str(info.value).startswith(text)


def test_bad_traffic_is_named():
    with pytest.raises(ValueError, match=r"^traffic\['errors'\] must be at most traffic\['requests'\] in every row"):
        sl.telemetry_volumes(one_day(requests=5, errors=9))
    with pytest.raises(ValueError, match=r"^traffic must have the columns 'date', 'service', 'requests', 'errors'"):
        sl.telemetry_volumes(one_day().drop(columns="errors"))
    with pytest.raises(ValueError, match=r"^traffic\['service'\] must be a service of the profile"):
        sl.telemetry_volumes(one_day(service="chat"))
    with pytest.raises(ValueError, match=r"^metrics\['m'\]\['l'\] must be a whole number in \[1, 2\*\*31\); got 0\.$"):
        sl.metric_series({"m": {"l": 0}})


def test_one_services_indexed_frame_gets_a_hint():
    with pytest.raises(ValueError, match=r"^traffic must be a long frame with 'service' .* name the service: "
                                         r"frame\.reset_index\(\)\.assign\(service='checkout'\)\.$"):
        sl.telemetry_volumes(sl.load_requests("checkout"))
    named = sl.load_requests("checkout").reset_index().assign(service="checkout")
    assert set(sl.telemetry_volumes(named)["service"]) == {"checkout"}
