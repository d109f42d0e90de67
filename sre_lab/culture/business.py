"""The business case for reliability: churn and the return on an investment.

Naomi, MicroCorp's VP of Engineering, must show the board what reliability is
worth. The immediate loss of an incident (purchases that failed) comes from
section 4's revenue model, ``sl.downtime_cost`` and ``sl.MICROCORP_REVENUE``
(``sre_lab/cost/benefit.py``): this module never invents a second one. It adds
what happens *after* the incident (customers who leave) and turns both into a
return on investment **with its uncertainty**, because a business case built
on a handful of incidents and two guessed effects is a range, not a number.

========================  ====================================================
``churn_cost``            revenue lost later to customers who leave after a
                          failed purchase (a stated, two-parameter model)
``response_cost``         people cost of each incident: minutes logged against
                          it in the work log x an hourly cost
``RESPONDER_USD_PER_HOUR`` $100: PagerDuty's figure for an hour of a responder
``reliability_roi``       seeded Monte Carlo of the return on a reliability
                          investment -> :class:`ReliabilityROI`
``ReliabilityROI``        the samples, the median and interval, the chance of
                          losing money, the point estimate a slide would show
========================  ====================================================

The churn model (a course assumption, not an industry number)
--------------------------------------------------------------
A failed purchase worth ``v`` loses ``v`` now (section 4's ``lost_revenue_usd``).
The customer behind it leaves with probability ``churn_probability``; a
customer who leaves takes the ``purchases_per_year`` purchases of the next
12 months (of the same value) with them. So the churn cost of an incident is::

    churn_usd = lost_revenue_usd × churn_probability × purchases_per_year

It ignores customers who fail twice, customers who come back, and the ones
who never tried during the incident but read about it. Surveys of stated
intentions give much larger numbers than observed behaviour; treat
``churn_probability`` as the most uncertain input of the case and give it a
range.

Taught in ``notebooks/05_culture/3c_the_business_case.ipynb``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_fraction, check_int, check_real, message
from .._windows import check_rng

__all__ = ["RESPONDER_USD_PER_HOUR", "ReliabilityROI", "churn_cost", "reliability_roi", "response_cost"]

#: Cost of an hour of one responder, USD. PagerDuty's incident-response
#: training frames a large incident call as "~100 people at ~$100/hour",
#: about $10K every hour (PagerDuty/incident-response-docs).
RESPONDER_USD_PER_HOUR = 100.0

_DAYS_PER_YEAR = 365.0
_MAX_DRAWS = 50_000_000       # incidents drawn over all samples: memory and time bound
_MAX_INCIDENTS = 1_000_000    # incidents in the observed period


def _amounts(name: str, values) -> tuple[np.ndarray, pd.Index | None]:
    """1-d non-negative finite amounts (USD) and the index of a Series."""
    index = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, pd.DataFrame):
        raise TypeError(message(name, "a 1-d sequence of amounts in USD (a Series or array)",
                                "a DataFrame", "Pick the column, e.g. downtime['lost_revenue_usd']."))
    if isinstance(values, pd.Series) and not pd.api.types.is_numeric_dtype(values.dtype):
        raise TypeError(message(name, "numbers (USD)", str(values.dtype)))
    if isinstance(values, pd.Series) and pd.api.types.is_bool_dtype(values.dtype):
        raise TypeError(message(name, "numbers (USD)", str(values.dtype)))
    array = check_real(name, values.to_numpy(dtype=float) if isinstance(values, pd.Series)
                       else values, low=0)
    array = np.asarray(array, dtype=float)
    if array.ndim > 1:
        raise ValueError(message(name, "a 1-d sequence of amounts in USD",
                                 f"an array of shape {array.shape}"))
    return np.atleast_1d(array), index


def churn_cost(lost_revenue_usd, *, churn_probability, purchases_per_year):
    """Revenue lost over the next year to customers who leave after a failed purchase.

    The course's stated model (module docstring): a customer whose purchase
    failed leaves with probability ``churn_probability`` and takes the
    ``purchases_per_year`` purchases of the next 12 months with them.

    Parameters
    ----------
    lost_revenue_usd : float, array or pandas.Series
        Immediate loss per incident, USD >= 0 (``sl.downtime_cost(...)
        ["lost_revenue_usd"]``): the value of the purchases that failed.
    churn_probability : float
        Chance that a customer whose purchase failed leaves, a fraction in [0, 1].
    purchases_per_year : float
        Purchases a customer makes in 12 months, >= 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Churn cost in USD, same shape (and index) as ``lost_revenue_usd``.

    Raises
    ------
    TypeError, ValueError
        Naming the parameter (negative amounts, a percentage for a fraction ...).

    Notes
    -----
    ``churn_usd = lost_revenue_usd × churn_probability × purchases_per_year``:
    the failed purchases number ``lost / v`` for an order value ``v``; a share
    ``p`` of those customers leave, each taking ``purchases_per_year × v``.
    ``v`` cancels, so the model needs no customer count.

    Examples
    --------
    $1,000 of failed purchases, 5 % of those customers leave, 12 purchases a
    year each: 1,000 × 0.05 × 12 = $600 lost over the next year.

    >>> float(churn_cost(1000.0, churn_probability=0.05, purchases_per_year=12))
    600.0
    >>> churn_cost([0.0, 200.0], churn_probability=0.1, purchases_per_year=6).tolist()
    [0.0, 120.0]
    >>> churn_cost(1000.0, churn_probability=5, purchases_per_year=12)
    Traceback (most recent call last):
    ...
    ValueError: churn_probability must be a fraction in [0, 1]; got 5. Write 5% as 0.05.
    """
    p = check_fraction("churn_probability", churn_probability, closed=True, scalar=True)
    per_year = check_real("purchases_per_year", purchases_per_year, low=0, high=1e6,
                          scalar=True)
    if isinstance(lost_revenue_usd, numbers.Real) and not isinstance(lost_revenue_usd, bool):
        lost = check_real("lost_revenue_usd", lost_revenue_usd, low=0, scalar=True)
        return float(lost * p * per_year)
    array, index = _amounts("lost_revenue_usd", lost_revenue_usd)
    out = array * p * per_year
    if index is not None:
        return pd.Series(out, index=index, name="churn_usd")
    return out


def response_cost(work_log, *, usd_per_hour=RESPONDER_USD_PER_HOUR) -> pd.Series:
    """People cost of each incident: the minutes the work log holds against it, priced.

    Parameters
    ----------
    work_log : pandas.DataFrame
        With ``incident_id`` (empty for work not caused by an incident) and
        ``minutes`` (``sl.load_work_log()``: incident response and postmortems).
    usd_per_hour : float, default :data:`RESPONDER_USD_PER_HOUR`
        Cost of one hour of one person, USD >= 0.

    Returns
    -------
    pandas.Series
        Index ``incident_id`` (in order of first appearance), values in USD,
        name ``response_cost_usd``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"incident_id": ["INC-1", None, "INC-1", "INC-2"],
    ...                     "minutes": [90, 480, 30, 15]})
    >>> response_cost(log).to_dict()    # 120 min and 15 min at $100 an hour
    {'INC-1': 200.0, 'INC-2': 25.0}
    """
    from .._validation import check_columns

    check_columns("work_log", work_log, ["incident_id", "minutes"])
    usd_per_hour = check_real("usd_per_hour", usd_per_hour, low=0, high=1e9, scalar=True)
    minutes = work_log["minutes"]
    if not pd.api.types.is_numeric_dtype(minutes.dtype) or pd.api.types.is_bool_dtype(minutes.dtype):
        raise TypeError(message("work_log", "a numeric 'minutes' column", str(minutes.dtype)))
    values = minutes.to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(message("work_log", "minutes >= 0 in every row",
                                 "a negative, NaN or infinite number of minutes"))
    caused = work_log["incident_id"].notna().to_numpy()
    ids = work_log["incident_id"].to_numpy()[caused]
    total = pd.Series(values[caused], index=pd.Index(ids, name="incident_id")).groupby(level=0, sort=False).sum()
    return (total / 60 * usd_per_hour).rename("response_cost_usd")


@dataclass(frozen=True, eq=False)
class ReliabilityROI:
    """What :func:`reliability_roi` returns.

    Attributes
    ----------
    samples : pandas.DataFrame
        One row per simulated future: ``incidents`` (count over the horizon),
        ``lost_revenue_usd``, ``churn_usd``, ``response_cost_usd``,
        ``loss_usd`` (their sum),
        ``reduction``, ``churn_probability``, ``investment_usd``,
        ``avoided_usd`` (``reduction × loss_usd``), ``net_usd``
        (``avoided − investment``) and ``roi`` (``net / investment``).
    roi_median, roi_low, roi_high : float
        Median ROI and the central ``interval`` of the samples (e.g. 5 % and
        95 % quantiles for 0.9).
    interval : float
        The share of samples inside ``[roi_low, roi_high]``.
    probability_loss : float
        Share of samples with ``roi < 0``: the chance the investment does not
        pay for itself over the horizon.
    expected_loss_usd : float
        Expected loss over the horizon with no investment (mean inputs).
    point_roi : float
        The single number a slide shows: ROI from the mean of every input.
    break_even_reduction : float
        Reduction of the expected loss at which the mean investment pays for
        itself exactly (``investment / expected_loss``; above 1: it never does).
    years : float
        The horizon.
    """

    samples: pd.DataFrame
    roi_median: float
    roi_low: float
    roi_high: float
    interval: float
    probability_loss: float
    expected_loss_usd: float
    point_roi: float
    break_even_reduction: float
    years: float


def _range(name: str, value, *, fraction: bool, low: float = 0.0,
           high: float | None = None) -> tuple[float, float]:
    """A single value or a ``(low, high)`` pair -> ``(low, high)`` (uniform range)."""
    def one(v):
        if fraction:
            return check_fraction(name, v, closed=True, scalar=True)
        return check_real(name, v, low=low, high=high, scalar=True)

    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(message(name, "a number or a (low, high) pair", value))
        a, b = one(value[0]), one(value[1])
        if a > b:
            raise ValueError(message(name, "a (low, high) pair with low <= high", tuple(value)))
        return a, b
    if isinstance(value, (np.ndarray, pd.Series)):
        raise TypeError(message(name, "a number or a (low, high) tuple", type(value).__name__))
    v = one(value)
    return v, v


def reliability_roi(lost_revenue_usd, *, period_days, investment_usd, reduction,
                    churn_probability=0.0, purchases_per_year=12.0, response_cost_usd=None,
                    years=1.0, n_samples=10_000, interval=0.9, rng=None) -> ReliabilityROI:
    """Return on a reliability investment as a distribution, by seeded Monte Carlo.

    Each simulated future draws (1) how many incidents the horizon holds,
    Poisson with the observed rate; (2) what each costs, resampled from the
    observed incidents (so the long tail of a few costly ones stays in);
    (3) the churn probability and (4) the reduction the investment achieves,
    each uniform over its stated range; (5) the investment's cost, uniform over
    its range. ROI = (reduction × loss − investment) / investment.

    Parameters
    ----------
    lost_revenue_usd : array-like or pandas.Series
        Immediate loss of each incident observed over ``period_days``, USD >= 0
        (``sl.downtime_cost(...)["lost_revenue_usd"]``). May be empty.
    period_days : float
        Length of the observed period, days (> 0): MicroCorp's is 28.
    investment_usd : float or (low, high)
        Cost of the investment over the horizon, USD > 0.
    reduction : float or (low, high)
        Share of the incident loss the investment removes, fractions in [0, 1].
    churn_probability : float or (low, high), default 0.0
        As in :func:`churn_cost`, fractions in [0, 1].
    purchases_per_year : float, default 12.0
        As in :func:`churn_cost`.
    response_cost_usd : array-like or pandas.Series, optional
        Other cost of each incident that customers do not see (the hours of
        the people who respond), USD >= 0, one per incident in the same order
        as ``lost_revenue_usd``; resampled together with it; never churned.
    years : float, default 1.0
        Horizon, years (0 < years <= 10).
    n_samples : int, default 10000
        Simulated futures (100 to 1,000,000).
    interval : float, default 0.9
        Central share of the samples the interval holds, in (0, 1).
    rng : None, int or numpy.random.Generator
        Seed; pass one for a reproducible case.

    Returns
    -------
    ReliabilityROI

    Raises
    ------
    TypeError, ValueError
        Naming the parameter.

    Notes
    -----
    Incidents over the horizon ~ Poisson(``n × 365 × years / period_days``)
    for ``n`` observed incidents (a compound-Poisson bootstrap). The point
    estimate uses the mean of each input; the mean of the samples agrees with
    it, but the point hides the spread and the chance of a loss
    (``probability_loss``), which is what a board needs. Taught in
    ``notebooks/05_culture/3c_the_business_case.ipynb``.

    Examples
    --------
    One incident a week costing $1,000 (28 days observed, 4 incidents), an
    investment of $10,000 that removes exactly half the loss, no churn: the
    expected loss of a year is 4 × 1,000 × 365 / 28 = $52,143, the point ROI
    (0.5 × 52,143 − 10,000) / 10,000 = 1.607, and break-even needs a reduction
    of 10,000 / 52,143 = 0.192.

    >>> r = reliability_roi([1000.0] * 4, period_days=28, investment_usd=10_000,
    ...                     reduction=0.5, rng=1)
    >>> round(r.expected_loss_usd), round(r.point_roi, 3), round(r.break_even_reduction, 3)
    (52143, 1.607, 0.192)
    >>> r.roi_low < r.point_roi < r.roi_high
    True
    """
    amounts, _ = _amounts("lost_revenue_usd", lost_revenue_usd)
    if response_cost_usd is None:
        response = np.zeros_like(amounts)
    else:
        response, _ = _amounts("response_cost_usd", response_cost_usd)
        if response.size != amounts.size:
            raise ValueError(message("response_cost_usd", "one amount per incident of lost_revenue_usd",
                                     f"{response.size} amounts for {amounts.size} incidents"))
    if amounts.size > _MAX_INCIDENTS:
        raise ValueError(message("lost_revenue_usd", f"at most {_MAX_INCIDENTS:,} incidents",
                                 f"{amounts.size:,}"))
    period_days = check_real("period_days", period_days, low=0, low_open=True, high=36_500,
                             scalar=True)
    years = check_real("years", years, low=0, low_open=True, high=10, scalar=True)
    invest = _range("investment_usd", investment_usd, fraction=False, low=0, high=1e15)
    if invest[0] <= 0:
        raise ValueError(message("investment_usd", "a cost > 0 (USD)", investment_usd))
    red = _range("reduction", reduction, fraction=True)
    churn = _range("churn_probability", churn_probability, fraction=True)
    per_year = check_real("purchases_per_year", purchases_per_year, low=0, high=1e6, scalar=True)
    n_samples = check_int("n_samples", n_samples, low=100, high=1_000_000)
    interval = check_fraction("interval", interval, scalar=True)
    generator = check_rng(rng)

    rate = amounts.size * _DAYS_PER_YEAR * years / period_days
    if rate * n_samples > _MAX_DRAWS:
        raise ValueError(message(
            "period_days", f"long enough for at most {_MAX_DRAWS:,} incidents over all "
            "samples", period_days,
            f"{amounts.size} incidents in {period_days:g} days make {rate:,.0f} a horizon; "
            "lower n_samples or check the period."))

    counts = generator.poisson(rate, size=n_samples)
    total = int(counts.sum())
    if amounts.size and total:
        picks = generator.integers(0, amounts.size, size=total)
        owner = np.repeat(np.arange(n_samples), counts)
        lost = np.bincount(owner, weights=amounts[picks], minlength=n_samples)
        people = np.bincount(owner, weights=response[picks], minlength=n_samples)
    else:
        lost = people = np.zeros(n_samples)
    p = generator.uniform(churn[0], churn[1], size=n_samples)
    r = generator.uniform(red[0], red[1], size=n_samples)
    cost = generator.uniform(invest[0], invest[1], size=n_samples)
    churn_usd = lost * p * per_year
    loss = lost + churn_usd + people
    avoided = r * loss
    net = avoided - cost
    roi = net / cost
    samples = pd.DataFrame({
        "incidents": counts, "lost_revenue_usd": lost, "churn_usd": churn_usd,
        "response_cost_usd": people, "loss_usd": loss,
        "reduction": r, "churn_probability": p, "investment_usd": cost, "avoided_usd": avoided,
        "net_usd": net, "roi": roi,
    })
    tail = (1 - interval) / 2
    low, median, high = np.quantile(roi, [tail, 0.5, 1 - tail])

    mean_p, mean_r, mean_cost = sum(churn) / 2, sum(red) / 2, sum(invest) / 2
    expected_loss = float((amounts.sum() * (1 + mean_p * per_year) + response.sum())
                          * _DAYS_PER_YEAR * years / period_days)
    point = (mean_r * expected_loss - mean_cost) / mean_cost
    break_even = mean_cost / expected_loss if expected_loss > 0 else float("inf")
    return ReliabilityROI(
        samples=samples, roi_median=float(median), roi_low=float(low), roi_high=float(high),
        interval=interval, probability_loss=float(np.mean(roi < 0)),
        expected_loss_usd=expected_loss, point_roi=float(point),
        break_even_reduction=float(break_even), years=years,
    )
