"""The in-memory unit of work: all-or-nothing commits over an InMemoryStore."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self
from uuid import UUID

from umt.adapters.memory.api_key_repository import InMemoryApiKeyRepository
from umt.adapters.memory.audit_log import InMemoryAuditLog
from umt.adapters.memory.brand_repository import InMemoryBrandRepository
from umt.adapters.memory.content_repository import InMemoryContentRepository
from umt.adapters.memory.experiment_repositories import (
    InMemoryExperimentMetricsReader,
    InMemoryExperimentRepository,
    InMemoryObservationLog,
)
from umt.adapters.memory.identity_repositories import (
    InMemoryMembershipRepository,
    InMemoryOrganizationRepository,
    InMemoryRefreshTokenRepository,
    InMemoryUserRepository,
)
from umt.adapters.memory.integration_repositories import (
    InMemoryCredentialStore,
    InMemoryIntegrationRepository,
    InMemoryOAuthStateStore,
)
from umt.adapters.memory.invitation_repository import InMemoryInvitationRepository
from umt.adapters.memory.project_repository import InMemoryProjectRepository
from umt.adapters.memory.store import InMemoryStore, Transaction
from umt.adapters.memory.template_repository import InMemoryTemplateRepository
from umt.adapters.memory.webhook_repositories import (
    InMemoryInboundWebhookRepository,
    InMemoryWebhookDeliveryRepository,
    InMemoryWebhookSubscriptionRepository,
)
from umt.application.audit.entries import entry_for_event
from umt.domain.shared.events import DomainEvent
from umt.ports.errors import AlreadyProcessed
from umt.ports.id_generator import IdGenerator
from umt.ports.message_inbox import MessageInbox
from umt.ports.outbox import Outbox, OutboxMessage
from umt.ports.unit_of_work import UnitOfWork


class InMemoryOutbox(Outbox):
    def __init__(self, store: InMemoryStore, tx: Transaction) -> None:
        self._store, self._tx = store, tx

    async def append(self, event_id: UUID, event: DomainEvent) -> None:
        message = OutboxMessage(
            id=event_id,
            event_type=event.event_type,
            aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id,
            organization_id=event.organization_id,
            occurred_at=event.occurred_at,
            payload=event.payload(),
        )
        self._tx.stage(lambda: self._store.outbox.append(message))

    async def pending(self, limit: int = 100) -> list[OutboxMessage]:
        return [m for m in self._store.outbox if m.published_at is None][:limit]


class InMemoryUnitOfWork(UnitOfWork):
    """Repositories stage their writes; commit applies them atomically under the store lock."""

    def __init__(self, store: InMemoryStore, ids: IdGenerator) -> None:
        self._store = store
        self._ids = ids
        self._tx = Transaction()
        self._committed_events: list[DomainEvent] = []
        self._claimed: str | None = None
        self._open()

    def _open(self) -> None:
        self._tx = Transaction()
        self.brands = InMemoryBrandRepository(self._store, self._tx)
        self.projects = InMemoryProjectRepository(self._store, self._tx)
        self.organizations = InMemoryOrganizationRepository(self._store, self._tx)
        self.users = InMemoryUserRepository(self._store, self._tx)
        self.memberships = InMemoryMembershipRepository(self._store, self._tx)
        self.refresh_tokens = InMemoryRefreshTokenRepository(self._store, self._tx)
        self.outbox = InMemoryOutbox(self._store, self._tx)
        self.api_keys = InMemoryApiKeyRepository(self._store, self._tx)
        self.audit_log = InMemoryAuditLog(self._store, self._tx)
        self.invitations = InMemoryInvitationRepository(self._store, self._tx)
        self.webhook_subscriptions = InMemoryWebhookSubscriptionRepository(self._store, self._tx)
        self.webhook_deliveries = InMemoryWebhookDeliveryRepository(self._store, self._tx)
        self.inbound_webhooks = InMemoryInboundWebhookRepository(self._store, self._tx)
        self.integrations = InMemoryIntegrationRepository(self._store, self._tx)
        self.credentials = InMemoryCredentialStore(self._store, self._tx)
        self.oauth_states = InMemoryOAuthStateStore(self._store, self._tx)
        self.content = InMemoryContentRepository(self._store, self._tx)
        self.templates = InMemoryTemplateRepository(self._store, self._tx)
        self.experiments = InMemoryExperimentRepository(self._store, self._tx)
        self.observations = InMemoryObservationLog(self._store, self._tx)
        self.experiment_metrics = InMemoryExperimentMetricsReader(self._store)

    async def __aenter__(self) -> Self:
        self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        events = self._pending_events()
        for event in events:
            await self.outbox.append(self._ids.new_id(), event)
            await self.audit_log.append(entry_for_event(event, self._ids.new_id()))
        if self._claimed is not None:
            self._stage_claim(self._claimed)
        async with self._store.lock:
            self._tx.apply()
        self._committed_events.extend(events)
        self._claimed = None

    def claim_message(self, key: str) -> None:
        self._claimed = key

    def _stage_claim(self, key: str) -> None:
        processed = self._store.processed_messages

        def unclaimed() -> None:
            if key in processed:
                raise AlreadyProcessed(key)

        self._tx.stage(lambda: processed.add(key), unclaimed)

    async def rollback(self) -> None:
        self._tx.clear()

    def collect_events(self) -> list[DomainEvent]:
        events, self._committed_events = self._committed_events, []
        return events

    def _pending_events(self) -> list[DomainEvent]:
        aggregates: list[Any] = [
            *self.brands.seen(),
            *self.projects.seen(),
            *self.organizations.seen(),
            *self.users.seen(),
            *self.memberships.seen(),
            *self.api_keys.seen(),
            *self.invitations.seen(),
            *self.integrations.seen(),
            *self.content.seen(),
            *self.templates.seen(),
            *self.experiments.seen(),
        ]
        events: list[DomainEvent] = []
        for aggregate in aggregates:
            events.extend(aggregate.events)
            aggregate.events.clear()
        events.sort(key=lambda e: e.occurred_at)
        return events


class InMemoryMessageInbox(MessageInbox):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def processed(self, key: str) -> bool:
        return key in self._store.processed_messages
