"""The competitors a brand tracks."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.brand import competitors as uc
from umt.domain.brand.audience import Competitor
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.etags import etag, expected_version, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    IfMatch,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.audiences import (
    CompetitorCreate,
    CompetitorOut,
    CompetitorPatch,
    competitor_out,
)
from umt.entrypoints.http.schemas.common import Page, given
from umt.ports.pagination import Page as DomainPage


def competitor_response(
    brand_id: FromPath[UUID], competitor: Competitor, status: int = HTTP_200_OK
) -> Response[CompetitorOut]:
    return Response(
        competitor_out(brand_id, competitor),
        status_code=status,
        headers={"ETag": etag(competitor.version)},
    )


class CompetitorController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/competitors"
    tags = ["competitors"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Add a competitor for a brand to track",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.AddCompetitor),
    )
    async def create(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[CompetitorCreate],
        principal: Caller,
        bus: Bus,
    ) -> Response[CompetitorOut]:
        body = given(data)
        body["feed_urls"] = tuple(body.get("feed_urls") or ())
        competitor = await bus.ask(
            uc.AddCompetitor(brand_id=brand_id, **body), Competitor, principal
        )
        return competitor_response(brand_id, competitor, HTTP_201_CREATED)

    @get(
        "/",
        summary="List a brand's competitors",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.ListCompetitors),
    )
    async def list_competitors(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        page: Paging,
        include_archived: Annotated[
            bool, QueryParameter(description="Include archived ones")
        ] = True,
    ) -> Page[CompetitorOut]:
        query = uc.ListCompetitors(brand_id=brand_id, include_archived=include_archived, page=page)
        result = await bus.ask(query, DomainPage[Competitor], principal)
        return Page(
            items=[competitor_out(brand_id, a) for a in result.items],
            next_cursor=result.next_cursor,
        )

    @get(
        "/{competitor_id:uuid}",
        summary="Get a competitor",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.GetCompetitor),
    )
    async def get_competitor(
        self, brand_id: FromPath[UUID], competitor_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[CompetitorOut]:
        query = uc.GetCompetitor(brand_id=brand_id, competitor_id=competitor_id)
        return competitor_response(brand_id, await bus.ask(query, Competitor, principal))

    @patch(
        "/{competitor_id:uuid}",
        summary="Update a competitor (send If-Match with the ETag)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(uc.UpdateCompetitor),
    )
    async def update(
        self,
        brand_id: FromPath[UUID],
        competitor_id: FromPath[UUID],
        data: JSONBody[CompetitorPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[CompetitorOut]:
        command = uc.UpdateCompetitor(
            brand_id=brand_id,
            competitor_id=competitor_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return competitor_response(brand_id, await bus.ask(command, Competitor, principal))

    @post(
        "/{competitor_id:uuid}/archive",
        status_code=HTTP_200_OK,
        summary="Archive a competitor",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.ArchiveCompetitor),
    )
    async def archive(
        self,
        brand_id: FromPath[UUID],
        competitor_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[CompetitorOut]:
        command = uc.ArchiveCompetitor(
            brand_id=brand_id,
            competitor_id=competitor_id,
            expected_version=expected_version(if_match),
        )
        return competitor_response(brand_id, await bus.ask(command, Competitor, principal))

    @delete(
        "/{competitor_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a competitor",
        responses=VERSIONED_ERRORS,
        opt=requires_for(uc.RemoveCompetitor),
    )
    async def remove(
        self,
        brand_id: FromPath[UUID],
        competitor_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        await bus.execute(
            uc.RemoveCompetitor(
                brand_id=brand_id,
                competitor_id=competitor_id,
                expected_version=required_version(if_match),
            ),
            principal,
        )
