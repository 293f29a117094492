"""The ``Publisher`` capability of the sandbox connector: posts that carry our reference.

A mixin of ``SandboxConnector`` (which holds ``_network``); ``find`` itself lives on the
connector, since ``Publisher.find`` and ``AdNetwork.find`` share a name (see connector.py).
"""

from __future__ import annotations

import base64
import binascii

from umt.adapters.platforms.sandbox.errors import NotFound
from umt.adapters.platforms.sandbox.mapping import PLATFORM, mapped
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.posts import PAGE_SIZE
from umt.adapters.platforms.sandbox.records import Post
from umt.domain.integration.errors import PlatformRejected
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaKind, OutgoingPost, PublishedPost, RecentPosts

_CURSOR_PREFIX = "sbx1:"


def encode_cursor(position: int) -> str:
    """An opaque cursor on the network's post positions."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(cursor)
        position = int(text.removeprefix(_CURSOR_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise PlatformRejected(
            "the cursor is not one the sandbox gave", platform=PLATFORM, field="cursor"
        ) from None
    if position < 0:
        raise PlatformRejected("the cursor is out of range", platform=PLATFORM, field="cursor")
    return position


def published(post: Post) -> PublishedPost:
    return PublishedPost(
        remote_id=post.id, url=None, published_at=post.published_at, reference=post.reference
    )


def check_target(target: ChannelTarget, credentials: Credentials, kind: ChannelKind) -> None:
    """The target must be the sandbox account of this grant, of the kind the call acts on."""
    if target.kind is not kind:
        raise PlatformRejected(
            f"the sandbox cannot do this on a {target.kind.value}", platform=PLATFORM
        )
    account_id = credentials.extra.get("account_id")
    if account_id is not None and account_id != target.external_id:
        raise PlatformRejected(
            "the channel account belongs to another sandbox grant", platform=PLATFORM
        )


class SandboxPublishing:
    """Posts on the sandbox account's profile; ``reference`` is kept on the post."""

    _network: SandboxNetwork

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        """Publish now, or natively schedule when ``post.send_at`` is in the future. A lost
        answer raises ``OutcomeUnknown`` with the post created: ``find`` it by reference."""
        check_target(target, credentials, ChannelKind.SANDBOX_ACCOUNT)
        send_at = post.send_at
        scheduled_at = send_at if send_at and send_at > self._network.clock.now() else None
        created = await mapped(
            self._network.publish_post(
                credentials.access_token,
                text=post.text,
                image_refs=[m.url for m in post.media if m.kind is MediaKind.IMAGE],
                video_refs=[m.url for m in post.media if m.kind is MediaKind.VIDEO],
                scheduled_at=scheduled_at,
                reference=post.reference,
                title=post.title,
                link=post.link,
            )
        )
        return published(created)

    async def _find_post(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        """The oldest live post carrying ``reference``, or None."""
        check_target(target, credentials, ChannelKind.SANDBOX_ACCOUNT)
        found = await mapped(self._network.posts.find(credentials.access_token, reference))
        return published(found[0]) if found else None

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        """Posts oldest first: the newest page when ``cursor`` is None, else those published
        after it. The cursor returned points after the newest post of the page and is
        stable (passing it again gives the same posts, plus newer ones); it is None when the
        page is empty (nothing newer: keep the cursor you had). Deleted posts are left out
        of the page but still move the cursor."""
        check_target(target, credentials, ChannelKind.SANDBOX_ACCOUNT)
        after = None if cursor is None else decode_cursor(cursor)
        page = await mapped(
            self._network.posts.since(credentials.access_token, after=after, limit=PAGE_SIZE)
        )
        if not page:
            return RecentPosts(posts=(), cursor=None)
        live = tuple(published(post) for _, post in page if post.deleted_at is None)
        return RecentPosts(posts=live, cursor=encode_cursor(page[-1][0]))

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        """Delete the post; one already deleted, or never there, is not an error."""
        check_target(target, credentials, ChannelKind.SANDBOX_ACCOUNT)
        try:
            await mapped(self._network.posts.delete(credentials.access_token, remote_id))
        except PlatformRejected as exc:
            if not isinstance(exc.__cause__, NotFound):
                raise

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        check_target(target, credentials, ChannelKind.SANDBOX_ACCOUNT)
        created = await mapped(
            self._network.posts.comment(credentials.access_token, remote_id, text)
        )
        return created.id
