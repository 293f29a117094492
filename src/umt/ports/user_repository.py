"""The UserRepository port."""

from __future__ import annotations

from typing import Protocol

from umt.domain.identity.model import User
from umt.domain.shared.ids import UserId
from umt.domain.shared.values import Email


class UserRepository(Protocol):
    async def get(self, user_id: UserId) -> User | None: ...

    async def get_many(self, user_ids: list[UserId]) -> list[User]:
        """The users that exist among ``user_ids`` (any order)."""
        ...

    async def get_by_email(self, email: Email) -> User | None:
        """Case-insensitive on the whole address."""
        ...

    async def add(self, user: User) -> None:
        """Raises Conflict if the email is already registered."""
        ...

    async def save(self, user: User) -> None: ...
