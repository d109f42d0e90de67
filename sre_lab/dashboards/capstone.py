"""The capstone's quarter planner: every lever of the course, one quarter measured."""

from __future__ import annotations

__all__ = ["quarter_planner_dashboard"]


def quarter_planner_dashboard(*args, **kwargs):
    """Levers -> a quarter's measures against Phase 1 (stub)."""
    raise NotImplementedError("being written")
