"""A fake OAuth 2.0 authorization server for connector tests (served on loopback).

It checks what a real provider checks: the authorization request's client id, redirect URI,
PKCE S256 challenge and provider-specific parameters; at the token endpoint the client
credentials, that the code was issued to this redirect URI, and that the verifier hashes to
the challenge. It answers with the provider's documented token and error shapes.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.handlers import HTTPRouteHandler

ErrorBody = Callable[[str, str], tuple[dict[str, Any], int]]


def rfc6749_error(kind: str, description: str) -> tuple[dict[str, Any], int]:
    """RFC 6749 §5.2 errors; ``invalid_refresh`` is the fake's name for a refused refresh."""
    status = 401 if kind == "invalid_client" else 400
    error = "invalid_grant" if kind == "invalid_refresh" else kind
    return {"error": error, "error_description": description}, status


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class FakeOAuthServer:
    client_id: str
    client_secret: str
    authorize_path: str
    token_path: str
    revoke_path: str | None = None
    required_authorize_params: Mapping[str, str] = field(default_factory=dict)
    scope_separator: str = " "
    refresh_returns_refresh_token: bool = False
    token_extra: Mapping[str, Any] = field(default_factory=dict)
    error_body: ErrorBody = rfc6749_error
    grants: dict[str, dict[str, Any]] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    revoked: list[str] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def error(self, kind: str, description: str) -> Response[Any]:
        body, status = self.error_body(kind, description)
        return Response(body, status_code=status)

    def routes(self) -> list[HTTPRouteHandler]:
        server = self

        @get(server.authorize_path, sync_to_thread=False)
        def authorize(request: Request[Any, Any, Any]) -> Response[Any]:
            q = dict(request.query_params)
            expected = {
                "response_type": "code",
                "client_id": server.client_id,
                "code_challenge_method": "S256",
                **server.required_authorize_params,
            }
            wrong = {k for k, v in expected.items() if q.get(k) != v}
            if wrong or not q.get("code_challenge") or not q.get("redirect_uri"):
                return Response(
                    {"error": "invalid_request", "wrong": sorted(wrong)}, status_code=400
                )
            code = secrets.token_urlsafe(12)
            server.grants[code] = {
                "challenge": q["code_challenge"],
                "redirect_uri": q["redirect_uri"],
                "scope": q.get("scope", ""),
            }
            location = (
                f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q.get('state', '')})}"
            )
            return Response(None, status_code=302, headers={"location": location})

        @post(server.token_path)
        async def token(request: Request[Any, Any, Any]) -> Response[Any]:
            form = {k: str(v) for k, v in (await request.form()).items()}
            server.token_requests.append(form)
            if (
                form.get("client_id") != server.client_id
                or form.get("client_secret") != server.client_secret
            ):
                return server.error("invalid_client", "The OAuth client was not found.")
            if form.get("grant_type") == "authorization_code":
                grant = server.grants.pop(form.get("code", ""), None)
                if grant is None:
                    return server.error("invalid_grant", "Malformed auth code.")
                if form.get("redirect_uri") != grant["redirect_uri"]:
                    return server.error("redirect_uri_mismatch", "Bad Request")
                if s256(form.get("code_verifier", "")) != grant["challenge"]:
                    return server.error("invalid_grant", "Invalid code verifier.")
                refresh = f"rt-{secrets.token_urlsafe(8)}"
                server.refresh_tokens[refresh] = grant["scope"]
                return Response(server.token_body(grant["scope"], refresh))
            if form.get("grant_type") == "refresh_token":
                scope = server.refresh_tokens.get(form.get("refresh_token", ""))
                if scope is None:
                    return server.error("invalid_refresh", "Token has been expired or revoked.")
                refresh = form["refresh_token"] if server.refresh_returns_refresh_token else None
                return Response(server.token_body(scope, refresh))
            return server.error("unsupported_grant_type", "Invalid grant_type.")

        handlers = [authorize, token]
        if server.revoke_path:

            @post(server.revoke_path)
            async def revoke(request: Request[Any, Any, Any]) -> Response[Any]:
                form = {k: str(v) for k, v in (await request.form()).items()}
                token_value = form.get("token") or request.query_params.get("token", "")
                if server.refresh_tokens.pop(token_value, None) is None:
                    return Response(
                        {"error": "invalid_token", "error_description": "Token expired or revoked"},
                        status_code=400,
                    )
                server.revoked.append(token_value)
                return Response({})

            handlers.append(revoke)
        return handlers

    def token_body(self, scope: str, refresh: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "access_token": f"at-{secrets.token_urlsafe(8)}",
            "expires_in": 3599,
            "token_type": "Bearer",
            **self.token_extra,
        }
        if self.scope_separator:
            body["scope"] = scope
        if refresh:
            body["refresh_token"] = refresh
        return body
