"""Test data for the contract tests: aggregates with every field set, and simple ones."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import ClassVar

from umt.domain.brand.audience import AgeRange, Audience, Competitor
from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.brand.project import Goal, Project, ProjectType
from umt.domain.brand.voice import (
    EmojiPolicy,
    Font,
    HashtagPolicy,
    PaletteColor,
    VisualStyling,
    VoiceGuide,
)
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.identity.permissions import Role
from umt.domain.shared.events import DomainEvent
from umt.domain.shared.ids import (
    AudienceId,
    BrandId,
    CompetitorId,
    OrganizationId,
    ProjectId,
    UserId,
)
from umt.domain.shared.values import Email, HexColor, Slug, Url
from umt.ports.unit_of_work import UnitOfWork

# Microseconds on purpose: storage must keep full precision.
T0 = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def organization(name: str = "Acme Corp", *, now: datetime = T0) -> Organization:
    return Organization.create(id=OrganizationId(new_id()), name=name, now=now)


def user(email: str = "Ada@Example.COM", *, now: datetime = T0) -> User:
    return User.register(
        id=UserId(new_id()),
        email=Email(email),
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        display_name="Ada Lovelace",
        organization_id=OrganizationId(new_id()),
        now=now,
    )


def membership(org: Organization, member: User, *, now: datetime = T0) -> Membership:
    return Membership.grant(organization_id=org.id, user_id=member.id, role=Role.ADMIN, now=now)


def audience(persona: str = "Startup founders", *, now: datetime = T0) -> Audience:
    return Audience(
        id=AudienceId(new_id()),
        persona_name=persona,
        age_range=AgeRange(25, 45),
        locations=("Berlin", "London"),
        interests=("saas", "growth"),
        pain_points=("no time for marketing",),
        goals=("find product-market fit",),
        preferred_channels=(Channel.LINKEDIN, Channel.EMAIL),
        created_at=now,
        updated_at=now,
    )


def competitor(name: str = "Globex", *, now: datetime = T0) -> Competitor:
    return Competitor(
        id=CompetitorId(new_id()),
        name=name,
        website=Url("https://globex.example"),
        feed_urls=(Url("https://globex.example/feed.xml"), Url("https://globex.example/blog.rss")),
        notes="Aggressive on price.",
        created_at=now,
        updated_at=now,
    )


def full_brand(org: Organization, *, now: datetime = T0) -> Brand:
    """A brand with every field, value object and child kind populated."""
    brand = Brand.create(
        id=BrandId(new_id()),
        organization_id=org.id,
        name="Acme Rockets",
        slug=Slug("acme-rockets"),
        now=now,
        industry="aerospace",
        description="Rockets for everyone.\nSecond line, ünïcödé.",
        website=Url("https://acme.example/rockets?x=1"),
        time_zone="America/Los_Angeles",
        blackout_dates=(date(2025, 12, 24), date(2025, 12, 25)),
        voice=VoiceGuide(
            tone=("bold", "friendly"),
            phrases_to_use=("to the moon",),
            phrases_to_avoid=("cheap",),
            banned_words=("guarantee",),
            banned_claims=("safest rocket ever",),
            required_disclosures=("Results may vary.",),
            reading_grade=8,
            emoji_policy=EmojiPolicy.NONE,
            hashtag_policy=HashtagPolicy.BRANDED_ONLY,
            max_hashtags=2,
            channel_notes={Channel.LINKEDIN: "More formal.", Channel.X: "Short and punchy."},
        ),
        styling=VisualStyling(
            palette=(
                PaletteColor(role="primary", color=HexColor("#FF0000")),
                PaletteColor(role="accent", color=HexColor("#0a0")),
            ),
            fonts=(Font(role="heading", family="Inter"), Font(role="body", family="Lora")),
            logo_url=Url("https://acme.example/logo.svg"),
        ),
    )
    brand.add_audience(audience("Startup founders", now=now), now=now)
    minimal = Audience(
        id=AudienceId(new_id()), persona_name="Hobbyists", created_at=now, updated_at=now
    )
    brand.add_audience(minimal, now=now)
    brand.add_competitor(competitor("Globex", now=now), now=now)
    archived = Competitor(
        id=CompetitorId(new_id()),
        name="Initech",
        created_at=now,
        updated_at=now + timedelta(seconds=1),
        archived_at=now + timedelta(seconds=1),
        version=2,
    )
    brand.add_competitor(archived, now=now)
    return brand


def simple_brand(
    org: Organization,
    name: str,
    *,
    slug: str | None = None,
    now: datetime = T0,
    industry: str = "",
) -> Brand:
    return Brand.create(
        id=BrandId(new_id()),
        organization_id=org.id,
        name=name,
        slug=Slug(slug) if slug else None,
        now=now,
        industry=industry,
    )


def full_project(brand: Brand, assignee: User, *, now: datetime = T0) -> Project:
    return Project.create(
        id=ProjectId(new_id()),
        organization_id=brand.organization_id,
        brand_id=brand.id,
        name="Spring launch",
        project_type=ProjectType.CUSTOM,
        custom_type="Guerrilla campaign",
        now=now,
        description="Launch the new rocket line.",
        goals=(
            Goal(kpi="qualified_leads", target=500, unit="leads", description="From LinkedIn"),
            Goal(kpi="ctr", target=2.5, unit="%"),
        ),
        channels=(Channel.LINKEDIN, Channel.BLOG),
        start_date=date(2025, 4, 1),
        end_date=date(2025, 6, 30),
        assignee_id=assignee.id,
    )


def simple_project(
    brand: Brand,
    name: str,
    *,
    now: datetime = T0,
    start: date | None = None,
    project_type: ProjectType = ProjectType.EVENT,
) -> Project:
    return Project.create(
        id=ProjectId(new_id()),
        organization_id=brand.organization_id,
        brand_id=brand.id,
        name=name,
        project_type=project_type,
        now=now,
        start_date=start,
    )


async def store(uow: UnitOfWork, *orgs: Organization, brands: tuple[Brand, ...] = ()) -> None:
    """Add organizations and brands in one committed unit of work."""
    async with uow:
        for org in orgs:
            await uow.organizations.add(org)
        for brand in brands:
            await uow.brands.add(brand)
        await uow.commit()


ORG_OF_THINGS = uuid.UUID("00000000-0000-4000-8000-000000000001")


@dataclass(frozen=True, slots=True, kw_only=True)
class ThingHappened(DomainEvent):
    """An event of a test aggregate, numbered in ``data["n"]`` to check delivery order."""

    event_type: ClassVar[str] = "test.thing_happened"
    aggregate_type: ClassVar[str] = "thing"


def thing_event(aggregate: uuid.UUID, n: int, *, now: datetime = T0) -> ThingHappened:
    return ThingHappened(
        aggregate_id=aggregate,
        organization_id=ORG_OF_THINGS,
        occurred_at=now + timedelta(milliseconds=n),
        data={"n": n},
    )


async def append_events(uow: UnitOfWork, events: list[ThingHappened]) -> list[uuid.UUID]:
    """Write ``events`` to the outbox in one committed transaction, in this order; their ids."""
    ids = [new_id() for _ in events]
    async with uow:
        for event_id, event in zip(ids, events, strict=True):
            await uow.outbox.append(event_id, event)
        await uow.commit()
    return ids
