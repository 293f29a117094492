"""HubSpotConnector against a loopback fake of HubSpot's OAuth 2.0 and token APIs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar, Request, Response, delete, get
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.oauth_fake import FakeOAuthServer, s256

from umt.adapters.platforms.hubspot import HubSpotConnector
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
SECRET = "hubspot-client-secret-0000"
REDIRECT = "https://umt.example/api/v1/integrations/hubspot/callback"
VERIFIER = "hubspot-verifier-" + "z" * 40
SCOPES = ["oauth", "content"]
HUB_STATUS = {
    "invalid_client": "BAD_CLIENT_ID",
    "invalid_grant": "BAD_AUTH_CODE",
    "invalid_refresh": "BAD_REFRESH_TOKEN",
    "redirect_uri_mismatch": "BAD_REDIRECT_URI",
}


def hubspot_token_error(kind: str, description: str) -> tuple[dict[str, Any], int]:
    status = HUB_STATUS.get(kind, "BAD_GRANT_TYPE")
    return {"status": status, "message": description, "correlationId": "c0ffee"}, 400


OAUTH = FakeOAuthServer(
    client_id="hub-client-id",
    client_secret=SECRET,
    authorize_path="/oauth/authorize",
    token_path="/oauth/v1/token",
    scope_separator="",  # HubSpot answers with a ``scopes`` list instead
    refresh_returns_refresh_token=True,
    token_extra={"hub_id": 62515, "scopes": SCOPES},
    error_body=hubspot_token_error,
)


def api_error(status: int, category: str, message: str, **headers: str) -> Response[Any]:
    body = {"status": "error", "message": message, "correlationId": "ab12", "category": category}
    return Response(body, status_code=status, headers=headers)


@get("/oauth/v1/access-tokens/{token:str}", sync_to_thread=False)
def token_info(request: Request[Any, Any, Any]) -> Response[Any]:
    token = request.path_params["token"]
    if token == "at-expired":
        return api_error(
            401,
            "EXPIRED_AUTHENTICATION",
            "The OAuth token used to make this call expired 2 hour(s) ago.",
        )
    if token == "at-scope":
        return api_error(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes.")
    if token == "at-limited":
        return api_error(
            429,
            "RATE_LIMITS",
            "You have reached your secondly limit.",
            **{"X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
        )
    if token == "at-down":
        return Response("<html>Bad gateway</html>", status_code=502, media_type="text/html")
    return Response(
        {
            "token": token,
            "user": "ada@acme.example",
            "hub_domain": "acme.example",
            "scopes": SCOPES,
            "hub_id": 62515,
            "app_id": 456789,
            "expires_in": 1754,
            "user_id": 123,
            "token_type": "access",
        }
    )


@delete("/oauth/v1/refresh-tokens/{token:str}", status_code=200, sync_to_thread=False)
def delete_refresh_token(request: Request[Any, Any, Any]) -> Response[Any]:
    token = request.path_params["token"]
    if OAUTH.refresh_tokens.pop(token, None) is None:
        return api_error(404, "OBJECT_NOT_FOUND", "refresh token not found")
    OAUTH.revoked.append(token)
    return Response(None, status_code=204)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(Litestar([*OAUTH.routes(), token_info, delete_refresh_token])) as url:
        yield url


def hubspot(base: str, *, secret: str = SECRET, **options: str) -> HubSpotConnector:
    return HubSpotConnector(
        new_client(),
        app=OAuthApp(client_id=OAUTH.client_id, client_secret=secret),
        api_base_url=base,
        auth_base_url=base,
        options=options,
        now=lambda: NOW,
    )


async def consent(connector: HubSpotConnector, redirect: str = REDIRECT) -> str:
    url = connector.authorization_url(
        AuthorizationRequest(
            state="st",
            code_challenge=s256(VERIFIER),
            redirect_uri=redirect,
            scopes=connector.default_scopes,
        )
    )
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(url)
    assert answer.status_code == 302, answer.text
    return parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]


def test_it_declares_oauth_email_publishing_and_analytics() -> None:
    connector = HubSpotConnector(new_client(), app=OAuthApp(client_id="c", client_secret=SECRET))
    assert connector.auth_method is AuthMethod.OAUTH2
    assert {
        Capability.EMAIL_CAMPAIGNS,
        Capability.PUBLISH_TEXT,
        Capability.ANALYTICS,
    } <= connector.capabilities
    assert connector.default_scopes == ("oauth", "content")
    url = connector.authorization_url(
        AuthorizationRequest(
            state="s", code_challenge="c", redirect_uri=REDIRECT, scopes=("oauth", "content")
        )
    )
    assert url.startswith("https://app.hubspot.com/oauth/authorize?")
    assert parse_qs(urlsplit(url).query)["scope"] == ["oauth content"]


async def test_the_full_flow_code_refresh_test_and_revoke(base: str) -> None:
    connector = hubspot(base)
    code = await consent(connector)
    credentials = await connector.exchange_code(
        code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
    )
    assert credentials.expires_at == NOW + timedelta(seconds=3599)
    assert credentials.scopes == set(SCOPES)
    assert credentials.extra == {"hub_id": "62515"}
    assert OAUTH.token_requests[-1]["client_secret"] == SECRET  # HubSpot: secret in the body

    fresh = await connector.refresh(credentials)
    assert fresh.access_token != credentials.access_token
    assert fresh.refresh_token == credentials.refresh_token

    info = await connector.test_connection(fresh)
    assert info.external_id == "62515"
    assert info.name == "acme.example"
    assert info.granted_scopes == set(SCOPES)

    await connector.revoke(fresh)
    assert OAUTH.revoked[-1] == credentials.refresh_token
    await connector.revoke(fresh)  # HubSpot no longer knows it: as good as revoked
    with pytest.raises(TokenRevoked):
        await connector.refresh(fresh)


async def test_token_endpoint_errors_are_typed_without_secrets(base: str) -> None:
    connector = hubspot(base)
    with pytest.raises(TokenExpired):
        await connector.exchange_code(
            code="never-issued", code_verifier=VERIFIER, redirect_uri=REDIRECT
        )
    code = await consent(connector)
    with pytest.raises(PlatformRejected):
        await connector.exchange_code(
            code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT + "/x"
        )
    code = await consent(connector)
    with pytest.raises(InvalidCredentials) as raised:
        await hubspot(base, secret="not-the-secret").exchange_code(
            code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
        )
    assert "not-the-secret" not in str(raised.value)
    assert "not-the-secret" not in repr(raised.value)


@pytest.mark.parametrize(
    ("token", "error"),
    [
        ("at-expired", TokenExpired),
        ("at-scope", MissingScope),
        ("at-limited", RateLimited),
        ("at-down", PlatformUnavailable),
    ],
)
async def test_api_errors_map_onto_typed_errors(
    base: str, token: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await hubspot(base).test_connection(Credentials(access_token=token))
    assert token not in str(raised.value)
    assert token not in repr(raised.value)
    if error is RateLimited:
        assert raised.value.retry_after_seconds == 10  # type: ignore[attr-defined]


async def test_the_scopes_option_replaces_the_defaults_and_forms_are_refused(base: str) -> None:
    connector = hubspot(base, scopes="oauth content business-intelligence")
    assert connector.default_scopes == ("oauth", "content", "business-intelligence")
    with pytest.raises(PlatformRejected, match="OAuth"):
        await connector.connect_with_form({})
    await connector.revoke(Credentials(access_token="at-x"))  # nothing to revoke
