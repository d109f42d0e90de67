"""Views of 05_culture/2* (team models, readiness reviews). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
