"""Brands: CRUD, archive and restore."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.brand.archive_brand import ArchiveBrand, RestoreBrand
from umt.application.brand.brand_queries import GetBrand, ListBrands
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.delete_brand import DeleteBrand
from umt.application.brand.update_brand import BrandChanges, UpdateBrand
from umt.domain.brand.brand import Brand
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
from umt.entrypoints.http.schemas.brands import (
    BrandCreate,
    BrandOut,
    BrandPatch,
    brand_out,
    view_out,
)
from umt.entrypoints.http.schemas.common import Page, given
from umt.ports.brand_reader import BrandView
from umt.ports.pagination import Page as DomainPage


def brand_response(brand: Brand, status: int = HTTP_200_OK) -> Response[BrandOut]:
    return Response(brand_out(brand), status_code=status, headers={"ETag": etag(brand.version)})


class BrandController(Controller):
    path = "/api/v1/brands"
    tags = ["brands"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a brand",
        responses=PROTECTED_ERRORS,
        opt=requires_for(CreateBrand),
    )
    async def create(
        self, data: JSONBody[BrandCreate], principal: Caller, bus: Bus
    ) -> Response[BrandOut]:
        body = given(data)
        brand = await bus.ask(CreateBrand(**body), Brand, principal)
        return brand_response(brand, HTTP_201_CREATED)

    @get(
        "/",
        summary="List brands (cursor pagination)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListBrands),
    )
    async def list_brands(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        status: Annotated[str | None, QueryParameter(description="active or archived")] = None,
        industry: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> Page[BrandOut]:
        result = await bus.ask(
            ListBrands(status=status, industry=industry, page=page), DomainPage[Brand], principal
        )
        return Page(items=[brand_out(b) for b in result.items], next_cursor=result.next_cursor)

    @get(
        "/{brand_id:uuid}",
        summary="Get a brand",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetBrand),
    )
    async def get_brand(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[BrandOut]:
        view = await bus.ask(GetBrand(brand_id=brand_id), BrandView, principal)
        return Response(view_out(view), headers={"ETag": etag(view.version)})

    @patch(
        "/{brand_id:uuid}",
        summary="Update a brand (send If-Match with the ETag)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateBrand),
    )
    async def update(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[BrandPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[BrandOut]:
        command = UpdateBrand(
            brand_id=brand_id,
            changes=BrandChanges.of(given(data)),
            expected_version=required_version(if_match),
        )
        return brand_response(await bus.ask(command, Brand, principal))

    @post(
        "/{brand_id:uuid}/archive",
        status_code=HTTP_200_OK,
        summary="Archive a brand",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ArchiveBrand),
    )
    async def archive(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[BrandOut]:
        command = ArchiveBrand(brand_id=brand_id, expected_version=expected_version(if_match))
        return brand_response(await bus.ask(command, Brand, principal))

    @post(
        "/{brand_id:uuid}/restore",
        status_code=HTTP_200_OK,
        summary="Restore an archived brand",
        responses=PROTECTED_ERRORS,
        opt=requires_for(RestoreBrand),
    )
    async def restore(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[BrandOut]:
        command = RestoreBrand(brand_id=brand_id, expected_version=expected_version(if_match))
        return brand_response(await bus.ask(command, Brand, principal))

    @delete(
        "/{brand_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a brand with its audiences and competitors (refused if it has projects)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteBrand),
    )
    async def remove(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        await bus.execute(
            DeleteBrand(brand_id=brand_id, expected_version=required_version(if_match)), principal
        )
