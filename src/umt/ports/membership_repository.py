"""The MembershipRepository port."""

from __future__ import annotations

from typing import Protocol

from umt.domain.identity.model import Membership
from umt.domain.shared.ids import OrganizationId, UserId


class MembershipRepository(Protocol):
    async def get(self, organization_id: OrganizationId, user_id: UserId) -> Membership | None: ...

    async def for_user(self, user_id: UserId) -> list[Membership]:
        """Oldest first."""
        ...

    async def add(self, membership: Membership) -> None: ...

    def seen(self) -> list[Membership]: ...
