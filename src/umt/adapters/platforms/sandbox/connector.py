"""``SandboxConnector``: the built-in sandbox network as a platform with every capability.

OAuth 2.0 like any other platform, but the provider is in process: the authorization URL is
umt's own consent page (``<public base URL>/sandbox/oauth/authorize``), and the token
exchange, refresh, account check and revocation call the ``SandboxNetwork`` directly. Every
refusal of the network becomes the typed platform error a real API's would (mapping.py).

Beyond ``PlatformConnector`` it implements the capability ports, so that ``make run``
publishes and advertises with no network: ``ChannelDiscovery`` (the grant's sandbox account
and ad account), ``Publisher`` (publishing.py), ``AdNetwork`` (advertising.py) and
``MetricSource`` (metrics.py). ``Publisher.find(target, credentials, reference)`` and
``AdNetwork.find(target, credentials, level, reference)`` share a name; the connector's
``find`` is overloaded and tells them apart by an ``AdLevel`` in third place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import overload
from urllib.parse import urlencode

from umt.adapters.platforms.sandbox import errors as sandbox
from umt.adapters.platforms.sandbox.advertising import SandboxAdvertising
from umt.adapters.platforms.sandbox.mapping import mapped, to_platform_error
from umt.adapters.platforms.sandbox.metrics import SandboxMetrics
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import TokenSet
from umt.adapters.platforms.sandbox.publishing import SandboxPublishing
from umt.domain.advertising.levels import AdLevel
from umt.domain.integration.errors import (
    PlatformRejected,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.ad_network import AdNetwork, RemoteAdObject
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricSource
from umt.ports.platform_connector import (
    AccountInfo,
    AuthorizationRequest,
    Credentials,
    FormField,
    PlatformConnector,
)
from umt.ports.publisher import PublishedPost, Publisher

CONSENT_PATH = "/sandbox/oauth/authorize"
DEFAULT_CLIENT_ID = "umt"
DEFAULT_SCOPES = ("profile", "publish", "email", "ads", "analytics")
_PLATFORM = Platform.SANDBOX.value


def _credentials(tokens: TokenSet) -> Credentials:
    return Credentials(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
        scopes=frozenset(tokens.scopes),
        extra={"account_id": tokens.account_id},
    )


class SandboxConnector(
    SandboxPublishing,
    SandboxAdvertising,
    SandboxMetrics,
    PlatformConnector,
    ChannelDiscovery,
    Publisher,
    AdNetwork,
    MetricSource,
):
    def __init__(
        self, network: SandboxNetwork, *, public_base_url: str, client_id: str = DEFAULT_CLIENT_ID
    ) -> None:
        self._network = network
        self._consent_url = public_base_url.rstrip("/") + CONSENT_PATH
        self._client_id = client_id

    @property
    def platform(self) -> Platform:
        return Platform.SANDBOX

    @property
    def auth_method(self) -> AuthMethod:
        return AuthMethod.OAUTH2

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset(Capability)  # the sandbox simulates everything umt can do

    @property
    def default_scopes(self) -> tuple[str, ...]:
        return DEFAULT_SCOPES

    @property
    def form_fields(self) -> tuple[FormField, ...]:
        return ()

    @property
    def network(self) -> SandboxNetwork:
        """The simulated platform, for the sandbox's own API (publishing, metrics)."""
        return self._network

    def authorization_url(self, request: AuthorizationRequest) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._client_id,
                "redirect_uri": request.redirect_uri,
                "state": request.state,
                "code_challenge": request.code_challenge,
                "code_challenge_method": "S256",
                "scope": " ".join(request.scopes or DEFAULT_SCOPES),
            }
        )
        return f"{self._consent_url}?{query}"

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        tokens = await mapped(
            self._network.oauth.exchange_code(
                client_id=self._client_id,
                code=code,
                code_verifier=code_verifier,
                redirect_uri=redirect_uri,
            )
        )
        return _credentials(tokens)

    async def refresh(self, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise TokenExpired(
                "the access token expired and there is no refresh token", platform=_PLATFORM
            )
        try:
            tokens = await self._network.oauth.refresh(
                client_id=self._client_id, refresh_token=credentials.refresh_token
            )
        except sandbox.InvalidGrant as exc:  # unknown or foreign: only a new grant helps
            raise TokenRevoked(exc.message, platform=_PLATFORM, status=exc.status) from exc
        except sandbox.SandboxError as exc:
            raise to_platform_error(exc) from exc
        return _credentials(tokens)

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        raise PlatformRejected("the sandbox connects with OAuth, not a form", platform=_PLATFORM)

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        account, scopes = await mapped(self._network.me(credentials.access_token))
        return AccountInfo(
            external_id=account.id, name=account.name, granted_scopes=frozenset(scopes)
        )

    async def revoke(self, credentials: Credentials) -> None:
        token = credentials.refresh_token or credentials.access_token
        await mapped(self._network.oauth.revoke(token))

    # -- ChannelDiscovery ----------------------------------------------------------------

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        """The grant's sandbox account (with ``publish`` or ``email``) and its ad account
        (with ``ads``), in the account's currency and time zone."""
        account, scopes = await mapped(self._network.me(credentials.access_token))
        found: list[DiscoveredAccount] = []
        if {"publish", "email"} & set(scopes):
            found.append(
                DiscoveredAccount(
                    kind=ChannelKind.SANDBOX_ACCOUNT,
                    external_id=account.id,
                    name=account.name,
                    time_zone=account.time_zone,
                    details={"followers": str(account.followers)},
                )
            )
        if "ads" in scopes:
            found.append(
                DiscoveredAccount(
                    kind=ChannelKind.SANDBOX_AD_ACCOUNT,
                    external_id=account.id,
                    name=f"{account.name} (ads)",
                    currency=account.currency,
                    time_zone=account.time_zone,
                    details={"currency": account.currency, "time_zone": account.time_zone},
                )
            )
        return tuple(found)

    # -- Publisher.find and AdNetwork.find -----------------------------------------------

    @overload
    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None: ...

    @overload
    async def find(
        self, target: ChannelTarget, credentials: Credentials, level: AdLevel, reference: str
    ) -> RemoteAdObject | None: ...

    async def find(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        *args: AdLevel | str,
        **named: AdLevel | str,
    ) -> PublishedPost | RemoteAdObject | None:
        """``find(target, credentials, reference)``: the post carrying our reference;
        ``find(target, credentials, level, reference)``: the ad object of that level (the
        parameters may also be named, as in the ports)."""
        positional = list(args)
        level = named.pop("level", None)
        reference = named.pop("reference", None)
        if level is None and positional and isinstance(positional[0], AdLevel):
            level = positional.pop(0)
        if reference is None and positional:
            reference = positional.pop(0)
        if named or positional or not isinstance(reference, str):
            raise TypeError("find(target, credentials, [level,] reference)")
        if level is None:
            return await self._find_post(target, credentials, reference)
        if not isinstance(level, AdLevel):
            raise TypeError("find's level is an AdLevel")
        return await self._find_ad_object(target, credentials, level, reference)
