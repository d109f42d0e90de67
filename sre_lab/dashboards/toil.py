"""Views of 05_culture/1* (toil and automation payback explorer). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
