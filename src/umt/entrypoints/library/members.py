"""The identity namespaces: ``platform.members`` (members, invitations and ownership, as
/api/v1/members, /api/v1/invitations and /api/v1/organization/ownership) and
``platform.api_keys`` (as /api/v1/api-keys)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from umt.application.identity.change_member import ChangeMember
from umt.application.identity.create_api_key import CreateApiKey, CreatedApiKey
from umt.application.identity.invite_member import InvitationSentResult, InviteMember
from umt.application.identity.list_api_keys import ListApiKeys
from umt.application.identity.list_invitations import ListInvitations
from umt.application.identity.list_members import ListMembers, MemberView
from umt.application.identity.remove_member import RemoveMember
from umt.application.identity.revoke_api_key import RevokeApiKey
from umt.application.identity.revoke_invitation import RevokeInvitation
from umt.application.identity.transfer_ownership import TransferOwnership
from umt.application.identity.views import (
    ApiKeyView,
    CreatedApiKeyView,
    InvitationSentView,
    InvitationView,
    MembershipView,
)
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import Membership
from umt.domain.shared.unset import UNSET, Unset
from umt.entrypoints.library.session import BusApi, Session


class MembersApi(BusApi):
    """The organization's members, invitations and ownership (as /api/v1/members,
    /api/v1/invitations and /api/v1/organization/ownership)."""

    async def list(self, session: Session) -> list[MemberView]:
        return await self._ask(session, ListMembers(), list[MemberView])

    async def change(
        self,
        session: Session,
        user_id: UUID,
        *,
        role: str | None = None,
        brand_ids: Sequence[UUID] | Unset | None = UNSET,
        password: str | None = None,
    ) -> MembershipView:
        """Change a member's role and/or brands (None: every brand); their sign-ins end.
        Making someone an owner takes the calling owner's ``password`` again."""
        command = ChangeMember(user_id=user_id, role=role, brand_ids=brand_ids, password=password)
        return MembershipView.from_aggregate(await self._ask(session, command, Membership))

    async def remove(self, session: Session, user_id: UUID) -> None:
        await self._send(session, RemoveMember(user_id=user_id))

    async def transfer_ownership(
        self, session: Session, user_id: UUID, *, password: str | None = None
    ) -> MembershipView:
        """Make ``user_id`` an owner; the caller (an owner, giving their ``password`` again)
        becomes an admin."""
        command = TransferOwnership(user_id=user_id, password=password)
        return MembershipView.from_aggregate(await self._ask(session, command, Membership))

    async def invite(
        self,
        session: Session,
        email: str,
        role: str,
        brand_ids: Sequence[UUID] | None = None,
        *,
        password: str | None = None,
    ) -> InvitationSentView:
        """Invite by email; the token goes out through the configured mail sender. Inviting
        an owner takes the calling owner's ``password`` again."""
        command = InviteMember(email=email, role=role, brand_ids=brand_ids, password=password)
        sent = await self._ask(session, command, InvitationSentResult)
        return InvitationSentView.from_result(sent)

    async def invitations(self, session: Session) -> builtins.list[InvitationView]:
        found = await self._ask(session, ListInvitations(), builtins.list[Invitation])
        return [InvitationView.from_aggregate(invitation) for invitation in found]

    async def revoke_invitation(self, session: Session, invitation_id: UUID) -> None:
        await self._send(session, RevokeInvitation(invitation_id=invitation_id))


class ApiKeysApi(BusApi):
    """API keys of the session's organization (owners and admins: ``api_keys:manage``)."""

    async def create(
        self, session: Session, *, name: str, scopes: list[str], expires_at: datetime
    ) -> CreatedApiKeyView:
        """A new key; ``CreatedApiKeyView.token`` is its full text, available this once only."""
        command = CreateApiKey(name=name, scopes=tuple(scopes), expires_at=expires_at)
        return CreatedApiKeyView.from_result(await self._ask(session, command, CreatedApiKey))

    async def list(self, session: Session) -> list[ApiKeyView]:
        found = await self._ask(session, ListApiKeys(), list[ApiKey])
        return [ApiKeyView.from_aggregate(key) for key in found]

    async def revoke(self, session: Session, api_key_id: UUID) -> None:
        await self._send(session, RevokeApiKey(api_key_id=api_key_id))
