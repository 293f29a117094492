"""Invitations into the caller's organization, and their acceptance."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.identity.accept_invitation import AcceptInvitation
from umt.application.identity.invite_member import InvitationSentResult, InviteMember
from umt.application.identity.list_invitations import ListInvitations
from umt.application.identity.revoke_invitation import RevokeInvitation
from umt.application.identity.tokens import TokenPair
from umt.domain.identity.invitation import Invitation
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.one_time_secrets import secret_route
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS, PUBLIC_ERRORS
from umt.entrypoints.http.rules import PUBLIC, requires_for
from umt.entrypoints.http.schemas.identity import TOKEN_FIELDS, TokenOut, token_out
from umt.entrypoints.http.schemas.members import (
    InvitationAccept,
    InvitationCreate,
    InvitationCreated,
    InvitationList,
    invitation_created,
    invitation_out,
)


class InvitationController(Controller):
    path = "/api/v1/invitations"
    tags = ["members"]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Invite someone by email (the token goes by mail, never in the response)",
        responses=PROTECTED_ERRORS,
        security=BEARER,
        opt=requires_for(InviteMember),
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
        opt=requires_for(ListInvitations),
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
        opt=requires_for(RevokeInvitation),
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
