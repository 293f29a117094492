"""Data mappers between table rows and the identity context's objects.

As in ``mappers``, rows become objects through the dataclass constructors, so rebuilding a user
or organization records no events.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping

from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import BrandScope, Membership, Organization, RefreshToken, User
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.domain.shared.values import Email, Slug

# Rows come from Result.mappings(); keys are column names.
Row = RowMapping
Values = dict[str, Any]


def organization_to_row(organization: Organization) -> Values:
    return {
        "id": organization.id,
        "name": organization.name,
        "slug": organization.slug.value,
        "created_at": organization.created_at,
    }


def organization_from_row(row: Row) -> Organization:
    return Organization(
        id=OrganizationId(row["id"]),
        name=row["name"],
        slug=Slug(row["slug"]),
        created_at=row["created_at"],
    )


def normalized_email(email: Email) -> str:
    """The uniqueness and lookup key of an address: the whole address lower-cased."""
    return email.value.lower()


def user_to_row(user: User) -> Values:
    return {
        "id": user.id,
        "email": user.email.value,
        "email_normalized": normalized_email(user.email),
        "password_hash": user.password_hash,
        "display_name": user.display_name,
        "is_active": user.is_active,
        "created_at": user.created_at,
    }


def user_from_row(row: Row) -> User:
    return User(
        id=UserId(row["id"]),
        email=Email(row["email"]),
        password_hash=row["password_hash"],
        display_name=row["display_name"],
        is_active=row["is_active"],
        created_at=row["created_at"],
    )


def membership_to_row(membership: Membership) -> Values:
    return {
        "organization_id": membership.organization_id,
        "user_id": membership.user_id,
        "role": membership.role.value,
        "created_at": membership.created_at,
        "brand_scope": brand_scope_to_json(membership.brand_scope),
    }


def brand_scope_to_json(scope: BrandScope) -> list[str] | None:
    """Sorted, so equal scopes are equal documents."""
    return None if scope is None else sorted(str(b) for b in scope)


def brand_scope_from_json(value: list[str] | None) -> BrandScope:
    return None if value is None else frozenset(BrandId(UUID(v)) for v in value)


def membership_from_row(row: Row) -> Membership:
    return Membership(
        organization_id=OrganizationId(row["organization_id"]),
        user_id=UserId(row["user_id"]),
        role=Role(row["role"]),
        created_at=row["created_at"],
        brand_scope=brand_scope_from_json(row["brand_scope"]),
    )


def refresh_token_to_row(token: RefreshToken) -> Values:
    return {
        "token_hash": token.token_hash,
        "user_id": token.user_id,
        "organization_id": token.organization_id,
        "family_id": token.family_id,
        "issued_at": token.issued_at,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
        "revoked_at": token.revoked_at,
    }


def refresh_token_from_row(row: Row) -> RefreshToken:
    return RefreshToken(
        token_hash=row["token_hash"],
        user_id=UserId(row["user_id"]),
        organization_id=OrganizationId(row["organization_id"]),
        family_id=row["family_id"],
        issued_at=row["issued_at"],
        expires_at=row["expires_at"],
        used_at=row["used_at"],
        revoked_at=row["revoked_at"],
    )


def invitation_to_row(invitation: Invitation) -> Values:
    return {
        "id": invitation.id,
        "organization_id": invitation.organization_id,
        "email": invitation.email.value,
        "email_normalized": normalized_email(invitation.email),
        "role": invitation.role.value,
        "brand_scope": brand_scope_to_json(invitation.brand_scope),
        "token_hash": invitation.token_hash,
        "invited_by": invitation.invited_by,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "accepted_by": invitation.accepted_by,
        "revoked_at": invitation.revoked_at,
    }


def invitation_from_row(row: Row) -> Invitation:
    return Invitation(
        id=row["id"],
        organization_id=OrganizationId(row["organization_id"]),
        email=Email(row["email"]),
        role=Role(row["role"]),
        brand_scope=brand_scope_from_json(row["brand_scope"]),
        token_hash=row["token_hash"],
        invited_by=UserId(row["invited_by"]),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        accepted_at=row["accepted_at"],
        accepted_by=UserId(row["accepted_by"]) if row["accepted_by"] is not None else None,
        revoked_at=row["revoked_at"],
    )
