"""The integration facade of the embedded library: connect through OAuth and a form, check,
refresh and disconnect, with a scripted platform in the connector registry."""

from __future__ import annotations

from pathlib import Path

from dependency_injector import providers
from tests.support.fake_platform import SECRET, FakePlatformConnector

from umt.adapters.system.clock import SystemClock
from umt.domain.integration.integration import IntegrationStatus
from umt.domain.integration.platforms import AuthMethod, Platform
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.settings import Settings


async def test_connect_check_refresh_disconnect(tmp_path: Path) -> None:
    clock = SystemClock()
    oauth = FakePlatformConnector(clock)
    form = FakePlatformConnector(
        clock, platform=Platform.WORDPRESS, auth_method=AuthMethod.APP_PASSWORD
    )
    container = build_container(
        Settings(_env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="")
    )
    container.platform_connectors.override(
        providers.Object({Platform.SANDBOX: oauth, Platform.WORDPRESS: form})
    )
    async with Umt(container) as umt:
        session = await umt.register("ada@acme.example", "a long enough passphrase", "Acme")
        started = await umt.integrations.start_authorization(session, "sandbox")
        integration = await umt.integrations.complete_authorization(
            "sandbox",
            state=started.state,
            binding=started.binding,
            code=oauth.grant(started.state),
        )
        assert integration.status is IntegrationStatus.CONNECTED
        checked = await umt.integrations.check_health(session, integration.id)
        assert checked.last_health is not None
        assert checked.last_health.ok
        refreshed = await umt.integrations.refresh_tokens(session, integration.id)
        assert refreshed.version > checked.version
        site = await umt.integrations.connect_form(
            session, "wordpress", {"site": "https://blog.example", "api_key": f"{SECRET}-wp"}
        )
        listed = await umt.integrations.list(session)
        assert {i.id for i in listed} == {integration.id, site.id}
        gone = await umt.integrations.disconnect(session, integration.id)
        assert gone.status is IntegrationStatus.REVOKED
        views = await umt.integrations.platforms(session)
        assert {v.platform for v in views if v.configured} == {Platform.SANDBOX, Platform.WORDPRESS}
