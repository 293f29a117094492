"""Generation requests for tests: a brand with a full voice guide, an audience, a direction."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from umt.domain.brand.audience import AgeRange, Audience
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.draft import ContentType
from umt.domain.shared.ids import AudienceId
from umt.ports.content_generator import BrandBrief, Direction, GenerationRequest, Length

AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

VOICE = VoiceGuide(
    tone=("warm", "confident"),
    phrases_to_use=("plan with confidence",),
    phrases_to_avoid=("synergy",),
    banned_words=("cheap", "guarantee"),
    banned_claims=("best in the world",),
    required_disclosures=("Terms apply.",),
    reading_grade=8,
    emoji_policy=EmojiPolicy.NONE,
    hashtag_policy=HashtagPolicy.BRANDED_ONLY,
    max_hashtags=2,
    channel_notes={Channel.LINKEDIN: "Speak to finance leaders, first person plural."},
)

AUDIENCE = Audience(
    id=AudienceId(UUID("00000000-0000-7000-8000-000000000001")),
    persona_name="Finance Fiona",
    age_range=AgeRange(30, 55),
    locations=("Berlin", "Vienna"),
    interests=("forecasting",),
    pain_points=("month-end close takes two weeks",),
    goals=("close the books in three days",),
    created_at=AT,
    updated_at=AT,
)


def sample_request(**overrides: Any) -> GenerationRequest:
    """A LinkedIn post request for the brand Ledgerly; keyword arguments replace fields."""
    request = GenerationRequest(
        brand=BrandBrief(
            name="Ledgerly",
            industry="finance software",
            description="Accounting automation for mid-sized companies.",
            voice=VOICE,
        ),
        topic="closing the books faster",
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.LINKEDIN,
        direction=Direction(
            hook="question",
            angle="pain point",
            call_to_action="Book a demo",
            length=Length.SHORT,
        ),
        seed=42,
        audience=AUDIENCE,
        key_points=("automatic bank reconciliation", "audit trail"),
    )
    return replace(request, **overrides)
