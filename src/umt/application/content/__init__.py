"""The content context's use cases: generation, the library, compliance and experiments."""
