"""Channel and content-type length limits: the table the checker enforces and generators size to.

A ``FieldLimit`` has a ``hard`` maximum (the platform rejects or cuts the text: over it is an
error) and/or a ``recommended`` maximum (the platform truncates the preview or its guidance
advises less: over it is a warning). Lengths are counted in Unicode code points, except on X
(``Counting.X_WEIGHTED``) and Google Ads (``Counting.DOUBLE_WIDTH``); see ``measure``. Each
entry names the documentation page it comes from; docs/compliance.md mirrors this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance.text import URL
from umt.domain.content.draft import ContentType

X_URL_LENGTH = 23  # X: every URL counts as 23 characters (t.co wrapping)


class Counting(StrEnum):
    """How a platform counts characters."""

    CODE_POINTS = "code_points"  # one per Unicode code point
    X_WEIGHTED = "x_weighted"  # X: URLs 23, CJK and emoji 2 (``weighted_length``)
    DOUBLE_WIDTH = "double_width"  # Google Ads: East Asian wide and fullwidth characters 2
    UTF8_BYTES = "utf8_bytes"  # YouTube descriptions: bytes of the UTF-8 encoding


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldLimit:
    """Length limits of one field (for list fields such as headlines: of each item)."""

    hard: int | None = None
    recommended: int | None = None
    source: str = ""
    counting: Counting | None = None  # None: the channel's way of counting
    forbidden: str = ""  # characters the platform rejects in this field

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
    max_mentions: int | None = None
    mention_source: str = ""
    counting: Counting = Counting.CODE_POINTS

    def for_location(self, location: str) -> FieldLimit | None:
        """The limit of a located field: ``fields.headlines[2]`` → the ``fields.headlines`` one."""
        return self.fields.get(location.split("[", 1)[0])

    def counting_for(self, location: str) -> Counting:
        """How the field at ``location`` is counted: its own way, else the channel's."""
        limit = self.for_location(location)
        if limit is not None and limit.counting is not None:
            return limit.counting
        return self.counting

    def measure(self, text: str, location: str | None = None) -> int:
        """The length of ``text`` as this channel counts it (in the field at ``location``)."""
        return measure(text, self.counting if location is None else self.counting_for(location))


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


def _wide_weight(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _units(text: str, counting: Counting) -> Iterator[tuple[int, int]]:
    """``(index, weight)`` of each counted unit: a character, or on X a whole URL."""
    if counting is Counting.CODE_POINTS:
        yield from ((i, 1) for i in range(len(text)))
        return
    if counting is Counting.DOUBLE_WIDTH:
        yield from ((i, _wide_weight(c)) for i, c in enumerate(text))
        return
    if counting is Counting.UTF8_BYTES:
        yield from ((i, len(c.encode("utf-8", "surrogatepass"))) for i, c in enumerate(text))
        return
    position = 0
    for match in URL.finditer(text):
        yield from ((i, _x_weight(text[i])) for i in range(position, match.start()))
        yield match.start(), X_URL_LENGTH
        position = match.end()
    yield from ((i, _x_weight(text[i])) for i in range(position, len(text)))


def weighted_length(text: str) -> int:
    """X's count: each URL 23, most Latin text 1 per character, CJK and emoji 2."""
    return sum(weight for _, weight in _units(text, Counting.X_WEIGHTED))


def double_width_length(text: str) -> int:
    """Google Ads' count: East Asian wide and fullwidth characters 2, all others 1."""
    return sum(weight for _, weight in _units(text, Counting.DOUBLE_WIDTH))


def measure(text: str, counting: Counting) -> int:
    """The length of ``text`` counted the ``counting`` way."""
    if counting is Counting.CODE_POINTS:
        return len(text)
    return sum(weight for _, weight in _units(text, counting))


def overflow_index(text: str, limit: int, counting: Counting = Counting.CODE_POINTS) -> int:
    """The index of the first character (on X: or URL) that takes ``text`` over ``limit``;
    ``len(text)`` when it fits."""
    if counting is Counting.CODE_POINTS:
        return min(max(limit, 0), len(text))
    total = 0
    for index, weight in _units(text, counting):
        total += weight
        if total > limit:
            return index
    return len(text)


# --- the table -----------------------------------------------------------------------------

_X = "X Developer Platform, 'Counting characters' (280 weighted; URLs count 23)"
_LINKEDIN = "LinkedIn Help, 'Share posts on LinkedIn' (posts 3,000; comments 1,250 characters)"
_FACEBOOK = "Meta, Facebook post composer limit (63,206 characters)"
_INSTAGRAM = (
    "Instagram Graph API, 'Content Publishing' (caption 2,200 characters, 30 hashtags, "
    "20 @ mentions)"
)
_TIKTOK = "TikTok for Developers, 'Content Posting API: Direct Post' (title 2,200 characters)"
_PINTEREST = "Pinterest API v5, 'Create Pin' (title 100, description 500 characters)"
_YOUTUBE = (
    "YouTube Data API, 'Videos' resource (snippet.title 100 characters, snippet.description "
    "5,000 bytes; neither may contain < or >)"
)
_RFC5322 = "RFC 5322 section 2.1.1 (lines SHOULD stay within 78 characters); 150: umt's hard cap"
_PREHEADER = "Litmus, 'The Ultimate Guide to Preview Text' (clients show about 35-100 characters)"
_GOOGLE_SNIPPET = "Google Search Central, 'Control your snippets in search results' (cut near 160)"
_GOOGLE_TITLE = "Google Search Central, 'Influencing your title links' (cut near 60 characters)"
_SLUG = "umt Slug value object (lowercase letters, digits, single hyphens; 80 characters)"
_GOOGLE_ADS = (
    "Google Ads Help, 'About responsive search ads' (headlines 30, descriptions 90) and "
    "'Character limits' (double-width characters count 2)"
)
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
        "title": FieldLimit(hard=100, source=_YOUTUBE, forbidden="<>"),
        "body": FieldLimit(
            hard=5000, source=_YOUTUBE, counting=Counting.UTF8_BYTES, forbidden="<>"
        ),
    },
}

_HASHTAG_LIMITS: dict[Channel, tuple[int, str]] = {Channel.INSTAGRAM: (30, _INSTAGRAM)}
_MENTION_LIMITS: dict[Channel, tuple[int, str]] = {Channel.INSTAGRAM: (20, _INSTAGRAM)}

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

_COUNTING: dict[Channel, Counting] = {
    Channel.X: Counting.X_WEIGHTED,
    Channel.GOOGLE_ADS: Counting.DOUBLE_WIDTH,
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
    mention_max, mention_source = _MENTION_LIMITS.get(channel, (None, ""))
    is_post = content_type in _POST_TYPES
    return ChannelLimits(
        channel=channel,
        content_type=content_type,
        fields=fields,
        counts=counts,
        max_hashtags=hashtag_max if is_post else None,
        hashtag_source=hashtag_source if is_post else "",
        max_mentions=mention_max if is_post else None,
        mention_source=mention_source if is_post else "",
        counting=_COUNTING.get(channel, Counting.CODE_POINTS),
    )


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
