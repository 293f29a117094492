"""Building audit entries: one per committed domain event, and authentication events.

An event's ``data`` gives the before/after: update events carry ``before`` and ``after`` of
the changed fields (see ``domain.shared.events.Changes``); any other event's data are the
facts it recorded, shown as ``before`` for a removal (deleted, removed, revoked) and as
``after`` otherwise. Secrets are redacted whatever the event put in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from umt.application.audit.context import current_scope
from umt.application.log_context import current_request_id, current_trace_id
from umt.domain.audit.entry import Actor, AuditEntry, redact
from umt.domain.shared.events import DomainEvent, plain

_REMOVALS = ("deleted", "removed", "revoked")


def entry_for_event(event: DomainEvent, entry_id: UUID) -> AuditEntry:
    """The audit entry of a committed ``event``, by the current actor, from the current origin."""
    data = plain(event.data)
    if "before" in data or "after" in data:
        before, after = data.get("before"), data.get("after")
        # keep what names the changed part (an audience id) next to the new values
        extra = {k: v for k, v in data.items() if k.endswith("_id")}
        if extra:
            after = {**extra, **(after or {})}
    elif event.event_type.endswith(_REMOVALS):
        before, after = data or None, None
    else:
        before, after = None, data or None
    return new_entry(
        entry_id,
        action=event.event_type,
        organization_id=event.organization_id,
        resource_type=event.aggregate_type,
        resource_id=str(event.aggregate_id),
        before=before,
        after=after,
        occurred_at=event.occurred_at,
    )


def new_entry(
    entry_id: UUID,
    *,
    action: str,
    organization_id: UUID | None,
    resource_type: str,
    resource_id: str | None,
    occurred_at: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> AuditEntry:
    """An entry with the current request's origin (address, user agent, trace and request
    ids) and actor, unless ``actor`` says otherwise; before/after redacted."""
    scope = current_scope()
    return AuditEntry(
        id=entry_id,
        organization_id=organization_id,
        actor=actor if actor is not None else scope.actor,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        before=redact(before) if before is not None else None,
        after=redact(after) if after is not None else None,
        ip=scope.ip,
        user_agent=scope.user_agent,
        trace_id=current_trace_id(),
        request_id=current_request_id(),
        occurred_at=occurred_at,
    )
