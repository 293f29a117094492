"""umt.domain.identity."""
