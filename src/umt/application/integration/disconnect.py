"""DisconnectIntegration: withdraw the grant at the platform (best effort), mark the
integration revoked and destroy its credentials."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.integration.vault import (
    CredentialsMissing,
    cipher_of,
    load_integration,
    open_credentials,
)
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.errors import PlatformError
from umt.domain.integration.integration import Integration, IntegrationStatus
from umt.domain.integration.platforms import Platform
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.platform_connector import Credentials, PlatformConnector

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class DisconnectIntegration:
    use_case: ClassVar = UseCase(Permission.INTEGRATIONS_MANAGE)
    integration_id: UUID


async def disconnect_integration(
    cmd: DisconnectIntegration,
    ctx: Context,
    *,
    credential_cipher: CredentialCipher | None,
    platforms: Mapping[Platform, PlatformConnector],
    clock: Clock,
) -> Integration:
    actor = ctx.actor()
    actor.require(DisconnectIntegration.use_case.permission)
    credentials: Credentials | None = None
    async with ctx.uow as uow:
        integration = await load_integration(uow, actor.organization_id, cmd.integration_id)
        if integration.status is IntegrationStatus.REVOKED:
            return integration  # already disconnected: nothing left to do
        try:
            credentials = await open_credentials(uow, cipher_of(credential_cipher), integration)
        except CredentialsMissing:
            credentials = None
    connector = platforms.get(integration.platform)
    if connector is not None and credentials is not None:
        try:
            await connector.revoke(credentials)
        except PlatformError as exc:
            # best effort: the grant dies with our copy of the tokens either way
            log.warning(
                "revoking at the platform failed",
                extra={"platform": exc.platform, "reason": exc.reason.value},
            )
    del credentials
    async with ctx.uow as uow:
        integration = await load_integration(uow, actor.organization_id, cmd.integration_id)
        if integration.status is not IntegrationStatus.REVOKED:
            integration.revoke(now=clock.now())
            await uow.integrations.save(integration)
        await uow.credentials.delete(integration.organization_id, integration.id)
        await uow.commit()
    return integration
