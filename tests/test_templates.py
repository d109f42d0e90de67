"""Tests of sre_lab.templates: the SLO document and where it is saved.

Budgets are worked out by hand here (0.1 % of 1,000,000 events is 1,000; 0.1 % of
28 days is 40.32 minutes) or with plain pandas sums of the course data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import sre_lab as sl
from sre_lab import templates

WORDS = dict(journey="Buy a product: search, cart, pay.", owner="checkout team",
             rationale="Met in most 28-day windows of last year.", review_date="2027-02-01")


@pytest.fixture(scope="module")
def checkout():
    return sl.load_requests(service="checkout")


@pytest.fixture
def definition():
    return sl.SLO("checkout-availability", "availability", 0.999, window_days=28)


def _row(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| **{label}**"))


# ------------------------------------------------------------------ the document's parts

def test_document_from_a_definition_has_every_part(definition):
    text = templates.slo_document(definition, service="checkout",
                                  window_valid_events=1_000_000, **WORDS)
    assert text.startswith("# SLO: checkout availability\n") and text.endswith("\n")
    assert _row(text, "Service") == "| **Service** | checkout |"
    assert _row(text, "User journey") == "| **User journey** | Buy a product: search, cart, pay. |"
    assert _row(text, "Owner") == "| **Owner** | checkout team |"
    assert _row(text, "Review date") == "| **Review date** | 2027-02-01 |"
    assert "- **Good events:** checkout requests that succeeded (no server error)." in text
    assert "- **Valid events:** all checkout requests." in text
    assert _row(text, "Target") == "| **Target** | 99.9 % of valid events are good |"
    assert _row(text, "Window") == "| **Window** | 28 days, rolling |"
    budget = _row(text, "Error budget")
    assert "1,000 failed requests per window at 1,000,000 valid events" in budget   # 0.1 % of 1e6
    assert "40.32 minutes (40 min 19 s) of full outage" in budget                  # 0.001 × 40,320
    assert "## Rationale\n\nMet in most 28-day windows of last year.\n" in text
    assert "## Error budget policy: SRE Workbook Appendix B" in text
    assert "- **Freeze:** when the error budget of the preceding 28 days is overspent" in text
    assert "more than 20 % of the 28-day budget gets a postmortem" in text
    assert "- **Always allowed:** P0 fixes, security fixes." in text


def test_document_from_the_tuner_state_uses_the_window_counts(checkout):
    requests = float(checkout["requests"].sum())
    status = sl.slo_status(checkout, slo_target=0.999, window_days=28, service="checkout")
    text = templates.slo_document(status, **WORDS)
    assert f"{0.001 * requests:,.0f} failed requests per window at {requests:,.0f}" in text
    assert _row(text, "Window") == "| **Window** | 28 days, rolling |"

    dashboard = sl.slo_tuner_dashboard(service="checkout", sli="latency", threshold_ms=500,
                                       slo_target=0.99, window="28d")
    text = templates.slo_document(dashboard.state, **WORDS)
    successful = requests - float(checkout["errors"].sum())
    assert text.startswith("# SLO: checkout latency ≤ 500 ms\n")
    assert "- **Good events:** successful checkout requests answered within 500 ms." in text
    assert "- **Valid events:** successful checkout requests" in text
    assert f"{0.01 * successful:,.0f} slow requests per window" in text
    assert "403.2 minutes (6 h 43 min) with every request slow" in text          # 0.01 × 40,320


def test_calendar_window_and_own_words(checkout):
    status = sl.slo_status(checkout, slo_target=0.995, window="calendar", service="checkout")
    text = templates.slo_document(status, good_events="orders confirmed",
                                  valid_events="orders placed", **WORDS)
    assert _row(text, "Window") == f"| **Window** | calendar month ({status.window_days:g} days) |"
    assert "- **Good events:** orders confirmed." in text
    assert "- **Valid events:** orders placed." in text


def test_another_policy_and_an_openslo_appendix(definition):
    openslo = sl.to_openslo("checkout-availability", slo_target=0.999, service="checkout",
                            errors_counter='http_requests_total{code=~"5.."}',
                            total_counter="http_requests_total", window_days=28)
    text = templates.slo_document(definition, service="checkout", window_valid_events=500,
                                  policy=sl.slo_generator_error_budget_policy(),
                                  openslo=openslo, **WORDS)
    assert "## Error budget policy: slo-generator's default policy" in text
    assert "Postmortem" not in text                           # slo-generator has no such rule
    assert "the last 7 days burned faster than 1.5×" in text
    assert text.endswith("```yaml\n" + openslo.rstrip("\n") + "\n```\n")


def test_owner_comes_from_the_definition_when_not_given():
    slo = sl.SLO("checkout-availability", "availability", 0.999, window_days=28,
                 owner="payments guild")
    words = {k: v for k, v in WORDS.items() if k != "owner"}
    text = templates.slo_document(slo, service="checkout", window_valid_events=10, **words)
    assert _row(text, "Owner") == "| **Owner** | payments guild |"


def test_pure_same_arguments_same_text_and_no_files(definition, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = templates.slo_document(definition, service="checkout", window_valid_events=10, **WORDS)
    two = templates.slo_document(definition, service="checkout", window_valid_events=10, **WORDS)
    assert one == two
    assert list(tmp_path.iterdir()) == []


def test_review_date_accepts_dates():
    slo = sl.SLO("x", "availability", 0.99, window_days=7)
    words = {**WORDS, "review_date": dt.date(2027, 3, 1)}
    text = templates.slo_document(slo, service="shop", window_valid_events=10, **words)
    assert "| **Review date** | 2027-03-01 |" in text


# ------------------------------------------------------------------ validation messages

@pytest.mark.parametrize("change, error, text", [
    ({"journey": ...}, TypeError,
     "journey must be a non-empty string; got Ellipsis. Describe what the user is trying to do."),
    ({"rationale": "  "}, ValueError,
     "rationale must be a non-empty string; got '  '. Say why this target: one sentence."),
    ({"owner": None}, TypeError,
     "owner must be a non-empty string; got None. Name the team accountable for the SLO."),
    ({"review_date": "next year"}, ValueError,
     "review_date must be a date such as '2027-02-01' (YYYY-MM-DD) or a datetime.date; "
     "got 'next year'."),
    ({"review_date": 2027}, TypeError, "review_date must be a date such as"),
    ({"policy": "workbook"}, TypeError,
     "policy must be an ErrorBudgetPolicy (or None for the Workbook's); got 'str'."),
    ({"openslo": ""}, ValueError, "openslo must be a non-empty string"),
    ({"service": None}, TypeError,
     "service must be a non-empty string; got None. An SLO definition has no service: "
     "pass service=."),
    ({"window_valid_events": None}, ValueError,
     "window_valid_events must be the number of valid events in one window (> 0); got None."),
    ({"window_valid_events": 0}, ValueError,
     "window_valid_events must be the number of valid events in one window (> 0); got 0."),
])
def test_bad_inputs_are_named(definition, change, error, text):
    args = dict(service="checkout", window_valid_events=1000, **WORDS)
    args.update(change)
    with pytest.raises(error) as info:
        templates.slo_document(definition, **args)
    assert str(info.value).startswith(text)


def test_wrong_kind_of_slo_and_events_with_a_status(checkout):
    with pytest.raises(TypeError, match=r"^slo must be an SLOStatus \(the SLO tuner's .state"):
        templates.slo_document({"target": 0.999}, **WORDS)
    status = sl.slo_status(checkout.iloc[:1440], slo_target=0.999, window_days=28)
    with pytest.raises(ValueError, match="^window_valid_events must be left out when slo is an "
                                         "SLOStatus"):
        templates.slo_document(status, service="checkout", window_valid_events=10, **WORDS)
    with pytest.raises(ValueError, match="The SLOStatus has no service name: pass service="):
        templates.slo_document(status, **WORDS)                    # status.service == ""
    assert "# SLO: shop availability" in templates.slo_document(status, service="shop", **WORDS)


# ------------------------------------------------------------------ output folder and saving

def test_output_folder_is_notebooks_output(tmp_path, monkeypatch):
    course = tmp_path / "course"
    (course / "notebooks" / "02_slos").mkdir(parents=True)
    assert templates.output_folder(course / "notebooks" / "02_slos") == course / "notebooks" / "output"
    assert templates.output_folder(course / "notebooks") == course / "notebooks" / "output"
    assert templates.output_folder(tmp_path) == tmp_path / "output"
    monkeypatch.chdir(course / "notebooks" / "02_slos")
    assert templates.output_folder() == course / "notebooks" / "output"
    assert not (course / "notebooks" / "output").exists()           # looking creates nothing
    with pytest.raises(TypeError, match="^start must be a folder path"):
        templates.output_folder(3)


def test_save_markdown_creates_the_folder_and_replaces_the_file(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks" / "02_slos"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    path = templates.save_markdown("# one", "checkout-slo.md")
    assert path == tmp_path / "notebooks" / "output" / "checkout-slo.md"
    assert path.read_text(encoding="utf-8") == "# one\n"
    again = templates.save_markdown("# two\n", "checkout-slo.md")
    assert again == path and path.read_text(encoding="utf-8") == "# two\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["checkout-slo.md"]
    other = templates.save_markdown("# x", "x.md", folder=tmp_path / "elsewhere")
    assert other == tmp_path / "elsewhere" / "x.md"


@pytest.mark.parametrize("text, filename, error, message", [
    ("# x", "../x.md", ValueError, "filename must be a plain file name ending in '.md'"),
    ("# x", "sub/x.md", ValueError, "Give the name only; the folder is chosen for you."),
    ("# x", "x.txt", ValueError, "filename must be a plain file name ending in '.md'"),
    ("# x", 5, TypeError, "filename must be a plain file name ending in '.md'"),
    ("", "x.md", ValueError, "text must be a non-empty string of Markdown; got ''."),
    (None, "x.md", TypeError, "text must be a string of Markdown; got 'NoneType'."),
])
def test_save_markdown_refuses_bad_names(tmp_path, text, filename, error, message):
    with pytest.raises(error) as info:
        templates.save_markdown(text, filename, folder=tmp_path)
    assert message in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_import_loads_no_plotting():
    import subprocess
    import sys

    code = ("import sys, sre_lab.templates; "
            "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=True).stdout
    assert out.split() == ["False", "False"]
