"""The sandbox's post API beyond publishing: find by client reference, list since a position,
delete, comment, and the checks before a post is created (quota, duplicate content).

``network.posts``; ``SandboxNetwork.publish_post`` creates the posts. A post's store tag is
its client reference, written in the same atomic step as the post, so the network's own
record counts the posts of a reference exactly (``with_reference``) under any concurrency.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from umt.adapters.platforms.sandbox.errors import (
    DuplicateContent,
    InvalidRequest,
    NotFound,
    QuotaExhausted,
)
from umt.adapters.platforms.sandbox.records import Comment, Post

if TYPE_CHECKING:
    from umt.adapters.platforms.sandbox.network import SandboxNetwork

MAX_COMMENT = 2_000
PAGE_SIZE = 50
MAX_PAGE = 500


def tag(reference: str | None) -> str:
    """The store tag of a post or ad object: its client reference (none: untagged)."""
    return reference or ""


class SandboxPosts:
    def __init__(self, network: SandboxNetwork) -> None:
        self._network = network

    async def check_publishing(self, account_id: str, text: str, now: datetime) -> None:
        """The refusals before any effect: the quota, then duplicate content."""
        quota, window = self._network.faults.quota, self._network.faults.duplicate_window
        recent: list[Post] = []
        if quota is not None or window is not None:
            horizon = max(quota.window if quota else timedelta(0), window or timedelta(0))
            recent = [
                post for post in await self._posts_of(account_id) if post.created_at > now - horizon
            ]
        if quota is not None:
            counted = sorted(p.created_at for p in recent if p.created_at > now - quota.window)
            if len(counted) >= quota.limit:
                frees_at = counted[-quota.limit] if quota.limit else now
                wait = (frees_at + quota.window - now).total_seconds()
                raise QuotaExhausted(
                    f"at most {quota.limit} posts per {quota.window} (simulated)",
                    retry_after_seconds=max(wait, 1.0),
                )
        self._network.faults.check_forced_duplicate()
        if (
            window is not None
            and text.strip()
            and any(
                post.text == text and post.deleted_at is None and post.created_at > now - window
                for post in recent
            )
        ):
            raise DuplicateContent("the account posted this text already (duplicate content)")

    async def find(self, access_token: str, reference: str) -> list[Post]:
        """The account's live (not deleted) posts carrying the client ``reference``, oldest
        first."""
        grant = await self._network.oauth.authenticate(access_token, "publish", "analytics")
        found = await self._network.store.tagged("post", tag(reference))
        posts = [msgspec.json.decode(raw, type=Post) for raw in found]
        return [p for p in posts if p.account_id == grant.account_id and p.deleted_at is None]

    async def since(
        self, access_token: str, *, after: int | None, limit: int = PAGE_SIZE
    ) -> list[tuple[int, Post]]:
        """The account's posts with their positions, oldest first: those stored after
        position ``after`` (the newest ``limit`` when None), deleted ones included (marked by
        ``deleted_at``). A post stored later always has a greater position: a cursor on
        positions skips none."""
        grant = await self._network.oauth.authenticate(access_token, "publish", "analytics")
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidRequest(f"limit must be between 1 and {MAX_PAGE}")
        rows = await self._network.store.since(
            "post", owner=grant.account_id, after=after, limit=limit
        )
        return [(position, msgspec.json.decode(raw, type=Post)) for position, raw in rows]

    async def delete(self, access_token: str, post_id: str) -> None:
        """Delete a post (it stays in the network's own record, marked deleted); deleting
        a deleted post again is not an error."""
        grant = await self._network.oauth.authenticate(access_token, "publish")
        post = await self._owned(post_id, grant.account_id)
        if post.deleted_at is None:
            gone = msgspec.structs.replace(post, deleted_at=self._network.clock.now())
            await self._network.store.put(
                "post",
                post.id,
                msgspec.json.encode(gone),
                owner=post.account_id,
                tag=tag(post.reference),
            )
        self._network.faults.after_effect()

    async def comment(self, access_token: str, post_id: str, text: str) -> Comment:
        """A comment by the account under one of its live posts."""
        grant = await self._network.oauth.authenticate(access_token, "publish")
        post = await self._owned(post_id, grant.account_id)
        if post.deleted_at is not None:
            raise NotFound("no such post")
        if not text.strip() or len(text) > MAX_COMMENT:
            raise InvalidRequest(f"a comment has 1 to {MAX_COMMENT} characters")
        comment = Comment(
            id=f"comment_{await self._network.store.next_id('comment')}",
            post_id=post.id,
            account_id=grant.account_id,
            text=text,
            created_at=self._network.clock.now(),
        )
        await self._network.store.put(
            "comment", comment.id, msgspec.json.encode(comment), owner=post.id
        )
        self._network.faults.after_effect()
        return comment

    async def comments(self, post_id: str) -> list[Comment]:
        """Test hook: the comments under a post, oldest first."""
        return [
            msgspec.json.decode(raw, type=Comment)
            for raw in await self._network.store.list("comment", owner=post_id)
        ]

    async def with_reference(self, reference: str) -> list[Post]:
        """Test hook, the network's own record: every post ever created with the client
        ``reference`` by any account, deleted ones included. Exactly-once publishing is
        verified against its length."""
        found = await self._network.store.tagged("post", tag(reference))
        return [msgspec.json.decode(raw, type=Post) for raw in found]

    async def _owned(self, post_id: str, account_id: str) -> Post:
        raw = await self._network.store.get("post", post_id)
        post = None if raw is None else msgspec.json.decode(raw, type=Post)
        if post is None or post.account_id != account_id:
            raise NotFound("no such post")  # another account's post is not shown either
        return post

    async def _posts_of(self, account_id: str) -> list[Post]:
        return [
            msgspec.json.decode(raw, type=Post)
            for raw in await self._network.store.list("post", owner=account_id)
        ]
