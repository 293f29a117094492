"""umt.entrypoints."""
