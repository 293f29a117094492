"""The social and ads platform connectors, built from the configured platform apps.

The composition root calls ``social_connectors`` with one shared ``httpx.AsyncClient`` (built
through ``adapters/httpx/egress.py``) and the ``UMT_PLATFORM_APPS`` entries; only platforms with
an app (a client id) get a connector, so an unconfigured platform stays "not configured".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Protocol

import httpx

from umt.adapters.platforms.linkedin import LinkedInConnector
from umt.adapters.platforms.meta import MetaConnector
from umt.adapters.platforms.meta_ads import MetaAdsConnector
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.pinterest import PinterestConnector
from umt.adapters.platforms.tiktok import TikTokConnector
from umt.adapters.platforms.x import XConnector
from umt.domain.integration.platforms import Platform
from umt.ports.platform_connector import PlatformConnector


class PlatformAppConfig(Protocol):
    """One platform's registered app, as settings hold it (``PlatformAppSettings`` fits: its
    secret is a pydantic ``SecretStr``; a plain ``str`` works as well)."""

    @property
    def client_id(self) -> str: ...

    @property
    def client_secret(self) -> object: ...

    @property
    def api_base_url(self) -> str | None: ...

    @property
    def auth_base_url(self) -> str | None: ...

    @property
    def options(self) -> Mapping[str, str]: ...


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


def secret_value(secret: object) -> str:
    """The plaintext of a ``SecretStr`` (or of a plain string)."""
    reveal = getattr(secret, "get_secret_value", None)
    return str(reveal() if callable(reveal) else secret)


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
            OAuthApp(client_id=app.client_id, client_secret=secret_value(app.client_secret)),
            api_base_url=app.api_base_url,
            auth_base_url=app.auth_base_url,
            options=dict(app.options),
            now=now,
        )
    return connectors
