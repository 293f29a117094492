"""OAuth 2.0 authorization code flow with PKCE (RFC 6749, RFC 7636), shared by the adapters.

Providers differ in small, documented ways: where the client authenticates (HTTP Basic or the
form body), how scopes are separated (space or comma), whether a refresh token comes back on
refresh. ``OAuth2Client`` takes those as settings, so each platform adapter states its
provider's choices instead of re-implementing the flow.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from umt.adapters.platforms.http import PlatformHttp, json_or_empty, short_text
from umt.domain.integration.errors import (
    InvalidCredentials,
    PlatformError,
    PlatformRejected,
    TokenExpired,
    TokenRevoked,
)
from umt.ports.platform_connector import AuthorizationRequest, Credentials


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuthApp:
    """The registered app (client) at one provider, from settings."""

    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuth2Provider:
    """A provider's documented endpoints and dialect."""

    authorize_url: str
    token_url: str
    revoke_url: str | None = None
    scope_separator: str = " "
    # "basic": client id and secret in an Authorization: Basic header; "body": in the form.
    client_auth: str = "body"
    # Extra query parameters of the authorization URL (e.g. access_type=offline on Google).
    extra_authorize_params: Mapping[str, str] = field(default_factory=dict)
    # The name of the client-id parameter (TikTok calls it client_key).
    client_id_param: str = "client_id"
    # False for a provider whose flow for confidential clients defines no PKCE (LinkedIn):
    # no code_challenge in the authorization URL, no code_verifier in the exchange.
    pkce: bool = True


def oauth_error(
    platform: str, response: httpx.Response, body: dict[str, Any]
) -> PlatformError | None:
    """Map an RFC 6749 §5.2 error response of the token endpoint onto the typed errors
    (None for 429 and 5xx, which the generic mapping turns into RateLimited/Unavailable)."""
    if response.status_code == httpx.codes.TOO_MANY_REQUESTS or response.status_code >= 500:
        return None
    code = str(body.get("error", ""))
    description = short_text(body.get("error_description") or code or response.status_code)
    if code == "invalid_client":
        return InvalidCredentials(
            f"{platform} refused the app credentials: {description}",
            platform=platform,
            status=response.status_code,
        )
    if code == "invalid_grant":
        # The grant (code or refresh token) is expired, used or revoked: only a new consent helps.
        lowered = description.lower()
        error_type = TokenRevoked if "revoked" in lowered else TokenExpired
        return error_type(
            f"{platform} refused the grant: {description}",
            platform=platform,
            status=response.status_code,
        )
    return PlatformRejected(
        f"{platform} token endpoint refused the request: {description}",
        platform=platform,
        status=response.status_code,
    )


class OAuth2Client:
    """Builds authorization URLs and calls one provider's token endpoint."""

    def __init__(
        self, *, http: PlatformHttp, app: OAuthApp, provider: OAuth2Provider, now: Any = None
    ) -> None:
        self._http = http
        self._app = app
        self._provider = provider
        self._now = now or (lambda: datetime.now(UTC))

    @property
    def app(self) -> OAuthApp:
        return self._app

    def authorization_url(self, request: AuthorizationRequest) -> str:
        params = {
            "response_type": "code",
            self._provider.client_id_param: self._app.client_id,
            "redirect_uri": request.redirect_uri,
            "scope": self._provider.scope_separator.join(request.scopes),
            "state": request.state,
        }
        if self._provider.pkce:
            params |= {"code_challenge": request.code_challenge, "code_challenge_method": "S256"}
        params |= self._provider.extra_authorize_params
        return f"{self._provider.authorize_url}?{urlencode(params)}"

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        if self._provider.pkce:
            form["code_verifier"] = code_verifier
        return await self._token_request(form)

    async def refresh(self, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise TokenExpired(
                f"{self._http.platform} gave no refresh token: reconnect the account",
                platform=self._http.platform,
            )
        fresh = await self._token_request(
            {"grant_type": "refresh_token", "refresh_token": credentials.refresh_token}
        )
        return credentials.refreshed_with(fresh)

    async def revoke(self, token: str) -> None:
        """RFC 7009 token revocation, where the provider has an endpoint for it."""
        if self._provider.revoke_url is None:
            return
        auth = self._client_auth({"token": token})
        await self._http.send(
            "POST", self._provider.revoke_url, classify=self._classify_token_error, **auth
        )

    async def _token_request(self, form: dict[str, str]) -> Credentials:
        response = await self._http.send(
            "POST",
            self._provider.token_url,
            headers={"accept": "application/json"},
            classify=self._classify_token_error,
            **self._client_auth(form),
        )
        return self.parse_token_response(json_or_empty(response))

    def _classify_token_error(
        self, response: httpx.Response, body: dict[str, Any]
    ) -> PlatformError | None:
        return oauth_error(self._http.platform, response, body)

    def _client_auth(self, form: dict[str, str]) -> dict[str, Any]:
        if self._provider.client_auth == "basic":
            return {"data": form, "auth": (self._app.client_id, self._app.client_secret)}
        return {
            "data": {
                **form,
                self._provider.client_id_param: self._app.client_id,
                "client_secret": self._app.client_secret,
            }
        }

    def parse_token_response(self, body: Mapping[str, Any]) -> Credentials:
        """Credentials from an RFC 6749 §5.1 token response."""
        access_token = body.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise PlatformRejected(
                f"{self._http.platform} token response has no access token",
                platform=self._http.platform,
            )
        expires_at = None  # a token without a stated lifetime may still be refused later
        with suppress(KeyError, TypeError, ValueError):
            expires_at = self._now() + timedelta(seconds=float(body["expires_in"]))
        raw_scope = body.get("scope") or ""
        separator = "," if "," in str(raw_scope) else " "
        scopes = frozenset(s.strip() for s in str(raw_scope).split(separator) if s.strip())
        refresh_token = body.get("refresh_token")
        return Credentials(
            access_token=access_token,
            refresh_token=refresh_token if isinstance(refresh_token, str) else None,
            expires_at=expires_at,
            scopes=scopes,
        )
