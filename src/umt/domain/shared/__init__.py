"""umt.domain.shared."""
