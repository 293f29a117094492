"""The in-memory AuditLog: a list that is only ever appended to."""

from __future__ import annotations

from umt.adapters.memory.store import InMemoryRepository
from umt.domain.audit.entry import AuditEntry
from umt.domain.shared.errors import InvalidValue
from umt.ports.audit_log import AuditLog, AuditQuery
from umt.ports.pagination import Page, PageRequest, paginate


class InMemoryAuditLog(InMemoryRepository, AuditLog):
    async def append(self, entry: AuditEntry) -> None:
        self._tx.stage(lambda: self._store.audit_log.append(entry))

    async def query(self, query: AuditQuery, page: PageRequest) -> Page[AuditEntry]:
        if page.sort != "occurred_at":
            raise InvalidValue("the audit log sorts by occurred_at only", field="sort")
        matching = [e for e in self._store.audit_log if _matches(e, query)]
        return paginate(matching, page, sort_value=lambda e: e.occurred_at, item_id=lambda e: e.id)


def _matches(entry: AuditEntry, query: AuditQuery) -> bool:
    return (
        entry.organization_id == query.organization_id
        and (query.actor_id is None or entry.actor.id == query.actor_id)
        and (query.action is None or entry.action == query.action)
        and (query.resource_type is None or entry.resource_type == query.resource_type)
        and (query.resource_id is None or entry.resource_id == query.resource_id)
        and (query.since is None or entry.occurred_at >= query.since)
        and (query.until is None or entry.occurred_at < query.until)
    )
