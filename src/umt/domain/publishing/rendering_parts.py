"""The parts of a rendered post: the brand's preferences, title, preview, link and text.

``render_for_channel`` (``rendering``) puts them together and checks the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.version import MediaReference
from umt.domain.publishing.channel_profiles import ChannelProfile, LinkPlacement
from umt.domain.publishing.hashtags import field_hashtags, hashtag_line
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Url

MAX_LINK_IN_BIO = 100
SEPARATOR = "\n\n"


class HashtagPlacement(StrEnum):
    INLINE = "inline"  # at the end of the text
    FIRST_COMMENT = "first_comment"  # Instagram and LinkedIn: the first comment; else inline


class InstagramLink(StrEnum):
    LINK_IN_BIO = "link_in_bio"  # the wording at the end of the caption; the link goes nowhere
    FIRST_COMMENT = "first_comment"  # the link in the first comment (not clickable either)


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderingPreferences:
    """The brand's choices for a channel account: where hashtags go, what Instagram says."""

    hashtags: HashtagPlacement = HashtagPlacement.INLINE
    instagram_link: InstagramLink = InstagramLink.LINK_IN_BIO
    link_in_bio: str = "Link in bio."

    def __post_init__(self) -> None:
        object.__setattr__(self, "hashtags", HashtagPlacement(self.hashtags))
        object.__setattr__(self, "instagram_link", InstagramLink(self.instagram_link))
        wording = " ".join(self.link_in_bio.split())
        if not wording or len(wording) > MAX_LINK_IN_BIO:
            raise InvalidValue(
                f"link_in_bio must be 1 to {MAX_LINK_IN_BIO} characters", field="link_in_bio"
            )
        object.__setattr__(self, "link_in_bio", wording)


def title_of(profile: ChannelProfile, draft: Draft) -> str:
    if not profile.title_used:
        return ""
    raw = draft.title
    if profile.content_type is ContentType.EMAIL:
        raw = draft.fields.subject or draft.title
    return " ".join(raw.split())  # one line: no breaks in a title or a subject


def preview_of(profile: ChannelProfile, draft: Draft) -> str | None:
    if profile.content_type is ContentType.EMAIL:
        return " ".join(draft.fields.preheader.split()) or None
    if profile.content_type is ContentType.BLOG_POST:
        return " ".join(draft.fields.meta_description.split()) or None
    return None


def chosen_link(links: tuple[str, ...], body: str) -> tuple[str | None, list[Violation]]:
    """The first link (checked); the others are published only where the body has them."""
    found: list[Violation] = []
    chosen: str | None = None
    for index, raw in enumerate(links):
        if not raw.strip():
            continue
        try:
            url = Url(raw).value
        except InvalidValue:
            found.append(
                Violation(
                    code="invalid_link",
                    severity=Severity.ERROR,
                    message=f"fields.links[{index}] is not an absolute http(s) URL",
                    location=f"fields.links[{index}]",
                )
            )
            continue
        if chosen is None:
            chosen = url
        elif url not in body:
            found.append(
                Violation(
                    code="link_not_published",
                    severity=Severity.INFO,
                    message=f"only the first link goes with the post; {url} is not in the text",
                    location=f"fields.links[{index}]",
                )
            )
    return chosen, found


def publishable_hashtags(
    profile: ChannelProfile,
    preferences: RenderingPreferences,
    draft: Draft,
    body: str,
    found: list[Violation],
) -> tuple[tuple[str, ...], bool]:
    """The field hashtags to publish, and whether they go to the first comment."""
    if not profile.hashtags:
        if any(tag.strip().lstrip("#") for tag in draft.fields.hashtags):
            found.append(
                Violation(
                    code="hashtags_not_published",
                    severity=Severity.INFO,
                    message=f"{profile.kind} has no hashtags: fields.hashtags are left out",
                    location="fields.hashtags",
                )
            )
        return (), False
    given = field_hashtags(draft.fields.hashtags, body)
    found.extend(given.violations)
    to_comment = (
        bool(given.tags)
        and profile.first_comment
        and preferences.hashtags is HashtagPlacement.FIRST_COMMENT
    )
    return given.tags, to_comment


def compose(
    profile: ChannelProfile,
    preferences: RenderingPreferences,
    body: str,
    link: str | None,
    tags: tuple[str, ...],
    to_comment: bool,
    media: Sequence[MediaReference],
) -> tuple[str, str]:
    """The post's text and its first comment, parts separated by a blank line."""
    text = [body]
    comment: list[str] = []
    if link is not None and link_inline(profile, media) and link not in body:
        text.append(link)
    if link is not None and profile.link is LinkPlacement.NOT_CLICKABLE:
        if preferences.instagram_link is InstagramLink.FIRST_COMMENT:
            comment.append(link)
        else:
            text.append(preferences.link_in_bio)
    (comment if to_comment else text).append(hashtag_line(tags))
    return SEPARATOR.join(p for p in text if p), SEPARATOR.join(p for p in comment if p)


def link_inline(profile: ChannelProfile, media: Sequence[MediaReference]) -> bool:
    return profile.link is LinkPlacement.INLINE or (
        profile.link is LinkPlacement.FIELD_UNLESS_MEDIA and bool(media)
    )


def link_field(
    profile: ChannelProfile, link: str | None, media: Sequence[MediaReference]
) -> str | None:
    if profile.link is LinkPlacement.FIELD or (
        profile.link is LinkPlacement.FIELD_UNLESS_MEDIA and not media
    ):
        return link
    return None
