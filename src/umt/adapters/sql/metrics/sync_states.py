"""SQL sync states: the repository with its explicit mapper, and the claim of due syncs."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, delete, exists, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.channels.tables import channel_accounts
from umt.adapters.sql.metrics.tables import metric_sync_states
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.integration.platforms import Platform
from umt.domain.metrics.sync_state import SyncState
from umt.domain.publishing.channel_account import AccountStatus
from umt.domain.publishing.channel_kinds import PLATFORM_OF, ChannelKind
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.sync_state_repository import DueSync, SyncStateRepository

_IMMUTABLE = ("id", "organization_id", "brand_id", "created_at")
_PK = "pk_metric_sync_states"


def sync_state_to_row(state: SyncState) -> dict[str, Any]:
    return {
        "id": state.id,
        "organization_id": state.organization_id,
        "brand_id": state.brand_id,
        "platform": state.platform.value,
        "cursor": state.cursor,
        "next_due_at": state.next_due_at,
        "last_attempt_at": state.last_attempt_at,
        "last_success_at": state.last_success_at,
        "last_error_reason": state.last_error_reason,
        "last_error_message": state.last_error_message,
        "consecutive_failures": state.consecutive_failures,
        "retry_not_before": state.retry_not_before,
        "samples_stored": state.samples_stored,
        "version": state.version,
        "created_at": state.created_at,
        "updated_at": state.updated_at,
    }


def sync_state_from_row(row: RowMapping) -> SyncState:
    return SyncState(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        platform=Platform(row["platform"]),
        cursor=row["cursor"],
        next_due_at=row["next_due_at"],
        last_attempt_at=row["last_attempt_at"],
        last_success_at=row["last_success_at"],
        last_error_reason=row["last_error_reason"],
        last_error_message=row["last_error_message"],
        consecutive_failures=row["consecutive_failures"],
        retry_not_before=row["retry_not_before"],
        samples_stored=row["samples_stored"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlSyncStateRepository(SqlRepository, SyncStateRepository):
    """Saved with an optimistic check against the version loaded in this unit of work."""

    def __init__(
        self, connection: Any, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}

    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> SyncState | None:
        result = await self._execute(
            select(metric_sync_states).where(
                metric_sync_states.c.id == account_id,
                metric_sync_states.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        return None if row is None else self._track(sync_state_from_row(row))

    async def add(self, state: SyncState) -> None:
        await self._execute(
            insert(metric_sync_states),
            sync_state_to_row(state),
            on_unique={_PK: lambda: Conflict("the channel account already has a sync state")},
        )
        self._track(state)

    async def save(self, state: SyncState) -> None:
        condition = (metric_sync_states.c.id == state.id) & (
            metric_sync_states.c.organization_id == state.organization_id
        )
        expected = self._loaded_versions.get(id(state))
        if expected is not None:
            condition &= metric_sync_states.c.version == expected
        values = {k: v for k, v in sync_state_to_row(state).items() if k not in _IMMUTABLE}
        result = await self._execute(update(metric_sync_states).where(condition).values(values))
        if result.rowcount == 0:
            raise StaleVersion(f"the sync state of {state.id} was changed meanwhile; reload it")
        self._track(state)

    async def remove(self, state: SyncState) -> None:
        await self._execute(
            delete(metric_sync_states).where(
                metric_sync_states.c.id == state.id,
                metric_sync_states.c.organization_id == state.organization_id,
            )
        )

    async def list(
        self, organization_id: OrganizationId, *, brand_id: BrandId | None = None
    ) -> Sequence[SyncState]:
        query = select(metric_sync_states).where(
            metric_sync_states.c.organization_id == organization_id
        )
        if brand_id is not None:
            query = query.where(metric_sync_states.c.brand_id == brand_id)
        query = query.order_by(metric_sync_states.c.next_due_at, metric_sync_states.c.id)
        result = await self._execute(query)
        return [self._track(sync_state_from_row(row)) for row in result.mappings()]

    async def enrol(self, *, kinds: frozenset[ChannelKind], now: datetime) -> int:
        if not kinds:
            return 0
        accounts = channel_accounts.c
        missing = (
            select(accounts.id, accounts.organization_id, accounts.brand_id, accounts.kind)
            .where(
                accounts.status == AccountStatus.ACTIVE.value,
                accounts.kind.in_(sorted(k.value for k in kinds)),
                ~exists().where(metric_sync_states.c.id == accounts.id),
            )
            .order_by(accounts.id)
        )
        rows = (await self._execute(missing)).mappings().all()
        if not rows:
            return 0
        new = [
            sync_state_to_row(
                SyncState.start(
                    account_id=ChannelAccountId(row["id"]),
                    organization_id=OrganizationId(row["organization_id"]),
                    brand_id=BrandId(row["brand_id"]),
                    platform=PLATFORM_OF[ChannelKind(row["kind"])],
                    now=now,
                )
            )
            for row in rows
        ]
        insert_: Any = pg_insert if self._dialect == "postgresql" else sqlite_insert
        # a concurrent enrolment may add some of them first: those are left alone
        statement = (
            insert_(metric_sync_states)
            .values(new)
            .on_conflict_do_nothing(index_elements=("id",))
            .returning(metric_sync_states.c.id)
        )
        return len((await self._execute(statement)).all())

    async def claim_due(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> builtins.list[DueSync]:
        due = metric_sync_states.c.next_due_at
        # FOR UPDATE SKIP LOCKED on PostgreSQL: schedulers on several instances each take
        # other rows. SQLite has no row locks (SQLAlchemy omits the clause) and serialises
        # writers; the conditional UPDATE keeps a row from being claimed twice there.
        query = (
            select(metric_sync_states.c.id, metric_sync_states.c.organization_id, due)
            .where(due <= now)
            .order_by(due, metric_sync_states.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = (await self._execute(query)).mappings().all()
        claimed: builtins.list[DueSync] = []
        for row in rows:
            result = await self._execute(
                update(metric_sync_states)
                .where(metric_sync_states.c.id == row["id"], due <= now)
                .values(next_due_at=lease_until)
            )
            if result.rowcount == 1:
                claimed.append(
                    DueSync(
                        organization_id=OrganizationId(row["organization_id"]),
                        channel_account_id=ChannelAccountId(row["id"]),
                        due_at=row["next_due_at"],
                    )
                )
        return claimed

    def _track(self, state: SyncState) -> SyncState:
        self._tracker.track(state)
        self._loaded_versions[id(state)] = state.version
        return state
