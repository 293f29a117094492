"""The strategy context's model: recommendations (and, next, calendar proposals)."""
