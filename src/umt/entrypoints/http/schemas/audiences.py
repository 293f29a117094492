"""Schemas of audiences and competitors, the brand's child collections."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.brand.audience import Audience, Competitor
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Input, ItemList, Name, UrlText

Age = Annotated[int, Meta(ge=0, le=150)]
LongItems = Annotated[list[Annotated[str, Meta(max_length=500)]], Meta(max_length=100)]
Channels = Annotated[list[ChannelName], Meta(max_length=20)]
NotesText = Annotated[str, Meta(max_length=5000)]
FeedList = Annotated[list[UrlText], Meta(max_length=20)]


class AgeRangeIO(Input):
    min: Age
    max: Age


class AudienceCreate(Input):
    persona_name: Annotated[str, Meta(min_length=1, max_length=120, examples=["Busy CTO"])]
    age_range: AgeRangeIO | None = None
    locations: ItemList = msgspec.field(default_factory=list)
    interests: ItemList = msgspec.field(default_factory=list)
    pain_points: LongItems = msgspec.field(default_factory=list)
    goals: LongItems = msgspec.field(default_factory=list)
    preferred_channels: Channels = msgspec.field(default_factory=list)


class AudiencePatch(Input):
    persona_name: Annotated[str, Meta(min_length=1, max_length=120)] | UnsetType = UNSET
    age_range: AgeRangeIO | UnsetType | None = UNSET
    locations: ItemList | UnsetType = UNSET
    interests: ItemList | UnsetType = UNSET
    pain_points: LongItems | UnsetType = UNSET
    goals: LongItems | UnsetType = UNSET
    preferred_channels: Channels | UnsetType = UNSET


class AudienceOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    persona_name: str
    age_range: AgeRangeIO | None
    locations: list[str]
    interests: list[str]
    pain_points: list[str]
    goals: list[str]
    preferred_channels: list[str]
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


class CompetitorCreate(Input):
    name: Name
    website: UrlText | None = None
    feed_urls: FeedList = msgspec.field(default_factory=list)
    notes: NotesText = ""


class CompetitorPatch(Input):
    name: Name | UnsetType = UNSET
    website: UrlText | UnsetType | None = UNSET
    feed_urls: FeedList | UnsetType = UNSET
    notes: NotesText | UnsetType = UNSET


class CompetitorOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    name: str
    website: str | None
    feed_urls: list[str]
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


def audience_out(brand_id: UUID, a: Audience) -> AudienceOut:
    age = AgeRangeIO(min=a.age_range.minimum, max=a.age_range.maximum) if a.age_range else None
    return AudienceOut(
        id=a.id,
        brand_id=brand_id,
        persona_name=a.persona_name,
        age_range=age,
        locations=list(a.locations),
        interests=list(a.interests),
        pain_points=list(a.pain_points),
        goals=list(a.goals),
        preferred_channels=[c.value for c in a.preferred_channels],
        version=a.version,
        created_at=a.created_at,
        updated_at=a.updated_at,
        archived_at=a.archived_at,
    )


def competitor_out(brand_id: UUID, c: Competitor) -> CompetitorOut:
    return CompetitorOut(
        id=c.id,
        brand_id=brand_id,
        name=c.name,
        website=c.website.value if c.website else None,
        feed_urls=[u.value for u in c.feed_urls],
        notes=c.notes,
        version=c.version,
        created_at=c.created_at,
        updated_at=c.updated_at,
        archived_at=c.archived_at,
    )
