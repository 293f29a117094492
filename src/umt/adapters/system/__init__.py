"""umt.adapters.system."""
