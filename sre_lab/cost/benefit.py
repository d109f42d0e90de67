"""Section 4 (observability cost): benefit. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
