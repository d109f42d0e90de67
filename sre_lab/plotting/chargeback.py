"""Views of 04_cost/2* (tiers, roll-ups, chargeback). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
