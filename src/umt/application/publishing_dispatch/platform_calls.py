"""What the publish engine needs of the platforms: the post to send, the publisher of an
account, the lookup of a post by our reference, and what a refusal means for the next step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from umt.application.publishing_dispatch.config import DispatchConfig
from umt.domain.content.version import MediaKind as ContentMediaKind
from umt.domain.integration.errors import (
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    QuotaExceeded,
    RateLimited,
    Rejection,
)
from umt.domain.publishing.failures import FailureReason, reason_of
from umt.domain.publishing.publication import Publication
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost, PublishedPost, Publisher

_MEDIA_KINDS = {ContentMediaKind.IMAGE: MediaKind.IMAGE, ContentMediaKind.VIDEO: MediaKind.VIDEO}
RECENT_PAGES = 5  # pages of recent posts searched when a platform cannot look a post up


def outgoing(publication: Publication) -> OutgoingPost:
    """The post the publication froze when it was scheduled, with its id as our reference."""
    rendering = publication.rendering
    return OutgoingPost(
        reference=str(publication.id),
        text=rendering.text,
        title=rendering.title,
        link=rendering.link,
        media=tuple(
            MediaItem(url=m.url.value, kind=_MEDIA_KINDS[m.kind], alt_text=m.alt_text or None)
            for m in rendering.media
            if m.kind in _MEDIA_KINDS
        ),
        preview_text=rendering.preview_text,
    )


async def locate(
    publisher: Publisher, target: ChannelTarget, credentials: Credentials, reference: str
) -> PublishedPost | None:
    """The post carrying our reference: looked up by it, or, where the platform refuses the
    lookup, matched among its recent posts."""
    try:
        return await publisher.find(target, credentials, reference)
    except PlatformRejected as exc:
        if exc.needs_reauth:
            raise
    cursor: str | None = None
    for _ in range(RECENT_PAGES):
        page = await publisher.recent(target, credentials, cursor=cursor)
        for post in page.posts:
            if post.reference == reference:
                return post
        if page.cursor is None or page.cursor == cursor:
            return None
        cursor = page.cursor
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """A platform's refusal (nothing was published) and what follows: a retry at
    ``retry_at``, or a final failure with the typed reason."""

    reason: FailureReason
    rejection: Rejection | None
    detail: str
    retry_at: datetime | None
    needs_reauth: bool


def refusal(
    error: PlatformError, *, attempts: int, now: datetime, config: DispatchConfig
) -> Refusal:
    """Rate limits, quotas and outages before any effect are retried with backoff (the
    platform's own wait when it gives one) up to ``max_attempts``; the rest is final."""
    reason, rejection = reason_of(error)
    retry_at = None
    retryable = isinstance(error, RateLimited | QuotaExceeded | PlatformUnavailable)
    if retryable and attempts < config.max_attempts:
        wait = getattr(error, "retry_after_seconds", None)
        delay = timedelta(seconds=wait) if wait else config.backoff(attempts)
        retry_at = now + max(delay, timedelta(seconds=1))
    return Refusal(
        reason=reason,
        rejection=rejection,
        detail=error.message,
        retry_at=retry_at,
        needs_reauth=error.needs_reauth,
    )
