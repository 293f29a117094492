"""What the OAuth 2.0 platform connectors share: the port's plumbing around one OAuth2Client.

A platform package (``meta``, ``linkedin``, ``x``, ...) states its documented endpoints, scopes,
capabilities and error mapping, and writes only what differs: its connection test and, where the
provider strays from RFC 6749, its token calls. Everything here is the same for every one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from umt.adapters.platforms.connector_support import scopes_option
from umt.adapters.platforms.http import PlatformHttp, json_or_empty
from umt.adapters.platforms.oauth2 import OAuth2Client
from umt.domain.integration.errors import PlatformRejected
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.platform_connector import (
    AccountInfo,
    AuthorizationRequest,
    Credentials,
    FormField,
    PlatformConnector,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def flag_option(options: Mapping[str, str], name: str, *, default: bool) -> bool:
    value = options.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def bearer(credentials: Credentials) -> dict[str, str]:
    return {"authorization": f"Bearer {credentials.access_token}"}


def seconds_until_epoch(value: str | None, now: datetime) -> float | None:
    """A rate-limit reset header that holds a Unix time (X's ``x-rate-limit-reset``) as the
    seconds left until then."""
    if value is None or not value.strip().isdigit():
        return None
    return max(0.0, float(value.strip()) - now.timestamp())


async def get_json(
    http: PlatformHttp, url: str, credentials: Credentials, **params: str
) -> dict[str, Any]:
    """One authenticated GET whose answer is a JSON object (typed errors otherwise)."""
    response = await http.send("GET", url, headers=bearer(credentials), params=params or None)
    return json_or_empty(response)


def account_info(
    platform: str, *, external_id: object, name: object, granted_scopes: frozenset[str] | None
) -> AccountInfo:
    """The account a connection test found; an answer without an id proves nothing."""
    if external_id in (None, ""):
        raise PlatformRejected(f"{platform} answered without an account id", platform=platform)
    return AccountInfo(
        external_id=str(external_id), name=str(name or external_id), granted_scopes=granted_scopes
    )


class OAuth2Connector(PlatformConnector):
    """The PlatformConnector port for a platform connected with the OAuth 2.0 code flow.

    Subclasses set the class constants, build their ``OAuth2Client`` with the provider's
    documented dialect and implement ``test_connection``.
    """

    PLATFORM: ClassVar[Platform]
    CAPABILITIES: ClassVar[frozenset[Capability]]
    DEFAULT_SCOPES: ClassVar[tuple[str, ...]]

    def __init__(
        self,
        *,
        http: PlatformHttp,
        oauth: OAuth2Client,
        options: Mapping[str, str] | None = None,
        now: Clock | None = None,
    ) -> None:
        self._http = http
        self._oauth = oauth
        self._options = dict(options or {})
        self._now = now or utc_now
        self._scopes = scopes_option(self._options, self.DEFAULT_SCOPES)

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
        return self._oauth.authorization_url(request)

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        return await self._oauth.exchange_code(
            code=code, code_verifier=code_verifier, redirect_uri=redirect_uri
        )

    async def refresh(self, credentials: Credentials) -> Credentials:
        return await self._oauth.refresh(credentials)

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        raise PlatformRejected("this platform connects with OAuth", platform=self.PLATFORM.value)

    async def revoke(self, credentials: Credentials) -> None:
        await self._oauth.revoke(credentials.access_token)
