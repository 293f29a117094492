"""The channel accounts facade of the embedded library: discover a connected X account for a
brand (X's connection is its one destination), read, change and remove it."""

from __future__ import annotations

from pathlib import Path

import pytest
from dependency_injector import providers
from tests.support.fake_platform import FakePlatformConnector

from umt.adapters.system.clock import SystemClock
from umt.domain.brand.channels import Channel
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import AccountStatus
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.settings import Settings


async def test_discover_read_change_remove(tmp_path: Path) -> None:
    x = FakePlatformConnector(SystemClock(), platform=Platform.X, account_id="x-42")
    container = build_container(
        Settings(_env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="")
    )
    container.platform_connectors.override(providers.Object({Platform.X: x}))
    async with Umt(container) as umt:
        session = await umt.register("ada@acme.example", "a long enough passphrase", "Acme")
        started = await umt.integrations.start_authorization(session, "x")
        integration = await umt.integrations.complete_authorization(
            "x", state=started.state, binding=started.binding, code=x.grant(started.state)
        )
        brand = await umt.brands.create(session, name="Acme", time_zone="America/Chicago")
        found = await umt.channel_accounts.discover(
            session, brand.id, integration_id=integration.id
        )
        assert (found.added, found.refreshed, found.gone) == (1, 0, 0)
        (account,) = found.accounts
        assert (account.kind, account.channel, account.external_id) == (
            ChannelKind.X_ACCOUNT,
            Channel.X,
            "x-42",
        )
        assert account.time_zone == "America/Chicago"  # the brand's
        assert account.daily_cap == 100
        with pytest.raises(TypeError):
            account.details["token"] = "x"  # type: ignore[index]  # a read-only view
        changed = await umt.channel_accounts.update(
            session, account.id, expected_version=1, daily_cap=None, status="disabled"
        )
        assert (changed.daily_cap, changed.status, changed.version) == (
            None,
            AccountStatus.DISABLED,
            2,
        )
        with pytest.raises(InvalidValue):
            await umt.channel_accounts.update(session, account.id, expected_version=2, daily_cap=-1)
        listed = await umt.channel_accounts.list(session, brand_id=brand.id, status="disabled")
        assert [a.id for a in listed.items] == [account.id]
        assert listed.next_cursor is None
        assert (await umt.channel_accounts.get(session, account.id)).version == 2
        await umt.channel_accounts.remove(session, account.id, expected_version=2)
        with pytest.raises(NotFound):
            await umt.channel_accounts.get(session, account.id)


async def test_the_brands_channel_mapping(tmp_path: Path) -> None:
    x = FakePlatformConnector(SystemClock(), platform=Platform.X, account_id="x-42")
    container = build_container(
        Settings(_env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="")
    )
    container.platform_connectors.override(providers.Object({Platform.X: x}))
    async with Umt(container) as umt:
        session = await umt.register("ada@acme.example", "a long enough passphrase", "Acme")
        started = await umt.integrations.start_authorization(session, "x")
        integration = await umt.integrations.complete_authorization(
            "x", state=started.state, binding=started.binding, code=x.grant(started.state)
        )
        brand = await umt.brands.create(session, name="Acme", time_zone="Europe/Berlin")
        await umt.audiences.add(
            session, brand.id, persona_name="Founders", preferred_channels=("linkedin", "x")
        )
        found = await umt.channel_accounts.discover(
            session, brand.id, integration_id=integration.id
        )

        mapping = await umt.channel_accounts.by_channel(session, brand.id)

        assert (mapping.brand_id, mapping.time_zone) == (brand.id, "Europe/Berlin")
        linkedin, on_x = mapping.channels
        assert (linkedin.channel, linkedin.preferred, linkedin.accounts) == (
            Channel.LINKEDIN,
            True,
            (),
        )
        assert not linkedin.publishable  # preferred, but nothing connected serves it
        assert (on_x.channel, on_x.preferred, on_x.publishable) == (Channel.X, True, True)
        assert [a.id for a in on_x.accounts] == [found.accounts[0].id]
        assert on_x.accounts[0].platform is Platform.X
        with pytest.raises(NotFound):
            await umt.channel_accounts.by_channel(session, found.accounts[0].id)
