"""The SQL SealedSecrets: every sealed credential and OAuth verifier, for key rotation.

Reads run outside any long transaction; each batch of rewrites is one short transaction whose
UPDATEs apply only where the row still holds the ciphertext that was read, so a credential
written meanwhile (a token refresh, sealed under the current key) is left as it is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy import Table, func, select, update

from umt.adapters.sql.asyncio_package import AsyncConnection, AsyncEngine
from umt.adapters.sql.channels.tables import channel_account_credentials
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.integration.tables import integration_credentials, oauth_states
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.ports.credential_cipher import SealedSecret
from umt.ports.sealed_secrets import SealedSecrets, SecretKind, StoredSecret

# (table, owner id column, ciphertext column) per kind, in the order batches walk them (the
# kinds' values in ascending order)
_SOURCES: dict[SecretKind, tuple[Table, str, str]] = {
    SecretKind.ACCOUNT_CREDENTIALS: (channel_account_credentials, "account_id", "ciphertext"),
    SecretKind.CREDENTIALS: (integration_credentials, "integration_id", "ciphertext"),
    SecretKind.OAUTH_VERIFIER: (oauth_states, "id", "verifier_ciphertext"),
}


class SqlSealedSecrets(SealedSecrets):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def count_not_under(self, key_id: str) -> int:
        total = 0
        async with translate_errors("counting sealed secrets"), self._engine.connect() as conn:
            for table, _, _ in _SOURCES.values():
                result = await conn.execute(
                    select(func.count()).select_from(table).where(table.c.key_id != key_id)
                )
                total += int(result.scalar_one())
        return total

    async def batch_not_under(
        self, key_id: str, *, after: tuple[str, UUID] | None, limit: int
    ) -> list[StoredSecret]:
        found: list[StoredSecret] = []
        async with translate_errors("reading sealed secrets"), self._engine.connect() as conn:
            for kind, (table, owner, blob) in _SOURCES.items():
                if after is not None and kind.value < after[0]:
                    continue
                if len(found) >= limit:
                    break
                query = select(
                    table.c.organization_id, table.c[owner], table.c.key_id, table.c[blob]
                )
                query = query.where(table.c.key_id != key_id)
                if after is not None and kind.value == after[0]:
                    query = query.where(table.c[owner] > after[1])
                query = query.order_by(table.c[owner]).limit(limit - len(found))
                rows = (await conn.execute(query)).mappings()
                found.extend(
                    StoredSecret(
                        kind=kind,
                        organization_id=row["organization_id"],
                        owner_id=row[owner],
                        sealed=SealedSecret(row["key_id"], bytes(row[blob])),
                    )
                    for row in rows
                )
        return found

    async def replace(self, rewrites: list[tuple[StoredSecret, SealedSecret]]) -> int:
        if not rewrites:
            return 0
        swapped = 0
        async with self._transaction() as conn:
            for old, new in rewrites:
                table, owner, blob = _SOURCES[old.kind]
                result = await conn.execute(
                    update(table)
                    .where(
                        table.c[owner] == old.owner_id,
                        table.c.key_id == old.sealed.key_id,
                        table.c[blob] == old.sealed.ciphertext,
                    )
                    .values({"key_id": new.key_id, blob: new.ciphertext})
                )
                swapped += result.rowcount
        return swapped

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        async with translate_errors("rewriting sealed secrets"):
            connection = await self._engine.connect()
        pg: PgTransaction | None = None
        try:
            async with translate_errors("rewriting sealed secrets"):
                if connection.dialect.name == "postgresql":
                    connection, pg = await PgTransaction.begin(connection)
                else:
                    await connection.begin()
                yield connection
                await (pg.commit() if pg is not None else connection.commit())
        except BaseException:
            await _rollback(connection, pg)
            raise
        finally:
            await connection.close()


async def _rollback(connection: AsyncConnection, pg: PgTransaction | None) -> None:
    try:
        await (pg.rollback() if pg is not None else connection.rollback())
    except Exception:  # the connection is discarded below; the original error matters
        await connection.invalidate()
