"""Two publication tickers on PostgreSQL, in concurrent tasks on separate connection pools,
drain 500 due publications: every publication is handed over (``publication.due`` in the
outbox, written by the claiming transaction) exactly once, under the fence of its one claim,
and both tickers took part (``FOR UPDATE SKIP LOCKED``: neither waited for the other's rows).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select
from tests.contracts.conftest import RandomIds
from tests.support.postgres import throwaway_database
from tests.unit.domain.publishing.publication_builders import publication

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.publishing.tables import publications
from umt.adapters.sql.shared.tables import audit_log, outbox
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.application.audit.entries import entry_for_event
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.ticker import PublicationTicker, TickReport
from umt.domain.publishing.publication_status import PublicationStatus

COUNT = 500
BATCH = 20  # 25 full batches between the two: the tickers interleave many times
START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
CONFIG = DispatchConfig(batch=BATCH, lease=timedelta(minutes=10), tick=timedelta(seconds=5))


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


async def seed(url: str, clock: FixedClock) -> set[UUID]:
    engine = create_engine(url, pool_size=1)
    ids: set[UUID] = set()
    try:
        async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
            for n in range(COUNT):
                # due over the last minutes (each a second apart), several tenants
                p = publication(
                    now=clock.now() - timedelta(minutes=10),
                    due_in=timedelta(minutes=1, seconds=n),
                    grace=timedelta(hours=1),
                )
                await uow.publications.add(p)
                ids.add(p.id)
            await uow.commit()
    finally:
        await engine.dispose()
    return ids


async def drain(ticker: PublicationTicker, start: asyncio.Event) -> list[TickReport]:
    """Tick until a tick claims nothing (the others may still be committing theirs)."""
    await start.wait()
    reports: list[TickReport] = []
    while True:
        report = await ticker.tick()
        reports.append(report)
        if report.claimed == 0:
            return reports
        await asyncio.sleep(0)


async def test_two_tickers_hand_each_of_500_due_publications_over_exactly_once(
    database_url: str,
) -> None:
    clock = FixedClock(START)
    seeded = await seed(database_url, clock)
    engines = [create_engine(database_url, pool_size=2) for _ in range(2)]
    tickers = [
        PublicationTicker(
            lambda engine=engine: SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event),
            clock=clock,
            config=CONFIG,
            owner=f"ticker:{n}",
        )
        for n, engine in enumerate(engines)
    ]
    start = asyncio.Event()
    try:
        runs = [asyncio.create_task(drain(t, start)) for t in tickers]
        await asyncio.sleep(0)
        start.set()
        first, second = await asyncio.gather(*runs)
        async with engines[0].connect() as connection:
            due = (
                await connection.execute(
                    select(outbox.c.aggregate_id, outbox.c.payload).where(
                        outbox.c.event_type == "publication.due"
                    )
                )
            ).all()
            audited = (
                await connection.execute(
                    select(audit_log.c.action).where(audit_log.c.action == "publication.due")
                )
            ).all()
            rows = (
                await connection.execute(
                    select(
                        publications.c.id,
                        publications.c.status,
                        publications.c.fence,
                        publications.c.lease_owner,
                    )
                )
            ).all()
    finally:
        for engine in engines:
            await engine.dispose()

    claimed = [sum(r.claimed for r in first), sum(r.claimed for r in second)]
    assert sum(claimed) == COUNT
    assert sum(r.missed for r in (*first, *second)) == 0
    # (how the claims split between the two is up to the scheduler of this machine: one
    # ticker may drain everything before the other's first tick, so it is not asserted)
    handed = Counter(UUID(str(row.aggregate_id)) for row in due)
    assert set(handed) == seeded
    assert set(handed.values()) == {1}  # each handed over exactly once
    assert audited == []  # a hand-over is bookkeeping, not an act: not in the audit log
    assert {row.payload["data"]["fence"] for row in due} == {1}  # under its one claim
    owners = Counter(row.payload["data"]["lease_owner"] for row in due)
    assert owners == {f"ticker:{n}": claimed[n] for n in range(2)}
    assert {(row.status, row.fence) for row in rows} == {(PublicationStatus.CLAIMED.value, 1)}
    assert {row.id: row.lease_owner for row in rows} == {
        UUID(str(row.aggregate_id)): row.payload["data"]["lease_owner"] for row in due
    }
