"""The committed state shared by in-memory units of work, and the staging of one transaction."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.rule import AdRule
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.domain.analytics.insights.insight import Insight
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule
from umt.domain.attribution.paths import ConversionPath
from umt.domain.audit.entry import AuditEntry
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.domain.content.piece import ContentPiece
from umt.domain.content.template import ContentTemplate
from umt.domain.experiments.experiment import Experiment
from umt.domain.experiments.observation import Observation
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import Membership, Organization, RefreshToken, User
from umt.domain.integration.deliveries import WebhookDelivery
from umt.domain.integration.inbound import InboundWebhook
from umt.domain.integration.integration import Integration
from umt.domain.integration.webhooks import WebhookSubscription
from umt.domain.metrics.sync_state import SyncState
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.evergreen import EvergreenRule
from umt.domain.publishing.planned_publication import PlannedPublication
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.schedule import Schedule
from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.domain.research.enrichment import BrandEnrichment
from umt.domain.shared.errors import StaleVersion
from umt.domain.strategy.calendar import CalendarProposal
from umt.domain.strategy.recommendation import Recommendation
from umt.ports.ad_decision_log import PacingCheck, RuleEvaluation
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.credential_cipher import SealedSecret
from umt.ports.metric_rollups import MetricRollup
from umt.ports.metric_sink import MetricSample
from umt.ports.oauth_state_store import PendingAuthorization
from umt.ports.outbox import OutboxMessage
from umt.ports.remote_objects import RemoteObject
from umt.ports.tagged_clicks import TaggedClick

T = TypeVar("T")


@dataclass(slots=True)
class InMemoryStore:
    """Committed aggregates. Units of work read copies and write back only on commit."""

    brands: dict[UUID, Brand] = field(default_factory=dict)
    projects: dict[UUID, Project] = field(default_factory=dict)
    organizations: dict[UUID, Organization] = field(default_factory=dict)
    users: dict[UUID, User] = field(default_factory=dict)
    memberships: dict[tuple[UUID, UUID], Membership] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    outbox: list[OutboxMessage] = field(default_factory=list)
    processed_messages: set[str] = field(default_factory=set)
    # ids of outbox rows held by an open OutboxFeed claim (the in-memory row locks)
    outbox_claimed: set[UUID] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # refresh tokens being spent by an open transaction, and the event its end sets (the
    # in-memory row locks: a concurrent spend waits for it, as on PostgreSQL)
    refresh_token_holds: dict[str, tuple[Transaction, asyncio.Event]] = field(default_factory=dict)
    api_keys: dict[UUID, ApiKey] = field(default_factory=dict)
    audit_log: list[AuditEntry] = field(default_factory=list)
    invitations: dict[UUID, Invitation] = field(default_factory=dict)
    # webhooks
    webhook_subscriptions: dict[UUID, WebhookSubscription] = field(default_factory=dict)
    webhook_deliveries: dict[UUID, WebhookDelivery] = field(default_factory=dict)
    inbound_webhooks: dict[UUID, InboundWebhook] = field(default_factory=dict)
    inbound_webhook_digests: set[tuple[str, str]] = field(default_factory=set)
    # the integration context: aggregates, sealed credentials (integration id → (org, sealed)),
    # authorizations in flight by state hash
    integrations: dict[UUID, Integration] = field(default_factory=dict)
    credentials: dict[UUID, tuple[UUID, SealedSecret]] = field(default_factory=dict)
    oauth_states: dict[str, PendingAuthorization] = field(default_factory=dict)
    # the content library
    content: dict[UUID, ContentPiece] = field(default_factory=dict)
    templates: dict[UUID, ContentTemplate] = field(default_factory=dict)
    # experiments and their observations by (experiment id, event id)
    experiments: dict[UUID, Experiment] = field(default_factory=dict)
    observations: dict[tuple[UUID, str], Observation] = field(default_factory=dict)
    # metrics: platform ids by (channel account id, remote id), samples by their key
    remote_objects: dict[tuple[UUID, str], RemoteObject] = field(default_factory=dict)
    metric_samples: dict[tuple[object, ...], MetricSample] = field(default_factory=dict)
    # analytics: each series' samples (by sample key) and daily buckets (by day), per
    # (organization, subject id, subject kind, metric)
    metric_series: dict[tuple[object, ...], dict[tuple[object, ...], MetricSample]] = field(
        default_factory=dict
    )
    metric_rollups: dict[tuple[object, ...], dict[date, MetricRollup]] = field(default_factory=dict)
    # channel accounts, and the sealed own tokens of some (account id → (org, sealed))
    channel_accounts: dict[UUID, ChannelAccount] = field(default_factory=dict)
    account_credentials: dict[UUID, tuple[UUID, SealedSecret]] = field(default_factory=dict)
    # the publishing calendar, and the ids held by open claims (the in-memory row locks)
    publications: dict[UUID, Publication] = field(default_factory=dict)
    publication_holds: set[UUID] = field(default_factory=set)
    # recurring schedules, and the ids an open expansion holds
    schedules: dict[UUID, Schedule] = field(default_factory=dict)
    schedule_holds: set[UUID] = field(default_factory=set)
    # the brands' evergreen rules, and the ids an open recycling pass holds
    evergreen_rules: dict[UUID, EvergreenRule] = field(default_factory=dict)
    evergreen_holds: set[UUID] = field(default_factory=set)
    # advertising: campaigns, rules, their decisions (by claim key) and the budget caps
    campaigns: dict[UUID, Campaign] = field(default_factory=dict)
    ad_rules: dict[UUID, AdRule] = field(default_factory=dict)
    rule_evaluations: dict[tuple[UUID, UUID, str], RuleEvaluation] = field(default_factory=dict)
    pacing_checks: dict[tuple[UUID, str], PacingCheck] = field(default_factory=dict)
    budget_caps: dict[tuple[UUID, UUID | None, str], BudgetCap] = field(default_factory=dict)
    metric_sync_states: dict[UUID, SyncState] = field(default_factory=dict)
    # competitor research: sources by (org, brand, competitor, url), documents by (org,
    # brand, url), crawls by id
    research_sources: dict[tuple[UUID, UUID, UUID, str], ResearchSource] = field(
        default_factory=dict
    )
    research_documents: dict[tuple[UUID, UUID, str], ResearchDocument] = field(default_factory=dict)
    research_crawls: dict[UUID, ResearchCrawl] = field(default_factory=dict)
    brand_enrichments: dict[UUID, BrandEnrichment] = field(default_factory=dict)  # by id
    # scheduled reports, and their deliveries by id
    report_schedules: dict[UUID, ReportSchedule] = field(default_factory=dict)
    report_deliveries: dict[UUID, ReportDelivery] = field(default_factory=dict)
    # attribution: conversion paths and tagged clicks, by (organization, brand, key)
    conversion_paths: dict[tuple[UUID, UUID, str], ConversionPath] = field(default_factory=dict)
    tagged_clicks: dict[tuple[UUID, UUID, str], TaggedClick] = field(default_factory=dict)
    # analytics insights by id, their keys per (organization, brand, key), alert rules by id
    insights: dict[UUID, Insight] = field(default_factory=dict)
    insight_keys: dict[tuple[UUID, UUID, str], UUID] = field(default_factory=dict)
    alert_rules: dict[UUID, AlertRule] = field(default_factory=dict)
    # strategy: recommendations by id
    recommendations: dict[UUID, Recommendation] = field(default_factory=dict)
    calendar_proposals: dict[UUID, CalendarProposal] = field(default_factory=dict)
    # publishing: slots held for pieces not approved yet, by id
    planned_publications: dict[UUID, PlannedPublication] = field(default_factory=dict)


def detached(value: T) -> T:
    """A deep copy without pending events, so callers never share state with the store."""
    clone = copy.deepcopy(value)
    events = getattr(clone, "events", None)
    if isinstance(events, list):
        events.clear()
    return clone


class Transaction:
    """Checks and writes staged by repositories, run all-or-nothing on commit."""

    def __init__(self) -> None:
        self.checks: list[Callable[[], None]] = []
        self.writes: list[Callable[[], object]] = []
        self.releases: list[Callable[[], None]] = []

    def stage(self, write: Callable[[], object], check: Callable[[], None] | None = None) -> None:
        if check is not None:
            check()  # fail early, as a database statement would
            self.checks.append(check)
        self.writes.append(write)

    def apply(self) -> None:
        for check in self.checks:
            check()
        for write in self.writes:
            write()
        self.clear()

    def hold(self, release: Callable[[], None]) -> None:
        """Run ``release`` when the transaction ends, committed or not (a lock it holds)."""
        self.releases.append(release)

    def clear(self) -> None:
        self.checks.clear()
        self.writes.clear()
        releases, self.releases = self.releases, []
        for release in releases:
            release()


def version_check(
    table: dict[Any, Any], key: Any, loaded_version: int, what: str
) -> Callable[[], None]:
    """A check that the stored row still has the version this transaction loaded."""

    def check() -> None:
        current = table.get(key)
        if current is None or current.version != loaded_version:
            raise StaleVersion(f"{what} was changed or deleted by someone else; reload it")

    return check


class InMemoryRepository:
    """Base of the repositories of an in-memory unit of work: the committed store, the
    transaction that stages their writes, and the unit of work's tracker, with which they
    register every aggregate they hand out or stage (so its events are committed)."""

    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        self._store = store
        self._tx = tx
        self._tracker = tracker
