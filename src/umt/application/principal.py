"""The acting principal: who is asking, in which organization, with which permissions, and
which brands they reach."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Permission, Role, permissions_for
from umt.domain.shared.errors import NotFound, PermissionDenied
from umt.domain.shared.ids import ApiKeyId, BrandId, OrganizationId, UserId


@dataclass(frozen=True, slots=True)
class Principal:
    """For an API key: ``user_id`` is the key's creator, ``permissions`` its scopes that its
    creator still holds, ``brand_scope`` the creator's, ``api_key_id`` the key (audit entries
    and rate limits name it) and ``role`` the least role, never consulted (use cases check
    permissions, not roles)."""

    user_id: UserId
    organization_id: OrganizationId
    role: Role
    permissions: frozenset[Permission]
    api_key_id: ApiKeyId | None = None
    # None: every brand of the organization; a set: only those (a brand-scoped membership)
    brand_scope: frozenset[BrandId] | None = None

    @classmethod
    def for_member(
        cls,
        user_id: UserId,
        organization_id: OrganizationId,
        role: Role,
        brand_scope: frozenset[BrandId] | None = None,
    ) -> Principal:
        return cls(
            user_id=user_id,
            organization_id=organization_id,
            role=role,
            permissions=permissions_for(role),
            brand_scope=brand_scope,
        )

    @classmethod
    def for_api_key(cls, key: ApiKey, creator: Membership) -> Principal:
        """The key as it acts now: never beyond what its creator may do today. Scopes were
        a subset of the creator's permissions when the key was made; a demotion or a
        narrower brand scope since then narrows the key with them, on its next request."""
        if creator.user_id != key.created_by or creator.organization_id != key.organization_id:
            raise ValueError("the membership is not the key creator's")
        return cls(
            user_id=key.created_by,
            organization_id=key.organization_id,
            role=Role.VIEWER,
            permissions=key.scopes & permissions_for(creator.role),
            api_key_id=key.id,
            brand_scope=creator.brand_scope,
        )

    def require_user(self) -> None:
        """Refuse an API key: the operation acts on a person's own account (sessions)."""
        if self.api_key_id is not None:
            raise PermissionDenied("an API key cannot act on a user's own account")

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless the principal holds ``permission``."""
        if permission not in self.permissions:
            raise PermissionDenied(f"this action needs the {permission.value} permission")

    def can_access_brand(self, brand_id: UUID) -> bool:
        return self.brand_scope is None or brand_id in self.brand_scope

    def require_brand(self, brand_id: UUID) -> None:
        """NotFound for a brand outside the scope: as absent as another tenant's brand, so a
        limited member learns nothing about the brands they cannot reach."""
        if not self.can_access_brand(brand_id):
            raise NotFound(f"brand {brand_id} not found")

    def require_all_brands(self) -> None:
        """Refuse what only a member reaching every brand may do (creating brands)."""
        if self.brand_scope is not None:
            raise PermissionDenied("a member limited to some brands cannot do this")
