"""OpenAPI examples of a brand's planned publications, made from domain objects with fixed
values (so they have the shape the route answers with)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import msgspec
from litestar.openapi.spec import Example

from umt.domain.publishing.planned_publication import PlannedPublication, PlanStatus
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.entrypoints.http.openapi import answered_by
from umt.entrypoints.http.schemas.planned_publications import (
    PlannedPublicationList,
    planned_publication_out,
)

_NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _plan(slot: int, status: PlanStatus, **changes: object) -> PlannedPublication:
    plan = PlannedPublication(
        id=UUID(f"0193a3c2-8888-7c4a-9a51-1f6c0f3e2a1{slot}"),
        organization_id=OrganizationId(UUID("0193a3c2-0000-7c4a-9a51-1f6c0f3e2a10")),
        brand_id=BrandId(UUID("0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10")),
        project_id=UUID("0193a3c2-3333-7c4a-9a51-1f6c0f3e2a10"),
        content_id=UUID(f"0193a3c2-2222-7c4a-9a51-1f6c0f3e2a1{slot}"),
        channel_account_id=UUID("0193a3c2-4444-7c4a-9a51-1f6c0f3e2a10"),
        channel="linkedin",
        due_at=datetime(2026, 3, 3 + slot, 8, 0, tzinfo=UTC),
        time_zone="Europe/Berlin",
        local_time=f"2026-03-0{3 + slot}T09:00",
        proposal_id=UUID("0193a3c2-9999-7c4a-9a51-1f6c0f3e2a10"),
        slot=slot,
        status=status,
        created_at=_NOW,
        updated_at=_NOW,
    )
    for name, value in changes.items():
        setattr(plan, name, value)
    return plan


PLANNED_PUBLICATIONS_OK = answered_by(
    Example(
        id="three-slots",
        summary="Three slots of an accepted proposal: one waiting, one scheduled on approval,"
        " one dropped",
        value=msgspec.to_builtins(
            PlannedPublicationList(
                items=[
                    planned_publication_out(_plan(0, PlanStatus.PLANNED)),
                    planned_publication_out(
                        _plan(
                            1,
                            PlanStatus.SCHEDULED,
                            publication_id=UUID("0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a19"),
                        )
                    ),
                    planned_publication_out(
                        _plan(
                            2,
                            PlanStatus.DROPPED,
                            reason="its time passed before the piece was approved",
                        )
                    ),
                ]
            )
        ),
    )
)
