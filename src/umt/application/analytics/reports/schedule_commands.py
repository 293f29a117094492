"""Report schedules: create, change (If-Match) and delete a brand's scheduled report
(``analytics:manage``). The schedule keeps the brand's time zone as written, and its next
due time is computed from now on every change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.report_schedule import MAX_RECIPIENTS, ReportSchedule
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import BrandId
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.report_schedule_repository import ReportScheduleRepository

MAX_SCHEDULES_PER_BRAND = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateReportSchedule:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_MANAGE)
    brand_id: UUID
    kind: str  # content | channels | campaigns | time_of_day | experiments
    range_days: int = 7  # the last N whole days before each run
    cadence: str = "weekly"  # daily | weekly
    weekday: int | None = 0  # weekly: 0 Monday .. 6 Sunday
    hour: int = 8  # local, the brand's time zone
    recipients: Sequence[str] = ()
    webhook: bool = False  # also report.ready to the organization's webhooks
    file_format: str = "csv"  # csv | xlsx


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateReportSchedule:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_MANAGE)
    schedule_id: UUID
    changes: Mapping[str, Any]  # any field of CreateReportSchedule but brand_id
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteReportSchedule:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_MANAGE)
    schedule_id: UUID
    expected_version: int | None = None


def _recipients(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InvalidValue("recipients is a list of email addresses", field="recipients")
    if len(value) > MAX_RECIPIENTS:
        raise InvalidValue(f"at most {MAX_RECIPIENTS} recipients", field="recipients")
    return tuple(str(v) for v in value)


async def create_report_schedule(
    cmd: CreateReportSchedule,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    brand_reader: BrandReader,
) -> ReportSchedule:
    actor = ctx.actor()
    actor.require(CreateReportSchedule.use_case.permission)
    actor.require_brand(cmd.brand_id)
    brand = await brand_reader.get(actor.organization_id, BrandId(cmd.brand_id))
    if brand is None:
        raise NotFound(f"brand {cmd.brand_id} not found")
    schedule = ReportSchedule.create(
        now=clock.now(),
        id=ids.new_id(),
        organization_id=actor.organization_id,
        brand_id=cmd.brand_id,
        kind=cmd.kind,
        range_days=cmd.range_days,
        cadence=cmd.cadence,
        weekday=cmd.weekday if cmd.cadence == "weekly" else None,
        hour=cmd.hour,
        time_zone=brand.time_zone,
        recipients=_recipients(cmd.recipients),
        webhook=cmd.webhook,
        file_format=cmd.file_format,
    )
    async with ctx.uow as uow:
        existing = await uow.report_schedules.list(actor.organization_id, cmd.brand_id)
        if len(existing) >= MAX_SCHEDULES_PER_BRAND:
            raise InvalidValue(
                f"a brand has at most {MAX_SCHEDULES_PER_BRAND} report schedules", field="kind"
            )
        await uow.report_schedules.add(schedule)
        await uow.commit()
    return schedule


async def update_report_schedule(
    cmd: UpdateReportSchedule, ctx: Context, *, clock: Clock, brand_reader: BrandReader
) -> ReportSchedule:
    actor = ctx.actor()
    actor.require(UpdateReportSchedule.use_case.permission)
    changes = dict(cmd.changes)
    if "recipients" in changes:
        changes["recipients"] = _recipients(changes["recipients"])
    if changes.get("cadence") == "daily":
        changes["weekday"] = None
    async with ctx.uow as uow:
        schedule = await load_schedule(uow.report_schedules, actor, cmd.schedule_id)
        brand = await brand_reader.get(actor.organization_id, BrandId(schedule.brand_id))
        if brand is not None:  # the brand's zone as it is now
            changes["time_zone"] = brand.time_zone
        schedule.update(changes, now=clock.now(), expected_version=cmd.expected_version)
        await uow.report_schedules.save(schedule)
        await uow.commit()
    return schedule


async def delete_report_schedule(cmd: DeleteReportSchedule, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(DeleteReportSchedule.use_case.permission)
    async with ctx.uow as uow:
        schedule = await load_schedule(uow.report_schedules, actor, cmd.schedule_id)
        schedule.delete(now=clock.now(), expected_version=cmd.expected_version)
        await uow.report_schedules.remove(schedule)
        await uow.commit()


async def load_schedule(
    repository: ReportScheduleRepository, actor: Principal, schedule_id: UUID
) -> ReportSchedule:
    """The schedule, if the actor's organization and brand scope reach it (else 404)."""
    schedule = await repository.get(actor.organization_id, schedule_id)
    if schedule is None or not actor.can_access_brand(schedule.brand_id):
        raise NotFound(f"report schedule {schedule_id} not found")
    return schedule
