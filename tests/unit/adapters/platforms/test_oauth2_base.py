"""The shared OAuth 2.0 client and HTTP error mapping, against a loopback token endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar, Request, Response, get, post
from tests.support.loopback_server import new_client, serve_asgi

from umt.adapters.platforms.http import PlatformHttp, retry_after_seconds
from umt.adapters.platforms.oauth2 import OAuth2Client, OAuth2Provider, OAuthApp
from umt.domain.integration.errors import (
    InvalidCredentials,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
    TokenRevoked,
)
from umt.ports.platform_connector import AuthorizationRequest, Credentials

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SECRET = "s3cr3t-client-secret-value"
SEEN: list[dict[str, Any]] = []


@post("/token")
async def token(request: Request[Any, Any, Any]) -> Response[Any]:
    form = dict(await request.form())
    SEEN.append({"form": form, "authorization": request.headers.get("authorization")})
    code = form.get("code") or form.get("refresh_token")
    if code == "expired":
        return Response({"error": "invalid_grant", "error_description": "expired"}, status_code=400)
    if code == "revoked":
        return Response(
            {"error": "invalid_grant", "error_description": "Token has been revoked"},
            status_code=400,
        )
    if code == "bad-client":
        return Response({"error": "invalid_client"}, status_code=401)
    if code == "busy":
        return Response({"error": "slow_down"}, status_code=429, headers={"Retry-After": "7"})
    if code == "down":
        return Response("<html>oops</html>", status_code=502, media_type="text/html")
    if code == "no-refresh":
        return Response({"access_token": "at-2", "expires_in": 60, "token_type": "bearer"})
    return Response(
        {
            "access_token": "at-1",
            "refresh_token": "rt-1",
            "expires_in": 3600,
            "scope": "read,write",
            "token_type": "bearer",
        }
    )


@get("/unused")
async def unused() -> str:
    return "ok"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(Litestar([token, unused])) as url:
        yield url


def client_for(base: str, *, auth: str = "body") -> OAuth2Client:
    http = PlatformHttp(platform="demo", client=new_client(), classify=lambda _r, _b: None)
    return OAuth2Client(
        http=http,
        app=OAuthApp(client_id="app-1", client_secret=SECRET),
        provider=OAuth2Provider(
            authorize_url="https://auth.example/authorize",
            token_url=f"{base}/token",
            client_auth=auth,
            scope_separator=",",
            extra_authorize_params={"access_type": "offline"},
        ),
        now=lambda: NOW,
    )


def test_the_authorization_url_carries_pkce_state_and_scopes() -> None:
    oauth = client_for("http://127.0.0.1:9")
    url = oauth.authorization_url(
        AuthorizationRequest(
            state="st", code_challenge="ch", redirect_uri="https://umt/cb", scopes=("a", "b")
        )
    )
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://auth.example/authorize?")
    assert query == {
        "response_type": ["code"],
        "client_id": ["app-1"],
        "redirect_uri": ["https://umt/cb"],
        "scope": ["a,b"],
        "state": ["st"],
        "code_challenge": ["ch"],
        "code_challenge_method": ["S256"],
        "access_type": ["offline"],
    }


async def test_exchange_sends_the_verifier_and_parses_the_tokens(base: str) -> None:
    SEEN.clear()
    credentials = await client_for(base).exchange_code(
        code="good", code_verifier="v" * 43, redirect_uri="https://umt/cb"
    )
    assert credentials.access_token == "at-1"
    assert credentials.refresh_token == "rt-1"
    assert credentials.expires_at == NOW + timedelta(hours=1)
    assert credentials.scopes == {"read", "write"}
    form = SEEN[-1]["form"]
    assert form["grant_type"] == "authorization_code"
    assert form["code_verifier"] == "v" * 43
    assert form["client_secret"] == SECRET
    assert SEEN[-1]["authorization"] is None


async def test_basic_client_auth_keeps_the_secret_out_of_the_form(base: str) -> None:
    SEEN.clear()
    await client_for(base, auth="basic").exchange_code(
        code="good", code_verifier="v" * 43, redirect_uri="https://umt/cb"
    )
    assert "client_secret" not in SEEN[-1]["form"]
    assert SEEN[-1]["authorization"] == httpx.BasicAuth("app-1", SECRET)._auth_header


async def test_a_refresh_without_a_new_refresh_token_keeps_the_old_one(base: str) -> None:
    held = Credentials(access_token="old", refresh_token="no-refresh", scopes=frozenset({"x"}))
    fresh = await client_for(base).refresh(held)
    assert fresh.access_token == "at-2"
    assert fresh.refresh_token == "no-refresh"  # never overwritten with nothing
    assert fresh.scopes == {"x"}


async def test_a_refresh_without_any_refresh_token_needs_a_new_consent(base: str) -> None:
    with pytest.raises(TokenExpired):
        await client_for(base).refresh(Credentials(access_token="old"))


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("expired", TokenExpired),
        ("revoked", TokenRevoked),
        ("bad-client", InvalidCredentials),
        ("busy", RateLimited),
        ("down", PlatformUnavailable),
    ],
)
async def test_token_endpoint_errors_are_typed(base: str, code: str, error: type) -> None:
    with pytest.raises(error) as raised:
        await client_for(base).exchange_code(
            code=code, code_verifier="v" * 43, redirect_uri="https://umt/cb"
        )
    assert SECRET not in str(raised.value)
    if code == "busy":
        assert raised.value.retry_after_seconds == 7


async def test_an_unreachable_platform_is_unavailable_without_leaking_the_url() -> None:
    http = PlatformHttp(platform="demo", client=new_client(), classify=lambda _r, _b: None)
    with pytest.raises(PlatformUnavailable) as raised:
        await http.send("GET", "http://127.0.0.1:9/x?access_token=leak")
    assert "leak" not in str(raised.value)


async def test_a_token_response_without_a_token_is_rejected(base: str) -> None:
    with pytest.raises(PlatformRejected):
        client_for(base).parse_token_response({"token_type": "bearer"})


def test_retry_after_reads_seconds_and_http_dates() -> None:
    def response(value: str) -> httpx.Response:
        return httpx.Response(429, headers={"retry-after": value})

    assert retry_after_seconds(response("120")) == 120
    later = "Wed, 25 Nov 2026 12:01:00 GMT"
    assert retry_after_seconds(response(later), now=NOW) == 60
    assert retry_after_seconds(response("soon")) is None
    assert retry_after_seconds(httpx.Response(429)) is None
