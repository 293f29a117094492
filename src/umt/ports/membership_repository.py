"""The MembershipRepository port."""

from __future__ import annotations

from typing import Protocol

from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import OrganizationId, UserId


class MembershipRepository(Protocol):
    async def get(self, organization_id: OrganizationId, user_id: UserId) -> Membership | None: ...

    async def for_user(self, user_id: UserId) -> list[Membership]:
        """Oldest first."""
        ...

    async def for_organization(self, organization_id: OrganizationId) -> list[Membership]:
        """Every member of the organization, oldest first."""
        ...

    async def count_with_role(self, organization_id: OrganizationId, role: Role) -> int:
        """How many members hold ``role``; where the store can, those rows stay locked until
        the transaction ends, so a concurrent change cannot invalidate the count."""
        ...

    async def add(self, membership: Membership) -> None: ...

    async def save(self, membership: Membership) -> None:
        """Persist a loaded membership's role and brand scope."""
        ...

    async def remove(self, membership: Membership) -> None:
        """Delete the membership (it stays seen, so its MemberRemoved event is collected)."""
        ...
