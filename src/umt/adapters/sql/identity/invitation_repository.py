"""The SQL InvitationRepository."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.identity.mappers import (
    invitation_from_row,
    invitation_to_row,
    normalized_email,
)
from umt.adapters.sql.identity.tables import invitations
from umt.domain.identity.invitation import Invitation
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Email
from umt.ports.invitation_repository import InvitationRepository


def _pending(query: Select[tuple[object, ...]], now: datetime) -> Select[tuple[object, ...]]:
    return query.where(
        invitations.c.accepted_at.is_(None),
        invitations.c.revoked_at.is_(None),
        invitations.c.expires_at > now,
    )


class SqlInvitationRepository(SqlRepository, InvitationRepository):
    """Invitations; the token is found by its hash (unique), never stored itself."""

    async def get(self, organization_id: OrganizationId, invitation_id: UUID) -> Invitation | None:
        return await self._first(
            select(invitations).where(
                invitations.c.organization_id == organization_id,
                invitations.c.id == invitation_id,
            )
        )

    async def get_by_token_hash(self, token_hash: str) -> Invitation | None:
        return await self._first(select(invitations).where(invitations.c.token_hash == token_hash))

    async def pending_for_email(
        self, organization_id: OrganizationId, email: Email, now: datetime
    ) -> Invitation | None:
        query = select(invitations).where(
            invitations.c.organization_id == organization_id,
            invitations.c.email_normalized == normalized_email(email),
        )
        return await self._first(_pending(query, now).order_by(invitations.c.created_at.desc()))

    async def pending(self, organization_id: OrganizationId, now: datetime) -> list[Invitation]:
        query = select(invitations).where(invitations.c.organization_id == organization_id)
        result = await self._execute(
            _pending(query, now).order_by(invitations.c.created_at.desc(), invitations.c.id)
        )
        return [self._tracker.track(invitation_from_row(row)) for row in result.mappings()]

    async def add(self, invitation: Invitation) -> None:
        await self._execute(insert(invitations), invitation_to_row(invitation))
        self._tracker.track(invitation)

    async def save(self, invitation: Invitation) -> None:
        values = {
            k: v
            for k, v in invitation_to_row(invitation).items()
            if k not in ("id", "organization_id")
        }
        result = await self._execute(
            update(invitations).where(invitations.c.id == invitation.id).values(values)
        )
        if result.rowcount == 0:
            raise NotFound(f"invitation {invitation.id} not found")
        self._tracker.track(invitation)

    async def _first(self, query: Select[tuple[object, ...]]) -> Invitation | None:
        row = (await self._execute(query)).mappings().first()
        return self._tracker.track(invitation_from_row(row)) if row is not None else None
