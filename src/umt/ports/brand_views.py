"""Documents and views of the brand context: the JSON shapes that storage and reads share."""

from __future__ import annotations

from typing import Any

from umt.domain.brand.brand import Brand
from umt.domain.brand.voice import VisualStyling, VoiceGuide
from umt.ports.brand_reader import BrandView

VOICE_LISTS = (
    "tone",
    "phrases_to_use",
    "phrases_to_avoid",
    "banned_words",
    "banned_claims",
    "required_disclosures",
)


def voice_document(voice: VoiceGuide) -> dict[str, Any]:
    document: dict[str, Any] = {name: list(getattr(voice, name)) for name in VOICE_LISTS}
    document.update(
        reading_grade=voice.reading_grade,
        emoji_policy=voice.emoji_policy.value,
        hashtag_policy=voice.hashtag_policy.value,
        max_hashtags=voice.max_hashtags,
        channel_notes={channel.value: note for channel, note in voice.channel_notes.items()},
    )
    return document


def styling_document(styling: VisualStyling) -> dict[str, Any]:
    return {
        "palette": [{"role": c.role, "color": c.color.value} for c in styling.palette],
        "fonts": [{"role": f.role, "family": f.family} for f in styling.fonts],
        "logo_url": styling.logo_url.value if styling.logo_url else None,
    }


def brand_view(brand: Brand) -> BrandView:
    """The read view of an aggregate (for adapters that hold aggregates, and for results)."""
    return BrandView(
        id=brand.id,
        organization_id=brand.organization_id,
        name=brand.name,
        slug=brand.slug.value,
        industry=brand.industry,
        description=brand.description,
        website=brand.website.value if brand.website else None,
        voice=voice_document(brand.voice),
        styling=styling_document(brand.styling),
        status=brand.status.value,
        version=brand.version,
        created_at=brand.created_at,
        updated_at=brand.updated_at,
        archived_at=brand.archived_at,
        time_zone=brand.time_zone,
        blackout_dates=[d.isoformat() for d in brand.blackout_dates],
    )
