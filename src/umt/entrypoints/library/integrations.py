"""``platform.integrations`` (as /api/v1/integrations).

Connecting an OAuth platform embedded in another service: ``start_authorization`` gives the
URL to send the user's browser to and a ``binding`` nonce the caller must tie to that browser
(a cookie, a server-side session); ``complete_authorization`` takes what the provider sent
back plus that nonce. API-key platforms connect in one call with ``connect_form``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

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
from umt.application.integration.views import IntegrationView
from umt.domain.integration.integration import Integration
from umt.entrypoints.library.session import BusApi, Session


class IntegrationsApi(BusApi):
    """Connections to platform accounts (``integrations:manage`` to change them)."""

    async def _integration(self, session: Session, message: object) -> IntegrationView:
        return IntegrationView.from_aggregate(await self._ask(session, message, Integration))

    async def platforms(self, session: Session) -> list[PlatformView]:
        return await self._ask(session, ListPlatforms(), list[PlatformView])

    async def list(
        self, session: Session, *, status: str | None = None, platform: str | None = None
    ) -> list[IntegrationView]:
        query = ListIntegrations(status=status, platform=platform)
        found = await self._ask(session, query, list[Integration])
        return [IntegrationView.from_aggregate(integration) for integration in found]

    async def get(self, session: Session, integration_id: UUID) -> IntegrationView:
        return await self._integration(session, GetIntegration(integration_id=integration_id))

    async def start_authorization(
        self,
        session: Session,
        platform: str,
        *,
        scopes: Sequence[str] | None = None,
        redirect: str | None = None,
    ) -> AuthorizationStarted:
        command = StartAuthorization(platform=platform, scopes=scopes, redirect=redirect)
        return await self._ask(session, command, AuthorizationStarted)

    async def complete_authorization(
        self,
        platform: str,
        *,
        state: str | None,
        binding: str | None,
        code: str | None = None,
        error: str | None = None,
    ) -> IntegrationView:
        """What the provider's redirect carried, and the binding of the browser it reached.
        No session: the state names who started the flow."""
        command = CompleteAuthorization(
            platform=platform, state=state, binding=binding, code=code, error=error
        )
        done = await self._bus.ask(command, AuthorizationCompleted)
        return IntegrationView.from_aggregate(done.integration)

    async def connect_form(
        self, session: Session, platform: str, fields: Mapping[str, str]
    ) -> IntegrationView:
        return await self._integration(session, ConnectWithForm(platform=platform, fields=fields))

    async def check_health(self, session: Session, integration_id: UUID) -> IntegrationView:
        return await self._integration(
            session, CheckIntegrationHealth(integration_id=integration_id)
        )

    async def refresh_tokens(self, session: Session, integration_id: UUID) -> IntegrationView:
        return await self._integration(
            session, RefreshIntegrationTokens(integration_id=integration_id)
        )

    async def disconnect(self, session: Session, integration_id: UUID) -> IntegrationView:
        return await self._integration(
            session, DisconnectIntegration(integration_id=integration_id)
        )
