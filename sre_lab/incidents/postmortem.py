"""Blameless postmortems as Markdown, written from an incident's data.

A postmortem documents what happened, what it cost, why the system let it
happen, and what will change. The numbers (impact, timeline, budget) come from
the data -- a :class:`~sre_lab.ResponseTimeline` -- so nobody retypes them;
the people write the parts only people can: contributing factors, what went
well, and action items with owners. Blameless means the text is about
systems and processes, not about who slipped: :func:`blaming_phrases` finds
wording that points at a person, and :func:`postmortem_document` refuses it.

=======================  ====================================================
``ActionItem``           one action: what, owner, type (mitigate / prevent /
                         process / other), priority
``postmortem_document``  the postmortem as Markdown text (pure: no I/O)
``blaming_phrases``      the blaming phrases found in a text
``ACTION_TYPES``         the action-item types of the SRE book's template
=======================  ====================================================

Save the text with :func:`sre_lab.save_markdown` (``notebooks/output/``).

Sources: Google SRE book, ch. 15 "Postmortem Culture" and Appendix D "Example
Postmortem" (fields: summary, impact, root causes and trigger, detection,
action items with type and owner, lessons learned: what went well / wrong /
where we got lucky, timeline), https://sre.google/sre-book/example-postmortem/ ;
PagerDuty's postmortem template (``docs/after/post_mortem_template.md``,
CC BY 4.0): "contributing factors" rather than a single root cause.
Taught in ``notebooks/03_incidents/1b_blameless_postmortems.ipynb``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .._validation import check_choice, check_fraction, message
from ..formatting import format_duration, format_percent
from .response import ResponseTimeline
from .severity import classify_severity

__all__ = ["ActionItem", "ACTION_TYPES", "postmortem_document", "blaming_phrases"]

#: Action-item types of the SRE book's Appendix D template.
ACTION_TYPES = ("mitigate", "prevent", "process", "other")
_PRIORITIES = ("P0", "P1", "P2", "P3")

# Phrases that put a person, not the system, at the centre.
_BLAME = (
    r"human error", r"should have", r"shouldn't have", r"should not have", r"careless\w*",
    r"negligen\w*", r"(?:his|her|their) fault", r"(?:was|is) to blame", r"blame[sd]? \w+",
    r"forgot", r"failed to", r"didn't bother", r"incompeten\w*", r"sloppy", r"lazy",
    r"stupid", r"mistake by", r"screwed up", r"messed up",
)
_BLAME_RE = re.compile(r"\b(?:" + "|".join(_BLAME) + r")\b", re.IGNORECASE)


def _text(name, value):
    rule = "a non-empty string"
    if value is ...:
        raise TypeError(message(name, rule, value, "Replace the ... with your words."))
    if not isinstance(value, str):
        raise TypeError(message(name, rule, type(value).__name__))
    if not value.strip():
        raise ValueError(message(name, rule, value))
    if len(value) > 2000:
        raise ValueError(message(name, "at most 2,000 characters", f"{len(value)} characters"))
    return " ".join(value.split())


@dataclass(frozen=True)
class ActionItem:
    """One postmortem action item: what will change, who owns it, its type and priority.

    >>> ActionItem("Add the severity table to the checkout runbook", owner="checkout team",
    ...            type="process").priority
    'P2'
    """

    action: str
    owner: str
    type: str = "prevent"
    priority: str = "P2"

    def __post_init__(self):
        object.__setattr__(self, "action", _text("action", self.action))
        object.__setattr__(self, "owner", _text("owner", self.owner))
        check_choice("type", self.type, ACTION_TYPES)
        check_choice("priority", self.priority, _PRIORITIES)


def blaming_phrases(text) -> list[str]:
    """Return the phrases of ``text`` that blame a person rather than describe the system.

    A heuristic list ("human error", "should have", "forgot", "careless", ...):
    it catches the usual slips, not every one; a reviewer still reads the text.

    Examples
    --------
    >>> blaming_phrases("Alex should have checked the logs; human error.")
    ['should have', 'human error']
    >>> blaming_phrases("The runbook had no severity table, so the page read as critical.")
    []
    """
    if not isinstance(text, str):
        raise TypeError(message("text", "a string", type(text).__name__))
    if len(text) > 100_000:
        raise ValueError(message("text", "at most 100,000 characters", f"{len(text)} characters"))
    return [m.group(0) for m in _BLAME_RE.finditer(text)]


def _texts(name, values):
    if values is ...:
        raise TypeError(message(name, "a list of sentences", values,
                                "Replace the ... with a list of sentences."))
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        raise TypeError(message(name, "a list of sentences", type(values).__name__))
    if len(values) > 50:
        raise ValueError(message(name, "at most 50 sentences", f"{len(values)} sentences"))
    out = [_text(f"{name}[{i}]", v) for i, v in enumerate(values)]
    for i, sentence in enumerate(out):
        found = blaming_phrases(sentence)
        if found:
            raise ValueError(message(
                f"{name}[{i}]", "blameless wording (about systems and processes, not people)",
                sentence, f"Rewrite {', '.join(repr(f) for f in found)}: say what in the system "
                "or the process let it happen."))
    return out


def _minutes(value):
    return "never" if pd.isna(value) else format_duration(value)


def postmortem_document(timeline, *, title, contributing_factors, action_items,
                        users_affected, went_well=(), went_wrong=(), got_lucky=(),
                        summary=None, severity=None, authors="the incident's responders",
                        status="Draft") -> str:
    """Write a blameless postmortem (Markdown) from an incident's response timeline.

    Parameters
    ----------
    timeline : ResponseTimeline
        From :func:`sre_lab.response_timeline`: the moments, the bad events
        and the budget of each stage.
    title : str
    contributing_factors : list of str
        What in the system or the process let the incident happen or last
        (at least one; blaming wording is refused, see :func:`blaming_phrases`).
    action_items : list of ActionItem
        At least one, each with an owner (a postmortem without action is
        indistinguishable from no postmortem, SRE Workbook).
    users_affected : float
        Share of users affected, in [0, 1] (``users_affected`` of the incident).
    went_well, went_wrong, got_lucky : list of str, optional
        Lessons learned (Appendix D's three buckets).
    summary : str, optional
        Default: one paragraph written from the numbers.
    severity : str, optional
        Default: :func:`sre_lab.classify_severity` of ``users_affected`` and
        the time to mitigate.
    authors : str, default "the incident's responders"
    status : {"Draft", "In Review", "Reviewed", "Closed"}, default "Draft"

    Returns
    -------
    str
        Markdown: title, metadata, summary, impact, timeline, contributing
        factors, lessons learned, action items.

    Examples
    --------
    >>> import pandas as pd
    >>> from sre_lab.incidents.response import response_timeline
    >>> idx = pd.date_range("2026-10-05", periods=1440, freq="min", tz="UTC")
    >>> t = pd.DataFrame({"requests": 1000, "errors": [500 if 600 <= i < 610 else 0
    ...                                                 for i in range(1440)]}, index=idx)
    >>> inc = pd.Series({"id": "INC-1", "service": "search", "started": idx[600],
    ...                  "mitigated": idx[610], "resolved": idx[640]})
    >>> r = response_timeline(t, inc, slo_target=0.999, window_days=1, ack_delay_minutes=3)
    >>> doc = postmortem_document(r, title="Search errors", users_affected=0.5,
    ...     contributing_factors=["A config push skipped the canary stage."],
    ...     action_items=[ActionItem("Canary every config push", owner="search team")])
    >>> doc.splitlines()[0]
    '# Postmortem: Search errors'
    >>> "| SEV1 |" in doc, "5,000 failed requests" in doc
    (True, True)
    """
    if not isinstance(timeline, ResponseTimeline):
        raise TypeError(message("timeline", "a ResponseTimeline (from sl.response_timeline)",
                                type(timeline).__name__))
    title = _text("title", title)
    users = check_fraction("users_affected", users_affected, closed=True, scalar=True)
    factors = _texts("contributing_factors", contributing_factors)
    if not factors:
        raise ValueError(message("contributing_factors", "at least one sentence", "[]"))
    if action_items is ... or not isinstance(action_items, (list, tuple)):
        raise TypeError(message("action_items", "a list of sl.ActionItem", action_items,
                                "e.g. [sl.ActionItem('Add a severity table to the runbook', "
                                "owner='on-call lead', type='process')]"))
    if not action_items:
        raise ValueError(message("action_items", "at least one sl.ActionItem", "[]",
                                 "A postmortem without action is indistinguishable from none."))
    if len(action_items) > 50:
        raise ValueError(message("action_items", "at most 50 items", len(action_items)))
    for i, item in enumerate(action_items):
        if not isinstance(item, ActionItem):
            raise TypeError(message(f"action_items[{i}]", "an sl.ActionItem",
                                    type(item).__name__))
        found = blaming_phrases(item.action)
        if found:
            raise ValueError(message(f"action_items[{i}]", "blameless wording", item.action,
                                     f"Rewrite {found[0]!r}."))
    lessons = {name: _texts(name, value) for name, value in
               (("went_well", went_well), ("went_wrong", went_wrong), ("got_lucky", got_lucky))}
    authors = _text("authors", authors)
    status = check_choice("status", status, ("Draft", "In Review", "Reviewed", "Closed"))
    ttm_minutes = timeline.time_to_mitigate / pd.Timedelta(minutes=1)
    if severity is None:
        severity = classify_severity(users, duration_minutes=ttm_minutes)
    else:
        severity = check_choice("severity", severity, ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5"))

    stages = timeline.stages
    failed = float(stages["bad_events"].sum())
    bad_word = {"availability": "failed requests", "latency": "slow requests"}.get(
        getattr(timeline, "sli", "availability"), "failed or slow requests")
    start = timeline.events["at"].iloc[0]
    service = timeline.service or "the service"
    if summary is None:
        detection = ("no page fired" if pd.isna(timeline.time_to_detect) else
                     f"the {timeline.detected_by} alert paged after "
                     f"{_minutes(timeline.time_to_detect)}")
        spent = format_percent(timeline.budget_share, digits=2)
        summary = (f"On {start:%Y-%m-%d} at {start:%H:%M} UTC, {service} hurt "
                   f"{format_percent(users, digits=1)} of its users for "
                   f"{_minutes(timeline.time_to_mitigate)} ({failed:,.0f} {bad_word}, "
                   f"{spent} of the error budget); {detection}.")
    else:
        summary = _text("summary", summary)

    lines = [f"# Postmortem: {title}", "",
             "| Incident | Service | Date (UTC) | Severity | Status | Authors |",
             "|---|---|---|---|---|---|",
             f"| {timeline.incident_id} | {service} | {start:%Y-%m-%d} | {severity} | {status} "
             f"| {authors} |", "",
             "*Blameless: this document is about how the system and our processes let this "
             "happen, not about who was on the keyboard.*", "",
             "## Summary", "", summary, "",
             "## Impact", "",
             f"- Users affected: {format_percent(users, digits=1)}",
             f"- {bad_word.capitalize()}: {failed:,.0f}",
             f"- Error budget spent: {format_percent(timeline.budget_share, digits=2)} of the "
             "window's budget",
             f"- Time to detect: {_minutes(timeline.time_to_detect)}; to acknowledge: "
             f"{_minutes(timeline.time_to_acknowledge)}; to mitigate: "
             f"{_minutes(timeline.time_to_mitigate)}; to resolve: "
             f"{_minutes(timeline.time_to_resolve)}", "",
             f"| Stage | Minutes | {bad_word.capitalize()} | Budget spent |", "|---|---|---|---|"]
    for s in stages.itertuples():
        lines.append(f"| {s.stage} | {s.minutes:g} | {s.bad_events:,.0f} | "
                     f"{format_percent(s.budget_share, digits=2)} |")
    lines += ["", "## Timeline (UTC)", "", "| Time | Event |", "|---|---|"]
    for e in timeline.events.itertuples():
        when = "—" if pd.isna(e.at) else f"{e.at:%Y-%m-%d %H:%M}"
        what = e.event if e.event != "detected" or timeline.detected_by is None else (
            f"detected (page: {timeline.detected_by})")
        lines.append(f"| {when} | {what} |")
    lines += ["", "## Contributing factors", "", *(f"- {f}" for f in factors), ""]
    lines += ["## Lessons learned", ""]
    for heading, name in (("What went well", "went_well"), ("What went wrong", "went_wrong"),
                          ("Where we got lucky", "got_lucky")):
        lines += [f"### {heading}", "", *(f"- {x}" for x in lessons[name] or ["(none noted)"]),
                  ""]
    lines += ["## Action items", "", "| Action | Type | Owner | Priority |", "|---|---|---|---|"]
    lines += [f"| {a.action} | {a.type} | {a.owner} | {a.priority} |" for a in action_items]
    lines += ["", "Sources: Google SRE book, Appendix D (example postmortem); PagerDuty "
              "postmortem template (CC BY 4.0).", ""]
    return "\n".join(lines)
