"""Projects: nested under their brand, and addressable on their own."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.brand.assign_project import AssignProject
from umt.application.brand.change_project_status import ChangeProjectStatus
from umt.application.brand.create_project import CreateProject
from umt.application.brand.delete_project import DeleteProject
from umt.application.brand.project_queries import GetProject, ListProjects
from umt.application.brand.update_project import UpdateProject
from umt.domain.brand.project import Project
from umt.domain.identity.permissions import Permission
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
from umt.entrypoints.http.rules import requires, requires_for
from umt.entrypoints.http.schemas.common import Page, given
from umt.entrypoints.http.schemas.projects import (
    Assignment,
    ProjectCreate,
    ProjectOut,
    ProjectPatch,
    ProjectStatusName,
    ProjectTypeName,
    StatusChange,
    project_out,
)
from umt.ports.pagination import Page as DomainPage

StatusFilter = Annotated[ProjectStatusName | None, QueryParameter(description="Filter by status")]
TypeFilter = Annotated[ProjectTypeName | None, QueryParameter(description="Filter by project type")]


def project_response(project: Project, status: int = HTTP_200_OK) -> Response[ProjectOut]:
    return Response(
        project_out(project), status_code=status, headers={"ETag": etag(project.version)}
    )


async def _list(bus: Bus, principal: Caller, query: ListProjects) -> Page[ProjectOut]:
    result = await bus.ask(query, DomainPage[Project], principal)
    return Page(items=[project_out(p) for p in result.items], next_cursor=result.next_cursor)


async def _update(
    bus: Bus,
    principal: Caller,
    project_id: FromPath[UUID],
    data: JSONBody[ProjectPatch],
    brand_id: FromQuery[UUID | None] = None,
    if_match: str | None = None,
) -> Response[ProjectOut]:
    version = required_version(if_match)
    if brand_id is not None:
        await bus.execute(GetProject(project_id=project_id, brand_id=brand_id), principal)
    command = UpdateProject(project_id=project_id, changes=given(data), expected_version=version)
    return project_response(await bus.ask(command, Project, principal))


class BrandProjectController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/projects"
    tags = ["projects"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a project for a brand",
        responses=PROTECTED_ERRORS,
        opt=requires_for(CreateProject),
    )
    async def create(
        self, brand_id: FromPath[UUID], data: JSONBody[ProjectCreate], principal: Caller, bus: Bus
    ) -> Response[ProjectOut]:
        body = given(data)
        body["goals"] = tuple(body.get("goals") or ())
        body["channels"] = tuple(body.get("channels") or ())
        project = await bus.ask(CreateProject(brand_id=brand_id, **body), Project, principal)
        return project_response(project, HTTP_201_CREATED)

    @get(
        "/",
        summary="List a brand's projects",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListProjects),
    )
    async def list_projects(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        page: Paging,
        status: StatusFilter = None,
        project_type: TypeFilter = None,
    ) -> Page[ProjectOut]:
        return await _list(
            bus,
            principal,
            ListProjects(brand_id=brand_id, status=status, project_type=project_type, page=page),
        )

    @get(
        "/{project_id:uuid}",
        summary="Get a project of this brand",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetProject),
    )
    async def get_project(
        self, brand_id: FromPath[UUID], project_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ProjectOut]:
        query = GetProject(project_id=project_id, brand_id=brand_id)
        return project_response(await bus.ask(query, Project, principal))

    @patch(
        "/{project_id:uuid}",
        summary="Update a project of this brand (If-Match)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateProject),
    )
    async def update(
        self,
        brand_id: FromPath[UUID],
        project_id: FromPath[UUID],
        data: JSONBody[ProjectPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ProjectOut]:
        return await _update(bus, principal, project_id, data, brand_id, if_match)


class ProjectController(Controller):
    path = "/api/v1/projects"
    tags = ["projects"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @get(
        "/",
        summary="List projects across the organization's brands",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListProjects),
    )
    async def list_projects(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        brand_id: FromQuery[UUID | None] = None,
        status: StatusFilter = None,
        project_type: TypeFilter = None,
        assignee_id: FromQuery[UUID | None] = None,
    ) -> Page[ProjectOut]:
        return await _list(
            bus,
            principal,
            ListProjects(
                brand_id=brand_id,
                status=status,
                project_type=project_type,
                assignee_id=assignee_id,
                page=page,
            ),
        )

    @get(
        "/{project_id:uuid}",
        summary="Get a project",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetProject),
    )
    async def get_project(
        self, project_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ProjectOut]:
        return project_response(
            await bus.ask(GetProject(project_id=project_id), Project, principal)
        )

    @patch(
        "/{project_id:uuid}",
        summary="Update a project (send If-Match with the ETag)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateProject),
    )
    async def update(
        self,
        project_id: FromPath[UUID],
        data: JSONBody[ProjectPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ProjectOut]:
        return await _update(bus, principal, project_id, data, None, if_match)

    @post(
        "/{project_id:uuid}/status",
        status_code=HTTP_200_OK,
        summary="Move a project along planned → active ⇄ paused → completed → archived",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ChangeProjectStatus),
    )
    async def change_status(
        self,
        project_id: FromPath[UUID],
        data: JSONBody[StatusChange],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[ProjectOut]:
        command = ChangeProjectStatus(
            project_id=project_id, status=data.status, expected_version=expected_version(if_match)
        )
        return project_response(await bus.ask(command, Project, principal))

    @post(
        "/{project_id:uuid}/archive",
        status_code=HTTP_200_OK,
        summary="Archive a completed project",
        responses=PROTECTED_ERRORS,
        opt=requires(Permission.PROJECT_ARCHIVE),
    )
    async def archive(
        self, project_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[ProjectOut]:
        command = ChangeProjectStatus(
            project_id=project_id, status="archived", expected_version=expected_version(if_match)
        )
        return project_response(await bus.ask(command, Project, principal))

    @put(
        "/{project_id:uuid}/assignee",
        status_code=HTTP_200_OK,
        summary="Assign the project to a member (null unassigns)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(AssignProject),
    )
    async def assign(
        self,
        project_id: FromPath[UUID],
        data: JSONBody[Assignment],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ProjectOut]:
        command = AssignProject(
            project_id=project_id,
            assignee_id=data.assignee_id,
            expected_version=required_version(if_match),
        )
        return project_response(await bus.ask(command, Project, principal))

    @delete(
        "/{project_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a project",
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteProject),
    )
    async def remove(
        self,
        project_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        await bus.execute(
            DeleteProject(project_id=project_id, expected_version=required_version(if_match)),
            principal,
        )
