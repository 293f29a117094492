"""CreateContent: a new piece for one of the organization's active brands, with version 1."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import inputs
from umt.application.services import Context
from umt.application.shared.brands import brand_summary, load_project
from umt.application.use_case import UseCase
from umt.domain.brand.brand import BrandStatus
from umt.domain.brand.errors import BrandIsArchived
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import ContentId, ContentVersionId, ProjectId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateContent:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="content.create", agent=Agent.CONTENT_CREATION
    )
    brand_id: UUID
    content_type: str
    channel: str
    title: str = ""
    body: str = ""
    fields: Mapping[str, Any] | None = None
    locale: str = "en"
    project_id: UUID | str | None = None
    media: Sequence[Mapping[str, Any]] = ()
    note: str = ""
    provenance: Mapping[str, Any] | None = None
    agent: str | None = None  # the author is this agent rather than the acting member


async def create_content(
    cmd: CreateContent, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> ContentPiece:
    actor = ctx.actor()
    actor.require(CreateContent.use_case.permission)
    draft = inputs.make_draft(
        content_type=cmd.content_type,
        channel=cmd.channel,
        title=cmd.title,
        body=cmd.body,
        fields=cmd.fields,
        locale=cmd.locale,
    )
    media = inputs.media(cmd.media) or ()
    provenance = inputs.provenance(cmd.provenance)
    author = inputs.author(actor, cmd.agent)
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, cmd.brand_id)
        if brand.status is BrandStatus.ARCHIVED:
            raise BrandIsArchived("content cannot be added to an archived brand")
        project_id = None
        wanted = inputs.optional_uuid(cmd.project_id, "project_id")
        if wanted is not None:
            project = await load_project(uow, actor, wanted)
            if project.brand_id != brand.id:
                raise InvalidValue("the project belongs to another brand", field="project_id")
            project_id = ProjectId(project.id)
        piece = ContentPiece.create(
            id=ContentId(ids.new_id()),
            organization_id=actor.organization_id,
            brand_id=brand.id,
            project_id=project_id,
            draft=draft,
            version_id=ContentVersionId(ids.new_id()),
            author=author,
            now=clock.now(),
            provenance=provenance,
            note=cmd.note,
            media=media,
        )
        await uow.content.add(piece)
        await uow.commit()
    return piece
