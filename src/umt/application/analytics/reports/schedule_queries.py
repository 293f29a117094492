"""Reading report schedules and fetching a delivered report's file (``analytics:read``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.analytics.reports.schedule_commands import load_schedule
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId
from umt.ports.brand_reader import BrandReader


@dataclass(frozen=True, slots=True, kw_only=True)
class GetReportSchedule:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_READ)
    schedule_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListReportSchedules:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_READ)
    brand_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class GetReportDelivery:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_READ)
    delivery_id: UUID


async def get_report_schedule(cmd: GetReportSchedule, ctx: Context) -> ReportSchedule:
    actor = ctx.actor()
    actor.require(GetReportSchedule.use_case.permission)
    async with ctx.uow as uow:
        return await load_schedule(uow.report_schedules, actor, cmd.schedule_id)


async def list_report_schedules(
    cmd: ListReportSchedules, ctx: Context, *, brand_reader: BrandReader
) -> list[ReportSchedule]:
    actor = ctx.actor()
    actor.require(ListReportSchedules.use_case.permission)
    actor.require_brand(cmd.brand_id)
    if await brand_reader.get(actor.organization_id, BrandId(cmd.brand_id)) is None:
        raise NotFound(f"brand {cmd.brand_id} not found")
    async with ctx.uow as uow:
        return list(await uow.report_schedules.list(actor.organization_id, cmd.brand_id))


async def get_report_delivery(cmd: GetReportDelivery, ctx: Context) -> ReportDelivery:
    actor = ctx.actor()
    actor.require(GetReportDelivery.use_case.permission)
    async with ctx.uow as uow:
        found = await uow.report_schedules.delivery(actor.organization_id, cmd.delivery_id)
    if found is None or not actor.can_access_brand(found.brand_id):
        raise NotFound(f"report delivery {cmd.delivery_id} not found")
    return found
