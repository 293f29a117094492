"""The PlatformConnector plumbing shared by the Meta and Meta Ads connectors: Facebook Login,
long-lived tokens in place of refresh tokens, permissions and revocation (see ``graph``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import httpx

from umt.adapters.platforms.connector_support import scopes_option
from umt.adapters.platforms.http import PlatformHttp
from umt.adapters.platforms.meta.graph import DEFAULT_GRAPH_VERSION, GraphApi, classifier
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.oauth_connector import (
    Clock,
    account_info,
    flag_option,
    utc_now,
)
from umt.domain.integration.errors import PlatformRejected, TokenExpired
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.platform_connector import (
    AccountInfo,
    AuthorizationRequest,
    Credentials,
    FormField,
    PlatformConnector,
)


class GraphConnector(PlatformConnector):
    """The PlatformConnector plumbing of a Facebook Login app; subclasses add what they test."""

    PLATFORM: ClassVar[Platform]
    CAPABILITIES: ClassVar[frozenset[Capability]]
    DEFAULT_SCOPES: ClassVar[tuple[str, ...]]

    def __init__(
        self,
        client: httpx.AsyncClient,
        app: OAuthApp,
        *,
        api_base_url: str | None = None,
        auth_base_url: str | None = None,
        options: Mapping[str, str] | None = None,
        now: Clock | None = None,
    ) -> None:
        self._options = dict(options or {})
        self._now = now or utc_now
        platform = self.PLATFORM.value
        self._graph = GraphApi(
            http=PlatformHttp(platform=platform, client=client, classify=classifier(platform)),
            app=app,
            api_base_url=api_base_url,
            auth_base_url=auth_base_url,
            version=self._options.get("graph_api_version", DEFAULT_GRAPH_VERSION),
            now=self._now,
        )
        self._scopes = scopes_option(self._options, self.DEFAULT_SCOPES)
        self._long_lived = flag_option(self._options, "long_lived_tokens", default=True)
        self._pkce = flag_option(self._options, "pkce", default=True)

    @property
    def platform(self) -> Platform:
        return self.PLATFORM

    @property
    def auth_method(self) -> AuthMethod:
        return AuthMethod.OAUTH2

    @property
    def capabilities(self) -> frozenset[Capability]:
        return self.CAPABILITIES

    @property
    def default_scopes(self) -> tuple[str, ...]:
        return self._scopes

    @property
    def form_fields(self) -> tuple[FormField, ...]:
        return ()

    def authorization_url(self, request: AuthorizationRequest) -> str:
        return self._graph.authorization_url(
            request, config_id=self._options.get("config_id"), pkce=self._pkce
        )

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        params = {"code": code, "redirect_uri": redirect_uri}
        if self._pkce:
            params["code_verifier"] = code_verifier
        short = await self._graph.token(params)
        credentials = (
            await self._graph.long_lived(short.access_token) if self._long_lived else short
        )
        # Meta lets the person decline single permissions in the dialog: record what was granted.
        scopes = await self._graph.granted_permissions(credentials)
        return Credentials(
            access_token=credentials.access_token,
            expires_at=credentials.expires_at,
            scopes=scopes,
        )

    async def refresh(self, credentials: Credentials) -> Credentials:
        if credentials.expires_at is not None and credentials.expires_at <= self._now():
            raise TokenExpired(
                f"{self.PLATFORM.value} token expired: Meta issues no refresh token, reconnect",
                platform=self.PLATFORM.value,
            )
        fresh = await self._graph.long_lived(credentials.access_token)
        return credentials.refreshed_with(fresh)

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        raise PlatformRejected("this platform connects with OAuth", platform=self.PLATFORM.value)

    async def revoke(self, credentials: Credentials) -> None:
        await self._graph.call("DELETE", "me/permissions", credentials)

    async def me(self, credentials: Credentials) -> AccountInfo:
        """``GET /me?fields=id,name`` and the granted permissions."""
        user = await self._graph.call("GET", "me", credentials, fields="id,name")
        scopes = await self._graph.granted_permissions(credentials)
        return account_info(
            self.PLATFORM.value,
            external_id=user.get("id"),
            name=user.get("name"),
            granted_scopes=scopes,
        )
