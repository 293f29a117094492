"""umt.domain.brand."""
