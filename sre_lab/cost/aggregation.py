"""Section 4 (observability cost): aggregation. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
