"""A CalendarProposal: N weeks of posts for a project, each slot an account, a time and a topic,
proposed for a person to review; accepting it turns every slot into a draft piece planned at
its time.

Accepting is once: an accepted proposal accepted again changes nothing and creates nothing
(``accept`` answers whether it was new), so a retried request is harmless. A proposal not
accepted may be **rejected** instead (with a reason), once; a rejected one cannot be accepted.
Each step records its event: ``calendar_proposal.proposed``, ``.accepted``, ``.rejected``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import Conflict, require_version
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.domain.strategy import events as ev

MAX_WEEKS = 12
MAX_PER_WEEK = 7  # posts per account per week: at most one a day
MAX_ACCOUNTS = 10
MAX_SLOTS = MAX_WEEKS * MAX_PER_WEEK * MAX_ACCOUNTS


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ProposalDecided(Conflict):
    """The proposal was accepted or rejected already."""

    code = "calendar_proposal_decided"


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
class CalendarProposal(AggregateRoot):
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
    rejected_by: UserId | None = None
    rejected_at: datetime | None = None
    rejection_reason: str | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def proposed(self) -> None:
        """Record that it was proposed (once, when it is made)."""
        self._record(ev.CalendarProposed, self.created_at, self._facts())

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
        self._decide(expected_version)
        self.status = ProposalStatus.ACCEPTED
        self.pieces = pieces
        self.accepted_by, self.accepted_at = by, now
        self.version += 1
        self.updated_at = now
        self._record(ev.CalendarProposalAccepted, now, self._facts())

    def reject(
        self,
        *,
        by: UserId,
        reason: str | None,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        """Nothing of it will be made."""
        self._decide(expected_version)
        self.status = ProposalStatus.REJECTED
        self.rejected_by, self.rejected_at, self.rejection_reason = by, now, reason
        self.version += 1
        self.updated_at = now
        self._record(ev.CalendarProposalRejected, now, self._facts())

    def check_version(self, expected_version: int | None) -> None:
        require_version("proposal", self.version, expected_version)

    def _decide(self, expected_version: int | None) -> None:
        self.check_version(expected_version)
        if self.status is not ProposalStatus.PROPOSED:
            raise ProposalDecided(f"the proposal is {self.status.value} already")

    def _facts(self) -> ev.ProposalFacts:
        return ev.ProposalFacts(
            brand_id=self.brand_id,
            project_id=self.project_id,
            starts_on=self.starts_on.isoformat(),
            weeks=self.weeks,
            per_week=self.per_week,
            slots=len(self.slots),
            skipped=len(self.skipped),
            status=self.status.value,
            pieces=[str(p.content_id) for p in self.pieces],
            by=self.accepted_by or self.rejected_by,
            reason=self.rejection_reason,
        )

    @property
    def accepted(self) -> bool:
        return self.status is ProposalStatus.ACCEPTED
