"""The SQL BrandRepository: the Brand aggregate over brands, audiences and competitors."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Table, delete, exists, insert, select, update
from sqlalchemy import exc as sa_exc

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SeenSet, SqlRepository, is_foreign_key_violation
from umt.adapters.sql.brand.mappers import (
    audience_from_row,
    audience_to_row,
    brand_from_row,
    brand_to_row,
    competitor_from_row,
    competitor_to_row,
    voice_from_json,
)
from umt.adapters.sql.brand.tables import audiences, brands, competitors
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime, parse_text
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.brand.audience import Audience, Competitor
from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.brand.errors import (
    BrandHasProjects,
    DuplicateAudience,
    DuplicateCompetitor,
    DuplicateSlug,
)
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.values import Slug
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.brand_repository import BrandFilter, BrandRepository, BrandSummary
from umt.ports.pagination import Page, PageRequest

SORT_KEYS = {
    "created_at": SortKey(brands.c.created_at, parse_datetime),
    "updated_at": SortKey(brands.c.updated_at, parse_datetime),
    "name": SortKey(brands.c.name, parse_text),
}

_IMMUTABLE = ("id", "organization_id", "created_at")
_CHILD_IMMUTABLE = (*_IMMUTABLE, "brand_id")


@dataclass(slots=True)
class _Snapshot:
    """The versions stored when the aggregate was loaded: the optimistic-concurrency baseline."""

    version: int
    audiences: dict[UUID, int] = field(default_factory=dict)
    competitors: dict[UUID, int] = field(default_factory=dict)

    @classmethod
    def of(cls, brand: Brand) -> _Snapshot:
        return cls(
            version=brand.version,
            audiences={a.id: a.version for a in brand.audiences.values()},
            competitors={c.id: c.version for c in brand.competitors.values()},
        )


def _duplicate_slug(brand: Brand) -> DuplicateSlug:
    return DuplicateSlug(
        f"the organization already has a brand with slug {brand.slug.value!r}", field="slug"
    )


def _stale(brand: Brand, what: str = "brand") -> StaleVersion:
    return StaleVersion(f"{what} of brand {brand.id} was changed meanwhile; reload and retry")


class SqlBrandRepository(SqlRepository, BrandRepository):
    """Brands with their audiences and competitors, saved with optimistic version checks.

    ``get`` remembers the versions it loaded; ``save`` updates the brand row only if its stored
    version is still the loaded one (that UPDATE also locks the row on PostgreSQL, serialising
    concurrent writers of one aggregate), then deletes, updates and inserts children.
    """

    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._partial: SeenSet[Brand] = SeenSet()
        self._snapshots: dict[int, _Snapshot] = {}

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> Brand | None:
        result = await self._execute(
            select(brands).where(
                brands.c.id == brand_id, brands.c.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        if row is None:
            return None
        audience_rows = await self._execute(
            select(audiences)
            .where(audiences.c.brand_id == brand_id, audiences.c.organization_id == organization_id)
            .order_by(audiences.c.created_at, audiences.c.id)
        )
        competitor_rows = await self._execute(
            select(competitors)
            .where(
                competitors.c.brand_id == brand_id,
                competitors.c.organization_id == organization_id,
            )
            .order_by(competitors.c.created_at, competitors.c.id)
        )
        brand = brand_from_row(
            row,
            [audience_from_row(r) for r in audience_rows.mappings()],
            [competitor_from_row(r) for r in competitor_rows.mappings()],
        )
        self._track(brand)
        return brand

    async def summary(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> BrandSummary | None:
        result = await self._execute(
            select(brands.c.status, brands.c.voice, brands.c.blackout_dates).where(
                brands.c.id == brand_id, brands.c.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        if row is None:
            return None
        return BrandSummary(
            id=brand_id,
            organization_id=organization_id,
            status=BrandStatus(row["status"]),
            voice=voice_from_json(row["voice"]),
            blackout_dates=tuple(date.fromisoformat(d) for d in row["blackout_dates"]),
        )

    async def slug_taken(
        self, organization_id: OrganizationId, slug: Slug, *, excluding: BrandId | None = None
    ) -> bool:
        condition = (brands.c.organization_id == organization_id) & (brands.c.slug == slug.value)
        if excluding is not None:
            condition &= brands.c.id != excluding
        result = await self._execute(select(exists().where(condition)))
        return bool(result.scalar())

    async def add(self, brand: Brand) -> None:
        if self._pg is not None:
            await self._pg.insert_brand(
                brand_to_row(brand), {"uq_brands_organization_id_slug": _duplicate_slug(brand)}
            )
        else:
            await self._execute(
                insert(brands),
                brand_to_row(brand),
                on_unique={"uq_brands_organization_id_slug": lambda: _duplicate_slug(brand)},
            )
        await self._insert_children(brand, _AUDIENCES, builtins.list(brand.audiences.values()))
        await self._insert_children(brand, _COMPETITORS, builtins.list(brand.competitors.values()))
        self._track(brand)

    async def save(self, brand: Brand) -> None:
        if brand in self._partial and brand not in self._tracker:
            raise ValueError("brands from list() lack their children; load with get() to save")
        snapshot = self._snapshots.get(id(brand)) or await self._stored_snapshot(brand)
        values = {k: v for k, v in brand_to_row(brand).items() if k not in _IMMUTABLE}
        result = await self._execute(
            update(brands)
            .where(
                brands.c.id == brand.id,
                brands.c.organization_id == brand.organization_id,
                brands.c.version == snapshot.version,
            )
            .values(values),
            on_unique={"uq_brands_organization_id_slug": lambda: _duplicate_slug(brand)},
        )
        if result.rowcount == 0:
            raise _stale(brand)
        await self._save_children(brand, _AUDIENCES, snapshot.audiences)
        await self._save_children(brand, _COMPETITORS, snapshot.competitors)
        self._track(brand)

    async def remove(self, brand: Brand) -> None:
        snapshot = self._snapshots.get(id(brand))
        expected = snapshot.version if snapshot is not None else brand.version
        statement = delete(brands).where(
            brands.c.id == brand.id,
            brands.c.organization_id == brand.organization_id,
            brands.c.version == expected,
        )
        try:
            result = await self._execute(statement)
        except sa_exc.IntegrityError as exc:
            if is_foreign_key_violation(exc):
                raise BrandHasProjects(
                    f"brand {brand.slug} still has projects; delete or move them first"
                ) from exc
            raise
        if result.rowcount == 0:
            raise _stale(brand)
        # Audiences and competitors go with ON DELETE CASCADE. The brand stays "seen" so the
        # unit of work still collects its BrandDeleted event.
        self._snapshots.pop(id(brand), None)
        self._tracker.track(brand)

    async def list(
        self, organization_id: OrganizationId, filters: BrandFilter, page: PageRequest
    ) -> Page[Brand]:
        query = select(brands).where(brands.c.organization_id == organization_id)
        if filters.status is not None:
            query = query.where(brands.c.status == filters.status.value)
        if filters.industry is not None:
            query = query.where(brands.c.industry == filters.industry)
        if filters.brand_ids is not None:
            query = query.where(brands.c.id.in_(sorted(filters.brand_ids)))
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=brands.c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(query)
        items = [self._partial.add(brand_from_row(row)) for row in result.mappings()]
        return build_page(
            items, page, sort_value=lambda b: getattr(b, page.sort), item_id=lambda b: b.id
        )

    # -- internals ---------------------------------------------------------------------------

    def _track(self, brand: Brand) -> None:
        self._tracker.track(brand)
        self._snapshots[id(brand)] = _Snapshot.of(brand)

    async def _stored_snapshot(self, brand: Brand) -> _Snapshot:
        """Versions as stored now, for a brand this unit of work did not load (last writer
        wins for it; its children are still reconciled against what is stored)."""
        version = await self._execute(
            select(brands.c.version).where(
                brands.c.id == brand.id, brands.c.organization_id == brand.organization_id
            )
        )
        stored = version.scalar()
        if stored is None:
            raise _stale(brand)
        audience_rows = await self._execute(
            select(audiences.c.id, audiences.c.version).where(audiences.c.brand_id == brand.id)
        )
        competitor_rows = await self._execute(
            select(competitors.c.id, competitors.c.version).where(
                competitors.c.brand_id == brand.id
            )
        )
        return _Snapshot(
            version=stored,
            audiences={r.id: r.version for r in audience_rows},
            competitors={r.id: r.version for r in competitor_rows},
        )

    async def _save_children(self, brand: Brand, kind: _ChildKind, loaded: dict[UUID, int]) -> None:
        """Reconcile one child table with the aggregate. Deletes run first, then updates, then
        inserts, so a name removed and re-added in one change cannot collide with itself."""
        current: dict[UUID, Audience | Competitor] = dict(kind.children(brand))
        table = kind.table
        for child_id in loaded.keys() - current.keys():
            result = await self._execute(
                delete(table).where(
                    table.c.id == child_id,
                    table.c.brand_id == brand.id,
                    table.c.version == loaded[child_id],
                )
            )
            if result.rowcount == 0:
                raise _stale(brand, kind.what)
        for child_id, child in current.items():
            if child_id in loaded and child.version != loaded[child_id]:
                row = kind.to_row(brand, child)
                result = await self._execute(
                    update(table)
                    .where(
                        table.c.id == child_id,
                        table.c.brand_id == brand.id,
                        table.c.version == loaded[child_id],
                    )
                    .values({k: v for k, v in row.items() if k not in _CHILD_IMMUTABLE}),
                    on_unique={kind.unique: kind.duplicate},
                )
                if result.rowcount == 0:
                    raise _stale(brand, kind.what)
        new = [child for child_id, child in current.items() if child_id not in loaded]
        await self._insert_children(brand, kind, new)

    async def _insert_children(
        self, brand: Brand, kind: _ChildKind, items: Sequence[Audience | Competitor]
    ) -> None:
        if items:
            await self._execute(
                insert(kind.table),
                [kind.to_row(brand, child) for child in items],
                on_unique={kind.unique: kind.duplicate},
            )


@dataclass(frozen=True, slots=True)
class _ChildKind:
    """How one kind of child entity (audiences, competitors) is stored."""

    table: Table
    what: str
    unique: str
    children: Callable[[Brand], Iterable[tuple[UUID, Audience | Competitor]]]
    to_row: Callable[[Brand, Any], dict[str, Any]]
    duplicate: Callable[[], Exception]


_AUDIENCES = _ChildKind(
    table=audiences,
    what="an audience",
    unique="uq_audiences_brand_id_persona_key",
    children=lambda brand: brand.audiences.items(),
    to_row=audience_to_row,
    duplicate=lambda: DuplicateAudience(
        "the brand already has an audience with that name", field="persona_name"
    ),
)
_COMPETITORS = _ChildKind(
    table=competitors,
    what="a competitor",
    unique="uq_competitors_brand_id_name_key",
    children=lambda brand: brand.competitors.items(),
    to_row=competitor_to_row,
    duplicate=lambda: DuplicateCompetitor(
        "the brand already tracks a competitor with that name", field="name"
    ),
)
