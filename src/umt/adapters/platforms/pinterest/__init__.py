"""Pinterest: OAuth 2.0 and the Pinterest API v5."""

from umt.adapters.platforms.pinterest.connector import PinterestConnector, pinterest_error

__all__ = ["PinterestConnector", "pinterest_error"]
