"""Shared steps of the integration use cases: finding the connector, sealing and opening
credentials, storing a proven connection, and scheduling its refresh and health checks.

Plaintext ``Credentials`` exist only inside the use case call that needs them: they are
sealed before they reach a unit of work and opened right before the platform call.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from umt.application.integration.config import IntegrationConfig
from umt.application.principal import Principal
from umt.application.services import Context
from umt.domain.identity.permissions import Permission
from umt.domain.integration.errors import PlatformNotConfigured
from umt.domain.integration.integration import (
    Account,
    Integration,
    IntegrationId,
    IntegrationStatus,
)
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import OrganizationId, UserId
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialCipher, CredentialUnreadable
from umt.ports.id_generator import IdGenerator
from umt.ports.platform_connector import AccountInfo, Credentials, PlatformConnector
from umt.ports.unit_of_work import UnitOfWork

E = TypeVar("E", bound=StrEnum)


class CredentialsMissing(NotFound):
    """The integration has no readable credentials (destroyed, or sealed under a lost key)."""

    code = "credentials_missing"


def choice(kind: type[E], value: str, field: str) -> E:
    """An enum member from a filter value; InvalidValue (422) listing the choices otherwise."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise InvalidValue(f"{value!r} is not one of: {allowed}", field=field) from None


def parse_platform(value: str) -> Platform:
    """The platform of a URL path; an unknown one is an absent resource (404)."""
    try:
        return Platform(value)
    except ValueError:
        raise NotFound(f"unknown platform {value!r}", field="platform") from None


def connector_for(
    platforms: Mapping[Platform, PlatformConnector],
    credential_cipher: CredentialCipher | None,
    platform: Platform,
) -> PlatformConnector:
    connector = platforms.get(platform)
    if connector is not None:
        # no vault, no connecting: say so before the platform is involved
        cipher_of(credential_cipher)
    if connector is None:
        raise PlatformNotConfigured(
            f"{platform.value} is not configured in this deployment", field="platform"
        )
    return connector


def cipher_of(credential_cipher: CredentialCipher | None) -> CredentialCipher:
    cipher = credential_cipher
    if cipher is None:  # production without UMT_CREDENTIAL_KEYS: nothing can be sealed
        raise PlatformNotConfigured(
            "integrations are not configured in this deployment (no credential key ring)"
        )
    return cipher


async def load_integration(
    uow: UnitOfWork, organization_id: OrganizationId, integration_id: UUID
) -> Integration:
    integration = await uow.integrations.get(organization_id, IntegrationId(integration_id))
    if integration is None:
        raise NotFound(f"integration {integration_id} not found")
    return integration


async def open_credentials(
    uow: UnitOfWork, cipher: CredentialCipher, integration: Integration
) -> Credentials:
    sealed = await uow.credentials.get(integration.organization_id, integration.id)
    if sealed is None:
        raise CredentialsMissing(f"integration {integration.id} has no stored credentials")
    try:
        plaintext = cipher.open(
            sealed, organization_id=integration.organization_id, integration_id=integration.id
        )
    except CredentialUnreadable:
        raise CredentialsMissing(
            f"the credentials of integration {integration.id} cannot be opened"
        ) from None
    return Credentials.from_bytes(plaintext)


async def store_credentials(
    uow: UnitOfWork, cipher: CredentialCipher, integration: Integration, credentials: Credentials
) -> None:
    sealed = cipher.seal(
        credentials.to_bytes(),
        organization_id=integration.organization_id,
        integration_id=integration.id,
    )
    await uow.credentials.put(integration.organization_id, integration.id, sealed)


def reschedule(config: IntegrationConfig, integration: Integration, now: datetime) -> None:
    """Next refresh ahead of expiry (when there is something to refresh) and next check."""
    live = integration.status in (IntegrationStatus.CONNECTED, IntegrationStatus.ERROR)
    refresh_at = None
    if live and integration.token_expires_at is not None:
        refresh_at = max(now, integration.token_expires_at - config.refresh_ahead)
    check_at = now + config.health_check_interval if integration.is_active else None
    integration.schedule(refresh_at=refresh_at, health_check_at=check_at)


def system_or_member(
    ctx: Context, organization_id: UUID | None, permission: Permission
) -> OrganizationId:
    """The organization a task acts in: the member's own (checked for ``permission``), or for
    a system task (the scheduler's, no principal) the one it names."""
    principal = ctx.principal
    if principal is not None:
        principal.require(permission)
        if organization_id is not None and organization_id != principal.organization_id:
            raise NotFound("integration not found")
        return principal.organization_id
    if organization_id is None:
        raise NotFound("integration not found")
    return OrganizationId(organization_id)


async def save_connection(
    ctx: Context,
    *,
    actor: Principal,
    platform: Platform,
    credentials: Credentials,
    account: AccountInfo,
    clock: Clock,
    ids: IdGenerator,
    credential_cipher: CredentialCipher | None,
    integrations: IntegrationConfig,
) -> Integration:
    """Store a proven connection: reconnecting an account updates its active integration."""
    now = clock.now()
    granted = account.granted_scopes if account.granted_scopes is not None else credentials.scopes
    async with ctx.uow as uow:
        integration = await uow.integrations.find_active(
            actor.organization_id, platform, account.external_id
        )
        is_new = integration is None
        if integration is None:
            integration = Integration.start(
                id=IntegrationId(ids.new_id()),
                organization_id=actor.organization_id,
                platform=platform,
                created_by=UserId(actor.user_id),
                now=now,
            )
        integration.connect(
            Account(external_id=account.external_id, name=account.name),
            scopes=frozenset(granted),
            token_expires_at=credentials.expires_at,
            now=now,
        )
        reschedule(integrations, integration, now)
        if is_new:
            await uow.integrations.add(integration)
        else:
            await uow.integrations.save(integration)
        await store_credentials(uow, cipher_of(credential_cipher), integration, credentials)
        await uow.commit()
    return integration
