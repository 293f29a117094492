"""The SQL AuditLog: INSERT and SELECT only (the table's triggers refuse the rest)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, insert, select

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime
from umt.adapters.sql.shared.tables import audit_log
from umt.domain.audit.entry import Actor, ActorType, AuditEntry
from umt.ports.audit_log import AuditLog, AuditQuery
from umt.ports.pagination import Page, PageRequest

_SORT_KEYS = {"occurred_at": SortKey(audit_log.c.occurred_at, parse_datetime)}


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    """The ``audit_log`` row of ``entry``."""
    return {
        "id": entry.id,
        "organization_id": entry.organization_id,
        "actor_type": entry.actor.type.value,
        "actor_id": entry.actor.id,
        "actor_on_behalf_of": entry.actor.on_behalf_of,
        "action": entry.action,
        "resource_type": entry.resource_type,
        "resource_id": entry.resource_id,
        "before": entry.before,
        "after": entry.after,
        "ip": entry.ip,
        "user_agent": entry.user_agent,
        "trace_id": entry.trace_id,
        "request_id": entry.request_id,
        "occurred_at": entry.occurred_at,
    }


def _from_row(row: RowMapping) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        organization_id=row["organization_id"],
        actor=Actor(ActorType(row["actor_type"]), row["actor_id"], row["actor_on_behalf_of"]),
        action=row["action"],
        resource_type=row["resource_type"],
        resource_id=row["resource_id"],
        before=row["before"],
        after=row["after"],
        ip=row["ip"],
        user_agent=row["user_agent"],
        trace_id=row["trace_id"],
        request_id=row["request_id"],
        occurred_at=row["occurred_at"],
    )


class SqlAuditLog(SqlRepository, AuditLog):
    async def append(self, entry: AuditEntry) -> None:
        if self._pg is not None:
            await self._pg.insert_audit(audit_row(entry))
            return
        await self._execute(insert(audit_log), audit_row(entry))

    async def query(self, query: AuditQuery, page: PageRequest) -> Page[AuditEntry]:
        statement = select(audit_log).where(audit_log.c.organization_id == query.organization_id)
        if query.actor_id is not None:
            statement = statement.where(audit_log.c.actor_id == query.actor_id)
        if query.action is not None:
            statement = statement.where(audit_log.c.action == query.action)
        if query.resource_type is not None:
            statement = statement.where(audit_log.c.resource_type == query.resource_type)
        if query.resource_id is not None:
            statement = statement.where(audit_log.c.resource_id == query.resource_id)
        if query.since is not None:
            statement = statement.where(audit_log.c.occurred_at >= query.since)
        if query.until is not None:
            statement = statement.where(audit_log.c.occurred_at < query.until)
        statement = paginate_query(
            statement, keys=_SORT_KEYS, id_column=audit_log.c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(statement)
        entries = [_from_row(row) for row in result.mappings()]
        return build_page(entries, page, sort_value=lambda e: e.occurred_at, item_id=lambda e: e.id)
