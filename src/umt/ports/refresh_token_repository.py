"""The RefreshTokenRepository port."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from umt.domain.identity.model import RefreshToken
from umt.domain.shared.ids import UserId


class RefreshTokenRepository(Protocol):
    async def get(self, token_hash: str) -> RefreshToken | None: ...

    async def add(self, token: RefreshToken) -> None: ...

    async def save(self, token: RefreshToken) -> None: ...

    async def spend(self, token_hash: str, now: datetime) -> bool:
        """Mark the token used if it is still redeemable (not used, revoked or expired), as one
        conditional step; True only for the one caller that spent it.

        Concurrent spends of one token are serialized: a second waits until the first one's
        transaction ends, then finds the token used (False) if that one committed, or spends
        it if that one rolled back. Reading the token and saving it would let two refreshes
        both see it unused, and both win.
        """
        ...

    async def live_for_user(self, user_id: UserId, now: datetime) -> list[RefreshToken]:
        """The user's redeemable tokens (one per live sign-in), newest first."""
        ...

    async def revoke_all_for_user(self, user_id: UserId, now: datetime) -> int:
        """Revoke every live token of the user (every sign-in); how many were live."""
        ...

    async def revoke_family(self, family_id: str, now: datetime) -> int:
        """Revoke every live token descended from the same sign-in; how many were live."""
        ...

    async def family_revoked(self, family_id: str) -> bool:
        """Whether the sign-in ``family_id`` was ended (logout, revoke-all, reuse): the
        fallback that access-token checks use when the session revocations are down."""
        ...
