"""umt.ports."""
