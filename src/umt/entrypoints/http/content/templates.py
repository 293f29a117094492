"""Content templates: the organization's own (CRUD, templates:manage), the built-in ones,
and rendering with values for a template's variables."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.content.create_template import CreateTemplate
from umt.application.content.template_queries import (
    GetTemplate,
    ListBuiltinTemplates,
    ListTemplates,
    RenderedTemplate,
    RenderTemplate,
)
from umt.application.content.update_template import DeleteTemplate, UpdateTemplate
from umt.domain.content.template import ContentTemplate
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Page, given
from umt.entrypoints.http.schemas.content import ContentTypeName
from umt.entrypoints.http.schemas.templates import (
    RenderedOut,
    RenderRequest,
    TemplateCreate,
    TemplateList,
    TemplateOut,
    TemplatePatch,
    rendered_out,
    template_out,
)
from umt.ports.pagination import Page as DomainPage

TypeFilter = Annotated[ContentTypeName | None, QueryParameter(description="Filter by type")]
ChannelFilter = Annotated[
    ChannelName | None, QueryParameter(description="This channel's and channel-less templates")
]
IndustryFilter = Annotated[
    str | None,
    QueryParameter(max_length=100, description="This industry's and industry-less templates"),
]


def template_response(t: ContentTemplate, status: int = HTTP_200_OK) -> Response[TemplateOut]:
    return Response(template_out(t), status_code=status, headers={"ETag": etag(t.version)})


class TemplateController(Controller):
    path = "/api/v1/templates"
    tags = ["templates"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a template (organization-wide, or for one brand with brand_id)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(CreateTemplate),
    )
    async def create(
        self, data: JSONBody[TemplateCreate], principal: Caller, bus: Bus
    ) -> Response[TemplateOut]:
        template = await bus.ask(CreateTemplate(**given(data)), ContentTemplate, principal)
        return template_response(template, HTTP_201_CREATED)

    @get(
        "/",
        summary="List the organization's own templates",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListTemplates),
    )
    async def list_templates(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        content_type: TypeFilter = None,
        channel: ChannelFilter = None,
        industry: IndustryFilter = None,
        brand_id: FromQuery[UUID | None] = None,
    ) -> Page[TemplateOut]:
        query = ListTemplates(
            content_type=content_type,
            channel=channel,
            industry=industry,
            brand_id=brand_id,
            page=page,
        )
        result = await bus.ask(query, DomainPage[ContentTemplate], principal)
        return Page(items=[template_out(t) for t in result.items], next_cursor=result.next_cursor)

    @get(
        "/builtin",
        summary="The built-in templates (read-only, the same for every organization)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListBuiltinTemplates),
    )
    async def list_builtin(
        self, principal: Caller, bus: Bus, content_type: TypeFilter = None
    ) -> TemplateList:
        found = await bus.ask(ListBuiltinTemplates(content_type=content_type), list, principal)
        return TemplateList(items=[template_out(t) for t in found])

    @get(
        "/{template_id:uuid}",
        summary="Get a template (the organization's own or a built-in one)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetTemplate),
    )
    async def get_template(
        self, template_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[TemplateOut]:
        query = GetTemplate(template_id=template_id)
        return template_response(await bus.ask(query, ContentTemplate, principal))

    @patch(
        "/{template_id:uuid}",
        summary="Update a template (If-Match); built-in ones are read-only (409)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateTemplate),
    )
    async def update(
        self,
        template_id: FromPath[UUID],
        data: JSONBody[TemplatePatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[TemplateOut]:
        command = UpdateTemplate(
            template_id=template_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return template_response(await bus.ask(command, ContentTemplate, principal))

    @delete(
        "/{template_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a template; built-in ones are read-only (409)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteTemplate),
    )
    async def remove(
        self,
        template_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        await bus.execute(
            DeleteTemplate(template_id=template_id, expected_version=required_version(if_match)),
            principal,
        )

    @post(
        "/{template_id:uuid}/render",
        status_code=HTTP_200_OK,
        summary="Render a template with values for its variables (sandboxed; 422 when a "
        "required variable is missing or the sandbox refuses)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(RenderTemplate),
    )
    async def render(
        self,
        template_id: FromPath[UUID],
        data: JSONBody[RenderRequest],
        principal: Caller,
        bus: Bus,
    ) -> RenderedOut:
        query = RenderTemplate(template_id=template_id, variables=data.variables)
        return rendered_out(await bus.ask(query, RenderedTemplate, principal))
