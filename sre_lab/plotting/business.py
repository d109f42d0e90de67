"""Views of 05_culture/3* (maturity scoring, the business case). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
