"""The analytics context: daily rollups of the metric samples, in each brand's time zone."""
