"""SQL conversion paths: one row per (brand, key), the touchpoints as a JSON document."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, insert, select

from umt.adapters.sql.attribution.tables import conversion_paths as cp
from umt.adapters.sql.base import SqlRepository
from umt.domain.attribution.paths import ConversionPath, PathSource, Touchpoint
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.conversion_paths import ConversionPathStore

_CHUNK = 500  # rows (or keys) per statement: far below every driver's parameter limit


def _touch_document(path: ConversionPath) -> list[dict[str, str]]:
    return [
        {"channel": t.channel, "campaign": t.campaign, "content": t.content, "at": t.at.isoformat()}
        for t in path.touchpoints
    ]


def path_of(row: RowMapping) -> ConversionPath:
    return ConversionPath(
        key=row["path_key"],
        touchpoints=tuple(
            Touchpoint(
                channel=t["channel"],
                campaign=t["campaign"],
                content=t["content"],
                at=datetime.fromisoformat(t["at"]),
            )
            for t in row["touchpoints"]
        ),
        converted_at=row["converted_at"],
        value=row["value"],
        source=PathSource(row["source"]),
    )


class SqlConversionPathStore(SqlRepository, ConversionPathStore):
    async def fingerprints(
        self, organization_id: OrganizationId, brand_id: BrandId, keys: Collection[str]
    ) -> Mapping[str, str]:
        wanted = sorted(set(keys))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            result = await self._execute(
                select(cp.c.path_key, cp.c.fingerprint).where(
                    cp.c.organization_id == organization_id,
                    cp.c.brand_id == brand_id,
                    cp.c.path_key.in_(wanted[start : start + _CHUNK]),
                )
            )
            found.update({row.path_key: row.fingerprint for row in result})
        return found

    async def add(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        paths: Sequence[ConversionPath],
        *,
        recorded_at: datetime,
    ) -> None:
        rows: list[Mapping[str, Any]] = [
            {
                "organization_id": organization_id,
                "brand_id": brand_id,
                "path_key": path.key,
                "fingerprint": path.fingerprint,
                "source": path.source.value,
                "touchpoints": _touch_document(path),
                "converted_at": path.converted_at,
                "ended_at": path.ended_at,
                "value": path.value,
                "recorded_at": recorded_at,
            }
            for path in paths
        ]
        for start in range(0, len(rows), _CHUNK):
            await self._execute(insert(cp), rows[start : start + _CHUNK])

    async def ending_between(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        start: datetime,
        end: datetime,
        *,
        limit: int,
    ) -> Sequence[ConversionPath]:
        result = await self._execute(
            select(cp)
            .where(
                cp.c.organization_id == organization_id,
                cp.c.brand_id == brand_id,
                cp.c.ended_at >= start,
                cp.c.ended_at < end,
            )
            .order_by(cp.c.ended_at, cp.c.path_key)
            .limit(limit)
        )
        return [path_of(row) for row in result.mappings()]
