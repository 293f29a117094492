"""Planned publications over HTTP: slots held on the calendar for pieces not approved yet."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from umt.domain.publishing.planned_publication import PlannedPublication


class PlannedPublicationOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    project_id: UUID | None
    content_id: UUID
    channel_account_id: UUID
    channel: str
    due_at: datetime
    time_zone: str
    local_time: str
    status: str  # planned | scheduled | dropped
    publication_id: UUID | None  # the scheduled publication, once its piece was approved
    reason: str | None  # why it was dropped
    proposal_id: UUID | None
    slot: int | None
    version: int
    created_at: datetime
    updated_at: datetime


class PlannedPublicationList(msgspec.Struct):
    items: list[PlannedPublicationOut]


def planned_publication_out(p: PlannedPublication) -> PlannedPublicationOut:
    return PlannedPublicationOut(
        id=p.id,
        brand_id=p.brand_id,
        project_id=p.project_id,
        content_id=p.content_id,
        channel_account_id=p.channel_account_id,
        channel=p.channel,
        due_at=p.due_at,
        time_zone=p.time_zone,
        local_time=p.local_time,
        status=p.status.value,
        publication_id=p.publication_id,
        reason=p.reason,
        proposal_id=p.proposal_id,
        slot=p.slot,
        version=p.version,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )
