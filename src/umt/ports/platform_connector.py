"""The PlatformConnector port: one adapter per external platform (Meta, LinkedIn, ...).

A connector knows its platform's documented OAuth endpoints or credential form, proves a
connection works against the platform's API, and declares what the platform can do. It maps
every failure of its API onto the typed errors of ``umt.domain.integration.errors`` (expired
token, missing scope, rate limit with Retry-After, server error), so callers never see HTTP.

Plaintext credentials live in ``Credentials`` only for the length of one call: the vault seals
them at rest, and ``Credentials`` never prints a secret.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from umt.domain.integration.platforms import AuthMethod, Capability, Platform


@dataclass(frozen=True, slots=True, kw_only=True)
class Credentials:
    """What a platform gave us to act for an account. ``extra`` holds non-token fields a
    platform needs (a WordPress site URL and username, a Mailchimp data centre, ...)."""

    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    scopes: frozenset[str] = frozenset()
    extra: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # a credential must never reach a log line or a traceback
        return (
            f"Credentials(expires_at={self.expires_at!r}, scopes={sorted(self.scopes)!r}, "
            f"refresh_token={'set' if self.refresh_token else 'none'})"
        )

    __str__ = __repr__

    def refreshed_with(self, new: Credentials) -> Credentials:
        """The result of a refresh: ``new``'s tokens, except that an empty refresh token from
        the platform never overwrites the one we hold (many platforms omit it on refresh)."""
        return replace(
            new,
            refresh_token=new.refresh_token or self.refresh_token,
            scopes=new.scopes or self.scopes,
            extra={**self.extra, **new.extra},
        )

    def to_bytes(self) -> bytes:
        """The serialized form the vault seals."""
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at.isoformat() if self.expires_at else None,
                "scopes": sorted(self.scopes),
                "extra": dict(self.extra),
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Credentials:
        raw = json.loads(data)
        return cls(
            access_token=raw["access_token"],
            refresh_token=raw.get("refresh_token"),
            expires_at=datetime.fromisoformat(raw["expires_at"]) if raw.get("expires_at") else None,
            scopes=frozenset(raw.get("scopes", ())),
            extra=dict(raw.get("extra", {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountInfo:
    """The external account a connection acts for, as the platform names it."""

    external_id: str
    name: str
    # Scopes the platform says the grant holds, when its API can tell (None: it cannot).
    granted_scopes: frozenset[str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationRequest:
    """Everything the provider's authorization URL carries (OAuth 2.0 with PKCE, S256)."""

    state: str
    code_challenge: str
    redirect_uri: str
    scopes: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FormField:
    """One field of a credentials form (platforms that connect without OAuth)."""

    name: str
    label: str
    secret: bool = False


class PlatformConnector(Protocol):
    @property
    def platform(self) -> Platform: ...

    @property
    def auth_method(self) -> AuthMethod: ...

    @property
    def capabilities(self) -> frozenset[Capability]: ...

    @property
    def default_scopes(self) -> tuple[str, ...]:
        """The scopes asked for when the caller names none (documented per platform)."""
        ...

    @property
    def form_fields(self) -> tuple[FormField, ...]:
        """The credentials form of an API-key or app-password platform; empty for OAuth."""
        ...

    def authorization_url(self, request: AuthorizationRequest) -> str:
        """The provider URL the user is sent to (OAuth platforms only)."""
        ...

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        """Trade an authorization code (and its PKCE verifier) for tokens."""
        ...

    async def refresh(self, credentials: Credentials) -> Credentials:
        """New tokens for expiring ones; ``TokenExpired``/``TokenRevoked`` when impossible.
        The caller merges with ``Credentials.refreshed_with``."""
        ...

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        """Validate a credentials form against the platform and return its credentials
        (``InvalidCredentials`` when the platform refuses them)."""
        ...

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        """Prove the credentials work with one cheap authenticated call to the platform's
        API; the account it answers for. Raises the typed platform errors."""
        ...

    async def revoke(self, credentials: Credentials) -> None:
        """Withdraw the grant at the platform where its API allows (best effort)."""
        ...
