"""The IntegrationRepository port: Integration aggregates by tenant, and the scheduler's claims."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from umt.domain.integration.integration import Integration, IntegrationId, IntegrationStatus
from umt.domain.integration.platforms import Platform
from umt.domain.shared.ids import OrganizationId


@dataclass(frozen=True, slots=True)
class IntegrationFilter:
    status: IntegrationStatus | None = None
    platform: Platform | None = None


class DueWork(StrEnum):
    """What the scheduler claims: integrations whose tokens or health check are due."""

    REFRESH = "refresh"
    HEALTH_CHECK = "health_check"


@dataclass(frozen=True, slots=True)
class DueIntegration:
    organization_id: OrganizationId
    integration_id: IntegrationId
    due_at: datetime


class IntegrationRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, integration_id: IntegrationId
    ) -> Integration | None: ...

    async def find_active(
        self, organization_id: OrganizationId, platform: Platform, external_account_id: str
    ) -> Integration | None:
        """The one integration that is not revoked for this account, if any."""
        ...

    async def add(self, integration: Integration) -> None:
        """Insert; ``Conflict`` when an active integration of the same account exists."""
        ...

    async def save(self, integration: Integration) -> None:
        """Persist a loaded integration; StaleVersion if another writer saved it meanwhile."""
        ...

    async def list(
        self, organization_id: OrganizationId, filters: IntegrationFilter
    ) -> builtins.list[Integration]:
        """Oldest first (an organization has a handful of integrations: no paging)."""
        ...

    async def claim_due(
        self, work: DueWork, *, now: datetime, retry_at: datetime, limit: int
    ) -> builtins.list[DueIntegration]:
        """Integrations of every organization whose ``work`` is due at ``now``, each moved to
        ``retry_at`` in this transaction so no other scheduler claims it meanwhile (rows
        another transaction holds are skipped). The task that does the work reschedules."""
        ...
