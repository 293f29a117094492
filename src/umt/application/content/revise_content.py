"""ReviseContent: record a new version of a piece (fields left out keep their current value).

A new version of a piece in review, with changes requested or approved takes it back to draft
(see ``ContentPiece.revise``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import inputs
from umt.application.content.loading import load_content
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import ContentVersionId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviseContent:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="content.revise", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    title: str | None = None
    body: str | None = None
    fields: Mapping[str, Any] | None = None  # replaces the structured fields when given
    channel: str | None = None
    locale: str | None = None
    media: Sequence[Mapping[str, Any]] | None = None  # replaces the media when given
    note: str = ""
    provenance: Mapping[str, Any] | None = None
    agent: str | None = None
    expected_version: int | None = None  # If-Match


async def revise_content(
    cmd: ReviseContent, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> ContentPiece:
    actor = ctx.actor()
    actor.require(ReviseContent.use_case.permission)
    media = inputs.media(cmd.media)
    provenance = inputs.provenance(cmd.provenance)
    author = inputs.author(actor, cmd.agent)
    async with ctx.uow as uow:
        piece = await load_content(uow, actor, cmd.content_id)
        current = piece.draft
        draft = inputs.make_draft(
            content_type=piece.content_type,
            channel=cmd.channel if cmd.channel is not None else current.channel,
            title=cmd.title if cmd.title is not None else current.title,
            body=cmd.body if cmd.body is not None else current.body,
            fields=cmd.fields if cmd.fields is not None else current.fields,
            locale=cmd.locale if cmd.locale is not None else current.locale,
        )
        piece.revise(
            draft,
            version_id=ContentVersionId(ids.new_id()),
            author=author,
            now=clock.now(),
            provenance=provenance,
            note=cmd.note,
            media=media,
            expected_version=cmd.expected_version,
        )
        await uow.content.save(piece)
        await uow.commit()
    return piece
