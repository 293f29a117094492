"""The strategy context: what umt learned decides what it plans next (docs/strategy.md)."""
