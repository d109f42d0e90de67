"""Toil: classify work from the SRE book's six traits, share per engineer, top sources.

Carlos (outline §5.1) is asked to track his hours. This module turns such a
work log into numbers: which tasks are toil, what share of each engineer's
time they take against the published 50 % cap, and where the toil comes from.

======================  ========================================================
``TOIL_TRAITS``         the six published traits, as column names
``TOIL_CAP``            0.5: the SRE book's cap on operational work per SRE
``TOIL_SURVEY_SHARE``   0.33: the average time Google's SREs spent toiling
``oncall_toil_floor``   2 / N: the least toil an N-person on-call rotation implies
``classify_toil``       task catalogue -> traits counted, toil or not
``toil_report``         work log -> :class:`ToilReport` (share per engineer or team
                        against the cap, top sources of toil)
``ToilReport``          its frozen result
======================  ========================================================

Definition (Beyer et al., *Site Reliability Engineering*, O'Reilly 2016, ch. 5
"Eliminating Toil", https://sre.google/sre-book/eliminating-toil/): toil is
"the kind of work tied to running a production service that tends to be
manual, repetitive, automatable, tactical, devoid of enduring value, and that
scales linearly as a service grows". The book adds that not every toil task has
all six traits: the more it has, the more likely it is toil; and overhead
(meetings, HR paperwork) is not toil. The course therefore counts traits and
calls a task toil when it has at least ``min_traits`` of them (default 4, a
majority: the course's choice, shown and changeable, not the book's).

Cap and floor (same chapter): Google's SRE organisation has an "advertised goal
of keeping operational work (i.e., toil) below 50% of each SRE's time"; on-call
sets a floor: "in a 6-person rotation ... the lower bound on potential toil is
2/6 = 33% ... In an 8-person rotation, the lower bound is 2/8 = 25%"; quarterly
surveys found "the average time spent toiling is about 33%".

The work log is ``sl.load_work_log()`` (columns ``engineer``, ``team``,
``task``, ``minutes``, ...), the catalogue ``sl.WORK_TASKS`` (per task the six
traits as booleans). Taught in ``notebooks/05_culture/1b_measuring_toil``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_choice, check_fraction, check_int, message
from .._windows import described

__all__ = ["TOIL_TRAITS", "TOIL_CAP", "TOIL_SURVEY_SHARE", "oncall_toil_floor",
           "classify_toil", "ToilReport", "toil_report"]

#: The six traits of toil (SRE book ch. 5), as the column names the catalogue uses.
TOIL_TRAITS = ("manual", "repetitive", "automatable", "tactical", "no_enduring_value",
               "scales_with_service")

#: Cap on toil per SRE: "below 50% of each SRE's time" (SRE book ch. 5).
TOIL_CAP = 0.5

#: "the average time spent toiling is about 33%" (SRE book ch. 5, quarterly surveys).
TOIL_SURVEY_SHARE = 0.33

#: Other spellings a catalogue may use for a trait -> the course's name.
_ALIASES = {
    "devoid_of_enduring_value": "no_enduring_value",
    "no_enduring_value": "no_enduring_value",
    "enduring_value_none": "no_enduring_value",
    "scales_linearly": "scales_with_service",
    "scales_with_growth": "scales_with_service",
    "grows_with_service": "scales_with_service",
    "o_n_with_service_growth": "scales_with_service",
    "scales": "scales_with_service",
}


def oncall_toil_floor(people):
    """The least toil an on-call rotation of ``people`` implies: 2 / ``people``.

    In the SRE book's rotation each engineer is on call (primary, then
    secondary) two weeks in every ``people`` weeks, and on-call time is
    interrupt-driven operational work.

    Parameters
    ----------
    people : int
        Engineers in the rotation, 2 to 1,000.

    Returns
    -------
    float
        A fraction of each engineer's time.

    Notes
    -----
    SRE book ch. 5: "in a 6-person rotation ... 2/6 = 33% ... In an 8-person
    rotation, the lower bound is 2/8 = 25%". Taught in ``05_culture/1b``.

    Examples
    --------
    >>> oncall_toil_floor(8)
    0.25
    >>> round(oncall_toil_floor(6), 4)
    0.3333
    """
    people = check_int("people", people, low=2, high=1000)
    return 2 / people


# ---------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------

def _default_tasks():
    from .. import simulation

    tasks = getattr(simulation, "WORK_TASKS", None)
    if tasks is None:  # pragma: no cover - the data helper's catalogue is not there yet
        raise ValueError("tasks must be given: sl.WORK_TASKS is not available in this version.")
    return tasks


def _catalogue(tasks) -> pd.DataFrame:
    """The task catalogue as a frame indexed by task with the six boolean traits."""
    if tasks is None:
        tasks = _default_tasks()
    rule = ("a task catalogue: a DataFrame with a 'task' column (or task index) and the six "
            "boolean trait columns, or a dict {task: {trait: bool}}, like sl.WORK_TASKS")
    if isinstance(tasks, pd.DataFrame):
        frame = tasks.copy()
        if "task" in frame.columns:
            frame = frame.set_index("task")
    elif isinstance(tasks, Mapping):
        rows = {}
        for key, value in tasks.items():
            if isinstance(value, Mapping):
                rows[key] = dict(value)
            elif hasattr(value, "__dataclass_fields__") or hasattr(value, "_asdict"):
                rows[key] = (value._asdict() if hasattr(value, "_asdict")
                             else {f: getattr(value, f) for f in value.__dataclass_fields__})
            else:
                raise TypeError(described("tasks", rule, f"a {type(value).__name__} for {key!r}"))
        frame = pd.DataFrame.from_dict(rows, orient="index")
    elif isinstance(tasks, (list, tuple)) and tasks and all(
            hasattr(t, "__dataclass_fields__") for t in tasks):
        frame = pd.DataFrame([{f: getattr(t, f) for f in t.__dataclass_fields__} for t in tasks])
        if "task" not in frame.columns:
            raise ValueError(described("tasks", rule, "records without a 'task' field"))
        frame = frame.set_index("task")
    else:
        raise TypeError(described("tasks", rule, f"a {type(tasks).__name__}"))
    frame = frame.rename(columns={c: _ALIASES.get(str(c), c) for c in frame.columns})
    missing = [t for t in TOIL_TRAITS if t not in frame.columns]
    if missing:
        raise ValueError(described("tasks", "a catalogue with the six trait columns "
                                   + ", ".join(repr(t) for t in TOIL_TRAITS),
                                   f"no {missing[0]!r} column"))
    if len(frame) == 0:
        raise ValueError(described("tasks", "a catalogue with at least one task", "an empty one"))
    if frame.index.has_duplicates:
        raise ValueError(message("tasks", "one row per task",
                                 f"{frame.index[frame.index.duplicated()][0]!r} twice"))
    for trait in TOIL_TRAITS:
        column = frame[trait]
        values = column.to_numpy()
        if column.dtype != bool:
            if not all(isinstance(v, (bool, np.bool_)) for v in values):
                bad = next(v for v in values if not isinstance(v, (bool, np.bool_)))
                raise TypeError(message(f"tasks[{trait!r}]", "True or False for every task", bad))
            frame[trait] = column.astype(bool)
    frame.index = frame.index.map(str)
    frame.index.name = "task"
    return frame


def classify_toil(tasks=None, *, min_traits=4) -> pd.DataFrame:
    """Which tasks are toil: count each task's toil traits and compare with ``min_traits``.

    Parameters
    ----------
    tasks : DataFrame or dict, optional
        The task catalogue: one row per task (a ``task`` column or index)
        with the six boolean columns of :data:`TOIL_TRAITS`; or a dict
        ``{task: {trait: bool}}``. Default ``sl.WORK_TASKS``.
    min_traits : int, default 4
        Traits (1 to 6) a task needs to count as toil. 6 is the strict
        reading (all traits), 1 the loosest.

    Returns
    -------
    pandas.DataFrame
        Indexed by task: the catalogue's columns, ``n_traits`` (0 to 6) and
        ``toil`` (bool).

    Raises
    ------
    TypeError, ValueError
        A catalogue without the trait columns, a trait that is not a bool,
        a task listed twice, ``min_traits`` outside 1..6.

    Notes
    -----
    Traits from the SRE book ch. 5 (see the module docstring); the threshold
    is the course's choice. Taught in ``05_culture/1b``.

    Examples
    --------
    >>> tasks = {"restart pods by hand": dict.fromkeys(TOIL_TRAITS, True),
    ...          "postmortem": {"manual": True, "repetitive": False, "automatable": False,
    ...                         "tactical": False, "no_enduring_value": False,
    ...                         "scales_with_service": False}}
    >>> c = classify_toil(tasks)
    >>> c["n_traits"].tolist(), c["toil"].tolist()
    ([6, 1], [True, False])
    """
    min_traits = check_int("min_traits", min_traits, low=1, high=len(TOIL_TRAITS))
    frame = _catalogue(tasks)
    frame["n_traits"] = frame[list(TOIL_TRAITS)].sum(axis=1).astype(int)
    frame["toil"] = frame["n_traits"] >= min_traits
    return frame


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ToilReport:
    """Result of :func:`toil_report`.

    Attributes
    ----------
    shares : pandas.DataFrame
        One row per engineer (or team, see ``by``), most toil first:
        ``total_minutes``, ``toil_minutes``, ``toil_share`` (a fraction of
        their logged time), ``over_cap`` (``toil_share > cap``), and ``team``
        for engineers when the log has it.
    top_sources : pandas.DataFrame
        The ``top`` toil tasks by minutes: ``task``, ``kind`` (when logged),
        ``minutes``, ``entries`` (log rows), ``share_of_toil``.
    tasks : pandas.DataFrame
        The classified catalogue (:func:`classify_toil`).
    toil_share : float
        All toil minutes / all logged minutes.
    toil_minutes, total_minutes : float
    cap : float
    n_over_cap : int
        Rows of ``shares`` above the cap.
    by : str
        ``"engineer"`` or ``"team"``.
    min_traits : int
    """

    shares: pd.DataFrame
    top_sources: pd.DataFrame
    tasks: pd.DataFrame
    toil_share: float
    toil_minutes: float
    total_minutes: float
    cap: float
    n_over_cap: int
    by: str
    min_traits: int


def _check_log(work_log) -> pd.DataFrame:
    if work_log is None:
        from ..datasets import load_work_log

        return load_work_log()
    if not isinstance(work_log, pd.DataFrame):
        raise TypeError(described("work_log", "a DataFrame like sl.load_work_log()",
                                  f"a {type(work_log).__name__}"))
    missing = [c for c in ("engineer", "task", "minutes") if c not in work_log.columns]
    if missing:
        raise ValueError(described("work_log", "a DataFrame with the columns 'engineer', 'task', "
                                   "'minutes'", f"a DataFrame without {missing[0]!r}"))
    if len(work_log) == 0:
        raise ValueError(described("work_log", "a log with at least one entry", "an empty DataFrame"))
    minutes = work_log["minutes"]
    if minutes.dtype == bool or not pd.api.types.is_numeric_dtype(minutes):
        raise TypeError(described("work_log['minutes']", "numbers of minutes",
                                  f"a column of {minutes.dtype}"))
    values = minutes.to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(message("work_log['minutes']", "finite numbers >= 0",
                                 float(values[i])).rstrip(".") + f" at row {i}.")
    return work_log


def toil_report(work_log=None, tasks=None, *, min_traits=4, cap=TOIL_CAP, by="engineer",
                top=5) -> ToilReport:
    """Toil share per engineer (or team) against the cap, and the top sources of toil.

    Parameters
    ----------
    work_log : pandas.DataFrame, optional
        One row per logged piece of work with ``engineer``, ``task`` (a task
        of the catalogue), ``minutes`` (>= 0), optionally ``team`` and
        ``kind``. Default ``sl.load_work_log()``. Filter it first for a period
        or one person.
    tasks : DataFrame or dict, optional
        The catalogue with the six traits (default ``sl.WORK_TASKS``).
    min_traits : int, default 4
        Traits a task needs to count as toil (:func:`classify_toil`).
    cap : float, default 0.5
        The toil cap, a fraction in (0, 1) (SRE book ch. 5: 50 %).
    by : {"engineer", "team"}, default "engineer"
        Who a share belongs to (``"team"`` needs a ``team`` column).
    top : int, default 5
        How many top sources to list (1 to 100).

    Returns
    -------
    ToilReport

    Raises
    ------
    TypeError, ValueError
        A log without the columns, negative or missing minutes, a task the
        catalogue does not know, a bad ``cap``/``by``/``top``/``min_traits``.

    Notes
    -----
    ``toil_share = toil minutes / all logged minutes`` of that engineer.
    The denominator is the logged time (project work, meetings and toil
    together), so an engineer who logs only toil has a share of 1. Taught in
    ``05_culture/1b``.

    Examples
    --------
    Carlos logs 3 hours of manual restarts (all six traits) and 1 hour of a
    postmortem (one trait); Dana 1 hour of restarts and 3 of postmortems:

    >>> import pandas as pd
    >>> tasks = {"restart": dict.fromkeys(TOIL_TRAITS, True),
    ...          "postmortem": dict(dict.fromkeys(TOIL_TRAITS, False), manual=True)}
    >>> log = pd.DataFrame({"engineer": ["carlos", "carlos", "dana", "dana"],
    ...                     "task": ["restart", "postmortem", "restart", "postmortem"],
    ...                     "minutes": [180, 60, 60, 180]})
    >>> r = toil_report(log, tasks)
    >>> r.shares["toil_share"].to_dict()
    {'carlos': 0.75, 'dana': 0.25}
    >>> r.n_over_cap, r.toil_share, r.top_sources["task"].tolist()
    (1, 0.5, ['restart'])
    """
    by = check_choice("by", by, ("engineer", "team"))
    cap = check_fraction("cap", cap, scalar=True)
    top = check_int("top", top, low=1, high=100)
    catalogue = classify_toil(tasks, min_traits=min_traits)
    log = _check_log(work_log)
    if by == "team" and "team" not in log.columns:
        raise ValueError(message("by", "'engineer' for a log without a 'team' column", by))
    return _report(log, catalogue, cap=cap, by=by, top=top, min_traits=int(min_traits))


def _report(log: pd.DataFrame, catalogue: pd.DataFrame, *, cap: float, by: str, top: int,
            min_traits: int) -> ToilReport:
    """:func:`toil_report` on a checked log and a classified catalogue."""
    task_names = log["task"].to_numpy(dtype=object)
    task_codes, task_uniques = pd.factorize(task_names)
    task_uniques = np.asarray([str(t) for t in task_uniques], dtype=object)
    known = pd.Index(catalogue.index).get_indexer(task_uniques)
    if (known < 0).any():
        raise ValueError(message("work_log['task']", "a task of the catalogue (tasks)",
                                 task_uniques[known < 0][0]))
    minutes = log["minutes"].to_numpy(dtype=float)
    is_toil = catalogue["toil"].to_numpy()[known][task_codes]
    toil_minutes = np.where(is_toil, minutes, 0.0)
    owner_codes, owners = pd.factorize(log[by].to_numpy(dtype=object))
    owners = [str(o) for o in owners]
    total_by = np.bincount(owner_codes, weights=minutes, minlength=len(owners))
    toil_by = np.bincount(owner_codes, weights=toil_minutes, minlength=len(owners))
    with np.errstate(invalid="ignore", divide="ignore"):
        share_by = np.where(total_by > 0, toil_by / np.where(total_by > 0, total_by, 1.0), 0.0)
    shares = pd.DataFrame({"total_minutes": total_by, "toil_minutes": toil_by,
                           "toil_share": share_by, "over_cap": share_by > cap},
                          index=pd.Index(owners, name=by))
    if by == "engineer" and "team" in log.columns:
        first = np.unique(owner_codes, return_index=True)[1]
        shares.insert(0, "team", [str(t) for t in log["team"].to_numpy(dtype=object)[first]])
    shares = shares.sort_index(kind="stable")
    shares = shares.sort_values(["toil_share", "toil_minutes"], ascending=False, kind="stable")

    toil_codes = task_codes[is_toil]
    per_task = np.bincount(toil_codes, weights=minutes[is_toil], minlength=len(task_uniques))
    entries = np.bincount(toil_codes, minlength=len(task_uniques))
    sources = pd.DataFrame({"task": task_uniques, "minutes": per_task, "entries": entries})
    sources = sources[sources["entries"] > 0].sort_values("task", kind="stable")
    sources = sources.sort_values("minutes", ascending=False, kind="stable").head(top)
    total_toil = float(toil_minutes.sum())
    sources["share_of_toil"] = sources["minutes"] / total_toil if total_toil > 0 else 0.0
    sources = sources.reset_index(drop=True)
    if "kind" in catalogue.columns:
        sources.insert(1, "kind", catalogue["kind"].reindex(sources["task"]).to_numpy())
    elif "kind" in log.columns:
        kinds = pd.Series(log["kind"].to_numpy(), index=[str(t) for t in task_names])
        kinds = kinds[~kinds.index.duplicated()]
        sources.insert(1, "kind", kinds.reindex(sources["task"]).to_numpy())
    total = float(minutes.sum())
    return ToilReport(
        shares=shares,
        top_sources=sources,
        tasks=catalogue,
        toil_share=total_toil / total if total > 0 else 0.0,
        toil_minutes=total_toil,
        total_minutes=total,
        cap=cap,
        n_over_cap=int(shares["over_cap"].sum()),
        by=by,
        min_traits=min_traits,
    )
