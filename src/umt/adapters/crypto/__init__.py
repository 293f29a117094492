"""umt.adapters.crypto."""
