"""In-memory Project repository."""

from __future__ import annotations

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.brand.project import Project
from umt.domain.shared.ids import BrandId, OrganizationId, ProjectId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.pagination import Page, PageRequest, paginate
from umt.ports.project_repository import ProjectFilter, ProjectRepository


class InMemoryProjectRepository(InMemoryRepository, ProjectRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[ProjectId, int] = {}

    async def get(self, organization_id: OrganizationId, project_id: ProjectId) -> Project | None:
        stored = self._store.projects.get(project_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[project_id] = stored.version
        return self._tracker.track(detached(stored))

    async def add(self, project: Project) -> None:
        snapshot = detached(project)
        self._tx.stage(lambda: self._store.projects.__setitem__(project.id, snapshot))
        self._loaded[project.id] = project.version
        self._tracker.track(project)

    async def save(self, project: Project) -> None:
        check = version_check(self._store.projects, project.id, self._loaded[project.id], "project")
        snapshot = detached(project)
        self._tx.stage(lambda: self._store.projects.__setitem__(project.id, snapshot), check)
        self._loaded[project.id] = project.version
        self._tracker.track(project)

    async def remove(self, project: Project) -> None:
        check = version_check(self._store.projects, project.id, self._loaded[project.id], "project")
        self._tx.stage(lambda: self._store.projects.pop(project.id, None), check)
        self._tracker.track(project)

    async def count_for_brand(self, organization_id: OrganizationId, brand_id: BrandId) -> int:
        return sum(
            1
            for p in self._store.projects.values()
            if p.organization_id == organization_id and p.brand_id == brand_id
        )

    async def list(
        self, organization_id: OrganizationId, filters: ProjectFilter, page: PageRequest
    ) -> Page[Project]:
        matching = [
            p
            for p in self._store.projects.values()
            if p.organization_id == organization_id
            and (filters.brand_id is None or p.brand_id == filters.brand_id)
            and (filters.status is None or p.status == filters.status)
            and (filters.project_type is None or p.project_type == filters.project_type)
            and (filters.assignee_id is None or p.assignee_id == filters.assignee_id)
            and (filters.brand_ids is None or p.brand_id in filters.brand_ids)
        ]
        if page.sort == "start_date":
            # Projects without a start date cannot be ordered by it; like SQL's WHERE on a
            # NULL key, they are left out of a listing sorted by start date.
            matching = [p for p in matching if p.start_date is not None]
        result = paginate(
            matching, page, sort_value=lambda p: getattr(p, page.sort), item_id=lambda p: p.id
        )
        return Page(items=[detached(p) for p in result.items], next_cursor=result.next_cursor)
