"""Placeholder: filled in by the export work."""

__all__: list[str] = []
