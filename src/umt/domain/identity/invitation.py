"""Invitations: an admin asks someone, by email, to join the organization with a role.

The invitee proves they received the mail with a single-use token that expires; only its hash
is stored (like refresh tokens), so a leaked table lets nobody in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.domain.identity.errors import InvitationInvalid
from umt.domain.identity.events import (
    InvitationAccepted,
    InvitationRevoked,
    InvitationSent,
    InvitationTerms,
    InvitationUse,
    RevokedBy,
)
from umt.domain.identity.model import BrandScope, check_brand_scope, scope_data
from umt.domain.identity.permissions import Role
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.ids import OrganizationId, UserId
from umt.domain.shared.values import Email

InvitationId = UUID


@dataclass(slots=True, kw_only=True)
class Invitation(AggregateRoot):
    id: InvitationId
    organization_id: OrganizationId
    email: Email
    role: Role
    brand_scope: BrandScope = None
    token_hash: str
    invited_by: UserId
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None
    accepted_by: UserId | None = None
    revoked_at: datetime | None = None

    @classmethod
    def send(
        cls,
        *,
        id: InvitationId,
        organization_id: OrganizationId,
        email: Email,
        role: Role,
        brand_scope: BrandScope,
        token_hash: str,
        invited_by: UserId,
        now: datetime,
        expires_at: datetime,
    ) -> Invitation:
        check_brand_scope(role, brand_scope)
        invitation = cls(
            id=id,
            organization_id=organization_id,
            email=email,
            role=role,
            brand_scope=brand_scope,
            token_hash=token_hash,
            invited_by=invited_by,
            created_at=now,
            expires_at=expires_at,
        )
        invitation._sent(now)
        return invitation

    def renew(
        self,
        *,
        role: Role,
        brand_scope: BrandScope,
        token_hash: str,
        invited_by: UserId,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        """Inviting a pending email again: a new token (the old one stops working)."""
        check_brand_scope(role, brand_scope)
        self.role, self.brand_scope = role, brand_scope
        self.token_hash, self.invited_by = token_hash, invited_by
        self.created_at, self.expires_at = now, expires_at
        self._sent(now)

    def is_pending(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at

    def accept(self, *, user_id: UserId, now: datetime) -> None:
        if not self.is_pending(now):
            raise InvitationInvalid(_INVALID)
        self.accepted_at, self.accepted_by = now, user_id
        self.events.append(
            InvitationAccepted.of(
                InvitationUse(user_id=user_id, role=self.role.value),
                aggregate_id=self.id,
                organization_id=self.organization_id,
                occurred_at=now,
            )
        )

    def revoke(self, *, revoked_by: UserId, now: datetime) -> None:
        if self.accepted_at is not None or self.revoked_at is not None:
            raise InvitationInvalid("the invitation was already accepted or revoked")
        self.revoked_at = now
        self.events.append(
            InvitationRevoked.of(
                RevokedBy(revoked_by=revoked_by),
                aggregate_id=self.id,
                organization_id=self.organization_id,
                occurred_at=now,
            )
        )

    def _sent(self, now: datetime) -> None:
        self.events.append(
            InvitationSent.of(
                InvitationTerms(
                    email=self.email.value,
                    role=self.role.value,
                    brand_ids=scope_data(self.brand_scope),
                    invited_by=self.invited_by,
                    expires_at=self.expires_at,
                ),
                aggregate_id=self.id,
                organization_id=self.organization_id,
                occurred_at=now,
            )
        )


_INVALID = "the invitation is invalid, expired, revoked or already used"


def invalid_invitation() -> InvitationInvalid:
    """The one error for every unusable token."""
    return InvitationInvalid(_INVALID)
