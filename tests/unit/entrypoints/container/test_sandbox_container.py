"""The composition root's sandbox: in memory with memory://, else a SQLite file under the data
directory that outlives the process, whatever database umt itself uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import CLIENT, linked

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.domain.integration.errors import OutcomeUnknown
from umt.domain.integration.platforms import Platform
from umt.entrypoints.container import build_container, start_resources, stop_resources
from umt.entrypoints.settings import Settings
from umt.ports.publisher import OutgoingPost


def _settings(data_dir: Path, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=data_dir,
        database_url=database_url,
        broker_url="",
        redis_url="",
        sandbox_seed=5,
        public_base_url="https://umt.example",
    )


async def _accounts(settings: Settings, create: str | None = None) -> list[str]:
    container = build_container(settings)
    await start_resources(container)
    try:
        network: SandboxNetwork = container.sandbox_network()
        connector: SandboxConnector = container.sandbox_connector()
        assert connector.platform is Platform.SANDBOX
        assert connector.network is network
        assert network.seed == 5
        if create:
            await network.create_account(create)
        return [account.name for account in await network.accounts()]
    finally:
        await stop_resources(container)


async def test_the_embedded_sandbox_outlives_a_restart(tmp_path: Path) -> None:
    settings = _settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}")
    assert await _accounts(settings, create="Ann") == ["Ann"]
    assert (tmp_path / "sandbox.sqlite3").exists()
    assert await _accounts(settings) == ["Ann"]


async def test_memory_runs_keep_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "memory://")
    assert await _accounts(settings, create="Ann") == ["Ann"]
    assert await _accounts(settings) == []
    assert not (tmp_path / "sandbox.sqlite3").exists()


async def test_the_configured_share_of_answers_is_lost_after_the_effect(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        database_url="memory://",
        broker_url="",
        redis_url="",
        sandbox_lost_response_rate=1.0,
        public_base_url="https://umt.example",
    )
    container = build_container(settings)
    await start_resources(container)
    try:
        network: SandboxNetwork = container.sandbox_network()
        connector: SandboxConnector = container.sandbox_connector()
        network.oauth.register_client(CLIENT)  # the test's redirect URI
        ann = await linked(network, connector)
        with pytest.raises(OutcomeUnknown):
            await connector.publish(
                ann.posts, ann.credentials, OutgoingPost(reference="r", text="t")
            )
        assert len(await network.posts_with_reference("r")) == 1
    finally:
        await stop_resources(container)
