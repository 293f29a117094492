"""The SQL PlannedPublicationRepository: one row per slot held for an unapproved piece."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, Select, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.publishing.tables import planned_publications as t
from umt.domain.publishing.planned_publication import PlannedPublication, PlanStatus
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import OrganizationId
from umt.ports.planned_publication_repository import PlanFilter, PlannedPublicationRepository

_FIXED = ("id", "organization_id", "brand_id", "created_at")


def _row(p: PlannedPublication) -> dict[str, Any]:
    return {
        "id": p.id,
        "organization_id": p.organization_id,
        "brand_id": p.brand_id,
        "project_id": p.project_id,
        "content_id": p.content_id,
        "channel_account_id": p.channel_account_id,
        "channel": p.channel,
        "due_at": p.due_at,
        "time_zone": p.time_zone,
        "local_time": p.local_time,
        "proposal_id": p.proposal_id,
        "slot": p.slot,
        "status": p.status.value,
        "publication_id": p.publication_id,
        "reason": p.reason,
        "version": p.version,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def _plan(row: RowMapping) -> PlannedPublication:
    return PlannedPublication(**{column: row[column] for column in _row_columns()})


def _row_columns() -> tuple[str, ...]:
    return tuple(c.name for c in t.columns)


class SqlPlannedPublicationRepository(SqlRepository, PlannedPublicationRepository):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._versions: dict[UUID, int] = {}  # as loaded: what a save checks against

    async def _load(self, statement: Select[Any]) -> builtins.list[PlannedPublication]:
        rows = (await self._execute(statement)).mappings().all()
        found = [_plan(row) for row in rows]
        for plan in found:
            self._versions[plan.id] = plan.version
            self._tracker.track(plan)
        return found

    async def add(self, plan: PlannedPublication) -> None:
        def duplicate() -> Exception:
            return Conflict(f"slot {plan.slot} of proposal {plan.proposal_id} is planned")

        await self._execute(
            insert(t).values(**_row(plan)),
            on_unique={"uq_planned_publications_proposal_id_slot": duplicate},
        )
        self._versions[plan.id] = plan.version
        self._tracker.track(plan)

    async def get(
        self, organization_id: OrganizationId, plan_id: UUID
    ) -> PlannedPublication | None:
        found = await self._load(
            select(t).where(t.c.organization_id == organization_id, t.c.id == plan_id)
        )
        return found[0] if found else None

    async def waiting_for(
        self, organization_id: OrganizationId, content_id: UUID
    ) -> Sequence[PlannedPublication]:
        return await self._load(
            select(t)
            .where(
                t.c.organization_id == organization_id,
                t.c.content_id == content_id,
                t.c.status == PlanStatus.PLANNED.value,
            )
            .order_by(t.c.due_at, t.c.id)
        )

    async def overdue(self, before: datetime, *, limit: int) -> Sequence[PlannedPublication]:
        return await self._load(
            select(t)
            .where(t.c.status == PlanStatus.PLANNED.value, t.c.due_at < before)
            .order_by(t.c.due_at, t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

    async def list(
        self, organization_id: OrganizationId, filters: PlanFilter, *, limit: int
    ) -> Sequence[PlannedPublication]:
        f = filters
        conditions = [t.c.organization_id == organization_id, t.c.brand_id == f.brand_id]
        if f.status is not None:
            conditions.append(t.c.status == f.status.value)
        if f.due_from is not None:
            conditions.append(t.c.due_at >= f.due_from)
        if f.due_to is not None:
            conditions.append(t.c.due_at < f.due_to)
        if f.channel_account_id is not None:
            conditions.append(t.c.channel_account_id == f.channel_account_id)
        if f.content_id is not None:
            conditions.append(t.c.content_id == f.content_id)
        if f.proposal_id is not None:
            conditions.append(t.c.proposal_id == f.proposal_id)
        statement = select(t).where(*conditions).order_by(t.c.due_at, t.c.id).limit(limit)
        return [_plan(row) for row in (await self._execute(statement)).mappings().all()]

    async def save(self, plan: PlannedPublication) -> None:
        loaded = self._versions.get(plan.id, plan.version)
        values = {k: v for k, v in _row(plan).items() if k not in _FIXED}
        result = await self._execute(
            update(t)
            .where(
                t.c.organization_id == plan.organization_id,
                t.c.id == plan.id,
                t.c.version == loaded,
            )
            .values(**values)
        )
        if result.rowcount != 1:
            raise StaleVersion("the planned publication was changed by someone else; reload it")
        self._versions[plan.id] = plan.version
        self._tracker.track(plan)
