"""A PlatformConnector for tests: a scripted platform that checks PKCE like a real provider.

``authorization_url`` remembers the challenge for the state; ``grant(state)`` plays the user
approving, returning a code bound to that challenge; ``exchange_code`` refuses a verifier
that does not hash to it. Errors to raise next are queued per operation. Every token it
issues starts with ``secret`` (default: a distinctive marker), so leak tests can look for it.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import secrets
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import urlencode

from umt.domain.integration.errors import InvalidCredentials, PlatformError, TokenExpired
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.clock import Clock
from umt.ports.platform_connector import (
    AccountInfo,
    AuthorizationRequest,
    Credentials,
    FormField,
    PlatformConnector,
)

SECRET = "SeCrEt-ZQX7-token"


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


class FakePlatformConnector(PlatformConnector):
    def __init__(
        self,
        clock: Clock,
        *,
        platform: Platform = Platform.SANDBOX,
        auth_method: AuthMethod = AuthMethod.OAUTH2,
        secret: str = SECRET,
        lifetime: timedelta = timedelta(hours=1),
        account_id: str = "acct-1",
    ) -> None:
        self._clock = clock
        self._platform = platform
        self._auth_method = auth_method
        self.secret = secret
        self.lifetime = lifetime
        self.account_id = account_id
        self.requests: dict[str, AuthorizationRequest] = {}
        self._codes: dict[str, AuthorizationRequest] = {}
        self._serial = itertools.count(1)
        self.errors: dict[str, list[PlatformError]] = defaultdict(list)
        self.calls: list[str] = []
        self.revoked: list[str] = []
        self.valid_tokens: set[str] = set()
        self.omit_refresh_token_on_refresh = True

    @property
    def platform(self) -> Platform:
        return self._platform

    @property
    def auth_method(self) -> AuthMethod:
        return self._auth_method

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.PUBLISH_TEXT, Capability.ANALYTICS})

    @property
    def default_scopes(self) -> tuple[str, ...]:
        return ("read", "publish")

    @property
    def form_fields(self) -> tuple[FormField, ...]:
        if self._auth_method is AuthMethod.OAUTH2:
            return ()
        return (
            FormField(name="site", label="Site"),
            FormField(name="api_key", label="API key", secret=True),
        )

    def authorization_url(self, request: AuthorizationRequest) -> str:
        self.requests[request.state] = request
        query = {
            "response_type": "code",
            "client_id": "fake-client",
            "redirect_uri": request.redirect_uri,
            "scope": " ".join(request.scopes),
            "state": request.state,
            "code_challenge": request.code_challenge,
            "code_challenge_method": "S256",
        }
        return f"https://fake-platform.example/authorize?{urlencode(query)}"

    def grant(self, state: str) -> str:
        """The user approved: a single-use code for the authorization of ``state``."""
        code = secrets.token_urlsafe(16)
        self._codes[code] = self.requests[state]
        return code

    def _raise_queued(self, operation: str) -> None:
        self.calls.append(operation)
        if self.errors[operation]:
            raise self.errors[operation].pop(0)

    def _issue(self, scopes: frozenset[str], *, refresh: bool = True) -> Credentials:
        n = next(self._serial)
        access = f"{self.secret}-access-{n}"
        self.valid_tokens.add(access)
        return Credentials(
            access_token=access,
            refresh_token=f"{self.secret}-refresh-{n}" if refresh else None,
            expires_at=self._clock.now() + self.lifetime,
            scopes=scopes,
        )

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        self._raise_queued("exchange_code")
        request = self._codes.pop(code, None)
        if request is None or request.redirect_uri != redirect_uri:
            raise InvalidCredentials(
                "the code is invalid or used", platform=self.platform.value, status=400
            )
        if s256(code_verifier) != request.code_challenge:
            raise InvalidCredentials(
                "PKCE verification failed", platform=self.platform.value, status=400
            )
        return self._issue(frozenset(request.scopes))

    async def refresh(self, credentials: Credentials) -> Credentials:
        self._raise_queued("refresh")
        if not credentials.refresh_token or not credentials.refresh_token.startswith(self.secret):
            raise TokenExpired("refresh token refused", platform=self.platform.value, status=400)
        return self._issue(frozenset(), refresh=not self.omit_refresh_token_on_refresh)

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        self._raise_queued("connect_with_form")
        if not fields.get("api_key", "").startswith(self.secret):
            raise InvalidCredentials(
                "the API key was refused", platform=self.platform.value, status=401
            )
        self.valid_tokens.add(fields["api_key"])
        return Credentials(access_token=fields["api_key"], extra={"site": fields["site"]})

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        self._raise_queued("test_connection")
        if credentials.access_token not in self.valid_tokens:
            raise TokenExpired(
                "the token no longer works", platform=self.platform.value, status=401
            )
        return AccountInfo(external_id=self.account_id, name="Acme on Fake")

    async def revoke(self, credentials: Credentials) -> None:
        self._raise_queued("revoke")
        self.revoked.append(credentials.access_token)
        self.valid_tokens.discard(credentials.access_token)


def expired_at(clock: Clock) -> datetime:
    return clock.now() - timedelta(seconds=1)
