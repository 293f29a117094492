"""The RefreshTokenRepository port."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from umt.domain.identity.model import RefreshToken


class RefreshTokenRepository(Protocol):
    async def get(self, token_hash: str) -> RefreshToken | None: ...

    async def add(self, token: RefreshToken) -> None: ...

    async def save(self, token: RefreshToken) -> None: ...

    async def revoke_family(self, family_id: str, now: datetime) -> int:
        """Revoke every live token descended from the same sign-in; how many were live."""
        ...
