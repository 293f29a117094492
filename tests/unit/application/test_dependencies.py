"""A handler declares the collaborators it needs as keyword-only parameters; the bus binds them
by name when it is built, so one that nothing wires fails at start-up, not at a request."""

from __future__ import annotations

import dataclasses
import inspect
import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest
from tests.support.services import in_memory_services

from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryMessageInbox, InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.agents.catalogue import AGENTS
from umt.application.agents.execution import TaskExecutor
from umt.application.agents.names import Agent
from umt.application.agents.worker import AgentWorker
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import Handler, MessageBus
from umt.application.context_module import handlers_of
from umt.application.dependencies import (
    MissingDependency,
    bind_dependencies,
    declared_dependencies,
)
from umt.application.handlers import HANDLERS
from umt.application.modules import MODULES
from umt.application.principal import Principal
from umt.application.services import Context, Services
from umt.application.webhooks.receive_webhook import receive_webhook
from umt.domain.identity.permissions import Role
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


async def look_outside(
    cmd: WhatTimeIsIt, ctx: Context, *, weather_service: object = None
) -> object:
    return weather_service


async def test_a_collaborator_declared_with_a_default_is_optional(
    store: InMemoryStore, clock: FixedClock
) -> None:
    # nothing provides weather_service: the bus starts and the handler gets its default
    bus = a_bus(store, clock, {WhatTimeIsIt: look_outside})

    assert await bus.execute(WhatTimeIsIt()) is None
    bound = bind_dependencies(look_outside, {"weather_service": "sunny"})
    assert await bound(WhatTimeIsIt(), None) == "sunny"  # and it is bound once it is wired


def test_a_collaborator_left_unwired_fails_when_the_bus_is_built_naming_who_needs_it(
    store: InMemoryStore, clock: FixedClock
) -> None:
    services = dataclasses.replace(in_memory_services(store, clock), template_renderer=None)

    with pytest.raises(MissingDependency) as raised:
        MessageBus(
            uow_factory=lambda: InMemoryUnitOfWork(store), services=services, handlers=HANDLERS
        )

    assert str(raised.value).startswith(
        "the content context's create_template needs template_renderer (to handle "
        "CreateTemplate), which the composition does not wire"
    )


OPTIONAL_COLLABORATORS = [
    spec.name
    for spec in dataclasses.fields(Services)
    if spec.default is None  # left at None, not wired
]


def test_the_optional_collaborators_are_the_contexts_own() -> None:
    assert sorted(OPTIONAL_COLLABORATORS) == [
        "channel_credentials",
        "content_generator",
        "generation",
        "job_progress",
        "mail_sender",
        "password_strength",
        "publishers",
        "report_files",
        "research",
        "template_renderer",
        "webhooks",
    ]


@pytest.mark.parametrize("collaborator", OPTIONAL_COLLABORATORS)
def test_every_optional_collaborator_left_unwired_stops_the_bus_of_every_context(
    store: InMemoryStore, clock: FixedClock, collaborator: str
) -> None:
    services = dataclasses.replace(in_memory_services(store, clock), **{collaborator: None})
    needing = [
        (message, handler)
        for message, handler in HANDLERS.items()
        if collaborator in declared_dependencies(handler)
        and collaborator not in _optional_parameters(handler)
    ]
    assert needing, f"no handler needs {collaborator}: it need not be in Services"
    message, handler = needing[0]  # the bus binds in order and stops at the first
    context = handler.__module__.split(".")[2]

    with pytest.raises(MissingDependency) as raised:
        MessageBus(
            uow_factory=lambda: InMemoryUnitOfWork(store), services=services, handlers=HANDLERS
        )

    assert str(raised.value).startswith(
        f"the {context} context's {handler.__qualname__} needs {collaborator} "
        f"(to handle {message.__name__})"
    )


def _optional_parameters(handler: Handler) -> set[str]:
    return {
        name
        for name, parameter in inspect.signature(handler).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }


def bare_services(store: InMemoryStore, clock: FixedClock) -> Services:
    """What every process needs, and none of the contexts' own collaborators."""
    full = in_memory_services(store, clock)
    return Services(
        clock=clock,
        ids=full.ids,
        password_hasher=full.password_hasher,
        access_tokens=full.access_tokens,
        refresh_token_lifetime=full.refresh_token_lifetime,
        brand_reader=full.brand_reader,
        session_revocations=full.session_revocations,
        credential_cipher=None,
        sign_in_lockout=None,
    )


async def test_a_bus_serving_some_contexts_needs_only_their_collaborators(
    store: InMemoryStore, clock: FixedClock
) -> None:
    services = bare_services(store, clock)
    served = [m for m in MODULES if m.name in {"brand", "experiments"}]
    bus = MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event),
        services=services,
        handlers=handlers_of(served),
    )
    owner = Principal.for_member(uuid.uuid4(), uuid.uuid4(), Role.OWNER)

    brand = await bus.execute(CreateBrand(name="Acme"), owner)

    assert brand.name == "Acme"
    with pytest.raises(MissingDependency, match=r"context's .* needs "):
        MessageBus(
            uow_factory=lambda: InMemoryUnitOfWork(store), services=services, handlers=HANDLERS
        )


def test_an_agent_worker_whose_event_handler_needs_an_unwired_collaborator_does_not_start(
    store: InMemoryStore, clock: FixedClock
) -> None:
    services = dataclasses.replace(in_memory_services(store, clock), publishers=None)
    agent = AGENTS[Agent.CONTENT_AD_MANAGEMENT]
    executor = TaskExecutor(
        agent,
        a_bus(store, clock, {}),
        idempotency=InMemoryIdempotencyStore(),
        inbox=InMemoryMessageInbox(store),
        jobs=InMemoryJobStore(),
        clock=clock,
    )

    with pytest.raises(MissingDependency) as raised:
        AgentWorker(
            agent,
            InProcessBroker(),
            executor,
            services=services,
            uow_factory=lambda: InMemoryUnitOfWork(store),
            clock=clock,
            ids=UuidV7Generator(),
            instance_id="test",
        )

    assert str(raised.value).startswith(
        "the publishing_dispatch context's on_publication_due needs publishers "
        "(to handle events 'publication.due')"
    )
