"""Section 5 (reliability culture): toil. Work in progress."""

from __future__ import annotations

__all__: list[str] = []
