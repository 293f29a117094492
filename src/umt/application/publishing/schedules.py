"""Recurring schedules: CreateSchedule, UpdateSchedule, DeleteSchedule, GetSchedule and
ListSchedules. A schedule is checked like a publication (an approved piece, accounts of the
brand that publish) and expanded ahead at once, in the same transaction; deleting one cancels
its publications still waiting on the calendar."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.principal import Principal
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.expansion import expand_schedule
from umt.application.publishing.planning import approved_content, publishable_account
from umt.application.publishing.timing import grace_of, missed_policy_of, uuid_of
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.shared.inputs import require_sort
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.publishing.schedule import Frequency, Schedule, ScheduleInvalid
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId, ChannelAccountId, ScheduleId
from umt.domain.shared.time_zones import require_time_zone
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.pagination import Page, PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.schedule_repository import SCHEDULE_SORTS, ScheduleFilter
from umt.ports.unit_of_work import UnitOfWork

_MANAGE = Permission.PUBLISHING_MANAGE
_READ = Permission.PUBLISHING_READ
_AGENT = Agent.CONTENT_AD_MANAGEMENT


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateSchedule:
    use_case: ClassVar = UseCase(_MANAGE, task="schedule.create", agent=_AGENT)
    content_id: UUID
    channel_account_ids: Sequence[UUID]
    frequency: str  # daily | weekly | every_n_days
    local_time: str | time  # "09:00": the wall time of day in time_zone
    time_zone: str | None = None  # default: the brand's
    weekdays: Sequence[int] = ()  # weekly: 0 Monday ... 6 Sunday
    interval_days: int | None = None  # every_n_days (evergreen recycling)
    starts_on: date | str | None = None  # default: today in the zone
    ends_on: date | str | None = None
    horizon_days: int = 14
    grace_seconds: int | None = None
    missed_policy: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateSchedule:
    use_case: ClassVar = UseCase(_MANAGE, task="schedule.update", agent=_AGENT)
    schedule_id: UUID
    changes: Mapping[str, Any]  # any field of CreateSchedule but content_id, or "active"
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteSchedule:
    use_case: ClassVar = UseCase(_MANAGE, task="schedule.delete", agent=_AGENT)
    schedule_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSchedule:
    use_case: ClassVar = UseCase(_READ, task="schedule.get", agent=_AGENT)
    schedule_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSchedules:
    use_case: ClassVar = UseCase(_READ, task="schedule.list", agent=_AGENT)
    brand_id: UUID | None = None
    active: bool | None = None
    page: PageRequest = field(default_factory=PageRequest)


async def create_schedule(
    cmd: CreateSchedule, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> Schedule:
    actor = ctx.actor()
    actor.require(CreateSchedule.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        piece, _ = await approved_content(uow, actor, uuid_of(cmd.content_id, "content_id"), None)
        brand = await load_brand(uow, actor, piece.brand_id)
        zone = require_time_zone(cmd.time_zone or brand.time_zone)
        rule = _rule(
            {
                "channel_account_ids": cmd.channel_account_ids,
                "frequency": cmd.frequency,
                "local_time": cmd.local_time,
                "time_zone": zone,
                "weekdays": cmd.weekdays,
                "interval_days": cmd.interval_days,
                "starts_on": cmd.starts_on or now.astimezone(ZoneInfo(zone)).date(),
                "ends_on": cmd.ends_on,
                "horizon_days": cmd.horizon_days,
                "grace_seconds": cmd.grace_seconds,
                "missed_policy": cmd.missed_policy,
            }
        )
        await _check_accounts(uow, piece, rule["channel_account_ids"])
        schedule = Schedule.create(
            id=ScheduleId(ids.new_id()),
            organization_id=piece.organization_id,
            brand_id=piece.brand_id,
            content_id=piece.id,
            now=now,
            **rule,
        )
        await uow.schedules.add(schedule)
        await expand_schedule(uow, schedule, now=now, ids=ids)
        await uow.commit()
    return schedule


async def update_schedule(
    cmd: UpdateSchedule, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> Schedule:
    actor = ctx.actor()
    actor.require(UpdateSchedule.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        schedule = await _load(uow, actor, cmd.schedule_id)
        changes = _rule(cmd.changes)
        if "channel_account_ids" in changes:
            piece = await uow.content.get(schedule.organization_id, schedule.content_id)
            if piece is None:
                raise NotFound(f"content {schedule.content_id} not found")
            await _check_accounts(uow, piece, changes["channel_account_ids"])
        schedule.update(changes, now=now, expected_version=cmd.expected_version)
        await uow.schedules.save(schedule)
        await expand_schedule(uow, schedule, now=now, ids=ids)
        await uow.commit()
    return schedule


async def delete_schedule(cmd: DeleteSchedule, ctx: Context, *, clock: Clock) -> Schedule:
    actor = ctx.actor()
    actor.require(DeleteSchedule.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        schedule = await _load(uow, actor, cmd.schedule_id)
        if cmd.expected_version is not None:
            schedule.update({}, now=now, expected_version=cmd.expected_version)
        waiting: list[Publication] = []
        filters = PublicationFilter(
            schedule_id=schedule.id, statuses=frozenset({PublicationStatus.SCHEDULED})
        )
        cursor: str | None = None
        while True:
            page = await uow.publications.list(
                schedule.organization_id,
                filters,
                PageRequest(limit=200, sort="due_at", cursor=cursor),
            )
            waiting += page.items
            if (cursor := page.next_cursor) is None:
                break
        for publication in waiting:
            publication.cancel(now=now)
            await uow.publications.save(publication)
        schedule.delete(now=now)
        await uow.schedules.remove(schedule)
        await refresh_content_status(
            uow, schedule.organization_id, schedule.content_id, now=now, changed=waiting
        )
        await uow.commit()
    return schedule


async def get_schedule(query: GetSchedule, ctx: Context) -> Schedule:
    actor = ctx.actor()
    actor.require(GetSchedule.use_case.permission)
    async with ctx.uow as uow:
        return await _load(uow, actor, query.schedule_id)


async def list_schedules(query: ListSchedules, ctx: Context) -> Page[Schedule]:
    actor = ctx.actor()
    actor.require(ListSchedules.use_case.permission)
    require_sort(query.page, SCHEDULE_SORTS)
    brand_id = None if query.brand_id is None else uuid_of(query.brand_id, "brand_id")
    if brand_id is not None:
        actor.require_brand(brand_id)
    filters = ScheduleFilter(
        brand_id=None if brand_id is None else BrandId(brand_id),
        brand_ids=actor.brand_scope,
        active=query.active,
    )
    async with ctx.uow as uow:
        return await uow.schedules.list(actor.organization_id, filters, query.page)


# ---------------------------------------------------------------------- reading the input


async def _load(uow: UnitOfWork, actor: Principal, schedule_id: UUID) -> Schedule:
    wanted = ScheduleId(uuid_of(schedule_id, "schedule_id"))
    schedule = await uow.schedules.get(actor.organization_id, wanted)
    if schedule is None or not actor.can_access_brand(schedule.brand_id):
        raise NotFound(f"schedule {schedule_id} not found")
    return schedule


async def _check_accounts(
    uow: UnitOfWork, piece: ContentPiece, account_ids: Sequence[ChannelAccountId]
) -> None:
    for i, account_id in enumerate(account_ids):
        await publishable_account(uow, piece, account_id, field=f"channel_account_ids[{i}]")


def _rule(given: Mapping[str, Any]) -> dict[str, Any]:
    """The schedule's fields from the command's values (only those given)."""
    readers: dict[str, Callable[[Any], Any]] = {
        "channel_account_ids": lambda v: tuple(
            ChannelAccountId(uuid_of(a, f"channel_account_ids[{i}]")) for i, a in enumerate(v)
        ),
        "frequency": lambda v: _member(Frequency, v, "frequency"),
        "local_time": lambda v: _time(v),
        "time_zone": lambda v: require_time_zone(v),
        "weekdays": lambda v: frozenset(_integer(d, "weekdays") for d in v),
        "interval_days": lambda v: None if v is None else _integer(v, "interval_days"),
        "starts_on": lambda v: _date(v, "starts_on"),
        "ends_on": lambda v: None if v is None else _date(v, "ends_on"),
        "horizon_days": lambda v: _integer(v, "horizon_days"),
        "grace_seconds": grace_of,
        "missed_policy": missed_policy_of,
        "active": lambda v: _boolean(v),
    }
    unknown = sorted(set(given) - set(readers))
    if unknown:
        raise ScheduleInvalid(f"unknown fields: {unknown}", field=unknown[0])
    rule = {name: readers[name](value) for name, value in given.items()}
    if "grace_seconds" in rule:
        rule["grace"] = rule.pop("grace_seconds")
    return rule


def _member(kind: type[Frequency], value: Any, name: str) -> Frequency:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ScheduleInvalid(f"{name} is one of: {allowed}", field=name) from None


def _time(value: Any) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise ScheduleInvalid("local_time is a wall time like 09:00", field="local_time") from None


def _date(value: Any, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScheduleInvalid(f"{name} is a date like 2026-03-01", field=name) from None


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScheduleInvalid(f"{name} takes whole numbers", field=name)
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ScheduleInvalid("active is true or false", field="active")
    return value
