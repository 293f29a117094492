"""The LinkedIn connector against a loopback fake of LinkedIn's OAuth and API endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import Litestar, Request, Response, get, post
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

from umt.adapters.platforms.linkedin import LinkedInConnector
from umt.adapters.platforms.linkedin.errors import seconds_until_midnight_utc
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import AuthorizationRequest, Credentials

TOKENS = FakeTokenEndpoint(
    client_auth="body",
    pkce=False,  # LinkedIn's 3-legged flow for web apps has no PKCE
    scope="email,openid,profile,w_member_social",
    expires_in=5184000,
    extra={"refresh_token_expires_in": 31536000, "id_token": "eyJ..."},
)
SEEN: list[dict[str, Any]] = []


def service_error(status: int, code: int, message: str, **headers: str) -> Response[Any]:
    return Response(
        {"serviceErrorCode": code, "message": message, "status": status},
        status_code=status,
        headers=headers,
    )


FAILURES = {
    "tok-expired-55": service_error(401, 65601, "The token used in the request has expired"),
    "tok-revoked-55": service_error(401, 65602, "The token used in the request has been revoked"),
    "tok-forbidden-55": service_error(403, 100, "Not enough permissions to access: GET /userinfo"),
    "tok-throttled-55": service_error(429, 101, "Resource level throttle limit reached"),
    "tok-throttled-ra-55": service_error(429, 101, "Throttled", **{"retry-after": "42"}),
    "tok-down-55": Response({"message": "Internal Server Error", "status": 500}, status_code=500),
}


@get("/v2/userinfo")
async def userinfo(request: Request[Any, Any, Any]) -> Response[Any]:
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return service_error(401, 65604, "Empty oauth2_access_token")
    if token in FAILURES:
        return FAILURES[token]
    return Response(
        {"sub": "782bbtaQ", "name": "John Doe", "given_name": "John", "family_name": "Doe"}
    )


@post("/oauth/v2/introspectToken", status_code=200)
async def introspect(request: Request[Any, Any, Any]) -> Response[Any]:
    form = dict(await request.form())
    if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
        return Response({"error": "invalid_client"}, status_code=401)
    token = form.get("token")
    if token == "tok-dead-55":
        return Response({"active": False, "status": "revoked"})
    scope = "openid,profile,w_member_social"
    if token == "tok-admin-55":
        scope += ",rw_organization_admin,w_organization_social"
    return Response(
        {"active": True, "status": "active", "scope": scope, "auth_type": "3L"},
    )


@get("/rest/organizationAcls")
async def organization_acls(request: Request[Any, Any, Any]) -> Response[Any]:
    SEEN.append(
        {
            "query": dict(request.query_params),
            "version": request.headers.get("linkedin-version"),
            "restli": request.headers.get("x-restli-protocol-version"),
            "token": bearer_token(request.headers.get("authorization")),
        }
    )
    return Response(
        {
            "elements": [
                {
                    "organization": "urn:li:organization:2414183",
                    "role": "ADMINISTRATOR",
                    "roleAssignee": "urn:li:person:782bbtaQ",
                    "state": "APPROVED",
                }
            ],
            "paging": {"count": 10, "start": 0},
        }
    )


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = Litestar(
        [
            *TOKENS.handlers(token_path="/oauth/v2/accessToken"),
            userinfo,
            introspect,
            organization_acls,
        ]
    )
    with serve_asgi(app) as url:
        yield url


def connector(base: str, **options: str) -> LinkedInConnector:
    return LinkedInConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=base,
        auth_base_url=base,
        options=options,
        now=lambda: NOW,
    )


def request(scopes: tuple[str, ...]) -> AuthorizationRequest:
    return AuthorizationRequest(
        state="st", code_challenge=CHALLENGE, redirect_uri=REDIRECT_URI, scopes=scopes
    )


def test_it_declares_posting_and_analytics_and_member_scopes_by_default() -> None:
    linkedin = connector("http://127.0.0.1:9")
    assert linkedin.platform is Platform.LINKEDIN
    assert Capability.ANALYTICS in linkedin.capabilities
    assert Capability.SCHEDULE_NATIVELY not in linkedin.capabilities
    assert linkedin.default_scopes == ("openid", "profile", "w_member_social")
    pages = connector("http://127.0.0.1:9", organization_pages="true")
    assert "w_organization_social" in pages.default_scopes
    assert "rw_organization_admin" in pages.default_scopes


def test_the_authorization_url_has_space_scopes_and_no_pkce_unless_enabled() -> None:
    url = LinkedInConnector(
        new_client(), OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    ).authorization_url(request(("openid", "w_member_social")))
    assert url.startswith("https://www.linkedin.com/oauth/v2/authorization?")
    assert parse_qs(urlsplit(url).query) == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT_URI],
        "scope": ["openid w_member_social"],
        "state": ["st"],
    }
    with_pkce = connector("http://x", pkce="true").authorization_url(request(("openid",)))
    assert parse_qs(urlsplit(with_pkce).query)["code_challenge"] == [CHALLENGE]


async def test_the_code_exchange_sends_the_client_in_the_body(base: str) -> None:
    credentials = await connector(base).exchange_code(
        code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
    )
    form = TOKENS.seen[-1]
    assert form["client_secret"] == CLIENT_SECRET
    assert form["redirect_uri"] == REDIRECT_URI
    assert "code_verifier" not in form
    assert credentials.expires_at == NOW + timedelta(days=60)
    assert credentials.refresh_token == "rt-first"
    assert credentials.scopes == {"email", "openid", "profile", "w_member_social"}


async def test_a_code_for_another_redirect_uri_is_refused(base: str) -> None:
    with pytest.raises(TokenExpired) as raised:
        await connector(base).exchange_code(
            code=GOOD_CODE, code_verifier=VERIFIER, redirect_uri="https://other.example/cb"
        )
    assert_no_secrets(raised.value, [CLIENT_SECRET])


async def test_refresh_for_approved_apps_keeps_a_refresh_token(base: str) -> None:
    linkedin = connector(base)
    rotated = await linkedin.refresh(Credentials(access_token="a", refresh_token=LIVE_REFRESH))
    assert rotated.refresh_token == "rt-rotated"
    kept = await linkedin.refresh(Credentials(access_token="a", refresh_token=STILL_REFRESH))
    assert kept.refresh_token == STILL_REFRESH
    with pytest.raises(TokenExpired):  # apps without programmatic refresh: consent again
        await linkedin.refresh(Credentials(access_token="a"))
    with pytest.raises(TokenExpired) as raised:
        await linkedin.refresh(Credentials(access_token="a", refresh_token=DEAD_REFRESH))
    assert_no_secrets(raised.value, [DEAD_REFRESH, CLIENT_SECRET])


async def test_the_connection_test_names_the_member_and_the_introspected_scopes(
    base: str,
) -> None:
    SEEN.clear()
    account = await connector(base).test_connection(Credentials(access_token="tok-member-55"))
    assert (account.external_id, account.name) == ("782bbtaQ", "John Doe")
    assert account.granted_scopes == {"openid", "profile", "w_member_social"}
    assert SEEN == []  # no organization scope, no page lookup


async def test_an_organization_admin_grant_lists_the_administered_pages(base: str) -> None:
    SEEN.clear()
    linkedin = connector(base, api_version="202601")
    account = await linkedin.test_connection(Credentials(access_token="tok-admin-55"))
    assert "rw_organization_admin" in (account.granted_scopes or set())
    assert SEEN[-1] == {
        "query": {"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"},
        "version": "202601",
        "restli": "2.0.0",
        "token": "tok-admin-55",
    }
    assert await linkedin.administered_organizations(Credentials(access_token="tok-admin-55")) == (
        "urn:li:organization:2414183",
    )


async def test_a_revoked_token_found_by_introspection(base: str) -> None:
    with pytest.raises(TokenRevoked):
        await connector(base).test_connection(Credentials(access_token="tok-dead-55"))


async def test_introspection_with_a_wrong_secret_is_invalid_credentials(base: str) -> None:
    linkedin = LinkedInConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret="wrong-li-secret-3"),
        api_base_url=base,
        auth_base_url=base,
    )
    with pytest.raises(InvalidCredentials) as raised:
        await linkedin.test_connection(Credentials(access_token="tok-member-55"))
    assert_no_secrets(raised.value, ["wrong-li-secret-3", "tok-member-55"])


@pytest.mark.parametrize(
    ("access_token", "error"),
    [
        ("tok-expired-55", TokenExpired),
        ("tok-revoked-55", TokenRevoked),
        ("tok-forbidden-55", MissingScope),
        ("tok-throttled-55", RateLimited),
        ("tok-down-55", PlatformUnavailable),
    ],
)
async def test_api_errors_are_typed(
    base: str, access_token: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await connector(base).test_connection(Credentials(access_token=access_token))
    assert type(raised.value) is error
    assert_no_secrets(raised.value, [access_token, CLIENT_SECRET])
    if isinstance(raised.value, RateLimited):  # daily limits reset at midnight UTC
        assert raised.value.retry_after_seconds == 12 * 3600


async def test_a_retry_after_header_wins_over_midnight(base: str) -> None:
    with pytest.raises(RateLimited) as raised:
        await connector(base).test_connection(Credentials(access_token="tok-throttled-ra-55"))
    assert raised.value.retry_after_seconds == 42


def test_seconds_until_midnight_utc() -> None:
    assert seconds_until_midnight_utc(datetime(2026, 1, 1, 23, 59, 30, tzinfo=UTC)) == 30


async def test_revoke_is_a_documented_no_op_and_forms_are_refused(base: str) -> None:
    await connector(base).revoke(Credentials(access_token="tok-member-55"))
    with pytest.raises(PlatformRejected):
        await connector(base).connect_with_form({})
