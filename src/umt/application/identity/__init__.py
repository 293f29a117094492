"""umt.application.identity."""
