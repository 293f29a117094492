"""The PublicationRepository port: the calendar's publications, and the scheduler's claims.

The calendar reads by tenant (a brand's or the organization's range, with filters, keyset
paged by due time). The scheduler works across tenants: ``claim_due`` leases due publications
(on PostgreSQL ``FOR UPDATE SKIP LOCKED``, so concurrent schedulers never claim one twice; on
SQLite one writer) and ``expired_leases`` finds the claims whose holder went silent;
``comments_due`` finds the first comments to post under published posts. Both hand
back aggregates registered with the unit of work, so the events of the steps taken on them
(``publication.due``) are written to the outbox in the claiming transaction.

``claim_and_hand_over`` is the ticker's whole claim: due publications claimed and each handed
to the agent (or found missed) in this unit of work, without handing anything back.
``hand_over_each`` does it through the aggregate (``claim_due``, ``Publication.claim``, the
commit writing ``publication.due``); it is the reference, which the memory and SQLite
adapters run and PostgreSQL's one statement matches row for row (tests/contracts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from umt.domain.brand.channels import Channel
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    OrganizationId,
    ProjectId,
    PublicationId,
    ScheduleId,
)
from umt.ports.pagination import Page, PageRequest

PUBLICATION_SORTS = frozenset({"due_at", "created_at", "updated_at"})


@dataclass(frozen=True, slots=True)
class PublicationFilter:
    """What the calendar asks for; every field given narrows the result."""

    brand_id: BrandId | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand
    channel: Channel | None = None
    statuses: frozenset[PublicationStatus] | None = None
    project_id: ProjectId | None = None
    channel_account_id: ChannelAccountId | None = None
    content_id: ContentId | None = None
    schedule_id: ScheduleId | None = None
    due_from: datetime | None = None  # inclusive
    due_to: datetime | None = None  # exclusive


@dataclass(frozen=True, slots=True)
class AccountSlot:
    """A publication occupying an account's calendar (for caps and minimum spacing)."""

    publication_id: PublicationId
    due_at: datetime
    status: PublicationStatus


@dataclass(frozen=True, slots=True)
class StatusCount:
    """How many of a content piece's publications are in one status, and the earliest one's
    due time (what the piece's status summarizes)."""

    status: PublicationStatus
    count: int
    first_due_at: datetime


@dataclass(frozen=True, slots=True)
class AccountDue:
    """A channel account with scheduled publications in a window, and the first one's time."""

    organization_id: OrganizationId
    channel_account_id: ChannelAccountId
    first_due_at: datetime


@dataclass(frozen=True, slots=True)
class CommentDue:
    """A published publication whose first comment is due (or whose comment call never
    answered by its deadline)."""

    organization_id: OrganizationId
    publication_id: PublicationId
    due_at: datetime


@dataclass(frozen=True, slots=True)
class HandOver:
    """What one ``claim_and_hand_over`` did: how many due publications it handed to the agent
    (``publication.due``), how many it found missed instead, and the earliest time one of
    them was due to be attempted (None when nothing was due)."""

    handed_over: int = 0
    missed: int = 0
    earliest_due: datetime | None = None


class PublicationRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, publication_id: PublicationId
    ) -> Publication | None:
        """The publication with every attempt, or None (also for another tenant's)."""
        ...

    async def add(self, publication: Publication) -> None:
        """Raises ``PublicationAlreadyExists`` when its schedule already made the same one
        (same schedule, account and due time): expanding a schedule twice is harmless."""
        ...

    async def save(self, publication: Publication) -> None:
        """Raises ``StaleVersion`` if another writer saved it meanwhile."""
        ...

    async def list(
        self, organization_id: OrganizationId, filters: PublicationFilter, page: PageRequest
    ) -> Page[Publication]: ...

    async def status_counts(
        self,
        organization_id: OrganizationId,
        content_id: ContentId,
        *,
        excluding: frozenset[PublicationId] = frozenset(),
    ) -> Sequence[StatusCount]:
        """The content piece's publications counted per status (one row per status present,
        by status), leaving out ``excluding``: the ones the caller changed in this unit of
        work and counts itself. A count, not a load: a piece may have thousands."""
        ...

    async def account_slots(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        start: datetime,
        end: datetime,
    ) -> Sequence[AccountSlot]:
        """The account's active publications (scheduled to published) due in [start, end),
        by due time."""
        ...

    async def count_for_account(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        start: datetime,
        end: datetime,
        statuses: frozenset[PublicationStatus] | None = None,
    ) -> int:
        """How many of the account's publications are due in [start, end) (the active ones
        unless ``statuses`` says which)."""
        ...

    async def claim_due(
        self, now: datetime, *, limit: int, owner: str, lease: timedelta
    ) -> Sequence[Publication]:
        """Up to ``limit`` publications due at ``now`` (scheduled, or awaiting
        reconciliation), oldest first, each claimed for ``owner`` until ``now + lease``
        (``Publication.claim``) in this unit of work. Rows another transaction holds are
        skipped, never waited for."""
        ...

    async def claim_and_hand_over(
        self, now: datetime, *, limit: int, owner: str, lease: timedelta
    ) -> HandOver:
        """Claim up to ``limit`` due publications as ``claim_due`` does and, in this unit of
        work, hand each over: its ``publication.due`` in the outbox as ``Publication.claim``
        records it (an operational event: no audit entry), written by the time the commit
        ends. One the claim finds missed (``Publication.is_missed``) is marked missed instead
        (``publication.missed`` goes out with the commit). Nothing claimed is handed back,
        and the hand-overs need not be among the unit of work's collected events: they leave
        through the outbox. ``hand_over_each`` is the reference behaviour."""
        ...

    async def accounts_due(
        self, start: datetime, end: datetime, *, limit: int
    ) -> Sequence[AccountDue]:
        """Across tenants: the channel accounts with a scheduled publication due in
        [start, end), earliest first (the token check ahead of publishing)."""
        ...

    async def comments_due(self, now: datetime, *, limit: int) -> Sequence[CommentDue]:
        """Across tenants: up to ``limit`` publications whose first comment is due at ``now``
        (pending, or posting past its deadline), earliest first. A plain read: the caller
        begins each with a version-checked save, so of two processes only one posts it."""
        ...

    async def count_in_flight(self, now: datetime) -> int:
        """How many publications, across tenants, are claimed or publishing under a lease
        that has not run out by ``now``: what the agents hold (the ticker's bound)."""
        ...

    async def expired_leases(self, now: datetime, *, limit: int) -> Sequence[Publication]:
        """Up to ``limit`` claimed or publishing publications whose lease ran out by ``now``,
        held for this unit of work (skipping rows another holds); the caller returns them
        (``Publication.expire_lease``) and saves them."""
        ...


async def hand_over_each(
    repository: PublicationRepository,
    now: datetime,
    *,
    limit: int,
    owner: str,
    lease: timedelta,
) -> HandOver:
    """``claim_and_hand_over`` through the aggregate: ``claim_due`` claims each (recording its
    ``publication.due``, which the commit writes to the outbox), and one found missed is marked
    missed under the claim's fence, its hand-over dropped."""
    claimed = await repository.claim_due(now, limit=limit, owner=owner, lease=lease)
    missed = [p for p in claimed if p.is_missed(now)]
    for publication in missed:
        publication.mark_missed(now=now, fence=publication.fence)
        await repository.save(publication)
    return HandOver(
        handed_over=len(claimed) - len(missed),
        missed=len(missed),
        # a claim leaves next_attempt_at as it was: the time each was due to be attempted
        earliest_due=min((p.next_attempt_at for p in claimed), default=None),
    )
