"""Views of the capstone (section 7): a quarter's incidents, plans compared, the roadmap."""

from __future__ import annotations

__all__ = ["plot_incident_timelines", "plot_plan_comparison", "plot_roadmap"]


def plot_incident_timelines(result, *, ax=None):
    """Each incident of a quarter as a bar: detect, acknowledge, repair (stub)."""
    raise NotImplementedError("being written")


def plot_plan_comparison(table, *, measures=None, axes=None):
    """Plans side by side, measure by measure, with their 10-90 % ranges (stub)."""
    raise NotImplementedError("being written")


def plot_roadmap(path, *, ax=None):
    """A roadmap's total cost step by step (stub)."""
    raise NotImplementedError("being written")
