"""``SandboxConnector``: the PlatformConnector of the built-in sandbox network.

OAuth 2.0 like any other platform, but the provider is in process: the authorization URL is
umt's own consent page (``<public base URL>/sandbox/oauth/authorize``), and the token
exchange, refresh, account check and revocation call the ``SandboxNetwork`` directly. Every
refusal of the network becomes the typed platform error a real API's would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TypeVar
from urllib.parse import urlencode

from umt.adapters.platforms.sandbox import errors as sandbox
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import TokenSet
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.platform_connector import (
    AccountInfo,
    AuthorizationRequest,
    Credentials,
    FormField,
    PlatformConnector,
)

CONSENT_PATH = "/sandbox/oauth/authorize"
DEFAULT_CLIENT_ID = "umt"
DEFAULT_SCOPES = ("profile", "publish", "email", "ads", "analytics")
_PLATFORM = Platform.SANDBOX.value
T = TypeVar("T")


def to_platform_error(exc: sandbox.SandboxError) -> PlatformError:
    """The typed platform error of a sandbox refusal."""
    message, status = exc.message, exc.status
    if isinstance(exc, sandbox.TokenExpired):
        return TokenExpired(message, platform=_PLATFORM, status=status)
    if isinstance(exc, sandbox.TokenRevoked | sandbox.InvalidToken):
        # a token the network no longer knows works no better than a revoked one
        return TokenRevoked(message, platform=_PLATFORM, status=status)
    if isinstance(exc, sandbox.InsufficientScope):
        return MissingScope(message, platform=_PLATFORM, status=status)
    if isinstance(exc, sandbox.RateLimited):
        return RateLimited(
            message,
            platform=_PLATFORM,
            status=status,
            retry_after_seconds=exc.retry_after_seconds,
        )
    if isinstance(exc, sandbox.Unavailable):
        return PlatformUnavailable(message, platform=_PLATFORM, status=status)
    if isinstance(exc, sandbox.InvalidClient):
        return InvalidCredentials(message, platform=_PLATFORM, status=status)
    return PlatformRejected(message, platform=_PLATFORM, status=status)


async def mapped(call: Awaitable[T]) -> T:
    """Await a network call, raising its failure as a typed platform error."""
    try:
        return await call
    except sandbox.SandboxError as exc:
        raise to_platform_error(exc) from exc


def _credentials(tokens: TokenSet) -> Credentials:
    return Credentials(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
        scopes=frozenset(tokens.scopes),
        extra={"account_id": tokens.account_id},
    )


class SandboxConnector(PlatformConnector):
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
