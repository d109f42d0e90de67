"""Section 3 dashboards: oncall. Being written."""

from __future__ import annotations

__all__: list[str] = []
