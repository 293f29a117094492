"""The SQL ProjectRepository."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.brand.mappers import project_from_row, project_to_row
from umt.adapters.sql.brand.tables import projects
from umt.adapters.sql.keyset import (
    SortKey,
    build_page,
    paginate_query,
    parse_date,
    parse_datetime,
    parse_text,
)
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.brand.project import Project
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId, ProjectId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.pagination import Page, PageRequest
from umt.ports.project_repository import ProjectFilter, ProjectRepository

SORT_KEYS = {
    "created_at": SortKey(projects.c.created_at, parse_datetime),
    "updated_at": SortKey(projects.c.updated_at, parse_datetime),
    "name": SortKey(projects.c.name, parse_text),
    "start_date": SortKey(projects.c.start_date, parse_date),
}

_IMMUTABLE = ("id", "organization_id", "created_at")


def _stale(project: Project) -> StaleVersion:
    return StaleVersion(f"project {project.id} was changed meanwhile; reload and retry")


class SqlProjectRepository(SqlRepository, ProjectRepository):
    """Projects, saved with an optimistic check against the version loaded in this unit."""

    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}

    async def get(self, organization_id: OrganizationId, project_id: ProjectId) -> Project | None:
        result = await self._execute(
            select(projects).where(
                projects.c.id == project_id, projects.c.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        if row is None:
            return None
        project = project_from_row(row)
        self._track(project)
        return project

    async def add(self, project: Project) -> None:
        await self._execute(insert(projects), project_to_row(project))
        self._track(project)

    async def save(self, project: Project) -> None:
        expected = self._loaded_versions.get(id(project))
        condition = (projects.c.id == project.id) & (
            projects.c.organization_id == project.organization_id
        )
        if expected is not None:
            condition &= projects.c.version == expected
        # else: not loaded by this unit of work, so there is no baseline; last writer wins.
        values = {k: v for k, v in project_to_row(project).items() if k not in _IMMUTABLE}
        result = await self._execute(update(projects).where(condition).values(values))
        if result.rowcount == 0:
            raise _stale(project)
        self._track(project)

    async def remove(self, project: Project) -> None:
        expected = self._loaded_versions.pop(id(project), project.version)
        result = await self._execute(
            delete(projects).where(
                projects.c.id == project.id,
                projects.c.organization_id == project.organization_id,
                projects.c.version == expected,
            )
        )
        if result.rowcount == 0:
            raise _stale(project)
        self._tracker.track(project)  # so its ProjectDeleted event is still collected

    async def count_for_brand(self, organization_id: OrganizationId, brand_id: BrandId) -> int:
        result = await self._execute(
            select(func.count())
            .select_from(projects)
            .where(projects.c.organization_id == organization_id, projects.c.brand_id == brand_id)
        )
        return int(result.scalar_one())

    async def list(
        self, organization_id: OrganizationId, filters: ProjectFilter, page: PageRequest
    ) -> Page[Project]:
        query = select(projects).where(projects.c.organization_id == organization_id)
        if filters.brand_id is not None:
            query = query.where(projects.c.brand_id == filters.brand_id)
        if filters.status is not None:
            query = query.where(projects.c.status == filters.status.value)
        if filters.project_type is not None:
            query = query.where(projects.c.project_type == filters.project_type.value)
        if filters.assignee_id is not None:
            query = query.where(projects.c.assignee_id == filters.assignee_id)
        if filters.brand_ids is not None:
            query = query.where(projects.c.brand_id.in_(sorted(filters.brand_ids)))
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=projects.c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(query)
        items = [project_from_row(row) for row in result.mappings()]
        for project in items:
            self._track(project)
        return build_page(
            items, page, sort_value=lambda p: getattr(p, page.sort), item_id=lambda p: p.id
        )

    def _track(self, project: Project) -> None:
        self._tracker.track(project)
        self._loaded_versions[id(project)] = project.version
