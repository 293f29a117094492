"""The Meta Ads connector against the loopback fake Graph API (Facebook Login + Marketing API)."""

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

from umt.adapters.platforms.meta_ads import MetaAdAccount, MetaAdsConnector
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.domain.integration.errors import (
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import AuthorizationRequest, Credentials


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(fake_graph.graph_app()) as url:
        yield url


def connector(base: str) -> MetaAdsConnector:
    return MetaAdsConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=base,
        auth_base_url=base,
        options={"graph_api_version": fake_graph.VERSION},
        now=lambda: NOW,
    )


def token(value: str) -> Credentials:
    return Credentials(access_token=value, expires_at=NOW + timedelta(days=30))


def test_it_declares_ads_and_analytics_with_the_ads_scopes() -> None:
    ads = connector("http://127.0.0.1:9")
    assert ads.platform is Platform.META_ADS
    assert ads.capabilities == {Capability.ADS, Capability.ANALYTICS}
    assert ads.default_scopes == ("ads_read", "ads_management", "business_management")
    url = ads.authorization_url(
        AuthorizationRequest(
            state="s",
            code_challenge=CHALLENGE,
            redirect_uri=REDIRECT_URI,
            scopes=ads.default_scopes,
        )
    )
    assert parse_qs(urlsplit(url).query)["scope"] == ["ads_read,ads_management,business_management"]


async def test_the_code_exchange_and_refresh(base: str) -> None:
    ads = connector(base)
    credentials = await ads.exchange_code(
        code="good-code", code_verifier=VERIFIER, redirect_uri=REDIRECT_URI
    )
    assert credentials.access_token == fake_graph.LONG_TOKEN
    refreshed = await ads.refresh(credentials)
    assert refreshed.expires_at == NOW + timedelta(seconds=5183944)


async def test_the_connection_test_lists_the_ad_accounts(base: str) -> None:
    fake_graph.SEEN.clear()
    ads = connector(base)
    account = await ads.test_connection(token(fake_graph.LONG_TOKEN))
    assert (account.external_id, account.name) == ("10158", "Jane Marketer")
    assert "ads_read" in (account.granted_scopes or set())
    assert {
        "path": "adaccounts",
        "fields": "id,account_id,name,account_status,currency",
    } in fake_graph.SEEN
    assert await ads.ad_accounts(token(fake_graph.LONG_TOKEN)) == (
        MetaAdAccount(id="act_777", name="Acme Ads", account_status=1, currency="EUR"),
    )


@pytest.mark.parametrize(
    ("access_token", "error"),
    [
        ("tok_expired_9f8e", TokenExpired),
        ("tok_no-ads-permission_9f8e", MissingScope),
        ("tok_throttled_9f8e", RateLimited),
        ("tok_down_9f8e", PlatformUnavailable),
    ],
)
async def test_marketing_api_errors_are_typed(
    base: str, access_token: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await connector(base).test_connection(token(access_token))
    assert raised.value.platform == "meta_ads"
    assert_no_secrets(raised.value, [access_token, CLIENT_SECRET])
    if isinstance(raised.value, RateLimited):
        assert raised.value.retry_after_seconds == 300  # 5 minutes, from the BUC header


async def test_meta_ads_connects_with_oauth_only() -> None:
    with pytest.raises(PlatformRejected):
        await connector("http://127.0.0.1:9").connect_with_form({})
