"""The in-memory unit of work: all-or-nothing commits over an InMemoryStore."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar
from uuid import UUID

from umt.adapters.memory.ad_performance import InMemoryAdPerformanceReader
from umt.adapters.memory.advertising_repositories import (
    InMemoryAdDecisionLog,
    InMemoryAdRuleRepository,
    InMemoryBudgetCaps,
    InMemoryCampaignRepository,
)
from umt.adapters.memory.analytics import (
    InMemoryMetricRollupReader,
    InMemoryMetricSink,
    InMemorySamplePartitions,
)
from umt.adapters.memory.api_key_repository import InMemoryApiKeyRepository
from umt.adapters.memory.attribution_repositories import (
    InMemoryConversionPathStore,
    InMemoryTaggedClickStore,
)
from umt.adapters.memory.audit_log import InMemoryAuditLog
from umt.adapters.memory.brand_repository import InMemoryBrandRepository
from umt.adapters.memory.calendar_proposal_repository import InMemoryCalendarProposalRepository
from umt.adapters.memory.channel_account_repository import (
    InMemoryAccountCredentialStore,
    InMemoryChannelAccountRepository,
)
from umt.adapters.memory.content_repository import InMemoryContentRepository
from umt.adapters.memory.evergreen_rule_repository import InMemoryEvergreenRuleRepository
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
from umt.adapters.memory.insight_repositories import (
    InMemoryAlertRuleRepository,
    InMemoryInsightRepository,
)
from umt.adapters.memory.integration_repositories import (
    InMemoryCredentialStore,
    InMemoryIntegrationRepository,
    InMemoryOAuthStateStore,
)
from umt.adapters.memory.invitation_repository import InMemoryInvitationRepository
from umt.adapters.memory.metric_repositories import (
    InMemoryMetricSampleReader,
    InMemoryRemoteObjectIndex,
)
from umt.adapters.memory.planned_publication_repository import (
    InMemoryPlannedPublicationRepository,
)
from umt.adapters.memory.project_repository import InMemoryProjectRepository
from umt.adapters.memory.publication_repository import InMemoryPublicationRepository
from umt.adapters.memory.recommendation_repository import InMemoryRecommendationRepository
from umt.adapters.memory.report_schedule_repository import InMemoryReportScheduleRepository
from umt.adapters.memory.research_repository import InMemoryResearchRepository
from umt.adapters.memory.rollup_totals import InMemoryRollupTotalsReader
from umt.adapters.memory.schedule_repository import InMemoryScheduleRepository
from umt.adapters.memory.store import InMemoryRepository, InMemoryStore, Transaction
from umt.adapters.memory.subject_totals import InMemorySubjectTotalsReader
from umt.adapters.memory.sync_state_repository import InMemorySyncStateRepository
from umt.adapters.memory.template_repository import InMemoryTemplateRepository
from umt.adapters.memory.webhook_repositories import (
    InMemoryInboundWebhookRepository,
    InMemoryWebhookDeliveryRepository,
    InMemoryWebhookSubscriptionRepository,
)
from umt.domain.shared.events import DomainEvent
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.audit_log import AuditPolicy
from umt.ports.errors import AlreadyProcessed
from umt.ports.id_generator import IdGenerator
from umt.ports.message_inbox import MessageInbox
from umt.ports.outbox import Outbox, OutboxMessage
from umt.ports.unit_of_work import LazyRepository, UnitOfWork


class InMemoryOutbox(InMemoryRepository, Outbox):
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


R = TypeVar("R")


def memory_repository(
    build: Callable[[InMemoryStore, Transaction, AggregateTracker], R],
) -> LazyRepository[InMemoryUnitOfWork, R]:
    """Declare a repository of the in-memory unit of work: built on first use in a block, from
    the store, the block's transaction and the unit of work's tracker."""
    return LazyRepository(lambda uow: build(uow._store, uow._tx, uow._tracker()))


class InMemoryUnitOfWork(UnitOfWork):
    """Repositories stage their writes; commit applies them atomically under the store lock.

    Each repository is declared once below; the ones an ``async with`` block uses are built on
    first use and register what they load or stage with the block's one ``AggregateTracker``,
    whose aggregates' events the commit writes to the outbox and, through ``audit`` (the
    application's audit policy), to the audit log.
    """

    brands = memory_repository(InMemoryBrandRepository)
    projects = memory_repository(InMemoryProjectRepository)
    organizations = memory_repository(InMemoryOrganizationRepository)
    users = memory_repository(InMemoryUserRepository)
    memberships = memory_repository(InMemoryMembershipRepository)
    refresh_tokens = memory_repository(InMemoryRefreshTokenRepository)
    outbox = memory_repository(InMemoryOutbox)
    api_keys = memory_repository(InMemoryApiKeyRepository)
    audit_log = memory_repository(InMemoryAuditLog)
    invitations = memory_repository(InMemoryInvitationRepository)
    webhook_subscriptions = memory_repository(InMemoryWebhookSubscriptionRepository)
    webhook_deliveries = memory_repository(InMemoryWebhookDeliveryRepository)
    inbound_webhooks = memory_repository(InMemoryInboundWebhookRepository)
    integrations = memory_repository(InMemoryIntegrationRepository)
    credentials = memory_repository(InMemoryCredentialStore)
    oauth_states = memory_repository(InMemoryOAuthStateStore)
    content = memory_repository(InMemoryContentRepository)
    templates = memory_repository(InMemoryTemplateRepository)
    experiments = memory_repository(InMemoryExperimentRepository)
    observations = memory_repository(InMemoryObservationLog)
    experiment_metrics = memory_repository(
        lambda store, _tx, _t: InMemoryExperimentMetricsReader(store)
    )
    remote_objects = memory_repository(InMemoryRemoteObjectIndex)
    metric_samples = memory_repository(InMemoryMetricSink)
    metric_rollups = memory_repository(lambda store, _tx, _t: InMemoryMetricRollupReader(store))
    rollup_totals = memory_repository(lambda store, _tx, _t: InMemoryRollupTotalsReader(store))
    report_schedules = memory_repository(InMemoryReportScheduleRepository)
    sample_partitions = memory_repository(InMemorySamplePartitions)
    insights = memory_repository(InMemoryInsightRepository)
    alert_rules = memory_repository(InMemoryAlertRuleRepository)
    channel_accounts = memory_repository(InMemoryChannelAccountRepository)
    account_credentials = memory_repository(InMemoryAccountCredentialStore)
    publications = memory_repository(InMemoryPublicationRepository)
    schedules = memory_repository(InMemoryScheduleRepository)
    planned_publications = memory_repository(InMemoryPlannedPublicationRepository)
    evergreen_rules = memory_repository(InMemoryEvergreenRuleRepository)
    campaigns = memory_repository(InMemoryCampaignRepository)
    ad_rules = memory_repository(InMemoryAdRuleRepository)
    ad_decisions = memory_repository(InMemoryAdDecisionLog)
    budget_caps = memory_repository(InMemoryBudgetCaps)
    ad_performance = memory_repository(lambda store, _tx, _t: InMemoryAdPerformanceReader(store))
    metric_readings = memory_repository(lambda store, _tx, _t: InMemoryMetricSampleReader(store))
    sync_states = memory_repository(InMemorySyncStateRepository)
    research = memory_repository(InMemoryResearchRepository)
    conversion_paths = memory_repository(InMemoryConversionPathStore)
    tagged_clicks = memory_repository(InMemoryTaggedClickStore)
    recommendations = memory_repository(InMemoryRecommendationRepository)
    calendar_proposals = memory_repository(InMemoryCalendarProposalRepository)
    subject_totals = memory_repository(lambda store, _tx, _t: InMemorySubjectTotalsReader(store))

    def __init__(self, store: InMemoryStore, ids: IdGenerator, *, audit: AuditPolicy) -> None:
        self._store = store
        self._ids = ids
        self._audit = audit
        self._tx = Transaction()
        self._committed_events: list[DomainEvent] = []
        self._claimed: str | None = None
        self._repositories: dict[str, Any] = {}  # this block's, by name (see LazyRepository)
        self._aggregates: AggregateTracker | None = None

    def _tracker(self) -> AggregateTracker:
        # built with the first repository of a block: a block that reads nothing builds none
        if self._aggregates is None:
            self._aggregates = AggregateTracker()
        return self._aggregates

    async def __aenter__(self) -> Self:
        self._tx = Transaction()
        self._repositories = {}
        self._aggregates = None
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
            entry = self._audit(event, self._ids.new_id())
            if entry is not None:
                await self.audit_log.append(entry)
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
        tracker = self._aggregates
        if tracker is None:
            return []
        events = tracker.new_events()
        tracker.clear_events()
        return events


class InMemoryMessageInbox(MessageInbox):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def processed(self, key: str) -> bool:
        return key in self._store.processed_messages
