"""Views of 04_cost/3* (platform SLO, growth forecasts, governance). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
