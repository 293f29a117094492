"""A brand's target audiences."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.brand import audiences as uc
from umt.domain.brand.audience import Audience
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
    AudienceCreate,
    AudienceOut,
    AudiencePatch,
    audience_out,
)
from umt.entrypoints.http.schemas.common import Page, given
from umt.ports.pagination import Page as DomainPage


def audience_response(
    brand_id: FromPath[UUID], audience: Audience, status: int = HTTP_200_OK
) -> Response[AudienceOut]:
    return Response(
        audience_out(brand_id, audience),
        status_code=status,
        headers={"ETag": etag(audience.version)},
    )


class AudienceController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/audiences"
    tags = ["audiences"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Add a target audience to a brand",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.AddAudience),
    )
    async def create(
        self, brand_id: FromPath[UUID], data: JSONBody[AudienceCreate], principal: Caller, bus: Bus
    ) -> Response[AudienceOut]:
        body = given(data)
        for key in ("locations", "interests", "pain_points", "goals", "preferred_channels"):
            body[key] = tuple(body.get(key) or ())
        audience = await bus.ask(uc.AddAudience(brand_id=brand_id, **body), Audience, principal)
        return audience_response(brand_id, audience, HTTP_201_CREATED)

    @get(
        "/",
        summary="List a brand's audiences",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.ListAudiences),
    )
    async def list_audiences(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        page: Paging,
        include_archived: Annotated[
            bool, QueryParameter(description="Include archived ones")
        ] = True,
    ) -> Page[AudienceOut]:
        query = uc.ListAudiences(brand_id=brand_id, include_archived=include_archived, page=page)
        result = await bus.ask(query, DomainPage[Audience], principal)
        return Page(
            items=[audience_out(brand_id, a) for a in result.items], next_cursor=result.next_cursor
        )

    @get(
        "/{audience_id:uuid}",
        summary="Get an audience",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.GetAudience),
    )
    async def get_audience(
        self, brand_id: FromPath[UUID], audience_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[AudienceOut]:
        query = uc.GetAudience(brand_id=brand_id, audience_id=audience_id)
        return audience_response(brand_id, await bus.ask(query, Audience, principal))

    @patch(
        "/{audience_id:uuid}",
        summary="Update an audience (send If-Match with the ETag)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(uc.UpdateAudience),
    )
    async def update(
        self,
        brand_id: FromPath[UUID],
        audience_id: FromPath[UUID],
        data: JSONBody[AudiencePatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[AudienceOut]:
        command = uc.UpdateAudience(
            brand_id=brand_id,
            audience_id=audience_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return audience_response(brand_id, await bus.ask(command, Audience, principal))

    @post(
        "/{audience_id:uuid}/archive",
        status_code=HTTP_200_OK,
        summary="Archive an audience",
        responses=PROTECTED_ERRORS,
        opt=requires_for(uc.ArchiveAudience),
    )
    async def archive(
        self,
        brand_id: FromPath[UUID],
        audience_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[AudienceOut]:
        command = uc.ArchiveAudience(
            brand_id=brand_id, audience_id=audience_id, expected_version=expected_version(if_match)
        )
        return audience_response(brand_id, await bus.ask(command, Audience, principal))

    @delete(
        "/{audience_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove an audience",
        responses=VERSIONED_ERRORS,
        opt=requires_for(uc.RemoveAudience),
    )
    async def remove(
        self,
        brand_id: FromPath[UUID],
        audience_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        await bus.execute(
            uc.RemoveAudience(
                brand_id=brand_id,
                audience_id=audience_id,
                expected_version=required_version(if_match),
            ),
            principal,
        )
