"""What the fake platform servers of these tests share: PKCE, client auth and leak checks.

Each fake is a Litestar app that checks requests the way the platform documents them and answers
in the platform's documented shapes; these helpers keep the checks the same everywhere.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response, post

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CLIENT_ID = "app-123"
CLIENT_SECRET = "s3cr3t-client-secret-value"
VERIFIER = "v" * 20 + "-._~" + "w" * 30  # 54 characters of the RFC 7636 alphabet
REDIRECT_URI = "https://umt.example/api/v1/integrations/x/callback"


def s256(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


CHALLENGE = s256(VERIFIER)


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """The (client id, secret) of an ``Authorization: Basic`` header."""
    if not header or not header.lower().startswith("basic "):
        return None
    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    return user, password


def bearer_token(header: str | None) -> str | None:
    if not header or not header.lower().startswith("bearer "):
        return None
    return header[7:]


def assert_no_secrets(error: BaseException, secrets: Iterable[str]) -> None:
    """Neither the message nor the representation of an error carries a credential."""
    for secret in secrets:
        assert secret not in str(error)
        assert secret not in repr(error)


GOOD_CODE = "good-code"
LIVE_REFRESH = "rt-live"  # a refresh token the fake rotates
STILL_REFRESH = "rt-still"  # a refresh token the fake keeps (answers without a new one)
DEAD_REFRESH = "rt-dead"  # an expired or revoked refresh token


@dataclass
class FakeTokenEndpoint:
    """An RFC 6749 token (and RFC 7009 revocation) endpoint in one provider's dialect.

    It authenticates the client the way the provider does (HTTP Basic or form fields, under the
    provider's name for the client id), binds the code to the dialog's S256 challenge and
    redirect URI, and answers with the provider's token response (``extra`` fields included).
    """

    client_auth: str  # "basic" or "body"
    client_id_param: str = "client_id"
    pkce: bool = True
    scope: str = "a b"
    expires_in: int = 7200
    extra: dict[str, Any] = field(default_factory=dict)
    dead_grant: dict[str, Any] = field(
        default_factory=lambda: {"error": "invalid_grant", "error_description": "expired"}
    )
    error_status: int = 400
    bad_client: dict[str, Any] = field(
        default_factory=lambda: {"error": "invalid_client", "error_description": "bad client"}
    )
    seen: list[dict[str, Any]] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)

    def client_refused(self, request: Request[Any, Any, Any], form: dict[str, str]) -> bool:
        if self.client_auth == "basic":
            basic = basic_credentials(request.headers.get("authorization"))
            return basic != (CLIENT_ID, CLIENT_SECRET) or "client_secret" in form
        return (
            form.get(self.client_id_param) != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
        )

    def error(self, body: dict[str, Any], status: int | None = None) -> Response[Any]:
        return Response(body, status_code=status or self.error_status)

    def tokens(self, *, refresh: str | None) -> Response[Any]:
        body: dict[str, Any] = {
            "access_token": f"at-{len(self.seen)}",
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "scope": self.scope,
            **self.extra,
        }
        if refresh is not None:
            body["refresh_token"] = refresh
        return Response(body)

    async def token(self, request: Request[Any, Any, Any]) -> Response[Any]:
        if not request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            return self.error({"error": "invalid_request", "error_description": "form expected"})
        form = {key: str(value) for key, value in (await request.form()).items()}
        self.seen.append(form)
        if self.client_refused(request, form):
            return self.error(self.bad_client, 401)
        grant = form.get("grant_type")
        if grant == "authorization_code":
            if form.get("code") != GOOD_CODE or form.get("redirect_uri") != REDIRECT_URI:
                return self.error(self.dead_grant)
            verifier = form.get("code_verifier")
            if self.pkce and (verifier is None or s256(verifier) != CHALLENGE):
                return self.error({"error": "invalid_grant", "error_description": "PKCE failed"})
            if not self.pkce and verifier is not None:
                return self.error({"error": "invalid_request", "error_description": "verifier"})
            return self.tokens(refresh="rt-first")
        if grant == "refresh_token":
            held = form.get("refresh_token")
            if held == LIVE_REFRESH:
                return self.tokens(refresh="rt-rotated")
            if held == STILL_REFRESH:
                return self.tokens(refresh=None)
            return self.error(self.dead_grant)
        return self.error({"error": "unsupported_grant_type"})

    async def revoke(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = {key: str(value) for key, value in (await request.form()).items()}
        if self.client_refused(request, form):
            return self.error({"error": "invalid_client"}, 401)
        self.revoked.append(form["token"])
        return Response({})

    def handlers(self, *, token_path: str, revoke_path: str | None = None) -> list[Any]:
        routes: list[Any] = [post(token_path, status_code=200)(self.token)]
        if revoke_path is not None:
            routes.append(post(revoke_path, status_code=200)(self.revoke))
        return routes
