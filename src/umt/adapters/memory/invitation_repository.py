"""The in-memory InvitationRepository."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import InMemoryRepository, detached
from umt.domain.identity.invitation import Invitation
from umt.domain.shared.errors import Conflict, NotFound
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Email
from umt.ports.invitation_repository import InvitationRepository


class InMemoryInvitationRepository(InMemoryRepository, InvitationRepository):
    async def get(self, organization_id: OrganizationId, invitation_id: UUID) -> Invitation | None:
        stored = self._store.invitations.get(invitation_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._tracker.track(detached(stored))

    async def get_by_token_hash(self, token_hash: str) -> Invitation | None:
        for stored in self._store.invitations.values():
            if stored.token_hash == token_hash:
                return self._tracker.track(detached(stored))
        return None

    async def pending_for_email(
        self, organization_id: OrganizationId, email: Email, now: datetime
    ) -> Invitation | None:
        key = email.value.lower()
        found = [i for i in self._pending(organization_id, now) if i.email.value.lower() == key]
        return self._tracker.track(detached(found[0])) if found else None

    async def pending(self, organization_id: OrganizationId, now: datetime) -> list[Invitation]:
        return [self._tracker.track(detached(i)) for i in self._pending(organization_id, now)]

    async def add(self, invitation: Invitation) -> None:
        def unique() -> None:
            if invitation.id in self._store.invitations or any(
                i.token_hash == invitation.token_hash for i in self._store.invitations.values()
            ):
                raise Conflict("the invitation already exists")

        snapshot = detached(invitation)
        self._tx.stage(lambda: self._store.invitations.__setitem__(invitation.id, snapshot), unique)
        self._tracker.track(invitation)

    async def save(self, invitation: Invitation) -> None:
        def exists() -> None:
            if invitation.id not in self._store.invitations:
                raise NotFound(f"invitation {invitation.id} not found")

        snapshot = detached(invitation)
        self._tx.stage(lambda: self._store.invitations.__setitem__(invitation.id, snapshot), exists)
        self._tracker.track(invitation)

    def _pending(self, organization_id: OrganizationId, now: datetime) -> list[Invitation]:
        found = [
            i
            for i in self._store.invitations.values()
            if i.organization_id == organization_id and i.is_pending(now)
        ]
        return sorted(found, key=lambda i: (i.created_at, str(i.id)), reverse=True)
