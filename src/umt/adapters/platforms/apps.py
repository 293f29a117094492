"""The app umt is registered as at a platform, as plain values: the one configuration shape
every connector registry takes (the composition root turns each ``UMT_PLATFORM_APPS`` entry
into one; settings stay in entrypoints)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from umt.adapters.platforms.oauth2 import OAuthApp


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformAppConfig:
    """One platform's registered app: its OAuth client (or API credentials), endpoint
    overrides (a regional host, a proxy, a fake server in tests) and the platform's extras."""

    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    api_base_url: str | None = None
    auth_base_url: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def oauth_app(self) -> OAuthApp | None:
        """The OAuth client, or None when the app is not fully configured."""
        if not self.client_id or not self.client_secret:
            return None
        return OAuthApp(client_id=self.client_id, client_secret=self.client_secret)


def connector_class(where: str) -> Any:
    """The connector class at ``"package.module:Class"``, imported now (a platform's modules
    are loaded only once an app for it is configured)."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)
