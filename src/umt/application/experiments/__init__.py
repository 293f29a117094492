"""Use cases of the experiments context: design, lifecycle, assignment, ingestion, analysis."""
