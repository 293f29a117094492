"""umt.adapters.memory."""
