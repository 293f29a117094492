"""The SQL UserRepository."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.identity.mappers import normalized_email, user_from_row, user_to_row
from umt.adapters.sql.identity.tables import users
from umt.domain.identity.model import User
from umt.domain.shared.errors import Conflict, NotFound
from umt.domain.shared.ids import UserId
from umt.domain.shared.values import Email
from umt.ports.user_repository import UserRepository

_EMAIL_UNIQUE = "uq_users_email_normalized"


def _email_taken() -> Conflict:
    return Conflict("that email address is already registered", field="email")


class SqlUserRepository(SqlRepository, UserRepository):
    """Users, unique by the lower-cased whole email address."""

    async def get(self, user_id: UserId) -> User | None:
        result = await self._execute(select(users).where(users.c.id == user_id))
        row = result.mappings().first()
        return self._tracker.track(user_from_row(row)) if row is not None else None

    async def get_many(self, user_ids: list[UserId]) -> list[User]:
        if not user_ids:
            return []
        result = await self._execute(select(users).where(users.c.id.in_(user_ids)))
        return [self._tracker.track(user_from_row(row)) for row in result.mappings()]

    async def get_by_email(self, email: Email) -> User | None:
        result = await self._execute(
            select(users).where(users.c.email_normalized == normalized_email(email))
        )
        row = result.mappings().first()
        return self._tracker.track(user_from_row(row)) if row is not None else None

    async def add(self, user: User) -> None:
        await self._execute(
            insert(users), user_to_row(user), on_unique={_EMAIL_UNIQUE: _email_taken}
        )
        self._tracker.track(user)

    async def save(self, user: User) -> None:
        values = {k: v for k, v in user_to_row(user).items() if k not in ("id", "created_at")}
        result = await self._execute(
            update(users).where(users.c.id == user.id).values(values),
            on_unique={_EMAIL_UNIQUE: _email_taken},
        )
        if result.rowcount == 0:
            raise NotFound(f"user {user.id} not found")
        self._tracker.track(user)
