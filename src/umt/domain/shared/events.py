"""Domain events: immutable facts, named in the past tense, recorded by aggregates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
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
