"""Pinterest: OAuth 2.0 and the Pinterest API v5.

Endpoints (https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/
and the v5 reference, https://developers.pinterest.com/docs/api/v5/):

- Authorize ``https://www.pinterest.com/oauth/``: ``client_id``, ``redirect_uri``,
  ``response_type=code``, comma-separated ``scope``, ``state``.
- Token ``POST https://api.pinterest.com/v5/oauth/token`` (form ``grant_type``, ``code``,
  ``redirect_uri`` or ``refresh_token``) with HTTP Basic client auth (app id : app secret).
  The answer: ``access_token`` (30 days), ``refresh_token`` (``refresh_token_expires_in``, a
  year), ``expires_in``, space-separated ``scope``, ``response_type``. A refresh answers a new
  access token and, with continuous refresh (``continuous_refresh``/``refresh_on``, becoming the
  default), a new refresh token; without one the held refresh token is kept.
- PKCE: Pinterest documents no ``code_challenge`` for this flow, so none is sent by default (the
  ``pkce`` option turns it on); the app secret in the Basic header binds the exchange.
- Connection test ``GET https://api.pinterest.com/v5/user_account`` -> ``{"account_type",
  "id", "username", "profile_image", "website_url", ...}``; it does not list scopes, so the
  granted ones are those of the token response.
- Boards, Pins and Pin analytics (the publishing capability ports): see ``pins.py``.
- Revocation: API v5 has no endpoint for an app to revoke a user's token; ``revoke`` does nothing
  and the user removes the app under Settings > Security and logins > Apps.

Scopes (https://developers.pinterest.com/docs/getting-started/scopes/): ``user_accounts:read``,
``boards:read``, ``boards:write``, ``pins:read``, ``pins:write``, ``ads:read``, ``ads:write``.
Capabilities: image and video Pins (``POST /v5/pins``, video through ``POST /v5/media``),
analytics (``/v5/user_account/analytics``, ``/v5/pins/{id}/analytics``) and ads (``/v5/ad_accounts``
campaigns, ad groups and ads). Pins are text with an image or video, never text alone; there is
no native scheduling in API v5.

Errors: ``{"code": <int>, "message": <str>}``, the token endpoint included (401 "Authentication
failed." there means the app id or secret; an RFC 6749 ``{"error"}`` body gets the shared
mapping); the inner codes are not a stable public list, so the HTTP status decides:

======  ==================================================================
status  typed error
======  ==================================================================
401     TokenExpired ("Authentication failed": expired, revoked or invalid)
403     MissingScope (the token lacks the scope, or the resource is not the user's)
429     RateLimited, ``Retry-After`` when sent
5xx     PlatformUnavailable
======  ==================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from umt.adapters.platforms.http import PlatformHttp, short_text
from umt.adapters.platforms.oauth2 import OAuth2Client, OAuth2Provider, OAuthApp, oauth_error
from umt.adapters.platforms.oauth_connector import (
    Clock,
    OAuth2Connector,
    account_info,
    flag_option,
    get_json,
    utc_now,
)
from umt.adapters.platforms.pinterest.pins import PinterestPins
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    TokenExpired,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import AccountInfo, Credentials

API_BASE_URL = "https://api.pinterest.com"
AUTH_BASE_URL = "https://www.pinterest.com"
PLATFORM = Platform.PINTEREST.value


def pinterest_error(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """The typed error for a Pinterest API v5 answer (None: the generic mapping, which turns
    429 into RateLimited with Retry-After and 5xx into PlatformUnavailable)."""
    status = response.status_code
    text = (
        f"{PLATFORM} refused the request ({status}, code {body.get('code')}): "
        f"{short_text(body.get('message') or status)}"
    )
    if status == httpx.codes.UNAUTHORIZED:
        return TokenExpired(text, platform=PLATFORM, status=status)
    if status == httpx.codes.FORBIDDEN:
        return MissingScope(text, platform=PLATFORM, status=status)
    return None


class PinterestOAuth2Client(OAuth2Client):
    """Pinterest's token endpoint answers its own ``{"code", "message"}`` errors."""

    def _classify_token_error(
        self, response: httpx.Response, body: dict[str, Any]
    ) -> PlatformError | None:
        if "error" in body or response.status_code != httpx.codes.UNAUTHORIZED:
            return oauth_error(PLATFORM, response, body)
        return InvalidCredentials(
            f"{PLATFORM} refused the app credentials: {short_text(body.get('message') or 401)}",
            platform=PLATFORM,
            status=response.status_code,
        )


class PinterestConnector(PinterestPins, OAuth2Connector):
    """Pinterest through OAuth 2.0; also its boards (``ChannelDiscovery``), Pins
    (``Publisher``) and Pin analytics (``MetricSource``), see ``pins.py``."""

    PLATFORM = Platform.PINTEREST
    CAPABILITIES = frozenset(
        {Capability.PUBLISH_IMAGES, Capability.PUBLISH_VIDEO, Capability.ANALYTICS, Capability.ADS}
    )
    DEFAULT_SCOPES = (
        "user_accounts:read",
        "boards:read",
        "boards:write",
        "pins:read",
        "pins:write",
        "ads:read",
        "ads:write",
    )

    def __init__(
        self,
        client: httpx.AsyncClient,
        app: OAuthApp,
        *,
        api_base_url: str | None = None,
        auth_base_url: str | None = None,
        options: Mapping[str, str] | None = None,
        now: Clock | None = None,
    ) -> None:
        clock = now or utc_now
        options = dict(options or {})
        api = (api_base_url or API_BASE_URL).rstrip("/")
        auth = (auth_base_url or AUTH_BASE_URL).rstrip("/")
        http = PlatformHttp(platform=PLATFORM, client=client, classify=pinterest_error)
        oauth = PinterestOAuth2Client(
            http=http,
            app=app,
            provider=OAuth2Provider(
                authorize_url=f"{auth}/oauth/",
                token_url=f"{api}/v5/oauth/token",
                scope_separator=",",
                client_auth="basic",
                pkce=flag_option(options, "pkce", default=False),
            ),
            now=clock,
        )
        super().__init__(http=http, oauth=oauth, options=options, now=clock)
        self._api = api

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        account = await get_json(self._http, f"{self._api}/v5/user_account", credentials)
        return account_info(
            PLATFORM,
            external_id=account.get("id") or account.get("username"),
            name=account.get("business_name") or account.get("username"),
            granted_scopes=credentials.scopes or None,
        )

    async def revoke(self, credentials: Credentials) -> None:
        # API v5 has no token revocation endpoint (see the module docstring).
        return
