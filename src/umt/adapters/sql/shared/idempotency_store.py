"""Idempotency keys in the database: the fallback when no Redis is configured.

``reserve`` is one INSERT … ON CONFLICT statement, so concurrent callers cannot both own a key;
an expired key is taken over by the same statement.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from umt.adapters.sql.asyncio_package import AsyncEngine
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.shared.tables import idempotency_keys as table
from umt.ports.idempotency_store import IdempotencyStore, Reservation, ReservationState


class SqlIdempotencyStore(IdempotencyStore):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = dialect.insert

    async def reserve(self, key: str, fingerprint: str, *, ttl_seconds: int) -> Reservation:
        now = datetime.now(UTC)
        statement = self._insert(table).values(
            key=key,
            fingerprint=fingerprint,
            outcome=None,
            expires_at=now + timedelta(seconds=ttl_seconds),
        )
        claim = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "fingerprint": statement.excluded.fingerprint,
                "outcome": None,
                "expires_at": statement.excluded.expires_at,
            },
            where=table.c.expires_at <= now,  # only an expired key is taken over
        ).returning(table.c.key)
        async with translate_errors("reserving an idempotency key"), self._engine.begin() as conn:
            if (await conn.execute(claim)).first() is not None:
                return Reservation(ReservationState.NEW)
            row = (
                await conn.execute(
                    select(table.c.fingerprint, table.c.outcome).where(table.c.key == key)
                )
            ).first()
        if row is None:  # released between the two statements: try again
            return await self.reserve(key, fingerprint, ttl_seconds=ttl_seconds)
        if row.fingerprint != fingerprint:
            return Reservation(ReservationState.MISMATCH)
        if row.outcome is None:
            return Reservation(ReservationState.PENDING)
        return Reservation(ReservationState.DONE, bytes(row.outcome))

    async def complete(
        self, key: str, fingerprint: str, outcome: bytes, *, ttl_seconds: int
    ) -> None:
        expires = datetime.now(UTC) + timedelta(seconds=ttl_seconds)
        async with translate_errors("completing an idempotency key"), self._engine.begin() as c:
            await c.execute(
                update(table)
                .where(table.c.key == key, table.c.fingerprint == fingerprint)
                .values(outcome=outcome, expires_at=expires)
            )

    async def release(self, key: str, fingerprint: str) -> None:
        async with translate_errors("releasing an idempotency key"), self._engine.begin() as c:
            await c.execute(
                delete(table).where(
                    table.c.key == key,
                    table.c.fingerprint == fingerprint,
                    table.c.outcome.is_(None),
                )
            )
