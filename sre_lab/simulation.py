"""Placeholder: the MicroCorp world is being written (foundation work)."""

__all__: list[str] = []
