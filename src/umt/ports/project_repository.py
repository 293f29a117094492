"""The ProjectRepository port: Project aggregates by tenant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from umt.domain.brand.project import Project, ProjectStatus, ProjectType
from umt.domain.shared.ids import BrandId, OrganizationId, ProjectId, UserId
from umt.ports.pagination import Page, PageRequest

PROJECT_SORTS = frozenset({"created_at", "updated_at", "name", "start_date"})


@dataclass(frozen=True, slots=True)
class ProjectFilter:
    brand_id: BrandId | None = None
    status: ProjectStatus | None = None
    project_type: ProjectType | None = None
    assignee_id: UserId | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand


class ProjectRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, project_id: ProjectId
    ) -> Project | None: ...

    async def add(self, project: Project) -> None: ...

    async def save(self, project: Project) -> None:
        """Persist a loaded project; raises StaleVersion if another writer saved it meanwhile."""
        ...

    async def remove(self, project: Project) -> None: ...

    async def count_for_brand(self, organization_id: OrganizationId, brand_id: BrandId) -> int: ...

    async def list(
        self, organization_id: OrganizationId, filters: ProjectFilter, page: PageRequest
    ) -> Page[Project]: ...
