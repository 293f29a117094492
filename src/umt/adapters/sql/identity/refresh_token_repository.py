"""The SQL RefreshTokenRepository."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.identity.mappers import refresh_token_from_row, refresh_token_to_row
from umt.adapters.sql.identity.tables import refresh_tokens
from umt.domain.identity.model import RefreshToken
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import UserId
from umt.ports.refresh_token_repository import RefreshTokenRepository


def _redeemable(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """``RefreshToken.redeemable`` as SQL: neither used, revoked nor expired at ``now``."""
    return (
        refresh_tokens.c.used_at.is_(None),
        refresh_tokens.c.revoked_at.is_(None),
        refresh_tokens.c.expires_at > now,
    )


class SqlRefreshTokenRepository(SqlRepository, RefreshTokenRepository):
    """Refresh tokens by hash. Only the redemption and revocation times ever change."""

    async def get(self, token_hash: str) -> RefreshToken | None:
        result = await self._execute(
            select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash)
        )
        row = result.mappings().first()
        return refresh_token_from_row(row) if row is not None else None

    async def add(self, token: RefreshToken) -> None:
        await self._execute(insert(refresh_tokens), refresh_token_to_row(token))

    async def save(self, token: RefreshToken) -> None:
        result = await self._execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.token_hash == token.token_hash)
            .values(used_at=token.used_at, revoked_at=token.revoked_at)
        )
        if result.rowcount == 0:
            raise NotFound("refresh token not found")

    async def spend(self, token_hash: str, now: datetime) -> bool:
        # One conditional UPDATE with the row count checked. PostgreSQL locks the row: a
        # concurrent spend waits for this transaction, then re-reads the row and matches
        # nothing. SQLite takes its database write lock for the statement (the driver begins
        # the transaction at this first write, as BEGIN IMMEDIATE would, with no earlier
        # snapshot to go stale), so the WHERE is decided under that lock, until the commit.
        result = await self._execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.token_hash == token_hash, *_redeemable(now))
            .values(used_at=now)
        )
        return int(result.rowcount) == 1

    async def family_revoked(self, family_id: str) -> bool:
        # family_id is indexed; one row is enough to know
        result = await self._execute(
            select(refresh_tokens.c.token_hash)
            .where(
                refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_not(None)
            )
            .limit(1)
        )
        return result.first() is not None

    async def revoke_family(self, family_id: str, now: datetime) -> int:
        result = await self._execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(result.rowcount)

    async def live_for_user(self, user_id: UserId, now: datetime) -> list[RefreshToken]:
        result = await self._execute(
            select(refresh_tokens)
            .where(refresh_tokens.c.user_id == user_id, *_redeemable(now))
            .order_by(refresh_tokens.c.issued_at.desc())
        )
        return [refresh_token_from_row(row) for row in result.mappings()]

    async def revoke_all_for_user(self, user_id: UserId, now: datetime) -> int:
        result = await self._execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.user_id == user_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(result.rowcount)
