"""umt.entrypoints.http."""
