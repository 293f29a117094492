"""GoogleAdsConnector: the PlatformConnector of Google Ads accounts.

Every Google Ads API call carries the user's OAuth token *and* the app's developer token
(``developer-token`` header, from the Google Ads API Center of a manager account), plus
``login-customer-id`` when the call reaches a client account through a manager account. The
connection test is ``GET /v{N}/customers:listAccessibleCustomers``, the one call that needs no
customer id: the accounts the user can reach directly.

The capability ports (``ChannelDiscovery``, ``AdNetwork``, ``MetricSource``) are mixed in from
``reporting.py`` and ``ad_network.py``, so the connector the registry builds implements them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime

import httpx

from umt.adapters.platforms.connector_support import (
    base_url,
    bearer,
)
from umt.adapters.platforms.google.oauth import first_string, google_oauth, revoke_google_token
from umt.adapters.platforms.google_ads.api import GoogleAdsApi, classify_google_ads
from umt.adapters.platforms.google_ads.reporting import GoogleAdsReporting
from umt.adapters.platforms.http import json_or_empty
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.oauth_connector import OAuth2Connector
from umt.domain.integration.errors import PlatformRejected
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import (
    AccountInfo,
    Credentials,
)

PLATFORM = "google_ads"
DEFAULT_API_BASE = "https://googleads.googleapis.com"
# A supported version; set the ``api_version`` option when Google sunsets it.
DEFAULT_API_VERSION = "v26"
SCOPE = "https://www.googleapis.com/auth/adwords"
VERSION = re.compile(r"^v[0-9]{1,3}$")


def customer_id(raw: str) -> str:
    """A customer id as the API wants it: ten digits, no dashes (``123-456-7890``); a bad
    configured id is a configuration error (ValueError), found when the connector is built."""
    digits = raw.replace("-", "").strip()
    if not digits.isdigit() or len(digits) != 10:
        raise ValueError("google_ads login_customer_id must be a 10-digit customer id")
    return digits


class GoogleAdsConnector(OAuth2Connector, GoogleAdsReporting):
    """Google Ads accounts through the REST interface of the Google Ads API.

    Options: ``developer_token`` (required for every API call), ``login_customer_id`` (the
    manager account to act through), ``api_version`` (default ``v26``), ``scopes``.
    """

    PLATFORM = Platform.GOOGLE_ADS
    CAPABILITIES = frozenset({Capability.ADS, Capability.ANALYTICS})
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
        options = options or {}
        http, oauth = google_oauth(
            platform=PLATFORM,
            client=client,
            classify=classify_google_ads,
            app=app,
            auth_base_url=auth_base_url,
            now=now,
        )
        super().__init__(http=http, oauth=oauth, options=options, now=now)
        self._base = base_url(api_base_url, DEFAULT_API_BASE)
        version = options.get("api_version", DEFAULT_API_VERSION).strip()
        if not VERSION.fullmatch(version):
            raise ValueError(f"google_ads api_version must look like {DEFAULT_API_VERSION}")
        self._version = version
        self._developer_token = options.get("developer_token", "").strip()
        login = options.get("login_customer_id", "").strip()
        self._login_customer_id = customer_id(login) if login else None
        self._ads = GoogleAdsApi(
            http=self._http,
            base=f"{self._base}/{self._version}",
            developer_token=self._developer_token,
            login_customer_id=self._login_customer_id,
        )

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        if not self._developer_token:
            raise PlatformRejected(
                "google_ads needs a developer token: set the developer_token option",
                platform=PLATFORM,
            )
        headers = {**bearer(credentials.access_token), "developer-token": self._developer_token}
        if self._login_customer_id:
            headers["login-customer-id"] = self._login_customer_id
        response = await self._http.send(
            "GET",
            f"{self._base}/{self._version}/customers:listAccessibleCustomers",
            headers=headers,
        )
        names = json_or_empty(response).get("resourceNames")
        first = first_string(names)
        if first is None:
            raise PlatformRejected(
                "google_ads: this Google account has no Google Ads account", platform=PLATFORM
            )
        ids = [str(n).removeprefix("customers/") for n in names or ()]
        account = self._login_customer_id or first.removeprefix("customers/")
        reachable = f"{len(ids)} account" + ("s" if len(ids) != 1 else "")
        return AccountInfo(
            external_id=account,
            name=f"Google Ads {account[:3]}-{account[3:6]}-{account[6:]} ({reachable})",
            granted_scopes=credentials.scopes or None,
        )

    async def revoke(self, credentials: Credentials) -> None:
        # Revoking the refresh token ends the whole grant, access tokens included.
        await revoke_google_token(
            self._oauth, credentials.refresh_token or credentials.access_token
        )
