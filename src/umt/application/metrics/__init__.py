"""The metrics context's use cases: syncing platform metrics and reading the samples."""
