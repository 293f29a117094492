"""Several metric sync schedulers on one PostgreSQL database: due syncs are claimed with FOR
UPDATE SKIP LOCKED, so concurrent claims neither wait for each other nor hand the same
channel account out twice, and schedulers enrolling and claiming at once hand every account
out exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta

import pytest
from tests.contracts.builders import T0, new_id, organization, simple_brand, store
from tests.contracts.conftest import RandomIds
from tests.support.postgres import throwaway_database, truncate_all

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.application.audit.entries import entry_for_event
from umt.application.messaging.envelope import TaskMessage, parse_message
from umt.application.metrics.config import MetricSyncConfig
from umt.application.metrics.scheduler import MetricSyncScheduler
from umt.domain.integration.integration import Account, Integration, IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import ChannelAccountId, UserId

LEASE = timedelta(minutes=10)
Factory = Callable[[], SqlUnitOfWork]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture
async def factory(postgres_url: str) -> AsyncIterator[Factory]:
    engine = create_engine(postgres_url, pool_size=8, max_overflow=0)
    ids = RandomIds()
    await truncate_all(engine)
    yield lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event)
    await engine.dispose()


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxConnector]:
    sandbox_store = InMemorySandboxStore()
    network = SandboxNetwork(sandbox_store, FixedClock(T0), seed=3)
    yield SandboxConnector(network, public_base_url="http://127.0.0.1:8000/")
    await sandbox_store.close()


async def seed(factory: Factory, count: int) -> set[ChannelAccountId]:
    """``count`` active sandbox accounts of one brand, none enrolled yet."""
    org = organization()
    brand = simple_brand(org, "Acme")
    await store(factory(), org, brands=(brand,))
    integration = Integration.start(
        id=IntegrationId(new_id()),
        organization_id=org.id,
        platform=Platform.SANDBOX,
        created_by=UserId(new_id()),
        now=T0,
    )
    integration.connect(
        Account(external_id="sbx", name="Ann"), scopes=frozenset(), token_expires_at=None, now=T0
    )
    ids: set[ChannelAccountId] = set()
    async with factory() as uow:
        await uow.integrations.add(integration)
        for n in range(count):
            account = ChannelAccount.discover(
                id=ChannelAccountId(new_id()),
                organization_id=org.id,
                brand_id=brand.id,
                integration_id=integration.id,
                kind=ChannelKind.SANDBOX_ACCOUNT,
                external_id=f"sbx-{n}",
                name=f"Account {n}",
                now=T0,
            )
            await uow.channel_accounts.add(account)
            ids.add(account.id)
        await uow.commit()
    return ids


async def test_two_claims_at_once_skip_each_others_rows(factory: Factory) -> None:
    accounts = await seed(factory, 40)
    async with factory() as uow:
        assert await uow.sync_states.enrol(kinds=frozenset({ChannelKind.SANDBOX_ACCOUNT}), now=T0)
        await uow.commit()

    async with factory() as a, factory() as b:
        first = await a.sync_states.claim_due(now=T0, lease_until=T0 + LEASE, limit=25)
        # A holds its rows: B neither waits for them nor takes them
        second = await asyncio.wait_for(
            b.sync_states.claim_due(now=T0, lease_until=T0 + LEASE, limit=40), timeout=5
        )
        await a.commit()
        await b.commit()

    mine = {c.channel_account_id for c in first}
    theirs = {c.channel_account_id for c in second}
    assert (len(first), len(second)) == (25, 15)
    assert not mine & theirs
    assert mine | theirs == accounts
    async with factory() as uow:  # every one is leased: nothing is due until the lease ends
        assert await uow.sync_states.claim_due(now=T0, lease_until=T0 + LEASE, limit=40) == []
        again = await uow.sync_states.claim_due(
            now=T0 + LEASE, lease_until=T0 + 2 * LEASE, limit=40
        )
    assert {c.channel_account_id for c in again} == accounts


async def test_schedulers_ticking_at_once_hand_every_account_out_once(
    factory: Factory, sandbox: SandboxConnector
) -> None:
    accounts = await seed(factory, 60)
    handed: list[TaskMessage] = []

    class Broker:
        async def publish_task(self, agent: str, body: bytes, priority: int | None = None) -> None:
            message = parse_message(body)
            assert isinstance(message, TaskMessage)
            handed.append(message)

    clock = FixedClock(T0)
    config = MetricSyncConfig(interval=timedelta(minutes=30), lease=LEASE, batch=7)
    schedulers = [
        MetricSyncScheduler(
            factory,
            Broker(),  # type: ignore[arg-type]
            {Platform.SANDBOX: sandbox},
            clock=clock,
            ids=RandomIds(),
            config=config,
        )
        for _ in range(3)
    ]

    # each tick enrols what is new and claims up to 7; all three race on the same rows
    while sum(await asyncio.gather(*(s.tick() for s in schedulers))):
        pass

    named = [m.payload["input"]["channel_account_id"] for m in handed]
    assert len(named) == 60
    assert set(named) == {str(a) for a in accounts}  # each once, none twice
    assert len({m.idempotency_key for m in handed}) == 60
