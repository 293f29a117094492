"""The UnitOfWork port: the transaction boundary and the repositories that hang off it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar, overload

from umt.domain.shared.events import DomainEvent
from umt.ports.account_credential_store import AccountCredentialStore
from umt.ports.ad_decision_log import AdDecisionLog
from umt.ports.ad_performance import AdPerformanceReader
from umt.ports.ad_rule_repository import AdRuleRepository
from umt.ports.alert_rule_repository import AlertRuleRepository
from umt.ports.api_key_repository import ApiKeyRepository
from umt.ports.audit_log import AuditLog
from umt.ports.brand_repository import BrandRepository
from umt.ports.budget_caps import BudgetCaps
from umt.ports.calendar_proposal_repository import CalendarProposalRepository
from umt.ports.campaign_repository import CampaignRepository
from umt.ports.channel_account_repository import ChannelAccountRepository
from umt.ports.content_repository import ContentRepository
from umt.ports.conversion_paths import ConversionPathStore
from umt.ports.credential_store import CredentialStore
from umt.ports.evergreen_rule_repository import EvergreenRuleRepository
from umt.ports.experiment_metrics_reader import ExperimentMetricsReader
from umt.ports.experiment_repository import ExperimentRepository
from umt.ports.inbound_webhook_repository import InboundWebhookRepository
from umt.ports.insight_repository import InsightRepository
from umt.ports.integration_repository import IntegrationRepository
from umt.ports.invitation_repository import InvitationRepository
from umt.ports.membership_repository import MembershipRepository
from umt.ports.metric_rollups import MetricRollupReader
from umt.ports.metric_sample_reader import MetricSampleReader
from umt.ports.metric_sink import MetricSink
from umt.ports.oauth_state_store import OAuthStateStore
from umt.ports.observation_log import ObservationLog
from umt.ports.organization_repository import OrganizationRepository
from umt.ports.outbox import Outbox
from umt.ports.planned_publication_repository import PlannedPublicationRepository
from umt.ports.project_repository import ProjectRepository
from umt.ports.publication_repository import PublicationRepository
from umt.ports.recommendation_repository import RecommendationRepository
from umt.ports.refresh_token_repository import RefreshTokenRepository
from umt.ports.remote_objects import RemoteObjectIndex
from umt.ports.report_schedule_repository import ReportScheduleRepository
from umt.ports.research_repository import ResearchRepository
from umt.ports.rollup_totals import RollupTotalsReader
from umt.ports.sample_partitions import SamplePartitions
from umt.ports.schedule_repository import ScheduleRepository
from umt.ports.subject_totals import SubjectTotalsReader
from umt.ports.sync_state_repository import SyncStateRepository
from umt.ports.tagged_clicks import TaggedClickStore
from umt.ports.template_repository import TemplateRepository
from umt.ports.user_repository import UserRepository
from umt.ports.webhook_delivery_repository import WebhookDeliveryRepository
from umt.ports.webhook_subscription_repository import WebhookSubscriptionRepository


class UnitOfWork(Protocol):
    """``async with uow:`` opens a transaction that rolls back unless ``commit()`` ran.

    ``commit()`` writes the new events of every aggregate the repositories saw (they register
    them with the unit of work's ``AggregateTracker``) to the outbox in the same transaction,
    each with the audit entry the audit policy makes of it, then commits;
    ``collect_events()`` hands those events to the bus.

    The repositories are declared here once, typed, for the application; a backend declares
    how it builds each one with a ``LazyRepository`` (below), and nothing else lists them.
    """

    brands: BrandRepository
    projects: ProjectRepository
    organizations: OrganizationRepository
    users: UserRepository
    memberships: MembershipRepository
    refresh_tokens: RefreshTokenRepository
    outbox: Outbox
    api_keys: ApiKeyRepository
    audit_log: AuditLog
    invitations: InvitationRepository
    webhook_subscriptions: WebhookSubscriptionRepository
    webhook_deliveries: WebhookDeliveryRepository
    inbound_webhooks: InboundWebhookRepository
    integrations: IntegrationRepository
    credentials: CredentialStore
    oauth_states: OAuthStateStore
    content: ContentRepository
    templates: TemplateRepository
    # the experiments, their observation log, and its aggregation (read in the same
    # transaction, so an analysis and the conclusion it draws agree)
    experiments: ExperimentRepository
    observations: ObservationLog
    experiment_metrics: ExperimentMetricsReader
    # metrics: which umt subject a platform id stands for; analytics: the samples (synced
    # and ingested) with their daily rollups, and the upkeep of the samples' storage
    remote_objects: RemoteObjectIndex
    metric_samples: MetricSink
    metric_rollups: MetricRollupReader
    rollup_totals: RollupTotalsReader  # the reports' per-subject sums of the rollups
    report_schedules: ReportScheduleRepository  # scheduled reports and their deliveries
    sample_partitions: SamplePartitions
    insights: InsightRepository  # analytics insights, raised once each
    alert_rules: AlertRuleRepository  # brands' threshold alert rules
    channel_accounts: ChannelAccountRepository
    account_credentials: AccountCredentialStore  # a channel account's sealed own token
    publications: PublicationRepository  # the publishing calendar and the scheduler's claims
    schedules: ScheduleRepository  # recurring schedules, expanded into publications
    planned_publications: PlannedPublicationRepository  # slots held for unapproved pieces
    evergreen_rules: EvergreenRuleRepository  # the brands' recycling of their winners
    # advertising: campaigns, their rules, every decision taken on them, caps, performance
    campaigns: CampaignRepository
    ad_rules: AdRuleRepository
    ad_decisions: AdDecisionLog
    budget_caps: BudgetCaps
    ad_performance: AdPerformanceReader
    metric_readings: MetricSampleReader
    sync_states: SyncStateRepository
    research: ResearchRepository  # competitor research: sources, documents, crawls
    # attribution: conversion paths, and the tagged clicks not yet closed into one
    conversion_paths: ConversionPathStore
    tagged_clicks: TaggedClickStore
    # strategy: many subjects' latest totals at once (the best times to post)
    subject_totals: SubjectTotalsReader
    recommendations: RecommendationRepository  # stored, listable, dismissable
    calendar_proposals: CalendarProposalRepository  # proposed, then accepted once

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    def claim_message(self, key: str) -> None:
        """Make the next ``commit()`` also record that the message ``key`` was processed.

        If it already was, that commit raises ``AlreadyProcessed`` and applies nothing: the
        effect of a task and the record of having run it are one transaction, so a duplicate
        delivery can never apply the effect twice.
        """
        ...

    async def rollback(self) -> None: ...

    def collect_events(self) -> list[DomainEvent]:
        """The events committed by the last commit(), each returned once."""
        ...


class RepositoryHost(Protocol):
    """A unit of work whose repositories are ``LazyRepository`` descriptors: the repositories
    built in the current ``async with`` block, by attribute name (emptied when a block starts)."""

    _repositories: dict[str, Any]


H = TypeVar("H", bound=RepositoryHost)
R = TypeVar("R")


class LazyRepository(Generic[H, R]):
    """A repository of a unit of work, built on its first use in an ``async with`` block.

    A backend declares each repository once, as ``brands = LazyRepository(build)``; ``build``
    gets the unit of work (its connection or staging, and its one ``AggregateTracker``). A
    request touches one or two of the twenty-odd repositories: building them all on every
    ``async with`` cost more CPU than a write's statements (bench/http_read.py). A repository
    never outlives its block, and it registers what it loads with the shared tracker, so the
    unit of work needs no list of the repositories that can have seen aggregates.
    """

    __slots__ = ("_build", "_name")

    def __init__(self, build: Callable[[H], R]) -> None:
        self._build = build
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, uow: None, owner: type) -> Self: ...
    @overload
    def __get__(self, uow: H, owner: type) -> R: ...
    def __get__(self, uow: H | None, owner: type) -> Self | R:
        if uow is None:
            return self
        built = uow._repositories
        repository: R | None = built.get(self._name)
        if repository is None:
            repository = built[self._name] = self._build(uow)
        return repository

    def __set__(self, uow: H, repository: R) -> None:
        uow._repositories[self._name] = repository
