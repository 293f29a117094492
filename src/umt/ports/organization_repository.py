"""The OrganizationRepository port."""

from __future__ import annotations

from typing import Protocol

from umt.domain.identity.model import Organization
from umt.domain.shared.ids import OrganizationId


class OrganizationRepository(Protocol):
    async def get(self, organization_id: OrganizationId) -> Organization | None: ...

    async def add(self, organization: Organization) -> None: ...
