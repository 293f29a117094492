"""CheckCompliance: an arbitrary draft checked against a brand's voice and its channel."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.application.brand.loading import load_brand
from umt.application.content.generation.config import generation_config
from umt.application.services import Context
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import Draft
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckCompliance:
    brand_id: UUID
    draft: Draft


async def check_compliance(cmd: CheckCompliance, ctx: Context) -> ComplianceReport:
    actor = ctx.actor()
    actor.require(Permission.CONTENT_READ)
    compliance = generation_config(ctx).compliance
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
    return compliance.check(cmd.draft, brand.voice)
