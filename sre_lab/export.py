"""From notebook to production: SLOs as OpenSLO documents and Prometheus rule files.

An SLO tuned in a notebook is only useful once the monitoring system enforces
it. This module writes the same SLO in two formats that tools read:

=========================  ===================================================
``to_openslo``             an OpenSLO v1 ``kind: SLO`` document (YAML text):
                           vendor-neutral definition of the indicator, the
                           window and the objective
``to_prometheus_rules``    a Prometheus rule file (YAML text): recording rules
                           of the error ratio per alert window and one
                           multiwindow burn-rate alert per
                           :class:`~sre_lab.AlertRule`
=========================  ===================================================

Both return text (deterministic: same arguments, same bytes) that you save to
a file; neither touches the disk or the network.

Using the Prometheus rule file
------------------------------
Save the text, check it with Prometheus' own tool, and list it in
``prometheus.yml``::

    text = sl.to_prometheus_rules(
        "checkout-availability", slo_target=0.999,
        errors_counter='http_requests_total{job="checkout",code=~"5.."}',
        total_counter='http_requests_total{job="checkout"}')
    pathlib.Path("rules/checkout-slo.yml").write_text(text)

.. code-block:: console

    $ promtool check rules rules/checkout-slo.yml
    Checking rules/checkout-slo.yml
      SUCCESS: 8 rules found

(five recorded error ratios, 5m/30m/1h/6h/3d, and the Workbook's three
alerts.)

.. code-block:: yaml

    # prometheus.yml
    global:
      scrape_interval: 15s
      evaluation_interval: 1m
    rule_files:
      - rules/*.yml

The rule group sets its own ``interval: 1m``, whatever the global
``evaluation_interval``. Then reload Prometheus (``kill -HUP <pid>``, or
``POST /-/reload`` when started with ``--web.enable-lifecycle``). The alerts
reach Alertmanager with the labels ``severity`` (``page`` or ``ticket``) and
``slo``: route on them. ``promtool test rules`` replays counters through the
file; the course's tests (``tests/test_promtool.py``) use it to show that
:func:`sre_lab.evaluate_alerts` and Prometheus fire the same alerts in the same
minutes.

What the OpenSLO document leaves out
------------------------------------
OpenSLO v1 allows one condition per ``AlertPolicy`` and one
``lookbackWindow`` per ``burnrate`` condition, so a multiwindow,
multi-burn-rate policy cannot be written in it (OpenSLO issue #218, proposal
PR #240). :func:`to_openslo` describes the SLO; the alerts live in the
Prometheus rule file.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
from typing import Any, Sequence


from ._validation import check_choice, check_fraction, check_int, message
from ._windows import budget_fraction

#: Longest alert window / ``for:`` accepted (one year, as sl.AlertRule): far
#: inside the ~292 years Prometheus can parse before "duration out of range".
MAX_RULE_MINUTES = 366 * 1440

__all__ = ["to_openslo", "to_prometheus_rules"]

_SEVERITIES = ("page", "ticket")
_NAME_RULE = ("a lowercase name of letters, digits and '-' that starts and ends with a "
              "letter or digit, at most 63 characters (an OpenSLO / Kubernetes name)")
_NAME_RE = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
_SELECTOR_RULE = "a PromQL counter selector such as 'http_requests_total{code=~\"5..\"}'"
_METRIC_RE = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_STRING_RE = r"(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`[^`]*`)"
_MATCHER_RE = rf"[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*{_STRING_RE}"
_SELECTOR_RE = re.compile(
    rf"(?P<metric>{_METRIC_RE})?\s*"
    rf"(?:\{{\s*(?P<matchers>{_MATCHER_RE}(?:\s*,\s*{_MATCHER_RE})*)?\s*,?\s*\}})?")
_CALENDAR_DURATIONS = {"week": "1w", "month": "1M", "quarter": "1Q", "year": "1Y"}
_BUDGETING_METHODS = ("Occurrences", "Timeslices")
_DEFAULT_WINDOW_DAYS = 30


def _check_name(name: str, value: Any) -> str:
    """Check an SLO or service name usable as OpenSLO name and Prometheus label value."""
    if not isinstance(value, str):
        raise TypeError(message(name, _NAME_RULE, value))
    if not _NAME_RE.fullmatch(value):
        hint = None
        candidate = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:63].strip("-")
        if candidate and _NAME_RE.fullmatch(candidate):
            hint = f"Try {candidate!r}."
        raise ValueError(message(name, _NAME_RULE, value, hint))
    return str(value)  # a plain str: yaml cannot represent str subclasses such as np.str_


def _selector_problem(text: str) -> str | None:
    """Return why ``text`` is not a plain counter selector, or None when it is one."""
    depth, quote, escaped, opened = 0, None, False, 0
    outside = []  # the characters outside quoted label values
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote != "`":
                escaped = True
            elif char == quote:
                quote = None
            continue
        outside.append(char)
        if char in "\"'`":
            quote = char
        elif char == "{":
            depth, opened = depth + 1, opened + 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "Its braces are unbalanced: a '}' comes before its '{'."
    if quote:
        return f"A label value opened with {quote} is never closed (unbalanced quotes)."
    if depth:
        return "Its braces are unbalanced: a '{' is never closed."
    if opened > 1:
        return "Give one selector: a metric name and at most one {...} of label matchers."
    if "[" in outside or "(" in outside:  # brackets inside a quoted value are fine
        return ("Give the bare counter, without a range or a function: the rules add "
                "increase(...[window]) themselves.")
    match = _SELECTOR_RE.fullmatch(text)
    if match is None:
        return ("Write it as metric_name{label=\"value\", ...} with the matchers =, !=, =~ "
                "or !~ and quoted values.")
    if not match.group("metric") and not match.group("matchers"):
        return "It selects nothing: give a metric name or label matchers."
    return None


def _check_selector(name: str, value: Any) -> str:
    """Check a PromQL counter selector; return it without surrounding spaces."""
    if not isinstance(value, str):
        raise TypeError(message(name, _SELECTOR_RULE, value))
    text = value.strip()
    problem = "It is empty." if not text else _selector_problem(text)
    if problem:
        raise ValueError(message(name, _SELECTOR_RULE, value, problem))
    return str(text)  # a plain str: yaml cannot represent str subclasses such as np.str_


def _duration(minutes: int) -> str:
    """Prometheus/OpenSLO duration for a whole number of minutes: 5m, 1h, 3d."""
    if minutes % 1440 == 0:
        return f"{minutes // 1440}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def _number(value: float) -> str:
    """Shortest PromQL literal that parses back to exactly ``value`` (Go and Python agree)."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _check_rules(rules: Any, slo_target: float) -> list:
    """Check a non-empty sequence of AlertRule-like objects; return it as a list."""
    rule_text = "a non-empty list of sl.AlertRule"
    if rules is None:
        from .alerting import workbook_policy

        try:
            return list(workbook_policy(slo_target))
        except ValueError as exc:  # to_prometheus_rules has no strict=: say what to pass
            raise ValueError(str(exc).replace(
                "Pass strict=False to build the rules anyway.",
                "Pass rules=sl.workbook_policy(slo_target, strict=False) to export them "
                "anyway, or rules that can fire at this target.")) from None
    if hasattr(rules, "burn_rate"):  # one rule, as sl.evaluate_alerts accepts
        rules = [rules]
    if isinstance(rules, (str, bytes)) or not isinstance(rules, Sequence):
        raise TypeError(message("rules", rule_text, type(rules).__name__))
    if len(rules) == 0:
        raise ValueError(message("rules", rule_text, list(rules),
                                 "Pass sl.workbook_policy(slo_target) or leave rules=None."))
    fields = ("name", "burn_rate", "long_window_minutes", "short_window_minutes",
              "severity", "for_minutes")
    seen = set()
    for index, rule in enumerate(rules):
        where = f"rules[{index}]"
        missing = [f for f in fields if not hasattr(rule, f)]
        if missing:
            raise TypeError(message(where, "an sl.AlertRule", rule,
                                    f"It has no {', '.join(missing)}."))
        if not isinstance(rule.name, str) or not rule.name.strip() or not rule.name.isprintable():
            raise ValueError(message(f"{where}.name", "a non-empty printable name", rule.name))
        if rule.name in seen:
            raise ValueError(message(f"{where}.name", "unique within rules", rule.name,
                                     "Two alerts with one name cannot be told apart."))
        seen.add(rule.name)
        check_choice(f"{where}.severity", rule.severity, _SEVERITIES)
        burn = rule.burn_rate
        if isinstance(burn, bool) or not isinstance(burn, numbers.Real):
            raise TypeError(message(f"{where}.burn_rate", "a number > 0", burn))
        if not (math.isfinite(burn) and burn > 0):
            plain = burn.item() if hasattr(burn, "item") else burn  # numpy scalar -> Python
            raise ValueError(message(f"{where}.burn_rate", "a number > 0", plain))
        check_int(f"{where}.long_window_minutes", rule.long_window_minutes, low=1,
                  high=MAX_RULE_MINUTES)
        check_int(f"{where}.short_window_minutes", rule.short_window_minutes, low=1,
                  high=MAX_RULE_MINUTES)
        check_int(f"{where}.for_minutes", rule.for_minutes, low=0, high=MAX_RULE_MINUTES)
    return list(rules)


def _dump(document: dict, header: str) -> str:
    import yaml  # imported on use: `import sre_lab` stays light

    body = yaml.safe_dump(document, sort_keys=False, default_flow_style=False,
                          allow_unicode=True, width=1000)
    return header + body


def to_prometheus_rules(
    slo_name: str,
    *,
    slo_target: float,
    errors_counter: str,
    total_counter: str,
    rules: Sequence | None = None,
) -> str:
    """Write a Prometheus rule file that enforces an SLO with burn-rate alerts.

    The file is what an SRE would hand-write after the notebook: the error
    ratio over every window the alert rules need is recorded once a minute,
    and each rule pages (or files a ticket) when the error ratio over both its
    long and its short window exceeds ``burn_rate × (1 − slo_target)``.

    Parameters
    ----------
    slo_name : str
        Name of the SLO, e.g. ``"checkout-availability"``: lowercase letters,
        digits and ``-``, at most 63 characters. It becomes the label
        ``slo="<slo_name>"`` on every recorded series and alert, and names the
        rule group.
    slo_target : float
        The objective as a fraction in (0, 1), e.g. ``0.999``.
    errors_counter, total_counter : str
        PromQL selectors of the counters of bad events and of all valid
        events, e.g. ``'http_requests_total{job="checkout",code=~"5.."}'`` and
        ``'http_requests_total{job="checkout"}'``. Bare selectors only: the
        rules add ``increase(...[window])`` and ``sum(...)`` themselves.
    rules : AlertRule or sequence of AlertRule, optional
        The alert policy; default ``sl.workbook_policy(slo_target)``. Rule
        names become alert names, so they must be unique.

    Returns
    -------
    str
        The rule file as YAML text: one group named ``sre-lab-<slo_name>``,
        evaluated every minute, holding the recording rules
        ``slo:sli_error:ratio_rate<window>`` (windows sorted by length) and
        then one alerting rule per rule, in the order given.

    Raises
    ------
    TypeError
        If an argument is of the wrong kind (a non-string selector, a rule that
        is not an :class:`~sre_lab.AlertRule`).
    ValueError
        If ``slo_name`` is not a valid name, ``slo_target`` is not in (0, 1),
        a selector is empty, has unbalanced braces or quotes, or carries a
        range/function, ``errors_counter`` equals ``total_counter``, ``rules``
        is empty, or a rule has an unknown severity, a duplicate name or a
        non-positive window.

    See Also
    --------
    sre_lab.evaluate_alerts : replays the same rules over per-minute counts.
    to_openslo : the vendor-neutral SLO definition.

    Notes
    -----
    For every window ``w`` in the rules (long and short)::

        slo:sli_error:ratio_rate<w>{slo="<name>"} =
            sum(increase(<errors_counter>[w])) / sum(increase(<total_counter>[w]))

    and for every rule, with ``F = burn_rate`` and ``B = 1 − slo_target``
    the error budget (``0.001`` for 99.9 %)::

        alert: <rule.name>
        expr:  (ratio_rate<long> > F * B) and (ratio_rate<short> > F * B)
        for:   <rule.for_minutes>m
        labels: {severity: <rule.severity>, slo: <slo_name>}

    Why these exact forms (they make Prometheus and
    :func:`sre_lab.evaluate_alerts` agree to the minute):

    * ``increase(errors)/increase(total)``: Prometheus extrapolates
      ``increase()`` and ``rate()`` to the window's edges. With samples every
      minute and evaluations on the minute, a full window holds a sample at
      both edges and the factor is exactly 1; when a counter starts at 0
      (process start) inside the window, ``increase()`` extrapolates only down
      to zero, again a factor of 1. The ratio of increases is then the exact
      ratio of event counts. (The ratio of ``rate()`` would be equal in exact
      arithmetic but divides both by the window length first, which can move
      the last bit of a float.)
    * The threshold is written as ``F * B`` with both numbers printed
      exactly as :func:`sre_lab.evaluate_alerts` uses them (``B`` is
      ``1 − slo_target`` tidied to 12 decimals, so ``0.001``, not
      ``0.0010000000000000009``), so Prometheus multiplies the same two
      float64 values and compares against the same threshold. This matters
      when an error ratio lands exactly on the threshold: Sloth writes
      ``14.4 * 0.0009999999999999432`` ((100 − 99.9)/100 in float64), a hair
      below 0.0144, and fires at a ratio of exactly 1.44 % where the replay
      does not.
    * Records and alerts share one group: Prometheus evaluates a group's
      rules in order at one timestamp, so the alerts read this minute's
      ratios. In separate groups they may read the previous minute's.
    * ``for: N m`` makes an alert fire at the evaluation where it has been
      active for N minutes, i.e. at its (N+1)-th consecutive active minute.

    Prometheus 2.x selects ``[w]`` as the closed interval ``[t − w, t]``; 3.x
    made it left-open, so with 1-minute scrapes a ``[5m]`` ratio there covers
    4 minutes of increments. With real 15 s/30 s scrapes extrapolation is
    never exactly 1 either: the agreement with the course's replay is exact
    for 1-minute counters on Prometheus 2.x and close otherwise. A missing
    error series (no 5xx yet) gives no ratio, not 0: alerts stay quiet,
    dashboards show gaps.

    Examples
    --------
    >>> import sre_lab as sl
    >>> text = sl.to_prometheus_rules(
    ...     "checkout", slo_target=0.999,
    ...     errors_counter='http_requests_total{code=~"5.."}',
    ...     total_counter="http_requests_total",
    ...     rules=[sl.AlertRule("CheckoutFastBurn", 14.4, 60, 5, "page", for_minutes=2)])
    >>> import yaml
    >>> group = yaml.safe_load(text)["groups"][0]
    >>> [r.get("record", r.get("alert")) for r in group["rules"]]
    ['slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate1h', 'CheckoutFastBurn']
    >>> print(group["rules"][0]["expr"])
    sum(increase(http_requests_total{code=~"5.."}[5m])) / sum(increase(http_requests_total[5m]))
    >>> print(group["rules"][2]["expr"])
    (slo:sli_error:ratio_rate1h{slo="checkout"} > 14.4 * 0.001)
    and (slo:sli_error:ratio_rate5m{slo="checkout"} > 14.4 * 0.001)
    >>> group["rules"][2]["for"], group["rules"][2]["labels"]
    ('2m', {'severity': 'page', 'slo': 'checkout'})
    """
    slo_name = _check_name("slo_name", slo_name)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    errors_counter = _check_selector("errors_counter", errors_counter)
    total_counter = _check_selector("total_counter", total_counter)
    if errors_counter == total_counter:
        raise ValueError(message(
            "errors_counter", "a different selector from total_counter", errors_counter,
            "Select only the bad events, e.g. add code=~\"5..\"."))
    rules = _check_rules(rules, slo_target)

    windows = sorted({m for r in rules for m in (r.long_window_minutes, r.short_window_minutes)})
    slo_label = f'{{slo="{slo_name}"}}'
    budget = _number(budget_fraction(slo_target))
    entries: list[dict] = []
    for minutes in windows:
        w = _duration(minutes)
        entries.append({
            "record": f"slo:sli_error:ratio_rate{w}",
            "expr": f"sum(increase({errors_counter}[{w}])) / sum(increase({total_counter}[{w}]))",
            "labels": {"slo": slo_name},
        })
    for rule in rules:
        long_w, short_w = _duration(rule.long_window_minutes), _duration(rule.short_window_minutes)
        threshold = f"{_number(rule.burn_rate)} * {budget}"
        entry: dict[str, Any] = {
            "alert": rule.name,
            "expr": (f"(slo:sli_error:ratio_rate{long_w}{slo_label} > {threshold})"
                     f" and (slo:sli_error:ratio_rate{short_w}{slo_label} > {threshold})"),
        }
        if rule.for_minutes:
            entry["for"] = _duration(rule.for_minutes)
        entry["labels"] = {"severity": rule.severity, "slo": slo_name}
        entry["annotations"] = {
            "summary": (f"SLO {slo_name} is burning its error budget at more than "
                        f"{_number(rule.burn_rate)}x"),
            "description": (f"The error ratio over both the last {long_w} and the last "
                            f"{short_w} is above {_number(rule.burn_rate)} x {budget}: burn "
                            f"rate {_number(rule.burn_rate)} against the error budget "
                            f"1 - {_number(slo_target)}."),
        }
        entries.append(entry)
    document = {"groups": [{"name": f"sre-lab-{slo_name}", "interval": "1m", "rules": entries}]}
    header = (f"# Prometheus rules for the SLO {slo_name!r} (target {_number(slo_target)}),\n"
              "# generated by sre_lab.to_prometheus_rules. Check: promtool check rules <file>;\n"
              "# load: list the file under rule_files: in prometheus.yml and reload.\n")
    return _dump(document, header)


def _check_calendar_start(value: Any) -> str:
    rule = "a date or a 'YYYY-MM-DD HH:MM:SS' string without a time zone"
    if isinstance(value, _dt.datetime):
        moment = value
    elif isinstance(value, _dt.date):
        moment = _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(message("calendar_start", rule, value)) from None
    else:
        raise TypeError(message("calendar_start", rule, value))
    if moment.tzinfo is not None:
        raise ValueError(message("calendar_start", rule, value,
                                 "Give the wall-clock time and pass time_zone separately."))
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _check_time_zone(value: Any) -> str:
    rule = "an IANA time zone name such as 'UTC' or 'Europe/Paris'"
    if not isinstance(value, str):
        raise TypeError(message("time_zone", rule, value))
    if value == "UTC":
        return "UTC"
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(message("time_zone", rule, value)) from None
    return str(value)


def to_openslo(
    slo_name: str,
    *,
    slo_target: float,
    service: str,
    total_counter: str,
    errors_counter: str | None = None,
    good_counter: str | None = None,
    window_days: int | None = None,
    calendar: str | None = None,
    calendar_start: Any = "2024-01-01 00:00:00",
    time_zone: str = "UTC",
    budgeting_method: str = "Occurrences",
    time_slice_target: float | None = None,
    time_slice_window_minutes: int | None = None,
    description: str | None = None,
) -> str:
    """Write an SLO as an OpenSLO v1 document (``apiVersion: openslo/v1``, ``kind: SLO``).

    OpenSLO is the vendor-neutral way to hand an SLO to tools (Nobl9, Sloth,
    OpenSLO validators): the indicator (which counters are bad or good events
    and which are all events), the window the budget is counted over, and the
    objective.

    Parameters
    ----------
    slo_name : str
        ``metadata.name`` of the SLO (and of its inline SLI): lowercase
        letters, digits and ``-``, at most 63 characters.
    slo_target : float
        The objective as a fraction in (0, 1), e.g. ``0.999``; written as
        ``objectives[0].target``.
    service : str
        Name of the service the SLO belongs to (same naming rule).
    total_counter : str
        PromQL selector of the counter of all valid events.
    errors_counter, good_counter : str, optional
        PromQL selector of the counter of bad events (``ratioMetric.bad``) or
        of good events (``ratioMetric.good``); give exactly one.
    window_days : int, optional
        Length of a rolling window in days (1 to 3650); default 30. Not
        allowed together with ``calendar``.
    calendar : {"week", "month", "quarter", "year"}, optional
        Use a calendar-aligned window of that length instead of a rolling one.
    calendar_start : str or datetime.date, default "2024-01-01 00:00:00"
        Wall-clock start of one calendar window (the default is a Monday and
        the first day of a month, quarter and year, so it aligns every
        calendar length). Only used with ``calendar``.
    time_zone : str, default "UTC"
        IANA time zone of ``calendar_start``. Only used with ``calendar``.
    budgeting_method : {"Occurrences", "Timeslices"}, default "Occurrences"
        ``Occurrences`` counts bad events against all events; ``Timeslices``
        counts bad time slices (a slice is good when its own ratio of good
        events reaches ``time_slice_target``) against all slices.
    time_slice_target : float, optional
        For ``Timeslices`` only (required there): the good-event fraction in
        (0, 1] a slice needs to count as good.
    time_slice_window_minutes : int, optional
        For ``Timeslices`` only: the slice length in minutes (1 to 1440),
        default 1.
    description : str, optional
        Free text, at most 1050 characters (the spec's limit).

    Returns
    -------
    str
        One YAML document, keys in the spec's order, loadable with
        ``yaml.safe_load``.

    Raises
    ------
    TypeError
        If an argument is of the wrong kind.
    ValueError
        If a name is invalid, ``slo_target`` or ``time_slice_target`` is out of
        range, both or neither of ``errors_counter`` / ``good_counter`` are
        given, a selector is malformed, ``window_days`` is combined with
        ``calendar``, the time-slice options are missing for ``Timeslices`` or
        given for ``Occurrences``, or the time zone is unknown.

    See Also
    --------
    to_prometheus_rules : the alerting side of the same SLO.

    Notes
    -----
    The SLI is ``(total − bad) / total`` for ``errors_counter`` and
    ``good / total`` for ``good_counter`` (OpenSLO README, "Ratio Metric");
    ``counter: true`` tells the consumer to take increases of the counters
    over the window, and each query is ``sum(<selector>)`` with
    ``type: Prometheus``.

    **What OpenSLO v1 cannot say.** A multiwindow, multi-burn-rate policy (the
    SRE Workbook's, and :func:`sre_lab.workbook_policy`) needs, for each
    alert, a long *and* a short window ANDed, and several such pairs ORed. An
    OpenSLO v1 ``AlertPolicy`` holds at most one ``AlertCondition``, and a
    ``burnrate`` condition has a single ``lookbackWindow``: one policy can
    express "burn rate above 14.4 over 1 h" but not "... and also over the
    last 5 min". Issue OpenSLO#218 asked for several conditions with AND/OR
    and proposal PR #240 sketched it; the maintainers point to lifting the
    one-condition limit in v2alpha instead. This function therefore writes
    no ``alertPolicies``: the alerts live in :func:`to_prometheus_rules`.
    Timeslices here is OpenSLO's; ``RatioTimeslices`` (a v1 example, not in
    the v1 SLO field list) is not written.

    Examples
    --------
    >>> import sre_lab as sl, yaml
    >>> text = sl.to_openslo(
    ...     "checkout-availability", slo_target=0.999, service="checkout",
    ...     errors_counter='http_requests_total{job="checkout",code=~"5.."}',
    ...     total_counter='http_requests_total{job="checkout"}', window_days=28)
    >>> print(text.splitlines()[0])
    apiVersion: openslo/v1
    >>> doc = yaml.safe_load(text)
    >>> doc["spec"]["timeWindow"], doc["spec"]["budgetingMethod"]
    ([{'duration': '28d', 'isRolling': True}], 'Occurrences')
    >>> doc["spec"]["objectives"]
    [{'displayName': 'checkout-availability', 'target': 0.999}]
    >>> ratio = doc["spec"]["indicator"]["spec"]["ratioMetric"]
    >>> print(ratio["bad"]["metricSource"]["spec"]["query"])
    sum(http_requests_total{job="checkout",code=~"5.."})

    A calendar month counted in one-minute slices, each good when 99 % of
    its requests succeed:

    >>> doc = yaml.safe_load(sl.to_openslo(
    ...     "checkout-minutes", slo_target=0.995, service="checkout",
    ...     good_counter='http_requests_total{job="checkout",code!~"5.."}',
    ...     total_counter='http_requests_total{job="checkout"}',
    ...     calendar="month", time_zone="Europe/Paris",
    ...     budgeting_method="Timeslices", time_slice_target=0.99))
    >>> doc["spec"]["timeWindow"]
    [{'duration': '1M', 'calendar': {'startTime': '2024-01-01 00:00:00',
    'timeZone': 'Europe/Paris'}, 'isRolling': False}]
    >>> doc["spec"]["objectives"]
    [{'displayName': 'checkout-minutes', 'target': 0.995, 'timeSliceTarget': 0.99,
    'timeSliceWindow': '1m'}]
    """
    slo_name = _check_name("slo_name", slo_name)
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    service = _check_name("service", service)
    total_counter = _check_selector("total_counter", total_counter)
    if (errors_counter is None) == (good_counter is None):
        raise ValueError(message(
            "errors_counter", "given when good_counter is not (exactly one of the two)",
            errors_counter, "Pass errors_counter for bad events or good_counter for good ones."))
    numerator_key, numerator_name, numerator = (
        ("bad", "errors_counter", errors_counter) if errors_counter is not None
        else ("good", "good_counter", good_counter))
    numerator = _check_selector(numerator_name, numerator)
    if numerator == total_counter:
        raise ValueError(message(numerator_name, "a different selector from total_counter",
                                 numerator))

    if calendar is not None:
        calendar = check_choice("calendar", calendar, list(_CALENDAR_DURATIONS))
        if window_days is not None:
            raise ValueError(message(
                "window_days", "left out when calendar is given", window_days,
                "A calendar window's length is the calendar period."))
        time_window = {
            "duration": _CALENDAR_DURATIONS[calendar],
            "calendar": {"startTime": _check_calendar_start(calendar_start),
                         "timeZone": _check_time_zone(time_zone)},
            "isRolling": False,
        }
    else:
        days = _DEFAULT_WINDOW_DAYS if window_days is None else check_int(
            "window_days", window_days, low=1, high=3650)
        time_window = {"duration": f"{days}d", "isRolling": True}

    budgeting_method = str(check_choice("budgeting_method", budgeting_method,
                                        _BUDGETING_METHODS))
    objective: dict[str, Any] = {"displayName": slo_name, "target": slo_target}
    if budgeting_method == "Timeslices":
        if time_slice_target is None:
            raise ValueError(message(
                "time_slice_target", "a fraction in (0, 1] when budgeting_method is "
                "'Timeslices'", None))
        objective["timeSliceTarget"] = _check_slice_target(time_slice_target)
        minutes = 1 if time_slice_window_minutes is None else check_int(
            "time_slice_window_minutes", time_slice_window_minutes, low=1, high=1440)
        objective["timeSliceWindow"] = _duration(minutes)
    else:
        for name, value in (("time_slice_target", time_slice_target),
                            ("time_slice_window_minutes", time_slice_window_minutes)):
            if value is not None:
                raise ValueError(message(
                    name, "left out when budgeting_method is 'Occurrences'", value,
                    "Pass budgeting_method='Timeslices' to count time slices."))

    if description is not None:
        if not isinstance(description, str):
            raise TypeError(message("description", "a string of at most 1050 characters",
                                    description))
        if len(description) > 1050:
            raise ValueError(message("description", "a string of at most 1050 characters",
                                     description[:40] + "..."))
        description = str(description)

    def source(selector: str) -> dict:
        return {"metricSource": {"type": "Prometheus", "spec": {"query": f"sum({selector})"}}}

    spec: dict[str, Any] = {}
    if description is not None:
        spec["description"] = description
    spec["service"] = service
    spec["indicator"] = {
        "metadata": {"name": slo_name},
        "spec": {"ratioMetric": {"counter": True,
                                 numerator_key: source(numerator),
                                 "total": source(total_counter)}},
    }
    spec["timeWindow"] = [time_window]
    spec["budgetingMethod"] = budgeting_method
    spec["objectives"] = [objective]
    document = {"apiVersion": "openslo/v1", "kind": "SLO",
                "metadata": {"name": slo_name}, "spec": spec}
    return _dump(document, "")


def _check_slice_target(value: Any) -> float:
    """A fraction in (0, 1]: 1 is allowed (every event of the slice must be good)."""
    from ._validation import check_real

    hint = None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value <= 100:
        hint = f"Write {value:g}% as {value / 100:g}."
    return check_real("time_slice_target", value, low=0, high=1, low_open=True,
                      rule="a fraction in (0, 1]", hint=hint)
