"""The library facade of the integration context: ``platform.integrations``.

Connecting an OAuth platform embedded in another service: ``start_authorization`` gives the
URL to send the user's browser to and a ``binding`` nonce the caller must tie to that browser
(a cookie, a server-side session); ``complete_authorization`` takes what the provider sent
back plus that nonce. API-key platforms connect in one call with ``connect_form``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from umt.application.bus import MessageBus
from umt.application.integration.authorize import (
    AuthorizationCompleted,
    AuthorizationStarted,
    CompleteAuthorization,
    StartAuthorization,
)
from umt.application.integration.connect_form import ConnectWithForm
from umt.application.integration.disconnect import DisconnectIntegration
from umt.application.integration.maintenance import (
    CheckIntegrationHealth,
    RefreshIntegrationTokens,
)
from umt.application.integration.queries import (
    GetIntegration,
    ListIntegrations,
    ListPlatforms,
    PlatformView,
)
from umt.domain.integration.integration import Integration

if TYPE_CHECKING:
    from umt.entrypoints.library import Session


class IntegrationsApi:
    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def platforms(self, session: Session) -> list[PlatformView]:
        result: list[PlatformView] = await self._bus.execute(ListPlatforms(), session.principal)
        return result

    async def list(
        self, session: Session, *, status: str | None = None, platform: str | None = None
    ) -> list[Integration]:
        result: list[Integration] = await self._bus.execute(
            ListIntegrations(status=status, platform=platform), session.principal
        )
        return result

    async def get(self, session: Session, integration_id: UUID) -> Integration:
        result: Integration = await self._bus.execute(
            GetIntegration(integration_id=integration_id), session.principal
        )
        return result

    async def start_authorization(
        self,
        session: Session,
        platform: str,
        *,
        scopes: Sequence[str] | None = None,
        redirect: str | None = None,
    ) -> AuthorizationStarted:
        result: AuthorizationStarted = await self._bus.execute(
            StartAuthorization(platform=platform, scopes=scopes, redirect=redirect),
            session.principal,
        )
        return result

    async def complete_authorization(
        self,
        platform: str,
        *,
        state: str | None,
        binding: str | None,
        code: str | None = None,
        error: str | None = None,
    ) -> Integration:
        """What the provider's redirect carried, and the binding of the browser it reached.
        No session: the state names who started the flow."""
        done: AuthorizationCompleted = await self._bus.execute(
            CompleteAuthorization(
                platform=platform, state=state, binding=binding, code=code, error=error
            )
        )
        return done.integration

    async def connect_form(
        self, session: Session, platform: str, fields: Mapping[str, str]
    ) -> Integration:
        result: Integration = await self._bus.execute(
            ConnectWithForm(platform=platform, fields=fields), session.principal
        )
        return result

    async def check_health(self, session: Session, integration_id: UUID) -> Integration:
        result: Integration = await self._bus.execute(
            CheckIntegrationHealth(integration_id=integration_id), session.principal
        )
        return result

    async def refresh_tokens(self, session: Session, integration_id: UUID) -> Integration:
        result: Integration = await self._bus.execute(
            RefreshIntegrationTokens(integration_id=integration_id), session.principal
        )
        return result

    async def disconnect(self, session: Session, integration_id: UUID) -> Integration:
        result: Integration = await self._bus.execute(
            DisconnectIntegration(integration_id=integration_id), session.principal
        )
        return result
