"""The strategy context's SQL adapters."""
