"""The social and ads platform connectors, built from the configured platform apps.

``social_connectors`` (through registry.py) gets one shared ``httpx.AsyncClient`` (built
through ``adapters/httpx/egress.py``) and the configured apps (``PlatformAppConfig``,
apps.py); only platforms with an app (a client id) get a connector, so an unconfigured
platform stays "not configured".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Protocol

import httpx

from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.linkedin import LinkedInConnector
from umt.adapters.platforms.meta import MetaConnector
from umt.adapters.platforms.meta_ads import MetaAdsConnector
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.pinterest import PinterestConnector
from umt.adapters.platforms.tiktok import TikTokConnector
from umt.adapters.platforms.x import XConnector
from umt.domain.integration.platforms import Platform
from umt.ports.platform_connector import PlatformConnector


class _Connector(Protocol):
    def __call__(
        self,
        client: httpx.AsyncClient,
        app: OAuthApp,
        *,
        api_base_url: str | None = None,
        auth_base_url: str | None = None,
        options: Mapping[str, str] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> PlatformConnector: ...


SOCIAL_CONNECTORS: Mapping[Platform, _Connector] = {
    Platform.META: MetaConnector,
    Platform.META_ADS: MetaAdsConnector,
    Platform.LINKEDIN: LinkedInConnector,
    Platform.X: XConnector,
    Platform.PINTEREST: PinterestConnector,
    Platform.TIKTOK: TikTokConnector,
}


def social_connectors(
    client: httpx.AsyncClient,
    apps: Mapping[str, PlatformAppConfig],
    now: Callable[[], datetime] | None = None,
) -> dict[Platform, PlatformConnector]:
    """A connector for each of Meta, Meta Ads, LinkedIn, X, Pinterest and TikTok that has an
    app with a client id in ``apps`` (keyed by ``Platform`` value); other keys are ignored."""
    connectors: dict[Platform, PlatformConnector] = {}
    for platform, build in SOCIAL_CONNECTORS.items():
        app = apps.get(platform.value)
        if app is None or not app.client_id:
            continue
        connectors[platform] = build(
            client,
            OAuthApp(client_id=app.client_id, client_secret=app.client_secret),
            api_base_url=app.api_base_url,
            auth_base_url=app.auth_base_url,
            options=dict(app.options),
            now=now,
        )
    return connectors
