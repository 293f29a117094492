"""The AccountCredentialStore port: the sealed own token of a channel account that has one (a
Facebook Page's page token), beside the account.

Only sealed bytes pass through here, sealed for (organization, account id); sealing and
opening is the application's (application/channels/vault.py).
"""

from __future__ import annotations

from typing import Protocol

from umt.domain.shared.ids import ChannelAccountId, OrganizationId
from umt.ports.credential_cipher import SealedSecret


class AccountCredentialStore(Protocol):
    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> SealedSecret | None: ...

    async def put(
        self, organization_id: OrganizationId, account_id: ChannelAccountId, sealed: SealedSecret
    ) -> None:
        """Insert or replace the account's sealed token (the account must exist)."""
        ...

    async def delete(self, organization_id: OrganizationId, account_id: ChannelAccountId) -> None:
        """Destroy it; nothing happens when there is none. Removing the account destroys it
        too."""
        ...
