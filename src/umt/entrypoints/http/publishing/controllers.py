"""The publishing calendar: schedule, list a range, get, reschedule, cancel and retry."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from umt.application.publishing.change_publication import (
    CancelPublication,
    ReschedulePublication,
    RetryPublication,
)
from umt.application.publishing.import_publications import ImportPublications, ImportReport
from umt.application.publishing.publication_queries import GetPublication, ListPublications
from umt.application.publishing.schedule_publication import (
    ScheduledPublications,
    SchedulePublication,
)
from umt.domain.publishing.publication import Publication
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import expected_version, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    IfMatch,
    RequiredIfMatch,
)
from umt.entrypoints.http.publishing.answers import publication_response
from umt.entrypoints.http.publishing.examples import (
    CANCELLED_OK,
    IMPORT_200,
    PUBLICATION_OK,
    PUBLICATIONS_OK,
    RESCHEDULED_OK,
    SCHEDULED_201,
)
from umt.entrypoints.http.publishing_dispatch.examples import RETRY_200
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import Page, given
from umt.entrypoints.http.schemas.publishing import (
    ImportReportOut,
    PublicationCreate,
    PublicationImport,
    PublicationOut,
    PublicationReschedule,
    RowRejectionOut,
    ScheduledPublicationsOut,
    StatusName,
    publication_out,
)
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest
from umt.ports.pagination import Page as DomainPage

Statuses = Annotated[
    list[StatusName] | None, QueryParameter(description="Only these statuses (repeatable)")
]
RangeStart = Annotated[
    datetime | None, QueryParameter(name="from", description="Due at or after (with offset)")
]
RangeEnd = Annotated[
    datetime | None, QueryParameter(name="to", description="Due before (with offset)")
]
Sort = Annotated[
    str,
    QueryParameter(
        max_length=40,
        description="due_at (default), created_at or updated_at; prefix '-' for descending",
    ),
]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)]
Cursor = Annotated[str | None, QueryParameter(max_length=1000, description="next_cursor")]


class PublicationController(Controller):
    path = "/api/v1/publications"
    tags = ["publishing"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Schedule an approved version to channel accounts (one publication each)",
        description="Refused with 409 (version_not_approved, publication_conflicts listing"
        " each conflict) or 422 (publication_not_compliant listing the violations, a time in"
        " the past, an unknown time zone); nothing is scheduled then.",
        responses={201: SCHEDULED_201, **PROTECTED_ERRORS},
        opt=requires_for(SchedulePublication),
    )
    async def schedule(
        self, data: JSONBody[PublicationCreate], principal: Caller, bus: Bus
    ) -> ScheduledPublicationsOut:
        result = await bus.ask(SchedulePublication(**given(data)), ScheduledPublications, principal)
        return ScheduledPublicationsOut(items=[publication_out(p) for p in result.items])

    @post(
        "/import",
        status_code=HTTP_200_OK,
        summary="Bulk import from CSV or JSON rows: every valid row scheduled, each bad one listed",
        description="At most 500 rows. The valid rows are scheduled together; each refused row"
        " appears in `rejected` with its row number, field, code and reason, and schedules"
        " nothing. A body that cannot be read as rows (an unknown column, too big) is a 422.",
        responses={200: IMPORT_200, **PROTECTED_ERRORS},
        opt=requires_for(ImportPublications),
    )
    async def import_publications(
        self, data: JSONBody[PublicationImport], principal: Caller, bus: Bus
    ) -> ImportReportOut:
        report = await bus.ask(ImportPublications(**given(data)), ImportReport, principal)
        return ImportReportOut(
            scheduled=[publication_out(p) for p in report.scheduled],
            rejected=[
                RowRejectionOut(row=r.row, field=r.field, code=r.code, message=r.message)
                for r in report.rejected
            ],
        )

    @get(
        "/",
        summary="The calendar: publications of a brand (or of the organization) in a range",
        operation_class=PUBLICATIONS_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListPublications),
    )
    async def list_publications(
        self,
        principal: Caller,
        bus: Bus,
        brand_id: FromQuery[UUID | None] = None,
        due_from: RangeStart = None,
        due_to: RangeEnd = None,
        channel: FromQuery[str | None] = None,
        status: Statuses = None,
        project_id: FromQuery[UUID | None] = None,
        channel_account_id: FromQuery[UUID | None] = None,
        content_id: FromQuery[UUID | None] = None,
        schedule_id: FromQuery[UUID | None] = None,
        sort: Sort = "due_at",
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[PublicationOut]:
        query = ListPublications(
            brand_id=brand_id,
            due_from=due_from,
            due_to=due_to,
            channel=channel,
            statuses=tuple(status or ()),
            project_id=project_id,
            channel_account_id=channel_account_id,
            content_id=content_id,
            schedule_id=schedule_id,
            page=PageRequest(
                limit=limit, cursor=cursor, sort=sort.lstrip("-"), descending=sort.startswith("-")
            ),
        )
        result = await bus.ask(query, DomainPage[Publication], principal)
        return Page(
            items=[publication_out(p) for p in result.items], next_cursor=result.next_cursor
        )

    @get(
        "/{publication_id:uuid}",
        summary="A publication with every attempt and its typed failure reason",
        operation_class=PUBLICATION_OK,
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(GetPublication),
    )
    async def get_publication(
        self, publication_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[PublicationOut]:
        query = GetPublication(publication_id=publication_id)
        return publication_response(await bus.ask(query, Publication, principal))

    @patch(
        "/{publication_id:uuid}",
        summary="Reschedule (the scheduling checks run again at the new time)",
        operation_class=RESCHEDULED_OK,
        responses=VERSIONED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(ReschedulePublication),
    )
    async def reschedule(
        self,
        publication_id: FromPath[UUID],
        data: JSONBody[PublicationReschedule],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[PublicationOut]:
        command = ReschedulePublication(
            publication_id=publication_id,
            **given(data),
            expected_version=required_version(if_match),
        )
        return publication_response(await bus.ask(command, Publication, principal))

    @delete(
        "/{publication_id:uuid}",
        status_code=HTTP_200_OK,
        summary="Cancel: take it off the calendar (the publication stays, cancelled)",
        operation_class=CANCELLED_OK,
        responses=VERSIONED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(CancelPublication),
    )
    async def cancel(
        self,
        publication_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[PublicationOut]:
        command = CancelPublication(
            publication_id=publication_id, expected_version=required_version(if_match)
        )
        return publication_response(await bus.ask(command, Publication, principal))

    @post(
        "/{publication_id:uuid}/retry",
        status_code=HTTP_200_OK,
        summary="Retry a failed publication now (an unknown outcome is reconciled first)",
        responses={200: RETRY_200, **VERSIONED_ERRORS},
        response_headers=ETAG_HEADERS,
        opt=requires_for(RetryPublication),
    )
    async def retry(
        self, publication_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[PublicationOut]:
        command = RetryPublication(
            publication_id=publication_id, expected_version=expected_version(if_match)
        )
        return publication_response(await bus.ask(command, Publication, principal))
