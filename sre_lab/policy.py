"""Placeholder: filled in by the policy work."""

__all__: list[str] = []
