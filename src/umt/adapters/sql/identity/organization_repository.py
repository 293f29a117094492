"""The SQL OrganizationRepository."""

from __future__ import annotations

from sqlalchemy import insert, select

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.identity.mappers import organization_from_row, organization_to_row
from umt.adapters.sql.identity.tables import organizations
from umt.domain.identity.model import Organization
from umt.domain.shared.ids import OrganizationId
from umt.ports.organization_repository import OrganizationRepository


class SqlOrganizationRepository(SqlRepository, OrganizationRepository):
    """Organizations (tenants). Organizations are never updated through this port."""

    async def get(self, organization_id: OrganizationId) -> Organization | None:
        result = await self._execute(
            select(organizations).where(organizations.c.id == organization_id)
        )
        row = result.mappings().first()
        return self._tracker.track(organization_from_row(row)) if row is not None else None

    async def add(self, organization: Organization) -> None:
        await self._execute(insert(organizations), organization_to_row(organization))
        self._tracker.track(organization)
