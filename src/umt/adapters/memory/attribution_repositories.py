"""In-memory conversion paths and tagged clicks: the SQL adapters' semantics, staged in the
unit of work's transaction (and visible to it) until commit."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import InMemoryRepository, InMemoryStore, Transaction
from umt.domain.attribution.paths import ConversionPath
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.conversion_paths import ConversionPathStore
from umt.ports.tagged_clicks import TaggedClick, TaggedClickStore

PathKey = tuple[UUID, UUID, str]


class InMemoryConversionPathStore(InMemoryRepository, ConversionPathStore):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._staged: dict[PathKey, ConversionPath] = {}

    def _visible(self) -> dict[PathKey, ConversionPath]:
        return {**self._store.conversion_paths, **self._staged}

    async def fingerprints(
        self, organization_id: OrganizationId, brand_id: BrandId, keys: Collection[str]
    ) -> Mapping[str, str]:
        visible = self._visible()
        found = (visible.get((organization_id, brand_id, key)) for key in set(keys))
        return {path.key: path.fingerprint for path in found if path is not None}

    async def add(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        paths: Sequence[ConversionPath],
        *,
        recorded_at: datetime,
    ) -> None:
        rows: dict[PathKey, ConversionPath] = {
            (organization_id, brand_id, path.key): path for path in paths
        }
        self._staged.update(rows)
        self._tx.stage(lambda: self._store.conversion_paths.update(rows))

    async def ending_between(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        start: datetime,
        end: datetime,
        *,
        limit: int,
    ) -> Sequence[ConversionPath]:
        found = [
            path
            for (org, brand, _), path in self._visible().items()
            if (org, brand) == (organization_id, brand_id) and start <= path.ended_at < end
        ]
        found.sort(key=lambda p: (p.ended_at, p.key))
        return found[:limit]


ClickKey = tuple[UUID, UUID, str]


class InMemoryTaggedClickStore(InMemoryRepository, TaggedClickStore):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._staged: dict[ClickKey, TaggedClick] = {}

    def _visible(self) -> dict[ClickKey, TaggedClick]:
        return {**self._store.tagged_clicks, **self._staged}

    def _of(self, organization_id: OrganizationId, brand_id: BrandId) -> list[TaggedClick]:
        return [
            click
            for (org, brand, _), click in self._visible().items()
            if (org, brand) == (organization_id, brand_id)
        ]

    async def known(
        self, organization_id: OrganizationId, brand_id: BrandId, event_ids: Collection[str]
    ) -> set[str]:
        visible = self._visible()
        return {e for e in event_ids if (organization_id, brand_id, e) in visible}

    async def add(self, clicks: Sequence[TaggedClick]) -> None:
        rows: dict[ClickKey, TaggedClick] = {
            (c.organization_id, c.brand_id, c.event_id): c for c in clicks
        }
        self._staged.update(rows)
        self._tx.stage(lambda: _put_new(self._store.tagged_clicks, rows))

    async def open_for(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        visitors: Collection[str],
        *,
        since: datetime,
    ) -> Sequence[TaggedClick]:
        wanted = set(visitors)
        found = [
            c
            for c in self._of(organization_id, brand_id)
            if c.path_key is None and c.visitor in wanted and c.at >= since
        ]
        return sorted(found, key=lambda c: (c.visitor, c.at, c.event_id))

    async def close(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        event_ids: Collection[str],
        path_key: str,
    ) -> None:
        visible = self._visible()
        closed: dict[ClickKey, TaggedClick] = {}
        for event_id in event_ids:
            key: ClickKey = (organization_id, brand_id, event_id)
            if key in visible:
                closed[key] = dataclasses.replace(visible[key], path_key=path_key)
        self._staged.update(closed)
        self._tx.stage(lambda: self._store.tagged_clicks.update(closed))

    async def open_between(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        start: datetime,
        end: datetime,
        *,
        limit: int,
    ) -> Sequence[TaggedClick]:
        found = [
            c
            for c in self._of(organization_id, brand_id)
            if c.path_key is None and start <= c.at < end
        ]
        found.sort(key=lambda c: (c.visitor, c.at, c.event_id))
        return found[:limit]


def _put_new(table: dict[ClickKey, TaggedClick], rows: Mapping[ClickKey, TaggedClick]) -> None:
    for key, click in rows.items():
        table.setdefault(key, click)
