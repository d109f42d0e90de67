"""Views of 05_culture/ (DORA's four keys, deployment log). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
