"""The strategy handler tests: the bus on the in-memory adapters, a brand in Berlin with one
sandbox posting account, and a way to seed its published posts and their metrics."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest
from tests.support.strategy import seed_account

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.publishing.channel_account import ChannelAccount
from umt.ports.unit_of_work import UnitOfWork

ZONE = "Europe/Berlin"


@pytest.fixture
def uow_factory(store: InMemoryStore) -> Callable[[], UnitOfWork]:
    ids = UuidV7Generator()
    return lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event)


@pytest.fixture
async def brand_id(bus: MessageBus, owner: Principal) -> UUID:
    brand: Brand = await bus.ask(CreateBrand(name="Acme Coffee", time_zone=ZONE), Brand, owner)
    return brand.id


@pytest.fixture
async def account(
    uow_factory: Callable[[], UnitOfWork], owner: Principal, brand_id: UUID, clock: FixedClock
) -> ChannelAccount:
    return await seed_account(uow_factory, owner.organization_id, brand_id, now=clock.now())
