"""The acting principal: who is asking, in which organization, with which permissions."""

from __future__ import annotations

from dataclasses import dataclass

from umt.domain.identity.permissions import Permission, Role, permissions_for
from umt.domain.shared.errors import PermissionDenied
from umt.domain.shared.ids import OrganizationId, UserId


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: UserId
    organization_id: OrganizationId
    role: Role
    permissions: frozenset[Permission]

    @classmethod
    def for_member(cls, user_id: UserId, organization_id: OrganizationId, role: Role) -> Principal:
        return cls(
            user_id=user_id,
            organization_id=organization_id,
            role=role,
            permissions=permissions_for(role),
        )

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless the principal holds ``permission``."""
        if permission not in self.permissions:
            raise PermissionDenied(f"this action needs the {permission.value} permission")
