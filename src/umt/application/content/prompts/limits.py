"""The limits a writer is told about, per channel and content type.

Figures from each platform's documentation (X 280 characters, a LinkedIn post 3,000, an
Instagram caption 2,200 and 30 hashtags, an email subject about 78, a meta description 160,
Google Ads responsive search ads: headlines of 30 and descriptions of 90). A prompt states them so
that a model aims inside them; the compliance check enforces them afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import Length


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Character limits (``None``: no hard limit) and how many of each list to write."""

    body_max_chars: int | None = None
    title_max_chars: int | None = None
    max_hashtags: int | None = None
    subject_max_chars: int | None = None
    preheader_max_chars: int | None = None
    headline_max_chars: int | None = None
    headline_count: int = 0
    description_max_chars: int | None = None
    description_count: int = 0
    meta_description_max_chars: int | None = None


_BODY_LIMITS: dict[Channel, int] = {
    Channel.X: 280,
    Channel.LINKEDIN: 3_000,
    Channel.INSTAGRAM: 2_200,
    Channel.FACEBOOK: 63_206,
    Channel.TIKTOK: 2_200,
    Channel.PINTEREST: 500,
    Channel.YOUTUBE: 5_000,
    Channel.LINKEDIN_ADS: 600,  # sponsored content introductory text
    Channel.META_ADS: 2_200,  # primary text (about 125 show before "see more")
}
_HASHTAG_LIMITS: dict[Channel, int] = {Channel.INSTAGRAM: 30, Channel.TIKTOK: 30}

# Google Ads responsive search ads: up to 15 headlines of 30 and 4 descriptions of 90; the
# writer is asked for a usable set, not the maximum.
_AD_HEADLINES = {
    Channel.GOOGLE_ADS: (30, 5),
    Channel.META_ADS: (40, 3),
    Channel.LINKEDIN_ADS: (70, 3),
}
_AD_DESCRIPTIONS = {
    Channel.GOOGLE_ADS: (90, 2),
    Channel.META_ADS: (30, 2),
    Channel.LINKEDIN_ADS: (100, 2),
}

_TITLE_MAX = {
    ContentType.BLOG_POST: 70,
    ContentType.LANDING_PAGE: 60,
    ContentType.VIDEO_SCRIPT: 100,
}

# Target lengths in words for the three lengths a direction may ask for, per content type.
_WORDS: dict[ContentType, tuple[int, int, int]] = {
    ContentType.SOCIAL_POST: (40, 120, 250),
    ContentType.EMAIL: (80, 180, 350),
    ContentType.BLOG_POST: (400, 800, 1_500),
    ContentType.AD_COPY: (15, 30, 60),
    ContentType.LANDING_PAGE: (150, 350, 700),
    ContentType.VIDEO_SCRIPT: (80, 200, 450),
}


def limits_for(content_type: ContentType, channel: Channel) -> Limits:
    """The limits of ``content_type`` on ``channel``."""
    body = _BODY_LIMITS.get(channel)
    if content_type is ContentType.AD_COPY:
        headline_max, headline_count = _AD_HEADLINES.get(channel, (40, 3))
        description_max, description_count = _AD_DESCRIPTIONS.get(channel, (90, 2))
        return Limits(
            body_max_chars=body,
            headline_max_chars=headline_max,
            headline_count=headline_count,
            description_max_chars=description_max,
            description_count=description_count,
        )
    if content_type is ContentType.EMAIL:
        return Limits(subject_max_chars=78, preheader_max_chars=100)
    if content_type in {ContentType.BLOG_POST, ContentType.LANDING_PAGE}:
        return Limits(title_max_chars=_TITLE_MAX[content_type], meta_description_max_chars=160)
    return Limits(
        body_max_chars=body,
        title_max_chars=_TITLE_MAX.get(content_type),
        max_hashtags=_HASHTAG_LIMITS.get(channel),
    )


def target_words(content_type: ContentType, length: Length) -> int:
    """About how many words of body a variant of ``length`` should have."""
    short, medium, long = _WORDS[content_type]
    return {Length.SHORT: short, Length.MEDIUM: medium, Length.LONG: long}[length]
