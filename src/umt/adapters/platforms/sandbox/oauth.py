"""The sandbox's OAuth 2.0 authorization server (authorization code with PKCE S256).

What a careful real provider does: codes bound to the client, the exact registered redirect
URI and the PKCE challenge, single-use and short-lived (a code presented twice revokes what
it granted, RFC 6749 §4.1.2); access tokens that expire; refresh tokens that rotate on every
use (a spent one presented again revokes the grant); revocation of the whole grant (RFC
7009); scopes checked on every call. Only digests of codes and tokens are stored.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import msgspec

from umt.adapters.platforms.sandbox.errors import (
    InsufficientScope,
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    InvalidScope,
    InvalidToken,
    TokenExpired,
    TokenRevoked,
)
from umt.adapters.platforms.sandbox.faults import Faults
from umt.adapters.platforms.sandbox.records import AuthorizationCode, Grant, IssuedToken
from umt.adapters.platforms.sandbox.store import SandboxStore
from umt.ports.clock import Clock

SCOPES = {
    "profile": "See your profile name and audience sizes",
    "publish": "Publish and schedule posts, and read them",
    "email": "Send email campaigns to your list",
    "ads": "Create ads paid from your ad account",
    "analytics": "Read the metrics of your posts, campaigns and ads",
}
CODE_TTL = timedelta(minutes=5)
ACCESS_TTL = timedelta(hours=1)
REFRESH_TTL = timedelta(days=30)
_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")  # base64url of a SHA-256 digest, unpadded
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")  # RFC 7636 §4.1
_STATE = re.compile(r"[\x21-\x7e]{1,500}")  # printable ASCII, no spaces


@dataclass(frozen=True, slots=True, kw_only=True)
class SandboxClient:
    """An application registered with the network, with its exact redirect URIs."""

    client_id: str
    name: str
    redirect_uris: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationQuery:
    """A validated authorization request (what the consent page shows and approves)."""

    client: SandboxClient
    redirect_uri: str
    state: str
    code_challenge: str
    scopes: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenSet:
    """What the token endpoint answers."""

    access_token: str
    refresh_token: str
    expires_at: datetime
    scopes: tuple[str, ...]
    account_id: str

    def __repr__(self) -> str:  # tokens must never reach a log line
        return f"TokenSet(account_id={self.account_id!r}, expires_at={self.expires_at!r})"


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a verifier."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def parse_scopes(scope: str) -> tuple[str, ...]:
    """Space-separated scope names, each known, without repeats (order kept)."""
    names = tuple(dict.fromkeys(scope.split()))
    if not names:
        raise InvalidScope("at least one scope is required")
    unknown = [name for name in names if name not in SCOPES]
    if unknown:
        raise InvalidScope(f"unknown scope {unknown[0][:40]!r}")
    return names


class SandboxAuthorization:
    def __init__(
        self,
        store: SandboxStore,
        clock: Clock,
        faults: Faults,
        clients: tuple[SandboxClient, ...] = (),
    ) -> None:
        self._store = store
        self._clock = clock
        self._faults = faults
        self._clients = {client.client_id: client for client in clients}

    def register_client(self, client: SandboxClient) -> None:
        self._clients[client.client_id] = client

    def client(self, client_id: str) -> SandboxClient:
        client = self._clients.get(client_id)
        if client is None:
            raise InvalidClient("unknown client_id")
        return client

    def check_authorization(
        self,
        *,
        client_id: str,
        redirect_uri: str,
        state: str,
        code_challenge: str,
        code_challenge_method: str,
        scope: str,
    ) -> AuthorizationQuery:
        """Validate an authorization request; the redirect URI must be registered exactly."""
        client = self.client(client_id)
        if redirect_uri not in client.redirect_uris:
            raise InvalidClient("redirect_uri is not registered for this client")
        if not _STATE.fullmatch(state):
            raise InvalidRequest("state must be 1 to 500 printable characters")
        if code_challenge_method != "S256":
            raise InvalidRequest("code_challenge_method must be S256")
        if not _CHALLENGE.fullmatch(code_challenge):
            raise InvalidRequest("code_challenge must be a base64url SHA-256 digest")
        return AuthorizationQuery(
            client=client,
            redirect_uri=redirect_uri,
            state=state,
            code_challenge=code_challenge,
            scopes=parse_scopes(scope),
        )

    async def approve(self, query: AuthorizationQuery, account_id: str) -> str:
        """The account consents: a single-use code, valid for a few minutes."""
        code = f"sbx_code_{secrets.token_urlsafe(24)}"
        record = AuthorizationCode(
            client_id=query.client.client_id,
            redirect_uri=query.redirect_uri,
            code_challenge=query.code_challenge,
            account_id=account_id,
            scopes=list(query.scopes),
            expires_at=self._clock.now() + CODE_TTL,
        )
        await self._store.put("code", _digest(code), msgspec.json.encode(record))
        return code

    async def exchange_code(
        self, *, client_id: str, code: str, code_verifier: str, redirect_uri: str
    ) -> TokenSet:
        self._faults.check()
        key = _digest(code)
        raw = await self._store.take("code", key)
        if raw is None:
            spent = await self._store.get("spent_code", key)
            if spent is not None:  # a replayed code: what it granted is compromised
                await self._revoke_grant(spent.decode())
            raise InvalidGrant("the authorization code is unknown or already used")
        record = msgspec.json.decode(raw, type=AuthorizationCode)
        if record.expires_at <= self._clock.now():
            raise InvalidGrant("the authorization code has expired")
        if record.client_id != client_id or record.redirect_uri != redirect_uri:
            raise InvalidGrant("the code was issued to another client or redirect_uri")
        if not _VERIFIER.fullmatch(code_verifier) or not secrets.compare_digest(
            s256(code_verifier), record.code_challenge
        ):
            raise InvalidGrant("the PKCE code_verifier does not match the code_challenge")
        grant = Grant(
            id=f"grant_{await self._store.next_id('grant')}",
            client_id=client_id,
            account_id=record.account_id,
            scopes=record.scopes,
            created_at=self._clock.now(),
        )
        await self._store.put("grant", grant.id, msgspec.json.encode(grant), owner=grant.account_id)
        await self._store.put("spent_code", key, grant.id.encode())
        return await self._issue(grant)

    async def refresh(self, *, client_id: str, refresh_token: str) -> TokenSet:
        """New tokens for a refresh token, which is spent (rotation)."""
        self._faults.check()
        key = _digest(refresh_token)
        raw = await self._store.take("refresh_token", key)
        if raw is None:
            spent = await self._store.get("spent_refresh_token", key)
            if spent is not None:  # reuse of a rotated token: revoke the whole grant
                await self._revoke_grant(spent.decode())
                raise TokenRevoked("the refresh token was already used; the grant is revoked")
            raise InvalidGrant("the refresh token is unknown")
        token = msgspec.json.decode(raw, type=IssuedToken)
        await self._store.put("spent_refresh_token", key, token.grant_id.encode())
        grant = await self._grant(token.grant_id)
        if grant.client_id != client_id:
            raise InvalidGrant("the refresh token was issued to another client")
        if token.expires_at <= self._clock.now():
            raise TokenExpired("the refresh token has expired")
        return await self._issue(grant)

    async def revoke(self, token: str) -> None:
        """Revoke the grant behind an access or refresh token (unknown tokens: nothing)."""
        self._faults.check()
        key = _digest(token)
        for kind in ("access_token", "refresh_token", "spent_refresh_token"):
            raw = await self._store.get(kind, key)
            if raw is not None:
                grant_id = (
                    raw.decode()
                    if kind.startswith("spent")
                    else msgspec.json.decode(raw, type=IssuedToken).grant_id
                )
                await self._revoke_grant(grant_id)
                return

    async def authenticate(self, access_token: str, *any_of: str) -> Grant:
        """The grant behind a live access token holding one of ``any_of`` scopes."""
        self._faults.check()
        self._faults.check_token()
        raw = await self._store.get("access_token", _digest(access_token))
        if raw is None:
            raise InvalidToken("the access token is not valid")
        token = msgspec.json.decode(raw, type=IssuedToken)
        grant = await self._grant(token.grant_id)
        if grant.revoked_at is not None:
            raise TokenRevoked("the grant behind this token was revoked")
        if token.expires_at <= self._clock.now():
            raise TokenExpired("the access token has expired")
        if any_of and not set(any_of) & set(grant.scopes):
            raise InsufficientScope(f"this call needs the {any_of[0]!r} scope", scope=any_of[0])
        return grant

    async def expire_access_token(self, access_token: str) -> None:
        """Test hook: the token expires now."""
        key = _digest(access_token)
        raw = await self._store.get("access_token", key)
        if raw is None:
            raise InvalidToken("the access token is not valid")
        token = msgspec.json.decode(raw, type=IssuedToken)
        expired = IssuedToken(grant_id=token.grant_id, expires_at=self._clock.now())
        await self._store.put("access_token", key, msgspec.json.encode(expired))

    async def revoke_grants(self, account_id: str) -> int:
        """Test hook (and what "remove app" does on a real platform): every grant of the
        account is revoked; how many were live."""
        revoked = 0
        for raw in await self._store.list("grant", owner=account_id):
            grant = msgspec.json.decode(raw, type=Grant)
            if grant.revoked_at is None:
                await self._revoke_grant(grant.id)
                revoked += 1
        return revoked

    async def _grant(self, grant_id: str) -> Grant:
        raw = await self._store.get("grant", grant_id)
        if raw is None:
            raise InvalidToken("the grant behind this token no longer exists")
        return msgspec.json.decode(raw, type=Grant)

    async def _revoke_grant(self, grant_id: str) -> None:
        grant = await self._grant(grant_id)
        if grant.revoked_at is None:
            revoked = msgspec.structs.replace(grant, revoked_at=self._clock.now())
            await self._store.put(
                "grant", grant.id, msgspec.json.encode(revoked), owner=grant.account_id
            )

    async def _issue(self, grant: Grant) -> TokenSet:
        if grant.revoked_at is not None:
            raise TokenRevoked("the grant was revoked")
        now = self._clock.now()
        access, refresh = (
            f"sbx_at_{secrets.token_urlsafe(32)}",
            f"sbx_rt_{secrets.token_urlsafe(32)}",
        )
        expires_at = now + ACCESS_TTL
        for kind, secret, until in (
            ("access_token", access, expires_at),
            ("refresh_token", refresh, now + REFRESH_TTL),
        ):
            record = IssuedToken(grant_id=grant.id, expires_at=until)
            await self._store.put(kind, _digest(secret), msgspec.json.encode(record))
        return TokenSet(
            access_token=access,
            refresh_token=refresh,
            expires_at=expires_at,
            scopes=tuple(grant.scopes),
            account_id=grant.account_id,
        )
