"""The analytics context's use cases: ingesting metric samples, the rollups' upkeep and the
brand dashboard."""
