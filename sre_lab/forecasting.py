"""Placeholder: filled in by the forecasting work."""

__all__: list[str] = []
