"""umt.application.brand."""
