"""The SyncStateRepository port: where each channel account's metric sync stands, and the
claim of the syncs that are due (safe with several schedulers at once)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from umt.domain.metrics.sync_state import SyncState
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class DueSync:
    """A sync a scheduler claimed: whose, and the due time it was claimed at (with the
    account, the idempotency key of the task that runs it)."""

    organization_id: OrganizationId
    channel_account_id: ChannelAccountId
    due_at: datetime


class SyncStateRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> SyncState | None: ...

    async def add(self, state: SyncState) -> None:
        """Raises ``Conflict`` when the account already has a state."""
        ...

    async def save(self, state: SyncState) -> None:
        """Raises ``StaleVersion`` if another writer saved it since it was loaded."""
        ...

    async def remove(self, state: SyncState) -> None: ...

    async def list(
        self, organization_id: OrganizationId, *, brand_id: BrandId | None = None
    ) -> Sequence[SyncState]:
        """The organization's states (one brand's), by next due time."""
        ...

    async def enrol(self, *, kinds: frozenset[ChannelKind], now: datetime) -> int:
        """Give every active channel account of those kinds that has no state one, due
        ``now`` (a platform with a metric source); how many were added. Idempotent."""
        ...

    async def claim_due(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> Sequence[DueSync]:
        """Up to ``limit`` states due at ``now`` (oldest due first), each moved to
        ``lease_until`` in this transaction so no other scheduler claims it meanwhile (a
        claimed row another transaction holds is skipped, never waited for). The sync that
        runs it sets the real next due time; a sync lost on the way is claimed again when
        the lease ends."""
        ...
