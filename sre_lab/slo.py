"""Placeholder: filled in by the slo work."""

__all__: list[str] = []
