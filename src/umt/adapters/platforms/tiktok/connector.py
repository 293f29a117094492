"""TikTok: Login Kit (OAuth 2.0 v2) and the TikTok API v2 (Display and Content Posting APIs).

Endpoints (https://developers.tiktok.com/doc/login-kit-web,
https://developers.tiktok.com/doc/oauth-user-access-token-management):

- Authorize ``https://www.tiktok.com/v2/auth/authorize/``: ``client_key`` (TikTok's name for
  the client id), comma-separated ``scope``, ``redirect_uri``, ``state``, ``response_type=code``,
  ``code_challenge`` + ``code_challenge_method=S256``.
- Token ``POST https://open.tiktokapis.com/v2/oauth/token/`` (form): ``client_key``,
  ``client_secret``, ``code``, ``grant_type``, ``redirect_uri``, ``code_verifier``. The answer:
  ``open_id`` (kept in ``Credentials.extra``), comma-separated ``scope``, ``access_token``
  (``expires_in``, 24 hours), ``refresh_token`` (``refresh_expires_in``, 365 days), rotated on
  every ``grant_type=refresh_token`` call (the old one stops working).
- PKCE: TikTok documents ``code_verifier`` as required for mobile and desktop apps; the web flow
  shares the same authorize and token endpoints and umt sends the S256 pair there too. An app
  whose web registration refuses it sets the ``pkce`` option to ``false``.
- Revoke ``POST https://open.tiktokapis.com/v2/oauth/revoke/`` (form ``client_key``,
  ``client_secret``, ``token``).
- Connection test ``GET https://open.tiktokapis.com/v2/user/info/?fields=open_id,union_id,
  avatar_url,display_name`` -> ``{"data": {"user": {...}}, "error": {"code": "ok", ...}}``; the
  granted scopes are those of the token response (``user.info`` does not list them).

Scopes (https://developers.tiktok.com/doc/tiktok-api-scopes): ``user.info.basic``,
``user.info.profile``, ``user.info.stats``, ``video.list`` (video metrics), ``video.upload``
(drafts), ``video.publish`` (direct posting).
Capabilities: video and photo posts (Content Posting API, ``media_type=PHOTO`` for photo posts)
and analytics (follower, like and video counts from ``user.info.stats`` and ``video.list``).
TikTok has no text-only posts and no native scheduling through the API.

Errors (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling): the API answers
``{"data": {}, "error": {"code", "message", "log_id"}}``; the token endpoint answers
``{"error", "error_description", "log_id"}`` (RFC 6749 codes, https://developers.tiktok.com/doc/oauth-error-handling),
which umt maps even when it comes with a 200.

=============================================  ==========================================
``error.code``                                 typed error
=============================================  ==========================================
``access_token_invalid`` (401)                 TokenExpired
``scope_not_authorized`` (401),                MissingScope
``scope_permission_missed`` (403)
``rate_limit_exceeded`` (429)                  RateLimited, ``Retry-After`` when sent, else
                                               60 s (limits use a one-minute sliding window,
                                               https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit)
``internal_error`` (500), other 5xx            PlatformUnavailable
``invalid_params`` and anything else           PlatformRejected
=============================================  ==========================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import httpx

from umt.adapters.platforms.http import PlatformHttp, retry_after_seconds, short_text
from umt.adapters.platforms.oauth2 import OAuth2Client, OAuth2Provider, OAuthApp, oauth_error
from umt.adapters.platforms.oauth_connector import (
    Clock,
    OAuth2Connector,
    account_info,
    flag_option,
    get_json,
    utc_now,
)
from umt.domain.integration.errors import (
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import AccountInfo, Credentials

API_BASE_URL = "https://open.tiktokapis.com"
AUTH_BASE_URL = "https://www.tiktok.com"
PLATFORM = Platform.TIKTOK.value
USER_FIELDS = "open_id,union_id,avatar_url,display_name"
SLIDING_WINDOW_SECONDS = 60.0


def tiktok_error(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """The typed error for a TikTok API v2 error object (None: no error object)."""
    error = body.get("error")
    if not isinstance(error, dict) or error.get("code") in (None, "ok"):
        return None
    code = str(error["code"])
    status = response.status_code
    text = f"{PLATFORM} refused the request ({code}): {short_text(error.get('message') or code)}"
    if code == "access_token_invalid":
        return TokenExpired(text, platform=PLATFORM, status=status)
    if code in {"scope_not_authorized", "scope_permission_missed"}:
        return MissingScope(text, platform=PLATFORM, status=status)
    if code == "rate_limit_exceeded":
        wait = retry_after_seconds(response)
        return RateLimited(
            text,
            platform=PLATFORM,
            retry_after_seconds=wait if wait is not None else SLIDING_WINDOW_SECONDS,
        )
    if code == "internal_error" or status >= httpx.codes.INTERNAL_SERVER_ERROR:
        return PlatformUnavailable(text, platform=PLATFORM, status=status)
    return PlatformRejected(text, platform=PLATFORM, status=status)


class TikTokOAuth2Client(OAuth2Client):
    """TikTok's token endpoint: RFC 6749 errors, possibly with a 200; ``open_id`` kept."""

    def parse_token_response(self, body: Mapping[str, Any]) -> Credentials:
        if body.get("error") and not body.get("access_token"):
            # The status is not the answer here: a 200 can carry the error.
            error = oauth_error(PLATFORM, httpx.Response(httpx.codes.BAD_REQUEST), dict(body))
            if error is not None:
                raise error
        credentials = super().parse_token_response(body)
        open_id = body.get("open_id")
        if isinstance(open_id, str) and open_id:
            credentials = replace(credentials, extra={**credentials.extra, "open_id": open_id})
        return credentials


class TikTokConnector(OAuth2Connector):
    PLATFORM = Platform.TIKTOK
    CAPABILITIES = frozenset(
        {Capability.PUBLISH_VIDEO, Capability.PUBLISH_IMAGES, Capability.ANALYTICS}
    )
    DEFAULT_SCOPES = (
        "user.info.basic",
        "user.info.profile",
        "user.info.stats",
        "video.list",
        "video.upload",
        "video.publish",
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
        http = PlatformHttp(platform=PLATFORM, client=client, classify=tiktok_error)
        oauth = TikTokOAuth2Client(
            http=http,
            app=app,
            provider=OAuth2Provider(
                authorize_url=f"{auth}/v2/auth/authorize/",
                token_url=f"{api}/v2/oauth/token/",
                revoke_url=f"{api}/v2/oauth/revoke/",
                scope_separator=",",
                client_auth="body",
                client_id_param="client_key",
                pkce=flag_option(options, "pkce", default=True),
            ),
            now=clock,
        )
        super().__init__(http=http, oauth=oauth, options=options, now=clock)
        self._api = api

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        body = await get_json(
            self._http, f"{self._api}/v2/user/info/", credentials, fields=USER_FIELDS
        )
        error = tiktok_error(httpx.Response(httpx.codes.OK), body)
        if error is not None:  # an error object in a 200 is still an error
            raise error
        data = body.get("data")
        user = data.get("user") if isinstance(data, dict) else None
        if not isinstance(user, dict):
            user = {}
        return account_info(
            PLATFORM,
            external_id=user.get("open_id") or credentials.extra.get("open_id"),
            name=user.get("display_name"),
            granted_scopes=credentials.scopes or None,
        )
