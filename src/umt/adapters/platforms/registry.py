"""The registry of the platform connectors umt can build from its configured apps: the
social and ads platforms (social.py) and the business platforms (business.py), from the same
``PlatformAppConfig`` entries. The sandbox is added by the composition root."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import httpx

from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.business import business_connectors
from umt.adapters.platforms.social import social_connectors
from umt.domain.integration.platforms import Platform
from umt.ports.platform_connector import PlatformConnector


def platform_connectors(
    client: httpx.AsyncClient,
    apps: Mapping[str, PlatformAppConfig],
    now: Callable[[], datetime],
) -> dict[Platform, PlatformConnector]:
    """Every connector ``apps`` (keyed by ``Platform`` value) allows, sharing ``client``.

    Raises ValueError for an option that can never work, so a bad configuration stops
    start-up instead of every connection."""
    return social_connectors(client, apps, now) | business_connectors(client, apps, now)
