"""Shared look of every view: the palette, ``use_course_style`` and axes helpers.

Private to :mod:`sre_lab.plotting`: the section modules (``start``, ``intro``,
``slos``) import these; notebooks reach ``use_course_style`` and the palette
as ``sl.use_course_style()``, ``sl.plotting.COURSE_COLORS``.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np

__all__ = ["COURSE_COLORS", "COURSE_LINESTYLES", "use_course_style"]

#: Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), in the order
#: the course uses it: blue, vermillion, bluish green, orange, reddish purple,
#: sky blue, yellow, black. Distinguishable with the common colour-vision
#: deficiencies.
COURSE_COLORS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Dash patterns paired with the colours, so lines differ without colour.
COURSE_LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1)), (0, (1, 1)), "-")

# Fixed roles so the same idea has the same look everywhere.
_GOOD = COURSE_COLORS[0]        # measured SLI, remaining budget
_TARGET = COURSE_COLORS[1]      # the SLO target / ideal line
_CONTRACT = COURSE_COLORS[7]    # SLA (external promise)
_NEUTRAL = "#777777"


def use_course_style() -> dict[str, Any]:
    """Apply the course's matplotlib look: colour-blind-safe colours, readable sizes.

    Nothing in :mod:`sre_lab` changes matplotlib on import; call this once at
    the top of a notebook if you want the course look. The colour cycle is the
    Okabe-Ito palette and each colour is paired with a dash pattern, so two
    lines can be told apart in grey-scale print and by readers with colour-vision
    deficiencies.

    Returns
    -------
    dict
        The ``rcParams`` entries that were set (handy to inspect or undo).

    Notes
    -----
    Palette: M. Okabe and K. Ito, *Color Universal Design*, 2008
    (https://jfly.uni-koeln.de/color/). Introduced in ``00_start_here``.

    Examples
    --------
    >>> import sre_lab as sl
    >>> params = sl.use_course_style()
    >>> params["axes.prop_cycle"].by_key()["color"][:2]
    ['#0072B2', '#D55E00']
    """
    from matplotlib import cycler

    params = {
        "axes.prop_cycle": cycler(color=list(COURSE_COLORS))
        + cycler(linestyle=list(COURSE_LINESTYLES)),
        "figure.figsize": (8.0, 3.6),
        "figure.dpi": 100,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "legend.fontsize": 9,
        "lines.linewidth": 1.8,
    }
    matplotlib.rcParams.update(params)
    return params


def _new_axes(ax, figsize=(8.0, 3.6)):
    """Return ``ax`` or a fresh one from pyplot (so notebooks show it inline)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _legend_right(ax) -> None:
    """The legend outside the axes, top right, so it never hides data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)


def _percent_axis(ax, axis: str = "y", *, decimals: int | None = None) -> None:
    from matplotlib.ticker import PercentFormatter

    fmt = PercentFormatter(xmax=1.0, decimals=decimals)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _thin(series, max_points: int = 2000):
    """Every k-th point (and the last) of a long series: enough for a plot, 20x faster to draw."""
    n = len(series)
    if n <= max_points:
        return series
    stride = -(-n // max_points)
    keep = list(range(0, n, stride))
    if keep[-1] != n - 1:
        keep.append(n - 1)
    return series.iloc[keep]


def _date_axis(ax) -> None:
    """Readable UTC date ticks: '05 Oct' over days, '14:00' within a day or two."""
    import matplotlib.dates as mdates

    low, high = ax.get_xlim()
    span_days = high - low
    if 10 < span_days <= 92:        # weeks: a tick every Monday
        locator = mdates.WeekdayLocator(byweekday=mdates.MO)
        fmt = "%a %d %b"
    elif 2 < span_days <= 10:       # days
        locator = mdates.DayLocator()
        fmt = "%a %d"
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        fmt = "%d %b" if span_days > 2 else "%d %b %H:%M" if span_days > 1 else "%H:%M"
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))


def _naive_utc(times):
    """Times as naive UTC ``numpy.datetime64`` (what matplotlib converts fast).

    Accepts a single ``Timestamp`` or anything ``DatetimeIndex`` takes;
    tz-aware values are converted to UTC first.
    """
    import pandas as pd

    if isinstance(times, pd.Timestamp):
        return (times.tz_convert("UTC").tz_localize(None) if times.tzinfo else times).to_datetime64()
    index = pd.DatetimeIndex(times)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.to_numpy()


def _window_text(minutes) -> str:
    """``60 -> '1 h'``, ``4320 -> '3 d'``, ``2016 -> '33 h 36 min'``, ``5 -> '5 min'``."""
    minutes = int(minutes)
    if minutes % 1440 == 0:
        return f"{minutes // 1440} d"
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    if minutes > 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes} min"


def _envelope(series, max_points: int = 1500):
    """Per-bin maximum of a long series (bins start at the kept index).

    Thinning (every k-th point) would drop a 12-minute spike from 28 days of
    minutes; the per-bin maximum keeps every peak, which is what a burn-rate
    plot is read for.
    """
    import pandas as pd

    n = len(series)
    if n <= max_points:
        return series
    size = -(-n // max_points)
    starts = np.arange(0, n, size)
    values = series.to_numpy(dtype=float)
    peaks = np.maximum.reduceat(np.where(np.isnan(values), -np.inf, values), starts)
    peaks[np.isinf(peaks)] = np.nan
    return pd.Series(peaks, index=series.index[starts], name=series.name)


def _clip_to(frame, xlim):
    if xlim is None:
        return frame
    start, end = xlim
    return frame.loc[start:end]


def _legend_above(ax) -> None:
    """One legend row between the title and the plot, clear of the data."""
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=5, fontsize=8,
              frameon=False, borderaxespad=0.1, handlelength=2.5, columnspacing=1.2)
