"""The ApiKeyRepository port."""

from __future__ import annotations

from typing import Protocol

from umt.domain.identity.api_key import ApiKey
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey) -> None: ...

    async def get(self, organization_id: OrganizationId, key_id: ApiKeyId) -> ApiKey | None:
        """The organization's key; another organization's is absent."""
        ...

    async def by_public_id(self, public_id: str) -> ApiKey | None:
        """The key with this public id, in whatever organization (authentication)."""
        ...

    async def for_organization(self, organization_id: OrganizationId) -> list[ApiKey]:
        """Every key of the organization, revoked and expired ones too, newest first."""
        ...

    async def for_creator(self, organization_id: OrganizationId, user_id: UserId) -> list[ApiKey]:
        """The keys ``user_id`` created in the organization that are not revoked (expired
        ones included), oldest first: what to revoke when the member leaves."""
        ...

    async def children(self, organization_id: OrganizationId, parent_id: ApiKeyId) -> list[ApiKey]:
        """The keys made with key ``parent_id`` that are not revoked, oldest first."""
        ...

    async def save(self, key: ApiKey) -> None:
        """Store the key's mutable state: ``revoked_at`` and ``last_used_at``."""
        ...
