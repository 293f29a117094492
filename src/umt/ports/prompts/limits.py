"""The limits a writer is told about, per channel and content type.

They come from the compliance check's table (docs/compliance.md: X 280 characters, a
LinkedIn post 3,000, an Instagram caption 2,200 and 30 hashtags, an email subject about 78, a
meta description 160, Google Ads headlines of 30 and descriptions of 90, ...): a prompt states
them so that a model aims inside them, and the check enforces the same figures afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance import limits_for as compliance_limits
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


# How many headlines and descriptions of an ad the writer is asked for: a usable set within
# the platform's count limits (Google Ads takes 3-15 headlines and 2-4 descriptions).
_AD_HEADLINE_COUNT = 5
_AD_DESCRIPTION_COUNT = 2

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
    """The limits of ``content_type`` on ``channel``, read from the compliance table
    (``umt.domain.content.compliance.limits_for``) so that a prompt asks for exactly what the
    check enforces; each field states the length to aim under (recommended, else hard)."""
    table = compliance_limits(channel, content_type)

    def target(location: str) -> int | None:
        limit = table.fields.get(location)
        return None if limit is None else limit.target

    def count(location: str, wanted: int) -> int:
        if location not in table.fields:
            return 0
        bounds = table.counts.get(location)
        if bounds is None:
            return wanted
        most = wanted if bounds.maximum is None else min(wanted, bounds.maximum)
        return max(bounds.minimum, most)

    return Limits(
        body_max_chars=target("body"),
        title_max_chars=target("title"),
        max_hashtags=table.max_hashtags,
        subject_max_chars=target("fields.subject"),
        preheader_max_chars=target("fields.preheader"),
        headline_max_chars=target("fields.headlines"),
        headline_count=count("fields.headlines", _AD_HEADLINE_COUNT),
        description_max_chars=target("fields.descriptions"),
        description_count=count("fields.descriptions", _AD_DESCRIPTION_COUNT),
        meta_description_max_chars=target("fields.meta_description"),
    )


def target_words(content_type: ContentType, length: Length) -> int:
    """About how many words of body a variant of ``length`` should have."""
    short, medium, long = _WORDS[content_type]
    return {Length.SHORT: short, Length.MEDIUM: medium, Length.LONG: long}[length]
