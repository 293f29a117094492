"""``ChannelCredentials`` over the vault: what a capability call on a channel account acts with.

The account's own sealed token (a Page's page token) when it has one, else its integration's.
A token that expires within ``valid_for`` is refreshed first with the integration machinery
(``RefreshIntegrationTokens``, which records the outcome on the integration); a destination's
own token is renewed by asking the platform's discovery for it again. A token that cannot be
refreshed marks the integration ``needs_reauth`` (its existing status) and raises
``TokenExpired``, so the brand hears of it before publishing time, not at it. A transient
failure of the refresh leaves everything as it was: the current token is used while it still
works, else ``PlatformUnavailable``. Nothing here holds a transaction across a platform call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from umt.application.channels.vault import open_own_credentials, store_own_credentials
from umt.application.integration.config import IntegrationConfig
from umt.application.integration.maintenance import (
    RefreshIntegrationTokens,
    refresh_integration_tokens,
)
from umt.application.integration.vault import cipher_of, open_credentials
from umt.application.services import Context
from umt.domain.integration.errors import (
    ErrorReason,
    PlatformNotConfigured,
    PlatformUnavailable,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.integration import Integration, IntegrationId, IntegrationStatus
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.errors import NotFound, StaleVersion
from umt.domain.shared.ids import OrganizationId
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.channel_discovery import ChannelDiscovery
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.platform_connector import Credentials, PlatformConnector
from umt.ports.unit_of_work import UnitOfWork

_ATTEMPTS = 3  # of marking an integration when another writer got in first


def lasts(credentials: Credentials, now: datetime, valid_for: timedelta) -> bool:
    """Whether the token stays valid ``valid_for`` from ``now`` (no expiry: it does)."""
    return credentials.expires_at is None or credentials.expires_at > now + valid_for


class VaultChannelCredentials(ChannelCredentials):
    """The vault-backed ``ChannelCredentials`` the composition root binds for every context's
    handlers (``channel_credentials: ChannelCredentials``)."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        credential_cipher: CredentialCipher | None,
        platforms: Mapping[Platform, PlatformConnector],
        clock: Clock,
        integrations: IntegrationConfig,
    ) -> None:
        self._uow_factory = uow_factory
        self._cipher = credential_cipher
        self._platforms = platforms
        self._clock = clock
        self._config = integrations

    async def for_account(
        self, account: ChannelAccount, *, valid_for: timedelta = timedelta(minutes=5)
    ) -> Credentials:
        cipher = cipher_of(self._cipher)
        if not account.has_own_credentials:
            return await self.for_integration(
                account.organization_id, account.integration_id, valid_for=valid_for
            )
        async with self._uow_factory() as uow:
            own = await open_own_credentials(uow, cipher, account)
        if lasts(own, self._clock.now(), valid_for):
            return own
        return await self._renew_own(account, valid_for=valid_for)

    async def for_integration(
        self,
        organization_id: OrganizationId,
        integration_id: IntegrationId,
        *,
        valid_for: timedelta = timedelta(minutes=5),
    ) -> Credentials:
        cipher = cipher_of(self._cipher)
        async with self._uow_factory() as uow:
            integration = await _integration(uow, organization_id, integration_id)
            _require_usable(integration)
            current = await open_credentials(uow, cipher, integration)
        if lasts(current, self._clock.now(), valid_for):
            return current
        connector = self._platforms.get(integration.platform)
        if connector is None or not current.refresh_token:
            await self._needs_reauth(integration)
            raise TokenExpired(
                "the token expires and cannot be refreshed: reconnect the integration",
                platform=integration.platform.value,
            )
        command = RefreshIntegrationTokens(
            integration_id=integration.id, organization_id=integration.organization_id
        )
        after = await refresh_integration_tokens(
            command,
            Context(uow_factory=self._uow_factory),
            clock=self._clock,
            credential_cipher=cipher,
            platforms=self._platforms,
            integrations=self._config,
        )
        if after.status is IntegrationStatus.NEEDS_REAUTH:
            raise TokenExpired(
                "the platform refused to refresh the token: reconnect the integration",
                platform=integration.platform.value,
            )
        async with self._uow_factory() as uow:
            refreshed = await open_credentials(uow, cipher, after)
        if refreshed.access_token != current.access_token:
            return refreshed  # refreshable: a shorter-lived new token is renewed again later
        if lasts(current, self._clock.now(), timedelta(0)):
            return current  # the refresh failed for now, but the token still works
        raise PlatformUnavailable(
            "the token expired and the platform could not refresh it; try again later",
            platform=integration.platform.value,
        )

    async def _renew_own(self, account: ChannelAccount, *, valid_for: timedelta) -> Credentials:
        """A destination's own token expires: its integration's grant yields a new one."""
        cipher = cipher_of(self._cipher)
        base = await self.for_integration(
            account.organization_id, account.integration_id, valid_for=timedelta(0)
        )
        connector = self._platforms.get(account.platform)
        if not isinstance(connector, ChannelDiscovery):
            raise PlatformNotConfigured(f"{account.platform.value} is not configured")
        found = {(d.kind, d.external_id): d for d in await connector.discover(base)}
        fresh = found.get((account.kind, account.external_id))
        now = self._clock.now()
        if (
            fresh is None
            or fresh.credentials is None
            or not lasts(fresh.credentials, now, valid_for)
        ):
            async with self._uow_factory() as uow:
                integration = await _integration(
                    uow, account.organization_id, account.integration_id
                )
            await self._needs_reauth(integration)
            raise TokenExpired(
                f"the token of {account.name} expires and the platform gave no new one",
                platform=account.platform.value,
            )
        async with self._uow_factory() as uow:
            await store_own_credentials(uow, cipher, account, fresh.credentials)
            await uow.commit()
        return fresh.credentials

    async def _needs_reauth(self, loaded: Integration) -> None:
        """Mark the integration ``needs_reauth`` (once; a concurrent writer is retried)."""
        for attempt in range(_ATTEMPTS):
            try:
                async with self._uow_factory() as uow:
                    integration = await _integration(uow, loaded.organization_id, loaded.id)
                    if integration.status not in (
                        IntegrationStatus.CONNECTED,
                        IntegrationStatus.ERROR,
                    ):
                        return
                    integration.require_reauth(ErrorReason.TOKEN_EXPIRED, now=self._clock.now())
                    await uow.integrations.save(integration)
                    await uow.commit()
                    return
            except StaleVersion:
                if attempt == _ATTEMPTS - 1:
                    raise


async def _integration(
    uow: UnitOfWork, organization_id: OrganizationId, integration_id: IntegrationId
) -> Integration:
    integration = await uow.integrations.get(organization_id, integration_id)
    if integration is None:
        raise NotFound(f"integration {integration_id} not found")
    return integration


def _require_usable(integration: Integration) -> None:
    """A revoked integration acts for nobody; one that needs a new grant cannot act now."""
    platform = integration.platform.value
    if integration.status is IntegrationStatus.REVOKED:
        raise TokenRevoked("the integration was disconnected", platform=platform)
    if integration.status is IntegrationStatus.NEEDS_REAUTH:
        raise TokenExpired("the integration needs to be reconnected", platform=platform)
    if integration.status is IntegrationStatus.PENDING:
        raise TokenExpired("the integration is not connected yet", platform=platform)
