"""What every kind of domain event puts on the wire, pinned: the outbox payload (which the
broker, the event messages and the webhook bodies carry) and the audit entry's before/after.

The scenarios below drive each aggregate through its methods with fixed ids and times, so a
change in how events are built (their typed fields) cannot change a byte of what leaves the
process. ``tests/snapshots/events.json`` holds the output; set ``UMT_UPDATE_SNAPSHOTS=1`` to
rewrite it when a payload is meant to change.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from tests.unit.domain.advertising.event_scenarios import advertising_events
from tests.unit.domain.analytics.event_scenarios import insight_events
from tests.unit.domain.strategy_event_scenarios import report_schedule_events, strategy_events

import umt.domain
from umt.application.audit.entries import entry_for_event
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.brand.audience import AgeRange, Audience, Competitor
from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.brand.project import Goal, Project, ProjectStatus, ProjectType
from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.review import TextAnchor
from umt.domain.content.template import ContentTemplate
from umt.domain.content.version import Author
from umt.domain.experiments.design import (
    Arm,
    ExperimentMode,
    Metric,
    MetricKind,
    MinimumDetectableEffect,
)
from umt.domain.experiments.experiment import Experiment, StoppingReason
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.members import Authority, transfer_ownership
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.identity.permissions import Permission, Role
from umt.domain.integration.errors import ErrorReason, Rejection
from umt.domain.integration.inbound import NO_ORGANIZATION, WebhookReceived, WebhookStored
from umt.domain.integration.integration import Account, Integration
from umt.domain.integration.platforms import Platform
from umt.domain.metrics.sync_state import SyncCounts, SyncState
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.evergreen import EvergreenPick, EvergreenRule
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.publishing.schedule import Frequency, Schedule
from umt.domain.research.crawl import CrawlFailure, ResearchCrawl
from umt.domain.shared.events import DomainEvent
from umt.domain.shared.values import Email, Url

SNAPSHOT = Path(__file__).parents[2] / "snapshots" / "events.json"
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def uid(n: int) -> Any:
    """A fixed id (typed Any: the aggregates take their NewType ids)."""
    return UUID(int=n)


ORG = uid(1)
OWNER = uid(2)
WRITER = Author.user(uid(3))
BOT = Author.named_agent("writer")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def brand_events() -> Iterator[DomainEvent]:
    brand = Brand.create(id=uid(10), organization_id=ORG, name="Acme Coffee", slug=None, now=T0)
    brand.update(
        {
            "industry": "coffee",
            "website": Url("https://acme.example"),
            "voice": VoiceGuide(tone=("warm",)),
        },
        now=at(1),
    )
    audience = Audience(id=uid(11), persona_name="Busy CTO", created_at=T0, updated_at=T0)
    brand.add_audience(audience, now=at(2))
    brand.update_audience(
        uid(11), {"age_range": AgeRange(30, 50), "interests": ("tea",)}, now=at(3)
    )
    brand.archive_audience(uid(11), now=at(4))
    brand.remove_audience(uid(11), now=at(5))
    competitor = Competitor(id=uid(12), name="Beanz", created_at=T0, updated_at=T0)
    brand.add_competitor(competitor, now=at(6))
    brand.update_competitor(
        uid(12), {"notes": "cheap", "website": Url("https://b.example")}, now=at(7)
    )
    brand.archive_competitor(uid(12), now=at(8))
    brand.remove_competitor(uid(12), now=at(9))
    brand.archive(now=at(10))
    brand.restore(now=at(11))
    brand.mark_deleted(now=at(12))
    yield from brand.events


def project_events() -> Iterator[DomainEvent]:
    project = Project.create(
        id=uid(20),
        organization_id=ORG,
        brand_id=uid(10),
        name="Spring launch",
        project_type=ProjectType.PRODUCT_LAUNCH,
        assignee_id=uid(3),
        now=T0,
    )
    project.update(
        {
            "goals": (Goal(kpi="signups", target=100.0),),
            "start_date": date(2026, 2, 1),
            "description": "big",
        },
        now=at(1),
    )
    project.assign(uid(4), now=at(2))
    project.assign(None, now=at(3))
    project.transition_to(ProjectStatus.ACTIVE, now=at(4))
    project.mark_deleted(now=at(5))
    yield from project.events


def content_events() -> Iterator[DomainEvent]:
    def draft(title: str) -> Draft:
        return Draft(
            content_type=ContentType.SOCIAL_POST,
            channel=Channel.LINKEDIN,
            title=title,
            body="We launch today. Join us.",
        )

    piece = ContentPiece.create(
        id=uid(30),
        organization_id=ORG,
        brand_id=uid(10),
        project_id=uid(20),
        draft=draft("Launch day"),
        version_id=uid(31),
        author=WRITER,
        now=T0,
        note="first",
    )
    piece.revise(draft("Launch day!"), version_id=uid(32), author=BOT, now=at(1))
    piece.add_comment(
        comment_id=uid(33),
        author=WRITER,
        body="Shorter?",
        anchor=TextAnchor(field="title", start=0, end=6),
        now=at(2),
    )
    piece.add_comment(comment_id=uid(34), author=BOT, body="Done", parent_id=uid(33), now=at(3))
    piece.resolve_comment(uid(33), by=WRITER, now=at(4))
    piece.reopen_comment(uid(33), by=WRITER, now=at(5))
    piece.submit_for_review(by=WRITER, now=at(6))
    piece.request_changes("Too long", by=Author.user(uid(5)), now=at(7))
    piece.promote(
        experiment_id=uid(60), arm="control", number=1, version_id=uid(35), author=BOT, now=at(8)
    )
    piece.submit_for_review(by=WRITER, now=at(9))
    piece.approve(ComplianceReport(score=97), by=Author.user(uid(5)), now=at(10))
    piece.mark_scheduled(at=at(60), now=at(11))
    piece.reflect_publications(ContentStatus.PARTLY_PUBLISHED, at(90), now=at(60))
    piece.reflect_publications(ContentStatus.PUBLISHED, None, now=at(90))
    piece.archive(now=at(91))
    yield from piece.events


def template_events() -> Iterator[DomainEvent]:
    template = ContentTemplate.create(
        id=uid(40),
        organization_id=ORG,
        name="Launch",
        content_type=ContentType.SOCIAL_POST,
        body="Hello {{name}}",
        now=T0,
    )
    template.update({"body": "Hi {{name}}", "industry": "coffee"}, now=at(1))
    template.mark_deleted(now=at(2))
    yield from template.events


def experiment_events() -> Iterator[DomainEvent]:
    def design(n: int, mode: ExperimentMode) -> dict[str, Any]:
        return {
            "id": uid(n),
            "organization_id": ORG,
            "brand_id": uid(10),
            "name": "Subject line test",
            "hypothesis": "A question in the subject raises opens",
            "primary_metric": Metric(name="opens", kind=MetricKind.OPEN_RATE),
            "arms": (
                Arm(name="control", content_id=uid(30), content_version=1),
                Arm(name="question", content_id=uid(30), content_version=2),
            ),
            "mde": MinimumDetectableEffect(value=0.1, baseline=0.2),
            "required_sample_size": 6_500,
            "salt": "s1",
            "mode": mode,
        }

    test = Experiment.create(now=T0, **design(60, ExperimentMode.HYPOTHESIS_TEST))
    test.update({"name": "Subject lines"}, required_sample_size=7_000, now=at(1))
    test.start(now=at(2))
    test.stop(now=at(3))
    test.conclude(
        reason=StoppingReason.WINNER_FOUND, winner="question", result={"p": 0.01}, now=at(4)
    )
    bandit = Experiment.create(now=T0, **design(61, ExperimentMode.OPTIMIZE))
    bandit.start(now=at(1))
    bandit.reallocate([0.25, 0.75], now=at(2))
    yield from test.events
    yield from bandit.events


def integration_events() -> Iterator[DomainEvent]:
    integration = Integration.start(
        id=uid(70), organization_id=ORG, platform=Platform.META, created_by=OWNER, now=T0
    )
    account = Account(external_id="page-1", name="Acme")
    integration.connect(account, scopes=frozenset({"b", "a"}), token_expires_at=at(90), now=at(1))
    integration.tokens_refreshed(token_expires_at=at(180), scopes=frozenset({"a"}), now=at(2))
    integration.record_health(ErrorReason.RATE_LIMITED, needs_reauth=False, now=at(3))
    integration.fail(ErrorReason.RATE_LIMITED, now=at(4))
    integration.record_health(None, needs_reauth=False, now=at(5))
    integration.require_reauth(ErrorReason.TOKEN_EXPIRED, now=at(6))
    integration.revoke(now=at(7))
    yield from integration.events
    yield WebhookReceived.of(
        WebhookStored(webhook_id=uid(71), platform="meta", scheme="meta-sha256"),
        aggregate_id=uid(71),
        organization_id=NO_ORGANIZATION,
        occurred_at=at(8),
    )


def publication_events() -> Iterator[DomainEvent]:
    def scheduled(n: int) -> Publication:
        return Publication.schedule(
            planned=PlannedTime.at_local(
                datetime(2026, 1, 6, 9, 0, tzinfo=UTC).replace(tzinfo=None), "Europe/Berlin"
            ),
            now=T0,
            id=uid(n),
            organization_id=ORG,
            brand_id=uid(10),
            content_id=uid(40),
            content_version_id=uid(41),
            channel_account_id=uid(81),
            channel=Channel.LINKEDIN,
            kind=ChannelKind.LINKEDIN_ORGANIZATION,
            rendering=RenderedPost(text="Spring menu"),
            schedule_id=uid(82),
        )

    published, failed, missed, cancelled = (scheduled(n) for n in (83, 84, 85, 86))
    published.reschedule(PlannedTime.at_instant(at(60 * 25), "Europe/Berlin"), now=at(1))
    fence = published.claim("worker-1", until=at(60 * 25 + 5), now=at(60 * 25))
    published.begin_attempt(fence, now=at(60 * 25))
    published.record_success(fence, remote_id="urn:li:share:1", remote_url=None, now=at(60 * 25))
    due = failed.due_at
    fence = failed.claim("worker-1", until=due + timedelta(minutes=5), now=due)
    failed.begin_attempt(fence, now=due)
    failed.record_failure(fence, FailureReason.REJECTED, rejection=Rejection.DUPLICATE, now=due)
    missed.mark_missed(now=missed.due_at + timedelta(hours=2))
    cancelled.cancel(now=at(2))
    published.take_down(now=at(60 * 26))
    for publication in (published, failed, missed, cancelled):
        yield from publication.events
    schedule = Schedule.create(
        now=T0,
        id=uid(82),
        organization_id=ORG,
        brand_id=uid(10),
        content_id=uid(40),
        channel_account_ids=(uid(81),),
        frequency=Frequency.WEEKLY,
        weekdays=frozenset({0, 3}),
        local_time=time(9, 0),
        time_zone="Europe/Berlin",
        starts_on=date(2026, 1, 5),
    )
    schedule.update({"local_time": time(10, 30)}, now=at(3))
    schedule.delete(now=at(4))
    yield from schedule.events
    evergreen = EvergreenRule.create(
        now=T0, id=uid(87), organization_id=ORG, brand_id=uid(10), max_per_week=1
    )
    evergreen.picked(
        EvergreenPick(
            content_id=uid(40),
            channel_account_id=uid(81),
            publication_id=uid(88),
            due_at=at(60 * 24),
            measure="engagement_rate",
            value=0.12,
            rank=1,
            lift=1.4,
            source_publication_id=uid(83),
            picked_at=at(5),
        ),
        now=at(5),
    )
    evergreen.update({"cooldown_days": 90}, now=at(6))
    evergreen.delete(now=at(7))
    yield from evergreen.events


def identity_events() -> Iterator[DomainEvent]:
    organization = Organization.create(id=ORG, name="Acme Inc", now=T0)
    user = User.register(
        id=OWNER,
        email=Email("owner@acme.example"),
        password_hash="x",
        display_name=None,
        organization_id=ORG,
        now=T0,
    )
    owner = Membership.grant(organization_id=ORG, user_id=OWNER, role=Role.OWNER, now=T0)
    editor = Membership.grant(
        organization_id=ORG,
        user_id=uid(3),
        role=Role.CONTENT_CREATOR,
        brand_scope=frozenset({uid(10)}),
        now=T0,
    )
    editor.change(
        role=Role.VIEWER, brand_scope=frozenset({uid(10), uid(11)}), changed_by=OWNER, now=at(1)
    )
    admin = Membership.grant(organization_id=ORG, user_id=uid(4), role=Role.ADMIN, now=T0)
    transfer_ownership(Authority(role=Role.OWNER, reauthenticated=True), owner, admin, now=at(2))
    editor.remove(removed_by=OWNER, now=at(3))
    invitation = Invitation.send(
        id=uid(80),
        organization_id=ORG,
        email=Email("new@acme.example"),
        role=Role.CONTENT_CREATOR,
        brand_scope=None,
        token_hash="h",
        invited_by=OWNER,
        now=T0,
        expires_at=at(60 * 24),
    )
    invitation.renew(
        role=Role.VIEWER,
        brand_scope=frozenset({uid(10)}),
        token_hash="h2",
        invited_by=OWNER,
        now=at(1),
        expires_at=at(60 * 48),
    )
    invitation.accept(user_id=uid(81), now=at(2))
    other = Invitation.send(
        id=uid(82),
        organization_id=ORG,
        email=Email("late@acme.example"),
        role=Role.ADMIN,
        brand_scope=None,
        token_hash="h3",
        invited_by=OWNER,
        now=T0,
        expires_at=at(60),
    )
    other.revoke(revoked_by=OWNER, now=at(3))
    key = ApiKey.issue(
        id=uid(90),
        organization_id=ORG,
        created_by=OWNER,
        creator_permissions=frozenset(Permission),
        name="ci",
        scopes=frozenset({Permission.BRAND_READ, Permission.BRAND_UPDATE}),
        public_id="pub",
        secret_hash="s",
        expires_at=at(60 * 24 * 30),
        now=T0,
    )
    key.revoke(at(4))
    for aggregate in (organization, user, owner, editor, admin, invitation, other, key):
        yield from aggregate.events


def channel_account_events() -> Iterator[DomainEvent]:
    account = ChannelAccount.discover(
        id=uid(70),
        organization_id=ORG,
        brand_id=uid(10),
        integration_id=uid(60),
        kind=ChannelKind.FACEBOOK_PAGE,
        external_id="1234",
        name="Acme Coffee",
        now=T0,
        details={"category": "Coffee shop"},
        has_own_credentials=True,
    )
    account.update({"time_zone": "Europe/Berlin", "daily_cap": 10}, now=at(1))
    account.mark_gone(now=at(2))
    account.refresh(
        name="Acme Coffee Berlin",
        currency=None,
        details={"category": "Cafe"},
        has_own_credentials=True,
        now=at(3),
    )
    account.mark_removed(now=at(4))
    yield from account.events


def metric_sync_events() -> Iterator[DomainEvent]:
    state = SyncState.start(
        account_id=uid(70),
        organization_id=ORG,
        brand_id=uid(10),
        platform=Platform.SANDBOX,
        now=T0,
    )
    state.succeeded(
        cursor="c1",
        counts=SyncCounts(readings=9, stored=7, skipped=2),
        now=at(1),
        interval=timedelta(minutes=30),
    )
    state.failed(reason="token_expired", message="the token expired", now=at(31))
    yield from state.events


def research_events() -> Iterator[DomainEvent]:
    crawl = ResearchCrawl(
        id=uid(80),
        organization_id=ORG,
        brand_id=uid(10),
        competitor_ids=(uid(81), uid(82)),
        requested_by=uid(2),
        started_at=T0,
    )
    crawl.finish(
        counts={"documents_new": 12, "not_modified": 3, "pages_fetched": 15},
        failures=[CrawlFailure("https://rival.example/x", "timed_out", "no answer within 10 s")],
        now=at(2),
    )
    yield from crawl.events


def report_events() -> Iterator[DomainEvent]:
    delivery = ReportDelivery.made(
        announce=True,
        id=uid(90),
        organization_id=ORG,
        brand_id=uid(10),
        schedule_id=uid(91),
        due_at=at(0),
        kind="campaigns",
        since=date(2026, 3, 9),
        until=date(2026, 3, 15),
        file_format="xlsx",
        filename="campaigns-2026-03-09-2026-03-15.xlsx",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        content=b"PK",
        recipients=("ana@acme.example", "bo@acme.example"),
        created_at=at(1),
    )
    yield from delivery.events


def all_events() -> list[DomainEvent]:
    scenarios = (
        brand_events,
        project_events,
        content_events,
        template_events,
        experiment_events,
        integration_events,
        publication_events,
        identity_events,
        channel_account_events,
        lambda: advertising_events(ORG),
        metric_sync_events,
        research_events,
        lambda: insight_events(ORG),
        report_events,
        lambda: report_schedule_events(ORG),
        lambda: strategy_events(ORG),
    )
    return [event for scenario in scenarios for event in scenario()]


def wire(event: DomainEvent) -> dict[str, Any]:
    """What leaves the process: the outbox payload as JSON, the audit entry's before/after."""
    audit = entry_for_event(event, uid(999))
    return {
        "event_type": event.event_type,
        "aggregate_type": event.aggregate_type,
        "payload": json.dumps(event.payload()),
        # an operational hand-over keeps no audit entry (application/audit/entries.py)
        "audit_before": audit.before if audit is not None else None,
        "audit_after": audit.after if audit is not None else None,
        "audited": audit is not None,
    }


def event_kinds() -> set[str]:
    """Every event type declared in the domain's contexts."""
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(umt.domain.__path__, "umt.domain."):
        importlib.import_module(module.name)
    kinds: set[str] = set()
    stack: list[type[DomainEvent]] = [DomainEvent]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        # the bases in domain.shared (DomainEvent, TypedEvent) are no kind of their own
        if cls.__module__.startswith("umt.domain.") and not cls.__module__.startswith(
            "umt.domain.shared."
        ):
            kinds.add(cls.event_type)
    return kinds


def test_the_scenarios_record_every_kind_of_event() -> None:
    assert {e.event_type for e in all_events()} == event_kinds()


def test_every_event_payload_is_the_pinned_one_byte_for_byte() -> None:
    produced = [wire(e) for e in all_events()]
    if os.environ.get("UMT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(produced, indent=2, sort_keys=True) + "\n")
    assert produced == json.loads(SNAPSHOT.read_text())
