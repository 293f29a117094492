"""Scheduled reports: a brand's report schedules (create and list under the brand; read,
change and delete by id, If-Match required to change) and the delivered files, fetched by the
id a ``report.ready`` event names."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.analytics.reports.schedule_commands import (
    CreateReportSchedule,
    DeleteReportSchedule,
    UpdateReportSchedule,
)
from umt.application.analytics.reports.schedule_queries import (
    GetReportDelivery,
    GetReportSchedule,
    ListReportSchedules,
)
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import given
from umt.entrypoints.http.schemas.report_schedules import (
    ReportScheduleCreate,
    ReportScheduleList,
    ReportScheduleOut,
    ReportSchedulePatch,
    report_schedule_out,
)


def _response(schedule: ReportSchedule, status: int = HTTP_200_OK) -> Response[ReportScheduleOut]:
    return Response(
        report_schedule_out(schedule), status_code=status, headers={"ETag": etag(schedule.version)}
    )


class BrandReportSchedulesController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/analytics/report-schedules"
    tags = ["analytics"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Schedule a brand's report (daily or weekly, at a local hour)",
        description="Each run makes the report of the last range_days whole days (the "
        "brand's), mails it to the recipients with the file attached and, with webhook, "
        "sends report.ready to the organization's webhooks. One delivery per run, also with "
        "several processes.",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(CreateReportSchedule),
    )
    async def create(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[ReportScheduleCreate],
        principal: Caller,
        bus: Bus,
    ) -> Response[ReportScheduleOut]:
        command = CreateReportSchedule(brand_id=brand_id, **given(data))
        return _response(await bus.ask(command, ReportSchedule, principal), HTTP_201_CREATED)

    @get(
        "/",
        summary="A brand's report schedules",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListReportSchedules),
    )
    async def list_schedules(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> ReportScheduleList:
        found = await bus.ask(ListReportSchedules(brand_id=brand_id), list, principal)
        return ReportScheduleList(items=[report_schedule_out(s) for s in found])


class ReportSchedulesController(Controller):
    path = "/api/v1/report-schedules"
    tags = ["analytics"]
    security = BEARER

    @get(
        "/{schedule_id:uuid}",
        summary="A report schedule",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(GetReportSchedule),
    )
    async def get_schedule(
        self, schedule_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ReportScheduleOut]:
        query = GetReportSchedule(schedule_id=schedule_id)
        return _response(await bus.ask(query, ReportSchedule, principal))

    @patch(
        "/{schedule_id:uuid}",
        summary="Change a report schedule (its next run is computed again)",
        responses=VERSIONED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(UpdateReportSchedule),
    )
    async def update(
        self,
        schedule_id: FromPath[UUID],
        data: JSONBody[ReportSchedulePatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ReportScheduleOut]:
        command = UpdateReportSchedule(
            schedule_id=schedule_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return _response(await bus.ask(command, ReportSchedule, principal))

    @delete(
        "/{schedule_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a report schedule (its delivered reports stay fetchable)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteReportSchedule),
    )
    async def delete_schedule(
        self,
        schedule_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        command = DeleteReportSchedule(
            schedule_id=schedule_id, expected_version=required_version(if_match)
        )
        await bus.execute(command, principal)


class ReportDeliveriesController(Controller):
    path = "/api/v1/report-deliveries"
    tags = ["analytics"]
    security = BEARER

    @get(
        "/{report_delivery_id:uuid}",
        summary="A delivered scheduled report's file (as its report.ready event names it)",
        media_type="application/octet-stream",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetReportDelivery),
    )
    async def get_delivery(
        self, report_delivery_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[bytes]:
        query = GetReportDelivery(delivery_id=report_delivery_id)
        found = await bus.ask(query, ReportDelivery, principal)
        return Response(
            found.content,
            media_type=found.media_type,
            headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
        )
