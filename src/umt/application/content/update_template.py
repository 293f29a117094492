"""UpdateTemplate and DeleteTemplate: change or remove one of the organization's templates
(built-in ones are read-only: 409)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import templates
from umt.application.content.inputs import optional_uuid
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.template import ContentTemplate
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock
from umt.ports.template_renderer import TemplateRenderer


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateTemplate:
    use_case: ClassVar = UseCase(
        Permission.TEMPLATES_MANAGE, task="template.update", agent=Agent.CONTENT_CREATION
    )
    template_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteTemplate:
    use_case: ClassVar = UseCase(
        Permission.TEMPLATES_MANAGE, task="template.delete", agent=Agent.CONTENT_CREATION
    )
    template_id: UUID
    expected_version: int | None = None


async def update_template(
    cmd: UpdateTemplate, ctx: Context, *, clock: Clock, template_renderer: TemplateRenderer
) -> ContentTemplate:
    actor = ctx.actor()
    actor.require(UpdateTemplate.use_case.permission)
    changes = dict(cmd.changes)
    if "content_type" in changes:
        changes["content_type"] = enum_value(ContentType, changes["content_type"], "content_type")
    if changes.get("channel") is not None:
        changes["channel"] = enum_value(Channel, changes["channel"], "channel")
    if "variables" in changes:
        changes["variables"] = templates.variables(changes["variables"])
    async with ctx.uow as uow:
        template = await templates.load_template(uow, actor, cmd.template_id, for_change=True)
        wanted = optional_uuid(changes.get("brand_id"), "brand_id")
        if wanted is not None:
            changes["brand_id"] = (await brand_summary(uow, actor, wanted)).id
        elif "brand_id" in changes:
            actor.require_all_brands()
        template.update(changes, now=clock.now(), expected_version=cmd.expected_version)
        await templates.check_body(template, template_renderer)
        await uow.templates.save(template)
        await uow.commit()
    return template


async def delete_template(cmd: DeleteTemplate, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(DeleteTemplate.use_case.permission)
    async with ctx.uow as uow:
        template = await templates.load_template(uow, actor, cmd.template_id, for_change=True)
        template.mark_deleted(now=clock.now(), expected_version=cmd.expected_version)
        await uow.templates.remove(template)
        await uow.commit()
