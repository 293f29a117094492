"""Members, invitations and ownership of the caller's organization."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.identity.accept_invitation import AcceptInvitation
from umt.application.identity.change_member import ChangeMember
from umt.application.identity.invite_member import InvitationSentResult, InviteMember
from umt.application.identity.list_invitations import ListInvitations
from umt.application.identity.list_members import ListMembers, MemberView
from umt.application.identity.remove_member import RemoveMember
from umt.application.identity.revoke_invitation import RevokeInvitation
from umt.application.identity.tokens import TokenPair
from umt.application.identity.transfer_ownership import TransferOwnership
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Permission
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.one_time_secrets import secret_route
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS, PUBLIC_ERRORS
from umt.entrypoints.http.rules import PUBLIC
from umt.entrypoints.http.schemas.common import given
from umt.entrypoints.http.schemas.identity import TOKEN_FIELDS, TokenOut, token_out
from umt.entrypoints.http.schemas.members import (
    InvitationAccept,
    InvitationCreate,
    InvitationCreated,
    InvitationList,
    MemberList,
    MemberPatch,
    MembershipChanged,
    OwnershipTransfer,
    invitation_created,
    invitation_out,
    member_out,
    membership_changed,
)

MEMBERS_READ = {"permission": Permission.MEMBERS_READ.value}
MEMBERS_MANAGE = {"permission": Permission.MEMBERS_MANAGE.value}


class MemberController(Controller):
    path = "/api/v1/members"
    tags = ["members"]
    security = BEARER

    @get("/", summary="The organization's members", responses=PROTECTED_ERRORS, opt=MEMBERS_READ)
    async def list_members(self, principal: Caller, bus: Bus) -> MemberList:
        views = await bus.ask(ListMembers(), list[MemberView], principal)
        return MemberList(items=[member_out(v) for v in views])

    @patch(
        "/{user_id:uuid}",
        summary="Change a member's role or brands (their sign-ins end)",
        responses=PROTECTED_ERRORS,
        opt=MEMBERS_MANAGE,
    )
    async def change(
        self, user_id: FromPath[UUID], data: JSONBody[MemberPatch], principal: Caller, bus: Bus
    ) -> MembershipChanged:
        command = ChangeMember(user_id=user_id, **given(data))
        return membership_changed(await bus.ask(command, Membership, principal))

    @delete(
        "/{user_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a member (their sign-ins end)",
        responses=PROTECTED_ERRORS,
        opt=MEMBERS_MANAGE,
    )
    async def remove(self, user_id: FromPath[UUID], principal: Caller, bus: Bus) -> None:
        await bus.execute(RemoveMember(user_id=user_id), principal)


class OrganizationController(Controller):
    path = "/api/v1/organization"
    tags = ["members"]
    security = BEARER

    @post(
        "/ownership",
        status_code=HTTP_200_OK,
        summary="Transfer ownership to another member (you become an admin)",
        responses=PROTECTED_ERRORS,
        opt={"permission": Permission.ORGANIZATION_MANAGE.value},
    )
    async def transfer(
        self, data: JSONBody[OwnershipTransfer], principal: Caller, bus: Bus
    ) -> MembershipChanged:
        command = TransferOwnership(user_id=data.user_id, password=data.password)
        return membership_changed(await bus.ask(command, Membership, principal))


class InvitationController(Controller):
    path = "/api/v1/invitations"
    tags = ["members"]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Invite someone by email (the token goes by mail, never in the response)",
        responses=PROTECTED_ERRORS,
        security=BEARER,
        opt=MEMBERS_MANAGE,
    )
    async def invite(
        self, data: JSONBody[InvitationCreate], principal: Caller, bus: Bus
    ) -> InvitationCreated:
        command = InviteMember(
            email=data.email, role=data.role, brand_ids=data.brand_ids, password=data.password
        )
        result = await bus.ask(command, InvitationSentResult, principal)
        return invitation_created(result.invitation, mail_sent=result.mail_sent)

    @get(
        "/",
        summary="Pending invitations",
        responses=PROTECTED_ERRORS,
        security=BEARER,
        opt=MEMBERS_MANAGE,
    )
    async def list_invitations(self, principal: Caller, bus: Bus) -> InvitationList:
        pending = await bus.ask(ListInvitations(), list[Invitation], principal)
        return InvitationList(items=[invitation_out(i) for i in pending])

    @delete(
        "/{invitation_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Revoke a pending invitation",
        responses=PROTECTED_ERRORS,
        security=BEARER,
        opt=MEMBERS_MANAGE,
    )
    async def revoke(self, invitation_id: FromPath[UUID], principal: Caller, bus: Bus) -> None:
        await bus.execute(RevokeInvitation(invitation_id=invitation_id), principal)

    @post(
        "/accept",
        status_code=HTTP_200_OK,
        summary="Accept an invitation with its token; signs you in",
        responses=PUBLIC_ERRORS,
        **secret_route(PUBLIC, *TOKEN_FIELDS),
    )
    async def accept(self, data: JSONBody[InvitationAccept], bus: Bus) -> TokenOut:
        command = AcceptInvitation(
            token=data.token, password=data.password, display_name=data.display_name
        )
        return token_out(await bus.ask(command, TokenPair))
