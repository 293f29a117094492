"""The OAuthStateStore port: authorizations in flight, between the redirect and the callback.

Only hashes of the state and of the browser-binding nonce are stored, so a copy of the table
cannot complete anyone's flow; the PKCE verifier is stored sealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.integration.platforms import Platform
from umt.domain.shared.ids import OrganizationId, UserId
from umt.ports.credential_cipher import SealedSecret


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingAuthorization:
    id: UUID  # also the owner id the verifier is sealed for (with the organization)
    state_hash: str
    binding_hash: str
    organization_id: OrganizationId
    user_id: UserId
    platform: Platform
    scopes: tuple[str, ...]
    redirect_uri: str
    return_to: str | None
    sealed_verifier: SealedSecret
    created_at: datetime
    expires_at: datetime


class OAuthStateStore(Protocol):
    async def add(self, pending: PendingAuthorization) -> None: ...

    async def take(self, state_hash: str) -> PendingAuthorization | None:
        """Remove and return the authorization (single use), expired or not; None if absent.
        Two callbacks racing with one state: at most one of them gets it."""
        ...

    async def purge_expired(self, now: datetime) -> int:
        """Delete authorizations that expired before ``now``; how many."""
        ...
