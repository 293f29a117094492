"""Contract of TemplateRepository, run against every adapter (see conftest.uow_factory)."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from tests.contracts.builders import T0, organization, simple_brand
from tests.contracts.conftest import UowFactory

from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.errors import DuplicateTemplateName
from umt.domain.content.template import ContentTemplate, TemplateVariable
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import TemplateId
from umt.ports.pagination import PageRequest
from umt.ports.template_repository import TemplateFilter
from umt.ports.unit_of_work import UnitOfWork


async def setup(factory: UowFactory) -> tuple[Brand, Brand]:
    org = organization()
    first, second = simple_brand(org, "Rockets"), simple_brand(org, "Comets")
    async with factory() as uow:
        await uow.organizations.add(org)
        await uow.brands.add(first)
        await uow.brands.add(second)
        await uow.commit()
    return first, second


def template(brand: Brand, name: str, *, minutes: int = 0, **kw: object) -> ContentTemplate:
    values: dict[str, object] = {
        "id": TemplateId(uuid4()),
        "organization_id": brand.organization_id,
        "name": name,
        "content_type": ContentType.EMAIL,
        "body": "Hi {{ name }}",
        "now": T0 + timedelta(minutes=minutes),
        "variables": (TemplateVariable(name="name", default="there", description="who"),),
    }
    values.update(kw)
    return ContentTemplate.create(**values)  # type: ignore[arg-type]


async def add(factory: UowFactory, *templates: ContentTemplate) -> None:
    async with factory() as uow:
        for t in templates:
            await uow.templates.add(t)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, t: ContentTemplate) -> None:
    await uow.templates.save(t)
    await uow.commit()


class TestTemplateRepository:
    async def test_round_trip_and_tenancy(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup(uow_factory)
        t = template(brand, "Welcome", brand_id=brand.id, channel=Channel.EMAIL, industry="tea")
        await add(uow_factory, t)
        other = organization("Other")
        async with uow_factory() as uow:
            await uow.organizations.add(other)
            await uow.commit()
        async with uow_factory() as uow:
            loaded = await uow.templates.get(brand.organization_id, t.id)
            assert await uow.templates.get(other.id, t.id) is None
            assert (await uow.templates.list(other.id, TemplateFilter(), PageRequest())).items == []
        assert loaded == t
        assert loaded is not None
        assert loaded.variables == t.variables
        assert loaded.events == []

    async def test_names_are_unique_per_organization_ignoring_case(
        self, uow_factory: UowFactory
    ) -> None:
        brand, _ = await setup(uow_factory)
        await add(uow_factory, template(brand, "Welcome"))
        with pytest.raises(DuplicateTemplateName):
            await add(uow_factory, template(brand, "WELCOME"))

    async def test_update_remove_and_stale_writes(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup(uow_factory)
        t = template(brand, "Welcome")
        await add(uow_factory, t)
        async with uow_factory() as slow:
            mine = await slow.templates.get(brand.organization_id, t.id)
            assert mine is not None
            async with uow_factory() as fast:
                theirs = await fast.templates.get(brand.organization_id, t.id)
                assert theirs is not None
                theirs.update({"name": "Hello"}, now=T0)
                await save_and_commit(fast, theirs)
            mine.update({"body": "Hey {{ name }}"}, now=T0)
            with pytest.raises(StaleVersion):
                await save_and_commit(slow, mine)
        async with uow_factory() as uow:
            current = await uow.templates.get(brand.organization_id, t.id)
            assert current is not None
            assert current.name == "Hello"
            current.mark_deleted(now=T0)
            await uow.templates.remove(current)
            await uow.commit()
            assert [e.event_type for e in uow.collect_events()] == ["template.deleted"]
        async with uow_factory() as uow:
            assert await uow.templates.get(brand.organization_id, t.id) is None

    async def test_filters_keep_organization_wide_templates(self, uow_factory: UowFactory) -> None:
        first, second = await setup(uow_factory)
        wide = template(first, "Wide", minutes=0)
        mine = template(first, "Mine", brand_id=first.id, channel=Channel.EMAIL, minutes=1)
        theirs = template(first, "Theirs", brand_id=second.id, industry="tea", minutes=2)
        post = template(first, "Post", content_type=ContentType.SOCIAL_POST, minutes=3)
        await add(uow_factory, wide, mine, theirs, post)
        org = first.organization_id

        async def ids(filters: TemplateFilter, **page: object) -> list[str]:
            async with uow_factory() as uow:
                found = await uow.templates.list(org, filters, PageRequest(**page))  # type: ignore[arg-type]
            return [t.name for t in found.items]

        assert await ids(TemplateFilter(brand_id=first.id)) == ["Wide", "Mine", "Post"]
        assert await ids(TemplateFilter(brand_ids=frozenset({second.id}))) == [
            "Wide",
            "Theirs",
            "Post",
        ]
        assert await ids(TemplateFilter(content_type=ContentType.SOCIAL_POST)) == ["Post"]
        assert await ids(TemplateFilter(channel=Channel.X)) == ["Wide", "Theirs", "Post"]
        assert await ids(TemplateFilter(industry="coffee")) == ["Wide", "Mine", "Post"]
        assert await ids(TemplateFilter(), sort="name") == ["Mine", "Post", "Theirs", "Wide"]
        walked: list[str] = []
        cursor = None
        while True:
            async with uow_factory() as uow:
                page = await uow.templates.list(
                    org, TemplateFilter(), PageRequest(limit=3, cursor=cursor)
                )
            walked.extend(t.name for t in page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
        assert walked == ["Wide", "Mine", "Theirs", "Post"]
