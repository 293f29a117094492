"""Seeding for the strategy tests: a channel account of a brand, its published posts, and
what each earned (impressions and engagement samples written through the metric sink, so
the rollups hold them as a sync would leave them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from umt.application.bus import MessageBus
from umt.application.content.create_content import CreateContent
from umt.application.principal import Principal
from umt.domain.brand.channels import Channel
from umt.domain.content.piece import ContentPiece
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    ContentVersionId,
    OrganizationId,
    PublicationId,
)
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.domain.strategy.calendar import CalendarProposal, ProposedSlot
from umt.domain.strategy.recommendation import (
    Action,
    Advice,
    ApiCall,
    Evidence,
    Recommendation,
    RecommendationKind,
)
from umt.ports.metric_sink import MetricSample, RollupWindow
from umt.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


@dataclass(frozen=True, slots=True)
class Post:
    """A post published at ``at`` (UTC) that earned ``impressions`` and ``likes``+``comments``."""

    at: datetime
    impressions: int
    likes: int
    comments: int = 0
    content_id: UUID | None = None  # the piece it showed (None: a piece nothing else knows)


async def seed_account(
    uow_factory: UowFactory,
    organization_id: UUID,
    brand_id: UUID,
    *,
    now: datetime,
    name: str = "Acme on the sandbox",
    kind: ChannelKind = ChannelKind.SANDBOX_ACCOUNT,
    channel: Channel | None = None,
) -> ChannelAccount:
    account = ChannelAccount.discover(
        id=ChannelAccountId(uuid4()),
        organization_id=OrganizationId(organization_id),
        brand_id=BrandId(brand_id),
        integration_id=IntegrationId(uuid4()),
        kind=kind,
        external_id=f"acct-{uuid4().hex[:8]}",
        name=name,
        now=now,
        channel=channel,
    )
    async with uow_factory() as uow:
        await uow.channel_accounts.add(account)
        await uow.commit()
    return account


def published(account: ChannelAccount, at: datetime, content_id: UUID | None = None) -> Publication:
    return Publication(
        id=PublicationId(uuid4()),
        organization_id=account.organization_id,
        brand_id=account.brand_id,
        content_id=ContentId(content_id or uuid4()),
        content_version_id=ContentVersionId(uuid4()),
        channel_account_id=account.id,
        channel=Channel(account.channel),
        kind=account.kind,
        rendering=RenderedPost(text="A post"),
        due_at=at,
        time_zone="UTC",
        local_time=at.replace(tzinfo=None),
        next_attempt_at=at,
        status=PublicationStatus.PUBLISHED,
        published_at=at,
        created_at=at - timedelta(days=1),
        updated_at=at,
    )


def post_samples(account: ChannelAccount, publication_id: UUID, post: Post) -> list[MetricSample]:
    observed = post.at + timedelta(hours=6)
    values = {
        Metric.IMPRESSIONS: post.impressions,
        Metric.LIKES: post.likes,
        Metric.COMMENTS: post.comments,
    }
    return [
        MetricSample(
            organization_id=account.organization_id,
            brand_id=account.brand_id,
            subject_kind=SubjectKind.PUBLICATION,
            subject_id=publication_id,
            channel=Channel(account.channel),
            metric=metric,
            value=Decimal(value),
            observed_at=observed,
            source="sandbox",
            raw_name=metric.value,
        )
        for metric, value in values.items()
    ]


async def seed_posts(
    uow_factory: UowFactory, account: ChannelAccount, posts: Sequence[Post], *, now: datetime
) -> list[Publication]:
    made = [published(account, post.at, post.content_id) for post in posts]
    async with uow_factory() as uow:
        for publication in made:
            await uow.publications.add(publication)
        samples = [
            sample
            for publication, post in zip(made, posts, strict=True)
            for sample in post_samples(account, publication.id, post)
        ]
        await uow.metric_samples.write(samples, window=RollupWindow(now=now, late_days=3650))
        await uow.commit()
    return made


def a_recommendation(
    organization_id: UUID, brand_id: UUID, *, now: datetime, key: str | None = None
) -> Recommendation:
    """An open topic recommendation of the brand, as a generation run would store it."""
    key = key or f"topic:seeded {uuid4().hex[:8]}"
    return Recommendation(
        id=uuid4(),
        organization_id=OrganizationId(organization_id),
        brand_id=BrandId(brand_id),
        advice=Advice(
            kind=RecommendationKind.TOPIC,
            key=key,
            title=f"Write about {key}",
            rationale="Two competitors cover it.",
            confidence=0.75,
            evidence=(
                Evidence(
                    source="research.topic_gaps",
                    ref="https://rival.example/a",
                    facts={"competitors": 2, "keyphrases": ["a", "b"]},
                ),
            ),
            action=Action(
                summary="Generate a draft on the topic",
                calls=(
                    ApiCall(
                        method="POST",
                        path=f"/api/v1/brands/{brand_id}/generations",
                        body={"topic": key, "content_type": "blog_post", "channel": "blog"},
                    ),
                ),
                task="content.generate_variants",
                task_input={"brand_id": str(brand_id), "topic": key},
            ),
        ),
        created_at=now,
        updated_at=now,
    )


async def store_recommendation(uow_factory: UowFactory, recommendation: Recommendation) -> None:
    async with uow_factory() as uow:
        await uow.recommendations.add(recommendation)
        await uow.commit()


def a_proposal(
    organization_id: UUID, brand_id: UUID, project_id: UUID, *, now: datetime
) -> CalendarProposal:
    """A proposal of one slot (on an account id nothing else knows), not accepted yet."""
    due = now + timedelta(days=2)
    return CalendarProposal(
        id=uuid4(),
        organization_id=OrganizationId(organization_id),
        brand_id=BrandId(brand_id),
        project_id=project_id,
        starts_on=(now + timedelta(days=1)).date(),
        weeks=1,
        per_week=1,
        slots=(
            ProposedSlot(
                channel_account_id=uuid4(),
                channel="linkedin",
                due_at=due,
                local_time=due.replace(tzinfo=None).isoformat(timespec="minutes"),
                time_zone="UTC",
                topic="webinar funnels",
                topic_source="topic_gap",
                content_type="social_post",
                timing="default",
                confidence=None,
            ),
        ),
        created_at=now,
        updated_at=now,
    )


async def store_proposal(uow_factory: UowFactory, proposal: CalendarProposal) -> None:
    async with uow_factory() as uow:
        await uow.calendar_proposals.add(proposal)
        await uow.commit()


WEEK = timedelta(days=7)


def weekly(start: datetime, weeks: int, impressions: int, likes: int) -> list[Post]:
    """A post at ``start`` and each week before it, ``weeks`` in all, alike."""
    return [Post(at=start - WEEK * n, impressions=impressions, likes=likes) for n in range(weeks)]


async def a_piece(bus: MessageBus, who: Principal, brand_id: UUID, title: str) -> ContentPiece:
    """A LinkedIn post of the brand, made as a member makes one."""
    made: ContentPiece = await bus.ask(
        CreateContent(
            brand_id=brand_id,
            content_type="social_post",
            channel="linkedin",
            title=title,
            body=f"{title}: what we learned, and what we do now.",
        ),
        ContentPiece,
        who,
    )
    return made
