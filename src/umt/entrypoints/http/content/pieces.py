"""The content library: pieces under their brand, and addressable on their own, with their
versions, diffs, review workflow and comment threads."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from umt.application.content.approve_content import ApproveContent
from umt.application.content.archive_content import ArchiveContent
from umt.application.content.comments import (
    AddComment,
    ListComments,
    ReopenComment,
    ResolveComment,
)
from umt.application.content.content_queries import GetContent, ListContent
from umt.application.content.create_content import CreateContent
from umt.application.content.mark_published import MarkPublished
from umt.application.content.mark_scheduled import MarkScheduled
from umt.application.content.request_changes import RequestChanges
from umt.application.content.revise_content import ReviseContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.content.version_queries import DiffVersions, GetVersion, ListVersions
from umt.domain.content.diff import VersionDiff
from umt.domain.content.piece import ContentPiece
from umt.domain.content.review import Comment
from umt.domain.content.version import ContentVersion
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
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Page, given
from umt.entrypoints.http.schemas.content import (
    ChangesRequest,
    CommentCreate,
    CommentList,
    CommentOut,
    ContentCreate,
    ContentOut,
    ContentPatch,
    ContentStatusName,
    ContentTypeName,
    DiffOut,
    ReplyCreate,
    ScheduleRequest,
    VersionList,
    VersionOut,
    comment_out,
    content_out,
    diff_out,
    version_out,
)
from umt.ports.pagination import Page as DomainPage

TypeFilter = Annotated[ContentTypeName | None, QueryParameter(description="Filter by type")]
ChannelFilter = Annotated[ChannelName | None, QueryParameter(description="Filter by channel")]
StatusFilter = Annotated[ContentStatusName | None, QueryParameter(description="Filter by status")]
SearchText = Annotated[
    str | None,
    QueryParameter(
        max_length=500,
        description="Full-text search over title, body and keyword fields (PostgreSQL: web "
        "search syntax, English stemming); sort=relevance ranks the hits",
    ),
]


def content_response(piece: ContentPiece, status: int = HTTP_200_OK) -> Response[ContentOut]:
    return Response(content_out(piece), status_code=status, headers={"ETag": etag(piece.version)})


async def _list(bus: Bus, principal: Caller, query: ListContent) -> Page[ContentOut]:
    result = await bus.ask(query, DomainPage[ContentPiece], principal)
    return Page(items=[content_out(p) for p in result.items], next_cursor=result.next_cursor)


class BrandContentController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/content"
    tags = ["content"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a piece of content for a brand (its version 1)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(CreateContent),
    )
    async def create(
        self, brand_id: FromPath[UUID], data: JSONBody[ContentCreate], principal: Caller, bus: Bus
    ) -> Response[ContentOut]:
        body: dict[str, Any] = given(data)  # nested objects as plain data too
        piece = await bus.ask(CreateContent(brand_id=brand_id, **body), ContentPiece, principal)
        return content_response(piece, HTTP_201_CREATED)

    @get(
        "/",
        summary="List or search a brand's content",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListContent),
    )
    async def list_content(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        page: Paging,
        q: SearchText = None,
        project_id: FromQuery[UUID | None] = None,
        content_type: TypeFilter = None,
        channel: ChannelFilter = None,
        status: StatusFilter = None,
    ) -> Page[ContentOut]:
        query = ListContent(
            brand_id=brand_id,
            project_id=project_id,
            content_type=content_type,
            channel=channel,
            status=status,
            q=q,
            page=page,
        )
        return await _list(bus, principal, query)


class ContentController(Controller):
    path = "/api/v1/content"
    tags = ["content"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @get(
        "/",
        summary="List or search the content library across brands",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListContent),
    )
    async def list_content(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        q: SearchText = None,
        brand_id: FromQuery[UUID | None] = None,
        project_id: FromQuery[UUID | None] = None,
        content_type: TypeFilter = None,
        channel: ChannelFilter = None,
        status: StatusFilter = None,
    ) -> Page[ContentOut]:
        query = ListContent(
            brand_id=brand_id,
            project_id=project_id,
            content_type=content_type,
            channel=channel,
            status=status,
            q=q,
            page=page,
        )
        return await _list(bus, principal, query)

    @get(
        "/{content_id:uuid}",
        summary="Get a piece (its current version)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetContent),
    )
    async def get_content(
        self, content_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ContentOut]:
        piece = await bus.ask(GetContent(content_id=content_id), ContentPiece, principal)
        return content_response(piece)

    @patch(
        "/{content_id:uuid}",
        summary="Revise a piece: a new version (If-Match); review starts again from draft",
        responses=VERSIONED_ERRORS,
        opt=requires_for(ReviseContent),
    )
    async def revise(
        self,
        content_id: FromPath[UUID],
        data: JSONBody[ContentPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ContentOut]:
        body: dict[str, Any] = given(data)  # nested objects as plain data too
        command = ReviseContent(
            content_id=content_id, expected_version=required_version(if_match), **body
        )
        return content_response(await bus.ask(command, ContentPiece, principal))

    @get(
        "/{content_id:uuid}/versions",
        summary="Every version of a piece, oldest first",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListVersions),
    )
    async def list_versions(
        self, content_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> VersionList:
        versions = await bus.ask(ListVersions(content_id=content_id), list, principal)
        return VersionList(items=[version_out(v) for v in versions])

    @get(
        "/{content_id:uuid}/versions/{number:int}",
        summary="One version of a piece",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetVersion),
    )
    async def get_version(
        self, content_id: FromPath[UUID], number: FromPath[int], principal: Caller, bus: Bus
    ) -> VersionOut:
        query = GetVersion(content_id=content_id, number=number)
        return version_out(await bus.ask(query, ContentVersion, principal))

    @get(
        "/{content_id:uuid}/diff",
        summary="What changed between two versions, field by field (hunks and a unified diff)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(DiffVersions),
    )
    async def diff(
        self,
        content_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        from_number: Annotated[
            int | None,
            QueryParameter(
                name="from", ge=1, le=1_000_000, description="Default: the version before `to`"
            ),
        ] = None,
        to_number: Annotated[
            int | None,
            QueryParameter(name="to", ge=1, le=1_000_000, description="Default: the current one"),
        ] = None,
        granularity: FromQuery[Literal["word", "line"]] = "word",
    ) -> DiffOut:
        query = DiffVersions(
            content_id=content_id,
            from_number=from_number,
            to_number=to_number,
            granularity=granularity,
        )
        return diff_out(await bus.ask(query, VersionDiff, principal))

    @post(
        "/{content_id:uuid}/submit",
        status_code=HTTP_200_OK,
        summary="Submit a draft for review",
        responses=PROTECTED_ERRORS,
        opt=requires_for(SubmitForReview),
    )
    async def submit(
        self, content_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[ContentOut]:
        command = SubmitForReview(
            content_id=content_id, expected_version=expected_version(if_match)
        )
        return content_response(await bus.ask(command, ContentPiece, principal))

    @post(
        "/{content_id:uuid}/approve",
        status_code=HTTP_200_OK,
        summary="Approve the current version (409 while error-level compliance violations remain)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ApproveContent),
    )
    async def approve(
        self, content_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[ContentOut]:
        command = ApproveContent(content_id=content_id, expected_version=expected_version(if_match))
        return content_response(await bus.ask(command, ContentPiece, principal))

    @post(
        "/{content_id:uuid}/request-changes",
        status_code=HTTP_200_OK,
        summary="Send a piece in review back to its writers, with a reason",
        responses=PROTECTED_ERRORS,
        opt=requires_for(RequestChanges),
    )
    async def request_changes(
        self,
        content_id: FromPath[UUID],
        data: JSONBody[ChangesRequest],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[ContentOut]:
        command = RequestChanges(
            content_id=content_id, reason=data.reason, expected_version=expected_version(if_match)
        )
        return content_response(await bus.ask(command, ContentPiece, principal))

    @post(
        "/{content_id:uuid}/schedule",
        status_code=HTTP_200_OK,
        summary="Mark an approved piece scheduled for publication",
        responses=PROTECTED_ERRORS,
        opt=requires_for(MarkScheduled),
    )
    async def schedule(
        self,
        content_id: FromPath[UUID],
        data: JSONBody[ScheduleRequest],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[ContentOut]:
        command = MarkScheduled(
            content_id=content_id, at=data.at, expected_version=expected_version(if_match)
        )
        return content_response(await bus.ask(command, ContentPiece, principal))

    @post(
        "/{content_id:uuid}/publish",
        status_code=HTTP_200_OK,
        summary="Mark an approved or scheduled piece published",
        responses=PROTECTED_ERRORS,
        opt=requires_for(MarkPublished),
    )
    async def publish(
        self, content_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[ContentOut]:
        command = MarkPublished(content_id=content_id, expected_version=expected_version(if_match))
        return content_response(await bus.ask(command, ContentPiece, principal))

    @post(
        "/{content_id:uuid}/archive",
        status_code=HTTP_200_OK,
        summary="Archive a piece; it takes no more changes",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ArchiveContent),
    )
    async def archive(
        self, content_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[ContentOut]:
        command = ArchiveContent(content_id=content_id, expected_version=expected_version(if_match))
        return content_response(await bus.ask(command, ContentPiece, principal))


class ContentCommentController(Controller):
    path = "/api/v1/content/{content_id:uuid}/comments"
    tags = ["content"]
    security = BEARER

    @get(
        "/",
        summary="The review comments of a piece, threads and replies in the order written",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListComments),
    )
    async def list_comments(
        self, content_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> CommentList:
        found = await bus.ask(ListComments(content_id=content_id), list, principal)
        return CommentList(items=[comment_out(c) for c in found])

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Open a thread on a version, optionally anchored to a text range of a field",
        responses=PROTECTED_ERRORS,
        opt=requires_for(AddComment),
    )
    async def add_comment(
        self, content_id: FromPath[UUID], data: JSONBody[CommentCreate], principal: Caller, bus: Bus
    ) -> CommentOut:
        command = AddComment(
            content_id=content_id,
            body=data.body,
            version_number=data.version_number,
            anchor=given(data.anchor) if data.anchor else None,
        )
        return comment_out(await bus.ask(command, Comment, principal))

    @post(
        "/{comment_id:uuid}/replies",
        status_code=HTTP_201_CREATED,
        summary="Reply in a comment's thread",
        responses=PROTECTED_ERRORS,
        opt=requires_for(AddComment),
    )
    async def reply(
        self,
        content_id: FromPath[UUID],
        comment_id: FromPath[UUID],
        data: JSONBody[ReplyCreate],
        principal: Caller,
        bus: Bus,
    ) -> CommentOut:
        command = AddComment(content_id=content_id, body=data.body, parent_id=comment_id)
        return comment_out(await bus.ask(command, Comment, principal))

    @post(
        "/{comment_id:uuid}/resolve",
        status_code=HTTP_200_OK,
        summary="Resolve a thread",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ResolveComment),
    )
    async def resolve(
        self, content_id: FromPath[UUID], comment_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> CommentOut:
        command = ResolveComment(content_id=content_id, comment_id=comment_id)
        return comment_out(await bus.ask(command, Comment, principal))

    @post(
        "/{comment_id:uuid}/reopen",
        status_code=HTTP_200_OK,
        summary="Reopen a resolved thread",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ReopenComment),
    )
    async def reopen(
        self, content_id: FromPath[UUID], comment_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> CommentOut:
        command = ReopenComment(content_id=content_id, comment_id=comment_id)
        return comment_out(await bus.ask(command, Comment, principal))
