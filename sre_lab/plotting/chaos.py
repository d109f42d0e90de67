"""Views for section 6 (chaos): see the package docstring."""

from __future__ import annotations

__all__: list[str] = []
