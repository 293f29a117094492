"""The resilience wrappers keep their ports' behaviour, fail fast while their breaker is open,
and retry only what is safe to run twice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Self
from uuid import uuid4

import pytest

from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.resilience.breaker import OPEN, Breaker, BreakerConfig
from umt.adapters.resilience.broker import ResilientBroker
from umt.adapters.resilience.cache import ResilientCache
from umt.adapters.resilience.idempotency_store import ResilientIdempotencyStore
from umt.adapters.resilience.outages import is_broker_outage
from umt.adapters.resilience.retry import RetryPolicy
from umt.adapters.resilience.unit_of_work import ResilientUnitOfWorkFactory
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.domain.brand.brand import Brand
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.errors import DependencyUnavailable, StorageUnavailable
from umt.ports.idempotency_store import Reservation, ReservationState
from umt.ports.message_broker import Unroutable


async def no_sleep(_: float) -> None:
    return None


RETRY = RetryPolicy(attempts=3, sleep=no_sleep)


def new_breaker(name: str = "database", threshold: int = 2) -> Breaker:
    return Breaker(name, BreakerConfig(failure_threshold=threshold, reset_seconds=30))


def trip(breaker: Breaker) -> None:
    for _ in range(breaker.config.failure_threshold):
        breaker.record(breaker.admit(), StorageUnavailable("down"))
    assert breaker.state == OPEN


# -- unit of work ---------------------------------------------------------------------------


class FlakyUnitOfWork(InMemoryUnitOfWork):
    """Fails to open a transaction ``failures`` times, like a refused connection."""

    entered = 0
    failures = 0

    async def __aenter__(self) -> Self:
        type(self).entered += 1
        if type(self).failures:
            type(self).failures -= 1
            raise StorageUnavailable("opening a transaction failed")
        return await super().__aenter__()


@pytest.fixture
def store() -> InMemoryStore:
    FlakyUnitOfWork.entered = FlakyUnitOfWork.failures = 0
    return InMemoryStore()


def factory(store: InMemoryStore, breaker: Breaker) -> ResilientUnitOfWorkFactory:
    return ResilientUnitOfWorkFactory(
        lambda: FlakyUnitOfWork(store, UuidV7Generator(), audit=entry_for_event), breaker, RETRY
    )


async def test_the_guarded_unit_of_work_commits_through_the_wrapped_one(
    store: InMemoryStore,
) -> None:
    make = factory(store, new_breaker())
    org = OrganizationId(uuid4())
    brand = Brand.create(
        id=BrandId(uuid4()), organization_id=org, name="Acme", slug=None, now=datetime.now(UTC)
    )
    async with make() as uow:
        await uow.brands.add(brand)
        await uow.commit()
    assert [type(e).__name__ for e in uow.collect_events()] == ["BrandCreated"]
    async with make() as uow:
        stored = await uow.brands.get(org, brand.id)
    assert stored is not None
    assert stored.name == "Acme"


async def test_opening_a_transaction_is_retried(store: InMemoryStore) -> None:
    FlakyUnitOfWork.failures = 2
    breaker = new_breaker(threshold=5)
    async with factory(store, breaker)():
        pass
    assert FlakyUnitOfWork.entered == 3


async def test_an_open_breaker_refuses_before_any_connection_is_tried(
    store: InMemoryStore,
) -> None:
    breaker = new_breaker()
    trip(breaker)
    with pytest.raises(DependencyUnavailable):
        async with factory(store, breaker)():
            pass
    assert FlakyUnitOfWork.entered == 0


async def test_an_outage_inside_the_block_counts_and_an_answer_does_not(
    store: InMemoryStore,
) -> None:
    breaker = new_breaker(threshold=2)
    make = factory(store, breaker)
    for _ in range(3):
        with pytest.raises(Conflict):
            async with make():
                raise Conflict("slug taken")
    assert breaker.state != OPEN
    for _ in range(2):
        with pytest.raises(StorageUnavailable):
            async with make():
                raise StorageUnavailable("commit failed")
    assert breaker.state == OPEN


# -- cache ----------------------------------------------------------------------------------


class DownCache(InMemoryCache):
    calls = 0

    async def get(self, key: str) -> bytes | None:
        self.calls += 1
        raise StorageUnavailable("redis down")


async def test_a_failing_cache_opens_its_breaker_and_is_then_not_even_tried() -> None:
    inner = DownCache()
    cache = ResilientCache(inner, new_breaker("redis", threshold=2))
    for _ in range(2):
        with pytest.raises(StorageUnavailable):
            await cache.get("k")
    with pytest.raises(DependencyUnavailable):
        await cache.get("k")
    assert inner.calls == 2


# -- idempotency store ----------------------------------------------------------------------


class FlakyStore(InMemoryIdempotencyStore):
    def __init__(self) -> None:
        super().__init__()
        self.reserves = self.releases = 0

    async def reserve(self, key: str, fingerprint: str, *, ttl_seconds: int) -> Reservation:
        self.reserves += 1
        if self.reserves == 1:
            raise StorageUnavailable("reply lost")
        return await super().reserve(key, fingerprint, ttl_seconds=ttl_seconds)

    async def release(self, key: str, fingerprint: str) -> None:
        self.releases += 1
        if self.releases == 1:
            raise StorageUnavailable("reset")
        await super().release(key, fingerprint)


async def test_reserve_is_never_retried_but_release_is() -> None:
    inner = FlakyStore()
    store = ResilientIdempotencyStore(inner, new_breaker("redis", threshold=5), RETRY)
    with pytest.raises(StorageUnavailable):
        await store.reserve("k", "fp", ttl_seconds=60)
    assert inner.reserves == 1
    assert (await store.reserve("k", "fp", ttl_seconds=60)).state is ReservationState.NEW
    await store.release("k", "fp")
    assert inner.releases == 2
    assert (await store.reserve("k", "fp", ttl_seconds=60)).state is ReservationState.NEW


# -- broker ---------------------------------------------------------------------------------


class FlakyBroker(InProcessBroker):
    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.attempts = 0

    async def publish_task(self, agent: str, body: bytes, *, priority: int = 0) -> None:
        self.attempts += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionResetError("connection reset by peer")
        await super().publish_task(agent, body, priority=priority)


def guarded(inner: InProcessBroker, breaker: Breaker) -> ResilientBroker:
    return ResilientBroker(inner, breaker, RetryPolicy(attempts=3, sleep=no_sleep))


async def test_publishing_is_retried_through_a_blip() -> None:
    inner = FlakyBroker(failures=2)
    broker = guarded(inner, Breaker("broker", is_failure=is_broker_outage))
    await broker.declare_agent("writer")
    await broker.publish_task("writer", b"task")
    assert inner.attempts == 3


async def test_unroutable_is_an_answer_not_an_outage() -> None:
    breaker = Breaker("broker", BreakerConfig(failure_threshold=1), is_failure=is_broker_outage)
    inner = FlakyBroker(failures=0)
    broker = guarded(inner, breaker)
    with pytest.raises(Unroutable):
        await broker.publish_task("nobody", b"task")
    assert inner.attempts == 1
    assert breaker.state != OPEN


async def test_a_broker_outage_is_a_port_error_and_opens_the_breaker() -> None:
    breaker = Breaker("broker", BreakerConfig(failure_threshold=1), is_failure=is_broker_outage)
    inner = FlakyBroker(failures=100)
    broker = guarded(inner, breaker)
    await broker.declare_agent("writer")
    with pytest.raises(StorageUnavailable) as raised:
        await broker.publish_task("writer", b"task")
    assert isinstance(raised.value.__cause__, ConnectionResetError)
    with pytest.raises(DependencyUnavailable):
        await broker.publish_task("writer", b"task")
    assert inner.attempts == 3
