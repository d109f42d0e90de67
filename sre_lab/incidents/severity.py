"""Severity as data: a published scale, a classifier from measured impact, and priority.

Severity says *how bad the impact is*; priority says *what to work on first*.
They are different questions (PagerDuty's docs keep a separate "priority"
page for that reason): a SEV3 on a Black-Friday checkout can be the most
urgent thing in the company, and a SEV2 with a working failover can wait for
the morning stand-up.

=====================  =======================================================
``SEVERITY_SCALE``     SEV1 .. SEV5 with PagerDuty's criteria and responses,
                       and the course's measurable thresholds
``SeverityLevel``      one level of the scale (frozen dataclass)
``classify_severity``  the severity from measured impact (users or requests
                       affected, duration, data loss, security)
``incident_priority``  P1 .. P5 from a severity and the business timing
=====================  =======================================================

Source: PagerDuty Incident Response documentation (CC BY 4.0),
``docs/before/severity_levels.md``, https://response.pagerduty.com/before/severity_levels/ :
"Anything above a SEV-3 is automatically considered a major incident"; "If you
are unsure which level an incident is, treat it as the higher one"; make the
definitions metric driven, "usually referring to a % of users/accounts
affected". PagerDuty publishes no percentages: the thresholds (50 %, 20 %,
5 % of users, the same as MicroCorp's simulator, ``sl.SEVERITY_THRESHOLDS``)
and the four-hour escalation are this course's choices.
Taught in ``notebooks/03_incidents/1a_severity_and_detection.ipynb``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_fraction, check_real, message
from ..simulation import SEVERITY_THRESHOLDS

__all__ = ["SeverityLevel", "SEVERITY_SCALE", "classify_severity", "incident_priority",
           "LONG_INCIDENT_MINUTES"]

#: Impact lasting at least this long is raised one level ("badly impaired for a
#: long time", PagerDuty SEV-1); the number is the course's choice.
LONG_INCIDENT_MINUTES = 240

_SOURCE = "PagerDuty Incident Response docs, severity_levels.md (CC BY 4.0)"


@dataclass(frozen=True)
class SeverityLevel:
    """One level of :data:`SEVERITY_SCALE`.

    ``min_share_affected`` is the smallest share of users (or requests)
    affected that reaches the level (``None``: not reached by share alone);
    ``major`` says whether it is a major incident (SEV1 and SEV2).
    """

    level: str
    criteria: str
    response: str
    min_share_affected: float | None
    major: bool
    source: str = _SOURCE


SEVERITY_SCALE: tuple[SeverityLevel, ...] = (
    SeverityLevel(
        "SEV1",
        "Critical: many customers hurt (half or more of users or requests), SLA broken, "
        "functionality badly impaired for a long time, customer data lost or exposed",
        "Major incident: page an incident commander, notify stakeholders and executives, "
        "public status update", SEVERITY_THRESHOLDS["SEV1"], True),
    SeverityLevel(
        "SEV2",
        "Critical system issue actively hurting many customers' use of the product "
        "(20 % or more of users or requests)",
        "Major incident: page an incident commander", SEVERITY_THRESHOLDS["SEV2"], True),
    SeverityLevel(
        "SEV3",
        "Partial loss of function for some customers, not most (5 % or more); "
        "needs immediate attention from the service owners",
        "High-urgency page to the service team; roll back if a deploy caused it",
        SEVERITY_THRESHOLDS["SEV3"], False),
    SeverityLevel(
        "SEV4",
        "Minor issue that needs action: few customers affected (under 5 %), "
        "performance delays, one host failed, a delayed job",
        "Low-urgency page (handled in working hours)", 0.0, False),
    SeverityLevel(
        "SEV5",
        "Cosmetic issues or bugs, no customer impact",
        "A ticket in the backlog", None, False),
)

_LEVELS = [s.level for s in SEVERITY_SCALE]


def _flags(name, value, size):
    array = np.asarray(value)
    if array.dtype != bool:
        raise TypeError(message(name, "True or False (or an array of them)", value))
    return np.broadcast_to(array, size) if array.ndim == 0 else array


def classify_severity(users_affected, *, requests_affected=None, duration_minutes=0,
                      data_loss=False, security=False,
                      long_minutes=LONG_INCIDENT_MINUTES):
    """Return the severity (``"SEV1"`` .. ``"SEV4"``) of an incident from its measured impact.

    Each criterion proposes a level and the **highest** one wins (PagerDuty:
    "if you are unsure ... treat it as the higher one"):

    * the share affected, the larger of ``users_affected`` and
      ``requests_affected``: >= 50 % SEV1, >= 20 % SEV2, >= 5 % SEV3, else SEV4;
    * data loss or a security exposure: SEV1;
    * impact lasting ``long_minutes`` or more: one level higher than the share alone.

    Parameters
    ----------
    users_affected : float or array-like
        Share of users affected, a fraction in [0, 1].
    requests_affected : float or array-like, optional
        Share of requests that failed or were too slow, in [0, 1].
    duration_minutes : float or array-like, default 0
        How long users were hurt (start to mitigation), minutes >= 0.
    data_loss, security : bool or array of bool, default False
        Customer data lost, or a security hole exposing it.
    long_minutes : float, default 240
        From this duration on, the level is raised by one (the course's choice).

    Returns
    -------
    str or numpy array of str
        A label per incident (a plain ``str`` for scalar input).

    Examples
    --------
    >>> classify_severity(0.031)
    'SEV4'
    >>> classify_severity(0.031, duration_minutes=300)
    'SEV3'
    >>> classify_severity(0.01, data_loss=True)
    'SEV1'
    >>> classify_severity([0.6, 0.25, 0.07]).tolist()
    ['SEV1', 'SEV2', 'SEV3']
    """
    users = check_fraction("users_affected", users_affected, closed=True)
    share = np.asarray(users, dtype=float)
    if requests_affected is not None:
        requests = check_fraction("requests_affected", requests_affected, closed=True)
        share = np.maximum(share, np.asarray(requests, dtype=float))
    duration = np.asarray(check_real("duration_minutes", duration_minutes, low=0,
                                     rule="minutes >= 0"), dtype=float)
    long_minutes = check_real("long_minutes", long_minutes, low=0, low_open=True, scalar=True,
                              rule="minutes > 0")
    try:
        shape = np.broadcast_shapes(share.shape, duration.shape, np.shape(data_loss),
                                    np.shape(security))
    except ValueError:
        raise ValueError(message("duration_minutes", "the same length as users_affected",
                                 f"shapes {share.shape} and {duration.shape}")) from None
    if np.prod(shape, dtype=float) > 10_000_000:
        raise ValueError(message("users_affected", "at most 10,000,000 incidents", shape))
    loss = _flags("data_loss", data_loss, shape)
    exposed = _flags("security", security, shape)
    bounds = np.array([SEVERITY_THRESHOLDS[s] for s in ("SEV1", "SEV2", "SEV3")])
    index = (share[..., None] < bounds).sum(axis=-1)          # 0 = SEV1 .. 3 = SEV4
    index = np.where(duration >= long_minutes, np.maximum(index - 1, 0), index)
    index = np.where(loss | exposed, 0, index)
    labels = np.array(_LEVELS)[np.broadcast_to(index, shape)]
    return str(labels) if labels.ndim == 0 else labels


_PRIORITIES = ["P1", "P2", "P3", "P4", "P5"]


def incident_priority(severity, *, peak_business_time=False, workaround=False):
    """Return the priority (``"P1"`` .. ``"P5"``): what to work on first.

    Priority starts from the severity's number (SEV2 -> P2) and weighs the
    business timing: one step up at a peak business time (a sale, a launch,
    month-end billing), one step down when a workaround keeps users going.
    Severity stays what it was measured to be.

    Parameters
    ----------
    severity : str
        ``"SEV1"`` .. ``"SEV5"``, e.g. from :func:`classify_severity`.
    peak_business_time : bool, default False
    workaround : bool, default False

    Examples
    --------
    >>> incident_priority("SEV3", peak_business_time=True)
    'P2'
    >>> incident_priority("SEV2", workaround=True)
    'P3'
    >>> incident_priority("SEV1", peak_business_time=True)
    'P1'
    """
    if not isinstance(severity, str):
        raise TypeError(message("severity", "one of " + ", ".join(_LEVELS), severity))
    if severity not in _LEVELS:
        raise ValueError(message("severity", "one of " + ", ".join(_LEVELS), severity,
                                 "Write it as 'SEV1' .. 'SEV5'."))
    for name, value in (("peak_business_time", peak_business_time), ("workaround", workaround)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(message(name, "True or False", value))
    index = _LEVELS.index(severity) - int(bool(peak_business_time)) + int(bool(workaround))
    return _PRIORITIES[min(max(index, 0), 4)]
