"""Capability port: publish a post (or an email campaign, or an article) and find it again.

None of the platforms documents an idempotency key, so exactly-once publishing is ours: every
post carries our ``reference`` where the platform keeps it (a post's text is not enough: a
WordPress post meta field, a Mailchimp campaign title, a hidden marker, the sandbox's client
reference), and ``find`` looks it up after an unknown outcome, before any retry.

Adapters raise the typed platform errors: ``OutcomeUnknown`` when the request may have taken
effect (timeout after sending, dropped connection, 5xx); ``ContentRejected`` with the
``Rejection`` kind; ``RateLimited``/``QuotaExceeded`` with the wait; ``TokenExpired``.
Anything raised before a request left the process (a refused connection) is
``PlatformUnavailable``: nothing happened, a retry is safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from umt.domain.integration.platforms import Platform
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaItem:
    url: str  # a public https URL the platform fetches (through its own servers)
    kind: MediaKind = MediaKind.IMAGE
    alt_text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutgoingPost:
    """What to publish, already rendered for the channel (limits, hashtags, links)."""

    reference: str  # ours, stable across attempts: the publication's id
    text: str
    title: str | None = None  # an article's title, an email's subject
    link: str | None = None
    media: tuple[MediaItem, ...] = ()
    preview_text: str | None = None  # an email's preview line
    send_at: datetime | None = None  # platforms that schedule natively (Mailchimp); else now


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishedPost:
    """A post as the platform knows it."""

    remote_id: str
    url: str | None = None
    published_at: datetime | None = None
    reference: str | None = None  # ours, when the platform gives it back


@dataclass(frozen=True, slots=True, kw_only=True)
class RecentPosts:
    posts: Sequence[PublishedPost]
    cursor: str | None  # pass back to continue; None when there is nothing newer


@runtime_checkable
class Publisher(Protocol):
    @property
    def platform(self) -> Platform: ...

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        """Publish now (or schedule natively at ``post.send_at``). Raises the typed errors."""
        ...

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        """The post carrying our reference, or None when the platform has none: the
        reconciliation after an unknown outcome."""
        ...

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        """Posts published since ``cursor`` (the newest first pages when None)."""
        ...

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        """Remove a post; a post already gone is not an error."""
        ...

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        """Add a comment under a published post (the first comment with the hashtags); the
        comment's id. Platforms without comments raise ``CommentsUnsupported``."""
        ...
