"""The SQL evergreen rule repository, with its explicit mapper (the picks as a document)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, delete, insert, select, update

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.publishing.tables import evergreen_rules as t
from umt.domain.publishing.evergreen import EvergreenPick, EvergreenRule
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    OrganizationId,
    PublicationId,
)
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.evergreen_rule_repository import EvergreenRuleRepository

_IMMUTABLE = frozenset({"id", "organization_id", "brand_id", "created_at"})
_UNIQUE = "uq_evergreen_rules_organization_id_brand_id"


def _already() -> Conflict:
    return Conflict("the brand has an evergreen rule already", field="brand_id")


def pick_to_document(p: EvergreenPick) -> dict[str, Any]:
    return {
        "content_id": str(p.content_id),
        "channel_account_id": str(p.channel_account_id),
        "publication_id": str(p.publication_id),
        "due_at": p.due_at.isoformat(),
        "measure": p.measure,
        "value": p.value,
        "rank": p.rank,
        "lift": p.lift,
        "source_publication_id": str(p.source_publication_id),
        "picked_at": p.picked_at.isoformat(),
    }


def pick_from_document(d: dict[str, Any]) -> EvergreenPick:
    return EvergreenPick(
        content_id=ContentId(UUID(d["content_id"])),
        channel_account_id=ChannelAccountId(UUID(d["channel_account_id"])),
        publication_id=PublicationId(UUID(d["publication_id"])),
        due_at=datetime.fromisoformat(d["due_at"]),
        measure=d["measure"],
        value=float(d["value"]),
        rank=int(d["rank"]),
        lift=None if d["lift"] is None else float(d["lift"]),
        source_publication_id=PublicationId(UUID(d["source_publication_id"])),
        picked_at=datetime.fromisoformat(d["picked_at"]),
    )


def rule_to_row(r: EvergreenRule) -> dict[str, Any]:
    return {
        "id": r.id,
        "organization_id": r.organization_id,
        "brand_id": r.brand_id,
        "channel_account_ids": [str(a) for a in r.channel_account_ids],
        "measure": r.measure,
        "lookback_days": r.lookback_days,
        "min_trials": r.min_trials,
        "min_age_days": r.min_age_days,
        "cooldown_days": r.cooldown_days,
        "max_per_week": r.max_per_week,
        "active": r.active,
        "picks": [pick_to_document(p) for p in r.picks],
        "last_run_at": r.last_run_at,
        "next_run_at": r.next_run_at,
        "version": r.version,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def rule_from_row(row: RowMapping) -> EvergreenRule:
    return EvergreenRule(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        channel_account_ids=tuple(ChannelAccountId(UUID(a)) for a in row["channel_account_ids"]),
        measure=row["measure"],
        lookback_days=row["lookback_days"],
        min_trials=row["min_trials"],
        min_age_days=row["min_age_days"],
        cooldown_days=row["cooldown_days"],
        max_per_week=row["max_per_week"],
        active=row["active"],
        picks=tuple(pick_from_document(p) for p in row["picks"]),
        last_run_at=row["last_run_at"],
        next_run_at=row["next_run_at"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlEvergreenRuleRepository(SqlRepository, EvergreenRuleRepository):
    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded: dict[UUID, int] = {}

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> EvergreenRule | None:
        found = await self._load(
            select(t).where(t.c.organization_id == organization_id, t.c.brand_id == brand_id)
        )
        return found[0] if found else None

    async def add(self, rule: EvergreenRule) -> None:
        await self._execute(insert(t), rule_to_row(rule), on_unique={_UNIQUE: _already})
        self._track(rule)

    async def save(self, rule: EvergreenRule) -> None:
        condition = (t.c.id == rule.id) & (t.c.organization_id == rule.organization_id)
        if (loaded := self._loaded.get(rule.id)) is not None:
            condition &= t.c.version == loaded
        row = {k: v for k, v in rule_to_row(rule).items() if k not in _IMMUTABLE}
        result = await self._execute(update(t).where(condition).values(row))
        if result.rowcount == 0:
            raise StaleVersion(f"evergreen rule {rule.id} was changed meanwhile; reload it")
        self._track(rule)

    async def remove(self, rule: EvergreenRule) -> None:
        self._tracker.track(rule)  # its deletion event is committed with it
        await self._execute(
            delete(t).where(t.c.id == rule.id, t.c.organization_id == rule.organization_id)
        )

    async def due(self, now: datetime, *, limit: int) -> Sequence[EvergreenRule]:
        return await self._load(
            select(t)
            .where(t.c.active.is_(True), t.c.next_run_at <= now)
            .order_by(t.c.next_run_at, t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

    async def _load(self, query: Any) -> builtins.list[EvergreenRule]:
        result = await self._execute(query)
        return [self._track(rule_from_row(row)) for row in result.mappings()]

    def _track(self, rule: EvergreenRule) -> EvergreenRule:
        self._tracker.track(rule)
        self._loaded[rule.id] = rule.version
        return rule
