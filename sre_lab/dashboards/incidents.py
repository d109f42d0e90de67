"""Section 3 dashboards: incidents. Being written."""

from __future__ import annotations

__all__: list[str] = []
