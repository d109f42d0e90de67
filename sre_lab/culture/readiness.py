"""Reliability culture: production readiness reviews (PRRs) as data, scores and measured effect.

Is a service ready for production, and do the reviews that ask pay off?

The checklist follows the six axes of a PRR in the Google SRE book (ch. 32,
"The Evolving SRE Engagement Model"): system architecture and inter-service
dependencies; instrumentation, metrics and monitoring; emergency response;
capacity planning; change management; performance. Its checks and the
levels that require them are taken, in our words and shortened, from
Mercari's open production-readiness checklist
(github.com/mercari/production-readiness-checklist,
``docs/references/pre-production-checklist.md``), where a service's **level**
is chosen by its SLO: **A** above 99.9 %, **B** 99 % to 99.9 %, **C** 95 %
to 99 % (``production-readiness-level.md``).

==========================  ====================================================
``PRR_AXES``                the six PRR axes of the SRE book, ch. 32
``PRR_LEVELS``              Mercari's levels: ``level -> (lowest SLO, highest)``
``PRR_CHECKLIST``           the checklist as data: axis, Mercari category, the
                            check, and the levels requiring it
``prr_level``               an SLO target -> its level (``"A"``, ``"B"``, ``"C"``)
``MICROCORP_SLO_TARGETS``   the four services' availability targets (the tiers
                            of section 2, part 3a)
``MICROCORP_PRR``           which checks each MicroCorp service passes (the
                            course's scenario), checks x services
``readiness_score``         passed / required checks at each service's level,
                            with what is missing (or per axis)
``REVIEW_SHARES``           share of launches each team reviews (the scenario)
``REVIEW_RISK_RATIO``       the review's true effect in the simulated world (0.5)
``simulate_reviews``        who reviewed which launch, drawn from a stated model
                            of review habits and review effect
``microcorp_launches``      the quarter's deployments with that ``reviewed``
                            column (fixed seed)
``ReviewEffect``            the result of ``review_effect`` (tables and ratios)
``review_effect``           incidents per launch, reviewed vs skipped: crude,
                            per team and team-adjusted (Mantel-Haenszel), with
                            intervals
==========================  ====================================================

Taught in ``notebooks/05_culture/2b_production_readiness_reviews.ipynb`` and
``2c_do_reviews_pay_off.ipynb``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from .._validation import check_choice, check_columns, check_fraction, check_real, message
from .._windows import check_rng, described

__all__ = ["PRR_AXES", "PRR_LEVELS", "PRR_CHECKLIST", "prr_level", "MICROCORP_SLO_TARGETS",
           "MICROCORP_PRR", "readiness_score", "REVIEW_SHARES", "REVIEW_RISK_RATIO",
           "simulate_reviews", "microcorp_launches", "ReviewEffect", "review_effect"]

#: The six axes of a production readiness review (SRE book, ch. 32).
PRR_AXES = ("architecture", "monitoring", "emergency response", "capacity", "change management",
            "performance")

#: Mercari's production readiness levels, chosen by the SLO:
#: ``level -> (lowest target, highest target)``; A is *above* 99.9 %.
PRR_LEVELS = {"A": (0.999, 1.0), "B": (0.99, 0.999), "C": (0.95, 0.99)}

_A, _B, _C = "A", "B", "C"
_ROWS = [
    # check, axis, Mercari category, what must be true, levels requiring it
    ("design_doc", "architecture", "accessibility",
     "A design doc, dependencies included, matches what runs.", "CBA"),
    ("timeouts", "architecture", "reliability",
     "Every call over the network has a timeout.", "BA"),
    ("graceful_degradation", "architecture", "reliability",
     "It keeps working, at least partly, when a dependency fails.", "BA"),
    ("smart_retries", "architecture", "reliability",
     "Calls to dependencies are retried with backoff, not hammered.", "A"),
    ("tracing", "monitoring", "observability",
     "Requests are traced across services.", "CBA"),
    ("slo_dashboard", "monitoring", "accessibility",
     "A dashboard shows its SLOs and the error budget left.", "CBA"),
    ("actionable_alerts", "monitoring", "observability",
     "It has alerts, and every alert asks for an action.", "CBA"),
    ("alert_routing", "monitoring", "observability",
     "Warnings go to chat or tickets; only critical alerts page.", "BA"),
    ("oncall_rotation", "emergency response", "observability",
     "An on-call rotation with an escalation policy covers it.", "BA"),
    ("playbooks", "emergency response", "observability",
     "On-call playbooks exist for its alerts.", "A"),
    ("backup_recovery", "emergency response", "data storage",
     "Its data can be restored from backup by a tested procedure.", "BA"),
    ("fast_recovery", "emergency response", "data storage",
     "A restore takes under 2 hours and is practised every 6 months.", "A"),
    ("capacity_plan", "capacity", "reliability",
     "It handles the expected load: load-tested, or traffic is capped.", "BA"),
    ("autoscaling", "capacity", "reliability",
     "It scales out by itself when load grows.", "BA"),
    ("automated_deploy", "change management", "maintainability",
     "Deploys are automated.", "CBA"),
    ("automated_rollback", "change management", "maintainability",
     "Rolling back is automated.", "BA"),
    ("zero_downtime_deploy", "change management", "reliability",
     "A deploy causes no errors or downtime.", "BA"),
    ("gradual_deploy", "change management", "maintainability",
     "A deploy can go out gradually (a canary first).", "A"),
    ("resource_limits", "performance", "reliability",
     "CPU and memory requests and limits are set.", "CBA"),
    ("profiling", "performance", "observability",
     "It is profiled in production.", "BA"),
]

PRR_CHECKLIST = pd.DataFrame(
    [(c, axis, cat, text, _C in lv, _B in lv, _A in lv) for c, axis, cat, text, lv in _ROWS],
    columns=["check", "axis", "category", "requirement", "level_c", "level_b", "level_a"],
).set_index("check")
"""The production readiness checklist, one row per check (20 checks).

Columns: ``axis`` (one of :data:`PRR_AXES`, SRE book ch. 32), ``category``
(Mercari's: maintainability, observability, reliability, accessibility, data
storage), ``requirement`` (what must be true, in our words), and
``level_c`` / ``level_b`` / ``level_a``: whether the level requires it (after
Mercari's pre-production checklist). Level C requires 6 checks, B 16, A all 20.
"""

#: Availability targets of MicroCorp's services: the reliability tiers section
#: 2 (part 3a) gives them (payment platinum, checkout and search gold,
#: notifications silver).
MICROCORP_SLO_TARGETS = {"checkout": 0.999, "payment": 0.9995, "search": 0.999,
                         "notifications": 0.995}

_MISSING = {
    # The course's scenario, consistent with the incidents of the 28 days.
    "checkout": ("graceful_degradation", "capacity_plan", "automated_rollback", "profiling",
                 "smart_retries", "playbooks", "fast_recovery", "gradual_deploy"),
    "payment": ("gradual_deploy", "fast_recovery"),
    "search": ("capacity_plan", "autoscaling", "automated_rollback", "profiling",
               "backup_recovery", "smart_retries", "fast_recovery", "gradual_deploy"),
    "notifications": ("slo_dashboard", "alert_routing", "oncall_rotation", "timeouts",
                      "backup_recovery", "autoscaling", "profiling", "playbooks",
                      "fast_recovery", "smart_retries", "gradual_deploy"),
}
MICROCORP_PRR = pd.DataFrame(
    {service: [check not in missing for check in PRR_CHECKLIST.index]
     for service, missing in _MISSING.items()},
    index=PRR_CHECKLIST.index,
)
"""Which readiness checks each MicroCorp service passes: checks x services, booleans.

The course's scenario (not measured), written to agree with the incidents of
``sl.load_incidents()``: checkout has no graceful degradation (payment's
outage INC-004 reached its users) and no capacity plan (INC-006); search has
no capacity plan or autoscaling (INC-013, INC-015) and is not profiled (the
memory leak of INC-016); notifications has no on-call rotation (INC-009 was
noticed after 31 minutes at 03:00) and no SLO dashboard.
"""


def prr_level(slo_target):
    """The production readiness level Mercari's checklist gives an SLO target.

    Parameters
    ----------
    slo_target : float or array-like
        Availability target(s), fractions in [0.95, 1).

    Returns
    -------
    str or numpy.ndarray of str
        ``"A"`` above 0.999, ``"B"`` from 0.99 to 0.999, ``"C"`` from 0.95 up
        to 0.99.

    Raises
    ------
    ValueError
        A target below 0.95 (the checklist has no level for it) or not a
        fraction.

    Examples
    --------
    >>> prr_level(0.9995), prr_level(0.999), prr_level(0.99), prr_level(0.97)
    ('A', 'B', 'B', 'C')
    """
    target = check_fraction("slo_target", slo_target)
    array = np.asarray(target, dtype=float)
    if (array < 0.95).any():
        bad = float(array[array < 0.95].ravel()[0])
        raise ValueError(message("slo_target", "at least 0.95 (level C starts at 95 %)", bad,
                                 "Below 95 % the checklist has no level; treat it as experimental."))
    labels = np.where(array > 0.999, "A", np.where(array >= 0.99, "B", "C"))
    return str(labels) if np.ndim(array) == 0 else labels


def _answers_frame(answers) -> pd.DataFrame:
    """Answers as a checks x services frame of booleans (unanswered checks: False)."""
    if isinstance(answers, pd.DataFrame):
        frame = answers
    elif isinstance(answers, pd.Series):
        frame = answers.to_frame(answers.name if answers.name is not None else "service")
    elif isinstance(answers, Mapping):
        frame = pd.Series(dict(answers), dtype=object).to_frame("service")
    else:
        raise TypeError(message("answers", "a DataFrame (checks x services) like sl.MICROCORP_PRR, "
                                "or a dict {check: True/False}", type(answers).__name__))
    if frame.shape[1] == 0 or frame.shape[1] > 1000:
        raise ValueError(described("answers", "1 to 1,000 services (columns)",
                                   f"{frame.shape[1]} columns"))
    if not frame.columns.is_unique or not frame.index.is_unique:
        raise ValueError(described("answers", "unique checks (rows) and services (columns)",
                                   "a repeated name"))
    known = list(PRR_CHECKLIST.index)
    for check in frame.index:
        check_choice("answers check", check, known)
    for column in frame.columns:
        values = frame[column]
        if not values.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            raise TypeError(described("answers", "True or False for every check",
                                      f"other values in {column!r}"))
    return frame.astype(bool).reindex(known, fill_value=False)


def _levels(level, services) -> pd.Series:
    if isinstance(level, str):
        check_choice("level", level, list(PRR_LEVELS))
        return pd.Series(level, index=services)
    if isinstance(level, (Mapping, pd.Series)):
        table = dict(level)
        out = {}
        for service in services:
            if service not in table:
                raise ValueError(described("level", "given for every service of answers",
                                           f"nothing for {service!r}"))
            out[service] = check_choice(f"level[{service!r}]", table[service], list(PRR_LEVELS))
        return pd.Series(out)
    raise TypeError(message("level", "'A', 'B', 'C' or a mapping {service: level}", level,
                            "Get it from the SLO: sl.prr_level(0.999) is 'B'."))


def readiness_score(answers, *, level, by="service") -> pd.DataFrame:
    """Share of the checks required at a service's level that it passes.

    Parameters
    ----------
    answers : DataFrame or dict
        Checks x services booleans like :data:`MICROCORP_PRR`, or one service's
        ``{check: True/False}``. Checks not listed count as not passed.
    level : str or mapping
        ``"A"``, ``"B"`` or ``"C"`` for all services, or ``{service: level}``
        (e.g. from :func:`prr_level` of each SLO target).
    by : {"service", "axis"}, default "service"
        One row per service, or one per service and PRR axis.

    Returns
    -------
    pandas.DataFrame
        ``by="service"``: indexed by service, ``level``, ``required``,
        ``passed`` (of the required), ``score`` (passed / required, a
        fraction) and ``missing`` (the required checks not passed, a tuple in
        checklist order). ``by="axis"``: indexed by service and axis with
        ``required``, ``passed``, ``score`` (NaN where the level requires
        nothing on that axis).

    Raises
    ------
    TypeError, ValueError
        Unknown check (with the closest name), non-boolean answers, a bad level.

    Notes
    -----
    Checks the level does not require do not count, passed or not: a level-C
    service is not marked down for lacking a canary. Taught in
    ``notebooks/05_culture/2b_production_readiness_reviews.ipynb``.

    Examples
    --------
    >>> answers = {"design_doc": True, "tracing": True, "slo_dashboard": False,
    ...            "actionable_alerts": True, "automated_deploy": True}
    >>> row = readiness_score(answers, level="C").loc["service"]
    >>> int(row["required"]), int(row["passed"]), float(row["score"])
    (6, 4, 0.6666666666666666)
    >>> row["missing"]
    ('slo_dashboard', 'resource_limits')
    """
    frame = _answers_frame(answers)
    levels = _levels(level, frame.columns)
    check_choice("by", by, ["service", "axis"])
    rows = []
    for service in frame.columns:
        lv = levels[service]
        required = PRR_CHECKLIST[f"level_{lv.lower()}"].to_numpy()
        passed = frame[service].to_numpy() & required
        if by == "service":
            rows.append({"service": service, "level": lv, "required": int(required.sum()),
                         "passed": int(passed.sum()), "score": passed.sum() / required.sum(),
                         "missing": tuple(PRR_CHECKLIST.index[required & ~frame[service].to_numpy()])})
        else:
            for axis in PRR_AXES:
                on = (PRR_CHECKLIST["axis"] == axis).to_numpy()
                n_req = int((required & on).sum())
                n_pass = int((passed & on).sum())
                rows.append({"service": service, "axis": axis, "required": n_req, "passed": n_pass,
                             "score": n_pass / n_req if n_req else math.nan})
    index = ["service"] if by == "service" else ["service", "axis"]
    return pd.DataFrame(rows).set_index(index)


# --------------------------------------------------------------------------- reviews
#: Share of launches each team puts through a review (the course's scenario):
#: payments reviews almost everything, search almost nothing.
REVIEW_SHARES = {"payments": 0.9, "orders": 0.5, "search": 0.1}

#: The effect of a review in the simulated world: it multiplies the chance
#: that a launch causes an incident by this factor (Aditi's "halved").
REVIEW_RISK_RATIO = 0.5


def simulate_reviews(deployments, *, review_shares=None, risk_ratio=REVIEW_RISK_RATIO,
                     outcome="caused_incident", rng=None) -> pd.DataFrame:
    """Add a ``reviewed`` column to a deployment log, from a stated model.

    The world's model: team ``t`` reviews each launch with probability
    ``review_shares[t]``; a review multiplies the chance that the launch
    causes an incident by ``risk_ratio``. The log already says which launches
    caused incidents, so the reviews are drawn *given* those outcomes, from
    the same joint law (Bayes' rule, per team)::

        p0 = p / (1 - r + r x risk_ratio)        # risk of an unreviewed launch
        P(reviewed | incident)    = r x risk_ratio / (r x risk_ratio + 1 - r)
        P(reviewed | no incident) = r (1 - risk_ratio p0) / (r (1 - risk_ratio p0) + (1 - r)(1 - p0))

    where ``p`` is the team's share of launches with an incident and ``r``
    its review share. Every deployment counts as a launch.

    Parameters
    ----------
    deployments : DataFrame
        With ``team`` and the boolean ``outcome`` column, e.g.
        ``sl.load_deployments()``.
    review_shares : mapping, optional
        ``team -> share reviewed`` in [0, 1]; default :data:`REVIEW_SHARES`.
    risk_ratio : float, default 0.5
        The true effect of a review, in (0, 1 / p] so risks stay <= 1.
    outcome : str, default "caused_incident"
        The boolean column that marks a firefight.
    rng : int, numpy Generator or None

    Returns
    -------
    DataFrame
        A copy of ``deployments`` with a boolean ``reviewed`` column.

    Examples
    --------
    >>> log = pd.DataFrame({"team": ["a"] * 4, "caused_incident": [True, False, False, False]})
    >>> out = simulate_reviews(log, review_shares={"a": 1.0}, rng=0)
    >>> out["reviewed"].tolist()
    [True, True, True, True]
    """
    check_columns("deployments", deployments, ["team", outcome] if isinstance(outcome, str) else ["team"])
    if not isinstance(outcome, str):
        raise TypeError(message("outcome", "a column name (str)", outcome))
    shares = REVIEW_SHARES if review_shares is None else review_shares
    if not isinstance(shares, Mapping):
        raise TypeError(message("review_shares", "a mapping {team: share reviewed}", shares))
    risk_ratio = check_real("risk_ratio", risk_ratio, low=0, low_open=True, high=1000, scalar=True)
    rng = check_rng(rng)
    y = deployments[outcome]
    if y.dtype != bool and not y.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        raise TypeError(described("deployments", f"a DataFrame whose {outcome!r} holds True or False",
                                  "other values"))
    y = y.to_numpy(dtype=bool)
    teams = deployments["team"].to_numpy()
    probability = np.zeros(len(deployments))
    for team in pd.unique(teams):
        if team not in shares:
            raise ValueError(described("review_shares", "a share for every team of deployments",
                                       f"nothing for {team!r}"))
        r = check_fraction(f"review_shares[{team!r}]", shares[team], closed=True, scalar=True)
        mine = teams == team
        p = y[mine].mean()
        p0 = p / (1 - r + r * risk_ratio)
        if risk_ratio * p0 > 1 or p0 > 1:
            raise ValueError(message("risk_ratio", f"small enough that team {team!r}'s risks stay <= 1",
                                     risk_ratio))
        hit = r * risk_ratio / (r * risk_ratio + 1 - r) if r < 1 else 1.0
        no_yes = r * (1 - risk_ratio * p0)
        no_no = (1 - r) * (1 - p0)
        miss = no_yes / (no_yes + no_no) if no_yes + no_no > 0 else 1.0
        probability[mine] = np.where(y[mine], hit, miss)
    out = deployments.copy()
    out["reviewed"] = rng.random(len(out)) < probability
    return out


#: Seed of the reviews drawn on the course's deployment log.
LAUNCH_SEED = 2045


def microcorp_launches() -> pd.DataFrame:
    """MicroCorp's quarter of deployments with who reviewed them (fixed seed).

    ``simulate_reviews(sl.load_deployments(), rng=2045)``: the review shares of
    :data:`REVIEW_SHARES` and a true effect of :data:`REVIEW_RISK_RATIO`. The
    seed was chosen so that this quarter is a *typical* draw of the model: its
    crude and adjusted ratios lie near the medians of 300 re-draws (the
    notebook shows the spread of all of them).

    Returns
    -------
    DataFrame
        The columns of ``sl.load_deployments()`` and ``reviewed``.

    Examples
    --------
    >>> launches = microcorp_launches()
    >>> launches["reviewed"].dtype
    dtype('bool')
    """
    from ..datasets import load_deployments

    return simulate_reviews(load_deployments(), rng=LAUNCH_SEED)


@dataclass(frozen=True, eq=False)
class ReviewEffect:
    """Incidents per launch, reviewed against skipped.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by (``team``, ``reviewed``), plus an ``"all"`` team: ``launches``,
        ``incidents``, ``risk`` (incidents per launch) and its interval
        ``risk_low`` / ``risk_high`` (exact Poisson, per launch).
    ratios : pandas.DataFrame
        Indexed by team plus ``"all (crude)"`` and ``"adjusted (MH)"``:
        ``risk_ratio`` (reviewed risk / skipped risk), ``low``, ``high``.
    crude, adjusted : float
        The crude and the team-adjusted (Mantel-Haenszel) risk ratios.
    confidence : float
    """

    table: pd.DataFrame
    ratios: pd.DataFrame
    crude: float
    adjusted: float
    confidence: float


def _log_factorials(top: int) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, top + 1)))])


def _binomial_cdf(k: np.ndarray, n: np.ndarray, p: np.ndarray, log_fact=None) -> np.ndarray:
    """P(X <= k) for X ~ Binomial(n, p), elementwise; k, n whole, p in (0, 1)."""
    if log_fact is None:
        log_fact = _log_factorials(int(max(n.max(), 1)))
    i = np.arange(int(max(k.max(), 0)) + 1)[None, :]
    kk, nn, pp = k[:, None], n[:, None], p[:, None]
    ii = np.minimum(i, nn)
    terms = (log_fact[nn] - log_fact[ii] - log_fact[nn - ii]
             + ii * np.log(pp) + (nn - ii) * np.log1p(-pp))
    return np.minimum(1.0, np.where(i <= kk, np.exp(terms), 0.0).sum(axis=1))


def _clopper_pearson(k, n, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact binomial intervals for k successes in n trials (vectorised bisection on the CDF).

    NaN where ``n`` is 0.
    """
    k = np.asarray(k, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    alpha = (1 - confidence) / 2
    log_fact = _log_factorials(int(max(n.max(initial=1), 1)))

    def solve(kk, target):  # the p where P(X <= kk; p), decreasing in p, equals target
        lo, hi = np.zeros(k.shape), np.ones(k.shape)
        for _ in range(36):
            mid = (lo + hi) / 2
            above = _binomial_cdf(np.maximum(kk, 0), np.maximum(n, 1), mid, log_fact) > target
            lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
        return (lo + hi) / 2

    low = np.where(k == 0, 0.0, solve(k - 1, 1 - alpha))
    high = np.where(k >= n, 1.0, solve(k, alpha))
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def _ratio_interval(a, n1, b, n0, z):
    """Risk ratio a/n1 : b/n0 with the log (Katz) interval; NaN bounds when a cell is 0."""
    if n1 == 0 or n0 == 0 or b == 0:
        return math.nan, math.nan, math.nan
    ratio = (a / n1) / (b / n0)
    if a == 0:
        return ratio, math.nan, math.nan
    se = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n0)
    return ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se)


def review_effect(launches, *, by="team", outcome="caused_incident", confidence=0.95) -> ReviewEffect:
    """Compare incidents per launch of reviewed and skipped launches, honestly.

    Three numbers, from naive to careful: the **crude** risk ratio (all
    launches pooled), the ratio **within each team**, and the **adjusted**
    Mantel-Haenszel risk ratio, which compares like with like inside each
    team and then pools. Teams that review most may differ in risk anyway
    (confounding); a small count of incidents leaves wide intervals.

    Parameters
    ----------
    launches : DataFrame
        One row per launch with the boolean columns ``reviewed`` and
        ``outcome`` and the column ``by``, e.g. ``sl.microcorp_launches()``.
    by : str, default "team"
        The column to adjust for.
    outcome : str, default "caused_incident"
        Boolean column marking a launch that caused an incident.
    confidence : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    ReviewEffect

    Notes
    -----
    Risk of a group = incidents / launches. Crude ratio and per-team ratios
    have the log interval ``exp(+-z sqrt(1/a - 1/n1 + 1/b - 1/n0))`` (Katz
    et al. 1978; NaN when a cell has no incident). Mantel-Haenszel:
    ``RR = sum(a_i n0_i / N_i) / sum(b_i n1_i / N_i)`` with the
    Greenland-Robins (1985) variance of ``log RR``:
    ``sum((n1_i n0_i M_i - a_i b_i N_i) / N_i^2) / (sum(a_i n0_i / N_i) sum(b_i n1_i / N_i))``,
    where ``a``/``b`` are incidents after reviewed/skipped launches,
    ``n1``/``n0`` those launches, ``M = a + b`` and ``N = n1 + n0`` per
    team. Taught in ``notebooks/05_culture/2c_do_reviews_pay_off.ipynb``.

    Examples
    --------
    Two teams; within each, a review halves the risk, but the risky team
    reviews more, so the pooled ratio hides part of the effect:

    >>> log = pd.DataFrame({
    ...     "team": ["x"] * 100 + ["y"] * 100,
    ...     "reviewed": [True] * 80 + [False] * 20 + [True] * 20 + [False] * 80,
    ...     "caused_incident": ([True] * 8 + [False] * 72 + [True] * 4 + [False] * 16
    ...                         + [True] * 1 + [False] * 19 + [True] * 8 + [False] * 72)})
    >>> effect = review_effect(log)
    >>> round(effect.crude, 3), round(effect.adjusted, 3)
    (0.75, 0.5)
    """
    if not isinstance(by, str):
        raise TypeError(message("by", "a column name (str)", by))
    if not isinstance(outcome, str):
        raise TypeError(message("outcome", "a column name (str)", outcome))
    check_columns("launches", launches, ["reviewed", outcome, by])
    confidence = check_fraction("confidence", confidence, scalar=True)
    for column in ("reviewed", outcome):
        values = launches[column]
        if values.dtype != bool and not values.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            raise TypeError(described("launches", f"a DataFrame whose {column!r} holds True or False",
                                      "other values"))
    if len(launches) == 0:
        raise ValueError(described("launches", "at least one launch", "an empty DataFrame"))
    if launches[by].isna().any():
        raise ValueError(described("launches", f"a {by!r} for every launch", "missing values"))
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    group = launches[by].astype(str).to_numpy()
    reviewed = launches["reviewed"].to_numpy(dtype=bool)
    hit = launches[outcome].to_numpy(dtype=bool)
    groups = list(pd.unique(group))
    keys = [(g, r) for g in groups for r in (True, False)] + [("all", True), ("all", False)]
    n_launch, n_hit = [], []
    for g, r in keys:
        mine = (reviewed == r) if g == "all" else (group == g) & (reviewed == r)
        n_launch.append(int(mine.sum()))
        n_hit.append(int((mine & hit).sum()))
    table = pd.DataFrame({"launches": n_launch, "incidents": n_hit},
                         index=pd.MultiIndex.from_tuples(keys, names=[by, "reviewed"]))
    low, high = _clopper_pearson(n_hit, n_launch, confidence)
    n = np.array(n_launch, dtype=float)
    table["risk"] = np.where(n > 0, np.array(n_hit) / np.where(n > 0, n, 1), np.nan)
    table["risk_low"] = low
    table["risk_high"] = high

    cell = {key: (k, m) for key, k, m in zip(keys, n_hit, n_launch)}
    ratios = {}
    num = den = var = 0.0
    for g in groups:
        a, n1 = cell[(g, True)]
        b, n0 = cell[(g, False)]
        ratios[g] = _ratio_interval(a, n1, b, n0, z)
        total = n1 + n0
        if n1 and n0:
            num += a * n0 / total
            den += b * n1 / total
            var += (n1 * n0 * (a + b) - a * b * total) / total**2
    a, n1 = cell[("all", True)]
    b, n0 = cell[("all", False)]
    ratios["all (crude)"] = _ratio_interval(a, n1, b, n0, z)
    if num > 0 and den > 0:
        adjusted = num / den
        se = math.sqrt(var / (num * den))
        ratios["adjusted (MH)"] = (adjusted, adjusted * math.exp(-z * se), adjusted * math.exp(z * se))
    else:
        adjusted = num / den if den > 0 else math.nan
        ratios["adjusted (MH)"] = (adjusted, math.nan, math.nan)
    ratio_frame = pd.DataFrame.from_dict(ratios, orient="index", columns=["risk_ratio", "low", "high"])
    ratio_frame.index.name = by
    return ReviewEffect(table=table, ratios=ratio_frame, crude=float(ratios["all (crude)"][0]),
                        adjusted=float(adjusted), confidence=confidence)
