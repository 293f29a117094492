"""The checks only a rendering can make: media a channel takes, and lengths with the marker.

The compliance checker measures a draft against its channel's limits; a rendering knows more:
the exact text that will be sent, the invisible reference marker the publisher adds to it, the
first comment, and the media attached. These checks speak the checker's language (``Violation``
with a location) so that both lists merge into one.
"""

from __future__ import annotations

from collections.abc import Sequence

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance.limits import (
    COMMENT_LIMITS,
    ChannelLimits,
    overflow_index,
)
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.version import MediaKind, MediaReference
from umt.domain.publishing.channel_profiles import REFERENCE_MARKER_RESERVE, ChannelProfile

FIRST_COMMENT = "first_comment"


def check_media(
    profile: ChannelProfile, channel: Channel, media: Sequence[MediaReference]
) -> list[Violation]:
    """Missing required media, too many items, kinds the channel does not take (errors)."""
    rules = profile.media
    source = f" ({rules.source})" if rules.source else ""
    found: list[Violation] = []
    if rules.required and not media:
        needed = " or ".join(sorted(rules.kinds))
        found.append(
            _media_error("media_required", f"a post on {channel} needs an {needed}{source}")
        )
    if rules.max_items is not None and len(media) > rules.max_items:
        found.append(
            _media_error(
                "too_many_media",
                f"{len(media)} media items; {channel} takes at most {rules.max_items}{source}",
                index=rules.max_items,
            )
        )
    for index, item in enumerate(media):
        if item.kind not in rules.kinds:
            takes = " and ".join(f"{k}s" for k in sorted(rules.kinds))
            found.append(
                _media_error(
                    "unsupported_media",
                    f"a {item.kind} cannot be published on {channel}: it takes {takes}{source}",
                    index=index,
                )
            )
    if rules.video_alone and len(media) > 1 and any(m.kind is MediaKind.VIDEO for m in media):
        found.append(
            _media_error(
                "video_not_alone",
                f"a video on {channel} must be the only media item{source}",
            )
        )
    return found


def _media_error(code: str, message: str, *, index: int | None = None) -> Violation:
    location = "media" if index is None else f"media[{index}]"
    return Violation(code=code, severity=Severity.ERROR, message=message, location=location)


def body_limit(profile: ChannelProfile, limits: ChannelLimits) -> tuple[int | None, int]:
    """The hard limit of the rendered text on this channel (None: none) and the part of it
    held back for the reference marker."""
    limit = limits.fields.get("body")
    reserve = REFERENCE_MARKER_RESERVE if profile.marker else 0
    if limit is None or limit.hard is None:
        return None, reserve
    return limit.hard, reserve


def check_text_length(profile: ChannelProfile, limits: ChannelLimits, text: str) -> list[Violation]:
    """The rendered text against the channel's hard limit less the marker reserve: an error,
    never a cut. Offsets point at the first character past the limit."""
    limit = limits.fields.get("body")
    hard, reserve = body_limit(profile, limits)
    if limit is None or hard is None:
        return []
    available = max(hard - reserve, 0)
    length = limits.measure(text, "body")
    if length <= available:
        return []
    start = overflow_index(text, available, limits.counting_for("body"))
    held = (
        f" ({reserve} of {hard} are kept for the invisible reference the publisher adds)"
        if reserve
        else ""
    )
    return [
        Violation(
            code="too_long",
            severity=Severity.ERROR,
            message=f"the post is {length} characters as {limits.channel} counts them; it "
            f"takes {available}{held}; {limit.source}. Shorten it: umt never cuts a post.",
            location="body",
            start=start if start < len(text) else None,
            end=len(text) if start < len(text) else None,
        )
    ]


def check_comment_length(limits: ChannelLimits, comment: str) -> list[Violation]:
    """The first comment against the channel's comment limit (else its post limit)."""
    limit = COMMENT_LIMITS.get(limits.channel) or limits.fields.get("body")
    if limit is None or limit.hard is None:
        return []
    length = limits.measure(comment, "body")
    if length <= limit.hard:
        return []
    return [
        Violation(
            code="too_long",
            severity=Severity.ERROR,
            message=f"the first comment is {length} characters; {limits.channel} takes "
            f"{limit.hard} ({limit.source})",
            location=FIRST_COMMENT,
        )
    ]
