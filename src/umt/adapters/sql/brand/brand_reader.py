"""The read side of brands: one statement per GET, straight into a BrandView.

On PostgreSQL it runs on its own asyncpg pool with a prepared statement, skipping SQLAlchemy's
per-statement machinery: reading a brand is the hottest path of the API and costs one round
trip here (no transaction, no aggregate, no session reset on release). Elsewhere (SQLite) it
uses the engine.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships without type information
import msgspec
from sqlalchemy import bindparam, select

from umt.adapters.sql.asyncio_package import AsyncEngine
from umt.adapters.sql.brand.tables import brands
from umt.adapters.sql.engine import translate_errors, translated_error
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.brand_reader import BrandReader, BrandView

_COLUMNS = (
    "id",
    "organization_id",
    "name",
    "slug",
    "industry",
    "description",
    "website",
    "voice",
    "styling",
    "status",
    "version",
    "created_at",
    "updated_at",
    "archived_at",
    "time_zone",
    "blackout_dates",
)
_PG_GET = f"SELECT {', '.join(_COLUMNS)} FROM brands WHERE id = $1 AND organization_id = $2"  # noqa: S608  # constant column list
_SA_GET = select(*(brands.c[name] for name in _COLUMNS)).where(
    brands.c.id == bindparam("brand_id"), brands.c.organization_id == bindparam("org")
)


def _encode_json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


async def _json_codecs(connection: Any) -> None:
    for kind in ("json", "jsonb"):
        await connection.set_type_codec(
            kind, encoder=_encode_json, decoder=msgspec.json.decode, schema="pg_catalog"
        )


async def _nothing_to_reset(_connection: Any) -> None:
    """The read pool's reset on release: nothing. Its connections only ever run one SELECT
    per checkout (no session settings, LISTEN, cursors or advisory locks to undo), so
    asyncpg's reset query would be a second round trip on every GET for nothing. asyncpg
    still rolls back a transaction left open before it calls this."""


class SqlBrandReader(BrandReader):
    """Reads brands; on PostgreSQL through its own asyncpg pool, opened on first use so that a
    database that is down at start-up only makes reads fail (503) until it is back."""

    def __init__(self, engine: AsyncEngine, *, pool_size: int = 10) -> None:
        self._engine = engine
        self._pool_size = pool_size
        self._pool: Any | None = None
        self._opening = asyncio.Lock()
        self._postgres = engine.url.get_backend_name() == "postgresql"

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        if self._postgres:
            # try/except rather than ``translate_errors``: an async context manager costs
            # more than the rest of this method on the hottest path of the API
            try:
                pool = self._pool or await self._open_pool()
                row = await pool.fetchrow(_PG_GET, brand_id, organization_id)
            except Exception as exc:
                translated = translated_error(exc, "reading a brand")
                if translated is None:
                    raise
                raise translated from exc
            return None if row is None else BrandView(**dict(row.items()))
        async with translate_errors("reading a brand"), self._engine.connect() as connection:
            result = await connection.execute(
                _SA_GET, {"brand_id": brand_id, "org": organization_id}
            )
            found = result.mappings().first()
        return None if found is None else BrandView(**found)

    async def _open_pool(self) -> Any:
        async with self._opening:
            if self._pool is None:
                url = self._engine.url.set(drivername="postgresql")
                self._pool = await asyncpg.create_pool(
                    url.render_as_string(hide_password=False),
                    min_size=1,
                    max_size=self._pool_size,
                    init=_json_codecs,
                    reset=_nothing_to_reset,
                    timeout=10,
                    server_settings={"application_name": "umt-read"},
                )
            return self._pool
