"""Section 5 (reliability culture): automation. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
