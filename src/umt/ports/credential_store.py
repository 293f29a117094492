"""The CredentialStore port: each integration's sealed credentials, beside the aggregate.

Only sealed bytes pass through here; sealing and opening is the cipher's job, done by the use
case that needs the plaintext for one platform call.
"""

from __future__ import annotations

from typing import Protocol

from umt.domain.integration.integration import IntegrationId
from umt.domain.shared.ids import OrganizationId
from umt.ports.credential_cipher import SealedSecret


class CredentialStore(Protocol):
    async def get(
        self, organization_id: OrganizationId, integration_id: IntegrationId
    ) -> SealedSecret | None: ...

    async def put(
        self, organization_id: OrganizationId, integration_id: IntegrationId, sealed: SealedSecret
    ) -> None:
        """Insert or replace the integration's sealed credentials."""
        ...

    async def delete(self, organization_id: OrganizationId, integration_id: IntegrationId) -> None:
        """Destroy them (a disconnect); nothing happens when there are none."""
        ...
