"""Schemas of members, invitations and ownership."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.application.identity.list_members import MemberView
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import permissions_for
from umt.entrypoints.http.schemas.common import Input, Name
from umt.entrypoints.http.schemas.identity import EmailText, PasswordText

RoleText = Annotated[str, Meta(min_length=1, max_length=32, examples=["brand_manager"])]
BrandIds = Annotated[list[UUID], Meta(max_length=500)]
# The acting owner's own password, asked again to grant the owner role (docs/security.md).
OwnerPassword = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=1024,
        description="Your own password again; required to grant the owner role",
    ),
]


class MemberOut(msgspec.Struct):
    user_id: UUID
    email: str
    display_name: str
    role: str
    permissions: list[str]
    brand_ids: list[UUID] | None  # null: every brand
    joined_at: datetime


class MemberList(msgspec.Struct):
    items: list[MemberOut]


class MembershipChanged(msgspec.Struct):
    user_id: UUID
    organization_id: UUID
    role: str
    brand_ids: list[UUID] | None


class MemberPatch(Input):
    role: RoleText | UnsetType = UNSET
    brand_ids: BrandIds | UnsetType | None = UNSET  # null: every brand
    password: OwnerPassword | UnsetType = UNSET  # required when role becomes owner


class OwnershipTransfer(Input):
    user_id: UUID
    password: OwnerPassword | None = None  # absent: refused (reauthentication_required)


class InvitationCreate(Input):
    email: EmailText
    role: RoleText
    brand_ids: BrandIds | None = None  # null or absent: every brand
    password: OwnerPassword | None = None  # required when role is owner


class InvitationOut(msgspec.Struct):
    id: UUID
    email: str
    role: str
    brand_ids: list[UUID] | None
    invited_by: UUID
    created_at: datetime
    expires_at: datetime


class InvitationCreated(InvitationOut):
    mail_sent: bool


class InvitationList(msgspec.Struct):
    items: list[InvitationOut]


class InvitationAccept(Input):
    token: Annotated[str, Meta(min_length=1, max_length=200)]
    password: PasswordText | None = None
    display_name: Name | None = None


def member_out(view: MemberView) -> MemberOut:
    return MemberOut(
        user_id=view.user_id,
        email=view.email,
        display_name=view.display_name,
        role=view.role.value,
        permissions=sorted(p.value for p in permissions_for(view.role)),
        brand_ids=view.brand_ids,
        joined_at=view.joined_at,
    )


def _scope(scope: frozenset[UUID] | None) -> list[UUID] | None:
    return None if scope is None else sorted(scope)


def membership_changed(membership: Membership) -> MembershipChanged:
    return MembershipChanged(
        user_id=membership.user_id,
        organization_id=membership.organization_id,
        role=membership.role.value,
        brand_ids=_scope(membership.brand_scope),
    )


def invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.id,
        email=invitation.email.value,
        role=invitation.role.value,
        brand_ids=_scope(invitation.brand_scope),
        invited_by=invitation.invited_by,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


def invitation_created(invitation: Invitation, *, mail_sent: bool) -> InvitationCreated:
    out = invitation_out(invitation)
    return InvitationCreated(**msgspec.structs.asdict(out), mail_sent=mail_sent)
