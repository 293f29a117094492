"""Publishing dispatch tests: the ticker and the publish engine on the in-memory adapters, the
sandbox platform on the same clock, a connected integration and its sandbox channel account,
and the agent's side of the hand-over (``publication.due`` from the outbox to the engine)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import CLIENT, Linked, linked
from tests.unit.domain.publishing.publication_builders import publication

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.agents.loop_beats import LoopBeats
from umt.application.audit.entries import entry_for_event
from umt.application.messaging.envelope import EventMessage, Header, MessageType
from umt.application.principal import Principal
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.publish_publication import on_publication_due
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.application.services import Context
from umt.domain.brand.channels import Channel
from umt.domain.integration.errors import TokenExpired
from umt.domain.integration.integration import Account, Integration, IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import BrandId, ChannelAccountId, UserId
from umt.ports.platform_connector import Credentials
from umt.ports.unit_of_work import UnitOfWork

CONFIG = DispatchConfig(
    batch=10,
    lease=timedelta(minutes=2),
    reconcile_delay=timedelta(seconds=30),
    retry_base=timedelta(seconds=30),
    max_attempts=3,
)
UowFactory = Callable[[], UnitOfWork]


class FakeChannelCredentials:
    """ChannelCredentials over a dict (the vault-backed one is the channels context's): the
    account's sandbox credentials, or ``TokenExpired`` once ``refusing`` is set."""

    def __init__(self) -> None:
        self.by_account: dict[ChannelAccountId, Credentials] = {}
        self.refusing = False
        self.asked: list[timedelta] = []

    async def for_account(
        self, account: ChannelAccount, *, valid_for: timedelta = timedelta(minutes=5)
    ) -> Credentials:
        self.asked.append(valid_for)
        if self.refusing:
            raise TokenExpired("the refresh token was revoked", platform="sandbox")
        return self.by_account[account.id]


@pytest.fixture
async def network(clock: FixedClock) -> AsyncIterator[SandboxNetwork]:
    store = InMemorySandboxStore()
    yield SandboxNetwork(store, clock, seed=7, clients=(CLIENT,))
    await store.close()


@pytest.fixture
def connector(network: SandboxNetwork) -> SandboxConnector:
    return SandboxConnector(network, public_base_url="http://127.0.0.1:8000/")


@pytest.fixture
def credentials() -> FakeChannelCredentials:
    return FakeChannelCredentials()


@pytest.fixture
def uow_factory(store: InMemoryStore) -> UowFactory:
    ids = UuidV7Generator()
    return lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event)


@pytest.fixture
def beats() -> LoopBeats:
    return LoopBeats()


@pytest.fixture
def ticker(uow_factory: UowFactory, clock: FixedClock, beats: LoopBeats) -> PublicationTicker:
    return PublicationTicker(uow_factory, clock=clock, config=CONFIG, owner="t1", beats=beats)


@dataclass
class Desk:
    """The brand's sandbox channel, and the agent's side of the hand-over."""

    store: InMemoryStore | None  # the memory backend's (sync reads); None on SQL
    uow_factory: UowFactory
    clock: FixedClock
    connector: SandboxConnector
    network: SandboxNetwork
    credentials: FakeChannelCredentials
    account: ChannelAccount
    integration: Integration
    sandbox: Linked
    delivered: set[UUID] = field(default_factory=set)

    async def schedule(
        self, *, due_in: timedelta = timedelta(minutes=10), **kw: Any
    ) -> Publication:
        p = publication(
            now=self.clock.now(),
            due_in=due_in,
            organization_id=self.account.organization_id,
            brand_id=self.account.brand_id,
            channel_account_id=self.account.id,
            channel=self.account.channel,
            kind=self.account.kind,
            **kw,
        )
        async with self.uow_factory() as uow:
            await uow.publications.add(p)
            await uow.commit()
        return p

    async def load(self, p: Publication) -> Publication:
        async with self.uow_factory() as uow:
            found = await uow.publications.get(p.organization_id, p.id)
        assert found is not None
        return found

    def pending(self, event_type: str) -> list[Any]:
        assert self.store is not None, "on SQL, read the outbox with outbox()"
        return [
            m
            for m in self.store.outbox
            if m.event_type == event_type and m.id not in self.delivered
        ]

    async def outbox(self, event_type: str) -> list[Any]:
        """The outbox rows of ``event_type``, read through a unit of work (any backend; no
        relay runs in these tests, so every row is still pending)."""
        async with self.uow_factory() as uow:
            rows = await uow.outbox.pending(limit=100_000)
        return [m for m in rows if m.event_type == event_type]

    async def deliver_due(self, **deps: Any) -> int:
        """Run the agent's handler for every ``publication.due`` not delivered yet."""
        due = [m for m in await self.outbox("publication.due") if m.id not in self.delivered]
        for message in due:
            self.delivered.add(message.id)
            event = EventMessage(
                header=Header(
                    message_id=message.id,
                    message_type=MessageType.EVENT,
                    sender_id="outbox-relay",
                    timestamp=self.clock.now(),
                ),
                event_type=message.event_type,
                payload=message.payload,
            )
            context = Context(
                uow_factory=self.uow_factory,
                message_key=f"event:content-ad-management:{message.id}",
            )
            await on_publication_due(event, context, **(self.engine_deps() | deps))
        return len(due)

    def engine_deps(self) -> dict[str, Any]:
        return {
            "clock": self.clock,
            "publishers": {Platform.SANDBOX: self.connector},
            "channel_credentials": self.credentials,
            "publishing_dispatch": CONFIG,
        }

    async def posts(self, p: Publication) -> int:
        return len(await self.network.posts_with_reference(str(p.id)))

    def events(self, event_type: str) -> list[Any]:
        assert self.store is not None, "on SQL, read the outbox with outbox()"
        return [m for m in self.store.outbox if m.event_type == event_type]


@pytest.fixture
async def desk(
    store: InMemoryStore,
    uow_factory: UowFactory,
    clock: FixedClock,
    owner: Principal,
    network: SandboxNetwork,
    connector: SandboxConnector,
    credentials: FakeChannelCredentials,
) -> Desk:
    return await open_desk(
        uow_factory,
        clock=clock,
        network=network,
        connector=connector,
        credentials=credentials,
        organization_id=owner.organization_id,
        brand_id=BrandId(uuid4()),
        store=store,
    )


async def open_desk(
    uow_factory: UowFactory,
    *,
    clock: FixedClock,
    network: SandboxNetwork,
    connector: SandboxConnector,
    credentials: FakeChannelCredentials,
    organization_id: UUID,
    brand_id: BrandId,
    store: InMemoryStore | None = None,
) -> Desk:
    """A connected sandbox integration and its channel account for ``brand_id``, stored
    through ``uow_factory`` (any backend; ``store`` only for the memory one's sync reads)."""
    sandbox = await linked(network, connector, followers=5_000)
    now = clock.now()
    integration = Integration.start(
        id=IntegrationId(uuid4()),
        organization_id=organization_id,
        platform=Platform.SANDBOX,
        created_by=UserId(uuid4()),
        now=now,
    )
    integration.connect(
        Account(external_id=sandbox.posts.external_id, name="Ann"),
        scopes=frozenset({"publish"}),
        token_expires_at=None,
        now=now,
    )
    account = ChannelAccount.discover(
        id=ChannelAccountId(uuid4()),
        organization_id=organization_id,
        brand_id=brand_id,
        integration_id=integration.id,
        kind=ChannelKind.SANDBOX_ACCOUNT,
        external_id=sandbox.posts.external_id,
        name="Acme on the sandbox",
        now=now,
        details=sandbox.posts.details,
    )
    async with uow_factory() as uow:
        await uow.integrations.add(integration)
        await uow.channel_accounts.add(account)
        await uow.commit()
    credentials.by_account[account.id] = sandbox.credentials
    return Desk(
        store=store,
        uow_factory=uow_factory,
        clock=clock,
        connector=connector,
        network=network,
        credentials=credentials,
        account=account,
        integration=integration,
        sandbox=sandbox,
    )


def text_post(text: str) -> RenderedPost:
    return RenderedPost(text=text)


__all__ = ["CONFIG", "Channel", "Desk", "open_desk", "text_post"]
