"""The SQL CalendarProposalRepository: one row per proposal, its slots, skipped candidates and
planned pieces as JSON documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.strategy.tables import strategy_calendar_proposals as t
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.strategy.calendar import (
    CalendarProposal,
    PlannedPiece,
    ProposalStatus,
    ProposedSlot,
    SkippedSlot,
)
from umt.ports.calendar_proposal_repository import CalendarProposalRepository


def _slot_json(slot: ProposedSlot) -> dict[str, Any]:
    return {
        "channel_account_id": str(slot.channel_account_id),
        "channel": slot.channel,
        "due_at": slot.due_at.isoformat(),
        "local_time": slot.local_time,
        "time_zone": slot.time_zone,
        "topic": slot.topic,
        "topic_source": slot.topic_source,
        "content_type": slot.content_type,
        "timing": slot.timing,
        "confidence": slot.confidence,
    }


def _slot(doc: dict[str, Any]) -> ProposedSlot:
    return ProposedSlot(
        **{
            **doc,
            "channel_account_id": UUID(doc["channel_account_id"]),
            "due_at": datetime.fromisoformat(doc["due_at"]),
        }
    )


def _row(p: CalendarProposal) -> dict[str, Any]:
    return {
        "id": p.id,
        "organization_id": p.organization_id,
        "brand_id": p.brand_id,
        "project_id": p.project_id,
        "starts_on": p.starts_on,
        "weeks": p.weeks,
        "per_week": p.per_week,
        "status": p.status.value,
        "slots": [_slot_json(s) for s in p.slots],
        "skipped": [
            {
                "channel_account_id": str(s.channel_account_id),
                "due_at": s.due_at.isoformat(),
                "reason": s.reason,
            }
            for s in p.skipped
        ],
        "pieces": [{"slot": c.slot, "content_id": str(c.content_id)} for c in p.pieces],
        "accepted_by": p.accepted_by,
        "accepted_at": p.accepted_at,
        "rejected_by": p.rejected_by,
        "rejected_at": p.rejected_at,
        "rejection_reason": p.rejection_reason,
        "version": p.version,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def _proposal(row: RowMapping) -> CalendarProposal:
    return CalendarProposal(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        project_id=row["project_id"],
        starts_on=row["starts_on"],
        weeks=row["weeks"],
        per_week=row["per_week"],
        status=ProposalStatus(row["status"]),
        slots=tuple(_slot(s) for s in row["slots"]),
        skipped=tuple(
            SkippedSlot(
                channel_account_id=UUID(s["channel_account_id"]),
                due_at=datetime.fromisoformat(s["due_at"]),
                reason=s["reason"],
            )
            for s in row["skipped"]
        ),
        pieces=tuple(
            PlannedPiece(slot=c["slot"], content_id=UUID(c["content_id"])) for c in row["pieces"]
        ),
        accepted_by=row["accepted_by"],
        accepted_at=row["accepted_at"],
        rejected_by=row["rejected_by"],
        rejected_at=row["rejected_at"],
        rejection_reason=row["rejection_reason"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlCalendarProposalRepository(SqlRepository, CalendarProposalRepository):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._versions: dict[UUID, int] = {}  # as loaded: what a save checks against

    async def get(
        self, organization_id: OrganizationId, proposal_id: UUID
    ) -> CalendarProposal | None:
        statement = select(t).where(t.c.organization_id == organization_id, t.c.id == proposal_id)
        row = (await self._execute(statement)).mappings().first()
        if row is None:
            return None
        found = _proposal(row)
        self._versions[found.id] = found.version
        return self._tracker.track(found)

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId, *, limit: int
    ) -> Sequence[CalendarProposal]:
        statement = (
            select(t)
            .where(t.c.organization_id == organization_id, t.c.brand_id == brand_id)
            .order_by(t.c.created_at.desc(), t.c.id.desc())
            .limit(limit)
        )
        return [_proposal(row) for row in (await self._execute(statement)).mappings().all()]

    async def add(self, proposal: CalendarProposal) -> None:
        await self._execute(insert(t).values(**_row(proposal)))
        self._versions[proposal.id] = proposal.version
        self._tracker.track(proposal)

    async def save(self, proposal: CalendarProposal) -> None:
        loaded = self._versions.get(proposal.id, proposal.version)
        values = _row(proposal)
        for fixed in ("id", "organization_id", "brand_id", "created_at"):
            values.pop(fixed)
        result = await self._execute(
            update(t)
            .where(
                t.c.organization_id == proposal.organization_id,
                t.c.id == proposal.id,
                t.c.version == loaded,
            )
            .values(**values)
        )
        if result.rowcount != 1:
            raise StaleVersion("the calendar proposal was changed by someone else; reload it")
        self._versions[proposal.id] = proposal.version
        self._tracker.track(proposal)
