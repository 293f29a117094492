"""Events of the integration context. Their data never holds a credential."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from umt.domain.shared.events import EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class Connection(EventFacts):
    """The account a connection works for, its granted scopes, and whether it was a reconnect."""

    platform: str
    account_id: str
    account_name: str
    scopes: list[str]
    reconnected: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TokensRefresh(EventFacts):
    """When the refreshed tokens expire (the audit log redacts it)."""

    platform: str
    token_expires_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformReason(EventFacts):
    """Why a platform's connection stopped working (an ``ErrorReason`` value)."""

    platform: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthCheck(EventFacts):
    """A health check's result (``reason`` None when it passed) and the status after it."""

    platform: str
    ok: bool
    reason: str | None
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformRef(EventFacts):
    platform: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationConnected(TypedEvent[Connection]):
    """A connection works (first connect, a reconnect, or recovered after an error)."""

    event_type: ClassVar[str] = "integration.connected"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationTokensRefreshed(TypedEvent[TokensRefresh]):
    event_type: ClassVar[str] = "integration.tokens_refreshed"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationNeedsReauth(TypedEvent[PlatformReason]):
    """The grant stopped working; a person must connect the account again."""

    event_type: ClassVar[str] = "integration.needs_reauth"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationFailed(TypedEvent[PlatformReason]):
    """The platform fails for a reason a new grant would not fix (an outage, a refusal)."""

    event_type: ClassVar[str] = "integration.failed"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationRevoked(TypedEvent[PlatformRef]):
    event_type: ClassVar[str] = "integration.revoked"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationHealthChecked(TypedEvent[HealthCheck]):
    """Recorded when a health check's result differs from the previous one."""

    event_type: ClassVar[str] = "integration.health_checked"
    aggregate_type: ClassVar[str] = "integration"
