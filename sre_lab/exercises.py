"""Placeholder: filled in by the exercises work."""

__all__: list[str] = []
