"""Views of 05_culture/ (DORA explorer). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
