"""Release gates: canary analysis with stated tests, their false-positive rate and power.

A canary serves a slice of traffic with the new build while a baseline serves
the same traffic with the old one; the gate compares the two and stops the
release when the canary is worse. Every such comparison is a statistical test
and makes two kinds of mistakes: it blocks good releases (false positives, at
most ``alpha`` of A/A comparisons, where both groups run the same build) and it
lets bad ones through (1 − power). This module states the tests, measures both
rates by simulation and prices them over MicroCorp's quarter of deployments.

Public names
------------
==================================  ==========================================
``canary_test``                     one-sided Mann–Whitney U: is the canary
                                    slower? (normal approximation, tie and
                                    continuity corrections)
``error_rate_test``                 one-sided Fisher's exact test: does the
                                    canary fail more often?
``simulate_release_latencies``      baseline and canary latencies from a
                                    service's profile, canary × (1 + regression)
``gate_error_rates``                share of simulated releases a gate blocks:
                                    its false-positive rate (A/A) or its power
``gate_cost``                       blocked good and missed bad releases over a
                                    deployment log
``familywise_false_positive_rate``  1 − (1 − α)^m: chance of at least one false
                                    block in m independent tests
``mann_whitney_power``              the test's power against a regression, by
                                    the normal approximation (no simulation)
``requests_for_power``              requests per group for a target power
``GATE_METHODS``                    the gates :func:`gate_error_rates` knows
==================================  ==========================================

Why Mann–Whitney
----------------
Latencies are skewed (log-normal here), so a t-test on means is thrown by a few
slow requests. Netflix's automated canary analysis, open-sourced as Kayenta,
judges each metric with a Mann–Whitney U test (Wilcoxon rank-sum) of canary
against baseline ("NetflixACAJudge", ``kayenta-judge/.../classifiers/metric/
MannWhitneyClassifier.scala`` in spinnaker/kayenta, confidence level 0.95).
Kayenta classifies with the test's confidence interval for the shift; the
course uses the plainer one-sided p-value, which has the same false-positive
rate, ``alpha``, by construction.

Notebooks: ``notebooks/06_observability_driven_dev/2b_canary_analysis.ipynb``
and ``2c_release_gates_in_ci.ipynb``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ..simulation import SERVICE_NAMES, SERVICES
from .._validation import check_choice, check_columns, check_fraction, check_int, check_real, message
from .._windows import check_rng, described

__all__ = [
    "GATE_METHODS",
    "canary_test",
    "error_rate_test",
    "simulate_release_latencies",
    "gate_error_rates",
    "gate_cost",
    "familywise_false_positive_rate",
    "mann_whitney_power",
    "requests_for_power",
]

#: The gates :func:`gate_error_rates` simulates: the Mann–Whitney test, and two
#: threshold rules of the kind a Keptn quality gate writes as a relative pass
#: criterion ("<=+5%" of the baseline), on the median and on the p99.
GATE_METHODS = {
    "mann-whitney": "block when the one-sided Mann–Whitney p-value < alpha",
    "median-ratio": "block when canary median > max_ratio × baseline median",
    "p99-ratio": "block when canary p99 > max_ratio × baseline p99",
}

_PROFILE = {s.name: s for s in SERVICES}
_MAX_VALUES = 1_000_000  # runs × n_requests per group a gate simulation may draw (well under 1 s)


# --------------------------------------------------------------------------- Mann–Whitney
def _normal_sf(z: np.ndarray) -> np.ndarray:
    """P(Z > z) for a standard normal Z, via math.erfc (accurate in the far tail)."""
    z = np.asarray(z, dtype=float)
    out = np.frompyfunc(lambda v: 0.5 * math.erfc(v / math.sqrt(2)), 1, 1)(z)
    return np.asarray(out, dtype=float)


def _mann_whitney(baseline: np.ndarray, canary: np.ndarray):
    """Row-wise one-sided Mann–Whitney (canary greater): arrays (runs, n1) and (runs, n2).

    Returns ``u`` (the canary's U: pairs canary > baseline, ties count ½),
    ``z`` and ``p`` (normal approximation with tie and continuity corrections,
    as ``scipy.stats.mannwhitneyu(canary, baseline, alternative="greater",
    method="asymptotic")``).
    """
    runs, n1 = baseline.shape
    n2 = canary.shape[1]
    n = n1 + n2
    combined = np.concatenate([baseline, canary], axis=1)
    order = np.argsort(combined, axis=1, kind="stable")
    ordered = np.take_along_axis(combined, order, axis=1)
    # Tie groups, numbered over the flattened rows (a new row always starts a group).
    new = np.ones((runs, n), dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    flat_new = new.ravel()
    starts = np.flatnonzero(flat_new)
    sizes = np.diff(np.append(starts, runs * n))
    position = starts % n  # 0-based position of each group's first member in its row
    average_rank = position + (sizes + 1) / 2.0
    group = np.cumsum(flat_new) - 1
    ranks = average_rank[group].reshape(runs, n)
    is_canary = order >= n1
    rank_sum = (ranks * is_canary).sum(axis=1)
    u = rank_sum - n2 * (n2 + 1) / 2.0
    ties = np.bincount(starts // n, weights=sizes.astype(float) ** 3 - sizes, minlength=runs)
    mean = n1 * n2 / 2.0
    variance = n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1))) if n > 1 else np.zeros(runs)
    sd = np.sqrt(np.clip(variance, 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (u - mean - 0.5) / np.where(sd > 0, sd, 1), -np.inf)
    return u, z, _normal_sf(z)


def _mann_whitney_continuous(baseline: np.ndarray, canary: np.ndarray) -> np.ndarray:
    """p-values of :func:`_mann_whitney` for positive samples without ties (simulated latencies), 4x faster.

    A positive float's bits, read as an int64, sort like the float; the lowest
    bit (1 ulp, a relative 2e-16) carries the group, so one ``np.sort`` per row
    ranks both groups at once. Exact whenever no two latencies are within an
    ulp of each other, which for continuous draws has probability zero.
    """
    runs, n1 = baseline.shape
    n2 = canary.shape[1]
    bits = np.concatenate([baseline, canary], axis=1).view(np.int64) & ~np.int64(1)
    bits[:, n1:] |= 1
    is_canary = (np.sort(bits, axis=1) & 1).astype(bool)
    rank_sum = is_canary @ np.arange(1, n1 + n2 + 1, dtype=np.float64)
    u = rank_sum - n2 * (n2 + 1) / 2.0
    sd = math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12.0)
    return _normal_sf((u - n1 * n2 / 2.0 - 0.5) / sd)


def _sample(name: str, values) -> np.ndarray:
    rule = "a non-empty list or array of finite latencies in ms"
    if isinstance(values, (str, bytes, dict)) or isinstance(values, numbers.Number) or values is None:
        raise TypeError(message(name, rule, values))
    if isinstance(values, pd.DataFrame):
        raise TypeError(described(name, rule, "a DataFrame", "Pass one column, e.g. frame['latency_ms']."))
    array = check_real(name, values, rule=rule)
    array = np.asarray(array, dtype=float)
    if array.ndim != 1:
        raise ValueError(described(name, "one-dimensional (a list of latencies)", f"an array of shape {array.shape}"))
    if array.size == 0:
        raise ValueError(described(name, rule, "an empty sample"))
    return array


def _alpha(alpha) -> float:
    return check_fraction("alpha", alpha, scalar=True)


def canary_test(baseline_ms, canary_ms, *, alpha=0.05):
    """Is the canary slower than the baseline? A one-sided Mann–Whitney U test.

    The test ranks all latencies together and asks whether the canary's ranks
    are higher than chance allows. It assumes nothing about the shape of the
    latency distribution (it compares whole distributions, not means).

    Parameters
    ----------
    baseline_ms, canary_ms : array-like of float
        Request latencies of the two groups (sizes may differ), at least one
        each.
    alpha : float, default 0.05
        Significance level in (0, 1): the share of identical releases (A/A)
        the test wrongly calls slower.

    Returns
    -------
    dict
        ``u`` (the canary's U statistic: pairs where the canary request is
        slower, ties counting ½), ``z``, ``p_value`` (one-sided), ``slower``
        (``p_value < alpha``), ``ratio_of_medians`` (canary / baseline),
        ``n_baseline``, ``n_canary``, ``alpha``, ``test``.

    Raises
    ------
    TypeError, ValueError
        For samples that are not lists of finite numbers, or ``alpha``
        outside (0, 1).

    See Also
    --------
    error_rate_test, gate_error_rates

    Notes
    -----
    With n₁ baseline and n₂ canary requests and R₂ the canary's rank sum
    (average ranks for ties), U = R₂ − n₂(n₂ + 1)/2, μ = n₁n₂/2 and
    σ² = n₁n₂/12 · [(n + 1) − Σ(t³ − t)/(n(n − 1))], t the size of each tie
    group; z = (U − μ − ½)/σ (continuity correction) and p = P(Z ≥ z). This is
    ``scipy.stats.mannwhitneyu(canary, baseline, alternative="greater",
    method="asymptotic")``; the tests check it against scipy and a hand-worked
    example. With every value tied, σ = 0 and the p-value is 1 (no evidence).

    Examples
    --------
    Four requests each: 14 of the 16 (canary, baseline) pairs have the canary
    slower, yet four requests cannot show it at 5 %.

    >>> result = canary_test([110, 120, 130, 140], [125, 150, 160, 170])
    >>> result["u"], round(result["z"], 4), round(result["p_value"], 4), result["slower"]
    (14.0, 1.5877, 0.0562, False)
    >>> result["ratio_of_medians"]
    1.24
    """
    baseline = _sample("baseline_ms", baseline_ms)
    canary = _sample("canary_ms", canary_ms)
    alpha = _alpha(alpha)
    u, z, p = _mann_whitney(baseline[None, :], canary[None, :])
    median_b = float(np.median(baseline))
    ratio = float(np.median(canary)) / median_b if median_b != 0 else (
        math.nan if float(np.median(canary)) == 0 else math.inf)
    return {"u": float(u[0]), "z": float(z[0]), "p_value": float(p[0]), "slower": bool(p[0] < alpha),
            "ratio_of_medians": ratio, "n_baseline": int(baseline.size), "n_canary": int(canary.size),
            "alpha": alpha, "test": "Mann-Whitney U, one-sided (canary slower), normal approximation"}


# --------------------------------------------------------------------------- error ratio
def _count(name: str, value) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(message(name, "a whole number >= 0", value))
    return check_int(name, value, low=0, high=10**12)


def _hypergeom_sf(x: int, total: int, errors: int, drawn: int) -> float:
    """P(X >= x) for X ~ Hypergeometric(total, errors, drawn), summed in log space."""
    low = max(0, drawn + errors - total)
    high = min(errors, drawn)
    if x <= low:
        return 1.0
    if x > high:
        return 0.0
    lg = math.lgamma
    log_first = (lg(errors + 1) - lg(x + 1) - lg(errors - x + 1)
                 + lg(total - errors + 1) - lg(drawn - x + 1) - lg(total - errors - drawn + x + 1)
                 - lg(total + 1) + lg(drawn + 1) + lg(total - drawn + 1))
    k = np.arange(x, high, dtype=float)
    log_ratio = (np.log(errors - k) + np.log(drawn - k) - np.log(k + 1)
                 - np.log(total - errors - drawn + k + 1))
    logs = log_first + np.concatenate([[0.0], np.cumsum(log_ratio)])
    top = logs.max()
    return float(min(1.0, math.exp(top) * np.exp(logs - top).sum()))


def error_rate_test(baseline_errors, baseline_requests, canary_errors, canary_requests, *, alpha=0.05):
    """Does the canary fail more often than the baseline? A one-sided Fisher's exact test.

    Given the total number of errors, Fisher's test asks how likely it is that
    the canary got at least as many of them as it did if both builds were
    equally good. It is exact for any counts, which matters because a canary
    sees few errors (checkout fails 2 requests in 10,000).

    Parameters
    ----------
    baseline_errors, baseline_requests : int
        Failed and total requests of the baseline (whole numbers, errors ≤
        requests, requests ≥ 1).
    canary_errors, canary_requests : int
        The same for the canary.
    alpha : float, default 0.05
        Significance level in (0, 1).

    Returns
    -------
    dict
        ``baseline_ratio``, ``canary_ratio`` (errors / requests), ``p_value``
        (one-sided), ``higher`` (``p_value < alpha``), ``alpha``, ``test``.

    Raises
    ------
    TypeError, ValueError
        For counts that are not whole numbers ≥ 0, errors above requests, no
        requests, or ``alpha`` outside (0, 1).

    Notes
    -----
    With N = all requests, K = all errors and n = canary requests, the
    canary's errors X follow a hypergeometric distribution under "no
    difference", and p = P(X ≥ canary_errors) =
    Σₖ C(K, k) C(N − K, n − k) / C(N, n) over k ≥ canary_errors. Same as
    ``scipy.stats.fisher_exact([[canary_errors, canary_ok], [baseline_errors,
    baseline_ok]], alternative="greater")``.

    Examples
    --------
    Baseline 0 errors in 10 requests, canary 3 in 10: all three errors landing
    in the canary has probability C(10, 3) / C(20, 3) = 120 / 1140.

    >>> result = error_rate_test(0, 10, 3, 10)
    >>> round(result["p_value"], 4), result["higher"]
    (0.1053, False)
    """
    b_err = _count("baseline_errors", baseline_errors)
    b_req = _count("baseline_requests", baseline_requests)
    c_err = _count("canary_errors", canary_errors)
    c_req = _count("canary_requests", canary_requests)
    alpha = _alpha(alpha)
    for name, err, req, label in (("baseline_errors", b_err, b_req, "baseline_requests"),
                                  ("canary_errors", c_err, c_req, "canary_requests")):
        if err > req:
            raise ValueError(message(name, f"at most {label} ({req})", err))
    for name, req in (("baseline_requests", b_req), ("canary_requests", c_req)):
        if req < 1:
            raise ValueError(message(name, "a whole number >= 1", req, "A group without requests tells nothing."))
    p = _hypergeom_sf(c_err, b_req + c_req, b_err + c_err, c_req)
    return {"baseline_ratio": b_err / b_req, "canary_ratio": c_err / c_req, "p_value": p,
            "higher": bool(p < alpha), "alpha": alpha, "test": "Fisher's exact test, one-sided (canary higher)"}


# --------------------------------------------------------------------------- simulation
def _service(service) -> str:
    return check_choice("service", service, SERVICE_NAMES)


def _regression(regression) -> float:
    return check_real("regression", regression, low=-0.9, high=10, scalar=True,
                      hint="Write a 5 % regression as 0.05." if isinstance(regression, numbers.Real)
                      and not isinstance(regression, bool) and 10 < regression <= 100 else None)


def _draw(service: str, regression: float, n_requests: int, runs: int, rng: np.random.Generator):
    profile = _PROFILE[service]
    mu = math.log(profile.latency_median_ms)
    baseline = rng.lognormal(mu, profile.latency_sigma, size=(runs, n_requests))
    canary = rng.lognormal(mu, profile.latency_sigma, size=(runs, n_requests)) * (1 + regression)
    return baseline, canary


def simulate_release_latencies(*, service="checkout", regression=0.0, n_requests=1000, rng=None):
    """Latencies of a baseline and a canary serving the same traffic.

    Both groups draw from the service's log-normal latency profile
    (``sl.SERVICES``: median and sigma); the canary's latencies are multiplied
    by ``1 + regression`` (Ravi's 5 % regression is ``regression=0.05``).

    Parameters
    ----------
    service : str, default "checkout"
        One of ``sl.SERVICE_NAMES``.
    regression : float, default 0.0
        Relative slow-down of the canary, in [-0.9, 10]; 0 is an A/A test.
    n_requests : int, default 1000
        Requests per group, 1 .. 1,000,000.
    rng : int, numpy Generator or None
        Seed or generator.

    Returns
    -------
    DataFrame
        ``group`` ("baseline" then "canary", ``n_requests`` rows each) and
        ``latency_ms``.

    Examples
    --------
    >>> frame = simulate_release_latencies(regression=0.05, n_requests=4, rng=7)
    >>> frame["group"].tolist()
    ['baseline', 'baseline', 'baseline', 'baseline', 'canary', 'canary', 'canary', 'canary']
    >>> bool((frame["latency_ms"] > 0).all())
    True
    """
    service = _service(service)
    regression = _regression(regression)
    n_requests = check_int("n_requests", n_requests, low=1, high=1_000_000)
    rng = check_rng(rng)
    baseline, canary = _draw(service, regression, n_requests, 1, rng)
    return pd.DataFrame({"group": np.repeat(np.array(["baseline", "canary"], dtype=object), n_requests),
                         "latency_ms": np.concatenate([baseline[0], canary[0]])})


def _blocked(method: str, baseline: np.ndarray, canary: np.ndarray, alpha: float, max_ratio: float) -> np.ndarray:
    if method == "mann-whitney":
        return _mann_whitney_continuous(baseline, canary) < alpha
    q = 0.5 if method == "median-ratio" else 0.99
    return np.quantile(canary, q, axis=1) > max_ratio * np.quantile(baseline, q, axis=1)


def gate_error_rates(*, regression=0.0, n_requests=1000, runs=1000, alpha=0.05, service="checkout",
                     method="mann-whitney", max_ratio=1.05, rng=None):
    """How often a release gate blocks simulated releases: false positives (A/A) or power.

    Each run simulates one release (:func:`simulate_release_latencies`:
    ``n_requests`` per group) and applies the gate. With ``regression <= 0``
    every block is a false positive (a good release stopped); with
    ``regression > 0`` the share blocked is the gate's power against that
    regression.

    Parameters
    ----------
    regression : float, default 0.0
        The canary's relative slow-down, in [-0.9, 10] (0.05 = 5 % slower).
    n_requests : int, default 1000
        Requests per group and run, 2 .. 1,000,000.
    runs : int, default 1000
        Simulated releases, 1 .. 100,000; ``runs × n_requests`` at most
        1,000,000 (1,000 runs of 1,000 requests, or 100 runs of 10,000).
    alpha : float, default 0.05
        Significance level of the Mann–Whitney gate, in (0, 1).
    service : str, default "checkout"
        Whose latency profile (``sl.SERVICES``).
    method : str, default "mann-whitney"
        A key of :data:`GATE_METHODS`.
    max_ratio : float, default 1.05
        The threshold of the ``"median-ratio"`` and ``"p99-ratio"`` gates
        (canary / baseline), in [1, 10]; ignored by ``"mann-whitney"``.
    rng : int, numpy Generator or None
        Seed or generator.

    Returns
    -------
    dict
        ``blocked_share`` (share of runs blocked), ``false_positive_rate``
        (= ``blocked_share`` when ``regression <= 0``, else NaN), ``power``
        (= ``blocked_share`` when ``regression > 0``, else NaN),
        ``standard_error`` (√(b(1 − b)/runs), the Monte Carlo error),
        ``runs``, ``n_requests``, ``regression``, ``alpha``, ``method``,
        ``service``.

    Notes
    -----
    Vectorised: the runs are drawn as a (runs, n_requests) matrix per group
    and ranked row by row with one sort (the draws are continuous, so there
    are no ties to correct for; the p-values equal :func:`canary_test`'s).
    1,000 A/A runs of 1,000 requests take well under 2 s.

    Examples
    --------
    >>> aa = gate_error_rates(regression=0.0, n_requests=200, runs=400, rng=1)
    >>> 0.02 < aa["false_positive_rate"] < 0.08
    True
    >>> bad = gate_error_rates(regression=0.5, n_requests=200, runs=100, rng=1)
    >>> bad["power"]
    1.0
    """
    regression = _regression(regression)
    n_requests = check_int("n_requests", n_requests, low=2, high=1_000_000)
    runs = check_int("runs", runs, low=1, high=100_000)
    if runs * n_requests > _MAX_VALUES:
        raise ValueError(message("runs", f"at most {_MAX_VALUES:,} / n_requests = {_MAX_VALUES // n_requests:,} "
                                 f"for n_requests={n_requests:,}", runs, "Use fewer runs for large samples."))
    alpha = _alpha(alpha)
    service = _service(service)
    method = check_choice("method", method, GATE_METHODS)
    max_ratio = check_real("max_ratio", max_ratio, low=1, high=10, scalar=True)
    rng = check_rng(rng)
    baseline, canary = _draw(service, regression, n_requests, runs, rng)
    blocked = int(_blocked(method, baseline, canary, alpha, max_ratio).sum())
    share = blocked / runs
    return {"blocked_share": share,
            "false_positive_rate": share if regression <= 0 else math.nan,
            "power": share if regression > 0 else math.nan,
            "standard_error": math.sqrt(share * (1 - share) / runs),
            "runs": runs, "n_requests": n_requests, "regression": regression, "alpha": alpha,
            "method": method, "service": service}


# --------------------------------------------------------------------------- cost
def familywise_false_positive_rate(false_positive_rate, n_tests):
    """Chance of at least one false positive in ``n_tests`` independent tests: 1 − (1 − α)^m.

    Parameters
    ----------
    false_positive_rate : float
        Per-test false-positive rate, in [0, 1].
    n_tests : int or array-like of int
        Number of independent tests (metrics per canary, or good releases in
        a quarter), ≥ 0.

    Returns
    -------
    float or ndarray

    Examples
    --------
    Two metrics judged at 5 % each: almost one good canary in ten fails one.

    >>> round(familywise_false_positive_rate(0.05, 2), 4)
    0.0975
    """
    p = check_real("false_positive_rate", false_positive_rate, low=0, high=1, rule="a fraction in [0, 1]",
                   scalar=True)
    m = check_real("n_tests", n_tests, low=0, high=1e12)
    if np.any(np.asarray(m) != np.floor(m)):
        raise ValueError(message("n_tests", "a whole number >= 0", n_tests))
    result = 1 - np.power(1 - np.asarray(p, dtype=float), np.asarray(m, dtype=float))
    return float(result) if np.ndim(result) == 0 else result


def gate_cost(deployments, *, false_positive_rate, power, regressed_share=None, by=None):
    """Blocked good releases and missed bad ones, over a deployment log.

    Parameters
    ----------
    deployments : DataFrame
        A deployment log such as ``sl.load_deployments()`` (one row per
        deployment; ``failed`` is used when ``regressed_share`` is None, and
        ``team``/``service`` when ``by`` names them).
    false_positive_rate : float
        The gate's chance of blocking a good release, in [0, 1] (from
        :func:`gate_error_rates` with ``regression=0``).
    power : float
        The gate's chance of blocking a bad release, in [0, 1] (from
        :func:`gate_error_rates` with the regression you fear).
    regressed_share : float, optional
        Share of releases assumed to carry the regression, in [0, 1].
        ``None``: the releases that really failed (``deployments["failed"]``)
        are the bad ones — i.e. the share of bad releases equals the log's
        change failure rate.
    by : {None, "team", "service"}
        ``None`` returns totals; a column name returns one row per value.

    Returns
    -------
    dict or DataFrame
        ``deployments``, ``bad``, ``good``, ``blocked_good`` (good × false
        positive rate), ``caught_bad`` (bad × power), ``missed_bad`` (bad ×
        (1 − power)), ``blocked`` (all blocks), ``false_block_share``
        (blocked_good / blocked: how often a red gate is wrong) and
        ``any_false_block`` (1 − (1 − fpr)^good). Expected values, not
        draws.

    Examples
    --------
    100 releases, 10 of them bad; a gate with a 5 % false-positive rate and
    80 % power blocks 4.5 good releases and 8 bad ones: 36 % of its blocks are
    false alarms.

    >>> import pandas as pd
    >>> log = pd.DataFrame({"failed": [True] * 10 + [False] * 90})
    >>> cost = gate_cost(log, false_positive_rate=0.05, power=0.8)
    >>> cost["blocked_good"], cost["caught_bad"], round(cost["false_block_share"], 2)
    (4.5, 8.0, 0.36)
    """
    check_columns("deployments", deployments, [] if regressed_share is not None else ["failed"])
    fpr = check_real("false_positive_rate", false_positive_rate, low=0, high=1, rule="a fraction in [0, 1]",
                     scalar=True)
    power = check_real("power", power, low=0, high=1, rule="a fraction in [0, 1]", scalar=True)
    if regressed_share is not None:
        regressed_share = check_fraction("regressed_share", regressed_share, closed=True, scalar=True)
    if by is not None:
        if not isinstance(by, str):
            raise TypeError(message("by", "None, 'team' or 'service'", by))
        by = check_choice("by", by, ["team", "service"])
        check_columns("deployments", deployments, [by])
    if regressed_share is None:
        failed = deployments["failed"]
        if not pd.api.types.is_bool_dtype(failed):
            raise TypeError(described("deployments['failed']", "booleans", str(failed.dtype)))
        bad = failed.astype(float)
    else:
        bad = pd.Series(regressed_share, index=deployments.index, dtype=float)
    frame = pd.DataFrame({"deployments": 1.0, "bad": bad.to_numpy()}, index=deployments.index)
    if by is not None:
        frame[by] = deployments[by].to_numpy()
        table = frame.groupby(by, sort=True)[["deployments", "bad"]].sum()
    else:
        table = frame[["deployments", "bad"]].sum().to_frame().T
    table["good"] = table["deployments"] - table["bad"]
    table["blocked_good"] = table["good"] * fpr
    table["caught_bad"] = table["bad"] * power
    table["missed_bad"] = table["bad"] - table["caught_bad"]
    table["blocked"] = table["blocked_good"] + table["caught_bad"]
    blocked = table["blocked"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["false_block_share"] = np.where(blocked > 0, table["blocked_good"] / np.where(blocked > 0, blocked, 1),
                                              np.nan)
    table["any_false_block"] = 1 - (1 - fpr) ** table["good"]
    table["deployments"] = table["deployments"].astype(np.int64)
    if by is not None:
        return table
    row = table.iloc[0]
    out = {k: float(v) for k, v in row.items()}
    out["deployments"] = int(row["deployments"])
    return out


# --------------------------------------------------------------------------- power by formula
def _shift_probability(service: str, regression: float) -> float:
    """P(a canary request is slower than a baseline one): Φ(ln(1 + r) / (σ √2)) for log-normal latencies."""
    from statistics import NormalDist

    sigma = _PROFILE[service].latency_sigma
    return NormalDist().cdf(math.log1p(regression) / (sigma * math.sqrt(2)))


def _power(theta: float, n: np.ndarray, alpha: float) -> np.ndarray:
    from statistics import NormalDist

    normal = NormalDist()
    n = np.asarray(n, dtype=float)
    sd = np.sqrt(n * n * (2 * n + 1) / 12.0)
    z = (n * n * (theta - 0.5) - 0.5) / sd + normal.inv_cdf(alpha)  # z_(1-alpha) = -inv_cdf(alpha)
    return np.asarray(np.frompyfunc(normal.cdf, 1, 1)(z), dtype=float)


def mann_whitney_power(*, regression, n_requests, alpha=0.05, service="checkout"):
    """Power of the one-sided Mann–Whitney gate against a latency regression, by formula.

    The quick answer to "how many requests must the canary see?": no
    simulation, so it suits a slider. :func:`gate_error_rates` measures the
    same thing by simulation and agrees within its Monte Carlo error.

    Parameters
    ----------
    regression : float
        The canary's relative slow-down, in [-0.9, 10] (Ravi's 5 % is 0.05).
    n_requests : int or array-like of int
        Requests per group (equal groups), 2 .. 10**9.
    alpha : float, default 0.05
        Significance level, in (0, 1).
    service : str, default "checkout"
        Whose latency profile (``sl.SERVICES``: log-normal, same sigma in
        both groups).

    Returns
    -------
    float or ndarray
        The chance the gate blocks a release carrying that regression.

    Notes
    -----
    With log-latencies N(μ, σ²) and the canary's shifted by d = ln(1 + r),
    a canary request is slower than a baseline one with probability
    θ = Φ(d / (σ√2)). U has mean n²θ and, near θ = ½, about the null's
    standard deviation s₀ = √(n²(2n + 1)/12), so the test (which blocks when
    U > n²/2 + ½ + z₁₋α s₀) has power ≈ Φ((n²(θ − ½) − ½)/s₀ − z₁₋α).

    Examples
    --------
    Ravi's 5 % regression on checkout (σ = 0.45):

    >>> [round(float(p), 2) for p in mann_whitney_power(regression=0.05, n_requests=[100, 1000, 10_000])]
    [0.18, 0.76, 1.0]
    """
    regression = _regression(regression)
    alpha = _alpha(alpha)
    service = _service(service)
    n = check_real("n_requests", n_requests, low=2, high=1e9)
    if np.any(np.asarray(n) != np.floor(n)):
        raise ValueError(message("n_requests", "whole numbers >= 2", n_requests))
    result = _power(_shift_probability(service, regression), n, alpha)
    return float(result) if np.ndim(n_requests) == 0 else result


def requests_for_power(*, regression, power=0.8, alpha=0.05, service="checkout"):
    """Requests per group the Mann–Whitney gate needs to catch a regression with the given power.

    Parameters
    ----------
    regression : float
        The regression to catch, in (0, 10] (0.05 = 5 % slower).
    power : float, default 0.8
        Wanted chance of blocking it, in (alpha, 1).
    alpha : float, default 0.05
        Significance level, in (0, 1).
    service : str, default "checkout"
        Whose latency profile.

    Returns
    -------
    int
        The smallest n (per group) with :func:`mann_whitney_power` ≥ ``power``.

    Raises
    ------
    ValueError
        For a regression ≤ 0 (no sample is large enough) or a power not above
        ``alpha``.

    Examples
    --------
    About 1,100 checkout requests per group to catch 5 % four times in five:

    >>> requests_for_power(regression=0.05, power=0.8)
    1105
    """
    regression = check_real("regression", regression, low=0, high=10, low_open=True, scalar=True,
                            hint="A release that is not slower cannot be caught." if isinstance(regression, numbers.Real)
                            and not isinstance(regression, bool) and regression <= 0 else None)
    alpha = _alpha(alpha)
    power = check_fraction("power", power, scalar=True)
    if power <= alpha:
        raise ValueError(message("power", f"above alpha ({alpha:g})", power,
                                 "Any test blocks a share alpha of releases by chance."))
    service = _service(service)
    theta = _shift_probability(service, regression)
    low, high = 2, 2
    while float(_power(theta, high, alpha)) < power:
        low, high = high, high * 2
        if high > 2**40:
            raise ValueError(message("regression", "large enough to be caught with fewer than 2**40 requests",
                                     regression))
    while low < high:  # power grows with n: the smallest n reaching it
        mid = (low + high) // 2
        if float(_power(theta, mid, alpha)) >= power:
            high = mid
        else:
            low = mid + 1
    return int(low)
