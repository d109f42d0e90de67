"""Placeholder: loaders and `build` are being written (foundation work)."""

__all__: list[str] = []
