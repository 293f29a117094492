"""DetectInsights: judge a brand's latest complete day now (what the ``insight-detection``
loop does for every brand), storing and announcing what is new; the same insights the loop
would raise, never twice."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.analytics.insights.access import brand_of
from umt.application.analytics.insights.config import InsightConfig
from umt.application.analytics.insights.detection import InsightDetection
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.insights.insight import Insight
from umt.domain.analytics.insights.robust import Direction
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectInsights:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_MANAGE, task="insights.detect", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    direction: str | None = None  # anomalies: up, down or both (default: the setting's)


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectionReport:
    brand_id: UUID
    day: date
    found: int  # insights found, including those raised before
    raised: list[Insight]  # the new ones


async def detect_insights(
    cmd: DetectInsights,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    brand_reader: BrandReader,
    insight_config: InsightConfig,
) -> DetectionReport:
    actor, _ = await brand_of(ctx, DetectInsights.use_case.permission, cmd.brand_id, brand_reader)
    rules = insight_config.anomaly
    if cmd.direction is not None:
        try:
            rules = replace(rules, direction=Direction(cmd.direction))
        except ValueError:
            raise InvalidValue("direction is up, down or both", field="direction") from None
    detection = InsightDetection(
        ctx.separate_uow, clock=clock, ids=ids, brand_reader=brand_reader, config=insight_config
    )
    outcome = await detection.detect(actor.organization_id, cmd.brand_id, anomaly=rules)
    return DetectionReport(
        brand_id=cmd.brand_id, day=outcome.day, found=outcome.found, raised=outcome.raised
    )
