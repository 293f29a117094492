"""Handler tests run through the bus on the in-memory adapters, the way the application runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.support.services import in_memory_services
from tests.unit.application.helpers import PASSWORD

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def bus(store: InMemoryStore, clock: FixedClock) -> MessageBus:
    ids = UuidV7Generator()
    services = in_memory_services(store, clock)
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


async def registered_owner(bus: MessageBus, email: str, organization_name: str) -> Principal:
    received: RegistrationReceived = await bus.execute(
        Register(email=email, password=PASSWORD, organization_name=organization_name)
    )
    reg = received.account
    assert reg is not None
    return Principal.for_member(reg.user.id, reg.organization.id, Role.OWNER)


@pytest.fixture
async def owner(bus: MessageBus) -> Principal:
    return await registered_owner(bus, "owner@acme.example", "Acme")


@pytest.fixture
async def other_owner(bus: MessageBus) -> Principal:
    return await registered_owner(bus, "owner@globex.example", "Globex")
