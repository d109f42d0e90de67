"""The chaos lab dashboard (section 6): see the package docstring."""

from __future__ import annotations

__all__: list[str] = []
