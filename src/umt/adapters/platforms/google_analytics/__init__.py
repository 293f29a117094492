"""Google Analytics 4 through the Analytics Admin and Data APIs, with Google OAuth 2.0."""

from umt.adapters.platforms.google_analytics.connector import GoogleAnalyticsConnector

__all__ = ["GoogleAnalyticsConnector"]
