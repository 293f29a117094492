"""HubSpot through its public-app OAuth 2.0 and REST APIs."""

from umt.adapters.platforms.hubspot.connector import HubSpotConnector

__all__ = ["HubSpotConnector"]
