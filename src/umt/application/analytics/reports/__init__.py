"""The analytics reports: content, channels, campaigns, time of day and experiments over a
date range beside the previous period, their exports, and their scheduled delivery."""
