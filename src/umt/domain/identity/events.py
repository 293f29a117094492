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
