"""RefreshIntegrationTokens and CheckIntegrationHealth: the auth-integration agent's upkeep.

Both run as tasks, submitted by the scheduler (no principal: a system task naming its
organization) or by a member (on demand). The platform call happens between two short
transactions, never inside one: no database connection waits on a platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.integration.config import IntegrationConfig
from umt.application.integration.vault import (
    CredentialsMissing,
    cipher_of,
    load_integration,
    open_credentials,
    reschedule,
    store_credentials,
    system_or_member,
)
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.errors import ErrorReason, PlatformError, RateLimited
from umt.domain.integration.integration import Integration, IntegrationStatus
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import IllegalTransition, StaleVersion
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.platform_connector import Credentials, PlatformConnector
from umt.ports.unit_of_work import UnitOfWork

_REFRESHABLE = (IntegrationStatus.CONNECTED, IntegrationStatus.ERROR)
_LIVE = (*_REFRESHABLE, IntegrationStatus.NEEDS_REAUTH)
_ATTEMPTS = 3  # of recording an outcome when another writer got in first


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshIntegrationTokens:
    use_case: ClassVar = UseCase(
        Permission.INTEGRATIONS_MANAGE,
        task="integration.refresh_tokens",
        agent=Agent.AUTH_INTEGRATION,
        anonymous=True,
    )
    integration_id: UUID
    organization_id: UUID | None = None  # for the scheduler's tasks, which have no principal


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckIntegrationHealth:
    use_case: ClassVar = UseCase(
        Permission.INTEGRATIONS_MANAGE,
        task="integration.check_health",
        agent=Agent.AUTH_INTEGRATION,
        anonymous=True,
    )
    integration_id: UUID
    organization_id: UUID | None = None


async def refresh_integration_tokens(
    cmd: RefreshIntegrationTokens,
    ctx: Context,
    *,
    clock: Clock,
    credential_cipher: CredentialCipher | None,
    platforms: Mapping[Platform, PlatformConnector],
    integrations: IntegrationConfig,
) -> Integration:
    """New tokens ahead of expiry. A refused refresh (expired, revoked, invalid) moves the
    integration to needs_reauth once; a transient failure is retried later, status unchanged.
    The stored refresh token survives a refresh that returns none."""
    organization_id = system_or_member(
        ctx, cmd.organization_id, RefreshIntegrationTokens.use_case.permission
    )
    async with ctx.uow as uow:
        integration = await load_integration(uow, organization_id, cmd.integration_id)
        if integration.status not in _REFRESHABLE:
            return integration
        credentials = await _credentials_or_none(uow, credential_cipher, integration)
    connector = platforms.get(integration.platform)
    settling = _Settling(clock=clock, cipher=credential_cipher, config=integrations)
    if credentials is None or connector is None or not credentials.refresh_token:
        return await _settle(ctx, settling, integration, None, refreshed=None)
    try:
        refreshed = credentials.refreshed_with(await connector.refresh(credentials))
    except PlatformError as exc:
        return await _settle(ctx, settling, integration, exc, refreshed=None)
    return await _settle(ctx, settling, integration, None, refreshed=refreshed)


@dataclass(frozen=True, slots=True)
class _Settling:
    """What recording a refresh's outcome needs of the handler's collaborators."""

    clock: Clock
    cipher: CredentialCipher | None
    config: IntegrationConfig


async def _settle(
    ctx: Context,
    settling: _Settling,
    loaded: Integration,
    error: PlatformError | None,
    *,
    refreshed: Credentials | None,
) -> Integration:
    """Record the outcome; a concurrent writer (a scheduled and an on-demand refresh racing, a
    health check) makes it reload and apply again rather than fail the task."""
    for attempt in range(_ATTEMPTS):
        try:
            return await _settle_once(ctx, settling, loaded, error, refreshed=refreshed)
        except StaleVersion:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


async def _settle_once(
    ctx: Context,
    settling: _Settling,
    loaded: Integration,
    error: PlatformError | None,
    *,
    refreshed: Credentials | None,
) -> Integration:
    now = settling.clock.now()
    async with ctx.uow as uow:
        integration = await load_integration(uow, loaded.organization_id, loaded.id)
        if integration.status not in _REFRESHABLE:
            return integration  # disconnected or re-authorized meanwhile
        if refreshed is not None:
            integration.tokens_refreshed(
                token_expires_at=refreshed.expires_at, scopes=refreshed.scopes, now=now
            )
            await store_credentials(uow, cipher_of(settling.cipher), integration, refreshed)
            reschedule(settling.config, integration, now)
        elif error is not None and error.needs_reauth:
            integration.require_reauth(error.reason, now=now)
        elif error is not None:
            if not error.retryable:
                integration.fail(error.reason, now=now)
            integration.schedule(
                refresh_at=now + _retry_delay(settling.config, error),
                health_check_at=integration.next_health_check_at,
            )
        else:  # nothing to refresh with: stop asking until the next connect
            integration.schedule(refresh_at=None, health_check_at=integration.next_health_check_at)
        await uow.integrations.save(integration)
        await uow.commit()
    return integration


def _retry_delay(config: IntegrationConfig, error: PlatformError) -> timedelta:
    delay = config.retry_after
    if isinstance(error, RateLimited) and error.retry_after_seconds:
        delay = max(delay, timedelta(seconds=error.retry_after_seconds))
    return delay


async def check_integration_health(
    cmd: CheckIntegrationHealth,
    ctx: Context,
    *,
    clock: Clock,
    credential_cipher: CredentialCipher | None,
    platforms: Mapping[Platform, PlatformConnector],
    integrations: IntegrationConfig,
) -> Integration:
    """One cheap authenticated call: records when and with what result, and moves the status
    per the typed error (needs_reauth, error; a rate limit changes nothing)."""
    organization_id = system_or_member(
        ctx, cmd.organization_id, CheckIntegrationHealth.use_case.permission
    )
    async with ctx.uow as uow:
        integration = await load_integration(uow, organization_id, cmd.integration_id)
        if integration.status not in _LIVE:
            if ctx.principal is None:
                return integration  # a scheduled check of a revoked integration: nothing to do
            raise IllegalTransition(
                f"a {integration.status.value} integration cannot be health-checked",
                field="status",
            )
        credentials = await _credentials_or_none(uow, credential_cipher, integration)
    connector = platforms.get(integration.platform)
    reason: ErrorReason | None = None
    needs_reauth = False
    if credentials is None:
        reason, needs_reauth = ErrorReason.INVALID_CREDENTIALS, True
    elif connector is None:
        reason = ErrorReason.PLATFORM_UNAVAILABLE
    else:
        try:
            await connector.test_connection(credentials)
        except PlatformError as exc:
            reason, needs_reauth = exc.reason, exc.needs_reauth
    del credentials
    for attempt in range(_ATTEMPTS):
        try:
            return await _record_health(
                ctx,
                integration,
                reason,
                needs_reauth=needs_reauth,
                clock=clock,
                config=integrations,
            )
        except StaleVersion:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


async def _record_health(
    ctx: Context,
    loaded: Integration,
    reason: ErrorReason | None,
    *,
    needs_reauth: bool,
    clock: Clock,
    config: IntegrationConfig,
) -> Integration:
    now = clock.now()
    async with ctx.uow as uow:
        integration = await load_integration(uow, loaded.organization_id, loaded.id)
        if integration.status not in _LIVE:
            return integration
        integration.record_health(reason, needs_reauth=needs_reauth, now=now)
        integration.schedule(
            refresh_at=integration.next_refresh_at,
            health_check_at=now + config.health_check_interval,
        )
        await uow.integrations.save(integration)
        await uow.commit()
    return integration


async def _credentials_or_none(
    uow: UnitOfWork, credential_cipher: CredentialCipher | None, integration: Integration
) -> Credentials | None:
    try:
        return await open_credentials(uow, cipher_of(credential_cipher), integration)
    except CredentialsMissing:
        return None
