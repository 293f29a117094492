"""GoogleAnalyticsConnector against loopback fakes of Google's OAuth 2.0 and the GA4 Admin API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar, Request, Response, get
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.oauth_fake import FakeOAuthServer, s256

from umt.adapters.platforms.google_analytics import GoogleAnalyticsConnector
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.domain.integration.errors import (
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
)
from umt.domain.integration.platforms import AuthMethod, Capability
from umt.ports.platform_connector import AuthorizationRequest, Credentials

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SECRET = "GOCSPX-analytics-client-secret"
SCOPE = "https://www.googleapis.com/auth/analytics.readonly"
REDIRECT = "https://umt.example/api/v1/integrations/google_analytics/callback"
VERIFIER = "a-pkce-verifier-" + "x" * 40
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"

OAUTH = FakeOAuthServer(
    client_id="456.apps.googleusercontent.com",
    client_secret=SECRET,
    authorize_path="/o/oauth2/v2/auth",
    token_path="/token",
    revoke_path="/revoke",
    required_authorize_params={"access_type": "offline", "prompt": "consent"},
)


def status(http: int, name: str, message: str, *details: dict[str, Any]) -> Response[Any]:
    error = {"code": http, "message": message, "status": name, "details": list(details)}
    return Response({"error": error}, status_code=http)


@get("/v1beta/accountSummaries", sync_to_thread=False)
def account_summaries(request: Request[Any, Any, Any]) -> Response[Any]:
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    if token == "at-expired":
        return status(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
            {"@type": ERROR_INFO, "reason": "ACCESS_TOKEN_EXPIRED", "domain": "googleapis.com"},
        )
    if token == "at-no-scope":
        return status(
            403,
            "PERMISSION_DENIED",
            "Request had insufficient authentication scopes.",
            {"@type": ERROR_INFO, "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT"},
        )
    if token == "at-api-off":
        return status(
            403,
            "PERMISSION_DENIED",
            "Google Analytics Admin API has not been used in project 42 before or it is disabled.",
            {"@type": ERROR_INFO, "reason": "SERVICE_DISABLED"},
        )
    if token == "at-quota":
        return status(
            429,
            "RESOURCE_EXHAUSTED",
            "Quota exceeded for quota metric 'Requests'.",
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"},
        )
    if token == "at-down":
        return status(500, "INTERNAL", "Internal error encountered.")
    if token == "at-none":
        return Response({})
    if request.query_params.get("pageSize") != "200":
        return status(400, "INVALID_ARGUMENT", "unexpected page size")
    return Response(
        {
            "accountSummaries": [
                {
                    "name": "accountSummaries/1000",
                    "account": "accounts/1000",
                    "displayName": "Acme Marketing",
                    "propertySummaries": [
                        {
                            "property": "properties/2000",
                            "displayName": "acme.example",
                            "parent": "accounts/1000",
                        },
                        {
                            "property": "properties/2001",
                            "displayName": "shop",
                            "parent": "accounts/1000",
                        },
                    ],
                }
            ]
        }
    )


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(Litestar([*OAUTH.routes(), account_summaries])) as url:
        yield url


def ga4(base: str, **options: str) -> GoogleAnalyticsConnector:
    return GoogleAnalyticsConnector(
        new_client(),
        app=OAuthApp(client_id=OAUTH.client_id, client_secret=SECRET),
        api_base_url=base,
        auth_base_url=base,
        options=options,
        now=lambda: NOW,
    )


def test_it_declares_analytics_with_the_readonly_scope() -> None:
    connector = ga4("http://x")
    assert connector.auth_method is AuthMethod.OAUTH2
    assert connector.capabilities == {Capability.ANALYTICS}
    assert connector.default_scopes == (SCOPE,)
    assert ga4("http://x", scopes="a, b").default_scopes == ("a", "b")


async def test_the_full_flow_code_refresh_test_and_revoke(base: str) -> None:
    connector = ga4(base)
    url = connector.authorization_url(
        AuthorizationRequest(
            state="st", code_challenge=s256(VERIFIER), redirect_uri=REDIRECT, scopes=(SCOPE,)
        )
    )
    assert parse_qs(urlsplit(url).query)["scope"] == [SCOPE]
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(url)
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    credentials = await connector.exchange_code(
        code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
    )
    assert credentials.scopes == {SCOPE}

    fresh = await connector.refresh(credentials)
    assert fresh.refresh_token == credentials.refresh_token

    info = await connector.test_connection(fresh)
    assert info.external_id == "1000"
    assert info.name == "Acme Marketing (2 properties)"
    assert info.granted_scopes == {SCOPE}

    await connector.revoke(fresh)
    assert OAUTH.revoked == [credentials.refresh_token]


@pytest.mark.parametrize(
    ("token", "error"),
    [
        ("at-expired", TokenExpired),
        ("at-no-scope", MissingScope),
        ("at-quota", RateLimited),
        ("at-down", PlatformUnavailable),
        ("at-none", PlatformRejected),
        ("at-api-off", PlatformRejected),  # the app's Cloud project: no new consent helps
    ],
)
async def test_status_errors_map_onto_typed_errors(
    base: str, token: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await ga4(base).test_connection(Credentials(access_token=token))
    assert type(raised.value) is error
    assert token not in str(raised.value)
    assert token not in repr(raised.value)
    if error is RateLimited:
        assert raised.value.retry_after_seconds == 17  # type: ignore[attr-defined]


async def test_a_revoked_refresh_token_needs_a_new_consent(base: str) -> None:
    with pytest.raises(PlatformError) as raised:
        await ga4(base).refresh(Credentials(access_token="at-x", refresh_token="rt-unknown"))
    assert raised.value.needs_reauth
    assert "rt-unknown" not in str(raised.value)


async def test_forms_are_refused(base: str) -> None:
    with pytest.raises(PlatformRejected, match="OAuth"):
        await ga4(base).connect_with_form({})
