"""The analytics context's SQL adapters: the metric samples, their daily rollups and the
monthly partitions of the samples on PostgreSQL."""
