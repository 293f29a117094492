"""WordPress through its REST API, authenticated with an application password."""

from umt.adapters.platforms.wordpress.connector import WordPressConnector

__all__ = ["WordPressConnector"]
