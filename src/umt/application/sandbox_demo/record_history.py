"""RecordPublishedHistory: publications that went out in the past, recorded as published on a
brand's sandbox account, for a demo history (``umt sandbox seed-history``).

Only a sandbox account takes them: a real platform's account never gets a history umt did
not publish. Each names the piece it published (of the same brand; its current version) and
the sandbox post it became (``remote_id``), so metric syncs, reports and best-time
suggestions treat it as any post umt published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import ChannelAccountId, ContentId, OrganizationId, PublicationId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

MAX_POSTS = 1000
SANDBOX_KINDS = frozenset({ChannelKind.SANDBOX_ACCOUNT})


@dataclass(frozen=True, slots=True, kw_only=True)
class PastPost:
    content_id: UUID
    published_at: datetime  # in the past
    text: str
    remote_id: str  # the sandbox post


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPublishedHistory:
    use_case: ClassVar = UseCase(Permission.PUBLISHING_MANAGE)
    brand_id: UUID
    channel_account_id: UUID
    posts: Sequence[PastPost]


async def record_published_history(
    cmd: RecordPublishedHistory, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> list[Publication]:
    actor = ctx.actor()
    actor.require(RecordPublishedHistory.use_case.permission)
    now = clock.now()
    if not 1 <= len(cmd.posts) <= MAX_POSTS:
        raise InvalidValue(f"a history holds 1 to {MAX_POSTS} posts", field="posts")
    if any(post.published_at > now for post in cmd.posts):
        raise InvalidValue("a history's posts were published in the past", field="posts")
    organization = OrganizationId(actor.organization_id)
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, cmd.brand_id)
        account = await uow.channel_accounts.get(
            organization, ChannelAccountId(cmd.channel_account_id)
        )
        if account is None or account.brand_id != brand.id:
            raise NotFound(f"channel account {cmd.channel_account_id} not found")
        if account.kind not in SANDBOX_KINDS:
            raise InvalidValue(
                "only a sandbox account takes a demo history", field="channel_account_id"
            )
        made: list[Publication] = []
        for post in cmd.posts:
            piece = await uow.content.get(organization, ContentId(post.content_id))
            if piece is None or piece.brand_id != brand.id:
                raise NotFound(f"content {post.content_id} not found")
            at = post.published_at
            publication = Publication(
                id=PublicationId(ids.new_id()),
                organization_id=organization,
                brand_id=brand.id,
                content_id=piece.id,
                content_version_id=piece.current.id,
                channel_account_id=account.id,
                channel=account.channel,
                kind=account.kind,
                rendering=RenderedPost(text=post.text),
                due_at=at,
                time_zone="UTC",
                local_time=at.replace(tzinfo=None),
                next_attempt_at=at,
                status=PublicationStatus.PUBLISHED,
                remote_id=post.remote_id,
                published_at=at,
                created_at=at - timedelta(hours=1),
                updated_at=at,
            )
            await uow.publications.add(publication)
            made.append(publication)
        await uow.commit()
    return made
