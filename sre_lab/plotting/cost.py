"""Views of 04_cost/1* (bills, cost against downtime, retention) and the cost explorer.

=========================  ====================================================
``plot_bill``              a monthly bill as horizontal bars, by one column
                           (service, signal or component), with dollar labels
``plot_downtime_cost``     revenue each incident lost, a monthly spend beside it
``plot_storage_bill``      storage dollars per month over a year, by tier
``plot_cost_explorer``     the cost explorer's picture: bill by signal and
                           component, with the debuggable share in the title
=========================  ====================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, message
from ._style import COURSE_COLORS, _legend_right, _naive_utc, _new_axes

__all__ = ["plot_bill", "plot_downtime_cost", "plot_storage_bill", "plot_cost_explorer"]

# one colour AND one hatch per part, so stacked parts differ without colour
_HATCHES = ("", "//", "..", "xx", "\\\\", "oo")
_TIER_COLORS = {"hot": COURSE_COLORS[1], "warm": COURSE_COLORS[3], "cold": COURSE_COLORS[5]}
# the bill's components always in this order, each with its own colour and hatch
_COMPONENTS = ("ingest", "storage_hot", "storage_warm", "storage_cold", "query", "series", "licence")
_COMPONENT_LOOK = {name: (color, hatch) for name, color, hatch in zip(
    _COMPONENTS, (*COURSE_COLORS[:6], "#999999"), ("", "/", "\\", "x", ".", "|", "+"))}
_ROW_NAMES = {"": "licences"}


def _usd(value: float) -> str:
    return f"${value:,.0f}" if abs(value) >= 10 else f"${value:,.2f}"


def plot_bill(bill, *, by="component", stack=None, order=None, ax=None, title=None):
    """A bill as horizontal bars, one per value of ``by``, labelled in dollars.

    Parameters
    ----------
    bill : DataFrame
        With a ``usd`` column and the column ``by`` (e.g. from
        ``sl.monthly_bill``).
    by : str, default "component"
        Column whose values make the bars (``"service"``, ``"signal"``,
        ``"component"``). The licence rows of ``sl.monthly_bill`` (signal
        ``""``) read "licences".
    stack : str, optional
        Column whose values are stacked inside each bar, each with its own
        colour and hatch (the bill's components always get the same look).
    order : sequence, optional
        The bars from top to bottom (default: largest at the top).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> bill = pd.DataFrame({"component": ["ingest", "storage_hot"], "usd": [300.0, 40.0]})
    >>> plot_bill(bill).get_xlabel()
    'US dollars per month'
    """
    check_columns("bill", bill, ["usd", by] + ([stack] if stack else []))
    ax = _new_axes(ax)
    if stack is None:
        table = bill.groupby(by, sort=False)["usd"].sum().to_frame("usd")
    else:
        table = bill.pivot_table(index=by, columns=stack, values="usd", aggfunc="sum",
                                 fill_value=0.0, sort=False)
        known = [c for c in _COMPONENTS if c in table.columns]
        table = table[known + [c for c in table.columns if c not in known]]
    if order is None:
        table = table.loc[table.sum(axis=1).sort_values().index]
    else:
        table = table.reindex([v for v in reversed(list(order))], fill_value=0.0)
    totals = table.sum(axis=1)
    y = np.arange(len(table))
    left = np.zeros(len(table))
    for i, column in enumerate(table.columns):
        values = table[column].to_numpy(dtype=float)
        if stack is None:
            look = (COURSE_COLORS[0], "")
        else:
            look = _COMPONENT_LOOK.get(column, (COURSE_COLORS[i % 7], _HATCHES[i % len(_HATCHES)]))
        ax.barh(y, values, left=left, color=look[0], edgecolor="white", hatch=look[1],
                label=None if stack is None else str(column).replace("_", " "))
        left += values
    span = float(totals.max()) if len(totals) else 0.0
    for yi, total in zip(y, totals.to_numpy(dtype=float)):
        ax.text(total + 0.01 * max(span, 1e-9), yi, _usd(total), va="center", fontsize=9)
    ax.set_yticks(y, [_ROW_NAMES.get(str(v), str(v)) for v in table.index])
    ax.set_xlim(0, max(span, 1e-9) * 1.18)
    ax.set_xlabel("US dollars per month")
    ax.set_ylabel(by)
    if stack is not None:
        _legend_right(ax)
    ax.set_title(title or f"Monthly bill by {by}: {_usd(float(totals.sum()))} in all")
    return ax


def plot_downtime_cost(downtime, *, spend_usd=None, spend_label="monthly spend", ax=None,
                       title=None):
    """Revenue each incident lost (bars), and a spend to compare with (a line).

    Parameters
    ----------
    downtime : DataFrame
        From ``sl.downtime_cost`` (``id``, ``service``, ``lost_revenue_usd``).
    spend_usd : float, optional
        A spend over the same period (e.g. the month's observability bill),
        drawn as a dashed line.
    spend_label : str
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> d = pd.DataFrame({"id": ["A", "B"], "service": ["checkout", "search"],
    ...                   "lost_revenue_usd": [400.0, 20.0]})
    >>> plot_downtime_cost(d, spend_usd=300).get_ylabel()
    'revenue lost (US dollars)'
    """
    check_columns("downtime", downtime, ["id", "service", "lost_revenue_usd"])
    ax = _new_axes(ax)
    services = list(dict.fromkeys(downtime["service"]))
    x = np.arange(len(downtime))
    for i, service in enumerate(services):
        mine = (downtime["service"] == service).to_numpy()
        ax.bar(x[mine], downtime["lost_revenue_usd"].to_numpy(dtype=float)[mine],
               color=COURSE_COLORS[i % 6], hatch=_HATCHES[i % len(_HATCHES)],
               edgecolor="white", label=str(service))
    if spend_usd is not None:
        ax.axhline(float(spend_usd), color=COURSE_COLORS[7], linestyle="--", linewidth=1.5,
                   label=f"{spend_label} ({_usd(float(spend_usd))})")
    ax.set_xticks(x, [str(i) for i in downtime["id"]], rotation=60, ha="right", fontsize=8)
    ax.set_xlabel("incident")
    ax.set_ylabel("revenue lost (US dollars)")
    total = float(downtime["lost_revenue_usd"].sum())
    ax.set_title(title or f"Revenue lost per incident: {_usd(total)} in all")
    _legend_right(ax)
    return ax


def plot_storage_bill(bill, *, ax=None, title=None):
    """Storage dollars per month, stacked by tier (hatched: readable without colour).

    Parameters
    ----------
    bill : DataFrame
        From ``sl.storage_bill`` (``month``, ``tier``, ``usd``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> b = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-02-01"] * 2, utc=True),
    ...                   "tier": ["hot", "hot", "warm", "warm"], "usd": [5.0, 6.0, 0.0, 2.0]})
    >>> plot_storage_bill(b).get_ylabel()
    'storage (US dollars per month)'
    """
    check_columns("bill", bill, ["month", "tier", "usd"])
    ax = _new_axes(ax)
    table = bill.pivot_table(index="month", columns="tier", values="usd", aggfunc="sum",
                             fill_value=0.0)
    tiers = [t for t in ("hot", "warm", "cold") if t in table.columns] + [
        t for t in table.columns if t not in ("hot", "warm", "cold")]
    import matplotlib.dates as mdates

    index = pd.DatetimeIndex(table.index)
    months = mdates.date2num(_naive_utc(index))
    partial = np.zeros(len(table), dtype=bool)
    if "days" in bill.columns:   # a month the volumes cover only in part is drawn paler
        covered = bill.groupby("month")["days"].max().reindex(table.index).to_numpy()
        partial = covered < index.days_in_month.to_numpy()
    bottom = np.zeros(len(table))
    for i, tier in enumerate(tiers):
        values = table[tier].to_numpy(dtype=float)
        color = _TIER_COLORS.get(tier, COURSE_COLORS[i % 6])
        for part, alpha, label in ((~partial, 1.0, str(tier)), (partial, 0.4, None)):
            if part.any():
                ax.bar(months[part], values[part], bottom=bottom[part], width=25, align="edge",
                       color=color, alpha=alpha, hatch=_HATCHES[i % len(_HATCHES)],
                       edgecolor="white", label=label)
        bottom += values
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %y"))
    ax.set_xlabel("month (UTC)")
    ax.set_ylabel("storage (US dollars per month)")
    ax.set_title(title or f"Storage bill by tier: {_usd(float(bottom.sum()))} over the period")
    _legend_right(ax)
    if partial.any():
        from matplotlib.patches import Patch

        handles, labels = ax.get_legend_handles_labels()
        handles.append(Patch(facecolor="#999999", alpha=0.4, label="paler: part of a month"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0.0)
    return ax


def plot_cost_explorer(state, *, ax=None, title=None):
    """The cost explorer's picture: the month's bill by signal, stacked by component.

    Parameters
    ----------
    state : object
        The explorer's state: ``state.bill`` (``signal``, ``component``,
        ``usd``) and ``state.debuggable_share`` (a fraction).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    bill = getattr(state, "bill", None)
    if not isinstance(bill, pd.DataFrame):
        raise TypeError(message("state", "the cost explorer's state (with .bill)",
                                type(state).__name__))
    share = float(getattr(state, "debuggable_share", np.nan))
    ax = plot_bill(bill, by="signal", stack="component", order=("logs", "spans", "metrics", ""),
                   ax=ax)
    ax.set_title(title or (f"Monthly bill {_usd(float(bill['usd'].sum()))}; "
                           f"incidents still debuggable: {share * 100:.0f} %"), fontsize=10)
    return ax
