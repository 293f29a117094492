"""A PlannedPublication: a slot on a channel account's calendar held for a piece that is not
approved yet (a draft a calendar proposal made).

A publication needs an approved version, so a plan cannot be one. It waits as ``planned``
(shown beside the calendar's publications) and becomes an ordinary scheduled publication when
its piece is approved: ``scheduled`` names that publication. It is ``dropped`` with the reason
when that cannot happen: its time passed before the piece was approved, the account no longer
publishes, or the calendar refused the time then (a blackout date, the account's daily cap or
spacing). A plan leaves ``planned`` once: scheduling or dropping it again is refused, so a
redelivered approval event schedules nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, OrganizationId

MAX_REASON = 500


class PlanStatus(StrEnum):
    PLANNED = "planned"  # waiting for its piece's approval
    SCHEDULED = "scheduled"  # became ``publication_id``
    DROPPED = "dropped"  # could not be scheduled: ``reason`` says why


class PlanSettled(Conflict):
    """The plan was scheduled or dropped already."""

    code = "planned_publication_settled"


@dataclass(slots=True, kw_only=True)
class PlannedPublication(AggregateRoot):
    id: UUID
    organization_id: OrganizationId
    brand_id: BrandId
    project_id: UUID | None
    content_id: UUID
    channel_account_id: UUID
    channel: str
    due_at: datetime  # aware, UTC
    time_zone: str
    local_time: str  # ISO wall time in ``time_zone``, "2026-12-08T09:00"
    proposal_id: UUID | None  # the calendar proposal it came from
    slot: int | None  # its index in that proposal's slots
    status: PlanStatus = PlanStatus.PLANNED
    publication_id: UUID | None = None
    reason: str | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.status = PlanStatus(self.status)

    @property
    def planned(self) -> bool:
        return self.status is PlanStatus.PLANNED

    def scheduled(self, publication_id: UUID, *, now: datetime) -> None:
        """Its piece was approved and the publication ``publication_id`` holds its slot."""
        self._settle(PlanStatus.SCHEDULED, now)
        self.publication_id = publication_id

    def dropped(self, reason: str, *, now: datetime) -> None:
        """It cannot be scheduled, for ``reason`` (kept to ``MAX_REASON`` characters)."""
        self._settle(PlanStatus.DROPPED, now)
        self.reason = reason[:MAX_REASON]

    def _settle(self, status: PlanStatus, now: datetime) -> None:
        if not self.planned:
            raise PlanSettled(f"the planned publication is {self.status.value} already")
        self.status = status
        self.version += 1
        self.updated_at = now
