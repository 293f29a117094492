"""The SQL unit of work: one connection and transaction per ``async with`` block."""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import groupby
from types import TracebackType
from typing import Any, Self, TypeVar

from umt.adapters.sql.advertising.campaigns import SqlCampaignRepository
from umt.adapters.sql.advertising.caps import SqlBudgetCaps
from umt.adapters.sql.advertising.decisions import SqlAdDecisionLog
from umt.adapters.sql.advertising.performance import SqlAdPerformanceReader
from umt.adapters.sql.advertising.rules import SqlAdRuleRepository
from umt.adapters.sql.analytics.partitions import SqlSamplePartitions
from umt.adapters.sql.analytics.report_schedules import SqlReportScheduleRepository
from umt.adapters.sql.analytics.rollups import SqlMetricRollupReader
from umt.adapters.sql.analytics.samples import SqlMetricSink
from umt.adapters.sql.analytics.totals import SqlRollupTotalsReader
from umt.adapters.sql.asyncio_package import AsyncConnection, AsyncEngine
from umt.adapters.sql.attribution.clicks import SqlTaggedClickStore
from umt.adapters.sql.attribution.paths import SqlConversionPathStore
from umt.adapters.sql.brand.brand_repository import SqlBrandRepository
from umt.adapters.sql.brand.project_repository import SqlProjectRepository
from umt.adapters.sql.channels.accounts import SqlChannelAccountRepository
from umt.adapters.sql.channels.credentials import SqlAccountCredentialStore
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
from umt.adapters.sql.insights.repositories import SqlAlertRuleRepository, SqlInsightRepository
from umt.adapters.sql.integration.repositories import (
    SqlCredentialStore,
    SqlIntegrationRepository,
    SqlOAuthStateStore,
)
from umt.adapters.sql.metrics.remote_objects import SqlRemoteObjectIndex
from umt.adapters.sql.metrics.sample_reader import SqlMetricSampleReader
from umt.adapters.sql.metrics.sync_states import SqlSyncStateRepository
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.publishing.evergreen_rules import SqlEvergreenRuleRepository
from umt.adapters.sql.publishing.plans import SqlPlannedPublicationRepository
from umt.adapters.sql.publishing.publications import SqlPublicationRepository
from umt.adapters.sql.publishing.schedules import SqlScheduleRepository
from umt.adapters.sql.research.repository import SqlResearchRepository
from umt.adapters.sql.shared.audit_log import SqlAuditLog, audit_row
from umt.adapters.sql.shared.inbox import record_processed
from umt.adapters.sql.shared.outbox import SqlOutbox, outbox_row
from umt.adapters.sql.strategy.proposals import SqlCalendarProposalRepository
from umt.adapters.sql.strategy.recommendations import SqlRecommendationRepository
from umt.adapters.sql.strategy.subject_totals import SqlSubjectTotalsReader
from umt.adapters.sql.webhooks.repositories import (
    SqlInboundWebhookRepository,
    SqlWebhookDeliveryRepository,
    SqlWebhookSubscriptionRepository,
)
from umt.domain.shared.events import DomainEvent
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.audit_log import AuditPolicy
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import LazyRepository, UnitOfWork

_log = logging.getLogger(__name__)

R = TypeVar("R")


def sql_repository(
    build: Callable[[AsyncConnection, PgTransaction | None, AggregateTracker], R],
) -> LazyRepository[SqlUnitOfWork, R]:
    """Declare a repository of the SQL unit of work: built on first use in a block, on the
    block's connection (and asyncpg transaction on PostgreSQL), with the unit of work's one
    tracker."""
    return LazyRepository(lambda uow: build(uow._require_connection(), uow._pg, uow._tracker()))


def _publications(uow: SqlUnitOfWork) -> SqlPublicationRepository:
    # with the unit of work's id generator: its claim writes hand-over outbox rows itself
    return SqlPublicationRepository(uow._require_connection(), uow._pg, uow._tracker(), uow._ids)


class SqlUnitOfWork(UnitOfWork):
    """A transaction over the SQL repositories, with the outbox written in the same commit.

    ``async with uow:`` checks a connection out of the engine's pool and begins a transaction;
    leaving the block rolls back whatever ``commit()`` did not commit and returns the
    connection. The object is reusable: each ``async with`` starts afresh, with new
    repositories and a new tracker. Connection failures surface as ``StorageUnavailable``.

    Each repository is declared once below; the commit collects events from the tracker the
    repositories register their aggregates with, not from a list of repositories.
    """

    brands = sql_repository(SqlBrandRepository)
    projects = sql_repository(SqlProjectRepository)
    organizations = sql_repository(SqlOrganizationRepository)
    users = sql_repository(SqlUserRepository)
    memberships = sql_repository(SqlMembershipRepository)
    refresh_tokens = sql_repository(SqlRefreshTokenRepository)
    outbox = sql_repository(SqlOutbox)
    api_keys = sql_repository(SqlApiKeyRepository)
    audit_log = sql_repository(SqlAuditLog)
    invitations = sql_repository(SqlInvitationRepository)
    webhook_subscriptions = sql_repository(SqlWebhookSubscriptionRepository)
    webhook_deliveries = sql_repository(SqlWebhookDeliveryRepository)
    inbound_webhooks = sql_repository(SqlInboundWebhookRepository)
    integrations = sql_repository(SqlIntegrationRepository)
    credentials = sql_repository(SqlCredentialStore)
    oauth_states = sql_repository(SqlOAuthStateStore)
    content = sql_repository(SqlContentRepository)
    templates = sql_repository(SqlTemplateRepository)
    experiments = sql_repository(SqlExperimentRepository)
    observations = sql_repository(SqlObservationLog)
    experiment_metrics = sql_repository(SqlExperimentMetricsReader)
    remote_objects = sql_repository(SqlRemoteObjectIndex)
    metric_samples = sql_repository(SqlMetricSink)
    metric_rollups = sql_repository(SqlMetricRollupReader)
    rollup_totals = sql_repository(SqlRollupTotalsReader)
    report_schedules = sql_repository(SqlReportScheduleRepository)
    sample_partitions = sql_repository(SqlSamplePartitions)
    insights = sql_repository(SqlInsightRepository)
    alert_rules = sql_repository(SqlAlertRuleRepository)
    channel_accounts = sql_repository(SqlChannelAccountRepository)
    account_credentials = sql_repository(SqlAccountCredentialStore)
    publications = LazyRepository(_publications)
    schedules = sql_repository(SqlScheduleRepository)
    planned_publications = sql_repository(SqlPlannedPublicationRepository)
    evergreen_rules = sql_repository(SqlEvergreenRuleRepository)
    campaigns = sql_repository(SqlCampaignRepository)
    ad_rules = sql_repository(SqlAdRuleRepository)
    ad_decisions = sql_repository(SqlAdDecisionLog)
    budget_caps = sql_repository(SqlBudgetCaps)
    ad_performance = sql_repository(SqlAdPerformanceReader)
    metric_readings = sql_repository(SqlMetricSampleReader)
    sync_states = sql_repository(SqlSyncStateRepository)
    research = sql_repository(SqlResearchRepository)
    conversion_paths = sql_repository(SqlConversionPathStore)
    tagged_clicks = sql_repository(SqlTaggedClickStore)
    subject_totals = sql_repository(SqlSubjectTotalsReader)
    recommendations = sql_repository(SqlRecommendationRepository)
    calendar_proposals = sql_repository(SqlCalendarProposalRepository)

    def __init__(self, engine: AsyncEngine, ids: IdGenerator, *, audit: AuditPolicy) -> None:
        self._engine = engine
        self._ids = ids
        self._audit = audit
        self._claimed: str | None = None
        self._connection: AsyncConnection | None = None
        self._pg: PgTransaction | None = None
        self._committed_events: list[DomainEvent] = []
        self._repositories: dict[str, Any] = {}  # this block's, by name (see LazyRepository)
        self._aggregates: AggregateTracker | None = None

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
        self._aggregates = None
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
        tracker = self._aggregates  # None: no repository was built, so no aggregate was seen
        events = tracker.new_events() if tracker is not None else []
        if self._claimed is not None:
            await record_processed(connection, self._pg, self._claimed)
        # every committed event leaves its audit entry (where the policy keeps one) in this
        # same transaction
        entries = [(event, self._audit(event, self._ids.new_id())) for event in events]
        if self._pg is not None and len(entries) > 1:
            # in commit order (the relay keeps each aggregate's events in outbox order), each
            # run of audited or unaudited events in one round trip
            rows = [(outbox_row(self._ids.new_id(), e), entry) for e, entry in entries]
            for audited, run in groupby(rows, key=lambda row: row[1] is not None):
                if audited:
                    await self._pg.insert_outboxes_with_audits(
                        [(outbox, audit_row(entry)) for outbox, entry in run if entry is not None]
                    )
                else:
                    await self._pg.insert_outboxes([outbox for outbox, _ in run])
        else:
            for event, entry in entries:
                if self._pg is not None and entry is not None:  # both rows in one round trip
                    await self._pg.insert_outbox_with_audit(
                        outbox_row(self._ids.new_id(), event), audit_row(entry)
                    )
                else:
                    await self.outbox.append(self._ids.new_id(), event)
                    if entry is not None:
                        await self.audit_log.append(entry)
        async with translate_errors("committing"):
            await (self._pg.commit() if self._pg is not None else connection.commit())
        # Only now are the events facts: clear them from the aggregates and hand them over.
        if tracker is not None:
            tracker.clear_events()
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

    def _tracker(self) -> AggregateTracker:
        # built with the first repository of a block: a block that reads nothing builds none
        if self._aggregates is None:
            self._aggregates = AggregateTracker()
        return self._aggregates
