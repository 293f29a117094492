"""API keys and the audit log (owners and admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.audit.query_audit_log import QueryAuditLog
from umt.application.identity.create_api_key import CreateApiKey, CreatedApiKey
from umt.application.identity.list_api_keys import ListApiKeys
from umt.application.identity.revoke_api_key import RevokeApiKey
from umt.domain.audit.entry import AuditEntry
from umt.domain.identity.api_key import ApiKey
from umt.domain.shared.errors import InvalidValue
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.one_time_secrets import secret_route
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import Page
from umt.entrypoints.http.schemas.security import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyList,
    AuditEntryOut,
    api_key_created,
    api_key_out,
    audit_entry_out,
)
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest
from umt.ports.pagination import Page as DomainPage


class ApiKeyController(Controller):
    path = "/api/v1/api-keys"
    tags = ["api keys"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create an API key (the full key is in this response only)",
        responses=PROTECTED_ERRORS,
        **secret_route(requires_for(CreateApiKey), "key"),
    )
    async def create(
        self, data: JSONBody[ApiKeyCreate], principal: Caller, bus: Bus
    ) -> ApiKeyCreated:
        command = CreateApiKey(
            name=data.name, scopes=tuple(data.scopes), expires_at=data.expires_at
        )
        return api_key_created(await bus.ask(command, CreatedApiKey, principal))

    @get(
        "/",
        summary="The organization's API keys (never their secrets)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListApiKeys),
    )
    async def list_keys(self, principal: Caller, bus: Bus) -> ApiKeyList:
        keys = await bus.ask(ListApiKeys(), list[ApiKey], principal)
        return ApiKeyList(items=[api_key_out(k) for k in keys])

    @delete(
        "/{api_key_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Revoke an API key (it stops working at once)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(RevokeApiKey),
    )
    async def revoke(self, api_key_id: FromPath[UUID], principal: Caller, bus: Bus) -> None:
        await bus.execute(RevokeApiKey(api_key_id=api_key_id), principal)


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise InvalidValue(f"{field} needs a time zone (e.g. Z or +00:00)", field=field)
    return value


class AuditLogController(Controller):
    path = "/api/v1/audit-log"
    tags = ["audit"]
    security = BEARER

    @get(
        "/",
        summary="The organization's audit log, newest first (cursor pagination)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(QueryAuditLog),
    )
    async def query(
        self,
        principal: Caller,
        bus: Bus,
        actor_id: Annotated[UUID | None, QueryParameter()] = None,
        action: Annotated[str | None, QueryParameter(max_length=100)] = None,
        resource_type: Annotated[str | None, QueryParameter(max_length=50)] = None,
        resource_id: Annotated[str | None, QueryParameter(max_length=200)] = None,
        since: Annotated[
            datetime | None, QueryParameter(description="inclusive, ISO 8601 with a zone")
        ] = None,
        until: Annotated[
            datetime | None, QueryParameter(description="exclusive, ISO 8601 with a zone")
        ] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)] = 50,
        cursor: Annotated[
            str | None,
            QueryParameter(max_length=1000, description="next_cursor of the previous page"),
        ] = None,
        sort: Annotated[
            str,
            QueryParameter(pattern=r"^-?occurred_at$", description="-occurred_at or occurred_at"),
        ] = "-occurred_at",
    ) -> Page[AuditEntryOut]:
        page = PageRequest(
            limit=limit, cursor=cursor, sort="occurred_at", descending=sort.startswith("-")
        )
        result = await bus.ask(
            QueryAuditLog(
                actor_id=actor_id,
                action=action,
                resource_type=resource_type,
                resource_id=resource_id,
                since=_aware(since, "since"),
                until=_aware(until, "until"),
                page=page,
            ),
            DomainPage[AuditEntry],
            principal,
        )
        return Page(
            items=[audit_entry_out(e) for e in result.items], next_cursor=result.next_cursor
        )
