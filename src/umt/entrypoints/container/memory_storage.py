"""``memory://``: the storage backend whose aggregates, outbox and inbox live in one
in-process store. Its own module so that a server on a database never imports the in-memory
adapters (``storage_for`` imports it only for ``memory://``; docs/benchmarks.md).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from dependency_injector import containers, providers

from umt.adapters.memory.brand_reader import InMemoryBrandReader
from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.outbox_feed import InMemoryOutboxFeed
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryMessageInbox, InMemoryUnitOfWork
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore
from umt.application.audit.entries import entry_for_event
from umt.entrypoints.container.storage import IDLE_ENGINE_URL, sql_engine
from umt.entrypoints.settings import Settings


class MemoryStorage(containers.DeclarativeContainer):
    """``memory://``: every aggregate, the outbox and the inbox in one in-process store (it
    cannot be down: nothing is guarded by a breaker)."""

    settings: Any = providers.Dependency(instance_of=Settings)
    telemetry: Any = providers.Dependency()
    ids: Any = providers.Dependency()
    breakers: Any = providers.Dependency()

    backend: Any = providers.Object("memory")
    engine: Any = providers.Resource(sql_engine, IDLE_ENGINE_URL, settings, telemetry)
    memory_store: Any = providers.Singleton(InMemoryStore)
    unit_of_work_factory: Any = providers.Singleton(
        partial, InMemoryUnitOfWork, memory_store, ids, audit=entry_for_event
    )
    brand_reader: Any = providers.Singleton(InMemoryBrandReader, memory_store)
    message_inbox: Any = providers.Singleton(InMemoryMessageInbox, memory_store)
    outbox_feed: Any = providers.Singleton(InMemoryOutboxFeed, memory_store)
    job_store: Any = providers.Singleton(InMemoryJobStore)
    generation_ledger: Any = providers.Singleton(InMemoryGenerationUsage)
    idempotency_store: Any = providers.Singleton(InMemoryIdempotencyStore)
    sandbox_store: Any = providers.Factory(InMemorySandboxStore)
