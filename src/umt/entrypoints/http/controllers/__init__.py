"""umt.entrypoints.http.controllers."""
