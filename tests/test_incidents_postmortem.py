"""Blameless postmortem documents: sections, numbers from the timeline, blaming wording refused."""

import pandas as pd
import pytest

import sre_lab as sl

FAST = sl.AlertRule("fast", 14.4, 60, 5, "page")


@pytest.fixture(scope="module")
def timeline():
    idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    errors = [20 if 600 <= i < 660 else 0 for i in range(1440)]
    traffic = pd.DataFrame({"requests": 1000, "errors": errors}, index=idx)
    inc = pd.Series({"id": "INC-T", "service": "checkout", "started": idx[600],
                     "mitigated": idx[660], "resolved": idx[700]})
    return sl.response_timeline(traffic, inc, slo_target=0.999, window_days=30, rules=[FAST],
                                ack_delay_minutes=7)


def _doc(timeline, **kwargs):
    args = dict(title="Checkout errors", users_affected=0.031,
                contributing_factors=["The runbook had no severity table."],
                action_items=[sl.ActionItem("Add a severity table to the runbook",
                                            owner="on-call lead", type="process")])
    args.update(kwargs)
    return sl.postmortem_document(timeline, **args)


def test_sections_and_numbers_from_the_timeline(timeline):
    doc = _doc(timeline, went_well=["The page fired before users wrote in."])
    for heading in ("# Postmortem: Checkout errors", "## Summary", "## Impact",
                    "## Timeline (UTC)", "## Contributing factors", "## Lessons learned",
                    "### What went well", "### Where we got lucky", "## Action items"):
        assert heading in doc
    # 2 % of 1,000 requests for 60 min = 1,200 failed; 1,200 / 43,200 = 2.78 %
    assert "Failed requests: 1,200" in doc
    assert "2.78 %" in doc
    assert "| until detected | 43 | 860 | 1.99 % |" in doc
    assert "| 2026-10-05 10:43 | detected (page: fast) |" in doc
    assert "| 2026-10-05 10:50 | acknowledged |" in doc
    assert "| Add a severity table to the runbook | process | on-call lead | P2 |" in doc
    assert "| INC-T | checkout | 2026-10-05 | SEV4 | Draft |" in doc   # 3.1 % for 60 min
    assert "The page fired before users wrote in." in doc
    assert "Blameless" in doc


def test_severity_given_or_classified(timeline):
    assert "| SEV2 |" in _doc(timeline, severity="SEV2")
    assert "| SEV1 |" in _doc(timeline, users_affected=0.6)


@pytest.mark.parametrize("phrase", ["Alex should have checked the dashboard.",
                                    "Human error during the deploy.",
                                    "The engineer forgot the canary.",
                                    "A careless config change."])
def test_blaming_wording_is_refused_with_the_phrase(timeline, phrase):
    with pytest.raises(ValueError, match=r"contributing_factors\[0\].*blameless"):
        _doc(timeline, contributing_factors=[phrase])


def test_blaming_phrases():
    assert sl.blaming_phrases("Alex should have known; human error.") == ["should have",
                                                                         "human error"]
    assert sl.blaming_phrases("The alert had no runbook link.") == []


def test_action_items_need_owner_type_and_at_least_one(timeline):
    with pytest.raises(ValueError, match="action_items"):
        _doc(timeline, action_items=[])
    with pytest.raises(TypeError, match="action_items"):
        _doc(timeline, action_items=...)
    with pytest.raises(TypeError, match="action_items\\[0\\]"):
        _doc(timeline, action_items=["fix it"])
    with pytest.raises(ValueError, match="type"):
        sl.ActionItem("Fix", owner="team", type="blame")
    with pytest.raises(TypeError, match="owner"):
        sl.ActionItem("Fix", owner=...)
    with pytest.raises(ValueError, match="contributing_factors"):
        _doc(timeline, contributing_factors=[])
    with pytest.raises(TypeError, match="contributing_factors"):
        _doc(timeline, contributing_factors=...)
    with pytest.raises(TypeError, match="timeline"):
        sl.postmortem_document("INC-002", title="x", users_affected=0.1,
                               contributing_factors=["x"], action_items=[])


def test_saved_with_save_markdown(timeline, tmp_path):
    path = sl.save_markdown(_doc(timeline), "postmortem_INC-T.md", folder=tmp_path)
    assert path.read_text().startswith("# Postmortem: Checkout errors")


def test_a_latency_incident_counts_slow_requests_not_failed_ones(timeline):
    import dataclasses

    doc = _doc(dataclasses.replace(timeline, sli="latency"))
    assert "- Slow requests: 1,200" in doc and "| Stage | Minutes | Slow requests |" in doc
    assert "failed requests" not in doc.lower()
