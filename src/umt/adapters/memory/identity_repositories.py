"""In-memory repositories of the identity context."""

from __future__ import annotations

import asyncio
from datetime import datetime

from umt.adapters.memory.store import InMemoryRepository, detached
from umt.domain.identity.model import Membership, Organization, RefreshToken, User
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import Conflict, NotFound
from umt.domain.shared.ids import OrganizationId, UserId
from umt.domain.shared.values import Email
from umt.ports.membership_repository import MembershipRepository
from umt.ports.organization_repository import OrganizationRepository
from umt.ports.refresh_token_repository import RefreshTokenRepository
from umt.ports.user_repository import UserRepository


class InMemoryOrganizationRepository(InMemoryRepository, OrganizationRepository):
    async def get(self, organization_id: OrganizationId) -> Organization | None:
        stored = self._store.organizations.get(organization_id)
        return self._tracker.track(detached(stored)) if stored else None

    async def add(self, organization: Organization) -> None:
        snapshot = detached(organization)
        self._tx.stage(lambda: self._store.organizations.__setitem__(organization.id, snapshot))
        self._tracker.track(organization)


class InMemoryUserRepository(InMemoryRepository, UserRepository):
    async def get(self, user_id: UserId) -> User | None:
        stored = self._store.users.get(user_id)
        return self._tracker.track(detached(stored)) if stored else None

    async def get_many(self, user_ids: list[UserId]) -> list[User]:
        found = (self._store.users.get(user_id) for user_id in dict.fromkeys(user_ids))
        return [self._tracker.track(detached(user)) for user in found if user is not None]

    async def get_by_email(self, email: Email) -> User | None:
        key = email.value.lower()
        for user in self._store.users.values():
            if user.email.value.lower() == key:
                return self._tracker.track(detached(user))
        return None

    async def add(self, user: User) -> None:
        def unique() -> None:
            key = user.email.value.lower()
            if any(
                u.email.value.lower() == key and u.id != user.id for u in self._store.users.values()
            ):
                raise Conflict("this email is already registered", field="email")

        snapshot = detached(user)
        self._tx.stage(lambda: self._store.users.__setitem__(user.id, snapshot), unique)
        self._tracker.track(user)

    async def save(self, user: User) -> None:
        snapshot = detached(user)
        self._tx.stage(lambda: self._store.users.__setitem__(user.id, snapshot))
        self._tracker.track(user)


class InMemoryMembershipRepository(InMemoryRepository, MembershipRepository):
    async def get(self, organization_id: OrganizationId, user_id: UserId) -> Membership | None:
        stored = self._store.memberships.get((organization_id, user_id))
        return self._tracker.track(detached(stored)) if stored else None

    async def for_user(self, user_id: UserId) -> list[Membership]:
        found = [m for m in self._store.memberships.values() if m.user_id == user_id]
        found.sort(key=lambda m: (m.created_at, str(m.organization_id)))
        return [self._tracker.track(detached(m)) for m in found]

    async def for_organization(self, organization_id: OrganizationId) -> list[Membership]:
        found = [
            m for m in self._store.memberships.values() if m.organization_id == organization_id
        ]
        found.sort(key=lambda m: (m.created_at, str(m.user_id)))
        return [self._tracker.track(detached(m)) for m in found]

    async def count_with_role(self, organization_id: OrganizationId, role: Role) -> int:
        return sum(
            1
            for m in self._store.memberships.values()
            if m.organization_id == organization_id and m.role is role
        )

    async def save(self, membership: Membership) -> None:
        key = (membership.organization_id, membership.user_id)

        def exists() -> None:
            if key not in self._store.memberships:
                raise NotFound(f"member {membership.user_id} not found")

        snapshot = detached(membership)
        self._tx.stage(lambda: self._store.memberships.__setitem__(key, snapshot), exists)
        self._tracker.track(membership)

    async def remove(self, membership: Membership) -> None:
        key = (membership.organization_id, membership.user_id)
        self._tx.stage(lambda: self._store.memberships.pop(key, None))
        self._tracker.track(membership)

    async def add(self, membership: Membership) -> None:
        key = (membership.organization_id, membership.user_id)

        def unique() -> None:
            if key in self._store.memberships:
                raise Conflict("the user is already a member", field="user_id")

        snapshot = detached(membership)
        self._tx.stage(lambda: self._store.memberships.__setitem__(key, snapshot), unique)
        self._tracker.track(membership)


class InMemoryRefreshTokenRepository(InMemoryRepository, RefreshTokenRepository):
    async def get(self, token_hash: str) -> RefreshToken | None:
        stored = self._store.refresh_tokens.get(token_hash)
        return detached(stored) if stored else None

    async def add(self, token: RefreshToken) -> None:
        snapshot = detached(token)
        self._tx.stage(lambda: self._store.refresh_tokens.__setitem__(token.token_hash, snapshot))

    async def save(self, token: RefreshToken) -> None:
        await self.add(token)

    async def spend(self, token_hash: str, now: datetime) -> bool:
        holds = self._store.refresh_token_holds
        while (held := holds.get(token_hash)) is not None:
            holder, ended = held
            if holder is self._tx:
                return False  # this transaction spent it already
            await ended.wait()  # another open transaction is spending it: wait for its end
        stored = self._store.refresh_tokens.get(token_hash)
        if stored is None or not stored.redeemable(now):
            return False
        ended = asyncio.Event()
        holds[token_hash] = (self._tx, ended)

        def release() -> None:
            if holds.get(token_hash, (None,))[0] is self._tx:
                del holds[token_hash]
            ended.set()

        def write() -> None:
            current = self._store.refresh_tokens.get(token_hash)
            if current is not None:
                current.used_at = now

        self._tx.stage(write)
        self._tx.hold(release)
        return True

    async def live_for_user(self, user_id: UserId, now: datetime) -> list[RefreshToken]:
        live = [
            detached(t)
            for t in self._store.refresh_tokens.values()
            if t.user_id == user_id
            and t.used_at is None
            and t.revoked_at is None
            and t.expires_at > now
        ]
        return sorted(live, key=lambda t: t.issued_at, reverse=True)

    async def revoke_all_for_user(self, user_id: UserId, now: datetime) -> int:
        live = [
            t
            for t in self._store.refresh_tokens.values()
            if t.user_id == user_id and t.revoked_at is None
        ]

        def revoke() -> None:
            for token in live:
                token.revoked_at = now

        self._tx.stage(revoke)
        return len(live)

    async def family_revoked(self, family_id: str) -> bool:
        return any(
            t.family_id == family_id and t.revoked_at is not None
            for t in self._store.refresh_tokens.values()
        )

    async def revoke_family(self, family_id: str, now: datetime) -> int:
        live = [
            t
            for t in self._store.refresh_tokens.values()
            if t.family_id == family_id and t.revoked_at is None
        ]

        def revoke() -> None:
            for token in live:
                token.revoked_at = now

        self._tx.stage(revoke)
        return len(live)
