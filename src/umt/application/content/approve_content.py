"""ApproveContent: approve the current version of a piece in review.

Needs ``content:approve``. The current version is checked against the brand's voice first and
approval is refused (``ComplianceViolationsRemain``, 409) while an error-level violation
remains; warnings do not block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.compliance_gate import compliance_report
from umt.application.content.loading import load_content
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.content.version import Author
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveContent:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_APPROVE, task="content.approve", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    expected_version: int | None = None


async def approve_content(cmd: ApproveContent, ctx: Context, *, clock: Clock) -> ContentPiece:
    actor = ctx.actor()
    actor.require(ApproveContent.use_case.permission)
    async with ctx.uow as uow:
        piece = await load_content(uow, actor, cmd.content_id)
        brand = await brand_summary(uow, actor, piece.brand_id)
        report = compliance_report(piece.draft, brand)
        piece.approve(
            report,
            by=Author.user(actor.user_id),
            now=clock.now(),
            expected_version=cmd.expected_version,
        )
        await uow.content.save(piece)
        await uow.commit()
    return piece
