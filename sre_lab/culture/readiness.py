"""Section 5 (reliability culture): readiness. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
