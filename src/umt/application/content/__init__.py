"""The content context's use cases: the library (pieces, versions, review, templates),
generation, compliance and experiments."""
