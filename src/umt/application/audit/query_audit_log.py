"""QueryAuditLog: an organization's audit entries, filtered, newest first, keyset-paginated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.audit.entry import AuditEntry
from umt.domain.identity.permissions import Permission
from umt.ports.audit_log import AuditQuery
from umt.ports.pagination import Page, PageRequest

NEWEST_FIRST = PageRequest(sort="occurred_at", descending=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class QueryAuditLog:
    use_case: ClassVar = UseCase(Permission.AUDIT_READ)
    actor_id: UUID | None = None
    action: str | None = None
    resource_type: str | None = None
    resource_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    page: PageRequest = NEWEST_FIRST


async def query_audit_log(query: QueryAuditLog, ctx: Context) -> Page[AuditEntry]:
    """Only the caller's organization, whatever the filters say."""
    actor = ctx.actor()
    actor.require(QueryAuditLog.use_case.permission)
    filters = AuditQuery(
        organization_id=actor.organization_id,
        actor_id=query.actor_id,
        action=query.action,
        resource_type=query.resource_type,
        resource_id=query.resource_id,
        since=query.since,
        until=query.until,
    )
    async with ctx.uow as uow:
        return await uow.audit_log.query(filters, query.page)
