"""CheckCompliance: an arbitrary draft checked against a brand's voice and its channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.generation.config import GenerationConfig
from umt.application.content.generation.results import report_document
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.content import compliance
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import Draft
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckCompliance:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ,
        task="content.check_compliance",
        agent=Agent.CONTENT_CREATION,
        present=report_document,
    )
    brand_id: UUID
    draft: Draft


async def check_compliance(
    cmd: CheckCompliance, ctx: Context, *, generation: GenerationConfig | None = None
) -> ComplianceReport:
    actor = ctx.actor()
    actor.require(CheckCompliance.use_case.permission)
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, cmd.brand_id)
    # the pipeline's checker where generation is wired (the same one), else the domain's
    check = generation.compliance.check if generation is not None else compliance.check_compliance
    return check(cmd.draft, brand.voice)
