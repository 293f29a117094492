"""Queries: GetIntegration, ListIntegrations, and ListPlatforms (what can be connected)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.integration.vault import choice, load_integration
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.integration import Integration, IntegrationStatus
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.integration_repository import IntegrationFilter
from umt.ports.platform_connector import FormField, PlatformConnector


@dataclass(frozen=True, slots=True, kw_only=True)
class GetIntegration:
    use_case: ClassVar = UseCase(
        Permission.INTEGRATIONS_READ, task="integration.get", agent=Agent.AUTH_INTEGRATION
    )
    integration_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListIntegrations:
    use_case: ClassVar = UseCase(
        Permission.INTEGRATIONS_READ, task="integration.list", agent=Agent.AUTH_INTEGRATION
    )
    status: str | None = None
    platform: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPlatforms:
    use_case: ClassVar = UseCase(Permission.INTEGRATIONS_READ)
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformView:
    platform: Platform
    configured: bool
    auth_method: AuthMethod | None = None
    capabilities: frozenset[Capability] = frozenset()
    default_scopes: tuple[str, ...] = ()
    form_fields: tuple[FormField, ...] = ()


async def get_integration(query: GetIntegration, ctx: Context) -> Integration:
    actor = ctx.actor()
    actor.require(GetIntegration.use_case.permission)
    async with ctx.uow as uow:
        return await load_integration(uow, actor.organization_id, query.integration_id)


async def list_integrations(query: ListIntegrations, ctx: Context) -> list[Integration]:
    actor = ctx.actor()
    actor.require(ListIntegrations.use_case.permission)
    filters = IntegrationFilter(
        status=choice(IntegrationStatus, query.status, "status") if query.status else None,
        platform=choice(Platform, query.platform, "platform") if query.platform else None,
    )
    async with ctx.uow as uow:
        return await uow.integrations.list(actor.organization_id, filters)


async def list_platforms(
    query: ListPlatforms,
    ctx: Context,
    *,
    platforms: Mapping[Platform, PlatformConnector],
    credential_cipher: CredentialCipher | None,
) -> list[PlatformView]:
    actor = ctx.actor()
    actor.require(ListPlatforms.use_case.permission)
    views = []
    for platform in Platform:
        connector = platforms.get(platform)
        if connector is None or credential_cipher is None:
            views.append(PlatformView(platform=platform, configured=False))
            continue
        views.append(
            PlatformView(
                platform=platform,
                configured=True,
                auth_method=connector.auth_method,
                capabilities=connector.capabilities,
                default_scopes=tuple(connector.default_scopes),
                form_fields=tuple(connector.form_fields),
            )
        )
    return views
