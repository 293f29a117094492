"""The research context: competitor crawls, their documents, and topic gaps."""
