"""The baseline: bare Litestar handlers that run the same SQL through an asyncpg pool.

No authentication, no authorization, no repository, no domain objects, no mapping: the
handlers read or write the rows directly and return the same JSON document that umt's
``brand_out`` produces (same keys, same values). The organization and the acting user are
fixed when the server starts (umt takes them from the access token).

A write stores what umt's stores: the brand, its outbox row and its audit entry (who, from
where, with which request id), the last two in one statement as umt sends them. The audit
entry is I/O that every umt write pays since the audit log landed, so the bare write pays it
too: the ratio compares the stacks, not the amounts of SQL.
"""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
from litestar import Litestar, Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException

BRAND_COLUMNS = (
    "id, name, slug, industry, description, website, voice, styling, time_zone, blackout_dates,"
    " status, version, created_at, updated_at, archived_at"
)
SELECT_BRAND = f"SELECT {BRAND_COLUMNS} FROM brands WHERE id = $1 AND organization_id = $2"  # noqa: S608  # constant column list
# What umt's repository sends for one GET, in its transaction: the aggregate with its children.
SELECT_AUDIENCES = "SELECT * FROM audiences WHERE brand_id = $1 ORDER BY created_at, id"
SELECT_COMPETITORS = "SELECT * FROM competitors WHERE brand_id = $1 ORDER BY created_at, id"
INSERT_BRAND = (
    "INSERT INTO brands (id, organization_id, name, slug, industry, description, website,"
    " voice, styling, time_zone, blackout_dates, status, version, created_at, updated_at,"
    " archived_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16)"
)
INSERT_OUTBOX_WITH_AUDIT = (
    "WITH event AS (INSERT INTO outbox (id, event_type, aggregate_type, aggregate_id,"
    " organization_id, occurred_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7))"
    " INSERT INTO audit_log (id, organization_id, actor_type, actor_id, actor_on_behalf_of,"
    " action, resource_type, resource_id, before, after, ip, user_agent, trace_id, request_id,"
    " occurred_at) VALUES ($8, $5, 'user', $9, NULL, $2, $3, $10, 'null', $11, $12, $13, NULL,"
    " $14, $6)"
)


class VoiceIn(msgspec.Struct, kw_only=True):
    tone: list[str] = msgspec.field(default_factory=list)
    phrases_to_use: list[str] = msgspec.field(default_factory=list)
    phrases_to_avoid: list[str] = msgspec.field(default_factory=list)
    banned_words: list[str] = msgspec.field(default_factory=list)
    banned_claims: list[str] = msgspec.field(default_factory=list)
    required_disclosures: list[str] = msgspec.field(default_factory=list)
    reading_grade: int | None = None
    emoji_policy: str = "sparing"
    hashtag_policy: str = "relevant"
    max_hashtags: int = 3
    channel_notes: dict[str, str] = msgspec.field(default_factory=dict)


class RoleColor(msgspec.Struct):
    role: str
    color: str


class RoleFont(msgspec.Struct):
    role: str
    family: str


class StylingIn(msgspec.Struct, kw_only=True):
    palette: list[RoleColor] = msgspec.field(default_factory=list)
    fonts: list[RoleFont] = msgspec.field(default_factory=list)
    logo_url: str | None = None


class BrandIn(msgspec.Struct, kw_only=True):
    name: str
    slug: str | None = None
    industry: str = ""
    description: str = ""
    website: str | None = None
    voice: VoiceIn | None = None
    styling: StylingIn | None = None


def _brand_json(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "slug": row["slug"],
        "industry": row["industry"],
        "description": row["description"],
        "website": row["website"],
        "voice": row["voice"],
        "styling": row["styling"],
        "time_zone": row["time_zone"],
        "blackout_dates": row["blackout_dates"],
        "status": row["status"],
        "version": row["version"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "archived_at": row["archived_at"],
    }


# The response headers umt sends with a brand (besides content-type and content-length):
# the security headers every API response carries, the request id and the ETag. Headers are
# bytes the server must build and send (uvicorn encodes each in Python), so the bare read
# sends the same ones and the ratio compares stacks producing the same response.
_SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "content-security-policy": (
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
}
_random_bits = random.Random().getrandbits  # request ids, as umt makes them


@get("/api/v1/brands/{brand_id:uuid}")
async def get_brand(brand_id: UUID, state: State) -> Response[dict[str, Any]]:
    row = await state.pool.fetchrow(SELECT_BRAND, brand_id, state.organization_id)
    if row is None:
        raise NotFoundException
    headers = {
        **_SECURITY_HEADERS,
        "etag": f'"{row["version"]}"',
        "x-request-id": f"{_random_bits(128):032x}",
    }
    return Response(_brand_json(row), headers=headers)


@get("/bare/brands/{brand_id:uuid}/same-statements")
async def get_brand_same_statements(brand_id: UUID, state: State) -> dict[str, Any]:
    """The read with umt's statements: BEGIN, the brand, its audiences and competitors,
    ROLLBACK. It separates the cost of that SQL from the cost of umt's Python stack."""
    async with state.pool.acquire() as connection:
        transaction = connection.transaction()
        await transaction.start()
        try:
            row = await connection.fetchrow(SELECT_BRAND, brand_id, state.organization_id)
            await connection.fetch(SELECT_AUDIENCES, brand_id)
            await connection.fetch(SELECT_COMPETITORS, brand_id)
        finally:
            await transaction.rollback()
    if row is None:
        raise NotFoundException
    return _brand_json(row)


@post("/api/v1/brands", status_code=201)
async def create_brand(
    data: BrandIn, state: State, request: Request[Any, Any, Any]
) -> dict[str, Any]:
    now = datetime.now(UTC)
    brand_id = uuid4()
    organization_id = state.organization_id
    slug = data.slug or data.name.lower().replace(" ", "-")
    row = {
        "id": brand_id,
        "name": data.name,
        "slug": slug,
        "industry": data.industry,
        "description": data.description,
        "website": data.website,
        "voice": msgspec.to_builtins(data.voice or VoiceIn()),
        "styling": msgspec.to_builtins(data.styling or StylingIn()),
        "time_zone": "UTC",
        "blackout_dates": [],
        "status": "active",
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "archived_at": None,
    }
    payload = {
        "aggregate_id": str(brand_id),
        "organization_id": str(organization_id),
        "data": {"name": data.name, "slug": slug},
    }
    async with state.pool.acquire() as connection, connection.transaction():
        await connection.execute(
            INSERT_BRAND,
            brand_id,
            organization_id,
            row["name"],
            row["slug"],
            row["industry"],
            row["description"],
            row["website"],
            row["voice"],
            row["styling"],
            row["time_zone"],
            row["blackout_dates"],
            row["status"],
            row["version"],
            now,
            now,
            None,
        )
        await connection.execute(
            INSERT_OUTBOX_WITH_AUDIT,
            uuid4(),
            "brand.created",
            "brand",
            brand_id,
            organization_id,
            now,
            payload,
            uuid4(),
            state.user_id,
            str(brand_id),
            payload["data"],
            request.client.host if request.client else None,
            request.headers.get("user-agent"),
            uuid4().hex,
        )
    return row


@get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "ok"}


async def _json_codecs(connection: asyncpg.Connection) -> None:
    for name in ("json", "jsonb"):
        await connection.set_type_codec(
            name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


def create_bare_app(
    dsn: str, organization_id: UUID, user_id: UUID, *, min_size: int, max_size: int
) -> Litestar:
    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(
            dsn, min_size=min_size, max_size=max_size, init=_json_codecs
        )
        app.state.pool = pool
        app.state.organization_id = organization_id
        app.state.user_id = user_id
        try:
            yield
        finally:
            await pool.close()

    return Litestar(
        route_handlers=[get_brand, get_brand_same_statements, create_brand, live],
        lifespan=[lifespan],
    )
