"""Contract of the BrandReader port, run against memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.contracts.builders import T0, full_brand, organization, store

from umt.application.brand.views import brand_view
from umt.ports.brand_reader import BrandReader
from umt.ports.unit_of_work import UnitOfWork

Pair = tuple[BrandReader, Callable[[], UnitOfWork]]


class TestBrandReader:
    async def test_view_equals_the_stored_aggregate(self, reader_and_uow: Pair) -> None:
        reader, uow_factory = reader_and_uow
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))
        view = await reader.get(org.id, brand.id)
        assert view == brand_view(brand)

    async def test_other_tenants_and_unknown_ids_read_nothing(self, reader_and_uow: Pair) -> None:
        reader, uow_factory = reader_and_uow
        org, other = organization("Acme"), organization("Globex")
        brand = full_brand(org)
        await store(uow_factory(), org, other, brands=(brand,))
        assert await reader.get(other.id, brand.id) is None
        assert await reader.get(org.id, other.id) is None

    async def test_reads_see_committed_changes(self, reader_and_uow: Pair) -> None:
        reader, uow_factory = reader_and_uow
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))
        async with uow_factory() as uow:
            loaded = await uow.brands.get(org.id, brand.id)
            assert loaded is not None
            loaded.update({"industry": "tea"}, now=T0 + timedelta(hours=1))
            await uow.brands.save(loaded)
            await uow.commit()
        view = await reader.get(org.id, brand.id)
        assert view is not None
        assert (view.industry, view.version) == ("tea", brand.version + 1)
