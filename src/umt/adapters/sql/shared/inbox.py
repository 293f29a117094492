"""The inbox: one row per task whose effects committed, written in that same transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import exc as sa_exc
from sqlalchemy import insert, select

from umt.adapters.sql.asyncio_package import AsyncConnection, AsyncEngine
from umt.adapters.sql.base import violated_unique_constraint
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.shared.tables import processed_messages
from umt.ports.errors import AlreadyProcessed
from umt.ports.message_inbox import MessageInbox

INSERT_PROCESSED = "INSERT INTO processed_messages (key, processed_at) VALUES ($1, $2)"
_PRIMARY_KEY = "pk_processed_messages"


async def record_processed(connection: AsyncConnection, pg: PgTransaction | None, key: str) -> None:
    """Insert the key; a key already there means the task ran before: AlreadyProcessed."""
    now = datetime.now(UTC)  # bookkeeping for clean-up, not a domain time: no Clock needed
    if pg is not None:
        await pg.insert(
            INSERT_PROCESSED,
            ("key", "processed_at"),
            {"key": key, "processed_at": now},
            {_PRIMARY_KEY: AlreadyProcessed(key)},
        )
        return
    try:
        async with translate_errors("recording a processed message"):
            await connection.execute(insert(processed_messages).values(key=key, processed_at=now))
    except sa_exc.IntegrityError as exc:
        if violated_unique_constraint(exc) == _PRIMARY_KEY:
            raise AlreadyProcessed(key) from exc
        raise


class SqlMessageInbox(MessageInbox):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def processed(self, key: str) -> bool:
        statement = select(processed_messages.c.key).where(processed_messages.c.key == key)
        async with translate_errors("reading the inbox"), self._engine.connect() as connection:
            return (await connection.execute(statement)).first() is not None
