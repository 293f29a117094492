"""Schemas of the auth endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.identity.get_me import Me
from umt.application.identity.register import RegistrationReceived
from umt.application.identity.tokens import TokenPair
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.identity.permissions import permissions_for
from umt.entrypoints.http.schemas.common import Input, Name

EmailText = Annotated[str, Meta(min_length=3, max_length=320, examples=["ana@example.com"])]
PasswordText = Annotated[str, Meta(min_length=1, max_length=1024)]


class RegisterIn(Input):
    email: EmailText
    password: PasswordText
    organization_name: Name
    display_name: Name | None = None


class TokenIn(Input):
    email: EmailText
    password: PasswordText
    organization_id: UUID | None = None


class LogoutIn(Input):
    refresh_token: Annotated[str, Meta(min_length=1, max_length=200)]


class RefreshIn(LogoutIn):
    # another organization of the same user: switching needs the session, not the password
    organization_id: UUID | None = None


TOKEN_FIELDS = ("access_token", "refresh_token")  # shown once: see one_time_secrets.py


class TokenOut(msgspec.Struct):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    organization_id: UUID


class UserOut(msgspec.Struct):
    id: UUID
    email: str
    display_name: str
    created_at: datetime


class OrganizationOut(msgspec.Struct):
    id: UUID
    name: str
    slug: str
    created_at: datetime


class MembershipOut(msgspec.Struct, omit_defaults=True):
    organization_id: UUID
    role: str
    permissions: list[str]
    # the brands a limited member reaches; absent for a member who reaches every brand
    brand_ids: list[UUID] | None = None
    organization_name: str | None = None  # in GET /me, for an organization switcher


class RegistrationOut(msgspec.Struct):
    """The same for a new and an already registered email (which is not told): the address
    as understood, and what to do next."""

    email: str
    detail: str


class MeOut(msgspec.Struct):
    user: UserOut
    organization: OrganizationOut
    membership: MembershipOut
    memberships: list[MembershipOut]


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email.value,
        display_name=user.display_name,
        created_at=user.created_at,
    )


def organization_out(org: Organization) -> OrganizationOut:
    return OrganizationOut(id=org.id, name=org.name, slug=org.slug.value, created_at=org.created_at)


def membership_out(membership: Membership, organization_name: str | None = None) -> MembershipOut:
    return MembershipOut(
        organization_id=membership.organization_id,
        role=membership.role.value,
        permissions=sorted(p.value for p in permissions_for(membership.role)),
        brand_ids=None if membership.brand_scope is None else sorted(membership.brand_scope),
        organization_name=organization_name,
    )


REGISTRATION_DETAIL = (
    "Registration received. If this email was new, its account and organization are ready:"
    " sign in with POST /api/v1/auth/token. Either way a mail to this address says what"
    " happened."
)


def registration_out(received: RegistrationReceived) -> RegistrationOut:
    # from the email alone: nothing here may depend on whether an account was created
    return RegistrationOut(email=received.email.value, detail=REGISTRATION_DETAIL)


def me_out(me: Me) -> MeOut:
    return MeOut(
        user=user_out(me.user),
        organization=organization_out(me.organization),
        membership=membership_out(me.membership, me.organization.name),
        memberships=[
            membership_out(m, me.organization_names.get(m.organization_id)) for m in me.memberships
        ],
    )


def token_out(pair: TokenPair) -> TokenOut:
    return TokenOut(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        token_type=pair.token_type,
        expires_in=pair.expires_in,
        organization_id=pair.organization_id,
    )


class SessionOut(msgspec.Struct):
    id: str
    organization_id: UUID
    last_refreshed_at: datetime
    expires_at: datetime


class SessionList(msgspec.Struct):
    items: list[SessionOut]


class RevokedOut(msgspec.Struct):
    revoked: int
