"""Views of 04_cost/ (telemetry volumes, head and tail sampling). Work in progress."""

from __future__ import annotations

__all__: list[str] = []
