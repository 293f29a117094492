"""Insights over the daily rollups: performers, anomalies, trend changes and threshold alerts
(the statistics are pure functions here; docs/analytics.md, "Insights")."""
