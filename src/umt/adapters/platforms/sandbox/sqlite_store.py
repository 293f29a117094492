"""The sandbox network's durable store: one SQLite file (``<data_dir>/sandbox.sqlite3``).

Its own small file, not umt's database: the sandbox plays an outside platform, and keeps
its state whichever database umt itself uses. WAL mode and a busy timeout let several
processes of one machine share it; every statement commits on its own (autocommit), and the
one-statement ``DELETE ... RETURNING`` makes ``take`` atomic across processes. A record's
position is its rowid: writers are serialized and each statement commits on its own, so a
row becomes visible only after every row with a smaller rowid; posts and ad objects are never
deleted, so no later row can take a rowid at or below one a cursor has seen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from umt.adapters.platforms.sandbox.errors import Unavailable
from umt.adapters.platforms.sandbox.store import SandboxStore

# sqlite3 and aiosqlite load with the file's first use: every umt process builds this store,
# few touch the sandbox, and a server on PostgreSQL has no other use for them
if TYPE_CHECKING:
    import sqlite3

    import aiosqlite

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sandbox_records ("
    " kind TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL, body BLOB NOT NULL,"
    " PRIMARY KEY (kind, key))",
    "CREATE INDEX IF NOT EXISTS sandbox_records_owner ON sandbox_records (kind, owner)",
    "CREATE TABLE IF NOT EXISTS sandbox_counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL)",
)
# files created before records had tags get the column (idempotent: a concurrent opener that
# added it first makes ours fail with "duplicate column", which is fine)
_ADD_TAG = "ALTER TABLE sandbox_records ADD COLUMN tag TEXT NOT NULL DEFAULT ''"
_TAG_INDEX = "CREATE INDEX IF NOT EXISTS sandbox_records_tag ON sandbox_records (kind, tag)"
BUSY_TIMEOUT_MS = 5000


async def _add_tag_column(connection: aiosqlite.Connection) -> None:
    import sqlite3

    async with connection.execute("PRAGMA table_info(sandbox_records)") as cursor:
        columns = {row[1] for row in await cursor.fetchall()}
    if "tag" not in columns:
        try:
            await connection.execute(_ADD_TAG)
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc):
                raise
    await connection.execute(_TAG_INDEX)


class SqliteSandboxStore(SandboxStore):
    """Opens its file on first use, so a process that never touches the sandbox never
    creates it."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._db: aiosqlite.Connection | None = None
        self._opening = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> SqliteSandboxStore:
        """The store at ``path``, opened now (creating the file and its folder if needed)."""
        store = cls(path)
        await store._connection()
        return store

    async def _connection(self) -> aiosqlite.Connection:
        if self._db is not None:
            return self._db
        async with self._opening:
            if self._db is None:
                import aiosqlite

                self._path.parent.mkdir(parents=True, exist_ok=True)
                connection = await aiosqlite.connect(self._path, isolation_level=None)
                try:
                    await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                    await connection.execute("PRAGMA journal_mode = WAL")
                    await connection.execute("PRAGMA synchronous = NORMAL")
                    for statement in _SCHEMA:
                        await connection.execute(statement)
                    await _add_tag_column(connection)
                except BaseException:
                    await connection.close()
                    raise
                self._db = connection
        return self._db

    async def _fetch(self, sql: str, params: Iterable[Any]) -> list[sqlite3.Row]:
        import sqlite3

        try:
            db = await self._connection()
            # one call on the connection's thread: run and exhaust the statement at once. As
            # two calls (execute, then fetchall) another coroutine's write could run between
            # them, inside this statement's read snapshot, and fail at once with "database is
            # locked" (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out) when another
            # process wrote since.
            return list(await db.execute_fetchall(sql, tuple(params)))
        except (sqlite3.OperationalError, OSError) as exc:  # locked too long, disk trouble
            raise Unavailable("the sandbox store is unavailable") from exc

    async def next_id(self, kind: str) -> int:
        rows = await self._fetch(
            "INSERT INTO sandbox_counters (kind, value) VALUES (?, 1) "
            "ON CONFLICT (kind) DO UPDATE SET value = value + 1 RETURNING value",
            (kind,),
        )
        return int(rows[0][0])

    async def put(
        self, kind: str, key: str, data: bytes, *, owner: str = "", tag: str = ""
    ) -> None:
        await self._fetch(
            "INSERT INTO sandbox_records (kind, key, owner, body, tag) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET owner = excluded.owner, body = excluded.body,"
            " tag = excluded.tag",
            (kind, key, owner, data, tag),
        )

    async def tagged(self, kind: str, tag: str) -> list[bytes]:
        if not tag:
            return []
        rows = await self._fetch(
            "SELECT body FROM sandbox_records WHERE kind = ? AND tag = ? ORDER BY rowid",
            (kind, tag),
        )
        return [bytes(row[0]) for row in rows]

    async def since(
        self, kind: str, *, owner: str, after: int | None, limit: int
    ) -> list[tuple[int, bytes]]:
        if after is None:
            rows = await self._fetch(
                "SELECT rowid, body FROM sandbox_records WHERE kind = ? AND owner = ?"
                " ORDER BY rowid DESC LIMIT ?",
                (kind, owner, limit),
            )
            rows.reverse()
        else:
            rows = await self._fetch(
                "SELECT rowid, body FROM sandbox_records WHERE kind = ? AND owner = ?"
                " AND rowid > ? ORDER BY rowid LIMIT ?",
                (kind, owner, after, limit),
            )
        return [(int(row[0]), bytes(row[1])) for row in rows]

    async def get(self, kind: str, key: str) -> bytes | None:
        rows = await self._fetch(
            "SELECT body FROM sandbox_records WHERE kind = ? AND key = ?", (kind, key)
        )
        return bytes(rows[0][0]) if rows else None

    async def take(self, kind: str, key: str) -> bytes | None:
        rows = await self._fetch(
            "DELETE FROM sandbox_records WHERE kind = ? AND key = ? RETURNING body", (kind, key)
        )
        return bytes(rows[0][0]) if rows else None

    async def list(self, kind: str, *, owner: str | None = None) -> list[bytes]:
        if owner is None:
            rows = await self._fetch(
                "SELECT body FROM sandbox_records WHERE kind = ? ORDER BY rowid", (kind,)
            )
        else:
            rows = await self._fetch(
                "SELECT body FROM sandbox_records WHERE kind = ? AND owner = ? ORDER BY rowid",
                (kind, owner),
            )
        return [bytes(row[0]) for row in rows]

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None
