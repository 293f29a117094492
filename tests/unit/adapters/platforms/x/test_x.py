"""The X connector against a loopback fake of X's OAuth 2.0 endpoints and API v2."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import Litestar, Request, Response, get
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.fake_platform import (
    CHALLENGE,
    CLIENT_ID,
    CLIENT_SECRET,
    DEAD_REFRESH,
    GOOD_CODE,
    LIVE_REFRESH,
    NOW,
    REDIRECT_URI,
    STILL_REFRESH,
    VERIFIER,
    FakeTokenEndpoint,
    assert_no_secrets,
    bearer_token,
)

from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.x import XConnector
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
)
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.platform_connector import AuthorizationRequest, Credentials

TOKENS = FakeTokenEndpoint(
    client_auth="basic",
    scope="tweet.read users.read offline.access",
    # X's answer for a dead refresh token is invalid_request, not invalid_grant.
    dead_grant={
        "error": "invalid_request",
        "error_description": "Value passed for the token was invalid.",
    },
)
RESET_AT = int(NOW.timestamp()) + 120


def problem(status: int, title: str, detail: str, kind: str = "about:blank") -> Response[Any]:
    return Response(
        {"title": title, "detail": detail, "type": kind, "status": status}, status_code=status
    )


@get("/2/users/me")
async def users_me(request: Request[Any, Any, Any]) -> Response[Any]:
    token = bearer_token(request.headers.get("authorization"))
    answers = {
        None: problem(401, "Unauthorized", "Unauthorized"),
        "tok-expired-81": problem(401, "Unauthorized", "Unauthorized"),
        "tok-noscope-81": problem(
            403, "Forbidden", "You are not permitted to perform this action."
        ),
        "tok-project-81": problem(
            403,
            "Client Forbidden",
            "This request must be made using an approved developer account",
            "https://api.twitter.com/2/problems/client-forbidden",
        ),
        "tok-limit-81": Response(
            {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429},
            status_code=429,
            headers={"x-rate-limit-limit": "75", "x-rate-limit-reset": str(RESET_AT)},
        ),
        "tok-down-81": Response("upstream connect error", status_code=503),
    }
    if token in answers:
        return answers[token]
    return Response({"data": {"id": "2244994945", "name": "Acme", "username": "acme"}})


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = Litestar(
        [*TOKENS.handlers(token_path="/2/oauth2/token", revoke_path="/2/oauth2/revoke"), users_me]
    )
    with serve_asgi(app) as url:
        yield url


def connector(base: str, *, secret: str = CLIENT_SECRET) -> XConnector:
    return XConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=secret),
        api_base_url=base,
        auth_base_url=base,
        now=lambda: NOW,
    )


def test_it_declares_posting_and_asks_for_offline_access() -> None:
    x = connector("http://127.0.0.1:9")
    assert x.platform is Platform.X
    assert x.auth_method is AuthMethod.OAUTH2
    assert x.capabilities == {
        Capability.PUBLISH_TEXT,
        Capability.PUBLISH_IMAGES,
        Capability.PUBLISH_VIDEO,
    }
    assert "offline.access" in x.default_scopes  # without it X issues no refresh token


def test_the_authorization_url() -> None:
    url = XConnector(
        new_client(), OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    ).authorization_url(
        AuthorizationRequest(
            state="st",
            code_challenge=CHALLENGE,
            redirect_uri=REDIRECT_URI,
            scopes=("tweet.read", "offline.access"),
        )
    )
    assert url.startswith("https://x.com/i/oauth2/authorize?")
    assert parse_qs(urlsplit(url).query) == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT_URI],
        "scope": ["tweet.read offline.access"],
        "state": ["st"],
        "code_challenge": [CHALLENGE],
        "code_challenge_method": ["S256"],
    }


async def test_the_code_exchange_uses_basic_auth_and_the_verifier(base: str) -> None:
    credentials = await connector(base).exchange_code(
        code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
    )
    assert credentials.refresh_token == "rt-first"
    assert credentials.expires_at == NOW + timedelta(hours=2)
    assert credentials.scopes == {"tweet.read", "users.read", "offline.access"}
    assert "client_secret" not in TOKENS.seen[-1]


async def test_a_wrong_verifier_is_refused(base: str) -> None:
    with pytest.raises(TokenExpired) as raised:
        await connector(base).exchange_code(
            code=GOOD_CODE, code_verifier="z" * 43, redirect_uri=REDIRECT_URI
        )
    assert_no_secrets(raised.value, [CLIENT_SECRET, "z" * 43])


async def test_a_wrong_client_secret_is_invalid_credentials(base: str) -> None:
    with pytest.raises(InvalidCredentials) as raised:
        await connector(base, secret="not-the-secret-42").exchange_code(
            code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
        )
    assert_no_secrets(raised.value, ["not-the-secret-42"])


async def test_refresh_rotates_or_keeps_the_refresh_token(base: str) -> None:
    x = connector(base)
    rotated = await x.refresh(Credentials(access_token="old", refresh_token=LIVE_REFRESH))
    assert rotated.refresh_token == "rt-rotated"
    kept = await x.refresh(Credentials(access_token="old", refresh_token=STILL_REFRESH))
    assert kept.refresh_token == STILL_REFRESH
    assert kept.access_token != "old"


async def test_a_dead_refresh_token_needs_a_new_consent(base: str) -> None:
    with pytest.raises(TokenExpired) as raised:
        await connector(base).refresh(Credentials(access_token="old", refresh_token=DEAD_REFRESH))
    assert_no_secrets(raised.value, [DEAD_REFRESH, CLIENT_SECRET])


async def test_the_connection_test_answers_the_user(base: str) -> None:
    account = await connector(base).test_connection(
        Credentials(access_token="tok-good", scopes=frozenset({"tweet.read"}))
    )
    assert (account.external_id, account.name) == ("2244994945", "Acme")
    assert account.granted_scopes == {"tweet.read"}


@pytest.mark.parametrize(
    ("access_token", "error"),
    [
        ("tok-expired-81", TokenExpired),
        ("tok-noscope-81", MissingScope),
        ("tok-project-81", PlatformRejected),
        ("tok-limit-81", RateLimited),
        ("tok-down-81", PlatformUnavailable),
    ],
)
async def test_api_errors_are_typed(
    base: str, access_token: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await connector(base).test_connection(Credentials(access_token=access_token))
    assert type(raised.value) is error
    assert_no_secrets(raised.value, [access_token, CLIENT_SECRET])
    if isinstance(raised.value, RateLimited):
        assert raised.value.retry_after_seconds == 120  # until x-rate-limit-reset


async def test_revoke_revokes_the_refresh_and_the_access_token(base: str) -> None:
    TOKENS.revoked.clear()
    await connector(base).revoke(Credentials(access_token="at-9", refresh_token="rt-9"))
    assert TOKENS.revoked == ["rt-9", "at-9"]


async def test_x_connects_with_oauth_only() -> None:
    with pytest.raises(PlatformRejected):
        await connector("http://127.0.0.1:9").connect_with_form({})
