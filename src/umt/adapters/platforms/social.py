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

from umt.adapters.platforms.apps import PlatformAppConfig, connector_class
from umt.adapters.platforms.oauth2 import OAuthApp
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


# Each connector's class by where it lives: imported only for a platform with an app, so
# the dozens of modules of an unconfigured platform (publishing, ads, metrics) cost no
# memory in an instance that never talks to it (bench/http_read.py's memory part).
SOCIAL_CONNECTORS: Mapping[Platform, str] = {
    Platform.META: "umt.adapters.platforms.meta:MetaConnector",
    Platform.META_ADS: "umt.adapters.platforms.meta_ads:MetaAdsConnector",
    Platform.LINKEDIN: "umt.adapters.platforms.linkedin:LinkedInConnector",
    Platform.X: "umt.adapters.platforms.x:XConnector",
    Platform.PINTEREST: "umt.adapters.platforms.pinterest:PinterestConnector",
    Platform.TIKTOK: "umt.adapters.platforms.tiktok:TikTokConnector",
}


def social_connectors(
    client: httpx.AsyncClient,
    apps: Mapping[str, PlatformAppConfig],
    now: Callable[[], datetime] | None = None,
) -> dict[Platform, PlatformConnector]:
    """A connector for each of Meta, Meta Ads, LinkedIn, X, Pinterest and TikTok that has an
    app with a client id in ``apps`` (keyed by ``Platform`` value); other keys are ignored."""
    connectors: dict[Platform, PlatformConnector] = {}
    for platform, where in SOCIAL_CONNECTORS.items():
        app = apps.get(platform.value)
        if app is None or not app.client_id:
            continue
        build: _Connector = connector_class(where)
        connectors[platform] = build(
            client,
            OAuthApp(client_id=app.client_id, client_secret=app.client_secret),
            api_base_url=app.api_base_url,
            auth_base_url=app.auth_base_url,
            options=dict(app.options),
            now=now,
        )
    return connectors
