"""Meta's Graph API and Facebook Login, shared by the Meta (Pages, Instagram) and Meta Ads
connectors.

Endpoints (Graph API version from the ``graph_api_version`` option, default ``v25.0``):

- Login dialog ``https://www.facebook.com/{v}/dialog/oauth`` with ``client_id``, ``redirect_uri``,
  ``state``, ``response_type=code``, comma-separated ``scope`` (or ``config_id`` for Facebook Login
  for Business), and ``code_challenge`` + ``code_challenge_method=S256``
  (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow and, for PKCE,
  https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token).
  Meta documents PKCE for the manual flow (as "in testing"); a confidential client still sends its
  secret, so the verifier is an extra binding of the code to this session, never the only one
  (the ``pkce`` option, ``false``, leaves it out).
- Code exchange ``GET https://graph.facebook.com/{v}/oauth/access_token`` with ``client_id``,
  ``redirect_uri`` (equal to the dialog's), ``client_secret``, ``code``, ``code_verifier``: a
  short-lived user token (``access_token``, ``token_type``, ``expires_in``), no refresh token.
- Long-lived token ``GET /{v}/oauth/access_token?grant_type=fb_exchange_token&client_id&
  client_secret&fb_exchange_token=<token>``: about 60 days
  (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).
  Meta has no refresh token: ``refresh`` exchanges the still-valid token again; an expired one
  needs the dialog again.
- Granted permissions ``GET /{v}/me/permissions`` -> ``{"data": [{"permission", "status"}]}``;
  revocation ``DELETE /{v}/me/permissions`` -> ``{"success": true}``
  (https://developers.facebook.com/docs/facebook-login/guides/permissions/request-revoke).
- Every call sends the token as ``Authorization: Bearer`` (never in a URL) with
  ``appsecret_proof`` = HMAC-SHA256(token, app secret), which apps with "Require App Secret" must
  send (https://developers.facebook.com/docs/graph-api/securing-requests).

Errors (https://developers.facebook.com/docs/graph-api/guides/error-handling): the body is
``{"error": {"message", "type": "OAuthException", "code", "error_subcode", "fbtrace_id"}}``, on a
400/401/403/500 status alike, so the code decides, not the status:

============================  ===========================================================
code / subcode                typed error
============================  ===========================================================
190 or 102, subcode 458       TokenRevoked (app removed by the user)
190 or 102, subcode 460/466   TokenRevoked (password changed / session invalidated)
190 or 102, other or none     TokenExpired (463 expired, 467 logged out, invalid token)
10, 200-299                   MissingScope (permission not granted or removed)
subcode 2207042               QuotaExceeded (Instagram's content publishing limit, 50 posts
                              per 24 h; ``/{ig-user-id}/content_publishing_limit`` reads it)
506                           ContentRejected DUPLICATE ("Duplicate status message")
subcodes 2207001-2207085      ContentRejected MEDIA (Instagram could not fetch or process the
(but 2207042), 9004, 324, 352  media: bad URL, format, aspect ratio, size)
100, subcode 33               GraphObjectMissing (a PlatformRejected: the object is gone)
4, 17, 32, 613, 80000-80014   RateLimited (app, user, page, custom and business use case
                              limits); retry after ``Retry-After`` or the largest
                              ``estimated_time_to_regain_access`` (minutes) of
                              ``X-Business-Use-Case-Usage``
                              (https://developers.facebook.com/docs/graph-api/overview/rate-limiting);
                              with neither, an ``X-App-Usage`` at 100 % waits out its
                              rolling hour's share: ``APP_USAGE_WAIT``
1, 2                          PlatformUnavailable (temporary, "wait and retry")
101; 1 "client secret" text   InvalidCredentials (the app id or secret is wrong; token calls)
anything else                 PlatformRejected (5xx without a code: PlatformUnavailable)
============================  ===========================================================
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from umt.adapters.platforms.http import (
    Classifier,
    PlatformHttp,
    json_or_empty,
    retry_after_seconds,
    short_text,
)
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.oauth_connector import Clock, utc_now
from umt.domain.integration.errors import (
    ContentRejected,
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    QuotaExceeded,
    RateLimited,
    Rejection,
    TokenExpired,
    TokenRevoked,
)
from umt.ports.platform_connector import AuthorizationRequest, Credentials

GRAPH_BASE_URL = "https://graph.facebook.com"
DIALOG_BASE_URL = "https://www.facebook.com"
DEFAULT_GRAPH_VERSION = "v25.0"

TOKEN_CODES = frozenset({190, 102})
REVOKED_SUBCODES = frozenset({458, 460, 466})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
TRANSIENT_CODES = frozenset({1, 2})
SECONDS_PER_MINUTE = 60
PUBLISHING_LIMIT_SUBCODE = 2207042  # Instagram: the 24 h content publishing limit is reached
DUPLICATE_CODE = 506
MEDIA_CODES = frozenset({9004, 324, 352})
MEDIA_SUBCODES = range(2207001, 2207086)
APP_USAGE_WAIT = 10 * SECONDS_PER_MINUTE
FULL_USAGE = 100
INVALID_PARAMETER = 100
GONE_SUBCODE = 33  # code 100: "object does not exist, cannot be loaded due to permissions, ..."


def business_use_case_wait(response: httpx.Response) -> float | None:
    """The longest ``estimated_time_to_regain_access`` (minutes) of X-Business-Use-Case-Usage
    (``{"<business id>": [{"type", "call_count", ..., "estimated_time_to_regain_access"}]}``),
    in seconds."""
    raw = response.headers.get("x-business-use-case-usage")
    if not raw:
        return None
    with suppress(ValueError, TypeError, AttributeError):
        usage = json.loads(raw)
        minutes = [
            float(entry.get("estimated_time_to_regain_access", 0))
            for entries in usage.values()
            for entry in entries
        ]
        if minutes:
            return max(minutes) * SECONDS_PER_MINUTE
    return None


def app_usage_wait(response: httpx.Response) -> float | None:
    """``APP_USAGE_WAIT`` when ``X-App-Usage`` (``{"call_count", "total_cputime",
    "total_time"}``, percentages of the app's rolling-hour budget) is used up; else None."""
    raw = response.headers.get("x-app-usage")
    if not raw:
        return None
    with suppress(ValueError, TypeError, AttributeError):
        usage = json.loads(raw)
        if any(float(value) >= FULL_USAGE for value in usage.values()):
            return float(APP_USAGE_WAIT)
    return None


class GraphObjectMissing(PlatformRejected):
    """Code 100, subcode 33: the object does not exist (deleted, or never was), or this token
    cannot see it."""

    code = "platform_object_missing"


def graph_error(
    platform: str, response: httpx.Response, body: dict[str, Any]
) -> PlatformError | None:
    """The typed error for a Graph API error body (None: no Graph error object, generic mapping)."""
    error = body.get("error")
    if not isinstance(error, dict):
        return None
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    message = short_text(error.get("message") or "no message")
    text = f"{platform} refused the request (code {code}): {message}"
    return _typed_graph_error(platform, response, text, code, subcode, message)


def _typed_graph_error(
    platform: str,
    response: httpx.Response,
    text: str,
    code: int | None,
    subcode: int | None,
    message: str,
) -> PlatformError:
    status = response.status_code
    if code in TOKEN_CODES:
        error_type = TokenRevoked if subcode in REVOKED_SUBCODES else TokenExpired
        return error_type(text, platform=platform, status=status)
    if subcode == PUBLISHING_LIMIT_SUBCODE:
        return QuotaExceeded(text, platform=platform, status=status)
    if code == DUPLICATE_CODE:
        return ContentRejected(
            text, platform=platform, rejection=Rejection.DUPLICATE, status=status
        )
    if code == INVALID_PARAMETER and subcode == GONE_SUBCODE:
        return GraphObjectMissing(text, platform=platform, status=status)
    if code in MEDIA_CODES or (subcode is not None and subcode in MEDIA_SUBCODES):
        return ContentRejected(text, platform=platform, rejection=Rejection.MEDIA, status=status)
    if code in PERMISSION_CODES:
        return MissingScope(text, platform=platform, status=status)
    if code in RATE_LIMIT_CODES:
        wait = retry_after_seconds(response)
        if wait is None:
            wait = business_use_case_wait(response)
        if wait is None:
            wait = app_usage_wait(response)
        return RateLimited(text, platform=platform, status=status, retry_after_seconds=wait)
    if code in TRANSIENT_CODES and "client secret" not in message.lower():
        return PlatformUnavailable(text, platform=platform, status=status)
    if code == 101 or (code == 1 and "client secret" in message.lower()):
        return InvalidCredentials(text, platform=platform, status=status)
    if status >= httpx.codes.INTERNAL_SERVER_ERROR:
        return PlatformUnavailable(text, platform=platform, status=status)
    return PlatformRejected(text, platform=platform, status=status)


def classifier(platform: str) -> Classifier:
    def classify(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
        return graph_error(platform, response, body)

    return classify


def _int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None


class GraphApi:
    """Facebook Login and Graph API calls for one app."""

    def __init__(
        self,
        *,
        http: PlatformHttp,
        app: OAuthApp,
        api_base_url: str | None = None,
        auth_base_url: str | None = None,
        version: str = DEFAULT_GRAPH_VERSION,
        now: Clock = utc_now,
    ) -> None:
        self.http = http
        self._app = app
        self.graph_url = f"{(api_base_url or GRAPH_BASE_URL).rstrip('/')}/{version}"
        self._dialog_url = (
            f"{(auth_base_url or DIALOG_BASE_URL).rstrip('/')}/{version}/dialog/oauth"
        )
        self._now = now

    def authorization_url(
        self, request: AuthorizationRequest, *, config_id: str | None, pkce: bool = True
    ) -> str:
        params = {
            "client_id": self._app.client_id,
            "redirect_uri": request.redirect_uri,
            "state": request.state,
            "response_type": "code",
        }
        if pkce:
            params |= {"code_challenge": request.code_challenge, "code_challenge_method": "S256"}
        if config_id:  # Facebook Login for Business: the configuration names the permissions
            params["config_id"] = config_id
        else:
            params["scope"] = ",".join(request.scopes)
        return f"{self._dialog_url}?{urlencode(params)}"

    def proof(self, access_token: str) -> str:
        """appsecret_proof: HMAC-SHA256 of the token keyed with the app secret, hex."""
        return hmac.new(
            self._app.client_secret.encode(), access_token.encode(), hashlib.sha256
        ).hexdigest()

    async def call(
        self, method: str, path: str, credentials: Credentials, **params: str
    ) -> dict[str, Any]:
        response = await self.http.send(
            method,
            f"{self.graph_url}/{path.lstrip('/')}",
            headers={"authorization": f"Bearer {credentials.access_token}"},
            params={**params, "appsecret_proof": self.proof(credentials.access_token)},
        )
        return json_or_empty(response)

    async def write(
        self, method: str, path: str, credentials: Credentials, data: Mapping[str, str] | None
    ) -> dict[str, Any]:
        """A Graph call that changes something (a post, a container, a comment, a delete):
        its fields in the form body, and a lost answer is ``OutcomeUnknown``."""
        response = await self.http.send(
            method,
            f"{self.graph_url}/{path.lstrip('/')}",
            headers={"authorization": f"Bearer {credentials.access_token}"},
            params={"appsecret_proof": self.proof(credentials.access_token)},
            data=data,
            write=True,
        )
        return json_or_empty(response)

    async def token(self, params: Mapping[str, str]) -> Credentials:
        """One call of the oauth/access_token endpoint (code exchange or fb_exchange_token)."""
        response = await self.http.send(
            "GET",
            f"{self.graph_url}/oauth/access_token",
            params={
                **params,
                "client_id": self._app.client_id,
                "client_secret": self._app.client_secret,
            },
        )
        body = json_or_empty(response)
        access_token = body.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise PlatformRejected(
                f"{self.http.platform} token response has no access token",
                platform=self.http.platform,
            )
        expires_at: datetime | None = None
        with suppress(KeyError, TypeError, ValueError):
            expires_at = self._now() + timedelta(seconds=float(body["expires_in"]))
        return Credentials(access_token=access_token, expires_at=expires_at)

    async def long_lived(self, access_token: str) -> Credentials:
        return await self.token(
            {"grant_type": "fb_exchange_token", "fb_exchange_token": access_token}
        )

    async def granted_permissions(self, credentials: Credentials) -> frozenset[str]:
        body = await self.call("GET", "me/permissions", credentials)
        return frozenset(
            str(entry["permission"])
            for entry in body.get("data", [])
            if isinstance(entry, dict)
            and entry.get("status") == "granted"
            and "permission" in entry
        )
