"""A CalendarProposal: N weeks of posts for a project, each slot an account, a time and a topic,
proposed for a person to review; accepting it turns every slot into a draft piece planned at
its time.

Accepting is once: an accepted proposal accepted again changes nothing and creates nothing
(``accept`` answers whether it was new), so a retried request is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId, UserId

MAX_WEEKS = 12
MAX_PER_WEEK = 7  # posts per account per week: at most one a day
MAX_ACCOUNTS = 10
MAX_SLOTS = MAX_WEEKS * MAX_PER_WEEK * MAX_ACCOUNTS


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposedSlot:
    """One post: where, when (UTC and the account's wall time), on what, and why then."""

    channel_account_id: UUID
    channel: str
    due_at: datetime
    local_time: str  # ISO wall time in the account's zone, "2026-12-08T09:00"
    time_zone: str
    topic: str
    topic_source: str  # topic_gap | winner | brand
    content_type: str
    timing: str  # best_times | default (the account's model had not enough data)
    confidence: float | None  # the slot's chance of beating the account's rate (best_times)


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedSlot:
    """A candidate time the calendar refused (a blackout date, the account's daily cap, the
    minimum spacing), with why."""

    channel_account_id: UUID
    due_at: datetime
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedPiece:
    """What accepting made of a slot: its draft piece."""

    slot: int  # the index in ``slots``
    content_id: UUID


@dataclass(slots=True, kw_only=True)
class CalendarProposal:
    id: UUID
    organization_id: OrganizationId
    brand_id: BrandId
    project_id: UUID | None  # the pieces' project; None: the brand at large
    starts_on: date
    weeks: int
    per_week: int
    slots: tuple[ProposedSlot, ...]
    skipped: tuple[SkippedSlot, ...] = ()
    status: ProposalStatus = ProposalStatus.PROPOSED
    accepted_by: UserId | None = None
    accepted_at: datetime | None = None
    pieces: tuple[PlannedPiece, ...] = ()
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def accept(
        self,
        pieces: tuple[PlannedPiece, ...],
        *,
        by: UserId,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        """Record the pieces made of the slots (the caller checks ``accepted`` first: an
        accepted proposal is never accepted again)."""
        if expected_version is not None and expected_version != self.version:
            raise StaleVersion(
                f"the proposal is at version {self.version}, "
                f"the change was made against version {expected_version}"
            )
        self.status = ProposalStatus.ACCEPTED
        self.pieces = pieces
        self.accepted_by, self.accepted_at = by, now
        self.version += 1
        self.updated_at = now

    @property
    def accepted(self) -> bool:
        return self.status is ProposalStatus.ACCEPTED
