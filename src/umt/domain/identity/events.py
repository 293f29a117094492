"""Events of the identity context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganizationCreated(DomainEvent):
    event_type: ClassVar[str] = "identity.organization_created"
    aggregate_type: ClassVar[str] = "organization"


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRegistered(DomainEvent):
    event_type: ClassVar[str] = "identity.user_registered"
    aggregate_type: ClassVar[str] = "user"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberAdded(DomainEvent):
    event_type: ClassVar[str] = "identity.member_added"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyCreated(DomainEvent):
    event_type: ClassVar[str] = "identity.api_key_created"
    aggregate_type: ClassVar[str] = "api_key"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyRevoked(DomainEvent):
    event_type: ClassVar[str] = "identity.api_key_revoked"
    aggregate_type: ClassVar[str] = "api_key"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRoleChanged(DomainEvent):
    event_type: ClassVar[str] = "identity.member_role_changed"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberScopeChanged(DomainEvent):
    """The brands a member may reach changed (``brand_ids`` None: all of them)."""

    event_type: ClassVar[str] = "identity.member_scope_changed"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRemoved(DomainEvent):
    event_type: ClassVar[str] = "identity.member_removed"
    aggregate_type: ClassVar[str] = "membership"


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnershipTransferred(DomainEvent):
    event_type: ClassVar[str] = "identity.ownership_transferred"
    aggregate_type: ClassVar[str] = "organization"


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationSent(DomainEvent):
    """Never carries the token: events are published, tokens stay with the invitee."""

    event_type: ClassVar[str] = "identity.invitation_sent"
    aggregate_type: ClassVar[str] = "invitation"


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationRevoked(DomainEvent):
    event_type: ClassVar[str] = "identity.invitation_revoked"
    aggregate_type: ClassVar[str] = "invitation"


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationAccepted(DomainEvent):
    event_type: ClassVar[str] = "identity.invitation_accepted"
    aggregate_type: ClassVar[str] = "invitation"
