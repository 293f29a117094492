"""Domain events: immutable facts, named in the past tense, recorded by aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from enum import Enum
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


def change_data(before: Any, after: Any, names: Iterable[str]) -> dict[str, Any]:
    """The event data of an update: the names of the changed fields and their values before
    and after, so the audit log can show what changed without loading anything."""
    changed = sorted(names)
    return {
        "changed": changed,
        "before": {name: plain(getattr(before, name)) for name in changed},
        "after": {name: plain(getattr(after, name)) for name in changed},
    }
