"""umt.adapters."""
