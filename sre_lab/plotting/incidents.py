"""Section 3 views: incidents. Being written."""

from __future__ import annotations

__all__: list[str] = []
