"""The in-memory ChannelAccountRepository and AccountCredentialStore (staged in the unit of
work's transaction)."""

from __future__ import annotations

from collections.abc import Sequence

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.ports.account_credential_store import AccountCredentialStore
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.channel_account_repository import ChannelAccountFilter, ChannelAccountRepository
from umt.ports.credential_cipher import SealedSecret


def _matches(account: ChannelAccount, filters: ChannelAccountFilter) -> bool:
    return (
        (filters.brand_id is None or account.brand_id == filters.brand_id)
        and (filters.integration_id is None or account.integration_id == filters.integration_id)
        and (filters.channel is None or account.channel == filters.channel)
        and (filters.kind is None or account.kind == filters.kind)
        and (filters.status is None or account.status == filters.status)
        and (filters.brand_ids is None or account.brand_id in filters.brand_ids)
    )


class InMemoryChannelAccountRepository(InMemoryRepository, ChannelAccountRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[ChannelAccountId, int] = {}

    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> ChannelAccount | None:
        stored = self._store.channel_accounts.get(account_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._handed_out(stored)

    async def find_external(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        kind: ChannelKind,
        external_id: str,
    ) -> ChannelAccount | None:
        for stored in self._store.channel_accounts.values():
            if (stored.organization_id, stored.brand_id, stored.kind, stored.external_id) == (
                organization_id,
                brand_id,
                kind,
                external_id,
            ):
                return self._handed_out(stored)
        return None

    async def add(self, account: ChannelAccount) -> None:
        snapshot = detached(account)

        def check() -> None:
            if account.id in self._store.channel_accounts:
                raise Conflict(f"channel account {account.id} exists")
            for other in self._store.channel_accounts.values():
                if (other.brand_id, other.kind, other.external_id) == (
                    snapshot.brand_id,
                    snapshot.kind,
                    snapshot.external_id,
                ):
                    raise Conflict(
                        "the brand already has this channel account", field="external_id"
                    )

        self._tx.stage(
            lambda: self._store.channel_accounts.__setitem__(account.id, snapshot), check
        )
        self._loaded[account.id] = account.version
        self._tracker.track(account)

    async def save(self, account: ChannelAccount) -> None:
        check = version_check(
            self._store.channel_accounts,
            account.id,
            self._loaded.get(account.id, account.version),
            "channel account",
        )
        snapshot = detached(account)
        self._tx.stage(
            lambda: self._store.channel_accounts.__setitem__(account.id, snapshot), check
        )
        self._loaded[account.id] = account.version
        self._tracker.track(account)

    async def remove(self, account: ChannelAccount) -> None:
        check = version_check(
            self._store.channel_accounts,
            account.id,
            self._loaded.pop(account.id, account.version),
            "channel account",
        )

        def write() -> None:
            self._store.channel_accounts.pop(account.id, None)
            self._store.account_credentials.pop(account.id, None)  # as the SQL cascade does

        self._tx.stage(write, check)
        self._tracker.track(account)

    async def list(
        self, organization_id: OrganizationId, filters: ChannelAccountFilter
    ) -> Sequence[ChannelAccount]:
        found = sorted(
            (
                a
                for a in self._store.channel_accounts.values()
                if a.organization_id == organization_id and _matches(a, filters)
            ),
            key=lambda a: (a.created_at, a.id),
        )
        return [self._handed_out(a) for a in found]

    def _handed_out(self, stored: ChannelAccount) -> ChannelAccount:
        self._loaded[ChannelAccountId(stored.id)] = stored.version
        return self._tracker.track(detached(stored))


class InMemoryAccountCredentialStore(InMemoryRepository, AccountCredentialStore):
    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> SealedSecret | None:
        found = self._store.account_credentials.get(account_id)
        if found is None or found[0] != organization_id:
            return None
        return found[1]

    async def put(
        self, organization_id: OrganizationId, account_id: ChannelAccountId, sealed: SealedSecret
    ) -> None:
        self._tx.stage(
            lambda: self._store.account_credentials.__setitem__(
                account_id, (organization_id, sealed)
            )
        )

    async def delete(self, organization_id: OrganizationId, account_id: ChannelAccountId) -> None:
        def write() -> None:
            found = self._store.account_credentials.get(account_id)
            if found is not None and found[0] == organization_id:
                del self._store.account_credentials[account_id]

        self._tx.stage(write)
