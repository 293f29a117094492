"""In-memory repositories of the integration context: integrations, sealed credentials and
authorizations in flight (all staged in the unit of work's transaction)."""

from __future__ import annotations

import builtins
from datetime import datetime

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.integration.integration import Integration, IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.credential_cipher import SealedSecret
from umt.ports.credential_store import CredentialStore
from umt.ports.integration_repository import (
    DueIntegration,
    DueWork,
    IntegrationFilter,
    IntegrationRepository,
)
from umt.ports.oauth_state_store import OAuthStateStore, PendingAuthorization


def _same_account(a: Integration, b: Integration) -> bool:
    return (
        a.id != b.id
        and a.is_active
        and b.is_active
        and a.account is not None
        and b.account is not None
        and (a.organization_id, a.platform, a.account.external_id)
        == (b.organization_id, b.platform, b.account.external_id)
    )


class InMemoryIntegrationRepository(InMemoryRepository, IntegrationRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[IntegrationId, int] = {}

    async def get(
        self, organization_id: OrganizationId, integration_id: IntegrationId
    ) -> Integration | None:
        stored = self._store.integrations.get(integration_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[integration_id] = stored.version
        return self._tracker.track(detached(stored))

    async def find_active(
        self, organization_id: OrganizationId, platform: Platform, external_account_id: str
    ) -> Integration | None:
        for stored in self._store.integrations.values():
            if (
                stored.organization_id == organization_id
                and stored.platform == platform
                and stored.is_active
                and stored.account is not None
                and stored.account.external_id == external_account_id
            ):
                return await self.get(organization_id, IntegrationId(stored.id))
        return None

    def _unique(self, integration: Integration) -> None:
        if any(_same_account(integration, other) for other in self._store.integrations.values()):
            raise Conflict("this account is already connected", field="account")

    async def add(self, integration: Integration) -> None:
        snapshot = detached(integration)

        def check() -> None:
            if integration.id in self._store.integrations:
                raise Conflict(f"integration {integration.id} exists")
            self._unique(snapshot)

        self._tx.stage(
            lambda: self._store.integrations.__setitem__(integration.id, snapshot), check
        )
        self._loaded[integration.id] = integration.version
        self._tracker.track(integration)

    async def save(self, integration: Integration) -> None:
        versioned = version_check(
            self._store.integrations, integration.id, self._loaded[integration.id], "integration"
        )
        snapshot = detached(integration)

        def check() -> None:
            versioned()
            self._unique(snapshot)

        self._tx.stage(
            lambda: self._store.integrations.__setitem__(integration.id, snapshot), check
        )
        self._loaded[integration.id] = integration.version
        self._tracker.track(integration)

    async def list(
        self, organization_id: OrganizationId, filters: IntegrationFilter
    ) -> builtins.list[Integration]:
        found = [
            i
            for i in self._store.integrations.values()
            if i.organization_id == organization_id
            and (filters.status is None or i.status == filters.status)
            and (filters.platform is None or i.platform == filters.platform)
        ]
        found.sort(key=lambda i: (i.created_at, i.id))
        return [detached(i) for i in found]

    async def claim_due(
        self, work: DueWork, *, now: datetime, retry_at: datetime, limit: int
    ) -> builtins.list[DueIntegration]:
        attribute = "next_refresh_at" if work is DueWork.REFRESH else "next_health_check_at"
        due = sorted(
            (
                i
                for i in self._store.integrations.values()
                if (at := getattr(i, attribute)) is not None and at <= now
            ),
            key=lambda i: (getattr(i, attribute), i.id),
        )[:limit]
        claimed = [
            DueIntegration(
                organization_id=i.organization_id,
                integration_id=IntegrationId(i.id),
                due_at=getattr(i, attribute),
            )
            for i in due
        ]

        def write() -> None:
            for item in claimed:
                stored = self._store.integrations.get(item.integration_id)
                if stored is not None:
                    setattr(stored, attribute, retry_at)

        self._tx.stage(write)
        return claimed


class InMemoryCredentialStore(InMemoryRepository, CredentialStore):
    async def get(
        self, organization_id: OrganizationId, integration_id: IntegrationId
    ) -> SealedSecret | None:
        found = self._store.credentials.get(integration_id)
        if found is None or found[0] != organization_id:
            return None
        return found[1]

    async def put(
        self, organization_id: OrganizationId, integration_id: IntegrationId, sealed: SealedSecret
    ) -> None:
        self._tx.stage(
            lambda: self._store.credentials.__setitem__(integration_id, (organization_id, sealed))
        )

    async def delete(self, organization_id: OrganizationId, integration_id: IntegrationId) -> None:
        def write() -> None:
            found = self._store.credentials.get(integration_id)
            if found is not None and found[0] == organization_id:
                del self._store.credentials[integration_id]

        self._tx.stage(write)


class InMemoryOAuthStateStore(InMemoryRepository, OAuthStateStore):
    async def add(self, pending: PendingAuthorization) -> None:
        def check() -> None:
            if pending.state_hash in self._store.oauth_states:
                raise Conflict("this state is in use")

        self._tx.stage(
            lambda: self._store.oauth_states.__setitem__(pending.state_hash, pending), check
        )

    async def take(self, state_hash: str) -> PendingAuthorization | None:
        # Removed at once, not at commit: of two callbacks racing with one state, one wins
        # (a database's DELETE ... RETURNING behaves the same under its row lock).
        return self._store.oauth_states.pop(state_hash, None)

    async def purge_expired(self, now: datetime) -> int:
        expired = [k for k, v in self._store.oauth_states.items() if v.expires_at < now]
        for key in expired:
            del self._store.oauth_states[key]
        return len(expired)
