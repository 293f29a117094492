"""The aggregate root: the plumbing every aggregate shares (its new events, their recording,
and the optimistic-concurrency version bump), declared once.

An aggregate subclasses ``AggregateRoot`` as a ``@dataclass(slots=True, kw_only=True)``: the
base contributes only the ``events`` field (each class keeps its own slots, and keyword-only
fields never clash over defaults), so ``id``, ``organization_id``, ``version`` and
``updated_at`` stay declared, and typed, on the aggregate itself. The helpers ask for them
through the protocols below, so mypy checks that an aggregate calling ``_bump`` has a version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from umt.domain.shared.events import Changes, DomainEvent, F, TypedEvent


class _Owned(Protocol):
    """An aggregate whose events name it and its organization."""

    @property
    def id(self) -> UUID: ...
    @property
    def organization_id(self) -> UUID | None: ...
    @property
    def events(self) -> list[DomainEvent]: ...


class _Versioned(Protocol):
    """An aggregate with a row version for optimistic concurrency (the ETag)."""

    version: int
    updated_at: datetime


@dataclass(slots=True, kw_only=True)
class AggregateRoot:
    """Base of the aggregates: the events they recorded and not yet committed.

    The unit of work collects ``events`` from every aggregate its repositories loaded or added,
    writes them to the outbox and the audit log in the commit, and clears them afterwards.
    """

    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    def _record(self: _Owned, kind: type[TypedEvent[F]], now: datetime, facts: F) -> None:
        """Record a ``kind`` event about this aggregate, which happened ``now``, with the
        facts of its kind (mypy checks they are), from which its data are derived."""
        organization_id = self.organization_id
        if organization_id is None:
            return  # a shared aggregate (a built-in template) belongs to no tenant: no events
        self.events.append(
            kind.of(facts, aggregate_id=self.id, organization_id=organization_id, occurred_at=now)
        )

    def _bump(self: _Versioned, now: datetime) -> None:
        """A change was made ``now``: a new version, so a stale ETag no longer matches."""
        self.version += 1
        self.updated_at = now


def apply_changes(target: Any, changes: Mapping[str, Any]) -> Changes | None:
    """Set ``changes`` on the dataclass aggregate ``target`` once a copy with them passed its
    own validation (``__post_init__`` runs on the copy, so a bad value changes nothing); the
    fields that really changed, or None when none did."""
    candidate = replace(target, **changes, events=[])
    names = sorted(k for k in changes if getattr(target, k) != getattr(candidate, k))
    if not names:
        return None
    diff = Changes.between(target, candidate, names)
    for name in names:
        setattr(target, name, getattr(candidate, name))
    return diff
