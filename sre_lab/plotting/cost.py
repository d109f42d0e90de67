"""Views of 04_cost/1* (bills, cost against downtime, retention). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
