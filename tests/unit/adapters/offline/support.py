"""Builders and text checks shared by the offline generator's tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import UUID

from umt.adapters.offline import compose
from umt.domain.brand.audience import Audience
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.draft import ContentType, Draft
from umt.domain.shared.ids import AudienceId
from umt.ports.content_generator import BrandBrief, Direction, GenerationRequest, Length

NOW = datetime(2026, 1, 1, tzinfo=UTC)

VOICE = VoiceGuide(
    tone=("warm", "clear"),
    phrases_to_use=("care, on time",),
    phrases_to_avoid=("game changer",),
    banned_words=("revolutionary", "cheap"),
    banned_claims=("guaranteed results",),
    required_disclosures=("Results vary by practice",),
    emoji_policy=EmojiPolicy.SPARING,
    hashtag_policy=HashtagPolicy.RELEVANT,
    max_hashtags=3,
)
BRAND = BrandBrief(name="Acme Health", industry="healthcare software", voice=VOICE)
AUDIENCE = Audience(
    id=AudienceId(UUID(int=1)),
    persona_name="Clinic manager Carla",
    interests=("healthcare operations", "patient experience"),
    pain_points=("too many no-shows", "manual reminder calls eat the front desk's morning"),
    goals=("fuller schedules", "more time for patients"),
    created_at=NOW,
    updated_at=NOW,
)
KEY_POINTS = ("automate reminders", "confirm by text", "fill cancellations fast")

# five directions as a variants request would spread them
DIRECTIONS = (
    Direction(hook="question", angle="pain_point", call_to_action="book_demo", length=Length.SHORT),
    Direction(hook="story", angle="social_proof", call_to_action="learn_more", length=Length.LONG),
    Direction(hook="bold_claim", angle="benefit", call_to_action="try_free", length=Length.MEDIUM),
    Direction(hook="list", angle="comparison", call_to_action="download", length=Length.MEDIUM),
    Direction(
        hook="surprising_truth", angle="urgency", call_to_action="sign_up", length=Length.LONG
    ),
)

TYPE_CHANNELS: dict[ContentType, tuple[Channel, ...]] = {
    ContentType.SOCIAL_POST: (
        Channel.X,
        Channel.LINKEDIN,
        Channel.INSTAGRAM,
        Channel.FACEBOOK,
        Channel.TIKTOK,
        Channel.PINTEREST,
    ),
    ContentType.EMAIL: (Channel.EMAIL,),
    ContentType.BLOG_POST: (Channel.BLOG,),
    ContentType.AD_COPY: (Channel.GOOGLE_ADS, Channel.META_ADS, Channel.LINKEDIN_ADS),
    ContentType.LANDING_PAGE: (Channel.WEBSITE,),
    ContentType.VIDEO_SCRIPT: (Channel.YOUTUBE, Channel.TIKTOK),
}


def request(
    *,
    content_type: ContentType = ContentType.SOCIAL_POST,
    channel: Channel = Channel.LINKEDIN,
    direction: Direction = DIRECTIONS[0],
    seed: int = 7,
    brand: BrandBrief = BRAND,
    topic: str = "appointment reminders",
    audience: Audience | None = AUDIENCE,
    key_points: tuple[str, ...] = KEY_POINTS,
    **extra: object,
) -> GenerationRequest:
    return GenerationRequest(
        brand=brand,
        topic=topic,
        content_type=content_type,
        channel=channel,
        direction=direction,
        seed=seed,
        audience=audience,
        key_points=key_points,
        **extra,  # type: ignore[arg-type]  # template, feedback, locale
    )


def voice(**changes: object) -> BrandBrief:
    fields = {
        name: getattr(VOICE, name)
        for name in (
            "tone",
            "phrases_to_use",
            "phrases_to_avoid",
            "banned_words",
            "banned_claims",
            "required_disclosures",
            "emoji_policy",
            "hashtag_policy",
            "max_hashtags",
        )
    }
    fields.update(changes)
    return BrandBrief(name=BRAND.name, industry=BRAND.industry, voice=VoiceGuide(**fields))  # type: ignore[arg-type]


def texts(draft: Draft) -> list[str]:
    """Every text a draft carries."""
    f = draft.fields
    return [
        draft.title,
        draft.body,
        f.subject,
        f.preheader,
        *f.headlines,
        *f.descriptions,
        *f.hashtags,
        f.call_to_action,
        f.slug,
        f.meta_description,
        *f.keywords,
    ]


def everything(draft: Draft) -> str:
    return "\n".join(t for t in texts(draft) if t)


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.casefold())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def draft_of(req: GenerationRequest) -> Draft:
    return compose(req)


PLACEHOLDER = re.compile(r"[{}]|\[[a-z_]+\]|\bNone\b(?! of)|\bundefined\b|\bnull\b")
