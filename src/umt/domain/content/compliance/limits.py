"""Channel and content-type length limits: the table the checker enforces and generators size to.

A ``FieldLimit`` has a ``hard`` maximum (the platform rejects or cuts the text: over it is an
error) and/or a ``recommended`` maximum (the platform truncates the preview or its guidance
advises less: over it is a warning). Lengths are counted in Unicode code points, except on X,
where ``weighted`` counting applies (see ``measure``). Each entry names the documentation page
it comes from; the table in docs/compliance.md mirrors this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance.text import URL
from umt.domain.content.draft import ContentType

X_URL_LENGTH = 23  # X: every URL counts as 23 characters (t.co wrapping)


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldLimit:
    """Length limits of one field (for list fields such as headlines: of each item)."""

    hard: int | None = None
    recommended: int | None = None
    source: str = ""

    @property
    def target(self) -> int | None:
        """The length a generator should aim under: the recommended one, else the hard one."""
        return self.recommended if self.recommended is not None else self.hard


@dataclass(frozen=True, slots=True, kw_only=True)
class CountLimit:
    """How many items a list field must and may hold (Google Ads: 3-15 headlines)."""

    minimum: int = 0
    maximum: int | None = None
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelLimits:
    """Every limit for one (channel, content type): per field, per list, hashtags, counting.

    Field keys are location names without an index: ``title``, ``body``, ``fields.subject``,
    ``fields.preheader``, ``fields.headlines``, ``fields.descriptions``,
    ``fields.meta_description``, ``fields.slug``.
    """

    channel: Channel
    content_type: ContentType
    fields: dict[str, FieldLimit] = field(default_factory=dict)
    counts: dict[str, CountLimit] = field(default_factory=dict)
    max_hashtags: int | None = None
    hashtag_source: str = ""
    weighted: bool = False

    def for_location(self, location: str) -> FieldLimit | None:
        """The limit of a located field: ``fields.headlines[2]`` → the ``fields.headlines`` one."""
        return self.fields.get(location.split("[", 1)[0])

    def measure(self, text: str) -> int:
        """The length of ``text`` as this channel counts it."""
        return weighted_length(text) if self.weighted else len(text)


def _x_weight(char: str) -> int:
    # twitter-text v3: code points in these ranges weigh 1, all others 2 (CJK, emoji). The
    # emoji modifiers and joiners weigh 0 here so that a common emoji counts 2, as X shows it.
    code = ord(char)
    if char in "\ufe0f\u200d" or 0x1F3FB <= code <= 0x1F3FF:
        return 0
    if (
        code <= 0x10FF
        or 0x2000 <= code <= 0x200D
        or 0x2010 <= code <= 0x201F
        or 0x2032 <= code <= 0x2037
    ):
        return 1
    return 2


def weighted_length(text: str) -> int:
    """X's count: each URL 23, most Latin text 1 per character, CJK and emoji 2."""
    total = 0
    position = 0
    for match in URL.finditer(text):
        total += sum(_x_weight(c) for c in text[position : match.start()]) + X_URL_LENGTH
        position = match.end()
    return total + sum(_x_weight(c) for c in text[position:])


def overflow_index(text: str, limit: int, *, weighted: bool) -> int:
    """The index of the first character that takes ``text`` over ``limit`` (len if none)."""
    if not weighted:
        return min(limit, len(text))
    total = 0
    urls = {m.start(): m.end() for m in URL.finditer(text)}
    index = 0
    while index < len(text):
        if index in urls:
            total += X_URL_LENGTH
            if total > limit:
                return index
            index = urls[index]
            continue
        total += _x_weight(text[index])
        if total > limit:
            return index
        index += 1
    return len(text)


# --- the table -----------------------------------------------------------------------------

_X = "X Developer Platform, 'Counting characters' (280 weighted; URLs count 23)"
_LINKEDIN = "LinkedIn Help, 'Share posts on LinkedIn' (posts 3,000; comments 1,250 characters)"
_FACEBOOK = "Meta, Facebook post composer limit (63,206 characters)"
_INSTAGRAM = "Instagram Graph API, 'Content Publishing' (caption 2,200 characters, 30 hashtags)"
_TIKTOK = "TikTok for Developers, 'Content Posting API: Direct Post' (title 2,200 characters)"
_PINTEREST = "Pinterest API v5, 'Create Pin' (title 100, description 500 characters)"
_YOUTUBE = "YouTube Data API, 'Videos' resource (snippet.title 100, snippet.description 5,000)"
_RFC5322 = "RFC 5322 section 2.1.1 (lines SHOULD stay within 78 characters); 150: umt's hard cap"
_PREHEADER = "Litmus, 'The Ultimate Guide to Preview Text' (clients show about 35-100 characters)"
_GOOGLE_SNIPPET = "Google Search Central, 'Control your snippets in search results' (cut near 160)"
_GOOGLE_TITLE = "Google Search Central, 'Influencing your title links' (cut near 60 characters)"
_SLUG = "umt Slug value object (lowercase letters, digits, single hyphens; 80 characters)"
_GOOGLE_ADS = "Google Ads Help, 'About responsive search ads' (headlines 30, descriptions 90)"
_META_ADS = "Meta Ads Guide (primary text 125, headline 40, description 30 recommended)"
_LINKEDIN_ADS = "LinkedIn Ads Guide, 'Single Image Ads' specs (intro 600/150, headline 200/70)"

_POST_LIMITS: dict[Channel, dict[str, FieldLimit]] = {
    Channel.X: {"body": FieldLimit(hard=280, source=_X)},
    Channel.LINKEDIN: {"body": FieldLimit(hard=3000, source=_LINKEDIN)},
    Channel.FACEBOOK: {"body": FieldLimit(hard=63206, source=_FACEBOOK)},
    Channel.INSTAGRAM: {"body": FieldLimit(hard=2200, source=_INSTAGRAM)},
    Channel.TIKTOK: {"body": FieldLimit(hard=2200, source=_TIKTOK)},
    Channel.PINTEREST: {
        "title": FieldLimit(hard=100, source=_PINTEREST),
        "body": FieldLimit(hard=500, source=_PINTEREST),
    },
    Channel.YOUTUBE: {
        "title": FieldLimit(hard=100, source=_YOUTUBE),
        "body": FieldLimit(hard=5000, source=_YOUTUBE),
    },
}

_HASHTAG_LIMITS: dict[Channel, tuple[int, str]] = {Channel.INSTAGRAM: (30, _INSTAGRAM)}

#: Replies and comments, for generators that write them (not a content type of their own).
COMMENT_LIMITS: dict[Channel, FieldLimit] = {
    Channel.LINKEDIN: FieldLimit(hard=1250, source=_LINKEDIN),
}

_AD_FIELDS: dict[Channel, dict[str, FieldLimit]] = {
    Channel.GOOGLE_ADS: {
        "fields.headlines": FieldLimit(hard=30, source=_GOOGLE_ADS),
        "fields.descriptions": FieldLimit(hard=90, source=_GOOGLE_ADS),
    },
    Channel.META_ADS: {
        "body": FieldLimit(recommended=125, source=_META_ADS),
        "fields.headlines": FieldLimit(recommended=40, source=_META_ADS),
        "fields.descriptions": FieldLimit(recommended=30, source=_META_ADS),
    },
    Channel.LINKEDIN_ADS: {
        "body": FieldLimit(hard=600, recommended=150, source=_LINKEDIN_ADS),
        "fields.headlines": FieldLimit(hard=200, recommended=70, source=_LINKEDIN_ADS),
    },
}

_AD_COUNTS: dict[Channel, dict[str, CountLimit]] = {
    Channel.GOOGLE_ADS: {
        "fields.headlines": CountLimit(minimum=3, maximum=15, source=_GOOGLE_ADS),
        "fields.descriptions": CountLimit(minimum=2, maximum=4, source=_GOOGLE_ADS),
    },
}

_EMAIL_FIELDS: dict[str, FieldLimit] = {
    "fields.subject": FieldLimit(hard=150, recommended=78, source=_RFC5322),
    "fields.preheader": FieldLimit(recommended=100, source=_PREHEADER),
}

_WEB_FIELDS: dict[str, FieldLimit] = {
    "title": FieldLimit(recommended=60, source=_GOOGLE_TITLE),
    "fields.meta_description": FieldLimit(recommended=160, source=_GOOGLE_SNIPPET),
    "fields.slug": FieldLimit(hard=80, source=_SLUG),
}

_POST_TYPES = frozenset({ContentType.SOCIAL_POST, ContentType.AD_COPY})


def limits_for(channel: Channel, content_type: ContentType) -> ChannelLimits:
    """Every limit that applies to a ``content_type`` piece published on ``channel``.

    Content-type limits apply on any channel (an email's subject, a web page's SEO title,
    meta description and slug); channel limits apply to posts and ads (a post's body, a
    Pinterest or YouTube title, ad headlines and descriptions and how many of them). A video
    script keeps only its channel's title limit: its body is the spoken script, not a caption.
    """
    fields: dict[str, FieldLimit] = {}
    counts: dict[str, CountLimit] = {}
    if content_type is ContentType.EMAIL:
        fields.update(_EMAIL_FIELDS)
    if content_type in (ContentType.BLOG_POST, ContentType.LANDING_PAGE):
        fields.update(_WEB_FIELDS)
    if content_type is ContentType.AD_COPY and channel in _AD_FIELDS:
        fields.update(_AD_FIELDS[channel])
        counts.update(_AD_COUNTS.get(channel, {}))
    elif content_type in _POST_TYPES:
        fields.update(_POST_LIMITS.get(channel, {}))
    elif content_type is ContentType.VIDEO_SCRIPT and "title" in _POST_LIMITS.get(channel, {}):
        fields["title"] = _POST_LIMITS[channel]["title"]
    hashtag_max, hashtag_source = _HASHTAG_LIMITS.get(channel, (None, ""))
    return ChannelLimits(
        channel=channel,
        content_type=content_type,
        fields=fields,
        counts=counts,
        max_hashtags=hashtag_max if content_type in _POST_TYPES else None,
        hashtag_source=hashtag_source if content_type in _POST_TYPES else "",
        weighted=channel is Channel.X,
    )


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
