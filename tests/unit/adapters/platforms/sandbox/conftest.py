"""Fixtures of the sandbox tests: a network on a fixed clock, over each store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import CLIENT, START

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore, SandboxStore
from umt.adapters.system.clock import FixedClock


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SandboxStore]:
    opened: SandboxStore
    if request.param == "memory":
        opened = InMemorySandboxStore()
    else:
        opened = await SqliteSandboxStore.open(tmp_path / "sandbox.sqlite3")
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def network(store: SandboxStore, clock: FixedClock) -> SandboxNetwork:
    return SandboxNetwork(store, clock, seed=7, clients=(CLIENT,))


@pytest.fixture
def connector(network: SandboxNetwork) -> SandboxConnector:
    return SandboxConnector(network, public_base_url="http://127.0.0.1:8000/")
