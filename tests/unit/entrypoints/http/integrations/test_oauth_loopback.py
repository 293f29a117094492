"""The OAuth flow end to end over real HTTP: umt's API, a browser following redirects, and a
loopback provider that checks PKCE, the redirect URI and single-use codes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from uuid import UUID

import httpx
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.oauth_provider import LoopbackOAuthConnector, loopback_provider
from tests.unit.entrypoints.http.helpers import API, assert_problem, register

from umt.adapters.system.clock import SystemClock
from umt.application.integration.maintenance import RefreshIntegrationTokens
from umt.domain.integration.platforms import Platform
from umt.entrypoints.container import build_container
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings


def test_connect_through_a_loopback_provider(tmp_path: Path) -> None:
    with loopback_provider() as (base_url, provider):
        connector = LoopbackOAuthConnector(base_url, SystemClock())
        container = build_container(
            Settings(
                _env_file=None,
                database_url="memory://",
                data_dir=tmp_path,
                broker_url="",
                redis_url="",
                rate_limits=False,
                public_base_url="http://testserver.local",
            )
        )
        container.platform_connectors.override(providers.Object({Platform.SANDBOX: connector}))
        with TestClient(
            create_app(container=container), base_url="http://testserver.local"
        ) as client:
            owner = register(client)
            started = client.post(
                f"{API}/integrations/sandbox/authorize", json={}, headers=owner.headers
            ).json()
            # the browser visits the provider, which redirects it back to umt's callback
            with httpx.Client() as browser:
                at_provider = browser.get(started["authorization_url"])
            assert at_provider.status_code == 302
            callback = urlparse(at_provider.headers["location"])
            assert callback.path == f"{API}/integrations/sandbox/callback"
            done = client.get(f"{callback.path}?{callback.query}")
            assert done.status_code == 200, done.text
            integration = done.json()
            assert integration["account"] == {"id": "loop-42", "name": "Loopback Page"}
            assert integration["scopes"] == ["pages.read", "pages.write"]
            # the code was single use at the provider too
            replay = client.get(f"{callback.path}?{callback.query}")
            assert_problem(replay, 400, "oauth_state_invalid")

            # a refresh over HTTP keeps the refresh token the provider did not resend
            refreshed = client.blocking_portal.call(
                client.app.state.bus.execute,
                RefreshIntegrationTokens(
                    integration_id=UUID(integration["id"]),
                    organization_id=UUID(owner.organization_id),
                ),
            )
            assert refreshed.status.value == "connected"
            again = client.blocking_portal.call(
                client.app.state.bus.execute,
                RefreshIntegrationTokens(
                    integration_id=UUID(integration["id"]),
                    organization_id=UUID(owner.organization_id),
                ),
            )
            assert again.status.value == "connected"
            checked = client.post(
                f"{API}/integrations/{integration['id']}/health-check", headers=owner.headers
            ).json()
            assert checked["last_health_check"]["ok"] is True

            # the user says no: nothing is stored
            provider.deny_next = True
            started = client.post(
                f"{API}/integrations/sandbox/authorize", json={}, headers=owner.headers
            ).json()
            with httpx.Client() as browser:
                denied = urlparse(browser.get(started["authorization_url"]).headers["location"])
            assert_problem(client.get(f"{denied.path}?{denied.query}"), 400, "authorization_denied")
            listed = client.get(f"{API}/integrations", headers=owner.headers).json()["items"]
            assert len(listed) == 1
            assert (
                client.delete(
                    f"{API}/integrations/{integration['id']}", headers=owner.headers
                ).status_code
                == 204
            )
            client.blocking_portal.call(connector.close)
