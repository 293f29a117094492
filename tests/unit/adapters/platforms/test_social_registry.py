"""social_connectors: one connector per configured social or ads platform, from settings."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from pydantic import SecretStr
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms import fake_graph
from tests.unit.adapters.platforms.fake_platform import CHALLENGE, CLIENT_ID, CLIENT_SECRET, NOW

from umt.adapters.platforms.social import social_connectors
from umt.domain.integration.platforms import AuthMethod, Platform
from umt.entrypoints.container.platforms import app_configs
from umt.entrypoints.settings import PlatformAppSettings
from umt.ports.platform_connector import AuthorizationRequest, Credentials


def test_only_configured_platforms_get_a_connector() -> None:
    apps = {
        "x": PlatformAppSettings(client_id="x-app", client_secret=SecretStr("x-secret")),
        "tiktok": PlatformAppSettings(client_id="", client_secret=SecretStr("no id: skipped")),
        "wordpress": PlatformAppSettings(client_id="not-social"),
        "linkedin": PlatformAppSettings(client_id="li-app", options={"organization_pages": "1"}),
    }
    connectors = social_connectors(new_client(), app_configs(apps), now=lambda: NOW)
    assert set(connectors) == {Platform.X, Platform.LINKEDIN}
    assert all(c.auth_method is AuthMethod.OAUTH2 for c in connectors.values())
    assert "rw_organization_admin" in connectors[Platform.LINKEDIN].default_scopes
    url = connectors[Platform.X].authorization_url(
        AuthorizationRequest(
            state="s", code_challenge=CHALLENGE, redirect_uri="https://u/cb", scopes=()
        )
    )
    assert parse_qs(urlsplit(url).query)["client_id"] == ["x-app"]


def test_every_social_platform_is_built_with_its_overrides() -> None:
    apps = {
        platform: PlatformAppSettings(client_id="id", auth_base_url="https://fake.test")
        for platform in ("meta", "meta_ads", "linkedin", "x", "pinterest", "tiktok")
    }
    connectors = social_connectors(new_client(), app_configs(apps))
    assert set(connectors) == {
        Platform.META,
        Platform.META_ADS,
        Platform.LINKEDIN,
        Platform.X,
        Platform.PINTEREST,
        Platform.TIKTOK,
    }
    for platform, connector in connectors.items():
        assert connector.platform is platform
        url = connector.authorization_url(
            AuthorizationRequest(
                state="s", code_challenge=CHALLENGE, redirect_uri="https://u/cb", scopes=("a",)
            )
        )
        assert url.startswith("https://fake.test/")


async def test_the_secret_reaches_the_connector_from_a_secret_str() -> None:
    apps = {
        "meta": PlatformAppSettings(
            client_id=CLIENT_ID,
            client_secret=SecretStr(CLIENT_SECRET),
            options={"graph_api_version": fake_graph.VERSION},
        )
    }
    with serve_asgi(fake_graph.graph_app()) as base:
        apps["meta"] = apps["meta"].model_copy(update={"api_base_url": base})
        meta = social_connectors(new_client(), app_configs(apps), now=lambda: NOW)[Platform.META]
        # The fake checks appsecret_proof, which only the right secret produces.
        account = await meta.test_connection(
            Credentials(access_token=fake_graph.LONG_TOKEN, expires_at=NOW + timedelta(days=1))
        )
    assert account.external_id == "10158"
