"""Events of the integration context. Their data never holds a credential."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationConnected(DomainEvent):
    """A connection works (first connect, a reconnect, or recovered after an error)."""

    event_type: ClassVar[str] = "integration.connected"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationTokensRefreshed(DomainEvent):
    event_type: ClassVar[str] = "integration.tokens_refreshed"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationNeedsReauth(DomainEvent):
    """The grant stopped working; a person must connect the account again."""

    event_type: ClassVar[str] = "integration.needs_reauth"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationFailed(DomainEvent):
    """The platform fails for a reason a new grant would not fix (an outage, a refusal)."""

    event_type: ClassVar[str] = "integration.failed"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationRevoked(DomainEvent):
    event_type: ClassVar[str] = "integration.revoked"
    aggregate_type: ClassVar[str] = "integration"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationHealthChecked(DomainEvent):
    """Recorded when a health check's result differs from the previous one."""

    event_type: ClassVar[str] = "integration.health_checked"
    aggregate_type: ClassVar[str] = "integration"
