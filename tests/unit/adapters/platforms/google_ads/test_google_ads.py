"""GoogleAdsConnector against loopback fakes of Google's OAuth 2.0 and the Google Ads API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar, Request, Response, get
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.oauth_fake import FakeOAuthServer, s256

from umt.adapters.platforms.google_ads import GoogleAdsConnector
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
from umt.domain.integration.platforms import AuthMethod, Capability
from umt.ports.platform_connector import AuthorizationRequest, Credentials

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SECRET = "GOCSPX-google-client-secret"
DEV_TOKEN = "dev-token-abc123"
REDIRECT = "https://umt.example/api/v1/integrations/google_ads/callback"
VERIFIER = "v" * 20 + "erifier-of-fifty-characters-long-x"
ADS_FAILURE = "type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure"
ADS_SEEN: list[dict[str, str | None]] = []

OAUTH = FakeOAuthServer(
    client_id="123.apps.googleusercontent.com",
    client_secret=SECRET,
    authorize_path="/o/oauth2/v2/auth",
    token_path="/token",
    revoke_path="/revoke",
    required_authorize_params={"access_type": "offline", "prompt": "consent"},
)


def ads_failure(
    http: int, status: str, message: str, code: dict[str, str], **extra: Any
) -> Response[Any]:
    error: dict[str, Any] = {"errorCode": code, "message": message, **extra}
    return Response(
        {
            "error": {
                "code": http,
                "message": message,
                "status": status,
                "details": [
                    {
                        "@type": ADS_FAILURE,
                        "errors": [error],
                        "requestId": "Gd8xJ3pq",
                    }
                ],
            }
        },
        status_code=http,
    )


@get("/v26/customers:listAccessibleCustomers", sync_to_thread=False)
def list_accessible(request: Request[Any, Any, Any]) -> Response[Any]:
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    ADS_SEEN.append(
        {
            "developer-token": request.headers.get("developer-token"),
            "login-customer-id": request.headers.get("login-customer-id"),
        }
    )
    if request.headers.get("developer-token") != DEV_TOKEN:
        return ads_failure(
            403,
            "PERMISSION_DENIED",
            "The developer token is only approved for use with test accounts.",
            {"authorizationError": "DEVELOPER_TOKEN_NOT_APPROVED"},
        )
    if token == "at-expired":
        return ads_failure(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
            {"authenticationError": "OAUTH_TOKEN_EXPIRED"},
        )
    if token == "at-revoked":
        return ads_failure(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
            {"authenticationError": "OAUTH_TOKEN_REVOKED"},
        )
    if token == "at-denied":
        return ads_failure(
            403,
            "PERMISSION_DENIED",
            "User doesn't have permission to access customer.",
            {"authorizationError": "USER_PERMISSION_DENIED"},
        )
    if token == "at-quota":
        return ads_failure(
            429,
            "RESOURCE_EXHAUSTED",
            "Too many requests.",
            {"quotaError": "RESOURCE_EXHAUSTED"},
            details={"quotaErrorDetails": {"rateScope": "DEVELOPER", "retryDelay": "41s"}},
        )
    if token == "at-down":
        return Response(
            {
                "error": {
                    "code": 503,
                    "message": "The service is currently unavailable.",
                    "status": "UNAVAILABLE",
                }
            },
            status_code=503,
        )
    if token == "at-none":
        return Response({})
    if not token.startswith("at-"):
        return ads_failure(
            401,
            "UNAUTHENTICATED",
            "Missing credentials.",
            {"authenticationError": "OAUTH_TOKEN_INVALID"},
        )
    return Response({"resourceNames": ["customers/1234567890", "customers/9876543210"]})


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(Litestar([*OAUTH.routes(), list_accessible])) as url:
        yield url


def ads(
    base: str, *, secret: str = SECRET, auth_base_url: str | None = "", **options: str
) -> GoogleAdsConnector:
    """The connector, every Google endpoint on ``base`` unless ``auth_base_url`` says else."""
    return GoogleAdsConnector(
        new_client(),
        app=OAuthApp(client_id=OAUTH.client_id, client_secret=secret),
        api_base_url=base,
        auth_base_url=base if auth_base_url == "" else auth_base_url,
        options={"developer_token": DEV_TOKEN, **options},
        now=lambda: NOW,
    )


def request_for(connector: GoogleAdsConnector, redirect: str = REDIRECT) -> AuthorizationRequest:
    return AuthorizationRequest(
        state="state-1",
        code_challenge=s256(VERIFIER),
        redirect_uri=redirect,
        scopes=connector.default_scopes,
    )


async def consent(base: str, url: str) -> str:
    """The user says yes: the fake authorization endpoint redirects back with a code."""
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(url)
    assert answer.status_code == 302, answer.text
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["state"] == ["state-1"]
    return query["code"][0]


def test_it_declares_oauth_ads_and_the_adwords_scope() -> None:
    connector = ads("http://127.0.0.1:9")
    assert connector.auth_method is AuthMethod.OAUTH2
    assert connector.capabilities == {Capability.ADS, Capability.ANALYTICS}
    assert connector.default_scopes == ("https://www.googleapis.com/auth/adwords",)
    assert connector.form_fields == ()


def test_the_authorization_url_asks_for_offline_access_with_pkce() -> None:
    url = ads("http://127.0.0.1:9", auth_base_url=None).authorization_url(
        request_for(ads("http://x"))
    )
    # Without an override: Google's documented endpoint.
    assert url.startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    query = parse_qs(urlsplit(url).query)
    assert query["access_type"] == ["offline"]
    assert query["prompt"] == ["consent"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["https://www.googleapis.com/auth/adwords"]
    assert query["redirect_uri"] == [REDIRECT]


async def test_the_full_flow_code_refresh_test_and_revoke(base: str) -> None:
    connector = ads(base)
    code = await consent(base, connector.authorization_url(request_for(connector)))
    credentials = await connector.exchange_code(
        code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
    )
    assert credentials.refresh_token is not None
    assert credentials.expires_at == NOW + timedelta(seconds=3599)
    assert credentials.scopes == {"https://www.googleapis.com/auth/adwords"}
    assert OAUTH.token_requests[-1]["client_secret"] == SECRET  # Google: secret in the body

    fresh = await connector.refresh(credentials)
    assert fresh.access_token != credentials.access_token
    assert fresh.refresh_token == credentials.refresh_token  # Google omits it: kept

    info = await connector.test_connection(fresh)
    assert info.external_id == "1234567890"
    assert "123-456-7890" in info.name
    assert ADS_SEEN[-1] == {"developer-token": DEV_TOKEN, "login-customer-id": None}

    await connector.revoke(fresh)
    assert OAUTH.revoked[-1] == credentials.refresh_token
    await connector.revoke(fresh)  # already revoked: Google's 400 invalid_token is fine
    with pytest.raises(TokenRevoked):
        await connector.refresh(fresh)


async def test_a_manager_account_goes_in_login_customer_id(base: str) -> None:
    connector = ads(base, login_customer_id="111-222-3333")
    info = await connector.test_connection(Credentials(access_token="at-good"))
    assert ADS_SEEN[-1]["login-customer-id"] == "1112223333"
    assert info.external_id == "1112223333"


async def test_the_code_exchange_checks_verifier_redirect_and_client(base: str) -> None:
    connector = ads(base)
    code = await consent(base, connector.authorization_url(request_for(connector)))
    with pytest.raises(TokenExpired):
        await connector.exchange_code(code=code, code_verifier="w" * 43, redirect_uri=REDIRECT)
    code = await consent(base, connector.authorization_url(request_for(connector)))
    with pytest.raises(PlatformRejected):
        await connector.exchange_code(
            code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT + "x"
        )
    code = await consent(base, connector.authorization_url(request_for(connector)))
    with pytest.raises(InvalidCredentials) as raised:
        await ads(base, secret="wrong-secret").exchange_code(
            code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
        )
    assert "wrong-secret" not in str(raised.value)


@pytest.mark.parametrize(
    ("token", "error"),
    [
        ("at-expired", TokenExpired),
        ("at-revoked", TokenRevoked),
        ("at-denied", MissingScope),
        ("at-quota", RateLimited),
        ("at-down", PlatformUnavailable),
        ("at-none", PlatformRejected),
    ],
)
async def test_google_ads_failures_map_onto_typed_errors(
    base: str, token: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await ads(base).test_connection(Credentials(access_token=token, refresh_token="rt-secret"))
    assert token not in str(raised.value)
    assert token not in repr(raised.value)
    assert DEV_TOKEN not in str(raised.value)
    if error is RateLimited:
        assert raised.value.retry_after_seconds == 41  # type: ignore[attr-defined]


async def test_an_unapproved_developer_token_is_the_apps_problem_not_the_users(base: str) -> None:
    with pytest.raises(PlatformRejected, match="DEVELOPER_TOKEN_NOT_APPROVED") as raised:
        await ads(base, developer_token="other").test_connection(
            Credentials(access_token="at-good")
        )
    assert not raised.value.needs_reauth


async def test_without_a_developer_token_nothing_is_sent(base: str) -> None:
    ADS_SEEN.clear()
    connector = GoogleAdsConnector(
        new_client(), app=OAuthApp(client_id="c", client_secret=SECRET), api_base_url=base
    )
    with pytest.raises(PlatformRejected, match="developer_token"):
        await connector.test_connection(Credentials(access_token="at-good"))
    assert ADS_SEEN == []


def test_bad_options_fail_when_the_connector_is_built() -> None:
    with pytest.raises(ValueError, match="login_customer_id"):
        ads("http://x", login_customer_id="12-34")
    with pytest.raises(ValueError, match="api_version"):
        ads("http://x", api_version="latest/../")


async def test_forms_are_refused(base: str) -> None:
    with pytest.raises(PlatformRejected, match="OAuth"):
        await ads(base).connect_with_form({"api_key": "x"})
