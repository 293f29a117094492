"""GetAnalyticsReport: one of the brand's reports (``ReportKind``) over a range of its days,
each figure beside the previous period of the same length, read from the daily rollups
(never a raw sample), the publications' publish times, the campaigns' trees and the
experiments' stored results."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.reports.campaigns import campaigns_table
from umt.application.analytics.reports.channels import channels_table
from umt.application.analytics.reports.content import content_table
from umt.application.analytics.reports.experiments import experiments_table
from umt.application.analytics.reports.periods import day_of, periods
from umt.application.analytics.reports.scope import MAX_LIMIT, Scope, Table
from umt.application.analytics.reports.time_of_day import time_of_day_table
from umt.application.analytics.reports.views import Report, ReportKind
from umt.application.services import Context
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.analytics.rollups import first_open_day, local_day
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import BrandId
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

DEFAULT_LIMIT = 100
Builder = Callable[[UnitOfWork, Scope, int], Awaitable[Table]]
BUILDERS: dict[ReportKind, Builder] = {
    ReportKind.CONTENT: content_table,
    ReportKind.CHANNELS: channels_table,
    ReportKind.CAMPAIGNS: campaigns_table,
    ReportKind.TIME_OF_DAY: time_of_day_table,
    ReportKind.EXPERIMENTS: experiments_table,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAnalyticsReport:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_READ, task="analytics.report", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    kind: str  # a ReportKind value
    start: date | str | None = None  # the first day (the brand's); default: 28 days to end
    end: date | str | None = None  # the last day, included; default: today (the brand's)
    limit: int = DEFAULT_LIMIT  # rows shown, 1 to MAX_LIMIT (the totals count every row)


def report_kind(value: str) -> ReportKind:
    return enum_value(ReportKind, value, "kind")


async def get_analytics_report(
    cmd: GetAnalyticsReport,
    ctx: Context,
    *,
    clock: Clock,
    brand_reader: BrandReader,
    analytics: AnalyticsConfig,
) -> Report:
    actor = ctx.actor()
    actor.require(GetAnalyticsReport.use_case.permission)
    kind = report_kind(cmd.kind)
    start, end = day_of(cmd.start, "from"), day_of(cmd.end, "to")
    if isinstance(cmd.limit, bool) or not isinstance(cmd.limit, int):
        raise InvalidValue("limit is a whole number", field="limit")
    if not 1 <= cmd.limit <= MAX_LIMIT:
        raise InvalidValue(f"limit is 1 to {MAX_LIMIT}", field="limit")
    actor.require_brand(cmd.brand_id)
    brand = await brand_reader.get(actor.organization_id, BrandId(cmd.brand_id))
    if brand is None:
        raise NotFound(f"brand {cmd.brand_id} not found")  # another tenant's too
    now = clock.now()
    zone = ZoneInfo(brand.time_zone)
    period, previous = periods(start, end, local_day(now, zone))
    scope = Scope(
        organization_id=actor.organization_id,
        brand_id=BrandId(cmd.brand_id),
        zone=zone,
        period=period,
        previous=previous,
    )
    async with ctx.uow as uow:
        return await compose_report(uow, scope, kind, cmd.limit, now=now, analytics=analytics)


async def compose_report(
    uow: UnitOfWork,
    scope: Scope,
    kind: ReportKind,
    limit: int,
    *,
    now: datetime,
    analytics: AnalyticsConfig,
) -> Report:
    """The ``kind`` report of the scope's brand and periods, read in ``uow`` (the caller has
    checked who may read it: a member, or the scheduler acting for a brand's schedule)."""
    table = await BUILDERS[kind](uow, scope, limit)
    return Report(
        kind=kind,
        brand_id=scope.brand_id,
        time_zone=str(scope.zone),
        period=scope.period,
        previous=scope.previous,
        provisional_from=first_open_day(now, scope.zone, analytics.late_days),
        dimensions=table.dimensions,
        figures=table.figures,
        rows=table.rows,
        totals=table.totals,
        truncated=table.truncated,
        notes=table.notes,
    )
