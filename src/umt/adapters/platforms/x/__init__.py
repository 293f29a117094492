"""X: OAuth 2.0 with PKCE and the X API v2."""

from umt.adapters.platforms.x.connector import XConnector, x_error

__all__ = ["XConnector", "x_error"]
