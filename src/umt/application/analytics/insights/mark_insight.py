"""MarkInsight: acknowledge or dismiss one of a brand's insights (If-Match: its version)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.analytics.insights.access import brand_of
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.insights.insight import Insight, InsightStatus
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkInsight:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_MANAGE, task="insights.mark", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    insight_id: UUID
    status: str  # acknowledged or dismissed
    expected_version: int | None = None


async def mark_insight(
    cmd: MarkInsight, ctx: Context, *, clock: Clock, brand_reader: BrandReader
) -> Insight:
    actor, _ = await brand_of(ctx, MarkInsight.use_case.permission, cmd.brand_id, brand_reader)
    if cmd.status not in (InsightStatus.ACKNOWLEDGED, InsightStatus.DISMISSED):
        raise InvalidValue("status is acknowledged or dismissed", field="status")
    async with ctx.uow as uow:
        insight = await uow.insights.get(actor.organization_id, cmd.insight_id)
        if insight is None or insight.brand_id != cmd.brand_id:
            raise NotFound(f"insight {cmd.insight_id} not found")
        insight.mark(
            InsightStatus(cmd.status),
            by=actor.user_id,
            now=clock.now(),
            expected_version=cmd.expected_version,
        )
        await uow.insights.save(insight)
        await uow.commit()
    return insight
