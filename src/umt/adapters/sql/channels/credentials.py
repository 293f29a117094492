"""The SQL AccountCredentialStore: a channel account's sealed own token."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.channels.tables import channel_account_credentials as table
from umt.domain.shared.ids import ChannelAccountId, OrganizationId
from umt.ports.account_credential_store import AccountCredentialStore
from umt.ports.credential_cipher import SealedSecret


class SqlAccountCredentialStore(SqlRepository, AccountCredentialStore):
    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> SealedSecret | None:
        result = await self._execute(
            select(table.c.key_id, table.c.ciphertext).where(
                table.c.account_id == account_id, table.c.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        return None if row is None else SealedSecret(row["key_id"], bytes(row["ciphertext"]))

    async def put(
        self, organization_id: OrganizationId, account_id: ChannelAccountId, sealed: SealedSecret
    ) -> None:
        values = {"key_id": sealed.key_id, "ciphertext": sealed.ciphertext}
        result = await self._execute(
            update(table)
            .where(table.c.account_id == account_id, table.c.organization_id == organization_id)
            .values(values)
        )
        if result.rowcount == 0:
            await self._execute(
                insert(table),
                {"account_id": account_id, "organization_id": organization_id, **values},
            )

    async def delete(self, organization_id: OrganizationId, account_id: ChannelAccountId) -> None:
        await self._execute(
            delete(table).where(
                table.c.account_id == account_id, table.c.organization_id == organization_id
            )
        )
