"""Events of the identity context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganizationNamed(EventFacts):
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class UserEmail(EventFacts):
    email: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberGranted(EventFacts):
    """A membership granted; ``brand_ids`` sorted, or None for every brand."""

    user_id: UUID
    role: str
    brand_ids: list[str] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleChange(EventFacts):
    user_id: UUID
    changed_by: UUID
    from_: str
    to: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScopeChange(EventFacts):
    """A member's new brand scope (sorted ids, or None for every brand)."""

    user_id: UUID
    changed_by: UUID
    brand_ids: list[str] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberGone(EventFacts):
    user_id: UUID
    role: str
    removed_by: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnershipMove(EventFacts):
    """The owner before (now an admin) and the new owner."""

    from_: UUID
    to: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationTerms(EventFacts):
    """An invitation sent (or sent again): to whom, as what, by whom, until when."""

    email: str
    role: str
    brand_ids: list[str] | None
    invited_by: UUID
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationUse(EventFacts):
    user_id: UUID
    role: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokedBy(EventFacts):
    revoked_by: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyIssued(EventFacts):
    """A key issued: its name, scopes (sorted), expiry as ISO text and its creator."""

    name: str
    scopes: list[str]
    expires_at: str
    created_by: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyNamed(EventFacts):
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganizationCreated(TypedEvent[OrganizationNamed]):
    event_type: ClassVar[str] = "identity.organization_created"
    aggregate_type: ClassVar[str] = "organization"


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRegistered(TypedEvent[UserEmail]):
    event_type: ClassVar[str] = "identity.user_registered"
    aggregate_type: ClassVar[str] = "user"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberAdded(TypedEvent[MemberGranted]):
    event_type: ClassVar[str] = "identity.member_added"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyCreated(TypedEvent[ApiKeyIssued]):
    event_type: ClassVar[str] = "identity.api_key_created"
    aggregate_type: ClassVar[str] = "api_key"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyRevoked(TypedEvent[ApiKeyNamed]):
    event_type: ClassVar[str] = "identity.api_key_revoked"
    aggregate_type: ClassVar[str] = "api_key"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRoleChanged(TypedEvent[RoleChange]):
    event_type: ClassVar[str] = "identity.member_role_changed"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberScopeChanged(TypedEvent[ScopeChange]):
    """The brands a member may reach changed (``brand_ids`` None: all of them)."""

    event_type: ClassVar[str] = "identity.member_scope_changed"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRemoved(TypedEvent[MemberGone]):
    event_type: ClassVar[str] = "identity.member_removed"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnershipTransferred(TypedEvent[OwnershipMove]):
    event_type: ClassVar[str] = "identity.ownership_transferred"
    aggregate_type: ClassVar[str] = "organization"


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationSent(TypedEvent[InvitationTerms]):
    """Never carries the token: events are published, tokens stay with the invitee."""

    event_type: ClassVar[str] = "identity.invitation_sent"
    aggregate_type: ClassVar[str] = "invitation"


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationRevoked(TypedEvent[RevokedBy]):
    event_type: ClassVar[str] = "identity.invitation_revoked"
    aggregate_type: ClassVar[str] = "invitation"


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationAccepted(TypedEvent[InvitationUse]):
    event_type: ClassVar[str] = "identity.invitation_accepted"
    aggregate_type: ClassVar[str] = "invitation"
