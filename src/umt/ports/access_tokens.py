"""The AccessTokens port: issuing and verifying short-lived signed access tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import BrandId, OrganizationId, UserId


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: UserId
    organization_id: OrganizationId
    role: Role
    expires_at: datetime
    # the sign-in (refresh-token family) the token was issued to: ending the sign-in ends
    # the token, see SessionRevocations
    session_id: str
    # the membership's brand scope: None reaches every brand (the claim is then left out)
    brand_scope: frozenset[BrandId] | None = None


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    token: str
    expires_in: int


class AccessTokens(Protocol):
    def issue(self, claims: AccessClaims, *, now: datetime) -> IssuedAccessToken: ...

    def verify(self, token: str) -> AccessClaims:
        """The claims of a valid token; raises AuthenticationFailed for any invalid token."""
        ...
