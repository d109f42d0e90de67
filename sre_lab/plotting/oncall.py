"""Section 3 views: oncall. Being written."""

from __future__ import annotations

__all__: list[str] = []
