"""The OutboxFeed port: the relay's side of the outbox (claim, mark sent, lag).

``async with feed.claim(limit) as claim:`` opens a transaction and claims up to ``limit``
unpublished rows. ``claim.messages`` holds only the rows this claim may publish now, in
position order: for every aggregate, a prefix of that aggregate's pending rows that starts at
its earliest pending row. An aggregate whose earliest pending row another claim holds (another
relay instance) is left out entirely, and an aggregate is cut at the first row this claim
does not hold. So publishing ``claim.messages`` in order per aggregate never reorders an
aggregate's events, however many relays run at once.

``await claim.mark_sent(ids, at)`` records the published ones and commits, which releases the
claim. Leaving the block without it (or with an error) releases the claim and marks nothing:
the rows stay pending for the next claim. The relay marks only rows it published; a publish
that failed leaves its row and the aggregate's later rows pending (the relay stops that
aggregate at the failure), so nothing is lost and nothing is reordered.

Delivery is at least once: a relay that dies between publishing and ``mark_sent`` leaves the
rows pending and they are published again. The outbox row id travels as the envelope's
``message_id`` so consumers can drop the duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from umt.ports.outbox import OutboxMessage


@dataclass(frozen=True, slots=True)
class OutboxLag:
    """How far the relay is behind: unpublished rows and when the oldest of them happened."""

    pending: int
    oldest_occurred_at: datetime | None

    def oldest_age(self, now: datetime) -> timedelta:
        """Age of the oldest unpublished row at ``now`` (zero when nothing is pending)."""
        if self.oldest_occurred_at is None:
            return timedelta(0)
        return max(now - self.oldest_occurred_at, timedelta(0))


class OutboxClaim(Protocol):
    @property
    def messages(self) -> Sequence[OutboxMessage]:
        """The rows this claim may publish, in position order (see the module docstring)."""
        ...

    async def mark_sent(self, ids: Sequence[UUID], at: datetime) -> None:
        """Set ``published_at = at`` on ``ids`` (some of ``messages``) and commit.

        Ends the claim: call it at most once, last. With no ids it just releases the claim.
        """
        ...


class OutboxFeed(Protocol):
    def claim(self, limit: int) -> AbstractAsyncContextManager[OutboxClaim]:
        """Claim up to ``limit`` unpublished rows until the block ends (or ``mark_sent``)."""
        ...

    async def lag(self) -> OutboxLag:
        """A cheap read of the number of unpublished rows and the oldest one's time."""
        ...
