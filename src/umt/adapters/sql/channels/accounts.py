"""The SQL ChannelAccountRepository, with its explicit row mapper."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, delete, insert, select, update

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.channels.tables import channel_accounts
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount, StatusReason
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.channel_account_repository import ChannelAccountFilter, ChannelAccountRepository

_IMMUTABLE = ("id", "organization_id", "brand_id", "kind", "external_id", "created_at")
_DESTINATION = "uq_channel_accounts_brand_destination"


def _duplicate() -> Conflict:
    return Conflict("the brand already has this channel account", field="external_id")


def _stale(account: ChannelAccount) -> StaleVersion:
    return StaleVersion(f"channel account {account.id} was changed meanwhile; reload it")


def account_to_row(account: ChannelAccount) -> dict[str, Any]:
    return {
        "id": account.id,
        "organization_id": account.organization_id,
        "brand_id": account.brand_id,
        "integration_id": account.integration_id,
        "kind": account.kind.value,
        "external_id": account.external_id,
        "name": account.name,
        "channel": account.channel.value,
        "time_zone": account.time_zone,
        "currency": account.currency,
        "details": dict(account.details),
        "has_own_credentials": account.has_own_credentials,
        "status": account.status.value,
        "status_reason": None if account.status_reason is None else account.status_reason.value,
        "daily_cap": account.daily_cap,
        "min_spacing_minutes": account.min_spacing_minutes,
        "version": account.version,
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    }


def account_from_row(row: RowMapping) -> ChannelAccount:
    return ChannelAccount(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        integration_id=row["integration_id"],
        kind=ChannelKind(row["kind"]),
        external_id=row["external_id"],
        name=row["name"],
        channel=Channel(row["channel"]),
        time_zone=row["time_zone"],
        currency=row["currency"],
        details={str(k): str(v) for k, v in row["details"].items()},
        has_own_credentials=bool(row["has_own_credentials"]),
        status=AccountStatus(row["status"]),
        status_reason=None if row["status_reason"] is None else StatusReason(row["status_reason"]),
        daily_cap=row["daily_cap"],
        min_spacing_minutes=row["min_spacing_minutes"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlChannelAccountRepository(SqlRepository, ChannelAccountRepository):
    """Channel accounts, saved and removed with an optimistic check against the version
    loaded in this unit of work."""

    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}

    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> ChannelAccount | None:
        return await self._one(
            channel_accounts.c.id == account_id,
            channel_accounts.c.organization_id == organization_id,
        )

    async def find_external(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        kind: ChannelKind,
        external_id: str,
    ) -> ChannelAccount | None:
        return await self._one(
            channel_accounts.c.organization_id == organization_id,
            channel_accounts.c.brand_id == brand_id,
            channel_accounts.c.kind == kind.value,
            channel_accounts.c.external_id == external_id,
        )

    async def add(self, account: ChannelAccount) -> None:
        await self._execute(
            insert(channel_accounts),
            account_to_row(account),
            on_unique={_DESTINATION: _duplicate},
        )
        self._track(account)

    async def save(self, account: ChannelAccount) -> None:
        condition = (channel_accounts.c.id == account.id) & (
            channel_accounts.c.organization_id == account.organization_id
        )
        expected = self._loaded_versions.get(id(account))
        if expected is not None:
            condition &= channel_accounts.c.version == expected
        values = {k: v for k, v in account_to_row(account).items() if k not in _IMMUTABLE}
        result = await self._execute(update(channel_accounts).where(condition).values(values))
        if result.rowcount == 0:
            raise _stale(account)
        self._track(account)

    async def remove(self, account: ChannelAccount) -> None:
        expected = self._loaded_versions.pop(id(account), account.version)
        result = await self._execute(
            delete(channel_accounts).where(
                channel_accounts.c.id == account.id,
                channel_accounts.c.organization_id == account.organization_id,
                channel_accounts.c.version == expected,
            )
        )
        if result.rowcount == 0:
            raise _stale(account)
        self._tracker.track(account)  # so its ChannelAccountRemoved event is still collected

    async def list(
        self, organization_id: OrganizationId, filters: ChannelAccountFilter
    ) -> Sequence[ChannelAccount]:
        c = channel_accounts.c
        query = select(channel_accounts).where(c.organization_id == organization_id)
        if filters.brand_id is not None:
            query = query.where(c.brand_id == filters.brand_id)
        if filters.integration_id is not None:
            query = query.where(c.integration_id == filters.integration_id)
        if filters.channel is not None:
            query = query.where(c.channel == filters.channel.value)
        if filters.kind is not None:
            query = query.where(c.kind == filters.kind.value)
        if filters.status is not None:
            query = query.where(c.status == filters.status.value)
        if filters.brand_ids is not None:
            query = query.where(c.brand_id.in_(sorted(filters.brand_ids)))
        result = await self._execute(query.order_by(c.created_at, c.id))
        return [self._track(account_from_row(row)) for row in result.mappings()]

    async def _one(self, *conditions: Any) -> ChannelAccount | None:
        result = await self._execute(select(channel_accounts).where(*conditions))
        row = result.mappings().first()
        return None if row is None else self._track(account_from_row(row))

    def _track(self, account: ChannelAccount) -> ChannelAccount:
        self._tracker.track(account)
        self._loaded_versions[id(account)] = account.version
        return account
