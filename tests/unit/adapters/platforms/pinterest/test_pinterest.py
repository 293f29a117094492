"""The Pinterest connector against a loopback fake of Pinterest's OAuth and API v5."""

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
from umt.adapters.platforms.pinterest import PinterestConnector
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import AuthorizationRequest, Credentials

TOKENS = FakeTokenEndpoint(
    client_auth="basic",
    pkce=False,
    scope="boards:read pins:read user_accounts:read",
    expires_in=2592000,
    extra={"response_type": "authorization_code", "refresh_token_expires_in": 31536000},
    bad_client={"code": 2, "message": "Authentication failed."},
)


def failure(status: int, code: int, message: str, **headers: str) -> Response[Any]:
    return Response({"code": code, "message": message}, status_code=status, headers=headers)


FAILURES = {
    "tok-expired-77": failure(401, 2, "Authentication failed."),
    "tok-noscope-77": failure(403, 3, "Not authorized to access the user account."),
    "tok-busy-77": failure(429, 8, "Rate limit exceeded.", **{"retry-after": "15"}),
    "tok-down-77": failure(503, 0, "Service unavailable."),
}


@get("/v5/user_account")
async def user_account(request: Request[Any, Any, Any]) -> Response[Any]:
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return failure(401, 2, "Authentication failed.")
    if token in FAILURES:
        return FAILURES[token]
    return Response(
        {
            "account_type": "BUSINESS",
            "id": "549755885175",
            "username": "acmepins",
            "business_name": "Acme",
            "profile_image": "https://i.pinimg.com/a.jpg",
            "website_url": "https://acme.example",
        }
    )


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(
        Litestar([*TOKENS.handlers(token_path="/v5/oauth/token"), user_account])
    ) as url:
        yield url


def connector(base: str, *, secret: str = CLIENT_SECRET) -> PinterestConnector:
    return PinterestConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=secret),
        api_base_url=base,
        auth_base_url=base,
        now=lambda: NOW,
    )


def test_it_declares_pins_analytics_and_ads_but_not_text_posts() -> None:
    pinterest = connector("http://127.0.0.1:9")
    assert pinterest.platform is Platform.PINTEREST
    assert pinterest.capabilities == {
        Capability.PUBLISH_IMAGES,
        Capability.PUBLISH_VIDEO,
        Capability.ANALYTICS,
        Capability.ADS,
    }
    assert {"pins:write", "boards:read", "user_accounts:read"} <= set(pinterest.default_scopes)


def test_the_authorization_url_has_comma_scopes() -> None:
    url = PinterestConnector(
        new_client(), OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    ).authorization_url(
        AuthorizationRequest(
            state="st",
            code_challenge=CHALLENGE,
            redirect_uri=REDIRECT_URI,
            scopes=("boards:read", "pins:write"),
        )
    )
    assert url.startswith("https://www.pinterest.com/oauth/?")
    assert parse_qs(urlsplit(url).query) == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT_URI],
        "scope": ["boards:read,pins:write"],
        "state": ["st"],
    }


async def test_the_code_exchange_authenticates_with_basic(base: str) -> None:
    credentials = await connector(base).exchange_code(
        code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
    )
    assert credentials.expires_at == NOW + timedelta(days=30)
    assert credentials.refresh_token == "rt-first"
    assert credentials.scopes == {"boards:read", "pins:read", "user_accounts:read"}
    assert "client_secret" not in TOKENS.seen[-1]
    assert "code_verifier" not in TOKENS.seen[-1]


async def test_a_wrong_app_secret_is_invalid_credentials(base: str) -> None:
    with pytest.raises(InvalidCredentials) as raised:
        await connector(base, secret="wrong-pin-secret-1").exchange_code(
            code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
        )
    assert_no_secrets(raised.value, ["wrong-pin-secret-1", CLIENT_SECRET])


async def test_refresh(base: str) -> None:
    pinterest = connector(base)
    continuous = await pinterest.refresh(Credentials(access_token="a", refresh_token=LIVE_REFRESH))
    assert continuous.refresh_token == "rt-rotated"
    kept = await pinterest.refresh(Credentials(access_token="a", refresh_token=STILL_REFRESH))
    assert kept.refresh_token == STILL_REFRESH
    with pytest.raises(TokenExpired) as raised:
        await pinterest.refresh(Credentials(access_token="a", refresh_token=DEAD_REFRESH))
    assert_no_secrets(raised.value, [DEAD_REFRESH, CLIENT_SECRET])


async def test_the_connection_test_reads_the_user_account(base: str) -> None:
    account = await connector(base).test_connection(
        Credentials(access_token="tok-good-77", scopes=frozenset({"pins:read"}))
    )
    assert (account.external_id, account.name) == ("549755885175", "Acme")
    assert account.granted_scopes == {"pins:read"}


@pytest.mark.parametrize(
    ("access_token", "error"),
    [
        ("tok-expired-77", TokenExpired),
        ("tok-noscope-77", MissingScope),
        ("tok-busy-77", RateLimited),
        ("tok-down-77", PlatformUnavailable),
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
        assert raised.value.retry_after_seconds == 15


async def test_revoke_is_a_documented_no_op_and_forms_are_refused(base: str) -> None:
    await connector(base).revoke(Credentials(access_token="tok-good-77"))
    with pytest.raises(PlatformRejected):
        await connector(base).connect_with_form({})
