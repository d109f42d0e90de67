"""Section 4 (observability cost): governance. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
