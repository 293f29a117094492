"""Meta (Facebook Pages and Instagram Business accounts): Facebook Login and the Graph API."""

from umt.adapters.platforms.meta.base import GraphConnector
from umt.adapters.platforms.meta.connector import MetaConnector, MetaPage
from umt.adapters.platforms.meta.graph import graph_error

__all__ = ["GraphConnector", "MetaConnector", "MetaPage", "graph_error"]
