"""Domain events: immutable facts, named in the past tense, recorded by aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, Generic, Self, TypeVar
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    """Base of all events. ``event_type`` is the dotted name used on the wire."""

    event_type: ClassVar[str] = "domain.event"
    aggregate_type: ClassVar[str] = "aggregate"

    aggregate_id: UUID
    organization_id: UUID
    occurred_at: datetime
    data: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """JSON-ready payload for the outbox and the broker."""
        # Built by hand: dataclasses.asdict deep-copies, which costs on every write.
        return {
            "aggregate_id": str(self.aggregate_id),
            "organization_id": str(self.organization_id),
            "data": _jsonable(self.data),
        }


@dataclass(frozen=True, slots=True)
class EventFacts:
    """The typed facts an event records, from which its ``data`` are derived, so mypy checks
    every event an aggregate records. The derivation is fixed: one key per field, in field
    order, named as the field without a trailing ``_`` (``from_`` is ``"from"``), UUIDs as
    their text; a field holding facts itself (a ``Changes``) is merged in."""

    def as_data(self) -> dict[str, Any]:
        """The event's ``data``: what the outbox, the audit log and webhooks carry."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, EventFacts):
                data.update(value.as_data())
            else:
                data[f.name.rstrip("_")] = str(value) if isinstance(value, UUID) else value
        return data


F = TypeVar("F", bound=EventFacts)


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedEvent(DomainEvent, Generic[F]):
    """An event of a kind whose ``data`` are derived from facts of type ``F``: an aggregate
    records it with ``_record(kind, now, facts)``, anything else builds it with ``of``, both
    checked by mypy."""

    @classmethod
    def of(
        cls, facts: F, *, aggregate_id: UUID, organization_id: UUID, occurred_at: datetime
    ) -> Self:
        """The event about ``aggregate_id`` that happened at ``occurred_at``, with ``facts``."""
        return cls(
            aggregate_id=aggregate_id,
            organization_id=organization_id,
            occurred_at=occurred_at,
            data=facts.as_data(),
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: value objects as their value, dataclasses as dicts,
    enums as their value, times as ISO text. For the before/after of change events."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        if len(fields(value)) == 1 and fields(value)[0].name == "value":
            # a single-value object (Slug, Url, Email, HexColor)
            return plain(getattr(value, "value"))  # noqa: B009  # a dataclass type has no .value
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Changes(EventFacts):
    """The facts of an update: the names of the changed fields and their values before and
    after, so the audit log can show what changed without loading anything."""

    changed: list[str]
    before: dict[str, Any]
    after: dict[str, Any]

    @classmethod
    def between(cls, before: Any, after: Any, names: Iterable[str]) -> Changes:
        """The changes of the fields ``names`` from the object ``before`` to ``after``."""
        changed = sorted(names)
        return cls(
            changed=changed,
            before={name: plain(getattr(before, name)) for name in changed},
            after={name: plain(getattr(after, name)) for name in changed},
        )


@dataclass(frozen=True, slots=True)
class StatusChange(EventFacts):
    """A move from one status to another, shown to the audit log as before/after."""

    before: str
    after: str

    def as_data(self) -> dict[str, Any]:
        return {"before": {"status": self.before}, "after": {"status": self.after}}


@dataclass(frozen=True, slots=True)
class FieldChange(EventFacts):
    """One field moved from ``before`` to ``after``, shown to the audit log as before/after
    (the values made JSON-ready, a UUID as its text)."""

    name: str
    before: Any
    after: Any

    def as_data(self) -> dict[str, Any]:
        return {"before": {self.name: plain(self.before)}, "after": {self.name: plain(self.after)}}
