"""Insights over the daily rollups: detection (anomalies, trend changes, threshold alerts),
the stored insights, the brands' alert rules and the performers (docs/analytics.md)."""
