"""Section 3 (incidents): severity. Being written; see sre_lab/incidents/__init__.py."""

from __future__ import annotations

__all__: list[str] = []
