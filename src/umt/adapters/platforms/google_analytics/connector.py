"""GoogleAnalyticsConnector: the PlatformConnector of Google Analytics 4 properties.

umt reads reports, so it asks for ``analytics.readonly`` only. The connection test is the
Analytics Admin API's ``GET /v1beta/accountSummaries``: every GA4 account the user can see,
with its properties, in one cheap call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import httpx

from umt.adapters.platforms.connector_support import (
    base_url,
    bearer,
)
from umt.adapters.platforms.google.errors import classify_google
from umt.adapters.platforms.google.oauth import google_oauth, revoke_google_token
from umt.adapters.platforms.http import json_or_empty, short_text
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.oauth_connector import OAuth2Connector
from umt.domain.integration.errors import PlatformError, PlatformRejected
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import (
    AccountInfo,
    Credentials,
)

PLATFORM = "google_analytics"
DEFAULT_API_BASE = "https://analyticsadmin.googleapis.com"
SCOPE = "https://www.googleapis.com/auth/analytics.readonly"
MAX_PAGE_SIZE = "200"  # the API's documented maximum


def classify_google_analytics(
    response: httpx.Response, body: dict[str, Any]
) -> PlatformError | None:
    return classify_google(PLATFORM, response, body)


class GoogleAnalyticsConnector(OAuth2Connector):
    """GA4 accounts and properties. Options: ``scopes`` (default ``analytics.readonly``)."""

    PLATFORM = Platform.GOOGLE_ANALYTICS
    CAPABILITIES = frozenset({Capability.ANALYTICS})
    DEFAULT_SCOPES = (SCOPE,)

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
        http, oauth = google_oauth(
            platform=PLATFORM,
            client=client,
            classify=classify_google_analytics,
            app=app,
            auth_base_url=auth_base_url,
            now=now,
        )
        super().__init__(http=http, oauth=oauth, options=options, now=now)
        self._base = base_url(api_base_url, DEFAULT_API_BASE)

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        response = await self._http.send(
            "GET",
            f"{self._base}/v1beta/accountSummaries",
            headers=bearer(credentials.access_token),
            params={"pageSize": MAX_PAGE_SIZE},
        )
        summaries = json_or_empty(response).get("accountSummaries")
        accounts = [s for s in summaries or () if isinstance(s, dict) and s.get("account")]
        if not accounts:
            # An empty answer is ``{}``: the user has no GA4 account to read.
            raise PlatformRejected(
                "google_analytics: this Google account has no Analytics account",
                platform=PLATFORM,
            )
        first = accounts[0]
        account_id = str(first["account"]).removeprefix("accounts/")
        properties = sum(len(a.get("propertySummaries") or ()) for a in accounts)
        name = short_text(first.get("displayName") or account_id)
        return AccountInfo(
            external_id=account_id,
            name=f"{name} ({len(accounts)} accounts, {properties} properties)"
            if len(accounts) > 1
            else f"{name} ({properties} properties)",
            granted_scopes=credentials.scopes or None,
        )

    async def revoke(self, credentials: Credentials) -> None:
        await revoke_google_token(
            self._oauth, credentials.refresh_token or credentials.access_token
        )
