"""SQL repositories of the integration context: integrations (with the scheduler's claims),
sealed credentials, and OAuth authorizations in flight. Rows are mapped by hand, so
rebuilding an integration records no events."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy import exc as sa_exc

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.integration.mappers import (
    integration_from_row,
    integration_to_row,
    pending_from_row,
)
from umt.adapters.sql.integration.tables import integration_credentials, integrations, oauth_states
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.integration.integration import (
    Integration,
    IntegrationId,
    IntegrationStatus,
)
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import Conflict, StaleVersion
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

_IMMUTABLE = ("id", "organization_id", "created_at", "created_by", "platform")
_ACTIVE_ACCOUNT = "uq_integrations_active_account"


def _duplicate() -> Conflict:
    return Conflict("this account is already connected", field="account")


class SqlIntegrationRepository(SqlRepository, IntegrationRepository):
    """Integrations, saved with an optimistic check against the version loaded here."""

    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}

    async def _write(self, statement: Any, parameters: Any = None) -> Any:
        try:
            return await self._execute(
                statement, parameters, on_unique={_ACTIVE_ACCOUNT: _duplicate}
            )
        except sa_exc.IntegrityError as exc:
            # SQLite names a unique index's columns, not the index: recognise them here
            if "integrations.external_account_id" in str(exc.orig):
                raise _duplicate() from exc
            raise

    async def get(
        self, organization_id: OrganizationId, integration_id: IntegrationId
    ) -> Integration | None:
        result = await self._execute(
            select(integrations).where(
                integrations.c.id == integration_id,
                integrations.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        return None if row is None else self._track(integration_from_row(row))

    async def find_active(
        self, organization_id: OrganizationId, platform: Platform, external_account_id: str
    ) -> Integration | None:
        result = await self._execute(
            select(integrations).where(
                integrations.c.organization_id == organization_id,
                integrations.c.platform == platform.value,
                integrations.c.external_account_id == external_account_id,
                integrations.c.status != IntegrationStatus.REVOKED.value,
            )
        )
        row = result.mappings().first()
        return None if row is None else self._track(integration_from_row(row))

    async def add(self, integration: Integration) -> None:
        await self._write(insert(integrations), integration_to_row(integration))
        self._track(integration)

    async def save(self, integration: Integration) -> None:
        expected = self._loaded_versions.get(id(integration))
        condition = (integrations.c.id == integration.id) & (
            integrations.c.organization_id == integration.organization_id
        )
        if expected is not None:
            condition &= integrations.c.version == expected
        values = {k: v for k, v in integration_to_row(integration).items() if k not in _IMMUTABLE}
        result = await self._write(update(integrations).where(condition).values(values))
        if result.rowcount == 0:
            raise StaleVersion(
                f"integration {integration.id} was changed meanwhile; reload and retry"
            )
        self._track(integration)

    async def list(
        self, organization_id: OrganizationId, filters: IntegrationFilter
    ) -> builtins.list[Integration]:
        query = select(integrations).where(integrations.c.organization_id == organization_id)
        if filters.status is not None:
            query = query.where(integrations.c.status == filters.status.value)
        if filters.platform is not None:
            query = query.where(integrations.c.platform == filters.platform.value)
        query = query.order_by(integrations.c.created_at, integrations.c.id)
        result = await self._execute(query)
        return [integration_from_row(row) for row in result.mappings()]

    async def claim_due(
        self, work: DueWork, *, now: datetime, retry_at: datetime, limit: int
    ) -> builtins.list[DueIntegration]:
        column = (
            integrations.c.next_refresh_at
            if work is DueWork.REFRESH
            else integrations.c.next_health_check_at
        )
        # FOR UPDATE SKIP LOCKED on PostgreSQL: schedulers on several instances each take
        # other rows. SQLite has no row locks (SQLAlchemy omits the clause) and serialises
        # writers; the conditional UPDATE below keeps a row from being claimed twice there.
        query = (
            select(integrations.c.id, integrations.c.organization_id, column)
            .where(column <= now)
            .order_by(column, integrations.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = (await self._execute(query)).mappings().all()
        claimed: builtins.list[DueIntegration] = []
        for row in rows:
            integration_id, organization_id, due_at = (
                row["id"],
                row["organization_id"],
                row[column.name],
            )
            result = await self._execute(
                update(integrations)
                .where(integrations.c.id == integration_id, column <= now)
                .values({column.name: retry_at})
            )
            if result.rowcount == 1:
                claimed.append(
                    DueIntegration(
                        organization_id=OrganizationId(organization_id),
                        integration_id=IntegrationId(integration_id),
                        due_at=due_at,
                    )
                )
        return claimed

    def _track(self, integration: Integration) -> Integration:
        self._tracker.track(integration)
        self._loaded_versions[id(integration)] = integration.version
        return integration


class SqlCredentialStore(SqlRepository, CredentialStore):
    async def get(
        self, organization_id: OrganizationId, integration_id: IntegrationId
    ) -> SealedSecret | None:
        result = await self._execute(
            select(integration_credentials.c.key_id, integration_credentials.c.ciphertext).where(
                integration_credentials.c.integration_id == integration_id,
                integration_credentials.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        return None if row is None else SealedSecret(row["key_id"], bytes(row["ciphertext"]))

    async def put(
        self, organization_id: OrganizationId, integration_id: IntegrationId, sealed: SealedSecret
    ) -> None:
        values = {"key_id": sealed.key_id, "ciphertext": sealed.ciphertext}
        result = await self._execute(
            update(integration_credentials)
            .where(
                integration_credentials.c.integration_id == integration_id,
                integration_credentials.c.organization_id == organization_id,
            )
            .values(values)
        )
        if result.rowcount == 0:
            await self._execute(
                insert(integration_credentials),
                {"integration_id": integration_id, "organization_id": organization_id, **values},
            )

    async def delete(self, organization_id: OrganizationId, integration_id: IntegrationId) -> None:
        await self._execute(
            delete(integration_credentials).where(
                integration_credentials.c.integration_id == integration_id,
                integration_credentials.c.organization_id == organization_id,
            )
        )


class SqlOAuthStateStore(SqlRepository, OAuthStateStore):
    async def add(self, pending: PendingAuthorization) -> None:
        await self._execute(
            insert(oauth_states),
            {
                "state_hash": pending.state_hash,
                "id": pending.id,
                "binding_hash": pending.binding_hash,
                "organization_id": pending.organization_id,
                "user_id": pending.user_id,
                "platform": pending.platform.value,
                "scopes": list(pending.scopes),
                "redirect_uri": pending.redirect_uri,
                "return_to": pending.return_to,
                "key_id": pending.sealed_verifier.key_id,
                "verifier_ciphertext": pending.sealed_verifier.ciphertext,
                "created_at": pending.created_at,
                "expires_at": pending.expires_at,
            },
        )

    async def take(self, state_hash: str) -> PendingAuthorization | None:
        # DELETE ... RETURNING: of two transactions racing for one state, the second waits on
        # the row lock and then deletes nothing
        result = await self._execute(
            delete(oauth_states)
            .where(oauth_states.c.state_hash == state_hash)
            .returning(*oauth_states.c)
        )
        row = result.mappings().first()
        return None if row is None else pending_from_row(row)

    async def purge_expired(self, now: datetime) -> int:
        result = await self._execute(delete(oauth_states).where(oauth_states.c.expires_at < now))
        return int(result.rowcount)
