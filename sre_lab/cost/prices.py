"""Section 4 (observability cost): prices. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
