"""The metric sync's handler tests: the bus on the in-memory adapters, the sandbox platform
(its MetricSource) on the same clock, and a channel account of a connected sandbox account."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import pytest
from tests.support.services import in_memory_services
from tests.unit.adapters.platforms.sandbox.helpers import CLIENT, Linked, linked

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.metrics.config import MetricSyncConfig
from umt.application.principal import Principal
from umt.domain.integration.integration import IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import BrandId, ChannelAccountId
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.unit_of_work import UnitOfWork

INTERVAL = timedelta(hours=1)


class FakeChannelCredentials:
    """The ChannelCredentials port over a dict instead of the vault (the vault-backed one
    belongs to the channel accounts context): each account's credentials as the sandbox
    granted them, refreshed through the connector when they expire within ``valid_for``."""

    def __init__(self, connector: SandboxConnector, clock: FixedClock) -> None:
        self._connector = connector
        self._clock = clock
        self.by_account: dict[ChannelAccountId, Credentials] = {}

    async def for_account(
        self, account: ChannelAccount, *, valid_for: timedelta = timedelta(minutes=5)
    ) -> Credentials:
        held = self.by_account[account.id]
        if held.expires_at is not None and held.expires_at <= self._clock.now() + valid_for:
            held = held.refreshed_with(await self._connector.refresh(held))
            self.by_account[account.id] = held
        return held


@pytest.fixture
async def network(clock: FixedClock) -> AsyncIterator[SandboxNetwork]:
    store = InMemorySandboxStore()
    yield SandboxNetwork(store, clock, seed=11, clients=(CLIENT,))
    await store.close()


@pytest.fixture
def connector(network: SandboxNetwork) -> SandboxConnector:
    return SandboxConnector(network, public_base_url="http://127.0.0.1:8000/")


@pytest.fixture
def credentials(connector: SandboxConnector, clock: FixedClock) -> FakeChannelCredentials:
    return FakeChannelCredentials(connector, clock)


UowFactory = Callable[[], UnitOfWork]


@pytest.fixture
def uow_factory(store: InMemoryStore) -> UowFactory:
    ids = UuidV7Generator()
    return lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event)


@pytest.fixture
def bus(
    store: InMemoryStore,
    clock: FixedClock,
    connector: SandboxConnector,
    credentials: FakeChannelCredentials,
    uow_factory: UowFactory,
) -> MessageBus:
    services = dataclasses.replace(
        in_memory_services(store, clock),
        platforms={Platform.SANDBOX: connector},
        channel_credentials=credentials,
        metric_sync=MetricSyncConfig(interval=INTERVAL),
    )
    return MessageBus(
        uow_factory=uow_factory,
        services=services,
        handlers=HANDLERS,
    )


@dataclass(frozen=True, slots=True)
class Channel:
    """A brand's sandbox channel account (posts and email), and the sandbox behind it."""

    account: ChannelAccount
    sandbox: Linked

    @property
    def target(self) -> ChannelTarget:
        return self.sandbox.posts

    @property
    def token(self) -> str:
        return self.sandbox.credentials.access_token


async def add_account(
    uow_factory: UowFactory,
    clock: FixedClock,
    owner: Principal,
    target: ChannelTarget,
    *,
    brand_id: BrandId,
    kind: ChannelKind = ChannelKind.SANDBOX_ACCOUNT,
) -> ChannelAccount:
    account = ChannelAccount.discover(
        id=ChannelAccountId(uuid4()),
        organization_id=owner.organization_id,
        brand_id=brand_id,
        integration_id=IntegrationId(uuid4()),
        kind=kind,
        external_id=target.external_id,
        name="Acme on the sandbox",
        now=clock.now(),
        details=target.details,
        currency=target.details.get("currency"),
    )
    async with uow_factory() as uow:
        await uow.channel_accounts.add(account)
        await uow.commit()
    return account


@pytest.fixture
async def channel(
    uow_factory: UowFactory,
    clock: FixedClock,
    owner: Principal,
    network: SandboxNetwork,
    connector: SandboxConnector,
    credentials: FakeChannelCredentials,
) -> Channel:
    sandbox = await linked(network, connector, followers=20_000, ad_audience=1_000_000)
    account = await add_account(uow_factory, clock, owner, sandbox.posts, brand_id=BrandId(uuid4()))
    credentials.by_account[account.id] = sandbox.credentials
    return Channel(account, sandbox)
