"""SQL tagged clicks: one row per (brand, event id), open until a conversion closes it."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, insert, select, update

from umt.adapters.sql.attribution.tables import tagged_clicks as tc
from umt.adapters.sql.base import SqlRepository
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.tagged_clicks import TaggedClick, TaggedClickStore

_CHUNK = 500


def _click_of(row: RowMapping) -> TaggedClick:
    return TaggedClick(
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        event_id=row["event_id"],
        visitor=row["visitor"],
        at=row["clicked_at"],
        channel=row["channel"],
        campaign=row["campaign"],
        content=row["content"],
        path_key=row["path_key"],
    )


class SqlTaggedClickStore(SqlRepository, TaggedClickStore):
    async def known(
        self, organization_id: OrganizationId, brand_id: BrandId, event_ids: Collection[str]
    ) -> set[str]:
        wanted = sorted(set(event_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            result = await self._execute(
                select(tc.c.event_id).where(
                    tc.c.organization_id == organization_id,
                    tc.c.brand_id == brand_id,
                    tc.c.event_id.in_(wanted[start : start + _CHUNK]),
                )
            )
            found.update(result.scalars())
        return found

    async def add(self, clicks: Sequence[TaggedClick]) -> None:
        rows: list[Mapping[str, Any]] = [
            {
                "organization_id": c.organization_id,
                "brand_id": c.brand_id,
                "event_id": c.event_id,
                "visitor": c.visitor,
                "clicked_at": c.at,
                "channel": c.channel,
                "campaign": c.campaign,
                "content": c.content,
                "path_key": c.path_key,
            }
            for c in clicks
        ]
        for start in range(0, len(rows), _CHUNK):
            await self._execute(insert(tc), rows[start : start + _CHUNK])

    async def open_for(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        visitors: Collection[str],
        *,
        since: datetime,
    ) -> Sequence[TaggedClick]:
        wanted = sorted(set(visitors))
        found: list[TaggedClick] = []
        for start in range(0, len(wanted), _CHUNK):
            result = await self._execute(
                select(tc)
                .where(
                    tc.c.organization_id == organization_id,
                    tc.c.brand_id == brand_id,
                    tc.c.visitor.in_(wanted[start : start + _CHUNK]),
                    tc.c.clicked_at >= since,
                    tc.c.path_key.is_(None),
                )
                .order_by(tc.c.visitor, tc.c.clicked_at, tc.c.event_id)
            )
            found.extend(_click_of(row) for row in result.mappings())
        return found

    async def close(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        event_ids: Collection[str],
        path_key: str,
    ) -> None:
        wanted = sorted(set(event_ids))
        for start in range(0, len(wanted), _CHUNK):
            await self._execute(
                update(tc)
                .where(
                    tc.c.organization_id == organization_id,
                    tc.c.brand_id == brand_id,
                    tc.c.event_id.in_(wanted[start : start + _CHUNK]),
                )
                .values(path_key=path_key)
            )

    async def open_between(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        start: datetime,
        end: datetime,
        *,
        limit: int,
    ) -> Sequence[TaggedClick]:
        result = await self._execute(
            select(tc)
            .where(
                tc.c.organization_id == organization_id,
                tc.c.brand_id == brand_id,
                tc.c.clicked_at >= start,
                tc.c.clicked_at < end,
                tc.c.path_key.is_(None),
            )
            .order_by(tc.c.visitor, tc.c.clicked_at, tc.c.event_id)
            .limit(limit)
        )
        return [_click_of(row) for row in result.mappings()]
