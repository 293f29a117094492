"""Schemas of brands: identity, voice guide and visual styling."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.brand.brand import Brand
from umt.entrypoints.http.schemas.common import (
    Input,
    ItemList,
    LongText,
    Name,
    ShortText,
    TimeZoneText,
    UrlText,
)
from umt.ports.brand_reader import BrandView

BlackoutDates = Annotated[
    list[date],
    Meta(
        max_length=366,
        examples=[["2026-12-24", "2026-12-25"]],
        description="Dates nothing is published on (in each channel account's zone)",
    ),
]
ChannelName = Literal[
    "linkedin",
    "facebook",
    "instagram",
    "x",
    "tiktok",
    "youtube",
    "pinterest",
    "email",
    "blog",
    "website",
    "google_ads",
    "meta_ads",
    "linkedin_ads",
]
SlugText = Annotated[str, Meta(min_length=1, max_length=80, examples=["acme-coffee"])]
ColorText = Annotated[str, Meta(max_length=7, examples=["#1a2b3c"])]


class VoiceIn(Input):
    tone: ItemList = msgspec.field(default_factory=list)
    phrases_to_use: ItemList = msgspec.field(default_factory=list)
    phrases_to_avoid: ItemList = msgspec.field(default_factory=list)
    banned_words: ItemList = msgspec.field(default_factory=list)
    banned_claims: ItemList = msgspec.field(default_factory=list)
    required_disclosures: ItemList = msgspec.field(default_factory=list)
    reading_grade: Annotated[int, Meta(ge=1, le=18)] | None = None
    emoji_policy: Literal["none", "sparing", "free"] = "sparing"
    hashtag_policy: Literal["none", "branded_only", "relevant"] = "relevant"
    max_hashtags: Annotated[int, Meta(ge=0, le=30)] = 3
    channel_notes: dict[ChannelName, Annotated[str, Meta(max_length=2000)]] = msgspec.field(
        default_factory=dict
    )


class PaletteColorIO(Input):
    role: Annotated[str, Meta(min_length=1, max_length=50, examples=["primary"])]
    color: ColorText


class FontIO(Input):
    role: Annotated[str, Meta(min_length=1, max_length=50, examples=["heading"])]
    family: Annotated[str, Meta(min_length=1, max_length=100, examples=["Inter"])]


class StylingIn(Input):
    palette: Annotated[list[PaletteColorIO], Meta(max_length=32)] = msgspec.field(
        default_factory=list
    )
    fonts: Annotated[list[FontIO], Meta(max_length=8)] = msgspec.field(default_factory=list)
    logo_url: UrlText | None = None


class BrandCreate(Input):
    name: Name
    slug: SlugText | None = None
    industry: ShortText = ""
    description: LongText = ""
    website: UrlText | None = None
    voice: VoiceIn | None = None
    styling: StylingIn | None = None
    time_zone: TimeZoneText = "UTC"
    blackout_dates: BlackoutDates = msgspec.field(default_factory=list)


class BrandPatch(Input):
    name: Name | UnsetType = UNSET
    slug: SlugText | UnsetType = UNSET
    industry: ShortText | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    website: UrlText | UnsetType | None = UNSET
    voice: VoiceIn | UnsetType = UNSET
    styling: StylingIn | UnsetType = UNSET
    time_zone: TimeZoneText | UnsetType = UNSET
    blackout_dates: BlackoutDates | UnsetType = UNSET


class VoiceOut(msgspec.Struct):
    tone: list[str]
    phrases_to_use: list[str]
    phrases_to_avoid: list[str]
    banned_words: list[str]
    banned_claims: list[str]
    required_disclosures: list[str]
    reading_grade: int | None
    emoji_policy: str
    hashtag_policy: str
    max_hashtags: int
    channel_notes: dict[str, str]


class StylingOut(msgspec.Struct):
    palette: list[PaletteColorIO]
    fonts: list[FontIO]
    logo_url: str | None


class BrandOut(msgspec.Struct):
    id: UUID
    name: str
    slug: str
    industry: str
    description: str
    website: str | None
    voice: VoiceOut
    styling: StylingOut
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None
    time_zone: str
    blackout_dates: list[date]  # nothing is published on these dates


def view_out(view: BrandView) -> BrandOut:
    """The response for a brand as read (the hot GET path: no domain objects involved)."""
    return BrandOut(
        id=view.id,
        name=view.name,
        slug=view.slug,
        industry=view.industry,
        description=view.description,
        website=view.website,
        voice=msgspec.convert(view.voice, VoiceOut),
        styling=msgspec.convert(view.styling, StylingOut),
        status=view.status,
        version=view.version,
        created_at=view.created_at,
        updated_at=view.updated_at,
        archived_at=view.archived_at,
        time_zone=view.time_zone,
        blackout_dates=[date.fromisoformat(d) for d in view.blackout_dates],
    )


def brand_out(brand: Brand) -> BrandOut:
    """The response for an aggregate (commands), built straight from the domain objects."""
    voice, styling = brand.voice, brand.styling
    return BrandOut(
        id=brand.id,
        name=brand.name,
        slug=brand.slug.value,
        industry=brand.industry,
        description=brand.description,
        website=brand.website.value if brand.website else None,
        voice=VoiceOut(
            tone=list(voice.tone),
            phrases_to_use=list(voice.phrases_to_use),
            phrases_to_avoid=list(voice.phrases_to_avoid),
            banned_words=list(voice.banned_words),
            banned_claims=list(voice.banned_claims),
            required_disclosures=list(voice.required_disclosures),
            reading_grade=voice.reading_grade,
            emoji_policy=voice.emoji_policy.value,
            hashtag_policy=voice.hashtag_policy.value,
            max_hashtags=voice.max_hashtags,
            channel_notes={k.value: v for k, v in voice.channel_notes.items()},
        ),
        styling=StylingOut(
            palette=[PaletteColorIO(role=c.role, color=c.color.value) for c in styling.palette],
            fonts=[FontIO(role=f.role, family=f.family) for f in styling.fonts],
            logo_url=styling.logo_url.value if styling.logo_url else None,
        ),
        status=brand.status.value,
        version=brand.version,
        created_at=brand.created_at,
        updated_at=brand.updated_at,
        archived_at=brand.archived_at,
        time_zone=brand.time_zone,
        blackout_dates=list(brand.blackout_dates),
    )
