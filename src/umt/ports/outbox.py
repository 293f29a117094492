"""The Outbox port: domain events stored with the transaction that produced them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from umt.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: UUID
    event_type: str
    aggregate_type: str
    aggregate_id: UUID
    organization_id: UUID
    occurred_at: datetime
    payload: dict[str, Any]
    published_at: datetime | None = None


class Outbox(Protocol):
    async def append(self, event_id: UUID, event: DomainEvent) -> None:
        """Store ``event`` in the current transaction; published only if it commits."""
        ...

    async def pending(self, limit: int = 100) -> list[OutboxMessage]:
        """Unpublished messages, oldest first."""
        ...
