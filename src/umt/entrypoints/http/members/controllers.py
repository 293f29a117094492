"""Members and ownership of the caller's organization."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from umt.application.identity.change_member import ChangeMember
from umt.application.identity.list_members import ListMembers, MemberView
from umt.application.identity.remove_member import RemoveMember
from umt.application.identity.transfer_ownership import TransferOwnership
from umt.domain.identity.model import Membership
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import given
from umt.entrypoints.http.schemas.members import (
    MemberList,
    MemberPatch,
    MembershipChanged,
    OwnershipTransfer,
    member_out,
    membership_changed,
)


class MemberController(Controller):
    path = "/api/v1/members"
    tags = ["members"]
    security = BEARER

    @get(
        "/",
        summary="The organization's members",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListMembers),
    )
    async def list_members(self, principal: Caller, bus: Bus) -> MemberList:
        views = await bus.ask(ListMembers(), list[MemberView], principal)
        return MemberList(items=[member_out(v) for v in views])

    @patch(
        "/{user_id:uuid}",
        summary="Change a member's role or brands (their sign-ins end)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ChangeMember),
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
        opt=requires_for(RemoveMember),
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
        opt=requires_for(TransferOwnership),
    )
    async def transfer(
        self, data: JSONBody[OwnershipTransfer], principal: Caller, bus: Bus
    ) -> MembershipChanged:
        command = TransferOwnership(user_id=data.user_id, password=data.password)
        return membership_changed(await bus.ask(command, Membership, principal))
