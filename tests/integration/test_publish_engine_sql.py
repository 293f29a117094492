"""The exactly-once publish engine on SQLite and PostgreSQL: the scenarios that matter most,
through the ticker's hand-over (the ``publication.due`` rows the claiming transaction wrote to
the outbox table) and the agent's handler, against the sandbox platform, whose own record
(``posts_with_reference``) judges "exactly once".

- a lost response (the post made, its answer dropped) is reconciled by our reference: one post;
- a worker killed between the attempt's commit and the remote id's: the sweeper makes the
  outcome unknown, the next claim finds the post: one post, the attempt resolved as found.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.contracts.builders import organization, simple_brand, store
from tests.contracts.conftest import RandomIds, sqlite_url
from tests.support.postgres import run, throwaway_database, truncate_all
from tests.unit.adapters.platforms.sandbox.helpers import CLIENT
from tests.unit.application.publishing_dispatch.conftest import (
    CONFIG,
    Desk,
    FakeChannelCredentials,
    open_desk,
)

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.migrate import upgrade_to_head
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.application.audit.entries import entry_for_event
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.ids import BrandId
from umt.ports.unit_of_work import UnitOfWork

S = PublicationStatus
A = AttemptOutcome
START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engine-sqlite") / "umt.db"
    run(upgrade_to_head(sqlite_url(path)))
    return path


@pytest.fixture(scope="module")
def postgres_url() -> Any:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    request.getfixturevalue("postgres_url" if request.param == "postgresql" else "migrated_sqlite")
    return str(request.param)


@pytest.fixture
async def uow_factory(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Callable[[], UnitOfWork]]:
    if backend == "sqlite":
        database = tmp_path / "umt.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=2)
        await truncate_all(engine)
    ids = RandomIds()
    try:
        yield lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event)
    finally:
        await engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
async def desk(uow_factory: Callable[[], UnitOfWork], clock: FixedClock) -> AsyncIterator[Desk]:
    org = organization("Acme")
    brand = simple_brand(org, "Acme Coffee")
    await store(uow_factory(), org, brands=(brand,))
    sandbox_store = InMemorySandboxStore()
    network = SandboxNetwork(sandbox_store, clock, seed=7, clients=(CLIENT,))
    connector = SandboxConnector(network, public_base_url="http://127.0.0.1:8000/")
    try:
        yield await open_desk(
            uow_factory,
            clock=clock,
            network=network,
            connector=connector,
            credentials=FakeChannelCredentials(),
            organization_id=org.id,
            brand_id=BrandId(brand.id),
        )
    finally:
        await sandbox_store.close()


@pytest.fixture
def ticker(uow_factory: Callable[[], UnitOfWork], clock: FixedClock) -> PublicationTicker:
    return PublicationTicker(uow_factory, clock=clock, config=CONFIG, owner="ticker:sql")


async def due_now(desk: Desk, clock: FixedClock, ticker: PublicationTicker) -> Publication:
    p = await desk.schedule(due_in=timedelta(minutes=1))
    clock.advance(timedelta(minutes=1))
    assert (await ticker.tick()).claimed == 1
    return p


async def test_a_lost_response_is_reconciled_with_exactly_one_post(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.lose_responses(calls=1)  # the post is made, its answer is lost

    assert await desk.deliver_due() == 1

    unknown = await desk.load(p)
    assert unknown.status is S.OUTCOME_UNKNOWN
    assert unknown.failure is not None
    assert unknown.failure[0] is FailureReason.UNKNOWN_OUTCOME
    assert [a.outcome for a in unknown.attempts] == [A.UNKNOWN]
    assert not await desk.outbox("publication.published")

    clock.advance(CONFIG.reconcile_delay)
    assert (await ticker.tick()).claimed == 1
    assert await desk.deliver_due() == 1

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.FOUND]
    posts = await desk.network.posts_with_reference(str(p.id))
    assert [post.id for post in posts] == [stored.remote_id]
    published = await desk.outbox("publication.published")
    assert [m.payload["data"]["reconciled"] for m in published] == [True]


async def test_a_worker_killed_between_the_attempt_and_the_remote_id_posts_once(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    original = desk.connector.publish

    async def publish_then_die(*args: Any, **kwargs: Any) -> Any:
        await original(*args, **kwargs)  # the platform made the post...
        raise KeyboardInterrupt  # ...and the process died before recording it

    desk.connector.publish = publish_then_die  # type: ignore[method-assign]
    try:
        with pytest.raises(KeyboardInterrupt):
            await desk.deliver_due()
    finally:
        del desk.connector.publish
    in_flight = await desk.load(p)
    assert in_flight.status is S.PUBLISHING
    assert [a.outcome for a in in_flight.attempts] == [A.PENDING]  # committed before the call
    assert in_flight.remote_id is None

    clock.advance(CONFIG.lease)
    report = await ticker.tick()  # the sweeper returns the lease: the outcome is unknown
    assert (report.returned, report.claimed) == (1, 1)
    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.FOUND]  # the same attempt, resolved
    assert stored.fence == in_flight.fence + 2  # the sweep's bump and the new claim's
    assert await desk.posts(p) == 1


async def test_a_refused_post_is_retried_and_published_once(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.rate_limit(90, calls=1)

    await desk.deliver_due()
    waiting = await desk.load(p)
    assert waiting.status is S.SCHEDULED
    assert waiting.next_attempt_at == clock.now() + timedelta(seconds=90)
    clock.advance(timedelta(seconds=90))
    await ticker.tick()
    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.FAILED, A.SUCCEEDED]
    assert await desk.posts(p) == 1
