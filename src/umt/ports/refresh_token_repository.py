"""The RefreshTokenRepository port."""

from __future__ import annotations

from typing import Protocol

from umt.domain.identity.model import RefreshToken


class RefreshTokenRepository(Protocol):
    async def get(self, token_hash: str) -> RefreshToken | None: ...

    async def add(self, token: RefreshToken) -> None: ...

    async def save(self, token: RefreshToken) -> None: ...
