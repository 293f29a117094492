"""Several integration schedulers on one PostgreSQL database: due work is claimed with
FOR UPDATE SKIP LOCKED, so concurrent claims neither wait for each other nor hand out the
same integration twice."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from tests.contracts.builders import T0, new_id, organization
from tests.contracts.conftest import RandomIds
from tests.support.postgres import throwaway_database, truncate_all

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.application.audit.entries import entry_for_event
from umt.application.integration.scheduler import IntegrationScheduler
from umt.domain.integration.integration import Account, Integration, IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.shared.ids import UserId
from umt.ports.integration_repository import DueWork


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


async def seed(factory: object, count: int) -> None:
    org = organization()
    async with factory() as uow:  # type: ignore[operator]
        await uow.organizations.add(org)
        for n in range(count):
            integration = Integration.start(
                id=IntegrationId(new_id()),
                organization_id=org.id,
                platform=Platform.SANDBOX,
                created_by=UserId(new_id()),
                now=T0,
            )
            integration.connect(
                Account(external_id=f"a{n}", name=""),
                scopes=frozenset(),
                token_expires_at=None,
                now=T0,
            )
            integration.schedule(refresh_at=T0, health_check_at=T0 + timedelta(days=1))
            await uow.integrations.add(integration)
        await uow.commit()


async def test_concurrent_claims_skip_locked_rows(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=6, max_overflow=0)
    ids = RandomIds()

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, ids, audit=entry_for_event)

    try:
        await truncate_all(engine)
        await seed(factory, 40)
        retry = T0 + timedelta(minutes=5)
        async with factory() as a, factory() as b:
            first = await a.integrations.claim_due(
                DueWork.REFRESH, now=T0, retry_at=retry, limit=25
            )
            # A holds its rows: B neither waits for them nor takes them
            second = await asyncio.wait_for(
                b.integrations.claim_due(DueWork.REFRESH, now=T0, retry_at=retry, limit=40),
                timeout=5,
            )
            await a.commit()
            await b.commit()
        assert len(first) == 25
        assert len(second) == 15
        assert not {c.integration_id for c in first} & {c.integration_id for c in second}
        async with factory() as uow:
            assert (
                await uow.integrations.claim_due(DueWork.REFRESH, now=T0, retry_at=retry, limit=40)
                == []
            )

        # two schedulers ticking at once hand every due integration out exactly once
        await truncate_all(engine)
        await seed(factory, 60)
        published: list[bytes] = []

        class Broker:
            async def publish_task(
                self, agent: str, body: bytes, priority: int | None = None
            ) -> None:
                published.append(body)

        clock = FixedClock(T0)
        schedulers = [
            IntegrationScheduler(factory, Broker(), clock=clock, ids=ids, batch=7)  # type: ignore[arg-type]
            for _ in range(3)
        ]
        while sum(await asyncio.gather(*(s.tick() for s in schedulers))):
            pass
        keys = [body.split(b'"idempotency_key":"')[1].split(b'"')[0] for body in published]
        assert len(keys) == 60
        assert len(set(keys)) == 60
    finally:
        await engine.dispose()
