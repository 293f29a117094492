"""The research context in SQL: sources, documents and crawls."""
