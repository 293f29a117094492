"""The SQL unit of work: one connection and transaction per ``async with`` block."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar, overload

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from umt.adapters.sql.brand.brand_repository import SqlBrandRepository
from umt.adapters.sql.brand.project_repository import SqlProjectRepository
from umt.adapters.sql.content.content_repository import SqlContentRepository
from umt.adapters.sql.content.template_repository import SqlTemplateRepository
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.experiments.metrics_reader import SqlExperimentMetricsReader
from umt.adapters.sql.experiments.repositories import SqlExperimentRepository, SqlObservationLog
from umt.adapters.sql.identity.api_key_repository import SqlApiKeyRepository
from umt.adapters.sql.identity.invitation_repository import SqlInvitationRepository
from umt.adapters.sql.identity.membership_repository import SqlMembershipRepository
from umt.adapters.sql.identity.organization_repository import SqlOrganizationRepository
from umt.adapters.sql.identity.refresh_token_repository import SqlRefreshTokenRepository
from umt.adapters.sql.identity.user_repository import SqlUserRepository
from umt.adapters.sql.integration.repositories import (
    SqlCredentialStore,
    SqlIntegrationRepository,
    SqlOAuthStateStore,
)
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.shared.audit_log import SqlAuditLog, audit_row
from umt.adapters.sql.shared.inbox import record_processed
from umt.adapters.sql.shared.outbox import SqlOutbox, outbox_row
from umt.adapters.sql.webhooks.repositories import (
    SqlInboundWebhookRepository,
    SqlWebhookDeliveryRepository,
    SqlWebhookSubscriptionRepository,
)
from umt.application.audit.entries import entry_for_event
from umt.domain.shared.events import DomainEvent
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

_log = logging.getLogger(__name__)

R = TypeVar("R")


class _Repository(Generic[R]):
    """A repository of the unit of work, built on its first use in an ``async with`` block.

    A request touches one or two of the twenty-odd repositories; building them all on every
    ``async with`` cost more CPU than a write's statements (bench/http_read.py). Each block
    starts with none (``__aenter__`` empties the cache), so a repository never outlives its
    connection, and only the repositories built can have seen aggregates with events.
    """

    def __init__(self, build: Callable[[AsyncConnection, PgTransaction | None], R]) -> None:
        self._build = build
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, uow: None, owner: type) -> Self: ...
    @overload
    def __get__(self, uow: SqlUnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: SqlUnitOfWork | None, owner: type) -> Self | R:
        if uow is None:
            return self
        built = uow._repositories
        repository: R | None = built.get(self._name)
        if repository is None:
            repository = self._build(uow._require_connection(), uow._pg)
            built[self._name] = repository
        return repository

    def __set__(self, uow: SqlUnitOfWork, repository: R) -> None:
        uow._repositories[self._name] = repository


class _EventSource(Protocol):
    events: list[DomainEvent]


class SqlUnitOfWork(UnitOfWork):
    """A transaction over the SQL repositories, with the outbox written in the same commit.

    ``async with uow:`` checks a connection out of the engine's pool and begins a transaction;
    leaving the block rolls back whatever ``commit()`` did not commit and returns the
    connection. The object is reusable: each ``async with`` starts afresh, with new
    repositories. Connection failures surface as ``StorageUnavailable``.
    """

    brands = _Repository(SqlBrandRepository)
    projects = _Repository(lambda c, _: SqlProjectRepository(c))
    organizations = _Repository(lambda c, _: SqlOrganizationRepository(c))
    users = _Repository(lambda c, _: SqlUserRepository(c))
    memberships = _Repository(lambda c, _: SqlMembershipRepository(c))
    refresh_tokens = _Repository(lambda c, _: SqlRefreshTokenRepository(c))
    outbox = _Repository(SqlOutbox)
    api_keys = _Repository(lambda c, _: SqlApiKeyRepository(c))
    audit_log = _Repository(SqlAuditLog)
    invitations = _Repository(lambda c, _: SqlInvitationRepository(c))
    webhook_subscriptions = _Repository(lambda c, _: SqlWebhookSubscriptionRepository(c))
    webhook_deliveries = _Repository(lambda c, _: SqlWebhookDeliveryRepository(c))
    inbound_webhooks = _Repository(lambda c, _: SqlInboundWebhookRepository(c))
    integrations = _Repository(lambda c, _: SqlIntegrationRepository(c))
    credentials = _Repository(lambda c, _: SqlCredentialStore(c))
    oauth_states = _Repository(lambda c, _: SqlOAuthStateStore(c))
    content = _Repository(lambda c, _: SqlContentRepository(c))
    templates = _Repository(lambda c, _: SqlTemplateRepository(c))
    experiments = _Repository(lambda c, _: SqlExperimentRepository(c))
    observations = _Repository(lambda c, _: SqlObservationLog(c))
    experiment_metrics = _Repository(lambda c, _: SqlExperimentMetricsReader(c))

    def __init__(self, engine: AsyncEngine, ids: IdGenerator) -> None:
        self._engine = engine
        self._ids = ids
        self._claimed: str | None = None
        self._connection: AsyncConnection | None = None
        self._pg: PgTransaction | None = None
        self._committed_events: list[DomainEvent] = []
        self._repositories: dict[str, Any] = {}  # this block's, by name (see _Repository)

    async def __aenter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("this unit of work is already in use; it is not re-entrant")
        async with translate_errors("opening a transaction"):
            connection = await self._engine.connect()
            try:
                if connection.dialect.name == "postgresql":
                    connection, self._pg = await PgTransaction.begin(connection)
                else:
                    await connection.begin()
            except BaseException:
                # BEGIN may have reached the server (e.g. a cancelled start): never pool it
                await connection.invalidate()
                await connection.close()
                raise
        self._connection = connection
        self._repositories = {}
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        pg, self._pg = self._pg, None
        if connection is None:
            return
        try:
            async with translate_errors("ending a transaction"):
                # A no-op after commit(); otherwise this discards the uncommitted work.
                await (pg.rollback() if pg is not None else connection.rollback())
        except Exception:
            if exc is None:
                raise
            # The block already failed (often for the same outage): let its error surface,
            # not this secondary one. The pool discards a connection it cannot reset.
            _log.warning("rollback failed while handling %s", exc_type, exc_info=True)
        finally:
            if pg is not None and not pg.finished:
                # The transaction may still be open on the server (a cancelled or failed
                # rollback): never hand that connection to the next unit of work.
                await connection.invalidate()
            await connection.close()

    async def commit(self) -> None:
        connection = self._require_connection()
        sources = self._event_sources()
        # Oldest first across aggregates (a stable sort keeps each aggregate's own order), the
        # same order the in-memory unit of work produces.
        events = sorted(
            (event for source in sources for event in source.events), key=lambda e: e.occurred_at
        )
        if self._claimed is not None:
            await record_processed(connection, self._pg, self._claimed)
        for event in events:
            # every committed event leaves its audit entry in this same transaction
            entry = entry_for_event(event, self._ids.new_id())
            if self._pg is not None:  # both rows in one round trip
                await self._pg.insert_outbox_with_audit(
                    outbox_row(self._ids.new_id(), event), audit_row(entry)
                )
            else:
                await self.outbox.append(self._ids.new_id(), event)
                await self.audit_log.append(entry)
        async with translate_errors("committing"):
            await (self._pg.commit() if self._pg is not None else connection.commit())
        # Only now are the events facts: clear them from the aggregates and hand them over.
        for source in sources:
            source.events.clear()
        self._committed_events.extend(events)
        self._claimed = None

    def claim_message(self, key: str) -> None:
        self._claimed = key

    async def rollback(self) -> None:
        connection = self._require_connection()
        async with translate_errors("rolling back"):
            await (self._pg.rollback() if self._pg is not None else connection.rollback())

    def collect_events(self) -> list[DomainEvent]:
        events, self._committed_events = self._committed_events, []
        return events

    def _require_connection(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._connection

    def _event_sources(self) -> list[_EventSource]:
        # only a repository built in this block can have seen an aggregate
        sources: list[_EventSource] = []
        for name in _WITH_AGGREGATES:
            repository = self._repositories.get(name)
            if repository is not None:
                sources.extend(repository.seen())
        return sources


# The repositories that remember the aggregates they load (``seen()``), in the order their
# events were collected before repositories were built lazily.
_WITH_AGGREGATES = (
    "brands",
    "projects",
    "organizations",
    "users",
    "memberships",
    "api_keys",
    "invitations",
    "integrations",
    "content",
    "templates",
    "experiments",
)
