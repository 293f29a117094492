"""Data mappers between table rows and the brand context's objects (brands, projects).

Rows become objects through the dataclass constructors (never ``create``/``register``), so
rebuilding an aggregate records no events. JSON documents are read tolerantly: a key missing
from an older row falls back to the domain default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import RowMapping

from umt.domain.brand.audience import AgeRange, Audience, Competitor
from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.brand.channels import Channel
from umt.domain.brand.project import Goal, Project, ProjectStatus, ProjectType
from umt.domain.brand.voice import (
    EmojiPolicy,
    Font,
    HashtagPolicy,
    PaletteColor,
    VisualStyling,
    VoiceGuide,
)
from umt.domain.shared.ids import (
    AudienceId,
    BrandId,
    CompetitorId,
    OrganizationId,
    ProjectId,
    UserId,
)
from umt.domain.shared.values import HexColor, Slug, Url
from umt.ports.brand_views import VOICE_LISTS, styling_document, voice_document

# Rows come from Result.mappings(); keys are column names.
Row = RowMapping
Values = dict[str, Any]


def _url(value: str | None) -> Url | None:
    return Url(value) if value is not None else None


def _url_text(value: Url | None) -> str | None:
    return value.value if value is not None else None


# -- brand value objects --------------------------------------------------------------------


def voice_to_json(voice: VoiceGuide) -> dict[str, Any]:
    return voice_document(voice)


def voice_from_json(document: Mapping[str, Any]) -> VoiceGuide:
    defaults = VoiceGuide()
    return VoiceGuide(
        **{name: tuple(document.get(name, ())) for name in VOICE_LISTS},
        reading_grade=document.get("reading_grade"),
        emoji_policy=EmojiPolicy(document.get("emoji_policy", defaults.emoji_policy)),
        hashtag_policy=HashtagPolicy(document.get("hashtag_policy", defaults.hashtag_policy)),
        max_hashtags=document.get("max_hashtags", defaults.max_hashtags),
        channel_notes={
            Channel(channel): note for channel, note in document.get("channel_notes", {}).items()
        },
    )


def styling_to_json(styling: VisualStyling) -> dict[str, Any]:
    return styling_document(styling)


def styling_from_json(document: Mapping[str, Any]) -> VisualStyling:
    return VisualStyling(
        palette=tuple(
            PaletteColor(role=c["role"], color=HexColor(c["color"]))
            for c in document.get("palette", ())
        ),
        fonts=tuple(Font(role=f["role"], family=f["family"]) for f in document.get("fonts", ())),
        logo_url=_url(document.get("logo_url")),
    )


# -- brand aggregate ------------------------------------------------------------------------


def brand_to_row(brand: Brand) -> Values:
    return {
        "id": brand.id,
        "organization_id": brand.organization_id,
        "name": brand.name,
        "slug": brand.slug.value,
        "industry": brand.industry,
        "description": brand.description,
        "website": _url_text(brand.website),
        "voice": voice_to_json(brand.voice),
        "styling": styling_to_json(brand.styling),
        "status": brand.status.value,
        "version": brand.version,
        "created_at": brand.created_at,
        "updated_at": brand.updated_at,
        "archived_at": brand.archived_at,
        "time_zone": brand.time_zone,
        "blackout_dates": [d.isoformat() for d in brand.blackout_dates],
    }


def brand_from_row(
    row: Row,
    audiences: list[Audience] | None = None,
    competitors: list[Competitor] | None = None,
) -> Brand:
    return Brand(
        id=BrandId(row["id"]),
        organization_id=OrganizationId(row["organization_id"]),
        name=row["name"],
        slug=Slug(row["slug"]),
        industry=row["industry"],
        description=row["description"],
        website=_url(row["website"]),
        voice=voice_from_json(row["voice"]),
        styling=styling_from_json(row["styling"]),
        status=BrandStatus(row["status"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        archived_at=row["archived_at"],
        time_zone=row["time_zone"],
        blackout_dates=tuple(date.fromisoformat(d) for d in row["blackout_dates"]),
        audiences={a.id: a for a in audiences or ()},
        competitors={c.id: c for c in competitors or ()},
    )


def audience_to_row(brand: Brand, audience: Audience) -> Values:
    age = audience.age_range
    return {
        "id": audience.id,
        "brand_id": brand.id,
        "organization_id": brand.organization_id,
        "persona_name": audience.persona_name,
        "persona_key": audience.persona_name.casefold(),
        "age_min": age.minimum if age is not None else None,
        "age_max": age.maximum if age is not None else None,
        "locations": list(audience.locations),
        "interests": list(audience.interests),
        "pain_points": list(audience.pain_points),
        "goals": list(audience.goals),
        "preferred_channels": [c.value for c in audience.preferred_channels],
        "version": audience.version,
        "created_at": audience.created_at,
        "updated_at": audience.updated_at,
        "archived_at": audience.archived_at,
    }


def audience_from_row(row: Row) -> Audience:
    age = None
    if row["age_min"] is not None and row["age_max"] is not None:
        age = AgeRange(row["age_min"], row["age_max"])
    return Audience(
        id=AudienceId(row["id"]),
        persona_name=row["persona_name"],
        age_range=age,
        locations=tuple(row["locations"]),
        interests=tuple(row["interests"]),
        pain_points=tuple(row["pain_points"]),
        goals=tuple(row["goals"]),
        preferred_channels=tuple(Channel(c) for c in row["preferred_channels"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        archived_at=row["archived_at"],
    )


def competitor_to_row(brand: Brand, competitor: Competitor) -> Values:
    return {
        "id": competitor.id,
        "brand_id": brand.id,
        "organization_id": brand.organization_id,
        "name": competitor.name,
        "name_key": competitor.name.casefold(),
        "website": _url_text(competitor.website),
        "feed_urls": [u.value for u in competitor.feed_urls],
        "notes": competitor.notes,
        "version": competitor.version,
        "created_at": competitor.created_at,
        "updated_at": competitor.updated_at,
        "archived_at": competitor.archived_at,
    }


def competitor_from_row(row: Row) -> Competitor:
    return Competitor(
        id=CompetitorId(row["id"]),
        name=row["name"],
        website=_url(row["website"]),
        feed_urls=tuple(Url(u) for u in row["feed_urls"]),
        notes=row["notes"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        archived_at=row["archived_at"],
    )


# -- projects -------------------------------------------------------------------------------


def goal_to_json(goal: Goal) -> dict[str, Any]:
    return {
        "kpi": goal.kpi,
        "target": goal.target,
        "unit": goal.unit,
        "description": goal.description,
    }


def goal_from_json(document: Mapping[str, Any]) -> Goal:
    return Goal(
        kpi=document["kpi"],
        target=document["target"],
        unit=document.get("unit", ""),
        description=document.get("description", ""),
    )


def project_to_row(project: Project) -> Values:
    return {
        "id": project.id,
        "organization_id": project.organization_id,
        "brand_id": project.brand_id,
        "name": project.name,
        "project_type": project.project_type.value,
        "custom_type": project.custom_type,
        "description": project.description,
        "goals": [goal_to_json(g) for g in project.goals],
        "channels": [c.value for c in project.channels],
        "start_date": project.start_date,
        "end_date": project.end_date,
        "assignee_id": project.assignee_id,
        "status": project.status.value,
        "version": project.version,
        "created_at": project.created_at,
        "updated_at": project.updated_at,
    }


def project_from_row(row: Row) -> Project:
    assignee = row["assignee_id"]
    return Project(
        id=ProjectId(row["id"]),
        organization_id=OrganizationId(row["organization_id"]),
        brand_id=BrandId(row["brand_id"]),
        name=row["name"],
        project_type=ProjectType(row["project_type"]),
        custom_type=row["custom_type"],
        description=row["description"],
        goals=tuple(goal_from_json(g) for g in row["goals"]),
        channels=tuple(Channel(c) for c in row["channels"]),
        start_date=row["start_date"],
        end_date=row["end_date"],
        assignee_id=UserId(assignee) if assignee is not None else None,
        status=ProjectStatus(row["status"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
