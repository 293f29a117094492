"""umt.adapters.sql."""
