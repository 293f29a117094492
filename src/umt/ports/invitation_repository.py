"""The InvitationRepository port: invitations by tenant, and by token hash for accepting."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.identity.invitation import Invitation
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Email


class InvitationRepository(Protocol):
    async def get(self, organization_id: OrganizationId, invitation_id: UUID) -> Invitation | None:
        """The invitation if it exists in that organization, else None."""
        ...

    async def get_by_token_hash(self, token_hash: str) -> Invitation | None: ...

    async def pending_for_email(
        self, organization_id: OrganizationId, email: Email, now: datetime
    ) -> Invitation | None:
        """The email's pending invitation to the organization (case-insensitive), if any."""
        ...

    async def pending(self, organization_id: OrganizationId, now: datetime) -> list[Invitation]:
        """Neither accepted, revoked nor expired; newest first."""
        ...

    async def add(self, invitation: Invitation) -> None: ...

    async def save(self, invitation: Invitation) -> None: ...
