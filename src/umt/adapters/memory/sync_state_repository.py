"""In-memory sync states: staged like every in-memory repository, claimed under the store's
lock so two schedulers never take the same due sync."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.metrics.sync_state import SyncState
from umt.domain.publishing.channel_account import AccountStatus
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.sync_state_repository import DueSync, SyncStateRepository


class InMemorySyncStateRepository(InMemoryRepository, SyncStateRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[ChannelAccountId, int] = {}

    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> SyncState | None:
        stored = self._store.metric_sync_states.get(account_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._track(detached(stored))

    async def add(self, state: SyncState) -> None:
        states = self._store.metric_sync_states

        def absent() -> None:
            if state.id in states:
                raise Conflict("the channel account already has a sync state")

        snapshot = detached(state)
        self._tx.stage(lambda: states.__setitem__(state.id, snapshot), absent)
        self._track(state)

    async def save(self, state: SyncState) -> None:
        states = self._store.metric_sync_states
        loaded = self._loaded.get(state.id, state.version)
        check = version_check(states, state.id, loaded, "the sync state")
        snapshot = detached(state)
        self._tx.stage(lambda: states.__setitem__(state.id, snapshot), check)
        self._track(state)

    async def remove(self, state: SyncState) -> None:
        self._tx.stage(lambda: self._store.metric_sync_states.pop(state.id, None))

    async def list(
        self, organization_id: OrganizationId, *, brand_id: BrandId | None = None
    ) -> Sequence[SyncState]:
        found = [
            s
            for s in self._store.metric_sync_states.values()
            if s.organization_id == organization_id and (brand_id is None or s.brand_id == brand_id)
        ]
        found.sort(key=lambda s: (s.next_due_at, str(s.id)))
        return [self._track(detached(s)) for s in found]

    async def enrol(self, *, kinds: frozenset[ChannelKind], now: datetime) -> int:
        async with self._store.lock:  # like claim_due: at once, never twice
            states = self._store.metric_sync_states
            missing = [
                account
                for account in self._store.channel_accounts.values()
                if account.status is AccountStatus.ACTIVE
                and account.kind in kinds
                and account.id not in states
            ]
            for account in missing:
                states[account.id] = SyncState.start(
                    account_id=account.id,
                    organization_id=account.organization_id,
                    brand_id=account.brand_id,
                    platform=account.platform,
                    now=now,
                )
        return len(missing)

    async def claim_due(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> builtins.list[DueSync]:
        async with self._store.lock:  # the claim takes effect at once, like a row lock
            due = sorted(
                (s for s in self._store.metric_sync_states.values() if s.next_due_at <= now),
                key=lambda s: (s.next_due_at, str(s.id)),
            )[:limit]
            claimed = []
            for state in due:
                claimed.append(
                    DueSync(
                        organization_id=state.organization_id,
                        channel_account_id=state.id,
                        due_at=state.next_due_at,
                    )
                )
                state.next_due_at = lease_until
        return claimed

    def _track(self, state: SyncState) -> SyncState:
        self._loaded[state.id] = state.version
        return self._tracker.track(state)
