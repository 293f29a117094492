"""Google Ads through the Google Ads API (REST), with Google OAuth 2.0 and a developer token."""

from umt.adapters.platforms.google_ads.connector import GoogleAdsConnector

__all__ = ["GoogleAdsConnector"]
