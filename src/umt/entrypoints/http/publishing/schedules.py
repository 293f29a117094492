"""Recurring schedules: create (expanded ahead at once), list, get, change (If-Match) and
delete (If-Match; its publications still waiting are cancelled)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from umt.application.publishing.schedules import (
    CreateSchedule,
    DeleteSchedule,
    GetSchedule,
    ListSchedules,
    UpdateSchedule,
)
from umt.domain.publishing.schedule import Schedule
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
)
from umt.entrypoints.http.publishing.examples import (
    SCHEDULE_201,
    SCHEDULE_DELETED_OK,
    SCHEDULE_OK,
    SCHEDULE_UPDATED_OK,
    SCHEDULES_OK,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import Page, given
from umt.entrypoints.http.schemas.publishing import (
    ScheduleCreate,
    ScheduleOut,
    SchedulePatch,
    schedule_out,
)
from umt.ports.pagination import Page as DomainPage


def schedule_response(schedule: Schedule, status: int = HTTP_200_OK) -> Response[ScheduleOut]:
    return Response(
        schedule_out(schedule), status_code=status, headers={"ETag": etag(schedule.version)}
    )


class ScheduleController(Controller):
    path = "/api/v1/schedules"
    tags = ["publishing"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a recurring schedule (daily, weekly, every N days) of an approved piece",
        description="Expanded at once into publications up to `horizon_days` ahead, then kept"
        " expanded by the schedule-expander loop. 09:00 in its zone stays 09:00 across"
        " daylight-saving changes.",
        responses={201: SCHEDULE_201, **PROTECTED_ERRORS},
        response_headers=ETAG_HEADERS,
        opt=requires_for(CreateSchedule),
    )
    async def create(
        self, data: JSONBody[ScheduleCreate], principal: Caller, bus: Bus
    ) -> Response[ScheduleOut]:
        schedule = await bus.ask(CreateSchedule(**given(data)), Schedule, principal)
        return schedule_response(schedule, HTTP_201_CREATED)

    @get(
        "/",
        summary="List schedules",
        operation_class=SCHEDULES_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListSchedules),
    )
    async def list_schedules(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        brand_id: FromQuery[UUID | None] = None,
        active: FromQuery[bool | None] = None,
    ) -> Page[ScheduleOut]:
        query = ListSchedules(brand_id=brand_id, active=active, page=page)
        result = await bus.ask(query, DomainPage[Schedule], principal)
        return Page(items=[schedule_out(s) for s in result.items], next_cursor=result.next_cursor)

    @get(
        "/{schedule_id:uuid}",
        summary="A schedule",
        operation_class=SCHEDULE_OK,
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(GetSchedule),
    )
    async def get_schedule(
        self, schedule_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ScheduleOut]:
        schedule = await bus.ask(GetSchedule(schedule_id=schedule_id), Schedule, principal)
        return schedule_response(schedule)

    @patch(
        "/{schedule_id:uuid}",
        summary="Change a schedule's rule or pause it (the dates ahead are expanded again)",
        operation_class=SCHEDULE_UPDATED_OK,
        responses=VERSIONED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(UpdateSchedule),
    )
    async def update(
        self,
        schedule_id: FromPath[UUID],
        data: JSONBody[SchedulePatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ScheduleOut]:
        command = UpdateSchedule(
            schedule_id=schedule_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return schedule_response(await bus.ask(command, Schedule, principal))

    @delete(
        "/{schedule_id:uuid}",
        status_code=HTTP_200_OK,
        summary="Delete a schedule; its publications still waiting are cancelled",
        operation_class=SCHEDULE_DELETED_OK,
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteSchedule),
    )
    async def delete_schedule(
        self,
        schedule_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> ScheduleOut:
        command = DeleteSchedule(
            schedule_id=schedule_id, expected_version=required_version(if_match)
        )
        return schedule_out(await bus.ask(command, Schedule, principal))
