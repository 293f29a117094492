"""Organizations (tenants), users, memberships and refresh tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.domain.identity.errors import BrandScopeNotAllowed
from umt.domain.identity.events import (
    MemberAdded,
    MemberGone,
    MemberGranted,
    MemberRemoved,
    MemberRoleChanged,
    MemberScopeChanged,
    OrganizationCreated,
    OrganizationNamed,
    RoleChange,
    ScopeChange,
    UserEmail,
    UserRegistered,
)
from umt.domain.identity.permissions import Role
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import AuthenticationFailed
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.domain.shared.values import Email, Slug, require_text


@dataclass(slots=True, kw_only=True)
class Organization(AggregateRoot):
    id: OrganizationId
    name: str
    slug: Slug
    created_at: datetime

    @classmethod
    def create(cls, *, id: OrganizationId, name: str, now: datetime) -> Organization:
        org = cls(
            id=id,
            name=require_text(name, field="organization_name", max_length=200),
            slug=Slug.from_name_or(name, fallback=f"org-{id.hex[-12:]}"),
            created_at=now,
        )
        org.events.append(
            OrganizationCreated.of(
                OrganizationNamed(name=org.name),
                aggregate_id=id,
                organization_id=id,
                occurred_at=now,
            )
        )
        return org


@dataclass(slots=True, kw_only=True)
class User(AggregateRoot):
    id: UserId
    email: Email
    password_hash: str
    display_name: str
    is_active: bool = True
    created_at: datetime

    @classmethod
    def register(
        cls,
        *,
        id: UserId,
        email: Email,
        password_hash: str,
        display_name: str | None,
        organization_id: OrganizationId,
        now: datetime,
    ) -> User:
        name = display_name if display_name is not None else email.value.split("@")[0]
        user = cls(
            id=id,
            email=email,
            password_hash=password_hash,
            display_name=require_text(name, field="display_name", max_length=200),
            created_at=now,
        )
        user.events.append(
            UserRegistered.of(
                UserEmail(email=email.value),
                aggregate_id=id,
                organization_id=organization_id,
                occurred_at=now,
            )
        )
        return user

    def ensure_can_log_in(self) -> None:
        if not self.is_active:
            raise AuthenticationFailed("invalid credentials")


BrandScope = frozenset[BrandId] | None
"""The brands a membership reaches: a set of brand ids, or None for every brand."""

# Roles that manage the whole organization (its members included) are never brand-limited: a
# limited admin could invite someone wider than themselves.
UNSCOPED_ROLES = frozenset({Role.OWNER, Role.ADMIN})


def check_brand_scope(role: Role, brand_scope: BrandScope) -> None:
    """Owners and admins reach every brand; other roles may be limited to some."""
    if brand_scope is not None and role in UNSCOPED_ROLES:
        raise BrandScopeNotAllowed(
            f"the {role.value} role always reaches every brand; brand_ids must be null",
            field="brand_ids",
        )


def scope_data(brand_scope: BrandScope) -> list[str] | None:
    """The scope as event data: sorted ids (stable payloads), or None for all brands."""
    return None if brand_scope is None else sorted(str(b) for b in brand_scope)


@dataclass(slots=True, kw_only=True)
class Membership(AggregateRoot):
    organization_id: OrganizationId
    user_id: UserId
    role: Role
    created_at: datetime
    brand_scope: BrandScope = None

    @classmethod
    def grant(
        cls,
        *,
        organization_id: OrganizationId,
        user_id: UserId,
        role: Role,
        now: datetime,
        brand_scope: BrandScope = None,
    ) -> Membership:
        check_brand_scope(role, brand_scope)
        membership = cls(
            organization_id=organization_id,
            user_id=user_id,
            role=role,
            created_at=now,
            brand_scope=brand_scope,
        )
        membership.events.append(
            MemberAdded.of(
                MemberGranted(user_id=user_id, role=role.value, brand_ids=scope_data(brand_scope)),
                aggregate_id=user_id,
                organization_id=organization_id,
                occurred_at=now,
            )
        )
        return membership

    def reaches_brand(self, brand_id: BrandId) -> bool:
        return self.brand_scope is None or brand_id in self.brand_scope

    def change(
        self, *, role: Role, brand_scope: BrandScope, changed_by: UserId, now: datetime
    ) -> bool:
        """Set role and scope (the caller checked who may); True if anything changed.

        An owner or admin loses any scope: they reach every brand by definition.
        """
        if role in UNSCOPED_ROLES and brand_scope == self.brand_scope:
            brand_scope = None
        check_brand_scope(role, brand_scope)
        changed = False
        if role is not self.role:
            self.events.append(
                MemberRoleChanged.of(
                    RoleChange(
                        user_id=self.user_id,
                        changed_by=changed_by,
                        from_=self.role.value,
                        to=role.value,
                    ),
                    aggregate_id=self.user_id,
                    organization_id=self.organization_id,
                    occurred_at=now,
                )
            )
            self.role, changed = role, True
        if brand_scope != self.brand_scope:
            self.events.append(
                MemberScopeChanged.of(
                    ScopeChange(
                        user_id=self.user_id,
                        changed_by=changed_by,
                        brand_ids=scope_data(brand_scope),
                    ),
                    aggregate_id=self.user_id,
                    organization_id=self.organization_id,
                    occurred_at=now,
                )
            )
            self.brand_scope, changed = brand_scope, True
        return changed

    def remove(self, *, removed_by: UserId, now: datetime) -> None:
        """Record the removal (the repository deletes the row)."""
        self.events.append(
            MemberRemoved.of(
                MemberGone(user_id=self.user_id, role=self.role.value, removed_by=removed_by),
                aggregate_id=self.user_id,
                organization_id=self.organization_id,
                occurred_at=now,
            )
        )


@dataclass(slots=True, kw_only=True)
class RefreshToken:
    """An opaque refresh token, stored only as a hash. Single use: rotated on every refresh."""

    token_hash: str
    user_id: UserId
    organization_id: OrganizationId
    family_id: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    def redeemable(self, now: datetime) -> bool:
        """Neither spent, revoked nor expired (the condition ``RefreshTokenRepository.spend``
        checks and changes in one step)."""
        return self.used_at is None and self.revoked_at is None and now < self.expires_at

    def redeem(self, now: datetime) -> None:
        """Mark this token spent; a spent, revoked or expired token cannot be redeemed."""
        if not self.redeemable(now):
            raise AuthenticationFailed("refresh token is invalid, expired or already used")
        self.used_at = now
