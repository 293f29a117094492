"""X (formerly Twitter): OAuth 2.0 Authorization Code Flow with PKCE and the X API v2.

Endpoints (https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token and
https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code):

- Authorize ``https://x.com/i/oauth2/authorize``: ``response_type=code``, ``client_id``,
  ``redirect_uri``, space-separated ``scope``, ``state``, ``code_challenge`` +
  ``code_challenge_method=S256`` (PKCE is mandatory at X).
- Token ``POST https://api.x.com/2/oauth2/token`` (form): ``grant_type=authorization_code``,
  ``code``, ``redirect_uri``, ``code_verifier``; a confidential client authenticates with HTTP
  Basic (client id : client secret). Access tokens live 2 hours; a refresh token is issued only
  with the ``offline.access`` scope and is rotated on every ``grant_type=refresh_token`` call.
- Revoke ``POST https://api.x.com/2/oauth2/revoke`` (form ``token``, ``token_type_hint``, Basic).
- Connection test ``GET https://api.x.com/2/users/me`` -> ``{"data": {"id", "name", "username"}}``.
  It does not list scopes: the granted ones are those of the token response (``scope``).

Scopes (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code):
``tweet.read``, ``tweet.write``, ``users.read``, ``media.write`` (media upload), ``offline.access``.
Capabilities: posts with text, images and video (media upload). The X API v2 has no scheduled
posts, so nothing is scheduled natively.

Errors: the API answers RFC 7807-style problems ``{"title", "detail", "type", "status"}``
(and for some limits ``{"errors": [{"code", "message"}]}``); the token endpoint answers RFC 6749
``{"error", "error_description"}`` and says ``invalid_request`` "Value passed for the token was
invalid." for a dead refresh token.

=============================================  ==============================================
answer                                         typed error
=============================================  ==============================================
401 (any problem)                              TokenExpired (expired, revoked or invalid token)
403 ``.../problems/client-forbidden``          PlatformRejected (the app's access level or
                                               project enrolment, not the user's grant)
403 other                                      MissingScope
429                                            RateLimited, retry at ``x-rate-limit-reset``
                                               (Unix time; https://docs.x.com/fundamentals/rate-limits)
403 "duplicate content" (on a create)           ContentRejected DUPLICATE
5xx                                            PlatformUnavailable (OutcomeUnknown for a write)
token ``invalid_request`` "token was invalid"  TokenExpired
=============================================  ==============================================

Discovery (``ChannelDiscovery``): the connected account itself (``/2/users/me``) as an X_ACCOUNT.
Publishing and metrics (``Publisher``, ``MetricSource``): ``posts``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import httpx

from umt.adapters.platforms.http import PlatformHttp, retry_after_seconds, short_text
from umt.adapters.platforms.oauth2 import OAuth2Client, OAuth2Provider, OAuthApp, oauth_error
from umt.adapters.platforms.oauth_connector import (
    Clock,
    OAuth2Connector,
    account_info,
    get_json,
    seconds_until_epoch,
    utc_now,
)
from umt.adapters.platforms.x.posts import XPosts
from umt.domain.integration.errors import (
    MissingScope,
    PlatformError,
    PlatformRejected,
    RateLimited,
    TokenExpired,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricSource
from umt.ports.platform_connector import AccountInfo, Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost, Publisher, RecentPosts

API_BASE_URL = "https://api.x.com"
AUTH_BASE_URL = "https://x.com"
PLATFORM = Platform.X.value


def x_error(
    response: httpx.Response, body: dict[str, Any], *, now: Clock = utc_now
) -> PlatformError | None:
    """The typed error for an X API v2 answer (None: the generic mapping)."""
    status = response.status_code
    detail = short_text(body.get("detail") or body.get("title") or _first_message(body) or status)
    text = f"{PLATFORM} refused the request ({status}): {detail}"
    if status == httpx.codes.UNAUTHORIZED:
        return TokenExpired(text, platform=PLATFORM, status=status)
    if status == httpx.codes.FORBIDDEN:
        if str(body.get("type", "")).endswith("/client-forbidden"):
            return PlatformRejected(text, platform=PLATFORM, status=status)
        return MissingScope(text, platform=PLATFORM, status=status)
    if status == httpx.codes.TOO_MANY_REQUESTS:
        wait = retry_after_seconds(response)
        if wait is None:
            wait = seconds_until_epoch(response.headers.get("x-rate-limit-reset"), now())
        return RateLimited(text, platform=PLATFORM, retry_after_seconds=wait)
    return None


def _first_message(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message", "")) or None
    return None


class XOAuth2Client(OAuth2Client):
    """X's token endpoint: RFC 6749, except that a dead token is ``invalid_request``."""

    def _classify_token_error(
        self, response: httpx.Response, body: dict[str, Any]
    ) -> PlatformError | None:
        description = str(body.get("error_description", "")).lower()
        if body.get("error") == "invalid_request" and "token was invalid" in description:
            return TokenExpired(
                f"{PLATFORM} refused the grant: {short_text(body['error_description'])}",
                platform=PLATFORM,
                status=response.status_code,
            )
        return oauth_error(PLATFORM, response, body)


class XConnector(OAuth2Connector, ChannelDiscovery, Publisher, MetricSource):
    PLATFORM = Platform.X
    CAPABILITIES = frozenset(
        {Capability.PUBLISH_TEXT, Capability.PUBLISH_IMAGES, Capability.PUBLISH_VIDEO}
    )
    DEFAULT_SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")

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
        api = (api_base_url or API_BASE_URL).rstrip("/")
        auth = (auth_base_url or AUTH_BASE_URL).rstrip("/")
        http = PlatformHttp(
            platform=PLATFORM, client=client, classify=lambda r, b: x_error(r, b, now=clock)
        )
        oauth = XOAuth2Client(
            http=http,
            app=app,
            provider=OAuth2Provider(
                authorize_url=f"{auth}/i/oauth2/authorize",
                token_url=f"{api}/2/oauth2/token",
                revoke_url=f"{api}/2/oauth2/revoke",
                client_auth="basic",
            ),
            now=clock,
        )
        super().__init__(http=http, oauth=oauth, options=options, now=clock)
        self._api = api
        self.posts = XPosts(http=http, api=api)

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        body = await get_json(self._http, f"{self._api}/2/users/me", credentials)
        user = body.get("data")
        if not isinstance(user, dict):
            user = {}
        return account_info(
            PLATFORM,
            external_id=user.get("id"),
            name=user.get("name") or user.get("username"),
            granted_scopes=credentials.scopes or None,
        )

    # -- ChannelDiscovery ----------------------------------------------------------------

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        body = await get_json(self._http, f"{self._api}/2/users/me", credentials)
        user = body.get("data")
        account = account_info(
            PLATFORM,
            external_id=user.get("id") if isinstance(user, dict) else None,
            name=(
                f"@{user['username']}" if isinstance(user, dict) and user.get("username") else None
            ),
            granted_scopes=None,
        )
        return (
            DiscoveredAccount(
                kind=ChannelKind.X_ACCOUNT, external_id=account.external_id, name=account.name
            ),
        )

    # -- Publisher -------------------------------------------------------------------------

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        _user(target)
        return await self.posts.publish(credentials, post)

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        return await self.posts.find(_user(target), credentials, reference)

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        return await self.posts.recent(_user(target), credentials, cursor)

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        _user(target)
        await self.posts.delete(credentials, remote_id)

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        """A reply to the post (X's comments are replies)."""
        _user(target)
        reply = await self.posts.create(
            credentials, {"text": text, "reply": {"in_reply_to_tweet_id": remote_id}}, None
        )
        return reply.remote_id

    # -- MetricSource ----------------------------------------------------------------------

    async def metrics(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        *,
        cursor: str | None,
        remote_ids: Sequence[str] = (),
        now: datetime,
    ) -> MetricBatch:
        """Lifetime totals of the posts umt published (read per post; the cursor records when)."""
        _user(target)
        readings = await self.posts.metrics(credentials, remote_ids, now)
        return MetricBatch(readings=readings, cursor=now.isoformat())

    async def revoke(self, credentials: Credentials) -> None:
        # Revoking the refresh token ends the grant; the access token is revoked as well so it
        # stops working now rather than within its two hours.
        if credentials.refresh_token:
            await self._oauth.revoke(credentials.refresh_token)
        await self._oauth.revoke(credentials.access_token)


def _user(target: ChannelTarget) -> str:
    if target.kind is not ChannelKind.X_ACCOUNT:
        raise PlatformRejected(
            f"{PLATFORM} publishes to X accounts, not {target.kind.value}", platform=PLATFORM
        )
    return target.external_id
