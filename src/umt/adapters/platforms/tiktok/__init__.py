"""TikTok: Login Kit (OAuth 2.0 v2) and the TikTok API v2."""

from umt.adapters.platforms.tiktok.connector import TikTokConnector, tiktok_error

__all__ = ["TikTokConnector", "tiktok_error"]
