"""How each kind of channel account takes a post: the rules the renderer adapts a draft to.

Text lengths are not here: they come from the compliance table
(``umt.domain.content.compliance.limits``) for the channel whose rules apply. This table adds
what only publishing knows: whether the publisher appends the invisible reference marker,
where a link goes, whether hashtags may move to the first comment, whether a title is required,
whether the body becomes HTML, and which media the platform's API takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.version import MediaKind
from umt.domain.publishing.channel_kinds import DEFAULT_CHANNEL, ROLE_OF, ChannelKind, Role

#: Characters of a post's limit held back for the reference marker the social publishers append
#: to the text (a zero-width space and 21 zero-width digits, see the platform adapters'
#: ``reference_marker`` module). The adapter's marker MUST fit in this reserve: a unit test
#: asserts ``MARKER_LENGTH <= REFERENCE_MARKER_RESERVE``. Each marker character weighs at most
#: 1 in every counting the marked channels use (code points; X's weighting gives U+2000-U+200D
#: a weight of 1), so the reserve holds in the channel's own units.
REFERENCE_MARKER_RESERVE = 22


class LinkPlacement(StrEnum):
    """Where a post's link goes on a channel."""

    FIELD = "field"  # the platform's own link field (a link card, a Pin's destination)
    INLINE = "inline"  # in the text (X counts it as 23 characters)
    FIELD_UNLESS_MEDIA = "field_unless_media"  # a link card, or inline when media is attached
    NOT_CLICKABLE = "not_clickable"  # Instagram: "link in bio" or the first comment


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaRules:
    """Which media a channel's publishing API takes, and how many."""

    required: bool = False  # at least one item
    max_items: int | None = None
    kinds: frozenset[MediaKind] = frozenset({MediaKind.IMAGE, MediaKind.VIDEO})
    video_alone: bool = False  # a video must be the only item
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelProfile:
    """One kind of channel account, as the renderer sees it."""

    kind: ChannelKind
    content_type: ContentType  # what the rendered piece is checked as
    marker: bool = False  # the publisher appends the reference marker to the text
    link: LinkPlacement = LinkPlacement.FIELD
    first_comment: bool = False  # hashtags (and a link) may move to the first comment
    title_required: bool = False
    title_used: bool = False  # a title field exists (articles, emails, Pins, link cards)
    html_body: bool = False  # the body is sent as HTML built from the text
    hashtags: bool = True  # hashtags are published at all
    media: MediaRules = MediaRules()


_IMAGES = frozenset({MediaKind.IMAGE})
_IMAGES_AND_VIDEO = frozenset({MediaKind.IMAGE, MediaKind.VIDEO})

_INSTAGRAM_MEDIA = MediaRules(
    required=True,
    max_items=10,
    kinds=_IMAGES_AND_VIDEO,
    source="Instagram Graph API, 'Content Publishing' (an image or video; carousels of up to 10)",
)
_X_MEDIA = MediaRules(
    max_items=4,
    kinds=_IMAGES,
    source="X API v2 'POST /2/tweets' (up to 4 images; umt does not upload video to X)",
)
_PINTEREST_MEDIA = MediaRules(
    required=True,
    max_items=5,
    kinds=_IMAGES,
    source="Pinterest API v5, 'Create Pin' (an image; multiple_image_urls carousels of 2-5; "
    "video Pins need a media upload umt does not do)",
)
_LINKEDIN_MEDIA = MediaRules(
    max_items=20,
    kinds=_IMAGES,
    source="LinkedIn 'Posts API' multiImage (up to 20 images; umt does not upload video)",
)
_FACEBOOK_MEDIA = MediaRules(
    kinds=_IMAGES_AND_VIDEO,
    video_alone=True,
    source="Graph API Page feed, photos and videos (one video alone, or photos)",
)
_WEB_MEDIA = MediaRules(kinds=_IMAGES, source="embedded as <img> in the HTML body")
_SANDBOX_MEDIA = MediaRules(kinds=_IMAGES_AND_VIDEO, source="the sandbox network")

PROFILES: dict[ChannelKind, ChannelProfile] = {
    ChannelKind.FACEBOOK_PAGE: ChannelProfile(
        kind=ChannelKind.FACEBOOK_PAGE,
        content_type=ContentType.SOCIAL_POST,
        marker=True,
        link=LinkPlacement.FIELD_UNLESS_MEDIA,
        media=_FACEBOOK_MEDIA,
    ),
    ChannelKind.INSTAGRAM_ACCOUNT: ChannelProfile(
        kind=ChannelKind.INSTAGRAM_ACCOUNT,
        content_type=ContentType.SOCIAL_POST,
        marker=True,
        link=LinkPlacement.NOT_CLICKABLE,
        first_comment=True,
        media=_INSTAGRAM_MEDIA,
    ),
    **{
        kind: ChannelProfile(
            kind=kind,
            content_type=ContentType.SOCIAL_POST,
            marker=True,
            link=LinkPlacement.FIELD_UNLESS_MEDIA,
            first_comment=True,
            title_used=True,  # the article card's title
            media=_LINKEDIN_MEDIA,
        )
        for kind in (ChannelKind.LINKEDIN_ORGANIZATION, ChannelKind.LINKEDIN_MEMBER)
    },
    ChannelKind.X_ACCOUNT: ChannelProfile(
        kind=ChannelKind.X_ACCOUNT,
        content_type=ContentType.SOCIAL_POST,
        marker=True,
        link=LinkPlacement.INLINE,
        media=_X_MEDIA,
    ),
    ChannelKind.PINTEREST_BOARD: ChannelProfile(
        kind=ChannelKind.PINTEREST_BOARD,
        content_type=ContentType.SOCIAL_POST,
        title_used=True,
        media=_PINTEREST_MEDIA,
    ),
    ChannelKind.WORDPRESS_SITE: ChannelProfile(
        kind=ChannelKind.WORDPRESS_SITE,
        content_type=ContentType.BLOG_POST,
        title_required=True,
        title_used=True,
        html_body=True,
        hashtags=False,
        media=_WEB_MEDIA,
    ),
    ChannelKind.MAILCHIMP_AUDIENCE: ChannelProfile(
        kind=ChannelKind.MAILCHIMP_AUDIENCE,
        content_type=ContentType.EMAIL,
        title_required=True,
        title_used=True,
        html_body=True,
        hashtags=False,
        media=_WEB_MEDIA,
    ),
    ChannelKind.SANDBOX_ACCOUNT: ChannelProfile(
        kind=ChannelKind.SANDBOX_ACCOUNT,
        content_type=ContentType.SOCIAL_POST,
        title_used=True,
        media=_SANDBOX_MEDIA,
    ),
}


def profile_of(kind: ChannelKind) -> ChannelProfile | None:
    """The profile of a kind that publishes (posts, articles, email); None for ad accounts."""
    if ROLE_OF[kind] is Role.ADVERTISE:
        return None
    return PROFILES.get(kind)


def rules_channel(kind: ChannelKind, channel: Channel) -> Channel:
    """The channel whose compliance limits apply: the platform's own for a real platform, the
    brand channel the account serves for the sandbox (which imitates any of them)."""
    if kind is ChannelKind.SANDBOX_ACCOUNT:
        return channel
    return DEFAULT_CHANNEL[kind]
