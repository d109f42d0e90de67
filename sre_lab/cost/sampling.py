"""Section 4 (observability cost): sampling. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
