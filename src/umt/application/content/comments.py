"""Review comments on a piece: AddComment (a thread or a reply), ResolveComment,
ReopenComment and ListComments. Commenting, resolving and reopening need content:write
(the permission of writers and reviewers alike); nothing here changes the piece's text or
status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import inputs
from umt.application.content.loading import change_content, load_content
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.content.review import Comment
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import CommentId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class AddComment:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="content.comment", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    body: str
    version_number: int | None = None  # default: the current version
    anchor: Mapping[str, Any] | None = None  # {"field": "body", "start": 0, "end": 12}
    parent_id: UUID | None = None  # a reply in this comment's thread
    agent: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveComment:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="content.resolve_comment", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    comment_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ReopenComment:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="content.reopen_comment", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    comment_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListComments:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="content.list_comments", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID


async def add_comment(cmd: AddComment, ctx: Context, *, ids: IdGenerator, clock: Clock) -> Comment:
    author = inputs.author(ctx.actor(), cmd.agent)
    anchor = inputs.anchor(cmd.anchor)
    comment_id = CommentId(ids.new_id())
    _, comment = await change_content(
        ctx,
        clock,
        cmd.content_id,
        AddComment.use_case.permission,
        lambda p, now: p.add_comment(
            comment_id=comment_id,
            author=author,
            body=cmd.body,
            now=now,
            version_number=cmd.version_number,
            anchor=anchor,
            parent_id=CommentId(cmd.parent_id) if cmd.parent_id else None,
        ),
    )
    return comment


async def resolve_comment(cmd: ResolveComment, ctx: Context, *, clock: Clock) -> Comment:
    by = inputs.author(ctx.actor(), None)
    _, comment = await change_content(
        ctx,
        clock,
        cmd.content_id,
        ResolveComment.use_case.permission,
        lambda p, now: p.resolve_comment(CommentId(cmd.comment_id), by=by, now=now),
    )
    return comment


async def reopen_comment(cmd: ReopenComment, ctx: Context, *, clock: Clock) -> Comment:
    by = inputs.author(ctx.actor(), None)
    _, comment = await change_content(
        ctx,
        clock,
        cmd.content_id,
        ReopenComment.use_case.permission,
        lambda p, now: p.reopen_comment(CommentId(cmd.comment_id), by=by, now=now),
    )
    return comment


async def list_comments(query: ListComments, ctx: Context) -> list[Comment]:
    actor = ctx.actor()
    actor.require(ListComments.use_case.permission)
    async with ctx.uow as uow:
        piece = await load_content(uow, actor, query.content_id)
    return list(piece.comments)
