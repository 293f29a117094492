"""A loopback OAuth 2.0 provider (authorization code + PKCE S256, refresh, a "me" endpoint,
revocation) on 127.0.0.1 and a free port, and a PlatformConnector speaking to it over real
HTTP with httpx: the OAuth flow tested end to end without any outside network.

The provider approves every authorization at once (the user "clicks allow") unless
``deny_next`` is set, and checks what a real provider checks: the redirect URI, single-use
codes, the PKCE verifier against the challenge, refresh tokens, bearer tokens.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx

from umt.domain.integration.errors import (
    InvalidCredentials,
    PlatformUnavailable,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.clock import Clock
from umt.ports.platform_connector import (
    AccountInfo,
    AuthorizationRequest,
    Credentials,
    FormField,
    PlatformConnector,
)


class ProviderState:
    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, str, str]] = {}  # code → (challenge, redirect, scope)
        self.access: set[str] = set()
        self.refresh: set[str] = set()
        self.deny_next = False
        self.lock = threading.Lock()


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def _handler(state: ProviderState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
            return

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                redirect = query["redirect_uri"]
                if state.deny_next:
                    state.deny_next = False
                    outcome = {"error": "access_denied", "state": query["state"]}
                else:
                    if query.get("code_challenge_method") != "S256":
                        self._json(400, {"error": "invalid_request"})
                        return
                    code = secrets.token_urlsafe(16)
                    with state.lock:
                        state.codes[code] = (query["code_challenge"], redirect, query["scope"])
                    outcome = {"code": code, "state": query["state"]}
                self.send_response(302)
                self.send_header("Location", f"{redirect}?{urlencode(outcome)}")
                self.end_headers()
                return
            if url.path == "/me":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in state.access:
                    self._json(401, {"error": "invalid_token"})
                    return
                self._json(200, {"id": "loop-42", "name": "Loopback Page"})
                return
            self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/revoke":
                state.access.discard(form.get("token", ""))
                self._json(200, {})
                return
            if self.path != "/token":
                self._json(404, {"error": "not_found"})
                return
            with state.lock:
                if form.get("grant_type") == "authorization_code":
                    found = state.codes.pop(form.get("code", ""), None)
                    if found is None or found[1] != form.get("redirect_uri"):
                        self._json(400, {"error": "invalid_grant"})
                        return
                    if _s256(form.get("code_verifier", "")) != found[0]:
                        self._json(400, {"error": "invalid_grant", "error_description": "pkce"})
                        return
                    scope = found[2]
                elif form.get("grant_type") == "refresh_token":
                    if form.get("refresh_token") not in state.refresh:
                        self._json(400, {"error": "invalid_grant"})
                        return
                    scope = ""
                else:
                    self._json(400, {"error": "unsupported_grant_type"})
                    return
                access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
                state.access.add(access)
                state.refresh.add(refresh)
            body: dict[str, Any] = {"access_token": access, "expires_in": 3600, "scope": scope}
            if form.get("grant_type") == "authorization_code":
                body["refresh_token"] = refresh  # like many providers: none on refresh
            self._json(200, body)

    return Handler


@contextmanager
def loopback_provider() -> Iterator[tuple[str, ProviderState]]:
    state = ProviderState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


class LoopbackOAuthConnector(PlatformConnector):
    """A minimal OAuth 2.0 connector for the loopback provider (it plays the sandbox)."""

    def __init__(self, base_url: str, clock: Clock) -> None:
        self._base = base_url
        self._clock = clock
        self._http = httpx.AsyncClient(base_url=base_url, timeout=5)

    @property
    def platform(self) -> Platform:
        return Platform.SANDBOX

    @property
    def auth_method(self) -> AuthMethod:
        return AuthMethod.OAUTH2

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.PUBLISH_TEXT})

    @property
    def default_scopes(self) -> tuple[str, ...]:
        return ("pages.read", "pages.write")

    @property
    def form_fields(self) -> tuple[FormField, ...]:
        return ()

    def authorization_url(self, request: AuthorizationRequest) -> str:
        query = {
            "response_type": "code",
            "client_id": "umt",
            "redirect_uri": request.redirect_uri,
            "scope": " ".join(request.scopes),
            "state": request.state,
            "code_challenge": request.code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self._base}/authorize?{urlencode(query)}"

    async def _token(self, form: Mapping[str, str], refused: type[Exception]) -> Credentials:
        try:
            response = await self._http.post("/token", data=dict(form))
        except httpx.HTTPError as exc:
            raise PlatformUnavailable(type(exc).__name__, platform="sandbox") from None
        if response.status_code >= 500:
            raise PlatformUnavailable(
                "server error", platform="sandbox", status=response.status_code
            )
        if response.status_code != 200:
            raise refused("the grant was refused", platform="sandbox", status=response.status_code)  # type: ignore[call-arg]
        body = response.json()
        expires: datetime | None = self._clock.now() + timedelta(seconds=int(body["expires_in"]))
        return Credentials(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token"),
            expires_at=expires,
            scopes=frozenset(body.get("scope", "").split()),
        )

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": code_verifier,
            "redirect_uri": redirect_uri,
        }
        return await self._token(form, InvalidCredentials)

    async def refresh(self, credentials: Credentials) -> Credentials:
        form = {"grant_type": "refresh_token", "refresh_token": credentials.refresh_token or ""}
        return await self._token(form, TokenRevoked)

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        raise InvalidCredentials("this platform connects through OAuth", platform="sandbox")

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        response = await self._http.get(
            "/me", headers={"Authorization": f"Bearer {credentials.access_token}"}
        )
        if response.status_code == 401:
            raise TokenExpired("the token no longer works", platform="sandbox", status=401)
        body = response.json()
        return AccountInfo(external_id=body["id"], name=body["name"])

    async def revoke(self, credentials: Credentials) -> None:
        await self._http.post("/revoke", data={"token": credentials.access_token})

    async def close(self) -> None:
        await self._http.aclose()
