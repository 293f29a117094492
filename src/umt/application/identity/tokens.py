"""Issuing a token pair: a signed access token and a rotating opaque refresh token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from umt.application.services import Context
from umt.domain.identity.model import Membership, RefreshToken
from umt.ports.access_tokens import AccessClaims, AccessTokens
from umt.ports.clock import Clock

REFRESH_TOKEN_PREFIX = "umtr_"  # noqa: S105  # a marker so leaked tokens are recognisable, not a secret


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    organization_id: UUID


def hash_refresh_token(token: str) -> str:
    """Refresh tokens are stored only as SHA-256: they are 256-bit random, so no salt or slow
    hash is needed, and a leaked table yields nothing usable."""
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token_pair(
    ctx: Context,
    membership: Membership,
    *,
    family_id: str | None = None,
    clock: Clock,
    access_tokens: AccessTokens,
    refresh_token_lifetime: timedelta,
) -> TokenPair:
    """Mint an access token for ``membership`` and store a new refresh token in ``ctx.uow``."""
    now = clock.now()
    family_id = family_id or secrets.token_hex(16)
    access = access_tokens.issue(
        AccessClaims(
            user_id=membership.user_id,
            organization_id=membership.organization_id,
            role=membership.role,
            expires_at=now,
            brand_scope=membership.brand_scope,
            session_id=family_id,
        ),
        now=now,
    )
    raw_refresh = REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ctx.uow.refresh_tokens.add(
        RefreshToken(
            token_hash=hash_refresh_token(raw_refresh),
            user_id=membership.user_id,
            organization_id=membership.organization_id,
            family_id=family_id,
            issued_at=now,
            expires_at=now + refresh_token_lifetime,
        )
    )
    return TokenPair(
        access_token=access.token,
        refresh_token=raw_refresh,
        token_type="Bearer",  # noqa: S106  # the OAuth 2 token type, not a secret
        expires_in=access.expires_in,
        organization_id=membership.organization_id,
    )
