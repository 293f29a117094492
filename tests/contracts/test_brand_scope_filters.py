"""Contracts of the brand-scope filters on brand and project lists (a member limited to some
brands), run against memory, SQLite and PostgreSQL."""

from __future__ import annotations

from tests.contracts.builders import new_id, organization, simple_brand, simple_project, store
from tests.contracts.conftest import UowFactory

from umt.domain.shared.ids import BrandId
from umt.ports.brand_repository import BrandFilter
from umt.ports.pagination import PageRequest
from umt.ports.project_repository import ProjectFilter


async def test_lists_keep_only_the_scoped_brands(uow_factory: UowFactory) -> None:
    acme = organization()
    one, two, three = (simple_brand(acme, name) for name in ("One", "Two", "Three"))
    await store(uow_factory(), acme, brands=(one, two, three))
    projects = [simple_project(b, f"P {b.name}") for b in (one, two, three)]
    async with uow_factory() as uow:
        for project in projects:
            await uow.projects.add(project)
        await uow.commit()
    page = PageRequest(limit=50, sort="name")

    async with uow_factory() as uow:
        scoped = await uow.brands.list(
            acme.id, BrandFilter(brand_ids=frozenset({one.id, three.id})), page
        )
        assert [b.name for b in scoped.items] == ["One", "Three"]
        every = await uow.brands.list(acme.id, BrandFilter(brand_ids=None), page)
        assert len(every.items) == 3
        nothing = await uow.brands.list(acme.id, BrandFilter(brand_ids=frozenset()), page)
        assert nothing.items == []
        unknown = frozenset({BrandId(new_id())})
        assert (await uow.brands.list(acme.id, BrandFilter(brand_ids=unknown), page)).items == []

        listed = await uow.projects.list(
            acme.id, ProjectFilter(brand_ids=frozenset({two.id})), page
        )
        assert [p.name for p in listed.items] == ["P Two"]
        both = ProjectFilter(brand_id=one.id, brand_ids=frozenset({two.id}))
        assert (await uow.projects.list(acme.id, both, page)).items == []
        none = await uow.projects.list(acme.id, ProjectFilter(brand_ids=frozenset()), page)
        assert none.items == []
