"""DiscoverChannelAccounts: what a connected integration can publish to or advertise on,
added to a brand.

The platform is asked (``ChannelDiscovery``) outside any transaction, with the integration's
credentials (refreshed first if they are about to expire); then, in one transaction, new
destinations are added to the brand, known ones get their names and details refreshed (a
destination found again after it was gone is active again), and the brand's accounts of this
integration the platform no longer lists are marked ``gone``. A destination the brand holds
through an integration that was disconnected moves to this one (a new connection of the same
platform account); disabled by that disconnection, it is active again. A destination's own token (a
Page's page token) is sealed in the vault under the account's id. A platform without
discovery whose connection is its one destination (one channel kind) yields the connected
account itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.channels.vault import store_own_credentials
from umt.application.integration.vault import cipher_of, connector_for
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Permission
from umt.domain.integration.errors import PlatformError
from umt.domain.integration.integration import Integration, IntegrationId, IntegrationStatus
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import PLATFORM_OF, channels_served
from umt.domain.shared.errors import Conflict, InvalidValue, StaleVersion
from umt.domain.shared.ids import ChannelAccountId
from umt.ports.channel_account_repository import ChannelAccountFilter
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.id_generator import IdGenerator
from umt.ports.platform_connector import Credentials, PlatformConnector
from umt.ports.unit_of_work import UnitOfWork

_REFRESHABLE = (IntegrationStatus.CONNECTED, IntegrationStatus.ERROR)


class NothingToDiscover(Conflict):
    """The integration's platform has no destinations umt publishes to or advertises on, or
    the integration was disconnected."""

    code = "nothing_to_discover"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscoverChannelAccounts:
    use_case: ClassVar = UseCase(
        Permission.CHANNELS_MANAGE,
        task="channel_account.discover",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    brand_id: UUID
    integration_id: UUID | str  # JSON bodies and task payloads carry its text
    channel: str | None = None  # the channel new accounts serve, where their kind can


@dataclass(frozen=True, slots=True, kw_only=True)
class Discovery:
    """The brand's accounts of the integration after a discovery, and what it changed."""

    accounts: tuple[ChannelAccount, ...]
    added: int
    refreshed: int
    gone: int


async def discover_channel_accounts(
    cmd: DiscoverChannelAccounts,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    credential_cipher: CredentialCipher | None,
    platforms: Mapping[Platform, PlatformConnector],
    channel_credentials: ChannelCredentials,
) -> Discovery:
    actor = ctx.actor()
    actor.require(DiscoverChannelAccounts.use_case.permission)
    channel = enum_value(Channel, cmd.channel, "channel") if cmd.channel else None
    integration_id = _uuid(cmd.integration_id)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        integration = await uow.integrations.get(
            actor.organization_id, IntegrationId(integration_id)
        )
    if integration is None:  # a reference in the body, not the addressed resource: 422
        raise InvalidValue(f"integration {integration_id} not found", field="integration_id")
    if not integration.is_active:
        raise NothingToDiscover(
            f"integration {integration.id} is {integration.status.value}", field="integration_id"
        )
    connector = connector_for(platforms, credential_cipher, integration.platform)
    try:
        found = await _ask_platform(connector, integration, channel_credentials)
    except PlatformError as exc:
        if exc.needs_reauth:  # the grant no longer works: the brand hears of it now
            await _require_reauth(ctx, integration, exc, clock)
        raise
    cipher = cipher_of(credential_cipher)
    now = clock.now()
    added = refreshed = gone = 0
    async with ctx.uow as uow:
        known = {
            (a.kind, a.external_id): a
            for a in await uow.channel_accounts.list(
                actor.organization_id,
                ChannelAccountFilter(brand_id=brand.id, integration_id=integration.id),
            )
        }
        for item in found:
            account = known.pop((item.kind, item.external_id), None)
            if account is None:
                account = await uow.channel_accounts.find_external(
                    brand.organization_id, brand.id, item.kind, item.external_id
                )
                if account is not None and not await _left_behind(uow, account):
                    continue  # the brand has it through another live integration
            if account is None:
                account = await _add(uow, integration, brand, item, channel, ids=ids, now=now)
                added += 1
            elif account.refresh(
                name=item.name,
                currency=item.currency,
                details=item.details,
                has_own_credentials=item.credentials is not None,
                now=now,
                integration_id=integration.id,  # one a disconnection left behind moves here
            ):
                await uow.channel_accounts.save(account)
                refreshed += 1
            await _keep_own_token(uow, cipher, account, item.credentials)
        for missing in known.values():
            if missing.mark_gone(now=now):
                await uow.channel_accounts.save(missing)
                gone += 1
        await uow.commit()
        accounts = await uow.channel_accounts.list(
            actor.organization_id,
            ChannelAccountFilter(brand_id=brand.id, integration_id=integration.id),
        )
    return Discovery(accounts=tuple(accounts), added=added, refreshed=refreshed, gone=gone)


async def _require_reauth(
    ctx: Context, loaded: Integration, error: PlatformError, clock: Clock
) -> None:
    """Mark the integration ``needs_reauth`` (once; a concurrent writer got there first), in
    a unit of work of its own: it stands although the discovery fails."""
    async with ctx.separate_uow() as uow:
        integration = await uow.integrations.get(loaded.organization_id, loaded.id)
        if integration is None or integration.status not in _REFRESHABLE:
            return
        integration.require_reauth(error.reason, now=clock.now())
        await uow.integrations.save(integration)
        try:
            await uow.commit()
        except StaleVersion:
            return


def _uuid(value: UUID | str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise InvalidValue(f"{value!r} is not an id", field="integration_id") from None


async def _ask_platform(
    connector: PlatformConnector,
    integration: Integration,
    channel_credentials: ChannelCredentials,
) -> tuple[DiscoveredAccount, ...]:
    kinds = [kind for kind, platform in PLATFORM_OF.items() if platform is integration.platform]
    if not isinstance(connector, ChannelDiscovery):
        account = integration.account
        if len(kinds) != 1 or account is None:
            raise NothingToDiscover(
                f"{integration.platform.value} has no channel accounts to publish to",
                field="integration_id",
            )
        # the connection is its one destination
        return (
            DiscoveredAccount(kind=kinds[0], external_id=account.external_id, name=account.name),
        )
    credentials = await channel_credentials.for_integration(
        integration.organization_id, integration.id
    )
    return await connector.discover(credentials)


async def _add(
    uow: UnitOfWork,
    integration: Integration,
    brand: Brand,
    item: DiscoveredAccount,
    channel: Channel | None,
    *,
    ids: IdGenerator,
    now: datetime,
) -> ChannelAccount:
    """A new account for the brand (it has no account for that destination yet)."""
    account = ChannelAccount.discover(
        id=ChannelAccountId(ids.new_id()),
        organization_id=brand.organization_id,
        brand_id=brand.id,
        integration_id=integration.id,
        kind=item.kind,
        external_id=item.external_id,
        name=item.name,
        now=now,
        channel=channel if channel in channels_served(item.kind) else None,
        time_zone=item.time_zone or brand.time_zone,
        currency=item.currency,
        details=item.details,
        has_own_credentials=item.credentials is not None,
    )
    await uow.channel_accounts.add(account)
    return account


async def _left_behind(uow: UnitOfWork, account: ChannelAccount) -> bool:
    """The brand's account for a destination is held by an integration that was disconnected
    (or deleted): a new connection of the platform account takes it over. One held by a live
    integration stays with it."""
    holder = await uow.integrations.get(account.organization_id, account.integration_id)
    return holder is None or not holder.is_active


async def _keep_own_token(
    uow: UnitOfWork,
    cipher: CredentialCipher,
    account: ChannelAccount,
    credentials: Credentials | None,
) -> None:
    if credentials is not None:
        await store_own_credentials(uow, cipher, account, credentials)
    else:
        await uow.account_credentials.delete(account.organization_id, account.id)
