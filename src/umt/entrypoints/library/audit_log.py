"""``platform.audit_log``: the organization's audit log (as /api/v1/audit-log)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from umt.application.audit.query_audit_log import QueryAuditLog
from umt.application.read_models import detached, page_of
from umt.domain.audit.entry import AuditEntry
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import Page, PageRequest


class AuditLogApi(BusApi):
    """The organization's audit log (owners and admins: ``audit:read``). Entries are frozen;
    each one returned is a copy, so changing its ``before``/``after`` changes no stored one."""

    async def query(  # one keyword per filter
        self,
        session: Session,
        *,
        actor_id: UUID | None = None,
        action: str | None = None,
        resource_type: str | None = None,
        resource_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[AuditEntry]:
        """Matching entries, newest first; pass ``next_cursor`` back as ``cursor``."""
        query = QueryAuditLog(
            actor_id=actor_id,
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            since=since,
            until=until,
            page=PageRequest(limit=limit, cursor=cursor, sort="occurred_at", descending=True),
        )
        return page_of(await self._ask(session, query, Page[AuditEntry]), detached)
