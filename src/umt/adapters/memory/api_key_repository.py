"""The in-memory ApiKeyRepository."""

from __future__ import annotations

from collections.abc import Callable

from umt.adapters.memory.store import InMemoryRepository, detached
from umt.domain.identity.api_key import ApiKey
from umt.domain.shared.errors import Conflict, NotFound
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId
from umt.ports.api_key_repository import ApiKeyRepository


class InMemoryApiKeyRepository(InMemoryRepository, ApiKeyRepository):
    async def add(self, key: ApiKey) -> None:
        snapshot = detached(key)

        def unique() -> None:
            if key.id in self._store.api_keys or any(
                k.public_id == key.public_id for k in self._store.api_keys.values()
            ):
                raise Conflict("the API key already exists")

        self._tx.stage(lambda: self._store.api_keys.__setitem__(key.id, snapshot), unique)
        self._tracker.track(key)

    async def get(self, organization_id: OrganizationId, key_id: ApiKeyId) -> ApiKey | None:
        stored = self._store.api_keys.get(key_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._tracker.track(detached(stored))

    async def by_public_id(self, public_id: str) -> ApiKey | None:
        for stored in self._store.api_keys.values():
            if stored.public_id == public_id:
                return self._tracker.track(detached(stored))
        return None

    async def for_organization(self, organization_id: OrganizationId) -> list[ApiKey]:
        keys = [
            detached(k)
            for k in self._store.api_keys.values()
            if k.organization_id == organization_id
        ]
        return sorted(keys, key=lambda k: (k.created_at, str(k.id)), reverse=True)

    async def for_creator(self, organization_id: OrganizationId, user_id: UserId) -> list[ApiKey]:
        return self._unrevoked(organization_id, lambda k: k.created_by == user_id)

    async def children(self, organization_id: OrganizationId, parent_id: ApiKeyId) -> list[ApiKey]:
        return self._unrevoked(organization_id, lambda k: k.parent_id == parent_id)

    def _unrevoked(
        self, organization_id: OrganizationId, matches: Callable[[ApiKey], bool]
    ) -> list[ApiKey]:
        keys = [
            self._tracker.track(detached(k))
            for k in self._store.api_keys.values()
            if k.organization_id == organization_id and k.revoked_at is None and matches(k)
        ]
        return sorted(keys, key=lambda k: (k.created_at, str(k.id)))

    async def save(self, key: ApiKey) -> None:
        snapshot = detached(key)

        def exists() -> None:
            if key.id not in self._store.api_keys:
                raise NotFound("API key not found")

        self._tx.stage(lambda: self._store.api_keys.__setitem__(key.id, snapshot), exists)
        self._tracker.track(key)
