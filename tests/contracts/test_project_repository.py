"""Contract of ProjectRepository, run against every adapter (see conftest.uow_factory)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest
from tests.contracts.builders import (
    T0,
    full_project,
    organization,
    simple_brand,
    simple_project,
    store,
    user,
)
from tests.contracts.conftest import UowFactory

from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project, ProjectStatus, ProjectType
from umt.domain.identity.model import Organization, User
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import OrganizationId
from umt.ports.pagination import PageRequest
from umt.ports.project_repository import ProjectFilter
from umt.ports.unit_of_work import UnitOfWork

LATER = T0 + timedelta(hours=1)


async def setup_brand(factory: UowFactory) -> tuple[Brand, User]:
    """An organization with one brand and one user, committed."""
    org = organization()
    brand = simple_brand(org, "Rockets")
    member = user()
    async with factory() as uow:
        await uow.organizations.add(org)
        await uow.brands.add(brand)
        await uow.users.add(member)
        await uow.commit()
    return brand, member


async def add_projects(factory: UowFactory, *projects: Project) -> None:
    async with factory() as uow:
        for project in projects:
            await uow.projects.add(project)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, project: Project) -> None:
    """An adapter may detect a conflict when saving or only when committing: both count."""
    await uow.projects.save(project)
    await uow.commit()


async def load(factory: UowFactory, project: Project) -> Project:
    async with factory() as uow:
        loaded = await uow.projects.get(project.organization_id, project.id)
    assert loaded is not None
    return loaded


async def list_ids(
    factory: UowFactory,
    org_id: OrganizationId,
    *,
    sort: str = "created_at",
    descending: bool = False,
    limit: int = 3,
) -> list[UUID]:
    """Walk every page of an unfiltered listing and return the ids in the order served."""
    collected: list[UUID] = []
    cursor = None
    for _ in range(20):
        request = PageRequest(limit=limit, cursor=cursor, sort=sort, descending=descending)
        async with factory() as uow:
            result = await uow.projects.list(org_id, ProjectFilter(), request)
        assert len(result.items) <= limit
        collected.extend(p.id for p in result.items)
        cursor = result.next_cursor
        if cursor is None:
            return collected
    raise AssertionError("pagination did not terminate")


class TestProjectRepository:
    async def test_every_field_survives_a_round_trip(self, uow_factory: UowFactory) -> None:
        brand, member = await setup_brand(uow_factory)
        project = full_project(brand, member)
        await add_projects(uow_factory, project)

        loaded = await load(uow_factory, project)

        assert loaded == project
        assert loaded.goals == project.goals
        assert loaded.start_date == date(2025, 4, 1)
        assert loaded.assignee_id == member.id
        assert loaded.events == []

    async def test_another_organization_sees_nothing(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        project = simple_project(brand, "Launch")
        await add_projects(uow_factory, project)
        other = organization("Other")
        await store(uow_factory(), other)

        async with uow_factory() as uow:
            assert await uow.projects.get(other.id, project.id) is None
            page = await uow.projects.list(other.id, ProjectFilter(), PageRequest())
            assert page.items == []
            assert await uow.projects.count_for_brand(other.id, brand.id) == 0

    async def test_changes_persist(self, uow_factory: UowFactory) -> None:
        brand, member = await setup_brand(uow_factory)
        project = simple_project(brand, "Launch")
        await add_projects(uow_factory, project)

        async with uow_factory() as uow:
            loaded = await uow.projects.get(brand.organization_id, project.id)
            assert loaded is not None
            loaded.update({"name": "Big launch", "end_date": date(2025, 12, 31)}, now=LATER)
            loaded.assign(member.id, now=LATER)
            loaded.transition_to(ProjectStatus.ACTIVE, now=LATER)
            await uow.projects.save(loaded)
            await uow.commit()

        again = await load(uow_factory, project)
        assert again == loaded
        assert again.version == 4
        assert again.status is ProjectStatus.ACTIVE

    async def test_a_concurrent_save_is_stale(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        project = simple_project(brand, "Launch")
        await add_projects(uow_factory, project)
        org_id = brand.organization_id

        async with uow_factory() as first:
            mine = await first.projects.get(org_id, project.id)
            assert mine is not None
            async with uow_factory() as second:
                theirs = await second.projects.get(org_id, project.id)
                assert theirs is not None
                theirs.transition_to(ProjectStatus.ACTIVE, now=LATER)
                await second.projects.save(theirs)
                await second.commit()
            mine.update({"name": "Mine"}, now=LATER)
            with pytest.raises(StaleVersion):
                await save_and_commit(first, mine)

        assert (await load(uow_factory, project)).status is ProjectStatus.ACTIVE

    async def test_remove_and_count_for_brand(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        first, second = simple_project(brand, "One"), simple_project(brand, "Two")
        await add_projects(uow_factory, first, second)
        org_id = brand.organization_id

        async with uow_factory() as uow:
            assert await uow.projects.count_for_brand(org_id, brand.id) == 2
            loaded = await uow.projects.get(org_id, first.id)
            assert loaded is not None
            loaded.mark_deleted(now=LATER)
            await uow.projects.remove(loaded)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.projects.get(org_id, first.id) is None
            assert await uow.projects.count_for_brand(org_id, brand.id) == 1

    async def test_list_filters(self, uow_factory: UowFactory) -> None:
        brand, member = await setup_brand(uow_factory)
        other_brand = simple_brand(_org_of(brand), "Shoes")
        await store(uow_factory(), brands=(other_brand,))
        launch = simple_project(brand, "Launch", project_type=ProjectType.PRODUCT_LAUNCH)
        event = simple_project(brand, "Event")
        series = simple_project(other_brand, "Series", project_type=ProjectType.CONTENT_SERIES)
        series.assign(member.id, now=T0)
        event.transition_to(ProjectStatus.ACTIVE, now=T0)
        await add_projects(uow_factory, launch, event, series)
        org_id = brand.organization_id

        async def names(filters: ProjectFilter) -> set[str]:
            async with uow_factory() as uow:
                page = await uow.projects.list(org_id, filters, PageRequest())
            return {p.name for p in page.items}

        assert await names(ProjectFilter()) == {"Launch", "Event", "Series"}
        assert await names(ProjectFilter(brand_id=brand.id)) == {"Launch", "Event"}
        assert await names(ProjectFilter(status=ProjectStatus.ACTIVE)) == {"Event"}
        assert await names(ProjectFilter(project_type=ProjectType.CONTENT_SERIES)) == {"Series"}
        assert await names(ProjectFilter(assignee_id=member.id)) == {"Series"}
        assert await names(ProjectFilter(brand_id=brand.id, status=ProjectStatus.PLANNED)) == {
            "Launch"
        }

    @pytest.mark.parametrize("sort", ["created_at", "updated_at", "name", "start_date"])
    @pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
    async def test_keyset_pagination_serves_every_project_once_in_order(
        self, uow_factory: UowFactory, sort: str, descending: bool
    ) -> None:
        brand, _ = await setup_brand(uow_factory)
        specs = [
            ("Kickoff", 0, date(2025, 5, 1)),
            ("kickoff", 0, date(2025, 5, 1)),
            ("Ärger", 1, date(2025, 1, 31)),
            ("Zebra", 1, date(2025, 5, 1)),
            ("apple", 2, date(2024, 12, 1)),
            ("Banana", 3, date(2026, 1, 1)),
            ("banana", 3, date(2025, 2, 28)),
        ]
        projects = [
            simple_project(brand, name, now=T0 + timedelta(seconds=created), start=start)
            for name, created, start in specs
        ]
        for index, project in enumerate(projects):
            project.updated_at = T0 + timedelta(minutes=index % 3, microseconds=index)
        await add_projects(uow_factory, *projects)

        listed = await list_ids(
            uow_factory, brand.organization_id, sort=sort, descending=descending
        )

        expected = sorted(projects, key=lambda p: (getattr(p, sort), str(p.id)), reverse=descending)
        assert listed == [p.id for p in expected]

    async def test_projects_without_start_date_are_left_out_of_that_sort(
        self, uow_factory: UowFactory
    ) -> None:
        brand, _ = await setup_brand(uow_factory)
        dated = simple_project(brand, "Dated", start=date(2025, 1, 1))
        undated = simple_project(brand, "Undated")
        await add_projects(uow_factory, dated, undated)
        org_id = brand.organization_id

        by_start = await list_ids(uow_factory, org_id, sort="start_date")
        by_name = await list_ids(uow_factory, org_id, sort="name")

        assert by_start == [dated.id]
        assert by_name == [dated.id, undated.id]


def _org_of(brand: Brand) -> Organization:
    """A stand-in Organization carrying the brand's id, for building sibling brands."""
    org = organization()
    org.id = brand.organization_id
    return org
