"""ListInsights and GetInsight: a brand's stored insights, with filters and keyset pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, TypeVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.analytics.insights.access import brand_of
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.insights.insight import Insight, InsightKind, InsightStatus
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.ports.brand_reader import BrandReader
from umt.ports.insight_repository import InsightFilter
from umt.ports.pagination import DEFAULT_PAGE_SIZE, Page, PageRequest

E = TypeVar("E", InsightKind, InsightStatus)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInsights:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_READ, task="insights.list", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    kind: str | None = None
    status: str | None = None
    measure: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
    sort: str = "detected_at"
    descending: bool = True  # newest first


@dataclass(frozen=True, slots=True, kw_only=True)
class GetInsight:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_READ)
    brand_id: UUID
    insight_id: UUID


async def list_insights(
    cmd: ListInsights, ctx: Context, *, brand_reader: BrandReader
) -> Page[Insight]:
    actor, _ = await brand_of(ctx, ListInsights.use_case.permission, cmd.brand_id, brand_reader)
    filters = InsightFilter(
        kind=_enum(InsightKind, cmd.kind, "kind"),
        status=_enum(InsightStatus, cmd.status, "status"),
        measure=cmd.measure,
        since=cmd.since,
        until=cmd.until,
    )
    page = PageRequest(limit=cmd.limit, cursor=cmd.cursor, sort=cmd.sort, descending=cmd.descending)
    async with ctx.uow as uow:
        return await uow.insights.list(actor.organization_id, cmd.brand_id, filters, page)


async def get_insight(cmd: GetInsight, ctx: Context, *, brand_reader: BrandReader) -> Insight:
    actor, _ = await brand_of(ctx, GetInsight.use_case.permission, cmd.brand_id, brand_reader)
    async with ctx.uow as uow:
        insight = await uow.insights.get(actor.organization_id, cmd.insight_id)
    if insight is None or insight.brand_id != cmd.brand_id:
        raise NotFound(f"insight {cmd.insight_id} not found")
    return insight


def _enum(kind: type[E], value: str | None, field: str) -> E | None:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise InvalidValue(f"{field} is one of {[k.value for k in kind]}", field=field) from None
