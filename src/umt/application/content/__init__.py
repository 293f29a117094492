"""The content context's use cases: generation, compliance, the content library."""
