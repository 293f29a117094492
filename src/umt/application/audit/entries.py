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

# Events that hand work from one of umt's own processes to another and decide nothing: the
# scheduler's claim of a due publication (``publication.due``: a lease and a fencing number,
# taken again after every restart) is bookkeeping kept on the publication itself (its fence,
# lease and attempts). What a person, a key or a rule does with a publication is audited
# (scheduled, rescheduled, cancelled, retried, reconciled), and so is how it ended
# (published, failed, missed). Auditing every claim would write as many entries as posts
# and hide the acts among them (bench/publication_dispatch.py).
OPERATIONAL_EVENTS = frozenset({"publication.due"})


def entry_for_event(event: DomainEvent, entry_id: UUID) -> AuditEntry | None:
    """The audit entry of a committed ``event``, by the current actor, from the current
    origin; None for an operational hand-over (``OPERATIONAL_EVENTS``)."""
    if event.event_type in OPERATIONAL_EVENTS:
        return None
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
