"""The SQL Outbox: events written in the transaction that produced them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.shared.tables import outbox
from umt.domain.shared.events import DomainEvent
from umt.ports.outbox import Outbox, OutboxMessage


def outbox_row(event_id: UUID, event: DomainEvent) -> dict[str, Any]:
    """The ``outbox`` row of ``event``."""
    return {
        "id": event_id,
        "event_type": event.event_type,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "organization_id": event.organization_id,
        "occurred_at": event.occurred_at,
        "payload": event.payload(),
    }


class SqlOutbox(SqlRepository, Outbox):
    """Appends events to the ``outbox`` table; ``pending`` reads them in insertion order."""

    async def append(self, event_id: UUID, event: DomainEvent) -> None:
        values = outbox_row(event_id, event)
        if self._pg is not None:
            await self._pg.insert_outbox(values)
            return
        statement = insert(outbox).values(values)
        if self._dialect != "postgresql":
            # No identity column outside PostgreSQL. SQLite runs one writer at a time, so
            # max + 1 taken inside this INSERT cannot race another transaction.
            next_position = select(func.coalesce(func.max(outbox.c.position), 0) + 1)
            statement = statement.values(position=next_position.scalar_subquery())
        await self._execute(statement)

    async def pending(self, limit: int = 100) -> list[OutboxMessage]:
        result = await self._execute(
            select(outbox)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.position)
            .limit(limit)
        )
        return [
            OutboxMessage(
                id=row["id"],
                event_type=row["event_type"],
                aggregate_type=row["aggregate_type"],
                aggregate_id=row["aggregate_id"],
                organization_id=row["organization_id"],
                occurred_at=row["occurred_at"],
                payload=row["payload"],
                published_at=row["published_at"],
            )
            for row in result.mappings()
        ]
