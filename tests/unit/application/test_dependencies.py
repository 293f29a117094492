"""A handler declares the collaborators it needs as keyword-only parameters; the bus binds them
by name when it is built, so one that nothing wires fails at start-up, not at a request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from tests.support.services import in_memory_services

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.bus import Handler, MessageBus
from umt.application.dependencies import MissingDependency, declared_dependencies
from umt.application.handlers import HANDLERS
from umt.application.services import Context
from umt.application.webhooks.receive_webhook import receive_webhook
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True)
class WhatTimeIsIt:
    pass


async def what_time_is_it(cmd: WhatTimeIsIt, ctx: Context, *, clock: Clock) -> datetime:
    return clock.now()


async def forecast(cmd: WhatTimeIsIt, ctx: Context, *, weather_service: object) -> None:
    return None


def a_bus(store: InMemoryStore, clock: FixedClock, handlers: dict[type, Handler]) -> MessageBus:
    ids = UuidV7Generator()
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids),
        services=in_memory_services(store, clock),
        handlers=handlers,
    )


async def test_a_handler_gets_the_collaborators_it_declares(
    store: InMemoryStore, clock: FixedClock
) -> None:
    bus = a_bus(store, clock, {WhatTimeIsIt: what_time_is_it})

    assert await bus.execute(WhatTimeIsIt()) == clock.now()


def test_a_collaborator_nothing_wires_fails_when_the_bus_is_built(
    store: InMemoryStore, clock: FixedClock
) -> None:
    with pytest.raises(MissingDependency, match="forecast needs weather_service"):
        a_bus(store, clock, {WhatTimeIsIt: forecast})


def test_every_handler_of_the_application_finds_what_it_declares(
    store: InMemoryStore, clock: FixedClock
) -> None:
    assert declared_dependencies(receive_webhook) == ("clock", "ids", "webhooks")
    a_bus(store, clock, dict(HANDLERS))  # raises MissingDependency if one is not provided
