"""Views of 04_cost/ (cost explorer). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
