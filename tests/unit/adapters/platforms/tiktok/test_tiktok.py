"""The TikTok connector against a loopback fake of TikTok's Login Kit and API v2."""

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
from umt.adapters.platforms.tiktok import TikTokConnector
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
    client_auth="body",
    client_id_param="client_key",
    scope="user.info.basic,video.publish",
    expires_in=86400,
    extra={"open_id": "723f24d7-e717-40f8-a2b6-cb8464cd23b4", "refresh_expires_in": 31536000},
    dead_grant={
        "error": "invalid_grant",
        "error_description": "Refresh token is invalid or expired.",
        "log_id": "202611251200",
    },
    error_status=200,  # the token endpoint's error object may come with a 200
)


def api_error(status: int, code: str, message: str, **headers: str) -> Response[Any]:
    return Response(
        {"data": {}, "error": {"code": code, "message": message, "log_id": "2026112512"}},
        status_code=status,
        headers=headers,
    )


FAILURES = {
    "tok-invalid-33": api_error(401, "access_token_invalid", "The access token is invalid."),
    "tok-noscope-33": api_error(401, "scope_not_authorized", "The user did not authorize it."),
    "tok-busy-33": api_error(429, "rate_limit_exceeded", "The API rate limit was exceeded."),
    "tok-busy-ra-33": api_error(429, "rate_limit_exceeded", "Slow down", **{"retry-after": "9"}),
    "tok-internal-33": api_error(500, "internal_error", "Internal error."),
    "tok-params-33": api_error(400, "invalid_params", "fields is invalid"),
    "tok-in-200-33": api_error(200, "access_token_invalid", "The access token is invalid."),
}
SEEN: list[dict[str, Any]] = []


@get("/v2/user/info/")
async def user_info(request: Request[Any, Any, Any]) -> Response[Any]:
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return api_error(401, "access_token_invalid", "The access token is invalid.")
    if token in FAILURES:
        return FAILURES[token]
    SEEN.append({"fields": request.query_params.get("fields")})
    return Response(
        {
            "data": {
                "user": {
                    "open_id": "723f24d7-e717-40f8-a2b6-cb8464cd23b4",
                    "union_id": "c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1",
                    "avatar_url": "https://p19-sign.tiktokcdn-us.com/a.jpeg",
                    "display_name": "Acme on TikTok",
                }
            },
            "error": {"code": "ok", "message": "", "log_id": "20261125"},
        }
    )


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    routes = TOKENS.handlers(token_path="/v2/oauth/token/", revoke_path="/v2/oauth/revoke/")
    with serve_asgi(Litestar([*routes, user_info])) as url:
        yield url


def connector(base: str, *, secret: str = CLIENT_SECRET) -> TikTokConnector:
    return TikTokConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=secret),
        api_base_url=base,
        auth_base_url=base,
        now=lambda: NOW,
    )


def test_it_declares_video_photo_posts_and_analytics() -> None:
    tiktok = connector("http://127.0.0.1:9")
    assert tiktok.platform is Platform.TIKTOK
    assert tiktok.capabilities == {
        Capability.PUBLISH_VIDEO,
        Capability.PUBLISH_IMAGES,
        Capability.ANALYTICS,
    }
    assert {"user.info.basic", "video.publish"} <= set(tiktok.default_scopes)


def test_the_authorization_url_uses_client_key_and_comma_scopes() -> None:
    url = TikTokConnector(
        new_client(), OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    ).authorization_url(
        AuthorizationRequest(
            state="st",
            code_challenge=CHALLENGE,
            redirect_uri=REDIRECT_URI,
            scopes=("user.info.basic", "video.publish"),
        )
    )
    assert url.startswith("https://www.tiktok.com/v2/auth/authorize/?")
    assert parse_qs(urlsplit(url).query) == {
        "response_type": ["code"],
        "client_key": [CLIENT_ID],
        "redirect_uri": [REDIRECT_URI],
        "scope": ["user.info.basic,video.publish"],
        "state": ["st"],
        "code_challenge": [CHALLENGE],
        "code_challenge_method": ["S256"],
    }


async def test_the_code_exchange_sends_client_key_secret_and_verifier(base: str) -> None:
    credentials = await connector(base).exchange_code(
        code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
    )
    form = TOKENS.seen[-1]
    assert (form["client_key"], form["client_secret"]) == (CLIENT_ID, CLIENT_SECRET)
    assert form["code_verifier"] == VERIFIER
    assert credentials.expires_at == NOW + timedelta(hours=24)
    assert credentials.scopes == {"user.info.basic", "video.publish"}
    assert credentials.extra["open_id"] == "723f24d7-e717-40f8-a2b6-cb8464cd23b4"


async def test_an_error_in_a_200_token_answer_is_still_an_error(base: str) -> None:
    with pytest.raises(TokenExpired) as raised:
        await connector(base).exchange_code(
            code=GOOD_CODE, code_verifier="q" * 43, redirect_uri=REDIRECT_URI
        )
    assert_no_secrets(raised.value, [CLIENT_SECRET, "q" * 43])


async def test_a_wrong_client_secret_is_invalid_credentials(base: str) -> None:
    with pytest.raises(InvalidCredentials) as raised:
        await connector(base, secret="wrong-tt-secret-5").exchange_code(
            code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
        )
    assert_no_secrets(raised.value, ["wrong-tt-secret-5"])


async def test_refresh_rotates_or_keeps_the_refresh_token(base: str) -> None:
    tiktok = connector(base)
    rotated = await tiktok.refresh(Credentials(access_token="a", refresh_token=LIVE_REFRESH))
    assert rotated.refresh_token == "rt-rotated"
    assert rotated.extra["open_id"] == "723f24d7-e717-40f8-a2b6-cb8464cd23b4"
    kept = await tiktok.refresh(Credentials(access_token="a", refresh_token=STILL_REFRESH))
    assert kept.refresh_token == STILL_REFRESH
    with pytest.raises(TokenExpired) as raised:
        await tiktok.refresh(Credentials(access_token="a", refresh_token=DEAD_REFRESH))
    assert_no_secrets(raised.value, [DEAD_REFRESH, CLIENT_SECRET])


async def test_the_connection_test_reads_user_info(base: str) -> None:
    SEEN.clear()
    account = await connector(base).test_connection(
        Credentials(access_token="tok-good-33", scopes=frozenset({"user.info.basic"}))
    )
    assert account.external_id == "723f24d7-e717-40f8-a2b6-cb8464cd23b4"
    assert account.name == "Acme on TikTok"
    assert account.granted_scopes == {"user.info.basic"}
    assert SEEN == [{"fields": "open_id,union_id,avatar_url,display_name"}]


@pytest.mark.parametrize(
    ("access_token", "error"),
    [
        ("tok-invalid-33", TokenExpired),
        ("tok-noscope-33", MissingScope),
        ("tok-busy-33", RateLimited),
        ("tok-internal-33", PlatformUnavailable),
        ("tok-params-33", PlatformRejected),
        ("tok-in-200-33", TokenExpired),
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
        assert raised.value.retry_after_seconds == 60  # the one-minute window


async def test_a_retry_after_header_is_used_when_sent(base: str) -> None:
    with pytest.raises(RateLimited) as raised:
        await connector(base).test_connection(Credentials(access_token="tok-busy-ra-33"))
    assert raised.value.retry_after_seconds == 9


async def test_revoke_posts_the_token_with_the_client(base: str) -> None:
    TOKENS.revoked.clear()
    await connector(base).revoke(Credentials(access_token="act.123"))
    assert TOKENS.revoked == ["act.123"]
    with pytest.raises(PlatformRejected):
        await connector(base).connect_with_form({})
