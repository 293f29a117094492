"""The AuditLog port: append-only. There is no update and no delete, on purpose; the SQL
table also refuses both with a trigger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.audit.entry import AuditEntry
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.events import DomainEvent
from umt.ports.pagination import Page, PageRequest


class AuditPolicy(Protocol):
    """What a unit of work writes to the audit log for each event it commits.

    The application owns the policy (``umt.application.audit.entries.entry_for_event``: the
    before/after of the event, the acting principal and the request's origin) and the
    composition root hands it to every unit of work, which applies it inside the commit, so
    the entry and the change it records are one transaction and nothing commits unaudited.
    None: the policy keeps no entry for that event (an operational hand-over between umt's
    own processes, not an act of anyone's; ``OPERATIONAL_EVENTS`` in the application).
    """

    def __call__(self, event: DomainEvent, entry_id: UUID, /) -> AuditEntry | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditQuery:
    """Filters of an audit search; all optional, combined with AND. Always one organization."""

    organization_id: UUID
    actor_id: UUID | None = None
    action: str | None = None
    resource_type: str | None = None
    resource_id: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise InvalidValue(f"{name} needs a time zone", field=name)
        if self.since is not None and self.until is not None and self.until <= self.since:
            raise InvalidValue("until must be after since", field="until")


class AuditLog(Protocol):
    async def append(self, entry: AuditEntry) -> None:
        """Add ``entry``; it is written with the unit of work's transaction."""
        ...

    async def query(self, query: AuditQuery, page: PageRequest) -> Page[AuditEntry]:
        """Matching entries, newest first by default (sort ``occurred_at``), keyset-paginated."""
        ...
