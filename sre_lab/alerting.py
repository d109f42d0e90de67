"""Placeholder: filled in by the alerting work."""

__all__: list[str] = []
