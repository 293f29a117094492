"""Read models of platform integrations handed to callers outside the application (the
library); credentials never sit on an integration. See ``umt.application.read_models`` for
what a view guarantees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.application.read_models import snapshot
from umt.domain.integration.errors import ErrorReason
from umt.domain.integration.integration import (
    Account,
    HealthResult,
    Integration,
    IntegrationId,
    IntegrationStatus,
)
from umt.domain.integration.platforms import Platform
from umt.domain.shared.ids import OrganizationId, UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationView:
    """A connection to a platform account, its status and schedule."""

    id: IntegrationId
    organization_id: OrganizationId
    platform: Platform
    created_by: UserId
    created_at: datetime
    updated_at: datetime
    account: Account | None
    scopes: frozenset[str]
    status: IntegrationStatus
    error_reason: ErrorReason | None
    connected_at: datetime | None
    token_expires_at: datetime | None
    last_sync_at: datetime | None
    last_health: HealthResult | None
    next_refresh_at: datetime | None
    next_health_check_at: datetime | None
    version: int

    @classmethod
    def from_aggregate(cls, integration: Integration) -> IntegrationView:
        return snapshot(cls, integration)

    @property
    def is_active(self) -> bool:
        return self.status is not IntegrationStatus.REVOKED
