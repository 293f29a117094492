"""HubSpotConnector: the PlatformConnector of a HubSpot account (a "hub", or portal).

A public app is installed through ``app.hubspot.com/oauth/authorize``; tokens come from
``api.hubapi.com/oauth/v1/token`` with the client id and secret in the form body. Access tokens
live 30 minutes; refresh tokens until the app is uninstalled. The connection test reads the
token's metadata (``GET /oauth/v1/access-tokens/{token}``): the hub id, its domain, the
installing user and the scopes granted. Revoking deletes the refresh token
(``DELETE /oauth/v1/refresh-tokens/{token}``), which uninstalls nothing but ends our access.

HubSpot puts tokens in these URL paths; PlatformHttp never quotes a URL in an error, and the
composition root keeps httpx's request log at WARNING, so the paths reach no log line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from umt.adapters.platforms.connector_support import (
    base_url,
)
from umt.adapters.platforms.http import PlatformHttp, json_or_empty, short_text
from umt.adapters.platforms.hubspot.errors import (
    PLATFORM,
    classify_hubspot,
    classify_hubspot_token,
)
from umt.adapters.platforms.oauth2 import OAuth2Client, OAuth2Provider, OAuthApp
from umt.adapters.platforms.oauth_connector import OAuth2Connector
from umt.domain.integration.errors import PlatformError, PlatformRejected
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import (
    AccountInfo,
    Credentials,
)

DEFAULT_AUTH_BASE = "https://app.hubspot.com"
DEFAULT_API_BASE = "https://api.hubapi.com"
# ``oauth`` is required of every app; ``content`` covers blog posts, marketing emails and
# their statistics. Apps registered with more (``business-intelligence``, ...) set ``scopes``.
DEFAULT_SCOPES = ("oauth", "content")
# HubSpot's newer token endpoints answer in camelCase; the v1 ones in snake_case.
CAMEL = {"accessToken": "access_token", "refreshToken": "refresh_token", "expiresIn": "expires_in"}


class HubSpotOAuth2Client(OAuth2Client):
    """OAuth2Client in HubSpot's dialect: its token errors, and scopes and hub id in the token
    response (``scopes`` as a list, ``hub_id``)."""

    def _classify_token_error(
        self, response: httpx.Response, body: dict[str, Any]
    ) -> PlatformError | None:
        return classify_hubspot_token(response, body)

    def parse_token_response(self, body: Mapping[str, Any]) -> Credentials:
        normalized = {CAMEL.get(k, k): v for k, v in body.items()}
        credentials = super().parse_token_response(normalized)
        scopes = normalized.get("scopes")
        hub_id = normalized.get("hub_id", normalized.get("hubId"))
        return Credentials(
            access_token=credentials.access_token,
            refresh_token=credentials.refresh_token,
            expires_at=credentials.expires_at,
            scopes=frozenset(str(s) for s in scopes)
            if isinstance(scopes, list)
            else credentials.scopes,
            extra={"hub_id": str(hub_id)} if hub_id is not None else {},
        )


class HubSpotConnector(OAuth2Connector):
    """HubSpot accounts through a public app. Options: ``scopes`` (default ``oauth content``).

    ``auth_base_url`` replaces ``https://app.hubspot.com`` (the install page) and
    ``api_base_url`` replaces ``https://api.hubapi.com`` (tokens and API).
    """

    PLATFORM = Platform.HUBSPOT
    DEFAULT_SCOPES = DEFAULT_SCOPES
    CAPABILITIES = frozenset(
        {
            Capability.EMAIL_CAMPAIGNS,
            Capability.PUBLISH_TEXT,
            Capability.SCHEDULE_NATIVELY,
            Capability.ANALYTICS,
        }
    )

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        app: OAuthApp,
        api_base_url: str | None = None,
        auth_base_url: str | None = None,
        options: Mapping[str, str] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        http = PlatformHttp(platform=PLATFORM, client=client, classify=classify_hubspot)
        self._api = base_url(api_base_url, DEFAULT_API_BASE)
        provider = OAuth2Provider(
            authorize_url=f"{base_url(auth_base_url, DEFAULT_AUTH_BASE)}/oauth/authorize",
            token_url=f"{self._api}/oauth/v1/token",
            client_auth="body",
            scope_separator=" ",
        )
        oauth = HubSpotOAuth2Client(http=http, app=app, provider=provider, now=now)
        super().__init__(http=http, oauth=oauth, options=options, now=now)

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        token = quote(credentials.access_token, safe="")
        response = await self._http.send("GET", f"{self._api}/oauth/v1/access-tokens/{token}")
        info = json_or_empty(response)
        hub_id = info.get("hub_id")
        if hub_id is None:
            raise PlatformRejected("hubspot token information has no hub id", platform=PLATFORM)
        scopes = info.get("scopes")
        return AccountInfo(
            external_id=str(hub_id),
            name=short_text(info.get("hub_domain") or f"HubSpot {hub_id}"),
            granted_scopes=frozenset(str(s) for s in scopes) if isinstance(scopes, list) else None,
        )

    async def revoke(self, credentials: Credentials) -> None:
        if not credentials.refresh_token:
            return  # an access token alone lapses within 30 minutes
        token = quote(credentials.refresh_token, safe="")
        try:
            await self._http.send("DELETE", f"{self._api}/oauth/v1/refresh-tokens/{token}")
        except PlatformRejected as exc:
            # A refresh token HubSpot no longer knows is as good as revoked.
            if exc.status not in {httpx.codes.BAD_REQUEST, httpx.codes.NOT_FOUND}:
                raise
