"""Channel limits the composer writes within.

The compliance checker's table (``umt.domain.content.compliance.limits``) is the authority:
ad field targets and X's weighted character count come from it. This module adds what the
composer needs on top: a size for every channel (the checker has none for some), a ceiling
for ad fields the platforms only recommend a length for, and the tighter lengths that read
well (an email subject shows about 60 characters in most inboxes, a meta description about
155 in search results).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance import ChannelLimits, limits_for
from umt.domain.content.compliance.limits import Counting, measure
from umt.domain.content.draft import ContentType


@dataclass(frozen=True, slots=True, kw_only=True)
class PostLimit:
    body: int  # characters in a post or caption, hashtags and disclosures included
    hashtags: int  # most hashtags the platform accepts


POST_LIMITS: dict[Channel, PostLimit] = {
    Channel.X: PostLimit(body=280, hashtags=2),  # X allows more; two is what reads well
    Channel.LINKEDIN: PostLimit(body=3000, hashtags=30),
    Channel.INSTAGRAM: PostLimit(body=2200, hashtags=30),
    Channel.FACEBOOK: PostLimit(body=63206, hashtags=30),
    Channel.TIKTOK: PostLimit(body=2200, hashtags=30),
    Channel.YOUTUBE: PostLimit(body=5000, hashtags=15),
    Channel.PINTEREST: PostLimit(body=500, hashtags=20),
    Channel.LINKEDIN_ADS: PostLimit(body=600, hashtags=5),
    Channel.META_ADS: PostLimit(body=2200, hashtags=5),
}
DEFAULT_POST_LIMIT = PostLimit(body=3000, hashtags=30)


@dataclass(frozen=True, slots=True, kw_only=True)
class AdLimit:
    headline: int
    description: int  # the ceiling: never longer
    description_target: int = 0  # aim under this first when the platform recommends less
    body_target: int = 0  # the primary text's recommended length, 0 when none
    # how the network counts ad fields: Google Ads counts East Asian wide characters twice
    counting: Counting = Counting.CODE_POINTS

    def length(self, text: str) -> int:
        """The length of an ad field as the network (and the compliance check) counts it."""
        return measure(text, self.counting)


AD_LIMITS: dict[Channel, AdLimit] = {
    Channel.GOOGLE_ADS: AdLimit(headline=30, description=90),
    Channel.META_ADS: AdLimit(headline=40, description=90),
    Channel.LINKEDIN_ADS: AdLimit(headline=70, description=150),
}
# any other channel gets the strictest (Google's responsive search ad) limits
DEFAULT_AD_LIMIT = AD_LIMITS[Channel.GOOGLE_ADS]
MIN_HEADLINES = 3
MAX_HEADLINES = 15
MIN_DESCRIPTIONS = 2
MAX_DESCRIPTIONS = 4

EMAIL_SUBJECT_MAX = 78  # the hard limit the compliance checker applies; the composer aims lower
EMAIL_SUBJECT_TARGET = 60
EMAIL_PREHEADER_MAX = 100
META_DESCRIPTION_MAX = 160  # likewise
META_DESCRIPTION_TARGET = 155
TITLE_MAX = 60  # blog and landing page titles: what a search result shows (compliance: 60)
VIDEO_TITLE_MAX = 100
SLUG_MAX = 60


def post_limit(channel: Channel) -> PostLimit:
    return POST_LIMITS.get(channel, DEFAULT_POST_LIMIT)


def post_length(channel: Channel, text: str) -> int:
    """The length of a post as the channel counts it (X weighs emoji and CJK double)."""
    return _social_limits(channel).measure(text, "body")


@cache
def _social_limits(channel: Channel) -> ChannelLimits:
    return limits_for(channel, ContentType.SOCIAL_POST)


def ad_limit(channel: Channel) -> AdLimit:
    """The ceilings above with the compliance table's targets for ``channel``."""
    ceiling = AD_LIMITS.get(channel, DEFAULT_AD_LIMIT)
    table = limits_for(channel, ContentType.AD_COPY).fields

    def target(key: str, default: int) -> int:
        found = table.get(key)
        return found.target if found is not None and found.target is not None else default

    return AdLimit(
        headline=min(ceiling.headline, target("fields.headlines", ceiling.headline)),
        description=ceiling.description,
        description_target=min(
            ceiling.description, target("fields.descriptions", ceiling.description)
        ),
        body_target=target("body", 0),
        counting=limits_for(channel, ContentType.AD_COPY).counting_for("fields.headlines"),
    )
