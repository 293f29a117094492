"""umt.application."""
