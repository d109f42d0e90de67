"""Documents the learner takes home: an SLO document as Markdown, and where to save it.

An SLO only works once people agree on it, and people agree on documents, not
on notebook cells. The SRE Workbook's example SLO document (Appendix A) and the
Art of SLOs workshop's worksheet hold the same parts: the service and the user
journey it serves, the SLI as *good events / valid events*, the target and the
window, the error budget that follows, why this target, who owns it, when it is
reviewed, and the error budget policy that says what happens when the budget
runs out. :func:`slo_document` writes those parts from values computed in a
notebook (the SLO tuner's state, or an :class:`~sre_lab.SLO` definition).

=====================  =====================================================
``slo_document``       the SLO document as Markdown text (pure: no I/O)
``save_markdown``      write a text into the course's output folder
``output_folder``      that folder: ``notebooks/output/`` of the course
=====================  =====================================================

The machine-readable side of the same SLO lives in :mod:`sre_lab.export`:
:func:`~sre_lab.to_openslo` writes an OpenSLO v1 document (pass its text as
``openslo=`` to append it to the Markdown) and :func:`~sre_lab.to_prometheus_rules`
the burn-rate alerts. Nothing here duplicates them.

Sources: SRE Workbook, Appendix A "Example SLO Document"
(https://sre.google/workbook/slo-document/) and Appendix B "Example Error
Budget Policy"; Google's "The Art of SLOs" workshop (CC BY 4.0). Taught in
``notebooks/02_slos/1c_slo_tuner_and_document.ipynb``; the capstone reuses it.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from ._validation import check_real, message
from .formatting import format_duration, format_percent
from .policy import ErrorBudgetPolicy, workbook_error_budget_policy
from .slo import SLO, SLOStatus, allowed_downtime, error_budget

__all__ = ["slo_document", "save_markdown", "output_folder"]

_GOOD = {
    "availability": "{service} requests that succeeded (no server error)",
    "latency": "successful {service} requests answered within {threshold_ms} ms",
    "composite": "{service} requests that succeeded within {threshold_ms} ms",
}
_VALID = {
    "availability": "all {service} requests",
    "latency": "successful {service} requests (a failed request spends the availability "
               "budget, not this one)",
    "composite": "all {service} requests",
}
_BAD_WORD = {"availability": "failed requests", "latency": "slow requests",
             "composite": "failed or slow requests"}
_TIME_WORD = {"availability": "of full outage", "latency": "with every request slow",
              "composite": "with every request failed or slow"}
_KIND_WORDS = {"p0_fix": "P0 fixes", "feature": "features", "security": "security fixes"}
_FILENAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def _text(name: str, value: Any, *, hint: str | None = None) -> str:
    """A non-empty string, stripped; Ellipsis (the notebooks' blank) gets a hint."""
    rule = "a non-empty string"
    if value is ...:
        raise TypeError(message(name, rule, value, hint or "Replace the ... with your words."))
    if not isinstance(value, str):
        raise TypeError(message(name, rule, value, hint))
    if not value.strip():
        raise ValueError(message(name, rule, value, hint))
    return " ".join(value.split())


def _review_date(value: Any) -> _dt.date:
    rule = "a date such as '2027-02-01' (YYYY-MM-DD) or a datetime.date"
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if value is ... or not isinstance(value, str):
        raise TypeError(message("review_date", rule, value))
    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(message("review_date", rule, value)) from None


def _definition(slo: Any, service: Any, window_valid_events: Any) -> dict:
    """The numbers of the document, from an SLOStatus or an SLO."""
    if isinstance(slo, SLOStatus):
        if window_valid_events is not None:
            raise ValueError(message(
                "window_valid_events", "left out when slo is an SLOStatus", window_valid_events,
                "The tuner's state already holds the window's events."))
        name = slo.service if service is None else service
        name = _text("service", name, hint="The SLOStatus has no service name: pass service=.")
        return dict(service=name, sli=slo.sli, threshold_ms=slo.threshold_ms,
                    target=float(slo.slo_target), window=slo.window,
                    window_days=float(slo.window_days),
                    budget_events=float(slo.allowed_bad_events),
                    valid_events=float(slo.allowed_bad_events / (1 - slo.slo_target)),
                    owner=None)
    if isinstance(slo, SLO):
        name = _text("service", service, hint="An SLO definition has no service: pass service=.")
        if window_valid_events is None:
            raise ValueError(message(
                "window_valid_events", "the number of valid events in one window (> 0)", None,
                "An SLO definition has no traffic; pass the events of a recent window."))
        events = check_real("window_valid_events", window_valid_events, low=0, low_open=True,
                            rule="the number of valid events in one window (> 0)")
        return dict(service=name, sli=slo.sli, threshold_ms=slo.threshold_ms, target=slo.target,
                    window="rolling", window_days=float(slo.window_days),
                    budget_events=float(error_budget(slo.target, events)),
                    valid_events=events,
                    owner=slo.owner or None)
    raise TypeError(message(
        "slo", "an SLOStatus (the SLO tuner's .state, sl.slo_status) or an sl.SLO",
        type(slo).__name__))


def _policy_lines(policy: ErrorBudgetPolicy) -> list[str]:
    days = policy.window_days
    lines = []
    if policy.freeze_below_remaining is not None:
        when = ("the error budget of the preceding {d} days is overspent" if
                policy.freeze_below_remaining == 0 else
                f"less than {format_percent(policy.freeze_below_remaining)} of the "
                "budget of the preceding {d} days remains").format(d=days)
        lines.append(f"- **Freeze:** when {when}, {policy.freeze_text}. "
                     f"_From {policy.freeze_source}._")
    slow = []
    if policy.slow_down_below_remaining is not None:
        slow.append(f"less than {format_percent(policy.slow_down_below_remaining)} of the "
                    "budget remains")
    if policy.slow_down_burn_rate is not None:
        slow.append(f"the last {policy.slow_down_window_days:g} days burned faster than "
                    f"{policy.slow_down_burn_rate:g}×")
    if slow:
        lines.append(f"- **Slow down:** while {' or '.join(slow)}, {policy.slow_down_text}. "
                     f"_From {policy.slow_down_source}._")
    if policy.postmortem_budget_share is not None:
        lines.append(f"- **Postmortem:** a single incident that spends more than "
                     f"{format_percent(policy.postmortem_budget_share)} of the {days}-day "
                     f"budget gets a postmortem with at least one P0 action item. "
                     f"_From {policy.postmortem_source}._")
    if policy.exempt_change_kinds:
        kinds = ", ".join(_KIND_WORDS[k] for k in policy.exempt_change_kinds)
        lines.append(f"- **Always allowed:** {kinds}.")
    if policy.source:
        lines.append(f"- Source: {policy.source.rstrip('.')}.")
    return lines


def slo_document(slo, *, journey, rationale, owner=None, review_date, service=None,
                 window_valid_events=None, good_events=None, valid_events=None,
                 policy=None, openslo=None) -> str:
    """Write an SLO document (Markdown) from an SLO you tuned or defined.

    The parts follow the SRE Workbook's example SLO document: service and
    user journey, the SLI as good events / valid events, target and window,
    the error budget in events and in minutes, the rationale, the owner, the
    review date and a summary of the error budget policy.

    Parameters
    ----------
    slo : SLOStatus or SLO
        What was tuned: the SLO tuner's ``.state`` (or :func:`sre_lab.slo_status`),
        which carries the service, SLI, target, window and the window's events;
        or an :class:`sre_lab.SLO` definition (then ``service`` and
        ``window_valid_events`` are required).
    journey : str
        The user journey the SLO protects, in the user's words.
    rationale : str
        Why this target (history, what users need, what it costs).
    owner : str, optional
        The team accountable for the SLO; required unless the ``SLO`` has one.
    review_date : str or datetime.date
        When the SLO is reviewed next (``"YYYY-MM-DD"``).
    service : str, optional
        Overrides the status's service name; required with an ``SLO``.
    window_valid_events : float, optional
        Valid events in one window (> 0), for an ``SLO`` only: the budget in
        events is ``1 - target`` of them.
    good_events, valid_events : str, optional
        Your own wording of the good and valid events (default: from the SLI
        kind, e.g. "all checkout requests").
    policy : ErrorBudgetPolicy, optional
        Default: the SRE Workbook's example policy with the course's slow-down
        rule (:func:`sre_lab.workbook_error_budget_policy`).
    openslo : str, optional
        An OpenSLO document (e.g. from :func:`sre_lab.to_openslo`) to append
        as a YAML block.

    Returns
    -------
    str
        Markdown text, ending with a newline. Same arguments, same text.

    Raises
    ------
    TypeError
        If an argument is of the wrong kind (``...`` left in a text field too).
    ValueError
        If a text is empty, the review date is not a date, or a required
        value for the kind of ``slo`` is missing.

    See Also
    --------
    save_markdown : write the text to ``notebooks/output/``.
    sre_lab.to_openslo : the same SLO as an OpenSLO v1 document, for tools.

    Notes
    -----
    The budget in events is ``(1 - target) × valid events of one window`` (for
    a tuner state, the window's events so far projected to the whole window,
    as the tuner shows them); the budget in time is
    :func:`sre_lab.allowed_downtime`. Taught in
    ``notebooks/02_slos/1c_slo_tuner_and_document``.

    Examples
    --------
    >>> import sre_lab as sl
    >>> slo = sl.SLO("checkout-availability", "availability", 0.999, window_days=28)
    >>> text = slo_document(slo, service="checkout", window_valid_events=1_000_000,
    ...                     journey="Buy: find a product, pay, get a confirmation.",
    ...                     rationale="Met in most 28-day windows of last year.",
    ...                     owner="checkout team", review_date="2027-02-01")
    >>> print(text.splitlines()[0])
    # SLO: checkout availability
    >>> print([line for line in text.splitlines() if line.startswith("| **Target")][0])
    | **Target** | 99.9 % of valid events are good |
    >>> print([line for line in text.splitlines() if "Error budget" in line][0])
    | **Error budget** | 0.1 % of valid events: 1,000 failed requests per window at 1,000,000 valid events; as time, 40.32 minutes (40 min 19 s) of full outage |
    """
    facts = _definition(slo, service, window_valid_events)
    journey = _text("journey", journey, hint="Describe what the user is trying to do.")
    rationale = _text("rationale", rationale, hint="Say why this target: one sentence.")
    if owner is None and facts["owner"] is not None:
        owner = facts["owner"]
    owner = _text("owner", owner, hint="Name the team accountable for the SLO.")
    review = _review_date(review_date)
    fill = dict(service=facts["service"], threshold_ms=facts["threshold_ms"])
    good = (_text("good_events", good_events) if good_events is not None
            else _GOOD[facts["sli"]].format(**fill))
    valid = (_text("valid_events", valid_events) if valid_events is not None
             else _VALID[facts["sli"]].format(**fill))
    if policy is None:
        policy = workbook_error_budget_policy()
    elif not isinstance(policy, ErrorBudgetPolicy):
        raise TypeError(message("policy", "an ErrorBudgetPolicy (or None for the Workbook's)",
                                type(policy).__name__))
    if openslo is not None:
        if not isinstance(openslo, str):
            raise TypeError(message("openslo", "a string (sl.to_openslo's text)",
                                    type(openslo).__name__))
        if not openslo.strip():
            raise ValueError(message("openslo", "a non-empty string (sl.to_openslo's text)",
                                     openslo))

    sli = facts["sli"]
    target = facts["target"]
    days = facts["window_days"]
    label = sli if sli == "availability" else f"{sli} ≤ {facts['threshold_ms']} ms"
    window = (f"calendar month ({days:g} days)" if facts["window"] == "calendar"
              else f"{days:g} days, rolling")
    downtime = allowed_downtime(target, window_days=days)
    minutes = downtime.total_seconds() / 60
    budget_share = format_percent(1 - target)
    lines = [
        f"# SLO: {facts['service']} {label}",
        "",
        "| | |",
        "|---|---|",
        f"| **Service** | {facts['service']} |",
        f"| **User journey** | {journey} |",
        f"| **Owner** | {owner} |",
        f"| **Review date** | {review.isoformat()} |",
        "",
        "## Service level indicator",
        "",
        f"SLI = good events / valid events, counted over the window ({label}).",
        "",
        f"- **Good events:** {good}.",
        f"- **Valid events:** {valid}.",
        "",
        "## Objective and error budget",
        "",
        "| | |",
        "|---|---|",
        f"| **Target** | {format_percent(target)} of valid events are good |",
        f"| **Window** | {window} |",
        f"| **Error budget** | {budget_share} of valid events: "
        f"{facts['budget_events']:,.0f} {_BAD_WORD[sli]} per window at "
        f"{facts['valid_events']:,.0f} valid events; as time, {minutes:.4g} minutes "
        f"({format_duration(downtime)}) {_TIME_WORD[sli]} |",
        "",
        "## Rationale",
        "",
        rationale,
        "",
        f"## Error budget policy: {policy.name}",
        "",
        *_policy_lines(policy),
    ]
    if openslo is not None:
        lines += ["", "## Machine-readable definition (OpenSLO v1)", "", "```yaml",
                  openslo.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def output_folder(start=None) -> Path:
    """The folder where notebooks save what the learner takes home: ``notebooks/output/``.

    Looks for a folder named ``notebooks`` at ``start`` (default: the current
    working directory, which is the notebook's folder in Jupyter) or above it;
    without one, uses ``output/`` under ``start``. Creates nothing.

    Parameters
    ----------
    start : str or os.PathLike, optional
        Where to start looking (default: the current directory).

    Returns
    -------
    pathlib.Path
        An absolute path.

    Examples
    --------
    >>> output_folder("/course/notebooks/02_slos").as_posix()
    '/course/notebooks/output'
    >>> output_folder("/elsewhere").as_posix()
    '/elsewhere/output'
    """
    if start is None:
        start = Path.cwd()
    elif not isinstance(start, (str, Path)):
        raise TypeError(message("start", "a folder path (str or pathlib.Path)",
                                type(start).__name__))
    here = Path(start).absolute()
    for folder in (here, *here.parents):
        if folder.name == "notebooks":
            return folder / "output"
    return here / "output"


def save_markdown(text, filename, *, folder=None) -> Path:
    """Write a Markdown text to ``folder/filename`` and return the path.

    Creates the folder if needed and replaces an older file of the same name,
    so running a notebook twice leaves one file.

    Parameters
    ----------
    text : str
        The document, e.g. from :func:`slo_document`.
    filename : str
        A plain file name ending in ``.md``: letters, digits, ``.``, ``_``,
        ``-`` (no folders).
    folder : str or os.PathLike, optional
        Default :func:`output_folder` (``notebooks/output/``).

    Returns
    -------
    pathlib.Path
        The absolute path of the file written.

    Raises
    ------
    TypeError
        If ``text`` or ``filename`` is not a string.
    ValueError
        If ``text`` is empty or ``filename`` is not a plain ``.md`` name.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_markdown("# SLO\\n", "checkout-slo.md", folder=tmp)
    ...     print(path.name, path.read_text(encoding="utf-8").strip())
    checkout-slo.md # SLO
    """
    if not isinstance(text, str):
        raise TypeError(message("text", "a string of Markdown", type(text).__name__))
    if not text.strip():
        raise ValueError(message("text", "a non-empty string of Markdown", text))
    rule = "a plain file name ending in '.md' (letters, digits, '.', '_', '-')"
    if not isinstance(filename, str):
        raise TypeError(message("filename", rule, filename))
    if not _FILENAME_RE.fullmatch(filename) or not filename.endswith(".md") or ".." in filename:
        hint = ("Give the name only; the folder is chosen for you."
                if "/" in filename or "\\" in filename else None)
        raise ValueError(message("filename", rule, filename, hint))
    target = output_folder() if folder is None else _folder(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / filename
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def _folder(folder) -> Path:
    """``folder`` as an absolute path (checked)."""
    if not isinstance(folder, (str, Path)):
        raise TypeError(message("folder", "a folder path (str or pathlib.Path)",
                                type(folder).__name__))
    return Path(folder).absolute()
