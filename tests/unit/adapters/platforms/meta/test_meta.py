"""The Meta connector (Facebook Pages, Instagram Business) against a loopback fake Graph API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms import fake_graph
from tests.unit.adapters.platforms.fake_platform import (
    CHALLENGE,
    CLIENT_ID,
    CLIENT_SECRET,
    NOW,
    REDIRECT_URI,
    VERIFIER,
    assert_no_secrets,
)

from umt.adapters.platforms.meta import MetaConnector, MetaPage
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
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.platform_connector import AuthorizationRequest, Credentials


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(fake_graph.graph_app()) as url:
        yield url


def connector(base: str, *, secret: str = CLIENT_SECRET, **options: str) -> MetaConnector:
    return MetaConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=secret),
        api_base_url=base,
        auth_base_url=base,
        options=options,
        now=lambda: NOW,
    )


def token(value: str) -> Credentials:
    return Credentials(access_token=value, expires_at=NOW + timedelta(days=30))


def test_it_declares_what_a_page_can_do() -> None:
    meta = connector("http://127.0.0.1:9")
    assert meta.platform is Platform.META
    assert meta.auth_method is AuthMethod.OAUTH2
    assert meta.form_fields == ()
    assert {Capability.PUBLISH_TEXT, Capability.SCHEDULE_NATIVELY, Capability.ANALYTICS} <= (
        meta.capabilities
    )
    assert Capability.ADS not in meta.capabilities
    assert "pages_manage_posts" in meta.default_scopes
    assert connector("http://x", scopes="a,b").default_scopes == ("a", "b")


def test_the_login_dialog_url_carries_comma_scopes_state_and_pkce() -> None:
    url = connector("https://fb.test").authorization_url(
        AuthorizationRequest(
            state="st-1",
            code_challenge=CHALLENGE,
            redirect_uri=REDIRECT_URI,
            scopes=("pages_show_list", "pages_manage_posts"),
        )
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://fb.test/v25.0/dialog/oauth"
    assert parse_qs(parts.query) == {
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT_URI],
        "state": ["st-1"],
        "response_type": ["code"],
        "scope": ["pages_show_list,pages_manage_posts"],
        "code_challenge": [CHALLENGE],
        "code_challenge_method": ["S256"],
    }


def test_pkce_can_be_turned_off() -> None:
    url = connector("https://fb.test", pkce="false").authorization_url(
        AuthorizationRequest(
            state="s", code_challenge=CHALLENGE, redirect_uri=REDIRECT_URI, scopes=("x",)
        )
    )
    assert "code_challenge" not in parse_qs(urlsplit(url).query)


def test_facebook_login_for_business_sends_the_configuration_instead_of_scopes() -> None:
    url = connector("https://fb.test", config_id="cfg-9").authorization_url(
        AuthorizationRequest(
            state="s", code_challenge=CHALLENGE, redirect_uri=REDIRECT_URI, scopes=("x",)
        )
    )
    query = parse_qs(urlsplit(url).query)
    assert query["config_id"] == ["cfg-9"]
    assert "scope" not in query


async def test_the_code_exchange_checks_pkce_and_ends_with_a_long_lived_token(base: str) -> None:
    fake_graph.SEEN.clear()
    credentials = await connector(base).exchange_code(
        code="good-code", code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
    )
    assert credentials.access_token == fake_graph.LONG_TOKEN
    assert credentials.refresh_token is None  # Meta has none
    assert credentials.expires_at == NOW + timedelta(seconds=5183944)
    assert credentials.scopes == {"pages_show_list", "pages_manage_posts", "ads_read"}
    exchanges = [seen["query"] for seen in fake_graph.SEEN if seen["path"] == "token"]
    assert exchanges[0]["code_verifier"] == VERIFIER
    assert exchanges[1]["grant_type"] == "fb_exchange_token"
    assert exchanges[1]["fb_exchange_token"] == fake_graph.SHORT_TOKEN


async def test_without_long_lived_tokens_the_short_lived_one_is_kept(base: str) -> None:
    credentials = await connector(base, long_lived_tokens="false").exchange_code(
        code="good-code", code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
    )
    assert credentials.access_token == fake_graph.SHORT_TOKEN
    assert credentials.expires_at == NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("verifier", "redirect_uri"),
    [("x" * 43, REDIRECT_URI), (VERIFIER, "https://evil.example/cb")],
)
async def test_a_wrong_verifier_or_redirect_uri_is_refused(
    base: str, verifier: str, redirect_uri: str
) -> None:
    with pytest.raises(PlatformRejected) as raised:
        await connector(base).exchange_code(
            code="good-code", code_verifier=verifier, redirect_uri=redirect_uri
        )
    assert_no_secrets(raised.value, [CLIENT_SECRET, verifier])


async def test_a_wrong_app_secret_is_invalid_credentials_without_leaking_it(base: str) -> None:
    wrong = "wrong-secret-value-123"
    with pytest.raises(InvalidCredentials) as raised:
        await connector(base, secret=wrong).exchange_code(
            code="good-code", code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
        )
    assert_no_secrets(raised.value, [wrong, CLIENT_SECRET])


async def test_refresh_exchanges_the_valid_token_for_a_new_long_lived_one(base: str) -> None:
    held = Credentials(
        access_token=fake_graph.LONG_TOKEN,
        expires_at=NOW + timedelta(days=2),
        scopes=frozenset({"pages_show_list"}),
    )
    fresh = await connector(base).refresh(held)
    assert fresh.access_token == fake_graph.LONG_TOKEN
    assert fresh.expires_at == NOW + timedelta(seconds=5183944)
    assert fresh.scopes == {"pages_show_list"}  # kept: the exchange does not restate them


async def test_an_expired_token_cannot_be_refreshed(base: str) -> None:
    with pytest.raises(TokenExpired):
        await connector(base).refresh(
            Credentials(access_token=fake_graph.LONG_TOKEN, expires_at=NOW - timedelta(seconds=1))
        )
    with pytest.raises(TokenExpired) as raised:  # Meta itself says so (190/463)
        await connector(base).refresh(token("stale-token"))
    assert_no_secrets(raised.value, ["stale-token", CLIENT_SECRET])


async def test_the_connection_test_names_the_person_and_the_granted_permissions(
    base: str,
) -> None:
    fake_graph.SEEN.clear()
    meta = connector(base)
    account = await meta.test_connection(token(fake_graph.LONG_TOKEN))
    assert account.external_id == "10158"
    assert account.name == "Jane Marketer"
    assert account.granted_scopes == {"pages_show_list", "pages_manage_posts", "ads_read"}
    assert {"path": "me", "fields": "id,name"} in fake_graph.SEEN
    assert {"path": "accounts", "fields": "id,name,instagram_business_account"} in fake_graph.SEEN
    assert await meta.pages(token(fake_graph.LONG_TOKEN)) == (
        MetaPage(id="501", name="Acme", instagram_business_account_id="1784"),
        MetaPage(id="502", name="Acme Outlet"),
    )


@pytest.mark.parametrize(
    ("access_token", "error"),
    [
        ("tok_expired_9f8e", TokenExpired),
        ("tok_app-removed_9f8e", TokenRevoked),
        ("tok_no-pages-permission_9f8e", MissingScope),
        ("tok_user-limit_9f8e", RateLimited),
        ("tok_transient_9f8e", PlatformUnavailable),
        ("tok_down_9f8e", PlatformUnavailable),
    ],
)
async def test_graph_errors_are_typed_and_carry_no_credential(
    base: str, access_token: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await connector(base).test_connection(token(access_token))
    assert raised.value.platform == "meta"
    assert_no_secrets(raised.value, [access_token, CLIENT_SECRET])
    if isinstance(raised.value, RateLimited):
        assert raised.value.retry_after_seconds == 30


async def test_a_business_use_case_limit_says_when_access_comes_back(base: str) -> None:
    with pytest.raises(RateLimited) as raised:
        await connector(base).test_connection(token("tok_throttled_9f8e"))
    assert raised.value.retry_after_seconds == 5 * 60


async def test_revoke_deletes_the_apps_permissions(base: str) -> None:
    fake_graph.SEEN.clear()
    await connector(base).revoke(token(fake_graph.LONG_TOKEN))
    assert {"path": "revoke", "token": fake_graph.LONG_TOKEN} in fake_graph.SEEN


async def test_meta_connects_with_oauth_only() -> None:
    with pytest.raises(PlatformRejected, match="connects with OAuth"):
        await connector("http://127.0.0.1:9").connect_with_form({"api_key": "k"})
