"""Audit entries: immutable records of a state change or an authentication event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

REDACTED = "[redacted]"
# A key naming any of these is a secret wherever it appears in before/after data.
_SECRET_MARKERS = (
    "password",
    "token",
    "secret",
    "credential",
    "api_key",
    "apikey",
    "authorization",
    "private_key",
    "hash",
)


class ActorType(StrEnum):
    USER = "user"
    API_KEY = "api_key"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted: a user, an API key (with the user who created it), the system itself, or
    an anonymous caller (a failed sign-in)."""

    type: ActorType
    id: UUID | None = None
    # for an API key: the user who created it, so "which person is behind this" is one look
    on_behalf_of: UUID | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorType.SYSTEM)

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(ActorType.ANONYMOUS)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    id: UUID
    organization_id: UUID | None  # None for an event outside any tenant (an unknown email)
    actor: Actor
    action: str  # e.g. brand.updated, auth.sign_in_failed
    resource_type: str
    resource_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    ip: str | None
    user_agent: str | None
    trace_id: str | None
    request_id: str | None
    occurred_at: datetime


def redact(value: Any) -> Any:
    """``value`` with the value of every key that names a secret replaced by "[redacted]"."""
    if isinstance(value, dict):
        return {
            key: REDACTED if is_secret_key(str(key)) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value


def is_secret_key(key: str) -> bool:
    lowered = key.lower().replace("-", "_")
    return any(marker in lowered for marker in _SECRET_MARKERS)
